//! Writes N school files (one `msoko-school` contribution each, wide layout, Excel profile) into
//! DIR, for timing the command line at a region's scale:
//! `cargo run --release -p otsenka-cli --example make_school_files -- 40000 /tmp/schools`,
//! then `/usr/bin/time -v target/release/otsenka summary /tmp/schools > /dev/null`.

use exchange::{export, ExportMeta, Layout, Profile};

#[path = "../../exchange/benches/sample.rs"]
mod sample;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(args.get(1).map_or("schools", String::as_str));
    let template = match templates::by_id("msoko-school") {
        Some(Ok(t)) => t,
        other => panic!("msoko-school must load: {other:?}"),
    };
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let meta = ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
    };
    let mut list = sample::sample(&template, count);
    for (n, a) in list.iter_mut().enumerate() {
        // Distinct schools, so the summary has one row per file.
        a.respondent
            .insert("school_name".into(), format!("Школа № {n}"));
        a.respondent.insert("inn".into(), String::new());
        a.respondent
            .insert("fis_oko_login".into(), format!("sch{n:08}"));
        let bytes = export(
            &template,
            std::slice::from_ref(a),
            Layout::Wide,
            Profile::ExcelRu,
            &meta,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join(format!("school-{n:05}.csv"));
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    println!("{count} files in {}", dir.display());
}
