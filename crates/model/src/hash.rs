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

#[cfg(test)]
mod tests {
    use super::content_hash;

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
