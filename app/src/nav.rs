//! Navigation between the app's few pages: the address bar's path as a signal, links that
//! change it without reloading, and the Back button. Hand-written: `leptos_router` costs the
//! bundle several kilobytes for what is here a path, `pushState` and two listeners.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The one path signal, reachable from event handlers and tasks that have no owner.
    static PATH: std::cell::OnceCell<RwSignal<String>> = const { std::cell::OnceCell::new() };
}

/// The current path, e.g. `/a/3f…/results`.
pub fn path() -> RwSignal<String> {
    PATH.with(|p| *p.get_or_init(|| RwSignal::new(current())))
}

fn current() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// Starts tracking the address: call once, at the root.
pub fn provide() {
    let path = path();
    // Back and Forward.
    let _ = window_event_listener(leptos::ev::popstate, move |_| path.set(current()));
    // A click on an in-app link changes the page without a reload. Modified clicks (a new tab),
    // downloads, other origins and other documents are left to the browser.
    let _ = window_event_listener(leptos::ev::click, move |ev: web_sys::MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = anchor.get_attribute("href").unwrap_or_default();
        // `.html`: a document of its own (the municipality page, the report), loaded by the
        // browser.
        if !href.starts_with('/')
            || href.starts_with("//")
            || href.ends_with(".html")
            || href.starts_with("/report.html")
            || anchor.has_attribute("download")
        {
            return;
        }
        ev.prevent_default();
        go(path, &href);
    });
}

/// Goes to an in-app path, as a new history entry.
pub fn navigate(to: &str) {
    go(path(), to);
}

fn go(path: RwSignal<String>, to: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to));
    }
    window().scroll_to_with_x_and_y(0.0, 0.0);
    path.set(to.split(['?', '#']).next().unwrap_or("/").to_owned());
    // The link or button that led here is gone with the old page: the keyboard (and a screen
    // reader) starts again at the top of the new page's content.
    if let Some(main) = document().get_element_by_id("main") {
        let _ = main.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}
