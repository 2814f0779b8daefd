//! Checklist templates: parsed from a versioned JSON file and checked before anyone answers them.

use std::collections::HashSet;

use serde::Deserialize;

use crate::hash::content_hash;
use crate::vecmap::VecMap;

/// The template file format this build reads.
pub const TEMPLATE_FORMAT: u32 = 1;

/// Template files larger than this are refused before parsing: a real checklist is a few
/// hundred kilobytes, and a huge file would only freeze a school's one shared PC.
pub const MAX_TEMPLATE_BYTES: usize = 4 * 1024 * 1024;

/// A text in Russian, optionally with an English version. In a file it is either a plain
/// string (Russian) or `{"ru": "…", "en": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub ru: String,
    pub en: Option<String>,
}

// Hand-written rather than `#[serde(untagged)]`: untagged enums buffer the input through
// serde's generic `Content` machinery, which costs several kilobytes of wasm.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, or an object {\"ru\": …, \"en\": …}")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text {
                    ru: v.to_owned(),
                    en: None,
                })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let (mut ru, mut en) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "ru" => ru = Some(map.next_value::<String>()?),
                        "en" => en = map.next_value::<Option<String>>()?,
                        other => return Err(serde::de::Error::unknown_field(other, &["ru", "en"])),
                    }
                }
                let ru = ru.ok_or_else(|| serde::de::Error::missing_field("ru"))?;
                Ok(Text { ru, en })
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl Text {
    /// The English text when asked for and present, else the Russian one.
    pub fn get(&self, english: bool) -> &str {
        match (&self.en, english) {
            (Some(en), true) if !en.is_empty() => en,
            _ => &self.ru,
        }
    }
}

/// What kind of value a respondent field holds; decides its input and its check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// ИНН of an organisation: 10 digits with a check digit.
    Inn,
    /// ФИС ОКО login: `sch` + region code + digits, e.g. `sch77171506`.
    FisOkoLogin,
    /// Academic year written `2025/2026`.
    AcademicYear,
}

/// What is wrong with a respondent field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    InnFormat,
    InnCheckDigit,
    FisOkoLogin,
    AcademicYear,
}

impl FieldKind {
    /// Checks a non-empty value; an empty one is only a problem when the field is required.
    pub fn check(self, value: &str) -> Result<(), FieldProblem> {
        let value = value.trim();
        match self {
            FieldKind::Text => Ok(()),
            FieldKind::Inn => check_inn(value),
            FieldKind::FisOkoLogin => {
                let digits = value.strip_prefix("sch").unwrap_or("");
                if digits.len() >= 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(())
                } else {
                    Err(FieldProblem::FisOkoLogin)
                }
            }
            FieldKind::AcademicYear => {
                let years = value.split_once('/').and_then(|(a, b)| {
                    let four = |s: &str| s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit());
                    (four(a) && four(b)).then(|| (a.parse::<u32>().ok(), b.parse::<u32>().ok()))
                });
                match years {
                    Some((Some(a), Some(b))) if b == a + 1 => Ok(()),
                    _ => Err(FieldProblem::AcademicYear),
                }
            }
        }
    }
}

fn check_inn(value: &str) -> Result<(), FieldProblem> {
    let digits: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || value.chars().count() != 10 {
        return Err(FieldProblem::InnFormat);
    }
    const WEIGHTS: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let sum: u32 = WEIGHTS.iter().zip(&digits).map(|(w, d)| w * d).sum();
    if sum % 11 % 10 == digits[9] {
        Ok(())
    } else {
        Err(FieldProblem::InnCheckDigit)
    }
}

/// A field of the respondent block (school, municipality, who filled it in, …).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub label: Text,
    #[serde(default = "text_kind")]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    pub help: Option<Text>,
}

fn text_kind() -> FieldKind {
    FieldKind::Text
}

impl Field {
    pub fn check(&self, value: &str) -> Result<(), FieldProblem> {
        if value.trim().is_empty() {
            return if self.required {
                Err(FieldProblem::Required)
            } else {
                Ok(())
            };
        }
        self.kind.check(value)
    }
}

/// One answer option of a choice item and the points it earns.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    pub points: u32,
}

