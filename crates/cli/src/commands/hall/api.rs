//! The hall's HTTP API (JSON), over [`Hall`]:
//!
//! - `POST /api/join {code, group?}` → `{token, device, session, shown}`: a phone joins with
//!   the session's digits (attempts per address per minute are limited).
//! - `POST /api/contribution {code}` with `Authorization: Bearer <token>`: a contribution as
//!   the base45 of its wire bytes, only in the token's own device's name → `{result, seq}`.
//! - `GET /api/state` (token) → the session, the question shown, and what the board holds
//!   from this phone.
//! - The facilitator's, with `X-Hall-Secret` and (unless `--facilitator-anywhere`) only from
//!   this computer: `POST /api/session {code}` (start; → the join code and the addresses
//!   the phones reach), `POST /api/close`, `POST /api/show
//!   {question}`, `POST /api/remove {device, group, question, item}` and `GET
//!   /api/board?since=N`, which waits up to 20 s for something after `N` (long poll).
//!
//! A refusal is `{error}` with a sentence in the server's language and a status that says
//! what kind: 400 unreadable, 401 no key or token, 403 not allowed, 409 not now, 413 too
//! large, 422 outside the session's rules, 429 too many, 500 not written.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::watch;
use tower_http::limit::RequestBodyLimitLayer;

use super::app_files;
use super::state::{Entry, Hall, Refusal};
use model::Lang;

/// The largest request body taken (a contribution of 100 items of 500 characters in base45
/// is about 40 KiB before compression).
pub const MAX_BODY: usize = 64 * 1024;
/// The longest a board request waits for something new.
const LONG_POLL: Duration = Duration::from_secs(20);

pub struct Shared {
    hall: Mutex<Hall>,
    /// Counts every change of the board; long polls wait on it.
    changed: watch::Sender<u64>,
    lang: Lang,
    facilitator_anywhere: bool,
    api_only: bool,
    /// Where the phones reach this server (`http://192.168.1.5:8080`), for the facilitator's
    /// page to show.
    addresses: Vec<String>,
}

impl Shared {
    pub fn new(
        hall: Hall,
        lang: Lang,
        facilitator_anywhere: bool,
        api_only: bool,
        addresses: Vec<String>,
    ) -> Shared {
        Shared {
            hall: Mutex::new(hall),
            changed: watch::Sender::new(0),
            lang,
            facilitator_anywhere,
            api_only,
            addresses,
        }
    }

    pub fn hall(&self) -> MutexGuard<'_, Hall> {
        // A panic while the lock was held left no half-done write: each change is one
        // journal statement, made before the board is touched or undone with it.
        self.hall.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

type S = Arc<Shared>;

pub fn router(shared: S) -> Router {
    let api = Router::new()
        .route("/api/join", post(join))
        .route("/api/contribution", post(contribute))
        .route("/api/state", get(phone_state))
        .route("/api/board", get(board))
        .route("/api/session", post(start))
        .route("/api/close", post(close))
        .route("/api/show", post(show))
        .route("/api/remove", post(remove))
        .route("/j/{code}", get(join_address));
    let api = if shared.api_only {
        api.fallback(no_app)
    } else {
        api.fallback(app_files::serve)
    };
    // The sentence goes on outside the limit, so that it reaches the limit's own 413 too.
    api.layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(axum::middleware::map_response_with_state(
            shared.clone(),
            worded,
        ))
        .with_state(shared)
}

pub fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

fn refused(r: &Refusal, lang: Lang) -> Response {
    let status = StatusCode::from_u16(r.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(json!({ "error": r.words(lang) })),
    )
        .into_response()
}

fn ok(body: Value) -> Response {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(body),
    )
        .into_response()
}

/// A 413 from the body limit (tower-http answers it with no words) gets its sentence.
async fn worded(State(s): State<S>, response: Response) -> Response {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let words = format!(
        "{} {} KiB. {}",
        s.lang.t(
            "Запрос больше, чем можно:",
            "The request is larger than allowed:"
        ),
        MAX_BODY / 1024,
        s.lang.t("Ничего не сохранено.", "Nothing was stored.")
    );
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        Json(json!({ "error": words })),
    )
        .into_response()
}

