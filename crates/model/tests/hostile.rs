//! Templates made by a hostile hand, each standing for a class the validator and the scoring
//! core must survive: no stack overflow, no quadratic time, no id that breaks the files made
//! on the template. Scoring runs on a thread with the browser bundle's 256 KiB stack, so a
//! recursion that only the browser would feel fails here too.

use std::time::{Duration, Instant};

use model::{evaluate, Assessment, Json, Problem, Template, TemplateError, Visibility, MAX_ITEMS};

/// The app's wasm stack (app/build.rs links with `-zstack-size=262144`).
const WASM_STACK: usize = 256 * 1024;

fn template(items: &[String]) -> String {
    format!(
        r#"{{"format": 1, "id": "t", "version": "1", "title": "Проверка",
            "sections": [{{"id": "s", "title": "Раздел", "items": [{}]}}]}}"#,
        items.join(",")
    )
}

fn number(id: &str, visible_if: Option<&str>) -> String {
    let id = Json::Str(id.to_owned()).text();
    match visible_if {
        Some(c) => format!(
            r#"{{"id": {id}, "label": "Ч", "kind": "number", "visible_if": {}}}"#,
            Json::Str(c.to_owned()).text()
        ),
        None => format!(r#"{{"id": {id}, "label": "Ч", "kind": "number"}}"#),
    }
}

fn problem(text: &str) -> Problem {
    match Template::from_json(text) {
        Err(TemplateError::Invalid { problem, .. }) => problem,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Runs `f` on a thread with the browser's stack size.
fn on_wasm_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(WASM_STACK)
        .spawn(f)
        .and_then(|h| {
            h.join()
                .map_err(|_| std::io::Error::other("the thread panicked"))
        })
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn operator_chains_without_brackets_are_refused_at_the_template() {
    for op in ["+", "and", "or", "*"] {
        let chain = vec!["[a]"; 900].join(&format!(" {op} "));
        let cond = format!("{chain} > 1");
        let text = template(&[number("a", None), number("b", Some(&cond))]);
        assert!(
            matches!(problem(&text), Problem::ConditionSyntax { .. }),
            "a chain of `{op}` must be refused"
        );
    }
}

#[test]
fn the_longest_chain_accepted_evaluates_on_a_small_stack() {
    // 63 operators: the limit, a tree 63 levels tall (the comparison is the 64th).
    let cond = format!("{} > 1", vec!["[a]"; 63].join(" + "));
    let text = template(&[number("a", None), number("b", Some(&cond))]);
    let shown = on_wasm_stack(move || {
        let t = Template::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
        let mut a = Assessment::new("a".into(), &t, "2026-12-02T00:00:00Z".into());
        a.update_answer("a", |x| x.value = "1".into());
        Visibility::new(&t, &a).item("b")
    });
    assert!(shown, "63 × 1 > 1");
    let over = format!("{} > 1", vec!["[a]"; 65].join(" + "));
    let text = template(&[number("a", None), number("b", Some(&over))]);
    assert!(matches!(problem(&text), Problem::ConditionSyntax { .. }));
}

#[test]
fn a_chain_of_thousands_of_conditions_scores_on_a_small_stack() {
    // Each item is shown when the next one is answered: the longest path a template of
    // MAX_ITEMS items can have, forward and backward.
    for forward in [true, false] {
        let n = MAX_ITEMS;
        let items: Vec<String> = (0..n)
            .map(|i| {
                let other = if forward { i + 1 } else { i.wrapping_sub(1) };
                if other < n {
                    number(
                        &format!("i{i}"),
                        Some(&format!("[i{other}] >= 0 or [i{other}] < 0")),
                    )
                } else {
                    number(&format!("i{i}"), None)
                }
            })
            .collect();
        let text = template(&items);
        let shown = on_wasm_stack(move || {
            let t = Template::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
            let mut a = Assessment::new("a".into(), &t, "2026-12-02T00:00:00Z".into());
            for item in t.items() {
                a.update_answer(&item.id, |x| x.value = "1".into());
            }
            let results = evaluate(&t, &a);
            let vis = Visibility::new(&t, &a);
            let shown = t.items().filter(|i| vis.item(&i.id)).count();
            (shown, results.deficits.len())
        });
        assert_eq!(
            shown,
            (MAX_ITEMS, 0),
            "every item answered, so every item is shown"
        );
    }
}

#[test]
fn a_broken_chain_hides_everything_that_hangs_on_it() {
    let n = 3000;
    let items: Vec<String> = (0..n)
        .map(|i| {
            if i + 1 < n {
                number(&format!("i{i}"), Some(&format!("[i{}] >= 0", i + 1)))
            } else {
                number(&format!("i{i}"), None)
            }
        })
        .collect();
    let text = template(&items);
    let (with_last, without_last) = on_wasm_stack(move || {
        let t = Template::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
        let mut a = Assessment::new("a".into(), &t, "2026-12-02T00:00:00Z".into());
        for item in t.items() {
            a.update_answer(&item.id, |x| x.value = "1".into());
        }
        let count = |a: &Assessment| {
            let vis = Visibility::new(&t, a);
            t.items().filter(|i| vis.item(&i.id)).count()
        };
        let with_last = count(&a);
        a.update_answer(&format!("i{}", n - 1), |x| x.value = String::new());
        (with_last, count(&a))
    });
    assert_eq!(with_last, n);
    assert_eq!(
        without_last, 1,
        "only the last item, which depends on nothing, stays"
    );
}

#[test]
fn a_circle_of_conditions_is_still_refused() {
    let text = template(&[
        number("a", Some("[c] > 1")),
        number("b", Some("[a] > 1")),
        number("c", Some("[b] > 1")),
    ]);
    assert!(matches!(problem(&text), Problem::Cycle { .. }));
}

#[test]
fn an_object_of_many_keys_reads_in_linear_time() {
    // 200 000 distinct keys; a reader that compares each key with every earlier one makes
    // 2·10¹⁰ comparisons (minutes), a linear one well under a second even unoptimised.
    let keys: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": {i}")).collect();
    let text = format!("{{{}}}", keys.join(","));
    let started = Instant::now();
    let parsed = Json::parse(&text);
    assert!(matches!(parsed, Ok(Json::Obj(ref f)) if f.len() == 200_000));
    // A hang guard, not a speed test (the speed is `bench_hostile`'s in `cargo xtask bench`):
    // the quadratic reader takes minutes here, the linear one milliseconds, on any machine.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    // And a repeated key is still found, wherever it is.
    let repeated = format!("{{{}, \"k12345\": 1}}", keys.join(","));
    let err = Json::parse(&repeated).err().map(|e| e.message);
    assert_eq!(err, Some("a key that is not already in this object"));
}

#[test]
fn a_unicode_escape_is_four_hex_digits() {
    for bad in [
        r#""\u+041""#,
        r#""\u-041""#,
        r#""\u 041""#,
        r#""\u004""#,
        r#""\u00g1""#,
    ] {
        assert!(Json::parse(bad).is_err(), "{bad} must be refused");
    }
    assert_eq!(
        Json::parse(r#""\u0041\u0439""#).ok(),
        Some(Json::Str("Aй".into()))
    );
}

#[test]
fn ids_that_look_alike_or_are_invisible_are_refused() {
    for id in [
        "\u{200b}",  // zero-width space only
        "a\u{200b}", // with an invisible tail
        "\u{feff}a", // a byte-order mark inside
        "и\u{306}",  // «й» decomposed (NFD)
        "e\u{301}",  // «é» decomposed
        "a b",       // a space
        "a\u{a0}",   // a no-break space
        "a\tb",      // a tab
        "\u{202e}a", // a bidi override
        "a]",        // ends a [reference]
        "a;b",       // the CSV separator
        "\u{212b}",  // ANGSTROM SIGN, NFC of which is «Å»
    ] {
        let text = template(&[number(id, None)]);
        assert!(
            matches!(problem(&text), Problem::BadId { .. }),
            "{} must be refused",
            id.escape_unicode()
        );
    }
    for id in ["1.1.2", "r11.1", "п1.й", "a-b_c", "№5", "Ё"] {
        let text = template(&[number(id, None)]);
        assert!(Template::from_json(&text).is_ok(), "{id} is a fine id");
    }
}

#[test]
fn ids_that_make_a_csv_column_twice_are_refused_with_the_path() {
    let evidence = r#"{"id": "a", "label": "А", "kind": "number", "evidence": true}"#;
    let cases = [
        (
            vec![evidence.to_owned(), number("a_evidence", None)],
            "sections[0].items[1].id",
        ),
        (
            vec![number("row_checksum", None)],
            "sections[0].items[0].id",
        ),
        (vec![number("item_id", None)], "sections[0].items[0].id"),
        (vec![number("row_no", None)], "sections[0].items[0].id"),
        (
            vec![number("template_hash", None)],
            "sections[0].items[0].id",
        ),
        (vec![number("pct_total", None)], "sections[0].items[0].id"),
        (vec![number("pct_s", None)], "sections[0].id"),
    ];
    for (items, path) in cases {
        match Template::from_json(&template(&items)) {
            Err(TemplateError::Invalid {
                path: at,
                problem: Problem::ColumnClash { .. },
            }) => assert_eq!(at, path),
            other => panic!("{items:?}: expected a column clash at {path}, got {other:?}"),
        }
    }
    let field = r#"{"format": 1, "id": "t", "version": "1", "title": "П",
        "respondent": [{"id": "row_checksum", "label": "Х"}],
        "sections": [{"id": "s", "title": "Р", "items": [{"id": "a", "label": "А", "kind": "number"}]}]}"#;
    assert!(matches!(problem(field), Problem::ColumnClash { .. }));
}

#[test]
fn a_template_file_may_start_with_a_byte_order_mark() {
    let text = format!("\u{feff}{}", template(&[number("a", None)]));
    let t = Template::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.item_count(), 1);
}

#[test]
fn a_list_of_more_choices_than_anyone_reads_is_refused() {
    let choices: Vec<String> = (0..=model::MAX_CHOICES)
        .map(|i| format!(r#"{{"value": "v{i}", "label": "В{i}"}}"#))
        .collect();
    let item = format!(
        r#"{{"id": "m", "label": "М", "kind": "multi", "choices": [{}]}}"#,
        choices.join(",")
    );
    assert_eq!(problem(&template(&[item])), Problem::TooManyChoices);
}
