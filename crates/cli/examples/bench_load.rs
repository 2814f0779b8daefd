//! `otsenka load` at a region's scale: N school files (made by `make_school_files`) loaded into
//! a PostgreSQL server of the benchmark's own, timed with `/usr/bin/time` (wall time, peak
//! memory), then loaded again (nothing changes), then the regional summary query — the mean %
//! per direction per academic year over every school — timed in the server.
//! `cargo run --release -p otsenka-cli --example bench_load -- 40000 DIR` after
//! `cargo build --release -p otsenka-cli` (the binary it runs is `target/release/otsenka`).
//! Prints `BENCH` lines for `cargo xtask bench`.

use std::path::Path;
use std::process::Command;

#[path = "../../exchange/tests/support/postgres.rs"]
mod support;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = args.get(1).map_or("target/bench-load", String::as_str);
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/otsenka");
    assert!(
        bin.is_file(),
        "{} is not built: cargo build --release -p otsenka-cli",
        bin.display()
    );
    let made = Command::new("cargo")
        .args([
            "run",
            "-q",
            "--release",
            "-p",
            "otsenka-cli",
            "--example",
            "make_school_files",
            "--",
            &count.to_string(),
            dir,
        ])
        .status()
        .unwrap_or_else(|e| panic!("cannot start cargo: {e}"));
    assert!(made.success(), "make_school_files failed");
    let pg = support::Postgres::start();
    let db = pg.conninfo();
    let timed = |what: &str| -> (f64, u64) {
        let out = Command::new("/usr/bin/time")
            .args(["-f", "TIME %e %M"])
            .arg(&bin)
            .args(["load", "--db", &db, dir])
            .output()
            .unwrap_or_else(|e| panic!("cannot run /usr/bin/time: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        println!("{what}: {}", String::from_utf8_lossy(&out.stdout).trim());
        assert!(out.status.success(), "otsenka load failed: {stderr}");
        let line = stderr
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("TIME "))
            .unwrap_or_else(|| panic!("no timing in {stderr}"));
        let mut parts = line.split_whitespace();
        let seconds: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
        let kb: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        (seconds, kb)
    };
    let (first, first_kb) = timed("first load");
    let (again, _) = timed("second load");
    let query = "SELECT template_id, academic_year, section_id, round(avg(pct), 1), count(*) \
                 FROM otsenka_section_pct GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
    let rows = pg.psql(&["-c", query]);
    assert_eq!(rows.lines().count(), 8, "one row per direction: {rows}");
    // The server's own execution time, the cache warm (the query just ran).
    let plan = pg.psql(&["-c", &format!("EXPLAIN ANALYZE {query}")]);
    let query_ms: f64 = plan
        .lines()
        .find_map(|l| l.trim().strip_prefix("Execution Time: "))
        .and_then(|t| t.trim_end_matches(" ms").parse().ok())
        .unwrap_or_else(|| panic!("no execution time in {plan}"));
    let files = count as f64;
    println!(
        "BENCH\tregion's database (native)\t`otsenka load`, {count} school files, first load\t{first:.1}\ts"
    );
    println!(
        "BENCH\tregion's database (native)\tfiles per second, first load\t{:.0}\tfiles/s",
        files / first.max(0.001)
    );
    println!(
        "BENCH\tregion's database (native)\tpeak memory of `otsenka load`\t{:.0}\tMB",
        first_kb as f64 / 1024.0
    );
    println!(
        "BENCH\tregion's database (native)\tthe same files again (nothing written)\t{again:.1}\ts"
    );
    println!(
        "BENCH\tregion's database (native)\tregional summary query (mean % per direction, {count} schools)\t{query_ms:.0}\tms"
    );
}
