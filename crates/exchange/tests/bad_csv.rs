//! The corpus of malformed and hostile CSV files (`tests/fixtures/csv/`): each bad file is
//! refused whole, with the exact problem at the exact line and column, and gives no
//! assessment. The good files the corpus was cut from (`good-*.csv`, rewritten by
//! `OTSENKA_BLESS=1`) must import cleanly; `make_bad.py` derives the bad ones from them.

use std::path::{Path, PathBuf};

use exchange::{export, import_files, ExportMeta, Layout, Profile, What};
use model::{Assessment, Template};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv")
}

/// The schools' МСОКО the corpus was made on (2025.3, now archived: its files must still read).
fn msoko() -> Template {
    match templates::archived_version("msoko", "2025.3") {
        Some(Ok(t)) => t,
        other => panic!("МСОКО must load: {other:?}"),
    }
}

/// Two schools' МСОКО answers with the texts that make CSV hard.
fn schools(t: &Template) -> Vec<Assessment> {
    let mut out = Vec::new();
    for (n, (name, inn)) in [
        ("МБОУ «СОШ № 7»; корпус 2", "7707083893"),
        ("МАОУ \"Лицей\" =1+2", "0274012343"),
    ]
    .iter()
    .enumerate()
    {
        let mut a = Assessment::new(
            format!("school-{}", n + 1),
            t,
            "2026-11-20T08:00:00.000Z".into(),
        );
        a.updated_at = "2026-11-21T10:00:00.000Z".into();
        a.respondent
            .insert("municipality".into(), "Городской округ «Пример»".into());
        a.respondent.insert("school_name".into(), (*name).into());
        a.respondent
            .insert("fis_oko_login".into(), "sch77171506".into());
        a.respondent.insert("inn".into(), (*inn).into());
        a.respondent
            .insert("academic_year".into(), "2025/2026".into());
        for (i, v) in [
            "yes", "partly", "no", "yes", "yes", "partly", "no", "yes", "yes",
        ]
        .iter()
        .enumerate()
        {
            a.update_answer(&format!("1.{}.{}", n + 1, i + 1), |x| {
                x.choice = Some((*v).into())
            });
        }
        a.update_answer("2.1.1", |x| {
            x.choice = Some("yes".into());
            x.evidence = "Приказ № 12 от 01.09.2025\r\n«О ВСОКО»".into();
        });
        out.push(a);
    }
    out
}

