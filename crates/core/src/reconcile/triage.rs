//! From pairs to findings: the one-to-many shapes (void → sale, reversal →
//! charge, hold → posting, duplicate → its original, split orders) and the
//! findings and reassurances, each explained in words.
//!
//! Conventions (scenarios README): money at stake is the difference for
//! amount_mismatch, tip_changed, refund_amount_mismatch and
//! currency_conversion, the full charge otherwise; the date is the statement
//! line's (transaction date, else posting date), or the refund slip's when no
//! line exists.

use super::advice;
use super::descriptor::similarity_tokens;
use super::engine::{AmountFit, Case, Pairs, Role};
use super::tables::period_days;
use super::{Finding, Match, Reassurance, Signal};
use crate::money::Currency;
use crate::statement::{AccountKind, TxKind, TxOutcome};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};

pub struct Out {
    pub matches: Vec<Match>,
    pub findings: Vec<Finding>,
    pub reassurances: Vec<Reassurance>,
}

struct Ctx<'c, 'a> {
    case: &'c Case<'a>,
    findings: Vec<Finding>,
    reassurances: Vec<Reassurance>,
    /// Lines explained by a shape or a finding (not an unmatched charge).
    used: BTreeSet<usize>,
    /// Lines paired with a receipt.
    matched: BTreeMap<usize, usize>,
    /// (currency, debit, amount in mills) → lines in content order: the
    /// same-amount lookups (reversals, duplicates, transfers) without a scan.
    by_amount: HashMap<(Currency, bool, i64), Vec<usize>>,
}

fn money(cur: &str, a: Decimal) -> String {
    format!("{cur} {:.2}", a.round_dp(2))
}

impl<'c, 'a> Ctx<'c, 'a> {
    fn merchant_of(&self, si: Option<usize>, li: Option<usize>) -> Option<String> {
        si.and_then(|s| self.case.receipts[s].receipt.merchant.clone())
            .or_else(|| li.map(|l| self.case.txs[l].description.trim().to_string()))
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &mut self,
        kind: &str,
        amount: Decimal,
        currency: &str,
        date: Option<NaiveDate>,
        si: Option<usize>,
        lis: &[usize],
        evidence: Vec<String>,
    ) {
        let case = self.case;
        let network = si.and_then(|s| case.receipts[s].receipt.network);
        let li = lis.first().copied();
        let (acct, stmt) = li
            .map(|l| (case.lines[l].acct_kind, case.lines[l].stmt_date))
            .unwrap_or_else(|| {
                let l = case.lines.first();
                (
                    l.map(|l| l.acct_kind).unwrap_or(AccountKind::Unknown),
                    case.lines.iter().filter_map(|l| l.stmt_date).max(),
                )
            });
        let j = case.opts.jurisdiction.as_str();
        let merchant = self.merchant_of(si, li);
        let title = format!(
            "{}: {} {}{}",
            advice::label(kind),
            money(currency, amount),
            merchant
                .as_deref()
                .map(|m| format!("at {m}"))
                .unwrap_or_default(),
            date.map(|d| format!(" on {d}")).unwrap_or_default()
        );
        let id = format!(
            "{kind}-{}-{}",
            date.map(|d| d.to_string()).unwrap_or_default(),
            lis.first()
                .map(|&l| case.txs[l].id.clone())
                .or_else(|| si.map(|s| case.receipts[s].id.clone()))
                .unwrap_or_default()
        );
        self.findings.push(Finding {
            kind: kind.to_string(),
            amount: amount.abs().round_dp(2),
            currency: currency.to_string(),
            date,
            id,
            merchant,
            title,
            transactions: lis.iter().map(|&l| case.txs[l].id.clone()).collect(),
            receipts: si
                .map(|s| vec![case.receipts[s].id.clone()])
                .unwrap_or_default(),
            evidence,
            network,
            reason_codes: advice::codes_for(kind, network, j),
            deadline: advice::deadline(j, acct, stmt, date, case.opts.as_of),
            steps: advice::steps(kind, j),
            checklist: advice::checklist(kind),
            really_a_dispute: advice::really_a_dispute(kind),
        });
        self.used.extend(lis.iter().copied());
    }

