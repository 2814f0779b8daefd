//! The file worker: says `"ready"` once started, then answers one message.
//! - A template file's bytes (`{bytes: Uint8Array, sheet}`: a CSV sheet when `sheet`, else
//!   JSON) → `{json}`: the template as JSON text, validated (the app keeps it).
//! - `{backup: "make", lang}` → `{text}`: a backup file of everything in this origin's
//!   IndexedDB (`exchange::Backup`), with the UI language as its setting.
//! - `{backup: "restore", bytes}` → `{ru_lines: [sentence…], en_lines: [sentence…], lang?}`: the file is
//!   read, planned against the database (`exchange::plan_restore`) and written in one
//!   transaction; the sentences say what was written and which older copies were not kept.
//!   Other tabs hear of each written assessment on the app's `BroadcastChannel`.
//!
//! - `{export: true, assessment, template, at}` (record JSON, template text, export time) →
//!   `{bytes: Uint8Array}`: the assessment as CSV for the municipality
//!   (`exchange::export_wide`, Excel (Россия) profile).
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

/// The app's database name and the channel its tabs listen on (see the app's `storage`).
const DB_NAME: &str = "otsenka";
const CHANNEL: &str = "otsenka";

fn refusal(reply: &js_sys::Object, ru: &str, en: &str) {
    set(reply, "ru", &ru.into());
    set(reply, "en", &en.into());
}

fn store_refusal(reply: &js_sys::Object, e: &store::StoreError) {
    let detail = e.to_string();
    refusal(
        reply,
        &format!("Хранилище браузера недоступно или переполнено ({detail})."),
        &format!("Browser storage is unavailable or full ({detail})."),
    );
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
            created_at: js_sys::Date::new_0().to_iso_string().into(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            assessments: db.list().await?,
            templates: db.list_templates().await?,
            settings,
        };
        db.close();
        Ok::<_, store::StoreError>(backup.to_json())
    };
    match made.await {
        Ok(text) => set(reply, "text", &text.into()),
        Err(e) => store_refusal(reply, &e),
    }
}

/// Exports one assessment (its record and its template's text, as the app holds them) as CSV.
fn export(data: &JsValue, reply: &js_sys::Object) {
    let text = |key: &str| get(data, key).as_string().unwrap_or_default();
    let exported_at = text("at");
    let made = model::Assessment::from_json(&text("assessment"))
        .map_err(|e| e.to_string())
        .and_then(|a| {
            let template =
                model::Template::from_json(&text("template")).map_err(|e| e.to_string())?;
            let meta = exchange::ExportMeta {
                exported_at: exported_at.clone(),
                app_version: env!("CARGO_PKG_VERSION").to_owned(),
            };
            let layout =
                exchange::Layout::from_name(&text("layout")).unwrap_or(exchange::Layout::Wide);
            let profile = exchange::Profile::from_name(&text("profile"))
                .unwrap_or(exchange::Profile::ExcelRu);
            exchange::export(&template, std::slice::from_ref(&a), layout, profile, &meta)
                .map_err(|e| e.to_string())
        });
    match made {
        Ok(bytes) => set(
            reply,
            "bytes",
            &js_sys::Uint8Array::from(bytes.as_slice()).into(),
        ),
        Err(detail) => refusal(
            reply,
            &format!("Не удалось выгрузить CSV ({detail})."),
            &format!("The CSV could not be made ({detail})."),
        ),
    }
}

/// Reads a backup file, plans its restore against the database and writes it in one
/// transaction: a bad file, or a failed write, changes nothing.
async fn restore(bytes: &[u8], reply: &js_sys::Object) {
    use store::AssessmentStore;
    let read = match std::str::from_utf8(bytes) {
        Ok(text) => exchange::Backup::read(text),
        Err(_) => Err(exchange::BackupError::NotJson),
    };
    let backup = match read {
        Ok(backup) => backup,
        Err(e) => {
            refusal(
                reply,
                &wording::backup_error(&e, true),
                &wording::backup_error(&e, false),
            );
            return;
        }
    };
    let restored = async {
        let db = store::IdbStore::open(DB_NAME).await?;
        let device = db.list().await?;
        let keys: Vec<String> = db
            .list_templates()
            .await?
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        let plan = exchange::plan_restore(&device, &keys, &backup);
        db.put_all(&plan.write, &plan.templates).await?;
        db.close();
        Ok::<_, store::StoreError>((device, plan))
    };
    let (device, plan) = match restored.await {
        Ok(done) => done,
        Err(e) => return store_refusal(reply, &e),
    };
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        for a in &plan.write {
            let _ = channel.post_message(&a.id.as_str().into());
        }
        channel.close();
    }
    for (key, ru) in [("ru_lines", true), ("en_lines", false)] {
        let lines: js_sys::Array = wording::restore_report(&plan, &device, ru)
            .iter()
            .map(|l| JsValue::from_str(l))
            .collect();
        set(reply, key, &lines);
    }
    set(reply, "restored", &JsValue::TRUE);
    if let Some(lang) = backup.settings.get("lang") {
        set(reply, "lang", &lang.as_str().into());
    }
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
    if get(data, "backup").as_string().as_deref() == Some("restore") {
        restore(&bytes, &reply).await;
        return reply;
    }
    // A template: a spreadsheet (CSV) is turned into JSON first; either way the JSON is
    // validated here, so the app never carries the wording of template errors.
    let json = if get(data, "sheet").is_truthy() {
        exchange::sheet_to_json(&bytes).map_err(|e| {
            (
                wording::sheet_error(&e, true),
                wording::sheet_error(&e, false),
            )
        })
    } else {
        String::from_utf8(bytes).map_err(|_| {
            (
                "Файл не в кодировке UTF-8: сохраните шаблон JSON в UTF-8.".to_owned(),
                "The file is not UTF-8: save the JSON template as UTF-8.".to_owned(),
            )
        })
    };
    let checked = json.and_then(|json| match model::Template::from_json(&json) {
        Ok(_) => Ok(json),
        Err(e) => Err((
            wording::template_error(&e, true),
            wording::template_error(&e, false),
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
