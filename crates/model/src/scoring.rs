//! Scores, percentages, visibility and deficits, derived from a template and an assessment's
//! answers. Nothing here is stored: it is recomputed from the answers whenever needed.

use crate::assessment::{Answer, Assessment};
use crate::expr::Value;
use crate::json::parse_number;
use crate::lang::Lang;
use crate::percent::Percent;
use crate::template::{Choice, ColumnKind, Item, ItemKind, Level, Section, Template, PERMANENT};

/// Points earned against the points possible, and how many visible items are answered.
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
    /// `None` when nothing visible is scored (a section of tables and texts).
    pub fn percent(&self) -> Option<Percent> {
        Percent::of(self.points, self.max)
    }

    /// The percentage a part reports: also `None` when nobody answered any of it. A part with
    /// no answers is «нет ответов», not 0 %: it has no level and stays out of a mean.
    pub fn reported(&self) -> Option<Percent> {
        self.percent().filter(|_| self.answered > 0)
    }

    pub fn is_complete(&self) -> bool {
        self.answered == self.items
    }

    fn add(&mut self, other: Score) {
        self.points = self.points.saturating_add(other.points);
        self.max = self.max.saturating_add(other.max);
        self.answered += other.answered;
        self.items += other.items;
    }
}

/// An item answered below its best (нет, частично, a share in a worse band), with what the
/// template advises.
#[derive(Clone, Debug, PartialEq)]
pub struct Deficit<'t> {
    pub section: &'t Section,
    pub item: &'t Item,
    /// The option chosen, for choice items.
    pub choice: Option<&'t Choice>,
    pub points: u32,
    pub max: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SectionResult<'t> {
    pub section: &'t Section,
    pub visible: bool,
    pub score: Score,
    /// The template's level for this percentage, if the template defines levels.
    pub level: Option<&'t Level>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Results<'t> {
    pub sections: Vec<SectionResult<'t>>,
    pub total: Score,
    /// Visible scored items answered, and visible scored items: what «answered of the
    /// criteria» means in the results (lists, plans and texts are not criteria).
    pub criteria_answered: usize,
    pub criteria: usize,
    pub total_level: Option<&'t Level>,
    pub deficits: Vec<Deficit<'t>>,
}

/// Which items are shown, decided by their own and their section's conditions. Conditions
/// read other items' answers; a hidden item reads as unanswered.
///
/// Every item is decided once, when this is made, in the template's condition order (each
/// item after the items it reads), so deciding never recurses from item to item: a chain of
/// thousands of conditions costs a loop, not a stack.
pub struct Visibility<'t> {
    template: &'t Template,
    assessment: &'t Assessment,
    shown: Vec<Vec<bool>>,
}

impl<'t> Visibility<'t> {
    pub fn new(template: &'t Template, assessment: &'t Assessment) -> Self {
        let mut vis = Visibility {
            template,
            assessment,
            // Not yet decided reads as hidden; the order decides every item before it is read.
            shown: template
                .sections
                .iter()
                .map(|s| vec![false; s.items.len()])
                .collect(),
        };
        for &(s, i) in template.condition_order() {
            let section = &template.sections[s];
            let item = &section.items[i];
            let lookup = |other: &str| vis.value(other);
            let shown = section
                .visible_if
                .as_ref()
                .is_none_or(|c| c.expr.eval(&lookup).truthy())
                && item
                    .visible_if
                    .as_ref()
                    .is_none_or(|c| c.expr.eval(&lookup).truthy());
            vis.shown[s][i] = shown;
        }
        vis
    }

    /// Whether an item is shown (and counts). Unknown ids are not.
    pub fn item(&self, id: &str) -> bool {
        self.template
            .position(id)
            .is_some_and(|(s, i)| self.shown[s][i])
    }

    /// Whether a section is shown: its condition holds (an unconditional section always is).
    pub fn section(&self, section: &Section) -> bool {
        section
            .visible_if
            .as_ref()
            .is_none_or(|c| c.expr.eval(&|id| self.value(id)).truthy())
    }

