//! «Сводный список» of a list question: the groups' items gathered once (the same wording
//! merged at once), pairs that look alike proposed for merging, wording edited, and then
//! «Голосование по сводному списку» adds a dot-voting question whose options are the entries.
//! The list is kept in localStorage per question until the session ends.

use leptos::prelude::*;
use web::lang::t;
use workshop::consolidate::{self, Entry};
use workshop::{wire, Board, Kind, Question};

use crate::keep;

/// Pairs at least this alike (0–100) are proposed for merging.
const ALIKE: u32 = 45;

fn key(q: u16) -> String {
    keep::list_key(q)
}

fn load(q: u16) -> Option<Vec<Entry>> {
    keep::get(&key(q))
        .and_then(|t| wire::base45_decode(&t))
        .and_then(|b| wire::read_entries(&b).ok())
}

fn save(q: u16, list: &[Entry]) {
    let _ = keep::set(&key(q), &wire::base45_encode(&wire::entries_bytes(list)));
}

pub fn section(
    board: RwSignal<Option<Board>>,
    q: u16,
    on_vote: impl Fn(u16) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let list = RwSignal::new(load(q));
    let said = RwSignal::new(String::new());
    let build = move |_| {
        let fresh = board.with_untracked(|b| {
            b.as_ref()
                .map(|b| consolidate::entries(b, q))
                .unwrap_or_default()
        });
        save(q, &fresh);
        said.set(format!(
            "{} {}",
            t("Пунктов в сводном списке:", "Entries in the list:"),
            fresh.len()
        ));
        list.set(Some(fresh));
    };
    let names = move |sources: &[(u16, String)]| {
        board.with_untracked(|b| {
            let mut groups: Vec<String> = sources
                .iter()
                .filter_map(|(g, _)| b.as_ref()?.session.groups.get(usize::from(*g)).cloned())
                .collect();
            groups.dedup();
            groups.join(", ")
        })
    };
    let vote = move |_| {
        let Some(entries) = list.get_untracked() else {
            return;
        };
        let added = board.try_update(|b| {
            let b = b.as_mut()?;
            let text = format!(
                "{} {}",
                t("Голосование:", "Vote:"),
                b.session
                    .questions
                    .get(usize::from(q))
                    .map(|x| x.text.clone())
                    .unwrap_or_default()
            );
            b.session.questions.push(Question {
                text,
                kind: Kind::Dots,
                options: entries.iter().map(|e| e.text.clone()).collect(),
            });
            let _ = keep::save_board(b);
            Some((b.session.questions.len() - 1) as u16)
        });
        if let Some(Some(n)) = added {
            on_vote(n);
        }
    };
    let rows = move || {
        list.get().map(|entries| {
            let items = entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let n = i + 1;
                    let rename = move |ev: leptos::ev::Event| {
                        let text = event_target_value(&ev).trim().to_owned();
                        if text.is_empty() {
                            return;
                        }
                        list.update_untracked(|l| {
                            if let Some(l) = l {
                                if let Some(e) = l.get_mut(i) {
                                    e.text = text;
                                }
                                save(q, l);
                            }
                        });
                    };
                    let from = names(&e.sources);
                    view! {
                        <li>
                            <label>{format!("{} {n}", t("Формулировка пункта", "Wording of entry"))}
                                <input type="text" value=e.text.clone() on:change=rename/></label>
                            <span class="muted">{format!("{} {from} ({})", t("от групп:", "from groups:"), e.sources.len())}</span>
                        </li>
                    }
                })
                .collect_view();
            let alike = consolidate::suggestions(&entries, ALIKE)
                .into_iter()
                .take(10)
                .map(|(a, b, _)| {
                    let (ta, tb) = (entries[a].text.clone(), entries[b].text.clone());
                    let label = format!("{} «{tb}» {} «{ta}»", t("Объединить", "Merge"), t("с", "into"));
                    view! {
                        <li>{format!("{} «{ta}» — «{tb}»", t("Похоже:", "Alike:"))} " "
                            <button type="button" aria-label=label on:click=move |_| {
                                list.update(|l| if let Some(l) = l { consolidate::merge(l, a, b); save(q, l); });
                                said.set(t("Пункты объединены.", "Entries merged.").to_owned());
                            }>{t("Объединить", "Merge")}</button></li>
                    }
                })
                .collect_view();
            view! {
                <ol class="entries">{items}</ol>
                <h4>{t("Похожие пункты", "Entries that look alike")}</h4>
                <ul class="alike">{alike}</ul>
                <p><button type="button" class="primary" on:click=vote>{t("Голосование по сводному списку", "Vote on the list")}</button></p>
            }
        })
    };
    view! {
        <section class="merge" aria-labelledby=format!("merge-h-{q}")>
            <h3 id=format!("merge-h-{q}")>{t("Сводный список", "Consolidated list")}</h3>
            <p><button type="button" on:click=build>{t("Собрать сводный список", "Gather the list")}</button></p>
            {rows}
            <p role="status">{move || said.get()}</p>
        </section>
    }
}
