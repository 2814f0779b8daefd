//! Property tests: random valid templates (every item kind, scales, bands, weights, levels,
//! «не применимо» options, groups, visibility conditions that read only earlier items) with
//! random answers (for hidden items too, options the template lacks, garbage numbers), and
//! random bytes and JSON thrown at the parsers.
//!
//! Each property runs a modest number of cases so `cargo test` stays fast in debug builds;
//! `PROPTEST_CASES=2000 cargo test -p otsenka-model --test props` digs deeper.

use model::{
    evaluate, item_problems, Answer, Assessment, Expr, Results, Template, Value, VecMap, Visibility,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value as Json};

/// `cases` unless PROPTEST_CASES says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Template specifications, rendered to JSON text.

#[derive(Clone, Debug)]
struct Opt {
    points: u32,
    not_applicable: bool,
}

type Bands = Vec<(Option<i32>, Option<i32>, u32)>;

#[derive(Clone, Debug)]
enum Kind {
    Choice(Vec<Opt>),
    /// A choice or multiple choice on the shared `ypn` scale.
    Scale {
        multi: bool,
    },
    YesNo {
        good_no: bool,
    },
    Likert {
        points: usize,
        reverse: bool,
        labels: bool,
    },
    Multi {
        options: Vec<Opt>,
        max_choices: Option<usize>,
    },
    Number {
        bounds: Option<(i32, i32)>,
        integer: bool,
        bands: Bands,
    },
    Percentage(Bands),
    Count(Bands),
    Text {
        pattern: bool,
    },
    LongText,
    Date,
    Evidence,
    Table {
        choice_column: bool,
    },
}

/// How a condition reads an item: which earlier item (an index reduced modulo the number
/// of earlier items), which form, and a number and an option picked by index.
#[derive(Clone, Debug)]
struct CondSeed {
    target: usize,
    form: u8,
    number: i32,
    option: usize,
    /// A second clause joined with `and` (true) or `or` (false).
    second: Option<(bool, Box<CondSeed>)>,
}

#[derive(Clone, Debug)]
struct ItemSpec {
    kind: Kind,
    weight: Option<u32>,
    required: bool,
    evidence: bool,
    comment: bool,
    condition: Option<CondSeed>,
}

#[derive(Clone, Debug)]
struct SectionSpec {
    items: Vec<ItemSpec>,
    condition: Option<CondSeed>,
    levels: Option<Vec<u32>>,
}

#[derive(Clone, Debug)]
struct TemplateSpec {
    sections: Vec<SectionSpec>,
    /// How many leading sections sit in a group (0: none).
    grouped: usize,
    levels: Option<Vec<u32>>,
}

/// Option values shared by generated items and answers, so random answers often hit.
const VALUES: [&str; 5] = ["a", "b", "c", "d", "e"];
const SCALE: [&str; 4] = ["yes", "partly", "no", "na"];

fn opts() -> impl Strategy<Value = Vec<Opt>> {
    prop::collection::vec(
        (0u32..=5, prop::bool::weighted(0.2)).prop_map(|(points, not_applicable)| Opt {
            points,
            not_applicable,
        }),
        2..=5,
    )
}

fn bands() -> impl Strategy<Value = Bands> {
    prop::collection::vec(
        (
            prop::option::of(-10i32..=120),
            prop::option::of(-10i32..=120),
            0u32..=6,
        ),
        0..=4,
    )
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => opts().prop_map(Kind::Choice),
        2 => any::<bool>().prop_map(|multi| Kind::Scale { multi }),
        2 => any::<bool>().prop_map(|good_no| Kind::YesNo { good_no }),
        2 => (2usize..=11, any::<bool>(), any::<bool>())
            .prop_map(|(points, reverse, labels)| Kind::Likert { points, reverse, labels }),
        2 => (opts(), prop::option::of(1usize..=4))
            .prop_map(|(options, max_choices)| Kind::Multi { options, max_choices }),
        2 => (prop::option::of((-5i32..=50, 0i32..=60)), any::<bool>(), bands())
            .prop_map(|(bounds, integer, bands)| Kind::Number {
                bounds: bounds.map(|(a, b)| (a.min(b), a.max(b))),
                integer,
                bands,
            }),
        2 => bands().prop_map(Kind::Percentage),
        2 => bands().prop_map(Kind::Count),
        1 => any::<bool>().prop_map(|pattern| Kind::Text { pattern }),
        1 => Just(Kind::LongText),
        1 => Just(Kind::Date),
        1 => Just(Kind::Evidence),
        1 => any::<bool>().prop_map(|choice_column| Kind::Table { choice_column }),
    ]
}

