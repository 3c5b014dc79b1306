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
