//! The wire format between devices with no network.
//!
//! A [`Session`] or a [`Contribution`] becomes bytes (a tag, a format version, then varints and
//! length-prefixed UTF-8), is compressed (deflate), and is cut into chunks of text in the QR
//! alphanumeric alphabet (`0-9 A-Z space $ % * + - . / :`), the densest mode a QR code has for
//! text: 45 characters, so base45 (RFC 9285) carries 2 bytes in 3 characters.
//!
//! A chunk: `OT1S-1A2B3C4D-2/5-9F8E7D6C:<base45>` — the magic `OT1`, the kind (`S` session, `C`
//! contribution), the message id (CRC-32 of the whole compressed message, hex), its number and
//! the total, and the chunk's own CRC-32 over its data. [`Assembler`] takes chunks in any order,
//! ignores repeats, names a damaged chunk by its number, and says which numbers are missing.
//! The same chunks joined by line breaks are the text code and the file.

use crate::consolidate::Entry;
use crate::session::{Answer, Contribution, Decision, Kind, Protocol, Question, Rules, Session};

/// The wire format's version (in the bytes and in the chunk magic).
pub const VERSION: u8 = 1;
const MAGIC: &str = "OT1";
/// Base45 characters of data per chunk by default: with the header a chunk stays within a
/// version 10 QR code at error correction M (311 alphanumeric characters), which a laptop
/// camera reads from a phone held at arm's length.
pub const CHUNK_CHARS: usize = 270;
/// Limits on what a decoder accepts, so a hostile code cannot make it allocate without end.
pub const MAX_MESSAGE: usize = 1 << 20;
const MAX_LIST: u32 = 10_000;
const MAX_CHUNKS: u32 = 500;

/// Why bytes or chunks could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// Not an Otsenka code at all (another QR code in view).
    NotOurs,
    /// A chunk's header or data is malformed, or its checksum does not match: read it again.
    Damaged { number: u32 },
    /// A chunk of another message, or with another total, than the ones read so far.
    OtherMessage,
    /// These chunk numbers have not been read yet.
    Missing(Vec<u32>),
    /// The message is whole but does not decode (wrong version, cut, or corrupt).
    Corrupt(&'static str),
    /// A session where a contribution was expected, or the other way round.
    WrongKind,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::NotOurs => write!(f, "not an Otsenka code"),
            WireError::Damaged { number } => write!(f, "code {number} is damaged: read it again"),
            WireError::OtherMessage => write!(f, "a code of another transfer"),
            WireError::Missing(n) => write!(f, "codes not read yet: {n:?}"),
            WireError::Corrupt(what) => write!(f, "the transfer does not decode: {what}"),
            WireError::WrongKind => write!(f, "not the kind of transfer expected"),
        }
    }
}

impl std::error::Error for WireError {}

// ---- CRC-32 (IEEE), table built at compile time ----

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

// ---- base45 (RFC 9285) ----

const B45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for pair in bytes.chunks(2) {
        let (mut n, digits) = match pair {
            [a, b] => (u32::from(*a) * 256 + u32::from(*b), 3),
            [a] => (u32::from(*a), 2),
            _ => (0, 0),
        };
        for _ in 0..digits {
            out.push(char::from(B45[(n % 45) as usize]));
            n /= 45;
        }
    }
    out
}

