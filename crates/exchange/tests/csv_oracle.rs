//! The CSV reader (`exchange::csv::read`: the file's decoding, separator detection and
//! csv-core's splitting with the strict quote checks on top) against the `csv` crate:
//! - random records written by the `csv` crate in each byte profile the exporter writes (Excel
//!   UTF-8 with BOM, `;`, CRLF, every field quoted; Excel Windows-1251; RFC 4180 `,` with text
//!   quoted, as PostgreSQL and Python read it) and as spreadsheets save them again (LF or a lone
//!   CR, tab, quotes only where needed) read back as the same records, on the same lines;
//! - random CSV-like text: where our reader accepts every row it reads the same records as
//!   the `csv` crate, and it refuses a row only for a quote written wrong (never closed, text
//!   after the closing one, one inside an unquoted cell), which only a text with quotes has.

#![cfg(not(target_arch = "wasm32"))] // proptest needs an OS random source

use csv::{QuoteStyle, ReaderBuilder, Terminator, WriterBuilder};
use encoding_rs::WINDOWS_1251;
use exchange::csv::read::{decode_text, Rows};
use exchange::{Profile, What};
use proptest::prelude::*;

/// The header every file starts with, as an export's does: it decides the separator, and its
/// Cyrillic keeps a Windows-1251 file from reading as UTF-8.
const HEADER: [&str; 4] = ["format", "id", "школа", "row_checksum"];

