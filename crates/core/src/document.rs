//! A file as read: its format plus the records and diagnostics its reader
//! produced. This is what the CLI prints under `documents` and what the app
//! lists for each dropped file.

use crate::diag::Diagnostic;
use crate::receipt::{self, Receipt};
use crate::sniff::{sniff, DocumentKind, Format};
use crate::statement::{self, Account, Transaction};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub file: String,
    pub format: Format,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub accounts: Vec<Account>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub transactions: Vec<Transaction>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub receipts: Vec<Receipt>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// A document with no records yet.
    pub fn empty(file: &str, format: Format) -> Document {
        Document {
            file: file.to_string(),
            format,
            accounts: vec![],
            transactions: vec![],
            receipts: vec![],
            diagnostics: vec![],
        }
    }

    pub fn kind(&self) -> DocumentKind {
        self.format.kind()
    }

    /// True when the file could not be read at all: an error diagnostic and
    /// no records.
    pub fn unreadable(&self) -> bool {
        self.transactions.is_empty()
            && self.receipts.is_empty()
            && self.diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error)
    }
}

/// Sniffs and reads one file. Never panics; a file that cannot be read gets an
/// error diagnostic saying what it seems to be and why it was refused.
pub fn parse_document(file: &str, bytes: &[u8]) -> Document {
    let format = sniff(file, bytes);
    parse_as(file, bytes, format)
}

/// Reads a file as `format` (sniffed when `None`) with the user's
/// corrections to a table's guessed layout, and returns what the table
/// reader guessed (CSV, Alipay/WeChat bills, spreadsheets; `None` for other
/// formats) so the user can see it and correct it. Options are ignored for
/// formats that are not tables.
pub fn parse_with(
    file: &str,
    bytes: &[u8],
    format: Option<Format>,
    options: &statement::csv::CsvOptions,
) -> (Document, Option<statement::csv::CsvLayout>) {
    let format = format.unwrap_or_else(|| sniff(file, bytes));
    let mut r = match format {
        Format::Csv | Format::Alipay | Format::Wechat => statement::csv::read_with(file, bytes, options),
        Format::Spreadsheet => statement::xlsx::read_with(file, bytes, options),
        _ => return (parse_as(file, bytes, format), None),
    };
    // As `statement::read` does: the app and the CLI show the same amounts.
    statement::pad_to_minor_units(&mut r);
    let doc = Document {
        file: file.to_string(),
        format,
        accounts: r.accounts,
        transactions: r.transactions,
        receipts: vec![],
        diagnostics: r.diagnostics,
    };
    (doc, r.layout)
}

/// Reads a file as the given format (the user corrected a wrong guess).
pub fn parse_as(file: &str, bytes: &[u8], format: Format) -> Document {
    let mut doc = Document::empty(file, format);
    match format.kind() {
        DocumentKind::Statement => {
            let r = statement::read(format, file, bytes);
            doc.accounts = r.accounts;
            doc.transactions = r.transactions;
            doc.diagnostics = r.diagnostics;
        }
        DocumentKind::Receipt => {
            let r = receipt::read(format, file, bytes);
            doc.receipts = r.receipts;
            doc.diagnostics = r.diagnostics;
        }
        DocumentKind::Unknown => {
            doc.diagnostics.push(
                Diagnostic::err(file, None, "document.unknown", &[]),
            );
        }
    }
    doc
}

/// A photo's OCR lines read as a receipt (`receipt-image`), with the reader
/// text slips use (a field's confidence is the reader's own times its
/// line's). The CLI and the app's OCR worker both come here.
pub fn read_ocr_lines(file: &str, lines: &[receipt::text::TextLine]) -> Document {
    let mut doc = Document::empty(file, Format::ReceiptImage);
    if lines.is_empty() {
        doc.diagnostics.push(
            Diagnostic::err(file, None, "ocr.no_text", &[]),
        );
        return doc;
    }
    let read = receipt::text::read_lines(file, lines);
    doc.receipts = read.receipts;
    doc.diagnostics = read.diagnostics;
    doc
}
