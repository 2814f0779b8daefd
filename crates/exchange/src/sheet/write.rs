//! A template → its canonical sheet (what the built-in examples are), in the profile Russian
//! Excel opens as it is.

use model::{Choice, Item, ItemKind, Template, Text, TEMPLATE_FORMAT};

use super::*;

/// A cell as CSV: marked with an apostrophe when [`sheet_guard`] says so, and quoted when it
/// holds the separator, a quote or a line break.
fn push_cell(out: &mut String, cell: &str) {
    let guarded;
    let cell = if sheet_guard(cell) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    if cell.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// A number as Russian Excel reads it: decimal comma.
fn number_cell(x: f64) -> String {
    format!("{x}").replace('.', ",")
}

fn escape(s: &str, specials: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' || specials.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn choices_cells(choices: &[Choice]) -> (String, String) {
    let options: Vec<String> = choices
        .iter()
        .map(|c| {
            let points = match (c.not_applicable, c.points) {
                (true, 0) => "n/a".to_owned(),
                (true, p) => format!("{p} n/a"),
                (false, p) => p.to_string(),
            };
            format!(
                "{}: {} = {points}",
                escape(&c.value, &['|', ':', '=']),
                escape(&c.label.ru, &['|', '='])
            )
        })
        .collect();
    let english = english_cell(choices.iter().map(|c| &c.label));
    (options.join(" | "), english)
}

fn english_cell<'a>(texts: impl Iterator<Item = &'a Text>) -> String {
    let parts: Vec<String> = texts
        .map(|t| escape(t.en.as_deref().unwrap_or(""), &['|']))
        .collect();
    if parts.iter().all(String::is_empty) {
        String::new()
    } else {
        parts.join(" | ")
    }
}

struct SheetWriter {
    out: String,
}

impl SheetWriter {
    fn row(&mut self, cells: &[String; N]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(';');
            }
            push_cell(&mut self.out, cell);
        }
        self.out.push_str("\r\n");
    }
}

fn new_row(row: &str) -> [String; N] {
    let mut cells: [String; N] = Default::default();
    cells[ROW] = row.to_owned();
    cells
}

fn put_text(cells: &mut [String; N], ru: usize, en: usize, text: Option<&Text>) {
    if let Some(t) = text {
        cells[ru] = t.ru.clone();
        cells[en] = t.en.clone().unwrap_or_default();
    }
}

fn yes(b: bool) -> String {
    if b {
        "yes".into()
    } else {
        String::new()
    }
}

/// The labels a Likert item was written with, recovered from its generated options
/// (`"3 — label"`): one per point, the two ends, or none.
fn likert_labels(item: &Item) -> Vec<Text> {
    let strip = |k: usize, s: &str| s.strip_prefix(&format!("{k} — ")).map(str::to_owned);
    let labels: Vec<Option<Text>> = item
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            strip(i + 1, &c.label.ru).map(|ru| Text {
                ru,
                en: c.label.en.as_deref().and_then(|en| strip(i + 1, en)),
            })
        })
        .collect();
    if labels.iter().all(Option::is_some) {
        return labels.into_iter().flatten().collect();
    }
    match (labels.first(), labels.last()) {
        (Some(Some(first)), Some(Some(last))) => vec![first.clone(), last.clone()],
        _ => Vec::new(),
    }
}

fn level_rows(w: &mut SheetWriter, parent: &str, levels: &[model::Level]) {
    for level in levels {
        let mut cells = new_row("level");
        cells[PARENT] = parent.to_owned();
        cells[MIN] = number_cell(f64::from(level.min_tenths) / 10.0);
        put_text(&mut cells, LABEL, LABEL_EN, Some(&level.label));
        cells[KIND] = level.tone.name().to_owned();
        w.row(&cells);
    }
}

