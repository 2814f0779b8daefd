//! A small JSON reader and writer, and numbers written and read the Russian way.
//!
//! Hand-written instead of serde + serde_json: those cost the browser bundle about 30 KB
//! compressed, a sixth of the budget, for what is here a few hundred lines. Reading builds a
//! [`Json`] tree (objects keep their key order); typed readers over it ([`Obj`]) give every
//! error a path such as `sections[3].items[7].kind`.

use std::collections::HashSet;
use std::fmt::Write;

/// Deepest nesting accepted: a real template is six levels deep; a hostile file with ten
/// thousand is refused at once instead of exhausting the stack.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Where a text stops being JSON, counted from 1, and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, message: &'static str) -> Result<T, JsonError> {
        let before = &self.bytes[..self.pos.min(self.bytes.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        // Columns count characters, not bytes, so Cyrillic lines point at the right place.
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        Err(JsonError {
            line,
            column,
            message,
        })
    }

    fn skip_space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        self.skip_space();
        let Some(&b) = self.bytes.get(self.pos) else {
            return self.fail("a value, but the text ends");
        };
        match b {
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return self.fail("less nesting (at most 64 levels)");
                }
                self.pos += 1;
                let v = if b == b'{' {
                    self.object()?
                } else {
                    self.array()?
                };
                self.depth -= 1;
                Ok(v)
            }
            b'"' => Ok(Json::Str(self.string()?)),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => self.fail("a value: \"text\", a number, true, false, null, [ or {"),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            self.fail("a value: \"text\", a number, true, false, null, [ or {")
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        while matches!(
            self.bytes.get(self.pos),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("");
        match parse_json_number(text) {
            Some(n) => Ok(Json::Num(n)),
            None => {
                self.pos = start;
                self.fail("a number such as 12, -3 or 12.5")
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input is a &str, and we stop only at ASCII bytes, so this slice is UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or(""));
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return self.fail("an escape such as \\n, \\\" or \\u0041"),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => return self.fail("no line break or control character inside a text"),
                None => return self.fail("a closing \" of the text"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos + 1..self.pos + 5)
            // Exactly four hex digits: `from_str_radix` alone would also take a sign (`\u+041`).
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match digits {
            Some(n) => {
                self.pos += 5;
                Ok(n)
            }
            None => self.fail("four hexadecimal digits after \\u"),
        }
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos) != Some(&b'\\') {
                return self.fail("the second half of a \\u surrogate pair");
            }
            self.pos += 1;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return self.fail("the second half of a \\u surrogate pair");
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => self.fail("a valid \\u character"),
        }
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                _ => return self.fail("a comma or ] after a list element"),
            }
        }
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        let mut fields: Vec<(String, Json)> = Vec::new();
        // Keys seen, once an object outgrows a scan: a repeated key is found in constant time,
        // so an object of a hundred thousand keys reads in linear time.
        let mut seen: HashSet<String> = HashSet::new();
        self.skip_space();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Json::Obj(fields));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return self.fail("a key in double quotes");
            }
            let key_at = self.pos;
            let key = self.string()?;
            let repeated = if fields.len() < 16 {
                fields.iter().any(|(k, _)| *k == key)
            } else {
                if seen.is_empty() {
                    seen.extend(fields.iter().map(|(k, _)| k.clone()));
                }
                !seen.insert(key.clone())
            };
            if repeated {
                self.pos = key_at;
                return self.fail("a key that is not already in this object");
            }
            self.skip_space();
            if self.bytes.get(self.pos) != Some(&b':') {
                return self.fail("a colon after the key");
            }
            self.pos += 1;
            let value = self.value()?;
            fields.push((key, value));
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Obj(fields));
                }
                _ => return self.fail("a comma or } after a value"),
            }
        }
    }
}

