//! `cargo xtask tidy`: the layers of ARCHITECTURE.md hold, read from `cargo metadata`.
//!
//! - A core crate (every workspace crate that is neither a page nor the browser kit: `model`,
//!   `templates`, `exchange`, `municipal`, `workshop`, `wording`, the command line, this task
//!   runner, and any crate added later unless it is listed below) has no browser crate in its
//!   dependency tree, so it builds and is tested natively.
//! - No page (a wasm binary the browser starts) depends on another page, and the browser kit
//!   (`web`, `store`) depends on no page.
//! - The app does not link `exchange`: the file contract stays out of the first view.
//!
//! - `rust-version` is true: no older than what any locked dependency declares, and no newer
//!   than the compiler `rust-toolchain.toml` pins.
//!
//! Only normal dependencies count, for every target (a `cfg(target_arch = "wasm32")`
//! dependency is in the browser's build); dev-dependencies are the tests' business (build
//! dependencies count for `rust-version` only: they are compiled too). The crates that are
//! only ever built natively (`NATIVE`: the command line, this task runner) are held to the
//! native tree, as `cargo metadata --filter-platform <host>` resolves it: a dependency only a
//! wasm target pulls in (`tokio-postgres` → `whoami` → `web-sys` on wasm32) is not in their
//! build. Cargo evaluates the `cfg(…)`s; nothing here reads them.

use std::collections::{HashMap, VecDeque};

use serde::Deserialize;

/// The wasm binaries the browser starts, each its own bundle.
pub const PAGES: [&str; 6] = [
    "otsenka-app",
    "otsenka-report-page",
    "otsenka-municipality-page",
    "otsenka-workshop-page",
    "otsenka-sheet-worker",
    "otsenka-qr-worker",
];

/// The browser kit: adapters over browser APIs that the pages share.
pub const KIT: [&str; 2] = ["otsenka-web", "otsenka-store"];

/// Crates from the registry that only make sense in a browser: these names, and names that
/// start with one of them and a `-` or `_` (`leptos_router`, `wasm-bindgen-futures`).
const BROWSER: [&str; 9] = [
    "leptos",
    "tachys",
    "reactive_graph",
    "server_fn",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "indexed_db_futures",
];

/// What the app must not link, however indirectly.
const NOT_IN_THE_APP: &str = "otsenka-exchange";
const APP: &str = "otsenka-app";
/// Workspace crates never built for the browser: held to their native dependency tree.
const NATIVE: [&str; 2] = ["otsenka-cli", "otsenka-xtask"];

fn is_browser(name: &str) -> bool {
    BROWSER.iter().any(|b| {
        name == *b
            || name
                .strip_prefix(b)
                .is_some_and(|rest| rest.starts_with(['-', '_']))
    })
}

/// The part of `cargo metadata --format-version 1` the check reads.
#[derive(Debug, Deserialize)]
pub struct Metadata {
    packages: Vec<Package>,
    workspace_members: Vec<String>,
    resolve: Option<Resolve>,
}

#[derive(Debug, Deserialize)]
struct Package {
    id: String,
    name: String,
    version: String,
    rust_version: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Resolve {
    nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
struct Node {
    id: String,
    deps: Vec<NodeDep>,
}

#[derive(Debug, Deserialize)]
struct NodeDep {
    pkg: String,
    dep_kinds: Vec<DepKind>,
}

#[derive(Debug, Deserialize)]
struct DepKind {
    /// `null` for a normal dependency, `"dev"` or `"build"`.
    kind: Option<String>,
}

/// The layer rules, each on what a crate must not reach.
#[derive(Clone, Copy)]
enum Rule {
    CoreOnBrowser,
    PageOnPage,
    KitOnPage,
    AppOnExchange,
}

impl Rule {
    fn says(self) -> &'static str {
        match self {
            Rule::CoreOnBrowser => "a core crate must not depend on a browser crate",
            Rule::PageOnPage => "a page must not depend on another page",
            Rule::KitOnPage => "the browser kit must not depend on a page",
            Rule::AppOnExchange => "the app must not link exchange (the first view's budget)",
        }
    }

    fn forbids(self, name: &str) -> bool {
        match self {
            Rule::CoreOnBrowser => is_browser(name) || PAGES.contains(&name) || KIT.contains(&name),
            Rule::PageOnPage | Rule::KitOnPage => PAGES.contains(&name),
            Rule::AppOnExchange => name == NOT_IN_THE_APP,
        }
    }
}

/// One broken rule: the rule, and the chain of crates from the crate that breaks it to the
/// crate it must not reach.
#[derive(Debug, PartialEq, Eq)]
pub struct Violation {
    pub rule: &'static str,
    pub path: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule, self.path.join(" → "))
    }
}

