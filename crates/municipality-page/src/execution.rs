//! «Исполнение решений»: the schools' execution reports loaded at once (each file's verdict,
//! duplicates, errors by line), one matrix per meeting — decisions × organisations, each cell
//! the status, «просрочено», what was done and the evidence — with filters, the municipality's
//! «считать выполненным» / «снять с контроля» per decision, and the printed «Информация о
//! выполнении решений» with its CSV for Russian Excel. Everything shown is computed by
//! `municipal::execution`; this module renders it, `meeting` renders one meeting, `keep` keeps it.

mod keep;
mod meeting;

use std::collections::HashSet;

use leptos::prelude::*;
use model::Lang;
use municipal::execution::{collect, Closures, Collected, Fate};

use crate::data;
use crate::text::{lang, t};
use keep::Loaded;
use meeting::MeetingView;

/// The panel's state, made once by the page so that a language switch keeps it.
#[derive(Clone, Copy)]
pub struct State {
    files: RwSignal<Vec<Loaded>>,
    closures: RwSignal<Closures>,
    said: RwSignal<Vec<String>>,
    problem: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    /// The meeting whose «Информация о выполнении решений» is being printed.
    printing: RwSignal<Option<String>>,
    collected: Memo<Collected>,
}

impl State {
    pub fn new() -> State {
        let files = RwSignal::new(keep::saved());
        let collected = Memo::new(move |_| {
            files.with(|fs| {
                collect(
                    fs.iter()
                        .filter_map(|f| Some((f.hash.clone(), f.report.clone()?)))
                        .collect(),
                )
            })
        });
        let printing = RwSignal::new(None);
        // Paper done: the page prints as before. The listener lives as long as the page.
        let _ = window_event_listener_untyped("afterprint", move |_| {
            set_print_mode(false);
            printing.set(None);
        });
        State {
            files,
            closures: RwSignal::new(keep::saved_closures()),
            said: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
            busy: RwSignal::new(false),
            printing,
            collected,
        }
    }
}