/// A JSON number: `-?digits[.digits][e[+-]digits]`. With the `exact` feature (everywhere
/// files come in: exchange, the file worker, the pages, the CLI) it is read correctly rounded,
/// as `serde_json` reads it (`tests/json_oracle.rs`); without it (the app's first view, which
/// saves Rust's float reader) the digits are summed: exact up to 15 significant digits, the
/// most a person can type (`parse_number`), and within a few units in the last place beyond.
fn parse_json_number(text: &str) -> Option<f64> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !plain(int)
        || !plain(frac)
        || (int.len() > 1 && int.starts_with('0'))
        || (digits.contains('.') && frac.is_empty())
    {
        return None;
    }
    let power = match exponent {
        None => 0,
        Some(e) => {
            let e_digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if e_digits.is_empty() || !plain(e_digits) {
                return None;
            }
            // Leading zeros do not make an exponent larger; past 9999 every number is
            // either out of range or zero.
            let e_digits = e_digits.trim_start_matches('0');
            let power: i32 = if e_digits.len() > 4 {
                99_999
            } else {
                e_digits.parse().unwrap_or(0)
            };
            if e.starts_with('-') {
                -power
            } else {
                power
            }
        }
    };
    let n = if cfg!(feature = "exact") {
        // Correctly rounded (the grammar is checked above: Rust's reader would also take
        // `+1`, `.5` or `inf`).
        text.parse::<f64>().ok()?
    } else {
        let n = decimal(int, frac)?;
        let n = if n == 0.0 {
            0.0
        } else if power < 0 {
            n / 10f64.powi(-power)
        } else {
            n * 10f64.powi(power)
        };
        if mantissa.starts_with('-') {
            -n
        } else {
            n
        }
    };
    n.is_finite().then_some(n)
}

/// A finite number as JSON, exact: what is written reads back as the very same number
/// (`tests/json_oracle.rs` holds it against `serde_json`). Whole numbers below 2^53 (counts,
/// years, scores) are written as integers; others the shortest way that reads back the same,
/// without an exponent (`12.5`, `0.30000000000000004`, `0.0000001`). Rust's float formatter
/// is in every bundle already, the app's first view included, so this costs no bytes there.
fn write_number(out: &mut String, n: f64) {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        let _ = write!(out, "{}", n as i64);
    } else {
        let _ = write!(out, "{n}");
    }
}

/// `int.frac` from digit strings: exact for up to 15 significant digits.
fn decimal(int: &str, frac: &str) -> Option<f64> {
    let mut n = 0f64;
    for b in int.bytes() {
        n = n * 10.0 + f64::from(b - b'0');
    }
    let frac = &frac[..frac.len().min(18)];
    let mut f = 0f64;
    for b in frac.bytes() {
        f = f * 10.0 + f64::from(b - b'0');
    }
    Some(n + f / 10f64.powi(frac.len() as i32))
}

/// Reads a number as a person types it: `12`, `-3`, `12.5` or `12,5`, with spaces (also
/// thousands spaces) allowed.
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !plain(int) || !plain(frac) || int.len() > 15 {
        return None;
    }
    let n = decimal(int, frac)?;
    Some(if negative { -n } else { n })
}

