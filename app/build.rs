//! Links the app's wasm with a 256 KiB stack instead of Rust's default 1 MiB: the stack is
//! part of the WebAssembly memory every school's browser holds, and nothing in the app
//! recurses deeply (the JSON reader and the condition parser stop at depth 32; the views nest
//! a few dozen levels). An overflow traps — the stack sits below the data — rather than
//! overwriting anything.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=-zstack-size=262144");
    }
}
