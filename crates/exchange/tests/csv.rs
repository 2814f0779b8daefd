//! The CSV contract: exact bytes of each profile, the lossless round trip (a property test over
//! random assessments, every template kind, every layout and profile), the quirks of files a
//! spreadsheet saved again, and the integrity checks.

#![cfg(not(target_arch = "wasm32"))] // proptest needs an OS random source

use exchange::{
    export, import_files, needs_guard, ExportError, ExportMeta, Imported, Layout, Profile, What,
};
use model::{Answer, Assessment, ItemKind, Template, VecMap, Visibility};
use proptest::prelude::*;

/// Every item kind, a multiple choice whose labels contain «; », a document item, a table with
/// choice, deadline and number columns, an ОГРН field, and a hidden follow-up.
const KINDS: &str = r#"{
  "format": 1, "id": "kinds", "version": "1", "title": "Все виды",
  "respondent": [
    {"id": "school_name", "label": "ОО", "kind": "text", "required": true},
    {"id": "inn", "label": "ИНН", "kind": "inn"},
    {"id": "ogrn", "label": "ОГРН", "kind": "ogrn"},
    {"id": "login", "label": "Логин ФИС ОКО", "kind": "fis_oko_login"},
    {"id": "year", "label": "Учебный год", "kind": "academic_year"}
  ],
  "scales": {"ypn": [
    {"value": "yes", "label": "да", "points": 2},
    {"value": "partly", "label": "частично", "points": 1},
    {"value": "no", "label": "нет", "points": 0},
    {"value": "na", "label": "не применимо", "points": 0, "not_applicable": true}]},
  "sections": [
    {"id": "1", "title": "Первый", "items": [
      {"id": "1.1", "label": "Выбор", "kind": "choice", "scale": "ypn", "evidence": true, "comment": true},
      {"id": "1.2", "label": "Факт", "kind": "yes_no"},
      {"id": "1.3", "label": "Шкала", "kind": "likert", "points": 5},
      {"id": "1.4", "label": "Несколько", "kind": "multi", "choices": [
        {"value": "a", "label": "А; и Б", "points": 1},
        {"value": "b", "label": "А", "points": 2},
        {"value": "c", "label": "Б", "points": 3},
        {"value": "d", "label": "=ВПР", "points": 0}]},
      {"id": "1.5", "label": "Число", "kind": "number", "bands": [{"min": 0, "max": 10, "points": 1}, {"min": 10, "points": 2}]},
      {"id": "1.6", "label": "Доля", "kind": "percentage", "bands": [{"min": 50, "points": 3}]},
      {"id": "1.7", "label": "Сколько", "kind": "count"},
      {"id": "1.8", "label": "Дополнительно", "kind": "text", "visible_if": "[1.2] = \"yes\""}
    ]},
    {"id": "2", "title": "Второй", "items": [
      {"id": "2.1", "label": "Текст", "kind": "text"},
      {"id": "2.2", "label": "Длинный", "kind": "long_text"},
      {"id": "2.3", "label": "Дата", "kind": "date"},
      {"id": "2.4", "label": "Документ", "kind": "evidence"},
      {"id": "2.5", "label": "План", "kind": "table", "columns": [
        {"id": "what", "label": "Мероприятие", "kind": "text"},
        {"id": "when", "label": "Срок", "kind": "deadline"},
        {"id": "who", "label": "Кто", "kind": "choice", "choices": [
          {"value": "dir", "label": "директор", "points": 0},
          {"value": "dep", "label": "заместитель", "points": 0}]},
        {"id": "cost", "label": "Сумма", "kind": "number"}]},
      {"id": "2.6", "label": "Решения", "kind": "table", "columns": [
        {"id": "what", "label": "Решение", "kind": "long_text"},
        {"id": "done", "label": "Исполнено", "kind": "date"}]}
    ]}
  ]
}"#;

fn kinds() -> Template {
    Template::from_json(KINDS).unwrap_or_else(|e| panic!("the test template must load: {e}"))
}

fn all_templates() -> Vec<Template> {
    let mut all = templates::all().unwrap_or_else(|e| panic!("built-ins must load: {e}"));
    all.push(kinds());
    all
}

fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: "0.1.0".into(),
    }
}

fn bytes(t: &Template, a: &[Assessment], layout: Layout, profile: Profile) -> Vec<u8> {
    export(t, a, layout, profile, &meta())
        .unwrap_or_else(|e| panic!("export {layout:?} {profile:?}: {e}"))
}

fn import(files: &[(&str, Vec<u8>)], templates: &[Template]) -> Imported {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    import_files(&files, templates)
}

