//! The backup file: everything on one device (assessments, template copies, settings) in one
//! JSON file, and the plan for restoring it without losing anything on either side.
//!
//! The format is documented in `docs/backup-format.md`. Reading is defensive because the file
//! comes from a person's disk: any text, cut off, edited or foreign, ends in a [`BackupError`]
//! that says what and where, never in a panic.

use model::{Assessment, Json, Obj, Shape, VecMap};

/// Version of the backup layout; a reader refuses a higher one rather than misread it.
pub const BACKUP_FORMAT: u32 = 1;

/// Largest backup read: far above a school's real data, small enough for a browser tab.
pub const MAX_BACKUP_BYTES: usize = 64 << 20;

const FORMAT_NAME: &str = "otsenka-backup";
const IMPORTED: &str = "imported:";

/// Everything on one device.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    /// RFC 3339 UTC time the backup was made.
    pub created_at: String,
    pub app_version: String,
    pub assessments: Vec<Assessment>,
    /// Template texts by store key: the content hash for a copy kept for assessments,
    /// `imported:<hash>` for a template a person imported.
    pub templates: Vec<(String, String)>,
    /// Preferences such as `lang`; keys this app does not know are carried unchanged.
    pub settings: VecMap<String>,
}

/// Why a file was not read as a backup. `Display` is the English detail; `wording::backup_error`
/// gives the sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("the file is {size} bytes; a backup may be at most {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the file is empty")]
    Empty,
    /// The text does not even start like JSON: a CSV, a document, a picture.
    #[error("the file is not JSON")]
    NotJson,
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: &'static str,
    },
    /// The text stops in the middle of the JSON: the file was cut off.
    #[error("line {line}, column {column}: the file ends early — it was cut off")]
    CutOff { line: usize, column: usize },
    /// Valid JSON, but not an Otsenka backup; `template` when it has template `sections`.
    #[error("the file is JSON but not an Otsenka backup{}", if *template { " (it looks like a template)" } else { "" })]
    Foreign { template: bool },
    #[error("backup format {found} is newer than this app reads ({BACKUP_FORMAT})")]
    Newer { found: u32 },
    /// A part that does not read: `path` is where (`assessments[3]`, `templates[1].key`).
    #[error("{path}: {reason}")]
    Damaged { path: String, reason: String },
    /// A template text whose content hash is not the one in its key.
    #[error("{path}: the text does not match its key «{key}»")]
    HashMismatch { path: String, key: String },
    #[error("assessments[{second}]: the assessment «{id}» is already at assessments[{first}]")]
    DuplicateId {
        id: String,
        first: usize,
        second: usize,
    },
}

fn damaged((path, shape): (String, Shape)) -> BackupError {
    BackupError::Damaged {
        path,
        reason: shape.to_string(),
    }
}

impl Backup {
    /// The file text: one assessment or template per line, so a person can look inside.
    pub fn to_json(&self) -> String {
        let str = |out: &mut String, s: &str| Json::Str(s.to_owned()).write(out);
        let mut out = String::from("{\"format\":\"otsenka-backup\",\"version\":");
        out.push_str(&BACKUP_FORMAT.to_string());
        out.push_str(",\"created_at\":");
        str(&mut out, &self.created_at);
        out.push_str(",\"app_version\":");
        str(&mut out, &self.app_version);
        out.push_str(",\n\"assessments\":[");
        for (i, a) in self.assessments.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&a.to_json());
        }
        out.push_str("],\n\"templates\":[");
        for (i, (key, text)) in self.templates.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str("{\"key\":");
            str(&mut out, key);
            out.push_str(",\"text\":");
            str(&mut out, text);
            out.push('}');
        }
        out.push_str("],\n\"settings\":");
        self.settings.to_json().write(&mut out);
        out.push('}');
        out
    }

    /// Reads a backup file, checking every record and every template's hash.
    pub fn read(text: &str) -> Result<Backup, BackupError> {
        if text.len() > MAX_BACKUP_BYTES {
            return Err(BackupError::TooLarge {
                size: text.len(),
                max: MAX_BACKUP_BYTES,
            });
        }
        // Some editors save a byte-order mark; it is not part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let v = match Json::parse(text) {
            Ok(v) => v,
            Err(e) => return Err(syntax_error(text, e)),
        };
        let o = Obj::any(&v, String::new());
        if o.get("format").and_then(Json::as_str) != Some(FORMAT_NAME) {
            return Err(BackupError::Foreign {
                template: o.get("sections").is_some(),
            });
        }
        match o.opt_count("version").map_err(damaged)? {
            Some(found) if found > BACKUP_FORMAT => return Err(BackupError::Newer { found }),
            Some(found) if found > 0 => {}
            _ => {
                return Err(BackupError::Damaged {
                    path: "version".into(),
                    reason: "expected a whole number from 1".into(),
                })
            }
        }
        let mut assessments: Vec<Assessment> = Vec::new();
        for (i, record) in o
            .need_list("assessments")
            .map_err(damaged)?
            .iter()
            .enumerate()
        {
            let a = Assessment::from_json(&record.text()).map_err(|e| BackupError::Damaged {
                path: format!("assessments[{i}]"),
                // The record's own paths are relative to it; a top-level one starts with ": ".
                reason: e.0.trim_start_matches(": ").to_owned(),
            })?;
            if let Some(first) = assessments.iter().position(|b| b.id == a.id) {
                return Err(BackupError::DuplicateId {
                    id: a.id,
                    first,
                    second: i,
                });
            }
            assessments.push(a);
        }
        let mut templates = Vec::new();
        for (i, entry) in o
            .need_list("templates")
            .map_err(damaged)?
            .iter()
            .enumerate()
        {
            let t =
                Obj::new(entry, format!("templates[{i}]"), &["key", "text"]).map_err(damaged)?;
            let key = t.str("key").map_err(damaged)?;
            let text = t.str("text").map_err(damaged)?;
            let hash = key.strip_prefix(IMPORTED).unwrap_or(&key);
            if !model::names_text(hash, text.as_bytes()) {
                return Err(BackupError::HashMismatch {
                    path: t.path.clone(),
                    key,
                });
            }
            templates.push((key, text));
        }
        let settings = match o.get("settings") {
            None => VecMap::new(),
            Some(s) => VecMap::from_json(s).ok_or_else(|| BackupError::Damaged {
                path: "settings".into(),
                reason: "expected an object of texts".into(),
            })?,
        };
        Ok(Backup {
            created_at: o.str("created_at").map_err(damaged)?,
            app_version: o.str("app_version").map_err(damaged)?,
            assessments,
            templates,
            settings,
        })
    }
}

