//! What a person sees of an id. Ids are the machine names templates and files use
//! («roadmap», «meeting_date», «inn»); a person never reads one. An id that is a number a
//! document cites — «1.1.2», a methodologist's «A.1» or «Б», or ШНОР's «r11.1», which schools
//! cite as risk 11.1 — is shown, as that number.

use crate::lang::Lang;
use crate::template::{Item, Template};

/// The number an id stands for, if it is one: parts joined by dots, each digits or a single
/// letter («1.1.2», «A.1», «Б»), as written; or a Latin letter glued to such a number, which is
/// a prefix of the file's, not of the document's («r11.1» → «11.1»). Anything else — a word,
/// «programme_2», «1a» — is a machine name and `None`.
pub fn shown_number(id: &str) -> Option<&str> {
    let number = |s: &str| {
        s.split('.').all(|p| {
            let mut chars = p.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_alphabetic() => true,
                _ => !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()),
            }
        })
    };
    match id.as_bytes() {
        [first, second, ..] if first.is_ascii_alphabetic() && second.is_ascii_digit() => {
            let rest = &id[1..];
            (number(rest) && rest.bytes().next().is_some_and(|b| b.is_ascii_digit()))
                .then_some(rest)
        }
        _ => number(id).then_some(id),
    }
}

/// «1.1.2 Текст критерия» when the id is a number, else the text alone.
pub fn numbered(id: &str, label: &str) -> String {
    match shown_number(id) {
        Some(n) => format!("{n} {label}"),
        None => label.to_owned(),
    }
}

impl Template {
    /// How a person names an item, a respondent field or a section given by its id: its number
    /// (when it has one) and its text. An id the template does not know is returned as it is —
    /// it came from a file, and it is the only name there is.
    pub fn name_of(&self, id: &str, lang: Lang) -> String {
        if let Some(item) = self.item(id) {
            return item.name(lang);
        }
        if let Some(field) = self.respondent.iter().find(|f| f.id == id) {
            return field.label.get(lang).to_owned();
        }
        if let Some(section) = self.sections.iter().find(|s| s.id == id) {
            return numbered(&section.id, section.title.get(lang));
        }
        id.to_owned()
    }
}

impl Item {
    /// «1.1.2 Текст критерия», or the text alone when the id is a machine name.
    pub fn name(&self, lang: Lang) -> String {
        numbered(&self.id, self.label.get(lang))
    }

    /// The text of an option, or the stored value when the item has no such option.
    pub fn option_name(&self, value: &str, lang: Lang) -> String {
        self.choice(value)
            .map_or_else(|| value.to_owned(), |c| c.label.get(lang).to_owned())
    }

    /// The heading of a table column, or the id when the item has no such column.
    pub fn column_name(&self, column: &str, lang: Lang) -> String {
        self.columns
            .iter()
            .find(|c| c.id == column)
            .map_or_else(|| column.to_owned(), |c| c.label.get(lang).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cited_number_is_shown_and_a_machine_name_never_is() {
        for (id, shown) in [
            ("1", Some("1")),
            ("1.1.2", Some("1.1.2")),
            ("r11.1", Some("11.1")),
            ("r1", Some("1")),
            ("roadmap", None),
            ("meeting_date", None),
            ("inn", None),
            ("plan", None),
            ("r", Some("r")),
            ("A.1", Some("A.1")),
            ("B", Some("B")),
            ("Б.2", Some("Б.2")),
            ("ab", None),
            ("A.b1", None),
            ("1.", None),
            (".1", None),
            ("1..2", None),
            ("rr1", None),
            ("1a", None),
            ("", None),
            ("й1", None),
            ("1234567890", None),
        ] {
            assert_eq!(shown_number(id), shown, "{id:?}");
        }
        assert_eq!(numbered("r2.1", "Вакансии"), "2.1 Вакансии");
        assert_eq!(numbered("agenda", "Повестка"), "Повестка");
    }
}
