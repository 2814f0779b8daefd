//! Spreadsheet authoring of templates: a methodologist writes a checklist in Excel or
//! LibreOffice, one row per item, saves it as CSV, and the app turns it into the template JSON.
//!
//! The format is described in `docs/template-sheet.md`. Reading goes sheet → JSON text →
//! [`Template::from_json`], so the model stays the only judge of what a template may be; while
//! the JSON is written, every JSON path is remembered with the sheet row and column it came
//! from, so a refusal by the model points at a cell. [`template_to_sheet`] writes the
//! canonical sheet of a template (what the built-in examples are).
//!
//! The CSV reader, the decoder and the JSON writer are hand-written and small: this code ships
//! in the browser bundle.

use std::fmt;

use model::{
    parse_number, Choice, Item, ItemKind, Json, Problem, Template, TemplateError, Text,
    COLUMN_KINDS, FIELD_KINDS, ITEM_KINDS, MAX_TEMPLATE_BYTES, TEMPLATE_FORMAT,
};

/// The columns a sheet may have, in canonical order, each with its Russian header aliases.
const COLUMNS: [(&str, &[&str]); N] = [
    ("row", &["тип строки", "строка"]),
    ("parent", &["родитель"]),
    ("id", &["код"]),
    ("kind", &["вид"]),
    ("label", &["текст"]),
    ("label_en", &["текст_en"]),
    ("options", &["варианты"]),
    ("options_en", &["варианты_en"]),
    ("scale", &["шкала"]),
    ("points", &["делений"]),
    ("reverse", &["обратная"]),
    ("good", &["хороший ответ"]),
    ("required", &["обязательный"]),
    ("min", &["минимум"]),
    ("max", &["максимум"]),
    ("integer", &["целое"]),
    ("unit", &["единица"]),
    ("unit_en", &["единица_en"]),
    ("bands", &["баллы за число"]),
    ("weight", &["вес"]),
    ("max_choices", &["не более"]),
    ("pattern", &["шаблон"]),
    ("message", &["сообщение"]),
    ("message_en", &["сообщение_en"]),
    ("condition", &["условие"]),
    ("evidence", &["документ"]),
    ("comment", &["комментарий"]),
    ("help", &["подсказка"]),
    ("help_en", &["подсказка_en"]),
    ("recommendation", &["рекомендация"]),
    ("recommendation_en", &["рекомендация_en"]),
];

const N: usize = 31;

/// Most rows a sheet may have (comments and blank rows aside): every item, column, level and
/// field is a row, and the largest real checklist has a few hundred.
pub const MAX_SHEET_ROWS: usize = 20_000;
const MAX_ROWS: usize = MAX_SHEET_ROWS;
const ROW: usize = 0;
const PARENT: usize = 1;
const ID: usize = 2;
const KIND: usize = 3;
const LABEL: usize = 4;
const LABEL_EN: usize = 5;
const OPTIONS: usize = 6;
const OPTIONS_EN: usize = 7;
const SCALE: usize = 8;
const POINTS: usize = 9;
const REVERSE: usize = 10;
const GOOD: usize = 11;
const REQUIRED: usize = 12;
const MIN: usize = 13;
const MAX: usize = 14;
const INTEGER: usize = 15;
const UNIT: usize = 16;
const UNIT_EN: usize = 17;
const BANDS: usize = 18;
const WEIGHT: usize = 19;
const MAX_CHOICES: usize = 20;
const PATTERN: usize = 21;
const MESSAGE: usize = 22;
const MESSAGE_EN: usize = 23;
const CONDITION: usize = 24;
const EVIDENCE: usize = 25;
const COMMENT: usize = 26;
const HELP: usize = 27;
const HELP_EN: usize = 28;
const RECOMMENDATION: usize = 29;
const RECOMMENDATION_EN: usize = 30;

/// The kinds of row, with their Russian aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowType {
    Meta,
    Field,
    Scale,
    Level,
    Group,
    Section,
    Item,
    Column,
}

const ROW_TYPES: [(&str, &str, RowType); 8] = [
    ("meta", "мета", RowType::Meta),
    ("field", "поле", RowType::Field),
    ("scale", "шкала", RowType::Scale),
    ("level", "уровень", RowType::Level),
    ("group", "группа", RowType::Group),
    ("section", "раздел", RowType::Section),
    ("item", "пункт", RowType::Item),
    ("column", "столбец", RowType::Column),
];

const fn bits(columns: &[usize]) -> u64 {
    let mut mask = 0;
    let mut i = 0;
    while i < columns.len() {
        mask |= 1 << columns[i];
        i += 1;
    }
    mask
}

impl RowType {
    /// The columns this kind of row uses; a value in any other is refused.
    fn columns(self) -> u64 {
        match self {
            RowType::Meta => bits(&[ROW, ID, LABEL, LABEL_EN]),
            RowType::Field => bits(&[ROW, ID, KIND, LABEL, LABEL_EN, REQUIRED, HELP, HELP_EN]),
            RowType::Scale => bits(&[ROW, ID, OPTIONS, OPTIONS_EN]),
            RowType::Level => bits(&[ROW, PARENT, MIN, LABEL, LABEL_EN, KIND]),
            RowType::Group => bits(&[ROW, ID, LABEL, LABEL_EN]),
            RowType::Section => bits(&[ROW, PARENT, ID, LABEL, LABEL_EN, CONDITION]),
            RowType::Item => !bits(&[PARENT]),
            RowType::Column => bits(&[
                ROW, ID, KIND, LABEL, LABEL_EN, OPTIONS, OPTIONS_EN, REQUIRED,
            ]),
        }
    }
}

const TONES: [&str; 3] = ["good", "medium", "bad"];
const META_KEYS: [&str; 6] = ["format", "id", "version", "title", "description", "source"];

// ---------------------------------------------------------------------------------------------
// Errors

/// A column of the sheet: its position (0 is `A`) and, when its header is one this format
/// knows, the canonical (English) name.
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
                "«{key}» is not a meta key; use format, id, version, title, description or source"
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

/// The sheet column at `index`, named when the header maps it to a known column.
fn sheet_column(map: &[Option<usize>; N], index: usize) -> SheetColumn {
    SheetColumn {
        index,
        name: map
            .iter()
            .position(|m| *m == Some(index))
            .map(|c| COLUMNS[c].0),
    }
}

fn whole_file(problem: SheetProblem) -> SheetError {
    SheetError { at: None, problem }
}

