//! The hall server (`otsenka hall`, issue 21), when this page was opened from it: the phone
//! joins by the session's digits and sends its answers on every change, and the facilitator's
//! page starts the session there and follows the board by long polling. What travels is the
//! same base45 of wire bytes as the QR path, inside small JSON bodies; the answers read with
//! `JSON.parse` (no JSON crate in this bundle).
//!
//! Nothing here replaces the QR codes, the text code or the file: without the server the page
//! works as before.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web::lang::t;
use workshop::{wire, Board, Contribution, Merge};

use crate::keep;

/// A server's answer: its status and its JSON (undefined when it was none).
pub struct Reply {
    pub status: u16,
    pub body: JsValue,
}

impl Reply {
    pub fn text(&self, name: &str) -> Option<String> {
        field(&self.body, name).as_string()
    }

    pub fn number(&self, name: &str) -> Option<f64> {
        field(&self.body, name).as_f64()
    }

    /// The server's sentence for a refusal.
    pub fn error(&self) -> String {
        self.text("error")
            .unwrap_or_else(|| format!("HTTP {}", self.status))
    }
}

pub fn field(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// No answer at all: the network, not the server.
pub fn offline() -> String {
    t(
        "нет связи с ноутбуком ведущего",
        "no connection to the facilitator's laptop",
    )
    .to_owned()
}

/// A request to the server this page came from; `Err` when it could not be reached.
pub async fn call(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<Reply, String> {
    let no = |_: JsValue| offline();
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().map_err(no)?;
    for (k, v) in headers {
        h.set(k, v).map_err(no)?;
    }
    if let Some(b) = body {
        h.set("Content-Type", "application/json").map_err(no)?;
        init.set_body(&JsValue::from_str(&b));
    }
    init.set_headers(&h);
    let window = web_sys::window().ok_or_else(offline)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(no)?
        .dyn_into()
        .map_err(no)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(no)?)
        .await
        .map_err(no)?
        .as_string()
        .unwrap_or_default();
    let body = js_sys::JSON::parse(&text).unwrap_or(JsValue::UNDEFINED);
    Ok(Reply { status, body })
}

/// A JSON string literal.
pub fn quoted(s: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(s))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "\"\"".to_owned())
}

pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

// ---- the phone ----

/// The hall join of this phone as kept: token, device, code.
pub fn joined() -> Option<(String, u32, String)> {
    let kept = keep::get(keep::HALL_PHONE)?;
    let mut parts = kept.split(' ');
    let token = parts.next()?.to_owned();
    let device = parts.next()?.parse().ok()?;
    let code = parts.next()?.to_owned();
    Some((token, device, code))
}

/// What joining said: the session (base45), or why not and whether to try again.
pub enum Joined {
    Session(String),
    Wait(String),
    Refused(String),
}

/// Joins with the session's digits; the token and device are kept for reloads.
pub async fn join(code: &str) -> Joined {
    let body = format!("{{\"code\":{}}}", quoted(code));
    match call("POST", "/api/join", &[], Some(body)).await {
        Err(e) => Joined::Wait(e),
        Ok(r) if r.status == 200 => {
            let (Some(token), Some(device), Some(session)) =
                (r.text("token"), r.number("device"), r.text("session"))
            else {
                return Joined::Refused(r.error());
            };
            let _ = keep::set(keep::HALL_PHONE, &format!("{token} {device} {code}"));
            keep::remove(keep::HALL_SENT);
            Joined::Session(session)
        }
        // Not started yet, or too many attempts: the phone tries again.
        Ok(r) if r.status == 409 || r.status == 429 => Joined::Wait(r.error()),
        Ok(r) => Joined::Refused(r.error()),
    }
}

fn sent() -> Option<(u16, u32)> {
    let kept = keep::get(keep::HALL_SENT)?;
    let (g, r) = kept.split_once(' ')?;
    Some((g.parse().ok()?, r.parse().ok()?))
}

/// Whether this revision of the answers is still to reach the server.
pub fn unsent(c: &Contribution) -> bool {
    sent().is_none_or(|(g, r)| g != c.group || r < c.revision)
}

