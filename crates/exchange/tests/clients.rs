//! The export read by the programs municipalities and regions really use: LibreOffice Calc
//! (headless, from Debian), a PostgreSQL server (started here on a Unix socket in a temporary
//! directory, and stopped), and Python's `csv` module with default settings.
//!
//! These need the programs installed, so they are `#[ignore]`d in a plain `cargo test`;
//! `cargo xtask test` installs the programs and runs them (`--ignored`), so they always run
//! in CI. Each fails, never skips, when its program is missing.

use std::path::Path;

use exchange::{export, import_files, ExportMeta, Layout, Profile};
use model::{evaluate, Assessment, Template};

/// The school-side МСОКО of which schools still send files (2025.3, archived): the layout
/// `sql/` loads and the clients below are held to. (2026.1 is the municipality's own.)
#[path = "support/postgres.rs"]
mod support;
use support::{run, temp_dir, Postgres};

fn msoko() -> Template {
    match templates::archived_version("msoko", "2025.3") {
        Some(Ok(t)) => t,
        other => panic!("МСОКО 2025.3 must load: {other:?}"),
    }
}

fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: "0.1.0".into(),
    }
}

/// Three schools with what spreadsheets and databases get wrong: codes with leading zeros, a
/// 13-digit number, formula-like texts, quotes, separators and line breaks, decimals.
fn schools(t: &Template) -> Vec<Assessment> {
    let names = [
        "МБОУ «СОШ № 7»; корпус 2",
        "МАОУ \"Лицей\", г. Пример",
        "=1+2",
    ];
    let inns = ["7707083893", "0274012343", "0274012343"];
    let picks = ["yes", "partly", "no"];
    let mut out = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let mut a = Assessment::new(format!("school-{n}"), t, "2026-11-20T08:00:00.000Z".into());
        a.updated_at = "2026-11-21T10:00:00.000Z".into();
        a.respondent
            .insert("municipality".into(), "Городской округ «Пример»".into());
        a.respondent.insert("school_name".into(), (*name).into());
        a.respondent
            .insert("fis_oko_login".into(), "sch02010007".into());
        a.respondent.insert("inn".into(), inns[n].into());
        a.respondent.insert("ogrn".into(), "1027700132195".into());
        a.respondent
            .insert("filled_by".into(), "-Иванова И. И.".into());
        a.respondent
            .insert("academic_year".into(), "2025/2026".into());
        // Different answers per school and section, so every percentage differs.
        // The criteria (the action plan's table is no criterion).
        for (i, item) in t.items().filter(|i| i.is_scored()).enumerate() {
            if (i + n) % 4 == 3 {
                continue;
            }
            let v = picks[(i * (n + 2) / 3) % 3];
            a.update_answer(&item.id, |x| x.choice = Some(v.into()));
        }
        a.update_answer("1.1.1", |x| {
            x.evidence = "Приказ № 12 от 01.09.2025\r\n«О ВСОКО»; стр. 2".into();
            x.comment = "@SUM(A1:A9)".into();
        });
        a.update_answer("2.3.4", |x| x.evidence = "1.1.3".into());
        out.push(a);
    }
    out
}

/// Reads CSV as the csv crate does, keeping whether each cell was quoted (LibreOffice's
/// export quotes text cells and leaves numbers bare, so quoting tells text from number).
fn cells(text: &str, sep: char) -> Vec<Vec<(String, bool)>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut start = true;
    while let Some(c) = chars.next() {
        if start && c == '"' {
            quoted = true;
            start = false;
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        cell.push('"');
                    } else {
                        break;
                    }
                } else {
                    cell.push(c);
                }
            }
            continue;
        }
        start = false;
        if c == sep {
            row.push((std::mem::take(&mut cell), quoted));
            quoted = false;
            start = true;
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push((std::mem::take(&mut cell), quoted));
            rows.push(std::mem::take(&mut row));
            quoted = false;
            start = true;
        } else {
            cell.push(c);
        }
    }
    if !row.is_empty() || !cell.is_empty() {
        row.push((cell, quoted));
        rows.push(row);
    }
    rows
}

