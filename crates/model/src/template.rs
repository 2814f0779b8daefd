//! Checklist templates: parsed from a versioned JSON file and checked before anyone answers them.

use std::collections::HashSet;

use crate::expr::Expr;
use crate::hash::{content_hash, template_hash};
use crate::json::{Json, Obj, Shape, Shaped};
use crate::pattern::Pattern;
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

impl Text {
    /// A text in a file: a string (Russian), or `{"ru": …, "en": …}`.
    pub fn read(value: &Json, path: &str) -> Shaped<Text> {
        match value {
            Json::Str(s) => Ok(Text {
                ru: s.clone(),
                en: None,
            }),
            Json::Obj(_) => {
                let o = Obj::new(value, path.to_owned(), &["ru", "en"])?;
                Ok(Text {
                    ru: o.str("ru")?,
                    en: o.opt_str("en")?,
                })
            }
            _ => Err((
                path.to_owned(),
                Shape::Type {
                    expected: "a text, or {\"ru\": …, \"en\": …}",
                },
            )),
        }
    }

    pub fn to_json(&self) -> Json {
        match &self.en {
            Some(en) => Json::Obj(vec![
                ("ru".into(), Json::Str(self.ru.clone())),
                ("en".into(), Json::Str(en.clone())),
            ]),
            None => Json::Str(self.ru.clone()),
        }
    }
}

fn opt_text(o: &Obj, key: &str) -> Shaped<Option<Text>> {
    o.get(key).map(|v| Text::read(v, &o.at(key))).transpose()
}

fn need_text(o: &Obj, key: &str) -> Shaped<Text> {
    opt_text(o, key)?.ok_or_else(|| {
        (
            o.path.clone(),
            Shape::Missing {
                key: key.to_owned(),
            },
        )
    })
}

/// Reads a list of objects with `read`.
fn read_list<T>(
    o: &Obj,
    key: &str,
    read: impl Fn(&Json, String) -> Shaped<T>,
) -> Shaped<Option<Vec<T>>> {
    let Some(items) = o.list(key)? else {
        return Ok(None);
    };
    read_each(&o.at(key), items, read).map(Some)
}

/// Reads every element of a list (a loop rather than `collect::<Result<…>>`, whose adapter is
/// instantiated anew for every element type).
fn read_each<T>(
    path: &str,
    items: &[Json],
    read: impl Fn(&Json, String) -> Shaped<T>,
) -> Shaped<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        out.push(read(v, format!("{path}[{i}]"))?);
    }
    Ok(out)
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

impl FieldKind {
    /// Checks a non-empty value; an empty one is only a problem when the field is required.
    pub fn check(self, value: &str) -> Result<(), FieldProblem> {
        let value = value.trim();
        match self {
            FieldKind::Text => Ok(()),
            FieldKind::Inn => check_inn(value),
            FieldKind::Ogrn => check_ogrn(value),
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

/// ОГРН: 13 digits; the 13th is the first twelve as a number, modulo 11, modulo 10.
fn check_ogrn(value: &str) -> Result<(), FieldProblem> {
    if value.len() != 13 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldProblem::OgrnFormat);
    }
    // The remainder of the twelve-digit number, digit by digit (no integer parser needed).
    let digits = value.as_bytes();
    let rest = digits[..12]
        .iter()
        .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 11);
    if rest % 10 == u32::from(digits[12] - b'0') {
        Ok(())
    } else {
        Err(FieldProblem::OgrnCheckDigit)
    }
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

struct RawLevel {
    min: f64,
    label: Text,
    tone: Tone,
}

/// A group of items scored together (an МСОКО direction, a ШНОР risk factor).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: Text,
    /// The index in [`Template::groups`] of the group this section is nested in.
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

/// A validated checklist template. Built only by [`Template::from_json`].
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub id: String,
    pub version: String,
    /// Identity of the exact file text ([`crate::template_hash`], SHA-256), carried by every
    /// assessment and export made from now on.
    pub hash: String,
    /// The identity records made before SHA-256 carry ([`crate::content_hash`], FNV-1a): read,
    /// never written. Compare a carried hash with [`Template::has_hash`], not with `hash`.
    pub legacy_hash: String,
    pub title: Text,
    pub description: Option<Text>,
    pub source: Option<Text>,
    pub respondent: Vec<Field>,
    pub groups: Vec<Group>,
    pub sections: Vec<Section>,
    /// Levels for every section without its own, and for the total; may be empty.
    pub levels: Vec<Level>,
    /// Where each item is, (section, item) by id: look-ups in constant time.
    /// (A `VecMap`: its key index is the one hash map code the bundle carries for strings.)
    index: VecMap<(usize, usize)>,
    /// Every item, as (section, item), after every item its conditions read: the order in
    /// which visibility is decided without recursion.
    order: Vec<(usize, usize)>,
}

/// Most items a template may have; the largest real checklist has a few hundred.
pub const MAX_ITEMS: usize = 5000;

/// Most choices one list may have; a real one has a handful. Answers are matched against
/// their item's choices, so this bounds that work per answer.
pub const MAX_CHOICES: usize = 500;

