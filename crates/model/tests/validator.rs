//! The template validator refuses each kind of mistake with the exact place in the file.
//!
//! One test per [`Problem`] variant, each built from a small valid template with one thing
//! wrong, asserting the whole error (path and problem), so a change in wording or in the path
//! a school's methodologist is sent to shows up here.

use model::{Problem, Template, TemplateError, MAX_ITEMS};

/// A valid template whose only section holds `items` (JSON array elements, comma-separated).
fn with_items(items: &str) -> String {
    with_sections(&format!(
        r#"{{"id": "s1", "title": "Раздел", "items": [{items}]}}"#
    ))
}

/// A valid template with these sections (JSON array elements).
fn with_sections(sections: &str) -> String {
    format!(
        r#"{{"format": 1, "id": "t", "version": "1", "title": "Проверка",
            "scales": {{"ypn": [
              {{"value": "yes", "label": "да", "points": 2}},
              {{"value": "partly", "label": "частично", "points": 1}},
              {{"value": "no", "label": "нет", "points": 0}}]}},
            "sections": [{sections}]}}"#
    )
}

const CHOICE_A: &str = r#"{"id": "a", "label": "А", "kind": "choice", "scale": "ypn"}"#;
const NUMBER_N: &str = r#"{"id": "n", "label": "Н", "kind": "number"}"#;

fn refused(text: &str) -> TemplateError {
    match Template::from_json(text) {
        Ok(_) => panic!("the template should have been refused:\n{text}"),
        Err(e) => e,
    }
}

fn invalid(path: &str, problem: Problem) -> TemplateError {
    TemplateError::Invalid {
        path: path.to_owned(),
        problem,
    }
}

#[test]
fn the_base_templates_are_valid() {
    for text in [
        with_items(CHOICE_A),
        with_items(&format!("{CHOICE_A}, {NUMBER_N}")),
    ] {
        if let Err(e) = Template::from_json(&text) {
            panic!("{e}");
        }
    }
}

#[test]
fn unsupported_format() {
    let text = with_items(CHOICE_A).replacen("\"format\": 1", "\"format\": 2", 1);
    assert_eq!(
        refused(&text),
        invalid("format", Problem::UnsupportedFormat { found: 2 })
    );
}

#[test]
fn empty_id_or_version() {
    let text = with_items(CHOICE_A).replacen("\"version\": \"1\"", "\"version\": \"  \"", 1);
    assert_eq!(refused(&text), invalid("version", Problem::Empty));
    let text = with_items(CHOICE_A).replacen("\"id\": \"t\"", "\"id\": \"\"", 1);
    assert_eq!(refused(&text), invalid("id", Problem::Empty));
}

#[test]
fn duplicate_section_respondent_and_column_ids() {
    let section = format!(r#"{{"id": "s1", "title": "Р", "items": [{CHOICE_A}]}}"#);
    let other =
        r#"{"id": "s1", "title": "Р2", "items": [{"id": "b", "label": "Б", "kind": "text"}]}"#;
    assert_eq!(
        refused(&with_sections(&format!("{section}, {other}"))),
        invalid("sections[1].id", Problem::DuplicateId { id: "s1".into() })
    );
    let text = with_items(CHOICE_A).replacen(
        "\"sections\":",
        r#""respondent": [{"id": "inn", "label": "ИНН"}, {"id": "inn", "label": "ИНН 2"}], "sections":"#,
        1,
    );
    assert_eq!(
        refused(&text),
        invalid(
            "respondent[1].id",
            Problem::DuplicateId { id: "inn".into() }
        )
    );
    let table = r#"{"id": "plan", "label": "План", "kind": "table", "columns": [
        {"id": "what", "label": "Что"}, {"id": "what", "label": "Что ещё"}]}"#;
    assert_eq!(
        refused(&with_items(&format!("{CHOICE_A}, {table}"))),
        invalid(
            "sections[0].items[1].columns[1].id",
            Problem::DuplicateId { id: "what".into() }
        )
    );
}

#[test]
fn no_sections() {
    assert_eq!(
        refused(&with_sections("")),
        invalid("sections", Problem::NoSections)
    );
    let group = r#"{"id": "g", "title": "Блок", "sections": []}"#;
    assert_eq!(
        refused(&with_sections(group)),
        invalid("sections[0].sections", Problem::NoSections)
    );
}

