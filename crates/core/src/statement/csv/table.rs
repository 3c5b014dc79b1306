//! Rows of cells → transactions: the inference shared by the CSV and the
//! spreadsheet readers.
//!
//! 1. Find the header row among the first rows (the row naming the most
//!    known column roles, [`super::super::layouts`]); rows before it are the
//!    preamble (titles, account lines, the period a year-less date needs).
//! 2. Give each column a role from its header, then check and complete the
//!    roles against the values (a "交易时间" column holding only times is a
//!    time column; a table without headers gets roles from its values alone).
//! 3. Decide per column, from all its values, the date order and the number
//!    style; decide per file the sign convention (a card export whose
//!    repayments are negative has positive purchases, which we negate).
//! 4. Read every data row; a row that cannot be read is skipped with a
//!    warning naming its line; footers (合计, Total…) are ignored.

use super::options::{ColumnChoice, ColumnRole, CsvLayout, CsvOptions};
use crate::diag::{lit, Diagnostic, Reason};
use crate::money::Currency;
use crate::statement::amount::{self, infer_style, infer_style_opt, parse_amount, NumberStyle};
use crate::statement::dates::{self, infer_order_opt, parse_date_time, DateOrder};
use crate::statement::layouts::{find_layout, header_role, kind_of, names_refund, normalize_header, Layout, Role, SignRule};
use crate::statement::{
    Account, AccountKind, References, SourcePos, StatementRead, Transaction, TxKind, TxOutcome, TxStatus,
};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the maps here are keyed by short strings and column indexes from
/// the file itself, where SipHash's DoS resistance buys nothing and costs a
/// third of the import time.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Distinct texts whose kind is remembered; statements repeat their
/// descriptors, and a bound keeps a file of unique ones from growing it.
const KIND_CACHE_MAX: usize = 20_000;

/// Rows named one by one in warnings before the rest are only counted.
const MAX_ROW_WARNINGS: usize = 20;

/// One row of cells with its position in the file. The cells live in one
/// string (two allocations a row instead of one per cell: imports of 700k
/// rows spend their time in the allocator otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// 1-based line (CSV) or row number (spreadsheet).
    pub line: u32,
    text: String,
    ends: Vec<u32>,
}

impl Row {
    pub fn new<'a>(line: u32, cells: impl IntoIterator<Item = &'a str>) -> Row {
        let mut text = String::new();
        let mut ends = Vec::new();
        for c in cells {
            text.push_str(c);
            ends.push(text.len() as u32);
        }
        Row { line, text, ends }
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }
}

/// The cleaned cells of one row, wherever they live: a [`Row`] of the
/// sample, a record borrowed from the CSV reader's buffer, or a row of the
/// columnar table.
pub(crate) trait Cells {
    /// Cell `i`, or `None` past the row's end.
    fn raw(&self, i: usize) -> Option<&str>;
    fn width(&self) -> usize;
}

impl Cells for Row {
    fn raw(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
    fn width(&self) -> usize {
        self.len()
    }
}

impl<T: Cells + ?Sized> Cells for &T {
    fn raw(&self, i: usize) -> Option<&str> {
        (**self).raw(i)
    }
    fn width(&self) -> usize {
        (**self).width()
    }
}

/// A record borrowed from a buffer: `(start, end)` byte ranges of cleaned cells.
pub(crate) struct View<'a> {
    pub buf: &'a str,
    pub ranges: &'a [(u32, u32)],
}

impl Cells for View<'_> {
    fn raw(&self, i: usize) -> Option<&str> {
        let &(a, b) = self.ranges.get(i)?;
        self.buf.get(a as usize..b as usize)
    }
    fn width(&self) -> usize {
        self.ranges.len()
    }
}

/// How a row's position is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Line,
    /// Spreadsheet row number, reported as `SourcePos::offset`.
    SheetRow,
}

#[derive(Debug, Clone, Copy)]
struct Col {
    role: Role,
    idx: usize,
    currency: Option<Currency>,
}

/// Column roles of a table.
#[derive(Debug, Default)]
struct Columns {
    cols: Vec<Col>,
    headers: Vec<String>,
    /// Columns whose role the user forced (including "ignore"): the value
    /// checks leave them alone.
    forced: Vec<usize>,
}

impl Columns {
    fn get(&self, role: Role) -> Option<Col> {
        self.cols.iter().find(|c| c.role == role).copied()
    }
    /// The first column of every role, indexed by the role (`Role as usize`).
    fn first_by_role(&self) -> Vec<Option<Col>> {
        let mut v = vec![None; Role::Ignore as usize + 1];
        for c in self.cols.iter().rev() {
            if let Some(slot) = v.get_mut(c.role as usize) {
                *slot = Some(*c);
            }
        }
        v
    }
    fn all(&self, role: Role) -> impl Iterator<Item = &Col> {
        self.cols.iter().filter(move |c| c.role == role)
    }
    fn has(&self, role: Role) -> bool {
        self.get(role).is_some()
    }
    fn name(&self, c: Col) -> String {
        self.headers.get(c.idx).cloned().unwrap_or_else(|| format!("column {}", c.idx + 1))
    }
}

fn cell<R: Cells + ?Sized>(row: &R, idx: usize) -> &str {
    let v = row.raw(idx).unwrap_or("");
    if is_placeholder(v) {
        ""
    } else {
        v
    }
}

/// "/", "-", "------", "N/A": the exports' ways of saying "nothing here".
pub(crate) fn is_placeholder(v: &str) -> bool {
    // Dates, amounts, words: a letter or digit first that cannot start
    // "n/a" or "null" settles it at once.
    match v.as_bytes().first() {
        Some(&b) if b.is_ascii() => {
            if b.is_ascii_alphanumeric() && b != b'n' && b != b'N' {
                return false;
            }
        }
        // A descriptor in Chinese: its first character is a letter too.
        Some(_) => {
            if v.chars().next().is_some_and(char::is_alphanumeric) {
                return false;
            }
        }
        None => {}
    }
    let v = v.trim();
    v.is_empty()
        || v.chars().all(|c| c == '-' || c == '/' || c == '—' || c == '*')
        || v.eq_ignore_ascii_case("n/a")
        || v.eq_ignore_ascii_case("null")
}

fn position(file: &str, pos: Pos, line: u32) -> SourcePos {
    match pos {
        Pos::Line => SourcePos { file: file.to_string(), line: Some(line), offset: None },
        Pos::SheetRow => SourcePos { file: file.to_string(), line: None, offset: Some(line as u64) },
    }
}

/// Reads a table of rows into transactions, guessing everything.
#[allow(dead_code)]
pub(crate) fn read_rows(file: &str, rows: Vec<Row>, pos: Pos) -> StatementRead {
    read_rows_with(file, rows, pos, &CsvOptions::default())
}

/// Reads a table of rows into transactions; `opts` overrides the guesses.
pub(crate) fn read_rows_with(file: &str, rows: Vec<Row>, pos: Pos, opts: &CsvOptions) -> StatementRead {
    let mut out = StatementRead::default();
    let rows: Vec<Row> = rows.into_iter().filter(|r| r.iter().any(|c| !c.is_empty())).collect();
    let Some(plan) = Plan::infer(file, &rows, pos, opts, &mut out) else { return out };
    let mut sink = TxSink::default();
    let mut st = Tally::default();
    let n = plan.take_rows(&rows, &mut sink, &mut st);
    plan.ctx.finish(st, &sink, n, &mut out);
    out.transactions = sink.into_transactions();
    out.layout = Some(plan.layout());
    out
}

/// The decisions made from the first rows of a table (all of them, for a
/// table read whole): header, column roles, date orders, number styles,
/// sign convention, account facts.
pub(crate) struct Plan {
    pub ctx: Context,
    /// The header row, to drop repeats of it among the data.
    pub header: Option<Row>,
    /// Index of the first data row among the rows the plan was made from.
    pub data_start: usize,
    guess: CsvLayout,
    /// The evidence the rows gave, per date column and per amount column
    /// (not for forced ones), and over all amount columns.
    pub evidence: Evidence,
}

/// Running evidence for the decisions a sample made (see [`Plan::confirmed_by`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Evidence {
    dates: Vec<(usize, dates::OrderTally, bool)>,
    amounts: Vec<(usize, amount::StyleTally)>,
    all_amounts: amount::StyleTally,
    /// Per date column that may hold only times: (index, values, times).
    times: Vec<(usize, usize, usize)>,
}

impl Evidence {
    fn for_columns(ctx: &Context, opts: &CsvOptions) -> Evidence {
        let mut e = Evidence::default();
        if opts.date_order.is_none() {
            for c in ctx.columns.cols.iter().filter(|c| matches!(c.role, Role::Date | Role::Posted | Role::ValueDate)) {
                e.dates.push((c.idx, dates::OrderTally::default(), false));
            }
        }
        if opts.decimal_mark.is_none() {
            for c in ctx.columns.cols.iter().filter(|c| AMOUNT_ROLES.contains(&c.role)) {
                e.amounts.push((c.idx, amount::StyleTally::default()));
            }
        }
        e
    }

    /// Adds the votes of rows typed by the compiled parsers (`fast.rs`)
    /// for date column `idx`: `votes` as [`dates::OrderTally::add`] counts
    /// them, `dot` when a value held a '.', `filled` values in all (none of
    /// them a time of day).
    pub(crate) fn add_date_votes(&mut self, idx: usize, votes: dates::OrderTally, dot: bool, filled: usize) {
        if let Some(d) = self.dates.iter_mut().find(|d| d.0 == idx) {
            d.1 = d.1.merged(votes);
            d.2 |= dot;
        }
        if let Some(t) = self.times.iter_mut().find(|t| t.0 == idx) {
            t.1 += filled;
        }
    }

    /// Adds `dec` decimal and `amb` ambiguous votes of plain values written
    /// with `mark` for amount column `idx` ([`amount::StyleTally::add_plain_votes`]).
    pub(crate) fn add_amount_votes(&mut self, idx: usize, mark: u8, dec: usize, amb: usize) {
        if let Some(a) = self.amounts.iter_mut().find(|a| a.0 == idx) {
            a.1.add_plain_votes(mark, 1, dec);
            a.1.add_plain_votes(mark, 2, amb);
        }
    }

    /// Whether amount column `idx` tallies its values (its decimal mark was not forced).
    pub(crate) fn tallies_amounts(&self, idx: usize) -> bool {
        self.amounts.iter().any(|a| a.0 == idx)
    }