fn item_row(w: &mut SheetWriter, item: &Item) {
    use ItemKind as K;
    let mut cells = new_row("item");
    cells[ID] = item.id.clone();
    cells[KIND] = item.kind.name().to_owned();
    put_text(&mut cells, LABEL, LABEL_EN, Some(&item.label));
    match item.kind {
        K::Choice | K::Multi => {
            (cells[OPTIONS], cells[OPTIONS_EN]) = choices_cells(&item.choices);
        }
        K::YesNo if item.choices.get(1).is_some_and(|c| c.points > 0) => {
            cells[GOOD] = "no".into();
        }
        K::Likert => {
            let labels = likert_labels(item);
            let ru: Vec<String> = labels.iter().map(|t| escape(&t.ru, &['|'])).collect();
            cells[OPTIONS] = ru.join(" | ");
            cells[OPTIONS_EN] = english_cell(labels.iter());
            cells[POINTS] = item.choices.len().to_string();
            cells[REVERSE] = yes(item.choices.first().is_some_and(|c| c.points > 0));
        }
        _ => {}
    }
    let bound = |x: Option<f64>, default: f64| match x {
        Some(x) if x != default || item.kind == K::Number => number_cell(x),
        _ => String::new(),
    };
    if matches!(item.kind, K::Number | K::Percentage) {
        cells[MIN] = bound(item.min, 0.0);
        cells[MAX] = bound(item.max, 100.0);
    }
    if item.kind == K::Number {
        cells[INTEGER] = yes(item.integer);
        put_text(&mut cells, UNIT, UNIT_EN, item.unit.as_ref());
    }
    let bands: Vec<String> = item
        .bands
        .iter()
        .map(|b| {
            let range = match (b.min, b.max) {
                (Some(a), Some(b)) => format!("{}..{}", number_cell(a), number_cell(b)),
                (Some(a), None) => format!(">={}", number_cell(a)),
                (None, Some(b)) => format!("<{}", number_cell(b)),
                (None, None) => "*".to_owned(),
            };
            format!("{range} = {}", b.points)
        })
        .collect();
    cells[BANDS] = bands.join(" | ");
    cells[REQUIRED] = yes(item.required);
    if item.weight != 1 {
        cells[WEIGHT] = item.weight.to_string();
    }
    if let Some(m) = item.max_choices {
        cells[MAX_CHOICES] = m.to_string();
    }
    if let Some(p) = &item.pattern {
        cells[PATTERN] = p.source().to_owned();
    }
    put_text(&mut cells, MESSAGE, MESSAGE_EN, item.message.as_ref());
    if let Some(c) = &item.visible_if {
        cells[CONDITION] = c.source.clone();
    }
    cells[EVIDENCE] = yes(item.evidence);
    cells[COMMENT] = yes(item.comment);
    put_text(&mut cells, HELP, HELP_EN, item.help.as_ref());
    put_text(
        &mut cells,
        RECOMMENDATION,
        RECOMMENDATION_EN,
        item.recommendation.as_ref(),
    );
    w.row(&cells);
    for column in &item.columns {
        let mut cells = new_row("column");
        cells[ID] = column.id.clone();
        cells[KIND] = column.kind.name().to_owned();
        put_text(&mut cells, LABEL, LABEL_EN, Some(&column.label));
        if !column.choices.is_empty() {
            (cells[OPTIONS], cells[OPTIONS_EN]) = choices_cells(&column.choices);
        }
        cells[REQUIRED] = yes(column.required);
        w.row(&cells);
    }
}

/// The canonical sheet of a template: UTF-8 with a byte-order mark, `;` between cells, CRLF
/// line ends (what Russian Excel opens as it is), options written inline on each item.
pub fn template_to_sheet(t: &Template) -> String {
    let mut w = SheetWriter {
        out: String::from('\u{FEFF}'),
    };
    w.row(&COLUMNS.map(|(name, _)| name.to_owned()));
    let meta = |w: &mut SheetWriter, key: &str, ru: String, en: Option<String>| {
        let mut cells = new_row("meta");
        cells[ID] = key.to_owned();
        cells[LABEL] = ru;
        cells[LABEL_EN] = en.unwrap_or_default();
        w.row(&cells);
    };
    meta(&mut w, "format", TEMPLATE_FORMAT.to_string(), None);
    meta(&mut w, "id", t.id.clone(), None);
    meta(&mut w, "version", t.version.clone(), None);
    for (key, text) in [
        ("title", Some(&t.title)),
        ("description", t.description.as_ref()),
        ("source", t.source.as_ref()),
        ("notice", t.notice.as_ref()),
    ] {
        if let Some(text) = text {
            meta(&mut w, key, text.ru.clone(), text.en.clone());
        }
    }
    for field in &t.respondent {
        let mut cells = new_row("field");
        cells[ID] = field.id.clone();
        cells[KIND] = field.kind.name().to_owned();
        put_text(&mut cells, LABEL, LABEL_EN, Some(&field.label));
        cells[REQUIRED] = yes(field.required);
        put_text(&mut cells, HELP, HELP_EN, field.help.as_ref());
        w.row(&cells);
    }
    level_rows(&mut w, "", &t.levels);
    let mut written_groups = Vec::new();
    for section in &t.sections {
        let group = section.group.and_then(|g| t.groups.get(g));
        if let (Some(g), Some(group)) = (section.group, group) {
            if !written_groups.contains(&g) {
                written_groups.push(g);
                let mut cells = new_row("group");
                cells[ID] = group.id.clone();
                put_text(&mut cells, LABEL, LABEL_EN, Some(&group.title));
                w.row(&cells);
            }
        }
        let mut cells = new_row("section");
        cells[PARENT] = group.map(|g| g.id.clone()).unwrap_or_default();
        cells[ID] = section.id.clone();
        put_text(&mut cells, LABEL, LABEL_EN, Some(&section.title));
        if let Some(c) = &section.visible_if {
            cells[CONDITION] = c.source.clone();
        }
        w.row(&cells);
        level_rows(&mut w, &section.id, &section.levels);
        for item in &section.items {
            item_row(&mut w, item);
        }
    }
    w.out
}
