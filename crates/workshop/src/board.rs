//! The facilitator's board: a session and every contribution merged into it.
//!
//! A contribution is keyed by (device, group), and a code only ever touches the contribution
//! of the device and group it names: nothing one device sends can change another device's or
//! another group's answers. A device id is self-declared (a code can claim any), so what a
//! code may do to the answers held under its key is decided by their content, never by the
//! revision number it claims:
//!
//! - the first answers of a device for a group, or answers that only add to the held ones
//!   (every held item, rating and vote still there), are taken at once;
//! - the same answers again change nothing, and so does an earlier revision whose every
//!   answer is already held;
//! - anything that would replace or remove a held answer is not applied: [`Merge::Confirm`]
//!   says so, [`Board::changes`] lists what would change for the facilitator to see, and
//!   [`Board::replace`] applies it once confirmed. A forged code (another device's id, a
//!   revision of `u32::MAX`) can therefore neither erase answers silently nor lock the genuine
//!   device out: its next code is judged by what it brings, not by its number.
//!
//! Every code is held to the session's [`Rules`](crate::session::Rules): items per group,
//! votes per device, one vote per option, items of at most
//! [`MAX_ITEM_CHARS`](crate::session::MAX_ITEM_CHARS) characters. The laptop's own entries for
//! a group are one more device, applied with [`Board::replace`] (the facilitator typed them).
//!
//! An item the facilitator removes from a device's answers ([`Board::remove_item`]) stays
//! removed: the device still holds it and sends it again with its next answers (a phone that
//! has not heard of the removal, a QR code scanned again), so every later contribution of
//! that device and group is taken without it. The removals are part of what the board holds
//! ([`Board::removals`], [`Board::forbid`] to restore them).

use std::collections::{HashMap, HashSet};

use crate::session::{
    item_wording, Answer, Contribution, Kind, Session, CELL_SEPARATOR, MAX_ITEM_CHARS,
};

/// What merging a contribution did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// A device's first answers for this group: taken.
    Added,
    /// The device's answers again, only adding to the held ones: taken.
    Extended,
    /// The held answers replaced ([`Board::replace`], after the facilitator confirmed).
    Replaced,
    /// The same answers again: nothing changed.
    Same,
    /// An earlier revision whose answers are all held already: nothing changed.
    Older,
    /// Would replace or remove answers held for this device and group: not applied.
    Confirm,
    /// For another session: ignored.
    OtherSession,
    /// A group, question or option the session does not have, an answer of the wrong kind, a
    /// question answered twice or an option voted twice: ignored.
    Invalid,
    /// Over one of the session's limits: ignored.
    TooMany(Limit),
}

/// The limit a refused code went over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The group would have more than this many items in one list question.
    Items(u16),
    /// An item longer than this many characters.
    ItemChars(usize),
    /// More than this many dots from one device in one dot-voting question.
    Votes(u16),
}

/// What a held-back contribution would change: for each question, what would go and what
/// would come (items, a rating, the options chosen, one line per dot).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub group: u16,
    pub device: u32,
    /// The code's revision is earlier than the one held.
    pub older: bool,
    pub questions: Vec<Changed>,
}

/// One question of a [`Change`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub question: u16,
    /// Held now and gone after the change.
    pub removed: Vec<String>,
    /// Not held now and there after the change.
    pub added: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Board {
    pub session: Session,
    contributions: Vec<Contribution>,
    /// (device, group) → position in `contributions`.
    index: HashMap<(u32, u16), usize>,
    /// (group, question) → the items the group holds in that list question.
    totals: HashMap<(u16, u16), usize>,
    /// (device, group, question) → the items the facilitator removed from its answers.
    removed: HashMap<(u32, u16, u16), HashSet<String>>,
}

fn items_of(c: &Contribution, question: u16) -> usize {
    c.answers
        .iter()
        .filter(|(q, _)| *q == question)
        .map(|(_, a)| match a {
            Answer::Items(i) => i.len(),
            _ => 0,
        })
        .sum()
}

