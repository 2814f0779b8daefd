//! Rows → assessments: every layout and profile [`super::write::export`] writes, and the
//! quirks of files a spreadsheet saved again. All or nothing per file: a file with any
//! problem gives no assessment, and every problem names file, line, column, what was expected
//! and what was found.

use std::collections::HashMap;
use std::fmt;

use model::{
    is_date, Answer, Assessment, ColumnKind, FieldKind, Item, ItemKind, Lang, Template, VecMap,
    ASSESSMENT_SCHEMA, PERMANENT,
};

use super::read::{decode_text, Row, Rows};
use super::{
    canonical_number, restore, row_checksum, starts_like_formula, Col, Layout, Spec, CHECKSUM,
    DOC_PARTS, FORMAT_VERSION, MAX_CSV_BYTES, META, M_CREATED, M_FORMAT, M_HASH, M_ID, M_TEMPLATE,
    M_UPDATED, M_VERSION,
};

/// How a permanent deadline («постоянно») is written in a table cell.
pub const PERMANENT_RU: &str = "постоянно";

/// At most this many problems are reported per file; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

/// One problem with a file: where, and what was expected and found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file's name as the person chose it (set by [`import_files`]).
    pub file: String,
    /// Line of the file, from 1; 0 for the file as a whole.
    pub line: usize,
    /// Column index (from 0) and, once the header is read, its name.
    pub column: Option<usize>,
    pub column_name: Option<String>,
    /// What the template calls that column («ИНН»), when it is a respondent field: the name a
    /// person knows, where the header holds the machine name («inn»).
    pub column_label: Option<model::Text>,
    pub what: What,
}

/// What is wrong. `Display` is the English sentence; `wording::csv_problem` gives Russian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    TooLarge {
        size: usize,
        max: usize,
    },
    Empty,
    /// Control bytes (a picture, an archive, a spreadsheet's binary file).
    Binary,
    /// Bytes that are neither UTF-8 nor Windows-1251 text.
    Encoding,
    /// UTF-16 text (Excel's «Unicode text»): save as «CSV UTF-8» instead.
    Utf16,
    /// A cell a spreadsheet would run as a formula, not marked with an apostrophe as every
    /// export marks it: the file was edited or made by hand.
    UnmarkedFormula {
        found: String,
    },
    UnclosedQuote,
    TextAfterQuote {
        found: char,
    },
    QuoteInCell,
    /// No `format_version` and `assessment_id` columns: not an Otsenka export.
    NotAnExport,
    /// A header and no data rows.
    NoRows,
    UnknownColumn {
        name: String,
    },
    MissingColumn {
        name: String,
    },
    DuplicateColumn {
        name: String,
    },
    RowLength {
        expected: usize,
        found: usize,
    },
    FormatVersion {
        found: String,
    },
    UnknownTemplate {
        id: String,
        version: String,
        hash: String,
    },
    /// A row for another template than the file's first row.
    MixedTemplates {
        expected: String,
        found: String,
    },
    /// The row's content does not give the checksum it carries: edited after export.
    Checksum {
        expected: String,
        found: String,
    },
    EmptyId,
    DuplicateAssessment {
        id: String,
    },
    /// The same assessment in two files of one import.
    InOtherFile {
        id: String,
        file: String,
    },
    DuplicateItem {
        id: String,
        item: String,
    },
    UnknownItem {
        found: String,
    },
    NotATable {
        item: String,
    },
    /// A table row number out of order (expected the next one).
    TableRow {
        expected: usize,
        found: String,
    },
    /// A cell of a column the item's table does not have.
    NotInTable {
        item: String,
    },
    UnknownOption {
        found: String,
        expected: Vec<String>,
    },
    /// A multiple choice's cell that reads as the item's options in more than one way (the
    /// options' names contain «; »): the long layout's codes tell them apart.
    AmbiguousChoices {
        found: String,
    },
    /// A multiple choice's cell too long to be options of the item.
    ChoicesTooLong {
        length: usize,
        options: usize,
    },
    BadDate {
        found: String,
    },
    /// A derived cell (a percentage, level, points, section or kind) that is not what the
    /// import computes from the answers and the template: the file was edited after export
    /// and its checksum made to match.
    Derived {
        expected: String,
        found: String,
    },
    /// A long file's row disagrees with the first row of the same assessment.
    Inconsistent {
        expected: String,
        found: String,
    },
    /// Rows of a tables file for an assessment that no accepted file of the import holds.
    TablesWithoutAssessment {
        id: String,
    },
    /// A file that is not a decisions file or an execution report (`found`: its `layout`,
    /// `assessment` for a self-assessment export, or empty).
    NotADecisionFile {
        found: String,
    },
    /// A cell that must not be empty.
    Required,
    /// A decision number given twice in one file.
    DuplicateDecision {
        number: String,
    },
    /// More problems than are listed.
    More {
        count: usize,
    },
    // Warnings: the file is accepted, the person is told.
    InnCheckDigit {
        found: String,
    },
    OgrnCheckDigit {
        found: String,
    },
    Field {
        kind: &'static str,
        found: String,
    },
}

impl Problem {
    pub fn file(what: What) -> Problem {
        Problem::at(0, None, what)
    }