// ---------------------------------------------------------------------------------------------
// Decoding and CSV

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Windows-1251 bytes 0x80…0xBF; 0xC0…0xFF are А…я in order. 0x98 is unassigned.
const CP1251_HIGH: [char; 64] = [
    'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Ќ', 'Ћ', 'Џ', //
    'ђ', '‘', '’', '“', '”', '•', '–', '—', '\u{FFFD}', '™', 'љ', '›', 'њ', 'ќ', 'ћ', 'џ', //
    '\u{A0}', 'Ў', 'ў', 'Ј', '¤', 'Ґ', '¦', '§', 'Ё', '©', 'Є', '«', '¬', '\u{AD}', '®',
    'Ї', //
    '°', '±', 'І', 'і', 'ґ', 'µ', '¶', '·', 'ё', '№', 'є', '»', 'ј', 'Ѕ', 'ѕ', 'ї',
];

/// The Windows-1251 byte of a character, if it has one.
pub(crate) fn cp1251_byte(c: char) -> Option<u8> {
    match c {
        '\0'..='\u{7f}' => u8::try_from(c).ok(),
        'А'..='я' => u8::try_from(u32::from(c) - 0x410 + 0xC0).ok(),
        '\u{FFFD}' => None,
        _ => CP1251_HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// The text of the file, and whether some bytes could not be decoded (they read as U+FFFD).
pub(crate) fn decode(bytes: &[u8]) -> (String, bool) {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(rest).into_owned(), true),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), false);
    }
    // Broken UTF-8 (many good multi-byte letters, a few bad bytes) is reported, not read as
    // Windows-1251, where Russian text almost never forms valid UTF-8 sequences.
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good > bad {
        return (String::from_utf8_lossy(bytes).into_owned(), true);
    }
    let mut text = String::with_capacity(bytes.len() * 2);
    let mut lost = false;
    for &b in bytes {
        let c = match b {
            0..=0x7F => char::from(b),
            0x80..=0xBF => CP1251_HIGH[usize::from(b - 0x80)],
            _ => char::from_u32(0x410 + u32::from(b - 0xC0)).unwrap_or('\u{FFFD}'),
        };
        lost |= c == '\u{FFFD}';
        text.push(c);
    }
    (text, lost)
}

/// The separator: whichever of `;`, `,` and tab is most frequent in the header line (the first
/// line that is not blank and not a comment).
fn delimiter(text: &str) -> char {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or("");
    let count = |d| line.chars().filter(|&c| c == d).count();
    let (semi, comma, tab) = (count(';'), count(','), count('\t'));
    if tab > semi && tab > comma {
        '\t'
    } else if comma > semi {
        ','
    } else {
        ';'
    }
}

/// The non-blank cells of a row, each with its column index.
type Cells = Vec<(usize, String)>;

/// Reads CSV text row by row and hands each row that has a non-blank cell to `on_row` with its
/// spreadsheet row number (a line break inside a quoted cell does not start a row). Only the
/// first `N + 1` non-blank cells of a row are kept: more cannot all be known columns, so the
/// checks on the kept ones already find the first bad one, and a crafted line of millions of
/// cells costs no memory.
fn read_csv(
    text: &str,
    delimiter: char,
    on_row: &mut dyn FnMut(usize, Cells) -> Result<(), SheetError>,
) -> Result<(), SheetError> {
    let mut n = 1;
    let mut cells: Cells = Vec::new();
    let mut index = 0;
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    let end_cell = |cells: &mut Cells, index: &mut usize, cell: &mut String| {
        if !cell.trim().is_empty() && cells.len() <= N {
            cells.push((*index, std::mem::take(cell)));
        }
        cell.clear();
        *index += 1;
    };
    while let Some(c) = chars.next() {
        if at_cell_start && c == '"' {
            at_cell_start = false;
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(c) => cell.push(c),
                    None => {
                        return Err(SheetError {
                            at: Some(Place {
                                row: n,
                                column: Some(SheetColumn { index, name: None }),
                            }),
                            problem: SheetProblem::UnclosedQuote,
                        })
                    }
                }
            }
            continue;
        }
        at_cell_start = false;
        if c == delimiter {
            end_cell(&mut cells, &mut index, &mut cell);
            at_cell_start = true;
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            end_cell(&mut cells, &mut index, &mut cell);
            if !cells.is_empty() {
                on_row(n, std::mem::take(&mut cells))?;
            }
            n += 1;
            index = 0;
            at_cell_start = true;
        } else {
            cell.push(c);
        }
    }
    end_cell(&mut cells, &mut index, &mut cell);
    if !cells.is_empty() {
        on_row(n, cells)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A tiny JSON tree, written by hand (no serializer in the bundle)

fn text_json(ru: &str, en: &str) -> Json {
    if en.is_empty() {
        Json::Str(ru.to_owned())
    } else {
        Json::Obj(vec![
            ("ru".into(), Json::Str(ru.to_owned())),
            ("en".into(), Json::Str(en.to_owned())),
        ])
    }
}

/// An object of the template file made from one row, with the sheet cells its keys came from.
struct Node {
    row: usize,
    /// The column a problem with the whole object points at.
    main: usize,
    fields: Vec<(String, Json)>,
    /// JSON key (relative to this object) → (row, canonical column).
    cells: Vec<(String, usize, usize)>,
    /// Child lists; `items` and `sections` are written even when empty.
    lists: Vec<(&'static str, Vec<Node>)>,
}

impl Node {
    fn new(row: usize, main: usize) -> Node {
        Node {
            row,
            main,
            fields: Vec::new(),
            cells: Vec::new(),
            lists: Vec::new(),
        }
    }

    fn set(&mut self, key: &str, value: Json, column: usize) {
        self.fields.push((key.to_owned(), value));
        self.cells.push((key.to_owned(), self.row, column));
    }

    fn list(&mut self, name: &'static str) -> &mut Vec<Node> {
        let at = match self.lists.iter().position(|(n, _)| *n == name) {
            Some(at) => at,
            None => {
                self.lists.push((name, Vec::new()));
                self.lists.len() - 1
            }
        };
        &mut self.lists[at].1
    }

    /// The object as JSON, noting for every path in it the sheet cell it came from.
    fn to_json(&self, path: &str, places: &mut Vec<(String, usize, usize)>) -> Json {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        };
        if !path.is_empty() {
            places.push((path.to_owned(), self.row, self.main));
        }
        for (key, row, column) in &self.cells {
            places.push((join(key), *row, *column));
        }
        let mut fields = self.fields.clone();
        for (name, nodes) in &self.lists {
            if nodes.is_empty() && !matches!(*name, "items" | "sections") {
                continue;
            }
            let list = nodes
                .iter()
                .enumerate()
                .map(|(i, node)| node.to_json(&join(&format!("{name}[{i}]")), places))
                .collect();
            fields.push(((*name).to_owned(), Json::Arr(list)));
        }
        Json::Obj(fields)
    }
}

// ---------------------------------------------------------------------------------------------
// Cells

/// Unescapes `\x` to `x`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits at every `sep` not preceded by a backslash; the parts keep their escapes.
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The byte position of the first (or last) `sep` not preceded by a backslash.
fn find_unescaped(s: &str, sep: char, last: bool) -> Option<usize> {
    let mut found = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            found = Some(i);
            if !last {
                break;
            }
        }
    }
    found
}

