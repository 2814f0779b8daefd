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
    /// The options of a choice question; for dot-voting, the items voted on.
    pub options: Vec<String>,
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
