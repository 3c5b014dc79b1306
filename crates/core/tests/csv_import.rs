//! The columnar import (`statement::csv::import_table`) gives, line for line,
//! what the ordinary reader gives — on every public CSV fixture and on a big
//! generated export — and folds Revolut's fee into the amount.

use slipcheck_core::sniff::{sniff, Format};
use slipcheck_core::statement::csv::{import_table, read, CsvOptions};
use std::path::Path;

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for dir in ["public/bankcsv", "public/cnbill"] {
        let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(dir);
        for e in std::fs::read_dir(&d).unwrap() {
            v.push(e.unwrap().path());
        }
    }
    v.sort();
    v
}

#[test]
fn every_csv_fixture_reads_the_same_through_the_table() {
    let mut checked = 0;
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !matches!(sniff(&name, &bytes), Format::Csv | Format::Alipay | Format::Wechat) {
            continue;
        }
        let r = read(&name, &bytes);
        let t = import_table(&name, &bytes, &CsvOptions::default());
        assert_eq!(t.len(), r.transactions.len(), "{name}");
        assert_eq!(t.transactions(), r.transactions, "{name}");
        assert_eq!(t.accounts, r.accounts, "{name}");
        assert_eq!(t.diagnostics, r.diagnostics, "{name}");
        assert_eq!(t.layout, r.layout, "{name}");
        for i in 0..t.len() {
            let want = &r.transactions[i];
            assert_eq!(&t.get(i), want, "{name} line {i}");
            assert_eq!(t.amount(i), want.amount);
            assert_eq!(t.date(i), want.date);
            assert_eq!(t.currency(i), want.currency);
            assert_eq!(Some(t.line(i)), want.source.line);
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} CSV fixtures found");
}

#[test]
fn a_big_export_reads_the_same_through_the_table() {
    // 5,000 rows (past the sample), ids repeated on purpose: identical
    // lines keep distinct ids in both readings.
    let mut s = String::from("Date,Description,Amount,Currency,Balance\n");
    let mut bal = 1_000_000_000i64;
    for i in 0..5000i64 {
        let cents = if i % 10 == 0 { -350 } else { -(i * 7919 % 20000) - 50 };
        bal += cents;
        let desc = if i % 10 == 0 { "SAME COFFEE".to_string() } else { format!("SHOP {i}") };
        let day = if i % 10 == 0 { 1 } else { i % 28 + 1 };
        s.push_str(&format!("2025-03-{day:02},\"{desc}\",-{}.{:02},EUR,{}.{:02}\n", -cents / 100, -cents % 100, bal / 100, bal % 100));
    }
    let r = read("big.csv", s.as_bytes());
    assert!(r.diagnostics.is_empty(), "{:?}", &r.diagnostics[..1]);
    let t = import_table("big.csv", s.as_bytes(), &CsvOptions::default());
    assert_eq!(t.len(), 5000);
    assert_eq!(t.transactions(), r.transactions);
    for i in [0, 10, 20, 4990, 4999] {
        assert_eq!(t.get(i), r.transactions[i]);
    }
    assert_eq!(r.transactions[10].id.rsplit_once('-').unwrap().1, "2", "the second identical line");
    assert_eq!(t.balance(4999).unwrap().to_string(), format!("{}.{:02}", bal / 100, bal % 100));
    assert_eq!(r.accounts[0].closing_balance, t.balance(4999));
}

#[test]
fn revolut_fee_is_in_the_amount_and_kept_beside_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/public/bankcsv/Revolut_EUR_Sample.csv");
    let bytes = std::fs::read(path).unwrap();
    let t = import_table("r.csv", &bytes, &CsvOptions::default());
    // Line 6: "Online Store,-50.25,0.15": 50.40 left the account.
    let i = (0..t.len()).find(|&i| t.line(i) == 6).unwrap();
    assert_eq!(t.amount(i).to_string(), "-50.40");
    assert_eq!(t.get(i).references.fee.unwrap().to_string(), "0.15");
    assert_eq!(t.description(i), "Online Store");
}
