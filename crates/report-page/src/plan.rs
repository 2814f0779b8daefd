//! The action plan editor: a template's plan tables (МСОКО's road map `plan`, ШНОР's antirisk
//! programme of each chosen risk, see `model::plan_tables`) edited on the report page.
//!
//! «Сформировать план» adds a row per deficit not yet in the table (`model::draft_rows`); each
//! row's cells are edited in place, rows are added, removed and moved up or down. Every change
//! is saved at once as the table's answer through `Edits` by the app's journalled autosave
//! (`web::autosave`: journalled synchronously until committed, one write at a time, the other
//! answers — written by another tab — kept); other tabs are told on the app's channel. On
//! paper the editor gives way to a plain table (`tables::table_view`).

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use leptos::prelude::*;
use model::{Answer, Assessment, ColumnKind, Edits, Item, Lang, Template, VecMap, PERMANENT};
use web::lang::t;

use crate::tables::table_view;

type Row = VecMap<String>;
/// The rows shown, each with a key that stays with it when rows move.
type Rows = RwSignal<Vec<(u32, RwSignal<Row>)>>;

thread_local! {
    static DB: RefCell<Option<std::rc::Rc<store::IdbStore>>> = const { RefCell::new(None) };
    static KEY: Cell<u32> = const { Cell::new(0) };
}

fn next_key() -> u32 {
    KEY.with(|k| {
        k.set(k.get() + 1);
        k.get()
    })
}

/// The school's database, opened once for the page; edits journalled by a page that was
/// killed (this one or the app) are applied first, so what is shown includes them.
pub async fn database() -> Result<std::rc::Rc<store::IdbStore>, store::StoreError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = std::rc::Rc::new(store::IdbStore::open(contract::DB_NAME).await?);
    web::autosave::replay(db.as_ref()).await;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The writes of one table, through the shared autosave.
#[derive(Clone)]
struct Saver {
    assessment: Arc<str>,
    item: Arc<str>,
    rows: Rows,
    said: RwSignal<String>,
}

impl Saver {
    fn rows_now(&self) -> Vec<Row> {
        self.rows
            .get_untracked()
            .iter()
            .map(|(_, r)| r.get_untracked())
            .collect()
    }

