//! `otsenka load` against a real PostgreSQL server the test starts and stops: school files go
//! in, a second load changes nothing, an older copy never replaces a newer one, table rows need
//! their assessment, a refused file is named by its line and leaves the database as it was.
//! Decisions files and schools' execution reports the same way: the newest decisions file of a
//! meeting and the newest report of a school count, and the overdue view names exactly the
//! school whose open decision's deadline has passed.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use exchange::{
    write_decisions, write_execution, Decisions, Executed, Execution, Meeting, Profile,
    SentDecision,
};

mod common;
use common::{otsenka, text};

#[path = "../../exchange/tests/support/postgres.rs"]
mod support;
use support::Postgres;

/// One server at a time: every server of this process lives in the same directory.
static SERVER: Mutex<()> = Mutex::new(());

fn server() -> (MutexGuard<'static, ()>, Postgres) {
    let turn = SERVER.lock().unwrap_or_else(|e| e.into_inner());
    (turn, Postgres::start())
}

fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../municipal/tests/fixtures")
        .join(dir)
}

fn path(dir: &str, name: &str) -> String {
    fixtures(dir).join(name).to_string_lossy().into_owned()
}

/// One number from a query.
fn number(pg: &Postgres, sql: &str) -> i64 {
    let got = pg.psql(&["-c", sql]);
    got.trim()
        .parse()
        .unwrap_or_else(|e| panic!("{sql}: {got:?}: {e}"))
}

/// Everything the tables hold, as text, to compare a database before and after.
fn dump(pg: &Postgres) -> String {
    pg.psql(&[
        "-c",
        "SELECT assessment_id, updated_at, revision, total_pct, source_file FROM otsenka_assessment ORDER BY 1; \
         SELECT * FROM otsenka_answer ORDER BY 1, 3; \
         SELECT * FROM otsenka_section ORDER BY 1, 2; \
         SELECT * FROM otsenka_table_row ORDER BY 1, 2, 3;",
    ])
}

