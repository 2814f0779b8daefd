//! The sheet's rows → the template JSON, remembering for every JSON path the row and column
//! it came from, so that a refusal by [`model::Template::from_json`] names a cell.

use model::{Json, Problem, COLUMN_KINDS, FIELD_KINDS, ITEM_KINDS, TEMPLATE_FORMAT};

use super::cells::{number_json, Reader};
use super::error::{SheetError, SheetProblem};
use super::rows::Row;
use super::*;

/// An object of the template file made from one row, with the sheet cells its keys came from.
pub(super) struct Node {
    row: usize,
    /// The column a problem with the whole object points at.
    main: usize,
    fields: Vec<(String, Json)>,
    /// JSON key (relative to this object) → (row, canonical column).
    cells: Vec<(String, usize, usize)>,
    /// Child lists; `items` and `sections` are written even when empty.
    lists: Vec<(&'static str, Vec<Node>)>,
}

impl Node {
    fn new(row: usize, main: usize) -> Node {
        Node {
            row,
            main,
            fields: Vec::new(),
            cells: Vec::new(),
            lists: Vec::new(),
        }
    }

    pub(super) fn set(&mut self, key: &str, value: Json, column: usize) {
        self.fields.push((key.to_owned(), value));
        self.cells.push((key.to_owned(), self.row, column));
    }

    fn list(&mut self, name: &'static str) -> &mut Vec<Node> {
        let at = match self.lists.iter().position(|(n, _)| *n == name) {
            Some(at) => at,
            None => {
                self.lists.push((name, Vec::new()));
                self.lists.len() - 1
            }
        };
        &mut self.lists[at].1
    }

    /// The object as JSON, noting for every path in it the sheet cell it came from.
    pub(super) fn to_json(&self, path: &str, places: &mut Vec<(String, usize, usize)>) -> Json {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        };
        if !path.is_empty() {
            places.push((path.to_owned(), self.row, self.main));
        }
        for (key, row, column) in &self.cells {
            places.push((join(key), *row, *column));
        }
        let mut fields = self.fields.clone();
        for (name, nodes) in &self.lists {
            if nodes.is_empty() && !matches!(*name, "items" | "sections") {
                continue;
            }
            let list = nodes
                .iter()
                .enumerate()
                .map(|(i, node)| node.to_json(&join(&format!("{name}[{i}]")), places))
                .collect();
            fields.push(((*name).to_owned(), Json::Arr(list)));
        }
        Json::Obj(fields)
    }
}

/// The sheet row and column that a JSON path of a refused template came from.
pub(super) fn locate(
    places: &[(String, usize, usize)],
    path: &str,
    problem: &Problem,
) -> Option<(usize, usize)> {
    let find = |p: &str| {
        places
            .iter()
            .find(|(q, _, _)| q == p)
            .map(|(_, row, c)| (*row, *c))
    };
    if matches!(
        problem,
        Problem::PresetOptions | Problem::ScaleAndChoices | Problem::NoChoices
    ) {
        for key in ["choices", "labels", "scale", "kind"] {
            if let Some(found) = find(&format!("{path}.{key}")) {
                return Some(found);
            }
        }
    }
    let mut p = path;
    loop {
        if let Some(found) = find(p) {
            return Some(found);
        }
        p = &p[..p.rfind(['.', '['])?];
    }
}

/// A parent id as written, and the row it was written on.
type Parent = Option<(String, usize)>;

enum Top {
    Group(usize),
    Section(usize),
}

/// A node with the row's id and, under `key` (`label` or `title`), its text in both languages
/// when given (empty when not: the template's check names what is missing).
fn named(reader: &Reader, row: &Row, key: &str) -> Node {
    let mut node = Node::new(row.n, ID);
    node.set("id", Json::Str(row.value(ID).unwrap_or("").to_owned()), ID);
    set_label(reader, &mut node, row, key);
    node
}

