//! `load`: the accepted assessments of the files into the region's PostgreSQL database, in the
//! schema of `sql/load.sql` (run first, idempotently). One transaction per file: a file is
//! written whole or not at all. Per assessment id only the newest revision is kept (`updated_at`,
//! then `revision`): loading a file again, or an older copy, changes nothing. Rows go in with
//! `COPY`, a file's rows of each table in one stream.
//!
//! A decisions file or an execution report among the paths (a file that is no self-assessment
//! export but reads as that format) goes in the same way, in its own transaction: a meeting's
//! decisions by the newest decisions file (`issued_at`), a school's execution of them by its
//! newest report (`reported_at`), whose rows replace the school's earlier ones for that meeting.

use std::path::Path;
use std::process::ExitCode;

use exchange::{DecisionFile, FileReport, Layout, Problem, What};
use model::{Assessment, Template};
use postgres::{Client, NoTls, Transaction};

use crate::args::Load;
use crate::read::{each_file_mapped, FileOutcome};
use crate::walk::walk;
use model::Lang;

/// The schema `load` writes into, created when missing.
pub const SCHEMA: &str = include_str!("../../../../../sql/load.sql");

mod decisions;
use decisions::load_decisions;

/// What loading did.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    /// Assessments written (new, or newer than the stored revision).
    written: usize,
    /// Assessments already stored at this revision or a newer one.
    kept: usize,
    /// Table rows written.
    rows: usize,
    /// Decisions written (new, or from a newer decisions file than the stored one).
    decisions: usize,
    /// Decisions stored already from the same decisions file or a newer one.
    decisions_kept: usize,
    /// Execution reports written (new, or newer than the school's stored report).
    reports: usize,
    /// Execution reports stored already, or older than the school's stored one.
    reports_kept: usize,
}

impl Counts {
    fn add(&mut self, c: Counts) {
        self.written += c.written;
        self.kept += c.kept;
        self.rows += c.rows;
        self.decisions += c.decisions;
        self.decisions_kept += c.decisions_kept;
        self.reports += c.reports;
        self.reports_kept += c.reports_kept;
    }

    /// Whether a decisions file or an execution report went in, or was there already.
    fn any_decisions(&self) -> bool {
        self.decisions + self.decisions_kept + self.reports + self.reports_kept > 0
    }
}

/// What a file is, once read.
enum Got {
    /// Neither format, or a file of one of them with problems: each at its line.
    Refused(Vec<Problem>),
    /// School self-assessments, with the file's warnings.
    Assessments(FileReport, Vec<Assessment>, Vec<Problem>),
    /// A decisions file or an execution report.
    Decisions(DecisionFile),
}

/// A file the self-assessment reader calls no export is read again as a decisions file or an
/// execution report; when it is neither, its problems are the self-assessment reader's.
fn classify(path: &Path, got: FileOutcome) -> Got {
    match got {
        Ok((report, list, warnings)) => Got::Assessments(report, list, warnings),
        Err(problems) if problems.iter().any(|p| p.what == What::NotAnExport) => {
            let Ok(bytes) = std::fs::read(path) else {
                return Got::Refused(problems);
            };
            match exchange::read_decision_file(&bytes) {
                Ok(file) => Got::Decisions(file),
                Err(other)
                    if other.iter().any(
                        |p| matches!(&p.what, What::NotADecisionFile { found } if found.is_empty()),
                    ) =>
                {
                    Got::Refused(problems)
                }
                Err(other) => Got::Refused(
                    other
                        .into_iter()
                        .map(|mut p| {
                            p.file = path.display().to_string();
                            p
                        })
                        .collect(),
                ),
            }
        }
        Err(problems) => Got::Refused(problems),
    }
}

