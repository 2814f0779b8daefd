//! The built-in templates as a school uses them: what they contain, how their answers score,
//! and which items their conditions show and hide.

use std::collections::HashSet;

use model::{
    check_item, evaluate, item_points, item_problems, Answer, Assessment, ColumnKind, ItemKind,
    ItemProblem, Template, VecMap, Visibility, PERMANENT,
};
use templates::{all, by_id, BUILT_IN};

fn built_in(id: &str) -> Template {
    by_id(id)
        .expect("the template is built in")
        .expect("the built-in template loads")
}

fn new_assessment(t: &Template) -> Assessment {
    Assessment::new("a".into(), t, "2026-11-22T08:00:00Z".into())
}

fn choose(a: &mut Assessment, item: &str, value: &str) {
    a.update_answer(item, |ans| ans.choice = Some(value.into()));
}

fn type_in(a: &mut Assessment, item: &str, value: &str) {
    a.update_answer(item, |ans| ans.value = value.into());
}

/// The kinds used, each once (`ItemKind` is not `Hash`).
fn distinct_kinds(kinds: impl Iterator<Item = ItemKind>) -> Vec<ItemKind> {
    let mut out = Vec::new();
    for kind in kinds {
        if !out.contains(&kind) {
            out.push(kind);
        }
    }
    out
}

/// A table row: column id → cell.
fn row(cells: &[(&str, &str)]) -> VecMap<String> {
    let mut row = VecMap::new();
    for (column, cell) in cells {
        row.insert((*column).to_owned(), (*cell).to_owned());
    }
    row
}

fn pick(a: &mut Assessment, item: &str, values: &[&str]) {
    a.update_answer(item, |ans| {
        ans.choices = values.iter().map(|v| (*v).to_owned()).collect();
    });
}

/// A factor section's (points, max, level) as the results page shows them.
fn factor(t: &Template, a: &Assessment, id: &str) -> (u32, u32, String) {
    let r = evaluate(t, a);
    let s = r
        .sections
        .iter()
        .find(|s| s.section.id == id)
        .expect("the section exists");
    (
        s.score.points,
        s.score.max,
        s.level.map(|l| l.label.ru.clone()).unwrap_or_default(),
    )
}

/// The risk-factor sections of ШНОР: those offered as priorities.
fn factor_ids(t: &Template) -> Vec<String> {
    t.item("priorities")
        .expect("ШНОР has a priorities item")
        .choices
        .iter()
        .map(|c| c.value.clone())
        .collect()
}

#[test]
fn every_built_in_parses_in_the_listed_order_with_english_titles() {
    let ids: Vec<&str> = BUILT_IN.iter().map(|b| b.id).collect();
    assert_eq!(ids, ["msoko", "shnor", "decisions", "workshop"]);
    let loaded = all().expect("every built-in loads");
    for t in &loaded {
        assert!(t.title.en.is_some(), "{}: English title", t.id);
        assert!(t.source.is_some(), "{}: says what it is based on", t.id);
        for s in &t.sections {
            assert!(s.title.en.is_some(), "{}: section {}", t.id, s.id);
            for i in &s.items {
                assert!(i.label.en.is_some(), "{}: item {}", t.id, i.id);
            }
        }
    }
}

#[test]
fn conditions_only_read_items_answered_before_them() {
    for t in all().expect("every built-in loads") {
        let mut seen: HashSet<&str> = HashSet::new();
        for s in &t.sections {
            for i in &s.items {
                if let Some(c) = &i.visible_if {
                    for r in c.expr.refs() {
                        assert!(seen.contains(r), "{}: {} reads {r}", t.id, i.id);
                        let read = t.item(r).expect("validated");
                        assert!(
                            read.kind.has_choices() || read.kind.is_numeric(),
                            "{}: {} reads {r}, which is not a choice or a number",
                            t.id,
                            i.id
                        );
                    }
                }
                seen.insert(&i.id);
            }
        }
    }
}

#[test]
fn shnor_is_a_local_self_diagnosis_with_levels_of_risk() {
    let t = built_in("shnor");
    assert_eq!(t.title.ru, "Самодиагностика рисков (ШНОР, проект «500+»)");
    let source = &t.source.as_ref().expect("source").ru;
    assert!(source.contains("НЕ официальный рисковый профиль ФИОКО"));
    assert!(source.contains("локальный выбор"));
    assert!(source.contains("ОТСУТСТВИЕ риска"));
    let levels: Vec<(u32, &str)> = t
        .levels
        .iter()
        .map(|l| (l.min_tenths, l.label.ru.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            (700, "низкий риск"),
            (400, "средний риск"),
            (0, "высокий риск")
        ]
    );
    let fields: Vec<&str> = t.respondent.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        fields,
        [
            "school_name",
            "inn",
            "ogrn",
            "fis_oko_login",
            "municipality",
            "academic_year",
            "filled_by",
            "position"
        ]
    );
}

