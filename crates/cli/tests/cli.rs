//! The `otsenka` command as a municipal specialist runs it, on the CSV test corpus.

use std::path::{Path, PathBuf};

mod common;
use common::{otsenka, text};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../exchange/tests/fixtures/csv")
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
    assert!(said.contains("bad-tampered-answer.csv», строка 2, столбец 255 (row_checksum): строку изменили после выгрузки"));

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
    assert!(text(&out.stdout).starts_with("Записано самооценок: 2 в "));
    let bytes = std::fs::read(&merged).unwrap_or_default();
    let _ = std::fs::remove_file(&merged);
    // The corpus is of the schools' МСОКО 2025.3, an archived version the CLI still reads.
    let mut templates = templates::all().unwrap_or_default();
    templates.extend(templates::archived().unwrap_or_default());
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
    assert!(lines[7].contains("Число школ с самооценкой"));
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
    // No command: the help, and exit code 2.
    let bare = otsenka(&[]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(text(&bare.stdout).contains("Использование: otsenka КОМАНДА"));
    // A command's help has its options, in the language asked for.
    let merge = otsenka(&["merge", "--help"]);
    assert_eq!(merge.status.code(), Some(0));
    assert!(text(&merge.stdout).contains("Использование: otsenka merge -o ФАЙЛ [ПАРАМЕТРЫ] ПУТЬ…"));
    assert!(text(&merge.stdout).contains("--layout <wide|long>"));
    let merge = otsenka(&["merge", "--help", "--lang", "en"]);
    assert!(text(&merge.stdout).contains("Usage: otsenka merge -o FILE [OPTIONS] PATH…"));
}