    pub fn at(line: usize, column: Option<usize>, what: What) -> Problem {
        Problem {
            file: String::new(),
            line,
            column,
            column_name: None,
            column_label: None,
            what,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.is_empty() {
            write!(f, "{}: ", self.file)?;
        }
        if self.line > 0 {
            write!(f, "line {}", self.line)?;
            if let Some(c) = self.column {
                write!(f, ", column {}", c + 1)?;
                let label = self.column_label.as_ref().map(|l| l.get(Lang::En));
                if let Some(n) = label.or(self.column_name.as_deref()) {
                    write!(f, " ({n})")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.what)
    }
}

impl fmt::Display for What {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::TooLarge { size, max } => write!(f, "the file is {size} bytes; expected at most {max}"),
            What::Empty => write!(f, "the file is empty"),
            What::Binary => write!(f, "expected text, found control bytes: this is not a CSV file"),
            What::Encoding => write!(f, "expected UTF-8 or Windows-1251 text, found bytes of neither"),
            What::Utf16 => write!(f, "expected UTF-8 or Windows-1251 text, found UTF-16: save the file as «CSV UTF-8»"),
            What::UnmarkedFormula { found } => write!(f, "a cell that a spreadsheet would run as a formula, not marked as text: {found:?}"),
            What::UnclosedQuote => write!(f, "a quoted cell is never closed: the file was cut off or broken"),
            What::TextAfterQuote { found } => write!(f, "expected a separator after the closing quote, found {found:?}"),
            What::QuoteInCell => write!(f, "a quote inside an unquoted cell"),
            What::NotAnExport => write!(f, "expected an Otsenka export (columns format_version and assessment_id), found another table"),
            What::NoRows => write!(f, "the file has a header and no rows"),
            What::UnknownColumn { name } => write!(f, "unexpected column {name:?}"),
            What::MissingColumn { name } => write!(f, "column {name:?} is missing"),
            What::DuplicateColumn { name } => write!(f, "column {name:?} appears twice"),
            What::RowLength { expected, found } => write!(f, "expected {expected} cells, found {found}"),
            What::FormatVersion { found } => write!(f, "expected format version {FORMAT_VERSION}, found {found:?}"),
            What::UnknownTemplate { id, version, hash } => write!(f, "template {id} {version} ({hash}) is not known here"),
            What::MixedTemplates { expected, found } => write!(f, "expected template {expected} as in the first row, found {found}"),
            What::Checksum { expected, found } => write!(f, "the row was changed after export: its content gives checksum {expected}, the file says {found}"),
            What::EmptyId => write!(f, "the assessment id is empty"),
            What::DuplicateAssessment { id } => write!(f, "assessment {id} appears twice"),
            What::InOtherFile { id, file } => write!(f, "assessment {id} is also in {file}"),
            What::DuplicateItem { id, item } => write!(f, "item {item} of assessment {id} appears twice"),
            What::UnknownItem { found } => write!(f, "the template has no item {found:?}"),
            What::NotATable { item } => write!(f, "item {item} is not a table"),
            What::TableRow { expected, found } => write!(f, "expected row number {expected}, found {found:?}"),
            What::NotInTable { item } => write!(f, "the table of item {item} has no such column"),
            What::UnknownOption { found, expected } => write!(f, "expected one of {}, found {found:?}", expected.join(" | ")),
            What::AmbiguousChoices { found } => write!(f, "{found:?} reads as this item's options in more than one way (their names contain «; »): export the long layout, whose codes tell them apart"),
            What::ChoicesTooLong { length, options } => write!(f, "a cell of {length} bytes is too long to be {options} options' names"),
            What::Derived { expected, found } => write!(f, "the answers give {expected:?} here, the file says {found:?}: the file was edited after export"),
            What::BadDate { found } => write!(f, "expected a date (2025-09-01 or 01.09.2025), found {found:?}"),
            What::Inconsistent { expected, found } => write!(f, "expected {expected:?} as in the first row of the same document, found {found:?}"),
            What::TablesWithoutAssessment { id } => write!(f, "table rows for assessment {id}, which no accepted file of this import holds"),
            What::NotADecisionFile { found } if found == "assessment" => write!(f, "expected a decisions file or an execution report, found a self-assessment export: open it on the municipality page's school files"),
            What::NotADecisionFile { found } if found.is_empty() => write!(f, "expected a decisions file or an execution report (columns format_version and layout), found another table"),
            What::NotADecisionFile { found } => write!(f, "expected a decisions file or an execution report, found layout {found:?}"),
            What::Required => write!(f, "this cell must not be empty"),
            What::DuplicateDecision { number } => write!(f, "decision {number} is in the file twice"),
            What::More { count } => write!(f, "and {count} more problems"),
            What::InnCheckDigit { found } => write!(f, "ИНН {found}: the check digit does not match"),
            What::OgrnCheckDigit { found } => write!(f, "ОГРН {found}: the check digit does not match"),
            What::Field { kind, found } => {
                // The kind's form in words, never its machine name («inn»).
                let form = match *kind {
                    "inn" => "not an organisation's INN: 10 digits expected",
                    "ogrn" => "not an OGRN: 13 digits expected",
                    "fis_oko_login" => {
                        "not a ФИС ОКО login: sch, the region code and digits expected, e.g. sch771234"
                    }
                    "academic_year" => {
                        "not an academic year: two years with a slash expected, e.g. 2025/2026"
                    }
                    _ => "not a valid value",
                };
                write!(f, "«{found}»: {form}")
            }
        }
    }
}

/// What one file held.
#[derive(Clone, Debug, PartialEq)]
pub struct FileReport {
    pub name: String,
    pub layout: Layout,
    pub encoding: &'static str,
    pub delimiter: char,
    pub rows: usize,
    pub assessments: usize,
    pub template: String,
}

/// The outcome of importing some files: the assessments of every accepted file, the
/// warnings of accepted files, and the problems of each refused file.
#[derive(Debug, Default)]
pub struct Imported {
    pub assessments: Vec<Assessment>,
    pub accepted: Vec<FileReport>,
    pub warnings: Vec<Problem>,
    pub refused: Vec<(String, Vec<Problem>)>,
}

/// One file read on its own.
struct FileData {
    report: FileReport,
    hash: String,
    assessments: Vec<Assessment>,
    warnings: Vec<Problem>,
}

/// Imports files (name, bytes) against the templates known here. Wide and long files give
/// assessments; tables files add their table rows to assessments of the same import.
pub fn import_files(files: &[(&str, &[u8])], templates: &[Template]) -> Imported {
    let mut out = Imported::default();
    let mut tables: Vec<FileData> = Vec::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    for (name, bytes) in files {
        match read_file(bytes, templates) {
            Ok(data) if data.report.layout == Layout::Tables => tables.push(with_name(data, name)),
            Ok(data) => {
                let dup = data.assessments.iter().find_map(|a| {
                    owner.get(&a.id).map(|file| What::InOtherFile {
                        id: a.id.clone(),
                        file: file.clone(),
                    })
                });
                if let Some(what) = dup {
                    out.refused
                        .push((name.to_string(), vec![named(Problem::file(what), name)]));
                    continue;
                }
                for a in &data.assessments {
                    owner.insert(a.id.clone(), name.to_string());
                }
                let data = with_name(data, name);
                out.warnings.extend(data.warnings);
                out.assessments.extend(data.assessments);
                out.accepted.push(data.report);
            }
            Err(problems) => out.refused.push((
                name.to_string(),
                problems.into_iter().map(|p| named(p, name)).collect(),
            )),
        }
    }
    // Each accepted assessment by id, found once per table row set (not by a scan).
    let by_id: HashMap<String, usize> = out
        .assessments
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    for data in tables {
        let missing = data.assessments.iter().find(|t| {
            by_id
                .get(&t.id)
                .is_none_or(|&i| out.assessments[i].template_hash != data.hash)
        });
        if let Some(t) = missing {
            let what = What::TablesWithoutAssessment { id: t.id.clone() };
            out.refused.push((
                data.report.name.clone(),
                vec![named(Problem::file(what), &data.report.name)],
            ));
            continue;
        }
        for t in data.assessments {
            if let Some(a) = by_id.get(&t.id).map(|&i| &mut out.assessments[i]) {
                for (item, answer) in t.answers.iter() {
                    a.update_answer(item, |x| x.rows = answer.rows.clone());
                }
            }
        }
        out.accepted.push(data.report);
    }
    out
}

/// One file read on its own: its report, its assessments (a tables file's carry only their
/// table rows) and its warnings, or every problem. For tools that go through thousands of
/// files one at a time, such as the command line's `validate`.
pub fn read_one(
    name: &str,
    bytes: &[u8],
    templates: &[Template],
) -> Result<(FileReport, Vec<Assessment>, Vec<Problem>), Vec<Problem>> {
    match read_file(bytes, templates) {
        Ok(data) => {
            let data = with_name(data, name);
            Ok((data.report, data.assessments, data.warnings))
        }
        Err(problems) => Err(problems.into_iter().map(|p| named(p, name)).collect()),
    }
}

fn named(mut p: Problem, name: &str) -> Problem {
    p.file = name.to_owned();
    p
}

fn with_name(mut data: FileData, name: &str) -> FileData {
    data.report.name = name.to_owned();
    data.warnings = data.warnings.into_iter().map(|p| named(p, name)).collect();
    data
}

/// Reads one file: every row checked, every problem collected (up to [`MAX_PROBLEMS`]).
fn read_file(bytes: &[u8], templates: &[Template]) -> Result<FileData, Vec<Problem>> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(vec![Problem::file(What::TooLarge {
            size: bytes.len(),
            max: MAX_CSV_BYTES,
        })]);
    }
    let text = decode_text(bytes).map_err(|p| vec![p])?;
    let mut rows = Rows::new(&text.text);
    let delimiter = char::from(rows.delimiter);
    let mut problems = Problems::default();

    // The header: the first row that is not blank.
    let header = loop {
        match rows.next() {
            None => return Err(vec![Problem::file(What::Empty)]),
            Some(Err(p)) => return Err(vec![p]),
            Some(Ok(row)) if blank(&row) => {}
            Some(Ok(row)) => break row,
        }
    };
    let mut names: Vec<String> = header
        .cells
        .iter()
        .map(|c| restore(c.trim()).trim().to_owned())
        .collect();
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    if !names.iter().any(|n| n == META[M_ID]) || !names.iter().any(|n| n == META[M_FORMAT]) {
        return Err(vec![Problem::at(header.line, None, What::NotAnExport)]);
    }
    let mut seen = std::collections::HashSet::new();
    for (i, n) in names.iter().enumerate() {
        if !seen.insert(n.as_str()) {
            problems.push(
                Problem::at(
                    header.line,
                    Some(i),
                    What::DuplicateColumn { name: n.clone() },
                ),
                &names,
            );
        }
    }
    let layout = if names.iter().any(|n| n == "row_no") {
        Layout::Tables
    } else if names.iter().any(|n| n == "item_id") {
        Layout::Long
    } else {
        Layout::Wide
    };
    // Where the meta columns are, found once (every row reads them).
    let meta_at: Vec<Option<usize>> = META
        .iter()
        .map(|m| names.iter().position(|n| n == m))
        .collect();
    let at = |name: &str| {
        META.iter()
            .position(|m| *m == name)
            .and_then(|m| meta_at[m])
    };

    let mut reader: Option<Reader> = None;
    let mut count = 0usize;
    for row in rows {
        if problems.full() {
            break;
        }
        let row = match row {
            Ok(row) => row,
            Err(p) => {
                problems.push(p, &names);
                continue;
            }
        };
        if blank(&row) || is_header(&row, &names) {
            continue;
        }
        count += 1;
        if row.cells.len() != names.len() {
            let extra_blank = row.cells.len() > names.len()
                && row.cells[names.len()..].iter().all(|c| c.trim().is_empty());
            if !extra_blank {
                problems.push(
                    Problem::at(
                        row.line,
                        None,
                        What::RowLength {
                            expected: names.len(),
                            found: row.cells.len(),
                        },
                    ),
                    &names,
                );
                continue;
            }
        }
        if let Some(i) = row.cells[..names.len()]
            .iter()
            .position(|c| unmarked_formula(c))
        {
            let found: String = row.cells[i].chars().take(40).collect();
            problems.push(
                Problem::at(row.line, Some(i), What::UnmarkedFormula { found }),
                &names,
            );
            continue;
        }
        let cells: Vec<&str> = row.cells[..names.len()]
            .iter()
            .map(|c| restore(c))
            .collect();
        let code = |name: &str| at(name).map_or("", |i| cells[i].trim());
        let version = code(META[M_FORMAT]);
        if version != FORMAT_VERSION {
            problems.push(
                Problem::at(
                    row.line,
                    at(META[M_FORMAT]),
                    What::FormatVersion {
                        found: version.to_owned(),
                    },
                ),
                &names,
            );
            continue;
        }
        let (id, ver, hash) = (
            code(META[M_TEMPLATE]),
            code(META[M_VERSION]),
            code(META[M_HASH]),
        );
        let reader = match &mut reader {
            Some(r) => r,
            None => {
                let Some(template) = templates
                    .iter()
                    .find(|t| t.has_hash(hash) && t.id == id && t.version == ver)
                else {
                    problems.push(
                        Problem::at(
                            row.line,
                            at(META[M_TEMPLATE]),
                            What::UnknownTemplate {
                                id: id.into(),
                                version: ver.into(),
                                hash: hash.into(),
                            },
                        ),
                        &names,
                    );
                    break;
                };
                match Reader::new(template, layout, &names, header.line) {
                    Ok(r) => reader.insert(r),
                    Err(ps) => {
                        for p in ps {
                            problems.push(p, &names);
                        }
                        break;
                    }
                }
            }
        };
        let t = reader.template;
        if (id, ver) != (t.id.as_str(), t.version.as_str()) || !t.has_hash(hash) {
            problems.push(
                Problem::at(
                    row.line,
                    at(META[M_TEMPLATE]),
                    What::MixedTemplates {
                        expected: format!("{} {} ({})", t.id, t.version, t.hash),
                        found: format!("{id} {ver} ({hash})"),
                    },
                ),
                &names,
            );
            continue;
        }
        reader.row(row.line, &cells, &mut problems, &names);
    }
    if problems.is_empty() && count == 0 {
        if layout == Layout::Tables {
            // No assessment had table rows: nothing to add, nothing wrong.
            return Ok(FileData {
                report: FileReport {
                    name: String::new(),
                    layout,
                    encoding: text.encoding,
                    delimiter,
                    rows: 0,
                    assessments: 0,
                    template: String::new(),
                },
                hash: String::new(),
                assessments: Vec::new(),
                warnings: Vec::new(),
            });
        }
        return Err(vec![Problem::at(header.line, None, What::NoRows)]);
    }
    if let Some(r) = &mut reader {
        r.finish();
        if problems.is_empty() {
            r.check_derived(&mut problems, &names);
        }
    }
    if !problems.is_empty() {
        return Err(problems.finish());
    }
    let Some(reader) = reader else {
        return Err(vec![Problem::at(header.line, None, What::NoRows)]);
    };
    let report = FileReport {
        name: String::new(),
        layout,
        encoding: text.encoding,
        delimiter,
        rows: count,
        assessments: reader.assessments.len(),
        template: format!("{} {}", reader.template.id, reader.template.version),
    };
    Ok(FileData {
        report,
        hash: reader.template.hash.clone(),
        assessments: reader.assessments,
        warnings: reader.warnings,
    })
}

