//! The CSV contract with municipalities (`docs/csv-format.md`): three layouts, three byte
//! profiles, one rule for cells a spreadsheet would reinterpret, and a checksum per row.
//!
//! - [`write`] turns assessments into the bytes of a file ([`export`]).
//! - [`read`] turns bytes into rows: encoding, separator, quoting, line numbers.
//! - [`import`] turns rows back into assessments ([`import_files`]), all or nothing per file.
//!
//! Both directions build the same [`Spec`] from the template — the list of columns of a
//! layout — so a column the writer adds is a column the reader expects.

pub mod decisions;
pub mod import;
pub mod read;
pub(crate) mod tokens;
pub mod write;

use model::{ItemKind, Template};

/// Version of the CSV contract. Every row carries it; the reader refuses any other.
/// - 1: the first wide export (no checksum; not read back).
/// - 2: wide, long and tables layouts; meta columns and a checksum in every row.
pub const FORMAT_VERSION: &str = "2";

/// Largest CSV file read: a whole municipality's wide export is a few MB; a long export of
/// 10 000 assessments is about 300 MB and must be split. Larger files are refused before
/// anything is decoded.
pub const MAX_CSV_BYTES: usize = 64 << 20;

/// How the bytes of a file are laid out for a particular reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Russian Excel: UTF-8 with a byte-order mark (without it Excel assumes Windows-1251),
    /// `;` between fields, decimal comma, CRLF, every field quoted.
    ExcelRu,
    /// Old Excel installations: Windows-1251, `;`, decimal comma, CRLF, every field quoted.
    /// A character Windows-1251 lacks is reported, never replaced.
    ExcelCp1251,
    /// RFC 4180: UTF-8 without BOM, `,`, decimal point, CRLF; text quoted, numbers and
    /// empty cells bare (so quoting tells text from number).
    Rfc4180,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::ExcelRu, Profile::ExcelCp1251, Profile::Rfc4180];

    /// The word used for the profile in messages and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::ExcelRu => "excel",
            Profile::ExcelCp1251 => "excel-1251",
            Profile::Rfc4180 => "rfc4180",
        }
    }

    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn delimiter(self) -> u8 {
        match self {
            Profile::Rfc4180 => b',',
            _ => b';',
        }
    }

    /// Whether codes and ids are marked as text (for spreadsheets); formulas always are.
    pub fn marks_codes(self) -> bool {
        self != Profile::Rfc4180
    }

    pub fn decimal_comma(self) -> bool {
        self != Profile::Rfc4180
    }
}

/// Which rows a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One row per assessment: respondent block, every item, % and level per section.
    Wide,
    /// One row per assessment × item: for databases and pivot tables.
    Long,
    /// One row per assessment × table item × table row (action plans, decisions).
    Tables,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::Wide, Layout::Long, Layout::Tables];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Wide => "wide",
            Layout::Long => "long",
            Layout::Tables => "tables",
        }
    }

    pub fn from_name(name: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// The columns every row starts with, in this order (the template validator keeps ids from
/// taking them, so the list lives with it).
pub const META: [&str; 9] = model::CSV_META;
pub(crate) const M_FORMAT: usize = 0;
pub(crate) const M_ID: usize = 1;
pub(crate) const M_TEMPLATE: usize = 2;
pub(crate) const M_VERSION: usize = 3;
pub(crate) const M_HASH: usize = 4;
pub(crate) const M_CREATED: usize = 7;
pub(crate) const M_UPDATED: usize = 8;

/// The last column of every row.
pub const CHECKSUM: &str = "row_checksum";

/// The parts of an evidence item's document, as column suffixes.
pub const DOC_PARTS: [&str; 4] = ["name", "number", "date", "link"];

/// What a column holds. Indexes are into `Template::items()` (in order), `template.sections`
/// and `template.respondent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    Meta(usize),
    Field(usize),
    // wide
    Answer(usize),
    Doc(usize, usize),
    Evidence(usize),
    Comment(usize),
    Pct(Option<usize>),
    Level(Option<usize>),
    // long
    SectionId,
    ItemId,
    ItemText,
    Kind,
    Value,
    Code,
    Points,
    MaxPoints,
    LongDoc(usize),
    LongEvidence,
    LongComment,
    SectionPct,
    SectionLevel,
    // tables
    RowNo,
    /// The n-th distinct column id over all table items.
    TableColumn(usize),
    Checksum,
}

