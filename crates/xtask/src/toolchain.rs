//! The tools whose versions the project pins, checked or installed before anything runs.
//!
//! - Node.js: the end-to-end tests and the build's scripts need 20 or newer (playwright-core).
//! - wasm-bindgen-cli: exactly the `wasm-bindgen` of Cargo.lock, built from the lock file in
//!   `tools/wasm-bindgen-cli` so that no new release of one of its dependencies changes a fresh
//!   install. (The compiler is pinned by `rust-toolchain.toml`, which rustup reads itself.)

use std::path::Path;

use crate::{locked_version, version_of, Result, Tools};

/// The oldest Node.js major version the tests run on.
pub const NODE_MAJOR: u32 = 20;

/// Where the wasm-bindgen command line is built from.
const BINDGEN_DIR: &str = "tools/wasm-bindgen-cli";

/// The major version in `node --version`'s `v20.20.2`.
fn node_major(version: &str) -> Option<u32> {
    version
        .trim()
        .strip_prefix('v')?
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// Fails with what to do when Node.js is missing or older than `NODE_MAJOR`.
pub fn check_node(tools: &Tools) -> Result<()> {
    node_verdict(&version_of("node", tools))
}

fn node_verdict(version: &str) -> Result<()> {
    match node_major(version) {
        Some(major) if major >= NODE_MAJOR => Ok(()),
        Some(_) => Err(format!(
            "Node.js {} is too old: the tests need {NODE_MAJOR} or newer (playwright-core); \
             install a newer one (Debian 13's `nodejs` is 20) and run again",
            version.trim()
        )),
        None => Err(format!(
            "Node.js is not on PATH: install Node.js {NODE_MAJOR} or newer with npm \
             (Debian: apt-get install nodejs npm) and run again"
        )),
    }
}

/// Installs `wasm-bindgen` and `wasm-bindgen-test-runner` from `tools/wasm-bindgen-cli` with
/// its lock file, unless the installed one is already the version of Cargo.lock.
pub fn ensure_wasm_bindgen(tools: &Tools, root: &Path) -> Result<()> {
    let wanted = locked_version(root, "wasm-bindgen")?;
    let dir = root.join(BINDGEN_DIR);
    let pinned = locked_version(&dir, "wasm-bindgen-cli")?;
    if pinned != wanted {
        return Err(format!(
            "{BINDGEN_DIR} builds wasm-bindgen-cli {pinned}, but Cargo.lock has wasm-bindgen \
             {wanted}: the two must be equal (see {BINDGEN_DIR}/Cargo.toml)"
        ));
    }
    if version_of("wasm-bindgen", tools).contains(&format!("wasm-bindgen {wanted}")) {
        return Ok(());
    }
    let path = dir.to_string_lossy();
    // Built beside the project's own builds (not in tools/), so a later version change
    // rebuilds only what changed.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from)
        .join("wasm-bindgen-cli");
    let target = target.to_string_lossy();
    // --force: an earlier install of the registry's wasm-bindgen-cli owns the same binaries.
    tools.cargo_install(
        &[
            "--path",
            &path,
            "--locked",
            "--force",
            "--target-dir",
            &target,
        ],
        root,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_versions() {
        assert!(node_verdict("v20.20.2\n").is_ok());
        assert!(node_verdict("v22.1.0").is_ok());
        let old = node_verdict("v18.19.0").err().unwrap_or_default();
        assert!(old.contains("Node.js v18.19.0 is too old"), "{old}");
        let none = node_verdict("").err().unwrap_or_default();
        assert!(none.contains("Node.js is not on PATH"), "{none}");
    }
}
