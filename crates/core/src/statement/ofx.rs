//! Reader: OFX 1.x (SGML) and 2.x (XML) statements, and Quicken's QFX.
//!
//! Bank (`STMTRS`) and card (`CCSTMTRS`) statements, several per file. The
//! header is only a hint: files come with no newlines at all, blank lines
//! before it, or a CHARSET the bytes contradict, so the text is decoded by
//! [`crate::text::decode`] with the declared charset as a hint, and the body
//! is read by one tolerant tokenizer for SGML and XML alike.
//!
//! ```
//! use slipcheck_core::statement::ofx;
//! let f = "OFXHEADER:100\nDATA:OFXSGML\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\
//!   <BANKACCTFROM><ACCTID>12345678</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>POS\
//!   <DTPOSTED>20260302<DTUSER>20260301[-5:EST]<TRNAMT>-12,50<FITID>A1<NAME>Caf\u{e9} & Bar\
//!   </STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
//! let r = ofx::read("a.ofx", f.as_bytes());
//! let t = &r.transactions[0];
//! assert_eq!(t.amount.to_string(), "-12.50");
//! assert_eq!(t.date.unwrap().to_string(), "2026-03-01");
//! assert_eq!(t.posted.unwrap().to_string(), "2026-03-02");
//! assert_eq!(t.description, "Café & Bar");
//! assert_eq!(r.accounts[0].last4.as_deref(), Some("5678"));
//! ```

use super::markup::{self, Mode, Tree};
use super::{merge, Account, AccountKind, References, SourcePos, StatementRead, Transaction, TxKind, TxStatus};
use crate::diag::{lit, Diagnostic, Reason};
use crate::money::Currency;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::str::FromStr;

const HEADER_KEYS: [&str; 9] =
    ["OFXHEADER", "DATA", "VERSION", "SECURITY", "ENCODING", "CHARSET", "COMPRESSION", "OLDFILEUID", "NEWFILEUID"];

fn is_aggregate(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    matches!(
        n.as_str(),
        "OFX"
            | "STATUS"
            | "FI"
            | "BANKACCTFROM"
            | "BANKACCTTO"
            | "CCACCTFROM"
            | "CCACCTTO"
            | "BANKTRANLIST"
            | "BANKTRANLISTP"
            | "STMTTRN"
            | "STMTTRNP"
            | "LEDGERBAL"
            | "AVAILBAL"
            | "CURRENCY"
            | "ORIGCURRENCY"
            | "PAYEE"
            | "BALLIST"
            | "BAL"
            | "EXTDPAYEE"
    ) || n.ends_with("RS")
        || n.ends_with("RQ")
        || n.ends_with("RSV1")
        || n.ends_with("RQV1")
        || n.ends_with("RSV2")
        || n.ends_with("RQV2")
}

