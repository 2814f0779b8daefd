//! Any bytes given to the CSV importer, as a person's file: it answers with assessments or
//! with problems, and never panics, loops or runs out of memory. Seeded with the test corpus
//! (`tests/fixtures/csv`: good exports and every kind of bad one), so mutations start from
//! files that reach deep into the reader.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static TEMPLATES: OnceLock<Vec<model::Template>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let templates = TEMPLATES.get_or_init(|| templates::all().unwrap_or_default());
    let got = exchange::import_files(&[("fuzz.csv", data)], templates);
    // All or nothing: a refused file gives no assessment.
    if !got.refused.is_empty() {
        assert!(got.assessments.is_empty());
    }
});
