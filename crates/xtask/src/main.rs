//! `cargo xtask serve | test`: the two commands a newcomer runs on a fresh machine.
//!
//! Both first install whatever is missing, idempotently (each tool's version is checked
//! before anything is installed) and only from the package registries: crates.io for trunk
//! and wasm-bindgen-cli, npm for wasm-opt and the browser drivers, Debian for the browsers. Nothing is
//! downloaded from anywhere else, because on these machines nothing else is reachable.
//!
//! `test` runs every check in order, stops at the first failure and ends with the line
//! `N passed, M failed` (N counts individual tests plus one per gate such as fmt or clippy).
//!
//! `hall [ARGS…]` builds the release bundle and starts `otsenka hall ARGS…` with the bundle
//! built into the binary (`OTSENKA_HALL_APP`, read by `crates/cli/build.rs`).
//!
//! `bench` measures the app in throttled headless Chromium (load, interaction, memory; a
//! first visit on a slow line that throttles the service worker's precache too, and an
//! update's bytes: tests/e2e/bench-link.mjs), times the scoring core natively (a 500-item
//! template, release build), the CSV export and import natively and in headless Chromium
//! (10 000 МСОКО assessments), `otsenka load` of 40 000 school files into a PostgreSQL server of its own, `otsenka hall` under 80
//! simulated phones (with a kill -9 half-way), and, when a release
//! bundle is in `dist/`, prints its size table.

mod tidy;
mod toolchain;

use std::env;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{exit, Command, ExitStatus, Stdio};
use std::time::Instant;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// WebKitGTK's test browser: Debian ships it in `libwebkit2gtk-4.1-0`, which
/// `webkit2gtk-driver` depends on; tests/e2e/engines.mjs looks for it at the same path.
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("tidy") => tidy::run(&root()),
        Some("install") => Tools::ensure(true).map(|_| ()),
        Some("dist") => Tools::ensure(false).and_then(|tools| release_build(&tools, &root())),
        Some("hall") => hall(&args[1..]),
        Some("bench") => bench(),
        Some("fuzz") => {
            let seconds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(600);
            Tools::ensure(true).and_then(|tools| fuzz(&tools, &root(), seconds))
        }
        _ => {
            eprintln!(
                "usage:\n  cargo xtask serve [--port N]   install tools, build the release bundle, serve it\n  \
                 cargo xtask test               install tools and run every check\n  \
                 cargo xtask tidy               check the layers (which crate may depend on which)\n  \
                 cargo xtask install            only install the tools\n  \
                 cargo xtask dist               install tools, build the release bundle into dist/ (to deploy)\n  \
                 cargo xtask hall [ARGS…]       build the bundle into the hall server and start it (otsenka hall ARGS…)\n  \
                 cargo xtask bench              build the release bundle and run every benchmark\n  \
                 cargo xtask fuzz [SECONDS]     run every fuzz target SECONDS each (default 600)"
            );
            exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: {e}");
        exit(1);
    }
}

type Result<T> = std::result::Result<T, String>;

