//! Collecting execution back: the schools' execution reports on a meeting's decisions, put
//! together as the municipality reviews them at its next meeting.
//!
//! - [`collect`] groups reports by meeting and keeps, per organisation, only its newest report
//!   (`reported_at`, compared as instants), and says of every other file whether it was
//!   superseded or was the same report again;
//! - [`Matrix::of`] is one meeting's decisions × organisations: each cell the status, what was
//!   done, the evidence, when, and whether it is overdue by the deadline as written (the
//!   model's one rule: [`model::deadline::read`], [`model::closes`]);
//! - [`Closures`] are the municipality's own «считать выполненным» / «снять с контроля» per
//!   decision, with a date and who; a closed decision is never overdue;
//! - [`info_rows`] is the table «Информация о выполнении решений» (решение | исполнение) that
//!   the page prints and writes as CSV.
//!
//! The report is in this crate's own terms ([`Report`]): `municipal` depends on `model` alone,
//! so the page hands over what `exchange::read_decision_file` read.

use std::collections::HashMap;

use model::{closes, cmp_instants, deadline, instant_ms, Day, Json, Lang, STATUSES};

use crate::natural_cmp;

/// The meeting a report is on, as its file names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meeting {
    /// The meeting's id on the municipality's device: one meeting across every file.
    pub source_id: String,
    pub issuer: String,
    pub body: String,
    pub protocol_number: String,
    /// `YYYY-MM-DD`, or empty.
    pub meeting_date: String,
    /// RFC 3339: the version of the decisions file the school answered.
    pub issued_at: String,
}

impl Meeting {
    /// «Протокол № 4 от 20.11.2026, Совещание руководителей ОО».
    pub fn title(&self, lang: Lang) -> String {
        let mut out = lang.t("Протокол", "Minutes").to_owned();
        if !self.protocol_number.trim().is_empty() {
            out.push_str(&format!(" № {}", self.protocol_number.trim()));
        }
        if let Some(d) = Day::parse_iso(&self.meeting_date) {
            out.push_str(&format!("{} {d}", lang.t(" от", " of")));
        }
        if !self.body.trim().is_empty() {
            out.push_str(&format!(", {}", self.body.trim()));
        }
        out
    }
}

/// One decision as a school reports on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub number: String,
    /// To whom the decision was addressed («Общеобразовательным организациям», a school).
    pub addressee: String,
    pub decision: String,
    /// As written («до 01.03.2027», «май 2027 г.», «постоянно»).
    pub deadline: String,
    /// One of [`STATUSES`]' values.
    pub status: String,
    pub execution: String,
    pub evidence: String,
    /// `YYYY-MM-DD`, or empty.
    pub executed_on: String,
}

/// One school's execution report on one meeting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub meeting: Meeting,
    pub organisation: String,
    pub inn: String,
    /// RFC 3339: when the school made the report.
    pub reported_at: String,
    pub rows: Vec<Row>,
}

impl Report {
    /// Who reports: the ИНН, else the name as written, case and spaces aside.
    pub fn organisation_key(&self) -> String {
        match self.inn.trim() {
            "" => format!("name:{}", self.organisation.trim().to_lowercase()),
            inn => inn.to_owned(),
        }
    }
}

/// What became of one file's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// The newest report of its organisation: it counts.
    Counted,
    /// An older report of an organisation whose newer one (in the file `by`) counts.
    Superseded { by: String },
    /// The same report as the one in the file `as_in` (same organisation, same moment):
    /// nothing changes.
    Same { as_in: String },
}

/// One meeting's counted reports: one per organisation, each with its file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reports {
    pub meeting: Meeting,
    pub reports: Vec<(String, Report)>,
}

/// Every meeting's reports and what became of each file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    /// Newest meeting first.
    pub meetings: Vec<Reports>,
    /// Per file, in the order given.
    pub fates: Vec<(String, Fate)>,
}