fn number_json(x: f64) -> Json {
    Json::Num(x)
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "yes" | "true" | "1" | "да" | "+" | "x" | "х" | "y" | "д" => Some(true),
        "no" | "false" | "0" | "нет" | "-" | "n" | "н" => Some(false),
        _ => None,
    }
}

struct Row {
    /// The spreadsheet row number.
    n: usize,
    /// Cells in canonical column order.
    cells: Vec<String>,
}

impl Row {
    /// The cell as written, or `None` when it is blank.
    fn text(&self, c: usize) -> Option<&str> {
        let s = self.cells[c].as_str();
        (!s.trim().is_empty()).then_some(s)
    }

    /// The trimmed cell, or `None` when it is blank.
    fn value(&self, c: usize) -> Option<&str> {
        self.text(c).map(str::trim)
    }
}

/// Reads rows into the template file, remembering where every part came from.
struct Reader {
    /// Canonical column → sheet column.
    header: [Option<usize>; N],
}

impl Reader {
    fn place(&self, row: usize, c: usize) -> Place {
        Place {
            row,
            column: self.header[c].map(|index| SheetColumn {
                index,
                name: Some(COLUMNS[c].0),
            }),
        }
    }

    fn err(&self, row: usize, c: usize, problem: SheetProblem) -> SheetError {
        SheetError {
            at: Some(self.place(row, c)),
            problem,
        }
    }

    /// A cell read with `parse`; a value that does not read is `problem` at that cell.
    fn cell<T>(
        &self,
        row: &Row,
        c: usize,
        parse: impl Fn(&str) -> Option<T>,
        problem: fn(String) -> SheetProblem,
    ) -> Result<Option<T>, SheetError> {
        match row.value(c) {
            None => Ok(None),
            Some(s) => parse(s)
                .map(Some)
                .ok_or_else(|| self.err(row.n, c, problem(s.to_owned()))),
        }
    }

    fn number(&self, row: &Row, c: usize) -> Result<Option<f64>, SheetError> {
        self.cell(row, c, parse_number, |found| SheetProblem::BadNumber {
            found,
        })
    }

    fn whole(&self, row: &Row, c: usize) -> Result<Option<u32>, SheetError> {
        self.cell(
            row,
            c,
            |s| s.parse::<u32>().ok(),
            |found| SheetProblem::BadWholeNumber { found },
        )
    }

    fn yes_no(&self, row: &Row, c: usize) -> Result<Option<bool>, SheetError> {
        self.cell(row, c, parse_yes_no, |found| SheetProblem::BadYesNo {
            found,
        })
    }