pub fn base45_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .bytes()
        .map(|c| B45.iter().position(|&d| d == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() / 3 * 2 + 1);
    for group in digits.chunks(3) {
        match *group {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xFFFF {
                    return None;
                }
                out.extend_from_slice(&[(n >> 8) as u8, (n & 0xFF) as u8]);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xFF {
                    return None;
                }
                out.push(n as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

// ---- bytes ----

struct Writer(Vec<u8>);

impl Writer {
    fn num(&mut self, mut n: u32) {
        loop {
            let byte = (n & 0x7F) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn text(&mut self, s: &str) {
        self.num(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn texts(&mut self, list: &[String]) {
        self.num(list.len() as u32);
        for s in list {
            self.text(s);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, WireError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or(WireError::Corrupt("cut short"))?;
        self.at += 1;
        Ok(b)
    }
    fn num(&mut self) -> Result<u32, WireError> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            let part = u32::from(b & 0x7F)
                .checked_shl(shift)
                .ok_or(WireError::Corrupt("number too large"))?;
            if shift == 28 && b & 0x70 != 0 {
                return Err(WireError::Corrupt("number too large"));
            }
            n |= part;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(WireError::Corrupt("number too large"))
    }
    fn small(&mut self) -> Result<u16, WireError> {
        u16::try_from(self.num()?).map_err(|_| WireError::Corrupt("position too large"))
    }
    fn count(&mut self) -> Result<u32, WireError> {
        let n = self.num()?;
        if n > MAX_LIST {
            return Err(WireError::Corrupt("list too long"));
        }
        Ok(n)
    }
    fn text(&mut self) -> Result<String, WireError> {
        let len = self.num()? as usize;
        let end = self
            .at
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(WireError::Corrupt("text cut short"))?;
        let s = std::str::from_utf8(&self.bytes[self.at..end])
            .map_err(|_| WireError::Corrupt("text is not UTF-8"))?;
        self.at = end;
        Ok(s.to_owned())
    }
    fn texts(&mut self) -> Result<Vec<String>, WireError> {
        (0..self.count()?).map(|_| self.text()).collect()
    }
    fn end(&self) -> Result<(), WireError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(WireError::Corrupt("bytes after the end"))
        }
    }
}

const TAG_SESSION: u8 = b'S';
const TAG_CONTRIBUTION: u8 = b'C';

pub fn session_bytes(s: &Session) -> Vec<u8> {
    let mut w = Writer(vec![TAG_SESSION, VERSION]);
    w.num(s.id);
    w.text(&s.title);
    w.text(&s.date);
    w.text(&s.agenda);
    w.texts(&s.groups);
    w.num(s.questions.len() as u32);
    for q in &s.questions {
        w.0.push(q.kind.code());
        w.text(&q.text);
        w.texts(&q.options);
    }
    // The rules came later: a session without them reads with the defaults.
    w.num(u32::from(s.rules.votes));
    w.num(u32::from(s.rules.items));
    w.0
}

fn header(r: &mut Reader, tag: u8) -> Result<(), WireError> {
    if r.byte()? != tag {
        return Err(WireError::WrongKind);
    }
    if r.byte()? != VERSION {
        return Err(WireError::Corrupt("another format version"));
    }
    Ok(())
}

pub fn read_session(bytes: &[u8]) -> Result<Session, WireError> {
    let mut r = Reader { bytes, at: 0 };
    header(&mut r, TAG_SESSION)?;
    let id = r.num()?;
    let (title, date, agenda) = (r.text()?, r.text()?, r.text()?);
    let groups = r.texts()?;
    let questions = (0..r.count()?)
        .map(|_| {
            let kind = Kind::from_code(r.byte()?).ok_or(WireError::Corrupt("unknown kind"))?;
            Ok(Question {
                kind,
                text: r.text()?,
                options: r.texts()?,
            })
        })
        .collect::<Result<_, WireError>>()?;
    let rules = if r.at == r.bytes.len() {
        Rules::default()
    } else {
        Rules {
            votes: r.small()?,
            items: r.small()?,
        }
    };
    r.end()?;
    Ok(Session {
        id,
        title,
        date,
        agenda,
        groups,
        questions,
        rules,
    })
}

pub fn contribution_bytes(c: &Contribution) -> Vec<u8> {
    let mut w = Writer(vec![TAG_CONTRIBUTION, VERSION]);
    w.num(c.session);
    w.num(c.device);
    w.num(u32::from(c.group));
    w.num(c.revision);
    w.num(c.answers.len() as u32);
    for (q, a) in &c.answers {
        w.num(u32::from(*q));
        match a {
            Answer::Items(items) => {
                w.0.push(0);
                w.texts(items);
            }
            Answer::Rating(r) => {
                w.0.push(1);
                w.0.push(*r);
            }
            Answer::Choices(list) => {
                w.0.push(2);
                w.num(list.len() as u32);
                for c in list {
                    w.num(u32::from(*c));
                }
            }
            Answer::Dots(list) => {
                w.0.push(3);
                w.num(list.len() as u32);
                for (o, n) in list {
                    w.num(u32::from(*o));
                    w.0.push(*n);
                }
            }
        }
    }
    w.0
}

pub fn read_contribution(bytes: &[u8]) -> Result<Contribution, WireError> {
    let mut r = Reader { bytes, at: 0 };
    header(&mut r, TAG_CONTRIBUTION)?;
    let (session, device, group, revision) = (r.num()?, r.num()?, r.small()?, r.num()?);
    let answers = (0..r.count()?)
        .map(|_| {
            let q = r.small()?;
            let a = match r.byte()? {
                0 => Answer::Items(r.texts()?),
                1 => Answer::Rating(r.byte()?),
                2 => Answer::Choices(
                    (0..r.count()?)
                        .map(|_| r.small())
                        .collect::<Result<_, _>>()?,
                ),
                3 => Answer::Dots(
                    (0..r.count()?)
                        .map(|_| Ok((r.small()?, r.byte()?)))
                        .collect::<Result<_, WireError>>()?,
                ),
                _ => return Err(WireError::Corrupt("unknown answer kind")),
            };
            Ok((q, a))
        })
        .collect::<Result<_, WireError>>()?;
    r.end()?;
    Ok(Contribution {
        session,
        device,
        group,
        revision,
        answers,
    })
}

const TAG_PROTOCOL: u8 = b'P';

/// A protocol as bytes (kept on the facilitator's device only).
pub fn protocol_bytes(p: &Protocol) -> Vec<u8> {
    let mut w = Writer(vec![TAG_PROTOCOL, VERSION]);
    w.text(&p.chair);
    w.text(&p.secretary);
    w.text(&p.present);
    w.num(p.decisions.len() as u32);
    for d in &p.decisions {
        // 0: the session as a whole; n + 1: question n.
        w.num(d.question.map_or(0, |q| u32::from(q) + 1));
        w.text(&d.text);
        w.text(&d.responsible);
        w.text(&d.deadline);
    }
    w.0
}

pub fn read_protocol(bytes: &[u8]) -> Result<Protocol, WireError> {
    let mut r = Reader { bytes, at: 0 };
    header(&mut r, TAG_PROTOCOL)?;
    let (chair, secretary, present) = (r.text()?, r.text()?, r.text()?);
    let decisions = (0..r.count()?)
        .map(|_| {
            let q = r.num()?;
            let question = match q {
                0 => None,
                n => Some(
                    u16::try_from(n - 1).map_err(|_| WireError::Corrupt("position too large"))?,
                ),
            };
            Ok(Decision {
                question,
                text: r.text()?,
                responsible: r.text()?,
                deadline: r.text()?,
            })
        })
        .collect::<Result<_, WireError>>()?;
    r.end()?;
    Ok(Protocol {
        chair,
        secretary,
        present,
        decisions,
    })
}

const TAG_LIST: u8 = b'L';

/// A consolidated list as bytes (kept on the facilitator's device only).
pub fn entries_bytes(list: &[Entry]) -> Vec<u8> {
    let mut w = Writer(vec![TAG_LIST, VERSION]);
    w.num(list.len() as u32);
    for e in list {
        w.text(&e.text);
        w.num(e.sources.len() as u32);
        for (g, item) in &e.sources {
            w.num(u32::from(*g));
            w.text(item);
        }
    }
    w.0
}

pub fn read_entries(bytes: &[u8]) -> Result<Vec<Entry>, WireError> {
    let mut r = Reader { bytes, at: 0 };
    header(&mut r, TAG_LIST)?;
    let list = (0..r.count()?)
        .map(|_| {
            let text = r.text()?;
            let sources = (0..r.count()?)
                .map(|_| Ok((r.small()?, r.text()?)))
                .collect::<Result<_, WireError>>()?;
            Ok(Entry { text, sources })
        })
        .collect::<Result<_, WireError>>()?;
    r.end()?;
    Ok(list)
}

// ---- chunks ----

/// The message cut into chunks of at most `chars` base45 characters of data each (at least
/// 3), every chunk numbered and checksummed. The bytes are compressed first.
pub fn chunks(bytes: &[u8], chars: usize) -> Vec<String> {
    let packed = miniz_oxide::deflate::compress_to_vec(bytes, 9);
    let id = crc32(&packed);
    let kind = match bytes.first() {
        Some(&TAG_SESSION) => 'S',
        _ => 'C',
    };
    let per = (chars.max(3) / 3) * 2;
    let parts: Vec<&[u8]> = if packed.is_empty() {
        vec![&[][..]]
    } else {
        packed.chunks(per).collect()
    };
    let total = parts.len();
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            format!(
                "{MAGIC}{kind}-{id:08X}-{}/{total}-{:08X}:{}",
                i + 1,
                crc32(part),
                base45_encode(part)
            )
        })
        .collect()
}

/// One chunk read back: (kind, message id, number, total, data).
fn parse(chunk: &str) -> Result<(char, u32, u32, u32, Vec<u8>), WireError> {
    let chunk = chunk.trim();
    let rest = chunk.strip_prefix(MAGIC).ok_or(WireError::NotOurs)?;
    let (head, data) = rest.split_once(':').ok_or(WireError::NotOurs)?;
    let fields: Vec<&str> = head.split('-').collect();
    let [kind, id, place, sum] = fields.as_slice() else {
        return Err(WireError::NotOurs);
    };
    let kind = match *kind {
        "S" => 'S',
        "C" => 'C',
        _ => return Err(WireError::NotOurs),
    };
    let (number, total) = place.split_once('/').ok_or(WireError::NotOurs)?;
    let number: u32 = number.parse().map_err(|_| WireError::NotOurs)?;
    let damaged = WireError::Damaged { number };
    let total: u32 = total.parse().map_err(|_| damaged.clone())?;
    if number == 0 || number > total || total > MAX_CHUNKS {
        return Err(damaged);
    }
    let id = u32::from_str_radix(id, 16).map_err(|_| damaged.clone())?;
    let sum = u32::from_str_radix(sum, 16).map_err(|_| damaged.clone())?;
    let data = base45_decode(data).ok_or(damaged.clone())?;
    if crc32(&data) != sum {
        return Err(damaged);
    }
    Ok((kind, id, number, total, data))
}

/// Chunks gathered until the message is whole.
#[derive(Debug, Default)]
pub struct Assembler {
    message: Option<(char, u32, u32)>,
    parts: Vec<Option<Vec<u8>>>,
    /// How many of `parts` are in (counted, so a long code is not counted again per chunk).
    held: u32,
}

/// What adding a chunk did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub number: u32,
    pub total: u32,
    /// Chunks held now.
    pub held: u32,
    /// False when this chunk had been read before.
    pub new: bool,
}

impl Assembler {
    pub fn new() -> Assembler {
        Assembler::default()
    }

    /// Adds one chunk (a QR code's text, or a line of a text code or file).
    pub fn add(&mut self, chunk: &str) -> Result<Progress, WireError> {
        let (kind, id, number, total, data) = parse(chunk)?;
        match self.message {
            None => {
                self.message = Some((kind, id, total));
                self.parts = vec![None; total as usize];
            }
            Some(m) if m != (kind, id, total) => return Err(WireError::OtherMessage),
            Some(_) => {}
        }
        let slot = &mut self.parts[(number - 1) as usize];
        let new = slot.is_none();
        if new {
            *slot = Some(data);
            self.held += 1;
        }
        Ok(Progress {
            number,
            total,
            held: self.held,
            new,
        })
    }

    /// The numbers not read yet.
    pub fn missing(&self) -> Vec<u32> {
        self.parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| i as u32 + 1)
            .collect()
    }

    /// The message's bytes, once every chunk is in.
    pub fn finish(&self) -> Result<Vec<u8>, WireError> {
        let Some((_, id, _)) = self.message else {
            return Err(WireError::Missing(vec![1]));
        };
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(WireError::Missing(missing));
        }
        let packed: Vec<u8> = self.parts.iter().flatten().flatten().copied().collect();
        if crc32(&packed) != id {
            return Err(WireError::Corrupt("the codes do not make one transfer"));
        }
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_MESSAGE)
            .map_err(|_| WireError::Corrupt("does not decompress"))
    }
}

