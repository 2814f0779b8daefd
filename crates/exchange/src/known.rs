//! The templates a device can read files of: texts from its stores and from the build's
//! `templates/` folder, parsed once per content hash. (Fetching is the caller's: a page, a
//! worker or a test.)

use model::{Json, Template};

/// The file names the build's `templates/index.json` lists, in its order; none when the text is
/// not such an index.
pub fn index_files(index: &str) -> Vec<String> {
    match Json::parse(index) {
        Ok(Json::Arr(entries)) => entries
            .iter()
            .filter_map(|e| e.get("file").and_then(Json::as_str).map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Each text that is a valid template, with its parsed form, once per content hash (the first
/// text wins); invalid texts are skipped.
pub fn distinct_templates(texts: Vec<String>) -> Vec<(String, Template)> {
    let mut out: Vec<(String, Template)> = Vec::new();
    for text in texts {
        if let Ok(t) = Template::from_json(&text) {
            if !out.iter().any(|(_, k)| k.hash == t.hash) {
                out.push((text, t));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_distinct() {
        assert_eq!(
            index_files(r#"[{"file": "msoko.json"}, {"id": "x"}, {"file": "shnor.json"}]"#),
            ["msoko.json", "shnor.json"]
        );
        assert!(index_files("{").is_empty());
        let msoko = templates::BUILT_IN
            .iter()
            .find(|b| b.id == "msoko")
            .map_or("", |b| b.json)
            .to_owned();
        let got = distinct_templates(vec![msoko.clone(), "not json".into(), msoko]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.id, "msoko");
    }
}
