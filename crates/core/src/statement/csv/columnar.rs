//! Typed transactions column by column: what a big import keeps.
//!
//! A [`Transaction`] owns a dozen strings and options (≈ 400 bytes with its
//! heap parts); 700,000 of them weigh several times the file they came
//! from. [`TransactionTable`] keeps each line's typed core (dates as day
//! numbers, amounts as scaled integers, a currency index, the balance) in
//! flat columns, the descriptor and the other text cells the line needs in
//! two shared arenas, and builds a full [`Transaction`] on demand
//! ([`TransactionTable::get`]) with exactly the fields [`super::read`] gives.
//! Derived facts (kind, status, references) are worked out on demand too,
//! from the stored cells.
//!
//! ```
//! use slipcheck_core::statement::csv::{import_table, read, CsvOptions};
//! let text = "Date,Description,Amount,Balance\n2026-01-02,COFFEE,-3.50,96.50\n2026-01-03,REFUND COFFEE,3.50,100.00\n";
//! let t = import_table("a.csv", text.as_bytes(), &CsvOptions::default());
//! assert_eq!(t.len(), 2);
//! assert_eq!(t.amount(0).to_string(), "-3.50");
//! assert_eq!(t.date(1).unwrap().to_string(), "2026-01-03");
//! assert_eq!(t.description(0), "COFFEE");
//! assert_eq!(t.balance(1).unwrap().to_string(), "100.00");
//! // Whole transactions, the same as the ordinary reader gives.
//! assert_eq!(t.transactions(), read("a.csv", text.as_bytes()).transactions);
//! ```

use super::table::{assign_ids, content_hash, own_ref, Cells, Context, Core, FastMap, Ledger, Plan, Sink};
use super::stream::Reserve;
use super::CsvLayout;
use crate::diag::{Diagnostic, Reason};
use crate::money::Currency;
use crate::statement::layouts::Role;
use crate::statement::{Account, StatementRead, Transaction, TxKind};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rust_decimal::Decimal;
use std::cell::OnceCell;

const NO_DAY: i32 = i32::MIN;
/// Scale marking a value kept in the side list (does not fit an i64, or a
/// negative zero).
const BIG: u8 = 254;
const NONE: u8 = 255;

/// Roles whose cells are typed into columns; every other role's cell is
/// kept as text for [`TransactionTable::get`].
const TYPED: [Role; 10] = [
    Role::Date,
    Role::Posted,
    Role::ValueDate,
    Role::Time,
    Role::Amount,
    Role::Debit,
    Role::Credit,
    Role::Currency,
    Role::Balance,
    Role::Fee,
];

/// The columns being filled.
#[derive(Default)]
pub(crate) struct Columnar {
    ready: bool,
    rows: usize,
    /// Line minus row number: constant unless blank lines or multi-line
    /// cells come between rows.
    line_offset: Uniform<u32>,
    date: Vec<i32>,
    posted: Vec<i32>,
    value_date: Vec<i32>,
    /// Seconds after midnight + 1 (0: none); empty until a line has a time.
    time: Vec<u32>,
    amount: Ints,
    amount_scale: Uniform<u8>,
    big_amounts: Vec<(u32, Decimal)>,
    /// Palette index per row: nearly always one currency for the whole file.
    currency: Uniform<u8>,
    palette: Vec<Currency>,
    balance: Ints,
    balance_scale: Uniform<u8>,
    big_balances: Vec<(u32, Decimal)>,
    /// Sparse: (row, fee folded into the amount), (row, fee kept apart).
    fees: Vec<(u32, Decimal)>,
    ledger_fees: Vec<(u32, Decimal)>,
    /// The kind the sign needed (only when it did): 0–7, or 8 for none.
    kind: Vec<u8>,
    has_kind: bool,
    has_balance: bool,
    has_posted: bool,
    has_value_date: bool,
    desc_col: Option<usize>,
    /// The descriptors' text, one after another (UTF-8: only whole `&str`s
    /// are appended).
    desc: Vec<u8>,
    desc_end: Vec<u32>,
    text_cols: Vec<usize>,
    text: String,
    text_end: Vec<u32>,
    width: usize,
}

/// Integers stored in 4 bytes while they fit, widened to 8 (once, for the
/// whole column) when one does not: amounts and balances in cents fit 32
/// bits in nearly every personal statement.
#[derive(Default)]
struct Ints {
    narrow: Vec<i32>,
    wide: Option<Vec<i64>>,
}

