//! The sample's decisions compiled into one parser per column, run on the
//! rows after the sample straight from csv-core's output (see `stream.rs`).
//!
//! The first [`super::stream::SAMPLE_ROWS`] rows decide everything (header,
//! roles, date orders, number styles, sign, currency). After that a line of a
//! big export is nearly always the same shapes again: a date of one fixed
//! form, plain numbers with the column's decimal mark, the same currency
//! code. Each column gets the parser for its role and the plan's decision
//! (date → day number, amount → scaled integer, currency → palette index,
//! descriptor → the arena), and a row whose every cell the parsers accept is
//! typed with no `Decimal`, no per-cell role lookup and no allocation.
//!
//! A row with any cell they do not accept (another date shape, a grouped or
//! signed-in-words amount, a placeholder, a footer, a short row) is handed
//! whole to the general path ([`super::table::Context::take`]), so nothing is
//! lost or typed differently. Accepted cells still vote on the date order
//! and number style exactly as the general path's evidence would count them
//! ([`Compiled::add_evidence`]), so a value after the sample that contradicts
//! it still sends the file to the whole re-read.

use super::clean_cell;
use super::columnar::{Columnar, TypedLine, NO_BALANCE, NO_DATE};
use super::table::{is_placeholder, names_balance_row, starts_footer, Evidence, Plan, Row, Tally};
use crate::money::Currency;
use crate::statement::amount::{currency_token, parse_plain_bytes, Plain};
use crate::statement::dates::{self, DateOrder, OrderTally};
use crate::statement::layouts::Role;
use chrono::Datelike;

#[cfg(test)]
thread_local! {
    /// Rows typed here (tests check the parsers are not bypassed).
    pub(crate) static TYPED_HERE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// What a column is to the compiled parsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not typed: ignored, or kept as text.
    Text,
    /// Date, posted date, value date (the slot in [`TypedLine::dates`]).
    Date(usize),
    Amount,
    Debit,
    Credit,
    Balance,
    Currency,
}

/// The last date read in a column and what it gave: statements are sorted,
/// so the next line nearly always repeats it.
#[derive(Clone, Copy)]
struct DateMemo {
    key: [u8; 10],
    day: i32,
    /// The vote it gives: 0 none, 1 y-m-d, 2 m-d-y, 3 d-m-y; plus 4 when it holds a '.'.
    vote: u8,
}

/// The last currency cell read, what it names and its palette index.
struct CurrencyMemo {
    key: Vec<u8>,
    currency: Currency,
    /// Palette index, and whether it is "XXX" (no currency named).
    index: Option<(u8, bool)>,
}

/// What is done with a text (or currency) cell of each row.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    col: usize,
    /// Among the first four cells: may name a balance row.
    balance_row: bool,
    /// Before the first number: may be the first filled cell, a footer's.
    footer: bool,
    /// Plain number or empty (it votes on the number style).
    votes: bool,
    currency: bool,
    desc: bool,
    kept: bool,
}

/// Votes counted for one amount column: (decimal, ambiguous).
#[derive(Clone, Copy, Default)]
struct StyleVotes {
    dec: usize,
    amb: usize,
}

impl StyleVotes {
    /// Counts a [`Plain::vote`] (1 decimal, 2 ambiguous, 0 none), branch-free.
    #[inline(always)]
    fn add(&mut self, vote: usize) {
        self.dec += (vote == 1) as usize;
        self.amb += (vote == 2) as usize;
    }
}

pub(crate) struct Compiled {
    /// A row narrower than this goes to the general path.
    need: usize,
    date_cols: [Option<usize>; 3],
    orders: [DateOrder; 3],
    amount_col: Option<usize>,
    debit_col: Option<usize>,
    credit_col: Option<usize>,
    balance_col: Option<usize>,
    /// Decimal mark per column (amount kinds only).
    marks: Vec<u8>,
    desc_col: Option<usize>,
    /// Text columns that vote on a number style (original amount, tip):
    /// their cells must be plain numbers or empty here.
    voting_text: Vec<usize>,
    negate: bool,
    fallback_currency: Currency,
    date_memo: [Option<DateMemo>; 3],
    currency_memo: Option<CurrencyMemo>,
    fallback_index: Option<(u8, bool)>,
    /// The cells looked at in text columns, by column.
    looks: Vec<Look>,
    /// The first column holding a date or number.
    first_number: usize,
    // Evidence of the rows typed here.
    date_votes: [OrderTally; 3],
    date_dot: [bool; 3],
    date_filled: [usize; 3],
    style_votes: Vec<StyleVotes>,
    /// Votes of the typed number cells: amount (or debit), credit, balance.
    typed_votes: [StyleVotes; 3],
    /// Scratch: the kept text cells (not the descriptor) of the row being
    /// typed, (start, end) in its record, in column order.
    cells: Vec<(usize, usize)>,
}

