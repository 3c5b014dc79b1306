//! Streaming a delimited text through the table inference: the first
//! [`SAMPLE_ROWS`] rows decide (header, roles, date order, number style,
//! sign), the rest are typed straight from the CSV reader's record buffer
//! without being kept as text, and their evidence is tallied. If the whole
//! file's evidence would have decided differently from the sample (a day
//! above 12 in row 50,000 of a file the sample read as month-first), the
//! file is read again with every row in the sample, so the result is always
//! what reading the whole table at once gives.
//!
//! The rows after the sample are read by csv-core straight from the text
//! (no record copied into an owned buffer first), and when the sink is the
//! columnar table, typed by the compiled parsers of [`super::fast`]; a row
//! they do not take goes through the general path as before.

use super::columnar::Columnar;
use super::fast::Compiled;
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
    /// The columnar table, which the compiled parsers fill directly.
    fn columnar(&mut self) -> Option<&mut Columnar> {
        None
    }
}

/// Reads `text` into a sink of type `S`. `None` for the sink when the table
/// was refused (`out` says why).
pub(crate) fn read<S: Sink + Ledger + Reserve + Default>(
    file: &str,
    text: &str,
    delim: u8,
    opts: &CsvOptions,
) -> (StatementRead, Option<(Plan, S)>) {
    match read_once(file, text, delim, opts, SAMPLE_ROWS, true) {
        Some(done) => done,
        // The sample's decisions did not hold for the whole file.
        None => read_once(file, text, delim, opts, usize::MAX, true).expect("a sample of every row confirms itself"),
    }
}

/// One reading with the first `sample_rows` rows deciding; `None` when the
/// rest of the file contradicts them. `fast`: let the compiled parsers type
/// the rows they can (off only to compare with the general path in tests).
fn read_once<S: Sink + Ledger + Reserve + Default>(
    file: &str,
    text: &str,
    delim: u8,
    opts: &CsvOptions,
    sample_rows: usize,
    fast: bool,
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
    let mut n = plan.take_rows(&sample, &mut sink, &mut st);
    if !complete {
        let per_row = sample_bytes / sample.len().max(1);
        sink.reserve((text.len().saturating_sub(sample_bytes)) / per_row.max(1) + 16, per_row);
        drop(sample);
        let mut more = plan.new_evidence();
        let rest = &text.as_bytes()[sample_bytes..];
        if rest.starts_with(b"\xEF\xBB\xBF") {
            // A fresh csv-core reader would drop a byte-order mark here; the
            // csv crate's (mid-file) does not. Keep reading with it.
            while let Some(line) = next(&mut rdr, &mut rec) {
                let Some(view) = view(&rec, &mut ranges) else { continue };
                if !view.ranges.iter().any(|(a, b)| b > a) || !plan.ctx.is_data(&view, plan.header.as_ref()) {
                    continue;
                }
                n += 1;
                more.add(&view);
                plan.ctx.take(&view, line, &mut sink, &mut st);
            }
        } else {
            let mut compiled = None;
            if fast {
                if let Some(cols) = sink.columnar() {
                    cols.ready_for(&plan.ctx);
                    compiled = Compiled::new(&plan, cols);
                }
            }
            let mut core = ::csv_core::ReaderBuilder::new().delimiter(delim).build();
            core.set_line(rdr.position().line());
            for_each_record(&mut core, rest, |rec, ends, line| {
                if let (Some(c), Some(cols)) = (compiled.as_mut(), sink.columnar()) {
                    if c.try_row(rec, ends, line, cols, &mut st) {
                        n += 1;
                        return;
                    }
                }
                let Some(view) = view_of(rec, ends, &mut ranges) else { return };
                if !view.ranges.iter().any(|(a, b)| b > a) || !plan.ctx.is_data(&view, plan.header.as_ref()) {
                    return;
                }
                n += 1;
                more.add(&view);
                plan.ctx.take(&view, line, &mut sink, &mut st);
            });
            if let Some(c) = &compiled {
                c.add_evidence(&mut more);
            }
        }
        if !plan.confirmed_by(&more) {
            return None;
        }
    }
    plan.ctx.finish(st, &sink, n, &mut out);
    Some((out, Some((plan, sink))))
}

