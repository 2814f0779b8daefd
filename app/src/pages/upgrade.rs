//! «Move to the new version»: when another version of the open assessment's template is on
//! offer, the fill page says so and links to the page that makes the move (in the report
//! page's bundle, `report.html?upgrade=…`: a copy under that version with the answers carried
//! over by item id; the original stays as it was).

use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, Template};

use crate::i18n::{fill, tr};
use crate::pages::load_once;
use crate::storage;

/// The offers, if any, each with its link.
pub fn upgrade_view(state: RwSignal<Assessment>, template: Arc<Template>) -> impl IntoView {
    let tr = tr();
    let (id, hash) = (template.id.clone(), template.hash.clone());
    let offers = load_once(async move {
        storage::offers()
            .await
            .0
            .into_iter()
            .filter(|c| c.id == id && c.hash != hash)
            .collect::<Vec<_>>()
    });
    move || {
        let at = state.with_untracked(|a| a.id.clone());
        offers.get().unwrap_or_default().into_iter().map(|card| {
            let to = if card.file.is_empty() {
                format!("hash={}", card.hash)
            } else {
                format!("file={}", card.file)
            };
            view! {
                <p class="note upgrade no-print">
                    {fill(tr.other_version, &[&card.version])} " "
                    <a href=format!("/report.html?upgrade={at}&{to}")>{fill(tr.move_to_version, &[&card.version])}</a>
                </p>
            }
        }).collect_view()
    }
}