/// The charset the file declares: SGML header `CHARSET:`/`ENCODING:` or the
/// XML declaration's `encoding=`.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).into_owned();
    let upper = head.to_ascii_uppercase();
    if let Some(p) = upper.find("ENCODING=\"").or_else(|| upper.find("ENCODING='")) {
        let v: String = head[p + 10..].chars().take_while(|c| *c != '"' && *c != '\'').collect();
        return Some(v);
    }
    let value = |key: &str| -> Option<String> {
        let p = upper.find(&format!("{key}:"))? + key.len() + 1;
        let rest = &upper[p..];
        // No newline at all: the value runs until the next key or tag.
        let mut end = rest.find(['\r', '\n', '<']).unwrap_or(rest.len());
        for k in HEADER_KEYS {
            if let Some(q) = rest.find(k) {
                end = end.min(q);
            }
        }
        Some(rest[..end].trim().to_string())
    };
    let enc = value("ENCODING");
    if matches!(enc.as_deref(), Some("UTF-8" | "UTF8" | "UNICODE")) {
        return enc;
    }
    match value("CHARSET").as_deref() {
        Some("1252") | Some("WINDOWS-1252") => Some("windows-1252".into()),
        Some("ISO-8859-1") | Some("8859-1") | Some("LATIN1") => Some("iso-8859-1".into()),
        Some("NONE") | None => None,
        Some(other) => Some(other.to_string()),
    }
}

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let mut out = StatementRead::default();
    let declared = declared_charset(bytes);
    let decoded = crate::text::decode(bytes, declared.as_deref());
    let text = decoded.text.as_str();
    if decoded.had_errors {
        out.diagnostics.push(Diagnostic::warn(file, None, "ofx.bad_bytes", &[]));
    }
    let upper_head: String = text.chars().take(8192).collect::<String>().to_ascii_uppercase();
    let start = match upper_head.find("<OFX") {
        Some(p) => p,
        None => {
            out.diagnostics.push(
                Diagnostic::err(file, None, "ofx.no_root", &[]),
            );
            return out;
        }
    };
    let agg = |n: &str| is_aggregate(n);
    let tree = markup::parse(text, start, Mode::Sgml(&agg));
    for (line, p) in &tree.problems {
        out.diagnostics.push(Diagnostic::warn(file, Some(*line), p, &[]));
    }
    let institution = tree.find(0, "FI").and_then(|fi| tree.text_at(fi, &["ORG"]));
    let mut stmts: Vec<(usize, AccountKind)> = Vec::new();
    for name in ["STMTRS", "CCSTMTRS"] {
        let kind = if name == "STMTRS" { AccountKind::Bank } else { AccountKind::Card };
        stmts.extend(tree.descendants(0, name).into_iter().map(|s| (s, kind)));
    }
    stmts.sort_by_key(|(s, _)| *s);
    if stmts.is_empty() {
        let code = if upper_head.contains("INVSTMTRS") { "ofx.investment" } else { "ofx.no_statement" };
        out.diagnostics.push(Diagnostic::err(file, None, code, &[]));
        return out;
    }
    let mut refused = 0usize;
    for (s, kind) in stmts {
        refused += read_statement(file, &tree, s, kind, institution.clone(), &mut out);
    }
    if out.transactions.is_empty() && refused > 0 {
        out.diagnostics.push(
            Diagnostic::err(file, None, "ofx.none_read", &[("n", lit(refused))]),
        );
    }
    out
}

/// Reads one STMTRS/CCSTMTRS; returns how many transactions were refused.
fn read_statement(
    file: &str,
    tree: &Tree,
    s: usize,
    kind: AccountKind,
    institution: Option<String>,
    out: &mut StatementRead,
) -> usize {
    let curdef_text = tree.text_at(s, &["CURDEF"]);
    let curdef = curdef_text.as_deref().and_then(Currency::new);
    if curdef.is_none() {
        out.diagnostics.push(
            match &curdef_text {
                Some(c) => Diagnostic::warn(file, Some(tree.node(s).line), "ofx.bad_curdef", &[("value", lit(format!("{c:?}")))]),
                None => Diagnostic::warn(file, Some(tree.node(s).line), "ofx.no_curdef", &[]),
            },
        );
    }
    let currency = curdef.unwrap_or_else(|| Currency::new("USD").expect("USD is a valid code"));
    let from = tree.kid(s, "BANKACCTFROM").or_else(|| tree.kid(s, "CCACCTFROM"));
    let acctid = from.and_then(|f| tree.text_at(f, &["ACCTID"]));
    let card = kind == AccountKind::Card;
    let last4 = acctid.as_deref().and_then(last4_of);
    let id = acctid.as_deref().map(|a| if card { format!("****{}", last4.clone().unwrap_or_default()) } else { a.to_string() });
    let list = tree.kid(s, "BANKTRANLIST");
    let statement_date = list.and_then(|l| tree.text_at(l, &["DTEND"])).and_then(|d| parse_date(&d).ok().map(|x| x.0));
    let mut account = Account {
        institution,
        id,
        last4,
        currency: Some(currency),
        kind,
        opening_balance: None,
        closing_balance: None,
        statement_date,
    };
    for bal in ["LEDGERBAL", "AVAILBAL"] {
        if account.closing_balance.is_some() {
            break;
        }
        if let Some(b) = tree.kid(s, bal).and_then(|b| tree.text_at(b, &["BALAMT"])) {
            match parse_amount(&b) {
                Some(v) => account.closing_balance = Some(v),
                None => out.diagnostics.push(Diagnostic::warn(file, None, "ofx.bad_balance", &[("balance", lit(bal)), ("value", lit(format!("{b:?}")))])),
            }
        }
    }
    let acc_index = out.accounts.len();
    out.accounts.push(account);

    let mut txs: Vec<Transaction> = Vec::new();
    let mut refused = 0;
    let mut lines: Vec<(usize, bool)> = Vec::new();
    for l in tree.kids(s, "BANKTRANLIST").chain(tree.kids(s, "BANKTRANLISTP")) {
        lines.extend(tree.kids(l, "STMTTRN").map(|t| (t, false)));
        lines.extend(tree.kids(l, "STMTTRNP").map(|t| (t, true)));
    }
    lines.sort_by_key(|(t, _)| *t);
    for (t, pending_list) in lines {
        match transaction(file, tree, t, currency, card, pending_list) {
            Ok((mut tx, correction)) => {
                tx.account = Some(acc_index);
                if let Some((action, fitid)) = correction {
                    let before = txs.len();
                    txs.retain(|x| x.id != fitid);
                    let found = before != txs.len();
                    let code = if found { "ofx.correction" } else { "ofx.correction_elsewhere" };
                    out.diagnostics.push(Diagnostic::note(file, tx.source.line, code, &[("action", lit(&action)), ("id", lit(&fitid))]));
                    if action.eq_ignore_ascii_case("DELETE") {
                        continue;
                    }
                }
                txs.push(tx);
            }
            Err(msg) => {
                refused += 1;
                out.diagnostics.push(
                    Diagnostic::warn(file, Some(tree.node(t).line), "ofx.tx_skipped", &msg.args()),
                );
            }
        }
    }
    merge::assign_missing_ids(&mut txs);
    out.transactions.extend(txs);
    refused
}

