//! To whom a decision goes, read from its «Кому адресовано» as protocols write it: to every
//! school («Общеобразовательным организациям», «Руководителям ОО»), to schools it names
//! («МБОУ «СОШ № 1», МАОУ «Гимназия № 2»»), or to another body («Органам местного
//! самоуправления…», «ГАУ ДПО СОИРО», «Отделу образования»), which a decisions file for schools
//! leaves out.

/// Who a decision's addressee is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every school of the municipality.
    AllSchools,
    /// The schools named, as written (each trimmed).
    Schools(Vec<String>),
    /// A body that is not a school.
    Other,
}

/// Words that name schools as a whole, lowercased.
const ALL_SCHOOLS: [&str; 7] = [
    "общеобразовательн",
    "образовательным организациям",
    "образовательных организаций",
    "образовательные организации",
    "руководителям оо",
    "руководители оо",
    "всем оо",
];

/// Words that begin or make the name of one school, lowercased.
const SCHOOL_NAMES: [&str; 11] = [
    "мбоу",
    "маоу",
    "мкоу",
    "гбоу",
    "моу",
    "сош",
    "оош",
    "гимназ",
    "лице",
    "школ",
    "нош",
];

/// Reads an addressee. A name of a school is one of the parts split at «,», «;» and « и »
/// that contains a school's word; «оо» counts only as a word of its own.
pub fn audience(addressee: &str) -> Audience {
    let low = addressee.to_lowercase();
    let words: Vec<&str> = low
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if ALL_SCHOOLS.iter().any(|w| low.contains(w))
        || words.contains(&"оо")
            && !words
                .iter()
                .any(|w| SCHOOL_NAMES.iter().any(|s| w.starts_with(s)))
    {
        return Audience::AllSchools;
    }
    let mut schools = Vec::new();
    for part in addressee
        .split([',', ';'])
        .flat_map(|p| p.split(" и "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let p = part.to_lowercase();
        let named = p
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| SCHOOL_NAMES.iter().any(|s| w.starts_with(s)));
        if named {
            schools.push(part.trim_end_matches(':').trim().to_owned());
        }
    }
    if schools.is_empty() {
        Audience::Other
    } else {
        Audience::Schools(schools)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Addressees as the seeds' protocols write them.
    #[test]
    fn addressees_from_real_protocols() {
        for all in [
            "Общеобразовательным организациям",
            "Общеобразовательным организациям:",
            "Образовательным организациям",
            "Руководителям ОО",
            "руководители ОО",
            "Для руководителей образовательных организаций «группы риска»",
        ] {
            assert_eq!(audience(all), Audience::AllSchools, "{all}");
        }
        for other in [
            "Органам местного самоуправления, осуществляющим управление в сфере образования",
            "ГАУ ДПО СОИРО",
            "Отделу образования",
            "МБУ МИМЦ",
            "Управлению образования",
            "",
        ] {
            assert_eq!(audience(other), Audience::Other, "{other}");
        }
        assert_eq!(
            audience("МБОУ «СОШ № 1», МАОУ «Гимназия № 2» и МКОУ «ООШ № 7»"),
            Audience::Schools(vec![
                "МБОУ «СОШ № 1»".into(),
                "МАОУ «Гимназия № 2»".into(),
                "МКОУ «ООШ № 7»".into()
            ])
        );
        assert_eq!(
            audience("Лицей № 3"),
            Audience::Schools(vec!["Лицей № 3".into()])
        );
    }
}
