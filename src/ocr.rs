//! Photos of receipts, on the page's side: decode the photo with the browser
//! (`createImageBitmap` + `OffscreenCanvas`), hand its RGBA pixels to the
//! OCR worker (started on the first photo, so nobody who never adds a photo
//! downloads the engine or its weights), hear its progress, and read the
//! receipt it returns (the worker reads the lines with the reader text
//! slips use, [`read_photo`]), so a photo is matched like any other receipt.
//!
//! The lines keep their boxes: [`protocol::PhotoText::crop`] gives the part
//! of the photo a field was read from, which the correction form shows.

pub mod protocol;

pub use protocol::{read_photo, OcrEvent, OcrRequest, PhotoLine, PhotoText};

use crate::correct::Correction;
use serde::{Deserialize, Serialize};
use slipcheck_core::{Diagnostic, Document, Format};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

/// Trunk's loader for the `slipcheck-ocr-worker` binary (`data-loader-shim`).
pub const SCRIPT: &str = "./slipcheck-ocr-worker_loader.js";

/// Photos are handed to OCR with their long side at most this long: the
/// detector sees at most 1280 px anyway, and a 12-megapixel phone photo
/// would otherwise cost 48 MB of pixels in each of page and worker.
pub const MAX_SIDE: u32 = 2560;

/// A photo in the case, as the page keeps it: the file (for crops), what
/// OCR read, the user's corrections, and the receipt document they give.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoEntry {
    pub name: String,
    pub photo: Rc<PhotoText>,
    pub corrections: Vec<Correction>,
    pub doc: Rc<Document>,
}

/// What the device keeps of a photo besides its picture: the OCR lines (with
/// the worker's reading) and the user's corrections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPhoto {
    pub photo: PhotoText,
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

impl PhotoEntry {
    pub fn to_saved(&self) -> SavedPhoto {
        SavedPhoto { photo: (*self.photo).clone(), corrections: self.corrections.clone() }
    }

    /// The entry again from what was kept: the reading with every correction applied.
    pub fn from_saved(name: String, saved: SavedPhoto) -> PhotoEntry {
        let mut e = PhotoEntry::new(name, saved.photo);
        for c in saved.corrections {
            e = e.corrected(c);
        }
        e
    }

    /// `photo.doc` is the receipt the OCR worker read from the lines (the
    /// page links no receipt reader); without it the file says so.
    pub fn new(name: String, photo: PhotoText) -> PhotoEntry {
        let doc = Rc::new(photo.doc.clone().unwrap_or_else(|| unread(&name)));
        PhotoEntry { name, photo: Rc::new(photo), corrections: vec![], doc }
    }

    /// With one more correction (replacing an earlier one of the same
    /// field): every correction is applied to what the worker read, so the
    /// document is always "what OCR read, as the user fixed it".
    pub fn corrected(&self, c: Correction) -> PhotoEntry {
        let mut corrections = self.corrections.clone();
        crate::correct::upsert(&mut corrections, c);
        let mut doc = self.photo.doc.clone().unwrap_or_else(|| unread(&self.name));
        crate::correct::apply_all(&mut doc, &corrections);
        PhotoEntry { corrections, doc: Rc::new(doc), ..self.clone() }
    }
}

fn unread(file: &str) -> Document {
    Document {
        file: file.to_string(),
        format: Format::ReceiptImage,
        accounts: vec![],
        transactions: vec![],
        receipts: vec![],
        diagnostics: vec![Diagnostic::error(file, None, "the photo reader returned no receipt")
            .with_hint("reload the page and add the photo again")],
    }
}

/// The photos of the case by name (a reducer, so components can hold it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhotoBook {
    pub entries: Vec<PhotoEntry>,
}

impl yew::Reducible for PhotoBook {
    /// A photo read or corrected: it replaces the entry of the same name.
    type Action = PhotoEntry;
    fn reduce(self: Rc<Self>, e: PhotoEntry) -> Rc<Self> {
        let mut b = (*self).clone();
        b.entries.retain(|x| x.name != e.name);
        b.entries.push(e);
        Rc::new(b)
    }
}

/// What the photo reader is doing, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Idle,
    /// Weights downloading: bytes so far of the total.
    Downloading { loaded: u64, total: u64 },
    /// Building the engine (weights in hand).
    Starting,
    /// Reading the named photo.
    Reading(String),
    /// The last photo was read: its name and the OCR time.
    Read { name: String, ms: f64 },
    Failed { name: String, why: PhotoFailure },
}

