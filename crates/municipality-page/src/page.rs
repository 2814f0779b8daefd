//! The page: files and their verdicts, duplicates, the consolidated table with sorting and
//! filters, the risk group, charts, export and print. Views only render what
//! `crates/municipal` computes.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, Lang, Template, Tone};
use municipal::{Group, RiskRule, SchoolResult};
use wasm_bindgen::JsCast;

use crate::charts;
use crate::data::{self, FileRecord, Verdict};
use crate::execution::ExecutionPanel;
use crate::text::{lang, num, pct, saved_lang, set_lang, t};

thread_local! {
    static DB: RefCell<Option<Rc<store::Store>>> = const { RefCell::new(None) };
    /// Template texts with their parsed templates, for reading files.
    static KNOWN: RefCell<Option<Vec<(String, Template)>>> = const { RefCell::new(None) };
}

/// Up to this many files, every file is listed; above, the accepted ones on request.
const FILES_LISTED: usize = 40;
/// Rows of the table (and entries of the risk list) drawn before «show all».
const ROWS_SHOWN: usize = 100;

fn db() -> Option<Rc<store::Store>> {
    DB.with(|d| d.borrow().clone())
}

/// How the table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Municipality,
    School,
    Section(usize),
    Total,
}

/// The page's state.
#[derive(Clone, Copy)]
struct State {
    files: RwSignal<Vec<FileRecord>>,
    assessments: RwSignal<Vec<Assessment>>,
    templates: RwSignal<Vec<Template>>,
    choices: RwSignal<municipal::Choices>,
    risk: RwSignal<RiskRule>,
    /// (done, total) while files are read.
    progress: RwSignal<Option<(usize, usize)>>,
    /// What the last load did.
    said: RwSignal<Vec<String>>,
    problem: RwSignal<Option<String>>,
    group: RwSignal<usize>,
    search: RwSignal<String>,
    municipality: RwSignal<String>,
    /// A total level's position in the template's levels, or none for all.
    level: RwSignal<Option<usize>>,
    sort: RwSignal<(SortBy, bool)>,
    groups: Memo<Vec<Group>>,
}

pub fn start(db: store::Store, storage_problem: Option<String>) {
    let kept = db.is_kept();
    DB.with(|d| *d.borrow_mut() = Some(Rc::new(db)));
    set_lang(saved_lang());
    leptos::mount::mount_to_body(
        move || view! { <Page kept=kept storage_problem=storage_problem.clone()/> },
    );
}

/// Assessment id → the name of the last file in the list that held it (one pass over the
/// list, not a scan per assessment).
fn sources(files: &[FileRecord]) -> std::collections::HashMap<&str, &str> {
    let mut out = std::collections::HashMap::new();
    for f in files {
        for id in &f.ids {
            out.insert(id.as_str(), f.name.as_str());
        }
    }
    out
}