    /// Adds one data row's values.
    pub fn add<R: Cells + ?Sized>(&mut self, r: &R) {
        for (idx, t, dot) in self.dates.iter_mut() {
            let v = cell(r, *idx);
            t.add(v);
            *dot |= v.contains('.');
        }
        for (idx, t) in self.amounts.iter_mut() {
            t.add(cell(r, *idx));
        }
        for (idx, n, t) in self.times.iter_mut() {
            let v = cell(r, *idx);
            if !v.is_empty() {
                *n += 1;
                *t += time_only(v) as usize;
            }
        }
    }

    fn merged(&self, o: &Evidence) -> Evidence {
        Evidence {
            dates: self.dates.iter().zip(&o.dates).map(|(a, b)| (a.0, a.1.merged(b.1), a.2 || b.2)).collect(),
            amounts: self.amounts.iter().zip(&o.amounts).map(|(a, b)| (a.0, a.1.merged(b.1))).collect(),
            all_amounts: self.all_amounts.merged(o.all_amounts),
            times: vec![],
        }
    }

    /// The decisions this evidence makes (what [`Context::new`] decides
    /// from the same values).
    fn decisions(&self) -> (Vec<Option<DateOrder>>, bool, Vec<(NumberStyle, bool)>, NumberStyle) {
        (
            self.dates.iter().map(|d| d.1.decide()).collect(),
            self.dates.iter().any(|d| d.2),
            self.amounts.iter().map(|a| a.1.decide()).collect(),
            // The file's style is decided over all amount columns together.
            self.amounts.iter().fold(amount::StyleTally::default(), |t, a| t.merged(a.1)).decide().0,
        )
    }
}

impl Plan {
    /// Types the data rows of `rows` (the table the plan was inferred from)
    /// into `sink`; returns how many there were.
    pub(crate) fn take_rows<S: Sink>(&self, rows: &[Row], sink: &mut S, st: &mut Tally) -> usize {
        let mut n = 0;
        for r in &rows[self.data_start..] {
            if self.ctx.is_data(r, self.header.as_ref()) {
                n += 1;
                self.ctx.take(r, r.line, sink, st);
            }
        }
        n
    }

    /// Makes the plan from `rows` (empty rows already dropped). `None` when
    /// the table cannot be read as a statement; `out` then says why.
    pub(crate) fn infer(file: &str, rows: &[Row], pos: Pos, opts: &CsvOptions, out: &mut StatementRead) -> Option<Plan> {
        if rows.is_empty() {
            out.diagnostics.push(Diagnostic::err(file, None, "csv.no_rows", &[]));
            return None;
        }
        let header_at = match opts.header_line {
            None => find_header(rows),
            Some(0) => None,
            Some(n) => match rows.iter().position(|r| r.line == n) {
                Some(i) => Some(i),
                None => {
                    out.diagnostics.push(
                        Diagnostic::warn(file, None, "csv.bad_header_choice", &[("row", lit(n))]),
                    );
                    find_header(rows)
                }
            },
        };
        let header_norm: Vec<String> = header_at.map(|h| rows[h].iter().map(normalize_header).collect()).unwrap_or_default();
        let layout = header_at.and_then(|_| find_layout(&header_norm));
        let (mut columns, data_start) = match header_at {
            Some(h) => (columns_from_header(&rows[h], layout.map(|l| l.overrides.as_slice()).unwrap_or(&[])), h + 1),
            None => (Columns::default(), 0),
        };
        apply_forced(&mut columns, &opts.columns);
        let preamble: Vec<&Row> = rows[..header_at.unwrap_or(0)].iter().collect();

        // Data rows: same header again (some exports repeat it) and footers out.
        let header_row = header_at.map(|h| &rows[h]);
        let data: Vec<&Row> = rows[data_start..]
            .iter()
            .filter(|r| header_row.is_none_or(|h| r.text != h.text || r.ends != h.ends))
            .filter(|r| !is_footer(*r))
            .collect();

        complete_roles(&mut columns, &data);
        let width = rows[data_start.min(rows.len() - 1)..].iter().map(|r| r.len()).max().unwrap_or(0);
        let guess = CsvLayout {
            header_line: header_at.map(|h| rows[h].line),
            headers: columns.headers.clone(),
            roles: (0..width.max(columns.headers.len()))
                .map(|i| columns.cols.iter().find(|c| c.idx == i).map(|c| ColumnRole::from_role(c.role)).unwrap_or(ColumnRole::Ignore))
                .collect(),
            known_layout: layout.map(|l| l.id.clone()),
            forced: !opts.is_empty(),
            ..Default::default()
        };
        if !(columns.has(Role::Amount) || columns.has(Role::Debit) || columns.has(Role::Credit))
            || !(columns.has(Role::Date) || columns.has(Role::Posted) || columns.has(Role::ValueDate))
        {
            out.diagnostics.push(refusal(file, rows, &columns, header_at.is_some()));
            out.layout = Some(guess);
            return None;
        }
        if let Some(m) = opts.decimal_mark.filter(|m| !matches!(m, '.' | ',')) {
            out.diagnostics.push(
                Diagnostic::warn(file, None, "csv.bad_decimal_mark", &[("value", lit(format!("{m:?}")))]),
            );
        }
        let time_checked: Vec<usize> =
            columns.cols.iter().filter(|c| matches!(c.role, Role::Date | Role::Posted) && !columns.forced.contains(&c.idx)).map(|c| c.idx).collect();
        let ctx = Context::new(file, columns, &data, &preamble, layout, pos, opts);
        let mut evidence = Evidence::for_columns(&ctx, opts);
        for r in &data {
            evidence.add(*r);
        }
        evidence.times = time_checked
            .iter()
            .map(|&i| {
                let vals = data.iter().map(|r| cell(*r, i)).filter(|v| !v.is_empty());
                let (n, t) = vals.fold((0, 0), |(n, t), v| (n + 1, t + time_only(v) as usize));
                (i, n, t)
            })
            .collect();
        Some(Plan { ctx, header: header_row.cloned(), data_start, guess, evidence })
    }

    /// True when the evidence of the rows read after the sample leads to the
    /// decisions the sample made: then reading the whole table at once would
    /// have given the same result. `more` is the evidence of those rows.
    pub(crate) fn confirmed_by(&self, more: &Evidence) -> bool {
        let all = self.evidence.merged(more);
        if all.decisions() != self.evidence.decisions() {
            return false;
        }
        // A date column judged to hold dates must not turn out to hold
        // only times of day (the check is a share, so recount it).
        self.evidence.times.iter().zip(&more.times).all(|(a, b)| {
            let before = a.1 > 0 && a.2 as f64 / a.1 as f64 > 0.9;
            let (n, t) = (a.1 + b.1, a.2 + b.2);
            let after = n > 0 && t as f64 / n as f64 > 0.9;
            before == after
        })
    }

    /// Fresh evidence counters for the rows after the sample.
    pub(crate) fn new_evidence(&self) -> Evidence {
        let mut e = self.evidence.clone();
        for d in e.dates.iter_mut() {
            d.1 = Default::default();
            d.2 = false;
        }
        for a in e.amounts.iter_mut() {
            a.1 = Default::default();
        }
        e.all_amounts = Default::default();
        for t in e.times.iter_mut() {
            t.1 = 0;
            t.2 = 0;
        }
        e
    }

    /// What was guessed (and forced), with what reading the rows settled.
    pub(crate) fn layout(&self) -> CsvLayout {
        let ctx = &self.ctx;
        let mut guess = self.guess.clone();
        let first_date = [Role::Date, Role::Posted, Role::ValueDate].iter().find_map(|&r| ctx.columns.get(r));
        guess.date_order = first_date.and_then(|c| ctx.orders.get(&c.idx).copied());
        let first_amount = [Role::Amount, Role::Debit, Role::Credit].iter().find_map(|&r| ctx.columns.get(r));
        guess.decimal_mark = first_amount.and_then(|c| ctx.styles.get(&c.idx)).map(|s| s.decimal_mark());
        guess.year = ctx.year_used.get();
        guess
    }
}

const AMOUNT_ROLES: [Role; 7] = [Role::Amount, Role::Debit, Role::Credit, Role::Balance, Role::OrigAmount, Role::Fee, Role::Tip];

/// Puts the user's column choices over the guessed roles. A role that can
/// be held once is taken from the column that had it by guess; a single
/// amount and a debit/credit pair exclude each other.
fn apply_forced(columns: &mut Columns, choices: &[ColumnChoice]) {
    for ch in choices {
        let role = ch.role.to_role();
        columns.cols.retain(|c| c.idx != ch.index);
        if !columns.forced.contains(&ch.index) {
            columns.forced.push(ch.index);
        }
        if role == Role::Ignore {
            continue;
        }
        let forced = columns.forced.clone();
        let clashes = |r: Role| match role {
            Role::Memo | Role::Reference => false,
            Role::Amount => matches!(r, Role::Amount | Role::Debit | Role::Credit),
            Role::Debit | Role::Credit => r == role || r == Role::Amount,
            _ => r == role,
        };
        columns.cols.retain(|c| forced.contains(&c.idx) || !clashes(c.role));
        let currency = columns.headers.get(ch.index).and_then(|h| header_role(h)).and_then(|(_, c)| c);
        columns.cols.push(Col { role, idx: ch.index, currency });
    }
}

/// Why a file with no usable table was refused, in words.
fn refusal(file: &str, rows: &[Row], columns: &Columns, had_header: bool) -> Diagnostic {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let code = if width <= 1 {
        "csv.not_table"
    } else if !had_header {
        "csv.no_header"
    } else if !(columns.has(Role::Amount) || columns.has(Role::Debit) || columns.has(Role::Credit)) {
        "csv.no_amount_column"
    } else {
        "csv.no_date_column"
    };
    Diagnostic::err(file, None, code, &[("width", lit(width))])
}

/// How a footer's first filled cell starts.
const FOOTER_STARTS: [&str; 11] =
    ["合计", "总计", "汇总", "小计", "共", "total", "summary", "subtotal", "opening balance", "closing balance", "end of"];

/// A balance row after its date ("01/06/2026,Opening Balance,,,0.00,1422.18"
/// in Starling exports) states a balance, not a movement: one of the first
/// four cells says so.
const BALANCE_ROWS: [&str; 10] = [
    "opening balance", "closing balance", "balance brought forward", "balance carried forward", "期初余额", "期末余额",
    "anfangssaldo", "endsaldo", "beginsaldo", "eindsaldo",
];