/// A criterion: a question answered by one choice, with optional evidence and comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub label: Text,
    pub choices: Vec<Choice>,
    pub evidence: bool,
    pub comment: bool,
    pub help: Option<Text>,
    pub recommendation: Option<Text>,
}

impl Item {
    pub fn choice(&self, value: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.value == value)
    }

    pub fn max_points(&self) -> u32 {
        self.choices.iter().map(|c| c.points).max().unwrap_or(0)
    }
}

/// Which way a level reads, so the app can colour it; the text is always shown too. Whether a
/// high percentage is good (МСОКО) or a low one is (a risk scale) is the template's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    min: f64,
    label: Text,
    tone: Tone,
}

/// A group of items scored together (an МСОКО direction, a ШНОР risk factor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: Text,
    pub items: Vec<Item>,
    /// This section's own levels; empty means the template's.
    pub levels: Vec<Level>,
}

/// A validated checklist template. Built only by [`Template::from_json`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: String,
    pub version: String,
    /// Fingerprint of the exact file text, carried by every assessment and export.
    pub hash: String,
    pub title: Text,
    pub description: Option<Text>,
    pub source: Option<Text>,
    pub respondent: Vec<Field>,
    pub sections: Vec<Section>,
    /// Levels for every section without its own, and for the total; may be empty.
    pub levels: Vec<Level>,
}

/// What is wrong at a place in a template file. `Display` gives the English sentence; the app
/// words each one in the interface language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    UnsupportedFormat { found: u32 },
    Empty,
    DuplicateId { id: String },
    NoSections,
    NoItems,
    ScaleAndChoices,
    NoChoices,
    UnknownScale { scale: String },
    TooFewChoices,
    DuplicateChoice { value: String },
    ThresholdRange,
    ThresholdsOrder,
    LastLevelNotZero,
    UnnamedLevel,
    PresetOptions,
    GoodOnlyForYesNo,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::UnsupportedFormat { found } => write!(
                f,
                "format {found} is not supported; this version of Otsenka reads format {TEMPLATE_FORMAT}"
            ),
            Problem::Empty => f.write_str("must not be empty"),
            Problem::DuplicateId { id } => {
                write!(f, "«{id}» is empty or used twice; give each its own id")
            }
            Problem::NoSections => f.write_str("a template needs at least one section"),
            Problem::NoItems => f.write_str("a section needs at least one item"),
            Problem::ScaleAndChoices => {
                f.write_str("has both «scale» and «choices»; keep one of them")
            }
            Problem::NoChoices => f.write_str("a choice item needs «scale» or «choices»"),
            Problem::UnknownScale { scale } => {
                write!(f, "no scale «{scale}» is defined in «scales»")
            }
            Problem::TooFewChoices => f.write_str("a choice needs at least two options"),
            Problem::DuplicateChoice { value } => {
                write!(f, "«{value}» is empty or used twice in this list")
            }
            Problem::ThresholdRange => f.write_str("a threshold is a percentage from 0 to 100"),
            Problem::ThresholdsOrder => f.write_str(
                "list levels from the highest threshold to the lowest, each lower than the one before",
            ),
            Problem::LastLevelNotZero => {
                f.write_str("the last level must start at 0 so that every score has a level")
            }
            Problem::UnnamedLevel => f.write_str("a level needs a name"),
            Problem::PresetOptions => f.write_str(
                "a yes_no item has its own options (да / нет); remove «scale» and «choices»",
            ),
            Problem::GoodOnlyForYesNo => {
                f.write_str("«good» applies to yes_no items only; give a choice item points instead")
            }
        }
    }
}

