//! Results: the percentage per section and in total, the deficits with the template's
//! recommendations, and the CSV export for the municipality.

use std::sync::Arc;

use leptos::prelude::*;
use model::{evaluate, Assessment, Template};

use crate::browser::download;
use crate::i18n::{field_problem, fill, lang, tr, Lang};
use crate::pages::assessment_page;

pub fn results_page(id: String) -> impl IntoView {
    assessment_page(id, |assessment, template| {
        results_view(assessment, template).into_any()
    })
}

/// `72,4 %` in Russian, `72.4 %` in English.
fn percent_text(p: Option<model::Percent>, lang: Lang) -> String {
    match (p, lang) {
        (Some(p), Lang::Ru) => p.to_string(),
        (Some(p), Lang::En) => format!("{}\u{a0}%", p.decimal_point()),
        (None, _) => "—".to_owned(),
    }
}

/// A level in words, coloured by its tone (the colour only repeats what the words say).
fn level_cell(level: Option<&model::Level>, lang: Lang) -> impl IntoView {
    let (label, class) = match level {
        Some(l) => (
            l.label.get(lang).to_owned(),
            match l.tone {
                model::Tone::Good => "level good",
                model::Tone::Medium => "level medium",
                model::Tone::Bad => "level bad",
            },
        ),
        None => ("—".to_owned(), "level"),
    };
    view! { <td><span class=class>{label}</span></td> }
}