/// The first filled cell of a row starts as a footer's does.
pub(crate) fn starts_footer(first: &str) -> bool {
    FOOTER_STARTS.iter().any(|k| first.get(..k.len()).is_some_and(|p| p.eq_ignore_ascii_case(k)))
}

/// One of a row's first four cells names a balance row.
pub(crate) fn names_balance_row(c: &str) -> bool {
    let t = c.trim();
    // The words are 8 to 23 bytes long: most cells are ruled out by length.
    (8..=23).contains(&t.len()) && BALANCE_ROWS.iter().any(|k| t.eq_ignore_ascii_case(k))
}

fn is_footer<R: Cells + ?Sized>(r: &R) -> bool {
    let mut non_empty = (0..r.width()).map(|i| r.raw(i).unwrap_or("")).filter(|c| !is_placeholder(c));
    let Some(first) = non_empty.next() else { return true };
    if non_empty.next().is_none() {
        return true;
    }
    if starts_footer(first) {
        return true;
    }
    (0..r.width().min(4)).filter_map(|i| r.raw(i)).any(names_balance_row)
}

/// The header row: the row among the first 100 naming the most column roles,
/// with at least one date or amount role among them.
fn find_header(rows: &[Row]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, r) in rows.iter().take(100).enumerate() {
        let mut roles = Vec::new();
        let mut key = false;
        for c in r.iter() {
            if let Some((role, _)) = header_role(c) {
                if role != Role::Ignore && !roles.contains(&role) {
                    roles.push(role);
                }
                key |= matches!(
                    role,
                    Role::Date | Role::Posted | Role::ValueDate | Role::Amount | Role::AmountTx | Role::Debit | Role::Credit
                );
            }
        }
        let score = roles.len();
        if key && score >= 2 && best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

fn columns_from_header(row: &Row, overrides: &[(String, Role)]) -> Columns {
    let mut cols: Vec<Col> = Vec::new();
    for (idx, h) in row.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let n = normalize_header(h);
        let Some((role, currency)) = overrides
            .iter()
            .find(|(oh, _)| *oh == n)
            .map(|(_, r)| (*r, None))
            .or_else(|| header_role(h))
        else {
            continue;
        };
        if role == Role::Ignore {
            continue;
        }
        let taken = cols.iter().any(|c| c.role == role);
        let role = match (role, taken) {
            (r, false) => r,
            (Role::Date, true) if !cols.iter().any(|c| c.role == Role::Posted) => Role::Posted,
            (Role::Description, true) | (Role::Counterparty, true) => Role::Memo,
            // ICBC gives 交易金额(收入/支出) then 记账金额(收入/支出): the later,
            // billing-currency pair is the account's.
            (Role::Debit, true) | (Role::Credit, true) => {
                cols.retain(|c| c.role != role);
                role
            }
            (Role::Memo, true) => Role::Memo,
            (Role::Reference, true) | (Role::OrderId, true) => Role::Reference,
            _ => continue,
        };
        cols.push(Col { role, idx, currency });
    }
    // An amount in the transaction currency is the original amount when the
    // file also gives the account's amount; its currency goes with it.
    let has_amount = cols.iter().any(|c| c.role == Role::Amount);
    let has_currency = cols.iter().any(|c| c.role == Role::Currency);
    let has_orig_amount = cols.iter().any(|c| c.role == Role::OrigAmount);
    for c in cols.iter_mut() {
        match c.role {
            Role::AmountTx if has_amount => c.role = if has_orig_amount { Role::Ignore } else { Role::OrigAmount },
            Role::AmountTx => c.role = Role::Amount,
            Role::CurrencyTx if has_amount || has_currency => c.role = Role::OrigCurrency,
            Role::CurrencyTx => c.role = Role::Currency,
            _ => {}
        }
    }
    let amount_tx_became_amount = !has_amount && cols.iter().any(|c| c.role == Role::Amount);
    if amount_tx_became_amount && cols.iter().filter(|c| c.role == Role::Currency).count() > 1 {
        // Keep the first currency column as the account's.
        let mut seen = false;
        for c in cols.iter_mut().filter(|c| c.role == Role::Currency) {
            if seen {
                c.role = Role::OrigCurrency;
            }
            seen = true;
        }
    }
    Columns { cols, headers: row.iter().map(str::to_string).collect(), forced: Vec::new() }
}