type Correction = Option<(String, String)>;

fn transaction(
    file: &str,
    tree: &Tree,
    t: usize,
    curdef: Currency,
    card: bool,
    pending_list: bool,
) -> Result<(Transaction, Correction), Reason> {
    let get = |n: &str| tree.text_at(t, &[n]);
    let trntype = get("TRNTYPE").unwrap_or_default().to_ascii_uppercase();
    let amt_text = get("TRNAMT").ok_or_else(|| Reason::new("t.ofx.no_amount", vec![]))?;
    let amount = parse_amount(&amt_text).ok_or_else(|| Reason::new("t.ofx.bad_amount", vec![("value", lit(format!("{amt_text:?}")))]))?;
    let date_of = |n: &str| -> Result<Option<(NaiveDate, Option<NaiveTime>)>, Reason> {
        match get(n) {
            None => Ok(None),
            Some(v) => parse_date(&v).map(Some).map_err(|_| Reason::new("t.ofx.bad_date", vec![("tag", lit(n)), ("value", lit(format!("{v:?}")))])),
        }
    };
    let posted = date_of("DTPOSTED")?;
    let user = date_of("DTUSER")?;
    let avail = date_of("DTAVAIL").unwrap_or(None);
    if posted.is_none() && user.is_none() {
        return Err(Reason::new("t.ofx.no_date", vec![]));
    }
    let mut currency = curdef;
    let mut tx_amount = amount;
    let (mut original_amount, mut original_currency, mut fx_rate) = (None, None, None);
    // CURRENCY: the amount is in CURSYM, CURRATE converts it to CURDEF.
    // ORIGCURRENCY: the amount is in CURDEF, the purchase was in CURSYM.
    for (agg, amount_in_foreign) in [("CURRENCY", true), ("ORIGCURRENCY", false)] {
        if let Some(c) = tree.kid(t, agg) {
            let sym = tree.text_at(c, &["CURSYM"]).and_then(|s| Currency::new(&s));
            let rate = tree.text_at(c, &["CURRATE"]).and_then(|r| parse_amount(&r)).filter(|r| !r.is_zero());
            if let Some(sym) = sym.filter(|s| *s != curdef) {
                original_currency = Some(sym);
                fx_rate = rate;
                if amount_in_foreign {
                    original_amount = Some(amount);
                    match rate {
                        Some(r) => tx_amount = (amount * r).round_dp(curdef.minor_units()),
                        None => currency = sym,
                    }
                } else {
                    original_amount = rate.map(|r| (amount / r).round_dp(sym.minor_units()));
                }
            }
        }
    }
    let name = get("NAME").or_else(|| tree.kid(t, "PAYEE").and_then(|p| tree.text_at(p, &["NAME"])));
    let mut memo = get("MEMO");
    // Some issuers mark authorisations only in the memo.
    let memo_pending = memo.as_deref().is_some_and(|m| m.trim().to_ascii_uppercase().starts_with("PENDING"));
    if memo_pending {
        memo = None;
    }
    let description = describe(name.as_deref(), memo.as_deref());
    let mut references = References { cheque: get("CHECKNUM").filter(|c| !c.trim_start_matches('0').is_empty()), ..Default::default() };
    if let Some(r) = get("REFNUM") {
        references.other.push(r);
    }
    if let Some(r) = get("SRVRTID") {
        references.other.push(r);
    }
    if let Some(sic) = get("SIC") {
        references.other.push(format!("SIC {sic}"));
    }
    if let Some((_, Some(time))) = user.or(posted) {
        // Midnight and noon are what exports print when they have no time.
        if time != NaiveTime::MIN && time != NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN) {
            references.time = Some(time);
        }
    }
    let pending = pending_list || trntype == "HOLD" || memo_pending;
    let kind = match trntype.as_str() {
        "INT" | "DIV" => TxKind::Interest,
        "FEE" | "SRVCHG" => TxKind::Fee,
        "ATM" | "CASH" => TxKind::Cash,
        "POS" => {
            if tx_amount.is_sign_positive() && card {
                TxKind::Refund
            } else {
                TxKind::Purchase
            }
        }
        "XFER" | "DEP" | "DIRECTDEP" => TxKind::Transfer,
        "PAYMENT" | "DIRECTDEBIT" | "REPEATPMT" | "CHECK" => TxKind::Payment,
        "DEBIT" | "HOLD" if card && tx_amount.is_sign_negative() => TxKind::Purchase,
        // CREDIT/OTHER say nothing: the name does ("PAYMENT THANK YOU",
        // "… REFUND"), as in a CSV's description column.
        _ => get("NAME")
            .into_iter()
            .chain(get("MEMO"))
            .find_map(|t| super::layouts::kind_of(&t))
            .unwrap_or(TxKind::Other),
    };
    let correction = match (get("CORRECTACTION"), get("CORRECTFITID")) {
        (Some(a), Some(f)) => Some((a.to_ascii_uppercase(), f)),
        (None, Some(f)) => Some(("REPLACE".into(), f)),
        _ => None,
    };
    let node = tree.node(t);
    let tx = Transaction {
        id: get("FITID").unwrap_or_default(),
        account: None,
        date: user.map(|d| d.0),
        posted: posted.map(|d| d.0),
        value_date: avail.map(|d| d.0),
        amount: tx_amount,
        currency,
        original_amount,
        original_currency,
        fx_rate,
        description,
        counterparty: None,
        references,
        status: if pending { TxStatus::Pending } else { TxStatus::Booked },
        kind,
        card_last4: None,
        source: SourcePos { file: file.to_string(), line: Some(node.line), offset: Some(node.offset) },
    };
    Ok((tx, correction))
}