/// Whether every position is below `count` and named once at most (sorting: O(k log k) in
/// the answer, whatever `count` is).
fn once_each(positions: impl Iterator<Item = u16>, count: usize) -> bool {
    let mut seen: Vec<u16> = positions.collect();
    seen.sort_unstable();
    seen.windows(2).all(|w| w[0] != w[1]) && seen.last().is_none_or(|&p| usize::from(p) < count)
}

impl Board {
    pub fn new(session: Session) -> Board {
        Board {
            session,
            contributions: Vec::new(),
            index: HashMap::new(),
            totals: HashMap::new(),
            removed: HashMap::new(),
        }
    }

    /// Takes out of `c` the items the facilitator removed from its device's answers for its
    /// group; `true` when there were any.
    pub fn strip(&self, c: &mut Contribution) -> bool {
        if self.removed.is_empty() {
            return false;
        }
        let mut stripped = false;
        for (q, a) in &mut c.answers {
            if let (Answer::Items(items), Some(gone)) =
                (a, self.removed.get(&(c.device, c.group, *q)))
            {
                let before = items.len();
                items.retain(|i| !gone.contains(i));
                stripped |= items.len() != before;
            }
        }
        stripped
    }

    fn stripped(&self, mut c: Contribution) -> Contribution {
        self.strip(&mut c);
        c
    }

    /// Removes one item from what a device holds for a group in a list question, and — when
    /// `keep_out` — keeps it out of that device's later contributions (a phone's; the laptop's
    /// own entries may add the same words again). Returns the contribution as now held, `None`
    /// when the device holds no such item (nothing changed).
    pub fn remove_item(
        &mut self,
        device: u32,
        group: u16,
        question: u16,
        item: &str,
        keep_out: bool,
    ) -> Option<Contribution> {
        let mut c = self.held_for(device, group)?.clone();
        let removed = c.answers.iter_mut().any(|(q, a)| match a {
            Answer::Items(items) if *q == question => match items.iter().position(|i| i == item) {
                Some(at) => {
                    items.remove(at);
                    true
                }
                None => false,
            },
            _ => false,
        });
        if !removed {
            return None;
        }
        if keep_out {
            self.forbid(device, group, question, item);
        }
        self.put(c.clone());
        Some(c)
    }

    /// Keeps an item out of a device's later contributions for a group (a removal restored).
    pub fn forbid(&mut self, device: u32, group: u16, question: u16, item: &str) {
        self.removed
            .entry((device, group, question))
            .or_default()
            .insert(item.to_owned());
    }

    /// Every removal kept: (device, group, question, item), in a stable order.
    pub fn removals(&self) -> Vec<(u32, u16, u16, &str)> {
        let mut all: Vec<_> = self
            .removed
            .iter()
            .flat_map(|(&(d, g, q), items)| items.iter().map(move |i| (d, g, q, i.as_str())))
            .collect();
        all.sort_unstable();
        all
    }

    pub fn contributions(&self) -> &[Contribution] {
        &self.contributions
    }

    fn held(&self, c: &Contribution) -> Option<&Contribution> {
        self.held_for(c.device, c.group)
    }

    /// What the board holds from this device for this group.
    pub fn held_for(&self, device: u32, group: u16) -> Option<&Contribution> {
        let at = *self.index.get(&(device, group))?;
        self.contributions.get(at)
    }

