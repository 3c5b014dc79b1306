//! Builders for reconciliation tests: statement lines and receipts made in
//! code, so the engine is tested independently of the readers.
#![allow(dead_code)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use slipcheck_core::money::Currency;
use slipcheck_core::receipt::{Receipt, ReceiptKind, ReceiptStatus};
use slipcheck_core::reconcile::{reconcile, CaseReceipt, CheckOptions, CheckReport, Jurisdiction};
use slipcheck_core::statement::{
    Account, AccountKind, References, SourcePos, Transaction, TxKind, TxStatus,
};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn cur(s: &str) -> Currency {
    Currency::new(s).unwrap()
}

/// A booked purchase (negative amount) on account 0.
pub fn tx(id: &str, date: &str, amount: &str, desc: &str) -> Transaction {
    Transaction {
        id: id.to_string(),
        account: Some(0),
        date: Some(d(date)),
        posted: None,
        value_date: None,
        amount: dec(amount),
        currency: cur("USD"),
        original_amount: None,
        original_currency: None,
        fx_rate: None,
        description: desc.to_string(),
        counterparty: None,
        references: References::default(),
        status: TxStatus::Booked,
        kind: if dec(amount) < Decimal::ZERO {
            TxKind::Purchase
        } else {
            TxKind::Refund
        },
        card_last4: None,
        source: SourcePos {
            file: "statement.csv".into(),
            line: None,
            offset: None,
        },
    }
}

pub fn pending(mut t: Transaction) -> Transaction {
    t.status = TxStatus::Pending;
    t
}

pub fn in_cur(mut t: Transaction, c: &str) -> Transaction {
    t.currency = cur(c);
    t
}

pub fn kind(mut t: Transaction, k: TxKind) -> Transaction {
    t.kind = k;
    t
}

/// An approved sale slip.
pub fn slip(merchant: &str, date: &str, total: &str) -> Receipt {
    Receipt {
        merchant: Some(merchant.to_string()),
        date: Some(d(date)),
        total: Some(dec(total)),
        kind: ReceiptKind::Sale,
        status: ReceiptStatus::Approved,
        ..Default::default()
    }
}

pub fn card_account(last4: &str, currency: &str) -> Account {
    Account {
        last4: Some(last4.to_string()),
        currency: Some(cur(currency)),
        kind: AccountKind::Card,
        statement_date: None,
        ..Default::default()
    }
}

pub fn opts(as_of: &str) -> CheckOptions {
    CheckOptions {
        as_of: Some(d(as_of)),
        jurisdiction: Jurisdiction::Us,
        ..Default::default()
    }
}

pub fn run(txs: Vec<Transaction>, receipts: Vec<(&str, Receipt)>, o: &CheckOptions) -> CheckReport {
    run_with(vec![card_account("6252", "USD")], txs, receipts, o)
}

pub fn run_with(
    accounts: Vec<Account>,
    txs: Vec<Transaction>,
    receipts: Vec<(&str, Receipt)>,
    o: &CheckOptions,
) -> CheckReport {
    let receipts = receipts
        .into_iter()
        .map(|(f, r)| CaseReceipt {
            file: f.to_string(),
            id: f.to_string(),
            receipt: r,
        })
        .collect();
    reconcile(accounts, txs, receipts, o)
}

pub fn kinds(r: &CheckReport) -> Vec<String> {
    r.findings.iter().map(|f| f.kind.clone()).collect()
}

pub fn reassured(r: &CheckReport, kind: &str) -> String {
    r.reassurances
        .iter()
        .find(|x| x.kind == kind)
        .map(|x| x.words.clone())
        .unwrap_or_else(|| panic!("no {kind} reassurance in {:#?}", r.reassurances))
}

pub fn matched(r: &CheckReport, receipt: &str) -> Option<String> {
    r.matches
        .iter()
        .find(|m| m.receipt == receipt)
        .map(|m| m.transaction.clone())
}