/// Two timestamps in time order; the same moment written in two zones is equal (unlike
/// `cmp_instants`, which then orders the texts), so that the first given of two copies stays
/// first.
fn by_instant(a: &str, b: &str) -> std::cmp::Ordering {
    match (instant_ms(a), instant_ms(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => cmp_instants(a, b),
    }
}

/// Groups `reports` (file name, report) by meeting and keeps each organisation's newest. The
/// result does not depend on the order of files, except which of two copies of the same report
/// is named as counted (the first given).
pub fn collect(reports: Vec<(String, Report)>) -> Collected {
    let mut fates: Vec<(String, Fate)> = reports
        .iter()
        .map(|(f, _)| (f.clone(), Fate::Counted))
        .collect();
    // Per (source id, organisation key), positions in `reports` in the order given.
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, (_, r)) in reports.iter().enumerate() {
        let key = (r.meeting.source_id.clone(), r.organisation_key());
        match at.get(&key) {
            Some(&g) => groups[g].push(i),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    let mut kept = vec![false; reports.len()];
    for mut list in groups {
        // Newest first; a stable sort keeps the first given among equals.
        list.sort_by(|&a, &b| by_instant(&reports[b].1.reported_at, &reports[a].1.reported_at));
        let newest = list[0];
        let (file, report) = &reports[newest];
        for &other in &list[1..] {
            fates[other].1 =
                if by_instant(&reports[other].1.reported_at, &report.reported_at).is_eq() {
                    Fate::Same {
                        as_in: file.clone(),
                    }
                } else {
                    Fate::Superseded { by: file.clone() }
                };
        }
        kept[newest] = true;
    }
    let mut meetings: Vec<Reports> = Vec::new();
    for (file, report) in reports
        .into_iter()
        .enumerate()
        .filter(|(i, _)| kept[*i])
        .map(|(_, r)| r)
    {
        match meetings
            .iter_mut()
            .find(|m| m.meeting.source_id == report.meeting.source_id)
        {
            Some(m) => {
                // The meeting as its newest decisions file names it.
                if cmp_instants(&report.meeting.issued_at, &m.meeting.issued_at).is_gt() {
                    m.meeting = report.meeting.clone();
                }
                m.reports.push((file, report));
            }
            None => meetings.push(Reports {
                meeting: report.meeting.clone(),
                reports: vec![(file, report)],
            }),
        }
    }
    for m in &mut meetings {
        m.reports
            .sort_by(|a, b| natural_cmp(&a.1.organisation, &b.1.organisation));
    }
    meetings.sort_by(|a, b| {
        b.meeting
            .meeting_date
            .cmp(&a.meeting.meeting_date)
            .then_with(|| natural_cmp(&a.meeting.protocol_number, &b.meeting.protocol_number))
            .then_with(|| a.meeting.source_id.cmp(&b.meeting.source_id))
    });
    Collected { meetings, fates }
}

/// How the municipality closed a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// «Считать выполненным».
    Done,
    /// «Снять с контроля».
    Withdrawn,
}

impl How {
    fn code(self) -> &'static str {
        match self {
            How::Done => "done",
            How::Withdrawn => "withdrawn",
        }
    }

    /// «Считать выполненным» / «Снято с контроля», as the closure line starts.
    pub fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (How::Done, Lang::Ru) => "Считать выполненным",
            (How::Done, Lang::En) => "Considered done",
            (How::Withdrawn, Lang::Ru) => "Снято с контроля",
            (How::Withdrawn, Lang::En) => "Withdrawn from control",
        }
    }
}

/// A decision closed by the municipality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closure {
    pub number: String,
    pub how: How,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who decided (name, position).
    pub who: String,
}

/// Why a closure cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosureProblem {
    /// Nobody is named.
    NoWho,
    /// The date is no calendar day `YYYY-MM-DD`.
    BadDate,
}

impl Closure {
    /// A closure of decision `number`, if `who` names someone and `date` is a day.
    pub fn new(number: &str, how: How, date: &str, who: &str) -> Result<Closure, ClosureProblem> {
        if who.trim().is_empty() {
            return Err(ClosureProblem::NoWho);
        }
        if Day::parse_iso(date.trim()).is_none() {
            return Err(ClosureProblem::BadDate);
        }
        Ok(Closure {
            number: number.trim().to_owned(),
            how,
            date: date.trim().to_owned(),
            who: who.trim().to_owned(),
        })
    }

