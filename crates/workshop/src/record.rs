//! A session as minutes record it, and as the decisions register keeps it: what the groups
//! said on each question ([`said_by_groups`], ВЫСТУПИЛИ), and the session turned into a record
//! of the «Контроль исполнения решений» template ([`into_record`]) — the questions as the
//! agenda, the groups' output under ВЫСТУПИЛИ, the decisions numbered by question (1.1, 1.2,
//! 2.1 …) — so that a workshop's decisions are controlled like any meeting's.

use std::collections::HashMap;

use model::{Assessment, Lang, Template, VecMap};

use crate::{Answer, Board, Kind, Protocol};

/// Every answer on the board by (group, question), in the order the devices sent them: one
/// pass, so the protocol and the CSV stay linear in the board.
pub fn answers_by(board: &Board) -> HashMap<(u16, u16), Vec<&Answer>> {
    let mut out: HashMap<(u16, u16), Vec<&Answer>> = HashMap::new();
    for c in board.contributions() {
        for (q, a) in &c.answers {
            out.entry((c.group, *q)).or_default().push(a);
        }
    }
    out
}

/// A list question's items among these answers.
pub fn items<'a>(answers: &[&'a Answer]) -> Vec<&'a str> {
    answers
        .iter()
        .flat_map(|a| match a {
            Answer::Items(i) => i.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Votes per option in these answers (a choice counts one, dots count each).
pub fn counts(options: usize, answers: &[&Answer]) -> Vec<u32> {
    let mut n = vec![0u32; options];
    for a in answers {
        match a {
            Answer::Choices(c) => {
                for &o in c {
                    if let Some(x) = n.get_mut(usize::from(o)) {
                        *x += 1;
                    }
                }
            }
            Answer::Dots(d) => {
                for &(o, k) in d {
                    if let Some(x) = n.get_mut(usize::from(o)) {
                        *x += u32::from(k);
                    }
                }
            }
            _ => {}
        }
    }
    n
}

/// What the groups said on question `q`, one line per group that said anything: «Группа 1:
/// пункт; пункт».
pub fn said_by_groups(
    board: &Board,
    by: &HashMap<(u16, u16), Vec<&Answer>>,
    q: u16,
) -> Vec<String> {
    let Some(question) = board.session.questions.get(usize::from(q)) else {
        return Vec::new();
    };
    board
        .session
        .groups
        .iter()
        .enumerate()
        .filter_map(|(g, name)| {
            let g = g as u16;
            let answers: &[&Answer] = by.get(&(g, q)).map_or(&[], Vec::as_slice);
            let said = match question.kind {
                Kind::List => items(answers)
                    .into_iter()
                    .map(|i| question.item_line(i))
                    .collect::<Vec<_>>()
                    .join("; "),
                Kind::Rating => answers
                    .iter()
                    .filter_map(|a| match a {
                        Answer::Rating(r) => Some(r.to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => counts(question.options.len(), answers)
                    .into_iter()
                    .zip(&question.options)
                    .filter(|(n, _)| *n > 0)
                    .map(|(n, o)| format!("{o} — {n}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            (!said.is_empty()).then(|| format!("{name}: {said}"))
        })
        .collect()
}

/// The id of a session's record in the register: one record per session, however often its
/// decisions are put there.
pub fn record_id(board: &Board) -> String {
    format!("ws-{:08x}", board.session.id)
}

/// The register's columns a session writes; the others (status, execution, evidence, date of
/// execution, and what the person added) are kept when the session writes again.
const FROM_SESSION: [&str; 5] = [
    "number",
    "agenda_item",
    "decision",
    "responsible",
    "deadline",
];

fn row(cells: &[(&str, String)]) -> VecMap<String> {
    let mut r = VecMap::new();
    for (k, v) in cells {
        if !v.is_empty() {
            r.insert((*k).to_owned(), v.clone());
        }
    }
    r
}

/// A deadline as the register keeps it: as written, a session's date `2026-12-31` as a
/// protocol writes it («31.12.2026»).
fn deadline(text: &str) -> String {
    let t = text.trim();
    if model::is_date(t) {
        model::date_text(t, Lang::Ru)
    } else {
        t.to_owned()
    }
}

/// The session as a record of the decisions template (`template`, whose item ids are those of
/// decisions 2026.2: `meeting_date`, `chair`, `secretary`, `present`, `agenda_items`,
/// `decisions`). `held` is the record already in the register, if any: its decisions are
/// matched by number and only the session's own columns are rewritten. `spoke` is the
/// ВЫСТУПИЛИ line's start («участники семинара (3 минигруппы)»); `general` names the agenda
/// item of decisions on the session as a whole.
pub fn into_record(
    board: &Board,
    protocol: &Protocol,
    template: &Template,
    held: Option<&Assessment>,
    now: &str,
    spoke: &str,
    general: &str,
) -> Assessment {
    let s = &board.session;
    let mut a = match held {
        Some(h) => h.clone(),
        None => Assessment::new(record_id(board), template, now.to_owned()),
    };
    if held.is_some() {
        a.updated_at = now.to_owned();
        a.revision = a.revision.saturating_add(1);
    }
    let title = if s.title.trim().is_empty() {
        "Семинар".to_owned()
    } else {
        s.title.trim().to_owned()
    };
    a.respondent.insert("body".into(), title);
    if model::is_date(&s.date) {
        a.update_answer("meeting_date", |x| x.value = s.date.clone());
    }
    for (id, v) in [
        ("chair", &protocol.chair),
        ("secretary", &protocol.secretary),
        ("present", &protocol.present),
    ] {
        if !v.trim().is_empty() {
            a.update_answer(id, |x| x.value = v.trim().to_owned());
        }
    }
    let by = answers_by(board);
    let agenda: Vec<VecMap<String>> = s
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let said = said_by_groups(board, &by, i as u16);
            let spoke = if said.is_empty() {
                String::new()
            } else {
                format!("{spoke}:\n{}", said.join("\n"))
            };
            row(&[
                ("number", (i + 1).to_string()),
                ("title", q.text.trim().to_owned()),
                ("spoke", spoke),
            ])
        })
        .collect();
    a.update_answer("agenda_items", |x| x.rows = agenda);
    // Decisions numbered within their question; those on the session as a whole after all
    // questions, as one more agenda item.
    let mut within: HashMap<Option<u16>, usize> = HashMap::new();
    let general_no = s.questions.len() + 1;
    let decisions: Vec<VecMap<String>> = protocol
        .decisions
        .iter()
        .filter(|d| !d.text.trim().is_empty())
        .map(|d| {
            let k = within.entry(d.question).or_default();
            *k += 1;
            let (item, agenda_item) = match d.question.and_then(|q| s.questions.get(usize::from(q)))
            {
                Some(q) => (
                    usize::from(d.question.unwrap_or_default()) + 1,
                    q.text.trim().to_owned(),
                ),
                None => (general_no, general.to_owned()),
            };
            row(&[
                ("number", format!("{item}.{k}")),
                ("agenda_item", agenda_item),
                ("decision", d.text.trim().to_owned()),
                ("responsible", d.responsible.trim().to_owned()),
                ("deadline", deadline(&d.deadline)),
            ])
        })
        .collect();
    a.update_answer("decisions", |x| {
        let mut rows = Vec::with_capacity(decisions.len());
        for fresh in decisions {
            let number = fresh.get("number").cloned().unwrap_or_default();
            let mut kept = x
                .rows
                .iter()
                .find(|r| r.get("number") == Some(&number))
                .cloned()
                .unwrap_or_else(|| {
                    let mut r = VecMap::new();
                    r.insert("status".into(), model::STATUSES[0].value.into());
                    r
                });
            for k in FROM_SESSION {
                match fresh.get(k) {
                    Some(v) => {
                        kept.insert(k.to_owned(), v.clone());
                    }
                    None => {
                        kept.remove(k);
                    }
                }
            }
            rows.push(kept);
        }
        x.rows = rows;
    });
    a
}