/// How a file is laid out: a profile the exporter writes, or one a spreadsheet saves.
#[derive(Clone, Copy, Debug)]
enum Layout {
    Export(Profile),
    /// Saved again: this separator and line end, quotes only where needed, UTF-8.
    Saved(u8, &'static [u8]),
}

fn layout() -> impl Strategy<Value = Layout> {
    prop_oneof![
        prop::sample::select(Profile::ALL.to_vec()).prop_map(Layout::Export),
        (
            prop::sample::select(vec![b';', b',', b'\t']),
            prop::sample::select(vec![&b"\r\n"[..], b"\n", b"\r"]),
        )
            .prop_map(|(d, t)| Layout::Saved(d, t)),
    ]
}

/// A cell: separators, quotes, line ends, spaces, apostrophes, formula marks and letters. In
/// Windows-1251 only letters whose bytes never pair into UTF-8, so the file is not valid UTF-8.
fn cell(cp1251: bool) -> impl Strategy<Value = String> {
    let mut alphabet = vec![
        ";",
        ",",
        "\t",
        "\"",
        "\"\"",
        "\r",
        "\n",
        "\r\n",
        " ",
        "'",
        "=",
        "-",
        "a",
        "Z",
        "7",
        "школа",
        "Я",
    ];
    if !cp1251 {
        alphabet.extend(["ёЁ", "№", "😀", "\u{feff}", "\u{a0}", "€"]);
    }
    prop::collection::vec(prop::sample::select(alphabet), 0..6).prop_map(|v| v.concat())
}

fn records(cp1251: bool) -> impl Strategy<Value = Vec<Vec<String>>> {
    let record = prop::collection::vec(cell(cp1251), 1..6);
    prop::collection::vec(record, 0..8)
}

/// The bytes the `csv` crate writes for `records` (after the header) in `layout`.
fn write(layout: Layout, records: &[Vec<String>]) -> Result<Vec<u8>, TestCaseError> {
    let (delimiter, terminator, style) = match layout {
        Layout::Export(Profile::Rfc4180) => (b',', b"\r\n".as_slice(), QuoteStyle::NonNumeric),
        Layout::Export(_) => (b';', b"\r\n".as_slice(), QuoteStyle::Always),
        Layout::Saved(d, t) => (d, t, QuoteStyle::Necessary),
    };
    let term = match terminator {
        b"\r\n" => Terminator::CRLF,
        t => Terminator::Any(t[0]),
    };
    let mut w = WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(term)
        .quote_style(style)
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(HEADER).map_err(fail)?;
    for r in records {
        w.write_record(r).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(fail)?;
    Ok(match layout {
        Layout::Export(Profile::ExcelRu) => [b"\xEF\xBB\xBF".as_slice(), &bytes].concat(),
        Layout::Export(Profile::ExcelCp1251) => {
            let text = String::from_utf8(bytes).map_err(fail)?;
            let (encoded, _, unmappable) = WINDOWS_1251.encode(&text);
            prop_assert!(!unmappable, "the cells are all Windows-1251");
            encoded.into_owned()
        }
        _ => bytes,
    })
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// The `csv` crate's records of the bytes, each with the line it starts on (lines counted by
/// LF, as the `csv` crate counts them), decoded as our reader decoded the file.
fn oracle(
    bytes: &[u8],
    delimiter: u8,
    cp1251: bool,
) -> Result<Vec<(u64, Vec<String>)>, TestCaseError> {
    let mut r = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for record in r.byte_records() {
        let record = record.map_err(fail)?;
        let line = record.position().map_or(0, |p| p.line());
        let cells = record
            .iter()
            .map(|f| {
                if cp1251 {
                    WINDOWS_1251.decode_without_bom_handling(f).0.into_owned()
                } else {
                    String::from_utf8_lossy(f).into_owned()
                }
            })
            .collect();
        out.push((line, cells));
    }
    Ok(out)
}

/// Our reader's rows (or the problems of the rows it refused), and the separator it found.
type Read = (Vec<(usize, Vec<String>)>, Vec<(usize, What)>, u8);

fn ours(bytes: &[u8]) -> Result<Read, TestCaseError> {
    let text = decode_text(bytes).map_err(|p| fail(format!("not decoded: {p}")))?;
    let mut rows = Rows::new(&text.text);
    let delimiter = rows.delimiter;
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for row in &mut rows {
        match row {
            Ok(row) => good.push((row.line, row.cells)),
            Err(p) => bad.push((p.line, p.what)),
        }
    }
    Ok((good, bad, delimiter))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn files_the_csv_crate_writes_read_back_as_the_same_records(
        (layout, records) in layout().prop_flat_map(|l| {
            let cp1251 = matches!(l, Layout::Export(Profile::ExcelCp1251));
            (Just(l), records(cp1251))
        })
    ) {
        let bytes = write(layout, &records)?;
        let (rows, problems, delimiter) = ours(&bytes)?;
        prop_assert!(problems.is_empty(), "refused: {:?}", problems);
        let want_delimiter = match layout {
            Layout::Export(p) => p.delimiter(),
            Layout::Saved(d, _) => d,
        };
        prop_assert_eq!(delimiter, want_delimiter);
        let cp1251 = matches!(layout, Layout::Export(Profile::ExcelCp1251));
        let theirs = oracle(&bytes, delimiter, cp1251)?;
        let cells = |v: &[(usize, Vec<String>)]| v.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>();
        let their_cells: Vec<Vec<String>> = theirs.iter().map(|(_, c)| c.clone()).collect();
        prop_assert_eq!(cells(&rows), their_cells.clone());
        // And they are the records written (one empty cell is written `""`, not a blank line).
        let mut written = vec![HEADER.map(str::to_owned).to_vec()];
        written.extend(records.iter().cloned());
        prop_assert_eq!(their_cells, written);
        // Lines: the `csv` crate counts LF only, and counts the LF of a CR LF with the record
        // after it; so compare with its lines of the same file with LF line ends, where no CR
        // stands alone (a CR LF inside a cell is one line either way).
        let lone_cr = bytes.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || bytes.ends_with(b"\r");
        if !lone_cr {
            let mut lf = Vec::with_capacity(bytes.len());
            for (i, &b) in bytes.iter().enumerate() {
                if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                    lf.push(b);
                }
            }
            let our_lines: Vec<u64> = rows.iter().map(|(l, _)| *l as u64).collect();
            let their_lines: Vec<u64> = oracle(&lf, delimiter, cp1251)?.iter().map(|(l, _)| *l).collect();
            prop_assert_eq!(our_lines, their_lines);
        }
    }

    #[test]
    fn csv_like_text_reads_as_the_csv_crate_reads_it_or_is_refused_for_a_quote(
        delimiter in prop::sample::select(vec![b';', b',']),
        body in prop::collection::vec(
            prop::sample::select(vec![
                "a", "я", " ", ";", ";", ",", ",", "\r\n", "\n", "\r", "\"", "\"\"",
                ";\"q;,\r\n\";", ",\"x\"\"y\",", "\n\"\r\"\n", ";\"\";",
            ]),
            0..30,
        ),
    ) {
        let sep = char::from(delimiter);
        let text = format!("{}\r\n{}", HEADER.join(&sep.to_string()), body.concat());
        let (rows, problems, found) = ours(text.as_bytes())?;
        prop_assert_eq!(found, delimiter);
        if problems.is_empty() {
            let theirs = oracle(text.as_bytes(), delimiter, false)?;
            let ours: Vec<Vec<String>> = rows.into_iter().map(|(_, c)| c).collect();
            let theirs: Vec<Vec<String>> = theirs.into_iter().map(|(_, c)| c).collect();
            prop_assert_eq!(ours, theirs, "{:?}", text);
        } else {
            prop_assert!(text.contains('"'), "refused without a quote: {:?} {:?}", text, problems);
            for (_, what) in &problems {
                prop_assert!(
                    matches!(what, What::UnclosedQuote | What::TextAfterQuote { .. } | What::QuoteInCell),
                    "{:?}", what
                );
            }
        }
    }
}

/// Each way of writing a quote wrong is refused at its line; the rows around it still read.
#[test]
fn quotes_written_wrong_are_refused_at_their_line() {
    for (text, line, what) in [
        (
            "a;b\r\n\"x\"y;z\r\nc;d",
            2,
            What::TextAfterQuote { found: 'y' },
        ),
        ("a;b\r\nx\"y;z\r\nc;d", 2, What::QuoteInCell),
        (
            "a;b\r\n\"x\ny\"z;w\r\nc;d",
            3,
            What::TextAfterQuote { found: 'z' },
        ),
        ("a;b\r\nc;d\r\n\"x;y\r\nz", 3, What::UnclosedQuote),
    ] {
        let (rows, problems, _) = ours(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(problems, vec![(line, what)], "{text:?}");
        assert_eq!(rows[0].1, ["a", "b"]);
        if !text.ends_with('z') {
            assert_eq!(
                rows.last().map(|r| r.1.clone()),
                Some(vec!["c".into(), "d".into()])
            );
        }
    }
}
