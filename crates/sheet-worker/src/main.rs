//! The file worker: says `"ready"` once started, then answers one message.
//! - A template file's bytes (`{bytes: Uint8Array, sheet}`: a CSV sheet when `sheet`, else
//!   JSON) → `{json}`: the template as JSON text, validated (the app keeps it).
//! - `{backup: "make", lang}` → `{text}`: a backup file of everything in this origin's
//!   IndexedDB (`exchange::Backup`), with the UI language as its setting.
//! - `{files: FileList}` → `{ru_lines: [sentence…], en_lines: [sentence…], lang?}`: the
//!   picked files, read here. One backup file (JSON) is read, planned against the database
//!   (`exchange::plan_restore`) and written in one transaction; CSV exports (any number) are
//!   imported (`exchange::import_files`, all or nothing per file) and merged the same way.
//!   The sentences say what each file gave, what was written and which older copies were not
//!   kept. Other tabs hear of each written assessment on the app's `BroadcastChannel`.
//!
//! - `{export: true, assessment, template, at, layout, profile}` (record JSON, template text,
//!   export time, `docs/csv-format.md` names) →
//!   `{bytes: Uint8Array}`: the assessment as CSV for the municipality
//!   (`exchange::export`, in the `layout` and `profile` named in the message).
//!
//! Either way a refusal is `{ru, en}`: why, and where in the file, in both languages.
//!
//! A separate wasm, started only when a person opens such a file: the sheet and backup readers
//! are as large as a fifth of the app, and they are needed rarely. It also keeps a large file
//! from freezing the page while it is read.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn get(data: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

use contract::{CHANNEL, DB_NAME};
use model::Lang;

/// Tells the app's tabs which assessments were written, so a tab showing one re-reads it.
fn tell_tabs(written: &[model::Assessment]) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        for a in written {
            let _ = channel.post_message(&a.id.as_str().into());
        }
        channel.close();
    }
}

fn refusal(reply: &js_sys::Object, ru: &str, en: &str) {
    set(reply, "ru", &ru.into());
    set(reply, "en", &en.into());
}

fn store_refusal(reply: &js_sys::Object, e: &store::StoreError) {
    // A sentence of its own: capitalised, with a full stop.
    let say = |lang| {
        let words = e.words(lang);
        let mut chars = words.chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        format!("{first}{}.", chars.as_str())
    };
    refusal(reply, &say(Lang::Ru), &say(Lang::En));
}

