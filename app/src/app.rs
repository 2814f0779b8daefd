use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::i18n::{fill, provide_lang, Lang};
use crate::pages::{fill::FillPage, home::HomePage, results::ResultsPage};
use crate::storage;

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_lang();
    let tr = move || lang.get().tr();
    let storage_problem = storage::store().err().map(|e| e.to_string());
    view! {
        <Router>
            <a class="skip" href="#main">{move || tr().skip_to_content}</a>
            <header class="top no-print">
                <A href="/" attr:class="brand">{move || tr().app_name}</A>
                <button
                    type="button"
                    class="link"
                    lang=move || if lang.get() == Lang::Ru { "en" } else { "ru" }
                    aria-label=move || tr().switch_lang_label
                    on:click=move |_| lang.update(|l| *l = if *l == Lang::Ru { Lang::En } else { Lang::Ru })
                >
                    {move || tr().switch_lang}
                </button>
            </header>
            {storage_problem.map(|detail| view! {
                <p class="alert" role="alert">{move || fill(tr().storage_unavailable, &[&detail])}</p>
            })}
            <main id="main" tabindex="-1">
                <Routes fallback=move || view! { <p>{move || tr().page_not_found}</p> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/a/:id") view=FillPage/>
                    <Route path=path!("/a/:id/results") view=ResultsPage/>
                </Routes>
            </main>
        </Router>
    }
}
