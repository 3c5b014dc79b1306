//! Reader: Quicken Interchange Format (QIF).
//!
//! Sections `!Type:Bank`, `CCard`, `Cash`, `Oth A`, `Oth L` hold statement
//! lines; investment, category, class, memorized and security lists are
//! skipped with a note. `!Account` blocks name the account that the next
//! section belongs to. Records are fields (`D` date, `T`/`U` amount, `P`
//! payee, `M` memo, `N` number, `C` cleared, `L` category, `S`/`E`/`$`
//! splits) ended by `^` — the last `^` is often missing.
//!
//! QIF dates are locale-dependent ("1/22'26", "D1/ 1'00", "29/12/10"): the
//! field order is inferred from all dates of the file at once
//! ([`dates::infer_order_opt`]), an `!Option:DMY`/`MDY` line decides when the
//! dates do not, and Quicken's own default (month first) applies last. Amount
//! styles are inferred the same way ([`amount::infer_style`]).
//!
//! QIF has no currency field. A currency symbol printed in the amounts is
//! used; otherwise the amounts are taken as USD (Quicken's home market) and a
//! warning says so, so the user can correct it.
//!
//! ```
//! use slipcheck_core::statement::qif;
//! let r = qif::read("c.qif", b"!Type:CCard\nD1/22'26\nT-77.99\nPBARNES & NOBLE #2811\n^\nD1/23'26\nT1,228.95\nPPayment Thank You\nL[Checking]\n");
//! assert_eq!(r.transactions.len(), 2);
//! assert_eq!(r.transactions[0].date.unwrap().to_string(), "2026-01-22");
//! assert_eq!(r.transactions[1].amount.to_string(), "1228.95");
//! ```

use super::amount::{self, NumberStyle};
use super::dates::{self, DateOrder};
use super::{merge, Account, AccountKind, References, SourcePos, StatementRead, Transaction, TxKind, TxStatus};
use crate::diag::{lit, Diagnostic};
use crate::money::Currency;
use rust_decimal::Decimal;

#[derive(Default, Clone)]
struct Record {
    line: u32,
    date: Option<String>,
    amount: Option<String>,
    payee: Option<String>,
    memo: Option<String>,
    number: Option<String>,
    category: Option<String>,
    splits: usize,
    split_amounts: Vec<String>,
    account: usize,
    kind: AccountKind,
}

impl Record {
    fn is_empty(&self) -> bool {
        self.date.is_none() && self.amount.is_none() && self.payee.is_none() && self.memo.is_none()
    }
}

