//! Consolidating a list question: the groups' items become one list the hall votes on. Items
//! that read the same (case, punctuation and spaces aside) are one entry from the start; the
//! facilitator merges others — [`suggestions`] proposes pairs that look alike —, edits the
//! wording, and the entries become the options of a dot-voting question. Every entry keeps where
//! it came from (group and original wording), so nothing a group said is lost by merging.

use std::collections::HashMap;

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

/// Only the first this many characters of a wording (normalised) are compared for likeness:
/// items are short phrases, and a pasted essay must not make every comparison long.
pub const COMPARED_CHARS: usize = 160;
/// At most this many other entries are compared with each entry (those sharing its rarest
/// trigrams first), so a list of thousands of near-duplicates stays linear.
pub const CANDIDATES: usize = 32;

/// The list of a question from the board: every group's items in group order, the same
/// wording once. Linear in the number of items (one pass over the board, a hash of the
/// normalised wordings).
pub fn entries(board: &Board, question: u16) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (g, items) in board.items_by_group(question).into_iter().enumerate() {
        let g = g as u16;
        for item in items {
            // An item with several cells consolidates by its wording; its other cells stay
            // with its source.
            let wording = crate::session::item_wording(item);
            let key = normalise(wording);
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                Some(&at) => out[at].sources.push((g, item.to_owned())),
                None => {
                    seen.insert(key, out.len());
                    out.push(Entry {
                        text: wording.trim().to_owned(),
                        sources: vec![(g, item.to_owned())],
                    });
                }
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

/// Character trigrams of the normalised text (with a space at each end; the first
/// [`COMPARED_CHARS`] characters), sorted, each once.
fn trigrams(text: &str) -> Vec<[char; 3]> {
    let mut chars: Vec<char> = vec![' '];
    chars.extend(normalise(text).chars().take(COMPARED_CHARS));
    chars.push(' ');
    let mut t: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// The likeness of two sorted sets of trigram numbers.
fn jaccard(x: &[u32], y: &[u32]) -> u32 {
    if x.is_empty() || y.is_empty() {
        return 0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let all = x.len() + y.len() - common;
    (common * 100 / all) as u32
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

/// Pairs of entries that look alike (likeness at least `threshold`, and at least one trigram
/// in common), most alike first: (position, position, likeness).
///
/// An inverted index from trigram to entries, probed with each entry's rarest trigrams only
/// (prefix filtering: a pair at least `threshold` alike must share one of them), at most
/// [`CANDIDATES`] entries compared per entry. Exactly the all-pairs answer while no entry has
/// more than [`CANDIDATES`] candidates; linear in the list otherwise (the nearest candidates in
/// list order are kept).
pub fn suggestions(list: &[Entry], threshold: u32) -> Vec<(usize, usize, u32)> {
    // Trigrams as numbers, each entry's set sorted.
    let mut numbers: HashMap<[char; 3], u32> = HashMap::new();
    let sets: Vec<Vec<u32>> = list
        .iter()
        .map(|e| {
            let mut set: Vec<u32> = trigrams(&e.text)
                .into_iter()
                .map(|t| {
                    let next = numbers.len() as u32;
                    *numbers.entry(t).or_insert(next)
                })
                .collect();
            set.sort_unstable();
            set
        })
        .collect();
    // Postings: the entries holding each trigram, in list order.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); numbers.len()];
    for (i, set) in sets.iter().enumerate() {
        for &t in set {
            postings[t as usize].push(i as u32);
        }
    }
    let mut out = Vec::new();
    let mut mark = vec![usize::MAX; list.len()];
    let mut candidates: Vec<u32> = Vec::with_capacity(CANDIDATES);
    let mut order: Vec<u32> = Vec::new();
    for (i, x) in sets.iter().enumerate() {
        if x.is_empty() {
            continue;
        }
        // The fewest trigrams in common a pair `threshold` alike needs: common·100 ≥
        // threshold·|x ∪ y| ≥ threshold·|x|.
        let need = (threshold as usize * x.len()).div_ceil(100).max(1);
        if need > x.len() {
            continue;
        }
        order.clear();
        order.extend_from_slice(x);
        order.sort_by_key(|&t| (postings[t as usize].len(), t));
        candidates.clear();
        'probe: for &t in &order[..x.len() - need + 1] {
            let p = &postings[t as usize];
            let start = p.partition_point(|&j| j as usize <= i);
            for &j in &p[start..] {
                if mark[j as usize] != i {
                    mark[j as usize] = i;
                    candidates.push(j);
                    if candidates.len() == CANDIDATES {
                        break 'probe;
                    }
                }
            }
        }
        for &j in &candidates {
            let l = jaccard(x, &sets[j as usize]);
            if l >= threshold {
                out.push((i, j as usize, l));
            }
        }
    }
    out.sort_unstable_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
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
            rules: crate::session::Rules::default(),
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
