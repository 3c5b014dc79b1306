//! On-device OCR of receipt photos: PP-OCRv5 mobile text detection and
//! recognition, run by [rten](https://crates.io/crates/rten), natively (CLI,
//! tests) and in wasm (a web worker). Nothing leaves the device.
//!
//! The pipeline: pixels → resize (sides multiples of 32) and normalise → DB
//! detector → binarise, contours, minimum-area rectangles, box score, unclip
//! ×1.5 → each box cut out along its own angle at height 48 → CRNN recogniser
//! → greedy CTC decoding with the key list → words grouped into lines, top to
//! bottom and left to right. Each line carries its confidence and the boxes it
//! came from, so an app can show the crop behind a field.
//!
//! The weights are not in this crate: `cargo xtask models` puts
//! `ppocrv5_det.onnx`, `ppocrv5_rec.onnx` and `ppocr_keys_v5.txt` (with their
//! Apache-2.0 NOTICE) in `models/`. In a browser, fetch the three files and
//! hand their bytes to [`Engine::from_bytes`].
//!
//! ```no_run
//! # fn main() -> Result<(), slipcheck_ocr::OcrError> {
//! let engine = slipcheck_ocr::Engine::from_dir(&slipcheck_ocr::default_models_dir())?;
//! let rgba = vec![255u8; 640 * 480 * 4]; // e.g. from createImageBitmap
//! let page = engine.read_rgba(&rgba, 640, 480)?;
//! for line in &page.lines {
//!     println!("{:.2} {}", line.confidence, line.text);
//! }
//! # Ok(()) }
//! ```
//!
//! # In a web worker (wasm32-unknown-unknown)
//!
//! - Depend on it without the image decoders:
//!   `slipcheck-ocr = { path = "crates/ocr", default-features = false }`.
//!   The browser decodes the photo (`createImageBitmap` + `OffscreenCanvas`
//!   `getImageData`) and transfers the RGBA buffer.
//! - Build with `-C target-feature=+simd128` (rten's wasm kernels), e.g.
//!   `rustflags` under `[target.wasm32-unknown-unknown]` in
//!   `.cargo/config.toml`. The root Cargo.toml keeps the rten crates at
//!   opt-level 3 in release: at "z" OCR runs about ten times slower.
//! - rten runs single-threaded there (no rayon pool); nothing is imported
//!   from JS. The engine is about 0.9 MB of gzipped wasm.
//! - Fetch `ppocrv5_det.onnx`, `ppocrv5_rec.onnx`, `ppocr_keys_v5.txt` from
//!   the page's own origin when the first photo is added, cache them, and
//!   build the engine once: [`Engine::from_bytes`]`(det, rec, &keys)`. Then
//!   per photo [`Engine::read_rgba`]`(&rgba, width, height)` → [`Page`]
//!   (serde: lines with text, confidence, bbox and word quads).
//! - Hand the lines to the receipt reader as
//!   `slipcheck_core::receipt::text::read_lines(file, &[TextLine { text, confidence }])`.
//! - `crates/ocr/wasm-probe` is the smallest working wasm build (plain C ABI,
//!   timed under Node).
//! - The app does all of this: `src/bin/ocr_worker.rs` (the worker: fetch
//!   with progress, Cache API, `read_rgba`), `src/ocr.rs` (the page: decode,
//!   transfer, read the lines as a receipt), `src/components/receipt_edit.rs`
//!   (field corrections beside the crop of [`Line::bbox`]). `cargo xtask
//!   dist` copies the weights and their NOTICE into `dist/models/`.

mod det;
mod layout;
mod pixels;
mod rec;

use rten::Model;
use serde::{Deserialize, Serialize};

pub use pixels::Rgb;

/// The weight files, as `cargo xtask models` names them in `models/`.
pub const DET_FILE: &str = "ppocrv5_det.onnx";
pub const REC_FILE: &str = "ppocrv5_rec.onnx";
pub const KEYS_FILE: &str = "ppocr_keys_v5.txt";
/// Environment variable naming the folder with the weight files.
pub const MODELS_ENV: &str = "SLIPCHECK_MODELS";

