//! Home: the built-in templates to start from, and the assessments saved on this device.

use std::sync::Arc;

use leptos::prelude::*;
use model::{evaluate, Assessment, Template, MAX_TEMPLATE_BYTES};

use crate::browser::local_date_time;
use crate::i18n::{fill, lang, store_error, tr, Lang};
use crate::pages::load_once;
use crate::storage;

#[component]
pub fn HomePage() -> impl IntoView {
    let (tr, lang) = (tr(), lang());
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
                    .map_err(|e| fill(tr.storage_unavailable, &[&store_error(&e)])),
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
            // The cards are in (or what failed is said): the page is complete, and shows in
            // place of the first-paint shell in this same frame.
            if o.is_some() {
                crate::browser::drop_shell();
            }
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
                    (false, fill(pattern, &[&t.title.get(lang), &t.version]))
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
                    <a href="/templates/sheets/msoko.csv" download="msoko.csv">{tr.sheet_msoko}</a> ", "
                    <a href="/templates/sheets/shnor.csv" download="shnor.csv">{tr.sheet_shnor}</a> ", "
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
        <DeviceData saved/>
        <section aria-labelledby="saved-h">
            <h2 id="saved-h">{tr.saved_here}</h2>
            {move || delete_error.get().map(|e| view! {
                <p class="alert" role="alert">{fill(tr.delete_failed, &[&e])}</p>
            })}
            {move || match saved.get() {
                None => view! { <p>{tr.loading}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="alert" role="alert">{fill(tr.storage_unavailable, &[&store_error(&e)])}</p>
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
            Err(e) => error.set(Some(store_error(&e))),
        }
    });
}

/// Reads and imports a template file; the sentence on failure names the file and the place.
async fn import(
    file: web_sys::File,
    built_in: &[String],
) -> Result<(Template, String, bool), String> {
    let (tr, lang) = (tr(), lang());
    let name = file.name();
    let refused = |why: String| fill(tr.import_refused, &[&name, &why]);
    let size = file.size();
    if size > MAX_TEMPLATE_BYTES as f64 {
        let mib = |b: f64| (b / f64::from(1 << 20)).ceil() as u32;
        let why = fill(
            tr.template_too_large,
            &[&mib(size), &mib(MAX_TEMPLATE_BYTES as f64)],
        );
        return Err(refused(why));
    }
    // Read and checked in the file worker: a spreadsheet saved as CSV (UTF-8 or
    // Windows-1251) is turned into the template's JSON first.
    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map(|b| js_sys::Uint8Array::new(&b))
        .map_err(|_| refused(tr.file_unreadable.to_owned()))?;
    let sheet = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("csv"));
    let text = crate::browser::template_file(bytes, sheet, lang)
        .await
        .map_err(refused)?;
    match storage::import_template(text.clone(), built_in).await {
        Ok((template, new)) => Ok((template, text, new)),
        Err(storage::ImportError::Invalid(e)) => Err(refused(storage::brief(&e))),
        Err(storage::ImportError::Store(e)) => {
            Err(refused(fill(tr.storage_unavailable, &[&store_error(&e)])))
        }
    }
}

