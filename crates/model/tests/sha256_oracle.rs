//! The hand-written SHA-256 (`model::sha256`, kept because it costs the first view less than
//! the `sha2` crate; the figure is in ARCHITECTURE.md) against `sha2` on random input and on
//! every length across the block boundaries, and `template_hash` as its lowercase hex.

use proptest::prelude::*;
use sha2::{Digest, Sha256};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn agrees_with_the_sha2_crate(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let theirs: [u8; 32] = Sha256::digest(&bytes).into();
        prop_assert_eq!(model::sha256(&bytes), theirs);
        let hex: String = theirs.iter().map(|b| format!("{b:02x}")).collect();
        prop_assert_eq!(model::template_hash(&bytes), hex);
    }
}

#[test]
fn every_length_across_three_blocks_agrees() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(200).collect();
    for n in 0..bytes.len() {
        let theirs: [u8; 32] = Sha256::digest(&bytes[..n]).into();
        assert_eq!(model::sha256(&bytes[..n]), theirs, "length {n}");
    }
    let big = vec![b'x'; 4 * 1024 * 1024 + 7];
    let theirs: [u8; 32] = Sha256::digest(&big).into();
    assert_eq!(model::sha256(&big), theirs, "a template at the size limit");
}
