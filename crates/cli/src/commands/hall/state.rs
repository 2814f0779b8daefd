//! What the hall server knows and decides, apart from HTTP: the session, who joined with which
//! token, the board every contribution is merged into (the same `workshop::Board` the
//! facilitator's page keeps), and the journal each decision is written to first.
//!
//! A contribution arrives as the base45 of its wire bytes and is read by the same decoder as
//! a QR code (`wire::read_contribution`), then judged by `Board::merge`: the session's rules
//! hold here as on the laptop. One thing differs from the QR path: a phone's token proves its
//! device, so what the device sends to replace its own earlier answers (a later revision) is
//! applied at once rather than held for the facilitator.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use workshop::{wire, Board, Limit, Merge};

use super::journal::{Journal, Origin, Stored};
use model::Lang;

/// Participants one session takes at most.
pub const MAX_PARTICIPANTS: usize = 1000;
/// Contributions one token may send per minute (a phone sends one per change).
pub const SENDS_PER_MINUTE: u32 = 240;

/// Why a request was refused, with the HTTP status it is answered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The request does not read: not JSON, not base45, not a contribution or session.
    Malformed,
    NoSecret,
    NoToken,
    /// A facilitator's action from another computer than this one.
    NotFromHere,
    WrongCode,
    /// A contribution in another device's name than the token's.
    OtherDevice,
    NotStarted,
    Closed,
    OtherSession,
    /// Another session is running: close it first.
    Running,
    /// This revision was stored with other answers.
    RevisionReused,
    /// A group, question or option the session does not have, or an answer of the wrong kind.
    Invalid,
    TooMany(Limit),
    NoSuchItem,
    TooManyParticipants,
    RateLimited,
    /// The journal could not be written: nothing was taken.
    Journal(String),
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Malformed => 400,
            Refusal::NoSecret | Refusal::NoToken => 401,
            Refusal::NotFromHere | Refusal::WrongCode | Refusal::OtherDevice => 403,
            Refusal::NoSuchItem => 404,
            Refusal::NotStarted
            | Refusal::Closed
            | Refusal::OtherSession
            | Refusal::Running
            | Refusal::RevisionReused => 409,
            Refusal::Invalid | Refusal::TooMany(_) => 422,
            Refusal::TooManyParticipants | Refusal::RateLimited => 429,
            Refusal::Journal(_) => 500,
        }
    }

    /// The sentence a person reads.
    pub fn words(&self, lang: Lang) -> String {
        let t = |ru: &str, en: &str| lang.t(ru, en).to_owned();
        match self {
            Refusal::Malformed => t(
                "Запрос не читается: это не данные «Оценки» или они повреждены. Ничего не сохранено.",
                "The request does not read: not Otsenka data, or damaged. Nothing was stored.",
            ),
            Refusal::NoSecret => t(
                "Нужен ключ ведущего: откройте адрес ведущего, который показан в окне программы.",
                "The facilitator's key is needed: open the facilitator's address shown by the program.",
            ),
            Refusal::NoToken => t(
                "Телефон не присоединён к семинару: присоединитесь ещё раз по коду.",
                "This phone has not joined the session: join again with the code.",
            ),
            Refusal::NotFromHere => t(
                "Действия ведущего принимаются только с ноутбука ведущего.",
                "The facilitator's actions are taken only from the facilitator's laptop.",
            ),
            Refusal::WrongCode => t(
                "Неверный код семинара: проверьте цифры на экране ведущего.",
                "Wrong session code: check the digits on the facilitator's screen.",
            ),
            Refusal::OtherDevice => t(
                "Эти ответы другого участника: телефон может менять только свои ответы.",
                "These are another participant's answers: a phone may change only its own.",
            ),
            Refusal::NotStarted => t(
                "Ведущий ещё не начал семинар: попробуйте через минуту.",
                "The facilitator has not started the session yet: try again in a minute.",
            ),
            Refusal::Closed => t(
                "Семинар закрыт: ответы больше не принимаются.",
                "The session is closed: answers are no longer taken.",
            ),
            Refusal::OtherSession => t(
                "Эти ответы для другого семинара: присоединитесь к текущему по коду.",
                "These answers are for another session: join the current one with the code.",
            ),
            Refusal::Running => t(
                "Идёт другой семинар: сначала закройте его.",
                "Another session is running: close it first.",
            ),
            Refusal::RevisionReused => t(
                "Эта версия ответов уже получена с другим содержанием: обновите страницу.",
                "This version of the answers was already received with other contents: reload the page.",
            ),
            Refusal::Invalid => t(
                "Ответы не подходят к семинару (нет такой группы, вопроса или варианта).",
                "The answers do not fit the session (no such group, question or option).",
            ),
            Refusal::TooMany(Limit::Items(n)) => format!(
                "{} {n}.",
                lang.t(
                    "Больше пунктов, чем можно группе в одном вопросе:",
                    "More items than a group may have in one question:"
                )
            ),
            Refusal::TooMany(Limit::ItemChars(n)) => format!(
                "{} {n}.",
                lang.t(
                    "Пункт длиннее, чем можно (символов):",
                    "An item longer than allowed (characters):"
                )
            ),
            Refusal::TooMany(Limit::Votes(n)) => format!(
                "{} {n}.",
                lang.t(
                    "Больше голосов, чем можно участнику:",
                    "More votes than a participant may give:"
                )
            ),
            Refusal::NoSuchItem => t("Такого пункта нет.", "No such item."),
            Refusal::TooManyParticipants => format!(
                "{} {MAX_PARTICIPANTS}.",
                lang.t(
                    "В семинаре уже наибольшее число участников:",
                    "The session already has the most participants it takes:"
                )
            ),
            Refusal::RateLimited => t(
                "Слишком много запросов: подождите минуту.",
                "Too many requests: wait a minute.",
            ),
            Refusal::Journal(e) => format!(
                "{} ({e})",
                lang.t(
                    "Журнал семинара не записан, ничего не принято",
                    "The session's journal was not written; nothing was taken"
                )
            ),
        }
    }
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Refusal {
        Refusal::Journal(e.to_string())
    }
}