fn card(card: storage::Card, start: impl Fn(storage::Card) + Clone + 'static) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let title = card.title.get(lang).to_owned();
    let imported = card.json.is_some();
    view! {
        <li class="card">
            <h3>{title.clone()}</h3>
            {card.description.as_ref().map(|d| view! { <p>{d.get(lang).to_owned()}</p> })}
            <p class="muted">
                {fill(tr.items_count, &[&card.items])}
                {format!(" · {} {}", tr.version, card.version)}
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
    let (tr, lang) = (tr(), lang());
    let rows = list
        .into_iter()
        .map(|a| {
            let template = known.iter().find(|t| a.is_for(t));
            // The version is part of the name: after a move to a new version, the original
            // and its copy differ by it.
            let title = template.map_or_else(
                || format!("{} {}", a.template_id, a.template_version),
                |t| format!("{} · {} {}", t.title.get(lang), tr.version, t.version),
            );
            let progress = match template {
                Some(t) => {
                    let total = evaluate(t, &a).total;
                    format!("{} / {}", total.answered, total.items)
                }
                None => a.answers.values().filter(|x| x.choice.is_some()).count().to_string(),
            };
            // A copy a restore kept beside a differing record (`exchange::COPY_MARK`, which
            // the app does not link: «backup YYYY-MM-DD», «backup» or «file»).
            let copy = match a.respondent_value("~restored_from") {
                "" => None,
                "file" => Some(tr.copy_from_file.to_owned()),
                mark => {
                    let day = mark.strip_prefix("backup ").filter(|d| model::is_date(d));
                    let on = day.map_or_else(String::new, |d| {
                        format!(" {} {}", lang.t("от", "of"), model::date_text(d, lang))
                    });
                    Some(fill(tr.copy_from_backup, &[&on]))
                }
            };
            let unreadable = template.is_none();
            let school = match a.respondent_value("school_name") {
                "" => tr.unnamed_school.to_owned(),
                name => name.to_owned(),
            };
            view! {
                <tr>
                    <td>
                        {title}
                        {unreadable.then(|| view! { " " <span class="tag">{tr.template_unreadable}</span> })}
                        {copy.map(|c| view! { " " <span class="tag">{c}</span> })}
                    </td>
                    <td>{school.clone()}</td>
                    <td class="num">{progress}</td>
                    <td>
                        {local_date_time(&a.updated_at)}
                        {a.is_unexported().then(|| view! { " " <span class="tag">{tr.not_exported}</span> })}
                    </td>
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
        <table class="list" aria-labelledby="saved-h">
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

/// A byte count as a person reads it: «1,2 МБ», «9,8 ГБ» (integer arithmetic: no float
/// formatting in the bundle).
fn bytes_text(bytes: f64, lang: Lang) -> String {
    let bytes = bytes.max(0.0) as u64;
    let (unit, size) = match (bytes >= 1 << 30, lang) {
        (true, Lang::Ru) => ("ГБ", 1u64 << 30),
        (true, Lang::En) => ("GB", 1 << 30),
        (false, Lang::Ru) => ("МБ", 1 << 20),
        (false, Lang::En) => ("MB", 1 << 20),
    };
    let tenths = (bytes * 10).div_ceil(size);
    let point = lang.t(',', '.');
    format!("{}{point}{}\u{a0}{unit}", tenths / 10, tenths % 10)
}

/// What is kept on this device and how safely: storage used and available, whether the
/// browser keeps it persistently, a warning while answers exist only here, and backup and
/// restore of everything (done by the file worker, which reads and writes the database).
#[component]
fn DeviceData(saved: Saved) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let estimate = RwSignal::new(None::<(f64, f64)>);
    let persisted = RwSignal::new(None::<bool>);
    leptos::task::spawn_local(async move {
        estimate.try_set(crate::browser::storage_estimate().await);
        persisted.try_set(Some(crate::browser::persisted().await));
    });
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            persisted.try_set(Some(crate::browser::persist().await));
        });
    };
    // The state as sentences, in one reactive block: (is it a warning, the sentence).
    let lines = move || {
        let mut lines: Vec<(bool, String)> = Vec::new();
        if let Some((used, quota)) = estimate.get() {
            let size = |b| bytes_text(b, lang);
            lines.push((false, fill(tr.storage_used, &[&size(used), &size(quota)])));
        }
        match persisted.get() {
            Some(true) => lines.push((false, tr.persisted_yes.to_owned())),
            Some(false) => {
                lines.push((false, tr.persisted_no.to_owned()));
                let unexported = saved.with(|s| match s {
                    Some(Ok((list, _))) => list.iter().filter(|a| a.is_unexported()).count(),
                    _ => 0,
                });
                if unexported > 0 {
                    lines.push((true, fill(tr.unexported_warning, &[&unexported])));
                }
            }
            None => {}
        }
        lines
            .into_iter()
            .map(
                |(warning, text)| view! { <p class:alert=warning class:warning=warning>{text}</p> },
            )
            .collect_view()
    };
    // The outcome of the last backup or restore: (is it an error, its sentences).
    let note = RwSignal::new(None::<(bool, Vec<String>)>);
    let last_backup = RwSignal::new(storage::last_backup());
    let download = move |_| {
        leptos::task::spawn_local(async move {
            let made = storage::backup_text(lang).await.and_then(|text| {
                let date = crate::browser::now_iso();
                let name = format!("otsenka_backup_{}.json", date.get(..10).unwrap_or(""));
                crate::browser::download(&name, "application/json", text.as_bytes())
            });
            last_backup.set(storage::last_backup());
            note.set(
                made.err()
                    .map(|e| (true, vec![fill(tr.backup_failed, &[&e])])),
            );
        });
    };
    let on_restore = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else {
            return;
        };
        // A copy: the input's own list empties when the input is reset.
        let files = js_sys::Array::from(&files);
        input.set_value("");
        // The worker reads the files itself and words what each gave.
        leptos::task::spawn_local(async move {
            note.set(Some(match storage::restore(files, lang).await {
                Ok(lines) => (false, lines),
                Err(why) => (true, vec![why]),
            }));
            saved.try_set(Some(storage::saved().await));
        });
    };
    view! {
        <section aria-labelledby="device-h" class="no-print">
            <h2 id="device-h">{tr.device_data}</h2>
            {lines}
            <p hidden=move || persisted.get() != Some(false)>
                <button type="button" on:click=ask>{tr.ask_persist}</button>
            </p>
            <p class="muted">{tr.backup_hint}</p>
            {move || last_backup.get().map(|at| view! { <p class="muted">{fill(tr.last_backup, &[&local_date_time(&at)])}</p> })}
            <p><button type="button" on:click=download>{tr.backup_download}</button></p>
            <div class="field import">
                <label for="backup-file">{tr.backup_restore}</label>
                <input id="backup-file" type="file" multiple accept=".json,.csv,application/json,text/csv" on:change=on_restore/>
            </div>
            <div class="note" role="status">
                {move || note.get().map(|(error, lines)| view! {
                    <ul class=if error { "error" } else { "ok" }>
                        {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        </section>
    }
}
