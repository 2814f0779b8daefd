//! The interface language: one type for every crate that says something to a person.

/// Russian (the default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    /// Every language, in the order they are offered.
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    /// The language's code, as in `<html lang>`, the saved preference and `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language of a code (`"ru"`, `"en"`); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The other language: the one a language switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }

    /// The one of a pair that is in this language: `lang.t("Сохранено", "Saved")`.
    pub fn t<T>(self, ru: T, en: T) -> T {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    /// Whether the language writes a decimal comma (`12,5`) rather than a point (`12.5`).
    pub fn decimal_comma(self) -> bool {
        match self {
            Lang::Ru => true,
            Lang::En => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn codes_round_trip_the_other_is_the_other_and_nothing_else_is_a_language() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_ne!(lang.other(), lang);
            assert_eq!(lang.other().other(), lang);
        }
        for other in ["", "RU", "En", "de", "ru-RU"] {
            assert_eq!(Lang::from_code(other), None, "{other}");
        }
    }
}
