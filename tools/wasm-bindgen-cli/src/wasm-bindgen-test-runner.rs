//! `wasm-bindgen-test-runner`, as upstream's binary (wasm-bindgen-cli's
//! `src/bin/wasm-bindgen-test-runner.rs`).

fn main() -> anyhow::Result<()> {
    env_logger::init();
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