/// The columns of one layout for one template, in file order.
pub(crate) struct Spec {
    pub cols: Vec<(String, Col)>,
    /// Tables layout: the distinct column ids over all table items, in template order.
    pub table_columns: Vec<String>,
}

impl Spec {
    pub fn new(template: &Template, layout: Layout) -> Spec {
        let mut cols: Vec<(String, Col)> = META
            .iter()
            .enumerate()
            .map(|(i, m)| ((*m).to_owned(), Col::Meta(i)))
            .collect();
        cols.extend(
            template
                .respondent
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), Col::Field(i))),
        );
        let mut table_columns: Vec<String> = Vec::new();
        match layout {
            Layout::Wide => {
                for (i, item) in template.items().enumerate() {
                    if item.kind == ItemKind::Evidence {
                        for (p, part) in DOC_PARTS.iter().enumerate() {
                            cols.push((format!("{}_{part}", item.id), Col::Doc(i, p)));
                        }
                    } else {
                        cols.push((item.id.clone(), Col::Answer(i)));
                    }
                    if item.evidence {
                        cols.push((format!("{}_evidence", item.id), Col::Evidence(i)));
                    }
                    if item.comment {
                        cols.push((format!("{}_comment", item.id), Col::Comment(i)));
                    }
                }
                for (i, s) in template.sections.iter().enumerate() {
                    cols.push((format!("pct_{}", s.id), Col::Pct(Some(i))));
                }
                cols.push(("pct_total".into(), Col::Pct(None)));
                if template.has_levels() {
                    for (i, s) in template.sections.iter().enumerate() {
                        cols.push((format!("level_{}", s.id), Col::Level(Some(i))));
                    }
                    cols.push(("level_total".into(), Col::Level(None)));
                }
            }
            Layout::Long => {
                let named = [
                    ("section_id", Col::SectionId),
                    ("item_id", Col::ItemId),
                    ("item_text", Col::ItemText),
                    ("kind", Col::Kind),
                    ("value", Col::Value),
                    ("code", Col::Code),
                    ("points", Col::Points),
                    ("max_points", Col::MaxPoints),
                    ("doc_name", Col::LongDoc(0)),
                    ("doc_number", Col::LongDoc(1)),
                    ("doc_date", Col::LongDoc(2)),
                    ("doc_link", Col::LongDoc(3)),
                    ("evidence", Col::LongEvidence),
                    ("comment", Col::LongComment),
                    ("section_pct", Col::SectionPct),
                    ("section_level", Col::SectionLevel),
                ];
                cols.extend(named.iter().map(|(n, c)| ((*n).to_owned(), *c)));
            }
            Layout::Tables => {
                cols.push(("item_id".into(), Col::ItemId));
                cols.push(("row_no".into(), Col::RowNo));
                let mut seen = std::collections::HashSet::new();
                for item in template.items().filter(|i| i.kind == ItemKind::Table) {
                    for c in &item.columns {
                        if seen.insert(c.id.as_str()) {
                            table_columns.push(c.id.clone());
                        }
                    }
                }
                for (n, id) in table_columns.iter().enumerate() {
                    cols.push((format!("col_{id}"), Col::TableColumn(n)));
                }
            }
        }
        cols.push((CHECKSUM.into(), Col::Checksum));
        Spec {
            cols,
            table_columns,
        }
    }
}

/// The checksum of a row: a fingerprint of every column's name and value, in the layout's
/// own column order (so a file whose columns were moved around still checks), with numbers
/// in one canonical form (so a spreadsheet that rewrote `12,50` as `12.5` still checks) and
/// spaces around a value ignored (so spaces around a code do not count as an edit), and line
/// breaks inside a cell counted as LF whether written CRLF, CR or LF.
/// Detects edits made after export; it is not a signature.
pub(crate) fn row_checksum<'a>(cells: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut hash = Fnv::default();
    for (name, value) in cells {
        hash.write(name.as_bytes());
        hash.write(&[0x1F]);
        let value = trim(value);
        if plain_number(value) {
            hash_number(value, &mut hash);
        } else {
            // Spreadsheets turn a cell's CRLF line breaks into LF: not an edit.
            let mut rest = value;
            while let Some(at) = rest.find('\r') {
                hash.write(&rest.as_bytes()[..at]);
                hash.write(b"\n");
                rest = rest[at + 1..].strip_prefix('\n').unwrap_or(&rest[at + 1..]);
            }
            hash.write(rest.as_bytes());
        }
        hash.write(&[0x1E]);
    }
    format!("{:016x}", hash.0)
}

