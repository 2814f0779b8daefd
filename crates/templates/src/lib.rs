//! The checklists that ship with Otsenka, as data files.
//!
//! The files under `data/` are the templates. Trunk copies them to `dist/templates/`; the app
//! reads only `data/index.json` (the cards) at first and fetches a template file when an
//! assessment is started on it. This crate lists the files for native code (tests, exchange)
//! and keeps them valid: its tests fail the build if a file stops loading, loses a criterion,
//! or the index no longer matches. Adding a built-in template is adding a file, a line to
//! [`BUILT_IN`], and `OTSENKA_BLESS=1 cargo test -p otsenka-templates --test index`.

use model::{Template, TemplateError};

/// A template file compiled into the app.
#[derive(Clone, Copy, Debug)]
pub struct BuiltIn {
    pub id: &'static str,
    pub json: &'static str,
}

/// Every built-in template, in the order the home page lists them.
pub const BUILT_IN: &[BuiltIn] = &[
    BuiltIn {
        id: "msoko",
        json: include_str!("../data/msoko.json"),
    },
    BuiltIn {
        id: "msoko-school",
        json: include_str!("../data/msoko-school.json"),
    },
    BuiltIn {
        id: "shnor",
        json: include_str!("../data/shnor.json"),
    },
    BuiltIn {
        id: "decisions",
        json: include_str!("../data/decisions.json"),
    },
    BuiltIn {
        id: "workshop",
        json: include_str!("../data/workshop.json"),
    },
];

/// An earlier version of a built-in template, kept so that files and backups made on it can
/// still be read (a school may send last year's file; a municipality consolidates versions
/// apart). Not offered for new assessments; `data/archive.json` lists them for the build.
#[derive(Clone, Copy, Debug)]
pub struct Archived {
    /// The file under `data/`, e.g. `archive/msoko-2025.2.json`.
    pub file: &'static str,
    pub json: &'static str,
}

/// Every earlier version kept, oldest first per template. The texts are byte for byte the
/// released files: their content hash is what the files made on them carry.
pub const ARCHIVED: &[Archived] = &[
    Archived {
        file: "archive/msoko-2025.1.json",
        json: include_str!("../data/archive/msoko-2025.1.json"),
    },
    Archived {
        file: "archive/msoko-2025.2.json",
        json: include_str!("../data/archive/msoko-2025.2.json"),
    },
    Archived {
        file: "archive/msoko-2025.3.json",
        json: include_str!("../data/archive/msoko-2025.3.json"),
    },
    Archived {
        file: "archive/shnor-2025.1.json",
        json: include_str!("../data/archive/shnor-2025.1.json"),
    },
    Archived {
        file: "archive/shnor-2025.2.json",
        json: include_str!("../data/archive/shnor-2025.2.json"),
    },
    Archived {
        file: "archive/msoko-2026.1.json",
        json: include_str!("../data/archive/msoko-2026.1.json"),
    },
    Archived {
        file: "archive/msoko-school-2026.1.json",
        json: include_str!("../data/archive/msoko-school-2026.1.json"),
    },
    Archived {
        file: "archive/shnor-2026.1.json",
        json: include_str!("../data/archive/shnor-2026.1.json"),
    },
    Archived {
        file: "archive/msoko-2026.2.json",
        json: include_str!("../data/archive/msoko-2026.2.json"),
    },
    Archived {
        file: "archive/decisions-2025.1.json",
        json: include_str!("../data/archive/decisions-2025.1.json"),
    },
    Archived {
        file: "archive/shnor-2026.2.json",
        json: include_str!("../data/archive/shnor-2026.2.json"),
    },
    Archived {
        file: "archive/workshop-2025.1.json",
        json: include_str!("../data/archive/workshop-2025.1.json"),
    },
    Archived {
        file: "archive/msoko-school-2026.2.json",
        json: include_str!("../data/archive/msoko-school-2026.2.json"),
    },
    Archived {
        file: "archive/decisions-2026.1.json",
        json: include_str!("../data/archive/decisions-2026.1.json"),
    },
];

/// Loads every earlier version kept.
pub fn archived() -> Result<Vec<Template>, TemplateError> {
    ARCHIVED
        .iter()
        .map(|a| Template::from_json(a.json))
        .collect()
}

/// Loads the kept earlier version `version` of template `id`, if there is one (e.g. the schools'
/// МСОКО `2025.3`, which test files and last year's files were made on).
pub fn archived_version(id: &str, version: &str) -> Option<Result<Template, TemplateError>> {
    let file = format!("archive/{id}-{version}.json");
    ARCHIVED
        .iter()
        .find(|a| a.file == file)
        .map(|a| Template::from_json(a.json))
}

/// Loads every built-in template.
pub fn all() -> Result<Vec<Template>, TemplateError> {
    BUILT_IN
        .iter()
        .map(|b| Template::from_json(b.json))
        .collect()
}

