//! The matching workload, written once: `crates/bench` runs it natively and as
//! wasm under Node, and `crates/core/benches/matching.rs` includes this file
//! (`#[path]`) for criterion, so every figure comes from the same cases.
//!
//! `n` statement lines over a year and a receipt for 95% of them: 10% of the
//! lines carry a tip the slip left open (subtotal, no total), posting lag is
//! 0–3 days, and descriptors carry processor prefixes (`SQ *`, `TST* `) the
//! receipts lack. Beside it, the floor: a bare hash-join on (date, cents).
//!
//! Only `slipcheck_core`, `chrono`, `rust_decimal` and std are used, so the
//! file compiles inside either crate.

use chrono::{Duration, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use slipcheck_core::money::Currency;
use slipcheck_core::receipt::Receipt;
use slipcheck_core::reconcile::{self, CaseReceipt, CheckOptions};
use slipcheck_core::statement::{Account, AccountKind, SourcePos, Transaction, TxKind, TxStatus};
use std::collections::HashMap;

const MERCHANTS: &[&str] = &[
    "SQ *BLUE BOTTLE COFFEE",
    "TST* ZUNI CAFE",
    "WHOLEFDS MKT #10234",
    "AMZN Mktp US*2K4LL0",
    "SHELL OIL 57442",
    "PAYPAL *SPOTIFY",
    "UBER *TRIP",
    "TRADER JOE'S #123",
    "CVS/PHARMACY #04521",
    "STARBUCKS STORE 1234",
    "支付宝-美团",
    "财付通-京东",
    "TESCO STORES 2341",
    "REWE SAGT DANKE",
    "MIGROS ZURICH",
];

/// xorshift64: deterministic, so native and wasm runs see the same case.
struct Xorshift(u64);
impl Xorshift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// One case: a card account, its statement lines and the receipts.
pub struct Workload {
    pub accounts: Vec<Account>,
    pub txs: Vec<Transaction>,
    pub receipts: Vec<CaseReceipt>,
}

/// `n` lines and about `0.95 n` receipts (see the module docs).
pub fn workload(n: usize) -> Workload {
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let usd = Currency::new("USD").expect("USD");
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    let mut txs = Vec::with_capacity(n);
    let mut receipts = Vec::with_capacity(n);
    for i in 0..n {
        let day = start + Duration::days(rng.below(365) as i64);
        let cents = rng.below(30_000) as i64 + 100;
        let total = Decimal::new(cents, 2);
        let m = MERCHANTS[rng.below(MERCHANTS.len() as u64) as usize];
        let lag = rng.below(4) as i64;
        let tipped = rng.below(10) == 0;
        let posted = if tipped {
            total + Decimal::new(cents / 5, 2)
        } else {
            total
        };
        txs.push(Transaction {
            id: format!("t{i}"),
            account: Some(0),
            date: Some(day),
            posted: Some(day + Duration::days(lag)),
            value_date: None,
            amount: -posted,
            currency: usd,
            original_amount: None,
            original_currency: None,
            fx_rate: None,
            description: m.to_string(),
            counterparty: None,
            references: Default::default(),
            status: TxStatus::Booked,
            kind: TxKind::Purchase,
            card_last4: None,
            source: SourcePos {
                file: "bench.csv".into(),
                line: Some(i as u32 + 2),
                offset: None,
            },
        });
        if rng.below(20) != 0 {
            let mut r = Receipt {
                merchant: Some(
                    m.trim_start_matches("SQ *")
                        .trim_start_matches("TST* ")
                        .to_string(),
                ),
                date: Some(day),
                currency: Some(usd),
                total: Some(total),
                card_last4: Some("4821".into()),
                ..Default::default()
            };
            if tipped {
                // The slip shows the subtotal and a tip line left open.
                r.subtotal = Some(total);
                r.total = None;
            }
            let file = format!("r{i:06}.txt");
            receipts.push(CaseReceipt {
                id: file.clone(),
                file,
                receipt: r,
            });
        }
    }
    let accounts = vec![Account {
        last4: Some("4821".into()),
        currency: Some(usd),
        kind: AccountKind::Card,
        ..Default::default()
    }];
    Workload {
        accounts,
        txs,
        receipts,
    }
}

/// The options every run uses.
pub fn options() -> CheckOptions {
    CheckOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 1, 31),
        ..Default::default()
    }
}

fn cents(d: Decimal) -> i64 {
    (d.abs() * Decimal::from(100)).round().to_i64().unwrap_or(0)
}

/// The floor: a bare hash-join on (date, cents), each line used once.
/// Returns the number of pairs.
pub fn hash_join(w: &Workload) -> usize {
    let mut index: HashMap<(NaiveDate, i64), Vec<usize>> = HashMap::with_capacity(w.txs.len());
    for (i, t) in w.txs.iter().enumerate() {
        if let Some(d) = t.date {
            index.entry((d, cents(t.amount))).or_default().push(i);
        }
    }
    let mut pairs = 0;
    for r in &w.receipts {
        if let (Some(d), Some(t)) = (r.receipt.date, r.receipt.total) {
            if let Some(v) = index.get_mut(&(d, cents(t))) {
                if v.pop().is_some() {
                    pairs += 1;
                }
            }
        }
    }
    pairs
}

/// The engine's pairing (`reconcile::pair`: index, signals, optimal
/// assignment). Returns the number of pairs.
pub fn pair(w: &Workload) -> usize {
    reconcile::pair(&w.accounts, &w.txs, &w.receipts, &options()).len()
}

/// The full check: pairing plus triage, findings and their advice (the
/// inputs are cloned, as `reconcile` takes them by value). Returns the
/// number of findings.
pub fn check(w: &Workload) -> usize {
    reconcile::reconcile(
        w.accounts.clone(),
        w.txs.clone(),
        w.receipts.clone(),
        &options(),
    )
    .findings
    .len()
}
