//! Numbers meeting nouns: «1 пункт, 2 пункта, 5 пунктов» in every text that counts something.

/// The form of a noun that goes with `n`. Three forms are Russian — for one, for a few and
/// for many (`["пункт", "пункта", "пунктов"]`), chosen by the last two digits: 1, 21, 101 take
/// the first; 2–4, 22–24 the second; 0, 5–20, 25–30 the third. Two forms are English (one,
/// other). A number with a fraction (`2,5`) takes the Russian second form (`2,5 пункта`).
/// No forms give an empty text; one form is always that form.
pub fn plural<'a>(n: u64, fraction: bool, forms: &[&'a str]) -> &'a str {
    forms
        .get(form(n, fraction, forms.len()))
        .copied()
        .unwrap_or("")
}

/// Which of `count` forms goes with `n` (see [`plural`]).
fn form(n: u64, fraction: bool, count: usize) -> usize {
    match count {
        0 | 1 => 0,
        2 => usize::from(n != 1 || fraction),
        _ if fraction => 1,
        _ => match (n % 10, n % 100) {
            (1, h) if h != 11 => 0,
            (2..=4, h) if !(12..=14).contains(&h) => 1,
            _ => 2,
        },
    }
}

/// Quotes inside quotes as Russian typography has them: «…» outside, „…“ inside —
/// «Файл «школа «Надежда».csv»» becomes «Файл „школа „Надежда“.csv“». Applied to finished
/// sentences that quote what a person or a file wrote, which may hold «…» of its own. A closing
/// mark with nothing open is left as it is.
pub fn nest_quotes(text: &str) -> String {
    if !text.contains('«') {
        return text.to_owned();
    }
    let mut depth = 0usize;
    text.chars()
        .map(|c| match c {
            '«' => {
                depth += 1;
                if depth == 1 {
                    '«'
                } else {
                    '„'
                }
            }
            '»' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    '»'
                } else {
                    '“'
                }
            }
            c => c,
        })
        .collect()
}

/// Fills a text's `{}` with `args` in order, and puts into each `{one|few|many}` the form
/// that goes with the number last filled in: `"{} {пункт|пункта|пунктов}"` with 73 is
/// «73 пункта». A `{…}` with no number before it takes the form for many.
pub fn fill(pattern: &str, args: &[&dyn std::fmt::Display]) -> String {
    nest_quotes(&fill_flat(pattern, args))
}

fn fill_flat(pattern: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut args = args.iter();
    let mut rest = pattern;
    // The number last filled in (5, "many", before any) and whether it had a fraction.
    let (mut n, mut fraction) = (5u64, false);
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let Some(end) = rest.find('}') else {
            // A lone brace is text.
            out.push('{');
            continue;
        };
        let inside = &rest[..end];
        rest = &rest[end + 1..];
        if inside.is_empty() {
            let start = out.len();
            if let Some(arg) = args.next() {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{arg}"));
            }
            // The number as written: digits, perhaps spaces between thousands, a comma or
            // point before a fraction. No digits: the form for many, as for an unknown count.
            (n, fraction) = (5, false);
            let (mut seen, mut after_point) = (false, false);
            for b in out[start..].bytes() {
                match b {
                    b'0'..=b'9' if after_point => fraction |= b != b'0',
                    b'0'..=b'9' => {
                        n = if seen { n.wrapping_mul(10) } else { 0 }
                            .wrapping_add(u64::from(b - b'0'));
                        seen = true;
                    }
                    b',' | b'.' if seen => after_point = true,
                    _ => {}
                }
            }
        } else {
            let count = inside.split('|').count();
            let at = form(n, fraction, count);
            out.push_str(inside.split('|').nth(at).unwrap_or(""));
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_inside_quotes_are_low_and_high() {
        for (text, nested) in [
            ("без кавычек", "без кавычек"),
            ("«МБОУ «СОШ № 5»»", "«МБОУ „СОШ № 5“»"),
            ("«а «б «в»» г»", "«а „б „в““ г»"),
            ("«а» и «б»", "«а» и «б»"),
            // A file's unbalanced quotes: an unopened close stays, an unclosed open nests.
            ("» «а «б»", "» «а „б“"),
            ("«МБОУ «СОШ", "«МБОУ „СОШ"),
        ] {
            assert_eq!(nest_quotes(text), nested, "{text}");
        }
    }

    #[test]
    fn russian_forms_follow_the_last_two_digits() {
        let forms = ["пункт", "пункта", "пунктов"];
        let cases = [
            (0, "пунктов"),
            (1, "пункт"),
            (2, "пункта"),
            (4, "пункта"),
            (5, "пунктов"),
            (11, "пунктов"),
            (12, "пунктов"),
            (14, "пунктов"),
            (21, "пункт"),
            (22, "пункта"),
            (64, "пункта"),
            (73, "пункта"),
            (100, "пунктов"),
            (101, "пункт"),
            (111, "пунктов"),
            (1_000_000, "пунктов"),
        ];
        for (n, form) in cases {
            assert_eq!(plural(n, false, &forms), form, "{n}");
        }
        assert_eq!(plural(2, true, &forms), "пункта");
        assert_eq!(plural(1, false, &["item", "items"]), "item");
        assert_eq!(plural(1, true, &["item", "items"]), "items");
        assert_eq!(plural(0, false, &["item", "items"]), "items");
        assert_eq!(plural(3, false, &[]), "");
    }

    #[test]
    fn fill_puts_numbers_and_their_forms() {
        let p = "{} {пункт|пункта|пунктов} · версия {}";
        assert_eq!(fill(p, &[&73, &"2025.3"]), "73 пункта · версия 2025.3");
        assert_eq!(fill(p, &[&5, &"1"]), "5 пунктов · версия 1");
        assert_eq!(fill(p, &[&21, &"1"]), "21 пункт · версия 1");
        let of = "Без ответа {} из {} {критерия|критериев|критериев}.";
        assert_eq!(fill(of, &[&3, &21]), "Без ответа 3 из 21 критерия.");
        assert_eq!(fill(of, &[&3, &72]), "Без ответа 3 из 72 критериев.");
        assert_eq!(
            fill("Школа «{}» принята.", &[&"МБОУ «СОШ № 5»"]),
            "Школа «МБОУ „СОШ № 5“» принята."
        );
        assert_eq!(fill("{} {item|items}", &[&1]), "1 item");
        assert_eq!(fill("{} {item|items}", &[&"1 000"]), "1 000 items");
        assert_eq!(fill("{} {балл|балла|баллов}", &[&"2,5"]), "2,5 балла");
        // Text without a number before the forms, a lone brace, missing arguments.
        assert_eq!(fill("{а|б|в}", &[]), "в");
        assert_eq!(fill("a { b", &[]), "a { b");
        assert_eq!(fill("{} и {}", &[&1]), "1 и ");
        assert_eq!(fill("«{}»", &[&"{x|y}"]), "«{x|y}»");
    }
}