fn root() -> PathBuf {
    // crates/xtask → the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Paths of the installed tools, and the environment every step runs with.
struct Tools {
    path: String,
}

impl Tools {
    /// Installs what is missing. `browser` adds what only the tests need: Chromium,
    /// ChromeDriver and Playwright, Firefox ESR, WebKitGTK's driver and Xvfb, LibreOffice,
    /// PostgreSQL and Python, and cargo-fuzz.
    fn ensure(browser: bool) -> Result<Tools> {
        let started = Instant::now();
        let root = root();
        let cargo_bin = env::var("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|_| env::var("HOME").map(|h| Path::new(&h).join(".cargo")))
            .map(|p| p.join("bin"))
            .unwrap_or_default();
        let npm_bin = root.join("tools/node_modules/.bin");
        let path = format!(
            "{}:{}:{}",
            npm_bin.display(),
            cargo_bin.display(),
            env::var("PATH").unwrap_or_default()
        );
        let tools = Tools { path };
        toolchain::check_node(&tools)?;

        let installed = output("rustup", &["target", "list", "--installed"], &tools)?;
        if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
            tools.run("rustup", &["target", "add", WASM_TARGET], &root)?;
        }

        if !version_of("trunk", &tools).contains(&format!("trunk {TRUNK_VERSION}")) {
            let spec = format!("trunk@{TRUNK_VERSION}");
            tools.cargo_install(&[&spec, "--locked"], &root)?;
        }

        toolchain::ensure_wasm_bindgen(&tools, &root)?;

        tools.npm_ci(&root.join("tools"))?;
        if !version_of("wasm-opt", &tools).contains("version 132") {
            return Err("wasm-opt 132 is not on PATH after npm ci in tools/".into());
        }

        if browser {
            // The CSV importer's fuzzer (crates/exchange/fuzz).
            if !version_of("cargo-fuzz", &tools).contains("cargo-fuzz 0.13") {
                tools.cargo_install(&["cargo-fuzz@0.13.2", "--locked"], &root)?;
            }
            // Never a password prompt: without root, sudo only if it needs none.
            let sudo: &[&str] = if is_root() { &[] } else { &["sudo", "-n"] };
            let apt = |args: &[&str]| -> Result<()> {
                let mut full: Vec<&str> = sudo.to_vec();
                full.push("apt-get");
                full.extend_from_slice(args);
                tools.run(full[0], &full[1..], &root)
            };
            let mut updated = false;
            let mut install = |packages: &[&str]| -> Result<()> {
                if !updated {
                    apt(&["update"])?;
                    updated = true;
                }
                apt(&[&["install", "-y"][..], packages].concat())
            };
            if which("chromium", &tools).is_none() || which("chromedriver", &tools).is_none() {
                // With recommended packages (fonts among them), as verified on these machines.
                install(&["chromium", "chromium-driver"])?;
            }
            // The real clients of the CSV export (crates/exchange/tests/clients.rs).
            if which("soffice", &tools).is_none() {
                install(&["--no-install-recommends", "libreoffice-calc-nogui"])?;
            }
            if !has_postgres_server() || which("psql", &tools).is_none() {
                install(&["postgresql"])?;
            }
            if which("python3", &tools).is_none() {
                install(&["python3"])?;
            }
            // The printed report's PDF is read back as text (tests/e2e/report.test.mjs).
            if which("pdftotext", &tools).is_none() {
                install(&["--no-install-recommends", "poppler-utils"])?;
            }
            // The core journeys in the other engines (tests/e2e/other-browsers.test.mjs):
            // Firefox ESR, and WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb
            // (MiniBrowser has no headless mode).
            if which("firefox-esr", &tools).is_none() {
                install(&["firefox-esr"])?;
            }
            if which("WebKitWebDriver", &tools).is_none() || !Path::new(MINIBROWSER).is_file() {
                install(&["webkit2gtk-driver"])?;
            }
            if which("Xvfb", &tools).is_none() {
                install(&["--no-install-recommends", "xvfb"])?;
            }
            tools.npm_ci(&root.join("tests/e2e"))?;
        }
        eprintln!("xtask: tools ready in {:.0?}", started.elapsed());
        Ok(tools)
    }

    /// `npm ci` unless node_modules already matches the committed lock file.
    fn npm_ci(&self, dir: &Path) -> Result<()> {
        let lock = std::fs::read(dir.join("package-lock.json"))
            .map_err(|e| format!("{}: {e}", dir.join("package-lock.json").display()))?;
        let stamp = dir.join("node_modules/.otsenka-lock");
        if std::fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
            return Ok(());
        }
        self.run("npm", &["ci", "--no-audit", "--no-fund"], dir)?;
        std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))
    }

    /// `cargo install` tuned for build time: these tools are run a few times per build, so
    /// fat LTO and a single codegen unit (trunk's own release settings) buy nothing here but
    /// cost minutes on a fresh 2-core machine.
    fn cargo_install(&self, args: &[&str], dir: &Path) -> Result<()> {
        eprintln!("$ cargo install {}", args.join(" "));
        let status = self
            .command("cargo", &[&["install"][..], args].concat(), dir)
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .status()
            .map_err(|e| format!("cannot start cargo install: {e}"))?;
        check(status, "cargo install")
    }

    fn command(&self, program: &str, args: &[&str], dir: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(dir)
            .env("PATH", &self.path)
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            );
        cmd
    }

    fn run(&self, program: &str, args: &[&str], dir: &Path) -> Result<()> {
        eprintln!("$ {program} {}", args.join(" "));
        let status = self
            .command(program, args, dir)
            .status()
            .map_err(|e| format!("cannot start {program}: {e}"))?;
        check(status, program)
    }
}