fn time_only(v: &str) -> bool {
    let v = v.trim();
    if v.len() > 8 {
        return false; // "hh:mm:ss" at most; dates are longer
    }
    let mut parts = 0;
    for p in v.split(':') {
        parts += 1;
        if parts > 3 || p.is_empty() || p.len() > 2 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    parts >= 2
}

fn share(data: &[&Row], idx: usize, f: impl Fn(&str) -> bool) -> f64 {
    let vals: Vec<&str> = data.iter().map(|r| cell(r, idx)).filter(|v| !v.is_empty()).collect();
    if vals.is_empty() {
        return 0.0;
    }
    vals.iter().filter(|v| f(v)).count() as f64 / vals.len() as f64
}

/// Checks header roles against values and fills gaps from values alone.
fn complete_roles(columns: &mut Columns, data: &[&Row]) {
    // Date columns holding only times of day (acquirer 交易时间) are times.
    for c in columns.cols.iter_mut() {
        if columns.forced.contains(&c.idx) {
            continue;
        }
        if matches!(c.role, Role::Date | Role::Posted) && share(data, c.idx, time_only) > 0.9 {
            c.role = Role::Time;
        }
    }
    if columns.get(Role::Date).is_none() {
        if let Some(p) = columns.all(Role::Posted).next().copied() {
            // Only a posting date: fine, keep it as posted.
            let _ = p;
        }
    }
    let width = data.iter().map(|r| r.len()).max().unwrap_or(0);
    let used: Vec<usize> = columns.cols.iter().map(|c| c.idx).chain(columns.forced.iter().copied()).collect();
    let has_date = columns.has(Role::Date) || columns.has(Role::Posted) || columns.has(Role::ValueDate);
    let has_amount = columns.has(Role::Amount) || columns.has(Role::Debit) || columns.has(Role::Credit);
    if has_date && has_amount {
        return;
    }
    // Headerless (or unknown headers): roles from values.
    let mut date_cols = Vec::new();
    let mut amount_cols = Vec::new();
    let mut text_cols = Vec::new();
    for idx in 0..width {
        if used.contains(&idx) {
            continue;
        }
        let filled = data.iter().filter(|r| !cell(r, idx).is_empty()).count();
        if filled == 0 {
            continue;
        }
        let vals: Vec<&str> = data.iter().map(|r| cell(r, idx)).filter(|v| !v.is_empty()).collect();
        let style = infer_style(vals.iter().copied());
        if share(data, idx, dates::looks_like_date) > 0.8 {
            date_cols.push(idx);
        } else if share(data, idx, |v| parse_amount(v, style).is_some() && v.chars().any(|c| c == '.' || c == ',' || c == '-'))
            > 0.8
            || (share(data, idx, |v| parse_amount(v, style).is_some()) > 0.95 && filled * 2 < data.len() + 1)
        {
            amount_cols.push(idx);
        } else if share(data, idx, |v| v.chars().any(|c| c.is_alphabetic())) > 0.5 {
            text_cols.push(idx);
        }
    }
    if !has_date {
        for (i, idx) in date_cols.iter().take(2).enumerate() {
            let role = if i == 0 { Role::Date } else { Role::Posted };
            columns.cols.push(Col { role, idx: *idx, currency: None });
        }
    }
    if !has_amount {
        match amount_cols.as_slice() {
            [] => {}
            [a] => columns.cols.push(Col { role: Role::Amount, idx: *a, currency: None }),
            [a, b, ..] => {
                // Two amount columns that are never both filled: a debit/credit pair.
                let both = data.iter().filter(|r| !cell(r, *a).is_empty() && !cell(r, *b).is_empty()).count();
                if both == 0 {
                    columns.cols.push(Col { role: Role::Debit, idx: *a, currency: None });
                    columns.cols.push(Col { role: Role::Credit, idx: *b, currency: None });
                } else {
                    columns.cols.push(Col { role: Role::Amount, idx: *a, currency: None });
                    columns.cols.push(Col { role: Role::Balance, idx: *b, currency: None });
                }
            }
        }
    }
    if !columns.has(Role::Description) && !columns.has(Role::Counterparty) {
        let best = text_cols.iter().max_by_key(|idx| {
            let mut v: Vec<&str> = data.iter().map(|r| cell(r, **idx)).collect();
            v.sort();
            v.dedup();
            v.len()
        });
        if let Some(idx) = best {
            columns.cols.push(Col { role: Role::Description, idx: *idx, currency: None });
        }
    }
}

/// Per-file decisions, made once from all rows.
pub(crate) struct Context {
    file: String,
    columns: Columns,
    pos: Pos,
    orders: FastMap<usize, DateOrder>,
    styles: FastMap<usize, NumberStyle>,
    /// text → (its kind, whether it names a refund).
    kinds: RefCell<FastMap<String, (Option<TxKind>, bool)>>,
    period: Option<((i32, u32), (i32, u32))>,
    default_currency: Option<Currency>,
    layout: Option<&'static Layout>,
    account: Account,
    sign: SignRule,
    /// Purchases positive, inferred (no layout): negate single amounts.
    flip: bool,
    /// The user's year for year-less dates.
    year: Option<i32>,
    /// `columns.get(role)` for every role, looked up once (rows ask often).
    by_role: Vec<Option<Col>>,
    /// The last currency cell read and what it named: a file repeats one.
    last_currency: RefCell<(String, Option<Currency>)>,
    /// The latest year given to a year-less date (shown to the user).
    year_used: Cell<Option<i32>>,
}

impl Context {
    #[allow(clippy::too_many_arguments)]
    fn new(
        file: &str,
        columns: Columns,
        data: &[&Row],
        preamble: &[&Row],
        layout: Option<&'static Layout>,
        pos: Pos,
        opts: &CsvOptions,
    ) -> Context {
        let preamble_text: String =
            preamble.iter().map(|r| r.iter().filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n");

        // Date order per column, from all its values; columns that do not
        // decide borrow from those that do (one file has one convention).
        let date_roles = [Role::Date, Role::Posted, Role::ValueDate];
        let mut orders = FastMap::default();
        let mut decided = None;
        for c in columns.cols.iter().filter(|c| date_roles.contains(&c.role)) {
            let o = infer_order_opt(data.iter().map(|r| cell(r, c.idx)));
            if let Some(o) = o {
                orders.insert(c.idx, o);
                decided.get_or_insert(o);
            }
        }
        let fallback = decided.or(layout.and_then(|l| l.date_order)).unwrap_or_else(|| {
            let vals: Vec<&str> = columns
                .cols
                .iter()
                .filter(|c| date_roles.contains(&c.role))
                .flat_map(|c| data.iter().map(move |r| cell(r, c.idx)))
                .collect();
            let dotted = vals.iter().any(|v| v.contains('.'));
            // Nothing in the dates decides: the account's currency is the
            // best hint (a £ or € statement writes day first).
            let cur = header_currency(&columns).or(layout.and_then(|l| l.currency)).or_else(|| {
                let first = |role| columns.get(role).map(|c| c.idx);
                data.iter().take(50).find_map(|r| {
                    let in_cell = first(Role::Currency).and_then(|i| amount::currency_token(cell(r, i)));
                    let in_amount = [Role::Amount, Role::Debit, Role::Credit, Role::Balance]
                        .iter()
                        .filter_map(|&role| first(role))
                        .find_map(|i| parse_amount(cell(r, i), NumberStyle::DotDecimal).and_then(|a| a.currency));
                    in_cell.or(in_amount)
                })
            });
            let us = cur.is_none_or(|c| c.code() == "USD");
            if dotted || !us {
                DateOrder::Dmy
            } else {
                dates::infer_order(vals)
            }
        });
        for c in columns.cols.iter().filter(|c| date_roles.contains(&c.role)) {
            orders.entry(c.idx).or_insert(fallback);
        }
        if let Some(o) = opts.date_order {
            for v in orders.values_mut() {
                *v = o;
            }
        }

        // Number style per amount column; undecided columns take the file's.
        let amount_cols: Vec<&Col> = columns.cols.iter().filter(|c| AMOUNT_ROLES.contains(&c.role)).collect();
        let file_style = infer_style(amount_cols.iter().flat_map(|c| data.iter().map(move |r| cell(r, c.idx))));
        let mut styles = FastMap::default();
        for c in &amount_cols {
            let s = infer_style_opt(data.iter().map(|r| cell(r, c.idx))).unwrap_or(file_style);
            let s = match opts.decimal_mark {
                Some('.') if s == NumberStyle::Apostrophe => s,
                Some('.') => NumberStyle::DotDecimal,
                Some(',') if s == NumberStyle::SpaceComma => s,
                Some(',') => NumberStyle::CommaDecimal,
                _ => s,
            };
            styles.insert(c.idx, s);
        }

        let period = period_of(&preamble_text).or_else(|| period_of_name(file));
        let mut account = preamble_account(&preamble_text);
        let wallet = columns.has(Role::Direction)
            && ["收/支", "收支"].iter().any(|h| columns.headers.iter().any(|x| normalize_header(x) == *h));
        if let Some(l) = layout {
            account.institution = l.institution.clone().or(account.institution);
            account.kind = l.kind;
        } else if columns.has(Role::AuthCode) || columns.has(Role::Rrn) || columns.has(Role::Voucher) {
            account.kind = AccountKind::Merchant;
        } else if wallet {
            account.kind = AccountKind::Wallet;
        } else if columns.has(Role::Card) || has_card_words(&preamble_text) {
            account.kind = AccountKind::Card;
        } else if columns.has(Role::Balance) {
            account.kind = AccountKind::Bank;
        }
        if account.institution.is_none() {
            account.institution = institution_in(&preamble_text);
        }
        let default_currency = layout
            .and_then(|l| l.currency)
            .or_else(|| preamble_currency(&preamble_text))
            .or_else(|| (preamble_text.contains("人民币") || preamble_text.contains('¥') || wallet).then(|| Currency::new("CNY")).flatten());
        let sign = match (layout.map(|l| l.sign), account.kind) {
            (Some(s), _) => s,
            (None, AccountKind::Merchant) => SignRule::Merchant,
            _ => SignRule::AsIs,
        };
        let mut ctx = Context {
            file: file.to_string(),
            columns,
            pos,
            orders,
            styles,
            kinds: RefCell::new(FastMap::default()),
            period,
            default_currency,
            layout,
            account,
            sign,
            flip: false,
            year: opts.year,
            year_used: Cell::new(None),
            by_role: Vec::new(),
            last_currency: RefCell::new((String::new(), None)),
        };
        ctx.by_role = ctx.columns.first_by_role();
        ctx.flip = ctx.sign == SignRule::AsIs && ctx.layout.is_none() && ctx.purchases_look_positive(data);
        ctx
    }

    /// A card export with positive purchases shows itself by its repayments:
    /// "还款", "Payment Thank You" lines are negative while most others are
    /// positive (Discover, CMB, Amex when no layout matched).
    fn purchases_look_positive(&self, data: &[&Row]) -> bool {
        let Some(a) = self.columns.get(Role::Amount) else { return false };
        if self.columns.has(Role::Direction) {
            return false;
        }
        let style = self.styles.get(&a.idx).copied().unwrap_or_default();
        let (mut pay_neg, mut pay_pos, mut pos, mut neg) = (0, 0, 0, 0);
        for r in data {
            let Some(v) = parse_amount(cell(r, a.idx), style) else { continue };
            let kind = self.text_kind(r);
            if kind == Some(TxKind::Payment) {
                if v.value.is_sign_negative() {
                    pay_neg += 1
                } else {
                    pay_pos += 1
                }
            } else if v.value.is_sign_negative() {
                neg += 1
            } else {
                pos += 1
            }
        }
        pay_neg > pay_pos && pos > neg
    }

    fn text_kind<R: Cells + ?Sized>(&self, r: &R) -> Option<TxKind> {
        for role in [Role::Type, Role::Category, Role::Description, Role::Counterparty] {
            if let Some(c) = self.columns.get(role) {
                if let Some(k) = self.classify(cell(r, c.idx)).0 {
                    return Some(k);
                }
            }
        }
        None
    }

    /// [`kind_of`] and [`names_refund`] of a text, remembered.
    fn classify(&self, text: &str) -> (Option<TxKind>, bool) {
        if text.is_empty() {
            return (None, false);
        }
        // Descriptors end in store or reference numbers ("SHELL OIL 57442"):
        // no kind keyword holds a digit, so the words before the number
        // decide alone, and one cache entry serves every number.
        // Only a number standing apart: "ATM12345" is one word, not "ATM".
        let text = match text.trim_end_matches(|c: char| c.is_ascii_digit()) {
            t if t.chars().next_back().is_some_and(|c| !c.is_alphanumeric() && c != '_') => t,
            _ => text,
        };
        if let Some(v) = self.kinds.borrow().get(text) {
            return *v;
        }
        let v = (kind_of(text), names_refund(text));
        let mut cache = self.kinds.borrow_mut();
        if cache.len() < KIND_CACHE_MAX {
            cache.insert(text.to_string(), v);
        }
        v
    }

    fn col(&self, role: Role) -> Option<Col> {
        match self.by_role.get(role as usize) {
            Some(c) => *c,
            None => self.columns.get(role),
        }
    }

    fn date<R: Cells + ?Sized>(&self, r: &R, role: Role) -> Result<Option<(NaiveDate, Option<NaiveTime>)>, Reason> {
        let Some(c) = self.col(role) else { return Ok(None) };
        let v = cell(r, c.idx);
        if v.is_empty() {
            return Ok(None);
        }
        let order = self.orders.get(&c.idx).copied().unwrap_or_default();
        if let Some(Some(d)) = dates::parse_date_time_fast(v, order) {
            return Ok(Some(d));
        }
        if let Some(d) = parse_date_time(v, order, None) {
            return Ok(Some(d));
        }
        if let Some(y) = self.year {
            if let Some(d) = parse_date_time(v, order, Some(y)) {
                self.note_year(y);
                return Ok(Some(d));
            }
        }
        // Year-less ("06/20"): the year comes from the period in the preamble.
        if let Some((start, end)) = self.period {
            if let Some(probe) = parse_date_time(v, order, Some(2000)) {
                let m = probe.0.month();
                let mut best: Option<(i32, i32)> = None;
                for y in start.0 - 1..=end.0 + 1 {
                    let ym = y * 12 + m as i32;
                    let (s, e) = (start.0 * 12 + start.1 as i32, end.0 * 12 + end.1 as i32);
                    let dist = if ym < s { s - ym } else if ym > e { ym - e } else { 0 };
                    if best.is_none_or(|(_, d)| dist < d) {
                        best = Some((y, dist));
                    }
                }
                if let Some((y, _)) = best {
                    if let Some(d) = parse_date_time(v, order, Some(y)) {
                        self.note_year(y);
                        return Ok(Some(d));
                    }
                }
            }
        }
        if parse_date_time(v, order, Some(2000)).is_some() {
            return Err(Reason::new("t.csv.no_year", vec![("value", lit(format!("{v:?}"))), ("column", lit(format!("{:?}", self.columns.name(c))))]));
        }
        Err(Reason::new("t.csv.bad_date", vec![("value", lit(format!("{v:?}"))), ("column", lit(format!("{:?}", self.columns.name(c))))]))
    }

    /// What a currency cell names ("USD", "€", "人民币"), remembered for the
    /// next row, which nearly always says the same.
    fn currency_of(&self, c: &str) -> Option<Currency> {
        let mut last = self.last_currency.borrow_mut();
        if last.0 != c {
            last.1 = amount::currency_token(c).or_else(|| Currency::from_symbol(c));
            last.0.clear();
            last.0.push_str(c);
        }
        last.1
    }

    fn note_year(&self, y: i32) {
        if self.year_used.get().is_none_or(|u| y > u) {
            self.year_used.set(Some(y));
        }
    }

    fn amount<R: Cells + ?Sized>(&self, r: &R, role: Role) -> Result<Option<amount::Amount>, Reason> {
        let Some(c) = self.col(role) else { return Ok(None) };
        self.amount_at(r, c)
    }

    fn amount_at<R: Cells + ?Sized>(&self, r: &R, c: Col) -> Result<Option<amount::Amount>, Reason> {
        let v = cell(r, c.idx);
        if v.is_empty() {
            return Ok(None);
        }
        let style = self.styles.get(&c.idx).copied().unwrap_or_default();
        if let Some(a) = amount::parse_plain(v, style) {
            return Ok(Some(a));
        }
        let cleaned = strip_note(v);
        match parse_amount(cleaned, style).or_else(|| parse_amount(&cleaned.replace([' ', '\u{a0}'], ""), style)) {
            Some(a) => Ok(Some(a)),
            None => Err(Reason::new("t.csv.bad_amount", vec![("value", lit(format!("{v:?}"))), ("column", lit(format!("{:?}", self.columns.name(c))))])),
        }
    }

    fn text<R: Cells + ?Sized>(&self, r: &R, role: Role) -> Option<String> {
        self.text_ref(r, role).map(str::to_string)
    }

    fn text_ref<'r, R: Cells + ?Sized>(&self, r: &'r R, role: Role) -> Option<&'r str> {
        let c = self.col(role)?;
        let v = cell(r, c.idx);
        (!v.is_empty()).then_some(v)
    }

    /// True when the sign of a line's amount follows from its amount cells
    /// alone (no direction column, not a merchant's export): then the line's
    /// kind can be worked out later, on demand.
    pub(crate) fn sign_is_plain(&self) -> bool {
        self.col(Role::Direction).is_none() && self.account.kind != AccountKind::Merchant && self.sign != SignRule::Merchant
    }

    /// Whether a row of the table body is a transaction line: not a repeat
    /// of the header, not a footer.
    pub(crate) fn is_data<R: Cells + ?Sized>(&self, r: &R, header: Option<&Row>) -> bool {
        if let Some(h) = header {
            if h.len() == r.width() && (0..h.len()).all(|i| h.get(i) == r.raw(i)) {
                return false;
            }
        }
        !is_footer(r)
    }

    /// Reads one data row into `sink`; a row that cannot be read becomes a
    /// warning (the first ones named, the rest counted).
    pub(crate) fn take<R: Cells + ?Sized, S: Sink>(&self, r: &R, line: u32, sink: &mut S, st: &mut Tally) {
        match sink.push(self, r, line) {
            Ok(currency) => st.missing_currency |= currency.code() == "XXX",
            // Name the first rows; then count, so a broken column does
            // not bury the user under a warning per line.
            Err(_) if st.skipped >= MAX_ROW_WARNINGS => st.skipped += 1,
            Err(msg) => {
                st.skipped += 1;
                st.diagnostics.push(
                    match self.pos {
                        Pos::Line => Diagnostic::warn(&self.file, Some(line), "csv.row_skipped", &msg.args()),
                        Pos::SheetRow => {
                            let mut args = msg.args();
                            args.push(("row", lit(line)));
                            Diagnostic::warn(&self.file, None, "sheet.row_skipped", &args)
                        }
                    },
                )
            }
        }
    }

    /// After the last row: the diagnostics of the reading, the account's
    /// currency and card, the running-balance check.
    pub(crate) fn finish<L: Ledger>(&self, st: Tally, ledger: &L, data_rows: usize, out: &mut StatementRead) {
        out.diagnostics.extend(st.diagnostics);
        let skipped = st.skipped;
        if skipped > MAX_ROW_WARNINGS {
            out.diagnostics.push(
                Diagnostic::warn(&self.file, None, "csv.more_skipped", &[("more", lit(skipped - MAX_ROW_WARNINGS)), ("all", lit(skipped))]),
            );
        }
        if st.missing_currency {
            out.diagnostics.push(
                Diagnostic::warn(&self.file, None, "csv.no_currency", &[]),
            );
        }
        let mut account = self.account.clone();
        let currencies = ledger.currencies();
        if currencies.len() == 1 && currencies[0].code() != "XXX" {
            account.currency = Some(currencies[0]);
        }
        if account.last4.is_none() && account.kind == AccountKind::Card {
            let mut l4 = ledger.card_last4s(self);
            l4.sort();
            l4.dedup();
            if l4.len() == 1 {
                account.last4 = l4.pop();
            }
        }
        self.check_balances(ledger, &mut account, out);
        out.accounts.push(account);
        if ledger.len() == 0 && data_rows > 0 {
            out.diagnostics.push(
                Diagnostic::err(&self.file, None, "csv.none_read", &[]),
            );
        }
    }

    /// Running balances: opening + movements = closing, row by row, in file
    /// order or in reverse file order (newest first), per currency.
    fn check_balances<L: Ledger>(&self, ledger: &L, account: &mut Account, out: &mut StatementRead) {
        if !self.columns.has(Role::Balance) {
            return;
        }
        if let Some((fwd, rev)) = ledger.uniform_steps() {
            // Every line has a balance: the same counts, without the index.
            let n = ledger.len();
            if n < 2 {
                return;
            }
            return self.report_balances(ledger, account, out, fwd, rev, (0, n - 1));
        }
        let idx: Vec<usize> = (0..ledger.len()).filter(|&i| ledger.has_balance(i)).collect();
        if idx.len() < 2 {
            return;
        }
        let step_ok = |prev: usize, next: usize| ledger.step_ok(prev, next);
        let count = |order: &mut dyn Iterator<Item = usize>| {
            // Statements hold one currency, rarely a few: a short list beats a map.
            let mut last: Vec<(Currency, usize)> = Vec::new();
            let (mut ok, mut bad, mut first_bad) = (0, 0, None);
            for i in order {
                let cur = ledger.currency(i);
                let slot = last.iter().position(|(c, _)| *c == cur);
                if let Some(p) = slot.map(|k| last[k].1) {
                    match step_ok(p, i) {
                        Some(true) => ok += 1,
                        Some(false) => {
                            bad += 1;
                            first_bad.get_or_insert(i);
                        }
                        None => {}
                    }
                }
                match slot {
                    Some(k) => last[k].1 = i,
                    None => last.push((cur, i)),
                }
            }
            (ok, bad, first_bad)
        };
        let fwd = count(&mut idx.iter().copied());
        let rev = count(&mut idx.iter().rev().copied());
        self.report_balances(ledger, account, out, fwd, rev, (idx[0], idx[idx.len() - 1]))
    }

    /// The account's opening and closing balances and the mismatch warning,
    /// from the step counts (ok, bad, first bad line) in file order and in
    /// reverse; `ends`: the first and last line with a balance.
    fn report_balances<L: Ledger>(
        &self,
        ledger: &L,
        account: &mut Account,
        out: &mut StatementRead,
        fwd: (usize, usize, Option<usize>),
        rev: (usize, usize, Option<usize>),
        ends: (usize, usize),
    ) {
        let reversed = rev.0 > fwd.0;
        let (ok, bad, first_bad) = if reversed { rev } else { fwd };
        if ok > 0 {
            let (first, last) = if reversed { (ends.1, ends.0) } else { ends };
            if ledger.currency(first) == ledger.currency(last) {
                account.opening_balance = ledger.balance(first).map(|b| b - ledger.movement(first));
                account.closing_balance = account.closing_balance.or(ledger.balance(last));
            }
        }
        if bad > 0 {
            let line = first_bad.and_then(|i| ledger.line(i));
            out.diagnostics.push(
                Diagnostic::warn(&self.file, line, "csv.running_balance", &[("bad", lit(bad)), ("all", lit(ok + bad))]),
            );
        }
    }

    pub(crate) fn row<R: Cells + ?Sized>(&self, r: &R, line: u32) -> Result<(Transaction, Core), Reason> {
        let core = self.core(r)?;
        Ok((self.complete(r, line, &core), core))
    }

    /// The typed part of a row, what an import keeps per line: dates, the
    /// signed amount (fee included), currency, balance. The kind is worked
    /// out here only when the sign depends on it.
    pub(crate) fn core<R: Cells + ?Sized>(&self, r: &R) -> Result<Core, Reason> {
        let date = self.date(r, Role::Date)?;
        let posted = self.date(r, Role::Posted)?;
        let value_date = self.date(r, Role::ValueDate)?;
        if date.is_none() && posted.is_none() && value_date.is_none() {
            return Err(Reason::new("t.csv.no_date", vec![]));
        }
        let time = date.and_then(|d| d.1).or_else(|| {
            self.text_ref(r, Role::Time).and_then(|t| {
                let mut p = t.split(':').filter_map(|x| x.trim().parse::<u32>().ok());
                let (h, m) = (p.next()?, p.next()?);
                NaiveTime::from_hms_opt(h, m, p.next().unwrap_or(0))
            })
        });

        // The amount: one signed column, else a debit/credit pair.
        let (value, currency_in_text) = match self.amount(r, Role::Amount)? {
            Some(a) => (Some(a.value), a.currency),
            None => {
                let debit = self.amount(r, Role::Debit)?;
                let credit = self.amount(r, Role::Credit)?;
                let cur = debit.and_then(|d| d.currency).or(credit.and_then(|c| c.currency));
                let v = match (debit, credit) {
                    (None, None) => None,
                    (d, c) => Some(c.map(|c| c.value.abs()).unwrap_or_default() - d.map(|d| d.value.abs()).unwrap_or_default()),
                };
                (v, cur)
            }
        };
        let Some(mut v) = value else {
            return Err(Reason::new("t.csv.no_amount", vec![]));
        };

        let mut kind = None;
        if self.sign_is_plain() {
            match self.sign {
                SignRule::PurchasesPositive => v = -v,
                _ if self.flip => v = -v,
                _ => {}
            }
        } else {
            let (k, signed) = self.signed_with_kind(r, v);
            kind = Some(k);
            v = signed;
        }

        // A fee the holder paid on the line (Revolut's Fee column) is money
        // out too: the amount becomes what left the account. A merchant's
        // fee is the processor's cut of a sale and stays apart (a buyer
        // disputes the sale amount).
        let fee = match self.amount(r, Role::Fee) {
            Ok(Some(f)) => f.value.abs(),
            _ => Decimal::ZERO,
        };
        let (folded_fee, ledger_fee) = if fee.is_zero() || self.account.kind == AccountKind::Merchant {
            (Decimal::ZERO, fee)
        } else {
            v -= fee;
            (fee, Decimal::ZERO)
        };
        if v.is_zero() {
            v = Decimal::ZERO; // no "-0.00"
        }

        // Currency of the row.
        let amount_col = self.col(Role::Amount).or(self.col(Role::Debit)).or(self.col(Role::Credit));
        let currency = self
            .text_ref(r, Role::Currency)
            .and_then(|c| self.currency_of(c))
            .or(amount_col.and_then(|c| c.currency))
            .or(currency_in_text)
            .or(self.default_currency)
            .or_else(|| Currency::new("XXX"))
            .ok_or_else(|| Reason::new("t.csv.row_no_currency", vec![]))?;
        let balance = self.amount(r, Role::Balance).ok().flatten().map(|b| b.value);
        Ok(Core {
            date: date.map(|d| d.0),
            posted: posted.map(|d| d.0),
            value_date: value_date.map(|d| d.0),
            time,
            amount: v,
            currency,
            fee: folded_fee,
            ledger_fee,
            balance,
            kind,
        })
    }

    /// A line's text cells by role, read once for the sign and the rest.
    fn words<'r, R: Cells + ?Sized>(&self, r: &'r R) -> Words<'r> {
        Words {
            description: self.text_ref(r, Role::Description),
            counterparty: self.text_ref(r, Role::Counterparty),
            memo: self.text_ref(r, Role::Memo),
            type_text: self.text_ref(r, Role::Type),
            category: self.text_ref(r, Role::Category),
            status: self.text_ref(r, Role::Status),
            // A direction column left blank or "/" (WeChat 零钱通 lines) is neutral.
            direction: match self.columns.get(Role::Direction) {
                Some(c) => direction_of(cell(r, c.idx)),
                None => Direction::Unknown,
            },
        }
    }

    /// A refund word in the line's own words (type, category, descriptor).
    fn names_own_refund(&self, type_text: Option<&str>, category: Option<&str>, description: Option<&str>) -> bool {
        [type_text, category, description].iter().flatten().any(|t| self.classify(t).1)
    }

    /// The sign of a line whose direction column or merchant export decides
    /// it, and the kind that decision made.
    fn signed_with_kind<R: Cells + ?Sized>(&self, r: &R, mut v: Decimal) -> (Option<TxKind>, Decimal) {
        let Words { description: description_raw, counterparty, memo, type_text, category, status: status_text, direction } = self.words(r);
        // All the line's words, for the rare neutral wallet line only.
        let all_text = || [type_text, category, description_raw, counterparty, memo].iter().flatten().copied().collect::<Vec<_>>().join(" ");
        let mut kind = self.text_kind(r);
        let own_refund = self.names_own_refund(type_text, category, description_raw);
        match direction {
            Direction::Out => v = -v.abs(),
            Direction::In => v = v.abs(),
            Direction::Neutral => {
                let refund = kind == Some(TxKind::Refund) || own_refund || status_text.is_some_and(|s| s.contains("退款成功"));
                // Neutral lines move money between the wallet and the user's
                // own accounts; sign them from the wallet's view so that a
                // reconciler sees money coming back as positive.
                if refund {
                    kind = Some(TxKind::Refund);
                    v = v.abs();
                } else if ["收益", "利息", "卖出", "赎回", "退回", "转入零钱", "到零钱", "到余额", "转入余额", "充值", "来自"].iter().any(|k| all_text().contains(k)) {
                    v = v.abs();
                } else {
                    v = -v.abs();
                }
                if all_text().contains("收益") || all_text().contains("利息") {
                    kind = Some(TxKind::Interest);
                } else if kind.is_none() || kind == Some(TxKind::Purchase) && !is_closed(status_text) {
                    kind = Some(TxKind::Transfer);
                }
            }
            Direction::Unknown => match self.sign {
                SignRule::PurchasesPositive => v = -v,
                SignRule::Merchant => {
                    if kind == Some(TxKind::Refund) {
                        v = -v.abs();
                    }
                }
                SignRule::AsIs => {
                    if self.flip {
                        v = -v;
                    }
                }
            },
        }
        // In a merchant's export every line is a sale unless it says refund,
        // void or fee ("Payment" is Square's word for a sale).
        if self.account.kind == AccountKind::Merchant {
            kind = Some(match kind {
                Some(TxKind::Refund) => TxKind::Refund,
                Some(TxKind::Fee) => TxKind::Fee,
                _ => TxKind::Purchase,
            });
            if kind == Some(TxKind::Refund) {
                v = -v.abs();
            }
        }
        (kind, v)
    }

    /// Everything else about a line, from its text cells and its typed core:
    /// kind, descriptor, references, status, foreign amount, card.
    pub(crate) fn complete<R: Cells + ?Sized>(&self, r: &R, line: u32, core: &Core) -> Transaction {
        let v = core.amount;
        let currency = core.currency;
        let Words { description: description_raw, counterparty, memo, type_text, category, status: status_text, direction } = self.words(r);
        let mut kind = match core.kind {
            Some(k) => k,
            None => self.text_kind(r),
        };
        // A refund word in the line's own words (not in a memo like Stripe's
        // "the bank did not return any details") beats a "purchase" type.
        // Only for money coming in: "Fees & Adjustments" names no refund of a charge.
        let own_refund = self.names_own_refund(type_text, category, description_raw);
        if own_refund && direction != Direction::Out && v > Decimal::ZERO && self.account.kind != AccountKind::Merchant {
            kind = Some(TxKind::Refund);
        }
        // Nothing names the kind: money out of a card or wallet is a purchase.
        let kind = kind.unwrap_or(
            if v.is_sign_negative() && matches!(self.account.kind, AccountKind::Card | AccountKind::Wallet) {
                TxKind::Purchase
            } else {
                TxKind::Other
            },
        );

        // Original amount and currency.
        let mut original_amount = None;
        let mut original_currency = self.text_ref(r, Role::OrigCurrency).and_then(|c| amount::currency_token(c).or_else(|| Currency::from_symbol(c)));
        if let Some(c) = self.columns.get(Role::OrigAmount) {
            if let Ok(Some(a)) = self.amount_at(r, c) {
                // "1,380.00(JP)": the country the amount was spent in names its currency.
                let country = || {
                    let raw = cell(r, c.idx);
                    let inner = raw.rsplit_once(['(', '（'])?.1.trim_end_matches([')', '）']);
                    (inner.len() == 2 && inner.bytes().all(|b| b.is_ascii_uppercase())).then(|| Currency::of_country(inner)).flatten()
                };
                // A DCC charge abroad shows the posted amount itself: same number, same currency.
                let same_number = a.value.abs() == v.abs();
                original_currency = original_currency.or(a.currency).or(c.currency).or_else(|| if same_number { None } else { country() });
                let mut ov = a.value;
                // The original amount carries the sign of the posted one.
                if ov.is_sign_negative() != v.is_sign_negative() {
                    ov = -ov;
                }
                original_amount = Some(ov);
            }
        }
        // An "original" equal to the posted amount in the same currency says nothing.
        if original_currency.is_none_or(|oc| oc == currency) && original_amount.is_some_and(|o: Decimal| o.abs() == v.abs()) {
            original_amount = None;
            original_currency = None;
        }
        if original_amount.is_none() && original_currency == Some(currency) {
            original_currency = None;
        }
        // A foreign amount in an unknown currency cannot be compared with
        // anything (fuzzer finding: a mangled header left the currency column
        // unrecognised); keep the posted amount only.
        if original_currency.is_none() {
            original_amount = None;
        }
        let fx_rate = self.text_ref(r, Role::FxRate).and_then(|t| parse_amount(t, NumberStyle::DotDecimal).or_else(|| parse_amount(t, NumberStyle::CommaDecimal))).map(|a| a.value);
        let fx_rate = if original_amount.is_some() { fx_rate } else { None };

        // Description: the descriptor column, else who it was with, else memo/type.
        let description = match (description_raw, counterparty) {
            (Some(d), _) => d.to_string(),
            (None, Some(c)) => c.to_string(),
            (None, None) => [type_text, memo].iter().flatten().copied().collect::<Vec<_>>().join(" "),
        };
        let counterparty = counterparty.filter(|c| *c != description).map(str::to_string);

        // Status and outcome.
        let status = if status_text.is_some_and(is_pending) { TxStatus::Pending } else { TxStatus::Booked };
        let mut outcome = status_text.and_then(outcome_of);
        if kind == TxKind::Refund && matches!(outcome, Some(TxOutcome::Refunded | TxOutcome::PartiallyRefunded)) {
            outcome = Some(TxOutcome::Approved);
        }

        let card_last4 = self.card_last4(r);
        let refs = References {
            order_id: self.text(r, Role::OrderId).or_else(|| self.text(r, Role::Id)),
            merchant_order_id: self.text(r, Role::MerchantOrderId),
            rrn: self.text(r, Role::Rrn),
            auth_code: self.text(r, Role::AuthCode),
            cheque: None,
            other: self.columns.all(Role::Reference).filter_map(|c| Some(cell(r, c.idx)).filter(|v| !v.is_empty()).map(str::to_string)).collect(),
            voucher: self.text(r, Role::Voucher),
            response_code: self.text(r, Role::ResponseCode),
            time: core.time,
            outcome,
            status_text: status_text.map(str::to_string),
            fee: (!core.fee.is_zero()).then_some(core.fee),
        };

        Transaction {
            id: String::new(),
            account: Some(0),
            date: core.date,
            posted: core.posted,
            value_date: core.value_date,
            amount: v,
            currency,
            original_amount,
            original_currency,
            fx_rate,
            description,
            counterparty,
            references: refs,
            status,
            kind,
            card_last4,
            source: position(&self.file, self.pos, line),
        }
    }

    /// The decisions the CSV import's compiled parsers follow (`fast.rs`):
    /// `None` when a line's typed core needs more than its cells (the sign
    /// depends on words or a direction column).
    pub(crate) fn decided(&self) -> Option<Decided> {
        if !self.sign_is_plain() {
            return None;
        }
        let amount_col = self.col(Role::Amount).or(self.col(Role::Debit)).or(self.col(Role::Credit));
        Some(Decided {
            cols: self.columns.cols.iter().map(|c| (c.role, c.idx)).collect(),
            first: [Role::Date, Role::Posted, Role::ValueDate, Role::Amount, Role::Debit, Role::Credit, Role::Currency, Role::Balance, Role::Description, Role::Time, Role::Fee]
                .map(|r| self.col(r).map(|c| c.idx)),
            orders: self.orders.iter().map(|(k, v)| (*k, *v)).collect(),
            styles: self.styles.iter().map(|(k, v)| (*k, *v)).collect(),
            negate: self.sign == SignRule::PurchasesPositive || self.flip,
            fallback_currency: amount_col.and_then(|c| c.currency).or(self.default_currency).or_else(|| Currency::new("XXX")),
        })
    }

    /// (role, column index) of every column read.
    pub(crate) fn columns_used(&self) -> Vec<(Role, usize)> {
        self.columns.cols.iter().map(|c| (c.role, c.idx)).collect()
    }

    pub(crate) fn has_card_column(&self) -> bool {
        self.columns.has(Role::Card) || self.columns.has(Role::PaymentMethod)
    }

    pub(crate) fn card_last4<R: Cells + ?Sized>(&self, r: &R) -> Option<String> {
        self.text_ref(r, Role::Card)
            .and_then(last4_digits)
            .or_else(|| self.text_ref(r, Role::PaymentMethod).and_then(last4_in_parens))
    }
}

