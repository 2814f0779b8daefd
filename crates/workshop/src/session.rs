//! What a workshop session is and what a group sends back.

/// The kind of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Each group adds items to a list.
    List,
    /// A rating from 1 to 5.
    Rating,
    /// One of the options.
    Single,
    /// Any of the options.
    Multi,
    /// Dots on the consolidated items of an earlier list question.
    Dots,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::List,
        Kind::Rating,
        Kind::Single,
        Kind::Multi,
        Kind::Dots,
    ];

    pub fn code(self) -> u8 {
        match self {
            Kind::List => 0,
            Kind::Rating => 1,
            Kind::Single => 2,
            Kind::Multi => 3,
            Kind::Dots => 4,
        }
    }

    pub fn from_code(code: u8) -> Option<Kind> {
        Kind::ALL.get(usize::from(code)).copied()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub kind: Kind,
    /// The options of a choice question; for dot-voting, the items voted on; for a list
    /// question, its columns when an item has several cells (see [`Question::columns`]).
    pub options: Vec<String>,
}

/// Between the cells of a list item with several columns (a table of a template: «Формулировка»,
/// «Как измерить», «Комментарий»). The unit separator: no keyboard types it, and the wire
/// format carries it as any other text, so a session with columns reads on every version.
pub const CELL_SEPARATOR: char = '\u{1f}';

impl Question {
    /// The columns of a list question whose items have several cells, first the item's own
    /// wording; empty for a plain list and for every other kind.
    pub fn columns(&self) -> &[String] {
        match self.kind {
            Kind::List => &self.options,
            _ => &[],
        }
    }

    /// How many cells an item of this question may have: one per column, one for a plain list.
    pub fn max_cells(&self) -> usize {
        self.columns().len().max(1)
    }

    /// An item as one line for people: its wording, then each filled cell by its column —
    /// «Формулировка (Как измерить: доля, %; Комментарий: …)». Never the separator.
    pub fn item_line(&self, item: &str) -> String {
        item_line(self.columns(), item)
    }
}

/// [`Question::item_line`] with the list's columns given.
pub fn item_line(columns: &[String], item: &str) -> String {
    let mut cells = item.split(CELL_SEPARATOR);
    let first = cells.next().unwrap_or_default().to_owned();
    let rest: Vec<String> = cells
        .enumerate()
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(i, c)| match columns.get(i + 1) {
            Some(column) => format!("{column}: {}", c.trim()),
            None => c.trim().to_owned(),
        })
        .collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} ({})", rest.join("; "))
    }
}

/// The cells of a list item, first its wording.
pub fn item_cells(item: &str) -> Vec<&str> {
    item.split(CELL_SEPARATOR).collect()
}

/// An item's wording: its first cell.
pub fn item_wording(item: &str) -> &str {
    item.split(CELL_SEPARATOR).next().unwrap_or_default()
}

/// An item from the cells a person typed: each trimmed (a separator typed into a cell becomes a
/// space), trailing empty cells dropped; `None` when the wording is empty.
pub fn item_of(cells: &[String]) -> Option<String> {
    let mut cells: Vec<String> = cells
        .iter()
        .map(|c| c.replace(CELL_SEPARATOR, " ").trim().to_owned())
        .collect();
    while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    let first = cells.first()?;
    if first.is_empty() {
        return None;
    }
    Some(cells.join(&CELL_SEPARATOR.to_string()))
}

/// The session's limits on what one code may bring, enforced when merging (a code over them
/// is refused whole, with the limit named).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Dots one device may give in a dot-voting question (all options together).
    pub votes: u16,
    /// Items a group may have in a list question, all its devices together.
    pub items: u16,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            votes: 5,
            items: 100,
        }
    }
}

/// The longest item (in characters) a list answer may carry.
pub const MAX_ITEM_CHARS: usize = 500;

/// A session as the facilitator sets it up and the phones receive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// A random number the facilitator's device draws: contributions name it.
    pub id: u32,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub agenda: String,
    pub groups: Vec<String>,
    pub questions: Vec<Question>,
    pub rules: Rules,
}

impl Session {
    /// A session with these groups and questions, no title, date or agenda, and the default
    /// rules.
    pub fn new(id: u32, groups: Vec<String>, questions: Vec<Question>) -> Session {
        Session {
            id,
            title: String::new(),
            date: String::new(),
            agenda: String::new(),
            groups,
            questions,
            rules: Rules::default(),
        }
    }
}

