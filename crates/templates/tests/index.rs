//! `data/index.json` lists the built-in templates for the home page (id, version, hash,
//! titles, description, item count), so the app's first view carries a few hundred bytes instead of every
//! template file; a template's file is fetched only when an assessment is started on it.
//! This test keeps the index true to the files, and `data/archive.json` (the earlier versions a
//! build can still read files of) true to `ARCHIVED`. `OTSENKA_BLESS=1` rewrites both.

use serde_json::{json, Value};

fn text(t: &model::Text) -> Value {
    match &t.en {
        Some(en) => json!({"ru": t.ru, "en": en}),
        None => json!(t.ru),
    }
}

fn index() -> Result<String, model::TemplateError> {
    let entries: Vec<Value> = templates::BUILT_IN
        .iter()
        .map(|b| {
            let t = model::Template::from_json(b.json)?;
            let mut entry = json!({
                "file": format!("{}.json", b.id),
                "id": t.id,
                "version": t.version,
                "hash": t.hash,
                "title": text(&t.title),
                "items": t.item_count(),
            });
            if let Some(v) = &t.description {
                entry["description"] = text(v);
            }
            Ok(entry)
        })
        .collect::<Result<_, _>>()?;
    let mut out = serde_json::to_string(&Value::Array(entries)).unwrap_or_default();
    out.push('\n');
    Ok(out)
}

#[test]
fn the_index_lists_every_built_in_template_as_it_is() -> Result<(), model::TemplateError> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/index.json");
    let fresh = index()?;
    if std::env::var_os("OTSENKA_BLESS").is_some() {
        std::fs::write(path, &fresh).expect("write data/index.json");
    }
    let kept = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        kept == fresh,
        "data/index.json is stale; run `OTSENKA_BLESS=1 cargo test -p otsenka-templates --test index`"
    );
    Ok(())
}

#[test]
fn every_data_file_is_built_in() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("data directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".json") && f != "index.json" && f != "archive.json")
        .collect();
    files.sort();
    let mut built_in: Vec<String> = templates::BUILT_IN
        .iter()
        .map(|b| format!("{}.json", b.id))
        .collect();
    built_in.sort();
    assert_eq!(files, built_in);
}

fn archive() -> Result<String, model::TemplateError> {
    let entries: Vec<Value> = templates::ARCHIVED
        .iter()
        .map(|a| {
            let t = model::Template::from_json(a.json)?;
            Ok(json!({"file": a.file, "id": t.id, "version": t.version, "hash": t.hash}))
        })
        .collect::<Result<_, _>>()?;
    let mut out = serde_json::to_string_pretty(&Value::Array(entries)).unwrap_or_default();
    out.push('\n');
    Ok(out)
}

#[test]
fn the_archive_lists_every_earlier_version_kept() -> Result<(), model::TemplateError> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/archive.json");
    let fresh = archive()?;
    if std::env::var_os("OTSENKA_BLESS").is_some() {
        std::fs::write(path, &fresh).expect("write data/archive.json");
    }
    let kept = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        kept == fresh,
        "data/archive.json is stale; run `OTSENKA_BLESS=1 cargo test -p otsenka-templates --test index`"
    );
    // Every file under data/archive/ is listed.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/archive");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("archive directory")
        .filter_map(|e| {
            Some(format!(
                "archive/{}",
                e.ok()?.file_name().into_string().ok()?
            ))
        })
        .collect();
    files.sort();
    let mut listed: Vec<&str> = templates::ARCHIVED.iter().map(|a| a.file).collect();
    listed.sort_unstable();
    assert_eq!(files, listed);
    Ok(())
}

#[test]
fn archived_versions_are_the_released_files_of_built_in_templates(
) -> Result<(), model::TemplateError> {
    let current = templates::all()?;
    let archived = templates::archived()?;
    let got: Vec<(&str, &str)> = archived
        .iter()
        .map(|t| (t.id.as_str(), t.version.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("msoko", "2025.1"),
            ("msoko", "2025.2"),
            ("msoko", "2025.3"),
            ("shnor", "2025.1"),
            ("shnor", "2025.2"),
            ("msoko", "2026.1"),
            ("msoko-school", "2026.1"),
            ("shnor", "2026.1"),
            ("msoko", "2026.2"),
            ("decisions", "2025.1"),
            ("shnor", "2026.2"),
            ("workshop", "2025.1"),
            ("msoko-school", "2026.2"),
            ("decisions", "2026.1"),
        ]
    );
    // The hashes the files made on these versions carry (from the released index files): the
    // FNV-1a identity of the time, or the SHA-256 one from when the index switched to it;
    // `Template::has_hash` accepts either.
    let carried = [
        "2840668dfbe099ed",
        "464bccc8e384768d",
        "47931cd43be2c1584c88f76b964ba825946e488a3332f51438eb283caa19479b",
        "81d62c4cebc3b3a4",
        "a0906bae65836a17673499f3d0a77bb55c1bf52646e90412c4283056acbe6884",
        "8efd06b7bbb23d3ea095d199d95da552d953e6092c160ce9a442d5cafe6d2dfe",
        "f65cac4f04649fc95994399cb72eedbc4848ca1a18df9f3b7893c96c66b1a178",
        "b38a1e70e33f8721bc054591787093599aefabab4aaf86ffc4e07e9fa4601b10",
        "5cd90292fc24b7164f4ddabd61aaff50dbf7d29b87d3270c9b2a83b82beeb0ba",
        "1cd3f74f7417a3f6145db318baaf6b1efe8ed1984764aa34cba65996982113c9",
        "8d8cc2ead015c28022791a0dd3919cf4b3e5f5a7360240458fa9637be29434d7",
        "1751f1a54d41a9af8b9195eecd129c64c5bcb88a87334372e034d860bc93851a",
        "78709eca3fcddf71b00e5b59e06fa0d77a373791d72ee0a9d39c267d552cc5fc",
        "e6c642a0513eb97036c84d84055af43d722c09a232cbdfdbe18fd71bd92fc070",
    ];
    for (t, hash) in archived.iter().zip(carried) {
        assert!(t.has_hash(hash), "{} {} carries {hash}", t.id, t.version);
        let now = current
            .iter()
            .find(|c| c.id == t.id)
            .expect("a built-in template");
        assert!(
            now.version != t.version && !now.has_hash(hash),
            "{} {} is not the current one",
            t.id,
            t.version
        );
    }
    Ok(())
}
