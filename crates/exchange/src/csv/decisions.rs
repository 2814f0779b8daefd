//! The decisions file and the execution report: how a meeting's decisions addressed to
//! schools travel from the municipality to each school, and how each school's execution
//! travels back (`docs/csv-format.md`, «Файл решений и отчёт об исполнении»).
//!
//! Two layouts of one small format, each row a whole decision, so that a file opens in Russian
//! Excel as a readable table and loads into a database as it is:
//! - `decisions` ([`Decisions`]): one row per decision the municipality sends, with the
//!   meeting it was taken at and the moment this version of the file was made (`issued_at`: a
//!   newer file updates the wording and deadlines a school holds);
//! - `execution` ([`Execution`]): one row per decision a school reports on — its status,
//!   what was done, the document that shows it and when.
//!
//! Both carry [`DECISIONS_FORMAT`] and a `row_checksum` per row, computed as self-assessment
//! exports compute theirs (an edit after export is refused; resaving in a spreadsheet is not
//! an edit). Reading is all or nothing, every refusal a [`Problem`] at a line and column.

use std::borrow::Cow;
use std::collections::HashSet;

use model::{instant_ms, STATUSES};

use super::import::{blank, date, unmarked_formula, Problem, Problems, What};
use super::read::{decode_text, Rows};
use super::write::{Cell, ExportError, File};
use super::{restore, row_checksum, Col, Profile, Spec, CHECKSUM, MAX_CSV_BYTES};

/// The version of this format, in the `format_version` column of every row.
pub const DECISIONS_FORMAT: &str = "d1";

/// The `layout` column's value in a decisions file and in an execution report.
pub const SENT: &str = "decisions";
pub const EXECUTION: &str = "execution";

/// The meeting the decisions were taken at, as the file names it in every row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meeting {
    /// The record's id on the device that holds the protocol: one meeting across every
    /// version of its file.
    pub source_id: String,
    /// Who sends the decisions (the organisation that held the meeting).
    pub issuer: String,
    /// The meeting or council («совещание руководителей ОО»).
    pub body: String,
    pub protocol_number: String,
    /// `YYYY-MM-DD`, or empty.
    pub meeting_date: String,
    /// RFC 3339: when this version of the decisions file was made.
    pub issued_at: String,
}

/// One decision as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SentDecision {
    /// As the protocol numbers it (1.1, 2.3); unique in a file.
    pub number: String,
    pub agenda_item: String,
    pub addressee: String,
    pub decision: String,
    pub responsible: String,
    pub controller: String,
    /// As written («до 01.03.2027», «май 2027 г.», «постоянно»).
    pub deadline: String,
}

/// A decisions file: the decisions of one meeting for schools, for all of them (`recipient`
/// empty) or for one organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decisions {
    pub meeting: Meeting,
    pub recipient: String,
    pub decisions: Vec<SentDecision>,
}

/// One decision as a school reports on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Executed {
    pub number: String,
    /// To whom the decision was addressed, as the decisions file gave it.
    pub addressee: String,
    pub decision: String,
    pub deadline: String,
    /// One of [`STATUSES`]' values (the file holds its Russian words).
    pub status: String,
    pub execution: String,
    pub evidence: String,
    /// `YYYY-MM-DD`, or empty.
    pub executed_on: String,
}

/// A school's execution report on one meeting's decisions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Execution {
    pub meeting: Meeting,
    pub organisation: String,
    pub inn: String,
    /// RFC 3339: when the school made the report (the newest report of a school counts).
    pub reported_at: String,
    pub rows: Vec<Executed>,
}

/// What a file of this format holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionFile {
    Decisions(Decisions),
    Execution(Execution),
}

const MEETING: [&str; 6] = [
    "source_id",
    "issuer",
    "body",
    "protocol_number",
    "meeting_date",
    "issued_at",
];

const SENT_COLUMNS: [&str; 8] = [
    "recipient",
    "number",
    "agenda_item",
    "addressee",
    "decision",
    "responsible",
    "controller",
    "deadline",
];