    /// «Считать выполненным — 04.12.2026, Иванова И. И.».
    pub fn line(&self, lang: Lang) -> String {
        let date = Day::parse_iso(&self.date).map_or(self.date.clone(), |d| d.to_string());
        format!("{} — {date}, {}", self.how.words(lang), self.who)
    }
}

/// The closures of every meeting, by the meeting's source id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closures(Vec<(String, Vec<Closure>)>);

impl Closures {
    /// A meeting's closures.
    pub fn of(&self, source_id: &str) -> &[Closure] {
        self.0
            .iter()
            .find(|(k, _)| k == source_id)
            .map_or(&[], |(_, list)| list.as_slice())
    }

    /// Closes a decision of a meeting (a closure of it held before is replaced).
    pub fn close(&mut self, source_id: &str, closure: Closure) {
        self.reopen(source_id, &closure.number);
        match self.0.iter_mut().find(|(k, _)| k == source_id) {
            Some((_, list)) => list.push(closure),
            None => self.0.push((source_id.to_owned(), vec![closure])),
        }
    }

    /// Puts a decision back under control («Вернуть на контроль»).
    pub fn reopen(&mut self, source_id: &str, number: &str) {
        for (k, list) in &mut self.0 {
            if k == source_id {
                list.retain(|c| c.number != number);
            }
        }
        self.0.retain(|(_, list)| !list.is_empty());
    }

    /// `{"<source id>": [{"number", "how", "date", "who"}, …], …}`.
    pub fn to_json(&self) -> String {
        let text = |s: &str| Json::Str(s.to_owned());
        Json::Obj(
            self.0
                .iter()
                .map(|(k, list)| {
                    let list = list
                        .iter()
                        .map(|c| {
                            Json::Obj(vec![
                                ("number".into(), text(&c.number)),
                                ("how".into(), text(c.how.code())),
                                ("date".into(), text(&c.date)),
                                ("who".into(), text(&c.who)),
                            ])
                        })
                        .collect();
                    (k.clone(), Json::Arr(list))
                })
                .collect(),
        )
        .text()
    }

    /// What [`Closures::to_json`] wrote. Anything else — not JSON, another shape, a closure
    /// with no one named or no day — is left out: a stored value spoilt by hand or by another
    /// version closes nothing.
    pub fn from_json(text: &str) -> Closures {
        let mut out = Closures::default();
        let Ok(Json::Obj(meetings)) = Json::parse(text) else {
            return out;
        };
        for (source_id, list) in meetings {
            let Json::Arr(list) = list else { continue };
            for c in list {
                let get = |k: &str| c.get(k).and_then(Json::as_str).unwrap_or("");
                let how = match get("how") {
                    "done" => How::Done,
                    "withdrawn" => How::Withdrawn,
                    _ => continue,
                };
                if get("number").trim().is_empty() {
                    continue;
                }
                if let Ok(closure) = Closure::new(get("number"), how, get("date"), get("who")) {
                    out.close(&source_id, closure);
                }
            }
        }
        out
    }
}

/// One organisation's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organisation {
    pub name: String,
    pub inn: String,
    pub reported_at: String,
    /// The file its report came from.
    pub file: String,
    /// [`Report::organisation_key`].
    pub key: String,
}

/// What one organisation reports on one decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub status: String,
    pub execution: String,
    pub evidence: String,
    pub executed_on: String,
    /// The deadline as written has passed and neither the status nor the municipality closed
    /// the decision.
    pub overdue: bool,
    /// Done, but on a day after the deadline («исполнено с нарушением срока»).
    pub late: bool,
}