    fn reassure(&mut self, kind: &str, words: String, lis: &[usize], sis: &[usize]) {
        self.reassurances.push(Reassurance {
            kind: kind.to_string(),
            words,
            transactions: lis.iter().map(|&l| self.case.txs[l].id.clone()).collect(),
            receipts: sis
                .iter()
                .map(|&s| self.case.receipts[s].id.clone())
                .collect(),
        });
    }

    /// A credit that reverses debit `li`: same amount and currency, same
    /// merchant, on or after the charge, not a refund slip's credit.
    fn reversal_of(&mut self, li: usize) -> Option<usize> {
        let case = self.case;
        let d = &case.lines[li];
        let dd = d.eff?;
        let mut best: Option<(i64, usize)> = None;
        let same = self
            .by_amount
            .get(&(d.currency, false, mills(d.abs)))
            .cloned()
            .unwrap_or_default();
        for ci in same {
            let c = &case.lines[ci];
            if c.debit
                || self.used.contains(&ci)
                || self.matched.contains_key(&ci)
                || c.currency != d.currency
            {
                continue;
            }
            let Some(cd) = c.eff else { continue };
            let gap = (cd - dd).num_days();
            if !(-1..=45).contains(&gap) {
                continue;
            }
            if similarity_tokens(case.tokens(d.desc), case.tokens(c.desc)) < 0.5
                && c.kind != TxKind::Refund
            {
                continue;
            }
            if best.is_none_or(|(g, _)| gap < g) {
                best = Some((gap, ci));
            }
        }
        let (_, ci) = best?;
        self.used.insert(ci);
        Some(ci)
    }

    fn line_date(&self, li: usize) -> Option<NaiveDate> {
        self.case.lines[li].eff
    }
}

fn mills(d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (d.abs() * Decimal::from(1000))
        .round()
        .to_i64()
        .unwrap_or(i64::MAX / 4)
}

fn is_charge(case: &Case, li: usize) -> bool {
    let t = &case.txs[li];
    !matches!(
        t.references.outcome,
        Some(TxOutcome::Declined | TxOutcome::Voided)
    )
}

