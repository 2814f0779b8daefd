//! The register's exchange with the municipality, both ways, as files:
//! - a meeting held on this device sends its decisions for schools («Разослать»): one file
//!   for every school and one per school an addressee names (`exchange::to_send`);
//! - a school opens such a file: the decisions become its copy of the meeting, marked as
//!   received (`exchange::receive`: the same file again changes nothing, a newer one updates
//!   wording and deadlines and keeps what the school recorded);
//! - a school's copy sends back its execution report (`exchange::execution_of`).
//!
//! The rules live in `exchange`; this module reads files, writes records and says what
//! happened.

use leptos::prelude::*;
use model::{fill, plural, Assessment, Lang, Template};
use store::AssessmentStore;
use wasm_bindgen::JsCast;
use web::lang::t;

use exchange::{DecisionFile, Decisions, Received};

/// The decisions template shipped beside the app (a school's first copy is made on it).
const TEMPLATE_FILE: &str = "/templates/decisions.json";

/// «3 решения».
fn decisions_count(n: usize) -> String {
    let forms = match web::lang::lang() {
        Lang::Ru => ["решение", "решения", "решений"],
        Lang::En => ["decision", "decisions", "decisions"],
    };
    format!("{n} {}", plural(n as u64, false, &forms))
}

/// «протокол № 4 от 20.11.2026, Совещание руководителей ОО».
pub fn meeting_words(body: &str, number: &str, date: &str) -> String {
    let mut out = String::new();
    if !number.is_empty() {
        out.push_str(&format!("{} № {number}", t("протокол", "minutes")));
    }
    if model::is_date(date) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("{} {}", t("от", "of"), crate::date(date)));
    }
    if !body.is_empty() {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(body);
    }
    out
}

fn meeting_of_record(a: &Assessment) -> String {
    meeting_words(
        a.respondent_value("body"),
        a.respondent_value("protocol_number"),
        &a.answer("meeting_date")
            .map(|x| x.value.clone())
            .unwrap_or_default(),
    )
}

/// A file name of Latin letters and digits only (for every file system and mail client).
fn file_name(kind: &str, number: &str, date: &str, who: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect()
    };
    let mut name = format!("otsenka_{kind}");
    for part in [clean(number), clean(date), clean(who)] {
        if !part.is_empty() {
            name.push('_');
            name.push_str(&part);
        }
    }
    name.push_str(".csv");
    name
}

fn download_decisions(file: &Decisions, n: usize) -> Result<(), String> {
    let bytes =
        exchange::write_decisions(file, exchange::Profile::ExcelRu).map_err(|e| e.to_string())?;
    let who = if file.recipient.is_empty() {
        "vse".to_owned()
    } else {
        format!("oo{n}")
    };
    let name = file_name(
        "resheniya",
        &file.meeting.protocol_number,
        &file.meeting.meeting_date,
        &who,
    );
    web::download(&name, "text/csv;charset=utf-8", &bytes)
}

/// «Разослать»: the files a meeting held here sends to schools, one button each.
fn send_one(a: &Assessment) -> impl IntoView {
    // The record's last change is the file's version: the same record makes the same file,
    // and a school's copy takes a changed record's file as newer.
    let files = exchange::to_send(a, &a.updated_at);
    let said = RwSignal::new(String::new());
    let meeting = meeting_of_record(a);
    if files.is_empty() {
        return view! {
            <li>
                <p>{meeting}</p>
                <p class="muted">{t(
                    "Школам здесь ничего не адресовано: в графе «Кому адресовано» нет «Общеобразовательным организациям» или названия школы.",
                    "Nothing here is addressed to schools: no «Addressed to» says «Общеобразовательным организациям» or names a school."
                )}</p>
            </li>
        }
        .into_any();
    }
    let buttons = files
        .into_iter()
        .enumerate()
        .map(|(n, file)| {
            let label = if file.recipient.is_empty() {
                fill(
                    t("Файл для всех школ ({})", "File for every school ({})"),
                    &[&decisions_count(file.decisions.len())],
                )
            } else {
                fill(
                    t("Файл для {} ({})", "File for {} ({})"),
                    &[&file.recipient, &decisions_count(file.decisions.len())],
                )
            };
            view! {
                <button type="button" on:click=move |_| {
                    said.set(match download_decisions(&file, n) {
                        Ok(()) => t(
                            "Файл сохранён в «Загрузки»: отправьте его школам почтой или на флешке.",
                            "The file is in Downloads: send it to the schools by mail or on a USB stick."
                        ).to_owned(),
                        Err(e) => e,
                    });
                }>{label}</button>
            }
        })
        .collect_view();
    view! {
        <li>
            <p>{meeting}</p>
            <p class="actions">{buttons}</p>
            <p aria-live="polite">{move || said.get()}</p>
        </li>
    }
    .into_any()
}

