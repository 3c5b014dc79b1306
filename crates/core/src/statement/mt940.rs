//! Reader: SWIFT MT940 (customer statement) and MT942 (interim report).
//!
//! Files arrive wrapped in SWIFT blocks (`{1:…}{2:…}{4:` … `-}`), after
//! bank-specific header lines, or as bare tags. Everything before the first
//! `:20:` is skipped; a statement runs from one `:20:` to the next. `:86:`
//! text is either free text (wrapped at 65 characters, sometimes mid-word) or
//! German structured subfields `GVC?00…?34`, which give the purpose, the
//! counterparty and SEPA references.
//!
//! ```
//! use slipcheck_core::statement::mt940;
//! let f = ":20:REF\n:25:NL81ASNB0123456789\n:28C:1/1\n:60F:C260101EUR100,00\n\
//! :61:2601020102D12,5NTRFNONREF//B1\n:86:BEA 02.01.26/10.15 CAFE\n:62F:C260102EUR87,50\n-";
//! let r = mt940::read("a.sta", f.as_bytes());
//! let t = &r.transactions[0];
//! assert_eq!(t.amount.to_string(), "-12.5");
//! assert_eq!(t.value_date.unwrap().to_string(), "2026-01-02");
//! assert_eq!(r.accounts[0].last4.as_deref(), Some("6789"));
//! assert!(r.diagnostics.is_empty());
//! ```

use super::{balance, merge, Account, AccountKind, References, SourcePos, StatementRead, Transaction, TxKind, TxStatus};
use crate::diag::{lit, Diagnostic, Reason};
use crate::money::Currency;
use chrono::{Datelike, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::str::FromStr;

/// One `:tag:` field with its continuation lines.
struct Field {
    tag: String,
    lines: Vec<String>,
    line: u32,
}

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let mut out = StatementRead::default();
    let decoded = crate::text::decode(bytes, None);
    let statements = fields(&decoded.text);
    if statements.is_empty() {
        out.diagnostics.push(
            Diagnostic::err(file, None, "mt940.no_statement", &[]),
        );
        return out;
    }
    for st in statements {
        read_statement(file, st, &mut out);
    }
    balance::check_all(file, &mut out);
    let mut txs = std::mem::take(&mut out.transactions);
    unique_ids(&mut txs);
    out.transactions = txs;
    out
}

/// Splits the text into statements of fields, dropping SWIFT block wrappers
/// and anything before the first `:20:`.
fn fields(text: &str) -> Vec<Vec<Field>> {
    let mut statements: Vec<Vec<Field>> = Vec::new();
    let mut current: Vec<Field> = Vec::new();
    let mut open = false;
    for (n, raw) in text.lines().enumerate() {
        let lineno = n as u32 + 1;
        let mut line = raw.trim_end_matches(['\r', '\u{feff}']).to_string();
        // SWIFT block wrappers: keep only what follows "{4:"; "-}" ends the text block.
        if line.trim_start().starts_with('{') {
            match line.find("{4:") {
                Some(p) => line = line[p + 3..].to_string(),
                None => {
                    open = false;
                    continue;
                }
            }
        }
        let t = line.trim();
        if t == "-" || t.starts_with("-}") {
            open = false;
            continue;
        }
        if let Some((tag, rest)) = tag_of(&line) {
            if tag == "20" {
                if !current.is_empty() {
                    statements.push(std::mem::take(&mut current));
                }
                open = true;
            }
            if open {
                current.push(Field { tag, lines: vec![rest.to_string()], line: lineno });
            }
        } else if open {
            if let Some(f) = current.last_mut() {
                f.lines.push(line);
            }
        }
    }
    if !current.is_empty() {
        statements.push(current);
    }
    statements.retain(|s| s.iter().any(|f| f.tag != "20"));
    statements
}