impl Ints {
    #[inline(always)]
    fn push(&mut self, v: i64) {
        match (&mut self.wide, i32::try_from(v)) {
            (Some(w), _) => w.push(v),
            (None, Ok(n)) => self.narrow.push(n),
            (None, Err(_)) => {
                let mut w: Vec<i64> = Vec::with_capacity(self.narrow.capacity().max(self.narrow.len() + 1));
                w.extend(self.narrow.iter().map(|&n| n as i64));
                w.push(v);
                self.narrow = Vec::new();
                self.wide = Some(w);
            }
        }
    }
    fn get(&self, i: usize) -> i64 {
        match &self.wide {
            Some(w) => w[i],
            None => self.narrow[i] as i64,
        }
    }
    fn reserve(&mut self, n: usize) {
        match &mut self.wide {
            Some(w) => w.reserve(n),
            None => self.narrow.reserve(n),
        }
    }
}

/// Appends a short byte string: eight bytes at a time, then the tail in at
/// most three writes, into capacity reserved once (no capacity check per
/// write). A descriptor is some 25 bytes; a `memcpy` call per line was a
/// twentieth of the whole import in wasm, and a check per byte pushed most
/// of that back.
#[inline]
fn append(v: &mut Vec<u8>, b: &[u8]) {
    use std::mem::MaybeUninit;
    fn put<const N: usize>(d: &mut [MaybeUninit<u8>], s: &[u8]) {
        let w: [u8; N] = s[..N].try_into().unwrap_or([0; N]);
        d[..N].copy_from_slice(&w.map(MaybeUninit::new));
    }
    v.reserve(b.len());
    let len = v.len();
    let spare = &mut v.spare_capacity_mut()[..b.len()];
    let mut at = 0;
    while at + 8 <= b.len() {
        put::<8>(&mut spare[at..], &b[at..]);
        at += 8;
    }
    if at + 4 <= b.len() {
        put::<4>(&mut spare[at..], &b[at..]);
        at += 4;
    }
    if at + 2 <= b.len() {
        put::<2>(&mut spare[at..], &b[at..]);
        at += 2;
    }
    if at < b.len() {
        spare[at].write(b[at]);
        at += 1;
    }
    debug_assert_eq!(at, b.len());
    // SAFETY: the `b.len()` bytes after `len` lie in the capacity reserved
    // above and every one of them was written by the stores above.
    unsafe { v.set_len(len + b.len()) }
}

/// Small per-row codes (decimal scales, line offsets) that are nearly always
/// the same: one value until a row differs, then one per row.
#[derive(Default)]
struct Uniform<T: Copy + PartialEq> {
    value: Option<T>,
    /// `value` while every row has it (no `per_row` yet): the common push
    /// is then one compare.
    same: Option<T>,
    len: usize,
    per_row: Vec<T>,
}

impl<T: Copy + PartialEq> Uniform<T> {
    #[inline(always)]
    fn push(&mut self, v: T) {
        if self.same == Some(v) {
            self.len += 1;
        } else {
            self.push_other(v);
        }
    }
    /// The first row, or a row that differs (or comes after one that did).
    #[cold]
    #[inline(never)]
    fn push_other(&mut self, v: T) {
        if !self.per_row.is_empty() {
            self.per_row.push(v);
            return;
        }
        match self.value {
            None => {
                self.value = Some(v);
                self.same = Some(v);
            }
            Some(u) if u == v => {}
            Some(u) => {
                self.per_row = vec![u; self.len];
                self.per_row.push(v);
                self.same = None;
            }
        }
        self.len += 1;
    }
    fn get(&self, i: usize) -> T {
        if self.per_row.is_empty() {
            self.value.expect("a pushed row")
        } else {
            self.per_row[i]
        }
    }
}

fn day(d: Option<NaiveDate>) -> i32 {
    d.map(|d| d.num_days_from_ce()).unwrap_or(NO_DAY)
}

fn undays(n: i32) -> Option<NaiveDate> {
    if n == NO_DAY {
        None
    } else {
        NaiveDate::from_num_days_from_ce_opt(n)
    }
}