pub fn triage(case: &Case, pairs: &Pairs) -> Out {
    let mut by_amount: HashMap<(Currency, bool, i64), Vec<usize>> = HashMap::new();
    for &li in &case.line_order {
        let l = &case.lines[li];
        by_amount
            .entry((l.currency, l.debit, mills(l.abs)))
            .or_default()
            .push(li);
    }
    let mut cx = Ctx {
        case,
        findings: vec![],
        reassurances: vec![],
        used: BTreeSet::new(),
        matched: BTreeMap::new(),
        by_amount,
    };
    let today = case.today;
    for (si, l) in pairs.of_slip.iter().enumerate() {
        if let Some(l) = l {
            cx.matched.insert(*l, si);
        }
    }
    // Holds replaced by their posting are explained, whatever else happens.
    for (&p, &b) in &case.superseded {
        cx.used.insert(p);
        let (lp, lb) = (&case.lines[p], &case.lines[b]);
        let cur = lp.currency.code();
        let kind = if lb.abs > lp.abs {
            "pending_tip_posted"
        } else {
            "hold_posted"
        };
        let words = if lb.abs > lp.abs {
            format!(
                "The pending {} at \"{}\" is the card's pre-tip hold; it was replaced by the posted {} (within the tip tolerance), so it is not a second charge.",
                money(cur, lp.abs),
                case.txs[p].description.trim(),
                money(cur, lb.abs)
            )
        } else {
            format!(
                "The pending hold of {} at \"{}\" was replaced by the posted charge of {}; holds (fuel, hotel) are released when the final amount posts.",
                money(cur, lp.abs),
                case.txs[p].description.trim(),
                money(cur, lb.abs)
            )
        };
        cx.reassure(kind, words, &[p, b], &[]);
    }

    // Void slips → the sale they cancel.
    let mut voided: BTreeMap<usize, usize> = BTreeMap::new();
    let mut void_used: BTreeSet<usize> = BTreeSet::new();
    for &vi in &case.slip_order {
        let v = &case.slips[vi];
        if v.role != Role::Void {
            continue;
        }
        let vr = &case.receipts[vi].receipt;
        let mut best: Option<(i64, usize)> = None;
        // A sale from the void's day or the day before, or one without a
        // date (its gap counts as 0); every receipt when the void has none.
        let window: Box<dyn Iterator<Item = usize>> = match v.date {
            Some(d) => {
                let n = d.num_days_from_ce();
                Box::new(case.slips_undated_or_between(n - 1, n))
            }
            None => Box::new(case.slip_order.iter().copied()),
        };
        for si in window {
            let s = &case.slips[si];
            if s.role != Role::Sale || void_used.contains(&si) || s.failed {
                continue;
            }
            let sr = &case.receipts[si].receipt;
            let orig = vr.original.as_ref();
            let trace_hit = orig.and_then(|o| o.trace.as_deref()).is_some_and(|t| {
                [&sr.trace, &sr.invoice].iter().any(|x| {
                    x.as_deref()
                        .is_some_and(|x| x.trim_start_matches('0') == t.trim_start_matches('0'))
                })
            });
            let same_amount = match (v.total, s.total) {
                (Some(a), Some(b)) => (a - b).abs() < Decimal::new(5, 3),
                _ => false,
            };
            let gap = match (v.date, s.date) {
                (Some(a), Some(b)) => (a - b).num_days(),
                _ => 0,
            };
            let sim = similarity_tokens(case.tokens(v.name), case.tokens(s.name));
            let same_mid = sr.mid.is_some() && sr.mid == vr.mid;
            if !(trace_hit || (same_amount && (sim >= 0.6 || same_mid))) || !(0..=1).contains(&gap)
            {
                continue;
            }
            let rank = if trace_hit { 0 } else { 10 } + gap;
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, si));
            }
        }
        if let Some((_, si)) = best {
            void_used.insert(si);
            voided.insert(si, vi);
        }
    }

    // One online order charged in parts: a sale with no pair, or paired with
    // an unexplained amount, whose total is the exact sum of two or three
    // charges from the same merchant that no other receipt claims.
    let mut splits: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut split_lines: BTreeSet<usize> = BTreeSet::new();
    for &si in &case.slip_order {
        let s = &case.slips[si];
        if s.role != Role::Sale || s.failed || voided.contains_key(&si) {
            continue;
        }
        let own = pairs.of_slip[si];
        if let Some(li) = own {
            if !case
                .points(si, li)
                .is_some_and(|v| v.fit == AmountFit::Differs)
            {
                continue;
            }
        }
        let (Some(total), Some(rd)) = (s.total, s.date) else {
            continue;
        };
        // Lines are in date order: look only at the window, not at every line.
        let first = case
            .line_order
            .partition_point(|&li| case.lines[li].eff.is_none_or(|d| (d - rd).num_days() < -1));
        let parts: Vec<usize> = case.line_order[first..]
            .iter()
            .copied()
            .take_while(|&li| {
                case.lines[li]
                    .eff
                    .is_some_and(|d| (d - rd).num_days() <= 14)
            })
            .filter(|&li| {
                let l = &case.lines[li];
                l.debit
                    && !l.pending
                    && l.abs < total
                    && !split_lines.contains(&li)
                    && cx.matched.get(&li).is_none_or(|&o| o == si)
                    && !case.superseded.contains_key(&li)
                    && l.eff
                        .is_some_and(|d| (-1..=14).contains(&(d - rd).num_days()))
                    && (case.sim(si, li) >= 0.6 || s.ids.iter().any(|i| l.ids.contains(i)))
            })
            .take(12)
            .collect();
        if let Some(found) = split_sum(&parts, total, |li| case.lines[li].abs) {
            if let Some(li) = own {
                cx.matched.remove(&li);
            }
            for &li in &found {
                cx.matched.insert(li, si);
                split_lines.insert(li);
            }
            splits.insert(si, found);
        }
    }

    // Matches, and the findings each pair carries.
    let mut matches = Vec::new();
    for &si in &case.slip_order {
        if let Some(found) = splits.get(&si) {
            let total = case.slips[si].total.unwrap_or_default();
            let n = found.len();
            let sum = found
                .iter()
                .map(|&x| case.lines[x].abs.to_string())
                .collect::<Vec<_>>()
                .join(" + ");
            for (k, &li) in found.iter().enumerate() {
                let l = &case.lines[li];
                let words = format!(
                    "Split order: part {} of {n}; the parts {sum} add up to the receipt's total {total}.",
                    k + 1
                );
                matches.push(Match {
                    receipt: case.receipts[si].file.clone(),
                    date: l.eff,
                    amount: l.abs,
                    score: 0.8,
                    signals: vec![words.clone()],
                    receipt_id: case.receipts[si].id.clone(),
                    transaction: case.txs[li].id.clone(),
                    details: vec![Signal {
                        name: "shape".into(),
                        value: "split".into(),
                        points: 0,
                        words,
                    }],
                    shape: "split".into(),
                });
                cx.used.insert(li);
            }
            continue;
        }
        let Some(li) = pairs.of_slip[si] else {
            continue;
        };
        let s = &case.slips[si];
        let l = &case.lines[li];
        let cur = l.currency.code().to_string();
        let scored = case.score(si, li);
        let (points, signals, fit, diff) = match scored {
            Some(sc) => (sc.points, sc.signals, Some(sc.fit), sc.diff),
            None => (
                0,
                vec![Signal {
                    name: "shape".into(),
                    value: "pinned".into(),
                    points: 0,
                    words: "You pinned this pair.".into(),
                }],
                None,
                s.total.map(|t| l.abs - t).unwrap_or_default(),
            ),
        };
        matches.push(Match {
            receipt: case.receipts[si].file.clone(),
            date: l.eff,
            amount: l.abs,
            score: (points as f64 / 1000.0).clamp(0.0, 1.0),
            signals: signals.iter().map(|x| x.words.clone()).collect(),
            receipt_id: case.receipts[si].id.clone(),
            transaction: case.txs[li].id.clone(),
            details: signals,
            shape: if pairs.pinned[si] {
                "pinned".into()
            } else {
                String::new()
            },
        });
        cx.used.insert(li);
        // The evidence for a finding: the match's signals in words (built
        // only when a finding needs them).
        let ev = |m: &[Match]| m.last().map(|x| x.signals.clone()).unwrap_or_default();
        let date = l.eff;
        let merchant = cx.merchant_of(Some(si), Some(li)).unwrap_or_default();
        if s.role == Role::Refund {
            let total = s.total.unwrap_or_default();
            if fit == Some(AmountFit::Exact) || diff.abs() < Decimal::new(5, 3) {
                cx.reassure(
                    "refund_posted",
                    format!(
                        "The refund of {} from {merchant} posted on {}: nothing is missing.",
                        money(&cur, total),
                        date.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    &[li],
                    &[si],
                );
            } else {
                let mut e = ev(&matches);
                e.insert(
                    0,
                    format!(
                        "The refund slip says {}, the credit that posted is {}.",
                        money(&cur, total),
                        money(&cur, l.abs)
                    ),
                );
                cx.finding(
                    "refund_amount_mismatch",
                    diff.abs(),
                    &cur,
                    date,
                    Some(si),
                    &[li],
                    e,
                );
            }
            continue;
        }
        if !is_charge(case, li) {
            continue;
        }
        if s.failed {
            if let Some(ci) = cx.reversal_of(li) {
                let words = format!(
                    "The {merchant} payment of {} failed at the terminal and was charged, but a reversal credit of the same amount followed on {}: the money came back.",
                    money(&cur, l.abs),
                    cx.line_date(ci).map(|d| d.to_string()).unwrap_or_default()
                );
                cx.reassure("timeout_reversed", words, &[li, ci], &[si]);
            } else {
                let r = &case.receipts[si].receipt;
                let mut e = ev(&matches);
                e.insert(
                    0,
                    format!(
                        "The slip says the payment did not go through{}, yet {} posted and no reversal followed.",
                        r.response_code.as_deref().map(|c| format!(" (response {c}{})", r.response_meaning.as_deref().map(|m| format!(": {m}")).unwrap_or_default())).unwrap_or_default(),
                        money(&cur, l.abs)
                    ),
                );
                cx.finding(
                    "charged_after_decline",
                    l.abs,
                    &cur,
                    date,
                    Some(si),
                    &[li],
                    e,
                );
            }
            continue;
        }
        if let Some(&vi) = voided.get(&si) {
            if let Some(ci) = cx.reversal_of(li) {
                cx.reassure(
                    "void_reversed",
                    format!(
                        "The voided {merchant} sale posted but was reversed on {}.",
                        cx.line_date(ci).map(|d| d.to_string()).unwrap_or_default()
                    ),
                    &[li, ci],
                    &[si, vi],
                );
            } else {
                let mut e = ev(&matches);
                e.insert(0, format!("A void slip ({}) cancels this sale the same day, yet {} posted and no reversal followed.", case.receipts[vi].id, money(&cur, l.abs)));
                cx.finding("charged_after_void", l.abs, &cur, date, Some(si), &[li], e);
            }
            continue;
        }
        let total = s.total.unwrap_or_default();
        let requested = case.receipts[si]
            .receipt
            .requested_amount
            .filter(|q| *q > l.abs);
        match fit {
            Some(AmountFit::Exact) if s.partial && requested.is_some() => {
                let q = requested.unwrap_or_default();
                cx.reassure("partial_approval", format!("At {merchant} only {} of the {} requested was approved (response 10, partial approval); the rest was paid another way. Not a dispute.", money(&cur, l.abs), money(&cur, q)), &[li], &[si]);
            }
            Some(AmountFit::DccHome) => {
                let r = &case.receipts[si].receipt;
                let mk = r
                    .dcc
                    .as_ref()
                    .and_then(|d| d.markup_percent)
                    .map(|m| format!(" ({m}% markup disclosed)"))
                    .unwrap_or_default();
                cx.reassure("dcc_disclosed", format!("At {merchant} the slip shows currency conversion you accepted{mk}, and the posted {} equals the slip's total: not a dispute.", money(&cur, l.abs)), &[li], &[si]);
            }
            Some(AmountFit::FxOriginal) | Some(AmountFit::FxRate) => {
                cx.reassure("network_fx", format!("At {merchant} the slip is in another currency and the card network converted it ({}); an ordinary conversion and the card's foreign-transaction fee are not disputes.", money(&cur, l.abs)), &[li], &[si]);
            }
            Some(AmountFit::Partial) => {
                cx.reassure("partial_approval", format!("At {merchant} only {} of the {} requested was approved (response 10, partial approval); the rest was paid another way. Not a dispute.", money(&cur, l.abs), money(&cur, total)), &[li], &[si]);
            }
            Some(AmountFit::DccDiffers) => {
                let r = &case.receipts[si].receipt;
                let home = r.dcc.as_ref().and_then(|d| d.home_amount).unwrap_or(total);
                let mut e = ev(&matches);
                e.insert(
                    0,
                    format!(
                        "The slip's conversion came to {}, the posted amount is {}.",
                        money(&cur, home),
                        money(&cur, l.abs)
                    ),
                );
                cx.finding(
                    "currency_conversion",
                    diff.abs(),
                    &cur,
                    date,
                    Some(si),
                    &[li],
                    e,
                );
            }
            Some(AmountFit::Tip)
            | Some(AmountFit::Differs)
            | Some(AmountFit::FxOriginalDiffers)
                if diff.abs() >= Decimal::new(5, 3) =>
            {
                let r = &case.receipts[si].receipt;
                let tip_slip = s.tip_base.is_some();
                if tip_slip && l.abs > total {
                    let written = r
                        .tip
                        .map(|t| money(&cur, t))
                        .unwrap_or_else(|| "no tip (the tip line was left blank)".into());
                    let mut e = ev(&matches);
                    e.insert(0, format!("The slip's subtotal is {}, the tip written is {written}, but {} posted: {} more than you signed for.", money(&cur, s.tip_base.unwrap_or_default()), money(&cur, l.abs), money(&cur, diff)));
                    cx.finding("tip_changed", diff.abs(), &cur, date, Some(si), &[li], e);
                } else {
                    let mut e = ev(&matches);
                    e.insert(0, format!("The receipt's total is {}, the posted amount is {}; no tip, currency conversion or partial approval explains the difference.", money(&cur, total), money(&cur, l.abs)));
                    cx.finding(
                        "amount_mismatch",
                        diff.abs(),
                        &cur,
                        date,
                        Some(si),
                        &[li],
                        e,
                    );
                }
            }
            _ => {}
        }
        if let (Some(a), Some(b)) = (&s.last4, &l.last4) {
            if a != b {
                let mut e = ev(&matches);
                e.insert(0, format!("The receipt was paid with the card ending {a}, but the charge is on this account (card ending {b})."));
                cx.finding("card_mismatch", l.abs, &cur, date, Some(si), &[li], e);
            }
        }
        if l.pending {
            hold_age(&mut cx, li, today);
        }
    }

    // Duplicates: a second identical charge from the same merchant next to a
    // receipt's line, with no receipt of its own.
    let mut dup_pairs: Vec<(usize, usize, usize)> = Vec::new();
    for &si in &case.slip_order {
        let Some(li) = pairs.of_slip[si] else {
            continue;
        };
        let s = &case.slips[si];
        if s.role != Role::Sale
            || s.failed
            || voided.contains_key(&si)
            || case.lines[li].pending
            || splits.contains_key(&si)
        {
            continue;
        }
        let l = &case.lines[li];
        let mut best: Option<(i64, usize)> = None;
        let same = cx
            .by_amount
            .get(&(l.currency, true, mills(l.abs)))
            .cloned()
            .unwrap_or_default();
        for oi in same {
            let o = &case.lines[oi];
            if oi == li || !o.debit || o.pending || o.currency != l.currency {
                continue;
            }
            let (Some(a), Some(b)) = (o.eff, l.eff) else {
                continue;
            };
            let gap = (a - b).num_days().abs();
            let shared_id = o.ids.iter().any(|i| l.ids.contains(i));
            if !(gap <= 3 || shared_id && gap <= 10) {
                continue;
            }
            if !shared_id && similarity_tokens(case.tokens(l.desc), case.tokens(o.desc)) < 0.7 {
                continue;
            }
            if let Some(&osi) = cx.matched.get(&oi) {
                // Both backed by their own receipt: two real purchases.
                if osi != si
                    && case.slips[osi].role == Role::Sale
                    && !case.slips[osi].failed
                    && si < osi
                {
                    let cur = l.currency.code();
                    let m = cx.merchant_of(Some(si), Some(li)).unwrap_or_default();
                    cx.reassure(
                        "second_identical_purchase",
                        format!("Two charges of {} at {m}, each backed by its own receipt: two real purchases, not a duplicate.", money(cur, l.abs)),
                        &[li, oi],
                        &[si, osi],
                    );
                }
                continue;
            }
            if cx.used.contains(&oi) || !is_charge(case, oi) {
                continue;
            }
            if best.is_none_or(|(g, _)| gap < g) {
                best = Some((gap, oi));
            }
        }
        if let Some((_, oi)) = best {
            dup_pairs.push((si, li, oi));
            cx.used.insert(oi);
        }
    }
    for (si, li, oi) in dup_pairs {
        let cur = case.lines[oi].currency.code().to_string();
        if let Some(ci) = cx.reversal_of(oi) {
            cx.reassure(
                "duplicate_reversed",
                format!(
                    "A second identical charge of {} was reversed on {}.",
                    money(&cur, case.lines[oi].abs),
                    cx.line_date(ci).map(|d| d.to_string()).unwrap_or_default()
                ),
                &[oi, ci],
                &[si],
            );
            continue;
        }
        let e = vec![
            format!(
                "One purchase on the receipt ({}), two identical charges of {}: on {} and on {}.",
                case.receipts[si].id,
                money(&cur, case.lines[oi].abs),
                cx.line_date(li).map(|d| d.to_string()).unwrap_or_default(),
                cx.line_date(oi).map(|d| d.to_string()).unwrap_or_default()
            ),
            format!(
                "Both descriptors: \"{}\" and \"{}\".",
                case.txs[li].description.trim(),
                case.txs[oi].description.trim()
            ),
        ];
        cx.finding(
            "duplicate_charge",
            case.lines[oi].abs,
            &cur,
            cx.line_date(oi),
            Some(si),
            &[oi],
            e,
        );
    }

    // Receipts with no line.
    let main_cur = case
        .lines
        .first()
        .map(|l| l.currency.code().to_string())
        .unwrap_or_else(|| "XXX".into());
    let mut by_total: Option<HashMap<Option<Decimal>, Vec<usize>>> = None;
    for &si in &case.slip_order {
        if pairs.of_slip[si].is_some() || splits.contains_key(&si) {
            continue;
        }
        let s = &case.slips[si];
        let merchant = cx.merchant_of(Some(si), None).unwrap_or_default();
        let cur = s
            .currency
            .map(|c| c.code().to_string())
            .unwrap_or_else(|| main_cur.clone());
        match s.role {
            Role::Void => {
                let sale = voided.iter().find(|(_, &v)| v == si).map(|(&s, _)| s);
                if sale.is_none_or(|s| pairs.of_slip[s].is_none()) {
                    let amt = s.total.map(|t| money(&cur, t)).unwrap_or_default();
                    cx.reassure("same_day_void", format!("{merchant} {amt} was sold and voided the same day, and no statement line exists: a void cancels the sale before it settles, so nothing was charged."), &[], &[si]);
                }
            }
            Role::Refund => {
                let Some(total) = s.total else { continue };
                let wait = period_days("refund_wait", 15);
                match s.date {
                    Some(d) if (today - d).num_days() > wait => {
                        let e = vec![format!(
                            "The refund slip from {merchant} for {} is dated {d}; {} days have passed by {today} and no matching credit posted.",
                            money(&cur, total),
                            (today - d).num_days()
                        )];
                        cx.finding("refund_missing", total, &cur, Some(d), Some(si), &[], e);
                    }
                    Some(d) => cx.reassure(
                        "refund_not_yet_due",
                        format!("The {merchant} refund of {} was issued on {d}, only {} days before {today}: refunds take up to {wait} days, so it is not missing yet.", money(&cur, total), (today - d).num_days()),
                        &[],
                        &[si],
                    ),
                    None => {}
                }
            }
            Role::Sale if s.failed => {
                // Receipts by total, in solving order, built on first need.
                let by_total = by_total.get_or_insert_with(|| {
                    let mut m: HashMap<Option<Decimal>, Vec<usize>> = HashMap::new();
                    for &o in &case.slip_order {
                        m.entry(case.slips[o].total.map(|t| t.normalize()))
                            .or_default()
                            .push(o);
                    }
                    m
                });
                let same_total = by_total
                    .get(&s.total.map(|t| t.normalize()))
                    .map_or(&[][..], |v| v.as_slice());
                let sibling = same_total.iter().copied().find(|&o| {
                    let so = &case.slips[o];
                    o != si
                        && !so.failed
                        && pairs.of_slip[o].is_some()
                        && so.total == s.total
                        && similarity_tokens(case.tokens(so.name), case.tokens(s.name)) >= 0.6
                });
                let amt = s.total.map(|t| money(&cur, t)).unwrap_or_default();
                if let Some(o) = sibling {
                    cx.reassure("decline_then_approved", format!("{merchant} {amt} failed first, then was approved on a retry; only one charge posted."), &[], &[si, o]);
                } else {
                    cx.reassure(
                        "declined_not_charged",
                        format!("{merchant} {amt} was declined and nothing posted for it."),
                        &[],
                        &[si],
                    );
                }
            }
            _ => {}
        }
    }

    // Lines with no receipt.
    for &li in &case.line_order {
        if cx.matched.contains_key(&li) || cx.used.contains(&li) {
            continue;
        }
        let l = &case.lines[li];
        if l.debit && l.pending {
            hold_age(&mut cx, li, today);
            continue;
        }
        let purchase = l.kind == TxKind::Purchase
            || (l.kind == TxKind::Other && l.acct_kind == AccountKind::Card);
        // A closed order (交易关闭: unpaid, or paid and refunded in full)
        // leaves no charge to back with a receipt.
        let closed = matches!(case.txs[li].references.outcome, Some(TxOutcome::Closed));
        if case.opts.receipts_complete && l.debit && purchase && !closed && is_charge(case, li) {
            let cur = l.currency.code().to_string();
            let e = vec![format!(
                "\"{}\" {} on {}: no receipt in this case, and you said the receipts are complete.",
                case.txs[li].description.trim(),
                money(&cur, l.abs),
                l.eff.map(|d| d.to_string()).unwrap_or_default()
            )];
            cx.finding("unmatched_charge", l.abs, &cur, l.eff, None, &[li], e);
        }
    }

    // Transfer pairs: the two legs of one transfer are not charges.
    let mut paired: BTreeSet<usize> = BTreeSet::new();
    for &a in &case.line_order {
        let la = &case.lines[a];
        if !la.debit
            || !matches!(la.kind, TxKind::Transfer | TxKind::Payment)
            || paired.contains(&a)
        {
            continue;
        }
        let same = cx
            .by_amount
            .get(&(la.currency, false, mills(la.abs)))
            .cloned()
            .unwrap_or_default();
        for b in same {
            let lb = &case.lines[b];
            if lb.debit
                || paired.contains(&b)
                || lb.currency != la.currency
                || lb.abs != la.abs
                || !matches!(lb.kind, TxKind::Transfer | TxKind::Payment)
            {
                continue;
            }
            let (Some(da), Some(db)) = (la.eff, lb.eff) else {
                continue;
            };
            if (da - db).num_days().abs() > 7 {
                continue;
            }
            paired.insert(a);
            paired.insert(b);
            let cur = la.currency.code();
            cx.reassure(
                "transfer_pair",
                format!("{} out (\"{}\") and {} back in (\"{}\"): the two legs of one transfer (or a transfer returned), not a charge.", money(cur, la.abs), case.txs[a].description.trim(), money(cur, lb.abs), case.txs[b].description.trim()),
                &[a, b],
                &[],
            );
            break;
        }
    }

    let mut findings = cx.findings;
    findings.sort_by(|a, b| {
        (a.date, &a.kind, a.amount, &a.id).cmp(&(b.date, &b.kind, b.amount, &b.id))
    });
    Out {
        matches,
        findings,
        reassurances: cx.reassurances,
    }
}