/// What the file promises to carry: the answers of visible items, numbers in canonical form,
/// dates as stored, nothing empty.
fn expected(t: &Template, a: &Assessment) -> Assessment {
    let vis = Visibility::new(t, a);
    let mut out = a.clone();
    out.answers = VecMap::new();
    for item in t.items() {
        let Some(ans) = a.answer(&item.id).filter(|_| vis.item(&item.id)) else {
            continue;
        };
        let mut ans = ans.clone();
        if item.kind.is_numeric() {
            ans.value = exchange::canonical_number(&ans.value, true).unwrap_or(ans.value);
        }
        ans.doc = ans
            .doc
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        for row in &mut ans.rows {
            *row = row
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| {
                    let number = item
                        .columns
                        .iter()
                        .any(|c| c.id == k && c.kind == model::ColumnKind::Number);
                    let v = if number {
                        exchange::canonical_number(v, true).unwrap_or(v.clone())
                    } else {
                        v.clone()
                    };
                    (k.to_owned(), v)
                })
                .collect();
        }
        if !ans.is_empty() {
            out.answers.insert(item.id.clone(), ans);
        }
    }
    // Codes (ИНН, ОГРН, login, year) are read without spaces around them.
    let code = |k: &str| {
        t.respondent
            .iter()
            .any(|f| f.id == k && f.kind != model::FieldKind::Text)
    };
    out.respondent = a
        .respondent
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            (
                k.to_owned(),
                if code(k) {
                    v.trim().to_owned()
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    out
}

/// The fields import sets itself (it knows no current section or revision of the source).
/// Answers compare by item, not by the order they were filled in.
fn comparable(mut a: Assessment) -> Assessment {
    let mut answers: Vec<(String, Answer)> = a
        .answers
        .iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect();
    answers.sort_by(|x, y| x.0.cmp(&y.0));
    for (_, ans) in &mut answers {
        for row in &mut ans.rows {
            let mut cells: Vec<(String, String)> =
                row.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
            cells.sort();
            *row = cells.into_iter().collect();
        }
    }
    a.answers = answers.into_iter().collect();
    a.current_section = String::new();
    a.revision = 0;
    a.exported_at = String::new();
    a
}

fn round_trip(
    t: &Template,
    list: &[Assessment],
    layout: Layout,
    profile: Profile,
) -> Result<(), String> {
    let mut files = vec![("main.csv", bytes(t, list, layout, profile))];
    if t.items().any(|i| i.kind == ItemKind::Table) {
        files.push(("tables.csv", bytes(t, list, Layout::Tables, profile)));
    }
    let got = import(&files, std::slice::from_ref(t));
    if !got.refused.is_empty() {
        return Err(format!("refused: {:?}", got.refused));
    }
    let want: Vec<Assessment> = list.iter().map(|a| comparable(expected(t, a))).collect();
    let got: Vec<Assessment> = got.assessments.into_iter().map(comparable).collect();
    if got != want {
        for (g, w) in got.iter().zip(&want) {
            if g != w {
                return Err(format!("{layout:?} {profile:?}\n got {g:#?}\nwant {w:#?}"));
            }
        }
        return Err(format!(
            "{} assessments back, {} sent",
            got.len(),
            want.len()
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Random assessments

/// Text with what breaks CSV files: separators, quotes, line breaks, formulas, apostrophes,
/// codes with leading zeros, dates, Cyrillic; `cp1251` keeps to what Windows-1251 can write.
fn text(cp1251: bool) -> BoxedStrategy<String> {
    let pieces: Vec<&'static str> = vec![
        "Приказ № 12",
        ";",
        ",",
        "\"",
        "\r\n",
        "\n",
        "=СУММ(A1)",
        "+7",
        "-",
        "@",
        "'",
        "0274012345",
        "1.1.3",
        "01.09.2025",
        " ",
        "ёЁ",
        "«СОШ»",
        "—",
        "\t",
        "ИСТИНА",
        "<script>alert(1)</script>",
        "12,5",
        "sep=;",
        // What a spreadsheet skips before a formula: a no-break space, a form feed.
        "\u{a0}",
        "\u{c}",
        " =1+1",
    ];
    let extra: Vec<&'static str> = if cp1251 {
        vec![]
    } else {
        // Full-width formula characters, an ideographic space, zero-width characters.
        vec![
            "✓", "Ω", "中文", "😀", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", "\u{3000}",
            "\u{200b}", "\u{feff}", "\u{2028}",
        ]
    };
    let all: Vec<&'static str> = pieces.into_iter().chain(extra).collect();
    prop::collection::vec(prop::sample::select(all), 0..5)
        .prop_map(|v| v.concat())
        .boxed()
}

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        (0u32..100_000, 0u32..1000).prop_map(|(i, f)| format!("{i},{f}")),
        (0u32..100_000).prop_map(|i| i.to_string()),
        (1u32..100, 0u32..1000).prop_map(|(i, t)| format!("{i} {t:03}")),
        Just("не знаю".to_owned()),
        (0u32..1000).prop_map(|i| format!("-{i}.5")),
    ]
    .boxed()
}

fn date_text() -> BoxedStrategy<String> {
    (2000u32..2100, 1u32..13, 1u32..29)
        .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
        .boxed()
}

/// A random assessment of template `t`: each item answered (or not) with a random answer of
/// its kind; random respondent values.
fn assessment(t: &Template, cp1251: bool) -> BoxedStrategy<Assessment> {
    let t = t.clone();
    let n = t.item_count();
    let field_count = t.respondent.len();
    (
        prop::collection::vec(
            (
                any::<bool>(),
                any::<u32>(),
                text(cp1251),
                text(cp1251),
                text(cp1251),
                number_text(),
                date_text(),
            ),
            n,
        ),
        prop::collection::vec(text(cp1251), field_count),
        prop::collection::vec(
            prop::collection::vec(
                (text(cp1251), any::<u32>(), number_text(), date_text()),
                0..4,
            ),
            n,
        ),
        "[a-z0-9-]{1,12}",
    )
        .prop_map(move |(parts, fields, tables, id)| {
            let mut a = Assessment::new(format!("id-{id}"), &t, "2026-11-20T08:00:00.000Z".into());
            a.updated_at = "2026-11-21T10:00:00.000Z".into();
            for (f, v) in t.respondent.iter().zip(fields) {
                a.respondent.insert(f.id.clone(), v);
            }
            for ((item, (on, pick, t1, t2, t3, num, date)), rows) in
                t.items().zip(parts).zip(tables)
            {
                if !on {
                    continue;
                }
                let mut ans = Answer::default();
                let k = item.choices.len().max(1);
                match item.kind {
                    ItemKind::Multi => {
                        ans.choices = item
                            .choices
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| pick >> (i % 32) & 1 == 1)
                            .map(|(_, c)| c.value.clone())
                            .collect();
                    }
                    kind if kind.has_choices() => {
                        ans.choice = item.choices.get(pick as usize % k).map(|c| c.value.clone());
                    }
                    kind if kind.is_numeric() => ans.value = num,
                    ItemKind::Date => ans.value = date,
                    ItemKind::Evidence => {
                        ans.doc.insert("name".into(), t1.clone());
                        ans.doc.insert("number".into(), num);
                        ans.doc.insert("date".into(), date);
                        ans.doc.insert("link".into(), t3.clone());
                    }
                    ItemKind::Table => {
                        for (cell_text, cell_pick, cell_num, cell_date) in rows {
                            let mut row = VecMap::new();
                            for c in &item.columns {
                                let v = match c.kind {
                                    model::ColumnKind::Choice => c.choices
                                        [cell_pick as usize % c.choices.len()]
                                    .value
                                    .clone(),
                                    model::ColumnKind::Deadline if cell_pick % 3 == 0 => {
                                        model::PERMANENT.to_owned()
                                    }
                                    model::ColumnKind::Deadline | model::ColumnKind::Date => {
                                        cell_date.clone()
                                    }
                                    model::ColumnKind::Number => cell_num.clone(),
                                    _ => cell_text.clone(),
                                };
                                row.insert(c.id.clone(), v);
                            }
                            ans.rows.push(row);
                        }
                    }
                    _ => ans.value = t1.clone(),
                }
                if item.evidence {
                    ans.evidence = t2;
                }
                if item.comment {
                    ans.comment = t3;
                }
                if !ans.is_empty() {
                    a.answers.insert(item.id.clone(), ans);
                }
            }
            a
        })
        .boxed()
}

