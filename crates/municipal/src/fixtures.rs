// Included by `examples/make_fixtures.rs` and `tests/fixtures.rs` (not part of the library):
// the 25 school files of the municipality tests — 21 schools of three municipalities in every
// export profile (one in the long layout, one with a wrong ИНН check digit, so accepted with
// a warning), one school's second, newer assessment of the same year (a duplicate), and three
// broken files (cut in the middle of a quoted cell, an answer edited after export, UTF-16).
// Deterministic: the same bytes every time.

use exchange::{export, ExportMeta, Layout, Profile};
use model::{Assessment, Template};

pub const SCHOOLS: usize = 21;

const MUNICIPALITIES: [&str; 3] = [
    "Городской округ «Энск»",
    "Северный муниципальный район",
    "Южный муниципальный район",
];

/// A ten-digit ИНН of a legal entity with its check digit (or a wrong one).
fn inn(k: usize, right: bool) -> String {
    let body = format!("027401{:03}", 100 + k);
    let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = sum % 11 % 10;
    let check = if right { check } else { (check + 1) % 10 };
    format!("{body}{check}")
}

fn school_name(k: usize) -> String {
    match k {
        5 => "МАОУ \"Лицей\"; корпус 2".to_owned(),
        8 => "=Гимназия+1".to_owned(),
        _ => format!("МБОУ «СОШ № {}»", k + 1),
    }
}

/// School `k`'s assessment: answers drawn from a fixed generator, stronger or weaker by
/// school; every fourth school has one direction answered «нет» throughout.
fn assessment(template: &Template, k: usize, copy: usize) -> Assessment {
    let mut a = Assessment::new(
        format!("10000000-0000-4000-8000-{:012}", k + 100 * copy),
        template,
        "2026-10-01T08:00:00.000Z".into(),
    );
    a.updated_at = format!("2026-{}-{:02}T09:00:00.000Z", 10 + copy, 1 + k % 28);
    let m = MUNICIPALITIES[k % 3];
    for (field, value) in [
        ("municipality", m.to_owned()),
        ("school_name", school_name(k)),
        ("fis_oko_login", format!("sch{:08}", 2_010_000 + k)),
        ("inn", inn(k, k != 7)),
        ("filled_by", format!("Завуч школы {}", k + 1)),
        ("position", "заместитель директора".to_owned()),
        ("academic_year", "2025/2026".to_owned()),
    ] {
        a.respondent.insert(field.into(), value);
    }
    // Strength from 15 % to 95 % of «да»; the copy is stronger.
    let strength = 15 + (k * 37) % 81 + 20 * copy;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ ((k as u64 + 1) * 7919) ^ ((copy as u64) << 40);
    let weak_section = (k % 4 == 1).then_some(k % template.sections.len());
    for (s, section) in template.sections.iter().enumerate() {
        for item in &section.items {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let roll = (state % 100) as usize;
            let pick = if weak_section == Some(s) || roll >= strength.min(100) + 10 {
                "no"
            } else if roll < strength {
                "yes"
            } else {
                "partly"
            };
            a.update_answer(&item.id, |x| x.choice = Some(pick.into()));
        }
    }
    a
}

fn bytes(template: &Template, a: &Assessment, layout: Layout, profile: Profile) -> Vec<u8> {
    let meta = ExportMeta {
        exported_at: "2026-11-01T12:00:00.000Z".into(),
        app_version: "0.1.0".into(),
    };
    export(template, std::slice::from_ref(a), layout, profile, &meta)
        .unwrap_or_else(|e| panic!("fixture export: {e}"))
}

