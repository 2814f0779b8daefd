//! Reading a deadline as people write it in protocols and decisions («до 01.03.2022»,
//! «май 2022 г.», «январь–февраль 2022», «IV квартал 2022», «2021-2022 уч.г.», «ежегодно до
//! 31 мая», «постоянно») into the days it covers. The text itself is kept as written; this only
//! says when it ends, so that a register can tell what is overdue.
//!
//! The reader is lenient where people are («2022г», «01.05 2022», «март.. 2020», «(апрель
//! 2022)») and refuses what it cannot place in time: a month without a year, «датой окончания
//! учебного года», free text. A refusal is [`Deadline::Unread`] — never overdue, shown as
//! written. One pass over at most [`MAX_DEADLINE_CHARS`] characters: no input makes it slow.

use super::{Day, Deadline};

/// A deadline longer than this is no deadline but a paragraph: [`Deadline::Unread`] at once.
pub const MAX_DEADLINE_CHARS: usize = 160;

/// One word of a deadline, after the text is lower-cased and split.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    /// Digits alone: a day, a year or an ordinal («4 квартал»).
    Num(u32),
    /// `dd.mm`, with no year (the year may follow as its own word: «01.05 2022»).
    DayMonth(u8, u8),
    /// `dd.mm.yyyy` or `dd.mm.yy`.
    Date(Day),
    /// A month's name in any case («май», «мая», «мае»).
    Month(u8),
    /// A Roman numeral I–IV (quarters, half-years).
    Roman(u32),
    Quarter,
    Half,
    /// A dash, «по»: the end of a range follows.
    To,
    /// «уч.г.», «учебный год»: the years are an academic year.
    School,
    Standing,
    Yearly,
}

const MONTHS: [(&str, u8); 36] = [
    ("январь", 1),
    ("января", 1),
    ("январе", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("феврале", 2),
    ("март", 3),
    ("марта", 3),
    ("марте", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("апреле", 4),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июне", 6),
    ("июль", 7),
    ("июля", 7),
    ("июле", 7),
    ("август", 8),
    ("августа", 8),
    ("августе", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сентябре", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("октябре", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноябре", 11),
    ("декабрь", 12),
    ("декабря", 12),
    ("декабре", 12),
];

/// Words that say nothing about the days: prepositions, «г.», «года», «срок», «конца» (a month or
/// a year already ends at its end).
const FILLER: [&str; 24] = [
    "до",
    "в",
    "во",
    "с",
    "со",
    "к",
    "не",
    "позднее",
    "позже",
    "течение",
    "срок",
    "срока",
    "исполнения",
    "конца",
    "конец",
    "г",
    "гг",
    "год",
    "года",
    "году",
    "годы",
    "годов",
    "на",
    "и",
];

/// Words that make a deadline standing: it repeats, with no day to be late for.
const STANDING: [&str; 7] = [
    "постоянно",
    "ежемесячно",
    "еженедельно",
    "ежеквартально",
    "ежедневно",
    "систематически",
    "регулярно",
];

fn word(w: &str) -> Option<Token> {
    if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(Token::Month(m));
    }
    Some(match w {
        "i" => Token::Roman(1),
        "ii" => Token::Roman(2),
        "iii" => Token::Roman(3),
        "iv" => Token::Roman(4),
        "квартал" | "квартале" | "квартала" | "кв" => Token::Quarter,
        "полугодие" | "полугодии" | "полугодия" => Token::Half,
        "по" | "-" => Token::To,
        "уч" | "учебный" | "учебного" | "учебном" | "учебные" => {
            Token::School
        }
        "ежегодно" => Token::Yearly,
        _ if STANDING.contains(&w) => Token::Standing,
        _ => return None,
    })
}

/// `01`, `1` → 1; no more than `max_len` digits.
fn digits(s: &str, max_len: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A run of digits and dots: `2022`, `01.05`, `01.03.2022`, `01.03.22`.
fn numeric(s: &str) -> Option<Token> {
    let parts: Vec<&str> = s.split('.').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [n] => digits(n, 4).map(Token::Num),
        [d, m] => {
            let (d, m) = (digits(d, 2)?, digits(m, 2)?);
            ((1..=31).contains(&d) && (1..=12).contains(&m))
                .then_some(Token::DayMonth(d as u8, m as u8))
        }
        [d, m, y] => {
            let year = match y.len() {
                2 => 2000 + digits(y, 2)?,
                4 => digits(y, 4)?,
                _ => return None,
            };
            Day::new(year, digits(m, 2)?, digits(d, 2)?).map(Token::Date)
        }
        _ => None,
    }
}

/// The words of `text`: lower-cased, «ё» as «е», dashes and slashes apart, digits apart from
/// letters («2022г»), brackets and commas as spaces. `None` if some word is not a deadline's.
fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut spaced = String::with_capacity(text.len() + 8);
    let mut last: Option<char> = None;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        let kind = |c: char| (c.is_ascii_digit(), c.is_alphabetic());
        match c {
            '-' | '–' | '—' | '‑' | '−' | '/' => spaced.push_str(" - "),
            '(' | ')' | ',' | ';' | ':' | '«' | '»' | '"' => spaced.push(' '),
            _ => {
                if let Some(p) = last {
                    // «2022г» → «2022 г», «г.2022» → «г. 2022».
                    let (pd, pa) = kind(p);
                    let (cd, ca) = kind(c);
                    if (pd && ca) || (pa && cd) {
                        spaced.push(' ');
                    }
                }
                spaced.push(c);
            }
        }
        last = Some(c);
    }
    let mut out = Vec::new();
    for raw in spaced.split_whitespace() {
        // «г.», «уч.г.», «март..»: dots that end or join words.
        if raw.bytes().any(|b| b.is_ascii_digit()) {
            out.push(numeric(raw.trim_matches('.'))?);
            continue;
        }
        for w in raw.split('.').filter(|w| !w.is_empty()) {
            if FILLER.contains(&w) {
                continue;
            }
            out.push(word(w)?);
        }
    }
    Some(out)
}

