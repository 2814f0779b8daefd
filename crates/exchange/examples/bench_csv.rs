//! Native benchmark of the CSV contract: 10 000 МСОКО assessments × 72 criteria exported and
//! imported in each layout and profile. Prints a Markdown table: file size, export and import
//! time (median of RUNS), and throughput in MB/s.
//!
//! `cargo run --release -p otsenka-exchange --example bench_csv [-- COUNT RUNS]` (`cargo xtask
//! bench` runs it). Wall-clock timings: run it on an idle machine.

use std::time::{Duration, Instant};

use exchange::{export, import_files, ExportMeta, Layout, Profile};

#[path = "../benches/sample.rs"]
mod sample;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let count = args.first().copied().unwrap_or(10_000);
    let runs = args.get(1).copied().unwrap_or(3).max(1);
    let template = match templates::by_id("msoko") {
        Some(Ok(t)) => t,
        other => panic!("МСОКО must load: {other:?}"),
    };
    let list = sample::sample(&template, count);
    let meta = ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
    };
    println!(
        "{count} МСОКО assessments × {} criteria, median of {runs} runs",
        template.item_count()
    );
    println!();
    println!("| layout | profile | file MB | export ms | export MB/s | import ms | import MB/s |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (layout, profile) in [
        (Layout::Wide, Profile::ExcelRu),
        (Layout::Wide, Profile::ExcelCp1251),
        (Layout::Wide, Profile::Rfc4180),
        (Layout::Long, Profile::Rfc4180),
    ] {
        let mut bytes = Vec::new();
        let mut exports = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            bytes =
                export(&template, &list, layout, profile, &meta).unwrap_or_else(|e| panic!("{e}"));
            exports.push(start.elapsed());
        }
        let mut imports = Vec::new();
        let mut note = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            let got = import_files(&[("bench.csv", &bytes)], std::slice::from_ref(&template));
            imports.push(start.elapsed());
            match got.refused.first() {
                // A long file past the size limit is refused at once: say so beside the figure.
                Some((_, problems)) => note = format!(" (refused: {})", problems[0].what),
                None => assert_eq!(got.assessments.len(), count),
            }
        }
        let mb = bytes.len() as f64 / 1e6;
        let (e, i) = (median(exports), median(imports));
        // One line per figure for `cargo xtask bench`'s table.
        let what = format!(
            "{count} МСОКО assessments, {} {}",
            layout.name(),
            profile.name()
        );
        println!(
            "BENCH\tCSV (native)\texport, {what} ({mb:.1} MB)\t{:.0}\tms\t",
            e.as_secs_f64() * 1e3
        );
        if note.is_empty() {
            println!(
                "BENCH\tCSV (native)\timport, {what}\t{:.0}\tms\t",
                i.as_secs_f64() * 1e3
            );
        }
        let import = if note.is_empty() {
            format!("{:.0} | {:.0}", i.as_secs_f64() * 1e3, mb / i.as_secs_f64())
        } else {
            format!("—{note} | —")
        };
        println!(
            "| {} | {} | {mb:.1} | {:.0} | {:.0} | {import} |",
            layout.name(),
            profile.name(),
            e.as_secs_f64() * 1e3,
            mb / e.as_secs_f64(),
        );
    }
}
