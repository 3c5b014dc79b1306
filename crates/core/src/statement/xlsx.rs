//! Reader: spreadsheet statements (XLSX, legacy XLS, ODS) — Alipay and
//! WeChat Pay bills saved as workbooks, and bank exports in Excel.
//!
//! `calamine` turns each sheet into rows of cells; the cells become text
//! (numbers in their shortest exact form, dates as ISO text) and go through
//! the same table inference as CSV ([`super::csv`]), so a bill reads the same
//! whichever way it was saved. The sheet that yields the most transactions
//! wins; positions are sheet row numbers (`SourcePos::offset`).

use super::csv::table::{self, Pos, Row};
use super::StatementRead;
use crate::diag::Diagnostic;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use chrono::{Duration, NaiveDate};
use std::io::Cursor;

/// Reads a spreadsheet statement.
pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    read_with(file, bytes, &super::csv::CsvOptions::default())
}

/// Reads a spreadsheet statement with the user's corrections to the guess
/// (the same [`super::csv::CsvOptions`] as CSV; the delimiter is ignored).
pub fn read_with(file: &str, bytes: &[u8], opts: &super::csv::CsvOptions) -> StatementRead {
    let mut book = match open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(b) => b,
        Err(e) => {
            return StatementRead {
                diagnostics: vec![Diagnostic::error(
                    file,
                    None,
                    format!("this looks like a spreadsheet (Excel/ODS container) but it could not be opened: {e}"),
                )
                .with_hint("open it in a spreadsheet program and save it again as XLSX or CSV")],
                ..Default::default()
            }
        }
    };
    let mut best: Option<StatementRead> = None;
    let mut tried = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        let start_row = range.start().map(|(r, _)| r).unwrap_or(0);
        let rows: Vec<Row> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let texts: Vec<String> = cells.iter().map(cell_text).collect();
                Row::new(start_row + i as u32 + 1, texts.iter().map(String::as_str))
            })
            .collect();
        let r = table::read_rows_with(file, rows, Pos::SheetRow, opts);
        tried.push(name.clone());
        if best.as_ref().is_none_or(|b| r.transactions.len() > b.transactions.len()) {
            best = Some(r);
        }
    }
    match best {
        Some(r) => r,
        None => StatementRead {
            diagnostics: vec![Diagnostic::error(file, None, "this workbook has no sheet with cells in it")
                .with_hint("export the statement again, or save the sheet as CSV")],
            ..Default::default()
        },
    }
}

/// A cell as the text the table inference reads.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => super::csv::clean_cell(s).to_string(),
        Data::Int(i) => i.to_string(),
        // Shortest round-trip form: a typed 28.16 prints as "28.16".
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_to_text(d.as_f64()).unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// Excel's 1900 date serial (days since 1899-12-30, time as the fraction).
fn serial_to_text(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let secs = (serial * 86_400.0).round() as i64;
    let dt = base.and_hms_opt(0, 0, 0)? + Duration::seconds(secs);
    if serial < 1.0 {
        // A time of day only.
        return Some(dt.format("%H:%M:%S").to_string());
    }
    if secs % 86_400 == 0 {
        Some(dt.format("%Y-%m-%d").to_string())
    } else {
        Some(dt.format("%Y-%m-%d %H:%M:%S").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        assert_eq!(serial_to_text(45_658.0).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_to_text(45_658.5).as_deref(), Some("2025-01-01 12:00:00"));
        assert_eq!(serial_to_text(0.25).as_deref(), Some("06:00:00"));
        assert_eq!(cell_text(&Data::Float(28.16)), "28.16");
        assert_eq!(cell_text(&Data::Float(-3000.0)), "-3000");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let r = read("x.xlsx", b"PK\x03\x04 not really a zip");
        assert_eq!(r.diagnostics[0].severity, crate::diag::Severity::Error);
    }
}
