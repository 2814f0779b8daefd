//! IndexedDB round trips, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use model::{Assessment, Template};
use store::{AssessmentStore, IdbStore, StoreError};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn msoko() -> Template {
    match templates::by_id("msoko") {
        Some(Ok(t)) => t,
        other => panic!("the built-in МСОКО template must load: {other:?}"),
    }
}

fn unique_name(test: &str) -> String {
    format!("otsenka-test-{test}-{}", js_sys::Math::random())
}

fn filled(template: &Template, id: &str, updated_at: &str) -> Assessment {
    let mut a = Assessment::new(id.into(), template, "2026-11-22T08:00:00.000Z".into());
    a.updated_at = updated_at.into();
    a.respondent
        .insert("school_name".into(), "МБОУ «СОШ № 3»; \"корпус\"".into());
    a.respondent.insert("inn".into(), "0274062111".into());
    a.update_answer("1.1.1", |x| x.choice = Some("yes".into()));
    a.update_answer("2.4.9", |x| {
        x.choice = Some("partly".into());
        x.evidence = "Приказ № 12 от 01.09.2025".into();
        x.comment = "строка 1\nстрока 2".into();
    });
    a.current_section = "2.4".into();
    a
}

#[wasm_bindgen_test]
async fn an_assessment_survives_closing_and_reopening_the_database() -> Result<(), StoreError> {
    let name = unique_name("reopen");
    let t = msoko();
    let a = filled(&t, "a-1", "2026-11-22T08:05:00.000Z");

    let db = IdbStore::open(&name).await?;
    db.put(&a).await?;
    db.put_template(&t.hash, templates::BUILT_IN[0].json)
        .await?;
    db.close();

    let db = IdbStore::open(&name).await?;
    assert_eq!(db.get("a-1").await?, Some(a.clone()));
    assert_eq!(db.get("missing").await?, None);
    assert_eq!(
        db.get_template(&t.hash).await?.as_deref(),
        Some(templates::BUILT_IN[0].json)
    );
    assert_eq!(
        db.list_templates().await?,
        [(t.hash.clone(), templates::BUILT_IN[0].json.to_owned())]
    );
    db.close();
    Ok(())
}

#[wasm_bindgen_test]
async fn put_replaces_list_orders_newest_first_and_delete_removes() -> Result<(), StoreError> {
    let db = IdbStore::open(&unique_name("list")).await?;
    let t = msoko();
    let older = filled(&t, "older", "2026-11-20T10:00:00.000Z");
    let mut newer = filled(&t, "newer", "2026-11-21T10:00:00.000Z");
    db.put(&older).await?;
    db.put(&newer).await?;
    newer.update_answer("1.1.1", |x| x.choice = Some("no".into()));
    db.put(&newer).await?;

    let listed = db.list().await?;
    let ids: Vec<&str> = listed.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["newer", "older"]);
    assert_eq!(listed[0], newer);

    db.delete("older").await?;
    assert_eq!(db.list().await?.len(), 1);
    db.close();
    Ok(())
}

#[wasm_bindgen_test]
async fn a_record_that_is_not_an_assessment_is_reported_not_panicked_on() -> Result<(), StoreError>
{
    let name = unique_name("corrupt");
    IdbStore::open(&name).await?.close();
    // Write a foreign record with the raw browser API, as a broken older build might have.
    let window = web_sys::window().ok_or(StoreError::Other("no window".into()))?;
    let factory = window
        .indexed_db()
        .ok()
        .flatten()
        .ok_or(StoreError::Other("no indexedDB".into()))?;
    let open = factory
        .open(&name)
        .map_err(|e| StoreError::Other(format!("{e:?}")))?;
    let db: web_sys::IdbDatabase = wasm_bindgen_futures::JsFuture::from(request_promise(&open))
        .await
        .map_err(|e| StoreError::Other(format!("{e:?}")))?
        .into();
    let tx = db
        .transaction_with_str_and_mode("assessments", web_sys::IdbTransactionMode::Readwrite)
        .map_err(|e| StoreError::Other(format!("{e:?}")))?;
    let record = js_sys::JSON::parse(r#"{"id": "bad", "schema": "not a number"}"#)
        .map_err(|e| StoreError::Other(format!("{e:?}")))?;
    let put = tx
        .object_store("assessments")
        .and_then(|s| s.put(&record))
        .map_err(|e| StoreError::Other(format!("{e:?}")))?;
    wasm_bindgen_futures::JsFuture::from(request_promise(&put))
        .await
        .map_err(|e| StoreError::Other(format!("{e:?}")))?;
    db.close();

    let store = IdbStore::open(&name).await?;
    assert!(matches!(store.get("bad").await, Err(StoreError::Corrupt { id, .. }) if id == "bad"));
    assert!(matches!(
        store.list().await,
        Err(StoreError::Corrupt { .. })
    ));
    store.close();
    Ok(())
}

/// A promise that settles when an IDBRequest succeeds or fails.
fn request_promise(req: &web_sys::IdbRequest) -> js_sys::Promise {
    let req = req.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let on_success = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = resolve.call1(
                &wasm_bindgen::JsValue::NULL,
                &ok_req.result().unwrap_or_default(),
            );
        });
        let on_error = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    })
}