#[inline(always)]
fn field<'a>(rec: &'a [u8], ends: &[usize], i: usize) -> &'a [u8] {
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &rec[start..ends[i]]
}

impl Compiled {
    /// Compiles `plan` for the columnar sink `cols` (already set up for the
    /// plan's roles). `None` when the plan needs more than cells to type a
    /// line (a sign from words, a fee, a time column) or its header could
    /// pass for a row the parsers accept (it must stay recognisable as a
    /// repeated header).
    pub(crate) fn new(plan: &Plan, cols: &Columnar) -> Option<Compiled> {
        let d = plan.ctx.decided()?;
        let [date, posted, value, amount, debit, credit, currency, balance, desc, time, fee] = d.first;
        if time.is_some() || fee.is_some() {
            return None;
        }
        let width = d.cols.iter().map(|c| c.1 + 1).max().unwrap_or(0);
        let mut kinds = vec![Kind::Text; width];
        let mut voting_text = Vec::new();
        let typed = [
            (date, Kind::Date(0)),
            (posted, Kind::Date(1)),
            (value, Kind::Date(2)),
            (amount, Kind::Amount),
            (debit, Kind::Debit),
            (credit, Kind::Credit),
            (balance, Kind::Balance),
            (currency, Kind::Currency),
        ];
        for &(role, idx) in &d.cols {
            let first_of = |r: Role| match r {
                Role::Date => date,
                Role::Posted => posted,
                Role::ValueDate => value,
                Role::Amount => amount,
                Role::Debit => debit,
                Role::Credit => credit,
                Role::Balance => balance,
                Role::Currency => currency,
                Role::Description => desc,
                _ => None,
            };
            match role {
                Role::Date | Role::Posted | Role::ValueDate | Role::Amount | Role::Debit | Role::Credit | Role::Balance
                | Role::Currency | Role::Description => {
                    // A second column of a role the line reads once still
                    // votes (dates, amounts); rare enough to leave to the
                    // general path.
                    if first_of(role) != Some(idx) {
                        return None;
                    }
                }
                Role::OrigAmount | Role::Tip if plan.evidence.tallies_amounts(idx) => voting_text.push(idx),
                _ => {}
            }
        }
        for (col, kind) in typed {
            if let Some(c) = col {
                kinds[c] = kind;
            }
        }
        let order_of = |c: Option<usize>| c.and_then(|c| d.orders.iter().find(|o| o.0 == c).map(|o| o.1)).unwrap_or_default();
        let mut marks = vec![b'.'; width];
        for &(c, s) in &d.styles {
            if c < width {
                marks[c] = s.decimal_mark() as u8;
            }
        }
        let date_cols = [date, posted, value];
        let first_number = [date, posted, value, amount, debit, credit, balance].into_iter().flatten().min()?;
        let desc_col = cols.desc_column();
        let text_cols = cols.text_columns().to_vec();
        let looks: Vec<Look> = (0..width.max(4))
            .filter(|&i| matches!(kinds.get(i), None | Some(Kind::Text | Kind::Currency)))
            .map(|i| Look {
                col: i,
                balance_row: i < 4,
                footer: i < first_number,
                votes: voting_text.contains(&i),
                currency: kinds.get(i) == Some(&Kind::Currency),
                desc: Some(i) == desc_col,
                kept: text_cols.binary_search(&i).is_ok(),
            })
            .filter(|l| l.balance_row || l.footer || l.votes || l.currency || l.desc || l.kept)
            .collect();
        // The header repeated among the data must still be dropped as one:
        // it cannot be, if its date cells read as dates here.
        if let Some(h) = plan.header.as_ref() {
            if header_reads_as_dates(h, &date_cols, &[order_of(date), order_of(posted), order_of(value)]) {
                return None;
            }
        }
        Some(Compiled {
            need: width,
            date_cols,
            orders: [order_of(date), order_of(posted), order_of(value)],
            amount_col: amount,
            debit_col: debit,
            credit_col: credit,
            balance_col: balance,
            marks,
            desc_col,
            voting_text,
            negate: d.negate,
            fallback_currency: d.fallback_currency?,
            date_memo: [None; 3],
            currency_memo: None,
            fallback_index: None,
            looks,
            first_number,
            date_votes: [OrderTally::default(); 3],
            date_dot: [false; 3],
            date_filled: [0; 3],
            style_votes: vec![StyleVotes::default(); width],
            typed_votes: [StyleVotes::default(); 3],
            cells: Vec::new(),
        })
    }

