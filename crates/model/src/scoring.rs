//! Scores, percentages and deficits, derived from a template and an assessment's answers.

use crate::assessment::Assessment;
use crate::percent::Percent;
use crate::template::{Choice, Item, Level, Section, Template};

/// Points earned against the points possible, and how many items are answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub points: u32,
    pub max: u32,
    pub answered: usize,
    pub items: usize,
}

impl Score {
    /// Unanswered items count as zero points: a criterion nobody confirmed is not met. The
    /// `answered` count is shown beside the percentage so a half-filled section reads as such.
    pub fn percent(&self) -> Option<Percent> {
        Percent::of(self.points, self.max)
    }

    pub fn is_complete(&self) -> bool {
        self.answered == self.items
    }

    fn add(&mut self, other: Score) {
        self.points += other.points;
        self.max += other.max;
        self.answered += other.answered;
        self.items += other.items;
    }
}

/// A criterion answered below its best option (нет, частично), with what the template advises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deficit<'t> {
    pub section: &'t Section,
    pub item: &'t Item,
    pub choice: &'t Choice,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionResult<'t> {
    pub section: &'t Section,
    pub score: Score,
    /// The template's level for this percentage, if the template defines levels.
    pub level: Option<&'t Level>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results<'t> {
    pub sections: Vec<SectionResult<'t>>,
    pub total: Score,
    pub total_level: Option<&'t Level>,
    pub deficits: Vec<Deficit<'t>>,
}

/// Derives scores and deficits. Answers naming an option the template does not have (say,
/// from another template version) are treated as unanswered rather than guessed at.
pub fn evaluate<'t>(template: &'t Template, assessment: &Assessment) -> Results<'t> {
    let mut total = Score::default();
    let mut deficits = Vec::new();
    let sections = template
        .sections
        .iter()
        .map(|section| {
            let mut score = Score::default();
            for item in &section.items {
                let max = item.max_points();
                score.items += 1;
                score.max += max;
                let chosen = assessment
                    .answer(&item.id)
                    .and_then(|a| a.choice.as_deref())
                    .and_then(|value| item.choice(value));
                if let Some(choice) = chosen {
                    score.answered += 1;
                    score.points += choice.points.min(max);
                    if choice.points < max {
                        deficits.push(Deficit {
                            section,
                            item,
                            choice,
                        });
                    }
                }
            }
            total.add(score);
            let level = score
                .percent()
                .and_then(|p| template.level(Some(section), p.tenths()));
            SectionResult {
                section,
                score,
                level,
            }
        })
        .collect();
    Results {
        sections,
        total,
        total_level: total
            .percent()
            .and_then(|p| template.level(None, p.tenths())),
        deficits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::TemplateError;

    fn template() -> Result<Template, TemplateError> {
        let items = |prefix: &str| {
            (1..=9)
                .map(|n| {
                    format!(r#"{{"id": "{prefix}.{n}", "label": "К{n}", "kind": "choice", "scale": "ypn"}}"#)
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        Template::from_json(&format!(
            r#"{{"format": 1, "id": "t", "version": "1", "title": "Т",
              "levels": [{{"min": 70, "label": "высокий", "tone": "good"}},
                         {{"min": 0, "label": "низкий", "tone": "bad"}}],
              "scales": {{"ypn": [{{"value": "yes", "label": "да", "points": 2}},
                                 {{"value": "partly", "label": "частично", "points": 1}},
                                 {{"value": "no", "label": "нет", "points": 0}}]}},
              "sections": [{{"id": "1.1", "title": "А", "items": [{}]}},
                           {{"id": "1.2", "title": "Б", "items": [{}]}}]}}"#,
            items("1.1"),
            items("1.2")
        ))
    }

    fn answered(t: &Template, choices: &[(&str, &str)]) -> Assessment {
        let mut a = Assessment::new("a".into(), t, "2026-11-22T08:00:00Z".into());
        for (item, value) in choices {
            a.update_answer(item, |ans| ans.choice = Some((*value).into()));
        }
        a
    }

    fn shown(score: &Score) -> String {
        score
            .percent()
            .map(|p| p.decimal_comma())
            .unwrap_or_default()
    }

    #[test]
    fn unanswered_items_count_as_zero_and_are_reported() -> Result<(), TemplateError> {
        let t = template()?;
        let a = answered(
            &t,
            &[
                ("1.1.1", "yes"),
                ("1.1.2", "yes"),
                ("1.1.3", "yes"),
                ("1.1.4", "yes"),
                ("1.1.5", "yes"),
                ("1.1.6", "partly"),
                ("1.1.7", "partly"),
                ("1.1.8", "partly"),
                ("1.1.9", "no"),
                ("1.2.1", "yes"),
            ],
        );
        let r = evaluate(&t, &a);
        assert_eq!(
            r.sections[0].score,
            Score {
                points: 13,
                max: 18,
                answered: 9,
                items: 9
            }
        );
        assert_eq!(shown(&r.sections[0].score), "72,2");
        assert_eq!(shown(&r.sections[1].score), "11,1");
        assert_eq!(r.sections[1].score.answered, 1);
        assert_eq!(shown(&r.total), "41,7"); // 15 of 36
        let level = |l: Option<&Level>| l.map(|l| l.label.ru.clone());
        assert_eq!(level(r.sections[0].level).as_deref(), Some("высокий"));
        assert_eq!(level(r.sections[1].level).as_deref(), Some("низкий"));
        assert_eq!(level(r.total_level).as_deref(), Some("низкий"));
        let ids: Vec<_> = r
            .deficits
            .iter()
            .map(|d| (d.item.id.as_str(), d.choice.value.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("1.1.6", "partly"),
                ("1.1.7", "partly"),
                ("1.1.8", "partly"),
                ("1.1.9", "no")
            ]
        );
        Ok(())
    }

    #[test]
    fn nothing_answered_is_zero_percent_not_an_error() -> Result<(), TemplateError> {
        let t = template()?;
        let r = evaluate(&t, &answered(&t, &[]));
        assert_eq!(shown(&r.total), "0,0");
        assert!(r.deficits.is_empty());
        assert!(!r.total.is_complete());
        Ok(())
    }

    #[test]
    fn an_option_the_template_lacks_counts_as_unanswered() -> Result<(), TemplateError> {
        let t = template()?;
        let r = evaluate(&t, &answered(&t, &[("1.1.1", "maybe"), ("9.9", "yes")]));
        assert_eq!(r.total.answered, 0);
        assert_eq!(r.total.points, 0);
        Ok(())
    }

    #[test]
    fn a_full_section_of_yes_is_one_hundred_percent() -> Result<(), TemplateError> {
        let t = template()?;
        let all: Vec<(String, &str)> = (1..=9).map(|n| (format!("1.2.{n}"), "yes")).collect();
        let refs: Vec<(&str, &str)> = all.iter().map(|(i, v)| (i.as_str(), *v)).collect();
        let r = evaluate(&t, &answered(&t, &refs));
        assert_eq!(shown(&r.sections[1].score), "100,0");
        assert!(r.sections[1].score.is_complete());
        Ok(())
    }
}
