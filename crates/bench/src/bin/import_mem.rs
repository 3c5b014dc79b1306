//! Peak heap of the CSV import, natively: a counting allocator around the
//! system one; prints one JSON object. `import_mem [BYTES] [table|full]`.
//!
//! The figure counts every live heap byte at the worst moment, the file's own
//! bytes included (they are on the heap too), so `peak / file` is the
//! "peak memory ≤ 2× the file" ratio of issue 6.

use slipcheck_bench::{generate_csv, import_csv_full, import_table_of};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(50 * 1024 * 1024);
    let full = args.get(2).is_some_and(|a| a == "full");
    let mut csv = generate_csv(bytes);
    csv.shrink_to_fit();
    // Only the file is live now; the generator's scratch is gone.
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let rows = if full { import_csv_full(&csv) } else { import_table_of(&csv).len() };
    let peak = PEAK.load(Relaxed);
    println!(
        "{{\"what\":\"{}\",\"csv_bytes\":{},\"rows\":{rows},\"live_before\":{before},\"peak\":{peak},\"peak_over_file\":{:.3}}}",
        if full { "full" } else { "table" },
        csv.len(),
        peak as f64 / csv.len() as f64
    );
}
