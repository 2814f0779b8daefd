//! Points in time as files carry them (`updated_at`, `exported_at`): RFC 3339 timestamps,
//! compared as instants, not as text. The app writes `2026-11-20T09:00:00.000Z`, but a file
//! edited elsewhere may carry `2026-11-20T12:00:00+03:00` (the same instant) or drop the
//! milliseconds, and text order gets both wrong.
//!
//! Hand-written rather than a date crate because the municipality page's bundle links it;
//! the `instant_oracle` test holds it against `jiff` on random timestamps, valid and not.

use std::cmp::Ordering;

/// Milliseconds since 1970-01-01T00:00:00Z of an RFC 3339 timestamp:
/// `YYYY-MM-DD(T|t| )HH:MM:SS[.fraction](Z|z|±HH:MM)`. Anything else — a date without a time
/// or an offset, a day that does not exist, hour 24, a leap second — is `None`.
pub fn instant_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b.len() > 64 {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let separators = at(4, b'-') && at(7, b'-') && at(13, b':') && at(16, b':');
    if !separators || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if at(i, b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        // Milliseconds, truncated: finer digits never reorder two instants a person wrote.
        let kept = (i - start).min(3);
        millis = num(start, kept)? * 10i64.pow(3 - kept as u32);
    }
    let offset_minutes = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Orders two timestamps from files: as instants where both read; a timestamp that reads is
/// newer than one that does not; two that do not read compare as text, so the order stays
/// total and never depends on the order files came in.
pub fn cmp_instants(a: &str, b: &str) -> Ordering {
    match (instant_ms(a), instant_ms(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => a.cmp(b),
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_instant_written_two_ways_is_equal() {
        let a = instant_ms("2026-11-20T09:00:00.000Z");
        assert_eq!(a, instant_ms("2026-11-20T12:00:00+03:00"));
        assert_eq!(a, instant_ms("2026-11-20 09:00:00z"));
        assert_eq!(instant_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(instant_ms("1970-01-01T00:00:01.5Z"), Some(1500));
    }

    #[test]
    fn text_order_is_not_time_order_but_this_is() {
        // As text the second is later; as instants it is an hour earlier.
        let (a, b) = ("2026-11-20T09:00:00Z", "2026-11-20T11:00:00+03:00");
        assert!(b > a);
        assert_eq!(cmp_instants(b, a), Ordering::Less);
        assert_eq!(cmp_instants(a, "не дата"), Ordering::Greater);
        assert_eq!(cmp_instants("", "x"), Ordering::Less);
    }

    #[test]
    fn what_is_not_a_timestamp_is_refused() {
        for bad in [
            "",
            "2026-11-20",
            "2026-11-20T09:00:00",
            "2026-02-29T09:00:00Z",
            "2026-13-01T09:00:00Z",
            "2026-11-31T09:00:00Z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T09:60:00Z",
            "2026-11-20T09:00:60Z",
            "2026-11-20T09:00:00.Z",
            "2026-11-20T09:00:00+3:00",
            "2026-11-20T09:00:00+24:00",
            "2026-11-20T09:00:00Z ",
            "２０２６-11-20T09:00:00Z",
            "+026-11-20T09:00:00Z",
        ] {
            assert_eq!(instant_ms(bad), None, "{bad:?}");
        }
        assert!(instant_ms("2024-02-29T09:00:00Z").is_some());
    }
}
