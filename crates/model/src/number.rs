//! Exact conversions between `f64` and decimal text, small enough for the first view.
//!
//! The standard library's `str::parse::<f64>` and `{}` for `f64` are exact too, but they bring
//! tables of powers (about 11 KB for parsing alone) into a bundle with no room for them. Here
//! the exact work is done on whole numbers in a small bignum, and only where floating point
//! cannot decide:
//! - reading takes the one correctly rounded operation when the digits and the power of ten
//!   are both exact doubles (what people type); otherwise it guesses within a step or two
//!   and moves one double at a time until the text lies between the half-way points around
//!   the candidate, each compared exactly (a tie goes to the even double, as in every correct
//!   reader);
//! - writing tries the fewest decimals first while the number is a small whole number of
//!   them (checked by the exact division back); otherwise it makes the digits one at a time,
//!   exactly, until stopping stays between the half-way points (Steele & White's free
//!   format): the shortest form, as `serde_json` (ryu) and JavaScript write it.
//!
//! `tests/json_oracle.rs` holds both directions against `serde_json` and the standard library.

use std::cmp::Ordering;
use std::fmt::Write;

/// A whole number in base 2³², least significant limb first.
type Big = Vec<u32>;

/// `b = b·k + add`.
fn mul_add(b: &mut Big, k: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in b.iter_mut() {
        let x = u64::from(*limb) * u64::from(k) + carry;
        *limb = x as u32;
        carry = x >> 32;
    }
    if carry > 0 {
        b.push(carry as u32);
    }
}

/// `b·n`.
fn mul_u64(b: &Big, n: u64) -> Big {
    let mut low = b.clone();
    mul_add(&mut low, n as u32, 0);
    let mut high = b.clone();
    mul_add(&mut high, (n >> 32) as u32, 0);
    high.insert(0, 0);
    sum(&low, &high)
}

fn sum(a: &Big, b: &Big) -> Big {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0u64;
    for i in 0..a.len().max(b.len()) {
        let limb = |x: &Big| u64::from(x.get(i).copied().unwrap_or(0));
        let x = limb(a) + limb(b) + carry;
        out.push(x as u32);
        carry = x >> 32;
    }
    out.push(carry as u32);
    out
}

/// `a -= b`, where `a ≥ b`.
fn sub(a: &mut Big, b: &Big) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let x = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        *limb = x.rem_euclid(1 << 32) as u32;
        borrow = i64::from(x < 0);
    }
}

/// `b·base^n`, for base 5 or 10 (5¹³ and 10⁹ are their largest powers below 2³²).
fn mul_pow(b: &mut Big, base: u32, mut n: u32) {
    while n > 0 {
        let k = n.min(if base == 5 { 13 } else { 9 });
        mul_add(b, base.pow(k), 0);
        n -= k;
    }
}

fn power(base: u32, n: u32) -> Big {
    let mut b = vec![1];
    mul_pow(&mut b, base, n);
    b
}

fn shl(b: &mut Big, bits: u32) {
    let mut out = vec![0; (bits / 32) as usize];
    out.append(b);
    mul_add(&mut out, 1 << (bits % 32), 0);
    *b = out;
}

fn cmp_big(a: &Big, b: &Big) -> Ordering {
    let len = |x: &Big| x.iter().rposition(|&l| l != 0).map_or(0, |p| p + 1);
    let (la, lb) = (len(a), len(b));
    la.cmp(&lb)
        .then_with(|| a[..la].iter().rev().cmp(b[..lb].iter().rev()))
}

/// The mantissa and binary exponent of a positive finite double: `m·2^e`.
fn parts(bits: u64) -> (u64, i32) {
    let frac = bits & ((1 << 52) - 1);
    match (bits >> 52) as i32 {
        0 => (frac, -1074),
        ex => (frac | 1 << 52, ex - 1075),
    }
}

/// Whether the double with these bits is a power of two with a smaller step below it than
/// above (all but the smallest normal, whose steps are equal).
fn narrow_below(bits: u64) -> bool {
    bits >> 52 > 1 && bits & ((1 << 52) - 1) == 0
}

/// 10^k: exact up to 10²² (every factor and product is an exact double), a few steps off
/// beyond, which is a guess's business.
fn pow10(k: i32) -> f64 {
    10f64.powi(k)
}

