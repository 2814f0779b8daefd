//! Charts as SVG, drawn from the rows shown: readable on paper (values written in the
//! picture, not only in colour) and by screen readers (each part is focusable and named;
//! focusing or hovering it writes its values under the chart).

use leptos::prelude::*;
use model::{Percent, Template, Tone};
use municipal::SchoolResult;

use crate::text::{lang, num, pct, t};

/// At most this many schools in the heat map; the table has them all.
const HEAT_ROWS: usize = 60;
/// A dot per school in the section chart up to this many schools.
const DOTS_UP_TO: usize = 150;

fn fill(tone: Option<Tone>) -> &'static str {
    match tone {
        Some(Tone::Good) => "#4ac26b",
        Some(Tone::Medium) => "#d4a72c",
        Some(Tone::Bad) => "#ff8182",
        None => "#e0e0e0",
    }
}

fn x_of(p: Percent, left: f64, width: f64) -> f64 {
    left + f64::from(p.tenths()) / 1000.0 * width
}

/// A chart in a figure, with a caption and the line that shows the focused part's values.
fn figure(id: &str, caption: String, shown: RwSignal<String>, svg: AnyView) -> impl IntoView {
    view! {
        <figure class="chart-figure">
            <figcaption id=format!("{id}-caption")>{caption}</figcaption>
            {svg}
            <p class="chart-value" aria-live="polite">{move || shown.get()}</p>
        </figure>
    }
}