    /// A kind cell: one of `allowed`, lower-cased; `None` when blank.
    fn kind(
        &self,
        row: &Row,
        allowed: &'static [&'static str],
    ) -> Result<Option<&'static str>, SheetError> {
        let Some(s) = row.value(KIND) else {
            return Ok(None);
        };
        let lower = s.to_lowercase().replace([' ', '-'], "_");
        allowed
            .iter()
            .find(|k| **k == lower)
            .copied()
            .map(Some)
            .ok_or_else(|| {
                self.err(
                    row.n,
                    KIND,
                    SheetProblem::UnknownKind {
                        found: s.to_owned(),
                        expected: allowed,
                    },
                )
            })
    }

    fn required<'r>(&self, row: &'r Row, c: usize) -> Result<&'r str, SheetError> {
        row.value(c)
            .ok_or_else(|| self.err(row.n, c, SheetProblem::Required))
    }

    /// A text from a cell and its English twin, if either has a value.
    fn text(&self, row: &Row, ru: usize, en: usize) -> Option<Json> {
        match (row.text(ru), row.text(en)) {
            (None, None) => None,
            (ru, en) => Some(text_json(ru.unwrap_or(""), en.unwrap_or(""))),
        }
    }

    fn set_text(&self, node: &mut Node, row: &Row, key: &str, ru: usize, en: usize) {
        if let Some(t) = self.text(row, ru, en) {
            node.set(key, t, ru);
        }
    }

    /// The English labels of an options cell, one per option (`None` when the cell is blank).
    fn english(&self, row: &Row, expected: usize) -> Result<Option<Vec<String>>, SheetError> {
        let Some(cell) = row.text(OPTIONS_EN) else {
            return Ok(None);
        };
        let parts: Vec<String> = split_unescaped(cell, '|')
            .into_iter()
            .map(|p| unescape(p.trim()))
            .collect();
        if parts.len() != expected {
            return Err(self.err(
                row.n,
                OPTIONS_EN,
                SheetProblem::EnglishCount {
                    expected,
                    found: parts.len(),
                },
            ));
        }
        Ok(Some(parts))
    }

    /// `value: label = points [n/a] | …` into the JSON list of choices.
    fn choices(&self, row: &Row) -> Result<Option<Json>, SheetError> {
        let Some(cell) = row.text(OPTIONS) else {
            return Ok(None);
        };
        let parts: Vec<&str> = split_unescaped(cell, '|')
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let english = self.english(row, parts.len())?;
        let mut choices = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let bad = || {
                self.err(
                    row.n,
                    OPTIONS,
                    SheetProblem::BadOption {
                        found: (*part).to_owned(),
                    },
                )
            };
            let colon = find_unescaped(part, ':', false).ok_or_else(bad)?;
            let value = unescape(part[..colon].trim());
            let rest = &part[colon + 1..];
            let (label, points) = match find_unescaped(rest, '=', true) {
                Some(eq) => (&rest[..eq], Some(rest[eq + 1..].trim())),
                None => (rest, None),
            };
            let (mut points_value, mut not_applicable) = (0u32, false);
            if let Some(p) = points {
                let mut words = p.split_whitespace().peekable();
                if let Some(w) = words.peek() {
                    if let Ok(n) = w.parse::<u32>() {
                        points_value = n;
                        words.next();
                    }
                }
                match words.next() {
                    None if !p.is_empty() => {}
                    Some(w) if matches!(w.to_lowercase().as_str(), "n/a" | "н/п" | "na") => {
                        not_applicable = true;
                    }
                    _ => return Err(bad()),
                }
                if words.next().is_some() {
                    return Err(bad());
                }
            }
            let en = english
                .as_ref()
                .and_then(|e| e.get(i))
                .map(String::as_str)
                .unwrap_or("");
            let mut choice = vec![
                ("value".to_owned(), Json::Str(value)),
                ("label".to_owned(), text_json(&unescape(label.trim()), en)),
                ("points".to_owned(), Json::Num(f64::from(points_value))),
            ];
            if not_applicable {
                choice.push(("not_applicable".to_owned(), Json::Bool(true)));
            }
            choices.push(Json::Obj(choice));
        }
        Ok(Some(Json::Arr(choices)))
    }

    /// Likert labels: `label | label | …`.
    fn labels(&self, row: &Row) -> Result<Option<Json>, SheetError> {
        let Some(cell) = row.text(OPTIONS) else {
            return Ok(None);
        };
        let parts = split_unescaped(cell, '|');
        let english = self.english(row, parts.len())?;
        let labels = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let en = english
                    .as_ref()
                    .and_then(|e| e.get(i))
                    .map(String::as_str)
                    .unwrap_or("");
                text_json(&unescape(p.trim()), en)
            })
            .collect();
        Ok(Some(Json::Arr(labels)))
    }

    /// `10..20 = 1 | >=20 = 2 | <10 = 0 | * = 0`.
    fn bands(&self, row: &Row) -> Result<Option<Json>, SheetError> {
        let Some(cell) = row.text(BANDS) else {
            return Ok(None);
        };
        let mut bands = Vec::new();
        for part in cell.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || {
                self.err(
                    row.n,
                    BANDS,
                    SheetProblem::BadBand {
                        found: part.to_owned(),
                    },
                )
            };
            let (range, points) = part.rsplit_once('=').ok_or_else(bad)?;
            let points: u32 = points.trim().parse().map_err(|_| bad())?;
            let range = range.trim();
            let num = |s: &str| parse_number(s).ok_or_else(bad);
            let (min, max) = if range.is_empty() || range == "*" {
                (None, None)
            } else if let Some(x) = range.strip_prefix(">=").or_else(|| range.strip_prefix('≥')) {
                (Some(num(x)?), None)
            } else if let Some(x) = range.strip_prefix('<') {
                (None, Some(num(x)?))
            } else if let Some((a, b)) = range.split_once("..") {
                let a = a.trim();
                let b = b.trim();
                (
                    if a.is_empty() { None } else { Some(num(a)?) },
                    if b.is_empty() { None } else { Some(num(b)?) },
                )
            } else {
                return Err(bad());
            };
            let mut band = Vec::new();
            if let Some(min) = min {
                band.push(("min".to_owned(), number_json(min)));
            }
            if let Some(max) = max {
                band.push(("max".to_owned(), number_json(max)));
            }
            band.push(("points".to_owned(), Json::Num(f64::from(points))));
            bands.push(Json::Obj(band));
        }
        Ok(Some(Json::Arr(bands)))
    }
}

// ---------------------------------------------------------------------------------------------
// Sheet → JSON

/// Reads a template sheet (CSV bytes) into the template it describes and the JSON text of
/// that template (what the app stores and hashes).
pub fn import_sheet(bytes: &[u8]) -> Result<(Template, String), SheetError> {
    if bytes.len() > MAX_TEMPLATE_BYTES {
        return Err(whole_file(SheetProblem::TooLarge {
            size: bytes.len(),
            max: MAX_TEMPLATE_BYTES,
        }));
    }
    let (text, lost) = decode(bytes);
    if text.trim().is_empty() {
        return Err(whole_file(SheetProblem::Empty));
    }
    let mut header: Option<[Option<usize>; N]> = None;
    let mut data = Vec::new();
    read_csv(&text, delimiter(&text), &mut |n, cells| {
        let map = header.unwrap_or([None; N]);
        // Undecodable bytes read as U+FFFD; the first cell holding one is the place to fix.
        if lost {
            if let Some((c, _)) = cells.iter().find(|(_, cell)| cell.contains('\u{FFFD}')) {
                return Err(SheetError {
                    at: Some(Place {
                        row: n,
                        column: Some(sheet_column(&map, *c)),
                    }),
                    problem: SheetProblem::Encoding,
                });
            }
        }
        if cells
            .first()
            .is_some_and(|(c, cell)| *c == 0 && cell.trim_start().starts_with('#'))
        {
            return Ok(());
        }
        if header.is_none() {
            header = Some(read_header(n, &cells)?);
            return Ok(());
        }
        if let Some((c, _)) = cells.iter().find(|(c, _)| !map.contains(&Some(*c))) {
            return Err(SheetError {
                at: Some(Place {
                    row: n,
                    column: Some(SheetColumn {
                        index: *c,
                        name: None,
                    }),
                }),
                problem: SheetProblem::OutsideHeader,
            });
        }
        if data.len() >= MAX_ROWS {
            return Err(SheetError {
                at: Some(Place {
                    row: n,
                    column: None,
                }),
                problem: SheetProblem::TooManyRows { max: MAX_ROWS },
            });
        }
        let mut row: Vec<String> = vec![String::new(); N];
        for (c, cell) in cells {
            if let Some(canonical) = map.iter().position(|m| *m == Some(c)) {
                row[canonical] = sheet_unguard(cell);
            }
        }
        data.push(Row { n, cells: row });
        Ok(())
    })?;
    let Some(map) = header else {
        return Err(whole_file(SheetProblem::Empty));
    };
    let reader = Reader { header: map };
    let root = build(&reader, &data)?;
    let mut json = String::with_capacity(text.len() * 2);
    let mut places = Vec::new();
    json.push_str(&root.to_json("", &mut places).text());
    match Template::from_json(&json) {
        Ok(t) => Ok((t, json)),
        Err(e) => {
            let at = match &e {
                TemplateError::Invalid { path, problem } => {
                    locate(&places, path, problem).map(|(row, c)| reader.place(row, c))
                }
                _ => None,
            };
            Err(SheetError {
                at,
                problem: SheetProblem::Template(e),
            })
        }
    }
}

