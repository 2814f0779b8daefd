//! `otsenka`: the municipality's command line over the same core as the app.
//!
//! - `validate PATH…` — every CSV file (folders are walked) read on its own: accepted,
//!   accepted with warnings, or refused with every problem (file, line, column). Exit code 1
//!   when any file is refused.
//! - `merge -o OUT PATH…` — the accepted assessments of one template into one file, in any
//!   layout and profile (`docs/csv-format.md`); the same assessment in two files: the newer
//!   copy (`updated_at`) is kept.
//! - `summary PATH…` — the consolidated table: one row per school (the newest assessment of a
//!   school, template and academic year), % per section, total and level; as an aligned text
//!   table or as CSV, with the municipal mean, minimum and maximum rows and the risk group
//!   (`crates/municipal`, the same code as the app's «Муниципалитет» page).
//! - `load --db …` — the accepted assessments into the region's PostgreSQL database.
//! - `hall` — a workshop in a hall with no internet (issue 21): serves the built app (carried
//!   inside the binary) to the participants' phones on the local network and takes their
//!   answers over a small JSON API, each written to an SQLite journal before it is answered
//!   (`commands/hall/`).
//!
//! Folders are walked once each and files read once each, whatever links or hard links lead
//! to them; a link that loops back (or a second way to what was already read) is named on a
//! `SKIP` line by `validate` (a line on stderr by `merge` and `summary`) and not followed. An output file (`-o`) is
//! never one of the inputs nor inside a folder being read, and is written beside its target
//! and renamed over it only when the whole run succeeded: a failed run changes no file.
//!
//! Files are read one at a time (at most one file's bytes in memory, plus one small record
//! per assessment), so thousands of files are fine. Messages in Russian (`--lang en` for
//! English). Templates: the built-in ones, plus `--template FILE.json`.
//!
//! `args` is the grammar (clap) with the help and usage errors in both languages; `walk`
//! decides which files are read and where an output may go; `read` reads them on every core;
//! `commands` holds the three commands; `output` writes files and tables.

mod args;
mod commands;
mod output;
mod read;
mod walk;

use std::process::ExitCode;

use args::{Command, Parsed};

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (common, command) = match args::parse(&argv) {
        Parsed::Run(common, command) => (common, command),
        Parsed::Help(text, asked) => {
            print!("{text}");
            return if asked {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
        Parsed::Error(e) => {
            eprintln!("otsenka: {e}");
            return ExitCode::from(2);
        }
    };
    let lang = common.lang;
    let templates = match read::templates(&common.templates, lang) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("otsenka: {e}");
            return ExitCode::from(2);
        }
    };
    if !matches!(command, Command::Hall(_)) && command.paths().is_empty() {
        eprintln!("otsenka: {}", lang.t("не указаны файлы", "no files given"));
        return ExitCode::from(2);
    }
    let outcome = match &command {
        Command::Validate(p) => Ok(commands::validate(&p.paths, &templates, lang)),
        Command::Merge(m) => commands::merge(m, &templates, lang),
        Command::Summary(s) => commands::summary(s, &templates, lang),
        Command::Load(l) => commands::load(l, &templates, lang),
        Command::Hall(h) => Ok(commands::hall(h, lang)),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("otsenka: {e}");
            ExitCode::from(2)
        }
    }
}