/// Loads the built-in template with this id, if there is one.
pub fn by_id(id: &str) -> Option<Result<Template, TemplateError>> {
    BUILT_IN
        .iter()
        .find(|b| b.id == id)
        .map(|b| Template::from_json(b.json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_loads_and_is_listed_under_its_own_id() -> Result<(), TemplateError> {
        for b in BUILT_IN {
            let t = Template::from_json(b.json)?;
            assert_eq!(t.id, b.id);
        }
        assert_eq!(all()?.len(), BUILT_IN.len());
        assert!(by_id("nope").is_none());
        Ok(())
    }

    #[test]
    fn msoko_is_eight_directions_by_the_nine_step_management_cycle() -> Result<(), TemplateError> {
        let t = by_id("msoko").expect("МСОКО is built in")?;
        let ids: Vec<&str> = t.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "roadmap"]
        );
        // 72 criteria and the road map's table.
        assert_eq!(t.item_count(), 73);
        let (plan, directions) = t.sections.split_last().expect("nine sections");
        let columns: Vec<(&str, model::ColumnKind)> = plan.items[0]
            .columns
            .iter()
            .map(|c| (c.id.as_str(), c.kind))
            .collect();
        assert_eq!(
            (plan.items.len(), plan.items[0].id.as_str(), columns),
            (
                1,
                "roadmap",
                vec![
                    ("criterion", model::ColumnKind::Text),
                    ("measure", model::ColumnKind::LongText),
                    ("responsible", model::ColumnKind::Text),
                    ("deadline", model::ColumnKind::Deadline),
                    ("indicator", model::ColumnKind::Text),
                    ("status", model::ColumnKind::Choice),
                ]
            )
        );
        assert_eq!(
            t.sections[0].title.ru,
            "Система оценки качества подготовки обучающихся"
        );
        for section in directions {
            assert_eq!(section.items.len(), 9, "section {}", section.id);
            for (n, item) in section.items.iter().enumerate() {
                assert_eq!(item.id, format!("{}.{:02}", section.id, n + 1));
                let scale: Vec<(&str, u32)> = item
                    .choices
                    .iter()
                    .map(|c| (c.label.ru.as_str(), c.points))
                    .collect();
                assert_eq!(scale, [("да", 2), ("частично", 1), ("нет", 0)]);
                assert!(item.evidence && item.comment);
                assert!(item.recommendation.is_some(), "item {}", item.id);
                // Its last sentence names the result a drafted plan row takes as its indicator.
                let names_result = item.recommendation.as_ref().is_some_and(|r| {
                    r.ru.contains(" Результат: ")
                        && r.en.as_deref().is_some_and(|e| e.contains(" Result: "))
                });
                assert!(names_result, "item {}", item.id);
            }
        }
        assert!(t.sections[0].items[0].label.ru.starts_with("Цели"));
        let levels: Vec<(u32, &str)> = t
            .levels
            .iter()
            .map(|l| (l.min_tenths, l.label.ru.as_str()))
            .collect();
        assert_eq!(
            levels,
            [
                (800, "высокий уровень"),
                (500, "средний уровень"),
                (0, "низкий уровень")
            ]
        );
        assert!(t.sections[7].items[8]
            .label
            .ru
            .starts_with("Анализ эффективности принятых мер"));
        let fields: Vec<&str> = t.respondent.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            fields,
            [
                "municipality",
                "body",
                "responsible",
                "responsible_position",
                "academic_year"
            ]
        );
        Ok(())
    }

    #[test]
    fn msoko_has_the_cycle_grid_in_both_languages_and_shnor_has_none() -> Result<(), TemplateError>
    {
        let t = by_id("msoko").expect("МСОКО is built in")?;
        let a = model::Assessment::new("a".into(), &t, "2026-01-01T00:00:00Z".into());
        for lang in model::Lang::ALL {
            let grid = model::cycle_grid(&t, &a, lang).expect("МСОКО's cycle grid");
            let sections: Vec<&str> = grid.rows.iter().map(|r| r.section.id.as_str()).collect();
            assert_eq!(
                sections,
                ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"]
            );
            assert_eq!(grid.components.len(), 9);
            assert!(grid
                .rows
                .iter()
                .all(|r| r.marks == [model::Mark::NoAnswer; 9]));
        }
        let ru = model::cycle_grid(&t, &a, model::Lang::Ru).expect("МСОКО's cycle grid");
        assert_eq!(ru.components[0], "Цели");
        assert!(ru.components[8].starts_with("Анализ эффективности принятых мер"));
        let shnor = by_id("shnor").expect("ШНОР is built in")?;
        let a = model::Assessment::new("a".into(), &shnor, "2026-01-01T00:00:00Z".into());
        assert_eq!(model::cycle_grid(&shnor, &a, model::Lang::Ru), None);
        Ok(())
    }
}
