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
        leptos::mount::mount_to_body(app::App);
        // The home page drops the first-paint shell once its cards are in; any other page has
        // all it shows at once.
        if leptos::prelude::window()
            .location()
            .pathname()
            .ok()
            .as_deref()
            != Some("/")
        {
            browser::drop_shell();
        }
    });
}
