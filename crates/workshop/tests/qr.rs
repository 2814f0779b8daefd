//! Payload → chunks → QR codes (the `qrcode` crate) → pixels → decoded again by `rqrr` →
//! reassembled → the same session or contribution, for payloads from a few bytes to the largest
//! a session makes; damaged, missing and foreign chunks are detected and named.

use workshop::wire::{self, Assembler, WireError, CHUNK_CHARS};
use workshop::{Answer, Contribution, Kind, Question, Session};

/// Deterministic pseudo-random numbers (no dependency, same run every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    fn words(&mut self, n: usize) -> String {
        const WORDS: &[&str] = &[
            "нехватка",
            "педагогов",
            "низкая",
            "мотивация",
            "обучающихся",
            "нет",
            "методиста",
            "родители",
            "не",
            "вовлечены",
            "оборудование",
            "устарело",
            "интернет",
            "медленный",
            "наставничество",
            "ВПР",
            "ОГЭ",
            "2025/2026",
            "«500+»",
            "план",
            "№ 7",
            "—",
            "учителя",
        ];
        (0..n)
            .map(|_| WORDS[self.next() as usize % WORDS.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn contribution(items_per_question: usize, questions: u16, seed: u64) -> Contribution {
    let mut r = Lcg(seed);
    Contribution {
        session: 0xDEAD_BEEF,
        device: r.next(),
        group: 3,
        revision: 2,
        answers: (0..questions)
            .map(|q| {
                let answer = match q % 3 {
                    0 => Answer::Items(
                        (0..items_per_question)
                            .map(|_| {
                                let n = 2 + r.next() as usize % 9;
                                r.words(n)
                            })
                            .collect(),
                    ),
                    1 => Answer::Rating(1 + (r.next() % 5) as u8),
                    _ => Answer::Dots(vec![(0, 2), (3, 1), (5, 2)]),
                };
                (q, answer)
            })
            .collect(),
    }
}

fn session(questions: usize, options: usize) -> Session {
    let mut r = Lcg(99);
    Session {
        id: 0xDEAD_BEEF,
        title: "Семинар руководителей ОО: работа со школами с низкими результатами".into(),
        date: "2026-11-22".into(),
        agenda: r.words(60),
        groups: (1..=6).map(|g| format!("Группа {g}")).collect(),
        questions: (0..questions)
            .map(|q| Question {
                text: r.words(12),
                kind: Kind::ALL[q % Kind::ALL.len()],
                options: (0..options).map(|_| r.words(4)).collect(),
            })
            .collect(),
        rules: workshop::Rules {
            votes: 7,
            items: 300,
        },
    }
}

/// Draws a chunk as a QR code (4 pixels per module, a 4-module quiet zone) and reads it back.
fn through_qr(chunk: &str) -> (String, i16) {
    let code = qrcode::QrCode::with_error_correction_level(chunk.as_bytes(), qrcode::EcLevel::M)
        .expect("a chunk fits a QR code");
    let version = match code.version() {
        qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v,
    };
    let modules = code.width();
    let colors = code.to_colors();
    let (scale, quiet) = (4, 4);
    let side = (modules + 2 * quiet) * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < quiet + modules
            && my < quiet + modules
            && colors[(my - quiet) * modules + (mx - quiet)] == qrcode::Color::Dark;
        if dark {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one code in the picture");
    let (_, text) = grids[0].decode().expect("the code decodes");
    (text, version)
}

fn round_trip(bytes: &[u8]) -> (usize, Vec<u8>) {
    let chunks = wire::chunks(bytes, CHUNK_CHARS);
    let mut a = Assembler::new();
    // Shown in turn, read in whatever order the camera catches them, some twice.
    for chunk in chunks.iter().rev().chain(chunks.first()) {
        let (text, version) = through_qr(chunk);
        assert_eq!(&text, chunk);
        // Alphanumeric mode: 299 characters fit version 10 at level M only in that mode.
        assert!(
            version <= 10,
            "version {version} for {} characters",
            chunk.len()
        );
        a.add(&text).expect("a good chunk is taken");
    }
    (chunks.len(), a.finish().expect("every chunk read"))
}

#[test]
fn contributions_of_every_size_cross_by_qr_codes() {
    for (items, questions) in [(0, 1), (1, 1), (3, 2), (10, 3), (40, 5), (40, 15)] {
        let c = contribution(items, questions, items as u64 * 31 + u64::from(questions));
        let bytes = wire::contribution_bytes(&c);
        let (codes, back) = round_trip(&bytes);
        assert_eq!(back, bytes);
        assert_eq!(wire::read_contribution(&back).as_ref(), Ok(&c));
        eprintln!(
            "{items} items × {questions} questions: {} bytes → {codes} codes",
            bytes.len()
        );
        if bytes.len() < 40 {
            assert_eq!(codes, 1);
        }
    }
}

#[test]
fn the_largest_session_crosses_in_several_codes() {
    let s = session(20, 12);
    let bytes = wire::session_bytes(&s);
    let (codes, back) = round_trip(&bytes);
    assert!(codes > 1, "{} bytes in {codes} codes", bytes.len());
    assert_eq!(wire::read_session(&back), Ok(s));
    // The smallest: a few bytes, one code.
    let tiny = Session {
        id: 1,
        title: String::new(),
        date: String::new(),
        agenda: String::new(),
        groups: vec![],
        questions: vec![],
        rules: workshop::Rules::default(),
    };
    let bytes = wire::session_bytes(&tiny);
    assert!(bytes.len() <= 10);
    let (codes, back) = round_trip(&bytes);
    assert_eq!((codes, wire::read_session(&back)), (1, Ok(tiny)));
}

#[test]
fn damaged_missing_and_foreign_chunks_are_named() {
    let bytes = wire::contribution_bytes(&contribution(40, 6, 5));
    let chunks = wire::chunks(&bytes, CHUNK_CHARS);
    assert!(chunks.len() >= 4, "{} chunks", chunks.len());

    // A character of chunk 2's data changed: that chunk is named, the others still count.
    let mut bad = chunks[1].clone().into_bytes();
    let last = bad.len() - 1;
    bad[last] = if bad[last] == b'0' { b'1' } else { b'0' };
    let bad = String::from_utf8(bad).expect("ASCII");
    let mut a = Assembler::new();
    assert_eq!(a.add(&bad), Err(WireError::Damaged { number: 2 }));
    a.add(&chunks[0]).expect("chunk 1");
    a.add(&chunks[2]).expect("chunk 3");
    let missing: Vec<u32> = (1..=chunks.len() as u32)
        .filter(|n| *n != 1 && *n != 3)
        .collect();
    assert_eq!(a.finish(), Err(WireError::Missing(missing)));
    // A repeat is taken once.
    assert!(!a.add(&chunks[0]).expect("again").new);
    // A code of another transfer, and a QR code that is not ours.
    let other = wire::chunks(
        &wire::contribution_bytes(&contribution(3, 1, 9)),
        CHUNK_CHARS,
    );
    assert_eq!(a.add(&other[0]), Err(WireError::OtherMessage));
    assert_eq!(a.add("https://example.org/"), Err(WireError::NotOurs));
    for chunk in &chunks {
        a.add(chunk).expect("the rest");
    }
    assert_eq!(a.finish().as_deref(), Ok(&bytes[..]));

    // The text code / file: the chunks one per line, any order.
    let text = chunks
        .iter()
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join("\r\n");
    assert_eq!(wire::assemble_text(&text).as_deref(), Ok(&bytes[..]));
    assert!(matches!(
        wire::assemble_text(&chunks[1..].join("\n")),
        Err(WireError::Missing(m)) if m == [1]
    ));
    // A session where a contribution is expected.
    let s = wire::session_bytes(&session(2, 2));
    assert_eq!(wire::read_contribution(&s), Err(WireError::WrongKind));
}

#[test]
fn garbage_never_panics() {
    let mut r = Lcg(12345);
    let good = wire::contribution_bytes(&contribution(5, 3, 1));
    for n in 0..20_000 {
        let mut bytes = good.clone();
        if n % 2 == 0 {
            // Random bytes.
            bytes = (0..r.next() % 200).map(|_| r.next() as u8).collect();
        } else {
            // The good message with a few bytes changed or cut.
            for _ in 0..1 + r.next() % 4 {
                let i = r.next() as usize % bytes.len();
                bytes[i] = r.next() as u8;
            }
            bytes.truncate(r.next() as usize % (bytes.len() + 1));
        }
        let _ = wire::read_contribution(&bytes);
        let _ = wire::read_session(&bytes);
        let text: String = (0..r.next() % 80)
            .map(|_| char::from(b"OT1SC-0123456789ABCDEF/:% "[r.next() as usize % 26]))
            .collect();
        let _ = Assembler::new().add(&text);
        let _ = wire::assemble_text(&text);
    }
}
