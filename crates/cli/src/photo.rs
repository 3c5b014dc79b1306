//! Receipt photos on the command line: on-device OCR (slipcheck-ocr), then
//! the receipt reader on the lines it read. The weights load once, on the
//! first photo, from `$SLIPCHECK_MODELS` or the workspace's `models/`.

use slipcheck_core::{Diagnostic, Document, Format};
use slipcheck_core::receipt::text::TextLine;
use slipcheck_ocr::{Engine, OcrError};
use std::sync::OnceLock;

fn engine() -> &'static Result<Engine, OcrError> {
    static ENGINE: OnceLock<Result<Engine, OcrError>> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_dir(&slipcheck_ocr::default_models_dir()))
}

/// Reads a photo as a receipt: a document of format `receipt-image`.
pub fn read_photo(file: &str, bytes: &[u8]) -> Document {
    let mut doc = Document::empty(file, Format::ReceiptImage);
    let page = match engine() {
        Err(OcrError::ModelsMissing { dir }) => {
            doc.diagnostics.push(
                Diagnostic::error(file, None, format!("cannot read photos: the OCR models are not in {dir}"))
                    .with_hint("run `cargo xtask setup` (it fetches them into models/), or set SLIPCHECK_MODELS to their folder"),
            );
            return doc;
        }
        Err(e) => {
            doc.diagnostics.push(Diagnostic::error(file, None, e.to_string()).with_hint("run `cargo xtask models` to fetch the weights again"));
            return doc;
        }
        Ok(engine) => engine.read_image_file(bytes),
    };
    let page = match page {
        Ok(p) => p,
        Err(e) => {
            doc.diagnostics.push(Diagnostic::error(file, None, e.to_string()).with_hint("save the photo as JPEG, PNG or WebP and try again"));
            return doc;
        }
    };
    let lines: Vec<TextLine> = page.lines.iter().map(|l| TextLine::new(l.text.clone(), l.confidence)).collect();
    slipcheck_core::document::read_ocr_lines(file, &lines)
}