/// What [`Context::decided`] gives.
pub(crate) struct Decided {
    /// (role, index) of every column with a role.
    pub cols: Vec<(Role, usize)>,
    /// The column read for Date, Posted, ValueDate, Amount, Debit, Credit,
    /// Currency, Balance, Description, Time, Fee (in that order), if any.
    pub first: [Option<usize>; 11],
    pub orders: Vec<(usize, DateOrder)>,
    pub styles: Vec<(usize, NumberStyle)>,
    /// Single amounts and debit/credit results are negated (purchases positive).
    pub negate: bool,
    /// The currency of a line whose currency cell is empty or names none.
    pub fallback_currency: Option<Currency>,
}

/// The typed part of a line ([`Context::core`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Core {
    pub date: Option<NaiveDate>,
    pub posted: Option<NaiveDate>,
    pub value_date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    /// Signed, fee included.
    pub amount: Decimal,
    pub currency: Currency,
    /// The fee included in `amount` (shown on the line).
    pub fee: Decimal,
    /// A fee not included in `amount` that the running balance still moves by.
    pub ledger_fee: Decimal,
    pub balance: Option<Decimal>,
    /// The kind, when the sign needed it (`None`: work it out from the text).
    pub kind: Option<Option<TxKind>>,
}

/// Where read rows go: whole transactions, or the columnar table.
pub(crate) trait Sink {
    /// Reads `r` and keeps it; returns its currency, or why it was skipped.
    fn push<R: Cells + ?Sized>(&mut self, ctx: &Context, r: &R, line: u32) -> Result<Currency, Reason>;
}

