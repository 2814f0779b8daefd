//! Home: the built-in templates to start from, and the assessments saved on this device.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use model::{evaluate, Assessment, Template, TemplateError, MAX_TEMPLATE_BYTES};
use store::AssessmentStore;

use crate::browser::local_date_time;
use crate::i18n::{en, fill, store_error, template_error, tr};
use crate::pages::load_once;
use crate::storage;

#[component]
pub fn HomePage() -> impl IntoView {
    let (tr, en) = (tr(), en());
    let saved = load_once(async { storage::store()?.list().await });
    let offers = load_once(storage::offers());
    let start_error = RwSignal::new(None::<String>);
    let delete_error = RwSignal::new(None::<String>);
    // The outcome of the last template import: (is it an error, the sentence).
    let import_note = RwSignal::new(None::<(bool, String)>);
    let navigate = use_navigate();

    let start = move |json: String| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match storage::start(&json).await {
                Ok(new_id) => navigate(&format!("/a/{new_id}"), Default::default()),
                Err(e) => start_error.set(Some(store_error(tr, &e))),
            }
        });
    };
    let cards = move || {
        offers.with(|o| {
            let list = o.as_ref().map(|(list, _)| list.clone()).unwrap_or_default();
            list.into_iter()
                .map(|offer| card(offer, start.clone()))
                .collect_view()
        })
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let note = import(file).await;
            if let Ok((template, json, true)) = &note {
                let offer = storage::Offer {
                    template: template.clone(),
                    json: json.clone(),
                    imported: true,
                };
                offers.update(|o| {
                    if let Some((list, _)) = o {
                        list.push(offer);
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
                <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&e])}</p>
            })}
            {move || offers.with(|o| o.as_ref().and_then(|(_, e)| e.clone())).map(|e| view! {
                <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&store_error(tr, &e)])}</p>
            })}
            <div class="field import no-print">
                <label for="template-file">{tr.import_label}</label>
                <input id="template-file" type="file" accept=".json,application/json" on:change=on_import/>
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
            // Rows wait for the templates too, so a row never shows a bare template id
            // and no progress for a moment before the names arrive.
            {move || match saved.get().filter(|_| offers.with(Option::is_some)) {
                None => view! { <p>{tr.loading}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&store_error(tr, &e)])}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{tr.none_saved}</p> }.into_any(),
                Some(Ok(list)) => {
                    // The templates already loaded for the cards (built-in and imported) name
                    // each saved assessment's template; no second parse of the built-ins.
                    let known: Vec<Template> = offers.with(|o| {
                        o.as_ref()
                            .map(|(l, _)| l.iter().map(|offer| offer.template.clone()).collect())
                            .unwrap_or_default()
                    });
                    saved_table(&known, list, saved, delete_error).into_any()
                }
            }}
        </section>
    }
}

type Saved = RwSignal<Option<Result<Vec<Assessment>, store::StoreError>>>;

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
                if let Some(Ok(list)) = s {
                    list.retain(|a| a.id != id);
                }
            }),
            Err(e) => error.set(Some(store_error(tr(), &e))),
        }
    });
}

/// Reads and imports a template file; the sentence on failure names the file and the place.
async fn import(file: web_sys::File) -> Result<(Template, String, bool), String> {
    let tr = tr();
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
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| refused(tr.file_unreadable.to_owned()))?;
    match storage::import_template(text.clone()).await {
        Ok((template, new)) => Ok((template, text, new)),
        Err(storage::ImportError::Invalid(e)) => Err(refused(template_error(tr, &e))),
        Err(storage::ImportError::Store(e)) => Err(refused(fill(
            tr.storage_unavailable,
            &[&store_error(tr, &e)],
        ))),
    }
}

fn card(offer: storage::Offer, start: impl Fn(String) + Clone + 'static) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let t = offer.template;
    let title = t.title.get(en).to_owned();
    let json = offer.json;
    view! {
        <li class="card">
            <h3>{title.clone()}</h3>
            {t.description.as_ref().map(|d| view! { <p>{d.get(en).to_owned()}</p> })}
            <p class="muted">
                {format!("{} {} · {} {}", t.item_count(), tr.criteria, tr.version, t.version)}
                {offer.imported.then(|| format!(" · {}", tr.imported_mark))}
            </p>
            {t.source.as_ref().map(|s| view! {
                <details>
                    <summary>{tr.source}</summary>
                    <p class="muted">{s.get(en).to_owned()}</p>
                </details>
            })}
            <button
                type="button"
                class="primary"
                aria-label=format!("{}: {title}", tr.start)
                on:click=move |_| start(json.clone())
            >
                {tr.start}
            </button>
        </li>
    }
}

fn saved_table(
    known: &[Template],
    list: Vec<Assessment>,
    saved: Saved,
    delete_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let rows = list
        .into_iter()
        .map(|a| {
            let template = known.iter().find(|t| a.is_for(t));
            let title = template.map_or_else(
                || format!("{} {}", a.template_id, a.template_version),
                |t| t.title.get(en).to_owned(),
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
