//! Who a school is: the one rule for every place that asks whether two assessments are of the
//! same school — the municipality's table (one row per school, its copies side by side) and the
//! report's change since the school's last assessment.
//!
//! A school is known by a code: its ИНН, else its ФИС ОКО login (each names one organisation;
//! spaces around or inside a code and the case of a login do not count). Without either it is
//! known by its municipality and its name together — two «СОШ № 1» of two municipalities are two
//! schools — compared as people write them: case, runs of spaces, quotes («», "", „“, '…'),
//! «ё» for «е» and «№1» for «№ 1» make no difference.
//!
//! Within a set of assessments (the files a municipality imports, the records on one device) an
//! assessment may borrow a code from the others, so that a school that typed its ИНН in one
//! file and left it out of the next is still one school:
//! - one with a login and no ИНН takes the ИНН that the others give beside that login;
//! - one with no code at all takes the code that the others give under the same municipality
//!   and name;
//!
//! and only when the others give exactly one: two schools that disagree lend nothing. An
//! assessment that gives neither a code nor a name is no one's: it matches nothing.

use crate::assessment::Assessment;
use crate::vecmap::VecMap;

/// The respondent fields a school is known by, as the built-in templates name them.
pub const SCHOOL_FIELDS: [&str; 4] = ["inn", "fis_oko_login", "municipality", "school_name"];

/// What an assessment says about who its school is, ready to compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolId {
    /// The ИНН without spaces; empty when not given.
    inn: String,
    /// The login without spaces, in lower case; empty when not given.
    login: String,
    /// The municipality and the name as compared; the name is empty when not given.
    municipality: String,
    name: String,
}

impl SchoolId {
    pub fn new(inn: &str, login: &str, municipality: &str, name: &str) -> SchoolId {
        let code = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        SchoolId {
            inn: code(inn),
            login: code(login).to_lowercase(),
            municipality: comparable(municipality),
            name: comparable(name),
        }
    }

    /// The school an assessment names in its respondent block.
    pub fn of(assessment: &Assessment) -> SchoolId {
        let [inn, login, municipality, name] =
            SCHOOL_FIELDS.map(|f| assessment.respondent_value(f));
        SchoolId::new(inn, login, municipality, name)
    }

    /// The code shown beside a school's name: its ИНН, else its login, else its name as
    /// compared; empty when nothing names the school.
    pub fn code(&self) -> &str {
        [&self.inn, &self.login, &self.name]
            .into_iter()
            .find(|v| !v.is_empty())
            .map_or("", String::as_str)
    }

    /// The key of the name, when there is one: the municipality and the name.
    fn name_key(&self) -> Option<String> {
        (!self.name.is_empty()).then(|| format!("name:{}\u{1f}{}", self.municipality, self.name))
    }
}

/// A name or a municipality as compared: lower case, «ё» as «е», quotes as spaces, «№» apart
/// from the number, runs of spaces as one.
fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ё' => out.push('е'),
            '«' | '»' | '"' | '„' | '“' | '”' | '\'' | '‘' | '’' | '‚' | '‹' | '›' | '`' => {
                out.push(' ')
            }
            '№' => out.push_str(" № "),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the others give under one key: nothing yet, exactly one value, or several.
#[derive(Clone, Debug, Default, PartialEq)]
enum Lent {
    #[default]
    None,
    One(String),
    Several,
}

impl Lent {
    fn add(&mut self, value: &str) {
        *self = match std::mem::take(self) {
            Lent::None => Lent::One(value.to_owned()),
            Lent::One(v) if v == value => Lent::One(v),
            _ => Lent::Several,
        };
    }

    fn one(&self) -> Option<&str> {
        match self {
            Lent::One(v) => Some(v),
            _ => None,
        }
    }
}

/// The school of each of `ids`, as a key: equal keys are the same school (see the module's
/// rule, codes lent within `ids`); `None` for one that names no school, which matches nothing.
pub fn school_keys(ids: &[SchoolId]) -> Vec<Option<String>> {
    let mut inn_of_login: VecMap<Lent> = VecMap::new();
    for id in ids
        .iter()
        .filter(|i| !i.inn.is_empty() && !i.login.is_empty())
    {
        inn_of_login.get_or_default(&id.login).add(&id.inn);
    }
    let codes: Vec<Option<String>> = ids
        .iter()
        .map(|id| {
            if !id.inn.is_empty() {
                return Some(format!("inn:{}", id.inn));
            }
            if id.login.is_empty() {
                return None;
            }
            Some(match inn_of_login.get(&id.login).and_then(Lent::one) {
                Some(inn) => format!("inn:{inn}"),
                None => format!("login:{}", id.login),
            })
        })
        .collect();
    let mut code_of_name: VecMap<Lent> = VecMap::new();
    for (id, code) in ids.iter().zip(&codes) {
        if let (Some(name), Some(code)) = (id.name_key(), code) {
            code_of_name.get_or_default(&name).add(code);
        }
    }
    ids.iter()
        .zip(codes)
        .map(|(id, code)| {
            code.or_else(|| {
                let name = id.name_key()?;
                Some(match code_of_name.get(&name).and_then(Lent::one) {
                    Some(code) => code.to_owned(),
                    None => name,
                })
            })
        })
        .collect()
}

