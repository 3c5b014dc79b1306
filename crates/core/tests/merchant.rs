//! Merchant mode: search a settlement export and follow a transaction's life.
//! The exports are small hand-made files in the shapes real systems produce
//! (an acquirer's 交易明细 with 消费/撤销/退货 rows, a Stripe payments export
//! whose status column says what became of each payment).

use rust_decimal::Decimal;
use slipcheck_core::merchant::{advise, lifecycle, role_of, search, Advice, Query, RowRole, Stage};
use slipcheck_core::parse_document;
use slipcheck_core::statement::Transaction;
use std::str::FromStr;

const CN: &str = "交易日期,交易时间,交易类型,卡号,交易金额,授权码,参考号,凭证号\n\
2026-03-02,09:15:02,消费,622848******1234,88.50,A1B2C3,603021234567,000101\n\
2026-03-02,09:20:40,撤销,622848******1234,88.50,A1B2C3,603021234567,000102\n\
2026-03-02,12:01:13,消费,622848******1234,120.00,D4E5F6,603029876543,000103\n\
2026-03-04,16:30:00,退货,622848******1234,50.00,D4E5F6,603029876543,000210\n\
2026-03-02,18:45:59,消费,625807******5678,88.50,778899,603025555555,000104\n\
2026-03-03,10:00:00,消费,625807******5678,35.00,112233,603036666666,000150\n";

fn cn() -> Vec<Transaction> {
    let doc = parse_document("交易明细.csv", CN.as_bytes());
    assert_eq!(doc.transactions.len(), 6, "diagnostics: {:?}", doc.diagnostics);
    doc.transactions
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn vouchers(txs: &[Transaction], hits: &[usize]) -> Vec<String> {
    hits.iter().map(|&i| txs[i].references.voucher.clone().unwrap_or_default()).collect()
}

#[test]
fn search_by_last4_and_amount() {
    let txs = cn();
    let q = Query { last4: Some("1234".into()), amount: Some(dec("88.50")), ..Query::default() };
    let hits = search(&txs, &q);
    // The sale and its void; not the other card's 88.50.
    let mut v = vouchers(&txs, &hits);
    v.sort();
    assert_eq!(v, ["000101", "000102"]);

    // Typed with the mask, and amount alone.
    let q = Query { last4: Some("**** 5678".into()), ..Query::default() };
    assert_eq!(search(&txs, &q).len(), 2);
    let q = Query { amount: Some(dec("88.5")), ..Query::default() };
    assert_eq!(search(&txs, &q).len(), 3);
}

#[test]
fn search_by_references_ignores_leading_zeros_and_case() {
    let txs = cn();
    let by = |q: Query| vouchers(&txs, &search(&txs, &q));
    assert_eq!(by(Query { voucher: Some("103".into()), ..Query::default() }), ["000103"]);
    assert_eq!(by(Query { auth_code: Some("a1b2c3".into()), ..Query::default() }).len(), 2);
    assert_eq!(by(Query { rrn: Some("603025555555".into()), ..Query::default() }), ["000104"]);
    assert!(by(Query { rrn: Some("999".into()), ..Query::default() }).is_empty());
}

#[test]
fn search_by_time_window() {
    let txs = cn();
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let q = Query { from: Some(at("2026-03-02 12:00")), to: Some(at("2026-03-02 19:00")), ..Query::default() };
    let mut v = vouchers(&txs, &search(&txs, &q));
    v.sort();
    assert_eq!(v, ["000103", "000104"]);
    // Newest first.
    let all = search(&txs, &Query::default());
    assert_eq!(txs[all[0]].references.voucher.as_deref(), Some("000210"));
}

#[test]
fn rows_are_classified() {
    let txs = cn();
    let roles: Vec<RowRole> = txs.iter().map(role_of).collect();
    assert_eq!(roles[0], RowRole::Sale);
    assert_eq!(roles[1], RowRole::Void);
    assert_eq!(roles[3], RowRole::Refund);
}

#[test]
fn voided_sale_has_nothing_to_pay() {
    let txs = cn();
    // Starting from either the sale or the void row gives the same story.
    for row in [0, 1] {
        let l = lifecycle(&txs, row);
        assert_eq!(l.origin, 0);
        assert_eq!(l.stage, Stage::Voided);
        assert_eq!(l.net, Decimal::ZERO);
        assert_eq!(l.events.last().unwrap().row, Some(1));
        let stages: Vec<Stage> = l.events.iter().map(|e| e.stage).collect();
        assert_eq!(stages, [Stage::Authorised, Stage::Voided], "a voided sale never settled");
        assert_eq!(advise(&l), Advice::VoidedHoldReleased);
    }
}

#[test]
fn partly_refunded_sale() {
    let txs = cn();
    let l = lifecycle(&txs, 3);
    assert_eq!(l.origin, 2);
    assert_eq!(l.stage, Stage::PartiallyRefunded);
    assert_eq!(l.refunded, dec("50.00"));
    assert_eq!(l.net, dec("70.00"));
    let stages: Vec<Stage> = l.events.iter().map(|e| e.stage).collect();
    assert_eq!(stages, [Stage::Authorised, Stage::Settled, Stage::PartiallyRefunded]);
    assert_eq!(advise(&l), Advice::PartialRefund);
}

#[test]
fn plain_sale_is_settled_and_valid() {
    let txs = cn();
    let l = lifecycle(&txs, 5);
    assert_eq!(l.stage, Stage::Settled);
    assert_eq!(l.net, dec("35.00"));
    assert_eq!(advise(&l), Advice::ChargeValid);
}

#[test]
fn status_column_tells_the_story_when_there_are_no_follow_up_rows() {
    let csv = "id,Created date (UTC),Amount,Currency,Status,Card Last4\n\
ch_1,2026-03-02 10:00:00,25.00,usd,Paid,4242\n\
ch_2,2026-03-02 11:00:00,40.00,usd,Refunded,4242\n\
ch_3,2026-03-02 12:00:00,40.00,usd,Failed,4242\n";
    let doc = parse_document("unified_payments.csv", csv.as_bytes());
    let txs = doc.transactions;
    assert_eq!(txs.len(), 3, "diagnostics: {:?}", doc.diagnostics);
    let hits = search(&txs, &Query { last4: Some("4242".into()), amount: Some(dec("25")), ..Query::default() });
    assert_eq!(hits.len(), 1);
    assert_eq!(lifecycle(&txs, hits[0]).stage, Stage::Settled);
    // Two rows of 40.00: one refunded in full, one that failed.
    let hits = search(&txs, &Query { amount: Some(dec("40")), ..Query::default() });
    let stages: Vec<Stage> = hits.iter().map(|&i| lifecycle(&txs, i).stage).collect();
    assert!(stages.contains(&Stage::Refunded), "{stages:?}");
    assert!(stages.contains(&Stage::Declined), "{stages:?}");
}

#[test]
fn nothing_panics_on_an_empty_export() {
    let txs: Vec<Transaction> = vec![];
    assert!(search(&txs, &Query { last4: Some("1".into()), ..Query::default() }).is_empty());
}
