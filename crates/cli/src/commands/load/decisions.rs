//! Decisions files and execution reports into the database: a meeting by its newest decisions
//! file (`issued_at`), its decisions likewise, and a school's execution by its newest report
//! (`reported_at`), whose rows replace the school's earlier ones for that meeting.

use exchange::{DecisionFile, Decisions, Execution, Meeting};
use postgres::{Client, Transaction};

use super::{copy, db_words, due, instant, Counts};
use model::Lang;

/// Writes a decisions file or an execution report in one transaction; on any error nothing of
/// it stays.
pub(super) fn load_decisions(
    client: &mut Client,
    file: &DecisionFile,
    lang: Lang,
) -> Result<Counts, String> {
    let time = |column: &str, text: &str| {
        instant(text).ok_or_else(|| {
            format!(
                "{column} «{text}» {}",
                lang.t(
                    "— не момент времени: ожидалось вроде 2026-11-21T09:30:00+05:00",
                    "is no time: expected one such as 2026-11-21T09:30:00+05:00"
                )
            )
        })
    };
    let meeting = match file {
        DecisionFile::Decisions(d) => &d.meeting,
        DecisionFile::Execution(r) => &r.meeting,
    };
    let issued_at = time("issued_at", &meeting.issued_at)?;
    let mut tx = client.transaction().map_err(|e| db_words(&e))?;
    let counts = match file {
        DecisionFile::Decisions(d) => decisions(&mut tx, d, &issued_at),
        DecisionFile::Execution(r) => {
            let reported_at = time("reported_at", &r.reported_at)?;
            execution(&mut tx, r, &issued_at, &reported_at)
        }
    }
    .map_err(|e| db_words(&e))?;
    tx.commit().map_err(|e| db_words(&e))?;
    Ok(counts)
}

/// The meeting as a file names it, kept as the newest version of its decisions file says it.
fn meeting(tx: &mut Transaction, m: &Meeting, issued_at: &str) -> Result<(), postgres::Error> {
    let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    tx.execute(
        "INSERT INTO otsenka_meeting (source_id, issuer, body, protocol_number, meeting_date, \
         issued_at) VALUES ($1, $2, $3, $4, $5::text::date, $6::text::timestamptz) \
         ON CONFLICT (source_id) DO UPDATE SET issuer = EXCLUDED.issuer, body = EXCLUDED.body, \
         protocol_number = EXCLUDED.protocol_number, meeting_date = EXCLUDED.meeting_date, \
         issued_at = EXCLUDED.issued_at WHERE otsenka_meeting.issued_at < EXCLUDED.issued_at",
        &[
            &m.source_id,
            &some(&m.issuer),
            &some(&m.body),
            &some(&m.protocol_number),
            &some(&m.meeting_date),
            &issued_at,
        ],
    )?;
    Ok(())
}

/// The columns of a decision's row, in the order [`decisions`] streams them.
const DECISION_COLUMNS: &str = "source_id, number, agenda_item, addressee, decision, \
     responsible, controller, deadline, deadline_end, deadline_month, deadline_day, issued_at";

/// A decisions file's decisions, each stored unless the stored one is from the same file or a
/// newer one.
fn decisions(
    tx: &mut Transaction,
    file: &Decisions,
    issued_at: &str,
) -> Result<Counts, postgres::Error> {
    meeting(tx, &file.meeting, issued_at)?;
    let rows: Vec<[String; 12]> = file
        .decisions
        .iter()
        .map(|d| {
            let [end, month, day] = due(&d.deadline);
            [
                file.meeting.source_id.clone(),
                d.number.clone(),
                d.agenda_item.clone(),
                d.addressee.clone(),
                d.decision.clone(),
                d.responsible.clone(),
                d.controller.clone(),
                d.deadline.clone(),
                end,
                month,
                day,
                issued_at.to_owned(),
            ]
        })
        .collect();
    copy(
        tx,
        &format!("otsenka_decision_in ({DECISION_COLUMNS})"),
        &rows,
    )?;
    let written = tx.execute(
        &format!(
            "INSERT INTO otsenka_decision ({DECISION_COLUMNS}) \
             SELECT {DECISION_COLUMNS} FROM otsenka_decision_in \
             ON CONFLICT (source_id, number) DO UPDATE SET agenda_item = EXCLUDED.agenda_item, \
             addressee = EXCLUDED.addressee, decision = EXCLUDED.decision, \
             responsible = EXCLUDED.responsible, controller = EXCLUDED.controller, \
             deadline = EXCLUDED.deadline, deadline_end = EXCLUDED.deadline_end, \
             deadline_month = EXCLUDED.deadline_month, deadline_day = EXCLUDED.deadline_day, \
             issued_at = EXCLUDED.issued_at WHERE otsenka_decision.issued_at < EXCLUDED.issued_at"
        ),
        &[],
    )?;
    let written = usize::try_from(written).unwrap_or(usize::MAX);
    Ok(Counts {
        decisions: written,
        decisions_kept: rows.len().saturating_sub(written),
        ..Counts::default()
    })
}

/// A school's execution report: its rows replace the school's stored ones for the meeting,
/// unless the stored report is this one or newer.
fn execution(
    tx: &mut Transaction,
    file: &Execution,
    issued_at: &str,
    reported_at: &str,
) -> Result<Counts, postgres::Error> {
    let source_id = &file.meeting.source_id;
    // Who the school is, by the app's one rule: its ИНН, else its name as compared.
    let school = model::SchoolId::new(&file.inn, "", "", &file.organisation);
    let key = match school.code() {
        "" => file.organisation.trim().to_lowercase(),
        code => code.to_owned(),
    };
    let stored = tx.query_opt(
        "SELECT reported_at >= $3::text::timestamptz FROM otsenka_execution \
         WHERE source_id = $1 AND organisation_key = $2 LIMIT 1",
        &[source_id, &key, &reported_at],
    )?;
    if stored.is_some_and(|r| r.get::<_, bool>(0)) {
        return Ok(Counts {
            reports_kept: 1,
            ..Counts::default()
        });
    }
    meeting(tx, &file.meeting, issued_at)?;
    tx.execute(
        "DELETE FROM otsenka_execution WHERE source_id = $1 AND organisation_key = $2",
        &[source_id, &key],
    )?;
    let rows: Vec<[String; 16]> = file
        .rows
        .iter()
        .map(|r| {
            let [end, month, day] = due(&r.deadline);
            [
                source_id.clone(),
                key.clone(),
                file.organisation.clone(),
                file.inn.clone(),
                r.number.clone(),
                r.decision.clone(),
                r.deadline.clone(),
                end,
                month,
                day,
                r.status.clone(),
                model::closes(&r.status).to_string(),
                r.execution.clone(),
                r.evidence.clone(),
                r.executed_on.clone(),
                reported_at.to_owned(),
            ]
        })
        .collect();
    copy(
        tx,
        "otsenka_execution (source_id, organisation_key, organisation, inn, number, decision, \
         deadline, deadline_end, deadline_month, deadline_day, status, closed, execution, \
         evidence, executed_on, reported_at)",
        &rows,
    )?;
    Ok(Counts {
        reports: 1,
        ..Counts::default()
    })
}