/// A cell a spreadsheet would run and that the writer would have marked: a leading tab or
/// carriage return, or one that [`starts_like_formula`] (after any whitespace or control
/// characters, `=` `+` `-` `@` in either width) unless the whole cell is a signed number
/// (`-2+3+cmd|…` is a formula, `-2,5` and ` -2,5` are numbers).
pub(super) fn unmarked_formula(cell: &str) -> bool {
    matches!(cell.chars().next(), Some('\t' | '\r'))
        || (starts_like_formula(cell) && canonical_number(cell, false).is_none())
}

pub(super) fn blank(row: &Row) -> bool {
    row.cells.iter().all(|c| c.trim().is_empty())
}

/// A second header row, as left by concatenating files or by some spreadsheet exports.
fn is_header(row: &Row, names: &[String]) -> bool {
    row.cells.len() >= names.len()
        && names
            .iter()
            .zip(&row.cells)
            .all(|(n, c)| restore(c.trim()).trim() == n)
}

#[derive(Default)]
pub(super) struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    pub(super) fn push(&mut self, mut p: Problem, names: &[String]) {
        if self.list.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        if p.column_name.is_none() {
            p.column_name = p.column.and_then(|c| names.get(c)).cloned();
        }
        self.list.push(p);
    }

    pub(super) fn full(&self) -> bool {
        self.list.len() >= MAX_PROBLEMS
    }

    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(super) fn finish(mut self) -> Vec<Problem> {
        if self.more > 0 {
            self.list
                .push(Problem::file(What::More { count: self.more }));
        }
        self.list
    }
}