/// Tells a file that was cut off (the JSON stops while something is still open, or in the
/// middle of a word or number) from one that is wrong inside, and both from one that is not
/// JSON at all.
fn syntax_error(text: &str, e: model::JsonError) -> BackupError {
    let first = text.trim_start().chars().next();
    match first {
        None => return BackupError::Empty,
        Some('{' | '[') => {}
        Some(_) => return BackupError::NotJson,
    }
    // The error's byte offset, from its line and column (which counts characters).
    let line_start = match e.line {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let at = text[line_start..]
        .char_indices()
        .nth(e.column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    let tail = &text[at..];
    let partial_word = tail
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && matches!(
            text[..at].trim_end().chars().last(),
            Some(':' | '[' | ',' | '\\')
        );
    if tail.trim().is_empty() || partial_word {
        BackupError::CutOff {
            line: e.line,
            column: e.column,
        }
    } else {
        BackupError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

/// Which copy of an assessment a restore keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Device,
    File,
}

/// An assessment on both sides with different content: which copy was kept (the other is
/// shown to the person, so a lost edit is never silent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Older {
    pub id: String,
    pub kept: Side,
    pub device_revision: u32,
    pub file_revision: u32,
    pub device_updated_at: String,
    pub file_updated_at: String,
}

/// What restoring a backup would do. It only adds and replaces: nothing on the device is
/// deleted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Restore {
    /// From the file: ids not on the device, or newer than the device's copy.
    pub write: Vec<Assessment>,
    /// Template texts whose keys are not on the device yet.
    pub templates: Vec<(String, String)>,
    pub older: Vec<Older>,
    /// Assessments identical on both sides.
    pub unchanged: usize,
}

/// Plans restoring `backup` onto a device holding `device` and template copies under
/// `device_template_keys`. Of two copies of one assessment the higher `revision` wins, then
/// the later `updated_at` (RFC 3339 UTC, as the app writes it, compares as text); on a full
/// tie with different content the device's copy is kept.
pub fn plan_restore(
    device: &[Assessment],
    device_template_keys: &[String],
    backup: &Backup,
) -> Restore {
    let mut plan = Restore::default();
    for file in &backup.assessments {
        let Some(mine) = device.iter().find(|d| d.id == file.id) else {
            plan.write.push(file.clone());
            continue;
        };
        if mine == file {
            plan.unchanged += 1;
            continue;
        }
        let file_newer = (file.revision, &file.updated_at) > (mine.revision, &mine.updated_at);
        plan.older.push(Older {
            id: file.id.clone(),
            kept: if file_newer { Side::File } else { Side::Device },
            device_revision: mine.revision,
            file_revision: file.revision,
            device_updated_at: mine.updated_at.clone(),
            file_updated_at: file.updated_at.clone(),
        });
        if file_newer {
            plan.write.push(file.clone());
        }
    }
    for (key, text) in &backup.templates {
        let known =
            device_template_keys.contains(key) || plan.templates.iter().any(|(k, _)| k == key);
        if !known {
            plan.templates.push((key.clone(), text.clone()));
        }
    }
    plan
}
