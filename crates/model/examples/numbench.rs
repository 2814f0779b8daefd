use model::Json;
use std::time::Instant;
fn main() {
    let ints: Vec<String> = (0..300_000).map(|i| (i * 7).to_string()).collect();
    let decs: Vec<String> = (0..300_000).map(|i| format!("{}.{}", i, i % 97)).collect();
    let tiny: Vec<String> = (0..30_000).map(|i| format!("{}e-300", i + 1)).collect();
    for (name, v) in [("ints", &ints), ("decimals", &decs), ("1e-300s", &tiny)] {
        let text = format!("[{}]", v.join(","));
        let t = Instant::now();
        let j = Json::parse(&text).expect("parses");
        let read = t.elapsed();
        let t = Instant::now();
        let out = j.text();
        let write = t.elapsed();
        println!(
            "{name}: read {read:?}, write {write:?} ({} bytes)",
            out.len()
        );
    }
}
