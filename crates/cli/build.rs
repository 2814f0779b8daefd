//! Carries the built app inside `otsenka` for `otsenka hall` (issue 21): when
//! `OTSENKA_HALL_APP` names a `trunk build` output folder, every file in it is embedded with
//! `include_bytes!` in a table (path, content type, bytes); unset, the table is empty and
//! `otsenka hall` says the binary was built without the app. `cargo xtask hall` sets it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() {
    println!("cargo:rerun-if-env-changed=OTSENKA_HALL_APP");
    let mut table = String::from("pub static FILES: &[(&str, &str, &[u8])] = &[\n");
    if let Some(dir) = std::env::var_os("OTSENKA_HALL_APP").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        // A directory here makes cargo look at every file under it.
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut list = Vec::new();
        if let Err(e) = files(&dir, &mut list) {
            panic!("OTSENKA_HALL_APP={}: {e}", dir.display());
        }
        list.sort();
        for path in list {
            let Ok(relative) = path.strip_prefix(&dir) else {
                continue;
            };
            let url: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let absolute = path.canonicalize().unwrap_or(path.clone());
            let _ = writeln!(
                table,
                "    ({:?}, {:?}, include_bytes!({:?})),",
                format!("/{}", url.join("/")),
                content_type(&path),
                absolute.display().to_string()
            );
        }
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("app_files.rs");
    if let Err(e) = std::fs::write(&out, table) {
        panic!("{}: {e}", out.display());
    }
}