/// Counts per key in one-minute windows.
struct PerMinute<K> {
    limit: u32,
    seen: HashMap<K, (Instant, u32)>,
}

impl<K: std::hash::Hash + Eq> PerMinute<K> {
    fn new(limit: u32) -> PerMinute<K> {
        PerMinute {
            limit,
            seen: HashMap::new(),
        }
    }

    /// Counts one more; `false` when over the limit in this minute.
    fn take(&mut self, key: K) -> bool {
        let now = Instant::now();
        if self.seen.len() > 10_000 {
            self.seen
                .retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let (start, count) = self.seen.entry(key).or_insert((now, 0));
        if now.duration_since(*start) >= Duration::from_secs(60) {
            *start = now;
            *count = 0;
        }
        *count += 1;
        *count <= self.limit
    }
}

/// What a phone's contribution did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Took {
    Added,
    Extended,
    Replaced,
    /// The same answers again, or this very revision again: nothing new stored.
    Same,
    /// An earlier revision than the one held: nothing stored.
    Older,
}

impl Took {
    pub fn name(self) -> &'static str {
        match self {
            Took::Added => "added",
            Took::Extended => "extended",
            Took::Replaced => "replaced",
            Took::Same => "same",
            Took::Older => "older",
        }
    }
}

/// One line of the board's log, as `/api/board` hands it on.
#[derive(Clone)]
pub struct Entry {
    pub seq: i64,
    pub origin: Origin,
    pub code: String,
}

/// A session being run.
struct Live {
    board: Board,
    code: String,
    shown: u16,
    closed: bool,
    tokens: HashMap<String, u32>,
    log: Vec<Entry>,
}

/// What a phone learns of the session.
pub struct PhoneView {
    pub session: String,
    pub shown: u16,
    pub closed: bool,
    /// What the board holds from this phone, one contribution per group (base45).
    pub mine: Vec<String>,
}

