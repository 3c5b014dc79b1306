//! The case in comparable form, the candidate index and the scoring signals.
//!
//! Candidates come from three indexes, never from an all-pairs scan:
//! - amount: per (line currency, direction, day) the lines sorted by amount;
//!   a receipt asks each day of its date window for the amount bands it can
//!   explain (exact, tip within scheme tolerance, DCC home amount, network FX
//!   via a plausible rate band, partial approval);
//! - name: per (currency, direction, day, name key) for pairs whose amounts
//!   differ but whose merchant and date agree (the amount_mismatch family);
//! - identifier: order id / RRN / auth code.
//!
//! ```
//! use slipcheck_core::reconcile::engine::approx_rate;
//! let r = approx_rate("EUR", "USD").unwrap();
//! assert!(r > 1.0 && r < 1.3);
//! ```

use super::descriptor::{fold_char, folded_tokens, norm_id, similarity_tokens};
use super::{assign::assign, assign::assign_rows, CaseReceipt, CheckOptions, Signal};
use crate::money::Currency;
use crate::receipt::{ReceiptKind, ReceiptStatus};
use crate::statement::{Account, AccountKind, Transaction, TxKind, TxStatus};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Reference mid rates in USD per unit, only to bound a plausible conversion
/// band (±25 %) when the statement line does not give the original amount.
/// Rates drift; the band is wide on purpose and never decides an amount.
const USD_PER_UNIT: &[(&str, f64)] = &[
    ("USD", 1.0),
    ("EUR", 1.10),
    ("GBP", 1.30),
    ("CHF", 1.15),
    ("CNY", 0.14),
    ("JPY", 0.0068),
    ("MXN", 0.055),
    ("HKD", 0.128),
    ("CAD", 0.73),
    ("AUD", 0.66),
    ("NZD", 0.60),
    ("SEK", 0.095),
    ("DKK", 0.147),
    ("NOK", 0.095),
    ("PLN", 0.25),
    ("CZK", 0.044),
    ("HUF", 0.0028),
    ("KRW", 0.00073),
    ("SGD", 0.75),
    ("THB", 0.029),
    ("INR", 0.012),
    ("AED", 0.27),
    ("ZAR", 0.055),
    ("BRL", 0.19),
    ("MYR", 0.22),
    ("TWD", 0.031),
    ("ISK", 0.0073),
    ("ILS", 0.27),
    ("PHP", 0.018),
    ("IDR", 0.000063),
    ("VND", 0.00004),
    ("TRY", 0.03),
];

/// Approximate units of `to` per unit of `from`.
pub fn approx_rate(from: &str, to: &str) -> Option<f64> {
    let f = USD_PER_UNIT.iter().find(|(c, _)| *c == from)?.1;
    let t = USD_PER_UNIT.iter().find(|(c, _)| *c == to)?.1;
    Some(f / t)
}

/// A fast hasher for small integer keys and short names (the similarity
/// cache is hit per candidate, names are interned per line; SipHash's DoS
/// resistance buys nothing here). FxHash's mixing step.
#[derive(Default, Clone, Copy)]
pub struct PairHasher(u64);

impl PairHasher {
    #[inline]
    fn mix(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        for b in chunks.remainder() {
            self.mix(*b as u64);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.mix(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.mix(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
}

pub type BuildPairHasher = std::hash::BuildHasherDefault<PairHasher>;
type FastMap<K, V> = HashMap<K, V, BuildPairHasher>;

/// The last four digits of a card, OCR confusables folded (`x5I21` → `5121`).
/// Four bytes instead of a `String`: one per statement line and receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Last4([u8; 4]);

impl Last4 {
    /// The last four digits in `s` after folding confusables, if it has four.
    pub fn parse(s: &str) -> Option<Last4> {
        let mut d = [0u8; 4];
        let mut n = 0usize;
        for c in s.chars() {
            let f = fold_char(c);
            if f.is_ascii_digit() {
                d = [d[1], d[2], d[3], f as u8];
                n += 1;
            }
        }
        (n >= 4).then_some(Last4(d))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl std::fmt::Display for Last4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the receipt is, for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A purchase (sale slip, e-receipt, notice, completion, pre-auth).
    Sale,
    /// A refund slip: expects a credit.
    Refund,
    /// A void slip: expects no statement line at all.
    Void,
}

#[derive(Debug, Clone)]
pub struct LineInfo {
    pub date: Option<NaiveDate>,
    pub posted: Option<NaiveDate>,
    pub eff: Option<NaiveDate>,
    pub abs: Decimal,
    pub debit: bool,
    /// Interned name id (descriptor + counterparty), shared with receipts'
    /// merchant names: the similarity cache's key.
    pub desc: usize,
    pub last4: Option<Last4>,
    pub acct_kind: AccountKind,
    pub account: Option<usize>,
    pub stmt_date: Option<NaiveDate>,
    pub currency: Currency,
    pub pending: bool,
    pub kind: TxKind,
    pub ids: Vec<String>,
    /// Time of day: from the file's own field, else from the descriptor
    /// (camt "2025-05-28T15:19", ABN AMRO "28.05.25/15.19").
    pub time: Option<chrono::NaiveTime>,
}

#[derive(Debug, Clone)]
pub struct SlipInfo {
    pub date: Option<NaiveDate>,
    /// Interned name id (see [`LineInfo::desc`]).
    pub name: usize,
    pub currency: Option<Currency>,
    /// What the slip says was (or will be) paid or refunded, in its currency.
    pub total: Option<Decimal>,
    /// Subtotal before tip, where the slip has a tip line (filled or blank).
    pub tip_base: Option<Decimal>,
    pub role: Role,
    /// Declined, failed, timed out or a fault slip.
    pub failed: bool,
    /// Partial approval (response 10): the charge may be below the total.
    pub partial: bool,
    pub ids: Vec<String>,
    pub last4: Option<Last4>,
    /// The slip has a DCC block (the receipt is read only then).
    pub dcc: bool,
    /// Time of day printed on the slip.
    pub time: Option<chrono::NaiveTime>,
}

/// How the line's amount relates to the slip's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountFit {
    Exact,
    /// The DCC home amount printed on the slip.
    DccHome,
    /// DCC slip, but the posted amount differs from the printed home amount.
    DccDiffers,
    /// The line's original amount equals the slip total (network FX).
    FxOriginal,
    /// The line's original amount differs from the slip total.
    FxOriginalDiffers,
    /// Within a plausible conversion band (no original amount on the line).
    FxRate,
    /// Above the subtotal by at most the scheme's tip tolerance.
    Tip,
    /// Partial approval: below the requested total.
    Partial,
    /// Differs with no explanation.
    Differs,
}

/// A pair's verdict without its explanation: what the candidate search and
/// the assignment need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub points: i64,
    pub fit: AmountFit,
    /// Descriptor similarity, 0..=1.
    pub sim: f64,
}

/// A pair's verdict with the signals in words (for the chosen pairs).
#[derive(Debug, Clone)]
pub struct Scored {
    pub points: i64,
    pub fit: AmountFit,
    /// Line amount minus the amount the slip expects, in the line's currency
    /// (zero for conversions that cannot be compared).
    pub diff: Decimal,
    /// Descriptor similarity, 0..=1.
    pub sim: f64,
    pub signals: Vec<Signal>,
}

/// "None" in the hot arrays' integer fields.
const NO_DAY: i32 = i32::MIN;
const NO_MILLS: i64 = i64::MIN;
const NO_CUR: u16 = u16::MAX;

/// Hot-line flags.
const L_DEBIT: u16 = 1;
const L_PENDING: u16 = 2;
/// Not a transfer, interest or fee line, and not a hold replaced by its posting.
const L_OPEN: u16 = 4;
/// `m` is exact (see [`exact_mills`]).
const L_EXACT: u16 = 8;
const L_IDS: u16 = 16;
const L_TIME: u16 = 32;

/// What the candidate search and the scoring loop read of a statement line,
/// 32 bytes, stored in content (date) order so that a receipt's candidates —
/// close in date — are close in memory. Everything else (Decimal amounts,
/// strings, identifiers) stays in [`LineInfo`] and is read only on the rare
/// paths (conversions, unusual amounts, identifiers, time of day) and for the
/// words of chosen pairs.
#[derive(Debug, Clone, Copy)]
struct HotLine {
    /// |amount| in thousandths, rounded ([`mills`]); exact when `L_EXACT`.
    m: i64,
    /// Day numbers of the effective, transaction and posting dates, or `NO_DAY`.
    day: i32,
    tx_day: i32,
    post_day: i32,
    /// Interned name id.
    desc: u32,
    /// The last four digits as one number (0: none).
    last4: u32,
    /// Index into [`Case::currencies`].
    cur: u16,
    flags: u16,
}

impl HotLine {
    #[inline]
    fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }
    /// Can this line be a purchase's (debit) or refund's (credit) statement
    /// line? Never for a void slip, a transfer, interest, a fee, or a hold
    /// its posting replaced.
    #[inline]
    fn open_for(&self, role: Role) -> bool {
        self.has(L_OPEN)
            && match role {
                Role::Sale => self.has(L_DEBIT),
                Role::Refund => !self.has(L_DEBIT),
                Role::Void => false,
            }
    }
}

fn opt_day(d: i32) -> Option<i32> {
    (d != NO_DAY).then_some(d)
}

fn last4_num(l: Option<Last4>) -> u32 {
    l.map_or(0, |l| u32::from_le_bytes(l.0))
}

/// What the candidate search and the scoring loop read of a receipt, in one
/// cache line, stored in solving order.
#[derive(Debug, Clone, Copy)]
struct SlipHot {
    /// `total` / tip base in exact thousandths, or `NO_MILLS`.
    total_x: i64,
    tip_x: i64,
    /// `mills(total)`.
    total_m: i64,
    day: i32,
    name: u32,
    last4: u32,
    /// Index into [`Case::currencies`], or `NO_CUR` (no currency on the slip).
    cur: u16,
    has_total: bool,
    has_tip_base: bool,
    failed: bool,
    partial: bool,
    dcc: bool,
    has_ids: bool,
    has_time: bool,
    role: Role,
}

pub struct Case<'a> {
    pub accounts: &'a [Account],
    pub txs: &'a [Transaction],
    pub receipts: &'a [CaseReceipt],
    pub opts: &'a CheckOptions,
    pub lines: Vec<LineInfo>,
    pub slips: Vec<SlipInfo>,
    /// Line indices in content order (the assignment's node numbering).
    /// Effective date is the first key (undated lines first): the hold and
    /// split-order searches rely on it to look only at a date window.
    pub line_order: Vec<usize>,
    pub slip_order: Vec<usize>,
    /// Pending line → the booked line that replaced it (hold → posting).
    pub superseded: BTreeMap<usize, usize>,
    /// The case's "today".
    pub today: NaiveDate,
    /// Interned names: tokens and name-index keys per name id.
    names: Names,
    /// (receipt name, line name) → similarity: names repeat a lot.
    sim_cache: RefCell<FastMap<(u32, u32), f64>>,
    /// The lines' hot fields in content order (index = rank), and each
    /// line's rank.
    hot: Vec<HotLine>,
    line_rank: Vec<u32>,
    /// The receipts' hot fields in solving order, and each receipt's rank.
    slip_hot: Vec<SlipHot>,
    slip_rank: Vec<u32>,
    /// The distinct currencies of lines and receipts (hot `cur` ids).
    currencies: Vec<Currency>,
}

/// The assignment's result.
#[derive(Debug, Clone, Default)]
pub struct Pairs {
    /// Receipt index → line index.
    pub of_slip: Vec<Option<usize>>,
    pub pinned: Vec<bool>,
}

/// |d| in thousandths, in integer arithmetic (this runs per candidate).
fn mills(d: Decimal) -> i64 {
    let m = d.mantissa().unsigned_abs();
    let scale = d.scale();
    let v = if scale <= 3 {
        m.checked_mul(10u128.pow(3 - scale))
    } else {
        let div = 10u128.pow(scale - 3);
        Some((m + div / 2) / div)
    };
    v.and_then(|v| i64::try_from(v).ok())
        .unwrap_or(i64::MAX / 4)
}

/// `d` in thousandths, signed, only when that is exact and small enough
/// (below a billion units) that integer comparisons in the scoring loop give
/// exactly what the `Decimal` comparisons would.
fn exact_mills(d: Decimal) -> Option<i64> {
    let m = d.mantissa();
    let scale = d.scale();
    let v = if scale <= 3 {
        m.checked_mul(10i128.pow(3 - scale))?
    } else {
        let div = 10i128.pow(scale - 3);
        if m % div != 0 {
            return None;
        }
        m / div
    };
    (v.abs() < 1_000_000_000_000).then_some(v as i64)
}

fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (a - b).num_days()
}

