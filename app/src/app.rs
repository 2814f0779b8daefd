use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{fill, provide_lang, Lang};
use crate::pages::{fill::FillPage, home::HomePage, results::ResultsPage};
use crate::storage;

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_lang();
    let switch = move |_| {
        lang.update(|l| *l = if *l == Lang::Ru { Lang::En } else { Lang::Ru });
        // The page re-renders in the new language; keep the keyboard where it was.
        request_animation_frame(|| {
            if let Some(button) = document().get_element_by_id("lang-switch") {
                let _ =
                    wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&button).focus();
            }
        });
    };
    move || {
        let l = lang.get();
        let tr = l.tr();
        let storage_problem = storage::store().err().map(|e| e.to_string());
        view! {
            <Router>
                <a class="skip" href="#main">{tr.skip_to_content}</a>
                <header class="top no-print">
                    <a href="/" class="brand">{tr.app_name}</a>
                    <button
                        id="lang-switch"
                        type="button"
                        class="link"
                        lang=if l == Lang::Ru { "en" } else { "ru" }
                        aria-label=tr.switch_lang_label
                        on:click=switch
                    >
                        {tr.switch_lang}
                    </button>
                </header>
                {storage_problem.map(|detail| view! {
                    <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&detail])}</p>
                })}
                <main id="main" tabindex="-1">
                    <Routes fallback=move || view! { <p>{tr.page_not_found}</p> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/a/:id") view=FillPage/>
                        <Route path=path!("/a/:id/results") view=ResultsPage/>
                    </Routes>
                </main>
            </Router>
        }
    }
}
