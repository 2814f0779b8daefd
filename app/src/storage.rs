//! The app's one store, and autosave: every change is written to IndexedDB at once, writes
//! for one assessment are serialised (never two in flight, never reordered), and a burst of
//! keystrokes collapses into the latest state. The outcome of each write is reported to the
//! page, so a failed save is shown, never swallowed.
//!
//! Each change is also journalled, synchronously, in localStorage until its IndexedDB
//! transaction commits. A tab closed a moment after a click can lose the IndexedDB commit
//! (the browser aborts transactions of a closing page), but localStorage writes leave the
//! page at once; the next start replays any journalled state newer than the stored one.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use model::{Assessment, VecMap};
use store::{AssessmentStore, IdbStore, StoreError};

use crate::browser;

const DB_NAME: &str = "otsenka";
/// localStorage key prefix of journalled (not yet committed) assessment states.
const JOURNAL: &str = "otsenka.unsaved.";

thread_local! {
    static STORE: OnceCell<Result<Rc<IdbStore>, StoreError>> = const { OnceCell::new() };
    /// The newest unsaved state per assessment id.
    static PENDING: RefCell<VecMap<Assessment>> = RefCell::new(VecMap::new());
    /// Assessment ids with a write loop running.
    static WRITING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Opens the database once, at start-up, and replays the journal into it.
pub async fn open() {
    let opened = IdbStore::open(DB_NAME).await.map(Rc::new);
    if let Ok(store) = &opened {
        replay_journal(store).await;
    }
    STORE.with(|s| {
        let _ = s.set(opened);
    });
}

fn journal_key(id: &str) -> String {
    format!("{JOURNAL}{id}")
}

fn journal_write(assessment: &Assessment) {
    if let (Some(local), Ok(json)) = (browser::local_storage(), serde_json::to_string(assessment)) {
        // A full localStorage only loses the safety net; IndexedDB stays the record.
        let _ = local.set_item(&journal_key(&assessment.id), &json);
    }
}

fn journal_clear(id: &str) {
    if let Some(local) = browser::local_storage() {
        let _ = local.remove_item(&journal_key(id));
    }
}

/// Writes journalled states that are newer than (or missing from) IndexedDB, then drops
/// them. A journal entry that does not parse is left in place rather than thrown away.
async fn replay_journal(store: &IdbStore) {
    let Some(local) = browser::local_storage() else {
        return;
    };
    let keys: Vec<String> = (0..local.length().unwrap_or(0))
        .filter_map(|i| local.key(i).ok().flatten())
        .filter(|k| k.starts_with(JOURNAL))
        .collect();
    for key in keys {
        let Some(journalled) = local
            .get_item(&key)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<Assessment>(&json).ok())
        else {
            continue;
        };
        let stored = store.get(&journalled.id).await;
        let newer = match &stored {
            Ok(Some(a)) => journalled.updated_at >= a.updated_at,
            Ok(None) => true,
            Err(_) => false,
        };
        let settled = if newer {
            store.put(&journalled).await.is_ok()
        } else {
            stored.is_ok()
        };
        if settled {
            let _ = local.remove_item(&key);
        }
    }
}

/// The store, or why there is none (private mode, storage disabled, …).
pub fn store() -> Result<Rc<IdbStore>, StoreError> {
    STORE.with(|s| match s.get() {
        Some(result) => result.clone(),
        None => Err(StoreError::Unavailable(
            "the database is not open yet".into(),
        )),
    })
}

/// Where the autosave of the open assessment stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Failed(StoreError),
}

/// Queues `assessment` for writing and reports progress through `state`.
pub fn save(assessment: Assessment, state: RwSignal<SaveState>) {
    journal_write(&assessment);
    let id = assessment.id.clone();
    PENDING.with(|p| p.borrow_mut().insert(id.clone(), assessment));
    let start = WRITING.with(|w| {
        let mut writing = w.borrow_mut();
        let idle = !writing.contains(&id);
        if idle {
            writing.push(id.clone());
        }
        idle
    });
    if !start {
        return; // the running loop picks up the newest state when its write completes
    }
    state.try_set(SaveState::Saving);
    leptos::task::spawn_local(async move {
        let mut outcome = SaveState::Saved;
        while let Some(next) = PENDING.with(|p| p.borrow_mut().remove(&id)) {
            let written = match store() {
                Ok(store) => store.put(&next).await,
                Err(e) => Err(e),
            };
            if written.is_ok() && PENDING.with(|p| p.borrow().get(&id).is_none()) {
                journal_clear(&id);
            }
            if let Err(e) = written {
                // Keep the unsaved state so the next change (or a retry) writes it.
                PENDING.with(|p| {
                    let mut pending = p.borrow_mut();
                    if pending.get(&id).is_none() {
                        pending.insert(id.clone(), next);
                    }
                });
                outcome = SaveState::Failed(e);
                break;
            }
        }
        WRITING.with(|w| w.borrow_mut().retain(|x| *x != id));
        state.try_set(outcome);
    });
}

