//! The facilitator's board: a session and every contribution merged into it.
//!
//! A contribution is keyed by (device, group). Merging the same one twice changes nothing; a
//! later revision from the same device and group replaces that device's earlier answers for
//! that group (an earlier revision arriving late is ignored); nothing one device sends can
//! change another device's or another group's answers. The laptop's own entries for a group are
//! one more device.

use crate::session::{Answer, Contribution, Kind, Session};

/// What merging a contribution did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// A device's first answers for this group.
    Added,
    /// A later revision replaced the device's earlier answers.
    Replaced,
    /// The same revision again: nothing changed.
    Same,
    /// An earlier revision than the one held: ignored.
    Older,
    /// For another session: ignored.
    OtherSession,
    /// A group or question the session does not have, or an answer of the wrong kind: ignored.
    Invalid,
}

#[derive(Clone, Debug)]
pub struct Board {
    pub session: Session,
    contributions: Vec<Contribution>,
}

impl Board {
    pub fn new(session: Session) -> Board {
        Board {
            session,
            contributions: Vec::new(),
        }
    }

    pub fn contributions(&self) -> &[Contribution] {
        &self.contributions
    }

    fn fits(&self, c: &Contribution) -> bool {
        usize::from(c.group) < self.session.groups.len()
            && c.answers.iter().all(|(q, a)| {
                let Some(question) = self.session.questions.get(usize::from(*q)) else {
                    return false;
                };
                let options = question.options.len();
                match (question.kind, a) {
                    (Kind::List, Answer::Items(_)) => true,
                    (Kind::Rating, Answer::Rating(r)) => (1..=5).contains(r),
                    (Kind::Single, Answer::Choices(c)) => {
                        c.len() <= 1 && c.iter().all(|&o| usize::from(o) < options)
                    }
                    (Kind::Multi, Answer::Choices(c)) => {
                        c.iter().all(|&o| usize::from(o) < options)
                    }
                    (Kind::Dots, Answer::Dots(d)) => {
                        d.iter().all(|&(o, _)| usize::from(o) < options)
                    }
                    _ => false,
                }
            })
    }

    pub fn merge(&mut self, c: Contribution) -> Merge {
        if c.session != self.session.id {
            return Merge::OtherSession;
        }
        if !self.fits(&c) {
            return Merge::Invalid;
        }
        match self
            .contributions
            .iter_mut()
            .find(|h| h.device == c.device && h.group == c.group)
        {
            None => {
                self.contributions.push(c);
                Merge::Added
            }
            Some(held) if c.revision > held.revision => {
                *held = c;
                Merge::Replaced
            }
            Some(held) if c.revision == held.revision => Merge::Same,
            Some(_) => Merge::Older,
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

    /// The words of a list question's items, most frequent first (then alphabetically), for the
    /// presenter's word cloud: lower case, words of at least four letters (prepositions and
    /// particles carry nothing), at most `limit`.
    pub fn words(&self, question: u16, limit: usize) -> Vec<(String, u32)> {
        let mut counts: Vec<(String, u32)> = Vec::new();
        for group in 0..self.session.groups.len() as u16 {
            for item in self.items(question, group) {
                for word in item
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .map(|w| w.trim_matches('-').to_lowercase())
                    .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
                {
                    match counts.iter_mut().find(|(w, _)| *w == word) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((word, 1)),
                    }
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
    fn merging_is_idempotent_later_revisions_replace_and_groups_stay_apart() {
        let mut b = Board::new(session());
        assert_eq!(b.merge(from(1, 0, 1, &["нет кадров"])), Merge::Added);
        assert_eq!(b.merge(from(1, 0, 1, &["нет кадров"])), Merge::Same);
        assert_eq!(b.merge(from(2, 1, 1, &["нет интернета"])), Merge::Added);
        assert_eq!(
            b.merge(from(1, 0, 2, &["нет кадров", "нет методиста"])),
            Merge::Replaced
        );
        assert_eq!(b.merge(from(1, 0, 1, &["старое"])), Merge::Older);
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