/// One decision's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub number: String,
    /// As the newest report gives it.
    pub addressee: String,
    pub decision: String,
    pub deadline: String,
    pub closure: Option<Closure>,
    /// Per organisation, in [`Matrix::organisations`]' order; `None` where that organisation
    /// does not report on it (the decision was not addressed to it).
    pub cells: Vec<Option<Cell>>,
}

impl Decision {
    /// How many organisations are overdue on it.
    pub fn overdue(&self) -> usize {
        self.cells.iter().flatten().filter(|c| c.overdue).count()
    }
}

/// One meeting's decisions × organisations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub meeting: Meeting,
    pub organisations: Vec<Organisation>,
    /// By number: 1.2 before 1.10 before 2.1.
    pub decisions: Vec<Decision>,
}

/// Whether a deadline as written has passed by `today` with `status` not closing it.
fn overdue(deadline_text: &str, status: &str, today: Option<Day>) -> bool {
    let Some(today) = today else { return false };
    !closes(status)
        && deadline::read(deadline_text)
            .due(today)
            .is_some_and(|d| d < today)
}

/// Whether a decision done on `executed_on` was done after its deadline.
fn done_late(deadline_text: &str, status: &str, executed_on: &str) -> bool {
    let Some(day) = Day::parse_iso(executed_on) else {
        return false;
    };
    status == "done"
        && deadline::read(deadline_text)
            .due(day)
            .is_some_and(|d| d < day)
}

impl Matrix {
    /// The matrix of one meeting's `reports` on `today` (`YYYY-MM-DD`), with the
    /// municipality's `closures` of that meeting.
    pub fn of(reports: &Reports, closures: &[Closure], today: &str) -> Matrix {
        let today = Day::parse_iso(today);
        let organisations: Vec<Organisation> = reports
            .reports
            .iter()
            .map(|(file, r)| Organisation {
                name: r.organisation.trim().to_owned(),
                inn: r.inn.trim().to_owned(),
                reported_at: r.reported_at.clone(),
                file: file.clone(),
                key: r.organisation_key(),
            })
            .collect();
        // Each number, with the report that gives its wording: the one on the newest decisions
        // file, then the newest report.
        let mut numbers: Vec<(String, &Report)> = Vec::new();
        for (_, r) in &reports.reports {
            for row in &r.rows {
                let newer = |held: &Report| {
                    cmp_instants(&r.meeting.issued_at, &held.meeting.issued_at)
                        .then_with(|| cmp_instants(&r.reported_at, &held.reported_at))
                        .is_gt()
                };
                match numbers.iter_mut().find(|(n, _)| *n == row.number) {
                    Some((_, held)) if newer(held) => *held = r,
                    Some(_) => {}
                    None => numbers.push((row.number.clone(), r)),
                }
            }
        }
        numbers.sort_by(|a, b| natural_cmp(&a.0, &b.0));
        let decisions = numbers
            .into_iter()
            .map(|(number, source)| {
                let row = source.rows.iter().find(|r| r.number == number);
                let deadline = row.map_or("", |r| r.deadline.as_str()).to_owned();
                let closure = closures.iter().find(|c| c.number == number).cloned();
                let cells = reports
                    .reports
                    .iter()
                    .map(|(_, r)| {
                        let row = r.rows.iter().find(|x| x.number == number)?;
                        Some(Cell {
                            status: row.status.clone(),
                            execution: row.execution.trim().to_owned(),
                            evidence: row.evidence.trim().to_owned(),
                            executed_on: row.executed_on.clone(),
                            overdue: closure.is_none() && overdue(&deadline, &row.status, today),
                            late: done_late(&deadline, &row.status, &row.executed_on),
                        })
                    })
                    .collect();
                Decision {
                    addressee: row.map_or("", |r| r.addressee.trim()).to_owned(),
                    decision: row.map_or("", |r| r.decision.trim()).to_owned(),
                    number,
                    deadline,
                    closure,
                    cells,
                }
            })
            .collect();
        Matrix {
            meeting: reports.meeting.clone(),
            organisations,
            decisions,
        }
    }