/// Turns Quicken's year forms into plain separators: "1/22'26" → "1/22/26",
/// "1/ 1'00" → "1/1/00".
fn normalise_date(s: &str) -> String {
    s.trim().replace('\'', "/").replace(' ', "")
}

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let mut out = StatementRead::default();
    let text = crate::text::decode(bytes, None).text;
    let mut records: Vec<Record> = Vec::new();
    let mut current = Record::default();
    let mut in_tx_section = false;
    let mut in_account_block = false;
    let mut section_kind = AccountKind::Bank;
    let mut skipped: Vec<String> = Vec::new();
    let mut option_order: Option<DateOrder> = None;
    let mut pending_account = Account { kind: AccountKind::Bank, ..Default::default() };
    let mut account_index: Option<usize> = None;
    let mut saw_header = false;
    for (n, raw) in text.lines().enumerate() {
        let lineno = n as u32 + 1;
        let line = raw.trim_end_matches(['\r', '\u{feff}']).trim_start_matches('\u{feff}');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix('!') {
            saw_header = true;
            if !current.is_empty() && in_tx_section {
                records.push(std::mem::take(&mut current));
            }
            current = Record::default();
            let h = header.trim().to_ascii_lowercase();
            in_account_block = false;
            if h == "account" {
                in_account_block = true;
                in_tx_section = false;
                pending_account = Account { kind: AccountKind::Bank, ..Default::default() };
                account_index = None;
            } else if let Some(t) = h.strip_prefix("type:") {
                let kind = match t.trim() {
                    "bank" => Some(AccountKind::Bank),
                    "ccard" => Some(AccountKind::Card),
                    "cash" => Some(AccountKind::Wallet),
                    "oth a" | "oth l" => Some(AccountKind::Unknown),
                    _ => None,
                };
                match kind {
                    Some(k) => {
                        in_tx_section = true;
                        section_kind = k;
                        if account_index.is_none() {
                            let mut a = pending_account.clone();
                            if a.kind == AccountKind::Bank || a.kind == AccountKind::Unknown {
                                a.kind = k;
                            }
                            account_index = Some(out.accounts.len());
                            out.accounts.push(a);
                        }
                    }
                    None => {
                        in_tx_section = false;
                        let name = header.trim().to_string();
                        if !skipped.contains(&name) {
                            out.diagnostics.push(Diagnostic::note(file, Some(lineno), "qif.section_skipped", &[("section", lit(&name))]));
                            skipped.push(name);
                        }
                    }
                }
            } else if let Some(o) = h.strip_prefix("option:") {
                match o.trim() {
                    "dmy" => option_order = Some(DateOrder::Dmy),
                    "mdy" => option_order = Some(DateOrder::Mdy),
                    _ => {}
                }
            }
            continue;
        }
        let (code, value) = line.split_at(line.chars().next().map(char::len_utf8).unwrap_or(0));
        let value = value.trim();
        if in_account_block {
            match code {
                "N" => {
                    pending_account.id = Some(value.to_string());
                    let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
                    if digits.len() >= 4 {
                        pending_account.last4 = Some(digits[digits.len() - 4..].iter().collect());
                    }
                }
                "T" => {
                    pending_account.kind = match value.to_ascii_lowercase().as_str() {
                        "ccard" => AccountKind::Card,
                        "cash" => AccountKind::Wallet,
                        "bank" => AccountKind::Bank,
                        _ => AccountKind::Unknown,
                    }
                }
                "^" => in_account_block = false,
                _ => {}
            }
            continue;
        }
        if !in_tx_section {
            if saw_header {
                continue;
            }
            // Records with no header at all: read them as a bank section.
            in_tx_section = true;
            account_index = Some(out.accounts.len());
            out.accounts.push(pending_account.clone());
            out.diagnostics.push(Diagnostic::note(file, Some(lineno), "qif.no_type", &[]));
        }
        if current.is_empty() && current.line == 0 {
            current.line = lineno;
            current.account = account_index.unwrap_or(0);
            current.kind = section_kind;
        }
        match code {
            "^" => {
                if !current.is_empty() {
                    records.push(std::mem::take(&mut current));
                }
                current = Record::default();
            }
            // Only the record's own date: a "D" among split lines is not it.
            "D" if current.date.is_none() => current.date = Some(value.to_string()),
            "T" => current.amount = Some(value.to_string()),
            "U" if current.amount.is_none() => current.amount = Some(value.to_string()),
            "P" => current.payee = Some(value.to_string()),
            "M" => current.memo = Some(value.to_string()),
            "N" => current.number = Some(value.to_string()),
            "L" => current.category = Some(value.to_string()),
            "S" => current.splits += 1,
            "$" => current.split_amounts.push(value.to_string()),
            _ => {}
        }
    }
    if !current.is_empty() && in_tx_section {
        records.push(current);
    }
    if records.is_empty() && out.accounts.is_empty() {
        out.diagnostics.push(
            Diagnostic::err(file, None, "qif.no_transactions", &[]),
        );
        return out;
    }
    finish(file, records, option_order, &mut out);
    out
}

