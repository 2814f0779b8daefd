//! The decisions workflow between devices, on records: what a meeting's record sends to
//! schools ([`to_send`]), what a school's device makes of a decisions file ([`receive`]) and
//! the execution report it sends back ([`execution_of`]). The bytes are [`crate::csv::decisions`].
//!
//! A school's copy of a meeting is an assessment of the decisions template with the id
//! [`received_id`] of the meeting: opening the same file again changes nothing, a newer file
//! (later `issued_at`) rewrites the decisions' wording and deadlines and adds new decisions,
//! and what the school recorded — status, execution, evidence, date — is never touched.

use model::{audience, cmp_instants, sha256, Assessment, Audience, Template, VecMap};

use crate::csv::decisions::{Decisions, Executed, Execution, Meeting, SentDecision};

/// The template id and table id of meetings' records.
pub const DECISIONS_TEMPLATE: &str = "decisions";
pub const DECISIONS_TABLE: &str = "decisions";

/// The columns a newer decisions file rewrites in a school's copy; every other column is the
/// school's.
const FROM_FILE: [&str; 7] = [
    "number",
    "agenda_item",
    "addressee",
    "decision",
    "responsible",
    "controller",
    "deadline",
];

fn cell<'a>(row: &'a VecMap<String>, id: &str) -> &'a str {
    row.get(id).map_or("", |v| v.trim())
}

/// The meeting a record is of, for a file made at `issued_at`.
fn meeting_of(a: &Assessment, issued_at: &str) -> Meeting {
    Meeting {
        source_id: a.id.clone(),
        issuer: a.respondent_value("organisation").trim().to_owned(),
        body: a.respondent_value("body").trim().to_owned(),
        protocol_number: a.respondent_value("protocol_number").trim().to_owned(),
        meeting_date: a
            .answer("meeting_date")
            .map(|x| x.value.trim().to_owned())
            .filter(|d| model::is_date(d))
            .unwrap_or_default(),
        issued_at: issued_at.to_owned(),
    }
}

/// The files a meeting's record sends: first the one for every school (the decisions
/// addressed to all of them), then one per school an addressee names (its own decisions and
/// those for all). Decisions for other bodies are in none. Empty when no decision is for
/// schools.
pub fn to_send(a: &Assessment, issued_at: &str) -> Vec<Decisions> {
    let meeting = meeting_of(a, issued_at);
    let rows = a
        .answer(DECISIONS_TABLE)
        .map(|x| x.rows.as_slice())
        .unwrap_or_default();
    let mut all = Vec::new();
    let mut named: Vec<(String, Vec<SentDecision>)> = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let number = match cell(row, "number") {
            "" => (n + 1).to_string(),
            x => x.to_owned(),
        };
        let sent = SentDecision {
            number,
            agenda_item: cell(row, "agenda_item").to_owned(),
            addressee: cell(row, "addressee").to_owned(),
            decision: row.get("decision").cloned().unwrap_or_default(),
            responsible: cell(row, "responsible").to_owned(),
            controller: cell(row, "controller").to_owned(),
            deadline: cell(row, "deadline").to_owned(),
        };
        if sent.decision.trim().is_empty() {
            continue;
        }
        match audience(&sent.addressee) {
            Audience::AllSchools => all.push(sent),
            Audience::Schools(schools) => {
                for s in schools {
                    match named
                        .iter_mut()
                        .find(|(k, _)| k.to_lowercase() == s.to_lowercase())
                    {
                        Some((_, list)) => list.push(sent.clone()),
                        None => named.push((s, vec![sent.clone()])),
                    }
                }
            }
            Audience::Other => {}
        }
    }
    let mut files = Vec::new();
    if !all.is_empty() {
        files.push(Decisions {
            meeting: meeting.clone(),
            recipient: String::new(),
            decisions: all.clone(),
        });
    }
    for (school, own) in named {
        let mut decisions = own;
        decisions.extend(all.iter().cloned());
        decisions.sort_by(|a, b| number_order(&a.number, &b.number));
        decisions.dedup_by(|a, b| a.number == b.number);
        files.push(Decisions {
            meeting: meeting.clone(),
            recipient: school,
            decisions,
        });
    }
    files
}

