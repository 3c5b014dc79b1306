//! Merging overlapping exports of the same account without doubling lines.
//!
//! People download March, then March–April; or the same month as CSV and as
//! OFX. A line present in several exports is kept once, found by
//!
//! 1. its own identifier (FITID, order number, entry reference) when both
//!    lines carry one from the file, else
//! 2. the same date + amount + currency + descriptor (one descriptor a prefix
//!    of the other, as OFX cuts NAME at 32 characters).
//!
//! Matching is a multiset union: a line of export B can absorb at most one
//! line of each *other* export, so two genuinely identical purchases inside
//! one export stay two, and stay two when a second export also has both.
//!
//! ```
//! use slipcheck_core::statement::{merge, ofx};
//! let a = ofx::read("march.ofx", b"<OFX><STMTRS><CURDEF>USD<BANKTRANLIST>\
//!   <STMTTRN><DTPOSTED>20260305<TRNAMT>-5.00<FITID>1<NAME>Cafe</STMTTRN></BANKTRANLIST></STMTRS></OFX>");
//! let b = ofx::read("march-april.ofx", b"<OFX><STMTRS><CURDEF>USD<BANKTRANLIST>\
//!   <STMTTRN><DTPOSTED>20260305<TRNAMT>-5.00<FITID>1<NAME>Cafe</STMTTRN>\
//!   <STMTTRN><DTPOSTED>20260402<TRNAMT>-7.00<FITID>2<NAME>Cafe</STMTTRN></BANKTRANLIST></STMTRS></OFX>");
//! let (txs, report) = merge::merge(&[a, b]);
//! assert_eq!(txs.len(), 2);
//! assert_eq!(report.shared, 1);
//! assert!(report.diagnostics[0].message.contains("1 line appeared in both exports and was kept once"));
//! ```

use super::{Account, StatementRead, Transaction};
use crate::diag::{lit, Diagnostic};
use crate::document::Document;
use std::collections::HashMap;

/// Anything that holds a statement's accounts and lines.
pub trait StatementSource {
    fn file_name(&self) -> &str;
    fn accounts(&self) -> &[Account];
    fn transactions(&self) -> &[Transaction];
}

impl StatementSource for StatementRead {
    fn file_name(&self) -> &str {
        self.transactions.first().map(|t| t.source.file.as_str()).unwrap_or("")
    }
    fn accounts(&self) -> &[Account] {
        &self.accounts
    }
    fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }
}

impl StatementSource for Document {
    fn file_name(&self) -> &str {
        &self.file
    }
    fn accounts(&self) -> &[Account] {
        &self.accounts
    }
    fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// Lines that appeared in more than one export and were kept once.
    pub shared: usize,
    /// Of those, how many were recognised by their own identifier.
    pub shared_by_id: usize,
    /// All documents' accounts, in order; merged lines' `account` indexes
    /// into this list.
    pub accounts: Vec<Account>,
    /// The info diagnostic telling the user about shared lines, if any.
    pub diagnostics: Vec<Diagnostic>,
}

/// True for ids a reader derived from content ("h…-n"), as opposed to the
/// file's own identifier.
pub fn is_derived_id(id: &str) -> bool {
    id.is_empty()
        || (id.len() >= 19
            && id.starts_with('h')
            && id[1..17].bytes().all(|c| c.is_ascii_hexdigit())
            && id.as_bytes().get(17) == Some(&b'-'))
}

