//! Matching at scale: 100k receipts × 100k statement lines through the real
//! engine (`reconcile::pair`: index, signals, optimal assignment; and
//! `reconcile::reconcile`: the same plus triage), beside a bare hash-join on
//! (date, cents) keys as the floor. Before criterion's own runs it prints one
//! timed run of each and the engine/floor ratio.
//!
//! The workload is `crates/bench/src/matching.rs`, included here so that
//! criterion, the native run and the wasm run of `cargo xtask bench` all time
//! the same cases.
//!
//! `cargo bench -p slipcheck-core --bench matching` (set `MATCHING_N` for
//! another size).

#[path = "../../bench/src/matching.rs"]
mod workload;

use criterion::{criterion_group, Criterion, Throughput};
use std::hint::black_box;
use std::time::Instant;
use workload::{check, hash_join, pair, workload};

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
    (best, out.expect("n > 0"))
}

/// One timed run of each, and the ratio the issue asks for.
fn summary() {
    let n = size();
    let w = workload(n);
    let (floor_ms, floor_pairs) = best_of(5, || hash_join(&w));
    let (pair_ms, pairs) = best_of(5, || pair(&w));
    let (full_ms, findings) = best_of(2, || check(&w));
    println!(
        "matching n={n}: hash-join floor {floor_ms:.1} ms ({floor_pairs} pairs); engine pairing {pair_ms:.1} ms ({pairs} pairs) = {:.2}× the floor; full check with triage {full_ms:.1} ms ({findings} findings)",
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
    g.bench_function("engine_pair", |b| b.iter(|| black_box(pair(&w))));
    g.bench_function("full_check", |b| b.iter(|| black_box(check(&w))));
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    summary();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
