//! Exact conversions between `f64` and decimal text, small enough for the first view.
//!
//! The standard library's `str::parse::<f64>` and `{}` for `f64` are exact too, but they bring
//! tables of powers (about 11 KB for parsing alone) into a bundle with no room for them. Here a
//! single comparison does the exact work — a decimal `D·10^x` against a binary `n·2^f`, both
//! made whole numbers in a small bignum. Reading approximates in floating point, then steps
//! one double at a time until the text lies between the half-way points around the candidate
//! (a tie goes to the even one, as in every correct reader). Writing tries the fewest digits
//! first and keeps the first candidate that reads back as the same double: the shortest form,
//! as `serde_json` (ryu) and JavaScript write it. `tests/json_oracle.rs` holds both directions
//! against `serde_json` and the standard library.

use std::cmp::Ordering;
use std::fmt::Write;

/// A whole number in base 2³², least significant limb first.
type Big = Vec<u32>;

fn big(n: u64) -> Big {
    vec![n as u32, (n >> 32) as u32]
}

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

fn mul_pow5(b: &mut Big, mut n: u32) {
    while n > 0 {
        let k = n.min(13); // 5¹³ is the largest power of five below 2³²
        mul_add(b, 5u32.pow(k), 0);
        n -= k;
    }
}

fn shl(b: &mut Big, bits: u32) {
    b.splice(0..0, std::iter::repeat_n(0, (bits / 32) as usize));
    mul_add(b, 1 << (bits % 32), 0);
}

fn cmp_big(a: &Big, b: &Big) -> Ordering {
    let len = |x: &Big| x.iter().rposition(|&l| l != 0).map_or(0, |p| p + 1);
    let (la, lb) = (len(a), len(b));
    la.cmp(&lb)
        .then_with(|| a[..la].iter().rev().cmp(b[..lb].iter().rev()))
}

/// `D·10^x` against `n·2^f`, exactly.
fn cmp_scaled(d: &Big, x: i32, n: u64, f: i32) -> Ordering {
    let (mut l, mut r) = (d.clone(), big(n));
    // D·10^x = D·5^x·2^x; the power of five goes to whichever side keeps it whole.
    if x >= 0 {
        mul_pow5(&mut l, x.unsigned_abs());
    } else {
        mul_pow5(&mut r, x.unsigned_abs());
    }
    let low = x.min(f);
    shl(&mut l, (x - low).unsigned_abs());
    shl(&mut r, (f - low).unsigned_abs());
    cmp_big(&l, &r)
}

/// The mantissa and binary exponent of a positive finite double: `m·2^e`.
fn parts(bits: u64) -> (u64, i32) {
    let frac = bits & ((1 << 52) - 1);
    match (bits >> 52) as i32 {
        0 => (frac, -1074),
        ex => (frac | 1 << 52, ex - 1075),
    }
}

/// Where `D·10^x` falls against the double with these bits: `Equal` when it reads as that
/// double (round to nearest, ties to even), else on which side of it.
fn reads_as(d: &Big, x: i32, bits: u64) -> Ordering {
    let (m, e) = parts(bits);
    // A tie with a half-way point goes to the even neighbour.
    let beyond = |(n, f), side| match cmp_scaled(d, x, n, f) {
        Ordering::Equal => bits & 1 == 1,
        o => o == side,
    };
    // Half-way to the next double down (zero has none): a quarter step at a power of two,
    // where the step below is half the one above (not at the smallest normal, whose step
    // below is the same).
    let below = || {
        if bits >> 52 > 1 && m == 1 << 52 {
            (4 * m - 1, e - 2)
        } else {
            (2 * m - 1, e - 1)
        }
    };
    if bits > 0 && beyond(below(), Ordering::Less) {
        Ordering::Less
    } else if beyond((2 * m + 1, e - 1), Ordering::Greater) {
        Ordering::Greater
    } else {
        Ordering::Equal
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
    let pow10 = |k: i32| 10f64.powi(k);
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
    // A guess within a few steps, in two multiplications where one power would overflow.
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
        match reads_as(&d, dx, bits) {
            Ordering::Equal => return Some(f64::from_bits(bits)),
            Ordering::Less => bits -= 1,
            Ordering::Greater if bits == max => return None,
            Ordering::Greater => bits += 1,
        }
    }
}

/// The decimal digits of a whole number.
fn decimal(mut b: Big) -> Vec<u8> {
    let mut chunks = Vec::new();
    loop {
        while b.last() == Some(&0) {
            b.pop();
        }
        if b.is_empty() {
            break;
        }
        let mut rem = 0u64;
        for limb in b.iter_mut().rev() {
            let x = rem << 32 | u64::from(*limb);
            *limb = (x / 1_000_000_000) as u32;
            rem = x % 1_000_000_000;
        }
        chunks.push(rem);
    }
    let mut s = String::new();
    for (i, c) in chunks.iter().rev().enumerate() {
        let _ = if i == 0 {
            write!(s, "{c}")
        } else {
            write!(s, "{c:09}")
        };
    }
    s.into_bytes()
}

/// Writes a finite double in the fewest digits that read back as the same double, in
/// JavaScript's notation (`12`, `0.1`, `1.5e+300`, `5e-324`): whole numbers below 10²¹ in
/// full, an exponent only below 10⁻⁶ and from 10²¹.
pub(crate) fn write_shortest(out: &mut String, v: f64) {
    if v < 0.0 {
        out.push('-');
    }
    let v = v.abs();
    if v.fract() == 0.0 && v < 9_007_199_254_740_992.0 {
        let _ = write!(out, "{}", v as u64);
        return;
    }
    let bits = v.to_bits();
    let (m, e) = parts(bits);
    let mut b = big(m);
    if e >= 0 {
        shl(&mut b, e.unsigned_abs());
    } else {
        mul_pow5(&mut b, e.unsigned_abs());
    }
    // The value is 0.exact × 10^point.
    let exact = decimal(b);
    let point = exact.len() as i32 + e.min(0);
    for p in 1..=17 {
        let head = &exact[..p.min(exact.len())];
        let down = head.iter().fold(0u64, |v, &b| v * 10 + u64::from(b - b'0'));
        let x = point - head.len() as i32;
        // The nearer of the two p-digit neighbours first; at 17 digits it always reads back.
        let up = exact.get(p).is_some_and(|&b| b >= b'5');
        for candidate in [down + u64::from(up), down + u64::from(!up)] {
            if p == 17 || reads_as(&big(candidate), x, bits) == Ordering::Equal {
                put(out, candidate, x);
                return;
            }
        }
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
        let _ = write!(out, "e{}{}", if n > 1 { "+" } else { "" }, n - 1);
    }
}
