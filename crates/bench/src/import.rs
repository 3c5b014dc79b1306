//! The CSV import workload (issue 6): a generated bank CSV → typed
//! transactions with the real reader, beside a bare csv-core pass over the
//! same bytes (the floor).

use chrono::{Duration, NaiveDate};
use slipcheck_core::statement::csv::{import_table, CsvOptions, TransactionTable};
use slipcheck_core::Format;

use crate::{Rng, MERCHANTS};

/// A bank CSV of about `target_bytes`: Date,Description,Amount,Currency,Balance.
pub fn generate_csv(target_bytes: usize) -> Vec<u8> {
    let mut rng = Rng::new(42);
    let mut out = Vec::with_capacity(target_bytes + 128);
    out.extend_from_slice(b"Date,Description,Amount,Currency,Balance\n");
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut balance: i64 = 1_000_000_00;
    let mut i = 0u64;
    while out.len() < target_bytes {
        let d = start + Duration::days((i / 2000) as i64);
        let cents = -(rng.below(20_000) as i64 + 50);
        balance += cents;
        let m = MERCHANTS[rng.below(MERCHANTS.len() as u64) as usize];
        let line = format!(
            "{},\"{} {}\",{}.{:02},USD,{}.{:02}\n",
            d.format("%Y-%m-%d"),
            m,
            rng.below(100_000),
            cents / 100,
            (cents % 100).abs(),
            balance / 100,
            (balance % 100).abs()
        );
        // Negative amounts between -1 and 0 need their sign kept.
        let line = if cents > -100 { line.replacen(",0.", ",-0.", 1) } else { line };
        out.extend_from_slice(line.as_bytes());
        i += 1;
    }
    out
}

/// The measured import: bytes → typed transactions in the columnar table
/// (date, descriptor, signed amount, currency, balance per line; the rest of
/// a `Transaction` is built on demand). Returns the table.
pub fn import_table_of(bytes: &[u8]) -> TransactionTable {
    import_table("bench.csv", bytes, &CsvOptions::default())
}

/// [`import_table_of`], counted.
pub fn import_csv(bytes: &[u8]) -> usize {
    import_table_of(bytes).len()
}

/// The ordinary reader, every line a whole `Transaction` (owned strings,
/// kind, references, id): reported beside the table, natively only (its
/// memory would spoil the wasm peak, which never shrinks).
pub fn import_csv_full(bytes: &[u8]) -> usize {
    slipcheck_core::statement::read(Format::Csv, "bench.csv", bytes).transactions.len()
}

pub use crate::floor::csv_core_pass;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_csv_has_the_requested_size_and_reads_with_csv_core() {
        let b = generate_csv(100_000);
        assert!(b.len() >= 100_000 && b.len() < 100_300);
        let lines = b.iter().filter(|&&c| c == b'\n').count();
        assert_eq!(csv_core_pass(&b), lines);
    }

    #[test]
    fn the_table_holds_the_typed_rows_the_full_reader_gives() {
        let b = generate_csv(400_000); // past the reader's sample
        let t = import_table_of(&b);
        let full = slipcheck_core::statement::read(Format::Csv, "bench.csv", &b);
        assert!(t.diagnostics.is_empty() && full.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.len(), csv_core_pass(&b) - 1);
        assert_eq!(t.len(), full.transactions.len());
        for i in (0..t.len()).step_by(97) {
            let f = &full.transactions[i];
            assert_eq!((t.date(i), t.amount(i), t.currency(i), t.description(i)), (f.date, f.amount, f.currency, f.description.as_str()));
        }
        assert_eq!(t.transactions(), full.transactions);
    }
}