    /// `None` when the contribution fits the session and its rules, else why not.
    fn refusal(&self, c: &Contribution) -> Option<Merge> {
        if c.session != self.session.id {
            return Some(Merge::OtherSession);
        }
        if usize::from(c.group) >= self.session.groups.len() {
            return Some(Merge::Invalid);
        }
        let questions = self.session.questions.len();
        if !once_each(c.answers.iter().map(|(q, _)| *q), questions) {
            return Some(Merge::Invalid);
        }
        let rules = self.session.rules;
        for (q, a) in &c.answers {
            let Some(question) = self.session.questions.get(usize::from(*q)) else {
                return Some(Merge::Invalid);
            };
            let options = question.options.len();
            let fits = match (question.kind, a) {
                (Kind::List, Answer::Items(items)) => {
                    if items.iter().any(|i| i.chars().count() > MAX_ITEM_CHARS) {
                        return Some(Merge::TooMany(Limit::ItemChars(MAX_ITEM_CHARS)));
                    }
                    // No more cells than the question has columns, and cells only after a
                    // wording.
                    let cells = question.max_cells();
                    if items.iter().any(|i| {
                        let n = i.split(CELL_SEPARATOR).count();
                        n > cells || (n > 1 && item_wording(i).trim().is_empty())
                    }) {
                        return Some(Merge::Invalid);
                    }
                    let others = self
                        .totals
                        .get(&(c.group, *q))
                        .copied()
                        .unwrap_or(0)
                        .saturating_sub(self.held(c).map_or(0, |h| items_of(h, *q)));
                    if others + items.len() > usize::from(rules.items) {
                        return Some(Merge::TooMany(Limit::Items(rules.items)));
                    }
                    true
                }
                (Kind::Rating, Answer::Rating(r)) => (1..=5).contains(r),
                (Kind::Single, Answer::Choices(c)) => {
                    c.len() <= 1 && once_each(c.iter().copied(), options)
                }
                (Kind::Multi, Answer::Choices(c)) => once_each(c.iter().copied(), options),
                (Kind::Dots, Answer::Dots(d)) => {
                    if !once_each(d.iter().map(|(o, _)| *o), options) {
                        return Some(Merge::Invalid);
                    }
                    let dots: u32 = d.iter().map(|(_, n)| u32::from(*n)).sum();
                    if dots > u32::from(rules.votes) {
                        return Some(Merge::TooMany(Limit::Votes(rules.votes)));
                    }
                    true
                }
                _ => false,
            };
            if !fits {
                return Some(Merge::Invalid);
            }
        }
        None
    }

    /// An answer as what it is made of: items, a rating, the chosen options, one per dot.
    fn units(&self, question: u16, a: &Answer) -> Vec<String> {
        let option = |o: u16| {
            self.session
                .questions
                .get(usize::from(question))
                .and_then(|q| q.options.get(usize::from(o)))
                .cloned()
                .unwrap_or_else(|| format!("#{}", u32::from(o) + 1))
        };
        match a {
            Answer::Items(items) => items.clone(),
            Answer::Rating(r) => vec![r.to_string()],
            Answer::Choices(c) => c.iter().map(|&o| option(o)).collect(),
            Answer::Dots(d) => d
                .iter()
                .flat_map(|&(o, n)| std::iter::repeat_n(option(o), usize::from(n)))
                .collect(),
        }
    }

    /// What `c` would change in the answers held for its device and group (all of them added
    /// when none are held).
    pub fn changes(&self, c: &Contribution) -> Change {
        let owned;
        let c = if self.removed.is_empty() {
            c
        } else {
            owned = self.stripped(c.clone());
            &owned
        };
        let held = self.held(c);
        let mut questions: Vec<u16> = c
            .answers
            .iter()
            .map(|(q, _)| *q)
            .chain(
                held.into_iter()
                    .flat_map(|h| h.answers.iter().map(|(q, _)| *q)),
            )
            .collect();
        questions.sort_unstable();
        questions.dedup();
        let answer = |of: Option<&Contribution>, q: u16| -> Vec<String> {
            of.into_iter()
                .flat_map(|c| c.answers.iter())
                .filter(|(x, _)| *x == q)
                .flat_map(|(_, a)| self.units(q, a))
                .collect()
        };
        let questions = questions
            .into_iter()
            .filter_map(|q| {
                let (before, after) = (answer(held, q), answer(Some(c), q));
                let removed = difference(&before, &after);
                let added = difference(&after, &before);
                (!removed.is_empty() || !added.is_empty()).then_some(Changed {
                    question: q,
                    removed,
                    added,
                })
            })
            .collect();
        Change {
            group: c.group,
            device: c.device,
            older: held.is_some_and(|h| c.revision < h.revision),
            questions,
        }
    }

