//! Spreadsheet authoring of templates: a methodologist writes a checklist in Excel or
//! LibreOffice, one row per item, saves it as CSV, and the app turns it into the template JSON.
//!
//! The format is described in `docs/template-sheet.md`. Reading goes sheet → JSON text →
//! [`Template::from_json`], so the model stays the only judge of what a template may be; while
//! the JSON is written, every JSON path is remembered with the sheet row and column it came
//! from, so a refusal by the model points at a cell. [`template_to_sheet`] writes the
//! canonical sheet of a template (what the built-in examples are).
//!
//! The parts: [`rows`] turns CSV text into the sheet's rows (tokenised by `csv-core`, as the
//! export reader is: [`crate::csv::tokens`]); [`build`] turns rows into the template JSON with
//! the cell of every path; [`write`] writes a template's sheet; [`error`] says what is wrong
//! and where. This code ships in the file worker.

mod build;
mod cells;
mod error;
mod rows;
mod write;

use model::{Template, TemplateError, MAX_TEMPLATE_BYTES};

use crate::encoding::decode;
use error::whole_file;
pub use error::{Place, SheetColumn, SheetError, SheetProblem};
pub use write::template_to_sheet;

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
const META_KEYS: &[&str] = model::TEMPLATE_META_KEYS;

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
    let (map, written, data) = rows::read(&text, lost)?;
    let reader = cells::Reader {
        header: map,
        written,
    };
    let root = build::build(&reader, &data)?;
    let mut json = String::with_capacity(text.len() * 2);
    let mut places = Vec::new();
    json.push_str(&root.to_json("", &mut places).text());
    match Template::from_json(&json) {
        Ok(t) => Ok((t, json)),
        Err(e) => {
            let at = match &e {
                TemplateError::Invalid { path, problem } => {
                    build::locate(&places, path, problem).map(|(row, c)| reader.place(row, c))
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

/// Reads a template sheet (CSV bytes: UTF-8 with or without BOM, or Windows-1251; `;`, `,` or
/// tab between cells) into template JSON text, checked by [`Template::from_json`].
pub fn sheet_to_json(bytes: &[u8]) -> Result<String, SheetError> {
    import_sheet(bytes).map(|(_, json)| json)
}

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