/// «1.2» before «1.10» before «2.1»: numbers compared part by part.
fn number_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split('.')
            .map(|p| (p.trim().parse().unwrap_or(u64::MAX), p.to_owned()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

/// The id of a school's copy of a meeting: readable when the sender's id is plain, a digest
/// when it is not (the id comes from a file).
pub fn received_id(source_id: &str) -> String {
    let plain = !source_id.is_empty()
        && source_id.len() <= 64
        && source_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        format!("in-{source_id}")
    } else {
        let d = sha256(source_id.as_bytes());
        let hex: String = d[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("in-{hex}")
    }
}

/// What opening a decisions file did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// A meeting new to this device: its copy, to be stored.
    New(Assessment),
    /// A newer file of a meeting held: the copy with `changed` decisions rewritten and `added`
    /// new ones, to be stored.
    Updated {
        copy: Assessment,
        changed: usize,
        added: usize,
    },
    /// The same file (or the same decisions) again: nothing to store.
    Same,
    /// A file older than the one already opened: nothing to store.
    Older { held: String },
}

/// Who the school is, for a new copy: its name and ИНН as its own records on this device give
/// them (empty when unknown; the person fills them in before reporting).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct School {
    pub organisation: String,
    pub inn: String,
}

/// The name and ИНН of the school this device belongs to: from the newest record that has an
/// ИНН, other than meetings' copies received.
pub fn school_of(records: &[Assessment]) -> School {
    let mut best: Option<&Assessment> = None;
    for a in records {
        if a.id.starts_with("in-") || a.respondent_value("inn").trim().is_empty() {
            continue;
        }
        if best.is_none_or(|b| cmp_instants(&a.updated_at, &b.updated_at).is_gt()) {
            best = Some(a);
        }
    }
    best.map(|a| School {
        organisation: a.respondent_value("organisation").trim().to_owned(),
        inn: a.respondent_value("inn").trim().to_owned(),
    })
    .unwrap_or_default()
}

/// What `file` does to this device: `held` is the copy of its meeting already here, if any;
/// `template` the decisions template a new copy is made on; `now` the time of opening.
pub fn receive(
    file: &Decisions,
    held: Option<&Assessment>,
    template: &Template,
    school: &School,
    now: &str,
) -> Received {
    let m = &file.meeting;
    let Some(held) = held else {
        let mut a = Assessment::new(received_id(&m.source_id), template, now.to_owned());
        let mut set = |k: &str, v: &str| {
            if !v.is_empty() {
                a.respondent.insert(k.to_owned(), v.to_owned());
            }
        };
        let organisation = if school.organisation.is_empty() {
            file.recipient.as_str()
        } else {
            school.organisation.as_str()
        };
        set("organisation", organisation);
        set("inn", &school.inn);
        set("body", &m.body);
        set("protocol_number", &m.protocol_number);
        set("received_from", &m.issuer);
        set("received_at", &m.issued_at);
        if !m.meeting_date.is_empty() {
            a.update_answer("meeting_date", |x| x.value = m.meeting_date.clone());
        }
        a.update_answer(DECISIONS_TABLE, |x| {
            x.rows = file.decisions.iter().map(row_of).collect();
        });
        return Received::New(a);
    };
    let held_at = held.respondent_value("received_at").to_owned();
    if !held_at.is_empty() && cmp_instants(&m.issued_at, &held_at).is_lt() {
        return Received::Older { held: held_at };
    }
    let mut copy = held.clone();
    let (mut changed, mut added) = (0, 0);
    copy.update_answer(DECISIONS_TABLE, |x| {
        for d in &file.decisions {
            let fresh = row_of(d);
            match x.rows.iter_mut().find(|r| cell(r, "number") == d.number) {
                Some(row) => {
                    let differs = FROM_FILE.iter().any(|k| {
                        row.get(k).map_or("", String::as_str)
                            != fresh.get(k).map_or("", String::as_str)
                    });
                    if differs {
                        for k in FROM_FILE {
                            row.insert(k.to_owned(), fresh.get(k).cloned().unwrap_or_default());
                        }
                        changed += 1;
                    }
                }
                None => {
                    x.rows.push(fresh);
                    added += 1;
                }
            }
        }
    });
    let meeting_changed = [
        ("body", &m.body),
        ("protocol_number", &m.protocol_number),
        ("received_from", &m.issuer),
    ]
    .iter()
    .any(|(k, v)| copy.respondent_value(k) != v.as_str());
    if changed == 0 && added == 0 && !meeting_changed {
        return Received::Same;
    }
    for (k, v) in [
        ("body", &m.body),
        ("protocol_number", &m.protocol_number),
        ("received_from", &m.issuer),
        ("received_at", &m.issued_at),
    ] {
        copy.respondent.insert(k.to_owned(), v.clone());
    }
    copy.updated_at = now.to_owned();
    copy.revision = held.revision.saturating_add(1);
    Received::Updated {
        copy,
        changed,
        added,
    }
}