/// A template (by index into [`all_templates`]), whether the texts keep to Windows-1251, and
/// one to three assessments of it.
fn case() -> impl Strategy<Value = (usize, bool, Vec<Assessment>)> {
    let count = all_templates().len();
    (0..count, any::<bool>()).prop_flat_map(|(which, cp1251)| {
        let t = all_templates().swap_remove(which);
        (
            Just(which),
            Just(cp1251),
            prop::collection::vec(assessment(&t, cp1251), 1..4),
        )
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), .. ProptestConfig::default() })]

    /// Export → import gives back exactly the answers, for every template, layout and profile.
    #[test]
    fn export_then_import_gives_back_the_same_answers((which, cp1251, mut list) in case()) {
        let all = all_templates();
        let t = &all[which];
        for (n, a) in list.iter_mut().enumerate() {
            a.id = format!("{}-{n}", a.id);
        }
        for profile in Profile::ALL {
            if profile == Profile::ExcelCp1251 && !cp1251 {
                continue;
            }
            for layout in [Layout::Wide, Layout::Long] {
                round_trip(t, &list, layout, profile).map_err(TestCaseError::fail)?;
            }
        }
    }

    /// No exported cell, after the whitespace, control and zero-width characters a
    /// spreadsheet skips, starts with a formula character of either width unless it is marked
    /// with the apostrophe or is a plain number; and the texts come back exactly.
    #[test]
    fn no_exported_cell_starts_like_a_formula_unless_marked(
        a in assessment(&kinds(), false),
        field in text(false),
        answer in text(false),
    ) {
        let t = kinds();
        let mut a = a;
        a.respondent.insert("school_name".into(), field.clone());
        a.update_answer("2.1", |x| x.value = answer.clone());
        for profile in [Profile::ExcelRu, Profile::Rfc4180] {
            for layout in Layout::ALL {
                let file = bytes(&t, std::slice::from_ref(&a), layout, profile);
                let body = file.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&file);
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .delimiter(profile.delimiter())
                    .from_reader(body);
                for row in reader.byte_records() {
                    let row = row.map_err(|e| TestCaseError::fail(e.to_string()))?;
                    for cell in row.iter() {
                        let cell = String::from_utf8_lossy(cell);
                        let skipped = cell.trim_start_matches(|c: char| {
                            c.is_whitespace()
                                || c.is_control()
                                || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
                        });
                        let formula = skipped.starts_with([
                            '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
                        ]);
                        prop_assert!(
                            !formula
                                || cell.starts_with('\'')
                                || exchange::canonical_number(&cell, false).is_some(),
                            "{:?} {:?}: unmarked {:?}", layout, profile, cell
                        );
                    }
                }
            }
            for layout in [Layout::Wide, Layout::Long] {
                round_trip(&t, std::slice::from_ref(&a), layout, profile)
                    .map_err(TestCaseError::fail)?;
            }
        }
    }

    /// A cell that starts like a formula after spaces or in full width, not marked, is refused
    /// at its cell; the same cell marked is read as its text.
    #[test]
    fn an_unmarked_formula_behind_spaces_or_in_full_width_is_refused(
        lead in prop::sample::select(vec!["", " ", "\u{a0}", "\u{3000}", "\u{200b}", "\u{c}", "  \u{a0}"]),
        sign in prop::sample::select(vec!["=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]),
    ) {
        let t = kinds();
        let mut a = one(&t);
        let hostile = format!("{lead}{sign}2+3+cmd|' /C calc'!A0");
        a.update_answer("2.1", |x| x.value = hostile.clone());
        let file = String::from_utf8(bytes(&t, std::slice::from_ref(&a), Layout::Wide, Profile::ExcelRu))
            .unwrap_or_default();
        let marked = format!("\"'{hostile}\"");
        prop_assert!(file.contains(&marked), "{}", hostile);
        let got = import(&[("m.csv", file.clone().into_bytes())], std::slice::from_ref(&t));
        prop_assert!(got.refused.is_empty());
        prop_assert_eq!(got.assessments[0].answer("2.1").map(|x| x.value.clone()), Some(hostile.clone()));
        // The apostrophe taken away (the checksum still matches: it ignores the mark).
        let unmarked = file.replacen(&marked, &format!("\"{hostile}\""), 1);
        let got = import(&[("u.csv", unmarked.into_bytes())], std::slice::from_ref(&t));
        prop_assert!(got.assessments.is_empty());
        let p = &got.refused[0].1[0];
        prop_assert_eq!(p.column_name.as_deref(), Some("2.1"));
        prop_assert!(matches!(p.what, What::UnmarkedFormula { .. }), "{}", p);
    }

    /// Whatever bytes arrive, import answers with assessments or problems, never a panic.
    #[test]
    fn garbage_never_panics(data in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = import_files(&[("x.csv", &data)], &all_templates());
    }

    /// A real export with bytes cut, flipped or inserted anywhere: no panic, and either the
    /// same answers or a refusal (a changed cell never slips through the checksum).
    #[test]
    fn damaged_exports_are_refused_or_unchanged(at in any::<prop::sample::Index>(), byte in any::<u8>(), op in 0u8..3) {
        let t = kinds();
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        a.respondent.insert("school_name".into(), "МБОУ «СОШ № 7»".into());
        a.update_answer("1.1", |x| { x.choice = Some("yes".into()); x.comment = "Приказ; № 5".into(); });
        a.update_answer("2.1", |x| x.value = "текст".into());
        a.update_answer("1.5", |x| x.value = "12,5".into());
        let mut file = bytes(&t, std::slice::from_ref(&a), Layout::Wide, Profile::ExcelRu);
        let i = at.index(file.len());
        match op {
            0 => file.truncate(i),
            1 => file[i] = byte,
            _ => file.insert(i, byte),
        }
        let got = import(&[("x.csv", file)], std::slice::from_ref(&t));
        if got.refused.is_empty() {
            let back: Vec<Assessment> = got.assessments.into_iter().map(comparable).collect();
            prop_assert_eq!(back, vec![comparable(expected(&t, &a))]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The bytes of each profile

fn one(t: &Template) -> Assessment {
    let mut a = Assessment::new("a1".into(), t, "2026-11-20T08:00:00.000Z".into());
    a.respondent
        .insert("school_name".into(), "МБОУ «СОШ № 7»".into());
    a.respondent.insert("inn".into(), "0274012347".into());
    a.respondent.insert("ogrn".into(), "1027700132195".into());
    a.update_answer("1.1", |x| {
        x.choice = Some("partly".into());
        x.evidence = "=HYPERLINK(\"http://evil\")".into();
        x.comment = "Приказ № 12; от 01.09.2025\r\nи \"Положение\"".into();
    });
    a.update_answer("1.5", |x| x.value = "12,5".into());
    a.update_answer("2.1", |x| x.value = "1.1.3".into());
    a
}

#[test]
fn excel_profile_utf8_bom_semicolons_crlf_every_field_quoted_decimal_comma() {
    let t = kinds();
    let file = bytes(&t, &[one(&t)], Layout::Wide, Profile::ExcelRu);
    assert!(file.starts_with(b"\xEF\xBB\xBF\"format_version\";\"assessment_id\";"));
    let text = String::from_utf8(file).unwrap_or_default();
    assert!(text.ends_with("\"\r\n"));
    let body = text.trim_start_matches('\u{feff}');
    for record in body.split("\"\r\n").filter(|l| !l.is_empty()) {
        assert!(record.starts_with('"'), "{record}");
        assert!(!record.contains("\";\"\";\";"), "no field without quotes");
    }
    assert!(text.contains(";\"12,5\";"), "a number with a decimal comma");
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "formula neutralised"
    );
    assert!(
        text.contains("\"'0274012347\""),
        "a code with a leading zero is marked as text"
    );
    assert!(
        text.contains("\"'1027700132195\""),
        "a 13-digit code is marked as text"
    );
    assert!(
        text.contains("\"'1.1.3\""),
        "an id-like text is marked as text"
    );
}

#[test]
fn rfc4180_profile_utf8_no_bom_commas_decimal_point_text_quoted_numbers_bare() {
    let t = kinds();
    let file = bytes(&t, &[one(&t)], Layout::Wide, Profile::Rfc4180);
    assert!(file.starts_with(b"\"format_version\",\"assessment_id\",\"template_id\","));
    let text = String::from_utf8(file).unwrap_or_default();
    assert!(text.contains(",12.5,"), "a number, bare");
    assert!(text.contains(",,"), "an empty cell, bare");
    assert!(text.contains(",\"Приказ № 12; от 01.09.2025\r\nи \"\"Положение\"\"\","));
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "formula neutralised"
    );
    assert!(
        text.contains(",\"0274012347\","),
        "codes as they are, quoted"
    );
    // An independent reader: the csv crate with default settings.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    assert!(
        header.iter().any(|h| h == "1.5"),
        "machine profile: ids are not marked"
    );
    let row = reader
        .records()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    let cell = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| row.get(i))
            .unwrap_or("<none>")
    };
    assert_eq!(cell("school_name"), "МБОУ «СОШ № 7»");
    assert_eq!(
        cell("1.1_comment"),
        "Приказ № 12; от 01.09.2025\r\nи \"Положение\""
    );
    assert_eq!(cell("1.5"), "12.5");
    assert_eq!(cell("pct_1"), "16.7"); // «частично» 1 + 12,5 in the top band 2: 3 of 2+1+4+6+2+3 = 18
}

