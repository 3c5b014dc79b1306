//! The web worker (Trunk `data-type="worker"`): reads big files and solves big
//! cases off the page's thread. Messages in: `[request JSON, Uint8Array|null]`;
//! out: response JSON strings ([`slipcheck_app::jobs::Response`]).

// The jobs module alone, not the app's library: the worker needs no Yew, and
// the library's JS snippets cannot load in a classic worker script.
#[allow(dead_code)]
#[path = "../jobs.rs"]
mod jobs;

#[cfg(target_arch = "wasm32")]
fn main() {
    use jobs::{run, Request, Response};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let out = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let msg: js_sys::Array = e.data().unchecked_into();
        let header = msg.get(0).as_string().unwrap_or_default();
        let bytes = msg.get(1).dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()).unwrap_or_default();
        let post = |r: &Response| {
            let _ = out.post_message(&JsValue::from_str(&serde_json::to_string(r).unwrap_or_default()));
        };
        let resp = match serde_json::from_str::<Request>(&header) {
            Ok(req) => {
                let id = req.id();
                run(req, bytes, &mut |done, total| post(&Response::Progress { id, done, total }))
            }
            Err(err) => Response::Failed { id: 0, message: format!("bad request: {err}") },
        };
        post(&resp);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