/// A pending hold: stale past its expiry with nothing posted, else fresh.
fn hold_age(cx: &mut Ctx, li: usize, today: NaiveDate) {
    let l = &cx.case.lines[li];
    let Some(d) = l.eff else { return };
    let age = (today - d).num_days();
    let cur = l.currency.code().to_string();
    let expiry = period_days("hold_expiry", 30);
    let desc = cx.case.txs[li].description.trim().to_string();
    if age > expiry {
        let e = vec![format!(
            "The authorisation \"{desc}\" of {} from {d} is still pending after {age} days (holds should be released or posted within {expiry}), and no charge from this merchant replaced it.",
            money(&cur, l.abs)
        )];
        let si = cx.matched.get(&li).copied();
        cx.finding("stale_hold", l.abs, &cur, Some(d), si, &[li], e);
    } else {
        cx.reassure(
            "fresh_pending",
            format!("\"{desc}\" {} is still pending, only {age} day(s) old: holds usually post or drop within a week.", money(&cur, l.abs)),
            &[li],
            &[],
        );
        cx.used.insert(li);
    }
}

/// Two or three of `parts` (in order) whose amounts sum exactly to `total`.
fn split_sum(
    parts: &[usize],
    total: Decimal,
    amount: impl Fn(usize) -> Decimal,
) -> Option<Vec<usize>> {
    let n = parts.len();
    for i in 0..n {
        for j in i + 1..n {
            let two = amount(parts[i]) + amount(parts[j]);
            if two == total {
                return Some(vec![parts[i], parts[j]]);
            }
            if two < total {
                for k in j + 1..n {
                    if two + amount(parts[k]) == total {
                        return Some(vec![parts[i], parts[j], parts[k]]);
                    }
                }
            }
        }
    }
    None
}