/// Deletes an assessment, and any journalled state of it, so that it cannot come back.
pub async fn delete(id: &str) -> Result<(), StoreError> {
    store()?.delete(id).await?;
    journal_clear(id);
    Ok(())
}

/// Why an assessment could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    NotFound,
    Store(StoreError),
    Template {
        id: String,
        version: String,
        reason: String,
    },
}

/// Loads an assessment and the exact template version it was answered against: the
/// built-in one when the content hash matches, else the copy kept when it was started.
pub async fn load(id: &str) -> Result<(Assessment, std::sync::Arc<model::Template>), LoadError> {
    let store = store().map_err(LoadError::Store)?;
    let assessment = store
        .get(id)
        .await
        .map_err(LoadError::Store)?
        .ok_or(LoadError::NotFound)?;
    let missing = |reason: String| LoadError::Template {
        id: assessment.template_id.clone(),
        version: assessment.template_version.clone(),
        reason,
    };
    if let Some(Ok(t)) = templates::by_id(&assessment.template_id) {
        if assessment.is_for(&t) {
            return Ok((assessment, std::sync::Arc::new(t)));
        }
    }
    let json = store
        .get_template(&assessment.template_hash)
        .await
        .map_err(|e| missing(e.to_string()))?
        .ok_or_else(|| missing(format!("no copy of {}", assessment.template_hash)))?;
    let template = model::Template::from_json(&json).map_err(|e| missing(e.to_string()))?;
    Ok((assessment, std::sync::Arc::new(template)))
}

/// Starts a new assessment on a template file's text (built-in or imported): keeps a copy
/// of the text, then writes the empty assessment, and returns its id.
pub async fn start(json: &str) -> Result<String, StoreError> {
    let store = store()?;
    let template =
        model::Template::from_json(json).map_err(|e| StoreError::Other(e.to_string()))?;
    store.put_template(&template.hash, json).await?;
    let assessment = Assessment::new(
        crate::browser::new_id(),
        &template,
        crate::browser::now_iso(),
    );
    store.put(&assessment).await?;
    Ok(assessment.id)
}

/// A template offered on the home page, with the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub template: model::Template,
    pub json: String,
    pub imported: bool,
}

/// Key prefix of templates a person imported (as opposed to copies kept for assessments).
const IMPORTED: &str = "imported:";

/// The built-in templates, then those imported on this device.
pub async fn offers() -> (Vec<Offer>, Option<StoreError>) {
    let mut offers: Vec<Offer> = templates::BUILT_IN
        .iter()
        .filter_map(|b| {
            let template = model::Template::from_json(b.json).ok()?;
            Some(Offer {
                template,
                json: b.json.to_owned(),
                imported: false,
            })
        })
        .collect();
    let kept = match store() {
        Ok(store) => store.list_templates().await,
        Err(e) => Err(e),
    };
    let problem = match kept {
        Ok(kept) => {
            for (key, json) in kept {
                if !key.starts_with(IMPORTED) {
                    continue;
                }
                if let Ok(template) = model::Template::from_json(&json) {
                    if !offers.iter().any(|o| o.template.hash == template.hash) {
                        offers.push(Offer {
                            template,
                            json,
                            imported: true,
                        });
                    }
                }
            }
            None
        }
        Err(e) => Some(e),
    };
    (offers, problem)
}

/// Why an imported template file was not added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    Invalid(model::TemplateError),
    Store(StoreError),
}

/// Validates a template file's text and keeps it; nothing is written unless it is valid.
/// Returns the template and whether it was new on this device.
pub async fn import_template(json: String) -> Result<(model::Template, bool), ImportError> {
    let template = model::Template::from_json(&json).map_err(ImportError::Invalid)?;
    let store = store().map_err(ImportError::Store)?;
    let key = format!("{IMPORTED}{}", template.hash);
    let built_in = templates::BUILT_IN.iter().any(|b| b.json == json);
    let known = built_in
        || store
            .get_template(&key)
            .await
            .map_err(ImportError::Store)?
            .is_some();
    if !known {
        store
            .put_template(&key, &json)
            .await
            .map_err(ImportError::Store)?;
    }
    Ok((template, !known))
}