#[test]
fn no_items() {
    assert_eq!(
        refused(&with_items("")),
        invalid("sections[0].items", Problem::NoItems)
    );
    // A section with neither «items» nor «sections» is an empty section too.
    assert_eq!(
        refused(&with_sections(r#"{"id": "s1", "title": "Р"}"#)),
        invalid("sections[0].items", Problem::NoItems)
    );
}

#[test]
fn scale_and_choices() {
    let item = r#"{"id": "a", "label": "А", "kind": "choice", "scale": "ypn",
        "choices": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0]", Problem::ScaleAndChoices)
    );
}

#[test]
fn no_choices() {
    let item = r#"{"id": "a", "label": "А", "kind": "multi"}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0]", Problem::NoChoices)
    );
}

#[test]
fn unknown_scale() {
    let item = r#"{"id": "a", "label": "А", "kind": "choice", "scale": "abc"}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].scale",
            Problem::UnknownScale {
                scale: "abc".into()
            }
        )
    );
}

#[test]
fn too_few_choices() {
    let item =
        r#"{"id": "a", "label": "А", "kind": "choice", "choices": [{"value": "x", "label": "X"}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0].choices", Problem::TooFewChoices)
    );
    let text = with_items(CHOICE_A).replacen(
        "\"scales\": {",
        r#""scales": {"one": [{"value": "x", "label": "X"}], "#,
        1,
    );
    assert_eq!(
        refused(&text),
        invalid("scales.one", Problem::TooFewChoices)
    );
}

#[test]
fn duplicate_or_empty_choice() {
    let item = r#"{"id": "a", "label": "А", "kind": "choice", "choices": [
        {"value": "x", "label": "X"}, {"value": "y", "label": "Y"}, {"value": "x", "label": "X2"}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].choices[2].value",
            Problem::DuplicateChoice { value: "x".into() }
        )
    );
    let item = r#"{"id": "a", "label": "А", "kind": "multi", "choices": [
        {"value": "x", "label": "X"}, {"value": " ", "label": "пусто"}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].choices[1].value",
            Problem::DuplicateChoice { value: " ".into() }
        )
    );
}

fn with_levels(levels: &str) -> String {
    with_items(CHOICE_A).replacen(
        "\"sections\":",
        &format!("\"levels\": {levels}, \"sections\":"),
        1,
    )
}

#[test]
fn threshold_range() {
    let text = with_levels(r#"[{"min": -1, "label": "а", "tone": "bad"}]"#);
    assert_eq!(
        refused(&text),
        invalid("levels[0].min", Problem::ThresholdRange)
    );
    let section = format!(
        r#"{{"id": "s1", "title": "Р", "items": [{CHOICE_A}],
            "levels": [{{"min": 100.5, "label": "а", "tone": "good"}}]}}"#
    );
    assert_eq!(
        refused(&with_sections(&section)),
        invalid("sections[0].levels[0].min", Problem::ThresholdRange)
    );
}

#[test]
fn thresholds_order() {
    // Equal thresholds are out of order too: each must be lower than the one before.
    let text = with_levels(
        r#"[{"min": 50, "label": "а", "tone": "good"}, {"min": 50, "label": "б", "tone": "medium"},
            {"min": 0, "label": "в", "tone": "bad"}]"#,
    );
    assert_eq!(
        refused(&text),
        invalid("levels[1].min", Problem::ThresholdsOrder)
    );
}

#[test]
fn last_level_not_zero() {
    let text = with_levels(
        r#"[{"min": 80, "label": "а", "tone": "good"}, {"min": 10, "label": "б", "tone": "bad"}]"#,
    );
    assert_eq!(
        refused(&text),
        invalid("levels[1].min", Problem::LastLevelNotZero)
    );
}

#[test]
fn unnamed_level() {
    let text = with_levels(
        r#"[{"min": 50, "label": "а", "tone": "good"}, {"min": 0, "label": {"ru": " ", "en": "low"}, "tone": "bad"}]"#,
    );
    assert_eq!(
        refused(&text),
        invalid("levels[1].label", Problem::UnnamedLevel)
    );
}

#[test]
fn preset_options() {
    let item = r#"{"id": "a", "label": "А", "kind": "likert",
        "choices": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0]", Problem::PresetOptions)
    );
}

