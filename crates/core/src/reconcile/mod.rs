//! Reconciliation and triage: pair receipts with statement lines, explain each
//! pairing, and turn discrepancies into findings (cases).
//!
//! The pipeline, one module each:
//! - [`engine`]: the case's statement lines and receipts in a comparable form,
//!   the candidate index (account currency × day × amount, never all pairs)
//!   and the explicit signals that score a pair;
//! - [`assign`]: the globally optimal one-to-one assignment;
//! - [`triage`]: the one-to-many shapes (hold → posting, sale → refund/void,
//!   reversals, split orders) and the findings and reassurances;
//! - [`advice`]: reason codes, deadlines, steps and checklists from
//!   [`tables`].
//!
//! ```
//! use slipcheck_core::reconcile::{check, CheckOptions};
//! use slipcheck_core::parse_document;
//! let report = check(&[parse_document("empty.csv", b"")], &CheckOptions::default());
//! assert!(report.findings.is_empty());
//! ```

pub mod advice;
pub mod assign;
pub mod descriptor;
pub mod engine;
pub mod tables;
pub mod triage;

use crate::document::Document;
use crate::receipt::{Network, Receipt};
use crate::statement::{Account, Transaction};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The finding vocabulary (scenarios README).
pub const KINDS: [&str; 11] = [
    "duplicate_charge",
    "amount_mismatch",
    "tip_changed",
    "charged_after_decline",
    "charged_after_void",
    "refund_missing",
    "refund_amount_mismatch",
    "stale_hold",
    "currency_conversion",
    "card_mismatch",
    "unmatched_charge",
];

/// Which consumer-law regime applies to deadlines and letters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    #[default]
    Us,
    Eu,
    Uk,
    Cn,
}

impl Jurisdiction {
    pub fn as_str(&self) -> &'static str {
        match self {
            Jurisdiction::Us => "us",
            Jurisdiction::Eu => "eu",
            Jurisdiction::Uk => "uk",
            Jurisdiction::Cn => "cn",
        }
    }
}

impl std::str::FromStr for Jurisdiction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "us" => Ok(Jurisdiction::Us),
            "eu" => Ok(Jurisdiction::Eu),
            "uk" | "gb" => Ok(Jurisdiction::Uk),
            "cn" => Ok(Jurisdiction::Cn),
            other => Err(format!(
                "unknown jurisdiction {other:?}: use us, eu, uk or cn"
            )),
        }
    }
}

/// A receipt ↔ statement-line pair the user insists on (pin) or refuses
/// (forbid). `receipt` is the receipt's id ([`CaseReceipt::id`]), `transaction`
/// the line's id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pair {
    pub receipt: String,
    pub transaction: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// "Today" for deadlines and overdue refunds/holds.
    pub as_of: Option<NaiveDate>,
    pub jurisdiction: Jurisdiction,
    /// The user says every purchase has its receipt in the case.
    pub receipts_complete: bool,
    /// Pairs kept whatever the scores say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<Pair>,
    /// Pairs never made; the rest re-solves around them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbids: Vec<Pair>,
}

/// A receipt, named by the file it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseReceipt {
    pub file: String,
    /// Stable id: the file name, with `#n` when a file holds several receipts.
    #[serde(default)]
    pub id: String,
    #[serde(flatten)]
    pub receipt: Receipt,
}

/// One explicit reason behind a pairing: data for the UI plus words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// `amount`, `date`, `descriptor`, `card`, `identifier`, `status`, `shape`.
    pub name: String,
    /// Machine-readable verdict, e.g. `exact`, `tip_explained`, `fx_explained`,
    /// `partial`, `differs`, `agree`, `gap_2_days`.
    pub value: String,
    /// Contribution to the score (points).
    pub points: i64,
    pub words: String,
}

