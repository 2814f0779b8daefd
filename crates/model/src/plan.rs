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
use crate::json::number_text;
use crate::lang::Lang;
use crate::scoring::{Results, Visibility};
use crate::shown::{numbered, shown_number};
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

/// Whether some row already holds this criterion: a cell is the criterion as drafted in either
/// language, or starts with its number as shown («11.1 …») or, in rows drafted before ids were
/// hidden, its id («r11.1 …»), and a space.
fn covered(rows: &[VecMap<String>], item: &Item) -> bool {
    let id = item.id.as_str();
    let names = [Some(id), shown_number(id)];
    let drafted = Lang::ALL.map(|lang| item.name(lang));
    rows.iter().any(|row| {
        row.values().any(|v| {
            drafted.contains(v)
                || names.iter().flatten().any(|name| {
                    v.strip_prefix(name)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                })
        })
    })
}

/// What shows that a deficit is closed, for an item whose recommendation names no result: the
/// best answer confirmed by a document, or the value the top band asks for on a date — never
/// the bare id and answer, which nobody can check.
fn fallback_indicator(item: &Item, lang: Lang) -> String {
    let label = item.label.get(lang);
    if let Some(best) = item.choices.iter().max_by_key(|c| c.points) {
        let best = best.label.get(lang);
        return match lang {
            Lang::Ru => format!("{label} — «{best}», подтверждено документом (номер, дата)"),
            Lang::En => {
                format!("{label} — «{best}», confirmed by a document (its number and date)")
            }
        };
    }
    let unit = item
        .unit
        .as_ref()
        .map(|u| format!(" {}", u.get(lang)))
        .unwrap_or_default();
    let unit = if item.kind == ItemKind::Percentage {
        " %".to_owned()
    } else {
        unit
    };
    let top = item.bands.iter().max_by_key(|b| b.points);
    let bound = |v: f64| number_text(v, lang.decimal_comma());
    match (top.and_then(|b| b.min), top.and_then(|b| b.max), lang) {
        (Some(min), _, Lang::Ru) => format!(
            "{label}: не менее {}{unit} (значение и дата замера)",
            bound(min)
        ),
        (Some(min), _, Lang::En) => format!(
            "{label}: at least {}{unit} (the value and the date measured)",
            bound(min)
        ),
        (None, Some(max), Lang::Ru) => format!(
            "{label}: менее {}{unit} (значение и дата замера)",
            bound(max)
        ),
        (None, Some(max), Lang::En) => format!(
            "{label}: below {}{unit} (the value and the date measured)",
            bound(max)
        ),
        (None, None, Lang::Ru) => format!("{label}: значение и дата замера"),
        (None, None, Lang::En) => format!("{label}: the value and the date measured"),
    }
}

/// The rows to add to `table` for the deficits in `results` that its `rows` do not yet hold,
/// worded in `lang`.
pub fn draft_rows(
    table: &PlanTable,
    results: &Results,
    rows: &[VecMap<String>],
    lang: Lang,
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
        .filter(|d| !covered(rows, d.item))
        .map(|d| {
            let (id, label) = (&d.item.id, d.item.label.get(lang));
            let criterion = numbered(id, label);
            let mut row = VecMap::new();
            let mut put = |column: &str, value: String| {
                if text(column) {
                    row.insert(column.to_owned(), value);
                }
            };
            put("criterion", criterion.clone());
            let risk = d.section.title.get(lang);
            put(
                "goal",
                match lang {
                    Lang::Ru => format!("Снизить риск «{risk}»"),
                    Lang::En => format!("Lower the risk «{risk}»"),
                },
            );
            put("tasks", criterion);
            let (measure, result) = d.item.recommendation.as_ref().map_or((None, None), |r| {
                let (m, x) = split_result(r.get(lang));
                (Some(m), x)
            });
            put(
                "measure",
                measure.map_or_else(
                    || match lang {
                        Lang::Ru => format!("Устранить дефицит: {label}"),
                        Lang::En => format!("Close the deficit: {label}"),
                    },
                    str::to_owned,
                ),
            );
            put(
                "indicator",
                result.map_or_else(|| fallback_indicator(d.item, lang), str::to_owned),
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

        let rows = draft_rows(&tables[0], &results, &[], Lang::Ru);
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
                    ("indicator", "Доля: не менее 80 % (значение и дата замера)"),
                    ("status", "not_started"),
                ],
                // No result of its own: the best answer, confirmed by a document.
                vec![
                    ("criterion", "b.1 Есть интернет"),
                    ("measure", "Устранить дефицит: Есть интернет"),
                    (
                        "indicator",
                        "Есть интернет — «да», подтверждено документом (номер, дата)"
                    ),
                    ("status", "not_started"),
                ],
            ]
        );
        // The school edited the first row, kept the third and removed the second: drafting
        // again brings back only the second.
        let mut kept = rows[0].clone();
        kept.insert("measure".into(), "Своя мера".into());
        let again = draft_rows(&tables[0], &results, &[kept, rows[2].clone()], Lang::En);
        assert_eq!(
            again.iter().map(cells).collect::<Vec<_>>(),
            [vec![
                ("criterion", "a.2 Share"),
                ("measure", "Close the deficit: Share"),
                (
                    "indicator",
                    "Share: at least 80 % (the value and the date measured)"
                ),
                ("status", "not_started"),
            ]]
        );
        let english = draft_rows(&tables[0], &results, &[], Lang::En);
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
        let rows = draft_rows(programme, &results, &[], Lang::Ru);
        assert_eq!(
            rows.iter().map(cells).collect::<Vec<_>>(),
            [vec![
                ("goal", "Снизить риск «Кадры»"),
                ("tasks", "a.1 Есть план"),
                ("measure", "Утвердите план."),
            ]]
        );
        // «a.1» is no prefix of «a.10 …»: only an id followed by a space counts.
        let row = |cell: &str| [VecMap::from_distinct(vec![("tasks".into(), cell.into())])];
        let a1 = template.item("a.1").expect("a.1");
        assert!(!covered(&row("a.10 x"), a1));
        assert!(covered(&row("a.1 x"), a1));
        // An item with a machine id is drafted as its text alone, in either language.
        let mut named = a1.clone();
        named.id = "plan_adopted".into();
        assert!(
            covered(&row("Есть план"), &named),
            "the criterion as drafted"
        );
        assert!(
            covered(&row("A plan exists"), &named),
            "in the other language"
        );
        assert!(!covered(&row("Есть план?"), &named));
        // A ШНОР row names risk 11.1 as schools cite it; rows drafted with the id still count.
        let mut risk = a1.clone();
        risk.id = "r11.1".into();
        assert!(covered(&row("11.1 Травля"), &risk));
        assert!(covered(&row("r11.1 Травля"), &risk));
        assert!(!covered(&row("11.10 Травля"), &risk));
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
