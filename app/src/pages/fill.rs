//! Filling in: the respondent block, then the template section by section. Every change is
//! written to IndexedDB as it happens (see `storage::save`); there is no save button.

use std::sync::Arc;

use leptos::prelude::*;
use model::{
    check_item, is_answered, Assessment, ColumnKind, Field, FieldKind, Item, ItemKind, ItemProblem,
    Template, Visibility, PERMANENT,
};

use crate::browser::now_iso;
use crate::i18n::{field_problem, fill, lang, store_error, tr};
use crate::pages::assessment_page;
use crate::storage::{self, SaveState};

pub fn fill_page(id: String) -> impl IntoView {
    assessment_page(id, |assessment, template| {
        view! { <Filler assessment template/> }.into_any()
    })
}

/// Applies a user's change, stamps the change time, and queues the write.
fn edit(
    state: RwSignal<Assessment>,
    saving: RwSignal<SaveState>,
    change: impl FnOnce(&mut Assessment),
) {
    state.update(|a| {
        change(a);
        a.updated_at = now_iso();
    });
    storage::save(state, saving);
}

#[component]
fn Filler(assessment: Assessment, template: Arc<Template>) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let results_href = format!("/a/{}/results", assessment.id);
    let state = RwSignal::new(assessment);
    let saving = RwSignal::new(SaveState::Saved);
    storage::follow(state);

    let t = template.clone();
    // What is shown and what is answered, recomputed on every change (one pass over the
    // items; conditions read other answers): per section, (shown items, answered of them),
    // whether the section is shown, and per item whether it is shown.
    let shown = Memo::new(move |_| {
        state.with(|a| {
            let vis = Visibility::new(&t, a);
            let sections: Vec<(bool, usize, usize)> = t
                .sections
                .iter()
                .map(|s| {
                    let visible: Vec<&Item> = s.items.iter().filter(|i| vis.item(&i.id)).collect();
                    let done = visible
                        .iter()
                        .filter(|i| is_answered(i, a.answer(&i.id)))
                        .count();
                    (vis.section(s), visible.len(), done)
                })
                .collect();
            let items: Vec<bool> = t.items().map(|i| vis.item(&i.id)).collect();
            (sections, items)
        })
    });
    let answered =
        Memo::new(move |_| shown.with(|(s, _)| s.iter().map(|x| x.2).collect::<Vec<usize>>()));
    let item_shown = move |index: usize| shown.with(|(_, i)| i.get(index).copied().unwrap_or(true));
    let t = template.clone();
    let current = Memo::new(move |_| {
        state.with(|a| {
            t.sections
                .iter()
                .position(|s| s.id == a.current_section)
                .unwrap_or(0)
        })
    });
    let total_items = move || shown.with(|(s, _)| s.iter().map(|x| x.1).sum::<usize>());
    let total_answered = move || answered.with(|v| v.iter().sum::<usize>());
    let section_count = template.sections.len();

    let go_to = move |index: usize, sections: &Arc<Template>| {
        if let Some(section) = sections.sections.get(index) {
            let id = section.id.clone();
            state.update(|a| a.current_section = id);
            storage::save(state, saving);
            request_animation_frame(|| {
                if let Some(h) = document().get_element_by_id("section-h") {
                    let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&h).focus();
                }
            });
        }
    };

    let nav_items = template
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (sid, title) = (s.id.clone(), s.title.clone());
            // A group's heading goes before its first section.
            let group = s
                .group
                .filter(|g| i == 0 || template.sections[i - 1].group != Some(*g))
                .and_then(|g| template.groups.get(g))
                .map(|g| view! { <li class="group">{g.title.get(lang).to_owned()}</li> });
            let t = template.clone();
            let count = move || shown.with(|(v, _)| v.get(i).map(|x| (x.0, x.1, x.2)).unwrap_or((true, 0, 0)));
            view! {
                {group}
                <li hidden=move || !count().0>
                    <button
                        type="button"
                        class="section-link"
                        aria-current=move || (current.get() == i).then_some("step")
                        on:click=move |_| go_to(i, &t)
                    >
                        {model::shown_number(&sid).map(|n| view! { <span class="sid">{n.to_owned()}</span> " " })}
                        <span>{title.get(lang).to_owned()}</span>
                        " "
                        <span class="count">{move || { let (_, n, d) = count(); format!("{d}/{n}") }}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    let fields = template
        .respondent
        .iter()
        .cloned()
        .map(|f| field_view(f, state, saving))
        .collect_view();

    let t = template.clone();
    let section_view = move || {
        let index = current.get();
        let section = t.sections.get(index).cloned();
        let t = t.clone();
        let first = t.sections[..index.min(t.sections.len())]
            .iter()
            .map(|s| s.items.len())
            .sum::<usize>();
        section.map(|section| {
            let n = move || shown.with(|(v, _)| v.get(index).map_or(0, |x| x.1));
            let heading = model::numbered(&section.id, section.title.get(lang));
            let items = section
                .items
                .into_iter()
                .enumerate()
                .map(|(k, item)| {
                    view! {
                        <div hidden=move || !item_shown(first + k)>{item_view(item, state, saving)}</div>
                    }
                })
                .collect_view();
            let (t_prev, t_next) = (t.clone(), t.clone());
            view! {
                <section class="section" aria-labelledby="section-h">
                    <h2 id="section-h" tabindex="-1">{heading}</h2>
                    <p class="progress-line">
                        <progress
                            max=n
                            value=move || answered.with(|v| v.get(index).copied().unwrap_or(0))
                            aria-label=tr.section_progress
                        ></progress>
                        " "
                        {move || fill(tr.answered_of, &[&answered.with(|v| v.get(index).copied().unwrap_or(0)), &n()])}
                    </p>
                    {items}
                    <div class="pager">
                        <button type="button" disabled={index == 0} on:click=move |_| go_to(index.saturating_sub(1), &t_prev)>
                            "← " {tr.previous}
                        </button>
                        <button type="button" disabled={index + 1 >= section_count} on:click=move |_| go_to(index + 1, &t_next)>
                            {tr.next} " →"
                        </button>
                    </div>
                </section>
            }
        })
    };

    let source = template.source.as_ref().map(|s| s.get(lang).to_owned());
    view! {
        <h1>{template.title.get(lang).to_owned()}</h1>
        {source.map(|s| view! {
            <details class="source">
                <summary>{tr.source}</summary>
                <p class="muted">{s}</p>
            </details>
        })}
        {crate::pages::upgrade::upgrade_view(state, template.clone())}
        <div class="status-bar">
            <p class="progress-line">
                <progress max=total_items value=total_answered aria-label=tr.overall_progress></progress>
                " "
                {move || fill(tr.answered_of, &[&total_answered(), &total_items()])}
            </p>
            <SaveStatus state saving/>
            <a href=results_href class="button">{tr.to_results}</a>
        </div>
        <section class="respondent" aria-labelledby="respondent-h">
            <h2 id="respondent-h">{tr.respondent}</h2>
            <div class="fields">{fields}</div>
        </section>
        <div class="fill-layout">
            <nav aria-label=tr.sections_nav class="sections-nav">
                <ol>{nav_items}</ol>
            </nav>
            <div>{section_view}</div>
        </div>
    }
}

