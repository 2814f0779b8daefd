//! Workshop mode's core (issue 8): a facilitator's session (groups, questions), the groups'
//! contributions and how they merge on the facilitator's laptop, and the wire format that
//! carries a session to the phones and a group's answers back — with no network, as QR codes
//! shown in turn, a text code or a file.
//!
//! Pure Rust, no browser and no clock, tested natively (`tests/qr.rs` draws every chunk as a
//! QR code and reads it back with `rqrr`).
//!
//! - [`session`]: [`Session`], [`Question`], [`Contribution`], [`Answer`].
//! - [`board`]: [`Board`] merges contributions: idempotent, what only adds is taken, what would
//!   replace or remove held answers waits for the facilitator, the session's [`Rules`] hold,
//!   nothing touches another device's or group's answers.
//! - [`consolidate`]: a list question's items as one list (same wording once, merges keeping
//!   every source, near-duplicate suggestions by character trigrams) for dot-voting.
//! - [`record`]: what the groups said on each question, and the session as a record of the
//!   decisions register (agenda, ВЫСТУПИЛИ, decisions numbered by question).
//! - [`wire`]: binary encoding, deflate, base45 (RFC 9285: the QR alphanumeric alphabet),
//!   numbered chunks with a checksum each, and their reassembly with every missing or damaged
//!   chunk named.

pub mod board;
pub mod consolidate;
pub mod record;
pub mod session;
pub mod wire;

pub use board::{Board, Change, Changed, Limit, Merge};
pub use session::{
    item_cells, item_line, item_of, item_wording, Answer, Contribution, Decision, Kind, Protocol,
    Question, Rules, Session, CELL_SEPARATOR, MAX_ITEM_CHARS,
};
