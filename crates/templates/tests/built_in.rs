//! The built-in templates as a school uses them: what they contain, how their answers score,
//! and which items their conditions show and hide.

use std::collections::HashSet;

use model::{
    check_item, draft_rows, evaluate, item_points, item_problems, migrate, plan_tables, Answer,
    Assessment, Change, ColumnKind, ItemKind, ItemProblem, Lang, Section, Template, VecMap,
    Visibility, PERMANENT,
};
use templates::{all, archived, by_id, BUILT_IN};

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
    assert_eq!(
        ids,
        ["msoko", "msoko-school", "shnor", "decisions", "workshop"]
    );
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

/// The official list as DOMAIN.md records it: number, name. Schools cite risks by these numbers.
const OFFICIAL_FACTORS: [&str; 12] = [
    "Низкий уровень оснащения школы",
    "Дефицит педагогических кадров",
    "Недостаточная предметная и методическая компетентность педагогических работников",
    "Риски низкой адаптивности учебного процесса",
    "Несформированность внутришкольной системы повышения квалификации",
    "Высокая доля обучающихся с ОВЗ",
    "Низкое качество преодоления языковых и культурных барьеров",
    "Высокая доля обучающихся с рисками учебной неуспешности",
    "Низкий уровень дисциплины в классе",
    "Низкий уровень вовлеченности родителей",
    "Пониженный уровень качества школьной образовательной и воспитательной среды",
    "Низкая учебная мотивация обучающихся",
];

/// Items of a factor that are information only: they earn no points, so answering them
/// honestly cannot raise the risk.
const INFORMATION: [&str; 4] = ["r2.3", "r6.4", "r9.1", "r11.1"];

/// A factor's percentage in tenths, as the results page shows it.
fn tenths(t: &Template, a: &Assessment, id: &str) -> Option<u32> {
    evaluate(t, a)
        .sections
        .into_iter()
        .find(|s| s.section.id == id)
        .and_then(|s| s.score.percent())
        .map(|p| p.tenths())
}

#[test]
fn shnor_is_a_local_self_assessment_with_levels_of_risk_per_factor() {
    let t = built_in("shnor");
    assert_eq!(t.version, "2026.3");
    assert_eq!(t.title.ru, "Самооценка рисков (ШНОР, проект «500+»)");
    // The unofficial status is said beside the figures, not only in the source note.
    let notice = &t.notice.as_ref().expect("notice").ru;
    assert!(
        notice.contains("не официальный профиль рисков ФИОКО") && notice.contains("группа риска")
    );
    let source = &t.source.as_ref().expect("source").ru;
    for said in [
        "НЕ официальный рисковый профиль ФИОКО",
        "локальный выбор",
        "ОТСУТСТВИЕ риска",
        // The seeds' confirmation of names, credited.
        "Камышловского района",
        "«самооценке ШНОР»",
        // The total and the municipal risk group are the tool's own.
        "предложение «Оценки», а не часть методики проекта",
        "«группа риска»",
        "Участники",
        "Методы сбора информации",
    ] {
        assert!(source.contains(said), "source says {said}");
    }
    let description = &t.description.as_ref().expect("description").ru;
    assert!(description.contains("Общий процент по всем факторам — расчёт «Оценки»"));
    // No level for the total: only each factor has one.
    assert!(t.levels.is_empty(), "the total gets no risk level");
    let r = evaluate(&t, &new_assessment(&t));
    assert_eq!(r.total_level, None);
    for section in &t.sections[..12] {
        let levels: Vec<(u32, &str)> = section
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
            ],
            "factor {}",
            section.id
        );
    }
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
fn shnor_factors_are_the_official_list_in_its_order_and_numbering() {
    let t = built_in("shnor");
    let priorities = t.item("priorities").expect("priorities");
    assert_eq!(priorities.kind, ItemKind::Multi);
    assert_eq!(priorities.max_choices, Some(3));
    assert!(priorities.required && !priorities.is_scored());
    assert_eq!(factor_ids(&t).len(), 12);
    for (n, name) in OFFICIAL_FACTORS.iter().enumerate() {
        let number = (n + 1).to_string();
        let section = &t.sections[n];
        assert_eq!(section.id, number, "factor sections come first, numbered");
        assert_eq!(section.title.ru, *name, "factor {number}");
        let choice = &priorities.choices[n];
        assert_eq!(choice.value, number);
        assert_eq!(choice.label.ru, format!("{number}. {name}"));
        assert!(section.items.len() >= 3, "{number}: at least 3 indicators");
        let kinds = distinct_kinds(section.items.iter().map(|i| i.kind));
        assert!(kinds.len() >= 2, "{number}: indicators of different kinds");
    }
    // The factors that moved keep their questions: adaptivity is 4, in-school professional
    // development 5, academic failure 8.
    let in_section = |item: &str| t.section_of(item).map(|s| s.id.as_str());
    assert_eq!(in_section("r8.1"), Some("4"));
    assert_eq!(in_section("r4.1"), Some("5"));
    assert_eq!(in_section("r5.1"), Some("8"));
    assert!(t
        .item("r8.1")
        .is_some_and(|i| i.label.ru.contains("результаты текущего оценивания")));
    let kinds = distinct_kinds(t.items().map(|i| i.kind));
    for kind in [
        ItemKind::YesNo,
        ItemKind::Percentage,
        ItemKind::Count,
        ItemKind::Number,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} is used");
    }
    assert!(
        !kinds.contains(&ItemKind::Likert),
        "averages keep their decimal"
    );
}

