//! CSV text → fields, for both readers of this crate: exports ([`super::read::Rows`]) and
//! template sheets. The splitting is `csv-core`'s, the tokenizer of the `csv` crate (no_std,
//! a table-driven state machine of a few hundred bytes). What it adds is what a reader here
//! must say and csv-core, which prefers *a* parse to none, does not: the bytes each field came
//! from, for line and row numbers, and whether its quotes were well formed.

use csv_core::{ReadFieldResult, Reader, ReaderBuilder};

/// How a field's quotes were written. csv-core reads every case; a strict reader refuses all
/// but `Fine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quotes {
    /// No quote, or one quoted field whose inner quotes are doubled.
    Fine,
    /// A quote opened and never closed: the field runs to the end of the text.
    Unclosed,
    /// Text after the closing quote, at this byte (csv-core reads `"a"b` as `ab`).
    After(usize),
    /// A quote inside a field that does not start with one, at this byte (read as it is).
    Inside(usize),
}

pub(crate) struct Field {
    pub text: String,
    /// The field's bytes in the text, without its separator or line end.
    pub start: usize,
    pub end: usize,
    /// Whether the field ends its record.
    pub last: bool,
    pub quotes: Quotes,
}

/// The fields of CSV text in order. Line ends may be CR LF, LF or a lone CR; blank lines
/// between records are skipped.
pub(crate) struct Fields<'t> {
    bytes: &'t [u8],
    pos: usize,
    /// Whether `pos` is at the start of a record, where csv-core skips blank lines.
    record_start: bool,
    reader: Reader,
    buf: Vec<u8>,
    delimiter: u8,
}

impl<'t> Fields<'t> {
    /// Fields of `text` from byte `from` (the start of a record), split at `delimiter`.
    pub fn new(text: &'t str, from: usize, delimiter: u8) -> Fields<'t> {
        let mut fields = Fields {
            bytes: text.as_bytes(),
            pos: from,
            record_start: true,
            reader: Reader::new(),
            buf: vec![0; 256],
            delimiter,
        };
        fields.restart(from);
        fields
    }

    fn restart(&mut self, from: usize) {
        self.reader = ReaderBuilder::new().delimiter(self.delimiter).build();
        // csv-core drops a byte-order mark at the start of its input. The decoder has taken
        // the file's own already, so any other is text: one read that takes no byte (there is
        // no room for output) makes the input no longer at its start.
        let _ = self.reader.read_field(b" ", &mut []);
        self.pos = from;
        self.record_start = true;
    }

    /// Goes on after the line end at or after byte `from`: the rest of a broken record is
    /// skipped, so the records after it can still be checked.
    pub fn skip_line(&mut self, from: usize) {
        let from = from.min(self.bytes.len());
        let next = match self.bytes[from..]
            .iter()
            .position(|&b| b == b'\r' || b == b'\n')
        {
            Some(n) => {
                let end = from + n;
                end + if self.bytes[end..].starts_with(b"\r\n") {
                    2
                } else {
                    1
                }
            }
            None => self.bytes.len(),
        };
        self.restart(next);
    }

    pub fn next_field(&mut self) -> Option<Field> {
        let bytes = self.bytes;
        let mut start = self.pos;
        if self.record_start {
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
        }
        let mut written = 0;
        loop {
            let at_end = self.pos >= bytes.len();
            let input = bytes.get(self.pos..).unwrap_or_default();
            let (result, read, wrote) = self.reader.read_field(input, &mut self.buf[written..]);
            self.pos += read;
            written += wrote;
            match result {
                ReadFieldResult::InputEmpty => {}
                ReadFieldResult::OutputFull => {
                    let len = self.buf.len();
                    self.buf.resize(len * 2, 0);
                }
                ReadFieldResult::End => return None,
                ReadFieldResult::Field { record_end } => {
                    // The last byte read is the separator or line end, unless the text ended.
                    let end = if at_end { bytes.len() } else { self.pos - 1 };
                    self.record_start = record_end;
                    return Some(Field {
                        // Only ASCII separators and quotes are left out of a &str: still UTF-8.
                        text: String::from_utf8_lossy(&self.buf[..written]).into_owned(),
                        start,
                        end,
                        last: record_end,
                        quotes: quotes(&bytes[start..end.max(start)], start),
                    });
                }
            }
        }
    }
}

/// How the quotes of a field's bytes (`raw`, starting at byte `start`) were written.
fn quotes(raw: &[u8], start: usize) -> Quotes {
    let quote = |from: usize| {
        raw[from..]
            .iter()
            .position(|&b| b == b'"')
            .map(|q| from + q)
    };
    if raw.first() != Some(&b'"') {
        return quote(0).map_or(Quotes::Fine, |q| Quotes::Inside(start + q));
    }
    let mut from = 1;
    loop {
        match quote(from) {
            None => return Quotes::Unclosed,
            Some(q) if raw.get(q + 1) == Some(&b'"') => from = q + 2,
            Some(q) if q + 1 == raw.len() => return Quotes::Fine,
            Some(q) => return Quotes::After(start + q + 1),
        }
    }
}

/// How many line ends `bytes[from..to]` holds: CR LF, LF and a lone CR each count once (a CR
/// at `to - 1` followed by LF counts with the LF).
pub(crate) fn line_ends(bytes: &[u8], from: usize, to: usize) -> usize {
    (from..to.min(bytes.len()))
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, d: u8) -> Vec<(String, bool, Quotes)> {
        let mut f = Fields::new(text, 0, d);
        std::iter::from_fn(|| f.next_field())
            .map(|f| (f.text, f.last, f.quotes))
            .collect()
    }

    #[test]
    fn splits_and_tells_how_quotes_were_written() {
        use Quotes::*;
        let s = |t: &str| t.to_owned();
        assert_eq!(
            fields("a;\"b;\"\"c\"\r\n\r\n\"d\ne\";f;\n", b';'),
            vec![
                (s("a"), false, Fine),
                (s("b;\"c"), true, Fine),
                (s("d\ne"), false, Fine),
                (s("f"), false, Fine),
                (s(""), true, Fine),
            ]
        );
        assert_eq!(
            fields("\"a\"b,c", b','),
            vec![(s("ab"), false, After(3)), (s("c"), true, Fine)]
        );
        assert_eq!(fields("a\"b", b','), vec![(s("a\"b"), true, Inside(1))]);
        assert_eq!(
            fields("x\r\"a\"\"", b','),
            vec![(s("x"), true, Fine), (s("a\""), true, Unclosed)]
        );
        assert_eq!(
            fields("\u{feff}a", b','),
            vec![(s("\u{feff}a"), true, Fine)]
        );
        assert_eq!(fields("", b','), vec![]);
        assert_eq!(fields("\n\r\n", b','), vec![]);
    }

    #[test]
    fn a_broken_record_is_skipped_to_its_line_end() {
        let text = "\"a\"b;c\r\nd;e";
        let mut f = Fields::new(text, 0, b';');
        let first = f.next_field().map(|f| f.quotes);
        assert_eq!(first, Some(Quotes::After(3)));
        f.skip_line(3);
        let rest: Vec<String> = std::iter::from_fn(|| f.next_field())
            .map(|f| f.text)
            .collect();
        assert_eq!(rest, ["d", "e"]);
    }

    #[test]
    fn line_ends_count_crlf_once() {
        let b = b"a\r\nb\rc\n\n";
        assert_eq!(line_ends(b, 0, b.len()), 4);
        assert_eq!(line_ends(b, 0, 2), 0);
        assert_eq!(line_ends(b, 2, 3), 1);
    }
}