fn norm_desc(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

fn same_account(a: Option<&Account>, b: Option<&Account>) -> bool {
    match (a.and_then(|a| a.last4.as_deref()), b.and_then(|b| b.last4.as_deref())) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// "XXX" is what readers use when a file states no currency (a plain CSV):
/// it is compatible with any currency.
fn same_currency(a: &Transaction, b: &Transaction) -> bool {
    a.currency == b.currency || a.currency.code() == "XXX" || b.currency.code() == "XXX"
}

fn same_line(a: &Transaction, b: &Transaction) -> bool {
    if a.amount != b.amount || !same_currency(a, b) {
        return false;
    }
    let dates = a.effective_date().is_some() && a.effective_date() == b.effective_date()
        || a.posted.is_some() && a.posted == b.posted;
    if !dates {
        return false;
    }
    let (x, y) = (norm_desc(&a.description), norm_desc(&b.description));
    x.starts_with(&y) || y.starts_with(&x)
}

/// Merges the documents' lines, in document order, keeping a line shared by
/// several exports once.
pub fn merge<D: StatementSource>(docs: &[D]) -> (Vec<Transaction>, MergeReport) {
    let mut report = MergeReport::default();
    // (transaction, doc it came from, docs that have absorbed a line into it)
    let mut kept: Vec<(Transaction, usize, Vec<usize>)> = Vec::new();
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_amount: HashMap<rust_decimal::Decimal, Vec<usize>> = HashMap::new();
    let mut account_of: Vec<Option<usize>> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let offset = report.accounts.len();
        report.accounts.extend(doc.accounts().iter().cloned());
        for t in doc.transactions() {
            let acc_global = t.account.map(|a| a + offset);
            let acc = acc_global.and_then(|a| report.accounts.get(a));
            let id_key = (!is_derived_id(&t.id)).then(|| t.id.clone());
            let mut hit: Option<(usize, bool)> = None;
            if let Some(k) = &id_key {
                if let Some(cands) = by_id.get(k) {
                    hit = cands
                        .iter()
                        .copied()
                        .find(|&i| {
                            kept[i].1 != d
                                && !kept[i].2.contains(&d)
                                && same_currency(&kept[i].0, t)
                                && same_account(account_of[i].and_then(|a| report.accounts.get(a)), acc)
                        })
                        .map(|i| (i, true));
                }
            }
            if hit.is_none() {
                if let Some(cands) = by_amount.get(&t.amount.normalize()) {
                    hit = cands
                        .iter()
                        .copied()
                        .find(|&i| {
                            let (k, from, claimed) = &kept[i];
                            *from != d
                                && !claimed.contains(&d)
                                // Two lines with different own ids are different lines.
                                && (is_derived_id(&k.id) || is_derived_id(&t.id) || k.id == t.id)
                                && same_account(account_of[i].and_then(|a| report.accounts.get(a)), acc)
                                && same_line(k, t)
                        })
                        .map(|i| (i, false));
                }
            }
            match hit {
                Some((i, by_own_id)) => {
                    kept[i].2.push(d);
                    report.shared += 1;
                    if by_own_id {
                        report.shared_by_id += 1;
                    }
                }
                None => {
                    let i = kept.len();
                    let mut t = t.clone();
                    t.account = acc_global;
                    if let Some(k) = id_key {
                        by_id.entry(k).or_default().push(i);
                    }
                    by_amount.entry(t.amount.normalize()).or_default().push(i);
                    account_of.push(acc_global);
                    kept.push((t, d, vec![]));
                }
            }
        }
    }
    if report.shared > 0 {
        let files: Vec<&str> = docs.iter().map(|d| d.file_name()).filter(|f| !f.is_empty()).collect();
        let code = if report.shared == 1 { "merge.shared_one" } else { "merge.shared" };
        let args = [("n", lit(report.shared)), ("files", lit(files.join(", ")))];
        report.diagnostics.push(Diagnostic::note(files.first().copied().unwrap_or(""), None, code, &args));
    }
    (kept.into_iter().map(|k| k.0).collect(), report)
}

/// Gives lines without an identifier a stable derived one: a hash of the
/// line's content plus its occurrence among identical lines, so that the
/// same line keeps its id in an overlapping export (positions differ) and
/// two identical purchases in one export still differ.
pub(crate) fn assign_missing_ids(txs: &mut [Transaction]) {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    for t in txs.iter_mut().filter(|t| t.id.trim().is_empty()) {
        let key = format!("{:?}|{:?}|{:?}|{}|{}|{}", t.date, t.posted, t.value_date, t.amount.normalize(), t.currency, t.description);
        let h = fnv64(key.as_bytes());
        let n = seen.entry(h).or_default();
        *n += 1;
        t.id = format!("h{h:016x}-{n}");
    }
}

fn fnv64(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
