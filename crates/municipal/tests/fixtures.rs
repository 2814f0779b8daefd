//! The municipality test files on disk are exactly what `src/fixtures.rs` makes
//! (`OTSENKA_BLESS=1` rewrites them), and consolidating them gives what the tests of the
//! command line and the app expect.

#[path = "../src/fixtures.rs"]
mod fixtures;

use std::path::Path;

/// Each generated file is on disk byte for byte (`OTSENKA_BLESS=1` writes them first).
fn same_on_disk(dir: &Path, files: &[(String, Vec<u8>)]) {
    for (name, bytes) in files {
        if std::env::var_os("OTSENKA_BLESS").is_some() {
            std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let disk = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(
            disk == *bytes,
            "{name} differs from the generator (OTSENKA_BLESS=1 rewrites)"
        );
    }
}

#[test]
fn files_on_disk_are_the_generated_ones() {
    let template = match templates::by_id("msoko") {
        Some(Ok(t)) => t,
        other => panic!("МСОКО must load: {other:?}"),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schools");
    let files = fixtures::files(&template);
    assert_eq!(files.len(), 25);
    same_on_disk(&dir, &files);
    let text = templates::BUILT_IN
        .iter()
        .find(|b| b.id == "msoko")
        .map_or("", |b| b.json);
    let backup = fixtures::backup(&template, text);
    let path = dir.join("../backup-two-schools.json");
    if std::env::var_os("OTSENKA_BLESS").is_some() {
        std::fs::write(&path, &backup).unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(std::fs::read_to_string(&path).unwrap_or_default() == backup);
    assert_eq!(
        exchange::Backup::read(&backup).map(|b| b.assessments.len()),
        Ok(2)
    );
    let on_disk = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(on_disk, files.len(), "no stray files in {}", dir.display());
}

#[test]
fn shnor_files_on_disk_and_what_they_hold() {
    let all = templates::all().unwrap_or_default();
    let shnor = all.iter().find(|t| t.id == "shnor").cloned();
    let shnor = shnor.unwrap_or_else(|| panic!("ШНОР"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shnor");
    let files = fixtures::shnor_files(&shnor);
    same_on_disk(&dir, &files);
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let got = exchange::import_files(&named, &all);
    assert!(got.refused.is_empty(), "{:?}", got.refused);
    assert_eq!(got.assessments.len(), 2);
    // Every visible item is answered and passes the template's checks; the school whose tables
    // file is not here lacks exactly its two programmes.
    let problems = |a: &model::Assessment| -> Vec<String> {
        model::item_problems(&shnor, a)
            .iter()
            .map(|(i, _)| i.id.clone())
            .collect()
    };
    assert_eq!(problems(&got.assessments[0]), Vec::<String>::new());
    assert_eq!(
        problems(&got.assessments[1]),
        ["programme_2", "programme_8"]
    );
    let rows = got.assessments[0]
        .answers
        .get("programme_8")
        .map_or(0, |x| x.rows.len());
    assert_eq!(
        rows, 2,
        "the tables file's rows joined the main file's assessment"
    );
    let r = municipal::SchoolResult::of(&shnor, &got.assessments[0], "shnor-51.csv");
    assert!(r.total.is_some());
    // Only scored sections are columns: the twelve risk factors, not priorities or programmes.
    let (table, numeric) =
        municipal::table(&shnor, &[&r], None, false, municipal::Numbers::Comma, false);
    let sections: Vec<&str> = table[0][5..numeric.len() + 4]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(sections.len(), 12);
    assert_eq!(sections[0], "% 1");
    assert_eq!(sections[11], "% 12");
    assert_eq!(table[0][numeric.len() + 4], "% итог");
}

#[test]
fn consolidating_the_files() {
    let all = templates::all().unwrap_or_default();
    let template = all.iter().find(|t| t.id == "msoko").cloned();
    let template = template.unwrap_or_else(|| panic!("МСОКО"));
    let mut results = Vec::new();
    let mut refused = Vec::new();
    let mut warned = Vec::new();
    for (name, bytes) in fixtures::files(&template) {
        match exchange::read_one(&name, &bytes, &all) {
            Ok((_, list, warnings)) => {
                if !warnings.is_empty() {
                    warned.push(name.clone());
                }
                results.extend(
                    list.iter()
                        .map(|a| municipal::SchoolResult::of(&template, a, &name)),
                );
            }
            Err(_) => refused.push(name),
        }
    }
    refused.sort();
    assert_eq!(
        refused,
        ["bad-tampered.csv", "bad-truncated.csv", "bad-utf16.csv"]
    );
    assert_eq!(warned, ["school-08.csv"]);
    let groups = municipal::consolidate(results, &municipal::Choices::new());
    assert_eq!(groups.len(), 1);
    let g = &groups[0];
    assert_eq!(g.schools.len(), fixtures::SCHOOLS);
    let dups: Vec<_> = g.duplicates().collect();
    assert_eq!(dups.len(), 1);
    assert_eq!(
        dups[0].result().source,
        "school-04-resent.csv",
        "the newer copy wins"
    );
    assert_eq!(dups[0].copies[1].source, "school-04.csv");
}
