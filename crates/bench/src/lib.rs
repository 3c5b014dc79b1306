//! The benchmark workloads, written once and run twice: natively (`src/main.rs`)
//! and as wasm under Node (`js/run.mjs`, through the wasm-bindgen exports at the
//! bottom), so the two runtimes are compared on identical work.
//!
//! - CSV import ([`import`]): a generated bank CSV → typed transactions (the
//!   columnar table) with the real reader, beside a bare csv-core pass over the
//!   same bytes (the floor).
//! - Matching: n receipts × n statement lines through `reconcile::check`, beside a
//!   bare hash-join on (date, cents) keys (the floor).

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use slipcheck_core::receipt::Receipt;
use slipcheck_core::reconcile::{self, CheckOptions};
use slipcheck_core::statement::{SourcePos, Transaction, TxKind, TxStatus};
use slipcheck_core::{Document, Format};
use std::collections::HashMap;

mod import;
pub use import::*;

/// A small deterministic generator (xorshift), so runs are comparable.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub(crate) const MERCHANTS: &[&str] = &[
    "SQ *BLUE BOTTLE COFFEE", "TST* ZUNI CAFE", "WHOLEFDS MKT #10234", "AMZN Mktp US*2K4LL0", "SHELL OIL 57442",
    "PAYPAL *SPOTIFY", "UBER *TRIP", "TRADER JOE'S #123", "CVS/PHARMACY #04521", "STARBUCKS STORE 1234",
    "支付宝-美团", "财付通-京东", "TESCO STORES 2341", "REWE SAGT DANKE", "MIGROS ZURICH",
];

/// A matching workload: `n` statement lines and `n` receipts, most of which
/// pair up (some with tips, some shifted by posting lag), some unmatched.
pub struct MatchCase {
    pub docs: Vec<Document>,
}

pub fn generate_matching(n: usize) -> MatchCase {
    let mut rng = Rng::new(7);
    let usd = slipcheck_core::money::Currency::new("USD").unwrap();
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
        let posted_amount = if tipped { total + Decimal::new(cents / 5, 2) } else { total };
        txs.push(Transaction {
            id: format!("t{i}"),
            account: None,
            date: Some(day),
            posted: Some(day + Duration::days(lag)),
            value_date: None,
            amount: -posted_amount,
            currency: usd,
            original_amount: None,
            original_currency: None,
            fx_rate: None,
            description: m.to_string(),
            counterparty: None,
            references: Default::default(),
            status: TxStatus::Booked,
            kind: TxKind::Purchase,
            card_last4: Some("4821".into()),
            source: SourcePos { file: "bench.csv".into(), line: Some(i as u32 + 2), offset: None },
        });
        if rng.below(20) != 0 {
            let mut r = Receipt { merchant: Some(m.trim_start_matches("SQ *").to_string()), ..Default::default() };
            r.date = Some(day);
            r.currency = Some(usd);
            r.total = Some(total);
            if tipped {
                r.subtotal = Some(total);
            }
            r.card_last4 = Some("4821".into());
            receipts.push(r);
        }
    }
    let mut docs = vec![Document {
        file: "bench.csv".into(),
        format: Format::Csv,
        accounts: vec![],
        transactions: txs,
        receipts: vec![],
        diagnostics: vec![],
    }];
    // One document per receipt, as a person's folder of slips would be.
    for (i, r) in receipts.into_iter().enumerate() {
        docs.push(Document {
            file: format!("r{i:06}.txt"),
            format: Format::ReceiptText,
            accounts: vec![],
            transactions: vec![],
            receipts: vec![r],
            diagnostics: vec![],
        });
    }
    MatchCase { docs }
}

/// The real engine. Returns the number of pairs.
pub fn run_matching(case: &MatchCase) -> usize {
    let opts = CheckOptions { as_of: NaiveDate::from_ymd_opt(2026, 1, 31), ..Default::default() };
    reconcile::check(&case.docs, &opts).matches.len()
}

/// The floor: a bare hash-join on (date, cents).
pub fn run_hash_join(case: &MatchCase) -> usize {
    let mut index: HashMap<(NaiveDate, i64), Vec<usize>> = HashMap::new();
    for (i, t) in case.docs[0].transactions.iter().enumerate() {
        if let Some(d) = t.date {
            let cents = (t.amount.abs() * Decimal::from(100)).trunc().to_string().parse::<i64>().unwrap_or(0);
            index.entry((d, cents)).or_default().push(i);
        }
    }
    let mut pairs = 0;
    for d in &case.docs[1..] {
        for r in &d.receipts {
            if let (Some(day), Some(total)) = (r.date, r.total) {
                let cents = (total * Decimal::from(100)).trunc().to_string().parse::<i64>().unwrap_or(0);
                if index.get(&(day, cents)).is_some_and(|v| !v.is_empty()) {
                    pairs += 1;
                }
            }
        }
    }
    pairs
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        static CSV: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        static CASE: RefCell<Option<MatchCase>> = const { RefCell::new(None) };
    }

    /// Current size of the wasm linear memory, in bytes (it never shrinks, so
    /// after a run this is the peak).
    #[wasm_bindgen]
    pub fn memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    /// The generated CSV, so Node feeds PapaParse exactly the same bytes.
    #[wasm_bindgen]
    pub fn make_csv(target_bytes: u32) -> Vec<u8> {
        generate_csv(target_bytes as usize)
    }
    #[wasm_bindgen]
    pub fn load_csv(bytes: Vec<u8>) {
        CSV.with(|c| *c.borrow_mut() = bytes);
    }
    #[wasm_bindgen]
    pub fn bench_import_csv() -> u32 {
        CSV.with(|c| import_csv(&c.borrow())) as u32
    }
    #[wasm_bindgen]
    pub fn bench_csv_core_pass() -> u32 {
        CSV.with(|c| csv_core_pass(&c.borrow())) as u32
    }
    #[wasm_bindgen]
    pub fn prepare_matching(n: u32) {
        CASE.with(|c| *c.borrow_mut() = Some(generate_matching(n as usize)));
    }
    #[wasm_bindgen]
    pub fn bench_matching() -> u32 {
        CASE.with(|c| c.borrow().as_ref().map(run_matching).unwrap_or(0)) as u32
    }
    #[wasm_bindgen]
    pub fn bench_hash_join() -> u32 {
        CASE.with(|c| c.borrow().as_ref().map(run_hash_join).unwrap_or(0)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_join_finds_the_exact_pairs() {
        let case = generate_matching(1000);
        let pairs = run_hash_join(&case);
        // About 95% have receipts, 90% of those untipped and exact on the date.
        assert!(pairs > 700 && pairs < 1000, "{pairs}");
    }
}