pub fn load(o: &Load, templates: &[Template], lang: Lang) -> Result<ExitCode, String> {
    let mut client = Client::connect(&o.db, NoTls).map_err(|e| {
        format!(
            "{}: {}",
            lang.t(
                "не удалось подключиться к базе",
                "could not connect to the database"
            ),
            db_words(&e)
        )
    })?;
    client
        .batch_execute(SCHEMA)
        .map_err(|e| format!("sql/load.sql: {}", db_words(&e)))?;
    // A file's commit does not wait for the disk: a crash may lose the last files' commits
    // (never part of one), and loading the same files again puts them back — the load is
    // idempotent. Waiting would make 40 000 files 40 000 disk flushes.
    client
        .batch_execute("SET synchronous_commit = off")
        .map_err(|e| db_words(&e))?;
    // Where a decisions file's rows wait to be merged into the stored ones (COPY cannot merge).
    client
        .batch_execute(
            "CREATE TEMP TABLE otsenka_decision_in (LIKE otsenka_decision) ON COMMIT DELETE ROWS",
        )
        .map_err(|e| db_words(&e))?;
    let walk = walk(&o.paths.paths, lang);
    for w in &walk.warnings {
        eprintln!("{w}");
    }
    let (mut files, mut refused) = (0usize, 0usize);
    let mut total = Counts::default();
    let mut lost: Option<String> = None;
    each_file_mapped(&walk.files, templates, &classify, &mut |path, got| {
        if lost.is_some() {
            return;
        }
        files += 1;
        let loaded = match got {
            Got::Refused(problems) => {
                refused += 1;
                for p in problems {
                    eprintln!("{}", wording::csv_problem(&p, lang));
                }
                return;
            }
            Got::Assessments(report, list, warnings) => {
                for p in &warnings {
                    eprintln!("{}", wording::csv_problem(p, lang));
                }
                load_file(&mut client, path, report.layout, &list, templates, lang)
            }
            Got::Decisions(file) => load_decisions(&mut client, &file, lang),
        };
        match loaded {
            Ok(c) => total.add(c),
            Err(why) => {
                refused += 1;
                eprintln!(
                    "{}: {} {why}",
                    path.display(),
                    lang.t(
                        "файл не записан, в базе ничего не изменилось:",
                        "the file was not written, nothing changed in the database:"
                    )
                );
                if client.is_closed() {
                    lost = Some(why);
                }
            }
        }
    });
    if let Some(why) = lost {
        return Err(format!(
            "{}: {why}",
            lang.t(
                "связь с базой потеряна, остальные файлы не читались",
                "the connection to the database was lost; the other files were not read"
            )
        ));
    }
    println!(
        "{}",
        match lang {
            Lang::Ru => format!(
                "Файлов: {files}, не принято: {refused}; записано самооценок: {}, уже были в базе: {}; записано строк таблиц: {}.",
                total.written, total.kept, total.rows
            ),
            Lang::En => format!(
                "Files: {files}, refused: {refused}; assessments written: {}, already there: {}; table rows written: {}.",
                total.written, total.kept, total.rows
            ),
        }
    );
    if total.any_decisions() {
        println!(
            "{}",
            match lang {
                Lang::Ru => format!(
                    "Записано решений: {}, уже были в базе: {}; записано отчётов об исполнении: {}, уже были в базе или старше: {}.",
                    total.decisions, total.decisions_kept, total.reports, total.reports_kept
                ),
                Lang::En => format!(
                    "Decisions written: {}, already there: {}; execution reports written: {}, already there or older: {}.",
                    total.decisions, total.decisions_kept, total.reports, total.reports_kept
                ),
            }
        );
    }
    Ok(if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A database error as its server message (what, and the detail), not a debug dump.
fn db_words(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_owned(),
        },
        None => e.to_string(),
    }
}