#[test]
fn every_shnor_indicator_weighs_the_same_questionnaires_as_much_as_facts() {
    let t = built_in("shnor");
    for section in &t.sections[..12] {
        for item in &section.items {
            if INFORMATION.contains(&item.id.as_str()) {
                assert!(!item.is_scored(), "{} is information", item.id);
                assert!(
                    item.recommendation.is_none(),
                    "{}: never a deficit",
                    item.id
                );
                assert!(
                    item.help.is_some(),
                    "{}: says why it earns nothing",
                    item.id
                );
                continue;
            }
            assert_eq!(item.max_points(), 2, "{}: 0–2 points", item.id);
        }
    }
    let points = |id: &str, v: &str| {
        let item = t.item(id).expect("item");
        item_points(
            item,
            &Answer {
                value: v.into(),
                ..Answer::default()
            },
        )
    };
    // A questionnaire average keeps its decimal and scores like a fact.
    let q = t.item("r1.5").expect("questionnaire");
    assert_eq!(
        (q.kind, q.min, q.max, q.integer),
        (ItemKind::Number, Some(1.0), Some(5.0), false)
    );
    let typed = Answer {
        value: "3,7".into(),
        ..Answer::default()
    };
    assert_eq!(check_item(q, Some(&typed)), None);
    assert_eq!(points("r1.5", "3,7"), Some((2, 2)));
    assert_eq!(points("r1.5", "3,4"), Some((1, 2)));
    assert_eq!(points("r1.5", "2,5"), Some((1, 2)));
    assert_eq!(points("r1.5", "2,4"), Some((0, 2)));
    assert_eq!(points("r1.5", "5"), Some((2, 2)));
    // A fact's best is the same 2 points as the best questionnaire answer.
    assert_eq!(t.item("r1.1").map(|i| i.max_points()), Some(2));
    // A reversed statement («шумно»): agreeing is the risk.
    assert_eq!(points("r9.3", "4,6"), Some((0, 2)));
    assert_eq!(points("r9.3", "1,8"), Some((2, 2)));
    assert_eq!(
        check_item(
            q,
            Some(&Answer {
                value: "5,5".into(),
                ..Answer::default()
            })
        ),
        Some(ItemProblem::AboveMax(5.0))
    );
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

/// A school whose every scored answer is at its best except what the test sets.
fn shnor_best(t: &Template) -> Assessment {
    let mut a = new_assessment(t);
    for item in t.sections[..12].iter().flat_map(|s| s.items.iter()) {
        if let Some(best) = item.choices.iter().max_by_key(|c| c.points) {
            choose(&mut a, &item.id, &best.value);
        } else if let Some(band) = item.bands.iter().max_by_key(|b| b.points) {
            let v = band.min.or(band.max.map(|m| m - 0.5)).unwrap_or(0.0);
            type_in(&mut a, &item.id, &v.to_string());
        }
    }
    a
}

#[test]
fn recording_bullying_or_a_pmpk_shortfall_does_not_raise_the_risk() {
    let t = built_in("shnor");
    // Bullying: none recorded, against cases recorded and each dealt with.
    let mut none = shnor_best(&t);
    choose(&mut none, "r11.1", "no");
    let mut recorded = shnor_best(&t);
    choose(&mut recorded, "r11.1", "yes");
    choose(&mut recorded, "r11.2", "yes");
    assert!(Visibility::new(&t, &recorded).item("r11.2"));
    assert!(!Visibility::new(&t, &none).item("r11.2"));
    assert_eq!(tenths(&t, &recorded, "11"), tenths(&t, &none, "11"));
    assert_eq!(tenths(&t, &recorded, "11"), Some(1000));
    let total = |a: &Assessment| evaluate(&t, a).total.percent();
    assert_eq!(total(&recorded), total(&none));
    // What is scored is the response: cases left without measures do count.
    choose(&mut recorded, "r11.2", "no");
    assert!(tenths(&t, &recorded, "11") < tenths(&t, &none, "11"));
    // And the procedure is scored for every school, with cases or without.
    choose(&mut none, "r11.5", "no");
    assert!(tenths(&t, &none, "11") < Some(1000));

    // ПМПК: no shortfall, against a shortfall admitted with a plan for each student.
    let mut met = shnor_best(&t);
    type_in(&mut met, "r6.1", "4");
    choose(&mut met, "r6.4", "no");
    let mut admitted = shnor_best(&t);
    type_in(&mut admitted, "r6.1", "4");
    choose(&mut admitted, "r6.4", "yes");
    choose(&mut admitted, "r6.5", "yes");
    assert_eq!(tenths(&t, &admitted, "6"), tenths(&t, &met, "6"));
    assert_eq!(total(&admitted), total(&met));
    choose(&mut admitted, "r6.5", "no");
    assert!(tenths(&t, &admitted, "6") < tenths(&t, &met, "6"));
    // Neither fact is ever listed as a deficit.
    for a in [&none, &recorded, &met, &admitted] {
        let r = evaluate(&t, a);
        assert!(r
            .deficits
            .iter()
            .all(|d| !INFORMATION.contains(&d.item.id.as_str())));
    }
}

#[test]
fn counts_that_grow_with_the_school_are_scored_as_shares() {
    let t = built_in("shnor");
    for (count, share) in [("r9.1", "r9.5"), ("r2.3", "r2.6")] {
        let c = t.item(count).expect("count");
        assert_eq!(c.kind, ItemKind::Count);
        assert!(!c.is_scored(), "{count}: the number itself earns nothing");
        let s = t.item(share).expect("share");
        assert_eq!(s.kind, ItemKind::Percentage);
        assert_eq!(
            s.visible_if.as_ref().map(|c| c.source.clone()),
            Some(format!("[{count}] > 0"))
        );
    }
    // A small and a large school with the same share of students on the register score the
    // same, whatever the raw numbers.
    let mut small = shnor_best(&t);
    type_in(&mut small, "r9.1", "3");
    type_in(&mut small, "r9.5", "1,5");
    let mut large = shnor_best(&t);
    type_in(&mut large, "r9.1", "18");
    type_in(&mut large, "r9.5", "1,5");
    assert_eq!(tenths(&t, &small, "9"), tenths(&t, &large, "9"));
    assert!(tenths(&t, &small, "9") < Some(1000));
    // Under 1 % is the best band; nobody on the register leaves the share out.
    type_in(&mut large, "r9.5", "0,8");
    assert_eq!(tenths(&t, &large, "9"), Some(1000));
    type_in(&mut small, "r9.1", "0");
    assert!(!Visibility::new(&t, &small).item("r9.5"));
    assert_eq!(tenths(&t, &small, "9"), Some(1000));
    // Long-open vacancies: 1 post of 40 (2,5 %) is fine, 5 of 40 (12,5 %) is not.
    let mut a = shnor_best(&t);
    choose(&mut a, "r2.1", "yes");
    type_in(&mut a, "r2.2", "5");
    type_in(&mut a, "r2.3", "1");
    type_in(&mut a, "r2.6", "2,5");
    let one = tenths(&t, &a, "2");
    type_in(&mut a, "r2.3", "5");
    type_in(&mut a, "r2.6", "12,5");
    assert!(tenths(&t, &a, "2") < one);
}

#[test]
fn a_factor_goes_from_high_to_low_risk_as_answers_improve() {
    let t = built_in("shnor");
    let mut a = new_assessment(&t);
    // Nothing answered: no level at all («нет ответов», not «высокий риск»).
    assert_eq!(factor(&t, &a, "2"), (0, 6, String::new()));
    // One answer given, the rest unanswered: they count as 0, so the risk is high.
    choose(&mut a, "r2.1", "yes");
    assert_eq!(factor(&t, &a, "2").2, "высокий риск");
    // Vacancies, a large share, long-open posts, an ageing staff, an overloaded one.
    choose(&mut a, "r2.1", "yes");
    type_in(&mut a, "r2.2", "25");
    type_in(&mut a, "r2.3", "4");
    type_in(&mut a, "r2.6", "12");
    type_in(&mut a, "r2.4", "40");
    type_in(&mut a, "r2.5", "1,6");
    assert_eq!(factor(&t, &a, "2"), (0, 10, "высокий риск".into()));
    // Somewhat better: 5 of 10 is 50 %.
    type_in(&mut a, "r2.2", "15");
    type_in(&mut a, "r2.6", "5");
    type_in(&mut a, "r2.4", "20");
    type_in(&mut a, "r2.5", "3,6");
    assert_eq!(factor(&t, &a, "2"), (5, 10, "средний риск".into()));
    // No vacancies: the follow-ups are hidden and leave the maximum, whatever they hold.
    choose(&mut a, "r2.1", "no");
    type_in(&mut a, "r2.4", "10");
    type_in(&mut a, "r2.5", "4,2");
    assert_eq!(factor(&t, &a, "2"), (6, 6, "низкий риск".into()));
    let r = evaluate(&t, &a);
    assert!(r.deficits.iter().all(|d| d.section.id != "2"));

    // Reversed questionnaire items: «шумно» fully agreed with is the worst answer.
    let mut b = new_assessment(&t);
    choose(&mut b, "r9.2", "no");
    type_in(&mut b, "r9.1", "10");
    type_in(&mut b, "r9.5", "4");
    type_in(&mut b, "r9.3", "4,8");
    type_in(&mut b, "r9.4", "5");
    assert_eq!(factor(&t, &b, "9"), (0, 8, "высокий риск".into()));
    choose(&mut b, "r9.2", "yes");
    type_in(&mut b, "r9.5", "0,5");
    type_in(&mut b, "r9.3", "1,4");
    type_in(&mut b, "r9.4", "2,6");
    assert_eq!(factor(&t, &b, "9"), (7, 8, "низкий риск".into()));
}

#[test]
fn every_shnor_recommendation_fits_the_answer_it_is_shown_for() {
    let t = built_in("shnor");
    // A recommendation is shown for a deficit: the worst answer of each scored item.
    let mut worst = new_assessment(&t);
    for item in t.sections[..12].iter().flat_map(|s| s.items.iter()) {
        if let Some(c) = item.choices.iter().min_by_key(|c| c.points) {
            choose(&mut worst, &item.id, &c.value);
        } else if let Some(band) = item.bands.iter().min_by_key(|b| b.points) {
            let v = band.min.or(band.max.map(|m| m - 0.5)).unwrap_or(0.0);
            type_in(&mut worst, &item.id, &v.to_string());
        } else {
            type_in(&mut worst, &item.id, "5");
        }
    }
    // The information items: cases recorded, a shortfall admitted, and then not handled.
    choose(&mut worst, "r11.1", "yes");
    choose(&mut worst, "r6.4", "yes");
    type_in(&mut worst, "r6.1", "20");
    let r = evaluate(&t, &worst);
    let vis = Visibility::new(&t, &worst);
    let scored: Vec<&str> = t.sections[..12]
        .iter()
        .flat_map(|s| s.items.iter())
        .filter(|i| i.is_scored() && vis.item(&i.id))
        .map(|i| i.id.as_str())
        .collect();
    let listed: Vec<&str> = r.deficits.iter().map(|d| d.item.id.as_str()).collect();
    assert_eq!(
        listed, scored,
        "every scored item's worst answer is a deficit"
    );
    let mut seen = HashSet::new();
    for d in &r.deficits {
        let text = &d.item.recommendation.as_ref().expect("a recommendation").ru;
        assert!(
            seen.insert(text.clone()),
            "{}: its own recommendation",
            d.item.id
        );
        // A deficit is never told to keep things as they are.
        for word in ["Сохраняйте", "Продолжайте", "Поддерживайте"]
        {
            assert!(!text.contains(word), "{}: {text}", d.item.id);
        }
    }
    // The one follow-up a worst answer hides: subject gaps, asked once a diagnosis was made.
    choose(&mut worst, "r3.2", "yes");
    type_in(&mut worst, "r3.3", "40");
    let r = evaluate(&t, &worst);
    let gaps = r.deficits.iter().find(|d| d.item.id == "r3.3");
    assert!(gaps.is_some_and(|d| d.item.recommendation.is_some()));
    assert_eq!(
        r.deficits.len(),
        scored.len(),
        "every scored item is a deficit at its worst"
    );
    let say = |id: &str| {
        t.item(id)
            .and_then(|i| i.recommendation.as_ref())
            .map(|r| r.ru.clone())
            .unwrap_or_default()
    };
    // The vacancies answer «да» gets a plan to close them, not «keep the measures».
    assert!(say("r2.1").starts_with("По каждой вакансии"));
    assert!(say("r6.5").contains("по каждому заключению ПМПК"));
    assert!(say("r11.2").starts_with("Разберите каждый случай"));
}

#[test]
fn shnor_texts_read_as_a_person_writes_them() {
    let t = built_in("shnor");
    let mut texts: Vec<(String, String)> = vec![
        ("title".into(), t.title.ru.clone()),
        (
            "source".into(),
            t.source.as_ref().map(|s| s.ru.clone()).unwrap_or_default(),
        ),
        (
            "description".into(),
            t.description
                .as_ref()
                .map(|s| s.ru.clone())
                .unwrap_or_default(),
        ),
    ];
    for s in &t.sections {
        texts.push((s.id.clone(), s.title.ru.clone()));
        for i in &s.items {
            texts.push((i.id.clone(), i.label.ru.clone()));
            for extra in [&i.help, &i.recommendation].into_iter().flatten() {
                texts.push((i.id.clone(), extra.ru.clone()));
            }
            for c in &i.choices {
                texts.push((i.id.clone(), c.label.ru.clone()));
            }
            for c in &i.columns {
                texts.push((i.id.clone(), c.label.ru.clone()));
            }
        }
    }
    for (at, text) in &texts {
        // Quotes inside «…» are „…“: a « never opens inside another.
        let mut depth = 0i32;
        for ch in text.chars() {
            match ch {
                '«' => depth += 1,
                '»' => depth -= 1,
                _ => {}
            }
            assert!((0..=1).contains(&depth), "{at}: nested «» in {text}");
        }
        assert_eq!(depth, 0, "{at}: unbalanced «» in {text}");
        // No internal ids in what people read.
        for id in ["[r", "programme_", "priorities", "r1.", "r2.", "r9."] {
            assert!(!text.contains(id), "{at}: {id} in {text}");
        }
        assert!(
            !text.contains("самодиагност"),
            "{at}: «самооценка» in {text}"
        );
    }
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
    for ((item, risk), name) in programmes.items.iter().zip(&factors).zip(OFFICIAL_FACTORS) {
        assert_eq!(item.id, format!("programme_{risk}"));
        // The label goes inside «…» in lists, so it holds no quotes of its own.
        let first = name.chars().next().map_or(0, char::len_utf8);
        assert_eq!(
            item.label.ru,
            format!(
                "Антирисковая программа по риску {risk}: {}{}",
                name[..first].to_lowercase(),
                &name[first..]
            )
        );
        assert_eq!(item.kind, ItemKind::Table);
        let columns: Vec<(&str, &str, ColumnKind)> = item
            .columns
            .iter()
            .map(|c| (c.id.as_str(), c.label.ru.as_str(), c.kind))
            .collect();
        assert_eq!(
            columns,
            [
                ("goal", "Цель", ColumnKind::LongText),
                ("tasks", "Задачи", ColumnKind::LongText),
                ("measure", "Мера / мероприятие", ColumnKind::LongText),
                ("deadline", "Сроки", ColumnKind::Deadline),
                ("responsible", "Ответственные", ColumnKind::Text),
                ("participants", "Участники", ColumnKind::Text),
                (
                    "indicator",
                    "Показатель (целевое значение)",
                    ColumnKind::Text
                ),
                ("methods", "Методы сбора информации", ColumnKind::Text),
            ]
        );
        assert_eq!(
            item.visible_if.as_ref().map(|c| c.source.as_str()),
            Some(format!("\"{risk}\" in [priorities]").as_str())
        );
    }

    let mut a = new_assessment(&t);
    // A row typed into a programme whose risk is not chosen.
    a.update_answer("programme_1", |ans| {
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

    pick(&mut a, "priorities", &["2", "8"]);
    assert_eq!(shown(&a), ["programme_2", "programme_8"]);
    assert_eq!(programmes_score(&a), Some((2, 0, 0)));
    assert_eq!(
        problems(&a),
        [
            ("programme_2".to_owned(), ItemProblem::Required),
            ("programme_8".to_owned(), ItemProblem::Required)
        ]
    );
    a.update_answer("programme_2", |ans| {
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
        [("programme_8".to_owned(), ItemProblem::Required)]
    );

    pick(&mut a, "priorities", &["1", "2", "3", "4"]);
    assert!(problems(&a).contains(&("priorities".to_owned(), ItemProblem::TooManyChoices(3))));

    // Scored follow-ups: a hidden answer changes neither points nor maximum.
    let mut b = new_assessment(&t);
    choose(&mut b, "r2.1", "no");
    let before = factor(&t, &b, "2");
    type_in(&mut b, "r2.2", "50");
    type_in(&mut b, "r2.3", "9");
    type_in(&mut b, "r2.6", "30");
    assert_eq!(factor(&t, &b, "2"), before);
    assert!(!Visibility::new(&t, &b).item("r2.2"));
    // Follow-ups on a share: shown once the share is above zero.
    let vis = Visibility::new(&t, &b);
    assert!(!vis.item("r7.2") && !vis.item("r7.3"));
    type_in(&mut b, "r7.1", "0");
    assert!(!Visibility::new(&t, &b).item("r7.2"));
    type_in(&mut b, "r7.1", "12");
    assert!(Visibility::new(&t, &b).item("r7.3"));
}

/// Every item of `t` answered: a choice's first option, a number, a row per table.
fn answer_everything(t: &Template) -> Assessment {
    let mut a = new_assessment(t);
    a.respondent
        .insert("school_name".into(), "МКОУ Скатинская СОШ".into());
    for item in t.items() {
        match item.kind {
            ItemKind::Multi => pick(&mut a, &item.id, &[&item.choices[1].value]),
            k if k.has_choices() => {
                let value = item
                    .choices
                    .last()
                    .map_or("", |c| c.value.as_str())
                    .to_owned();
                choose(&mut a, &item.id, &value);
                a.update_answer(&item.id, |x| x.evidence = format!("Приказ к {}", item.id));
            }
            k if k.is_numeric() => type_in(&mut a, &item.id, "3"),
            ItemKind::Table => a.update_answer(&item.id, |x| {
                x.rows = vec![row(&[("goal", "Цель"), ("tasks", "Задачи")])];
            }),
            _ => type_in(&mut a, &item.id, "текст"),
        }
    }
    a
}

#[test]
fn a_2025_2_assessment_moved_to_2026_1_keeps_each_answer_on_its_question() {
    let old = templates::archived()
        .expect("the archive loads")
        .into_iter()
        .find(|t| t.id == "shnor" && t.version == "2025.2")
        .expect("ШНОР 2025.2 is kept readable");
    let new = built_in("shnor");
    let before = answer_everything(&old);
    let (moved, changes) = model::migrate(
        &old,
        &new,
        &before,
        "moved".into(),
        "2026-12-02T10:00:00Z".into(),
    );
    assert_eq!(moved.template_version, "2026.3");
    assert_eq!(moved.respondent_value("school_name"), "МКОУ Скатинская СОШ");
    // Every answer carried sits on the same question: same wording in both versions.
    for (id, answer) in moved.answers.iter() {
        let (was, now) = (
            old.item(id).expect("old item"),
            new.item(id).expect("new item"),
        );
        assert_eq!(was.label, now.label, "{id} is the same question");
        assert_eq!(Some(answer), before.answer(id), "{id} carried as it was");
    }
    // The factors that changed number took their answers with them.
    for (id, section) in [
        ("r8.1", "4"),
        ("r4.1", "5"),
        ("r4.2", "5"),
        ("r5.1", "8"),
        ("r5.3", "8"),
    ] {
        assert!(moved.answer(id).is_some(), "{id} carried");
        assert_eq!(new.section_of(id).map(|s| s.id.as_str()), Some(section));
    }
    assert_eq!(
        moved.answer("r4.2").map(|a| a.value.as_str()),
        before.answer("r4.2").map(|a| a.value.as_str())
    );
    // The facts read differently now are still the same questions, kept.
    for id in INFORMATION {
        assert_eq!(moved.answer(id), before.answer(id), "{id}");
    }
    // What could not come across is listed, none of it silently: questionnaire answers were
    // whole numbers of another kind, priorities and programmes were numbered r1–r12.
    let mut carried = 0;
    for item in old.items() {
        let listed = changes.iter().any(|c| c.id() == item.id);
        let kept = moved.answer(&item.id).is_some();
        assert!(listed || kept, "{}: kept or listed", item.id);
        carried += usize::from(kept);
        match item.kind {
            ItemKind::Likert => assert!(
                changes.contains(&model::Change::KindChanged {
                    id: item.id.clone()
                }),
                "{}",
                item.id
            ),
            ItemKind::Table => assert!(
                changes.contains(&model::Change::ItemGone {
                    id: item.id.clone()
                }),
                "{}",
                item.id
            ),
            _ => {}
        }
    }
    // All 39 facts, shares and counts of 2025.2 came across (64 items less 12 questionnaires,
    // 12 programmes and the priorities).
    assert_eq!(carried, 39);
    assert!(moved.answer("priorities").is_none());
}

#[test]
fn the_decisions_register_has_the_columns_of_a_protocols_decisions() {
    let t = built_in("decisions");
    assert_eq!(t.title.ru, "Контроль исполнения решений");
    assert_eq!(t.version, "2026.2");
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
            ("number", "№ решения", ColumnKind::Text, true),
            ("agenda_item", "Вопрос повестки", ColumnKind::Text, false),
            ("addressee", "Кому адресовано", ColumnKind::Text, false),
            ("decision", "Решение", ColumnKind::LongText, true),
            ("responsible", "Исполнитель", ColumnKind::Text, true),
            ("controller", "Контроль", ColumnKind::Text, false),
            // Kept as written, read by `model::deadline::read`.
            ("deadline", "Срок", ColumnKind::Text, true),
            ("status", "Статус", ColumnKind::Choice, false),
            (
                "execution",
                "Отметка об исполнении",
                ColumnKind::LongText,
                false
            ),
            (
                "evidence",
                "Подтверждающий документ",
                ColumnKind::Text,
                false
            ),
            ("executed_on", "Дата исполнения", ColumnKind::Date, false),
        ]
    );
    assert_eq!(
        t.item("meeting_date").map(|i| (i.kind, i.required)),
        Some((ItemKind::Date, true))
    );
    let fields: Vec<&str> = t.respondent.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        fields,
        [
            "organisation",
            "inn",
            "body",
            "protocol_number",
            "academic_year",
            "controller",
            "received_from",
            "received_at"
        ]
    );
    assert_eq!(
        t.respondent.iter().find(|f| f.id == "inn").map(|f| f.kind),
        Some(model::FieldKind::Inn)
    );
    // The source note says which seed gave what and what is the tool's proposal.
    let source = &t.source.as_ref().expect("a source note").ru;
    for part in [
        "07.07.2021",
        "16.12.2021",
        "11.12.2020",
        "предложение «Оценки»",
    ] {
        assert!(source.contains(part), "the source note names {part}");
    }

    let decision = |deadline: &str| Answer {
        rows: vec![row(&[
            ("number", "1.1"),
            ("decision", "Провести диагностику дефицитов"),
            ("responsible", "Зам. директора по УВР"),
            ("deadline", deadline),
            ("status", "in_progress"),
        ])],
        ..Answer::default()
    };
    // Any deadline as written is a filled cell; an empty one is not.
    for written in [
        "до 01.04.2022",
        "май 2022 г.",
        "постоянно",
        "ежегодно до 31 мая",
    ] {
        assert_eq!(
            check_item(table, Some(&decision(written))),
            None,
            "{written}"
        );
    }
    assert_eq!(
        check_item(table, Some(&decision(" "))),
        Some(ItemProblem::EmptyCell {
            row: 1,
            column: "deadline".into()
        })
    );
    // Overdue on the deadline as written, until the decision is done or withdrawn.
    let overdue = |deadline: &str, status: &str| {
        let mut r = decision(deadline).rows.remove(0);
        r.insert("status".into(), status.into());
        model::overdue(table, &r, "2022-06-01")
    };
    assert!(overdue("до 01.03.2022", "in_progress"));
    assert!(overdue("январь–февраль 2022", "postponed"));
    assert!(!overdue("январь–февраль 2022", "done"));
    assert!(!overdue("январь–февраль 2022", "withdrawn"));
    assert!(!overdue("постоянно", "in_progress"));
    assert!(!overdue("2021-2022 уч.г.", "not_started"));
}

#[test]
fn every_status_column_speaks_the_one_word_set_of_document_control() {
    let expected: Vec<(&str, &str, &str)> = model::STATUSES
        .iter()
        .map(|s| (s.value, s.ru, s.en))
        .collect();
    let mut seen = 0;
    for t in all().expect("the built-ins load") {
        for item in t.items().filter(|i| i.kind == ItemKind::Table) {
            for c in item.columns.iter().filter(|c| c.id == model::STATUS_COLUMN) {
                assert_eq!(c.kind, ColumnKind::Choice, "{} {}", t.id, item.id);
                let got: Vec<(&str, &str, &str)> = c
                    .choices
                    .iter()
                    .map(|x| {
                        (
                            x.value.as_str(),
                            x.label.ru.as_str(),
                            x.label.en.as_deref().unwrap_or(""),
                        )
                    })
                    .collect();
                assert_eq!(got, expected, "{} {}", t.id, item.id);
                seen += 1;
            }
        }
    }
    assert!(seen >= 1, "some built-in has a status column");
}

#[test]
fn a_2025_1_register_moved_to_2026_1_keeps_every_decision() {
    let old = archived()
        .expect("the archive loads")
        .into_iter()
        .find(|t| t.id == "decisions" && t.version == "2025.1")
        .expect("the register 2025.1 is kept readable");
    let new = built_in("decisions");
    let mut before = new_assessment(&old);
    before
        .respondent
        .insert("body".into(), "Педагогический совет".into());
    before
        .respondent
        .insert("controller".into(), "Директор".into());
    before.update_answer("decisions", |a| {
        a.rows = vec![
            row(&[
                ("decision", "Утвердить план ВСОКО"),
                ("responsible", "Иванова А. А."),
                ("deadline", "2026-12-01"),
                ("status", "not_started"),
            ]),
            row(&[
                ("decision", "Контролировать посещаемость"),
                ("responsible", "Петров П. П."),
                ("deadline", PERMANENT),
                ("execution", "Еженедельный отчёт"),
                ("status", "done"),
            ]),
        ];
    });
    let (moved, changes) = migrate(
        &old,
        &new,
        &before,
        "moved".into(),
        "2026-12-03T08:00:00Z".into(),
    );
    assert_eq!(changes, []);
    assert_eq!(moved.template_version, "2026.2");
    assert_eq!(moved.respondent_value("controller"), "Директор");
    let rows = &moved.answer("decisions").expect("the decisions").rows;
    let old_rows = &before.answer("decisions").expect("the decisions").rows;
    // Every cell comes across; the deadline, now text kept as written, reads as a person
    // would have typed it.
    let deadlines: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get("deadline"))
        .map(String::as_str)
        .collect();
    assert_eq!(deadlines, ["01.12.2026", "постоянно"]);
    for (new_row, old_row) in rows.iter().zip(old_rows) {
        for (column, value) in old_row.iter().filter(|(c, _)| *c != "deadline") {
            assert_eq!(new_row.get(column), Some(value), "{column}");
        }
    }
    // «не начато» is now read «на контроле»; the written deadlines are read for overdue.
    let table = new.item("decisions").expect("the table");
    let status = &table.columns[7];
    assert_eq!(
        status.shown("not_started", Lang::Ru, "постоянно"),
        "на контроле"
    );
    assert!(model::overdue(table, &rows[0], "2027-01-15"));
    assert!(!model::overdue(table, &rows[0], "2026-12-01"));
    assert!(!model::overdue(table, &rows[1], "2027-01-15"));
    assert_eq!(
        table.columns[6].shown("01.12.2026", Lang::Ru, "permanent"),
        "01.12.2026"
    );
}

