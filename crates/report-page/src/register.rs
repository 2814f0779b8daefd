//! The decisions register (`/report.html?register`): every decision of every meeting recorded
//! on this device with the «Контроль исполнения решений» template (its table `decisions`), in
//! one list — the meeting, the decision, who is responsible, the deadline, the status and the
//! execution — with filters (overdue only, by responsible, by status), the review view
//! «Решение | Исполнение» as protocols write it, a CSV of the rows shown (for Russian Excel) and
//! print. Reads only; each meeting links to its own assessment, where decisions are edited.

use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, ColumnKind, Item, Template};
use store::AssessmentStore;
use web::lang::{english, t};

use crate::tables::today;

/// The template id of the decisions register and the id of its table.
const TEMPLATE: &str = "decisions";
const TABLE: &str = "decisions";

/// One decision as listed.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    assessment: String,
    /// The meeting: body, date, minutes number.
    meeting: String,
    /// `YYYY-MM-DD` of the meeting (for the order).
    date: String,
    organisation: String,
    decision: String,
    responsible: String,
    /// As stored: `YYYY-MM-DD` or `permanent`.
    deadline: String,
    deadline_shown: String,
    status: String,
    status_shown: String,
    execution: String,
    overdue: bool,
}

fn entries_of(assessment: &Assessment, template: &Template, today: &str, en: bool) -> Vec<Entry> {
    let Some(item) = template
        .item(TABLE)
        .filter(|i| i.kind == model::ItemKind::Table)
    else {
        return Vec::new();
    };
    let Some(answer) = assessment.answer(TABLE) else {
        return Vec::new();
    };
    let date = assessment
        .answer("meeting_date")
        .map(|a| a.value.clone())
        .unwrap_or_default();
    let body = assessment.respondent_value("body");
    let number = assessment.respondent_value("protocol_number");
    let mut meeting = body.to_owned();
    if model::is_date(&date) {
        meeting.push_str(&format!(", {}", crate::date(&date)));
    }
    if !number.is_empty() {
        meeting.push_str(&format!(", {} № {number}", t("протокол", "minutes")));
    }
    let column = |id: &str| item.columns.iter().find(|c| c.id == id);
    let shown = |row: &model::VecMap<String>, id: &str| {
        let v = row.get(id).map_or("", String::as_str);
        column(id).map_or_else(
            || v.to_owned(),
            |c| c.shown(v, en, t("постоянно", "permanent")),
        )
    };
    let raw = |row: &model::VecMap<String>, id: &str| row.get(id).cloned().unwrap_or_default();
    answer
        .rows
        .iter()
        .map(|row| Entry {
            assessment: assessment.id.clone(),
            meeting: meeting.clone(),
            date: date.clone(),
            organisation: assessment.respondent_value("organisation").to_owned(),
            decision: raw(row, "decision"),
            responsible: raw(row, "responsible").trim().to_owned(),
            deadline_shown: shown(row, "deadline"),
            status: raw(row, "status"),
            status_shown: shown(row, "status"),
            execution: raw(row, "execution"),
            overdue: model::overdue(item, row, today),
            deadline: raw(row, "deadline"),
        })
        .collect()
}

async fn load(today: &str, en: bool) -> Result<(Vec<Entry>, Option<Item>), String> {
    let db = store::IdbStore::open(contract::DB_NAME)
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    let list = db.list().await.map_err(|e| web::lang::store_error(&e))?;
    let mut templates: Vec<(String, Arc<Template>)> = Vec::new();
    let mut entries = Vec::new();
    let mut table = None;
    for a in list.iter().filter(|a| a.template_id == TEMPLATE) {
        let template = match templates.iter().find(|(h, _)| *h == a.template_hash) {
            Some((_, t)) => t.clone(),
            None => {
                let Ok(Some(text)) = db.get_template(&a.template_hash).await else {
                    continue;
                };
                let Ok(parsed) = Template::from_json(&text) else {
                    continue;
                };
                let parsed = Arc::new(parsed);
                templates.push((a.template_hash.clone(), parsed.clone()));
                parsed
            }
        };
        if table.is_none() {
            table = template.item(TABLE).cloned();
        }
        entries.extend(entries_of(a, &template, today, en));
    }
    db.close();
    // By meeting date, then as recorded.
    entries.sort_by(|a, b| a.date.cmp(&b.date));
    Ok((entries, table))
}

