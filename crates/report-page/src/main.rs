//! The printable report of one assessment (`/report.html?id=…`, linked from the results page):
//! a title block (ОО, муниципалитет, шаблон и версия, учебный год, дата заполнения, заполнил),
//! the results per section with a bar and the level in words, the deficits with the
//! template's recommendations, for МСОКО the management-cycle grid (directions × components:
//! present / partial / missing), the change since the same school's earlier assessment on the
//! same template (per section, and the deficits closed), the tables the school filled (plans,
//! programmes) and the signature lines. A4 print rules: no navigation or buttons, rows never split, long texts
//! wrap.
//! A meeting's record (`decisions`) with its agenda or decisions written prints instead as its
//! protocol (`protocol.rs`).
//!
//! Its own wasm, like the municipality page: what is printed once in a while stays out of the
//! school's first view. It reads the school's database (`otsenka`) and the template copy the
//! assessment was answered on; it writes nothing.

use std::sync::Arc;

use leptos::prelude::*;
use model::{evaluate, Assessment, Lang, Mark, Template, Tone};
use store::AssessmentStore;
use web::lang::{pct, saved_lang, set_lang, t};

mod plan;
mod protocol;
mod register;
mod sending;
mod tables;
mod upgrade;

const STYLE: &str = concat!(
    include_str!("../../../public/style.css"),
    include_str!("page.css")
);

/// Why the report cannot be shown.
fn failure(text: String) -> impl IntoView {
    view! {
        <main id="main" class="report">
            <h1>{t("Отчёт о самооценке", "Self-assessment report")}</h1>
            <p class="alert" role="alert">{text}</p>
            <p><a href="/">{t("На главную", "Home")}</a></p>
        </main>
    }
}

async fn load(id: &str) -> Result<(Assessment, Template), String> {
    // Opened once for the page (the plan editors write through it), journal applied.
    let db = plan::database().await.map_err(|e| {
        format!(
            "{} ({e})",
            t(
                "Хранилище браузера недоступно",
                "Browser storage is unavailable"
            )
        )
    })?;
    let found = db.get(id).await.map_err(|e| e.to_string())?;
    let Some(assessment) = found else {
        return Err(t(
            "Такой самооценки на этом устройстве нет.",
            "There is no such assessment on this device.",
        )
        .to_owned());
    };
    let text = db
        .get_template(&assessment.template_hash)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            t(
                "Нет копии шаблона этой самооценки.",
                "The assessment's template copy is missing.",
            )
            .to_owned()
        })?;
    let template = Template::from_json(&text).map_err(|e| e.to_string())?;
    Ok((assessment, template))
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "level good",
        Tone::Medium => "level medium",
        Tone::Bad => "level bad",
    }
}

/// `31.03.2026` / `31 Mar 2026` from `2026-03-31…`.
fn date(iso: &str) -> String {
    model::date_text(iso, web::lang::lang())
}

/// A percentage, or «нет ответов» where nobody answered.
fn answered_pct(p: Option<model::Percent>) -> String {
    p.map_or_else(
        || t("нет ответов", "no answers").to_owned(),
        |p| pct(Some(p)),
    )
}

/// A bar as SVG: the percentage filled, coloured by level; hidden from screen readers (the
/// number beside it says the same).
fn bar(p: Option<model::Percent>, tone: Option<Tone>) -> impl IntoView {
    let width = p.map_or(0.0, |p| f64::from(p.tenths()) / 10.0);
    let fill = match tone {
        Some(Tone::Good) => "#4ac26b",
        Some(Tone::Medium) => "#d4a72c",
        Some(Tone::Bad) => "#ff8182",
        None => "#1f5fa8",
    };
    view! {
        <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect x="0" y="0" width="100" height="10" fill="#eee"></rect>
            <rect x="0" y="0" width=format!("{width:.1}") height="10" fill=fill></rect>
        </svg>
    }
}

