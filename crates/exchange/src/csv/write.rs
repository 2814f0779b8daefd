//! Assessments → the bytes of a CSV file, in any layout and profile.

use std::borrow::Cow;

use model::{
    evaluate, not_applicable, Answer, Assessment, ColumnKind, Item, ItemKind, Template, Visibility,
    PERMANENT,
};

use super::{
    canonical_number, neutralise, row_checksum, Col, Layout, Profile, Spec, DOC_PARTS,
    FORMAT_VERSION,
};
use crate::encoding::cp1251_byte;

/// Who made the file and when; written into every row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportMeta {
    /// RFC 3339 UTC time of the export.
    pub exported_at: String,
    pub app_version: String,
}

/// A character the Windows-1251 profile cannot write, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unencodable {
    /// Line of the file (1 = the header).
    pub line: usize,
    pub column: String,
    pub character: char,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("assessment {assessment} was answered on template {found}, not {expected}")]
    WrongTemplate {
        assessment: String,
        expected: String,
        found: String,
    },
    /// Windows-1251 has no such characters; the first few are listed (at most 20) with
    /// `count` in all. Nothing is replaced: the person picks a UTF-8 profile or edits them.
    #[error("{count} characters cannot be written in Windows-1251, the first at line {}, column {}", .first[0].line, .first[0].column)]
    NotInCp1251 {
        first: Vec<Unencodable>,
        count: usize,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One cell before it is written: its text (borrowed from the assessment or template where it
/// can be) and whether it is a number (written as it is, so a spreadsheet sees a number) or
/// text (guarded when a spreadsheet would change it).
pub(super) struct Cell<'a> {
    pub text: Cow<'a, str>,
    pub number: bool,
}

impl<'a> Cell<'a> {
    pub(super) fn text(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell {
            text: text.into(),
            number: false,
        }
    }
}

/// The file for `assessments`, all answered on `template`, in `layout` and `profile`.
pub fn export(
    template: &Template,
    assessments: &[Assessment],
    layout: Layout,
    profile: Profile,
    meta: &ExportMeta,
) -> Result<Vec<u8>, ExportError> {
    for a in assessments {
        if !a.is_for(template) {
            return Err(ExportError::WrongTemplate {
                assessment: a.id.clone(),
                expected: format!("{} {} ({})", template.id, template.version, template.hash),
                found: format!(
                    "{} {} ({})",
                    a.template_id, a.template_version, a.template_hash
                ),
            });
        }
    }
    let spec = Spec::new(template, layout);
    let items: Vec<&Item> = template.items().collect();
    let index: std::collections::HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.as_str(), i))
        .collect();
    let mut file = File::new(profile, &spec);
    for a in assessments {
        let vis = Visibility::new(template, a);
        let results = evaluate(template, a);
        // Each item's answer if it is shown (a hidden item's answer is not sent), looked up
        // once per assessment rather than once per column.
        let mut answers: Vec<Option<&Answer>> = vec![None; items.len()];
        for (id, answer) in a.answers.iter() {
            if let Some(&i) = index.get(id) {
                answers[i] = Some(answer);
            }
        }
        for (i, item) in items.iter().enumerate() {
            if answers[i].is_some() && !vis.item(&item.id) {
                answers[i] = None;
            }
        }
        let shown = |i: usize| answers[i];
        match layout {
            Layout::Wide => {
                let cells = spec
                    .cols
                    .iter()
                    .map(|(_, col)| match *col {
                        Col::Answer(i) => shown(i)
                            .map(|ans| answer_cell(items[i], ans, profile))
                            .unwrap_or_else(|| Cell::text("")),
                        Col::Doc(i, p) => Cell::text(doc_part(shown(i), p)),
                        Col::Evidence(i) => {
                            Cell::text(shown(i).map_or("", |ans| ans.evidence.as_str()))
                        }
                        Col::Comment(i) => {
                            Cell::text(shown(i).map_or("", |ans| ans.comment.as_str()))
                        }
                        Col::Pct(s) => percent(
                            s.map_or(results.total, |s| results.sections[s].score),
                            profile,
                        ),
                        Col::Level(s) => Cell::text(
                            s.map_or(results.total_level, |s| results.sections[s].level)
                                .map_or("", |l| l.label.ru.as_str()),
                        ),
                        other => common(other, template, a, meta),
                    })
                    .collect();
                file.row(cells);
            }
            Layout::Long => {
                let mut index = 0;
                for (s, section) in template.sections.iter().enumerate() {
                    let score = results.sections[s].score;
                    for item in &section.items {
                        let i = index;
                        index += 1;
                        let answer = shown(i);
                        let points = long_points(item, answer, vis.item(&item.id));
                        let cells = spec
                            .cols
                            .iter()
                            .map(|(_, col)| match *col {
                                Col::SectionId => Cell::text(&section.id),
                                Col::ItemId => Cell::text(&item.id),
                                Col::ItemText => Cell::text(&item.label.ru),
                                Col::Kind => Cell::text(item.kind.name()),
                                Col::Value => answer
                                    .map(|ans| answer_cell(item, ans, profile))
                                    .unwrap_or_else(|| Cell::text("")),
                                Col::Code => Cell::text(
                                    answer.map(|ans| code(item, ans)).unwrap_or_default(),
                                ),
                                Col::Points => points.map_or(Cell::text(""), |(p, _)| whole(p)),
                                Col::MaxPoints => points.map_or(Cell::text(""), |(_, m)| whole(m)),
                                Col::LongDoc(p) => Cell::text(doc_part(answer, p)),
                                Col::LongEvidence => {
                                    Cell::text(answer.map_or("", |ans| ans.evidence.as_str()))
                                }
                                Col::LongComment => {
                                    Cell::text(answer.map_or("", |ans| ans.comment.as_str()))
                                }
                                Col::SectionPct => percent(score, profile),
                                Col::SectionLevel => Cell::text(
                                    results.sections[s]
                                        .level
                                        .map_or("", |l| l.label.ru.as_str()),
                                ),
                                other => common(other, template, a, meta),
                            })
                            .collect();
                        file.row(cells);
                    }
                }
            }
            Layout::Tables => {
                for (i, item) in items.iter().enumerate() {
                    if item.kind != ItemKind::Table {
                        continue;
                    }
                    let Some(answer) = shown(i) else { continue };
                    for (r, row) in answer.rows.iter().enumerate() {
                        let cells = spec
                            .cols
                            .iter()
                            .map(|(_, col)| match *col {
                                Col::ItemId => Cell::text(&item.id),
                                Col::RowNo => whole(u32::try_from(r + 1).unwrap_or(u32::MAX)),
                                Col::TableColumn(n) => {
                                    let id = &spec.table_columns[n];
                                    match (item.columns.iter().find(|c| &c.id == id), row.get(id)) {
                                        (Some(column), Some(v)) => table_cell(column, v, profile),
                                        _ => Cell::text(""),
                                    }
                                }
                                other => common(other, template, a, meta),
                            })
                            .collect();
                        file.row(cells);
                    }
                }
            }
        }
    }
    file.finish()
}