fn cond_seed() -> impl Strategy<Value = CondSeed> {
    let leaf = (any::<usize>(), any::<u8>(), -3i32..=60, any::<usize>()).prop_map(
        |(target, form, number, option)| CondSeed {
            target,
            form,
            number,
            option,
            second: None,
        },
    );
    (
        leaf.clone(),
        prop::option::weighted(0.3, (any::<bool>(), leaf)),
    )
        .prop_map(|(mut first, second)| {
            first.second = second.map(|(and, s)| (and, Box::new(s)));
            first
        })
}

fn item_spec() -> impl Strategy<Value = ItemSpec> {
    (
        kind(),
        prop::option::weighted(0.3, 0u32..=5),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.4, cond_seed()),
    )
        .prop_map(
            |(kind, weight, required, evidence, comment, condition)| ItemSpec {
                kind,
                weight,
                required,
                evidence,
                comment,
                condition,
            },
        )
}

/// Level thresholds from the highest down, ending at 0.
fn levels() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::btree_set(1u32..=100, 0..=3).prop_map(|set| {
        let mut v: Vec<u32> = set.into_iter().rev().collect();
        v.push(0);
        v
    })
}

fn section_spec() -> impl Strategy<Value = SectionSpec> {
    (
        prop::collection::vec(item_spec(), 1..=7),
        prop::option::weighted(0.25, cond_seed()),
        prop::option::weighted(0.2, levels()),
    )
        .prop_map(|(items, condition, levels)| SectionSpec {
            items,
            condition,
            levels,
        })
}

fn template_spec() -> impl Strategy<Value = TemplateSpec> {
    (
        prop::collection::vec(section_spec(), 1..=4),
        0usize..=2,
        prop::option::of(levels()),
    )
        .prop_map(|(sections, grouped, levels)| {
            let grouped = grouped.min(sections.len());
            TemplateSpec {
                sections,
                grouped,
                levels,
            }
        })
}

fn item_id(g: usize) -> String {
    format!("i{g}")
}

/// The option values of an item, if it has options.
fn option_values(kind: &Kind) -> Vec<String> {
    match kind {
        Kind::Choice(o) | Kind::Multi { options: o, .. } => {
            VALUES[..o.len()].iter().map(|v| (*v).to_owned()).collect()
        }
        Kind::Scale { .. } => SCALE.iter().map(|v| (*v).to_owned()).collect(),
        Kind::YesNo { .. } => vec!["yes".into(), "no".into()],
        Kind::Likert { points, .. } => (1..=*points).map(|k| k.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// One clause reading the earlier item `kinds[target % kinds.len()]`.
fn clause(seed: &CondSeed, kinds: &[&Kind]) -> String {
    let g = seed.target % kinds.len();
    let r = format!("[{}]", item_id(g));
    let n = seed.number;
    let values = option_values(kinds[g]);
    let v = |k: usize| values.get((seed.option + k) % values.len().max(1)).cloned();
    let form = seed.form % 5;
    match kinds[g] {
        Kind::Multi { .. } | Kind::Scale { multi: true } => {
            let (a, b) = (v(0).unwrap_or_default(), v(1).unwrap_or_default());
            match form {
                0 | 1 => format!("'{a}' in {r}"),
                2 => format!("{r} in ('{a}', '{b}')"),
                3 => format!("not '{a}' in {r}"),
                _ => format!("{r} not in ('{a}')"),
            }
        }
        Kind::Likert { .. } if form == 4 => format!("{r} >= {}", n.rem_euclid(12)),
        Kind::Choice(_) | Kind::Scale { .. } | Kind::YesNo { .. } | Kind::Likert { .. } => {
            let (a, b) = (v(0).unwrap_or_default(), v(1).unwrap_or_default());
            match form {
                0 => format!("{r} = '{a}'"),
                1 => format!("{r} != '{a}'"),
                2 => format!("{r} in ('{a}', '{b}')"),
                3 => format!("not {r} = '{a}'"),
                _ => format!("'{a}' in {r}"),
            }
        }
        Kind::Number { .. } | Kind::Percentage(_) | Kind::Count(_) => match form {
            0 => format!("{r} > {n}"),
            1 => format!("{r} + 1 <= {n}"),
            2 => format!("{r} * 2 != {n}"),
            3 => format!("-{r} < {n}"),
            _ => format!("{r} = {n}"),
        },
        Kind::Table { .. } => match form {
            0 | 1 => format!("{r} >= 1"),
            2 => format!("{r} = 0"),
            _ => format!("{r} / 2 < {n}"),
        },
        Kind::Text { .. } | Kind::LongText | Kind::Date | Kind::Evidence => match form {
            0 | 1 => format!("{r} = 'x'"),
            2 => format!("{r} != 'x'"),
            3 => format!("not {r} = '2026-11-22'"),
            _ => format!("{r} in ('x', 'y')"),
        },
    }
}

/// A condition reading only `kinds` (the items before the one it belongs to), or none when
/// there are no earlier items.
fn condition(seed: &Option<CondSeed>, kinds: &[&Kind]) -> Option<String> {
    let seed = seed.as_ref()?;
    if kinds.is_empty() {
        return None;
    }
    let first = clause(seed, kinds);
    Some(match &seed.second {
        Some((and, second)) => {
            let op = if *and { "and" } else { "or" };
            format!("({first}) {op} ({})", clause(second, kinds))
        }
        None => first,
    })
}

fn levels_json(thresholds: &[u32]) -> Json {
    let tones = ["good", "medium", "bad"];
    Json::Array(
        thresholds
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"min": t, "label": format!("уровень {i}"), "tone": tones[i % 3]}))
            .collect(),
    )
}

