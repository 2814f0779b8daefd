//! The commands, each over the same core as the app.

pub mod hall;
mod load;
mod merge;
mod summary;
mod validate;

pub use hall::hall;
pub use load::load;
pub use merge::merge;
pub use summary::summary;
pub use validate::validate;
