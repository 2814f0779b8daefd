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
    if let Some(local) = browser::local_storage() {
        // A full localStorage only loses the safety net; IndexedDB stays the record.
        let _ = local.set_item(&journal_key(&assessment.id), &assessment.to_json());
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
            .and_then(|json| Assessment::from_json(&json).ok())
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

/// Loads an assessment and the exact template version it was answered against: the copy
/// kept (by content hash) when it was started, so a newer version never changes it.
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

/// A template offered on the home page: what its card shows, and where its text comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The file under `/templates/` (built-in templates); empty for imported ones.
    pub file: String,
    pub id: String,
    pub version: String,
    pub hash: String,
    pub title: model::Text,
    pub description: Option<model::Text>,
    pub items: usize,
    /// The text of an imported template (built-in ones are fetched when started).
    pub json: Option<String>,
}

/// Reads `templates/index.json`: the built-in templates' cards.
fn read_index(text: &str) -> Result<Vec<Card>, String> {
    use model::{Json, Obj, Text};
    let json = Json::parse(text).map_err(|e| e.to_string())?;
    let Json::Arr(entries) = json else {
        return Err("index.json: not a list".into());
    };
    let known = &[
        "file",
        "id",
        "version",
        "hash",
        "title",
        "description",
        "items",
    ];
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let o = Obj::new(e, format!("[{i}]"), known)?;
            let text = |k: &str| o.get(k).map(|v| Text::read(v, &o.at(k))).transpose();
            Ok(Card {
                file: o.str("file")?,
                id: o.str("id")?,
                version: o.str("version")?,
                hash: o.str("hash")?,
                title: text("title")?.unwrap_or(Text {
                    ru: String::new(),
                    en: None,
                }),
                description: text("description")?,
                items: o.opt_count("items")?.unwrap_or(0) as usize,
                json: None,
            })
        })
        .collect::<Result<Vec<Card>, (String, model::Shape)>>()
        .map_err(|(path, shape)| format!("index.json {path}: {shape}"))
}

impl Card {
    pub fn of(template: &model::Template, json: String) -> Card {
        Card {
            file: String::new(),
            id: template.id.clone(),
            version: template.version.clone(),
            hash: template.hash.clone(),
            title: template.title.clone(),
            description: template.description.clone(),
            items: template.item_count(),
            json: Some(json),
        }
    }

    /// The template's text: kept on the device for imported ones, fetched for built-in ones.
    pub async fn text(&self) -> Result<String, String> {
        match &self.json {
            Some(json) => Ok(json.clone()),
            None => browser::fetch_text(&format!("/templates/{}", self.file)).await,
        }
    }
}

/// Copies `from` onto another version of its template (`to`), carrying answers by item id;
/// keeps that version's text and the copy, and returns the copy's id, how many answers came
/// across, and what did not. `from` itself is not changed.
pub async fn move_to_version(
    template: &model::Template,
    from: &Assessment,
    to: &Card,
) -> Result<(String, usize, Vec<model::Change>), String> {
    let json = to.text().await?;
    let new = model::Template::from_json(&json).map_err(|e| e.to_string())?;
    let (moved, changes) =
        model::migrate(template, &new, from, browser::new_id(), browser::now_iso());
    let store = store().map_err(|e| e.to_string())?;
    store
        .put_template(&new.hash, &json)
        .await
        .map_err(|e| e.to_string())?;
    store.put(&moved).await.map_err(|e| e.to_string())?;
    Ok((moved.id.clone(), moved.answers.len(), changes))
}

/// Key prefix of templates a person imported (as opposed to copies kept for assessments).
const IMPORTED: &str = "imported:";

/// The built-in templates (from the small index shipped beside the app), then those imported
/// on this device. Either part may fail on its own; what did load is offered.
pub async fn offers() -> (Vec<Card>, Option<String>) {
    let mut problem = None;
    let mut cards: Vec<Card> = match browser::fetch_text("/templates/index.json").await {
        Ok(text) => read_index(&text).unwrap_or_else(|e| {
            problem = Some(e);
            Vec::new()
        }),
        Err(e) => {
            problem = Some(e);
            Vec::new()
        }
    };
    let kept = match store() {
        Ok(store) => store.list_templates().await,
        Err(e) => Err(e),
    };
    match kept {
        Ok(kept) => {
            for (key, json) in kept {
                if !key.starts_with(IMPORTED) {
                    continue;
                }
                if let Ok(template) = model::Template::from_json(&json) {
                    if !cards.iter().any(|c| c.hash == template.hash) {
                        cards.push(Card::of(&template, json));
                    }
                }
            }
        }
        Err(e) => problem = problem.or(Some(crate::i18n::store_error(crate::i18n::tr(), &e))),
    }
    (cards, problem)
}

/// The assessments on this device, with the templates they were answered against (each read
/// from the copy kept when the assessment was started). A template copy that is missing or
/// does not load leaves that assessment without one; the list still shows it.
pub async fn saved() -> Result<(Vec<Assessment>, Vec<std::sync::Arc<model::Template>>), StoreError>
{
    let store = store()?;
    let list = store.list().await?;
    let mut known: Vec<std::sync::Arc<model::Template>> = Vec::new();
    for a in &list {
        if known.iter().any(|t| t.hash == a.template_hash) {
            continue;
        }
        if let Ok(Some(json)) = store.get_template(&a.template_hash).await {
            if let Ok(t) = model::Template::from_json(&json) {
                known.push(std::sync::Arc::new(t));
            }
        }
    }
    Ok((list, known))
}

/// Why an imported template file was not added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    Invalid(model::TemplateError),
    Store(StoreError),
}

/// Validates a template file's text and keeps it; nothing is written unless it is valid.
/// Returns the template and whether it was new on this device.
pub async fn import_template(
    json: String,
    built_in: &[String],
) -> Result<(model::Template, bool), ImportError> {
    let template = model::Template::from_json(&json).map_err(ImportError::Invalid)?;
    let store = store().map_err(ImportError::Store)?;
    let key = format!("{IMPORTED}{}", template.hash);
    let built_in = built_in.contains(&template.hash);
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
