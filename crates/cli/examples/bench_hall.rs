//! `otsenka hall` under a hall's load, on the loopback: 80 simulated phones join, then each
//! sends 20 items and 5 dot-votes (25 contributions, each the phone's whole answers so far)
//! spread over 60 s, while the facilitator's page long-polls the board. Measured: send → the
//! facilitator's board update (p50, p95), the server's CPU time and peak memory, and items
//! lost (what the phones were told was kept, missing from the board at the end). A second run
//! kills the server (`SIGKILL`) half-way and starts it again on the same journal and port; the
//! phones resend what did not get an answer.
//!
//! `cargo run --release -p otsenka-cli --example bench_hall -- [SECONDS] [BIN]` after
//! `cargo build -p otsenka-cli --bin otsenka` (the dev build `cargo xtask hall` runs; BIN
//! defaults to `target/debug/otsenka`). Prints `BENCH` lines for `cargo xtask bench`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use workshop::{wire, Answer, Board, Contribution, Kind, Question, Rules, Session};

const PHONES: u32 = 80;
const ITEMS: u32 = 20;
const VOTES: u32 = 5;
const GROUPS: u16 = 8;
const OPTIONS: u16 = 12;

struct Server {
    child: Child,
    secret: String,
    code: String,
    port: u16,
}

