//! Native benchmark of the scoring core: a 500-item template of mixed kinds with visibility
//! conditions, every item answered. Prints a Markdown table: parse (and validate) time,
//! evaluate time and item checks, each the median of N runs, and evaluations per second.
//!
//! `cargo run --release -p otsenka-model --example bench_eval [-- RUNS]` (`cargo xtask bench`
//! runs it). Timings are wall clock on whatever else the machine is doing: run it idle.

use std::hint::black_box;
use std::time::{Duration, Instant};

use model::{evaluate, item_problems, Assessment, Template};

const SECTIONS: usize = 20;
const ITEMS_PER_SECTION: usize = 25;

/// The template text: `sections` sections of 25 items each.
fn template_text(section_count: usize) -> String {
    let mut sections = Vec::new();
    let mut n = 0usize;
    for s in 0..section_count {
        let mut items = Vec::new();
        for _ in 0..ITEMS_PER_SECTION {
            let id = format!("q{n}");
            let body = match n % 11 {
                0 => r#""kind": "choice", "scale": "ypn", "evidence": true"#.to_owned(),
                1 => r#""kind": "yes_no""#.to_owned(),
                2 => r#""kind": "likert", "points": 5, "labels": ["плохо", "отлично"]"#.to_owned(),
                3 => r#""kind": "multi", "max_choices": 3, "choices": [
                    {"value": "a", "label": "А", "points": 1}, {"value": "b", "label": "Б", "points": 2},
                    {"value": "c", "label": "В", "points": 1}, {"value": "none", "label": "Нет", "points": 0}]"#
                    .to_owned(),
                4 => r#""kind": "number", "min": 0, "max": 1000, "unit": "чел.", "bands": [
                    {"min": 100, "points": 3}, {"min": 50, "max": 100, "points": 2}, {"max": 50, "points": 0}]"#
                    .to_owned(),
                5 => r#""kind": "percentage", "weight": 2, "bands": [
                    {"min": 90, "points": 2}, {"min": 60, "max": 90, "points": 1}]"#
                    .to_owned(),
                6 => r#""kind": "count", "bands": [{"max": 1, "points": 2}, {"min": 1, "max": 5, "points": 1}]"#
                    .to_owned(),
                7 => r#""kind": "text", "pattern": "[а-яё0-9 №.-]{1,40}""#.to_owned(),
                8 => r#""kind": "date""#.to_owned(),
                9 => r#""kind": "evidence""#.to_owned(),
                _ => r#""kind": "table", "columns": [{"id": "what", "label": "Что", "required": true},
                    {"id": "when", "label": "Срок", "kind": "deadline"},
                    {"id": "who", "label": "Кто", "kind": "choice", "choices": [
                      {"value": "dir", "label": "Директор"}, {"value": "zam", "label": "Заместитель"}]}]"#
                    .to_owned(),
            };
            // Every fourth item past the first few depends on an earlier one.
            let condition = if n >= 11 && n % 4 == 1 {
                let target = n - 1 - (n % 7);
                let c = match target % 11 {
                    0 => format!("[q{target}] in ('yes', 'partly')"),
                    1 => format!("[q{target}] = 'yes'"),
                    2 => format!("[q{target}] >= 2"),
                    3 => format!("'a' in [q{target}] or 'b' in [q{target}]"),
                    4 => format!("[q{target}] > 10 and [q{target}] * 2 < 5000"),
                    5 => format!("[q{target}] >= 30"),
                    6 => format!("[q{target}] + 1 > 0"),
                    10 => format!("[q{target}] >= 0"),
                    _ => format!("not [q{target}] = 'нет'"),
                };
                format!(r#", "visible_if": "{c}""#)
            } else {
                String::new()
            };
            items.push(format!(
                r#"{{"id": "{id}", "label": "Критерий {n}", "help": "Пояснение к критерию {n}", {body}{condition}}}"#
            ));
            n += 1;
        }
        let section_condition = if s % 5 == 4 {
            // A yes/no item of the section before.
            let base = (s - 1) * ITEMS_PER_SECTION;
            let yes_no = base + (12 - base % 11) % 11;
            format!(r#", "visible_if": "[q{yes_no}] != 'no'""#)
        } else {
            String::new()
        };
        sections.push(format!(
            r#"{{"id": "s{s}", "title": "Раздел {s}"{section_condition}, "items": [{}]}}"#,
            items.join(",\n")
        ));
    }
    format!(
        r#"{{"format": 1, "id": "bench", "version": "1", "title": "Бенчмарк: 500 критериев",
            "respondent": [{{"id": "school", "label": "ОО", "required": true}}],
            "scales": {{"ypn": [{{"value": "yes", "label": "да", "points": 2}},
                               {{"value": "partly", "label": "частично", "points": 1}},
                               {{"value": "no", "label": "нет", "points": 0}},
                               {{"value": "na", "label": "не применимо", "not_applicable": true}}]}},
            "levels": [{{"min": 80, "label": "высокий", "tone": "good"}},
                       {{"min": 50, "label": "средний", "tone": "medium"}},
                       {{"min": 0, "label": "низкий", "tone": "bad"}}],
            "sections": [{}]}}"#,
        sections.join(",\n")
    )
}

