//! The text reader on real OCR output (tests/data/own/ocr/): the paid
//! amount of a shop receipt whose OCR lost the rounding line's decimal point.

use rust_decimal::Decimal;
use slipcheck_core::receipt::text::{read_lines, TextLine};
use std::str::FromStr;

fn lines(name: &str) -> Vec<TextLine> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/own/ocr").join(name);
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(c, t)| TextLine::new(t, c.parse().unwrap()))
        .collect()
}

#[test]
fn sroie_003_rounded_total_is_paid_despite_ocr_noise() {
    // Key JSON: total 80.90 (80.91 excluding GST, "Rounding -0.01" read as
    // "-001"); the GST summary's "Total: 80.91" comes later and is not paid.
    let r = read_lines("sroie-img-003.jpg", &lines("sroie_img_003_lines.tsv"));
    let rec = &r.receipts[0];
    assert_eq!(rec.total, Some(Decimal::from_str("80.90").unwrap()));
    // Line 21 (1-based): "Total Salas (lnclusivo of GST): 80.90".
    assert_eq!(rec.lines.get("total"), Some(&21));
}

#[test]
fn cash_minus_change_only_wins_when_a_total_line_prints_it() {
    let read = |l: &[&str]| {
        let l: Vec<TextLine> = l.iter().map(|t| TextLine::new(*t, 0.9)).collect();
        read_lines("x.jpg", &l).receipts[0].total
    };
    let d = |s: &str| Some(Decimal::from_str(s).unwrap());
    // 50.00 - 9.05 = 40.95 is printed on a total line after a rounding the
    // OCR could not read; a tax summary repeats 40.97 last.
    assert_eq!(
        read(&["SHOP", "Total Sales(Excluding GST) 40.97", "Rounding -OO2", "Total Salas (lnclusivo of GST): 40.95", "CASH: 50.00", "Change: 9.05", "GST SUMMARY", "Total: 40.97 0.00"]),
        d("40.95")
    );
    // Cash minus change printed nowhere as a total: the labelled total stays.
    assert_eq!(read(&["SHOP", "TOTAL 40.97", "CASH 50.00", "CHANGE 9.00", "THANK YOU"]), d("40.97"));
}
