//! Home: the built-in templates to start from, and the assessments saved on this device.

use std::sync::Arc;

use leptos::prelude::*;
use model::{evaluate, Assessment, Template, TemplateError, MAX_TEMPLATE_BYTES};

use crate::browser::local_date_time;
use crate::i18n::{en, fill, store_error, template_error, tr};
use crate::pages::load_once;
use crate::storage;

#[component]
pub fn HomePage() -> impl IntoView {
    let (tr, en) = (tr(), en());
    let saved = load_once(storage::saved());
    let offers = load_once(storage::offers());
    let start_error = RwSignal::new(None::<String>);
    let delete_error = RwSignal::new(None::<String>);
    // The outcome of the last template import: (is it an error, the sentence).
    let import_note = RwSignal::new(None::<(bool, String)>);

    let start = move |card: storage::Card| {
        leptos::task::spawn_local(async move {
            let started = match card.text().await {
                Ok(json) => storage::start(&json)
                    .await
                    .map_err(|e| fill(tr.storage_unavailable, &[&store_error(tr, &e)])),
                Err(e) => Err(fill(tr.template_not_loaded, &[&e])),
            };
            match started {
                Ok(new_id) => crate::nav::navigate(&format!("/a/{new_id}")),
                Err(e) => start_error.set(Some(e)),
            }
        });
    };
    let cards = move || {
        offers.with(|o| {
            let list = o.as_ref().map(|(list, _)| list.clone()).unwrap_or_default();
            list.into_iter()
                .map(|offer| card(offer, start))
                .collect_view()
        })
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let built_in: Vec<String> = offers.with_untracked(|o| {
            o.as_ref()
                .map(|(l, _)| {
                    l.iter()
                        .filter(|c| c.json.is_none())
                        .map(|c| c.hash.clone())
                        .collect()
                })
                .unwrap_or_default()
        });
        leptos::task::spawn_local(async move {
            let note = import(file, &built_in).await;
            if let Ok((template, json, true)) = &note {
                let card = storage::Card::of(template, json.clone());
                offers.update(|o| {
                    if let Some((list, _)) = o {
                        list.push(card);
                    }
                });
            }
            import_note.set(Some(match note {
                Ok((t, _, new)) => {
                    let pattern = if new {
                        tr.import_added
                    } else {
                        tr.import_exists
                    };
                    (false, fill(pattern, &[&t.title.get(en), &t.version]))
                }
                Err(sentence) => (true, sentence),
            }));
        });
    };

    view! {
        <h1>{tr.home_title}</h1>
        <p>{tr.home_intro}</p>
        <section aria-labelledby="new-h">
            <h2 id="new-h">{tr.new_assessment}</h2>
            <ul class="cards">{cards}</ul>
            {move || start_error.get().map(|e| view! {
                <p class="alert" role="alert">{e}</p>
            })}
            {move || offers.with(|o| o.as_ref().and_then(|(_, e)| e.clone())).map(|e| view! {
                <p class="alert" role="alert">{fill(tr.template_not_loaded, &[&e])}</p>
            })}
            <div class="field import no-print">
                <label for="template-file">{tr.import_label}</label>
                <input id="template-file" type="file" accept=".json,.csv,application/json,text/csv" on:change=on_import/>
                // The built-in templates as spreadsheets: examples for a methodologist to copy.
                <p class="muted">
                    {tr.sheet_examples} " "
                    <a href="/templates/sheets/msoko.csv" download="msoko.csv">"МСОКО"</a> ", "
                    <a href="/templates/sheets/shnor.csv" download="shnor.csv">"ШНОР"</a> ", "
                    <a href="/templates/sheets/decisions.csv" download="decisions.csv">{tr.sheet_decisions}</a> ", "
                    <a href="/templates/sheets/workshop.csv" download="workshop.csv">{tr.sheet_workshop}</a>
                </p>
                <p class="note" role="status">
                    {move || import_note.get().map(|(error, text)| view! {
                        <span class=if error { "error" } else { "ok" }>{text}</span>
                    })}
                </p>
            </div>
        </section>
        <section aria-labelledby="saved-h">
            <h2 id="saved-h">{tr.saved_here}</h2>
            {move || delete_error.get().map(|e| view! {
                <p class="alert" role="alert">{fill(tr.delete_failed, &[&e])}</p>
            })}
            {move || match saved.get() {
                None => view! { <p>{tr.loading}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&store_error(tr, &e)])}</p>
                }.into_any(),
                Some(Ok((list, _))) if list.is_empty() => view! { <p>{tr.none_saved}</p> }.into_any(),
                Some(Ok((list, known))) => saved_table(&known, list, saved, delete_error).into_any(),
            }}
        </section>
    }
}

type Saved = RwSignal<Option<Result<(Vec<Assessment>, Vec<Arc<Template>>), store::StoreError>>>;

