//! The session's protocol and its CSV: the facilitator records who chaired, who kept the
//! minutes, who was present and the decisions (решение, ответственный, срок) per question;
//! `#protocol` prints it in the familiar shape — ПРОТОКОЛ, дата, председатель, секретарь,
//! присутствовали, повестка, for each question ВЫСТУПИЛИ (what the groups said) and РЕШИЛИ, and
//! signature lines. The CSV has a row per group × question × item with its votes.

use leptos::prelude::*;
use model::Lang;
use std::collections::HashMap;
use web::lang::t;

use workshop::record::{answers_by, counts, items, said_by_groups as heard};
use workshop::{Answer, Board, Decision, Kind, Protocol};

use crate::keep;

/// `31.03.2026` / `31 Mar 2026` from `2026-03-31`; anything else as written.
/// A session's date as the protocol writes it (31.03.2026).
pub(crate) fn date_of(iso: &str) -> String {
    date(iso)
}

fn date(iso: &str) -> String {
    model::date_text(iso, web::lang::lang())
}

/// The CSV rows: Группа, Вопрос, Пункт, Голоса. A list item's votes are the dots it got in any
/// dot-voting question that lists it.
pub fn csv_rows(board: &Board) -> Vec<Vec<String>> {
    let mut rows = vec![[
        t("Группа", "Group"),
        t("Вопрос", "Question"),
        t("Пункт", "Item"),
        t("Голоса", "Votes"),
    ]
    .map(str::to_owned)
    .to_vec()];
    // Votes per option wording, over every dot-voting question.
    let mut dots: HashMap<&str, u32> = HashMap::new();
    for (i, q) in board.session.questions.iter().enumerate() {
        if q.kind == Kind::Dots {
            for (o, n) in q.options.iter().zip(board.tally(i as u16)) {
                *dots.entry(o.as_str()).or_insert(0) += n;
            }
        }
    }
    let by = answers_by(board);
    for (qi, question) in board.session.questions.iter().enumerate() {
        let q = qi as u16;
        for (g, name) in board.session.groups.iter().enumerate() {
            let g = g as u16;
            let answers: &[&Answer] = by.get(&(g, q)).map_or(&[], Vec::as_slice);
            let mut row = |item: String, votes: String| {
                rows.push(vec![name.clone(), question.text.clone(), item, votes]);
            };
            match question.kind {
                Kind::List => {
                    for item in items(answers) {
                        // Votes go to the consolidated wording; the cell holds every column.
                        let wording = workshop::item_wording(item);
                        let votes: u32 = dots.get(wording).copied().unwrap_or(0);
                        row(
                            question.item_line(item),
                            if votes > 0 {
                                votes.to_string()
                            } else {
                                String::new()
                            },
                        );
                    }
                }
                Kind::Rating => {
                    for a in answers {
                        if let Answer::Rating(r) = a {
                            row(r.to_string(), String::new());
                        }
                    }
                }
                _ => {
                    for (n, o) in counts(question.options.len(), answers)
                        .into_iter()
                        .zip(&question.options)
                    {
                        if n > 0 {
                            row(o.clone(), n.to_string());
                        }
                    }
                }
            }
        }
    }
    rows
}

pub fn download_csv(board: &Board) {
    let rows = csv_rows(board);
    if let Ok(bytes) = exchange::table_csv(&rows, &[3], exchange::Profile::ExcelRu) {
        let name = format!("seminar_{}.csv", board.session.date);
        let _ = web::download(&name, "text/csv;charset=utf-8", &bytes);
    }
}

