//! What a workshop code may do to the board: add to its own device's answers at once, replace
//! them only once the facilitator confirms, never erase or lock out another device (device ids
//! and revisions are self-declared), and never go over the session's rules.

use proptest::prelude::*;
use workshop::wire;
use workshop::{
    Answer, Board, Change, Changed, Contribution, Kind, Limit, Merge, Question, Rules, Session,
    MAX_ITEM_CHARS,
};

fn session() -> Session {
    let q = |text: &str, kind, options: &[&str]| Question {
        text: text.into(),
        kind,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    };
    let mut s = Session::new(
        7,
        vec!["Группа А".into(), "Группа Б".into()],
        vec![
            q("Проблемы", Kind::List, &[]),
            q("Оценка", Kind::Rating, &[]),
            q("Формат", Kind::Multi, &["очно", "онлайн", "смешанно"]),
            q("Голосование", Kind::Dots, &["А", "Б", "В", "Г"]),
        ],
    );
    s.rules = Rules { votes: 3, items: 4 };
    s
}

fn code(device: u32, group: u16, revision: u32, answers: Vec<(u16, Answer)>) -> Contribution {
    Contribution {
        session: 7,
        device,
        group,
        revision,
        answers,
    }
}

fn items(list: &[&str]) -> Answer {
    Answer::Items(list.iter().map(|i| (*i).to_owned()).collect())
}

fn listed(device: u32, group: u16, revision: u32, list: &[&str]) -> Contribution {
    code(device, group, revision, vec![(0, items(list))])
}

#[test]
fn a_device_adds_to_its_own_answers_at_once_and_replaces_them_only_when_confirmed() {
    let mut b = Board::new(session());
    assert_eq!(b.merge(listed(1, 0, 1, &["нет кадров"])), Merge::Added);
    // Only additions: taken at once.
    let more = code(
        1,
        0,
        2,
        vec![
            (0, items(&["нет кадров", "нет методиста"])),
            (1, Answer::Rating(4)),
        ],
    );
    assert_eq!(b.merge(more), Merge::Extended);
    assert_eq!(b.items(0, 0), ["нет кадров", "нет методиста"]);
    // The same device changes its rating and drops an item: held, nothing changes yet.
    let changed = code(
        1,
        0,
        3,
        vec![(0, items(&["нет методиста"])), (1, Answer::Rating(5))],
    );
    assert_eq!(b.merge(changed.clone()), Merge::Confirm);
    assert_eq!(b.items(0, 0), ["нет кадров", "нет методиста"]);
    assert_eq!(b.rating(1), (1, Some(40)));
    assert_eq!(
        b.changes(&changed),
        Change {
            group: 0,
            device: 1,
            older: false,
            questions: vec![
                Changed {
                    question: 0,
                    removed: vec!["нет кадров".into()],
                    added: vec![],
                },
                Changed {
                    question: 1,
                    removed: vec!["4".into()],
                    added: vec!["5".into()],
                },
            ],
        }
    );
    // Confirmed: applied.
    assert_eq!(b.replace(changed.clone()), Merge::Replaced);
    assert_eq!(b.items(0, 0), ["нет методиста"]);
    assert_eq!(b.rating(1), (1, Some(50)));
    assert_eq!(b.merge(changed), Merge::Same);
}

