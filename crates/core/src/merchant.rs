//! Merchant mode: find a customer's transaction in a settlement or transaction
//! export (Stripe, Square, SumUp, an acquirer's 交易明细), follow it through its
//! life (authorised → voided / refunded / settled) and say what to tell the
//! customer. No web dependency: the app's merchant tab and any CLI share it.
//!
//! ```
//! use slipcheck_core::merchant::{search, Query};
//! use slipcheck_core::parse_document;
//! let csv = "交易日期,交易时间,交易类型,卡号,交易金额,授权码,参考号,凭证号\n\
//!            2026-03-02,14:05:11,消费,622848******1234,88.50,A1B2C3,123456789012,000101\n";
//! let doc = parse_document("交易明细.csv", csv.as_bytes());
//! let q = Query { last4: Some("1234".into()), ..Query::default() };
//! assert_eq!(search(&doc.transactions, &q).len(), doc.transactions.len());
//! ```

use crate::statement::{Transaction, TxKind, TxOutcome, TxStatus};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the merchant types at the counter. Every field given must hold (AND);
/// an empty query finds every row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Last 4 digits of the card; anything else typed ("**** 1234") is ignored.
    pub last4: Option<String>,
    /// The amount, without sign: a sale of 88.50 and its refund of -88.50 both match 88.50.
    pub amount: Option<Decimal>,
    /// Start of the window (inclusive). A row without a time of day matches on its date alone.
    pub from: Option<NaiveDateTime>,
    /// End of the window (inclusive).
    pub to: Option<NaiveDateTime>,
    pub auth_code: Option<String>,
    pub rrn: Option<String>,
    /// Voucher / trace number (凭证号, STAN); leading zeros do not matter.
    pub voucher: Option<String>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Reference numbers are printed with and without leading zeros and spaces.
fn same_ref(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let t = s.trim_start_matches('0');
        if t.is_empty() { "0".to_string() } else { t.to_string() }
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

fn opt_same(field: &Option<String>, wanted: &Option<String>) -> bool {
    match wanted.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        None => true,
        Some(w) => field.as_deref().is_some_and(|f| same_ref(f, w)),
    }
}

/// The row's date and time: the transaction date, else the posting date.
fn when(tx: &Transaction) -> (Option<NaiveDate>, Option<NaiveTime>) {
    (tx.date.or(tx.posted), tx.references.time)
}

/// Does one row satisfy the query?
pub fn matches(tx: &Transaction, q: &Query) -> bool {
    if let Some(want) = q.last4.as_deref().map(digits).filter(|d| !d.is_empty()) {
        let want = &want[want.len().saturating_sub(4)..];
        match tx.card_last4.as_deref() {
            Some(have) if digits(have).ends_with(want) => {}
            _ => return false,
        }
    }
    if let Some(a) = q.amount {
        let hit = tx.amount.abs() == a.abs() || tx.original_amount.is_some_and(|o| o.abs() == a.abs());
        if !hit {
            return false;
        }
    }
    if q.from.is_some() || q.to.is_some() {
        let (date, time) = when(tx);
        let Some(date) = date else { return false };
        let inside = |edge: NaiveDateTime, after: bool| match time {
            Some(t) => {
                let at = date.and_time(t);
                if after { at >= edge } else { at <= edge }
            }
            None => {
                if after { date >= edge.date() } else { date <= edge.date() }
            }
        };
        if q.from.is_some_and(|f| !inside(f, true)) || q.to.is_some_and(|t| !inside(t, false)) {
            return false;
        }
    }
    opt_same(&tx.references.auth_code, &q.auth_code)
        && opt_same(&tx.references.rrn, &q.rrn)
        && opt_same(&tx.references.voucher, &q.voucher)
}

/// Indices of the rows that satisfy the query, newest first.
pub fn search(txs: &[Transaction], q: &Query) -> Vec<usize> {
    let mut hits: Vec<usize> = (0..txs.len()).filter(|&i| matches(&txs[i], q)).collect();
    hits.sort_by(|&a, &b| {
        let ka = when(&txs[a]);
        let kb = when(&txs[b]);
        kb.cmp(&ka).then(a.cmp(&b))
    });
    hits
}

/// What one row of an export records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    Sale,
    /// A pre-authorisation (预授权): money held, not yet taken.
    Preauth,
    /// A pre-authorisation completion (预授权完成).
    Completion,
    /// A void or reversal (撤销, 冲正) of an earlier row.
    Void,
    /// A refund (退货) of an earlier row.
    Refund,
    /// Declined or failed: no money moved.
    Declined,
}