/// What the running-balance check and the account summary need of the rows read.
pub(crate) trait Ledger {
    fn len(&self) -> usize;
    fn currency(&self, i: usize) -> Currency;
    /// What the line moved the balance by: its amount less any fee kept apart.
    fn movement(&self, i: usize) -> Decimal;
    fn balance(&self, i: usize) -> Option<Decimal>;
    fn line(&self, i: usize) -> Option<u32>;
    /// The distinct currencies, sorted.
    fn currencies(&self) -> Vec<Currency>;
    fn card_last4s(&self, ctx: &Context) -> Vec<String>;
    /// The step counts of the balance check, (ok, bad, first bad line) in
    /// file order and in reverse, when the sink can count them at once:
    /// every line has a balance, one currency, nothing kept apart.
    fn uniform_steps(&self) -> Option<((usize, usize, Option<usize>), (usize, usize, Option<usize>))> {
        None
    }
    /// Whether line `i` states a balance.
    fn has_balance(&self, i: usize) -> bool {
        self.balance(i).is_some()
    }
    /// Whether line `next`'s balance is line `prev`'s plus `next`'s
    /// movement (`None`: not comparable, another currency or no balance).
    fn step_ok(&self, prev: usize, next: usize) -> Option<bool> {
        if self.currency(prev) != self.currency(next) {
            return None;
        }
        Some(self.balance(prev)? + self.movement(next) == self.balance(next)?)
    }
}