#[component]
fn SaveStatus(state: RwSignal<Assessment>, saving: RwSignal<SaveState>) -> impl IntoView {
    let tr = tr();
    let failed = move || matches!(saving.get(), SaveState::Failed(_));
    // One element whose text and role change, rather than a view per state: smaller wasm.
    let text = move || match saving.get() {
        SaveState::Saved => format!("✓ {}", tr.saved),
        SaveState::Saving => tr.saving.to_owned(),
        SaveState::Failed(e) => fill(tr.save_failed, &[&store_error(&e)]),
    };
    view! {
        <div class="save-status" role="status" aria-live="polite">
            <span
                class=move || if failed() { "alert" } else { "ok" }
                role=move || failed().then_some("alert")
            >
                {text}
            </span>
            " "
            <button
                type="button"
                hidden=move || !failed()
                on:click=move |_| storage::save(state, saving)
            >
                {tr.retry}
            </button>
        </div>
    }
}

fn field_view(
    field: Field,
    state: RwSignal<Assessment>,
    saving: RwSignal<SaveState>,
) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let input_id = format!("f-{}", field.id);
    let note_id = format!("f-{}-note", field.id);
    let fid = field.id.clone();
    let value = Memo::new(move |_| state.with(|a| a.respondent_value(&fid).to_owned()));
    let f = field.clone();
    let problem = Memo::new(move |_| {
        let v = value.get();
        // Say nothing about an empty field until the person has typed; required is marked.
        (!v.trim().is_empty()).then(|| f.check(&v).err()).flatten()
    });
    let (label, help, required) = (field.label.clone(), field.help.clone(), field.required);
    let inputmode = matches!(field.kind, FieldKind::Inn | FieldKind::Ogrn).then_some("numeric");
    let id = field.id.clone();
    view! {
        <div class="field">
            <label for=input_id.clone()>
                {label.get(lang).to_owned()}
                {required.then(|| view! { <span class="muted">" (" {tr.required_mark} ")"</span> })}
            </label>
            <input
                id=input_id
                type="text"
                inputmode=inputmode
                autocomplete="off"
                required=required
                aria-describedby=note_id.clone()
                aria-invalid=move || problem.get().is_some().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    edit(state, saving, |a| {
                        if v.is_empty() {
                            a.respondent.remove(&id);
                        } else {
                            a.respondent.insert(id.clone(), v);
                        }
                    });
                }
            />
            <p id=note_id class="note">
                <span class=move || if problem.get().is_some() { "error" } else { "muted" }>
                    {move || match problem.get() {
                        Some(p) => field_problem(p, lang).to_owned(),
                        None => help.as_ref().map(|h| h.get(lang).to_owned()).unwrap_or_default(),
                    }}
                </span>
            </p>
        </div>
    }
}