#[test]
fn windows_1251_profile_writes_cyrillic_bytes_and_reports_what_it_cannot_write() {
    let t = kinds();
    let a = one(&t);
    let file = bytes(
        &t,
        std::slice::from_ref(&a),
        Layout::Wide,
        Profile::ExcelCp1251,
    );
    assert!(file.starts_with(b"\"format_version\";"));
    assert!(std::str::from_utf8(&file).is_err(), "not UTF-8");
    let school: Vec<u8> = [
        0xCC, 0xC1, 0xCE, 0xD3, b' ', 0xAB, 0xD1, 0xCE, 0xD8, b' ', 0xB9, b' ', b'7', 0xBB,
    ]
    .to_vec();
    assert!(
        file.windows(school.len()).any(|w| w == school.as_slice()),
        "МБОУ «СОШ № 7» in Windows-1251"
    );

    let mut b = a.clone();
    b.update_answer("2.2", |x| x.value = "строка\nвторая ✓ и 😀".into());
    match export(&t, &[b], Layout::Wide, Profile::ExcelCp1251, &meta()) {
        Err(ExportError::NotInCp1251 { first, count }) => {
            assert_eq!(count, 2);
            assert_eq!(first[0].character, '✓');
            assert_eq!(first[0].column, "2.2");
            assert_eq!(first[1].character, '😀');
            assert_eq!(
                first[0].line, 4,
                "header, the comment's two lines, then the line the ✓ is on"
            );
        }
        other => panic!("expected a report of the characters, got {other:?}"),
    }
}

