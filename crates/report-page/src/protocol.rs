//! A meeting's record (the `decisions` template) printed as its protocol, in the order the
//! sample protocols keep: the header (organisation, ПРОТОКОЛ №, the body, date, place,
//! председатель, секретарь, присутствовали with the breakdown, отсутствовали), ПОВЕСТКА with
//! each item's докладчик and содокладчик, then per item СЛУШАЛИ, ВЫСТУПИЛИ and РЕШИЛИ with its
//! decisions grouped by addressee, and the chair's and secretary's signature lines.
//!
//! The decisions are the register's rows (`decisions`): one source, printed here and checked
//! for execution there. Which item a decision belongs to, and the grouping by addressee, are
//! `model::protocol`'s (pure, tested natively). Beneath the protocol, on screen only, the register's table with the
//! overdue mark: the protocol on paper is what the secretary signs, not its follow-up.

use std::sync::Arc;

use leptos::prelude::*;
use model::protocol::{by_addressee, cell, Agenda};
use model::{Assessment, Item, Lang, Template, VecMap};
use web::lang::t;

use crate::tables;

type Row = VecMap<String>;

/// The template whose records print as protocols, and its two tables.
const TEMPLATE: &str = "decisions";
const AGENDA: &str = "agenda_items";
const DECISIONS: &str = "decisions";

fn rows<'a>(assessment: &'a Assessment, item: &str) -> &'a [Row] {
    assessment.answer(item).map_or(&[], |a| a.rows.as_slice())
}

/// Whether this record prints as a protocol: a meeting with agenda items or decisions written.
pub fn applies(template: &Template, assessment: &Assessment) -> bool {
    template.id == TEMPLATE
        && (!rows(assessment, AGENDA).is_empty() || !rows(assessment, DECISIONS).is_empty())
}

/// «1» → «1.», «2.1.» stays: how a protocol numbers its points.
fn point(number: &str) -> String {
    let n = number.trim();
    if n.is_empty() || n.ends_with('.') {
        n.to_owned()
    } else {
        format!("{n}.")
    }
}

