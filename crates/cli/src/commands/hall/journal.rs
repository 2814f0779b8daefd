//! The hall's journal: one SQLite file (WAL, `synchronous = FULL`) that holds the session, the
//! participants' tokens and every contribution the server took, in the order it took them.
//! Each write is committed before the server answers the request that caused it, so what a
//! phone was told is kept survives a `kill -9` or a power cut, and a restart rebuilds the
//! board from it.
//!
//! Contributions are kept as their wire bytes (`workshop::wire`), the same bytes a QR code
//! carries: one decoder judges both paths.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Every session started on this journal; the last one is the current one.
CREATE TABLE IF NOT EXISTS session (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    shown INTEGER NOT NULL DEFAULT 0,
    closed INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    token TEXT PRIMARY KEY,
    device INTEGER NOT NULL UNIQUE,
    session INTEGER NOT NULL,
    grp INTEGER,
    address TEXT NOT NULL,
    joined_at INTEGER NOT NULL
);
-- origin: 'phone' (sent with a participant's token) or 'facilitator' (an item removed).
CREATE TABLE IF NOT EXISTS contributions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session INTEGER NOT NULL,
    device INTEGER NOT NULL,
    grp INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    origin TEXT NOT NULL,
    bytes BLOB NOT NULL,
    received_at INTEGER NOT NULL
);
-- Items the facilitator removed from a device's answers: kept out of its later ones.
CREATE TABLE IF NOT EXISTS removals (
    session INTEGER NOT NULL,
    device INTEGER NOT NULL,
    grp INTEGER NOT NULL,
    question INTEGER NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (session, device, grp, question, item)
);
-- A phone's revision is stored once: a resend is answered from here and stores nothing.
CREATE UNIQUE INDEX IF NOT EXISTS one_revision
    ON contributions (session, device, grp, revision) WHERE origin = 'phone';
";

/// Where a stored contribution came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Phone,
    Facilitator,
}

impl Origin {
    pub fn name(self) -> &'static str {
        match self {
            Origin::Phone => "phone",
            Origin::Facilitator => "facilitator",
        }
    }
}

/// The current session as the journal holds it.
pub struct StoredSession {
    pub bytes: Vec<u8>,
    pub shown: u16,
    pub closed: bool,
}

/// A participant's token as the journal holds it.
pub struct StoredParticipant {
    pub token: String,
    pub device: u32,
}

/// A stored contribution.
pub struct Stored {
    pub seq: i64,
    pub origin: Origin,
    pub bytes: Vec<u8>,
}

pub struct Journal {
    db: Connection,
}