/// A `rust-version` (`1.89`, `1.89.0`) as numbers, to compare.
fn version(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.trim().split('.').map(str::parse::<u32>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    Some((major, minor, patch))
}

/// Every broken rule of the graph, in a stable order; an error when the metadata has no
/// resolved graph or lacks a crate the rules name (so that the lists above stay true).
/// The resolved graph of a metadata.
fn graph(m: &Metadata) -> Result<&Resolve, String> {
    m.resolve
        .as_ref()
        .ok_or_else(|| "cargo metadata gave no dependency graph (run it without --no-deps)".into())
}

/// Each crate's dependencies: normal ones, and build ones too when `build`.
fn edges(resolve: &Resolve, build: bool) -> HashMap<&str, Vec<&str>> {
    resolve
        .nodes
        .iter()
        .map(|n| {
            let deps = n
                .deps
                .iter()
                .filter(|d| {
                    d.dep_kinds.iter().any(|k| match k.kind.as_deref() {
                        None => true,
                        Some("build") => build,
                        Some(_) => false,
                    })
                })
                .map(|d| d.pkg.as_str())
                .collect();
            (n.id.as_str(), deps)
        })
        .collect()
}

/// `native` is the same workspace resolved for the host alone (`--filter-platform`), the tree
/// of the `NATIVE` crates. `compiler` is the version `rust-toolchain.toml` pins.
pub fn check(
    meta: &Metadata,
    native: &Metadata,
    compiler: Option<&str>,
) -> Result<Vec<Violation>, String> {
    let (resolve, host) = (graph(meta)?, graph(native)?);
    let names: HashMap<&str, &str> = meta
        .packages
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let (normal, compiled) = (edges(resolve, false), edges(resolve, true));
    let native = edges(host, false);
    let packages: HashMap<&str, &Package> =
        meta.packages.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut members: Vec<(&str, &str)> = meta
        .workspace_members
        .iter()
        .filter_map(|id| Some((*names.get(id.as_str())?, id.as_str())))
        .collect();
    members.sort_unstable();
    let missing: Vec<&str> = PAGES
        .iter()
        .chain(&KIT)
        .chain([&NOT_IN_THE_APP])
        .filter(|name| !members.iter().any(|(m, _)| m == *name))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the workspace has no {}: update the lists in crates/xtask/src/tidy.rs",
            missing.join(", ")
        ));
    }
    let name = |id: &str| {
        names
            .get(id)
            .map_or_else(|| id.to_owned(), |n| (*n).to_owned())
    };
    let mut found = Vec::new();
    for (member, id) in &members {
        let rules: &[Rule] = if *member == APP {
            &[Rule::PageOnPage, Rule::AppOnExchange]
        } else if PAGES.contains(member) {
            &[Rule::PageOnPage]
        } else if KIT.contains(member) {
            &[Rule::KitOnPage]
        } else {
            &[Rule::CoreOnBrowser]
        };
        let graph = if NATIVE.contains(member) {
            &native
        } else {
            &normal
        };
        for rule in rules {
            for path in reaching(id, graph, &|id| rule.forbids(&name(id))) {
                found.push(Violation {
                    rule: rule.says(),
                    path: path.iter().map(|id| name(id)).collect(),
                });
            }
        }
        found.extend(rust_version(id, &compiled, &packages, compiler));
    }
    Ok(found)
}

