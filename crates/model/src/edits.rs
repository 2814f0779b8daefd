//! What a person changed, as opposed to the whole record: the unit of autosave.
//!
//! Two tabs (or a tab and a crash-recovery journal) may hold different states of one
//! assessment. Writing a tab's whole record would erase what the other tab wrote; writing
//! only its [`Edits`] — the answers and fields it changed, applied onto the record as stored
//! at that moment — keeps both, and applying the same edits twice changes nothing.

use crate::assessment::{Answer, Assessment, RecordError};
use crate::json::{Json, Obj};
use crate::vecmap::VecMap;

/// Changes to one assessment: per item the new answer (`None`: cleared), per respondent
/// field the new value, and the section the person is on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edits {
    pub answers: VecMap<Option<Answer>>,
    pub respondent: VecMap<String>,
    pub current_section: Option<String>,
    /// The time of the latest change (RFC 3339); empty when only the section moved.
    pub updated_at: String,
    /// Set when the edits record an export.
    pub exported_at: String,
}

impl Edits {
    /// The changes that turn `base` into `mine`.
    pub fn between(base: &Assessment, mine: &Assessment) -> Edits {
        let mut edits = Edits::default();
        for (id, answer) in mine.answers.iter() {
            if base.answers.get(id) != Some(answer) {
                edits.answers.insert(id.to_owned(), Some(answer.clone()));
            }
        }
        for (id, _) in base.answers.iter() {
            if mine.answers.get(id).is_none() {
                edits.answers.insert(id.to_owned(), None);
            }
        }
        for (id, value) in mine.respondent.iter() {
            if base.respondent.get(id) != Some(value) {
                edits.respondent.insert(id.to_owned(), value.clone());
            }
        }
        for (id, _) in base.respondent.iter() {
            if mine.respondent.get(id).is_none() {
                edits.respondent.insert(id.to_owned(), String::new());
            }
        }
        if base.current_section != mine.current_section {
            edits.current_section = Some(mine.current_section.clone());
        }
        if !edits.answers.is_empty() || !edits.respondent.is_empty() {
            edits.updated_at = mine.updated_at.clone();
        }
        if base.exported_at != mine.exported_at {
            edits.exported_at = mine.exported_at.clone();
        }
        edits
    }

    pub fn is_empty(&self) -> bool {
        self == &Edits::default()
    }

    /// These edits followed by `later` (later wins where both touch the same thing).
    pub fn then(mut self, later: Edits) -> Edits {
        for (id, answer) in later.answers.iter() {
            self.answers.insert(id.to_owned(), answer.clone());
        }
        for (id, value) in later.respondent.iter() {
            self.respondent.insert(id.to_owned(), value.clone());
        }
        if later.current_section.is_some() {
            self.current_section = later.current_section;
        }
        self.updated_at = self.updated_at.max(later.updated_at);
        self.exported_at = self.exported_at.max(later.exported_at);
        self
    }

    /// `stored` with these edits applied. Nothing else of `stored` changes, so what another
    /// tab wrote to other items stays. The revision is not touched (the store counts writes).
    pub fn apply(&self, stored: &Assessment) -> Assessment {
        let mut a = stored.clone();
        for (id, answer) in self.answers.iter() {
            match answer {
                Some(answer) => {
                    a.answers.insert(id.to_owned(), answer.clone());
                }
                None => {
                    a.answers.remove(id);
                }
            }
        }
        for (id, value) in self.respondent.iter() {
            if value.is_empty() {
                a.respondent.remove(id);
            } else {
                a.respondent.insert(id.to_owned(), value.clone());
            }
        }
        if let Some(section) = &self.current_section {
            a.current_section.clone_from(section);
        }
        if self.updated_at > a.updated_at {
            a.updated_at.clone_from(&self.updated_at);
        }
        if self.exported_at > a.exported_at {
            a.exported_at.clone_from(&self.exported_at);
        }
        a
    }

    /// The edits as JSON text (for the crash-recovery journal).
    pub fn to_json(&self) -> String {
        let answers = self
            .answers
            .iter()
            .map(|(id, a)| {
                (
                    id.to_owned(),
                    a.as_ref().map_or(Json::Null, Answer::to_json),
                )
            })
            .collect();
        let mut fields = vec![
            ("answers".to_owned(), Json::Obj(answers)),
            ("respondent".to_owned(), self.respondent.to_json()),
            ("updated_at".to_owned(), Json::Str(self.updated_at.clone())),
            (
                "exported_at".to_owned(),
                Json::Str(self.exported_at.clone()),
            ),
        ];
        if let Some(section) = &self.current_section {
            fields.push(("current_section".to_owned(), Json::Str(section.clone())));
        }
        Json::Obj(fields).text()
    }