/// Every file: (name, bytes).
pub fn files(template: &Template) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for k in 0..SCHOOLS {
        let profile = [Profile::ExcelRu, Profile::ExcelCp1251, Profile::Rfc4180][k % 3];
        let layout = if k == 10 { Layout::Long } else { Layout::Wide };
        let a = assessment(template, k, 0);
        out.push((
            format!("school-{:02}.csv", k + 1),
            bytes(template, &a, layout, profile),
        ));
    }
    // School 4 sent a second, newer self-assessment of the same year.
    let again = assessment(template, 3, 1);
    out.push((
        "school-04-resent.csv".into(),
        bytes(template, &again, Layout::Wide, Profile::ExcelRu),
    ));
    // Broken files, of schools that are in no good file.
    let cut = bytes(
        template,
        &assessment(template, 30, 0),
        Layout::Wide,
        Profile::ExcelRu,
    );
    let mut at = cut.len() * 9 / 10;
    while cut[at - 1] != b'"' || cut[at - 2] != b';' {
        at += 1;
    }
    out.push(("bad-truncated.csv".into(), cut[..at].to_vec()));
    let text = String::from_utf8(bytes(
        template,
        &assessment(template, 31, 0),
        Layout::Wide,
        Profile::ExcelRu,
    ))
    .unwrap_or_default();
    let (head, body) = text.split_at(text.find("\r\n").unwrap_or(0));
    out.push((
        "bad-tampered.csv".into(),
        format!("{head}{}", body.replacen(";\"нет\";", ";\"да\";", 1)).into_bytes(),
    ));
    let utf8 = bytes(
        template,
        &assessment(template, 32, 0),
        Layout::Wide,
        Profile::Rfc4180,
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in String::from_utf8_lossy(&utf8).encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    out.push(("bad-utf16.csv".into(), utf16));
    out
}

/// A backup file (`docs/backup-format.md`) holding two more schools, as a school without a
/// CSV export might send its whole device: `backup-two-schools.json`, beside the folder.
pub fn backup(template: &Template, template_text: &str) -> String {
    exchange::Backup {
        created_at: "2026-11-02T12:00:00.000Z".into(),
        app_version: "0.1.0".into(),
        assessments: vec![assessment(template, 40, 0), assessment(template, 41, 0)],
        templates: vec![(template.hash.clone(), template_text.to_owned())],
        settings: Default::default(),
        refused: Vec::new(),
    }
    .to_json()
}

/// A ШНОР self-diagnosis of school `k`, every visible item answered by its kind, priorities
/// 2 and 8 with one programme row each (a dated and a «постоянно» deadline).
fn shnor_assessment(template: &Template, k: usize) -> Assessment {
    use model::{ColumnKind, ItemKind};
    let mut a = Assessment::new(
        format!("20000000-0000-4000-8000-{k:012}"),
        template,
        "2026-10-01T08:00:00.000Z".into(),
    );
    a.updated_at = format!("2026-10-{:02}T09:00:00.000Z", 1 + k % 28);
    for (field, value) in [
        ("municipality", MUNICIPALITIES[k % 3].to_owned()),
        ("school_name", format!("МБОУ «ООШ № {}»", k + 1)),
        ("fis_oko_login", format!("sch{:08}", 2_010_000 + k)),
        ("inn", inn(k, true)),
        ("filled_by", format!("Директор школы {}", k + 1)),
        ("position", "директор".to_owned()),
        ("academic_year", "2025/2026".to_owned()),
    ] {
        a.respondent.insert(field.into(), value);
    }
    for (i, item) in template.items().enumerate() {
        let pick = |n: usize| (k + i) % n.max(1);
        a.update_answer(&item.id, |x| match item.kind {
            ItemKind::Choice | ItemKind::YesNo | ItemKind::Likert => {
                x.choice = item
                    .choices
                    .get(pick(item.choices.len()))
                    .map(|c| c.value.clone());
            }
            ItemKind::Multi => {
                x.choices = if item.id == "priorities" {
                    vec!["2".into(), "8".into()]
                } else {
                    item.choices
                        .first()
                        .map(|c| vec![c.value.clone()])
                        .unwrap_or_default()
                };
            }
            ItemKind::Percentage => x.value = format!("{}", 10 + pick(80)),
            ItemKind::Number | ItemKind::Count => {
                let low = item.min.unwrap_or(0.0).max(0.0) as usize;
                x.value = (low + pick(5)).to_string();
            }
            ItemKind::Text | ItemKind::LongText => x.value = format!("Ответ школы {}", k + 1),
            ItemKind::Date => x.value = "2026-03-01".into(),
            ItemKind::Evidence => {
                x.doc.insert("name".into(), "Приказ".into());
            }
            ItemKind::Table if item.id == "programme_2" || item.id == "programme_8" => {
                for (n, deadline) in ["2026-05-31", model::PERMANENT].into_iter().enumerate() {
                    let mut row = model::VecMap::default();
                    for c in &item.columns {
                        let v = match c.kind {
                            ColumnKind::Deadline => deadline.to_owned(),
                            ColumnKind::Date => "2026-05-31".to_owned(),
                            ColumnKind::Number => "1".to_owned(),
                            ColumnKind::Choice => {
                                c.choices.first().map_or(String::new(), |o| o.value.clone())
                            }
                            _ => format!("{} {} (строка {})", c.id, item.id, n + 1),
                        };
                        row.insert(c.id.clone(), v);
                    }
                    x.rows.push(row);
                }
            }
            ItemKind::Table => {}
        });
    }
    a
}