/// What sending said.
pub enum Sent {
    /// Kept on the laptop (or this revision was already).
    Kept,
    /// No network: still on the phone, sent again later.
    Later,
    /// The token is no longer known (a new session on the server): join again.
    Rejoin,
    /// Not joined (yet): nothing sent; the join sends when it is through.
    NotJoined,
    Refused(String),
}

/// Sends this phone's answers as kept now, if not acknowledged yet. A resend of the same
/// revision is answered as the same by the server, so sending twice is harmless.
pub async fn send() -> Sent {
    let Some((token, _, _)) = joined() else {
        return Sent::NotJoined;
    };
    let Some(c) = keep::get(keep::MINE).and_then(|s| keep::contribution_from(&s)) else {
        return Sent::Kept;
    };
    if !unsent(&c) {
        return Sent::Kept;
    }
    let code = wire::base45_encode(&wire::contribution_bytes(&c));
    let bearer = format!("Bearer {token}");
    let body = format!("{{\"code\":{}}}", quoted(&code));
    match call(
        "POST",
        "/api/contribution",
        &[("Authorization", &bearer)],
        Some(body),
    )
    .await
    {
        Err(_) => Sent::Later,
        Ok(r) if r.status == 200 => {
            // Only forward: an earlier answer arriving late must not undo a later one.
            if unsent(&c) {
                let _ = keep::set(keep::HALL_SENT, &format!("{} {}", c.group, c.revision));
            }
            Sent::Kept
        }
        Ok(r) if r.status == 401 => Sent::Rejoin,
        Ok(r) if r.status >= 500 || r.status == 429 => Sent::Later,
        Ok(r) => Sent::Refused(r.error()),
    }
}

/// What the server says of the session to this phone.
pub struct Followed {
    /// The question on the facilitator's screen.
    pub shown: u16,
    pub closed: bool,
    /// What the board holds from this phone, one contribution per group.
    pub mine: Vec<Contribution>,
}

/// What asking the server said.
pub enum Heard {
    State(Followed),
    /// No network, or the server is busy: asked again later.
    Later,
    /// The token is no longer known: join again.
    Rejoin,
}

/// Asks the server which question is shown, whether the session is closed, and what it holds
/// from this phone (the facilitator may have removed an item).
pub async fn state() -> Heard {
    let Some((token, _, _)) = joined() else {
        return Heard::Later;
    };
    let bearer = format!("Bearer {token}");
    match call("GET", "/api/state", &[("Authorization", &bearer)], None).await {
        Ok(r) if r.status == 200 => Heard::State(Followed {
            shown: r.number("shown").map_or(0, |n| n as u16),
            closed: field(&r.body, "closed").as_bool().unwrap_or(false),
            mine: js_sys::Array::from(&field(&r.body, "mine"))
                .iter()
                .filter_map(|c| c.as_string())
                .filter_map(|c| keep::contribution_from(&c))
                .collect(),
        }),
        Ok(r) if r.status == 401 => Heard::Rejoin,
        _ => Heard::Later,
    }
}

/// The phone's answers once the server's are known: the server's for the same group when
/// everything the phone has was sent (what the facilitator removed is gone there), the
/// phone's own otherwise — what is still to be sent is never dropped. `None`: nothing to
/// change.
pub fn adopted(local: &Contribution, server: &[Contribution]) -> Option<Contribution> {
    if unsent(local) {
        return None;
    }
    let held = server
        .iter()
        .find(|c| c.group == local.group && c.session == local.session)?;
    if held.answers == local.answers || held.revision < local.revision {
        return None;
    }
    let mut c = local.clone();
    c.answers = held.answers.clone();
    c.revision = held.revision.max(local.revision);
    Some(c)
}

/// Calls `f` whenever the browser says the network is back.
pub fn on_online(f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
    let _ = window.add_event_listener_with_callback("online", handler.as_ref().unchecked_ref());
    handler.forget(); // lives as long as the page
}

// ---- the facilitator ----

