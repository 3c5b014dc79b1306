//! Receipt photos on the command line: on-device OCR (slipcheck-ocr), then
//! the receipt reader on the lines it read. The weights load once, on the
//! first photo, from `$SLIPCHECK_MODELS` or the workspace's `models/`.

use slipcheck_core::{Diagnostic, Document, Format};
use slipcheck_ocr::{Engine, OcrError, Page};
use std::sync::OnceLock;

fn engine() -> &'static Result<Engine, OcrError> {
    static ENGINE: OnceLock<Result<Engine, OcrError>> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_dir(&slipcheck_ocr::default_models_dir()))
}

/// Reads a photo as a receipt: a document of format `receipt-image`.
pub fn read_photo(file: &str, bytes: &[u8]) -> Document {
    let mut doc = Document {
        file: file.to_string(),
        format: Format::ReceiptImage,
        accounts: vec![],
        transactions: vec![],
        receipts: vec![],
        diagnostics: vec![],
    };
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
    if page.lines.is_empty() {
        doc.diagnostics.push(
            Diagnostic::error(file, None, "no text found in the photo")
                .with_hint("photograph the slip flat, in focus and filling most of the picture"),
        );
        return doc;
    }
    let read = read_lines(file, &page);
    doc.receipts = read.receipts;
    doc.diagnostics = read.diagnostics;
    doc
}

/// Hands the OCR lines, with their confidences, to the receipt reader (a
/// field's confidence there is the reader's own times its line's).
fn read_lines(file: &str, page: &Page) -> slipcheck_core::receipt::ReceiptRead {
    use slipcheck_core::receipt::text::{self, TextLine};
    let lines: Vec<TextLine> = page.lines.iter().map(|l| TextLine::new(l.text.clone(), l.confidence)).collect();
    text::read_lines(file, &lines)
}