/// ШНОР files of two schools (`tests/fixtures/shnor/`): one wide file with its tables file,
/// one wide RFC 4180 file.
pub fn shnor_files(template: &Template) -> Vec<(String, Vec<u8>)> {
    let first = shnor_assessment(template, 50);
    let second = shnor_assessment(template, 51);
    vec![
        (
            "shnor-51.csv".into(),
            bytes(template, &first, Layout::Wide, Profile::ExcelRu),
        ),
        (
            "shnor-51_tables.csv".into(),
            bytes(template, &first, Layout::Tables, Profile::ExcelRu),
        ),
        (
            "shnor-52.csv".into(),
            bytes(template, &second, Layout::Wide, Profile::Rfc4180),
        ),
    ]
}

/// A school's contribution to МСОКО (`msoko-school`), school `k`: answers by a fixed rule,
/// each «да» with its document; school 60 has no preschool groups (2.4 «не применимо»).
fn contribution(template: &Template, k: usize) -> Assessment {
    let mut a = Assessment::new(
        format!("30000000-0000-4000-8000-{k:012}"),
        template,
        "2026-11-10T08:00:00.000Z".into(),
    );
    a.updated_at = format!("2026-11-{:02}T09:00:00.000Z", 10 + k % 10);
    for (field, value) in [
        ("municipality", MUNICIPALITIES[0].to_owned()),
        ("school_name", format!("МБОУ «СОШ № {}»", k + 1)),
        ("fis_oko_login", format!("sch{:08}", 2_010_000 + k)),
        ("inn", inn(k, true)),
        (
            "filled_by",
            format!("Заместитель директора школы {}", k + 1),
        ),
        ("position", "заместитель директора по УВР".to_owned()),
        ("academic_year", "2025/2026".to_owned()),
    ] {
        a.respondent.insert(field.into(), value);
    }
    for (n, item) in template.items().enumerate() {
        let preschool = item.id.starts_with("2.4.");
        let pick = if preschool && k == 60 {
            "na"
        } else {
            ["yes", "partly", "no", "yes"][(n + k) % 4]
        };
        a.update_answer(&item.id, |x| {
            x.choice = Some(pick.into());
            if pick == "yes" {
                x.evidence = format!("Приказ № {} от 01.09.2025", n + 1);
            }
        });
    }
    a
}

/// Two schools' contributions to МСОКО (`tests/fixtures/msoko-school/`), for consolidating
/// them direction by direction beside the municipality's own self-assessment.
pub fn contribution_files(template: &Template) -> Vec<(String, Vec<u8>)> {
    vec![
        (
            "contribution-61.csv".into(),
            bytes(
                template,
                &contribution(template, 60),
                Layout::Wide,
                Profile::ExcelRu,
            ),
        ),
        (
            "contribution-62.csv".into(),
            bytes(
                template,
                &contribution(template, 61),
                Layout::Wide,
                Profile::ExcelCp1251,
            ),
        ),
    ]
}
