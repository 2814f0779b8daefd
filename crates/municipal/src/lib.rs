//! The municipality's consolidated view: many schools' assessments turned into one table.
//!
//! Shared by the command line (`otsenka summary`) and the app's «Муниципалитет» page, so both
//! give the same numbers:
//! - [`SchoolResult::of`] evaluates one assessment once and keeps only what the table needs
//!   (who, when, % per section, total, the deficits as item positions) — small enough to keep
//!   for tens of thousands of schools;
//! - [`consolidate`] keeps the newest copy of each assessment id, then puts every school's
//!   assessments of one template version and academic year together: the newest is chosen
//!   unless the person chose another ([`Choices`]); different template versions are kept apart;
//! - [`stats`] (municipal mean, minimum and maximum per section and of the total),
//!   [`RiskRule`], [`weakest`], [`common_deficits`] and [`distribution`] describe the chosen
//!   rows; [`table`] is the consolidated table with its summary rows, as cells for a CSV file or
//!   a text table.
//!
//! Means are of the schools' percentages as shown (each already rounded to tenths), rounded
//! half up to tenths: every school counts once, whatever its number of items, and anyone can
//! recompute the figure from the table.

pub mod execution;

use std::collections::HashMap;

use model::{
    cmp_instants, evaluate, school_keys, Assessment, Lang, Percent, SchoolId, Section, Template,
    Tone,
};

/// One assessment as the consolidated table sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolResult {
    pub assessment_id: String,
    pub updated_at: String,
    /// The file it came from.
    pub source: String,
    pub template_id: String,
    pub template_version: String,
    pub template_hash: String,
    pub municipality: String,
    pub school: String,
    pub inn: String,
    pub login: String,
    pub year: String,
    /// Per section of the template, in its order; `None` when nothing in it was scored.
    pub sections: Vec<Option<Percent>>,
    pub total: Option<Percent>,
    /// Positions in `Template::items()` of the deficits (no / partly / low score).
    pub deficits: Vec<u16>,
}

impl SchoolResult {
    /// Evaluates `assessment` against its `template` (the caller matched them).
    pub fn of(template: &Template, assessment: &Assessment, source: &str) -> SchoolResult {
        let results = evaluate(template, assessment);
        // A deficit's position: its item found by address among the template's items.
        let position = |item: &model::Item| {
            template
                .items()
                .position(|i| std::ptr::eq(i, item))
                .and_then(|i| u16::try_from(i).ok())
        };
        let value = |k: &str| assessment.respondent_value(k).trim().to_owned();
        SchoolResult {
            assessment_id: assessment.id.clone(),
            updated_at: assessment.updated_at.clone(),
            source: source.to_owned(),
            template_id: template.id.clone(),
            template_version: template.version.clone(),
            template_hash: template.hash.clone(),
            municipality: value("municipality"),
            // A municipality's own self-assessment names its education authority, not a school.
            school: Some(value("school_name"))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| value("body")),
            inn: value("inn"),
            login: value("fis_oko_login"),
            year: value("academic_year"),
            // A direction nobody answered has no percentage («нет ответов»): not a 0 that
            // would read as «низкий уровень» and pull the mean down.
            sections: results
                .sections
                .iter()
                .map(|s| s.score.percent().filter(|_| s.score.answered > 0))
                .collect(),
            total: results
                .total
                .percent()
                .filter(|_| results.total.answered > 0),
            deficits: results
                .deficits
                .iter()
                .filter_map(|d| position(d.item))
                .collect(),
        }
    }

    /// Who the school is, as its assessment says ([`model::SchoolId`]: one rule with the
    /// report's).
    pub fn id(&self) -> SchoolId {
        SchoolId::new(&self.inn, &self.login, &self.municipality, &self.school)
    }

    /// The code shown beside the school's name: its ИНН, else its ФИС ОКО login, else its name
    /// as compared (case, spaces and quotes ignored).
    pub fn code(&self) -> String {
        self.id().code().to_owned()
    }
}

/// The row of one school's assessments of one template version and academic year: the school
/// as [`model::school_keys`] tells it among all the results, or, for an assessment that names
/// no school, the assessment alone.
fn row_key(r: &SchoolResult, school: Option<&str>) -> String {
    let school = school.map_or_else(|| format!("id:{}", r.assessment_id), str::to_owned);
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        r.template_id, r.template_version, school, r.year
    )
}

