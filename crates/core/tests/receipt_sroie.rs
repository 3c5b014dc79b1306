//! SROIE shop receipts (box CSV: eight coordinates then the text of one OCR
//! line) against their key JSON (company, date, total), and the German
//! sample with a decimal comma.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use slipcheck_core::receipt::{self, Receipt};
use slipcheck_core::{sniff, Format};
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/public")
        .join(p)
}

fn read(path: &Path) -> (Format, Receipt) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let format = sniff(&name, &bytes);
    let r = receipt::read(format, &name, &bytes);
    (format, r.receipts.into_iter().next().expect("a receipt"))
}

/// Key dates come as written on the receipt: 25/12/2018, 12-01-19,
/// 05 MAR 2018, 2018-03-23, 20180304, OCT 3, 2016 (day first where slashed,
/// as in Malaysia).
fn key_date(s: &str) -> NaiveDate {
    let s = s.trim();
    for f in [
        "%d/%m/%Y",
        "%d-%m-%y",
        "%d %b %Y",
        "%Y-%m-%d",
        "%Y%m%d",
        "%b %d, %Y",
        "%d/%m/%y",
        "%d-%m-%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return d;
        }
    }
    panic!("key date {s:?}")
}

fn key_total(s: &str) -> Decimal {
    Decimal::from_str(s.trim_start_matches(|c: char| !c.is_ascii_digit())).unwrap()
}

/// Edit distance, for company names with an OCR slip or two ("SDN BND").
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn norm(s: &str) -> String {
    s.to_uppercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[test]
fn sroie_boxes_total_date_company() {
    let mut keys = Vec::new();
    for dir in ["receipt", "image"] {
        for e in std::fs::read_dir(data(dir)).unwrap() {
            let p = e.unwrap().path();
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            if n.starts_with("sroie-key-") {
                keys.push((
                    dir,
                    n.trim_start_matches("sroie-key-")
                        .trim_end_matches(".json")
                        .to_string(),
                ));
            }
        }
    }
    keys.sort();
    assert!(keys.len() >= 9);
    let (mut tot, mut dat, mut com, mut com_close) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (dir, id) in &keys {
        let key: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(data(&format!("{dir}/sroie-key-{id}.json"))).unwrap(),
        )
        .unwrap();
        let (format, r) = read(&data(&format!("{dir}/sroie-box-{id}.csv")));
        assert_eq!(
            format,
            Format::ReceiptText,
            "{dir}/{id}: box CSV must sniff as receipt text"
        );
        let want_total = key_total(key["total"].as_str().unwrap());
        let want_date = key_date(key["date"].as_str().unwrap());
        let want_company = norm(key["company"].as_str().unwrap());
        let got_company = r.merchant.as_deref().map(norm).unwrap_or_default();
        println!("{dir}/{id}: total {:?} (want {want_total}), date {:?} (want {want_date}), company {:?}", r.total, r.date, r.merchant);
        if r.total == Some(want_total) {
            tot += 1;
        } else {
            failures.push(format!("{dir}/{id}: total {:?} != {want_total}", r.total));
        }
        if r.date == Some(want_date) {
            dat += 1;
        } else {
            failures.push(format!("{dir}/{id}: date {:?} != {want_date}", r.date));
        }
        if got_company == want_company {
            com += 1;
            com_close += 1;
        } else if distance(&got_company, &want_company) * 10 <= want_company.len() {
            // The box text itself carries the OCR error: within 10% is the same name.
            com_close += 1;
        } else {
            failures.push(format!(
                "{dir}/{id}: company {:?} != {:?}",
                r.merchant, key["company"]
            ));
        }
    }
    let n = keys.len() as f64;
    println!(
        "SROIE accuracy over {} receipts: total {:.0}%, date {:.0}%, company {:.0}% exact ({:.0}% within 10% edit distance)",
        keys.len(),
        100.0 * tot as f64 / n,
        100.0 * dat as f64 / n,
        100.0 * com as f64 / n,
        100.0 * com_close as f64 / n
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn german_sample_total_with_decimal_comma() {
    let (_, r) = read(&data("receipt/sample_text_receipt.txt"));
    // "SUMME EUR 0,99" — not the cash given (2,00) nor the change (1,01).
    assert_eq!(r.total, Some(Decimal::from_str("0.99").unwrap()));
    assert_eq!(r.currency.map(|c| c.to_string()).as_deref(), Some("EUR"));
    assert_eq!(r.date, NaiveDate::from_ymd_opt(2014, 12, 4));
}