/// Marks the document as printing the execution information alone (`page.css`).
fn set_print_mode(on: bool) {
    if let Some(root) = document().document_element() {
        let _ = if on {
            root.set_attribute("data-print", "execution")
        } else {
            root.remove_attribute("data-print")
        };
    }
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn load(state: State, picked: Vec<web_sys::File>) {
    if picked.is_empty() || state.busy.get_untracked() {
        return;
    }
    state.busy.set(true);
    state.said.set(Vec::new());
    leptos::task::spawn_local(async move {
        let mut list = state.files.get_untracked();
        let mut seen: HashSet<String> = list.iter().map(|f| f.hash.clone()).collect();
        let (mut added, mut again) = (0, Vec::new());
        for batch in picked.chunks(data::READ_BATCH) {
            for (file, bytes) in batch.iter().zip(data::read_batch(batch).await) {
                let name = file.name();
                let loaded = match bytes {
                    Ok(bytes) => keep::read(&name, &bytes),
                    Err(e) => Loaded::unreadable(&name, &e),
                };
                if !loaded.hash.is_empty() && !seen.insert(loaded.hash.clone()) {
                    again.push(name);
                    continue;
                }
                list.push(loaded);
                added += 1;
            }
            data::yield_now().await;
        }
        let mut said = vec![match lang() {
            Lang::Ru => format!("Прочитано файлов: {}; новых: {added}.", picked.len()),
            Lang::En => format!("Files read: {}; new: {added}.", picked.len()),
        }];
        said.extend(again.iter().map(|name| {
            model::nest_quotes(&match lang() {
                Lang::Ru => format!("Файл «{name}»: этот файл уже загружен, ничего не изменилось."),
                Lang::En => format!("File «{name}»: this file is already loaded; nothing changed."),
            })
        }));
        if added > 0 {
            if let Err(e) = keep::save(&list) {
                state.problem.set(Some(format!(
                    "{} {e}",
                    t(
                        "Отчёты не сохранены на этом компьютере: браузер не дал места. Они показаны, пока страница открыта; сохранённое раньше не тронуто.",
                        "The reports are not kept on this computer: the browser gave no room. They are shown while the page is open; what was kept before is untouched."
                    )
                )));
            }
        }
        state.files.set(list);
        state.said.set(said);
        state.busy.set(false);
    });
}

/// A file's name by its fingerprint (`collect` names files so).
fn name_of(files: &[Loaded], hash: &str) -> String {
    files
        .iter()
        .find(|f| f.hash == hash)
        .map_or_else(String::new, |f| f.name.clone())
}

/// What became of an accepted file beyond its verdict.
fn fate_line(fate: &Fate, files: &[Loaded]) -> Option<String> {
    let line = match fate {
        Fate::Counted => return None,
        Fate::Superseded { by } => {
            let by = name_of(files, by);
            match lang() {
                Lang::Ru => format!("Заменён более новым отчётом этой организации (файл «{by}»): в таблицу не идёт."),
                Lang::En => format!("Replaced by a newer report of this organisation (file «{by}»): not in the table."),
            }
        }
        Fate::Same { as_in } => {
            let as_in = name_of(files, as_in);
            match lang() {
                Lang::Ru => {
                    format!("Тот же отчёт ещё раз (как в файле «{as_in}»): ничего не изменилось.")
                }
                Lang::En => format!("The same report again (as in «{as_in}»): nothing changed."),
            }
        }
    };
    Some(model::nest_quotes(&line))
}

#[component]
pub fn ExecutionPanel(state: State) -> impl IntoView {
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let picked = files_of(input.files());
        input.set_value("");
        load(state, picked);
    };
    let over = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        load(state, files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let clear = move |_| {
        let sure = window()
            .confirm_with_message(t(
                "Удалить с этого компьютера все загруженные отчёты об исполнении и отметки о снятии с контроля?",
                "Remove every loaded execution report and every closure from this computer?",
            ))
            .unwrap_or(false);
        if !sure {
            return;
        }
        let result = keep::save(&[]).and_then(|()| keep::save_closures(&Closures::default()));
        match result {
            Ok(()) => {
                state.files.set(Vec::new());
                state.closures.set(Closures::default());
                state
                    .said
                    .set(vec![t("Отчёты удалены.", "Reports removed.").to_owned()]);
            }
            Err(e) => state.problem.set(Some(e)),
        }
    };
    view! {
        <section id="execution" aria-labelledby="execution-h">
            <div class="no-print">
                <h2 id="execution-h">{t("Исполнение решений", "Execution of decisions")}</h2>
                <p>{t(
                    "Загрузите отчёты об исполнении, которые школы прислали по файлу решений (можно много файлов сразу). Из отчётов одной организации учитывается самый новый.",
                    "Load the execution reports schools sent back on a decisions file (many files at once). Of one organisation's reports the newest counts."
                )}</p>
                <div class="reports-drop" class:over=move || over.get()
                    on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
                    on:dragleave=move |_| over.set(false)
                    on:drop=on_drop>
                    <label>
                        {t("Загрузить отчёты об исполнении", "Load execution reports")}
                        " "
                        <input type="file" multiple accept=".csv,text/csv"
                            disabled=move || state.busy.get()
                            on:change=on_pick/>
                    </label>
                </div>
                {move || state.busy.get().then(|| view! { <p role="status">{t("Читаю файлы…", "Reading files…")}</p> })}
                <div role="status">
                    {move || state.said.get().into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
                </div>
                {move || state.problem.get().map(|p| view! { <p class="alert" role="alert">{p}</p> })}
                {move || {
                    let files = state.files.get();
                    (!files.is_empty()).then(|| view! {
                        <ReportFiles state=state files=files/>
                        <p><button type="button" on:click=clear>{t("Удалить отчёты об исполнении", "Remove the execution reports")}</button></p>
                    })
                }}
            </div>
            {move || {
                let meetings = state.collected.get().meetings;
                meetings.into_iter().map(|reports| view! { <MeetingView state=state reports=reports/> }).collect_view()
            }}
        </section>
    }
}

#[component]
fn ReportFiles(state: State, files: Vec<Loaded>) -> impl IntoView {
    let fates = state.collected.get_untracked().fates;
    let rows = files
        .iter()
        .map(|f| {
            let fate = fates.iter().find(|(h, _)| *h == f.hash).map(|(_, x)| x);
            let (class, word) = match (&f.report, fate) {
                (None, _) => ("verdict-refused", t("не принят", "refused")),
                (Some(_), Some(Fate::Counted) | None) => ("verdict-accepted", t("принят", "accepted")),
                (Some(_), Some(_)) => ("verdict-warnings", t("принят, не учитывается", "accepted, not counted")),
            };
            let mut lines = lang().t(&f.ru, &f.en).clone();
            lines.extend(fate.and_then(|x| fate_line(x, &files)));
            view! {
                <tr>
                    <td>{f.name.clone()}</td>
                    <td class=class>{word}</td>
                    <td><ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></td>
                </tr>
            }
        })
        .collect_view();
    let accepted = files.iter().filter(|f| f.report.is_some()).count();
    view! {
        <p>{format!("{} {}; {} {accepted}; {} {}", t("Отчётов:", "Reports:"), files.len(),
            t("приняты:", "accepted:"), t("не приняты:", "refused:"), files.len() - accepted)}</p>
        <table class="files">
            <caption class="sr-only">{t("Загруженные отчёты об исполнении", "Loaded execution reports")}</caption>
            <thead><tr>
                <th scope="col">{t("Файл", "File")}</th>
                <th scope="col">{t("Итог проверки", "Verdict")}</th>
                <th scope="col">{t("Подробности", "Details")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