/// Maps the header's columns to the known ones.
fn read_header(n: usize, cells: &[(usize, String)]) -> Result<[Option<usize>; N], SheetError> {
    let mut map = [None; N];
    for (i, name) in cells {
        let key = name.trim().to_lowercase();
        let at = |name: Option<&'static str>| Place {
            row: n,
            column: Some(SheetColumn { index: *i, name }),
        };
        let Some(c) = COLUMNS
            .iter()
            .position(|(n, aliases)| *n == key || aliases.contains(&key.as_str()))
        else {
            return Err(SheetError {
                at: Some(at(None)),
                problem: SheetProblem::UnknownHeader {
                    name: name.trim().to_owned(),
                },
            });
        };
        if map[c].is_some() {
            return Err(SheetError {
                at: Some(at(Some(COLUMNS[c].0))),
                problem: SheetProblem::DuplicateHeader {
                    name: name.trim().to_owned(),
                },
            });
        }
        map[c] = Some(*i);
    }
    if map[ROW].is_none() {
        return Err(SheetError {
            at: Some(Place {
                row: n,
                column: None,
            }),
            problem: SheetProblem::NoRowColumn,
        });
    }
    Ok(map)
}

/// Reads a template sheet (CSV bytes: UTF-8 with or without BOM, or Windows-1251; `;`, `,` or
/// tab between cells) into template JSON text, checked by [`Template::from_json`].
pub fn sheet_to_json(bytes: &[u8]) -> Result<String, SheetError> {
    import_sheet(bytes).map(|(_, json)| json)
}

/// The sheet row and column that a JSON path of a refused template came from.
fn locate(
    places: &[(String, usize, usize)],
    path: &str,
    problem: &Problem,
) -> Option<(usize, usize)> {
    let find = |p: &str| {
        places
            .iter()
            .find(|(q, _, _)| q == p)
            .map(|(_, row, c)| (*row, *c))
    };
    if matches!(
        problem,
        Problem::PresetOptions | Problem::ScaleAndChoices | Problem::NoChoices
    ) {
        for key in ["choices", "labels", "scale", "kind"] {
            if let Some(found) = find(&format!("{path}.{key}")) {
                return Some(found);
            }
        }
    }
    let mut p = path;
    loop {
        if let Some(found) = find(p) {
            return Some(found);
        }
        p = &p[..p.rfind(['.', '['])?];
    }
}

/// A parent id as written, and the row it was written on.
type Parent = Option<(String, usize)>;

enum Top {
    Group(usize),
    Section(usize),
}

