//! Workshop mode (`/workshop.html`, issue 8): a facilitator's session with live group input,
//! the presenter screen (`#screen`, a second window kept current through a `BroadcastChannel`)
//! and a participant's phone (`#join`). Sessions travel to phones and answers back with no
//! network: as QR codes shown in turn, a text code to copy, or a file (`workshop::wire`) — or,
//! when the page came from the hall server (`otsenka hall`, issue 21), over the hall's local
//! network (`hall`: the phone at `#join=<digits>`, the facilitator at `#hall=<secret>`).
//!
//! Its own wasm, like the municipality and report pages: the school's first view never carries
//! it. Data stays in this browser (`keep`).

use leptos::prelude::*;
use web::lang::{saved_lang, set_lang, t};
use workshop::{wire, Answer, Board, Contribution, Kind};

mod archive;
mod entry;
mod facilitator;
mod hall;
mod keep;
mod merge;
mod phone;
mod protocol;
mod qr;
mod scan;
mod screen;
mod setup;

use facilitator::facilitator;
use phone::phone;
use screen::screen;
use setup::new_session_form;

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

/// `3,7` / `3.7` from tenths.
fn tenths(n: u32) -> String {
    let sep = web::lang::lang().t(",", ".");
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

/// Sets one answer of a contribution (`None` removes it).
fn with_answer(mut c: Contribution, question: u16, answer: Option<Answer>) -> Contribution {
    c.answers.retain(|(q, _)| *q != question);
    if let Some(a) = answer {
        c.answers.push((question, a));
        c.answers.sort_by_key(|(q, _)| *q);
    }
    c
}

/// Asks the person a yes/no question in the browser's own dialog; no dialog reads as «no».
fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

fn answer_of(c: &Contribution, question: u16) -> Option<&Answer> {
    c.answers
        .iter()
        .find(|(q, _)| *q == question)
        .map(|(_, a)| a)
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

fn main() {
    web::add_style(STYLE);
    set_lang(saved_lang());
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
        archived if archived.starts_with("#protocol=") => {
            let n = archived["#protocol=".len()..].parse().unwrap_or(usize::MAX);
            leptos::mount::mount_to_body(move || {
                view! { <main id="main" class="workshop protocol-print">{protocol::printable_archived(n)}</main> }
            })
        }
        join if join == "#join" || join.starts_with("#join=") => {
            // `#join=<digits>`: opened from the hall server's join address.
            let code = join
                .strip_prefix("#join=")
                .filter(|c| !c.is_empty())
                .map(str::to_owned);
            leptos::mount::mount_to_body(move || {
                view! {
                    <main id="main" class="workshop phone">
                        <h1>{t("Работа в группах", "Group work")}</h1>
                        {phone(code)}
                    </main>
                }
            })
        }
        _ => {
            let board = RwSignal::new(keep::load_board());
            // Only starting or ending the session redraws the page (typing keeps its focus).
            let started = Memo::new(move |_| board.with(Option::is_some));
            leptos::mount::mount_to_body(move || {
                view! {
                    <main id="main" class="workshop">
                        <p class="no-print"><a href="/">{t("← На главную", "← Home")}</a></p>
                        <h1>{t("Работа в группах: ведущий", "Group work: facilitator")}</h1>
                        {move || if started.get() { facilitator(board).into_any() } else { view! { {new_session_form(board)} {archive::list()} }.into_any() }}
                    </main>
                }
            });
        }
    }
}
