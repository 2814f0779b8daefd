//! The template validator (`model::Template::from_json`) and the CSV writer agree on column
//! names: every template the validator accepts exports, in every layout, a header whose
//! names are all different, and reads back. Templates are generated with ids drawn from a
//! small, clash-prone vocabulary (`a`, `a_evidence`, `pct_s`, `row_no`, …), so both the
//! accepted and the refused side are exercised.

use exchange::{export, import_files, ExportMeta, Layout, Profile};
use model::{Assessment, Problem, Template, TemplateError};
use proptest::prelude::*;

const IDS: [&str; 14] = [
    "a",
    "b",
    "s",
    "a_evidence",
    "a_comment",
    "a_name",
    "pct_s",
    "pct_total",
    "level_s",
    "row_no",
    "item_id",
    "col_x",
    "x",
    "template_hash",
];

/// An item: its id (an index into `IDS`), evidence, comment, and whether it is a table.
type Item = (usize, bool, bool, bool);

fn template(sections: &[(usize, Vec<Item>)], field: Option<usize>) -> String {
    let sections: Vec<String> = sections
        .iter()
        .map(|(sid, items)| {
            let items: Vec<String> = items
                .iter()
                .map(|(id, evidence, comment, table)| {
                    let body = if *table {
                        r#""kind": "table", "columns": [{"id": "x", "label": "Х", "kind": "text"}]"#
                            .to_owned()
                    } else {
                        format!(r#""kind": "yes_no", "evidence": {evidence}, "comment": {comment}"#)
                    };
                    format!(r#"{{"id": "{}", "label": "В", {body}}}"#, IDS[*id])
                })
                .collect();
            format!(
                r#"{{"id": "{}", "title": "Р", "items": [{}]}}"#,
                IDS[*sid],
                items.join(",")
            )
        })
        .collect();
    let respondent = field.map_or(String::new(), |f| {
        format!(r#""respondent": [{{"id": "{}", "label": "П"}}],"#, IDS[f])
    });
    format!(
        r#"{{"format": 1, "id": "t", "version": "1", "title": "Т", {respondent}
            "levels": [{{"min": 50, "label": "выше", "tone": "good"}}, {{"min": 0, "label": "ниже", "tone": "bad"}}],
            "sections": [{}]}}"#,
        sections.join(",")
    )
}

fn header(bytes: &[u8]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(
            bytes
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(bytes),
        );
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn an_accepted_template_exports_distinct_columns_in_every_layout(
        sections in prop::collection::vec(
            (0..IDS.len(), prop::collection::vec((0..IDS.len(), any::<bool>(), any::<bool>(), any::<bool>()), 1..4)),
            1..3,
        ),
        field in prop::option::of(0..IDS.len()),
    ) {
        let text = template(&sections, field);
        match Template::from_json(&text) {
            Ok(t) => {
                let meta = ExportMeta { exported_at: "2026-12-02T00:00:00.000Z".into(), app_version: "0".into() };
                let a = Assessment::new("x".into(), &t, "2026-12-02T00:00:00.000Z".into());
                for layout in Layout::ALL {
                    let bytes = export(&t, std::slice::from_ref(&a), layout, Profile::ExcelRu, &meta)
                        .map_err(|e| TestCaseError::fail(format!("{e}")))?;
                    let names = header(&bytes);
                    let mut sorted = names.clone();
                    sorted.sort();
                    sorted.dedup();
                    prop_assert_eq!(sorted.len(), names.len(), "{:?}: {:?}", layout, names);
                    let got = import_files(&[("f.csv", &bytes)], std::slice::from_ref(&t));
                    prop_assert!(got.refused.is_empty(), "{:?} {:?}", layout, got.refused);
                }
            }
            Err(TemplateError::Invalid { problem: Problem::ColumnClash { .. }, .. }) => {}
            Err(TemplateError::Invalid { problem: Problem::DuplicateId { .. }, .. }) => {}
            Err(e) => prop_assert!(false, "unexpected refusal: {e}\n{text}"),
        }
    }
}

#[test]
fn the_vocabulary_reaches_both_sides() {
    let clash = template(
        &[(2, vec![(0, true, false, false), (3, false, false, false)])],
        None,
    );
    assert!(matches!(
        Template::from_json(&clash),
        Err(TemplateError::Invalid {
            problem: Problem::ColumnClash { .. },
            ..
        })
    ));
    let fine = template(
        &[(2, vec![(0, true, true, false), (1, false, false, true)])],
        None,
    );
    assert!(Template::from_json(&fine).is_ok());
}