/// A school's copy: who sent it and the report it sends back.
fn report_one(a: &Assessment) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let copy = a.clone();
    let from = a.respondent_value("received_from").to_owned();
    let at = a.respondent_value("received_at").to_owned();
    let meeting = meeting_of_record(a);
    let edit = format!("/a/{}", a.id);
    let send = move |_| {
        let now = web::now_iso();
        said.set(match exchange::execution_of(&copy, &now) {
            Ok(report) => match exchange::write_execution(&report, exchange::Profile::ExcelRu) {
                Ok(bytes) => {
                    let name = file_name(
                        "ispolnenie",
                        &report.meeting.protocol_number,
                        &report.meeting.meeting_date,
                        &report.inn,
                    );
                    match web::download(&name, "text/csv;charset=utf-8", &bytes) {
                        Ok(()) => t(
                            "Отчёт об исполнении сохранён в «Загрузки»: отправьте его в муниципалитет.",
                            "The execution report is in Downloads: send it to the municipality."
                        )
                        .to_owned(),
                        Err(e) => e,
                    }
                }
                Err(e) => e.to_string(),
            },
            Err(exchange::NotReady::Missing(fields)) => {
                let names: Vec<&str> = fields
                    .iter()
                    .map(|f| match *f {
                        "inn" => t("ИНН", "INN"),
                        _ => t("название организации", "the organisation's name"),
                    })
                    .collect();
                fill(
                    t(
                        "Отчёт не составлен: укажите в сведениях об организации {} (ссылка «Отметить исполнение»).",
                        "No report made: fill in {} in the organisation's details (the «Record execution» link)."
                    ),
                    &[&names.join(t(" и ", " and "))],
                )
            }
            Err(exchange::NotReady::NotReceived) => t(
                "Это не решения, полученные от муниципалитета.",
                "These are not decisions received from the municipality."
            )
            .to_owned(),
        });
    };
    view! {
        <li>
            <p>{meeting}</p>
            <p class="muted">{fill(
                t("Направлено: {}, файл от {}", "Sent by {}, file of {}"),
                &[&from, &web::time::local_date_time(&at, web::lang::lang())],
            )}</p>
            <p class="actions">
                <a class="button" href=edit>{t("Отметить исполнение", "Record execution")}</a> " "
                <button type="button" on:click=send>{t("Скачать отчёт об исполнении", "Download the execution report")}</button>
            </p>
            <p aria-live="polite">{move || said.get()}</p>
        </li>
    }
}

/// Whether a record is a copy received from a decisions file.
pub fn is_received(a: &Assessment) -> bool {
    a.id.starts_with("in-") && !a.respondent_value("received_at").is_empty()
}

/// The panel above the register: sending, opening and reporting. `reload` reads the register
/// again after a file was opened; `said` (kept by the page, so that it outlives the redraw)
/// holds what opening the files did.
pub fn panel(
    records: Vec<Assessment>,
    reload: impl Fn() + Copy + 'static,
    said: RwSignal<Vec<String>>,
) -> impl IntoView {
    let (received, own): (Vec<Assessment>, Vec<Assessment>) =
        records.into_iter().partition(is_received);
    let busy = RwSignal::new(false);
    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let mut lines = Vec::new();
            for f in files {
                lines.push(open_file(&f).await);
            }
            // Every file opened on this page stays listed, the latest last.
            said.update(|s| s.extend(lines));
            busy.set(false);
            reload();
        });
    };
    let own_list = own
        .iter()
        .filter(|a| {
            a.answer(exchange::DECISIONS_TABLE)
                .is_some_and(|x| !x.rows.is_empty())
        })
        .map(send_one)
        .collect_view();
    let received_list = received.iter().map(report_one).collect_view();
    let has_own = own.iter().any(|a| {
        a.answer(exchange::DECISIONS_TABLE)
            .is_some_and(|x| !x.rows.is_empty())
    });
    view! {
        <section class="exchange no-print" aria-labelledby="exchange-h">
            <h2 id="exchange-h">{t("Обмен решениями с муниципалитетом", "Exchanging decisions with the municipality")}</h2>
            {has_own.then(|| view! {
                <h3>{t("Разослать решения школам", "Send decisions to schools")}</h3>
                <ul class="plain">{own_list}</ul>
            })}
            <h3>{t("Получить решения муниципалитета", "Receive the municipality's decisions")}</h3>
            <p>
                <label>{t("Открыть файл решений", "Open a decisions file")} " "
                    <input type="file" accept=".csv,text/csv" multiple on:change=on_files
                        prop:disabled=move || busy.get()/>
                </label>
            </p>
            <ul class="plain" aria-live="polite">
                {move || said.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
            {(!received.is_empty()).then(|| view! {
                <h3>{t("Полученные решения и отчёт об исполнении", "Received decisions and the execution report")}</h3>
                <ul class="plain">{received_list}</ul>
            })}
        </section>
    }
}