/// A decimal as (mantissa, scale), or `BIG` when it does not fit.
fn split(d: Decimal) -> (i64, u8) {
    match i64::try_from(d.mantissa()) {
        Ok(m) if !(d.is_zero() && d.is_sign_negative()) => (m, d.scale() as u8),
        _ => (0, BIG),
    }
}

fn kind_code(k: Option<TxKind>) -> u8 {
    match k {
        Some(TxKind::Purchase) => 0,
        Some(TxKind::Refund) => 1,
        Some(TxKind::Fee) => 2,
        Some(TxKind::Transfer) => 3,
        Some(TxKind::Cash) => 4,
        Some(TxKind::Interest) => 5,
        Some(TxKind::Payment) => 6,
        Some(TxKind::Other) => 7,
        None => 8,
    }
}

fn kind_of_code(c: u8) -> Option<TxKind> {
    Some(match c {
        0 => TxKind::Purchase,
        1 => TxKind::Refund,
        2 => TxKind::Fee,
        3 => TxKind::Transfer,
        4 => TxKind::Cash,
        5 => TxKind::Interest,
        6 => TxKind::Payment,
        7 => TxKind::Other,
        _ => return None,
    })
}

fn sparse(list: &[(u32, Decimal)], i: usize) -> Option<Decimal> {
    list.binary_search_by_key(&(i as u32), |e| e.0).ok().map(|k| list[k].1)
}

/// One line typed by the compiled parsers (`fast.rs`): dates as day
/// numbers (`NO_DAY` for none), the signed amount and the balance as
/// (mantissa, scale), the balance's scale `NONE` when the line has none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TypedLine {
    pub line: u32,
    pub dates: [i32; 3],
    pub amount: (i64, u8),
    pub currency: u8,
    pub balance: (i64, u8),
}

pub(crate) const NO_DATE: i32 = NO_DAY;
pub(crate) const NO_BALANCE: u8 = NONE;

impl Columnar {
    /// Makes the columns for `ctx`'s roles, if no line has done so yet.
    pub(crate) fn ready_for(&mut self, ctx: &Context) {
        if !self.ready {
            self.setup(ctx);
        }
    }

    /// The palette index of `c` (added when new).
    pub(crate) fn currency_index(&mut self, c: Currency) -> u8 {
        let k = match self.palette.iter().position(|p| *p == c) {
            Some(k) => k,
            None => {
                self.palette.push(c);
                self.palette.len() - 1
            }
        };
        k.min(255) as u8
    }

    /// Keeps a line typed by the compiled parsers: the same columns
    /// [`Sink::push`] fills from a line's [`Core`]. The descriptor and the
    /// other text cells follow with [`Columnar::push_desc`] and
    /// [`Columnar::push_text`] (in `text_columns` order).
    #[inline]
    pub(crate) fn push_typed(&mut self, t: &TypedLine) {
        let row = self.rows as u32;
        self.rows += 1;
        self.line_offset.push(t.line.wrapping_sub(row));
        self.date.push(t.dates[0]);
        if self.has_posted {
            self.posted.push(t.dates[1]);
        }
        if self.has_value_date {
            self.value_date.push(t.dates[2]);
        }
        if !self.time.is_empty() {
            self.time.push(0);
        }
        self.amount.push(t.amount.0);
        self.amount_scale.push(t.amount.1);
        self.currency.push(t.currency);
        if self.has_balance {
            self.balance.push(t.balance.0);
            self.balance_scale.push(t.balance.1);
        }
    }

    #[inline]
    pub(crate) fn push_desc(&mut self, d: &str) {
        if self.desc_col.is_some() {
            append(&mut self.desc, d.as_bytes());
            self.desc_end.push(self.desc.len() as u32);
        }
    }

    #[inline]
    pub(crate) fn push_text(&mut self, t: &str) {
        self.text.push_str(t);
        self.text_end.push(self.text.len() as u32);
    }

    /// The columns kept as text, in the order their cells are pushed.
    pub(crate) fn text_columns(&self) -> &[usize] {
        &self.text_cols
    }

    /// The descriptor column kept, if any.
    pub(crate) fn desc_column(&self) -> Option<usize> {
        self.desc_col
    }