/// Counts kept while rows are read.
#[derive(Default)]
pub(crate) struct Tally {
    skipped: usize,
    missing_currency: bool,
    diagnostics: Vec<Diagnostic>,
}

impl Tally {
    /// A line was read in currency `c` (by the compiled parsers; [`Context::take`] notes its own).
    pub(crate) fn note_currency(&mut self, c: Currency) {
        self.missing_currency |= c.code() == "XXX";
    }
}

/// Whole transactions, for [`read_rows_with`] and the CSV reader.
#[derive(Default)]
pub(crate) struct TxSink {
    pub txs: Vec<Transaction>,
    ledger_fees: Vec<Decimal>,
    balances: Vec<Option<Decimal>>,
}

impl Sink for TxSink {
    fn push<R: Cells + ?Sized>(&mut self, ctx: &Context, r: &R, line: u32) -> Result<Currency, Reason> {
        let (tx, core) = ctx.row(r, line)?;
        let c = tx.currency;
        self.txs.push(tx);
        self.ledger_fees.push(core.ledger_fee);
        self.balances.push(core.balance);
        Ok(c)
    }
}

impl Ledger for TxSink {
    fn len(&self) -> usize {
        self.txs.len()
    }
    fn currency(&self, i: usize) -> Currency {
        self.txs[i].currency
    }
    fn movement(&self, i: usize) -> Decimal {
        self.txs[i].amount - self.ledger_fees[i]
    }
    fn balance(&self, i: usize) -> Option<Decimal> {
        self.balances[i]
    }
    fn line(&self, i: usize) -> Option<u32> {
        self.txs[i].source.line
    }
    fn currencies(&self) -> Vec<Currency> {
        let mut c: Vec<Currency> = self.txs.iter().map(|t| t.currency).collect();
        c.sort();
        c.dedup();
        c
    }
    fn card_last4s(&self, _: &Context) -> Vec<String> {
        self.txs.iter().filter_map(|t| t.card_last4.clone()).collect()
    }
}

impl TxSink {
    /// The finished transactions, with their ids.
    pub(crate) fn into_transactions(mut self) -> Vec<Transaction> {
        assign_ids(&mut self.txs);
        self.txs
    }
}

fn header_currency(columns: &Columns) -> Option<Currency> {
    columns.cols.iter().find_map(|c| c.currency)
}

/// "131.77(已退款89.84)", "-3.90(CN)": a parenthetical note after the number.
fn strip_note(v: &str) -> &str {
    let t = v.trim();
    if let Some(open) = t.find(['(', '（']) {
        let inner = &t[open..];
        let has_digit_before = t[..open].chars().any(|c| c.is_ascii_digit());
        let note_like = inner.chars().any(|c| c.is_alphabetic() && !c.is_ascii_uppercase() || c > '\u{2e80}')
            || inner.trim_matches(|c| c == '(' || c == ')' || c == '（' || c == '）').chars().all(|c| c.is_ascii_uppercase());
        if has_digit_before && note_like && !t.starts_with('(') {
            return t[..open].trim();
        }
    }
    t
}

/// The text cells of one line, by role.
struct Words<'r> {
    description: Option<&'r str>,
    counterparty: Option<&'r str>,
    memo: Option<&'r str>,
    type_text: Option<&'r str>,
    category: Option<&'r str>,
    status: Option<&'r str>,
    direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    In,
    Out,
    Neutral,
    Unknown,
}

fn direction_of(s: &str) -> Direction {
    let t = s.trim().to_lowercase();
    match t.as_str() {
        "支出" | "支" | "出" | "借" | "debit" | "dr" | "d" | "s" | "af" | "soll" | "out" | "debet" => Direction::Out,
        "收入" | "收" | "入" | "贷" | "credit" | "cr" | "c" | "h" | "bij" | "haben" | "in" | "存入" => Direction::In,
        "不计收支" | "/" | "中性交易" | "其他" | "" => Direction::Neutral,
        _ => Direction::Unknown,
    }
}

fn is_pending(s: &str) -> bool {
    let t = s.to_lowercase();
    ["pending", "vorgemerkt", "authori", "处理中", "待入账", "未入账", "in progress", "in bearbeitung", "hold", "待支付", "等待付款", "预授权"]
        .iter()
        .any(|k| t.contains(k))
}

fn is_closed(s: Option<&str>) -> bool {
    s.is_some_and(|s| s.contains("关闭") || s.to_lowercase().contains("closed"))
}

fn outcome_of(s: &str) -> Option<TxOutcome> {
    let t = s.to_lowercase();
    let has = |ks: &[&str]| ks.iter().any(|k| t.contains(k));
    if has(&["partially refunded", "partial refund", "部分退款", "已退款(", "已退款（"]) {
        return Some(TxOutcome::PartiallyRefunded);
    }
    if has(&["全额退款", "refunded", "已退货", "已退款"]) {
        return Some(TxOutcome::Refunded);
    }
    if has(&["declin", "fail", "失败", "拒绝", "rejected", "denied", "abgelehnt"]) {
        return Some(TxOutcome::Declined);
    }
    if has(&["void", "撤销", "冲正", "reverted", "reversed", "cancel", "storniert"]) {
        return Some(TxOutcome::Voided);
    }
    if has(&["关闭", "closed"]) {
        return Some(TxOutcome::Closed);
    }
    if has(&["success", "成功", "approved", "paid", "complete", "已入账", "已到账", "posted", "gebucht", "settled", "captured", "已存入", "已转账", "已收钱"]) {
        return Some(TxOutcome::Approved);
    }
    None
}

fn last4_digits(s: &str) -> Option<String> {
    let d: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    (d.len() >= 4).then(|| d[d.len() - 4..].to_string())
}

/// "中国银行(1234)", "招商银行信用卡（4038）" → "1234".
fn last4_in_parens(s: &str) -> Option<String> {
    let s = s.replace('（', "(").replace('）', ")");
    let open = s.rfind('(')?;
    let close = s[open..].find(')')? + open;
    let inner = &s[open + 1..close];
    (inner.len() == 4 && inner.chars().all(|c| c.is_ascii_digit())).then(|| inner.to_string())
}

fn has_card_words(t: &str) -> bool {
    let l = t.to_lowercase();
    ["信用卡", "credit card", "kreditkarte", "creditcard", "kredietkaart", "carte de crédit"].iter().any(|k| l.contains(k))
}

fn institution_in(t: &str) -> Option<String> {
    [
        "招商银行", "中国银行", "工商银行", "建设银行", "农业银行", "交通银行", "广发银行", "浦发银行", "中信银行", "民生银行", "兴业银行",
        "光大银行", "平安银行", "支付宝", "微信支付", "京东",
    ]
    .iter()
    .find(|k| t.contains(*k))
    .map(|k| k.to_string())
}

