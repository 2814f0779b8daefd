//! Action plans drafted from the deficits: the rows «Сформировать план» adds to a template's
//! plan tables, which the school then edits, so nobody starts a road map from a blank page.
//!
//! A template names its plan tables by item id (data, not code):
//! - a table item `plan` or `roadmap` (МСОКО's «дорожная карта») takes a row per deficit of
//!   the assessment;
//! - a table item `programme_<section id>` (ШНОР's antirisk programme of one risk) takes a row
//!   per deficit of that section.
//!
//! Only visible tables count (a programme appears when its risk is chosen as a priority). Cells
//! are filled by column id where the table has such a column: `criterion` (the criterion's id and
//! wording), `goal` (lowering the section's risk), `tasks` (the criterion to reach), `measure`
//! (the template's recommendation), `indicator` (the result the recommendation names, else the
//! criterion at its best answer), `status` (the column's first option, «на контроле» in the built-ins). Who is
//! responsible and by when is left to the school. A recommendation names its result, a thing a
//! person can check (a document, a value, a date), as its last sentence: «… Результат: положение
//! утверждено приказом (номер, дата).» («Result: …» in English) — data, which the results page
//! shows as written; the draft puts the part before it in `measure` and the result in
//! `indicator`. A deficit already in a table — some cell of a row starts with the criterion's id
//! and a space — gets no second row, so drafting again only adds what is new.

use crate::assessment::Assessment;
use crate::deadline::STATUS_COLUMN;
use crate::scoring::{Results, Visibility};
use crate::template::{Column, ColumnKind, Item, ItemKind, Section, Template};
use crate::vecmap::VecMap;

/// A table that takes rows drafted from deficits.
#[derive(Clone, Copy, Debug)]
pub struct PlanTable<'t> {
    pub item: &'t Item,
    /// The section whose deficits it takes (`programme_<id>`); `None` for all of them.
    pub section: Option<&'t Section>,
}

/// The visible plan tables of a template, in template order.
pub fn plan_tables<'t>(template: &'t Template, assessment: &Assessment) -> Vec<PlanTable<'t>> {
    let vis = Visibility::new(template, assessment);
    template
        .items()
        .filter(|i| i.kind == ItemKind::Table && vis.item(&i.id))
        .filter_map(|item| {
            if item.id == "plan" || item.id == "roadmap" {
                return Some(PlanTable {
                    item,
                    section: None,
                });
            }
            let id = item.id.strip_prefix("programme_")?;
            let section = template.sections.iter().find(|s| s.id == id)?;
            Some(PlanTable {
                item,
                section: Some(section),
            })
        })
        .collect()
}

/// A row added by hand to a table: empty but for the status, which starts at the status
/// column's first option («на контроле» in the built-ins), as drafted rows do.
pub fn new_row(item: &Item) -> VecMap<String> {
    let mut row = VecMap::new();
    if let Some(first) = status_column(item).and_then(|c| c.choices.first()) {
        row.insert(STATUS_COLUMN.to_owned(), first.value.clone());
    }
    row
}

/// The table's status: a choice column `status`.
fn status_column(item: &Item) -> Option<&Column> {
    item.columns
        .iter()
        .find(|c| c.id == STATUS_COLUMN && c.kind == ColumnKind::Choice)
}

/// A recommendation and the result it names as its last sentence («… Результат: …» or
/// «… Result: …»), without the result's closing full stop.
fn split_result(text: &str) -> (&str, Option<&str>) {
    [" Результат: ", " Result: "]
        .iter()
        .find_map(|marker| text.rsplit_once(marker))
        .map_or((text, None), |(measure, result)| {
            let result = result.trim_end().trim_end_matches('.');
            (measure.trim_end(), Some(result).filter(|r| !r.is_empty()))
        })
}

