//! The parts of a template as the app uses them: texts, respondent fields, items and their
//! options, bands and columns, sections, groups and levels, and the words a file uses for each
//! kind. Built by [`crate::Template::from_json`]; nothing here reads a file.

use crate::expr::Expr;
use crate::json::Json;
use crate::lang::Lang;
use crate::pattern::Pattern;

/// A text in Russian, optionally with an English version. In a file it is either a plain
/// string (Russian) or `{"ru": "…", "en": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub ru: String,
    pub en: Option<String>,
}

impl Text {
    pub fn to_json(&self) -> Json {
        match &self.en {
            Some(en) => Json::Obj(vec![
                ("ru".into(), Json::Str(self.ru.clone())),
                ("en".into(), Json::Str(en.clone())),
            ]),
            None => Json::Str(self.ru.clone()),
        }
    }

    /// The text in `lang`: the English one when asked for and present, else the Russian one.
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => &self.ru,
        }
    }
}

/// What kind of value a respondent field holds; decides its input and its check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// ИНН of an organisation: 10 digits with a check digit.
    Inn,
    /// ФИС ОКО login: `sch` + region code + digits, e.g. `sch77171506`.
    FisOkoLogin,
    /// Academic year written `2025/2026`.
    AcademicYear,
    /// ОГРН of an organisation: 13 digits, the last a check digit.
    Ogrn,
}

/// What is wrong with a respondent field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    InnFormat,
    InnCheckDigit,
    FisOkoLogin,
    AcademicYear,
    OgrnFormat,
    OgrnCheckDigit,
}

/// A field of the respondent block (school, municipality, who filled it in, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub id: String,
    pub label: Text,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<Text>,
}

/// One answer option of a choice item and the points it earns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    pub points: u32,
    /// «не применимо»: the item is answered but leaves the section's maximum.
    pub not_applicable: bool,
}

/// What an item asks for; decides its input, its value and how it scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// One option with points (да / частично / нет is one preset scale).
    Choice,
    /// A fact answered да / нет; the good answer earns 1 point.
    YesNo,
    /// A scale of n points, 1…n, scoring 0…n−1 (or reversed).
    Likert,
    /// Several options; their points add up.
    Multi,
    /// A number, whole or decimal, with optional bounds and unit; scored by bands.
    Number,
    /// A share from 0 to 100 %; scored by bands.
    Percentage,
    /// A whole number from 0; scored by bands.
    Count,
    Text,
    LongText,
    /// A calendar date (stored as `YYYY-MM-DD`).
    Date,
    /// A supporting document: name, number, date, link.
    Evidence,
    /// Rows of typed columns, e.g. an action plan.
    Table,
}

impl ItemKind {
    pub fn has_choices(self) -> bool {
        matches!(
            self,
            ItemKind::Choice | ItemKind::YesNo | ItemKind::Likert | ItemKind::Multi
        )
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ItemKind::Number | ItemKind::Percentage | ItemKind::Count
        )
    }
}

/// A numeric answer's points: it earns `points` when `min <= value < max` (either bound may be
/// absent). The first matching band counts; a value in no band earns nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub points: u32,
}

impl Band {
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value < m)
    }
}

/// The type of a table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    LongText,
    Number,
    Date,
    /// A date, or «постоянно» (stored as `permanent`), as decisions are dated in protocols.
    Deadline,
    Choice,
}

/// A column of a table item.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub id: String,
    pub label: Text,
    pub kind: ColumnKind,
    pub choices: Vec<Choice>,
    pub required: bool,
}

impl Column {
    /// A stored cell as people read it: a choice by its label, a date as `31.03.2026`,
    /// «постоянно» as `permanent` (the interface's word), anything else as typed.
    pub fn shown(&self, value: &str, lang: Lang, permanent: &str) -> String {
        match self.kind {
            ColumnKind::Choice => self
                .choices
                .iter()
                .find(|x| x.value == value)
                .map_or(value.to_owned(), |x| x.label.get(lang).to_owned()),
            _ if value == PERMANENT => permanent.to_owned(),
            _ if crate::scoring::is_date(value) => {
                value.split('-').rev().collect::<Vec<_>>().join(".")
            }
            _ => value.to_owned(),
        }
    }
}

/// The value stored for «постоянно» in a deadline column.
pub const PERMANENT: &str = "permanent";

/// A visibility condition as written, and parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub source: String,
    pub expr: Expr,
}

/// A question of a checklist, of any [`ItemKind`].
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub label: Text,
    pub kind: ItemKind,
    /// The options of choice, yes/no, Likert and multiple-choice items.
    pub choices: Vec<Choice>,
    /// Bounds of numeric items (a percentage is 0–100, a count from 0).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Whether a number must be whole (always for counts).
    pub integer: bool,
    pub unit: Option<Text>,
    pub bands: Vec<Band>,
    pub columns: Vec<Column>,
    /// The most options a multiple choice may have ticked.
    pub max_choices: Option<usize>,
    pub required: bool,
    /// Points and maximum are multiplied by this.
    pub weight: u32,
    pub pattern: Option<Pattern>,
    /// Said when the value is out of range or does not match the pattern.
    pub message: Option<Text>,
    pub visible_if: Option<Condition>,
    pub evidence: bool,
    pub comment: bool,
    pub help: Option<Text>,
    pub recommendation: Option<Text>,
}

