//! The interface language: one type for every crate that says something to a person.

/// Russian (the default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn english(self) -> bool {
        self == Lang::En
    }

    /// The language's code, as in `<html lang>` and the saved preference.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language of a code (`"ru"`, `"en"`); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// `English` when `english`, else Russian: for callers that still hold a flag.
    pub fn of(english: bool) -> Lang {
        if english {
            Lang::En
        } else {
            Lang::Ru
        }
    }
}