/// A backup of everything in the database.
async fn make_backup(data: &JsValue, reply: &js_sys::Object) {
    use store::AssessmentStore;
    let made = async {
        let db = store::IdbStore::open(DB_NAME).await?;
        let mut settings = model::VecMap::new();
        if let Some(lang) = get(data, "lang").as_string() {
            settings.insert("lang".to_owned(), lang);
        }
        let backup = exchange::Backup {
            created_at: now(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            assessments: db.list().await?,
            templates: db.list_templates().await?,
            settings,
            refused: Vec::new(),
        };
        db.close();
        Ok::<_, store::StoreError>(backup.to_json())
    };
    match made.await {
        Ok(text) => set(reply, "text", &text.into()),
        Err(e) => store_refusal(reply, &e),
    }
}

/// Exports one assessment (its record and its template's text, as the app holds them) as CSV
/// in the layout and profile asked for (`docs/csv-format.md`).
fn export(data: &JsValue, reply: &js_sys::Object) {
    let text = |key: &str| get(data, key).as_string().unwrap_or_default();
    let exported_at = text("at");
    let made = model::Assessment::from_json(&text("assessment"))
        .map_err(|e| (e.to_string(), e.to_string()))
        .and_then(|a| {
            let template = model::Template::from_json(&text("template"))
                .map_err(|e| (e.to_string(), e.to_string()))?;
            let meta = exchange::ExportMeta {
                exported_at: exported_at.clone(),
                app_version: env!("CARGO_PKG_VERSION").to_owned(),
            };
            let layout =
                exchange::Layout::from_name(&text("layout")).unwrap_or(exchange::Layout::Wide);
            let profile = exchange::Profile::from_name(&text("profile"))
                .unwrap_or(exchange::Profile::ExcelRu);
            if layout == exchange::Layout::Tables
                && !template.items().any(|i| i.kind == model::ItemKind::Table)
            {
                return Err((
                    "В этом шаблоне нет таблиц: выберите другой вид таблицы.".to_owned(),
                    "This template has no tables: choose another layout.".to_owned(),
                ));
            }
            exchange::export(&template, std::slice::from_ref(&a), layout, profile, &meta).map_err(
                |e| {
                    (
                        wording::export_error(&e, Lang::Ru),
                        wording::export_error(&e, Lang::En),
                    )
                },
            )
        });
    match made {
        Ok(bytes) => set(
            reply,
            "bytes",
            &js_sys::Uint8Array::from(bytes.as_slice()).into(),
        ),
        Err((ru, en)) => refusal(reply, &ru, &en),
    }
}

/// Every template this device knows: the copies kept for assessments and imported templates
/// (from the database) and the built-in ones (`built_in`, the build's own files).
async fn known_templates(
    db: &store::IdbStore,
    built_in: &[String],
) -> Result<Vec<(String, model::Template)>, store::StoreError> {
    use store::AssessmentStore;
    let mut texts: Vec<String> = db
        .list_templates()
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    texts.extend(built_in.iter().cloned());
    Ok(exchange::distinct_templates(texts))
}

/// The time now, RFC 3339 UTC.
fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Merges `incoming` into the database as a restore does (`exchange::plan_restore`: nothing
/// on the device is replaced — a record held differently comes in as a copy beside it —,
/// template texts checked, built-ins never replaced), written in one transaction, and tells
/// the other tabs. Returns the device's assessments as they were and the plan carried out.
async fn merge_into(
    db: &store::IdbStore,
    incoming: &exchange::Backup,
    built_in: &[String],
) -> Result<(Vec<model::Assessment>, exchange::Restore), store::StoreError> {
    use store::AssessmentStore;
    let device = db.list().await?;
    let keys: Vec<String> = db
        .list_templates()
        .await?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let plan = exchange::plan_restore(&device, &keys, built_in, incoming, &now());
    db.put_all(&plan.write, &plan.templates).await?;
    tell_tabs(&plan.write);
    Ok((device, plan))
}

/// Imports CSV files (`docs/csv-format.md`) into the database: every file all or nothing, the
/// accepted assessments merged as a restore merges them (a newer copy on the device is kept),
/// with their template texts, in one transaction. The lines say what each file gave.
async fn import_csv(files: &[(String, Vec<u8>)], reply: &js_sys::Object) {
    let imported = async {
        let db = store::IdbStore::open(DB_NAME).await?;
        let built_in = web::build_template_texts(exchange::index_files).await;
        let known = known_templates(&db, &built_in).await?;
        let templates: Vec<model::Template> = known.iter().map(|(_, t)| t.clone()).collect();
        let named: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let got = exchange::import_files(&named, &templates);
        let backup = exchange::Backup {
            assessments: got.assessments.clone(),
            templates: known
                .iter()
                .filter(|(_, t)| got.assessments.iter().any(|a| t.has_hash(&a.template_hash)))
                .map(|(text, t)| (t.hash.clone(), text.clone()))
                .collect(),
            ..exchange::Backup::default()
        };
        let (device, plan) = merge_into(&db, &backup, &built_in).await?;
        db.close();
        Ok::<_, store::StoreError>((got, plan, device))
    };
    let (got, plan, device) = match imported.await {
        Ok(done) => done,
        Err(e) => return store_refusal(reply, &e),
    };
    for (key, lang) in [("ru_lines", Lang::Ru), ("en_lines", Lang::En)] {
        let mut lines: Vec<String> = Vec::new();
        for f in &got.accepted {
            lines.push(match lang {
                Lang::Ru => format!(
                    "Файл «{}» принят: самооценок {}, строк {} ({}, {}, разделитель «{}»).",
                    f.name, f.assessments, f.rows, f.template, f.encoding, f.delimiter
                ),
                Lang::En => format!(
                    "«{}» accepted: {} assessments, {} rows ({}, {}, separator «{}»).",
                    f.name, f.assessments, f.rows, f.template, f.encoding, f.delimiter
                ),
            });
        }
        lines.extend(got.warnings.iter().map(|p| wording::csv_problem(p, lang)));
        for (name, problems) in &got.refused {
            lines.push(match lang {
                Lang::Ru => format!("Файл «{name}» не принят, из него ничего не записано:"),
                Lang::En => format!("«{name}» was refused; nothing from it was written:"),
            });
            lines.extend(problems.iter().map(|p| wording::csv_problem(p, lang)));
        }
        if !got.accepted.is_empty() {
            lines.extend(wording::restore_report(&plan, &device, lang));
        }
        let array: js_sys::Array = lines.iter().map(|l| JsValue::from_str(l)).collect();
        if got.accepted.is_empty() {
            set(
                reply,
                key.trim_end_matches("_lines"),
                &lines.join(" ").into(),
            );
        } else {
            set(reply, key, &array);
        }
    }
    if !got.accepted.is_empty() {
        set(reply, "restored", &JsValue::TRUE);
    }
}

/// Reads a backup file, plans its restore against the database and writes it in one
/// transaction: a bad file, or a failed write, changes nothing.
async fn restore(name: &str, bytes: &[u8], reply: &js_sys::Object) {
    let backup = match exchange::Backup::read_bytes(bytes) {
        Ok(backup) => backup,
        Err(e) => {
            refusal(
                reply,
                &format!(
                    "Файл «{name}» не восстановлен, ничего не изменилось. {}",
                    wording::backup_error(&e, Lang::Ru)
                ),
                &format!(
                    "«{name}» was not restored; nothing was changed. {}",
                    wording::backup_error(&e, Lang::En)
                ),
            );
            return;
        }
    };
    let restored = async {
        let db = store::IdbStore::open(DB_NAME).await?;
        let built_in = web::build_template_texts(exchange::index_files).await;
        let merged = merge_into(&db, &backup, &built_in).await?;
        db.close();
        Ok::<_, store::StoreError>(merged)
    };
    let (device, plan) = match restored.await {
        Ok(done) => done,
        Err(e) => return store_refusal(reply, &e),
    };
    for (key, lang) in [("ru_lines", Lang::Ru), ("en_lines", Lang::En)] {
        let lines: js_sys::Array = std::iter::once(match lang {
            Lang::Ru => format!("Восстановлено из файла «{name}»."),
            Lang::En => format!("Restored from «{name}»."),
        })
        .chain(wording::restore_report(&plan, &device, lang))
        .map(|l| JsValue::from_str(&l))
        .collect();
        set(reply, key, &lines);
    }
    set(reply, "restored", &JsValue::TRUE);
    if let Some(lang) = backup.settings.get("lang") {
        set(reply, "lang", &lang.as_str().into());
    }
}

/// The bytes of a picked `File` (`Blob.arrayBuffer()`, which workers have).
async fn read_file(file: &JsValue) -> Option<Vec<u8>> {
    let read: js_sys::Function = get(file, "arrayBuffer").dyn_into().ok()?;
    let promise: js_sys::Promise = read.call0(file).ok()?.dyn_into().ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A backup starts with `{` (after a byte-order mark or spaces); a CSV export never does.
fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

async fn answer(data: JsValue) -> js_sys::Object {
    let data = &data;
    let reply = js_sys::Object::new();
    if get(data, "export").is_truthy() {
        export(data, &reply);
        return reply;
    }
    if get(data, "backup").as_string().as_deref() == Some("make") {
        make_backup(data, &reply).await;
        return reply;
    }
    // Files picked to restore (a `FileList`): a backup (JSON) alone, or CSV exports, any
    // number at once.
    let list = get(data, "files");
    if list.is_object() {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let count = get(&list, "length").as_f64().unwrap_or(0.0) as u32;
        for i in 0..count {
            let file = js_sys::Reflect::get_u32(&list, i).unwrap_or(JsValue::UNDEFINED);
            let name = get(&file, "name").as_string().unwrap_or_default();
            match read_file(&file).await {
                Some(bytes) => files.push((name, bytes)),
                None => {
                    refusal(
                        &reply,
                        &format!("Файл «{name}» не удалось прочитать, ничего не изменилось."),
                        &format!("«{name}» could not be read; nothing was changed."),
                    );
                    return reply;
                }
            }
        }
        match files.as_slice() {
            [(name, bytes)] if looks_like_json(bytes) => restore(name, bytes, &reply).await,
            _ => import_csv(&files, &reply).await,
        }
        return reply;
    }
    let bytes = Some(get(data, "bytes"))
        .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
        .map(|b| js_sys::Uint8Array::new(&b).to_vec());
    let Some(bytes) = bytes else {
        refusal(
            &reply,
            "Файл не удалось прочитать.",
            "The file could not be read.",
        );
        return reply;
    };
    // A template: a spreadsheet (CSV) is turned into JSON first; either way the JSON is
    // validated here, so the app never carries the wording of template errors.
    let json = if get(data, "sheet").is_truthy() {
        exchange::sheet_to_json(&bytes).map_err(|e| {
            (
                wording::sheet_error(&e, Lang::Ru),
                wording::sheet_error(&e, Lang::En),
            )
        })
    } else {
        match exchange::utf8_text(&bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(at) => Err((
                format!(
                    "Файл не в кодировке UTF-8 (строка {}, столбец {}, байт {}): сохраните шаблон JSON в UTF-8.",
                    at.line, at.column, at.offset
                ),
                format!(
                    "The file is not UTF-8 (line {}, column {}, byte {}): save the JSON template as UTF-8.",
                    at.line, at.column, at.offset
                ),
            )),
        }
    };
    let checked = json.and_then(|json| match model::Template::from_json(&json) {
        Ok(_) => Ok(json),
        Err(e) => Err((
            wording::template_error(&e, Lang::Ru),
            wording::template_error(&e, Lang::En),
        )),
    });
    match checked {
        Ok(json) => set(&reply, "json", &json.into()),
        Err((ru, en)) => refusal(&reply, &ru, &en),
    }
    reply
}

/// Talc instead of Rust's default dlmalloc: 2 KB brotli smaller here, and faster. (Not in the
/// app: Leptos's `SendWrapper` brings in `std::thread`, which allocates through dlmalloc
/// anyway, so there the swap saved nothing.)
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let reply_to = reply_to.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let reply: JsValue = answer(ev.data()).await.into();
                let _ = reply_to.post_message(&reply);
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point were lost: tell the page it may send now.
    let _ = scope.post_message(&"ready".into());
}