    /// Movement and balance of line `i` as scaled integers, when they are
    /// kept so (no fee kept apart on the line, no value in the side lists).
    #[inline]
    fn scaled_step(&self, i: usize) -> Option<((i64, u8), (i64, u8))> {
        let (a, b) = (self.amount_scale.get(i), self.balance_scale.get(i));
        if a >= BIG || b >= BIG || (!self.ledger_fees.is_empty() && sparse(&self.ledger_fees, i).is_some()) {
            return None;
        }
        Some(((self.amount.get(i), a), (self.balance.get(i), b)))
    }

    fn setup(&mut self, ctx: &Context) {
        self.ready = true;
        let cols = ctx.columns_used();
        self.has_kind = !ctx.sign_is_plain();
        self.has_balance = cols.iter().any(|c| c.0 == Role::Balance);
        self.has_posted = cols.iter().any(|c| c.0 == Role::Posted);
        self.has_value_date = cols.iter().any(|c| c.0 == Role::ValueDate);
        self.desc_col = cols.iter().find(|c| c.0 == Role::Description).map(|c| c.1);
        self.text_cols = cols.iter().filter(|c| !TYPED.contains(&c.0) && Some(c.1) != self.desc_col).map(|c| c.1).collect();
        self.text_cols.sort();
        self.text_cols.dedup();
        self.width = cols.iter().map(|c| c.1 + 1).max().unwrap_or(0);
    }

    fn len(&self) -> usize {
        self.rows
    }

    fn line(&self, i: usize) -> u32 {
        i as u32 + self.line_offset.get(i)
    }

    fn amount(&self, i: usize) -> Decimal {
        match self.amount_scale.get(i) {
            BIG => sparse(&self.big_amounts, i).unwrap_or_default(),
            s => Decimal::new(self.amount.get(i), s as u32),
        }
    }

    fn balance(&self, i: usize) -> Option<Decimal> {
        if !self.has_balance {
            return None;
        }
        match self.balance_scale.get(i) {
            NONE => None,
            BIG => sparse(&self.big_balances, i),
            s => Some(Decimal::new(self.balance.get(i), s as u32)),
        }
    }

    fn description_cell(&self, i: usize) -> &str {
        if self.desc_col.is_none() {
            return "";
        }
        let end = self.desc_end[i] as usize;
        let start = if i == 0 { 0 } else { self.desc_end[i - 1] as usize };
        std::str::from_utf8(&self.desc[start..end]).unwrap_or("")
    }

    fn text_cell(&self, i: usize, k: usize) -> &str {
        let n = self.text_cols.len();
        let at = i * n + k;
        let end = self.text_end[at] as usize;
        let start = if at == 0 { 0 } else { self.text_end[at - 1] as usize };
        &self.text[start..end]
    }

    fn core(&self, i: usize) -> Core {
        let time = self.time.get(i).copied().filter(|t| *t > 0).and_then(|t| NaiveTime::from_num_seconds_from_midnight_opt(t - 1, 0));
        Core {
            date: undays(self.date[i]),
            posted: if self.has_posted { undays(self.posted[i]) } else { None },
            value_date: if self.has_value_date { undays(self.value_date[i]) } else { None },
            time,
            amount: self.amount(i),
            currency: self.palette[self.currency.get(i) as usize],
            fee: sparse(&self.fees, i).unwrap_or_default(),
            ledger_fee: sparse(&self.ledger_fees, i).unwrap_or_default(),
            balance: self.balance(i),
            kind: if self.has_kind { Some(kind_of_code(self.kind[i])) } else { None },
        }
    }
}

/// Row `i`'s stored cells, seen as a row of the table.
struct Stored<'a> {
    t: &'a Columnar,
    i: usize,
}

impl Cells for Stored<'_> {
    fn raw(&self, idx: usize) -> Option<&str> {
        if Some(idx) == self.t.desc_col {
            return Some(self.t.description_cell(self.i));
        }
        match self.t.text_cols.binary_search(&idx) {
            Ok(k) => Some(self.t.text_cell(self.i, k)),
            Err(_) if idx < self.t.width => Some(""),
            Err(_) => None,
        }
    }
    fn width(&self) -> usize {
        self.t.width
    }
}