/// Every item answered, with a spread of good, partial and poor answers.
fn answers(t: &Template) -> Assessment {
    let mut a = Assessment::new("bench".into(), t, "2026-11-22T08:00:00Z".into());
    for (n, item) in t.items().enumerate() {
        let pick = |options: &[&str]| options[n / 11 % options.len()].to_owned();
        a.update_answer(&item.id, |ans| match n % 11 {
            0 => ans.choice = Some(pick(&["yes", "partly", "no", "na"])),
            1 => ans.choice = Some(pick(&["yes", "no"])),
            2 => ans.choice = Some(pick(&["1", "3", "5"])),
            3 => ans.choices = vec!["a".into(), pick(&["b", "c", "none"])],
            4 => ans.value = pick(&["120", "75", "12,5"]),
            5 => ans.value = pick(&["95", "70", "10"]),
            6 => ans.value = pick(&["0", "3", "9"]),
            7 => ans.value = pick(&["Приказ № 12", "план на 2026 г.", "!!!"]),
            8 => ans.value = pick(&["2026-09-01", "2026-02-30"]),
            9 => {
                ans.doc.insert("name".into(), "Положение о ВСОКО".into());
                ans.doc.insert("date".into(), "2026-08-30".into());
            }
            _ => {
                for r in 0..3 {
                    let mut row = model::VecMap::new();
                    row.insert("what".into(), format!("Мероприятие {r}"));
                    row.insert("when".into(), pick(&["permanent", "2026-12-01"]));
                    row.insert("who".into(), "dir".into());
                    ans.rows.push(row);
                }
            }
        });
    }
    a
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    // One warm-up run, then the median.
    black_box(f());
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(201)
        .max(1);
    let text = template_text(SECTIONS);
    let template = match Template::from_json(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bench_eval: the generated template is refused: {e}");
            std::process::exit(1);
        }
    };
    let assessment = answers(&template);
    let results = evaluate(&template, &assessment);
    let conditional = template.items().filter(|i| i.visible_if.is_some()).count()
        + template
            .sections
            .iter()
            .filter(|s| s.visible_if.is_some())
            .count();

    let parse = time(runs.div_ceil(4), || Template::from_json(&text));
    let eval = time(runs, || evaluate(&template, &assessment));
    let checks = time(runs, || item_problems(&template, &assessment));
    // The same with no answers: what the answer lookups (a linear `VecMap`) cost.
    let blank = Assessment::new("blank".into(), &template, "2026-11-22T08:00:00Z".into());
    let eval_blank = time(runs, || evaluate(&template, &blank));

    println!(
        "template: {} items in {} sections, {} conditions, {:.1} KB of JSON; {} answers; \
         {} visible items, total {}/{} points, {} deficits; median of {runs} runs",
        template.item_count(),
        template.sections.len(),
        conditional,
        text.len() as f64 / 1024.0,
        assessment.answers.len(),
        results.total.items,
        results.total.points,
        results.total.max,
        results.deficits.len(),
    );
    println!();
    println!("| step | median µs | per second |");
    println!("|---|---:|---:|");
    for (name, d) in [
        ("parse + validate (`Template::from_json`)", parse),
        ("evaluate (`evaluate`)", eval),
        ("evaluate, nothing answered", eval_blank),
        ("item checks (`item_problems`)", checks),
    ] {
        println!(
            "| {name} | {} | {:.0} |",
            micros(d),
            1.0 / d.as_secs_f64().max(1e-9)
        );
    }
    // One line per figure for `cargo xtask bench`'s table.
    for (name, d) in [("parse + validate", parse), ("evaluate", eval)] {
        println!(
            "BENCH\tscoring (native)\t{name}, {}-item template\t{}\tµs\t",
            template.item_count(),
            micros(d)
        );
    }

    // How the time grows with the template: answers and conditions are looked up by id.
    println!();
    println!("| items | parse µs | evaluate µs | evaluate µs per item |");
    println!("|---:|---:|---:|---:|");
    for sections in [5, 10, 20, 40, 80] {
        let text = template_text(sections);
        let Ok(t) = Template::from_json(&text) else {
            eprintln!("bench_eval: the {sections}-section template is refused");
            std::process::exit(1);
        };
        let a = answers(&t);
        let scaled = (runs * 20 / sections).clamp(5, runs);
        let parse = time(scaled.div_ceil(4), || Template::from_json(&text));
        let eval = time(scaled, || evaluate(&t, &a));
        println!(
            "| {} | {} | {} | {:.2} |",
            t.item_count(),
            micros(parse),
            micros(eval),
            eval.as_secs_f64() * 1e6 / t.item_count() as f64
        );
    }
}