    /// Takes a contribution when it only adds (see the module's rules); holds it back with
    /// [`Merge::Confirm`] when it would replace or remove anything held.
    pub fn merge(&mut self, c: Contribution) -> Merge {
        let c = self.stripped(c);
        if let Some(refused) = self.refusal(&c) {
            return refused;
        }
        let Some(held) = self.held(&c) else {
            self.put(c);
            return Merge::Added;
        };
        let older = c.revision < held.revision;
        let change = self.changes(&c);
        let removes = change.questions.iter().any(|q| !q.removed.is_empty());
        let adds = change.questions.iter().any(|q| !q.added.is_empty());
        match (removes, adds) {
            (false, false) => Merge::Same,
            (false, true) => {
                self.put(c);
                Merge::Extended
            }
            (true, false) if older => Merge::Older,
            _ => Merge::Confirm,
        }
    }

    /// Applies a contribution whatever it replaces (the facilitator confirmed it, or typed it):
    /// still only for its own device and group, and within the session's rules.
    pub fn replace(&mut self, c: Contribution) -> Merge {
        let c = self.stripped(c);
        if let Some(refused) = self.refusal(&c) {
            return refused;
        }
        match self.held(&c) {
            None => {
                self.put(c);
                Merge::Added
            }
            Some(h) if h.answers == c.answers => Merge::Same,
            Some(_) => {
                self.put(c);
                Merge::Replaced
            }
        }
    }

    fn put(&mut self, c: Contribution) {
        let key = (c.device, c.group);
        let count = |c: &Contribution, totals: &mut HashMap<(u16, u16), usize>, add: bool| {
            for (q, a) in &c.answers {
                if let Answer::Items(items) = a {
                    let t = totals.entry((c.group, *q)).or_insert(0);
                    *t = if add {
                        *t + items.len()
                    } else {
                        t.saturating_sub(items.len())
                    };
                }
            }
        };
        count(&c, &mut self.totals, true);
        match self.index.get(&key) {
            Some(&at) => {
                let old = std::mem::replace(&mut self.contributions[at], c);
                count(&old, &mut self.totals, false);
            }
            None => {
                self.index.insert(key, self.contributions.len());
                self.contributions.push(c);
            }
        }
    }