    /// An item's answer as conditions read it; `Null` when hidden or unanswered.
    pub fn value(&self, id: &str) -> Value {
        let Some((s, i)) = self.template.position(id) else {
            return Value::Null;
        };
        if !self.shown[s][i] {
            return Value::Null;
        }
        let item = &self.template.sections[s].items[i];
        match self.assessment.answer(id) {
            Some(answer) => value_of(item, answer),
            None if item.kind == ItemKind::Table => Value::Num(0.0),
            None => Value::Null,
        }
    }
}

/// What a condition sees of an answer.
pub fn value_of(item: &Item, answer: &Answer) -> Value {
    let text = |s: &str| {
        if s.trim().is_empty() {
            Value::Null
        } else {
            Value::Str(s.trim().to_owned())
        }
    };
    match item.kind {
        ItemKind::Choice | ItemKind::YesNo | ItemKind::Likert => {
            match answer
                .choice
                .as_deref()
                .filter(|v| item.choice(v).is_some())
            {
                Some(v) => Value::Str(v.to_owned()),
                None => Value::Null,
            }
        }
        ItemKind::Multi => {
            // Only the template's own options count (an answer may come from another version).
            let known: Vec<String> = answer
                .choices
                .iter()
                .filter(|v| item.choice(v).is_some())
                .cloned()
                .collect();
            if known.is_empty() {
                Value::Null
            } else {
                Value::List(known)
            }
        }
        k if k.is_numeric() => parse_number(&answer.value).map_or(Value::Null, Value::Num),
        ItemKind::Evidence => text(answer.doc.get("name").map_or("", String::as_str)),
        ItemKind::Table => Value::Num(answer.rows.len() as f64),
        _ => text(&answer.value),
    }
}

/// Whether an item has an answer of its own kind.
pub fn is_answered(item: &Item, answer: Option<&Answer>) -> bool {
    let Some(answer) = answer else {
        return false;
    };
    match item.kind {
        ItemKind::Evidence => answer.doc.values().any(|v| !v.trim().is_empty()),
        ItemKind::Table => answer
            .rows
            .iter()
            .any(|r| r.values().any(|v| !v.trim().is_empty())),
        _ => value_of(item, answer) != Value::Null,
    }
}

/// The points an answered, applicable item earns, and its maximum (weights included). `None`
/// for unanswered, not-applicable and unscored items.
pub fn item_points(item: &Item, answer: &Answer) -> Option<(u32, u32)> {
    let max = item.max_points();
    if max == 0 {
        return None;
    }
    let raw = match item.kind {
        ItemKind::Multi => {
            let chosen = item
                .choices
                .iter()
                .filter(|c| answer.choices.contains(&c.value));
            let mut any = false;
            let mut sum = 0u32;
            for c in chosen {
                any = true;
                sum = sum.saturating_add(c.points);
            }
            any.then_some(sum)?
        }
        k if k.has_choices() => {
            let c = answer.choice.as_deref().and_then(|v| item.choice(v))?;
            if c.not_applicable {
                return None;
            }
            c.points
        }
        _ => {
            let v = parse_number(&answer.value)?;
            item.bands
                .iter()
                .find(|b| b.contains(v))
                .map_or(0, |b| b.points)
        }
    };
    Some((raw.saturating_mul(item.weight).min(max), max))
}

/// Whether an answered item was marked «не применимо», leaving the maximum.
/// Whether the answer is «не применимо»: the item then leaves its section's maximum.
pub fn not_applicable(item: &Item, answer: Option<&Answer>) -> bool {
    let Some(a) = answer else {
        return false;
    };
    let na = |v: &str| item.choice(v).is_some_and(|c| c.not_applicable);
    match item.kind {
        ItemKind::Multi => a.choices.iter().any(|v| na(v)),
        _ => a.choice.as_deref().is_some_and(na),
    }
}