/// ":61:rest" → ("61", "rest"); ":60F:" → ("60F", …).
fn tag_of(line: &str) -> Option<(String, &str)> {
    let l = line.strip_prefix(':')?;
    let end = l.find(':')?;
    let tag = &l[..end];
    let ok = (2..=3).contains(&tag.len())
        && tag.as_bytes()[..2].iter().all(u8::is_ascii_digit)
        && tag.as_bytes().get(2).is_none_or(u8::is_ascii_alphabetic);
    ok.then(|| (tag.to_ascii_uppercase(), &l[end + 1..]))
}

struct Bal {
    amount: Decimal,
    currency: Option<Currency>,
    date: Option<NaiveDate>,
}

fn read_statement(file: &str, st: Vec<Field>, out: &mut StatementRead) {
    let mut account = Account { kind: AccountKind::Bank, ..Default::default() };
    let acc_index = out.accounts.len();
    let mut currency: Option<Currency> = None;
    let mut txs: Vec<Transaction> = Vec::new();
    // Which lines carry a reversal mark (RC/RD), for `reversal_signs`.
    let mut reversals: Vec<bool> = Vec::new();
    // Consecutive :86: fields belong together (Danske Bank writes several).
    let mut infos: Vec<Vec<String>> = Vec::new();
    let mut last_was_61 = false;
    for f in &st {
        let first = f.lines.first().map(String::as_str).unwrap_or("").trim();
        match f.tag.as_str() {
            "25" => {
                account.id = Some(first.to_string());
                let digits: Vec<char> = first.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 4 {
                    account.last4 = Some(digits[digits.len() - 4..].iter().collect());
                }
            }
            "60F" | "60M" => match balance_of(first) {
                Some(b) => {
                    account.opening_balance = Some(b.amount);
                    currency = currency.or(b.currency);
                }
                None => out.diagnostics.push(Diagnostic::warn(file, Some(f.line), "mt940.bad_opening", &[("tag", lit(&f.tag)), ("value", lit(format!("{first:?}")))])),
            },
            "62F" | "62M" => match balance_of(first) {
                Some(b) => {
                    account.closing_balance = Some(b.amount);
                    account.statement_date = b.date;
                    currency = currency.or(b.currency);
                }
                None => out.diagnostics.push(Diagnostic::warn(file, Some(f.line), "mt940.bad_closing", &[("tag", lit(&f.tag)), ("value", lit(format!("{first:?}")))])),
            },
            "34F" => {
                let c: String = first.chars().take(3).collect();
                currency = currency.or(Currency::new(&c));
            }
            "61" => {
                last_was_61 = false;
                match line_61(file, f, out) {
                    Ok((t, reversal)) => {
                        txs.push(t);
                        reversals.push(reversal);
                        infos.push(Vec::new());
                        last_was_61 = true;
                        continue;
                    }
                    Err(msg) => out.diagnostics.push(
                        Diagnostic::warn(file, Some(f.line), "mt940.line_skipped", &msg.args()),
                    ),
                }
            }
            "86" if last_was_61 => {
                if let Some(i) = infos.last_mut() {
                    i.extend(f.lines.iter().cloned());
                }
                continue;
            }
            _ => {}
        }
        if f.tag != "86" {
            last_was_61 = false;
        }
    }
    let currency = match currency {
        Some(c) => c,
        None => {
            out.diagnostics.push(
                Diagnostic::warn(file, st.first().map(|f| f.line), "mt940.no_currency", &[]),
            );
            Currency::new("EUR").expect("valid code")
        }
    };
    account.currency = Some(currency);
    for (t, info) in txs.iter_mut().zip(&infos) {
        if !info.is_empty() {
            add_info(t, info);
        }
        t.currency = currency;
        t.account = Some(acc_index);
    }
    reversal_signs(file, &account, &mut txs, &reversals, out);
    out.accounts.push(account);
    out.transactions.extend(txs);
}