impl Sink for Columnar {
    fn push<R: Cells + ?Sized>(&mut self, ctx: &Context, r: &R, line: u32) -> Result<Currency, Reason> {
        if !self.ready {
            self.setup(ctx);
        }
        let c = ctx.core(r)?;
        let row = self.rows as u32;
        self.rows += 1;
        self.line_offset.push(line.wrapping_sub(row));
        self.date.push(day(c.date));
        if self.has_posted {
            self.posted.push(day(c.posted));
        }
        if self.has_value_date {
            self.value_date.push(day(c.value_date));
        }
        if let Some(t) = c.time {
            if self.time.is_empty() {
                self.time.resize(row as usize, 0);
            }
            self.time.push(t.num_seconds_from_midnight() + 1);
        } else if !self.time.is_empty() {
            self.time.push(0);
        }
        let (m, s) = split(c.amount);
        if s == BIG {
            self.big_amounts.push((row, c.amount));
        }
        self.amount.push(m);
        self.amount_scale.push(s);
        let cur = match self.palette.iter().position(|p| *p == c.currency) {
            Some(k) => k,
            None => {
                self.palette.push(c.currency);
                self.palette.len() - 1
            }
        };
        // More than 255 currencies in one statement: not a statement.
        self.currency.push(cur.min(255) as u8);
        if self.has_balance {
            let (m, s) = match c.balance {
                None => (0, NONE),
                Some(b) => split(b),
            };
            if s == BIG {
                self.big_balances.push((row, c.balance.unwrap_or_default()));
            }
            self.balance.push(m);
            self.balance_scale.push(s);
        }
        if !c.fee.is_zero() {
            self.fees.push((row, c.fee));
        }
        if !c.ledger_fee.is_zero() {
            self.ledger_fees.push((row, c.ledger_fee));
        }
        if self.has_kind {
            self.kind.push(kind_code(c.kind.flatten()));
        }
        if let Some(d) = self.desc_col {
            self.desc.extend_from_slice(r.raw(d).unwrap_or("").as_bytes());
            self.desc_end.push(self.desc.len() as u32);
        }
        for &k in &self.text_cols {
            self.text.push_str(r.raw(k).unwrap_or(""));
            self.text_end.push(self.text.len() as u32);
        }
        Ok(c.currency)
    }
}

impl Reserve for Columnar {
    fn reserve(&mut self, rows: usize, bytes_per_row: usize) {
        let n = self.len().max(1);
        let desc_per_row = self.desc.len() / n + 1;
        let text_per_row = self.text.len() / n + 1;
        // Room for what the sample suggests, and 3% more: a vector that
        // doubles at the last row costs as much memory as the whole table.
        let rows = rows + rows / 32;
        let _ = bytes_per_row;
        self.date.reserve(rows);
        self.amount.reserve(rows);
        if self.has_posted {
            self.posted.reserve(rows);
        }
        if self.has_value_date {
            self.value_date.reserve(rows);
        }
        if self.has_balance {
            self.balance.reserve(rows);
        }
        if self.has_kind {
            self.kind.reserve(rows);
        }
        if self.desc_col.is_some() {
            self.desc.reserve(rows * desc_per_row);
            self.desc_end.reserve(rows);
        }
        if !self.text_cols.is_empty() {
            self.text.reserve(rows * text_per_row);
            self.text_end.reserve(rows * self.text_cols.len());
        }
    }
    fn columnar(&mut self) -> Option<&mut Columnar> {
        Some(self)
    }
}

