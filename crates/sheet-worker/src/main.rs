//! The spreadsheet worker: says `"ready"` once started, then receives a template sheet's bytes (`{bytes: Uint8Array}`) and answers
//! `{json}` — the template as JSON text, still to be validated and kept by the app — or
//! `{ru, en}`: why the sheet was refused, naming the row and column, in both languages.
//!
//! A separate wasm, started only when a person imports a CSV: the sheet reader is as large as
//! a fifth of the app, and only methodologists ever need it. It also keeps a large sheet from
//! freezing the page while it is read.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn answer(data: &JsValue) -> js_sys::Object {
    let reply = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&reply, &key.into(), &value.into());
    };
    let bytes = js_sys::Reflect::get(data, &"bytes".into())
        .ok()
        .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
        .map(|b| js_sys::Uint8Array::new(&b).to_vec());
    match bytes.map(|b| exchange::sheet_to_json(&b)) {
        Some(Ok(json)) => set("json", &json),
        Some(Err(e)) => {
            set("ru", &wording::sheet_error(&e, true));
            set("en", &wording::sheet_error(&e, false));
        }
        None => {
            set("ru", "Файл не удалось прочитать.");
            set("en", "The file could not be read.");
        }
    }
    reply
}

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let _ = reply_to.post_message(&answer(&ev.data()));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point were lost: tell the page it may send now.
    let _ = scope.post_message(&"ready".into());
}