async fn no_app(State(s): State<S>) -> Response {
    let words = s.lang.t(
        "Приложение не встроено в эту программу (запущена с --api-only).",
        "The app is not built into this program (started with --api-only).",
    );
    (StatusCode::NOT_FOUND, Json(json!({ "error": words }))).into_response()
}

fn read<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(body).map_err(|_| Refusal::Malformed)
}

fn token(headers: &HeaderMap) -> Result<String, Refusal> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .ok_or(Refusal::NoToken)
}

fn facilitator(s: &Shared, peer: SocketAddr, headers: &HeaderMap) -> Result<(), Refusal> {
    if !s.facilitator_anywhere && !peer.ip().is_loopback() {
        return Err(Refusal::NotFromHere);
    }
    let given = headers
        .get("x-hall-secret")
        .and_then(|v| v.to_str().ok())
        .ok_or(Refusal::NoSecret)?;
    if s.hall().secret_ok(given.trim()) {
        Ok(())
    } else {
        Err(Refusal::NoSecret)
    }
}

/// Runs `f` on the hall off the async threads (it writes the journal and waits for the disk),
/// then tells the long polls when it changed something.
async fn on_hall<T: Send + 'static>(
    s: &S,
    changes: bool,
    f: impl FnOnce(&mut Hall) -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    let shared = s.clone();
    let done = tokio::task::spawn_blocking(move || f(&mut shared.hall()))
        .await
        .map_err(|e| Refusal::Journal(e.to_string()))?;
    if changes && done.is_ok() {
        s.changed.send_modify(|n| *n += 1);
    }
    done
}

fn answer(s: &Shared, result: Result<Value, Refusal>) -> Response {
    match result {
        Ok(body) => ok(body),
        Err(r) => refused(&r, s.lang),
    }
}

#[derive(Deserialize)]
struct JoinRequest {
    code: String,
    group: Option<u16>,
}

async fn join(
    State(s): State<S>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = async {
        let r: JoinRequest = read(&body)?;
        let (token, device, session) =
            on_hall(&s, false, move |h| h.join(&r.code, r.group, peer.ip())).await?;
        Ok(json!({ "token": token, "device": device, "session": session }))
    }
    .await;
    answer(&s, result)
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

async fn contribute(State(s): State<S>, headers: HeaderMap, body: Bytes) -> Response {
    let result = async {
        let token = token(&headers)?;
        let r: Code = read(&body)?;
        let (took, seq) = on_hall(&s, true, move |h| h.contribute(&token, &r.code)).await?;
        Ok(json!({ "result": took.name(), "seq": seq }))
    }
    .await;
    answer(&s, result)
}

async fn phone_state(State(s): State<S>, headers: HeaderMap) -> Response {
    let result = token(&headers).and_then(|t| s.hall().phone_view(&t)).map(
        |v| json!({ "session": v.session, "shown": v.shown, "closed": v.closed, "mine": v.mine }),
    );
    answer(&s, result)
}

async fn start(
    State(s): State<S>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        facilitator(&s, peer, &headers)?;
        let r: Code = read(&body)?;
        let join = on_hall(&s, true, move |h| {
            h.start(&r.code)?;
            Ok(h.join_code.clone())
        })
        .await?;
        Ok(json!({ "join": join, "addresses": s.addresses }))
    }
    .await;
    answer(&s, result)
}

async fn close(
    State(s): State<S>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        facilitator(&s, peer, &headers)?;
        on_hall(&s, true, Hall::close).await?;
        Ok(json!({ "closed": true }))
    }
    .await;
    answer(&s, result)
}

#[derive(Deserialize)]
struct ShowRequest {
    question: u16,
}

async fn show(
    State(s): State<S>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        facilitator(&s, peer, &headers)?;
        let r: ShowRequest = read(&body)?;
        on_hall(&s, true, move |h| h.show(r.question)).await?;
        Ok(json!({ "shown": r.question }))
    }
    .await;
    answer(&s, result)
}

#[derive(Deserialize)]
struct RemoveRequest {
    device: u32,
    group: u16,
    question: u16,
    item: String,
}