fn finish(file: &str, records: Vec<Record>, option_order: Option<DateOrder>, out: &mut StatementRead) {
    let dates: Vec<String> = records.iter().filter_map(|r| r.date.as_deref()).map(normalise_date).collect();
    let order = dates::infer_order_opt(dates.iter().map(String::as_str)).or(option_order).unwrap_or(DateOrder::Mdy);
    let amounts: Vec<&str> = records.iter().filter_map(|r| r.amount.as_deref()).collect();
    let style: NumberStyle = amount::infer_style(amounts.iter().copied());
    // A currency symbol printed with the amounts is the only currency a QIF
    // file can state.
    let symbol = amounts.iter().find_map(|a| amount::parse_amount(a, style).and_then(|x| x.currency));
    // Without one, USD (Quicken's home market) is a fair guess only for a US
    // file: day-first dates or decimal commas say the file is from elsewhere
    // (a UK or European card), and its currency is then unknown (XXX), as a
    // CSV that names none, rather than a wrong USD that makes every slip
    // look converted.
    let us_style = order != DateOrder::Dmy && style != NumberStyle::CommaDecimal;
    let currency = symbol.unwrap_or_else(|| {
        if !records.is_empty() {
            let code = if us_style { "qif.no_currency" } else { "csv.no_currency" };
            out.diagnostics.push(Diagnostic::warn(file, None, code, &[]));
        }
        Currency::new(if us_style { "USD" } else { "XXX" }).expect("valid code")
    });
    for a in &mut out.accounts {
        a.currency = Some(currency);
    }
    let mut txs = Vec::new();
    for r in records {
        let Some(date_text) = r.date.as_deref() else {
            out.diagnostics.push(Diagnostic::warn(file, Some(r.line), "qif.no_date", &[]));
            continue;
        };
        let Some(date) = dates::parse_date(&normalise_date(date_text), order, None) else {
            out.diagnostics.push(Diagnostic::warn(file, Some(r.line), "qif.bad_date", &[("value", lit(format!("{date_text:?}")))]));
            continue;
        };
        let amount_text = r.amount.as_deref().unwrap_or("");
        let Some(value) = amount::parse_amount(amount_text, style).map(|a| a.value) else {
            out.diagnostics.push(Diagnostic::warn(file, Some(r.line), "qif.bad_amount", &[("value", lit(format!("{amount_text:?}")))]));
            continue;
        };
        let payee = r.payee.clone().filter(|p| !p.is_empty());
        // Quicken's first record of an account is its opening balance, not a movement.
        if payee.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("Opening Balance")) && r.category.as_deref().is_some_and(|c| c.starts_with('[')) {
            if let Some(a) = out.accounts.get_mut(r.account) {
                a.opening_balance = Some(value);
            }
            out.diagnostics.push(Diagnostic::note(file, Some(r.line), "qif.opening_balance", &[("value", lit(value))]));
            continue;
        }
        if !r.split_amounts.is_empty() {
            let parts: Option<Decimal> = r.split_amounts.iter().map(|s| amount::parse_amount(s, style).map(|a| a.value)).sum();
            if parts.is_some_and(|p| p != value) {
                out.diagnostics.push(Diagnostic::note(
                    file,
                    Some(r.line),
                    "qif.splits_differ",
                    &[("n", lit(r.splits.max(r.split_amounts.len()))), ("sum", lit(parts.unwrap_or_default())), ("value", lit(value))],
                ));
            }
        }
        let description = payee.clone().or_else(|| r.memo.clone()).unwrap_or_default();
        let transfer = r.category.as_deref().is_some_and(|c| c.starts_with('['));
        let kind = match (r.kind, value.is_sign_negative(), transfer) {
            (AccountKind::Card, true, _) => TxKind::Purchase,
            (AccountKind::Card, false, true) => TxKind::Payment,
            (AccountKind::Card, false, false) => TxKind::Refund,
            (_, _, true) => TxKind::Transfer,
            _ => TxKind::Other,
        };
        let mut references = References::default();
        let mut id = String::new();
        if let Some(n) = r.number.clone().filter(|n| !n.is_empty()) {
            if n.chars().all(|c| c.is_ascii_digit()) {
                references.cheque = Some(n);
            } else {
                id = n.clone();
                references.other.push(n);
            }
        }
        let (mut original_amount, mut original_currency, mut fx_rate) = (None, None, None);
        if let Some((c, a, rate)) = r.memo.as_deref().and_then(|m| super::mt940::foreign_amount(m, &["@"])) {
            if c != currency {
                original_currency = Some(c);
                original_amount = Some(if value.is_sign_negative() { -a } else { a });
                fx_rate = Some(rate);
            }
        }
        txs.push(Transaction {
            id,
            account: Some(r.account),
            date: Some(date),
            posted: None,
            value_date: None,
            amount: value,
            currency,
            original_amount,
            original_currency,
            fx_rate,
            description: description.split_whitespace().collect::<Vec<_>>().join(" "),
            counterparty: None,
            references,
            status: TxStatus::Booked,
            kind,
            card_last4: None,
            source: SourcePos { file: file.to_string(), line: Some(r.line), offset: None },
        });
    }
    // A file's own transaction numbers are ids only where unique.
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for t in txs.iter().filter(|t| !t.id.is_empty()) {
        *seen.entry(t.id.clone()).or_default() += 1;
    }
    for t in txs.iter_mut() {
        if seen.get(&t.id).is_some_and(|&n| n > 1) {
            t.id.clear();
        }
    }
    merge::assign_missing_ids(&mut txs);
    out.transactions.extend(txs);
}
