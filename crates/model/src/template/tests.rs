//! `Template::from_json` as a whole: what it reads, and what it refuses with which path.

use super::build::invalid;
use super::*;
use crate::json::Shape;
use crate::Lang;

const MINIMAL: &str = r#"{
  "format": 1, "id": "t", "version": "1", "title": "Проверка",
  "respondent": [{"id": "inn", "label": "ИНН", "kind": "inn", "required": true}],
  "scales": {"ypn": [
    {"value": "yes", "label": {"ru": "да", "en": "yes"}, "points": 2},
    {"value": "partly", "label": "частично", "points": 1},
    {"value": "no", "label": "нет", "points": 0}]},
  "sections": [{"id": "1", "title": "Раздел", "items": [
    {"id": "1.1", "label": "Цели", "kind": "choice", "scale": "ypn", "evidence": true},
    {"id": "1.2", "label": "Показатели", "kind": "choice",
     "choices": [{"value": "a", "label": "А", "points": 3}, {"value": "b", "label": "Б", "points": 0}]}
  ]}]
}"#;

fn refused(text: &str) -> TemplateError {
    match Template::from_json(text) {
        Ok(_) => panic!("the template should have been refused"),
        Err(e) => e,
    }
}

#[test]
fn loads_scales_and_inline_choices() -> Result<(), TemplateError> {
    let t = Template::from_json(MINIMAL)?;
    assert_eq!(t.item_count(), 2);
    let first = t
        .item("1.1")
        .map(|i| (i.max_points(), i.choices.len(), i.evidence));
    assert_eq!(first, Some((2, 3, true)));
    assert_eq!(t.item("1.2").map(Item::max_points), Some(3));
    assert_eq!(t.title.get(Lang::En), "Проверка");
    assert_eq!(
        t.items().next().map(|i| i.choices[0].label.get(Lang::En)),
        Some("yes")
    );
    assert_eq!(t.hash.len(), 64);
    assert_eq!(t.legacy_hash.len(), 16);
    Ok(())
}

#[test]
fn errors_read_as_sentences_with_the_path() {
    let text = MINIMAL.replace("\"id\": \"1.2\"", "\"id\": \"1.1\"");
    assert_eq!(
        refused(&text).to_string(),
        "sections[0].items[1].id: «1.1» is empty or used twice; give each its own id"
    );
}

