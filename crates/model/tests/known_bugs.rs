//! Cases the property tests (tests/props.rs) found failing, kept as regression tests now that
//! the model is fixed: huge points and weights are refused by the validator (and sums
//! saturate), «не применимо» leaves the maximum for every kind and never raises it.

use model::{evaluate, Assessment, Template};

fn template(items: &str) -> Template {
    let text = format!(
        r#"{{"format": 1, "id": "t", "version": "1", "title": "Т",
            "sections": [{{"id": "s", "title": "Р", "items": [{items}]}}]}}"#
    );
    match Template::from_json(&text) {
        Ok(t) => t,
        Err(e) => panic!("the validator accepts this template, so must the test: {e}"),
    }
}

fn answered(t: &Template, choices: &[(&str, &str)]) -> Assessment {
    let mut a = Assessment::new("a".into(), t, "2026-11-22T08:00:00Z".into());
    for (item, value) in choices {
        a.update_answer(item, |x| x.choice = Some((*value).into()));
    }
    a
}

/// Points and weights above 1000 are refused where they are written, so no section sum of a
/// valid template can overflow; at the limit a section still reads right.
#[test]
fn huge_points_and_weights_are_refused_and_the_limit_scores_right() {
    let refused = |items: &str| {
        let text = format!(
            r#"{{"format": 1, "id": "t", "version": "1", "title": "Т",
                "sections": [{{"id": "s", "title": "Р", "items": [{items}]}}]}}"#
        );
        match Template::from_json(&text) {
            Err(model::TemplateError::Invalid {
                path,
                problem: model::Problem::TooManyPoints,
            }) => path,
            other => panic!("expected a refusal for too many points, got {other:?}"),
        }
    };
    assert_eq!(
        refused(
            r#"{"id": "a", "label": "К", "kind": "choice", "choices": [
            {"value": "yes", "label": "да", "points": 3000000000}, {"value": "no", "label": "нет"}]}"#
        ),
        "sections[0].items[0].choices[0].points"
    );
    assert_eq!(
        refused(r#"{"id": "a", "label": "К", "kind": "yes_no", "weight": 4000000000}"#),
        "sections[0].items[0].weight"
    );
    assert_eq!(
        refused(r#"{"id": "a", "label": "К", "kind": "count", "bands": [{"points": 1001}]}"#),
        "sections[0].items[0].bands[0].points"
    );
    let option = |v: &str, p: u32| format!(r#"{{"value": "{v}", "label": "{v}", "points": {p}}}"#);
    let item = |id: &str| {
        format!(
            r#"{{"id": "{id}", "label": "К", "kind": "multi", "weight": 1000, "choices": [{}, {}]}}"#,
            option("x", 1000),
            option("y", 1000)
        )
    };
    let t = template(&format!("{}, {}", item("a"), item("b")));
    let mut a = Assessment::new("a".into(), &t, "2026-11-22T08:00:00Z".into());
    a.update_answer("a", |x| x.choices = vec!["x".into(), "y".into()]);
    let r = evaluate(&t, &a);
    assert_eq!(r.total.percent().map(|p| p.tenths()), Some(500));
}

/// Ticking «не применимо» on a multiple choice takes the item out of the maximum, as it does
/// for a single choice (it once read only the single-choice answer).
#[test]
fn a_ticked_not_applicable_option_of_a_multi_leaves_the_maximum() {
    let t = template(
        r#"{"id": "m", "label": "К", "kind": "multi", "choices": [
            {"value": "x", "label": "X", "points": 1},
            {"value": "y", "label": "Y", "points": 1},
            {"value": "na", "label": "не применимо", "not_applicable": true}]},
           {"id": "c", "label": "К2", "kind": "yes_no"}"#,
    );
    let mut a = answered(&t, &[("c", "yes")]);
    a.update_answer("m", |x| x.choices = vec!["na".into()]);
    let r = evaluate(&t, &a);
    assert_eq!((r.total.points, r.total.max), (1, 1));
}

/// Points written on a «не применимо» option never raise the item's maximum (they once did,
/// turning the best real answer into a deficit).
#[test]
fn points_on_a_not_applicable_option_do_not_raise_the_maximum() {
    let t = template(
        r#"{"id": "c", "label": "К", "kind": "choice", "choices": [
            {"value": "yes", "label": "да", "points": 2},
            {"value": "no", "label": "нет", "points": 0},
            {"value": "na", "label": "не применимо", "points": 5, "not_applicable": true}]}"#,
    );
    let r = evaluate(&t, &answered(&t, &[("c", "yes")]));
    assert_eq!((r.total.points, r.total.max), (2, 2));
    assert!(r.deficits.is_empty());
}
