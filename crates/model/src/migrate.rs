//! Moving an assessment to another version of its template: answers are carried over by item
//! id, and everything that could not be carried is listed, so nothing disappears unseen. The
//! original assessment is left as it was; the move makes a new one.

use crate::assessment::{Answer, Assessment};
use crate::template::{ColumnKind, Item, ItemKind, Template};

/// What did not come across unchanged, per item or respondent field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The new version has no item with this id: its answer is not carried.
    ItemGone { id: String },
    /// The item asks for a different kind of answer now: its answer is not carried.
    KindChanged { id: String },
    /// The chosen option no longer exists; the rest of the answer (evidence, comment) is kept.
    OptionGone { id: String, value: String },
    /// A table column no longer exists; its cells are not carried.
    ColumnGone { id: String, column: String },
    /// The evidence or comment field is gone from the item.
    NoteGone { id: String },
    /// A respondent field the new version does not have.
    FieldGone { id: String },
}

impl Change {
    pub fn id(&self) -> &str {
        match self {
            Change::ItemGone { id }
            | Change::KindChanged { id }
            | Change::OptionGone { id, .. }
            | Change::ColumnGone { id, .. }
            | Change::NoteGone { id }
            | Change::FieldGone { id } => id,
        }
    }
}

/// Carries `answers` from `old` to `new` as a new assessment `id`, stamped `now`, with the
/// list of what was dropped or changed (in the old template's order).
pub fn migrate(
    old: &Template,
    new: &Template,
    from: &Assessment,
    id: String,
    now: String,
) -> (Assessment, Vec<Change>) {
    let mut to = Assessment::new(id, new, now);
    let mut changes = Vec::new();
    for (field, value) in from.respondent.iter() {
        if new.respondent.iter().any(|f| f.id == field) {
            to.respondent.insert(field.to_owned(), value.clone());
        } else if !value.trim().is_empty() {
            changes.push(Change::FieldGone {
                id: field.to_owned(),
            });
        }
    }
    for old_item in old.items() {
        let Some(answer) = from.answer(&old_item.id) else {
            continue;
        };
        let Some(item) = new.item(&old_item.id) else {
            changes.push(Change::ItemGone {
                id: old_item.id.clone(),
            });
            continue;
        };
        if !same_kind(old_item, item) {
            changes.push(Change::KindChanged {
                id: item.id.clone(),
            });
            continue;
        }
        let carried = carry(old_item, item, answer, &mut changes);
        if !carried.is_empty() {
            to.answers.insert(item.id.clone(), carried);
        }
    }
    if new.sections.iter().any(|s| s.id == from.current_section) {
        to.current_section = from.current_section.clone();
    }
    (to, changes)
}

fn same_kind(a: &Item, b: &Item) -> bool {
    // A choice and a yes/no (or Likert) answer are all one chosen option; they carry when the
    // option still exists.
    let single = |k: ItemKind| matches!(k, ItemKind::Choice | ItemKind::YesNo | ItemKind::Likert);
    let numeric = |k: ItemKind| k.is_numeric();
    let texty = |k: ItemKind| matches!(k, ItemKind::Text | ItemKind::LongText);
    a.kind == b.kind
        || (single(a.kind) && single(b.kind))
        || (numeric(a.kind) && numeric(b.kind))
        || (texty(a.kind) && texty(b.kind))
}

