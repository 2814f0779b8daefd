//! The hand-written pattern matcher (`model::Pattern`, kept because a regex engine would cost
//! the browser bundle tens of kilobytes) against the `regex` crate on random patterns of the
//! supported subset and random texts: the same verdict on every pair.

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
        Just(r"\d".to_owned()),
        Just(r"\.".to_owned()),
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

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!['a', 'b', 'я', '.', '1', '\n']),
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
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
    ] {
        assert!(Pattern::new(bad).is_err(), "{bad} should be refused");
    }
}
