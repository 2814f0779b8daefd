//! Reading the cells of a row: numbers, yes/no, kinds, texts with their English twins, and
//! the small languages of the options (`value: label = points | …`) and bands (`10..20 = 1`)
//! cells, each refusal at its cell.

use model::{parse_number, Json};

use super::build::Node;
use super::error::{Place, SheetColumn, SheetError, SheetProblem};
use super::rows::Row;
use super::{BANDS, KIND, N, OPTIONS, OPTIONS_EN};

/// A text as the template file writes it: a plain string, or `{ru, en}` with an English twin.
pub(super) fn text_json(ru: &str, en: &str) -> Json {
    if en.is_empty() {
        Json::Str(ru.to_owned())
    } else {
        Json::Obj(vec![
            ("ru".into(), Json::Str(ru.to_owned())),
            ("en".into(), Json::Str(en.to_owned())),
        ])
    }
}

/// Unescapes `\x` to `x`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits at every `sep` not preceded by a backslash; the parts keep their escapes.
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in unescaped(s, sep) {
        parts.push(&s[start..i]);
        start = i + sep.len_utf8();
    }
    parts.push(&s[start..]);
    parts
}

/// The byte position of the first (or last) `sep` not preceded by a backslash.
fn find_unescaped(s: &str, sep: char, last: bool) -> Option<usize> {
    let mut at = unescaped(s, sep);
    if last {
        at.last()
    } else {
        at.next()
    }
}

/// The byte positions of every `sep` not preceded by a backslash (a backslash escapes the
/// one character after it, a backslash included).
fn unescaped(s: &str, sep: char) -> impl Iterator<Item = usize> + '_ {
    let mut escaped = false;
    s.char_indices().filter_map(move |(i, c)| {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            return Some(i);
        }
        None
    })
}

pub(super) fn number_json(x: f64) -> Json {
    Json::Num(x)
}

pub(super) fn parse_yes_no(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "yes" | "true" | "1" | "да" | "+" | "x" | "х" | "y" | "д" => Some(true),
        "no" | "false" | "0" | "нет" | "-" | "n" | "н" => Some(false),
        _ => None,
    }
}

/// Reads rows into the template file, remembering where every part came from.
pub(super) struct Reader {
    /// Canonical column → sheet column.
    pub header: [Option<usize>; N],
    /// Canonical column → its header as the sheet writes it (a Russian alias or the canonical
    /// name), so that a refusal names the column the person typed.
    pub written: [&'static str; N],
}

impl Reader {
    pub(super) fn place(&self, row: usize, c: usize) -> Place {
        Place {
            row,
            column: self.header[c].map(|index| SheetColumn {
                index,
                name: Some(self.written[c]),
            }),
        }
    }

    pub(super) fn err(&self, row: usize, c: usize, problem: SheetProblem) -> SheetError {
        SheetError {
            at: Some(self.place(row, c)),
            problem,
        }
    }

    /// A cell read with `parse`; a value that does not read is `problem` at that cell.
    pub(super) fn cell<T>(
        &self,
        row: &Row,
        c: usize,
        parse: impl Fn(&str) -> Option<T>,
        problem: fn(String) -> SheetProblem,
    ) -> Result<Option<T>, SheetError> {
        match row.value(c) {
            None => Ok(None),
            Some(s) => parse(s)
                .map(Some)
                .ok_or_else(|| self.err(row.n, c, problem(s.to_owned()))),
        }
    }

    pub(super) fn number(&self, row: &Row, c: usize) -> Result<Option<f64>, SheetError> {
        self.cell(row, c, parse_number, |found| SheetProblem::BadNumber {
            found,
        })
    }

    pub(super) fn whole(&self, row: &Row, c: usize) -> Result<Option<u32>, SheetError> {
        self.cell(
            row,
            c,
            |s| s.parse::<u32>().ok(),
            |found| SheetProblem::BadWholeNumber { found },
        )
    }

    pub(super) fn yes_no(&self, row: &Row, c: usize) -> Result<Option<bool>, SheetError> {
        self.cell(row, c, parse_yes_no, |found| SheetProblem::BadYesNo {
            found,
        })
    }