/// `D·10^x`, ready to be compared with doubles: `D·5^x` and no power when `x ≥ 0`, else `D`
/// and `5^-x` (the power goes to whichever side keeps both whole).
struct Decimal {
    d: Big,
    power: Big,
    x: i32,
}

impl Decimal {
    /// `D·10^x` against `n·2^f`, exactly.
    fn cmp(&self, n: u64, f: i32) -> Ordering {
        let mut r = mul_u64(&self.power, n);
        let mut l = self.d.clone();
        let low = self.x.min(f);
        shl(&mut l, (self.x - low).unsigned_abs());
        shl(&mut r, (f - low).unsigned_abs());
        cmp_big(&l, &r)
    }

    /// `Equal` when the decimal reads as the double with these bits (round to nearest, ties
    /// to even), else on which side of it it lies.
    fn reads_as(&self, bits: u64) -> Ordering {
        // The half-way points to the doubles around, as `below·2^f` and `above·2^f`; below, a
        // quarter step where the step down is half the step up. Zero has nothing below.
        let (m, e) = parts(bits);
        let ([below, above], f) = if narrow_below(bits) {
            ([4 * m - 1, 4 * m + 2], e - 2)
        } else {
            ([(2 * m).saturating_sub(1), 2 * m + 1], e - 1)
        };
        let beyond = |n, side| match self.cmp(n, f) {
            Ordering::Equal => bits & 1 == 1,
            o => o == side,
        };
        if bits > 0 && beyond(below, Ordering::Less) {
            Ordering::Less
        } else if beyond(above, Ordering::Greater) {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }
}

/// The double nearest to `digits·10^x` (ASCII digits, as many as given); `None` beyond the
/// largest double.
pub(crate) fn nearest(all: &[u8], x: i64) -> Option<f64> {
    let Some(start) = all.iter().position(|&b| b != b'0') else {
        return Some(0.0);
    };
    let end = all
        .iter()
        .rposition(|&b| b != b'0')
        .map_or(start, |p| p + 1);
    let digits = &all[start..end];
    let x = x.saturating_add((all.len() - end) as i64);
    // The value is at least 10^(point - 1) and below 10^point.
    let point = x.saturating_add(digits.len() as i64);
    if point > 310 {
        return None;
    }
    if point < -330 {
        return Some(0.0);
    }
    let x = x as i32; // within ±(330 + the number of digits)
    let lead = &digits[..digits.len().min(19)];
    let w = lead.iter().fold(0u64, |v, &b| v * 10 + u64::from(b - b'0')) as f64;
    // Exact in one rounding when the digits and the power of ten are both exact doubles.
    if digits.len() <= 15 && (-22..=22).contains(&x) {
        return Some(if x >= 0 { w * pow10(x) } else { w / pow10(-x) });
    }
    // Past 800 digits only whether more follow matters: no half-way point between two doubles
    // has more than 767 significant digits, so a 1 after the 800th compares as the tail would.
    let kept = &digits[..digits.len().min(800)];
    let mut d: Big = vec![0];
    for chunk in kept.chunks(9) {
        let value = chunk.iter().fold(0, |v, &b| v * 10 + u32::from(b - b'0'));
        mul_add(&mut d, 10u32.pow(chunk.len() as u32), value);
    }
    let mut dx = x + (digits.len() - kept.len()) as i32;
    if kept.len() < digits.len() {
        mul_add(&mut d, 10, 1);
        dx -= 1;
    }
    let power = if dx >= 0 {
        mul_pow(&mut d, 5, dx.unsigned_abs());
        vec![1]
    } else {
        power(5, dx.unsigned_abs())
    };
    let decimal = Decimal { d, power, x: dx };
    // A guess within a step or two, in two multiplications where one power would overflow.
    let mut s = point as i32 - lead.len() as i32;
    let mut guess = w;
    if s.abs() > 300 {
        guess *= if s > 0 { 1e300 } else { 1e-300 };
        s -= 300 * s.signum();
    }
    guess = if s >= 0 {
        guess * pow10(s)
    } else {
        guess / pow10(-s)
    };
    let max = f64::MAX.to_bits();
    let mut bits = if guess.is_finite() {
        guess.to_bits()
    } else {
        max
    };
    loop {
        match decimal.reads_as(bits) {
            Ordering::Equal => return Some(f64::from_bits(bits)),
            Ordering::Less => bits -= 1,
            Ordering::Greater if bits == max => return None,
            Ordering::Greater => bits += 1,
        }
    }
}

/// Writes a finite double in the fewest digits that read back as the same double, in
/// JavaScript's notation (`12`, `0.1`, `1.5e+300`, `5e-324`): whole numbers below 10²¹ in
/// full, an exponent only below 10⁻⁶ and from 10²¹.
pub(crate) fn write_shortest(out: &mut String, v: f64) {
    if v < 0.0 {
        out.push('-');
    }
    let v = v.abs();
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2⁵³: every whole double below is exact
    if v.fract() == 0.0 && v < EXACT {
        let _ = write!(out, "{}", v as u64);
        return;
    }
    // Otherwise digit by digit, exactly (Steele & White's free format, with Burger & Dybvig's
    // start): v = r/s, and the half-way points to its neighbours are (r - mm)/s and
    // (r + mp)/s; each digit is the next of v's, until stopping there stays between them.
    let bits = v.to_bits();
    let (m, e) = parts(bits);
    // A tie with a half-way point reads as the even double.
    let even = m & 1 == 0;
    // At a power of two the half-way point below is half as far as the one above.
    let a = u32::from(narrow_below(bits));
    let (up, down) = (e.max(0).unsigned_abs(), (-e).max(0).unsigned_abs());
    let power_of_two = |bits: u32| {
        let mut b = vec![1];
        shl(&mut b, bits);
        b
    };
    let mut r = vec![m as u32, (m >> 32) as u32];
    shl(&mut r, up + 1 + a);
    let mut s = power_of_two(down + 1 + a);
    let mut mp = power_of_two(up + a);
    let mut mm = power_of_two(up);
    // The first digit's place: 10^(k-1) ≤ v < 10^k. From the binary exponent (1233/4096 is
    // just below log₁₀2, so never too high), then raised while the point above reaches s.
    let binary = e + 63 - m.leading_zeros() as i32;
    let mut k = (binary * 1233) >> 12;
    if k >= 0 {
        mul_pow(&mut s, 10, k.unsigned_abs());
    } else {
        for b in [&mut r, &mut mp, &mut mm] {
            mul_pow(b, 10, k.unsigned_abs());
        }
    }
    let reaches = |x: &Big, y: &Big| match cmp_big(x, y) {
        Ordering::Equal => even,
        o => o == Ordering::Greater,
    };
    while reaches(&sum(&r, &mp), &s) {
        mul_add(&mut s, 10, 0);
        k += 1;
    }
    let (mut digits, mut count) = (0u64, 0);
    loop {
        for b in [&mut r, &mut mp, &mut mm] {
            mul_add(b, 10, 0);
        }
        let mut d = 0;
        while cmp_big(&r, &s) != Ordering::Less {
            sub(&mut r, &s);
            d += 1;
        }
        count += 1;
        let low = reaches(&mm, &r);
        let high = reaches(&sum(&r, &mp), &s);
        if !low && !high {
            digits = digits * 10 + d;
            continue;
        }
        // Stop: with this digit, or one more, whichever is nearer v (both may be in range).
        let round_up = match (low, high) {
            (true, true) => cmp_big(&sum(&r, &r), &s) == Ordering::Greater,
            (_, high) => high,
        };
        digits = digits * 10 + d + u64::from(round_up);
        put(out, digits, k - count);
        return;
    }
}

/// `digits·10^x` in JavaScript's notation.
fn put(out: &mut String, digits: u64, mut x: i32) {
    let mut s = digits.to_string();
    while s.len() > 1 && s.ends_with('0') {
        s.pop();
        x += 1;
    }
    let k = s.len() as i32;
    let n = k + x; // the value is 0.s × 10^n
    let zeros = |out: &mut String, count: i32| {
        out.extend(std::iter::repeat_n('0', count.unsigned_abs() as usize));
    };
    if (k..=21).contains(&n) {
        out.push_str(&s);
        zeros(out, n - k);
    } else if (1..=21).contains(&n) {
        let (int, frac) = s.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if (-5..=0).contains(&n) {
        out.push_str("0.");
        zeros(out, n);
        out.push_str(&s);
    } else {
        let (first, rest) = s.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str(if n > 1 { "e+" } else { "e-" });
        let _ = write!(out, "{}", u64::from((n - 1).unsigned_abs()));
    }
}
