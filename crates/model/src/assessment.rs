//! What a school typed: the respondent block and one answer per criterion.

use crate::json::{Json, Obj};
use crate::template::{Field, FieldProblem, Template};
use crate::vecmap::VecMap;

/// Version of the stored [`Assessment`] record; migrations key on it.
/// - 1: the first record format.
/// - 2: adds `revision` (committed writes so far) and `exported_at` (the last CSV export).
///   A schema-1 record reads as revision 1, never exported.
pub const ASSESSMENT_SCHEMA: u32 = 2;

/// One item's answer. Every part is optional: a person may write the evidence first. Which
/// parts an item uses depends on its kind; the record format is the same for all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    /// The chosen [`crate::Choice::value`] of a choice, yes/no or Likert item.
    pub choice: Option<String>,
    /// The ticked values of a multiple-choice item, in the template's order.
    pub choices: Vec<String>,
    /// A number (as typed), a text, or a date (`YYYY-MM-DD`).
    pub value: String,
    /// An evidence item's document: `name`, `number`, `date`, `link`.
    pub doc: VecMap<String>,
    /// A table item's rows: column id → value.
    pub rows: Vec<VecMap<String>>,
    /// Supporting document of a scored item: name, number, date or link.
    pub evidence: String,
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub respondent: VecMap<String>,
    /// Item id → answer; items never touched are absent.
    pub answers: VecMap<Answer>,
    /// The section the person was on, so the assessment reopens where it was left.
    pub current_section: String,
    /// How many writes have been committed: the store adds one on every write, so of two
    /// copies of one assessment (two tabs, a backup) the higher revision is the newer.
    pub revision: u32,
    /// When the answers were last exported (RFC 3339, empty if never). Changes made after
    /// it (`updated_at` later) are «не выгружено»: on this device only.
    pub exported_at: String,
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
            revision: 0,
            exported_at: String::new(),
        }
    }

    /// Whether some answers were changed after the last export (or it was never exported
    /// while holding any answer).
    pub fn is_unexported(&self) -> bool {
        let touched = !self.answers.is_empty() || !self.respondent.is_empty();
        touched && self.exported_at < self.updated_at
    }

    /// Whether this assessment was answered against exactly this template text.
    pub fn is_for(&self, template: &Template) -> bool {
        self.template_id == template.id
            && self.template_version == template.version
            && template.has_hash(&self.template_hash)
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

/// Why a stored record could not be read back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RecordError(pub String);

fn texts(list: &[String]) -> Json {
    Json::Arr(list.iter().map(|s| Json::Str(s.clone())).collect())
}

impl Answer {
    pub(crate) fn to_json(&self) -> Json {
        let mut f: Vec<(String, Json)> = Vec::new();
        let mut put = |k: &str, v: Json| f.push((k.to_owned(), v));
        if let Some(c) = &self.choice {
            put("choice", Json::Str(c.clone()));
        }
        if !self.choices.is_empty() {
            put("choices", texts(&self.choices));
        }
        for (k, v) in [
            ("value", &self.value),
            ("evidence", &self.evidence),
            ("comment", &self.comment),
        ] {
            if !v.is_empty() {
                put(k, Json::Str(v.clone()));
            }
        }
        if !self.doc.is_empty() {
            put("doc", self.doc.to_json());
        }
        if !self.rows.is_empty() {
            put(
                "rows",
                Json::Arr(self.rows.iter().map(VecMap::to_json).collect()),
            );
        }
        Json::Obj(f)
    }

    pub(crate) fn from_json(v: &Json, path: String) -> Result<Answer, RecordError> {
        let bad = |p: String| RecordError(format!("{p} is not what an answer holds"));
        let o = Obj::new(
            v,
            path.clone(),
            &[
                "choice", "choices", "value", "evidence", "comment", "doc", "rows",
            ],
        )
        .map_err(|(p, _)| bad(p))?;
        let text = |k: &str| {
            o.opt_str(k)
                .map(Option::unwrap_or_default)
                .map_err(|(p, _)| bad(p))
        };
        let list = |k: &str| o.list(k).map_err(|(p, _)| bad(p));
        Ok(Answer {
            choice: o.opt_str("choice").map_err(|(p, _)| bad(p))?,
            choices: list("choices")?
                .unwrap_or(&[])
                .iter()
                .map(|c| {
                    c.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| bad(o.at("choices")))
                })
                .collect::<Result<_, _>>()?,
            value: text("value")?,
            evidence: text("evidence")?,
            comment: text("comment")?,
            doc: match o.get("doc") {
                Some(d) => VecMap::from_json(d).ok_or_else(|| bad(o.at("doc")))?,
                None => VecMap::new(),
            },
            rows: list("rows")?
                .unwrap_or(&[])
                .iter()
                .map(|r| VecMap::from_json(r).ok_or_else(|| bad(o.at("rows"))))
                .collect::<Result<_, _>>()?,
        })
    }
}

