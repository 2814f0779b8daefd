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

/// The schools' МСОКО of 2025.3 (archived since the municipal 2026.1): the school files a
/// municipality still receives.
fn msoko_2025_3() -> (model::Template, &'static str) {
    let text = templates::ARCHIVED
        .iter()
        .find(|a| a.file == "archive/msoko-2025.3.json")
        .map_or("", |a| a.json);
    match model::Template::from_json(text) {
        Ok(t) => (t, text),
        Err(e) => panic!("МСОКО 2025.3 must load: {e}"),
    }
}

/// Every template the app reads files with: the built-ins and the kept earlier versions.
fn known() -> Vec<model::Template> {
    let mut all = templates::all().unwrap_or_default();
    all.extend(templates::archived().unwrap_or_default());
    all
}

#[test]
fn files_on_disk_are_the_generated_ones() {
    let (template, text) = msoko_2025_3();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schools");
    let files = fixtures::files(&template);
    assert_eq!(files.len(), 25);
    same_on_disk(&dir, &files);
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
    let (table, numeric) = municipal::table(
        &shnor,
        &[&r],
        None,
        model::Lang::Ru,
        municipal::Numbers::Comma,
        false,
    );
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
    let all = known();
    let (template, _) = msoko_2025_3();
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

/// Two schools' contributions (`msoko-school`) and the municipality's own self-assessment
/// (`msoko` 2026.1) consolidate apart, and side by side direction by direction.
#[test]
fn school_contributions_beside_the_municipal_self_assessment() {
    let all = known();
    let school = all.iter().find(|t| t.id == "msoko-school").cloned();
    let school = school.unwrap_or_else(|| panic!("msoko-school"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/msoko-school");
    let files = fixtures::contribution_files(&school);
    if std::env::var_os("OTSENKA_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    }
    same_on_disk(&dir, &files);
    let mut results = Vec::new();
    for (name, bytes) in &files {
        let (_, list, warnings) =
            exchange::read_one(name, bytes, &all).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        results.extend(
            list.iter()
                .map(|a| municipal::SchoolResult::of(&school, a, name)),
        );
    }
    // The municipality's own: every criterion of block 1 «да», of block 2 «нет».
    let msoko = all.iter().find(|t| t.id == "msoko").cloned();
    let msoko = msoko.unwrap_or_else(|| panic!("МСОКО"));
    let mut own = model::Assessment::new("m".into(), &msoko, "2026-11-20T08:00:00Z".into());
    for (k, v) in [
        ("municipality", "Городской округ «Энск»"),
        ("body", "Управление образования Энска"),
        ("responsible", "Петрова А. А."),
        ("academic_year", "2025/2026"),
    ] {
        own.respondent.insert(k.into(), v.into());
    }
    for s in &msoko.sections {
        for i in &s.items {
            let v = if s.id.starts_with("1.") { "yes" } else { "no" };
            own.update_answer(&i.id, |x| x.choice = Some(v.into()));
        }
    }
    results.push(municipal::SchoolResult::of(&msoko, &own, "own.csv"));
    assert_eq!(results[2].school, "Управление образования Энска");
    let groups = municipal::consolidate(results, &municipal::Choices::new());
    let ids: Vec<(&str, usize)> = groups
        .iter()
        .map(|g| (g.template_id.as_str(), g.schools.len()))
        .collect();
    assert_eq!(ids, [("msoko-school", 2), ("msoko", 1)]);
    assert_eq!(municipal::counterpart(&groups, &all, 0), Some(1));
    assert_eq!(municipal::counterpart(&groups, &all, 1), Some(0));
    // ШНОР's sections are other ones: nothing to set beside it.
    let shnor = all.iter().find(|t| t.id == "shnor").cloned();
    let shnor = shnor.unwrap_or_else(|| panic!("ШНОР"));
    let lone = municipal::Group {
        template_id: shnor.id.clone(),
        template_version: shnor.version.clone(),
        template_hash: shnor.hash.clone(),
        schools: Vec::new(),
    };
    assert_eq!(
        municipal::counterpart(&[groups[1].clone(), lone], &all, 0),
        None
    );

    let rows = |g: &municipal::Group| -> Vec<municipal::SchoolResult> {
        g.schools.iter().map(|s| s.result().clone()).collect()
    };
    let (own_rows, school_rows) = (rows(&groups[1]), rows(&groups[0]));
    let own_refs: Vec<&municipal::SchoolResult> = own_rows.iter().collect();
    let school_refs: Vec<&municipal::SchoolResult> = school_rows.iter().collect();
    let side = municipal::beside((&msoko, &own_refs), (&school, &school_refs));
    let shown: Vec<(&str, Option<String>, Option<String>, usize)> = side
        .iter()
        .map(|b| {
            (
                b.section.id.as_str(),
                b.first.mean.map(|p| p.decimal_comma()),
                b.second.mean.map(|p| p.decimal_comma()),
                b.second.count,
            )
        })
        .collect();
    // Each school's % per direction, recomputed here from the rule in `fixtures.rs`:
    // answers cycle да, частично, нет, да over the template's items from the school's
    // offset, 2 + 1 + 0 + 2 points of 8 per four items.
    let percent = |k: usize, section: &str| -> Option<u32> {
        let mut got = 0u32;
        let mut max = 0u32;
        for (n, i) in school.items().enumerate() {
            if !i.id.starts_with(&format!("{section}.")) {
                continue;
            }
            if section == "2.4" && k == 60 {
                continue;
            }
            got += [2, 1, 0, 2][(n + k) % 4];
            max += 2;
        }
        (max > 0).then(|| (got * 2000 + max) / (2 * max))
    };
    for b in &side {
        let a = percent(60, &b.section.id);
        let c = percent(61, &b.section.id);
        let values: Vec<u32> = [a, c].into_iter().flatten().collect();
        let mean =
            (values.iter().sum::<u32>() * 2 + values.len() as u32) / (2 * values.len() as u32);
        assert_eq!(b.second.count, values.len(), "{}", b.section.id);
        assert_eq!(
            b.second.mean.map(|p| p.tenths()),
            Some(mean),
            "{}",
            b.section.id
        );
    }
    assert_eq!(
        shown.iter().map(|s| s.0).collect::<Vec<_>>(),
        ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"]
    );
    assert!(shown[..4].iter().all(|s| s.1.as_deref() == Some("100,0")));
    assert!(shown[4..].iter().all(|s| s.1.as_deref() == Some("0,0")));
    // The school without preschool groups counts in 2.4 for nothing: one school there.
    assert_eq!(shown[7].3, 1);
}
