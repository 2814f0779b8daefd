//! Bytes → text → rows, with the line each row starts on.
//!
//! Strict where a mistake would shift data between columns (an unclosed quote, text after a
//! closing quote, a quote inside an unquoted cell) and lenient where spreadsheets differ
//! harmlessly (BOM or none, `;` `,` or tab, CRLF LF or CR, a `sep=;` or `sep=<tab>` line, blank
//! lines before the header).

use super::import::{Problem, What};
use crate::sheet::decode;

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
    1 + line_ends(&bytes[..at.min(bytes.len())])
}

/// How many line ends the bytes hold: CR LF, LF and a lone CR each count once.
fn line_ends(bytes: &[u8]) -> usize {
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    lf + lone_cr
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

/// The rows of CSV text, one at a time.
pub struct Rows<'t> {
    text: &'t str,
    pos: usize,
    line: usize,
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
        let (mut pos, mut line) = (0, 1);
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
                    pos: next,
                    line: line + 1,
                    delimiter: d,
                };
            }
            let blank = this
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, ';' | ',' | '"'));
            if !blank || next >= text.len() {
                break this;
            }
            (pos, line) = (next, line + 1);
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
            pos: 0,
            line: 1,
            delimiter,
        }
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, Problem>;

    /// Reads one row. Works on bytes: the separator, quote and line ends are ASCII, so they
    /// can never be part of a multi-byte character, and cells are copied out as whole slices.
    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start_line = self.line;
        let d = self.delimiter;
        let mut cells = Vec::new();
        let mut at = self.pos;
        loop {
            // One cell, starting at `at`.
            let column = Some(cells.len());
            if bytes.get(at) == Some(&b'"') {
                let quote_line = self.line;
                let mut cell = String::new();
                let mut from = at + 1;
                loop {
                    let Some(q) = bytes[from..].iter().position(|&b| b == b'"') else {
                        self.pos = bytes.len();
                        return Some(Err(Problem::at(quote_line, column, What::UnclosedQuote)));
                    };
                    let part = &text[from..from + q];
                    self.line += line_ends(part.as_bytes());
                    cell.push_str(part);
                    from += q + 1;
                    if bytes.get(from) == Some(&b'"') {
                        cell.push('"');
                        from += 1;
                    } else {
                        break;
                    }
                }
                cells.push(cell);
                at = from;
                // After a closing quote: the separator, a line end, or the end of the file.
                match bytes.get(at) {
                    Some(&b) if b == d => at += 1,
                    None | Some(b'\r' | b'\n') => {}
                    Some(_) => {
                        let found = text[at..].chars().next().unwrap_or('?');
                        let line = self.line;
                        self.skip_from(at - self.pos);
                        return Some(Err(Problem::at(
                            line,
                            column,
                            What::TextAfterQuote { found },
                        )));
                    }
                }
                if bytes.get(at) != Some(&b'\r')
                    && bytes.get(at) != Some(&b'\n')
                    && at < bytes.len()
                {
                    continue;
                }
            } else {
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == d || b == b'\r' || b == b'\n' || b == b'"')
                    .map_or(bytes.len(), |n| at + n);
                if bytes.get(end) == Some(&b'"') {
                    let line = self.line;
                    self.skip_from(end - self.pos);
                    return Some(Err(Problem::at(line, column, What::QuoteInCell)));
                }
                cells.push(text[at..end].to_owned());
                at = end;
                if bytes.get(at) == Some(&d) {
                    at += 1;
                    if at == bytes.len() {
                        // A separator just before the end of the file: one more, empty, cell.
                        cells.push(String::new());
                    }
                    continue;
                }
            }
            // A line end or the end of the file: the row is complete.
            match bytes.get(at) {
                Some(b'\r') => {
                    at += 1;
                    if bytes.get(at) == Some(&b'\n') {
                        at += 1;
                    }
                    self.line += 1;
                }
                Some(b'\n') => {
                    at += 1;
                    self.line += 1;
                }
                _ => {}
            }
            self.pos = at;
            return Some(Ok(Row {
                line: start_line,
                cells,
            }));
        }
    }
}

impl Rows<'_> {
    /// After a broken row: go on after the line end that follows `at` (an offset into the
    /// rest of the text being read), so the rest of the file can still be checked.
    fn skip_from(&mut self, at: usize) {
        let from = self.pos + at;
        match self.text[from..].find(['\r', '\n']) {
            Some(n) => {
                let after = from + n;
                self.pos = after
                    + if self.text[after..].starts_with("\r\n") {
                        2
                    } else {
                        1
                    };
                self.line += 1;
            }
            None => self.pos = self.text.len(),
        }
    }
}