const EXECUTION_COLUMNS: [&str; 11] = [
    "organisation",
    "inn",
    "reported_at",
    "number",
    "addressee",
    "decision",
    "deadline",
    "status",
    "execution",
    "evidence",
    "executed_on",
];

/// What a person calls each column, for the problems that name one.
const LABELS: [(&str, &str, &str); 23] = [
    ("format_version", "версия формата", "format version"),
    ("layout", "вид файла", "kind of file"),
    ("source_id", "протокол", "minutes"),
    ("issuer", "кто направил", "sent by"),
    ("body", "заседание", "meeting"),
    ("protocol_number", "номер протокола", "minutes number"),
    ("meeting_date", "дата заседания", "meeting date"),
    ("issued_at", "когда направлено", "sent at"),
    ("recipient", "кому направлено", "sent to"),
    ("number", "№ решения", "decision no."),
    ("agenda_item", "вопрос повестки", "agenda item"),
    ("addressee", "кому адресовано", "addressed to"),
    ("decision", "решение", "decision"),
    ("responsible", "исполнитель", "executor"),
    ("controller", "контроль", "controlled by"),
    ("deadline", "срок", "deadline"),
    ("organisation", "организация", "organisation"),
    ("reported_at", "когда составлен отчёт", "reported at"),
    ("status", "статус", "status"),
    ("execution", "исполнение", "execution"),
    ("evidence", "подтверждающий документ", "evidence"),
    ("executed_on", "дата исполнения", "date executed"),
    (CHECKSUM, "контрольная сумма строки", "row checksum"),
];

/// Names the column of each problem as a person calls it (the header holds machine names).
fn labelled(mut list: Vec<Problem>) -> Vec<Problem> {
    for p in &mut list {
        let label = p.column_name.as_deref().and_then(|n| {
            LABELS
                .iter()
                .find(|(id, _, _)| *id == n)
                .map(|(_, ru, en)| model::Text {
                    ru: (*ru).to_owned(),
                    en: Some((*en).to_owned()),
                })
        });
        if label.is_some() {
            p.column_label = label;
        }
    }
    list
}

/// The columns of a layout, in file order.
fn columns(layout: &str) -> Vec<&'static str> {
    let own: &[&'static str] = if layout == SENT {
        &SENT_COLUMNS
    } else {
        &EXECUTION_COLUMNS
    };
    let mut all = vec!["format_version", "layout"];
    all.extend(MEETING);
    all.extend(own);
    all.push(CHECKSUM);
    all
}

fn spec(layout: &str) -> Spec {
    let names = columns(layout);
    let last = names.len() - 1;
    Spec {
        cols: names
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    n.to_owned(),
                    if i == last {
                        Col::Checksum
                    } else {
                        Col::Field(i)
                    },
                )
            })
            .collect(),
        table_columns: Vec::new(),
    }
}

fn meeting_cells<'a>(layout: &'static str, m: &'a Meeting) -> Vec<Cell<'a>> {
    [
        DECISIONS_FORMAT,
        layout,
        &m.source_id,
        &m.issuer,
        &m.body,
        &m.protocol_number,
        &m.meeting_date,
        &m.issued_at,
    ]
    .into_iter()
    .map(Cell::text)
    .collect()
}

/// The bytes of a decisions file in `profile`.
pub fn write_decisions(file: &Decisions, profile: Profile) -> Result<Vec<u8>, ExportError> {
    let spec = spec(SENT);
    let mut out = File::new(profile, &spec);
    for d in &file.decisions {
        let mut cells = meeting_cells(SENT, &file.meeting);
        cells.extend(
            [
                &file.recipient,
                &d.number,
                &d.agenda_item,
                &d.addressee,
                &d.decision,
                &d.responsible,
                &d.controller,
                &d.deadline,
            ]
            .into_iter()
            .map(|t| Cell::text(t.as_str())),
        );
        cells.push(Cell::text(""));
        out.row(cells);
    }
    out.finish()
}