/// One end of a deadline, as far as it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    Day {
        day: u8,
        month: u8,
        year: Option<u32>,
    },
    Month {
        month: u8,
        year: Option<u32>,
    },
    Quarter {
        n: u32,
        year: Option<u32>,
    },
    Half {
        n: u32,
        year: Option<u32>,
    },
    /// A number alone: a year (four digits), else an ordinal whose kind the other end gives
    /// («I–II квартал»).
    Bare(u32),
}

impl Part {
    fn year(self) -> Option<u32> {
        match self {
            Part::Day { year, .. }
            | Part::Month { year, .. }
            | Part::Quarter { year, .. }
            | Part::Half { year, .. } => year,
            Part::Bare(n) => (1900..=2200).contains(&n).then_some(n),
        }
    }

    fn with_year(self, year: u32) -> Part {
        match self {
            Part::Day { day, month, .. } => Part::Day {
                day,
                month,
                year: Some(year),
            },
            Part::Month { month, .. } => Part::Month {
                month,
                year: Some(year),
            },
            Part::Quarter { n, .. } => Part::Quarter {
                n,
                year: Some(year),
            },
            Part::Half { n, .. } => Part::Half {
                n,
                year: Some(year),
            },
            Part::Bare(n) => Part::Bare(n),
        }
    }

    /// The first and last day it covers, once it has a year.
    fn days(self) -> Option<(Day, Day)> {
        let span = |y: u32, first: u32, last: u32| {
            Some((Day::new(y, first, 1)?, Day::new(y, last, 1)?.month_end()))
        };
        match self {
            Part::Day { day, month, year } => {
                let d = Day::new(year?, u32::from(month), u32::from(day))?;
                Some((d, d))
            }
            Part::Month { month, year } => span(year?, u32::from(month), u32::from(month)),
            Part::Quarter { n, year } if (1..=4).contains(&n) => span(year?, n * 3 - 2, n * 3),
            Part::Half { n, year } if (1..=2).contains(&n) => span(year?, n * 6 - 5, n * 6),
            Part::Bare(y) if (1900..=2200).contains(&y) => span(y, 1, 12),
            _ => None,
        }
    }
}