/// Sets `key` to the row's label text in both languages, or to empty text.
fn set_label(reader: &Reader, node: &mut Node, row: &Row, key: &str) {
    let text = reader.text(row, LABEL, LABEL_EN);
    node.set(key, text.unwrap_or_else(|| Json::Str(String::new())), LABEL);
}

/// A field's or a table column's node as far as both go: its id, its label (in both languages
/// when given) and its kind among `kinds`, in that key order.
fn labelled(
    reader: &Reader,
    row: &Row,
    kinds: &'static [&'static str],
) -> Result<Node, SheetError> {
    let mut node = named(reader, row, "label");
    if let Some(kind) = reader.kind(row, kinds)? {
        node.set("kind", Json::Str(kind.to_owned()), KIND);
    }
    Ok(node)
}

pub(super) fn build(reader: &Reader, rows: &[Row]) -> Result<Node, SheetError> {
    let mut root = Node::new(1, ID);
    let mut meta: Vec<&'static str> = Vec::new();
    let mut scales: Vec<(String, Json)> = Vec::new();
    let mut scale_names: std::collections::HashSet<String> = Default::default();
    let mut fields = Vec::new();
    let mut levels: Vec<(Parent, Node)> = Vec::new();
    let mut tops = Vec::new();
    let mut groups: Vec<(String, Node)> = Vec::new();
    let mut sections: Vec<(Parent, String, Node)> = Vec::new();
    // Whether the last section has had an item row yet; columns go to the last item.
    let mut has_item = false;
    for row in rows {
        let kind = reader.required(row, ROW)?;
        let lower = kind.to_lowercase();
        let Some(&(_, _, row_type)) = ROW_TYPES
            .iter()
            .find(|(en, ru, _)| *en == lower || *ru == lower)
        else {
            return Err(reader.err(
                row.n,
                ROW,
                SheetProblem::UnknownRowType {
                    found: kind.to_owned(),
                },
            ));
        };
        let allowed = row_type.columns();
        if let Some(c) = (0..N).find(|&c| allowed & (1 << c) == 0 && row.value(c).is_some()) {
            return Err(reader.err(row.n, c, SheetProblem::NotForRow));
        }
        match row_type {
            RowType::Meta => {
                let key = reader.required(row, ID)?;
                let Some(&key) = META_KEYS.iter().find(|k| **k == key.to_lowercase()) else {
                    return Err(reader.err(
                        row.n,
                        ID,
                        SheetProblem::UnknownMetaKey {
                            key: key.to_owned(),
                        },
                    ));
                };
                if meta.contains(&key) {
                    return Err(reader.err(
                        row.n,
                        ID,
                        SheetProblem::Duplicate {
                            name: key.to_owned(),
                        },
                    ));
                }
                meta.push(key);
                match key {
                    "format" => {
                        let format = reader.whole(row, LABEL)?.unwrap_or(TEMPLATE_FORMAT);
                        root.set(key, Json::Num(f64::from(format)), LABEL);
                    }
                    "id" | "version" => {
                        root.set(
                            key,
                            Json::Str(row.value(LABEL).unwrap_or("").to_owned()),
                            LABEL,
                        );
                    }
                    _ => {
                        let text = reader
                            .text(row, LABEL, LABEL_EN)
                            .unwrap_or_else(|| Json::Str(String::new()));
                        root.set(key, text, LABEL);
                    }
                }
                if let Some(last) = root.cells.last_mut() {
                    last.1 = row.n;
                }
            }
            RowType::Field => {
                let mut node = labelled(reader, row, FIELD_KINDS)?;
                if let Some(required) = reader.yes_no(row, REQUIRED)? {
                    node.set("required", Json::Bool(required), REQUIRED);
                }
                reader.set_text(&mut node, row, "help", HELP, HELP_EN);
                fields.push(node);
            }
            RowType::Scale => {
                let name = reader.required(row, ID)?;
                if !scale_names.insert(name.to_owned()) {
                    return Err(reader.err(
                        row.n,
                        ID,
                        SheetProblem::Duplicate {
                            name: name.to_owned(),
                        },
                    ));
                }
                let choices = reader
                    .choices(row)?
                    .ok_or_else(|| reader.err(row.n, OPTIONS, SheetProblem::Required))?;
                root.cells.push((format!("scales.{name}"), row.n, OPTIONS));
                scales.push((name.to_owned(), choices));
            }
            RowType::Level => {
                let mut node = Node::new(row.n, MIN);
                let min = reader.number(row, MIN)?;
                let min = min.ok_or_else(|| reader.err(row.n, MIN, SheetProblem::Required))?;
                node.set("min", number_json(min), MIN);
                set_label(reader, &mut node, row, "label");
                let tone = reader
                    .kind(row, &TONES)?
                    .ok_or_else(|| reader.err(row.n, KIND, SheetProblem::Required))?;
                node.set("tone", Json::Str(tone.to_owned()), KIND);
                let parent = row.value(PARENT).map(|p| (p.to_owned(), row.n));
                levels.push((parent, node));
            }
            RowType::Group => {
                let id = row.value(ID).unwrap_or("").to_owned();
                let mut node = named(reader, row, "title");
                node.list("sections");
                tops.push(Top::Group(groups.len()));
                groups.push((id, node));
            }
            RowType::Section => {
                let id = row.value(ID).unwrap_or("").to_owned();
                let mut node = named(reader, row, "title");
                if let Some(c) = row.text(CONDITION) {
                    node.set("visible_if", Json::Str(c.to_owned()), CONDITION);
                }
                node.list("levels");
                node.list("items");
                let parent = row.value(PARENT).map(|p| (p.to_owned(), row.n));
                if parent.is_none() {
                    tops.push(Top::Section(sections.len()));
                }
                sections.push((parent, id, node));
                has_item = false;
            }
            RowType::Item => {
                let node = item(reader, row)?;
                let Some((_, _, section)) = sections.last_mut() else {
                    return Err(reader.err(row.n, ROW, SheetProblem::NoSection));
                };
                section.list("items").push(node);
                has_item = true;
            }
            RowType::Column => {
                let mut node = labelled(reader, row, COLUMN_KINDS)?;
                if let Some(choices) = reader.choices(row)? {
                    node.set("choices", choices, OPTIONS);
                }
                if let Some(required) = reader.yes_no(row, REQUIRED)? {
                    node.set("required", Json::Bool(required), REQUIRED);
                }
                let item = sections
                    .last_mut()
                    .filter(|_| has_item)
                    .and_then(|(_, _, s)| s.list("items").last_mut());
                let Some(item) = item else {
                    return Err(reader.err(row.n, ROW, SheetProblem::NoItem));
                };
                item.list("columns").push(node);
            }
        }
    }
    for key in ["id", "version", "title"] {
        if !meta.contains(&key) {
            return Err(whole_file(SheetProblem::MissingMeta { key }));
        }
    }
    if !meta.contains(&"format") {
        root.fields
            .insert(0, ("format".into(), Json::Num(f64::from(TEMPLATE_FORMAT))));
    }
    if !scales.is_empty() {
        root.fields.push(("scales".into(), Json::Obj(scales)));
    }
    root.lists.push(("respondent", fields));
    // Levels go to the template or to the section named in their parent cell.
    // Parents by id, each found once (the first of an id, as a search in row order would).
    let mut section_at: std::collections::HashMap<String, usize> = Default::default();
    for (i, (_, id, _)) in sections.iter().enumerate() {
        section_at.entry(id.clone()).or_insert(i);
    }
    let mut template_levels = Vec::new();
    for (parent, node) in levels {
        match parent {
            None => template_levels.push(node),
            Some((id, n)) => {
                let Some(&at) = section_at.get(&id) else {
                    return Err(reader.err(n, PARENT, SheetProblem::UnknownParent { id }));
                };
                sections[at].2.list("levels").push(node);
            }
        }
    }
    let mut group_at: std::collections::HashMap<String, usize> = Default::default();
    for (i, (id, _)) in groups.iter().enumerate() {
        group_at.entry(id.clone()).or_insert(i);
    }
    root.lists.push(("levels", template_levels));
    // Sections go into their group, in row order; groups and loose sections stay in row order.
    let mut loose: Vec<Option<Node>> = Vec::with_capacity(sections.len());
    for (parent, _, node) in sections {
        match parent {
            None => loose.push(Some(node)),
            Some((id, n)) => {
                let Some(&at) = group_at.get(&id) else {
                    return Err(reader.err(n, PARENT, SheetProblem::UnknownParent { id }));
                };
                groups[at].1.list("sections").push(node);
                loose.push(None);
            }
        }
    }
    let mut groups: Vec<Option<Node>> = groups.into_iter().map(|(_, g)| Some(g)).collect();
    let top_nodes = root.list("sections");
    for top in tops {
        let node = match top {
            Top::Group(g) => groups.get_mut(g).and_then(Option::take),
            Top::Section(s) => loose.get_mut(s).and_then(Option::take),
        };
        top_nodes.extend(node);
    }
    Ok(root)
}

