//! `otsenka hall` as a black box: the built binary on 127.0.0.1 (port 0, a journal of its own),
//! driven over HTTP as the phones and the facilitator's page drive it, killed (`SIGKILL`) and
//! started again on the same journal.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use workshop::{wire, Answer, Board, Contribution, Kind, Question, Rules, Session};

mod common;
use common::{otsenka, text};

/// A running `otsenka hall`, killed when dropped.
struct Server {
    child: Child,
    base: String,
    secret: String,
    code: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn journal(name: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("otsenka-hall-{}-{name}.sqlite", std::process::id()));
    forget(&path);
    path
}

fn forget(journal: &Path) {
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{end}", journal.display()));
    }
}

fn start(journal: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_otsenka"))
        .args(["hall", "--api-only", "--listen", "127.0.0.1", "--port", "0"])
        .arg("--journal")
        .arg(journal)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start otsenka hall: {e}"));
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let (mut join, mut facilitator) = (None, None);
    while facilitator.is_none() {
        let line = lines
            .next()
            .expect("otsenka hall printed its addresses")
            .expect("readable output");
        if line.contains("/j/") && join.is_none() {
            join = Some(line.trim().to_owned());
        }
        if line.contains("#hall=") {
            facilitator = Some(line.trim().to_owned());
        }
    }
    // Keep reading, so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let join = join.expect("a join address");
    let facilitator = facilitator.expect("a facilitator address");
    let (base, secret) = facilitator
        .split_once("/workshop.html#hall=")
        .expect("the facilitator's address");
    let code = join.rsplit("/j/").next().expect("a code").to_owned();
    assert!(join.starts_with(base), "{join} is on {base}");
    assert!((4..=6).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()));
    Server {
        child,
        base: base.to_owned(),
        secret: secret.to_owned(),
        code,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// (status, JSON body).
fn call(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, Value) {
    let url = format!("{}{path}", server.base);
    let agent = agent();
    let response = match (method, body) {
        ("GET", _) => {
            let mut r = agent.get(&url);
            for (k, v) in headers {
                r = r.header(*k, *v);
            }
            r.call()
        }
        (_, body) => {
            let mut r = agent.post(&url).header("Content-Type", "application/json");
            for (k, v) in headers {
                r = r.header(*k, *v);
            }
            r.send(body.unwrap_or("{}"))
        }
    };
    let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let status = response.status().as_u16();
    let said = response.body_mut().read_to_string().unwrap_or_default();
    let value = serde_json::from_str(&said).unwrap_or(Value::String(said));
    (status, value)
}

fn session() -> Session {
    let q = |text: &str, kind, options: &[&str]| Question {
        text: text.into(),
        kind,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    };
    let mut s = Session::new(
        4242,
        vec!["Группа 1".into(), "Группа 2".into()],
        vec![
            q("Проблемы", Kind::List, &[]),
            q("Голосование", Kind::Dots, &["А", "Б", "В"]),
        ],
    );
    s.title = "Семинар в зале".into();
    s.rules = Rules { votes: 2, items: 3 };
    s
}

fn items(device: u32, group: u16, revision: u32, list: &[&str]) -> Contribution {
    Contribution {
        session: 4242,
        device,
        group,
        revision,
        answers: vec![(
            0,
            Answer::Items(list.iter().map(|i| (*i).to_owned()).collect()),
        )],
    }
}

fn code_of(c: &Contribution) -> String {
    json!({ "code": wire::base45_encode(&wire::contribution_bytes(c)) }).to_string()
}

fn secret(server: &Server) -> [(&'static str, &str); 1] {
    [("X-Hall-Secret", server.secret.as_str())]
}

struct Phone {
    token: String,
    device: u32,
}

fn join(server: &Server, group: u16) -> Phone {
    let body = json!({ "code": server.code, "group": group }).to_string();
    let (status, said) = call(server, "POST", "/api/join", &[], Some(&body));
    assert_eq!(status, 200, "{said}");
    let session = said["session"].as_str().expect("the session");
    let read = wire::read_session(&wire::base45_decode(session).expect("base45"));
    assert_eq!(read, Ok(self::session()));
    Phone {
        token: said["token"].as_str().expect("a token").to_owned(),
        device: u32::try_from(said["device"].as_u64().expect("a device")).expect("a u32"),
    }
}

fn send(server: &Server, phone: &Phone, c: &Contribution) -> (u16, Value) {
    let bearer = format!("Bearer {}", phone.token);
    call(
        server,
        "POST",
        "/api/contribution",
        &[("Authorization", &bearer)],
        Some(&code_of(c)),
    )
}

/// The board as the facilitator's page rebuilds it from `/api/board`.
fn board(server: &Server) -> (usize, Board) {
    let (status, said) = call(
        server,
        "GET",
        "/api/board?since=0&wait=0",
        &secret(server),
        None,
    );
    assert_eq!(status, 200, "{said}");
    let mut board = Board::new(session());
    let entries = said["entries"].as_array().expect("entries");
    for e in entries {
        let bytes = wire::base45_decode(e["code"].as_str().expect("a code")).expect("base45");
        board.replace(wire::read_contribution(&bytes).expect("a contribution"));
    }
    (entries.len(), board)
}

fn start_session(server: &Server) {
    let body = json!({ "code": wire::base45_encode(&wire::session_bytes(&session())) });
    let (status, said) = call(
        server,
        "POST",
        "/api/session",
        &secret(server),
        Some(&body.to_string()),
    );
    assert_eq!(status, 200, "{said}");
    assert_eq!(said["join"], server.code.as_str());
    assert_eq!(said["addresses"], json!([server.base]));
}

#[test]
fn phones_join_send_and_everything_survives_a_kill() {
    let path = journal("kill");
    let server = start(&path, &[]);

    // The facilitator's key, and a session before joining.
    let (status, _) = call(&server, "GET", "/api/board", &[], None);
    assert_eq!(status, 401);
    let (status, said) = call(
        &server,
        "GET",
        "/api/board",
        &[("X-Hall-Secret", "not-the-secret")],
        None,
    );
    assert_eq!(status, 401);
    assert!(
        said["error"]
            .as_str()
            .is_some_and(|e| e.contains("ведущего")),
        "{said}"
    );
    let early = json!({ "code": server.code }).to_string();
    assert_eq!(call(&server, "POST", "/api/join", &[], Some(&early)).0, 409);
    start_session(&server);
    let wrong = json!({ "code": "000000" }).to_string();
    assert_eq!(call(&server, "POST", "/api/join", &[], Some(&wrong)).0, 403);

    let a = join(&server, 0);
    let b = join(&server, 1);
    assert_ne!(a.device, b.device);

    // Added, the same revision again (stored once), then more.
    assert_eq!(
        send(&server, &a, &items(a.device, 0, 1, &["нет кадров"])).1["result"],
        "added"
    );
    assert_eq!(
        send(&server, &a, &items(a.device, 0, 1, &["нет кадров"])).1["result"],
        "same"
    );
    let (status, said) = send(
        &server,
        &a,
        &items(a.device, 0, 2, &["нет кадров", "нет методиста"]),
    );
    assert_eq!((status, said["result"].as_str()), (200, Some("extended")));
    assert_eq!(
        send(&server, &b, &items(b.device, 1, 1, &["нет интернета"])).1["result"],
        "added"
    );
    assert_eq!(board(&server).0, 3);

    // Refused, each with a clear status and nothing stored.
    let (status, said) = send(&server, &b, &items(a.device, 0, 3, &["чужое"]));
    assert_eq!(status, 403, "{said}");
    let bearer = format!("Bearer {}", a.token);
    let auth = [("Authorization", bearer.as_str())];
    for bad in [
        "{",
        "[]",
        r#"{"code": 5}"#,
        r#"{"code": "не base45"}"#,
        r#"{"code": "ABC"}"#,
    ] {
        let (status, said) = call(&server, "POST", "/api/contribution", &auth, Some(bad));
        assert_eq!(status, 400, "{bad}: {said}");
        assert!(said["error"]
            .as_str()
            .is_some_and(|e| e.contains("Ничего не сохранено")));
    }
    let session_code = json!({ "code": wire::base45_encode(&wire::session_bytes(&session())) });
    let (status, _) = call(
        &server,
        "POST",
        "/api/contribution",
        &auth,
        Some(&session_code.to_string()),
    );
    assert_eq!(status, 400, "a session is no contribution");
    let huge = json!({ "code": "0".repeat(100 * 1024) }).to_string();
    let (status, said) = call(&server, "POST", "/api/contribution", &auth, Some(&huge));
    assert_eq!(status, 413, "{said}");
    assert!(
        said["error"].as_str().is_some_and(|e| e.contains("KiB")),
        "{said}"
    );
    let (status, said) = send(&server, &a, &items(a.device, 0, 3, &["1", "2", "3", "4"]));
    assert_eq!(status, 422, "over the session's 3 items: {said}");
    let mut votes = items(a.device, 0, 3, &["нет кадров", "нет методиста"]);
    votes
        .answers
        .push((1, Answer::Dots(vec![(0, 1), (1, 1), (2, 1)])));
    assert_eq!(
        send(&server, &a, &votes).0,
        422,
        "over the session's 2 votes"
    );
    let (status, _) = call(
        &server,
        "POST",
        "/api/contribution",
        &[("Authorization", "Bearer 0000")],
        Some(&code_of(&items(a.device, 0, 3, &["x"]))),
    );
    assert_eq!(status, 401);
    assert_eq!(board(&server).0, 3, "nothing refused was stored");

    // A later revision of the phone's own answers replaces them (its token proves it); the
    // same revision number with other answers is refused.
    let (status, said) = send(&server, &a, &items(a.device, 0, 3, &["нет методиста"]));
    assert_eq!((status, said["result"].as_str()), (200, Some("replaced")));
    assert_eq!(
        send(&server, &a, &items(a.device, 0, 3, &["другое"])).0,
        409
    );
    assert_eq!(
        send(&server, &a, &items(a.device, 0, 1, &["нет кадров"])).1["result"],
        "same"
    );
    assert_eq!(
        send(&server, &a, &items(a.device, 0, 0, &["старое"])).1["result"],
        "older"
    );

    // A long poll answers as soon as something arrives.
    let since = board(&server).0;
    let (base, key) = (server.base.clone(), server.secret.clone());
    let poll = std::thread::spawn(move || {
        let asked = Instant::now();
        let mut r = agent()
            .get(format!("{base}/api/board?since={since}"))
            .header("X-Hall-Secret", &key)
            .call()
            .expect("the long poll");
        let said: Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap_or_default()).expect("JSON");
        (asked.elapsed(), said)
    });
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    assert_eq!(
        send(
            &server,
            &b,
            &items(b.device, 1, 2, &["нет интернета", "нет связи"])
        )
        .1["result"],
        "extended"
    );
    let (waited, said) = poll.join().expect("the poll thread");
    assert!(
        waited >= Duration::from_millis(250),
        "it waited: {waited:?}"
    );
    assert!(sent.elapsed() < Duration::from_secs(1), "arrived at once");
    assert_eq!(said["entries"].as_array().map(Vec::len), Some(1), "{said}");

    let (entries, before) = board(&server);
    assert_eq!(before.items(0, 0), ["нет методиста"]);
    assert_eq!(before.items(0, 1), ["нет интернета", "нет связи"]);

    // Killed with SIGKILL and started on the same journal: everything is there, with the
    // same key, code and tokens.
    let (key, code) = (server.secret.clone(), server.code.clone());
    drop(server);
    let server = start(&path, &[]);
    assert_eq!((&server.secret, &server.code), (&key, &code));
    let (after_entries, after) = board(&server);
    assert_eq!(after_entries, entries);
    assert_eq!(after.contributions(), before.contributions());
    assert_eq!(
        send(&server, &a, &items(a.device, 0, 3, &["нет методиста"])).1["result"],
        "same"
    );
    assert_eq!(
        send(
            &server,
            &a,
            &items(a.device, 0, 4, &["нет методиста", "после перезапуска"])
        )
        .1["result"],
        "extended"
    );
    assert_eq!(
        board(&server).1.items(0, 0),
        ["нет методиста", "после перезапуска"]
    );

    // The facilitator removes an item; a phone's state shows what the board holds from it.
    let remove = json!({ "device": a.device, "group": 0, "question": 0, "item": "нет методиста" });
    let (status, said) = call(
        &server,
        "POST",
        "/api/remove",
        &secret(&server),
        Some(&remove.to_string()),
    );
    assert_eq!(status, 200, "{said}");
    assert_eq!(board(&server).1.items(0, 0), ["после перезапуска"]);
    let bearer = format!("Bearer {}", a.token);
    let (status, said) = call(
        &server,
        "GET",
        "/api/state",
        &[("Authorization", &bearer)],
        None,
    );
    assert_eq!(status, 200);
    let mine = said["mine"][0].as_str().expect("held for group 1");
    let held = wire::read_contribution(&wire::base45_decode(mine).expect("base45")).expect("read");
    assert_eq!(
        held.answers,
        items(a.device, 0, 4, &["после перезапуска"]).answers
    );

    // Closed: nothing more is taken.
    assert_eq!(
        call(&server, "POST", "/api/close", &secret(&server), None).0,
        200
    );
    assert_eq!(
        send(
            &server,
            &a,
            &items(a.device, 0, 5, &["после перезапуска", "поздно"])
        )
        .0,
        409
    );
    drop(server);
    forget(&path);
}

#[test]
fn joins_per_minute_are_limited() {
    let path = journal("rate");
    let server = start(&path, &["--joins-per-minute", "3"]);
    start_session(&server);
    let wrong = json!({ "code": "000000" }).to_string();
    for _ in 0..3 {
        assert_eq!(call(&server, "POST", "/api/join", &[], Some(&wrong)).0, 403);
    }
    let right = json!({ "code": server.code }).to_string();
    let (status, said) = call(&server, "POST", "/api/join", &[], Some(&right));
    assert_eq!(status, 429, "{said}");
    assert!(said["error"]
        .as_str()
        .is_some_and(|e| e.contains("подождите")));
    drop(server);
    forget(&path);
}

#[test]
fn it_listens_only_where_asked_and_says_when_the_app_is_missing() {
    let out = otsenka(&["--help"]);
    assert!(text(&out.stdout).contains("hall"), "listed in the help");
    let out = otsenka(&[
        "hall",
        "--api-only",
        "--listen",
        "8.8.8.8",
        "--journal",
        "/nonexistent/x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--allow-public"),
        "{}",
        text(&out.stderr)
    );
    if option_env!("OTSENKA_HALL_APP").is_none() {
        let out = otsenka(&["hall", "--listen", "127.0.0.1", "--port", "0"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("cargo xtask hall"),
            "{}",
            text(&out.stderr)
        );
    }
}