/// Writes one file's assessments in one transaction; on any error nothing of it stays.
fn load_file(
    client: &mut Client,
    path: &Path,
    layout: Layout,
    list: &[Assessment],
    templates: &[Template],
    lang: Lang,
) -> Result<Counts, String> {
    let mut tx = client.transaction().map_err(|e| db_words(&e))?;
    let mut counts = Counts::default();
    let mut out = Streams::default();
    for a in list {
        let Some(t) = templates.iter().find(|t| a.is_for(t)) else {
            continue;
        };
        if layout == Layout::Tables {
            // A file of table rows adds to its assessment's main file: that must be here.
            let known = tx
                .query_opt(
                    "SELECT 1 FROM otsenka_assessment WHERE assessment_id = $1",
                    &[&a.id],
                )
                .map_err(|e| db_words(&e))?;
            if known.is_none() {
                return Err(format!(
                    "{} {}",
                    a.id,
                    lang.t(
                        "— строки таблиц самооценки, которой нет в базе: загрузите сначала основной файл школы",
                        "— table rows of an assessment the database does not hold: load the school's main file first"
                    )
                ));
            }
            let items: Vec<String> = a.answers.iter().map(|(k, _)| k.to_owned()).collect();
            tx.execute(
                "DELETE FROM otsenka_table_row WHERE assessment_id = $1 AND item_id = ANY($2)",
                &[&a.id, &items],
            )
            .map_err(|e| db_words(&e))?;
            counts.rows += out.rows(t, a);
            continue;
        }
        let revision = i32::try_from(a.revision).unwrap_or(i32::MAX);
        let stored = tx
            .query_opt(
                "SELECT (updated_at, revision) >= ($2::text::timestamptz, $3) \
                 FROM otsenka_assessment WHERE assessment_id = $1",
                &[&a.id, &a.updated_at, &revision],
            )
            .map_err(|e| db_words(&e))?;
        if stored.as_ref().is_some_and(|r| r.get::<_, bool>(0)) {
            counts.kept += 1;
            continue;
        }
        tx.execute(
            "DELETE FROM otsenka_assessment WHERE assessment_id = $1",
            &[&a.id],
        )
        .map_err(|e| db_words(&e))?;
        let results = model::evaluate(t, a);
        let total = results.total.reported().map(|p| p.decimal_point());
        let level = results.total_level.map(|l| l.label.ru.clone());
        let respondent = serde_json::Value::Object(
            a.respondent
                .iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.clone())))
                .collect(),
        )
        .to_string();
        let field = |id: &str| Some(a.respondent_value(id)).filter(|v| !v.is_empty());
        tx.execute(
            "INSERT INTO otsenka_assessment (assessment_id, template_id, template_version, \
             template_hash, created_at, updated_at, revision, municipality, school_name, inn, \
             academic_year, respondent, total_pct, total_level, source_file) \
             VALUES ($1, $2, $3, $4, $5::text::timestamptz, $6::text::timestamptz, $7, $8, $9, \
             $10, $11, $12::text::jsonb, $13::text::numeric, $14, $15)",
            &[
                &a.id,
                &a.template_id,
                &a.template_version,
                &a.template_hash,
                &a.created_at,
                &a.updated_at,
                &revision,
                &field("municipality"),
                &field("school_name"),
                &field("inn"),
                &field("academic_year"),
                &respondent,
                &total,
                &level,
                &path.display().to_string(),
            ],
        )
        .map_err(|e| db_words(&e))?;
        out.answers(t, a, &results);
        counts.rows += out.rows(t, a);
        counts.written += 1;
    }
    out.copy(&mut tx).map_err(|e| db_words(&e))?;
    tx.commit().map_err(|e| db_words(&e))?;
    Ok(counts)
}

/// A file's rows of each table, as CSV for `COPY … FROM STDIN (FORMAT csv)`: an empty cell
/// is NULL.
/// A deadline as written, read as the app reads it, as three cells for `COPY` (empty is NULL):
/// the last day of a date or a range; the month and day of a yearly deadline; none of them for
/// «постоянно» or text that is no time.
fn due(written: &str) -> [String; 3] {
    match model::deadline::read(written) {
        model::Deadline::Range { to, .. } => [
            format!("{:04}-{:02}-{:02}", to.year, to.month, to.day),
            String::new(),
            String::new(),
        ],
        // «ежегодно до 29 февраля»: 28 February in a common year, as the app reads it.
        model::Deadline::Yearly { month, day } => [
            String::new(),
            month.to_string(),
            if (month, day) == (2, 29) { 28 } else { day }.to_string(),
        ],
        model::Deadline::Standing | model::Deadline::Unread => Default::default(),
    }
}

/// A file's timestamp as PostgreSQL reads it for sure (`2026-11-21T09:30:00Z`), ordered as
/// the app orders them; `None` when it is no RFC 3339 time.
fn instant(text: &str) -> Option<String> {
    let ms = model::instant_ms(text)?;
    jiff::Timestamp::from_millisecond(ms)
        .ok()
        .map(|t| t.to_string())
}