/// A number for people: whole numbers as they are, others with up to six decimals, trailing
/// zeros dropped; `comma` picks the Russian decimal comma.
pub fn number_text(n: f64, comma: bool) -> String {
    if !n.is_finite() {
        return String::new();
    }
    let negative = n < 0.0;
    let millionths = (n.abs() * 1e6).round();
    if millionths >= 9e18 {
        return String::new();
    }
    let millionths = millionths as u64;
    let (int, frac) = (millionths / 1_000_000, millionths % 1_000_000);
    let mut out = String::new();
    if negative && millionths != 0 {
        out.push('-');
    }
    let _ = write!(out, "{int}");
    if frac != 0 {
        out.push(if comma { ',' } else { '.' });
        let digits = format!("{frac:06}");
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

impl Json {
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
        };
        let value = reader.value()?;
        reader.skip_space();
        if reader.pos < reader.bytes.len() {
            return reader.fail("the end of the text after the value");
        }
        Ok(value)
    }

    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) if n.is_finite() => write_number(out, *n),
            Json::Num(_) => out.push_str("null"),
            Json::Str(s) => write_str(out, s),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A field of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What a typed reader found wrong at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The value has the wrong type: `expected` names the right one.
    Type {
        expected: &'static str,
    },
    Missing {
        key: String,
    },
    Unknown {
        key: String,
        known: &'static [&'static str],
    },
    Value {
        found: String,
        allowed: &'static [&'static str],
    },
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shape::Type { expected } => write!(f, "expected {expected}"),
            Shape::Missing { key } => write!(f, "«{key}» is required here"),
            Shape::Unknown { key, known } => write!(
                f,
                "«{key}» is not a known key here (known: {})",
                known.join(", ")
            ),
            Shape::Value { found, allowed } => {
                write!(f, "«{found}» is not one of: {}", allowed.join(", "))
            }
        }
    }
}

pub type Shaped<T> = Result<T, (String, Shape)>;

/// Reads the fields of one JSON object, remembering which were read so that a key nobody
/// asked for — usually a typo — is reported rather than ignored.
pub struct Obj<'a> {
    pub path: String,
    fields: &'a [(String, Json)],
}

impl<'a> Obj<'a> {
    /// `known` lists every key this object may have.
    pub fn new(value: &'a Json, path: String, known: &'static [&'static str]) -> Shaped<Obj<'a>> {
        match value {
            Json::Obj(fields) => {
                if let Some((key, _)) = fields.iter().find(|(k, _)| !known.contains(&k.as_str())) {
                    return Err((
                        at(&path, key),
                        Shape::Unknown {
                            key: key.clone(),
                            known,
                        },
                    ));
                }
                Ok(Obj { path, fields })
            }
            _ => Err((
                path,
                Shape::Type {
                    expected: "an object { … }",
                },
            )),
        }
    }

    /// An object whose keys are free (names of scales, say).
    pub fn any(value: &'a Json, path: String) -> Obj<'a> {
        let fields: &'a [(String, Json)] = match value {
            Json::Obj(fields) => fields,
            _ => &[],
        };
        Obj { path, fields }
    }

    pub fn at(&self, key: &str) -> String {
        at(&self.path, key)
    }

    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Json::Null)
    }

    fn need(&self, key: &str) -> Shaped<&'a Json> {
        self.get(key).ok_or_else(|| {
            (
                self.path.clone(),
                Shape::Missing {
                    key: key.to_owned(),
                },
            )
        })
    }

    pub fn str(&self, key: &str) -> Shaped<String> {
        self.opt_str(key)?.ok_or_else(|| {
            (
                self.path.clone(),
                Shape::Missing {
                    key: key.to_owned(),
                },
            )
        })
    }

    pub fn opt_str(&self, key: &str) -> Shaped<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s.clone())),
            Some(_) => Err((
                self.at(key),
                Shape::Type {
                    expected: "a text in quotes",
                },
            )),
        }
    }

    pub fn bool(&self, key: &str) -> Shaped<bool> {
        Ok(self.opt_bool(key)?.unwrap_or(false))
    }

    pub fn opt_bool(&self, key: &str) -> Shaped<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err((
                self.at(key),
                Shape::Type {
                    expected: "true or false",
                },
            )),
        }
    }

    pub fn opt_num(&self, key: &str) -> Shaped<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Num(n)) => Ok(Some(*n)),
            Some(_) => Err((
                self.at(key),
                Shape::Type {
                    expected: "a number",
                },
            )),
        }
    }

    /// A whole number from 0.
    pub fn opt_count(&self, key: &str) -> Shaped<Option<u32>> {
        match self.opt_num(key)? {
            None => Ok(None),
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => {
                Ok(Some(n as u32))
            }
            Some(_) => Err((
                self.at(key),
                Shape::Type {
                    expected: "a whole number from 0",
                },
            )),
        }
    }

    pub fn list(&self, key: &str) -> Shaped<Option<&'a [Json]>> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Arr(items)) => Ok(Some(items)),
            Some(_) => Err((
                self.at(key),
                Shape::Type {
                    expected: "a list [ … ]",
                },
            )),
        }
    }

    pub fn need_list(&self, key: &str) -> Shaped<&'a [Json]> {
        self.need(key)?;
        Ok(self.list(key)?.unwrap_or(&[]))
    }

    /// One of a fixed set of words (a kind, a tone).
    pub fn word(&self, key: &str, allowed: &'static [&'static str]) -> Shaped<Option<usize>> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(s) => match allowed.iter().position(|a| *a == s) {
                Some(i) => Ok(Some(i)),
                None => Err((self.at(key), Shape::Value { found: s, allowed })),
            },
        }
    }

    pub fn fields(&self) -> &'a [(String, Json)] {
        self.fields
    }
}