/// Settles the sign of reversal lines from the statement's own balances.
///
/// SWIFT defines `RC` as the reversal of a credit (a debit entry: money
/// out) and `RD` as the reversal of a debit (a credit entry: money in), and
/// that is what we read by default. The evidence that real banks follow it:
/// - the SWIFT field 61 definition quoted in railslove/cmxl#59 ("RC Reversal
///   of Credit (debit entry)", "RD Reversal of Debit (credit entry)");
/// - `tests/data/public/mt940/sepa_mt9401.sta` (a German bank's file, from
///   mt940-rs): its `RC 204,88` with `:86:` "SAMMLER/STORNO" only lets
///   `:60F:` + movements reach `:62F:` when it is money out — the same
///   arithmetic wolph/mt940#131 used to fix that library's sign;
/// - Volksbank and Sparkasse files in fints-hbci-php#111 and mt940js#8:
///   `RD` cancels an earlier `D` of the same amount ("STORNO"), money back.
///
/// Some generators write the opposite (`RC` for "reversal, credit to you" —
/// e.g. a `STORNO` of a card payment marked `RC`). A statement that states
/// both balances says which reading it means: when the SWIFT reading does
/// not add up and the opposite reading does, the reversal lines take the
/// opposite sign and a warning says so. Without both balances, SWIFT holds.
fn reversal_signs(file: &str, account: &Account, txs: &mut [Transaction], reversals: &[bool], out: &mut StatementRead) {
    let (Some(open), Some(close)) = (account.opening_balance, account.closing_balance) else { return };
    let idx: Vec<usize> = reversals.iter().enumerate().filter(|(_, r)| **r).map(|(i, _)| i).collect();
    if idx.is_empty() {
        return;
    }
    let moved: Decimal = txs.iter().map(|t| t.amount).sum();
    let reversed: Decimal = idx.iter().map(|&i| txs[i].amount).sum();
    if open + moved == close || open + moved - reversed - reversed != close {
        return;
    }
    for &i in &idx {
        txs[i].amount = -txs[i].amount;
    }
    let lines: Vec<String> = idx.iter().filter_map(|&i| txs[i].source.line).map(|l| l.to_string()).collect();
    out.diagnostics.push(
        Diagnostic::warn(
            file,
            idx.first().and_then(|&i| txs[i].source.line),
            "mt940.reversal_swapped",
            &[("open", lit(open)), ("close", lit(close)), ("n", lit(idx.len())), ("lines", lit(lines.join(", ")))],
        ),
    );
}

fn yymmdd(s: &str) -> Option<NaiveDate> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s[0..2].parse().ok()?;
    let year = if y < 80 { 2000 + y } else { 1900 + y };
    NaiveDate::from_ymd_opt(year, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
}

/// MT amounts: digits with a decimal comma ("9," has no decimals). A missing
/// comma is a format error, but the value is unambiguous.
fn amount(s: &str) -> Option<(Decimal, bool)> {
    let has_comma = s.contains(',');
    let norm = s.replace(',', ".");
    let norm = norm.trim_end_matches('.');
    if norm.is_empty() || norm.matches('.').count() > 1 || !norm.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    Some((Decimal::from_str(norm).ok()?, has_comma))
}

/// `C110522EUR3236,28`
fn balance_of(s: &str) -> Option<Bal> {
    let s = s.trim();
    let sign = match s.chars().next()? {
        'C' => Decimal::ONE,
        'D' => Decimal::NEGATIVE_ONE,
        _ => return None,
    };
    let date = yymmdd(s.get(1..7)?);
    let currency = s.get(7..10).and_then(Currency::new);
    let (v, _) = amount(s.get(10..)?.trim())?;
    Some(Bal { amount: sign * v, currency, date })
}