fn check(status: ExitStatus, what: &str) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Whether a PostgreSQL server's `initdb` is installed (Debian keeps it off PATH).
fn has_postgres_server() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(std::result::Result::ok)
                .any(|e| e.path().join("bin/initdb").is_file())
        })
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn output(program: &str, args: &[&str], tools: &Tools) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .env("PATH", &tools.path)
        .output()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn version_of(program: &str, tools: &Tools) -> String {
    output(program, &["--version"], tools).unwrap_or_default()
}

fn which(program: &str, tools: &Tools) -> Option<PathBuf> {
    tools
        .path
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
}

/// The version of `name` recorded in Cargo.lock.
fn locked_version(root: &Path, name: &str) -> Result<String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_owned());
            }
        }
    }
    Err(format!("{name} is not in Cargo.lock"))
}

fn release_build(tools: &Tools, root: &Path) -> Result<()> {
    // Trunk runs cargo offline (it must not download tools); fetch the crates first.
    tools.run("cargo", &["fetch"], root)?;
    tools.run("trunk", &["build", "--release"], root)
}

fn serve(args: &[String]) -> Result<()> {
    let port = match args {
        [] => "8080".to_owned(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    let root = root();
    let tools = Tools::ensure(false)?;
    release_build(&tools, &root)?;
    let server = root.join("tests/e2e/server.mjs");
    let server = server.to_string_lossy();
    tools.run("node", &[&server, "dist", &port], &root)
}

/// Builds the release bundle and starts the hall server with it inside (`otsenka hall`).
/// The server is the dev profile: its dependencies are built at opt-level 1, fast enough for a
/// hall (docs/benchmarks.md), and a panic in one request ends that request only, where the
/// release profile's `panic = "abort"` would stop the server.
fn hall(args: &[String]) -> Result<()> {
    let root = root();
    let tools = Tools::ensure(false)?;
    release_build(&tools, &root)?;
    let dist = root.join("dist");
    let manifest = root.join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    let mut command = tools.command(
        "cargo",
        &[
            "run",
            "--quiet",
            "--manifest-path",
            &manifest,
            "-p",
            "otsenka-cli",
            "--",
            "hall",
        ],
        &root,
    );
    // The journal's default place is the folder the person started this in.
    let here = env::current_dir().map_err(|e| e.to_string())?;
    command
        .args(args)
        .env("OTSENKA_HALL_APP", &dist)
        .current_dir(here);
    check(
        command.status().map_err(|e| format!("cargo run: {e}"))?,
        "otsenka hall",
    )
}

/// One figure of `cargo xtask bench`, read from a benchmark's
/// `BENCH<TAB>group<TAB>measure<TAB>value<TAB>unit<TAB>target` line.
struct Figure {
    group: String,
    measure: String,
    value: String,
    unit: String,
    target: String,
}

impl Figure {
    fn read(line: &str) -> Option<Figure> {
        let at = line.find("BENCH\t")?;
        let parts: Vec<&str> = line[at..].trim_end().split('\t').collect();
        match parts.as_slice() {
            ["BENCH", group, measure, value, unit, rest @ ..] => Some(Figure {
                group: (*group).to_owned(),
                measure: (*measure).to_owned(),
                value: (*value).to_owned(),
                unit: (*unit).to_owned(),
                target: rest.first().copied().unwrap_or("").to_owned(),
            }),
            _ => None,
        }
    }

    /// Whether the figure meets its target (every target is an upper bound); `None` without one.
    fn met(&self) -> Option<bool> {
        let target: f64 = self.target.parse().ok()?;
        // Sizes are "raw / gzip / brotli": the target is on the last.
        let value: f64 = self.value.rsplit('/').next()?.trim().parse().ok()?;
        Some(value <= target)
    }

    fn row(&self) -> String {
        let target = match self.met() {
            Some(met) => format!(
                "≤ {} {} {}",
                self.target,
                self.unit,
                if met { "met" } else { "**missed**" }
            ),
            None => String::new(),
        };
        format!(
            "| {} | {} | {} {} | {target} |",
            self.group, self.measure, self.value, self.unit
        )
    }
}

/// Runs a benchmark, passing its output through and keeping its `BENCH` lines.
fn measured(mut command: Command, what: &str, figures: &mut Vec<Figure>) -> Result<()> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            match Figure::read(&line) {
                Some(figure) => figures.push(figure),
                None => println!("{line}"),
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for {what}: {e}"))?;
    check(status, what)
}

/// What the figures were measured on, for docs/benchmarks.md.
fn machine(tools: &Tools) -> String {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or_else(String::new, |kb| format!(", {:.1} GiB RAM", kb / 1048576.0));
    let kernel = read("/proc/sys/kernel/osrelease");
    let chromium = version_of("chromium", tools);
    let rustc = version_of("rustc", tools);
    format!(
        "{cpu}, {cores} cores{memory}; Linux {}; {}; {}",
        kernel.trim(),
        chromium.trim(),
        rustc.trim()
    )
}

/// Builds the release bundle and measures it: sizes, load and interaction in throttled
/// headless Chromium, the scoring core, CSV export and import (native and in Chromium), the
/// municipality page on 1 000 files and workshop mode. Prints one table and writes it, with the
/// date and the machine, between the markers of docs/benchmarks.md.
fn bench() -> Result<()> {
    let root = root();
    let tools = Tools::ensure(true)?;
    let mut figures = Vec::new();
    let example = |package: &str, name: &str, args: &[&str]| {
        let mut command = tools.command(
            "cargo",
            &[
                &[
                    "run",
                    "--release",
                    "--quiet",
                    "--package",
                    package,
                    "--example",
                    name,
                    "--",
                ][..],
                args,
            ]
            .concat(),
            &root,
        );
        command.stderr(Stdio::inherit());
        command
    };
    eprintln!("\n== release build");
    release_build(&tools, &root)?;
    eprintln!("\n== bundle size (dist/)");
    measured(
        tools.command("node", &["tests/size.mjs", "dist", "--bench"], &root),
        "the size table",
        &mut figures,
    )
    .or_else(|e| {
        // Over the budget is the size gate's business (`cargo xtask test`); here the table
        // is the point, so the bench goes on.
        eprintln!("xtask: {e}: the size gate fails on this dist/");
        Ok::<(), String>(())
    })?;
    eprintln!("\n== the app in headless Chromium: load, interaction, autosave, memory");
    measured(
        tools.command("node", &["tests/e2e/bench-app.mjs"], &root),
        "the app benchmark",
        &mut figures,
    )?;
    eprintln!(
        "\n== a first visit on a slow line (the service worker's precache on it too), an update"
    );
    measured(
        tools.command("node", &["tests/e2e/bench-link.mjs"], &root),
        "the slow-line benchmark",
        &mut figures,
    )?;
    eprintln!("\n== scoring core, native release build");
    measured(
        example("otsenka-model", "bench_eval", &[]),
        "bench_eval",
        &mut figures,
    )?;
    eprintln!("\n== readers on hostile input (1×, 10×, 100×), native release build");
    measured(
        example("otsenka-model", "bench_hostile", &[]),
        "bench_hostile",
        &mut figures,
    )?;
    measured(
        example("otsenka-exchange", "bench_backup", &[]),
        "bench_backup",
        &mut figures,
    )?;
    eprintln!("\n== CSV export and import, native release build");
    measured(
        example("otsenka-exchange", "bench_csv", &[]),
        "bench_csv",
        &mut figures,
    )?;
    eprintln!("\n== CSV and template sheet readers at 1×, 10× and 100× of adversarial cases");
    measured(
        example("otsenka-exchange", "bench_csv_readers", &[]),
        "bench_csv_readers",
        &mut figures,
    )?;
    eprintln!("\n== workshop codes and the consolidated list, native release build");
    measured(
        example("otsenka-workshop", "bench_workshop", &[]),
        "bench_workshop",
        &mut figures,
    )?;
    eprintln!("\n== CSV export and import in headless Chromium (WebAssembly, release build)");
    let mut wasm = tools.command(
        "cargo",
        &[
            "test",
            "--release",
            "--package",
            "otsenka-exchange",
            "--target",
            WASM_TARGET,
            "--test",
            "wasm_bench",
            "--",
            "--nocapture",
        ],
        &root,
    );
    wasm.env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    measured(wasm, "the CSV benchmark in Chromium", &mut figures)?;
    eprintln!("\n== municipality page: 1 000 school files in headless Chromium");
    let schools = root.join("target/bench-schools");
    let schools = schools.to_string_lossy();
    let mut make = example("otsenka-cli", "make_school_files", &["1000", &schools]);
    check(
        make.status()
            .map_err(|e| format!("cannot start cargo: {e}"))?,
        "make_school_files",
    )?;
    measured(
        tools.command(
            "node",
            &["tests/e2e/bench-municipality.mjs", &schools, "1000"],
            &root,
        ),
        "the municipality benchmark",
        &mut figures,
    )?;
    eprintln!("\n== the region's database: `otsenka load` of 40 000 school files into PostgreSQL");
    let mut cli = tools.command(
        "cargo",
        &[
            "build",
            "--release",
            "--quiet",
            "-p",
            "otsenka-cli",
            "--bin",
            "otsenka",
        ],
        &root,
    );
    check(
        cli.status()
            .map_err(|e| format!("cannot start cargo: {e}"))?,
        "the release build of otsenka",
    )?;
    let files = root.join("target/bench-load");
    measured(
        example(
            "otsenka-cli",
            "bench_load",
            &["40000", &files.to_string_lossy()],
        ),
        "the load benchmark",
        &mut figures,
    )?;
    eprintln!(
        "\n== the hall server: 80 phones on the loopback for 60 s, then with a kill -9 half-way"
    );
    // The dev build, as `cargo xtask hall` runs it.
    let mut hall_bin = tools.command(
        "cargo",
        &["build", "--quiet", "-p", "otsenka-cli", "--bin", "otsenka"],
        &root,
    );
    check(
        hall_bin
            .status()
            .map_err(|e| format!("cannot start cargo: {e}"))?,
        "the dev build of otsenka",
    )?;
    measured(
        example("otsenka-cli", "bench_hall", &["60"]),
        "the hall benchmark",
        &mut figures,
    )?;
    eprintln!("\n== workshop mode: presenter render and QR decoding in headless Chromium");
    measured(
        tools.command("node", &["tests/e2e/bench-workshop.mjs"], &root),
        "the workshop benchmark",
        &mut figures,
    )?;

    let date = output("date", &["-u", "+%Y-%m-%d %H:%M UTC"], &tools)?;
    let mut table = vec![
        format!(
            "Last `cargo xtask bench`: {}; {}.",
            date.trim(),
            machine(&tools)
        ),
        String::new(),
        "| group | measure | figure | target |".to_owned(),
        "|---|---|---:|---|".to_owned(),
    ];
    table.extend(figures.iter().map(Figure::row));
    let table = table.join("\n");
    println!("\n{table}");
    let doc = root.join("docs/benchmarks.md");
    let text = std::fs::read_to_string(&doc).map_err(|e| format!("cannot read {doc:?}: {e}"))?;
    let (begin, end) = ("<!-- bench:begin -->", "<!-- bench:end -->");
    let (Some(a), Some(b)) = (text.find(begin), text.find(end)) else {
        return Err(format!("{doc:?} lacks the markers {begin} … {end}"));
    };
    let written = format!("{}{begin}\n{table}\n{}", &text[..a], &text[b..]);
    std::fs::write(&doc, written).map_err(|e| format!("cannot write {doc:?}: {e}"))?;
    eprintln!("\nxtask: the table is in docs/benchmarks.md");
    Ok(())
}

/// Tallies of a test run, read from the tools' own summary lines.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

impl Tally {
    fn read(&mut self, line: &str) {
        // cargo test / wasm-bindgen-test-runner: "test result: ok. 17 passed; 0 failed; …"
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                match words.as_slice() {
                    [.., n, "passed"] => self.passed += n.parse().unwrap_or(0),
                    [n, "failed"] => self.failed += n.parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
        // node --test (spec reporter): "ℹ pass 5" / "ℹ fail 0"
        let node = line.trim().trim_start_matches('ℹ').trim();
        if let Some(n) = node.strip_prefix("pass ") {
            self.passed += n.trim().parse().unwrap_or(0);
        } else if let Some(n) = node.strip_prefix("fail ") {
            self.failed += n.trim().parse().unwrap_or(0);
        }
    }
}

fn test() -> Result<()> {
    let started = Instant::now();
    let root = root();
    let tools = Tools::ensure(true)?;
    let mut total = Tally::default();
    let wasm = ["--target", WASM_TARGET];
    let steps: Vec<(&str, &str, Vec<&str>, bool)> = vec![
        (
            "format",
            "cargo",
            vec!["fmt", "--all", "--", "--check"],
            false,
        ),
        (
            "clippy (native crates)",
            "cargo",
            vec!["clippy", "--all-targets", "--", "-D", "warnings"],
            false,
        ),
        (
            "clippy (browser crates)",
            "cargo",
            [
                &[
                    "clippy",
                    "-p",
                    "otsenka-app",
                    "-p",
                    "otsenka-store",
                    "-p",
                    "otsenka-sheet-worker",
                    "-p",
                    "otsenka-municipality-page",
                    "-p",
                    "otsenka-web",
                    "-p",
                    "otsenka-report-page",
                    "-p",
                    "otsenka-workshop-page",
                    "-p",
                    "otsenka-qr-worker",
                    "--all-targets",
                ][..],
                &wasm,
                &["--", "-D", "warnings"],
            ]
            .concat(),
            false,
        ),
        ("native unit tests", "cargo", vec!["test"], true),
        (
            "real clients: LibreOffice, PostgreSQL, Python",
            "cargo",
            vec![
                "test",
                "-p",
                "otsenka-exchange",
                "--test",
                "clients",
                "--",
                "--ignored",
            ],
            true,
        ),
        (
            "the region's database: otsenka load into PostgreSQL",
            "cargo",
            vec![
                "test",
                "-p",
                "otsenka-cli",
                "--test",
                "load",
                "--",
                "--ignored",
            ],
            true,
        ),
        (
            "wasm tests in headless Chromium",
            "cargo",
            [&["test", "-p", "otsenka-store"][..], &wasm].concat(),
            true,
        ),
    ];
    let mut run_all = || -> Result<()> {
        eprintln!("\n== layers (cargo xtask tidy)");
        tidy::run(&root)?;
        total.passed += 1;
        for (name, program, args, counts_tests) in &steps {
            step(
                &tools,
                &root,
                name,
                program,
                args,
                *counts_tests,
                &mut total,
            )?;
        }
        fuzz(&tools, &root, FUZZ_SECONDS)?;
        total.passed += 1;
        eprintln!("\n== release build");
        release_build(&tools, &root)?;
        total.passed += 1;
        step(
            &tools,
            &root,
            "end-to-end tests (Chromium; the core journeys in Firefox ESR and WebKitGTK)",
            "node",
            &[
                "--test",
                "--test-reporter=spec",
                "--test-concurrency=1",
                "tests/e2e/",
            ],
            true,
            &mut total,
        )?;
        step(
            &tools,
            &root,
            "bundle size budget",
            "node",
            &["tests/size.mjs", "dist"],
            false,
            &mut total,
        )
    };
    let outcome = run_all();
    if outcome.is_err() && total.failed == 0 {
        total.failed = 1;
    }
    println!(
        "\n{} passed, {} failed ({:.0?})",
        total.passed,
        total.failed,
        started.elapsed()
    );
    outcome
}

/// How long `cargo xtask test` fuzzes each target; `cargo xtask fuzz SECONDS` for longer.
const FUZZ_SECONDS: u32 = 20;

/// The fuzz targets of `crates/exchange/fuzz` and where each one's seed corpus comes from:
/// (folder under the repository, file extension) pairs, every matching file copied in.
const FUZZ_TARGETS: [(&str, &[(&str, &str)]); 5] = [
    ("import", &[("crates/exchange/tests/fixtures/csv", "csv")]),
    (
        "template",
        &[
            ("crates/templates/data", "json"),
            ("crates/templates/data/archive", "json"),
        ],
    ),
    (
        "backup",
        &[
            ("crates/exchange/fuzz/seeds/backup", "json"),
            ("crates/templates/data", "json"),
        ],
    ),
    (
        "sheet",
        &[
            ("crates/templates/sheets", "csv"),
            ("crates/exchange/tests/fixtures/csv", "csv"),
        ],
    ),
    (
        "workshop",
        &[
            ("crates/exchange/fuzz/seeds/workshop", "txt"),
            ("crates/exchange/fuzz/seeds/workshop", "bin"),
        ],
    ),
];

/// Runs every fuzz target (libFuzzer with AddressSanitizer, through cargo-fuzz) for `seconds`
/// each, starting from its seed corpus: the CSV importer, the template JSON reader, the
/// backup reader, the template-sheet reader and workshop mode's code decoder. Any panic (a
/// broken invariant asserts), crash, leak or timeout fails. Prints `fuzz <target>: N runs`
/// for each. The stable toolchain is allowed the sanitizer flags by RUSTC_BOOTSTRAP.
fn fuzz(tools: &Tools, root: &Path, seconds: u32) -> Result<()> {
    let mut runs = Vec::new();
    for (target, seeds) in FUZZ_TARGETS {
        eprintln!("\n== fuzz {target} ({seconds} s)");
        let corpus = env::temp_dir().join(format!("otsenka-fuzz-{target}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&corpus);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        for (dir, ext) in seeds {
            let dir = root.join(dir);
            let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for entry in entries {
                let path = entry.map_err(|e| e.to_string())?.path();
                if path.is_file() && path.extension().is_some_and(|e| e == *ext) {
                    if let Some(name) = path.file_name() {
                        std::fs::copy(&path, corpus.join(name)).map_err(|e| e.to_string())?;
                    }
                }
            }
        }
        let corpus_arg = corpus.to_string_lossy().into_owned();
        let time = format!("-max_total_time={seconds}");
        let mut child = tools
            .command(
                "cargo",
                &[
                    "fuzz",
                    "run",
                    target,
                    &corpus_arg,
                    "--",
                    &time,
                    "-timeout=10",
                    "-rss_limit_mb=4096",
                    "-print_final_stats=1",
                ],
                &root.join("crates/exchange"),
            )
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_TARGET_DIR", root.join("target/fuzz"))
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
        // libFuzzer reports on stderr: passed through, and its run count kept (`#N DONE`, or
        // the last `#N` status line, or `stat::number_of_executed_units: N`).
        let mut count: Option<u64> = None;
        if let Some(err) = child.stderr.take() {
            for line in BufReader::new(err).lines().map_while(|l| l.ok()) {
                eprintln!("{line}");
                if let Some(n) = fuzz_runs(&line) {
                    count = Some(n);
                }
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("cannot wait for cargo fuzz: {e}"))?;
        let _ = std::fs::remove_dir_all(&corpus);
        let line = format!(
            "fuzz {target}: {} runs",
            count.map_or_else(|| "?".to_owned(), |n| n.to_string())
        );
        println!("{line}");
        runs.push(line);
        check(status, &format!("fuzzing {target}"))?;
    }
    eprintln!("\n{}", runs.join("\n"));
    Ok(())
}

/// The run count in one line of libFuzzer's output, if it has one.
fn fuzz_runs(line: &str) -> Option<u64> {
    if let Some(rest) = line.strip_prefix("stat::number_of_executed_units:") {
        return rest.trim().parse().ok();
    }
    let rest = line.strip_prefix('#')?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    let after = rest[end..].trim_start();
    let known = ["DONE", "INITED", "NEW", "REDUCE", "pulse", "RELOAD"];
    if known.iter().any(|k| after.starts_with(k)) {
        rest[..end].parse().ok()
    } else {
        None
    }
}

/// Runs one step, echoing its output and tallying its tests (or counting it as one check).
fn step(
    tools: &Tools,
    root: &Path,
    name: &str,
    program: &str,
    args: &[&str],
    counts_tests: bool,
    total: &mut Tally,
) -> Result<()> {
    eprintln!("\n== {name}\n$ {program} {}", args.join(" "));
    let mut child = tools
        .command(program, args, root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let mut tally = Tally::default();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            tally.read(&line);
        }
    }
    let status = child.wait().map_err(|e| format!("{program}: {e}"))?;
    if counts_tests {
        total.passed += tally.passed;
        total.failed += tally.failed;
        if status.success() && tally.passed == 0 {
            return Err(format!("{name}: no tests ran"));
        }
    } else if status.success() {
        total.passed += 1;
    }
    check(status, name)
}