#[test]
fn shnor_has_ten_or_more_factors_of_mixed_scored_indicators() {
    let t = built_in("shnor");
    let factors = factor_ids(&t);
    assert!(factors.len() >= 10, "{} factors", factors.len());
    let priorities = t.item("priorities").expect("priorities");
    assert_eq!(priorities.kind, ItemKind::Multi);
    assert_eq!(priorities.max_choices, Some(3));
    assert!(priorities.required && !priorities.is_scored());
    for (n, id) in factors.iter().enumerate() {
        assert_eq!(id, &format!("r{}", n + 1));
        let section = &t.sections[n];
        assert_eq!(&section.id, id, "factor sections come first, in order");
        assert_eq!(section.title, priorities.choices[n].label);
        assert!(section.items.len() >= 3, "{id}: at least 3 indicators");
        let kinds = distinct_kinds(section.items.iter().map(|i| i.kind));
        assert!(kinds.len() >= 2, "{id}: indicators of different kinds");
        for item in &section.items {
            assert!(item.is_scored(), "{}: scored", item.id);
            assert!(item.recommendation.is_some(), "{}: recommendation", item.id);
        }
    }
    let names: Vec<&str> = t.sections[..factors.len()]
        .iter()
        .map(|s| s.title.ru.as_str())
        .collect();
    for confirmed in [
        "Низкий уровень оснащения школы",
        "Дефицит педагогических кадров",
        "Высокая доля обучающихся с рисками учебной неуспешности",
        "Риски низкой адаптивности учебного процесса",
    ] {
        assert!(names.contains(&confirmed), "{confirmed}");
    }
    let kinds = distinct_kinds(t.items().map(|i| i.kind));
    for kind in [
        ItemKind::YesNo,
        ItemKind::Percentage,
        ItemKind::Count,
        ItemKind::Number,
        ItemKind::Likert,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} is used");
    }
}

#[test]
fn vacancy_share_bands_follow_the_thresholds() {
    let t = built_in("shnor");
    let share = t.item("r2.2").expect("vacancy share");
    let points = |v: &str| {
        item_points(
            share,
            &Answer {
                value: v.into(),
                ..Answer::default()
            },
        )
    };
    assert_eq!(points("35"), Some((0, 2)));
    assert_eq!(points("20"), Some((0, 2)));
    assert_eq!(points("19,9"), Some((1, 2)));
    assert_eq!(points("10"), Some((1, 2)));
    assert_eq!(points("9.5"), Some((2, 2)));
    assert_eq!(points("0"), Some((2, 2)));
    assert_eq!(points("100"), Some((0, 2)));
}

#[test]
fn a_factor_goes_from_high_to_low_risk_as_answers_improve() {
    let t = built_in("shnor");
    let mut a = new_assessment(&t);
    // Nothing answered: the follow-ups are hidden, the rest count as 0.
    assert_eq!(factor(&t, &a, "r2"), (0, 8, "высокий риск".into()));
    // Vacancies, a large share, long-open posts, an ageing staff, an overloaded one.
    choose(&mut a, "r2.1", "yes");
    type_in(&mut a, "r2.2", "25");
    type_in(&mut a, "r2.3", "4");
    type_in(&mut a, "r2.4", "40");
    choose(&mut a, "r2.5", "1");
    assert_eq!(factor(&t, &a, "r2"), (0, 12, "высокий риск".into()));
    // Somewhat better: 5 of 12 is 41,7 %.
    type_in(&mut a, "r2.2", "15");
    type_in(&mut a, "r2.3", "2");
    type_in(&mut a, "r2.4", "20");
    choose(&mut a, "r2.5", "3");
    assert_eq!(factor(&t, &a, "r2"), (5, 12, "средний риск".into()));
    // No vacancies: the follow-ups are hidden and leave the maximum, whatever they hold.
    choose(&mut a, "r2.1", "no");
    type_in(&mut a, "r2.4", "10");
    choose(&mut a, "r2.5", "5");
    assert_eq!(factor(&t, &a, "r2"), (8, 8, "низкий риск".into()));
    let r = evaluate(&t, &a);
    assert!(r.deficits.iter().all(|d| d.section.id != "r2"));

    // A reversed questionnaire item: «шумно» fully agreed with is the worst answer.
    let mut b = new_assessment(&t);
    choose(&mut b, "r9.2", "no");
    type_in(&mut b, "r9.1", "10");
    choose(&mut b, "r9.3", "5");
    choose(&mut b, "r9.4", "5");
    assert_eq!(factor(&t, &b, "r9"), (0, 12, "высокий риск".into()));
    choose(&mut b, "r9.2", "yes");
    type_in(&mut b, "r9.1", "0");
    choose(&mut b, "r9.3", "1");
    choose(&mut b, "r9.4", "2");
    assert_eq!(factor(&t, &b, "r9"), (11, 12, "низкий риск".into()));
}

