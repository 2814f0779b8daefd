//! Validation: the template as written (`read`) becomes a [`Template`], or is refused
//! with the place and the fix. Ids, columns and conditions have their own checks
//! (`ids`, `columns`, `conditions`).

use std::collections::HashSet;

use super::conditions::check_conditions;
use super::ids::check_id;
use super::read::{RawItem, RawLevel, RawSection, RawTemplate, YesNo};
use super::{
    Choice, ColumnKind, Condition, Group, Item, ItemKind, Level, Problem, Section, Template,
    TemplateError, Text, MAX_CHOICES, MAX_ITEMS, MAX_POINTS, MAX_TEMPLATE_BYTES, TEMPLATE_FORMAT,
};
use crate::expr::Expr;
use crate::hash::{content_hash, template_hash};
use crate::json::Json;
use crate::pattern::Pattern;
use crate::vecmap::VecMap;

fn text(ru: &str, en: &str) -> Text {
    Text {
        ru: ru.to_owned(),
        en: Some(en.to_owned()),
    }
}

/// The options of a `yes_no` item; `good` earns the point.
fn yes_no_choices(good: YesNo) -> Vec<Choice> {
    let option = |value: &str, ru: &str, en: &str, is_good: bool| Choice {
        value: value.to_owned(),
        label: text(ru, en),
        points: u32::from(is_good),
        not_applicable: false,
    };
    vec![
        option("yes", "да", "yes", good == YesNo::Yes),
        option("no", "нет", "no", good == YesNo::No),
    ]
}

/// The options of a Likert item: values `1`…`n`, labelled with the number and any label.
fn likert_choices(points: usize, labels: &[Text], reverse: bool) -> Vec<Choice> {
    (1..=points)
        .map(|k| {
            let label = match labels.len() {
                2 if k == 1 => Some(&labels[0]),
                2 if k == points => Some(&labels[1]),
                n if n == points => Some(&labels[k - 1]),
                _ => None,
            };
            let with = |t: &str| format!("{k} — {t}");
            Choice {
                value: k.to_string(),
                label: match label {
                    Some(l) => Text {
                        ru: with(&l.ru),
                        en: l.en.as_deref().map(with),
                    },
                    None => Text {
                        ru: k.to_string(),
                        en: None,
                    },
                },
                points: (if reverse { points - k } else { k - 1 }) as u32,
                not_applicable: false,
            }
        })
        .collect()
}

pub(super) fn invalid(path: impl Into<String>, problem: Problem) -> TemplateError {
    TemplateError::Invalid {
        path: path.into(),
        problem,
    }
}

/// Refuses a key that the item's kind does not use.
fn only_for(
    at: &str,
    key: &'static str,
    present: bool,
    allowed: bool,
) -> Result<(), TemplateError> {
    if present && !allowed {
        return Err(invalid(format!("{at}.{key}"), Problem::NotForKind { key }));
    }
    Ok(())
}

fn condition(at: &str, source: Option<String>) -> Result<Option<Condition>, TemplateError> {
    let Some(source) = source else {
        return Ok(None);
    };
    let expr = Expr::parse(&source).map_err(|e| {
        invalid(
            format!("{at}.visible_if"),
            Problem::ConditionSyntax {
                message: e.to_string(),
            },
        )
    })?;
    Ok(Some(Condition { source, expr }))
}

