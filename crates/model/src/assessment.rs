//! What a school typed: the respondent block and one answer per criterion.

use serde::{Deserialize, Serialize};

use crate::template::{Field, FieldProblem, Template};
use crate::vecmap::VecMap;

/// Version of the stored [`Assessment`] record; migrations key on it.
pub const ASSESSMENT_SCHEMA: u32 = 1;

/// One item's answer. Every part is optional: a person may write the evidence first. Which
/// parts an item uses depends on its kind; the record format is the same for all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The chosen [`crate::Choice::value`] of a choice, yes/no or Likert item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// The ticked values of a multiple-choice item, in the template's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// A number (as typed), a text, or a date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    /// An evidence item's document: `name`, `number`, `date`, `link`.
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub doc: VecMap<String>,
    /// A table item's rows: column id → value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<VecMap<String>>,
    /// Supporting document of a scored item: name, number, date or link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

impl Answer {
    pub fn is_empty(&self) -> bool {
        self.choice.is_none()
            && self.choices.is_empty()
            && self.value.is_empty()
            && self.doc.values().all(String::is_empty)
            && self.rows.is_empty()
            && self.evidence.is_empty()
            && self.comment.is_empty()
    }
}

/// One school's filling of one template version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub schema: u32,
    pub id: String,
    pub template_id: String,
    pub template_version: String,
    pub template_hash: String,
    /// RFC 3339 UTC times, set by the caller (the core has no clock).
    pub created_at: String,
    pub updated_at: String,
    /// Respondent field id → value.
    #[serde(default)]
    pub respondent: VecMap<String>,
    /// Item id → answer; items never touched are absent.
    #[serde(default)]
    pub answers: VecMap<Answer>,
    /// The section the person was on, so the assessment reopens where it was left.
    #[serde(default)]
    pub current_section: String,
}

impl Assessment {
    pub fn new(id: String, template: &Template, now: String) -> Assessment {
        Assessment {
            schema: ASSESSMENT_SCHEMA,
            id,
            template_id: template.id.clone(),
            template_version: template.version.clone(),
            template_hash: template.hash.clone(),
            created_at: now.clone(),
            updated_at: now,
            respondent: VecMap::new(),
            answers: VecMap::new(),
            current_section: template
                .sections
                .first()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether this assessment was answered against exactly this template text.
    pub fn is_for(&self, template: &Template) -> bool {
        self.template_id == template.id
            && self.template_version == template.version
            && self.template_hash == template.hash
    }

    pub fn answer(&self, item_id: &str) -> Option<&Answer> {
        self.answers.get(item_id)
    }

    /// Applies `change` to an item's answer, dropping the entry when it becomes empty.
    pub fn update_answer(&mut self, item_id: &str, change: impl FnOnce(&mut Answer)) {
        let answer = self.answers.get_or_default(item_id);
        change(answer);
        if answer.is_empty() {
            self.answers.remove(item_id);
        }
    }

    pub fn respondent_value(&self, field_id: &str) -> &str {
        self.respondent.get(field_id).map_or("", String::as_str)
    }

    /// The respondent fields that are missing or wrong, in the template's order: what to fix
    /// before the file goes to the municipality.
    pub fn respondent_problems<'t>(
        &self,
        template: &'t Template,
    ) -> Vec<(&'t Field, FieldProblem)> {
        template
            .respondent
            .iter()
            .filter_map(|f| f.check(self.respondent_value(&f.id)).err().map(|p| (f, p)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Assessment {
        Assessment {
            schema: ASSESSMENT_SCHEMA,
            id: "a1".into(),
            template_id: "t".into(),
            template_version: "1".into(),
            template_hash: "h".into(),
            created_at: "2026-11-22T08:00:00.000Z".into(),
            updated_at: "2026-11-22T08:00:00.000Z".into(),
            respondent: VecMap::new(),
            answers: VecMap::new(),
            current_section: String::new(),
        }
    }

    #[test]
    fn clearing_every_part_of_an_answer_removes_it() {
        let mut a = sample();
        a.update_answer("1.1", |ans| ans.choice = Some("yes".into()));
        a.update_answer("1.1", |ans| ans.evidence = "Приказ № 5".into());
        assert_eq!(
            a.answer("1.1").map(|x| x.evidence.as_str()),
            Some("Приказ № 5")
        );
        a.update_answer("1.1", |ans| *ans = Answer::default());
        assert!(a.answers.is_empty());
    }

    #[test]
    fn respondent_problems_list_missing_required_and_wrong_values() {
        let template = Template::from_json(
            r#"{"format": 1, "id": "t", "version": "1", "title": "Т",
                "respondent": [
                  {"id": "school", "label": "ОО", "required": true},
                  {"id": "inn", "label": "ИНН", "kind": "inn"},
                  {"id": "note", "label": "Примечание"}],
                "sections": [{"id": "1", "title": "Р", "items": [{"id": "1.1", "label": "К",
                  "kind": "choice", "choices": [{"value": "a", "label": "А", "points": 1},
                                                 {"value": "b", "label": "Б", "points": 0}]}]}]}"#,
        )
        .expect("valid template");
        let mut a = Assessment::new("a".into(), &template, "2026-11-22T08:00:00Z".into());
        a.respondent.insert("inn".into(), "7707083894".into());
        let ids: Vec<(&str, FieldProblem)> = a
            .respondent_problems(&template)
            .into_iter()
            .map(|(f, p)| (f.id.as_str(), p))
            .collect();
        assert_eq!(
            ids,
            [
                ("school", FieldProblem::Required),
                ("inn", FieldProblem::InnCheckDigit)
            ]
        );
        a.respondent.insert("school".into(), "МБОУ СОШ № 1".into());
        a.respondent.insert("inn".into(), "7707083893".into());
        assert!(a.respondent_problems(&template).is_empty());
    }

    #[test]
    fn json_round_trip_keeps_everything() -> Result<(), serde_json::Error> {
        let mut a = sample();
        a.respondent
            .insert("school".into(), "МБОУ «СОШ № 1»; корпус \"Б\"".into());
        a.update_answer("2.4.9", |ans| {
            ans.choice = Some("partly".into());
            ans.comment = "строка 1\nстрока 2".into();
        });
        let back: Assessment = serde_json::from_str(&serde_json::to_string(&a)?)?;
        assert_eq!(back, a);
        Ok(())
    }
}
