//! Home: the built-in templates to start from, and the assessments saved on this device.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use model::{evaluate, Assessment, Template};
use store::AssessmentStore;

use crate::browser::local_date_time;
use crate::i18n::{en, fill, tr};
use crate::pages::load_once;
use crate::storage;

#[component]
pub fn HomePage() -> impl IntoView {
    let (tr, en) = (tr(), en());
    let built_in: Vec<Template> = templates::all().unwrap_or_default();
    let saved = load_once(async { storage::store()?.list().await });
    let start_error = RwSignal::new(None::<String>);
    let delete_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();

    let cards = built_in
        .iter()
        .map(|t| {
            let title = t.title.get(en).to_owned();
            let id = t.id.clone();
            let navigate = navigate.clone();
            let on_start = move |_| {
                let (id, navigate) = (id.clone(), navigate.clone());
                leptos::task::spawn_local(async move {
                    match storage::start(&id).await {
                        Ok(new_id) => navigate(&format!("/a/{new_id}"), Default::default()),
                        Err(e) => start_error.set(Some(e.to_string())),
                    }
                });
            };
            view! {
                <li class="card">
                    <h3>{title.clone()}</h3>
                    {t.description.as_ref().map(|d| view! { <p>{d.get(en).to_owned()}</p> })}
                    <p class="muted">{format!("{} {}", t.item_count(), tr.criteria)}</p>
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
                        on:click=on_start
                    >
                        {tr.start}
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <h1>{tr.home_title}</h1>
        <p>{tr.home_intro}</p>
        <section aria-labelledby="new-h">
            <h2 id="new-h">{tr.new_assessment}</h2>
            <ul class="cards">{cards}</ul>
            {move || start_error.get().map(|e| view! {
                <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&e])}</p>
            })}
        </section>
        <section aria-labelledby="saved-h">
            <h2 id="saved-h">{tr.saved_here}</h2>
            {move || delete_error.get().map(|e| view! {
                <p class="alert" role="alert">{fill(tr.delete_failed, &[&e])}</p>
            })}
            {move || match saved.get() {
                None => view! { <p>{tr.loading}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&e])}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{tr.none_saved}</p> }.into_any(),
                Some(Ok(list)) => saved_table(&built_in, list, saved, delete_error).into_any(),
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
        let deleted = match storage::store() {
            Ok(store) => store.delete(&id).await,
            Err(e) => Err(e),
        };
        match deleted {
            Ok(()) => saved.update(|s| {
                if let Some(Ok(list)) = s {
                    list.retain(|a| a.id != id);
                }
            }),
            Err(e) => error.set(Some(e.to_string())),
        }
    });
}

fn saved_table(
    built_in: &[Template],
    list: Vec<Assessment>,
    saved: Saved,
    delete_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let rows = list
        .into_iter()
        .map(|a| {
            let template = built_in.iter().find(|t| a.is_for(t));
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