/// The person's choices among duplicates: school key ([`School::key`]) → the chosen
/// assessment id. A choice whose assessment is gone is ignored.
pub type Choices = HashMap<String, String>;

/// One school's row: every assessment of it (newest first) and the one shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct School {
    pub key: String,
    pub copies: Vec<SchoolResult>,
    pub chosen: usize,
}

impl School {
    pub fn result(&self) -> &SchoolResult {
        &self.copies[self.chosen]
    }

    /// Whether the person picked a copy other than the newest.
    pub fn overridden(&self) -> bool {
        self.chosen != 0
    }
}

/// The schools of one template version, sorted by municipality and school name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub template_id: String,
    pub template_version: String,
    pub template_hash: String,
    pub schools: Vec<School>,
}

impl Group {
    /// The template of this group among `templates`.
    pub fn template<'t>(&self, templates: &'t [Template]) -> Option<&'t Template> {
        templates.iter().find(|t| t.has_hash(&self.template_hash))
    }

    /// Schools with more than one assessment.
    pub fn duplicates(&self) -> impl Iterator<Item = &School> {
        self.schools.iter().filter(|s| s.copies.len() > 1)
    }
}

/// Puts results together: one copy per assessment id (the newest `updated_at`; the same file
/// twice changes nothing), then one row per school key, template versions apart. Groups come
/// in the order their templates first appear.
pub fn consolidate(results: Vec<SchoolResult>, choices: &Choices) -> Vec<Group> {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut unique: Vec<SchoolResult> = Vec::with_capacity(results.len());
    for r in results {
        match by_id.get(&r.assessment_id) {
            Some(&i) => {
                if cmp_instants(&r.updated_at, &unique[i].updated_at).is_gt() {
                    unique[i] = r;
                }
            }
            None => {
                by_id.insert(r.assessment_id.clone(), unique.len());
                unique.push(r);
            }
        }
    }
    let ids: Vec<SchoolId> = unique.iter().map(SchoolResult::id).collect();
    let schools = school_keys(&ids);
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut school_of: HashMap<String, (usize, usize)> = HashMap::new();
    for (r, school) in unique.into_iter().zip(schools) {
        let key = row_key(&r, school.as_deref());
        if let Some(&(g, s)) = school_of.get(&key) {
            groups[g].schools[s].copies.push(r);
            continue;
        }
        let g = *group_of.entry(r.template_hash.clone()).or_insert_with(|| {
            groups.push(Group {
                template_id: r.template_id.clone(),
                template_version: r.template_version.clone(),
                template_hash: r.template_hash.clone(),
                schools: Vec::new(),
            });
            groups.len() - 1
        });
        school_of.insert(key.clone(), (g, groups[g].schools.len()));
        groups[g].schools.push(School {
            key,
            copies: vec![r],
            chosen: 0,
        });
    }
    for g in &mut groups {
        for s in &mut g.schools {
            // Newest first; equal times by id, so the order never depends on file order.
            s.copies.sort_by(|a, b| {
                cmp_instants(&b.updated_at, &a.updated_at)
                    .then_with(|| a.assessment_id.cmp(&b.assessment_id))
            });
            s.chosen = choices
                .get(&s.key)
                .and_then(|id| s.copies.iter().position(|c| c.assessment_id == *id))
                .unwrap_or(0);
        }
        g.schools.sort_by(|a, b| {
            let (a, b) = (a.result(), b.result());
            natural_cmp(&a.municipality, &b.municipality)
                .then_with(|| natural_cmp(&a.school, &b.school))
                .then_with(|| a.year.cmp(&b.year))
        });
    }
    groups
}

/// Orders names as people expect: case ignored, runs of digits by their value
/// («СОШ № 2» before «СОШ № 10»).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let run = |it: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut digits = String::new();
                    while let Some(d) = it.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(d);
                        it.next();
                    }
                    digits.trim_start_matches('0').to_owned()
                };
                let (x, y) = (run(&mut a), run(&mut b));
                let order = x.len().cmp(&y.len()).then_with(|| x.cmp(&y));
                if order.is_ne() {
                    return order;
                }
            }
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order.is_ne() {
                    return order;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// Mean, minimum and maximum of some percentages, and how many there were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stat {
    pub mean: Option<Percent>,
    pub min: Option<Percent>,
    pub max: Option<Percent>,
    pub count: usize,
}

