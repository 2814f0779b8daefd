//! Reading: the templates a run knows, and every file read on every core and handed back in
//! file order.

use std::path::{Path, PathBuf};

use exchange::read_one;
use model::{Assessment, Template};

use model::Lang;

/// The built-in templates and the files given with `--template`.
pub fn templates(files: &[PathBuf], lang: Lang) -> Result<Vec<Template>, String> {
    // The current built-in versions and the earlier ones (files made on them still read).
    let mut all = templates::all().map_err(|e| e.to_string())?;
    all.extend(templates::archived().map_err(|e| e.to_string())?);
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let t = Template::from_json(&text)
            .map_err(|e| format!("{}: {}", path.display(), wording::template_error(&e, lang)))?;
        all.push(t);
    }
    Ok(all)
}

/// What one file gave: its report, assessments and warnings, or its problems.
pub type FileOutcome = Result<
    (
        exchange::FileReport,
        Vec<Assessment>,
        Vec<exchange::Problem>,
    ),
    Vec<exchange::Problem>,
>;

/// Reads each file and hands over what it gave, in file order.
pub fn each_file(
    paths: &[PathBuf],
    templates: &[Template],
    on_file: &mut dyn FnMut(&Path, FileOutcome),
) {
    each_file_mapped(paths, templates, &|_, got| got, on_file);
}

fn read_path(path: &Path, templates: &[Template]) -> FileOutcome {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_one(&name, &bytes, templates),
        Err(e) => Err(vec![unreadable(&name, &e)]),
    }
}

/// Reads the files on every core: each worker reads and parses a file and turns what it gave
/// into a `T` (`map`, so per-file work such as scoring runs in parallel too); `on_file` gets
/// them back in file order. A bounded channel keeps only a few files' results in memory.
pub fn each_file_mapped<T: Send>(
    paths: &[PathBuf],
    templates: &[Template],
    map: &(dyn Fn(&Path, FileOutcome) -> T + Sync),
    on_file: &mut dyn FnMut(&Path, T),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(paths.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, T)>(64);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                if send
                    .send((i, map(path, read_path(path, templates))))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(send);
        let mut waiting: std::collections::BTreeMap<usize, T> = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, got) in receive {
            waiting.insert(i, got);
            while let Some(got) = waiting.remove(&due) {
                on_file(&paths[due], got);
                due += 1;
            }
        }
    });
}

fn unreadable(name: &str, e: &std::io::Error) -> exchange::Problem {
    let mut p = exchange::Problem::file(exchange::What::Encoding);
    p.file = format!("{name} ({e})");
    p
}