fn row_of(d: &SentDecision) -> VecMap<String> {
    let mut row = VecMap::new();
    for (k, v) in [
        ("number", &d.number),
        ("agenda_item", &d.agenda_item),
        ("addressee", &d.addressee),
        ("decision", &d.decision),
        ("responsible", &d.responsible),
        ("controller", &d.controller),
        ("deadline", &d.deadline),
    ] {
        row.insert(k.to_owned(), v.clone());
    }
    row.insert("status".to_owned(), model::STATUSES[0].value.to_owned());
    row
}

/// What a school must fill in before its report can be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotReady {
    /// The school's name or ИНН is empty (the respondent field ids).
    Missing(Vec<&'static str>),
    /// The record is not a copy received from a decisions file.
    NotReceived,
}

/// The execution report of a school's copy of a meeting, made at `reported_at`.
pub fn execution_of(copy: &Assessment, reported_at: &str) -> Result<Execution, NotReady> {
    let Some(source_id) = copy.id.strip_prefix("in-") else {
        return Err(NotReady::NotReceived);
    };
    if copy.respondent_value("received_at").is_empty() {
        return Err(NotReady::NotReceived);
    }
    let missing: Vec<&'static str> = ["organisation", "inn"]
        .into_iter()
        .filter(|k| copy.respondent_value(k).trim().is_empty())
        .collect();
    if !missing.is_empty() {
        return Err(NotReady::Missing(missing));
    }
    let meeting = Meeting {
        source_id: source_id.to_owned(),
        issuer: copy.respondent_value("received_from").to_owned(),
        body: copy.respondent_value("body").to_owned(),
        protocol_number: copy.respondent_value("protocol_number").to_owned(),
        meeting_date: copy
            .answer("meeting_date")
            .map(|x| x.value.clone())
            .unwrap_or_default(),
        issued_at: copy.respondent_value("received_at").to_owned(),
    };
    let rows = copy
        .answer(DECISIONS_TABLE)
        .map(|x| x.rows.as_slice())
        .unwrap_or_default();
    Ok(Execution {
        meeting,
        organisation: copy.respondent_value("organisation").trim().to_owned(),
        inn: copy.respondent_value("inn").trim().to_owned(),
        reported_at: reported_at.to_owned(),
        rows: rows
            .iter()
            .filter(|r| !cell(r, "number").is_empty())
            .map(|r| Executed {
                number: cell(r, "number").to_owned(),
                addressee: cell(r, "addressee").to_owned(),
                decision: r.get("decision").cloned().unwrap_or_default(),
                deadline: cell(r, "deadline").to_owned(),
                status: match cell(r, "status") {
                    "" => model::STATUSES[0].value.to_owned(),
                    s => s.to_owned(),
                },
                execution: r.get("execution").cloned().unwrap_or_default(),
                evidence: cell(r, "evidence").to_owned(),
                executed_on: cell(r, "executed_on").to_owned(),
            })
            .collect(),
    })
}
