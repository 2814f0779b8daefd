//! How the readers a file reaches grow with hostile input: each case at 1×, 10× and 100× of
//! its size, timed (median of a few runs, release build), with the ratio to the 1× time so a
//! quadratic reader shows as ~100× per step instead of ~10×.
//!
//! `cargo run --release -p otsenka-model --example bench_hostile` (`cargo xtask bench` runs
//! it and puts the lines into docs/benchmarks.md).
//!
//! Cases: the JSON reader on one object of many keys (3.6 MB at 100×, the size that froze a
//! release build for over 20 s before keys were indexed); a template whose items form one
//! chain of conditions (each item shown when the next is answered; validated, then scored);
//! the pattern matcher on a long answer (`[^;]*`, 80 000 characters at 100×).

use std::hint::black_box;
use std::time::{Duration, Instant};

use model::{evaluate, Assessment, Json, Pattern, Template};

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn report(
    group: &str,
    case: &str,
    sizes: [usize; 3],
    unit: &str,
    time: impl Fn(usize) -> Duration,
) {
    let mut first = None;
    for n in sizes {
        let t = time(n);
        let ms = t.as_secs_f64() * 1000.0;
        let ratio = first.map_or(1.0, |f: f64| ms / f.max(1e-6));
        first.get_or_insert(ms);
        println!("BENCH\t{group}\t{case}, {n} {unit} (×{ratio:.0} the first)\t{ms:.2}\tms\t");
    }
}

fn keys_object(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"key{i:06}\":{i}")).collect();
    format!("{{{}}}", keys.join(","))
}

fn chain_template(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let cond = if i + 1 < n {
                format!(r#", "visible_if": "[i{}] >= 0""#, i + 1)
            } else {
                String::new()
            };
            format!(r#"{{"id": "i{i}", "label": "Ч", "kind": "number"{cond}}}"#)
        })
        .collect();
    format!(
        r#"{{"format": 1, "id": "t", "version": "1", "title": "Т",
            "sections": [{{"id": "s", "title": "Р", "items": [{}]}}]}}"#,
        items.join(",")
    )
}

fn main() {
    report(
        "hostile input (native)",
        "JSON reader, one object",
        [3_600, 36_000, 360_000],
        "keys",
        |n| {
            let text = keys_object(n);
            median(5, || {
                black_box(Json::parse(black_box(&text)).is_ok());
            })
        },
    );
    report(
        "hostile input (native)",
        "template chain of conditions, validate + score",
        [50, 500, 5_000],
        "items",
        |n| {
            let text = chain_template(n);
            median(5, || {
                let Ok(t) = Template::from_json(&text) else {
                    panic!("the chain template is valid");
                };
                let mut a = Assessment::new("a".into(), &t, "2026-12-02T00:00:00Z".into());
                for item in t.items() {
                    a.update_answer(&item.id, |x| x.value = "1".into());
                }
                black_box(evaluate(&t, &a).criteria);
            })
        },
    );
    report(
        "hostile input (native)",
        "pattern [^;]* on one answer",
        [800, 8_000, 80_000],
        "chars",
        |n| {
            let Ok(p) = Pattern::new("[^;]*") else {
                panic!("the pattern compiles");
            };
            let text = "ж".repeat(n);
            median(5, || {
                black_box(p.matches(black_box(&text)));
            })
        },
    );
}
