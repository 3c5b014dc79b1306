//! Properties every statement reader must keep on any input. Shared by the
//! fuzz targets and by `crates/core/tests/fuzz_regressions.rs` (which
//! includes this file by path), so a regression is checked exactly as the
//! fuzzer checked it.

use slipcheck_core::statement::{AccountKind, StatementRead};

/// Checks `r`, read from `bytes` under the name `file`. Panics (which the
/// fuzzer reports) on the first property that does not hold.
pub fn check_read(file: &str, bytes: &[u8], r: &StatementRead) {
    // Decoding can grow text (one Latin-1 byte → up to 3 UTF-8 bytes), never more.
    let max_offset = (bytes.len() as u64) * 4 + 4;
    let max_line = bytes.len() as u32 + 1;
    for t in &r.transactions {
        assert_eq!(t.source.file, file, "every record names its file");
        assert!(t.source.line.is_some() || t.source.offset.is_some(), "every record has a position: {t:?}");
        if let Some(l) = t.source.line {
            assert!(l >= 1 && l <= max_line, "line {l} outside the input ({} bytes)", bytes.len());
        }
        if let Some(o) = t.source.offset {
            assert!(o <= max_offset, "offset {o} outside the input");
        }
        // No amount without a currency: the code is three ASCII capitals,
        // and an original amount always says its currency.
        let c = t.currency.code();
        assert!(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()), "currency {c:?}");
        assert!(t.original_amount.is_none() || t.original_currency.is_some(), "original amount without currency: {t:?}");
        if let Some(a) = t.account {
            assert!(a < r.accounts.len(), "account index {a} of {} accounts", r.accounts.len());
        }
        assert!(!t.id.is_empty(), "every record has an id");
        if let Some(l4) = &t.card_last4 {
            assert!(l4.chars().count() <= 4, "card_last4 {l4:?}");
        }
    }
    for a in &r.accounts {
        if a.kind == AccountKind::Card {
            if let Some(id) = &a.id {
                let longest = id.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
                assert!(longest < 12, "card number not masked: {id:?}");
            }
        }
    }
    for d in &r.diagnostics {
        assert_eq!(d.file, file, "diagnostics name their file");
        assert!(!d.message.is_empty());
    }
}

/// Reads twice and checks the reading is deterministic and keeps the
/// properties.
pub fn check_reader(file: &str, bytes: &[u8], read: fn(&str, &[u8]) -> StatementRead) {
    let a = read(file, bytes);
    check_read(file, bytes, &a);
    let b = read(file, bytes);
    assert_eq!(a, b, "re-reading the same bytes gives the same result");
}

/// The whole pipeline: sniff + read, deterministic, statement parts checked.
pub fn check_document(file: &str, bytes: &[u8]) {
    let a = slipcheck_core::parse_document(file, bytes);
    let as_read = StatementRead {
        accounts: a.accounts.clone(),
        transactions: a.transactions.clone(),
        diagnostics: a.diagnostics.clone(),
        ..Default::default()
    };
    check_read(file, bytes, &as_read);
    let b = slipcheck_core::parse_document(file, bytes);
    assert_eq!(a, b, "re-reading the same bytes gives the same document");
    // A file that could not be read says why.
    if a.transactions.is_empty() && a.receipts.is_empty() && a.format == slipcheck_core::Format::Unknown {
        assert!(!a.diagnostics.is_empty(), "an unread file gets a diagnostic");
    }
}

/// Markup saved as `.xls` (HTML tables, SpreadsheetML 2003): the raw bytes
/// keep the reader properties, and a table built from the input reads the
/// same whether it is written as CSV, as an HTML table or as SpreadsheetML
/// (same dates, amounts, currencies and descriptions, in the same order).
pub fn check_markup(bytes: &[u8]) {
    use slipcheck_core::statement::{csv, xlsx};
    check_reader("fuzz.xls", bytes, xlsx::read);
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    // Cells without the characters each format escapes or folds differently
    // (quotes, delimiters, markup, runs of whitespace), so the three
    // renderings hold the same values.
    let rows: Vec<Vec<String>> = text
        .lines()
        .take(200)
        .map(|l| {
            l.split(',')
                .take(30)
                .map(|c| {
                    let c: String = c
                        .chars()
                        .filter(|ch| !matches!(ch, '"' | ';' | '|' | '<' | '>' | '&' | '\u{feff}') && !ch.is_control())
                        .collect();
                    c.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect()
        })
        .collect();
    let as_csv: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    let mut as_html = String::from("<html><meta charset=\"utf-8\"><body><table>\n");
    let mut as_sml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"S\"><Table>\n",
    );
    for r in &rows {
        as_html.push_str("<tr>");
        as_sml.push_str("<Row>");
        for c in r {
            as_html.push_str(&format!("<td>{c}</td>"));
            as_sml.push_str(&format!("<Cell><Data ss:Type=\"String\">{c}</Data></Cell>"));
        }
        as_html.push_str("</tr>\n");
        as_sml.push_str("</Row>\n");
    }
    as_html.push_str("</table></body></html>\n");
    as_sml.push_str("</Table></Worksheet></Workbook>\n");
    let key = |r: &StatementRead| -> Vec<String> {
        r.transactions
            .iter()
            .map(|t| format!("{:?} {:?} {:?} {} {} {}", t.date, t.posted, t.value_date, t.amount, t.currency.code(), t.description))
            .collect()
    };
    let from_csv = key(&csv::read_text("fuzz.csv", &as_csv));
    let h = xlsx::read("fuzz.xls", as_html.as_bytes());
    check_read("fuzz.xls", as_html.as_bytes(), &h);
    assert_eq!(key(&h), from_csv, "an HTML table reads as the same table in CSV\n{as_csv}");
    let s = xlsx::read("fuzz.xls", as_sml.as_bytes());
    check_read("fuzz.xls", as_sml.as_bytes(), &s);
    assert_eq!(key(&s), from_csv, "SpreadsheetML reads as the same table in CSV\n{as_csv}");
}
