//! The backup file: everything on one device (assessments, template copies, settings) in one
//! JSON file, and the plan for restoring it without losing anything on either side.
//!
//! The format is documented in `docs/backup-format.md`. Reading is defensive because the file
//! comes from a person's disk: any text, cut off, edited or foreign, ends in a [`BackupError`]
//! that says what and where, never in a panic.

use std::collections::{HashMap, HashSet};

use model::{Assessment, Json, Obj, Shape, Template, TemplateError, VecMap};

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
    /// Template texts of the file that the validator refuses (say, a copy kept by an older
    /// version that a stricter check now rejects): left out of `templates`, never stored,
    /// and reported. The assessments that need them still restore (their template shows as
    /// unreadable), so a backup is never lost for one bad copy.
    pub refused: Vec<RefusedTemplate>,
}

/// A template text a restore does not store, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedTemplate {
    /// Where in the file: `templates[3]`.
    pub path: String,
    pub key: String,
    pub why: Refusal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `model::Template::from_json` refuses the text.
    Invalid(TemplateError),
    /// The text claims a built-in template's id and version but is not its text: a built-in
    /// is never replaced (or shadowed) from a file.
    PosesAsBuiltIn { id: String, version: String },
}

/// Whether `hash` (a store key without its `imported:` prefix) names this template text.
/// The one place template identity is compared on the way in.
fn key_names(template: &Template, hash: &str) -> bool {
    // The template was read from the text, so its identities are the text's.
    template.has_hash(hash)
}

/// Why a file was not read as a backup. `Display` is the English detail; `wording::backup_error`
/// gives the sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("the file is {size} bytes; a backup may be at most {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the file is empty")]
    Empty,
    /// Bytes that are not UTF-8 (a backup is always UTF-8): where the first one is, as a
    /// byte offset and as line and column (characters) — never replaced by «�».
    #[error("line {line}, column {column} (byte {offset}): the bytes are not UTF-8 text")]
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
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

/// Where the first byte that is not UTF-8 is: byte offset, line, column (in characters,
/// both from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadByte {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

/// The bytes as UTF-8 text, or where they stop being UTF-8: the strict decoding every file
/// the browser crates read goes through (no «�» replacement, which would hide damage).
pub fn utf8_text(bytes: &[u8]) -> Result<&str, BadByte> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // The prefix is valid UTF-8 by definition of `valid_up_to`.
        let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        BadByte {
            offset,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    })
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

    /// Reads a backup file's bytes: UTF-8 (with or without a byte-order mark), else refused
    /// at the first byte that is not.
    pub fn read_bytes(bytes: &[u8]) -> Result<Backup, BackupError> {
        if bytes.len() > MAX_BACKUP_BYTES {
            return Err(BackupError::TooLarge {
                size: bytes.len(),
                max: MAX_BACKUP_BYTES,
            });
        }
        match utf8_text(bytes) {
            Ok(text) => Backup::read(text),
            Err(at) => Err(BackupError::NotUtf8 {
                offset: at.offset,
                line: at.line,
                column: at.column,
            }),
        }
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
        // Id → position: the duplicate check is linear, not a scan per record.
        let mut seen: HashMap<String, usize> = HashMap::new();
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
            if let Some(&first) = seen.get(&a.id) {
                return Err(BackupError::DuplicateId {
                    id: a.id,
                    first,
                    second: i,
                });
            }
            seen.insert(a.id.clone(), i);
            assessments.push(a);
        }
        let mut templates = Vec::new();
        let mut refused = Vec::new();
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
            // The same validator as every other way a template comes in.
            let template = match Template::from_json(&text) {
                Ok(template) => template,
                Err(e) => {
                    refused.push(RefusedTemplate {
                        path: t.path.clone(),
                        key,
                        why: Refusal::Invalid(e),
                    });
                    continue;
                }
            };
            let hash = key.strip_prefix(IMPORTED).unwrap_or(&key);
            if !key_names(&template, hash) {
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
            refused,
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

/// What restoring a backup (or loading CSV exports) would do. It only adds: nothing on the
/// device is replaced or deleted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Restore {
    /// New records for the device: ids it does not hold, and copies (see `copies`). Each
    /// starts at revision 1 here, with no time later than the restore.
    pub write: Vec<Assessment>,
    /// Template texts whose keys are not on the device yet (all valid, none a built-in's
    /// impostor).
    pub templates: Vec<(String, String)>,
    /// Assessments whose id the device holds with different answers: the device's record is
    /// kept as it is, the file's is written beside it as a copy.
    pub copies: Vec<RestoredCopy>,
    /// Assessments the device already holds with the same answers, or whose copy it holds.
    pub unchanged: usize,
    /// Template texts not stored, with why (the file's own refusals and built-in impostors).
    pub refused: Vec<RefusedTemplate>,
    /// Records whose times were later than the restore (a file from a wrong clock, or one
    /// made to win): set to the time of the restore.
    pub clamped: usize,
}

/// The file's version of an assessment the device holds differently, kept as a new record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoredCopy {
    /// The id on the device (and in the file).
    pub id: String,
    /// The copy's id.
    pub copy_id: String,
}

