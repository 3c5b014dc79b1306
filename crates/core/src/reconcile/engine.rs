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

use super::descriptor::{folded_tokens, norm_id, similarity_tokens};
use super::{assign::assign, CaseReceipt, CheckOptions, Signal};
use crate::money::Currency;
use crate::receipt::{ReceiptKind, ReceiptStatus};
use crate::statement::{Account, AccountKind, Transaction, TxKind, TxStatus};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

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

/// A fast hasher for small integer keys (the similarity cache is hit per
/// candidate; SipHash's DoS resistance buys nothing here).
#[derive(Default, Clone, Copy)]
pub struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ *b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type BuildPairHasher = std::hash::BuildHasherDefault<PairHasher>;

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
    /// Folded descriptor tokens, shared by lines with the same descriptor.
    pub tokens: Arc<Vec<String>>,
    /// Interned descriptor id (for the similarity cache).
    pub desc: usize,
    pub last4: Option<String>,
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
    pub tokens: Vec<String>,
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
    pub last4: Option<String>,
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

pub struct Case<'a> {
    pub accounts: &'a [Account],
    pub txs: &'a [Transaction],
    pub receipts: &'a [CaseReceipt],
    pub opts: &'a CheckOptions,
    pub lines: Vec<LineInfo>,
    pub slips: Vec<SlipInfo>,
    /// Line indices in content order (the assignment's node numbering).
    pub line_order: Vec<usize>,
    pub slip_order: Vec<usize>,
    /// Pending line → the booked line that replaced it (hold → posting).
    pub superseded: HashMap<usize, usize>,
    /// The case's "today".
    pub today: NaiveDate,
    /// (receipt, descriptor) → similarity: descriptors repeat a lot.
    sim_cache: RefCell<HashMap<(usize, usize), f64, BuildPairHasher>>,
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

fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (a - b).num_days()
}

