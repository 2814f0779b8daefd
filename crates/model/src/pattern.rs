//! Text patterns for item validation: a small, safe subset of regular expressions, matched
//! against the whole answer. (A full regex engine would cost the bundle tens of kilobytes.)
//!
//! Supported: literal characters, `.`, `\d \w \s` and `\D \W \S`, escapes such as `\.`,
//! classes `[а-яё0-9_-]` and `[^…]`, groups `( … | … )`, and `? * + {n} {n,} {n,m}`.

/// Longest pattern accepted.
const MAX_PATTERN_CHARS: usize = 300;
/// Matching work allowed before giving up (and treating the text as not matching), so a
/// pathological pattern cannot freeze the page.
const MAX_STEPS: usize = 2_000_000;

#[derive(Clone, Debug, PartialEq)]
enum Atom {
    Any,
    Char(char),
    Class(Vec<(char, char)>, bool),
    Group(Vec<Vec<Piece>>),
}

#[derive(Clone, Debug, PartialEq)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    source: String,
    alternatives: Vec<Vec<Piece>>,
}

impl Pattern {
    /// Compiles `source`; the error says what is wrong at which character.
    pub fn new(source: &str) -> Result<Pattern, String> {
        let chars: Vec<char> = source.chars().collect();
        if chars.len() > MAX_PATTERN_CHARS {
            return Err(format!(
                "a pattern may be at most {MAX_PATTERN_CHARS} characters"
            ));
        }
        let mut pos = 0;
        let alternatives = alternation(&chars, &mut pos, 0)?;
        if pos < chars.len() {
            return Err(format!("character {}: unmatched )", pos + 1));
        }
        Ok(Pattern {
            source: source.to_owned(),
            alternatives,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut starts = vec![false; chars.len() + 1];
        starts[0] = true;
        let mut steps = 0;
        let ends = step(
            &Atom::Group(self.alternatives.clone()),
            &chars,
            &starts,
            &mut steps,
        );
        steps < MAX_STEPS && ends[chars.len()]
    }
}

fn alternation(chars: &[char], pos: &mut usize, depth: usize) -> Result<Vec<Vec<Piece>>, String> {
    if depth > 16 {
        return Err("groups are nested too deeply".into());
    }
    let mut alternatives = vec![Vec::new()];
    while *pos < chars.len() {
        let c = chars[*pos];
        let at = *pos + 1;
        *pos += 1;
        let atom = match c {
            '|' => {
                alternatives.push(Vec::new());
                continue;
            }
            ')' if depth > 0 => return Ok(alternatives),
            ')' => {
                *pos -= 1;
                return Ok(alternatives);
            }
            '(' => {
                let inner = alternation(chars, pos, depth + 1)?;
                if chars.get(*pos - 1) != Some(&')') || *pos > chars.len() {
                    return Err(format!("character {at}: ( is never closed"));
                }
                Atom::Group(inner)
            }
            '.' => Atom::Any,
            '[' => class(chars, pos, at)?,
            '\\' => escape(chars, pos, at)?,
            '?' | '*' | '+' | '{' => {
                return Err(format!("character {at}: {c} has nothing to repeat"));
            }
            '^' | '$' => continue, // the whole text is always matched
            c => Atom::Char(c),
        };
        let (min, max) = quantifier(chars, pos, at)?;
        if let Some(last) = alternatives.last_mut() {
            last.push(Piece { atom, min, max });
        }
    }
    if depth > 0 {
        return Err("( is never closed".into());
    }
    Ok(alternatives)
}

fn escape(chars: &[char], pos: &mut usize, at: usize) -> Result<Atom, String> {
    let Some(&c) = chars.get(*pos) else {
        return Err(format!("character {at}: \\ at the end"));
    };
    *pos += 1;
    let class = |ranges: &[(char, char)], negated| Atom::Class(ranges.to_vec(), negated);
    const DIGIT: &[(char, char)] = &[('0', '9')];
    const WORD: &[(char, char)] = &[
        ('0', '9'),
        ('a', 'z'),
        ('A', 'Z'),
        ('_', '_'),
        ('а', 'я'),
        ('А', 'Я'),
        ('ё', 'ё'),
        ('Ё', 'Ё'),
    ];
    const SPACE: &[(char, char)] = &[(' ', ' '), ('\t', '\r'), ('\u{a0}', '\u{a0}')];
    Ok(match c {
        'd' => class(DIGIT, false),
        'D' => class(DIGIT, true),
        'w' => class(WORD, false),
        'W' => class(WORD, true),
        's' => class(SPACE, false),
        'S' => class(SPACE, true),
        c => Atom::Char(c),
    })
}

fn class(chars: &[char], pos: &mut usize, at: usize) -> Result<Atom, String> {
    let negated = chars.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut ranges = Vec::new();
    loop {
        let Some(&c) = chars.get(*pos) else {
            return Err(format!("character {at}: [ is never closed"));
        };
        *pos += 1;
        let c = match c {
            ']' if !ranges.is_empty() => return Ok(Atom::Class(ranges, negated)),
            '\\' => match escape(chars, pos, at)? {
                Atom::Class(inner, false) => {
                    ranges.extend(inner);
                    continue;
                }
                Atom::Char(c) => c,
                _ => return Err(format!("character {at}: a negated class inside [ ]")),
            },
            c => c,
        };
        if chars.get(*pos) == Some(&'-') && chars.get(*pos + 1).is_some_and(|&e| e != ']') {
            let end = chars[*pos + 1];
            *pos += 2;
            if end < c {
                return Err(format!("character {at}: the range {c}-{end} is backwards"));
            }
            ranges.push((c, end));
        } else {
            ranges.push((c, c));
        }
    }
}

fn quantifier(chars: &[char], pos: &mut usize, at: usize) -> Result<(usize, usize), String> {
    let q = match chars.get(*pos) {
        Some('?') => (0, 1),
        Some('*') => (0, usize::MAX),
        Some('+') => (1, usize::MAX),
        Some('{') => {
            let Some(len) = chars[*pos..].iter().position(|&c| c == '}') else {
                return Err(format!("character {at}: {{ is never closed"));
            };
            let inside: String = chars[*pos + 1..*pos + len].iter().collect();
            let number = |s: &str| s.trim().parse::<usize>().ok().filter(|n| *n <= 1000);
            let bounds = match inside.split_once(',') {
                None => number(&inside).map(|n| (n, n)),
                Some((a, "")) => number(a).map(|n| (n, usize::MAX)),
                Some((a, b)) => number(a).zip(number(b)).filter(|(a, b)| a <= b),
            };
            let Some(bounds) = bounds else {
                return Err(format!(
                    "character {at}: write a count as {{3}}, {{2,}} or {{2,5}}"
                ));
            };
            *pos += len;
            bounds
        }
        _ => return Ok((1, 1)),
    };
    *pos += 1;
    Ok(q)
}

/// The positions a sequence can end at, from any of the `starts` (a set over `0..=len`).
/// Set-at-a-time matching is polynomial, so no pattern can make it run away.
fn seq(pieces: &[Piece], text: &[char], starts: Vec<bool>, steps: &mut usize) -> Vec<bool> {
    pieces
        .iter()
        .fold(starts, |set, piece| repeat(piece, text, set, steps))
}

fn repeat(piece: &Piece, text: &[char], starts: Vec<bool>, steps: &mut usize) -> Vec<bool> {
    let mut result = vec![false; text.len() + 1];
    if piece.min == 0 {
        result.clone_from(&starts);
    }
    let mut current = starts;
    let mut count = 0;
    while count < piece.max && current.contains(&true) && *steps < MAX_STEPS {
        current = step(&piece.atom, text, &current, steps);
        count += 1;
        if count >= piece.min {
            for (r, c) in result.iter_mut().zip(current.iter_mut()) {
                // With no upper bound, a position already reached leads nowhere new.
                if piece.max == usize::MAX && *r {
                    *c = false;
                }
                *r |= *c;
            }
        }
        if count > text.len() + piece.min {
            break;
        }
    }
    result
}

fn step(atom: &Atom, text: &[char], starts: &[bool], steps: &mut usize) -> Vec<bool> {
    *steps += starts.iter().filter(|s| **s).count() + 1;
    if let Atom::Group(alternatives) = atom {
        let mut out = vec![false; text.len() + 1];
        for alternative in alternatives {
            let ends = seq(alternative, text, starts.to_vec(), steps);
            for (o, e) in out.iter_mut().zip(ends) {
                *o |= e;
            }
        }
        return out;
    }
    let mut out = vec![false; text.len() + 1];
    for (at, _) in starts.iter().enumerate().filter(|(_, s)| **s) {
        let Some(&c) = text.get(at) else { continue };
        let hit = match atom {
            Atom::Any => c != '\n',
            Atom::Char(x) => *x == c,
            Atom::Class(ranges, negated) => {
                ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != *negated
            }
            Atom::Group(_) => false,
        };
        out[at + 1] |= hit;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        Pattern::new(pattern).expect("compiles").matches(text)
    }

    #[test]
    fn whole_text_matches() {
        assert!(m(r"\d{10}", "7707083893"));
        assert!(!m(r"\d{10}", "77070838930"));
        assert!(!m(r"\d{10}", "770708389"));
        assert!(m(r"sch\d{2,}", "sch77171506"));
        assert!(m("(да|нет)", "нет"));
        assert!(!m("(да|нет)", "может"));
        assert!(m(r"[А-ЯЁ][а-яё]+( [А-ЯЁ]\.){1,2}", "Иванова И. П."));
        assert!(m(r"[^;]*", "без точки с запятой"));
        assert!(!m(r"[^;]*", "с ; внутри"));
        assert!(m(r"https?://\S+", "https://school.ru/doc.pdf"));
        assert!(m("a?b*c+", "c"));
        assert!(m("^x$", "x"));
        assert!(m(r"\d+([.,]\d+)?", "12,5"));
    }

    #[test]
    fn pathological_patterns_finish() {
        let text = "a".repeat(5000) + "b";
        assert!(!m("(a*)*c", &text));
        assert!(!m("(a|aa)+c", &text));
    }

    #[test]
    fn bad_patterns_are_explained() {
        for bad in ["(ab", "ab)", "[ab", "*a", "a{2", "a{x}", "[z-a]", "\\"] {
            assert!(Pattern::new(bad).is_err(), "{bad} should be refused");
        }
    }
}