fn build(reader: &Reader, rows: &[Row]) -> Result<Node, SheetError> {
    let mut root = Node::new(1, ID);
    let mut meta: Vec<&'static str> = Vec::new();
    let mut scales: Vec<(String, Json)> = Vec::new();
    let mut scale_names: std::collections::HashSet<String> = Default::default();
    let mut fields = Vec::new();
    let mut levels: Vec<(Parent, Node)> = Vec::new();
    let mut tops = Vec::new();
    let mut groups: Vec<(String, Node)> = Vec::new();
    let mut sections: Vec<(Parent, String, Node)> = Vec::new();
    // Whether the last section has had an item row yet; columns go to the last item.
    let mut has_item = false;
    for row in rows {
        let kind = reader.required(row, ROW)?;
        let lower = kind.to_lowercase();
        let Some(&(_, _, row_type)) = ROW_TYPES
            .iter()
            .find(|(en, ru, _)| *en == lower || *ru == lower)
        else {
            return Err(reader.err(
                row.n,
                ROW,
                SheetProblem::UnknownRowType {
                    found: kind.to_owned(),
                },
            ));
        };
        let allowed = row_type.columns();
        if let Some(c) = (0..N).find(|&c| allowed & (1 << c) == 0 && row.value(c).is_some()) {
            return Err(reader.err(row.n, c, SheetProblem::NotForRow));
        }
        match row_type {
            RowType::Meta => {
                let key = reader.required(row, ID)?;
                let Some(&key) = META_KEYS.iter().find(|k| **k == key.to_lowercase()) else {
                    return Err(reader.err(
                        row.n,
                        ID,
                        SheetProblem::UnknownMetaKey {
                            key: key.to_owned(),
                        },
                    ));
                };
                if meta.contains(&key) {
                    return Err(reader.err(
                        row.n,
                        ID,
                        SheetProblem::Duplicate {
                            name: key.to_owned(),
                        },
                    ));
                }
                meta.push(key);
                match key {
                    "format" => {
                        let format = reader.whole(row, LABEL)?.unwrap_or(TEMPLATE_FORMAT);
                        root.set(key, Json::Num(f64::from(format)), LABEL);
                    }
                    "id" | "version" => {
                        root.set(
                            key,
                            Json::Str(row.value(LABEL).unwrap_or("").to_owned()),
                            LABEL,
                        );
                    }
                    _ => {
                        let text = reader
                            .text(row, LABEL, LABEL_EN)
                            .unwrap_or_else(|| Json::Str(String::new()));
                        root.set(key, text, LABEL);
                    }
                }
                if let Some(last) = root.cells.last_mut() {
                    last.1 = row.n;
                }
            }
            RowType::Field => {
                let mut node = Node::new(row.n, ID);
                node.set("id", Json::Str(row.value(ID).unwrap_or("").to_owned()), ID);
                let label = reader.text(row, LABEL, LABEL_EN);
                node.set(
                    "label",
                    label.unwrap_or_else(|| Json::Str(String::new())),
                    LABEL,
                );
                if let Some(kind) = reader.kind(row, FIELD_KINDS)? {
                    node.set("kind", Json::Str(kind.to_owned()), KIND);
                }
                if let Some(required) = reader.yes_no(row, REQUIRED)? {
                    node.set("required", Json::Bool(required), REQUIRED);
                }
                reader.set_text(&mut node, row, "help", HELP, HELP_EN);
                fields.push(node);
            }
            RowType::Scale => {
                let name = reader.required(row, ID)?;
                if !scale_names.insert(name.to_owned()) {
                    return Err(reader.err(
                        row.n,
                        ID,
                        SheetProblem::Duplicate {
                            name: name.to_owned(),
                        },
                    ));
                }
                let choices = reader
                    .choices(row)?
                    .ok_or_else(|| reader.err(row.n, OPTIONS, SheetProblem::Required))?;
                root.cells.push((format!("scales.{name}"), row.n, OPTIONS));
                scales.push((name.to_owned(), choices));
            }
            RowType::Level => {
                let mut node = Node::new(row.n, MIN);
                let min = reader.number(row, MIN)?;
                let min = min.ok_or_else(|| reader.err(row.n, MIN, SheetProblem::Required))?;
                node.set("min", number_json(min), MIN);
                let label = reader.text(row, LABEL, LABEL_EN);
                node.set(
                    "label",
                    label.unwrap_or_else(|| Json::Str(String::new())),
                    LABEL,
                );
                let tone = reader
                    .kind(row, &TONES)?
                    .ok_or_else(|| reader.err(row.n, KIND, SheetProblem::Required))?;
                node.set("tone", Json::Str(tone.to_owned()), KIND);
                let parent = row.value(PARENT).map(|p| (p.to_owned(), row.n));
                levels.push((parent, node));
            }
            RowType::Group => {
                let id = row.value(ID).unwrap_or("").to_owned();
                let mut node = Node::new(row.n, ID);
                node.set("id", Json::Str(id.clone()), ID);
                let title = reader.text(row, LABEL, LABEL_EN);
                node.set(
                    "title",
                    title.unwrap_or_else(|| Json::Str(String::new())),
                    LABEL,
                );
                node.list("sections");
                tops.push(Top::Group(groups.len()));
                groups.push((id, node));
            }
            RowType::Section => {
                let id = row.value(ID).unwrap_or("").to_owned();
                let mut node = Node::new(row.n, ID);
                node.set("id", Json::Str(id.clone()), ID);
                let title = reader.text(row, LABEL, LABEL_EN);
                node.set(
                    "title",
                    title.unwrap_or_else(|| Json::Str(String::new())),
                    LABEL,
                );
                if let Some(c) = row.text(CONDITION) {
                    node.set("visible_if", Json::Str(c.to_owned()), CONDITION);
                }
                node.list("levels");
                node.list("items");
                let parent = row.value(PARENT).map(|p| (p.to_owned(), row.n));
                if parent.is_none() {
                    tops.push(Top::Section(sections.len()));
                }
                sections.push((parent, id, node));
                has_item = false;
            }
            RowType::Item => {
                let node = item(reader, row)?;
                let Some((_, _, section)) = sections.last_mut() else {
                    return Err(reader.err(row.n, ROW, SheetProblem::NoSection));
                };
                section.list("items").push(node);
                has_item = true;
            }
            RowType::Column => {
                let mut node = Node::new(row.n, ID);
                node.set("id", Json::Str(row.value(ID).unwrap_or("").to_owned()), ID);
                let label = reader.text(row, LABEL, LABEL_EN);
                node.set(
                    "label",
                    label.unwrap_or_else(|| Json::Str(String::new())),
                    LABEL,
                );
                if let Some(kind) = reader.kind(row, COLUMN_KINDS)? {
                    node.set("kind", Json::Str(kind.to_owned()), KIND);
                }
                if let Some(choices) = reader.choices(row)? {
                    node.set("choices", choices, OPTIONS);
                }
                if let Some(required) = reader.yes_no(row, REQUIRED)? {
                    node.set("required", Json::Bool(required), REQUIRED);
                }
                let item = sections
                    .last_mut()
                    .filter(|_| has_item)
                    .and_then(|(_, _, s)| s.list("items").last_mut());
                let Some(item) = item else {
                    return Err(reader.err(row.n, ROW, SheetProblem::NoItem));
                };
                item.list("columns").push(node);
            }
        }
    }
    for key in ["id", "version", "title"] {
        if !meta.contains(&key) {
            return Err(whole_file(SheetProblem::MissingMeta { key }));
        }
    }
    if !meta.contains(&"format") {
        root.fields
            .insert(0, ("format".into(), Json::Num(f64::from(TEMPLATE_FORMAT))));
    }
    if !scales.is_empty() {
        root.fields.push(("scales".into(), Json::Obj(scales)));
    }
    root.lists.push(("respondent", fields));
    // Levels go to the template or to the section named in their parent cell.
    // Parents by id, each found once (the first of an id, as a search in row order would).
    let mut section_at: std::collections::HashMap<String, usize> = Default::default();
    for (i, (_, id, _)) in sections.iter().enumerate() {
        section_at.entry(id.clone()).or_insert(i);
    }
    let mut template_levels = Vec::new();
    for (parent, node) in levels {
        match parent {
            None => template_levels.push(node),
            Some((id, n)) => {
                let Some(&at) = section_at.get(&id) else {
                    return Err(reader.err(n, PARENT, SheetProblem::UnknownParent { id }));
                };
                sections[at].2.list("levels").push(node);
            }
        }
    }
    let mut group_at: std::collections::HashMap<String, usize> = Default::default();
    for (i, (id, _)) in groups.iter().enumerate() {
        group_at.entry(id.clone()).or_insert(i);
    }
    root.lists.push(("levels", template_levels));
    // Sections go into their group, in row order; groups and loose sections stay in row order.
    let mut loose: Vec<Option<Node>> = Vec::with_capacity(sections.len());
    for (parent, _, node) in sections {
        match parent {
            None => loose.push(Some(node)),
            Some((id, n)) => {
                let Some(&at) = group_at.get(&id) else {
                    return Err(reader.err(n, PARENT, SheetProblem::UnknownParent { id }));
                };
                groups[at].1.list("sections").push(node);
                loose.push(None);
            }
        }
    }
    let mut groups: Vec<Option<Node>> = groups.into_iter().map(|(_, g)| Some(g)).collect();
    let top_nodes = root.list("sections");
    for top in tops {
        let node = match top {
            Top::Group(g) => groups.get_mut(g).and_then(Option::take),
            Top::Section(s) => loose.get_mut(s).and_then(Option::take),
        };
        top_nodes.extend(node);
    }
    Ok(root)
}

