//! Deadlines in tables (plans, antirisk programmes, the decisions register): what a deadline
//! says ([`read`], from the text as people write it) and when a row is overdue. One rule for the
//! plan editor, the decisions register and the printed report.

use std::fmt;

use crate::status::closes;
use crate::template::{Column, ColumnKind, Item};
use crate::vecmap::VecMap;

mod read;

pub use read::{read, MAX_DEADLINE_CHARS};

/// The column that says whether a row is done (a choice column, [`crate::STATUSES`]).
pub const STATUS_COLUMN: &str = "status";
/// A text column of this id holds a deadline as written («до 01.03.2022», «май 2022 г.»).
pub const DEADLINE_COLUMN: &str = "deadline";

/// A calendar day, 1900–2200 (as [`crate::is_date`] accepts them); ordered in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: u32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// The day, if there is one such.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Day> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Day {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = text.get(r)?;
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        if text.len() != 10 || text.get(4..5) != Some("-") || text.get(7..8) != Some("-") {
            return None;
        }
        Day::new(num(0..4)?, num(5..7)?, num(8..10)?)
    }

    /// The last day of its month.
    pub fn month_end(self) -> Day {
        (28..=31)
            .rev()
            .find_map(|d| Day::new(self.year, u32::from(self.month), d))
            .unwrap_or(self)
    }
}

/// `01.03.2022`.
impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{:02}.{}", self.day, self.month, self.year)
    }
}

/// What a deadline says about time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// Due within these days, both included («май 2022 г.»: 1–31 May; «до 01.03.2022»: that
    /// day alone). Late once `to` has passed.
    Range { from: Day, to: Day },
    /// Due every year by this day («ежегодно до 31 мая»).
    Yearly { month: u8, day: u8 },
    /// «постоянно», «ежемесячно», «в течение года»: no day to be late for.
    Standing,
    /// Not read as a time («датой окончания учебного года», a month with no year, free text):
    /// shown as written, never overdue.
    Unread,
}

impl Deadline {
    /// The day it is due by, seen on `today`: a range's last day; a yearly deadline's day in
    /// today's year (28 February for 29 February in a common year).
    pub fn due(self, today: Day) -> Option<Day> {
        match self {
            Deadline::Range { to, .. } => Some(to),
            Deadline::Yearly { month, day } => {
                let (m, d) = (u32::from(month), u32::from(day));
                Day::new(today.year, m, d).or_else(|| Day::new(today.year, m, 28))
            }
            Deadline::Standing | Deadline::Unread => None,
        }
    }
}

/// A stored deadline cell as people read it: `2022-03-01` (a date column) as `01.03.2022`,
/// `permanent` as `permanent_word`; text as written.
pub fn as_written<'a>(cell: &'a str, permanent_word: &'a str) -> std::borrow::Cow<'a, str> {
    if cell == crate::PERMANENT {
        return permanent_word.into();
    }
    Day::parse_iso(cell).map_or(cell.into(), |d| d.to_string().into())
}

/// Whether `column` holds deadlines [`overdue`] reads: a deadline column (a date or
/// «постоянно»), or a text column `deadline` (kept as written).
pub fn is_deadline(column: &Column) -> bool {
    match column.kind {
        ColumnKind::Deadline => true,
        ColumnKind::Text | ColumnKind::LongText => column.id == DEADLINE_COLUMN,
        _ => false,
    }
}

/// Whether a row of a table `item` is overdue on `today` (`YYYY-MM-DD`): some deadline — a
/// deadline column (a date or «постоянно»), or a text column `deadline` (as written, [`read`])
/// — is due before today, and the row is not closed — its choice column `status` holds a
/// status that ends the control ([`closes`]: «исполнено», «снято с контроля»). A deadline due
/// today is not yet late; «постоянно», an empty cell or text that is no time is never late.
pub fn overdue(item: &Item, row: &VecMap<String>, today: &str) -> bool {
    let Some(today) = Day::parse_iso(today) else {
        return false;
    };
    let closed = item
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Choice && c.id == STATUS_COLUMN)
        .any(|c| row.get(&c.id).is_some_and(|v| closes(v)));
    // A deadline column stores `YYYY-MM-DD` or `permanent` and nothing else (the fill page
    // says so of any other text); a text column `deadline` is read as people write it.
    let due = |c: &Column, cell: &str| match c.kind {
        ColumnKind::Deadline if crate::scoring::is_date(cell) => read(cell).due(today),
        ColumnKind::Text | ColumnKind::LongText if c.id == DEADLINE_COLUMN => read(cell).due(today),
        _ => None,
    };
    let late = item
        .columns
        .iter()
        .filter_map(|c| due(c, row.get(&c.id)?))
        .any(|day| day < today);
    late && !closed
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
        assert!(!late("withdrawn"), "«снято с контроля» ends the control");
        for open in [
            "not_started",
            "in_progress",
            "partly_done",
            "postponed",
            "not_done",
            "",
            "исполнено",
        ] {
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

    #[test]
    fn a_text_column_deadline_is_read_as_written() -> Result<(), TemplateError> {
        let t = table(
            r#"{"id": "deadline", "label": "Срок", "kind": "text"},
               {"id": "note", "label": "Примечание", "kind": "text"},
               {"id": "status", "label": "Статус", "kind": "choice", "choices": [
                 {"value": "not_started", "label": "на контроле"},
                 {"value": "withdrawn", "label": "снято с контроля"}]}"#,
        )?;
        let item = t.item("plan").expect("the table");
        let today = "2022-06-01";
        let late = |deadline: &str| overdue(item, &row(&[("deadline", deadline)]), today);
        assert!(late("до 01.03.2022"));
        assert!(late("май 2022 г."), "May has passed on 1 June");
        assert!(!late("июнь 2022"), "June runs to the 30th");
        assert!(late("январь–февраль 2022"));
        assert!(late("ежегодно до 31 мая"));
        assert!(!late("ежегодно до 30 июня"));
        assert!(
            !late("2021-2022 уч.г."),
            "the school year runs to 31 August"
        );
        assert!(late("IV квартал 2021"));
        for never in [
            "постоянно",
            "в течение года",
            "датой окончания учебного года",
            "май",
            "",
        ] {
            assert!(!late(never), "{never:?} is never late");
        }
        // Migrated cells of a date column read too.
        assert!(late("2022-03-01"));
        assert!(!late(PERMANENT));
        assert!(!overdue(
            item,
            &row(&[("deadline", "до 01.03.2022"), ("status", "withdrawn")]),
            today
        ));
        // Only the column `deadline`: another text column is a note, not a term.
        assert!(!overdue(item, &row(&[("note", "до 01.03.2022")]), today));
        Ok(())
    }

    #[test]
    fn a_stored_cell_is_shown_as_people_write_it() {
        assert_eq!(as_written("2022-03-01", "постоянно"), "01.03.2022");
        assert_eq!(as_written(PERMANENT, "постоянно"), "постоянно");
        assert_eq!(as_written("май 2022 г.", "постоянно"), "май 2022 г.");
        assert_eq!(
            Day::new(2022, 3, 1).map(|d| d.to_string()),
            Some("01.03.2022".into())
        );
    }
}