/// One pairing of a receipt with a statement line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The receipt's file name.
    pub receipt: String,
    /// The statement line's transaction date, else posting date.
    pub date: Option<NaiveDate>,
    /// The statement line's absolute amount.
    pub amount: Decimal,
    /// 0..=1.
    pub score: f64,
    /// The signals in words.
    pub signals: Vec<String>,
    #[serde(default)]
    pub receipt_id: String,
    #[serde(default)]
    pub transaction: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Signal>,
    /// `pinned`, `split` (one order charged in parts), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub shape: String,
}

/// A network reason code attached to a finding.
pub use tables::ReasonCode;

/// The deadline that applies to a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub jurisdiction: String,
    pub date: NaiveDate,
    /// Days from `as_of` to `date` (negative when passed).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub days_left: Option<i64>,
    /// What the deadline counts from (e.g. "statement date 2026-02-16").
    pub basis: String,
    pub rule: String,
    pub source: String,
    pub verify: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: String,
    /// Money at stake, positive.
    pub amount: Decimal,
    pub currency: String,
    /// The statement line's transaction date (else posting date); for a
    /// missing refund, the refund slip's date.
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<String>,
    /// One sentence for the list view.
    #[serde(default)]
    pub title: String,
    /// Statement line ids concerned.
    #[serde(default)]
    pub transactions: Vec<String>,
    /// Receipt ids concerned.
    #[serde(default)]
    pub receipts: Vec<String>,
    /// The signals and facts, in words.
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    /// Per network, the receipt's network first.
    #[serde(default)]
    pub reason_codes: Vec<ReasonCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub checklist: Vec<String>,
    /// "Is this really a dispute?" in plain words.
    #[serde(default)]
    pub really_a_dispute: String,
}

/// A trap that is not a finding, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reassurance {
    /// `pending_tip_posted`, `hold_posted`, `same_day_void`, `refund_posted`,
    /// `second_identical_purchase`, `partial_approval`, `dcc_disclosed`,
    /// `network_fx`, `transfer_pair`, `fresh_pending`, `refund_not_yet_due`,
    /// `timeout_reversed`, `decline_then_approved`, `declined_not_charged`.
    pub kind: String,
    pub words: String,
    #[serde(default)]
    pub transactions: Vec<String>,
    #[serde(default)]
    pub receipts: Vec<String>,
}

/// The whole result of `slipcheck check`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub transactions: Vec<Transaction>,
    pub receipts: Vec<CaseReceipt>,
    pub matches: Vec<Match>,
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub reassurances: Vec<Reassurance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    #[serde(default)]
    pub jurisdiction: Jurisdiction,
}

/// Reconciles the documents of one case. Overlapping exports of the same
/// account (March, then March–April; CSV and OFX of one month) are merged
/// first, so a line present in both is not mistaken for a duplicate charge.
pub fn check(docs: &[Document], opts: &CheckOptions) -> CheckReport {
    let stmts: Vec<crate::statement::StatementRead> = docs
        .iter()
        .filter(|d| !d.transactions.is_empty())
        .map(|d| {
            let mut transactions = d.transactions.clone();
            if !d.accounts.is_empty() {
                for t in &mut transactions {
                    // A line without an account belongs to its file's account.
                    if t.account.is_none_or(|a| a >= d.accounts.len()) {
                        t.account = Some(0);
                    }
                }
            }
            crate::statement::StatementRead {
                accounts: d.accounts.clone(),
                transactions,
                diagnostics: vec![],
                ..Default::default()
            }
        })
        .collect();
    let (transactions, merged) = crate::statement::merge::merge(&stmts);
    let accounts = merged.accounts;
    // A date printed without a year (bank SMS "07月02日") is placed in the
    // most recent year that puts it no later than a month after the last
    // statement line (and never after as_of), so the report shows the day,
    // not the placeholder year.
    let last_line = transactions.iter().filter_map(|t| t.effective_date()).max();
    let year_ref = match (last_line.and_then(|d| d.checked_add_days(chrono::Days::new(31))), opts.as_of) {
        (Some(l), Some(a)) => Some(l.min(a)),
        (l, a) => l.or(a),
    };
    let mut receipts: Vec<CaseReceipt> = Vec::new();
    for d in docs {
        let many = d.receipts.len() > 1;
        for (i, r) in d.receipts.iter().enumerate() {
            let id = if many {
                format!("{}#{}", d.file, i + 1)
            } else {
                d.file.clone()
            };
            let mut receipt = r.clone();
            if let Some(as_of) = opts.as_of {
                receipt.settle_date(as_of);
            }
            if let Some(reference) = year_ref {
                receipt.resolve_year(reference);
            }
            receipts.push(CaseReceipt { file: d.file.clone(), id, receipt });
        }
    }
    let (accounts, transactions) = adopt_receipt_currency(accounts, transactions, &receipts);
    reconcile(accounts, transactions, receipts, opts)
}

