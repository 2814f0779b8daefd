//! The presenter screen (`#screen`): the current question's answers for the projector, kept
//! current from the facilitator's window.

use leptos::prelude::*;
use web::lang::t;
use workshop::Kind;

use crate::{keep, summary};

pub(crate) fn screen() -> impl IntoView {
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
