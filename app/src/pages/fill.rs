//! Filling in: the respondent block, then the template section by section. Every change is
//! written to IndexedDB as it happens (see `storage::save`); there is no save button.

use std::sync::Arc;

use leptos::prelude::*;
use model::{Assessment, Field, FieldKind, Item, Template};

use crate::browser::now_iso;
use crate::i18n::{en, fill, store_error, tr};
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
    storage::save(state.get_untracked(), saving);
}

#[component]
fn Filler(assessment: Assessment, template: Arc<Template>) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let results_href = format!("/a/{}/results", assessment.id);
    let state = RwSignal::new(assessment);
    let saving = RwSignal::new(SaveState::Saved);

    let t = template.clone();
    // Answered items per section, recomputed on every change (cheap: one pass over 72 items).
    let answered = Memo::new(move |_| {
        state.with(|a| {
            t.sections
                .iter()
                .map(|s| s.items.iter().filter(|i| is_answered(a, i)).count())
                .collect::<Vec<usize>>()
        })
    });
    let t = template.clone();
    let current = Memo::new(move |_| {
        state.with(|a| {
            t.sections
                .iter()
                .position(|s| s.id == a.current_section)
                .unwrap_or(0)
        })
    });
    let total_items = template.item_count();
    let total_answered = move || answered.with(|v| v.iter().sum::<usize>());
    let section_count = template.sections.len();

    let go_to = move |index: usize, sections: &Arc<Template>| {
        if let Some(section) = sections.sections.get(index) {
            let id = section.id.clone();
            state.update(|a| a.current_section = id);
            storage::save(state.get_untracked(), saving);
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
            let (sid, title, n) = (s.id.clone(), s.title.clone(), s.items.len());
            let t = template.clone();
            view! {
                <li>
                    <button
                        type="button"
                        class="section-link"
                        aria-current=move || (current.get() == i).then_some("step")
                        on:click=move |_| go_to(i, &t)
                    >
                        <span class="sid">{sid.clone()}</span>
                        " "
                        <span>{title.get(en).to_owned()}</span>
                        " "
                        <span class="count">{move || format!("{}/{n}", answered.with(|v| v.get(i).copied().unwrap_or(0)))}</span>
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
        section.map(|section| {
            let n = section.items.len();
            let title = section.title.clone();
            let sid = section.id.clone();
            let items = section
                .items
                .into_iter()
                .map(|item| item_view(item, state, saving))
                .collect_view();
            let (t_prev, t_next) = (t.clone(), t.clone());
            view! {
                <section class="section" aria-labelledby="section-h">
                    <h2 id="section-h" tabindex="-1">{sid} " " {title.get(en).to_owned()}</h2>
                    <p class="progress-line">
                        <progress
                            max=n
                            value=move || answered.with(|v| v.get(index).copied().unwrap_or(0))
                            aria-label=tr.section_progress
                        ></progress>
                        " "
                        {move || fill(tr.answered_of, &[&answered.with(|v| v.get(index).copied().unwrap_or(0)), &n])}
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

    view! {
        <h1>{template.title.get(en).to_owned()}</h1>
        <div class="status-bar">
            <p class="progress-line">
                <progress max=total_items value=total_answered aria-label=tr.overall_progress></progress>
                " "
                {move || fill(tr.answered_of, &[&total_answered(), &total_items])}
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

fn is_answered(a: &Assessment, item: &Item) -> bool {
    a.answer(&item.id)
        .and_then(|x| x.choice.as_deref())
        .and_then(|v| item.choice(v))
        .is_some()
}

#[component]
fn SaveStatus(state: RwSignal<Assessment>, saving: RwSignal<SaveState>) -> impl IntoView {
    let tr = tr();
    let failed = move || matches!(saving.get(), SaveState::Failed(_));
    // One element whose text and role change, rather than a view per state: smaller wasm.
    let text = move || match saving.get() {
        SaveState::Saved => format!("✓ {}", tr.saved),
        SaveState::Saving => tr.saving.to_owned(),
        SaveState::Failed(e) => fill(tr.save_failed, &[&store_error(tr, &e)]),
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
                on:click=move |_| storage::save(state.get_untracked(), saving)
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
    let (tr, en) = (tr(), en());
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
    let inputmode = (field.kind == FieldKind::Inn).then_some("numeric");
    let id = field.id.clone();
    view! {
        <div class="field">
            <label for=input_id.clone()>
                {label.get(en).to_owned()}
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
                        Some(p) => tr.field_problem(p).to_owned(),
                        None => help.as_ref().map(|h| h.get(en).to_owned()).unwrap_or_default(),
                    }}
                </span>
            </p>
        </div>
    }
}

fn item_view(
    item: Item,
    state: RwSignal<Assessment>,
    saving: RwSignal<SaveState>,
) -> impl IntoView {
    let (tr, en) = (tr(), en());
    let iid = item.id.clone();
    let answer = Memo::new(move |_| state.with(|a| a.answer(&iid).cloned().unwrap_or_default()));
    let name = format!("q-{}", item.id);
    let choices = item
        .choices
        .iter()
        .map(|c| {
            let (value, label) = (c.value.clone(), c.label.clone());
            let (value2, id) = (value.clone(), item.id.clone());
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name.clone()
                        value=value.clone()
                        prop:checked=move || answer.with(|a| a.choice.as_deref() == Some(value2.as_str()))
                        on:change=move |_| {
                            let v = value.clone();
                            edit(state, saving, |a| a.update_answer(&id, |x| x.choice = Some(v)));
                        }
                    />
                    <span>{label.get(en).to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    let text_input = |kind: &'static str, multiline: bool| {
        let input_id = format!("{kind}-{}", item.id);
        let id = item.id.clone();
        let current = move || {
            answer.with(|a| {
                if kind == "ev" {
                    a.evidence.clone()
                } else {
                    a.comment.clone()
                }
            })
        };
        let on_input = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            edit(state, saving, |a| {
                a.update_answer(&id, |x| {
                    if kind == "ev" {
                        x.evidence = v;
                    } else {
                        x.comment = v;
                    }
                })
            });
        };
        let label = if kind == "ev" {
            tr.evidence
        } else {
            tr.comment
        };
        let control = if multiline {
            view! { <textarea id=input_id.clone() rows="2" prop:value=current on:input=on_input></textarea> }.into_any()
        } else {
            view! { <input id=input_id.clone() type="text" autocomplete="off" prop:value=current on:input=on_input/> }.into_any()
        };
        view! {
            <div class="field">
                <label for=input_id>{label}</label>
                {control}
            </div>
        }
    };
    let evidence = item.evidence.then(|| text_input("ev", false));
    let comment = item.comment.then(|| text_input("cm", true));
    let label = item.label.clone();
    let help = item.help.clone();
    view! {
        <fieldset class="item">
            <legend>
                <span class="sid">{item.id.clone()}</span>
                " "
                {label.get(en).to_owned()}
            </legend>
            {help.map(|h| view! { <p class="muted">{h.get(en).to_owned()}</p> })}
            <div class="choices">
                {choices}
                <button
                    type="button"
                    class="link"
                    hidden=move || answer.with(|a| a.choice.is_none())
                    aria-label=format!("{}: {}", tr.clear_answer, item.id)
                    on:click={
                        let id = item.id.clone();
                        move |_| edit(state, saving, |a| a.update_answer(&id, |x| x.choice = None))
                    }
                >
                    {tr.clear_answer}
                </button>
            </div>
            {evidence}
            {comment}
        </fieldset>
    }
}
