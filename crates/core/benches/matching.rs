//! Matching at scale: 100k receipts × 100k statement lines through the real
//! engine (`reconcile::pair`: index, signals, optimal assignment; and
//! `reconcile::reconcile`: the same plus triage), beside a bare hash-join on
//! (date, cents) keys as the floor. Before criterion's own runs it prints one
//! timed run of each and the engine/floor ratio.
//!
//! `cargo bench -p slipcheck-core --bench matching` (set `MATCHING_N` for
//! another size).

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, Criterion, Throughput};
use rust_decimal::Decimal;
use slipcheck_core::money::Currency;
use slipcheck_core::receipt::Receipt;
use slipcheck_core::reconcile::{pair, reconcile, CaseReceipt, CheckOptions};
use slipcheck_core::statement::{Account, AccountKind, SourcePos, Transaction, TxKind, TxStatus};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

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

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

struct Workload {
    accounts: Vec<Account>,
    txs: Vec<Transaction>,
    receipts: Vec<CaseReceipt>,
}

/// `n` lines over a year and a receipt for 95% of them: 10% tipped, posting
/// lag 0–3 days, descriptors with processor prefixes the receipts lack.
fn workload(n: usize) -> Workload {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let usd = Currency::new("USD").unwrap();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
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

fn cents(d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (d.abs() * Decimal::from(100)).round().to_i64().unwrap_or(0)
}

/// The floor: a bare hash-join on (date, cents).
fn hash_join(w: &Workload) -> usize {
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

fn opts() -> CheckOptions {
    CheckOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 1, 31),
        ..Default::default()
    }
}

fn size() -> usize {
    std::env::var("MATCHING_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        out = Some(r);
    }
    (best, out.unwrap())
}

/// One timed run of each, and the ratio the issue asks for.
fn summary() {
    let n = size();
    let w = workload(n);
    let (floor_ms, floor_pairs) = best_of(3, || hash_join(&w));
    let (pair_ms, pairs) = best_of(3, || pair(&w.accounts, &w.txs, &w.receipts, &opts()).len());
    let (full_ms, findings) = best_of(1, || {
        reconcile(
            w.accounts.clone(),
            w.txs.clone(),
            w.receipts.clone(),
            &opts(),
        )
        .findings
        .len()
    });
    println!(
        "matching n={n}: hash-join floor {floor_ms:.1} ms ({floor_pairs} pairs); engine pairing {pair_ms:.1} ms ({pairs} pairs) = {:.1}× the floor; full check with triage {full_ms:.1} ms ({findings} findings)",
        pair_ms / floor_ms
    );
}

fn bench(c: &mut Criterion) {
    let n = size();
    let w = workload(n);
    let mut g = c.benchmark_group("matching");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("hash_join_floor", |b| b.iter(|| black_box(hash_join(&w))));
    g.bench_function("engine_pair", |b| {
        b.iter(|| black_box(pair(&w.accounts, &w.txs, &w.receipts, &opts()).len()))
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    summary();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
