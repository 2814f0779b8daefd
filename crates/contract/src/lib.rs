//! The contracts between Otsenka's browser binaries, owned here once: the names under which
//! they keep and share data (the school database, the tabs' channel, every storage key) and
//! the interface language.
//!
//! Pure: no browser crate (the layers check, `cargo xtask tidy`, holds it as a core crate),
//! so the names are checked in native tests. (The file worker's messages are not here yet:
//! typed, they cost the app's first view 2.1 KB brotli, over its budget; see the note.)

pub use model::Lang;

pub mod keys;
pub use keys::{CHANNEL, DB_NAME, IMPORTED_TEMPLATE, LANG_KEY};