/// What is wrong at a place in a template file. `Display` gives the English sentence; the app
/// words each one in the interface language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A key, type or word the format does not have.
    Shape(Shape),
    /// Points, band points or a weight above [`MAX_POINTS`].
    TooManyPoints,
    UnsupportedFormat {
        found: u32,
    },
    Empty,
    DuplicateId {
        id: String,
    },
    NoSections,
    NoItems,
    ScaleAndChoices,
    NoChoices,
    UnknownScale {
        scale: String,
    },
    TooFewChoices,
    DuplicateChoice {
        value: String,
    },
    ThresholdRange,
    ThresholdsOrder,
    LastLevelNotZero,
    UnnamedLevel,
    PresetOptions,
    /// A key that this item kind does not use, e.g. `bands` on a text item.
    NotForKind {
        key: &'static str,
    },
    BoundsOrder,
    LikertPoints,
    LikertLabels {
        points: usize,
    },
    NoColumns,
    ColumnChoices,
    BadPattern {
        message: String,
    },
    TooManyItems,
    NestedTooDeep,
    ItemsAndSections,
    ConditionSyntax {
        message: String,
    },
    UnknownReference {
        id: String,
    },
    Cycle {
        ids: Vec<String>,
    },
    NotAnOption {
        item: String,
        value: String,
    },
    NotNumeric {
        item: String,
    },
    /// More choices than [`MAX_CHOICES`].
    TooManyChoices,
    /// An id with a character an id may not have: a space or an invisible, combining or
    /// control character (ids that look alike must not differ), or one of `[ ] " ' ; , \`.
    BadId {
        id: String,
    },
    /// An id that makes an exported CSV column (`a_evidence`, `pct_x`, `row_checksum`, …) that
    /// another part of the template already makes: every file made on it would be refused.
    ColumnClash {
        column: String,
        other: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Shape(shape) => shape.fmt(f),
            Problem::TooManyPoints => write!(f, "points and weights go from 0 to {MAX_POINTS}"),
            Problem::TooManyChoices => {
                write!(f, "a list may have at most {MAX_CHOICES} choices")
            }
            Problem::BadId { id } => write!(
                f,
                "«{}» is not a usable id: use letters, digits and . _ - (no spaces, invisible or combining characters, nor [ ] \" ' ; , \\)",
                id.escape_debug()
            ),
            Problem::ColumnClash { column, other } => write!(
                f,
                "gives the exported column «{column}», which {other} already gives; rename one of them"
            ),
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
                "a yes_no or likert item has its own options; remove «scale» and «choices»",
            ),
            Problem::NotForKind { key } => {
                write!(f, "«{key}» does not apply to this kind of item; remove it")
            }
            Problem::BoundsOrder => f.write_str("«min» must not be greater than «max»"),
            Problem::LikertPoints => f.write_str("a likert scale has from 2 to 11 points"),
            Problem::LikertLabels { points } => write!(
                f,
                "give either 2 labels (the ends) or {points}, one per point, or none"
            ),
            Problem::NoColumns => f.write_str("a table needs at least one column"),
            Problem::ColumnChoices => {
                f.write_str("a choice column needs at least two «choices»; other columns none")
            }
            Problem::BadPattern { message } => write!(f, "the pattern does not read: {message}"),
            Problem::TooManyItems => write!(f, "a template may have at most {MAX_ITEMS} items"),
            Problem::NestedTooDeep => {
                f.write_str("sections nest one level deep: a nested section cannot have sections")
            }
            Problem::ItemsAndSections => {
                f.write_str("a section has either «items» or «sections», not both")
            }
            Problem::ConditionSyntax { message } => write!(f, "the condition does not read: {message}"),
            Problem::UnknownReference { id } => {
                write!(f, "the condition refers to «{id}», which is not an item of this template")
            }
            Problem::Cycle { ids } => write!(
                f,
                "conditions depend on each other in a circle ({}); break the circle",
                ids.join(" → ")
            ),
            Problem::NotAnOption { item, value } => {
                write!(f, "«{value}» is not an option of «{item}»; use one of its values")
            }
            Problem::NotNumeric { item } => write!(
                f,
                "«{item}» is not a number item, so it cannot be compared with a number or used in arithmetic"
            ),
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

struct RawTemplate {
    format: u32,
    id: String,
    version: String,
    title: Text,
    description: Option<Text>,
    source: Option<Text>,
    respondent: Vec<Field>,
    scales: VecMap<Vec<Choice>>,
    levels: Vec<RawLevel>,
    sections: Vec<RawSection>,
}

struct RawSection {
    id: String,
    title: Text,
    levels: Vec<RawLevel>,
    visible_if: Option<String>,
    items: Option<Vec<RawItem>>,
    sections: Option<Vec<RawSection>>,
}

struct RawItem {
    id: String,
    label: Text,
    kind: ItemKind,
    scale: Option<String>,
    choices: Option<Vec<Choice>>,
    /// For `yes_no` items: which answer is the good one (scores 1); default `yes`.
    good: Option<YesNo>,
    /// For `likert` items: how many points, their labels, and whether 1 is the best.
    points: Option<usize>,
    labels: Option<Vec<Text>>,
    reverse: Option<bool>,
    min: Option<f64>,
    max: Option<f64>,
    integer: Option<bool>,
    unit: Option<Text>,
    bands: Option<Vec<Band>>,
    columns: Option<Vec<Column>>,
    max_choices: Option<usize>,
    required: bool,
    weight: Option<u32>,
    pattern: Option<String>,
    message: Option<Text>,
    visible_if: Option<String>,
    evidence: bool,
    comment: bool,
    help: Option<Text>,
    recommendation: Option<Text>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum YesNo {
    Yes,
    No,
}

// ---- Reading the file: each reader checks one object's keys and types, with its path. ----

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

impl Field {
    fn read(v: &Json, path: String) -> Shaped<Field> {
        let o = Obj::new(v, path, &["id", "label", "kind", "required", "help"])?;
        Ok(Field {
            id: o.str("id")?,
            label: need_text(&o, "label")?,
            kind: o
                .word("kind", FIELD_KINDS)?
                .map_or(FieldKind::Text, |i| FieldKind::ALL[i]),
            required: o.bool("required")?,
            help: opt_text(&o, "help")?,
        })
    }
}

impl Choice {
    fn read(v: &Json, path: String) -> Shaped<Choice> {
        let o = Obj::new(v, path, &["value", "label", "points", "not_applicable"])?;
        Ok(Choice {
            value: o.str("value")?,
            label: need_text(&o, "label")?,
            points: o.opt_count("points")?.unwrap_or(0),
            not_applicable: o.bool("not_applicable")?,
        })
    }
}

impl Band {
    fn read(v: &Json, path: String) -> Shaped<Band> {
        let o = Obj::new(v, path, &["min", "max", "points"])?;
        Ok(Band {
            min: o.opt_num("min")?,
            max: o.opt_num("max")?,
            points: o.opt_count("points")?.unwrap_or(0),
        })
    }
}

impl Column {
    /// A stored cell as people read it: a choice by its label, a date as `31.03.2026`,
    /// «постоянно» as `permanent` (the interface's word), anything else as typed.
    pub fn shown(&self, value: &str, english: bool, permanent: &str) -> String {
        match self.kind {
            ColumnKind::Choice => self
                .choices
                .iter()
                .find(|x| x.value == value)
                .map_or(value.to_owned(), |x| x.label.get(english).to_owned()),
            _ if value == PERMANENT => permanent.to_owned(),
            _ if crate::scoring::is_date(value) => {
                value.split('-').rev().collect::<Vec<_>>().join(".")
            }
            _ => value.to_owned(),
        }
    }

