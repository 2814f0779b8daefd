//! Reading QR codes with the laptop's camera: frames from the video go to the QR worker
//! (`crates/qr-worker`, started only while scanning), one at a time, every 150 ms; each text
//! found goes to `on_text`. The camera and the worker stop with «Остановить» or when the view
//! goes away.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web::lang::t;
use workshop::wire::{Assembler, WireError};

/// The camera, the worker and the frame loop while scanning.
struct Running {
    stream: web_sys::MediaStream,
    worker: web_sys::Worker,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
        self.worker.terminate();
    }
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Stops the camera and the QR worker (when a transfer is whole, or the view goes).
pub fn stop() {
    RUNNING.with(|r| r.borrow_mut().take());
}

async fn start(
    video: web_sys::HtmlVideoElement,
    on_text: Rc<dyn Fn(String)>,
    said: RwSignal<String>,
    frames_ms: RwSignal<Vec<f64>>,
) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let devices = window.navigator().media_devices().map_err(|_| {
        t(
            "камера недоступна в этом браузере",
            "no camera access in this browser",
        )
    })?;
    let constraints = web_sys::MediaStreamConstraints::new();
    let video_wanted = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into());
    constraints.set_video(&video_wanted);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| t("камера недоступна", "the camera is unavailable"))?;
    let stream: web_sys::MediaStream = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| {
            t(
                "нет доступа к камере (разрешите его в браузере)",
                "no access to the camera (allow it in the browser)",
            )
        })?
        .unchecked_into();
    video.set_src_object(Some(&stream));
    video.set_muted(true);
    let _ = video.play();

    let worker = web_sys::Worker::new("/qr_worker_loader.js").map_err(|_| {
        t(
            "не удалось запустить чтение QR-кодов",
            "the QR reader could not start",
        )
    })?;
    let busy = Rc::new(std::cell::Cell::new(true)); // until "ready"
    let on_message = {
        let busy = busy.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            if let Some(texts) = js_sys::Reflect::get(&data, &"texts".into())
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
            {
                if let Some(ms) = js_sys::Reflect::get(&data, &"ms".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                {
                    frames_ms.update(|f| {
                        f.push(ms);
                        if f.len() > 50 {
                            f.remove(0);
                        }
                    });
                }
                for text in texts.iter().filter_map(|t| t.as_string()) {
                    on_text(text);
                }
            }
            busy.set(false);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    RUNNING.with(|r| {
        *r.borrow_mut() = Some(Running {
            stream,
            worker: worker.clone(),
            _on_message: on_message,
        })
    });
    said.set(
        t(
            "Камера включена: покажите ей коды телефона.",
            "The camera is on: show it the phone's codes.",
        )
        .to_owned(),
    );

    let document = window.document().ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .unchecked_into();
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("no canvas")?
        .unchecked_into();
    loop {
        gloo_timers::future::TimeoutFuture::new(150).await;
        if !RUNNING.with(|r| r.borrow().is_some()) {
            return Ok(());
        }
        if busy.get() || video.ready_state() < 2 {
            continue;
        }
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw == 0 || vh == 0 {
            continue;
        }
        let scale = (1280.0 / f64::from(vw)).min(1.0);
        let (w, h) = (
            (f64::from(vw) * scale) as u32,
            (f64::from(vh) * scale) as u32,
        );
        canvas.set_width(w);
        canvas.set_height(h);
        if context
            .draw_image_with_html_video_element_and_dw_and_dh(
                &video,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            )
            .is_err()
        {
            continue;
        }
        let Ok(image) = context.get_image_data(0.0, 0.0, f64::from(w), f64::from(h)) else {
            continue;
        };
        let frame = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&frame, &"w".into(), &w.into());
        let _ = js_sys::Reflect::set(&frame, &"h".into(), &h.into());
        let pixels = js_sys::Uint8ClampedArray::from(image.data().0.as_slice());
        let _ = js_sys::Reflect::set(&frame, &"rgba".into(), &pixels);
        if worker.post_message(&frame).is_ok() {
            busy.set(true);
        }
    }
}

/// «Сканировать камерой» / «Остановить», the video, and what the scan says.
pub fn scanner(on_text: impl Fn(String) + 'static, said: RwSignal<String>) -> impl IntoView {
    let on_text: Rc<dyn Fn(String)> = Rc::new(on_text);
    let video = NodeRef::<leptos::html::Video>::new();
    let scanning = RwSignal::new(false);
    let frames_ms = RwSignal::new(Vec::<f64>::new());
    let toggle = move |_| {
        if scanning.get_untracked() {
            stop();
            scanning.set(false);
            said.set(t("Камера выключена.", "The camera is off.").to_owned());
            return;
        }
        let Some(v) = video.get_untracked() else {
            return;
        };
        scanning.set(true);
        let on_text = on_text.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = start(v, on_text, said, frames_ms).await {
                stop();
                scanning.set(false);
                said.set(format!(
                    "{}: {e}.",
                    t("Сканирование не началось", "Scanning did not start")
                ));
            }
        });
    };
    on_cleanup(stop);
    view! {
        <p>
            <button type="button" on:click=toggle aria-pressed=move || scanning.get().to_string()>
                {move || if scanning.get() { t("Остановить камеру", "Stop the camera") } else { t("Сканировать камерой", "Scan with the camera") }}
            </button>
        </p>
        <video node_ref=video class="camera" playsinline="" aria-label=t("Изображение с камеры", "Camera view")
            hidden=move || !scanning.get()></video>
        // The mean decoding time is for the benchmark, not for people: an attribute, never text.
        <span hidden data-decode-ms=move || {
            let f = frames_ms.get();
            if f.is_empty() { String::new() } else { format!("{:.1}", f.iter().sum::<f64>() / f.len() as f64) }
        }></span>
    }
}

/// Gathers the camera's codes into one transfer: gives its bytes (or why they do not decode)
/// once every chunk is read, then starts afresh; says the progress and a damaged chunk in
/// `said`; a chunk of another transfer starts over with that one; codes that are not ours
/// (other QR codes in view) are ignored.
pub fn gatherer(said: RwSignal<String>) -> impl Fn(&str) -> Option<Result<Vec<u8>, WireError>> {
    let assembler = RefCell::new(Assembler::new());
    move |text: &str| {
        let mut a = assembler.borrow_mut();
        let progress = match a.add(text) {
            Err(WireError::OtherMessage) => {
                *a = Assembler::new();
                a.add(text)
            }
            other => other,
        };
        match progress {
            Ok(p) if p.held < p.total => {
                said.set(format!(
                    "{} {} {} {}",
                    t("Считано кодов:", "Codes read:"),
                    p.held,
                    t("из", "of"),
                    p.total
                ));
                None
            }
            Ok(_) => {
                let whole = a.finish();
                *a = Assembler::new();
                said.set(String::new());
                Some(whole)
            }
            Err(WireError::NotOurs) => None,
            Err(e) => {
                said.set(crate::wire_error(&e));
                None
            }
        }
    }
}