fn bands_json(bands: &Bands) -> Json {
    Json::Array(
        bands
            .iter()
            .map(|(min, max, points)| {
                let mut b = json!({ "points": points });
                if let Some(m) = min {
                    b["min"] = json!(m);
                }
                if let Some(m) = max {
                    b["max"] = json!(m);
                }
                b
            })
            .collect(),
    )
}

fn opts_json(o: &[Opt]) -> Json {
    Json::Array(
        o.iter()
            .zip(VALUES)
            .map(|(o, v)| {
                json!({"value": v, "label": {"ru": v.to_uppercase(), "en": v},
                       "points": o.points, "not_applicable": o.not_applicable})
            })
            .collect(),
    )
}

fn item_json(g: usize, spec: &ItemSpec, earlier: &[&Kind]) -> Json {
    let mut item = json!({"id": item_id(g), "label": format!("Вопрос {g}")});
    let scored = match &spec.kind {
        Kind::Choice(o) => {
            item["kind"] = json!("choice");
            item["choices"] = opts_json(o);
            true
        }
        Kind::Scale { multi } => {
            item["kind"] = json!(if *multi { "multi" } else { "choice" });
            item["scale"] = json!("ypn");
            true
        }
        Kind::YesNo { good_no } => {
            item["kind"] = json!("yes_no");
            if *good_no {
                item["good"] = json!("no");
            }
            true
        }
        Kind::Likert {
            points,
            reverse,
            labels,
        } => {
            item["kind"] = json!("likert");
            item["points"] = json!(points);
            item["reverse"] = json!(reverse);
            if *labels {
                item["labels"] = json!(["плохо", "отлично"]);
            }
            true
        }
        Kind::Multi {
            options,
            max_choices,
        } => {
            item["kind"] = json!("multi");
            item["choices"] = opts_json(options);
            if let Some(m) = max_choices {
                item["max_choices"] = json!(m);
            }
            true
        }
        Kind::Number {
            bounds,
            integer,
            bands,
        } => {
            item["kind"] = json!("number");
            if let Some((lo, hi)) = bounds {
                item["min"] = json!(lo);
                item["max"] = json!(hi);
            }
            item["integer"] = json!(integer);
            item["unit"] = json!("чел.");
            item["bands"] = bands_json(bands);
            true
        }
        Kind::Percentage(bands) => {
            item["kind"] = json!("percentage");
            item["bands"] = bands_json(bands);
            true
        }
        Kind::Count(bands) => {
            item["kind"] = json!("count");
            item["bands"] = bands_json(bands);
            true
        }
        Kind::Text { pattern } => {
            item["kind"] = json!("text");
            if *pattern {
                item["pattern"] = json!("[а-яё0-9 ]{1,20}|\\d+(\\.\\d+)?");
            }
            false
        }
        Kind::LongText => {
            item["kind"] = json!("long_text");
            false
        }
        Kind::Date => {
            item["kind"] = json!("date");
            false
        }
        Kind::Evidence => {
            item["kind"] = json!("evidence");
            false
        }
        Kind::Table { choice_column } => {
            item["kind"] = json!("table");
            let mut columns = vec![
                json!({"id": "what", "label": "Что", "required": true}),
                json!({"id": "when", "label": "Срок", "kind": "deadline"}),
                json!({"id": "n", "label": "Сколько", "kind": "number"}),
            ];
            if *choice_column {
                columns.push(json!({"id": "who", "label": "Кто", "kind": "choice",
                    "choices": [{"value": "dir", "label": "Директор"}, {"value": "zam", "label": "Зам"}]}));
            }
            item["columns"] = Json::Array(columns);
            false
        }
    };
    if let Some(w) = spec.weight {
        item["weight"] = json!(w);
    }
    if spec.required {
        item["required"] = json!(true);
    }
    if spec.evidence && scored {
        item["evidence"] = json!(true);
    }
    if spec.comment {
        item["comment"] = json!(true);
    }
    if let Some(c) = condition(&spec.condition, earlier) {
        item["visible_if"] = json!(c);
    }
    item
}

