//! A Starling Bank CSV (not among the public fixtures): Counter Party is who,
//! Reference carries the card descriptor, Type says how the card was used.

use slipcheck_core::statement::TxKind;

const FILE: &str = "crates/core/tests/data/scenarios/own/case-h06/StarlingStatement_2026-06-01_2026-06-30.csv";

#[test]
fn starling_columns_are_read_for_what_they_mean() {
    let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(FILE)).unwrap();
    let doc = slipcheck_core::parse_document("StarlingStatement.csv", &bytes);
    let t = &doc.transactions;
    assert_eq!(t.len(), 10, "the Opening Balance row states a balance, it is not a movement");
    assert!(t.iter().all(|t| t.description != "Opening Balance"));
    let dishoom = t.iter().find(|t| t.amount.to_string() == "-78.40").expect("the Dishoom line");
    assert_eq!(dishoom.description, "DISHOOM KINGS CROSS LONDON");
    assert_eq!(dishoom.counterparty.as_deref(), Some("Dishoom Kings Cross"));
    assert_eq!(dishoom.kind, TxKind::Purchase, "CHIP AND PIN is a card purchase");
    assert_eq!(dishoom.date.unwrap().to_string(), "2026-06-02", "day first");
    let refund = t.iter().find(|t| t.amount.to_string() == "40.50").unwrap();
    assert_eq!(refund.kind, TxKind::Refund);
    let rent = t.iter().find(|t| t.amount.to_string() == "-650.00").unwrap();
    assert_eq!(rent.kind, TxKind::Transfer, "FASTER PAYMENT is a transfer");
    let dd = t.iter().find(|t| t.amount.to_string() == "-96.00").unwrap();
    assert_eq!(dd.kind, TxKind::Payment, "DIRECT DEBIT");
}