#[test]
fn the_decisions_template_records_a_protocol_in_the_seeds_order() {
    let t = built_in("decisions");
    let meeting: Vec<(&str, ItemKind)> = t.sections[0]
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.kind))
        .collect();
    assert_eq!(
        meeting,
        [
            ("meeting_date", ItemKind::Date),
            ("place", ItemKind::Text),
            ("chair", ItemKind::Text),
            ("secretary", ItemKind::Text),
            ("present", ItemKind::Text),
            ("present_breakdown", ItemKind::LongText),
            ("absent", ItemKind::Text),
            ("agenda_items", ItemKind::Table),
            ("agenda", ItemKind::LongText),
        ]
    );
    let agenda = t.item("agenda_items").expect("the agenda table");
    let columns: Vec<(&str, &str, ColumnKind, bool)> = agenda
        .columns
        .iter()
        .map(|c| (c.id.as_str(), c.label.ru.as_str(), c.kind, c.required))
        .collect();
    assert_eq!(
        columns,
        [
            ("number", "№", ColumnKind::Text, true),
            ("title", "Вопрос", ColumnKind::LongText, true),
            (
                "speaker",
                "Докладчик (ФИО, должность)",
                ColumnKind::Text,
                false
            ),
            (
                "co_speaker",
                "Содокладчик (ФИО, должность)",
                ColumnKind::Text,
                false
            ),
            (
                "heard",
                "Слушали: о чём доклад",
                ColumnKind::LongText,
                false
            ),
            (
                "spoke",
                "Выступили (ФИО, о чём)",
                ColumnKind::LongText,
                false
            ),
        ]
    );
    // The agenda as one text is the 2026.1 question, kept for the answers made on it.
    assert!(t
        .item("agenda")
        .is_some_and(|i| i.label.ru.starts_with("Повестка одним текстом")));
    // Every text a person reads is in both languages.
    for item in t.items() {
        assert!(item.label.en.is_some(), "{}", item.id);
        for c in &item.columns {
            assert!(c.label.en.is_some(), "{} {}", item.id, c.id);
        }
    }
    for f in &t.respondent {
        assert!(f.label.en.is_some(), "{}", f.id);
    }
    let source = &t.source.as_ref().expect("a source note").ru;
    assert!(source.contains("16.12.2019") && source.contains("видеоконференцсвязи"));
}