type Edit = (RwSignal<Assessment>, RwSignal<SaveState>);

/// Changes one item's answer.
fn set(ctx: Edit, id: &str, change: impl FnOnce(&mut model::Answer)) {
    edit(ctx.0, ctx.1, |a| a.update_answer(id, change));
}

/// A labelled one-line or multi-line text input bound to part of an answer.
fn text_field(
    input_id: String,
    label: String,
    kind: &'static str,
    current: impl Fn() -> String + Send + Sync + Copy + 'static,
    on_input: impl Fn(String) + Clone + 'static,
    described_by: Option<String>,
    invalid: Option<Memo<Option<ItemProblem>>>,
) -> impl IntoView {
    let invalid = move || invalid.and_then(|p| p.get()).map(|_| "true");
    let control = if kind == "textarea" {
        view! {
            <textarea id=input_id.clone() rows="3" aria-describedby=described_by aria-invalid=invalid
                prop:value=current on:input=move |ev| on_input(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=input_id.clone() type=if kind == "text-num" { "text" } else { kind }
                autocomplete="off" aria-describedby=described_by aria-invalid=invalid
                inputmode=(kind == "text-num").then_some("decimal")
                prop:value=current on:input=move |ev| on_input(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=input_id>{label}</label>
            {control}
        </div>
    }
}

fn item_view(
    item: Item,
    state: RwSignal<Assessment>,
    saving: RwSignal<SaveState>,
) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let ctx: Edit = (state, saving);
    let iid = item.id.clone();
    let answer = Memo::new(move |_| state.with(|a| a.answer(&iid).cloned().unwrap_or_default()));
    let item = Arc::new(item);
    let it = item.clone();
    // A problem is said once there is something to judge; «required» waits for the checks
    // before sending, so an untouched form is not a wall of red.
    let problem = Memo::new(move |_| {
        answer.with(|a| check_item(&it, Some(a)).filter(|p| *p != ItemProblem::Required))
    });
    let note_id = format!("n-{}", item.id);
    let control = match item.kind {
        k if k.has_choices() => choices_view(&item, answer, ctx).into_any(),
        ItemKind::Table => table_view(item.clone(), answer, ctx).into_any(),
        ItemKind::Evidence => {
            let parts = [
                ("name", tr.doc_name, "text"),
                ("number", tr.doc_number, "text"),
                ("date", tr.doc_date, "date"),
                ("link", tr.doc_link, "url"),
            ];
            parts
                .into_iter()
                .map(|(key, label, kind)| {
                    let id = item.id.clone();
                    text_field(
                        format!("d-{key}-{}", item.id),
                        label.to_owned(),
                        kind,
                        move || answer.with(|a| a.doc.get(key).cloned().unwrap_or_default()),
                        move |v| {
                            set(ctx, &id, |x| {
                                if v.is_empty() {
                                    x.doc.remove(key);
                                } else {
                                    x.doc.insert(key.to_owned(), v);
                                }
                            })
                        },
                        None,
                        None,
                    )
                })
                .collect_view()
                .into_any()
        }
        kind => {
            let input_kind = match kind {
                ItemKind::LongText => "textarea",
                ItemKind::Date => "date",
                k if k.is_numeric() => "text-num",
                _ => "text",
            };
            let id = item.id.clone();
            let unit = item.unit.as_ref().map(|u| u.get(lang).to_owned());
            let label = match &unit {
                Some(u) => format!("{} ({u})", tr.answer),
                None => tr.answer.to_owned(),
            };
            text_field(
                format!("v-{}", item.id),
                label,
                input_kind,
                move || answer.with(|a| a.value.clone()),
                move |v| set(ctx, &id, |x| x.value = v),
                Some(format!("n-{}", item.id)),
                Some(problem),
            )
            .into_any()
        }
    };
    let extra = |key: &'static str, label: &'static str, area: bool| {
        let id = item.id.clone();
        text_field(
            format!("{key}-{}", item.id),
            label.to_owned(),
            if area { "textarea" } else { "text" },
            move || {
                answer.with(|a| {
                    if key == "ev" {
                        a.evidence.clone()
                    } else {
                        a.comment.clone()
                    }
                })
            },
            move |v| {
                set(ctx, &id, |x| {
                    if key == "ev" {
                        x.evidence = v
                    } else {
                        x.comment = v
                    }
                })
            },
            None,
            None,
        )
    };
    let evidence = item.evidence.then(|| extra("ev", tr.evidence, false));
    let comment = item.comment.then(|| extra("cm", tr.comment, true));
    let it = item.clone();
    let help = item.help.as_ref().map(|h| h.get(lang).to_owned());
    let multi_note = item.max_choices.map(|n| fill(tr.up_to, &[&n]));
    let described = note_id.clone();
    view! {
        <fieldset class="item" aria-describedby=described>
            <legend>
                {model::shown_number(&item.id).map(|n| view! { <span class="sid">{n.to_owned()}</span> " " })}
                {item.label.get(lang).to_owned()}
                {item.required.then(|| view! { <span class="muted">" (" {tr.required_mark} ")"</span> })}
            </legend>
            {help.map(|h| view! { <p class="muted">{h}</p> })}
            {multi_note.map(|h| view! { <p class="muted">{h}</p> })}
            {control}
            <p id=note_id class="note error" aria-live="polite">
                {move || problem.get().map(|p| tr.item_problem(&it, &p, lang))}
            </p>
            {evidence}
            {comment}
        </fieldset>
    }
}

/// Radio buttons (one choice, да / нет, Likert) or check boxes (multiple choice).
fn choices_view(item: &Item, answer: Memo<model::Answer>, ctx: Edit) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let multi = item.kind == ItemKind::Multi;
    let name = format!("q-{}", item.id);
    let options = item
        .choices
        .iter()
        .map(|c| {
            let (value, label) = (c.value.clone(), c.label.clone());
            let (value2, id) = (value.clone(), item.id.clone());
            let order: Vec<String> = item.choices.iter().map(|c| c.value.clone()).collect();
            view! {
                <label class="choice">
                    <input
                        type=if multi { "checkbox" } else { "radio" }
                        name=name.clone()
                        value=value.clone()
                        prop:checked=move || answer.with(|a| if multi {
                            a.choices.contains(&value2)
                        } else {
                            a.choice.as_deref() == Some(value2.as_str())
                        })
                        on:change=move |ev| {
                            let v = value.clone();
                            let on = event_target_checked(&ev);
                            set(ctx, &id, |x| {
                                if !multi {
                                    x.choice = Some(v);
                                } else if on {
                                    x.choices.push(v);
                                    // Kept in the template's order, whatever the clicking order
                                    // (no sort: it would add kilobytes of sorting code).
                                    x.choices = order
                                        .iter()
                                        .filter(|o| x.choices.contains(o))
                                        .cloned()
                                        .collect();
                                } else {
                                    x.choices.retain(|c| *c != v);
                                }
                            });
                        }
                    />
                    <span>{label.get(lang).to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    let id = item.id.clone();
    view! {
        <div class=if item.kind == ItemKind::Likert { "choices likert" } else { "choices" }>
            {options}
            <button
                type="button"
                class="link"
                hidden=move || answer.with(|a| a.choice.is_none() && a.choices.is_empty())
                aria-label=format!("{}: {}", tr.clear_answer, item.name(lang))
                on:click=move |_| set(ctx, &id, |x| {
                    x.choice = None;
                    x.choices.clear();
                })
            >
                {tr.clear_answer}
            </button>
        </div>
    }
}

/// A table item: one row of typed inputs per entry, rows added and removed by the user.
fn table_view(item: Arc<Item>, answer: Memo<model::Answer>, ctx: Edit) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let rows = Memo::new(move |_| answer.with(|a| a.rows.len()));
    let head = item
        .columns
        .iter()
        .map(|c| {
            view! {
                <th scope="col">
                    {c.label.get(lang).to_owned()}
                    {c.required.then_some(" *")}
                </th>
            }
        })
        .collect_view();
    let it = item.clone();
    let body = move || {
        (0..rows.get())
            .map(|r| {
                let cells = it
                    .columns
                    .iter()
                    .map(|c| cell_view(&it, c, r, answer, ctx))
                    .collect_view();
                let id = it.id.clone();
                let label = format!("{} {} ({})", tr.remove_row, r + 1, it.label.get(lang));
                view! {
                    <tr>
                        <th scope="row">{r + 1}</th>
                        {cells}
                        <td>
                            <button type="button" class="link" aria-label=label
                                on:click=move |_| set(ctx, &id, |x| {
                                    if r < x.rows.len() {
                                        x.rows.remove(r);
                                    }
                                })
                            >
                                "✕"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let id = item.id.clone();
    let add_label = format!("{} ({})", tr.add_row, item.label.get(lang));
    // A wide table scrolls in its own box, which the keyboard can reach even while it has no
    // row (and so no field) yet, as on the results page.
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="rows">
                <thead>
                    <tr>
                        <th scope="col">"№"</th>
                        {head}
                        <th scope="col"><span class="sr-only">{tr.col_actions}</span></th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <p hidden=move || rows.get() != 0 class="muted">{tr.no_rows}</p>
        <button type="button" aria-label=add_label on:click=move |_| {
            set(ctx, &id, |x| x.rows.push(model::VecMap::new()));
            // Take the person straight to the new row's first cell.
            let first = format!("c-{}-{}-0", id, rows.get_untracked().saturating_sub(1));
            request_animation_frame(move || {
                if let Some(el) = document().get_element_by_id(&first) {
                    let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&el).focus();
                }
            });
        }>
            "+ " {tr.add_row}
        </button>
    }
}

fn cell_view(
    item: &Item,
    column: &model::Column,
    row: usize,
    answer: Memo<model::Answer>,
    ctx: Edit,
) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let col = column.id.clone();
    let position = item
        .columns
        .iter()
        .position(|c| c.id == column.id)
        .unwrap_or(0);
    let input_id = format!("c-{}-{row}-{position}", item.id);
    let label = format!(
        "{}, {}",
        column.label.get(lang),
        fill(tr.row_n, &[&(row + 1)])
    );
    let c2 = col.clone();
    let cell = Memo::new(move |_| {
        answer.with(|a| {
            a.rows
                .get(row)
                .and_then(|r| r.get(&c2))
                .cloned()
                .unwrap_or_default()
        })
    });
    let current = move || cell.get();
    let id = item.id.clone();
    let write = move |v: String| {
        let col = col.clone();
        set(ctx, &id, move |x| {
            if let Some(r) = x.rows.get_mut(row) {
                if v.is_empty() {
                    r.remove(&col);
                } else {
                    r.insert(col, v);
                }
            }
        })
    };
    let control = match column.kind {
        ColumnKind::Choice => {
            let options = column
                .choices
                .iter()
                .map(|c| {
                    let v = c.value.clone();
                    let v2 = v.clone();
                    view! { <option value=v selected=move || current() == v2>{c.label.get(lang).to_owned()}</option> }
                })
                .collect_view();
            view! {
                <select id=input_id aria-label=label on:change=move |ev| write(event_target_value(&ev))>
                    <option value="" selected=move || current().is_empty()>"—"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        ColumnKind::LongText => view! {
            <textarea id=input_id aria-label=label rows="2" prop:value=current
                on:input=move |ev| write(event_target_value(&ev))></textarea>
        }
        .into_any(),
        ColumnKind::Deadline => {
            let w2 = write.clone();
            let perm_label = format!("{}: {}", label, tr.permanent);
            view! {
                <input id=input_id type="date" aria-label=label
                    prop:value=move || { let v = current(); if v == PERMANENT { String::new() } else { v } }
                    disabled=move || current() == PERMANENT
                    on:input=move |ev| write(event_target_value(&ev))/>
                <label class="choice">
                    <input type="checkbox" aria-label=perm_label
                        prop:checked=move || current() == PERMANENT
                        on:change=move |ev| w2(if event_target_checked(&ev) { PERMANENT.to_owned() } else { String::new() })/>
                    <span aria-hidden="true">{tr.permanent}</span>
                </label>
            }
            .into_any()
        }
        kind => view! {
            <input id=input_id aria-label=label autocomplete="off"
                type=if kind == ColumnKind::Date { "date" } else { "text" }
                inputmode=(kind == ColumnKind::Number).then_some("decimal")
                prop:value=current on:input=move |ev| write(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! { <td>{control}</td> }
}