/// Why a photo could not be read: the page's own failures in words of the
/// page's language; the OCR worker's as it reported them (technical).
#[derive(Debug, Clone, PartialEq)]
pub enum PhotoFailure {
    /// The browser could not decode the picture (its error).
    CannotOpen(String),
    /// The OCR worker could not start (its error).
    CannotStart(String),
    /// The worker did not take the photo.
    NotTaken,
    /// The OCR worker's own message.
    Reader(String),
}

/// A photo read: its name and the lines.
pub type Done = (String, PhotoText);

/// The page's photo reader: queues photos for the OCR worker and reports.
pub struct Photos {
    worker: RefCell<Option<(Worker, Closure<dyn FnMut(MessageEvent)>)>>,
    /// The worker said it is listening; until then photos wait in `held`.
    listening: Cell<bool>,
    held: RefCell<Vec<(js_sys::Array, js_sys::Array)>>,
    pending: RefCell<HashMap<u32, String>>,
    next: Cell<u32>,
    on_status: Callback<Status>,
    on_done: Callback<Done>,
}

impl Photos {
    pub fn new(on_status: Callback<Status>, on_done: Callback<Done>) -> Rc<Photos> {
        Rc::new(Photos {
            worker: RefCell::new(None),
            listening: Cell::new(false),
            held: RefCell::new(Vec::new()),
            pending: RefCell::new(HashMap::new()),
            next: Cell::new(0),
            on_status,
            on_done,
        })
    }

    /// Decodes the photo and sends it to the worker (started now if needed).
    pub fn add(self: &Rc<Self>, name: String, file: web_sys::Blob) {
        let me = self.clone();
        set_photo_file(&name, &file);
        wasm_bindgen_futures::spawn_local(async move {
            let fail = |why: PhotoFailure| me.on_status.emit(Status::Failed { name: name.clone(), why });
            let (w, h, rgba) = match decode(&file).await {
                Ok(d) => d,
                Err(e) => return fail(PhotoFailure::CannotOpen(e)),
            };
            if let Err(e) = me.ensure_worker() {
                return fail(PhotoFailure::CannotStart(e));
            }
            me.next.set(me.next.get() + 1);
            let id = me.next.get();
            me.pending.borrow_mut().insert(id, name.clone());
            let header = serde_json::to_string(&OcrRequest::Read { id, width: w, height: h, name: name.clone() }).unwrap_or_default();
            let msg = js_sys::Array::of2(&JsValue::from_str(&header), &rgba);
            let transfer = js_sys::Array::of1(&rgba.buffer());
            if !me.listening.get() {
                me.held.borrow_mut().push((msg, transfer));
                me.on_status.emit(Status::Reading(name.clone()));
                return;
            }
            let sent = me.worker.borrow().as_ref().map(|(w, _)| w.post_message_with_transfer(&msg, &transfer).is_ok());
            if sent != Some(true) {
                me.pending.borrow_mut().remove(&id);
                return fail(PhotoFailure::NotTaken);
            }
            me.on_status.emit(Status::Reading(name.clone()));
        });
    }