#[test]
fn the_same_row_has_the_same_checksum_in_every_profile() {
    let t = kinds();
    let a = one(&t);
    let sums: Vec<String> = Profile::ALL
        .iter()
        .map(|p| {
            let file = bytes(&t, std::slice::from_ref(&a), Layout::Wide, *p);
            let text: String = match std::str::from_utf8(&file) {
                Ok(s) => s.to_owned(),
                Err(_) => file
                    .iter()
                    .map(|&b| if b < 0x80 { char::from(b) } else { '?' })
                    .collect(),
            };
            let last = text
                .trim_end()
                .rsplit(['"', ',', ';'])
                .find(|s| s.len() == 16)
                .unwrap_or("")
                .to_owned();
            last
        })
        .collect();
    assert_eq!(sums[0].len(), 16);
    assert!(sums.iter().all(|s| s == &sums[0]), "{sums:?}");
}

// ---------------------------------------------------------------------------------------------
// Import: what spreadsheets do to files

fn wide_text(profile: Profile) -> String {
    let t = kinds();
    String::from_utf8(bytes(&t, &[one(&t)], Layout::Wide, profile)).unwrap_or_default()
}

fn accepted(files: &[(&str, Vec<u8>)]) -> Vec<Assessment> {
    let got = import(files, &[kinds()]);
    assert!(got.refused.is_empty(), "refused: {:#?}", got.refused);
    got.assessments.into_iter().map(comparable).collect()
}

