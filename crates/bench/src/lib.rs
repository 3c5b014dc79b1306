//! The benchmark workloads, written once and run twice: natively (`src/main.rs`)
//! and as wasm under Node (`js/run.mjs`, through the wasm-bindgen exports at the
//! bottom), so the two runtimes are compared on identical work.
//!
//! - CSV import ([`import`]): a generated bank CSV → typed transactions (the
//!   columnar table) with the real reader, beside a bare csv-core pass over the
//!   same bytes (the floor).
//! - Matching ([`matching`]): n receipts × n statement lines through the engine's
//!   pairing and through the full check, beside a bare hash-join on (date, cents)
//!   keys (the floor). The same file is criterion's workload in
//!   `crates/core/benches/matching.rs`.

pub mod floor;
mod import;
pub use import::*;
pub mod matching;

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

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        static CSV: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        static CASE: RefCell<Option<matching::Workload>> = const { RefCell::new(None) };
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
        CASE.with(|c| *c.borrow_mut() = Some(matching::workload(n as usize)));
    }
    /// The engine's pairing; returns the number of pairs.
    #[wasm_bindgen]
    pub fn bench_matching() -> u32 {
        CASE.with(|c| c.borrow().as_ref().map(matching::pair).unwrap_or(0)) as u32
    }
    /// Pairing plus triage; returns the number of findings.
    #[wasm_bindgen]
    pub fn bench_check() -> u32 {
        CASE.with(|c| c.borrow().as_ref().map(matching::check).unwrap_or(0)) as u32
    }
    #[wasm_bindgen]
    pub fn bench_hash_join() -> u32 {
        CASE.with(|c| c.borrow().as_ref().map(matching::hash_join).unwrap_or(0)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_join_finds_the_exact_pairs() {
        let w = matching::workload(1000);
        let pairs = matching::hash_join(&w);
        // About 95% have receipts, 90% of those untipped and exact on the date.
        assert!(pairs > 700 && pairs < 1000, "{pairs}");
    }

    #[test]
    fn the_engine_pairs_every_receipt_of_the_workload() {
        let w = matching::workload(1000);
        // Every receipt has its line (exact or tipped, lag 0-3 days), and
        // each tipped slip yields one tip_changed finding.
        assert_eq!(matching::pair(&w), w.receipts.len());
        let tipped = w.receipts.iter().filter(|r| r.receipt.total.is_none()).count();
        assert_eq!(matching::check(&w), tipped);
    }
}
