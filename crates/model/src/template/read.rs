//! Reading the file: each reader checks one object's keys and types, with its path, and gives
//! the template as written (`Raw…`), before any rule across objects is checked.

use super::{Band, Choice, Column, ColumnKind, Field, FieldKind, ItemKind, Text, Tone};
use super::{COLUMN_KINDS, FIELD_KINDS, ITEM_KINDS, TONES};
use crate::json::{Json, Obj, Shape, Shaped};
use crate::vecmap::VecMap;

impl Text {
    /// A text in a file: a string (Russian), or `{"ru": …, "en": …}`.
    pub fn read(value: &Json, path: &str) -> Shaped<Text> {
        match value {
            Json::Str(s) => Ok(Text {
                ru: s.clone(),
                en: None,
            }),
            Json::Obj(_) => {
                let o = Obj::new(value, path.to_owned(), &["ru", "en"])?;
                Ok(Text {
                    ru: o.str("ru")?,
                    en: o.opt_str("en")?,
                })
            }
            _ => Err((
                path.to_owned(),
                Shape::Type {
                    expected: "a text, or {\"ru\": …, \"en\": …}",
                },
            )),
        }
    }
}

fn opt_text(o: &Obj, key: &str) -> Shaped<Option<Text>> {
    o.get(key).map(|v| Text::read(v, &o.at(key))).transpose()
}

fn need_text(o: &Obj, key: &str) -> Shaped<Text> {
    opt_text(o, key)?.ok_or_else(|| {
        (
            o.path.clone(),
            Shape::Missing {
                key: key.to_owned(),
            },
        )
    })
}

/// Reads a list of objects with `read`.
fn read_list<T>(
    o: &Obj,
    key: &str,
    read: impl Fn(&Json, String) -> Shaped<T>,
) -> Shaped<Option<Vec<T>>> {
    let Some(items) = o.list(key)? else {
        return Ok(None);
    };
    read_each(&o.at(key), items, read).map(Some)
}

/// Reads every element of a list (a loop rather than `collect::<Result<…>>`, whose adapter is
/// instantiated anew for every element type).
fn read_each<T>(
    path: &str,
    items: &[Json],
    read: impl Fn(&Json, String) -> Shaped<T>,
) -> Shaped<Vec<T>> {
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        out.push(read(v, format!("{path}[{i}]"))?);
    }
    Ok(out)
}

pub(super) struct RawLevel {
    pub(super) min: f64,
    pub(super) label: Text,
    pub(super) tone: Tone,
}

pub(super) struct RawTemplate {
    pub(super) format: u32,
    pub(super) id: String,
    pub(super) version: String,
    pub(super) title: Text,
    pub(super) description: Option<Text>,
    pub(super) source: Option<Text>,
    pub(super) notice: Option<Text>,
    pub(super) respondent: Vec<Field>,
    pub(super) scales: VecMap<Vec<Choice>>,
    pub(super) levels: Vec<RawLevel>,
    pub(super) sections: Vec<RawSection>,
}

pub(super) struct RawSection {
    pub(super) id: String,
    pub(super) title: Text,
    pub(super) levels: Vec<RawLevel>,
    pub(super) visible_if: Option<String>,
    pub(super) items: Option<Vec<RawItem>>,
    pub(super) sections: Option<Vec<RawSection>>,
}

