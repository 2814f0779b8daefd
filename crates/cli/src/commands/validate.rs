//! `validate`: every file on its own, accepted, accepted with warnings, or refused.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use model::Template;

use crate::read::each_file;
use crate::walk::walk;
use model::Lang;

/// Prints a verdict per file (`OK`, `WARN`, `FAIL`, with every problem) and the counts; exit
/// code 1 when any file is refused.
pub fn validate(paths: &[PathBuf], templates: &[Template], lang: Lang) -> ExitCode {
    let (mut ok, mut warned, mut refused) = (0usize, 0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let walk = walk(paths, lang);
    for w in &walk.warnings {
        let _ = writeln!(out, "SKIP  {w}");
    }
    each_file(&walk.files, templates, &mut |path, got| {
        let _ = match got {
            Ok((report, _, warnings)) if warnings.is_empty() => {
                ok += 1;
                writeln!(
                    out,
                    "OK    {} ({}, {}, {} {})",
                    path.display(),
                    report.layout.name(),
                    report.template,
                    report.assessments,
                    lang.t("оц.", "assessments")
                )
            }
            Ok((report, _, warnings)) => {
                warned += 1;
                let _ = writeln!(
                    out,
                    "WARN  {} ({}, {})",
                    path.display(),
                    report.layout.name(),
                    report.template
                );
                warnings
                    .iter()
                    .try_for_each(|w| writeln!(out, "      {}", wording::csv_problem(w, lang)))
            }
            Err(problems) => {
                refused += 1;
                let _ = writeln!(out, "FAIL  {}", path.display());
                problems
                    .iter()
                    .try_for_each(|p| writeln!(out, "      {}", wording::csv_problem(p, lang)))
            }
        };
    });
    let total = ok + warned + refused;
    let _ = match lang {
        Lang::Ru => writeln!(out, "Файлов: {total}; приняты: {ok}; приняты с замечаниями: {warned}; не приняты: {refused}."),
        Lang::En => writeln!(
            out,
            "Files: {total}; accepted: {ok}; accepted with warnings: {warned}; refused: {refused}."
        ),
    };
    if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