/// The management-cycle grid ([`model::cycle_grid`]: МСОКО's nine components, from goals to
/// the analysis of the measures' effect, for every direction), drawn; `None` for other templates.
fn cycle_grid(template: &Template, assessment: &Assessment, lang: Lang) -> Option<impl IntoView> {
    let grid = model::cycle_grid(template, assessment, lang)?;
    let head = (1..=grid.components.len())
        .map(|k| view! { <th scope="col" class="num">{k.to_string()}</th> })
        .collect_view();
    let rows = grid
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .marks
                .iter()
                .map(|m| {
                    let (class, mark, word) = match m {
                        Mark::Present => ("cell-good", "✓", t("есть", "present")),
                        Mark::Partial => ("cell-medium", "◐", t("частично", "partial")),
                        Mark::Missing => ("cell-bad", "✗", t("нет", "missing")),
                        Mark::NoAnswer => ("", "—", t("нет ответа", "no answer")),
                    };
                    view! {
                        <td class=format!("num {class}")>
                            <span aria-hidden="true">{mark}</span>
                            <span class="sr-only">{word}</span>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{model::shown_number(&row.section.id).map_or_else(|| row.section.title.get(lang).to_owned(), str::to_owned)}</th>{cells}</tr> }
        })
        .collect_view();
    let legend = grid
        .components
        .iter()
        .enumerate()
        .map(|(k, n)| view! { <li>{format!("{} — {n}", k + 1)}</li> })
        .collect_view();
    Some(view! {
        <section>
            <h2>{t("Управленческий цикл", "Management cycle")}</h2>
            <table class="cycle">
                <caption>{t(
                    "Направления × компоненты цикла: ✓ есть, ◐ частично, ✗ нет",
                    "Sections × cycle components: ✓ present, ◐ partial, ✗ missing"
                )}</caption>
                <thead><tr><th scope="col">{t("Направление", "Section")}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <ol class="components">{legend}</ol>
        </section>
    })
}

/// The same school's latest earlier assessment on the same template ([`model::earlier`]),
/// with its own template copy.
async fn earlier(current: &Assessment) -> Option<(Assessment, Template)> {
    let db = store::IdbStore::open(contract::DB_NAME).await.ok()?;
    let list = db.list().await.ok().unwrap_or_default();
    let found = model::earlier(current, &list).cloned();
    let text = match &found {
        Some(f) => db.get_template(&f.template_hash).await.ok().flatten(),
        None => None,
    };
    db.close();
    Some((found?, Template::from_json(&text?).ok()?))
}