impl Ledger for Columnar {
    fn len(&self) -> usize {
        self.rows
    }
    fn currency(&self, i: usize) -> Currency {
        self.palette[self.currency.get(i) as usize]
    }
    fn movement(&self, i: usize) -> Decimal {
        self.amount(i) - sparse(&self.ledger_fees, i).unwrap_or_default()
    }
    fn balance(&self, i: usize) -> Option<Decimal> {
        Columnar::balance(self, i)
    }
    fn line(&self, i: usize) -> Option<u32> {
        Some(Columnar::line(self, i))
    }
    fn currencies(&self) -> Vec<Currency> {
        let mut c = self.palette.clone();
        c.sort();
        c
    }
    fn card_last4s(&self, ctx: &Context) -> Vec<String> {
        if !ctx.has_card_column() {
            return vec![];
        }
        (0..self.len()).filter_map(|i| ctx.card_last4(&Stored { t: self, i })).collect()
    }
    fn has_balance(&self, i: usize) -> bool {
        self.has_balance && self.balance_scale.get(i) != NONE
    }
    fn uniform_steps(&self) -> Option<((usize, usize, Option<usize>), (usize, usize, Option<usize>))> {
        let (Some(sa), Some(sb)) = (self.amount_scale.value, self.balance_scale.value) else { return None };
        let uniform = self.amount_scale.per_row.is_empty() && self.balance_scale.per_row.is_empty();
        if !self.has_balance || !uniform || sa >= BIG || sb >= BIG || self.palette.len() != 1 || !self.ledger_fees.is_empty() {
            return None;
        }
        let n = self.rows;
        let (mut fwd, mut rev) = ((0, 0, None), (0, 0, None));
        if let (true, None, None) = (sa == sb, &self.amount.wide, &self.balance.wide) {
            // One scale, every value in 32 bits (nearly every statement):
            // adjacent pairs in i64, which cannot overflow.
            let (a, b) = (&self.amount.narrow[..n], &self.balance.narrow[..n]);
            for (i, (bw, aw)) in b.windows(2).zip(a.windows(2)).enumerate() {
                let (b0, b1, m0, m1) = (bw[0] as i64, bw[1] as i64, aw[0] as i64, aw[1] as i64);
                if b0 + m1 == b1 {
                    fwd.0 += 1;
                } else {
                    fwd.1 += 1;
                    fwd.2.get_or_insert(i + 1);
                }
                if b1 + m0 == b0 {
                    rev.0 += 1;
                } else {
                    rev.1 += 1;
                    rev.2 = Some(i);
                }
            }
            return Some((fwd, rev));
        }
        if sa == sb {
            // One scale (nearly every statement): plain i64 sums; one that
            // overflows cannot equal a balance that fits.
            let (bal, mov) = (|i: usize| self.balance.get(i), |i: usize| self.amount.get(i));
            for i in 1..n {
                let (b0, b1) = (bal(i - 1), bal(i));
                if b0.checked_add(mov(i)) == Some(b1) {
                    fwd.0 += 1;
                } else {
                    fwd.1 += 1;
                    fwd.2.get_or_insert(i);
                }
                if b1.checked_add(mov(i - 1)) == Some(b0) {
                    rev.0 += 1;
                } else {
                    rev.1 += 1;
                    rev.2 = Some(i - 1);
                }
            }
            return Some((fwd, rev));
        }
        let s = sa.max(sb);
        let ka = 10i128.checked_pow((s - sa) as u32)?;
        let kb = 10i128.checked_pow((s - sb) as u32)?;
        let bal = |i: usize| self.balance.get(i) as i128 * kb;
        let mov = |i: usize| self.amount.get(i) as i128 * ka;
        for i in 1..n {
            // File order: line i after line i-1; reverse: line i-1 after line i.
            let (b0, b1) = (bal(i - 1), bal(i));
            if b0 + mov(i) == b1 {
                fwd.0 += 1;
            } else {
                fwd.1 += 1;
                fwd.2.get_or_insert(i);
            }
            if b1 + mov(i - 1) == b0 {
                rev.0 += 1;
            } else {
                rev.1 += 1;
                rev.2 = Some(i - 1); // the last one found is the first in reverse order
            }
        }
        Some((fwd, rev))
    }
    /// In scaled integers (the balance check runs over every line of a big
    /// import; `Decimal` arithmetic was most of its time): equal values at
    /// any scales compare equal, as `Decimal`s do.
    fn step_ok(&self, prev: usize, next: usize) -> Option<bool> {
        if self.currency.get(prev) != self.currency.get(next) {
            return None;
        }
        if let (Some((_, bp)), Some((mn, bn))) = (self.scaled_step(prev), self.scaled_step(next)) {
            if bp.1 != NONE && bn.1 != NONE {
                let s = bp.1.max(mn.1).max(bn.1);
                let at = |(m, k): (i64, u8)| (m as i128).checked_mul(10i128.checked_pow((s - k) as u32)?);
                if let (Some(p), Some(m), Some(n)) = (at(bp), at(mn), at(bn)) {
                    return Some(p + m == n);
                }
            }
        }
        Some(self.balance(prev)? + self.movement(next) == self.balance(next)?)
    }
}

impl Reserve for super::table::TxSink {
    fn reserve(&mut self, rows: usize, _: usize) {
        self.txs.reserve(rows);
    }
}