impl Assessment {
    /// The record as JSON text, as it is stored and journalled.
    pub fn to_json(&self) -> String {
        let s = |v: &String| Json::Str(v.clone());
        Json::Obj(vec![
            ("schema".into(), Json::Num(f64::from(self.schema))),
            ("id".into(), s(&self.id)),
            ("template_id".into(), s(&self.template_id)),
            ("template_version".into(), s(&self.template_version)),
            ("template_hash".into(), s(&self.template_hash)),
            ("created_at".into(), s(&self.created_at)),
            ("updated_at".into(), s(&self.updated_at)),
            ("respondent".into(), self.respondent.to_json()),
            (
                "answers".into(),
                Json::Obj(
                    self.answers
                        .iter()
                        .map(|(k, a)| (k.to_owned(), a.to_json()))
                        .collect(),
                ),
            ),
            ("current_section".into(), s(&self.current_section)),
            ("revision".into(), Json::Num(f64::from(self.revision))),
            ("exported_at".into(), s(&self.exported_at)),
        ])
        .text()
    }

    /// Reads a stored record back; the error says which part is damaged.
    pub fn from_json(text: &str) -> Result<Assessment, RecordError> {
        let v = Json::parse(text).map_err(|e| RecordError(e.to_string()))?;
        let bad = |(p, shape): (String, crate::json::Shape)| RecordError(format!("{p}: {shape}"));
        let o = Obj::new(
            &v,
            String::new(),
            &[
                "schema",
                "id",
                "template_id",
                "template_version",
                "template_hash",
                "created_at",
                "updated_at",
                "respondent",
                "answers",
                "current_section",
                "revision",
                "exported_at",
            ],
        )
        .map_err(bad)?;
        let schema = o.opt_count("schema").map_err(bad)?.unwrap_or(1);
        if schema > ASSESSMENT_SCHEMA {
            return Err(RecordError(format!(
                "record format {schema} is newer than this app reads ({ASSESSMENT_SCHEMA})"
            )));
        }
        let mut answers = VecMap::new();
        if let Some(Json::Obj(fields)) = o.get("answers") {
            for (k, a) in fields {
                answers.insert(k.clone(), Answer::from_json(a, format!("answers.{k}"))?);
            }
        } else if o.get("answers").is_some() {
            return Err(RecordError("answers is not an object".into()));
        }
        Ok(Assessment {
            // Read records are upgraded in memory: a schema-1 record becomes schema 2 here.
            schema: ASSESSMENT_SCHEMA,
            id: o.str("id").map_err(bad)?,
            template_id: o.str("template_id").map_err(bad)?,
            template_version: o.str("template_version").map_err(bad)?,
            template_hash: o.str("template_hash").map_err(bad)?,
            created_at: o.str("created_at").map_err(bad)?,
            updated_at: o.str("updated_at").map_err(bad)?,
            respondent: match o.get("respondent") {
                Some(r) => VecMap::from_json(r)
                    .ok_or_else(|| RecordError("respondent is not an object of texts".into()))?,
                None => VecMap::new(),
            },
            answers,
            current_section: o
                .opt_str("current_section")
                .map_err(bad)?
                .unwrap_or_default(),
            // A schema-1 record was written at least once.
            revision: o.opt_count("revision").map_err(bad)?.unwrap_or(1),
            exported_at: o.opt_str("exported_at").map_err(bad)?.unwrap_or_default(),
        })
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
            revision: 0,
            exported_at: String::new(),
        }
    }

    #[test]
    fn a_schema_1_record_reads_as_revision_1_never_exported_and_a_newer_one_is_refused() {
        let v1 = r#"{"schema":1,"id":"a1","template_id":"t","template_version":"1",
            "template_hash":"h","created_at":"2026-11-20T08:00:00.000Z",
            "updated_at":"2026-11-20T09:00:00.000Z","respondent":{"school":"СОШ № 1"},
            "answers":{"1.1":{"choice":"yes"}},"current_section":"1"}"#;
        let a = Assessment::from_json(v1).expect("a schema-1 record reads");
        assert_eq!((a.schema, a.revision, a.exported_at.as_str()), (2, 1, ""));
        assert!(a.is_unexported());
        assert_eq!(Assessment::from_json(&a.to_json()), Ok(a.clone()));
        let mut exported = a.clone();
        exported.exported_at = "2026-11-20T10:00:00.000Z".into();
        assert!(!exported.is_unexported());
        assert!(
            !sample().is_unexported(),
            "an untouched assessment has nothing to export"
        );
        let v3 = v1.replace("\"schema\":1", "\"schema\":3");
        let refused = Assessment::from_json(&v3).expect_err("a newer record is refused");
        assert!(refused.0.contains("newer"), "{refused}");
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
    fn json_round_trip_keeps_everything() -> Result<(), RecordError> {
        let mut a = sample();
        a.respondent
            .insert("school".into(), "МБОУ «СОШ № 1»; корпус \"Б\"".into());
        a.update_answer("2.4.9", |ans| {
            ans.choice = Some("partly".into());
            ans.comment = "строка 1\nстрока 2".into();
        });
        a.update_answer("3.1", |ans| {
            ans.choices = vec!["a".into(), "b".into()];
            ans.rows = vec![VecMap::new()];
            ans.rows[0].insert("measure".into(), "Совещание \"по итогам\"".into());
            ans.doc.insert("name".into(), "Приказ".into());
            ans.value = "12,5".into();
        });
        let back = Assessment::from_json(&a.to_json())?;
        assert_eq!(back, a);
        Ok(())
    }
}