fn template_json(spec: &TemplateSpec) -> String {
    let all: Vec<&Kind> = spec
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| &i.kind))
        .collect();
    let mut g = 0;
    let mut sections = Vec::new();
    for (s, section) in spec.sections.iter().enumerate() {
        // A section's condition reads items of earlier sections only: its own items depend
        // on it, so reading one of them would be a circle.
        let first = g;
        let items: Vec<Json> = section
            .items
            .iter()
            .map(|item| {
                let json = item_json(g, item, &all[..g]);
                g += 1;
                json
            })
            .collect();
        let mut section_json =
            json!({"id": format!("s{s}"), "title": format!("Раздел {s}"), "items": items});
        if let Some(c) = condition(&section.condition, &all[..first]) {
            section_json["visible_if"] = json!(c);
        }
        if let Some(l) = &section.levels {
            section_json["levels"] = levels_json(l);
        }
        sections.push(section_json);
    }
    if spec.grouped > 0 {
        let rest = sections.split_off(spec.grouped);
        let group = json!({"id": "g", "title": "Блок", "sections": sections});
        sections = std::iter::once(group).chain(rest).collect();
    }
    let mut t = json!({
        "format": 1, "id": "prop", "version": "1",
        "title": {"ru": "Случайный шаблон", "en": "Random template"},
        "respondent": [{"id": "school", "label": "ОО", "required": true},
                       {"id": "inn", "label": "ИНН", "kind": "inn"}],
        "scales": {"ypn": [
            {"value": "yes", "label": "да", "points": 2},
            {"value": "partly", "label": "частично", "points": 1},
            {"value": "no", "label": "нет", "points": 0},
            {"value": "na", "label": "не применимо", "not_applicable": true}]},
        "sections": sections,
    });
    if let Some(l) = &spec.levels {
        t["levels"] = levels_json(l);
    }
    // Pretty or compact: the parser must not care.
    if spec.grouped != 1 {
        serde_json::to_string_pretty(&t).unwrap_or_default()
    } else {
        t.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Answers: right, wrong and garbage.

fn choice_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec!["a", "b", "c", "d", "e", "yes", "partly", "no", "na", "1", "2", "3", "5", "11"])
            .prop_map(str::to_owned),
        1 => select(vec!["", " ", "zzz", "YES", "0", "12", "a ", "да"]).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ]
}