/// One end: `dd.mm.yyyy` · `dd.mm [yyyy]` · `d месяца [yyyy]` · `месяц [yyyy]` ·
/// `N квартал [yyyy]` · `N полугодие [yyyy]` · `yyyy` · `N`.
fn part(t: &[Token]) -> Option<Part> {
    let year = |t: &[Token]| match t {
        [] => Some(None),
        [Token::Num(y)] if (1900..=2200).contains(y) => Some(Some(*y)),
        _ => None,
    };
    let ordinal = |t: Token| match t {
        Token::Num(n) | Token::Roman(n) => Some(n),
        _ => None,
    };
    match t {
        [Token::Date(d)] => Some(Part::Day {
            day: d.day,
            month: d.month,
            year: Some(d.year),
        }),
        [Token::DayMonth(day, month), rest @ ..] => Some(Part::Day {
            day: *day,
            month: *month,
            year: year(rest)?,
        }),
        [Token::Num(day), Token::Month(month), rest @ ..] if (1..=31).contains(day) => {
            Some(Part::Day {
                day: *day as u8,
                month: *month,
                year: year(rest)?,
            })
        }
        [Token::Month(month), rest @ ..] => Some(Part::Month {
            month: *month,
            year: year(rest)?,
        }),
        [n, Token::Quarter, rest @ ..] => Some(Part::Quarter {
            n: ordinal(*n)?,
            year: year(rest)?,
        }),
        [n, Token::Half, rest @ ..] => Some(Part::Half {
            n: ordinal(*n)?,
            year: year(rest)?,
        }),
        [Token::Num(n)] | [Token::Roman(n)] => Some(Part::Bare(*n)),
        _ => None,
    }
}

/// What `text` says about when a decision is due. See the module note for the forms read.
pub fn read(text: &str) -> Deadline {
    if text.chars().nth(MAX_DEADLINE_CHARS).is_some() {
        return Deadline::Unread;
    }
    let trimmed = text.trim();
    // As the deadline columns store a date: `YYYY-MM-DD`, or `permanent` for «постоянно».
    if trimmed == crate::PERMANENT {
        return Deadline::Standing;
    }
    if crate::scoring::is_date(trimmed) {
        if let Some(d) = Day::parse_iso(trimmed) {
            return Deadline::Range { from: d, to: d };
        }
    }
    let Some(mut t) = tokens(trimmed) else {
        return Deadline::Unread;
    };
    if t.contains(&Token::Standing) {
        return Deadline::Standing;
    }
    let school = t.contains(&Token::School);
    t.retain(|x| *x != Token::School);
    if let Some(at) = t.iter().position(|x| *x == Token::Yearly) {
        t.remove(at);
        return yearly(&t);
    }
    // «в течение года», «в течение учебного года»: the year it is, whatever year that is.
    if t.is_empty() {
        return if within_the_year(trimmed) {
            Deadline::Standing
        } else {
            Deadline::Unread
        };
    }
    let (left, right) = match t.iter().position(|x| *x == Token::To) {
        // «с 01.02.2022 по …» has its «по»; a leading dash is no range.
        Some(0) => return Deadline::Unread,
        Some(at) => (&t[..at], Some(&t[at + 1..])),
        None => (&t[..], None),
    };
    let Some(first) = part(left) else {
        return Deadline::Unread;
    };
    let Some(right) = right else {
        if school {
            return Deadline::Unread;
        }
        return first
            .days()
            .map_or(Deadline::Unread, |(from, to)| Deadline::Range { from, to });
    };
    let Some(last) = part(right) else {
        return Deadline::Unread;
    };
    range(first, last, school)
}

/// «в течение года», «в течение учебного года»: within the year, without naming it.
fn within_the_year(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).collect();
    words.contains(&"течение") && words.iter().any(|w| matches!(*w, "год" | "года" | "году"))
}