fn results_view(assessment: Assessment, template: Arc<Template>) -> impl IntoView {
    let (tr, lang) = (tr(), lang());
    let results = evaluate(&template, &assessment);

    let has_levels = template.has_levels();
    // Only sections with scored items get a percentage: a register or a plan (ШНОР's
    // priorities and programmes, the decisions register) has none, so no row and, for a
    // template with nothing scored, no results table and no deficits at all.
    let scored = |s: &model::Section| s.items.iter().any(model::Item::is_scored);
    let any_scored = template.sections.iter().any(scored);
    let rows = results
        .sections
        .iter()
        .filter(|r| r.visible && scored(r.section))
        .map(|r| {
            let (sid, title) = (r.section.id.clone(), r.section.title.clone());
            // Nobody answered: «нет ответов», not 0 % (and no level: see `evaluate`).
            let pct = r.score.percent().filter(|_| r.score.answered > 0);
            let width = pct.map_or(0, |p| p.tenths());
            view! {
                <tr>
                    <th scope="row"><span class="sid">{sid}</span> " " {title.get(lang).to_owned()}</th>
                    <td class="num">
                        <span class="bar" aria-hidden="true"><span style=format!("width:{}%", width / 10)></span></span>
                        {pct.map_or(tr.no_answers.to_owned(), |p| percent_text(Some(p), lang))}
                    </td>
                    {has_levels.then(|| level_cell(r.level, lang))}
                    <td class="num">{format!("{} / {}", r.score.answered, r.score.items)}</td>
                </tr>
            }
        })
        .collect_view();
    let total = results.total;

    let deficits = results
        .deficits
        .iter()
        .map(|d| {
            let (id, label) = (d.item.id.clone(), d.item.label.clone());
            let choice = match d.choice {
                Some(c) => c.label.get(lang).to_owned(),
                None => fill(tr.points_of, &[&d.points, &d.max]),
            };
            let recommendation = d.item.recommendation.clone();
            view! {
                <li>
                    <p>
                        {model::shown_number(&id).map(|n| view! { <span class="sid">{n.to_owned()}</span> " " })}
                        {label.get(lang).to_owned()}
                        " — " <strong>{choice}</strong>
                    </p>
                    {recommendation.map(|r| view! {
                        <p class="muted">{tr.recommendation} ": " {r.get(lang).to_owned()}</p>
                    })}
                </li>
            }
        })
        .collect_view();
    let any_deficits = !results.deficits.is_empty();
    // What the municipality would miss in the file: wrong or missing respondent fields and
    // unanswered criteria. Shown, not enforced: the school decides when to send.
    let mut to_check: Vec<String> = assessment
        .respondent_problems(&template)
        .into_iter()
        .map(|(field, problem)| {
            fill(
                tr.field_named,
                &[&field.label.get(lang), &field_problem(problem, lang)],
            )
        })
        .collect();
    to_check.extend(
        model::item_problems(&template, &assessment)
            .into_iter()
            .map(|(item, p)| {
                fill(
                    tr.field_named,
                    &[&item.name(lang), &tr.item_problem(item, &p, lang)],
                )
            }),
    );
    let (criteria_answered, criteria) = (results.criteria_answered, results.criteria);
    if criteria_answered < criteria {
        to_check.push(fill(
            tr.unanswered_count,
            &[&(criteria - criteria_answered), &criteria],
        ));
    }
    let ready = to_check.is_empty();
    let to_check = to_check
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();

    // Tables the school filled in (action plans, decisions): part of the printed report.
    let tables = model::filled_tables(&template, &assessment)
        .into_iter()
        .map(|(item, answer)| {
            let head = item
                .columns
                .iter()
                .map(|c| view! { <th scope="col">{c.label.get(lang).to_owned()}</th> })
                .collect_view();
            let body = answer
                .rows
                .iter()
                .map(|row| {
                    let cells = item
                        .columns
                        .iter()
                        .map(|c| {
                            let v = row.get(&c.id).map_or("", String::as_str);
                            let shown = match c.kind {
                                model::ColumnKind::Choice => c
                                    .choices
                                    .iter()
                                    .find(|x| x.value == v)
                                    .map_or(v.to_owned(), |x| x.label.get(lang).to_owned()),
                                _ if v == model::PERMANENT => tr.permanent.to_owned(),
                                // Dates as people write them: 31.03.2026 / 31 Mar 2026.
                                _ if model::is_date(v) => model::date_text(v, lang),
                                _ => v.to_owned(),
                            };
                            view! { <td>{shown}</td> }
                        })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            // Wide tables scroll in their own box, so a phone's page does not.
            view! {
                <div class="table-wrap" tabindex="0">
                    <table class="rows">
                        <caption>{item.name(lang)}</caption>
                        <thead><tr>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            }
        })
        .collect_view();

    let export_error = RwSignal::new(None::<String>);
    let fill_href = format!("/a/{}", assessment.id);
    let report_href = format!("/report.html?id={}", assessment.id);
    let school = assessment.respondent_value("school_name").to_owned();
    let id = assessment.id.clone();
    // Made in the file worker (the CSV writer is not in the first view's bundle), which
    // also marks the assessment exported. The layout and profile (docs/csv-format.md) are
    // read from the select boxes when the button is pressed.
    let on_export = move |_| {
        let id = id.clone();
        let choice = [
            ["wide", "long", "tables"][crate::browser::chosen("csv-layout")],
            ["excel", "excel-1251", "rfc4180"][crate::browser::chosen("csv-profile")],
        ];
        leptos::task::spawn_local(async move {
            let outcome = crate::storage::export_csv(&id, choice, lang)
                .await
                .and_then(|(bytes, name)| download(&name, "text/csv;charset=utf-8", &bytes));
            export_error.set(outcome.err());
        });
    };

    view! {
        <h1>{tr.results_title} ": " {template.title.get(lang).to_owned()}</h1>
        {(!school.is_empty()).then(|| view! { <p class="lead">{school}</p> })}
        {template.notice.as_ref().map(|n| view! { <p class="note">{n.get(lang).to_owned()}</p> })}
        {any_scored.then(|| view! {
            <div class="table-wrap" tabindex="0">
                <table class="results">
                    <caption>{tr.results_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr.col_section}</th>
                            <th scope="col">{tr.col_result}</th>
                            {has_levels.then(|| view! { <th scope="col">{tr.col_level}</th> })}
                            <th scope="col">{tr.col_answered}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{tr.total}</th>
                            <td class="num">{total.percent().filter(|_| total.answered > 0).map_or(tr.no_answers.to_owned(), |p| percent_text(Some(p), lang))}</td>
                            {has_levels.then(|| level_cell(results.total_level, lang))}
                            <td class="num">{format!("{criteria_answered} / {criteria}")}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            {(criteria_answered < criteria).then(|| view! {
                <p class="note">{fill(tr.unanswered_note, &[&criteria_answered, &criteria])}</p>
            })}
            <section aria-labelledby="deficits-h">
                <h2 id="deficits-h">{tr.deficits}</h2>
                {if any_deficits {
                    view! { <ol class="deficits">{deficits}</ol> }.into_any()
                } else {
                    view! { <p>{tr.no_deficits}</p> }.into_any()
                }}
            </section>
        })}
        {tables}
        <section class="no-print" aria-labelledby="check-h">
            <h2 id="check-h">{tr.check_title}</h2>
            {if ready {
                view! { <p class="ok">{tr.all_ready}</p> }.into_any()
            } else {
                view! { <ul class="to-check">{to_check}</ul> }.into_any()
            }}
        </section>
        <div class="actions no-print">
            <label>{tr.csv_profile} " "
                <select id="csv-profile">
                    <option>"Excel (UTF-8)"</option>
                    <option>"Excel (Windows-1251)"</option>
                    <option>"RFC 4180 (UTF-8, «,»)"</option>
                </select>
            </label>
            <label>{tr.csv_layout} " "
                <select id="csv-layout">
                    <option>{tr.layout_wide}</option>
                    <option>{tr.layout_long}</option>
                    <option>{tr.layout_tables}</option>
                </select>
            </label>
        </div>
        <div class="actions no-print">
            <button type="button" class="primary" on:click=on_export>{tr.export_csv}</button>
            <button type="button" on:click=|_| {
                let _ = window().print();
            }>{tr.print}</button>
            <a href=report_href class="button">{tr.report_link}</a>
            <a href=fill_href class="button">{tr.back_to_filling}</a>
        </div>
        {move || export_error.get().map(|e| view! {
            <p class="alert" role="alert">{fill(tr.export_failed, &[&e])}</p>
        })}
    }
}
