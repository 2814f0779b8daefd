//! One module per step of the user's journey.

pub mod fill;
pub mod home;
pub mod results;

use leptos::prelude::*;

use crate::i18n::{fill as fill_in, Lang};
use crate::storage::LoadError;

/// The sentence shown when an assessment cannot be opened.
pub fn load_error_text(lang: Lang, error: &LoadError) -> String {
    let tr = lang.tr();
    match error {
        LoadError::NotFound => tr.not_found.to_owned(),
        LoadError::Store(e) => fill_in(tr.storage_unavailable, &[e]),
        LoadError::Template {
            id,
            version,
            reason,
        } => fill_in(tr.template_missing, &[id, version, reason]),
    }
}

/// A reactive "loading / error" placeholder for pages that open an assessment.
pub fn load_error_view(lang: RwSignal<Lang>, error: LoadError) -> impl IntoView {
    view! { <p class="alert" role="alert">{move || load_error_text(lang.get(), &error)}</p> }
}