impl Stat {
    pub fn of(values: impl IntoIterator<Item = Option<Percent>>) -> Stat {
        let (mut sum, mut count, mut min, mut max) = (0u64, 0usize, None, None);
        for p in values.into_iter().flatten() {
            sum += u64::from(p.tenths());
            count += 1;
            min = Some(min.map_or(p, |m: Percent| m.min(p)));
            max = Some(max.map_or(p, |m: Percent| m.max(p)));
        }
        let mean = (count > 0).then(|| {
            let n = count as u64;
            // Tenths of tenths: the mean of the shown figures rounded half up.
            let tenths = (sum * 2 + n) / (2 * n);
            Percent::from_tenths(u32::try_from(tenths).unwrap_or(1000))
        });
        Stat {
            mean,
            min,
            max,
            count,
        }
    }
}

/// Per section (in the template's order) and of the total, over the given rows.
pub fn stats(rows: &[&SchoolResult], sections: usize) -> (Vec<Stat>, Stat) {
    let per_section = (0..sections)
        .map(|i| Stat::of(rows.iter().map(|r| r.sections.get(i).copied().flatten())))
        .collect();
    (per_section, Stat::of(rows.iter().map(|r| r.total)))
}

/// Which schools are in the «группа риска»: a total below one bound, or any section below
/// another (each optional; in tenths of a percent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskRule {
    pub total_below: Option<u32>,
    pub section_below: Option<u32>,
}

impl Default for RiskRule {
    /// Total below 50 % or any section below 30 %.
    fn default() -> Self {
        RiskRule {
            total_below: Some(500),
            section_below: Some(300),
        }
    }
}

/// Why a school is in the risk group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Total(Percent),
    /// The section's position in the template, and its percentage.
    Section(usize, Percent),
}

impl RiskRule {
    /// The reasons `r` falls under the rule; empty when it does not.
    pub fn reasons(&self, r: &SchoolResult) -> Vec<Reason> {
        let mut out = Vec::new();
        if let (Some(bound), Some(total)) = (self.total_below, r.total) {
            if total.tenths() < bound {
                out.push(Reason::Total(total));
            }
        }
        if let Some(bound) = self.section_below {
            for (i, p) in r.sections.iter().enumerate() {
                if let Some(p) = p {
                    if p.tenths() < bound {
                        out.push(Reason::Section(i, *p));
                    }
                }
            }
        }
        out
    }
}

/// A school's `n` weakest sections: positions, lowest percentage first (ties in template
/// order); sections with no score are left out.
pub fn weakest(r: &SchoolResult, n: usize) -> Vec<usize> {
    let mut scored: Vec<(u32, usize)> = r
        .sections
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (p.tenths(), i)))
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(n).map(|(_, i)| i).collect()
}

/// The deficits most schools share: (item position, number of schools), most common first
/// (ties in template order), at most `n`.
pub fn common_deficits(rows: &[&SchoolResult], n: usize) -> Vec<(usize, usize)> {
    let mut counts: HashMap<u16, usize> = HashMap::new();
    for r in rows {
        let mut seen: Vec<u16> = r.deficits.clone();
        seen.sort_unstable();
        seen.dedup();
        for d in seen {
            *counts.entry(d).or_default() += 1;
        }
    }
    let mut list: Vec<(usize, usize)> = counts
        .into_iter()
        .map(|(i, c)| (usize::from(i), c))
        .collect();
    list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.truncate(n);
    list
}

/// How many totals fall in each tenth: `[0; 10)`, `[10; 20)`, … `[90; 100]`.
pub fn distribution(rows: &[&SchoolResult]) -> [usize; 10] {
    let mut out = [0; 10];
    for p in rows.iter().filter_map(|r| r.total) {
        out[(p.tenths() / 100).min(9) as usize] += 1;
    }
    out
}

