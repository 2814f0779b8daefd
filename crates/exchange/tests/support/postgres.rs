//! A PostgreSQL server of a test's own, and the two helpers it stands on. Shared by the tests
//! that need a real server (`exchange/tests/clients.rs`, `cli/tests/load.rs`) through
//! `#[path]`: a file under `tests/support/` is no test target of its own.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory under the system's temporary one, named for the test and the process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("otsenka-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

pub fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {program} (is it installed?): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PostgreSQL server of our own: `initdb` into a temporary directory, listening only on a
/// Unix socket there; stopped when dropped.
pub struct Postgres {
    pub dir: PathBuf,
    bin: PathBuf,
    /// Run server programs as this user: PostgreSQL refuses to run as root.
    user: Option<&'static str>,
}

impl Postgres {
    pub fn start() -> Postgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path().join("bin"))
                    .find(|p| p.join("initdb").is_file())
            })
            .or_else(|| {
                Some(PathBuf::from("/usr/local/bin")).filter(|p| p.join("initdb").is_file())
            })
            .unwrap_or_else(|| {
                panic!("PostgreSQL's initdb is not installed (Debian package postgresql)")
            });
        let root = run("id", &["-u"], Path::new("/")).trim() == "0";
        let dir = temp_dir("postgres");
        let pg = Postgres {
            dir,
            bin,
            user: root.then_some("postgres"),
        };
        if let Some(user) = pg.user {
            run(
                "chown",
                &["-R", user, &pg.dir.to_string_lossy()],
                Path::new("/"),
            );
        }
        let data = pg.dir.join("data");
        pg.server(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-U",
                "otsenka",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-A",
                "trust",
            ],
        );
        let options = format!("-k {} -c listen_addresses='' -p 5544", pg.dir.display());
        let log = pg.dir.join("log");
        pg.server(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        );
        pg
    }

    fn server(&self, program: &str, args: &[&str]) {
        let path = self.bin.join(program);
        let path = path.to_string_lossy();
        match self.user {
            Some(user) => {
                let mut full = vec!["-u", user, "--", &path];
                full.extend_from_slice(args);
                run("runuser", &full, &self.dir);
            }
            None => {
                run(&path, args, &self.dir);
            }
        }
    }

    pub fn psql(&self, args: &[&str]) -> String {
        let host = self.dir.to_string_lossy();
        let mut full = vec![
            "-h",
            &host,
            "-p",
            "5544",
            "-U",
            "otsenka",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-X",
            "-q",
            "-A",
            "-t",
        ];
        full.extend_from_slice(args);
        run("psql", &full, &self.dir)
    }
}

impl Postgres {
    /// The connection string of a client library (libpq's key=value form).
    pub fn conninfo(&self) -> String {
        format!(
            "host={} port=5544 user=otsenka dbname=postgres",
            self.dir.display()
        )
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        self.server(
            "pg_ctl",
            &["-D", &data.to_string_lossy(), "-m", "immediate", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
