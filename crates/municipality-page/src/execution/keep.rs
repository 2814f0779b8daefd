//! What the execution panel keeps, and how a picked file becomes a report.
//!
//! - The files loaded, with their verdicts, live in localStorage
//!   (`contract::keys::MUNICIPALITY_REPORTS`); an accepted report is kept as the text of its
//!   file rewritten in RFC 4180 (UTF-8), and read back on open by the same reader that judged
//!   it, so a stored value spoilt on the way is refused there, never trusted.
//! - The closures live under `contract::keys::MUNICIPALITY_CLOSURES`
//!   (`municipal::execution::Closures`' JSON; a malformed value closes nothing).

use model::{Json, Lang};
use municipal::execution::{Closures, Report};

use crate::data;

use contract::keys::{MUNICIPALITY_CLOSURES as CLOSURES_KEY, MUNICIPALITY_REPORTS as REPORTS_KEY};

/// One file loaded into the panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub name: String,
    /// Fingerprint of the bytes: the same file loaded again is recognised; also the file's
    /// name for `municipal::execution::collect` (two files may share a name).
    pub hash: String,
    /// What the file gave or why it was refused, in Russian and in English.
    pub ru: Vec<String>,
    pub en: Vec<String>,
    /// The accepted report's text, as kept.
    text: Option<String>,
    /// The accepted report.
    pub report: Option<Report>,
}

impl Loaded {
    fn refused(name: &str, hash: String, ru: Vec<String>, en: Vec<String>) -> Loaded {
        Loaded {
            name: name.to_owned(),
            hash,
            ru,
            en,
            text: None,
            report: None,
        }
    }

    /// A file the browser could not read.
    pub fn unreadable(name: &str, why: &str) -> Loaded {
        Loaded::refused(
            name,
            String::new(),
            vec![format!("Файл «{name}» не удалось прочитать: {why}.")],
            vec![format!("The file «{name}» could not be read: {why}.")],
        )
    }
}

/// An execution report in `municipal`'s terms.
fn report_of(e: exchange::Execution) -> Report {
    let m = e.meeting;
    Report {
        meeting: municipal::execution::Meeting {
            source_id: m.source_id,
            issuer: m.issuer,
            body: m.body,
            protocol_number: m.protocol_number,
            meeting_date: m.meeting_date,
            issued_at: m.issued_at,
        },
        organisation: e.organisation,
        inn: e.inn,
        reported_at: e.reported_at,
        rows: e
            .rows
            .into_iter()
            .map(|r| municipal::execution::Row {
                number: r.number,
                addressee: r.addressee,
                decision: r.decision,
                deadline: r.deadline,
                status: r.status,
                execution: r.execution,
                evidence: r.evidence,
                executed_on: r.executed_on,
            })
            .collect(),
    }
}

/// Judges one file: an execution report is accepted; a decisions file or anything else is
/// refused, each problem at its line and column.
pub fn read(name: &str, bytes: &[u8]) -> Loaded {
    let hash = model::content_hash(bytes);
    let refuse = |ru: String, en: String| Loaded::refused(name, hash.clone(), vec![ru], vec![en]);
    match exchange::read_decision_file(bytes) {
        Ok(exchange::DecisionFile::Execution(e)) => {
            let text = exchange::write_execution(&e, exchange::Profile::Rfc4180)
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
            let Some(text) = text else {
                return refuse(
                    format!("Файл «{name}»: отчёт не удалось сохранить."),
                    format!("File «{name}»: the report could not be kept."),
                );
            };
            let at = |lang| web::time::local_date_time(&e.reported_at, lang);
            let n = e.rows.len();
            let inn = |word: &str| match e.inn.trim() {
                "" => String::new(),
                inn => format!(" ({word} {inn})"),
            };
            let ru = model::nest_quotes(&format!(
                "Принят: отчёт «{}»{} от {}, решений: {n}.",
                e.organisation,
                inn("ИНН"),
                at(Lang::Ru)
            ));
            let en = model::nest_quotes(&format!(
                "Accepted: the report of «{}»{} of {}, decisions: {n}.",
                e.organisation,
                inn("INN"),
                at(Lang::En)
            ));
            Loaded {
                name: name.to_owned(),
                hash,
                ru: vec![ru],
                en: vec![en],
                text: Some(text),
                report: Some(report_of(e)),
            }
        }
        Ok(exchange::DecisionFile::Decisions(_)) => refuse(
            format!("Файл «{name}»: это файл решений для школ, а не отчёт об исполнении. Его открывает школа; сюда загружают отчёты, которые школы присылают обратно."),
            format!("File «{name}»: this is a decisions file for schools, not an execution report. A school opens it; load here the reports schools send back."),
        ),
        Err(mut problems) => {
            for p in &mut problems {
                p.file = name.to_owned();
            }
            Loaded::refused(
                name,
                hash.clone(),
                data::problem_lines(&problems, Lang::Ru),
                data::problem_lines(&problems, Lang::En),
            )
        }
    }
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

fn get_item(key: &str) -> Option<String> {
    data::storage()?.get_item(key).ok().flatten()
}

/// The files as kept; an entry whose report no longer reads is shown refused.
pub fn saved() -> Vec<Loaded> {
    let Some(Ok(Json::Arr(items))) = get_item(REPORTS_KEY).map(|t| Json::parse(&t)) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|f| {
            let get = |k: &str| f.get(k).and_then(Json::as_str).unwrap_or("").to_owned();
            let name = get("name");
            let mut loaded = Loaded::refused(
                &name,
                get("hash"),
                read_strings(f.get("ru")),
                read_strings(f.get("en")),
            );
            if let Some(text) = f.get("text").and_then(Json::as_str) {
                match exchange::read_decision_file(text.as_bytes()) {
                    Ok(exchange::DecisionFile::Execution(e)) => {
                        loaded.report = Some(report_of(e));
                        loaded.text = Some(text.to_owned());
                    }
                    _ => {
                        loaded.ru = vec![format!("Файл «{name}»: сохранённая копия отчёта повреждена — загрузите файл снова.")];
                        loaded.en = vec![format!("File «{name}»: the kept copy of the report is damaged — load the file again.")];
                    }
                }
            }
            loaded
        })
        .collect()
}

/// Keeps the list; the reason when the browser refuses (quota).
pub fn save(files: &[Loaded]) -> Result<(), String> {
    let json = Json::Arr(
        files
            .iter()
            .map(|f| {
                let mut fields = vec![
                    ("name".into(), Json::Str(f.name.clone())),
                    ("hash".into(), Json::Str(f.hash.clone())),
                    ("ru".into(), strings(&f.ru)),
                    ("en".into(), strings(&f.en)),
                ];
                if let Some(text) = &f.text {
                    fields.push(("text".into(), Json::Str(text.clone())));
                }
                Json::Obj(fields)
            })
            .collect(),
    );
    data::put_item(REPORTS_KEY, &json.text())
}

pub fn saved_closures() -> Closures {
    Closures::from_json(&get_item(CLOSURES_KEY).unwrap_or_default())
}

pub fn save_closures(closures: &Closures) -> Result<(), String> {
    data::put_item(CLOSURES_KEY, &closures.to_json())
}
