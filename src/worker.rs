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
            match header.and_then(|s| serde_json::from_str::<Response>(&s).ok()) {
                Some(Response::Ready) => {
                    for msg in out.borrow_mut().take().unwrap_or_default() {
                        let _ = w.post_message(&msg);
                    }
                }
                Some(r) => cb(r, blob),
                None => {}
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
