//! The backup reader on a large backup at 1×, 10× and 100×: 500, 5 000 and 50 000 assessments
//! (the last is ~30 MB, under the 64 MiB a backup may be), each record read and checked for a
//! repeated id. Prints `BENCH` lines (median of 3 runs, release build) with the ratio to the
//! first size, so a quadratic check shows as ~100× per step instead of ~10×.
//!
//! `cargo run --release -p otsenka-exchange --example bench_backup` (`cargo xtask bench`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use exchange::Backup;
use model::{Assessment, Template};

fn backup(template: &Template, n: usize) -> String {
    let assessments = (0..n)
        .map(|i| {
            let mut a = Assessment::new(
                format!("a{i:06}"),
                template,
                "2026-12-02T00:00:00.000Z".into(),
            );
            for item in template.items().take(8) {
                a.update_answer(&item.id, |x| x.evidence = format!("Приказ № {i}"));
            }
            a
        })
        .collect();
    Backup {
        created_at: "2026-12-02T00:00:00.000Z".into(),
        app_version: "0".into(),
        assessments,
        ..Backup::default()
    }
    .to_json()
}

fn main() {
    let Some(Ok(template)) = templates::by_id("msoko") else {
        panic!("МСОКО is built in");
    };
    let mut first: Option<f64> = None;
    for n in [500, 5_000, 50_000] {
        let text = backup(&template, n);
        let mut times: Vec<Duration> = (0..3)
            .map(|_| {
                let t = Instant::now();
                black_box(
                    Backup::read(black_box(&text))
                        .map(|b| b.assessments.len())
                        .ok(),
                );
                t.elapsed()
            })
            .collect();
        times.sort();
        let ms = times[1].as_secs_f64() * 1000.0;
        let ratio = first.map_or(1.0, |f| ms / f.max(1e-6));
        first.get_or_insert(ms);
        let mb = text.len() as f64 / 1e6;
        println!(
            "BENCH\thostile input (native)\tbackup reader, {n} assessments, {mb:.1} MB (×{ratio:.0} the first)\t{ms:.1}\tms\t"
        );
    }
}