/// The group to show beside group `index`: another template (not another version of the same)
/// whose scored sections have the same ids in the same order — the municipality's МСОКО
/// self-assessment and the schools' contributions by the same directions. The first such group.
pub fn counterpart(groups: &[Group], templates: &[Template], index: usize) -> Option<usize> {
    let ids = |g: &Group| -> Option<Vec<String>> {
        let t = g.template(templates)?;
        Some(
            scored_sections(t)
                .into_iter()
                .map(|i| t.sections[i].id.clone())
                .collect(),
        )
    };
    let this = groups.get(index)?;
    let mine = ids(this).filter(|v| !v.is_empty())?;
    groups.iter().enumerate().position(|(i, g)| {
        i != index && g.template_id != this.template_id && ids(g).as_ref() == Some(&mine)
    })
}

/// One direction side by side: the section (of the first template) and the mean, minimum,
/// maximum and count of each side's percentages.
#[derive(Clone, Debug, PartialEq)]
pub struct Beside<'t> {
    pub section: &'t Section,
    pub first: Stat,
    pub second: Stat,
}

/// Two templates' rows direction by direction, matched by section id: per scored section of
/// `first`, its [`Stat`] there and in the section of `second` with the same id.
pub fn beside<'t>(
    first: (&'t Template, &[&SchoolResult]),
    second: (&Template, &[&SchoolResult]),
) -> Vec<Beside<'t>> {
    let stat = |rows: &[&SchoolResult], i: Option<usize>| {
        i.map_or_else(Stat::default, |i| {
            Stat::of(rows.iter().map(|r| r.sections.get(i).copied().flatten()))
        })
    };
    scored_sections(first.0)
        .into_iter()
        .map(|i| {
            let section = &first.0.sections[i];
            let j = second.0.sections.iter().position(|s| s.id == section.id);
            Beside {
                section,
                first: stat(first.1, Some(i)),
                second: stat(second.1, j),
            }
        })
        .collect()
}

/// Positions of the sections that are scored (a section of only plans or priorities, as
/// ШНОР's, has no percentage and no column).
pub fn scored_sections(template: &Template) -> Vec<usize> {
    template
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.items.iter().any(model::Item::is_scored))
        .map(|(i, _)| i)
        .collect()
}

/// A percentage as the table and the charts show it: where it is (a section, or `None` for
/// the total), the value, and the tone of its level in the template.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell<'t> {
    pub section: Option<&'t Section>,
    pub percent: Option<Percent>,
    pub tone: Option<Tone>,
}

impl<'t> Cell<'t> {
    pub fn of(template: &'t Template, section: Option<&'t Section>, p: Option<Percent>) -> Self {
        Cell {
            section,
            percent: p,
            tone: p
                .and_then(|p| template.level(section, p.tenths()))
                .map(|l| l.tone),
        }
    }
}

/// A school's row of cells: its scored sections ([`scored_sections`]), then its total.
pub fn cells<'t>(template: &'t Template, r: &SchoolResult) -> Vec<Cell<'t>> {
    scored_sections(template)
        .into_iter()
        .map(|i| {
            let section = &template.sections[i];
            Cell::of(
                template,
                Some(section),
                r.sections.get(i).copied().flatten(),
            )
        })
        .chain([Cell::of(template, None, r.total)])
        .collect()
}

/// How some percentages spread: the lowest, the quartiles and the highest, each a value of
/// the list (by rank, no interpolation), as a box plot draws them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spread {
    pub min: Percent,
    pub q1: Percent,
    pub q3: Percent,
    pub max: Percent,
}

/// The spread of `values`; `None` when there are none.
pub fn spread(values: &[Percent]) -> Option<Spread> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let last = sorted.len().checked_sub(1)?;
    let at = |q: usize| sorted[last * q / 4];
    Some(Spread {
        min: at(0),
        q1: at(1),
        q3: at(3),
        max: at(4),
    })
}

/// How percentages are written in [`table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbers {
    /// `72,4` (Russian spreadsheets, text tables).
    Comma,
    /// `72.4` (RFC 4180 files for databases).
    Point,
}

fn number(p: Option<Percent>, numbers: Numbers) -> String {
    p.map_or_else(String::new, |p| match numbers {
        Numbers::Comma => p.decimal_comma(),
        Numbers::Point => p.decimal_point(),
    })
}

