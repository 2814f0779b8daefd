//! CSV text → the rows of a sheet: tokenised by [`crate::csv::tokens`] (csv-core), numbered
//! as the spreadsheet numbers them (a line break inside a quoted cell does not start a row),
//! blank and comment rows left out, the header mapped to the known columns.

use super::error::{
    canonical_names, sheet_column, whole_file, Place, SheetColumn, SheetError, SheetProblem,
};
use super::{sheet_unguard, COLUMNS, MAX_SHEET_ROWS, N, ROW};
use crate::csv::tokens::{line_ends, Fields, Quotes};

/// The separator: whichever of `;`, `,` and tab is most frequent in the header line (the first
/// line that is not blank and not a comment).
fn delimiter(text: &str) -> u8 {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or("");
    let count = |d| line.chars().filter(|&c| c == d).count();
    let (semi, comma, tab) = (count(';'), count(','), count('\t'));
    if tab > semi && tab > comma {
        b'\t'
    } else if comma > semi {
        b','
    } else {
        b';'
    }
}

/// The non-blank cells of a row, each with its column index.
type Cells = Vec<(usize, String)>;

/// Reads CSV text row by row and hands each row that has a non-blank cell to `on_row` with its
/// spreadsheet row number. Only the first `N + 1` non-blank cells of a row are kept: more
/// cannot all be known columns, so the checks on the kept ones already find the first bad one,
/// and a crafted line of millions of cells costs no memory. The reading is lenient as
/// spreadsheets are (`"a"b` is `ab`, a quote inside a cell is a quote); only a quote never
/// closed is refused.
fn read_csv(
    text: &str,
    delimiter: u8,
    on_row: &mut dyn FnMut(usize, Cells) -> Result<(), SheetError>,
) -> Result<(), SheetError> {
    let bytes = text.as_bytes();
    let mut fields = Fields::new(text, 0, delimiter);
    // The row being read, and where the last one ended: the line ends between them are the
    // last row's own and any blank rows'.
    let (mut n, mut last_end) = (1, 0);
    let mut cells: Cells = Vec::new();
    let mut index = 0;
    while let Some(field) = fields.next_field() {
        if index == 0 {
            n += line_ends(bytes, last_end, field.start);
        }
        if field.quotes == Quotes::Unclosed {
            return Err(SheetError {
                at: Some(Place {
                    row: n,
                    column: Some(SheetColumn { index, name: None }),
                }),
                problem: SheetProblem::UnclosedQuote,
            });
        }
        if !field.text.trim().is_empty() && cells.len() <= N {
            cells.push((index, field.text));
        }
        index += 1;
        if field.last {
            if !cells.is_empty() {
                on_row(n, std::mem::take(&mut cells))?;
            }
            (index, last_end) = (0, field.end);
        }
    }
    Ok(())
}

pub(super) struct Row {
    /// The spreadsheet row number.
    pub n: usize,
    /// Cells in canonical column order.
    pub cells: Vec<String>,
}

impl Row {
    /// The cell as written, or `None` when it is blank.
    pub fn text(&self, c: usize) -> Option<&str> {
        let s = self.cells[c].as_str();
        (!s.trim().is_empty()).then_some(s)
    }

    /// The trimmed cell, or `None` when it is blank.
    pub fn value(&self, c: usize) -> Option<&str> {
        self.text(c).map(str::trim)
    }
}

/// The header's column map and the data rows of a sheet's text; `lost` says that some bytes
/// did not decode (they read as U+FFFD).
pub(super) fn read(text: &str, lost: bool) -> Result<Read, SheetError> {
    let mut header: Option<([Option<usize>; N], [&'static str; N])> = None;
    let mut data = Vec::new();
    read_csv(text, delimiter(text), &mut |n, cells| {
        let (map, written) = header.unwrap_or(([None; N], canonical_names()));
        // Undecodable bytes read as U+FFFD; the first cell holding one is the place to fix.
        if lost {
            if let Some((c, _)) = cells.iter().find(|(_, cell)| cell.contains('\u{FFFD}')) {
                return Err(SheetError {
                    at: Some(Place {
                        row: n,
                        column: Some(sheet_column(&map, &written, *c)),
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
        if data.len() >= MAX_SHEET_ROWS {
            return Err(SheetError {
                at: Some(Place {
                    row: n,
                    column: None,
                }),
                problem: SheetProblem::TooManyRows {
                    max: MAX_SHEET_ROWS,
                },
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
    match header {
        Some((map, written)) => Ok((map, written, data)),
        None => Err(whole_file(SheetProblem::Empty)),
    }
}

/// What [`read`] gives: canonical column → sheet column, canonical column → its header as
/// written, and the data rows.
pub(super) type Read = ([Option<usize>; N], [&'static str; N], Vec<Row>);

/// Maps the header's columns to the known ones.
fn read_header(
    n: usize,
    cells: &[(usize, String)],
) -> Result<([Option<usize>; N], [&'static str; N]), SheetError> {
    let mut map = [None; N];
    let mut written = canonical_names();
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
        written[c] = std::iter::once(&COLUMNS[c].0)
            .chain(COLUMNS[c].1.iter())
            .find(|n| **n == key)
            .copied()
            .unwrap_or(COLUMNS[c].0);
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
    Ok((map, written))
}
