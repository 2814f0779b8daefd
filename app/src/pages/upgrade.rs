//! «Move to the new version»: when another version of the open assessment's template is on
//! offer, the fill page says so; moving makes a copy under that version with the answers
//! carried over by item id, and lists what could not be carried. The original stays as it was.

use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, Change, Template};

use crate::i18n::{en, fill, tr};
use crate::pages::load_once;
use crate::storage;

/// The offer (if any) and, after a move, its report.
pub fn upgrade_view(state: RwSignal<Assessment>, template: Arc<Template>) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let (id, hash) = (template.id.clone(), template.hash.clone());
    let offers = load_once(async move {
        storage::offers()
            .await
            .0
            .into_iter()
            .filter(|c| c.id == id && c.hash != hash)
            .collect::<Vec<_>>()
    });
    let outcome = RwSignal::new(None::<Result<(String, usize, Vec<Change>), String>>);
    let busy = RwSignal::new(false);
    let buttons = move || {
        offers.get().unwrap_or_default().into_iter().map(|card| {
            let template = template.clone();
            let version = card.version.clone();
            view! {
                <p class="note">
                    {fill(tr.other_version, &[&card.version])} " "
                    <button type="button" disabled=move || busy.get() || outcome.with(|o| matches!(o, Some(Ok(_)))) on:click=move |_| {
                        let (card, template) = (card.clone(), template.clone());
                        busy.set(true);
                        leptos::task::spawn_local(async move {
                            let from = state.get_untracked();
                            let moved = storage::move_to_version(&template, &from, &card).await;
                            outcome.set(Some(moved));
                            busy.set(false);
                        });
                    }>
                        {fill(tr.move_to_version, &[&version])}
                    </button>
                </p>
            }
        }).collect_view()
    };
    let report = move || {
        outcome.get().map(|result| match result {
            Ok((new_id, carried, changes)) => {
                let lines = changes
                    .iter()
                    .map(|c| view! { <li>{change_text(c, en)}</li> })
                    .collect_view();
                view! {
                    <div class="note" role="status">
                        <p>{fill(tr.moved, &[&carried])}</p>
                        {(!changes.is_empty()).then(|| view! {
                            <p>{tr.not_carried}</p>
                            <ul>{lines}</ul>
                        })}
                        <p><a href=format!("/a/{new_id}")>{tr.open_moved}</a></p>
                    </div>
                }
                .into_any()
            }
            Err(e) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
        })
    };
    view! { <div class="upgrade no-print">{buttons}{report}</div> }
}

fn change_text(change: &Change, english: bool) -> String {
    let id = change.id();
    match (change, english) {
        (Change::ItemGone { .. }, false) => {
            format!("{id}: такого критерия нет в новой версии — ответ не перенесён")
        }
        (Change::ItemGone { .. }, true) => {
            format!("{id}: the new version has no such item — the answer was not carried")
        }
        (Change::KindChanged { .. }, false) => {
            format!("{id}: в новой версии другой вид ответа — ответ не перенесён")
        }
        (Change::KindChanged { .. }, true) => {
            format!("{id}: the new version asks for another kind of answer — not carried")
        }
        (Change::OptionGone { value, .. }, false) => {
            format!("{id}: варианта «{value}» нет в новой версии — выбор снят")
        }
        (Change::OptionGone { value, .. }, true) => {
            format!("{id}: the option «{value}» is gone — the choice was cleared")
        }
        (Change::ColumnGone { column, .. }, false) => {
            format!("{id}: столбца «{column}» нет в новой версии — его ячейки не перенесены")
        }
        (Change::ColumnGone { column, .. }, true) => {
            format!("{id}: the column «{column}» is gone — its cells were not carried")
        }
        (Change::NoteGone { .. }, false) => {
            format!("{id}: в новой версии нет поля документа или комментария — текст не перенесён")
        }
        (Change::NoteGone { .. }, true) => {
            format!("{id}: the evidence or comment field is gone — its text was not carried")
        }
        (Change::FieldGone { .. }, false) => {
            format!("{id}: этого поля сведений об организации нет в новой версии")
        }
        (Change::FieldGone { .. }, true) => {
            format!("{id}: the new version has no such respondent field")
        }
    }
}