fn day_no(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// The date of a day number from [`day_no`].
fn from_day_no(d: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d).unwrap_or_default()
}

/// A day number (or `NO_DAY`, first) as 32 order-preserving bits.
fn day_bits(d: i32) -> u32 {
    (d as i64 - i32::MIN as i64) as u32
}

/// Record indices sorted by a packed key (numeric sort keys above bit 32,
/// the index in the low 32 bits); runs whose numeric keys are equal are then
/// ordered by `tie` (which ends with the index).
fn order_by_packed_key(
    mut keys: Vec<u128>,
    mut tie: impl FnMut(usize, usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    debug_assert!(keys.len() <= u32::MAX as usize);
    keys.sort_unstable();
    let mut order: Vec<usize> = keys.iter().map(|k| (*k as u32) as usize).collect();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j] >> 32 == keys[i] >> 32 {
            j += 1;
        }
        if j - i > 1 {
            order[i..j].sort_unstable_by(|&a, &b| tie(a, b));
        }
        i = j;
    }
    order
}

/// Name keys for the name index: a folded four-character prefix per token,
/// robust to truncation and OCR confusables.
fn name_keys(tokens: &[String]) -> BTreeSet<String> {
    tokens
        .iter()
        .map(|t| t.chars().take(4).collect::<String>())
        .filter(|k| k.chars().count() >= 2 || !k.is_ascii())
        .collect()
}

/// Merchant names and descriptors, interned: lines and receipts repeat a
/// few names thousands of times, so tokens, name keys and similarities are
/// computed once per distinct name, not per record or per candidate.
#[derive(Default)]
struct Names {
    ids: FastMap<String, u32>,
    tokens: Vec<Vec<String>>,
    /// Name-index key ids per name.
    keys: Vec<Vec<u32>>,
    key_ids: FastMap<String, u32>,
}

impl Names {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.tokens.len() as u32;
        let tokens = folded_tokens(name);
        let mut keys = Vec::new();
        for k in name_keys(&tokens) {
            let n = self.key_ids.len() as u32;
            keys.push(*self.key_ids.entry(k).or_insert(n));
        }
        self.tokens.push(tokens);
        self.keys.push(keys);
        self.ids.insert(name.to_string(), id);
        id
    }
}

fn line_ids(t: &Transaction) -> Vec<String> {
    let r = &t.references;
    let mut v: Vec<String> = [&r.order_id, &r.merchant_order_id, &r.rrn, &r.auth_code]
        .into_iter()
        .flatten()
        .chain(r.other.iter())
        .map(|s| norm_id(s))
        .filter(|s| s.len() >= 6)
        .collect();
    v.sort();
    v.dedup();
    v
}
/// A time of day printed inside a descriptor: `…T15:19` after an ISO date,
/// or `dd.mm.yy/15.19` (Dutch card payments).
fn time_in_text(s: &str) -> Option<chrono::NaiveTime> {
    let b = s.as_bytes();
    let num = |i: usize| -> Option<u32> {
        let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit()).then(|| ((x - b'0') * 10 + (y - b'0')) as u32)
    };
    for i in 1..b.len() {
        let lead = b[i - 1];
        let sep_ok = (lead == b'T' && i >= 3 && b[i - 2].is_ascii_digit())
            || (lead == b'/' && i >= 3 && b[i - 2].is_ascii_digit());
        if !sep_ok {
            continue;
        }
        let (Some(h), Some(m)) = (num(i), num(i + 3)) else {
            continue;
        };
        let mid = b.get(i + 2).copied();
        if matches!(mid, Some(b':') | Some(b'.')) {
            if let Some(t) = chrono::NaiveTime::from_hms_opt(h, m, 0) {
                return Some(t);
            }
        }
    }
    None
}