fn typed_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-20i32..=130).prop_map(|n| n.to_string()),
        2 => select(vec![
            "", " ", "2,5", "3.75", " 12 000 ", "-0", "+7", "1e3", "abc", "NaN", "inf", "--1",
            "1.2.3", "2026-11-22", "2026-02-30", "x", "y", "99999999999999999999999",
            "0.0000001", "1\u{a0}000", "١٢",
        ])
        .prop_map(str::to_owned),
        1 => any::<f64>().prop_map(|f| f.to_string()),
        1 => "\\PC{0,10}",
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    let doc = prop::collection::vec(
        (
            select(vec!["name", "number", "date", "link", "other"]),
            typed_value(),
        ),
        0..=3,
    );
    let row = prop::collection::vec(
        (
            select(vec!["what", "when", "n", "who", "zzz"]),
            typed_value(),
        ),
        0..=4,
    );
    (
        prop::option::of(choice_value()),
        prop::collection::vec(choice_value(), 0..=4),
        typed_value(),
        doc,
        prop::collection::vec(row, 0..=3),
        prop::option::weighted(0.2, "\\PC{0,8}"),
        prop::option::weighted(0.2, "\\PC{0,8}"),
    )
        .prop_map(|(choice, choices, value, doc, rows, evidence, comment)| {
            let map = |pairs: Vec<(&str, String)>| {
                let mut m = VecMap::new();
                for (k, v) in pairs {
                    m.insert(k.to_owned(), v);
                }
                m
            };
            Answer {
                choice,
                choices,
                value,
                doc: map(doc),
                rows: rows.into_iter().map(map).collect(),
                evidence: evidence.unwrap_or_default(),
                comment: comment.unwrap_or_default(),
            }
        })
}

/// A template, one optional answer per item (plus answers to ids the template lacks), a
/// second answer per item to swap in, and an order to insert the answers in.
#[derive(Debug, Clone)]
struct Case {
    json: String,
    answers: Vec<(String, Answer)>,
    alternatives: Vec<Option<Answer>>,
    order: Vec<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    template_spec().prop_flat_map(|spec| {
        let n: usize = spec.sections.iter().map(|s| s.items.len()).sum();
        let json = template_json(&spec);
        let extra =
            prop::collection::vec((select(vec!["zz", "s0", "i999", "", "g"]), answer()), 0..=2);
        (
            Just(json),
            prop::collection::vec(prop::option::weighted(0.7, answer()), n),
            extra,
            prop::collection::vec(prop::option::weighted(0.7, answer()), n),
        )
            .prop_flat_map(|(json, own, extra, alternatives)| {
                let mut answers: Vec<(String, Answer)> = own
                    .into_iter()
                    .enumerate()
                    .filter_map(|(g, a)| a.map(|a| (item_id(g), a)))
                    .collect();
                answers.extend(extra.into_iter().map(|(id, a)| (id.to_owned(), a)));
                let order = Just((0..answers.len()).collect::<Vec<_>>()).prop_shuffle();
                (Just(json), Just(answers), Just(alternatives), order)
            })
            .prop_map(|(json, answers, alternatives, order)| Case {
                json,
                answers,
                alternatives,
                order,
            })
    })
}

fn parse(json: &str) -> Result<Template, TestCaseError> {
    Template::from_json(json)
        .map_err(|e| TestCaseError::fail(format!("generated template refused: {e}\n{json}")))
}

fn assessment<'a>(
    t: &Template,
    answers: impl IntoIterator<Item = &'a (String, Answer)>,
) -> Assessment {
    let mut a = Assessment::new("a".into(), t, "2026-11-22T08:00:00Z".into());
    for (id, answer) in answers {
        a.update_answer(id, |x| *x = answer.clone());
    }
    a
}