/// What the facilitator's page reads of the board.
pub struct BoardView {
    pub session: Option<String>,
    pub shown: u16,
    pub closed: bool,
    pub seq: i64,
    pub entries: Vec<Entry>,
}

pub struct Hall {
    journal: Journal,
    pub join_code: String,
    secret: String,
    live: Option<Live>,
    joins: PerMinute<IpAddr>,
    sends: PerMinute<u32>,
}

/// `n` random bytes as lower-case hex.
fn random_hex(n: usize) -> Result<String, String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn random_u32() -> Result<u32, String> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(u32::from_le_bytes(bytes))
}

/// Compares in time that does not depend on where the texts differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn stored_entry(s: &Stored) -> Entry {
    Entry {
        seq: s.seq,
        origin: s.origin,
        code: wire::base45_encode(&s.bytes),
    }
}

impl Hall {
    /// Opens the journal and resumes whatever session it holds; a new journal gets its join
    /// code and the facilitator's secret, kept for every later start.
    pub fn open(journal: Journal, joins_per_minute: u32) -> Result<Hall, String> {
        let db = |e: rusqlite::Error| e.to_string();
        let join_code = match journal.meta("join_code").map_err(db)? {
            Some(c) => c,
            None => {
                let c = (100_000 + random_u32()? % 900_000).to_string();
                journal.set_meta("join_code", &c).map_err(db)?;
                c
            }
        };
        // The secret itself is kept (not a hash) so that a restarted server can show the
        // facilitator's address again; whoever reads the journal has the session anyway.
        let secret = match journal.meta("secret").map_err(db)? {
            Some(s) => s,
            None => {
                let s = random_hex(24)?;
                journal.set_meta("secret", &s).map_err(db)?;
                s
            }
        };
        let mut hall = Hall {
            journal,
            join_code,
            secret,
            live: None,
            joins: PerMinute::new(joins_per_minute),
            sends: PerMinute::new(SENDS_PER_MINUTE),
        };
        hall.resume()?;
        Ok(hall)
    }

