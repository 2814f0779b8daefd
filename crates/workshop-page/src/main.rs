//! Workshop mode (`/workshop.html`, issue 8): a facilitator's session with live group input,
//! the presenter screen (`#screen`, a second window kept current through a `BroadcastChannel`)
//! and a participant's phone (`#join`). Sessions travel to phones and answers back with no
//! network: as QR codes shown in turn, a text code to copy, or a file (`workshop::wire`).
//!
//! Its own wasm, like the municipality and report pages: the school's first view never carries
//! it. Data stays in this browser (`keep`).

use leptos::prelude::*;
use web::lang::{saved_english, set_english, t};
use workshop::{
    wire, Answer, Board, Change, Contribution, Kind, Limit, Merge, Question, Rules, Session,
};

mod keep;
mod merge;
mod protocol;
mod qr;
mod scan;

/// The largest answers file read (bytes).
const MAX_FILE: u32 = 8 << 20;

const STYLE: &str = concat!(
    include_str!("../../../public/style.css"),
    include_str!("page.css")
);

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::List => t(
            "Список (группы добавляют пункты)",
            "List (groups add items)",
        ),
        Kind::Rating => t("Оценка 1–5", "Rating 1–5"),
        Kind::Single => t("Один вариант", "Single choice"),
        Kind::Multi => t("Несколько вариантов", "Multiple choice"),
        Kind::Dots => t("Голосование точками", "Dot voting"),
    }
}

use web::time::today;

/// `3,7` / `3.7` from tenths.
fn tenths(n: u32) -> String {
    let sep = if web::lang::english() { "." } else { "," };
    format!("{}{sep}{}", n / 10, n % 10)
}

/// Why a code was not taken, in the interface's language.
fn wire_error(e: &wire::WireError) -> String {
    use wire::WireError as E;
    match e {
        E::NotOurs => t("это не код «Оценки»", "not an Otsenka code").to_owned(),
        E::Damaged { number } => format!(
            "{} {number} {}",
            t("код", "code"),
            t(
                "повреждён: считайте или скопируйте его ещё раз",
                "is damaged: read or copy it again"
            )
        ),
        E::OtherMessage => t("код из другой передачи", "a code of another transfer").to_owned(),
        E::Missing(n) => format!(
            "{} {}",
            t("не хватает кодов:", "codes missing:"),
            n.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        ),
        E::Corrupt(_) => t(
            "передача не читается: она повреждена или из другой версии «Оценки»",
            "the transfer does not read: damaged or from another version of Otsenka",
        )
        .to_owned(),
        E::WrongKind => t(
            "это код другого вида (код семинара вместо ответов или наоборот)",
            "a code of the other kind (a session instead of answers or the other way round)",
        )
        .to_owned(),
    }
}

/// Why a code or an entry went over the session's rules.
fn too_many(limit: Limit) -> String {
    match limit {
        Limit::Items(n) => format!(
            "{} {n}.",
            t(
                "Не принято: у группы в этом вопросе может быть не больше пунктов, чем",
                "Not taken: a group may have no more items in this question than"
            )
        ),
        Limit::ItemChars(n) => format!(
            "{} {n} {}.",
            t(
                "Не принято: пункт длиннее",
                "Not taken: an item longer than"
            ),
            t("символов", "characters")
        ),
        Limit::Votes(n) => format!(
            "{} {n}.",
            t(
                "Не принято: голосов у участника не больше, чем",
                "Not taken: a participant has no more votes than"
            )
        ),
    }
}

/// A device's contribution for a group as held on the board, or a new one.
fn own(board: &Board, device: u32, group: u16) -> Contribution {
    board
        .held_for(device, group)
        .cloned()
        .unwrap_or(Contribution {
            session: board.session.id,
            device,
            group,
            revision: 0,
            answers: Vec::new(),
        })
}

/// Sets one answer of a contribution (`None` removes it).
fn with_answer(mut c: Contribution, question: u16, answer: Option<Answer>) -> Contribution {
    c.answers.retain(|(q, _)| *q != question);
    if let Some(a) = answer {
        c.answers.push((question, a));
        c.answers.sort_by_key(|(q, _)| *q);
    }
    c
}

fn answer_of(c: &Contribution, question: u16) -> Option<&Answer> {
    c.answers
        .iter()
        .find(|(q, _)| *q == question)
        .map(|(_, a)| a)
}

// ---------------------------------------------------------------- the facilitator

