//! Reader fixes that the holdout scenarios h11+ (tests/data/scenarios/own/)
//! revealed, one test each, on the scenario documents themselves (values read
//! off the files by hand). The scenario suite (crates/cli/tests/scenarios.rs)
//! checks the whole case; these pin the reader behaviour that made it pass.

use rust_decimal::Decimal;
use slipcheck_core::receipt::{self, Receipt, ReceiptKind};
use slipcheck_core::sniff::sniff;
use slipcheck_core::statement::layouts::kind_of;
use slipcheck_core::statement::{self, StatementRead, TxKind};
use std::path::Path;
use std::str::FromStr;

fn bytes(case: &str, name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios/own").join(case).join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{case}/{name}: {e}"))
}

fn slip(case: &str, name: &str) -> Receipt {
    let b = bytes(case, name);
    let r = receipt::read(sniff(name, &b), name, &b);
    assert_eq!(r.receipts.len(), 1, "{case}/{name}: {:?}", r.diagnostics);
    r.receipts.into_iter().next().unwrap()
}

fn statement(case: &str, name: &str) -> StatementRead {
    let b = bytes(case, name);
    statement::read(sniff(name, &b), name, &b)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A Flemish Bancontact ticket titled ANNULATIE / TRANSACTIE GEANNULEERD is a
/// void, not a second sale (h12 r06).
#[test]
fn flemish_annulatie_is_a_void() {
    let r = slip("case-h12", "r06.txt");
    assert_eq!(r.kind, ReceiptKind::Void);
    assert_eq!(r.total, Some(d("49.95")));
    let sale = slip("case-h12", "r05.txt");
    assert_eq!(sale.kind, ReceiptKind::Sale);
}

/// KBC's Omschrijving names the line: BETALING MET DEBETKAART is a card
/// purchase, TERUGBETALING a refund, EUROPESE OVERSCHRIJVING a transfer
/// (h12; before, all but the refund were "other", so no purchase rule applied).
#[test]
fn kbc_descriptions_name_the_kind() {
    assert_eq!(kind_of("BETALING MET DEBETKAART NUMMER 4871 04XX XXXX 2215 COLRUYT GENT"), Some(TxKind::Purchase));
    assert_eq!(kind_of("TERUGBETALING DEBETKAART NUMMER 4871 04XX XXXX 2215 H&M GENT 22/08"), Some(TxKind::Refund));
    assert_eq!(kind_of("EUROPESE OVERSCHRIJVING NAAR VERHUURDER"), Some(TxKind::Transfer));
    let r = statement("case-h12", "KBC_BE68739012345634_202608.csv");
    assert_eq!(r.transactions.len(), 10);
    let kinds: Vec<TxKind> = r.transactions.iter().map(|t| t.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == TxKind::Purchase).count(), 7);
    assert_eq!(kinds.iter().filter(|k| **k == TxKind::Transfer).count(), 2);
    assert_eq!(r.transactions[8].amount, d("25.00"));
    assert_eq!(r.transactions[8].kind, TxKind::Refund);
    // Decimal commas with dot thousands; Bedrag read though credit/debet are empty.
    assert_eq!(r.transactions[5].amount, d("2850.00"));
    assert_eq!(r.transactions.iter().map(|t| t.amount).sum::<Decimal>(), d("1624.17"));
}
