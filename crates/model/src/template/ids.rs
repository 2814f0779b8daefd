//! What an id may be made of, and the columns every export starts with (which no id may take).

use super::build::invalid;
use super::{Problem, TemplateError};

/// The columns every exported CSV row starts with, in this order: owned here because the
/// validator keeps ids from taking them; `exchange::csv::META` is this list.
pub const CSV_META: [&str; 9] = [
    "format_version",
    "assessment_id",
    "template_id",
    "template_version",
    "template_hash",
    "exported_at",
    "app_version",
    "created_at",
    "updated_at",
];

/// The keys a template file may have at its top, in the order the format documents them.
pub const TEMPLATE_KEYS: [&str; 12] = [
    "format",
    "id",
    "version",
    "title",
    "description",
    "source",
    "notice",
    "respondent",
    "scales",
    "levels",
    "sections",
    "$schema",
];

/// The first of them, the template's own one-line facts: a template sheet's meta rows.
pub const TEMPLATE_META_KEYS: &[&str] = TEMPLATE_KEYS.split_at(7).0;

/// Whether `c` may be part of an id. Ids name CSV columns and database fields and are read
/// back from files that spreadsheets rewrote, so two ids must never look alike yet differ:
/// printable ASCII (but the characters conditions and CSV use as delimiters), Cyrillic
/// letters and «№». Every string of these is in Unicode normal form C, so ids that differ
/// stay different after normalisation, and none is invisible.
fn id_char(c: char) -> bool {
    (c.is_ascii_graphic() && !matches!(c, '[' | ']' | '"' | '\'' | ';' | ',' | '\\' | '`'))
        // Cyrillic, without its combining marks U+0483–U+0489.
        || matches!(c, '\u{400}'..='\u{482}' | '\u{48a}'..='\u{52f}' | '№')
}

pub(super) fn check_id(at: &str, id: &str) -> Result<(), TemplateError> {
    if id.is_empty() || id.chars().all(id_char) {
        // An empty id is reported where duplicates are, as today.
        return Ok(());
    }
    Err(invalid(at, Problem::BadId { id: id.to_owned() }))
}