#[test]
fn a_code_claiming_another_devices_id_cannot_silently_replace_its_answers() {
    let mut b = Board::new(session());
    assert_eq!(
        b.merge(listed(1, 0, 1, &["нет кадров", "нет интернета"])),
        Merge::Added
    );
    assert_eq!(b.merge(listed(2, 0, 1, &["нет методиста"])), Merge::Added);
    // Device 2's code names device 2: device 1's items are out of its reach.
    assert_eq!(
        b.merge(listed(2, 0, 2, &["нет методиста", "x"])),
        Merge::Extended
    );
    assert_eq!(
        b.items(0, 0),
        ["нет кадров", "нет интернета", "нет методиста", "x"]
    );
    // A forged code claiming device 1 that would drop its items: held, and what it would do is
    // named (group, device, the items that would go).
    let forged = listed(1, 0, 2, &["реклама"]);
    assert_eq!(b.merge(forged.clone()), Merge::Confirm);
    let change = b.changes(&forged);
    assert_eq!((change.group, change.device), (0, 1));
    assert_eq!(change.questions[0].removed, ["нет кадров", "нет интернета"]);
    assert_eq!(change.questions[0].added, ["реклама"]);
    assert_eq!(
        b.items(0, 0),
        ["нет кадров", "нет интернета", "нет методиста", "x"]
    );
    // An empty forged code (erase everything): held too.
    assert_eq!(b.merge(code(1, 0, 9, vec![])), Merge::Confirm);
    assert_eq!(b.items(0, 0).len(), 4);
}

#[test]
fn a_revision_of_u32_max_does_not_lock_the_genuine_device_out() {
    let mut b = Board::new(session());
    assert_eq!(b.merge(listed(1, 0, 1, &["нет кадров"])), Merge::Added);
    // The forger's huge revision: held when it would replace anything …
    let forged = listed(1, 0, u32::MAX, &["реклама"]);
    assert_eq!(b.merge(forged.clone()), Merge::Confirm);
    // … and the genuine phone's next code is still taken at once.
    assert_eq!(
        b.merge(listed(1, 0, 2, &["нет кадров", "нет методиста"])),
        Merge::Extended
    );
    assert_eq!(b.items(0, 0), ["нет кадров", "нет методиста"]);
    // Even a forged code that only adds, taken at once with its huge revision, or one the
    // facilitator confirmed, does not make the genuine device's next answers «older»: they are
    // judged by what they bring.
    assert_eq!(
        b.merge(listed(
            1,
            0,
            u32::MAX,
            &["нет кадров", "нет методиста", "реклама"]
        )),
        Merge::Extended
    );
    let genuine = listed(1, 0, 3, &["нет кадров", "нет методиста", "нет ставки"]);
    assert_eq!(
        b.merge(genuine.clone()),
        Merge::Confirm,
        "it would drop «реклама»"
    );
    let change = b.changes(&genuine);
    assert!(change.older);
    assert_eq!(change.questions[0].removed, ["реклама"]);
    assert_eq!(change.questions[0].added, ["нет ставки"]);
    assert_eq!(b.replace(genuine.clone()), Merge::Replaced);
    assert_eq!(b.items(0, 0), ["нет кадров", "нет методиста", "нет ставки"]);
    // After that the phone goes on as usual.
    let next = listed(
        1,
        0,
        4,
        &["нет кадров", "нет методиста", "нет ставки", "ещё"],
    );
    assert_eq!(b.merge(next), Merge::Extended);
    // An earlier code with nothing new changes nothing (a camera reading an old code again).
    assert_eq!(b.merge(listed(1, 0, 1, &["нет кадров"])), Merge::Older);
    assert_eq!(b.items(0, 0).len(), 4);
}

