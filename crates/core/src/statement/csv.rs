//! Reader: delimited-text statements from any bank, card issuer, wallet or
//! merchant system, with zero configuration.
//!
//! The text is decoded ([`crate::text::decode`]), the delimiter chosen (`,`
//! `;` TAB `|`) by which one splits the most lines into the same number of
//! fields, and the rows (quote-aware, via the `csv` crate) handed to
//! [`table::read_rows`], which finds the header row, infers column roles, date
//! order and number style from all values, and builds the transactions. The
//! spreadsheet reader hands its rows of cells to the same function.
//!
//! Alipay (支付宝), WeChat Pay (微信支付) and JD bills are read here too: their
//! preambles, padded values and trailing tabs are just more of the same.
//!
//! ```
//! use slipcheck_core::statement::csv::read;
//! let text = "Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n\
//!             11/29/2025,12/01/2025,TRADER JOE S #146,Groceries,Sale,-115.83,\n\
//!             11/18/2025,11/18/2025,Payment Thank You-Mobile,,Payment,1152.87,\n";
//! let r = read("chase.csv", text.as_bytes());
//! assert_eq!(r.transactions.len(), 2);
//! assert_eq!(r.transactions[0].amount.to_string(), "-115.83");
//! assert_eq!(r.transactions[0].date.unwrap().to_string(), "2025-11-29");
//! ```

mod columnar;
mod fast;
mod options;
mod stream;
pub(crate) mod table;

pub use columnar::TransactionTable;
pub use options::{ColumnChoice, ColumnRole, CsvLayout, CsvOptions};

use super::StatementRead;
use crate::diag::{lit, Diagnostic};

/// Reads a delimited-text statement.
pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    read_with(file, bytes, &CsvOptions::default())
}

/// Reads a delimited-text statement with the user's corrections to the
/// guess (`CsvOptions::default()` corrects nothing). The guess made (and the
/// forced parts) is in the result's `layout`.
pub fn read_with(file: &str, bytes: &[u8], opts: &CsvOptions) -> StatementRead {
    with_text(file, bytes, |text| read_text_with(file, text, opts), |out| &mut out.diagnostics)
}

/// Imports a delimited-text statement into a [`TransactionTable`]: the same
/// reading as [`read_with`], kept column by column so that a file of
/// hundreds of thousands of lines takes little more memory than its bytes.
///
/// ```
/// use slipcheck_core::statement::csv::{import_table, CsvOptions};
/// let t = import_table("a.csv", b"Date,Description,Amount\n2026-01-02,TEA,-2.00\n", &CsvOptions::default());
/// assert_eq!((t.len(), t.amount(0).to_string(), t.currency(0).code()), (1, "-2.00".to_string(), "XXX"));
/// ```
pub fn import_table(file: &str, bytes: &[u8], opts: &CsvOptions) -> TransactionTable {
    with_text(
        file,
        bytes,
        |text| {
            let Some((delim, mut diags)) = delimiter(file, text, opts) else {
                return TransactionTable::new(empty(file), None);
            };
            let (mut out, done) = stream::read::<columnar::Columnar>(file, text, delim, opts);
            diags.append(&mut out.diagnostics);
            out.diagnostics = diags;
            let mut t = TransactionTable::new(out, done);
            if let Some(l) = t.layout.as_mut() {
                l.delimiter = Some(delim as char);
            }
            t
        },
        |t| &mut t.diagnostics,
    )
}

/// Runs `f` on the file's text: borrowed when the bytes are UTF-8 (no copy
/// of a 50 MB file), decoded otherwise, with a warning when some bytes could
/// not be decoded.
fn with_text<T>(file: &str, bytes: &[u8], f: impl FnOnce(&str) -> T, diags: impl FnOnce(&mut T) -> &mut Vec<Diagnostic>) -> T {
    if let Some(text) = borrow_utf8(bytes) {
        return f(text);
    }
    let decoded = crate::text::decode(bytes, None);
    let mut out = f(&decoded.text);
    if decoded.had_errors {
        diags(&mut out).push(
            Diagnostic::warn(file, None, "csv.bad_bytes", &[("encoding", lit(decoded.encoding))]),
        );
    }
    out
}

/// The bytes as text when [`crate::text::decode`] would read them as UTF-8
/// unchanged: valid UTF-8, no UTF-16 byte-order mark, no NUL among the first
/// bytes (UTF-16 without a mark is valid UTF-8 too, byte for byte).
fn borrow_utf8(bytes: &[u8]) -> Option<&str> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.starts_with(b"\xFF\xFE") || body.starts_with(b"\xFE\xFF") || bytes[..bytes.len().min(512)].contains(&0) {
        return None;
    }
    std::str::from_utf8(body).ok()
}