fn want() -> Vec<Assessment> {
    let t = kinds();
    vec![comparable(expected(&t, &one(&t)))]
}

#[test]
fn a_sep_line_trailing_empty_columns_a_repeated_header_and_spaces_around_codes_are_accepted() {
    let text = wide_text(Profile::ExcelRu);
    let body = text.trim_start_matches('\u{feff}');
    let (header, rest) = body.split_once("\r\n").unwrap_or_default();
    // sep=; first, as Excel writes it; two empty columns at the end of every line.
    let padded = body.replace("\"\r\n", "\";;\r\n");
    assert_eq!(
        accepted(&[("a.csv", format!("sep=;\r\n{padded}").into_bytes())]),
        want()
    );
    // The header twice (two exports pasted together), LF line ends.
    let twice = format!("{header}\n{header}\n{}", rest.replace("\"\r\n", "\"\n"));
    assert_eq!(accepted(&[("b.csv", twice.into_bytes())]), want());
    // Spaces around codes: ids, template, checksum.
    let spaced = body
        .replacen("\"a1\"", "\"  a1 \"", 1)
        .replacen("\"kinds\"", "\" kinds\"", 1);
    assert_eq!(accepted(&[("c.csv", spaced.into_bytes())]), want());
}

#[test]
fn columns_in_another_order_still_check() {
    let text = wide_text(Profile::Rfc4180);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        let mut cells: Vec<&str> = row.iter().collect();
        cells.reverse();
        let _ = writer.write_record(&cells);
    }
    let moved = writer.into_inner().unwrap_or_default();
    assert_eq!(accepted(&[("moved.csv", moved)]), want());
}