#[test]
fn a_2026_1_meeting_moved_to_2026_2_keeps_every_answer() {
    let old = archived()
        .expect("the archive loads")
        .into_iter()
        .find(|t| t.id == "decisions" && t.version == "2026.1")
        .expect("the register 2026.1 is kept readable");
    let new = built_in("decisions");
    let mut before = new_assessment(&old);
    for (field, value) in [
        ("organisation", "МБОУ «СОШ № 5»"),
        ("body", "Педагогический совет"),
        ("protocol_number", "2"),
        ("academic_year", "2025/2026"),
        ("controller", "Смирнова Е. В., директор"),
    ] {
        before.respondent.insert(field.into(), value.into());
    }
    type_in(&mut before, "meeting_date", "2026-03-12");
    type_in(
        &mut before,
        "agenda",
        "1. О результатах ВПР\n2. О подготовке к ГИА",
    );
    type_in(&mut before, "review_date", "2026-06-01");
    type_in(&mut before, "review_summary", "Решения 1.1 и 2.1 исполнены");
    before.update_answer("decisions", |a| {
        a.rows = vec![
            row(&[
                ("number", "1.1"),
                ("agenda_item", "1"),
                ("addressee", "Общеобразовательным организациям"),
                ("decision", "Провести анализ результатов ВПР"),
                ("responsible", "Иванова А. А."),
                ("controller", "Петров П. П."),
                ("deadline", "до 01.04.2026"),
                ("status", "done"),
                ("execution", "Анализ рассмотрен на МО"),
            ]),
            row(&[
                ("number", "2.1"),
                ("decision", "Утвердить график консультаций"),
                ("responsible", "Петров П. П."),
                ("deadline", "май 2026 г."),
                ("status", "in_progress"),
            ]),
        ];
    });
    let (moved, changes) = migrate(
        &old,
        &new,
        &before,
        "moved".into(),
        "2026-12-05T08:00:00Z".into(),
    );
    assert_eq!(changes, []);
    assert_eq!(moved.template_version, "2026.2");
    assert_eq!(moved.template_hash, new.hash);
    assert_eq!(moved.respondent, before.respondent);
    // Every answer carried as it was (in the new template's order).
    assert_eq!(moved.answers.len(), before.answers.len());
    for (id, answer) in before.answers.iter() {
        assert_eq!(moved.answer(id), Some(answer), "{id}");
    }
    // The new parts of the protocol start empty, for the secretary to fill in.
    for id in ["place", "chair", "secretary", "agenda_items"] {
        assert!(moved.answer(id).is_none(), "{id}");
    }
    assert!(moved.respondent_value("inn").is_empty());
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
            ("Эффективность руководителя", "head_effectiveness"),
            (
                "Лист направления: доработка системы действий",
                "direction_actions"
            ),
        ]
    );
    for (_, id) in &tables[..3] {
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

/// Seed 002, item 3: groups formed by direction refine the actions of each — a sheet per
/// direction (one of МСОКО's eight, or another topic) with дефицит / предложение / показатель
/// результативности / ответственный, beside the shared-headings sheet.
#[test]
fn the_workshop_has_a_sheet_per_direction_with_the_columns_of_the_meeting() {
    let t = built_in("workshop");
    assert_eq!(t.version, "2026.1");
    let direction = t.item("direction").expect("the direction of the group");
    let msoko = built_in("msoko");
    let expected: Vec<String> = directions(&msoko)
        .iter()
        .map(|d| format!("{} {}", d.id, d.title.ru))
        .chain(["Другая тема (впишите в комментарий)".to_owned()])
        .collect();
    let got: Vec<&str> = direction
        .choices
        .iter()
        .map(|c| c.label.ru.as_str())
        .collect();
    assert_eq!(
        got, expected,
        "МСОКО's eight directions as the template names them"
    );
    assert!(direction.required && direction.comment && !direction.is_scored());
    let sheet = t.item("direction_actions").expect("the sheet");
    let columns: Vec<(&str, &str, bool)> = sheet
        .columns
        .iter()
        .map(|c| (c.id.as_str(), c.label.ru.as_str(), c.required))
        .collect();
    assert_eq!(
        columns,
        [
            ("deficit", "Дефицит", true),
            ("proposal", "Предложение к действиям", true),
            ("indicator", "Показатель результативности", false),
            ("responsible", "Ответственный", false),
        ]
    );
    let source = t.source.as_ref().expect("a source note");
    assert!(source
        .ru
        .contains("доработки системы действий по каждому направлению"));
}

// ---- МСОКО: the municipality's self-assessment and the school's contribution ---------------

/// The result a criterion's recommendation names as its last sentence («… Результат: …»).
fn result_of(i: &model::Item) -> Option<&str> {
    let r = i.recommendation.as_ref()?;
    r.ru.rsplit_once(" Результат: ").map(|(_, x)| x)
}

/// The scored sections (the directions), in order.
fn directions(t: &Template) -> Vec<&Section> {
    t.sections
        .iter()
        .filter(|s| s.items.iter().any(|i| i.is_scored()))
        .collect()
}

const DIRECTIONS: [&str; 8] = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"];
const BLOCKS: [&str; 2] = [
    "1. Механизмы управления качеством образовательных результатов",
    "2. Механизмы управления качеством образовательной деятельности",
];

/// Texts used in more than one direction: (text, the directions).
fn repeated<'t>(
    t: &'t Template,
    text: impl Fn(&'t model::Item) -> Option<&'t str>,
) -> Vec<(&'t str, Vec<&'t str>)> {
    let mut by_text: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in directions(t) {
        for i in &s.items {
            let Some(x) = text(i) else { continue };
            match by_text.iter_mut().find(|(y, _)| *y == x) {
                Some((_, dirs)) if !dirs.contains(&s.id.as_str()) => dirs.push(&s.id),
                Some(_) => {}
                None => by_text.push((x, vec![&s.id])),
            }
        }
    }
    by_text.retain(|(_, dirs)| dirs.len() > 1);
    by_text
}

#[test]
fn msoko_is_the_municipal_self_assessment_in_two_blocks_by_the_management_cycle() {
    let t = built_in("msoko");
    assert_eq!(t.version, "2026.3");
    // The respondent is the municipal body, not a school.
    let fields: Vec<(&str, &str, bool)> = t
        .respondent
        .iter()
        .map(|f| (f.id.as_str(), f.label.ru.as_str(), f.required))
        .collect();
    assert_eq!(
        fields,
        [
            ("municipality", "Муниципальное образование", true),
            ("body", "Орган управления образованием", true),
            ("responsible", "Ответственный за самооценку (ФИО)", true),
            ("responsible_position", "Должность ответственного", false),
            ("academic_year", "Учебный год", true),
        ]
    );
    assert!(t
        .respondent
        .iter()
        .all(|f| f.kind == model::FieldKind::Text || f.id == "academic_year"));
    // Two blocks, four directions each, then the road map outside both.
    let blocks: Vec<&str> = t.groups.iter().map(|g| g.title.ru.as_str()).collect();
    assert_eq!(blocks, BLOCKS);
    let placed: Vec<(&str, Option<usize>)> = t
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.group))
        .collect();
    assert_eq!(
        placed,
        [
            ("1.1", Some(0)),
            ("1.2", Some(0)),
            ("1.3", Some(0)),
            ("1.4", Some(0)),
            ("2.1", Some(1)),
            ("2.2", Some(1)),
            ("2.3", Some(1)),
            ("2.4", Some(1)),
            ("roadmap", None),
        ]
    );
    // Every direction by the same nine components, in order; the cycle grid reads them.
    let components = [
        "Цели",
        "Показатели",
        "Методы сбора информации",
        "Мониторинг",
        "Анализ результатов",
        "Адресные рекомендации",
        "Меры и мероприятия",
        "Управленческие решения",
        "Анализ эффективности принятых мер",
    ];
    for s in directions(&t) {
        let got: Vec<&str> = s
            .items
            .iter()
            .map(|i| i.label.ru.split_once(':').map_or("", |(c, _)| c))
            .collect();
        assert_eq!(got, components, "direction {}", s.id);
        for (n, i) in s.items.iter().enumerate() {
            assert_eq!(i.id, format!("{}.{:02}", s.id, n + 1));
            assert!(i.evidence && i.comment, "{}", i.id);
            let help = &i.help.as_ref().expect("a basis").ru;
            assert!(
                help.starts_with("Основание: ") || help.starts_with("Предложение «Оценки»"),
                "{}: {help}",
                i.id
            );
        }
    }
    let grid = model::cycle_grid(&t, &new_assessment(&t), Lang::Ru).expect("the cycle grid");
    assert_eq!(grid.components, components);
    // Criteria, recommendations and result indicators are each direction's own.
    assert_eq!(repeated(&t, |i| Some(i.label.ru.as_str())), []);
    assert_eq!(
        repeated(&t, |i| i.label.ru.split_once(": ").map(|(_, x)| x)),
        []
    );
    assert_eq!(
        repeated(&t, |i| i.recommendation.as_ref().map(|r| r.ru.as_str())),
        []
    );
    assert_eq!(repeated(&t, |i| result_of(i)), []);
    assert_eq!(repeated(&t, |i| i.label.en.as_deref()), [], "English too");
    // What the seeds speak of is where it belongs.
    let text_of = |id: &str| {
        let i = t.item(id).expect("the criterion");
        format!(
            "{} {}",
            i.label.ru,
            i.recommendation.as_ref().map_or("", |r| r.ru.as_str())
        )
    };
    for (id, words) in [
        ("1.1.03", "кластерный подход"),
        ("1.1.04", "общественн"),
        ("1.1.04", "перепровер"),
        ("1.2.07", "программа помощи"),
        ("1.3.01", "талант"),
        ("1.4.07", "профессиональные пробы"),
        ("2.1.04", "«группа риска»"),
        ("2.2.07", "наставничеств"),
        ("2.3.07", "группы риска"),
        ("2.4.02", "развивающей предметно-пространственной среды"),
    ] {
        assert!(text_of(id).contains(words), "{id}: «{words}»");
    }
    // The preschool direction is addressed to preschools, not to «ОО, руководители, педагоги».
    for i in &t.sections[7].items {
        let r = &i.recommendation.as_ref().expect("a recommendation").ru;
        assert!(!r.contains("ОО, руководители, педагоги"), "{}: {r}", i.id);
    }
    assert!(text_of("2.4.06").contains("заведующим и старшим воспитателям ДОО"));
    assert!(text_of("2.1.06").contains("руковод"));
    assert!(text_of("2.2.06").contains("методических объединений"));
    // The source says what is the tool's own.
    let source = &t.source.as_ref().expect("a source").ru;
    assert!(source.contains("предложение «Оценки»"));
    assert!(source.contains("не подтверждены"));
}

