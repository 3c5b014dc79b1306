//! The OCR web worker (Trunk `data-type="worker"`, `slipcheck-ocr-worker`):
//! the page starts it only when the user first adds a photo, so neither the
//! app nor the parsing worker carries the engine (≈0.9 MB gzip) or its
//! weights (≈21 MB).
//!
//! On the first photo it fetches the weights from its own origin
//! (`models/`, copied into dist/ by Trunk), streaming them so the page can
//! show bytes loaded / total, and keeps them in the Cache API: the next visit
//! builds the engine without any download. Then, per photo, it runs
//! `slipcheck_ocr::Engine::read_rgba` on the pixels the page decoded and
//! answers with the lines and their boxes. Messages are in
//! `src/ocr/protocol.rs`.

#[allow(dead_code)]
#[path = "../ocr/protocol.rs"]
mod protocol;

#[cfg(target_arch = "wasm32")]
mod worker {
    use super::protocol::{read_photo, OcrEvent, OcrRequest, PhotoLine, PhotoText, CACHE_NAME, FILES, MODELS_PATH};
    use slipcheck_ocr::Engine;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Cache, DedicatedWorkerGlobalScope, MessageEvent, ReadableStreamDefaultReader, Response};

    #[derive(Default)]
    struct State {
        engine: Option<Rc<Engine>>,
        queue: VecDeque<(OcrRequest, Vec<u8>)>,
        running: bool,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(e: &OcrEvent) {
        let _ = scope().post_message(&JsValue::from_str(&serde_json::to_string(e).unwrap_or_default()));
    }

    fn now() -> f64 {
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
            .map(|p| p.now())
            .unwrap_or(0.0)
    }

    fn js_err(e: JsValue) -> String {
        e.as_string()
            .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
            .unwrap_or_else(|| format!("{e:?}"))
    }

    pub fn main() {
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let msg: js_sys::Array = e.data().unchecked_into();
            let header = msg.get(0).as_string().unwrap_or_default();
            // The page sends ImageData's own Uint8ClampedArray: view it as bytes.
            let px = msg.get(1);
            let pixels = if px.is_object() { js_sys::Uint8Array::new(&px).to_vec() } else { Vec::new() };
            match serde_json::from_str::<OcrRequest>(&header) {
                Ok(req) => {
                    let start = STATE.with(|s| {
                        let mut s = s.borrow_mut();
                        s.queue.push_back((req, pixels));
                        !std::mem::replace(&mut s.running, true)
                    });
                    if start {
                        wasm_bindgen_futures::spawn_local(drain());
                    }
                }
                Err(err) => post(&OcrEvent::Failed { id: 0, message: format!("bad request: {err}") }),
            }
        });
        scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        post(&OcrEvent::Listening);
    }

    /// Photos are read one at a time, in the order they came; the first one
    /// waits for the weights.
    async fn drain() {
        loop {
            let Some((req, pixels)) = STATE.with(|s| s.borrow_mut().queue.pop_front()) else {
                STATE.with(|s| s.borrow_mut().running = false);
                return;
            };
            let OcrRequest::Read { id, width, height, name } = req;
            let engine = match STATE.with(|s| s.borrow().engine.clone()) {
                Some(e) => e,
                None => match load().await {
                    Ok(e) => {
                        let e = Rc::new(e);
                        STATE.with(|s| s.borrow_mut().engine = Some(e.clone()));
                        e
                    }
                    Err(message) => {
                        post(&OcrEvent::Failed { id, message });
                        continue;
                    }
                },
            };
            post(&OcrEvent::Reading { id });
            let t = now();
            let event = match engine.read_rgba(&pixels, width, height) {
                Ok(page) => {
                    let ms = now() - t;
                    let mut photo = PhotoText {
                        width: page.width,
                        height: page.height,
                        lines: page
                            .lines
                            .into_iter()
                            .map(|l| PhotoLine { text: l.text, confidence: l.confidence, bbox: l.bbox })
                            .collect(),
                        doc: None,
                    };
                    // The receipt reader runs here, so the page's wasm needs none.
                    photo.doc = Some(read_photo(&name, &photo));
                    OcrEvent::Done { id, photo, ms }
                }
                Err(e) => OcrEvent::Failed { id, message: e.to_string() },
            };
            post(&event);
        }
    }

    /// Fetches (or takes from the cache) the three files and builds the engine.
    async fn load() -> Result<Engine, String> {
        let t = now();
        let scope = scope();
        // No Cache API (e.g. an insecure origin): still works, downloads each visit.
        let cache: Option<Cache> = match scope.caches() {
            Ok(c) => JsFuture::from(c.open(CACHE_NAME)).await.ok().map(|c| c.unchecked_into()),
            Err(_) => None,
        };
        let urls: Vec<String> = FILES.iter().map(|f| format!("{MODELS_PATH}{f}")).collect();
        let mut cached = Vec::new();
        for url in &urls {
            let hit = match &cache {
                Some(c) => JsFuture::from(c.match_with_str(url)).await.ok().and_then(|r| r.dyn_into::<Response>().ok()),
                None => None,
            };
            cached.push(hit);
        }
        let all_cached = cached.iter().all(Option::is_some);
        // Start every missing download at once: each response's headers give
        // its size, so the page can show one total from the start.
        let mut responses = Vec::new();
        for (url, hit) in urls.iter().zip(cached) {
            responses.push(match hit {
                Some(r) => (r, true),
                None => {
                    let r = JsFuture::from(scope.fetch_with_str(url)).await.map_err(|e| format!("{url}: {}", js_err(e)))?;
                    let r: Response = r.unchecked_into();
                    if !r.ok() {
                        return Err(format!(
                            "{url}: the server answered {} — the OCR weights are missing from this site (build it with `cargo xtask dist`)",
                            r.status()
                        ));
                    }
                    (r, false)
                }
            });
        }
        let size = |r: &Response| {
            r.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
        };
        let total: u64 = responses.iter().map(|(r, _)| size(r)).sum();
        let mut loaded = 0u64;
        let mut last_post = 0u64;
        let mut files = Vec::new();
        for ((r, hit), url) in responses.into_iter().zip(&urls) {
            let bytes = read_body(&r, &mut |n| {
                loaded += n;
                // Every 256 KiB is plenty for a progress bar and keeps the
                // page's message queue short.
                if !hit && (loaded - last_post >= 256 * 1024 || loaded == total) {
                    last_post = loaded;
                    post(&OcrEvent::Download { loaded, total });
                }
            })
            .await
            .map_err(|e| format!("{url}: {e}"))?;
            if !hit {
                if let Some(c) = &cache {
                    let mut copy = bytes.clone();
                    if let Ok(resp) = Response::new_with_opt_u8_array(Some(&mut copy)) {
                        // A full disk must not stop OCR: the cache is a bonus.
                        let _ = JsFuture::from(c.put_with_str(url, &resp)).await;
                    }
                }
            }
            files.push(bytes);
        }
        if !all_cached {
            post(&OcrEvent::Download { loaded: total.max(loaded), total: total.max(loaded) });
        }
        let keys = String::from_utf8(files.pop().unwrap_or_default()).map_err(|_| "the key list is not UTF-8".to_string())?;
        let rec = files.pop().unwrap_or_default();
        let det = files.pop().unwrap_or_default();
        let engine = Engine::from_bytes(det, rec, &keys).map_err(|e| e.to_string())?;
        post(&OcrEvent::Ready { cached: all_cached, ms: now() - t });
        Ok(engine)
    }

    /// The body, chunk by chunk (`progress` hears each chunk's length).
    async fn read_body(r: &Response, progress: &mut dyn FnMut(u64)) -> Result<Vec<u8>, String> {
        let Some(body) = r.body() else { return Ok(Vec::new()) };
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        let mut out = Vec::new();
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(js_err)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
            if done {
                return Ok(out);
            }
            let value: js_sys::Uint8Array =
                js_sys::Reflect::get(&chunk, &"value".into()).map_err(js_err)?.unchecked_into();
            let start = out.len();
            out.resize(start + value.length() as usize, 0);
            value.copy_to(&mut out[start..]);
            progress(value.length() as u64);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::main();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
