//! Text patterns for item validation: a small, safe subset of regular expressions, matched
//! against the whole answer. (A full regex engine would cost the bundle tens of kilobytes.)
//!
//! Supported: literal characters, `.`, `\d \w \s` and `\D \W \S`, a backslash before an ASCII
//! punctuation mark or a space (`\.` `\(` `\-`: the mark itself), classes `[а-яё0-9_-]` and
//! `[^…]`, groups `( … | … )`, and `? * + {n} {n,} {n,m}`. Any other escape (`\b`, `\n`,
//! `\p{L}`, `\1`, `\я`) is refused: in a regular expression each means something else, and
//! read as a plain letter it would pass or fail answers silently.

/// Longest pattern accepted.
const MAX_PATTERN_CHARS: usize = 300;
/// Most instructions a compiled pattern may have: `{n,m}` copies what it repeats, so
/// `(a{1000}){1000}` would otherwise compile to a million. Matching costs at most this many
/// steps per character of the answer, whatever the pattern.
const MAX_PROGRAM: usize = 5_000;

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

/// A compiled pattern: a program for a Thompson automaton.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    source: String,
    program: Vec<Inst>,
}

/// One instruction of the automaton. `Split` and `Jump` move without reading a character.
#[derive(Clone, Debug, PartialEq)]
enum Inst {
    /// Reads one character that the atom (never a group) accepts.
    Read(Atom),
    Split(usize, usize),
    Jump(usize),
    Match,
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
        let mut program = Vec::new();
        emit_alternatives(&alternatives, &mut program)?;
        program.push(Inst::Match);
        Ok(Pattern {
            source: source.to_owned(),
            program,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `text` matches. Every state of the automaton is visited at most
    /// once per character, so the time is linear in the text (times the program's size, which
    /// [`MAX_PROGRAM`] bounds), and the answer is exact: no pattern makes it give up.
    pub fn matches(&self, text: &str) -> bool {
        let n = self.program.len();
        let mut current = States::new(n);
        let mut next = States::new(n);
        let mut stack = Vec::new();
        current.add(&self.program, 0, &mut stack);
        for c in text.chars() {
            if current.list.is_empty() {
                return false;
            }
            next.clear();
            for &pc in &current.list {
                if let Inst::Read(atom) = &self.program[pc] {
                    if accepts(atom, c) {
                        next.add(&self.program, pc + 1, &mut stack);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
            .list
            .iter()
            .any(|&pc| self.program[pc] == Inst::Match)
    }
}

/// The automaton's states at one position: a sparse set (constant-time clear and test).
struct States {
    list: Vec<usize>,
    on: Vec<bool>,
}

impl States {
    fn new(n: usize) -> States {
        States {
            list: Vec::with_capacity(n),
            on: vec![false; n],
        }
    }

    fn clear(&mut self) {
        for &pc in &self.list {
            self.on[pc] = false;
        }
        self.list.clear();
    }

    /// Adds `pc` and every state reachable from it without reading, with an explicit stack.
    fn add(&mut self, program: &[Inst], pc: usize, stack: &mut Vec<usize>) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if pc >= program.len() || self.on[pc] {
                continue;
            }
            self.on[pc] = true;
            self.list.push(pc);
            match program[pc] {
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Jump(to) => stack.push(to),
                Inst::Read(_) | Inst::Match => {}
            }
        }
    }
}

fn accepts(atom: &Atom, c: char) -> bool {
    match atom {
        Atom::Any => c != '\n',
        Atom::Char(x) => *x == c,
        Atom::Class(ranges, negated) => {
            ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != *negated
        }
        Atom::Group(_) => false,
    }
}

fn too_long() -> String {
    format!("the pattern repeats too much (more than {MAX_PROGRAM} steps once its counts are written out)")
}

fn emit_alternatives(alternatives: &[Vec<Piece>], out: &mut Vec<Inst>) -> Result<(), String> {
    // a | b | c  →  split(a, split(b, c)), each branch jumping to the end.
    let mut jumps = Vec::new();
    for (k, alternative) in alternatives.iter().enumerate() {
        let last = k + 1 == alternatives.len();
        let split = out.len();
        if !last {
            out.push(Inst::Split(split + 1, 0));
        }
        for piece in alternative {
            emit_piece(piece, out)?;
        }
        if !last {
            jumps.push(out.len());
            out.push(Inst::Jump(0));
            let after = out.len();
            out[split] = Inst::Split(split + 1, after);
        }
        if out.len() > MAX_PROGRAM {
            return Err(too_long());
        }
    }
    let end = out.len();
    for j in jumps {
        out[j] = Inst::Jump(end);
    }
    Ok(())
}

fn emit_atom(atom: &Atom, out: &mut Vec<Inst>) -> Result<(), String> {
    match atom {
        Atom::Group(alternatives) => emit_alternatives(alternatives, out),
        atom => {
            out.push(Inst::Read(atom.clone()));
            Ok(())
        }
    }
}

fn emit_piece(piece: &Piece, out: &mut Vec<Inst>) -> Result<(), String> {
    for _ in 0..piece.min {
        emit_atom(&piece.atom, out)?;
        if out.len() > MAX_PROGRAM {
            return Err(too_long());
        }
    }
    if piece.max == usize::MAX {
        // loop: split(body, out); body; jump loop
        let split = out.len();
        out.push(Inst::Split(split + 1, 0));
        emit_atom(&piece.atom, out)?;
        out.push(Inst::Jump(split));
        let after = out.len();
        out[split] = Inst::Split(split + 1, after);
    } else {
        // Each optional copy may be skipped to the end of the piece.
        let mut skips = Vec::new();
        for _ in piece.min..piece.max {
            skips.push(out.len());
            out.push(Inst::Split(out.len() + 1, 0));
            emit_atom(&piece.atom, out)?;
            if out.len() > MAX_PROGRAM {
                return Err(too_long());
            }
        }
        let end = out.len();
        for s in skips {
            out[s] = Inst::Split(s + 1, end);
        }
    }
    if out.len() > MAX_PROGRAM {
        return Err(too_long());
    }
    Ok(())
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
        // What `regex` takes as the mark itself (`\<` and `\>` are word boundaries there).
        c if (c.is_ascii_punctuation() || c == ' ') && c != '<' && c != '>' => Atom::Char(c),
        c => {
            return Err(format!(
                "character {at}: \\{c} is not a supported escape; use \\d \\D \\w \\W \\s \\S, or \\ before a punctuation mark such as \\. or \\("
            ))
        }
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
        if c == ']' && !ranges.is_empty() {
            *pos += 1;
            return Ok(Atom::Class(ranges, negated));
        }
        // In a regular expression these nest a class or combine two (`&&` `--` `~~`).
        if c == '[' || (matches!(c, '&' | '-' | '~') && chars.get(*pos + 1) == Some(&c)) {
            return Err(format!(
                "character {}: write \\{c} for {c} inside [ ]",
                *pos + 1
            ));
        }
        let first = match member(chars, pos)? {
            Ok(c) => c,
            Err(set) => {
                ranges.extend(set);
                continue;
            }
        };
        if chars.get(*pos) == Some(&'-') && chars.get(*pos + 1).is_some_and(|&e| e != ']') {
            *pos += 1;
            let Ok(end) = member(chars, pos)? else {
                return Err(format!(
                    "character {}: a range must end at a character",
                    *pos
                ));
            };
            if end < first {
                return Err(format!(
                    "character {at}: the range {first}-{end} is backwards"
                ));
            }
            ranges.push((first, end));
        } else {
            ranges.push((first, first));
        }
    }
}

/// One member of a class (there is one at `pos`): a character, plain or escaped, or the
/// ranges of `\d \w \s`.
fn member(chars: &[char], pos: &mut usize) -> Result<Result<char, Vec<(char, char)>>, String> {
    let c = chars[*pos];
    *pos += 1;
    if c != '\\' {
        return Ok(Ok(c));
    }
    match escape(chars, pos, *pos)? {
        Atom::Char(c) => Ok(Ok(c)),
        Atom::Class(set, false) => Ok(Err(set)),
        _ => Err(format!(
            "character {}: a negated class inside [ ]",
            *pos - 1
        )),
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
    fn long_answers_match_in_linear_time() {
        // Was ~10⁹ operations (each step scanned the whole text) and then gave up.
        let long = "без точки с запятой ".repeat(4000);
        assert!(long.chars().count() >= 80_000);
        assert!(m(r"[^;]*", &long));
        assert!(!m(r"[^;]*", &format!("{long};")));
        assert!(m(r"(\w+ )+", &long));
        assert!(m(r".*запятой ", &long));
        assert!(!m(r"(a|aa)+c", &"a".repeat(100_000)));
    }

    #[test]
    fn counted_repeats_are_exact() {
        assert!(m("a{2,3}", "aa"));
        assert!(m("a{2,3}", "aaa"));
        assert!(!m("a{2,3}", "aaaa"));
        assert!(!m("a{2,3}", "a"));
        assert!(m("(ab|c){2}d?", "abc"));
        assert!(m("(ab|c){2}d?", "ccd"));
        assert!(!m("(ab|c){2}d?", "abcd d"));
        assert!(m("(a*)*", ""));
        assert!(m("()", ""));
        assert!(m("(|x)y", "y"));
        assert!(m("(|x)y", "xy"));
    }

    #[test]
    fn a_pattern_that_expands_too_far_is_refused() {
        assert!(Pattern::new("(a{1000}){1000}").is_err());
        assert!(Pattern::new("((a{100}){100}){100}").is_err());
        assert!(Pattern::new(r"\d{1000}").is_ok());
    }

    #[test]
    fn bad_patterns_are_explained() {
        for bad in ["(ab", "ab)", "[ab", "*a", "a{2", "a{x}", "[z-a]", "\\"] {
            assert!(Pattern::new(bad).is_err(), "{bad} should be refused");
        }
    }
}
