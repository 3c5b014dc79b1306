//! ".xls" statements of every kind met in the wild, through `parse_document`
//! (sniffed by content, never by name): binary BIFF8 written by xlwt (1900
//! and 1904 date systems, merged two-row header, date cells and text dates),
//! HTML tables (GBK Microsoft flavour, UTF-8 plain) and SpreadsheetML 2003
//! (Chinese and English). The fixtures and their generators are in
//! `tests/data/own/xls/`; every value below was read off the generator's
//! tables.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use slipcheck_core::statement::{Transaction, TxKind};
use slipcheck_core::{parse_document, Document, Format, Severity};
use std::str::FromStr;

fn doc(name: &str) -> Document {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/own/xls").join(name);
    // A neutral name: the content alone must decide the format.
    let d = parse_document("statement.bin", &std::fs::read(p).unwrap());
    assert_eq!(d.format, Format::Spreadsheet, "{name} sniffed as {:?}", d.format);
    d
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn day(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::from_str(s).unwrap())
}

fn total(d: &Document) -> Decimal {
    d.transactions.iter().map(|t| t.amount).sum()
}

fn no_problems(d: &Document) {
    let bad: Vec<_> = d.diagnostics.iter().filter(|x| x.severity != Severity::Info).collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

fn check(t: &Transaction, date: &str, amount: &str, currency: &str, description: &str) {
    assert_eq!(t.date, day(date), "{t:?}");
    assert_eq!(t.amount, d(amount), "{t:?}");
    assert_eq!(t.currency.code(), currency, "{t:?}");
    assert_eq!(t.description, description, "{t:?}");
}

#[test]
fn biff8_bank_statement_with_two_row_header() {
    let d = doc("bank_statement_biff8.xls");
    no_problems(&d);
    assert_eq!(d.transactions.len(), 8);
    assert_eq!(total(&d), self::d("9094.04"));
    let first = &d.transactions[0];
    // A date-time cell; 支出 (out) is negative.
    check(first, "2025-03-02", "-88.50", "CNY", "消费");
    assert_eq!(first.posted, day("2025-03-02"));
    assert_eq!(first.references.time, NaiveTime::from_hms_opt(12, 31, 5));
    assert_eq!(first.counterparty.as_deref(), Some("星巴克(国贸店)"));
    // 收入 (in) is positive.
    check(&d.transactions[1], "2025-03-05", "15000", "CNY", "工资");
    // The row whose 交易日期 is a text cell, not a date cell.
    check(&d.transactions[2], "2025-03-08", "-1024.80", "CNY", "网上支付");
    assert_eq!(d.transactions[2].posted, day("2025-03-09"));
    assert_eq!(d.transactions[5].kind, TxKind::Fee);
    let last = d.transactions.last().unwrap();
    check(last, "2025-03-31", "12.34", "CNY", "结息");
    // Sheet row 15 (1-based) holds the last line; the 合计 footer is no line.
    assert_eq!(last.source.offset, Some(15));
    assert_eq!(d.accounts[0].last4.as_deref(), Some("4321"));
    assert_eq!(d.accounts[0].closing_balance, Some(self::d("21094.04")));
}

#[test]
fn biff8_1904_date_system() {
    let d = doc("card_statement_1904.xls");
    assert_eq!(d.transactions.len(), 4);
    assert_eq!(total(&d), self::d("134.74"));
    // Read in the 1900 system these would be four years and a day early.
    check(&d.transactions[0], "2024-11-03", "-23.45", "GBP", "TESCO STORES 2041 LONDON");
    check(&d.transactions[3], "2024-12-01", "150", "GBP", "PAYMENT RECEIVED - THANK YOU");
    assert_eq!(d.transactions[1].kind, TxKind::Refund);
    assert_eq!(d.accounts[0].last4.as_deref(), Some("9012"));
}

#[test]
fn html_table_gbk_microsoft_flavour() {
    let d = doc("html_gbk_zh.xls");
    no_problems(&d);
    assert_eq!(d.transactions.len(), 6);
    assert_eq!(total(&d), self::d("6266.41"));
    check(&d.transactions[0], "2025-04-01", "-36.80", "CNY", "消费");
    check(&d.transactions[1], "2025-04-03", "8500.00", "CNY", "代发工资");
    check(&d.transactions[3], "2025-04-12", "56.40", "CNY", "退货");
    assert_eq!(d.transactions[3].kind, TxKind::Refund);
    check(&d.transactions[5], "2025-04-30", "3.21", "CNY", "利息");
    // <tr> of the first line is on line 12 of the file.
    assert_eq!(d.transactions[0].source.line, Some(12));
    assert_eq!(d.accounts[0].closing_balance, Some(self::d("11466.41")));
    // The preamble's full card number never reaches the output.
    let json = serde_json::to_string(&d).unwrap();
    assert!(!json.contains("6222021234567890123"), "{json}");
}

#[test]
fn html_table_utf8_with_two_row_header() {
    let d = doc("html_utf8_en.xls");
    assert_eq!(d.transactions.len(), 5);
    assert_eq!(total(&d), self::d("2611.45"));
    // &nbsp; is a space; dates are day-first (15/04 proves it).
    check(&d.transactions[0], "2025-04-03", "-8.45", "GBP", "CARD PAYMENT TO PRET A MANGER LONDON");
    check(&d.transactions[1], "2025-04-05", "2750.00", "GBP", "SALARY ACME LTD");
    check(&d.transactions[3], "2025-04-15", "12.00", "GBP", "CARD REFUND M&S SIMPLY FOOD");
    check(&d.transactions[4], "2025-04-28", "-100.00", "GBP", "CASH WITHDRAWAL HSBC 28APR");
    assert_eq!(d.accounts[0].last4.as_deref(), Some("5566"));
    assert_eq!(d.accounts[0].closing_balance, Some(self::d("5611.45")));
}

#[test]
fn spreadsheet_ml_chinese_with_merges() {
    let d = doc("spreadsheetml_zh.xls");
    no_problems(&d);
    assert_eq!(d.transactions.len(), 4);
    assert_eq!(total(&d), self::d("5152.1"));
    let first = &d.transactions[0];
    check(first, "2025-05-02", "-58.9", "CNY", "网上快捷支付");
    assert_eq!(first.references.time, NaiveTime::from_hms_opt(8, 15, 30));
    assert_eq!(first.counterparty.as_deref(), Some("拼多多"));
    // <B>工资</B> inside the <Data>.
    check(&d.transactions[1], "2025-05-06", "6200", "CNY", "工资");
    check(&d.transactions[3], "2025-05-18", "299", "CNY", "退款");
    assert_eq!(d.accounts[0].last4.as_deref(), Some("8899"));
}

#[test]
fn spreadsheet_ml_english_second_sheet() {
    let d = doc("spreadsheetml_en.xls");
    no_problems(&d);
    assert_eq!(d.transactions.len(), 4);
    assert_eq!(total(&d), self::d("-131.67"));
    check(&d.transactions[0], "2025-06-01", "-10.99", "USD", "SPOTIFY P1234ABC");
    // The charge and its reversal are both kept.
    check(&d.transactions[1], "2025-06-04", "-23.50", "USD", "UBER *TRIP HELP.UBER.COM");
    check(&d.transactions[2], "2025-06-04", "23.50", "USD", "UBER *TRIP HELP.UBER.COM");
    check(&d.transactions[3], "2025-06-11", "-120.68", "USD", "AMAZON MKTPLACE PMTS");
    // ss:Index rows: the lines sit on sheet rows 5, 7, 9, 11.
    let rows: Vec<_> = d.transactions.iter().map(|t| t.source.offset).collect();
    assert_eq!(rows, [Some(5), Some(7), Some(9), Some(11)]);
}

#[test]
fn markup_without_a_table_is_a_clear_error() {
    let html = "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><body><table></table><p>No records</p></body></html>";
    let d = slipcheck_core::statement::read(Format::Spreadsheet, "empty.xls", html.as_bytes());
    assert!(d.transactions.is_empty());
    assert_eq!(d.diagnostics[0].severity, Severity::Error);
}

#[path = "../../../fuzz/src/properties.rs"]
#[allow(dead_code)]
mod properties;

/// The fuzz target's property on real bank CSVs and on anything the fuzzer
/// recorded: the same table as CSV, HTML and SpreadsheetML reads the same.
#[test]
fn markup_reads_like_csv_on_real_tables() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["tests/data/public/bankcsv", "tests/data/own/csv", "../../fuzz/regressions/xls_markup"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).unwrap();
            // Only text tables; the property decodes UTF-8 itself.
            if std::str::from_utf8(&bytes).is_ok() || dir.contains("regressions") {
                properties::check_markup(&bytes);
                n += 1;
            }
        }
    }
    assert!(n >= 5, "only {n} tables checked");
}

#[test]
fn a_preamble_currency_line_names_the_currency() {
    // "Currency: GBP" above the table (the two English fixtures above carry it too).
    let csv = "Example Bank plc\nAccount: ****5566\nCurrency: GBP\n\nDate,Description,Amount\n03/04/2025,PRET A MANGER,-8.45\n05/04/2025,SALARY,2750.00\n";
    let d = slipcheck_core::parse_document("s.csv", csv.as_bytes());
    assert_eq!(d.transactions.len(), 2);
    assert!(d.transactions.iter().all(|t| t.currency.code() == "GBP"));
    let de = "Kontoauszug\nWährung: EUR\n\nDatum;Text;Betrag\n03.04.2025;REWE;-8,45\n05.04.2025;Gehalt;2750,00\n";
    assert!(slipcheck_core::parse_document("k.csv", de.as_bytes()).transactions.iter().all(|t| t.currency.code() == "EUR"));
}
