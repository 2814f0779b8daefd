//! The management-cycle grid (управленческий цикл) of an МСОКО-like assessment: directions ×
//! the cycle's components (goals, indicators, … the analysis of the measures' effect), each
//! answer as present, partial or missing. What the report draws; the rule of which templates
//! have such a grid is data, not an id: every scored section asks for the same components in
//! the same order.

use crate::assessment::Assessment;
use crate::lang::Lang;
use crate::scoring::item_points;
use crate::template::{Item, Section, Template};

/// How far one criterion of the cycle is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Full points.
    Present,
    /// Some points, not all.
    Partial,
    /// Answered with no points.
    Missing,
    /// Not answered, or answered «не применимо».
    NoAnswer,
}

/// One direction's row: its section and a mark per component.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleRow<'t> {
    pub section: &'t Section,
    pub marks: Vec<Mark>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CycleGrid<'t> {
    /// The components' names, in order (numbered from 1 where drawn).
    pub components: Vec<String>,
    pub rows: Vec<CycleRow<'t>>,
}

/// The component a criterion stands for: its label up to the colon («Цели: …» → «Цели»).
fn component(item: &Item, lang: Lang) -> Option<String> {
    item.label
        .get(lang)
        .split_once(':')
        .map(|(c, _)| c.trim().to_owned())
}

/// The mark of one criterion's answer.
fn mark(item: &Item, assessment: &Assessment) -> Mark {
    match assessment
        .answer(&item.id)
        .and_then(|a| item_points(item, a))
    {
        Some((p, m)) if m > 0 && p >= m => Mark::Present,
        Some((p, _)) if p > 0 => Mark::Partial,
        Some(_) => Mark::Missing,
        None => Mark::NoAnswer,
    }
}

/// The grid, when every scored section's criteria are the same components (by the label up
/// to its colon, in the interface language) in the same order, with at least three components
/// and two sections; `None` for other templates.
pub fn cycle_grid<'t>(
    template: &'t Template,
    assessment: &Assessment,
    lang: Lang,
) -> Option<CycleGrid<'t>> {
    let sections: Vec<&Section> = template
        .sections
        .iter()
        .filter(|s| s.items.iter().any(Item::is_scored))
        .collect();
    let components: Vec<String> = sections
        .first()?
        .items
        .iter()
        .map(|i| component(i, lang))
        .collect::<Option<_>>()?;
    let same = sections.iter().all(|s| {
        s.items.len() == components.len()
            && s.items
                .iter()
                .zip(&components)
                .all(|(i, n)| component(i, lang).as_ref() == Some(n))
    });
    if !same || components.len() < 3 || sections.len() < 2 {
        return None;
    }
    let rows = sections
        .into_iter()
        .map(|section| CycleRow {
            section,
            marks: section.items.iter().map(|i| mark(i, assessment)).collect(),
        })
        .collect();
    Some(CycleGrid { components, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Answer, TemplateError};

    /// Sections of criteria labelled «component: wording», on the да / частично / нет scale.
    fn template(sections: &[&[&str]]) -> Result<Template, TemplateError> {
        let sections: Vec<String> = sections
            .iter()
            .enumerate()
            .map(|(s, labels)| {
                let items: Vec<String> = labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        format!(
                            r#"{{"id": "{s}.{i}", "label": {{"ru": "{l}", "en": "{l}"}},
                                "kind": "choice", "scale": "ypn"}}"#
                        )
                    })
                    .collect();
                format!(
                    r#"{{"id": "{s}", "title": "Р{s}", "items": [{}]}}"#,
                    items.join(",")
                )
            })
            .collect();
        Template::from_json(&format!(
            r#"{{"format": 1, "id": "t", "version": "1", "title": "Т",
              "scales": {{"ypn": [
                {{"value": "yes", "label": "да", "points": 2}},
                {{"value": "partly", "label": "частично", "points": 1}},
                {{"value": "no", "label": "нет", "points": 0}},
                {{"value": "na", "label": "не применимо", "not_applicable": true}}]}},
              "sections": [{}]}}"#,
            sections.join(",")
        ))
    }

    const CYCLE: [&str; 3] = ["Цели: есть", "Показатели: есть", "Мониторинг: есть"];

    fn answered(t: &Template, answers: &[(&str, &str)]) -> Assessment {
        let mut a = Assessment::new("a".into(), t, "2026-01-01T00:00:00Z".into());
        for (id, choice) in answers {
            a.answers.insert(
                (*id).into(),
                Answer {
                    choice: Some((*choice).into()),
                    ..Answer::default()
                },
            );
        }
        a
    }

    #[test]
    fn directions_by_components_with_each_answer_marked() -> Result<(), TemplateError> {
        let t = template(&[&CYCLE, &CYCLE])?;
        let a = answered(
            &t,
            &[
                ("0.0", "yes"),
                ("0.1", "partly"),
                ("0.2", "no"),
                ("1.0", "na"),
            ],
        );
        let grid = cycle_grid(&t, &a, Lang::Ru).expect("a cycle grid");
        assert_eq!(grid.components, ["Цели", "Показатели", "Мониторинг"]);
        let rows: Vec<(&str, &[Mark])> = grid
            .rows
            .iter()
            .map(|r| (r.section.id.as_str(), r.marks.as_slice()))
            .collect();
        use Mark::*;
        assert_eq!(
            rows,
            [
                ("0", &[Present, Partial, Missing][..]),
                ("1", &[NoAnswer, NoAnswer, NoAnswer][..])
            ]
        );
        Ok(())
    }

    #[test]
    fn templates_whose_sections_differ_have_no_grid() -> Result<(), TemplateError> {
        let other = ["Цели: есть", "Мониторинг: есть", "Показатели: есть"];
        let short = ["Цели: есть", "Показатели: есть"];
        let unlabelled = ["Цели есть", "Показатели: есть", "Мониторинг: есть"];
        for (sections, why) in [
            (&[&CYCLE[..], &other[..]][..], "another order"),
            (&[&CYCLE[..], &short[..]][..], "another length"),
            (&[&short[..], &short[..]][..], "fewer than three components"),
            (&[&CYCLE[..]][..], "one direction"),
            (
                &[&unlabelled[..], &unlabelled[..]][..],
                "a label with no component",
            ),
        ] {
            let t = template(sections)?;
            assert_eq!(cycle_grid(&t, &answered(&t, &[]), Lang::Ru), None, "{why}");
        }
        Ok(())
    }
}
