//! Wallet bills' neutral rows (不计收支) move money between the user's own
//! pots: signed from the wallet balance's view, out to 余额宝 and back in.

use slipcheck_core::statement::{self, TxKind};

#[test]
fn yuebao_out_and_back_are_opposite_transfers() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/scenarios/own/case-h18/alipay_record_20260602_2140_1.xlsx");
    let bytes = std::fs::read(path).unwrap();
    let read = statement::read(slipcheck_core::sniff("alipay.xlsx", &bytes), "alipay.xlsx", &bytes);
    let line = |d: &str| read.transactions.iter().find(|t| t.description.contains(d)).unwrap_or_else(|| panic!("{d}"));
    let into = line("余额宝-单次转入");
    let back = line("余额宝-转出到余额");
    assert_eq!(into.amount.to_string(), "-1000.00");
    assert_eq!(back.amount.to_string(), "1000.00");
    assert_eq!(into.kind, TxKind::Transfer);
    assert_eq!(back.kind, TxKind::Transfer);
}

/// The app reads tables through `document::parse_with` (with the user's
/// corrections); it shows amounts exactly as `statement::read` does.
#[test]
fn the_apps_table_path_reads_like_statement_read() {
    let csv = b"Date,Description,Amount,Currency\n2026-03-01,N26 TEST SHOP,-89.9,EUR\n2026-03-02,REFUND,3150.0,EUR\n";
    let (doc, _) = slipcheck_core::document::parse_with("n26.csv", csv, None, &Default::default());
    let read = statement::read(slipcheck_core::sniff("n26.csv", csv), "n26.csv", csv);
    assert_eq!(doc.transactions, read.transactions);
    assert_eq!(doc.transactions[0].amount.to_string(), "-89.90");
    assert_eq!(doc.transactions[1].amount.to_string(), "3150.00");
}