/// The facilitator's secret from the address (`#hall=…`): never sent but in a header.
pub fn secret() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix("#hall=")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A facilitator's request.
pub async fn facilitator(
    method: &str,
    path: &str,
    secret: &str,
    body: Option<String>,
) -> Result<Reply, String> {
    call(method, path, &[("X-Hall-Secret", secret)], body).await
}

/// Where the phones join: the join code and the server's addresses in the hall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Door {
    pub code: String,
    pub addresses: Vec<String>,
}

/// Starts the board's session on the server (the same session again is answered as started),
/// then merges every contribution the server takes into the board, as the camera path does,
/// until the session ends on this page. A phone's entries come with its token's proof, so
/// they are applied whole (`Board::replace`): the server held them to the session's rules.
pub fn follow(
    board: RwSignal<Option<Board>>,
    secret: String,
    door: RwSignal<Option<Door>>,
    said: RwSignal<String>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(code) = board.with_untracked(|b| {
            b.as_ref()
                .map(|b| wire::base45_encode(&wire::session_bytes(&b.session)))
        }) else {
            return;
        };
        let body = format!("{{\"code\":{}}}", quoted(&code));
        loop {
            match facilitator("POST", "/api/session", &secret, Some(body.clone())).await {
                Ok(r) if r.status == 200 => {
                    let addresses = js_sys::Array::from(&field(&r.body, "addresses"))
                        .iter()
                        .filter_map(|a| a.as_string())
                        .collect();
                    door.set(r.text("join").map(|code| Door { code, addresses }));
                    said.set(String::new());
                    break;
                }
                Ok(r) => {
                    said.set(r.error());
                    return;
                }
                Err(e) => {
                    said.set(e);
                    sleep(3000).await;
                }
            }
        }
        let mut since = 0i64;
        while board.try_with_untracked(Option::is_some).unwrap_or(false) {
            let path = format!("/api/board?since={since}");
            match facilitator("GET", &path, &secret, None).await {
                Ok(r) if r.status == 200 => {
                    since = since.max(take(board, &r.body));
                    said.set(String::new());
                }
                Ok(r) => {
                    said.set(r.error());
                    sleep(3000).await;
                }
                Err(e) => {
                    said.set(e);
                    sleep(2000).await;
                }
            }
        }
    });
}

/// Merges a board answer's entries; returns the last sequence number in it.
fn take(board: RwSignal<Option<Board>>, body: &JsValue) -> i64 {
    let entries = js_sys::Array::from(&field(body, "entries"));
    let mut last = 0i64;
    let _ = board.try_update(|b| {
        let Some(b) = b else {
            return;
        };
        let mut changed = false;
        for e in entries.iter() {
            last = last.max(field(&e, "seq").as_f64().unwrap_or(0.0) as i64);
            let Some(c) = field(&e, "code")
                .as_string()
                .and_then(|code| keep::contribution_from(&code))
            else {
                continue;
            };
            changed |= matches!(b.replace(c), Merge::Added | Merge::Replaced);
        }
        if changed {
            let _ = keep::save_board(b);
        }
    });
    last
}

/// Tells the server the session ended on this page.
pub fn close(secret: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = facilitator("POST", "/api/close", &secret, None).await;
    });
}

/// Asks the server to remove an item from a phone's answers (kept out of its later ones); the
/// board hears of it through `follow`. `Err` with the sentence to show when not done.
pub async fn remove(
    secret: &str,
    device: u32,
    group: u16,
    question: u16,
    item: &str,
) -> Result<(), String> {
    let body = format!(
        "{{\"device\":{device},\"group\":{group},\"question\":{question},\"item\":{}}}",
        quoted(item)
    );
    match facilitator("POST", "/api/remove", secret, Some(body)).await {
        Ok(r) if r.status == 200 => Ok(()),
        Ok(r) => Err(r.error()),
        Err(e) => Err(e),
    }
}

/// Tells the server which question is on the screen.
pub fn show(secret: String, question: u16) {
    wasm_bindgen_futures::spawn_local(async move {
        let body = format!("{{\"question\":{question}}}");
        let _ = facilitator("POST", "/api/show", &secret, Some(body)).await;
    });
}
