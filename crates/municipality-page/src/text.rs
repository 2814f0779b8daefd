//! The page's texts: the shared language switch (`web::lang`) and storage failures worded.

pub use web::lang::{english, num, pct, saved_english, set_english, store_error, t};