#[component]
fn Page(kept: bool, storage_problem: Option<String>) -> impl IntoView {
    let assessments = RwSignal::new(Vec::<Assessment>::new());
    let templates = RwSignal::new(Vec::<Template>::new());
    let files = RwSignal::new(data::saved_files());
    let choices = RwSignal::new(data::saved_choices());
    let results = Memo::new(move |_| {
        let files = files.get();
        let source = sources(&files);
        templates.with(|ts| {
            let by_hash: std::collections::HashMap<&str, &Template> =
                ts.iter().map(|t| (t.hash.as_str(), t)).collect();
            assessments.with(|list| {
                list.iter()
                    .filter_map(|a| {
                        let t = by_hash
                            .get(a.template_hash.as_str())
                            .filter(|t| a.is_for(t))?;
                        let from = source.get(a.id.as_str()).copied().unwrap_or("");
                        Some(SchoolResult::of(t, a, from))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let groups = Memo::new(move |_| municipal::consolidate(results.get(), &choices.get()));
    let state = State {
        files,
        assessments,
        templates,
        choices,
        risk: RwSignal::new(data::saved_risk()),
        progress: RwSignal::new(None),
        said: RwSignal::new(Vec::new()),
        problem: RwSignal::new(None),
        group: RwSignal::new(0),
        search: RwSignal::new(String::new()),
        municipality: RwSignal::new(String::new()),
        level: RwSignal::new(None),
        sort: RwSignal::new((SortBy::Municipality, true)),
        groups,
    };
    // The set as stored, and the templates to read it with.
    leptos::task::spawn_local(async move {
        let Some(db) = db() else { return };
        let known = data::known_templates(&db).await;
        templates.set(known.iter().map(|(_, t)| t.clone()).collect());
        KNOWN.with(|k| *k.borrow_mut() = Some(known));
        match data::assessments(&db).await {
            Ok(list) => assessments.set(list),
            Err(e) => state.problem.set(Some(e)),
        }
    });
    // Why there is no storage, said once in the «nothing will be kept» line.
    let unavailable = storage_problem
        .map(|e| format!("({e})"))
        .unwrap_or_default();
    let execution = crate::execution::State::new();
    let current = RwSignal::new(lang());
    let switch = move |_| {
        set_lang(lang().other());
        current.set(lang());
        request_animation_frame(|| {
            if let Some(b) = document().get_element_by_id("lang-switch") {
                let _ = b.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        });
    };
    move || {
        let _ = current.get();
        view! {
            <a class="skip" href="#main">{t("Перейти к содержанию", "Skip to content")}</a>
            <header class="top no-print">
                <a href="/" class="brand">{t("Оценка", "Otsenka")}</a>
                <button id="lang-switch" type="button" class="link"
                    lang=lang().other().code()
                    aria-label=t("Switch to English", "Переключить на русский")
                    on:click=switch>
                    {t("English", "Русский")}
                </button>
            </header>
            <main id="main" tabindex="-1">
                <h1>{t("Муниципалитет: сводка по школам", "Municipality: schools consolidated")}</h1>
                <p class="no-print">{t(
                    "Загрузите файлы, присланные школами (CSV в любом формате выгрузки «Оценки» или резервные копии). Всё остаётся на этом компьютере.",
                    "Load the files schools sent (Otsenka CSV exports in any profile, or backup files). Everything stays on this computer."
                )}</p>
                {(!kept).then(|| view! {
                    <p class="alert" role="alert">{t(
                        "Браузер не даёт хранилища: загруженное не сохранится после закрытия страницы.",
                        "The browser gives no storage: what you load will not be kept after the page is closed."
                    )} " " {unavailable.clone()}</p>
                })}
                {move || state.problem.get().map(|p| view! {
                    <p class="alert" role="alert">{t("Ошибка хранилища: ", "Storage error: ")}{p}</p>
                })}
                <FilesPanel state=state/>
                <Consolidated state=state/>
                <ExecutionPanel state=execution/>
            </main>
        }
    }
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn load(state: State, picked: Vec<web_sys::File>) {
    if picked.is_empty() || state.progress.get_untracked().is_some() {
        return;
    }
    state.progress.set(Some((0, picked.len())));
    state.said.set(Vec::new());
    leptos::task::spawn_local(async move {
        let Some(db) = db() else { return };
        let mut known = match KNOWN.with(|k| k.borrow_mut().take()) {
            Some(k) => k,
            None => data::known_templates(&db).await,
        };
        let before = state.files.get_untracked();
        let progress = |done, total| state.progress.set(Some((done, total)));
        let outcome = data::load_files(&db, &picked, &before, &mut known, &progress).await;
        state
            .templates
            .set(known.iter().map(|(_, t)| t.clone()).collect());
        KNOWN.with(|k| *k.borrow_mut() = Some(known));
        let mut said = Vec::new();
        match outcome {
            Ok(loaded) => {
                let refused = loaded
                    .files
                    .iter()
                    .filter(|f| f.verdict == Verdict::Refused)
                    .count();
                let n = loaded.files.len();
                said.push(match lang() {
                    Lang::Ru => format!(
                        "Прочитано файлов: {}; новых: {n}, из них не принято: {refused}; записано самооценок: {}; уже были: {}; из записанных — копий рядом с другой версией, уже бывшей здесь: {}.",
                        picked.len(), loaded.written, loaded.kept, loaded.copies
                    ),
                    Lang::En => format!(
                        "Files read: {}; new: {n}, of them refused: {refused}; assessments written: {}; already here: {}; written as copies beside a different version already here: {}.",
                        picked.len(), loaded.written, loaded.kept, loaded.copies
                    ),
                });
                said.extend(lang().t(&loaded.notes.0, &loaded.notes.1).clone());
                if let Some(e) = &loaded.failed {
                    said.push(format!(
                        "{} {e}",
                        t(
                            "Запись прервалась: браузер не дал места или хранилище недоступно. Записанное сохранено; файлы, самооценки из которых записаны не полностью, в список не внесены — загрузите их снова, когда освободится место.",
                            "Writing stopped: the browser gave no room or storage is unavailable. What was written is kept; files whose assessments were not all written are not in the list — load them again once there is room."
                        )
                    ));
                }
                if !loaded.again.is_empty() {
                    said.push(format!(
                        "{} {}",
                        t(
                            "Уже загружены раньше (ничего не изменилось):",
                            "Loaded before (nothing changed):"
                        ),
                        loaded.again.join(", ")
                    ));
                }
                let mut all = before;
                all.extend(loaded.files);
                if let Err(e) = data::save_files(&all) {
                    state.problem.set(Some(e));
                }
                state.files.set(all);
                state.assessments.set(loaded.all);
            }
            Err(e) => said.push(format!(
                "{} {e}",
                t(
                    "Не удалось записать: ничего не изменилось.",
                    "Could not write; nothing changed."
                )
            )),
        }
        state.said.set(said);
        state.progress.set(None);
    });
}

#[component]
fn FilesPanel(state: State) -> impl IntoView {
    let over = RwSignal::new(false);
    let every_file = RwSignal::new(false);
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let picked = files_of(input.files());
        input.set_value("");
        load(state, picked);
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        load(state, files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let clear = move |_| {
        let sure = window()
            .confirm_with_message(t(
                "Удалить все загруженные файлы и самооценки с этого компьютера?",
                "Remove every loaded file and assessment from this computer?",
            ))
            .unwrap_or(false);
        if !sure {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(db) = db() else { return };
            match data::clear(&db).await {
                Ok(()) => {
                    state.files.set(Vec::new());
                    state.assessments.set(Vec::new());
                    state.choices.set(municipal::Choices::new());
                    state
                        .said
                        .set(vec![t("Всё удалено.", "Everything removed.").to_owned()]);
                }
                Err(e) => state.problem.set(Some(e)),
            }
        });
    };
    view! {
        <section class="no-print" aria-labelledby="files-h">
            <h2 id="files-h">{t("Файлы школ", "School files")}</h2>
            <div class="drop" class:over=move || over.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop>
                <label>
                    {t("Выберите файлы школ (CSV или резервные копии) или перетащите их сюда",
                       "Choose school files (CSV or backups) or drop them here")}
                    " "
                    <input type="file" multiple accept=".csv,.json,text/csv,application/json"
                        disabled=move || state.progress.get().is_some()
                        on:change=on_pick/>
                </label>
            </div>
            {move || state.progress.get().map(|(done, total)| view! {
                <p role="status">
                    <progress max=total value=done aria-label=t("Чтение файлов", "Reading files")></progress>
                    " " {format!("{} {done} / {total}", t("Прочитано файлов:", "Files read:"))}
                </p>
            })}
            <div role="status">
                {move || state.said.get().into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
            </div>
            {move || {
                let files = state.files.get();
                (!files.is_empty()).then(|| {
                    let count = |v| files.iter().filter(|f| f.verdict == v).count();
                    let summary = format!(
                        "{} {}; {} {}; {} {}; {} {}",
                        t("Файлов:", "Files:"), files.len(),
                        t("приняты:", "accepted:"), count(Verdict::Accepted),
                        t("с замечаниями:", "with warnings:"), count(Verdict::Warnings),
                        t("не приняты:", "refused:"), count(Verdict::Refused),
                    );
                    // Many files: the accepted ones are listed on request; the ones that need
                    // attention always are.
                    let all = files.len() <= FILES_LISTED || every_file.get();
                    let hidden = if all { 0 } else { count(Verdict::Accepted) };
                    view! {
                        <p>{summary}</p>
                        <table class="files">
                            <caption class="sr-only">{t("Загруженные файлы", "Loaded files")}</caption>
                            <thead><tr>
                                <th scope="col">{t("Файл", "File")}</th>
                                <th scope="col">{t("Итог проверки", "Verdict")}</th>
                                <th scope="col">{t("Подробности", "Details")}</th>
                            </tr></thead>
                            <tbody>
                                {files.into_iter().filter(|f| all || f.verdict != Verdict::Accepted).map(|f| {
                                    let (class, word) = match f.verdict {
                                        Verdict::Accepted => ("verdict-accepted", t("принят", "accepted")),
                                        Verdict::Warnings => ("verdict-warnings", t("принят с замечаниями", "accepted with warnings")),
                                        Verdict::Refused => ("verdict-refused", t("не принят", "refused")),
                                    };
                                    let lines = lang().t(f.ru, f.en);
                                    view! {
                                        <tr>
                                            <td>{f.name}</td>
                                            <td class=class>{word}</td>
                                            <td><ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(hidden > 0).then(|| view! {
                            <p><button type="button" on:click=move |_| every_file.set(true)>
                                {format!("{} ({hidden})", t("Показать и принятые файлы", "Show the accepted files too"))}
                            </button></p>
                        })}
                        <p><button type="button" on:click=clear>{t("Очистить всё", "Clear everything")}</button></p>
                    }
                })
            }}
        </section>
    }
}

/// A section as a column head names it: its number, or its title when the id is no number.
fn short_name(section: &model::Section) -> String {
    model::shown_number(&section.id)
        .map_or_else(|| section.title.get(lang()).to_owned(), str::to_owned)
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "good",
        Tone::Medium => "medium",
        Tone::Bad => "bad",
    }
}

/// A shape beside the colour, so a level never rests on colour alone (see the legend).
fn tone_mark(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "▲",
        Tone::Medium => "●",
        Tone::Bad => "▼",
    }
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// The rows of the chosen group that pass the filters, in the chosen order.
fn shown(state: State, group: &Group, template: &Template) -> Vec<SchoolResult> {
    let search = lower(state.search.get().trim());
    let municipality = state.municipality.get();
    let level = state.level.get();
    let mut rows: Vec<SchoolResult> = group
        .schools
        .iter()
        .map(|s| s.result().clone())
        .filter(|r| {
            search.is_empty()
                || lower(&r.school).contains(&search)
                || r.inn.contains(&search)
                || lower(&r.login).contains(&search)
        })
        .filter(|r| municipality.is_empty() || r.municipality == municipality)
        .filter(|r| {
            level.is_none_or(|l| {
                r.total
                    .and_then(|p| template.level(None, p.tenths()))
                    .is_some_and(|got| template.levels.get(l) == Some(got))
            })
        })
        .collect();
    let (by, ascending) = state.sort.get();
    rows.sort_by(|a, b| {
        let order = match by {
            SortBy::Municipality => municipal::natural_cmp(&a.municipality, &b.municipality)
                .then_with(|| municipal::natural_cmp(&a.school, &b.school)),
            SortBy::School => municipal::natural_cmp(&a.school, &b.school),
            SortBy::Section(i) => a.sections.get(i).cmp(&b.sections.get(i)),
            SortBy::Total => a.total.cmp(&b.total),
        };
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows
}

#[component]
fn Consolidated(state: State) -> impl IntoView {
    move || {
        let groups = state.groups.get();
        let templates = state.templates.get();
        if groups.is_empty() {
            return view! {
                <p>{t("Пока нет принятых самооценок: загрузите файлы школ.", "No accepted assessments yet: load the schools' files.")}</p>
            }
            .into_any();
        }
        let index = state.group.get().min(groups.len() - 1);
        let group = groups[index].clone();
        let Some(template) = group.template(&templates).cloned() else {
            return view! { <p>{t("Шаблон не найден.", "Template not found.")}</p> }.into_any();
        };
        let choose_group = (groups.len() > 1).then(|| {
            let options = groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let title = g
                        .template(&templates)
                        .map_or(g.template_id.clone(), |t| t.title.get(lang()).to_owned());
                    view! {
                        <option value=i.to_string() selected=i == index>
                            {format!("{title}, {} {}, {} {}", t("версия", "version"), g.template_version, t("школ:", "schools:"), g.schools.len())}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <p class="no-print"><label>{t("Шаблон и версия: ", "Template and version: ")}
                    <select on:change=move |ev| state.group.set(event_target_value(&ev).parse().unwrap_or(0))>{options}</select>
                </label> " "
                {t("Разные версии шаблона сводятся отдельно.", "Different template versions are consolidated apart.")}</p>
            }
        });
        let (g1, t1, g2, t2) = (
            group.clone(),
            template.clone(),
            group.clone(),
            template.clone(),
        );
        // Another template by the same directions (the municipality's МСОКО and the schools'
        // contributions): shown side by side.
        let side = municipal::counterpart(&groups, &templates, index).and_then(|j| {
            let other = groups[j].clone();
            let other_template = other.template(&templates).cloned()?;
            Some(view! { <Beside first=(group.clone(), template.clone()) second=(other, other_template)/> })
        });
        view! {
            {choose_group}
            <Duplicates state=state group=group.clone()/>
            <Table state=state group=group.clone() template=template.clone()/>
            {side}
            <Later><Risk state=state group=g1.clone() template=t1.clone()/></Later>
            <Later><Charts state=state group=g2.clone() template=t2.clone()/></Later>
        }
        .into_any()
    }
}

/// Two templates' groups by the same directions, side by side: per direction each side's mean
/// percentage and how many assessments it is of (`municipal::beside`).
#[component]
fn Beside(first: (Group, Template), second: (Group, Template)) -> impl IntoView {
    let rows =
        |g: &Group| -> Vec<SchoolResult> { g.schools.iter().map(|s| s.result().clone()).collect() };
    let (a, b) = (rows(&first.0), rows(&second.0));
    let (a, b): (Vec<&SchoolResult>, Vec<&SchoolResult>) = (a.iter().collect(), b.iter().collect());
    let (ta, tb) = (
        first.1.title.get(lang()).to_owned(),
        second.1.title.get(lang()).to_owned(),
    );
    let side = municipal::beside((&first.1, &a), (&second.1, &b));
    let cell = |s: municipal::Stat| {
        view! {
            <td class="num">{pct(s.mean)}</td>
            <td class="num">{s.count}</td>
        }
    };
    let body = side
        .into_iter()
        .map(|d| view! {
            <tr>
                <th scope="row">{model::numbered(&d.section.id, d.section.title.get(lang()))}</th>
                {cell(d.first)}
                {cell(d.second)}
            </tr>
        })
        .collect_view();
    view! {
        <section aria-labelledby="beside-h">
            <h2 id="beside-h">{t("По направлениям рядом", "By direction, side by side")}</h2>
            <p>{format!("{ta} — {tb}. ")}{t(
                "Среднее по каждому направлению и число самооценок, из которых оно получено.",
                "Each direction's mean and the number of assessments it is of."
            )}</p>
            <div class="table-scroll">
            <table class="consolidated">
                <caption class="sr-only">{t("По направлениям рядом", "By direction, side by side")}</caption>
                <thead><tr>
                    <th scope="col">{t("Направление", "Direction")}</th>
                    <th scope="col">{format!("{ta}, %")}</th>
                    <th scope="col">{format!("{ta}: {}", t("число самооценок", "assessments"))}</th>
                    <th scope="col">{format!("{tb}, %")}</th>
                    <th scope="col">{format!("{tb}: {}", t("число самооценок", "assessments"))}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            </div>
        </section>
    }
}

/// Renders its children in a later task, so drawing a large set is several short tasks the
/// browser can interleave with input and frames, not one long one.
#[component]
fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    set_timeout(
        move || {
            let _ = ready.try_set(true);
        },
        std::time::Duration::ZERO,
    );
    move || ready.get().then(|| children())
}

#[component]
fn Duplicates(state: State, group: Group) -> impl IntoView {
    let dups: Vec<municipal::School> = group.duplicates().cloned().collect();
    (!dups.is_empty()).then(|| {
        view! {
            <section class="no-print" aria-labelledby="dups-h">
                <h2 id="dups-h">{t("Повторы: одна школа, один учебный год", "Duplicates: one school, one academic year")}</h2>
                <p>{t("По умолчанию в таблицу идёт более новая самооценка; можно выбрать другую.",
                      "The newer assessment goes into the table by default; you can choose another.")}</p>
                {dups.into_iter().map(|s| {
                    let first = s.result().clone();
                    let key = s.key.clone();
                    let name = format!("dup-{}", model::content_hash(key.as_bytes()));
                    view! {
                        <fieldset>
                            <legend>{format!("{} ({}), {}", first.school, first.code(), first.year)}</legend>
                            {s.copies.iter().enumerate().map(|(i, c)| {
                                let key = key.clone();
                                let id = c.assessment_id.clone();
                                let label = format!(
                                    "{}{} {}, {} {}, {} {}",
                                    if i == 0 { t("новее: ", "newer: ") } else { "" },
                                    t("файл", "file"), c.source,
                                    t("изменено", "changed"), web::time::local_date_time(&c.updated_at, lang()),
                                    t("итог", "total"), pct(c.total),
                                );
                                view! {
                                    <label class="choice">
                                        <input type="radio" name=name.clone() checked=i == s.chosen
                                            on:change=move |_| {
                                                state.choices.update(|c| { c.insert(key.clone(), id.clone()); });
                                                if let Err(e) = data::save_choices(&state.choices.get_untracked()) {
                                                    state.problem.set(Some(e));
                                                }
                                            }/>
                                        " " {label}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
            </section>
        }
    })
}

#[component]
fn Table(state: State, group: Group, template: Template) -> impl IntoView {
    let every_row = RwSignal::new(false);
    let municipalities: Vec<String> = {
        let mut m: Vec<String> = group
            .schools
            .iter()
            .map(|s| s.result().municipality.clone())
            .filter(|m| !m.is_empty())
            .collect();
        m.sort();
        m.dedup();
        m
    };
    let template = Arc::new(template);
    let group = Arc::new(group);
    let header_button = move |label: String, by: SortBy, numeric: bool| {
        let (current, ascending) = state.sort.get_untracked();
        let sort = if current == by {
            if ascending {
                "ascending"
            } else {
                "descending"
            }
        } else {
            "none"
        };
        view! {
            <th scope="col" class:num=numeric aria-sort=sort>
                <button type="button" on:click=move |_| state.sort.update(|s| {
                    *s = if s.0 == by { (by, !s.1) } else { (by, !numeric) };
                })>{label}</button>
            </th>
        }
    };
    let t1 = template.clone();
    let g1 = group.clone();
    let export = move |_| {
        let profile = match document()
            .get_element_by_id("export-profile")
            .map(|e| e.unchecked_into::<web_sys::HtmlSelectElement>().value())
            .as_deref()
        {
            Some("excel-1251") => exchange::Profile::ExcelCp1251,
            Some("rfc4180") => exchange::Profile::Rfc4180,
            _ => exchange::Profile::ExcelRu,
        };
        let rows = shown(state, &g1, &t1);
        let refs: Vec<&SchoolResult> = rows.iter().collect();
        let numbers = if profile.decimal_comma() {
            municipal::Numbers::Comma
        } else {
            municipal::Numbers::Point
        };
        let risk = state.risk.get_untracked();
        let (table, numeric) = municipal::table(&t1, &refs, Some(&risk), lang(), numbers, true);
        let result = exchange::table_csv(&table, &numeric, profile)
            .map_err(|e| wording::export_error(&e, lang()))
            .and_then(|bytes| {
                let day = web::time::today();
                web::download(
                    &format!(
                        "svodnaya_{}_{}_{}{}.csv",
                        t1.id,
                        t1.version,
                        day,
                        match profile {
                            exchange::Profile::ExcelRu => "",
                            exchange::Profile::ExcelCp1251 => "_excel-1251",
                            exchange::Profile::Rfc4180 => "_rfc4180",
                        }
                    ),
                    "text/csv",
                    &bytes,
                )
            });
        state.said.set(match result {
            Ok(()) => Vec::new(),
            Err(e) => vec![e],
        });
    };
    let legend = template
        .levels
        .iter()
        .map(|l| {
            view! {
                <span class=format!("level {}", tone_class(l.tone))>
                    {format!("{} {} — {} {} %", tone_mark(l.tone), l.label.get(lang()), t("от", "from"), l.min_tenths / 10)}
                </span> " "
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="table-h">
            <h2 id="table-h">{format!("{} — {} {}", t("Сводная таблица", "Consolidated table"), template.title.get(lang()), template.version)}</h2>
            <div class="filters no-print">
                <div><label for="f-search">{t("Поиск по названию или коду", "Search by name or code")}</label>
                    <input id="f-search" type="search" prop:value=move || state.search.get()
                        on:input=move |ev| state.search.set(event_target_value(&ev))/>
                </div>
                <div><label for="f-municipality">{t("Муниципалитет", "Municipality")}</label>
                    <select id="f-municipality" on:change=move |ev| state.municipality.set(event_target_value(&ev))>
                        <option value="" selected=move || state.municipality.get().is_empty()>{t("все", "all")}</option>
                        {municipalities.into_iter().map(|m| {
                            let value = m.clone();
                            let selected = move || state.municipality.get() == value;
                            view! { <option value=m.clone() selected=selected>{m.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div><label for="f-level">{t("Уровень (итог)", "Level (total)")}</label>
                    <select id="f-level" on:change=move |ev| state.level.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || state.level.get().is_none()>{t("все", "all")}</option>
                        {template.levels.iter().enumerate().map(|(i, l)| view! {
                            <option value=i.to_string() selected=move || state.level.get() == Some(i)>{l.label.get(lang()).to_owned()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div><label for="export-profile">{t("Формат файла", "File format")}</label>
                    <select id="export-profile">
                        <option value="excel">{t("Excel (UTF-8)", "Excel (UTF-8)")}</option>
                        <option value="excel-1251">{t("Excel (Windows-1251)", "Excel (Windows-1251)")}</option>
                        <option value="rfc4180">{t("RFC 4180 (базы данных)", "RFC 4180 (databases)")}</option>
                    </select>
                </div>
                <button type="button" on:click=export>{t("Скачать сводную таблицу (CSV)", "Download the consolidated table (CSV)")}</button>
                <button type="button" on:click=move |_| {
                    // Every row on paper, then the browser's print dialog after the next frame.
                    every_row.set(true);
                    request_animation_frame(|| { let _ = window().print(); });
                }>{t("Печать", "Print")}</button>
            </div>
            <p class="legend">{t("Уровни: ", "Levels: ")}{legend}</p>
            {template.notice.as_ref().map(|n| view! { <p class="note">{n.get(lang()).to_owned()}</p> })}
            {move || {
                let rows = shown(state, &group, &template);
                let refs: Vec<&SchoolResult> = rows.iter().collect();
                let (per_section, total) = municipal::stats(&refs, template.sections.len());
                let scored = municipal::scored_sections(&template);
                let risk = state.risk.get();
                let cell = |c: municipal::Cell| {
                    let (p, tone) = (c.percent, c.tone);
                    view! {
                        <td class=format!("num{}", tone.map_or(String::new(), |t| format!(" cell-{}", tone_class(t))))>
                            {p.map(num).unwrap_or_else(|| t("нет ответов", "no answers").into())}
                            {tone.map(|t| view! { " " <span aria-hidden="true">{tone_mark(t)}</span> })}
                        </td>
                    }
                };
                let count = rows.len();
                let cut = if every_row.get() { count } else { count.min(ROWS_SHOWN) };
                let more = count - cut;
                view! {
                    <p role="status">{format!("{} {count} {} {}", t("Показано школ:", "Schools shown:"), t("из", "of"), group.schools.len())}</p>
                    <div class="table-scroll">
                    <table class="consolidated">
                        <caption class="sr-only">{t("Сводная таблица: школы по направлениям", "Consolidated table: schools by section")}</caption>
                        <thead><tr>
                            {header_button(t("Муниципалитет", "Municipality").into(), SortBy::Municipality, false)}
                            {header_button(t("ОО", "School").into(), SortBy::School, false)}
                            <th scope="col">{t("Учебный год", "Academic year")}</th>
                            {scored.iter().map(|&i| header_button(format!("{} %", short_name(&template.sections[i])), SortBy::Section(i), true)).collect_view()}
                            {header_button(t("Итог, %", "Total, %").into(), SortBy::Total, true)}
                            <th scope="col">{t("Уровень", "Level")}</th>
                            <th scope="col">{t("Группа риска", "Risk group")}</th>
                        </tr></thead>
                        <tbody>
                            {rows[..cut].iter().map(|r| {
                                let level = r.total.and_then(|p| template.level(None, p.tenths()));
                                let at_risk = !risk.reasons(r).is_empty();
                                view! {
                                    <tr>
                                        <td>{r.municipality.clone()}</td>
                                        <th scope="row">{r.school.clone()} <br/><span class="code">{r.code()}</span></th>
                                        <td>{r.year.clone()}</td>
                                        {municipal::cells(&template, r).into_iter().map(cell).collect_view()}
                                        <td>{level.map(|l| view! {
                                            <span class=format!("level {}", tone_class(l.tone))>{format!("{} {}", tone_mark(l.tone), l.label.get(lang()))}</span>
                                        })}</td>
                                        <td>{if at_risk { t("да", "yes") } else { t("нет", "no") }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                        <tfoot>
                            <tr>
                                <td></td><th scope="row">{t("Среднее по муниципалитету", "Municipal mean")}</th><td></td>
                                {scored.iter().map(|&i| view! { <td class="num">{pct(per_section[i].mean)}</td> }).collect_view()}
                                <td class="num">{pct(total.mean)}</td><td></td><td></td>
                            </tr>
                            <tr>
                                <td></td><th scope="row">{t("Минимум — максимум", "Minimum — maximum")}</th><td></td>
                                {scored.iter().map(|&i| { let s = per_section[i]; view! { <td class="num">{format!("{}–{}", s.min.map(num).unwrap_or_default(), s.max.map(num).unwrap_or_default())}</td> } }).collect_view()}
                                <td class="num">{format!("{}–{}", total.min.map(num).unwrap_or_default(), total.max.map(num).unwrap_or_default())}</td><td></td><td></td>
                            </tr>
                        </tfoot>
                    </table>
                    </div>
                    {(more > 0).then(|| view! {
                        <p class="no-print">
                            {format!("{} {cut} {} {count}. ", t("В таблице первые", "The table shows the first"), t("из", "of"))}
                            <button type="button" on:click=move |_| every_row.set(true)>
                                {format!("{} ({count})", t("Показать все строки", "Show every row"))}
                            </button>
                        </p>
                    })}
                }
            }}
        </section>
    }
}

/// A bound typed in percent (`50`, `47,5`) as tenths; empty is «not used».
fn parse_bound(text: &str) -> Result<Option<u32>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match model::parse_number(text) {
        Some(n) if (0.0..=100.0).contains(&n) => Ok(Some((n * 10.0).round() as u32)),
        _ => Err(()),
    }
}

fn bound_text(b: Option<u32>) -> String {
    b.map_or_else(String::new, |b| {
        num(model::Percent::from_tenths(b))
            .trim_end_matches(",0")
            .trim_end_matches(".0")
            .to_owned()
    })
}

#[component]
fn Risk(state: State, group: Group, template: Template) -> impl IntoView {
    let bad = RwSignal::new(false);
    let every_risk = RwSignal::new(false);
    let set_bound = move |total: bool, text: String| match parse_bound(&text) {
        Ok(b) => {
            bad.set(false);
            state.risk.update(|r| {
                if total {
                    r.total_below = b;
                } else {
                    r.section_below = b;
                }
            });
            if let Err(e) = data::save_risk(&state.risk.get_untracked()) {
                state.problem.set(Some(e));
            }
        }
        Err(()) => bad.set(true),
    };
    let rule = state.risk.get_untracked();
    let items: Vec<&model::Item> = template.items().collect();
    let item_texts: Vec<(String, String)> = items
        .iter()
        .map(|i| (i.id.clone(), i.label.get(lang()).to_owned()))
        .collect();
    view! {
        <section aria-labelledby="risk-h">
            <h2 id="risk-h">{t("Группа риска", "Risk group")}</h2>
            <div class="risk-rule no-print">
                <label>{t("Итог ниже, %", "Total below, %")}
                    <input type="text" inputmode="decimal" value=bound_text(rule.total_below)
                        on:change=move |ev| set_bound(true, event_target_value(&ev))/>
                </label>
                <span>{t("или", "or")}</span>
                <label>{t("Любое направление ниже, %", "Any section below, %")}
                    <input type="text" inputmode="decimal" value=bound_text(rule.section_below)
                        on:change=move |ev| set_bound(false, event_target_value(&ev))/>
                </label>
                <span>{t("(пустое поле — условие не применяется)", "(an empty field: the condition is not used)")}</span>
            </div>
            {move || bad.get().then(|| view! {
                <p class="alert" role="alert">{t("Введите процент от 0 до 100, например 50 или 47,5.", "Type a percentage from 0 to 100, e.g. 50 or 47.5.")}</p>
            })}
            {move || {
                let risk = state.risk.get();
                let chosen: Vec<SchoolResult> = group.schools.iter().map(|s| s.result().clone()).collect();
                let in_group: Vec<(&SchoolResult, Vec<municipal::Reason>)> = chosen
                    .iter()
                    .map(|r| (r, risk.reasons(r)))
                    .filter(|(_, reasons)| !reasons.is_empty())
                    .collect();
                let rule_text = match (risk.total_below, risk.section_below) {
                    (None, None) => t("Условие не задано.", "No condition set.").to_owned(),
                    (a, b) => {
                        let mut parts = Vec::new();
                        if let Some(a) = a { parts.push(format!("{} {} %", t("итог ниже", "total below"), bound_text(Some(a)))); }
                        if let Some(b) = b { parts.push(format!("{} {} %", t("любое направление ниже", "any section below"), bound_text(Some(b)))); }
                        format!("{}: {}.", t("Условие", "Rule"), parts.join(t(" или ", " or ")))
                    }
                };
                let rows: Vec<&SchoolResult> = in_group.iter().map(|(r, _)| *r).collect();
                let common = municipal::common_deficits(&rows, 10);
                let section_name = |i: usize| template.sections.get(i).map_or(String::new(), |s| model::numbered(&s.id, s.title.get(lang())));
                view! {
                    <p>{rule_text} " " {format!("{} {} {} {}", t("В группе риска школ:", "Schools in the risk group:"), in_group.len(), t("из", "of"), chosen.len())}</p>
                    <ul class="risk">
                        {in_group.iter().take(if every_risk.get() { usize::MAX } else { ROWS_SHOWN }).map(|(r, reasons)| {
                            let why: Vec<String> = reasons.iter().map(|reason| match reason {
                                municipal::Reason::Total(p) => format!("{} {}", t("итог", "total"), pct(Some(*p))),
                                municipal::Reason::Section(i, p) => format!("{} {}", template.sections.get(*i).map_or(String::new(), short_name), pct(Some(*p))),
                            }).collect();
                            let weakest: Vec<String> = municipal::weakest(r, 3).into_iter()
                                .map(|i| format!("{} ({})", section_name(i), pct(r.sections.get(i).copied().flatten())))
                                .collect();
                            view! {
                                <li>
                                    <strong>{r.school.clone()}</strong> {format!(" ({}, {})", r.code(), r.municipality)} ": "
                                    {why.join(", ")} ". "
                                    {t("Самые слабые направления: ", "Weakest sections: ")}{weakest.join("; ")}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(in_group.len() > ROWS_SHOWN && !every_risk.get()).then(|| view! {
                        <p><button type="button" on:click=move |_| every_risk.set(true)>
                            {format!("{} ({})", t("Показать всю группу риска", "Show the whole risk group"), in_group.len())}
                        </button></p>
                    })}
                    {(!common.is_empty()).then(|| view! {
                        <h3>{t("Частые дефициты в группе риска", "Most common deficits in the risk group")}</h3>
                        <table>
                            <caption class="sr-only">{t("Частые дефициты", "Most common deficits")}</caption>
                            <thead><tr>
                                <th scope="col">{t("Критерий", "Criterion")}</th>
                                <th scope="col" class="num">{t("Школ с дефицитом", "Schools with the deficit")}</th>
                            </tr></thead>
                            <tbody>
                                {common.iter().map(|(i, n)| {
                                    let (id, label) = item_texts.get(*i).cloned().unwrap_or_default();
                                    view! { <tr><td>{format!("{id} {label}")}</td><td class="num">{format!("{n} {} {}", t("из", "of"), rows.len())}</td></tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                }
            }}
        </section>
    }
}

#[component]
fn Charts(state: State, group: Group, template: Template) -> impl IntoView {
    let group = Arc::new(group);
    let template = Arc::new(template);
    move || {
        let rows = shown(state, &group, &template);
        view! {
            <section aria-labelledby="charts-h">
                <h2 id="charts-h">{t("Диаграммы", "Charts")}</h2>
                <p class="no-print">{t("Наведите указатель или перейдите клавишей Tab к элементу диаграммы, чтобы увидеть значения.",
                    "Hover over or Tab to a part of a chart to see its values.")}</p>
                {charts::sections(&template, &rows)}
                {charts::heat_map(&template, &rows)}
                {charts::distribution(&rows)}
            </section>
        }
    }
}