fn build_item(at: &str, raw: RawItem, scales: &VecMap<Vec<Choice>>) -> Result<Item, TemplateError> {
    use ItemKind as K;
    let kind = raw.kind;
    only_for(at, "good", raw.good.is_some(), kind == K::YesNo)?;
    let likert = kind == K::Likert;
    only_for(at, "points", raw.points.is_some(), likert)?;
    only_for(at, "labels", raw.labels.is_some(), likert)?;
    only_for(at, "reverse", raw.reverse.is_some(), likert)?;
    let numeric = kind.is_numeric();
    only_for(
        at,
        "min",
        raw.min.is_some(),
        matches!(kind, K::Number | K::Percentage),
    )?;
    only_for(
        at,
        "max",
        raw.max.is_some(),
        matches!(kind, K::Number | K::Percentage),
    )?;
    only_for(at, "integer", raw.integer.is_some(), kind == K::Number)?;
    only_for(at, "unit", raw.unit.is_some(), kind == K::Number)?;
    only_for(at, "bands", raw.bands.is_some(), numeric)?;
    only_for(at, "columns", raw.columns.is_some(), kind == K::Table)?;
    only_for(
        at,
        "max_choices",
        raw.max_choices.is_some(),
        kind == K::Multi,
    )?;
    let texty = matches!(kind, K::Text | K::LongText);
    only_for(at, "pattern", raw.pattern.is_some(), texty)?;
    only_for(at, "evidence", raw.evidence, kind.has_choices() || numeric)?;
    let choices = match (kind, raw.scale, raw.choices) {
        (K::YesNo | K::Likert, None, None) if kind == K::YesNo => {
            yes_no_choices(raw.good.unwrap_or(YesNo::Yes))
        }
        (K::Likert, None, None) => {
            let points = raw.points.unwrap_or(5);
            if !(2..=11).contains(&points) {
                return Err(invalid(format!("{at}.points"), Problem::LikertPoints));
            }
            let labels = raw.labels.unwrap_or_default();
            if !matches!(labels.len(), 0 | 2) && labels.len() != points {
                return Err(invalid(
                    format!("{at}.labels"),
                    Problem::LikertLabels { points },
                ));
            }
            likert_choices(points, &labels, raw.reverse.unwrap_or(false))
        }
        (K::YesNo | K::Likert, _, _) => return Err(invalid(at, Problem::PresetOptions)),
        (K::Choice | K::Multi, Some(_), Some(_)) => {
            return Err(invalid(at, Problem::ScaleAndChoices))
        }
        (K::Choice | K::Multi, Some(scale), None) => {
            scales.get(&scale).cloned().ok_or_else(|| {
                invalid(
                    format!("{at}.scale"),
                    Problem::UnknownScale {
                        scale: scale.clone(),
                    },
                )
            })?
        }
        (K::Choice | K::Multi, None, Some(choices)) => {
            check_choices(&format!("{at}.choices"), &choices)?;
            choices
        }
        (K::Choice | K::Multi, None, None) => return Err(invalid(at, Problem::NoChoices)),
        (_, scale, choices) => {
            only_for(at, "scale", scale.is_some(), false)?;
            only_for(at, "choices", choices.is_some(), false)?;
            Vec::new()
        }
    };
    let (min, max) = match kind {
        K::Percentage => (Some(raw.min.unwrap_or(0.0)), Some(raw.max.unwrap_or(100.0))),
        K::Count => (Some(0.0), None),
        _ => (raw.min, raw.max),
    };
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            return Err(invalid(format!("{at}.min"), Problem::BoundsOrder));
        }
    }
    let columns = raw.columns.unwrap_or_default();
    if kind == K::Table {
        if columns.is_empty() {
            return Err(invalid(format!("{at}.columns"), Problem::NoColumns));
        }
        let mut ids = HashSet::new();
        for (c, column) in columns.iter().enumerate() {
            let col_at = format!("{at}.columns[{c}]");
            check_id(&format!("{col_at}.id"), &column.id)?;
            if column.id.trim().is_empty() || !ids.insert(column.id.as_str()) {
                return Err(invalid(
                    format!("{col_at}.id"),
                    Problem::DuplicateId {
                        id: column.id.clone(),
                    },
                ));
            }
            let is_choice = column.kind == ColumnKind::Choice;
            if is_choice == column.choices.is_empty() {
                return Err(invalid(format!("{col_at}.choices"), Problem::ColumnChoices));
            }
            if is_choice {
                check_choices(&format!("{col_at}.choices"), &column.choices)?;
            }
        }
    }
    let pattern = match raw.pattern {
        Some(p) => Some(Pattern::new(&p).map_err(|message| {
            invalid(format!("{at}.pattern"), Problem::BadPattern { message })
        })?),
        None => None,
    };
    let visible_if = condition(at, raw.visible_if)?;
    if raw.weight.is_some_and(|w| w > MAX_POINTS) {
        return Err(invalid(format!("{at}.weight"), Problem::TooManyPoints));
    }
    let bands = raw.bands.unwrap_or_default();
    if let Some(b) = bands.iter().position(|b| b.points > MAX_POINTS) {
        return Err(invalid(
            format!("{at}.bands[{b}].points"),
            Problem::TooManyPoints,
        ));
    }
    Ok(Item {
        id: raw.id,
        label: raw.label,
        kind,
        choices,
        min,
        max,
        integer: kind == K::Count || raw.integer.unwrap_or(false),
        unit: match kind {
            K::Percentage => Some(Text {
                ru: "%".into(),
                en: None,
            }),
            _ => raw.unit,
        },
        bands,
        columns,
        max_choices: raw.max_choices,
        required: raw.required,
        weight: raw.weight.unwrap_or(1),
        pattern,
        message: raw.message,
        visible_if,
        evidence: raw.evidence,
        comment: raw.comment,
        help: raw.help,
        recommendation: raw.recommendation,
    })
}