/// Resolves a year-less date (a Chinese SMS "03月02日" read with a placeholder
/// year) to the year that puts it inside the statement period.
fn resolve_year(d: NaiveDate, lo: Option<NaiveDate>, hi: Option<NaiveDate>) -> NaiveDate {
    if d.year() >= 1990 {
        return d;
    }
    let Some(hi) = hi else { return d };
    let lo = lo.unwrap_or(hi);
    let mut best = d;
    let mut best_dist = i64::MAX;
    for y in [hi.year() - 1, hi.year(), hi.year() + 1] {
        if let Some(c) = NaiveDate::from_ymd_opt(y, d.month(), d.day()) {
            let dist = if c < lo {
                days(lo, c)
            } else if c > hi {
                days(c, hi)
            } else {
                0
            };
            if dist < best_dist {
                best_dist = dist;
                best = c;
            }
        }
    }
    best
}

impl<'a> Case<'a> {
    pub fn new(
        accounts: &'a [Account],
        txs: &'a [Transaction],
        receipts: &'a [CaseReceipt],
        opts: &'a CheckOptions,
    ) -> Case<'a> {
        let mut stmt_dates: FastMap<Option<usize>, NaiveDate> = HashMap::default();
        for t in txs {
            if let Some(d) = t.posted.or(t.date) {
                let e = stmt_dates.entry(t.account).or_insert(d);
                *e = (*e).max(d);
            }
        }
        // Per account, computed once rather than per line.
        let acct_last4: Vec<Option<Last4>> = accounts
            .iter()
            .map(|a| {
                a.last4
                    .as_deref()
                    .filter(|_| a.kind == AccountKind::Card)
                    .and_then(Last4::parse)
            })
            .collect();
        let mut names = Names::default();
        let mut joined = String::new();
        // Currencies as small ids for the hot arrays (a case has a handful).
        let mut currencies: Vec<Currency> = Vec::new();
        let mut cur_id = |c: Currency| -> u16 {
            match currencies.iter().position(|x| *x == c) {
                Some(i) => i as u16,
                None => {
                    currencies.push(c);
                    (currencies.len() - 1) as u16
                }
            }
        };
        let mut hot_of_line: Vec<HotLine> = Vec::with_capacity(txs.len());
        let lines: Vec<LineInfo> =
            txs.iter()
                .map(|t| {
                    let acct = t.account.and_then(|a| accounts.get(a));
                    let acct_kind = acct.map(|a| a.kind).unwrap_or_default();
                    let desc = match &t.counterparty {
                        Some(c) => {
                            joined.clear();
                            joined.push_str(&t.description);
                            joined.push(' ');
                            joined.push_str(c);
                            names.intern(&joined)
                        }
                        None => names.intern(&t.description),
                    };
                    let abs = t.amount.abs();
                    let eff = t.effective_date();
                    let debit = t.amount < Decimal::ZERO;
                    let last4 =
                        t.card_last4.as_deref().and_then(Last4::parse).or_else(|| {
                            t.account.and_then(|a| acct_last4.get(a).copied().flatten())
                        });
                    let ids = line_ids(t);
                    let time = t.references.time.or_else(|| time_in_text(&t.description));
                    let abs_mills = exact_mills(abs);
                    let pending = t.status == TxStatus::Pending;
                    let mut flags = 0;
                    for (on, f) in [
                        (debit, L_DEBIT),
                        (pending, L_PENDING),
                        (
                            !matches!(t.kind, TxKind::Transfer | TxKind::Interest | TxKind::Fee),
                            L_OPEN,
                        ),
                        (abs_mills.is_some(), L_EXACT),
                        (!ids.is_empty(), L_IDS),
                        (time.is_some(), L_TIME),
                    ] {
                        if on {
                            flags |= f;
                        }
                    }
                    hot_of_line.push(HotLine {
                        m: mills(abs),
                        day: eff.map_or(NO_DAY, day_no),
                        tx_day: t.date.map_or(NO_DAY, day_no),
                        post_day: t.posted.map_or(NO_DAY, day_no),
                        desc,
                        last4: last4_num(last4),
                        cur: cur_id(t.currency),
                        flags,
                    });
                    LineInfo {
                        date: t.date,
                        posted: t.posted,
                        eff,
                        abs,
                        debit,
                        desc: desc as usize,
                        last4,
                        acct_kind,
                        account: t.account,
                        stmt_date: acct
                            .and_then(|a| a.statement_date)
                            .or_else(|| stmt_dates.get(&t.account).copied()),
                        currency: t.currency,
                        pending,
                        kind: t.kind,
                        ids,
                        time,
                    }
                })
                .collect();
        let lo = hot_of_line
            .iter()
            .map(|h| h.day)
            .filter(|&d| d != NO_DAY)
            .min();
        let hi = hot_of_line
            .iter()
            .map(|h| h.day)
            .max()
            .filter(|&d| d != NO_DAY);
        let (lo, hi) = (lo.map(from_day_no), hi.map(from_day_no));
        let mut hot_of_slip: Vec<SlipHot> = Vec::with_capacity(receipts.len());
        let slips: Vec<SlipInfo> = receipts
            .iter()
            .map(|cr| {
                let r = &cr.receipt;
                let role = match r.kind {
                    ReceiptKind::Refund => Role::Refund,
                    ReceiptKind::Void => Role::Void,
                    _ => Role::Sale,
                };
                // "Bedrag 27,20 / Fooi 1,30 / Totaal 28,50" prints no subtotal:
                // the amount before the tip is the total less the tip.
                let tip_base = r
                    .subtotal
                    .or_else(|| match (r.total, r.tip) {
                        (Some(t), Some(p)) if p > Decimal::ZERO && p < t => Some(t - p),
                        _ => None,
                    })
                    .filter(|_| r.tip.is_some() || r.total.is_none() || r.tip_line_blank);
                let total = r
                    .total
                    .or_else(|| match (r.subtotal, r.tip) {
                        (Some(s), Some(t)) => Some(s + t),
                        (Some(s), None) => Some(s),
                        _ => None,
                    })
                    .or_else(|| r.dcc.as_ref().and_then(|d| d.transaction_amount))
                    .map(|t| t.abs());
                let partial = r.response_code.as_deref().map(str::trim) == Some("10")
                    || r.requested_amount
                        .is_some_and(|q| r.total.is_some_and(|t| q > t));
                let mut ids: Vec<String> = [&r.order_id, &r.rrn, &r.auth_code, &r.invoice]
                    .into_iter()
                    .flatten()
                    .map(|s| norm_id(s))
                    .filter(|s| s.len() >= 6)
                    .collect();
                ids.sort();
                ids.dedup();
                let name = match r.merchant.as_deref() {
                    Some(m) if !m.is_empty() => m,
                    _ => r
                        .items
                        .first()
                        .map(|i| i.description.as_str())
                        .unwrap_or(""),
                };
                let name = names.intern(name);
                let date = r.date.map(|d| resolve_year(d, lo, hi));
                let total_m = total.map_or(0, mills);
                let last4 = r.card_last4.as_deref().and_then(Last4::parse);
                hot_of_slip.push(SlipHot {
                    total_x: total.and_then(exact_mills).unwrap_or(NO_MILLS),
                    tip_x: tip_base.and_then(exact_mills).unwrap_or(NO_MILLS),
                    total_m,
                    day: date.map_or(NO_DAY, day_no),
                    name,
                    last4: last4_num(last4),
                    cur: r.currency.map_or(NO_CUR, &mut cur_id),
                    has_total: total.is_some(),
                    has_tip_base: tip_base.is_some(),
                    failed: r.status != ReceiptStatus::Approved,
                    partial,
                    dcc: r.dcc.is_some(),
                    has_ids: !ids.is_empty(),
                    has_time: r.time.is_some(),
                    role,
                });
                SlipInfo {
                    date,
                    name: name as usize,
                    currency: r.currency,
                    total,
                    tip_base,
                    role,
                    failed: r.status != ReceiptStatus::Approved,
                    partial,
                    ids,
                    last4,
                    dcc: r.dcc.is_some(),
                    time: r.time,
                }
            })
            .collect();
        // Content order: the numeric keys packed into one integer per record
        // (day, amount, direction, input index), so the sort compares
        // integers; only runs equal on the numeric keys are then ordered by
        // the strings (the same order as one sort with the full comparison).
        let line_order = order_by_packed_key(
            hot_of_line
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    ((day_bits(h.day) as u128) << 95)
                        | ((h.m.max(0) as u128) << 33)
                        | ((h.has(L_DEBIT) as u128) << 32)
                        | i as u128
                })
                .collect(),
            |a, b| {
                let (ta, tb) = (&txs[a], &txs[b]);
                ta.description
                    .cmp(&tb.description)
                    .then_with(|| ta.id.cmp(&tb.id))
                    .then_with(|| ta.posted.cmp(&tb.posted))
                    .then_with(|| ta.source.file.cmp(&tb.source.file))
                    .then_with(|| ta.source.line.cmp(&tb.source.line))
                    .then_with(|| a.cmp(&b))
            },
        );
        let slip_order = order_by_packed_key(
            hot_of_slip
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let t = if h.has_total { h.total_m.max(0) + 1 } else { 0 };
                    ((day_bits(h.day) as u128) << 96) | ((t as u128) << 32) | i as u128
                })
                .collect(),
            |a, b| {
                receipts[a]
                    .receipt
                    .merchant
                    .cmp(&receipts[b].receipt.merchant)
                    .then_with(|| receipts[a].id.cmp(&receipts[b].id))
                    .then_with(|| a.cmp(&b))
            },
        );
        let today = opts
            .as_of
            .or(hi)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
        let hot: Vec<HotLine> = line_order.iter().map(|&li| hot_of_line[li]).collect();
        let mut line_rank = vec![0u32; lines.len()];
        for (rank, &li) in line_order.iter().enumerate() {
            line_rank[li] = rank as u32;
        }
        let slip_hot: Vec<SlipHot> = slip_order.iter().map(|&si| hot_of_slip[si]).collect();
        let mut slip_rank = vec![0u32; slips.len()];
        for (rank, &si) in slip_order.iter().enumerate() {
            slip_rank[si] = rank as u32;
        }
        let mut case = Case {
            accounts,
            txs,
            receipts,
            opts,
            lines,
            slips,
            line_order,
            slip_order,
            superseded: BTreeMap::new(),
            today,
            names,
            sim_cache: RefCell::new(HashMap::default()),
            hot,
            line_rank,
            slip_hot,
            slip_rank,
            currencies,
        };
        case.superseded = case.find_superseded_holds();
        for &p in case.superseded.keys() {
            let r = case.line_rank[p] as usize;
            case.hot[r].flags &= !L_OPEN;
        }
        case
    }

    /// Hold → posting: each pending debit is paired (one-to-one, optimally)
    /// with a later booked debit from the same merchant whose amount a hold
    /// can turn into (fuel and hotel holds drop, restaurant holds grow by the
    /// tip). Booked lines are in date order, so each hold looks only at its
    /// window, not at every line.
    fn find_superseded_holds(&self) -> BTreeMap<usize, usize> {
        let pend: Vec<usize> = self
            .line_order
            .iter()
            .copied()
            .filter(|&i| self.lines[i].pending && self.lines[i].debit)
            .collect();
        let booked: Vec<usize> = self
            .line_order
            .iter()
            .copied()
            .filter(|&i| !self.lines[i].pending && self.lines[i].debit)
            .collect();
        if pend.is_empty() || booked.is_empty() {
            return BTreeMap::new();
        }
        let mut edges = Vec::new();
        for (pi, &p) in pend.iter().enumerate() {
            let lp = &self.lines[p];
            let Some(pd) = lp.eff else { continue };
            let first =
                booked.partition_point(|&b| self.lines[b].eff.is_none_or(|bd| days(bd, pd) < -1));
            for (bi, &b) in booked.iter().enumerate().skip(first) {
                let lb = &self.lines[b];
                let Some(bd) = lb.eff else { continue };
                let gap = days(bd, pd);
                if gap > 14 {
                    break;
                }
                if lb.currency != lp.currency || lb.account != lp.account {
                    continue;
                }
                let ratio = (lb.abs / lp.abs.max(Decimal::new(1, 2)))
                    .to_f64()
                    .unwrap_or(0.0);
                if !(0.05..=1.35).contains(&ratio) {
                    continue;
                }
                let sim = similarity_tokens(self.tokens(lp.desc), self.tokens(lb.desc));
                if sim < 0.6 {
                    continue;
                }
                let w = (sim * 500.0) as i64 + 200 - 10 * gap.abs()
                    + if lb.abs == lp.abs { 100 } else { 0 };
                edges.push((pi, bi, w.max(1)));
            }
        }
        let a = assign(pend.len(), booked.len(), &edges);
        a.into_iter()
            .enumerate()
            .filter_map(|(pi, b)| b.map(|b| (pend[pi], booked[b])))
            .collect()
    }

    /// Descriptor similarity of receipt `si` and line `li`, cached per
    /// distinct (merchant name, descriptor).
    pub fn sim(&self, si: usize, li: usize) -> f64 {
        self.sim_names(self.slips[si].name as u32, self.lines[li].desc as u32)
    }

    /// Receipts in solving order whose date lies within `from..=to` (day
    /// numbers), after every undated receipt (the order `slip_order` has:
    /// undated first, then by date). A date-window search without a scan.
    pub fn slips_undated_or_between(&self, from: i32, to: i32) -> impl Iterator<Item = usize> + '_ {
        let undated = self.slip_hot.partition_point(|h| h.day == NO_DAY);
        let a = self
            .slip_hot
            .partition_point(|h| h.day < from.max(NO_DAY + 1));
        let b = self.slip_hot.partition_point(|h| h.day <= to);
        self.slip_order[..undated]
            .iter()
            .chain(&self.slip_order[a.max(undated)..b.max(a).max(undated)])
            .copied()
    }

    /// The folded tokens of an interned name ([`LineInfo::desc`],
    /// [`SlipInfo::name`]).
    pub fn tokens(&self, name: usize) -> &[String] {
        &self.names.tokens[name]
    }

    /// Similarity of two interned names, cached.
    fn sim_names(&self, name: u32, desc: u32) -> f64 {
        let key = (name, desc);
        if let Some(v) = self.sim_cache.borrow().get(&key) {
            return *v;
        }
        let v = similarity_tokens(
            &self.names.tokens[name as usize],
            &self.names.tokens[desc as usize],
        );
        self.sim_cache.borrow_mut().insert(key, v);
        v
    }

    /// All signals for one pair, with words; `None` when the pair is not a
    /// candidate.
    pub fn score(&self, si: usize, li: usize) -> Option<Scored> {
        let mut signals = Vec::new();
        let (v, diff) = self.judge(
            self.slip_rank[si] as usize,
            self.line_rank[li] as usize,
            self.sim(si, li),
            Some(&mut signals),
        )?;
        Some(Scored {
            points: v.points,
            fit: v.fit,
            diff,
            sim: v.sim,
            signals,
        })
    }

    /// The same verdict and points without the words (the candidate search
    /// scores many pairs and explains few).
    pub fn points(&self, si: usize, li: usize) -> Option<Verdict> {
        self.judge(
            self.slip_rank[si] as usize,
            self.line_rank[li] as usize,
            self.sim(si, li),
            None,
        )
        .map(|x| x.0)
    }

    /// Is `l.abs / total` (total at least 0.01) within 0.3..=3? In exact
    /// thousandths away from the two boundaries; at a boundary, through the
    /// `Decimal` division the rule was written with.
    #[cfg(test)]
    fn ratio_ok(lm: i64, tm: i64, abs: Decimal, total: Decimal) -> bool {
        Self::ratio_ok_hot(lm, tm, || (abs, total))
    }

    /// [`Case::ratio_ok`] with the `Decimal` amounts fetched only at a
    /// boundary (they live in the cold records).
    #[inline]
    fn ratio_ok_hot(lm: i64, tm: i64, amounts: impl FnOnce() -> (Decimal, Decimal)) -> bool {
        let t = tm.max(10);
        if 10 * lm == 3 * t || lm == 3 * t {
            let (abs, total) = amounts();
            let ratio = (abs / total.max(Decimal::new(1, 2)))
                .to_f64()
                .unwrap_or(0.0);
            return (0.3..=3.0).contains(&ratio);
        }
        10 * lm > 3 * t && lm < 3 * t
    }

    /// The verdict for one pair and, when `words` is given, the signals in
    /// words and the amount difference. One function for both, so the points
    /// the assignment used and the explanation shown can never disagree.
    ///
    /// `sr` and `lr` are the receipt's and the line's ranks (solving and
    /// content order), `sim` their names' similarity. The common case reads
    /// only the two hot records; the full records (`sc`, `lc`) are read on
    /// the rare paths and for the words.
    fn judge(
        &self,
        sr: usize,
        lr: usize,
        sim: f64,
        mut words: Option<&mut Vec<Signal>>,
    ) -> Option<(Verdict, Decimal)> {
        macro_rules! txt {
            ($($t:tt)*) => { if words.is_some() { format!($($t)*) } else { String::new() } };
        }
        macro_rules! say {
            ($name:expr, $value:expr, $points:expr, $words:expr) => {
                if let Some(w) = words.as_deref_mut() {
                    w.push(Signal {
                        name: $name.into(),
                        value: $value.into(),
                        points: $points,
                        words: $words,
                    });
                }
            };
        }
        let s = &self.slip_hot[sr];
        let l = &self.hot[lr];
        if !s.has_total {
            return None;
        }
        let si = self.slip_order[sr];
        let li = self.line_order[lr];
        let (sc, lc) = (&self.slips[si], &self.lines[li]);
        let cur = self.currencies[l.cur as usize];
        let id_hit = s.has_ids && l.has(L_IDS) && sc.ids.iter().any(|i| lc.ids.contains(i));
        // Time of day, where both sides have it (wallet bills, camt/MT940
        // descriptors, SMS): tells same-day purchases apart, and the same
        // minute on the same day is strong evidence on its own.
        let time_hit = s.has_time
            && l.has(L_TIME)
            && match (sc.time, lc.time, sc.date, lc.date) {
                (Some(rt), Some(lt), Some(rd), Some(ld)) if rd == ld => {
                    (lt - rt).num_seconds().abs() <= 120
                }
                _ => false,
            };

        // Amount.
        let mut diff = Decimal::ZERO;
        let fit;
        let amount_words;
        let dcc_home = if s.dcc {
            self.receipts[si].receipt.dcc.as_ref().and_then(|d| {
                let hc = d.home_currency.unwrap_or(cur);
                if hc == cur {
                    d.home_amount
                } else {
                    None
                }
            })
        } else {
            None
        };
        let foreign = if s.cur != NO_CUR && s.cur != l.cur && dcc_home.is_none() {
            sc.currency
        } else {
            None
        };
        if let Some(h) = dcc_home {
            let l = lc;
            diff = l.abs - h;
            if diff.abs() < Decimal::new(1, 2) {
                fit = AmountFit::DccHome;
                amount_words = txt!(
                    "equals the {cur} {h} the slip printed for the currency conversion the customer accepted"
                );
            } else if (diff / h).abs() <= Decimal::new(15, 2) {
                fit = AmountFit::DccDiffers;
                amount_words = txt!(
                    "{cur} {} but the conversion printed on the slip was {cur} {h}",
                    l.abs
                );
            } else {
                return None;
            }
        } else if let Some(fc) = foreign {
            let (l, total) = (lc, sc.total?);
            let t = self.txs.get(li)?;
            if t.original_currency == Some(fc) && t.original_amount.is_some() {
                let o = t.original_amount.unwrap_or_default().abs();
                if (o - total).abs() < Decimal::new(1, 2) {
                    fit = AmountFit::FxOriginal;
                    amount_words = txt!(
                        "original amount {fc} {o} equals the slip; converted by the card network"
                    );
                } else if sim >= 0.6 {
                    fit = AmountFit::FxOriginalDiffers;
                    diff = o - total;
                    amount_words = txt!("original amount {fc} {o} but the slip says {fc} {total}");
                } else {
                    return None;
                }
            } else {
                let rate = approx_rate(fc.code(), cur.code());
                let implied = (l.abs / total.max(Decimal::new(1, 2)))
                    .to_f64()
                    .unwrap_or(0.0);
                match rate {
                    Some(rt) if implied >= rt * 0.75 && implied <= rt * 1.25 => {
                        fit = AmountFit::FxRate;
                        amount_words = txt!(
                            "{cur} {} for {fc} {total}: an implied rate of {implied:.4}, plausible for a network conversion",
                            l.abs
                        );
                    }
                    None if sim >= 0.6 => {
                        fit = AmountFit::FxRate;
                        amount_words = txt!(
                            "{cur} {} for {fc} {total}: converted (rate not checked)",
                            l.abs
                        );
                    }
                    _ => return None,
                }
            }
        } else {
            // Same currency: exact, tip, partial or unexplained. In exact
            // integer thousandths when both amounts allow it (the hot path:
            // every candidate of every receipt), else in `Decimal`.
            let fast =
                l.has(L_EXACT) && s.total_x != NO_MILLS && (!s.has_tip_base || s.tip_x != NO_MILLS);
            let (exact, tip, below, ratio_ok) = if fast {
                let (lm, tm) = (l.m, s.total_x);
                (
                    (lm - tm).abs() < 5,
                    s.tip_x != NO_MILLS && lm > s.tip_x && lm * 100 <= s.tip_x * 135,
                    lm < tm,
                    Self::ratio_ok_hot(lm, tm, || (lc.abs, sc.total.unwrap_or_default())),
                )
            } else {
                {
                    let (s, l, total) = (sc, lc, sc.total.unwrap_or_default());
                    let d = l.abs - total;
                    (
                        d.abs() < Decimal::new(5, 3),
                        s.tip_base
                            .is_some_and(|b| l.abs > b && l.abs <= b * Decimal::new(135, 2)),
                        l.abs < total,
                        (0.3..=3.0).contains(
                            &(l.abs / total.max(Decimal::new(1, 2)))
                                .to_f64()
                                .unwrap_or(0.0),
                        ),
                    )
                }
            };
            // The full records, read only for the words.
            let labs = || lc.abs;
            let total = || sc.total.unwrap_or_default();
            if words.is_some() {
                diff = labs() - total();
            }
            if exact {
                fit = AmountFit::Exact;
                amount_words = txt!("exactly {cur} {}, as on the slip", total());
            } else if tip && (sim >= 0.5 || id_hit) {
                let base = || sc.tip_base.unwrap_or_default();
                fit = AmountFit::Tip;
                amount_words = txt!(
                    "{cur} {}: the slip's {cur} {} before tip plus {cur} {} — within the tip tolerance",
                    labs(),
                    base(),
                    labs() - base()
                );
            } else if s.partial && below && (sim >= 0.5 || id_hit) {
                fit = AmountFit::Partial;
                amount_words = txt!(
                    "{cur} {} of the {cur} {} requested: a partial approval (response 10)",
                    labs(),
                    total()
                );
            } else {
                if !ratio_ok || !(sim >= 0.55 || id_hit || time_hit) {
                    return None;
                }
                fit = AmountFit::Differs;
                amount_words = txt!("{cur} {} but the slip says {cur} {}", labs(), total());
            }
        }
        let amount_points = match fit {
            AmountFit::Exact | AmountFit::DccHome => 400,
            AmountFit::FxOriginal => 380,
            AmountFit::Partial => 320,
            AmountFit::FxRate => 260,
            AmountFit::Tip => 260,
            AmountFit::DccDiffers => 220,
            AmountFit::FxOriginalDiffers => 120,
            AmountFit::Differs => 60,
        };
        let fit_name = match fit {
            AmountFit::Exact => "exact",
            AmountFit::DccHome => "dcc_home_amount",
            AmountFit::DccDiffers => "dcc_differs",
            AmountFit::FxOriginal => "fx_explained",
            AmountFit::FxOriginalDiffers => "fx_original_differs",
            AmountFit::FxRate => "fx_rate_band",
            AmountFit::Tip => "tip_explained",
            AmountFit::Partial => "partial",
            AmountFit::Differs => "differs",
        };
        say!(
            "amount",
            fit_name,
            amount_points,
            format!("Amount: {amount_words}.")
        );

        // Date: transaction date first, posting date as the fallback.
        let loose = !matches!(
            fit,
            AmountFit::Differs | AmountFit::FxOriginalDiffers | AmountFit::DccDiffers
        ) || id_hit;
        let date_points;
        match opt_day(s.day) {
            None => {
                date_points = 40;
                say!(
                    "date",
                    "unknown",
                    40,
                    "Date: the receipt has no date.".into()
                );
            }
            Some(rd) => {
                let gt = opt_day(l.tx_day).map(|d| (d - rd) as i64);
                let gp = opt_day(l.post_day).map(|d| (d - rd) as i64);
                let (lo, hi) = match s.role {
                    Role::Refund => (-3, 35),
                    _ => (-3, 10),
                };
                let tx_ok = gt.is_some_and(|g| g >= lo && g <= hi);
                let post_ok = gp.is_some_and(|g| (-2..=40).contains(&g));
                let late_ok = loose && gt.is_some_and(|g| g > hi && g <= 35);
                // Unexplained amounts need a close date; refunds credit later.
                let tight_hi = if s.role == Role::Refund { 20 } else { 5 };
                let tight = gt.or(gp).is_some_and(|g| (-2..=tight_hi).contains(&g));
                if !(tx_ok || post_ok || late_ok) || (!loose && !tight) {
                    return None;
                }
                let g = gt.or(gp).unwrap_or(0);
                let mut p = match g {
                    0 => 200,
                    1 => 185,
                    2 => 170,
                    3 => 150,
                    -1 => 150,
                    4..=7 => 120,
                    -3..=-2 => 90,
                    8..=14 => 80,
                    _ => 40,
                };
                if gt.is_none() {
                    // Only a posting date: lag is normal, so a gap costs less.
                    p = match g {
                        0..=3 => 180,
                        4..=7 => 140,
                        8..=14 => 100,
                        _ => 50,
                    };
                }
                date_points = p;
                if words.is_some() {
                    let which = if gt.is_some() {
                        "transaction date"
                    } else {
                        "posting date"
                    };
                    let mut w = match g {
                        0 => format!("Date: same day as the receipt ({which})."),
                        g if g > 0 => format!("Date: {which} {g} day(s) after the receipt."),
                        g => format!("Date: {which} {} day(s) before the receipt.", -g),
                    };
                    if let (Some(gt), Some(gp)) = (gt, gp) {
                        if gp != gt {
                            w.push_str(&format!(" Posted {gp} day(s) after the receipt."));
                        }
                    }
                    say!("date", format!("gap_{g}_days"), p, w);
                }
            }
        }

        let time_points = if time_hit { 60 } else { 0 };
        if time_hit {
            say!(
                "time",
                "agree",
                60,
                format!(
                    "Time: {} on both.",
                    lc.time
                        .map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default()
                )
            );
        }

        // Descriptor.
        let desc_points = (sim * 300.0).round() as i64;
        if words.is_some() {
            let desc_words = if sim >= 0.85 {
                "Merchant: the statement descriptor names the same merchant"
            } else if sim >= 0.55 {
                "Merchant: the statement descriptor resembles the receipt's merchant"
            } else {
                "Merchant: the descriptor does not resemble the receipt's merchant (processors often rename)"
            };
            say!(
                "descriptor",
                format!("{:.2}", sim),
                desc_points,
                format!(
                    "{desc_words} (similarity {:.0}%): \"{}\".",
                    sim * 100.0,
                    self.txs[li].description.trim()
                )
            );
        }

        // Card.
        let mut card_points = 0;
        if s.last4 != 0 && l.last4 != 0 {
            let (a, b) = (
                || sc.last4.unwrap_or(Last4([b'?'; 4])),
                || lc.last4.unwrap_or(Last4([b'?'; 4])),
            );
            if s.last4 == l.last4 {
                card_points = 60;
                say!(
                    "card",
                    "agree",
                    60,
                    format!("Card: ending {} on both.", a())
                );
            } else {
                card_points = -40;
                say!(
                    "card",
                    "differ",
                    -40,
                    format!(
                        "Card: the receipt's card ends {}, the statement's {}.",
                        a(),
                        b()
                    )
                );
            }
        }

        // Identifiers.
        let id_points = if id_hit { 400 } else { 0 };
        if id_hit {
            say!(
                "identifier",
                "equal",
                400,
                "Identifier: the order id / reference number is the same on both.".into()
            );
        }

        // A failed slip loses to an approved one for the same line (retries).
        let status_points = if s.failed { -300 } else { 0 };
        if s.failed {
            say!(
                "status",
                "not_approved",
                -300,
                "Status: the slip says the payment did not go through.".into()
            );
        }
        let points = amount_points
            + date_points
            + time_points
            + desc_points
            + card_points
            + id_points
            + status_points;
        if points < 300 {
            return None;
        }
        Some((Verdict { points, fit, sim }, diff))
    }

    /// Candidate lines for one receipt, from the indexes, each with its
    /// verdict. Pairs whose amounts differ unexplained are kept only when no
    /// explained candidate from a resembling merchant exists: they are the
    /// fallback that finds amount mismatches, not competitors of good pairs.
    pub fn candidates(&self, si: usize, idx: &Indexes) -> Vec<(usize, Verdict)> {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        self.candidates_into(self.slip_rank[si] as usize, idx, &mut scratch, &mut out);
        out.into_iter()
            .map(|(lr, v)| (self.line_order[lr as usize], v))
            .collect()
    }

    /// The similarity of this receipt's name with a line's, through a small
    /// per-receipt memo (a receipt's candidates share a few descriptors)
    /// before the case-wide cache.
    #[inline]
    fn memo_sim(&self, memo: &mut Vec<(u32, f64)>, name: u32, desc: u32) -> f64 {
        if let Some(&(_, v)) = memo.iter().find(|m| m.0 == desc) {
            return v;
        }
        let v = self.sim_names(name, desc);
        if memo.len() < 32 {
            memo.push((desc, v));
        }
        v
    }

    /// [`Case::candidates`] by rank (receipt `sr` in solving order, lines by
    /// content rank), into caller-owned buffers (no allocation per receipt in
    /// the solver's loop).
    fn candidates_into(
        &self,
        sr: usize,
        idx: &Indexes,
        scratch: &mut Scratch,
        scored: &mut Vec<(u32, Verdict)>,
    ) {
        scored.clear();
        let s = &self.slip_hot[sr];
        if s.role == Role::Void || !s.has_total {
            return;
        }
        let si = self.slip_order[sr];
        let debit = s.role == Role::Sale;
        let Scratch {
            lines: out,
            more,
            wide,
            sims,
            keys_of,
        } = scratch;
        out.clear();
        wide.clear();
        sims.clear();
        let keys: &[u32] = keys_of
            .entry(s.name)
            .or_insert_with(|| idx.distinct_keys(&self.names.keys[s.name as usize]));
        let (d0, d1, n0, n1) = match opt_day(s.day) {
            Some(d) => (
                d - 3,
                d + 40,
                d - 3,
                d + if s.role == Role::Refund { 35 } else { 10 },
            ),
            None => (i32::MIN, i32::MAX, i32::MIN, i32::MAX),
        };
        let total_m = s.total_m;
        for &cur in &idx.currencies {
            let group = idx.group(cur, debit);
            let mut bands: [(i64, i64); 2] = [(0, -1); 2];
            let mut n_bands = 0;
            let dcc_home = if s.dcc {
                self.receipts[si].receipt.dcc.as_ref().and_then(|d| {
                    d.home_amount
                        .filter(|_| d.home_currency.unwrap_or(cur) == cur)
                })
            } else {
                None
            };
            if let Some(h) = dcc_home {
                bands[n_bands] = (
                    mills(h * Decimal::new(85, 2)),
                    mills(h * Decimal::new(115, 2)),
                );
                n_bands += 1;
            }
            let foreign =
                s.cur != NO_CUR && self.currencies[s.cur as usize] != cur && dcc_home.is_none();
            // The fallback's band: the ratio band, or any amount.
            let mut ratio_band = false;
            if foreign {
                let fc = self.currencies[s.cur as usize];
                if let Some(rt) = approx_rate(fc.code(), cur.code()) {
                    let t = self.slips[si]
                        .total
                        .unwrap_or_default()
                        .to_f64()
                        .unwrap_or(0.0);
                    bands[n_bands] = (
                        (t * rt * 0.75 * 1000.0) as i64,
                        (t * rt * 1.25 * 1000.0) as i64 + 1,
                    );
                    n_bands += 1;
                }
            } else {
                bands[n_bands] = (total_m - 5, total_m + 5);
                n_bands += 1;
                // Tips, partial approvals and unexplained differences all
                // lie within the ratio band; the name index supplies them.
                ratio_band = dcc_home.is_none();
            }
            for &(lo, hi) in &bands[..n_bands] {
                idx.amount_range(group, d0, d1, lo, hi, out);
            }
            // Tips and partial approvals come from the name index, in their bands.
            if !foreign && dcc_home.is_none() {
                if s.has_tip_base || s.partial {
                    let tip_band = self.slips[si]
                        .tip_base
                        .map_or((0, -1), |b| (mills(b), mills(b * Decimal::new(135, 2)) + 1));
                    for &k in keys {
                        if s.has_tip_base {
                            // Tip adjustments clear within days of the meal.
                            let (t0, t1) = if n0 == i32::MIN {
                                (n0, n1)
                            } else {
                                (n0 + 2, n0 + 10)
                            };
                            idx.by_name(group, t0, t1, k, tip_band, out);
                        }
                        if s.partial {
                            idx.by_name(group, n0, n1, k, (0, total_m), out);
                        }
                    }
                }
            } else if foreign {
                for &k in keys {
                    idx.by_name(group, n0, n1, k, (0, i64::MAX), out);
                }
            }
            wide.push((group, ratio_band));
        }
        if s.has_ids {
            for id in &self.slips[si].ids {
                if let Some(v) = idx.ids.get(id) {
                    out.extend(v.iter().copied());
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        let mut has_explained = false;
        for &lr in out.iter() {
            let l = &self.hot[lr as usize];
            if !l.open_for(s.role) {
                continue;
            }
            let sim = self.memo_sim(sims, s.name, l.desc);
            if let Some((v, _)) = self.judge(sr, lr as usize, sim, None) {
                has_explained |= !is_unexplained(v.fit) && v.sim >= 0.55;
                scored.push((lr, v));
            }
        }
        if has_explained {
            scored.retain(|(_, v)| !is_unexplained(v.fit));
            return;
        }
        // No good explained candidate: look for the same merchant with a
        // differing amount, close in time.
        more.clear();
        for &(group, ratio_band) in wide.iter() {
            let band = if ratio_band {
                // From the full record: only receipts with no good
                // explained candidate get here.
                let sc = &self.slips[si];
                let t = sc.total.unwrap_or_default();
                (
                    total_m * 3 / 10,
                    mills(t.max(sc.tip_base.unwrap_or_default())) * 3 + 1,
                )
            } else {
                (0, i64::MAX)
            };
            for &k in keys {
                idx.by_name(group, n0, n1, k, band, more);
            }
        }
        more.sort_unstable();
        more.dedup();
        for &lr in more.iter() {
            let l = &self.hot[lr as usize];
            // Lines already looked at scored the same then.
            if out.binary_search(&lr).is_ok() || !l.open_for(s.role) {
                continue;
            }
            let sim = self.memo_sim(sims, s.name, l.desc);
            if let Some((v, _)) = self.judge(sr, lr as usize, sim, None) {
                scored.push((lr, v));
            }
        }
    }

    /// Builds the candidate graph and solves the assignment, honouring pins
    /// and forbids.
    pub fn solve(&self) -> Pairs {
        let n = self.slips.len();
        let mut pairs = Pairs {
            of_slip: vec![None; n],
            pinned: vec![false; n],
        };
        let user_pairs = !self.opts.pins.is_empty() || !self.opts.forbids.is_empty();
        let tx_by_id: HashMap<&str, usize> = if user_pairs {
            self.txs
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.as_str(), i))
                .collect()
        } else {
            HashMap::new()
        };
        let slip_by_id: HashMap<&str, usize> = if user_pairs {
            self.receipts
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect()
        } else {
            HashMap::new()
        };
        let mut taken_lines = vec![false; self.lines.len()];
        for p in &self.opts.pins {
            let (Some(&si), Some(&li)) = (
                slip_by_id.get(p.receipt.as_str()),
                tx_by_id.get(p.transaction.as_str()),
            ) else {
                continue;
            };
            if pairs.of_slip[si].is_none() && !taken_lines[li] {
                pairs.of_slip[si] = Some(li);
                pairs.pinned[si] = true;
                taken_lines[li] = true;
            }
        }
        let forbidden: BTreeSet<(usize, usize)> = self
            .opts
            .forbids
            .iter()
            .filter_map(|p| {
                Some((
                    *slip_by_id.get(p.receipt.as_str())?,
                    *tx_by_id.get(p.transaction.as_str())?,
                ))
            })
            .collect();
        let idx = Indexes::build(self);
        // Node numbering = content order (the ranks). The graph is built in
        // the solver's row form directly: row = receipt rank, columns = line
        // ranks, increasing.
        let mut start: Vec<usize> = Vec::with_capacity(n + 1);
        start.push(0);
        let mut cols: Vec<u32> = Vec::with_capacity(n * 2);
        let mut weights: Vec<i64> = Vec::with_capacity(n * 2);
        let mut row: Vec<(u32, i64)> = Vec::new();
        let mut scratch = Scratch::default();
        let mut cands = Vec::new();
        for (rank, &si) in self.slip_order.iter().enumerate() {
            if !pairs.pinned[si] {
                self.candidates_into(rank, &idx, &mut scratch, &mut cands);
                row.clear();
                for &(lr, v) in &cands {
                    if user_pairs {
                        let li = self.line_order[lr as usize];
                        if taken_lines[li] || forbidden.contains(&(si, li)) {
                            continue;
                        }
                    }
                    row.push((lr, v.points));
                }
                // One edge per line, the best weight (a line is scored once
                // per receipt, so this only guards the solver's contract).
                row.sort_unstable_by_key(|e| (e.0, std::cmp::Reverse(e.1)));
                row.dedup_by_key(|e| e.0);
                for &(lr, w) in &row {
                    cols.push(lr);
                    weights.push(w);
                }
            }
            start.push(cols.len());
        }
        let a = assign_rows(n, self.lines.len(), &start, &cols, &weights);
        for (rank, r) in a.into_iter().enumerate() {
            if let Some(lr) = r {
                let si = self.slip_order[rank];
                pairs.of_slip[si] = Some(self.line_order[lr]);
            }
        }
        pairs
    }
}