#[test]
fn msoko_school_is_the_schools_contribution_by_the_same_directions() {
    let t = built_in("msoko-school");
    let municipal = built_in("msoko");
    let fields: Vec<&str> = t.respondent.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        fields,
        [
            "municipality",
            "school_name",
            "fis_oko_login",
            "inn",
            "ogrn",
            "filled_by",
            "position",
            "academic_year"
        ]
    );
    assert_eq!(t.respondent[1].label.ru, "Полное наименование ОО");
    // The directions match the municipal self-assessment's: ids, titles and blocks.
    let of = |t: &Template| -> Vec<(String, String, Option<String>)> {
        directions(t)
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.title.ru.clone(),
                    s.group.map(|g| t.groups[g].title.ru.clone()),
                )
            })
            .collect()
    };
    assert_eq!(of(&t), of(&municipal));
    let ids: Vec<&str> = directions(&t).iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, DIRECTIONS);
    // What a school states, with a document, its own per direction.
    for s in directions(&t) {
        assert!(s.items.len() >= 4, "direction {}", s.id);
        for (n, i) in s.items.iter().enumerate() {
            assert_eq!(i.id, format!("{}.{}", s.id, n + 1));
            assert!(i.evidence, "{}: a supporting document", i.id);
            assert!(i.recommendation.is_some(), "{}", i.id);
            let help = &i.help.as_ref().expect("help").ru;
            assert!(help.starts_with("Подтверждение: "), "{}: {help}", i.id);
        }
    }
    assert_eq!(repeated(&t, |i| Some(i.label.ru.as_str())), []);
    assert_eq!(
        repeated(&t, |i| i.recommendation.as_ref().map(|r| r.ru.as_str())),
        []
    );
    assert_eq!(repeated(&t, |i| result_of(i)), []);
    // No criterion of the municipality's is put to a school.
    let municipal_labels: HashSet<&str> = municipal.items().map(|i| i.label.ru.as_str()).collect();
    assert!(t
        .items()
        .all(|i| !municipal_labels.contains(i.label.ru.as_str())));
    // A school without preschool groups answers 2.4 «не применимо»: no percentage, no deficit.
    let mut a = new_assessment(&t);
    for i in &t.sections[7].items {
        assert!(
            i.choices.iter().any(|c| c.not_applicable),
            "{}: «не применимо»",
            i.id
        );
        choose(&mut a, &i.id, "na");
    }
    choose(&mut a, "1.1.1", "yes");
    let r = evaluate(&t, &a);
    assert_eq!(r.sections[7].score.percent(), None);
    assert!(r.deficits.iter().all(|d| d.section.id != "2.4"));
    assert_eq!(r.sections[0].score.percent().map(|p| p.tenths()), Some(200));
    assert!(t.items().all(|i| i.kind != ItemKind::Table), "no plan");
}

