//! Bytes → text → rows, with the line each row starts on.
//!
//! Strict where a mistake would shift data between columns (an unclosed quote, text after a
//! closing quote, a quote inside an unquoted cell) and lenient where spreadsheets differ
//! harmlessly (BOM or none, `;` `,` or tab, CRLF LF or CR, a `sep=;` or `sep=<tab>` line, blank
//! lines before the header).

use super::import::{Problem, What};
use super::tokens::{line_ends, Fields, Quotes};
use crate::encoding::decode;

/// The decoded text of a file and what was detected about it.
pub struct Text {
    pub text: String,
    /// `"UTF-8"`, `"UTF-8 BOM"` or `"Windows-1251"`.
    pub encoding: &'static str,
}

/// Decodes UTF-8 (with or without a byte-order mark) or Windows-1251. Binary files, broken
/// UTF-8 and the one byte Windows-1251 lacks are refused at the line they are on.
#[allow(clippy::result_large_err)] // read once per file; the error is the report itself
pub fn decode_text(bytes: &[u8]) -> Result<Text, Problem> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::file(What::Empty));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Problem::file(What::Utf16));
    }
    if let Some(at) = bytes
        .iter()
        .position(|&b| b == 0 || (b < 0x20 && !b"\t\r\n\x0c".contains(&b)))
    {
        return Err(Problem::at(line_of(bytes, at), None, What::Binary));
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let (text, lost) = decode(bytes);
    let encoding = if bom {
        "UTF-8 BOM"
    } else if std::str::from_utf8(bytes).is_ok() {
        "UTF-8"
    } else {
        "Windows-1251"
    };
    if lost {
        // Where the first byte that did not decode is.
        let at = if encoding == "Windows-1251" {
            bytes.iter().position(|&b| b == 0x98).unwrap_or(0)
        } else {
            let body = if bom { &bytes[3..] } else { bytes };
            let mut at = 0;
            for chunk in body.utf8_chunks() {
                at += chunk.valid().len();
                if !chunk.invalid().is_empty() {
                    break;
                }
            }
            at + if bom { 3 } else { 0 }
        };
        return Err(Problem::at(line_of(bytes, at), None, What::Encoding));
    }
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(Text { text, encoding })
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + line_ends(bytes, 0, at)
}

/// The separator a `sep=X` line names (Excel writes and reads it): `sep=;`, `"sep=;"`,
/// `SEP=,`, `sep=` and a tab, also with the separator repeated after it (a spreadsheet that
/// padded the line to the table's width).
fn sep_line(line: &str) -> Option<u8> {
    let t = line.trim_matches(' ').trim_start_matches('"');
    let rest = t
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .map(|_| &t[4..])?;
    let d = *rest.as_bytes().first()?;
    if !d.is_ascii() || matches!(d, b'"' | b'\r' | b'\n') {
        return None;
    }
    rest[1..]
        .bytes()
        .all(|b| b == d || b == b'"' || b == b' ')
        .then_some(d)
}

/// One row of cells and the line of the file it starts on.
#[derive(Debug)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The rows of CSV text, one at a time, split by [`super::tokens`].
pub struct Rows<'t> {
    text: &'t str,
    fields: Fields<'t>,
    /// The line `counted` is on: lines are counted once, as the rows go by.
    line: usize,
    counted: usize,
    pub delimiter: u8,
}

impl<'t> Rows<'t> {
    /// Reads the separator from a `sep=X` first line (which Excel writes and reads), or
    /// else takes whichever of `;`, `,` and tab is most frequent in the first line.
    ///
    /// Line ends may be CR LF, LF or a lone CR (old Mac spreadsheets), the `sep=` line too;
    /// blank lines (or lines of separators only) before the header do not count.
    pub fn new(text: &'t str) -> Rows<'t> {
        // The first line that is not blank: a `sep=` line, or the header.
        let mut pos = 0;
        let first = loop {
            let end = text[pos..]
                .find(['\r', '\n'])
                .map_or(text.len(), |n| pos + n);
            let this = &text[pos..end];
            let next = end
                + if text[end..].starts_with("\r\n") {
                    2
                } else {
                    usize::from(end < text.len())
                };
            if let Some(d) = sep_line(this) {
                return Rows {
                    text,
                    fields: Fields::new(text, next, d),
                    line: 1,
                    counted: 0,
                    delimiter: d,
                };
            }
            let blank = this
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, ';' | ',' | '"'));
            if !blank || next >= text.len() {
                break this;
            }
            pos = next;
        };
        let count = |d: u8| first.bytes().filter(|&b| b == d).count();
        let (semi, comma, tab) = (count(b';'), count(b','), count(b'\t'));
        let delimiter = if tab > semi && tab > comma {
            b'\t'
        } else if comma > semi {
            b','
        } else {
            b';'
        };
        Rows {
            text,
            fields: Fields::new(text, 0, delimiter),
            line: 1,
            counted: 0,
            delimiter,
        }
    }

    /// The line byte `at` is on (`at` never goes back).
    fn line_at(&mut self, at: usize) -> usize {
        self.line += line_ends(self.text.as_bytes(), self.counted, at);
        self.counted = self.counted.max(at);
        self.line
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, Problem>;

    /// Reads one row, strictly where a mistake would shift data between columns: a quote
    /// never closed, text after a closing quote, a quote inside an unquoted cell. After
    /// either of the last two the row is skipped to its line end and reading goes on.
    fn next(&mut self) -> Option<Self::Item> {
        let mut cells = Vec::new();
        let mut line = None;
        loop {
            let field = self.fields.next_field()?;
            let start = self.line_at(field.start);
            let line = *line.get_or_insert(start);
            let column = Some(cells.len());
            let (at, what) = match field.quotes {
                Quotes::Fine => {
                    cells.push(field.text);
                    if field.last {
                        return Some(Ok(Row { line, cells }));
                    }
                    continue;
                }
                // The field ran to the end of the text: nothing follows to read.
                Quotes::Unclosed => {
                    return Some(Err(Problem::at(start, column, What::UnclosedQuote)));
                }
                Quotes::After(at) => {
                    let found = self.text[at..].chars().next().unwrap_or('?');
                    (at, What::TextAfterQuote { found })
                }
                Quotes::Inside(at) => (at, What::QuoteInCell),
            };
            let problem = Problem::at(self.line_at(at), column, what);
            self.fields.skip_line(at);
            return Some(Err(problem));
        }
    }
}
