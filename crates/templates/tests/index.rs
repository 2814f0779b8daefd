//! `data/index.json` lists the built-in templates for the home page (id, version, hash,
//! titles, description, item count), so the app's first view carries a few hundred bytes instead of every
//! template file; a template's file is fetched only when an assessment is started on it.
//! This test keeps the index true to the files. `OTSENKA_BLESS=1` rewrites it.

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
    let mut out = serde_json::to_string_pretty(&Value::Array(entries)).unwrap_or_default();
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
        .filter(|f| f.ends_with(".json") && f != "index.json")
        .collect();
    files.sort();
    let mut built_in: Vec<String> = templates::BUILT_IN
        .iter()
        .map(|b| format!("{}.json", b.id))
        .collect();
    built_in.sort();
    assert_eq!(files, built_in);
}