/// Every criterion answered «нет».
fn all_no(t: &Template) -> Assessment {
    let mut a = new_assessment(t);
    for i in t.items().filter(|i| i.is_scored()) {
        choose(&mut a, &i.id, "no");
    }
    a
}

#[test]
fn a_drafted_road_map_row_names_a_result_a_person_can_check() {
    let t = built_in("msoko");
    let mut a = new_assessment(&t);
    choose(&mut a, "1.1.04", "partly");
    choose(&mut a, "2.4.06", "no");
    let results = evaluate(&t, &a);
    let tables = plan_tables(&t, &a);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].item.id, "roadmap");
    let rows = draft_rows(&tables[0], &results, &[], Lang::Ru);
    let row = |id: &str| {
        rows.iter()
            .find(|r| {
                r.get("criterion")
                    .is_some_and(|c| c.starts_with(&format!("{id} ")))
            })
            .expect("a row for the deficit")
    };
    assert_eq!(
        row("1.1.04").get("indicator").map(String::as_str),
        Some("справка по итогам мониторинга за учебный год: доля процедур с общественным наблюдением (%), число ОО, где проведена перепроверка (дата)")
    );
    // The measure is the recommendation without its result.
    assert_eq!(
        row("2.4.06").get("measure").map(String::as_str),
        Some("Направьте рекомендации заведующим и старшим воспитателям ДОО и подготовьте материалы для родителей.")
    );
    // Every criterion's result names a document, a value or a date, never «Критерий …».
    for i in directions(&t).iter().flat_map(|s| s.items.iter()) {
        let x = result_of(i).expect("a result");
        assert_eq!(
            rows.iter()
                .chain(draft_rows(&tables[0], &evaluate(&t, &all_no(&t)), &[], Lang::Ru).iter())
                .find(|r| r
                    .get("criterion")
                    .is_some_and(|c| c.starts_with(&format!("{} ", i.id))))
                .and_then(|r| r.get("indicator"))
                .map(String::as_str),
            Some(x.trim_end_matches('.')),
            "{}",
            i.id
        );
        assert!(
            x.contains("дата") || x.contains("%") || x.contains("число") || x.contains("Число"),
            "{}: {x}",
            i.id
        );
        assert!(!x.starts_with("Критерий"), "{}", i.id);
    }
    let english = draft_rows(&tables[0], &results, &[], Lang::En);
    assert_eq!(
        english[0].get("indicator").map(String::as_str),
        Some("monitoring memo for the year: share of procedures with public observers (%), number of schools where works were re-checked (date)")
    );
}