/// Buffers reused across receipts by the candidate search.
#[derive(Default)]
struct Scratch {
    /// Candidate line ranks.
    lines: Vec<u32>,
    more: Vec<u32>,
    /// (group, the fallback uses the ratio band).
    wide: Vec<(Option<usize>, bool)>,
    /// The receipt's similarity memo (descriptor → similarity).
    sims: Vec<(u32, f64)>,
    /// Receipt name → its distinct name keys ([`Indexes::distinct_keys`]).
    keys_of: FastMap<u32, Vec<u32>>,
}

fn is_unexplained(f: AmountFit) -> bool {
    matches!(f, AmountFit::Differs | AmountFit::FxOriginalDiffers)
}

/// A group's amount list with a dense bucket directory: `dir[b]` is the
/// first position whose amount `>> shift` is at least `b`, the shift chosen
/// so that there are about eight lines per bucket. Finding where a band
/// starts is one read of a small array (it stays in cache) and a search
/// within one bucket, not a hash probe or a search of the whole list.
struct AmountList {
    /// (mills, day, rank) sorted.
    v: Vec<(i64, i32, u32)>,
    shift: u32,
    dir: Vec<u32>,
}

impl AmountList {
    fn new(mut v: Vec<(i64, i32, u32)>) -> AmountList {
        v.sort_unstable();
        let max = v.last().map_or(0, |x| x.0.max(0));
        let target = (v.len() / 8).max(1) as i64;
        let mut shift = 0;
        while (max >> shift) + 1 > target {
            shift += 1;
        }
        let n_b = ((max >> shift) + 1) as usize;
        let mut dir = vec![0u32; n_b + 1];
        // dir[b] = number of entries in buckets below b.
        for x in &v {
            dir[(x.0.max(0) >> shift) as usize + 1] += 1;
        }
        for b in 0..n_b {
            dir[b + 1] += dir[b];
        }
        AmountList { v, shift, dir }
    }

