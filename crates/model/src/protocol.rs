//! Where a meeting's protocol (the `decisions` template) places its decisions: under the agenda
//! item a decision names in «Вопрос повестки» (by number or title), or else under the item whose
//! number starts its own («1.2» under «1»; the longest such number wins, so «2.1.1» goes under
//! «2.1» before «2»); and, within an item, grouped by addressee in the order each first
//! appears. The report page draws what this decides.
//!
//! Both are reachable from a file of any size, so both are linear in its rows: the agenda is
//! indexed once ([`Agenda::new`]) and a decision is placed by looking up each prefix of its
//! own number, never by scanning the agenda.

use std::collections::HashMap;

use crate::VecMap;

type Row = VecMap<String>;

/// A cell, trimmed («» when empty or missing).
pub fn cell<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column).map_or("", |v| v.trim())
}

/// A number as compared: «1.» and « 1 » are «1».
fn bare(n: &str) -> &str {
    n.trim().trim_end_matches('.')
}

/// A protocol's agenda, indexed for placing its decisions.
pub struct Agenda<'a> {
    /// An item's number (bare) → the first and the last item with it.
    by_number: HashMap<&'a str, (usize, usize)>,
    /// An item's title → the first item with it.
    by_title: HashMap<&'a str, usize>,
}

impl<'a> Agenda<'a> {
    pub fn new(items: &'a [Row]) -> Agenda<'a> {
        let mut by_number: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut by_title: HashMap<&str, usize> = HashMap::new();
        for (k, item) in items.iter().enumerate() {
            by_number
                .entry(bare(cell(item, "number")))
                .and_modify(|(_, last)| *last = k)
                .or_insert((k, k));
            by_title.entry(cell(item, "title")).or_insert(k);
        }
        Agenda {
            by_number,
            by_title,
        }
    }

    /// The agenda item (its position) a decision belongs to; `None`: under no item.
    pub fn place(&self, decision: &Row) -> Option<usize> {
        let named = cell(decision, "agenda_item");
        if !named.is_empty() {
            let by_number = self.by_number.get(bare(named)).map(|&(first, _)| first);
            let by_title = self.by_title.get(named).copied();
            let found = match (by_number, by_title) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if found.is_some() {
                return found;
            }
        }
        // «2.1.1» tries «2.1», then «2»: every part before a full stop, the longest first.
        let number = cell(decision, "number");
        number
            .match_indices('.')
            .rev()
            .map(|(at, _)| &number[..at])
            .filter(|n| !n.is_empty())
            .find_map(|n| self.by_number.get(n).map(|&(_, last)| last))
    }
}

/// Decisions grouped by addressee, in the order each addressee first appears; rows keep their
/// order within a group.
pub fn by_addressee<'a>(decisions: &[&'a Row]) -> Vec<(&'a str, Vec<&'a Row>)> {
    let mut groups: Vec<(&str, Vec<&Row>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for row in decisions {
        let addressee = cell(row, "addressee");
        match at.get(addressee) {
            Some(&k) => groups[k].1.push(row),
            None => {
                at.insert(addressee, groups.len());
                groups.push((addressee, vec![row]));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> Row {
        let mut r = Row::new();
        for (k, v) in pairs {
            r.insert((*k).to_owned(), (*v).to_owned());
        }
        r
    }

    #[test]
    fn a_decision_goes_under_the_item_it_names_or_the_longest_number_before_its_own() {
        let agenda = [
            row(&[("number", "1."), ("title", "О самооценке МСОКО")]),
            row(&[("number", "2"), ("title", "Об объективности ВПР")]),
            row(&[("number", "2.1"), ("title", "О перепроверке работ")]),
        ];
        let a = Agenda::new(&agenda);
        let d = |number: &str, named: &str| row(&[("number", number), ("agenda_item", named)]);
        assert_eq!(a.place(&d("1.1", "")), Some(0));
        assert_eq!(a.place(&d("2.1.1", "")), Some(2));
        assert_eq!(a.place(&d("2.2", "")), Some(1));
        assert_eq!(a.place(&d("1.", "")), Some(0));
        // Named by number or title, whatever its own number says.
        assert_eq!(a.place(&d("1.1", "2.1.")), Some(2));
        assert_eq!(a.place(&d("7", "Об объективности ВПР")), Some(1));
        // Refused: a name no item has falls back to the number; no prefix, no item.
        assert_eq!(a.place(&d("2.5", "нет такого")), Some(1));
        assert_eq!(a.place(&d("3.1", "")), None);
        assert_eq!(a.place(&d("21.1", "")), None, "«21.1» is not under «2»");
        assert_eq!(
            a.place(&d("1", "")),
            None,
            "a number with no full stop is under nothing"
        );
        assert_eq!(a.place(&d("", "")), None);
    }

    #[test]
    fn decisions_group_by_addressee_in_first_appearance() {
        let rows = [
            row(&[("addressee", "Руководителям ОО"), ("number", "1")]),
            row(&[("addressee", "ИМЦ"), ("number", "2")]),
            row(&[("addressee", " Руководителям ОО "), ("number", "3")]),
            row(&[("number", "4")]),
        ];
        let refs: Vec<&Row> = rows.iter().collect();
        let groups = by_addressee(&refs);
        let shown: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|(a, list)| (*a, list.iter().map(|r| cell(r, "number")).collect()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Руководителям ОО", vec!["1", "3"]),
                ("ИМЦ", vec!["2"]),
                ("", vec!["4"])
            ]
        );
    }
}
