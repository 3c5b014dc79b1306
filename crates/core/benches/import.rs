//! Import benchmark (issue 6): a generated 50 MB, 700k-row bank CSV read into
//! typed transactions (whole `Transaction`s, and the columnar table),
//! measured in bytes per second. Native only here; the
//! wasm/Node and PapaParse comparison lives in `cargo xtask bench`.
//!
//! Run: `cargo bench -p slipcheck-core --bench import`.

#[path = "../../bench/src/floor.rs"]
mod floor;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::fmt::Write;

/// A deterministic bank export: ISO dates, a descriptor, a signed amount,
/// a running balance — 700,000 rows, about 50 MB.
pub fn generate(rows: usize) -> String {
    const MERCHANTS: [&str; 8] = [
        "CARD PAYMENT TO TESCO STORES 3297 LONDON GB",
        "CARD PAYMENT TO AMAZON.CO.UK*W721E7B41 AMAZON.CO.UK",
        "DIRECT DEBIT TO TV LICENCE MBP REF 0092831",
        "FASTER PAYMENT FROM NORTHERN LIGHTS LTD SALARY",
        "CARD PAYMENT TO PRET A MANGER 0123 LONDON GB",
        "CARD PAYMENT TO SHELL READING READING GB",
        "STANDING ORDER TO K HARGREAVES RENT",
        "CASH WITHDRAWAL LNK HIGH STREET",
    ];
    let mut s = String::with_capacity(rows * 75);
    s.push_str("Date,Description,Amount,Balance,Reference\n");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut balance: i64 = 1_000_000;
    for i in 0..rows {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let cents = (seed % 50_000) as i64 + 1;
        let amount = if seed % 10 == 0 { cents * 20 } else { -cents };
        balance += amount;
        let day = (i / 2000) as u32;
        let (y, m, d) = (2020 + day / 336, day % 336 / 28 + 1, day % 28 + 1);
        let _ = writeln!(
            s,
            "{y}-{m:02}-{d:02},{},{}.{:02},{}.{:02},R{:010}",
            MERCHANTS[(seed % 8) as usize],
            if amount < 0 { format!("-{}", amount.abs() / 100) } else { (amount / 100).to_string() },
            amount.abs() % 100,
            balance / 100,
            balance.abs() % 100,
            i
        );
    }
    s
}

fn import(c: &mut Criterion) {
    let text = generate(700_000);
    let bytes = text.as_bytes();
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("bank_csv_700k_rows", |b| {
        b.iter(|| {
            let r = slipcheck_core::statement::csv::read("bench.csv", std::hint::black_box(bytes));
            assert_eq!(r.transactions.len(), 700_000);
            r
        })
    });
    // The columnar import: the same reading, typed columns kept instead of
    // whole `Transaction`s (what the 2x-file memory target is measured on).
    g.bench_function("bank_csv_700k_rows_table", |b| {
        b.iter(|| {
            let t = slipcheck_core::statement::csv::import_table("bench.csv", std::hint::black_box(bytes), &Default::default());
            assert_eq!(t.len(), 700_000);
            t
        })
    });
    // The floor: a bare csv-core pass over the same bytes (records counted).
    g.bench_function("csv_core_bare_pass", |b| b.iter(|| floor::csv_core_pass(std::hint::black_box(bytes))));
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
