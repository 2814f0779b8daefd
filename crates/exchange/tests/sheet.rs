//! Spreadsheet authoring: round trips with every built-in template, encodings and separators,
//! and refusals that point at the exact row and column.

use exchange::{import_sheet, sheet_to_json, template_to_sheet, SheetError, SheetProblem};
use model::{Problem, Template, TemplateError, MAX_TEMPLATE_BYTES};

type Res = Result<(), Box<dyn std::error::Error>>;

fn cleared(mut t: Template) -> Template {
    t.hash.clear();
    t.legacy_hash.clear();
    t
}

#[test]
fn every_built_in_survives_template_sheet_template_and_sheet_template_sheet() -> Res {
    let all = templates::all()?;
    assert!(!all.is_empty());
    for t in all {
        let sheet = template_to_sheet(&t);
        assert!(sheet.starts_with('\u{FEFF}'));
        let (back, json) = import_sheet(sheet.as_bytes()).map_err(|e| format!("{}: {e}", t.id))?;
        assert_eq!(
            cleared(back.clone()),
            cleared(t.clone()),
            "template {}",
            t.id
        );
        assert_eq!(Template::from_json(&json)?, back);
        assert_eq!(template_to_sheet(&back), sheet, "template {}", t.id);
    }
    Ok(())
}

/// The committed example sheets are what `template_to_sheet` writes for the built-ins; run
/// with `OTSENKA_BLESS=1` to rewrite them.
#[test]
fn committed_example_sheets_are_current() -> Res {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/sheets");
    let bless = std::env::var("OTSENKA_BLESS").is_ok_and(|v| v == "1");
    for t in templates::all()? {
        let path = dir.join(format!("{}.csv", t.id));
        let sheet = template_to_sheet(&t);
        if bless {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&path, &sheet)?;
            continue;
        }
        let committed = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e} (run with OTSENKA_BLESS=1)", path.display()))?;
        assert!(
            committed == sheet,
            "{} is stale; run the tests with OTSENKA_BLESS=1",
            path.display()
        );
    }
    Ok(())
}

/// Columns: A row, B parent, C id, D kind, E label, F label_en, G options, H min, I max,
/// J bands, K condition.
const DEMO: &str = "row;parent;id;kind;label;label_en;options;min;max;bands;condition
meta;;id;;demo;;;;;;
meta;;version;;1;;;;;;
meta;;title;;Проверка «№1» — тест;Check;;;;;
section;;s1;;Раздел;;;;;;
item;;a;choice;Цели;Goals;yes: да = 2 | no: нет = 0;;;;
item;;b;number;Учителей;;;0;;>=20 = 0 | 10..20 = 1 | <10 = 2;
item;;c;yes_no;Есть ли, и какой;;;;;;a = \"yes\"
";

fn demo(from: &str, to: &str) -> String {
    assert!(DEMO.contains(from), "{from}");
    DEMO.replacen(from, to, 1)
}

fn refused(sheet: &str) -> SheetError {
    match sheet_to_json(sheet.as_bytes()) {
        Ok(json) => panic!("the sheet should have been refused, got {json}"),
        Err(e) => e,
    }
}

/// Row, column letter and column name of a refusal.
fn at(e: &SheetError) -> (usize, String, Option<&'static str>) {
    let place = e.at.expect("the error has a place");
    let column = place.column.expect("the error has a column");
    (place.row, column.letter(), column.name)
}

#[test]
fn the_demo_sheet_reads_as_its_template() -> Res {
    let (t, _) = import_sheet(DEMO.as_bytes())?;
    assert_eq!((t.id.as_str(), t.version.as_str()), ("demo", "1"));
    assert_eq!(t.title.en.as_deref(), Some("Check"));
    let a = t.item("a").ok_or("a")?;
    assert_eq!(a.max_points(), 2);
    assert_eq!(a.label.en.as_deref(), Some("Goals"));
    let b = t.item("b").ok_or("b")?;
    let bands: Vec<_> = b.bands.iter().map(|b| (b.min, b.max, b.points)).collect();
    assert_eq!(
        bands,
        [
            (Some(20.0), None, 0),
            (Some(10.0), Some(20.0), 1),
            (None, Some(10.0), 2)
        ]
    );
    assert_eq!(b.min, Some(0.0));
    let c = t.item("c").ok_or("c")?;
    assert_eq!(c.label.ru, "Есть ли, и какой");
    assert_eq!(
        c.visible_if.as_ref().map(|v| v.source.as_str()),
        Some("a = \"yes\"")
    );
    Ok(())
}