/// Per-section bars: the municipal mean as a bar, each school as a dot on it.
pub fn sections(template: &Template, rows: &[SchoolResult]) -> impl IntoView {
    let shown = RwSignal::new(String::new());
    let refs: Vec<&SchoolResult> = rows.iter().collect();
    let (stats, _) = municipal::stats(&refs, template.sections.len());
    let (left, width, row_h) = (60.0, 520.0, 30.0);
    let scored = municipal::scored_sections(template);
    let height = row_h * scored.len() as f64 + 24.0;
    let parts = scored
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let (s, stat) = (&template.sections[i], &stats[i]);
            let y = 4.0 + row_h * k as f64;
            let label = format!(
                "{} {}: {} {}, {} {} {} {}, {} {}",
                s.id,
                s.title.get(lang()),
                t("среднее", "mean"),
                pct(stat.mean),
                t("от", "from"),
                pct(stat.min),
                t("до", "to"),
                pct(stat.max),
                t("школ", "schools"),
                stat.count
            );
            let tone = municipal::Cell::of(template, Some(s), stat.mean).tone;
            let bar = stat.mean.map_or(0.0, |p| x_of(p, 0.0, width));
            let values: Vec<Percent> = rows
                .iter()
                .filter_map(|r| r.sections.get(i).copied().flatten())
                .collect();
            // A dot per school while they can be told apart; beyond, the spread as a box
            // (middle half of the schools) and whiskers (lowest to highest).
            let dots = (values.len() <= DOTS_UP_TO).then(|| {
                values
                    .iter()
                    .map(|p| {
                        view! {
                            <circle cx=format!("{:.1}", x_of(*p, left, width)) cy=format!("{:.1}", y + 11.0) r="3"
                                fill="none" stroke="#1f2328" stroke-width="1"></circle>
                        }
                    })
                    .collect_view()
            });
            let spread = municipal::spread(&values).filter(|_| values.len() > DOTS_UP_TO).map(|s| {
                let at = |p: Percent| x_of(p, left, width);
                let (lo, q1, q3, hi) = (at(s.min), at(s.q1), at(s.q3), at(s.max));
                view! {
                    <line x1=format!("{lo:.1}") x2=format!("{hi:.1}") y1=format!("{:.1}", y + 11.0) y2=format!("{:.1}", y + 11.0) stroke="#1f2328" stroke-width="1.5"></line>
                    <rect x=format!("{q1:.1}") y=format!("{:.1}", y + 5.0) width=format!("{:.1}", (q3 - q1).max(1.0)) height="12" fill="none" stroke="#1f2328" stroke-width="1.5"></rect>
                }
            });
            let (l1, l2) = (label.clone(), label.clone());
            view! {
                <g tabindex="0" role="img" aria-label=label
                    on:focus=move |_| shown.set(l1.clone())
                    on:mouseenter=move |_| shown.set(l2.clone())>
                    <text x="0" y=format!("{:.1}", y + 15.0) font-size="12">{model::shown_number(&s.id).map_or_else(|| s.title.get(lang()).to_owned(), str::to_owned)}</text>
                    <rect x=format!("{left}") y=format!("{y:.1}") width=format!("{width}") height="22" fill="#f3f3f3"></rect>
                    <rect x=format!("{left}") y=format!("{y:.1}") width=format!("{bar:.1}") height="22" fill=fill(tone)></rect>
                    {dots}
                    {spread}
                    <text x=format!("{:.1}", left + width + 6.0) y=format!("{:.1}", y + 15.0) font-size="12">
                        {stat.mean.map(num).unwrap_or_default()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let axis = (0..=10)
        .map(|k| {
            let x = left + width * f64::from(k) / 10.0;
            view! {
                <text x=format!("{x:.1}") y=format!("{:.1}", height - 4.0) font-size="10" text-anchor="middle">{(k * 10).to_string()}</text>
            }
        })
        .collect_view();
    let svg = view! {
        <svg class="chart" role="group" aria-labelledby="chart-sections-caption"
            viewBox=format!("0 0 {} {height}", left + width + 50.0) width=format!("{}", left + width + 50.0)>
            {parts}
            {axis}
        </svg>
    }
    .into_any();
    figure(
        "chart-sections",
        t(
            "Среднее по муниципалитету по направлениям, % (полоса), и школы (кружок — школа; при многих школах — разброс: линия от наименьшего до наибольшего, рамка — средняя половина школ)",
            "Municipal mean per section, % (bar), and the schools (a circle each; with many schools, the spread: a line from lowest to highest, a box around the middle half)",
        )
        .to_owned(),
        shown,
        svg,
    )
}

/// Schools × sections, each cell coloured by level and carrying its value.
pub fn heat_map(template: &Template, rows: &[SchoolResult]) -> impl IntoView {
    let shown = RwSignal::new(String::new());
    let (name_w, cell_w, cell_h) = (180.0, 46.0, 20.0);
    let scored = municipal::scored_sections(template);
    let columns = scored.len() + 1;
    let listed = &rows[..rows.len().min(HEAT_ROWS)];
    let height = cell_h * (listed.len() as f64 + 1.0) + 4.0;
    let width = name_w + cell_w * columns as f64;
    let head = scored
        .iter()
        .map(|&i| template.sections[i].id.clone())
        .chain([t("итог", "total").to_owned()])
        .enumerate()
        .map(|(c, id)| {
            view! {
                <text x=format!("{:.1}", name_w + cell_w * (c as f64 + 0.5)) y="14" font-size="11" text-anchor="middle">{id}</text>
            }
        })
        .collect_view();
    let body = listed
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let y = cell_h * (k as f64 + 1.0);
            let values = municipal::cells(template, r);
            let label = format!(
                "{}: {}",
                r.school,
                values
                    .iter()
                    .map(|c| format!(
                        "{} {}",
                        c.section.map_or(t("итог", "total"), |s| s.id.as_str()),
                        pct(c.percent)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let short: String = r.school.chars().take(26).collect();
            let cells = values
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let (p, tone) = (c.percent, c.tone);
                    let x = name_w + cell_w * k as f64;
                    view! {
                        <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{}", cell_w - 1.0) height=format!("{}", cell_h - 1.0) fill=fill(tone)></rect>
                        <text x=format!("{:.1}", x + cell_w / 2.0) y=format!("{:.1}", y + 14.0) font-size="11" text-anchor="middle">
                            {p.map(num).unwrap_or_else(|| "—".into())}
                        </text>
                    }
                })
                .collect_view();
            let (l1, l2) = (label.clone(), label.clone());
            view! {
                <g tabindex="0" role="img" aria-label=label
                    on:focus=move |_| shown.set(l1.clone())
                    on:mouseenter=move |_| shown.set(l2.clone())>
                    <text x="0" y=format!("{:.1}", y + 14.0) font-size="11">{short}</text>
                    {cells}
                </g>
            }
        })
        .collect_view();
    let mut caption = t(
        "Тепловая карта: школы × направления, % (цвет — уровень)",
        "Heat map: schools × sections, % (colour is the level)",
    )
    .to_owned();
    if rows.len() > HEAT_ROWS {
        caption.push_str(&format!(
            " — {} {HEAT_ROWS} {} {}",
            t("первые", "the first"),
            t("из", "of"),
            rows.len()
        ));
    }
    let svg = view! {
        <svg class="chart" role="group" aria-labelledby="chart-heat-caption"
            viewBox=format!("0 0 {width} {height}") width=format!("{width}")>
            {head}
            {body}
        </svg>
    }
    .into_any();
    figure("chart-heat", caption, shown, svg)
}

/// How many schools' totals fall in each tenth.
pub fn distribution(rows: &[SchoolResult]) -> impl IntoView {
    let shown = RwSignal::new(String::new());
    let refs: Vec<&SchoolResult> = rows.iter().collect();
    let counts = municipal::distribution(&refs);
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let (bar_w, plot_h, top) = (50.0, 140.0, 16.0);
    let bars = counts
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let h = plot_h * *n as f64 / most as f64;
            let x = 10.0 + bar_w * k as f64;
            let range = if k == 9 {
                "90–100".to_owned()
            } else {
                format!("{}–{}", k * 10, k * 10 + 10)
            };
            let label = format!("{range} %: {} {n}", t("школ", "schools"));
            let (l1, l2) = (label.clone(), label.clone());
            view! {
                <g tabindex="0" role="img" aria-label=label
                    on:focus=move |_| shown.set(l1.clone())
                    on:mouseenter=move |_| shown.set(l2.clone())>
                    <rect x=format!("{:.1}", x + 4.0) y=format!("{:.1}", top + plot_h - h) width=format!("{}", bar_w - 8.0) height=format!("{h:.1}") fill="#1f5fa8"></rect>
                    <text x=format!("{:.1}", x + bar_w / 2.0) y=format!("{:.1}", top + plot_h - h - 3.0) font-size="11" text-anchor="middle">{n.to_string()}</text>
                    <text x=format!("{:.1}", x + bar_w / 2.0) y=format!("{:.1}", top + plot_h + 14.0) font-size="10" text-anchor="middle">{range}</text>
                </g>
            }
        })
        .collect_view();
    let svg = view! {
        <svg class="chart" role="group" aria-labelledby="chart-totals-caption"
            viewBox=format!("0 0 520 {}", top + plot_h + 22.0) width="520">
            {bars}
        </svg>
    }
    .into_any();
    figure(
        "chart-totals",
        t(
            "Распределение итоговых процентов: число школ в каждом десятке",
            "Distribution of totals: schools in each ten per cent",
        )
        .to_owned(),
        shown,
        svg,
    )
}