    /// A date cell: (day number, vote), or `None` when this parser does not
    /// take it (the general path reads it).
    #[inline]
    fn date(&mut self, slot: usize, f: &[u8]) -> Option<(i32, u8)> {
        let key: [u8; 10] = f.try_into().ok()?;
        if let Some(m) = &self.date_memo[slot] {
            // Two loads and compares, not a `memcmp` call (wasm makes it one).
            if same10(&m.key, &key) {
                return Some((m.day, m.vote));
            }
        }
        let s = std::str::from_utf8(f).ok()?;
        let (d, time) = dates::parse_date_time_fast(s, self.orders[slot])??;
        if time.is_some() {
            return None;
        }
        let vote = date_vote(&key);
        let m = DateMemo { key, day: d.num_days_from_ce(), vote };
        self.date_memo[slot] = Some(m);
        Some((m.day, vote))
    }

    /// A plain number in column `c` (an empty cell is `Ok(None)`).
    #[inline(always)]
    fn number(&self, rec: &[u8], ends: &[usize], c: Option<usize>) -> Result<Option<Plain>, ()> {
        let Some(c) = c else { return Ok(None) };
        let f = field(rec, ends, c);
        if f.is_empty() {
            return Ok(None);
        }
        parse_plain_bytes(f, self.marks[c]).map(Some).ok_or(())
    }