/// Both ends of a range: a bare ordinal takes the other end's kind, a missing year the other
/// end's year (a year earlier when the months would run backwards: «ноябрь–январь 2023»).
fn range(first: Part, last: Part, school: bool) -> Deadline {
    let kind_of = |bare: u32, other: Part| match other {
        Part::Quarter { .. } => Part::Quarter {
            n: bare,
            year: None,
        },
        Part::Half { .. } => Part::Half {
            n: bare,
            year: None,
        },
        _ => Part::Bare(bare),
    };
    let first = match first {
        Part::Bare(n) if !(1900..=2200).contains(&n) => kind_of(n, last),
        p => p,
    };
    // Two years: a span of calendar years, or with «уч.г.» (and «2021/2022») an academic year,
    // 1 September to 31 August.
    if let (Part::Bare(a), Part::Bare(b)) = (first, last) {
        if school {
            return if b == a + 1 {
                match (Day::new(a, 9, 1), Day::new(b, 8, 31)) {
                    (Some(from), Some(to)) => Deadline::Range { from, to },
                    _ => Deadline::Unread,
                }
            } else {
                Deadline::Unread
            };
        }
    }
    if school {
        return Deadline::Unread;
    }
    let (first, last) = match (first.year(), last.year()) {
        (Some(_), Some(_)) => (first, last),
        (None, Some(y)) => {
            let same = first.with_year(y);
            match (same.days(), last.days()) {
                (Some((a, _)), Some((b, _))) if a > b => (first.with_year(y - 1), last),
                _ => (same, last),
            }
        }
        (Some(y), None) => (first, last.with_year(y)),
        (None, None) => return Deadline::Unread,
    };
    match (first.days(), last.days()) {
        (Some((from, _)), Some((_, to))) if from <= to => Deadline::Range { from, to },
        _ => Deadline::Unread,
    }
}