/// Every chunk of a text code or a file (one per line, in any order, blank lines ignored) put
/// together.
pub fn assemble_text(text: &str) -> Result<Vec<u8>, WireError> {
    let mut a = Assembler::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        a.add(line)?;
    }
    a.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base45_is_rfc_9285() {
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").as_deref(), Some(&b"ietf!"[..]));
        assert_eq!(base45_decode("GGW"), None, "65536 is no pair of bytes");
        assert_eq!(base45_decode("a"), None);
        assert_eq!(base45_decode("A"), None);
    }

    #[test]
    fn a_protocol_round_trips() {
        let p = Protocol {
            chair: "Иванова И. И.".into(),
            secretary: "Петров П. П.".into(),
            present: "24 человека".into(),
            decisions: vec![
                Decision {
                    question: Some(0),
                    text: "Провести открытые уроки".into(),
                    responsible: "Руководители ОО".into(),
                    deadline: "2027-03-01".into(),
                },
                Decision {
                    question: None,
                    text: "Итоги — на сайт".into(),
                    ..Decision::default()
                },
            ],
        };
        assert_eq!(read_protocol(&protocol_bytes(&p)), Ok(p));
        assert_eq!(
            read_protocol(&[b'P', VERSION, 100]),
            Err(WireError::Corrupt("text cut short"))
        );
    }

    #[test]
    fn a_consolidated_list_round_trips() {
        let list = vec![Entry {
            text: "Нехватка учителей".into(),
            sources: vec![
                (0, "Нехватка учителей".into()),
                (2, "нехватка учителя".into()),
            ],
        }];
        assert_eq!(read_entries(&entries_bytes(&list)), Ok(list));
        assert_eq!(read_entries(b"L"), Err(WireError::Corrupt("cut short")));
    }

    #[test]
    fn crc32_is_ieee() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn numbers_of_every_width_round_trip_and_overlong_ones_are_refused() {
        for n in [0, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut w = Writer(Vec::new());
            w.num(n);
            let mut r = Reader { bytes: &w.0, at: 0 };
            assert_eq!(r.num(), Ok(n));
        }
        let mut r = Reader {
            bytes: &[0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
            at: 0,
        };
        assert!(r.num().is_err());
    }
}