/// What changed since the earlier assessment ([`model::changes`]): per section before, now
/// and the change in points, and the deficits closed since.
fn history(
    template: &Template,
    assessment: &Assessment,
    before: &(Assessment, Template),
    lang: Lang,
) -> impl IntoView {
    let (old, old_template) = before;
    let changes = model::changes(template, assessment, old_template, old);
    let rows = changes
        .sections
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{model::numbered(&c.section.id, c.section.title.get(lang))}</th>
                    <td class="num">{pct(Some(c.before))}</td>
                    <td class="num">{pct(Some(c.now))}</td>
                    <td class="num">{c.change(lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let closed: Vec<String> = changes.closed.iter().map(|item| item.name(lang)).collect();
    view! {
        <section>
            <h2>{format!("{} {}", t("Изменения с прошлой самооценки от", "Change since the assessment of"), date(&old.updated_at))}</h2>
            <table>
                <thead><tr>
                    <th scope="col">{t("Направление", "Section")}</th>
                    <th scope="col">{t("Было", "Before")}</th>
                    <th scope="col">{t("Стало", "Now")}</th>
                    <th scope="col">{t("Изменение, п.", "Change, points")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <h3>{t("Устранённые дефициты", "Deficits closed")}</h3>
            {if closed.is_empty() {
                view! { <p>{t("Нет.", "None.")}</p> }.into_any()
            } else {
                view! { <ul class="closed">{closed.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

fn report(
    assessment: Assessment,
    template: Template,
    before: Option<(Assessment, Template)>,
) -> impl IntoView {
    let lang = web::lang::lang();
    let results = evaluate(&template, &assessment);
    let field = |id: &str| assessment.respondent_value(id).to_owned();
    let scored = |s: &model::Section| s.items.iter().any(model::Item::is_scored);
    let any_scored = template.sections.iter().any(scored);
    let record = !any_scored;
    let rows = results
        .sections
        .iter()
        .filter(|r| r.visible && scored(r.section))
        .map(|r| {
            // Nobody answered: «нет ответов», not 0 % (and no level: see `evaluate`).
            let p = r.score.percent().filter(|_| r.score.answered > 0);
            let tone = r.level.map(|l| l.tone);
            view! {
                <tr>
                    <th scope="row">{model::numbered(&r.section.id, r.section.title.get(lang))}</th>
                    <td class="num">{answered_pct(p)}</td>
                    <td class="bar-cell">{bar(p, tone)}</td>
                    <td>{r.level.map(|l| view! { <span class=tone_class(l.tone)>{l.label.get(lang).to_owned()}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    let total = results
        .total
        .percent()
        .filter(|_| results.total.answered > 0);
    let deficits = results
        .deficits
        .iter()
        .map(|d| {
            let answer = d.choice.map_or_else(
                || format!("{} / {}", d.points, d.max),
                |c| c.label.get(lang).to_owned(),
            );
            view! {
                <li>
                    {model::shown_number(&d.item.id).map(|n| view! { <strong>{n.to_owned()}</strong> " " })}
                    {d.item.label.get(lang).to_owned()}
                    " — " {answer}
                    {d.item.recommendation.as_ref().map(|r| view! {
                        <br/> <em>{t("Рекомендация: ", "Recommendation: ")}</em> {r.get(lang).to_owned()}
                    })}
                </li>
            }
        })
        .collect_view();
    let any_deficits = !results.deficits.is_empty();
    let today: Arc<str> = tables::today().into();
    // Plan tables are edited here (and printed as tables); other filled tables are shown.
    let plans = model::plan_tables(&template, &assessment);
    let plan_ids: Vec<String> = plans.iter().map(|p| p.item.id.clone()).collect();
    let shared = (Arc::new(assessment.clone()), Arc::new(template.clone()));
    let editors = plans
        .iter()
        .map(|p| {
            plan::editor(
                shared.0.clone(),
                shared.1.clone(),
                p.item,
                today.clone(),
                lang,
            )
        })
        .collect_view();
    let tables = model::filled_tables(&template, &assessment)
        .into_iter()
        .filter(|(item, _)| !plan_ids.contains(&item.id))
        .map(|(item, answer)| {
            view! {
                <section>
                    <h2>{item.name(lang)}</h2>
                    {tables::table_view(item, &answer.rows, &today, lang)}
                </section>
            }
        })
        .collect_view();
    let grid = cycle_grid(&template, &assessment, lang);
    let changes = before.map(|b| history(&template, &assessment, &b, lang));
    // A municipality's own self-assessment (МСОКО) names its education authority and who is
    // responsible for it, not a school and who filled it in.
    let municipal = !template.respondent.iter().any(|f| f.id == "school_name")
        && template.respondent.iter().any(|f| f.id == "body");
    let (who, head, organisation) = if municipal {
        (
            ["responsible", "responsible_position"],
            t(
                "Руководитель органа управления образованием",
                "Head of the education authority",
            ),
            (
                t("Орган управления образованием", "Education authority"),
                field("body"),
            ),
        )
    } else {
        (
            ["filled_by", "position"],
            t("Руководитель ОО", "Head of the school"),
            (
                t("Образовательная организация", "School"),
                field("school_name"),
            ),
        )
    };
    let filled_by = who
        .map(field)
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <main id="main" class="report">
            {actions(&assessment.id, &template.id)}
            {if record {
                record_head(&template, &assessment, lang).into_any()
            } else {
                view! {
                    <h1>{t("Отчёт о самооценке", "Self-assessment report")}</h1>
                    <div class="title-block">
                        <dl>
                            <dt>{organisation.0}</dt><dd>{organisation.1}</dd>
                            <dt>{t("Муниципалитет", "Municipality")}</dt><dd>{field("municipality")}</dd>
                            <dt>{t("Шаблон и версия", "Template and version")}</dt>
                            <dd>{version_text(&template, lang)}</dd>
                            <dt>{t("Учебный год", "Academic year")}</dt><dd>{field("academic_year")}</dd>
                            <dt>{t("Дата заполнения", "Filled in on")}</dt><dd>{date(&assessment.updated_at)}</dd>
                            <dt>{t("Заполнил", "Filled in by")}</dt><dd>{filled_by}</dd>
                        </dl>
                    </div>
                }
                .into_any()
            }}
            {any_scored.then(|| view! {
                <section>
                    <h2>{t("Результаты", "Results")}</h2>
                    {template.notice.as_ref().map(|n| view! { <p class="notice">{n.get(lang).to_owned()}</p> })}
                    <table>
                        <thead><tr>
                            <th scope="col">{t("Направление", "Section")}</th>
                            <th scope="col">{t("Результат", "Result")}</th>
                            <th scope="col"><span class="sr-only">{t("Диаграмма", "Chart")}</span></th>
                            <th scope="col">{t("Уровень", "Level")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th scope="row">{t("Итого", "Total")}</th>
                            <td class="num">{answered_pct(total)}</td>
                            <td class="bar-cell">{bar(total, results.total_level.map(|l| l.tone))}</td>
                            <td>{results.total_level.map(|l| view! { <span class=tone_class(l.tone)>{l.label.get(lang).to_owned()}</span> })}</td>
                        </tr></tfoot>
                    </table>
                </section>
                <section>
                    <h2>{t("Дефициты", "Deficits")}</h2>
                    {if any_deficits {
                        view! { <ol class="deficits">{deficits}</ol> }.into_any()
                    } else {
                        view! { <p>{t("Дефицитов нет.", "No deficits.")}</p> }.into_any()
                    }}
                </section>
            })}
            {editors}
            {grid}
            {changes}
            {tables}
            {if record {
                record_signatures(&template, &assessment).into_any()
            } else {
                view! {
                    <section class="signatures" aria-label=t("Подписи", "Signatures")>
                        <p>{head} " " <span class="line"></span></p>
                        <p>{t("ФИО", "Full name")} " " <span class="line"></span></p>
                        <p>{t("Подпись", "Signature")} " " <span class="line"></span> <span class="mp">{t("М.П.", "Seal")}</span></p>
                        <p>{t("Дата", "Date")} " " <span class="line"></span></p>
                    </section>
                }
                .into_any()
            }}
        </main>
    }
}

/// What the page offers on screen only: back to the results, print, and for a meeting's
/// record the register of every meeting's decisions.
fn actions(id: &str, template_id: &str) -> impl IntoView {
    let back = format!("/a/{id}/results");
    view! {
        <p class="no-print actions">
            <a href=back class="button">{t("← К результатам", "← Back to results")}</a> " "
            <button type="button" class="primary" on:click=|_| { let _ = window().print(); }>{t("Печать", "Print")}</button>
            {(template_id == "decisions").then(|| view! {
                " " <a href="/report.html?register" class="button">{t("Реестр решений всех заседаний", "Register of all meetings' decisions")}</a>
            })}
        </p>
    }
}

fn version_text(template: &Template, lang: Lang) -> String {
    format!(
        "{}, {} {}",
        template.title.get(lang),
        t("версия", "version"),
        template.version
    )
}

/// A record with nothing scored (a meeting's decisions, a group's sheet) prints as itself: the
/// template's own title, and what it records — every respondent field filled in and every
/// answered question that is not a table — by the template's labels. No school, no results.
fn record_head(template: &Template, assessment: &Assessment, lang: Lang) -> impl IntoView {
    let fields = template
        .respondent
        .iter()
        .map(|f| {
            (
                f.label.get(lang).to_owned(),
                assessment.respondent_value(&f.id).trim().to_owned(),
            )
        })
        .filter(|(_, v)| !v.is_empty());
    let answers = template
        .items()
        .filter(|i| i.kind != model::ItemKind::Table && !i.is_scored())
        .filter_map(|i| {
            let value = assessment.answer(&i.id)?.value.trim().to_owned();
            let shown = if i.kind == model::ItemKind::Date {
                date(&value)
            } else {
                value
            };
            (!shown.is_empty()).then(|| (i.label.get(lang).to_owned(), shown))
        });
    let rows = fields
        .chain(answers)
        .chain([(
            t("Шаблон и версия", "Template and version").to_owned(),
            version_text(template, lang),
        )])
        .map(|(label, value)| view! { <dt>{label}</dt><dd class="pre">{value}</dd> })
        .collect_view();
    view! {
        <h1>{template.title.get(lang).to_owned()}</h1>
        <div class="title-block"><dl>{rows}</dl></div>
    }
}

/// A meeting's record (its template names the body that met) is signed as its minutes are: by
/// the chair and the secretary, and names whoever controls the execution where it says; any
/// other record by whoever is responsible for it. No seal.
fn record_signatures(template: &Template, assessment: &Assessment) -> impl IntoView {
    let meeting = template.respondent.iter().any(|f| f.id == "body");
    let controller = assessment.respondent_value("controller").trim().to_owned();
    let signers = if meeting {
        vec![t("Председатель", "Chair"), t("Секретарь", "Secretary")]
    } else {
        vec![t("Ответственный", "Responsible")]
    };
    let signers = signers
        .into_iter()
        .map(|who| view! { <p>{who} " " <span class="line"></span></p> })
        .collect_view();
    view! {
        <section class="signatures" aria-label=t("Подписи", "Signatures")>
            {signers}
            {(!controller.is_empty()).then(|| view! {
                <p>{t("Контроль за исполнением решений: ", "Execution controlled by: ")}{controller}</p>
            })}
            <p>{t("Дата", "Date")} " " <span class="line"></span></p>
        </section>
    }
}

fn main() {
    web::add_style(STYLE);
    set_lang(saved_lang());
    let params = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
    if params.as_ref().is_some_and(|p| p.has("register")) {
        wasm_bindgen_futures::spawn_local(register::show());
        return;
    }
    if let Some(id) = params.as_ref().and_then(|p| p.get("upgrade")) {
        let (file, hash) = (
            params.as_ref().and_then(|p| p.get("file")),
            params.as_ref().and_then(|p| p.get("hash")),
        );
        upgrade::show(id, upgrade::Source::of(file, hash));
        return;
    }
    let id = params.and_then(|p| p.get("id")).unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match load(&id).await {
            Ok((a, t)) => {
                let before = earlier(&a).await;
                Ok((a, t, before))
            }
            Err(e) => Err(e),
        };
        leptos::mount::mount_to_body(move || match loaded.clone() {
            // A meeting's record with its agenda or decisions written is printed as its protocol.
            Ok((assessment, template, _)) if protocol::applies(&template, &assessment) => {
                protocol::page(assessment, template).into_any()
            }
            Ok((assessment, template, before)) => report(assessment, template, before).into_any(),
            Err(e) => failure(e).into_any(),
        });
    });
}