/// Reads the data rows of one file once its template and layout are known.
struct Reader<'t> {
    template: &'t Template,
    items: Vec<&'t Item>,
    spec: Spec,
    /// For each spec column, the file column holding it.
    place: Vec<usize>,
    layout: Layout,
    assessments: Vec<Assessment>,
    by_id: HashMap<String, usize>,
    /// Long and tables layouts: the first row's meta and respondent cells per assessment.
    first: Vec<Vec<String>>,
    /// Long: (assessment, item) seen; tables: last row number per (assessment, item).
    seen: HashMap<(usize, usize), usize>,
    warnings: Vec<Problem>,
    /// The derived cells read, checked against what the answers give once every row is in.
    derived: Vec<DerivedCell>,
    /// Item id → index into `items` (long and tables rows name their item).
    item_index: HashMap<&'t str, usize>,
    /// Tables layout: (item, n-th distinct table column id) → the item's column index.
    table_column: HashMap<(usize, usize), usize>,
    /// Long and tables layouts: each assessment's answers as read, by item index, made into
    /// its answer map once every row is in ([`Reader::finish`]).
    pending: Vec<Vec<(usize, Answer)>>,
    /// Tables layout: where each (assessment, item)'s answer is in `pending`.
    pending_at: HashMap<(usize, usize), usize>,
}

/// A derived cell as the file has it: which assessment, row, spec column and (long layout)
/// item it is of.
struct DerivedCell {
    assessment: usize,
    line: usize,
    k: usize,
    item: usize,
    found: String,
}

impl<'t> Reader<'t> {
    fn new(
        template: &'t Template,
        layout: Layout,
        names: &[String],
        header_line: usize,
    ) -> Result<Reader<'t>, Vec<Problem>> {
        let spec = Spec::new(template, layout);
        let mut problems = Vec::new();
        let mut place = Vec::with_capacity(spec.cols.len());
        // The usual file has the layout's own columns in order: nothing to look up. Else each
        // column is found by name, once (a wide header has hundreds of columns).
        let in_order = names.len() == spec.cols.len()
            && names.iter().zip(&spec.cols).all(|(n, (c, _))| n == c);
        if in_order {
            place.extend(0..spec.cols.len());
        } else {
            let file_columns: HashMap<&str, usize> = names
                .iter()
                .enumerate()
                .rev()
                .map(|(i, n)| (n.as_str(), i))
                .collect();
            let spec_columns: std::collections::HashSet<&str> =
                spec.cols.iter().map(|(n, _)| n.as_str()).collect();
            for (name, _) in &spec.cols {
                match file_columns.get(name.as_str()).copied() {
                    Some(i) => place.push(i),
                    None => {
                        problems.push(Problem::at(
                            header_line,
                            None,
                            What::MissingColumn { name: name.clone() },
                        ));
                        place.push(usize::MAX);
                    }
                }
            }
            for (i, n) in names.iter().enumerate() {
                if !spec_columns.contains(n.as_str()) {
                    let mut p = Problem::at(
                        header_line,
                        Some(i),
                        What::UnknownColumn { name: n.clone() },
                    );
                    p.column_name = Some(n.clone());
                    problems.push(p);
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let spec_table_columns = spec.table_columns.clone();
        Ok(Reader {
            template,
            items: template.items().collect(),
            spec,
            place,
            layout,
            assessments: Vec::new(),
            by_id: HashMap::new(),
            first: Vec::new(),
            seen: HashMap::new(),
            warnings: Vec::new(),
            derived: Vec::new(),
            // Item ids are distinct (the validator sees to it).
            item_index: template
                .items()
                .enumerate()
                .map(|(i, it)| (it.id.as_str(), i))
                .collect(),
            table_column: {
                let ids: HashMap<&str, usize> = spec_table_columns
                    .iter()
                    .enumerate()
                    .map(|(n, id)| (id.as_str(), n))
                    .collect();
                template
                    .items()
                    .enumerate()
                    .flat_map(|(i, it)| {
                        let ids = &ids;
                        it.columns
                            .iter()
                            .enumerate()
                            .rev()
                            .filter_map(move |(c, col)| {
                                ids.get(col.id.as_str()).map(|&n| ((i, n), c))
                            })
                    })
                    .collect()
            },
            pending: Vec::new(),
            pending_at: HashMap::new(),
        })
    }

    /// The long and tables layouts' answers into each assessment's answer map, in template
    /// order, in one pass (item ids are distinct, so no lookups).
    fn finish(&mut self) {
        for (index, mut answers) in std::mem::take(&mut self.pending).into_iter().enumerate() {
            if answers.is_empty() {
                continue;
            }
            answers.sort_by_key(|(i, _)| *i);
            let items = &self.items;
            self.assessments[index].answers = VecMap::from_distinct(
                answers
                    .into_iter()
                    .filter(|(_, a)| !a.is_empty())
                    .map(|(i, a)| (items[i].id.clone(), a))
                    .collect(),
            );
        }
    }

    /// The answers read so far for assessment `index`.
    fn pending_for(&mut self, index: usize) -> &mut Vec<(usize, Answer)> {
        if self.pending.len() <= index {
            self.pending.resize_with(index + 1, Vec::new);
        }
        &mut self.pending[index]
    }

    /// Compares every derived cell read with what the import computes from the assessment's
    /// answers, the way the export writes it: a percentage in tenths with a decimal comma or
    /// point (`66,7`, `66.7`; empty when nothing counts), a level's label, whole points, the
    /// item's section id and kind. Anything else — `100,0000001`, `NaN`, `66,70`, a level that
    /// the percentage does not give — is reported at its line and column with both values.
    /// Each assessment is evaluated once (the cells are grouped by assessment first).
    fn check_derived(&mut self, problems: &mut Problems, names: &[String]) {
        let mut cells = std::mem::take(&mut self.derived);
        cells.sort_by_key(|c| c.assessment);
        let t = self.template;
        let section_of: Vec<usize> = t
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, section)| section.items.iter().map(move |_| s))
            .collect();
        let mut at = 0;
        while at < cells.len() {
            let index = cells[at].assessment;
            let a = &self.assessments[index];
            let results = model::evaluate(t, a);
            let vis = model::Visibility::new(t, a);
            let answers: HashMap<&str, &Answer> = a.answers.iter().collect();
            while at < cells.len() && cells[at].assessment == index {
                let c = &cells[at];
                at += 1;
                let item = self.items.get(c.item).copied();
                let section = section_of.get(c.item).copied();
                // A percentage in both its forms; for a part nobody answered, none, and the
                // 0 % files exported before 2026.2 wrote there is taken as the other form.
                let pct = |score: model::Score| match score.reported() {
                    Some(p) => (p.decimal_comma(), Some(p.decimal_point())),
                    None => (String::new(), score.percent().map(|p| p.decimal_comma())),
                };
                let level =
                    |l: Option<&model::Level>| l.map_or(String::new(), |l| l.label.ru.clone());
                // Files exported before a part nobody answered lost its level (2026.2) carry
                // the level 0 % gives there; they were not edited, so that text is taken too.
                let unanswered = |s: Option<&model::SectionResult>| {
                    let score = s.map_or(results.total, |s| s.score);
                    (score.answered == 0)
                        .then(|| score.percent())
                        .flatten()
                        .and_then(|p| t.level(s.map(|s| s.section), p.tenths()))
                        .map(|l| l.label.ru.clone())
                };
                // The expected text, and the other form a percentage may take.
                let (expected, other): (String, Option<String>) = match self.spec.cols[c.k].1 {
                    Col::Pct(s) => pct(s.map_or(results.total, |s| results.sections[s].score)),
                    Col::Level(s) => (
                        level(s.map_or(results.total_level, |s| results.sections[s].level)),
                        unanswered(s.map(|s| &results.sections[s])),
                    ),
                    Col::SectionPct => match section {
                        Some(s) => pct(results.sections[s].score),
                        None => (String::new(), None),
                    },
                    Col::SectionLevel => match section.map(|s| &results.sections[s]) {
                        Some(r) => (level(r.level), unanswered(Some(r))),
                        None => (String::new(), None),
                    },
                    Col::SectionId => (
                        section.map_or(String::new(), |s| t.sections[s].id.clone()),
                        None,
                    ),
                    Col::Kind => (item.map_or("", |i| i.kind.name()).to_owned(), None),
                    col @ (Col::Points | Col::MaxPoints) => {
                        let points = item.and_then(|i| {
                            let visible = vis.item(&i.id);
                            let answer = answers.get(i.id.as_str()).copied().filter(|_| visible);
                            super::write::long_points(i, answer, visible)
                        });
                        (
                            points.map_or(String::new(), |(p, m)| {
                                if col == Col::Points { p } else { m }.to_string()
                            }),
                            None,
                        )
                    }
                    _ => continue,
                };
                // Numbers are compared as numbers, as the row checksum reads them: a
                // spreadsheet that saved `50,0` as `50` changed nothing, `100,0000001` did.
                let numeric = matches!(
                    self.spec.cols[c.k].1,
                    Col::Pct(_) | Col::SectionPct | Col::Points | Col::MaxPoints
                );
                let same_number = numeric
                    && [Some(&expected), other.as_ref()]
                        .into_iter()
                        .flatten()
                        .any(
                            |e| match (model::parse_number(&c.found), model::parse_number(e)) {
                                (Some(f), Some(e)) => f == e,
                                _ => false,
                            },
                        );
                if !same_number && c.found != expected && other.as_deref() != Some(c.found.as_str())
                {
                    problems.push(
                        Problem::at(
                            c.line,
                            Some(self.place[c.k]),
                            What::Derived {
                                expected,
                                found: c.found.clone(),
                            },
                        ),
                        names,
                    );
                }
            }
        }
    }

