//! The decisions register (`/report.html?register`): every decision of every meeting recorded
//! on this device with the «Контроль исполнения решений» template (its table `decisions`), in
//! one list as protocols record decisions — the decision's number, the meeting, the agenda item,
//! to whom it is addressed, the decision, the executor and apart who controls it, the deadline as
//! written, the status and the execution note — with filters (overdue only, by executor, by
//! addressee, by status), the review view
//! «Решение | Исполнение» as protocols write it, a CSV of the rows shown (for Russian Excel) and
//! print. Reads only; each meeting links to its own assessment, where decisions are edited.

use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, ColumnKind, Item, Lang, Template};
use store::AssessmentStore;
use web::lang::t;

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
    /// As written (1.1, 2.3); else the row's place in its meeting.
    number: String,
    agenda_item: String,
    addressee: String,
    decision: String,
    /// The executor («Исполнитель»; «Ответственный (исполнитель)» before 2026.1).
    responsible: String,
    /// Who controls this decision; else whoever controls the meeting's decisions in all.
    controller: String,
    deadline_shown: String,
    status: String,
    status_shown: String,
    execution: String,
    overdue: bool,
}

fn entries_of(assessment: &Assessment, template: &Template, today: &str, lang: Lang) -> Vec<Entry> {
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
    let from = assessment.respondent_value("received_from").trim();
    if crate::sending::is_received(assessment) && !from.is_empty() {
        meeting.push_str(&format!("; {} {from}", t("направил:", "sent by")));
    }
    let overall = assessment.respondent_value("controller").trim();
    let column = |id: &str| item.columns.iter().find(|c| c.id == id);
    let shown = |row: &model::VecMap<String>, id: &str| {
        let v = row.get(id).map_or("", String::as_str);
        column(id).map_or_else(
            || v.to_owned(),
            |c| c.shown(v, lang, t("постоянно", "permanent")),
        )
    };
    let raw =
        |row: &model::VecMap<String>, id: &str| row.get(id).map_or("", |v| v.trim()).to_owned();
    answer
        .rows
        .iter()
        .enumerate()
        .map(|(n, row)| {
            let number = raw(row, "number");
            let controller = raw(row, "controller");
            Entry {
                assessment: assessment.id.clone(),
                meeting: meeting.clone(),
                date: date.clone(),
                organisation: assessment.respondent_value("organisation").to_owned(),
                number: if number.is_empty() {
                    (n + 1).to_string()
                } else {
                    number
                },
                agenda_item: raw(row, "agenda_item"),
                addressee: raw(row, "addressee"),
                decision: raw(row, "decision"),
                responsible: raw(row, "responsible"),
                controller: if controller.is_empty() {
                    overall.to_owned()
                } else {
                    controller
                },
                deadline_shown: shown(row, "deadline"),
                status: raw(row, "status"),
                status_shown: shown(row, "status"),
                execution: raw(row, "execution"),
                overdue: model::overdue(item, row, today),
            }
        })
        .collect()
}

/// The register's entries, the table item of the newest version, and the meetings' records.
type Loaded = (Vec<Entry>, Option<Item>, Vec<Assessment>);

async fn load(today: &str, lang: Lang) -> Result<Loaded, String> {
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
        // The statuses offered as a filter: the newest version's (the longest list).
        let statuses = |t: &Option<Item>| t.as_ref().map_or(0, |t| t.columns.len());
        let this = template.item(TABLE).cloned();
        if statuses(&this) > statuses(&table) {
            table = this;
        }
        entries.extend(entries_of(a, &template, today, lang));
    }
    db.close();
    // By meeting date, then as recorded.
    entries.sort_by(|a, b| a.date.cmp(&b.date));
    let records = list
        .into_iter()
        .filter(|a| a.template_id == TEMPLATE)
        .collect();
    Ok((entries, table, records))
}

