//! Deadlines in tables (plans, antirisk programmes, the decisions register): when a row is
//! overdue. One rule for the plan editor, the decisions register and the printed report.

use crate::scoring::is_date;
use crate::template::{ColumnKind, Item};
use crate::vecmap::VecMap;

/// The column that says whether a row is done, and the option that says it is (as the
/// built-in templates write them).
pub const STATUS_COLUMN: &str = "status";
pub const DONE: &str = "done";

/// Whether a row of a table `item` is overdue on `today` (`YYYY-MM-DD`): some deadline column
/// holds a date before today, and the row is not done — a choice column `status` set to
/// `done`. «Постоянно» (`permanent`), an empty cell or text that is no date has no day to be
/// late for; a deadline that is today is not yet late.
pub fn overdue(item: &Item, row: &VecMap<String>, today: &str) -> bool {
    let done = item
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Choice && c.id == STATUS_COLUMN)
        .any(|c| row.get(&c.id).map(String::as_str) == Some(DONE));
    let late = item
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Deadline)
        .filter_map(|c| row.get(&c.id))
        .any(|d| is_date(d) && d.as_str() < today);
    is_date(today) && late && !done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Template, TemplateError, PERMANENT};

    fn table(columns: &str) -> Result<Template, TemplateError> {
        Template::from_json(&format!(
            r#"{{"format": 1, "id": "t", "version": "1", "title": "Т", "sections": [
              {{"id": "s", "title": "С", "items": [
                {{"id": "plan", "label": "План", "kind": "table", "columns": [{columns}]}}]}}]}}"#
        ))
    }

    const WITH_STATUS: &str = r#"
        {"id": "measure", "label": "Мера", "kind": "text"},
        {"id": "deadline", "label": "Срок", "kind": "deadline"},
        {"id": "status", "label": "Статус", "kind": "choice", "choices": [
          {"value": "not_started", "label": "не начато"}, {"value": "in_progress", "label": "в работе"},
          {"value": "done", "label": "исполнено"}, {"value": "not_done", "label": "не исполнено"}]}"#;

    fn row(cells: &[(&str, &str)]) -> VecMap<String> {
        cells
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_date_before_today_is_late_today_and_after_are_not() -> Result<(), TemplateError> {
        let t = table(WITH_STATUS)?;
        let item = t.item("plan").expect("the table");
        let today = "2027-01-15";
        let late = |deadline: &str| overdue(item, &row(&[("deadline", deadline)]), today);
        assert!(late("2027-01-14"));
        assert!(late("2026-12-31"));
        assert!(!late("2027-01-15"), "due today is not late yet");
        assert!(!late("2027-01-16"));
        assert!(!late(PERMANENT), "«постоянно» is never overdue");
        for no_date in [
            "",
            " ",
            "к маю",
            "2027-02-30",
            "15.01.2026",
            "2026-1-5",
            "2026-01-05 ",
        ] {
            assert!(!late(no_date), "{no_date:?} is no date");
        }
        // No clock (an empty or broken today) marks nothing.
        assert!(!overdue(item, &row(&[("deadline", "2020-01-01")]), ""));
        assert!(!overdue(item, &row(&[("deadline", "2020-01-01")]), "today"));
        Ok(())
    }

    #[test]
    fn only_done_ends_a_deadline() -> Result<(), TemplateError> {
        let t = table(WITH_STATUS)?;
        let item = t.item("plan").expect("the table");
        let late = |status: &str| {
            overdue(
                item,
                &row(&[("deadline", "2026-12-01"), ("status", status)]),
                "2027-01-15",
            )
        };
        assert!(!late("done"));
        for open in ["not_started", "in_progress", "not_done", "", "исполнено"] {
            assert!(late(open), "status {open:?} leaves the row open");
        }
        Ok(())
    }

    #[test]
    fn a_status_only_counts_as_a_choice_column_and_any_deadline_column_counts(
    ) -> Result<(), TemplateError> {
        // A text column called `status` with «done» typed in is not the status.
        let t = table(
            r#"{"id": "status", "label": "Статус", "kind": "text"},
               {"id": "when", "label": "Срок", "kind": "deadline"},
               {"id": "deadline", "label": "Дата", "kind": "date"}"#,
        )?;
        let item = t.item("plan").expect("the table");
        let today = "2027-01-15";
        assert!(overdue(
            item,
            &row(&[("when", "2027-01-01"), ("status", "done")]),
            today
        ));
        // A date column is no deadline, whatever its id.
        assert!(!overdue(item, &row(&[("deadline", "2027-01-01")]), today));
        Ok(())
    }
}
