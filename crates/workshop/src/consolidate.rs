//! Consolidating a list question: the groups' items become one list the hall votes on. Items
//! that read the same (case, punctuation and spaces aside) are one entry from the start; the
//! facilitator merges others — [`suggestions`] proposes pairs that look alike —, edits the
//! wording, and the entries become the options of a dot-voting question. Every entry keeps where
//! it came from (group and original wording), so nothing a group said is lost by merging.

use crate::board::Board;

/// One item of the consolidated list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The wording shown (the first source's, until edited).
    pub text: String,
    /// (group position, the item as that group wrote it).
    pub sources: Vec<(u16, String)>,
}

/// Lower case, letters and digits only, words separated by one space.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The list of a question from the board: every group's items in group order, the same
/// wording once.
pub fn entries(board: &Board, question: u16) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for g in 0..board.session.groups.len() as u16 {
        for item in board.items(question, g) {
            let key = normalise(item);
            if key.is_empty() {
                continue;
            }
            match out.iter_mut().find(|e| normalise(&e.text) == key) {
                Some(e) => e.sources.push((g, item.to_owned())),
                None => out.push(Entry {
                    text: item.trim().to_owned(),
                    sources: vec![(g, item.to_owned())],
                }),
            }
        }
    }
    out
}

/// Merges entry `from` into entry `into` (positions in `list`); `into` keeps its wording.
pub fn merge(list: &mut Vec<Entry>, into: usize, from: usize) {
    if into == from || into >= list.len() || from >= list.len() {
        return;
    }
    let taken = list.remove(from);
    let into = if from < into { into - 1 } else { into };
    list[into].sources.extend(taken.sources);
}

/// Character trigrams of the normalised text (with a space at each end).
fn trigrams(text: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = format!(" {} ", normalise(text)).chars().collect();
    let mut t: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// How alike two wordings are, 0–100: the share of character trigrams they have in common
/// (Jaccard), which forgives word endings and small typos — «нехватка учителей» and «нехватка
/// учителя» are alike, «нет интернета» and «нет методиста» are not.
pub fn likeness(a: &str, b: &str) -> u32 {
    let (x, y) = (trigrams(a), trigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0;
    }
    let common = x.iter().filter(|t| y.binary_search(t).is_ok()).count();
    let all = x.len() + y.len() - common;
    (common * 100 / all) as u32
}

/// Pairs of entries that look alike (likeness at least `threshold`), most alike first:
/// (position, position, likeness).
pub fn suggestions(list: &[Entry], threshold: u32) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for i in 0..list.len() {
        for j in i + 1..list.len() {
            let l = likeness(&list[i].text, &list[j].text);
            if l >= threshold {
                out.push((i, j, l));
            }
        }
    }
    out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Answer, Contribution, Kind, Question, Session};

    fn board(groups: &[&[&str]]) -> Board {
        let mut b = Board::new(Session {
            id: 1,
            title: String::new(),
            date: String::new(),
            agenda: String::new(),
            groups: (0..groups.len()).map(|g| format!("Группа {g}")).collect(),
            questions: vec![Question {
                text: "Проблемы".into(),
                kind: Kind::List,
                options: vec![],
            }],
        });
        for (g, items) in groups.iter().enumerate() {
            b.merge(Contribution {
                session: 1,
                device: 9,
                group: g as u16,
                revision: 1,
                answers: vec![(
                    0,
                    Answer::Items(items.iter().map(|i| (*i).to_owned()).collect()),
                )],
            });
        }
        b
    }

    #[test]
    fn the_same_wording_is_one_entry_and_merging_keeps_every_source() {
        let b = board(&[
            &["Нехватка учителей", "Нет интернета"],
            &[
                "нехватка  учителей!",
                "Нехватка учителя математики",
                "Нет методиста",
            ],
        ]);
        let mut list = entries(&b, 0);
        let texts: Vec<&str> = list.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Нехватка учителей",
                "Нет интернета",
                "Нехватка учителя математики",
                "Нет методиста"
            ]
        );
        assert_eq!(
            list[0].sources,
            [
                (0, "Нехватка учителей".into()),
                (1, "нехватка  учителей!".into())
            ]
        );

        let s = suggestions(&list, 40);
        assert_eq!((s[0].0, s[0].1), (0, 2), "{s:?}");
        assert!(
            !s.iter().any(|&(i, j, _)| (i, j) == (1, 3)),
            "«нет интернета» is not «нет методиста»: {s:?}"
        );

        merge(&mut list, 0, 2);
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].text, "Нехватка учителей");
        assert_eq!(list[0].sources.len(), 3);
        // Merging into a later entry, and nonsense positions, behave.
        merge(&mut list, 2, 0);
        assert_eq!(list[1].text, "Нет методиста");
        assert_eq!(list[1].sources.len(), 4);
        merge(&mut list, 0, 9);
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn likeness_forgives_endings_not_other_words() {
        assert_eq!(likeness("Нет интернета", "нет интернета."), 100);
        assert!(likeness("нехватка учителей", "нехватка учителя") >= 50);
        assert!(likeness("нет интернета", "нет методиста") < 40);
        assert_eq!(likeness("", "что-то"), 0);
    }
}
