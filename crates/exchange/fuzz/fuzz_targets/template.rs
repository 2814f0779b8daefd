//! Any text given to the template reader (`model::Template::from_json`, which every template
//! file, built-in or imported, goes through): it answers with a template or an error, never a
//! panic, a loop or unbounded memory. What it accepts is within the documented limits and
//! reads the same again. Seeded with the built-in templates (`crates/templates/data`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = model::Template::from_json(text) {
        assert!(text.len() <= model::MAX_TEMPLATE_BYTES);
        assert!(t.item_count() <= model::MAX_ITEMS);
        assert_eq!(
            model::Template::from_json(text).ok().as_ref(),
            Some(&t),
            "the same text reads the same"
        );
    }
});