/// Windows-1251 bytes of a text (only what the demo uses beyond ASCII).
fn cp1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => (u32::from(c) - 0x410 + 0xC0) as u8,
            'Ё' => 0xA8,
            'ё' => 0xB8,
            '«' => 0xAB,
            '»' => 0xBB,
            '—' => 0x97,
            '№' => 0xB9,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} is not in the test's Windows-1251 table"),
        })
        .collect()
}

/// The demo with `,` between cells, as an English-locale spreadsheet saves it.
fn with_commas(sheet: &str) -> String {
    sheet
        .lines()
        .map(|line| {
            line.split(';')
                .map(|cell| {
                    if cell.contains([',', '"']) {
                        format!("\"{}\"", cell.replace('"', "\"\""))
                    } else {
                        cell.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn windows_1251_with_commas_and_utf8_with_bom_read_as_the_same_template() -> Res {
    let (plain, _) = import_sheet(DEMO.as_bytes())?;
    let ansi = cp1251(&with_commas(DEMO));
    assert!(std::str::from_utf8(&ansi).is_err());
    let (from_ansi, _) = import_sheet(&ansi)?;
    assert_eq!(cleared(from_ansi), cleared(plain.clone()));
    let bom = format!("\u{FEFF}{}", DEMO.replace('\n', "\r\n"));
    let (from_bom, _) = import_sheet(bom.as_bytes())?;
    assert_eq!(cleared(from_bom), cleared(plain));
    Ok(())
}

#[test]
fn russian_headers_comments_and_blank_rows_are_accepted() -> Res {
    let russian = DEMO
        .replacen(
            "row;parent;id;kind;label;label_en;options;min;max;bands;condition",
            "Тип строки;Родитель;Код;Вид;Текст;Текст_en;Варианты;Минимум;Максимум;Баллы за число;Условие",
            1,
        )
        .replacen("section;", "# a comment;;x\n\n;;;\nраздел;", 1);
    let (t, _) = import_sheet(russian.as_bytes())?;
    let (plain, _) = import_sheet(DEMO.as_bytes())?;
    assert_eq!(cleared(t), cleared(plain));
    Ok(())
}

#[test]
fn unknown_row_type_points_at_the_row_cell() {
    let e = refused(&demo("section;;s1", "sectoin;;s1"));
    assert_eq!(at(&e), (5, "A".into(), Some("row")));
    assert_eq!(
        e.problem,
        SheetProblem::UnknownRowType {
            found: "sectoin".into()
        }
    );
}

#[test]
fn unknown_kind_points_at_the_kind_cell() {
    let e = refused(&demo("a;choice", "a;choise"));
    assert_eq!(at(&e), (6, "D".into(), Some("kind")));
    assert!(matches!(e.problem, SheetProblem::UnknownKind { ref found, .. } if found == "choise"));
}

#[test]
fn a_bad_number_points_at_its_cell_and_reads_as_a_sentence() {
    let e = refused(&demo(";;;0;;>=20", ";;;abc;;>=20"));
    assert_eq!(at(&e), (7, "H".into(), Some("min")));
    assert_eq!(
        e.problem,
        SheetProblem::BadNumber {
            found: "abc".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "row 7, column H (min): «abc» is not a number"
    );
    // A decimal comma is a number.
    assert!(sheet_to_json(demo(";;;0;;>=20", ";;;0,5;;>=20").as_bytes()).is_ok());
}

#[test]
fn a_russian_header_is_how_a_refusal_names_its_column() {
    let russian = DEMO.replacen(
        "row;parent;id;kind;label;label_en;options;min;max;bands;condition",
        "Тип строки;родитель;код;вид;текст;текст_en;варианты;Минимум;максимум;баллы за число;condition",
        1,
    );
    let e = refused(&russian.replacen(";;;0;;>=20", ";;;abc;;>=20", 1));
    assert_eq!(at(&e), (7, "H".into(), Some("минимум")));
    assert_eq!(
        e.to_string(),
        "row 7, column H (минимум): «abc» is not a number"
    );
    // Every other column of the sheet is named as its header is written too.
    let e = refused(&russian.replacen("Цели;Goals;yes: да = 2", "Цели;Goals;yes да = 2", 1));
    assert_eq!(at(&e), (6, "G".into(), Some("варианты")));
}

#[test]
fn a_bad_options_cell_points_at_the_options_cell() {
    let e = refused(&demo("yes: да = 2", "yes да = 2"));
    assert_eq!(at(&e), (6, "G".into(), Some("options")));
    assert_eq!(
        e.problem,
        SheetProblem::BadOption {
            found: "yes да = 2".into()
        }
    );
    let e = refused(&demo("no: нет = 0", "no: нет = много"));
    assert_eq!(at(&e), (6, "G".into(), Some("options")));
    // The model's refusal of an option also lands on the options cell.
    let e = refused(&demo("no: нет = 0", "yes: нет = 0"));
    assert_eq!(at(&e), (6, "G".into(), Some("options")));
    assert!(matches!(
        e.problem,
        SheetProblem::Template(TemplateError::Invalid {
            problem: Problem::DuplicateChoice { .. },
            ..
        })
    ));
    let e = refused(&demo(">=20 = 0 |", ">=20 |"));
    assert_eq!(at(&e), (7, "J".into(), Some("bands")));
}

#[test]
fn a_duplicate_id_points_at_the_id_cell() {
    let e = refused(&demo("item;;c;", "item;;a;"));
    assert_eq!(at(&e), (8, "C".into(), Some("id")));
    assert_eq!(
        e.problem,
        SheetProblem::Template(TemplateError::Invalid {
            path: "sections[0].items[2].id".into(),
            problem: Problem::DuplicateId { id: "a".into() }
        })
    );
    assert_eq!(
        e.to_string(),
        "row 8, column C (id): «a» is empty or used twice; give each its own id"
    );
}

#[test]
fn an_unknown_reference_in_a_condition_points_at_the_condition_cell() {
    let e = refused(&demo("a = \"yes\"", "z = \"yes\""));
    assert_eq!(at(&e), (8, "K".into(), Some("condition")));
    assert!(matches!(
        e.problem,
        SheetProblem::Template(TemplateError::Invalid {
            problem: Problem::UnknownReference { ref id },
            ..
        }) if id == "z"
    ));
}

#[test]
fn keys_the_kind_does_not_use_point_at_their_cell() {
    // Bands on a yes/no item: refused by the model, located by the sheet.
    let e = refused(&demo(";;;;a = \"yes\"", ";;;* = 1;a = \"yes\""));
    assert_eq!(at(&e), (8, "J".into(), Some("bands")));
    // A column a row type does not use: refused by the sheet.
    let e = refused(&demo("section;;s1;;Раздел;;;", "section;;s1;;Раздел;;x;"));
    assert_eq!(at(&e), (5, "G".into(), Some("options")));
    assert_eq!(e.problem, SheetProblem::NotForRow);
}

#[test]
fn broken_utf8_bytes_point_at_their_cell() {
    let mut bytes = DEMO.as_bytes().to_vec();
    let goals = "Цели".as_bytes();
    let start = bytes
        .windows(goals.len())
        .position(|w| w == goals)
        .expect("the demo has «Цели»");
    bytes[start + 1] = b'A'; // the second byte of «Ц» is gone
    let e = import_sheet(&bytes).expect_err("refused");
    assert_eq!(e.problem, SheetProblem::Encoding);
    assert_eq!(at(&e), (6, "E".into(), Some("label")));
    // The same after a byte-order mark.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    assert_eq!(
        import_sheet(&with_bom).err().map(|e| e.problem),
        Some(SheetProblem::Encoding)
    );
    // 0x98 is no character in Windows-1251.
    let mut ansi = cp1251(DEMO);
    let at_title = ansi.iter().position(|&b| b == 0xAB).expect("«");
    ansi[at_title] = 0x98;
    let e = import_sheet(&ansi).expect_err("refused");
    assert_eq!(
        (e.problem.clone(), at(&e)),
        (SheetProblem::Encoding, (4, "E".into(), Some("label")))
    );
}

#[test]
fn huge_and_empty_files_are_refused_as_a_whole() {
    let huge = vec![b' '; MAX_TEMPLATE_BYTES + 1];
    let e = import_sheet(&huge).expect_err("refused");
    assert_eq!(e.at, None);
    assert!(
        matches!(e.problem, SheetProblem::TooLarge { size, .. } if size == MAX_TEMPLATE_BYTES + 1)
    );
    for empty in [&b""[..], b"\xEF\xBB\xBF", b" \r\n\r\n"] {
        let e = import_sheet(empty).expect_err("refused");
        assert_eq!((e.at, e.problem), (None, SheetProblem::Empty));
    }
}

#[test]
fn header_problems_point_at_row_one() {
    let e = refused(&demo("label_en;", "label_ru;"));
    assert_eq!(at(&e), (1, "F".into(), None));
    let e = refused(&demo("parent;", "label;"));
    assert_eq!(at(&e), (1, "E".into(), Some("label")));
    assert!(matches!(e.problem, SheetProblem::DuplicateHeader { .. }));
    let e = refused(&DEMO.replacen("row;", "type;", 1));
    assert_eq!(at(&e).0, 1);
    let e = refused(&demo("meta;;id;;demo;;;;;;", "meta;;id;;demo;;;;;;;extra"));
    assert_eq!(
        (at(&e), e.problem),
        ((2, "L".into(), None), SheetProblem::OutsideHeader)
    );
}

#[test]
fn missing_meta_items_before_sections_and_unknown_parents_are_refused() {
    let e = refused(&demo("meta;;version;;1;;;;;;\n", ""));
    assert_eq!(
        (e.at, e.problem),
        (None, SheetProblem::MissingMeta { key: "version" })
    );
    let e = refused(&demo("section;;s1;;Раздел;;;;;;\n", ""));
    assert_eq!(at(&e), (5, "A".into(), Some("row")));
    assert_eq!(e.problem, SheetProblem::NoSection);
    let e = refused(&demo("section;;s1", "section;g;s1"));
    assert_eq!(at(&e), (5, "B".into(), Some("parent")));
    assert_eq!(e.problem, SheetProblem::UnknownParent { id: "g".into() });
}

/// Everything the JSON format has, written as a sheet: groups, section and template levels,
/// scales, every item kind, table columns, weights, patterns, English texts, escapes, quoted
/// cells with separators and line breaks.
const FULL: &str = "\u{FEFF}row;parent;id;kind;label;label_en;options;options_en;scale;points;reverse;good;required;min;max;integer;unit;unit_en;bands;weight;max_choices;pattern;message;message_en;condition;evidence;comment;help;help_en;recommendation;recommendation_en\r
meta;;format;;1\r
meta;;id;;full\r
meta;;version;;2025.1\r
meta;;title;;Всё сразу;Everything\r
meta;;description;;\"Строка 1\r
строка 2; с точкой с запятой\"\r
meta;;source;;Источник\r
field;;inn;inn;ИНН;INN;;;;;;;да;;;;;;;;;;;;;;;10 цифр\r
field;;year;academic_year;Учебный год\r
scale;;ypn;;;;да: да = 2 | частично: частично = 1 | нет: нет = 0 | na: не применимо = n/a;yes | partly | no | n/a\r
level;;;good;высокий;high;;;;;;;;80\r
level;;;medium;средний;;;;;;;;;50,5\r
level;;;bad;низкий;;;;;;;;;0\r
group;;g;;Блок;Block\r
section;g;s1;;Первый\r
level;s1;;good;хорошо;;;;;;;;;70\r
level;s1;;bad;плохо;;;;;;;;;0\r
item;;q1;choice;Вопрос;Question;;;ypn;;;;yes;;;;;;;2;;;;;;yes;yes;Подсказка;Help;Сделайте;Do it\r
item;;q2;yes_no;Есть вакансии;;;;;;;no\r
item;;q3;likert;Согласны?;;совсем нет | полностью;not at all | fully;;7;yes\r
item;;q4;likert;Оценка;;;;;3\r
item;;q5;multi;Что есть;;a: A \\| пайп = 1 | b: Б\\=равно = 2 | c\\:x: В: с двоеточием = 3;;;;;;;;;;;;;;2\r
section;g;s2;;Второй;;;;;;;;;;;;;;;;;;;;q2 = \"no\"\r
item;;n1;number;Число;;;;;;;;;-5;1,5e0;;;;\r
";

#[test]
fn the_full_sheet_fixture_reads() -> Res {
    // The fixture above is trimmed by the test below into a valid sheet; keep it in one place.
    let fixed = FULL.replace("1,5e0", "1,5");
    let (t, json) = import_sheet(fixed.as_bytes()).map_err(|e| e.to_string())?;
    assert!(json.contains("\"scales\""));
    assert_eq!(t.groups.len(), 1);
    assert_eq!(
        t.sections.iter().map(|s| s.group).collect::<Vec<_>>(),
        [Some(0), Some(0)]
    );
    assert_eq!(
        t.levels.iter().map(|l| l.min_tenths).collect::<Vec<_>>(),
        [800, 505, 0]
    );
    assert_eq!(t.sections[0].levels.len(), 2);
    assert_eq!(
        t.description.as_ref().map(|d| d.ru.as_str()),
        Some("Строка 1\r\nстрока 2; с точкой с запятой")
    );
    let q1 = t.item("q1").ok_or("q1")?;
    assert_eq!(
        (q1.max_points(), q1.choices.len(), q1.required),
        (4, 4, true)
    );
    assert!(q1.choices[3].not_applicable);
    assert_eq!(q1.choices[1].label.en.as_deref(), Some("partly"));
    let q2 = t.item("q2").ok_or("q2")?;
    assert_eq!(q2.choices[1].points, 1);
    let q3 = t.item("q3").ok_or("q3")?;
    assert_eq!(q3.choices.len(), 7);
    assert_eq!(q3.choices[0].label.ru, "1 — совсем нет");
    assert_eq!(q3.choices[6].label.en.as_deref(), Some("7 — fully"));
    assert_eq!((q3.choices[0].points, q3.choices[6].points), (6, 0));
    let q5 = t.item("q5").ok_or("q5")?;
    let options: Vec<(&str, &str, u32)> = q5
        .choices
        .iter()
        .map(|c| (c.value.as_str(), c.label.ru.as_str(), c.points))
        .collect();
    assert_eq!(
        options,
        [
            ("a", "A | пайп", 1),
            ("b", "Б=равно", 2),
            ("c:x", "В: с двоеточием", 3)
        ]
    );
    assert_eq!(q5.max_choices, Some(2));
    let n1 = t.item("n1").ok_or("n1")?;
    assert_eq!((n1.min, n1.max), (Some(-5.0), Some(1.5)));
    assert_eq!(
        t.sections[1].visible_if.as_ref().map(|c| c.source.as_str()),
        Some("q2 = \"no\"")
    );
    // Canonical sheets read back to the same template and are stable.
    let sheet = template_to_sheet(&t);
    let (again, _) = import_sheet(sheet.as_bytes())?;
    assert_eq!(cleared(again.clone()), cleared(t));
    assert_eq!(template_to_sheet(&again), sheet);
    // Exponents are not numbers a spreadsheet user writes.
    let e = refused(FULL);
    assert_eq!(
        e.problem,
        SheetProblem::BadNumber {
            found: "1,5e0".into()
        }
    );
    Ok(())
}

#[test]
fn the_documented_example_imports() -> Res {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/template-sheet.md"),
    )?;
    let example = doc
        .split("```csv\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .ok_or("docs/template-sheet.md has a ```csv example")?;
    let (t, _) = import_sheet(example.as_bytes()).map_err(|e| e.to_string())?;
    assert_eq!(t.id, "example");
    assert_eq!(t.groups.len(), 1);
    assert_eq!(t.item_count(), 4);
    assert_eq!(t.item("1.1.2").map(|i| i.choices[1].points), Some(1));
    assert_eq!(t.item("1.1.4").map(|i| i.columns.len()), Some(2));
    assert!(t.item("1.1.3").is_some_and(|i| i.visible_if.is_some()));
    Ok(())
}

#[test]
fn rows_are_counted_as_the_spreadsheet_shows_them() {
    // A line break inside a quoted cell stays in row 4; the bad number is in row 6.
    let sheet = demo("Проверка «№1» — тест", "\"Проверка\r\nв две строки\"")
        .replace(";;;0;;>=20", ";;;x;;>=20");
    let e = refused(&sheet);
    assert_eq!(at(&e), (7, "H".into(), Some("min")));
    let e = refused(&format!("{DEMO}item;;d;text;\"без конца;\n;;\n"));
    assert_eq!(e.problem, SheetProblem::UnclosedQuote);
    assert_eq!(at(&e), (9, "E".into(), None));
}

#[test]
fn crafted_files_are_refused_quickly_without_memory() {
    // Millions of cells in one row, or of rows, within the size limit.
    let wide = format!("{DEMO}{}", "x;".repeat(MAX_TEMPLATE_BYTES / 2 - DEMO.len()));
    let e = refused(&wide);
    assert_eq!(
        (at(&e), e.problem),
        ((9, "L".into(), None), SheetProblem::OutsideHeader)
    );
    let semicolons = format!("row{}", ";".repeat(MAX_TEMPLATE_BYTES - 10));
    assert_eq!(
        import_sheet(semicolons.as_bytes())
            .expect_err("refused")
            .problem,
        SheetProblem::MissingMeta { key: "id" }
    );
    let tall = format!("{DEMO}{}", "item;;x\n".repeat(exchange::MAX_SHEET_ROWS));
    let e = refused(&tall);
    assert_eq!(
        e.problem,
        SheetProblem::TooManyRows {
            max: exchange::MAX_SHEET_ROWS
        }
    );
    assert_eq!(e.at.map(|p| p.row), Some(exchange::MAX_SHEET_ROWS + 2));
}

#[cfg(not(target_arch = "wasm32"))]
mod formulas {
    use super::*;
    use model::Json;
    use proptest::prelude::*;

    /// Text that a spreadsheet could run: formula characters of both widths behind spaces of
    /// every kind, apostrophes, numbers.
    fn text() -> impl Strategy<Value = String> {
        let pieces = vec![
            "=1+1",
            "=",
            "+",
            "-",
            "@",
            "\u{FF1D}",
            "\u{FF0B}",
            "\u{FF0D}",
            "\u{FF20}",
            " ",
            "\u{a0}",
            "\u{3000}",
            "\u{200b}",
            "'",
            "5",
            "текст",
            "\t",
            "\"",
            "x",
        ];
        prop::collection::vec(prop::sample::select(pieces), 1..5).prop_map(|v| v.concat())
    }

    fn template(label: &str, help: &str, option: &str) -> Option<Template> {
        let s = |x: &str| Json::Str(x.to_owned()).text();
        let json = format!(
            r#"{{"format": 1, "id": "f", "version": "1", "title": {}, "sections": [
              {{"id": "1", "title": {}, "items": [
                {{"id": "1.1", "label": {}, "kind": "choice", {} "choices": [
                  {{"value": "a", "label": {}, "points": 1}},
                  {{"value": "b", "label": "нет", "points": 0}}]}}]}}]}}"#,
            s(label),
            s(help),
            s(label),
            if help.trim().is_empty() {
                String::new()
            } else {
                format!(r#""help": {},"#, s(help))
            },
            s(option)
        );
        Template::from_json(&json).ok()
    }

    proptest! {
        /// Template → sheet → template gives the same texts, and no cell of the sheet starts
        /// like a formula (after what a spreadsheet skips, either width) unless marked with
        /// the apostrophe or a plain number.
        #[test]
        fn sheet_cells_are_marked_and_read_back(label in text(), help in text(), option in text()) {
            let Some(t) = template(&label, &help, &option) else {
                return Ok(());
            };
            let sheet = template_to_sheet(&t);
            let body = sheet.trim_start_matches('\u{feff}');
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(b';')
                .flexible(true)
                .from_reader(body.as_bytes());
            for row in reader.records() {
                let row = row.map_err(|e| TestCaseError::fail(e.to_string()))?;
                for cell in row.iter() {
                    let skipped = cell.trim_start_matches(|c: char| {
                        c.is_whitespace() || c.is_control() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
                    });
                    let formula = skipped.starts_with([
                        '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
                    ]);
                    prop_assert!(
                        !formula || cell.starts_with('\'') || exchange::canonical_number(cell, false).is_some(),
                        "unmarked {:?}", cell
                    );
                }
            }
            // The sheet reader keeps texts as written, but a blank cell is no text, and the
            // options of a choice are trimmed.
            let blank = |x: &str| if x.trim().is_empty() { String::new() } else { x.to_owned() };
            let Some(want) = template(&blank(&label), &blank(&help), option.trim()) else {
                return Ok(());
            };
            let (back, _) = import_sheet(sheet.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{e}\n{sheet}")))?;
            prop_assert_eq!(cleared(back), cleared(want));
        }
    }

    #[test]
    fn a_typed_apostrophe_is_kept_and_a_marked_formula_unmarked() {
        let t = template("'как есть", "=СУММ(A1)", "\u{FF1D}1").unwrap_or_else(|| panic!("loads"));
        let sheet = template_to_sheet(&t);
        assert!(sheet.contains(";''как есть;"), "{sheet}");
        assert!(sheet.contains(";'=СУММ(A1);"), "{sheet}");
        let back = import_sheet(sheet.as_bytes()).map(|(t, _)| t).ok();
        assert_eq!(back.map(cleared), Some(cleared(t)));
        // A person's own apostrophe in front of ordinary text is text.
        let own = sheet.replace("''как есть", "'как есть");
        let back = import_sheet(own.as_bytes()).map(|(t, _)| t).ok();
        assert_eq!(back.map(|t| t.title.ru), Some("'как есть".to_owned()));
    }
}