const GOOD: [(&str, Layout, Profile); 3] = [
    ("good-wide.csv", Layout::Wide, Profile::ExcelRu),
    ("good-long.csv", Layout::Long, Profile::Rfc4180),
    ("good-1251.csv", Layout::Wide, Profile::ExcelCp1251),
];

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_good_files_are_current_and_import_cleanly() {
    let t = msoko();
    let meta = ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: "0.1.0".into(),
    };
    for (name, layout, profile) in GOOD {
        let bytes =
            export(&t, &schools(&t), layout, profile, &meta).unwrap_or_else(|e| panic!("{e}"));
        if std::env::var_os("OTSENKA_BLESS").is_some() {
            std::fs::write(dir().join(name), &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(
            read(name),
            bytes,
            "{name} is not what the export writes now: OTSENKA_BLESS=1, then make_bad.py"
        );
        let got = import_files(&[(name, &bytes)], std::slice::from_ref(&t));
        assert!(got.refused.is_empty(), "{name}: {:?}", got.refused);
        assert_eq!(got.assessments.len(), 2);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    }
}

fn s(x: &str) -> String {
    x.to_owned()
}

/// Each bad file and the first problem reported: line, column name, what.
fn corpus() -> Vec<(&'static str, usize, Option<&'static str>, What)> {
    let msoko_hash = msoko().hash;
    vec![
        ("empty", 0, None, What::Empty),
        ("only-bom", 0, None, What::Empty),
        ("binary-garbage", 1, None, What::Binary),
        ("png-picture", 2, None, What::Binary),
        ("xlsx-renamed", 1, None, What::Binary),
        ("nul-bytes", 1, None, What::Binary),
        ("utf16", 0, None, What::Utf16),
        ("broken-utf8", 4, None, What::Encoding),
        (
            "koi8r",
            2,
            Some("row_checksum"),
            What::Checksum {
                expected: s("c4e61e4030981d46"),
                found: s("0a2f474228171c34"),
            },
        ),
        (
            "truncated-in-quotes",
            4,
            Some("school_name"),
            What::UnclosedQuote,
        ),
        (
            "truncated-row",
            4,
            None,
            What::RowLength {
                expected: 255,
                found: 254,
            },
        ),
        (
            "text-after-quote",
            2,
            Some("assessment_id"),
            What::TextAfterQuote { found: 'x' },
        ),
        ("quote-in-cell", 2, Some("assessment_id"), What::QuoteInCell),
        (
            "mixed-separators",
            2,
            Some("format_version"),
            What::TextAfterQuote { found: ',' },
        ),
        (
            "long-line",
            4,
            None,
            What::RowLength {
                expected: 255,
                found: 100_255,
            },
        ),
        ("template-sheet", 1, None, What::NotAnExport),
        ("header-only", 1, None, What::NoRows),
        (
            "format-version-1",
            2,
            Some("format_version"),
            What::FormatVersion { found: s("1") },
        ),
        (
            "unknown-template-version",
            2,
            Some("template_id"),
            What::UnknownTemplate {
                id: s("msoko"),
                version: s("2024.9"),
                hash: msoko_hash.clone(),
            },
        ),
        (
            "unknown-template-hash",
            2,
            Some("template_id"),
            What::UnknownTemplate {
                id: s("msoko"),
                version: msoko().version,
                hash: s("0123456789abcdef"),
            },
        ),
        (
            "mixed-templates",
            4,
            Some("template_id"),
            What::MixedTemplates {
                expected: format!("msoko {} ({msoko_hash})", msoko().version),
                found: format!("msoko 2026.1 ({msoko_hash})"),
            },
        ),
        (
            "misspelt-column",
            1,
            None,
            What::MissingColumn {
                name: s("1.1.1_evidence"),
            },
        ),
        (
            "missing-column",
            1,
            None,
            What::MissingColumn {
                name: s("pct_total"),
            },
        ),
        (
            "duplicate-column",
            1,
            Some("filled_by"),
            What::DuplicateColumn {
                name: s("filled_by"),
            },
        ),
        (
            "tampered-answer",
            2,
            Some("row_checksum"),
            What::Checksum {
                expected: s("52bf5edd8f22cf75"),
                found: s("0a2f474228171c34"),
            },
        ),
        (
            "tampered-percent",
            2,
            Some("row_checksum"),
            What::Checksum {
                expected: s("f444a353fa08b837"),
                found: s("0a2f474228171c34"),
            },
        ),
        (
            "tampered-checksum",
            4,
            Some("row_checksum"),
            What::Checksum {
                expected: s("d63085f250a6229e"),
                found: s("0000000000000000"),
            },
        ),
        (
            "duplicated-ids",
            6,
            Some("assessment_id"),
            What::DuplicateAssessment { id: s("school-1") },
        ),
        ("empty-id", 2, Some("assessment_id"), What::EmptyId),
        (
            "unknown-option",
            2,
            Some("1.1.2"),
            What::UnknownOption {
                found: s("ага"),
                expected: vec![s("да"), s("частично"), s("нет")],
            },
        ),
        (
            "unknown-item",
            6,
            Some("item_id"),
            What::UnknownItem { found: s("9.9.9") },
        ),
        (
            "duplicate-item",
            5,
            Some("item_id"),
            What::DuplicateItem {
                id: s("school-1"),
                item: s("1.1.3"),
            },
        ),
        (
            "inconsistent-rows",
            8,
            Some("school_name"),
            What::Inconsistent {
                expected: s("МБОУ «СОШ № 7»; корпус 2"),
                found: s("Другая школа"),
            },
        ),
        (
            "formula-unmarked",
            2,
            Some("filled_by"),
            What::UnmarkedFormula {
                found: s("=HYPERLINK(\"http://evil\";\"x\")"),
            },
        ),
        (
            "minus-command",
            4,
            Some("position"),
            What::UnmarkedFormula {
                found: s("-2+3+cmd|' /C calc'!A0"),
            },
        ),
        (
            "tab-leading",
            2,
            Some("2.1.1_evidence"),
            What::UnmarkedFormula {
                found: s("\tПриказ"),
            },
        ),
        (
            "at-sum",
            4,
            Some("comment"),
            What::UnmarkedFormula {
                found: s("@SUM(1+1)*cmd|' /C calc'!A0"),
            },
        ),
        (
            "formula-full-width",
            2,
            Some("filled_by"),
            What::UnmarkedFormula {
                found: s("\u{ff1d}HYPERLINK(\"http://evil\";\"x\")"),
            },
        ),
        (
            "formula-behind-space",
            4,
            Some("position"),
            What::UnmarkedFormula {
                found: s("\u{a0} =1+1"),
            },
        ),
        (
            "formula-behind-newline",
            4,
            Some("comment"),
            What::UnmarkedFormula {
                found: s("\r\n@SUM(1+1)"),
            },
        ),
        // Derived cells edited with the checksum recomputed: the import's own figures win.
        (
            "derived-percent-tail",
            2,
            Some("pct_total"),
            What::Derived {
                expected: s("9,7"),
                found: s("100,0000001"),
            },
        ),
        (
            "derived-nan",
            4,
            Some("pct_1.1"),
            What::Derived {
                expected: s(""),
                found: s("NaN"),
            },
        ),
        (
            "derived-2-64",
            5,
            Some("section_pct"),
            What::Derived {
                expected: s("66,7"),
                found: s("18446744073709551616"),
            },
        ),
        (
            "derived-level",
            2,
            Some("level_total"),
            What::Derived {
                expected: s("низкий уровень"),
                found: s("высокий уровень"),
            },
        ),
        (
            "derived-unanswered-level",
            11,
            Some("section_level"),
            What::Derived {
                expected: s(""),
                found: s("высокий уровень"),
            },
        ),
        (
            "derived-points",
            4,
            Some("points"),
            What::Derived {
                expected: s("0"),
                found: s("9"),
            },
        ),
    ]
}

/// Every bad file is refused whole, with the expected first problem at the expected place,
/// and an import of it beside a good file still takes the good one and nothing of the bad.
/// Files the app wrote before a part nobody answered lost its level (2026.2) say «низкий
/// уровень» there. They were not edited: they import cleanly and give the same assessments as
/// the export of today, while a level that 0 % could never give is still refused.
#[test]
fn files_exported_before_unanswered_parts_lost_their_level_still_import() {
    let t = msoko();
    let legacy = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy");
    let now = import_files(
        &[("good-long.csv", &read("good-long.csv"))],
        std::slice::from_ref(&t),
    );
    for name in ["2026.1-long.csv", "2026.1-wide-1251.csv"] {
        let bytes = std::fs::read(legacy.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("низкий уровень") || bytes.windows(2).any(|w| w == [0xed, 0xe8]),
            "{name} carries the old level"
        );
        let got = import_files(&[(name, &bytes)], std::slice::from_ref(&t));
        assert!(got.refused.is_empty(), "{name}: {:?}", got.refused);
        assert!(got.warnings.is_empty(), "{name}: {:?}", got.warnings);
        assert_eq!(got.assessments.len(), 2);
        for (old, new) in got.assessments.iter().zip(&now.assessments) {
            assert_eq!(old.answers, new.answers, "{name}");
            assert_eq!(old.respondent, new.respondent, "{name}");
        }
    }
}

#[test]
fn every_bad_file_is_refused_with_the_exact_problem() {
    // What the app reads files with: the built-ins and the kept earlier versions.
    let mut all = templates::all().unwrap_or_else(|e| panic!("{e}"));
    all.extend(templates::archived().unwrap_or_else(|e| panic!("{e}")));
    let good = read("good-wide.csv");
    let cases = corpus();
    assert!(cases.len() >= 30, "the corpus has {} files", cases.len());
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    on_disk.retain(|n| n.starts_with("bad-"));
    assert_eq!(
        on_disk.len(),
        cases.len(),
        "every file in the corpus has its expected problem"
    );
    for (name, line, column, what) in cases {
        let file = format!("bad-{name}.csv");
        let bytes = read(&file);
        let got = import_files(&[("good.csv", &good), (&file, &bytes)], &all);
        assert_eq!(
            got.assessments.len(),
            2,
            "{file}: only the good file's two assessments"
        );
        assert!(got.assessments.iter().all(|a| a.id.starts_with("school-")));
        assert_eq!(got.accepted.len(), 1, "{file} must be refused");
        assert_eq!(got.refused.len(), 1, "{file} must be refused");
        let (refused, problems) = &got.refused[0];
        assert_eq!(refused, &file);
        let first = &problems[0];
        assert_eq!(
            (first.line, first.column_name.as_deref(), &first.what),
            (line, column, &what),
            "{file}: {first}"
        );
        assert_eq!(first.file, file);
        assert!(!first.to_string().is_empty());
    }
}

/// 100 MB is refused from its size alone, before anything is decoded.
#[test]
fn a_100_mb_file_is_refused_by_its_size() {
    let mut big = read("good-wide.csv");
    big.resize(100 << 20, b' ');
    let got = import_files(&[("big.csv", &big)], &[msoko()]);
    assert_eq!(
        got.refused[0].1[0].what,
        What::TooLarge {
            size: 100 << 20,
            max: exchange::MAX_CSV_BYTES
        }
    );
}

/// HTML and script in a school's text are data: imported as the exact text (the app renders
/// text as text), and written out again neutralised where they start like a formula.
#[test]
fn html_and_script_in_text_are_kept_as_text() {
    let t = msoko();
    let mut a = schools(&t).remove(0);
    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    a.respondent.insert("school_name".into(), hostile.into());
    a.update_answer("1.1.1", |x| x.comment = "=<b>жирный</b>".into());
    let meta = ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: "0.1.0".into(),
    };
    let bytes =
        export(&t, &[a], Layout::Wide, Profile::ExcelRu, &meta).unwrap_or_else(|e| panic!("{e}"));
    let got = import_files(&[("html.csv", &bytes)], std::slice::from_ref(&t));
    assert!(got.refused.is_empty());
    assert_eq!(got.assessments[0].respondent_value("school_name"), hostile);
    assert_eq!(
        got.assessments[0]
            .answer("1.1.1")
            .map(|x| x.comment.as_str()),
        Some("=<b>жирный</b>")
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("\"'=<b>жирный</b>\""));
}

/// A derived cell in the other profile's decimal form (a spreadsheet saved the file with a
/// decimal point) is what the export writes there: accepted. The same figure padded or
/// rounded otherwise is not (see the `derived-*` files).
#[test]
fn derived_cells_in_either_decimal_form_are_accepted() {
    let text = String::from_utf8(read("good-wide.csv")).unwrap_or_default();
    let point = text
        .replace("\"9,7\"", "\"9.7\"")
        .replace("\"66,7\"", "\"66.7\"");
    assert_ne!(point, text);
    let got = import_files(&[("point.csv", point.as_bytes())], &[msoko()]);
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(got.assessments.len(), 2);
    // Nor one a spreadsheet rewrote with another number of decimals (as LibreOffice saves
    // `50,0` as `50`): the value is the same, as the row checksum also reads it.
    let padded = text
        .replacen("\"9,7\"", "\"9,70\"", 1)
        .replace("\"0,0\"", "\"0\"");
    assert_ne!(padded, text);
    let got = import_files(&[("padded.csv", padded.as_bytes())], &[msoko()]);
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(got.assessments.len(), 2);
}