#[test]
fn key_not_for_kind() {
    let cases: [(&str, &str, &'static str); 8] = [
        (r#""kind": "text", "bands": []"#, "bands", "bands"),
        (r#""kind": "count", "min": 1"#, "min", "min"),
        (r#""kind": "percentage", "unit": "шт.""#, "unit", "unit"),
        (
            r#""kind": "choice", "scale": "ypn", "points": 5"#,
            "points",
            "points",
        ),
        (
            r#""kind": "number", "pattern": "\\d+""#,
            "pattern",
            "pattern",
        ),
        (
            r#""kind": "date", "evidence": true"#,
            "evidence",
            "evidence",
        ),
        (r#""kind": "text", "scale": "ypn""#, "scale", "scale"),
        (
            r#""kind": "yes_no", "max_choices": 2"#,
            "max_choices",
            "max_choices",
        ),
    ];
    for (fields, key_in_path, key) in cases {
        let item = format!(r#"{{"id": "a", "label": "А", {fields}}}"#);
        assert_eq!(
            refused(&with_items(&item)),
            invalid(
                &format!("sections[0].items[0].{key_in_path}"),
                Problem::NotForKind { key }
            ),
            "{fields}"
        );
    }
    // A group (a section of sections) has no levels of its own.
    let group = format!(
        r#"{{"id": "g", "title": "Блок", "levels": [{{"min": 0, "label": "а", "tone": "bad"}}],
            "sections": [{{"id": "s1", "title": "Р", "items": [{CHOICE_A}]}}]}}"#
    );
    assert_eq!(
        refused(&with_sections(&group)),
        invalid("sections[0].levels", Problem::NotForKind { key: "levels" })
    );
}

#[test]
fn bounds_order() {
    let item = r#"{"id": "n", "label": "Н", "kind": "number", "min": 10, "max": 5}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0].min", Problem::BoundsOrder)
    );
    // A percentage's default maximum is 100.
    let item = r#"{"id": "p", "label": "П", "kind": "percentage", "min": 101}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0].min", Problem::BoundsOrder)
    );
}

#[test]
fn likert_points() {
    for points in [0, 1, 12] {
        let item = format!(r#"{{"id": "l", "label": "Л", "kind": "likert", "points": {points}}}"#);
        assert_eq!(
            refused(&with_items(&item)),
            invalid("sections[0].items[0].points", Problem::LikertPoints),
            "{points} points"
        );
    }
}

#[test]
fn likert_labels() {
    let item = r#"{"id": "l", "label": "Л", "kind": "likert", "points": 4,
        "labels": ["плохо", "так себе", "хорошо"]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].labels",
            Problem::LikertLabels { points: 4 }
        )
    );
    // Without «points» the scale has 5, and the message says so.
    let item = r#"{"id": "l", "label": "Л", "kind": "likert", "labels": ["а"]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].labels",
            Problem::LikertLabels { points: 5 }
        )
    );
}

#[test]
fn table_without_columns() {
    let item = r#"{"id": "plan", "label": "План", "kind": "table", "columns": []}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0].columns", Problem::NoColumns)
    );
    let item = r#"{"id": "plan", "label": "План", "kind": "table"}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid("sections[0].items[0].columns", Problem::NoColumns)
    );
}

#[test]
fn choice_column_without_choices_and_choices_on_a_text_column() {
    let item = r#"{"id": "plan", "label": "План", "kind": "table", "columns": [
        {"id": "what", "label": "Что"}, {"id": "who", "label": "Кто", "kind": "choice"}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].columns[1].choices",
            Problem::ColumnChoices
        )
    );
    let item = r#"{"id": "plan", "label": "План", "kind": "table", "columns": [
        {"id": "what", "label": "Что", "choices": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}]}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].columns[0].choices",
            Problem::ColumnChoices
        )
    );
    // A choice column with one option is a choice list that is too short.
    let item = r#"{"id": "plan", "label": "План", "kind": "table", "columns": [
        {"id": "who", "label": "Кто", "kind": "choice", "choices": [{"value": "x", "label": "X"}]}]}"#;
    assert_eq!(
        refused(&with_items(item)),
        invalid(
            "sections[0].items[0].columns[0].choices",
            Problem::TooFewChoices
        )
    );
}