fn new_session_form(board: RwSignal<Option<Board>>) -> impl IntoView {
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
            let en = web::lang::english();
            if title.get_untracked().trim().is_empty() {
                title.set(template.title.get(en).to_owned());
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
                        .map(|l| l.get(en).to_owned())
                        .collect::<Vec<_>>()
                        .join("\n");
                    Some((
                        RwSignal::new(item.label.get(en).to_owned()),
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

/// A summary line of a question for everyone: counts, mean, tallies.
fn summary(board: &Board, q: u16) -> String {
    let Some(question) = board.session.questions.get(usize::from(q)) else {
        return String::new();
    };
    match question.kind {
        Kind::List => {
            let n: usize = board.items_by_group(q).iter().map(Vec::len).sum();
            format!("{} {n}", t("Пунктов всего:", "Items in all:"))
        }
        Kind::Rating => match board.rating(q) {
            (n, Some(mean)) => format!(
                "{} {n}; {} {}",
                t("Оценок:", "Ratings:"),
                t("средняя", "mean"),
                tenths(mean)
            ),
            _ => t("Оценок пока нет.", "No ratings yet.").to_owned(),
        },
        _ => question
            .options
            .iter()
            .zip(board.tally(q))
            .map(|(o, n)| format!("{o}: {n}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Where a person adds an item to a list question. A plain list: one field, Enter adds. A list
/// with columns (a template's table): a field per column, the first the item's wording, and
/// Enter in any of them — or the button — adds the item made of their cells. `add` says
/// whether the item was taken; only then are the fields cleared.
fn list_input(
    columns: Vec<String>,
    label: String,
    add: impl Fn(String) -> bool + Copy + Send + Sync + 'static,
) -> AnyView {
    if columns.len() < 2 {
        let keydown = move |ev: web_sys::KeyboardEvent| {
            if ev.key() != "Enter" {
                return;
            }
            ev.prevent_default();
            let value = event_target_value(&ev).trim().to_owned();
            if value.is_empty() || !add(value) {
                return;
            }
            if let Some(input) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            {
                input.set_value("");
            }
        };
        return view! {
            <label>{label}<input type="text" on:keydown=keydown/></label>
            <p class="muted">{t("Enter — добавить пункт", "Enter adds the item")}</p>
        }
        .into_any();
    }
    let cells: Vec<RwSignal<String>> = columns
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let all = cells.clone();
    let submit = move || {
        let typed: Vec<String> = all.iter().map(|c| c.get_untracked()).collect();
        if let Some(item) = workshop::item_of(&typed) {
            if add(item) {
                all.iter().for_each(|c| c.set(String::new()));
            }
        }
    };
    let submit = StoredValue::new(submit);
    let fields = columns
        .into_iter()
        .zip(cells)
        .map(|(column, cell)| {
            view! {
                <label>{column}
                    <input type="text" prop:value=move || cell.get()
                        on:input=move |ev| cell.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                submit.with_value(|f| f());
                            }
                        }/></label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="cells">
            <legend>{label}</legend>
            {fields}
            <p><button type="button" on:click=move |_| submit.with_value(|f| f())>{t("Добавить пункт", "Add the item")}</button></p>
        </fieldset>
    }
    .into_any()
}

/// The laptop's entry for one group on the current question.
fn group_entry(
    board: RwSignal<Option<Board>>,
    q: u16,
    g: u16,
    name: String,
    kind: Kind,
    options: Vec<String>,
) -> impl IntoView {
    let me = keep::device();
    let said = RwSignal::new(String::new());
    let change = move |answer: Option<Answer>| {
        board.update(|b| {
            if let Some(b) = b {
                let mut c = with_answer(own(b, me, g), q, answer);
                // Held revisions may come from a code claiming this device: never overflow.
                c.revision = c.revision.saturating_add(1);
                match b.replace(c) {
                    Merge::TooMany(limit) => said.set(too_many(limit)),
                    Merge::Invalid | Merge::OtherSession => said.set(
                        t(
                            "Этот ответ не подходит к вопросу.",
                            "This answer does not fit the question.",
                        )
                        .to_owned(),
                    ),
                    _ => {
                        said.set(String::new());
                        if let Err(e) = keep::save_board(b) {
                            said.set(format!("{} ({e})", t("Не сохранено", "Not saved")));
                        }
                    }
                }
            }
        });
    };
    let mine = move || {
        board.with(|b| {
            b.as_ref()
                .map(|b| own(b, me, g))
                .and_then(|c| answer_of(&c, q).cloned())
        })
    };
    let label = format!("{} {name}", t("Новый пункт:", "New item:"));
    let control = match kind {
        Kind::List => {
            let columns = options.clone();
            let add = move |item: String| {
                let mut items = match mine() {
                    Some(Answer::Items(i)) => i,
                    _ => Vec::new(),
                };
                items.push(item);
                change(Some(Answer::Items(items)));
                true
            };
            let shown = columns.clone();
            view! {
                <ul class="items">{move || board.with(|b| b.as_ref().map(|b| b.items(q, g).into_iter().map(|i| view! { <li>{workshop::item_line(&shown, i)}</li> }).collect_view()))}</ul>
                {list_input(columns, label, add)}
            }
            .into_any()
        }
        Kind::Rating => view! {
            <label>{format!("{} {name}", t("Оценка группы", "Rating of"))}
                <select on:change=move |ev| change(event_target_value(&ev).parse().ok().filter(|r| (1..=5).contains(r)).map(Answer::Rating))>
                    <option value="">"—"</option>
                    {(1..=5u8).map(|r| view! { <option value=r.to_string() selected=move || matches!(mine(), Some(Answer::Rating(x)) if x == r)>{r.to_string()}</option> }).collect_view()}
                </select></label>
        }
        .into_any(),
        Kind::Single | Kind::Multi | Kind::Dots => {
            let opts = options
                .into_iter()
                .enumerate()
                .map(|(i, o)| {
                    let i = i as u16;
                    let checked = move || match mine() {
                        Some(Answer::Choices(c)) => c.contains(&i),
                        Some(Answer::Dots(d)) => d.iter().any(|(x, n)| *x == i && *n > 0),
                        _ => false,
                    };
                    let toggle = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        let answer = match (kind, mine()) {
                            (Kind::Single, _) => Answer::Choices(if on { vec![i] } else { vec![] }),
                            (Kind::Multi, Some(Answer::Choices(mut c))) => {
                                c.retain(|x| *x != i);
                                if on { c.push(i); c.sort_unstable(); }
                                Answer::Choices(c)
                            }
                            (Kind::Multi, _) => Answer::Choices(if on { vec![i] } else { vec![] }),
                            (_, Some(Answer::Dots(mut d))) => {
                                d.retain(|(x, _)| *x != i);
                                if on { d.push((i, 1)); d.sort_unstable(); }
                                Answer::Dots(d)
                            }
                            _ => Answer::Dots(if on { vec![(i, 1)] } else { vec![] }),
                        };
                        change(Some(answer));
                    };
                    let kind_attr = if kind == Kind::Single { "radio" } else { "checkbox" };
                    view! { <label><input type=kind_attr name=format!("q{q}g{g}") prop:checked=checked on:change=toggle/>{o}</label> }
                })
                .collect_view();
            view! { <div class="options">{opts}</div> }.into_any()
        }
    };
    view! {
        <fieldset class="group">
            <legend>{name.clone()}</legend>
            {control}
            <p class="muted" role="status">{move || said.get()}</p>
        </fieldset>
    }
}

fn facilitator(board: RwSignal<Option<Board>>) -> impl IntoView {
    let current = RwSignal::new(keep::current());
    let received = RwSignal::new(String::new());
    let incoming = RwSignal::new(String::new());
    let show_code = RwSignal::new(false);
    // A code that would replace or remove answers held: shown, applied only by «Применить».
    let pending = RwSignal::new(None::<Contribution>);
    let group_name = move |g: u16| {
        board.with_untracked(|b| {
            b.as_ref()
                .and_then(|b| b.session.groups.get(usize::from(g)).cloned())
                .unwrap_or_default()
        })
    };
    let take_bytes = move |bytes: Result<Vec<u8>, wire::WireError>| {
        let outcome = match bytes.and_then(|b| wire::read_contribution(&b)) {
            Err(e) => format!(
                "{}: {}.",
                t("Код не принят", "The code was not taken"),
                wire_error(&e)
            ),
            Ok(c) => {
                let group = group_name(c.group);
                let held_back = c.clone();
                let result = board
                    .try_update(|b| {
                        b.as_mut().map(|b| {
                            let r = b.merge(c);
                            if matches!(r, Merge::Added | Merge::Extended) {
                                let _ = keep::save_board(b);
                            }
                            r
                        })
                    })
                    .flatten();
                if result == Some(Merge::Confirm) {
                    pending.set(Some(held_back));
                } else if pending.with_untracked(|p| {
                    p.as_ref()
                        .is_some_and(|p| (p.device, p.group) == (held_back.device, held_back.group))
                }) {
                    // A newer code of the same device and group settles the one held back.
                    pending.set(None);
                }
                match result {
                    Some(Merge::Added) => format!(
                        "{} «{group}».",
                        t("Приняты ответы группы", "Answers taken from group")
                    ),
                    Some(Merge::Extended) => format!(
                        "{} «{group}».",
                        t(
                            "Ответы обновлены: новая версия группы",
                            "Answers updated: a newer version from group"
                        )
                    ),
                    Some(Merge::Confirm) => format!(
                        "{} «{group}»: {}",
                        t(
                            "Этот код заменит ранее принятые ответы группы",
                            "This code would replace answers taken before from group"
                        ),
                        t(
                            "проверьте изменения и нажмите «Применить» или «Отменить».",
                            "check the changes, then «Apply» or «Cancel»."
                        )
                    ),
                    Some(Merge::Same) => t(
                        "Эти ответы уже приняты: ничего не изменилось.",
                        "These answers were taken already: nothing changed.",
                    )
                    .to_owned(),
                    Some(Merge::Older) => t(
                        "Это более ранняя версия ответов: оставлена новая.",
                        "An earlier version of the answers: the newer one is kept.",
                    )
                    .to_owned(),
                    Some(Merge::OtherSession) => t(
                        "Это ответы другого семинара.",
                        "These answers are of another session.",
                    )
                    .to_owned(),
                    Some(Merge::TooMany(limit)) => too_many(limit),
                    _ => t(
                        "Ответы не подходят к вопросам этого семинара.",
                        "The answers do not fit this session's questions.",
                    )
                    .to_owned(),
                }
            }
        };
        received.set(outcome);
    };
    let apply = move |_| {
        let Some(c) = pending.get_untracked() else {
            return;
        };
        let group = group_name(c.group);
        let result = board
            .try_update(|b| {
                b.as_mut().map(|b| {
                    let r = b.replace(c);
                    let _ = keep::save_board(b);
                    r
                })
            })
            .flatten();
        pending.set(None);
        received.set(match result {
            Some(Merge::TooMany(limit)) => too_many(limit),
            Some(Merge::Replaced | Merge::Added | Merge::Same) => format!(
                "{} «{group}» {}",
                t("Ответы группы", "The answers of group"),
                t("заменены.", "were replaced.")
            ),
            _ => t(
                "Ответы не подходят к вопросам этого семинара.",
                "The answers do not fit this session's questions.",
            )
            .to_owned(),
        });
    };
    let cancel = move |_| {
        pending.set(None);
        received.set(
            t(
                "Код отменён: ничего не изменилось.",
                "The code was cancelled: nothing changed.",
            )
            .to_owned(),
        );
    };
    let confirmation = move || {
        let c = pending.get()?;
        let (change, questions): (Change, Vec<String>) = board.with(|b| {
            let b = b.as_ref()?;
            Some((
                b.changes(&c),
                b.session.questions.iter().map(|q| q.text.clone()).collect(),
            ))
        })?;
        let group = group_name(change.group);
        let removed: usize = change.questions.iter().map(|q| q.removed.len()).sum();
        let added: usize = change.questions.iter().map(|q| q.added.len()).sum();
        let list = |texts: Vec<String>| {
            view! { <ul>{texts.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul> }
        };
        let per_question = change
            .questions
            .into_iter()
            .map(|q| {
                let text = questions.get(usize::from(q.question)).cloned().unwrap_or_default();
                let (r, a) = (q.removed.len(), q.added.len());
                view! {
                    <h4>{format!("{}. {text}", q.question + 1)}</h4>
                    {(r > 0).then(|| view! { <p>{format!("{} {r}", t("Будет заменено:", "Will be replaced:"))}</p> {list(q.removed)} })}
                    {(a > 0).then(|| view! { <p>{format!("{} {a}", t("Будет добавлено:", "Will be added:"))}</p> {list(q.added)} })}
                }
            })
            .collect_view();
        Some(view! {
            <section class="confirm" role="group" aria-labelledby="confirm-h">
                <h3 id="confirm-h">{format!("{} «{group}»", t("Заменить ответы группы", "Replace the answers of group"))}</h3>
                <p>{format!(
                    "{} {:08X}. {} {removed}, {} {added}.",
                    t("Код от устройства", "The code is from device"),
                    change.device,
                    t("Будет заменено пунктов и ответов:", "Items and answers to be replaced:"),
                    t("добавлено:", "added:")
                )}</p>
                {change.older.then(|| view! { <p>{t("Это более ранняя версия, чем принятая.", "It is an earlier version than the one taken.")}</p> })}
                {per_question}
                <p>
                    <button type="button" class="primary" on:click=apply>{t("Применить", "Apply")}</button>
                    " "
                    <button type="button" on:click=cancel>{t("Отменить", "Cancel")}</button>
                </p>
            </section>
        })
    };
    let take = move |text: String| take_bytes(wire::assemble_text(&text));
    // The camera's codes, gathered until a transfer is whole.
    let scan_said = RwSignal::new(String::new());
    let gather = scan::gatherer(scan_said);
    let on_code = move |text: String| {
        if let Some(whole) = gather(&text) {
            take_bytes(whole);
        }
    };
    let from_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        // A text code of the most chunks a transfer has is a few hundred kilobytes.
        if file.size() > f64::from(MAX_FILE) {
            received.set(format!(
                "{} {} {}.",
                t(
                    "Файл не принят: это не файл ответов, он больше",
                    "The file was not taken: not an answers file, it is over"
                ),
                MAX_FILE >> 20,
                t("МБ", "MB")
            ));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => take(text.as_string().unwrap_or_default()),
                Err(_) => {
                    received.set(t("Файл не прочитан.", "The file could not be read.").to_owned())
                }
            }
        });
    };
    let open_screen = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.open_with_url_and_target_and_features(
                "/workshop.html#screen",
                "otsenka-screen",
                "popup,width=1280,height=720",
            );
        }
    };
    let end = move |_| {
        let sure = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(t(
                    "Завершить семинар и удалить его данные с этого компьютера?",
                    "End the session and remove its data from this computer?",
                ))
                .ok()
            })
            .unwrap_or(false);
        if sure {
            keep::clear_board();
            board.set(None);
        }
    };
    let title = move || {
        board.with(|b| {
            b.as_ref()
                .map(|b| format!("{} · {}", b.session.title, b.session.date))
                .unwrap_or_default()
        })
    };
    let tabs = move || {
        board.with(|b| {
            b.as_ref().map(|b| {
                b.session
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(i, q)| {
                        let i = i as u16;
                        view! {
                            <button type="button" aria-pressed=move || (current.get() == i).to_string()
                                on:click=move |_| { current.set(i); keep::set_current(i); }>
                                {format!("{}. {}", i + 1, q.text)}
                            </button>
                        }
                    })
                    .collect_view()
            })
        })
    };
    // The entry panel is drawn again only when the question changes, so typing keeps focus.
    let panel = move || {
        let q = current.get();
        let (question, groups) = board.with_untracked(|b| {
            b.as_ref()
                .map(|b| {
                    (
                        b.session.questions.get(usize::from(q)).cloned(),
                        b.session.groups.clone(),
                    )
                })
                .unwrap_or((None, Vec::new()))
        });
        let question = question?;
        let entries = groups
            .into_iter()
            .enumerate()
            .map(|(g, name)| {
                group_entry(
                    board,
                    q,
                    g as u16,
                    name,
                    question.kind,
                    question.options.clone(),
                )
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby="question-h">
                <h2 id="question-h">{question.text.clone()}</h2>
                <p class="muted">{kind_name(question.kind)}</p>
                <div class="groups">{entries}</div>
                {(question.kind == Kind::List).then(|| merge::section(board, q, move |n| { current.set(n); keep::set_current(n); }))}
                <p role="status">{move || board.with(|b| b.as_ref().map(|b| summary(b, q)))}</p>
            </section>
        })
    };
    let session_code = move || {
        board.with(|b| {
            b.as_ref()
                .map(|b| wire::chunks(&wire::session_bytes(&b.session), wire::CHUNK_CHARS))
        })
    };
    view! {
        <p class="muted">{title}</p>
        <p class="actions">
            <button type="button" class="primary" on:click=open_screen>{t("Экран для проектора", "Presenter screen")}</button>
            " "
            <button type="button" on:click=move |_| show_code.update(|s| *s = !*s) aria-expanded=move || show_code.get().to_string()>
                {t("Код семинара для телефонов", "Session code for phones")}</button>
            " "
            <button type="button" on:click=end>{t("Завершить семинар", "End the session")}</button>
        </p>
        <Show when=move || show_code.get()>
            <section class="transfer" aria-label=t("Код семинара", "Session code")>
                <p>{t("На телефоне откройте «Оценку» → /workshop.html#join и отсканируйте коды или вставьте текстовый код.", "On a phone open Otsenka → /workshop.html#join and scan the codes or paste the text code.")}</p>
                {move || session_code().map(qr::carousel)}
                <label>{t("Текстовый код семинара", "Session text code")}
                    <textarea readonly rows="4" prop:value=move || session_code().map(|c| c.join("\n")).unwrap_or_default()></textarea></label>
            </section>
        </Show>
        <nav class="questions" aria-label=t("Вопросы", "Questions")>{tabs}</nav>
        {panel}
        <section class="receive" aria-labelledby="receive-h">
            <h2 id="receive-h">{t("Принять ответы группы", "Take a group's answers")}</h2>
            <label>{t("Текстовый код ответов", "Answers text code")}
                <textarea rows="3" prop:value=move || incoming.get() on:input=move |ev| incoming.set(event_target_value(&ev))></textarea></label>
            <p>
                <button type="button" on:click=move |_| { take(incoming.get_untracked()); incoming.set(String::new()); }>{t("Принять", "Take")}</button>
                " "
                <label class="file">{t("или файл ответов", "or an answers file")} <input type="file" accept=".txt,text/plain" on:change=from_file/></label>
            </p>
            {scan::scanner(on_code, scan_said)}
            <p class="muted" aria-live="polite">{move || scan_said.get()}</p>
            <p role="status">{move || received.get()}</p>
            {confirmation}
        </section>
        {protocol::editor(board)}
    }
}