fn item(reader: &Reader, row: &Row) -> Result<Node, SheetError> {
    let mut node = Node::new(row.n, ID);
    node.set("id", Json::Str(row.value(ID).unwrap_or("").to_owned()), ID);
    let label = reader.text(row, LABEL, LABEL_EN);
    node.set(
        "label",
        label.unwrap_or_else(|| Json::Str(String::new())),
        LABEL,
    );
    let kind = reader
        .kind(row, ITEM_KINDS)?
        .ok_or_else(|| reader.err(row.n, KIND, SheetProblem::Required))?;
    node.set("kind", Json::Str(kind.to_owned()), KIND);
    node.cells.push(("columns".into(), row.n, KIND));
    if let Some(scale) = row.value(SCALE) {
        node.set("scale", Json::Str(scale.to_owned()), SCALE);
    }
    if row.text(OPTIONS).is_none() && row.text(OPTIONS_EN).is_some() {
        return Err(reader.err(row.n, OPTIONS_EN, SheetProblem::NotForRow));
    }
    if kind == "likert" {
        if let Some(labels) = reader.labels(row)? {
            node.set("labels", labels, OPTIONS);
        }
    } else if let Some(choices) = reader.choices(row)? {
        node.set("choices", choices, OPTIONS);
    }
    if let Some(good) = reader.yes_no(row, GOOD)? {
        node.set(
            "good",
            Json::Str(if good { "yes" } else { "no" }.into()),
            GOOD,
        );
    }
    if let Some(points) = reader.whole(row, POINTS)? {
        node.set("points", Json::Num(f64::from(points)), POINTS);
    }
    for (key, c) in [
        ("reverse", REVERSE),
        ("required", REQUIRED),
        ("integer", INTEGER),
        ("evidence", EVIDENCE),
        ("comment", COMMENT),
    ] {
        if let Some(b) = reader.yes_no(row, c)? {
            node.set(key, Json::Bool(b), c);
        }
    }
    for (key, c) in [("min", MIN), ("max", MAX)] {
        if let Some(x) = reader.number(row, c)? {
            node.set(key, number_json(x), c);
        }
    }
    reader.set_text(&mut node, row, "unit", UNIT, UNIT_EN);
    if let Some(bands) = reader.bands(row)? {
        node.set("bands", bands, BANDS);
    }
    for (key, c) in [("weight", WEIGHT), ("max_choices", MAX_CHOICES)] {
        if let Some(n) = reader.whole(row, c)? {
            node.set(key, Json::Num(f64::from(n)), c);
        }
    }
    if let Some(p) = row.text(PATTERN) {
        node.set("pattern", Json::Str(p.to_owned()), PATTERN);
    }
    reader.set_text(&mut node, row, "message", MESSAGE, MESSAGE_EN);
    if let Some(c) = row.text(CONDITION) {
        node.set("visible_if", Json::Str(c.to_owned()), CONDITION);
    }
    reader.set_text(&mut node, row, "help", HELP, HELP_EN);
    reader.set_text(
        &mut node,
        row,
        "recommendation",
        RECOMMENDATION,
        RECOMMENDATION_EN,
    );
    Ok(node)
}

// ---------------------------------------------------------------------------------------------
// Template → sheet

/// Whether a sheet cell is written with a leading apostrophe: when a spreadsheet would run it
/// as a formula (the CSV export's rule, [`crate::needs_guard`] without codes: `=` `+` `-` `@`
/// of either width after any whitespace or control characters, a leading tab or carriage
/// return, or a leading apostrophe itself), unless it is a plain number (`-5` opens as the
/// number it is). The reader removes the apostrophe exactly where this says it was added.
fn sheet_guard(cell: &str) -> bool {
    crate::needs_guard(cell, false) && crate::canonical_number(cell, false).is_none()
}

/// The text a sheet cell stands for: the apostrophe [`sheet_guard`] adds, removed (any other
/// leading apostrophe, typed by a person, is kept).
fn sheet_unguard(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if sheet_guard(rest) => rest.to_owned(),
        _ => cell,
    }
}

/// A cell as CSV: marked with an apostrophe when [`sheet_guard`] says so, and quoted when it
/// holds the separator, a quote or a line break.
fn push_cell(out: &mut String, cell: &str) {
    let guarded;
    let cell = if sheet_guard(cell) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    if cell.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// A number as Russian Excel reads it: decimal comma.
fn number_cell(x: f64) -> String {
    format!("{x}").replace('.', ",")
}

fn escape(s: &str, specials: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' || specials.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn choices_cells(choices: &[Choice]) -> (String, String) {
    let options: Vec<String> = choices
        .iter()
        .map(|c| {
            let points = match (c.not_applicable, c.points) {
                (true, 0) => "n/a".to_owned(),
                (true, p) => format!("{p} n/a"),
                (false, p) => p.to_string(),
            };
            format!(
                "{}: {} = {points}",
                escape(&c.value, &['|', ':', '=']),
                escape(&c.label.ru, &['|', '='])
            )
        })
        .collect();
    let english = english_cell(choices.iter().map(|c| &c.label));
    (options.join(" | "), english)
}

fn english_cell<'a>(texts: impl Iterator<Item = &'a Text>) -> String {
    let parts: Vec<String> = texts
        .map(|t| escape(t.en.as_deref().unwrap_or(""), &['|']))
        .collect();
    if parts.iter().all(String::is_empty) {
        String::new()
    } else {
        parts.join(" | ")
    }
}

struct SheetWriter {
    out: String,
}

impl SheetWriter {
    fn row(&mut self, cells: &[String; N]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(';');
            }
            push_cell(&mut self.out, cell);
        }
        self.out.push_str("\r\n");
    }
}

fn new_row(row: &str) -> [String; N] {
    let mut cells: [String; N] = Default::default();
    cells[ROW] = row.to_owned();
    cells
}

fn put_text(cells: &mut [String; N], ru: usize, en: usize, text: Option<&Text>) {
    if let Some(t) = text {
        cells[ru] = t.ru.clone();
        cells[en] = t.en.clone().unwrap_or_default();
    }
}

fn yes(b: bool) -> String {
    if b {
        "yes".into()
    } else {
        String::new()
    }
}

/// The labels a Likert item was written with, recovered from its generated options
/// (`"3 — label"`): one per point, the two ends, or none.
fn likert_labels(item: &Item) -> Vec<Text> {
    let strip = |k: usize, s: &str| s.strip_prefix(&format!("{k} — ")).map(str::to_owned);
    let labels: Vec<Option<Text>> = item
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            strip(i + 1, &c.label.ru).map(|ru| Text {
                ru,
                en: c.label.en.as_deref().and_then(|en| strip(i + 1, en)),
            })
        })
        .collect();
    if labels.iter().all(Option::is_some) {
        return labels.into_iter().flatten().collect();
    }
    match (labels.first(), labels.last()) {
        (Some(Some(first)), Some(Some(last))) => vec![first.clone(), last.clone()],
        _ => Vec::new(),
    }
}

