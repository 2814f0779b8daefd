//! Small wrappers over browser APIs: the clock, random ids, file downloads.

use model::Lang;
use wasm_bindgen::JsValue;

/// `22.11.2026 08:05` (`22 Nov 2026 08:05` in English) in the device's time zone, from an
/// RFC 3339 time.
pub fn local_date_time(iso: &str) -> String {
    let d = js_sys::Date::new(&iso.into());
    if d.get_time().is_nan() {
        return iso.to_owned();
    }
    let day = format!(
        "{}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    );
    format!(
        "{} {:02}:{:02}",
        model::date_text(&day, crate::i18n::lang()),
        d.get_hours(),
        d.get_minutes()
    )
}

pub use web::{download, fetch_text, new_id, now_iso};

/// Removes index.html's first-paint shell (`#boot`), which hides the app's page until then
/// (style.css: `.boot ~ *`): called once the page is complete — the home page's once its
/// cards are in — so the app shows in one frame, where the shell was, and nothing moves.
pub fn drop_shell() {
    if let Some(shell) = leptos::prelude::document().get_element_by_id("boot") {
        shell.remove();
    }
}

/// The page's localStorage, unless the browser withholds it.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads a small preference (the UI language) from localStorage, if storage allows.
pub fn preference(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

pub fn set_preference(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Sends `message` to the file worker (a separate wasm, downloaded only now) and returns its
/// one answer's data. The error is a sentence in the interface language.
async fn ask_worker(message: &js_sys::Object, lang: Lang) -> Result<JsValue, String> {
    let failed = lang.t(
        "Не удалось запустить чтение файла; обновите страницу и попробуйте ещё раз.",
        "The file reader did not start; reload the page and try again.",
    );
    let worker = web_sys::Worker::new("/sheet_worker_loader.js").map_err(|_| failed.to_owned())?;
    // The worker says it is ready once its wasm has started (a message sent before that
    // would be lost), then answers the one message it is sent.
    let next_message = |worker: &web_sys::Worker| {
        js_sys::Promise::new(&mut |resolve, reject| {
            worker.set_onmessage(Some(&resolve));
            worker.set_onerror(Some(&reject));
        })
    };
    let ready = wasm_bindgen_futures::JsFuture::from(next_message(&worker)).await;
    let outcome = match ready {
        Ok(_) => {
            let reply = next_message(&worker);
            match worker.post_message(message) {
                Ok(()) => wasm_bindgen_futures::JsFuture::from(reply).await,
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    };
    worker.terminate();
    let data = outcome
        .ok()
        .and_then(|ev| js_sys::Reflect::get(&ev, &"data".into()).ok())
        .ok_or_else(|| failed.to_owned())?;
    // A refusal: the worker's sentence in each language, under the language's code.
    match get(&data, lang.code()).as_string() {
        Some(why) => Err(why),
        None => Ok(data),
    }
}

/// A property of a JS object (`undefined` when absent).
pub fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a template file in the file worker: a spreadsheet (`sheet`) is turned into template
/// JSON, and either way the template is validated there (so the wording of every template
/// error lives in the worker, not in the app's bundle). The error is the worker's sentence.
pub async fn template_file(
    bytes: js_sys::Uint8Array,
    sheet: bool,
    lang: Lang,
) -> Result<String, String> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"bytes".into(), &bytes);
    let _ = js_sys::Reflect::set(&message, &"sheet".into(), &JsValue::from_bool(sheet));
    let data = ask_worker(&message, lang).await?;
    Ok(get(&data, "json").as_string().unwrap_or_default())
}

/// A backup file of everything in this site's database, made by the file worker; it carries
/// `saved_lang`, the interface language saved on this device.
pub async fn backup(saved_lang: Option<&str>, lang: Lang) -> Result<String, String> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"backup".into(), &"make".into());
    if let Some(saved) = saved_lang {
        let _ = js_sys::Reflect::set(&message, &"lang".into(), &saved.into());
    }
    let data = ask_worker(&message, lang).await?;
    Ok(get(&data, "text").as_string().unwrap_or_default())
}

/// Which option of the select box with this id is chosen (0 if none; never above 2).
pub fn chosen(id: &str) -> usize {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| get(&el, "selectedIndex").as_f64())
        .map_or(0, |i| (i.max(0.0) as usize).min(2))
}

/// The CSV of an assessment for the municipality, made by the file worker from the record's
/// JSON and its template's text, stamped with the export time `at`.
pub async fn export_csv(
    assessment: &str,
    template: &str,
    at: &str,
    [layout, profile]: [&str; 2],
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let message = js_sys::Object::new();
    for (key, value) in [
        ("export", "1"),
        ("assessment", assessment),
        ("template", template),
        ("at", at),
        ("layout", layout),
        ("profile", profile),
    ] {
        let _ = js_sys::Reflect::set(&message, &key.into(), &value.into());
    }
    let data = ask_worker(&message, lang).await?;
    Ok(js_sys::Uint8Array::new(&get(&data, "bytes")).to_vec())
}

/// Restores a backup file, or loads CSV exports, in the file worker (which reads the picked
/// files itself): the sentences saying what was done (in the interface language) and the
/// language a backup carries, if any.
pub async fn restore(
    files: js_sys::Array,
    lang: Lang,
) -> Result<(Vec<String>, Option<String>), String> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"files".into(), &files);
    let data = ask_worker(&message, lang).await?;
    let key = match lang {
        Lang::Ru => "ru_lines",
        Lang::En => "en_lines",
    };
    let lines = js_sys::Array::from(&get(&data, key))
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    Ok((lines, get(&data, "lang").as_string()))
}

/// The browser's storage manager (absent on plain http from another host, and in old browsers).
fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.storage` is undefined outside secure contexts; web-sys would assume it.
    get(&navigator, "storage")
        .is_object()
        .then(|| navigator.storage())
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    wasm_bindgen_futures::JsFuture::from(promise.ok()?)
        .await
        .ok()
}

/// Bytes used and available to this site, as the browser estimates them.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let estimate = settle(storage_manager()?.estimate()).await?;
    Some((
        get(&estimate, "usage").as_f64()?,
        get(&estimate, "quota").as_f64()?,
    ))
}

/// Whether the browser promised to keep this site's data (not to evict it when space runs low).
pub async fn persisted() -> bool {
    match storage_manager() {
        Some(m) => settle(m.persisted()).await.is_some_and(|v| v.is_truthy()),
        None => false,
    }
}

/// Asks the browser to keep this site's data; returns whether it now does.
pub async fn persist() -> bool {
    match storage_manager() {
        Some(m) => settle(m.persist()).await.is_some_and(|v| v.is_truthy()),
        None => false,
    }
}
