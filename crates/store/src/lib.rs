//! Where assessments live on the device.
//!
//! [`AssessmentStore`] is the small interface the app writes through. In the browser it is
//! [`IdbStore`] (IndexedDB, tested in headless Chromium by wasm-bindgen-test); natively it is
//! [`MemoryStore`], a twin with the same behaviour for tests of code that only needs *a* store.
//! Every error says in words what failed, because the app shows it to the person whose
//! answer did not get saved.

#[cfg(target_arch = "wasm32")]
mod idb;
mod memory;

#[cfg(target_arch = "wasm32")]
pub use idb::{js_text, IdbStore, DB_VERSION};
pub use memory::MemoryStore;

use model::{Assessment, Edits};

/// Why a read or write did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser gives no storage at all (private mode, disabled by policy, file:// …).
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
    /// The device or the browser's quota for this site is full.
    #[error("storage is full: {0}")]
    QuotaExceeded(String),
    /// A stored record does not read as an assessment (written by a newer or broken version).
    #[error("record {id} cannot be read: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("storage error: {0}")]
    Other(String),
}

/// Persistence of assessments and of the template texts they were answered against.
///
/// Futures are not `Send`: the browser runs one thread, and so does every caller.
#[allow(async_fn_in_trait)]
pub trait AssessmentStore {
    /// Writes the whole assessment; resolves only after the write is durable (committed).
    async fn put(&self, assessment: &Assessment) -> Result<(), StoreError>;
    /// Applies `edits` to the assessment as stored, in one transaction, and adds one to its
    /// revision: what another tab wrote in between to other items is kept. Returns the
    /// record as written, or `None` (writing nothing) when no such assessment is stored.
    async fn update(&self, id: &str, edits: &Edits) -> Result<Option<Assessment>, StoreError>;
    /// Writes assessments and template texts (key, text) in one transaction: all or none.
    async fn put_all(
        &self,
        assessments: &[Assessment],
        templates: &[(String, String)],
    ) -> Result<(), StoreError>;
    async fn get(&self, id: &str) -> Result<Option<Assessment>, StoreError>;
    /// Every stored assessment, most recently changed first.
    async fn list(&self) -> Result<Vec<Assessment>, StoreError>;
    async fn delete(&self, id: &str) -> Result<(), StoreError>;
    /// Keeps a copy of a template file, so an assessment can always be read against the
    /// exact text it was answered on, even after the app ships a newer version.
    async fn put_template(&self, hash: &str, json: &str) -> Result<(), StoreError>;
    async fn get_template(&self, hash: &str) -> Result<Option<String>, StoreError>;
    /// Every kept template as (key, text) (IndexedDB: in key order). Copies kept for assessments are
    /// keyed by content hash; the app keys templates a person imported `imported:<hash>`.
    async fn list_templates(&self) -> Result<Vec<(String, String)>, StoreError>;
}

/// The store the app uses: IndexedDB, or — when the browser gives none (private mode,
/// storage disabled) — memory, which keeps the session working and forgets it on close.
#[derive(Debug)]
pub enum Store {
    #[cfg(target_arch = "wasm32")]
    Idb(IdbStore),
    Memory(MemoryStore),
}

impl Store {
    /// Whether what is written survives closing the page.
    pub fn is_kept(&self) -> bool {
        !matches!(self, Store::Memory(_))
    }
}

/// Forwards a call to whichever store this is.
macro_rules! each {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            #[cfg(target_arch = "wasm32")]
            Store::Idb($s) => $call.await,
            Store::Memory($s) => $call.await,
        }
    };
}

impl AssessmentStore for Store {
    async fn put(&self, assessment: &Assessment) -> Result<(), StoreError> {
        each!(self, s => s.put(assessment))
    }
    async fn update(&self, id: &str, edits: &Edits) -> Result<Option<Assessment>, StoreError> {
        each!(self, s => s.update(id, edits))
    }
    async fn put_all(
        &self,
        assessments: &[Assessment],
        templates: &[(String, String)],
    ) -> Result<(), StoreError> {
        each!(self, s => s.put_all(assessments, templates))
    }
    async fn get(&self, id: &str) -> Result<Option<Assessment>, StoreError> {
        each!(self, s => s.get(id))
    }
    async fn list(&self) -> Result<Vec<Assessment>, StoreError> {
        each!(self, s => s.list())
    }
    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        each!(self, s => s.delete(id))
    }
    async fn put_template(&self, hash: &str, json: &str) -> Result<(), StoreError> {
        each!(self, s => s.put_template(hash, json))
    }
    async fn get_template(&self, hash: &str) -> Result<Option<String>, StoreError> {
        each!(self, s => s.get_template(hash))
    }
    async fn list_templates(&self) -> Result<Vec<(String, String)>, StoreError> {
        each!(self, s => s.list_templates())
    }
}

/// The stored record with `edits` applied and its revision counted up.
fn edited(stored: &Assessment, edits: &Edits) -> Assessment {
    let mut next = edits.apply(stored);
    next.revision = stored.revision.saturating_add(1);
    next
}

fn newest_first(list: &mut [Assessment]) {
    // An insertion sort: lists are short, and the standard sorts cost the browser bundle
    // kilobytes per element type.
    let before = |a: &Assessment, b: &Assessment| (&b.updated_at, &a.id) < (&a.updated_at, &b.id);
    for i in 1..list.len() {
        let mut j = i;
        while j > 0 && before(&list[j], &list[j - 1]) {
            list.swap(j, j - 1);
            j -= 1;
        }
    }
}