impl Item {
    pub fn choice(&self, value: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.value == value)
    }

    /// The most this item can earn, weight included; 0 for items that are not scored.
    pub fn max_points(&self) -> u32 {
        // «Не применимо» takes an item out of the maximum, so its points never count.
        let applicable = self.choices.iter().filter(|c| !c.not_applicable);
        let raw = match self.kind {
            ItemKind::Multi => applicable.fold(0u32, |sum, c| sum.saturating_add(c.points)),
            k if k.has_choices() => applicable.map(|c| c.points).max().unwrap_or(0),
            k if k.is_numeric() => self.bands.iter().map(|b| b.points).max().unwrap_or(0),
            _ => 0,
        };
        raw.saturating_mul(self.weight)
    }

    pub fn is_scored(&self) -> bool {
        self.max_points() > 0
    }
}

/// Which way a level reads, so the app can colour it; the text is always shown too. Whether a
/// high percentage is good (МСОКО) or a low one is (a risk scale) is the template's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Medium,
    Bad,
}

/// A named band of percentages: a score is at this level when it is at least `min`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// Lower bound in tenths of a percent (`700` is 70 %).
    pub min_tenths: u32,
    pub label: Text,
    pub tone: Tone,
}

/// A group of items scored together (an МСОКО direction, a ШНОР risk factor).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: Text,
    /// The index in [`Template::groups`](crate::Template::groups) of the group this section is
    /// nested in.
    pub group: Option<usize>,
    pub items: Vec<Item>,
    /// This section's own levels; empty means the template's.
    pub levels: Vec<Level>,
    pub visible_if: Option<Condition>,
}

/// A heading over several sections (an МСОКО block); sections nest one level deep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub title: Text,
}

/// The file's words for each kind, in the order of the enum's variants.
pub const FIELD_KINDS: &[&str] = &["text", "inn", "fis_oko_login", "academic_year", "ogrn"];
pub const ITEM_KINDS: &[&str] = &[
    "choice",
    "yes_no",
    "likert",
    "multi",
    "number",
    "percentage",
    "count",
    "text",
    "long_text",
    "date",
    "evidence",
    "table",
];
pub const COLUMN_KINDS: &[&str] = &["text", "long_text", "number", "date", "deadline", "choice"];
pub const TONES: &[&str] = &["good", "medium", "bad"];

impl ItemKind {
    /// Every kind, in the order of [`ITEM_KINDS`].
    pub const ALL: [ItemKind; 12] = [
        ItemKind::Choice,
        ItemKind::YesNo,
        ItemKind::Likert,
        ItemKind::Multi,
        ItemKind::Number,
        ItemKind::Percentage,
        ItemKind::Count,
        ItemKind::Text,
        ItemKind::LongText,
        ItemKind::Date,
        ItemKind::Evidence,
        ItemKind::Table,
    ];

    /// The word a template file uses for this kind.
    pub fn name(self) -> &'static str {
        ITEM_KINDS[self as usize]
    }
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Text,
        FieldKind::Inn,
        FieldKind::FisOkoLogin,
        FieldKind::AcademicYear,
        FieldKind::Ogrn,
    ];

    pub fn name(self) -> &'static str {
        FIELD_KINDS[self as usize]
    }
}

impl ColumnKind {
    pub const ALL: [ColumnKind; 6] = [
        ColumnKind::Text,
        ColumnKind::LongText,
        ColumnKind::Number,
        ColumnKind::Date,
        ColumnKind::Deadline,
        ColumnKind::Choice,
    ];

    pub fn name(self) -> &'static str {
        COLUMN_KINDS[self as usize]
    }
}

impl Tone {
    pub const ALL: [Tone; 3] = [Tone::Good, Tone::Medium, Tone::Bad];

    pub fn name(self) -> &'static str {
        TONES[self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_people_read_them() {
        let column = |kind| Column {
            id: "c".into(),
            label: Text {
                ru: "К".into(),
                en: None,
            },
            kind,
            choices: vec![Choice {
                value: "done".into(),
                label: Text {
                    ru: "исполнено".into(),
                    en: Some("done".into()),
                },
                points: 0,
                not_applicable: false,
            }],
            required: false,
        };
        let status = column(ColumnKind::Choice);
        assert_eq!(status.shown("done", Lang::Ru, "постоянно"), "исполнено");
        assert_eq!(status.shown("done", Lang::En, "permanent"), "done");
        assert_eq!(status.shown("other", Lang::Ru, "постоянно"), "other");
        let deadline = column(ColumnKind::Deadline);
        assert_eq!(
            deadline.shown(PERMANENT, Lang::Ru, "постоянно"),
            "постоянно"
        );
        assert_eq!(
            deadline.shown("2026-03-31", Lang::Ru, "постоянно"),
            "31.03.2026"
        );
        assert_eq!(deadline.shown("к маю", Lang::Ru, "постоянно"), "к маю");
    }
}
