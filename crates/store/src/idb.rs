//! The IndexedDB adapter. Schema (version [`DB_VERSION`]; each version's layout is kept as a
//! fixture database in `tests/idb.rs`, which opens it with this code and checks nothing is lost):
//! - `assessments`: one record per assessment, key path `id`: the JSON form of
//!   [`model::Assessment`] as a plain object. Conversion goes through the browser's own
//!   `JSON.parse`/`JSON.stringify`, so the wasm carries one JSON reader (the model's) and no structured-clone mapping.
//! - `templates`: template file texts keyed by content hash.
//!
//! Versions: 1 — the two stores above, records of [`model::ASSESSMENT_SCHEMA`] 1.
//! 2 — the same stores; every record rewritten to record schema 2 (revision, export time).

use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error, OpenDbError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyPath;
use model::{Assessment, Edits};
use wasm_bindgen::{JsCast, JsValue};

use crate::{edited, newest_first, AssessmentStore, StoreError};

/// The IndexedDB schema version; each step up is a migration in [`IdbStore::open`].
pub const DB_VERSION: u32 = 2;

const ASSESSMENTS: &str = "assessments";
const TEMPLATES: &str = "templates";

/// Assessments in the browser's IndexedDB.
#[derive(Debug)]
pub struct IdbStore {
    db: Database,
}

// Messages are taken from the browser's DOMException (name and text) rather than from the
// library's `Display` impls, which would add kilobytes of formatting code to the wasm.
impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::DomException(ex) => {
                let sys: &web_sys::DomException = wasm_bindgen::JsCast::unchecked_ref(ex.as_ref());
                let (name, message) = (sys.name(), sys.message());
                if name == "QuotaExceededError" {
                    StoreError::QuotaExceeded(message)
                } else {
                    StoreError::Other(format!("{name}: {message}"))
                }
            }
            Error::Serialisation(_) => StoreError::Other("a value could not be converted".into()),
            Error::MissingData(_) => StoreError::Other("the browser returned no data".into()),
            Error::Unknown(_) => StoreError::Other("the browser reported an unknown error".into()),
        }
    }
}

impl From<OpenDbError> for StoreError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::Base(e) => match StoreError::from(e) {
                StoreError::Other(why) => StoreError::Unavailable(why),
                other => other,
            },
            _ => StoreError::Unavailable("IndexedDB cannot be opened in this browser".into()),
        }
    }
}

