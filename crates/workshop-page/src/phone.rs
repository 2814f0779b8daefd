//! A participant's phone (`#join`): joining a session by its code, choosing a group, answering
//! and handing the answers over as QR codes, a text code or a file. Opened from the hall server
//! (`#join=<digits>`, issue 21) it joins there and sends its answers on every change: kept on
//! the phone first, sent again when the network is back (`hall`).

use leptos::prelude::*;
use web::lang::t;
use workshop::{wire, Answer, Contribution, Kind};

use crate::entry::list_input;
use crate::hall::{self, Heard, Joined, Sent};
use crate::{answer_of, keep, qr, scan, wire_error, with_answer};

pub(crate) fn phone(hall_code: Option<String>) -> impl IntoView {
    let session = RwSignal::new(keep::get(keep::JOINED).and_then(|s| keep::session_from(&s)));
    let mine = RwSignal::new(keep::get(keep::MINE).and_then(|s| keep::contribution_from(&s)));
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<Vec<String>>);
    let in_hall = hall_code.is_some();
    let hall_said = RwSignal::new(String::new());
    // In the hall: the question on the facilitator's screen, and whether the session closed.
    let shown = RwSignal::new(None::<u16>);
    let closed = RwSignal::new(false);
    // The server gives the device number in the hall; the QR path draws its own.
    let device = move || {
        hall::joined()
            .filter(|_| in_hall)
            .map_or_else(keep::device, |(_, d, _)| d)
    };
    let push = move || {
        wasm_bindgen_futures::spawn_local(async move {
            match hall::send().await {
                Sent::Kept => hall_said.set(
                    t("Ответы у ведущего.", "The facilitator has your answers.").to_owned(),
                ),
                Sent::Later => hall_said.set(
                    t(
                        "Нет связи с ноутбуком ведущего: ответы сохранены на телефоне и уйдут, когда связь вернётся.",
                        "No connection to the facilitator's laptop: the answers are kept on this phone and go when it is back.",
                    )
                    .to_owned(),
                ),
                Sent::Rejoin => {
                    // The server no longer knows this phone (a new session or journal): join
                    // again, as a fresh load of the join address does.
                    keep::remove(keep::HALL_PHONE);
                    hall_said.set(
                        t("Присоединяемся к семинару заново…", "Joining the session again…")
                            .to_owned(),
                    );
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
                Sent::Refused(e) => hall_said.set(e),
                Sent::NotJoined => {}
            }
        });
    };
    if let Some(code) = hall_code {
        let known = hall::joined().is_some_and(|(_, _, c)| c == code);
        if known && session.get_untracked().is_some() {
            push();
        } else {
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    match hall::join(&code).await {
                        Joined::Session(text) => {
                            let Some(s) = keep::session_from(&text) else {
                                break;
                            };
                            let _ = keep::set(keep::JOINED, &text);
                            // The answers typed for this very session stay, under the new device.
                            let kept =
                                mine.get_untracked()
                                    .filter(|c| c.session == s.id)
                                    .map(|mut c| {
                                        c.device = device();
                                        c
                                    });
                            match &kept {
                                Some(c) => {
                                    let _ = keep::set(
                                        keep::MINE,
                                        &wire::base45_encode(&wire::contribution_bytes(c)),
                                    );
                                }
                                None => keep::remove(keep::MINE),
                            }
                            mine.set(kept);
                            session.set(Some(s));
                            hall_said.set(String::new());
                            push();
                            break;
                        }
                        Joined::Wait(e) => {
                            hall_said
                                .set(format!("{e} {}", t("Пробуем ещё раз…", "Trying again…")));
                            hall::sleep(3000).await;
                        }
                        Joined::Refused(e) => {
                            hall_said.set(e);
                            break;
                        }
                    }
                }
            });
        }
        hall::on_online(push);
        // Every two seconds: what is still to be sent goes (for a network that came back
        // unannounced), and the phone follows the session — the question on the screen, the
        // session closed, and an item the facilitator removed.
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                hall::sleep(2000).await;
                if hall::joined().is_none() {
                    continue;
                }
                let pending = keep::get(keep::MINE)
                    .and_then(|s| keep::contribution_from(&s))
                    .is_some_and(|c| hall::unsent(&c));
                if pending {
                    push();
                }
                match hall::state().await {
                    Heard::State(now) => {
                        if shown.get_untracked() != Some(now.shown) {
                            shown.set(Some(now.shown));
                        }
                        if now.closed && !closed.get_untracked() {
                            closed.set(true);
                            hall_said.set(
                                t(
                                    "Ведущий закрыл семинар: ответы больше не принимаются.",
                                    "The facilitator closed the session: answers are no longer taken.",
                                )
                                .to_owned(),
                            );
                        }
                        // Read again now: the person may have typed while the server answered.
                        let local = keep::get(keep::MINE).and_then(|s| keep::contribution_from(&s));
                        if let Some(c) = local.and_then(|l| hall::adopted(&l, &now.mine)) {
                            let _ = keep::set(
                                keep::MINE,
                                &wire::base45_encode(&wire::contribution_bytes(&c)),
                            );
                            mine.set(Some(c));
                        }
                    }
                    Heard::Rejoin if !pending => {
                        keep::remove(keep::HALL_PHONE);
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    }
                    _ => {}
                }
            }
        });
        // The question the facilitator shows comes into view, unless the person is typing.
        Effect::new(move |_| {
            let Some(q) = shown.get() else {
                return;
            };
            request_animation_frame(move || {
                let typing = document().active_element().is_some_and(|e| {
                    matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
                if let Some(at) = document().get_element_by_id(&format!("question-{q}")) {
                    if !typing {
                        at.scroll_into_view();
                    }
                }
            });
        });
    }
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
    let join = move |_| {
        let typed = code.get_untracked();
        let digits = typed.trim();
        // The hall server's digits (the short address and the code): joined through it.
        if (4..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(location) = web_sys::window().map(|w| w.location()) {
                let _ = location.set_hash(&format!("join={digits}"));
                let _ = location.reload();
            }
            return;
        }
        join_bytes(wire::assemble_text(&typed))
    };
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
    let save = move |mut c: Contribution| {
        if in_hall {
            // Each change is a revision of its own, sent at once.
            c.revision = c.revision.saturating_add(1);
        }
        let _ = keep::set(
            keep::MINE,
            &wire::base45_encode(&wire::contribution_bytes(&c)),
        );
        mine.set(Some(c));
        sent.set(None);
        if in_hall {
            push();
        }
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
                device: device(),
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
            if in_hall {
                push();
            }
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
                <p class="muted">{t("В зале с Wi-Fi — цифры кода с экрана ведущего; без сети — текстовый код семинара.", "In a hall with Wi-Fi: the code's digits from the facilitator's screen; with no network: the session's text code.")}</p>
                <label>{t("Код семинара", "Session code")}
                    <textarea rows="4" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))></textarea></label>
                <p><button type="button" class="primary" on:click=join>{t("Присоединиться", "Join")}</button></p>
                <p>{t("или отсканируйте QR-коды семинара с экрана ведущего:", "or scan the session's QR codes on the facilitator's screen:")}</p>
                {scan::scanner(move |text| on_code.with_value(|f| f(text)), scan_said)}
                <p class="muted" aria-live="polite">{move || scan_said.get()}</p>
                <p class="alert" role="alert">{move || problem.get()}</p>
                <p class="muted" aria-live="polite">{move || hall_said.get()}</p>
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
                                let Some(a) = Answer::toggled(kind, answer().as_ref(), o, on) else {
                                    return;
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
                let now = move || shown.get() == Some(q);
                view! {
                    <fieldset class="question" class:current=now id=format!("question-{q}")>
                        <legend>{format!("{}. {}", i + 1, question.text)}
                            <Show when=now><span class="now">{t(" — сейчас на экране", " — on the screen now")}</span></Show>
                        </legend>
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
            <p class="muted" aria-live="polite">{move || hall_said.get()}</p>
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