fn carry(old: &Item, item: &Item, answer: &Answer, changes: &mut Vec<Change>) -> Answer {
    let mut out = answer.clone();
    let gone = |value: &str| item.choice(value).is_none();
    if let Some(value) = answer.choice.as_deref().filter(|v| gone(v)) {
        changes.push(Change::OptionGone {
            id: item.id.clone(),
            value: value.to_owned(),
        });
        out.choice = None;
    }
    for value in answer.choices.iter().filter(|v| gone(v)) {
        changes.push(Change::OptionGone {
            id: item.id.clone(),
            value: value.clone(),
        });
    }
    out.choices.retain(|v| !gone(v));
    if item.kind == ItemKind::Table {
        let mut reported = Vec::new();
        for row in &mut out.rows {
            let cells: Vec<String> = row.iter().map(|(k, _)| k.to_owned()).collect();
            for column in cells {
                let keep = item
                    .columns
                    .iter()
                    .find(|c| c.id == column)
                    .is_some_and(|c| {
                        c.kind != ColumnKind::Choice
                            || row
                                .get(&column)
                                .is_some_and(|v| c.choices.iter().any(|x| &x.value == v))
                    });
                if keep {
                    written(old, item, row, &column);
                } else {
                    row.remove(&column);
                    if !reported.contains(&column) {
                        changes.push(Change::ColumnGone {
                            id: item.id.clone(),
                            column: column.clone(),
                        });
                        reported.push(column);
                    }
                }
            }
        }
    }
    let notes_gone = (!item.evidence && !answer.evidence.is_empty())
        || (!item.comment && !answer.comment.is_empty());
    if notes_gone {
        changes.push(Change::NoteGone {
            id: item.id.clone(),
        });
        if !item.evidence {
            out.evidence.clear();
        }
        if !item.comment {
            out.comment.clear();
        }
    }
    out
}