/// Every scored criterion of ШНОР, МСОКО and the school's contribution to МСОКО that has a
/// recommendation ends it with the result that shows the deficit closed, in both languages:
/// «… Результат: …» / «… Result: …», after a full stop, not empty, and the last sentence — a
/// drafted plan row takes it as its indicator, and the school's results page shows it under the
/// deficit; a person must be able to check it (a document, a value, a date, a count), never
/// «Критерий …: «да»». Every one of the school's 34 criteria has one.
#[test]
fn every_recommendation_of_shnor_msoko_and_msoko_school_ends_with_a_result_a_person_can_check() {
    for (id, least) in [("shnor", 41), ("msoko", 41), ("msoko-school", 34)] {
        let t = built_in(id);
        let mut named = 0;
        for i in t.items().filter(|i| i.is_scored()) {
            let Some(r) = &i.recommendation else { continue };
            let en = r.en.as_deref().filter(|e| !e.is_empty());
            let en = en.unwrap_or_else(|| panic!("{id} {}: no English recommendation", i.id));
            for (text, marker, words) in [
                (
                    r.ru.as_str(),
                    " Результат: ",
                    ["дат", "%", "число", "Число"],
                ),
                (en, " Result: ", ["date", "%", "number", "Number"]),
            ] {
                let (measure, result) = text
                    .rsplit_once(marker)
                    .unwrap_or_else(|| panic!("{id} {}: names no result: {text}", i.id));
                assert!(
                    measure.ends_with('.') && !measure.contains(marker.trim_start()),
                    "{id} {}: one result, after a full sentence: {text}",
                    i.id
                );
                let result = result
                    .strip_suffix('.')
                    .unwrap_or_else(|| panic!("{id} {}: the result ends the text: {text}", i.id));
                assert!(!result.trim().is_empty(), "{id} {}: an empty result", i.id);
                assert!(
                    !result.contains(". "),
                    "{id} {}: the result is the last sentence: {result}",
                    i.id
                );
                assert!(
                    words.iter().any(|w| result.contains(w)),
                    "{id} {}: a document, a value or a date: {result}",
                    i.id
                );
            }
            named += 1;
        }
        assert!(named >= least, "{id}: {named} recommendations");
    }
    // A drafted programme row of ШНОР takes the result as its indicator.
    let t = built_in("shnor");
    let mut a = new_assessment(&t);
    choose(&mut a, "r1.1", "no");
    pick(&mut a, "priorities", &["1"]);
    let tables = plan_tables(&t, &a);
    assert_eq!(tables.len(), 1);
    let results = evaluate(&t, &a);
    for (lang, marker) in [(Lang::Ru, " Результат: "), (Lang::En, " Result: ")] {
        let rows = draft_rows(&tables[0], &results, &[], lang);
        let r = t
            .item("r1.1")
            .and_then(|i| i.recommendation.as_ref())
            .expect("a recommendation");
        let text = match lang {
            Lang::Ru => r.ru.as_str(),
            Lang::En => r.en.as_deref().unwrap_or_default(),
        };
        let (measure, result) = text.rsplit_once(marker).expect("a result");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("measure").map(String::as_str), Some(measure));
        assert_eq!(
            rows[0].get("indicator").map(String::as_str),
            Some(result.trim_end_matches('.'))
        );
    }
}