#[derive(Default)]
struct Streams {
    answers: Vec<[String; 8]>,
    sections: Vec<[String; 5]>,
    rows: Vec<[String; 10]>,
}

impl Streams {
    /// The answers and the parts' percentages of an assessment.
    fn answers(&mut self, t: &Template, a: &Assessment, results: &model::Results) {
        for section in &t.sections {
            for item in &section.items {
                let Some(answer) = a.answers.get(&item.id) else {
                    continue;
                };
                if item.kind == model::ItemKind::Table {
                    continue;
                }
                let value = match (&answer.choice, answer.choices.is_empty()) {
                    (Some(c), _) => c.clone(),
                    (None, false) => answer.choices.join(";"),
                    (None, true) => answer.value.clone(),
                };
                let (points, max) = model::item_points(item, answer)
                    .map_or((String::new(), String::new()), |(p, m)| {
                        (p.to_string(), m.to_string())
                    });
                self.answers.push([
                    a.id.clone(),
                    section.id.clone(),
                    item.id.clone(),
                    value,
                    points,
                    max,
                    answer.evidence.clone(),
                    answer.comment.clone(),
                ]);
            }
        }
        for r in &results.sections {
            if !r.section.items.iter().any(|i| i.is_scored()) {
                continue;
            }
            self.sections.push([
                a.id.clone(),
                r.section.id.clone(),
                r.section.title.ru.clone(),
                r.score
                    .reported()
                    .map(|p| p.decimal_point())
                    .unwrap_or_default(),
                r.level.map(|l| l.label.ru.clone()).unwrap_or_default(),
            ]);
        }
    }

    /// The rows of an assessment's tables, each with its deadline read and whether its status
    /// closes it; returns how many.
    fn rows(&mut self, t: &Template, a: &Assessment) -> usize {
        let mut n = 0;
        for item in t.items().filter(|i| i.kind == model::ItemKind::Table) {
            let Some(answer) = a.answers.get(&item.id) else {
                continue;
            };
            let deadline = item.columns.iter().find(|c| model::is_deadline(c));
            for (i, row) in answer.rows.iter().enumerate() {
                let cells = serde_json::Value::Object(
                    row.iter()
                        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.clone())))
                        .collect(),
                )
                .to_string();
                let written = deadline
                    .and_then(|c| row.get(&c.id))
                    .map_or("", String::as_str);
                let [to, month, day] = due(written);
                let status = row.get(model::STATUS_COLUMN).cloned().unwrap_or_default();
                self.rows.push([
                    a.id.clone(),
                    item.id.clone(),
                    (i + 1).to_string(),
                    cells,
                    written.to_owned(),
                    to,
                    month,
                    day,
                    status.clone(),
                    model::closes(&status).to_string(),
                ]);
                n += 1;
            }
        }
        n
    }

    /// Streams every table's rows into the transaction.
    fn copy(&self, tx: &mut Transaction) -> Result<(), postgres::Error> {
        copy(
            tx,
            "otsenka_answer (assessment_id, section_id, item_id, value, points, max_points, evidence, comment)",
            &self.answers,
        )?;
        copy(
            tx,
            "otsenka_section (assessment_id, section_id, title, pct, level)",
            &self.sections,
        )?;
        copy(
            tx,
            "otsenka_table_row (assessment_id, item_id, row_no, cells, deadline, due_to, due_month, due_day, status, closed)",
            &self.rows,
        )
    }
}

fn copy<const N: usize>(
    tx: &mut Transaction,
    table: &str,
    rows: &[[String; N]],
) -> Result<(), postgres::Error> {
    use std::io::Write;
    if rows.is_empty() {
        return Ok(());
    }
    let mut text = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing into memory cannot fail.
        let _ = text.write_record(row);
    }
    let bytes = text.into_inner().unwrap_or_default();
    let mut sink = tx.copy_in(&format!("COPY {table} FROM STDIN (FORMAT csv)"))?;
    // A failed write surfaces as the error of `finish`.
    let _ = sink.write_all(&bytes);
    sink.finish()?;
    Ok(())
}
