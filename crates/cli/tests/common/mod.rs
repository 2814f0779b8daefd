//! What the command line's tests share: running the built `otsenka` and reading its output.

use std::process::{Command, Output};

/// Runs the built `otsenka` with these arguments.
pub fn otsenka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otsenka"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run otsenka: {e}"))
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
