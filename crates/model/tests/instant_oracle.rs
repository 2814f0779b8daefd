//! `model::instant_ms` against `jiff` on random RFC 3339 timestamps: what one reads the other
//! reads as the same instant, and what one refuses (a 31st of November, a 29th of February
//! outside a leap year, month 13, minute 60) the other refuses too.

use model::{cmp_instants, instant_ms};
use proptest::prelude::*;

fn stamp() -> impl Strategy<Value = String> {
    (
        (0u32..=9999, 0u32..=13, 0u32..=32),
        (0u32..=24, 0u32..=60, 0u32..=59),
        prop::option::of("[0-9]{1,3}"),
        prop_oneof![
            Just("Z".to_string()),
            (prop::bool::ANY, 0u32..=23, 0u32..=59).prop_map(|(minus, h, m)| format!(
                "{}{h:02}:{m:02}",
                if minus { '-' } else { '+' }
            )),
        ],
    )
        .prop_map(|((y, mo, d), (h, mi, s), frac, offset)| {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{offset}")
        })
}

fn oracle(text: &str) -> Option<i64> {
    text.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn reads_what_jiff_reads_and_refuses_what_it_refuses(text in stamp()) {
        prop_assert_eq!(instant_ms(&text), oracle(&text), "{}", text);
    }

    #[test]
    fn orders_as_jiff_orders(a in stamp(), b in stamp()) {
        if let (Some(x), Some(y)) = (oracle(&a), oracle(&b)) {
            let ours = cmp_instants(&a, &b);
            if x == y {
                // The same instant written two ways: ordered by text, so the order is total.
                prop_assert_eq!(ours, a.cmp(&b));
            } else {
                prop_assert_eq!(ours, x.cmp(&y));
            }
        }
    }
}

#[test]
fn the_oracle_refuses_some_and_reads_some() {
    // The generator must reach both sides, or the property above says nothing.
    let refused = [
        "2026-11-31T09:00:00Z",
        "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
    ];
    for t in refused {
        assert_eq!(oracle(t), None, "{t}");
        assert_eq!(instant_ms(t), None, "{t}");
    }
    assert_eq!(
        instant_ms("2026-11-20T12:00:00.123+03:00"),
        oracle("2026-11-20T12:00:00.123+03:00")
    );
    assert!(instant_ms("0000-03-01T00:00:00Z").is_some());
}