    fn row(&mut self, line: usize, cells: &[&str], problems: &mut Problems, names: &[String]) {
        let before = problems.list.len();
        let cell = |k: usize| cells[self.place[k]];
        // The checksum first: an edited row is reported as edited, not by its symptoms.
        let mut found = "";
        let expected = row_checksum(self.spec.cols.iter().enumerate().filter_map(
            |(k, (name, col))| {
                if *col == Col::Checksum {
                    found = cell(k).trim();
                    None
                } else {
                    Some((name.as_str(), cell(k)))
                }
            },
        ));
        if !found.eq_ignore_ascii_case(&expected) {
            let column = self
                .spec
                .cols
                .iter()
                .position(|(n, _)| n == CHECKSUM)
                .map(|k| self.place[k]);
            problems.push(
                Problem::at(
                    line,
                    column,
                    What::Checksum {
                        expected,
                        found: found.to_owned(),
                    },
                ),
                names,
            );
            return;
        }
        let meta = |m: usize| cell(m).trim();
        let id = meta(M_ID);
        if id.is_empty() {
            problems.push(
                Problem::at(line, Some(self.place[M_ID]), What::EmptyId),
                names,
            );
            return;
        }
        // Meta and respondent cells: one assessment per id.
        let head_len = META.len() + self.template.respondent.len();
        let head: Vec<String> = (0..head_len).map(|k| cell(k).to_owned()).collect();
        let index = match (self.layout, self.by_id.get(id)) {
            (Layout::Wide, Some(_)) => {
                problems.push(
                    Problem::at(
                        line,
                        Some(self.place[M_ID]),
                        What::DuplicateAssessment { id: id.to_owned() },
                    ),
                    names,
                );
                return;
            }
            (_, Some(&i)) => {
                if let Some(k) =
                    (0..head_len).find(|&k| k != 5 && k != 6 && self.first[i][k] != head[k])
                {
                    // Export time and app version are the same in one export anyway; any
                    // other difference is a row that belongs to another copy.
                    problems.push(
                        Problem::at(
                            line,
                            Some(self.place[k]),
                            What::Inconsistent {
                                expected: self.first[i][k].clone(),
                                found: head[k].clone(),
                            },
                        ),
                        names,
                    );
                    return;
                }
                i
            }
            (_, None) => {
                let mut a =
                    Assessment::new(id.to_owned(), self.template, meta(M_CREATED).to_owned());
                a.updated_at = meta(M_UPDATED).to_owned();
                a.exported_at = meta(5).to_owned();
                a.revision = 1;
                a.schema = ASSESSMENT_SCHEMA;
                for (f, field) in self.template.respondent.iter().enumerate() {
                    let raw = cell(META.len() + f);
                    let value = if field.kind == FieldKind::Text {
                        raw
                    } else {
                        raw.trim()
                    };
                    if value.trim().is_empty() {
                        continue;
                    }
                    if let Err(problem) = field.kind.check(value) {
                        let what = match problem {
                            model::FieldProblem::InnCheckDigit => What::InnCheckDigit {
                                found: value.into(),
                            },
                            model::FieldProblem::OgrnCheckDigit => What::OgrnCheckDigit {
                                found: value.into(),
                            },
                            _ => What::Field {
                                kind: field.kind.name(),
                                found: value.into(),
                            },
                        };
                        let mut p = Problem::at(line, Some(self.place[META.len() + f]), what);
                        p.column_name = Some(field.id.clone());
                        p.column_label = Some(field.label.clone());
                        self.warnings.push(p);
                    }
                    a.respondent.insert(field.id.clone(), value.to_owned());
                }
                self.assessments.push(a);
                self.first.push(head);
                let i = self.assessments.len() - 1;
                self.by_id.insert(id.to_owned(), i);
                i
            }
        };
        let mut fail = |k: usize, what: What| {
            problems.push(Problem::at(line, Some(self.place[k]), what), names);
        };
        // Long and tables rows each name their item.
        let col = |c: Col| {
            self.spec
                .cols
                .iter()
                .position(|(_, x)| *x == c)
                .unwrap_or(0)
        };
        let k_item = col(Col::ItemId);
        let item_id = cell(k_item).trim();
        let item_at = self.item_index.get(item_id).copied();
        if self.layout != Layout::Wide && item_at.is_none() {
            fail(
                k_item,
                What::UnknownItem {
                    found: item_id.to_owned(),
                },
            );
            return;
        }
        match self.layout {
            Layout::Wide => {
                // By item index first (no lookups by id), then in the template's order.
                let mut answers: Vec<Answer> = vec![Answer::default(); self.items.len()];
                for (k, (_, col)) in self.spec.cols.iter().enumerate() {
                    let v = cell(k);
                    if v.is_empty() {
                        continue;
                    }
                    match *col {
                        Col::Answer(i) => {
                            let item = self.items[i];
                            if item.kind == ItemKind::Table {
                                continue;
                            }
                            match answer_from(item, v, None) {
                                Ok(change) => change.apply(&mut answers[i]),
                                Err(what) => fail(k, what),
                            }
                        }
                        Col::Doc(i, p) => {
                            answers[i].doc.insert(DOC_PARTS[p].to_owned(), v.to_owned());
                        }
                        Col::Evidence(i) => answers[i].evidence = v.to_owned(),
                        Col::Comment(i) => answers[i].comment = v.to_owned(),
                        _ => {}
                    }
                }
                if problems.list.len() == before {
                    for (k, (_, col)) in self.spec.cols.iter().enumerate() {
                        if matches!(col, Col::Pct(_) | Col::Level(_)) {
                            self.derived.push(DerivedCell {
                                assessment: index,
                                line,
                                k,
                                item: 0,
                                found: cell(k).trim().to_owned(),
                            });
                        }
                    }
                    // Item ids are distinct (the validator sees to it).
                    self.assessments[index].answers = VecMap::from_distinct(
                        self.items
                            .iter()
                            .zip(answers)
                            .filter(|(_, a)| !a.is_empty())
                            .map(|(item, a)| (item.id.clone(), a))
                            .collect(),
                    );
                }
            }
            Layout::Long => {
                let Some(i) = item_at else { return };
                if self.seen.insert((index, i), 1).is_some() {
                    fail(
                        k_item,
                        What::DuplicateItem {
                            id: id.to_owned(),
                            item: item_id.to_owned(),
                        },
                    );
                    return;
                }
                let item = self.items[i];
                let mut answer = Answer::default();
                let value = cell(col(Col::Value));
                let code = cell(col(Col::Code)).trim();
                if item.kind != ItemKind::Table
                    && item.kind != ItemKind::Evidence
                    && !(value.is_empty() && code.is_empty())
                {
                    let k = if item.kind.has_choices() && !code.is_empty() {
                        col(Col::Code)
                    } else {
                        col(Col::Value)
                    };
                    match answer_from(item, value, Some(code)) {
                        Ok(change) => change.apply(&mut answer),
                        Err(what) => {
                            fail(k, what);
                            return;
                        }
                    }
                }
                if item.kind == ItemKind::Evidence {
                    for (p, part) in DOC_PARTS.iter().enumerate() {
                        let v = cell(col(Col::LongDoc(p)));
                        if !v.is_empty() {
                            answer.doc.insert((*part).to_owned(), v.to_owned());
                        }
                    }
                }
                answer.evidence = cell(col(Col::LongEvidence)).to_owned();
                answer.comment = cell(col(Col::LongComment)).to_owned();
                for c in [
                    Col::SectionId,
                    Col::Kind,
                    Col::Points,
                    Col::MaxPoints,
                    Col::SectionPct,
                    Col::SectionLevel,
                ] {
                    let k = col(c);
                    self.derived.push(DerivedCell {
                        assessment: index,
                        line,
                        k,
                        item: i,
                        found: cell(k).trim().to_owned(),
                    });
                }
                if !answer.is_empty() {
                    // (assessment, item) pairs are distinct here (`seen` above).
                    self.pending_for(index).push((i, answer));
                }
            }
            Layout::Tables => {
                let Some(i) = item_at else { return };
                let item = self.items[i];
                if item.kind != ItemKind::Table {
                    fail(
                        k_item,
                        What::NotATable {
                            item: item_id.to_owned(),
                        },
                    );
                    return;
                }
                let k_row = col(Col::RowNo);
                let expected = self.seen.get(&(index, i)).copied().unwrap_or(0) + 1;
                let no = cell(k_row).trim();
                if no.parse::<usize>().ok() != Some(expected) {
                    fail(
                        k_row,
                        What::TableRow {
                            expected,
                            found: no.to_owned(),
                        },
                    );
                    return;
                }
                // The spec's table column ids are distinct: the row is built without lookups.
                let mut row: Vec<(String, String)> = Vec::new();
                for (k, (_, c)) in self.spec.cols.iter().enumerate() {
                    let Col::TableColumn(n) = *c else { continue };
                    let v = cell(k);
                    if v.is_empty() {
                        continue;
                    }
                    let col_id = &self.spec.table_columns[n];
                    let Some(column) = self.table_column.get(&(i, n)).map(|&c| &item.columns[c])
                    else {
                        fail(
                            k,
                            What::NotInTable {
                                item: item_id.to_owned(),
                            },
                        );
                        return;
                    };
                    match table_value(column, v) {
                        Ok(value) => row.push((col_id.clone(), value)),
                        Err(what) => {
                            fail(k, what);
                            return;
                        }
                    }
                }
                self.seen.insert((index, i), expected);
                let row = VecMap::from_distinct(row);
                let at = match self.pending_at.get(&(index, i)) {
                    Some(&at) => at,
                    None => {
                        let list = self.pending_for(index);
                        list.push((i, Answer::default()));
                        let at = list.len() - 1;
                        self.pending_at.insert((index, i), at);
                        at
                    }
                };
                self.pending[index][at].1.rows.push(row);
            }
        }
    }
}

