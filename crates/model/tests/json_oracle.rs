//! The hand-written JSON reader and writer (`model::Json`: serde + serde_json would not fit the
//! first view's budget) against `serde_json` — built with `float_roundtrip`, its exact float
//! reader — and the standard library's exact float parsing and formatting:
//! - documents serde_json writes read to the same tree, and documents we write read in
//!   serde_json to the same tree;
//! - every finite double is written in as few significant digits as serde_json (ryu) writes it
//!   and reads back bit for bit, in both readers;
//! - decimal texts of every length and magnitude, and the exact half-way points between two
//!   doubles (where a tie goes to the even one), read to the same double as `str::parse`;
//! - random documents, damaged, are accepted or refused as serde_json decides. Two deliberate
//!   differences are asserted apart: a repeated key and more than 64 levels of nesting are
//!   refused (serde_json keeps the last value and allows 128 levels).

use model::Json;
use proptest::prelude::*;
use serde_json::Value;

/// Whether our tree and serde_json's are the same document (numbers equal as doubles).
fn same(ours: &Json, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Num(a), Value::Number(b)) => b.as_f64() == Some(*a),
        (Json::Str(a), Value::String(b)) => a == b,
        (Json::Arr(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Obj(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => false,
    }
}

fn ours(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Json::Str(s.clone()),
        Value::Array(a) => Json::Arr(a.iter().map(ours).collect()),
        Value::Object(o) => Json::Obj(o.iter().map(|(k, v)| (k.clone(), ours(v))).collect()),
    }
}

/// Doubles of every magnitude: any bit pattern, whole numbers, decimals with few digits at
/// any exponent, and the edges (around 9·10¹², 10²¹, the smallest and largest).
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        (-1000i64..1000).prop_map(|n| n as f64),
        any::<i64>().prop_map(|n| n as f64),
        (1u64..100_000, -340i32..=308)
            .prop_map(|(m, e)| format!("{m}e{e}").parse::<f64>().unwrap_or(0.0))
            .prop_filter("finite", |f| f.is_finite()),
        prop::sample::select(vec![
            9e12,
            9.000000000001e12,
            -9e12,
            8.999999999999e12,
            1e21,
            999999999999999900000.0,
            1e-7,
            1e-6,
            0.1 + 0.2,
            5e-324,
            f64::from_bits(0x000F_FFFF_FFFF_FFFF), // the largest subnormal
            f64::MIN_POSITIVE,
            f64::MAX,
            -f64::MAX,
            f64::EPSILON,
            9007199254740994.0, // 2⁵³ + 2, past the whole numbers a double holds one by one
            0.0,
            -0.0,
        ]),
    ]
}

/// Texts with what JSON must escape (quotes, backslashes, control characters) and what it
/// must not (non-ASCII, astral characters, U+2028).
fn text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        any::<char>(),
        prop::sample::select(vec![
            '"', '\\', '/', '\0', '\u{1f}', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{7f}',
            '\u{2028}', '😀', 'я', 'Ё', 'a',
        ]),
    ];
    prop::collection::vec(c, 0..8).prop_map(|v| v.into_iter().collect())
}