/// The rows shown as a CSV for Russian Excel.
fn export(shown: &[Entry]) {
    let mut rows = vec![[
        t("Заседание", "Meeting"),
        t("Организация", "Organisation"),
        t("Решение", "Decision"),
        t("Ответственный", "Responsible"),
        t("Срок", "Deadline"),
        t("Статус", "Status"),
        t("Исполнение", "Execution"),
        t("Просрочено", "Overdue"),
    ]
    .map(str::to_owned)
    .to_vec()];
    rows.extend(shown.iter().map(|e| {
        vec![
            e.meeting.clone(),
            e.organisation.clone(),
            e.decision.clone(),
            e.responsible.clone(),
            e.deadline_shown.clone(),
            e.status_shown.clone(),
            e.execution.clone(),
            if e.overdue {
                t("да", "yes").to_owned()
            } else {
                String::new()
            },
        ]
    }));
    let name = format!("reestr_resheniy_{}.csv", today());
    if let Ok(bytes) = exchange::table_csv(&rows, &[], exchange::Profile::ExcelRu) {
        let _ = web::download(&name, "text/csv;charset=utf-8", &bytes);
    }
}

/// Reads the register and shows it.
pub async fn show() {
    let en = english();
    let loaded = load(&today(), en).await;
    leptos::mount::mount_to_body(move || {
        let content = match loaded.clone() {
            Ok((entries, table)) => register(entries, table, en).into_any(),
            Err(e) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
        };
        view! {
            <main id="main" class="report register">
                <p class="no-print actions">
                    <a href="/" class="button">{t("← На главную", "← Home")}</a> " "
                    <button type="button" class="primary" on:click=|_| { let _ = window().print(); }>{t("Печать", "Print")}</button>
                </p>
                <h1>{t("Реестр решений и контроль исполнения", "Register of decisions and their execution")}</h1>
                {content}
            </main>
        }
    });
}

