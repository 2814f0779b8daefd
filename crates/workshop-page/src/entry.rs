//! Where a person adds an item to a list question: the laptop's group entry and the phone use
//! the same fields.

use leptos::prelude::*;
use web::lang::t;

/// Where a person adds an item to a list question. A plain list: one field, Enter adds. A list
/// with columns (a template's table): a field per column, the first the item's wording, and
/// Enter in any of them — or the button — adds the item made of their cells. `add` says
/// whether the item was taken; only then are the fields cleared.
pub(crate) fn list_input(
    columns: Vec<String>,
    label: String,
    add: impl Fn(String) -> bool + Copy + Send + Sync + 'static,
) -> AnyView {
    if columns.len() < 2 {
        let keydown = move |ev: web_sys::KeyboardEvent| {
            if ev.key() != "Enter" {
                return;
            }
            ev.prevent_default();
            let value = event_target_value(&ev).trim().to_owned();
            if value.is_empty() || !add(value) {
                return;
            }
            if let Some(input) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            {
                input.set_value("");
            }
        };
        return view! {
            <label>{label}<input type="text" on:keydown=keydown/></label>
            <p class="muted">{t("Enter — добавить пункт", "Enter adds the item")}</p>
        }
        .into_any();
    }
    let cells: Vec<RwSignal<String>> = columns
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let all = cells.clone();
    let submit = move || {
        let typed: Vec<String> = all.iter().map(|c| c.get_untracked()).collect();
        if let Some(item) = workshop::item_of(&typed) {
            if add(item) {
                all.iter().for_each(|c| c.set(String::new()));
            }
        }
    };
    let submit = StoredValue::new(submit);
    let fields = columns
        .into_iter()
        .zip(cells)
        .map(|(column, cell)| {
            view! {
                <label>{column}
                    <input type="text" prop:value=move || cell.get()
                        on:input=move |ev| cell.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                submit.with_value(|f| f());
                            }
                        }/></label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="cells">
            <legend>{label}</legend>
            {fields}
            <p><button type="button" on:click=move |_| submit.with_value(|f| f())>{t("Добавить пункт", "Add the item")}</button></p>
        </fieldset>
    }
    .into_any()
}