    fn read(v: &Json, path: String) -> Shaped<Column> {
        let o = Obj::new(v, path, &["id", "label", "kind", "choices", "required"])?;
        Ok(Column {
            id: o.str("id")?,
            label: need_text(&o, "label")?,
            kind: o
                .word("kind", COLUMN_KINDS)?
                .map_or(ColumnKind::Text, |i| ColumnKind::ALL[i]),
            choices: read_list(&o, "choices", Choice::read)?.unwrap_or_default(),
            required: o.bool("required")?,
        })
    }
}

impl RawLevel {
    fn read(v: &Json, path: String) -> Shaped<RawLevel> {
        let o = Obj::new(v, path, &["min", "label", "tone"])?;
        Ok(RawLevel {
            min: o
                .opt_num("min")?
                .ok_or_else(|| (o.path.clone(), Shape::Missing { key: "min".into() }))?,
            label: need_text(&o, "label")?,
            tone: Tone::ALL[o
                .word("tone", TONES)?
                .ok_or_else(|| (o.path.clone(), Shape::Missing { key: "tone".into() }))?],
        })
    }
}

impl RawTemplate {
    fn read(v: &Json) -> Shaped<RawTemplate> {
        let o = Obj::new(
            v,
            String::new(),
            &[
                "format",
                "id",
                "version",
                "title",
                "description",
                "source",
                "respondent",
                "scales",
                "levels",
                "sections",
                "$schema",
            ],
        )?;
        let mut scales = VecMap::new();
        if let Some(value) = o.get("scales") {
            let Json::Obj(_) = value else {
                return Err((
                    o.at("scales"),
                    Shape::Type {
                        expected: "an object { … }",
                    },
                ));
            };
            let s = Obj::any(value, o.at("scales"));
            for (name, list) in s.fields() {
                let at = s.at(name);
                let Json::Arr(items) = list else {
                    return Err((
                        at,
                        Shape::Type {
                            expected: "a list [ … ]",
                        },
                    ));
                };
                let choices = read_each(&at, items, Choice::read)?;
                scales.insert(name.clone(), choices);
            }
        }
        Ok(RawTemplate {
            format: o.opt_count("format")?.ok_or_else(|| {
                (
                    String::new(),
                    Shape::Missing {
                        key: "format".into(),
                    },
                )
            })?,
            id: o.str("id")?,
            version: o.str("version")?,
            title: need_text(&o, "title")?,
            description: opt_text(&o, "description")?,
            source: opt_text(&o, "source")?,
            respondent: read_list(&o, "respondent", Field::read)?.unwrap_or_default(),
            scales,
            levels: read_list(&o, "levels", RawLevel::read)?.unwrap_or_default(),
            sections: {
                o.need_list("sections")?;
                read_list(&o, "sections", RawSection::read)?.unwrap_or_default()
            },
        })
    }
}

impl RawSection {
    fn read(v: &Json, path: String) -> Shaped<RawSection> {
        let o = Obj::new(
            v,
            path,
            &["id", "title", "levels", "visible_if", "items", "sections"],
        )?;
        Ok(RawSection {
            id: o.str("id")?,
            title: need_text(&o, "title")?,
            levels: read_list(&o, "levels", RawLevel::read)?.unwrap_or_default(),
            visible_if: o.opt_str("visible_if")?,
            items: read_list(&o, "items", RawItem::read)?,
            sections: read_list(&o, "sections", RawSection::read)?,
        })
    }
}

impl RawItem {
    fn read(v: &Json, path: String) -> Shaped<RawItem> {
        let o = Obj::new(
            v,
            path,
            &[
                "id",
                "label",
                "kind",
                "scale",
                "choices",
                "good",
                "points",
                "labels",
                "reverse",
                "min",
                "max",
                "integer",
                "unit",
                "bands",
                "columns",
                "max_choices",
                "required",
                "weight",
                "pattern",
                "message",
                "visible_if",
                "evidence",
                "comment",
                "help",
                "recommendation",
            ],
        )?;
        let kind = o
            .word("kind", ITEM_KINDS)?
            .ok_or_else(|| (o.path.clone(), Shape::Missing { key: "kind".into() }))?;
        let labels = match o.list("labels")? {
            None => None,
            Some(items) => Some(read_each(&o.at("labels"), items, |v, p| Text::read(v, &p))?),
        };
        Ok(RawItem {
            id: o.str("id")?,
            label: need_text(&o, "label")?,
            kind: ItemKind::ALL[kind],
            scale: o.opt_str("scale")?,
            choices: read_list(&o, "choices", Choice::read)?,
            good: o
                .word("good", &["yes", "no"])?
                .map(|i| if i == 0 { YesNo::Yes } else { YesNo::No }),
            points: o.opt_count("points")?.map(|n| n as usize),
            labels,
            reverse: o.opt_bool("reverse")?,
            min: o.opt_num("min")?,
            max: o.opt_num("max")?,
            integer: o.opt_bool("integer")?,
            unit: opt_text(&o, "unit")?,
            bands: read_list(&o, "bands", Band::read)?,
            columns: read_list(&o, "columns", Column::read)?,
            max_choices: o.opt_count("max_choices")?.map(|n| n as usize),
            required: o.bool("required")?,
            weight: o.opt_count("weight")?,
            pattern: o.opt_str("pattern")?,
            message: opt_text(&o, "message")?,
            visible_if: o.opt_str("visible_if")?,
            evidence: o.bool("evidence")?,
            comment: o.bool("comment")?,
            help: opt_text(&o, "help")?,
            recommendation: opt_text(&o, "recommendation")?,
        })
    }
}

fn text(ru: &str, en: &str) -> Text {
    Text {
        ru: ru.to_owned(),
        en: Some(en.to_owned()),
    }
}

/// The options of a `yes_no` item; `good` earns the point.
fn yes_no_choices(good: YesNo) -> Vec<Choice> {
    let option = |value: &str, ru: &str, en: &str, is_good: bool| Choice {
        value: value.to_owned(),
        label: text(ru, en),
        points: u32::from(is_good),
        not_applicable: false,
    };
    vec![
        option("yes", "да", "yes", good == YesNo::Yes),
        option("no", "нет", "no", good == YesNo::No),
    ]
}

/// The options of a Likert item: values `1`…`n`, labelled with the number and any label.
fn likert_choices(points: usize, labels: &[Text], reverse: bool) -> Vec<Choice> {
    (1..=points)
        .map(|k| {
            let label = match labels.len() {
                2 if k == 1 => Some(&labels[0]),
                2 if k == points => Some(&labels[1]),
                n if n == points => Some(&labels[k - 1]),
                _ => None,
            };
            let with = |t: &str| format!("{k} — {t}");
            Choice {
                value: k.to_string(),
                label: match label {
                    Some(l) => Text {
                        ru: with(&l.ru),
                        en: l.en.as_deref().map(with),
                    },
                    None => Text {
                        ru: k.to_string(),
                        en: None,
                    },
                },
                points: (if reverse { points - k } else { k - 1 }) as u32,
                not_applicable: false,
            }
        })
        .collect()
}

fn invalid(path: impl Into<String>, problem: Problem) -> TemplateError {
    TemplateError::Invalid {
        path: path.into(),
        problem,
    }
}

/// Refuses a key that the item's kind does not use.
fn only_for(
    at: &str,
    key: &'static str,
    present: bool,
    allowed: bool,
) -> Result<(), TemplateError> {
    if present && !allowed {
        return Err(invalid(format!("{at}.{key}"), Problem::NotForKind { key }));
    }
    Ok(())
}

fn condition(at: &str, source: Option<String>) -> Result<Option<Condition>, TemplateError> {
    let Some(source) = source else {
        return Ok(None);
    };
    let expr = Expr::parse(&source).map_err(|e| {
        invalid(
            format!("{at}.visible_if"),
            Problem::ConditionSyntax {
                message: e.to_string(),
            },
        )
    })?;
    Ok(Some(Condition { source, expr }))
}

fn build_item(at: &str, raw: RawItem, scales: &VecMap<Vec<Choice>>) -> Result<Item, TemplateError> {
    use ItemKind as K;
    let kind = raw.kind;
    only_for(at, "good", raw.good.is_some(), kind == K::YesNo)?;
    let likert = kind == K::Likert;
    only_for(at, "points", raw.points.is_some(), likert)?;
    only_for(at, "labels", raw.labels.is_some(), likert)?;
    only_for(at, "reverse", raw.reverse.is_some(), likert)?;
    let numeric = kind.is_numeric();
    only_for(
        at,
        "min",
        raw.min.is_some(),
        matches!(kind, K::Number | K::Percentage),
    )?;
    only_for(
        at,
        "max",
        raw.max.is_some(),
        matches!(kind, K::Number | K::Percentage),
    )?;
    only_for(at, "integer", raw.integer.is_some(), kind == K::Number)?;
    only_for(at, "unit", raw.unit.is_some(), kind == K::Number)?;
    only_for(at, "bands", raw.bands.is_some(), numeric)?;
    only_for(at, "columns", raw.columns.is_some(), kind == K::Table)?;
    only_for(
        at,
        "max_choices",
        raw.max_choices.is_some(),
        kind == K::Multi,
    )?;
    let texty = matches!(kind, K::Text | K::LongText);
    only_for(at, "pattern", raw.pattern.is_some(), texty)?;
    only_for(at, "evidence", raw.evidence, kind.has_choices() || numeric)?;
    let choices = match (kind, raw.scale, raw.choices) {
        (K::YesNo | K::Likert, None, None) if kind == K::YesNo => {
            yes_no_choices(raw.good.unwrap_or(YesNo::Yes))
        }
        (K::Likert, None, None) => {
            let points = raw.points.unwrap_or(5);
            if !(2..=11).contains(&points) {
                return Err(invalid(format!("{at}.points"), Problem::LikertPoints));
            }
            let labels = raw.labels.unwrap_or_default();
            if !matches!(labels.len(), 0 | 2) && labels.len() != points {
                return Err(invalid(
                    format!("{at}.labels"),
                    Problem::LikertLabels { points },
                ));
            }
            likert_choices(points, &labels, raw.reverse.unwrap_or(false))
        }
        (K::YesNo | K::Likert, _, _) => return Err(invalid(at, Problem::PresetOptions)),
        (K::Choice | K::Multi, Some(_), Some(_)) => {
            return Err(invalid(at, Problem::ScaleAndChoices))
        }
        (K::Choice | K::Multi, Some(scale), None) => {
            scales.get(&scale).cloned().ok_or_else(|| {
                invalid(
                    format!("{at}.scale"),
                    Problem::UnknownScale {
                        scale: scale.clone(),
                    },
                )
            })?
        }
        (K::Choice | K::Multi, None, Some(choices)) => {
            check_choices(&format!("{at}.choices"), &choices)?;
            choices
        }
        (K::Choice | K::Multi, None, None) => return Err(invalid(at, Problem::NoChoices)),
        (_, scale, choices) => {
            only_for(at, "scale", scale.is_some(), false)?;
            only_for(at, "choices", choices.is_some(), false)?;
            Vec::new()
        }
    };
    let (min, max) = match kind {
        K::Percentage => (Some(raw.min.unwrap_or(0.0)), Some(raw.max.unwrap_or(100.0))),
        K::Count => (Some(0.0), None),
        _ => (raw.min, raw.max),
    };
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            return Err(invalid(format!("{at}.min"), Problem::BoundsOrder));
        }
    }
    let columns = raw.columns.unwrap_or_default();
    if kind == K::Table {
        if columns.is_empty() {
            return Err(invalid(format!("{at}.columns"), Problem::NoColumns));
        }
        let mut ids = HashSet::new();
        for (c, column) in columns.iter().enumerate() {
            let col_at = format!("{at}.columns[{c}]");
            check_id(&format!("{col_at}.id"), &column.id)?;
            if column.id.trim().is_empty() || !ids.insert(column.id.as_str()) {
                return Err(invalid(
                    format!("{col_at}.id"),
                    Problem::DuplicateId {
                        id: column.id.clone(),
                    },
                ));
            }
            let is_choice = column.kind == ColumnKind::Choice;
            if is_choice == column.choices.is_empty() {
                return Err(invalid(format!("{col_at}.choices"), Problem::ColumnChoices));
            }
            if is_choice {
                check_choices(&format!("{col_at}.choices"), &column.choices)?;
            }
        }
    }
    let pattern = match raw.pattern {
        Some(p) => Some(Pattern::new(&p).map_err(|message| {
            invalid(format!("{at}.pattern"), Problem::BadPattern { message })
        })?),
        None => None,
    };
    let visible_if = condition(at, raw.visible_if)?;
    if raw.weight.is_some_and(|w| w > MAX_POINTS) {
        return Err(invalid(format!("{at}.weight"), Problem::TooManyPoints));
    }
    let bands = raw.bands.unwrap_or_default();
    if let Some(b) = bands.iter().position(|b| b.points > MAX_POINTS) {
        return Err(invalid(
            format!("{at}.bands[{b}].points"),
            Problem::TooManyPoints,
        ));
    }
    Ok(Item {
        id: raw.id,
        label: raw.label,
        kind,
        choices,
        min,
        max,
        integer: kind == K::Count || raw.integer.unwrap_or(false),
        unit: match kind {
            K::Percentage => Some(Text {
                ru: "%".into(),
                en: None,
            }),
            _ => raw.unit,
        },
        bands,
        columns,
        max_choices: raw.max_choices,
        required: raw.required,
        weight: raw.weight.unwrap_or(1),
        pattern,
        message: raw.message,
        visible_if,
        evidence: raw.evidence,
        comment: raw.comment,
        help: raw.help,
        recommendation: raw.recommendation,
    })
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
        // A file saved by Windows Notepad starts with a byte-order mark; it is not content.
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let json = Json::parse(body).map_err(|e| TemplateError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message.to_owned(),
        })?;
        let raw = RawTemplate::read(&json).map_err(|(path, shape)| TemplateError::Invalid {
            path,
            problem: Problem::Shape(shape),
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
            check_id(&format!("respondent[{i}].id"), &field.id)?;
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
        let mut builder = Builder {
            scales: &raw.scales,
            section_ids: HashSet::new(),
            item_ids: HashSet::new(),
            groups: Vec::new(),
            sections: Vec::new(),
            paths: Vec::new(),
        };
        for (s, raw_section) in raw.sections.into_iter().enumerate() {
            builder.section(format!("sections[{s}]"), raw_section, None)?;
        }
        let index = builder
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| {
                sec.items
                    .iter()
                    .enumerate()
                    .map(move |(i, it)| (it.id.clone(), (s, i)))
            })
            .collect();
        let mut template = Template {
            id: raw.id,
            version: raw.version,
            hash: template_hash(text.as_bytes()),
            legacy_hash: content_hash(text.as_bytes()),
            title: raw.title,
            description: raw.description,
            source: raw.source,
            respondent: raw.respondent,
            groups: builder.groups,
            sections: builder.sections,
            levels,
            index,
            order: Vec::new(),
        };
        #[cfg(feature = "columns")]
        check_columns(&template, &builder.paths)?;
        template.order = check_conditions(&template, &builder.paths)?;
        Ok(template)
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// Whether a hash that an assessment, a file or a stored record carries names this
    /// template's text: the SHA-256 identity, or the older FNV-1a one.
    pub fn has_hash(&self, hash: &str) -> bool {
        hash == self.hash || hash == self.legacy_hash
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.position(id).map(|(s, i)| &self.sections[s].items[i])
    }

    /// Where an item is: its section's index and its index in that section.
    pub fn position(&self, id: &str) -> Option<(usize, usize)> {
        self.index.get(id).copied()
    }

    /// Every item as (section, item), each after the items its conditions read.
    pub fn condition_order(&self) -> &[(usize, usize)] {
        &self.order
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

    /// The section an item is in.
    pub fn section_of(&self, item_id: &str) -> Option<&Section> {
        self.position(item_id).map(|(s, _)| &self.sections[s])
    }
}

/// Collects sections and items, checking ids as it goes.
struct Builder<'a> {
    scales: &'a VecMap<Vec<Choice>>,
    section_ids: HashSet<String>,
    item_ids: HashSet<String>,
    groups: Vec<Group>,
    sections: Vec<Section>,
    /// Each section's path in the file, then each of its items' paths.
    paths: Vec<(String, Vec<String>)>,
}