#[test]
fn a_programme_table_shows_only_for_a_chosen_risk_and_hidden_items_never_count() {
    let t = built_in("shnor");
    let factors = factor_ids(&t);
    let programmes = t
        .sections
        .iter()
        .find(|s| s.id == "programmes")
        .expect("programmes section");
    assert_eq!(programmes.title.ru, "Антирисковые программы");
    assert_eq!(programmes.items.len(), factors.len());
    for (item, risk) in programmes.items.iter().zip(&factors) {
        assert_eq!(item.id, format!("programme_{risk}"));
        assert_eq!(item.kind, ItemKind::Table);
        let columns: Vec<(&str, ColumnKind)> = item
            .columns
            .iter()
            .map(|c| (c.id.as_str(), c.kind))
            .collect();
        assert_eq!(
            columns,
            [
                ("goal", ColumnKind::LongText),
                ("tasks", ColumnKind::LongText),
                ("measure", ColumnKind::LongText),
                ("deadline", ColumnKind::Deadline),
                ("responsible", ColumnKind::Text),
                ("indicator", ColumnKind::Text)
            ]
        );
        assert_eq!(
            item.visible_if.as_ref().map(|c| c.source.as_str()),
            Some(format!("\"{risk}\" in [priorities]").as_str())
        );
    }

    let mut a = new_assessment(&t);
    // A row typed into a programme whose risk is not chosen.
    a.update_answer("programme_r1", |ans| {
        ans.rows = vec![row(&[("goal", "Цель")])];
    });
    let shown = |a: &Assessment| -> Vec<String> {
        let vis = Visibility::new(&t, a);
        programmes
            .items
            .iter()
            .filter(|i| vis.item(&i.id))
            .map(|i| i.id.clone())
            .collect()
    };
    assert!(shown(&a).is_empty());
    let programmes_score = |a: &Assessment| {
        evaluate(&t, a)
            .sections
            .iter()
            .find(|s| s.section.id == "programmes")
            .map(|s| (s.score.items, s.score.answered, s.score.max))
    };
    assert_eq!(programmes_score(&a), Some((0, 0, 0)));
    let problems = |a: &Assessment| -> Vec<(String, ItemProblem)> {
        item_problems(&t, a)
            .into_iter()
            .filter(|(i, _)| i.id.starts_with("programme_") || i.id == "priorities")
            .map(|(i, p)| (i.id.clone(), p))
            .collect()
    };
    assert_eq!(
        problems(&a),
        [("priorities".to_owned(), ItemProblem::Required)],
        "a hidden programme is neither required nor checked"
    );

    pick(&mut a, "priorities", &["r2", "r5"]);
    assert_eq!(shown(&a), ["programme_r2", "programme_r5"]);
    assert_eq!(programmes_score(&a), Some((2, 0, 0)));
    assert_eq!(
        problems(&a),
        [
            ("programme_r2".to_owned(), ItemProblem::Required),
            ("programme_r5".to_owned(), ItemProblem::Required)
        ]
    );
    a.update_answer("programme_r2", |ans| {
        ans.rows = vec![row(&[
            ("goal", "Закрыть вакансии учителей математики"),
            ("tasks", "Привлечь молодых специалистов"),
            ("measure", "Договор о целевом обучении"),
            ("deadline", PERMANENT),
            ("responsible", "Директор"),
            ("indicator", "Доля вакансий < 10 %"),
        ])];
    });
    assert_eq!(
        problems(&a),
        [("programme_r5".to_owned(), ItemProblem::Required)]
    );

    pick(&mut a, "priorities", &["r1", "r2", "r3", "r4"]);
    assert!(problems(&a).contains(&("priorities".to_owned(), ItemProblem::TooManyChoices(3))));

    // Scored follow-ups: a hidden answer changes neither points nor maximum.
    let mut b = new_assessment(&t);
    choose(&mut b, "r2.1", "no");
    let before = factor(&t, &b, "r2");
    type_in(&mut b, "r2.2", "50");
    type_in(&mut b, "r2.3", "9");
    assert_eq!(factor(&t, &b, "r2"), before);
    assert!(!Visibility::new(&t, &b).item("r2.2"));
    // Follow-ups on a share: shown once the share is above zero.
    let vis = Visibility::new(&t, &b);
    assert!(!vis.item("r7.2") && !vis.item("r7.3"));
    type_in(&mut b, "r7.1", "0");
    assert!(!Visibility::new(&t, &b).item("r7.2"));
    type_in(&mut b, "r7.1", "12");
    assert!(Visibility::new(&t, &b).item("r7.3"));
}

