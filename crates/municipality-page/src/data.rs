//! What the page keeps and how files become assessments.
//!
//! - Assessments (and template texts from backups) live in their own IndexedDB database,
//!   `otsenka-municipality` (`store::IdbStore`), apart from the school's own `otsenka`: a
//!   specialist who also fills a checklist on this machine never mixes the two.
//! - The list of loaded files with their verdicts, the choices among duplicates and the risk
//!   rule are small and live in localStorage.
//! - `load_files` reads picked files one at a time, yielding to the browser between files so
//!   the page stays responsive and the progress bar moves, then writes every accepted
//!   assessment in one transaction, merged as a restore merges (`exchange::plan_restore`: a
//!   newer copy already here is kept; the same file twice writes nothing).

use std::collections::{HashMap, HashSet};

use model::{Assessment, Json, Lang, Template};
use store::AssessmentStore;

const DB_NAME: &str = contract::keys::MUNICIPALITY_DB;
/// The school's own database: templates a region imported there are known here too.
const SCHOOL_DB: &str = contract::DB_NAME;
use contract::keys::{
    MUNICIPALITY_CHOICES as CHOICES_KEY, MUNICIPALITY_FILES as FILES_KEY,
    MUNICIPALITY_RISK as RISK_KEY,
};
/// At most this many problem lines are kept per refused file (the rest are counted).
const KEPT_LINES: usize = 20;

/// A file's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Warnings,
    Refused,
}

impl Verdict {
    fn code(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Warnings => "warnings",
            Verdict::Refused => "refused",
        }
    }

    fn of(code: &str) -> Verdict {
        match code {
            "accepted" => Verdict::Accepted,
            "warnings" => Verdict::Warnings,
            _ => Verdict::Refused,
        }
    }
}

/// One loaded file, as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRecord {
    pub name: String,
    /// Fingerprint of the bytes: the same file loaded again is recognised.
    pub hash: String,
    pub verdict: Verdict,
    /// What the file gave or why it was refused, in Russian and in English.
    pub ru: Vec<String>,
    pub en: Vec<String>,
    /// The assessments it held.
    pub ids: Vec<String>,
}

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn strings(list: &[String]) -> Json {
    Json::Arr(list.iter().map(|s| Json::Str(s.clone())).collect())
}