    fn ensure_worker(self: &Rc<Self>) -> Result<(), String> {
        if self.worker.borrow().is_some() {
            return Ok(());
        }
        let worker = Worker::new(SCRIPT).map_err(|e| format!("{e:?}"))?;
        let weak: Weak<Photos> = Rc::downgrade(self);
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(me) = weak.upgrade() else { return };
            if let Some(ev) = e.data().as_string().and_then(|s| serde_json::from_str::<OcrEvent>(&s).ok()) {
                me.event(ev);
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        *self.worker.borrow_mut() = Some((worker, onmessage));
        Ok(())
    }

    fn event(&self, ev: OcrEvent) {
        let name_of = |id: u32| self.pending.borrow().get(&id).cloned().unwrap_or_default();
        match ev {
            OcrEvent::Listening => {
                self.listening.set(true);
                let held = std::mem::take(&mut *self.held.borrow_mut());
                if let Some((w, _)) = self.worker.borrow().as_ref() {
                    for (msg, transfer) in held {
                        let _ = w.post_message_with_transfer(&msg, &transfer);
                    }
                }
            }
            OcrEvent::Download { loaded, total } => self.on_status.emit(Status::Downloading { loaded, total }),
            OcrEvent::Ready { .. } => self.on_status.emit(Status::Starting),
            OcrEvent::Reading { id } => self.on_status.emit(Status::Reading(name_of(id))),
            OcrEvent::Done { id, photo, ms } => {
                if let Some(name) = self.pending.borrow_mut().remove(&id) {
                    self.on_status.emit(Status::Read { name: name.clone(), ms });
                    self.on_done.emit((name, photo));
                }
            }
            OcrEvent::Failed { id, message } => {
                let name = name_of(id);
                self.pending.borrow_mut().remove(&id);
                self.on_status.emit(Status::Failed { name, why: PhotoFailure::Reader(message) });
            }
        }
    }
}

impl Drop for Photos {
    fn drop(&mut self) {
        if let Some((w, _)) = self.worker.borrow_mut().take() {
            w.terminate();
        }
    }
}

/// Decodes a photo with the browser (EXIF orientation applied), scaled to
/// [`MAX_SIDE`]: (width, height, RGBA pixels as a JS array ready to transfer).
async fn decode(blob: &web_sys::Blob) -> Result<(u32, u32, js_sys::Uint8ClampedArray), String> {
    let err = |e: JsValue| format!("{e:?}");
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(&blob).map_err(err)?).await.map_err(err)?.unchecked_into();
    let (w0, h0) = (bitmap.width(), bitmap.height());
    if w0 == 0 || h0 == 0 {
        return Err("the picture is empty".into());
    }
    let scale = (MAX_SIDE as f64 / w0.max(h0) as f64).min(1.0);
    let (w, h) = (((w0 as f64 * scale).round() as u32).max(1), ((h0 as f64 * scale).round() as u32).max(1));
    let canvas = web_sys::OffscreenCanvas::new(w, h).map_err(err)?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").map_err(err)?.ok_or("no 2d context")?.unchecked_into();
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w as f64, h as f64).map_err(err)?;
    bitmap.close();
    let data = ctx.get_image_data(0.0, 0.0, w as f64, h as f64).map_err(err)?;
    // The JS array itself, so the pixels never pass through wasm memory here.
    let rgba: js_sys::Uint8ClampedArray = js_sys::Reflect::get(&data, &"data".into()).map_err(err)?.unchecked_into();
    Ok((w, h, rgba))
}

thread_local! {
    /// The photo files on show, by name, with their `blob:` URLs.
    static FILES: RefCell<HashMap<String, (web_sys::Blob, Option<String>)>> = RefCell::new(HashMap::new());
}

