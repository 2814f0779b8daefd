//! The consolidated list against the old all-pairs algorithm (kept here as the oracle): the
//! same entries and the same suggestions on small random lists, and a list of thousands of
//! near-duplicates handled in linear time.

use proptest::prelude::*;
use workshop::consolidate::{self, Entry, CANDIDATES};
use workshop::{Answer, Board, Contribution, Kind, Question, Session};

// ---- the oracle: the algorithm before the inverted index (quadratic) ----

fn old_trigrams(text: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = format!(" {} ", consolidate::normalise(text))
        .chars()
        .collect();
    let mut t: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    t.sort_unstable();
    t.dedup();
    t
}

fn old_likeness(a: &str, b: &str) -> u32 {
    let (x, y) = (old_trigrams(a), old_trigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0;
    }
    let common = x.iter().filter(|t| y.binary_search(t).is_ok()).count();
    let all = x.len() + y.len() - common;
    (common * 100 / all) as u32
}

fn old_suggestions(list: &[Entry], threshold: u32) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for i in 0..list.len() {
        for j in i + 1..list.len() {
            let l = old_likeness(&list[i].text, &list[j].text);
            if l >= threshold {
                out.push((i, j, l));
            }
        }
    }
    out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    out
}

fn old_entries(board: &Board, question: u16) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for g in 0..board.session.groups.len() as u16 {
        for item in board.items(question, g) {
            let key = consolidate::normalise(item);
            if key.is_empty() {
                continue;
            }
            match out
                .iter_mut()
                .find(|e| consolidate::normalise(&e.text) == key)
            {
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

// ---- inputs ----

const WORDS: &[&str] = &[
    "нехватка",
    "нехватки",
    "учителей",
    "учителя",
    "нет",
    "интернета",
    "методиста",
    "Низкая",
    "мотивация",
    "ВПР",
    "—",
    "!",
    "",
    "ё",
];

fn wording() -> impl Strategy<Value = String> {
    prop::collection::vec(0..WORDS.len(), 0..5).prop_map(|w| {
        w.into_iter()
            .map(|i| WORDS[i])
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn entry(text: String) -> Entry {
    Entry {
        sources: vec![(0, text.clone())],
        text,
    }
}

fn board(groups: Vec<Vec<String>>, items_per_group: u16) -> Board {
    let mut session = Session::new(
        1,
        (0..groups.len()).map(|g| format!("Группа {g}")).collect(),
        vec![Question {
            text: "Проблемы".into(),
            kind: Kind::List,
            options: vec![],
        }],
    );
    session.rules.items = items_per_group;
    let mut b = Board::new(session);
    for (g, items) in groups.into_iter().enumerate() {
        for (device, chunk) in items.chunks(3).enumerate() {
            let c = Contribution {
                session: 1,
                device: device as u32,
                group: g as u16,
                revision: 1,
                answers: vec![(0, Answer::Items(chunk.to_vec()))],
            };
            assert_eq!(b.merge(c), workshop::Merge::Added);
        }
    }
    b
}

proptest! {
    #[test]
    fn suggestions_are_the_all_pairs_answer_on_small_lists(
        texts in prop::collection::vec(wording(), 0..=CANDIDATES),
        threshold in 1u32..=100,
    ) {
        let list: Vec<Entry> = texts.into_iter().map(entry).collect();
        prop_assert_eq!(consolidate::suggestions(&list, threshold), old_suggestions(&list, threshold));
    }

    #[test]
    fn likeness_is_the_old_likeness_on_short_wordings(a in wording(), b in wording()) {
        prop_assert_eq!(consolidate::likeness(&a, &b), old_likeness(&a, &b));
    }

    #[test]
    fn entries_are_the_old_entries(
        groups in prop::collection::vec(prop::collection::vec(wording(), 0..8), 1..5),
    ) {
        let b = board(groups, 100);
        prop_assert_eq!(consolidate::entries(&b, 0), old_entries(&b, 0));
    }
}

/// Thousands of near-duplicates (one pasted code's worth): every entry compared with at most
/// [`CANDIDATES`] others, so the work is linear; the old all-pairs loop took minutes here.
#[test]
fn thousands_of_near_duplicates_take_linear_time() {
    let n = 4000;
    let list: Vec<Entry> = (0..n)
        .map(|i| entry(format!("нехватка учителей математики в школе номер {i}")))
        .collect();
    let started = std::time::Instant::now();
    let s = consolidate::suggestions(&list, 45);
    let took = started.elapsed();
    assert!(s.len() <= n * CANDIDATES, "{} pairs", s.len());
    assert!(
        s.len() >= n,
        "near-duplicates are still proposed: {} pairs",
        s.len()
    );
    assert!(s.windows(2).all(|w| w[0].2 >= w[1].2), "most alike first");
    // A hang guard (the speed is `bench_workshop`'s): all pairs would take minutes.
    assert!(
        took.as_secs() < 60,
        "{n} near-duplicates took {took:?} (all pairs would be {} comparisons)",
        n * (n - 1) / 2
    );
    // A wording far longer than an item is compared on its first characters only.
    let long = "нехватка учителей ".repeat(50_000);
    let started = std::time::Instant::now();
    assert!(consolidate::likeness(&long, &long) == 100);
    let s = consolidate::suggestions(&[entry(long.clone()), entry(long)], 45);
    assert_eq!(s, [(0, 1, 100)]);
    assert!(started.elapsed().as_secs() < 60, "hang guard");
}
