//! The app's one store, and autosave: every change is written to IndexedDB at once, writes
//! for one assessment are serialised (never two in flight, never reordered), and a burst of
//! keystrokes collapses into one write. The outcome of each write is reported to the page,
//! so a failed save is shown, never swallowed.
//!
//! What is written is the person's [`Edits`] (the answers they changed), applied to the
//! record as stored inside one transaction: a second tab on the same assessment keeps what
//! this one wrote, and the other way round. After each write the tab tells the others
//! (`BroadcastChannel`), and a tab showing that assessment reads it again, so edits appear
//! live in both.
//!
//! Unwritten edits are also journalled, synchronously, in localStorage until their
//! IndexedDB transaction commits. A tab closed a moment after a click can lose the IndexedDB
//! commit (the browser aborts transactions of a closing page), but localStorage writes leave
//! the page at once; the next start applies any journalled edits. Applying edits twice
//! changes nothing, so a journal left behind by a commit that did land is harmless.
//!
//! When the browser gives no storage at all (private mode, storage disabled), the app runs
//! on a memory store and says that nothing will be kept.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use model::{Assessment, Edits, VecMap};
use store::{AssessmentStore, IdbStore, Store, StoreError};
use wasm_bindgen::JsCast;

use crate::browser;

use contract::{CHANNEL, DB_NAME, IMPORTED_TEMPLATE as IMPORTED};

thread_local! {
    static STORE: OnceCell<Rc<Store>> = const { OnceCell::new() };
    /// Why the store is memory only (`None` while it is IndexedDB).
    static NOT_KEPT: OnceCell<Option<StoreError>> = const { OnceCell::new() };
    /// Per assessment id, the state this tab has accounted for: as stored plus its pending edits.
    static BASE: RefCell<VecMap<Assessment>> = RefCell::new(VecMap::new());
    /// Open assessments shown on this tab, which follow writes made in other tabs.
    static SHOWN: RefCell<Vec<(String, RwSignal<Assessment>)>> = const { RefCell::new(Vec::new()) };
    static BROADCAST: OnceCell<Option<web_sys::BroadcastChannel>> = const { OnceCell::new() };
}

/// Opens the database once, at start-up, and applies the journal to it. Without IndexedDB
/// the app works on a memory store for this session.
pub async fn open() {
    let store = match IdbStore::open(DB_NAME).await {
        Ok(idb) => {
            let store = Store::Idb(idb);
            web::autosave::replay(&store).await;
            NOT_KEPT.with(|k| k.set(None)).ok();
            store
        }
        Err(why) => {
            NOT_KEPT.with(|k| k.set(Some(why))).ok();
            Store::Memory(store::MemoryStore::default())
        }
    };
    STORE.with(|s| s.set(Rc::new(store))).ok();
    listen_to_other_tabs();
}

/// Why nothing written in this session will be kept, if so.
pub fn not_kept() -> Option<StoreError> {
    NOT_KEPT.with(|k| k.get().cloned().flatten())
}

/// The store (IndexedDB, or memory when the browser has none), or an error before `open`.
pub fn store() -> Result<Rc<Store>, StoreError> {
    STORE.with(|s| {
        s.get()
            .cloned()
            .ok_or_else(|| StoreError::Unavailable("the database is not open yet".into()))
    })
}

/// Where the autosave of the open assessment stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Failed(StoreError),
}

/// Starts following `doc` (just loaded) for autosave and for writes from other tabs; stops
/// when the page showing it goes away.
pub fn follow(doc: RwSignal<Assessment>) {
    let a = doc.get_untracked();
    let id = a.id.clone();
    BASE.with(|b| b.borrow_mut().insert(id.clone(), a));
    SHOWN.with(|s| s.borrow_mut().push((id.clone(), doc)));
    on_cleanup(move || {
        SHOWN.with(|s| s.borrow_mut().retain(|(i, d)| !(i == &id && *d == doc)));
    });
}