/// What a school's answers are, for comparing after a trip through another program: line
/// breaks inside cells may come back as LF.
fn comparable(mut a: Assessment) -> Assessment {
    a.current_section = String::new();
    a.revision = 0;
    a.exported_at = String::new();
    let mut answers: Vec<(String, model::Answer)> = a
        .answers
        .iter()
        .map(|(k, x)| {
            let mut x = x.clone();
            x.evidence = x.evidence.replace("\r\n", "\n");
            x.comment = x.comment.replace("\r\n", "\n");
            (k.to_owned(), x)
        })
        .collect();
    answers.sort_by(|x, y| x.0.cmp(&y.0));
    a.answers = answers.into_iter().collect();
    a
}

#[test]
#[ignore = "needs LibreOffice: run by `cargo xtask test`"]
fn libreoffice_keeps_text_codes_numbers_and_formulas_as_intended_through_xlsx_and_back() {
    let t = msoko();
    let list = schools(&t);
    let dir = temp_dir("libreoffice");
    // Its own profile directory, so no setting of this machine's user changes the result.
    let profile_dir = format!("-env:UserInstallation=file://{}/profile", dir.display());
    for profile in Profile::ALL {
        let name = profile.name();
        let bytes = export(&t, &list, Layout::Wide, profile, &meta())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        std::fs::write(dir.join(format!("{name}.csv")), &bytes).unwrap_or_else(|e| panic!("{e}"));
        // Opened as a person in Russia opens it: the profile's separator and encoding, Russian
        // number format, and «detect special numbers» on — the way Excel reads dates and
        // numbers (the harshest reading for codes).
        // The RFC 4180 profile is opened with «Format quoted field as text», as
        // docs/csv-format.md tells people to (its codes carry no apostrophe).
        let (sep, charset, language, quoted_text) = match profile {
            Profile::ExcelRu => ("59", "76", "1049", "false"),
            Profile::ExcelCp1251 => ("59", "34", "1049", "false"),
            Profile::Rfc4180 => ("44", "76", "1033", "true"),
        };
        let infilter =
            format!("--infilter=CSV:{sep},34,{charset},1,,{language},{quoted_text},true");
        run(
            "soffice",
            &[
                &profile_dir,
                "--headless",
                &infilter,
                "--convert-to",
                "xlsx",
                &format!("{name}.csv"),
            ],
            &dir,
        );
        // The spreadsheet itself: no cell holds a formula.
        run(
            "soffice",
            &[
                &profile_dir,
                "--headless",
                "--convert-to",
                "fods",
                "--outdir",
                "fods",
                &format!("{name}.xlsx"),
            ],
            &dir,
        );
        let fods = std::fs::read_to_string(dir.join(format!("fods/{name}.fods")))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !fods.contains("table:formula="),
            "{name}: a formula in the spreadsheet"
        );
        assert!(
            fods.contains("МБОУ «СОШ № 7»; корпус 2"),
            "{name}: Cyrillic text intact"
        );
        // Back to CSV (UTF-8, text cells quoted, numbers bare), as a person saves it again.
        run(
            "soffice",
            &[
                &profile_dir,
                "--headless",
                "--convert-to",
                &format!("csv:Text - txt - csv (StarCalc):{sep},34,76,1,,{language},true,true"),
                "--outdir",
                "back",
                &format!("{name}.xlsx"),
            ],
            &dir,
        );
        let back =
            std::fs::read(dir.join(format!("back/{name}.csv"))).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(back.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let rows = cells(
            &text,
            if profile == Profile::Rfc4180 {
                ','
            } else {
                ';'
            },
        );
        let header: Vec<&str> = rows[0].iter().map(|(c, _)| exchange::restore(c)).collect();
        let cell = |r: usize, col: &str| -> (String, bool) {
            let i = header
                .iter()
                .position(|h| *h == col)
                .unwrap_or_else(|| panic!("{name}: no {col}"));
            rows[r][i].clone()
        };
        let codes = profile.marks_codes();
        let mark = |s: &str| if codes { format!("'{s}") } else { s.to_owned() };
        // Codes: text, leading zeros kept, never a number or a date.
        assert_eq!(cell(2, "inn"), (mark("0274012343"), true), "{name}: ИНН");
        assert_eq!(
            cell(1, "ogrn"),
            (mark("1027700132195"), true),
            "{name}: ОГРН"
        );
        assert_eq!(
            cell(1, "fis_oko_login"),
            ("sch02010007".into(), true),
            "{name}: login"
        );
        assert_eq!(
            cell(1, "academic_year"),
            (mark("2025/2026"), true),
            "{name}: year"
        );
        assert_eq!(
            cell(1, "2.3.4_evidence"),
            (mark("1.1.3"), true),
            "{name}: an id-like text"
        );
        if codes {
            assert!(
                header.contains(&"1.1.1"),
                "{name}: item ids in the header stay ids"
            );
        }
        // Formulas: still the text typed, marked, never evaluated.
        assert_eq!(
            cell(3, "school_name"),
            ("'=1+2".into(), true),
            "{name}: formula not run"
        );
        assert_eq!(
            cell(1, "1.1.1_comment"),
            ("'@SUM(A1:A9)".into(), true),
            "{name}"
        );
        assert_eq!(
            cell(1, "filled_by"),
            ("'-Иванова И. И.".into(), true),
            "{name}"
        );
        // Text with separators, quotes and line breaks.
        assert_eq!(
            cell(2, "school_name").0,
            "МАОУ \"Лицей\", г. Пример",
            "{name}"
        );
        assert_eq!(
            cell(1, "1.1.1_evidence").0,
            "Приказ № 12 от 01.09.2025\n«О ВСОКО»; стр. 2"
        );
        // Percentages with a decimal comma are numbers in the spreadsheet.
        for (r, a) in list.iter().enumerate() {
            let results = evaluate(&t, a);
            let (pct, quoted) = cell(r + 1, "pct_1.1");
            assert!(
                !quoted,
                "{name}: pct_1.1 must be a number, found text {pct:?}"
            );
            let want = results.sections[0]
                .score
                .percent()
                .map(|p| p.decimal_point())
                .unwrap_or_default();
            assert_eq!(pct.replace(',', "."), want, "{name}: pct_1.1 of row {r}");
        }
        // And the file a spreadsheet saved again still imports, checksums and all.
        let got = import_files(&[("back.csv", &back)], std::slice::from_ref(&t));
        assert!(got.refused.is_empty(), "{name}: {:?}", got.refused);
        let back: Vec<Assessment> = got.assessments.into_iter().map(comparable).collect();
        let want: Vec<Assessment> = list.iter().cloned().map(comparable).collect();
        assert_eq!(back, want, "{name}: the answers after LibreOffice");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "needs PostgreSQL: run by `cargo xtask test`"]
fn postgresql_loads_the_long_export_and_computes_the_same_percentages() {
    let t = msoko();
    let list = schools(&t);
    let pg = Postgres::start();
    let file = pg.dir.join("long.csv");
    let bytes = export(&t, &list, Layout::Long, Profile::Rfc4180, &meta())
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sql/schema.sql");
    pg.psql(&["-f", &schema.to_string_lossy()]);
    pg.psql(&[
        "-c",
        &format!(
            "\\copy msoko_long FROM '{}' WITH (FORMAT csv, HEADER true)",
            file.display()
        ),
    ]);
    let count = pg.psql(&[
        "-c",
        "SELECT count(*), count(DISTINCT assessment_id) FROM msoko_long",
    ]);
    assert_eq!(count.trim(), format!("{}|3", 3 * t.item_count()));
    // The % per direction computed in SQL from the items equals the app's, for every school.
    let sql = pg.psql(&["-c", "SELECT assessment_id, section_id, coalesce(pct::text, '') FROM msoko_section_pct ORDER BY 1, 2"]);
    let mut want = Vec::new();
    for a in &list {
        for s in evaluate(&t, a).sections {
            want.push(format!(
                "{}|{}|{}",
                a.id,
                s.section.id,
                s.score
                    .percent()
                    .map(|p| p.decimal_point())
                    .unwrap_or_default()
            ));
        }
    }
    want.sort();
    let got: Vec<&str> = sql.lines().collect();
    assert_eq!(got, want);
    // Texts arrive intact; a marked formula is text, and otsenka_text() gives it back.
    let name = pg.psql(&["-c", "SELECT school_name || '|' || otsenka_text(school_name) FROM msoko_long WHERE assessment_id = 'school-2' LIMIT 1"]);
    assert_eq!(name.trim(), "'=1+2|=1+2");
    let inn = pg.psql(&[
        "-c",
        "SELECT DISTINCT inn FROM msoko_long WHERE assessment_id = 'school-1'",
    ]);
    assert_eq!(inn.trim(), "0274012343");
    let evidence = pg.psql(&[
        "-c",
        "SELECT evidence FROM msoko_long WHERE assessment_id = 'school-0' AND item_id = '1.1.1'",
    ]);
    assert_eq!(
        evidence.trim_end(),
        "Приказ № 12 от 01.09.2025\r\n«О ВСОКО»; стр. 2"
    );
}

#[test]
#[ignore = "needs python3: run by `cargo xtask test`"]
fn python_csv_reads_the_rfc4180_profile_with_default_settings() {
    let t = msoko();
    let list = schools(&t);
    let dir = temp_dir("python");
    let bytes = export(&t, &list, Layout::Wide, Profile::Rfc4180, &meta())
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("wide.csv"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    // Default dialect, default quoting: the only argument is the file, opened as the csv
    // module's documentation says (newline='').
    let script = r#"
import csv, json
with open("wide.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
print(json.dumps([{k: r[k] for k in ("assessment_id", "school_name", "inn", "1.1.1_evidence", "pct_1.1", "pct_total", "row_checksum")} for r in rows], ensure_ascii=False))
"#;
    let out = run("python3", &["-c", script], &dir);
    let mut want = String::from("[");
    for (n, a) in list.iter().enumerate() {
        let r = evaluate(&t, a);
        let pct = |p: Option<model::Percent>| p.map(|p| p.decimal_point()).unwrap_or_default();
        let evidence = a
            .answer("1.1.1")
            .map(|x| x.evidence.clone())
            .unwrap_or_default();
        let name = a.respondent_value("school_name");
        let name = if exchange::needs_guard(name, false) {
            format!("'{name}")
        } else {
            name.to_owned()
        };
        if n > 0 {
            want.push_str(", ");
        }
        want.push_str(&format!(
            "{{\"assessment_id\": \"{}\", \"school_name\": {}, \"inn\": \"{}\", \"1.1.1_evidence\": {}, \"pct_1.1\": \"{}\", \"pct_total\": \"{}\", ",
            a.id,
            json(&name),
            a.respondent_value("inn"),
            json(&evidence),
            pct(r.sections[0].score.percent()),
            pct(r.total.percent()),
        ));
        want.push_str("\"row_checksum\": ");
        want.push('"');
        want.push_str(&checksum_of(&bytes, n + 1));
        want.push_str("\"}");
    }
    want.push(']');
    assert_eq!(out.trim(), want);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A JSON string literal, as Python's `json.dumps(…, ensure_ascii=False)` writes it.
fn json(s: &str) -> String {
    model::Json::Str(s.to_owned()).text()
}

/// The checksum cell of data row `n`, read with the csv crate.
fn checksum_of(bytes: &[u8], n: usize) -> String {
    let mut reader = csv::Reader::from_reader(bytes);
    reader
        .records()
        .nth(n - 1)
        .and_then(Result::ok)
        .and_then(|r| r.iter().next_back().map(str::to_owned))
        .unwrap_or_default()
}