/// A group's answer to one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A list question's items.
    Items(Vec<String>),
    /// 1–5.
    Rating(u8),
    /// The chosen options' positions.
    Choices(Vec<u16>),
    /// Dots per option position.
    Dots(Vec<(u16, u8)>),
}

impl Answer {
    /// The answer once option `option` of a choice question is checked (`on`) or unchecked,
    /// from the answer held: a single choice is that option alone (or none); a multiple
    /// choice and dot-voting (one dot per option) keep the other options, in order. `None`
    /// for a list or a rating, which have no options to toggle. The laptop's entry and the
    /// phone both answer through this.
    pub fn toggled(kind: Kind, held: Option<&Answer>, option: u16, on: bool) -> Option<Answer> {
        Some(match (kind, held) {
            (Kind::Single, _) => Answer::Choices(if on { vec![option] } else { Vec::new() }),
            (Kind::Multi, held) => {
                let mut c = match held {
                    Some(Answer::Choices(c)) => c.clone(),
                    _ => Vec::new(),
                };
                c.retain(|x| *x != option);
                if on {
                    c.push(option);
                    c.sort_unstable();
                }
                Answer::Choices(c)
            }
            (Kind::Dots, held) => {
                let mut d = match held {
                    Some(Answer::Dots(d)) => d.clone(),
                    _ => Vec::new(),
                };
                d.retain(|(x, _)| *x != option);
                if on {
                    d.push((option, 1));
                    d.sort_unstable();
                }
                Answer::Dots(d)
            }
            (Kind::List | Kind::Rating, _) => return None,
        })
    }
}

/// What one device sends for one group: all its answers, as a whole. What it adds to the
/// device's earlier answers for the group is taken at once; what would replace or remove any
/// of them waits for the facilitator (see [`crate::Board::merge`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    pub session: u32,
    /// A random number the phone draws once.
    pub device: u32,
    /// The group's position in the session.
    pub group: u16,
    /// Counts up with each «Передать».
    pub revision: u32,
    /// (question position, answer).
    pub answers: Vec<(u16, Answer)>,
}

/// A decision recorded at the session: on one question (or, `question: None`, the session as a
/// whole), with who is responsible and by when (`YYYY-MM-DD` or free text such as «постоянно»).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decision {
    pub question: Option<u16>,
    pub text: String,
    pub responsible: String,
    pub deadline: String,
}

/// What the protocol adds to the session: who chaired, who kept the minutes, who was present,
/// and the decisions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Protocol {
    pub chair: String,
    pub secretary: String,
    pub present: String,
    pub decisions: Vec<Decision>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toggle_keeps_the_other_options_and_a_single_choice_keeps_one() {
        let t = Answer::toggled;
        assert_eq!(
            t(Kind::Single, None, 2, true),
            Some(Answer::Choices(vec![2]))
        );
        let one = Answer::Choices(vec![0]);
        assert_eq!(
            t(Kind::Single, Some(&one), 2, true),
            Some(Answer::Choices(vec![2]))
        );
        assert_eq!(
            t(Kind::Single, Some(&one), 0, false),
            Some(Answer::Choices(vec![]))
        );
        let two = Answer::Choices(vec![1, 3]);
        assert_eq!(
            t(Kind::Multi, Some(&two), 2, true),
            Some(Answer::Choices(vec![1, 2, 3]))
        );
        assert_eq!(
            t(Kind::Multi, Some(&two), 1, false),
            Some(Answer::Choices(vec![3]))
        );
        // Checked twice: still once.
        assert_eq!(
            t(Kind::Multi, Some(&two), 3, true),
            Some(Answer::Choices(vec![1, 3]))
        );
        let dots = Answer::Dots(vec![(0, 1), (4, 1)]);
        assert_eq!(
            t(Kind::Dots, Some(&dots), 2, true),
            Some(Answer::Dots(vec![(0, 1), (2, 1), (4, 1)]))
        );
        assert_eq!(
            t(Kind::Dots, Some(&dots), 4, false),
            Some(Answer::Dots(vec![(0, 1)]))
        );
        assert_eq!(
            t(Kind::Dots, None, 1, true),
            Some(Answer::Dots(vec![(1, 1)]))
        );
        // An answer of another kind held is not carried into this one.
        assert_eq!(
            t(Kind::Dots, Some(&two), 0, true),
            Some(Answer::Dots(vec![(0, 1)]))
        );
        // Refused: nothing to toggle in a list or a rating.
        assert_eq!(t(Kind::List, None, 0, true), None);
        assert_eq!(t(Kind::Rating, Some(&Answer::Rating(3)), 0, true), None);
    }
}