/// NAME is limited to 32 characters, so banks continue it in MEMO: a memo
/// that extends the name replaces it, another memo is appended.
fn describe(name: Option<&str>, memo: Option<&str>) -> String {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match (name.map(clean).filter(|s| !s.is_empty()), memo.map(clean).filter(|s| !s.is_empty())) {
        (Some(n), Some(m)) if m.starts_with(&n) => m,
        (Some(n), Some(m)) if n.contains(&m) => n,
        (Some(n), Some(m)) => format!("{n} {m}"),
        (Some(n), None) => n,
        (None, Some(m)) => m,
        (None, None) => String::new(),
    }
}

fn last4_of(acctid: &str) -> Option<String> {
    let digits: Vec<char> = acctid.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 4 {
        return Some(digits[digits.len() - 4..].iter().collect());
    }
    None
}

/// OFX amounts: optional sign, digits, one decimal mark ('.' or ',', the
/// spec allows both). Anything else ("$120", "1,234.56") is refused rather
/// than guessed.
pub(crate) fn parse_amount(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit() || c == b'.' || c == b',') {
        return None;
    }
    if body.bytes().filter(|&c| c == b'.' || c == b',').count() > 1 || !body.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let norm = body.replace(',', ".");
    let norm = if norm.starts_with('.') { format!("0{norm}") } else { norm };
    let norm = norm.trim_end_matches('.');
    let v = Decimal::from_str(norm).ok()?;
    Some(if neg { -v } else { v })
}