/// The Russian words of a status value (what the file holds, for a person reading it in a
/// spreadsheet); an unknown value as it is.
fn status_words(value: &str) -> &str {
    STATUSES
        .iter()
        .find(|s| s.value == value)
        .map_or(value, |s| s.ru)
}

/// A status as a file may hold it: its Russian or English words (any case) or its value.
fn status_value(cell: &str) -> Option<&'static str> {
    let c = cell.trim().to_lowercase();
    STATUSES
        .iter()
        .find(|s| s.value == c || s.ru == c || s.en.to_lowercase() == c)
        .map(|s| s.value)
}

/// The bytes of an execution report in `profile`.
pub fn write_execution(file: &Execution, profile: Profile) -> Result<Vec<u8>, ExportError> {
    let spec = spec(EXECUTION);
    let mut out = File::new(profile, &spec);
    for r in &file.rows {
        let mut cells = meeting_cells(EXECUTION, &file.meeting);
        cells.extend(
            [
                file.organisation.as_str(),
                &file.inn,
                &file.reported_at,
                &r.number,
                &r.addressee,
                &r.decision,
                &r.deadline,
                status_words(&r.status),
                &r.execution,
                &r.evidence,
                &r.executed_on,
            ]
            .into_iter()
            .map(|t| Cell::text(Cow::Borrowed(t))),
        );
        cells.push(Cell::text(""));
        out.row(cells);
    }
    out.finish()
}

/// Reads a decisions file or an execution report: every row checked (format version, layout,
/// checksum, the same meeting in every row, a number and a decision in every row, no number
/// twice, statuses and dates); any problem refuses the file whole.
pub fn read_decision_file(bytes: &[u8]) -> Result<DecisionFile, Vec<Problem>> {
    read(bytes).map_err(labelled)
}

