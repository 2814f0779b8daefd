//! The page's texts: the shared language switch (`web::lang`) and storage failures worded.

pub use web::lang::{lang, num, pct, saved_lang, set_lang, store_error, t};
