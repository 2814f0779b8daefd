//! `merge`: the accepted assessments of one template into one file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use exchange::{ExportMeta, Layout};
use model::{Assessment, Template};

use crate::args::Merge;
use crate::output::{now, Staged};
use crate::read::each_file;
use crate::walk::{output_target, walk};
use model::Lang;

/// The newest copy of each assessment id over all files, with the file it is in.
fn newest(
    lang: Lang,
    paths: &[PathBuf],
    templates: &[Template],
    report: &mut dyn FnMut(String),
) -> HashMap<String, (String, PathBuf)> {
    let mut best: HashMap<String, (String, PathBuf)> = HashMap::new();
    each_file(paths, templates, &mut |path, got| match got {
        Ok((r, list, _)) if r.layout != Layout::Tables => {
            for a in list {
                let newer = best
                    .get(&a.id)
                    .is_none_or(|(at, _)| model::cmp_instants(&a.updated_at, at).is_gt());
                if newer {
                    best.insert(a.id.clone(), (a.updated_at.clone(), path.to_path_buf()));
                }
            }
        }
        Ok(_) => {}
        Err(problems) => {
            for p in problems {
                report(wording::csv_problem(&p, lang));
            }
        }
    });
    best
}

/// Writes the accepted assessments into `-o`, the newest copy of each; exit code 1 when any
/// file was refused, an error (nothing written) when there is nothing to write or the files
/// are of several templates.
pub fn merge(o: &Merge, templates: &[Template], lang: Lang) -> Result<ExitCode, String> {
    let output = &o.output;
    let walk = walk(&o.paths.paths, lang);
    for w in &walk.warnings {
        eprintln!("{w}");
    }
    // Checked before anything is read or written: an input is never overwritten.
    let target = output_target(output, &walk, lang)?;
    let mut problems = 0usize;
    let best = newest(lang, &walk.files, templates, &mut |line| {
        problems += 1;
        eprintln!("{line}");
    });
    let meta = ExportMeta {
        exported_at: now(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let mut out = Staged::new(&target).map_err(|e| format!("{}: {e}", output.display()))?;
    let mut template_hash: Option<String> = None;
    let mut written = 0usize;
    let mut error = None;
    each_file(&walk.files, templates, &mut |path, got| {
        let Ok((report, list, _)) = got else { return };
        if report.layout == Layout::Tables || error.is_some() {
            return;
        }
        let keep: Vec<Assessment> = list
            .into_iter()
            .filter(|a| {
                best.get(&a.id)
                    .is_some_and(|(at, p)| *at == a.updated_at && p == path)
            })
            .collect();
        let Some(first) = keep.first() else { return };
        let Some(t) = templates.iter().find(|t| first.is_for(t)) else {
            return;
        };
        match &template_hash {
            Some(h) if *h != t.hash => {
                error = Some(format!(
                    "{}: {} {} — {}",
                    path.display(),
                    t.id,
                    t.version,
                    lang.t(
                        "не тот шаблон, что в первом файле: сводите по одному шаблону",
                        "another template than the first file's; merge one template at a time"
                    )
                ));
                return;
            }
            _ => template_hash = Some(t.hash.clone()),
        }
        match exchange::export(t, &keep, o.layout, o.profile, &meta) {
            Ok(bytes) => {
                // Every export of one template, layout and profile starts with the same
                // header line (names have no line breaks): keep the first file's only.
                let body = if written == 0 {
                    &bytes[..]
                } else {
                    let at = bytes
                        .windows(2)
                        .position(|w| w == b"\r\n")
                        .map_or(bytes.len(), |i| i + 2);
                    &bytes[at..]
                };
                if let Err(e) = out.write_all(body) {
                    error = Some(format!("{}: {e}", output.display()));
                }
                written += keep.len();
            }
            Err(e) => error = Some(wording::export_error(&e, lang)),
        }
    });
    if let Some(e) = error {
        // `out` is dropped uncommitted: the temporary file goes, the target stays as it was.
        return Err(e);
    }
    if written == 0 {
        return Err(format!(
            "{}: {}",
            output.display(),
            lang.t(
                "нет ни одной принятой самооценки — файл не записан",
                "no accepted assessment to merge; nothing written"
            )
        ));
    }
    out.commit()
        .map_err(|e| format!("{}: {e}", output.display()))?;
    match lang {
        Lang::Ru => println!(
            "Записано самооценок: {written} в {}; замечаний в непринятых файлах: {problems}.",
            output.display()
        ),
        Lang::En => println!(
            "{written} assessments written to {}; {problems} problems in refused files.",
            output.display()
        ),
    }
    Ok(if problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