    fn answers(&self, question: u16, group: Option<u16>) -> impl Iterator<Item = &Answer> + '_ {
        self.contributions
            .iter()
            .filter(move |c| group.is_none_or(|g| c.group == g))
            .flat_map(move |c| {
                c.answers
                    .iter()
                    .filter(move |(q, _)| *q == question)
                    .map(|(_, a)| a)
            })
    }

    /// A list question's items of one group, in the order the devices sent them.
    pub fn items(&self, question: u16, group: u16) -> Vec<&str> {
        self.answers(question, Some(group))
            .flat_map(|a| match a {
                Answer::Items(items) => items.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            })
            .collect()
    }

    /// A rating question: how many rated, and the mean in tenths (rounded half up).
    pub fn rating(&self, question: u16) -> (u32, Option<u32>) {
        let got: Vec<u32> = self
            .answers(question, None)
            .filter_map(|a| match a {
                Answer::Rating(r) => Some(u32::from(*r)),
                _ => None,
            })
            .collect();
        let n = got.len() as u32;
        let sum: u32 = got.iter().sum();
        (n, (n > 0).then(|| (sum * 20 + n) / (2 * n)))
    }

    /// A list question's items of every group (by group position), each in the order the
    /// devices sent them: one pass over the board.
    pub fn items_by_group(&self, question: u16) -> Vec<Vec<&str>> {
        let mut out: Vec<Vec<&str>> = vec![Vec::new(); self.session.groups.len()];
        for c in &self.contributions {
            let Some(list) = out.get_mut(usize::from(c.group)) else {
                continue;
            };
            for (q, a) in &c.answers {
                if let (true, Answer::Items(items)) = (*q == question, a) {
                    list.extend(items.iter().map(String::as_str));
                }
            }
        }
        out
    }

    /// The words of a list question's items, most frequent first (then alphabetically), for the
    /// presenter's word cloud: lower case, words of at least four letters (prepositions and
    /// particles carry nothing), at most `limit`.
    pub fn words(&self, question: u16, limit: usize) -> Vec<(String, u32)> {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for item in self.items_by_group(question).into_iter().flatten() {
            for word in item
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .map(|w| w.trim_matches('-').to_lowercase())
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            {
                *counts.entry(word).or_insert(0) += 1;
            }
        }
        let mut counts: Vec<(String, u32)> = counts.into_iter().collect();
        counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts.truncate(limit);
        counts
    }

    /// A choice or dot-voting question: the count per option.
    pub fn tally(&self, question: u16) -> Vec<u32> {
        let options = self
            .session
            .questions
            .get(usize::from(question))
            .map_or(0, |q| q.options.len());
        let mut counts = vec![0u32; options];
        for a in self.answers(question, None) {
            match a {
                Answer::Choices(c) => {
                    for &o in c {
                        if let Some(n) = counts.get_mut(usize::from(o)) {
                            *n += 1;
                        }
                    }
                }
                Answer::Dots(d) => {
                    for &(o, dots) in d {
                        if let Some(n) = counts.get_mut(usize::from(o)) {
                            *n += u32::from(dots);
                        }
                    }
                }
                _ => {}
            }
        }
        counts
    }
}

