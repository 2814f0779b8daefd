//! The hand-written JSON reader and writer (`model::Json`) held against `serde_json` on
//! random documents and random numbers: what one writes the other reads as the same value,
//! and what serde_json refuses as a number, the reader refuses too.
//!
//! These tests run with the `exact` feature (model's default, as in exchange, the file
//! worker, the pages and the CLI), which reads numbers correctly rounded; the writer is the
//! same with or without it.

use model::Json;
use proptest::prelude::*;
use serde_json::Value;

fn finite() -> impl Strategy<Value = f64> {
    any::<u64>()
        .prop_map(f64::from_bits)
        .prop_filter("finite", |n| n.is_finite())
}

/// Numbers of every kind documents carry: counts, shares, money, tiny and huge ones.
fn number() -> BoxedStrategy<f64> {
    prop_oneof![
        finite(),
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64),
        (-1_000_000i64..1_000_000, 0u32..7).prop_map(|(n, d)| n as f64 / 10f64.powi(d as i32)),
        (1e12f64..1e20),
        (1e-12f64..1e-5),
    ]
    .boxed()
}

fn document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The same document, numbers compared as the values they stand for (serde_json keeps `12`
/// and `12.0` apart; JSON does not).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same(vx, vy))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every finite number written is JSON that serde_json reads as the very same number.
    #[test]
    fn written_numbers_read_back_exactly(n in number()) {
        let text = Json::Num(n).text();
        let back: f64 = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{n:?} was written as {text:?}: {e}")))?;
        prop_assert_eq!(back, n, "{:?} was written as {:?}", n, text);
    }

    /// What serde_json writes, the reader reads as the same number.
    #[test]
    fn serde_numbers_read_exactly(n in number()) {
        let text = serde_json::to_string(&n).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(Json::parse(&text), Ok(Json::Num(n)), "{}", text);
    }

    /// Whole documents: serde_json → this reader → this writer → serde_json is the same.
    #[test]
    fn documents_round_trip_through_both(doc in document()) {
        let text = serde_json::to_string(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ours = Json::parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?} in {text}")))?;
        let written = ours.text();
        let back: Value = serde_json::from_str(&written)
            .map_err(|e| TestCaseError::fail(format!("{e} in {written}")))?;
        prop_assert!(same(&doc, &back), "{} came back as {}", text, written);
    }

    /// A number-like text is a number here exactly when it is one for serde_json: signs,
    /// points, exponents and leading zeros in every arrangement, out-of-range ones included.
    #[test]
    fn number_grammar_matches_serde(text in "[-+.eE0-9]{1,10}") {
        let ours = Json::parse(&text).is_ok();
        let theirs = serde_json::from_str::<Value>(&text).is_ok();
        prop_assert_eq!(ours, theirs, "{:?}: ours {}, serde_json {}", text, ours, theirs);
    }
}

#[test]
fn numbers_that_used_to_break_the_writer() {
    // Before: 1e13 was written as nothing (invalid JSON) and 1e-7 as 0.
    for (n, text) in [
        (1e13, "10000000000000"),
        (9.5e15, "9500000000000000"),
        (1e20, "100000000000000000000"),
        (1e-7, "0.0000001"),
        (0.1 + 0.2, "0.30000000000000004"),
        (12.5, "12.5"),
        (-3.0, "-3"),
        (-2.5e-3, "-0.0025"),
    ] {
        assert_eq!(Json::Num(n).text(), text);
        assert_eq!(Json::parse(text), Ok(Json::Num(n)));
    }
    // Out of range is refused, as serde_json refuses it; underflow reads as zero.
    assert!(Json::parse("1e999").is_err());
    assert_eq!(Json::parse("1e-999"), Ok(Json::Num(0.0)));
    assert_eq!(Json::parse("1e0005"), Ok(Json::Num(1e5)));
    // Not JSON numbers, though Rust's own reader would take some of them.
    for bad in [
        "+1", ".5", "1.", "01", "1e", "1e+", "inf", "NaN", "-", "0x10",
    ] {
        assert!(Json::parse(bad).is_err(), "{bad}");
    }
    // The extremes are long, and still exact.
    for n in [f64::MAX, f64::MIN_POSITIVE, 5e-324, -1e300] {
        assert_eq!(Json::parse(&Json::Num(n).text()), Ok(Json::Num(n)));
    }
}
