//! The work the page hands off: reading files and solving the case. This is
//! the worker protocol — a [`Request`] in, [`Response`]s out (progress, then
//! one result) — and the functions that do the work, so the same code runs in
//! a web worker or, for small inputs and tests, on the page itself.
//!
//! An OCR job (photo → receipt text) fits the same shape: `Request::Ocr`
//! answers with `Response::Text`, which the page then reads as a receipt.

use serde::{Deserialize, Serialize};
use slipcheck_core::reconcile::{CheckOptions, CheckReport};
use slipcheck_core::{Document, Format};

/// A job for the worker. `id` lets the page drop answers to cancelled jobs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Read one file; `format` overrides the sniffer's guess.
    Parse { id: u32, name: String, bytes: Vec<u8>, format: Option<Format> },
    /// Solve the case.
    Check { id: u32, docs: Vec<Document>, options: CheckOptions },
    /// Photo of a slip → text (the OCR engine, when it is built in).
    Ocr { id: u32, name: String, bytes: Vec<u8> },
    /// Stop the job `id` at its next checkpoint.
    Cancel { id: u32 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    Progress { id: u32, done: u64, total: u64 },
    Parsed { id: u32, guessed: Format, doc: Document },
    Checked { id: u32, report: CheckReport },
    Text { id: u32, name: String, text: String },
    Failed { id: u32, message: String },
}

/// Reads a file: sniffed, or as the format the user chose.
pub fn parse(name: &str, bytes: &[u8], format: Option<Format>) -> Document {
    match format {
        Some(f) => slipcheck_core::document::parse_as(name, bytes, f),
        None => slipcheck_core::parse_document(name, bytes),
    }
}

pub fn check(docs: &[Document], options: &CheckOptions) -> CheckReport {
    slipcheck_core::reconcile::check(docs, options)
}

/// Runs one request to completion.
pub fn run(req: Request) -> Response {
    match req {
        Request::Parse { id, name, bytes, format } => {
            let guessed = slipcheck_core::sniff(&name, &bytes);
            Response::Parsed { id, guessed, doc: parse(&name, &bytes, format) }
        }
        Request::Check { id, docs, options } => Response::Checked { id, report: check(&docs, &options) },
        Request::Ocr { id, .. } => Response::Failed {
            id,
            message: "photos cannot be read in this build yet: type or paste the slip's text instead".into(),
        },
        Request::Cancel { id } => Response::Failed { id, message: "cancelled".into() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_as_json() {
        let req = Request::Parse { id: 7, name: "a.csv".into(), bytes: b"Date,Amount\n".to_vec(), format: None };
        let back: Request = serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
        match run(back) {
            Response::Parsed { id, doc, .. } => {
                assert_eq!(id, 7);
                assert_eq!(doc.file, "a.csv");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn ocr_is_answered_not_dropped() {
        assert!(matches!(run(Request::Ocr { id: 1, name: "p.jpg".into(), bytes: vec![] }), Response::Failed { id: 1, .. }));
    }
}