#[test]
fn a_file_saved_again_as_windows_1251_without_quotes_is_read() {
    let t = kinds();
    let mut a = one(&t);
    a.update_answer("2.2", |x| x.value = "ёлка".into());
    let file = bytes(
        &t,
        std::slice::from_ref(&a),
        Layout::Long,
        Profile::ExcelCp1251,
    );
    let got = import(&[("long.csv", file)], std::slice::from_ref(&t));
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(got.accepted[0].encoding, "Windows-1251");
    assert_eq!(got.accepted[0].layout, Layout::Long);
    assert_eq!(got.accepted[0].rows, t.item_count());
    assert_eq!(
        got.assessments
            .into_iter()
            .map(comparable)
            .collect::<Vec<_>>(),
        vec![comparable(expected(&t, &a))]
    );
}

#[test]
fn a_bad_inn_or_ogrn_check_digit_is_reported_and_the_file_still_read() {
    let t = kinds();
    let mut a = one(&t);
    a.respondent.insert("inn".into(), "7707083894".into());
    a.respondent.insert("ogrn".into(), "1027700132196".into());
    let got = import(
        &[("s.csv", bytes(&t, &[a], Layout::Wide, Profile::ExcelRu))],
        &[t],
    );
    assert!(got.refused.is_empty());
    let whats: Vec<&What> = got.warnings.iter().map(|w| &w.what).collect();
    assert_eq!(
        whats,
        [
            &What::InnCheckDigit {
                found: "7707083894".into()
            },
            &What::OgrnCheckDigit {
                found: "1027700132196".into()
            }
        ]
    );
    assert_eq!(got.warnings[0].line, 2);
    assert_eq!(got.warnings[0].column_name.as_deref(), Some("inn"));
    assert_eq!(got.warnings[0].file, "s.csv");
}

#[test]
fn a_tables_file_needs_its_assessment_in_the_same_import() {
    let t = kinds();
    let mut a = one(&t);
    a.update_answer("2.5", |x| {
        x.rows.push(
            [("what".to_owned(), "Семинар".to_owned())]
                .into_iter()
                .collect(),
        )
    });
    let tables = bytes(&t, &[a], Layout::Tables, Profile::ExcelRu);
    let got = import(&[("tables.csv", tables)], &[t]);
    assert!(got.assessments.is_empty());
    assert_eq!(
        got.refused[0].1[0].what,
        What::TablesWithoutAssessment { id: "a1".into() }
    );
}

#[test]
fn the_guard_rule_is_exactly_the_documented_one() {
    assert!(needs_guard("0274012345", true));
    assert!(!needs_guard("0274012345", false));
    assert!(needs_guard("=1", false));
    assert!(!needs_guard("МБОУ СОШ № 7", true));
}

// ---------------------------------------------------------------------------------------------
// Multiple choices whose names contain the separator

/// A multiple choice with the options «a», «a; a», … «a; …; a» (40 of them) and «b».
fn nested_names() -> Template {
    let mut choices: Vec<String> = (1..=40)
        .map(|r| {
            format!(
                r#"{{"value": "v{r}", "label": "{}", "points": 1}}"#,
                vec!["a"; r].join("; ")
            )
        })
        .collect();
    choices.push(r#"{"value": "vb", "label": "b", "points": 1}"#.into());
    let json = format!(
        r#"{{"format": 1, "id": "nested", "version": "1", "title": "N", "sections": [
          {{"id": "1", "title": "S", "items": [
            {{"id": "1.1", "label": "M", "kind": "multi", "choices": [{}]}}]}}]}}"#,
        choices.join(",")
    );
    Template::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_multiple_choice_cell_read_in_several_ways_is_refused_at_its_cell_and_the_long_layout_reads_it()
{
    let t = nested_names();
    let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
    // «a; …; a» (39 times) and «b»: the wide cell «a; a; …; a; b» also splits as «a» and
    // «a; …; a» (38 times) and «b», and in thousands of other ways.
    a.update_answer("1.1", |x| x.choices = vec!["v39".into(), "vb".into()]);
    let wide = bytes(&t, std::slice::from_ref(&a), Layout::Wide, Profile::ExcelRu);
    let got = import(&[("wide.csv", wide)], std::slice::from_ref(&t));
    assert!(got.assessments.is_empty());
    let p = &got.refused[0].1[0];
    assert_eq!((p.line, p.column_name.as_deref()), (2, Some("1.1")), "{p}");
    assert!(
        matches!(&p.what, What::AmbiguousChoices { found } if found.ends_with("a; a; b")),
        "{p}"
    );
    // The long layout's codes say which options: read back exactly.
    let long = bytes(&t, std::slice::from_ref(&a), Layout::Long, Profile::Rfc4180);
    let got = import(&[("long.csv", long)], std::slice::from_ref(&t));
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(
        got.assessments[0].answer("1.1").map(|x| x.choices.clone()),
        Some(vec!["v39".to_owned(), "vb".to_owned()])
    );
    // A choice that reads one way only is read as before.
    a.update_answer("1.1", |x| x.choices = vec!["v1".into(), "vb".into()]);
    let wide = bytes(&t, std::slice::from_ref(&a), Layout::Wide, Profile::ExcelRu);
    let got = import(&[("wide.csv", wide)], std::slice::from_ref(&t));
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(
        got.assessments[0].answer("1.1").map(|x| x.choices.clone()),
        Some(vec!["v1".to_owned(), "vb".to_owned()])
    );
}