/// Errors are `Clone + PartialEq` so an app can keep them in its state.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OcrError {
    #[error("OCR models not found in {dir}: run `cargo xtask setup` (or `cargo xtask models`), or set {MODELS_ENV} to the folder holding {DET_FILE}, {REC_FILE} and {KEYS_FILE}")]
    ModelsMissing { dir: String },
    #[error("OCR models unusable: {0}")]
    Models(String),
    #[error("image unreadable: {0}")]
    Image(String),
    #[error("OCR failed: {0}")]
    Run(String),
}

/// Tuning knobs; the defaults are PaddleOCR's for these weights, except the
/// detector size bounds, chosen for receipts on small machines.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The detector sees the photo with its long side at most this long.
    pub det_max_side: usize,
    /// …and at least this long (small photos are enlarged).
    pub det_min_side: usize,
    /// Probability above which a pixel is text.
    pub det_threshold: f32,
    /// Mean probability a box needs to be kept.
    pub det_box_threshold: f32,
    /// How far boxes are grown back (DB's shrink ratio inverse).
    pub unclip_ratio: f32,
    /// Words read with less confidence are dropped.
    pub min_word_confidence: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            det_max_side: 1280,
            det_min_side: 960,
            det_threshold: 0.3,
            det_box_threshold: 0.6,
            unclip_ratio: 1.5,
            min_word_confidence: 0.5,
        }
    }
}

/// One detected and read box (usually a word or a run of words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordBox {
    pub text: String,
    /// 0..1: mean probability of the characters read.
    pub confidence: f32,
    /// Corners in source-image pixels, `[x, y]`, in reading order: top-left,
    /// top-right, bottom-right, bottom-left of the text.
    pub quad: [[f32; 2]; 4],
}

impl WordBox {
    fn from_rect(r: &rten_imageproc::RotatedRect) -> WordBox {
        let c = r.center();
        let up = r.up_axis();
        // Reading direction = the long axis, pointed rightwards.
        let across = (up.y, -up.x); // perpendicular to `up`, in (x, y)
        let (mut a, len, thick) = if r.width() >= r.height() {
            (across, r.width(), r.height())
        } else {
            ((up.x, up.y), r.height(), r.width())
        };
        if a.0 < 0.0 || (a.0 == 0.0 && a.1 < 0.0) {
            a = (-a.0, -a.1);
        }
        let b = (-a.1, a.0); // downwards across the text
        let (hl, ht) = (len / 2.0, thick / 2.0);
        let at = |s: f32, t: f32| [c.x + a.0 * s + b.0 * t, c.y + a.1 * s + b.1 * t];
        WordBox { text: String::new(), confidence: 0.0, quad: [at(-hl, -ht), at(hl, -ht), at(hl, ht), at(-hl, ht)] }
    }

    pub fn center(&self) -> (f32, f32) {
        let q = &self.quad;
        ((q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4.0, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4.0)
    }

    /// Unit vector along the text.
    pub fn dir(&self) -> (f32, f32) {
        let (dx, dy) = (self.quad[1][0] - self.quad[0][0], self.quad[1][1] - self.quad[0][1]);
        let l = (dx * dx + dy * dy).sqrt();
        if l == 0.0 {
            (1.0, 0.0)
        } else {
            (dx / l, dy / l)
        }
    }

    /// Length along the text.
    pub fn len(&self) -> f32 {
        let (dx, dy) = (self.quad[1][0] - self.quad[0][0], self.quad[1][1] - self.quad[0][1]);
        (dx * dx + dy * dy).sqrt()
    }

    /// Height across the text.
    pub fn thick(&self) -> f32 {
        let (dx, dy) = (self.quad[3][0] - self.quad[0][0], self.quad[3][1] - self.quad[0][1]);
        (dx * dx + dy * dy).sqrt()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// A line of text as printed: its words left to right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The words joined by single spaces.
    pub text: String,
    /// 0..1: the least confident word's confidence (a field read from this
    /// line is no surer than its weakest part).
    pub confidence: f32,
    /// Axis-aligned bounds in source-image pixels: `[x0, y0, x1, y1]` — the
    /// crop to show when the user checks a field read from this line.
    pub bbox: [f32; 4],
    pub words: Vec<WordBox>,
}

impl Line {
    fn from_words(words: Vec<WordBox>) -> Line {
        let text = words.iter().map(|w| w.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
        let confidence = words.iter().map(|w| w.confidence).fold(1.0f32, f32::min);
        let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for p in words.iter().flat_map(|w| w.quad.iter()) {
            bbox = [bbox[0].min(p[0]), bbox[1].min(p[1]), bbox[2].max(p[0]), bbox[3].max(p[1])];
        }
        Line { text, confidence, bbox, words }
    }
}

/// What was read from one photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub lines: Vec<Line>,
}

impl Page {
    /// The lines' text, one per line.
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Loaded weights plus options; load once, read many photos.
pub struct Engine {
    det: Model,
    rec: Model,
    keys: rec::Keys,
    pub options: Options,
}

impl Engine {
    /// From the three files' contents (what a web worker fetched).
    pub fn from_bytes(det_onnx: Vec<u8>, rec_onnx: Vec<u8>, keys_txt: &str) -> Result<Engine, OcrError> {
        let det = Model::load(det_onnx).map_err(|e| OcrError::Models(format!("{DET_FILE}: {e}")))?;
        let rec = Model::load(rec_onnx).map_err(|e| OcrError::Models(format!("{REC_FILE}: {e}")))?;
        let keys = rec::Keys::parse(keys_txt);
        if keys.len() < 3 {
            return Err(OcrError::Models(format!("{KEYS_FILE} has {} lines", keys.len())));
        }
        Ok(Engine { det, rec, keys, options: Options::default() })
    }

    /// From a folder holding the three files (see [`default_models_dir`]).
    pub fn from_dir(dir: &std::path::Path) -> Result<Engine, OcrError> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|_| OcrError::ModelsMissing { dir: dir.display().to_string() })
        };
        let (det, rec, keys) = (read(DET_FILE)?, read(REC_FILE)?, read(KEYS_FILE)?);
        let keys = String::from_utf8(keys).map_err(|_| OcrError::Models(format!("{KEYS_FILE} is not UTF-8")))?;
        Engine::from_bytes(det, rec, &keys)
    }

