//! `model::deadline::read` on random deadlines written every way people write them, with
//! `jiff` as the oracle of the calendar (month lengths, leap years): what was written reads back
//! as the days it covers; text that is no deadline reads as `Unread`; nothing panics, and a
//! long text costs no more than a short one.

use jiff::civil::Date;
use model::deadline::{read, Day, Deadline};
use proptest::prelude::*;

const NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// A valid day, 1900–2200, by the oracle's calendar.
fn date() -> impl Strategy<Value = Date> {
    (1900i16..=2200, 1i8..=12, 1i8..=31)
        .prop_filter_map("a real day", |(y, m, d)| Date::new(y, m, d).ok())
}

fn day(d: Date) -> Day {
    Day::new(d.year() as u32, d.month() as u32, d.day() as u32).expect("the oracle's day")
}

fn month_range(y: i16, first: i8, last: i8) -> Deadline {
    let from = Date::new(y, first, 1).expect("a month");
    let to = Date::new(y, last, 1).expect("a month").last_of_month();
    Deadline::Range {
        from: day(from),
        to: day(to),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_day_written_any_way_reads_as_that_day(d in date(), form in 0usize..9) {
        let (y, m, dd) = (d.year(), d.month(), d.day());
        let text = match form {
            0 => format!("{dd:02}.{m:02}.{y}"),
            1 => format!("до {dd:02}.{m:02}.{y}"),
            2 => format!("{dd}.{m}.{y} г."),
            3 => format!("в срок до {dd:02}.{m:02}.{y} года"),
            4 => format!("{dd} {} {y}", GENITIVE[m as usize - 1]),
            5 => format!("до {dd} {} {y} г.", GENITIVE[m as usize - 1]),
            6 => format!("{y}-{m:02}-{dd:02}"),
            7 => format!("не позднее {dd:02}.{m:02}.{y}г"),
            _ => format!("(до {dd:02}.{m:02} {y})"),
        };
        prop_assert_eq!(read(&text), Deadline::Range { from: day(d), to: day(d) }, "{}", text);
    }

    #[test]
    fn a_month_a_quarter_a_span_of_months_read_as_their_days(
        y in 1900i16..=2200, a in 1i8..=12, b in 1i8..=12, q in 1usize..=4, form in 0usize..7,
    ) {
        let (first, last) = (a.min(b), a.max(b));
        let name = |m: i8| NOMINATIVE[m as usize - 1];
        let (text, want) = match form {
            0 => (format!("{} {y}", name(a)), month_range(y, a, a)),
            1 => (format!("{} {y} г.", name(a)), month_range(y, a, a)),
            2 => (format!("до конца {} {y} года", GENITIVE[a as usize - 1]), month_range(y, a, a)),
            3 => (format!("{}–{} {y}", name(first), name(last)), month_range(y, first, last)),
            4 => (format!("{} квартал {y}", ROMAN[q - 1]), month_range(y, q as i8 * 3 - 2, q as i8 * 3)),
            5 => (format!("в {q} квартале {y} года"), month_range(y, q as i8 * 3 - 2, q as i8 * 3)),
            _ => (format!("в течение {y} года"), month_range(y, 1, 12)),
        };
        prop_assert_eq!(read(&text), want, "{}", text);
    }

    #[test]
    fn a_school_year_runs_from_september_to_august(y in 1900i16..2200, form in 0usize..3) {
        let text = match form {
            0 => format!("{y}-{} уч.г.", y + 1),
            1 => format!("в течение {y}–{} учебного года", y + 1),
            _ => format!("{y}/{} уч. год", y + 1),
        };
        let want = Deadline::Range {
            from: day(Date::new(y, 9, 1).expect("a day")),
            to: day(Date::new(y + 1, 8, 31).expect("a day")),
        };
        prop_assert_eq!(read(&text), want, "{}", text);
    }

    #[test]
    fn a_yearly_deadline_reads_as_its_day_of_the_year(d in date()) {
        let (m, dd) = (d.month(), d.day());
        let text = format!("ежегодно до {dd} {}", GENITIVE[m as usize - 1]);
        prop_assert_eq!(read(&text), Deadline::Yearly { month: m as u8, day: dd as u8 });
    }

    #[test]
    fn an_impossible_day_is_unread(y in 1900i16..=2200, m in 1i8..=12, extra in 1i8..=3) {
        let past_end = Date::new(y, m, 1).expect("a month").days_in_month() + extra;
        let text = format!("до {past_end:02}.{m:02}.{y}");
        prop_assert_eq!(read(&text), Deadline::Unread, "{}", text);
    }

    #[test]
    fn words_that_are_no_deadline_are_unread(text in "[a-zа-дж-я ]{1,40}") {
        // Letters only, with «е»/«ё» left out so no month or «постоянно» can form.
        prop_assert_eq!(read(&text), Deadline::Unread, "{}", text);
    }

    #[test]
    fn any_text_reads_without_panic_and_a_range_never_runs_backwards(text in "\\PC{0,80}") {
        if let Deadline::Range { from, to } = read(&text) {
            prop_assert!(from <= to, "{}", text);
        }
    }

    #[test]
    fn any_mix_of_deadline_words_reads_without_panic(
        words in prop::collection::vec(prop::sample::select(vec![
            "до", "с", "по", "-", "–", "/", "01.03.2022", "31.02", "29", "2022", "2023", "0",
            "99999", "май", "мая", "IV", "V", "квартал", "полугодие", "уч.г.", "ежегодно",
            "постоянно", "года", "(", ")", ".", "..", "г.",
        ]), 0..12),
    ) {
        let text = words.join(" ");
        if let Deadline::Range { from, to } = read(&text) {
            prop_assert!(from <= to, "{}", text);
        }
        let _ = read(&words.concat());
    }
}

#[test]
fn a_long_text_is_refused_at_once() {
    // A megabyte of digits, dashes and month names: refused by its length, in one pass.
    let long = "01.03.2022 – май 2022 ".repeat(50_000);
    let started = std::time::Instant::now();
    assert_eq!(read(&long), Deadline::Unread);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}