#[test]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
fn school_files_load_once_newest_revision_wins_and_a_refused_file_changes_nothing() {
    let (_turn, pg) = server();
    let db = pg.conninfo();
    let schools: Vec<String> = (1..=5)
        .map(|k| path("schools", &format!("school-{k:02}.csv")))
        .collect();
    let shnor = path("shnor", "shnor-51.csv");
    let tables = path("shnor", "shnor-51_tables.csv");

    // Table rows before their assessment: refused, by name, and nothing written.
    let out = otsenka(&["load", "--db", &db, &tables]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("загрузите сначала основной файл школы"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(number(&pg, "SELECT count(*) FROM otsenka_table_row"), 0);

    // Five МСОКО schools, a ШНОР school and its programme rows, and a tampered file.
    let mut args = vec!["load", "--db", db.as_str()];
    args.extend(schools.iter().map(String::as_str));
    args.extend([shnor.as_str(), tables.as_str()]);
    let bad = path("schools", "bad-tampered.csv");
    args.push(&bad);
    let out = otsenka(&args);
    let (said, errors) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused file fails the run: {errors}"
    );
    assert!(
        errors.contains("bad-tampered.csv», строка"),
        "the refusal names the file and the line: {errors}"
    );
    assert!(
        said.starts_with("Файлов: 8, не принято: 1; записано самооценок: 6, уже были в базе: 0; записано строк таблиц: "),
        "{said}"
    );
    assert_eq!(number(&pg, "SELECT count(*) FROM otsenka_assessment"), 6);
    assert_eq!(
        number(
            &pg,
            "SELECT count(DISTINCT template_id) FROM otsenka_assessment"
        ),
        2
    );
    let rows = number(&pg, "SELECT count(*) FROM otsenka_table_row");
    assert!(rows > 0, "the programme rows are in");
    assert!(
        said.ends_with(&format!("записано строк таблиц: {rows}.\n")),
        "{said}"
    );
    // Every answer of a file is there: as many МСОКО answer rows as the files have items answered.
    let answered = number(
        &pg,
        "SELECT count(*) FROM otsenka_answer a JOIN otsenka_assessment s USING (assessment_id) \
         WHERE s.template_id <> 'shnor'",
    );
    assert!(answered >= 5 * 30, "{answered} answers for five schools");
    // The region's view: % per part per school and year, the same numbers as the
    // municipality's consolidated table of that file (`otsenka summary`).
    let summary = otsenka(&["summary", "--csv", "--profile", "rfc4180", &schools[0]]);
    let mut table = csv::Reader::from_reader(summary.stdout.as_slice());
    let header = table.headers().cloned().unwrap_or_default();
    let first = table
        .records()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    let parts: Vec<String> = header
        .iter()
        .zip(first.iter())
        .filter(|(h, _)| h.starts_with("% ") && *h != "% итог")
        .map(|(_, v)| v.to_owned())
        .collect();
    assert_eq!(parts.len(), 8, "{header:?}");
    let stored = pg.psql(&[
        "-c",
        "SELECT string_agg(coalesce(pct::text, ''), ',' ORDER BY section_id) FROM otsenka_section_pct p \
         JOIN otsenka_assessment a USING (assessment_id) WHERE a.source_file LIKE '%school-01.csv'",
    ]);
    assert_eq!(stored.trim(), parts.join(","));
    let view = number(
        &pg,
        "SELECT count(DISTINCT school_name) FROM otsenka_section_pct",
    );
    assert_eq!(view, 6);
    // The overdue view runs (as of today) and counts only rows with a due day.
    let overdue = number(&pg, "SELECT coalesce(sum(overdue), 0) FROM otsenka_overdue");
    let dated = number(
        &pg,
        "SELECT count(*) FROM otsenka_table_row WHERE due_to IS NOT NULL OR due_month IS NOT NULL",
    );
    assert!(overdue <= dated, "{overdue} overdue of {dated} dated rows");

    // Loading the same files again changes nothing.
    let before = dump(&pg);
    let out = otsenka(&args);
    assert!(
        text(&out.stdout).contains("записано самооценок: 0, уже были в базе: 6"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(dump(&pg), before, "a second load changes nothing");

    // A newer copy of a school replaces it; the older one sent after it changes nothing.
    let older = path("schools", "school-04.csv");
    let newer = path("schools", "school-04-resent.csv");
    let out = otsenka(&["load", "--db", &db, &newer]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stored = pg.psql(&[
        "-c",
        "SELECT updated_at FROM otsenka_assessment WHERE source_file LIKE '%school-04-resent.csv'",
    ]);
    assert!(!stored.trim().is_empty(), "the resent copy is stored");
    let out = otsenka(&["load", "--db", &db, &older]);
    assert!(
        text(&out.stdout).contains("записано самооценок: 0, уже были в базе: 1"),
        "the older copy is kept out: {}",
        text(&out.stdout)
    );
    let again = pg.psql(&[
        "-c",
        "SELECT updated_at FROM otsenka_assessment WHERE source_file LIKE '%school-04-resent.csv'",
    ]);
    assert_eq!(again, stored);

    // No database: said, exit code 2.
    let out = otsenka(&["load", "--db", "host=/nonexistent port=1 user=x", &shnor]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("не удалось подключиться к базе"),
        "{}",
        text(&out.stderr)
    );
}

fn meeting(issued_at: &str, protocol_number: &str) -> Meeting {
    Meeting {
        source_id: "m-2026-11".into(),
        issuer: "Управление образования Полевского ГО".into(),
        body: "Совещание руководителей ОО".into(),
        protocol_number: protocol_number.into(),
        meeting_date: "2026-11-20".into(),
        issued_at: issued_at.into(),
    }
}

fn sent(number: &str, decision: &str, deadline: &str) -> SentDecision {
    SentDecision {
        number: number.into(),
        agenda_item: "1".into(),
        addressee: "Общеобразовательным организациям".into(),
        decision: decision.into(),
        responsible: "руководители ОО".into(),
        controller: "Иванова И. И.".into(),
        deadline: deadline.into(),
    }
}

fn executed(number: &str, deadline: &str, status: &str, execution: &str) -> Executed {
    Executed {
        number: number.into(),
        addressee: "Общеобразовательным организациям".into(),
        decision: format!("Решение {number}"),
        deadline: deadline.into(),
        status: status.into(),
        execution: execution.into(),
        evidence: String::new(),
        executed_on: String::new(),
    }
}

fn report(
    meeting: Meeting,
    organisation: &str,
    inn: &str,
    reported_at: &str,
    rows: Vec<Executed>,
) -> Execution {
    Execution {
        meeting,
        organisation: organisation.into(),
        inn: inn.into(),
        reported_at: reported_at.into(),
        rows,
    }
}

/// Writes a file into `dir` and gives its path.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

/// Everything the decisions tables hold, as text.
fn decisions_dump(pg: &Postgres) -> String {
    pg.psql(&[
        "-c",
        "SELECT * FROM otsenka_meeting ORDER BY 1; \
         SELECT * FROM otsenka_decision ORDER BY 1, 2; \
         SELECT * FROM otsenka_execution ORDER BY 1, 2, 5;",
    ])
}

#[test]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
fn decisions_and_execution_reports_load_once_the_newest_counts_and_overdue_is_per_school() {
    let (_turn, pg) = server();
    let db = pg.conninfo();
    let dir = support::temp_dir("load-decisions");
    let profile = Profile::Rfc4180;
    let first = meeting("2026-11-21T09:30:00Z", "4");
    let decisions = Decisions {
        meeting: first.clone(),
        recipient: String::new(),
        decisions: vec![
            sent("1", "Провести самооценку по МСОКО", "до 01.03.2020"),
            sent("2", "Разместить план на сайте", "до 01.03.2099"),
            sent("3", "Проводить совещания с педагогами", "постоянно"),
        ],
    };
    let decisions_v1 = put(
        &dir,
        "decisions-v1.csv",
        &write_decisions(&decisions, profile).expect("written"),
    );
    // School 1: decision 1 open past its deadline (overdue), 2 open before it, 3 done.
    let one = report(
        first.clone(),
        "МАОУ «СОШ № 1»",
        "0274012343",
        "2027-03-02T08:00:00Z",
        vec![
            executed("1", "до 01.03.2020", "in_progress", "Начата"),
            executed("2", "до 01.03.2099", "in_progress", ""),
            executed("3", "постоянно", "done", "Проводятся ежемесячно"),
        ],
    );
    let one_march = put(
        &dir,
        "school-1-march.csv",
        &write_execution(&one, profile).expect("written"),
    );
    // School 2, known by its name alone: the past deadline is met, nothing is overdue.
    let two = report(
        first.clone(),
        "МБОУ «Гимназия № 2»",
        "",
        "2027-03-03T08:00:00Z",
        vec![
            executed("1", "до 01.03.2020", "done", "Проведена"),
            executed("2", "до 01.03.2099", "not_started", "Проведено совещание"),
            executed("3", "постоянно", "in_progress", ""),
        ],
    );
    let two_march = put(
        &dir,
        "school-2-march.csv",
        &write_execution(&two, profile).expect("written"),
    );
    // A report on a meeting whose decisions file never comes: it loads, naming its meeting.
    let mut alone = meeting("2026-10-01T10:00:00+05:00", "3");
    alone.source_id = "m-2026-10".into();
    let other = report(
        alone,
        "МАОУ «СОШ № 1»",
        "0274012343",
        "2026-10-15T12:00:00+05:00",
        vec![executed("1", "до 01.03.2020", "not_done", "")],
    );
    let other_meeting = put(
        &dir,
        "school-1-october.csv",
        &write_execution(&other, profile).expect("written"),
    );
    let school = path("schools", "school-01.csv");

    let files = [
        school.as_str(),
        decisions_v1.as_str(),
        one_march.as_str(),
        two_march.as_str(),
        other_meeting.as_str(),
    ];
    let mut args = vec!["load", "--db", db.as_str()];
    args.extend(files);
    let out = otsenka(&args);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}{}", text(&out.stderr));
    assert!(
        said.starts_with("Файлов: 5, не принято: 0; записано самооценок: 1, уже были в базе: 0;"),
        "{said}"
    );
    assert!(
        said.ends_with(
            "Записано решений: 3, уже были в базе: 0; записано отчётов об исполнении: 3, уже были в базе или старше: 0.\n"
        ),
        "{said}"
    );
    assert_eq!(number(&pg, "SELECT count(*) FROM otsenka_meeting"), 2);
    assert_eq!(number(&pg, "SELECT count(*) FROM otsenka_decision"), 3);
    assert_eq!(number(&pg, "SELECT count(*) FROM otsenka_execution"), 7);
    // The deadline read once at load: its last day, none for «постоянно».
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT number, deadline_end FROM otsenka_decision ORDER BY number"
        ]),
        "1|2020-03-01\n2|2099-03-01\n3|\n"
    );
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT organisation_key, count(*) FROM otsenka_execution \
             WHERE source_id = 'm-2026-11' GROUP BY 1 ORDER BY 1"
        ]),
        "0274012343|3\nмбоу гимназия № 2|3\n",
        "a school is its ИНН, else its name as compared"
    );
    // Overdue today: exactly decision 1 of school 1 at the November meeting, and decision 1
    // of the October meeting, «не исполнено».
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT source_id, organisation, number, due, status FROM otsenka_decision_overdue \
             ORDER BY 1, 2, 3"
        ]),
        "m-2026-10|МАОУ «СОШ № 1»|1|2020-03-01|not_done\n\
         m-2026-11|МАОУ «СОШ № 1»|1|2020-03-01|in_progress\n"
    );
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT organisation, protocol_number, decisions, done, withdrawn, in_work, overdue \
             FROM otsenka_execution_summary ORDER BY source_id, organisation_key"
        ]),
        "МАОУ «СОШ № 1»|3|1|0|0|0|1\n\
         МАОУ «СОШ № 1»|4|3|1|0|1|1\n\
         МБОУ «Гимназия № 2»|4|3|1|0|2|0\n"
    );

    // The same files again change nothing.
    let before = decisions_dump(&pg);
    let out = otsenka(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with(
            "Записано решений: 0, уже были в базе: 3; записано отчётов об исполнении: 0, уже были в базе или старше: 3.\n"
        ),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(decisions_dump(&pg), before, "a second load changes nothing");

    // A newer decisions file rewrites its decisions and the meeting and adds decision 4
    // (a yearly deadline); the older one loaded after it changes nothing.
    let second = meeting("2026-12-01T09:00:00Z", "4-изм");
    let newer = Decisions {
        meeting: second.clone(),
        recipient: String::new(),
        decisions: vec![
            sent("2", "Разместить план на сайте", "до 01.04.2099"),
            sent("4", "Сдавать отчёт", "ежегодно до 29 февраля"),
        ],
    };
    let decisions_v2 = put(
        &dir,
        "decisions-v2.csv",
        &write_decisions(&newer, profile).expect("written"),
    );
    let out = otsenka(&["load", "--db", &db, &decisions_v2, &decisions_v1]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Записано решений: 2, уже были в базе: 3;"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT number, deadline, deadline_end, deadline_month, deadline_day, issued_at AT TIME ZONE 'UTC' \
             FROM otsenka_decision ORDER BY number"
        ]),
        "1|до 01.03.2020|2020-03-01|||2026-11-21 09:30:00\n\
         2|до 01.04.2099|2099-04-01|||2026-12-01 09:00:00\n\
         3|постоянно||||2026-11-21 09:30:00\n\
         4|ежегодно до 29 февраля||2|28|2026-12-01 09:00:00\n"
    );
    let held = pg.psql(&[
        "-c",
        "SELECT protocol_number, issued_at AT TIME ZONE 'UTC' FROM otsenka_meeting WHERE source_id = 'm-2026-11'",
    ]);
    assert_eq!(held, "4-изм|2026-12-01 09:00:00\n");

    // A newer report of school 1 replaces all of its rows for the meeting; the older one
    // (and its older meeting columns) loaded after it changes nothing.
    let april = report(
        second,
        "МАОУ «СОШ № 1»",
        "0274012343",
        "2027-04-01T08:00:00Z",
        vec![
            executed("1", "до 01.03.2020", "done", "Проведена"),
            executed("2", "до 01.04.2099", "withdrawn", ""),
        ],
    );
    let one_april = put(
        &dir,
        "school-1-april.csv",
        &write_execution(&april, profile).expect("written"),
    );
    let out = otsenka(&["load", "--db", &db, &one_april]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let replaced =
        "SELECT number, status, closed, reported_at AT TIME ZONE 'UTC' FROM otsenka_execution \
                    WHERE source_id = 'm-2026-11' AND organisation_key = '0274012343' ORDER BY 1";
    assert_eq!(
        pg.psql(&["-c", replaced]),
        "1|done|t|2027-04-01 08:00:00\n2|withdrawn|t|2027-04-01 08:00:00\n"
    );
    let before = decisions_dump(&pg);
    let out = otsenka(&["load", "--db", &db, &one_march]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("уже были в базе или старше: 1.\n"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        decisions_dump(&pg),
        before,
        "an older report changes nothing"
    );
    assert_eq!(
        pg.psql(&[
            "-c",
            "SELECT source_id, organisation, number FROM otsenka_decision_overdue"
        ]),
        "m-2026-10|МАОУ «СОШ № 1»|1\n"
    );

    // A newer report of school 2 with a cell changed after it was written: refused at its
    // line, and nothing of it is stored.
    let mut may = two.clone();
    may.reported_at = "2027-05-01T08:00:00Z".into();
    let written = write_execution(&may, profile).expect("written");
    let tampered = String::from_utf8(written)
        .expect("UTF-8")
        .replace("Проведено совещание", "Проведено собрание");
    let line = tampered
        .lines()
        .position(|l| l.contains("Проведено собрание"))
        .expect("the changed cell")
        + 1;
    let bad = put(&dir, "school-2-tampered.csv", tampered.as_bytes());
    let before = decisions_dump(&pg);
    let out = otsenka(&["load", "--db", &db, &bad]);
    let errors = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused file fails the run: {errors}"
    );
    assert!(
        errors.contains(&format!("school-2-tampered.csv», строка {line}, столбец"))
            && errors.contains("контрольная сумма"),
        "the refusal names the file, the line and the checksum: {errors}"
    );
    assert!(
        text(&out.stdout).starts_with("Файлов: 1, не принято: 1;"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        decisions_dump(&pg),
        before,
        "a refused file changes nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