/// Any table (its first row the header) in a profile's bytes, with the same quoting, text
/// marking and encoding as an export: for derived tables such as a municipality's summary.
/// Cells of `number_columns` are numbers (never marked); the others are text. No checksum:
/// such a table is computed, not entered.
pub fn table_csv(
    rows: &[Vec<String>],
    number_columns: &[usize],
    profile: Profile,
) -> Result<Vec<u8>, ExportError> {
    let Some((header, body)) = rows.split_first() else {
        return Ok(Vec::new());
    };
    let spec = Spec {
        cols: header
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), Col::Field(i)))
            .collect(),
        table_columns: Vec::new(),
    };
    let mut file = File::new(profile, &spec);
    let mut is_number = vec![false; header.len()];
    for &i in number_columns {
        if let Some(n) = is_number.get_mut(i) {
            *n = true;
        }
    }
    for row in body {
        let cells: Vec<Cell<'_>> = row
            .iter()
            .enumerate()
            .map(|(i, text)| Cell {
                text: Cow::Borrowed(text.as_str()),
                number: is_number.get(i).copied().unwrap_or(false) && !text.is_empty(),
            })
            .collect();
        file.write(&cells);
    }
    file.finish()
}

/// The meta, respondent and checksum columns shared by every layout (the checksum is filled
/// in by [`File::row`]).
fn common<'a>(
    col: Col,
    template: &'a Template,
    a: &'a Assessment,
    meta: &'a ExportMeta,
) -> Cell<'a> {
    match col {
        Col::Meta(m) => Cell::text(match m {
            0 => FORMAT_VERSION,
            1 => &a.id,
            2 => &a.template_id,
            3 => &a.template_version,
            // The template's own identity, also for an assessment that carries the older one.
            4 => &template.hash,
            5 => &meta.exported_at,
            6 => &meta.app_version,
            7 => &a.created_at,
            _ => &a.updated_at,
        }),
        Col::Field(f) => Cell::text(a.respondent_value(&template.respondent[f].id)),
        _ => Cell::text(""),
    }
}