/// `:61:` value date, [entry date], mark, [funds code], amount, type,
/// customer reference, [//bank reference], [newline supplementary details].
/// Returns the line and whether its mark was a reversal (RC/RD).
fn line_61(file: &str, f: &Field, out: &mut StatementRead) -> Result<(Transaction, bool), Reason> {
    let s = f.lines.first().map(String::as_str).unwrap_or("").trim();
    let value_date = s
        .get(0..6)
        .and_then(yymmdd)
        .ok_or_else(|| Reason::new("t.mt940.bad_value_date", vec![("value", lit(format!("{:?}", s.get(0..6).unwrap_or(s))))]))?;
    let mut rest = &s[6..];
    let mut entry_date = None;
    if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        let (m, d): (u32, u32) = (rest[0..2].parse().unwrap_or(0), rest[2..4].parse().unwrap_or(0));
        // The entry date has no year: take the one closest to the value date.
        entry_date = [value_date.year() - 1, value_date.year(), value_date.year() + 1]
            .iter()
            .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
            .min_by_key(|d| (*d - value_date).num_days().abs());
        if entry_date.is_none() {
            return Err(Reason::new("t.mt940.bad_entry_date", vec![("value", lit(format!("{:?}", &rest[0..4])))]));
        }
        rest = &rest[4..];
    }
    let (sign, reversal, after) = if let Some(r) = rest.strip_prefix("RC") {
        (Decimal::NEGATIVE_ONE, true, r)
    } else if let Some(r) = rest.strip_prefix("RD") {
        (Decimal::ONE, true, r)
    } else if let Some(r) = rest.strip_prefix('C') {
        (Decimal::ONE, false, r)
    } else if let Some(r) = rest.strip_prefix('D') {
        (Decimal::NEGATIVE_ONE, false, r)
    } else {
        return Err(Reason::new("t.mt940.no_mark", vec![("value", lit(format!("{s:?}")))]));
    };
    rest = after;
    // Optional funds code: a letter before the amount.
    if rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        rest = &rest[1..];
    }
    let amt_len = rest.find(|c: char| !(c.is_ascii_digit() || c == ',')).unwrap_or(rest.len());
    let amt_text = &rest[..amt_len];
    let (value, had_comma) =
        amount(amt_text).ok_or_else(|| Reason::new("t.amount_not_number", vec![("value", lit(format!("{amt_text:?}")))]))?;
    if !had_comma {
        out.diagnostics.push(
            Diagnostic::warn(file, Some(f.line), "mt940.no_decimal_comma", &[("value", lit(format!("{amt_text:?}"))), ("read", lit(value))]),
        );
    }
    rest = &rest[amt_len..];
    let ttype: String = rest.chars().take(4).collect();
    let code = ttype.get(1..).unwrap_or("").to_string();
    rest = rest.get(4..).unwrap_or("");
    let (cust, bank) = match rest.find("//") {
        Some(p) => (&rest[..p], Some(rest[p + 2..].trim())),
        None => (rest, None),
    };
    let mut references = References::default();
    let real = |r: &str| {
        let r = r.trim();
        (!r.is_empty() && !r.eq_ignore_ascii_case("NONREF")).then(|| r.to_string())
    };
    references.other.extend(bank.and_then(real));
    references.other.extend(real(cust));
    let supplementary = f.lines.get(1..).map(|l| l.join(" ").trim().to_string()).unwrap_or_default();
    let kind = match code.to_ascii_uppercase().as_str() {
        "CHG" | "COM" => TxKind::Fee,
        "INT" => TxKind::Interest,
        "TRF" | "SEC" => TxKind::Transfer,
        "DDT" | "STO" | "CHK" => TxKind::Payment,
        _ => TxKind::Other,
    };
    let t = Transaction {
        id: String::new(),
        account: None,
        date: None,
        posted: entry_date,
        value_date: Some(value_date),
        amount: sign * value,
        currency: Currency::new("XXX").expect("valid code"),
        original_amount: None,
        original_currency: None,
        fx_rate: None,
        description: supplementary,
        counterparty: None,
        references,
        status: TxStatus::Booked,
        kind: if reversal { TxKind::Other } else { kind },
        card_last4: None,
        source: SourcePos { file: file.to_string(), line: Some(f.line), offset: None },
    };
    Ok((t, reversal))
}

