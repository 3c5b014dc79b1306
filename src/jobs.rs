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
    /// Read one file; `format` overrides the sniffer's guess. The file's
    /// bytes travel beside the JSON header as a transferred `Uint8Array`.
    Parse { id: u32, name: String, format: Option<Format> },
    /// Solve the case.
    Check { id: u32, docs: Vec<Document>, options: CheckOptions },
    /// Photo of a slip → text (the OCR engine, when it is built in); the
    /// image travels like a Parse job's bytes.
    Ocr { id: u32, name: String },
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

/// Files up to this size are read on the page itself (a few milliseconds);
/// bigger ones go to the worker so the page never freezes.
pub const INLINE_BYTES: usize = 512 * 1024;
/// Cases with up to this many records are solved on the page.
pub const INLINE_RECORDS: usize = 5_000;

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

impl Request {
    pub fn id(&self) -> u32 {
        match self {
            Request::Parse { id, .. } | Request::Check { id, .. } | Request::Ocr { id, .. } | Request::Cancel { id } => *id,
        }
    }
}

/// Runs one request to completion; `progress` hears (done, total) steps.
pub fn run(req: Request, bytes: Vec<u8>, progress: &mut dyn FnMut(u64, u64)) -> Response {
    match req {
        Request::Parse { id, name, format } => {
            progress(1, 3);
            let guessed = slipcheck_core::sniff(&name, &bytes);
            let doc = parse(&name, &bytes, format);
            progress(2, 3);
            Response::Parsed { id, guessed, doc }
        }
        Request::Check { id, docs, options } => {
            progress(1, 2);
            Response::Checked { id, report: check(&docs, &options) }
        }
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
        let req = Request::Parse { id: 7, name: "a.csv".into(), format: None };
        let back: Request = serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
        let mut steps = vec![];
        match run(back, b"Date,Amount\n".to_vec(), &mut |d, t| steps.push((d, t))) {
            Response::Parsed { id, doc, .. } => {
                assert_eq!(id, 7);
                assert_eq!(doc.file, "a.csv");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(steps, [(1, 3), (2, 3)]);
    }

    #[test]
    fn ocr_is_answered_not_dropped() {
        assert!(matches!(run(Request::Ocr { id: 1, name: "p.jpg".into() }, vec![], &mut |_, _| {}), Response::Failed { id: 1, .. }));
    }
}