#[test]
fn votes_are_capped_per_device_and_an_option_counts_once() {
    let mut b = Board::new(session());
    let dots = |device, d: Vec<(u16, u8)>| code(device, 0, 1, vec![(3, Answer::Dots(d))]);
    // One code, ten thousand votes for one option: refused.
    let stuffed = dots(1, vec![(0, 1); 10_000]);
    assert_eq!(b.merge(stuffed), Merge::Invalid);
    assert_eq!(
        b.merge(dots(1, vec![(0, 255)])),
        Merge::TooMany(Limit::Votes(3))
    );
    assert_eq!(
        b.merge(dots(1, vec![(0, 2), (1, 2)])),
        Merge::TooMany(Limit::Votes(3))
    );
    assert_eq!(b.merge(dots(1, vec![(9, 1)])), Merge::Invalid);
    let multi = |c: Vec<u16>| code(2, 0, 1, vec![(2, Answer::Choices(c))]);
    assert_eq!(b.merge(multi(vec![1, 1, 1])), Merge::Invalid);
    assert_eq!(b.tally(3), [0, 0, 0, 0]);
    assert_eq!(b.tally(2), [0, 0, 0]);
    // Within the rules: counted.
    assert_eq!(b.merge(dots(1, vec![(0, 2), (1, 1)])), Merge::Added);
    assert_eq!(b.merge(multi(vec![0, 2])), Merge::Added);
    assert_eq!(b.tally(3), [2, 1, 0, 0]);
    assert_eq!(b.tally(2), [1, 0, 1]);
    // A question answered twice in one code (to count its votes twice): refused.
    let twice = code(
        3,
        0,
        1,
        vec![
            (3, Answer::Dots(vec![(0, 3)])),
            (3, Answer::Dots(vec![(0, 3)])),
        ],
    );
    assert_eq!(b.merge(twice), Merge::Invalid);
    assert_eq!(b.tally(3), [2, 1, 0, 0]);
}

#[test]
fn items_per_group_and_item_length_are_capped() {
    let mut b = Board::new(session());
    let many: Vec<String> = (0..10_000).map(|i| format!("пункт {i}")).collect();
    let flood = code(1, 0, 1, vec![(0, Answer::Items(many))]);
    assert_eq!(b.merge(flood.clone()), Merge::TooMany(Limit::Items(4)));
    assert_eq!(b.replace(flood), Merge::TooMany(Limit::Items(4)));
    // The limit is the group's, all devices together, and another group has its own.
    assert_eq!(b.merge(listed(1, 0, 1, &["а", "б", "в"])), Merge::Added);
    assert_eq!(
        b.merge(listed(2, 0, 1, &["г", "д"])),
        Merge::TooMany(Limit::Items(4))
    );
    assert_eq!(b.merge(listed(2, 0, 1, &["г"])), Merge::Added);
    assert_eq!(
        b.merge(listed(2, 1, 1, &["а", "б", "в", "г"])),
        Merge::Added
    );
    // A device's own items count once when it sends them again.
    assert_eq!(
        b.merge(listed(1, 0, 2, &["а", "б", "в", "е"])),
        Merge::TooMany(Limit::Items(4))
    );
    assert_eq!(
        b.replace(listed(1, 0, 2, &["а", "б", "е"])),
        Merge::Replaced
    );
    assert_eq!(b.items(0, 0), ["а", "б", "е", "г"]);
    let long = "я".repeat(MAX_ITEM_CHARS + 1);
    assert_eq!(
        b.merge(listed(3, 1, 1, &[&long])),
        Merge::TooMany(Limit::ItemChars(MAX_ITEM_CHARS))
    );
    assert_eq!(
        b.merge(listed(3, 1, 1, &[&long[..MAX_ITEM_CHARS * 2]])),
        Merge::TooMany(Limit::Items(4))
    );
}

#[test]
fn the_rules_travel_with_the_session_and_an_old_session_reads_with_the_defaults() {
    let s = session();
    assert_eq!(wire::read_session(&wire::session_bytes(&s)), Ok(s.clone()));
    // A session code from before the rules: the bytes end after the questions.
    let mut old = wire::session_bytes(&s);
    old.truncate(old.len() - 2);
    let read = wire::read_session(&old).expect("an old session reads");
    assert_eq!(read.rules, Rules::default());
    assert_eq!(read.questions, s.questions);
}

