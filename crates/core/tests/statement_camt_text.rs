//! camt.053 from banks that put everything in AddtlNtryInf (no family code,
//! no transaction details): the text still says what each line is.

use slipcheck_core::statement::{TxKind, TxStatus};

#[test]
fn dutch_bea_lines_are_card_purchases_with_their_purchase_date() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/scenarios/own/case-h07/ING_NL44INGB0001234567_2026-05.xml");
    let doc = slipcheck_core::parse_document("ing.xml", &std::fs::read(p).unwrap());
    let t = &doc.transactions;
    assert_eq!(t.len(), 9);
    let ah = t.iter().find(|t| t.amount.to_string() == "-54.85").unwrap();
    assert_eq!(ah.kind, TxKind::Purchase);
    assert_eq!(ah.date.unwrap().to_string(), "2026-05-03", "purchase date from '03.05.26/17:42'");
    assert_eq!(ah.posted.unwrap().to_string(), "2026-05-04");
    let hold = t.iter().find(|t| t.amount.to_string() == "-300.00").unwrap();
    assert_eq!(hold.status, TxStatus::Pending);
    assert_eq!(hold.date.unwrap().to_string(), "2026-04-20");
    assert_eq!(t.iter().find(|t| t.amount.to_string() == "-49.95").unwrap().kind, TxKind::Payment, "SEPA Incasso");
    assert_eq!(t.iter().find(|t| t.amount.to_string() == "1850.00").unwrap().kind, TxKind::Transfer, "SEPA Overboeking");
    assert!(doc.diagnostics.iter().all(|d| !d.message.contains("balance")), "{:?}", doc.diagnostics);
}