    /// Rebuilds the current session from the journal: the board from every stored
    /// contribution in the order taken.
    fn resume(&mut self) -> Result<(), String> {
        let db = |e: rusqlite::Error| e.to_string();
        let Some(stored) = self.journal.session().map_err(db)? else {
            self.live = None;
            return Ok(());
        };
        let session = wire::read_session(&stored.bytes).map_err(|e| e.to_string())?;
        let id = session.id;
        let mut board = Board::new(session);
        for (device, group, question, item) in self.journal.removals(id).map_err(db)? {
            board.forbid(device, group, question, &item);
        }
        let rows = self.journal.contributions(id).map_err(db)?;
        for row in &rows {
            let c = wire::read_contribution(&row.bytes).map_err(|e| e.to_string())?;
            // Each row was applied when it was taken; the last one of a device and group is
            // what the board held.
            board.replace(c);
        }
        let tokens = self
            .journal
            .participants(id)
            .map_err(db)?
            .into_iter()
            .map(|p| (p.token, p.device))
            .collect();
        self.live = Some(Live {
            board,
            code: wire::base45_encode(&stored.bytes),
            shown: stored.shown,
            closed: stored.closed,
            tokens,
            log: rows.iter().map(stored_entry).collect(),
        });
        Ok(())
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    pub fn secret_ok(&self, given: &str) -> bool {
        same_secret(given, &self.secret)
    }

    /// How many contributions the board holds and from how many participants (for the
    /// terminal).
    pub fn counts(&self) -> Option<(usize, usize)> {
        self.live
            .as_ref()
            .map(|l| (l.board.contributions().len(), l.tokens.len()))
    }

    pub fn session_title(&self) -> Option<String> {
        self.live.as_ref().map(|l| l.board.session.title.clone())
    }

    /// Starts a session (the facilitator's page sends it as base45 of its wire bytes). The
    /// same session again is answered as started; another one only once the current one is
    /// closed.
    pub fn start(&mut self, code: &str) -> Result<(), Refusal> {
        let bytes = wire::base45_decode(code.trim()).ok_or(Refusal::Malformed)?;
        let session = wire::read_session(&bytes).map_err(|_| Refusal::Malformed)?;
        if let Some(live) = &self.live {
            if live.board.session.id == session.id && !live.closed {
                return Ok(());
            }
            if !live.closed {
                return Err(Refusal::Running);
            }
        }
        self.journal.start(session.id, &bytes)?;
        self.live = Some(Live {
            board: Board::new(session),
            code: wire::base45_encode(&bytes),
            shown: 0,
            closed: false,
            tokens: HashMap::new(),
            log: Vec::new(),
        });
        Ok(())
    }

    fn running(&mut self) -> Result<&mut Live, Refusal> {
        let live = self.live.as_mut().ok_or(Refusal::NotStarted)?;
        if live.closed {
            return Err(Refusal::Closed);
        }
        Ok(live)
    }

    pub fn close(&mut self) -> Result<(), Refusal> {
        self.running()?;
        self.journal.close()?;
        if let Some(live) = self.live.as_mut() {
            live.closed = true;
        }
        Ok(())
    }

    pub fn show(&mut self, question: u16) -> Result<(), Refusal> {
        let live = self.running()?;
        if usize::from(question) >= live.board.session.questions.len() {
            return Err(Refusal::Invalid);
        }
        self.journal.show(question)?;
        if let Some(live) = self.live.as_mut() {
            live.shown = question;
        }
        Ok(())
    }

    /// A phone joins with the session's code: it gets a token and a device number of its
    /// own, and the session.
    pub fn join(
        &mut self,
        code: &str,
        group: Option<u16>,
        from: IpAddr,
    ) -> Result<(String, u32, String), Refusal> {
        if !self.joins.take(from) {
            return Err(Refusal::RateLimited);
        }
        if !same_secret(code.trim(), &self.join_code) {
            return Err(Refusal::WrongCode);
        }
        let live = self.running()?;
        if live.tokens.len() >= MAX_PARTICIPANTS {
            return Err(Refusal::TooManyParticipants);
        }
        if group.is_some_and(|g| usize::from(g) >= live.board.session.groups.len()) {
            return Err(Refusal::Invalid);
        }
        let id = live.board.session.id;
        let token = random_hex(16).map_err(Refusal::Journal)?;
        let device = loop {
            let d = random_u32().map_err(Refusal::Journal)?;
            if d != 0 && !self.journal.device_taken(d)? {
                break d;
            }
        };
        self.journal
            .join(&token, device, id, group, &from.to_string())?;
        let live = self.running()?;
        live.tokens.insert(token.clone(), device);
        Ok((token, device, live.code.clone()))
    }

    fn device_of(&self, token: &str) -> Result<u32, Refusal> {
        let live = self.live.as_ref().ok_or(Refusal::NotStarted)?;
        live.tokens.get(token).copied().ok_or(Refusal::NoToken)
    }

    pub fn phone_view(&self, token: &str) -> Result<PhoneView, Refusal> {
        let device = self.device_of(token)?;
        let live = self.live.as_ref().ok_or(Refusal::NotStarted)?;
        let mine = (0..live.board.session.groups.len())
            .filter_map(|g| live.board.held_for(device, g as u16))
            .map(|c| wire::base45_encode(&wire::contribution_bytes(c)))
            .collect();
        Ok(PhoneView {
            session: live.code.clone(),
            shown: live.shown,
            closed: live.closed,
            mine,
        })
    }

    /// A phone's contribution: read, held to its token and the session's rules, written to
    /// the journal, then merged. Returns what it did and the sequence number it is kept
    /// under (for `Same` / `Older`, the last one).
    pub fn contribute(&mut self, token: &str, code: &str) -> Result<(Took, i64), Refusal> {
        let device = self.device_of(token)?;
        if !self.sends.take(device) {
            return Err(Refusal::RateLimited);
        }
        let sent = wire::base45_decode(code.trim()).ok_or(Refusal::Malformed)?;
        let mut c = wire::read_contribution(&sent).map_err(|_| Refusal::Malformed)?;
        if c.device != device {
            return Err(Refusal::OtherDevice);
        }
        let live = self.running()?;
        if c.session != live.board.session.id {
            return Err(Refusal::OtherSession);
        }
        let last = live.log.last().map_or(0, |e| e.seq);
        // What the facilitator removed from this device's answers stays out: the phone sends
        // its whole list, the removed item with it, until it hears of the removal.
        let bytes = if live.board.strip(&mut c) {
            wire::contribution_bytes(&c)
        } else {
            sent.clone()
        };
        let (session, group, revision) = (c.session, c.group, c.revision);
        if let Some((seq, held)) = self.journal.revision(session, device, group, revision)? {
            // A resend: as stored, whether it was stored before a removal or after.
            return if held == sent || held == bytes {
                Ok((Took::Same, seq))
            } else {
                Err(Refusal::RevisionReused)
            };
        }
        let live = self.running()?;
        let held = live
            .board
            .held_for(device, group)
            .map(|h| (h.revision, h.answers.clone()));
        let took = match live.board.merge(c.clone()) {
            Merge::Added => Took::Added,
            Merge::Extended => Took::Extended,
            Merge::Replaced => Took::Replaced,
            Merge::Same => return Ok((Took::Same, last)),
            Merge::Older => return Ok((Took::Older, last)),
            Merge::Confirm if held.as_ref().is_some_and(|(r, _)| revision > *r) => {
                // The token proves the device: its later revision replaces its own answers.
                live.board.replace(c);
                Took::Replaced
            }
            Merge::Confirm => return Ok((Took::Older, last)),
            Merge::OtherSession => return Err(Refusal::OtherSession),
            Merge::Invalid => return Err(Refusal::Invalid),
            Merge::TooMany(limit) => return Err(Refusal::TooMany(limit)),
        };
        self.store(session, device, group, revision, Origin::Phone, bytes)
            .map(|seq| (took, seq))
    }

    /// Writes what the board just took to the journal; when that fails, the board is rebuilt
    /// from the journal, so that it never holds what was not kept.
    fn store(
        &mut self,
        session: u32,
        device: u32,
        group: u16,
        revision: u32,
        origin: Origin,
        bytes: Vec<u8>,
    ) -> Result<i64, Refusal> {
        match self
            .journal
            .add(session, device, group, revision, origin, &bytes)
        {
            Ok(seq) => {
                if let Some(live) = self.live.as_mut() {
                    live.log.push(Entry {
                        seq,
                        origin,
                        code: wire::base45_encode(&bytes),
                    });
                }
                Ok(seq)
            }
            Err(e) => {
                let _ = self.resume();
                Err(e.into())
            }
        }
    }

    /// The facilitator removes one item from what a device holds for a group; the item stays
    /// out of that device's later contributions.
    pub fn remove(
        &mut self,
        device: u32,
        group: u16,
        question: u16,
        item: &str,
    ) -> Result<i64, Refusal> {
        let live = self.running()?;
        let c = live
            .board
            .remove_item(device, group, question, item, true)
            .ok_or(Refusal::NoSuchItem)?;
        let bytes = wire::contribution_bytes(&c);
        match self
            .journal
            .remove(c.session, device, group, question, item, c.revision, &bytes)
        {
            Ok(seq) => {
                if let Some(live) = self.live.as_mut() {
                    live.log.push(Entry {
                        seq,
                        origin: Origin::Facilitator,
                        code: wire::base45_encode(&bytes),
                    });
                }
                Ok(seq)
            }
            Err(e) => {
                // The board never holds what was not kept.
                let _ = self.resume();
                Err(e.into())
            }
        }
    }

    /// What the board took after `since`.
    pub fn board_view(&self, since: i64) -> BoardView {
        match &self.live {
            None => BoardView {
                session: None,
                shown: 0,
                closed: false,
                seq: 0,
                entries: Vec::new(),
            },
            Some(live) => {
                let from = live.log.partition_point(|e| e.seq <= since);
                BoardView {
                    session: Some(live.code.clone()),
                    shown: live.shown,
                    closed: live.closed,
                    seq: live.log.last().map_or(0, |e| e.seq),
                    entries: live.log[from..].to_vec(),
                }
            }
        }
    }

    /// The current session's board (for tests of the state and the terminal).
    #[cfg(test)]
    pub fn board(&self) -> Option<&Board> {
        self.live.as_ref().map(|l| &l.board)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workshop::{Answer, Contribution, Kind, Question, Session};

    fn session() -> Session {
        Session::new(
            9,
            vec!["Группа 1".into()],
            vec![Question {
                text: "Проблемы".into(),
                kind: Kind::List,
                options: Vec::new(),
            }],
        )
    }

    fn items(device: u32, revision: u32, list: &[&str]) -> String {
        wire::base45_encode(&wire::contribution_bytes(&Contribution {
            session: 9,
            device,
            group: 0,
            revision,
            answers: vec![(
                0,
                Answer::Items(list.iter().map(|i| (*i).to_owned()).collect()),
            )],
        }))
    }

    #[test]
    fn a_removal_and_a_replacement_are_rebuilt_from_the_journal_as_they_were() {
        let path =
            std::env::temp_dir().join(format!("otsenka-hall-state-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let open = || Hall::open(Journal::open(&path).expect("journal"), 10).expect("hall");
        let mut hall = open();
        hall.start(&wire::base45_encode(&wire::session_bytes(&session())))
            .expect("started");
        let here = IpAddr::from([127, 0, 0, 1]);
        let (token, device, _) = hall
            .join(&hall.join_code.clone(), None, here)
            .expect("joined");
        let take = |hall: &mut Hall, revision, list: &[&str]| {
            hall.contribute(&token, &items(device, revision, list))
                .map(|(t, _)| t)
        };
        assert_eq!(take(&mut hall, 1, &["а", "б"]), Ok(Took::Added));
        assert_eq!(hall.remove(device, 0, 0, "а").map(|_| ()), Ok(()));
        assert_eq!(
            hall.remove(device, 0, 0, "нет такого"),
            Err(Refusal::NoSuchItem)
        );
        let held = |hall: &Hall| hall.board().map(|b| b.items(0, 0).join(", "));
        // The phone had not heard of the removal: its first revision again is the same, and
        // its next one, sent with «а» still in it, is taken without «а».
        assert_eq!(take(&mut hall, 1, &["а", "б"]), Ok(Took::Same));
        assert_eq!(take(&mut hall, 2, &["а", "б", "в"]), Ok(Took::Extended));
        assert_eq!(held(&hall).as_deref(), Some("б, в"));
        assert_eq!(take(&mut hall, 2, &["а", "б", "в"]), Ok(Took::Same));
        assert_eq!(take(&mut hall, 3, &["в"]), Ok(Took::Replaced));
        assert_eq!(held(&hall).as_deref(), Some("в"));
        // What the phone reads back is the board's: without «а».
        let mine = hall.phone_view(&token).expect("state").mine;
        assert_eq!(mine, [items(device, 3, &["в"])]);
        drop(hall);
        let mut hall = open();
        assert_eq!(held(&hall).as_deref(), Some("в"));
        assert_eq!(hall.board_view(0).entries.len(), 4);
        // Restarted, the removal still holds.
        let again = hall.contribute(&token, &items(device, 4, &["а", "в", "г"]));
        assert_eq!(again.map(|(t, _)| t), Ok(Took::Extended));
        assert_eq!(held(&hall).as_deref(), Some("в, г"));
        let _ = std::fs::remove_file(&path);
    }
}