/// Everything a person sees of the results, as plain data.
fn summary(r: &Results<'_>) -> String {
    format!("{r:?}")
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn generated_templates_are_accepted(case in case()) {
        let t = parse(&case.json)?;
        prop_assert!(t.item_count() >= 1);
    }

    #[test]
    fn percentages_stay_within_0_and_100(case in case()) {
        let t = parse(&case.json)?;
        let a = assessment(&t, &case.answers);
        let r = evaluate(&t, &a);
        let mut sum = (0u32, 0u32, 0usize, 0usize);
        for s in &r.sections {
            let sc = s.score;
            prop_assert!(sc.points <= sc.max, "section {}: {sc:?}", s.section.id);
            prop_assert!(sc.answered <= sc.items, "section {}: {sc:?}", s.section.id);
            prop_assert!(sc.items <= s.section.items.len());
            if let Some(p) = sc.percent() {
                prop_assert!(p.tenths() <= 1000);
            } else {
                prop_assert_eq!(sc.max, 0);
            }
            sum = (sum.0 + sc.points, sum.1 + sc.max, sum.2 + sc.answered, sum.3 + sc.items);
        }
        let total = r.total;
        prop_assert!(total.points <= total.max, "total: {total:?}");
        prop_assert!(total.percent().is_none_or(|p| p.tenths() <= 1000));
        prop_assert_eq!(sum, (total.points, total.max, total.answered, total.items));
        for d in &r.deficits {
            prop_assert!(d.points < d.max);
        }
    }

    #[test]
    fn hidden_items_never_count(case in case()) {
        let t = parse(&case.json)?;
        let a = assessment(&t, &case.answers);
        let before = summary(&evaluate(&t, &a));
        let problems_before = format!("{:?}", item_problems(&t, &a));
        let vis = Visibility::new(&t, &a);
        let hidden: Vec<String> = t.items().filter(|i| !vis.item(&i.id)).map(|i| i.id.clone()).collect();
        let visible = t.items().count() - hidden.len();
        let r = evaluate(&t, &a);
        prop_assert_eq!(r.total.items, visible);
        for id in &hidden {
            let g: usize = id[1..].parse().unwrap_or(0);
            let mut changed = a.clone();
            match case.alternatives.get(g).cloned().flatten() {
                Some(alt) => changed.update_answer(id, |x| *x = alt),
                None => changed.update_answer(id, |x| *x = Answer::default()),
            }
            prop_assert_eq!(&summary(&evaluate(&t, &changed)), &before, "changing hidden {}", id);
            prop_assert_eq!(&format!("{:?}", item_problems(&t, &changed)), &problems_before);
        }
        // All hidden answers gone at once: the same results too.
        let mut cleared = a.clone();
        for id in &hidden {
            cleared.update_answer(id, |x| *x = Answer::default());
        }
        prop_assert_eq!(summary(&evaluate(&t, &cleared)), before);
    }

    #[test]
    fn evaluation_is_deterministic_and_ignores_answer_order(case in case()) {
        let t = parse(&case.json)?;
        let a = assessment(&t, &case.answers);
        let shuffled = assessment(&t, case.order.iter().map(|&k| &case.answers[k]));
        let first = evaluate(&t, &a);
        prop_assert_eq!(&first, &evaluate(&t, &a));
        prop_assert_eq!(&first, &evaluate(&t, &shuffled));
        prop_assert_eq!(item_problems(&t, &a), item_problems(&t, &shuffled));
        // Parsing the same text again gives the same template and the same results.
        let again = parse(&case.json)?;
        prop_assert_eq!(&t, &again);
        prop_assert_eq!(summary(&first), summary(&evaluate(&again, &shuffled)));
    }
}

// ---------------------------------------------------------------------------------------------
// Garbage in: errors, never a panic.

/// Keys and words of the template format, so random JSON gets past the first checks often.
const WORDS: [&str; 28] = [
    "format",
    "id",
    "version",
    "title",
    "sections",
    "items",
    "kind",
    "choices",
    "scale",
    "scales",
    "points",
    "value",
    "label",
    "bands",
    "min",
    "max",
    "levels",
    "tone",
    "visible_if",
    "columns",
    "weight",
    "labels",
    "choice",
    "likert",
    "table",
    "multi",
    "number",
    "good",
];