fn item(reader: &Reader, row: &Row) -> Result<Node, SheetError> {
    let mut node = named(reader, row, "label");
    let kind = reader
        .kind(row, ITEM_KINDS)?
        .ok_or_else(|| reader.err(row.n, KIND, SheetProblem::Required))?;
    node.set("kind", Json::Str(kind.to_owned()), KIND);
    node.cells.push(("columns".into(), row.n, KIND));
    if let Some(scale) = row.value(SCALE) {
        node.set("scale", Json::Str(scale.to_owned()), SCALE);
    }
    if row.text(OPTIONS).is_none() && row.text(OPTIONS_EN).is_some() {
        return Err(reader.err(row.n, OPTIONS_EN, SheetProblem::NotForRow));
    }
    if kind == "likert" {
        if let Some(labels) = reader.labels(row)? {
            node.set("labels", labels, OPTIONS);
        }
    } else if let Some(choices) = reader.choices(row)? {
        node.set("choices", choices, OPTIONS);
    }
    if let Some(good) = reader.yes_no(row, GOOD)? {
        node.set(
            "good",
            Json::Str(if good { "yes" } else { "no" }.into()),
            GOOD,
        );
    }
    if let Some(points) = reader.whole(row, POINTS)? {
        node.set("points", Json::Num(f64::from(points)), POINTS);
    }
    for (key, c) in [
        ("reverse", REVERSE),
        ("required", REQUIRED),
        ("integer", INTEGER),
        ("evidence", EVIDENCE),
        ("comment", COMMENT),
    ] {
        if let Some(b) = reader.yes_no(row, c)? {
            node.set(key, Json::Bool(b), c);
        }
    }
    for (key, c) in [("min", MIN), ("max", MAX)] {
        if let Some(x) = reader.number(row, c)? {
            node.set(key, number_json(x), c);
        }
    }
    reader.set_text(&mut node, row, "unit", UNIT, UNIT_EN);
    if let Some(bands) = reader.bands(row)? {
        node.set("bands", bands, BANDS);
    }
    for (key, c) in [("weight", WEIGHT), ("max_choices", MAX_CHOICES)] {
        if let Some(n) = reader.whole(row, c)? {
            node.set(key, Json::Num(f64::from(n)), c);
        }
    }
    if let Some(p) = row.text(PATTERN) {
        node.set("pattern", Json::Str(p.to_owned()), PATTERN);
    }
    reader.set_text(&mut node, row, "message", MESSAGE, MESSAGE_EN);
    if let Some(c) = row.text(CONDITION) {
        node.set("visible_if", Json::Str(c.to_owned()), CONDITION);
    }
    reader.set_text(&mut node, row, "help", HELP, HELP_EN);
    reader.set_text(
        &mut node,
        row,
        "recommendation",
        RECOMMENDATION,
        RECOMMENDATION_EN,
    );
    Ok(node)
}
