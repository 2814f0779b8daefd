//! The `otsenka` command as a municipal specialist runs it, on the CSV test corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../exchange/tests/fixtures/csv")
}

fn otsenka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otsenka"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run otsenka: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("otsenka-cli-{}-{name}", std::process::id()))
}

#[test]
fn validate_walks_a_folder_names_every_refused_file_and_fails() {
    let dir = corpus();
    let out = otsenka(&["validate", &dir.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "some files are refused");
    let said = text(&out.stdout);
    let bad = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("bad-"))
                .count()
        })
        .unwrap_or(0);
    assert!(bad >= 30);
    assert_eq!(
        said.lines().filter(|l| l.starts_with("FAIL  ")).count(),
        bad
    );
    assert_eq!(said.lines().filter(|l| l.starts_with("OK    ")).count(), 3);
    assert!(said.contains(&format!(
        "Файлов: {}; приняты: 3; приняты с замечаниями: 0; не приняты: {bad}.",
        bad + 3
    )));
    assert!(said.contains("bad-tampered-answer.csv», строка 2, столбец 252 (row_checksum): строку изменили после выгрузки"));

    let good = dir.join("good-wide.csv");
    let out = otsenka(&["validate", "--lang", "en", &good.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("Files: 1; accepted: 1; accepted with warnings: 0; refused: 0.")
    );
}

#[test]
fn merge_keeps_one_copy_of_each_assessment_and_the_result_reads_back() {
    let dir = corpus();
    let merged = temp("merged.csv");
    let out = otsenka(&[
        "merge",
        "--layout",
        "long",
        "--profile",
        "rfc4180",
        "-o",
        &merged.to_string_lossy(),
        &dir.join("good-wide.csv").to_string_lossy(),
        &dir.join("good-long.csv").to_string_lossy(),
        &dir.join("good-1251.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Записано оценок: 2 в "));
    let bytes = std::fs::read(&merged).unwrap_or_default();
    let _ = std::fs::remove_file(&merged);
    let templates = templates::all().unwrap_or_default();
    let got = exchange::import_files(&[("merged.csv", &bytes)], &templates);
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(got.assessments.len(), 2);
    let ids: Vec<&str> = got.assessments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["school-1", "school-2"]);
}

#[test]
fn summary_is_one_row_per_school_with_percentages_as_numbers_and_codes_as_text() {
    let dir = corpus();
    let out = otsenka(&[
        "summary",
        &dir.join("good-wide.csv").to_string_lossy(),
        &dir.join("good-long.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines.len(),
        8,
        "a title, a header, two schools (the long file repeats the same assessments, which are \
         not duplicates) and four municipal rows\n{table}"
    );
    assert!(lines[0].starts_with("Самооценка МСОКО"));
    assert!(lines[1].starts_with("Муниципалитет"));
    assert!(lines[1].contains("% 2.4  % итог  Уровень"), "{}", lines[1]);
    assert!(lines[1].ends_with("Группа риска"), "{}", lines[1]);
    assert!(lines[4].contains("Среднее по муниципалитету"));
    assert!(lines[7].contains("Число школ с оценкой"));
    assert!(!text(&out.stderr).contains("Повторов"));
    // The percentages equal what the school's own export says.
    let wide = std::fs::read(dir.join("good-wide.csv")).unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&wide[3..]);
    let header = reader.headers().cloned().unwrap_or_default();
    let total = header.iter().position(|h| h == "pct_total").unwrap_or(0);
    let school = header.iter().position(|h| h == "school_name").unwrap_or(0);
    for row in reader.records().filter_map(Result::ok) {
        let line = lines
            .iter()
            .find(|l| l.contains(&row[school]))
            .unwrap_or(&"");
        assert!(
            line.contains(&format!(" {}  ", &row[total])),
            "{line} has {}",
            &row[total]
        );
    }

    let csv_out = temp("summary.csv");
    let out = otsenka(&[
        "summary",
        "--csv",
        "-o",
        &csv_out.to_string_lossy(),
        &dir.join("good-wide.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(&csv_out).unwrap_or_default();
    let _ = std::fs::remove_file(&csv_out);
    let body = text(&bytes);
    assert!(body.starts_with("\u{feff}\"Муниципалитет\";\"ОО\";\"ИНН\";"));
    assert!(
        body.contains("\"'0274012343\""),
        "a code stays text for Excel"
    );
    assert!(
        body.contains(";\"9,7\";"),
        "a percentage is a number with a decimal comma"
    );
    assert!(!body.contains("\"'9,7\""));
}

#[test]
fn help_in_russian_and_english_and_usage_errors() {
    let ru = otsenka(&["--help"]);
    assert_eq!(ru.status.code(), Some(0));
    assert!(text(&ru.stdout).contains("проверить файлы"));
    let en = otsenka(&["--help", "--lang", "en"]);
    assert!(text(&en.stdout).contains("check files (folders are walked)"));
    let none = otsenka(&["validate"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("не указаны файлы"));
    let wrong = otsenka(&["frobnicate", "x.csv"]);
    assert_eq!(wrong.status.code(), Some(2));
}
