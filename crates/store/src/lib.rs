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

use model::{Assessment, Edits, Lang};

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

impl StoreError {
    /// The failure as a part of a sentence, in `lang` (the one wording every page and the
    /// file worker use); the browser's own message, in its language, follows in parentheses.
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (StoreError::Unavailable(d), Lang::Ru) => {
                format!("хранилище браузера недоступно ({d})")
            }
            (StoreError::Unavailable(d), Lang::En) => {
                format!("browser storage is unavailable ({d})")
            }
            (StoreError::QuotaExceeded(d), Lang::Ru) => {
                format!("место для данных на этом устройстве закончилось ({d})")
            }
            (StoreError::QuotaExceeded(d), Lang::En) => {
                format!("this device's storage is full ({d})")
            }
            (StoreError::Corrupt { id, reason }, Lang::Ru) => {
                format!("запись {id} не читается ({reason})")
            }
            (StoreError::Corrupt { id, reason }, Lang::En) => {
                format!("record {id} cannot be read ({reason})")
            }
            (StoreError::Other(d), Lang::Ru) => format!("ошибка хранилища ({d})"),
            (StoreError::Other(d), Lang::En) => format!("storage error ({d})"),
        }
    }
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

/// Most recently changed first; equal times by id. O(n log n): the municipality page lists
/// every school's record of a region through this.
fn newest_first(list: &mut [Assessment]) {
    heap_sort_by(list, |a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then_with(|| a.id.cmp(&b.id))
            .is_lt()
    });
}

/// Heapsort: in place, O(n log n) in every case, no allocation. Hand-written because the
/// standard library's sort brings about 1 KB of brotli into the first view for this one call
/// (ARCHITECTURE.md, `crates/store`); the tests hold it against `sort_unstable_by`.
fn heap_sort_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift = |v: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[node], &v[child]) {
            break;
        }
        v.swap(node, child);
        node = child;
    };
    for node in (0..v.len() / 2).rev() {
        sift(v, node, v.len());
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::{heap_sort_by, newest_first};

    #[test]
    fn the_heapsort_sorts_as_the_standard_sort_does() {
        // Every length to 70 and a few long ones, over keys with many repeats (a small
        // generator, so the test needs no random source).
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in (0..70).chain([255, 256, 1000, 4097]) {
            for modulus in [1, 3, 50, u64::MAX] {
                let list: Vec<(u64, usize)> = (0..n).map(|i| (next() % modulus, i)).collect();
                let mut ours = list.clone();
                heap_sort_by(&mut ours, |a, b| a < b);
                let mut theirs = list;
                theirs.sort_unstable();
                assert_eq!(ours, theirs, "{n} items, keys mod {modulus}");
            }
        }
        let mut keys: Vec<u64> = (0..500).map(|_| next() % 7).collect();
        heap_sort_by(&mut keys, |a, b| a > b);
        assert!(
            keys.windows(2).all(|w| w[0] >= w[1]),
            "a reversed order sorts descending"
        );
    }
    use model::Assessment;

    fn record(id: String, updated_at: String) -> Assessment {
        let mut a = Assessment::from_json(&format!(
            r#"{{"id":"{id}","template_id":"t","template_version":"1","template_hash":"h","created_at":"","updated_at":"{updated_at}"}}"#
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        a.updated_at = updated_at;
        a
    }

    #[test]
    fn a_large_list_sorts_newest_first_in_n_log_n() {
        // Oldest first is the worst case of the insertion sort this replaced: 100 000 records
        // would take 5·10⁹ moves (minutes); a standard sort takes milliseconds.
        let n = 100_000;
        let mut list: Vec<Assessment> = (0..n)
            .map(|i| record(format!("a{:06}", i % 1000), format!("2026-{:08}", i / 2)))
            .collect();
        let started = std::time::Instant::now();
        newest_first(&mut list);
        let took = started.elapsed();
        assert!(
            took.as_secs() < 60,
            "a hang guard, not a measurement: {took:?}"
        );
        for w in list.windows(2) {
            assert!(
                w[0].updated_at > w[1].updated_at
                    || (w[0].updated_at == w[1].updated_at && w[0].id <= w[1].id),
                "{} {} / {} {}",
                w[0].updated_at,
                w[0].id,
                w[1].updated_at,
                w[1].id
            );
        }
        assert_eq!(list[0].updated_at, format!("2026-{:08}", (n - 1) / 2));
    }
}
