//! Streaming a delimited text through the table inference: the first
//! [`SAMPLE_ROWS`] rows decide (header, roles, date order, number style,
//! sign), the rest are typed straight from the CSV reader's record buffer
//! without being kept as text, and their evidence is tallied. If the whole
//! file's evidence would have decided differently from the sample (a day
//! above 12 in row 50,000 of a file the sample read as month-first), the
//! file is read again with every row in the sample, so the result is always
//! what reading the whole table at once gives.

use super::table::{Cells, Ledger, Plan, Pos, Row, Sink, Tally, View};
use super::{clean_cell, CsvOptions};
use crate::statement::StatementRead;

/// Rows that decide the plan. Large enough that every header search (first
/// 100 rows) and every repayment a card export shows in a month are in it.
pub(crate) const SAMPLE_ROWS: usize = 2000;

/// A sink that can make room for the rows still to come.
pub(crate) trait Reserve {
    /// `rows` more rows are expected, of about `bytes_per_row` of text each.
    fn reserve(&mut self, rows: usize, bytes_per_row: usize);
}

/// Reads `text` into a sink of type `S`. `None` for the sink when the table
/// was refused (`out` says why).
pub(crate) fn read<S: Sink + Ledger + Reserve + Default>(
    file: &str,
    text: &str,
    delim: u8,
    opts: &CsvOptions,
) -> (StatementRead, Option<(Plan, S)>) {
    match read_once(file, text, delim, opts, SAMPLE_ROWS) {
        Some(done) => done,
        // The sample's decisions did not hold for the whole file.
        None => read_once(file, text, delim, opts, usize::MAX).expect("a sample of every row confirms itself"),
    }
}

fn read_once<S: Sink + Ledger + Reserve + Default>(
    file: &str,
    text: &str,
    delim: u8,
    opts: &CsvOptions,
    sample_rows: usize,
) -> Option<(StatementRead, Option<(Plan, S)>)> {
    let mut out = StatementRead::default();
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = ::csv::ByteRecord::new();
    let mut ranges: Vec<(u32, u32)> = Vec::new();

    let mut sample: Vec<Row> = Vec::new();
    let mut complete = true;
    loop {
        if sample.len() >= sample_rows {
            complete = false;
            break;
        }
        let Some(line) = next(&mut rdr, &mut rec) else { break };
        let Some(view) = view(&rec, &mut ranges) else { continue };
        if view.ranges.iter().any(|(a, b)| b > a) {
            sample.push(Row::new(line, (0..view.width()).map(|i| view.raw(i).unwrap_or(""))));
        }
    }
    let sample_bytes = rdr.position().byte() as usize;
    let Some(plan) = Plan::infer(file, &sample, Pos::Line, opts, &mut out) else { return Some((out, None)) };
    let mut sink = S::default();
    let mut st = Tally::default();
    let mut n = 0;
    for r in &sample[plan.data_start..] {
        if plan.ctx.is_data(r, plan.header.as_ref()) {
            n += 1;
            plan.ctx.take(r, r.line, &mut sink, &mut st);
        }
    }
    if !complete {
        let per_row = sample_bytes / sample.len().max(1);
        sink.reserve((text.len().saturating_sub(sample_bytes)) / per_row.max(1) + 16, per_row);
        drop(sample);
        let mut more = plan.new_evidence();
        while let Some(line) = next(&mut rdr, &mut rec) {
            let Some(view) = view(&rec, &mut ranges) else { continue };
            if !view.ranges.iter().any(|(a, b)| b > a) || !plan.ctx.is_data(&view, plan.header.as_ref()) {
                continue;
            }
            n += 1;
            more.add(&view);
            plan.ctx.take(&view, line, &mut sink, &mut st);
        }
        if !plan.confirmed_by(&more) {
            return None;
        }
    }
    plan.ctx.finish(st, &sink, n, &mut out);
    Some((out, Some((plan, sink))))
}

/// Reads the next record; its 1-based line.
fn next<R: std::io::Read>(rdr: &mut ::csv::Reader<R>, rec: &mut ::csv::ByteRecord) -> Option<u32> {
    match rdr.read_byte_record(rec) {
        Ok(true) => Some(rec.position().map(|p| p.line()).unwrap_or(0) as u32),
        // Text is valid UTF-8 by construction, so errors are not expected;
        // stop rather than loop on a reader that cannot advance.
        Ok(false) | Err(_) => None,
    }
}

