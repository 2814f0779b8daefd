//! What is wrong in a sheet, and where: a row as the spreadsheet numbers it and a column by
//! its letter and, when the header names a known column, that header as the sheet writes it
//! («минимум» in a Russian sheet, `min` in an English one).

use std::fmt;

use model::TemplateError;

use super::{COLUMNS, N};

/// A column of the sheet: its position (0 is `A`) and, when its header is one this format
/// knows, that name as the header has it (the canonical English name or a Russian alias).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SheetColumn {
    pub index: usize,
    pub name: Option<&'static str>,
}

impl SheetColumn {
    /// The spreadsheet letter: `A`, …, `Z`, `AA`, ….
    pub fn letter(&self) -> String {
        let mut n = self.index + 1;
        let mut letters = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }
}

/// Where in the sheet: a row as the spreadsheet numbers it (1 is the header) and, when the
/// problem is in one cell, its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub row: usize,
    pub column: Option<SheetColumn>,
}

/// What is wrong in a sheet. `Display` gives the English sentence; the app words each variant
/// in the interface language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetProblem {
    /// The file is larger than a template may be.
    TooLarge {
        size: usize,
        max: usize,
    },
    /// The file has no rows (or only blank ones).
    Empty,
    /// Bytes that are neither UTF-8 nor Windows-1251 text.
    Encoding,
    /// A quoted cell that is never closed.
    UnclosedQuote,
    /// The header has no `row` column.
    NoRowColumn,
    UnknownHeader {
        name: String,
    },
    DuplicateHeader {
        name: String,
    },
    /// A value in a column with no header.
    OutsideHeader,
    /// More rows than [`MAX_SHEET_ROWS`].
    TooManyRows {
        max: usize,
    },
    UnknownRowType {
        found: String,
    },
    /// An item, field, column kind or level tone that does not exist; `expected` lists them.
    UnknownKind {
        found: String,
        expected: &'static [&'static str],
    },
    UnknownMetaKey {
        key: String,
    },
    /// A meta key or a scale name given twice.
    Duplicate {
        name: String,
    },
    /// A `meta` row the template cannot do without (`id`, `version`, `title`).
    MissingMeta {
        key: &'static str,
    },
    /// This cell must have a value.
    Required,
    /// This kind of row does not use this column; leave the cell empty.
    NotForRow,
    BadNumber {
        found: String,
    },
    BadWholeNumber {
        found: String,
    },
    /// Not a yes/no value.
    BadYesNo {
        found: String,
    },
    /// One option of an options cell does not read as `value: label = points`.
    BadOption {
        found: String,
    },
    /// One band of a bands cell does not read as `10..20 = 1`, `>=20 = 2`, `<10 = 0`, `* = 0`.
    BadBand {
        found: String,
    },
    /// The English options are not one per option.
    EnglishCount {
        expected: usize,
        found: usize,
    },
    /// An item before any section.
    NoSection,
    /// A column before any item.
    NoItem,
    /// The parent names no group (for a section) or no section (for a level).
    UnknownParent {
        id: String,
    },
    /// The template the sheet describes was refused by the model; the place is the cell the
    /// refused part came from.
    Template(TemplateError),
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SheetProblem as P;
        match self {
            P::TooLarge { size, max } => {
                write!(f, "the file is {size} bytes; a template may be at most {max} bytes")
            }
            P::Empty => f.write_str("the file is empty"),
            P::Encoding => f.write_str(
                "the text is not in a known encoding; save the sheet as CSV UTF-8 (or Windows-1251)",
            ),
            P::UnclosedQuote => f.write_str("a quoted cell is never closed"),
            P::NoRowColumn => f.write_str("the first row must be the header, with a «row» column"),
            P::UnknownHeader { name } => write!(f, "«{name}» is not a column of a template sheet"),
            P::DuplicateHeader { name } => write!(f, "the column «{name}» appears twice"),
            P::OutsideHeader => f.write_str("this cell has no column header; move or delete it"),
            P::TooManyRows { max } => write!(f, "a template sheet may have at most {max} rows"),
            P::UnknownRowType { found } => write!(
                f,
                "«{found}» is not a kind of row; use meta, field, scale, level, group, section, item or column"
            ),
            P::UnknownKind { found, expected } => {
                write!(f, "«{found}» is not one of: {}", expected.join(", "))
            }
            P::UnknownMetaKey { key } => write!(
                f,
                "«{key}» is not a meta key; use format, id, version, title, description, source or notice"
            ),
            P::Duplicate { name } => write!(f, "«{name}» is given twice"),
            P::MissingMeta { key } => write!(f, "the sheet needs a «meta» row «{key}»"),
            P::Required => f.write_str("this cell must not be empty"),
            P::NotForRow => {
                f.write_str("this kind of row does not use this column; leave the cell empty")
            }
            P::BadNumber { found } => write!(f, "«{found}» is not a number"),
            P::BadWholeNumber { found } => write!(f, "«{found}» is not a whole number from 0"),
            P::BadYesNo { found } => write!(f, "«{found}» is not yes or no (да / нет)"),
            P::BadOption { found } => write!(
                f,
                "the option «{found}» does not read; write value: label = points"
            ),
            P::BadBand { found } => write!(
                f,
                "the band «{found}» does not read; write e.g. 10..20 = 1, >=20 = 2, <10 = 0 or * = 0"
            ),
            P::EnglishCount { expected, found } => write!(
                f,
                "{found} English labels for {expected} options; give one per option, in order"
            ),
            P::NoSection => f.write_str("an item must come after a section row"),
            P::NoItem => f.write_str("a column must come after its table item"),
            P::UnknownParent { id } => write!(f, "there is no «{id}» to belong to"),
            P::Template(TemplateError::Invalid { problem, .. }) => problem.fmt(f),
            P::Template(e) => e.fmt(f),
        }
    }
}

/// Why a sheet was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetError {
    /// `None` for problems of the whole file.
    pub at: Option<Place>,
    pub problem: SheetProblem,
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.at {
            write!(f, "row {}", at.row)?;
            if let Some(c) = &at.column {
                write!(f, ", column {}", c.letter())?;
                if let Some(name) = c.name {
                    write!(f, " ({name})")?;
                }
            }
            f.write_str(": ")?;
        }
        match &self.problem {
            // Without a cell, the model's path is the only pointer left.
            SheetProblem::Template(e) if self.at.is_none() => e.fmt(f),
            problem => problem.fmt(f),
        }
    }
}

impl std::error::Error for SheetError {}

/// The sheet column at `index`, named as its header is written when the header maps it to a
/// known column.
pub(super) fn sheet_column(
    map: &[Option<usize>; N],
    written: &[&'static str; N],
    index: usize,
) -> SheetColumn {
    SheetColumn {
        index,
        name: map
            .iter()
            .position(|m| *m == Some(index))
            .map(|c| written[c]),
    }
}

/// The canonical name of every known column: what a sheet without a header for it would be
/// named by.
pub(super) fn canonical_names() -> [&'static str; N] {
    std::array::from_fn(|c| COLUMNS[c].0)
}

pub(super) fn whole_file(problem: SheetProblem) -> SheetError {
    SheetError { at: None, problem }
}
