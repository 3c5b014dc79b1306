//! Matching alone, natively: the floor and the engine's pairing, each best of
//! `RUNS` on this thread's CPU clock (`CLOCK_THREAD_CPUTIME_ID`, exact to the
//! nanosecond, unlike the scheduler's tick-granular statistics), then the full
//! check once. Prints one JSON object. `matching [N] [RUNS] [pair-only]`.
//!
//! Quicker than the whole `slipcheck-bench` run (no CSV import), and the
//! binary to profile: `perf record -g target/release/matching`.

use slipcheck_bench::matching;

#[cfg(target_os = "linux")]
fn cpu_ms() -> f64 {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the call's duration.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return f64::NAN;
    }
    t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
}

#[cfg(not(target_os = "linux"))]
fn cpu_ms() -> f64 {
    f64::NAN
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = cpu_ms();
        let v = f();
        best = best.min(cpu_ms() - t);
        last = Some(v);
    }
    (best, last.expect("runs > 0"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let w = matching::workload(n);
    if args.get(3).map(String::as_str) == Some("pair-only") {
        // For a profiler: the pairing alone, `runs` times.
        let (pair, pairs) = best(runs, || matching::pair(&w));
        println!("{{\"n\":{n},\"match_cpu_ms\":{pair:.1},\"pairs\":{pairs}}}");
        return;
    }
    let (floor, join_pairs) = best(runs, || matching::hash_join(&w));
    let (pair, pairs) = best(runs, || matching::pair(&w));
    let (check, findings) = best(1, || matching::check(&w));
    println!(
        "{{\"n\":{n},\"runs\":{runs},\"hash_join_cpu_ms\":{floor:.1},\"hash_join_pairs\":{join_pairs},\"match_cpu_ms\":{pair:.1},\"pairs\":{pairs},\"ratio\":{:.2},\"check_cpu_ms\":{check:.1},\"findings\":{findings}}}",
        pair / floor
    );
}
