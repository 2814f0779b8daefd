//! `summary`: the consolidated table of `municipal`, as aligned text or CSV.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use exchange::Layout;
use model::Template;

use crate::args::Summary;
use crate::output::{aligned, Staged};
use crate::read::{each_file_mapped, FileOutcome};
use crate::walk::{output_target, walk};
use model::Lang;

/// Prints (or writes into `-o`) the consolidated table: one row per school; exit code 1 when
/// any file was refused.
pub fn summary(o: &Summary, templates: &[Template], lang: Lang) -> Result<ExitCode, String> {
    // One small record per assessment (no answers kept), so a country's files fit.
    let mut results: Vec<municipal::SchoolResult> = Vec::new();
    let mut refused = 0usize;
    let score = |path: &Path, got: FileOutcome| {
        got.map(|(report, list, _)| {
            if report.layout == Layout::Tables {
                return Vec::new();
            }
            let source = path.display().to_string();
            list.iter()
                .filter_map(|a| {
                    let t = templates.iter().find(|t| a.is_for(t))?;
                    Some(municipal::SchoolResult::of(t, a, &source))
                })
                .collect::<Vec<_>>()
        })
    };
    let walk = walk(&o.paths.paths, lang);
    for w in &walk.warnings {
        eprintln!("{w}");
    }
    let target = match &o.output {
        Some(path) => Some(output_target(path, &walk, lang)?),
        None => None,
    };
    each_file_mapped(&walk.files, templates, &score, &mut |_, got| match got {
        Ok(list) => results.extend(list),
        Err(problems) => {
            refused += 1;
            for p in problems {
                eprintln!("{}", wording::csv_problem(&p, lang));
            }
        }
    });
    let groups = municipal::consolidate(results, &municipal::Choices::new());
    if o.csv && groups.len() > 1 {
        let found: Vec<String> = groups
            .iter()
            .map(|g| format!("{} {}", g.template_id, g.template_version))
            .collect();
        return Err(format!(
            "{} {}",
            lang.t(
                "в файлах разные шаблоны или версии — таблица CSV строится по одной версии шаблона; сведите файлы каждой версии отдельно:",
                "the files are of several templates or versions; a CSV table is of one template version, summarise each apart:",
            ),
            found.join(", ")
        ));
    }
    let numbers = if o.csv && !o.profile.decimal_comma() {
        municipal::Numbers::Point
    } else {
        municipal::Numbers::Comma
    };
    let mut bytes = Vec::new();
    let mut duplicates = 0usize;
    for (k, g) in groups.iter().enumerate() {
        let Some(t) = g.template(templates) else {
            continue;
        };
        duplicates += g.duplicates().map(|s| s.copies.len() - 1).sum::<usize>();
        let rows: Vec<&municipal::SchoolResult> = g.schools.iter().map(|s| s.result()).collect();
        let (table, numeric) = municipal::table(t, &rows, Some(&o.risk()), lang, numbers, o.csv);
        if o.csv {
            bytes = exchange::table_csv(&table, &numeric, o.profile)
                .map_err(|e| wording::export_error(&e, lang))?;
        } else {
            if k > 0 {
                bytes.push(b'\n');
            }
            bytes.extend(format!("{} {}\n", t.title.get(lang), t.version).bytes());
            bytes.extend(aligned(&table).into_bytes());
        }
    }
    match (&target, &o.output) {
        (Some(real), Some(path)) => {
            let say = |e: std::io::Error| format!("{}: {e}", path.display());
            let mut out = Staged::new(real).map_err(say)?;
            out.write_all(&bytes).map_err(say)?;
            out.commit().map_err(say)?;
        }
        _ => {
            let _ = std::io::stdout().write_all(&bytes);
        }
    }
    if duplicates > 0 {
        eprintln!(
            "{}",
            match lang {
                Lang::Ru => format!("Повторов (та же школа, шаблон и учебный год; оставлена более новая): {duplicates}."),
                Lang::En => format!(
                    "Duplicates (same school, template and year; the newer kept): {duplicates}."
                ),
            }
        );
    }
    Ok(if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