fn answer() -> impl Strategy<Value = (u16, Answer)> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(vec!["а", "б", "в", "г"]), 0..4)
            .prop_map(|l| (0, Answer::Items(l.into_iter().map(str::to_owned).collect()))),
        (1u8..=5).prop_map(|r| (1, Answer::Rating(r))),
        prop::collection::btree_set(0u16..3, 0..3)
            .prop_map(|c| (2, Answer::Choices(c.into_iter().collect()))),
        prop::collection::btree_map(0u16..4, 1u8..=2, 0..3)
            .prop_map(|d| (3, Answer::Dots(d.into_iter().collect()))),
    ]
}

fn answers() -> impl Strategy<Value = Vec<(u16, Answer)>> {
    prop::collection::btree_map(0u16..4, answer(), 0..4).prop_map(|m| {
        let mut v: Vec<(u16, Answer)> = m.into_values().collect();
        v.sort_by_key(|(q, _)| *q);
        v.dedup_by_key(|(q, _)| *q);
        v
    })
}

proptest! {
    /// Whatever a sequence of codes claims (device, group, revision), no merge removes or
    /// replaces anything held: it only adds, or changes nothing.
    #[test]
    fn merging_never_removes_what_is_held(
        codes in prop::collection::vec((0u32..3, 0u16..2, any::<u32>(), answers()), 1..12),
    ) {
        let mut b = Board::new(session());
        for (device, group, revision, answers) in codes {
            let before = b.clone();
            let c = code(device, group, revision, answers);
            let change = b.changes(&c);
            let outcome = b.merge(c);
            for g in 0..2u16 {
                for q in 0..4u16 {
                    let (was, now) = (before.items(q, g), b.items(q, g));
                    prop_assert!(was.iter().all(|i| now.contains(i)), "{outcome:?}: {was:?} → {now:?}");
                }
            }
            for h in before.contributions() {
                let now = b.contributions().iter().find(|c| (c.device, c.group) == (h.device, h.group));
                prop_assert!(now.is_some());
                if outcome == Merge::Extended || outcome == Merge::Added {
                    prop_assert!(change.questions.iter().all(|q| q.removed.is_empty()));
                } else {
                    prop_assert_eq!(now.map(|c| &c.answers), Some(&h.answers), "{:?}", outcome);
                }
            }
            prop_assert!(b.tally(3).iter().sum::<u32>() <= 3 * b.contributions().len() as u32);
        }
    }
}

/// A board of tens of thousands of devices (a restored session, or many codes): each merge
/// finds its device by an index and counts the group's items from a running total, so merging
/// stays linear; the items limit still holds across all of them.
#[test]
fn many_devices_merge_in_linear_time() {
    let mut s = session();
    s.rules.items = 60_000;
    let mut b = Board::new(s);
    let started = std::time::Instant::now();
    for device in 0..50_000u32 {
        let c = listed(device, (device % 2) as u16, 1, &["пункт"]);
        assert_eq!(b.merge(c), Merge::Added);
    }
    for device in 0..50_000u32 {
        let c = listed(device, (device % 2) as u16, 2, &["пункт"]);
        assert_eq!(b.merge(c), Merge::Same);
    }
    assert_eq!(
        b.items_by_group(0).iter().map(Vec::len).sum::<usize>(),
        50_000
    );
    assert_eq!(
        b.merge(listed(1, 1, 2, &["пункт"; 40_000])),
        Merge::TooMany(Limit::Items(60_000))
    );
    // A hang guard (the speed is `bench_workshop`'s): a scan per merge takes minutes here.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // A dot-voting answer naming one option of a question with many is checked in the size
    // of the answer, not of the question.
    let mut s = session();
    s.questions[3].options = (0..60_000).map(|o| o.to_string()).collect();
    let mut b = Board::new(s);
    let started = std::time::Instant::now();
    for device in 0..20_000u32 {
        let c = code(device, 0, 1, vec![(3, Answer::Dots(vec![(59_999, 1)]))]);
        assert_eq!(b.merge(c), Merge::Added);
    }
    // A hang guard (the speed is `bench_workshop`'s): a scan per merge takes minutes here.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