    /// The first position whose amount is at least `lo`.
    fn start(&self, lo: i64) -> usize {
        if lo <= 0 {
            return 0;
        }
        let b = (lo >> self.shift) as usize;
        if b + 1 >= self.dir.len() {
            return self.v.len();
        }
        let (s, e) = (self.dir[b] as usize, self.dir[b + 1] as usize);
        s + self.v[s..e].partition_point(|x| x.0 < lo)
    }
}

/// The three candidate indexes, over line ranks (content order). Lines are
/// grouped by (currency, direction); a group is a small number, found by a
/// scan of the few groups a case has.
pub struct Indexes {
    currencies: Vec<Currency>,
    groups: Vec<(Currency, bool)>,
    /// Per group: (mills, day, rank) sorted by amount: a band is one
    /// directory read, the date window a filter on the few hits.
    amount: Vec<AmountList>,
    /// (name-key class × groups + group) → (day, mills, rank) sorted by day.
    name: Vec<Vec<(i32, i64, u32)>>,
    ids: HashMap<String, Vec<u32>>,
    /// Lines without any date, searched by amount only.
    undated: Vec<u32>,
    /// Name key → its class: keys that the same lines' descriptors have
    /// share one list (`NO_CLASS`: no line has the key).
    class_of_key: Vec<u32>,
}

