//! Visibility conditions: they refer to items that exist, compare them with values they can
//! have, and do not depend on each other in a circle; the order in which visibility is decided
//! comes out of the same search.

use super::build::invalid;
use super::{Item, ItemKind, Problem, Template, TemplateError};
use crate::expr::Expr;

/// Conditions refer to items that exist, compare them with values they can have, and do not
/// depend on each other in a circle.
pub(super) fn check_conditions(
    t: &Template,
    paths: &[(String, Vec<String>)],
) -> Result<Vec<(usize, usize)>, TemplateError> {
    let conditions = t
        .sections
        .iter()
        .zip(paths)
        .flat_map(|(section, (s_at, i_ats))| {
            let own = section.visible_if.as_ref().map(|c| (s_at, c, None));
            let items = section.items.iter().zip(i_ats).filter_map(|(item, at)| {
                item.visible_if
                    .as_ref()
                    .map(|c| (at, c, Some(item.id.as_str())))
            });
            own.into_iter().chain(items)
        });
    for (at, cond, own_id) in conditions {
        let at = format!("{at}.visible_if");
        for id in cond.expr.refs() {
            if t.item(id).is_none() || Some(id) == own_id {
                return Err(invalid(at, Problem::UnknownReference { id: id.to_owned() }));
            }
        }
        check_types(t, &cond.expr).map_err(|p| invalid(at, p))?;
    }
    // Depth-first search over "item's visibility reads item" edges, with its own stack (a
    // chain of thousands of items must not recurse). Items finish after everything they
    // read: that order is the one visibility is decided in.
    let places: Vec<(usize, usize)> = t
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, sec)| (0..sec.items.len()).map(move |i| (s, i)))
        .collect();
    // An item's place in `places`, from its (section, item).
    let mut first = Vec::with_capacity(t.sections.len());
    let mut n = 0;
    for section in &t.sections {
        first.push(n);
        n += section.items.len();
    }
    let flat = |id: &str| t.position(id).map(|(s, i)| first[s] + i);
    let deps: Vec<Vec<usize>> = t
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(move |i| (s, i)))
        .map(|(s, i)| {
            let mut refs = i
                .visible_if
                .as_ref()
                .map(|c| c.expr.refs())
                .unwrap_or_default();
            refs.extend(
                s.visible_if
                    .as_ref()
                    .map(|c| c.expr.refs())
                    .unwrap_or_default(),
            );
            refs.into_iter().filter_map(&flat).collect()
        })
        .collect();
    let mut order = Vec::with_capacity(places.len());
    let mut state = vec![0u8; places.len()]; // 0 new, 1 on the path, 2 done
    for start in 0..places.len() {
        if state[start] != 0 {
            continue;
        }
        let mut path = vec![start];
        let mut next = vec![0usize];
        state[start] = 1;
        while let Some(&node) = path.last() {
            let k = next.last().copied().unwrap_or(0);
            match deps[node].get(k) {
                Some(&dep) => {
                    if let Some(n) = next.last_mut() {
                        *n += 1;
                    }
                    match state[dep] {
                        1 => return Err(cycle_error(t, paths, &path, dep)),
                        0 => {
                            state[dep] = 1;
                            path.push(dep);
                            next.push(0);
                        }
                        _ => {}
                    }
                }
                None => {
                    state[node] = 2;
                    order.push(places[node]);
                    path.pop();
                    next.pop();
                }
            }
        }
    }
    Ok(order)
}

/// The circle of conditions that `dep` closes on the current search path, at the condition
/// of the item the circle returns to.
fn cycle_error(
    t: &Template,
    paths: &[(String, Vec<String>)],
    path: &[usize],
    dep: usize,
) -> TemplateError {
    let ids: Vec<&str> = t.items().map(|i| i.id.as_str()).collect();
    let from = path.iter().position(|&p| p == dep).unwrap_or(0);
    let mut circle: Vec<String> = path[from..].iter().map(|&p| ids[p].to_owned()).collect();
    circle.push(ids[dep].to_owned());
    let at = t
        .position(ids[dep])
        .and_then(|(s, i)| paths.get(s).map(|(s_at, i_ats)| (s_at, i_ats.get(i))))
        .map(|(s_at, i_at)| i_at.unwrap_or(s_at).clone())
        .unwrap_or_default();
    invalid(format!("{at}.visible_if"), Problem::Cycle { ids: circle })
}

/// Whether a condition can read an item as a number.
fn numeric_kind(kind: ItemKind) -> bool {
    kind.is_numeric() || matches!(kind, ItemKind::Likert | ItemKind::Table)
}

fn check_types(t: &Template, expr: &Expr) -> Result<(), Problem> {
    let item = |e: &Expr| match e {
        Expr::Ref(id) => t.item(id),
        _ => None,
    };
    let option = |i: &Item, e: &Expr| -> Result<(), Problem> {
        match e {
            Expr::Str(v) if i.kind.has_choices() && i.choice(v).is_none() => {
                Err(Problem::NotAnOption {
                    item: i.id.clone(),
                    value: v.clone(),
                })
            }
            _ => Ok(()),
        }
    };
    let numeric = |e: &Expr| -> Result<(), Problem> {
        match item(e) {
            Some(i) if !numeric_kind(i.kind) => Err(Problem::NotNumeric { item: i.id.clone() }),
            _ => Ok(()),
        }
    };
    match expr {
        Expr::Num(_) | Expr::Str(_) | Expr::Ref(_) => Ok(()),
        Expr::Not(e) => check_types(t, e),
        Expr::Neg(e) => {
            numeric(e)?;
            check_types(t, e)
        }
        Expr::And(a, b) | Expr::Or(a, b) => {
            check_types(t, a)?;
            check_types(t, b)
        }
        Expr::Arith(a, _, b) => {
            numeric(a)?;
            numeric(b)?;
            check_types(t, a)?;
            check_types(t, b)
        }
        Expr::Cmp(a, op, b) => {
            for (x, y) in [(a, b), (b, a)] {
                if let Some(i) = item(x) {
                    option(i, y)?;
                    let ordered = !matches!(op, crate::expr::CmpOp::Eq | crate::expr::CmpOp::Ne);
                    if matches!(**y, Expr::Num(_)) || ordered && item(y).is_none() {
                        numeric(x)?;
                    }
                }
            }
            check_types(t, a)?;
            check_types(t, b)
        }
        Expr::In(a, list) => {
            if let Some(i) = item(a) {
                list.iter().try_for_each(|e| option(i, e))?;
            }
            check_types(t, a)?;
            list.iter().try_for_each(|e| check_types(t, e))
        }
        Expr::InRef(a, id) => {
            if let Some(i) = t.item(id) {
                option(i, a)?;
            }
            check_types(t, a)
        }
    }
}