/// Whether some row already holds this criterion: a cell starts with its id and a space.
fn covered(rows: &[VecMap<String>], id: &str) -> bool {
    rows.iter().any(|row| {
        row.values().any(|v| {
            v.strip_prefix(id)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    })
}

/// The rows to add to `table` for the deficits in `results` that its `rows` do not yet hold,
/// worded in English when `en`.
pub fn draft_rows(
    table: &PlanTable,
    results: &Results,
    rows: &[VecMap<String>],
    en: bool,
) -> Vec<VecMap<String>> {
    let has = |id: &str, kind: ColumnKind| {
        table
            .item
            .columns
            .iter()
            .find(|c| c.id == id && c.kind == kind)
    };
    let text = |id: &str| {
        has(id, ColumnKind::Text)
            .or_else(|| has(id, ColumnKind::LongText))
            .is_some()
    };
    let status = status_column(table.item).and_then(|c| c.choices.first());
    results
        .deficits
        .iter()
        .filter(|d| table.section.is_none_or(|s| std::ptr::eq(s, d.section)))
        .filter(|d| !covered(rows, &d.item.id))
        .map(|d| {
            let (id, label) = (&d.item.id, d.item.label.get(en));
            let criterion = format!("{id} {label}");
            let mut row = VecMap::new();
            let mut put = |column: &str, value: String| {
                if text(column) {
                    row.insert(column.to_owned(), value);
                }
            };
            put("criterion", criterion.clone());
            put(
                "goal",
                if en {
                    format!("Lower the risk «{}»", d.section.title.get(en))
                } else {
                    format!("Снизить риск «{}»", d.section.title.get(en))
                },
            );
            put("tasks", criterion);
            let (measure, result) = d.item.recommendation.as_ref().map_or((None, None), |r| {
                let (m, x) = split_result(r.get(en));
                (Some(m), x)
            });
            put(
                "measure",
                measure.map_or_else(
                    || {
                        if en {
                            format!("Close the deficit: {label}")
                        } else {
                            format!("Устранить дефицит: {label}")
                        }
                    },
                    str::to_owned,
                ),
            );
            let best = d
                .item
                .choices
                .iter()
                .max_by_key(|c| c.points)
                .map(|c| format!("«{}»", c.label.get(en)));
            put(
                "indicator",
                match (result, best, en) {
                    (Some(result), ..) => result.to_owned(),
                    (None, Some(best), false) => format!("Критерий {id}: {best}"),
                    (None, Some(best), true) => format!("Criterion {id}: {best}"),
                    (None, None, false) => format!("Критерий {id}: {} из {} баллов", d.max, d.max),
                    (None, None, true) => format!("Criterion {id}: {} of {} points", d.max, d.max),
                },
            );
            if let Some(first) = status {
                row.insert(STATUS_COLUMN.to_owned(), first.value.clone());
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate, Answer};

    const TEMPLATE: &str = r#"{
      "format": 1, "id": "t", "version": "1", "title": {"ru": "Т", "en": "T"},
      "respondent": [],
      "sections": [
        {"id": "a", "title": {"ru": "Кадры", "en": "Staff"}, "items": [
          {"id": "a.1", "label": {"ru": "Есть план", "en": "A plan exists"},
           "kind": "yes_no", "recommendation": {"ru": "Утвердите план. Результат: план утверждён приказом (номер, дата).",
           "en": "Adopt a plan. Result: the plan is adopted by an order (number, date)."}},
          {"id": "a.2", "label": {"ru": "Доля", "en": "Share"}, "kind": "percentage",
           "bands": [{"min": 80, "points": 2}, {"max": 80, "points": 0}]}
        ]},
        {"id": "b", "title": {"ru": "Оснащение", "en": "Equipment"}, "items": [
          {"id": "b.1", "label": {"ru": "Есть интернет", "en": "Internet"}, "kind": "yes_no"},
          {"id": "pick", "label": {"ru": "Приоритеты", "en": "Priorities"}, "kind": "multi",
           "choices": [{"value": "a", "label": {"ru": "А", "en": "A"}},
                       {"value": "b", "label": {"ru": "Б", "en": "B"}}]}
        ]},
        {"id": "p", "title": {"ru": "План", "en": "Plan"}, "items": [
          {"id": "plan", "label": {"ru": "План", "en": "Plan"}, "kind": "table", "columns": [
            {"id": "criterion", "label": {"ru": "Критерий", "en": "Criterion"}, "kind": "text"},
            {"id": "measure", "label": {"ru": "Мера", "en": "Measure"}, "kind": "long_text"},
            {"id": "deadline", "label": {"ru": "Срок", "en": "Deadline"}, "kind": "deadline"},
            {"id": "indicator", "label": {"ru": "Показатель", "en": "Indicator"}, "kind": "text"},
            {"id": "status", "label": {"ru": "Статус", "en": "Status"}, "kind": "choice",
             "choices": [{"value": "not_started", "label": {"ru": "не начато", "en": "not started"}},
                         {"value": "done", "label": {"ru": "выполнено", "en": "done"}}]}]},
          {"id": "programme_a", "label": {"ru": "Программа", "en": "Programme"}, "kind": "table",
           "visible_if": "\"a\" in [pick]",
           "columns": [
            {"id": "goal", "label": {"ru": "Цель", "en": "Goal"}, "kind": "long_text"},
            {"id": "tasks", "label": {"ru": "Задачи", "en": "Tasks"}, "kind": "long_text"},
            {"id": "measure", "label": {"ru": "Мера", "en": "Measure"}, "kind": "long_text"}]},
          {"id": "notes", "label": {"ru": "Заметки", "en": "Notes"}, "kind": "table", "columns": [
            {"id": "text", "label": {"ru": "Текст", "en": "Text"}, "kind": "text"}]}
        ]}
      ]
    }"#;

    fn answer(choice: Option<&str>, value: &str, choices: &[&str]) -> Answer {
        Answer {
            choice: choice.map(str::to_owned),
            value: value.to_owned(),
            choices: choices.iter().map(|c| (*c).to_owned()).collect(),
            ..Answer::default()
        }
    }

    fn cells(row: &VecMap<String>) -> Vec<(&str, &str)> {
        row.iter().map(|(k, v)| (k, v.as_str())).collect()
    }

    #[test]
    fn the_plan_takes_a_row_per_deficit_and_drafting_again_adds_only_new_ones(
    ) -> Result<(), crate::TemplateError> {
        let template = Template::from_json(TEMPLATE)?;
        let mut a = Assessment::new("x".into(), &template, "2026-01-01T00:00:00Z".into());
        a.answers.insert("a.1".into(), answer(Some("no"), "", &[]));
        a.answers.insert("a.2".into(), answer(None, "40", &[]));
        a.answers.insert("b.1".into(), answer(Some("no"), "", &[]));
        let results = evaluate(&template, &a);
        let tables = plan_tables(&template, &a);
        let ids: Vec<&str> = tables.iter().map(|t| t.item.id.as_str()).collect();
        assert_eq!(ids, ["plan"], "the programme is hidden, notes are no plan");

        let rows = draft_rows(&tables[0], &results, &[], false);
        assert_eq!(
            rows.iter().map(cells).collect::<Vec<_>>(),
            [
                vec![
                    ("criterion", "a.1 Есть план"),
                    ("measure", "Утвердите план."),
                    ("indicator", "план утверждён приказом (номер, дата)"),
                    ("status", "not_started"),
                ],
                vec![
                    ("criterion", "a.2 Доля"),
                    ("measure", "Устранить дефицит: Доля"),
                    ("indicator", "Критерий a.2: 2 из 2 баллов"),
                    ("status", "not_started"),
                ],
                // No indicator of its own: the criterion at its best answer.
                vec![
                    ("criterion", "b.1 Есть интернет"),
                    ("measure", "Устранить дефицит: Есть интернет"),
                    ("indicator", "Критерий b.1: «да»"),
                    ("status", "not_started"),
                ],
            ]
        );
        // The school edited the first row, kept the third and removed the second: drafting
        // again brings back only the second.
        let mut kept = rows[0].clone();
        kept.insert("measure".into(), "Своя мера".into());
        let again = draft_rows(&tables[0], &results, &[kept, rows[2].clone()], true);
        assert_eq!(
            again.iter().map(cells).collect::<Vec<_>>(),
            [vec![
                ("criterion", "a.2 Share"),
                ("measure", "Close the deficit: Share"),
                ("indicator", "Criterion a.2: 2 of 2 points"),
                ("status", "not_started"),
            ]]
        );
        let english = draft_rows(&tables[0], &results, &[], true);
        assert_eq!(
            english[0].get("indicator").map(String::as_str),
            Some("the plan is adopted by an order (number, date)")
        );
        assert_eq!(
            english[0].get("measure").map(String::as_str),
            Some("Adopt a plan.")
        );
        Ok(())
    }

    #[test]
    fn a_programme_appears_with_its_risk_and_takes_only_its_sections_deficits(
    ) -> Result<(), crate::TemplateError> {
        let template = Template::from_json(TEMPLATE)?;
        let mut a = Assessment::new("x".into(), &template, "2026-01-01T00:00:00Z".into());
        a.answers.insert("a.1".into(), answer(Some("no"), "", &[]));
        a.answers.insert("b.1".into(), answer(Some("no"), "", &[]));
        a.answers.insert("pick".into(), answer(None, "", &["a"]));
        let results = evaluate(&template, &a);
        let tables = plan_tables(&template, &a);
        let programme = tables
            .iter()
            .find(|t| t.item.id == "programme_a")
            .expect("the programme is shown once its risk is chosen");
        assert_eq!(programme.section.map(|s| s.id.as_str()), Some("a"));
        let rows = draft_rows(programme, &results, &[], false);
        assert_eq!(
            rows.iter().map(cells).collect::<Vec<_>>(),
            [vec![
                ("goal", "Снизить риск «Кадры»"),
                ("tasks", "a.1 Есть план"),
                ("measure", "Утвердите план."),
            ]]
        );
        // «a.1» is no prefix of «a.10 …»: only an id followed by a space counts.
        assert!(!covered(
            &[VecMap::from_distinct(vec![(
                "tasks".into(),
                "a.10 x".into()
            )])],
            "a.1"
        ));
        assert!(covered(
            &[VecMap::from_distinct(vec![(
                "tasks".into(),
                "a.1 x".into()
            )])],
            "a.1"
        ));
        Ok(())
    }

    #[test]
    fn a_recommendation_names_its_result_as_its_last_sentence() {
        assert_eq!(
            split_result("Утвердите план. Результат: приказ (номер, дата)."),
            ("Утвердите план.", Some("приказ (номер, дата)"))
        );
        assert_eq!(
            split_result("Do it. Result: a memo (date)"),
            ("Do it.", Some("a memo (date)"))
        );
        // No result named, or an empty one: the whole text is the measure.
        assert_eq!(split_result("Утвердите план."), ("Утвердите план.", None));
        assert_eq!(
            split_result("Утвердите. Результат: ."),
            ("Утвердите.", None)
        );
        assert_eq!(
            split_result("Результат: в начале"),
            ("Результат: в начале", None)
        );
    }

    #[test]
    fn a_row_added_by_hand_starts_not_started() -> Result<(), crate::TemplateError> {
        let template = Template::from_json(TEMPLATE)?;
        let plan = template.item("plan").expect("the plan");
        assert_eq!(cells(&new_row(plan)), [("status", "not_started")]);
        let notes = template.item("notes").expect("the notes");
        assert!(
            new_row(notes).is_empty(),
            "a table with no status starts empty"
        );
        Ok(())
    }
}