/// Derives scores and deficits. Hidden items never count. Answers naming an option the
/// template does not have (say, from another template version) are treated as unanswered
/// rather than guessed at.
pub fn evaluate<'t>(template: &'t Template, assessment: &Assessment) -> Results<'t> {
    let vis = Visibility::new(template, assessment);
    let mut total = Score::default();
    let mut deficits = Vec::new();
    let (mut criteria, mut criteria_answered) = (0, 0);
    let sections = template
        .sections
        .iter()
        .map(|section| {
            let mut score = Score::default();
            for item in section.items.iter().filter(|i| vis.item(&i.id)) {
                let answer = assessment.answer(&item.id);
                score.items += 1;
                if is_answered(item, answer) {
                    score.answered += 1;
                }
                let max = item.max_points();
                if max > 0 {
                    criteria += 1;
                    criteria_answered += usize::from(is_answered(item, answer));
                }
                if max == 0 || not_applicable(item, answer) {
                    continue;
                }
                score.max = score.max.saturating_add(max);
                if let Some((points, max)) = answer.and_then(|a| item_points(item, a)) {
                    score.points = score.points.saturating_add(points);
                    if points < max {
                        deficits.push(Deficit {
                            section,
                            item,
                            choice: answer
                                .and_then(|a| a.choice.as_deref())
                                .and_then(|v| item.choice(v)),
                            points,
                            max,
                        });
                    }
                }
            }
            total.add(score);
            // A section nobody answered has no level: «нет ответов», not «низкий уровень».
            let level = score
                .reported()
                .and_then(|p| template.level(Some(section), p.tenths()));
            SectionResult {
                section,
                visible: vis.section(section),
                score,
                level,
            }
        })
        .collect();
    Results {
        sections,
        total,
        criteria_answered,
        criteria,
        total_level: total
            .reported()
            .and_then(|p| template.level(None, p.tenths())),
        deficits,
    }
}

/// What is missing or wrong in an item's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemProblem {
    Required,
    NotANumber,
    NotWhole,
    BelowMin(f64),
    AboveMax(f64),
    Pattern,
    BadDate,
    TooManyChoices(usize),
    /// A required cell of a table row is empty (row and column counted from 1 and by id).
    EmptyCell {
        row: usize,
        column: String,
    },
}

/// Checks one item's answer against its kind, bounds, pattern and required flag.
pub fn check_item(item: &Item, answer: Option<&Answer>) -> Option<ItemProblem> {
    // A word typed into a number field is no answer for scoring, but it is something to
    // correct, not something missing.
    let typed = answer.is_some_and(|a| item.kind.is_numeric() && !a.value.trim().is_empty());
    if !is_answered(item, answer) && !typed {
        return item.required.then_some(ItemProblem::Required);
    }
    let answer = answer?;
    let value = answer.value.trim();
    match item.kind {
        k if k.is_numeric() => {
            let Some(n) = parse_number(value) else {
                return Some(ItemProblem::NotANumber);
            };
            if item.integer && n.fract() != 0.0 {
                return Some(ItemProblem::NotWhole);
            }
            if let Some(min) = item.min.filter(|m| n < *m) {
                return Some(ItemProblem::BelowMin(min));
            }
            if let Some(max) = item.max.filter(|m| n > *m) {
                return Some(ItemProblem::AboveMax(max));
            }
        }
        ItemKind::Text | ItemKind::LongText
            if item.pattern.as_ref().is_some_and(|p| !p.matches(value)) =>
        {
            return Some(ItemProblem::Pattern);
        }
        ItemKind::Date if !is_date(value) => return Some(ItemProblem::BadDate),
        ItemKind::Evidence => {
            let date = answer.doc.get("date").map_or("", |d| d.trim());
            if !date.is_empty() && !is_date(date) {
                return Some(ItemProblem::BadDate);
            }
        }
        ItemKind::Multi if item.max_choices.is_some_and(|m| answer.choices.len() > m) => {
            return Some(ItemProblem::TooManyChoices(item.max_choices.unwrap_or(0)));
        }
        ItemKind::Table => {
            for (r, row) in answer.rows.iter().enumerate() {
                for column in &item.columns {
                    let cell = row.get(&column.id).map_or("", |c| c.trim());
                    let bad = match column.kind {
                        _ if cell.is_empty() => column.required,
                        ColumnKind::Date => !is_date(cell),
                        ColumnKind::Deadline => cell != PERMANENT && !is_date(cell),
                        ColumnKind::Number => parse_number(cell).is_none(),
                        _ => false,
                    };
                    if bad {
                        return Some(ItemProblem::EmptyCell {
                            row: r + 1,
                            column: column.id.clone(),
                        });
                    }
                }
            }
        }
        _ => {}
    }
    None
}

