//! How the CSV reader and the template-sheet reader scale: each on a large adversarial case
//! (the shapes that used to cost a scan per row) at 1×, 10× and 100× its size. A reader that
//! is O(n log n) or better shows times growing about 10× per step; a quadratic one, 100×.
//!
//! - CSV, long layout: one row per item, on templates of 50, 500 and 5 000 items (each row
//!   names its item, and every row's answer joins the assessment's answers).
//! - CSV, tables layout: 1 000, 10 000 and 100 000 rows of one table item.
//! - Template sheet: 40, 400 and 4 000 sections, each with one item and two level rows
//!   naming the section as their parent (parents are looked up by id).
//!
//! `cargo run --release -p otsenka-exchange --example bench_csv_readers [-- RUNS]` (`cargo xtask
//! bench` runs it). Prints `BENCH` lines (median of RUNS, default 3) and a Markdown table.

use std::time::{Duration, Instant};

use exchange::{
    export, import_files, import_sheet, template_to_sheet, ExportMeta, Layout, Profile,
};
use model::{Assessment, Template, VecMap};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn template(json: &str) -> Template {
    Template::from_json(json).unwrap_or_else(|e| panic!("the bench template must load: {e}"))
}

/// `items` yes/no items in sections of 50, with a level per section.
fn many_items(items: usize) -> Template {
    let sections: Vec<String> = (0..items.div_ceil(50))
        .map(|s| {
            let list: Vec<String> = (0..50.min(items - s * 50))
                .map(|i| {
                    format!(r#"{{"id": "{s}.{i}", "label": "Критерий {s}.{i}", "kind": "yes_no"}}"#)
                })
                .collect();
            format!(
                r#"{{"id": "{s}", "title": "Раздел {s}", "items": [{}]}}"#,
                list.join(",")
            )
        })
        .collect();
    template(&format!(
        r#"{{"format": 1, "id": "bench", "version": "1", "title": "Bench",
            "levels": [{{"min": 50, "label": "высокий", "tone": "good"}}, {{"min": 0, "label": "низкий", "tone": "bad"}}],
            "sections": [{}]}}"#,
        sections.join(",")
    ))
}

fn one_table() -> Template {
    template(
        r#"{"format": 1, "id": "table", "version": "1", "title": "Bench", "sections": [
          {"id": "1", "title": "План", "items": [
            {"id": "plan", "label": "План", "kind": "table", "columns": [
              {"id": "what", "label": "Мероприятие", "kind": "text"},
              {"id": "who", "label": "Кто", "kind": "choice", "choices": [
                {"value": "dir", "label": "директор", "points": 0},
                {"value": "dep", "label": "заместитель", "points": 0}]},
              {"id": "cost", "label": "Сумма", "kind": "number"}]}]}]}"#,
    )
}

fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: "2026-11-22T09:00:00.000Z".into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
    }
}

fn assessments(t: &Template, count: usize) -> Vec<Assessment> {
    (0..count)
        .map(|n| {
            let mut a = Assessment::new(format!("a{n}"), t, "2026-11-20T08:00:00.000Z".into());
            for (i, item) in t.items().enumerate() {
                let v = if (i + n) % 3 == 0 { "no" } else { "yes" };
                a.update_answer(&item.id, |x| x.choice = Some(v.into()));
            }
            a
        })
        .collect()
}

struct Line {
    group: &'static str,
    measure: String,
    ms: f64,
}

