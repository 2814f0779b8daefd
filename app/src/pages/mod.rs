//! One module per step of the user's journey.

pub mod fill;
pub mod home;
pub mod results;
pub mod upgrade;

use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, Template};

use crate::i18n::{fill as fill_in, store_error, tr};
use crate::storage::{self, LoadError};

/// The sentence shown when an assessment cannot be opened.
fn load_error_view(error: LoadError) -> impl IntoView {
    let tr = tr();
    let text = match error {
        LoadError::NotFound => tr.not_found.to_owned(),
        LoadError::Store(e) => fill_in(tr.storage_unavailable, &[&store_error(&e)]),
        LoadError::Template {
            id,
            version,
            reason,
        } => fill_in(tr.template_missing, &[&id, &version, &reason]),
    };
    view! { <p class="alert" role="alert">{text}</p> }
}

/// Runs `load` once and exposes its outcome as a signal, `None` while it runs. (Lighter in
/// wasm than a `LocalResource`, and these loads never need re-running.)
pub fn load_once<T, F>(load: F) -> RwSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = T> + 'static,
{
    let value = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let loaded = load.await;
        value.try_set(Some(loaded));
    });
    value
}

/// A page about the assessment `id`: loads it and its template, shows "loading" or the
/// reason it cannot be opened, else `render`s it.
pub fn assessment_page(
    id: String,
    render: fn(Assessment, Arc<Template>) -> AnyView,
) -> impl IntoView {
    let loaded = load_once(async move { storage::load(&id).await });
    move || match loaded.get() {
        None => view! { <p>{tr().loading}</p> }.into_any(),
        Some(Err(e)) => load_error_view(e).into_any(),
        Some(Ok((assessment, template))) => render(assessment, template),
    }
}
