//! Any bytes given to the template-sheet reader (`exchange::import_sheet`, a spreadsheet saved
//! as CSV): a template or an error pointing at a cell, never a panic. What it accepts is the
//! template its JSON reads as, and writing that template as a sheet (`template_to_sheet`) and
//! reading it again gives the same template. Seeded with the example sheets
//! (`crates/templates/sheets`) and the CSV corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn cleared(mut t: model::Template) -> model::Template {
    t.hash.clear();
    t.legacy_hash.clear();
    t
}

fuzz_target!(|data: &[u8]| {
    let Ok((t, json)) = exchange::import_sheet(data) else {
        return;
    };
    assert_eq!(model::Template::from_json(&json).ok().as_ref(), Some(&t));
    let sheet = exchange::template_to_sheet(&t);
    match exchange::import_sheet(sheet.as_bytes()) {
        Ok((back, _)) => assert_eq!(cleared(back), cleared(t)),
        Err(e) => panic!("the sheet written for an accepted template is refused: {e}\n{sheet}"),
    }
});
