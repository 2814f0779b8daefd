/// A stable 64-bit FNV-1a fingerprint of some bytes, as 16 lowercase hex digits.
///
/// It names a template version's exact content (so an assessment knows which text it was
/// answered against) and lets an export detect edits. It is a fingerprint, not a signature:
/// nothing here defends against a deliberate forgery.
pub fn content_hash(bytes: &[u8]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let hash = bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME));
    format!("{hash:016x}")
}

/// A template text's identity: the SHA-256 of its exact bytes, as 64 lowercase hex digits.
///
/// Assessments, exports and backups carry it, and the device keeps template copies under it,
/// so it must not be forgeable: a text made to share another's identity could take that
/// template's place. (Before 2026-12 the identity was [`content_hash`], which a few hours of
/// work can collide; [`names_text`] still accepts it from files and records made then.)
pub fn template_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether `hash`, as a file or a stored record carries it, names exactly these bytes: their
/// [`template_hash`], or the older 16-digit [`content_hash`] that records made before it carry.
pub fn names_text(hash: &str, bytes: &[u8]) -> bool {
    match hash.len() {
        64 => hash == template_hash(bytes),
        16 => hash == content_hash(bytes),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{content_hash, names_text, template_hash};

    #[test]
    fn template_identity_is_sha256() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            template_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            template_hash(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(names_text(&template_hash(b"x"), b"x"));
        assert!(
            names_text(&content_hash(b"x"), b"x"),
            "the older identity still reads"
        );
        assert!(!names_text(&template_hash(b"x"), b"y"));
        assert!(!names_text(&content_hash(b"x"), b"y"));
        assert!(!names_text("", b""));
        assert!(
            !names_text(&template_hash(b"x")[..32], b"x"),
            "a truncated hash names nothing"
        );
    }

    #[test]
    fn matches_the_published_fnv1a_vectors() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
        assert_eq!(content_hash(b"foobar"), "85944171f73967e8");
    }

    #[test]
    fn one_changed_byte_changes_the_hash() {
        assert_ne!(
            content_hash("Цели".as_bytes()),
            content_hash("Цель".as_bytes())
        );
    }
}