#[test]
fn yes_no_items_score_the_good_answer() -> Result<(), TemplateError> {
    let text = MINIMAL.replace(
        r#"{"id": "1.2", "label": "Показатели", "kind": "choice","#,
        r#"{"id": "1.3", "label": "Есть вакансии", "kind": "yes_no", "good": "no"},
           {"id": "1.4", "label": "Есть программа", "kind": "yes_no"},
           {"id": "1.2", "label": "Показатели", "kind": "choice","#,
    );
    let t = Template::from_json(&text)?;
    let points = |id: &str| {
        t.item(id).map(|i| {
            i.choices
                .iter()
                .map(|c| (c.label.ru.clone(), c.points))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        points("1.3"),
        Some(vec![("да".into(), 0), ("нет".into(), 1)])
    );
    assert_eq!(
        points("1.4"),
        Some(vec![("да".into(), 1), ("нет".into(), 0)])
    );
    Ok(())
}

#[test]
fn yes_no_with_its_own_options_or_good_on_a_choice_is_refused() {
    let preset = MINIMAL.replace(
        r#""kind": "choice", "scale": "ypn""#,
        r#""kind": "yes_no", "scale": "ypn""#,
    );
    assert_eq!(
        refused(&preset),
        invalid("sections[0].items[0]", Problem::PresetOptions)
    );
    let good = MINIMAL.replace(
        r#""kind": "choice", "scale": "ypn""#,
        r#""kind": "choice", "scale": "ypn", "good": "no""#,
    );
    assert_eq!(
        refused(&good),
        invalid(
            "sections[0].items[0].good",
            Problem::NotForKind { key: "good" }
        )
    );
}

#[test]
fn syntax_errors_name_line_and_column() {
    match refused("{\n  \"format\": 1,\n  \"id\": \n}") {
        TemplateError::Syntax { line, column, .. } => assert_eq!((line, column), (4, 1)),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn duplicate_item_ids_are_refused_with_their_path() {
    let text = MINIMAL.replace("\"id\": \"1.2\"", "\"id\": \"1.1\"");
    assert_eq!(
        refused(&text),
        invalid(
            "sections[0].items[1].id",
            Problem::DuplicateId { id: "1.1".into() }
        )
    );
}

#[test]
fn unknown_scale_and_unknown_keys_are_refused() {
    let text = MINIMAL.replace("\"scale\": \"ypn\"", "\"scale\": \"nope\"");
    assert!(
        matches!(refused(&text), TemplateError::Invalid { path, .. } if path == "sections[0].items[0].scale")
    );
    let text = MINIMAL.replace("\"evidence\": true", "\"evidense\": true");
    assert!(matches!(
        refused(&text),
        TemplateError::Invalid { path, problem: Problem::Shape(Shape::Unknown { .. }) }
            if path == "sections[0].items[0].evidense"
    ));
}

#[test]
fn wrong_format_version_and_huge_or_deep_files_are_refused_quickly() {
    let text = MINIMAL.replace("\"format\": 1", "\"format\": 7");
    assert!(matches!(refused(&text), TemplateError::Invalid { path, .. } if path == "format"));
    let huge = " ".repeat(MAX_TEMPLATE_BYTES + 1);
    assert!(matches!(refused(&huge), TemplateError::TooLarge { .. }));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(matches!(refused(&deep), TemplateError::Syntax { .. }));
}

fn with_levels(levels: &str) -> String {
    MINIMAL.replacen(
        "\"sections\": [",
        &format!("\"levels\": {levels}, \"sections\": ["),
        1,
    )
}

#[test]
fn levels_pick_the_band_a_percentage_falls_in() -> Result<(), TemplateError> {
    let t = Template::from_json(&with_levels(
        r#"[{"min": 70, "label": "низкий риск", "tone": "good"},
            {"min": 40, "label": "средний риск", "tone": "medium"},
            {"min": 0, "label": "высокий риск", "tone": "bad"}]"#,
    ))?;
    assert!(t.has_levels());
    let name = |tenths| {
        t.level(t.sections.first(), tenths)
            .map(|l| l.label.ru.as_str())
    };
    assert_eq!(name(1000), Some("низкий риск"));
    assert_eq!(name(700), Some("низкий риск"));
    assert_eq!(name(699), Some("средний риск"));
    assert_eq!(name(400), Some("средний риск"));
    assert_eq!(name(0), Some("высокий риск"));
    assert_eq!(t.level(None, 555).map(|l| l.tone), Some(Tone::Medium));
    Ok(())
}

#[test]
fn levels_out_of_order_or_not_reaching_zero_are_refused() {
    let unordered = with_levels(
        r#"[{"min": 40, "label": "б", "tone": "medium"}, {"min": 70, "label": "а", "tone": "good"},
            {"min": 0, "label": "в", "tone": "bad"}]"#,
    );
    assert!(
        matches!(refused(&unordered), TemplateError::Invalid { path, .. } if path == "levels[1].min")
    );
    let gap = with_levels(r#"[{"min": 50, "label": "а", "tone": "good"}]"#);
    assert!(
        matches!(refused(&gap), TemplateError::Invalid { path, .. } if path == "levels[0].min")
    );
    let over = with_levels(r#"[{"min": 120, "label": "а", "tone": "good"}]"#);
    assert!(
        matches!(refused(&over), TemplateError::Invalid { path, .. } if path == "levels[0].min")
    );
    let tone = with_levels(r#"[{"min": 0, "label": "а", "tone": "green"}]"#);
    assert!(matches!(
        refused(&tone),
        TemplateError::Invalid { path, problem: Problem::Shape(Shape::Value { .. }) }
            if path == "levels[0].tone"
    ));
}