const NO_CLASS: u32 = u32::MAX;

impl Indexes {
    pub fn build(case: &Case) -> Indexes {
        let mut groups: Vec<(Currency, bool)> = Vec::new();
        let mut ids: HashMap<String, Vec<u32>> = HashMap::new();
        let mut undated = Vec::new();
        // The group of each line (a handful of groups; lines of one group
        // come in runs).
        let mut group_of: Vec<u32> = Vec::with_capacity(case.hot.len());
        let mut last: Option<(u16, bool, u32)> = None;
        let mut cur_seen = vec![false; case.currencies.len()];
        for l in &case.hot {
            cur_seen[l.cur as usize] = true;
            let debit = l.has(L_DEBIT);
            let g = match last {
                Some((c, d, g)) if c == l.cur && d == debit => g,
                _ => {
                    let key = (case.currencies[l.cur as usize], debit);
                    let g = match groups.iter().position(|x| *x == key) {
                        Some(g) => g,
                        None => {
                            groups.push(key);
                            groups.len() - 1
                        }
                    } as u32;
                    last = Some((l.cur, debit, g));
                    g
                }
            };
            group_of.push(g);
        }
        let n_groups = groups.len().max(1);
        // Name keys with the same lines' descriptors ("blue", "bott", "coff"
        // of one merchant) share one class and one list per group: a line is
        // listed once per class of its descriptor, and a receipt scans each
        // class once.
        let mut key_descs: Vec<Vec<u32>> = vec![Vec::new(); case.names.key_ids.len()];
        let mut desc_seen = vec![false; case.names.keys.len()];
        for l in &case.hot {
            if !std::mem::replace(&mut desc_seen[l.desc as usize], true) {
                for &k in &case.names.keys[l.desc as usize] {
                    key_descs[k as usize].push(l.desc);
                }
            }
        }
        for v in &mut key_descs {
            v.sort_unstable();
        }
        let mut class_of_key = vec![NO_CLASS; key_descs.len()];
        {
            let mut classes: HashMap<&[u32], u32> = HashMap::new();
            for (k, d) in key_descs.iter().enumerate() {
                if !d.is_empty() {
                    let n = classes.len() as u32;
                    class_of_key[k] = *classes.entry(d.as_slice()).or_insert(n);
                }
            }
        }
        let n_classes = class_of_key
            .iter()
            .filter(|&&c| c != NO_CLASS)
            .max()
            .map_or(0, |&c| c as usize + 1);
        let mut desc_classes: Vec<Vec<u32>> = vec![Vec::new(); desc_seen.len()];
        for (desc, seen) in desc_seen.iter().enumerate() {
            if *seen {
                let v = &mut desc_classes[desc];
                for &k in &case.names.keys[desc] {
                    let c = class_of_key[k as usize];
                    if c != NO_CLASS && !v.contains(&c) {
                        v.push(c);
                    }
                }
            }
        }
        let mut amount: Vec<Vec<(i64, i32, u32)>> = vec![Vec::new(); groups.len()];
        let mut name: Vec<Vec<(i32, i64, u32)>> = vec![Vec::new(); n_classes * n_groups];
        for (rank, l) in case.hot.iter().enumerate() {
            let r = rank as u32;
            if l.has(L_IDS) {
                for id in &case.lines[case.line_order[rank]].ids {
                    ids.entry(id.clone()).or_default().push(r);
                }
            }
            if l.day == NO_DAY {
                undated.push(r);
                continue;
            }
            let g = group_of[rank] as usize;
            amount[g].push((l.m, l.day, r));
            // Ranks are in date (then amount) order: these lists come out
            // sorted by (day, mills, rank) without a sort.
            for &c in &desc_classes[l.desc as usize] {
                name[c as usize * n_groups + g].push((l.day, l.m, r));
            }
        }
        let amount: Vec<AmountList> = amount.into_iter().map(AmountList::new).collect();
        let mut currencies: Vec<Currency> = case
            .currencies
            .iter()
            .zip(&cur_seen)
            .filter(|(_, seen)| **seen)
            .map(|(c, _)| *c)
            .collect();
        currencies.sort();
        Indexes {
            currencies,
            groups,
            amount,
            name,
            ids,
            undated,
            class_of_key,
        }
    }