/// Random JSON. Without `huge`, integers stay small: points and weights near `u32::MAX`
/// overflow the scores (see tests/known_bugs.rs), which would hide every other finding.
fn json_value(huge: bool) -> impl Strategy<Value = Json> {
    let int = if huge {
        any::<i64>().boxed()
    } else {
        (-1000i64..=1000).boxed()
    };
    let top = if huge { u64::from(u32::MAX) } else { 1000 };
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        int.prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        select(WORDS.to_vec()).prop_map(|w| json!(w)),
        "\\PC{0,8}".prop_map(Json::String),
        Just(json!(1)),
        Just(json!(top)),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec(
                (select(WORDS.to_vec()).prop_map(str::to_owned), inner),
                0..6
            )
            .prop_map(|pairs| Json::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Replaces the `n`-th node (depth first, modulo the node count) of `v` with `with`.
fn replace_node(v: &mut Json, n: &mut usize, with: &Json) -> bool {
    if *n == 0 {
        *v = with.clone();
        return true;
    }
    *n -= 1;
    match v {
        Json::Array(a) => a.iter_mut().any(|x| replace_node(x, n, with)),
        Json::Object(o) => o.values_mut().any(|x| replace_node(x, n, with)),
        _ => false,
    }
}

fn expr_text() -> impl Strategy<Value = String> {
    let token = select(vec![
        "[i0]", "[i1]", "x", "and", "or", "not", "in", "и", "или", "не", "в", "(", ")", "=", "!=",
        "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", ",", ";", "'a'", "\"b\"", "«c»", "1",
        "2.5", "0", "1.2.3", "[", "]", "'", "«",
    ]);
    prop_oneof![
        prop::collection::vec(token, 0..30).prop_map(|t| t.join(" ")),
        "[\\[\\]()'\"«»a-c0-9., ;=!<>+*/-]{0,40}",
        "\\PC{0,30}",
    ]
}

fn lookup_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<f64>().prop_map(Value::Num),
        "\\PC{0,4}".prop_map(Value::Str),
        prop::collection::vec("[a-c]", 0..3).prop_map(Value::List),
        any::<bool>().prop_map(Value::Bool),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn random_bytes_never_panic_the_template_parser(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Template::from_json(&text);
    }

    #[test]
    fn random_json_never_panics_the_template_parser(v in json_value(true)) {
        let _ = Template::from_json(&v.to_string());
        // The same value as the whole list of sections of an otherwise valid template.
        let t = json!({"format": 1, "id": "t", "version": "1", "title": "Т", "sections": v});
        let _ = Template::from_json(&t.to_string());
    }

    #[test]
    fn random_expressions_never_panic(text in expr_text(), values in prop::collection::vec(lookup_value(), 3)) {
        if let Ok(expr) = Expr::parse(&text) {
            let _ = expr.refs();
            let _ = expr.eval(&|id| match id {
                "i0" => values[0].clone(),
                "i1" => values[1].clone(),
                _ => values[2].clone(),
            });
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// A valid template with one node anywhere replaced by random JSON, then evaluated with
    /// random answers when it is still accepted.
    #[test]
    fn damaged_templates_are_refused_or_evaluated_without_panic(
        case in case(),
        node in any::<usize>(),
        with in json_value(false),
    ) {
        let mut v: Json = serde_json::from_str(&case.json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let count = {
            fn count(v: &Json) -> usize {
                1 + match v {
                    Json::Array(a) => a.iter().map(count).sum(),
                    Json::Object(o) => o.values().map(count).sum(),
                    _ => 0,
                }
            }
            count(&v)
        };
        let mut n = node % count;
        replace_node(&mut v, &mut n, &with);
        if let Ok(t) = Template::from_json(&v.to_string()) {
            let a = assessment(&t, &case.answers);
            let r = evaluate(&t, &a);
            prop_assert!(r.total.points <= r.total.max);
            let _ = item_problems(&t, &a);
        }
    }
}

/// The generator reaches what the properties are about: hidden items, answered and scored
/// items, not-applicable answers, groups and every item kind.
#[test]
fn the_generator_covers_hidden_items_and_every_kind() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let (mut hidden, mut shown_conditional, mut points, mut grouped) = (0, 0, 0, 0);
    let mut kinds = BTreeSet::new();
    for _ in 0..200 {
        let case = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(e) => panic!("{e}"),
        };
        let t = match Template::from_json(&case.json) {
            Ok(t) => t,
            Err(e) => panic!("{e}\n{}", case.json),
        };
        let a = assessment(&t, &case.answers);
        let vis = Visibility::new(&t, &a);
        for item in t.items() {
            kinds.insert(format!("{:?}", item.kind));
            match (vis.item(&item.id), item.visible_if.is_some()) {
                (false, _) => hidden += 1,
                (true, true) => shown_conditional += 1,
                _ => {}
            }
        }
        points += evaluate(&t, &a).total.points;
        grouped += usize::from(!t.groups.is_empty());
    }
    assert_eq!(kinds.len(), 12, "{kinds:?}");
    assert!(hidden > 50, "{hidden} hidden items");
    assert!(
        shown_conditional > 20,
        "{shown_conditional} shown conditional items"
    );
    assert!(points > 200, "{points} points");
    assert!(grouped > 20, "{grouped} templates with a group");
}