fn read_strings(j: Option<&Json>) -> Vec<String> {
    match j {
        Some(Json::Arr(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Writes a localStorage item; the reason when the browser refuses (quota). With no
/// localStorage at all (storage disabled) there is nothing to write to, which the page has
/// already said; that is not an error here.
pub(crate) fn put_item(key: &str, value: &str) -> Result<(), String> {
    let Some(storage) = storage() else {
        return Ok(());
    };
    storage
        .set_item(key, value)
        .map_err(|e| js_sys::JSON::stringify(&e).map_or_else(|_| "?".into(), String::from))
}

pub fn saved_files() -> Vec<FileRecord> {
    let Some(text) = storage().and_then(|s| s.get_item(FILES_KEY).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(Json::Arr(items)) = Json::parse(&text) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|f| FileRecord {
            name: f
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_owned(),
            hash: f
                .get("hash")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_owned(),
            verdict: Verdict::of(f.get("verdict").and_then(Json::as_str).unwrap_or("")),
            ru: read_strings(f.get("ru")),
            en: read_strings(f.get("en")),
            ids: read_strings(f.get("ids")),
        })
        .collect()
}

pub fn save_files(files: &[FileRecord]) -> Result<(), String> {
    let json = Json::Arr(
        files
            .iter()
            .map(|f| {
                Json::Obj(vec![
                    ("name".into(), Json::Str(f.name.clone())),
                    ("hash".into(), Json::Str(f.hash.clone())),
                    ("verdict".into(), Json::Str(f.verdict.code().into())),
                    ("ru".into(), strings(&f.ru)),
                    ("en".into(), strings(&f.en)),
                    ("ids".into(), strings(&f.ids)),
                ])
            })
            .collect(),
    );
    put_item(FILES_KEY, &json.text())
}

pub fn saved_choices() -> municipal::Choices {
    let mut out = municipal::Choices::new();
    if let Some(Json::Obj(fields)) = storage()
        .and_then(|s| s.get_item(CHOICES_KEY).ok().flatten())
        .and_then(|t| Json::parse(&t).ok())
    {
        for (k, v) in fields {
            if let Some(v) = v.as_str() {
                out.insert(k, v.to_owned());
            }
        }
    }
    out
}

pub fn save_choices(choices: &municipal::Choices) -> Result<(), String> {
    let mut fields: Vec<(String, Json)> = choices
        .iter()
        .map(|(k, v)| (k.clone(), Json::Str(v.clone())))
        .collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    put_item(CHOICES_KEY, &Json::Obj(fields).text())
}

/// The risk rule: `"500,300"` in tenths; an empty part is a bound not used.
pub fn saved_risk() -> municipal::RiskRule {
    let Some(text) = storage().and_then(|s| s.get_item(RISK_KEY).ok().flatten()) else {
        return municipal::RiskRule::default();
    };
    let mut parts = text.split(',').map(|p| p.parse::<u32>().ok());
    municipal::RiskRule {
        total_below: parts.next().flatten(),
        section_below: parts.next().flatten(),
    }
}

pub fn save_risk(rule: &municipal::RiskRule) -> Result<(), String> {
    let part = |b: Option<u32>| b.map_or_else(String::new, |b| b.to_string());
    put_item(
        RISK_KEY,
        &format!("{},{}", part(rule.total_below), part(rule.section_below)),
    )
}

/// The page's database, or memory when the browser gives none (then nothing is kept, and
/// the page says so).
pub async fn open() -> (store::Store, Option<String>) {
    match store::IdbStore::open(DB_NAME).await {
        Ok(db) => (store::Store::Idb(db), None),
        Err(e) => (
            store::Store::Memory(Default::default()),
            Some(crate::text::store_error(&e)),
        ),
    }
}

/// Every template this page can read files of: the built-ins (from the build's
/// `/templates/`), the ones kept here (from backups), and the ones imported on this device
/// in the school's part of the app. Each text with its parsed template, once per hash.
pub async fn known_templates(db: &store::Store) -> Vec<(String, Template)> {
    let mut texts: Vec<String> = db
        .list_templates()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    if let Ok(school) = store::IdbStore::open(SCHOOL_DB).await {
        texts.extend(
            school
                .list_templates()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|(_, t)| t),
        );
        school.close();
    }
    texts.extend(web::build_template_texts(exchange::index_files).await);
    exchange::distinct_templates(texts)
}

/// Lets the browser paint and handle input before the next piece of work.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Files read from disk at once.
pub(crate) const READ_BATCH: usize = 64;
/// Assessments written per transaction.
const WRITE_BATCH: usize = 100;

/// The bytes of each file, read in parallel (`Promise.allSettled`).
pub(crate) async fn read_batch(files: &[web_sys::File]) -> Vec<Result<Vec<u8>, String>> {
    let promises: js_sys::Array = files.iter().map(|f| f.array_buffer()).collect();
    let settled =
        match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all_settled(&promises)).await {
            Ok(v) => js_sys::Array::from(&v),
            Err(e) => {
                let why = js_sys::JSON::stringify(&e).map_or_else(|_| "?".into(), String::from);
                return files.iter().map(|_| Err(why.clone())).collect();
            }
        };
    settled
        .iter()
        .map(|outcome| {
            let get = |k: &str| js_sys::Reflect::get(&outcome, &k.into()).unwrap_or_default();
            if get("status").as_string().as_deref() == Some("fulfilled") {
                Ok(js_sys::Uint8Array::new(&get("value")).to_vec())
            } else {
                Err(js_sys::JSON::stringify(&get("reason"))
                    .map_or_else(|_| "?".into(), String::from))
            }
        })
        .collect()
}

/// What loading a batch of files did.
#[derive(Debug, Default)]
pub struct Loaded {
    /// New entries of the file list (one per file not loaded before).
    pub files: Vec<FileRecord>,
    /// Names of files already in the list (same bytes): nothing done.
    pub again: Vec<String>,
    pub written: usize,
    /// Assessments in the files already here with the same answers.
    pub kept: usize,
    /// Of `written`, assessments whose id was here with other answers: written beside it as
    /// a copy (the duplicates list shows both; nothing is replaced).
    pub copies: usize,
    /// Template texts not stored and times set back to now, in Russian and in English.
    pub notes: (Vec<String>, Vec<String>),
    /// Every assessment in the set after the load.
    pub all: Vec<Assessment>,
    /// Why writing stopped part-way (storage full or gone); what was written stays.
    pub failed: Option<String>,
}

fn accepted_lines(report: &exchange::FileReport, lang: Lang) -> String {
    match lang {
        Lang::Ru => format!(
            "Принят: самооценок {}, строк {} ({}, {}, разделитель «{}»).",
            report.assessments, report.rows, report.template, report.encoding, report.delimiter
        ),
        Lang::En => format!(
            "Accepted: {} assessments, {} rows ({}, {}, separator «{}»).",
            report.assessments, report.rows, report.template, report.encoding, report.delimiter
        ),
    }
}

pub(crate) fn problem_lines(problems: &[exchange::Problem], lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(KEPT_LINES)
        .map(|p| wording::csv_problem(p, lang))
        .collect();
    if problems.len() > KEPT_LINES {
        let more = problems.len() - KEPT_LINES;
        lines.push(match lang {
            Lang::Ru => format!("…и ещё замечаний: {more}."),
            Lang::En => format!("…and {more} more."),
        });
    }
    lines
}

/// Reads one file: a backup (JSON) or a CSV export.
/// What one file gave: its list entry, its assessments (a tables file's carry only their
/// table rows), template texts (from a backup), and whether it is a tables file.
type Read = (FileRecord, Vec<Assessment>, Vec<(String, String)>, bool);

fn read(name: &str, bytes: &[u8], templates: &[Template]) -> Read {
    let mut record = FileRecord {
        name: name.to_owned(),
        hash: model::content_hash(bytes),
        verdict: Verdict::Refused,
        ru: Vec::new(),
        en: Vec::new(),
        ids: Vec::new(),
    };
    let first = bytes
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    if first == Some(b'{') {
        // Bad bytes are refused at their place, never turned into «�».
        match exchange::Backup::read_bytes(bytes) {
            Ok(backup) => {
                record.verdict = Verdict::Accepted;
                record.ids = backup.assessments.iter().map(|a| a.id.clone()).collect();
                let n = backup.assessments.len();
                record.ru = vec![format!("Резервная копия принята: самооценок {n}.")];
                record.en = vec![format!("Backup accepted: {n} assessments.")];
                let templates = backup.templates.into_iter().collect();
                return (record, backup.assessments, templates, false);
            }
            Err(e) => {
                record.ru = vec![wording::backup_error(&e, Lang::Ru)];
                record.en = vec![wording::backup_error(&e, Lang::En)];
                return (record, Vec::new(), Vec::new(), false);
            }
        }
    }
    match exchange::read_one(name, bytes, templates) {
        Ok((report, list, warnings)) => {
            record.verdict = if warnings.is_empty() {
                Verdict::Accepted
            } else {
                Verdict::Warnings
            };
            let tables = report.layout == exchange::Layout::Tables;
            if !tables {
                record.ids = list.iter().map(|a| a.id.clone()).collect();
            }
            for (lang, lines) in [(Lang::Ru, &mut record.ru), (Lang::En, &mut record.en)] {
                lines.push(accepted_lines(&report, lang));
                if tables {
                    lines.push(
                        lang.t(
                            "Это строки таблиц (планы, программы): они добавлены к самооценкам из основного файла школы.",
                            "These are table rows (plans, programmes): added to the assessments of the school's main file.",
                        )
                        .to_owned(),
                    );
                }
                lines.extend(problem_lines(&warnings, lang));
            }
            (record, list, Vec::new(), tables)
        }
        Err(problems) => {
            record.ru = problem_lines(&problems, Lang::Ru);
            record.en = problem_lines(&problems, Lang::En);
            (record, Vec::new(), Vec::new(), false)
        }
    }
}

/// Loads `files` into the set: each read and judged on its own, `progress(done, total)` after
/// each; then every accepted assessment written in one transaction. A file whose bytes are
/// already in `known_files` is not read again.
pub async fn load_files(
    db: &store::Store,
    files: &[web_sys::File],
    known_files: &[FileRecord],
    templates: &mut Vec<(String, Template)>,
    progress: &dyn Fn(usize, usize),
) -> Result<Loaded, String> {
    let mut loaded = Loaded::default();
    let mut incoming = exchange::Backup::default();
    let parsed: Vec<Template> = templates.iter().map(|(_, t)| t.clone()).collect();
    let mut tables: Vec<(FileRecord, Vec<Assessment>)> = Vec::new();
    let mut table_files: Vec<String> = Vec::new();
    let mut last_yield = js_sys::Date::now();
    // Hashes of the files in the list and of those read now; template hashes known.
    let mut seen_files: HashSet<String> = known_files.iter().map(|f| f.hash.clone()).collect();
    let mut known_hashes: HashSet<String> = templates.iter().map(|(_, t)| t.hash.clone()).collect();
    // Files are read from disk a batch at a time (the browser reads them in parallel), then
    // judged one by one.
    for (b, batch) in files.chunks(READ_BATCH).enumerate() {
        let contents = read_batch(batch).await;
        for (j, (file, bytes)) in batch.iter().zip(contents).enumerate() {
            let name = file.name();
            let (record, list, texts, is_tables) = match bytes {
                Ok(bytes) => read(&name, &bytes, &parsed),
                Err(e) => (
                    FileRecord {
                        name: name.clone(),
                        hash: String::new(),
                        verdict: Verdict::Refused,
                        ru: vec![format!("Файл не удалось прочитать: {e}.")],
                        en: vec![format!("The file could not be read: {e}.")],
                        ids: Vec::new(),
                    },
                    Vec::new(),
                    Vec::new(),
                    false,
                ),
            };
            let seen = !record.hash.is_empty() && !seen_files.insert(record.hash.clone());
            if seen {
                loaded.again.push(name);
            } else if is_tables {
                tables.push((record, list));
            } else {
                incoming.assessments.extend(list);
                for (key, text) in texts {
                    if let Ok(t) = Template::from_json(&text) {
                        if known_hashes.insert(t.hash.clone()) {
                            templates.push((text.clone(), t));
                        }
                    }
                    incoming.templates.push((key, text));
                }
                loaded.files.push(record);
            }
            // Keep frames coming: hand the thread back every ~30 ms of work, and say how far.
            if js_sys::Date::now() - last_yield > 30.0 {
                progress(b * READ_BATCH + j + 1, files.len());
                yield_now().await;
                last_yield = js_sys::Date::now();
            }
        }
    }
    progress(files.len(), files.len());
    // A tables file adds its rows to assessments of the same load (as the school's own import
    // does): its main file must come with it.
    // Id → position in `incoming` (the last one, as the merge keeps).
    let mut position: HashMap<String, usize> = HashMap::new();
    for (i, a) in incoming.assessments.iter().enumerate() {
        position.insert(a.id.clone(), i);
    }
    for (mut record, rows) in tables {
        let missing = rows.iter().find(|t| {
            position
                .get(&t.id)
                .is_none_or(|&i| incoming.assessments[i].template_hash != t.template_hash)
        });
        if let Some(t) = missing {
            let mut p = exchange::Problem::file(exchange::What::TablesWithoutAssessment {
                id: t.id.clone(),
            });
            p.file = record.name.clone();
            record.verdict = Verdict::Refused;
            record.ru = vec![wording::csv_problem(&p, Lang::Ru)];
            record.en = vec![wording::csv_problem(&p, Lang::En)];
        } else {
            for t in rows {
                if let Some(a) = position.get(&t.id).map(|&i| &mut incoming.assessments[i]) {
                    for (item, answer) in t.answers.iter() {
                        a.update_answer(item, |x| x.rows = answer.rows.clone());
                    }
                }
            }
        }
        table_files.push(record.hash.clone());
        loaded.files.push(record);
    }
    // Template texts of CSV files' assessments are kept too, so a later visit knows them
    // even if the build's built-ins change.
    let used: HashSet<&str> = incoming
        .assessments
        .iter()
        .map(|a| a.template_hash.as_str())
        .collect();
    let carried: HashSet<String> = incoming.templates.iter().map(|(k, _)| k.clone()).collect();
    let mut extra = Vec::new();
    for (text, t) in templates.iter() {
        // Assessments carry the template's identity, the SHA-256 one or the older FNV-1a one.
        let used_by_some = used.contains(t.hash.as_str()) || used.contains(t.legacy_hash.as_str());
        if used_by_some && !carried.contains(&t.hash) {
            extra.push((t.hash.clone(), text.clone()));
        }
    }
    drop(used);
    incoming.templates.extend(extra);
    let device = db.list().await.map_err(|e| crate::text::store_error(&e))?;
    let keys: Vec<String> = db
        .list_templates()
        .await
        .map_err(|e| crate::text::store_error(&e))?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    // The build's own templates: a file's text claiming one of them is refused.
    let built_in = web::build_template_texts(exchange::index_files).await;
    let now: String = js_sys::Date::new_0().to_iso_string().into();
    let plan = exchange::plan_restore(&device, &keys, &built_in, &incoming, &now);
    // Written a batch per transaction, yielding between them, so a large load never holds
    // the page for long. A batch is all or nothing; if one fails, the files whose
    // assessments are not all written are left out of the list, so loading them again
    // writes them (nothing is reported as loaded that is not stored).
    let mut written = 0;
    for (i, batch) in plan.write.chunks(WRITE_BATCH).enumerate() {
        let templates: &[(String, String)] = if i == 0 { &plan.templates } else { &[] };
        if let Err(e) = db.put_all(batch, templates).await {
            loaded.failed = Some(crate::text::store_error(&e));
            break;
        }
        written += batch.len();
        yield_now().await;
    }
    let unwritten: HashSet<&str> = plan.write[written..]
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    let table_files: HashSet<String> = table_files.into_iter().collect();
    if !unwritten.is_empty() {
        // Tables files too: their rows went with the assessments.
        loaded.files.retain(|f| {
            !f.ids.iter().any(|id| unwritten.contains(id.as_str()))
                && !table_files.contains(&f.hash)
        });
    }
    loaded.written = written;
    loaded.kept = plan.unchanged;
    loaded.copies = plan.copies.len();
    // The report's lines after its summary and its per-copy lines (the duplicates list
    // shows those): refused templates, clamped times.
    let notes = |lang: Lang| -> Vec<String> {
        let lines = wording::restore_report(&plan, &device, lang);
        let mut notes: Vec<String> = lines
            .into_iter()
            .skip(1 + plan.copies.len())
            .take(KEPT_LINES)
            .collect();
        let more = plan.refused.len() + usize::from(plan.clamped > 0);
        if more > KEPT_LINES {
            notes.push(format!("… +{}", more - KEPT_LINES));
        }
        notes
    };
    loaded.notes = (notes(Lang::Ru), notes(Lang::En));
    // The set as it now is, without reading it back: what was here, with the written copies.
    let mut all = device;
    let mut at: HashMap<String, usize> = all
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    for a in plan.write.into_iter().take(written) {
        match at.get(&a.id) {
            Some(&i) => all[i] = a,
            None => {
                at.insert(a.id.clone(), all.len());
                all.push(a);
            }
        }
    }
    loaded.all = all;
    Ok(loaded)
}

/// Every assessment in the set, with the template it is of; ones whose template is not
/// known (cannot happen for what this page wrote) are left out.
pub async fn assessments(db: &store::Store) -> Result<Vec<Assessment>, String> {
    db.list().await.map_err(|e| crate::text::store_error(&e))
}

/// Empties the set: every assessment, the file list and the choices.
pub async fn clear(db: &store::Store) -> Result<(), String> {
    for a in db.list().await.map_err(|e| crate::text::store_error(&e))? {
        db.delete(&a.id)
            .await
            .map_err(|e| crate::text::store_error(&e))?;
    }
    save_files(&[])?;
    save_choices(&municipal::Choices::new())
}
