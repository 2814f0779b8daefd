//! The facilitator's new-session form: title, date, agenda, groups, questions and rules, the
//! questions typed in or taken from the built-in «Работа в группах» template.

use leptos::prelude::*;
use web::lang::t;
use web::time::today;
use workshop::{Board, Kind, Question, Rules, Session};

use crate::{keep, kind_name};

pub(crate) fn new_session_form(board: RwSignal<Option<Board>>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(today());
    let agenda = RwSignal::new(String::new());
    let groups = RwSignal::new(
        (1..=4)
            .map(|g| format!("{} {g}", t("Группа", "Group")))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    // (text, kind, options one per line)
    let questions = RwSignal::new(vec![(
        RwSignal::new(String::new()),
        RwSignal::new(Kind::List),
        RwSignal::new(String::new()),
    )]);
    let defaults = Rules::default();
    let votes = RwSignal::new(defaults.votes.to_string());
    let items = RwSignal::new(defaults.items.to_string());
    let problem = RwSignal::new(String::new());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines = |s: String| -> Vec<String> {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let session = Session {
            id: keep::random(),
            title: title.get_untracked().trim().to_owned(),
            date: date.get_untracked(),
            agenda: agenda.get_untracked(),
            groups: lines(groups.get_untracked()),
            questions: questions
                .get_untracked()
                .iter()
                .filter(|(text, _, _)| !text.get_untracked().trim().is_empty())
                .map(|(text, kind, options)| Question {
                    text: text.get_untracked().trim().to_owned(),
                    kind: kind.get_untracked(),
                    options: lines(options.get_untracked()),
                })
                .collect(),
            rules: Rules {
                votes: votes.get_untracked().trim().parse().unwrap_or(0),
                items: items.get_untracked().trim().parse().unwrap_or(0),
            },
        };
        let wrong = if session.title.is_empty() {
            Some(t(
                "Впишите название семинара.",
                "Enter the session's title.",
            ))
        } else if session.groups.len() < 2 {
            Some(t(
                "Нужны хотя бы две группы: по одной в строке.",
                "At least two groups are needed, one per line.",
            ))
        } else if session.rules.votes == 0 || session.rules.items == 0 {
            Some(t(
                "Число голосов у участника и пунктов у группы — целое от 1 до 65535.",
                "Votes per participant and items per group are whole numbers from 1 to 65535.",
            ))
        } else if session.questions.is_empty() {
            Some(t(
                "Добавьте хотя бы один вопрос.",
                "Add at least one question.",
            ))
        } else if session.questions.iter().any(|q| {
            matches!(q.kind, Kind::Single | Kind::Multi | Kind::Dots) && q.options.len() < 2
        }) {
            Some(t(
                "У вопроса с вариантами или голосованием нужно хотя бы два варианта: по одному в строке.",
                "A choice or voting question needs at least two options, one per line.",
            ))
        } else {
            None
        };
        if let Some(w) = wrong {
            problem.set(w.to_owned());
            return;
        }
        let b = Board::new(session);
        match keep::save_board(&b) {
            Ok(()) => {
                keep::set_current(0);
                board.set(Some(b));
            }
            Err(e) => problem.set(format!(
                "{} ({e})",
                t(
                    "Семинар не удалось сохранить",
                    "The session could not be saved"
                )
            )),
        }
    };
    // The questions of the built-in «Работа в группах» template: each of its lists and texts
    // a list question, its choices and scales the matching kinds.
    let from_template = move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = web::fetch_text("/templates/workshop.json")
                .await
                .and_then(|text| model::Template::from_json(&text).map_err(|e| e.to_string()));
            let template = match loaded {
                Ok(template) => template,
                Err(e) => {
                    problem.set(format!(
                        "{} ({e})",
                        t("Шаблон не загрузился", "The template did not load")
                    ));
                    return;
                }
            };
            let lang = web::lang::lang();
            if title.get_untracked().trim().is_empty() {
                title.set(template.title.get(lang).to_owned());
            }
            let asked = template
                .items()
                .filter_map(|item| {
                    let kind = match item.kind {
                        model::ItemKind::Table
                        | model::ItemKind::Text
                        | model::ItemKind::LongText => Kind::List,
                        model::ItemKind::Likert => Kind::Rating,
                        model::ItemKind::Choice | model::ItemKind::YesNo => Kind::Single,
                        model::ItemKind::Multi => Kind::Multi,
                        _ => return None,
                    };
                    // A table keeps every column: its items are made of one cell per column.
                    let labels = if item.kind == model::ItemKind::Table {
                        item.columns.iter().map(|c| &c.label).collect::<Vec<_>>()
                    } else {
                        item.choices.iter().map(|c| &c.label).collect()
                    };
                    let options = labels
                        .into_iter()
                        .map(|l| l.get(lang).to_owned())
                        .collect::<Vec<_>>()
                        .join("\n");
                    Some((
                        RwSignal::new(item.label.get(lang).to_owned()),
                        RwSignal::new(kind),
                        RwSignal::new(options),
                    ))
                })
                .collect::<Vec<_>>();
            if !asked.is_empty() {
                questions.set(asked);
            }
        });
    };
    let question_rows = move || {
        questions
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (text, kind, options))| {
                let n = i + 1;
                let kinds = Kind::ALL
                    .iter()
                    .map(|k| view! { <option value=k.code().to_string() selected=move || kind.get() == *k>{kind_name(*k)}</option> })
                    .collect_view();
                view! {
                    <fieldset class="question">
                        <legend>{format!("{} {n}", t("Вопрос", "Question"))}</legend>
                        <label>{t("Текст вопроса", "Question")}<span class="sr-only">{format!(" {n}")}</span>
                            <input type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/></label>
                        <label>{t("Вид", "Kind")}<span class="sr-only">{format!(" {n}")}</span>
                            <select on:change=move |ev| {
                                if let Some(k) = event_target_value(&ev).parse().ok().and_then(Kind::from_code) { kind.set(k) }
                            }>{kinds}</select></label>
                        <Show when=move || matches!(kind.get(), Kind::Single | Kind::Multi | Kind::Dots)>
                            <label>{t("Варианты, по одному в строке", "Options, one per line")}<span class="sr-only">{format!(" {n}")}</span>
                                <textarea rows="3" prop:value=move || options.get() on:input=move |ev| options.set(event_target_value(&ev))></textarea></label>
                        </Show>
                        <Show when=move || kind.get() == Kind::List>
                            <label>{t("Столбцы пункта, по одному в строке (пусто — пункт одной строкой)", "Columns of an item, one per line (empty: an item is one line)")}<span class="sr-only">{format!(" {n}")}</span>
                                <textarea rows="3" prop:value=move || options.get() on:input=move |ev| options.set(event_target_value(&ev))></textarea></label>
                        </Show>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <form class="new-session" on:submit=start>
            <h2>{t("Новый семинар", "New session")}</h2>
            <label>{t("Название", "Title")}<input type="text" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/></label>
            <label>{t("Дата", "Date")}<input type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/></label>
            <label>{t("Повестка", "Agenda")}<textarea rows="2" prop:value=move || agenda.get() on:input=move |ev| agenda.set(event_target_value(&ev))></textarea></label>
            <label>{t("Группы, по одной в строке", "Groups, one per line")}<textarea rows="4" prop:value=move || groups.get() on:input=move |ev| groups.set(event_target_value(&ev))></textarea></label>
            {question_rows}
            <fieldset class="rules">
                <legend>{t("Правила", "Rules")}</legend>
                <label>{t("Голосов у участника (голосование точками)", "Votes per participant (dot voting)")}
                    <input type="number" min="1" max="65535" inputmode="numeric" prop:value=move || votes.get() on:input=move |ev| votes.set(event_target_value(&ev))/></label>
                <label>{t("Пунктов у группы в вопросе-списке", "Items per group in a list question")}
                    <input type="number" min="1" max="65535" inputmode="numeric" prop:value=move || items.get() on:input=move |ev| items.set(event_target_value(&ev))/></label>
            </fieldset>
            <p>
                <button type="button" on:click=move |_| questions.update(|q| q.push((RwSignal::new(String::new()), RwSignal::new(Kind::List), RwSignal::new(String::new()))))>
                    {t("Добавить вопрос", "Add a question")}</button>
                " "
                <button type="button" on:click=from_template>{t("Вопросы из шаблона «Работа в группах»", "Questions from the «Group work» template")}</button>
                " "
                <button type="submit" class="primary">{t("Начать семинар", "Start the session")}</button>
            </p>
            <p class="alert" role="alert">{move || problem.get()}</p>
        </form>
    }
}
