//! The worker protocol. The case — every file's bytes and records, the
//! options, the solved report — lives in the parsing worker
//! ([`crate::engine::Engine`]); the page sends it [`Request`]s and gets back
//! only what it shows ([`CaseView`]: per-file summaries, the pairs, findings
//! and reassurances, and the few statement lines they name) plus pages of
//! statement lines on demand. So a 100 MB statement never crosses to the
//! page's thread, and the page's wasm needs no reader at all.
//!
//! Photos are read by the OCR worker (`src/bin/ocr_worker.rs`, see
//! `ocr.rs`); the receipt it reads joins the case with
//! `Request::AddDocument`. `Request::Ocr` here only answers a photo that came
//! without an image type, telling the user what to do.

use serde::{Deserialize, Serialize};
use slipcheck_core::reconcile::{CheckOptions, CheckReport};
use slipcheck_core::statement::csv::{CsvLayout, CsvOptions};
use slipcheck_core::statement::Transaction;
use slipcheck_core::{Diagnostic, Document, DocumentKind, Format};

/// One file in a saved or exported case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedFile {
    pub name: String,
    pub format: Format,
    /// Base64 of the raw file (older saves only: raw files are now stored
    /// beside the case as blobs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// The records as read (exports, and files without raw bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<Document>,
    /// The raw file is stored on this device under its name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stored: bool,
    /// The user's corrections of how a table was read.
    #[serde(default, skip_serializing_if = "CsvOptions::is_empty")]
    pub csv: CsvOptions,
}

/// The user's own fields for the letter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LetterFields {
    pub name: String,
    pub account: String,
    pub address: String,
}

/// A whole case: what autosave keeps and what "Export case (JSON)" writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedCase {
    pub version: u32,
    pub files: Vec<SavedFile>,
    #[serde(default)]
    pub options: CheckOptions,
    #[serde(default)]
    pub ticked: Vec<String>,
    #[serde(default)]
    pub letter: LetterFields,
    #[serde(default)]
    pub open_finding: Option<String>,
}

/// What the page shows about one file of the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    pub name: String,
    /// Bytes of the raw file; 0 when the case holds records only.
    pub size: u64,
    pub format: Format,
    /// What the sniffer guessed, so the user sees that an override is in force.
    pub guessed: Format,
    pub statement_lines: usize,
    pub receipts: usize,
    /// The first diagnostics (a broken 100 MB file can have a million).
    pub diagnostics: Vec<Diagnostic>,
    pub diagnostics_total: usize,
    /// The raw file is kept, so it can be read again another way.
    pub has_bytes: bool,
    /// How a table (CSV, spreadsheet, Alipay/WeChat bill) was read: column
    /// roles, date order, decimal mark, year for year-less dates.
    #[serde(default)]
    pub layout: Option<CsvLayout>,
    /// What the user forced of it.
    #[serde(default)]
    pub csv: CsvOptions,
}

impl FileSummary {
    pub fn kind(&self) -> DocumentKind {
        self.format.kind()
    }
    /// Records read: statement lines or receipts.
    pub fn records(&self) -> usize {
        self.statement_lines + self.receipts
    }
}

/// What the page shows of the case. `report.transactions` holds only the
/// lines the page names (paired, in findings, pinned or forbidden, and the
/// likeliest lines for each unpaired receipt) unless the case is small.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CaseView {
    pub files: Vec<FileSummary>,
    pub report: CheckReport,
    /// Statement lines in the whole case, and those without a receipt.
    pub lines_total: usize,
    pub lines_unmatched: usize,
}

/// A page of statement lines.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LinesPage {
    pub offset: usize,
    /// Lines in the list paged (all lines, or those without a receipt).
    pub total: usize,
    pub unmatched_only: bool,
    pub lines: Vec<Transaction>,
}

/// A job for the worker. `id` lets the page tell answers apart. Raw files
/// travel beside the JSON header (a `File`/`Blob` or `Uint8Array`, or an
/// array of them), never inside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Read one file and answer its records, without touching the case
    /// (merchant mode's export); `format` overrides the sniffer's guess.
    Parse { id: u32, name: String, format: Option<Format> },
    /// Read these files (one payload each, in order) into the case.
    Add { id: u32, names: Vec<String> },
    /// A document read elsewhere (a photo's OCR) joins the case.
    AddDocument { id: u32, doc: Document },
    /// Read a file again as another format.
    SetFormat { id: u32, name: String, format: Format },
    /// Read a table again with the user's corrections of the guess.
    SetCsvOptions { id: u32, name: String, options: CsvOptions },
    Remove { id: u32, name: String },
    Clear { id: u32 },
    /// New options (pins, forbids, as-of, jurisdiction…): re-solve.
    SetOptions { id: u32, options: CheckOptions },
    /// Replace the case by a saved one; the payloads are the raw files of
    /// its `stored` entries, in order.
    Restore { id: u32, saved: SavedCase },
    Lines { id: u32, offset: usize, limit: usize, unmatched_only: bool },
    /// The case as JSON (records only, card numbers masked) or as CSV.
    Export { id: u32, csv: bool },
    /// Photo of a slip → text (the OCR engine, when it is built in); the
    /// image travels like a file's bytes.
    Ocr { id: u32, name: String },
    /// Stop the job `id` at its next checkpoint.
    Cancel { id: u32 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// The worker has started and listens (messages sent before are lost,
    /// so the page holds them until then).
    Ready,
    Progress { id: u32, done: u64, total: u64 },
    Parsed { id: u32, guessed: Format, doc: Document },
    Case { id: u32, view: CaseView },
    Lines { id: u32, page: LinesPage },
    /// An export; in the worker `text` is moved into a Blob beside the
    /// header (so a big export never becomes a page string) and left empty.
    Export { id: u32, name: String, mime: String, text: String },
    Text { id: u32, name: String, text: String },
    Failed { id: u32, message: String },
}

impl Request {
    pub fn id(&self) -> u32 {
        match self {
            Request::Parse { id, .. }
            | Request::Add { id, .. }
            | Request::AddDocument { id, .. }
            | Request::SetFormat { id, .. }
            | Request::SetCsvOptions { id, .. }
            | Request::Remove { id, .. }
            | Request::Clear { id }
            | Request::SetOptions { id, .. }
            | Request::Restore { id, .. }
            | Request::Lines { id, .. }
            | Request::Export { id, .. }
            | Request::Ocr { id, .. }
            | Request::Cancel { id } => *id,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_as_json() {
        let req = Request::Add { id: 7, names: vec!["a.csv".into()] };
        let back: Request = serde_json::from_str(&serde_json::to_string(&req).unwrap()).unwrap();
        assert_eq!(back.id(), 7);
        assert!(matches!(back, Request::Add { names, .. } if names == ["a.csv"]));
    }
}
