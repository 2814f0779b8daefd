//! A school's change since its earlier assessment: which earlier one it is compared with, and
//! what changed — per section before, now and the difference in points, and the deficits
//! closed since. What the report shows; the school is told apart by [`crate::SchoolId`].

use crate::assessment::Assessment;
use crate::instant::cmp_instants;
use crate::lang::Lang;
use crate::percent::Percent;
use crate::school::{school_keys, SchoolId};
use crate::scoring::evaluate;
use crate::template::{Item, Section, Template};

/// The same school's latest assessment on the same template (any version) made before
/// `current`, among `all` (which may hold `current` itself).
pub fn earlier<'a>(current: &Assessment, all: &'a [Assessment]) -> Option<&'a Assessment> {
    let ids: Vec<SchoolId> = all.iter().chain([current]).map(SchoolId::of).collect();
    let keys = school_keys(&ids);
    let (own, others) = keys.split_last()?;
    let own = own.as_ref()?;
    all.iter()
        .zip(others)
        .filter(|(a, key)| {
            a.id != current.id
                && a.template_id == current.template_id
                && cmp_instants(&a.updated_at, &current.updated_at).is_lt()
                && key.as_ref() == Some(own)
        })
        .map(|(a, _)| a)
        .max_by(|a, b| cmp_instants(&a.updated_at, &b.updated_at))
}

/// One section, by id in both templates, scored before and now.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionChange<'t> {
    pub section: &'t Section,
    pub before: Percent,
    pub now: Percent,
}

impl SectionChange<'_> {
    /// The change in points: `+12,5`, `−3,0` (a minus sign), `0,0`; a decimal point in
    /// English.
    pub fn change(&self, lang: Lang) -> String {
        let d = i64::from(self.now.tenths()) - i64::from(self.before.tenths());
        let sign = match d.signum() {
            1 => "+",
            -1 => "−",
            _ => "",
        };
        let d = d.unsigned_abs();
        let point = lang.t(',', '.');
        format!("{sign}{}{point}{}", d / 10, d % 10)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Changes<'t> {
    /// The sections shown now that have scored criteria and a percentage then and now, in
    /// the current template's order.
    pub sections: Vec<SectionChange<'t>>,
    /// The earlier deficits that are no longer deficits, as the earlier template words them;
    /// only those whose criterion the current template still has.
    pub closed: Vec<&'t Item>,
}