#[test]
fn bad_pattern() {
    let item = r#"{"id": "x", "label": "Х", "kind": "text", "pattern": "ab("}"#;
    match refused(&with_items(&format!("{CHOICE_A}, {item}"))) {
        TemplateError::Invalid {
            path,
            problem: Problem::BadPattern { message },
        } => {
            assert_eq!(path, "sections[0].items[1].pattern");
            assert!(message.contains("never closed"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// An escape outside the subset is refused where the template is checked, naming the item
/// (its path) and the escape, instead of matching a plain `b` or `n`.
#[test]
fn unsupported_escapes_in_a_pattern_are_refused_at_the_item() {
    for (pattern, escape) in [(r"\\b\\d+", r"\b"), (r"\\p{L}+", r"\p"), (r"[a\\n]", r"\n")] {
        let item =
            format!(r#"{{"id": "x", "label": "Х", "kind": "text", "pattern": "{pattern}"}}"#);
        match refused(&with_items(&format!("{CHOICE_A}, {item}"))) {
            TemplateError::Invalid {
                path,
                problem: Problem::BadPattern { message },
            } => {
                assert_eq!(path, "sections[0].items[1].pattern");
                assert!(
                    message.contains(&format!("{escape} is not a supported escape")),
                    "{message}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn nested_too_deep() {
    let inner = format!(r#"{{"id": "s1", "title": "Р", "items": [{CHOICE_A}]}}"#);
    let deep = format!(
        r#"{{"id": "g", "title": "Блок", "sections": [
            {{"id": "g2", "title": "Подблок", "sections": [{inner}]}}]}}"#
    );
    assert_eq!(
        refused(&with_sections(&deep)),
        invalid("sections[0].sections[0].sections", Problem::NestedTooDeep)
    );
}

#[test]
fn items_and_sections() {
    let both = format!(
        r#"{{"id": "g", "title": "Блок", "items": [{CHOICE_A}],
            "sections": [{{"id": "s1", "title": "Р", "items": [{NUMBER_N}]}}]}}"#
    );
    assert_eq!(
        refused(&with_sections(&both)),
        invalid("sections[0]", Problem::ItemsAndSections)
    );
}

#[test]
fn too_many_items() {
    // MAX_ITEMS items are accepted; one more is refused at the first item over the limit.
    let items = |n: usize| {
        (0..n)
            .map(|i| format!(r#"{{"id": "i{i}", "label": "Т", "kind": "text"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    let at_limit = with_items(&items(MAX_ITEMS));
    if let Err(e) = Template::from_json(&at_limit) {
        panic!("{MAX_ITEMS} items should be accepted: {e}");
    }
    // Over two sections, so the count is across the whole template.
    let first = format!(r#"{{"id": "s1", "title": "Р", "items": [{}]}}"#, items(3));
    let rest = (3..=MAX_ITEMS)
        .map(|i| format!(r#"{{"id": "i{i}", "label": "Т", "kind": "text"}}"#))
        .collect::<Vec<_>>()
        .join(",");
    let second = format!(r#"{{"id": "s2", "title": "Р", "items": [{rest}]}}"#);
    assert_eq!(
        refused(&with_sections(&format!("{first}, {second}"))),
        invalid(
            &format!("sections[1].items[{}]", MAX_ITEMS - 3),
            Problem::TooManyItems
        )
    );
}

#[test]
fn condition_syntax() {
    let item = r#"{"id": "b", "label": "Б", "kind": "text", "visible_if": "[a] = "}"#;
    assert_eq!(
        refused(&with_items(&format!("{CHOICE_A}, {item}"))),
        invalid(
            "sections[0].items[1].visible_if",
            Problem::ConditionSyntax {
                message: "at character 7: expected a value: a number, a quoted text or [id]".into()
            }
        )
    );
    // A section's own condition is checked too, at the section's path.
    let first = format!(r#"{{"id": "s1", "title": "Р", "items": [{CHOICE_A}]}}"#);
    let second = format!(
        r#"{{"id": "s2", "title": "Р2", "visible_if": "[a] in 'yes'", "items": [{NUMBER_N}]}}"#
    );
    match refused(&with_sections(&format!("{first}, {second}"))) {
        TemplateError::Invalid {
            path,
            problem: Problem::ConditionSyntax { .. },
        } => assert_eq!(path, "sections[1].visible_if"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn unknown_reference() {
    let item =
        r#"{"id": "b", "label": "Б", "kind": "text", "visible_if": "[a] = 'yes' and [zz] > 1"}"#;
    assert_eq!(
        refused(&with_items(&format!("{CHOICE_A}, {NUMBER_N}, {item}"))),
        invalid(
            "sections[0].items[2].visible_if",
            Problem::UnknownReference { id: "zz".into() }
        )
    );
    // A section id is not an item id.
    let item = r#"{"id": "b", "label": "Б", "kind": "text", "visible_if": "[s1] = 'x'"}"#;
    assert_eq!(
        refused(&with_items(&format!("{CHOICE_A}, {item}"))),
        invalid(
            "sections[0].items[1].visible_if",
            Problem::UnknownReference { id: "s1".into() }
        )
    );
}

#[test]
fn self_reference() {
    let item = r#"{"id": "n", "label": "Н", "kind": "number", "visible_if": "[n] > 3"}"#;
    assert_eq!(
        refused(&with_items(&format!("{CHOICE_A}, {item}"))),
        invalid(
            "sections[0].items[1].visible_if",
            Problem::UnknownReference { id: "n".into() }
        )
    );
}

#[test]
fn cycle_with_the_path_of_ids() {
    // a → c → b → a: a's condition reads c, c's reads b, b's reads a.
    let items = r#"
        {"id": "a", "label": "А", "kind": "number", "visible_if": "[c] > 1"},
        {"id": "b", "label": "Б", "kind": "number", "visible_if": "[a] > 1"},
        {"id": "c", "label": "В", "kind": "number", "visible_if": "[b] > 1"}"#;
    assert_eq!(
        refused(&with_items(items)),
        invalid(
            "sections[0].items[0].visible_if",
            Problem::Cycle {
                ids: vec!["a".into(), "c".into(), "b".into(), "a".into()]
            }
        )
    );
    // Through a section's condition: the section s2 is shown by [y], and y (in s1) by [x],
    // an item of s2.
    let s1 = r#"{"id": "s1", "title": "Р", "items": [
        {"id": "y", "label": "У", "kind": "number", "visible_if": "[x] > 0"}]}"#;
    let s2 = r#"{"id": "s2", "title": "Р2", "visible_if": "[y] > 0", "items": [
        {"id": "x", "label": "Х", "kind": "number"}]}"#;
    assert_eq!(
        refused(&with_sections(&format!("{s1}, {s2}"))),
        invalid(
            "sections[0].items[0].visible_if",
            Problem::Cycle {
                ids: vec!["y".into(), "x".into(), "y".into()]
            }
        )
    );
}

#[test]
fn not_an_option_in_a_condition() {
    let cases = [
        "[a] = 'maybe'",
        "'maybe' = [a]",
        "[a] in ('yes', 'maybe')",
        "'maybe' in [a]",
    ];
    for condition in cases {
        let item =
            format!(r#"{{"id": "b", "label": "Б", "kind": "text", "visible_if": "{condition}"}}"#);
        assert_eq!(
            refused(&with_items(&format!("{CHOICE_A}, {item}"))),
            invalid(
                "sections[0].items[1].visible_if",
                Problem::NotAnOption {
                    item: "a".into(),
                    value: "maybe".into()
                }
            ),
            "{condition}"
        );
    }
    // yes_no and likert items have their preset values.
    let yn = r#"{"id": "y", "label": "У", "kind": "yes_no"}"#;
    let item = r#"{"id": "b", "label": "Б", "kind": "text", "visible_if": "[y] = 'да'"}"#;
    assert_eq!(
        refused(&with_items(&format!("{yn}, {item}"))),
        invalid(
            "sections[0].items[1].visible_if",
            Problem::NotAnOption {
                item: "y".into(),
                value: "да".into()
            }
        )
    );
}

#[test]
fn non_numeric_item_in_arithmetic_or_an_ordered_comparison() {
    let cases = [
        ("[a] + 1 > 2", "a"),
        ("[n] - [a] > 0", "a"),
        ("-[a] < 0", "a"),
        ("[a] > 1", "a"),
        ("[t] >= 3", "t"),
    ];
    let text_item = r#"{"id": "t", "label": "Т", "kind": "text"}"#;
    for (condition, culprit) in cases {
        let item =
            format!(r#"{{"id": "b", "label": "Б", "kind": "text", "visible_if": "{condition}"}}"#);
        assert_eq!(
            refused(&with_items(&format!(
                "{CHOICE_A}, {NUMBER_N}, {text_item}, {item}"
            ))),
            invalid(
                "sections[0].items[3].visible_if",
                Problem::NotNumeric {
                    item: culprit.into()
                }
            ),
            "{condition}"
        );
    }
    // Numbers, likert points and a table's row count are numbers.
    let likert = r#"{"id": "l", "label": "Л", "kind": "likert"}"#;
    let item = r#"{"id": "b", "label": "Б", "kind": "text", "visible_if": "[n] * 2 + [l] > 3"}"#;
    if let Err(e) = Template::from_json(&with_items(&format!("{NUMBER_N}, {likert}, {item}"))) {
        panic!("{e}");
    }
}

#[test]
fn every_error_reads_as_a_sentence_with_its_path() {
    let item = r#"{"id": "n", "label": "Н", "kind": "number", "min": 10, "max": 5}"#;
    assert_eq!(
        refused(&with_items(item)).to_string(),
        "sections[0].items[0].min: «min» must not be greater than «max»"
    );
}
