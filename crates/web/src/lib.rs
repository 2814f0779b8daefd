//! Browser helpers shared by the app, the file worker and the pages built apart (municipality,
//! report); `lang` is the language of those pages.

pub mod autosave;
pub mod lang;
pub mod time;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `fetch` — the window's or the worker's, whichever this runs in.
    #[wasm_bindgen(catch)]
    fn fetch(url: &str) -> Result<js_sys::Promise, JsValue>;
}

fn describe(e: JsValue) -> String {
    store::js_text(&e)
}

/// Fetches a text file that ships beside the app (`/templates/…`), from a page or a worker
/// (the global scope's `fetch`). The error says what failed: no connection (and no offline
/// copy), or the server's status.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let promise = fetch(url).map_err(describe)?;
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(describe)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// The template texts of this build: every file `templates/index.json` lists (the current
/// versions) and every file `templates/archive.json` lists (earlier versions, whose files and
/// backups schools may still send). `files_of` reads a list's file names
/// (`exchange::index_files`); a list or a file that cannot be fetched (offline and not cached
/// yet) is skipped.
pub async fn build_template_texts(files_of: fn(&str) -> Vec<String>) -> Vec<String> {
    let mut texts = Vec::new();
    for list in ["/templates/index.json", "/templates/archive.json"] {
        if let Ok(index) = fetch_text(list).await {
            for file in files_of(&index) {
                if let Ok(text) = fetch_text(&format!("/templates/{file}")).await {
                    texts.push(text);
                }
            }
        }
    }
    texts
}

/// Offers `bytes` to the person as a downloaded file (a page only).
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: JsValue| store::js_text(&e);
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoke later: revoking at once can cancel the download in some browsers.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}

/// Adds a stylesheet's text to the page's head (the pages built apart from the app carry the
/// app's stylesheet in their wasm: its file name is hashed at build time).
pub fn add_style(css: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let (Ok(style), Some(head)) = (document.create_element("style"), document.head()) {
            style.set_text_content(Some(css));
            let _ = head.append_child(&style);
        }
    }
}

/// The current time as RFC 3339 UTC, e.g. `2026-11-22T08:05:13.042Z`.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A random version-4 UUID. `crypto.getRandomValues` works on plain http too (a school's
/// LAN server), unlike `crypto.randomUUID`.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        // No Web Crypto: fall back to Math.random, still unique enough for one device.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