fn register(entries: Vec<Entry>, table: Option<Item>, en: bool) -> impl IntoView {
    if entries.is_empty() {
        return view! {
            <p>{t(
                "На этом устройстве ещё нет решений: начните «Контроль исполнения решений» на главной и внесите решения заседания.",
                "No decisions on this device yet: start «Follow-up of decisions» on the home page and record a meeting's decisions."
            )}</p>
        }
        .into_any();
    }
    let entries = Arc::new(entries);
    let only_overdue = RwSignal::new(false);
    let who = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let review = RwSignal::new(false);
    let mut people: Vec<String> = entries
        .iter()
        .map(|e| e.responsible.clone())
        .filter(|r| !r.is_empty())
        .collect();
    people.sort_by_key(|p| p.to_lowercase());
    people.dedup();
    let statuses: Vec<(String, String)> = table
        .as_ref()
        .and_then(|t| {
            t.columns
                .iter()
                .find(|c| c.id == "status" && c.kind == ColumnKind::Choice)
        })
        .map(|c| {
            c.choices
                .iter()
                .map(|x| (x.value.clone(), x.label.get(en).to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let shown = Memo::new({
        let entries = entries.clone();
        move |_| {
            let (late, who, status) = (only_overdue.get(), who.get(), status.get());
            entries
                .iter()
                .filter(|e| !late || e.overdue)
                .filter(|e| who.is_empty() || e.responsible == who)
                .filter(|e| status.is_empty() || e.status == status)
                .cloned()
                .collect::<Vec<_>>()
        }
    });
    let total = entries.len();
    let late_total = entries.iter().filter(|e| e.overdue).count();
    let people_options = people
        .into_iter()
        .map(|p| view! { <option value=p.clone()>{p.clone()}</option> })
        .collect_view();
    let status_options = statuses
        .into_iter()
        .map(|(v, l)| view! { <option value=v>{l}</option> })
        .collect_view();
    let meeting_cell = |e: &Entry| {
        view! { <a href=format!("/a/{}", e.assessment)>{e.meeting.clone()}</a> }
    };
    let list = move || {
        let rows = shown.get();
        if rows.is_empty() {
            return view! { <p>{t("Под условия отбора решений нет.", "No decision matches the filters.")}</p> }.into_any();
        }
        if review.get() {
            let body = rows
                .iter()
                .map(|e| {
                    view! {
                        <tr>
                            <td>
                                <p>{e.decision.clone()}</p>
                                <p class="muted">
                                    {meeting_cell(e)} " · "
                                    {t("Ответственный: ", "Responsible: ")}{e.responsible.clone()} " · "
                                    {t("Срок: ", "Deadline: ")}{e.deadline_shown.clone()}
                                </p>
                            </td>
                            <td>
                                <p>{e.execution.clone()}</p>
                                <p class="muted">
                                    {e.status_shown.clone()}
                                    {e.overdue.then(|| view! { " " <span class="level bad">{t("просрочено", "overdue")}</span> })}
                                </p>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="review">
                    <caption>{t("Решение | исполнение", "Decision | execution")}</caption>
                    <thead><tr>
                        <th scope="col">{t("Решение", "Decision")}</th>
                        <th scope="col">{t("Исполнение", "Execution")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        } else {
            let body = rows
                .iter()
                .enumerate()
                .map(|(n, e)| {
                    view! {
                        <tr>
                            <td class="num">{(n + 1).to_string()}</td>
                            <td>{meeting_cell(e)}</td>
                            <td>{e.decision.clone()}</td>
                            <td>{e.responsible.clone()}</td>
                            <td>{e.deadline_shown.clone()}</td>
                            <td>{e.status_shown.clone()}</td>
                            <td>{if e.overdue { t("просрочено", "overdue") } else { "" }}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="decisions">
                    <caption>{t("Реестр решений", "Register of decisions")}</caption>
                    <thead><tr>
                        <th scope="col">"№"</th>
                        <th scope="col">{t("Заседание", "Meeting")}</th>
                        <th scope="col">{t("Решение", "Decision")}</th>
                        <th scope="col">{t("Ответственный", "Responsible")}</th>
                        <th scope="col">{t("Срок", "Deadline")}</th>
                        <th scope="col">{t("Статус", "Status")}</th>
                        <th scope="col">{t("Просрочено", "Overdue")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        }
    };
    view! {
        <form class="filters no-print" on:submit=|ev| ev.prevent_default()>
            <label><input type="checkbox" prop:checked=move || only_overdue.get()
                on:change=move |ev| only_overdue.set(event_target_checked(&ev))/>
                {t("Только просроченные", "Overdue only")}</label>
            <label>{t("Ответственный", "Responsible")} " "
                <select on:change=move |ev| who.set(event_target_value(&ev))>
                    <option value="">{t("все", "all")}</option>
                    {people_options}
                </select>
            </label>
            <label>{t("Статус", "Status")} " "
                <select on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{t("все", "all")}</option>
                    {status_options}
                </select>
            </label>
            <fieldset class="view-switch">
                <legend>{t("Вид", "View")}</legend>
                <label><input type="radio" name="view" prop:checked=move || !review.get()
                    on:change=move |_| review.set(false)/>{t("Реестр", "Register")}</label>
                <label><input type="radio" name="view" prop:checked=move || review.get()
                    on:change=move |_| review.set(true)/>{t("Решение | исполнение", "Decision | execution")}</label>
            </fieldset>
            <button type="button" on:click=move |_| export(&shown.get_untracked())>
                {t("Скачать CSV (Excel)", "Download CSV (Excel)")}
            </button>
        </form>
        <p role="status">{move || format!(
            "{} {} {} {}; {} {late_total}.",
            t("Показано решений:", "Decisions shown:"),
            shown.with(Vec::len),
            t("из", "of"),
            total,
            t("просрочено всего", "overdue in all")
        )}</p>
        {list}
    }
    .into_any()
}
