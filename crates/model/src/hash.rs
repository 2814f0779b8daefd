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
    let mut out = String::with_capacity(64);
    for b in sha256(bytes) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256 (FIPS 180-4) as one small loop. Hand-written for the first view's budget: the
/// `sha2` crate's unrolled rounds cost it more (the figure is in ARCHITECTURE.md, `model`);
/// `tests/sha256_oracle.rs` holds this against `sha2` on random input of every length.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let bits = (bytes.len() as u64).wrapping_mul(8).to_be_bytes();
    // The message, then 0x80, zeros and the length in bits: one or two more blocks.
    let blocks = (bytes.len() + 9).div_ceil(64);
    let mut block = [0u8; 64];
    for n in 0..blocks {
        for (k, b) in block.iter_mut().enumerate() {
            let at = n * 64 + k;
            let from_end = blocks * 64 - at;
            *b = match bytes.get(at) {
                Some(&x) => x,
                None if at == bytes.len() => 0x80,
                None if from_end <= 8 => bits[8 - from_end],
                None => 0,
            };
        }
        compress(&mut h, &block);
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[inline(never)]
fn compress(h: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 64];
    for t in 0..64 {
        w[t] = if t < 16 {
            u32::from_be_bytes([
                block[4 * t],
                block[4 * t + 1],
                block[4 * t + 2],
                block[4 * t + 3],
            ])
        } else {
            let (a, b) = (w[t - 15], w[t - 2]);
            let s0 = a.rotate_right(7) ^ a.rotate_right(18) ^ (a >> 3);
            let s1 = b.rotate_right(17) ^ b.rotate_right(19) ^ (b >> 10);
            w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1)
        };
    }
    let mut v = *h;
    for t in 0..64 {
        let e = v[4];
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & v[5]) ^ (!e & v[6]);
        let t1 = v[7]
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(K[t])
            .wrapping_add(w[t]);
        let a = v[0];
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]);
        v.copy_within(0..7, 1);
        v[4] = v[4].wrapping_add(t1);
        v[0] = t1.wrapping_add(s0.wrapping_add(maj));
    }
    for (x, y) in h.iter_mut().zip(v) {
        *x = x.wrapping_add(y);
    }
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