/// The export's rows rewritten with another separator and line end (every cell quoted, as
/// spreadsheets save it).
fn rewritten(profile: Profile, delimiter: u8, terminator: csv::Terminator) -> String {
    let text = wide_text(profile);
    let body = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(profile.delimiter())
        .from_reader(body.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    for row in reader.records().filter_map(Result::ok) {
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// How spreadsheets and people save the same file: each variant reads as the export.
#[test]
fn separator_lines_line_ends_and_blank_lines_as_spreadsheets_save_them() {
    use csv::Terminator::{Any, CRLF};
    let bom = "\u{feff}";
    let excel = wide_text(Profile::ExcelRu);
    let excel_body = excel.trim_start_matches('\u{feff}').to_owned();
    let rfc = wide_text(Profile::Rfc4180);
    let tab = rewritten(Profile::ExcelRu, b'\t', CRLF);
    let semi_cr = rewritten(Profile::ExcelRu, b';', Any(b'\r'));
    let comma_lf = rewritten(Profile::Rfc4180, b',', Any(b'\n'));
    let comma_cr = rewritten(Profile::Rfc4180, b',', Any(b'\r'));
    let cases: Vec<(&str, String)> = vec![
        ("sep=TAB, tabs", format!("sep=\t\r\n{tab}")),
        (
            "sep=TAB padded to the width",
            format!("sep=\t\t\t\r\n{tab}"),
        ),
        ("tabs, no sep line", tab.clone()),
        ("BOM, sep=TAB", format!("{bom}sep=\t\r\n{tab}")),
        ("CR only, sep=;", format!("sep=;\r{semi_cr}")),
        ("CR only, BOM, sep=;", format!("{bom}sep=;\r{semi_cr}")),
        ("CR only, no sep line", semi_cr.clone()),
        ("CR only, commas", comma_cr.clone()),
        ("blank line before a comma header", format!("\r\n{rfc}")),
        (
            "blank lines and a separators-only line",
            format!("\r\n  \r\n,,,\r\n{rfc}"),
        ),
        ("BOM, blank line, commas, LF", format!("{bom}\n{comma_lf}")),
        ("BOM, sep=;", format!("{bom}sep=;\r\n{excel_body}")),
        ("BOM, \"sep=;\"", format!("{bom}\"sep=;\"\r\n{excel_body}")),
        ("SEP=; upper case", format!("SEP=;\r\n{excel_body}")),
        ("sep=, LF", format!("sep=,\n{comma_lf}")),
        (
            "blank line, then sep=;",
            format!("\r\nsep=;\r\n{excel_body}"),
        ),
        ("CR only, blank line, commas", format!("\r{comma_cr}")),
    ];
    for (name, text) in cases {
        let got = import(&[("v.csv", text.into_bytes())], &[kinds()]);
        assert!(got.refused.is_empty(), "{name}: {:#?}", got.refused);
        assert_eq!(
            got.assessments
                .into_iter()
                .map(comparable)
                .collect::<Vec<_>>(),
            want(),
            "{name}"
        );
    }
    // Lines are still counted right with lone CRs (one of them inside a quoted cell): the
    // row after the sep line and the header is line 3, and a damaged one says so.
    let damaged = format!("sep=;\r{semi_cr}").replacen("\"a1\"", "\"a2\"", 1);
    let got = import(&[("d.csv", damaged.into_bytes())], &[kinds()]);
    let p = &got.refused[0].1[0];
    assert_eq!(
        (p.line, p.column_name.as_deref()),
        (3, Some("row_checksum")),
        "{p}"
    );
}