fn empty(file: &str) -> StatementRead {
    StatementRead {
        diagnostics: vec![Diagnostic::err(file, None, "csv.empty", &[])],
        ..Default::default()
    }
}

/// The delimiter (forced or detected), with a warning for a forced one that
/// cannot be; `None` when the text is empty.
fn delimiter(file: &str, text: &str, opts: &CsvOptions) -> Option<(u8, Vec<Diagnostic>)> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return None;
    }
    let mut diags = Vec::new();
    let delim = match opts.delimiter {
        Some(c) if c.is_ascii() && c != '"' && c != '\n' && c != '\r' => c as u8,
        Some(c) => {
            diags.push(
                Diagnostic::warn(file, None, "csv.bad_delimiter", &[("value", lit(format!("{c:?}")))]),
            );
            detect_delimiter(text)
        }
        None => detect_delimiter(text),
    };
    Some((delim, diags))
}

/// Reads already-decoded text (pasted tables, tests).
pub fn read_text(file: &str, text: &str) -> StatementRead {
    read_text_with(file, text, &CsvOptions::default())
}

/// [`read_text`] with the user's corrections.
pub fn read_text_with(file: &str, text: &str, opts: &CsvOptions) -> StatementRead {
    let text = text.trim_start_matches('\u{feff}');
    let Some((delim, mut diags)) = delimiter(file, text, opts) else { return empty(file) };
    let (mut out, done) = stream::read::<table::TxSink>(file, text, delim, opts);
    if let Some((plan, sink)) = done {
        out.transactions = sink.into_transactions();
        let mut layout = plan.layout();
        layout.delimiter = Some(delim as char);
        out.layout = Some(layout);
    } else if let Some(l) = out.layout.as_mut() {
        l.delimiter = Some(delim as char);
    }
    diags.append(&mut out.diagnostics);
    out.diagnostics = diags;
    out
}

/// Trims the padding exports leave around values: spaces and a TAB inside
/// the quotes (ICBC), a TAB after the closing quote (WeChat `"3985734"\t`,
/// which the csv crate appends to the field), Excel's `="0123"`. Quotes
/// inside a value are data and stay.
#[inline]
pub(crate) fn clean_cell(s: &str) -> &str {
    // Most cells need nothing: printable at both ends, no `="`. (Checked on
    // the bytes when ASCII; a descriptor in Chinese decodes one char each end.)
    if let (Some(&f), Some(&l)) = (s.as_bytes().first(), s.as_bytes().last()) {
        let edge = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && c != '\u{feff}');
        let f_ok = if f.is_ascii() { f.is_ascii_graphic() && f != b'=' } else { edge(s.chars().next()) };
        let l_ok = if l.is_ascii() { l.is_ascii_graphic() } else { edge(s.chars().next_back()) };
        if f_ok && l_ok {
            return s;
        }
    }
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    t.strip_prefix("=\"").and_then(|x| x.strip_suffix('"')).unwrap_or(t)
}

/// Picks the delimiter that splits the most lines into the same number (≥ 2)
/// of fields, quote-aware, over the first lines of the file.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(300).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut rdr = ::csv::ReaderBuilder::new().delimiter(d).has_headers(false).flexible(true).from_reader(sample.as_bytes());
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        let mut rec = ::csv::StringRecord::new();
        while let Ok(true) = rdr.read_record(&mut rec) {
            let n = rec.iter().filter(|c| !c.trim().is_empty()).count();
            if rec.len() >= 2 && n >= 2 {
                *counts.entry(rec.len()).or_default() += 1;
            }
        }
        // Score: rows of the modal width, weighted a little by the width so a
        // comma inside a ';' file's amounts ("-16,52") does not win.
        let score = counts.iter().map(|(w, c)| c * 4 + (*w).min(30) * (*c > 1) as usize).max().unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n4;5,5;6\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2|3\n"), b'|');
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
    }

    #[test]
    fn cells() {
        assert_eq!(clean_cell("3985734\t"), "3985734");
        assert_eq!(clean_cell("\"QUOTED\""), "\"QUOTED\"", "quotes inside a value are data");
        assert_eq!(clean_cell("  0.01    \t"), "0.01");
        assert_eq!(clean_cell("=\"0123\""), "0123");
    }
}
