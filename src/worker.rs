//! The page's side of the worker: start it, send jobs, hear progress and
//! results, and cancel a long job by ending the worker (a synchronous parse
//! cannot be interrupted any other way) and starting a fresh one.

use crate::jobs::{Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Trunk's loader for the `slipcheck-worker` binary (`data-loader-shim`).
pub const SCRIPT: &str = "./slipcheck-worker_loader.js";

pub struct Client {
    worker: Worker,
    on_response: Rc<dyn Fn(Response)>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
}

impl Client {
    /// `None` where workers are unavailable (then the page does the work).
    pub fn new(on_response: Rc<dyn Fn(Response)>) -> Option<Client> {
        let worker = Worker::new(SCRIPT).ok()?;
        let cb = on_response.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(r) = e.data().as_string().and_then(|s| serde_json::from_str::<Response>(&s).ok()) {
                cb(r);
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Some(Client { worker, on_response, _onmessage: onmessage })
    }

    /// Sends a job; the bytes are transferred, not copied.
    pub fn send(&self, req: &Request, bytes: Option<&[u8]>) -> bool {
        let Ok(header) = serde_json::to_string(req) else { return false };
        let msg = js_sys::Array::new();
        msg.push(&JsValue::from_str(&header));
        match bytes {
            Some(b) => {
                let arr = js_sys::Uint8Array::from(b);
                msg.push(&arr);
                let transfer = js_sys::Array::of1(&arr.buffer());
                self.worker.post_message_with_transfer(&msg, &transfer).is_ok()
            }
            None => {
                msg.push(&JsValue::NULL);
                self.worker.post_message(&msg).is_ok()
            }
        }
    }

    /// Ends whatever the worker is doing; returns a fresh client.
    pub fn cancel(self) -> Option<Client> {
        self.worker.terminate();
        Client::new(self.on_response.clone())
    }
}

/// A shared, replaceable client for components.
pub type Shared = Rc<RefCell<Option<Client>>>;
