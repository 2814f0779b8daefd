use std::cell::RefCell;
use std::collections::BTreeMap;

use model::Assessment;

use crate::{newest_first, AssessmentStore, StoreError};

/// An in-memory [`AssessmentStore`] with IndexedDB's semantics (whole-record puts, copies
/// in and out), for native tests.
#[derive(Debug, Default)]
pub struct MemoryStore {
    assessments: RefCell<BTreeMap<String, Assessment>>,
    templates: RefCell<BTreeMap<String, String>>,
}

impl AssessmentStore for MemoryStore {
    async fn put(&self, assessment: &Assessment) -> Result<(), StoreError> {
        self.assessments
            .borrow_mut()
            .insert(assessment.id.clone(), assessment.clone());
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
}