/// What changed from `before` (answered on `before_template`) to `now` (on `template`).
pub fn changes<'t>(
    template: &'t Template,
    now: &Assessment,
    before_template: &'t Template,
    before: &Assessment,
) -> Changes<'t> {
    let now = evaluate(template, now);
    let then = evaluate(before_template, before);
    let sections = now
        .sections
        .iter()
        .filter(|r| r.visible && r.section.items.iter().any(Item::is_scored))
        .filter_map(|r| {
            let was = then
                .sections
                .iter()
                .find(|o| o.section.id == r.section.id)?;
            Some(SectionChange {
                section: r.section,
                before: was.score.percent()?,
                now: r.score.percent()?,
            })
        })
        .collect();
    let open: Vec<&str> = now.deficits.iter().map(|d| d.item.id.as_str()).collect();
    let closed = then
        .deficits
        .iter()
        .filter(|d| !open.contains(&d.item.id.as_str()) && template.item(&d.item.id).is_some())
        .map(|d| d.item)
        .collect();
    Changes { sections, closed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Answer, TemplateError, VecMap};

    fn template(version: &str, extra: &str) -> Result<Template, TemplateError> {
        Template::from_json(&format!(
            r#"{{"format": 1, "id": "t", "version": "{version}", "title": "Т",
              "respondent": [{{"id": "inn", "label": "ИНН"}}, {{"id": "school_name", "label": "ОО"}},
                             {{"id": "municipality", "label": "МО"}}],
              "sections": [
                {{"id": "a", "title": "А", "items": [
                  {{"id": "a.1", "label": "Цели", "kind": "yes_no"}},
                  {{"id": "a.2", "label": "Показатели", "kind": "yes_no"}}{extra}]}},
                {{"id": "b", "title": "Б", "items": [
                  {{"id": "b.1", "label": "План", "kind": "long_text"}}]}}]}}"#
        ))
    }

    fn assessment(
        id: &str,
        t: &Template,
        at: &str,
        school: &[(&str, &str)],
        yes: &[&str],
    ) -> Assessment {
        let mut a = Assessment::new(id.into(), t, at.into());
        a.respondent = school
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<VecMap<String>>();
        for item in t.items().filter(|i| i.is_scored()) {
            let choice = if yes.contains(&item.id.as_str()) {
                "yes"
            } else {
                "no"
            };
            a.answers.insert(
                item.id.clone(),
                Answer {
                    choice: Some(choice.into()),
                    ..Answer::default()
                },
            );
        }
        a
    }

    #[test]
    fn the_latest_earlier_assessment_of_the_same_school_on_the_same_template(
    ) -> Result<(), TemplateError> {
        let t = template("1", "")?;
        let school = [("inn", "7707083893"), ("school_name", "СОШ № 8")];
        let current = assessment("now", &t, "2026-05-01T00:00:00Z", &school, &[]);
        let mut other_template = assessment("x", &t, "2026-04-01T00:00:00Z", &school, &[]);
        other_template.template_id = "shnor".into();
        let all = vec![
            assessment("old", &t, "2025-05-01T00:00:00Z", &school, &[]),
            // The same school without its ИНН, a month before: the latest earlier one.
            assessment(
                "bare",
                &t,
                "2026-04-01T00:00:00Z",
                &[("school_name", "сош №8")],
                &[],
            ),
            assessment("later", &t, "2026-06-01T00:00:00Z", &school, &[]),
            other_template,
            assessment(
                "another",
                &t,
                "2026-04-15T00:00:00Z",
                &[
                    ("inn", "7736050003"),
                    ("school_name", "СОШ № 8"),
                    ("municipality", "Иксск"),
                ],
                &[],
            ),
            current.clone(),
        ];
        assert_eq!(earlier(&current, &all).map(|a| a.id.as_str()), Some("bare"));
        assert_eq!(
            earlier(&current, &all[..1]).map(|a| a.id.as_str()),
            Some("old"),
            "the list need not hold the current assessment"
        );
        let nobody = assessment("n", &t, "2026-05-01T00:00:00Z", &[], &[]);
        let nameless = [assessment("m", &t, "2026-01-01T00:00:00Z", &[], &[])];
        assert_eq!(earlier(&nobody, &nameless), None, "no name, no school");
        Ok(())
    }

    #[test]
    fn change_per_section_and_the_deficits_closed() -> Result<(), TemplateError> {
        let old_t = template("1", "")?;
        // The new version adds a criterion; a.2 stays.
        let new_t = template(
            "2",
            r#", {"id": "a.3", "label": "Мониторинг", "kind": "yes_no"}"#,
        )?;
        let before = assessment("b", &old_t, "2025-01-01T00:00:00Z", &[], &[]);
        let now = assessment("n", &new_t, "2026-01-01T00:00:00Z", &[], &["a.1", "a.3"]);
        let c = changes(&new_t, &now, &old_t, &before);
        let rows: Vec<(&str, u32, u32, String)> = c
            .sections
            .iter()
            .map(|s| {
                (
                    s.section.id.as_str(),
                    s.before.tenths(),
                    s.now.tenths(),
                    s.change(Lang::Ru),
                )
            })
            .collect();
        // Section b has no scored criteria: no row.
        assert_eq!(rows, [("a", 0, 667, "+66,7".to_owned())]);
        let closed: Vec<&str> = c.closed.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(closed, ["a.1"], "a.2 is still a deficit");
        Ok(())
    }

    #[test]
    fn the_change_is_signed_with_a_minus_and_the_decimal_mark_of_the_language(
    ) -> Result<(), TemplateError> {
        let t = template("1", "")?;
        let change = |before, now, lang| {
            SectionChange {
                section: &t.sections[0],
                before: Percent::from_tenths(before),
                now: Percent::from_tenths(now),
            }
            .change(lang)
        };
        assert_eq!(change(167, 333, Lang::Ru), "+16,6");
        assert_eq!(change(500, 470, Lang::Ru), "−3,0");
        assert_eq!(change(500, 500, Lang::Ru), "0,0");
        assert_eq!(change(1000, 5, Lang::En), "−99.5");
        Ok(())
    }
}