// ---------------------------------------------------------------- the presenter screen

fn screen() -> impl IntoView {
    let board = RwSignal::new(keep::load_board());
    let current = RwSignal::new(keep::current());
    keep::listen(move || {
        board.set(keep::load_board());
        current.set(keep::current());
    });
    move || {
        let q = current.get();
        board.with(|b| {
            let Some(b) = b else {
                return view! { <p class="big">{t("Семинар ещё не начат.", "No session yet.")}</p> }.into_any();
            };
            let Some(question) = b.session.questions.get(usize::from(q)) else {
                return view! { <p class="big">{b.session.title.clone()}</p> }.into_any();
            };
            let body = match question.kind {
                Kind::List => {
                    let mut by_group = b.items_by_group(q).into_iter();
                    let columns = b
                        .session
                        .groups
                        .iter()
                        .map(|name| {
                            let items = by_group.next().unwrap_or_default();
                            view! {
                                <section class="column">
                                    <h2>{format!("{name} ({})", items.len())}</h2>
                                    <ul>{items.into_iter().map(|i| view! { <li>{question.item_line(i)}</li> }).collect_view()}</ul>
                                </section>
                            }
                        })
                        .collect_view();
                    let words = b.words(q, 30);
                    let top = words.first().map_or(1, |w| w.1).max(1);
                    let cloud = words
                        .into_iter()
                        .map(|(w, n)| {
                            let size = 1.0 + 2.0 * f64::from(n) / f64::from(top);
                            view! { <span style=format!("font-size:{size:.2}em") title=n.to_string()>{w}</span> " " }
                        })
                        .collect_view();
                    view! {
                        <div class="columns">{columns}</div>
                        <p class="cloud" aria-label=t("Частые слова", "Frequent words")>{cloud}</p>
                    }
                    .into_any()
                }
                Kind::Rating => view! { <p class="big">{summary(b, q)}</p> }.into_any(),
                _ => {
                    let tally = b.tally(q);
                    let top = tally.iter().copied().max().unwrap_or(0).max(1);
                    let rows = question
                        .options
                        .iter()
                        .zip(tally)
                        .map(|(o, n)| view! {
                            <li><span class="label">{o.clone()}</span>
                                <span class="bar" style=format!("width:{}%", u64::from(n) * 70 / u64::from(top))></span>
                                <strong>{n.to_string()}</strong></li>
                        })
                        .collect_view();
                    view! { <ol class="tally">{rows}</ol> }.into_any()
                }
            };
            view! {
                <h1>{question.text.clone()}</h1>
                {body}
            }
            .into_any()
        })
    }
}