impl Builder<'_> {
    fn section(
        &mut self,
        at: String,
        raw: RawSection,
        group: Option<usize>,
    ) -> Result<(), TemplateError> {
        check_id(&format!("{at}.id"), &raw.id)?;
        if raw.id.trim().is_empty() || !self.section_ids.insert(raw.id.clone()) {
            return Err(invalid(
                format!("{at}.id"),
                Problem::DuplicateId { id: raw.id },
            ));
        }
        let levels = check_levels(&format!("{at}.levels"), raw.levels)?;
        let visible_if = condition(&at, raw.visible_if)?;
        match (raw.items, raw.sections) {
            (Some(_), Some(_)) => Err(invalid(at, Problem::ItemsAndSections)),
            (None, Some(_)) if group.is_some() => {
                Err(invalid(format!("{at}.sections"), Problem::NestedTooDeep))
            }
            (None, Some(children)) => {
                only_for(&at, "levels", !levels.is_empty(), false)?;
                only_for(&at, "visible_if", visible_if.is_some(), false)?;
                if children.is_empty() {
                    return Err(invalid(format!("{at}.sections"), Problem::NoSections));
                }
                self.groups.push(Group {
                    id: raw.id,
                    title: raw.title,
                });
                let index = self.groups.len() - 1;
                for (c, child) in children.into_iter().enumerate() {
                    self.section(format!("{at}.sections[{c}]"), child, Some(index))?;
                }
                Ok(())
            }
            (items, None) => {
                let items = items.unwrap_or_default();
                if items.is_empty() {
                    return Err(invalid(format!("{at}.items"), Problem::NoItems));
                }
                let mut built = Vec::with_capacity(items.len());
                let mut paths = Vec::with_capacity(items.len());
                for (i, raw_item) in items.into_iter().enumerate() {
                    let item_at = format!("{at}.items[{i}]");
                    check_id(&format!("{item_at}.id"), &raw_item.id)?;
                    if raw_item.id.trim().is_empty() || !self.item_ids.insert(raw_item.id.clone()) {
                        return Err(invalid(
                            format!("{item_at}.id"),
                            Problem::DuplicateId { id: raw_item.id },
                        ));
                    }
                    if self.item_ids.len() > MAX_ITEMS {
                        return Err(invalid(item_at, Problem::TooManyItems));
                    }
                    built.push(build_item(&item_at, raw_item, self.scales)?);
                    paths.push(item_at);
                }
                self.sections.push(Section {
                    id: raw.id,
                    title: raw.title,
                    group,
                    items: built,
                    levels,
                    visible_if,
                });
                self.paths.push((at, paths));
                Ok(())
            }
        }
    }
}