/// The consolidated table of one template version: a header, one row per school (given in
/// order), then the municipal summary rows (mean, minimum, maximum, number of schools). With
/// a `risk` rule, a last column says whether the school is in the risk group. Scored section
/// columns
/// are `% 1.1`, or with `titled` `% 1.1 <title>`. Returns the cells and the positions of the
/// numeric columns.
pub fn table(
    template: &Template,
    rows: &[&SchoolResult],
    risk: Option<&RiskRule>,
    lang: Lang,
    numbers: Numbers,
    titled: bool,
) -> (Vec<Vec<String>>, Vec<usize>) {
    let word = |ru: &str, en: &str| lang.t(ru, en).to_owned();
    let mut header = vec![
        word("Муниципалитет", "Municipality"),
        word("ОО", "School"),
        word("ИНН", "INN"),
        word("Логин ФИС ОКО", "FIS OKO login"),
        word("Учебный год", "Academic year"),
    ];
    let first_number = header.len();
    let scored = scored_sections(template);
    header.extend(scored.iter().map(|&i| &template.sections[i]).map(|s| {
        if titled {
            format!("% {} {}", s.id, s.title.get(lang))
        } else {
            format!("% {}", s.id)
        }
    }));
    header.push(word("% итог", "% total"));
    let last_number = header.len();
    header.push(word("Уровень", "Level"));
    if risk.is_some() {
        header.push(word("Группа риска", "Risk group"));
    }
    let columns = header.len();
    let mut out = vec![header];
    for r in rows {
        let mut cells = vec![
            r.municipality.clone(),
            r.school.clone(),
            r.inn.clone(),
            r.login.clone(),
            r.year.clone(),
        ];
        cells.extend(
            scored
                .iter()
                .map(|&i| number(r.sections.get(i).copied().flatten(), numbers)),
        );
        cells.resize(last_number - 1, String::new());
        cells.push(number(r.total, numbers));
        cells.push(
            r.total
                .and_then(|p| template.level(None, p.tenths()))
                .map_or_else(String::new, |l| l.label.get(lang).to_owned()),
        );
        if let Some(rule) = risk {
            cells.push(if rule.reasons(r).is_empty() {
                word("нет", "no")
            } else {
                word("да", "yes")
            });
        }
        out.push(cells);
    }
    let (per_section, total) = stats(rows, template.sections.len());
    let all: Vec<Stat> = scored
        .iter()
        .map(|&i| per_section[i])
        .chain([total])
        .collect();
    let labels = [
        word("Среднее по муниципалитету", "Municipal mean"),
        word("Минимум", "Minimum"),
        word("Максимум", "Maximum"),
        word("Число школ с самооценкой", "Schools with a score"),
    ];
    for (k, label) in labels.into_iter().enumerate() {
        let mut cells = vec![String::new(), label];
        cells.resize(first_number, String::new());
        for s in &all {
            cells.push(match k {
                0 => number(s.mean, numbers),
                1 => number(s.min, numbers),
                2 => number(s.max, numbers),
                _ => s.count.to_string(),
            });
        }
        cells.resize(columns, String::new());
        out.push(cells);
    }
    (out, (first_number..last_number).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, at: &str, inn: &str, year: &str, sections: &[u32]) -> SchoolResult {
        SchoolResult {
            assessment_id: id.into(),
            updated_at: at.into(),
            source: format!("{id}.csv"),
            template_id: "msoko".into(),
            template_version: "1".into(),
            template_hash: "h1".into(),
            municipality: "Город".into(),
            school: format!("Школа {inn}"),
            inn: inn.into(),
            login: String::new(),
            year: year.into(),
            sections: sections
                .iter()
                .map(|t| Some(Percent::from_tenths(*t)))
                .collect(),
            total: Some(Percent::from_tenths(
                sections.iter().sum::<u32>() / sections.len() as u32,
            )),
            deficits: vec![],
        }
    }

    #[test]
    fn newest_copy_of_a_school_wins_unless_chosen() {
        let rows = vec![
            result("a", "2025-01-01", "1", "2024/2025", &[500]),
            result("b", "2025-03-01", "1", "2024/2025", &[700]),
            result("c", "2025-02-01", "2", "2024/2025", &[100]),
            // Another year is another row.
            result("d", "2025-02-01", "1", "2025/2026", &[100]),
            // The same assessment again, older: ignored.
            result("b", "2025-02-01", "1", "2024/2025", &[0]),
        ];
        let groups = consolidate(rows.clone(), &Choices::new());
        assert_eq!(groups.len(), 1);
        let schools = &groups[0].schools;
        assert_eq!(schools.len(), 3);
        let first = schools
            .iter()
            .find(|s| s.result().inn == "1" && s.result().year == "2024/2025");
        let first = first.expect("school 1");
        assert_eq!(first.copies.len(), 2);
        assert_eq!(first.result().assessment_id, "b");
        assert_eq!(first.result().sections[0], Some(Percent::from_tenths(700)));
        let mut choices = Choices::new();
        choices.insert(first.key.clone(), "a".into());
        let groups = consolidate(rows, &choices);
        let chosen = groups[0]
            .schools
            .iter()
            .find(|s| s.key == first.key)
            .expect("school 1");
        assert_eq!(chosen.result().assessment_id, "a");
        assert!(chosen.overridden());
    }

    #[test]
    fn the_newest_copy_is_the_latest_instant_not_the_latest_text() {
        // «b» was saved at 09:30 UTC, written with its Moscow offset; «a» at 10:00 UTC. As text
        // «b» sorts later; as instants «a» is the newer copy.
        let rows = vec![
            result("a", "2026-11-20T10:00:00.000Z", "1", "2026/2027", &[500]),
            result("b", "2026-11-20T12:30:00+03:00", "1", "2026/2027", &[700]),
            // The same assessment twice: the later instant wins in either order.
            result("c", "2026-11-20T12:00:00+03:00", "2", "2026/2027", &[100]),
            result("c", "2026-11-20T09:30:00Z", "2", "2026/2027", &[300]),
        ];
        let groups = consolidate(rows, &Choices::new());
        let school = |inn: &str| {
            groups[0]
                .schools
                .iter()
                .find(|s| s.result().inn == inn)
                .expect("school")
        };
        assert_eq!(school("1").result().assessment_id, "a");
        assert_eq!(school("1").copies.len(), 2);
        assert_eq!(school("2").copies.len(), 1);
        assert_eq!(
            school("2").result().sections[0],
            Some(Percent::from_tenths(300))
        );
    }

    #[test]
    fn one_school_with_and_without_its_code_is_one_row() {
        let named =
            |id: &str, at: &str, inn: &str, login: &str, municipality: &str, school: &str| {
                let mut r = result(id, at, inn, "2024/2025", &[500]);
                r.login = login.into();
                r.municipality = municipality.into();
                r.school = school.into();
                r
            };
        let rows = vec![
            named(
                "a",
                "2025-01-01",
                "7707083893",
                "sch77171506",
                "Энск",
                "МБОУ «СОШ № 1»",
            ),
            // The report used to tell this one by its name, the table by its login.
            named("b", "2025-02-01", "", "SCH77171506", "Энск", "МБОУ СОШ №1"),
            // No code at all: both used to make it a school of its own.
            named("c", "2025-03-01", "", "", "энск", "мбоу  \"сош № 1\""),
            // The same name in another municipality is another school.
            named("d", "2025-03-01", "", "", "Иксск", "МБОУ «СОШ № 1»"),
            // Files that name no school are no one's: each stays a row of its own.
            named("e", "2025-03-01", "", "", "Энск", ""),
            named("f", "2025-03-01", "", "", "Энск", " "),
        ];
        let groups = consolidate(rows, &Choices::new());
        let schools = &groups[0].schools;
        let copies: Vec<Vec<&str>> = schools
            .iter()
            .map(|s| s.copies.iter().map(|c| c.assessment_id.as_str()).collect())
            .collect();
        assert_eq!(
            copies,
            [vec!["d"], vec!["e"], vec!["f"], vec!["c", "b", "a"]]
        );
        assert_eq!(
            schools[3].result().code(),
            "мбоу сош № 1",
            "the newest copy's own code"
        );
        assert_eq!(schools[3].copies[2].code(), "7707083893");
    }

    #[test]
    fn cells_carry_the_level_of_their_section_and_the_spread_is_by_rank(
    ) -> Result<(), model::TemplateError> {
        let template = Template::from_json(
            r#"{"format": 1, "id": "t", "version": "1", "title": "Т",
              "levels": [{"min": 50, "label": "высокий", "tone": "good"},
                         {"min": 0, "label": "низкий", "tone": "bad"}],
              "sections": [
                {"id": "a", "title": "А", "items": [{"id": "a.1", "label": "А", "kind": "yes_no"}]},
                {"id": "p", "title": "План", "items": [{"id": "p.1", "label": "П", "kind": "text"}]},
                {"id": "b", "title": "Б", "items": [{"id": "b.1", "label": "Б", "kind": "yes_no"}],
                 "levels": [{"min": 90, "label": "норма", "tone": "good"},
                            {"min": 0, "label": "риск", "tone": "medium"}]}]}"#,
        )?;
        let mut r = result("a", "t", "1", "y", &[700, 0, 700]);
        r.sections[1] = None;
        r.total = Some(Percent::from_tenths(300));
        let got: Vec<(Option<&str>, Option<u32>, Option<Tone>)> = cells(&template, &r)
            .iter()
            .map(|c| {
                (
                    c.section.map(|s| s.id.as_str()),
                    c.percent.map(Percent::tenths),
                    c.tone,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("a"), Some(700), Some(Tone::Good)),
                (Some("b"), Some(700), Some(Tone::Medium)),
                (None, Some(300), Some(Tone::Bad)),
            ]
        );
        assert_eq!(Cell::of(&template, None, None).tone, None);

        let p = Percent::from_tenths;
        assert_eq!(spread(&[]), None);
        assert_eq!(
            spread(&[p(500)]),
            Some(Spread {
                min: p(500),
                q1: p(500),
                q3: p(500),
                max: p(500)
            })
        );
        let values: Vec<Percent> = [90, 10, 50, 30, 70].map(|t| p(t * 10)).to_vec();
        assert_eq!(
            spread(&values),
            Some(Spread {
                min: p(100),
                q1: p(300),
                q3: p(700),
                max: p(900)
            })
        );
        Ok(())
    }

    #[test]
    fn names_sort_naturally() {
        let mut names = vec!["СОШ № 10", "сош № 2", "СОШ № 1", "Гимназия", "СОШ № 002a"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["Гимназия", "СОШ № 1", "сош № 2", "СОШ № 002a", "СОШ № 10"]
        );
    }

    #[test]
    fn versions_are_kept_apart() {
        let mut other = result("x", "2025-01-01", "1", "2024/2025", &[500]);
        other.template_version = "2".into();
        other.template_hash = "h2".into();
        let groups = consolidate(
            vec![result("a", "2025-01-01", "1", "2024/2025", &[500]), other],
            &Choices::new(),
        );
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].template_version, "2");
    }

    #[test]
    fn mean_is_of_the_shown_figures_rounded_half_up() {
        let s = Stat::of([
            Some(Percent::from_tenths(1)),
            Some(Percent::from_tenths(2)),
            None,
        ]);
        // (0,1 + 0,2) / 2 = 0,15 → 0,2
        assert_eq!(s.mean, Some(Percent::from_tenths(2)));
        assert_eq!(s.count, 2);
        assert_eq!(s.min, Some(Percent::from_tenths(1)));
        assert_eq!(Stat::of([None]).mean, None);
    }

    #[test]
    fn risk_rule_weakest_and_distribution() {
        let r = result("a", "t", "1", "y", &[200, 900, 600, 250]);
        let rule = RiskRule::default();
        assert_eq!(
            rule.reasons(&r),
            vec![
                Reason::Total(Percent::from_tenths(487)),
                Reason::Section(0, Percent::from_tenths(200)),
                Reason::Section(3, Percent::from_tenths(250))
            ]
        );
        assert_eq!(weakest(&r, 2), vec![0, 3]);
        let no_rule = RiskRule {
            total_below: None,
            section_below: None,
        };
        assert!(no_rule.reasons(&r).is_empty());
        let full = result("b", "t", "2", "y", &[1000]);
        let d = distribution(&[&r, &full]);
        assert_eq!(d[4], 1); // 48,7 %
        assert_eq!(d[9], 1); // 100 % is in the last tenth
    }

    #[test]
    fn common_deficits_count_schools_once() {
        let mut a = result("a", "t", "1", "y", &[0]);
        a.deficits = vec![3, 3, 5];
        let mut b = result("b", "t", "2", "y", &[0]);
        b.deficits = vec![5];
        assert_eq!(common_deficits(&[&a, &b], 5), vec![(5, 2), (3, 1)]);
    }
}