/// An answer read from a cell, applied to the item's [`Answer`].
enum Change {
    Choice(String),
    Choices(Vec<String>),
    Value(String),
}

impl Change {
    fn apply(self, answer: &mut Answer) {
        match self {
            Change::Choice(v) => answer.choice = Some(v),
            Change::Choices(vs) => answer.choices = vs,
            Change::Value(v) => answer.value = v,
        }
    }
}

/// Reads an item's answer: from the option values in `code` (long layout) or from the
/// labels people see (`value`).
fn answer_from(item: &Item, value: &str, code: Option<&str>) -> Result<Change, What> {
    let unknown = |found: &str| What::UnknownOption {
        found: found.to_owned(),
        expected: item.choices.iter().map(|c| c.label.ru.clone()).collect(),
    };
    match item.kind {
        ItemKind::Multi => {
            let (text, by_value) = match code {
                Some(c) if !c.is_empty() => (c, true),
                _ => (value.trim(), false),
            };
            let known: Vec<&str> = item
                .choices
                .iter()
                .map(|c| {
                    if by_value {
                        c.value.as_str()
                    } else {
                        c.label.ru.as_str()
                    }
                })
                .collect();
            split_known(text, &known)
                .map(|picked| {
                    Change::Choices(
                        picked
                            .into_iter()
                            .map(|i| item.choices[i].value.clone())
                            .collect(),
                    )
                })
                .map_err(|why| match why {
                    Unsplit::Unknown => unknown(text),
                    Unsplit::Ambiguous => What::AmbiguousChoices {
                        found: text.to_owned(),
                    },
                    Unsplit::TooLong => What::ChoicesTooLong {
                        length: text.len(),
                        options: known.len(),
                    },
                })
        }
        k if k.has_choices() => {
            if let Some(c) = code.filter(|c| !c.is_empty()) {
                return item
                    .choices
                    .iter()
                    .find(|x| x.value == c)
                    .map(|x| Change::Choice(x.value.clone()))
                    .ok_or_else(|| unknown(c));
            }
            let v = value.trim();
            item.choices
                .iter()
                .find(|x| x.label.ru == v)
                .or_else(|| item.choices.iter().find(|x| x.value == v))
                .map(|x| Change::Choice(x.value.clone()))
                .ok_or_else(|| unknown(v))
        }
        k if k.is_numeric() => Ok(Change::Value(
            canonical_number(value, true).unwrap_or_else(|| value.to_owned()),
        )),
        ItemKind::Date => date(value).map(Change::Value),
        _ => Ok(Change::Value(value.to_owned())),
    }
}

