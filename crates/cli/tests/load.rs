//! `otsenka load` against a real PostgreSQL server the test starts and stops: school files go
//! in, a second load changes nothing, an older copy never replaces a newer one, table rows need
//! their assessment, a refused file is named by its line and leaves the database as it was.

use std::path::{Path, PathBuf};

mod common;
use common::{otsenka, text};

#[path = "../../exchange/tests/support/postgres.rs"]
mod support;
use support::Postgres;

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
    let pg = Postgres::start();
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