fn start(bin: &Path, journal: &Path, port: u16) -> Server {
    let mut child = Command::new(bin)
        .args(["hall", "--api-only", "--listen", "127.0.0.1"])
        .args(["--port", &port.to_string(), "--joins-per-minute", "1000"])
        .arg("--journal")
        .arg(journal)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let (mut code, mut facilitator) = (None, None);
    while facilitator.is_none() {
        let line = lines.next().expect("the addresses").expect("text");
        if line.contains("/j/") && code.is_none() {
            code = line.rsplit("/j/").next().map(str::to_owned);
        }
        if line.contains("#hall=") {
            facilitator = Some(line.trim().to_owned());
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let facilitator = facilitator.expect("the facilitator's address");
    let (base, secret) = facilitator
        .split_once("/workshop.html#hall=")
        .expect("an address");
    let port = base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    Server {
        child,
        secret: secret.to_owned(),
        code: code.expect("a join code"),
        port,
    }
}

/// (user + system CPU seconds, peak resident MB) of a running process.
fn usage(pid: u32) -> (f64, f64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    (ticks / 100.0, kb / 1024.0)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn session() -> Session {
    let mut s = Session::new(
        77,
        (1..=GROUPS).map(|g| format!("Группа {g}")).collect(),
        vec![
            Question {
                text: "Проблемы".into(),
                kind: Kind::List,
                options: Vec::new(),
            },
            Question {
                text: "Голосование".into(),
                kind: Kind::Dots,
                options: (1..=OPTIONS).map(|o| format!("Вариант {o}")).collect(),
            },
        ],
    );
    s.rules = Rules {
        votes: VOTES as u16,
        items: 1000,
    };
    s
}

type Sent = Arc<Mutex<HashMap<(u32, u32), Instant>>>;

/// Posts until the server answers (a restart in between: the same revision again).
fn post(base: &Mutex<String>, path: &str, headers: &[(&str, &str)], body: &str) -> Value {
    let agent = agent();
    loop {
        let url = format!("{}{path}", base.lock().expect("base").clone());
        let mut r = agent.post(&url).header("Content-Type", "application/json");
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        if let Ok(mut response) = r.send(body) {
            let status = response.status().as_u16();
            let text = response.body_mut().read_to_string().unwrap_or_default();
            assert_eq!(status, 200, "{path}: {text}");
            return serde_json::from_str(&text).expect("JSON");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn phone(n: u32, seconds: f64, base: Arc<Mutex<String>>, code: String, sent: Sent) {
    let group = (n % u32::from(GROUPS)) as u16;
    let joined = post(
        &base,
        "/api/join",
        &[],
        &json!({ "code": code, "group": group }).to_string(),
    );
    let token = joined["token"].as_str().expect("a token").to_owned();
    let device = u32::try_from(joined["device"].as_u64().expect("a device")).expect("u32");
    let bearer = format!("Bearer {token}");
    let sends = ITEMS + VOTES;
    let gap = seconds / f64::from(sends);
    // Phones start spread over the first gap, so that they do not all send at once.
    let offset = gap * f64::from(n) / f64::from(PHONES);
    let began = Instant::now();
    let mut c = Contribution {
        session: 77,
        device,
        group,
        revision: 0,
        answers: Vec::new(),
    };
    let (mut items, mut dots) = (Vec::new(), Vec::new());
    for s in 0..sends {
        let at = Duration::from_secs_f64(offset + gap * f64::from(s));
        if let Some(wait) = at.checked_sub(began.elapsed()) {
            std::thread::sleep(wait);
        }
        if s < ITEMS {
            items.push(format!("Пункт {s} участника {n}: нехватка {}", n * 31 + s));
        } else {
            dots.push((((n + s) % u32::from(OPTIONS)) as u16, 1u8));
            dots.sort_unstable();
        }
        c.revision += 1;
        c.answers = vec![(0, Answer::Items(items.clone()))];
        if !dots.is_empty() {
            c.answers.push((1, Answer::Dots(dots.clone())));
        }
        let body = json!({ "code": wire::base45_encode(&wire::contribution_bytes(&c)) });
        sent.lock()
            .expect("sent")
            .insert((device, c.revision), Instant::now());
        post(
            &base,
            "/api/contribution",
            &[("Authorization", &bearer)],
            &body.to_string(),
        );
    }
}

struct Run {
    latencies: Vec<f64>,
    cpu: f64,
    memory: f64,
    lost_items: i64,
    lost_votes: i64,
    restarts: u32,
}

fn run(bin: &Path, seconds: f64, restart: bool) -> Run {
    let journal = std::env::temp_dir().join(format!(
        "otsenka-bench-hall-{}-{restart}.sqlite",
        std::process::id()
    ));
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{end}", journal.display()));
    }
    let mut server = start(bin, &journal, 0);
    let base = Arc::new(Mutex::new(format!("http://127.0.0.1:{}", server.port)));
    let secret = server.secret.clone();
    post(
        &base,
        "/api/session",
        &[("X-Hall-Secret", &secret)],
        &json!({ "code": wire::base45_encode(&wire::session_bytes(&session())) }).to_string(),
    );
    let sent: Sent = Arc::default();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let done = Arc::new(AtomicBool::new(false));
    let poller = {
        let (base, sent, latencies, done, secret) = (
            base.clone(),
            sent.clone(),
            latencies.clone(),
            done.clone(),
            secret.clone(),
        );
        std::thread::spawn(move || {
            let agent = agent();
            let mut since = 0i64;
            while !done.load(Ordering::Relaxed) {
                let url = format!(
                    "{}/api/board?since={since}&wait=2",
                    base.lock().expect("base")
                );
                let Ok(mut r) = agent.get(&url).header("X-Hall-Secret", &secret).call() else {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                };
                let got = Instant::now();
                let said: Value =
                    serde_json::from_str(&r.body_mut().read_to_string().unwrap_or_default())
                        .unwrap_or_default();
                for e in said["entries"].as_array().into_iter().flatten() {
                    since = since.max(e["seq"].as_i64().unwrap_or(since));
                    let Some(c) = e["code"]
                        .as_str()
                        .and_then(wire::base45_decode)
                        .and_then(|b| wire::read_contribution(&b).ok())
                    else {
                        continue;
                    };
                    if let Some(at) = sent.lock().expect("sent").get(&(c.device, c.revision)) {
                        let ms = got.duration_since(*at).as_secs_f64() * 1000.0;
                        latencies.lock().expect("latencies").push(ms);
                    }
                }
            }
        })
    };
    let phones: Vec<_> = (0..PHONES)
        .map(|n| {
            let (base, code, sent) = (base.clone(), server.code.clone(), sent.clone());
            std::thread::spawn(move || phone(n, seconds, base, code, sent))
        })
        .collect();
    let (mut cpu, mut memory, mut restarts) = (0.0, 0.0f64, 0);
    if restart {
        std::thread::sleep(Duration::from_secs_f64(seconds / 2.0));
        let (c, m) = usage(server.child.id());
        cpu += c;
        memory = memory.max(m);
        let _ = server.child.kill();
        let _ = server.child.wait();
        let port = server.port;
        server = start(bin, &journal, port);
        restarts += 1;
    }
    for p in phones {
        p.join().expect("a phone");
    }
    // The last updates reach the poller within its wait.
    std::thread::sleep(Duration::from_secs(3));
    done.store(true, Ordering::Relaxed);
    poller.join().expect("the poller");
    let (c, m) = usage(server.child.id());
    cpu += c;
    memory = memory.max(m);
    // What the facilitator's page rebuilds from the whole board.
    let mut r = agent()
        .get(format!(
            "{}/api/board?since=0&wait=0",
            base.lock().expect("base")
        ))
        .header("X-Hall-Secret", &secret)
        .call()
        .expect("the board");
    let said: Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap_or_default()).expect("JSON");
    let mut board = Board::new(session());
    for e in said["entries"].as_array().into_iter().flatten() {
        if let Some(c) = e["code"]
            .as_str()
            .and_then(wire::base45_decode)
            .and_then(|b| wire::read_contribution(&b).ok())
        {
            board.replace(c);
        }
    }
    let items: usize = board.items_by_group(0).iter().map(Vec::len).sum();
    let votes: u32 = board.tally(1).iter().sum();
    let _ = server.child.kill();
    let _ = server.child.wait();
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{end}", journal.display()));
    }
    let mut latencies = latencies.lock().expect("latencies").clone();
    latencies.sort_by(f64::total_cmp);
    Run {
        latencies,
        cpu,
        memory,
        lost_items: i64::from(PHONES * ITEMS) - items as i64,
        lost_votes: i64::from(PHONES * VOTES) - i64::from(votes),
        restarts,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(60.0);
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let bin = args
        .get(1)
        .map_or_else(|| target.join("debug/otsenka"), PathBuf::from);
    assert!(
        bin.is_file(),
        "{} is not built: cargo build -p otsenka-cli --bin otsenka",
        bin.display()
    );
    let group = "hall server (native, loopback)";
    for restart in [false, true] {
        let r = run(&bin, seconds, restart);
        let what = if restart {
            format!("{PHONES} phones, killed and restarted half-way")
        } else {
            format!(
                "{PHONES} phones × {} sends over {seconds:.0} s",
                ITEMS + VOTES
            )
        };
        println!(
            "{what}: {} updates timed, {} restart(s), {} items and {} votes lost",
            r.latencies.len(),
            r.restarts,
            r.lost_items,
            r.lost_votes
        );
        let p50 = percentile(&r.latencies, 0.5);
        let p95 = percentile(&r.latencies, 0.95);
        println!("BENCH\t{group}\t{what}: send → facilitator's board, p50\t{p50:.0}\tms");
        println!("BENCH\t{group}\t{what}: send → facilitator's board, p95\t{p95:.0}\tms\t300");
        println!("BENCH\t{group}\t{what}: server CPU time\t{:.1}\ts", r.cpu);
        println!(
            "BENCH\t{group}\t{what}: server CPU, share of one core\t{:.1}\t%",
            100.0 * r.cpu / seconds
        );
        println!(
            "BENCH\t{group}\t{what}: server peak memory\t{:.0}\tMB",
            r.memory
        );
        println!(
            "BENCH\t{group}\t{what}: items and votes lost\t{}\titems\t0",
            r.lost_items + r.lost_votes
        );
    }
}
