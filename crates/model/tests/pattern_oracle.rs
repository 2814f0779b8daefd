//! The hand-written pattern matcher (`model::Pattern`, kept because a regex engine would cost
//! the browser bundle tens of kilobytes) against the `regex` crate on random patterns of the
//! supported subset and random texts: the same verdict on every pair. What the subset leaves
//! out is refused, not read as something else: every escape outside it (`\b`, `\n`, `\p{L}`,
//! `\1`, `\я`), alone, inside a class and inside a random pattern.

use model::Pattern;
use proptest::prelude::*;

/// A random pattern over a small alphabet, with the subset's constructs.
fn pattern() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("я".to_owned()),
        Just(".".to_owned()),
        Just("[ab]".to_owned()),
        Just("[^a]".to_owned()),
        Just("[а-я]".to_owned()),
        Just("Ё".to_owned()),
        Just(" ".to_owned()),
        Just("-".to_owned()),
        Just("]".to_owned()),
        Just("}".to_owned()),
        Just(r"\d".to_owned()),
        Just(r"\D".to_owned()),
        Just(r"\w".to_owned()),
        Just(r"\W".to_owned()),
        Just(r"\s".to_owned()),
        Just(r"\S".to_owned()),
        prop::sample::select(PUNCTUATION.to_vec()).prop_map(|c| format!("\\{c}")),
        class(),
    ];
    let leaf = (atom, 0..7usize).prop_map(|(a, q)| {
        let quant = ["", "?", "*", "+", "{2}", "{1,3}", "{2,}"][q];
        format!("{a}{quant}")
    });
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            (prop::collection::vec(inner, 1..3), 0..4usize)
                .prop_map(|(v, q)| { format!("({}){}", v.join("|"), ["", "?", "*", "{1,2}"][q]) }),
        ]
    })
}

/// Every mark a backslash may stand before: ASCII punctuation and the space, but `<` and `>`.
const PUNCTUATION: [char; 31] = [
    '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', ':', ';', '=', '?',
    '@', '[', '\\', ']', '^', '_', '`', '{', '|', '}', '~', ' ',
];

/// A class: `[…]` or `[^…]` of letters, ranges, `\d \w \s` and escaped marks.
fn class() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        prop::sample::select(vec!["a", "b", "я", "Ё", "1", "_", " ", ".", "(", "|", "*"])
            .prop_map(str::to_owned),
        prop::sample::select(vec![
            "а-я", "0-9", "a-b", r"\d", r"\w", r"\s", r"\-", r"\]", r"\^", r"\[", r"\\"
        ])
        .prop_map(str::to_owned),
    ];
    (any::<bool>(), prop::collection::vec(part, 1..4)).prop_map(|(negated, parts)| {
        format!("[{}{}]", if negated { "^" } else { "" }, parts.concat())
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            'a', 'b', 'я', 'Ё', 'Z', '.', '1', '\n', ' ', '\t', '_', '-', '(', '[', ']', '\\', '&',
            '~',
        ]),
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Escapes outside the subset: every ASCII letter and digit but `d D w W s S`, `<` `>`, and
/// characters beyond ASCII.
fn unsupported_escapes() -> Vec<String> {
    ('0'..='9')
        .chain('a'..='z')
        .chain('A'..='Z')
        .filter(|c| !"dDwWsS".contains(*c))
        .chain(['<', '>', 'я', 'Ё', '№', '\u{a0}', '\t'])
        .map(|c| format!("\\{c}"))
        .chain([
            r"\p{L}".to_owned(),
            r"\P{Cyrillic}".to_owned(),
            r"\u0041".to_owned(),
            r"\x41".to_owned(),
        ])
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn agrees_with_the_regex_crate(p in pattern(), texts in prop::collection::vec(text(), 1..8)) {
        let ours = Pattern::new(&p).map_err(|e| TestCaseError::fail(format!("{p}: {e}")))?;
        let oracle = regex::Regex::new(&format!("^(?:{p})$"))
            .map_err(|e| TestCaseError::fail(format!("{p}: {e}")))?;
        for t in &texts {
            prop_assert_eq!(ours.matches(t), oracle.is_match(t), "pattern {:?} on {:?}", p, t);
        }
    }

    #[test]
    fn an_unsupported_escape_anywhere_is_refused_and_named(
        p in pattern(),
        at in any::<prop::sample::Index>(),
        escape in prop::sample::select(unsupported_escapes()),
        in_class in any::<bool>(),
    ) {
        let chars: Vec<char> = p.chars().collect();
        // Between two characters of the pattern, not after a backslash (which would make the
        // escape's own backslash a mark).
        let mut i = at.index(chars.len() + 1);
        while i > 0 && chars[i - 1] == '\\' {
            i -= 1;
        }
        let inserted = if in_class { format!("[a{escape}]") } else { escape.clone() };
        let bad: String = chars[..i].iter().collect::<String>() + &inserted + &chars[i..].iter().collect::<String>();
        match Pattern::new(&bad) {
            Ok(_) => prop_assert!(false, "{:?} accepted", bad),
            Err(e) => {
                let named: String = escape.chars().take(2).collect();
                prop_assert!(
                    e.contains(&format!("{named} is not a supported escape")) || !e.contains("escape"),
                    "{:?}: {}", bad, e
                );
            }
        }
    }
}

#[test]
fn every_unsupported_escape_is_refused_alone_and_in_a_class() {
    for escape in unsupported_escapes() {
        for p in [
            escape.clone(),
            format!("[a{escape}]"),
            format!("x{escape}+"),
        ] {
            match Pattern::new(&p) {
                Ok(_) => panic!("{p:?} is accepted"),
                Err(e) => {
                    let named: String = escape.chars().take(2).collect();
                    assert!(
                        e.contains(&format!("{named} is not a supported escape")),
                        "{p:?}: {e}"
                    );
                }
            }
        }
    }
    // Where it is: the backslash's character, counted from 1.
    assert_eq!(
        Pattern::new(r"ab\b").err().as_deref(),
        Some(
            r"character 3: \b is not a supported escape; use \d \D \w \W \s \S, or \ before a punctuation mark such as \. or \("
        )
    );
    assert!(Pattern::new(r"[ab\n]")
        .err()
        .is_some_and(|e| e.starts_with(r"character 4: \n")));
}

#[test]
fn every_supported_escape_of_a_mark_is_the_mark_as_regex_reads_it() {
    for c in PUNCTUATION {
        let p = format!("\\{c}");
        let ours = Pattern::new(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
        let oracle =
            regex::Regex::new(&format!("^(?:{p})$")).unwrap_or_else(|e| panic!("{p}: {e}"));
        for t in [c.to_string(), "a".into(), String::new(), format!("{c}{c}")] {
            assert_eq!(ours.matches(&t), oracle.is_match(&t), "{p} on {t:?}");
        }
    }
}

#[test]
fn what_the_subset_refuses_is_refused() {
    for bad in [
        "(ab",
        "ab)",
        "[ab",
        "*a",
        "a{2",
        "a{x}",
        "[z-a]",
        "\\",
        "a{3,2}",
        "(a{1000}){1000}",
        // Where a regular expression reads something else: a nested class, a set operation,
        // a range ending at a class, a negated class inside a class.
        "[[a]]",
        "[a&&b]",
        "[a--b]",
        "[a~~b]",
        r"[a-\d]",
        r"[\D]",
    ] {
        assert!(Pattern::new(bad).is_err(), "{bad} should be refused");
    }
}
