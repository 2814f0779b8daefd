use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{fill, provide_lang, tr, Lang, Texts};
use crate::pages::{fill::fill_page, home::HomePage, results::results_page};
use crate::storage;

/// The app's pages by path, matched by hand (see `nav`: a router's machinery costs the
/// bundle far more than three flat paths need).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Page {
    Home,
    Fill(String),
    Results(String),
    NotFound,
}

impl Page {
    fn of(path: &str) -> Page {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            [""] => Page::Home,
            ["a", id] if !id.is_empty() => Page::Fill((*id).to_owned()),
            ["a", id, "results"] if !id.is_empty() => Page::Results((*id).to_owned()),
            _ => Page::NotFound,
        }
    }
}

#[component]
fn Pages() -> impl IntoView {
    let path = crate::nav::path();
    let page = Memo::new(move |_| Page::of(&path.get()));
    move || match page.get() {
        Page::Home => view! { <HomePage/> }.into_any(),
        Page::Fill(id) => fill_page(id).into_any(),
        Page::Results(id) => results_page(id).into_any(),
        Page::NotFound => view! { <p>{tr().page_not_found}</p> }.into_any(),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_lang();
    crate::nav::provide();
    // A new version of the app is installed and waiting (see public/sw-register.js): say so,
    // and reload only when the person chooses — never in the middle of their work.
    let flag = || {
        js_sys::Reflect::get(&window(), &"otsenkaUpdateReady".into())
            .ok()
            .is_some_and(|v| v.is_truthy())
    };
    let update_ready = RwSignal::new(flag());
    let _ = window_event_listener_untyped("otsenka-update", move |_| update_ready.set(true));
    // Leaving or hiding the page: write what is pending now (the journal already holds it).
    let _ = window_event_listener_untyped("pagehide", |_| storage::flush());
    let _ = window_event_listener_untyped("visibilitychange", |_| storage::flush());
    let update_now = |_| {
        if let Ok(f) = js_sys::Reflect::get(&window(), &"otsenkaUpdate".into()) {
            if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                let _ = f.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    };
    let switch = move |_| {
        leptos::task::spawn_local(async move {
            // English texts are fetched the first time; if they cannot be, Russian stays.
            let next = match lang.get_untracked().other() {
                Lang::En if !crate::i18n::load_english().await => Lang::Ru,
                next => next,
            };
            lang.set(next);
            // The page re-renders in the new language; keep the keyboard where it was.
            request_animation_frame(|| {
                if let Some(button) = document().get_element_by_id("lang-switch") {
                    let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&button)
                        .focus();
                }
            });
        });
    };
    move || {
        let l = lang.get();
        let tr = l.tr();
        let storage_problem = storage::not_kept().map(|e| e.words(l));
        view! {
                <a class="skip" href="#main">{tr.skip_to_content}</a>
                <header class="top no-print">
                    <a href="/" class="brand">{tr.app_name}</a>
                    <a href="/report.html?register">{tr.register}</a>
                    <a href="/workshop.html">{tr.workshop}</a>
                    <a href="/municipality.html">{tr.municipality}</a>
                    <button
                        id="lang-switch"
                        type="button"
                        class="link"
                        lang=l.other().code()
                        aria-label=tr.switch_lang_label
                        on:click=switch
                    >
                        {tr.switch_lang}
                    </button>
                </header>
                {move || update_ready.get().then(|| view! {
                    <p class="update no-print" role="status">
                        {tr.update_ready} " "
                        <button type="button" on:click=update_now>{tr.update_now}</button>
                    </p>
                })}
                {storage_problem.map(|detail| view! {
                    <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&detail])}</p>
                })}
                <main id="main" tabindex="-1">
                    <Pages/>
                </main>
        }
    }
}
