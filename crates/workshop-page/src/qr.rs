//! QR codes drawn as SVG (one path of dark modules, so no markup is built from text), shown in
//! turn when a transfer needs several, each numbered.

use leptos::prelude::*;
use web::lang::t;

/// One chunk as an SVG QR code (error correction M, a 4-module quiet zone), or nothing when
/// the text does not fit a QR code.
pub fn code(text: &str, label: String) -> Option<impl IntoView> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let colors = code.to_colors();
    let mut d = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            d.push_str(&format!("M{} {}h1v1h-1z", i % n + 4, i / n + 4));
        }
    }
    let side = n + 8;
    Some(view! {
        <svg class="qr" viewBox=format!("0 0 {side} {side}") role="img" aria-label=label
            shape-rendering="crispEdges">
            <rect width=side.to_string() height=side.to_string() fill="#fff"></rect>
            <path d=d fill="#000"></path>
        </svg>
    })
}

/// The chunks of a transfer as QR codes shown one after another (every 1.5 s), with the
/// number of the one shown; «Пауза» stops on the current code.
pub fn carousel(chunks: Vec<String>) -> impl IntoView {
    let total = chunks.len();
    let shown = RwSignal::new(0usize);
    let paused = RwSignal::new(false);
    if total > 1 {
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(1500).await;
                if shown.try_get_untracked().is_none() {
                    break; // the view is gone
                }
                if !paused.get_untracked() {
                    shown.update(|s| *s = (*s + 1) % total);
                }
            }
        });
    }
    let chunks = std::sync::Arc::new(chunks);
    view! {
        <div class="carousel">
            {move || {
                let i = shown.get();
                let label = format!("{} {} {} {total}", t("QR-код", "QR code"), i + 1, t("из", "of"));
                chunks.get(i).and_then(|c| code(c, label))
            }}
            <p aria-live="polite">{move || format!("{} {} {} {total}", t("Код", "Code"), shown.get() + 1, t("из", "of"))}</p>
            {(total > 1).then(|| view! {
                <button type="button" on:click=move |_| paused.update(|p| *p = !*p)>
                    {move || if paused.get() { t("Дальше", "Resume") } else { t("Пауза", "Pause") }}
                </button>
            })}
        </div>
    }
}
