//! A German savings-bank MT940 (structured :86: with GVC and ?-subfields):
//! girocard payments carry the merchant in ?32 and the purchase time in SVWZ.

use slipcheck_core::statement::TxKind;

#[test]
fn girocard_lines_are_purchases_at_the_named_merchant_on_the_purchase_day() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/scenarios/own/case-h09/20260320-0612345678-umsatz.sta");
    let doc = slipcheck_core::parse_document("umsatz.sta", &std::fs::read(p).unwrap());
    let t = &doc.transactions;
    assert_eq!(t.len(), 10);
    let edeka = &t[0];
    assert_eq!(edeka.kind, TxKind::Purchase);
    assert_eq!(edeka.date.unwrap().to_string(), "2026-03-02");
    assert_eq!(edeka.posted.unwrap().to_string(), "2026-03-03");
    assert!(edeka.description.starts_with("EDEKA SCHMIDT"), "{}", edeka.description);
    assert_eq!(t.iter().find(|t| t.amount.to_string() == "99.99").unwrap().kind, TxKind::Refund, "Rueckerstattung");
    assert_eq!(t.iter().find(|t| t.amount.to_string() == "-89.00").unwrap().kind, TxKind::Payment, "Lastschrift");
    assert_eq!(t.iter().find(|t| t.amount.to_string() == "-3.63").unwrap().kind, TxKind::Fee);
    assert_eq!(t.iter().find(|t| t.amount.to_string() == "2480.00").unwrap().kind, TxKind::Transfer, "Gehalt");
    assert!(doc.diagnostics.iter().all(|d| !d.message.to_lowercase().contains("balance")), "{:?}", doc.diagnostics);
}