#[test]
fn msoko_2025_3_stays_readable_and_moving_its_assessment_carries_no_answer_to_another_question() {
    let old = archived()
        .expect("the archive loads")
        .into_iter()
        .find(|t| t.id == "msoko" && t.version == "2025.3")
        .expect("МСОКО 2025.3 is archived");
    // The released file, byte for byte: the hash schools' files carry.
    assert_eq!(
        old.hash,
        "47931cd43be2c1584c88f76b964ba825946e488a3332f51438eb283caa19479b"
    );
    assert_eq!(old.item_count(), 73);
    let new = built_in("msoko");
    // A school's 2025.3 self-assessment, everything answered.
    let mut a = new_assessment(&old);
    for (k, v) in [
        ("municipality", "Камышловский муниципальный район"),
        ("school_name", "МКОУ «Галкинская СОШ»"),
        ("inn", "6613004567"),
        ("filled_by", "Иванова И. И."),
        ("position", "заместитель директора"),
        ("academic_year", "2025/2026"),
    ] {
        a.respondent.insert(k.into(), v.into());
    }
    for i in old.items() {
        a.update_answer(&i.id, |x| {
            x.choice = Some("yes".into());
            x.evidence = "Приказ № 1".into();
        });
    }
    a.update_answer("plan", |x| {
        x.rows = vec![row(&[
            ("criterion", "1.1.2 Показатели"),
            ("measure", "Утвердить"),
        ])]
    });
    let (moved, changes) = migrate(&old, &new, &a, "b".into(), "2026-12-01T00:00:00Z".into());
    // Only what means the same carries: the municipality and the year.
    assert!(moved.answers.is_empty(), "{:?}", moved.answers);
    let carried: Vec<(&str, &str)> = moved
        .respondent
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.as_str()))
        .collect();
    assert_eq!(
        carried,
        [
            ("municipality", "Камышловский муниципальный район"),
            ("academic_year", "2025/2026")
        ]
    );
    // Everything else is listed as not carried, nothing silently lost.
    let gone: Vec<&str> = changes
        .iter()
        .filter(|c| matches!(c, Change::ItemGone { .. }))
        .map(Change::id)
        .collect();
    let all: Vec<&str> = old.items().map(|i| i.id.as_str()).collect();
    assert_eq!(gone, all);
    let fields: Vec<&str> = changes
        .iter()
        .filter(|c| matches!(c, Change::FieldGone { .. }))
        .map(Change::id)
        .collect();
    let mut fields = fields;
    fields.sort_unstable();
    assert_eq!(fields, ["filled_by", "inn", "position", "school_name"]);
    // No item of 2025.3 and 2026.1 shares an id: a later move can never pair them by chance.
    assert!(old.items().all(|i| new.item(&i.id).is_none()));
}