/// The columns every exported CSV row starts with, in this order: owned here because the
/// validator keeps ids from taking them; `exchange::csv::META` is this list.
pub const CSV_META: [&str; 9] = [
    "format_version",
    "assessment_id",
    "template_id",
    "template_version",
    "template_hash",
    "exported_at",
    "app_version",
    "created_at",
    "updated_at",
];

/// Whether `c` may be part of an id. Ids name CSV columns and database fields and are read
/// back from files that spreadsheets rewrote, so two ids must never look alike yet differ:
/// printable ASCII (but the characters conditions and CSV use as delimiters), Cyrillic
/// letters and «№». Every string of these is in Unicode normal form C, so ids that differ
/// stay different after normalisation, and none is invisible.
fn id_char(c: char) -> bool {
    (c.is_ascii_graphic() && !matches!(c, '[' | ']' | '"' | '\'' | ';' | ',' | '\\' | '`'))
        // Cyrillic, without its combining marks U+0483–U+0489.
        || matches!(c, '\u{400}'..='\u{482}' | '\u{48a}'..='\u{52f}' | '№')
}

fn check_id(at: &str, id: &str) -> Result<(), TemplateError> {
    if id.is_empty() || id.chars().all(id_char) {
        // An empty id is reported where duplicates are, as today.
        return Ok(());
    }
    Err(invalid(at, Problem::BadId { id: id.to_owned() }))
}

