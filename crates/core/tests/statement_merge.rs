//! Merging overlapping exports: the same line is kept once (by its own id,
//! or by date + amount + descriptor), identical purchases inside one export
//! stay separate, and the caller learns how many lines were shared.

use rust_decimal::Decimal;
use slipcheck_core::statement::{merge, mt940, ofx, StatementRead};
use slipcheck_core::{parse_document, Severity};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A card OFX with (date, amount, fitid, name) lines.
fn card_ofx(last4: &str, lines: &[(&str, &str, &str, &str)]) -> String {
    let mut s = format!("OFXHEADER:100\nDATA:OFXSGML\n<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>41111111111{last4}</CCACCTFROM><BANKTRANLIST>");
    for (date, amount, fitid, name) in lines {
        s.push_str(&format!("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{date}<DTUSER>{date}<TRNAMT>{amount}<FITID>{fitid}<NAME>{name}</STMTTRN>"));
    }
    s.push_str("</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>");
    s
}

fn ofx_read(name: &str, text: &str) -> StatementRead {
    ofx::read(name, text.as_bytes())
}

#[test]
fn march_then_march_to_april_by_fitid() {
    let march = ofx_read("march.ofx", &card_ofx("1234", &[("20260303", "-5.00", "F1", "CAFE"), ("20260320", "-12.00", "F2", "BOOKS")]));
    let both = ofx_read(
        "march-april.ofx",
        &card_ofx("1234", &[("20260303", "-5.00", "F1", "CAFE"), ("20260320", "-12.00", "F2", "BOOKS"), ("20260402", "-7.00", "F3", "CAFE")]),
    );
    let (txs, report) = merge::merge(&[march, both]);
    assert_eq!(txs.len(), 3);
    assert_eq!(report.shared, 2);
    assert_eq!(report.shared_by_id, 2);
    let ids: Vec<&str> = txs.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["F1", "F2", "F3"]);
    let diag = &report.diagnostics[0];
    assert_eq!(diag.severity, Severity::Info);
    assert!(diag.message.starts_with("2 lines appeared in both exports and were kept once"), "{}", diag.message);
    // Account indexes point into the merged account list.
    assert_eq!(report.accounts.len(), 2);
    assert_eq!(txs[2].account, Some(1));
}

#[test]
fn same_month_as_csv_and_ofx_by_date_amount_descriptor() {
    let csv = "Date,Description,Amount\n2026-03-03,CAFE CENTRAL,-5.00\n2026-03-20,BOOKS AND MORE,-12.00\n";
    let ofx_text = card_ofx("1234", &[("20260303", "-5.00", "F1", "CAFE CENTRAL VIENNA AT"), ("20260320", "-12.00", "F2", "BOOKS AND MORE")]);
    let a = parse_document("march.csv", csv.as_bytes());
    let b = parse_document("march.ofx", ofx_text.as_bytes());
    assert_eq!(a.transactions.len(), 2, "{:?}", a.diagnostics);
    let (txs, report) = merge::merge(&[a, b]);
    assert_eq!(txs.len(), 2, "{txs:#?}");
    assert_eq!(report.shared, 2);
    assert_eq!(report.shared_by_id, 0, "matched by content, the CSV has no ids");
    assert!(report.diagnostics[0].message.contains("march.csv, march.ofx"));
}

#[test]
fn identical_purchases_inside_one_export_stay_two() {
    let one = ofx_read("a.ofx", &card_ofx("1234", &[("20260303", "-5.00", "", "CAFE"), ("20260303", "-5.00", "", "CAFE")]));
    assert_eq!(one.transactions.len(), 2);
    assert_ne!(one.transactions[0].id, one.transactions[1].id, "derived ids differ by occurrence");
    // Alone: both kept.
    let (txs, report) = merge::merge(std::slice::from_ref(&one));
    assert_eq!((txs.len(), report.shared), (2, 0));
    assert!(report.diagnostics.is_empty());
    // With an overlapping export holding both: still two, both shared.
    let again = ofx_read("b.ofx", &card_ofx("1234", &[("20260303", "-5.00", "", "CAFE"), ("20260303", "-5.00", "", "CAFE"), ("20260304", "-1.00", "", "BUS")]));
    let (txs, report) = merge::merge(&[one.clone(), again]);
    assert_eq!(txs.len(), 3);
    assert_eq!(report.shared, 2);
    // With an export holding only one of them: still two.
    let partial = ofx_read("c.ofx", &card_ofx("1234", &[("20260303", "-5.00", "", "CAFE")]));
    let (txs, report) = merge::merge(&[one, partial]);
    assert_eq!(txs.len(), 2);
    assert_eq!(report.shared, 1);
    assert!(report.diagnostics[0].message.starts_with("1 line appeared in both exports and was kept once"));
}

#[test]
fn different_cards_or_amounts_are_not_merged() {
    let a = ofx_read("a.ofx", &card_ofx("1234", &[("20260303", "-5.00", "", "CAFE")]));
    let b = ofx_read("b.ofx", &card_ofx("9876", &[("20260303", "-5.00", "", "CAFE")]));
    let c = ofx_read("c.ofx", &card_ofx("1234", &[("20260303", "-5.01", "", "CAFE")]));
    let e = ofx_read("e.ofx", &card_ofx("1234", &[("20260304", "-5.00", "", "CAFE")]));
    let (txs, report) = merge::merge(&[a, b, c, e]);
    assert_eq!(txs.len(), 4);
    assert_eq!(report.shared, 0);
    // Two lines with different own ids are different lines even if they look alike.
    let x = ofx_read("x.ofx", &card_ofx("1234", &[("20260303", "-5.00", "A", "CAFE")]));
    let y = ofx_read("y.ofx", &card_ofx("1234", &[("20260303", "-5.00", "B", "CAFE")]));
    assert_eq!(merge::merge(&[x, y]).0.len(), 2);
}

#[test]
fn overlapping_mt940_exports() {
    let jan = ":20:A\n:25:NL81ASNB0123456789\n:60F:C260101EUR100,00\n:61:2601020102D10,00NTRFNONREF\n:86:SHOP ONE\n:61:2601030103D20,00NTRFNONREF\n:86:SHOP TWO\n:62F:C260103EUR70,00\n-";
    let jan_feb = ":20:B\n:25:NL81ASNB0123456789\n:60F:C260101EUR100,00\n:61:2601020102D10,00NTRFNONREF\n:86:SHOP ONE\n:61:2601030103D20,00NTRFNONREF\n:86:SHOP TWO\n:61:2602010201D5,00NTRFNONREF\n:86:SHOP ONE\n:62F:C260201EUR65,00\n-";
    let a = mt940::read("jan.sta", jan.as_bytes());
    let b = mt940::read("janfeb.sta", jan_feb.as_bytes());
    assert!(a.diagnostics.is_empty() && b.diagnostics.is_empty());
    let (txs, report) = merge::merge(&[a, b]);
    assert_eq!(txs.len(), 3);
    assert_eq!(report.shared, 2);
    assert_eq!(txs.iter().map(|t| t.amount).sum::<Decimal>(), d("-35.00"));
}

#[test]
fn derived_ids_are_recognised() {
    assert!(merge::is_derived_id("h0123456789abcdef-1"));
    assert!(merge::is_derived_id(""));
    assert!(!merge::is_derived_id("2017030101331836"));
    assert!(!merge::is_derived_id("hello-world-12345678"));
}