fn row_text(tx: &Transaction) -> String {
    let mut s = tx.description.clone();
    for x in [&tx.references.status_text, &tx.counterparty].into_iter().flatten() {
        s.push(' ');
        s.push_str(x);
    }
    s.to_lowercase()
}

/// Classifies a row from its kind, outcome and words.
pub fn role_of(tx: &Transaction) -> RowRole {
    let text = row_text(tx);
    let has = |ks: &[&str]| ks.iter().any(|k| text.contains(k));
    if tx.references.outcome == Some(TxOutcome::Declined) || has(&["declined", "失败", "拒绝"]) {
        return RowRole::Declined;
    }
    if has(&["预授权完成", "completion", "capture"]) {
        return RowRole::Completion;
    }
    if has(&["预授权", "pre-auth", "preauth", "authorization only", "uncaptured"]) {
        return RowRole::Preauth;
    }
    // A row whose own type is a void/reversal (not a sale whose status says it was voided).
    if has(&["撤销", "冲正", "reversal"]) || (has(&["void"]) && tx.kind != TxKind::Purchase) {
        return RowRole::Void;
    }
    if tx.kind == TxKind::Refund || has(&["退货", "退款"]) && tx.amount.is_sign_negative() {
        return RowRole::Refund;
    }
    RowRole::Sale
}

/// Where a transaction stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Declined: nothing was taken.
    Declined,
    /// Authorised (or a pre-authorisation), not yet settled.
    Authorised,
    /// Voided or reversed before settlement: nothing will be taken.
    Voided,
    /// Settled: the money was taken.
    Settled,
    /// Settled and then refunded in part.
    PartiallyRefunded,
    /// Settled and then refunded in full.
    Refunded,
}

/// One step of a transaction's life, with the row that shows it (if any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub stage: Stage,
    /// Index of the export row that records this step; `None` when the step is
    /// only implied by a status column on the sale row ("Refunded").
    pub row: Option<usize>,
    pub date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    /// Positive money of this step.
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// The original sale / pre-authorisation row.
    pub origin: usize,
    /// In time order.
    pub events: Vec<Event>,
    pub stage: Stage,
    /// What the customer ends up paying (sale minus refunds; zero if voided or declined).
    pub net: Decimal,
    /// Money refunded so far.
    pub refunded: Decimal,
}

/// Rows that belong to the same purchase: a shared RRN, or a shared auth code
/// on the same card. Vouchers are per row (each void or refund gets its own),
/// so they do not link.
fn linked(a: &Transaction, b: &Transaction) -> bool {
    let r = |x: &Transaction| x.references.rrn.clone();
    if let (Some(x), Some(y)) = (r(a), r(b)) {
        if same_ref(&x, &y) {
            return true;
        }
    }
    if let (Some(x), Some(y)) = (&a.references.auth_code, &b.references.auth_code) {
        let same_card = match (&a.card_last4, &b.card_last4) {
            (Some(p), Some(q)) => p == q,
            _ => true,
        };
        if same_card && same_ref(x, y) {
            return true;
        }
    }
    // An original-voucher reference (原凭证号) a reader kept among `other`.
    if let Some(v) = &a.references.voucher {
        if b.references.other.iter().any(|o| same_ref(o, v)) {
            return true;
        }
    }
    if let Some(v) = &b.references.voucher {
        if a.references.other.iter().any(|o| same_ref(o, v)) {
            return true;
        }
    }
    false
}

fn is_follow_up(role: RowRole) -> bool {
    matches!(role, RowRole::Void | RowRole::Refund | RowRole::Completion)
}