/// Fills description, counterparty and references from a `:86:` field.
fn add_info(t: &mut Transaction, lines: &[String]) {
    let joined: String = lines.concat();
    let structured = joined.len() > 4 && joined.as_bytes()[..3].iter().all(u8::is_ascii_digit) && joined.as_bytes()[3] == b'?';
    if structured {
        let mut sub: std::collections::BTreeMap<u32, String> = Default::default();
        for part in joined[4..].split('?').filter(|p| p.len() >= 2) {
            if let Some(k) = part.get(..2).and_then(|k| k.parse::<u32>().ok()) {
                sub.entry(k).or_default().push_str(&part[2..]);
            }
        }
        let range = |a: u32, b: u32| sub.range(a..=b).map(|(_, v)| v.as_str()).collect::<String>();
        let purpose = range(20, 29) + &range(60, 63);
        let posting = sub.get(&0).cloned().unwrap_or_default();
        let name = collapse(&range(32, 33));
        t.description = if purpose.trim().is_empty() { collapse(&posting) } else { purpose.trim().to_string() };
        if !name.is_empty() {
            t.counterparty = Some(name);
        }
        for key in ["EREF+", "KREF+", "MREF+"] {
            if let Some(p) = purpose.find(key) {
                let v: String = purpose[p + 5..].split("SVWZ+").next().unwrap_or("").to_string();
                let v = ["EREF+", "KREF+", "MREF+", "CRED+", "MTLG:"].iter().fold(v, |v, k| v.split(k).next().unwrap_or("").to_string());
                let v = v.trim();
                if !v.is_empty() && !v.eq_ignore_ascii_case("NOTPROVIDED") && !v.eq_ignore_ascii_case("NONREF") {
                    t.references.other.push(v.to_string());
                }
            }
        }
        let gvc = &joined[..3];
        t.kind = match (gvc, t.kind) {
            ("805" | "806" | "808", _) => TxKind::Fee,
            ("004" | "005" | "104" | "105" | "106", _) => TxKind::Payment,
            ("083", _) => TxKind::Cash,
            ("814" | "815", _) => TxKind::Interest,
            (_, k) => k,
        };
        // A card payment (girocard "KARTENZAHLUNG", or SEPA text that starts
        // with the purchase time "2026-03-02T19:14 Debitk.9 …") is a purchase
        // at the merchant named in ?32, on the day its text gives; a credit
        // that says Erstattung is its refund.
        let svwz = purpose.split("SVWZ+").nth(1).unwrap_or(&purpose).trim();
        let stamp = svwz
            .get(..16)
            .filter(|s| s.as_bytes().get(10) == Some(&b'T'))
            .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok());
        let up_post = posting.to_uppercase();
        let up_purpose = purpose.to_uppercase();
        let card = up_post.contains("KARTENZAHLUNG") || (stamp.is_some() && up_purpose.contains("DEBITK"));
        if card || stamp.is_some() {
            if t.amount.is_sign_negative() {
                t.kind = TxKind::Purchase;
            } else if up_purpose.contains("ERSTATTUNG") || up_post.contains("GUTSCHRIFT") {
                t.kind = TxKind::Refund;
            }
            if let Some(st) = stamp {
                t.date = Some(st.date());
                t.references.time = Some(st.time());
            }
            // "SVWZ+2026-03-02T19:14 Debitk.9 2029-12" names no one: put the
            // merchant first, unless the text already names it.
            if let Some(n) = t.counterparty.as_ref().filter(|n| !up_purpose.contains(&n.to_uppercase())) {
                t.description = format!("{n} {}", t.description);
            }
        } else if t.amount.is_sign_positive() && (up_post.contains("GEHALT") || up_post.contains("LOHN") || up_purpose.contains("GEHALT")) {
            t.kind = TxKind::Transfer;
        }
    } else {
        // Free text: lines are cut at 65 characters, words too ("Etentje
        // vrijda" / "g"), so a full-width line continues without a space.
        let mut s = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 && lines[i - 1].chars().count() < 65 {
                s.push(' ');
            }
            s.push_str(l);
        }
        let text = collapse(&s);
        if let Some(n) = after_key(&text, "NAAM:").or_else(|| slash_field(&text, "NAME")) {
            t.counterparty = Some(n);
        }
        // Dutch card payments: "BEA NR:… 17.02.26/16.38 MERCHANT" (BEA =
        // card at a terminal, GEA = cash machine) carry the purchase date.
        let upper = text.to_ascii_uppercase();
        if upper.starts_with("BEA ") || upper.starts_with("GEA ") || upper.starts_with("BEA,") {
            t.kind = if upper.starts_with("GEA") { TxKind::Cash } else { TxKind::Purchase };
            if let Some((d, time)) = dotted_date_time(&text) {
                t.date = Some(d);
                t.references.time = time;
            }
        }
        if let Some((cur, amt, rate)) = foreign_amount(&text, &["KOERS", "RATE", "KURS", "@"]) {
            t.original_currency = Some(cur);
            t.original_amount = Some(if t.amount.is_sign_negative() { -amt } else { amt });
            t.fx_rate = Some(rate);
        }
        // The :86: text replaces the :61: supplementary details, which
        // repeat part of it when both are given.
        t.description = text;
    }
    if t.description.is_empty() {
        t.description = collapse(&lines.join(" "));
    }
}