    /// The name-list classes of a receipt's name keys, each once (keys no
    /// line has are left out: their lists would be empty).
    fn distinct_keys(&self, keys: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(keys.len());
        for &k in keys {
            let c = self
                .class_of_key
                .get(k as usize)
                .copied()
                .unwrap_or(NO_CLASS);
            if c != NO_CLASS && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    fn group(&self, cur: Currency, debit: bool) -> Option<usize> {
        self.groups.iter().position(|g| *g == (cur, debit))
    }

    fn amount_range(
        &self,
        group: Option<usize>,
        d0: i32,
        d1: i32,
        lo: i64,
        hi: i64,
        out: &mut Vec<u32>,
    ) {
        if let Some(g) = group {
            let list = &self.amount[g];
            let a = list.start(lo);
            out.extend(
                list.v[a..]
                    .iter()
                    .take_while(|x| x.0 <= hi)
                    .filter(|x| x.1 >= d0 && x.1 <= d1)
                    .map(|x| x.2),
            );
        }
        out.extend(self.undated.iter().copied());
    }

    fn by_name(
        &self,
        group: Option<usize>,
        d0: i32,
        d1: i32,
        key: u32,
        band: (i64, i64),
        out: &mut Vec<u32>,
    ) {
        if d0 == i32::MIN {
            return;
        }
        let Some(g) = group else { return };
        let n_groups = self.groups.len().max(1);
        if let Some(v) = self.name.get(key as usize * n_groups + g) {
            let a = v.partition_point(|x| x.0 < d0);
            out.extend(
                v[a..]
                    .iter()
                    .take_while(|x| x.0 <= d1)
                    .filter(|x| x.1 >= band.0 && x.1 <= band.1)
                    .map(|x| x.2),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn last4_folds_confusables_and_keeps_the_last_four_digits() {
        assert_eq!(
            Last4::parse("x5I21").map(|l| l.to_string()),
            Some("5121".into())
        );
        assert_eq!(
            Last4::parse("**** **** **** 482l").unwrap().as_str(),
            "4821"
        );
        assert_eq!(Last4::parse("1234 5678"), Last4::parse("5678"));
        assert_eq!(Last4::parse("12a3"), None);
    }

    #[test]
    fn exact_mills_only_when_thousandths_are_exact() {
        assert_eq!(exact_mills(dec("12.5")), Some(12_500));
        assert_eq!(exact_mills(dec("-0.001")), Some(-1));
        assert_eq!(exact_mills(dec("19.9900")), Some(19_990));
        assert_eq!(exact_mills(dec("3.1416")), None);
        assert_eq!(
            exact_mills(dec("1000000000")),
            None,
            "too large for the fast path"
        );
    }

    #[test]
    fn ratio_band_agrees_with_decimal_division_at_and_near_the_edges() {
        // l / t in 0.3..=3, t at least 0.01, as the Decimal rule says.
        for (l, t) in [
            ("0.30", "1.00"),
            ("0.299", "1.00"),
            ("3.00", "1.00"),
            ("3.001", "1.00"),
            ("0.009", "0.00"),
            ("0.003", "0.00"),
            ("0.03", "0.00"),
            ("10.00", "33.333"),
            ("100.00", "33.333"),
        ] {
            let (l, t) = (dec(l), dec(t));
            let want =
                (0.3..=3.0).contains(&(l / t.max(Decimal::new(1, 2))).to_f64().unwrap_or(0.0));
            let got = Case::ratio_ok(exact_mills(l).unwrap(), exact_mills(t).unwrap(), l, t);
            assert_eq!(got, want, "{l} / {t}");
        }
    }
}