/// Follows the transaction of row `row` through the export: finds its origin
/// (if `row` is itself a void or refund) and every linked void, refund or
/// completion, and says where it stands.
pub fn lifecycle(txs: &[Transaction], row: usize) -> Lifecycle {
    let row = row.min(txs.len().saturating_sub(1));
    let tx = &txs[row];
    // Start from the origin: for a follow-up row, the linked sale/pre-auth.
    let origin = if is_follow_up(role_of(tx)) {
        (0..txs.len())
            .find(|&i| i != row && !is_follow_up(role_of(&txs[i])) && linked(&txs[i], tx))
            .unwrap_or(row)
    } else {
        row
    };
    let o = &txs[origin];
    let role = role_of(o);
    let base = o.amount.abs();
    let mut events = vec![Event {
        stage: match role {
            RowRole::Declined => Stage::Declined,
            RowRole::Preauth => Stage::Authorised,
            _ if o.status == TxStatus::Pending => Stage::Authorised,
            RowRole::Void => Stage::Voided,
            RowRole::Refund => Stage::Refunded,
            _ => Stage::Authorised,
        },
        row: Some(origin),
        date: when(o).0,
        time: when(o).1,
        amount: base,
    }];
    let mut stage = events[0].stage;
    let mut settled = matches!(role, RowRole::Sale | RowRole::Completion) && o.status == TxStatus::Booked;
    let mut refunded = Decimal::ZERO;
    let mut voided = role == RowRole::Void;

    let mut follow: Vec<usize> = (0..txs.len())
        .filter(|&i| i != origin && is_follow_up(role_of(&txs[i])) && linked(o, &txs[i]))
        .collect();
    follow.sort_by_key(|&i| (when(&txs[i]), i));
    for i in &follow {
        let f = &txs[*i];
        let ev_stage = match role_of(f) {
            RowRole::Void => {
                voided = true;
                Stage::Voided
            }
            RowRole::Refund => {
                refunded += f.amount.abs();
                if refunded >= base { Stage::Refunded } else { Stage::PartiallyRefunded }
            }
            _ => {
                settled = true;
                Stage::Settled
            }
        };
        events.push(Event { stage: ev_stage, row: Some(*i), date: when(f).0, time: when(f).1, amount: f.amount.abs() });
    }
    // The sale row's own status column may say what became of it.
    match o.references.outcome {
        Some(TxOutcome::Voided) if !voided => {
            voided = true;
            events.push(Event { stage: Stage::Voided, row: None, date: None, time: None, amount: base });
        }
        Some(TxOutcome::Refunded) if refunded < base => {
            events.push(Event { stage: Stage::Refunded, row: None, date: None, time: None, amount: base - refunded });
            refunded = base;
        }
        Some(TxOutcome::PartiallyRefunded) if refunded.is_zero() => {
            events.push(Event { stage: Stage::PartiallyRefunded, row: None, date: None, time: None, amount: Decimal::ZERO });
        }
        _ => {}
    }
    if stage != Stage::Declined {
        stage = if voided {
            Stage::Voided
        } else if refunded >= base && !base.is_zero() {
            Stage::Refunded
        } else if !refunded.is_zero() || o.references.outcome == Some(TxOutcome::PartiallyRefunded) {
            Stage::PartiallyRefunded
        } else if settled {
            Stage::Settled
        } else {
            Stage::Authorised
        };
    }
    // Settlement is a step of its own in the timeline when the sale row is
    // booked — unless it was voided, which by definition came before settlement.
    if settled && role == RowRole::Sale && !voided {
        events.insert(1, Event { stage: Stage::Settled, row: Some(origin), date: o.posted.or(o.date), time: None, amount: base });
    }
    let net = match stage {
        Stage::Declined | Stage::Voided => Decimal::ZERO,
        _ => (base - refunded).max(Decimal::ZERO),
    };
    Lifecycle { origin, events, stage, net, refunded }
}

/// What the merchant should tell the customer; the app words it in the
/// customer's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    /// Declined: no money was taken; any "pending" line disappears by itself.
    DeclinedNothingTaken,
    /// Authorised only: the hold drops off or turns into the charge within days.
    HoldWillSettleOrDrop,
    /// Voided before settlement: nothing will be taken; the hold is released by the card issuer.
    VoidedHoldReleased,
    /// Settled: the charge is valid; offer a copy of the receipt.
    ChargeValid,
    /// Refunded: give the date and the reference; the bank posts it in 3–10 business days.
    RefundOnTheWay,
    /// Refunded in part: say how much, and that the rest was kept on purpose (or refund it).
    PartialRefund,
}

pub fn advise(l: &Lifecycle) -> Advice {
    match l.stage {
        Stage::Declined => Advice::DeclinedNothingTaken,
        Stage::Authorised => Advice::HoldWillSettleOrDrop,
        Stage::Voided => Advice::VoidedHoldReleased,
        Stage::Settled => Advice::ChargeValid,
        Stage::Refunded => Advice::RefundOnTheWay,
        Stage::PartiallyRefunded => Advice::PartialRefund,
    }
}

/// The prevention checklist for the counter (terminal maintenance, staff
/// training, an outage procedure), as stable keys the app translates.
pub const PREVENTION: [&str; 8] = [
    "terminal_updates",
    "terminal_clock_and_paper",
    "settle_daily",
    "staff_void_vs_refund",
    "staff_read_response_code",
    "staff_no_repeat_after_timeout",
    "outage_procedure",
    "keep_copies",
];
