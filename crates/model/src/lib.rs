//! The domain core of Otsenka: what a checklist template is, what an assessment holds, and how
//! answers turn into scores and deficits.
//!
//! Everything here is plain Rust with no browser dependency, so the rules that decide a school's
//! percentages are tested natively in milliseconds. Data flows one way: a validated
//! [`Template`] plus an [`Assessment`]'s answers go into [`evaluate`], which derives
//! [`Results`]; derived data is never stored.

mod addressee;
mod assessment;
mod cycle;
pub mod deadline;
mod edits;
mod expr;
mod hash;
mod history;
mod instant;
mod json;
mod lang;
mod migrate;
mod pattern;
mod percent;
mod plan;
pub mod protocol;
mod school;
mod scoring;
mod shown;
mod status;
mod template;
mod vecmap;
mod words;

pub use addressee::{audience, Audience};
pub use assessment::{Answer, Assessment, RecordError, ASSESSMENT_SCHEMA};
pub use cycle::{cycle_grid, CycleGrid, CycleRow, Mark};
pub use deadline::{is_deadline, overdue, Day, Deadline, DEADLINE_COLUMN, STATUS_COLUMN};
pub use edits::Edits;
pub use expr::{Expr, Value};
pub use hash::{content_hash, names_text, sha256, template_hash};
pub use history::{changes, earlier, Changes, SectionChange};
pub use instant::{cmp_instants, instant_ms};
pub use json::{number_text, parse_number, Json, JsonError, Obj, Shape};
pub use lang::Lang;
pub use migrate::{migrate, Change};
pub use pattern::Pattern;
pub use percent::Percent;
pub use plan::{draft_rows, new_row, plan_tables, PlanTable};
pub use school::{same_school, school_keys, SchoolId, SCHOOL_FIELDS};
pub use scoring::{
    check_item, date_text, evaluate, filled_tables, is_answered, is_date, item_points,
    item_problems, not_applicable, value_of, Deficit, ItemProblem, Results, Score, SectionResult,
    Visibility,
};
pub use shown::{numbered, shown_number};
pub use status::{closes, Status, STATUSES};
pub use template::{
    Band, Choice, Column, ColumnKind, Condition, Field, FieldKind, FieldProblem, Group, Item,
    ItemKind, Level, Problem, Section, Template, TemplateError, Text, Tone, COLUMN_KINDS, CSV_META,
    FIELD_KINDS, ITEM_KINDS, MAX_CHOICES, MAX_ITEMS, MAX_TEMPLATE_BYTES, PERMANENT,
    TEMPLATE_FORMAT, TEMPLATE_KEYS, TEMPLATE_META_KEYS, TONES,
};
pub use vecmap::VecMap;
pub use words::{fill, nest_quotes, plural};