#[test]
fn bad_arguments_are_named_exactly_and_nothing_runs() {
    let dir = folder("bad-arguments");
    let good = corpus().join("good-wide.csv");
    let good = good.to_string_lossy();
    let out = dir.join("out.csv");
    let out = out.to_string_lossy();
    let help_ru = "Справка: otsenka --help\n";
    for (args, said) in [
        (
            vec!["validate", "--frob", &good],
            "otsenka: --frob: неизвестный параметр\n",
        ),
        (
            vec!["summary", "--risk-totl", "5", &good],
            "otsenka: --risk-totl: неизвестный параметр; может быть, --risk-total?\n",
        ),
        (
            vec!["validate", "--csv", &good],
            "otsenka: --csv: неизвестный параметр\n",
        ),
        (
            vec!["summary", &good, "-o"],
            "otsenka: --output: нет значения\n",
        ),
        (
            vec!["summary", &good, "--risk-total"],
            "otsenka: --risk-total: нет значения\n",
        ),
        (
            vec!["summary", "--risk-total", "пятьдесят", &good],
            "otsenka: --risk-total пятьдесят: нужен процент от 0 до 100 (0 или - — не учитывать)\n",
        ),
        (
            vec!["summary", "--risk-section", "101", &good],
            "otsenka: --risk-section 101: нужен процент от 0 до 100 (0 или - — не учитывать)\n",
        ),
        (
            vec!["merge", "--layout", "tables", "-o", &out, &good],
            "otsenka: --layout tables: нет такого значения; можно: wide, long\n",
        ),
        (
            vec!["merge", "--profile", "excel1251", "-o", &out, &good],
            "otsenka: --profile excel1251: нет такого значения; можно: excel, excel-1251, rfc4180\n",
        ),
        (
            vec!["merge", &good],
            "otsenka: не указан обязательный параметр: --output <ФАЙЛ>\n",
        ),
        (
            vec!["merge", "--layout", "wide", "--layout", "long", "-o", &out, &good],
            "otsenka: --layout: указан дважды\n",
        ),
        (
            vec!["summary", "--csv=yes", &good],
            "otsenka: --csv: значение не нужно (yes)\n",
        ),
        (
            vec!["--lang", "de", "validate", &good],
            "otsenka: --lang de: нет такого значения; можно: ru, en\n",
        ),
        (
            vec!["frobnicate", &good],
            "otsenka: frobnicate: неизвестная команда (validate, merge, summary, load, hall)\n",
        ),
        (
            vec!["sumary", &good],
            "otsenka: sumary: неизвестная команда (validate, merge, summary, load, hall); может быть, summary?\n",
        ),
    ] {
        let run = otsenka(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&run.stderr), format!("{said}{help_ru}"), "{args:?}");
        assert_eq!(text(&run.stdout), "", "{args:?}");
    }
    // In English when asked, wherever --lang stands.
    for args in [
        vec!["--lang", "en", "validate", "--frob", &good],
        vec!["validate", "--frob", &good, "--lang=en"],
    ] {
        let run = otsenka(&args);
        assert_eq!(
            text(&run.stderr),
            "otsenka: --frob: unknown option\nHelp: otsenka --help --lang en\n",
            "{args:?}"
        );
    }
    let run = otsenka(&["summary", "--lang", "en", "--risk-total", "fifty", &good]);
    assert_eq!(
        text(&run.stderr),
        "otsenka: --risk-total fifty: a percentage from 0 to 100 (0 or - for not used)\nHelp: otsenka --help --lang en\n"
    );
    // Nothing was written.
    assert_eq!(snapshot(&dir).len(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn risk_bounds_in_percent_with_a_comma_or_switched_off() {
    let dir = schools();
    let dir = dir.to_string_lossy();
    let default = otsenka(&["summary", &dir]);
    let same = otsenka(&[
        "summary",
        "--risk-total",
        "50",
        "--risk-section",
        "30,0",
        &dir,
    ]);
    assert_eq!(default.stdout, same.stdout);
    let off = otsenka(&["summary", "--risk-total", "-", "--risk-section", "0", &dir]);
    assert_ne!(default.stdout, off.stdout, "the risk column changes");
}

fn schools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../municipal/tests/fixtures/schools")
}

/// Tenths from a cell as the files write them (`59,5`, `59.5`).
fn tenths(cell: &str) -> u64 {
    let (whole, frac) = cell.split_once([',', '.']).unwrap_or((cell, "0"));
    whole.parse::<u64>().unwrap_or(9999) * 10 + frac.parse::<u64>().unwrap_or(9999)
}

/// What each school's own file says (its `pct_*` columns, computed when the school exported
/// it), the newest file per ИНН: the figures a specialist would copy by hand.
fn figures_in_the_files() -> std::collections::BTreeMap<String, (String, Vec<u64>)> {
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(schools()).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("bad-") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let comma = body.iter().position(|&b| b == b',').unwrap_or(usize::MAX);
        let semi = body.iter().position(|&b| b == b';').unwrap_or(usize::MAX);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if semi < comma { b';' } else { b',' })
            .from_reader(body);
        let header: Vec<String> = reader
            .byte_headers()
            .map(|h| {
                h.iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let col = |n: &str| header.iter().position(|h| h.trim_start_matches('\'') == n);
        let Some(row) = reader.byte_records().next().and_then(Result::ok) else {
            panic!("{name}: no row");
        };
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.get(i))
                .map(|c| {
                    String::from_utf8_lossy(c)
                        .trim_start_matches('\'')
                        .to_owned()
                })
                .unwrap_or_default()
        };
        let inn = cell(col("inn"));
        let updated = cell(col("updated_at"));
        let mut pct: Vec<u64> = [
            "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "total",
        ]
        .iter()
        .map(|s| col(&format!("pct_{s}")).map_or(u64::MAX, |i| tenths(&cell(Some(i)))))
        .collect();
        if col("pct_total").is_none() {
            // The long layout (one row per item) carries section percentages only.
            pct = vec![u64::MAX; 9];
        }
        let newer = out
            .get(&inn)
            .is_none_or(|(at, _): &(String, Vec<u64>)| updated > *at);
        if newer {
            out.insert(inn, (updated, pct));
        }
    }
    out
}