fn main() {
    let runs = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3usize)
        .max(1);
    let mut lines = Vec::new();

    for items in [50usize, 500, 5000] {
        let t = many_items(items);
        let list = assessments(&t, 4);
        let bytes = export(&t, &list, Layout::Long, Profile::Rfc4180, &meta())
            .unwrap_or_else(|e| panic!("{e}"));
        let ms = time(runs, || {
            let got = import_files(&[("long.csv", &bytes)], std::slice::from_ref(&t));
            assert!(got.refused.is_empty(), "{:?}", got.refused.first());
            assert_eq!(got.assessments.len(), 4);
        });
        lines.push(Line {
            group: "CSV reader scaling (native)",
            measure: format!(
                "long layout, {items}-item template, 4 assessments ({} rows, {:.1} MB)",
                items * 4,
                bytes.len() as f64 / 1e6
            ),
            ms: ms.as_secs_f64() * 1e3,
        });
    }

    let t = one_table();
    for rows in [1_000usize, 10_000, 100_000] {
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        a.update_answer("plan", |x| {
            x.rows = (0..rows)
                .map(|r| {
                    let cells = vec![
                        ("what".to_owned(), format!("Мероприятие {r}")),
                        (
                            "who".to_owned(),
                            if r % 2 == 0 { "dir" } else { "dep" }.to_owned(),
                        ),
                        ("cost".to_owned(), format!("{}", r * 10)),
                    ];
                    VecMap::from_distinct(cells)
                })
                .collect();
        });
        let wide = export(
            &t,
            std::slice::from_ref(&a),
            Layout::Wide,
            Profile::Rfc4180,
            &meta(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let tables = export(
            &t,
            std::slice::from_ref(&a),
            Layout::Tables,
            Profile::Rfc4180,
            &meta(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let ms = time(runs, || {
            let got = import_files(
                &[("wide.csv", &wide), ("tables.csv", &tables)],
                std::slice::from_ref(&t),
            );
            assert!(got.refused.is_empty(), "{:?}", got.refused.first());
            let back = got.assessments[0]
                .answer("plan")
                .map_or(0, |x| x.rows.len());
            assert_eq!(back, rows);
        });
        lines.push(Line {
            group: "CSV reader scaling (native)",
            measure: format!(
                "tables layout, {rows} rows of one table ({:.1} MB)",
                (wide.len() + tables.len()) as f64 / 1e6
            ),
            ms: ms.as_secs_f64() * 1e3,
        });
    }

    for sections in [40usize, 400, 4000] {
        let t = many_items(1);
        // The canonical header line, then sections of one item each.
        let mut sheet = template_to_sheet(&t);
        let header_end = sheet.find("\r\n").map_or(0, |i| i + 2);
        let (head, _) = sheet.split_at(header_end);
        let mut body = String::from(head);
        let row = |cells: &[(usize, &str)]| {
            let mut out = vec![String::new(); 31];
            for (c, v) in cells {
                out[*c] = (*v).to_owned();
            }
            out.join(";") + "\r\n"
        };
        body.push_str(&row(&[(0, "meta"), (2, "format"), (4, "1")]));
        body.push_str(&row(&[(0, "meta"), (2, "id"), (4, "sheet")]));
        body.push_str(&row(&[(0, "meta"), (2, "version"), (4, "1")]));
        body.push_str(&row(&[(0, "meta"), (2, "title"), (4, "Bench")]));
        for s in 0..sections {
            let id = format!("s{s}");
            body.push_str(&row(&[(0, "section"), (2, &id), (4, "Раздел")]));
            body.push_str(&row(&[
                (0, "item"),
                (2, &format!("{id}.1")),
                (3, "yes_no"),
                (4, "Критерий"),
            ]));
        }
        // The levels last, each naming its section: every one is a lookup by id.
        for s in 0..sections {
            let id = format!("s{s}");
            body.push_str(&row(&[
                (0, "level"),
                (1, &id),
                (3, "good"),
                (4, "высокий"),
                (13, "50"),
            ]));
            body.push_str(&row(&[
                (0, "level"),
                (1, &id),
                (3, "bad"),
                (4, "низкий"),
                (13, "0"),
            ]));
        }
        sheet = body;
        let ms = time(runs, || {
            let got = import_sheet(sheet.as_bytes());
            let t = got.unwrap_or_else(|e| panic!("{e}")).0;
            assert_eq!(t.sections.len(), sections);
        });
        lines.push(Line {
            group: "Template sheet reader scaling (native)",
            measure: format!(
                "{sections} sections with two levels each ({} rows, {:.1} MB)",
                sections * 4 + 4,
                sheet.len() as f64 / 1e6
            ),
            ms: ms.as_secs_f64() * 1e3,
        });
    }

    println!("median of {runs} runs");
    println!();
    println!("| reader | case | ms |");
    println!("|---|---|---:|");
    for l in &lines {
        println!("| {} | {} | {:.1} |", l.group, l.measure, l.ms);
    }
    for l in &lines {
        println!("BENCH\t{}\t{}\t{:.1}\tms\t", l.group, l.measure, l.ms);
    }
}