    /// The matrix as the filters leave it: one decision, one organisation's column, the
    /// decisions where some organisation shown has this status, the overdue ones only.
    pub fn filtered(&self, f: &Filter) -> Matrix {
        let columns: Vec<usize> = (0..self.organisations.len())
            .filter(|&i| {
                f.organisation
                    .as_ref()
                    .is_none_or(|k| self.organisations[i].key == *k)
            })
            .collect();
        let decisions = self
            .decisions
            .iter()
            .filter(|d| f.decision.as_ref().is_none_or(|n| d.number == *n))
            .filter(|d| f.addressee.as_ref().is_none_or(|a| d.addressee == *a))
            .map(|d| Decision {
                cells: columns.iter().map(|&i| d.cells[i].clone()).collect(),
                ..d.clone()
            })
            .filter(|d| {
                let cells = || d.cells.iter().flatten();
                f.status
                    .as_ref()
                    .is_none_or(|s| cells().any(|c| c.status == *s))
                    && (!f.only_overdue || cells().any(|c| c.overdue))
            })
            .collect();
        Matrix {
            meeting: self.meeting.clone(),
            organisations: columns
                .iter()
                .map(|&i| self.organisations[i].clone())
                .collect(),
            decisions,
        }
    }
}

/// What the matrix is narrowed to; `None` is «все».
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// A decision's number.
    pub decision: Option<String>,
    /// An organisation's key ([`Organisation::key`]).
    pub organisation: Option<String>,
    /// A decision's addressee, as written.
    pub addressee: Option<String>,
    /// A status value.
    pub status: Option<String>,
    pub only_overdue: bool,
}

/// A status value's words; an unknown value as it is.
pub fn status_words(value: &str, lang: Lang) -> &str {
    STATUSES
        .iter()
        .find(|s| s.value == value)
        .map_or(value, |s| lang.t(s.ru, s.en))
}

/// A cell's status as the table and the paper say it: «в работе, просрочено», «исполнено с
/// нарушением срока».
pub fn cell_status(c: &Cell, lang: Lang) -> String {
    let mut out = status_words(&c.status, lang).to_owned();
    if c.late {
        out.push_str(lang.t(" с нарушением срока", " after the deadline"));
    }
    if c.overdue {
        out.push_str(lang.t(", просрочено", ", overdue"));
    }
    out
}

/// «Информация о выполнении решений»: the header «Решение | Исполнение», then per decision
/// «1.1. Решение (срок: до 01.03.2027)» beside one line per organisation that reports on it —
/// «МБОУ «СОШ № 1»: исполнено; что сделано; приказ № 5, 12.02.2027» — and the municipality's
/// closure, if any. The printed table and its CSV are these rows.
pub fn info_rows(matrix: &Matrix, lang: Lang) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        lang.t("Решение", "Decision").to_owned(),
        lang.t("Исполнение", "Execution").to_owned(),
    ]];
    for d in &matrix.decisions {
        let mut decision = format!("{}. {}", d.number, d.decision);
        if !d.deadline.trim().is_empty() {
            let word = lang.t("срок", "deadline");
            decision.push_str(&format!(" ({word}: {})", d.deadline.trim()));
        }
        let mut lines: Vec<String> = matrix
            .organisations
            .iter()
            .zip(&d.cells)
            .filter_map(|(o, c)| Some((o, c.as_ref()?)))
            .map(|(o, c)| {
                let mut parts = vec![cell_status(c, lang)];
                if !c.execution.is_empty() {
                    parts.push(c.execution.clone());
                }
                let date = Day::parse_iso(&c.executed_on).map(|d| d.to_string());
                match (c.evidence.as_str(), date) {
                    ("", None) => {}
                    ("", Some(date)) => parts.push(date),
                    (evidence, None) => parts.push(evidence.to_owned()),
                    (evidence, Some(date)) => parts.push(format!("{evidence}, {date}")),
                }
                format!("{}: {}", o.name, parts.join("; "))
            })
            .collect();
        if let Some(c) = &d.closure {
            lines.push(c.line(lang));
        }
        rows.push(vec![decision, lines.join("\n")]);
    }
    rows
}