/// Queues what changed in `doc` since it was last saved, and reports progress in `state`.
pub fn save(doc: RwSignal<Assessment>, state: RwSignal<SaveState>) {
    let mine = doc.get_untracked();
    let id = mine.id.clone();
    let edits = BASE.with(|b| {
        let mut b = b.borrow_mut();
        let edits = b.get(&id).map(|base| Edits::between(base, &mine));
        b.insert(id.clone(), mine);
        edits.unwrap_or_default()
    });
    if let Ok(store) = store() {
        if web::autosave::queue(store, &id, edits, hooks(Some(state))) {
            state.try_set(SaveState::Saving);
        }
    } else {
        state.try_set(SaveState::Failed(StoreError::Unavailable(
            "the database is not open yet".into(),
        )));
    }
}

/// What this tab does after each write: tell the other tabs, show the stored record; and
/// report the outcome in `state`.
fn hooks(state: Option<RwSignal<SaveState>>) -> web::autosave::Hooks {
    use web::autosave::Outcome;
    web::autosave::Hooks {
        written: std::rc::Rc::new(|id: &str, stored: &Assessment| {
            tell_other_tabs(id);
            show(id, stored);
        }),
        done: std::rc::Rc::new(move |outcome: Outcome| {
            let Some(state) = state else { return };
            state.try_set(match outcome {
                Outcome::Saved => SaveState::Saved,
                Outcome::Gone => SaveState::Failed(StoreError::Other(
                    "the assessment was deleted (in another tab?)".into(),
                )),
                Outcome::Failed(e) => SaveState::Failed(e),
            });
        }),
    }
}

/// Writes whatever is pending now (as the page is hidden or left). Pending edits are already
/// in the journal (`save` writes it), so this only starts the writes that are not running.
pub fn flush() {
    if let Ok(store) = store() {
        web::autosave::flush(store, hooks(None));
    }
}

/// Shows `stored` (plus this tab's still pending edits) wherever `id` is open on this tab.
fn show(id: &str, stored: &Assessment) {
    let mine = web::autosave::pending(id).map_or_else(|| stored.clone(), |e| e.apply(stored));
    let docs: Vec<RwSignal<Assessment>> = SHOWN.with(|s| {
        s.borrow()
            .iter()
            .filter(|(i, _)| i == id)
            .map(|(_, d)| *d)
            .collect()
    });
    for doc in docs {
        if doc.with_untracked(|d| d != &mine) {
            doc.try_set(mine.clone());
        }
    }
    BASE.with(|b| b.borrow_mut().insert(id.to_owned(), mine));
}

fn channel() -> Option<web_sys::BroadcastChannel> {
    BROADCAST.with(|b| {
        b.get_or_init(|| web_sys::BroadcastChannel::new(CHANNEL).ok())
            .clone()
    })
}

fn tell_other_tabs(id: &str) {
    if let Some(channel) = channel() {
        let _ = channel.post_message(&id.into());
    }
}

/// Reads an assessment again when another tab wrote it and this tab shows it.
fn listen_to_other_tabs() {
    let Some(channel) = channel() else {
        return;
    };
    let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        |event: web_sys::MessageEvent| {
            let Some(id) = event.data().as_string() else {
                return;
            };
            if !SHOWN.with(|s| s.borrow().iter().any(|(i, _)| *i == id)) {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(store) = store() {
                    if let Ok(Some(stored)) = store.get(&id).await {
                        show(&id, &stored);
                    }
                }
            });
        },
    );
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the page
}

/// Deletes an assessment, and any journalled state of it, so that it cannot come back.
pub async fn delete(id: &str) -> Result<(), StoreError> {
    store()?.delete(id).await?;
    web::autosave::forget(id);
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
    let template = model::Template::from_json(&json).map_err(|e| missing(brief(&e)))?;
    Ok((assessment, std::sync::Arc::new(template)))
}

