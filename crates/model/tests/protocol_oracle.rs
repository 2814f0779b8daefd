//! The protocol's placement (`model::protocol`, indexed, linear) against the plain scans it
//! replaced (quadratic in the rows of a file): the same item for every decision, the same
//! groups in the same order, on random agendas and decisions drawn from few enough numbers,
//! titles and addressees that names, prefixes and duplicates meet.

use model::protocol::{by_addressee, cell, Agenda};
use model::VecMap;
use proptest::prelude::*;

type Row = VecMap<String>;

fn bare(n: &str) -> String {
    n.trim().trim_end_matches('.').to_owned()
}

/// The scan as the report page had it.
fn belongs(decision: &Row, agenda: &[Row]) -> Option<usize> {
    let named = cell(decision, "agenda_item");
    if !named.is_empty() {
        let found = agenda.iter().position(|item| {
            bare(cell(item, "number")) == bare(named) || cell(item, "title") == named
        });
        if found.is_some() {
            return found;
        }
    }
    let number = cell(decision, "number");
    agenda
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            let n = bare(cell(item, "number"));
            !n.is_empty() && number.starts_with(&format!("{n}."))
        })
        .max_by_key(|(_, item)| bare(cell(item, "number")).len())
        .map(|(k, _)| k)
}

fn grouped<'a>(decisions: &[&'a Row]) -> Vec<(&'a str, Vec<&'a Row>)> {
    let mut groups: Vec<(&str, Vec<&Row>)> = Vec::new();
    for row in decisions {
        let addressee = cell(row, "addressee");
        match groups.iter_mut().find(|(a, _)| *a == addressee) {
            Some((_, list)) => list.push(row),
            None => groups.push((addressee, vec![row])),
        }
    }
    groups
}

fn number() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "", "1", "1.", " 2 ", "2", "2.1", "2.1.", "2.1.1", "21", "21.1", "3..", ".", "1.2.3.4",
    ])
    .prop_map(str::to_owned)
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "О ВПР", "О МСОКО", "2", "2.1.", " О ВПР "])
        .prop_map(str::to_owned)
}

fn row(pairs: Vec<(&str, String)>) -> Row {
    let mut r = Row::new();
    for (k, v) in pairs {
        r.insert(k.to_owned(), v);
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_index_places_every_decision_where_the_scan_did(
        agenda in prop::collection::vec((number(), text()), 0..8),
        decisions in prop::collection::vec((number(), text(), text()), 0..12),
    ) {
        let agenda: Vec<Row> = agenda
            .into_iter()
            .map(|(n, t)| row(vec![("number", n), ("title", t)]))
            .collect();
        let decisions: Vec<Row> = decisions
            .into_iter()
            .map(|(n, named, to)| row(vec![("number", n), ("agenda_item", named), ("addressee", to)]))
            .collect();
        let index = Agenda::new(&agenda);
        for d in &decisions {
            let placed = index.place(d);
            prop_assert_eq!(placed, belongs(d, &agenda));
            // What is refused: an item neither named nor numbered before the decision's own.
            if let Some(k) = placed {
                let n = bare(cell(&agenda[k], "number"));
                let named = cell(d, "agenda_item");
                let by_name = !named.is_empty()
                    && (n == bare(named) || cell(&agenda[k], "title") == named);
                let by_number = !n.is_empty() && cell(d, "number").starts_with(&format!("{n}."));
                prop_assert!(by_name || by_number);
            }
        }
        let refs: Vec<&Row> = decisions.iter().collect();
        let fast: Vec<(&str, Vec<*const Row>)> = by_addressee(&refs)
            .into_iter()
            .map(|(a, l)| (a, l.into_iter().map(|r| r as *const Row).collect()))
            .collect();
        let slow: Vec<(&str, Vec<*const Row>)> = grouped(&refs)
            .into_iter()
            .map(|(a, l)| (a, l.into_iter().map(|r| r as *const Row).collect()))
            .collect();
        prop_assert_eq!(fast, slow);
    }
}
