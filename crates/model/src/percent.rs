use std::fmt;

/// A percentage held exactly in tenths (`724` is 72,4 %), rounded half up from a fraction of
/// points, so that the same answers give the same figure on every device and in every export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent {
    tenths: u32,
}

impl Percent {
    /// `points / max` rounded half up to one decimal; `None` when there is nothing to score.
    pub fn of(points: u32, max: u32) -> Option<Percent> {
        if max == 0 {
            return None;
        }
        let (points, max) = (u64::from(points.min(max)), u64::from(max));
        // Integer arithmetic: 2/3 is 66,7 and 1/8 is 12,5 with no floating-point drift.
        let tenths = (points * 2000 + max) / (2 * max);
        Some(Percent {
            tenths: u32::try_from(tenths).unwrap_or(1000),
        })
    }

    /// A percentage from tenths (`724` is 72,4 %), at most 100 %.
    pub fn from_tenths(tenths: u32) -> Percent {
        Percent {
            tenths: tenths.min(1000),
        }
    }

    pub fn tenths(self) -> u32 {
        self.tenths
    }

    /// The number the Russian way, with a decimal comma and no sign: `72,4`.
    pub fn decimal_comma(self) -> String {
        format!("{},{}", self.tenths / 10, self.tenths % 10)
    }

    /// The number with a decimal point: `72.4`.
    pub fn decimal_point(self) -> String {
        format!("{}.{}", self.tenths / 10, self.tenths % 10)
    }
}

/// Shown to people: `72,4 %` with a no-break space, as Russian typography writes it.
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\u{a0}%", self.decimal_comma())
    }
}

#[cfg(test)]
mod tests {
    use super::Percent;

    fn shown(points: u32, max: u32) -> String {
        Percent::of(points, max)
            .map(|p| p.decimal_comma())
            .unwrap_or_default()
    }

    #[test]
    fn rounds_half_up_to_one_decimal() {
        assert_eq!(shown(2, 3), "66,7");
        assert_eq!(shown(1, 3), "33,3");
        assert_eq!(shown(1, 8), "12,5");
        assert_eq!(shown(1, 16), "6,3"); // 6.25 → 6.3
        assert_eq!(shown(13, 18), "72,2");
        assert_eq!(shown(1, 2000), "0,1"); // 0.05 → 0.1
        assert_eq!(shown(1, 2001), "0,0"); // 0.0499… → 0.0
    }

    #[test]
    fn bounds() {
        assert_eq!(shown(0, 18), "0,0");
        assert_eq!(shown(18, 18), "100,0");
        assert_eq!(Percent::of(5, 0), None);
        assert_eq!(shown(u32::MAX, u32::MAX), "100,0");
    }

    #[test]
    fn display_uses_a_decimal_comma_and_a_no_break_space() {
        let p = Percent::of(777, 900).map(|p| p.to_string());
        assert_eq!(p.as_deref(), Some("86,3\u{a0}%"));
        assert_eq!(
            Percent::of(777, 900).map(|p| p.decimal_point()).as_deref(),
            Some("86.3")
        );
    }
}
