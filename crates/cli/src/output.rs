//! What the commands write: a file replaced only when the whole run succeeded, a text table,
//! and the time of an export.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file written beside its target and renamed over it only when everything succeeded
/// (`commit`): until then, and when anything fails or the run stops, the target keeps every
/// byte it had. Dropping an uncommitted one removes the temporary file.
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    file: Option<std::fs::File>,
}

impl Staged {
    pub fn new(target: &Path) -> std::io::Result<Staged> {
        let dir = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mut n = 0u32;
        loop {
            let temp = dir.join(format!(".{name}.{}-{n}.otsenka-tmp", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
            {
                Ok(file) => {
                    return Ok(Staged {
                        target: target.to_path_buf(),
                        temp,
                        file: Some(file),
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.write_all(bytes),
            None => Err(std::io::Error::other("already committed")),
        }
    }

    /// Flushes to disk, keeps the target's permissions, and renames over it.
    pub fn commit(mut self) -> std::io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("already committed"))?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&self.target) {
            std::fs::set_permissions(&self.temp, meta.permissions())?;
        }
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        self.temp = PathBuf::new();
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            self.file = None;
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A text table with columns padded to their widest cell (in characters).
pub fn aligned(table: &[Vec<String>]) -> String {
    let columns = table.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in table {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s}{}", " ".repeat(width[c] - s.chars().count())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Now as an RFC 3339 UTC time to the millisecond, as the app writes it
/// (`2026-11-22T09:00:00.000Z`).
pub fn now() -> String {
    format!("{:.3}", jiff::Timestamp::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_written_as_the_app_writes_times() {
        let at = now();
        let parsed: Result<jiff::Timestamp, _> = at.parse();
        assert!(parsed.is_ok(), "{at}");
        assert_eq!(at.len(), "2026-11-22T09:00:00.000Z".len(), "{at}");
        assert!(at.ends_with('Z') && at.as_bytes()[19] == b'.', "{at}");
    }

    #[test]
    fn aligned_pads_by_characters() {
        let table = vec![
            vec!["Школа".to_owned(), "%".to_owned()],
            vec!["№ 1".to_owned(), "59,5".to_owned()],
        ];
        assert_eq!(aligned(&table), "Школа  %\n№ 1    59,5\n");
    }
}