/// A text closed as a sentence (a full stop unless it ends with one already).
fn sentence(text: &str) -> String {
    let s = text.trim();
    if s.is_empty() || s.ends_with(['.', '!', '?', '…', ';', ':']) {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

/// «Label: value» as a paragraph, or nothing when the value is empty.
fn line(label: &'static str, value: &str) -> Option<impl IntoView> {
    let value = value.trim().to_owned();
    (!value.is_empty())
        .then(|| view! { <p><strong>{label}</strong> " " <span class="pre">{value}</span></p> })
}

/// One decision as a protocol writes it: «1.1. Решение. Срок: … Исполнитель: … (Контроль: …)».
fn decision_line(columns: &Item, row: &Row, lang: Lang) -> impl IntoView {
    let shown = |id: &str| {
        let value = cell(row, id);
        columns.columns.iter().find(|c| c.id == id).map_or_else(
            || value.to_owned(),
            |c| c.shown(value, lang, t("постоянно", "permanent")),
        )
    };
    let (deadline, responsible, controller) =
        (shown("deadline"), shown("responsible"), shown("controller"));
    view! {
        <p class="decision">
            {point(cell(row, "number"))} " " {sentence(cell(row, "decision"))}
            {(!deadline.is_empty()).then(|| view! { " " {t("Срок:", "Deadline:")} " " {sentence(&deadline)} })}
            {(!responsible.is_empty()).then(|| view! { " " {t("Исполнитель:", "Executor:")} " " {responsible} })}
            {(!controller.is_empty()).then(|| view! { " (" {t("Контроль:", "Controlled by:")} " " {controller} ")" })}
        </p>
    }
}

/// «РЕШИЛИ:» and the decisions under their addressees' headings; nothing when there are none.
fn decided(columns: &Item, decisions: &[&Row], lang: Lang) -> Option<impl IntoView> {
    if decisions.is_empty() {
        return None;
    }
    let groups = by_addressee(decisions)
        .into_iter()
        .map(|(addressee, list)| {
            let heading = (!addressee.is_empty()).then(|| {
                let heading = if addressee.ends_with(':') {
                    addressee.to_owned()
                } else {
                    format!("{addressee}:")
                };
                view! { <p class="addressee"><strong>{heading}</strong></p> }
            });
            let list = list
                .into_iter()
                .map(|row| decision_line(columns, row, lang))
                .collect_view();
            view! { <div class="group">{heading}{list}</div> }
        })
        .collect_view();
    Some(view! { <p class="verb"><strong>{t("РЕШИЛИ:", "DECIDED:")}</strong></p> {groups} })
}

/// The header: who met, when, where, who chaired, who kept the minutes, who was there.
fn header(assessment: &Assessment, lang: Lang) -> impl IntoView {
    let field = |id: &str| assessment.respondent_value(id).trim().to_owned();
    let answer = |id: &str| {
        assessment
            .answer(id)
            .map_or_else(String::new, |a| a.value.trim().to_owned())
    };
    let number = field("protocol_number");
    let title = if number.is_empty() {
        t("ПРОТОКОЛ", "MINUTES").to_owned()
    } else {
        format!("{} {number}", t("ПРОТОКОЛ №", "MINUTES No."))
    };
    let date = answer("meeting_date");
    let (organisation, body, place) = (field("organisation"), field("body"), answer("place"));
    view! {
        {(!organisation.is_empty()).then(|| view! { <p class="organisation">{organisation}</p> })}
        <h1>{title}</h1>
        {(!body.is_empty()).then(|| view! { <p class="body">{body}</p> })}
        <p class="when">
            {(!date.is_empty()).then(|| view! { <span>{model::date_text(&date, lang)}</span> })}
            {(!place.is_empty()).then(|| view! { <span>{place}</span> })}
        </p>
        {line(t("Председатель:", "Chair:"), &answer("chair"))}
        {line(t("Секретарь:", "Secretary:"), &answer("secretary"))}
        {line(t("Присутствовали:", "Present:"), &answer("present"))}
        {(!answer("present_breakdown").is_empty()).then(|| view! { <p class="pre">{answer("present_breakdown")}</p> })}
        {line(t("Отсутствовали:", "Absent:"), &answer("absent"))}
    }
}

/// ПОВЕСТКА: the numbered items with their speakers, or the agenda as one text when the items
/// were not written one by one (records made on 2026.1).
fn agenda_view(assessment: &Assessment, agenda: &[Row]) -> impl IntoView {
    let text = assessment
        .answer("agenda")
        .map_or_else(String::new, |a| a.value.trim().to_owned());
    let items = agenda
        .iter()
        .map(|item| {
            view! {
                <li>
                    <p>{point(cell(item, "number"))} " " {cell(item, "title").to_owned()}</p>
                    {line(t("Докладчик:", "Speaker:"), cell(item, "speaker"))}
                    {line(t("Содокладчик:", "Co-speaker:"), cell(item, "co_speaker"))}
                </li>
            }
        })
        .collect_view();
    let shown = !agenda.is_empty() || !text.is_empty();
    shown.then(|| {
        view! {
            <section class="agenda">
                <h2>{t("ПОВЕСТКА:", "AGENDA:")}</h2>
                {if agenda.is_empty() {
                    view! { <p class="pre">{text}</p> }.into_any()
                } else {
                    view! { <ol>{items}</ol> }.into_any()
                }}
            </section>
        }
    })
}

/// One agenda item's part: СЛУШАЛИ, ВЫСТУПИЛИ and РЕШИЛИ.
fn item_part(item: &Row, columns: &Item, decisions: &[&Row], lang: Lang) -> impl IntoView {
    let (speaker, heard) = (cell(item, "speaker"), cell(item, "heard"));
    let what = if heard.is_empty() {
        cell(item, "title")
    } else {
        heard
    };
    let heard = match (speaker.is_empty(), what.is_empty()) {
        (false, false) => format!("{speaker} — {what}"),
        (false, true) => speaker.to_owned(),
        _ => what.to_owned(),
    };
    view! {
        <section class="item-part">
            <p class="verb">
                <strong>{point(cell(item, "number"))} " " {t("СЛУШАЛИ:", "HEARD:")}</strong>
                " " <span class="pre">{heard}</span>
            </p>
            {line(t("ВЫСТУПИЛИ:", "SPOKE:"), cell(item, "spoke"))}
            {decided(columns, decisions, lang)}
        </section>
    }
}

/// Where the signature goes.
const LINE: &str = "____________________";

/// The name in «ФИО, должность» as people write it («Егорова О. Ю., начальник …»,
/// «Егорова О.Ю. - начальник …»): what comes before the position.
fn name_of(signer: &str) -> &str {
    [",", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| signer.find(sep))
        .min()
        .map_or(signer, |end| &signer[..end])
        .trim()
}

/// The signature lines: «Председатель ____ / ФИО», «Секретарь ____ / ФИО», with the names (the
/// header gives their positions) on one line with the line to sign on.
fn signatures(assessment: &Assessment) -> impl IntoView {
    let answer = |id: &str| {
        assessment
            .answer(id)
            .map_or_else(String::new, |a| a.value.trim().to_owned())
    };
    let controller = assessment.respondent_value("controller").trim().to_owned();
    // The line to sign on is typed, as a secretary types it, so that the text of the PDF
    // reads «Председатель ____ / ФИО» in order (a drawn line splits it into columns).
    let signer = |who: &'static str, name: String| {
        let name = if name.is_empty() {
            LINE.to_owned()
        } else {
            name_of(&name).to_owned()
        };
        view! { <p>{who} " " <span class="sign" aria-hidden="true">{LINE}</span> " / " {name}</p> }
    };
    view! {
        {(!controller.is_empty()).then(|| view! {
            <p class="control">{t("Контроль за исполнением решений: ", "Execution controlled by: ")}{controller}</p>
        })}
        <section class="signatures" aria-label=t("Подписи", "Signatures")>
            {signer(t("Председатель", "Chair"), answer("chair"))}
            {signer(t("Секретарь", "Secretary"), answer("secretary"))}
        </section>
    }
}

/// The protocol page: the actions on screen, the protocol, and the register's table on screen.
pub fn page(assessment: Assessment, template: Template) -> impl IntoView {
    let lang = web::lang::lang();
    let today: Arc<str> = tables::today().into();
    let agenda = rows(&assessment, AGENDA);
    let decisions = rows(&assessment, DECISIONS);
    let Some(table) = template.item(DECISIONS) else {
        return crate::failure(
            t(
                "В шаблоне нет таблицы решений.",
                "The template has no decisions table.",
            )
            .to_owned(),
        )
        .into_any();
    };
    let mut under: Vec<Vec<&Row>> = vec![Vec::new(); agenda.len()];
    let mut rest = Vec::new();
    let index = Agenda::new(agenda);
    for row in decisions {
        match index.place(row) {
            Some(k) => under[k].push(row),
            None => rest.push(row),
        }
    }
    let parts = agenda
        .iter()
        .zip(&under)
        .map(|(item, list)| item_part(item, table, list, lang))
        .collect_view();
    let rest =
        decided(table, &rest, lang).map(|v| view! { <section class="item-part">{v}</section> });
    let register = (!decisions.is_empty()).then(|| {
        view! {
            <section class="no-print">
                <h2>{t("Исполнение решений", "Execution of the decisions")}</h2>
                {tables::table_view(table, decisions, &today, lang)}
            </section>
        }
    });
    view! {
        <main id="main" class="report protocol">
            {crate::actions(&assessment.id, &template.id)}
            <article class="protocol-text">
                {header(&assessment, lang)}
                {agenda_view(&assessment, agenda)}
                {parts}
                {rest}
                {signatures(&assessment)}
            </article>
            {register}
        </main>
    }
    .into_any()
}