/// A date or deadline column that became a text column (a register's «Срок», kept as people
/// write it since 2026) holds its cells as they read: `2026-12-01` as `01.12.2026`,
/// `permanent` as «постоянно» — the text a person would have typed, which the text column's
/// readers (overdue, CSV, print) take as written.
fn written(old: &Item, new: &Item, row: &mut crate::VecMap<String>, column: &str) {
    let kind = |item: &Item| item.columns.iter().find(|c| c.id == column).map(|c| c.kind);
    let dated = matches!(kind(old), Some(ColumnKind::Date | ColumnKind::Deadline));
    let texty = matches!(kind(new), Some(ColumnKind::Text | ColumnKind::LongText));
    if !(dated && texty) {
        return;
    }
    if let Some(cell) = row.get(column) {
        let shown = crate::deadline::as_written(cell, "постоянно").into_owned();
        row.insert(column.to_owned(), shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::evaluate;
    use crate::template::TemplateError;

    fn version(v: &str, items: &str) -> Result<Template, TemplateError> {
        Template::from_json(&format!(
            r#"{{"format": 1, "id": "t", "version": "{v}", "title": "Т",
                "respondent": [{{"id": "school", "label": "ОО"}}],
                "sections": [{{"id": "s", "title": "Р", "items": [{items}]}}]}}"#
        ))
    }

    #[test]
    fn a_date_or_deadline_cell_whose_column_became_text_reads_as_written(
    ) -> Result<(), TemplateError> {
        let table = |due: &str, done: &str| {
            format!(
                r#"{{"id": "plan", "label": "План", "kind": "table", "columns": [
                  {{"id": "deadline", "label": "Срок", "kind": "{due}"}},
                  {{"id": "done", "label": "Исполнено", "kind": "{done}"}},
                  {{"id": "what", "label": "Мера", "kind": "text"}}]}}"#
            )
        };
        let old = version("1", &table("deadline", "date"))?;
        let new = version("2", &table("text", "date"))?;
        let mut a = Assessment::new("a".into(), &old, "2026-01-01T00:00:00Z".into());
        let cells = |d: &str, done: &str, what: &str| {
            let mut row = crate::VecMap::default();
            row.insert("deadline".into(), d.to_owned());
            row.insert("done".into(), done.to_owned());
            row.insert("what".into(), what.to_owned());
            row
        };
        a.update_answer("plan", |x| {
            x.rows = vec![
                cells("2026-12-01", "2026-11-30", "2026-12-01"),
                cells(crate::PERMANENT, "", "permanent"),
            ]
        });
        let (moved, changes) = migrate(&old, &new, &a, "b".into(), "now".into());
        assert_eq!(changes, []);
        let rows = &moved
            .answer("plan")
            .map(|x| x.rows.clone())
            .unwrap_or_default();
        let got: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(|(_, v)| v.as_str()).collect())
            .collect();
        // Only the column that became text changes; a date column that stays one, and a text
        // column that always was, keep their cells byte for byte.
        assert_eq!(
            got,
            [
                vec!["01.12.2026", "2026-11-30", "2026-12-01"],
                vec!["постоянно", "", "permanent"]
            ]
        );
        // Kinds that stay as they were carry cells unchanged both ways.
        let (back, _) = migrate(&new, &new, &moved, "c".into(), "now".into());
        assert_eq!(back.answer("plan"), moved.answer("plan"));
        Ok(())
    }

    #[test]
    fn answers_carry_by_id_and_every_loss_is_listed() -> Result<(), TemplateError> {
        let old = version(
            "2025.1",
            r#"{"id": "a", "label": "А", "kind": "choice", "evidence": true, "choices": [
                 {"value": "yes", "label": "да", "points": 2}, {"value": "partly", "label": "частично", "points": 1},
                 {"value": "no", "label": "нет", "points": 0}]},
               {"id": "b", "label": "Б", "kind": "yes_no"},
               {"id": "c", "label": "В", "kind": "count"},
               {"id": "d", "label": "Г", "kind": "text"},
               {"id": "e", "label": "Д", "kind": "yes_no"}"#,
        )?;
        let new = version(
            "2026.1",
            r#"{"id": "a", "label": "А", "kind": "choice", "choices": [
                 {"value": "yes", "label": "да", "points": 2}, {"value": "no", "label": "нет", "points": 0}]},
               {"id": "b", "label": "Б", "kind": "yes_no"},
               {"id": "c", "label": "В", "kind": "percentage"},
               {"id": "d", "label": "Г", "kind": "date"},
               {"id": "f", "label": "Е", "kind": "yes_no"}"#,
        )?;
        let mut a = Assessment::new("old".into(), &old, "2026-01-10T08:00:00Z".into());
        a.respondent.insert("school".into(), "СОШ № 1".into());
        a.update_answer("a", |x| {
            x.choice = Some("partly".into());
            x.evidence = "Приказ № 5".into();
        });
        a.update_answer("b", |x| x.choice = Some("yes".into()));
        a.update_answer("c", |x| x.value = "12".into());
        a.update_answer("d", |x| x.value = "текст".into());
        a.update_answer("e", |x| x.choice = Some("no".into()));
        let before = a.clone();
        let (moved, changes) = migrate(&old, &new, &a, "new".into(), "2026-11-22T08:00:00Z".into());
        assert_eq!(a, before, "the original is untouched");
        assert_eq!(moved.template_version, "2026.1");
        assert_eq!(moved.template_hash, new.hash);
        assert_eq!(moved.respondent_value("school"), "СОШ № 1");
        // «частично» is gone and so is the evidence field: nothing of «a» is left to carry.
        assert!(moved.answer("a").is_none());
        assert_eq!(
            moved.answer("b").and_then(|x| x.choice.as_deref()),
            Some("yes")
        );
        assert_eq!(moved.answer("c").map(|x| x.value.as_str()), Some("12"));
        assert!(moved.answer("d").is_none() && moved.answer("e").is_none());
        assert_eq!(
            changes,
            [
                Change::OptionGone {
                    id: "a".into(),
                    value: "partly".into()
                },
                Change::NoteGone { id: "a".into() },
                Change::KindChanged { id: "d".into() },
                Change::ItemGone { id: "e".into() },
            ]
        );
        // The moved assessment scores under the new version: b = 1 of 1, a unanswered of 2.
        let r = evaluate(&new, &moved);
        assert_eq!((r.total.points, r.total.max), (1, 4));
        Ok(())
    }
}