/// Why a template file was refused, with where in the file and what to do.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TemplateError {
    #[error("the file is {size} bytes; a template may be at most {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {problem}")]
    Invalid { path: String, problem: Problem },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    format: u32,
    id: String,
    version: String,
    title: Text,
    description: Option<Text>,
    source: Option<Text>,
    #[serde(default)]
    respondent: Vec<Field>,
    #[serde(default)]
    scales: VecMap<Vec<Choice>>,
    #[serde(default)]
    levels: Vec<RawLevel>,
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: Text,
    #[serde(default)]
    levels: Vec<RawLevel>,
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    label: Text,
    kind: RawKind,
    scale: Option<String>,
    choices: Option<Vec<Choice>>,
    /// For `yes_no` items: which answer is the good one (scores 1); default `yes`.
    good: Option<YesNo>,
    #[serde(default)]
    evidence: bool,
    #[serde(default)]
    comment: bool,
    help: Option<Text>,
    recommendation: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawKind {
    Choice,
    /// A fact answered да / нет: a preset two-option choice, 1 point for the good answer.
    YesNo,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum YesNo {
    Yes,
    No,
}

/// The options of a `yes_no` item; `good` earns the point.
fn yes_no_choices(good: YesNo) -> Vec<Choice> {
    let option = |value: &str, ru: &str, en: &str, is_good: bool| Choice {
        value: value.to_owned(),
        label: Text {
            ru: ru.to_owned(),
            en: Some(en.to_owned()),
        },
        points: u32::from(is_good),
    };
    vec![
        option("yes", "да", "yes", good == YesNo::Yes),
        option("no", "нет", "no", good == YesNo::No),
    ]
}

fn invalid(path: impl Into<String>, problem: Problem) -> TemplateError {
    TemplateError::Invalid {
        path: path.into(),
        problem,
    }
}

impl Template {
    /// Parses and validates a template file; every refusal names the place and the fix.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        if text.len() > MAX_TEMPLATE_BYTES {
            return Err(TemplateError::TooLarge {
                size: text.len(),
                max: MAX_TEMPLATE_BYTES,
            });
        }
        let raw: RawTemplate = serde_json::from_str(text).map_err(|e| TemplateError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if raw.format != TEMPLATE_FORMAT {
            return Err(invalid(
                "format",
                Problem::UnsupportedFormat { found: raw.format },
            ));
        }
        for (key, value) in [("id", &raw.id), ("version", &raw.version)] {
            if value.trim().is_empty() {
                return Err(invalid(key, Problem::Empty));
            }
        }
        let mut field_ids = HashSet::new();
        for (i, field) in raw.respondent.iter().enumerate() {
            if !field_ids.insert(field.id.as_str()) {
                return Err(invalid(
                    format!("respondent[{i}].id"),
                    Problem::DuplicateId {
                        id: field.id.clone(),
                    },
                ));
            }
        }
        for (name, choices) in raw.scales.iter() {
            check_choices(&format!("scales.{name}"), choices)?;
        }
        if raw.sections.is_empty() {
            return Err(invalid("sections", Problem::NoSections));
        }
        let levels = check_levels("levels", raw.levels)?;
        let mut section_ids = HashSet::new();
        let mut item_ids = HashSet::new();
        let mut sections = Vec::with_capacity(raw.sections.len());
        for (s, raw_section) in raw.sections.into_iter().enumerate() {
            let at = format!("sections[{s}]");
            if raw_section.id.trim().is_empty() || !section_ids.insert(raw_section.id.clone()) {
                return Err(invalid(
                    format!("{at}.id"),
                    Problem::DuplicateId { id: raw_section.id },
                ));
            }
            if raw_section.items.is_empty() {
                return Err(invalid(format!("{at}.items"), Problem::NoItems));
            }
            let mut items = Vec::with_capacity(raw_section.items.len());
            for (i, raw_item) in raw_section.items.into_iter().enumerate() {
                let at = format!("{at}.items[{i}]");
                if raw_item.id.trim().is_empty() || !item_ids.insert(raw_item.id.clone()) {
                    return Err(invalid(
                        format!("{at}.id"),
                        Problem::DuplicateId { id: raw_item.id },
                    ));
                }
                let choices = match (raw_item.kind, raw_item.scale, raw_item.choices) {
                    (RawKind::YesNo, None, None) => {
                        yes_no_choices(raw_item.good.unwrap_or(YesNo::Yes))
                    }
                    (RawKind::YesNo, _, _) => return Err(invalid(at, Problem::PresetOptions)),
                    (RawKind::Choice, _, _) if raw_item.good.is_some() => {
                        return Err(invalid(format!("{at}.good"), Problem::GoodOnlyForYesNo))
                    }
                    (RawKind::Choice, Some(_), Some(_)) => {
                        return Err(invalid(at, Problem::ScaleAndChoices))
                    }
                    (RawKind::Choice, Some(scale), None) => {
                        raw.scales.get(&scale).cloned().ok_or_else(|| {
                            invalid(
                                format!("{at}.scale"),
                                Problem::UnknownScale {
                                    scale: scale.clone(),
                                },
                            )
                        })?
                    }
                    (RawKind::Choice, None, Some(choices)) => {
                        check_choices(&format!("{at}.choices"), &choices)?;
                        choices
                    }
                    (RawKind::Choice, None, None) => return Err(invalid(at, Problem::NoChoices)),
                };
                items.push(Item {
                    id: raw_item.id,
                    label: raw_item.label,
                    choices,
                    evidence: raw_item.evidence,
                    comment: raw_item.comment,
                    help: raw_item.help,
                    recommendation: raw_item.recommendation,
                });
            }
            sections.push(Section {
                id: raw_section.id,
                title: raw_section.title,
                items,
                levels: check_levels(&format!("sections[{s}].levels"), raw_section.levels)?,
            });
        }
        Ok(Template {
            id: raw.id,
            version: raw.version,
            hash: content_hash(text.as_bytes()),
            title: raw.title,
            description: raw.description,
            source: raw.source,
            respondent: raw.respondent,
            sections,
            levels,
        })
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }

    /// The level a section's (or, with `None`, the total's) percentage falls in.
    pub fn level<'a>(&'a self, section: Option<&'a Section>, tenths: u32) -> Option<&'a Level> {
        let levels = match section {
            Some(s) if !s.levels.is_empty() => &s.levels,
            _ => &self.levels,
        };
        levels.iter().find(|l| tenths >= l.min_tenths)
    }

    /// Whether any level is defined, i.e. whether results and exports have a level column.
    pub fn has_levels(&self) -> bool {
        !self.levels.is_empty() || self.sections.iter().any(|s| !s.levels.is_empty())
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

/// Levels run from the highest threshold down to one at 0 %, so every score has a level.
fn check_levels(at: &str, raw: Vec<RawLevel>) -> Result<Vec<Level>, TemplateError> {
    let mut levels: Vec<Level> = Vec::with_capacity(raw.len());
    for (i, level) in raw.into_iter().enumerate() {
        if !(0.0..=100.0).contains(&level.min) {
            return Err(invalid(format!("{at}[{i}].min"), Problem::ThresholdRange));
        }
        let min_tenths = (level.min * 10.0).round() as u32;
        if levels
            .last()
            .is_some_and(|prev| prev.min_tenths <= min_tenths)
        {
            return Err(invalid(format!("{at}[{i}].min"), Problem::ThresholdsOrder));
        }
        if level.label.ru.trim().is_empty() {
            return Err(invalid(format!("{at}[{i}].label"), Problem::UnnamedLevel));
        }
        levels.push(Level {
            min_tenths,
            label: level.label,
            tone: level.tone,
        });
    }
    if levels.last().is_some_and(|l| l.min_tenths != 0) {
        return Err(invalid(
            format!("{at}[{}].min", levels.len() - 1),
            Problem::LastLevelNotZero,
        ));
    }
    Ok(levels)
}

fn check_choices(at: &str, choices: &[Choice]) -> Result<(), TemplateError> {
    if choices.len() < 2 {
        return Err(invalid(at, Problem::TooFewChoices));
    }
    let mut values = HashSet::new();
    for (c, choice) in choices.iter().enumerate() {
        if choice.value.trim().is_empty() || !values.insert(choice.value.as_str()) {
            return Err(invalid(
                format!("{at}[{c}].value"),
                Problem::DuplicateChoice {
                    value: choice.value.clone(),
                },
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
      "format": 1, "id": "t", "version": "1", "title": "Проверка",
      "respondent": [{"id": "inn", "label": "ИНН", "kind": "inn", "required": true}],
      "scales": {"ypn": [
        {"value": "yes", "label": {"ru": "да", "en": "yes"}, "points": 2},
        {"value": "partly", "label": "частично", "points": 1},
        {"value": "no", "label": "нет", "points": 0}]},
      "sections": [{"id": "1", "title": "Раздел", "items": [
        {"id": "1.1", "label": "Цели", "kind": "choice", "scale": "ypn", "evidence": true},
        {"id": "1.2", "label": "Показатели", "kind": "choice",
         "choices": [{"value": "a", "label": "А", "points": 3}, {"value": "b", "label": "Б", "points": 0}]}
      ]}]
    }"#;

    fn refused(text: &str) -> TemplateError {
        match Template::from_json(text) {
            Ok(_) => panic!("the template should have been refused"),
            Err(e) => e,
        }
    }

    #[test]
    fn loads_scales_and_inline_choices() -> Result<(), TemplateError> {
        let t = Template::from_json(MINIMAL)?;
        assert_eq!(t.item_count(), 2);
        let first = t
            .item("1.1")
            .map(|i| (i.max_points(), i.choices.len(), i.evidence));
        assert_eq!(first, Some((2, 3, true)));
        assert_eq!(t.item("1.2").map(Item::max_points), Some(3));
        assert_eq!(t.title.get(true), "Проверка");
        assert_eq!(
            t.items().next().map(|i| i.choices[0].label.get(true)),
            Some("yes")
        );
        assert_eq!(t.hash.len(), 16);
        Ok(())
    }

    #[test]
    fn errors_read_as_sentences_with_the_path() {
        let text = MINIMAL.replace("\"id\": \"1.2\"", "\"id\": \"1.1\"");
        assert_eq!(
            refused(&text).to_string(),
            "sections[0].items[1].id: «1.1» is empty or used twice; give each its own id"
        );
    }

    #[test]
    fn yes_no_items_score_the_good_answer() -> Result<(), TemplateError> {
        let text = MINIMAL.replace(
            r#"{"id": "1.2", "label": "Показатели", "kind": "choice","#,
            r#"{"id": "1.3", "label": "Есть вакансии", "kind": "yes_no", "good": "no"},
               {"id": "1.4", "label": "Есть программа", "kind": "yes_no"},
               {"id": "1.2", "label": "Показатели", "kind": "choice","#,
        );
        let t = Template::from_json(&text)?;
        let points = |id: &str| {
            t.item(id).map(|i| {
                i.choices
                    .iter()
                    .map(|c| (c.label.ru.clone(), c.points))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            points("1.3"),
            Some(vec![("да".into(), 0), ("нет".into(), 1)])
        );
        assert_eq!(
            points("1.4"),
            Some(vec![("да".into(), 1), ("нет".into(), 0)])
        );
        Ok(())
    }

    #[test]
    fn yes_no_with_its_own_options_or_good_on_a_choice_is_refused() {
        let preset = MINIMAL.replace(
            r#""kind": "choice", "scale": "ypn""#,
            r#""kind": "yes_no", "scale": "ypn""#,
        );
        assert_eq!(
            refused(&preset),
            invalid("sections[0].items[0]", Problem::PresetOptions)
        );
        let good = MINIMAL.replace(
            r#""kind": "choice", "scale": "ypn""#,
            r#""kind": "choice", "scale": "ypn", "good": "no""#,
        );
        assert_eq!(
            refused(&good),
            invalid("sections[0].items[0].good", Problem::GoodOnlyForYesNo)
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        match refused("{\n  \"format\": 1,\n  \"id\": \n}") {
            TemplateError::Syntax { line, column, .. } => assert_eq!((line, column), (4, 1)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn duplicate_item_ids_are_refused_with_their_path() {
        let text = MINIMAL.replace("\"id\": \"1.2\"", "\"id\": \"1.1\"");
        assert_eq!(
            refused(&text),
            invalid(
                "sections[0].items[1].id",
                Problem::DuplicateId { id: "1.1".into() }
            )
        );
    }

    #[test]
    fn unknown_scale_and_unknown_keys_are_refused() {
        let text = MINIMAL.replace("\"scale\": \"ypn\"", "\"scale\": \"nope\"");
        assert!(
            matches!(refused(&text), TemplateError::Invalid { path, .. } if path == "sections[0].items[0].scale")
        );
        let text = MINIMAL.replace("\"evidence\": true", "\"evidense\": true");
        assert!(matches!(refused(&text), TemplateError::Syntax { .. }));
    }

    #[test]
    fn wrong_format_version_and_huge_or_deep_files_are_refused_quickly() {
        let text = MINIMAL.replace("\"format\": 1", "\"format\": 7");
        assert!(matches!(refused(&text), TemplateError::Invalid { path, .. } if path == "format"));
        let huge = " ".repeat(MAX_TEMPLATE_BYTES + 1);
        assert!(matches!(refused(&huge), TemplateError::TooLarge { .. }));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(refused(&deep), TemplateError::Syntax { .. }));
    }

    fn with_levels(levels: &str) -> String {
        MINIMAL.replacen(
            "\"sections\": [",
            &format!("\"levels\": {levels}, \"sections\": ["),
            1,
        )
    }

    #[test]
    fn levels_pick_the_band_a_percentage_falls_in() -> Result<(), TemplateError> {
        let t = Template::from_json(&with_levels(
            r#"[{"min": 70, "label": "низкий риск", "tone": "good"},
                {"min": 40, "label": "средний риск", "tone": "medium"},
                {"min": 0, "label": "высокий риск", "tone": "bad"}]"#,
        ))?;
        assert!(t.has_levels());
        let name = |tenths| {
            t.level(t.sections.first(), tenths)
                .map(|l| l.label.ru.as_str())
        };
        assert_eq!(name(1000), Some("низкий риск"));
        assert_eq!(name(700), Some("низкий риск"));
        assert_eq!(name(699), Some("средний риск"));
        assert_eq!(name(400), Some("средний риск"));
        assert_eq!(name(0), Some("высокий риск"));
        assert_eq!(t.level(None, 555).map(|l| l.tone), Some(Tone::Medium));
        Ok(())
    }

    #[test]
    fn levels_out_of_order_or_not_reaching_zero_are_refused() {
        let unordered = with_levels(
            r#"[{"min": 40, "label": "б", "tone": "medium"}, {"min": 70, "label": "а", "tone": "good"},
                {"min": 0, "label": "в", "tone": "bad"}]"#,
        );
        assert!(
            matches!(refused(&unordered), TemplateError::Invalid { path, .. } if path == "levels[1].min")
        );
        let gap = with_levels(r#"[{"min": 50, "label": "а", "tone": "good"}]"#);
        assert!(
            matches!(refused(&gap), TemplateError::Invalid { path, .. } if path == "levels[0].min")
        );
        let over = with_levels(r#"[{"min": 120, "label": "а", "tone": "good"}]"#);
        assert!(
            matches!(refused(&over), TemplateError::Invalid { path, .. } if path == "levels[0].min")
        );
        let tone = with_levels(r#"[{"min": 0, "label": "а", "tone": "green"}]"#);
        assert!(matches!(refused(&tone), TemplateError::Syntax { .. }));
    }

    #[test]
    fn inn_check_digit_and_code_formats() {
        assert_eq!(FieldKind::Inn.check("7707083893"), Ok(())); // Сбербанк
        assert_eq!(
            FieldKind::Inn.check("7707083894"),
            Err(FieldProblem::InnCheckDigit)
        );
        assert_eq!(
            FieldKind::Inn.check("77070838"),
            Err(FieldProblem::InnFormat)
        );
        assert_eq!(
            FieldKind::Inn.check("770708389٣"),
            Err(FieldProblem::InnFormat)
        );
        assert_eq!(FieldKind::FisOkoLogin.check("sch77171506"), Ok(()));
        assert_eq!(
            FieldKind::FisOkoLogin.check("77171506"),
            Err(FieldProblem::FisOkoLogin)
        );
        assert_eq!(FieldKind::AcademicYear.check("2025/2026"), Ok(()));
        assert_eq!(
            FieldKind::AcademicYear.check("2025/2027"),
            Err(FieldProblem::AcademicYear)
        );
        let field = Field {
            id: "inn".into(),
            label: Text {
                ru: "ИНН".into(),
                en: None,
            },
            kind: FieldKind::Inn,
            required: true,
            help: None,
        };
        assert_eq!(field.check("  "), Err(FieldProblem::Required));
    }
}