    /// Types the record (`rec`: its fields one after another, `ends`: where
    /// each ends) into `cols` when every cell is one the parsers take and
    /// the row is a transaction line; `false` leaves the row to the general
    /// path untouched.
    pub(crate) fn try_row(&mut self, rec: &[u8], ends: &[usize], line: u32, cols: &mut Columnar, st: &mut Tally) -> bool {
        let width = ends.len();
        if width < self.need {
            return false;
        }
        let mut t = TypedLine { line, dates: [NO_DATE; 3], amount: (0, 0), currency: 0, balance: (0, NO_BALANCE) };
        let mut votes = [0u8; 3];
        let mut filled = [false; 3];
        for slot in 0..3 {
            let Some(c) = self.date_cols[slot] else { continue };
            let f = field(rec, ends, c);
            if f.is_empty() {
                continue;
            }
            let Some((day, vote)) = self.date(slot, f) else { return false };
            t.dates[slot] = day;
            votes[slot] = vote;
            filled[slot] = true;
        }
        if filled == [false; 3] {
            return false;
        }

        // The amount: one signed column, else a debit/credit pair.
        let Ok(single) = self.number(rec, ends, self.amount_col) else { return false };
        let (m, scale, amount_votes) = match single {
            // At most 18 digits: an i64 and its negation always fit.
            Some(p) => {
                let m = if p.negative != self.negate { -p.mantissa } else { p.mantissa };
                t.amount = if m == 0 { (0, 0) } else { (m, p.scale as u8) };
                (None, p.scale, [Some(p), None])
            }
            None if self.amount_col.is_some() => return false,
            None => {
                let (Ok(debit), Ok(credit)) = (self.number(rec, ends, self.debit_col), self.number(rec, ends, self.credit_col)) else {
                    return false;
                };
                if debit.is_none() && credit.is_none() {
                    return false;
                }
                // credit.abs() - debit.abs(), at the larger scale (as `Decimal` subtracts).
                let s = debit.map_or(0, |p| p.scale).max(credit.map_or(0, |p| p.scale));
                let at = |p: Option<Plain>| p.map_or(0, |p| p.mantissa as i128 * 10i128.pow(s - p.scale));
                (Some(at(credit) - at(debit)), s, [debit, credit])
            }
        };
        if let Some(mut m) = m {
            if self.negate {
                m = -m;
            }
            t.amount = if m == 0 {
                (0, 0) // no "-0.00": `Decimal::ZERO`
            } else {
                match i64::try_from(m) {
                    Ok(m) => (m, scale as u8),
                    Err(_) => return false,
                }
            };
        }
        let Ok(balance) = self.number(rec, ends, self.balance_col) else { return false };
        if let Some(b) = balance {
            if b.negative && b.mantissa == 0 {
                return false; // "-0.00" is kept apart by the table
            }
            t.balance = (if b.negative { -b.mantissa } else { b.mantissa }, b.scale as u8);
        }

        // Text cells: only those kept, voting, or that could make the row a
        // footer are looked at.
        self.cells.clear();
        // The first filled cell must be the first number's, or a text cell
        // before it checked below (a footer starts "Total…").
        if field(rec, ends, self.first_number).is_empty() {
            return false;
        }
        let mut first_filled_seen = false;
        let mut from_memo = false;
        let mut text_votes: [(usize, u8); 4] = [(usize::MAX, 0); 4];
        let mut n_text_votes = 0;
        let mut desc = "";
        for look in &self.looks {
            let i = look.col;
            if i >= width {
                break;
            }
            let f = field(rec, ends, i);
            if look.currency && !look.footer {
                // The same cell as the last line's: read, and checked, then.
                if self.currency_memo.as_ref().is_some_and(|m| same_short(&m.key, f)) {
                    from_memo = true;
                    continue;
                }
            }
            let c = clean_cell(text_of(f));
            if look.balance_row && may_name_balance_row(c) && names_balance_row(c) {
                return false;
            }
            let placeholder = (look.footer || look.votes || look.currency) && is_placeholder(c);
            if look.footer && !first_filled_seen && !placeholder {
                if starts_footer(c) {
                    return false;
                }
                first_filled_seen = true;
            }
            if look.votes && !placeholder {
                // What `StyleTally::add` counts without its general branch.
                let Some(p) = parse_plain_bytes(c.as_bytes(), b'.') else { return false };
                if n_text_votes == text_votes.len() {
                    return false;
                }
                text_votes[n_text_votes] = (i, p.vote() as u8);
                n_text_votes += 1;
            }
            if look.currency && !placeholder {
                let hit = self.currency_memo.as_ref().is_some_and(|m| m.key[..] == *f);
                if !hit {
                    let cur = currency_token(c).or_else(|| Currency::from_symbol(c)).unwrap_or(self.fallback_currency);
                    self.currency_memo = Some(CurrencyMemo { key: f.to_vec(), currency: cur, index: None });
                }
                from_memo = true;
            }
            if look.desc {
                desc = c;
            } else if look.kept {
                let start = c.as_ptr() as usize - rec.as_ptr() as usize;
                self.cells.push((start, start + c.len()));
            }
        }
        // Accepted: count the evidence, keep the line.
        for slot in 0..3 {
            if filled[slot] {
                self.date_filled[slot] += 1;
                match votes[slot] & 3 {
                    1 => self.date_votes[slot].ymd += 1,
                    2 => self.date_votes[slot].mdy += 1,
                    3 => self.date_votes[slot].dmy += 1,
                    _ => {}
                }
                self.date_dot[slot] |= votes[slot] & 4 != 0;
            }
        }
        // Into fixed counters (amount or debit, credit, balance), given to
        // their columns by `add_evidence`: no column lookup per row.
        for (k, p) in amount_votes.into_iter().enumerate() {
            if let Some(p) = p {
                self.typed_votes[k].add(p.vote());
            }
        }
        if let Some(b) = balance {
            self.typed_votes[2].add(b.vote());
        }
        for &(c, v) in &text_votes[..n_text_votes] {
            self.count_style(c, v as usize);
        }
        // Palette indexes are taken when a line is kept (a line handed to
        // the general path must not add its currency to the palette).
        let memo = if from_memo { self.currency_memo.as_mut() } else { None };
        let (cur, index) = match memo {
            Some(m) => (m.currency, &mut m.index),
            None => (self.fallback_currency, &mut self.fallback_index),
        };
        let &mut (k, unnamed) = index.get_or_insert_with(|| (cols.currency_index(cur), cur.code() == "XXX"));
        t.currency = k;
        if unnamed {
            st.note_currency(cur);
        }
        cols.push_typed(&t);
        #[cfg(test)]
        TYPED_HERE.with(|n| n.set(n.get() + 1));
        if self.desc_col.is_some() {
            cols.push_desc(desc);
        }
        for &(a, b) in &self.cells {
            cols.push_text(text_of(&rec[a..b]));
        }
        true
    }