impl Template {
    /// Parses and validates a template file; every refusal names the place and the fix.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        if text.len() > MAX_TEMPLATE_BYTES {
            return Err(TemplateError::TooLarge {
                size: text.len(),
                max: MAX_TEMPLATE_BYTES,
            });
        }
        // A file saved by Windows Notepad starts with a byte-order mark; it is not content.
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let json = Json::parse(body).map_err(|e| TemplateError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message.to_owned(),
        })?;
        let raw = RawTemplate::read(&json).map_err(|(path, shape)| TemplateError::Invalid {
            path,
            problem: Problem::Shape(shape),
        })?;
        if raw.format != TEMPLATE_FORMAT {
            return Err(invalid(
                "format",
                Problem::UnsupportedFormat { found: raw.format },
            ));
        }
        for (key, value) in [("id", &raw.id), ("version", &raw.version)] {
            if value.trim().is_empty() {
                return Err(invalid(key, Problem::Empty));
            }
        }
        let mut field_ids = HashSet::new();
        for (i, field) in raw.respondent.iter().enumerate() {
            check_id(&format!("respondent[{i}].id"), &field.id)?;
            if !field_ids.insert(field.id.as_str()) {
                return Err(invalid(
                    format!("respondent[{i}].id"),
                    Problem::DuplicateId {
                        id: field.id.clone(),
                    },
                ));
            }
        }
        for (name, choices) in raw.scales.iter() {
            check_choices(&format!("scales.{name}"), choices)?;
        }
        if raw.sections.is_empty() {
            return Err(invalid("sections", Problem::NoSections));
        }
        let levels = check_levels("levels", raw.levels)?;
        let mut builder = Builder {
            scales: &raw.scales,
            section_ids: HashSet::new(),
            item_ids: HashSet::new(),
            groups: Vec::new(),
            sections: Vec::new(),
            paths: Vec::new(),
        };
        for (s, raw_section) in raw.sections.into_iter().enumerate() {
            builder.section(format!("sections[{s}]"), raw_section, None)?;
        }
        let index = builder
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| {
                sec.items
                    .iter()
                    .enumerate()
                    .map(move |(i, it)| (it.id.clone(), (s, i)))
            })
            .collect();
        let mut template = Template {
            id: raw.id,
            version: raw.version,
            hash: template_hash(text.as_bytes()),
            legacy_hash: content_hash(text.as_bytes()),
            title: raw.title,
            description: raw.description,
            source: raw.source,
            notice: raw.notice,
            respondent: raw.respondent,
            groups: builder.groups,
            sections: builder.sections,
            levels,
            index,
            order: Vec::new(),
        };
        #[cfg(feature = "columns")]
        super::columns::check_columns(&template, &builder.paths)?;
        template.order = check_conditions(&template, &builder.paths)?;
        Ok(template)
    }
}

/// Collects sections and items, checking ids as it goes.
struct Builder<'a> {
    scales: &'a VecMap<Vec<Choice>>,
    section_ids: HashSet<String>,
    item_ids: HashSet<String>,
    groups: Vec<Group>,
    sections: Vec<Section>,
    /// Each section's path in the file, then each of its items' paths.
    paths: Vec<(String, Vec<String>)>,
}

