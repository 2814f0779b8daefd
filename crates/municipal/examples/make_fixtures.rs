//! Writes the municipality test files (`tests/fixtures/schools/`, see `src/fixtures.rs`):
//! `cargo run -p otsenka-municipal --example make_fixtures`. `tests/fixtures.rs` checks the
//! files on disk are what this writes.

#[path = "../src/fixtures.rs"]
mod fixtures;

fn main() {
    // The school files are of the schools' МСОКО 2025.3 (archived): what municipalities hold.
    let text = templates::ARCHIVED
        .iter()
        .find(|a| a.file == "archive/msoko-2025.3.json")
        .map_or("", |a| a.json);
    let template = match model::Template::from_json(text) {
        Ok(t) => t,
        Err(e) => panic!("МСОКО 2025.3 must load: {e}"),
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schools");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let files = fixtures::files(&template);
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let shnor = match templates::by_id("shnor") {
        Some(Ok(t)) => t,
        other => panic!("ШНОР must load: {other:?}"),
    };
    let shnor_dir = dir.join("../shnor");
    std::fs::create_dir_all(&shnor_dir).unwrap_or_else(|e| panic!("{e}"));
    for (name, bytes) in fixtures::shnor_files(&shnor) {
        std::fs::write(shnor_dir.join(&name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let contributions = dir.join("../msoko-school");
    std::fs::create_dir_all(&contributions).unwrap_or_else(|e| panic!("{e}"));
    let school = match templates::by_id("msoko-school") {
        Some(Ok(t)) => t,
        other => panic!("msoko-school must load: {other:?}"),
    };
    for (name, bytes) in fixtures::contribution_files(&school) {
        std::fs::write(contributions.join(&name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let backup = dir.join("../backup-two-schools.json");
    std::fs::write(&backup, fixtures::backup(&template, text))
        .unwrap_or_else(|e| panic!("{}: {e}", backup.display()));
    println!("{} files in {}", files.len(), dir.display());
}