    #[inline]
    fn count_style(&mut self, c: usize, vote: usize) {
        self.style_votes[c].add(vote);
    }

    /// Adds the votes of the rows typed here to `more`, the evidence of the
    /// rows after the sample.
    pub(crate) fn add_evidence(&self, more: &mut Evidence) {
        for slot in 0..3 {
            if let Some(c) = self.date_cols[slot] {
                more.add_date_votes(c, self.date_votes[slot], self.date_dot[slot], self.date_filled[slot]);
            }
        }
        let mut style_votes = self.style_votes.clone();
        let typed_cols = match self.amount_col {
            Some(a) => [Some(a), None, self.balance_col],
            None => [self.debit_col, self.credit_col, self.balance_col],
        };
        for (c, v) in typed_cols.into_iter().zip(self.typed_votes) {
            if let Some(c) = c {
                style_votes[c].dec += v.dec;
                style_votes[c].amb += v.amb;
            }
        }
        for (c, v) in style_votes.iter().enumerate() {
            if v.dec + v.amb > 0 {
                let mark = if self.voting_text.contains(&c) { b'.' } else { self.marks[c] };
                more.add_amount_votes(c, mark, v.dec, v.amb);
            }
        }
    }
}

#[inline]
fn same10(a: &[u8; 10], b: &[u8; 10]) -> bool {
    let w = |k: &[u8; 10]| (u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]]), u16::from_le_bytes([k[8], k[9]]));
    w(a) == w(b)
}

/// Equality of short cells (currency codes) without a `memcmp` call.
#[inline]
fn same_short(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A field of csv-core's output as text. The input is a `&str` and csv-core
/// only drops ASCII bytes (quotes, delimiters, line ends) and splits at them,
/// so every field is valid UTF-8; checked in debug builds. (Validating each
/// descriptor again was a tenth of the import in wasm.)
#[inline]
fn text_of(f: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(f).is_ok());
    // SAFETY: see above — `f` is a field of csv-core's output over a `&str`.
    unsafe { std::str::from_utf8_unchecked(f) }
}

/// Whether a cleaned cell could be one of the balance-row words (8 to 23
/// bytes once trimmed): a cheap test before [`names_balance_row`].
#[inline]
fn may_name_balance_row(c: &str) -> bool {
    let b = c.as_bytes();
    match (b.first(), b.last()) {
        // Padded, or starting as one of the words can ('o', 'c', 'b', 'a',
        // 'e', or a Chinese character).
        (Some(&f), Some(&l)) if b.len() >= 8 => {
            !(f.is_ascii_graphic() && l.is_ascii_graphic())
                || (b.len() <= 23 && matches!(f.to_ascii_lowercase(), b'o' | b'c' | b'b' | b'a' | b'e'))
        }
        _ => false,
    }
}

/// The vote [`OrderTally::add`] gives a 10-byte date that
/// [`dates::parse_date_time_fast`] reads: "yyyy-mm-dd" / "yyyy/mm/dd" votes
/// y-m-d; "aa?bb?yyyy" votes d-m-y when only `aa` can be a day above 12,
/// m-d-y when only `bb` can, nothing otherwise.
fn date_vote(k: &[u8; 10]) -> u8 {
    if matches!(k[4], b'-' | b'/') && k[7] == k[4] {
        return 1;
    }
    // Only "dd.mm.yyyy" holds a '.' among the shapes taken (4: the value has one).
    let dot = if k[2] == b'.' { 4 } else { 0 };
    let two = |i: usize| (k[i] - b'0') as u32 * 10 + (k[i + 1] - b'0') as u32;
    let (a, b) = (two(0), two(3));
    dot | if a > 12 && b <= 12 {
        3
    } else if b > 12 && a <= 12 {
        2
    } else {
        0
    }
}

/// Whether the header row has, in a date column, a cell the date parser
/// here would take.
fn header_reads_as_dates(h: &Row, cols: &[Option<usize>; 3], orders: &[DateOrder; 3]) -> bool {
    cols.iter().zip(orders).any(|(c, o)| {
        c.and_then(|c| h.get(c)).is_some_and(|v| v.len() == 10 && matches!(dates::parse_date_time_fast(v, *o), Some(Some(_))))
    })
}