fn level_rows(w: &mut SheetWriter, parent: &str, levels: &[model::Level]) {
    for level in levels {
        let mut cells = new_row("level");
        cells[PARENT] = parent.to_owned();
        cells[MIN] = number_cell(f64::from(level.min_tenths) / 10.0);
        put_text(&mut cells, LABEL, LABEL_EN, Some(&level.label));
        cells[KIND] = level.tone.name().to_owned();
        w.row(&cells);
    }
}

fn item_row(w: &mut SheetWriter, item: &Item) {
    use ItemKind as K;
    let mut cells = new_row("item");
    cells[ID] = item.id.clone();
    cells[KIND] = item.kind.name().to_owned();
    put_text(&mut cells, LABEL, LABEL_EN, Some(&item.label));
    match item.kind {
        K::Choice | K::Multi => {
            (cells[OPTIONS], cells[OPTIONS_EN]) = choices_cells(&item.choices);
        }
        K::YesNo if item.choices.get(1).is_some_and(|c| c.points > 0) => {
            cells[GOOD] = "no".into();
        }
        K::Likert => {
            let labels = likert_labels(item);
            let ru: Vec<String> = labels.iter().map(|t| escape(&t.ru, &['|'])).collect();
            cells[OPTIONS] = ru.join(" | ");
            cells[OPTIONS_EN] = english_cell(labels.iter());
            cells[POINTS] = item.choices.len().to_string();
            cells[REVERSE] = yes(item.choices.first().is_some_and(|c| c.points > 0));
        }
        _ => {}
    }
    let bound = |x: Option<f64>, default: f64| match x {
        Some(x) if x != default || item.kind == K::Number => number_cell(x),
        _ => String::new(),
    };
    if matches!(item.kind, K::Number | K::Percentage) {
        cells[MIN] = bound(item.min, 0.0);
        cells[MAX] = bound(item.max, 100.0);
    }
    if item.kind == K::Number {
        cells[INTEGER] = yes(item.integer);
        put_text(&mut cells, UNIT, UNIT_EN, item.unit.as_ref());
    }
    let bands: Vec<String> = item
        .bands
        .iter()
        .map(|b| {
            let range = match (b.min, b.max) {
                (Some(a), Some(b)) => format!("{}..{}", number_cell(a), number_cell(b)),
                (Some(a), None) => format!(">={}", number_cell(a)),
                (None, Some(b)) => format!("<{}", number_cell(b)),
                (None, None) => "*".to_owned(),
            };
            format!("{range} = {}", b.points)
        })
        .collect();
    cells[BANDS] = bands.join(" | ");
    cells[REQUIRED] = yes(item.required);
    if item.weight != 1 {
        cells[WEIGHT] = item.weight.to_string();
    }
    if let Some(m) = item.max_choices {
        cells[MAX_CHOICES] = m.to_string();
    }
    if let Some(p) = &item.pattern {
        cells[PATTERN] = p.source().to_owned();
    }
    put_text(&mut cells, MESSAGE, MESSAGE_EN, item.message.as_ref());
    if let Some(c) = &item.visible_if {
        cells[CONDITION] = c.source.clone();
    }
    cells[EVIDENCE] = yes(item.evidence);
    cells[COMMENT] = yes(item.comment);
    put_text(&mut cells, HELP, HELP_EN, item.help.as_ref());
    put_text(
        &mut cells,
        RECOMMENDATION,
        RECOMMENDATION_EN,
        item.recommendation.as_ref(),
    );
    w.row(&cells);
    for column in &item.columns {
        let mut cells = new_row("column");
        cells[ID] = column.id.clone();
        cells[KIND] = column.kind.name().to_owned();
        put_text(&mut cells, LABEL, LABEL_EN, Some(&column.label));
        if !column.choices.is_empty() {
            (cells[OPTIONS], cells[OPTIONS_EN]) = choices_cells(&column.choices);
        }
        cells[REQUIRED] = yes(column.required);
        w.row(&cells);
    }
}

/// The canonical sheet of a template: UTF-8 with a byte-order mark, `;` between cells, CRLF
/// line ends (what Russian Excel opens as it is), options written inline on each item.
pub fn template_to_sheet(t: &Template) -> String {
    let mut w = SheetWriter {
        out: String::from('\u{FEFF}'),
    };
    w.row(&COLUMNS.map(|(name, _)| name.to_owned()));
    let meta = |w: &mut SheetWriter, key: &str, ru: String, en: Option<String>| {
        let mut cells = new_row("meta");
        cells[ID] = key.to_owned();
        cells[LABEL] = ru;
        cells[LABEL_EN] = en.unwrap_or_default();
        w.row(&cells);
    };
    meta(&mut w, "format", TEMPLATE_FORMAT.to_string(), None);
    meta(&mut w, "id", t.id.clone(), None);
    meta(&mut w, "version", t.version.clone(), None);
    for (key, text) in [
        ("title", Some(&t.title)),
        ("description", t.description.as_ref()),
        ("source", t.source.as_ref()),
    ] {
        if let Some(text) = text {
            meta(&mut w, key, text.ru.clone(), text.en.clone());
        }
    }
    for field in &t.respondent {
        let mut cells = new_row("field");
        cells[ID] = field.id.clone();
        cells[KIND] = field.kind.name().to_owned();
        put_text(&mut cells, LABEL, LABEL_EN, Some(&field.label));
        cells[REQUIRED] = yes(field.required);
        put_text(&mut cells, HELP, HELP_EN, field.help.as_ref());
        w.row(&cells);
    }
    level_rows(&mut w, "", &t.levels);
    let mut written_groups = Vec::new();
    for section in &t.sections {
        let group = section.group.and_then(|g| t.groups.get(g));
        if let (Some(g), Some(group)) = (section.group, group) {
            if !written_groups.contains(&g) {
                written_groups.push(g);
                let mut cells = new_row("group");
                cells[ID] = group.id.clone();
                put_text(&mut cells, LABEL, LABEL_EN, Some(&group.title));
                w.row(&cells);
            }
        }
        let mut cells = new_row("section");
        cells[PARENT] = group.map(|g| g.id.clone()).unwrap_or_default();
        cells[ID] = section.id.clone();
        put_text(&mut cells, LABEL, LABEL_EN, Some(&section.title));
        if let Some(c) = &section.visible_if {
            cells[CONDITION] = c.source.clone();
        }
        w.row(&cells);
        level_rows(&mut w, &section.id, &section.levels);
        for item in &section.items {
            item_row(&mut w, item);
        }
    }
    w.out
}
