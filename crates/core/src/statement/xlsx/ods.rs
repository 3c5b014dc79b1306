//! Merged cells of an ODS workbook. calamine 0.33 reads ODS cell values but
//! not their spans (it exposes merged regions for XLSX and XLS only), so the
//! spans are read here from `content.xml`: a `table:table-cell` with
//! `table:number-columns-spanned` / `table:number-rows-spanned` anchors a
//! merge; the cells it covers are `table:covered-table-cell`.
//!
//! Coordinates are the sheet's absolute (row, column), counting
//! `number-rows-repeated` / `number-columns-repeated` as calamine does, so
//! they line up with the range calamine returns (whose start is subtracted
//! by the caller).
//!
//! XLSB: calamine 0.33 does not expose merges for XLSB either; their records
//! (BrtMergeCell) sit in each sheet's binary part. XLSB sheets are read row
//! by row without merges.

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// content.xml larger than this is not scanned for merges (the cells were
/// already read by calamine; a merge-less reading is the fallback).
const MAX_CONTENT: u64 = 256 * 1024 * 1024;
/// Beyond Excel's and LibreOffice's row limit a repeat count is a fill of
/// empty rows; no header lives there.
const MAX_ROW: u64 = 1 << 20;

/// The merged regions of each sheet, by sheet name, in file order.
pub(super) fn merges(bytes: &[u8]) -> Vec<(String, Vec<Dimensions>)> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Vec::new() };
    let Ok(entry) = zip.by_name("content.xml") else { return Vec::new() };
    if entry.size() > MAX_CONTENT {
        return Vec::new();
    }
    let mut xml = String::new();
    if entry.take(MAX_CONTENT).read_to_string(&mut xml).is_err() {
        return Vec::new();
    }
    scan(&xml)
}

fn attr_u64(e: &BytesStart, name: &[u8]) -> Option<u64> {
    // Numbers need no unescaping.
    e.try_get_attribute(name).ok().flatten().and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
}

/// The spans in one content.xml text.
fn scan(xml: &str) -> Vec<(String, Vec<Dimensions>)> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<(String, Vec<Dimensions>)> = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let mut in_table = false;
    loop {
        let (ev, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    b"table:table-row" if in_table => row = row.saturating_add(row_repeat),
                    b"table:table" => in_table = false,
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match ev.name().as_ref() {
            b"table:table" if !empty => {
                let name = ev
                    .try_get_attribute(b"table:name")
                    .ok()
                    .flatten()
                    .and_then(|a| a.decode_and_unescape_value(reader.decoder()).ok().map(|v| v.into_owned()))
                    .unwrap_or_default();
                out.push((name, Vec::new()));
                (row, in_table) = (0, true);
            }
            b"table:table-row" if in_table => {
                col = 0;
                row_repeat = attr_u64(&ev, b"table:number-rows-repeated").unwrap_or(1).max(1);
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" if in_table => {
                let repeat = attr_u64(&ev, b"table:number-columns-repeated").unwrap_or(1).max(1);
                let cols = attr_u64(&ev, b"table:number-columns-spanned").unwrap_or(1).max(1);
                let rows = attr_u64(&ev, b"table:number-rows-spanned").unwrap_or(1).max(1);
                if (cols > 1 || rows > 1) && row < MAX_ROW && col < MAX_ROW && ev.name().as_ref() == b"table:table-cell" {
                    let last = |start: u64, n: u64| u32::try_from(start.saturating_add(n - 1).min(MAX_ROW)).unwrap_or(u32::MAX);
                    if let Some((_, spans)) = out.last_mut() {
                        spans.push(Dimensions { start: (row as u32, col as u32), end: (last(row, rows), last(col, cols)) });
                    }
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_with_repeats() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="A"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3"><text:p>x</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row table:number-rows-repeated="1048576"/></table:table>
<table:table table:name="B"><table:table-row><table:table-cell table:number-rows-spanned="2"/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let m = scan(xml);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].0, "A");
        assert_eq!(m[0].1, vec![Dimensions { start: (2, 3), end: (4, 4) }]);
        assert_eq!(m[1].1, vec![Dimensions { start: (0, 0), end: (1, 0) }]);
        // Not a zip: nothing, no panic.
        assert!(merges(b"PK\x03\x04 broken").is_empty());
    }
}