/// Keeps a photo's file for its crops (a new file under the same name
/// replaces the old one, whose URL is revoked).
pub fn set_photo_file(name: &str, file: &web_sys::Blob) {
    FILES.with(|f| {
        if let Some((_, Some(url))) = f.borrow_mut().insert(name.to_string(), (file.clone(), None)) {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
}

/// The photo file kept under `name`, if any.
pub fn photo_file(name: &str) -> Option<web_sys::Blob> {
    FILES.with(|f| f.borrow().get(name).map(|(b, _)| b.clone()))
}

/// A `blob:` URL for a photo's file (the CSP allows `img-src blob:`), made
/// once per file.
pub fn photo_url(name: &str) -> Option<String> {
    FILES.with(|f| {
        let mut f = f.borrow_mut();
        let (file, url) = f.get_mut(name)?;
        if url.is_none() {
            *url = web_sys::Url::create_object_url_with_blob(file).ok();
        }
        url.clone()
    })
}

/// Whether an added file is a photo, by its type or, failing that, its
/// name (a `File` from a camera or picker always has one of the two).
pub fn is_photo_file(name: &str, file: &web_sys::Blob) -> bool {
    let ty = file.type_();
    if !ty.is_empty() {
        return ty.starts_with("image/") && ty != "image/svg+xml";
    }
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".heic", ".avif"].iter().any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f32) -> PhotoLine {
        PhotoLine { text: text.into(), confidence: 0.9, bbox: [10.0, y, 200.0, y + 20.0] }
    }

    #[test]
    fn photo_lines_are_read_as_a_receipt_with_their_source_lines() {
        let photo = PhotoText {
            width: 400,
            height: 600,
            lines: vec![
                line("JOE'S DINER", 10.0),
                line("2025/05/0119:58:33", 40.0),
                line("VISA ************1234", 70.0),
                line("SALE", 100.0),
                line("TOTAL USD42.50", 130.0),
                line("APPROVED", 160.0),
            ],
            doc: None,
        };
        let doc = read_photo("slip.jpg", &photo);
        assert_eq!(doc.format, Format::ReceiptImage);
        let r = &doc.receipts[0];
        assert_eq!(r.total.map(|t| t.to_string()).as_deref(), Some("42.50"));
        assert_eq!(r.card_last4.as_deref(), Some("1234"));
        // The total came from line 5, whose box the crop frames.
        let n = r.lines["total"];
        assert_eq!(photo.lines[n as usize - 1].text, "TOTAL USD42.50");
        let [x, y, w, h] = photo.crop(n).unwrap();
        assert!(x < 10.0 / 400.0 && y < 130.0 / 600.0 && x + w > 200.0 / 400.0 && y + h > 150.0 / 600.0);
        assert!(r.confidence["total"] <= 0.9, "a field is no surer than its OCR line");
        assert_eq!(photo.crop(0), None);
        assert_eq!(photo.crop(99), None);
    }

    #[test]
    fn corrections_survive_a_second_correction_and_keep_the_lines() {
        use crate::correct::Field;
        let photo = PhotoText {
            width: 400,
            height: 300,
            lines: vec![line("CAFE", 10.0), line("TOTAL 4B.50", 40.0), line("APPROVED", 70.0)],
            doc: None,
        };
        // What the OCR worker does before it answers.
        let photo = PhotoText { doc: Some(read_photo("p.png", &photo)), ..photo };
        let e = PhotoEntry::new("p.png".into(), photo);
        let e = e.corrected(Correction { receipt: 0, field: Field::Total, value: "48.50".into() });
        let e = e.corrected(Correction { receipt: 0, field: Field::CardLast4, value: "1234".into() });
        let r = &e.doc.receipts[0];
        assert_eq!(r.total.map(|t| t.to_string()).as_deref(), Some("48.50"));
        assert_eq!(r.card_last4.as_deref(), Some("1234"));
        assert_eq!(r.confidence["total"], 1.0);
        assert_eq!(e.corrections.len(), 2);
        let book = Rc::new(PhotoBook::default());
        let book = yew::Reducible::reduce(book, e.clone());
        let book = yew::Reducible::reduce(book, e.corrected(Correction { receipt: 0, field: Field::Total, value: "1".into() }));
        assert_eq!(book.entries.len(), 1);
        assert_eq!(book.entries[0].corrections.len(), 2);
    }

    #[test]
    fn a_kept_photo_comes_back_with_its_corrections() {
        use crate::correct::Field;
        let photo = PhotoText { width: 400, height: 300, lines: vec![line("CAFE", 10.0), line("TOTAL 4B.50", 40.0)], doc: None };
        let photo = PhotoText { doc: Some(read_photo("p.png", &photo)), ..photo };
        let e = PhotoEntry::new("p.png".into(), photo);
        let e = e.corrected(Correction { receipt: 0, field: Field::Total, value: "7.25".into() });
        let json = serde_json::to_string(&e.to_saved()).unwrap();
        let back = PhotoEntry::from_saved(e.name.clone(), serde_json::from_str(&json).unwrap());
        assert_eq!(back, e);
        assert_eq!(back.doc.receipts[0].total.map(|d| d.to_string()).as_deref(), Some("7.25"));
    }

    #[test]
    fn without_the_workers_reading_the_file_says_so() {
        let e = PhotoEntry::new("x.jpg".into(), PhotoText { width: 1, height: 1, lines: vec![], doc: None });
        assert!(e.doc.receipts.is_empty() && !e.doc.diagnostics.is_empty());
    }

    #[test]
    fn a_photo_without_text_says_so() {
        let doc = read_photo("blank.jpg", &PhotoText { width: 10, height: 10, lines: vec![], doc: None });
        assert!(doc.receipts.is_empty());
        assert!(doc.diagnostics[0].message.contains("no text"));
    }

    #[test]
    fn protocol_round_trips_and_reads_the_engines_page_json() {
        // slipcheck_ocr::Page as JSON (words included) deserialises into PhotoText.
        let page = r#"{"width":4,"height":3,"lines":[{"text":"TOTAL 9.00","confidence":0.8,"bbox":[0,0,4,1],"words":[]}]}"#;
        let p: PhotoText = serde_json::from_str(page).unwrap();
        assert_eq!(p.lines[0].text, "TOTAL 9.00");
        let ev = OcrEvent::Done { id: 3, photo: p, ms: 1.5 };
        assert_eq!(serde_json::from_str::<OcrEvent>(&serde_json::to_string(&ev).unwrap()).unwrap(), ev);
    }
}