/// «ежегодно до 31 мая», «ежегодно, 31.05», «ежегодно в мае»: the day of the year it is due;
/// «ежегодно» alone is standing.
fn yearly(t: &[Token]) -> Deadline {
    match part(t) {
        None if t.is_empty() => Deadline::Standing,
        Some(Part::Day {
            day,
            month,
            year: None,
        }) if Day::new(2000, u32::from(month), u32::from(day)).is_some() => {
            Deadline::Yearly { month, day }
        }
        Some(Part::Month { month, year: None }) => Deadline::Yearly {
            month,
            day: Day::new(2001, u32::from(month), 1).map_or(28, |d| d.month_end().day),
        },
        _ => Deadline::Unread,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: u32, m: u32, d: u32) -> Day {
        Day::new(y, m, d).expect("a day")
    }

    fn range(from: (u32, u32, u32), to: (u32, u32, u32)) -> Deadline {
        Deadline::Range {
            from: day(from.0, from.1, from.2),
            to: day(to.0, to.1, to.2),
        }
    }

    #[test]
    fn the_seeds_deadlines_read_as_the_days_they_cover() {
        let cases = [
            // Seed 000, 001, 003 as written.
            ("Срок: постоянно", Deadline::Standing),
            ("декабрь 2021", range((2021, 12, 1), (2021, 12, 31))),
            ("до 01.10.2021", range((2021, 10, 1), (2021, 10, 1))),
            ("2021-2022 уч.г.", range((2021, 9, 1), (2022, 8, 31))),
            ("май 2022 г.", range((2022, 5, 1), (2022, 5, 31))),
            ("до 01.03.2022", range((2022, 3, 1), (2022, 3, 1))),
            ("(апрель 2022)", range((2022, 4, 1), (2022, 4, 30))),
            ("до 01.05 2022", range((2022, 5, 1), (2022, 5, 1))),
            ("март.. 2020г", range((2020, 3, 1), (2020, 3, 31))),
            ("в 2022году", range((2022, 1, 1), (2022, 12, 31))),
            ("март 2021 года", range((2021, 3, 1), (2021, 3, 31))),
            (
                "в срок до 01.04.2021 года",
                range((2021, 4, 1), (2021, 4, 1)),
            ),
            ("в течение 2021 года", range((2021, 1, 1), (2021, 12, 31))),
            (
                "в 2021-2022 учебном году",
                range((2021, 9, 1), (2022, 8, 31)),
            ),
            (
                "в течение 2021–2022 уч.г.",
                range((2021, 9, 1), (2022, 8, 31)),
            ),
            (
                "до конца декабря 2021",
                range((2021, 12, 1), (2021, 12, 31)),
            ),
            // The brief's and DOMAIN.md's forms.
            ("январь–февраль 2022", range((2022, 1, 1), (2022, 2, 28))),
            (
                "январь - февраль 2022 г.",
                range((2022, 1, 1), (2022, 2, 28)),
            ),
            ("ноябрь–январь 2023", range((2022, 11, 1), (2023, 1, 31))),
            ("ежегодно до 31 мая", Deadline::Yearly { month: 5, day: 31 }),
            ("Ежегодно, до 31.05", Deadline::Yearly { month: 5, day: 31 }),
            ("ежегодно в мае", Deadline::Yearly { month: 5, day: 31 }),
            ("ежегодно", Deadline::Standing),
            ("постоянно", Deadline::Standing),
            ("ежеквартально", Deadline::Standing),
            ("01.03.2022", range((2022, 3, 1), (2022, 3, 1))),
            ("1.3.22", range((2022, 3, 1), (2022, 3, 1))),
            ("IV квартал 2022", range((2022, 10, 1), (2022, 12, 31))),
            (
                "в IV квартале 2022 года",
                range((2022, 10, 1), (2022, 12, 31)),
            ),
            ("4 кв. 2022 г.", range((2022, 10, 1), (2022, 12, 31))),
            ("I–II квартал 2023", range((2023, 1, 1), (2023, 6, 30))),
            ("II полугодие 2022", range((2022, 7, 1), (2022, 12, 31))),
            ("в течение года", Deadline::Standing),
            ("в течение учебного года", Deadline::Standing),
            ("учебный год", Deadline::Unread),
            (
                "с 01.02.2022 по 15.03.2022",
                range((2022, 2, 1), (2022, 3, 15)),
            ),
            ("01.02–15.03.2022", range((2022, 2, 1), (2022, 3, 15))),
            ("до 31 мая 2024 г.", range((2024, 5, 31), (2024, 5, 31))),
            ("29.02.2024", range((2024, 2, 29), (2024, 2, 29))),
            ("2023", range((2023, 1, 1), (2023, 12, 31))),
            ("2022-03-01", range((2022, 3, 1), (2022, 3, 1))),
            ("permanent", Deadline::Standing),
        ];
        for (text, want) in cases {
            assert_eq!(read(text), want, "{text:?}");
        }
    }

    #[test]
    fn what_cannot_be_placed_in_time_is_unread() {
        for text in [
            "",
            "   ",
            "датой окончания учебного года",
            "май",
            "до 31 мая",
            "к маю",
            "по мере необходимости",
            "29.02.2023",
            "31.04.2022",
            "00.01.2022",
            "13.13.2022",
            "V квартал 2022",
            "3 полугодие 2022",
            "февраль–январь",
            "15.03.2022 – 01.02.2022",
            "2021-2023 уч.г.",
            "2022 уч.г.",
            "- 2022",
            "2022 -",
            "123456",
            "01.03.20222",
            "ежегодно 31 мая 2022",
            "ежегодно до 31 февраля",
            "1800",
            "сентябрь 2300",
        ] {
            assert_eq!(read(text), Deadline::Unread, "{text:?}");
        }
        // Longer than a deadline is: no reading at all.
        let long = format!("до 01.03.2022 {}", "и ".repeat(MAX_DEADLINE_CHARS));
        assert_eq!(read(&long), Deadline::Unread);
    }

    #[test]
    fn a_yearly_deadline_is_due_in_the_year_it_is_seen() {
        let may = Deadline::Yearly { month: 5, day: 31 };
        assert_eq!(may.due(day(2027, 1, 15)), Some(day(2027, 5, 31)));
        let leap = Deadline::Yearly { month: 2, day: 29 };
        assert_eq!(leap.due(day(2027, 1, 15)), Some(day(2027, 2, 28)));
        assert_eq!(leap.due(day(2028, 1, 15)), Some(day(2028, 2, 29)));
        assert_eq!(Deadline::Standing.due(day(2027, 1, 15)), None);
        assert_eq!(Deadline::Unread.due(day(2027, 1, 15)), None);
    }
}