impl IdbStore {
    /// Opens (creating or migrating as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let from = std::rc::Rc::new(std::cell::Cell::new(DB_VERSION));
        let seen = from.clone();
        let db = Database::open(name)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(move |event, db| {
                // Each step upgrades from one schema to the next; a fresh database runs them all.
                let old = event.old_version() as u32;
                seen.set(old);
                if old < 1 {
                    db.create_object_store(ASSESSMENTS)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                    db.create_object_store(TEMPLATES).build()?;
                }
                Ok(())
            })
            .await?;
        let store = IdbStore { db };
        if (1..2).contains(&from.get()) {
            // 1 → 2 rewrites records (which needs a transaction of its own, after the
            // upgrade). Should it fail, nothing is lost: schema-1 records still read.
            let _ = store.rewrite_records().await;
        }
        Ok(store)
    }

    /// Reads every record and writes it back in the current record schema, in one
    /// transaction: all or nothing.
    async fn rewrite_records(&self) -> Result<(), StoreError> {
        let tx = self.writer(ASSESSMENTS)?;
        let store = tx.object_store(ASSESSMENTS)?;
        let records = store.get_all::<JsValue>().primitive()?.await?;
        for record in records {
            // A record that does not read is left exactly as it was.
            if let Ok(a) = from_record(&record?, "?") {
                let _request = store.put(to_record(&a)?).primitive()?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// A read-write transaction on one object store. Like every transaction of
    /// `indexed_db_futures`, it rolls back unless committed.
    fn writer(&self, store: &'static str) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .db
            .transaction(store)
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// Closes the connection (so the database can be reopened or deleted).
    pub fn close(self) {
        self.db.close();
    }
}

impl AssessmentStore for IdbStore {
    async fn put(&self, assessment: &Assessment) -> Result<(), StoreError> {
        let tx = self.writer(ASSESSMENTS)?;
        let store = tx.object_store(ASSESSMENTS)?;
        // The request goes out when built; ask for the commit in the same task rather than
        // after a round trip, so a tab closed a moment later still has its write committed.
        let _request = store.put(to_record(assessment)?).primitive()?;
        tx.commit().await?;
        Ok(())
    }

    async fn update(&self, id: &str, edits: &Edits) -> Result<Option<Assessment>, StoreError> {
        // Read and write in one read-write transaction: IndexedDB runs such transactions on
        // one store one at a time, across tabs too, so no other write lands in between.
        let tx = self.writer(ASSESSMENTS)?;
        let store = tx.object_store(ASSESSMENTS)?;
        let found: Option<JsValue> = store.get(id).primitive()?.await?;
        let Some(record) = found else {
            return Ok(None);
        };
        let next = edited(&from_record(&record, id)?, edits);
        let _request = store.put(to_record(&next)?).primitive()?;
        tx.commit().await?;
        Ok(Some(next))
    }

    async fn put_all(
        &self,
        assessments: &[Assessment],
        templates: &[(String, String)],
    ) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction([ASSESSMENTS, TEMPLATES])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let records = tx.object_store(ASSESSMENTS)?;
        for a in assessments {
            let _request = records.put(to_record(a)?).primitive()?;
        }
        let texts = tx.object_store(TEMPLATES)?;
        for (key, text) in templates {
            let _request = texts
                .put(text.as_str())
                .with_key(key.as_str())
                .primitive()?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn get(&self, id: &str) -> Result<Option<Assessment>, StoreError> {
        let tx = self.db.transaction(ASSESSMENTS).build()?;
        let store = tx.object_store(ASSESSMENTS)?;
        let found: Option<JsValue> = store.get(id).primitive()?.await?;
        found.map(|record| from_record(&record, id)).transpose()
    }

    async fn list(&self) -> Result<Vec<Assessment>, StoreError> {
        let tx = self.db.transaction(ASSESSMENTS).build()?;
        let store = tx.object_store(ASSESSMENTS)?;
        let records = store.get_all::<JsValue>().primitive()?.await?;
        let mut list = records
            .map(|record| from_record(&record?, "?"))
            .collect::<Result<Vec<Assessment>, StoreError>>()?;
        newest_first(&mut list);
        Ok(list)
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.writer(ASSESSMENTS)?;
        let _request = tx.object_store(ASSESSMENTS)?.delete(id).build()?;
        tx.commit().await?;
        Ok(())
    }

    async fn put_template(&self, hash: &str, json: &str) -> Result<(), StoreError> {
        let tx = self.writer(TEMPLATES)?;
        let _request = tx
            .object_store(TEMPLATES)?
            .put(json)
            .with_key(hash)
            .primitive()?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_template(&self, hash: &str) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(TEMPLATES).build()?;
        let found: Option<String> = tx.object_store(TEMPLATES)?.get(hash).primitive()?.await?;
        Ok(found)
    }

    async fn list_templates(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self.db.transaction(TEMPLATES).build()?;
        let store = tx.object_store(TEMPLATES)?;
        // Keys and values of one read-only transaction come back in the same (key) order.
        let keys = store.get_all_keys::<String>().primitive()?.await?;
        let texts = store.get_all::<String>().primitive()?.await?;
        let keys = keys.collect::<Result<Vec<String>, Error>>()?;
        let texts = texts.collect::<Result<Vec<String>, Error>>()?;
        Ok(keys.into_iter().zip(texts).collect())
    }
}

/// A JavaScript exception as words: an error's name and message, else the value as text.
/// (Not `{:?}`: its dump of a `JsValue` carries the JavaScript stack into a sentence that a
/// person reads.)
pub fn js_text(e: &JsValue) -> String {
    if let Some(text) = e.as_string() {
        return text;
    }
    if let Some(error) = e.dyn_ref::<js_sys::Error>() {
        return format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        );
    }
    js_sys::JSON::stringify(e)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "?".to_owned())
}

fn to_record(assessment: &Assessment) -> Result<JsValue, StoreError> {
    js_sys::JSON::parse(&assessment.to_json()).map_err(|e| StoreError::Other(js_text(&e)))
}

fn from_record(record: &JsValue, id: &str) -> Result<Assessment, StoreError> {
    let id = js_sys::Reflect::get(record, &JsValue::from_str("id"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| id.to_owned());
    let corrupt = |reason: String| StoreError::Corrupt {
        id: id.clone(),
        reason,
    };
    let json = js_sys::JSON::stringify(record)
        .map_err(|e| corrupt(js_text(&e)))?
        .as_string()
        .unwrap_or_default();
    Assessment::from_json(&json).map_err(|e| corrupt(e.to_string()))
}