/// The facilitator's protocol fields and decisions, saved as they are typed.
pub fn editor(board: RwSignal<Option<Board>>) -> impl IntoView {
    let protocol = RwSignal::new(keep::load_protocol());
    let said = RwSignal::new(String::new());
    let save = move || {
        protocol.with_untracked(|p| {
            if let Err(e) = keep::save_protocol(p) {
                said.set(format!(
                    "{} ({e})",
                    t("Протокол не сохранён", "The protocol was not saved")
                ));
            }
        });
    };
    let field = move |label: &'static str,
                      get: fn(&Protocol) -> String,
                      set: fn(&mut Protocol, String),
                      long: bool| {
        let value = protocol.with_untracked(get);
        let input = move |ev: leptos::ev::Event| {
            protocol.update_untracked(|p| set(p, event_target_value(&ev)));
            save();
        };
        if long {
            view! { <label>{label}<textarea rows="2" on:input=input>{value}</textarea></label> }
                .into_any()
        } else {
            view! { <label>{label}<input type="text" value=value on:input=input/></label> }
                .into_any()
        }
    };
    let questions: Vec<String> = board.with_untracked(|b| {
        b.as_ref()
            .map(|b| {
                b.session
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(i, q)| format!("{}. {}", i + 1, q.text))
                    .collect()
            })
            .unwrap_or_default()
    });
    let rows = move || {
        let count = protocol.with(|p| p.decisions.len());
        (0..count)
            .map(|i| {
                let n = i + 1;
                let d = protocol.with_untracked(|p| p.decisions.get(i).cloned().unwrap_or_default());
                let edit = move |f: fn(&mut Decision, String)| {
                    move |ev: leptos::ev::Event| {
                        protocol.update_untracked(|p| {
                            if let Some(d) = p.decisions.get_mut(i) {
                                f(d, event_target_value(&ev));
                            }
                        });
                        save();
                    }
                };
                let options = questions
                    .iter()
                    .enumerate()
                    .map(|(q, text)| view! { <option value=q.to_string() selected=d.question == Some(q as u16)>{text.clone()}</option> })
                    .collect_view();
                view! {
                    <fieldset class="decision">
                        <legend>{format!("{} {n}", t("Решение", "Decision"))}</legend>
                        <label>{t("По вопросу", "On question")}<span class="sr-only">{format!(", {} {n}", t("решение", "decision"))}</span>
                            <select on:change=edit(|d, v| d.question = v.parse().ok())>
                                <option value="" selected=d.question.is_none()>{t("по семинару в целом", "the session as a whole")}</option>
                                {options}
                            </select></label>
                        <label>{t("Что решили", "What was decided")}<span class="sr-only">{format!(", {} {n}", t("решение", "decision"))}</span>
                            <textarea rows="2" on:input=edit(|d, v| d.text = v)>{d.text.clone()}</textarea></label>
                        <label>{t("Ответственный", "Responsible")}<span class="sr-only">{format!(", {} {n}", t("решение", "decision"))}</span>
                            <input type="text" value=d.responsible.clone() on:input=edit(|d, v| d.responsible = v)/></label>
                        <label>{t("Срок (дата или «постоянно»)", "Deadline (a date or «permanent»)")}<span class="sr-only">{format!(", {} {n}", t("решение", "decision"))}</span>
                            <input type="text" value=d.deadline.clone() on:input=edit(|d, v| d.deadline = v)/></label>
                        <button type="button" on:click=move |_| { protocol.update(|p| { if i < p.decisions.len() { p.decisions.remove(i); } }); save(); }>
                            {format!("{} {n}", t("Удалить решение", "Remove decision"))}</button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let registered = RwSignal::new(None::<Result<(String, usize), String>>);
    let to_register = move |_| {
        let Some(b) = board.get_untracked() else {
            return;
        };
        let p = protocol.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            registered.set(Some(into_register(&b, &p).await));
        });
    };
    let registered_words = move || {
        registered.get().map(|r| match r {
            Ok((id, n)) => view! {
                <p>
                    {model::fill(
                        t(
                            "Решения внесены в реестр: {} {решение|решения|решений}. ",
                            "Decisions put into the register: {} {decision|decisions|decisions}. "
                        ),
                        &[&n],
                    )}
                    <a href="/report.html?register">{t("Реестр решений", "Register of decisions")}</a> " · "
                    <a href=format!("/a/{id}")>{t("Запись заседания", "The meeting's record")}</a>
                </p>
            }
            .into_any(),
            Err(e) => view! {
                <p class="alert">{format!("{} {e}", t("Решения не внесены в реестр:", "Decisions not put into the register:"))}</p>
            }
            .into_any(),
        })
    };
    let open_print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.open_with_url_and_target("/workshop.html#protocol", "otsenka-protocol");
        }
    };
    view! {
        <section class="protocol" aria-labelledby="protocol-h">
            <h2 id="protocol-h">{t("Протокол", "Minutes")}</h2>
            {field(t("Председатель", "Chair"), |p| p.chair.clone(), |p, v| p.chair = v, false)}
            {field(t("Секретарь", "Secretary"), |p| p.secretary.clone(), |p, v| p.secretary = v, false)}
            {field(t("Присутствовали", "Present"), |p| p.present.clone(), |p, v| p.present = v, true)}
            {rows}
            <p>
                <button type="button" on:click=move |_| { protocol.update(|p| p.decisions.push(Decision::default())); save(); }>{t("Добавить решение", "Add a decision")}</button>
                " "
                <button type="button" on:click=open_print>{t("Протокол для печати", "Printable minutes")}</button>
                " "
                <button type="button" on:click=move |_| board.with_untracked(|b| if let Some(b) = b { download_csv(b) })>{t("Скачать CSV (Excel)", "Download CSV (Excel)")}</button>
                " "
                <button type="button" on:click=to_register>{t("Внести решения в реестр", "Put the decisions into the register")}</button>
            </p>
            <div aria-live="polite">{registered_words}</div>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}

