//! One module per step of the user's journey.

pub mod fill;
pub mod home;
pub mod results;

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::{fill as fill_in, tr};
use crate::storage::LoadError;

/// The sentence shown when an assessment cannot be opened.
pub fn load_error_view(error: LoadError) -> impl IntoView {
    let tr = tr();
    let text = match error {
        LoadError::NotFound => tr.not_found.to_owned(),
        LoadError::Store(e) => fill_in(tr.storage_unavailable, &[&e]),
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
pub fn load_once<T, F>(load: F) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: Future<Output = T> + 'static,
{
    let (value, set_value) = signal(None);
    leptos::task::spawn_local(async move {
        let loaded = load.await;
        set_value.try_set(Some(loaded));
    });
    value
}