/// The currency a preamble names: "Currency: GBP", "Währung: EUR",
/// "币种：美元", "Account currency GBP".
fn preamble_currency(t: &str) -> Option<Currency> {
    const KEYS: [&str; 9] = ["currency", "währung", "waehrung", "devise", "valuta", "moneda", "币种", "币别", "货币"];
    t.lines().find_map(|line| {
        // ASCII lower-casing keeps byte offsets, so `p` indexes `line` too.
        let lower = line.to_ascii_lowercase();
        let (k, p) = KEYS.iter().find_map(|k| lower.find(k).map(|p| (k, p)))?;
        let rest = line.get(p + k.len()..)?;
        let rest = rest.trim_start_matches([':', '：', ' ', '\t', ',', ';', '"']);
        rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '(' | ')' | '（' | '）'))
            .filter(|w| !w.is_empty())
            .take(2)
            .find_map(|w| amount::currency_token(w).or_else(|| Currency::from_symbol(w)).or_else(|| (w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase())).then(|| Currency::new(w)).flatten()))
    })
}

/// Account facts a preamble states: a masked card number, a balance, a date.
fn preamble_account(t: &str) -> Account {
    let mut a = Account::default();
    for line in t.lines() {
        let l = line.trim();
        // A masked card number: digits, a run of * or x, then the last 4
        // digits, on a line that speaks of a card (not a masked phone number).
        let lower = l.to_lowercase();
        let card_line = ["卡号", "卡", "card", "karte", "kaart", "carte", "account", "konto", "账号"].iter().any(|k| lower.contains(k))
            && !lower.contains("支付宝账户");
        if a.last4.is_none() && card_line {
            let chars: Vec<char> = l.chars().collect();
            for i in 0..chars.len() {
                let digit_before = chars[..i].iter().rev().find(|c| **c != ' ').is_some_and(|c| c.is_ascii_digit());
                let masked_run = chars[i..].iter().take_while(|c| matches!(c, '*' | 'x' | 'X')).count() >= 2;
                if matches!(chars[i], '*' | 'x' | 'X') && (digit_before || masked_run) {
                    let rest: String = chars[i..].iter().skip_while(|c| matches!(c, '*' | 'x' | 'X' | ' ')).take_while(|c| c.is_ascii_digit()).collect();
                    if rest.len() >= 4 {
                        a.last4 = Some(rest[rest.len() - 4..].to_string());
                        a.id = Some(format!("****{}", &rest[rest.len() - 4..]));
                        break;
                    }
                }
            }
            // A card number printed in full ("卡号: 6222 0212 3456 7890",
            // "Card number: 4111111111111111"): only its last 4 are kept. Only
            // on a line naming a card: an account line's long number is a
            // sort code + account or an IBAN, not the card on the slips.
            let names_card = ["卡", "card", "karte", "kaart", "carte"].iter().any(|k| lower.contains(k));
            if a.last4.is_none() && names_card {
                if let Some(last4) = full_card_last4(l) {
                    a.id = Some(format!("****{last4}"));
                    a.last4 = Some(last4);
                }
            }
        }
        let value_after = |keys: &[&str]| {
            keys.iter().find_map(|k| lower.strip_prefix(k).map(|_| l[k.len()..].trim_start_matches([':', '：', ' ']).trim().to_string()))
        };
        if let Some(v) = value_after(&["saldo:", "saldo", "balance:", "current balance:", "kontostand:"]) {
            let style = infer_style([v.as_str()]);
            if let Some(b) = parse_amount(&v, style) {
                a.closing_balance = Some(b.value);
                a.currency = a.currency.or(b.currency);
            }
        }
        if let Some(v) = value_after(&["datum:", "date:", "statement date:"]) {
            let order = dates::infer_order([v.as_str()]);
            a.statement_date = dates::parse_date(&v, if order == DateOrder::Mdy { DateOrder::Dmy } else { order }, None);
        }
    }
    a
}

/// The last 4 digits of a card number written in full on a line: a run of
/// 12 to 19 digits, groups split by single spaces or dashes. Shorter runs are
/// dates, phone numbers or sort codes; the rest of the number is dropped here
/// so it is never stored.
fn full_card_last4(line: &str) -> Option<String> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut groups: Vec<usize> = vec![0];
        let mut j = i;
        while j < b.len() {
            if b[j].is_ascii_digit() {
                digits.push(b[j] as char);
                if let Some(g) = groups.last_mut() {
                    *g += 1;
                }
                j += 1;
            } else if matches!(b[j], b' ' | b'-') && b.get(j + 1).is_some_and(u8::is_ascii_digit) && b[j - 1].is_ascii_digit() {
                groups.push(0);
                j += 1;
            } else {
                break;
            }
        }
        let ends_clean = !b.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'*');
        // A card number is printed in groups of four (the last may be
        // shorter: 19-digit UnionPay cards) or passes the Luhn check; "1234
        // 2026 01 31" (a last-4 and a date) is neither.
        let fours = groups.len() >= 3 && groups[..groups.len() - 1].iter().all(|g| *g == 4) && groups.last().is_some_and(|g| (1..=4).contains(g));
        if (13..=19).contains(&digits.len()) && ends_clean && (fours || crate::report::luhn(&digits)) {
            return Some(digits[digits.len() - 4..].to_string());
        }
        i = j.max(i + 1);
    }
    None
}


/// The period a preamble names ("2025年06月-2025年07月", "[2023-02-10 …]",
/// "2024-12-01 至 2024-12-31"): the first and last (year, month) it mentions.
fn period_of(t: &str) -> Option<((i32, u32), (i32, u32))> {
    let chars: Vec<char> = t.chars().collect();
    let mut found: Vec<(i32, u32)> = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let is_year = chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && (i + 4 == chars.len() || !chars[i + 4].is_ascii_digit());
        if is_year {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap_or(0);
            if (1990..=2100).contains(&y) {
                let sep = chars.get(i + 4).copied();
                let m: String = chars.iter().skip(i + 5).take_while(|c| c.is_ascii_digit()).collect();
                let month = if matches!(sep, Some('年' | '-' | '/' | '.')) { m.parse::<u32>().ok().filter(|m| (1..=12).contains(m)) } else { None };
                // "DD.MM.YYYY" / "MM/DD/YYYY": the month is before the year; take
                // the year only, with the whole year as its span.
                match month {
                    Some(m) => found.push((y, m)),
                    None => {
                        found.push((y, 1));
                        found.push((y, 12));
                    }
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    let start = *found.iter().min()?;
    let end = *found.iter().max()?;
    Some((start, end))
}

/// A period from a file name's date ("CMB_5290_20250719.csv"): the month of
/// the export and the eleven before it.
fn period_of_name(name: &str) -> Option<((i32, u32), (i32, u32))> {
    let chars: Vec<char> = name.chars().collect();
    for w in chars.windows(8).enumerate() {
        let (i, w) = w;
        if w.iter().all(|c| c.is_ascii_digit()) && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let s: String = w.iter().collect();
            if let Some(d) = NaiveDate::parse_from_str(&s, "%Y%m%d").ok().filter(|d| (1990..=2100).contains(&d.year())) {
                let end = (d.year(), d.month());
                let start = if d.month() == 12 { (d.year(), 1) } else { (d.year() - 1, d.month() + 1) };
                return Some((start, end));
            }
        }
    }
    None
}

/// Stable ids: the file's own reference where it is unique in the file,
/// else a hash of the line's content and its occurrence among identical
/// lines. (Content + occurrence rather than content + line number, so that
/// the same line keeps its id in an overlapping export that starts earlier;
/// two identical purchases in one export still get different ids.)
pub(crate) fn assign_ids(txs: &mut [Transaction]) {
    let ids: Vec<String> = {
        let mut ref_count: FastMap<&str, u32> = FastMap::with_capacity_and_hasher(txs.len(), Default::default());
        for t in txs.iter() {
            if let Some(r) = own_ref(t) {
                *ref_count.entry(r).or_default() += 1;
            }
        }
        let mut seen: FastMap<u64, u32> = FastMap::with_capacity_and_hasher(txs.len(), Default::default());
        txs.iter()
            .map(|t| {
                if let Some(r) = own_ref(t).filter(|r| ref_count.get(r) == Some(&1)) {
                    return r.to_string();
                }
                let h = content_hash(t);
                let n = seen.entry(h).or_default();
                *n += 1;
                format!("h{h:016x}-{n}")
            })
            .collect()
    };
    for (t, id) in txs.iter_mut().zip(ids) {
        t.id = id;
    }
}

/// FNV-1a over the line's content, byte for byte the same on every platform
/// (native and wasm give the same ids).
pub(crate) fn content_hash(t: &Transaction) -> u64 {
    let mut h = Fnv::default();
    let day = |d: Option<NaiveDate>| d.map(|d| d.num_days_from_ce()).unwrap_or(i32::MIN);
    h.write(&day(t.date).to_le_bytes());
    h.write(&day(t.posted).to_le_bytes());
    let a = t.amount.normalize();
    h.write(&a.mantissa().to_le_bytes());
    h.write(&a.scale().to_le_bytes());
    h.write(t.currency.code().as_bytes());
    h.write(t.description.as_bytes());
    if let Some(time) = t.references.time {
        h.write(&time.num_seconds_from_midnight().to_le_bytes());
    }
    h.finish()
}

pub(crate) fn own_ref(t: &Transaction) -> Option<&str> {
    t.references
        .order_id
        .as_deref()
        .or_else(|| t.references.other.first().map(String::as_str))
        .filter(|r| r.len() >= 4 && !r.chars().all(|c| c == 'x' || c == 'X'))
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_directions() {
        assert_eq!(strip_note("131.77(已退款89.84)"), "131.77");
        assert_eq!(strip_note("-3.90(CN)"), "-3.90");
        assert_eq!(strip_note("(12.00)"), "(12.00)");
        assert_eq!(direction_of("支出"), Direction::Out);
        assert_eq!(direction_of("DEBIT"), Direction::Out);
        assert_eq!(direction_of("不计收支"), Direction::Neutral);
        assert_eq!(last4_in_parens("中国银行(1234)").as_deref(), Some("1234"));
        assert_eq!(last4_digits("51_5 4400 7700 9222443").as_deref(), Some("2443"));
        assert_eq!(period_of("招商银行信用卡交易明细（个人消费卡账户 2025年06月-2025年07月）"), Some(((2025, 6), (2025, 7))));
        assert_eq!(outcome_of("已退款(¥20.21)"), Some(TxOutcome::PartiallyRefunded));
        assert_eq!(outcome_of("交易关闭"), Some(TxOutcome::Closed));
    }
}