/// A statement that names no currency (XXX: a QIF from outside the US, a CSV
/// without a currency column or preamble) is taken to be in the currency most
/// of the case's slips are in, so its lines compare with them as equals
/// instead of looking converted. Lines with a known currency are untouched.
fn adopt_receipt_currency(
    mut accounts: Vec<crate::statement::Account>,
    mut transactions: Vec<crate::statement::Transaction>,
    receipts: &[CaseReceipt],
) -> (Vec<crate::statement::Account>, Vec<crate::statement::Transaction>) {
    let unknown = crate::money::Currency::new("XXX");
    if !transactions.iter().any(|t| Some(t.currency) == unknown) {
        return (accounts, transactions);
    }
    let mut counts: Vec<(crate::money::Currency, usize)> = Vec::new();
    for c in receipts.iter().filter_map(|r| r.receipt.currency).filter(|c| Some(*c) != unknown) {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    // The first most common, in receipt order: the same input gives the same answer.
    let Some(&(best, n)) = counts.iter().fold(None::<&(crate::money::Currency, usize)>, |b, x| match b {
        Some(b) if b.1 >= x.1 => Some(b),
        _ => Some(x),
    }) else {
        return (accounts, transactions);
    };
    // A tie between currencies says nothing about the account's.
    if counts.iter().filter(|(_, m)| *m == n).count() > 1 {
        return (accounts, transactions);
    }
    for t in transactions.iter_mut().filter(|t| Some(t.currency) == unknown) {
        t.currency = best;
    }
    for a in accounts.iter_mut().filter(|a| a.currency.is_none() || a.currency == unknown) {
        a.currency = Some(best);
    }
    (accounts, transactions)
}

/// Only the pairing (index, signals, assignment), by index: receipt `i` ↔
/// statement line `j`. The smallest entry point, for benchmarks and for a
/// wasm shell that wants pairs without the report.
pub fn pair(
    accounts: &[Account],
    transactions: &[Transaction],
    receipts: &[CaseReceipt],
    opts: &CheckOptions,
) -> Vec<(usize, usize)> {
    let case = engine::Case::new(accounts, transactions, receipts, opts);
    let pairs = case.solve();
    pairs
        .of_slip
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.map(|l| (i, l)))
        .collect()
}

/// The engine on plain records: what the app's worker and the benchmark call.
pub fn reconcile(
    accounts: Vec<Account>,
    transactions: Vec<Transaction>,
    receipts: Vec<CaseReceipt>,
    opts: &CheckOptions,
) -> CheckReport {
    let case = engine::Case::new(&accounts, &transactions, &receipts, opts);
    let pairs = case.solve();
    let out = triage::triage(&case, &pairs);
    CheckReport {
        matches: out.matches,
        findings: out.findings,
        reassurances: out.reassurances,
        transactions,
        receipts,
        accounts,
        as_of: opts.as_of,
        jurisdiction: opts.jurisdiction,
    }
}