pub type Result<T> = rusqlite::Result<T>;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Journal {
    pub fn open(path: &Path) -> Result<Journal> {
        let db = Connection::open(path)?;
        // The journal holds the facilitator's secret and the phones' tokens: the owner's
        // only (SQLite gives its -wal and -shm files the same permissions).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        db.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a commit is on the disk before the phone is told it is kept, power cut or not.
        db.pragma_update(None, "synchronous", "FULL")?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        db.execute_batch(SCHEMA)?;
        Ok(Journal { db })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.db
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn session(&self) -> Result<Option<StoredSession>> {
        self.db
            .query_row(
                "SELECT bytes, shown, closed FROM session ORDER BY seq DESC LIMIT 1",
                [],
                |r| {
                    Ok(StoredSession {
                        bytes: r.get(0)?,
                        shown: r.get(1)?,
                        closed: r.get(2)?,
                    })
                },
            )
            .optional()
    }

    pub fn start(&self, id: u32, bytes: &[u8]) -> Result<()> {
        self.db.execute(
            "INSERT INTO session (id, bytes, started_at) VALUES (?1, ?2, ?3)",
            params![id, bytes, now_ms()],
        )?;
        Ok(())
    }

    fn update_current(&self, column: &str, value: i64) -> Result<()> {
        self.db.execute(
            &format!("UPDATE session SET {column} = ?1 WHERE seq = (SELECT MAX(seq) FROM session)"),
            [value],
        )?;
        Ok(())
    }

    pub fn show(&self, question: u16) -> Result<()> {
        self.update_current("shown", i64::from(question))
    }

    pub fn close(&self) -> Result<()> {
        self.update_current("closed", 1)
    }

    pub fn participants(&self, session: u32) -> Result<Vec<StoredParticipant>> {
        let mut q = self
            .db
            .prepare("SELECT token, device FROM participants WHERE session = ?1")?;
        let rows = q.query_map([session], |r| {
            Ok(StoredParticipant {
                token: r.get(0)?,
                device: r.get(1)?,
            })
        })?;
        rows.collect()
    }

    /// Whether a device number was ever given out on this journal (in any session).
    pub fn device_taken(&self, device: u32) -> Result<bool> {
        self.db
            .query_row(
                "SELECT 1 FROM participants WHERE device = ?1",
                [device],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
    }

    pub fn join(
        &self,
        token: &str,
        device: u32,
        session: u32,
        group: Option<u16>,
        address: &str,
    ) -> Result<()> {
        self.db.execute(
            "INSERT INTO participants (token, device, session, grp, address, joined_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![token, device, session, group, address, now_ms()],
        )?;
        Ok(())
    }

    /// The bytes stored for this phone revision, if any.
    pub fn revision(
        &self,
        session: u32,
        device: u32,
        group: u16,
        revision: u32,
    ) -> Result<Option<(i64, Vec<u8>)>> {
        self.db
            .query_row(
                "SELECT seq, bytes FROM contributions
                 WHERE session = ?1 AND device = ?2 AND grp = ?3 AND revision = ?4
                   AND origin = 'phone'",
                params![session, device, group, revision],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }

    /// Stores a contribution (committed when this returns) and gives its sequence number.
    pub fn add(
        &self,
        session: u32,
        device: u32,
        group: u16,
        revision: u32,
        origin: Origin,
        bytes: &[u8],
    ) -> Result<i64> {
        self.db.execute(
            "INSERT INTO contributions (session, device, grp, revision, origin, bytes, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                session,
                device,
                group,
                revision,
                origin.name(),
                bytes,
                now_ms()
            ],
        )?;
        Ok(self.db.last_insert_rowid())
    }

    /// Stores the facilitator's removal of an item and what the device's answers are without
    /// it, in one transaction (both or neither); gives the contribution's sequence number.
    #[allow(clippy::too_many_arguments)]
    pub fn remove(
        &mut self,
        session: u32,
        device: u32,
        group: u16,
        question: u16,
        item: &str,
        revision: u32,
        bytes: &[u8],
    ) -> Result<i64> {
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO removals (session, device, grp, question, item)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![session, device, group, question, item],
        )?;
        tx.execute(
            "INSERT INTO contributions (session, device, grp, revision, origin, bytes, received_at)
             VALUES (?1, ?2, ?3, ?4, 'facilitator', ?5, ?6)",
            params![session, device, group, revision, bytes, now_ms()],
        )?;
        let seq = tx.last_insert_rowid();
        tx.commit()?;
        Ok(seq)
    }

    /// A session's removals: (device, group, question, item).
    pub fn removals(&self, session: u32) -> Result<Vec<(u32, u16, u16, String)>> {
        let mut q = self.db.prepare(
            "SELECT device, grp, question, item FROM removals WHERE session = ?1
             ORDER BY device, grp, question, item",
        )?;
        let rows = q.query_map([session], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        rows.collect()
    }

    /// A session's contributions in the order they were taken.
    pub fn contributions(&self, session: u32) -> Result<Vec<Stored>> {
        let mut q = self.db.prepare(
            "SELECT seq, origin, bytes FROM contributions WHERE session = ?1 ORDER BY seq",
        )?;
        let rows = q.query_map([session], |r| {
            let origin: String = r.get(1)?;
            Ok(Stored {
                seq: r.get(0)?,
                origin: if origin == "facilitator" {
                    Origin::Facilitator
                } else {
                    Origin::Phone
                },
                bytes: r.get(2)?,
            })
        })?;
        rows.collect()
    }
}
