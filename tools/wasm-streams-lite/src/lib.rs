//! The part of [`wasm-streams`](https://crates.io/crates/wasm-streams) 0.5 that Leptos's
//! `server_fn` calls — `ReadableStream::{from_raw, from_stream, into_raw, into_stream}` — for
//! its streaming server functions, which Otsenka (client-side only, no server) never calls.
//!
//! Why it exists: the real crate declares its underlying sources and sinks as
//! `#[wasm_bindgen]` classes, and exported classes can never be removed as dead code, so every
//! page's wasm and glue carried them (~2 KB brotli each). This version builds the same streams
//! from closures and a reader loop, and exports nothing. Leptos enables `server_fn`'s `browser`
//! feature unconditionally, so it is swapped in with `[patch.crates-io]`.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;

use futures_util::stream::{self, Stream, StreamExt};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ReadableStreamDefaultController, ReadableStreamDefaultReader};

/// A JavaScript `ReadableStream`, convertible to and from a Rust [`Stream`].
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

type Source = Pin<Box<dyn Stream<Item = Result<JsValue, JsValue>>>>;

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A JavaScript stream whose chunks are pulled from `stream` one at a time.
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let source: Rc<RefCell<Source>> = Rc::new(RefCell::new(Box::pin(stream)));
        let pull = Closure::<dyn FnMut(ReadableStreamDefaultController) -> Promise>::new(
            move |controller: ReadableStreamDefaultController| {
                let source = source.clone();
                future_to_promise(async move {
                    let next = futures_util::future::poll_fn(|cx| {
                        source.borrow_mut().as_mut().poll_next(cx)
                    })
                    .await;
                    match next {
                        Some(Ok(chunk)) => controller.enqueue_with_chunk(&chunk)?,
                        Some(Err(e)) => return Err(e),
                        None => controller.close()?,
                    }
                    Ok(JsValue::UNDEFINED)
                })
            },
        );
        let underlying = Object::new();
        let _ = Reflect::set(&underlying, &JsValue::from_str("pull"), pull.as_ref());
        // The stream keeps calling `pull` for as long as it lives; it is dropped with the page.
        pull.forget();
        let raw = web_sys::ReadableStream::new_with_underlying_source(&underlying)
            .unwrap_or_else(|e| wasm_bindgen::throw_val(e));
        Self { raw }
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The stream's chunks, read one at a time; a read that fails ends the stream with that error.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> {
        let reader: Option<ReadableStreamDefaultReader> = self.raw.get_reader().dyn_into().ok();
        stream::unfold(reader, |reader| async move {
            let reader = reader?;
            match JsFuture::from(reader.read()).await {
                Ok(result) => {
                    let done = Reflect::get(&result, &JsValue::from_str("done"))
                        .map(|d| d.is_truthy())
                        .unwrap_or(true);
                    if done {
                        None
                    } else {
                        let value = Reflect::get(&result, &JsValue::from_str("value"))
                            .unwrap_or(JsValue::UNDEFINED);
                        Some((Ok(value), Some(reader)))
                    }
                }
                Err(e) => Some((Err(e), None)),
            }
        })
        .boxed_local()
    }
}