/// The rows shown as a CSV for Russian Excel.
fn export(shown: &[Entry]) {
    let mut rows = vec![[
        t("Заседание", "Meeting"),
        t("Организация", "Organisation"),
        t("№ решения", "Decision no."),
        t("Вопрос повестки", "Agenda item"),
        t("Кому адресовано", "Addressed to"),
        t("Решение", "Decision"),
        t("Исполнитель", "Executor"),
        t("Контроль", "Controlled by"),
        t("Срок", "Deadline"),
        t("Статус", "Status"),
        t("Отметка об исполнении", "Execution note"),
        t("Просрочено", "Overdue"),
    ]
    .map(str::to_owned)
    .to_vec()];
    rows.extend(shown.iter().map(|e| {
        vec![
            e.meeting.clone(),
            e.organisation.clone(),
            e.number.clone(),
            e.agenda_item.clone(),
            e.addressee.clone(),
            e.decision.clone(),
            e.responsible.clone(),
            e.controller.clone(),
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
    let lang = web::lang::lang();
    // Ten columns: the register is printed across the page.
    web::add_style("@page { size: A4 landscape; }");
    let loaded = RwSignal::new(load(&today(), lang).await);
    let said = RwSignal::new(Vec::<String>::new());
    let reload = move || {
        wasm_bindgen_futures::spawn_local(async move {
            loaded.set(load(&today(), lang).await);
        });
    };
    leptos::mount::mount_to_body(move || {
        let content = move || match loaded.get() {
            Ok((entries, table, records)) => view! {
                {crate::sending::panel(records, reload, said)}
                {register(entries, table, lang)}
            }
            .into_any(),
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

/// The sorted distinct non-empty values of one field of the entries (a filter's options).
fn distinct(entries: &[Entry], of: impl Fn(&Entry) -> &str) -> Vec<String> {
    let mut out: Vec<String> = entries
        .iter()
        .map(|e| of(e).to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    out.sort_by_key(|v| v.to_lowercase());
    out.dedup();
    out
}

/// The statuses of the register's table, by value and label.
fn statuses_of(table: Option<&Item>, lang: Lang) -> Vec<(String, String)> {
    table
        .and_then(|t| {
            t.columns
                .iter()
                .find(|c| c.id == model::STATUS_COLUMN && c.kind == ColumnKind::Choice)
        })
        .map(|c| {
            c.choices
                .iter()
                .map(|x| (x.value.clone(), x.label.get(lang).to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// What the filters hold; an empty text is «все».
#[derive(Clone, Copy)]
struct Filters {
    only_overdue: RwSignal<bool>,
    executor: RwSignal<String>,
    addressee: RwSignal<String>,
    status: RwSignal<String>,
    review: RwSignal<bool>,
}

impl Filters {
    fn new() -> Filters {
        Filters {
            only_overdue: RwSignal::new(false),
            executor: RwSignal::new(String::new()),
            addressee: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            review: RwSignal::new(false),
        }
    }

    fn keeps(&self, e: &Entry) -> bool {
        let is = |want: RwSignal<String>, got: &str| want.with(|w| w.is_empty() || w == got);
        (!self.only_overdue.get() || e.overdue)
            && is(self.executor, &e.responsible)
            && is(self.addressee, &e.addressee)
            && is(self.status, &e.status)
    }
}

/// A select over `options` (value, label) with «все» first, writing `into`.
fn choose(
    label: &'static str,
    options: Vec<(String, String)>,
    into: RwSignal<String>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(v, l)| view! { <option value=v>{l}</option> })
        .collect_view();
    view! {
        <label>{label} " "
            <select on:change=move |ev| into.set(event_target_value(&ev))>
                <option value="">{t("все", "all")}</option>
                {options}
            </select>
        </label>
    }
}

fn register(entries: Vec<Entry>, table: Option<Item>, lang: Lang) -> impl IntoView {
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
    let f = Filters::new();
    let pairs = |values: Vec<String>| {
        values
            .into_iter()
            .map(|v| (v.clone(), v))
            .collect::<Vec<_>>()
    };
    let executors = pairs(distinct(&entries, |e| &e.responsible));
    let addressees = pairs(distinct(&entries, |e| &e.addressee));
    let statuses = statuses_of(table.as_ref(), lang);
    let shown = Memo::new({
        let entries = entries.clone();
        move |_| {
            entries
                .iter()
                .filter(|e| f.keeps(e))
                .cloned()
                .collect::<Vec<_>>()
        }
    });
    let total = entries.len();
    let late_total = entries.iter().filter(|e| e.overdue).count();
    let list = move || {
        let rows = shown.get();
        if rows.is_empty() {
            view! { <p>{t("Под условия отбора решений нет.", "No decision matches the filters.")}</p> }.into_any()
        } else if f.review.get() {
            review_table(&rows).into_any()
        } else {
            register_table(&rows).into_any()
        }
    };
    view! {
        <form class="filters no-print" on:submit=|ev| ev.prevent_default()>
            <label><input type="checkbox" prop:checked=move || f.only_overdue.get()
                on:change=move |ev| f.only_overdue.set(event_target_checked(&ev))/>
                {t("Только просроченные", "Overdue only")}</label>
            {choose(t("Исполнитель", "Executor"), executors, f.executor)}
            {(!addressees.is_empty()).then(|| choose(t("Кому адресовано", "Addressed to"), addressees, f.addressee))}
            {choose(t("Статус", "Status"), statuses, f.status)}
            <fieldset class="view-switch">
                <legend>{t("Вид", "View")}</legend>
                <label><input type="radio" name="view" prop:checked=move || !f.review.get()
                    on:change=move |_| f.review.set(false)/>{t("Реестр", "Register")}</label>
                <label><input type="radio" name="view" prop:checked=move || f.review.get()
                    on:change=move |_| f.review.set(true)/>{t("Решение | исполнение", "Decision | execution")}</label>
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

fn meeting_link(e: &Entry) -> impl IntoView {
    view! { <a href=format!("/a/{}", e.assessment)>{e.meeting.clone()}</a> }
}

fn late_mark(overdue: bool) -> &'static str {
    if overdue {
        t("просрочено", "overdue")
    } else {
        ""
    }
}

/// The register as protocols list decisions, one row each.
fn register_table(rows: &[Entry]) -> impl IntoView {
    let body = rows
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td class="num">{e.number.clone()}</td>
                    <td>{meeting_link(e)}</td>
                    <td>{e.agenda_item.clone()}</td>
                    <td>{e.addressee.clone()}</td>
                    <td>{e.decision.clone()}</td>
                    <td>{e.responsible.clone()}</td>
                    <td>{e.controller.clone()}</td>
                    <td class="col-date">{e.deadline_shown.clone()}</td>
                    <td class="col-short">{e.status_shown.clone()}</td>
                    <td class="col-short">{late_mark(e.overdue)}</td>
                </tr>
            }
        })
        .collect_view();
    let heads = [
        t("№ решения", "Decision no."),
        t("Заседание", "Meeting"),
        t("Вопрос повестки", "Agenda item"),
        t("Кому адресовано", "Addressed to"),
        t("Решение", "Decision"),
        t("Исполнитель", "Executor"),
        t("Контроль", "Controlled by"),
        t("Срок", "Deadline"),
        t("Статус", "Status"),
        t("Просрочено", "Overdue"),
    ]
    .into_iter()
    .map(|h| view! { <th scope="col">{h}</th> })
    .collect_view();
    view! {
        <table class="decisions">
            <caption>{t("Реестр решений", "Register of decisions")}</caption>
            <thead><tr>{heads}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// «Решение | исполнение», as the next meeting reviews execution.
fn review_table(rows: &[Entry]) -> impl IntoView {
    let body = rows
        .iter()
        .map(|e| {
            let late = e
                .overdue
                .then(|| view! { " " <span class="level bad">{late_mark(true)}</span> });
            view! {
                <tr>
                    <td>
                        <p>{format!("{}. {}", e.number, e.decision)}</p>
                        <p class="muted">
                            {meeting_link(e)} " · "
                            {t("Исполнитель: ", "Executor: ")}{e.responsible.clone()} " · "
                            {t("Срок: ", "Deadline: ")}{e.deadline_shown.clone()}
                        </p>
                    </td>
                    <td>
                        <p>{e.execution.clone()}</p>
                        <p class="muted">{e.status_shown.clone()}{late}</p>
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
}