fn day_no(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
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

fn clean_last4(s: &str) -> Option<String> {
    let f = super::descriptor::fold_confusables(s);
    let digits: String = f.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 4 {
        Some(digits[digits.len() - 4..].to_string())
    } else {
        None
    }
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
        let mut stmt_dates: HashMap<Option<usize>, NaiveDate> = HashMap::new();
        for t in txs {
            if let Some(d) = t.posted.or(t.date) {
                let e = stmt_dates.entry(t.account).or_insert(d);
                *e = (*e).max(d);
            }
        }
        let mut interned: HashMap<String, (usize, Arc<Vec<String>>)> = HashMap::new();
        let lines: Vec<LineInfo> = txs
            .iter()
            .map(|t| {
                let acct = t.account.and_then(|a| accounts.get(a));
                let acct_kind = acct.map(|a| a.kind).unwrap_or_default();
                let acct_last4 = acct
                    .filter(|a| a.kind == AccountKind::Card)
                    .and_then(|a| a.last4.as_deref())
                    .and_then(clean_last4);
                let mut name = t.description.clone();
                if let Some(c) = &t.counterparty {
                    name.push(' ');
                    name.push_str(c);
                }
                LineInfo {
                    date: t.date,
                    posted: t.posted,
                    eff: t.effective_date(),
                    abs: t.amount.abs(),
                    debit: t.amount < Decimal::ZERO,
                    tokens: {
                        let n = interned.len();
                        interned
                            .entry(name.clone())
                            .or_insert_with(|| (n, Arc::new(folded_tokens(&name))))
                            .1
                            .clone()
                    },
                    desc: interned.get(&name).map(|e| e.0).unwrap_or(0),
                    last4: t.card_last4.as_deref().and_then(clean_last4).or(acct_last4),
                    acct_kind,
                    account: t.account,
                    stmt_date: acct
                        .and_then(|a| a.statement_date)
                        .or_else(|| stmt_dates.get(&t.account).copied()),
                    currency: t.currency,
                    pending: t.status == TxStatus::Pending,
                    kind: t.kind,
                    ids: line_ids(t),
                    time: t.references.time.or_else(|| time_in_text(&t.description)),
                }
            })
            .collect();
        let lo = lines.iter().filter_map(|l| l.eff).min();
        let hi = lines.iter().filter_map(|l| l.eff).max();
        let mut slip_names: HashMap<String, Vec<String>> = HashMap::new();
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
                let mut name = r.merchant.clone().unwrap_or_default();
                if name.is_empty() {
                    name = r
                        .items
                        .first()
                        .map(|i| i.description.clone())
                        .unwrap_or_default();
                }
                SlipInfo {
                    date: r.date.map(|d| resolve_year(d, lo, hi)),
                    tokens: slip_names
                        .entry(name.clone())
                        .or_insert_with(|| folded_tokens(&name))
                        .clone(),
                    currency: r.currency,
                    total,
                    tip_base,
                    role,
                    failed: r.status != ReceiptStatus::Approved,
                    partial,
                    ids,
                    last4: r.card_last4.as_deref().and_then(clean_last4),
                }
            })
            .collect();
        // Content order: cheap numeric keys first, strings only on ties.
        let line_keys: Vec<(Option<NaiveDate>, i64, bool)> = lines
            .iter()
            .map(|l| (l.eff, mills(l.abs), l.debit))
            .collect();
        let mut line_order: Vec<usize> = (0..txs.len()).collect();
        line_order.sort_unstable_by(|&a, &b| {
            let (ta, tb) = (&txs[a], &txs[b]);
            line_keys[a]
                .cmp(&line_keys[b])
                .then_with(|| ta.description.cmp(&tb.description))
                .then_with(|| ta.id.cmp(&tb.id))
                .then_with(|| ta.posted.cmp(&tb.posted))
                .then_with(|| ta.source.file.cmp(&tb.source.file))
                .then_with(|| ta.source.line.cmp(&tb.source.line))
                .then_with(|| a.cmp(&b))
        });
        let mut slip_order: Vec<usize> = (0..receipts.len()).collect();
        let slip_keys: Vec<(Option<NaiveDate>, i64)> = slips
            .iter()
            .map(|s| (s.date, s.total.map(mills).unwrap_or(-1)))
            .collect();
        slip_order.sort_unstable_by(|&a, &b| {
            slip_keys[a]
                .cmp(&slip_keys[b])
                .then_with(|| {
                    receipts[a]
                        .receipt
                        .merchant
                        .cmp(&receipts[b].receipt.merchant)
                })
                .then_with(|| receipts[a].id.cmp(&receipts[b].id))
                .then_with(|| a.cmp(&b))
        });
        let today = opts
            .as_of
            .or(hi)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
        let mut case = Case {
            accounts,
            txs,
            receipts,
            opts,
            lines,
            slips,
            line_order,
            slip_order,
            superseded: HashMap::new(),
            today,
            sim_cache: RefCell::new(HashMap::default()),
        };
        case.superseded = case.find_superseded_holds();
        case
    }

    /// Is this line eligible to be a purchase's or refund's statement line?
    fn line_open_for(&self, li: usize, role: Role) -> bool {
        let l = &self.lines[li];
        if matches!(l.kind, TxKind::Transfer | TxKind::Interest | TxKind::Fee) {
            return false;
        }
        if self.superseded.contains_key(&li) {
            return false;
        }
        match role {
            Role::Sale => l.debit,
            Role::Refund => !l.debit,
            Role::Void => false,
        }
    }

    /// Hold → posting: each pending debit is paired (one-to-one, optimally)
    /// with a later booked debit from the same merchant whose amount a hold
    /// can turn into (fuel and hotel holds drop, restaurant holds grow by the
    /// tip).
    fn find_superseded_holds(&self) -> HashMap<usize, usize> {
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
            return HashMap::new();
        }
        let mut edges = Vec::new();
        for (pi, &p) in pend.iter().enumerate() {
            let lp = &self.lines[p];
            let Some(pd) = lp.eff else { continue };
            for (bi, &b) in booked.iter().enumerate() {
                let lb = &self.lines[b];
                if lb.currency != lp.currency || lb.account != lp.account {
                    continue;
                }
                let Some(bd) = lb.eff else { continue };
                let gap = days(bd, pd);
                if !(-1..=14).contains(&gap) {
                    continue;
                }
                let ratio = (lb.abs / lp.abs.max(Decimal::new(1, 2)))
                    .to_f64()
                    .unwrap_or(0.0);
                if !(0.05..=1.35).contains(&ratio) {
                    continue;
                }
                let sim = similarity_tokens(&lp.tokens, &lb.tokens);
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
    /// distinct descriptor.
    pub fn sim(&self, si: usize, li: usize) -> f64 {
        let key = (si, self.lines[li].desc);
        if let Some(v) = self.sim_cache.borrow().get(&key) {
            return *v;
        }
        let v = similarity_tokens(&self.slips[si].tokens, &self.lines[li].tokens);
        self.sim_cache.borrow_mut().insert(key, v);
        v
    }

    /// All signals for one pair, with words; `None` when the pair is not a
    /// candidate.
    pub fn score(&self, si: usize, li: usize) -> Option<Scored> {
        self.score_with(si, li, true)
    }

    /// The same verdict and points without building the words (the
    /// candidate search scores many pairs and explains few).
    pub fn points(&self, si: usize, li: usize) -> Option<Scored> {
        self.score_with(si, li, false)
    }

    fn score_with(&self, si: usize, li: usize, words: bool) -> Option<Scored> {
        macro_rules! txt {
            ($($t:tt)*) => { if words { format!($($t)*) } else { String::new() } };
        }
        let s = &self.slips[si];
        let l = &self.lines[li];
        let r = &self.receipts[si].receipt;
        let mut signals = Vec::new();
        let cur = l.currency;
        let sim = self.sim(si, li);
        let id_hit = s.ids.iter().any(|i| l.ids.contains(i));
        // Time of day, where both sides have it (wallet bills, camt/MT940
        // descriptors, SMS): tells same-day purchases apart, and the same
        // minute on the same day is strong evidence on its own.
        let time_hit = match (r.time, l.time, s.date, l.date) {
            (Some(rt), Some(lt), Some(rd), Some(ld)) if rd == ld => {
                (lt - rt).num_seconds().abs() <= 120
            }
            _ => false,
        };

        // Amount.
        let mut diff = Decimal::ZERO;
        let fit;
        let amount_words;
        let total = s.total?;
        let dcc_home = r.dcc.as_ref().and_then(|d| {
            let hc = d.home_currency.unwrap_or(cur);
            if hc == cur {
                d.home_amount
            } else {
                None
            }
        });
        let foreign = s.currency.filter(|c| *c != cur && dcc_home.is_none());
        if let Some(h) = dcc_home {
            diff = l.abs - h;
            if diff.abs() < Decimal::new(1, 2) {
                fit = AmountFit::DccHome;
                amount_words = txt!("equals the {cur} {h} the slip printed for the currency conversion the customer accepted");
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
            diff = l.abs - total;
            if diff.abs() < Decimal::new(5, 3) {
                fit = AmountFit::Exact;
                amount_words = txt!("exactly {cur} {total}, as on the slip");
            } else if let Some(base) = s.tip_base.filter(|b| {
                l.abs > *b && l.abs <= *b * Decimal::new(135, 2) && (sim >= 0.5 || id_hit)
            }) {
                fit = AmountFit::Tip;
                amount_words = txt!("{cur} {}: the slip's {cur} {base} before tip plus {cur} {} — within the tip tolerance", l.abs, l.abs - base);
            } else if s.partial && l.abs < total && (sim >= 0.5 || id_hit) {
                fit = AmountFit::Partial;
                amount_words = txt!(
                    "{cur} {} of the {cur} {total} requested: a partial approval (response 10)",
                    l.abs
                );
            } else {
                let ratio = (l.abs / total.max(Decimal::new(1, 2)))
                    .to_f64()
                    .unwrap_or(0.0);
                if !(0.3..=3.0).contains(&ratio) || !(sim >= 0.55 || id_hit || time_hit) {
                    return None;
                }
                fit = AmountFit::Differs;
                amount_words = txt!("{cur} {} but the slip says {cur} {total}", l.abs);
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
        if words {
            signals.push(Signal {
                name: "amount".into(),
                value: fit_name.into(),
                points: amount_points,
                words: format!("Amount: {amount_words}."),
            });
        }

        // Date: transaction date first, posting date as the fallback.
        let loose = !matches!(
            fit,
            AmountFit::Differs | AmountFit::FxOriginalDiffers | AmountFit::DccDiffers
        ) || id_hit;
        let date_points;
        match s.date {
            None => {
                date_points = 40;
                if words {
                    signals.push(Signal {
                        name: "date".into(),
                        value: "unknown".into(),
                        points: 40,
                        words: "Date: the receipt has no date.".into(),
                    });
                }
            }
            Some(rd) => {
                let gt = l.date.map(|d| days(d, rd));
                let gp = l.posted.map(|d| days(d, rd));
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
                let which = if gt.is_some() {
                    "transaction date"
                } else {
                    "posting date"
                };
                if words {
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
                    signals.push(Signal {
                        name: "date".into(),
                        value: format!("gap_{g}_days"),
                        points: p,
                        words: w,
                    });
                }
            }
        }

        let time_points = if time_hit { 60 } else { 0 };
        if time_hit && words {
            signals.push(Signal {
                name: "time".into(),
                value: "agree".into(),
                points: 60,
                words: format!(
                    "Time: {} on both.",
                    l.time
                        .map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default()
                ),
            });
        }

        // Descriptor.
        let desc_points = (sim * 300.0).round() as i64;
        let desc_words = if sim >= 0.85 {
            "Merchant: the statement descriptor names the same merchant"
        } else if sim >= 0.55 {
            "Merchant: the statement descriptor resembles the receipt's merchant"
        } else {
            "Merchant: the descriptor does not resemble the receipt's merchant (processors often rename)"
        };
        if words {
            signals.push(Signal {
                name: "descriptor".into(),
                value: format!("{:.2}", sim),
                points: desc_points,
                words: format!(
                    "{desc_words} (similarity {:.0}%): \"{}\".",
                    sim * 100.0,
                    self.txs[li].description.trim()
                ),
            });
        }

        // Card.
        let mut card_points = 0;
        if let (Some(a), Some(b)) = (&s.last4, &l.last4) {
            if a == b {
                card_points = 60;
                if words {
                    signals.push(Signal {
                        name: "card".into(),
                        value: "agree".into(),
                        points: 60,
                        words: format!("Card: ending {a} on both."),
                    });
                }
            } else {
                card_points = -40;
                if words {
                    signals.push(Signal {
                        name: "card".into(),
                        value: "differ".into(),
                        points: -40,
                        words: format!("Card: the receipt's card ends {a}, the statement's {b}."),
                    });
                }
            }
        }

        // Identifiers.
        let id_points = if id_hit { 400 } else { 0 };
        if id_hit {
            if words {
                signals.push(Signal {
                    name: "identifier".into(),
                    value: "equal".into(),
                    points: 400,
                    words: "Identifier: the order id / reference number is the same on both."
                        .into(),
                });
            }
        }

        // A failed slip loses to an approved one for the same line (retries).
        let status_points = if s.failed { -300 } else { 0 };
        if s.failed {
            if words {
                signals.push(Signal {
                    name: "status".into(),
                    value: "not_approved".into(),
                    points: -300,
                    words: "Status: the slip says the payment did not go through.".into(),
                });
            }
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
        Some(Scored {
            points,
            fit,
            diff,
            sim,
            signals,
        })
    }

    /// Scored candidate lines for one receipt, from the indexes. Pairs whose
    /// amounts differ unexplained are kept only when no explained candidate
    /// from a resembling merchant exists: they are the fallback that finds
    /// amount mismatches, not competitors of good pairs.
    pub fn candidates(&self, si: usize, idx: &Indexes) -> Vec<(usize, Scored)> {
        let s = &self.slips[si];
        let r = &self.receipts[si].receipt;
        if s.role == Role::Void {
            return vec![];
        }
        let debit = s.role == Role::Sale;
        let mut out: BTreeSet<usize> = BTreeSet::new();
        let mut wide: Vec<(Currency, (i64, i64))> = Vec::new();
        let Some(total) = s.total else { return vec![] };
        let (d0, d1, n0, n1) = match s.date {
            Some(d) => (
                day_no(d) - 3,
                day_no(d) + 40,
                day_no(d) - 3,
                day_no(d) + if s.role == Role::Refund { 35 } else { 10 },
            ),
            None => (i32::MIN, i32::MAX, i32::MIN, i32::MAX),
        };
        for &cur in &idx.currencies {
            let mut bands: Vec<(i64, i64)> = Vec::new();
            let dcc_home = r.dcc.as_ref().and_then(|d| {
                d.home_amount
                    .filter(|_| d.home_currency.unwrap_or(cur) == cur)
            });
            if let Some(h) = dcc_home {
                bands.push((
                    mills(h * Decimal::new(85, 2)),
                    mills(h * Decimal::new(115, 2)),
                ));
            }
            let foreign = s.currency.filter(|c| *c != cur && dcc_home.is_none());
            let mut name_band = (0i64, i64::MAX);
            match foreign {
                Some(fc) => {
                    if let Some(rt) = approx_rate(fc.code(), cur.code()) {
                        let t = total.to_f64().unwrap_or(0.0);
                        bands.push((
                            (t * rt * 0.75 * 1000.0) as i64,
                            (t * rt * 1.25 * 1000.0) as i64 + 1,
                        ));
                    }
                }
                None => {
                    bands.push((mills(total) - 5, mills(total) + 5));
                    if dcc_home.is_none() {
                        // Tips, partial approvals and unexplained differences
                        // all lie within this ratio band; the name index
                        // supplies them.
                        name_band = (
                            mills(total) * 3 / 10,
                            mills(total.max(s.tip_base.unwrap_or_default())) * 3 + 1,
                        );
                    }
                }
            }
            for (lo, hi) in bands {
                idx.amount_range(cur, debit, d0, d1, lo, hi, &mut out);
            }
            // Tips and partial approvals come from the name index, in their bands.
            if foreign.is_none() && dcc_home.is_none() {
                for k in name_keys(&s.tokens) {
                    if let Some(b) = s.tip_base {
                        // Tip adjustments clear within days of the meal.
                        let (t0, t1) = if n0 == i32::MIN {
                            (n0, n1)
                        } else {
                            (n0 + 2, n0 + 10)
                        };
                        idx.by_name(
                            cur,
                            debit,
                            t0,
                            t1,
                            &k,
                            (mills(b), mills(b * Decimal::new(135, 2)) + 1),
                            &mut out,
                        );
                    }
                    if s.partial {
                        idx.by_name(cur, debit, n0, n1, &k, (0, mills(total)), &mut out);
                    }
                }
            } else if foreign.is_some() {
                for k in name_keys(&s.tokens) {
                    idx.by_name(cur, debit, n0, n1, &k, (0, i64::MAX), &mut out);
                }
            }
            wide.push((cur, name_band));
        }
        for id in &s.ids {
            if let Some(v) = idx.ids.get(id) {
                out.extend(v.iter().copied());
            }
        }
        let score_all = |set: BTreeSet<usize>| -> Vec<(usize, Scored)> {
            set.into_iter()
                .filter(|&li| self.line_open_for(li, s.role))
                .filter_map(|li| self.points(si, li).map(|sc| (li, sc)))
                .collect()
        };
        let mut scored = score_all(out);
        let has_explained = scored
            .iter()
            .any(|(_, sc)| !is_unexplained(sc.fit) && sc.sim >= 0.55);
        if has_explained {
            scored.retain(|(_, sc)| !is_unexplained(sc.fit));
            return scored;
        }
        // No good explained candidate: look for the same merchant with a
        // differing amount, close in time.
        let seen: BTreeSet<usize> = scored.iter().map(|x| x.0).collect();
        let mut more = BTreeSet::new();
        for (cur, band) in wide {
            for k in name_keys(&s.tokens) {
                idx.by_name(cur, debit, n0, n1, &k, band, &mut more);
            }
        }
        more.retain(|li| !seen.contains(li));
        scored.extend(score_all(more));
        scored
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
        let mut taken_lines: BTreeSet<usize> = BTreeSet::new();
        for p in &self.opts.pins {
            let (Some(&si), Some(&li)) = (
                slip_by_id.get(p.receipt.as_str()),
                tx_by_id.get(p.transaction.as_str()),
            ) else {
                continue;
            };
            if pairs.of_slip[si].is_none() && !taken_lines.contains(&li) {
                pairs.of_slip[si] = Some(li);
                pairs.pinned[si] = true;
                taken_lines.insert(li);
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
        // Node numbering = content order.
        let mut line_rank = vec![0usize; self.lines.len()];
        for (rank, &li) in self.line_order.iter().enumerate() {
            line_rank[li] = rank;
        }
        let mut edges = Vec::new();
        for (rank, &si) in self.slip_order.iter().enumerate() {
            if pairs.pinned[si] {
                continue;
            }
            for (li, sc) in self.candidates(si, &idx) {
                if taken_lines.contains(&li) || forbidden.contains(&(si, li)) {
                    continue;
                }
                edges.push((rank, line_rank[li], sc.points));
            }
        }
        let a = assign(n, self.lines.len(), &edges);
        for (rank, r) in a.into_iter().enumerate() {
            if let Some(lr) = r {
                let si = self.slip_order[rank];
                pairs.of_slip[si] = Some(self.line_order[lr]);
            }
        }
        pairs
    }
}

fn is_unexplained(f: AmountFit) -> bool {
    matches!(f, AmountFit::Differs | AmountFit::FxOriginalDiffers)
}

/// (currency, debit) → (mills, day, line), sorted.
type AmountIndex = HashMap<(Currency, bool), Vec<(i64, i32, usize)>>;
/// name key → (currency, debit) → (day, mills, line), sorted.
type NameIndex = HashMap<String, HashMap<(Currency, bool), Vec<(i32, i64, usize)>>>;

/// The three candidate indexes.
pub struct Indexes {
    currencies: Vec<Currency>,
    /// (currency, debit) → (mills, day, line) sorted by amount: a band is one
    /// binary search, the date window a filter on the few hits.
    amount: AmountIndex,
    /// name key → (currency, debit) → (day, mills, line) sorted by day.
    name: NameIndex,
    ids: HashMap<String, Vec<usize>>,
    /// Lines without any date, searched by amount only.
    undated: Vec<usize>,
}

impl Indexes {
    pub fn build(case: &Case) -> Indexes {
        let mut amount: AmountIndex = HashMap::new();
        let mut name: NameIndex = HashMap::new();
        let mut ids: HashMap<String, Vec<usize>> = HashMap::new();
        let mut currencies = BTreeSet::new();
        let mut undated = Vec::new();
        let mut keys_of: HashMap<usize, BTreeSet<String>> = HashMap::new();
        for (li, l) in case.lines.iter().enumerate() {
            currencies.insert(l.currency);
            for id in &l.ids {
                ids.entry(id.clone()).or_default().push(li);
            }
            let Some(d) = l.eff else {
                undated.push(li);
                continue;
            };
            let day = day_no(d);
            let m = mills(l.abs);
            amount
                .entry((l.currency, l.debit))
                .or_default()
                .push((m, day, li));
            let keys = keys_of
                .entry(l.desc)
                .or_insert_with(|| name_keys(&l.tokens));
            for k in keys.iter() {
                match name.get_mut(k.as_str()) {
                    Some(e) => e
                        .entry((l.currency, l.debit))
                        .or_default()
                        .push((day, m, li)),
                    None => {
                        name.entry(k.clone())
                            .or_default()
                            .entry((l.currency, l.debit))
                            .or_default()
                            .push((day, m, li));
                    }
                }
            }
        }
        for v in amount.values_mut() {
            v.sort_unstable();
        }
        for v in name.values_mut().flat_map(|m| m.values_mut()) {
            v.sort_unstable();
        }
        Indexes {
            currencies: currencies.into_iter().collect(),
            amount,
            name,
            ids,
            undated,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn amount_range(
        &self,
        cur: Currency,
        debit: bool,
        d0: i32,
        d1: i32,
        lo: i64,
        hi: i64,
        out: &mut BTreeSet<usize>,
    ) {
        if let Some(v) = self.amount.get(&(cur, debit)) {
            let a = v.partition_point(|x| x.0 < lo);
            out.extend(
                v[a..]
                    .iter()
                    .take_while(|x| x.0 <= hi)
                    .filter(|x| x.1 >= d0 && x.1 <= d1)
                    .map(|x| x.2),
            );
        }
        out.extend(self.undated.iter().copied());
    }

    #[allow(clippy::too_many_arguments)]
    fn by_name(
        &self,
        cur: Currency,
        debit: bool,
        d0: i32,
        d1: i32,
        key: &str,
        band: (i64, i64),
        out: &mut BTreeSet<usize>,
    ) {
        if d0 == i32::MIN {
            return;
        }
        if let Some(v) = self.name.get(key).and_then(|m| m.get(&(cur, debit))) {
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
