//! Small wrappers over browser APIs: the clock, random ids, file downloads.

use wasm_bindgen::JsCast;

/// The current time as RFC 3339 UTC, e.g. `2026-11-22T08:05:13.042Z`.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// `22.11.2026 08:05` in the device's time zone, from an RFC 3339 time.
pub fn local_date_time(iso: &str) -> String {
    let d = js_sys::Date::new(&iso.into());
    if d.get_time().is_nan() {
        return iso.to_owned();
    }
    format!(
        "{:02}.{:02}.{} {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
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

/// Offers `bytes` to the user as a downloaded file.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("{e:?}");
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

/// Fetches a text file that ships beside the app (`/templates/…`). The error says what
/// failed: no connection (and no offline copy), or the server's status.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let describe = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let response: web_sys::Response = JsFuture::from(leptos::prelude::window().fetch_with_str(url))
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

/// Turns a template spreadsheet into template JSON in the sheet worker (a separate wasm,
/// downloaded only now). The error is the worker's sentence in the interface language.
pub async fn sheet_to_json(bytes: js_sys::Uint8Array, english: bool) -> Result<String, String> {
    let failed = if english {
        "The spreadsheet reader did not start; reload the page and try again."
    } else {
        "Не удалось запустить чтение таблицы; обновите страницу и попробуйте ещё раз."
    };
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
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"bytes".into(), &bytes);
            match worker.post_message(&message) {
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
    let field = |key: &str| {
        js_sys::Reflect::get(&data, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    match field("json") {
        Some(json) => Ok(json),
        None => Err(field(if english { "en" } else { "ru" }).unwrap_or_else(|| failed.to_owned())),
    }
}