/// The long layout's `points` and `max_points` of an item, as the export writes them: none
/// for an unscored item, zero of zero for a hidden or «не применимо» one. `answer` is the
/// item's answer if it is shown.
pub(crate) fn long_points(
    item: &Item,
    answer: Option<&Answer>,
    visible: bool,
) -> Option<(u32, u32)> {
    if item.max_points() == 0 {
        return None;
    }
    let counted = (answer.is_some() || visible) && !not_applicable(item, answer);
    Some(if counted {
        (
            answer
                .and_then(|ans| model::item_points(item, ans))
                .map_or(0, |p| p.0),
            item.max_points(),
        )
    } else {
        (0, 0)
    })
}

fn whole(n: u32) -> Cell<'static> {
    Cell {
        text: n.to_string().into(),
        number: true,
    }
}

fn percent(score: model::Score, profile: Profile) -> Cell<'static> {
    match score.reported() {
        Some(p) => Cell {
            text: if profile.decimal_comma() {
                p.decimal_comma().into()
            } else {
                p.decimal_point().into()
            },
            number: true,
        },
        None => Cell::text(""),
    }
}

/// A number as typed, in the profile's form; a word typed into a number field stays text.
fn number(value: &str, profile: Profile) -> Cell<'_> {
    match canonical_number(value, true) {
        Some(n) => Cell {
            text: if profile.decimal_comma() {
                n.replace('.', ",").into()
            } else {
                n.into()
            },
            number: true,
        },
        None => Cell::text(value),
    }
}

fn doc_part(answer: Option<&Answer>, part: usize) -> &str {
    answer
        .and_then(|ans| ans.doc.get(DOC_PARTS[part]))
        .map_or("", String::as_str)
}

/// One item's answer for people: an option's label, ticked labels joined by «; », a number
/// with the profile's decimal mark, a text or date as written, a document's parts joined by
/// «; », or a table's rows one per line (the rows themselves are in the tables layout).
fn answer_cell<'a>(item: &'a Item, answer: &'a Answer, profile: Profile) -> Cell<'a> {
    let label = |v: &str| item.choice(v).map(|c| c.label.ru.as_str());
    Cell::text(match item.kind {
        ItemKind::Multi => answer
            .choices
            .iter()
            .filter_map(|v| label(v))
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
        k if k.has_choices() => {
            Cow::Borrowed(answer.choice.as_deref().and_then(label).unwrap_or_default())
        }
        k if k.is_numeric() => return number(&answer.value, profile),
        ItemKind::Evidence => DOC_PARTS
            .iter()
            .filter_map(|k| answer.doc.get(k).filter(|v| !v.trim().is_empty()))
            .cloned()
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
        ItemKind::Table => answer
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let cells: Vec<String> = item
                    .columns
                    .iter()
                    .filter_map(|c| {
                        let v = row.get(&c.id).filter(|v| !v.trim().is_empty())?;
                        let cell = table_cell(c, v, profile);
                        Some(format!("{}: {}", c.label.ru, cell.text))
                    })
                    .collect();
                format!("{}) {}", r + 1, cells.join("; "))
            })
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        _ => Cow::Borrowed(answer.value.as_str()),
    })
}

