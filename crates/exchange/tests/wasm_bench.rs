//! The CSV benchmark in headless Chromium: the same 10 000 МСОКО assessments as
//! `examples/bench_csv.rs`, exported and imported by the same code compiled to WebAssembly
//! (as the file worker runs it). Prints the timings; asserts only that the round trip is
//! whole. Run by `cargo xtask bench`:
//! `cargo test --release -p otsenka-exchange --target wasm32-unknown-unknown --test wasm_bench`.
#![cfg(target_arch = "wasm32")]

use exchange::{export, import_files, ExportMeta, Layout, Profile};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "../benches/sample.rs"]
mod sample;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    js_sys::Date::now()
}

/// Hands the thread back to the browser for a moment (a `setTimeout` task): the runs take
/// tens of seconds together, and a renderer that never answers is given up by the test
/// driver after 30 s.
async fn breathe() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout =
            js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into()).expect("setTimeout");
        let set_timeout: js_sys::Function = set_timeout.into();
        set_timeout
            .call2(&JsValue::NULL, &resolve, &JsValue::from(0))
            .expect("setTimeout runs");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timeout resolves");
}

#[wasm_bindgen_test]
async fn export_and_import_10000_assessments() {
    let template = match templates::by_id("msoko") {
        Some(Ok(t)) => t,
        other => panic!("МСОКО must load: {other:?}"),
    };
    let count = 10_000;
    let list = sample::sample(&template, count);
    let meta = ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
    };
    console_log!("| layout | profile | file MB | export ms | import ms |");
    for profile in [Profile::ExcelRu, Profile::ExcelCp1251, Profile::Rfc4180] {
        let mut best = (f64::MAX, f64::MAX, 0.0);
        for _ in 0..3 {
            breathe().await;
            let start = now();
            let bytes = export(&template, &list, Layout::Wide, profile, &meta)
                .unwrap_or_else(|e| panic!("{e}"));
            let exported = now();
            let got = import_files(&[("bench.csv", &bytes)], std::slice::from_ref(&template));
            let imported = now();
            assert!(got.refused.is_empty());
            assert_eq!(got.assessments.len(), count);
            best.0 = best.0.min(exported - start);
            best.1 = best.1.min(imported - exported);
            best.2 = bytes.len() as f64 / 1e6;
        }
        // One line per figure for `cargo xtask bench`'s table.
        for (step, ms) in [("export", best.0), ("import", best.1)] {
            console_log!(
                "BENCH\tCSV (Chromium)\t{step}, {count} МСОКО assessments, wide {} ({:.1} MB)\t{ms:.0}\tms\t1000",
                profile.name(),
                best.2
            );
        }
        console_log!(
            "| wide | {} | {:.1} | {:.0} | {:.0} |",
            profile.name(),
            best.2,
            best.0,
            best.1
        );
    }
}