/// Whether two assessments' schools are the same, each lending its codes to the other.
pub fn same_school(a: &SchoolId, b: &SchoolId) -> bool {
    match school_keys(&[a.clone(), b.clone()]).as_slice() {
        [Some(x), Some(y)] => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(inn: &str, login: &str, municipality: &str, name: &str) -> SchoolId {
        SchoolId::new(inn, login, municipality, name)
    }

    #[test]
    fn names_are_compared_as_people_write_them() {
        let same = [
            ("МБОУ «СОШ № 1»", "мбоу \"сош №1\""),
            ("МБОУ  «СОШ №1» ", "МБОУ “СОШ № 1”"),
            (
                "Гимназия им. Ф.М. Достоевского",
                "гимназия  им.  ф.м. достоевского",
            ),
            ("Лицей «Ёлочка»", "лицей 'елочка'"),
            ("МБОУ«СОШ № 1»", "МБОУ СОШ №1"),
        ];
        for (a, b) in same {
            assert_eq!(comparable(a), comparable(b), "{a} / {b}");
            assert!(same_school(&id("", "", "Энск", a), &id("", "", "энск ", b)));
        }
        let different = [
            ("СОШ № 1", "СОШ № 11"),
            ("СОШ № 1", "СОШ № 1 с. Ивановка"),
            ("Гимназия № 2", "Лицей № 2"),
        ];
        for (a, b) in different {
            assert!(
                !same_school(&id("", "", "Энск", a), &id("", "", "Энск", b)),
                "{a} / {b}"
            );
        }
    }

    #[test]
    fn codes_come_first_and_ignore_spaces_and_the_case_of_a_login() {
        // Same ИНН, names written differently: one school.
        assert!(same_school(
            &id("7707083893", "", "Энск", "СОШ № 1"),
            &id(" 7707083893 ", "", "Энский район", "Средняя школа № 1")
        ));
        // Different ИНН, same name: two schools, however alike they are named.
        assert!(!same_school(
            &id("7707083893", "", "Энск", "СОШ № 1"),
            &id("7736050003", "", "Энск", "СОШ № 1")
        ));
        assert!(same_school(
            &id("", "sch77171506", "", "СОШ № 1"),
            &id("", "SCH77171506 ", "", "Школа № 1")
        ));
        assert!(!same_school(
            &id("", "sch77171506", "Энск", "СОШ № 1"),
            &id("", "sch77171507", "Энск", "СОШ № 1")
        ));
        assert_eq!(id("", " SCH771 ", "", "Школа").code(), "sch771");
        assert_eq!(id("", "", "", "МБОУ «СОШ №1»").code(), "мбоу сош № 1");
    }

    #[test]
    fn a_name_is_one_school_only_within_its_municipality() {
        assert!(!same_school(
            &id("", "", "Энский район", "МБОУ «СОШ № 1»"),
            &id("", "", "Иксский район", "МБОУ «СОШ № 1»")
        ));
    }

    #[test]
    fn the_same_school_with_and_without_its_code_is_one_school() {
        // The cases where the municipality's table (ИНН, else login, else name) and the report
        // (ИНН, else name) disagreed, and the file that left its code out: one rule now.
        let with_inn = id("7707083893", "sch77171506", "Энск", "МБОУ «СОШ № 1»");
        let with_login = id("", "sch77171506", "Энск", "МБОУ СОШ №1");
        let bare = id("", "", "энск", "мбоу  сош № 1");
        assert!(same_school(&with_inn, &with_login));
        assert!(same_school(&with_inn, &bare));
        assert!(same_school(&with_login, &bare));
        let keys = school_keys(&[with_inn.clone(), with_login.clone(), bare.clone()]);
        assert_eq!(keys, vec![Some("inn:7707083893".to_owned()); 3]);
        // A login alone, with no other assessment to say its ИНН: known by the login.
        assert_eq!(
            school_keys(std::slice::from_ref(&with_login)),
            [Some("login:sch77171506".to_owned())]
        );
    }

    #[test]
    fn schools_that_disagree_lend_nothing() {
        // Two schools of one name with two ИНН: the file with neither code stays apart.
        let a = id("7707083893", "", "Энск", "СОШ № 1");
        let b = id("7736050003", "", "Энск", "СОШ № 1");
        let bare = id("", "", "Энск", "СОШ № 1");
        let keys = school_keys(&[a, b, bare]);
        assert_eq!(keys[2].as_deref(), Some("name:энск\u{1f}сош № 1"));
        assert_ne!(keys[0], keys[1]);
        // One login given beside two ИНН: it lends neither.
        let keys = school_keys(&[
            id("7707083893", "sch1", "", "А"),
            id("7736050003", "sch1", "", "Б"),
            id("", "sch1", "", "В"),
        ]);
        assert_eq!(keys[2].as_deref(), Some("login:sch1"));
    }

    #[test]
    fn an_assessment_that_names_no_school_matches_nothing() {
        let nobody = id(" ", "", "Энск", "  ");
        assert_eq!(school_keys(&[nobody.clone(), nobody.clone()]), [None, None]);
        assert!(!same_school(&nobody, &nobody));
        assert_eq!(nobody.code(), "");
    }
}