/// "GBP 63,28 KOERS 1,1967" / "EUR 74.71 @ 1.0701": a foreign amount and
/// the rate a bank prints in a line's text. Returns the unsigned amount.
pub(crate) fn foreign_amount(text: &str, rate_words: &[&str]) -> Option<(Currency, Decimal, Decimal)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let num = |w: &str| -> Option<Decimal> {
        let w = w.trim_end_matches([',', ';', ')']);
        if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') || w.matches([',', '.']).count() > 1 {
            return None;
        }
        Decimal::from_str(&w.replace(',', ".")).ok()
    };
    words.windows(4).find_map(|w| {
        let cur = (w[0].len() == 3 && w[0].bytes().all(|b| b.is_ascii_uppercase())).then(|| Currency::new(w[0])).flatten()?;
        let amt = num(w[1])?;
        if !rate_words.iter().any(|r| w[2].eq_ignore_ascii_case(r)) {
            return None;
        }
        let rate = num(w[3]).filter(|r| !r.is_zero())?;
        Some((cur, amt, rate))
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "NAAM: J. BAKKER     OMSCHRIJVING: …" → "J. BAKKER" (ABN AMRO SEPA text).
fn after_key(text: &str, key: &str) -> Option<String> {
    let p = text.find(key)? + key.len();
    let rest = &text[p..];
    let end = rest.find(':').and_then(|q| rest[..q].rfind(' ')).unwrap_or(rest.len());
    let v = rest[..end].trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// "/NAME/ACME BV/REMI/…" → "ACME BV" (the slash layout of newer exports).
fn slash_field(text: &str, key: &str) -> Option<String> {
    let p = text.find(&format!("/{key}/"))? + key.len() + 2;
    let v = text[p..].split('/').next()?.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// First "dd.mm.yy/hh.mm" in the text.
pub(crate) fn dotted_date_time(text: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(7)).find_map(|i| {
        let w = text.get(i..i + 8)?;
        let wb = w.as_bytes();
        let shape = wb[2] == b'.' && wb[5] == b'.' && [0, 1, 3, 4, 6, 7].iter().all(|&k| wb[k].is_ascii_digit());
        if !shape || (i > 0 && b[i - 1].is_ascii_digit()) || b.get(i + 8).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let d = NaiveDate::from_ymd_opt(2000 + w[6..8].parse::<i32>().ok()?, w[3..5].parse().ok()?, w[0..2].parse().ok()?)?;
        let time = text.get(i + 8..i + 14).filter(|t| t.starts_with('/')).and_then(|t| NaiveTime::parse_from_str(&t[1..], "%H.%M").ok());
        Some((d, time))
    })
}

/// The bank reference is the line's id where it is unique in the file;
/// otherwise a content hash (see [`merge::assign_missing_ids`]).
fn unique_ids(txs: &mut [Transaction]) {
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for t in txs.iter() {
        if let Some(r) = t.references.other.first() {
            *count.entry(r.clone()).or_default() += 1;
        }
    }
    for t in txs.iter_mut() {
        if let Some(r) = t.references.other.first().filter(|r| count.get(*r) == Some(&1) && r.len() >= 4) {
            t.id = r.clone();
        }
    }
    merge::assign_missing_ids(txs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_61_variants() {
        let mut out = StatementRead::default();
        let f = |s: &str| Field { tag: "61".into(), lines: vec![s.into()], line: 1 };
        let (t, reversal) = line_61("x", &f("0709040904RCR204,88NRTINONREF"), &mut out).unwrap();
        assert_eq!(t.amount.to_string(), "-204.88");
        assert!(reversal);
        let (t, reversal) = line_61("x", &f("0709040904RD5,00NMSCNONREF"), &mut out).unwrap();
        assert_eq!(t.amount.to_string(), "5.00");
        assert!(reversal);
        let (t, reversal) = line_61("x", &f("0912310102D9,NTRFNONREF"), &mut out).unwrap();
        assert!(!reversal);
        assert_eq!(t.posted.unwrap().to_string(), "2010-01-02", "entry date rolls into the next year");
        assert_eq!(t.amount.to_string(), "-9");
        assert!(out.diagnostics.is_empty());
        let (t, _) = line_61("x", &f("1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E"), &mut out).unwrap();
        assert_eq!(t.amount.to_string(), "500");
        assert!(out.diagnostics[0].message.contains("no decimal comma"));
        assert!(line_61("x", &f("14072X"), &mut out).is_err());
    }

    #[test]
    fn wrapped_free_text_and_bea_dates() {
        let (mut t, _) = line_61("x", &Field { tag: "61".into(), lines: vec!["2602170218D67,50N426NONREF".into()], line: 1 }, &mut StatementRead::default()).unwrap();
        let l1 = "BEA   NR:1L5NPB   17.02.26/16.38 JUMBO ROTTERDAM 4021 Rotterdam N".to_string();
        assert_eq!(l1.len(), 65);
        add_info(&mut t, &[l1, "L,PAS633".into()]);
        assert_eq!(t.description, "BEA NR:1L5NPB 17.02.26/16.38 JUMBO ROTTERDAM 4021 Rotterdam NL,PAS633");
        assert_eq!(t.date.unwrap().to_string(), "2026-02-17");
        assert_eq!(t.references.time.unwrap().to_string(), "16:38:00");
        assert_eq!(t.kind, TxKind::Purchase);
    }

    /// A statement of a debit and its storno, the storno marked RC or RD.
    fn storno(mark: &str, closing: &str) -> StatementRead {
        let f = format!(
            ":20:X\n:25:NL00BANK0123456789\n:28C:1/1\n:60F:C260101EUR100,00\n\
             :61:2601020102D20,00N426NONREF\n:86:BEA 02.01.26/10.00 SHOP\n\
             :61:2601030103{mark}20,00N426NONREF\n:86:BEA 03.01.26/10.00 STORNO SHOP\n:62F:{closing}\n-"
        );
        read("s.sta", f.as_bytes())
    }

    #[test]
    fn reversal_marks_follow_swift_unless_the_balances_say_otherwise() {
        // SWIFT: RD (reversal of a debit) is money in; the balances agree.
        let r = storno("RD", "C260103EUR100,00");
        assert_eq!(r.transactions[1].amount.to_string(), "20.00");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        // SWIFT: RC is money out; these balances agree too (100 - 20 - 20).
        let r = storno("RC", "C260103EUR60,00");
        assert_eq!(r.transactions[1].amount.to_string(), "-20.00");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        // RC written for a credit: only +20 reaches the closing balance.
        let r = storno("RC", "C260103EUR100,00");
        assert_eq!(r.transactions[1].amount.to_string(), "20.00");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0].message.contains("other way round"), "{}", r.diagnostics[0].message);
        assert_eq!(r.diagnostics[0].line, Some(7));
        // Neither reading adds up: keep SWIFT, and the balance check warns.
        let r = storno("RC", "C260103EUR90,00");
        assert_eq!(r.transactions[1].amount.to_string(), "-20.00");
        assert!(r.diagnostics.iter().any(|d| d.message.contains("does not add up")));
        assert!(!r.diagnostics.iter().any(|d| d.message.contains("other way round")));
    }
}
