//! Bytes to text for every file this crate reads: UTF-8 with or without a byte-order mark,
//! or Windows-1251 (what Russian Excel saves as «CSV» without the UTF-8 option), and the
//! Windows-1251 byte of a character for the export that writes it.
//!
//! The table is one page (64 characters), not `encoding_rs`, whose tables cost the file worker
//! about 100 KB; the tests below hold it against `encoding_rs` for all 256 bytes, both ways.

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Windows-1251 bytes 0x80…0xBF; 0xC0…0xFF are А…я in order. 0x98 is unassigned.
const CP1251_HIGH: [char; 64] = [
    'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Ќ', 'Ћ', 'Џ', //
    'ђ', '‘', '’', '“', '”', '•', '–', '—', '\u{FFFD}', '™', 'љ', '›', 'њ', 'ќ', 'ћ', 'џ', //
    '\u{A0}', 'Ў', 'ў', 'Ј', '¤', 'Ґ', '¦', '§', 'Ё', '©', 'Є', '«', '¬', '\u{AD}', '®',
    'Ї', //
    '°', '±', 'І', 'і', 'ґ', 'µ', '¶', '·', 'ё', '№', 'є', '»', 'ј', 'Ѕ', 'ѕ', 'ї',
];

/// The Windows-1251 byte of a character, if it has one.
pub(crate) fn cp1251_byte(c: char) -> Option<u8> {
    match c {
        '\0'..='\u{7f}' => u8::try_from(c).ok(),
        'А'..='я' => u8::try_from(u32::from(c) - 0x410 + 0xC0).ok(),
        '\u{FFFD}' => None,
        _ => CP1251_HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// The text of the file, and whether some bytes could not be decoded (they read as U+FFFD).
pub(crate) fn decode(bytes: &[u8]) -> (String, bool) {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(rest).into_owned(), true),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), false);
    }
    // Broken UTF-8 (many good multi-byte letters, a few bad bytes) is reported, not read as
    // Windows-1251, where Russian text almost never forms valid UTF-8 sequences.
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good > bad {
        return (String::from_utf8_lossy(bytes).into_owned(), true);
    }
    let mut text = String::with_capacity(bytes.len() * 2);
    let mut lost = false;
    for &b in bytes {
        let c = match b {
            0..=0x7F => char::from(b),
            0x80..=0xBF => CP1251_HIGH[usize::from(b - 0x80)],
            _ => char::from_u32(0x410 + u32::from(b - 0xC0)).unwrap_or('\u{FFFD}'),
        };
        lost |= c == '\u{FFFD}';
        text.push(c);
    }
    (text, lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1251;

    /// What `encoding_rs` reads a byte as. It follows the WHATWG index, which gives 0x98 —
    /// unassigned in Microsoft's code page — the C1 control U+0098.
    fn oracle(b: u8) -> char {
        let byte = [b];
        let (text, _) = WINDOWS_1251.decode_without_bom_handling(&byte);
        text.chars().next().unwrap_or('\u{FFFD}')
    }

    #[test]
    fn every_byte_reads_as_encoding_rs_reads_it_but_the_unassigned_one() {
        for b in 0..=255u8 {
            let (text, lost) = decode(&[b]);
            if b == 0x98 {
                // Refused, not read as an invisible control character: no Russian text has it.
                assert_eq!((text.as_str(), lost), ("\u{FFFD}", true));
                assert_eq!(oracle(b), '\u{98}');
            } else {
                assert_eq!(
                    (text.chars().collect::<Vec<_>>(), lost),
                    (vec![oracle(b)], false),
                    "byte {b:#04x}"
                );
            }
        }
        // All of them in one file read the same, byte for byte.
        let all: Vec<u8> = (0..=255).filter(|&b| b != 0x98).collect();
        let (text, lost) = decode(&all);
        let (want, _) = WINDOWS_1251.decode_without_bom_handling(&all);
        assert_eq!((text.as_str(), lost), (&*want, false));
    }

    #[test]
    fn every_character_writes_as_encoding_rs_writes_it() {
        let astral = ['😀', '\u{10000}', '\u{10FFFF}'];
        for c in ('\0'..='\u{FFFF}').chain(astral) {
            let mut utf8 = [0; 4];
            let (bytes, _, unmappable) = WINDOWS_1251.encode(c.encode_utf8(&mut utf8));
            let want = match (&*bytes, unmappable) {
                // U+0098 is the one character encoding_rs writes that the code page lacks.
                (&[b], false) if c != '\u{98}' => Some(b),
                _ => None,
            };
            assert_eq!(cp1251_byte(c), want, "{c:?}");
        }
    }
}
