use std::cell::RefCell;

use model::{Assessment, Edits, VecMap};

use crate::{edited, newest_first, AssessmentStore, StoreError};

/// An in-memory [`AssessmentStore`] with IndexedDB's semantics (whole-record puts, copies
/// in and out): for native tests, and the app's stand-in when the browser gives no storage.
#[derive(Debug, Default)]
pub struct MemoryStore {
    assessments: RefCell<VecMap<Assessment>>,
    templates: RefCell<VecMap<String>>,
}

impl AssessmentStore for MemoryStore {
    async fn put(&self, assessment: &Assessment) -> Result<(), StoreError> {
        self.assessments
            .borrow_mut()
            .insert(assessment.id.clone(), assessment.clone());
        Ok(())
    }

    async fn update(&self, id: &str, edits: &Edits) -> Result<Option<Assessment>, StoreError> {
        let mut all = self.assessments.borrow_mut();
        let Some(stored) = all.get_mut(id) else {
            return Ok(None);
        };
        *stored = edited(stored, edits);
        Ok(Some(stored.clone()))
    }

    async fn put_all(
        &self,
        assessments: &[Assessment],
        templates: &[(String, String)],
    ) -> Result<(), StoreError> {
        for a in assessments {
            self.assessments
                .borrow_mut()
                .insert(a.id.clone(), a.clone());
        }
        for (key, text) in templates {
            self.templates
                .borrow_mut()
                .insert(key.clone(), text.clone());
        }
        Ok(())
    }

    async fn get(&self, id: &str) -> Result<Option<Assessment>, StoreError> {
        Ok(self.assessments.borrow().get(id).cloned())
    }

    async fn list(&self) -> Result<Vec<Assessment>, StoreError> {
        let mut list: Vec<Assessment> = self.assessments.borrow().values().cloned().collect();
        newest_first(&mut list);
        Ok(list)
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.assessments.borrow_mut().remove(id);
        Ok(())
    }

    async fn put_template(&self, hash: &str, json: &str) -> Result<(), StoreError> {
        self.templates
            .borrow_mut()
            .insert(hash.to_owned(), json.to_owned());
        Ok(())
    }

    async fn get_template(&self, hash: &str) -> Result<Option<String>, StoreError> {
        Ok(self.templates.borrow().get(hash).cloned())
    }

    async fn list_templates(&self) -> Result<Vec<(String, String)>, StoreError> {
        // In the order kept (IndexedDB gives key order; no caller depends on either).
        Ok(self
            .templates
            .borrow()
            .iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use model::Assessment;

    use super::MemoryStore;
    use crate::{AssessmentStore, StoreError};

    /// Drives a future that never waits (the memory store never does) to completion.
    fn ready<T>(future: impl Future<Output = T>) -> T {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("the memory store never waits"),
        }
    }

    fn assessment(id: &str, updated_at: &str) -> Assessment {
        let template = match templates::by_id("msoko") {
            Some(Ok(t)) => t,
            other => panic!("МСОКО must load: {other:?}"),
        };
        let mut a = Assessment::new(id.into(), &template, "2026-11-20T08:00:00.000Z".into());
        a.updated_at = updated_at.into();
        a
    }

    #[test]
    fn behaves_like_the_indexeddb_store() -> Result<(), StoreError> {
        let store = MemoryStore::default();
        let older = assessment("older", "2026-11-20T09:00:00.000Z");
        let mut newer = assessment("newer", "2026-11-21T09:00:00.000Z");
        ready(store.put(&older))?;
        ready(store.put(&newer))?;
        newer.update_answer("1.1.1", |x| x.choice = Some("yes".into()));
        ready(store.put(&newer))?;
        let ids: Vec<String> = ready(store.list())?.into_iter().map(|a| a.id).collect();
        assert_eq!(ids, ["newer", "older"]);
        assert_eq!(ready(store.get("newer"))?.as_ref(), Some(&newer));
        let mut edits = model::Edits::default();
        edits
            .answers
            .insert("1.1.2".into(), Some(model::Answer::default()));
        let updated = ready(store.update("newer", &edits))?.expect("stored");
        assert_eq!(updated.revision, newer.revision + 1);
        assert!(updated.answer("1.1.1").is_some(), "other answers are kept");
        assert_eq!(ready(store.update("missing", &edits))?, None);
        ready(store.delete("newer"))?;
        assert_eq!(ready(store.get("newer"))?, None);
        ready(store.put_template("h", "{}"))?;
        assert_eq!(ready(store.get_template("h"))?.as_deref(), Some("{}"));
        assert_eq!(ready(store.list_templates())?, [("h".into(), "{}".into())]);
        Ok(())
    }
}
