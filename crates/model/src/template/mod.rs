//! Checklist templates: parsed from a versioned JSON file and checked before anyone answers them.
//!
//! [`Template::from_json`] is the one judge of a template file. It goes through:
//! - `read`: JSON → the template as written, each object's keys and types checked with its path;
//! - `build`: the rules across objects (scales, levels, bounds, presets, points), giving the
//!   `types` the app uses;
//! - `ids`, `columns` and `conditions`: what ids may be, that every exported column is made
//!   once, and that conditions read existing items in no circle.
//!
//! `problem` holds every refusal with its sentence; `fields` the checks of a respondent's
//! values (ИНН, ОГРН, ФИС ОКО login, academic year).

mod build;
#[cfg(feature = "columns")]
mod columns;
mod conditions;
mod fields;
mod ids;
mod problem;
mod read;
#[cfg(test)]
mod tests;
mod types;

pub use ids::{CSV_META, TEMPLATE_KEYS, TEMPLATE_META_KEYS};
pub use problem::{Problem, TemplateError};
pub use types::{
    Band, Choice, Column, ColumnKind, Condition, Field, FieldKind, FieldProblem, Group, Item,
    ItemKind, Level, Section, Text, Tone, COLUMN_KINDS, FIELD_KINDS, ITEM_KINDS, PERMANENT, TONES,
};

use crate::vecmap::VecMap;

/// The template file format this build reads.
pub const TEMPLATE_FORMAT: u32 = 1;

/// Template files larger than this are refused before parsing: a real checklist is a few
/// hundred kilobytes, and a huge file would only freeze a school's one shared PC.
pub const MAX_TEMPLATE_BYTES: usize = 4 * 1024 * 1024;

/// Most items a template may have; the largest real checklist has a few hundred.
pub const MAX_ITEMS: usize = 5000;

/// Most choices one list may have; a real one has a handful. Answers are matched against
/// their item's choices, so this bounds that work per answer.
pub const MAX_CHOICES: usize = 500;

/// The most points an option, a band or a weight may carry: enough for any real scale, and
/// small enough that no section's sum can overflow.
pub const MAX_POINTS: u32 = 1000;

/// A validated checklist template. Built only by [`Template::from_json`].
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub id: String,
    pub version: String,
    /// Identity of the exact file text ([`crate::template_hash`], SHA-256), carried by every
    /// assessment and export made from now on.
    pub hash: String,
    /// The identity records made before SHA-256 carry ([`crate::content_hash`], FNV-1a): read,
    /// never written. Compare a carried hash with [`Template::has_hash`], not with `hash`.
    pub legacy_hash: String,
    pub title: Text,
    pub description: Option<Text>,
    pub source: Option<Text>,
    /// One short line said wherever the results are shown or printed (the results page, the
    /// report, the municipality's summary): what in the template is not official (its
    /// thresholds, criteria, a total of its own invention). `None` for an official method.
    pub notice: Option<Text>,
    pub respondent: Vec<Field>,
    pub groups: Vec<Group>,
    pub sections: Vec<Section>,
    /// Levels for every section without its own, and for the total; may be empty.
    pub levels: Vec<Level>,
    /// Where each item is, (section, item) by id: look-ups in constant time.
    /// (A `VecMap`: its key index is the one hash map code the bundle carries for strings.)
    index: VecMap<(usize, usize)>,
    /// Every item, as (section, item), after every item its conditions read: the order in
    /// which visibility is decided without recursion.
    order: Vec<(usize, usize)>,
}

impl Template {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// Whether a hash that an assessment, a file or a stored record carries names this
    /// template's text: the SHA-256 identity, or the older FNV-1a one.
    pub fn has_hash(&self, hash: &str) -> bool {
        hash == self.hash || hash == self.legacy_hash
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.position(id).map(|(s, i)| &self.sections[s].items[i])
    }

    /// Where an item is: its section's index and its index in that section.
    pub fn position(&self, id: &str) -> Option<(usize, usize)> {
        self.index.get(id).copied()
    }

    /// Every item as (section, item), each after the items its conditions read.
    pub fn condition_order(&self) -> &[(usize, usize)] {
        &self.order
    }

    /// The level a section's (or, with `None`, the total's) percentage falls in.
    pub fn level<'a>(&'a self, section: Option<&'a Section>, tenths: u32) -> Option<&'a Level> {
        let levels = match section {
            Some(s) if !s.levels.is_empty() => &s.levels,
            _ => &self.levels,
        };
        levels.iter().find(|l| tenths >= l.min_tenths)
    }

    /// Whether any level is defined, i.e. whether results and exports have a level column.
    pub fn has_levels(&self) -> bool {
        !self.levels.is_empty() || self.sections.iter().any(|s| !s.levels.is_empty())
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    /// The section an item is in.
    pub fn section_of(&self, item_id: &str) -> Option<&Section> {
        self.position(item_id).map(|(s, _)| &self.sections[s])
    }
}