    /// A kind cell: one of `allowed`, lower-cased; `None` when blank.
    pub(super) fn kind(
        &self,
        row: &Row,
        allowed: &'static [&'static str],
    ) -> Result<Option<&'static str>, SheetError> {
        let Some(s) = row.value(KIND) else {
            return Ok(None);
        };
        let lower = s.to_lowercase().replace([' ', '-'], "_");
        allowed
            .iter()
            .find(|k| **k == lower)
            .copied()
            .map(Some)
            .ok_or_else(|| {
                self.err(
                    row.n,
                    KIND,
                    SheetProblem::UnknownKind {
                        found: s.to_owned(),
                        expected: allowed,
                    },
                )
            })
    }

    pub(super) fn required<'r>(&self, row: &'r Row, c: usize) -> Result<&'r str, SheetError> {
        row.value(c)
            .ok_or_else(|| self.err(row.n, c, SheetProblem::Required))
    }

    /// A text from a cell and its English twin, if either has a value.
    pub(super) fn text(&self, row: &Row, ru: usize, en: usize) -> Option<Json> {
        match (row.text(ru), row.text(en)) {
            (None, None) => None,
            (ru, en) => Some(text_json(ru.unwrap_or(""), en.unwrap_or(""))),
        }
    }

    pub(super) fn set_text(&self, node: &mut Node, row: &Row, key: &str, ru: usize, en: usize) {
        if let Some(t) = self.text(row, ru, en) {
            node.set(key, t, ru);
        }
    }

    /// The English labels of an options cell, one per option (`None` when the cell is blank).
    pub(super) fn english(
        &self,
        row: &Row,
        expected: usize,
    ) -> Result<Option<Vec<String>>, SheetError> {
        let Some(cell) = row.text(OPTIONS_EN) else {
            return Ok(None);
        };
        let parts: Vec<String> = split_unescaped(cell, '|')
            .into_iter()
            .map(|p| unescape(p.trim()))
            .collect();
        if parts.len() != expected {
            return Err(self.err(
                row.n,
                OPTIONS_EN,
                SheetProblem::EnglishCount {
                    expected,
                    found: parts.len(),
                },
            ));
        }
        Ok(Some(parts))
    }

    /// `value: label = points [n/a] | …` into the JSON list of choices.
    pub(super) fn choices(&self, row: &Row) -> Result<Option<Json>, SheetError> {
        let Some(cell) = row.text(OPTIONS) else {
            return Ok(None);
        };
        let parts: Vec<&str> = split_unescaped(cell, '|')
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let english = self.english(row, parts.len())?;
        let mut choices = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let bad = || {
                self.err(
                    row.n,
                    OPTIONS,
                    SheetProblem::BadOption {
                        found: (*part).to_owned(),
                    },
                )
            };
            let colon = find_unescaped(part, ':', false).ok_or_else(bad)?;
            let value = unescape(part[..colon].trim());
            let rest = &part[colon + 1..];
            let (label, points) = match find_unescaped(rest, '=', true) {
                Some(eq) => (&rest[..eq], Some(rest[eq + 1..].trim())),
                None => (rest, None),
            };
            let (mut points_value, mut not_applicable) = (0u32, false);
            if let Some(p) = points {
                let mut words = p.split_whitespace().peekable();
                if let Some(w) = words.peek() {
                    if let Ok(n) = w.parse::<u32>() {
                        points_value = n;
                        words.next();
                    }
                }
                match words.next() {
                    None if !p.is_empty() => {}
                    Some(w) if matches!(w.to_lowercase().as_str(), "n/a" | "н/п" | "na") => {
                        not_applicable = true;
                    }
                    _ => return Err(bad()),
                }
                if words.next().is_some() {
                    return Err(bad());
                }
            }
            let en = english
                .as_ref()
                .and_then(|e| e.get(i))
                .map(String::as_str)
                .unwrap_or("");
            let mut choice = vec![
                ("value".to_owned(), Json::Str(value)),
                ("label".to_owned(), text_json(&unescape(label.trim()), en)),
                ("points".to_owned(), Json::Num(f64::from(points_value))),
            ];
            if not_applicable {
                choice.push(("not_applicable".to_owned(), Json::Bool(true)));
            }
            choices.push(Json::Obj(choice));
        }
        Ok(Some(Json::Arr(choices)))
    }

    /// Likert labels: `label | label | …`.
    pub(super) fn labels(&self, row: &Row) -> Result<Option<Json>, SheetError> {
        let Some(cell) = row.text(OPTIONS) else {
            return Ok(None);
        };
        let parts = split_unescaped(cell, '|');
        let english = self.english(row, parts.len())?;
        let labels = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let en = english
                    .as_ref()
                    .and_then(|e| e.get(i))
                    .map(String::as_str)
                    .unwrap_or("");
                text_json(&unescape(p.trim()), en)
            })
            .collect();
        Ok(Some(Json::Arr(labels)))
    }

    /// `10..20 = 1 | >=20 = 2 | <10 = 0 | * = 0`.
    pub(super) fn bands(&self, row: &Row) -> Result<Option<Json>, SheetError> {
        let Some(cell) = row.text(BANDS) else {
            return Ok(None);
        };
        let mut bands = Vec::new();
        for part in cell.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || {
                self.err(
                    row.n,
                    BANDS,
                    SheetProblem::BadBand {
                        found: part.to_owned(),
                    },
                )
            };
            let (range, points) = part.rsplit_once('=').ok_or_else(bad)?;
            let points: u32 = points.trim().parse().map_err(|_| bad())?;
            let range = range.trim();
            let num = |s: &str| parse_number(s).ok_or_else(bad);
            let (min, max) = if range.is_empty() || range == "*" {
                (None, None)
            } else if let Some(x) = range.strip_prefix(">=").or_else(|| range.strip_prefix('≥')) {
                (Some(num(x)?), None)
            } else if let Some(x) = range.strip_prefix('<') {
                (None, Some(num(x)?))
            } else if let Some((a, b)) = range.split_once("..") {
                let a = a.trim();
                let b = b.trim();
                (
                    if a.is_empty() { None } else { Some(num(a)?) },
                    if b.is_empty() { None } else { Some(num(b)?) },
                )
            } else {
                return Err(bad());
            };
            let mut band = Vec::new();
            if let Some(min) = min {
                band.push(("min".to_owned(), number_json(min)));
            }
            if let Some(max) = max {
                band.push(("max".to_owned(), number_json(max)));
            }
            band.push(("points".to_owned(), Json::Num(f64::from(points))));
            bands.push(Json::Obj(band));
        }
        Ok(Some(Json::Arr(bands)))
    }
}