/// The session's decisions as a meeting's record in the register (`workshop::record`): one
/// record per session, written again with each press, keeping what was recorded on execution.
async fn into_register(board: &Board, p: &Protocol) -> Result<(String, usize), String> {
    let db = store::IdbStore::open(contract::DB_NAME)
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    let done = put_record(&db, board, p).await;
    db.close();
    done
}

async fn put_record(
    db: &store::IdbStore,
    board: &Board,
    p: &Protocol,
) -> Result<(String, usize), String> {
    use store::AssessmentStore;
    let err = |e: store::StoreError| web::lang::store_error(&e);
    let id = workshop::record::record_id(board);
    let held = db.get(&id).await.map_err(err)?;
    let stored = match &held {
        Some(h) => db.get_template(&h.template_hash).await.map_err(err)?,
        None => None,
    };
    let json = match stored {
        Some(json) => json,
        None => web::fetch_text("/templates/decisions.json").await?,
    };
    let template = model::Template::from_json(&json).map_err(|e| e.to_string())?;
    db.put_template(&template.hash, &json).await.map_err(err)?;
    let groups = board.session.groups.len();
    let spoke = match web::lang::lang() {
        Lang::Ru => model::fill(
            "участники семинара ({} {минигруппа|минигруппы|минигрупп})",
            &[&groups],
        ),
        Lang::En => format!("the participants (mini-groups: {groups})"),
    };
    let record = workshop::record::into_record(
        board,
        p,
        &template,
        held.as_ref(),
        &web::now_iso(),
        &spoke,
        t("Общие решения", "General decisions"),
    );
    let n = record.answer("decisions").map_or(0, |x| x.rows.len());
    db.put(&record).await.map_err(err)?;
    Ok((id, n))
}

/// `#protocol`: the printable protocol.
pub fn printable() -> impl IntoView {
    let Some(board) = keep::load_board() else {
        return view! { <p>{t("Семинар ещё не начат.", "No session yet.")}</p> }.into_any();
    };
    printed(board, keep::load_protocol())
}