/// Calls `f` with every record of `input` (its fields one after another,
/// where each ends, its 1-based line as the csv crate numbers it: the
/// reader's line count when the record starts).
fn for_each_record(core: &mut ::csv_core::Reader, mut input: &[u8], mut f: impl FnMut(&[u8], &[usize], u32)) {
    use ::csv_core::ReadRecordResult as R;
    let mut out = vec![0u8; 1 << 16];
    let mut ends = vec![0usize; 64];
    let (mut outlen, mut endlen) = (0, 0);
    let mut line = core.line();
    loop {
        let (res, nin, nout, nend) = core.read_record(input, &mut out[outlen..], &mut ends[endlen..]);
        input = &input[nin..];
        outlen += nout;
        endlen += nend;
        match res {
            // An empty input next time tells the reader the text has ended.
            R::InputEmpty => {}
            R::OutputFull => out.resize(out.len() * 2, 0),
            R::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            R::Record => {
                f(&out[..outlen], &ends[..endlen], line as u32);
                line = core.line();
                outlen = 0;
                endlen = 0;
            }
            R::End => break,
        }
    }
}

/// [`view`] of a record from csv-core.
fn view_of<'a>(rec: &'a [u8], ends: &[usize], ranges: &'a mut Vec<(u32, u32)>) -> Option<View<'a>> {
    let buf = std::str::from_utf8(rec).ok()?;
    ranges.clear();
    let mut start = 0;
    for &end in ends {
        let s = buf.get(start..end).unwrap_or("");
        let c = clean_cell(s);
        let at = if s.is_empty() { start } else { start + (c.as_ptr() as usize - s.as_ptr() as usize) };
        ranges.push((at as u32, (at + c.len()) as u32));
        start = end;
    }
    Some(View { buf, ranges })
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
        let sampled = finish(read_once(file(), text, b',', &opts, SAMPLE_ROWS, true).expect("confirmed"));
        let whole = finish(read_once(file(), text, b',', &opts, usize::MAX, true).expect("whole"));
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
        assert!(read_once::<TxSink>(file(), &text, b',', &opts, SAMPLE_ROWS, true).is_none(), "the sample's order must be refuted");
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

/// The compiled parsers against the general path: for generated exports with
/// the quirks big files have, typing the rows after the sample with
/// [`super::fast`] gives exactly the table, transactions, diagnostics,
/// layout and account the general path gives.
#[cfg(test)]
mod differential {
    use super::*;
    use crate::statement::csv::TransactionTable;
    use proptest::prelude::*;

    fn table(text: &str, delim: u8, sample: usize, fast: bool, opts: &CsvOptions) -> TransactionTable {
        let (out, done) = read_once::<Columnar>("d.csv", text, delim, opts, sample, fast)
            .unwrap_or_else(|| read_once("d.csv", text, delim, opts, usize::MAX, fast).expect("whole"));
        TransactionTable::new(out, done)
    }

    /// One generated line: (shape, a, b, cents, quirk).
    type Line = (u8, u32, u32, i64, u8);

    fn date(shape: u8, a: u32, b: u32) -> String {
        let (d, m) = (a % 28 + 1, b % 12 + 1);
        match shape % 8 {
            0..=3 => format!("2025-{m:02}-{d:02}"),
            4 => format!("{d:02}/{m:02}/2025"),
            5 => format!("{m:02}/{d:02}/2025"),
            6 => format!("{d:02}.{m:02}.2025"),
            _ => format!("2025/{m:02}/{d:02}"),
        }
    }

    fn money(c: i64, style: u8) -> String {
        let s = format!("{}.{:02}", c.abs() / 100, c.abs() % 100);
        let neg = c < 0;
        match style % 10 {
            0..=4 => format!("{}{s}", if neg { "-" } else { "" }),
            5 => format!("\"{}{}\"", if neg { "-" } else { "" }, crate::statement::amount::format_amount(rust_decimal::Decimal::new(c.abs(), 2), crate::statement::amount::NumberStyle::DotDecimal, true)),
            6 => if neg { format!("({s})") } else { format!("{s} CR") },
            7 => if neg { "-0.00".to_string() } else { format!("{}.{:03}", c.abs() / 1000, c.abs() % 1000) },
            8 => String::new(),
            _ => format!("{}{}", if neg { "-" } else { "" }, c.abs() / 100),
        }
    }

    fn render(header: u8, lines: &[Line], crlf: bool, fixed_shape: u8, mixed: bool) -> (String, u8) {
        let delim = if header % 5 == 4 { b';' } else { b',' };
        let d = delim as char;
        let nl = if crlf { "\r\n" } else { "\n" };
        let debit_credit = header % 3 == 1;
        let with_posted = header % 4 == 2;
        let with_memo = header % 2 == 1;
        let mut cols = vec!["Date"];
        if with_posted {
            cols.push("Post Date");
        }
        cols.push("Description");
        if debit_credit {
            cols.extend(["Debit", "Credit"]);
        } else {
            cols.push("Amount");
        }
        cols.extend(["Currency", "Balance"]);
        if with_memo {
            cols.push("Memo");
        }
        let head = cols.join(&d.to_string());
        let mut s = String::new();
        if header % 7 == 3 {
            s.push_str("Account statement\nAccount: ****1234\n\n");
        }
        s.push_str(&head);
        s.push_str(nl);
        let mut bal: i64 = 1_000_00;
        for (i, &(shape, a, b, cents, quirk)) in lines.iter().enumerate() {
            let shape = if mixed { shape } else { fixed_shape };
            match quirk % 40 {
                0 => {
                    s.push_str(nl); // blank line
                    continue;
                }
                1 => {
                    s.push_str(&head); // header repeated
                    s.push_str(nl);
                    continue;
                }
                2 => {
                    s.push_str(&format!("Total{d}{d}{}{nl}", money(cents, 0)));
                    continue;
                }
                3 => {
                    s.push_str(&format!("{}{d}Opening Balance{d}{d}{d}{}{nl}", date(shape, a, b), money(bal, 0)));
                    continue;
                }
                _ => {}
            }
            let style = if quirk % 40 < 12 { quirk / 4 } else { 0 };
            bal += cents;
            let mut row: Vec<String> = vec![if quirk % 40 == 4 { " ".to_string() + &date(shape, a, b) } else { date(shape, a, b) }];
            if with_posted {
                row.push(if quirk % 3 == 0 { String::new() } else { date(shape, a + 1, b) });
            }
            row.push(match quirk % 40 {
                5 => "\"SHOP, \"\"QUOTED\"\" 12\"".to_string(),
                6 => "-".to_string(),
                7 => "  PADDED\t".to_string(),
                8 => "支付宝-美团 7".to_string(),
                _ => format!("SHOP {}", i % 17),
            });
            if debit_credit {
                let m = money(cents.abs(), style);
                if cents < 0 {
                    row.extend([m, String::new()]);
                } else {
                    row.extend([String::new(), m]);
                }
            } else {
                row.push(money(cents, style));
            }
            row.push(match quirk % 40 {
                9 => String::new(),
                10 => "EUR".to_string(),
                11 => "€".to_string(),
                _ => "USD".to_string(),
            });
            row.push(if quirk % 40 == 12 { String::new() } else if quirk % 40 == 13 { money(bal + 1, 0) } else { money(bal, 0) });
            if with_memo {
                row.push(if quirk % 2 == 0 { format!("ref {i}") } else { String::new() });
            }
            if delim == b';' {
                for c in row.iter_mut() {
                    if c.contains(';') {
                        *c = format!("\"{c}\"");
                    }
                }
            }
            s.push_str(&row.join(&d.to_string()));
            s.push_str(nl);
        }
        if header % 6 == 5 {
            s.push_str(&format!("Closing balance{d}{}{nl}", money(bal, 0)));
        }
        (s, delim)
    }

    fn line() -> impl Strategy<Value = Line> {
        (0u8..8, 0u32..40, 0u32..40, -20_000i64..20_000, prop_oneof![8 => 14u8..40, 2 => 0u8..14])
    }

    proptest! {
        // 160 cases per `cargo test`; PROPTEST_CASES asks for more.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(160),
            ..ProptestConfig::default()
        })]
        #[test]
        fn compiled_parsers_give_what_the_general_path_gives(
            header in 0u8..42,
            lines in prop::collection::vec(line(), 1..120),
            sample in 1usize..40,
            crlf in any::<bool>(),
            fixed_shape in 0u8..8,
            mixed in prop::bool::weighted(0.2),
        ) {
            let (text, delim) = render(header, &lines, crlf, fixed_shape, mixed);
            let opts = CsvOptions::default();
            let fast = table(&text, delim, sample, true, &opts);
            let general = table(&text, delim, sample, false, &opts);
            prop_assert_eq!(fast.len(), general.len(), "{}", text);
            for i in 0..fast.len() {
                prop_assert_eq!(fast.line(i), general.line(i));
                prop_assert_eq!(fast.amount(i).to_string(), general.amount(i).to_string(), "line {} of\n{}", fast.line(i), text);
                prop_assert_eq!(fast.balance(i).map(|b| b.to_string()), general.balance(i).map(|b| b.to_string()));
            }
            prop_assert_eq!(&fast.diagnostics, &general.diagnostics, "{}", text);
            prop_assert_eq!(&fast.layout, &general.layout);
            prop_assert_eq!(&fast.accounts, &general.accounts);
            prop_assert_eq!(fast.transactions(), general.transactions());
            // Whole transactions through the same sample (the balance check
            // in `Decimal`, not in the table's integers).
            let (tx_out, tx_done) = read_once::<crate::statement::csv::table::TxSink>("d.csv", &text, delim, &opts, sample, false)
                .unwrap_or_else(|| read_once("d.csv", &text, delim, &opts, usize::MAX, false).expect("whole"));
            prop_assert_eq!(&fast.diagnostics, &tx_out.diagnostics, "{}", text);
            prop_assert_eq!(&fast.accounts, &tx_out.accounts);
            prop_assert_eq!(fast.transactions(), tx_done.map(|(_, s)| s.into_transactions()).unwrap_or_default());
            // And the ordinary reader (whole transactions, general path).
            let read = crate::statement::csv::read_text("d.csv", &text);
            if sample > lines.len() + 8 {
                prop_assert_eq!(fast.transactions(), read.transactions);
            }
        }
    }

    /// The comparison above means something only if the compiled parsers
    /// typed rows: a clean export after its sample is typed by them whole.
    #[test]
    fn a_clean_export_is_typed_by_the_compiled_parsers() {
        let lines: Vec<Line> = (0..300).map(|i| (0, i, i * 7, (i as i64 * 7919) % 40_000 - 20_000, 20)).collect();
        for header in [0u8, 1, 2, 4] {
            let (text, delim) = render(header, &lines, header == 2, 0, false);
            let opts = CsvOptions::default();
            let before = crate::statement::csv::fast::TYPED_HERE.with(|n| n.get());
            let fast = table(&text, delim, 20, true, &opts);
            let typed = crate::statement::csv::fast::TYPED_HERE.with(|n| n.get()) - before;
            assert_eq!(fast.len(), 300, "header {header}");
            assert_eq!(typed, 281, "header {header}: every row after the sample (the 20 rows sampled include the header)");
            assert_eq!(fast.transactions(), table(&text, delim, 20, false, &opts).transactions());
            assert_eq!(fast.transactions(), crate::statement::csv::read_text("d.csv", &text).transactions);
        }
    }
}