    /// Reads RGBA pixels (4 bytes per pixel, row-major), as a canvas gives them.
    pub fn read_rgba(&self, pixels: &[u8], width: u32, height: u32) -> Result<Page, OcrError> {
        let img = Rgb::from_interleaved(pixels, width as usize, height as usize, 4)
            .ok_or_else(|| OcrError::Image(format!("{} bytes is not {width}×{height} RGBA", pixels.len())))?;
        self.read(&img)
    }

    /// Reads RGB pixels (3 bytes per pixel, row-major).
    pub fn read_rgb(&self, pixels: &[u8], width: u32, height: u32) -> Result<Page, OcrError> {
        let img = Rgb::from_interleaved(pixels, width as usize, height as usize, 3)
            .ok_or_else(|| OcrError::Image(format!("{} bytes is not {width}×{height} RGB", pixels.len())))?;
        self.read(&img)
    }

    /// Decodes a JPEG, PNG or WebP file (EXIF rotation applied) and reads it.
    #[cfg(feature = "decode")]
    pub fn read_image_file(&self, bytes: &[u8]) -> Result<Page, OcrError> {
        self.read(&decode(bytes)?)
    }

    pub fn read(&self, img: &Rgb) -> Result<Page, OcrError> {
        let mut words = det::detect(&self.det, img, &self.options)?;
        rec::recognise(&self.rec, &self.keys, img, &mut words)?;
        words.retain(|w| !w.text.trim().is_empty() && w.confidence >= self.options.min_word_confidence);
        Ok(Page { width: img.width as u32, height: img.height as u32, lines: layout::group_lines(words) })
    }
}

/// Decodes a JPEG, PNG or WebP file to RGB, turned upright per its EXIF
/// orientation (phones store portrait photos sideways plus a flag).
#[cfg(feature = "decode")]
pub fn decode(bytes: &[u8]) -> Result<Rgb, OcrError> {
    use image::ImageDecoder;
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| OcrError::Image(e.to_string()))?;
    let mut decoder = reader.into_decoder().map_err(|e| OcrError::Image(e.to_string()))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| OcrError::Image(e.to_string()))?;
    img.apply_orientation(orientation);
    let rgb = img.to_rgb8();
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    Ok(Rgb { width: w, height: h, data: rgb.into_raw() })
}

/// Where the weights are: `$SLIPCHECK_MODELS`, else the workspace's `models/`
/// (filled by `cargo xtask models`).
pub fn default_models_dir() -> std::path::PathBuf {
    match std::env::var_os(MODELS_ENV) {
        Some(d) if !d.is_empty() => d.into(),
        _ => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("models"),
    }
}