/// `str::trim`, with a shortcut for the usual cell that starts and ends with a visible ASCII
/// character (trimming every cell showed up in profiles of large exports).
fn trim(value: &str) -> &str {
    match (value.as_bytes().first(), value.as_bytes().last()) {
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => value,
        _ => value.trim(),
    }
}

/// Feeds the canonical form of a [`plain_number`] (what [`canonical_number`] gives) to the
/// hash without building it.
fn hash_number(value: &str, hash: &mut Fnv) {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (int, frac) = digits.split_once(['.', ',']).unwrap_or((digits, ""));
    let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
    if negative && !(int.is_empty() && frac.is_empty()) {
        hash.write(b"-");
    }
    hash.write(if int.is_empty() { b"0" } else { int.as_bytes() });
    if !frac.is_empty() {
        hash.write(b".");
        hash.write(frac.as_bytes());
    }
}

/// Whether a trimmed cell is shaped like a number without spaces (a sign, digits, at most one
/// decimal mark): checked on the bytes, so words and dates cost no allocation.
fn plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value).as_bytes();
    let mut marks = 0;
    let mut any = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => any = true,
            b'.' | b',' => marks += 1,
            _ => return false,
        }
    }
    any && marks <= 1
}

/// 64-bit FNV-1a, fed piece by piece: the same value as [`model::content_hash`] of the pieces
/// joined, without joining them.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A number written as text in one canonical form: optional `-`, the integer part without
/// leading zeros, and a decimal point with the fraction without trailing zeros. Exact (no
/// floating point). `spaces` allows thousands separators as a person types them
/// (`1 000,5`). Anything else — words, two decimal marks, exponents — is not a number.
pub fn canonical_number(text: &str, spaces: bool) -> Option<String> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut int = String::new();
    let mut frac = String::new();
    let mut in_frac = false;
    for c in digits.chars() {
        match c {
            '0'..='9' if in_frac => frac.push(c),
            '0'..='9' => int.push(c),
            '.' | ',' if !in_frac => in_frac = true,
            ' ' | '\u{a0}' | '\u{202f}' if spaces && !in_frac => {}
            _ => return None,
        }
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let mut out = String::with_capacity(int.len() + frac.len() + 3);
    if negative && !(int.is_empty() && frac.is_empty()) {
        out.push('-');
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// The characters a spreadsheet starts a formula with, in ASCII and in full width (East Asian
/// input methods type `＝`; spreadsheets read it as `=`).
pub const FORMULA_CHARS: [char; 8] = [
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// What a spreadsheet skips before it looks for a formula: any Unicode whitespace (a
/// space, a no-break space, an ideographic space…) and control characters.
fn skipped(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether a spreadsheet could run this cell as a formula: after whatever it skips (see
/// [`skipped`]: whitespace of any kind, control and zero-width characters), the cell starts
/// with a formula character of either width. The one rule both directions use: the writer
/// marks such a cell ([`needs_guard`]), the reader refuses one that is not marked.
pub fn starts_like_formula(cell: &str) -> bool {
    cell.trim_start_matches(skipped).starts_with(FORMULA_CHARS)
}

/// Whether a spreadsheet opening the file would change this text cell: run it as a formula
/// ([`starts_like_formula`], or a leading tab or carriage return it strips), or — with `codes`, in the
/// spreadsheet profiles — read it as a number, date, time, percentage or truth value
/// (`0274012345` loses its zero, `1.1.3` becomes 01.01.2003, `ИСТИНА` becomes TRUE). Such a
/// cell, and any cell that already starts with an apostrophe, is written with a leading
/// apostrophe; the reader removes exactly one.
pub fn needs_guard(cell: &str, codes: bool) -> bool {
    let Some(first) = cell.chars().next() else {
        return false;
    };
    if matches!(first, '\t' | '\r' | '\'') || starts_like_formula(cell) {
        return true;
    }
    if !codes {
        return false;
    }
    let t = cell.trim();
    // Words a spreadsheet reads as TRUE or FALSE, in any case (at most 12 bytes in UTF-8).
    if t.len() <= 12
        && ["true", "false", "истина", "ложь"]
            .iter()
            .any(|w| t.chars().flat_map(char::to_lowercase).eq(w.chars()))
    {
        return true;
    }
    // A number, date, time or percentage: digits and their punctuation only (one pass over
    // the bytes; the first letter ends it, so long texts cost nothing).
    let mut digit = false;
    let mut rest = t.bytes();
    while let Some(b) = rest.next() {
        match b {
            b'0'..=b'9' => digit = true,
            b'.' | b',' | b':' | b'/' | b'-' | b'+' | b' ' | b'%' | b'e' | b'E' | b'T' | b'Z' => {}
            // A no-break space (U+00A0 is C2 A0 in UTF-8).
            0xC2 if rest.next() == Some(0xA0) => {}
            _ => return false,
        }
    }
    digit
}

/// The text of a cell as written: guarded by an apostrophe when [`needs_guard`]. Profiles:
/// `codes` for the spreadsheet profiles.
pub fn neutralise(cell: &str, codes: bool) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell, codes) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The original text of a written cell: one leading apostrophe removed.
pub fn restore(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_of_a_number_is_the_hash_of_its_canonical_form() {
        for n in [
            "12,50", "007", "0,0", "-0", ",5", "+3", "-12.340", "100", "0",
        ] {
            assert!(plain_number(n), "{n}");
            let mut a = Fnv::default();
            hash_number(n, &mut a);
            let mut b = Fnv::default();
            b.write(canonical_number(n, false).unwrap_or_default().as_bytes());
            assert_eq!(a.0, b.0, "{n}");
        }
        for t in ["", " x ", "x", "\u{a0}5\u{a0}", "a b", "\tq"] {
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn canonical_numbers() {
        let c = |s, sp| canonical_number(s, sp);
        assert_eq!(c("12,50", false).as_deref(), Some("12.5"));
        assert_eq!(c("12.5", false).as_deref(), Some("12.5"));
        assert_eq!(c("007", false).as_deref(), Some("7"));
        assert_eq!(c("0,0", false).as_deref(), Some("0"));
        assert_eq!(c("-0", false).as_deref(), Some("0"));
        assert_eq!(c(",5", false).as_deref(), Some("0.5"));
        assert_eq!(c("+3", false).as_deref(), Some("3"));
        assert_eq!(c("1 000,5", true).as_deref(), Some("1000.5"));
        assert_eq!(c("1 000", false), None);
        assert_eq!(c("1.2.3", false), None);
        assert_eq!(c("1e5", false), None);
        assert_eq!(c("", false), None);
        assert_eq!(c("-", false), None);
        assert_eq!(
            c("12345678901234567890.123456789", false).as_deref(),
            Some("12345678901234567890.123456789")
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_change_are_guarded_and_restored() {
        for s in [
            "=1+2",
            "+7 900",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'quoted",
            "0274012345",
            "1.1.3",
            "01.09.2025",
            "2025-09-01",
            "12:30",
            "50%",
            "1e5",
            "1027700132195",
            "ИСТИНА",
            "false",
            "2026-11-22T09:00:00.000Z",
            " =1+1",
            "\u{a0}=1+1",
            "\u{3000}@SUM(A1)",
            "\u{200b}=1",
            "\u{1}=1",
            "\n-2+3",
            "\u{FF1D}1+1",
            "\u{FF0B}7",
            "\u{FF0D}1",
            "\u{FF20}SUM(A1)",
            "  \u{FF1D}1",
        ] {
            assert!(needs_guard(s, true), "{s:?} must be guarded");
            assert_eq!(restore(&neutralise(s, true)), s);
        }
        for s in [
            "",
            "Приказ = 5",
            "sch77171506",
            "2 раза в год",
            "msoko",
            "да",
            "a1b2",
            "a=1",
            "1 + 1 = 2",
            "\u{a0}x",
        ] {
            assert!(!needs_guard(s, true), "{s:?} must stay as it is");
            assert_eq!(neutralise(s, true), s);
        }
    }
}
