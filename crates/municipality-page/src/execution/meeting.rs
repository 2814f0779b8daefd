//! One meeting's part of the panel: the matrix decisions × organisations with its filters,
//! the closing of a decision (who and when), and «Информация о выполнении решений» on paper
//! and as CSV.

use leptos::prelude::*;
use model::{Day, STATUSES};
use municipal::execution::{
    cell_status, info_rows, status_words, Closure, ClosureProblem, Closures, Decision, Filter, How,
    Matrix, Reports,
};
use wasm_bindgen::JsCast;

use super::{keep, lang, set_print_mode, State};
use crate::text::t;

/// A select over `options` (value, label) with «все» first, writing `into`.
fn choose(
    id: String,
    label: &'static str,
    options: Vec<(String, String)>,
    into: impl Fn(Option<String>) + 'static,
) -> impl IntoView {
    view! {
        <div>
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| {
                let v = event_target_value(&ev);
                into((!v.is_empty()).then_some(v));
            }>
                <option value="">{t("все", "all")}</option>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// The first words of a decision, for a filter's option.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// A closure being asked for: which decision, how.
type Asking = Option<(String, How)>;

#[component]
pub fn MeetingView(state: State, reports: Reports) -> impl IntoView {
    let source = reports.meeting.source_id.clone();
    // Ids on the page: the meeting's by a digest of its id (which comes from a file).
    let tag = model::content_hash(source.as_bytes());
    let today = web::time::today();
    let full = Memo::new({
        let (source, today) = (source.clone(), today.clone());
        move |_| {
            state
                .closures
                .with(|c| Matrix::of(&reports, c.of(&source), &today))
        }
    });
    let filter = RwSignal::new(Filter::default());
    let shown = Memo::new(move |_| full.with(|m| m.filtered(&filter.get())));
    let asking = RwSignal::new(Asking::None);
    let m = full.get_untracked();
    let title = m.meeting.title(lang());
    let decisions: Vec<(String, String)> = m
        .decisions
        .iter()
        .map(|d| {
            (
                d.number.clone(),
                format!("{}. {}", d.number, short(&d.decision)),
            )
        })
        .collect();
    let organisations: Vec<(String, String)> = m
        .organisations
        .iter()
        .map(|o| (o.key.clone(), o.name.clone()))
        .collect();
    let mut addressees: Vec<(String, String)> = m
        .decisions
        .iter()
        .filter(|d| !d.addressee.is_empty())
        .map(|d| (d.addressee.clone(), d.addressee.clone()))
        .collect();
    addressees.sort();
    addressees.dedup();
    let statuses: Vec<(String, String)> = STATUSES
        .iter()
        .map(|s| (s.value.to_owned(), status_words(s.value, lang()).to_owned()))
        .collect();
    let set = move |f: fn(&mut Filter, Option<String>)| move |v| filter.update(|x| f(x, v));
    let print = {
        let source = source.clone();
        move |_| {
            state.printing.set(Some(source.clone()));
            set_print_mode(true);
            request_animation_frame(|| {
                let _ = window().print();
            });
        }
    };
    let csv = {
        let today = today.clone();
        move |_| {
            let matrix = shown.get_untracked();
            let rows = info_rows(&matrix, lang());
            let number: String = matrix
                .meeting
                .protocol_number
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let name = match number.as_str() {
                "" => format!("ispolnenie_resheniy_{today}.csv"),
                n => format!("ispolnenie_resheniy_protokol_{n}_{today}.csv"),
            };
            let result = exchange::table_csv(&rows, &[], exchange::Profile::ExcelRu)
                .map_err(|e| wording::export_error(&e, lang()))
                .and_then(|bytes| web::download(&name, "text/csv;charset=utf-8", &bytes));
            if let Err(e) = result {
                state.problem.set(Some(e));
            }
        }
    };
    let heading = format!("execution-{tag}");
    let (labelled_by, paper_title) = (heading.clone(), title.clone());
    let ids = (
        format!("x-decision-{tag}"),
        format!("x-org-{tag}"),
        format!("x-status-{tag}"),
        format!("x-addressee-{tag}"),
    );
    view! {
        <section class="meeting" aria-labelledby=labelled_by>
            <div class="no-print">
                <h3 id=heading>{title}</h3>
                <div class="filters">
                    {choose(ids.0, t("Решение", "Decision"), decisions, set(|f, v| f.decision = v))}
                    {(!addressees.is_empty()).then(|| choose(ids.3, t("Кому адресовано", "Addressed to"), addressees, set(|f, v| f.addressee = v)))}
                    {choose(ids.1, t("Организация", "Organisation"), organisations, set(|f, v| f.organisation = v))}
                    {choose(ids.2, t("Статус", "Status"), statuses, set(|f, v| f.status = v))}
                    <label><input type="checkbox" prop:checked=move || filter.get().only_overdue
                        on:change=move |ev| filter.update(|f| f.only_overdue = event_target_checked(&ev))/>
                        {t("Только просроченные", "Overdue only")}</label>
                </div>
                <p role="status">{move || shown.with(|s| {
                    let late: usize = s.decisions.iter().map(|d| d.overdue()).sum();
                    format!("{} {} {} {}; {} {}; {} {late}.",
                        t("Показано решений:", "Decisions shown:"), s.decisions.len(), t("из", "of"),
                        full.with(|f| f.decisions.len()),
                        t("организаций:", "organisations:"), s.organisations.len(),
                        t("просрочено:", "overdue:"))
                })}</p>
                <p class="actions">
                    <button type="button" on:click=print>{t("Печать: информация о выполнении решений", "Print: information on the execution of decisions")}</button>
                    " "
                    <button type="button" on:click=csv>{t("Скачать CSV (Excel)", "Download CSV (Excel)")}</button>
                </p>
                {move || {
                    // The closing form opens and shuts with `asking`.
                    let _ = asking.get();
                    grid(state, &source, &tag, &shown.get(), asking)
                }}
            </div>
            {move || paper(state, &paper_title, &today, &shown.get())}
        </section>
    }
}

/// The matrix on screen: a row per decision, a column per organisation.
fn grid(
    state: State,
    source: &str,
    tag: &str,
    m: &Matrix,
    asking: RwSignal<Asking>,
) -> impl IntoView {
    if m.decisions.is_empty() {
        return view! { <p>{t("Под условия отбора решений нет.", "No decision matches the filters.")}</p> }.into_any();
    }
    let heads = m
        .organisations
        .iter()
        .map(|o| view! {
            <th scope="col">{o.name.clone()}
                {(!o.inn.is_empty()).then(|| view! { <br/><span class="code">{format!("{} {}", t("ИНН", "INN"), o.inn)}</span> })}
            </th>
        })
        .collect_view();
    let rows = m
        .decisions
        .iter()
        .map(|d| {
            let cells = d
                .cells
                .iter()
                .map(|c| match c {
                    None => view! { <td class="none">"—"</td> }.into_any(),
                    Some(c) => {
                        let date = Day::parse_iso(&c.executed_on).map(|d| d.to_string());
                        let proof: Vec<String> = [Some(c.evidence.clone()).filter(|e| !e.is_empty()), date].into_iter().flatten().collect();
                        view! {
                            <td>
                                <p class:level=c.overdue class:bad=c.overdue>{cell_status(c, lang())}</p>
                                {(!c.execution.is_empty()).then(|| view! { <p>{c.execution.clone()}</p> })}
                                {(!proof.is_empty()).then(|| view! { <p class="muted">{proof.join(", ")}</p> })}
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        <p>{format!("{}. {}", d.number, d.decision)}</p>
                        {(!d.deadline.is_empty()).then(|| view! { <p class="muted">{format!("{} {}", t("Срок:", "Deadline:"), d.deadline)}</p> })}
                        {closing(state, source, tag, d, asking)}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="execution-matrix">
                <caption>{t("Решения и их исполнение по организациям", "Decisions and their execution by organisation")}</caption>
                <thead><tr><th scope="col">{t("Решение", "Decision")}</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A decision's closure, or the buttons to close it and, once asked, who and when.
fn closing(
    state: State,
    source: &str,
    tag: &str,
    d: &Decision,
    asking: RwSignal<Asking>,
) -> impl IntoView {
    let number = d.number.clone();
    let source = source.to_owned();
    let keep = move |closures: Closures| match keep::save_closures(&closures) {
        Ok(()) => state.closures.set(closures),
        Err(e) => state.problem.set(Some(format!(
            "{} {e}",
            t(
                "Отметка не сохранена: браузер не дал места.",
                "Not kept: the browser gave no room."
            )
        ))),
    };
    // Where focus goes once the row is drawn again.
    let (close_id, reopen_id) = (
        format!("close-{tag}-{number}"),
        format!("reopen-{tag}-{number}"),
    );
    if let Some(c) = &d.closure {
        let to = close_id.clone();
        let reopen = move |_| {
            let mut closures = state.closures.get_untracked();
            closures.reopen(&source, &number);
            keep(closures);
            focus_later(to.clone());
        };
        return view! {
            <p class="closure">{c.line(lang())}</p>
            <button type="button" id=reopen_id on:click=reopen>{t("Вернуть на контроль", "Back under control")}</button>
        }
        .into_any();
    }
    let asked = asking.get_untracked().filter(|(n, _)| *n == number);
    let Some((_, how)) = asked else {
        let ask = move |how: How| {
            let number = number.clone();
            move |_| {
                asking.set(Some((number.clone(), how)));
            }
        };
        return view! {
            <p class="actions">
                <button type="button" id=close_id on:click=ask(How::Done)>{t("Считать выполненным", "Consider done")}</button>
                " "
                <button type="button" on:click=ask(How::Withdrawn)>{t("Снять с контроля", "Withdraw from control")}</button>
            </p>
        }
        .into_any();
    };
    let (who_id, date_id) = (format!("who-{tag}"), format!("date-{tag}"));
    let who = RwSignal::new(String::new());
    let date = RwSignal::new(web::time::today());
    let error = RwSignal::new(None::<&'static str>);
    focus_later(who_id.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Closure::new(&number, how, &date.get_untracked(), &who.get_untracked()) {
            Ok(closure) => {
                let mut closures = state.closures.get_untracked();
                closures.close(&source, closure);
                asking.set(None);
                keep(closures);
                focus_later(reopen_id.clone());
            }
            Err(ClosureProblem::NoWho) => error.set(Some(t(
                "Укажите, кто принял решение (ФИО, должность).",
                "Say who decided (name, position).",
            ))),
            Err(ClosureProblem::BadDate) => error.set(Some(t("Укажите дату.", "Give the date."))),
        }
    };
    view! {
        <form class="closing" on:submit=save>
            <p><strong>{match how {
                How::Done => t("Считать выполненным", "Consider done"),
                How::Withdrawn => t("Снять с контроля", "Withdraw from control"),
            }}</strong></p>
            <label for=who_id.clone()>{t("Кто принял решение (ФИО, должность)", "Who decided (name, position)")}</label>
            <input id=who_id type="text" prop:value=move || who.get() on:input=move |ev| who.set(event_target_value(&ev))/>
            <label for=date_id.clone()>{t("Дата", "Date")}</label>
            <input id=date_id type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <p class="actions">
                <button type="submit">{t("Сохранить", "Save")}</button>
                " "
                <button type="button" on:click=move |_| {
                    asking.set(None);
                    focus_later(close_id.clone());
                }>{t("Отмена", "Cancel")}</button>
            </p>
        </form>
    }
    .into_any()
}

/// Moves focus to the element `id` after the next frame (once a redraw has made it).
fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(e) = document().get_element_by_id(&id) {
            let _ = e.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });
}

/// «Информация о выполнении решений» on paper: the rows of `info_rows`, hidden on screen.
fn paper(state: State, title: &str, today: &str, m: &Matrix) -> impl IntoView {
    let rows = info_rows(m, lang());
    let source = m.meeting.source_id.clone();
    let chosen = move || state.printing.get().as_deref() == Some(source.as_str());
    let on = Day::parse_iso(today).map_or_else(|| today.to_owned(), |d| d.to_string());
    let body = rows[1..]
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r[0].clone()}</td>
                    <td>{r[1].lines().map(|l| view! { <p>{l.to_owned()}</p> }).collect_view()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="execution-paper" class:print-this=chosen>
            <h2>{t("Информация о выполнении решений", "Information on the execution of decisions")}</h2>
            <p>{title.to_owned()}</p>
            <p>{format!("{} {on}", t("По состоянию на", "As of"))}</p>
            <table class="review">
                <thead><tr>
                    <th scope="col">{rows[0][0].clone()}</th>
                    <th scope="col">{rows[0][1].clone()}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
