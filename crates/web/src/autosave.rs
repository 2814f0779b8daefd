//! Autosave with a crash journal: the one way every editor writes answers (the app's fill
//! page, the report page's plan editor).
//!
//! What is written is [`Edits`] (the parts a person changed), applied to the record as stored
//! inside one transaction ([`AssessmentStore::update`]), so another tab's answers to other
//! items stay. Writes of one assessment are serialised (never two in flight, never
//! reordered) and a burst of changes collapses into one write.
//!
//! Unwritten edits are journalled synchronously in localStorage (`otsenka.unsaved.<id>`)
//! before `queue` returns, and stay there until their transaction commits. A page killed a
//! moment after an edit can lose the IndexedDB commit (the browser aborts transactions of a
//! closing page), but not the journal; the next page to open the database ([`replay`]) applies
//! it. Applying edits twice changes nothing, so a journal left by a commit that did land is
//! harmless.

use std::cell::RefCell;
use std::rc::Rc;

use model::{Assessment, Edits, VecMap};
use store::{AssessmentStore, StoreError};

/// localStorage key prefix of journalled (not yet committed) edits.
pub use contract::keys::JOURNAL;

/// How a run of writes of one assessment ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything queued is committed.
    Saved,
    /// The assessment is no longer stored (deleted in another tab): the edits are dropped.
    Gone,
    /// A write failed; the edits stay queued (and journalled) for the next change or `flush`.
    Failed(StoreError),
}

/// Called with each record as committed.
pub type OnWritten = Rc<dyn Fn(&str, &Assessment)>;

/// What the editor hears of its writes: each committed record (to show it, tell other tabs),
/// and how the run ended.
#[derive(Clone)]
pub struct Hooks {
    pub written: OnWritten,
    pub done: Rc<dyn Fn(Outcome)>,
}

thread_local! {
    /// Per assessment id, edits not yet committed.
    static PENDING: RefCell<VecMap<Edits>> = RefCell::new(VecMap::new());
    /// Assessment ids with a write loop running.
    static WRITING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn journal_key(id: &str) -> String {
    format!("{JOURNAL}{id}")
}

fn journal_write(id: &str, edits: &Edits) {
    if let Some(local) = local() {
        // A full localStorage only loses the safety net; IndexedDB stays the record.
        let _ = local.set_item(&journal_key(id), &edits.to_json());
    }
}

/// Drops the journal of `id` (after its edits committed, or when it was deleted).
pub fn journal_clear(id: &str) {
    if let Some(local) = local() {
        let _ = local.remove_item(&journal_key(id));
    }
}

/// Applies journalled edits to `store`, then drops them. An entry that does not parse (one
/// written by a future version) is left in place rather than thrown away.
pub async fn replay<S: AssessmentStore>(store: &S) {
    let Some(local) = local() else {
        return;
    };
    let keys: Vec<String> = (0..local.length().unwrap_or(0))
        .filter_map(|i| local.key(i).ok().flatten())
        .filter(|k| k.starts_with(JOURNAL))
        .collect();
    for key in keys {
        let Some(text) = local.get_item(&key).ok().flatten() else {
            continue;
        };
        let id = &key[JOURNAL.len()..];
        let settled = match Edits::from_json(&text) {
            Ok(edits) => store.update(id, &edits).await.is_ok(),
            Err(_) => false,
        };
        if settled {
            let _ = local.remove_item(&key);
        }
    }
}

/// The edits of `id` still waiting for their commit.
pub fn pending(id: &str) -> Option<Edits> {
    PENDING.with(|p| p.borrow().get(id).cloned())
}

/// Queues `edits` for `id` after any still pending, journals them all synchronously, and
/// starts writing (one write at a time per assessment). Returns whether anything is queued.
pub fn queue<S: AssessmentStore + 'static>(
    store: Rc<S>,
    id: &str,
    edits: Edits,
    hooks: Hooks,
) -> bool {
    let queued = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let queued = p.remove(id).unwrap_or_default().then(edits);
        if !queued.is_empty() {
            p.insert(id.to_owned(), queued.clone());
        }
        queued
    });
    if queued.is_empty() {
        return false;
    }
    journal_write(id, &queued);
    write_loop(store, id.to_owned(), hooks);
    true
}

/// Starts the writes of whatever is pending now (as the page is hidden or left): pending
/// edits are already journalled, so this only restarts loops that stopped on a failure.
pub fn flush<S: AssessmentStore + 'static>(store: Rc<S>, hooks: Hooks) {
    let ids: Vec<String> =
        PENDING.with(|p| p.borrow().iter().map(|(id, _)| id.to_owned()).collect());
    for id in ids {
        write_loop(store.clone(), id, hooks.clone());
    }
}

/// Forgets everything pending of `id` (it was deleted): nothing of it is written again.
pub fn forget(id: &str) {
    PENDING.with(|p| p.borrow_mut().remove(id));
    journal_clear(id);
}

/// Writes `id`'s pending edits until none are left; a loop already running picks up the
/// newest edits when its write completes.
fn write_loop<S: AssessmentStore + 'static>(store: Rc<S>, id: String, hooks: Hooks) {
    let start = WRITING.with(|w| {
        let mut writing = w.borrow_mut();
        let idle = !writing.contains(&id);
        if idle {
            writing.push(id.clone());
        }
        idle
    });
    if !start {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut outcome = Outcome::Saved;
        while let Some(next) = PENDING.with(|p| p.borrow_mut().remove(&id)) {
            match store.update(&id, &next).await {
                Ok(Some(stored)) => {
                    if PENDING.with(|p| p.borrow().get(&id).is_none()) {
                        journal_clear(&id);
                    }
                    (hooks.written)(&id, &stored);
                }
                Ok(None) => {
                    PENDING.with(|p| p.borrow_mut().remove(&id));
                    journal_clear(&id);
                    outcome = Outcome::Gone;
                    break;
                }
                Err(e) => {
                    // Keep the edits (before any newer ones) so the next change or a retry
                    // writes them; the journal still holds them all.
                    PENDING.with(|p| {
                        let mut p = p.borrow_mut();
                        let newer = p.remove(&id).unwrap_or_default();
                        p.insert(id.clone(), next.then(newer));
                    });
                    outcome = Outcome::Failed(e);
                    break;
                }
            }
        }
        WRITING.with(|w| w.borrow_mut().retain(|x| *x != id));
        (hooks.done)(outcome);
    });
}