    pub fn from_json(text: &str) -> Result<Edits, RecordError> {
        let v = Json::parse(text).map_err(|e| RecordError(e.to_string()))?;
        let bad = |(p, shape): (String, crate::json::Shape)| RecordError(format!("{p}: {shape}"));
        let o = Obj::new(
            &v,
            String::new(),
            &[
                "answers",
                "respondent",
                "current_section",
                "updated_at",
                "exported_at",
            ],
        )
        .map_err(bad)?;
        let mut answers = VecMap::new();
        match o.get("answers") {
            Some(Json::Obj(fields)) => {
                for (id, a) in fields {
                    let answer = match a {
                        Json::Null => None,
                        a => Some(Answer::from_json(a, format!("answers.{id}"))?),
                    };
                    answers.insert(id.clone(), answer);
                }
            }
            None => {}
            Some(_) => return Err(RecordError("answers is not an object".into())),
        }
        Ok(Edits {
            answers,
            respondent: match o.get("respondent") {
                Some(r) => VecMap::from_json(r)
                    .ok_or_else(|| RecordError("respondent is not an object of texts".into()))?,
                None => VecMap::new(),
            },
            current_section: o.opt_str("current_section").map_err(bad)?,
            updated_at: o.opt_str("updated_at").map_err(bad)?.unwrap_or_default(),
            exported_at: o.opt_str("exported_at").map_err(bad)?.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Template;

    fn template() -> Template {
        Template::from_json(
            r#"{"format": 1, "id": "t", "version": "1", "title": "Т",
                "respondent": [{"id": "school", "label": "ОО"}],
                "sections": [{"id": "1", "title": "Р", "items": [
                  {"id": "1.1", "label": "К1", "kind": "text"},
                  {"id": "1.2", "label": "К2", "kind": "text"},
                  {"id": "1.3", "label": "К3", "kind": "text"}]},
                  {"id": "2", "title": "Р2", "items": [{"id": "2.1", "label": "К", "kind": "text"}]}]}"#,
        )
        .expect("valid template")
    }

    fn with(a: &Assessment, id: &str, value: &str, at: &str) -> Assessment {
        let mut a = a.clone();
        a.update_answer(id, |x| x.value = value.into());
        a.updated_at = at.into();
        a
    }

    #[test]
    fn edits_of_two_tabs_to_different_items_both_survive() {
        let t = template();
        let base = Assessment::new("a".into(), &t, "2026-11-22T08:00:00Z".into());
        let base = with(&base, "1.3", "было", "2026-11-22T08:00:01Z");
        // Tab A changes 1.1 and clears 1.3; tab B, from the same base, changes 1.2.
        let mut tab_a = with(&base, "1.1", "из A", "2026-11-22T08:00:02Z");
        tab_a.update_answer("1.3", |x| *x = Answer::default());
        let tab_b = with(&base, "1.2", "из B", "2026-11-22T08:00:03Z");

        let stored = Edits::between(&base, &tab_a).apply(&base);
        let stored = Edits::between(&base, &tab_b).apply(&stored);
        let value = |id: &str| stored.answer(id).map(|x| x.value.as_str());
        assert_eq!(value("1.1"), Some("из A"));
        assert_eq!(value("1.2"), Some("из B"));
        assert_eq!(value("1.3"), None);
        assert_eq!(stored.updated_at, "2026-11-22T08:00:03Z");

        // Applying the same edits again (a journal replayed after a commit) changes nothing.
        let again = Edits::between(&base, &tab_b).apply(&stored);
        assert_eq!(again, stored);
    }

    #[test]
    fn edits_compose_round_trip_and_respondent_fields_clear() {
        let t = template();
        let base = Assessment::new("a".into(), &t, "2026-11-22T08:00:00Z".into());
        let mut one = with(&base, "1.1", "x", "2026-11-22T08:00:01Z");
        one.respondent
            .insert("school".into(), "МБОУ СОШ № 1".into());
        let mut two = with(&one, "1.1", "y", "2026-11-22T08:00:02Z");
        two.respondent.remove("school");
        two.current_section = "2".into();

        let composed = Edits::between(&base, &one).then(Edits::between(&one, &two));
        assert_eq!(composed.apply(&base), two);
        assert_eq!(Edits::from_json(&composed.to_json()), Ok(composed.clone()));
        assert!(Edits::between(&two, &two).is_empty());
        assert!(Edits::from_json("{\"answers\": 1}").is_err());
        assert!(Edits::from_json("{\"answers\": {").is_err());
    }
}