pub(super) struct RawItem {
    pub(super) id: String,
    pub(super) label: Text,
    pub(super) kind: ItemKind,
    pub(super) scale: Option<String>,
    pub(super) choices: Option<Vec<Choice>>,
    /// For `yes_no` items: which answer is the good one (scores 1); default `yes`.
    pub(super) good: Option<YesNo>,
    /// For `likert` items: how many points, their labels, and whether 1 is the best.
    pub(super) points: Option<usize>,
    pub(super) labels: Option<Vec<Text>>,
    pub(super) reverse: Option<bool>,
    pub(super) min: Option<f64>,
    pub(super) max: Option<f64>,
    pub(super) integer: Option<bool>,
    pub(super) unit: Option<Text>,
    pub(super) bands: Option<Vec<Band>>,
    pub(super) columns: Option<Vec<Column>>,
    pub(super) max_choices: Option<usize>,
    pub(super) required: bool,
    pub(super) weight: Option<u32>,
    pub(super) pattern: Option<String>,
    pub(super) message: Option<Text>,
    pub(super) visible_if: Option<String>,
    pub(super) evidence: bool,
    pub(super) comment: bool,
    pub(super) help: Option<Text>,
    pub(super) recommendation: Option<Text>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum YesNo {
    Yes,
    No,
}

impl Field {
    fn read(v: &Json, path: String) -> Shaped<Field> {
        let o = Obj::new(v, path, &["id", "label", "kind", "required", "help"])?;
        Ok(Field {
            id: o.str("id")?,
            label: need_text(&o, "label")?,
            kind: o
                .word("kind", FIELD_KINDS)?
                .map_or(FieldKind::Text, |i| FieldKind::ALL[i]),
            required: o.bool("required")?,
            help: opt_text(&o, "help")?,
        })
    }
}

impl Choice {
    fn read(v: &Json, path: String) -> Shaped<Choice> {
        let o = Obj::new(v, path, &["value", "label", "points", "not_applicable"])?;
        Ok(Choice {
            value: o.str("value")?,
            label: need_text(&o, "label")?,
            points: o.opt_count("points")?.unwrap_or(0),
            not_applicable: o.bool("not_applicable")?,
        })
    }
}

impl Band {
    fn read(v: &Json, path: String) -> Shaped<Band> {
        let o = Obj::new(v, path, &["min", "max", "points"])?;
        Ok(Band {
            min: o.opt_num("min")?,
            max: o.opt_num("max")?,
            points: o.opt_count("points")?.unwrap_or(0),
        })
    }
}

impl Column {
    fn read(v: &Json, path: String) -> Shaped<Column> {
        let o = Obj::new(v, path, &["id", "label", "kind", "choices", "required"])?;
        Ok(Column {
            id: o.str("id")?,
            label: need_text(&o, "label")?,
            kind: o
                .word("kind", COLUMN_KINDS)?
                .map_or(ColumnKind::Text, |i| ColumnKind::ALL[i]),
            choices: read_list(&o, "choices", Choice::read)?.unwrap_or_default(),
            required: o.bool("required")?,
        })
    }
}

impl RawLevel {
    fn read(v: &Json, path: String) -> Shaped<RawLevel> {
        let o = Obj::new(v, path, &["min", "label", "tone"])?;
        Ok(RawLevel {
            min: o
                .opt_num("min")?
                .ok_or_else(|| (o.path.clone(), Shape::Missing { key: "min".into() }))?,
            label: need_text(&o, "label")?,
            tone: Tone::ALL[o
                .word("tone", TONES)?
                .ok_or_else(|| (o.path.clone(), Shape::Missing { key: "tone".into() }))?],
        })
    }
}

impl RawTemplate {
    pub(super) fn read(v: &Json) -> Shaped<RawTemplate> {
        let o = Obj::new(v, String::new(), &super::TEMPLATE_KEYS)?;
        let mut scales = VecMap::new();
        if let Some(value) = o.get("scales") {
            let Json::Obj(_) = value else {
                return Err((
                    o.at("scales"),
                    Shape::Type {
                        expected: "an object { … }",
                    },
                ));
            };
            let s = Obj::any(value, o.at("scales"));
            for (name, list) in s.fields() {
                let at = s.at(name);
                let Json::Arr(items) = list else {
                    return Err((
                        at,
                        Shape::Type {
                            expected: "a list [ … ]",
                        },
                    ));
                };
                let choices = read_each(&at, items, Choice::read)?;
                scales.insert(name.clone(), choices);
            }
        }
        Ok(RawTemplate {
            format: o.opt_count("format")?.ok_or_else(|| {
                (
                    String::new(),
                    Shape::Missing {
                        key: "format".into(),
                    },
                )
            })?,
            id: o.str("id")?,
            version: o.str("version")?,
            title: need_text(&o, "title")?,
            description: opt_text(&o, "description")?,
            source: opt_text(&o, "source")?,
            notice: opt_text(&o, "notice")?,
            respondent: read_list(&o, "respondent", Field::read)?.unwrap_or_default(),
            scales,
            levels: read_list(&o, "levels", RawLevel::read)?.unwrap_or_default(),
            sections: {
                o.need_list("sections")?;
                read_list(&o, "sections", RawSection::read)?.unwrap_or_default()
            },
        })
    }
}

impl RawSection {
    fn read(v: &Json, path: String) -> Shaped<RawSection> {
        let o = Obj::new(
            v,
            path,
            &["id", "title", "levels", "visible_if", "items", "sections"],
        )?;
        Ok(RawSection {
            id: o.str("id")?,
            title: need_text(&o, "title")?,
            levels: read_list(&o, "levels", RawLevel::read)?.unwrap_or_default(),
            visible_if: o.opt_str("visible_if")?,
            items: read_list(&o, "items", RawItem::read)?,
            sections: read_list(&o, "sections", RawSection::read)?,
        })
    }
}

impl RawItem {
    fn read(v: &Json, path: String) -> Shaped<RawItem> {
        let o = Obj::new(
            v,
            path,
            &[
                "id",
                "label",
                "kind",
                "scale",
                "choices",
                "good",
                "points",
                "labels",
                "reverse",
                "min",
                "max",
                "integer",
                "unit",
                "bands",
                "columns",
                "max_choices",
                "required",
                "weight",
                "pattern",
                "message",
                "visible_if",
                "evidence",
                "comment",
                "help",
                "recommendation",
            ],
        )?;
        let kind = o
            .word("kind", ITEM_KINDS)?
            .ok_or_else(|| (o.path.clone(), Shape::Missing { key: "kind".into() }))?;
        let labels = match o.list("labels")? {
            None => None,
            Some(items) => Some(read_each(&o.at("labels"), items, |v, p| Text::read(v, &p))?),
        };
        Ok(RawItem {
            id: o.str("id")?,
            label: need_text(&o, "label")?,
            kind: ItemKind::ALL[kind],
            scale: o.opt_str("scale")?,
            choices: read_list(&o, "choices", Choice::read)?,
            good: o
                .word("good", &["yes", "no"])?
                .map(|i| if i == 0 { YesNo::Yes } else { YesNo::No }),
            points: o.opt_count("points")?.map(|n| n as usize),
            labels,
            reverse: o.opt_bool("reverse")?,
            min: o.opt_num("min")?,
            max: o.opt_num("max")?,
            integer: o.opt_bool("integer")?,
            unit: opt_text(&o, "unit")?,
            bands: read_list(&o, "bands", Band::read)?,
            columns: read_list(&o, "columns", Column::read)?,
            max_choices: o.opt_count("max_choices")?.map(|n| n as usize),
            required: o.bool("required")?,
            weight: o.opt_count("weight")?,
            pattern: o.opt_str("pattern")?,
            message: opt_text(&o, "message")?,
            visible_if: o.opt_str("visible_if")?,
            evidence: o.bool("evidence")?,
            comment: o.bool("comment")?,
            help: opt_text(&o, "help")?,
            recommendation: opt_text(&o, "recommendation")?,
        })
    }
}