/// Whether a workspace crate's `rust-version` is true: at least the newest one among the
/// crates it compiles (named with the path to it), at most the pinned compiler.
fn rust_version(
    id: &str,
    edges: &HashMap<&str, Vec<&str>>,
    packages: &HashMap<&str, &Package>,
    compiler: Option<&str>,
) -> Vec<Violation> {
    let name = |id: &str| packages.get(id).map_or(id, |p| p.name.as_str()).to_owned();
    let declared = |id: &str| {
        packages
            .get(id)
            .and_then(|p| p.rust_version.as_deref())
            .and_then(version)
    };
    let shown = |(a, b, c): (u32, u32, u32)| format!("{a}.{b}.{c}");
    let Some(own) = declared(id) else {
        return vec![Violation {
            rule: "rust-version is not declared (rust-version.workspace = true)",
            path: vec![name(id)],
        }];
    };
    let mut found = Vec::new();
    // Breadth first, so the path named is a shortest one; the first of the newest wins.
    let mut parent: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([id]);
    let mut newest: Option<((u32, u32, u32), &str)> = None;
    while let Some(at) = queue.pop_front() {
        for &next in edges.get(at).map_or(&[][..], Vec::as_slice) {
            if next == id || parent.contains_key(next) {
                continue;
            }
            parent.insert(next, at);
            queue.push_back(next);
            if let Some(v) = declared(next) {
                if newest.is_none_or(|(n, _)| v > n) {
                    newest = Some((v, next));
                }
            }
        }
    }
    if let Some((needed, crate_id)) = newest.filter(|(needed, _)| *needed > own) {
        let mut path = vec![crate_id];
        while let Some(&p) = parent.get(path[path.len() - 1]) {
            path.push(p);
        }
        path.reverse();
        let mut path: Vec<String> = path.into_iter().map(name).collect();
        if let (Some(last), Some(p)) = (path.last_mut(), packages.get(crate_id)) {
            *last = format!("{last} {} (rust-version {})", p.version, shown(needed));
        }
        found.push(Violation {
            rule: "rust-version is older than a dependency needs",
            path,
        });
    }
    if let Some(pinned) = compiler.and_then(version).filter(|pinned| own > *pinned) {
        found.push(Violation {
            rule: "rust-version is newer than the compiler rust-toolchain.toml pins",
            path: vec![format!("{} ({} > {})", name(id), shown(own), shown(pinned))],
        });
    }
    found
}

/// The shortest chain from `start` to each forbidden crate it reaches, not looking past a
/// forbidden crate (its own dependencies are its business).
fn reaching<'a>(
    start: &'a str,
    edges: &HashMap<&'a str, Vec<&'a str>>,
    forbidden: &dyn Fn(&str) -> bool,
) -> Vec<Vec<&'a str>> {
    let mut parent: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let mut paths = Vec::new();
    while let Some(at) = queue.pop_front() {
        for &next in edges.get(at).map_or(&[][..], Vec::as_slice) {
            if next == start || parent.contains_key(next) {
                continue;
            }
            parent.insert(next, at);
            if forbidden(next) {
                let mut path = vec![next];
                let mut back = next;
                while let Some(&p) = parent.get(back) {
                    path.push(p);
                    back = p;
                }
                path.reverse();
                paths.push(path);
            } else {
                queue.push_back(next);
            }
        }
    }
    paths
}

/// The `channel` of a `rust-toolchain.toml` (`channel = "1.95.0"`).
fn pinned_channel(text: &str) -> Option<&str> {
    text.lines().find_map(|l| {
        let value = l
            .trim()
            .strip_prefix("channel")?
            .trim_start()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"'))
    })
}

/// The workspace's graph as `cargo metadata` resolves it, with `extra` arguments.
fn cargo_metadata(root: &std::path::Path, extra: &[&str]) -> Result<Metadata, String> {
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1"])
        .args(extra)
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed ({})", out.status));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cannot read cargo metadata's output: {e}"))
}