/// The respondent key marking a copy made by a restore; its value is `backup YYYY-MM-DD`
/// (the backup's date), `backup` (date unknown) or `file` (a CSV export). It is not a template
/// field (field ids never start with `~`), so no export or check sees it; the home page shows
/// it as «копия из резервной копии от …».
pub const COPY_MARK: &str = "~restored_from";

/// Whether two records hold the same work: the template and every answer and respondent
/// value (revision, times and the open section are bookkeeping).
fn same_work(a: &Assessment, b: &Assessment) -> bool {
    a.template_id == b.template_id
        && a.template_version == b.template_version
        && a.template_hash == b.template_hash
        && a.respondent == b.respondent
        && a.answers == b.answers
}

/// `text` as a date `YYYY-MM-DD` if it starts with one.
fn date_part(text: &str) -> Option<&str> {
    let d = text.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(d)
}

/// The record as this device will hold it: revision 1 (the file's count is no authority
/// here, so no file can make its copy unbeatable), and no time later than `now` (RFC 3339 UTC,
/// which compares as text). Returns whether a time was clamped.
fn settle(mut a: Assessment, now: &str) -> (Assessment, bool) {
    a.revision = 1;
    let mut clamped = false;
    for t in [&mut a.created_at, &mut a.updated_at, &mut a.exported_at] {
        if t.as_str() > now {
            *t = now.to_owned();
            clamped = true;
        }
    }
    (a, clamped)
}

/// Plans restoring `backup` onto a device holding `device` and template copies under
/// `device_template_keys`, at time `now` (RFC 3339 UTC). `built_in` are the build's own
/// template texts (current and archived).
///
/// Nothing on the device is replaced: an id the device holds with the same work is
/// unchanged; with different work, the file's record is written beside it as a copy
/// (a new id made from the record, so restoring the same file again writes nothing), marked
/// [`COPY_MARK`]. Written records start at revision 1 and carry no future time. A template
/// text that claims a built-in's id and version but is not its text is refused. Linear in
/// the records (hash maps), whatever the file holds.
pub fn plan_restore(
    device: &[Assessment],
    device_template_keys: &[String],
    built_in: &[String],
    backup: &Backup,
    now: &str,
) -> Restore {
    let mut plan = Restore {
        refused: backup.refused.clone(),
        ..Restore::default()
    };
    // Every id in use: the device's (by position in `device`), then the ones planned (by
    // position in `plan.write`).
    let on_device: HashMap<&str, usize> = device
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut planned: HashMap<String, usize> = HashMap::new();
    let mark = match (backup.created_at.is_empty(), date_part(&backup.created_at)) {
        (true, _) => "file".to_owned(),
        (false, Some(d)) if d <= now => format!("backup {d}"),
        (false, _) => "backup".to_owned(),
    };
    for file in &backup.assessments {
        let held = match on_device.get(file.id.as_str()) {
            Some(&i) => Some(&device[i]),
            None => planned.get(&file.id).map(|&i| &plan.write[i]),
        };
        let record = match held {
            None => file.clone(),
            Some(held) if same_work(held, file) => {
                plan.unchanged += 1;
                continue;
            }
            Some(_) => {
                // Named by the record's own SHA-256 (16 digits of it), so restoring the same
                // file twice writes nothing and no crafted record can take another's name.
                let digest = model::template_hash(file.to_json().as_bytes());
                let copy_id = format!("{}~{}", file.id, &digest[..16]);
                if on_device.contains_key(copy_id.as_str()) || planned.contains_key(&copy_id) {
                    plan.unchanged += 1; // kept by an earlier restore of this file
                    continue;
                }
                let mut copy = file.clone();
                copy.id = copy_id.clone();
                copy.respondent.insert(COPY_MARK.to_owned(), mark.clone());
                plan.copies.push(RestoredCopy {
                    id: file.id.clone(),
                    copy_id,
                });
                copy
            }
        };
        let (record, clamped) = settle(record, now);
        plan.clamped += usize::from(clamped);
        planned.insert(record.id.clone(), plan.write.len());
        plan.write.push(record);
    }
    let mut keys: HashSet<&str> = device_template_keys.iter().map(String::as_str).collect();
    let built_in_texts: HashSet<&str> = built_in.iter().map(String::as_str).collect();
    let mut built_in_names: HashSet<(String, String)> = HashSet::new();
    for text in built_in {
        if let Ok(t) = Template::from_json(text) {
            built_in_names.insert((t.id, t.version));
        }
    }
    for (i, (key, text)) in backup.templates.iter().enumerate() {
        if keys.contains(key.as_str()) {
            continue;
        }
        if !built_in_texts.contains(text.as_str()) {
            // Read by `Backup::read`, so valid; a `Backup` made by hand is checked too.
            let why = match Template::from_json(text) {
                Err(e) => Some(Refusal::Invalid(e)),
                Ok(t) if built_in_names.contains(&(t.id.clone(), t.version.clone())) => {
                    Some(Refusal::PosesAsBuiltIn {
                        id: t.id,
                        version: t.version,
                    })
                }
                Ok(_) => None,
            };
            if let Some(why) = why {
                plan.refused.push(RefusedTemplate {
                    path: format!("templates[{i}]"),
                    key: key.clone(),
                    why,
                });
                continue;
            }
        }
        keys.insert(key);
        plan.templates.push((key.clone(), text.clone()));
    }
    plan
}