/// The items of `a` not in `b`, counting repeats (a multiset difference), in `a`'s order.
fn difference(a: &[String], b: &[String]) -> Vec<String> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for x in b {
        *left.entry(x).or_insert(0) += 1;
    }
    a.iter()
        .filter(|x| match left.get_mut(x.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Question;

    fn session() -> Session {
        let q = |text: &str, kind, options: &[&str]| Question {
            text: text.into(),
            kind,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        };
        Session {
            id: 7,
            title: "Семинар".into(),
            date: "2026-11-22".into(),
            agenda: String::new(),
            groups: vec!["Группа 1".into(), "Группа 2".into()],
            questions: vec![
                q("Проблемы", Kind::List, &[]),
                q("Оценка", Kind::Rating, &[]),
                q("Формат", Kind::Single, &["очно", "онлайн"]),
                q("Голосование", Kind::Dots, &["А", "Б", "В"]),
            ],
            rules: crate::session::Rules::default(),
        }
    }

    fn from(device: u32, group: u16, revision: u32, items: &[&str]) -> Contribution {
        Contribution {
            session: 7,
            device,
            group,
            revision,
            answers: vec![(
                0,
                Answer::Items(items.iter().map(|i| (*i).to_owned()).collect()),
            )],
        }
    }

    #[test]
    fn a_removed_item_stays_out_of_the_devices_later_answers_and_only_of_them() {
        let mut b = Board::new(session());
        assert_eq!(b.merge(from(1, 0, 1, &["а", "б"])), Merge::Added);
        assert_eq!(b.merge(from(2, 0, 1, &["а"])), Merge::Added);
        // No such item, or another device's: nothing changes, nothing is kept out.
        assert!(b.remove_item(1, 0, 0, "нет", true).is_none());
        assert!(b.remove_item(3, 0, 0, "а", true).is_none());
        assert!(b.removals().is_empty());
        let held = b.remove_item(1, 0, 0, "а", true).expect("removed");
        assert_eq!(held.answers, from(1, 0, 1, &["б"]).answers);
        assert_eq!(b.items(0, 0), ["б", "а"]);
        assert_eq!(b.removals(), [(1, 0, 0, "а")]);
        // The device sends its whole list again, the removed item with it: taken without it.
        assert_eq!(b.merge(from(1, 0, 2, &["а", "б", "в"])), Merge::Extended);
        assert_eq!(b.items(0, 0), ["б", "в", "а"]);
        assert!(b
            .changes(&from(1, 0, 3, &["а", "б", "в"]))
            .questions
            .iter()
            .all(|q| q.added.is_empty() && q.removed.is_empty()));
        assert_eq!(b.merge(from(1, 0, 3, &["а", "б", "в"])), Merge::Same);
        assert_eq!(b.replace(from(1, 0, 4, &["а"])), Merge::Replaced);
        assert!(b.items(0, 0) == ["а"], "only device 2's «а» is left");
        // Another device, another group: their «а» is theirs.
        assert_eq!(b.merge(from(1, 1, 1, &["а"])), Merge::Added);
        assert_eq!(b.items(0, 1), ["а"]);
        // Restored on another board, the removal holds there too.
        let mut again = Board::new(session());
        for (d, g, q, i) in b.removals() {
            again.forbid(d, g, q, i);
        }
        assert_eq!(again.replace(from(1, 0, 9, &["а", "г"])), Merge::Added);
        assert_eq!(again.items(0, 0), ["г"]);
        // The laptop's own entry removed without keeping it out: typed again, it is taken.
        assert!(b.remove_item(2, 0, 0, "а", false).is_some());
        assert_eq!(b.replace(from(2, 0, 2, &["а"])), Merge::Replaced);
        assert_eq!(b.items(0, 0), ["а"]);
    }

    #[test]
    fn a_list_with_columns_takes_items_of_its_cells_and_refuses_more() {
        let mut s = session();
        s.questions[0].options = vec!["Формулировка".into(), "Как измерить".into()];
        let mut b = Board::new(s.clone());
        let sep = CELL_SEPARATOR;
        let two = format!("Наставничество{sep}доля молодых педагогов с наставником, %");
        assert_eq!(
            b.merge(from(1, 0, 1, &[&two, "без показателя"])),
            Merge::Added
        );
        assert_eq!(b.items(0, 0), [two.as_str(), "без показателя"]);
        assert_eq!(
            s.questions[0].item_line(&two),
            "Наставничество (Как измерить: доля молодых педагогов с наставником, %)"
        );
        // Three cells for two columns, or cells with no wording: refused, nothing taken.
        let three = format!("а{sep}б{sep}в");
        assert_eq!(b.merge(from(2, 1, 1, &[&three])), Merge::Invalid);
        assert_eq!(
            b.merge(from(2, 1, 1, &[&format!(" {sep}б")])),
            Merge::Invalid
        );
        assert!(b.items(0, 1).is_empty());
        // A plain list takes no cells at all.
        let mut plain = Board::new(session());
        assert_eq!(plain.merge(from(1, 0, 1, &[&two])), Merge::Invalid);
        // The consolidated list is by wording; each source keeps its cells.
        assert_eq!(b.merge(from(2, 1, 1, &["наставничество!"])), Merge::Added);
        let list = crate::consolidate::entries(&b, 0);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].text, "Наставничество");
        assert_eq!(
            list[0].sources,
            [(0, two.clone()), (1, "наставничество!".to_owned())]
        );
    }

    #[test]
    fn an_item_is_made_of_the_cells_typed_trimmed_with_no_separator_inside() {
        use crate::session::{item_cells, item_of};
        let sep = CELL_SEPARATOR;
        let cells = |c: &[&str]| c.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(item_of(&cells(&[" а ", "б", ""])), Some(format!("а{sep}б")));
        assert_eq!(item_of(&cells(&["а", "", ""])), Some("а".to_owned()));
        assert_eq!(
            item_of(&cells(&["а", "", "в"])),
            Some(format!("а{sep}{sep}в"))
        );
        assert_eq!(
            item_of(&cells(&[&format!("а{sep}б")])),
            Some("а б".to_owned())
        );
        assert_eq!(item_of(&cells(&["", "б"])), None);
        assert_eq!(item_of(&[]), None);
        assert_eq!(item_cells(&format!("а{sep}{sep}в")), ["а", "", "в"]);
        let q = Question {
            text: "Эффективность".into(),
            kind: Kind::List,
            options: cells(&["Формулировка", "Как измерить", "Комментарий"]),
        };
        assert_eq!(q.item_line(&format!("а{sep}{sep}в")), "а (Комментарий: в)");
        assert_eq!(q.item_line("а"), "а");
        // A rating's options are no columns.
        let rating = Question {
            kind: Kind::Rating,
            ..q
        };
        assert!(rating.columns().is_empty());
    }

    #[test]
    fn merging_is_idempotent_additions_are_taken_and_groups_stay_apart() {
        let mut b = Board::new(session());
        assert_eq!(b.merge(from(1, 0, 1, &["нет кадров"])), Merge::Added);
        assert_eq!(b.merge(from(1, 0, 1, &["нет кадров"])), Merge::Same);
        assert_eq!(b.merge(from(2, 1, 1, &["нет интернета"])), Merge::Added);
        assert_eq!(
            b.merge(from(1, 0, 2, &["нет кадров", "нет методиста"])),
            Merge::Extended
        );
        // An earlier revision with nothing new changes nothing; one that would drop an item
        // waits for the facilitator (it was silently ignored before, whatever it held).
        assert_eq!(b.merge(from(1, 0, 1, &["нет кадров"])), Merge::Older);
        assert_eq!(b.merge(from(1, 0, 1, &["старое"])), Merge::Confirm);
        // The same device for the other group adds to that group and does not touch its own.
        assert_eq!(
            b.merge(from(1, 1, 1, &["от группы 1 для группы 2"])),
            Merge::Added
        );
        assert_eq!(b.items(0, 0), ["нет кадров", "нет методиста"]);
        assert_eq!(b.items(0, 1), ["нет интернета", "от группы 1 для группы 2"]);
        assert_eq!(b.contributions().len(), 3);
        assert_eq!(
            b.words(0, 3),
            [
                ("группы".to_owned(), 2),
                ("интернета".to_owned(), 1),
                ("кадров".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn foreign_or_malformed_contributions_are_ignored() {
        let mut b = Board::new(session());
        let mut other = from(1, 0, 1, &["x"]);
        other.session = 8;
        assert_eq!(b.merge(other), Merge::OtherSession);
        assert_eq!(b.merge(from(1, 5, 1, &["x"])), Merge::Invalid);
        let rating = |r| Contribution {
            answers: vec![(1, Answer::Rating(r))],
            ..from(3, 0, 1, &[])
        };
        assert_eq!(b.merge(rating(6)), Merge::Invalid);
        let wrong_kind = Contribution {
            answers: vec![(2, Answer::Items(vec![]))],
            ..from(3, 0, 1, &[])
        };
        assert_eq!(b.merge(wrong_kind), Merge::Invalid);
        assert!(b.contributions().is_empty());
    }

    #[test]
    fn ratings_average_and_votes_tally() {
        let mut b = Board::new(session());
        for (device, r, choice, dots) in [
            (1, 4, 0, vec![(0, 2), (2, 1)]),
            (2, 5, 1, vec![(0, 1)]),
            (3, 4, 0, vec![]),
        ] {
            b.merge(Contribution {
                session: 7,
                device,
                group: 0,
                revision: 1,
                answers: vec![
                    (1, Answer::Rating(r)),
                    (2, Answer::Choices(vec![choice])),
                    (3, Answer::Dots(dots)),
                ],
            });
        }
        // (4 + 5 + 4) / 3 = 4.33… → 43 tenths.
        assert_eq!(b.rating(1), (3, Some(43)));
        assert_eq!(b.tally(2), [2, 1]);
        assert_eq!(b.tally(3), [3, 0, 1]);
        assert_eq!(Board::new(session()).rating(1), (0, None));
    }
}
