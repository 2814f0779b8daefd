//! Ended sessions: ending a session moves it here (`keep::archive_board`) instead of deleting
//! it, so its protocol prints and its CSV downloads later; only «Удалить из архива» removes it.

use leptos::prelude::*;
use web::lang::t;

use crate::keep;
use crate::protocol;

/// The list of ended sessions under the new-session form.
pub(crate) fn list() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let problem = RwSignal::new(String::new());
    // The archive is read and decoded once per redraw (after a removal), for the list and for
    // whether there is one at all.
    move || {
        version.track();
        let list = keep::archived();
        if list.is_empty() {
            return None;
        }
        let rows = list
            .into_iter()
            .enumerate()
            .map(|(n, a)| {
                let s = &a.board.session;
                let items: usize = (0..s.questions.len() as u16)
                    .map(|q| a.board.items_by_group(q).iter().map(Vec::len).sum::<usize>())
                    .sum();
                let title = format!("{} · {}", s.title, protocol::date_of(&s.date));
                let counts = model::fill(
                    "{} {группа|группы|групп}, {} {пункт|пункта|пунктов}",
                    &[&s.groups.len(), &items],
                );
                let board = a.board.clone();
                let forget = move |_| {
                    if !crate::confirmed(t(
                        "Удалить этот семинар из архива на этом компьютере? Протокол и ответы групп будут потеряны.",
                        "Remove this session from the archive on this computer? Its protocol and the groups' answers will be lost.",
                    )) {
                        return;
                    }
                    match keep::forget_archived(n) {
                        Ok(()) => problem.set(String::new()),
                        Err(e) => problem.set(format!("{} ({e})", t("Не удалено", "Not removed"))),
                    }
                    version.update(|v| *v += 1);
                };
                let print = move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.open_with_url_and_target(
                            &format!("/workshop.html#protocol={n}"),
                            "otsenka-protocol",
                        );
                    }
                };
                let label = title.clone();
                view! {
                    <li>
                        <strong>{title}</strong> " — " {counts}
                        <span class="actions">
                            " "
                            <button type="button" aria-label=format!("{}: {label}", t("Протокол для печати", "Printable protocol")) on:click=print>
                                {t("Протокол для печати", "Printable protocol")}</button>
                            " "
                            <button type="button" aria-label=format!("{}: {label}", t("Скачать CSV (Excel)", "Download CSV (Excel)")) on:click=move |_| protocol::download_csv(&board)>
                                {t("Скачать CSV (Excel)", "Download CSV (Excel)")}</button>
                            " "
                            <button type="button" aria-label=format!("{}: {label}", t("Удалить из архива", "Remove from the archive")) on:click=forget>
                                {t("Удалить из архива", "Remove from the archive")}</button>
                        </span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="archive" aria-labelledby="archive-h">
                <h2 id="archive-h">{t("Завершённые семинары", "Ended sessions")}</h2>
                <ul>{rows}</ul>
                <p class="alert" role="alert">{move || problem.get()}</p>
            </section>
        })
    }
}