async fn bytes_of(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| js_sys::JSON::stringify(&e).map_or_else(|_| "?".into(), String::from))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Opens one file and says what it did, starting with the file's name.
async fn open_file(file: &web_sys::File) -> String {
    let name = file.name();
    let head = fill(t("Файл «{}»: ", "File «{}»: "), &[&name]);
    let bytes = match bytes_of(file).await {
        Ok(b) => b,
        Err(e) => return format!("{head}{}{e}", t("не прочитан: ", "not read: ")),
    };
    let lang = web::lang::lang();
    let sent = match exchange::read_decision_file(&bytes) {
        Ok(DecisionFile::Decisions(d)) => d,
        Ok(DecisionFile::Execution(_)) => {
            return format!(
                "{head}{}",
                t(
                    "это отчёт школы об исполнении, а не файл решений: его загружают на странице «Муниципалитет».",
                    "this is a school's execution report, not a decisions file: load it on the «Municipality» page."
                )
            )
        }
        Err(problems) => {
            let shown: Vec<String> = problems
                .into_iter()
                .take(5)
                .map(|mut p| {
                    p.file = name.clone();
                    wording::csv_problem(&p, lang)
                })
                .collect();
            return format!(
                "{} {}",
                shown.join(" "),
                t("Ничего не изменено.", "Nothing was changed.")
            );
        }
    };
    match store_received(&sent).await {
        Ok(words) => format!("{head}{words}"),
        Err(e) => format!(
            "{head}{e} {}",
            t("Ничего не изменено.", "Nothing was changed.")
        ),
    }
}

/// The decisions template a new copy is made on: the copy shipped beside the app, kept in the
/// store like any template an assessment was started on.
async fn template(db: &store::IdbStore) -> Result<Template, String> {
    let json = web::fetch_text(TEMPLATE_FILE).await?;
    let template = Template::from_json(&json).map_err(|e| e.to_string())?;
    db.put_template(&template.hash, &json)
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    Ok(template)
}

async fn store_received(sent: &Decisions) -> Result<String, String> {
    let db = store::IdbStore::open(contract::DB_NAME)
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    let result = store_in(&db, sent).await;
    db.close();
    result
}

async fn store_in(db: &store::IdbStore, sent: &Decisions) -> Result<String, String> {
    let err = |e: store::StoreError| web::lang::store_error(&e);
    let id = exchange::received_id(&sent.meeting.source_id);
    let held = db.get(&id).await.map_err(err)?;
    let records = db.list().await.map_err(err)?;
    let school = exchange::school_of(&records);
    let template = match &held {
        Some(h) => match db.get_template(&h.template_hash).await.map_err(err)? {
            Some(json) => Template::from_json(&json).map_err(|e| e.to_string())?,
            None => template(db).await?,
        },
        None => template(db).await?,
    };
    let m = &sent.meeting;
    let meeting = meeting_words(&m.body, &m.protocol_number, &m.meeting_date);
    let now = web::now_iso();
    Ok(
        match exchange::receive(sent, held.as_ref(), &template, &school, &now) {
            Received::New(copy) => {
                db.put(&copy).await.map_err(err)?;
                fill(
                    t(
                        "получены решения ({}): {}; направил: {}.",
                        "decisions received ({}): {}; sent by {}.",
                    ),
                    &[&decisions_count(sent.decisions.len()), &meeting, &m.issuer],
                )
            }
            Received::Updated {
                copy,
                changed,
                added,
            } => {
                db.put(&copy).await.map_err(err)?;
                fill(
                t(
                    "решения обновлены по более новому файлу: {}; изменено {}, добавлено {}. Ваши отметки об исполнении сохранены.",
                    "decisions updated from a newer file: {}; changed {}, added {}. Your execution records are kept.",
                ),
                &[&meeting, &changed, &added],
            )
            }
            Received::Same => t(
                "этот файл уже открыт: ничего не изменилось.",
                "this file is open already: nothing changed.",
            )
            .to_owned(),
            Received::Older { held } => fill(
                t(
                    "этот файл старше уже открытого (от {}): ничего не изменилось.",
                    "this file is older than the one already opened (of {}): nothing changed.",
                ),
                &[&web::time::local_date_time(&held, web::lang::lang())],
            ),
        },
    )
}