/// OFX datetime: `YYYYMMDD[HHMMSS[.XXX]][ [offset:TZ]]`. The date is kept as
/// the bank printed it (local to the account), the time-zone bracket is not
/// applied: statements and receipts both print local dates.
pub(crate) fn parse_date(s: &str) -> Result<(NaiveDate, Option<NaiveTime>), ()> {
    let s = s.trim();
    let core = s.split('[').next().unwrap_or("").trim();
    let digits: String = core.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 8 {
        return Err(());
    }
    let num = |a: usize, b: usize| digits.get(a..b).and_then(|x| x.parse::<u32>().ok());
    let y = num(0, 4).ok_or(())? as i32;
    let date = NaiveDate::from_ymd_opt(y, num(4, 6).ok_or(())?, num(6, 8).ok_or(())?).ok_or(())?;
    let time = if digits.len() >= 12 {
        let (h, m) = (num(8, 10).ok_or(())?, num(10, 12).ok_or(())?);
        let sec = if digits.len() >= 14 { num(12, 14).ok_or(())? } else { 0 };
        Some(NaiveTime::from_hms_opt(h, m, sec.min(59)).ok_or(())?)
    } else {
        None
    };
    Ok((date, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_dates() {
        assert_eq!(parse_amount("-33.3").unwrap().to_string(), "-33.3");
        assert_eq!(parse_amount("12,50").unwrap().to_string(), "12.50");
        assert_eq!(parse_amount(".5").unwrap().to_string(), "0.5");
        assert!(parse_amount("$120").is_none());
        assert!(parse_amount("1,234.56").is_none());
        let (d, t) = parse_date("20181026101500.000[-3:GMT]").unwrap();
        assert_eq!(d.to_string(), "2018-10-26");
        assert_eq!(t.unwrap().to_string(), "10:15:00");
        assert!(parse_date("201120000000").is_err());
    }

    #[test]
    fn header_without_newlines_and_correction() {
        let f = "OFXHEADER:100DATA:OFXSGMLVERSION:102ENCODING:USASCIICHARSET:1252<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS>\
<CURDEF>USD<CCACCTFROM><ACCTID>4111111111111111</CCACCTFROM><BANKTRANLIST>\
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260101<TRNAMT>-10.00<FITID>1<NAME>A</STMTTRN>\
<STMTTRN><TRNTYPE>HOLD<DTPOSTED>20260102<TRNAMT>-5.00<FITID>2<NAME>B</STMTTRN>\
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260101<TRNAMT>-11.00<FITID>3<CORRECTFITID>1<CORRECTACTION>REPLACE<NAME>A</STMTTRN>\
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260101<TRNAMT>-1.00<FITID>4<CURRENCY><CURRATE>1.1<CURSYM>EUR</CURRENCY><NAME>C</STMTTRN>\
</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>";
        let r = read("x.ofx", f.as_bytes());
        assert_eq!(r.accounts[0].id.as_deref(), Some("****1111"));
        let ids: Vec<&str> = r.transactions.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["2", "3", "4"]);
        assert_eq!(r.transactions[0].status, TxStatus::Pending);
        assert_eq!(r.transactions[1].amount.to_string(), "-11.00");
        assert_eq!(r.transactions[2].amount.to_string(), "-1.10");
        assert_eq!(r.transactions[2].original_amount.unwrap().to_string(), "-1.00");
    }
}