/// A date as stored (`YYYY-MM-DD`), from that form or from `DD.MM.YYYY`.
pub(super) fn date(value: &str) -> Result<String, What> {
    let v = value.trim();
    if is_date(v) {
        return Ok(v.to_owned());
    }
    let parts: Vec<&str> = v.split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        let iso = format!("{y}-{m}-{d}");
        if is_date(&iso) {
            return Ok(iso);
        }
    }
    Err(What::BadDate {
        found: v.to_owned(),
    })
}

fn table_value(column: &model::Column, v: &str) -> Result<String, What> {
    match column.kind {
        ColumnKind::Choice => column
            .choices
            .iter()
            .find(|c| c.label.ru == v.trim())
            .or_else(|| column.choices.iter().find(|c| c.value == v.trim()))
            .map(|c| c.value.clone())
            .ok_or_else(|| What::UnknownOption {
                found: v.to_owned(),
                expected: column.choices.iter().map(|c| c.label.ru.clone()).collect(),
            }),
        ColumnKind::Deadline if v.trim() == PERMANENT_RU => Ok(PERMANENT.to_owned()),
        ColumnKind::Date | ColumnKind::Deadline => date(v),
        ColumnKind::Number => Ok(canonical_number(v, true).unwrap_or_else(|| v.to_owned())),
        _ => Ok(v.to_owned()),
    }
}

/// Most work [`split_known`] does on one cell: cell bytes × options. A real cell of 30
/// options is a few kilobytes (well under 10⁵); past this the cell is refused as too long
/// rather than split, so no file can make the importer slow.
pub const MAX_SPLIT_WORK: usize = 1 << 22;

/// Why a multiple-choice cell gives no options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unsplit {
    /// No way to read it as options of the item, in the template's order.
    Unknown,
    /// More than one way (options whose names contain «; »: «А», «Б», «А; Б»).
    Ambiguous,
    /// Longer than [`MAX_SPLIT_WORK`] allows.
    TooLong,
}

/// Splits «a; b; c» into known names, in the order given (the template's), where a name may
/// itself contain «; »: the only split, or why there is none (no split, several).
fn split_known(text: &str, known: &[&str]) -> Result<Vec<usize>, Unsplit> {
    split_counted(text, known).0
}