/// Every visible item whose answer is missing (when required) or wrong, in template order.
pub fn item_problems<'t>(
    template: &'t Template,
    assessment: &Assessment,
) -> Vec<(&'t Item, ItemProblem)> {
    let vis = Visibility::new(template, assessment);
    template
        .items()
        .filter(|i| vis.item(&i.id))
        .filter_map(|i| check_item(i, assessment.answer(&i.id)).map(|p| (i, p)))
        .collect()
}

/// A real calendar date written `YYYY-MM-DD`.
/// The table items the person filled (visible, with at least one row), in template order:
/// the action plans and decisions a report shows.
pub fn filled_tables<'t>(
    template: &'t Template,
    assessment: &'t Assessment,
) -> Vec<(&'t Item, &'t Answer)> {
    let vis = Visibility::new(template, assessment);
    template
        .items()
        .filter(|i| i.kind == ItemKind::Table && vis.item(&i.id))
        .filter_map(|i| {
            assessment
                .answer(&i.id)
                .filter(|a| !a.rows.is_empty())
                .map(|a| (i, a))
        })
        .collect()
}

/// A date as a person reads it, from `2026-03-31` (anything after the date, such as a time,
/// is dropped): `31.03.2026` in Russian, `31 Mar 2026` in English. Other text as written.
pub fn date_text(iso: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = iso.get(..10).unwrap_or(iso);
    if !is_date(day) {
        return iso.to_owned();
    }
    let (y, m, d) = (&day[..4], &day[5..7], &day[8..]);
    let month = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match (lang, month) {
        (Lang::En, Some(month)) => format!("{} {month} {y}", d.trim_start_matches('0')),
        _ => format!("{d}.{m}.{y}"),
    }
}

/// Whether `text` is a calendar day `YYYY-MM-DD`, 1900–2200 (the one calendar rule:
/// [`crate::Day`]).
pub fn is_date(text: &str) -> bool {
    crate::Day::parse_iso(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::TemplateError;

    #[test]
    fn dates_read_per_language() {
        assert_eq!(date_text("2026-03-31", Lang::Ru), "31.03.2026");
        assert_eq!(date_text("2026-03-01T08:05:00Z", Lang::En), "1 Mar 2026");
        assert_eq!(date_text("2026-12-09", Lang::En), "9 Dec 2026");
        // Not a date: as written (a deadline «постоянно», a typo, nothing).
        for text in ["permanent", "2026-13-01", "31.03.2026", "", "2026-02-30"] {
            assert_eq!(date_text(text, Lang::En), text);
            assert_eq!(date_text(text, Lang::Ru), text);
        }
    }

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
            .map(|d| {
                (
                    d.item.id.as_str(),
                    d.choice.map_or("", |c| c.value.as_str()),
                )
            })
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
    fn a_word_in_a_number_field_is_reported_not_taken_for_no_answer() -> Result<(), TemplateError> {
        let t = Template::from_json(
            r#"{"format": 1, "id": "t", "version": "1", "title": "Т",
                "sections": [{"id": "s", "title": "Р", "items": [
                  {"id": "n", "label": "Число", "kind": "count", "required": true}]}]}"#,
        )?;
        let mut a = Assessment::new("a".into(), &t, "2026-11-22T08:00:00Z".into());
        let item = &t.sections[0].items[0];
        assert_eq!(check_item(item, a.answer("n")), Some(ItemProblem::Required));
        a.update_answer("n", |x| x.value = "пять".into());
        assert_eq!(
            check_item(item, a.answer("n")),
            Some(ItemProblem::NotANumber)
        );
        assert!(!is_answered(item, a.answer("n")));
        a.update_answer("n", |x| x.value = "5,5".into());
        assert_eq!(check_item(item, a.answer("n")), Some(ItemProblem::NotWhole));
        a.update_answer("n", |x| x.value = "5".into());
        assert_eq!(check_item(item, a.answer("n")), None);
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