/// Every column name an export of the template makes, in each layout, is made once: an item
/// `a_evidence` beside an item `a` with evidence, or a field called `row_checksum`, would
/// give a file that no import can read. The names follow `exchange::csv::Spec`; a test there
/// holds the two together.
#[cfg(feature = "columns")]
fn check_columns(t: &Template, paths: &[(String, Vec<String>)]) -> Result<(), TemplateError> {
    // The names every layout has of its own are kept from all of them: a reader tells the
    // layouts apart by them (an item `item_id` would make a wide file look long).
    const FIXED: [&str; 20] = [
        "section_id",
        "item_id",
        "item_text",
        "kind",
        "value",
        "code",
        "points",
        "max_points",
        "doc_name",
        "doc_number",
        "doc_date",
        "doc_link",
        "evidence",
        "comment",
        "section_pct",
        "section_level",
        "row_no",
        "pct_total",
        "level_total",
        "row_checksum",
    ];
    /// Who makes a column, by index; its path is written only for an error.
    #[derive(Clone, Copy, PartialEq)]
    enum Owner {
        Format,
        Field(usize),
        Item(usize, usize),
        Section(usize),
        Column(usize, usize, usize),
    }
    let path = |o: Owner| match o {
        Owner::Format => "the file format".to_owned(),
        Owner::Field(i) => format!("respondent[{i}].id"),
        Owner::Item(s, i) => [paths[s].1[i].as_str(), ".id"].concat(),
        Owner::Section(s) => [paths[s].0.as_str(), ".id"].concat(),
        Owner::Column(s, i, c) => format!("{}.columns[{c}].id", paths[s].1[i]),
    };
    let levels = t.has_levels();
    // Layouts: 0 wide, 1 long, 2 tables (as `exchange::csv::Spec` makes them).
    for layout in 0..3 {
        let mut names: Vec<(String, Owner)> = CSV_META
            .iter()
            .chain(FIXED.iter())
            .map(|n| ((*n).to_owned(), Owner::Format))
            .collect();
        names.extend(
            t.respondent
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), Owner::Field(i))),
        );
        let mut table_columns = HashSet::new();
        for (s, section) in t.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let (id, owner) = (item.id.as_str(), Owner::Item(s, i));
                if layout == 0 {
                    if item.kind == ItemKind::Evidence {
                        for part in ["_name", "_number", "_date", "_link"] {
                            names.push(([id, part].concat(), owner));
                        }
                    } else {
                        names.push((id.to_owned(), owner));
                    }
                    if item.evidence {
                        names.push(([id, "_evidence"].concat(), owner));
                    }
                    if item.comment {
                        names.push(([id, "_comment"].concat(), owner));
                    }
                }
                if layout == 2 {
                    for (c, column) in item.columns.iter().enumerate() {
                        // The same column id in two tables is one column, as the writer has it.
                        if table_columns.insert(column.id.as_str()) {
                            names.push((["col_", &column.id].concat(), Owner::Column(s, i, c)));
                        }
                    }
                }
            }
            if layout == 0 {
                names.push((["pct_", &section.id].concat(), Owner::Section(s)));
                if levels {
                    names.push((["level_", &section.id].concat(), Owner::Section(s)));
                }
            }
        }
        let mut made: VecMap<Owner> = VecMap::new();
        for (name, owner) in &names {
            if let Some(&other) = made.get(name) {
                // Reported at the template's place, never at the format's.
                let (at, other) = if *owner == Owner::Format {
                    (other, *owner)
                } else {
                    (*owner, other)
                };
                return Err(invalid(
                    path(at),
                    Problem::ColumnClash {
                        column: name.clone(),
                        other: path(other),
                    },
                ));
            }
            made.insert(name.clone(), *owner);
        }
    }
    Ok(())
}

