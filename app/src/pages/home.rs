//! Home: the built-in templates to start from, and the assessments saved on this device.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::{evaluate, Assessment, Template};
use store::AssessmentStore;

use crate::browser::local_date_time;
use crate::i18n::{fill, use_lang};
use crate::storage;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let tr = move || lang.get().tr();
    let en = move || lang.get().english();
    let built_in: Vec<Template> = templates::all().unwrap_or_default();
    let saved = LocalResource::new(|| async { storage::store()?.list().await });
    let start_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();

    let cards = built_in
        .iter()
        .map(|t| {
            let (title, description, source) = (t.title.clone(), t.description.clone(), t.source.clone());
            let (id, count) = (t.id.clone(), t.item_count());
            let navigate = navigate.clone();
            let title_for_label = title.clone();
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
                    <h3>{move || title.get(en()).to_owned()}</h3>
                    {description.map(|d| view! { <p>{move || d.get(en()).to_owned()}</p> })}
                    <p class="muted">{move || format!("{count} {}", tr().criteria)}</p>
                    {source.map(|s| view! {
                        <details>
                            <summary>{move || tr().source}</summary>
                            <p class="muted">{move || s.get(en()).to_owned()}</p>
                        </details>
                    })}
                    <button
                        type="button"
                        class="primary"
                        aria-label=move || format!("{}: {}", tr().start, title_for_label.get(en()))
                        on:click=on_start
                    >
                        {move || tr().start}
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <h1>{move || tr().home_title}</h1>
        <p>{move || tr().home_intro}</p>
        <section aria-labelledby="new-h">
            <h2 id="new-h">{move || tr().new_assessment}</h2>
            <ul class="cards">{cards}</ul>
            {move || start_error.get().map(|e| view! {
                <p class="alert" role="alert">{fill(tr().storage_unavailable, &[&e])}</p>
            })}
        </section>
        <section aria-labelledby="saved-h">
            <h2 id="saved-h">{move || tr().saved_here}</h2>
            {move || match saved.get() {
                None => view! { <p>{tr().loading}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="alert" role="alert">{fill(tr().storage_unavailable, &[&e])}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{tr().none_saved}</p> }.into_any(),
                Some(Ok(list)) => saved_table(list).into_any(),
            }}
        </section>
    }
}

fn saved_table(list: Vec<Assessment>) -> impl IntoView {
    let lang = use_lang();
    let tr = move || lang.get().tr();
    let built_in = templates::all().unwrap_or_default();
    let rows = list
        .into_iter()
        .map(|a| {
            let template = built_in.iter().find(|t| a.is_for(t));
            let title = template.map(|t| t.title.clone());
            let template_label = format!("{} {}", a.template_id, a.template_version);
            let progress = match template {
                Some(t) => {
                    let total = evaluate(t, &a).total;
                    format!("{} / {}", total.answered, total.items)
                }
                None => a.answers.values().filter(|x| x.choice.is_some()).count().to_string(),
            };
            let school = a.respondent_value("school_name").to_owned();
            let changed = local_date_time(&a.updated_at);
            let (fill_href, results_href) = (format!("/a/{}", a.id), format!("/a/{}/results", a.id));
            let school_for_label = school.clone();
            let row_name = move || {
                if school_for_label.is_empty() {
                    tr().unnamed_school.to_owned()
                } else {
                    school_for_label.clone()
                }
            };
            let row_name2 = row_name.clone();
            view! {
                <tr>
                    <td>{move || title.as_ref().map_or(template_label.clone(), |t| t.get(lang.get().english()).to_owned())}</td>
                    <td>{row_name.clone()}</td>
                    <td class="num">{progress}</td>
                    <td>{changed}</td>
                    <td class="actions">
                        <A href=fill_href attr:aria-label=move || format!("{}: {}", tr().continue_, row_name())>
                            {move || tr().continue_}
                        </A>
                        " "
                        <A href=results_href attr:aria-label=move || format!("{}: {}", tr().results, row_name2())>
                            {move || tr().results}
                        </A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">{move || tr().col_template}</th>
                    <th scope="col">{move || tr().col_school}</th>
                    <th scope="col">{move || tr().col_progress}</th>
                    <th scope="col">{move || tr().col_changed}</th>
                    <th scope="col">{move || tr().col_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