async fn remove(
    State(s): State<S>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        facilitator(&s, peer, &headers)?;
        let r: RemoveRequest = read(&body)?;
        let seq = on_hall(&s, true, move |h| {
            h.remove(r.device, r.group, r.question, &r.item)
        })
        .await?;
        Ok(json!({ "seq": seq }))
    }
    .await;
    answer(&s, result)
}

/// `since=N` and `wait=SECONDS` (0: answer at once) from the query.
fn board_query(query: Option<&str>) -> Result<(i64, Duration), Refusal> {
    let mut since = 0;
    let mut wait = LONG_POLL;
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("since", n)) => since = n.parse().map_err(|_| Refusal::Malformed)?,
            Some(("wait", n)) => {
                let n: u64 = n.parse().map_err(|_| Refusal::Malformed)?;
                wait = Duration::from_secs(n).min(LONG_POLL);
            }
            _ => return Err(Refusal::Malformed),
        }
    }
    Ok((since, wait))
}

fn entry_json(e: &Entry) -> Value {
    json!({ "seq": e.seq, "origin": e.origin.name(), "code": e.code })
}

async fn board(
    State(s): State<S>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let result = async {
        facilitator(&s, peer, &headers)?;
        let (since, wait) = board_query(query.as_deref())?;
        let mut changed = s.changed.subscribe();
        changed.mark_unchanged();
        let mut view = s.hall().board_view(since);
        if view.entries.is_empty() && !wait.is_zero() {
            // Whatever changes first (or nothing, after `wait`): answered then.
            let _ = tokio::time::timeout(wait, changed.changed()).await;
            view = s.hall().board_view(since);
        }
        Ok(json!({
            "session": view.session,
            "shown": view.shown,
            "closed": view.closed,
            "seq": view.seq,
            "entries": view.entries.iter().map(entry_json).collect::<Vec<_>>(),
        }))
    }
    .await;
    answer(&s, result)
}

/// The short address on the QR code: `/j/123456` opens the phone's page with the code.
async fn join_address(Path(code): Path<String>) -> Response {
    let digits = code.len() <= 6 && code.bytes().all(|b| b.is_ascii_digit());
    if digits && !code.is_empty() {
        redirect(&format!("/workshop.html#join={code}"))
    } else {
        redirect("/workshop.html#join")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::hall::journal::Journal;

    #[test]
    fn the_facilitators_actions_come_from_this_computer_with_the_secret() {
        let path =
            std::env::temp_dir().join(format!("otsenka-hall-api-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let hall = Hall::open(Journal::open(&path).expect("journal"), 10).expect("hall");
        let secret = hall.secret().to_owned();
        let shared = |anywhere| {
            Shared::new(
                Hall::open(Journal::open(&path).expect("journal"), 10).expect("hall"),
                Lang::Ru,
                anywhere,
                true,
                Vec::new(),
            )
        };
        let mut headers = HeaderMap::new();
        let here: SocketAddr = "127.0.0.1:5000".parse().expect("an address");
        let there: SocketAddr = "192.168.1.20:5000".parse().expect("an address");
        let strict = shared(false);
        assert_eq!(facilitator(&strict, here, &headers), Err(Refusal::NoSecret));
        headers.insert("x-hall-secret", HeaderValue::from_static("wrong"));
        assert_eq!(facilitator(&strict, here, &headers), Err(Refusal::NoSecret));
        headers.insert(
            "x-hall-secret",
            HeaderValue::from_str(&secret).expect("a header"),
        );
        assert_eq!(facilitator(&strict, here, &headers), Ok(()));
        assert_eq!(
            facilitator(&strict, there, &headers),
            Err(Refusal::NotFromHere)
        );
        assert_eq!(facilitator(&shared(true), there, &headers), Ok(()));
        drop(hall);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn the_board_query_is_read_strictly() {
        assert_eq!(board_query(None), Ok((0, LONG_POLL)));
        assert_eq!(
            board_query(Some("since=12&wait=3")),
            Ok((12, Duration::from_secs(3)))
        );
        assert_eq!(board_query(Some("wait=999")), Ok((0, LONG_POLL)));
        for bad in ["since=x", "wait=-1", "other=1", "since"] {
            assert_eq!(board_query(Some(bad)), Err(Refusal::Malformed), "{bad}");
        }
    }
}
