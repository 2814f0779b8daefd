//! Any bytes given to workshop mode's decoders (`crates/workshop/src/wire.rs`): the chunk
//! assembler for a text code or file (`assemble_text`) and the message readers
//! (`read_session`, `read_contribution`, `read_protocol`, `read_entries`). Each answers or
//! errs, never panics or allocates without bound. What a reader accepts writes to bytes that
//! read as the same value; the bytes of an assembled message cut into chunks again assemble
//! to the same bytes. Seeded with real codes (`seeds/workshop`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use workshop::wire;

fn readers(bytes: &[u8]) {
    if let Ok(s) = wire::read_session(bytes) {
        assert_eq!(
            wire::read_session(&wire::session_bytes(&s)).as_ref(),
            Ok(&s)
        );
    }
    if let Ok(c) = wire::read_contribution(bytes) {
        assert_eq!(
            wire::read_contribution(&wire::contribution_bytes(&c)).as_ref(),
            Ok(&c)
        );
    }
    if let Ok(p) = wire::read_protocol(bytes) {
        assert_eq!(
            wire::read_protocol(&wire::protocol_bytes(&p)).as_ref(),
            Ok(&p)
        );
    }
    if let Ok(list) = wire::read_entries(bytes) {
        assert_eq!(
            wire::read_entries(&wire::entries_bytes(&list)).as_ref(),
            Ok(&list)
        );
    }
}

fuzz_target!(|data: &[u8]| {
    readers(data);
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = wire::assemble_text(&text) {
        assert!(bytes.len() <= wire::MAX_MESSAGE);
        readers(&bytes);
        let again = wire::chunks(&bytes, wire::CHUNK_CHARS).join("\n");
        assert_eq!(wire::assemble_text(&again).as_deref(), Ok(&bytes[..]));
    }
});
