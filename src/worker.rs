//! The page's side of the worker: start it, send jobs with their files (as
//! `File`/`Blob` objects: the page never reads a file's bytes itself), hear
//! progress and results, and cancel a long job by ending the worker (a
//! synchronous parse cannot be interrupted any other way) and starting a
//! fresh one — the caller then restores the case into it.

use crate::jobs::{Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, MessageEvent, Worker};

/// Trunk's loader for the `slipcheck-worker` binary (`data-loader-shim`).
pub const SCRIPT: &str = "./slipcheck-worker_loader.js";

/// An answer, with the Blob that travelled beside it (exports).
pub type OnResponse = Rc<dyn Fn(Response, Option<Blob>)>;

/// The engine as the inline transport sees it: a trait object, so the app's
/// wasm (which never calls [`run_inline`]) links no engine and no reader.
pub trait Handler {
    fn handle(&mut self, req: Request, payloads: Vec<Vec<u8>>) -> Response;
}

impl Handler for crate::engine::Engine {
    fn handle(&mut self, req: Request, payloads: Vec<Vec<u8>>) -> Response {
        crate::engine::Engine::handle(self, req, payloads, &mut |_, _| {})
    }
}

type InlineEngine = Rc<RefCell<dyn Handler>>;

/// Makes every client created afterwards run the engine on the page's
/// thread: for the browser component tests, which have no worker script.
pub fn run_inline() {
    MAKE_INLINE.with(|m| *m.borrow_mut() = Some(|| Rc::new(RefCell::new(crate::engine::Engine::default())) as InlineEngine));
}

thread_local! {
    /// Set by tests only (see [`run_inline`]): the page's own thread plays
    /// the worker. The app never sets it, so its wasm links no engine.
    static MAKE_INLINE: RefCell<Option<fn() -> InlineEngine>> = const { RefCell::new(None) };
}

/// Messages held until the worker says it listens.
type Outbox = Rc<RefCell<Option<Vec<js_sys::Array>>>>;

enum Transport {
    /// The closure must live as long as the worker it listens to.
    Worker(Worker, #[allow(dead_code)] Closure<dyn FnMut(MessageEvent)>, Outbox),
    Inline(InlineEngine),
}

pub struct Client {
    transport: Transport,
    on_response: OnResponse,
}

/// An answer the page could not read, as the failure of the job it answers.
fn unreadable(header: &str, e: &serde_json::Error) -> Response {
    // `{"Case":{"id":7,…}}`: the job's id is one level down.
    let id = serde_json::from_str::<serde_json::Value>(header)
        .ok()
        .and_then(|v| v.as_object()?.values().next()?.get("id")?.as_u64())
        .unwrap_or(0) as u32;
    Response::Failed {
        id,
        message: format!("The app's worker sent an answer this page could not read ({e}). Reload the page; if it happens again, remove the last file you added."),
    }
}

impl Client {
    pub fn new(on_response: OnResponse) -> Option<Client> {
        if let Some(make) = MAKE_INLINE.with(|m| *m.borrow()) {
            return Some(Client { transport: Transport::Inline(make()), on_response });
        }
        let worker = Worker::new(SCRIPT).ok()?;
        let cb = on_response.clone();
        let outbox: Outbox = Rc::new(RefCell::new(Some(vec![])));
        let (w, out) = (worker.clone(), outbox.clone());
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let (header, blob) = match data.dyn_ref::<js_sys::Array>() {
                Some(a) => (a.get(0).as_string(), a.get(1).dyn_into::<Blob>().ok()),
                None => (data.as_string(), None),
            };
            let Some(header) = header else { return };
            match serde_json::from_str::<Response>(&header) {
                Ok(Response::Ready) => {
                    for msg in out.borrow_mut().take().unwrap_or_default() {
                        let _ = w.post_message(&msg);
                    }
                }
                Ok(r) => cb(r, blob),
                // Never drop an answer silently: the job it answers would
                // wait for ever and the user would see nothing happen.
                Err(e) => cb(unreadable(&header, &e), None),
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Some(Client { transport: Transport::Worker(worker, onmessage, outbox), on_response })
    }

    /// Sends a job with its files (Blobs, Files or Uint8Arrays), which are
    /// shared with the worker, not copied by the page.
    pub fn send(&self, req: &Request, files: &[JsValue]) -> bool {
        match &self.transport {
            Transport::Worker(worker, _, outbox) => {
                let Ok(header) = serde_json::to_string(req) else { return false };
                let msg = js_sys::Array::new();
                msg.push(&JsValue::from_str(&header));
                msg.push(&files.iter().collect::<js_sys::Array>());
                if let Some(held) = outbox.borrow_mut().as_mut() {
                    held.push(msg);
                    return true;
                }
                worker.post_message(&msg).is_ok()
            }
            Transport::Inline(engine) => {
                let engine = engine.clone();
                let cb = self.on_response.clone();
                let req = req.clone();
                let files: Vec<JsValue> = files.to_vec();
                wasm_bindgen_futures::spawn_local(async move {
                    let mut payloads = vec![];
                    for f in files {
                        payloads.push(read_bytes(f).await);
                    }
                    let resp = engine.borrow_mut().handle(req, payloads);
                    cb(resp, None);
                });
                true
            }
        }
    }

    /// Ends whatever the worker is doing; returns a fresh (empty) client.
    pub fn cancel(self) -> Option<Client> {
        if let Transport::Worker(w, _, _) = &self.transport {
            w.terminate();
        }
        Client::new(self.on_response.clone())
    }
}

/// The bytes of a Blob or Uint8Array (the inline engine's way; the worker
/// reads Blobs synchronously).
async fn read_bytes(v: JsValue) -> Vec<u8> {
    if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        return a.to_vec();
    }
    match v.dyn_into::<Blob>() {
        Ok(b) => gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(b)).await.unwrap_or_default(),
        Err(_) => vec![],
    }
}

/// A Blob holding `bytes` (pasted text, the built-in sample).
pub fn blob(bytes: &[u8]) -> Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).unwrap_or_else(|_| Blob::new().expect("an empty Blob"))
}

/// A shared, replaceable client for components.
pub type Shared = Rc<RefCell<Option<Client>>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_answer_fails_its_own_job() {
        let header = r#"{"Case":{"id":7,"view":{"broken":true}}}"#;
        let e = serde_json::from_str::<Response>(header).unwrap_err();
        match unreadable(header, &e) {
            Response::Failed { id, message } => {
                assert_eq!(id, 7);
                assert!(message.contains("could not read"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