/// The record's cleaned cells, borrowed from its buffer (`ranges` is reused
/// from record to record: no allocation per row).
fn view<'a>(rec: &'a ::csv::ByteRecord, ranges: &'a mut Vec<(u32, u32)>) -> Option<View<'a>> {
    let buf = std::str::from_utf8(rec.as_slice()).ok()?;
    ranges.clear();
    for i in 0..rec.len() {
        let r = rec.range(i).unwrap_or(0..0);
        // Cells split at ASCII delimiters of valid UTF-8 are valid UTF-8.
        let s = buf.get(r.clone()).unwrap_or("");
        let c = clean_cell(s);
        let start = r.start + (c.as_ptr() as usize - s.as_ptr() as usize);
        ranges.push((start as u32, (start + c.len()) as u32));
    }
    Some(View { buf, ranges })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::csv::table::TxSink;

    fn both(text: &str) -> (StatementRead, StatementRead) {
        let finish = |(mut out, done): (StatementRead, Option<(Plan, TxSink)>)| {
            if let Some((plan, sink)) = done {
                out.transactions = sink.into_transactions();
                out.layout = Some(plan.layout());
            }
            out
        };
        let opts = CsvOptions::default();
        let sampled = finish(read_once(file(), text, b',', &opts, SAMPLE_ROWS).expect("confirmed"));
        let whole = finish(read_once(file(), text, b',', &opts, usize::MAX).expect("whole"));
        (sampled, whole)
    }

    fn file() -> &'static str {
        "big.csv"
    }

    /// `n` rows of a day-first export whose first `clear_after` rows have no
    /// day above 12.
    fn big(n: usize, clear_after: usize) -> String {
        let mut s = String::from("Date,Description,Amount,Balance\n");
        let mut bal = 100_000_000i64;
        for i in 0..n {
            let day = if i < clear_after { i % 12 + 1 } else { i % 28 + 1 };
            let cents = -((i as i64 * 37) % 5000) - 1;
            bal += cents;
            s.push_str(&format!(
                "{day:02}/{:02}/2025,SHOP {},{}.{:02},{}.{:02}\n",
                i % 12 + 1,
                i % 7,
                if cents < 0 && cents > -100 { "-0".to_string() } else { (cents / 100).to_string() },
                cents.abs() % 100,
                bal / 100,
                bal % 100
            ));
        }
        s
    }

    #[test]
    fn a_sample_that_holds_gives_the_whole_reading() {
        let text = big(SAMPLE_ROWS * 3, 0);
        let (sampled, whole) = both(&text);
        assert_eq!(sampled.transactions.len(), SAMPLE_ROWS * 3);
        assert_eq!(sampled, whole);
        // The balance check ran over every row: no mismatch (the only
        // warning is the currency the file does not name).
        assert_eq!(sampled.diagnostics.len(), 1, "{:?}", sampled.diagnostics);
        assert!(sampled.diagnostics[0].message.contains("currency"));
    }

    #[test]
    fn a_value_after_the_sample_that_contradicts_it_is_re_read_whole() {
        // The sample sees only days ≤ 12 (undecided → month first for a
        // currency-less file); row 2,500 has day 13 → the file is day first.
        let text = big(SAMPLE_ROWS + 1000, SAMPLE_ROWS + 500);
        let opts = CsvOptions::default();
        assert!(read_once::<TxSink>(file(), &text, b',', &opts, SAMPLE_ROWS).is_none(), "the sample's order must be refuted");
        let r = crate::statement::csv::read(file(), text.as_bytes());
        assert_eq!(r.transactions.len(), SAMPLE_ROWS + 1000);
        // Row 2 of the file: "02/02/2025"; row 4: "04/04"; row 3: "03/03"…
        // every early row reads the same both ways, so check a late one:
        // the last row is day ((n-1) % 28 + 1) of month ((n-1) % 12 + 1).
        let n = SAMPLE_ROWS + 1000 - 1;
        let last = r.transactions.last().unwrap();
        assert_eq!(last.date.unwrap().to_string(), format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1));
        assert_eq!(r.layout.unwrap().date_order, Some(crate::statement::dates::DateOrder::Dmy));
        let (sampled, whole) = both(&big(SAMPLE_ROWS + 10, 0));
        assert_eq!(sampled, whole);
    }
}
