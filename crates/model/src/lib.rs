//! The domain core of Otsenka: what a checklist template is, what an assessment holds, and how
//! answers turn into scores and deficits.
//!
//! Everything here is plain Rust with no browser dependency, so the rules that decide a school's
//! percentages are tested natively in milliseconds. Data flows one way: a validated
//! [`Template`] plus an [`Assessment`]'s answers go into [`evaluate`], which derives
//! [`Results`]; derived data is never stored.

mod assessment;
mod hash;
mod percent;
mod scoring;
mod template;
mod vecmap;

pub use assessment::{Answer, Assessment, ASSESSMENT_SCHEMA};
pub use hash::content_hash;
pub use percent::Percent;
pub use scoring::{evaluate, Deficit, Results, Score, SectionResult};
pub use template::{
    Choice, Field, FieldKind, FieldProblem, Item, Level, Problem, Section, Template, TemplateError,
    Text, Tone, MAX_TEMPLATE_BYTES, TEMPLATE_FORMAT,
};
pub use vecmap::VecMap;
