//! Reader: spreadsheet statements (XLSX, legacy XLS, ODS) — Alipay and
//! WeChat Pay bills saved as workbooks, and bank exports in Excel.
//!
//! `calamine` turns each sheet into rows of cells; the cells become text
//! (numbers in their shortest exact form, dates as ISO text) and go through
//! the same table inference as CSV ([`super::csv`]), so a bill reads the same
//! whichever way it was saved. The sheet that yields the most transactions
//! wins; positions are sheet row numbers (`SourcePos::offset`).
//!
//! Merged cells are honoured ([`grid`]; ODS spans via [`ods`], XLSB has none
//! in calamine 0.33): a two-row header (`金额` merged
//! across `支出 | 收入`) becomes one header row. Files named `.xls` that are
//! really an HTML table or SpreadsheetML 2003 XML are read by [`html`].

mod grid;
mod html;
mod ods;

pub(crate) use html::looks_like_table_markup;

use super::csv::table::{self, Pos};
use super::StatementRead;
use crate::diag::{lit, Diagnostic};
use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};
use chrono::{NaiveDate, NaiveDateTime};
use grid::{Grid, Span};
use std::io::Cursor;

/// Zip (XLSX, ODS) or OLE compound file (XLS): what calamine opens.
fn is_container(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Reads a spreadsheet statement.
pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    read_with(file, bytes, &super::csv::CsvOptions::default())
}

/// Reads a spreadsheet statement with the user's corrections to the guess
/// (the same [`super::csv::CsvOptions`] as CSV; the delimiter is ignored).
pub fn read_with(file: &str, bytes: &[u8], opts: &super::csv::CsvOptions) -> StatementRead {
    if !is_container(bytes) {
        return html::read(file, bytes, opts);
    }
    let mut book = match open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(b) => b,
        Err(e) => {
            return StatementRead {
                diagnostics: vec![Diagnostic::err(file, None, "xlsx.cannot_open", &[("detail", lit(e))])],
                ..Default::default()
            }
        }
    };
    // calamine gives ODS cells but not their spans: read those from content.xml.
    let mut ods_merges = if matches!(book, Sheets::Ods(_)) { ods::merges(bytes) } else { Vec::new() };
    let mut best: Option<StatementRead> = None;
    let mut tried = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        let mut g = Grid {
            rows: range
                .rows()
                .enumerate()
                .map(|(i, cells)| (start_row + i as u32 + 1, cells.iter().map(cell_text).collect()))
                .collect(),
            spans: Vec::new(),
        };
        let regions = match ods_merges.iter().position(|(n, _)| *n == name) {
            Some(i) => ods_merges.swap_remove(i).1,
            None => merges(&mut book, &name),
        };
        for d in regions {
            let (Some(row), Some(col)) = (d.start.0.checked_sub(start_row), d.start.1.checked_sub(start_col)) else { continue };
            g.spans.push(Span {
                row: row as usize,
                col: col as usize,
                rows: d.end.0.saturating_sub(d.start.0) as usize + 1,
                cols: d.end.1.saturating_sub(d.start.1) as usize + 1,
            });
        }
        let rows = g.into_rows();
        let r = table::read_rows_with(file, rows, Pos::SheetRow, opts);
        tried.push(name.clone());
        if best.as_ref().is_none_or(|b| r.transactions.len() > b.transactions.len()) {
            best = Some(r);
        }
    }
    match best {
        Some(r) => r,
        None => StatementRead {
            diagnostics: vec![Diagnostic::err(file, None, "xlsx.no_cells", &[])],
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
        // calamine knows the workbook's date system (1900, or 1904 as Excel
        // for Mac wrote it): its calendar parts, not the raw serial, say
        // which day a cell shows.
        Data::DateTime(d) => serial_to_text(d.as_f64(), d.to_ymd_hms_milli()).unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// A date cell as ISO text: `serial` is the raw value (a fraction below 1 is
/// a time of day alone), `parts` its calendar reading in the workbook's
/// date system.
fn serial_to_text(serial: f64, parts: (u16, u8, u8, u8, u8, u8, u16)) -> Option<String> {
    // Excel's range: 1900-01-00 to 9999-12-31 (2,958,465 days).
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (y, mo, d, h, mi, s, ms) = parts;
    // Built from the total of the parts: calamine may hand back 60 seconds or
    // 1000 ms for a value a hair under the next unit. Serials carry float
    // noise (12:31:04.999 for 12:31:05), so round to the second.
    let ms_of_day = i64::from(h) * 3_600_000 + i64::from(mi) * 60_000 + i64::from(s) * 1000 + i64::from(ms) + 500;
    let day = if serial < 1.0 { NaiveDate::from_ymd_opt(2000, 1, 1)? } else { NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())? };
    let dt: NaiveDateTime = day.and_hms_opt(0, 0, 0)? + chrono::Duration::milliseconds(ms_of_day);
    if serial < 1.0 {
        return Some(dt.format("%H:%M:%S").to_string());
    }
    if dt.format("%H:%M:%S").to_string() == "00:00:00" {
        Some(dt.format("%Y-%m-%d").to_string())
    } else {
        Some(dt.format("%Y-%m-%d %H:%M:%S").to_string())
    }
}

/// The merged regions of a sheet, in sheet coordinates.
fn merges<RS: std::io::Read + std::io::Seek>(book: &mut Sheets<RS>, name: &str) -> Vec<calamine::Dimensions> {
    match book {
        Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        Sheets::Xlsx(x) => {
            if x.load_merged_regions().is_err() {
                return Vec::new();
            }
            x.merged_regions_by_sheet(name).into_iter().map(|(_, _, d)| *d).collect()
        }
        // ODS merges come from `ods::merges`; calamine 0.33 has no XLSB merge
        // API, so XLSB sheets are read row by row.
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let text = |v: f64, is_1904: bool| {
            let d = ExcelDateTime::new(v, DateTime, is_1904);
            serial_to_text(d.as_f64(), d.to_ymd_hms_milli())
        };
        assert_eq!(text(45_658.0, false).as_deref(), Some("2025-01-01"));
        assert_eq!(text(45_658.5, false).as_deref(), Some("2025-01-01 12:00:00"));
        assert_eq!(text(0.25, false).as_deref(), Some("06:00:00"));
        // The 1904 system counts 1,462 days fewer for the same day.
        assert_eq!(text(45_658.0 - 1462.0, true).as_deref(), Some("2025-01-01"));
        // 12:31:05 as Excel stores it, a hair under the second.
        assert_eq!(text(45_658.0 + (12.0 * 3600.0 + 31.0 * 60.0 + 5.0) / 86_400.0 - 1e-9, false).as_deref(), Some("2025-01-01 12:31:05"));
        assert_eq!(text(f64::NAN, false), None);
        assert_eq!(text(-1.0, false), None);
        assert_eq!(cell_text(&Data::Float(28.16)), "28.16");
        assert_eq!(cell_text(&Data::Float(-3000.0)), "-3000");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let r = read("x.xlsx", b"PK\x03\x04 not really a zip");
        assert_eq!(r.diagnostics[0].severity, crate::diag::Severity::Error);
    }
}
