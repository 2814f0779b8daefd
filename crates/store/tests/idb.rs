//! IndexedDB round trips, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use model::{Assessment, Template};
use store::{AssessmentStore, IdbStore, StoreError};
use wasm_bindgen::prelude::wasm_bindgen;
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

#[wasm_bindgen(inline_js = r#"
export function create_v1(name, fixture) {
  // The layout database version 1 of the app created, written with the raw browser API.
  return new Promise((ok, fail) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('assessments', { keyPath: 'id' });
      open.result.createObjectStore('templates');
    };
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['assessments', 'templates'], 'readwrite');
      const f = JSON.parse(fixture);
      for (const a of f.assessments) tx.objectStore('assessments').put(a);
      for (const [key, text] of f.templates) tx.objectStore('templates').put(text, key);
      tx.oncomplete = () => { db.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  });
}
export function raw_records(name) {
  // Every stored assessment record as JSON text, read without the app's code.
  return new Promise((ok, fail) => {
    const open = indexedDB.open(name);
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('assessments').objectStore('assessments').getAll();
      get.onsuccess = () => { db.close(); ok(JSON.stringify({ version: db.version, records: get.result })); };
      get.onerror = () => fail(get.error);
    };
  });
}
"#)]
extern "C" {
    fn create_v1(name: &str, fixture: &str) -> js_sys::Promise;
    fn raw_records(name: &str) -> js_sys::Promise;
}

const V1: &str = include_str!("fixtures/idb-v1.json");

#[wasm_bindgen_test]
async fn a_version_1_database_migrates_without_loss() -> Result<(), StoreError> {
    let name = unique_name("v1");
    let js = |e: wasm_bindgen::JsValue| StoreError::Other(format!("{e:?}"));
    wasm_bindgen_futures::JsFuture::from(create_v1(&name, V1))
        .await
        .map_err(js)?;

    let store = IdbStore::open(&name).await?;
    let list = store.list().await?;
    let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "5f0c2a8e-1d2b-4c3a-9e7f-0a1b2c3d4e5f",
            "9a8b7c6d-0000-4000-8000-000000000002"
        ]
    );
    let a = &list[0];
    assert_eq!((a.schema, a.revision, a.exported_at.as_str()), (2, 1, ""));
    assert_eq!(
        a.respondent_value("school_name"),
        "МБОУ «СОШ № 3»; \"корпус 2\""
    );
    assert_eq!(a.respondent_value("inn"), "0274062111");
    assert_eq!(a.answers.len(), 6);
    let answer = |id: &str| a.answer(id).cloned().unwrap_or_default();
    assert_eq!(answer("1.1.1").choice.as_deref(), Some("yes"));
    assert_eq!(answer("2.4.9").comment, "строка 1\nстрока 2");
    assert_eq!(answer("2.4.9").evidence, "Приказ № 12 от 01.09.2025");
    assert_eq!(answer("3.1").choices, ["r1", "r4"]);
    assert_eq!(answer("4.2").value, "12,5");
    assert_eq!(
        answer("5.1").doc.get("date").map(String::as_str),
        Some("2025-08-30")
    );
    assert_eq!(answer("6.1").rows.len(), 2);
    assert_eq!(
        answer("6.1").rows[1].get("measure").map(String::as_str),
        Some("=1+1")
    );
    assert_eq!(
        (a.current_section.as_str(), a.updated_at.as_str()),
        ("2.4", "2026-11-21T09:30:12.345Z")
    );
    assert!(list[1].answers.is_empty());
    assert_eq!(store.list_templates().await?.len(), 2);
    assert_eq!(
        store
            .get_template("fnv1a-6d3c0b9e2a417f55")
            .await?
            .as_deref(),
        Some("{\"format\": 1, \"id\": \"msoko\", \"version\": \"2025.1\"}")
    );
    // Edits work on migrated records and count from their revision.
    let mut edits = model::Edits::default();
    edits.answers.insert(
        "1.1.2".into(),
        Some(model::Answer {
            choice: Some("no".into()),
            ..model::Answer::default()
        }),
    );
    let edited = store
        .update(&a.id, &edits)
        .await?
        .ok_or(StoreError::Other("gone".into()))?;
    assert_eq!((edited.revision, edited.answers.len()), (2, 7));
    store.close();

    // On disk, every record is now in record schema 2, in a version-2 database.
    let raw = wasm_bindgen_futures::JsFuture::from(raw_records(&name))
        .await
        .map_err(js)?
        .as_string()
        .unwrap_or_default();
    let raw = model::Json::parse(&raw).map_err(|e| StoreError::Other(e.to_string()))?;
    let model::Json::Obj(fields) = raw else {
        return Err(StoreError::Other("raw records are not an object".into()));
    };
    assert_eq!(fields[0].1, model::Json::Num(f64::from(store::DB_VERSION)));
    let model::Json::Arr(records) = &fields[1].1 else {
        return Err(StoreError::Other("no records".into()));
    };
    assert_eq!(records.len(), 2);
    for record in records {
        let model::Json::Obj(r) = record else {
            return Err(StoreError::Other("a record is not an object".into()));
        };
        assert!(
            r.contains(&("schema".into(), model::Json::Num(2.0))),
            "{r:?}"
        );
    }
    Ok(())
}

#[wasm_bindgen_test]
async fn updates_from_two_connections_to_different_items_both_survive() -> Result<(), StoreError> {
    // Two tabs are two connections to one database.
    let name = unique_name("tabs");
    let t = msoko();
    let (one, two) = (IdbStore::open(&name).await?, IdbStore::open(&name).await?);
    one.put(&Assessment::new(
        "a".into(),
        &t,
        "2026-11-22T08:00:00.000Z".into(),
    ))
    .await?;
    let answer = |choice: &str| {
        Some(model::Answer {
            choice: Some(choice.into()),
            ..model::Answer::default()
        })
    };
    let (mut a, mut b) = (model::Edits::default(), model::Edits::default());
    a.answers.insert("1.1.1".into(), answer("yes"));
    b.answers.insert("1.1.2".into(), answer("no"));
    // Both are in flight at once.
    let (ra, rb) = futures_join(one.update("a", &a), two.update("a", &b)).await;
    ra?;
    rb?;
    let stored = one
        .get("a")
        .await?
        .ok_or(StoreError::Other("gone".into()))?;
    assert_eq!(stored.answers.len(), 2, "{stored:?}");
    assert_eq!(stored.revision, 2);
    one.close();
    two.close();
    Ok(())
}

/// Polls two futures until both are done (no executor crate needed).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::task::Poll;
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                ra = x;
                rb = y;
                Poll::Pending
            }
        }
    })
    .await
}
