//! Where workshop data lives: this browser's localStorage (the session and every contribution
//! as base45 text of their wire bytes), and the tab-to-tab channel that tells the presenter
//! screen something changed. Nothing leaves the device.

use workshop::{wire, Board, Contribution, Protocol, Session};

use contract::keys::{
    WORKSHOP_ARCHIVE as ARCHIVE, WORKSHOP_BOARD as BOARD, WORKSHOP_CHANNEL as CHANNEL,
    WORKSHOP_CURRENT as CURRENT, WORKSHOP_DEVICE as DEVICE, WORKSHOP_LIST as LIST,
    WORKSHOP_PROTOCOL as PROTOCOL, WORKSHOP_REMOVED as REMOVED, WORKSHOP_SESSION as SESSION,
};
pub use contract::keys::{
    WORKSHOP_HALL_PHONE as HALL_PHONE, WORKSHOP_HALL_SENT as HALL_SENT, WORKSHOP_JOINED as JOINED,
    WORKSHOP_MINE as MINE,
};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Writes a value; the error says why it could not be kept (storage disabled or full).
pub fn set(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or_else(|| "localStorage is unavailable".to_owned())?;
    s.set_item(key, value)
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

pub fn session_from(text: &str) -> Option<Session> {
    wire::read_session(&wire::base45_decode(text.trim())?).ok()
}

pub fn contribution_from(text: &str) -> Option<Contribution> {
    wire::read_contribution(&wire::base45_decode(text.trim())?).ok()
}

/// The facilitator's board as kept: the session and each contribution merged again.
pub fn load_board() -> Option<Board> {
    let session = session_from(&get(SESSION)?)?;
    let mut board = Board::new(session);
    // The removals first, so that they hold for what was kept before them too.
    for line in get(REMOVED).unwrap_or_default().lines() {
        // base45 has a space of its own: the item is the rest of the line.
        let mut parts = line.splitn(4, ' ');
        let (Some(d), Some(g), Some(q), Some(item)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let item = wire::base45_decode(item).and_then(|b| String::from_utf8(b).ok());
        if let (Ok(d), Ok(g), Ok(q), Some(item)) = (d.parse(), g.parse(), q.parse(), item) {
            board.forbid(d, g, q, &item);
        }
    }
    // Each line is what the board held for one device and group: applied as it was (the
    // facilitator confirmed any replacement before it was kept), still within the rules.
    for line in get(BOARD).unwrap_or_default().lines() {
        if let Some(c) = contribution_from(line) {
            board.replace(c);
        }
    }
    Some(board)
}

pub fn save_board(board: &Board) -> Result<(), String> {
    set(
        SESSION,
        &wire::base45_encode(&wire::session_bytes(&board.session)),
    )?;
    let lines: Vec<String> = board
        .contributions()
        .iter()
        .map(|c| wire::base45_encode(&wire::contribution_bytes(c)))
        .collect();
    set(BOARD, &lines.join("\n"))?;
    let removed: Vec<String> = board
        .removals()
        .into_iter()
        .map(|(d, g, q, item)| format!("{d} {g} {q} {}", wire::base45_encode(item.as_bytes())))
        .collect();
    set(REMOVED, &removed.join("\n"))?;
    announce();
    Ok(())
}

/// The session's protocol as kept (empty when none yet or unreadable).
pub fn load_protocol() -> Protocol {
    get(PROTOCOL)
        .and_then(|t| wire::base45_decode(&t))
        .and_then(|b| wire::read_protocol(&b).ok())
        .unwrap_or_default()
}

pub fn save_protocol(p: &Protocol) -> Result<(), String> {
    set(PROTOCOL, &wire::base45_encode(&wire::protocol_bytes(p)))
}

/// Where question `q`'s consolidated list is kept.
pub fn list_key(q: u16) -> String {
    format!("{LIST}{q}")
}

/// An ended session, as the archive keeps it.
pub struct Archived {
    pub board: Board,
    pub protocol: Protocol,
}

/// Ends the session: written whole into the archive first, and cleared only once it is there —
/// a full storage leaves the session as it was and says so.
pub fn archive_board() -> Result<(), String> {
    let Some(session) = get(SESSION) else {
        return Ok(());
    };
    let mut entry = vec![format!("S {session}")];
    if let Some(p) = get(PROTOCOL) {
        entry.push(format!("P {p}"));
    }
    entry.extend(
        get(BOARD)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("C {l}")),
    );
    if let Some(b) = load_board() {
        for q in 0..b.session.questions.len() as u16 {
            if let Some(list) = get(&list_key(q)) {
                entry.push(format!("L{q} {list}"));
            }
        }
    }
    let mut all = get(ARCHIVE).unwrap_or_default();
    if !all.trim().is_empty() {
        all.push_str("\n\n");
    }
    all.push_str(&entry.join("\n"));
    set(ARCHIVE, &all)?;
    clear_board();
    Ok(())
}

/// The ended sessions, oldest first; an entry that no longer reads is left out (and kept).
pub fn archived() -> Vec<Archived> {
    get(ARCHIVE)
        .unwrap_or_default()
        .split("\n\n")
        .filter_map(read_archived)
        .collect()
}

fn read_archived(entry: &str) -> Option<Archived> {
    let mut lines = entry.lines();
    let session = session_from(lines.next()?.strip_prefix("S ")?)?;
    let mut board = Board::new(session);
    let mut protocol = Protocol::default();
    for line in lines {
        if let Some(p) = line.strip_prefix("P ") {
            if let Some(p) = wire::base45_decode(p).and_then(|b| wire::read_protocol(&b).ok()) {
                protocol = p;
            }
        } else if let Some(c) = line.strip_prefix("C ").and_then(contribution_from) {
            board.replace(c);
        }
    }
    Some(Archived { board, protocol })
}

/// Removes the `n`th ended session (in the order of [`archived`]) from this computer.
pub fn forget_archived(n: usize) -> Result<(), String> {
    let all = get(ARCHIVE).unwrap_or_default();
    // Counted as `archived` counts (readable entries only); an unreadable one stays.
    let mut readable = 0usize;
    let kept: Vec<&str> = all
        .split("\n\n")
        .filter(|e| {
            if read_archived(e).is_none() {
                return true;
            }
            readable += 1;
            readable - 1 != n
        })
        .collect();
    set(ARCHIVE, &kept.join("\n\n"))
}

pub fn clear_board() {
    if let Some(b) = load_board() {
        for q in 0..b.session.questions.len() as u16 {
            remove(&list_key(q));
        }
    }
    remove(SESSION);
    remove(BOARD);
    remove(REMOVED);
    remove(CURRENT);
    remove(PROTOCOL);
    announce();
}

pub fn current() -> u16 {
    get(CURRENT).and_then(|c| c.parse().ok()).unwrap_or(0)
}

pub fn set_current(n: u16) {
    let _ = set(CURRENT, &n.to_string());
    announce();
}

/// A random number drawn once per browser, naming this device in its contributions.
pub fn device() -> u32 {
    if let Some(d) = get(DEVICE).and_then(|d| d.parse().ok()) {
        return d;
    }
    let d = random();
    let _ = set(DEVICE, &d.to_string());
    d
}

pub fn random() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// Tells the other windows (the presenter screen) to read the board again.
pub fn announce() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&"changed".into());
        channel.close();
    }
}

/// Calls `f` whenever another window announces a change.
pub fn listen(f: impl Fn() + 'static) {
    use wasm_bindgen::JsCast;
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let handler = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |_: web_sys::MessageEvent| f(),
    );
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget(); // lives as long as the page
    std::mem::forget(channel);
}