/// Reads the workspace's graph with `cargo metadata` and prints every broken rule; fails when
/// there is one.
pub fn run(root: &std::path::Path) -> Result<(), String> {
    let meta = cargo_metadata(root, &[])?;
    // The host's own triple, as rustc names it, for the tree of the crates built natively.
    let rustc =
        std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("-vV")
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot start rustc: {e}"))?;
    let version = String::from_utf8_lossy(&rustc.stdout);
    let host = version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .ok_or("rustc -vV names no host")?;
    let native = cargo_metadata(root, &["--filter-platform", host.trim()])?;
    let toolchain = std::fs::read_to_string(root.join("rust-toolchain.toml"))
        .map_err(|e| format!("rust-toolchain.toml: {e}"))?;
    let found = check(&meta, &native, pinned_channel(&toolchain))?;
    for v in &found {
        eprintln!("tidy: {v}");
    }
    if found.is_empty() {
        eprintln!("tidy: the layers hold");
        Ok(())
    } else {
        Err(format!(
            "tidy: {} broken rule(s) (see ARCHITECTURE.md and crates/xtask/src/tidy.rs)",
            found.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metadata shaped as cargo writes it, for a workspace of `members` (the `otsenka-` ones;
    /// each with its dependencies; `dev:name` is a dev-dependency, `build:name` a
    /// build-dependency; other names are registry crates, listed too when they have
    /// dependencies) and the registry crates they name. Every member declares rust-version 1.89; a registry crate
    /// declares the one `needs` gives it, or none.
    /// With `host`, as `--filter-platform` resolves it: the wasm-only edges left out.
    fn metadata(members: &[(&str, &[&str])], needs: &[(&str, &str)], host: bool) -> String {
        let id = |name: &str| {
            if name.starts_with("otsenka-") {
                format!("path+file:///ws/{name}#{name}@0.1.0")
            } else {
                format!("registry+https://github.com/rust-lang/crates.io-index#{name}@1.0.0")
            }
        };
        let bare = |d: &str| {
            d.trim_start_matches("any:")
                .trim_start_matches("dev:")
                .trim_start_matches("build:")
                .to_owned()
        };
        let mut all: Vec<String> = Vec::new();
        for (name, deps) in members {
            all.push((*name).to_owned());
            all.extend(deps.iter().map(|d| bare(d)));
        }
        all.sort();
        all.dedup();
        let packages: Vec<String> = all
            .iter()
            .map(|n| {
                let rust = match needs.iter().find(|(c, _)| c == n) {
                    Some((_, v)) => format!("\"{v}\""),
                    None if n.starts_with("otsenka-") => "\"1.89\"".to_owned(),
                    None => "null".to_owned(),
                };
                format!(
                    r#"{{"name":"{n}","version":"1.0.0","id":"{}","rust_version":{rust},"dependencies":[]}}"#,
                    id(n)
                )
            })
            .collect();
        let nodes: Vec<String> = all
            .iter()
            .map(|n| {
                let deps = members
                    .iter()
                    .find(|(m, _)| m == n)
                    .map_or(&[][..], |(_, d)| *d);
                let deps: Vec<String> = deps
                    .iter()
                    .filter(|d| !host || d.starts_with("any:"))
                    .map(|d| {
                        // `any:name`: for every target; otherwise under cfg(target_arch = "wasm32").
                        let (target, d) = match d.strip_prefix("any:") {
                            Some(rest) => ("null".to_owned(), rest),
                            None => (r#""cfg(target_arch = \"wasm32\")""#.to_owned(), *d),
                        };
                        let kind = match d.split_once(':') {
                            Some((kind, _)) => format!("\"{kind}\""),
                            None => "null".to_owned(),
                        };
                        let name = bare(d);
                        format!(
                            r#"{{"name":"{}","pkg":"{}","dep_kinds":[{{"kind":{kind},"target":{target}}}]}}"#,
                            name.replace('-', "_"),
                            id(&name)
                        )
                    })
                    .collect();
                format!(
                    r#"{{"id":"{}","deps":[{}],"features":[]}}"#,
                    id(n),
                    deps.join(",")
                )
            })
            .collect();
        let workspace: Vec<String> = members
            .iter()
            .filter(|(m, _)| m.starts_with("otsenka-"))
            .map(|(m, _)| format!("\"{}\"", id(m)))
            .collect();
        format!(
            r#"{{"packages":[{}],"workspace_members":[{}],"resolve":{{"nodes":[{}],"root":null}},"version":1}}"#,
            packages.join(","),
            workspace.join(","),
            nodes.join(",")
        )
    }

    /// The workspace as it is meant to be, plus `extra` members.
    fn workspace(
        extra: &[(&'static str, &'static [&'static str])],
    ) -> Vec<(&'static str, &'static [&'static str])> {
        let mut members: Vec<(&'static str, &'static [&'static str])> = vec![
            ("otsenka-model", &["thiserror"]),
            ("otsenka-templates", &["otsenka-model"]),
            (
                "otsenka-exchange",
                &["otsenka-model", "dev:wasm-bindgen-test"],
            ),
            ("otsenka-wording", &["otsenka-model", "otsenka-exchange"]),
            ("otsenka-municipal", &["otsenka-model"]),
            (
                "otsenka-cli",
                &["otsenka-exchange", "otsenka-wording", "clap"],
            ),
            (
                "otsenka-store",
                &[
                    "otsenka-model",
                    "indexed_db_futures",
                    "dev:otsenka-templates",
                ],
            ),
            ("otsenka-web", &["otsenka-store", "wasm-bindgen", "web-sys"]),
            ("otsenka-app", &["otsenka-web", "otsenka-store", "leptos"]),
            (
                "otsenka-sheet-worker",
                &["otsenka-exchange", "otsenka-wording", "otsenka-web"],
            ),
            (
                "otsenka-report-page",
                &["otsenka-exchange", "otsenka-web", "leptos"],
            ),
            (
                "otsenka-municipality-page",
                &["otsenka-municipal", "otsenka-web", "leptos"],
            ),
            ("otsenka-workshop-page", &["otsenka-web", "leptos"]),
            ("otsenka-qr-worker", &["wasm-bindgen", "js-sys"]),
        ];
        for (name, deps) in extra {
            match members.iter_mut().find(|(m, _)| m == name) {
                Some(m) => m.1 = deps,
                None => members.push((name, deps)),
            }
        }
        members
    }

    fn violations(members: &[(&str, &[&str])]) -> Vec<String> {
        checked(members, &[], "1.95.0")
    }

    fn checked(members: &[(&str, &[&str])], needs: &[(&str, &str)], compiler: &str) -> Vec<String> {
        let read = |host: bool| -> Metadata {
            match serde_json::from_str(&metadata(members, needs, host)) {
                Ok(m) => m,
                Err(e) => panic!("the synthetic metadata reads: {e}"),
            }
        };
        match check(&read(false), &read(true), Some(compiler)) {
            Ok(found) => found.iter().map(ToString::to_string).collect(),
            Err(e) => vec![e],
        }
    }

    #[test]
    fn the_command_line_is_held_to_its_native_tree() {
        // A wasm-only dependency of a dependency is not in the CLI's build…
        let found = violations(&workspace(&[
            ("otsenka-cli", &["otsenka-exchange", "any:postgres"]),
            ("postgres", &["any:whoami"]),
            ("whoami", &["web-sys"]),
        ]));
        assert_eq!(found, Vec::<String>::new());
        // …one for every target is; and the same wasm-only edge still counts for the model,
        // which the browser builds.
        let found = violations(&workspace(&[
            ("otsenka-cli", &["otsenka-exchange", "any:postgres"]),
            ("postgres", &["any:web-sys"]),
            ("otsenka-model", &["getrandom"]),
            ("getrandom", &["wasm-bindgen"]),
        ]));
        assert!(found.contains(&"a core crate must not depend on a browser crate: otsenka-cli → postgres → web-sys".to_owned()), "{found:#?}");
        assert!(found.contains(&"a core crate must not depend on a browser crate: otsenka-model → getrandom → wasm-bindgen".to_owned()), "{found:#?}");
    }

    #[test]
    fn a_clean_graph_passes_and_dev_dependencies_do_not_count() {
        assert_eq!(violations(&workspace(&[])), Vec::<String>::new());
    }

    #[test]
    fn a_core_crate_with_a_browser_crate_in_its_tree_is_refused_with_the_path() {
        let found = violations(&workspace(&[(
            "otsenka-municipal",
            &["otsenka-model", "otsenka-web"],
        )]));
        assert_eq!(
            found,
            ["a core crate must not depend on a browser crate: otsenka-municipal → otsenka-web"]
        );
        // Through a registry crate, and for a crate the lists do not know (core by default).
        let found = violations(&workspace(&[
            ("otsenka-model", &["thiserror", "getrandom"]),
            ("getrandom", &["wasm-bindgen"]),
            ("otsenka-school", &["otsenka-model", "gloo-timers"]),
        ]));
        assert!(found.contains(&"a core crate must not depend on a browser crate: otsenka-model → getrandom → wasm-bindgen".to_owned()), "{found:#?}");
        assert!(found.contains(&"a core crate must not depend on a browser crate: otsenka-templates → otsenka-model → getrandom → wasm-bindgen".to_owned()), "{found:#?}");
        assert!(
            found.contains(
                &"a core crate must not depend on a browser crate: otsenka-school → gloo-timers"
                    .to_owned()
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn a_page_on_another_page_and_the_app_on_exchange_are_refused() {
        let found = violations(&workspace(&[
            ("otsenka-report-page", &["otsenka-app", "otsenka-web"]),
            (
                "otsenka-app",
                &["otsenka-web", "otsenka-store", "otsenka-wording"],
            ),
            ("otsenka-web", &["otsenka-store", "otsenka-qr-worker"]),
        ]));
        let page = "a page must not depend on another page";
        assert_eq!(
            found,
            [
                format!("{page}: otsenka-app → otsenka-web → otsenka-qr-worker"),
                "the app must not link exchange (the first view's budget): otsenka-app → otsenka-wording → otsenka-exchange".to_owned(),
                format!("{page}: otsenka-municipality-page → otsenka-web → otsenka-qr-worker"),
                format!("{page}: otsenka-report-page → otsenka-app"),
                format!("{page}: otsenka-report-page → otsenka-web → otsenka-qr-worker"),
                format!("{page}: otsenka-sheet-worker → otsenka-web → otsenka-qr-worker"),
                "the browser kit must not depend on a page: otsenka-web → otsenka-qr-worker".to_owned(),
                format!("{page}: otsenka-workshop-page → otsenka-web → otsenka-qr-worker"),
            ]
        );
    }

    #[test]
    fn names_missing_from_the_workspace_are_an_error() {
        let members: Vec<_> = workspace(&[])
            .into_iter()
            .filter(|(m, _)| *m != "otsenka-qr-worker")
            .collect();
        assert_eq!(
            violations(&members),
            ["the workspace has no otsenka-qr-worker: update the lists in crates/xtask/src/tidy.rs"]
        );
    }

    #[test]
    fn rust_version_must_cover_every_compiled_crate_and_stay_within_the_compiler() {
        let members = workspace(&[
            ("otsenka-app", &["otsenka-web", "otsenka-store", "leptos"]),
            ("leptos", &["uuid"]),
            ("otsenka-model", &["thiserror", "build:cc"]),
        ]);
        assert_eq!(
            checked(
                &members,
                &[("uuid", "1.89"), ("cc", "1.63"), ("thiserror", "1.61")],
                "1.95.0"
            ),
            Vec::<String>::new()
        );
        let found = checked(&members, &[("uuid", "1.90"), ("cc", "1.90")], "1.95.0");
        let older = "rust-version is older than a dependency needs";
        assert!(
            found.contains(&format!(
                "{older}: otsenka-app → leptos → uuid 1.0.0 (rust-version 1.90.0)"
            )),
            "{found:#?}"
        );
        assert!(
            found.contains(&format!(
                "{older}: otsenka-model → cc 1.0.0 (rust-version 1.90.0)"
            )),
            "{found:#?}"
        );
        // A dev-dependency is not compiled into the crate.
        let members = workspace(&[("otsenka-municipal", &["otsenka-model", "dev:proptest"])]);
        assert_eq!(
            checked(&members, &[("proptest", "1.99")], "1.95.0"),
            Vec::<String>::new()
        );
        let found = checked(&members, &[], "1.88");
        assert!(
            found.contains(&"rust-version is newer than the compiler rust-toolchain.toml pins: otsenka-model (1.89.0 > 1.88.0)".to_owned()),
            "{found:#?}"
        );
    }

    #[test]
    fn the_pinned_channel_is_read() {
        let text = "# comment\n[toolchain]\nchannel = \"1.95.0\"\nprofile = \"minimal\"\n";
        assert_eq!(pinned_channel(text), Some("1.95.0"));
        assert_eq!(version("1.89"), Some((1, 89, 0)));
        assert_eq!(version("stable"), None);
    }

    #[test]
    fn browser_names() {
        for name in [
            "leptos",
            "leptos_router",
            "wasm-bindgen-futures",
            "web-sys",
            "gloo-timers",
        ] {
            assert!(is_browser(name), "{name}");
        }
        for name in ["leptosx", "wasm-bindgenx", "serde", "js-sys2"] {
            assert!(!is_browser(name), "{name}");
        }
    }
}