fn document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// The significant digits of a number as written (`-1.25e-7` → 3).
fn significant(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

fn written(n: f64) -> String {
    Json::Num(n).text()
}

const DUPLICATE: &str = "a key that is not already in this object";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn reads_what_serde_json_writes(v in document(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
        let text = text.map_err(|e| TestCaseError::fail(e.to_string()))?;
        match Json::parse(&text) {
            Ok(j) => prop_assert!(same(&j, &v), "read differently: {}", text),
            Err(e) => prop_assert!(false, "refused {}: {}", text, e),
        }
    }

    #[test]
    fn writes_what_serde_json_reads_the_same(v in document()) {
        let tree = ours(&v);
        let text = tree.text();
        let back: Value = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("serde_json refused {text}: {e}")))?;
        prop_assert!(same(&tree, &back), "serde_json read {} differently", text);
        prop_assert_eq!(Json::parse(&text).ok(), Some(tree));
    }

    #[test]
    fn every_double_is_written_shortest_and_reads_back_exactly(n in number()) {
        let text = written(n);
        let theirs: f64 = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("serde_json refused {text}: {e}")))?;
        let std: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let back = match Json::parse(&text) {
            Ok(Json::Num(back)) => back,
            other => return Err(TestCaseError::fail(format!("{text} read as {other:?}"))),
        };
        // Zero is written `0` whatever its sign, as JavaScript writes it.
        let bits = |x: f64| if x == 0.0 { 0 } else { x.to_bits() };
        prop_assert_eq!(bits(theirs), bits(n), "serde_json reads {} as {}", text, theirs);
        prop_assert_eq!(bits(std), bits(n), "std reads {} as {}", text, std);
        prop_assert_eq!(bits(back), bits(n), "we read {} as {}", text, back);
        let ryu = serde_json::to_string(&n).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(significant(&text), significant(&ryu), "{} against ryu's {}", text, ryu);
    }

    #[test]
    fn decimal_texts_read_as_the_standard_library_reads_them(
        negative in any::<bool>(),
        int in prop_oneof!["0", "[1-9][0-9]{0,30}", "[1-9][0-9]{780,820}"],
        frac in prop_oneof![Just(String::new()), "[0-9]{1,30}", "[0-9]{790,810}"],
        exp in prop_oneof![Just(None), (-400i32..400).prop_map(Some), (-2000i32..2000).prop_map(Some)],
        e in prop::sample::select(vec!["e", "E", "e+", "e-"]),
    ) {
        let mut text = format!("{}{int}", if negative { "-" } else { "" });
        if !frac.is_empty() {
            text = format!("{text}.{frac}");
        }
        if let Some(x) = exp {
            text = match e {
                "e-" | "e+" => format!("{text}{e}{}", x.unsigned_abs()),
                _ => format!("{text}{e}{x}"),
            };
        }
        let std: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let theirs = serde_json::from_str::<f64>(&text).ok();
        let ours = match Json::parse(&text) {
            Ok(Json::Num(n)) => Some(n),
            Ok(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
            Err(_) => None,
        };
        // A number beyond the largest double is refused, as serde_json refuses it.
        let expected = std.is_finite().then_some(std);
        prop_assert_eq!(ours.map(f64::to_bits), expected.map(f64::to_bits), "{}", text);
        prop_assert_eq!(theirs.map(f64::to_bits), expected.map(f64::to_bits), "serde_json on {}", text);
    }

    #[test]
    fn half_way_points_round_to_the_even_double(n in any::<f64>().prop_filter("finite", |f| f.is_finite() && f.is_sign_positive() && *f < f64::MAX)) {
        let next = f64::from_bits(n.to_bits() + 1);
        let (digits, exp) = half_way(n, next);
        for (text, want) in [
            (format!("{digits}e{exp}"), if n.to_bits() % 2 == 0 { n } else { next }),
            (format!("{digits}000001e{}", exp - 6), next),
            (format!("{}e{}", below(&digits), exp - 6), n),
        ] {
            let std: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(std.to_bits(), want.to_bits(), "std on {}", text);
            match Json::parse(&text) {
                Ok(Json::Num(got)) => prop_assert_eq!(got.to_bits(), want.to_bits(), "{}", text),
                other => prop_assert!(false, "{} read as {:?}", text, other),
            }
        }
    }

    #[test]
    fn damaged_documents_are_refused_exactly_when_serde_json_refuses_them(
        v in document(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(DAMAGE.to_vec())), 1..4),
    ) {
        let mut chars: Vec<char> = serde_json::to_string(&v)
            .map_err(|e| TestCaseError::fail(e.to_string()))?
            .chars()
            .collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len() + 1);
            match op {
                0 if i < chars.len() => { chars.remove(i); }
                1 if i < chars.len() => chars[i] = c,
                _ => chars.insert(i, c),
            }
        }
        let text: String = chars.into_iter().collect();
        let theirs = serde_json::from_str::<Value>(&text);
        match (Json::parse(&text), theirs) {
            (Ok(j), Ok(t)) => prop_assert!(same(&j, &t), "read differently: {}", text),
            (Err(_), Err(_)) => {}
            (Err(e), Ok(_)) => prop_assert_eq!(e.message, DUPLICATE, "refused, serde_json accepts: {}", text),
            (Ok(_), Err(e)) => prop_assert!(false, "accepted, serde_json refuses ({}): {}", e, text),
        }
    }
}

/// What a damage may put into a document: JSON's own characters and the starts of words.
const DAMAGE: [char; 26] = [
    '{', '}', '[', ']', '"', ',', ':', '\\', '0', '1', '9', '-', '+', '.', 'e', 'E', ' ', '\n',
    't', 'u', 'n', 'a', 'f', '\u{1}', '/', 'x',
];