/// Conditions refer to items that exist, compare them with values they can have, and do not
/// depend on each other in a circle.
fn check_conditions(
    t: &Template,
    paths: &[(String, Vec<String>)],
) -> Result<Vec<(usize, usize)>, TemplateError> {
    let conditions = t
        .sections
        .iter()
        .zip(paths)
        .flat_map(|(section, (s_at, i_ats))| {
            let own = section.visible_if.as_ref().map(|c| (s_at, c, None));
            let items = section.items.iter().zip(i_ats).filter_map(|(item, at)| {
                item.visible_if
                    .as_ref()
                    .map(|c| (at, c, Some(item.id.as_str())))
            });
            own.into_iter().chain(items)
        });
    for (at, cond, own_id) in conditions {
        let at = format!("{at}.visible_if");
        for id in cond.expr.refs() {
            if t.item(id).is_none() || Some(id) == own_id {
                return Err(invalid(at, Problem::UnknownReference { id: id.to_owned() }));
            }
        }
        check_types(t, &cond.expr).map_err(|p| invalid(at, p))?;
    }
    // Depth-first search over "item's visibility reads item" edges, with its own stack (a
    // chain of thousands of items must not recurse). Items finish after everything they
    // read: that order is the one visibility is decided in.
    let places: Vec<(usize, usize)> = t
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| (0..sec.items.len()).map(move |i| (s, i)))
        .collect();
    // An item's place in `places`, from its (section, item).
    let mut first = Vec::with_capacity(t.sections.len());
    let mut n = 0;
    for section in &t.sections {
        first.push(n);
        n += section.items.len();
    }
    let flat = |id: &str| t.position(id).map(|(s, i)| first[s] + i);
    let deps: Vec<Vec<usize>> = t
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(move |i| (s, i)))
        .map(|(s, i)| {
            let mut refs = i
                .visible_if
                .as_ref()
                .map(|c| c.expr.refs())
                .unwrap_or_default();
            refs.extend(
                s.visible_if
                    .as_ref()
                    .map(|c| c.expr.refs())
                    .unwrap_or_default(),
            );
            refs.into_iter().filter_map(&flat).collect()
        })
        .collect();
    let mut order = Vec::with_capacity(places.len());
    let mut state = vec![0u8; places.len()]; // 0 new, 1 on the path, 2 done
    for start in 0..places.len() {
        if state[start] != 0 {
            continue;
        }
        let mut path = vec![start];
        let mut next = vec![0usize];
        state[start] = 1;
        while let Some(&node) = path.last() {
            let k = next.last().copied().unwrap_or(0);
            match deps[node].get(k) {
                Some(&dep) => {
                    if let Some(n) = next.last_mut() {
                        *n += 1;
                    }
                    match state[dep] {
                        1 => return Err(cycle_error(t, paths, &path, dep)),
                        0 => {
                            state[dep] = 1;
                            path.push(dep);
                            next.push(0);
                        }
                        _ => {}
                    }
                }
                None => {
                    state[node] = 2;
                    order.push(places[node]);
                    path.pop();
                    next.pop();
                }
            }
        }
    }
    Ok(order)
}

