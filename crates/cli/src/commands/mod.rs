//! The three commands, each over the same core as the app.

mod merge;
mod summary;
mod validate;

pub use merge::merge;
pub use summary::summary;
pub use validate::validate;
