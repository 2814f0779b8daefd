//! Why a template is refused: the problem at a place in the file, and the error that carries
//! it with its path (or the line and column of a syntax error).

use super::{MAX_CHOICES, MAX_ITEMS, MAX_POINTS, TEMPLATE_FORMAT};
use crate::json::Shape;

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