/// The exact decimal digits of a double: `digits·10^exp`.
fn exact(x: f64) -> (Vec<u8>, i32) {
    let s = format!("{x:.1100e}");
    let (mantissa, e) = s.split_once('e').unwrap_or((&s, "0"));
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0');
    (digits.collect(), e.parse::<i32>().unwrap_or(0) - 1100)
}

/// The exact point half-way between two doubles, as digits and an exponent.
fn half_way(a: f64, b: f64) -> (String, i32) {
    let ((mut da, ea), (mut db, eb)) = (exact(a), exact(b));
    // To a common exponent, then (a + b)·5 / 10.
    let e = ea.min(eb);
    da.extend(std::iter::repeat_n(0, (ea - e) as usize));
    db.extend(std::iter::repeat_n(0, (eb - e) as usize));
    let len = da.len().max(db.len()) + 2;
    let pad = |d: Vec<u8>| {
        let mut v = vec![0; len - d.len()];
        v.extend(d);
        v
    };
    let (da, db) = (pad(da), pad(db));
    let mut sum = vec![0u8; len];
    let mut carry = 0;
    for i in (0..len).rev() {
        let s = da[i] + db[i] + carry;
        sum[i] = s % 10;
        carry = s / 10;
    }
    let mut carry = 0;
    for d in sum.iter_mut().rev() {
        let s = *d * 5 + carry;
        *d = s % 10;
        carry = s / 10;
    }
    let text: String = sum.iter().map(|d| char::from(b'0' + d)).collect();
    let text = text.trim_start_matches('0');
    (
        if text.is_empty() {
            "0".into()
        } else {
            text.into()
        },
        e - 1,
    )
}

/// `digits·10⁶ − 1`: with the exponent six lower, a decimal just below a positive `digits`,
/// far closer than any double's step.
fn below(digits: &str) -> String {
    let mut d: Vec<u8> = digits.bytes().collect();
    for b in d.iter_mut().rev() {
        if *b == b'0' {
            *b = b'9';
        } else {
            *b -= 1;
            break;
        }
    }
    d.extend(b"999999");
    let s = String::from_utf8(d).unwrap_or_default();
    s.trim_start_matches('0').to_owned()
}

#[test]
fn what_json_refuses_both_refuse() {
    for bad in [
        "",
        " ",
        "[1,]",
        "{\"a\":1,}",
        "[,1]",
        "01",
        "-01",
        "00",
        "1.",
        ".1",
        "+1",
        "1e",
        "1e+",
        "-",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        &format!("1{}", "0".repeat(400)),
        "'a'",
        "\"\\x41\"",
        "\"\\u12\"",
        "\"\\u+041\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"a\tb\"",
        "\"a\nb\"",
        "\"abc",
        "{a:1}",
        "{\"a\" 1}",
        "{\"a\":}",
        "[1 2]",
        "tru",
        "nul",
        "True",
        "[",
        "]",
        "1 2",
        "{\"a\":1}}",
        "/*x*/1",
        "1 // x",
        "\u{feff}1",
    ] {
        assert!(Json::parse(bad).is_err(), "we accept {bad:?}");
        assert!(
            serde_json::from_str::<Value>(bad).is_err(),
            "serde_json accepts {bad:?}"
        );
    }
}

#[test]
fn the_two_deliberate_differences() {
    for text in [
        "{\"a\": 1, \"a\": 2}".to_owned(),
        format!("{}1{}", "[".repeat(65), "]".repeat(65)),
    ] {
        assert!(Json::parse(&text).is_err(), "we accept {}", &text[..20]);
        assert!(serde_json::from_str::<Value>(&text).is_ok());
    }
    let deepest = format!("{}1{}", "[".repeat(64), "]".repeat(64));
    assert!(Json::parse(&deepest).is_ok());
}

#[test]
fn numbers_are_written_as_javascript_writes_them() {
    for (n, text) in [
        (12.0, "12"),
        (-3.0, "-3"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (9e12, "9000000000000"),
        (1.5e13, "15000000000000"),
        (123456789012345680.0, "123456789012345680"),
        (1e21, "1e+21"),
        (1.5e300, "1.5e+300"),
        (1e-6, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (5e-324, "5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        (-0.0, "0"),
    ] {
        assert_eq!(written(n), text);
    }
}