/// Typed transactions of one CSV file, column by column (see the module
/// docs). Built by [`super::import_table`].
pub struct TransactionTable {
    plan: Option<Plan>,
    cols: Columnar,
    /// The account the file describes (one, or none when it was refused).
    pub accounts: Vec<Account>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the reader guessed about the file ([`super::CsvOptions`] fixes it).
    pub layout: Option<CsvLayout>,
    /// Per line: 0 when its id is its own reference, else its occurrence
    /// among lines of identical content (worked out on the first `get`).
    ids: OnceCell<Vec<u32>>,
}

impl TransactionTable {
    pub(crate) fn new(out: StatementRead, done: Option<(Plan, Columnar)>) -> TransactionTable {
        let (plan, cols) = match done {
            Some((p, c)) => (Some(p), c),
            None => (None, Columnar::default()),
        };
        TransactionTable {
            layout: out.layout.or_else(|| plan.as_ref().map(Plan::layout)),
            plan,
            cols,
            accounts: out.accounts,
            diagnostics: out.diagnostics,
            ids: OnceCell::new(),
        }
    }

    /// Number of transactions.
    pub fn len(&self) -> usize {
        self.cols.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Transaction date of line `i` (panics when `i >= len()`, as slices do).
    pub fn date(&self, i: usize) -> Option<NaiveDate> {
        undays(self.cols.date[i])
    }
    pub fn posted(&self, i: usize) -> Option<NaiveDate> {
        self.cols.core(i).posted
    }
    pub fn value_date(&self, i: usize) -> Option<NaiveDate> {
        self.cols.core(i).value_date
    }
    /// Signed amount (negative = money out; a fee charged on the line included).
    pub fn amount(&self, i: usize) -> Decimal {
        self.cols.amount(i)
    }
    pub fn currency(&self, i: usize) -> Currency {
        self.cols.palette[self.cols.currency.get(i) as usize]
    }
    /// Running balance after line `i`, where the file gives one.
    pub fn balance(&self, i: usize) -> Option<Decimal> {
        self.cols.balance(i)
    }
    /// The descriptor column's text of line `i` ("" when the file has none;
    /// [`TransactionTable::get`] then builds the description from other cells).
    pub fn description(&self, i: usize) -> &str {
        self.cols.description_cell(i)
    }
    /// 1-based line in the file.
    pub fn line(&self, i: usize) -> u32 {
        assert!(i < self.len(), "line {i} of {}", self.len());
        self.cols.line(i)
    }

    /// Line `i` as a whole [`Transaction`], equal to the one
    /// [`super::read`] gives for it (id included). The first call numbers
    /// the file's identical lines (one pass over the table, nothing kept
    /// but a number per line).
    pub fn get(&self, i: usize) -> Transaction {
        let occurrence = self.ids.get_or_init(|| {
            let mut refs: FastMap<String, u32> = FastMap::default();
            for k in 0..self.len() {
                if let Some(r) = own_ref(&self.bare(k)) {
                    *refs.entry(r.to_string()).or_default() += 1;
                }
            }
            let mut seen: FastMap<u64, u32> = FastMap::default();
            (0..self.len())
                .map(|k| {
                    let t = self.bare(k);
                    if own_ref(&t).is_some_and(|r| refs.get(r) == Some(&1)) {
                        return 0;
                    }
                    let n = seen.entry(content_hash(&t)).or_default();
                    *n += 1;
                    *n
                })
                .collect()
        });
        let mut t = self.bare(i);
        t.id = match occurrence[i] {
            0 => own_ref(&t).unwrap_or_default().to_string(),
            n => format!("h{:016x}-{n}", content_hash(&t)),
        };
        t
    }

    /// Every line as a [`Transaction`], as [`super::read`] gives them.
    pub fn transactions(&self) -> Vec<Transaction> {
        let mut all: Vec<Transaction> = (0..self.len()).map(|k| self.bare(k)).collect();
        assign_ids(&mut all);
        all
    }

    /// The whole read, as [`super::read_with`] returns it.
    pub fn into_statement(self) -> StatementRead {
        StatementRead { transactions: self.transactions(), accounts: self.accounts, diagnostics: self.diagnostics, layout: self.layout }
    }

    fn bare(&self, i: usize) -> Transaction {
        let Some(plan) = &self.plan else { unreachable!("a refused table has no lines") };
        let core = self.cols.core(i);
        plan.ctx.complete(&Stored { t: &self.cols, i }, self.cols.line(i), &core)
    }
}