fn at(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_back() -> Result<(), JsonError> {
        let text =
            r#"{"a":[1,-2.5,1e3,true,false,null],"b":"при\"вет\n\u0041\ud83d\ude00","c":{}}"#;
        let v = Json::parse(text)?;
        assert_eq!(v.get("b").and_then(Json::as_str), Some("при\"вет\nA😀"));
        assert_eq!(
            v.get("a"),
            Some(&Json::Arr(vec![
                Json::Num(1.0),
                Json::Num(-2.5),
                Json::Num(1000.0),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ]))
        );
        assert_eq!(Json::parse(&v.text())?, v);
        Ok(())
    }

    #[test]
    fn errors_point_at_line_and_column() {
        let err = |t: &str| Json::parse(t).err().map(|e| (e.line, e.column));
        assert_eq!(err("{\n  \"format\": 1,\n  \"id\": \n}"), Some((4, 1)));
        assert_eq!(err("{\"а\": 1 \"б\": 2}"), Some((1, 9)));
        assert_eq!(err("[1, 2"), Some((1, 6)));
        assert_eq!(err("\"abc"), Some((1, 5)));
        assert_eq!(err("01"), Some((1, 1)));
        assert_eq!(err("{\"x\": 1, \"x\": 2}"), Some((1, 10)));
        assert_eq!(err("[1] x"), Some((1, 5)));
        assert!(err(&"[".repeat(10_000)).is_some());
        assert!(err("").is_some());
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(parse_number(" 12,5 "), Some(12.5));
        assert_eq!(parse_number("1 000"), Some(1000.0));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number(",5"), Some(0.5));
        assert_eq!(parse_number("12a"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(number_text(12.5, true), "12,5");
        assert_eq!(number_text(12.0, true), "12");
        assert_eq!(number_text(-0.25, false), "-0.25");
        assert_eq!(number_text(1.0 / 3.0, true), "0,333333");
        assert_eq!(number_text(19.9, false), "19.9");
    }

    #[test]
    fn typed_reads_name_the_path() -> Result<(), JsonError> {
        let v = Json::parse(r#"{"id": 5, "kindd": "x"}"#)?;
        let unknown = Obj::new(&v, "items[0]".into(), &["id", "kind"]).err();
        assert_eq!(unknown.map(|(p, _)| p), Some("items[0].kindd".to_owned()));
        let v = Json::parse(r#"{"id": 5, "kind": "x"}"#)?;
        let o = Obj::new(&v, "items[0]".into(), &["id", "kind"]).map_err(|_| JsonError {
            line: 0,
            column: 0,
            message: "",
        })?;
        assert_eq!(
            o.str("id").err().map(|(p, _)| p),
            Some("items[0].id".into())
        );
        assert!(matches!(
            o.word("kind", &["a", "b"]),
            Err((_, Shape::Value { .. }))
        ));
        Ok(())
    }
}
