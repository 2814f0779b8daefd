//! The facilitator's page while a session runs: the questions in turn, each group's entry on
//! the laptop, the session code for phones, taking the groups' answers (text code, file or
//! camera) with a confirmation before held answers are replaced, and the protocol.

use leptos::prelude::*;
use web::lang::t;
use workshop::{wire, Answer, Board, Change, Contribution, Kind, Limit, Merge};

use crate::entry::list_input;
use crate::{
    answer_of, hall, keep, kind_name, merge, protocol, qr, scan, summary, wire_error, with_answer,
};

/// The largest answers file read (bytes).
const MAX_FILE: u32 = 8 << 20;

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
            // Every item with the device it came from, each with its «Убрать».
            let held = move || {
                board.with(|b| {
                    b.as_ref().map_or_else(Vec::new, |b| {
                        b.contributions()
                            .iter()
                            .filter(|c| c.group == g)
                            .flat_map(|c| match answer_of(c, q) {
                                Some(Answer::Items(items)) => {
                                    items.iter().map(|i| (c.device, i.clone())).collect()
                                }
                                _ => Vec::new(),
                            })
                            .collect()
                    })
                })
            };
            let remove = move |device: u32, item: String| {
                // A phone's item in the hall goes through the server, which keeps it out of
                // the phone's later answers; on the laptop it is kept out of later codes.
                let from_phone = device != me;
                board.update(|b| {
                    if let Some(b) = b {
                        if b.remove_item(device, g, q, &item, from_phone).is_some() {
                            if let Err(e) = keep::save_board(b) {
                                said.set(format!("{} ({e})", t("Не сохранено", "Not saved")));
                            }
                        }
                    }
                });
                if let (true, Some(secret)) = (from_phone, hall::secret()) {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = hall::remove(&secret, device, g, q, &item).await {
                            said.set(format!(
                                "{}: {e}",
                                t("Пункт не убран на сервере зала", "The item was not removed on the hall server")
                            ));
                        }
                    });
                }
            };
            view! {
                <ul class="items">
                    {move || held().into_iter().map(|(device, item)| {
                        let line = workshop::item_line(&shown, &item);
                        let name = format!("{} «{line}»", t("Убрать пункт", "Remove item"));
                        view! {
                            <li>{line}" "
                                <button type="button" class="link" aria-label=name
                                    on:click=move |_| remove(device, item.clone())>
                                    {t("Убрать", "Remove")}</button></li>
                        }
                    }).collect_view()}
                </ul>
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
                        let Some(answer) = Answer::toggled(kind, mine().as_ref(), i, on) else {
                            return;
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

pub(crate) fn facilitator(board: RwSignal<Option<Board>>) -> impl IntoView {
    let current = RwSignal::new(keep::current());
    // Opened from the hall server (`#hall=<secret>`): the phones send through it.
    let hall_secret = hall::secret();
    let door = RwSignal::new(None::<hall::Door>);
    let hall_said = RwSignal::new(String::new());
    if let Some(secret) = hall_secret.clone() {
        hall::follow(board, secret.clone(), door, hall_said);
        Effect::new(move |_| hall::show(secret.clone(), current.get()));
    }
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
    // The camera reads a phone's codes on every frame, so a transfer it has taken is read again
    // and again: what was said about it stays on screen until another transfer comes, instead
    // of «already taken» replacing «taken» a frame later. A code typed or a file picked is a
    // person's act, and is always answered.
    let camera_last = StoredValue::new(None::<(u32, u16, u32)>);
    let camera_reads = RwSignal::new(0u32);
    let take_bytes = move |bytes: Result<Vec<u8>, wire::WireError>, camera: bool| {
        let contribution = bytes.and_then(|b| wire::read_contribution(&b));
        if camera {
            let key = contribution
                .as_ref()
                .ok()
                .map(|c| (c.device, c.group, c.revision));
            if key.is_some() && camera_last.get_value() == key {
                return;
            }
            camera_last.set_value(key);
        }
        let outcome = match contribution {
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
    let take = move |text: String| take_bytes(wire::assemble_text(&text), false);
    // The camera's codes, gathered until a transfer is whole.
    let scan_said = RwSignal::new(String::new());
    let gather = scan::gatherer(scan_said);
    let on_code = move |text: String| {
        if let Some(whole) = gather(&text) {
            camera_reads.update(|n| *n += 1);
            take_bytes(whole, true);
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
        if crate::confirmed(t(
            "Завершить семинар? Он перейдёт в «Завершённые семинары» на этом компьютере: протокол и CSV останутся доступны.",
            "End the session? It moves to «Ended sessions» on this computer: its protocol and CSV stay available.",
        )) {
            match keep::archive_board() {
                Ok(()) => {
                    if let Some(secret) = hall_secret.clone() {
                        hall::close(secret);
                    }
                    board.set(None)
                }
                // Nothing was cleared: the session stays open, and the reason is said.
                Err(e) => received.set(format!(
                    "{} ({e})",
                    t(
                        "Семинар не завершён: его не удалось перенести в архив на этом компьютере",
                        "The session was not ended: it could not be moved to the archive on this computer"
                    )
                )),
            }
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
        {move || door.get().map(|d| {
            let first = d.addresses.first().cloned().unwrap_or_default();
            let url = format!("{first}/j/{}", d.code);
            view! {
                <section class="transfer" aria-label=t("Вход для телефонов в зале", "Joining from the phones in the hall")>
                    <p>{t("Телефоны в той же сети Wi-Fi: отсканируйте QR-код или откройте", "Phones on the same Wi-Fi: scan the QR code or open")} " " <strong>{url.clone()}</strong></p>
                    <p>{t("или наберите адрес", "or type the address")} " " <strong>{first}</strong> " " {t("и код семинара", "and the session code")} " " <strong class="hall-code">{d.code.clone()}</strong></p>
                    {qr::code(&url, t("QR-код входа в семинар", "QR code to join the session").to_owned())}
                </section>
            }
        })}
        <p class="muted" role="status">{move || hall_said.get()}</p>
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
            <p role="status" data-camera-reads=move || camera_reads.get().to_string()>{move || received.get()}</p>
            {confirmation}
        </section>
        {protocol::editor(board)}
    }
}
