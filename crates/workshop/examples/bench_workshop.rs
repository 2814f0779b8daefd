//! Times the workshop's work on one large adversarial code at 1×, 10× and 100× (100, 1 000 and
//! 10 000 list items, near-duplicates of each other, as one pasted code of one group): reading
//! the text code (chunks → bytes → contribution), merging it, and the facilitator's «Собрать
//! сводный список» (the entries and the alike pairs). Prints
//! `BENCH<TAB>group<TAB>measure<TAB>value<TAB>unit<TAB>target` lines for `cargo xtask bench`.
//!
//! `cargo run --release -p otsenka-workshop --example bench_workshop`

use std::time::Instant;

use workshop::consolidate;
use workshop::wire::{self, CHUNK_CHARS};
use workshop::{Answer, Board, Contribution, Kind, Merge, Question, Rules, Session};

/// Milliseconds of the fastest of `runs` runs of `f` (at least one), and the last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut timed = || {
        let started = Instant::now();
        let out = f();
        (started.elapsed().as_secs_f64() * 1000.0, out)
    };
    let (mut fastest, mut last) = timed();
    for _ in 1..runs {
        let (ms, out) = timed();
        fastest = fastest.min(ms);
        last = out;
    }
    (fastest, last)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for (n, decode_ms, consolidate_ms) in [(100, 5, 20), (1_000, 50, 200), (10_000, 500, 2_000)] {
        let mut session = Session::new(
            0xBEEF,
            vec!["Группа А".into(), "Группа Б".into()],
            vec![Question {
                text: "Проблемы".into(),
                kind: Kind::List,
                options: vec![],
            }],
        );
        session.rules = Rules {
            votes: 5,
            items: u16::MAX,
        };
        let items: Vec<String> = (0..n)
            .map(|i| format!("Нехватка учителей математики и физики в школе № {i}"))
            .collect();
        let c = Contribution {
            session: session.id,
            device: 1,
            group: 0,
            revision: 1,
            answers: vec![(0, Answer::Items(items))],
        };
        // Larger chunks than a QR code carries, as a pasted text code may have.
        let code = wire::chunks(&wire::contribution_bytes(&c), CHUNK_CHARS * 20).join("\n");
        let (ms, read) = best(5, || {
            wire::assemble_text(&code).and_then(|b| wire::read_contribution(&b))
        });
        let read = read?;
        println!(
            "BENCH\tworkshop\tread a code of {n} items ({} KB)\t{ms:.2}\tms\t{decode_ms}",
            code.len() / 1024
        );
        let (ms, merged) = best(5, || {
            let mut b = Board::new(session.clone());
            (b.merge(read.clone()), b)
        });
        let (outcome, board) = merged;
        if outcome != Merge::Added {
            return Err(format!("the code was not taken: {outcome:?}").into());
        }
        println!("BENCH\tworkshop\tmerge {n} items\t{ms:.2}\tms\t{decode_ms}");
        let (ms, list) = best(3, || consolidate::entries(&board, 0));
        println!("BENCH\tworkshop\tconsolidated list of {n} items\t{ms:.2}\tms\t{consolidate_ms}");
        let (ms, pairs) = best(3, || consolidate::suggestions(&list, 45));
        println!(
            "BENCH\tworkshop\talike pairs among {n} near-duplicates ({} pairs)\t{ms:.2}\tms\t{consolidate_ms}",
            pairs.len()
        );
    }
    Ok(())
}
