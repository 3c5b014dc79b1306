//! Native half of `cargo xtask bench`: the same workloads as the wasm half,
//! timed with `Instant`, printed as one JSON object.

use slipcheck_bench::*;
use std::time::Instant;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(v);
    }
    (best, last.expect("runs > 0"))
}

/// This thread's time on a CPU, in ms (Linux: `/proc/thread-self/schedstat`),
/// so figures taken on a shared, loaded machine are not inflated by waiting
/// for a core. `None` elsewhere.
fn cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

/// Like `best_of`, on CPU time.
fn best_cpu_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = cpu_ms().unwrap_or(f64::NAN);
        let v = f();
        best = best.min(cpu_ms().unwrap_or(f64::NAN) - t);
        last = Some(v);
    }
    (best, last.expect("runs > 0"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let csv_bytes: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(50 * 1024 * 1024);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let csv = generate_csv(csv_bytes);
    let (import_ms, rows) = best_of(3, || import_csv(&csv));
    let (core_ms, records) = best_of(3, || csv_core_pass(&csv));
    let (full_ms, _) = best_of(2, || import_csv_full(&csv));
    let (import_cpu, _) = best_cpu_of(3, || import_csv(&csv));
    let (core_cpu, _) = best_cpu_of(3, || csv_core_pass(&csv));
    let w = matching::workload(n);
    let (join_ms, join_pairs) = best_of(5, || matching::hash_join(&w));
    let (match_ms, pairs) = best_of(5, || matching::pair(&w));
    let (check_ms, findings) = best_of(2, || matching::check(&w));
    let (join_cpu, _) = best_cpu_of(5, || matching::hash_join(&w));
    let (match_cpu, _) = best_cpu_of(5, || matching::pair(&w));
    let (check_cpu, _) = best_cpu_of(2, || matching::check(&w));
    println!(
        "{{\"runtime\":\"native\",\"csv_bytes\":{},\"rows\":{rows},\"csv_records\":{records},\"import_ms\":{import_ms:.1},\"csv_core_ms\":{core_ms:.1},\"import_full_ms\":{full_ms:.1},\"import_cpu_ms\":{import_cpu:.1},\"csv_core_cpu_ms\":{core_cpu:.1},\"n\":{n},\"pairs\":{pairs},\"match_ms\":{match_ms:.1},\"findings\":{findings},\"check_ms\":{check_ms:.1},\"hash_join_pairs\":{join_pairs},\"hash_join_ms\":{join_ms:.1},\"match_cpu_ms\":{match_cpu:.1},\"check_cpu_ms\":{check_cpu:.1},\"hash_join_cpu_ms\":{join_cpu:.1}}}",
        csv.len()
    );
}