/// The machine form of a choice answer: the option value, or the ticked values joined by
/// «; ». Empty for other kinds (their `value` cell is already exact).
fn code(item: &Item, answer: &Answer) -> String {
    match item.kind {
        ItemKind::Multi => answer.choices.join("; "),
        k if k.has_choices() => answer.choice.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// A table cell: a choice column's label, «постоянно» for a permanent deadline, a number in
/// the profile's form, anything else as written.
fn table_cell<'a>(column: &'a model::Column, value: &'a str, profile: Profile) -> Cell<'a> {
    match column.kind {
        ColumnKind::Choice => Cell::text(
            column
                .choices
                .iter()
                .find(|x| x.value == value)
                .map_or(value, |x| x.label.ru.as_str()),
        ),
        ColumnKind::Deadline if value == PERMANENT => Cell::text(super::import::PERMANENT_RU),
        ColumnKind::Number => number(value, profile),
        _ => Cell::text(value),
    }
}

/// The bytes being written, header first.
pub(super) struct File<'s> {
    out: Vec<u8>,
    profile: Profile,
    spec: &'s Spec,
    line: usize,
    unencodable: Vec<Unencodable>,
    count: usize,
}

impl<'s> File<'s> {
    pub(super) fn new(profile: Profile, spec: &'s Spec) -> File<'s> {
        let mut file = File {
            out: Vec::with_capacity(64 << 10),
            profile,
            spec,
            line: 1,
            unencodable: Vec::new(),
            count: 0,
        };
        if profile == Profile::ExcelRu {
            file.out.extend_from_slice(UTF8_BOM);
        }
        let header: Vec<Cell> = spec.cols.iter().map(|(n, _)| Cell::text(n)).collect();
        file.write(&header);
        file
    }

    /// Writes a row, computing its checksum over the other cells first.
    pub(super) fn row(&mut self, mut cells: Vec<Cell<'_>>) {
        let sum = row_checksum(
            self.spec
                .cols
                .iter()
                .zip(&cells)
                .filter(|((_, col), _)| *col != Col::Checksum)
                .map(|((name, _), cell)| (name.as_str(), &*cell.text)),
        );
        if let Some(last) = cells.last_mut() {
            *last = Cell::text(sum);
        }
        self.write(&cells);
    }

    fn write(&mut self, cells: &[Cell<'_>]) {
        // Physical lines inside this row so far: a cell may hold line breaks.
        let mut extra = 0;
        let quote_all = self.profile != Profile::Rfc4180;
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(self.profile.delimiter());
            }
            let text = if cell.number {
                Cow::Borrowed(&*cell.text)
            } else {
                neutralise(&cell.text, self.profile.marks_codes())
            };
            // RFC 4180: text quoted, numbers and empty cells bare, so a reader can tell
            // text from number (LibreOffice's «quoted field as text»; NULL in PostgreSQL).
            let quote = quote_all || (!cell.number && !text.is_empty());
            if quote {
                self.out.push(b'"');
            }
            if self.profile == Profile::ExcelCp1251 {
                for c in text.chars() {
                    extra += usize::from(c == '\n');
                    if c == '"' {
                        self.out.extend_from_slice(b"\"\"");
                    } else if let Some(b) = cp1251_byte(c) {
                        self.out.push(b);
                    } else {
                        self.count += 1;
                        if self.unencodable.len() < 20 {
                            self.unencodable.push(Unencodable {
                                line: self.line + extra,
                                column: self.spec.cols[i].0.clone(),
                                character: c,
                            });
                        }
                    }
                }
            } else if text.contains('"') {
                self.out
                    .extend_from_slice(text.replace('"', "\"\"").as_bytes());
            } else {
                self.out.extend_from_slice(text.as_bytes());
            }
            if quote {
                self.out.push(b'"');
            }
        }
        self.out.extend_from_slice(b"\r\n");
        if self.profile != Profile::ExcelCp1251 {
            extra = cells.iter().map(|c| c.text.matches('\n').count()).sum();
        }
        self.line += 1 + extra;
    }

    pub(super) fn finish(self) -> Result<Vec<u8>, ExportError> {
        if self.count > 0 {
            return Err(ExportError::NotInCp1251 {
                first: self.unencodable,
                count: self.count,
            });
        }
        Ok(self.out)
    }
}