/// [`split_known`] and the number of elementary steps it took (for the tests' bound).
///
/// Dynamic programming over the cell's boundaries (its start and every position after a
/// «; »): `ways[b][i]` is how many splits (0, 1 or «2 or more») the rest of the cell from
/// boundary `b` has using only names `i..`. Where each name occurs is found once per name
/// (Knuth–Morris–Pratt over the cell), so the whole costs O(cell bytes × names).
fn split_counted(text: &str, known: &[&str]) -> (Result<Vec<usize>, Unsplit>, usize) {
    let t = text.as_bytes();
    let n = t.len();
    let k = known.len();
    if n == 0 {
        return (Ok(Vec::new()), 0);
    }
    // A cell longer than every name joined cannot be split: refused before any work.
    let longest: usize = known.iter().map(|s| s.len() + 2).sum();
    if n > longest {
        return (Err(Unsplit::Unknown), 1);
    }
    if n.saturating_mul(k.max(1)) > MAX_SPLIT_WORK {
        return (Err(Unsplit::TooLong), 1);
    }
    let mut steps = 0usize;
    // Boundary index of each byte position (u32::MAX: not a boundary).
    const NONE: u32 = u32::MAX;
    let mut boundary = vec![NONE; n + 1];
    let mut starts: Vec<usize> = vec![0];
    boundary[0] = 0;
    for p in 2..n {
        if t[p - 2] == b';' && t[p - 1] == b' ' {
            boundary[p] = starts.len() as u32;
            starts.push(p);
        }
    }
    steps += n;
    let nb = starts.len();
    // matches[b * k + i]: name i starts at boundary b and ends the cell or a part of it.
    let mut matches = vec![false; nb * k];
    let mut fail: Vec<usize> = Vec::new();
    for (i, name) in known.iter().enumerate() {
        let w = name.as_bytes();
        if w.is_empty() {
            continue;
        }
        // Knuth–Morris–Pratt: every (overlapping) occurrence of `w` in `t`.
        fail.clear();
        fail.resize(w.len(), 0);
        let mut j = 0;
        for q in 1..w.len() {
            while j > 0 && w[q] != w[j] {
                j = fail[j - 1];
            }
            if w[q] == w[j] {
                j += 1;
            }
            fail[q] = j;
        }
        j = 0;
        for (q, &c) in t.iter().enumerate() {
            while j > 0 && c != w[j] {
                j = fail[j - 1];
            }
            if c == w[j] {
                j += 1;
            }
            if j == w.len() {
                let (p, e) = (q + 1 - w.len(), q + 1);
                let b = boundary[p];
                let ends = e == n || (e + 2 < n && t[e] == b';' && t[e + 1] == b' ');
                if b != NONE && ends {
                    matches[b as usize * k + i] = true;
                }
                j = fail[j - 1];
            }
        }
        steps += 2 * (n + w.len());
    }
    // Where the rest starts after name i at boundary b: None when it ends the cell.
    let next = |b: usize, i: usize| {
        let e = starts[b] + known[i].len();
        (e < n).then(|| boundary[e + 2] as usize)
    };
    // ways[b * (k + 1) + i], saturating at 2; the boundaries from the last one back, since
    // a name always leads further into the cell.
    let mut ways = vec![0u8; nb * (k + 1)];
    for b in (0..nb).rev() {
        for i in (0..k).rev() {
            let here = if matches[b * k + i] {
                match next(b, i) {
                    None => 1,
                    Some(c) => ways[c * (k + 1) + i + 1],
                }
            } else {
                0
            };
            ways[b * (k + 1) + i] = (ways[b * (k + 1) + i + 1] + here).min(2);
        }
        steps += k;
    }
    match ways[0] {
        0 => return (Err(Unsplit::Unknown), steps),
        1 => {}
        _ => return (Err(Unsplit::Ambiguous), steps),
    }
    // The one split: at each boundary, the one name that leads to it.
    let (mut out, mut b, mut from) = (Vec::new(), 0usize, 0usize);
    loop {
        let Some(i) = (from..k).find(|&i| {
            matches[b * k + i] && next(b, i).is_none_or(|c| ways[c * (k + 1) + i + 1] > 0)
        }) else {
            return (Err(Unsplit::Unknown), steps);
        };
        steps += i + 1 - from;
        out.push(i);
        match next(b, i) {
            None => return (Ok(out), steps),
            Some(c) => (b, from) = (c, i + 1),
        }
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;
    use proptest::prelude::*;

    /// The splitter before the dynamic programming (backtracking, exponential on names that
    /// contain «; »): its answer, where it has one, is the first split in template order.
    fn old(text: &str, known: &[&str]) -> Option<Vec<usize>> {
        fn go(rest: &str, known: &[&str], from: usize, out: &mut Vec<usize>) -> bool {
            if rest.is_empty() {
                return true;
            }
            for i in from..known.len() {
                let k = known[i];
                if k.is_empty() {
                    continue;
                }
                if let Some(after) = rest.strip_prefix(k) {
                    let next = if after.is_empty() {
                        Some("")
                    } else {
                        after.strip_prefix("; ")
                    };
                    if let Some(next) = next {
                        if !after.is_empty() && next.is_empty() {
                            continue;
                        }
                        out.push(i);
                        if go(next, known, i + 1, out) {
                            return true;
                        }
                        out.pop();
                    }
                }
            }
            false
        }
        let mut out = Vec::new();
        go(text, known, 0, &mut out).then_some(out)
    }

    /// Every increasing choice of names whose «; »-join is the text (names ≤ 10).
    fn brute(text: &str, known: &[&str]) -> Vec<Vec<usize>> {
        let usable: Vec<usize> = (0..known.len()).filter(|&i| !known[i].is_empty()).collect();
        let mut out = Vec::new();
        for mask in 0u32..(1 << usable.len()) {
            let pick: Vec<usize> = usable
                .iter()
                .enumerate()
                .filter(|(b, _)| mask & (1 << b) != 0)
                .map(|(_, &i)| i)
                .collect();
            let joined: Vec<&str> = pick.iter().map(|&i| known[i]).collect();
            if joined.join("; ") == text {
                out.push(pick);
            }
        }
        out
    }

    #[test]
    fn the_adversarial_cell_takes_polynomial_steps() {
        // «a», «a; a», «a; a; a», … and a cell «a; a; …; a; b»: no split, and every prefix
        // splits in exponentially many ways.
        let names: Vec<String> = (1..=40).map(|r| vec!["a"; r].join("; ")).collect();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        for parts in [10usize, 40, 400] {
            let text = format!("{}; b", vec!["a"; parts].join("; "));
            let (got, steps) = split_counted(&text, &known);
            assert_eq!(got, Err(Unsplit::Unknown), "{parts}");
            let bound = 8 * (text.len() + 2) * (known.len() + 1);
            assert!(steps <= bound, "{parts}: {steps} steps > {bound}");
        }
        // Without the «b» the cell splits, in many ways: ambiguous, also found fast.
        let text = vec!["a"; 30].join("; ");
        let (got, steps) = split_counted(&text, &known);
        assert_eq!(got, Err(Unsplit::Ambiguous));
        assert!(steps <= 8 * (text.len() + 2) * (known.len() + 1));
        // A cell too long for the work bound is refused, not split.
        let huge = "a; ".repeat(MAX_SPLIT_WORK / known.len() / 3 + 10) + "a";
        let names2: Vec<String> = (0..40)
            .map(|r| format!("{}a", "a; ".repeat(r * 200)))
            .collect();
        let known2: Vec<&str> = names2.iter().map(String::as_str).collect();
        assert_eq!(split_counted(&huge, &known2).0, Err(Unsplit::TooLong));
    }

    #[test]
    fn splits_as_before() {
        let known = ["А; и Б", "А", "Б", "=ВПР"];
        assert_eq!(split_known("А; и Б; Б", &known), Ok(vec![0, 2]));
        assert_eq!(split_known("А; Б", &known), Ok(vec![1, 2]));
        assert_eq!(split_known("А; и Б", &known), Ok(vec![0]));
        assert_eq!(split_known("", &known), Ok(vec![]));
        assert_eq!(
            split_known("Б; А", &known),
            Err(Unsplit::Unknown),
            "template order"
        );
        assert_eq!(split_known("А; ", &known), Err(Unsplit::Unknown));
        assert_eq!(split_known("А;Б", &known), Err(Unsplit::Unknown));
        assert_eq!(
            split_known("А; Б; Б", &known),
            Err(Unsplit::Unknown),
            "twice"
        );
        assert_eq!(
            split_known("a; b", &["a", "b", "a; b"]),
            Err(Unsplit::Ambiguous)
        );
        assert_eq!(split_known("x", &["x", "", "x"]), Err(Unsplit::Ambiguous));
    }

    fn name() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["a", "b", ";", " ", "; ", "ё"]),
            0..4,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Against the brute force: no split → Unknown, one → that one (and the old
        /// splitter's answer), several → Ambiguous.
        #[test]
        fn agrees_with_the_brute_force(
            names in prop::collection::vec(name(), 0..7),
            pick in prop::collection::vec(any::<bool>(), 7),
            noise in name(),
            joined in any::<bool>(),
        ) {
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            let text = if joined {
                let parts: Vec<&str> = known
                    .iter()
                    .zip(&pick)
                    .filter(|(n, p)| **p && !n.is_empty())
                    .map(|(n, _)| *n)
                    .collect();
                parts.join("; ")
            } else {
                noise
            };
            let all = brute(&text, &known);
            let got = split_known(&text, &known);
            match all.len() {
                0 => {
                    prop_assert_eq!(got, Err(Unsplit::Unknown));
                    prop_assert_eq!(old(&text, &known), None);
                }
                1 => {
                    prop_assert_eq!(got.as_ref().ok(), Some(&all[0]));
                    prop_assert_eq!(old(&text, &known), Some(all[0].clone()));
                }
                _ => prop_assert_eq!(got, Err(Unsplit::Ambiguous)),
            }
        }
    }
}
