//! The QR scanner of workshop mode, a worker of its own so its decoder (`rqrr`) is downloaded
//! and started only while the facilitator scans. Each message is one camera frame
//! `{w, h, rgba}` (a `Uint8ClampedArray` of `w × h × 4` bytes); the answer is
//! `{texts, ms}`: the texts of every QR code found in it (none when none is readable) and the
//! milliseconds the decoding took. A malformed message gets an empty answer, never a panic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The largest frame taken (the page scales frames down to at most 1 280 px wide).
const MAX_PIXELS: usize = 1280 * 1280;

fn texts(frame: &JsValue) -> Vec<String> {
    let get = |k: &str| js_sys::Reflect::get(frame, &k.into()).ok();
    let (Some(w), Some(h)) = (
        get("w").and_then(|v| v.as_f64()),
        get("h").and_then(|v| v.as_f64()),
    ) else {
        return Vec::new();
    };
    let (w, h) = (w as usize, h as usize);
    let Some(rgba) = get("rgba").and_then(|v| v.dyn_into::<js_sys::Uint8ClampedArray>().ok())
    else {
        return Vec::new();
    };
    if w == 0 || h == 0 || w * h > MAX_PIXELS || rgba.length() as usize != w * h * 4 {
        return Vec::new();
    }
    let bytes = rgba.to_vec();
    // Luma from RGB (ITU-R BT.601, integer weights).
    let grey: Vec<u8> = bytes
        .chunks_exact(4)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey[y * w + x]);
    image
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let start = js_sys::Date::now();
            let found = js_sys::Array::new();
            for t in texts(&ev.data()) {
                found.push(&t.into());
            }
            let answer = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&answer, &"texts".into(), &found);
            let _ =
                js_sys::Reflect::set(&answer, &"ms".into(), &(js_sys::Date::now() - start).into());
            let _ = reply_to.post_message(&answer);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&"ready".into());
}
