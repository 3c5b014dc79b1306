//! The web worker (Trunk `data-type="worker"`): keeps the case (files,
//! records, report) and does all reading and solving off the page's thread.
//! Messages in: `[request JSON, [File|Blob|Uint8Array…]]`; out: response
//! JSON strings ([`slipcheck_app::jobs::Response`]), or `[JSON, Blob]` for an
//! export, so a big export never becomes a string on the page.

// The jobs and engine modules alone, not the app's library: the worker needs
// no Yew, and the library's JS snippets cannot load in a classic worker script.
#[allow(dead_code)]
#[path = "../jobs.rs"]
mod jobs;
#[allow(dead_code)]
#[path = "../engine.rs"]
mod engine;
#[allow(dead_code)]
#[path = "../mask.rs"]
mod mask;
// engine's tests use the sample; they run in the library, not here.
#[cfg(test)]
#[path = "../sample.rs"]
mod sample;

#[cfg(target_arch = "wasm32")]
fn main() {
    use jobs::{Request, Response};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let out = scope.clone();
    let engine = RefCell::new(engine::Engine::default());
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let msg: js_sys::Array = e.data().unchecked_into();
        let header = msg.get(0).as_string().unwrap_or_default();
        let post = |r: &Response| {
            let _ = out.post_message(&JsValue::from_str(&serde_json::to_string(r).unwrap_or_default()));
        };
        let req = match serde_json::from_str::<Request>(&header) {
            Ok(req) => req,
            Err(err) => return post(&Response::Failed { id: 0, message: format!("bad request: {err}") }),
        };
        let id = req.id();
        // Files are read here, synchronously: the worker has nothing else to do meanwhile.
        let reader = FileReaderSync::new().ok();
        let files: Vec<JsValue> = msg.get(1).dyn_into::<js_sys::Array>().map(|a| a.iter().collect()).unwrap_or_default();
        let mut payloads = Vec::with_capacity(files.len());
        for (i, f) in files.into_iter().enumerate() {
            post(&Response::Progress { id, done: 0, total: 1 + i as u64 });
            let bytes = if let Some(a) = f.dyn_ref::<js_sys::Uint8Array>() {
                a.to_vec()
            } else if let (Some(b), Some(r)) = (f.dyn_ref::<Blob>(), reader.as_ref()) {
                r.read_as_array_buffer(b).map(|buf| js_sys::Uint8Array::new(&buf).to_vec()).unwrap_or_default()
            } else {
                vec![]
            };
            payloads.push(bytes);
        }
        let resp = engine.borrow_mut().handle(req, payloads, &mut |done, total| post(&Response::Progress { id, done, total }));
        match resp {
            Response::Export { id, name, mime, text } => {
                let parts = js_sys::Array::of1(&JsValue::from_str(&text));
                drop(text);
                let opts = web_sys::BlobPropertyBag::new();
                opts.set_type(&mime);
                let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).unwrap_or_else(|_| Blob::new().expect("Blob"));
                let header = serde_json::to_string(&Response::Export { id, name, mime, text: String::new() }).unwrap_or_default();
                let _ = out.post_message(&js_sys::Array::of2(&JsValue::from_str(&header), &blob));
            }
            other => post(&other),
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(&serde_json::to_string(&Response::Ready).unwrap_or_default()));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
