//! Otsenka in the browser: a Leptos client-side app over the pure-Rust core.
//!
//! Pages follow the user's journey (home → fill → results → export); persistence is
//! `storage`, translations `i18n`, browser odds and ends `browser`.

mod app;
mod browser;
mod i18n;
mod nav;
mod pages;
mod storage;

fn main() {
    // Open the database before the first render, so every page starts with a store (or with
    // the reason there is none) and never races the opening.
    // Leptos's own executor starts with the mount; before it, use wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        storage::open().await;
        // Opened on the home page: its cards are in the app's first frame, as the first-paint
        // shell (index.html's .boot) shows them, so nothing moves when the app takes over.
        let window = leptos::prelude::window();
        if window.location().pathname().ok().as_deref() == Some("/") {
            storage::preload_offers().await;
        }
        leptos::mount::mount_to_body(app::App);
        // Hidden by now (style.css: .boot:not(:last-child)); removed, so that no click or
        // screen reader lands on it.
        if let Some(shell) = window.document().and_then(|d| d.query_selector(".boot").ok().flatten()) {
            shell.remove();
        }
    });
}
