// Shared by `examples/bench_csv.rs` (native) and `tests/wasm_bench.rs` (headless Chromium):
// the same assessments on both sides, so the figures compare.

use model::{Assessment, Template};

/// `n` МСОКО assessments, every criterion answered (да / частично / нет in a fixed
/// pseudo-random pattern), a third with a supporting document, some with a comment, and a full
/// respondent block: what a municipality's files hold.
pub fn sample(template: &Template, n: usize) -> Vec<Assessment> {
    let picks = ["yes", "partly", "no"];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| {
            let mut a = Assessment::new(
                format!("00000000-0000-4000-8000-{i:012}"),
                template,
                "2026-11-20T08:00:00.000Z".into(),
            );
            a.updated_at = "2026-11-21T10:00:00.000Z".into();
            for (field, value) in [
                ("municipality", "Энский муниципальный район"),
                (
                    "school_name",
                    "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»",
                ),
                ("fis_oko_login", "sch02010007"),
                ("inn", "0274012343"),
                ("filled_by", "Иванова Мария Петровна"),
                ("position", "заместитель директора по УВР"),
                ("academic_year", "2025/2026"),
            ] {
                a.respondent.insert(field.into(), value.into());
            }
            for item in template.items().filter(|i| i.is_scored()) {
                let r = next();
                a.update_answer(&item.id, |x| {
                    x.choice = Some(picks[(r % 3) as usize].into());
                    if r % 3 == 0 {
                        x.evidence = format!("Приказ № {} от 01.09.2025 «О ВСОКО»", r % 1000);
                    }
                    if r % 7 == 0 {
                        x.comment = "Требует доработки; см. протокол педсовета".into();
                    }
                });
            }
            a
        })
        .collect()
}