fn read(bytes: &[u8]) -> Result<DecisionFile, Vec<Problem>> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(vec![Problem::file(What::TooLarge {
            size: bytes.len(),
            max: MAX_CSV_BYTES,
        })]);
    }
    let text = decode_text(bytes).map_err(|p| vec![p])?.text;
    let mut rows = Rows::new(&text);
    let header = match rows.next() {
        Some(Ok(row)) => row,
        Some(Err(p)) => return Err(vec![p]),
        None => return Err(vec![Problem::file(What::Empty)]),
    };
    // A spreadsheet may pad the header with empty cells at its end.
    let mut names: Vec<String> = header.cells.iter().map(|c| c.trim().to_owned()).collect();
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    let at = |name: &str| names.iter().position(|n| n == name);
    let (Some(_), Some(_)) = (at("format_version"), at("layout")) else {
        let found = if at("assessment_id").is_some() {
            "assessment".to_owned()
        } else {
            String::new()
        };
        return Err(vec![Problem::at(
            header.line,
            None,
            What::NotADecisionFile { found },
        )]);
    };
    let mut problems = Problems::default();
    let mut body = Vec::new();
    for row in rows {
        match row {
            Ok(row) if blank(&row) => {}
            Ok(row) => body.push(row),
            Err(p) => problems.push(p, &names),
        }
    }
    let Some(first) = body.first() else {
        problems.push(Problem::file(What::NoRows), &names);
        return Err(problems.finish());
    };
    let layout = at("layout")
        .and_then(|i| first.cells.get(i))
        .map_or("", |c| c.trim())
        .to_owned();
    if layout != SENT && layout != EXECUTION {
        problems.push(
            Problem::at(
                first.line,
                at("layout"),
                What::NotADecisionFile { found: layout },
            ),
            &names,
        );
        return Err(problems.finish());
    }
    let expected = columns(&layout);
    let mut seen = HashSet::new();
    for (i, n) in names.iter().enumerate() {
        if !expected.contains(&n.as_str()) {
            problems.push(
                Problem::at(
                    header.line,
                    Some(i),
                    What::UnknownColumn { name: n.clone() },
                ),
                &names,
            );
        } else if !seen.insert(n.as_str()) {
            problems.push(
                Problem::at(
                    header.line,
                    Some(i),
                    What::DuplicateColumn { name: n.clone() },
                ),
                &names,
            );
        }
    }
    for n in &expected {
        if !seen.contains(n) {
            problems.push(
                Problem::at(
                    header.line,
                    None,
                    What::MissingColumn {
                        name: (*n).to_owned(),
                    },
                ),
                &names,
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems.finish());
    }
    // Each expected column's position in the file.
    let place: Vec<usize> = expected.iter().filter_map(|n| at(n)).collect();
    let mut meeting: Option<(usize, Vec<String>)> = None;
    let mut numbers = HashSet::new();
    let mut sent = Decisions::default();
    let mut report = Execution::default();
    for row in &body {
        if problems.full() {
            problems.push(Problem::file(What::More { count: 1 }), &names);
            break;
        }
        let width = names.len();
        if row.cells.len() < width || row.cells[width..].iter().any(|c| !c.trim().is_empty()) {
            problems.push(
                Problem::at(
                    row.line,
                    None,
                    What::RowLength {
                        expected: width,
                        found: row.cells.len(),
                    },
                ),
                &names,
            );
            continue;
        }
        if let Some(i) = row.cells[..width].iter().position(|c| unmarked_formula(c)) {
            let found: String = row.cells[i].chars().take(40).collect();
            problems.push(
                Problem::at(row.line, Some(i), What::UnmarkedFormula { found }),
                &names,
            );
            continue;
        }
        // The cells in the layout's own order, one apostrophe taken off.
        let cells: Vec<&str> = place.iter().map(|&i| restore(&row.cells[i])).collect();
        let get = |name: &str| {
            expected
                .iter()
                .position(|n| *n == name)
                .map_or("", |i| cells[i].trim())
        };
        let col = |name: &str| at(name);
        let problem = |name: &str, what: What| Problem::at(row.line, col(name), what);
        if get("format_version") != DECISIONS_FORMAT {
            problems.push(
                problem(
                    "format_version",
                    What::FormatVersion {
                        found: get("format_version").to_owned(),
                    },
                ),
                &names,
            );
            continue;
        }
        if get("layout") != layout {
            problems.push(
                problem(
                    "layout",
                    What::Inconsistent {
                        expected: layout.clone(),
                        found: get("layout").to_owned(),
                    },
                ),
                &names,
            );
            continue;
        }
        let sum = row_checksum(
            expected
                .iter()
                .zip(&cells)
                .filter(|(n, _)| **n != CHECKSUM)
                .map(|(n, c)| (*n, *c)),
        );
        if sum != get(CHECKSUM) {
            problems.push(
                problem(
                    CHECKSUM,
                    What::Checksum {
                        expected: sum,
                        found: get(CHECKSUM).to_owned(),
                    },
                ),
                &names,
            );
            continue;
        }
        // The meeting is the same in every row.
        let this: Vec<String> = MEETING.iter().map(|n| get(n).to_owned()).collect();
        let mut bad = false;
        match &meeting {
            None => {
                for (n, v) in MEETING.iter().zip(&this) {
                    let required = matches!(*n, "source_id" | "issued_at");
                    if required && v.is_empty() {
                        problems.push(problem(n, What::Required), &names);
                        bad = true;
                    }
                }
                if instant_ms(get("issued_at")).is_none() && !get("issued_at").is_empty() {
                    problems.push(
                        problem(
                            "issued_at",
                            What::BadDate {
                                found: get("issued_at").to_owned(),
                            },
                        ),
                        &names,
                    );
                    bad = true;
                }
                if let (d, Err(what)) = (get("meeting_date"), date(get("meeting_date"))) {
                    if !d.is_empty() {
                        problems.push(problem("meeting_date", what), &names);
                        bad = true;
                    }
                }
                meeting = Some((row.line, this));
            }
            Some((_, held)) => {
                if let Some(k) = (0..MEETING.len()).find(|&k| held[k] != this[k]) {
                    problems.push(
                        problem(
                            MEETING[k],
                            What::Inconsistent {
                                expected: held[k].clone(),
                                found: this[k].clone(),
                            },
                        ),
                        &names,
                    );
                    continue;
                }
            }
        }
        for n in ["number", "decision"] {
            if get(n).is_empty() {
                problems.push(problem(n, What::Required), &names);
                bad = true;
            }
        }
        let number = get("number");
        if !number.is_empty() && !numbers.insert(number.to_owned()) {
            problems.push(
                problem(
                    "number",
                    What::DuplicateDecision {
                        number: number.to_owned(),
                    },
                ),
                &names,
            );
            bad = true;
        }
        let text = |name: &str| {
            expected
                .iter()
                .position(|n| *n == name)
                .map_or(String::new(), |i| cells[i].to_owned())
        };
        if layout == SENT {
            if bad {
                continue;
            }
            sent.recipient = get("recipient").to_owned();
            sent.decisions.push(SentDecision {
                number: number.to_owned(),
                agenda_item: get("agenda_item").to_owned(),
                addressee: get("addressee").to_owned(),
                decision: text("decision"),
                responsible: get("responsible").to_owned(),
                controller: get("controller").to_owned(),
                deadline: get("deadline").to_owned(),
            });
            continue;
        }
        let status = match get("status") {
            "" => Some(STATUSES[0].value),
            s => status_value(s),
        };
        let Some(status) = status else {
            problems.push(
                problem(
                    "status",
                    What::UnknownOption {
                        found: get("status").to_owned(),
                        expected: STATUSES.iter().map(|s| s.ru.to_owned()).collect(),
                    },
                ),
                &names,
            );
            continue;
        };
        let executed_on = match get("executed_on") {
            "" => String::new(),
            d => match date(d) {
                Ok(d) => d,
                Err(what) => {
                    problems.push(problem("executed_on", what), &names);
                    continue;
                }
            },
        };
        for n in ["organisation", "reported_at"] {
            if get(n).is_empty() {
                problems.push(problem(n, What::Required), &names);
                bad = true;
            }
        }
        if !get("reported_at").is_empty() && instant_ms(get("reported_at")).is_none() {
            problems.push(
                problem(
                    "reported_at",
                    What::BadDate {
                        found: get("reported_at").to_owned(),
                    },
                ),
                &names,
            );
            bad = true;
        }
        if bad {
            continue;
        }
        // One school and one moment per report.
        let school = [get("organisation"), get("inn"), get("reported_at")];
        if report.rows.is_empty() {
            report.organisation = school[0].to_owned();
            report.inn = school[1].to_owned();
            report.reported_at = school[2].to_owned();
        } else {
            let held = [&report.organisation, &report.inn, &report.reported_at];
            if let Some(k) = (0..3).find(|&k| held[k] != school[k]) {
                let n = ["organisation", "inn", "reported_at"][k];
                problems.push(
                    problem(
                        n,
                        What::Inconsistent {
                            expected: held[k].clone(),
                            found: school[k].to_owned(),
                        },
                    ),
                    &names,
                );
                continue;
            }
        }
        report.rows.push(Executed {
            number: number.to_owned(),
            addressee: get("addressee").to_owned(),
            decision: text("decision"),
            deadline: get("deadline").to_owned(),
            status: status.to_owned(),
            execution: text("execution"),
            evidence: get("evidence").to_owned(),
            executed_on,
        });
    }
    if !problems.is_empty() {
        return Err(problems.finish());
    }
    let Some((_, m)) = meeting else {
        return Err(vec![Problem::file(What::NoRows)]);
    };
    let meeting = Meeting {
        source_id: m[0].clone(),
        issuer: m[1].clone(),
        body: m[2].clone(),
        protocol_number: m[3].clone(),
        meeting_date: match date(&m[4]) {
            Ok(d) => d,
            Err(_) => m[4].clone(),
        },
        issued_at: m[5].clone(),
    };
    Ok(if layout == SENT {
        sent.meeting = meeting;
        DecisionFile::Decisions(sent)
    } else {
        report.meeting = meeting;
        DecisionFile::Execution(report)
    })
}
