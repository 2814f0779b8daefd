//! Which files a command reads, and where it may write: the folders walked once each and the
//! files read once each, whatever links lead to them, and an output that is never an input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use model::Lang;

/// What identifies a file or a folder on disk whatever path leads to it (a link, a second
/// hard link, `./a/../a`): its device and inode where the system has them, else its canonical
/// path. Follows links.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path) -> std::io::Result<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path)?;
        Ok(FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).map(FileId::Path)
    }
}

/// The files a command reads: every `.csv` file under the paths, each once, in a stable
/// order, and every folder walked (by identity, so an output can be checked against them).
#[derive(Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    file_ids: HashMap<FileId, PathBuf>,
    folders: HashMap<FileId, PathBuf>,
    /// One line per link or repeat that was not followed (a loop, a second way to a folder
    /// or file already read).
    pub warnings: Vec<String>,
}

/// Walks the paths depth first with an explicit stack (no recursion however deep the
/// folders), never entering a folder twice and never reading a file twice: a link back to a
/// folder being walked (a loop) or to one already walked, and a second path to a file
/// already listed, are reported and skipped.
pub fn walk(paths: &[PathBuf], lang: Lang) -> Walk {
    let mut w = Walk::default();
    // Reversed, so that popping keeps the given (and sorted) order.
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(p) = stack.pop() {
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        let (Ok(meta), Ok(id)) = (std::fs::metadata(&p), file_id(&p)) else {
            // Missing or a dangling link: listed, so that reading it reports why.
            w.files.push(p);
            continue;
        };
        let seen = if meta.is_dir() {
            w.folders.get(&id)
        } else {
            w.file_ids.get(&id)
        };
        if let Some(first) = seen {
            w.warnings
                .push(repeat_warning(&p, first, is_link, meta.is_dir(), lang));
            continue;
        }
        if !meta.is_dir() {
            w.file_ids.insert(id, p.clone());
            w.files.push(p);
            continue;
        }
        w.folders.insert(id, p.clone());
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&p)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries.into_iter().rev() {
            if e.is_dir() || e.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
                stack.push(e);
            }
        }
    }
    w
}

/// The line for a path not followed: a link back into the folders that lead to it (a loop),
/// or a second way to a folder or a file already read.
fn repeat_warning(path: &Path, first: &Path, is_link: bool, folder: bool, lang: Lang) -> String {
    let target = std::fs::canonicalize(path).ok();
    let ancestors = path.parent().and_then(|d| std::fs::canonicalize(d).ok());
    let is_loop = folder
        && is_link
        && matches!((&target, &ancestors), (Some(t), Some(a)) if a.starts_with(t));
    let shown = target.as_deref().unwrap_or(first).display();
    match (lang, is_loop, folder) {
        (Lang::Ru, true, _) => format!(
            "{}: ссылка ведёт в папку, внутри которой она лежит ({shown}) — петля, не пройдена",
            path.display()
        ),
        (Lang::En, true, _) => format!(
            "{}: the link leads to a folder it is inside of ({shown}): a loop, not followed",
            path.display()
        ),
        (Lang::Ru, false, true) => format!(
            "{}: эта папка уже просмотрена как {} — не просматривается второй раз",
            path.display(),
            first.display()
        ),
        (Lang::En, false, true) => format!(
            "{}: this folder was already walked as {}: not walked again",
            path.display(),
            first.display()
        ),
        (Lang::Ru, false, false) => format!(
            "{}: этот файл уже прочитан как {} — не читается второй раз",
            path.display(),
            first.display()
        ),
        (Lang::En, false, false) => format!(
            "{}: this file was already read as {}: not read again",
            path.display(),
            first.display()
        ),
    }
}

/// Where a command may write its output: refused when it is one of the files read (the same
/// file by any path: a link, a hard link) or lies in a folder being read (the next run would
/// read it as an input); otherwise the real path to replace (a link is written through).
pub fn output_target(output: &Path, walk: &Walk, lang: Lang) -> Result<PathBuf, String> {
    let say = |ru: &str, en: &str| format!("{}: {}", output.display(), lang.t(ru, en));
    let real = if std::fs::symlink_metadata(output).is_ok() {
        let meta = std::fs::metadata(output).map_err(|e| {
            say(
                &format!("ссылка никуда не ведёт ({e}) — файл не записан"),
                &format!("the link leads nowhere ({e}); nothing written"),
            )
        })?;
        if meta.is_dir() {
            return Err(say(
                "это папка, а нужен файл — ничего не записано",
                "is a folder, not a file; nothing written",
            ));
        }
        let id = file_id(output).map_err(|e| say(&e.to_string(), &e.to_string()))?;
        if let Some(input) = walk.file_ids.get(&id) {
            return Err(say(
                &format!(
                    "это один из читаемых файлов ({}) — он не перезаписывается; укажите другой файл",
                    input.display()
                ),
                &format!(
                    "is one of the files read ({}); it is not overwritten, give another file",
                    input.display()
                ),
            ));
        }
        std::fs::canonicalize(output).map_err(|e| say(&e.to_string(), &e.to_string()))?
    } else {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = output.file_name().ok_or_else(|| {
            say(
                "нет имени файла — ничего не записано",
                "no file name; nothing written",
            )
        })?;
        let dir = std::fs::canonicalize(parent).map_err(|e| {
            say(
                &format!("папки для файла нет ({e}) — ничего не записано"),
                &format!("its folder cannot be reached ({e}); nothing written"),
            )
        })?;
        dir.join(name)
    };
    let dir = real.parent().unwrap_or(Path::new("."));
    if let Some(input) = file_id(dir).ok().and_then(|id| walk.folders.get(&id)) {
        return Err(say(
            &format!(
                "лежит в читаемой папке {} — следующий запуск прочитал бы его как входной; укажите файл вне её",
                input.display()
            ),
            &format!(
                "lies in the folder being read {}; the next run would read it as an input, give a file outside it",
                input.display()
            ),
        ));
    }
    Ok(real)
}