    /// Queues the table as it is now: journalled before this returns, written as soon as
    /// the previous write of this assessment is committed.
    fn save(&self) {
        let said = self.said;
        let Some(db) = DB.with(|d| d.borrow().clone()) else {
            said.set(
                t(
                    "Не удалось сохранить план: хранилище браузера недоступно.",
                    "The plan could not be saved: browser storage is unavailable.",
                )
                .to_owned(),
            );
            return;
        };
        let rows = self.rows_now();
        let answer = (!rows.is_empty()).then(|| Answer {
            rows,
            ..Answer::default()
        });
        let mut edits = Edits {
            updated_at: String::from(js_sys::Date::new_0().to_iso_string()),
            ..Edits::default()
        };
        edits.answers.insert(self.item.to_string(), answer);
        let hooks = web::autosave::Hooks {
            written: std::rc::Rc::new(move |id: &str, _: &Assessment| {
                let d = js_sys::Date::new_0();
                said.try_set(format!(
                    "{} {:02}:{:02}:{:02}",
                    t("Сохранено в", "Saved at"),
                    d.get_hours(),
                    d.get_minutes(),
                    d.get_seconds()
                ));
                if let Ok(channel) = web_sys::BroadcastChannel::new(contract::CHANNEL) {
                    let _ = channel.post_message(&id.into());
                    channel.close();
                }
            }),
            done: std::rc::Rc::new(move |outcome: web::autosave::Outcome| match outcome {
                web::autosave::Outcome::Saved => {}
                web::autosave::Outcome::Gone => {
                    said.try_set(
                        t(
                            "Не сохранено: этой самооценки на устройстве больше нет.",
                            "Not saved: this assessment is no longer on the device.",
                        )
                        .to_owned(),
                    );
                }
                web::autosave::Outcome::Failed(e) => {
                    said.try_set(format!(
                        "{}: {}. {}",
                        t("Не удалось сохранить план", "The plan could not be saved"),
                        web::lang::store_error(&e),
                        t(
                            "Изменения остаются на этой странице; не закрывайте её и попробуйте ещё раз.",
                            "The changes stay on this page; keep it open and try again."
                        )
                    ));
                }
            }),
        };
        web::autosave::queue(db, &self.assessment, edits, hooks);
    }
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

/// One cell's control, labelled with its column (and the row's number for screen readers).
fn cell(
    column: &model::Column,
    row: RwSignal<Row>,
    n: Memo<usize>,
    dom: &str,
    saver: &Saver,
    lang: Lang,
) -> AnyView {
    let id = column.id.clone();
    let value = row.with_untracked(|r| r.get(&id).cloned().unwrap_or_default());
    let label = column.label.get(lang).to_owned();
    let control = format!("{dom}-{id}");
    let set = {
        let (id, saver) = (id.clone(), saver.clone());
        move |value: String| {
            row.update(|r| {
                if value.is_empty() {
                    r.remove(&id);
                } else {
                    r.insert(id.clone(), value);
                }
            });
            saver.save();
        }
    };
    let label_view = {
        let label = label.clone();
        view! {
            <label for=control.clone()>
                {label}<span class="sr-only">{move || format!(", {} {}", t("строка", "row"), n.get())}</span>
            </label>
        }
    };
    match column.kind {
        ColumnKind::LongText => view! {
            <div class="cell">
                {label_view}
                <textarea id=control rows="2" on:input=move |ev| set(event_target_value(&ev))>{value}</textarea>
            </div>
        }
        .into_any(),
        ColumnKind::Choice => {
            let options = column
                .choices
                .iter()
                .map(|c| {
                    let selected = c.value == value;
                    view! { <option value=c.value.clone() selected=selected>{c.label.get(lang).to_owned()}</option> }
                })
                .collect_view();
            view! {
                <div class="cell">
                    {label_view}
                    <select id=control on:change=move |ev| set(event_target_value(&ev))>
                        <option value="" selected=value.is_empty()>"—"</option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
        ColumnKind::Deadline | ColumnKind::Date => {
            let deadline = column.kind == ColumnKind::Deadline;
            let permanent = RwSignal::new(value == PERMANENT);
            let date = RwSignal::new(if value == PERMANENT { String::new() } else { value });
            let set_date = set.clone();
            let check = format!("{control}-permanent");
            let check_for = check.clone();
            view! {
                <div class="cell">
                    {label_view}
                    <input type="date" id=control prop:value=move || date.get()
                        disabled=move || permanent.get()
                        on:change=move |ev| { let v = event_target_value(&ev); date.set(v.clone()); set_date(v) }/>
                    {deadline.then(|| view! {
                        <label class="permanent" for=check_for.clone()>
                            <input type="checkbox" id=check.clone() prop:checked=move || permanent.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    permanent.set(on);
                                    set(if on { PERMANENT.to_owned() } else { date.get_untracked() });
                                }/>
                            {t("постоянно", "permanent")}
                            <span class="sr-only">{move || format!(", {} {}", t("строка", "row"), n.get())}</span>
                        </label>
                    })}
                </div>
            }
            .into_any()
        }
        ColumnKind::Text | ColumnKind::Number => view! {
            <div class="cell">
                {label_view}
                <input type="text" id=control value=value on:input=move |ev| set(event_target_value(&ev))/>
            </div>
        }
        .into_any(),
    }
}

/// The editor of one plan table, and the same rows as a plain table for print.
pub fn editor(
    assessment: Arc<Assessment>,
    template: Arc<Template>,
    item: &Item,
    today: Arc<str>,
    lang: Lang,
) -> impl IntoView {
    let item = Arc::new(item.clone());
    let start = assessment
        .answer(&item.id)
        .map(|a| a.rows.clone())
        .unwrap_or_default();
    let rows: Rows = RwSignal::new(
        start
            .into_iter()
            .map(|r| (next_key(), RwSignal::new(r)))
            .collect(),
    );
    let saver = Saver {
        assessment: assessment.id.as_str().into(),
        item: item.id.as_str().into(),
        rows,
        said: RwSignal::new(String::new()),
    };
    let note = RwSignal::new(String::new());
    let base = format!(
        "plan-{}",
        item.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );

    let draft = {
        let (saver, item, base) = (saver.clone(), item.clone(), base.clone());
        move |_| {
            let results = model::evaluate(&template, &assessment);
            let tables = model::plan_tables(&template, &assessment);
            let Some(table) = tables.iter().find(|t| t.item.id == item.id) else {
                return;
            };
            let added = model::draft_rows(table, &results, &saver.rows_now(), lang);
            if added.is_empty() {
                note.set(
                    t(
                        "Все дефициты уже есть в плане.",
                        "Every deficit is in the plan already.",
                    )
                    .to_owned(),
                );
                return;
            }
            let n = added.len();
            let first = next_key() + 1;
            rows.update(|list| {
                list.extend(added.into_iter().map(|r| (next_key(), RwSignal::new(r))));
            });
            note.set(format!("{} {n}", t("Добавлено строк:", "Rows added:")));
            saver.save();
            focus_later(format!("{base}-{first}-{}", first_column(&item)));
        }
    };
    let add = {
        let (saver, item, base) = (saver.clone(), item.clone(), base.clone());
        move |_| {
            let row = model::new_row(&item);
            let key = next_key();
            rows.update(|list| list.push((key, RwSignal::new(row))));
            saver.save();
            focus_later(format!("{base}-{key}-{}", first_column(&item)));
        }
    };

    let each_row = {
        let (saver, item, base, today) = (saver.clone(), item.clone(), base.clone(), today.clone());
        move |(key, row): (u32, RwSignal<Row>)| {
            let n = Memo::new(move |_| {
                rows.with(|l| l.iter().position(|(k, _)| *k == key).map_or(0, |p| p + 1))
            });
            let dom = format!("{base}-{key}");
            let cells = item
                .columns
                .iter()
                .map(|c| cell(c, row, n, &dom, &saver, lang))
                .collect_view();
            let late = {
                let (item, today) = (item.clone(), today.clone());
                move || row.with(|r| model::overdue(&item, r, &today))
            };
            let shift = {
                let saver = saver.clone();
                let dom = dom.clone();
                move |by: isize, what: &'static str| {
                    rows.update(|l| {
                        if let Some(p) = l.iter().position(|(k, _)| *k == key) {
                            let to = p as isize + by;
                            if to >= 0 && (to as usize) < l.len() {
                                l.swap(p, to as usize);
                            }
                        }
                    });
                    saver.save();
                    // The row's same button keeps the focus; at the top or the bottom, where
                    // it is disabled, the other one.
                    let other = if what == "up" { "down" } else { "up" };
                    focus_later_or(format!("{dom}-{what}"), format!("{dom}-{other}"));
                }
            };
            let (up, down) = (shift.clone(), shift);
            let remove = {
                let saver = saver.clone();
                move |_| {
                    rows.update(|l| l.retain(|(k, _)| *k != key));
                    note.set(t("Строка удалена.", "Row removed.").to_owned());
                    saver.save();
                }
            };
            view! {
                <li>
                    <fieldset class="plan-row">
                        <legend>
                            {move || format!("{} {}", t("Строка", "Row"), n.get())}
                            <Show when=late.clone()>
                                " " <span class="level bad">{t("просрочено", "overdue")}</span>
                            </Show>
                        </legend>
                        {cells}
                        <p class="row-actions">
                            <button type="button" id=format!("{dom}-up") on:click=move |_| up(-1, "up")
                                disabled=move || { n.get() <= 1 }
                                aria-label=move || format!("{} {}", t("Поднять строку", "Move up row"), n.get())>"↑"</button>
                            " "
                            <button type="button" id=format!("{dom}-down") on:click=move |_| down(1, "down")
                                disabled=move || { n.get() >= rows.with(Vec::len) }
                                aria-label=move || format!("{} {}", t("Опустить строку", "Move down row"), n.get())>"↓"</button>
                            " "
                            <button type="button" on:click=remove
                                aria-label=move || format!("{} {}", t("Удалить строку", "Remove row"), n.get())>
                                {t("Удалить", "Remove")}</button>
                        </p>
                    </fieldset>
                </li>
            }
        }
    };
    let printed = {
        let item = item.clone();
        move || {
            let now: Vec<Row> = rows.with(|l| l.iter().map(|(_, r)| r.get()).collect());
            (!now.is_empty()).then(|| table_view(&item, &now, &today, lang))
        }
    };
    let title = item.name(lang);
    let heading = format!("{base}-title");
    let labelled_by = heading.clone();
    view! {
        <section class="plan" aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            <div class="no-print">
                <p class="actions">
                    <button type="button" class="primary" on:click=draft>{t("Сформировать план по дефицитам", "Draft the plan from the deficits")}</button>
                    " "
                    <button type="button" on:click=add>{t("Добавить строку", "Add a row")}</button>
                </p>
                <p role="status" class="muted">{move || note.get()} " " {move || saver.said.get()}</p>
                <ol class="plan-rows">
                    <For each=move || rows.get() key=|(k, _)| *k children=each_row/>
                </ol>
            </div>
            <div class="print-only">{printed}</div>
        </section>
    }
}

fn first_column(item: &Item) -> String {
    item.columns
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default()
}

/// Focus an element once the view has drawn it.
fn focus_later(id: String) {
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        focus(&id);
    });
}

/// Focus `id` once drawn, or `other` when `id` is disabled.
fn focus_later_or(id: String, other: String) {
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        let disabled = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .is_some_and(|e| e.has_attribute("disabled"));
        focus(if disabled { &other } else { &id });
    });
}