/// `#protocol=N`: the printable protocol of the `N`th ended session of the archive.
pub fn printable_archived(n: usize) -> AnyView {
    match keep::archived().into_iter().nth(n) {
        Some(a) => printed(a.board, a.protocol),
        None => {
            view! { <p>{t("Такого семинара в архиве нет.", "No such session in the archive.")}</p> }
                .into_any()
        }
    }
}

fn printed(board: Board, p: Protocol) -> AnyView {
    let s = &board.session;
    let by = answers_by(&board);
    let decided = |q: Option<u16>| -> Vec<String> {
        p.decisions
            .iter()
            .filter(|d| d.question == q && !d.text.trim().is_empty())
            .map(|d| {
                let mut line = d.text.trim().to_owned();
                if !d.responsible.trim().is_empty() {
                    line.push_str(&format!(
                        ". {} {}",
                        t("Ответственный:", "Responsible:"),
                        d.responsible.trim()
                    ));
                }
                if !d.deadline.trim().is_empty() {
                    line.push_str(&format!(
                        ". {} {}",
                        t("Срок:", "Deadline:"),
                        date(d.deadline.trim())
                    ));
                }
                line
            })
            .collect()
    };
    // What the groups said is what the participants said (ВЫСТУПИЛИ), as minutes record a
    // workshop: «Руководители ОО (5 минигрупп)».
    let spoke = match web::lang::lang() {
        Lang::Ru => model::fill(
            "ВЫСТУПИЛИ: участники семинара ({} {минигруппа|минигруппы|минигрупп}):",
            &[&s.groups.len()],
        ),
        Lang::En => format!("SPOKE: the participants (mini-groups: {}):", s.groups.len()),
    };
    let questions = s
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let spoke = spoke.clone();
            let heard = heard(&board, &by, i as u16);
            let decided = decided(Some(i as u16));
            view! {
                <section class="agenda-item">
                    <h2>{format!("{}. {}", i + 1, q.text)}</h2>
                    <p><strong>{spoke}</strong></p>
                    {if heard.is_empty() { view! { <p>"—"</p> }.into_any() } else {
                        view! { <ul>{heard.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul> }.into_any()
                    }}
                    <p><strong>{t("РЕШИЛИ:", "DECIDED:")}</strong></p>
                    {if decided.is_empty() { view! { <p>"—"</p> }.into_any() } else {
                        view! { <ol>{decided.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ol> }.into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    let general = decided(None);
    view! {
        <p class="no-print actions"><button type="button" class="primary" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{t("Печать", "Print")}</button></p>
        <h1 class="protocol-title">{t("ПРОТОКОЛ", "MINUTES")}</h1>
        <p class="center">{s.title.clone()}</p>
        <dl class="protocol-head">
            <dt>{t("Дата", "Date")}</dt><dd>{date(&s.date)}</dd>
            <dt>{t("Председатель", "Chair")}</dt><dd>{p.chair.clone()}</dd>
            <dt>{t("Секретарь", "Secretary")}</dt><dd>{p.secretary.clone()}</dd>
            <dt>{t("Присутствовали", "Present")}</dt><dd>{p.present.clone()}</dd>
            <dt>{t("Повестка", "Agenda")}</dt><dd>{if s.agenda.trim().is_empty() { s.questions.iter().map(|q| q.text.clone()).collect::<Vec<_>>().join("; ") } else { s.agenda.clone() }}</dd>
        </dl>
        {questions}
        {(!general.is_empty()).then(|| view! {
            <section class="agenda-item">
                <h2>{t("Общие решения", "General decisions")}</h2>
                <ol>{general.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ol>
            </section>
        })}
        <section class="signatures" aria-label=t("Подписи", "Signatures")>
            <p>{t("Председатель", "Chair")} " " <span class="line"></span> " " {p.chair.clone()}</p>
            <p>{t("Секретарь", "Secretary")} " " <span class="line"></span> " " {p.secretary.clone()}</p>
        </section>
    }
    .into_any()
}