// ---------------------------------------------------------------- a participant's phone

fn phone() -> impl IntoView {
    let session = RwSignal::new(keep::get(keep::JOINED).and_then(|s| keep::session_from(&s)));
    let mine = RwSignal::new(keep::get(keep::MINE).and_then(|s| keep::contribution_from(&s)));
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Vec<String>>);
    let join_bytes = move |bytes: Result<Vec<u8>, wire::WireError>| match bytes
        .and_then(|b| wire::read_session(&b))
    {
        Ok(s) => {
            let _ = keep::set(keep::JOINED, &wire::base45_encode(&wire::session_bytes(&s)));
            keep::remove(keep::MINE);
            mine.set(None);
            session.set(Some(s));
            problem.set(String::new());
        }
        Err(e) => problem.set(format!(
            "{}: {}.",
            t("Код семинара не прочитан", "The session code was not read"),
            wire_error(&e)
        )),
    };
    let join = move |_| join_bytes(wire::assemble_text(&code.get_untracked()));
    // The session's QR codes read by the phone's camera.
    let scan_said = RwSignal::new(String::new());
    let gather = scan::gatherer(scan_said);
    let on_code = move |text: String| {
        if let Some(whole) = gather(&text) {
            scan::stop();
            join_bytes(whole);
        }
    };
    let on_code = StoredValue::new_local(on_code);
    let save = move |c: Contribution| {
        let _ = keep::set(
            keep::MINE,
            &wire::base45_encode(&wire::contribution_bytes(&c)),
        );
        mine.set(Some(c));
        sent.set(None);
    };
    let choose_group = move |ev: leptos::ev::Event| {
        let Some(s) = session.get_untracked() else {
            return;
        };
        if let Ok(g) = event_target_value(&ev).parse::<u16>() {
            let held = mine.get_untracked();
            let answers = held
                .as_ref()
                .filter(|c| c.group == g)
                .map(|c| c.answers.clone())
                .unwrap_or_default();
            save(Contribution {
                session: s.id,
                device: keep::device(),
                group: g,
                // Never back: the laptop may hold this device's later revision for the group.
                revision: held.map_or(0, |c| c.revision),
                answers,
            });
        }
    };
    let send = move |_| {
        if let Some(mut c) = mine.get_untracked() {
            c.revision = c.revision.saturating_add(1);
            let bytes = wire::contribution_bytes(&c);
            let _ = keep::set(keep::MINE, &wire::base45_encode(&bytes));
            mine.set(Some(c));
            sent.set(Some(wire::chunks(&bytes, wire::CHUNK_CHARS)));
            // The codes appear below the answers: bring them into view (a phone's screen is
            // short) and take the keyboard there.
            request_animation_frame(|| {
                if let Some(transfer) = document().get_element_by_id("transfer") {
                    transfer.scroll_into_view();
                    let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&transfer)
                        .focus();
                }
            });
        }
    };
    move || {
        let Some(s) = session.get() else {
            return view! {
                <h2>{t("Присоединиться к семинару", "Join a session")}</h2>
                <label>{t("Код семинара", "Session code")}
                    <textarea rows="4" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))></textarea></label>
                <p><button type="button" class="primary" on:click=join>{t("Присоединиться", "Join")}</button></p>
                <p>{t("или отсканируйте QR-коды семинара с экрана ведущего:", "or scan the session's QR codes on the facilitator's screen:")}</p>
                {scan::scanner(move |text| on_code.with_value(|f| f(text)), scan_said)}
                <p class="muted" aria-live="polite">{move || scan_said.get()}</p>
                <p class="alert" role="alert">{move || problem.get()}</p>
            }
            .into_any();
        };
        let groups = s
            .groups
            .iter()
            .enumerate()
            .map(|(g, name)| view! { <option value=g.to_string() selected=move || mine.with(|m| m.as_ref().is_some_and(|c| usize::from(c.group) == g))>{name.clone()}</option> })
            .collect_view();
        let asked = s.questions.clone();
        let rules = s.rules;
        let group_chosen = Memo::new(move |_| mine.with(|m| m.as_ref().map(|c| c.group)));
        // Drawn again only when the group changes, so typing keeps its focus.
        let questions = move || {
            group_chosen.get().map(|_| asked
            .iter()
            .enumerate()
            .map(|(i, question)| {
                let q = i as u16;
                let answer = move || mine.with(|m| m.as_ref().and_then(|c| answer_of(c, q).cloned()));
                let set = move |a: Option<Answer>| {
                    if let Some(c) = mine.get_untracked() {
                        save(with_answer(c, q, a)); // the revision counts up when sent
                    }
                };
                let body = match question.kind {
                    Kind::List => {
                        let add = move |value: String| {
                            let mut items = match answer() { Some(Answer::Items(i)) => i, _ => Vec::new() };
                            if items.len() >= usize::from(rules.items) || value.chars().count() > workshop::MAX_ITEM_CHARS {
                                problem.set(format!("{} {} {} {} {}.", t("Пунктов у группы не больше, чем", "A group has no more items than"), rules.items, t("; пункт не длиннее", "; an item is at most"), workshop::MAX_ITEM_CHARS, t("символов", "characters")));
                                return false;
                            }
                            problem.set(String::new());
                            items.push(value);
                            set(Some(Answer::Items(items)));
                            true
                        };
                        let shown = question.clone();
                        view! {
                            <ul>{move || match answer() { Some(Answer::Items(items)) => items.iter().map(|i| view! { <li>{shown.item_line(i)}</li> }).collect_view().into_any(), _ => ().into_any() }}</ul>
                            {list_input(question.columns().to_vec(), t("Новый пункт", "New item").to_owned(), add)}
                        }
                        .into_any()
                    }
                    Kind::Rating => view! {
                        <label>{t("Оценка", "Rating")}
                            <select on:change=move |ev| set(event_target_value(&ev).parse().ok().filter(|r| (1..=5).contains(r)).map(Answer::Rating))>
                                <option value="">"—"</option>
                                {(1..=5u8).map(|r| view! { <option value=r.to_string()>{r.to_string()}</option> }).collect_view()}
                            </select></label>
                    }
                    .into_any(),
                    kind => question
                        .options
                        .iter()
                        .enumerate()
                        .map(|(o, label)| {
                            let o = o as u16;
                            let typ = if kind == Kind::Single { "radio" } else { "checkbox" };
                            view! { <label><input type=typ name=format!("p{q}") on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let a = match (kind, answer()) {
                                    (Kind::Single, _) => Answer::Choices(if on { vec![o] } else { vec![] }),
                                    (Kind::Dots, Some(Answer::Dots(mut d))) => { d.retain(|(x, _)| *x != o); if on { d.push((o, 1)); d.sort_unstable(); } Answer::Dots(d) }
                                    (Kind::Dots, _) => Answer::Dots(if on { vec![(o, 1)] } else { vec![] }),
                                    (_, Some(Answer::Choices(mut c))) => { c.retain(|x| *x != o); if on { c.push(o); c.sort_unstable(); } Answer::Choices(c) }
                                    _ => Answer::Choices(if on { vec![o] } else { vec![] }),
                                };
                                if let Answer::Dots(d) = &a {
                                    if d.len() > usize::from(rules.votes) {
                                        if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) { input.set_checked(false); }
                                        problem.set(format!("{} {}.", t("Голосов у участника не больше, чем", "A participant has no more votes than"), rules.votes));
                                        return;
                                    }
                                }
                                problem.set(String::new());
                                set(Some(a));
                            }/>{label.clone()}</label> }
                        })
                        .collect_view()
                        .into_any(),
                };
                view! {
                    <fieldset class="question">
                        <legend>{format!("{}. {}", i + 1, question.text)}</legend>
                        {body}
                    </fieldset>
                }
            })
            .collect_view())
            .map(|qs| view! {
                {qs}
                <p class="alert" role="alert">{move || problem.get()}</p>
                <p><button type="button" class="primary" on:click=send>{t("Передать", "Hand over")}</button></p>
            })
        };
        view! {
            <h2>{s.title.clone()}</h2>
            <label>{t("Ваша группа", "Your group")}
                <select on:change=choose_group>
                    <option value="" selected=move || mine.with(Option::is_none)>"—"</option>
                    {groups}
                </select></label>
            <Show when=move || group_chosen.get().is_none()>
                <p>{t("Выберите группу, чтобы отвечать.", "Choose your group to answer.")}</p>
            </Show>
            {questions}
            {move || sent.get().map(|chunks| {
                let text = chunks.join("\n");
                let file = text.clone();
                view! {
                    <section id="transfer" tabindex="-1" class="transfer" aria-label=t("Передача ответов", "Handing over the answers")>
                        <p>{t("Покажите коды камере ноутбука ведущего или передайте текстовый код или файл.", "Show the codes to the facilitator's laptop camera, or pass on the text code or the file.")}</p>
                        {qr::carousel(chunks)}
                        <label>{t("Текстовый код ответов", "Answers text code")}<textarea readonly rows="4" prop:value=text></textarea></label>
                        <p><button type="button" on:click=move |_| { let _ = web::download("otvety-gruppy.txt", "text/plain;charset=utf-8", file.as_bytes()); }>{t("Скачать файл ответов", "Download the answers file")}</button></p>
                    </section>
                }
            })}
        }
        .into_any()
    }
}

fn main() {
    web::add_style(STYLE);
    set_english(saved_english());
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match hash.as_str() {
        "#screen" => leptos::mount::mount_to_body(
            || view! { <main id="main" class="workshop-screen">{screen()}</main> },
        ),
        "#protocol" => leptos::mount::mount_to_body(
            || view! { <main id="main" class="workshop protocol-print">{protocol::printable()}</main> },
        ),
        "#join" => leptos::mount::mount_to_body(|| {
            view! {
                <main id="main" class="workshop phone">
                    <h1>{t("Работа в группах", "Group work")}</h1>
                    {phone()}
                </main>
            }
        }),
        _ => {
            let board = RwSignal::new(keep::load_board());
            // Only starting or ending the session redraws the page (typing keeps its focus).
            let started = Memo::new(move |_| board.with(Option::is_some));
            leptos::mount::mount_to_body(move || {
                view! {
                    <main id="main" class="workshop">
                        <p class="no-print"><a href="/">{t("← На главную", "← Home")}</a></p>
                        <h1>{t("Работа в группах: ведущий", "Group work: facilitator")}</h1>
                        {move || if started.get() { facilitator(board).into_any() } else { new_session_form(board).into_any() }}
                    </main>
                }
            });
        }
    }
}