/// Asks, then deletes an assessment and drops its row; a failure is shown, the row stays.
fn delete(id: String, name: String, saved: Saved, error: RwSignal<Option<String>>) {
    let question = fill(tr().delete_confirm, &[&name]);
    let confirmed = window().confirm_with_message(&question).unwrap_or(false);
    if !confirmed {
        return;
    }
    leptos::task::spawn_local(async move {
        let deleted = storage::delete(&id).await;
        match deleted {
            Ok(()) => saved.update(|s| {
                if let Some(Ok((list, _))) = s {
                    list.retain(|a| a.id != id);
                }
            }),
            Err(e) => error.set(Some(store_error(tr(), &e))),
        }
    });
}

/// Reads and imports a template file; the sentence on failure names the file and the place.
async fn import(
    file: web_sys::File,
    built_in: &[String],
) -> Result<(Template, String, bool), String> {
    let (tr, en) = (tr(), en());
    let name = file.name();
    let refused = |why: String| fill(tr.import_refused, &[&name, &why]);
    let size = file.size() as usize;
    if size > MAX_TEMPLATE_BYTES {
        let error = TemplateError::TooLarge {
            size,
            max: MAX_TEMPLATE_BYTES,
        };
        return Err(refused(template_error(tr, &error)));
    }
    // A spreadsheet saved as CSV (UTF-8 or Windows-1251) is turned into the template's JSON
    // by the sheet worker first; a JSON file is taken as it is.
    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map(|b| js_sys::Uint8Array::new(&b))
        .map_err(|_| refused(tr.file_unreadable.to_owned()))?;
    let sheet = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("csv"));
    let text = if sheet {
        crate::browser::sheet_to_json(bytes, en)
            .await
            .map_err(refused)?
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|_| refused(tr.file_unreadable.to_owned()))?
    };
    match storage::import_template(text.clone(), built_in).await {
        Ok((template, new)) => Ok((template, text, new)),
        Err(storage::ImportError::Invalid(e)) => Err(refused(template_error(tr, &e))),
        Err(storage::ImportError::Store(e)) => Err(refused(fill(
            tr.storage_unavailable,
            &[&store_error(tr, &e)],
        ))),
    }
}

fn card(card: storage::Card, start: impl Fn(storage::Card) + Clone + 'static) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let title = card.title.get(en).to_owned();
    let imported = card.json.is_some();
    view! {
        <li class="card">
            <h3>{title.clone()}</h3>
            {card.description.as_ref().map(|d| view! { <p>{d.get(en).to_owned()}</p> })}
            <p class="muted">
                {format!("{} {} · {} {}", card.items, tr.criteria, tr.version, card.version)}
                {imported.then(|| format!(" · {}", tr.imported_mark))}
            </p>
            <button
                type="button"
                class="primary"
                aria-label=format!("{}: {title}", tr.start)
                on:click=move |_| start(card.clone())
            >
                {tr.start}
            </button>
        </li>
    }
}

fn saved_table(
    known: &[Arc<Template>],
    list: Vec<Assessment>,
    saved: Saved,
    delete_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let rows = list
        .into_iter()
        .map(|a| {
            let template = known.iter().find(|t| a.is_for(t));
            // The version is part of the name: after a move to a new version, the original
            // and its copy differ by it.
            let title = template.map_or_else(
                || format!("{} {}", a.template_id, a.template_version),
                |t| format!("{} · {} {}", t.title.get(en), tr.version, t.version),
            );
            let progress = match template {
                Some(t) => {
                    let total = evaluate(t, &a).total;
                    format!("{} / {}", total.answered, total.items)
                }
                None => a.answers.values().filter(|x| x.choice.is_some()).count().to_string(),
            };
            let school = match a.respondent_value("school_name") {
                "" => tr.unnamed_school.to_owned(),
                name => name.to_owned(),
            };
            view! {
                <tr>
                    <td>{title}</td>
                    <td>{school.clone()}</td>
                    <td class="num">{progress}</td>
                    <td>{local_date_time(&a.updated_at)}</td>
                    <td class="actions">
                        <a href=format!("/a/{}", a.id) aria-label=format!("{}: {school}", tr.continue_)>
                            {tr.continue_}
                        </a>
                        " "
                        <a href=format!("/a/{}/results", a.id) aria-label=format!("{}: {school}", tr.results)>
                            {tr.results}
                        </a>
                        " "
                        <button
                            type="button"
                            class="link"
                            aria-label=format!("{}: {school}", tr.delete)
                            on:click={
                                let (id, name) = (a.id.clone(), school.clone());
                                move |_| delete(id.clone(), name.clone(), saved, delete_error)
                            }
                        >
                            {tr.delete}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">{tr.col_template}</th>
                    <th scope="col">{tr.col_school}</th>
                    <th scope="col">{tr.col_progress}</th>
                    <th scope="col">{tr.col_changed}</th>
                    <th scope="col">{tr.col_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