impl Builder<'_> {
    fn section(
        &mut self,
        at: String,
        raw: RawSection,
        group: Option<usize>,
    ) -> Result<(), TemplateError> {
        check_id(&format!("{at}.id"), &raw.id)?;
        if raw.id.trim().is_empty() || !self.section_ids.insert(raw.id.clone()) {
            return Err(invalid(
                format!("{at}.id"),
                Problem::DuplicateId { id: raw.id },
            ));
        }
        let levels = check_levels(&format!("{at}.levels"), raw.levels)?;
        let visible_if = condition(&at, raw.visible_if)?;
        match (raw.items, raw.sections) {
            (Some(_), Some(_)) => Err(invalid(at, Problem::ItemsAndSections)),
            (None, Some(_)) if group.is_some() => {
                Err(invalid(format!("{at}.sections"), Problem::NestedTooDeep))
            }
            (None, Some(children)) => {
                only_for(&at, "levels", !levels.is_empty(), false)?;
                only_for(&at, "visible_if", visible_if.is_some(), false)?;
                if children.is_empty() {
                    return Err(invalid(format!("{at}.sections"), Problem::NoSections));
                }
                self.groups.push(Group {
                    id: raw.id,
                    title: raw.title,
                });
                let index = self.groups.len() - 1;
                for (c, child) in children.into_iter().enumerate() {
                    self.section(format!("{at}.sections[{c}]"), child, Some(index))?;
                }
                Ok(())
            }
            (items, None) => {
                let items = items.unwrap_or_default();
                if items.is_empty() {
                    return Err(invalid(format!("{at}.items"), Problem::NoItems));
                }
                let mut built = Vec::with_capacity(items.len());
                let mut paths = Vec::with_capacity(items.len());
                for (i, raw_item) in items.into_iter().enumerate() {
                    let item_at = format!("{at}.items[{i}]");
                    check_id(&format!("{item_at}.id"), &raw_item.id)?;
                    if raw_item.id.trim().is_empty() || !self.item_ids.insert(raw_item.id.clone()) {
                        return Err(invalid(
                            format!("{item_at}.id"),
                            Problem::DuplicateId { id: raw_item.id },
                        ));
                    }
                    if self.item_ids.len() > MAX_ITEMS {
                        return Err(invalid(item_at, Problem::TooManyItems));
                    }
                    built.push(build_item(&item_at, raw_item, self.scales)?);
                    paths.push(item_at);
                }
                self.sections.push(Section {
                    id: raw.id,
                    title: raw.title,
                    group,
                    items: built,
                    levels,
                    visible_if,
                });
                self.paths.push((at, paths));
                Ok(())
            }
        }
    }
}

/// Levels run from the highest threshold down to one at 0 %, so every score has a level.
fn check_levels(at: &str, raw: Vec<RawLevel>) -> Result<Vec<Level>, TemplateError> {
    let mut levels: Vec<Level> = Vec::with_capacity(raw.len());
    for (i, level) in raw.into_iter().enumerate() {
        if !(0.0..=100.0).contains(&level.min) {
            return Err(invalid(format!("{at}[{i}].min"), Problem::ThresholdRange));
        }
        let min_tenths = (level.min * 10.0).round() as u32;
        if levels
            .last()
            .is_some_and(|prev| prev.min_tenths <= min_tenths)
        {
            return Err(invalid(format!("{at}[{i}].min"), Problem::ThresholdsOrder));
        }
        if level.label.ru.trim().is_empty() {
            return Err(invalid(format!("{at}[{i}].label"), Problem::UnnamedLevel));
        }
        levels.push(Level {
            min_tenths,
            label: level.label,
            tone: level.tone,
        });
    }
    if levels.last().is_some_and(|l| l.min_tenths != 0) {
        return Err(invalid(
            format!("{at}[{}].min", levels.len() - 1),
            Problem::LastLevelNotZero,
        ));
    }
    Ok(levels)
}

fn check_choices(at: &str, choices: &[Choice]) -> Result<(), TemplateError> {
    if choices.len() < 2 {
        return Err(invalid(at, Problem::TooFewChoices));
    }
    if choices.len() > MAX_CHOICES {
        return Err(invalid(at, Problem::TooManyChoices));
    }
    let mut values = HashSet::new();
    for (c, choice) in choices.iter().enumerate() {
        if choice.points > MAX_POINTS {
            return Err(invalid(format!("{at}[{c}].points"), Problem::TooManyPoints));
        }
        if choice.value.trim().is_empty() || !values.insert(choice.value.as_str()) {
            return Err(invalid(
                format!("{at}[{c}].value"),
                Problem::DuplicateChoice {
                    value: choice.value.clone(),
                },
            ));
        }
    }
    Ok(())
}
