//! Every column name an export makes is made once (the `columns` feature: on wherever files
//! come in).

use std::collections::HashSet;

use super::build::invalid;
use super::{ItemKind, Problem, Template, TemplateError, CSV_META};
use crate::vecmap::VecMap;

/// Every column name an export of the template makes, in each layout, is made once: an item
/// `a_evidence` beside an item `a` with evidence, or a field called `row_checksum`, would
/// give a file that no import can read. The names follow `exchange::csv::Spec`; a test there
/// holds the two together.
pub(super) fn check_columns(
    t: &Template,
    paths: &[(String, Vec<String>)],
) -> Result<(), TemplateError> {
    // The names every layout has of its own are kept from all of them: a reader tells the
    // layouts apart by them (an item `item_id` would make a wide file look long).
    const FIXED: [&str; 20] = [
        "section_id",
        "item_id",
        "item_text",
        "kind",
        "value",
        "code",
        "points",
        "max_points",
        "doc_name",
        "doc_number",
        "doc_date",
        "doc_link",
        "evidence",
        "comment",
        "section_pct",
        "section_level",
        "row_no",
        "pct_total",
        "level_total",
        "row_checksum",
    ];
    /// Who makes a column, by index; its path is written only for an error.
    #[derive(Clone, Copy, PartialEq)]
    enum Owner {
        Format,
        Field(usize),
        Item(usize, usize),
        Section(usize),
        Column(usize, usize, usize),
    }
    let path = |o: Owner| match o {
        Owner::Format => "the file format".to_owned(),
        Owner::Field(i) => format!("respondent[{i}].id"),
        Owner::Item(s, i) => [paths[s].1[i].as_str(), ".id"].concat(),
        Owner::Section(s) => [paths[s].0.as_str(), ".id"].concat(),
        Owner::Column(s, i, c) => format!("{}.columns[{c}].id", paths[s].1[i]),
    };
    let levels = t.has_levels();
    // Layouts: 0 wide, 1 long, 2 tables (as `exchange::csv::Spec` makes them).
    for layout in 0..3 {
        let mut names: Vec<(String, Owner)> = CSV_META
            .iter()
            .chain(FIXED.iter())
            .map(|n| ((*n).to_owned(), Owner::Format))
            .collect();
        names.extend(
            t.respondent
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), Owner::Field(i))),
        );
        let mut table_columns = HashSet::new();
        for (s, section) in t.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                let (id, owner) = (item.id.as_str(), Owner::Item(s, i));
                if layout == 0 {
                    if item.kind == ItemKind::Evidence {
                        for part in ["_name", "_number", "_date", "_link"] {
                            names.push(([id, part].concat(), owner));
                        }
                    } else {
                        names.push((id.to_owned(), owner));
                    }
                    if item.evidence {
                        names.push(([id, "_evidence"].concat(), owner));
                    }
                    if item.comment {
                        names.push(([id, "_comment"].concat(), owner));
                    }
                }
                if layout == 2 {
                    for (c, column) in item.columns.iter().enumerate() {
                        // The same column id in two tables is one column, as the writer has it.
                        if table_columns.insert(column.id.as_str()) {
                            names.push((["col_", &column.id].concat(), Owner::Column(s, i, c)));
                        }
                    }
                }
            }
            if layout == 0 {
                names.push((["pct_", &section.id].concat(), Owner::Section(s)));
                if levels {
                    names.push((["level_", &section.id].concat(), Owner::Section(s)));
                }
            }
        }
        let mut made: VecMap<Owner> = VecMap::new();
        for (name, owner) in &names {
            if let Some(&other) = made.get(name) {
                // Reported at the template's place, never at the format's.
                let (at, other) = if *owner == Owner::Format {
                    (other, *owner)
                } else {
                    (*owner, other)
                };
                return Err(invalid(
                    path(at),
                    Problem::ColumnClash {
                        column: name.clone(),
                        other: path(other),
                    },
                ));
            }
            made.insert(name.clone(), *owner);
        }
    }
    Ok(())
}