/// Starts a new assessment on a template file's text (built-in or imported): keeps a copy
/// of the text, then writes the empty assessment, and returns its id.
pub async fn start(json: &str) -> Result<String, StoreError> {
    let store = store()?;
    let template = model::Template::from_json(json).map_err(|e| StoreError::Other(brief(&e)))?;
    store.put_template(&template.hash, json).await?;
    // The person is starting work worth keeping: ask the browser not to evict this site's
    // data (granted or not, the home page says which).
    leptos::task::spawn_local(async {
        browser::persist().await;
    });
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
        .map_err(|(path, _)| format!("index.json {path}"))
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
        Err(e) => problem = problem.or(Some(crate::i18n::store_error(&e))),
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
        if known.iter().any(|t| t.has_hash(&a.template_hash)) {
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

/// Where a template that was already checked once (built in, or validated by the file
/// worker on import) fails to load, briefly: the full wording of template errors lives in the
/// file worker, and such a failure means a damaged copy, not a person's mistake to explain.
pub fn brief(e: &model::TemplateError) -> String {
    match e {
        model::TemplateError::TooLarge { size, max } => format!("{size} > {max} B"),
        model::TemplateError::Syntax { line, column, .. } => format!("JSON {line}:{column}"),
        model::TemplateError::Invalid { path, .. } => path.clone(),
    }
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

/// The UI language's localStorage key, carried in backups as `lang`.
use crate::i18n::{Lang, LANG_KEY};
/// localStorage key of the time of the last backup download.
use contract::keys::BACKUP_AT;

/// The CSV of assessment `id` for the municipality (made by the file worker from the stored
/// record and its template copy, so it works on a memory store too) and its file name; the
/// export is then recorded on the assessment, so it no longer counts as «не выгружено».
pub async fn export_csv(
    id: &str,
    [layout, profile]: [&str; 2],
    lang: Lang,
) -> Result<(Vec<u8>, String), String> {
    let store = store().map_err(|e| e.to_string())?;
    let a = store
        .get(id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{id}: not found"))?;
    let template = store
        .get_template(&a.template_hash)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{}: no template copy", a.template_hash))?;
    let at = browser::now_iso();
    let bytes = browser::export_csv(&a.to_json(), &template, &at, [layout, profile], lang).await?;
    let date = at.get(..10).unwrap_or("");
    let short = a.id.get(..8).unwrap_or(&a.id);
    // The default file (wide, Excel) keeps the plain name; others say what they are.
    let mut kind = String::new();
    for part in [layout, profile] {
        if part != "wide" && part != "excel" {
            kind.push('_');
            kind.push_str(part);
        }
    }
    let name = format!("otsenka_{}{kind}_{date}_{short}.csv", a.template_id);
    let marked = Edits {
        exported_at: at,
        ..Edits::default()
    };
    store.update(id, &marked).await.map_err(|e| e.to_string())?;
    tell_other_tabs(id);
    Ok((bytes, name))
}

/// When a backup was last downloaded on this device (RFC 3339), if ever.
pub fn last_backup() -> Option<String> {
    browser::preference(BACKUP_AT)
}

/// A backup file of everything on this device (made by the file worker, which reads the
/// database itself), noting the time.
pub async fn backup_text(lang: Lang) -> Result<String, String> {
    let saved = browser::preference(LANG_KEY);
    let text = browser::backup(saved.as_deref(), lang).await?;
    browser::set_preference(BACKUP_AT, &browser::now_iso());
    Ok(text)
}

/// Restores a backup file or loads CSV exports (in the file worker, which checks them, plans
/// the merge against the database and writes it in one transaction); returns the sentences
/// saying what happened.
pub async fn restore(files: js_sys::Array, lang: Lang) -> Result<Vec<String>, String> {
    let (lines, saved) = browser::restore(files, lang).await?;
    if let Some(saved) = saved {
        browser::set_preference(LANG_KEY, &saved);
    }
    Ok(lines)
}