/// The circle of conditions that `dep` closes on the current search path, at the condition
/// of the item the circle returns to.
fn cycle_error(
    t: &Template,
    paths: &[(String, Vec<String>)],
    path: &[usize],
    dep: usize,
) -> TemplateError {
    let ids: Vec<&str> = t.items().map(|i| i.id.as_str()).collect();
    let from = path.iter().position(|&p| p == dep).unwrap_or(0);
    let mut circle: Vec<String> = path[from..].iter().map(|&p| ids[p].to_owned()).collect();
    circle.push(ids[dep].to_owned());
    let at = t
        .position(ids[dep])
        .and_then(|(s, i)| paths.get(s).map(|(s_at, i_ats)| (s_at, i_ats.get(i))))
        .map(|(s_at, i_at)| i_at.unwrap_or(s_at).clone())
        .unwrap_or_default();
    invalid(format!("{at}.visible_if"), Problem::Cycle { ids: circle })
}

/// Whether a condition can read an item as a number.
fn numeric_kind(kind: ItemKind) -> bool {
    kind.is_numeric() || matches!(kind, ItemKind::Likert | ItemKind::Table)
}

fn check_types(t: &Template, expr: &Expr) -> Result<(), Problem> {
    let item = |e: &Expr| match e {
        Expr::Ref(id) => t.item(id),
        _ => None,
    };
    let option = |i: &Item, e: &Expr| -> Result<(), Problem> {
        match e {
            Expr::Str(v) if i.kind.has_choices() && i.choice(v).is_none() => {
                Err(Problem::NotAnOption {
                    item: i.id.clone(),
                    value: v.clone(),
                })
            }
            _ => Ok(()),
        }
    };
    let numeric = |e: &Expr| -> Result<(), Problem> {
        match item(e) {
            Some(i) if !numeric_kind(i.kind) => Err(Problem::NotNumeric { item: i.id.clone() }),
            _ => Ok(()),
        }
    };
    match expr {
        Expr::Num(_) | Expr::Str(_) | Expr::Ref(_) => Ok(()),
        Expr::Not(e) => check_types(t, e),
        Expr::Neg(e) => {
            numeric(e)?;
            check_types(t, e)
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            check_types(t, a)?;
            check_types(t, b)
        }
        Expr::Arith(a, _, b) => {
            numeric(a)?;
            numeric(b)?;
            check_types(t, a)?;
            check_types(t, b)
        }
        Expr::Cmp(a, op, b) => {
            for (x, y) in [(a, b), (b, a)] {
                if let Some(i) = item(x) {
                    option(i, y)?;
                    let ordered = !matches!(op, crate::expr::CmpOp::Eq | crate::expr::CmpOp::Ne);
                    if matches!(**y, Expr::Num(_)) || ordered && item(y).is_none() {
                        numeric(x)?;
                    }
                }
            }
            check_types(t, a)?;
            check_types(t, b)
        }
        Expr::In(a, list) => {
            if let Some(i) = item(a) {
                list.iter().try_for_each(|e| option(i, e))?;
            }
            check_types(t, a)?;
            list.iter().try_for_each(|e| check_types(t, e))
        }
        Expr::InRef(a, id) => {
            if let Some(i) = t.item(id) {
                option(i, a)?;
            }
            check_types(t, a)
        }
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

/// The most points an option, a band or a weight may carry: enough for any real scale, and
/// small enough that no section's sum can overflow.
pub const MAX_POINTS: u32 = 1000;

fn check_choices(at: &str, choices: &[Choice]) -> Result<(), TemplateError> {
    if choices.len() < 2 {
        return Err(invalid(at, Problem::TooFewChoices));
    }
    if choices.len() > MAX_CHOICES {
        return Err(invalid(at, Problem::TooManyChoices));
    }
    let mut values = HashSet::new();
    for (c, choice) in choices.iter().enumerate() {
        if choice.points > MAX_POINTS {
            return Err(invalid(format!("{at}[{c}].points"), Problem::TooManyPoints));
        }
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
        assert_eq!(status.shown("done", false, "постоянно"), "исполнено");
        assert_eq!(status.shown("done", true, "permanent"), "done");
        assert_eq!(status.shown("other", false, "постоянно"), "other");
        let deadline = column(ColumnKind::Deadline);
        assert_eq!(deadline.shown(PERMANENT, false, "постоянно"), "постоянно");
        assert_eq!(
            deadline.shown("2026-03-31", false, "постоянно"),
            "31.03.2026"
        );
        assert_eq!(deadline.shown("к маю", false, "постоянно"), "к маю");
    }

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
        assert_eq!(t.hash.len(), 64);
        assert_eq!(t.legacy_hash.len(), 16);
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
            invalid(
                "sections[0].items[0].good",
                Problem::NotForKind { key: "good" }
            )
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
        assert!(matches!(
            refused(&text),
            TemplateError::Invalid { path, problem: Problem::Shape(Shape::Unknown { .. }) }
                if path == "sections[0].items[0].evidense"
        ));
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
        assert!(matches!(
            refused(&tone),
            TemplateError::Invalid { path, problem: Problem::Shape(Shape::Value { .. }) }
                if path == "levels[0].tone"
        ));
    }

    #[test]
    fn inn_check_digit_and_code_formats() {
        assert_eq!(FieldKind::Inn.check("7707083893"), Ok(())); // Сбербанк
        assert_eq!(FieldKind::Ogrn.check("1027700132195"), Ok(())); // Сбербанк
        assert_eq!(
            FieldKind::Ogrn.check("1027700132196"),
            Err(FieldProblem::OgrnCheckDigit)
        );
        assert_eq!(
            FieldKind::Ogrn.check("102770013219"),
            Err(FieldProblem::OgrnFormat)
        );
        assert_eq!(
            FieldKind::Ogrn.check("10277001321٩5"),
            Err(FieldProblem::OgrnFormat)
        );
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
