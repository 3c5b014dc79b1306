//! The OCR worker's protocol and the OCR result the page keeps. No web
//! dependency: `src/bin/ocr_worker.rs` includes this file by path (the app's
//! library cannot load in a classic worker), and the page's reducer tests use
//! it natively.
//!
//! Page → worker: `[request JSON, Uint8Array|null]` (the RGBA pixels travel
//! transferred, not copied). Worker → page: [`OcrEvent`] JSON strings.

use serde::{Deserialize, Serialize};
use slipcheck_core::receipt::text::TextLine;
use slipcheck_core::Document;

/// Where the weights are, relative to the worker's own URL (same origin).
pub const MODELS_PATH: &str = "./models/";
/// Cache API bucket for the weights. The version changes with the weights
/// (another package version, another file), so stale ones are never used.
pub const CACHE_NAME: &str = "slipcheck-ocr-ppocrv5-0.0.1";
/// The files the worker fetches: detector, recogniser, key list.
pub const FILES: [&str; 3] = ["ppocrv5_det.onnx", "ppocrv5_rec.onnx", "ppocr_keys_v5.txt"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OcrRequest {
    /// Read one photo: `width × height` RGBA pixels follow the header.
    /// `name` is the file's, for the receipt document's diagnostics.
    Read {
        id: u32,
        width: u32,
        height: u32,
        #[serde(default)]
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OcrEvent {
    /// The worker's wasm is running and listening. Messages posted before
    /// this would be lost (the worker sets its handler only after its wasm
    /// has loaded), so the page holds photos until it hears it.
    Listening,
    /// Downloading the weights: bytes so far of all three files.
    Download { loaded: u64, total: u64 },
    /// The engine is built (`cached`: the weights came from the Cache API).
    Ready { cached: bool, ms: f64 },
    /// Photo `id` is being read.
    Reading { id: u32 },
    /// What photo `id` says; `ms` is the OCR time alone (no download).
    Done { id: u32, photo: PhotoText, ms: f64 },
    Failed { id: u32, message: String },
}

/// The lines read from a photo, in reading order, with where each was.
/// A subset of `slipcheck_ocr::Page` (same field names), so the worker's
/// JSON and a page written by the CLI both deserialise into it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoText {
    /// The pixel size the boxes refer to (the photo as handed to OCR, which
    /// may be a scaled-down copy of the file).
    pub width: u32,
    pub height: u32,
    pub lines: Vec<PhotoLine>,
    /// The lines read as a receipt ([`read_photo`]), by the OCR worker: the
    /// receipt readers live there and in the parsing worker, not in the
    /// page's wasm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<Document>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoLine {
    pub text: String,
    /// 0..1, the least confident word's.
    pub confidence: f32,
    /// `[x0, y0, x1, y1]` in `PhotoText` pixels.
    pub bbox: [f32; 4],
}

impl PhotoText {
    /// The box of 1-based line `n` (receipt fields name their source line
    /// that way), as fractions of the photo: `[left, top, width, height]`,
    /// grown a little so the crop shows the text with some paper around it.
    pub fn crop(&self, n: u32) -> Option<[f64; 4]> {
        let line = self.lines.get((n as usize).checked_sub(1)?)?;
        let (w, h) = (self.width.max(1) as f64, self.height.max(1) as f64);
        let [x0, y0, x1, y1] = line.bbox.map(|v| v as f64);
        let pad = ((y1 - y0) * 0.25).max(2.0);
        let (x0, y0) = ((x0 - pad).max(0.0), (y0 - pad).max(0.0));
        let (x1, y1) = ((x1 + pad).min(w), (y1 + pad).min(h));
        if x1 <= x0 || y1 <= y0 {
            return None;
        }
        Some([x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h])
    }
}

/// The OCR lines read as a receipt (`receipt-image`) by the reader text
/// slips use; each field's confidence is the reader's own times its line's,
/// and `Receipt::lines` numbers [`PhotoText::lines`] from 1.
pub fn read_photo(file: &str, photo: &PhotoText) -> Document {
    let lines: Vec<TextLine> = photo.lines.iter().map(|l| TextLine::new(l.text.clone(), l.confidence)).collect();
    slipcheck_core::document::read_ocr_lines(file, &lines)
}