#[test]
fn the_decisions_register_has_a_row_per_decision_with_deadline_and_status() {
    let t = built_in("decisions");
    assert_eq!(t.title.ru, "Контроль исполнения решений");
    assert!(!t.items().any(|i| i.is_scored()));
    let table = t.item("decisions").expect("decisions table");
    assert_eq!(table.kind, ItemKind::Table);
    let columns: Vec<(&str, &str, ColumnKind, bool)> = table
        .columns
        .iter()
        .map(|c| (c.id.as_str(), c.label.ru.as_str(), c.kind, c.required))
        .collect();
    assert_eq!(
        columns,
        [
            ("decision", "Решение", ColumnKind::LongText, true),
            (
                "responsible",
                "Ответственный (исполнитель)",
                ColumnKind::Text,
                true
            ),
            ("deadline", "Срок", ColumnKind::Deadline, true),
            ("execution", "Исполнение", ColumnKind::LongText, false),
            ("status", "Статус", ColumnKind::Choice, false)
        ]
    );
    let statuses: Vec<&str> = table.columns[4]
        .choices
        .iter()
        .map(|c| c.label.ru.as_str())
        .collect();
    assert_eq!(
        statuses,
        ["не начато", "в работе", "исполнено", "не исполнено"]
    );
    assert_eq!(
        t.item("meeting_date").map(|i| (i.kind, i.required)),
        Some((ItemKind::Date, true))
    );
    let fields: Vec<&str> = t.respondent.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(fields[..2], ["organisation", "body"]);

    let decision = |deadline: &str| Answer {
        rows: vec![row(&[
            ("decision", "Провести диагностику дефицитов"),
            ("responsible", "Зам. директора по УВР"),
            ("deadline", deadline),
            ("status", "in_progress"),
        ])],
        ..Answer::default()
    };
    assert_eq!(check_item(table, Some(&decision(PERMANENT))), None);
    assert_eq!(check_item(table, Some(&decision("2022-04-01"))), None);
    assert_eq!(
        check_item(table, Some(&decision("до 01.04.2022"))),
        Some(ItemProblem::EmptyCell {
            row: 1,
            column: "deadline".into()
        })
    );
}

#[test]
fn the_workshop_sheet_lists_items_under_shared_headings() {
    let t = built_in("workshop");
    assert_eq!(t.title.ru, "Работа в группах");
    assert!(!t.items().any(|i| i.is_scored()));
    let fields: Vec<&str> = t.respondent.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(fields[..2], ["group", "moderator"]);
    let tables: Vec<(&str, &str)> = t
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(move |i| (s, i)))
        .filter(|(_, i)| i.kind == ItemKind::Table)
        .map(|(s, i)| (s.title.ru.as_str(), i.id.as_str()))
        .collect();
    assert_eq!(
        tables,
        [
            ("Трудовые функции руководителя", "labour_functions"),
            ("Компетенции руководителя", "head_competences"),
            ("Эффективность руководителя", "head_effectiveness")
        ]
    );
    for (_, id) in tables {
        let item = t.item(id).expect("table");
        let columns: Vec<(&str, &str)> = item
            .columns
            .iter()
            .map(|c| (c.id.as_str(), c.label.ru.as_str()))
            .collect();
        assert_eq!(columns.first(), Some(&("formulation", "Формулировка")));
        assert_eq!(columns.last(), Some(&("comment", "Комментарий")));
        assert!(item.columns[0].required);
    }
}