#[test]
fn municipality_files_validated_and_summarised() {
    let dir = schools();
    let out = otsenka(&["validate", &dir.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    let lines = |tag: &str| said.lines().filter(|l| l.starts_with(tag)).count();
    assert_eq!(
        (lines("OK    "), lines("WARN  "), lines("FAIL  ")),
        (21, 1, 3),
        "{said}"
    );
    assert!(said.contains("bad-tampered.csv», строка 2, столбец 255 (row_checksum)"));
    assert!(said
        .contains("bad-truncated.csv», строка 2, столбец 201 (2.3.8): кавычка ячейки не закрыта"));
    assert!(said.contains("bad-utf16.csv»: файл в кодировке UTF-16"));
    assert!(said.contains(
        "school-08.csv», строка 2, столбец 13 (ИНН): ИНН 0274011076: контрольная цифра не сходится"
    ));

    let table = temp("municipality.csv");
    let out = otsenka(&[
        "summary",
        "--csv",
        "--profile",
        "rfc4180",
        "-o",
        &table.to_string_lossy(),
        &dir.to_string_lossy(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "refused files make the exit code 1"
    );
    assert!(text(&out.stderr)
        .contains("Повторов (та же школа, шаблон и учебный год; оставлена более новая): 1."));
    let bytes = std::fs::read(&table).unwrap_or_default();
    let _ = std::fs::remove_file(&table);
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().cloned().unwrap_or_default();
    assert_eq!(
        header.get(5),
        Some("% 1.1 Система оценки качества подготовки обучающихся")
    );
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    assert_eq!(
        rows.len(),
        21 + 4,
        "21 schools (the duplicate merged) and 4 summary rows"
    );
    let expected = figures_in_the_files();
    assert_eq!(expected.len(), 21);
    let mut totals = Vec::new();
    for row in &rows[..21] {
        let (_, pct) = &expected[&row[2]];
        let got: Vec<u64> = (5..14).map(|i| tenths(&row[i])).collect();
        for (g, e) in got.iter().zip(pct) {
            if *e != u64::MAX {
                assert_eq!(g, e, "{} {:?} vs the school's file {:?}", &row[1], got, pct);
            }
        }
        totals.push(got[8]);
        let risk = got[8] < 500 || got[..8].iter().any(|p| *p < 300);
        assert_eq!(&row[15], if risk { "да" } else { "нет" }, "{}", &row[1]);
    }
    // The duplicate: school 4's newer file.
    let four = rows.iter().find(|r| &r[2] == "0274011036");
    assert_eq!(
        four.map(|r| tenths(&r[13])),
        Some(expected["0274011036"].1[8])
    );
    let n = totals.len() as u64;
    let mean = (totals.iter().sum::<u64>() * 2 + n) / (2 * n);
    assert_eq!(&rows[21][1], "Среднее по муниципалитету");
    assert_eq!(tenths(&rows[21][13]), mean);
    assert_eq!(&rows[24][13], "21");
}

#[test]
fn a_file_made_on_an_earlier_template_version_is_read_with_that_version() {
    // Exported by a school on МСОКО 2025.2, before 2025.3 added the action plan.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../municipal/tests/fixtures/older/school-20-2025.2.csv"
    );
    let out = otsenka(&["validate", file]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.lines().any(|l| l.starts_with("OK    ")), "{said}");
    let out = otsenka(&["summary", file]);
    let said = text(&out.stdout);
    assert!(said.contains("2025.2"), "{said}");
}

/// A fresh, empty folder of this test run.
fn folder(name: &str) -> PathBuf {
    let dir = temp(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("{} → {}: {e}", from.display(), to.display()));
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap_or_else(|e| panic!("{}: {e}", at.display()));
}

/// Every file under a folder (not following links) with its bytes.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let t = e.file_type().ok();
            if t.is_some_and(|t| t.is_dir()) {
                stack.push(e.path());
            } else if t.is_some_and(|t| t.is_file()) {
                out.insert(e.path(), std::fs::read(e.path()).unwrap_or_default());
            } else {
                out.insert(e.path(), b"<link>".to_vec());
            }
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn a_folder_with_links_to_itself_is_walked_once_and_the_loops_are_named() {
    let dir = folder("loops");
    copy(&corpus().join("good-wide.csv"), &dir.join("school.csv"));
    link(&dir, &dir.join("again"));
    link(Path::new("."), &dir.join("here"));
    let out = otsenka(&["validate", &dir.to_string_lossy()]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert_eq!(
        said.lines().filter(|l| l.starts_with("OK    ")).count(),
        1,
        "{said}"
    );
    assert!(said.contains("Файлов: 1; приняты: 1;"), "{said}");
    for name in ["again", "here"] {
        let line = said
            .lines()
            .find(|l| l.starts_with("SKIP  ") && l.contains(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no line for the link {name}\n{said}"));
        assert!(line.contains("петля"), "{line}");
    }
    let en = otsenka(&["validate", "--lang", "en", &dir.to_string_lossy()]);
    assert!(text(&en.stdout).contains("a loop, not followed"));
    // summary and merge walk the same way: one school, the loops on stderr.
    let out = otsenka(&["summary", &dir.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("again:"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("Повторов"),
        "the one school is not a duplicate"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_file_reached_by_several_paths_is_read_once() {
    let dir = folder("paths");
    let real = dir.join("real");
    std::fs::create_dir_all(&real).unwrap_or_default();
    copy(&corpus().join("good-wide.csv"), &real.join("school.csv"));
    link(&real, &dir.join("view-1"));
    link(&real, &dir.join("view-2"));
    link(&real.join("school.csv"), &dir.join("same.csv"));
    std::fs::hard_link(real.join("school.csv"), dir.join("hard.csv")).unwrap_or_default();
    let school = real.join("school.csv");
    let out = otsenka(&[
        "validate",
        &dir.to_string_lossy(),
        &school.to_string_lossy(),
    ]);
    let said = text(&out.stdout);
    assert!(said.contains("Файлов: 1; приняты: 1;"), "{said}");
    assert_eq!(
        said.lines().filter(|l| l.starts_with("SKIP  ")).count(),
        5,
        "two folder links, a file link, a hard link and the path given again\n{said}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merge_refuses_to_write_over_one_of_its_inputs() {
    let dir = folder("merge-over-input");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    copy(&corpus().join("good-wide.csv"), &a);
    copy(&corpus().join("good-1251.csv"), &b);
    let before = snapshot(&dir);
    let out = otsenka(&[
        "merge",
        "-o",
        &a.to_string_lossy(),
        &a.to_string_lossy(),
        &b.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("это один из читаемых файлов"),
        "{}",
        text(&out.stderr)
    );
    // The same file by another path: `./`, `..`.
    let odd = dir
        .join(".")
        .join("..")
        .join(dir.file_name().unwrap_or_default())
        .join("b.csv");
    let out = otsenka(&[
        "merge",
        "-o",
        &odd.to_string_lossy(),
        &a.to_string_lossy(),
        &b.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        snapshot(&dir),
        before,
        "every file as it was, nothing added"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn merge_refuses_an_input_reached_by_a_link_or_a_hard_link() {
    let dir = folder("merge-links");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    copy(&corpus().join("good-wide.csv"), &a);
    copy(&corpus().join("good-1251.csv"), &b);
    let out_dir = folder("merge-links-out");
    link(&a, &out_dir.join("soft.csv"));
    std::fs::hard_link(&b, out_dir.join("hard.csv")).unwrap_or_default();
    let before = (snapshot(&dir), snapshot(&out_dir));
    for output in ["soft.csv", "hard.csv"] {
        let o = out_dir.join(output);
        let out = otsenka(&[
            "merge",
            "-o",
            &o.to_string_lossy(),
            &a.to_string_lossy(),
            &b.to_string_lossy(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{output}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("это один из читаемых файлов"));
    }
    assert_eq!((snapshot(&dir), snapshot(&out_dir)), before);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[cfg(unix)]
#[test]
fn merge_refuses_an_output_inside_a_folder_it_reads() {
    let dir = folder("merge-into-folder");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap_or_default();
    copy(&corpus().join("good-wide.csv"), &input.join("a.csv"));
    copy(&corpus().join("good-1251.csv"), &input.join("sub/b.csv"));
    link(&input.join("sub"), &dir.join("sub-link"));
    let before = snapshot(&dir);
    for output in [
        input.join("merged.csv"),
        input.join("sub/merged.csv"),
        dir.join("sub-link/merged.csv"),
        input.join("report.txt"),
    ] {
        for _ in 0..2 {
            let out = otsenka(&[
                "merge",
                "-o",
                &output.to_string_lossy(),
                &input.to_string_lossy(),
            ]);
            assert_eq!(out.status.code(), Some(2), "{}", output.display());
            assert!(
                text(&out.stderr).contains("лежит в читаемой папке"),
                "{}",
                text(&out.stderr)
            );
        }
    }
    assert_eq!(snapshot(&dir), before);
    // Outside the folder it is written, and a second run gives the same assessments.
    let merged = dir.join("merged.csv");
    for _ in 0..2 {
        let out = otsenka(&[
            "merge",
            "-o",
            &merged.to_string_lossy(),
            &input.to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("Записано самооценок: 2 в "));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_merge_leaves_the_existing_output_as_it_was() {
    let dir = folder("merge-fails");
    let output = dir.join("merged.csv");
    std::fs::write(&output, b"last month's merge\r\n").unwrap_or_default();
    let before = snapshot(&dir);
    let older = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../municipal/tests/fixtures/older/school-20-2025.2.csv");
    // Two versions of the template: refused half way, after the first file was written.
    let out = otsenka(&[
        "merge",
        "-o",
        &output.to_string_lossy(),
        &corpus().join("good-wide.csv").to_string_lossy(),
        &older.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("не тот шаблон"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        snapshot(&dir),
        before,
        "the old file whole and no temporary file left"
    );
    // Only refused files: nothing to write.
    let out = otsenka(&[
        "merge",
        "-o",
        &output.to_string_lossy(),
        &corpus().join("bad-empty.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("нет ни одной принятой самооценки"));
    assert_eq!(snapshot(&dir), before);
    // A folder as the output, and a missing folder.
    for o in [dir.clone(), dir.join("missing/merged.csv")] {
        let out = otsenka(&[
            "merge",
            "-o",
            &o.to_string_lossy(),
            &corpus().join("good-wide.csv").to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", o.display());
    }
    assert_eq!(snapshot(&dir), before);
    // A run that succeeds replaces it whole.
    let out = otsenka(&[
        "merge",
        "-o",
        &output.to_string_lossy(),
        &corpus().join("good-wide.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let now = snapshot(&dir);
    assert_eq!(now.len(), 1, "{now:?}");
    assert!(now[&output].starts_with(b"\xEF\xBB\xBF"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn an_output_link_is_written_through_and_stays_a_link() {
    let dir = folder("merge-through-link");
    let real = dir.join("real.csv");
    std::fs::write(&real, b"old").unwrap_or_default();
    link(&real, &dir.join("link.csv"));
    let out = otsenka(&[
        "merge",
        "-o",
        &dir.join("link.csv").to_string_lossy(),
        &corpus().join("good-wide.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(dir.join("link.csv")).is_ok_and(|m| m.file_type().is_symlink())
    );
    assert!(std::fs::read(&real)
        .unwrap_or_default()
        .starts_with(b"\xEF\xBB\xBF"));
    // A dangling link is refused.
    link(&dir.join("nowhere.csv"), &dir.join("dangling.csv"));
    let before = snapshot(&dir);
    let out = otsenka(&[
        "merge",
        "-o",
        &dir.join("dangling.csv").to_string_lossy(),
        &corpus().join("good-wide.csv").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn summary_refuses_to_write_over_an_input_or_into_a_folder_it_reads() {
    let dir = folder("summary-over-input");
    let a = dir.join("a.csv");
    copy(&corpus().join("good-wide.csv"), &a);
    let before = snapshot(&dir);
    for (output, input, says) in [
        (a.clone(), a.clone(), "это один из читаемых файлов"),
        (dir.join("table.csv"), dir.clone(), "лежит в читаемой папке"),
    ] {
        let out = otsenka(&[
            "summary",
            "--csv",
            "-o",
            &output.to_string_lossy(),
            &input.to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
    assert_eq!(snapshot(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}
