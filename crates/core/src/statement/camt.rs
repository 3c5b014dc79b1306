//! Reader: ISO 20022 camt.052 (account report), camt.053 (statement) and
//! camt.054 (debit/credit notification), versions .001.01 to .001.08.
//!
//! The versions differ in small ways this reader absorbs: `<Sts>BOOK</Sts>`
//! vs `<Sts><Cd>BOOK</Cd></Sts>` (v8), `<Dt>` vs `<DtTm>` dates, `<Cdtr><Nm>`
//! vs `<Cdtr><Pty><Nm>`. An entry (`Ntry`) is one transaction, except a batch
//! entry whose several `TxDtls` each give their own amount: then each detail
//! is one transaction. Signs follow `CdtDbtInd` (DBIT = money out); ISO's
//! usage rule for `RvslInd` is that `CdtDbtInd` already gives the direction of
//! the reversal booking, so a reversal keeps that sign and is marked in its
//! kind (a reversed debit is a refund) — the balance check confirms it.
//!
//! ```
//! use slipcheck_core::statement::camt;
//! let f = r#"<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
//! <Acct><Id><IBAN>DE15370400441035182219</IBAN></Id><Ccy>EUR</Ccy></Acct>
//! <Ntry><Amt Ccy="EUR">10.23</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-04-30</Dt></BookgDt>
//! <NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Deutsche Bahn</Nm></Cdtr></RltdPties><RmtInf><Ustrd>DB Vertrieb</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
//! </Stmt></BkToCstmrStmt></Document>"#;
//! let r = camt::read("c.xml", f.as_bytes());
//! let t = &r.transactions[0];
//! assert_eq!(t.amount.to_string(), "-10.23");
//! assert_eq!(t.counterparty.as_deref(), Some("Deutsche Bahn"));
//! assert_eq!(r.accounts[0].last4.as_deref(), Some("2219"));
//! ```

use super::markup::{self, Mode, Tree};
use super::{balance, merge, Account, AccountKind, References, SourcePos, StatementRead, Transaction, TxKind, TxStatus};
use crate::diag::{lit, Diagnostic, Reason};
use crate::money::Currency;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use std::str::FromStr;

fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).into_owned();
    let decl = &head[..head.find("?>")?];
    let p = decl.find("encoding=")? + 9;
    let q = decl[p..].chars().next()?;
    let rest = &decl[p + q.len_utf8()..];
    Some(rest[..rest.find(q)?].to_string())
}

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let mut out = StatementRead::default();
    let declared = declared_encoding(bytes);
    let decoded = crate::text::decode(bytes, declared.as_deref());
    let tree = markup::parse(&decoded.text, 0, Mode::Xml);
    for (line, p) in &tree.problems {
        out.diagnostics.push(Diagnostic::warn(file, Some(*line), p, &[]));
    }
    let mut reports: Vec<usize> = ["Stmt", "Rpt", "Ntfctn"].iter().flat_map(|n| tree.descendants(0, n)).collect();
    reports.sort_unstable();
    if reports.is_empty() {
        let code = if tree.find(0, "GrpHdr").is_some() { "camt.header_only" } else { "camt.no_statement" };
        out.diagnostics.push(Diagnostic::err(file, None, code, &[]));
        return out;
    }
    for s in reports {
        read_report(file, &tree, s, &mut out);
    }
    balance::check_all(file, &mut out);
    out
}

fn amount_of(tree: &Tree, amt: usize) -> Option<(Decimal, Option<Currency>)> {
    let v = Decimal::from_str(tree.node(amt).text.trim()).ok()?;
    Some((v, tree.attr(amt, "Ccy").and_then(Currency::new)))
}

fn sign_of(tree: &Tree, parent: usize) -> Option<Decimal> {
    match tree.text_at(parent, &["CdtDbtInd"])?.as_str() {
        "DBIT" => Some(Decimal::NEGATIVE_ONE),
        "CRDT" => Some(Decimal::ONE),
        _ => None,
    }
}

/// `<X><Dt>…</Dt></X>` or `<X><DtTm>…</DtTm></X>`.
fn date_of(tree: &Tree, parent: usize, name: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let n = tree.kid(parent, name)?;
    if let Some(d) = tree.text_at(n, &["Dt"]) {
        return NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok().map(|d| (d, None));
    }
    let dt = tree.text_at(n, &["DtTm"]).or_else(|| Some(tree.node(n).text.trim().to_string()).filter(|s| !s.is_empty()))?;
    date_time(&dt)
}

fn date_time(s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let d = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    let t = s.get(11..19).and_then(|t| NaiveDateTime::parse_from_str(&format!("2000-01-01T{t}"), "%Y-%m-%dT%H:%M:%S").ok()).map(|x| x.time());
    Some((d, t))
}

fn read_report(file: &str, tree: &Tree, s: usize, out: &mut StatementRead) {
    let acct = tree.kid(s, "Acct");
    let id = acct.and_then(|a| {
        tree.text_at(a, &["Id", "IBAN"])
            .or_else(|| tree.text_at(a, &["Id", "Othr", "Id"]))
            .or_else(|| tree.text_at(a, &["Id", "PrtryAcct", "Id"]))
    });
    let last4 = id.as_deref().and_then(|i| {
        let d: Vec<char> = i.chars().filter(char::is_ascii_digit).collect();
        (d.len() >= 4).then(|| d[d.len() - 4..].iter().collect())
    });
    let institution = acct.and_then(|a| tree.kid(a, "Svcr")).and_then(|sv| tree.find(sv, "Nm").or_else(|| tree.find(sv, "BIC")).or_else(|| tree.find(sv, "BICFI")));
    let mut account = Account {
        institution: institution.map(|n| tree.node(n).text.trim().to_string()).filter(|s| !s.is_empty()),
        id,
        last4,
        currency: acct.and_then(|a| tree.text_at(a, &["Ccy"])).and_then(|c| Currency::new(&c)),
        kind: AccountKind::Bank,
        ..Default::default()
    };
    let mut opening: Option<(u8, Decimal)> = None;
    for b in tree.kids(s, "Bal") {
        let code = tree.path(b, &["Tp", "CdOrPrtry"]).and_then(|c| tree.text_at(c, &["Cd"]).or_else(|| tree.text_at(c, &["Prtry"]))).unwrap_or_default();
        let Some((v, ccy)) = tree.kid(b, "Amt").and_then(|a| amount_of(tree, a)) else {
            out.diagnostics.push(Diagnostic::warn(file, Some(tree.node(b).line), "camt.balance_no_amount", &[("balance", lit(&code))]));
            continue;
        };
        let v = v * sign_of(tree, b).unwrap_or(Decimal::ONE);
        account.currency = account.currency.or(ccy);
        // A balance in another currency than the account's cannot be checked
        // against its entries.
        if ccy.is_some() && ccy != account.currency {
            out.diagnostics.push(Diagnostic::note(
                file,
                Some(tree.node(b).line),
                "camt.balance_other_currency",
                &[
                    ("balance", lit(&code)),
                    ("currency", lit(ccy.map(|c| c.to_string()).unwrap_or_default())),
                    ("account_currency", lit(account.currency.map(|c| c.to_string()).unwrap_or_default())),
                ],
            ));
            continue;
        }
        match code.as_str() {
            // Opening booked beats previously closed booked; interim booked (camt.052) last.
            "OPBD" => opening = Some((0, v)).filter(|_| opening.is_none_or(|o| o.0 > 0)).or(opening),
            "PRCD" => opening = Some((1, v)).filter(|_| opening.is_none_or(|o| o.0 > 1)).or(opening),
            "CLBD" => {
                account.closing_balance = Some(v);
                account.statement_date = date_of(tree, b, "Dt").map(|d| d.0);
            }
            _ => {}
        }
    }
    account.opening_balance = opening.map(|o| o.1);
    if account.statement_date.is_none() {
        account.statement_date = tree.path(s, &["FrToDt", "ToDtTm"]).and_then(|n| date_time(tree.node(n).text.trim())).map(|d| d.0);
    }
    let acc_index = out.accounts.len();
    let acc_currency = account.currency;
    out.accounts.push(account);
    let mut txs = Vec::new();
    for e in tree.kids(s, "Ntry") {
        match entry(file, tree, e, acc_currency) {
            Ok(mut list) => {
                for t in &mut list {
                    t.account = Some(acc_index);
                }
                txs.extend(list);
            }
            Err(msg) => out.diagnostics.push(
                Diagnostic::warn(file, Some(tree.node(e).line), "camt.entry_skipped", &msg.args()),
            ),
        }
    }
    merge::assign_missing_ids(&mut txs);
    out.transactions.extend(txs);
}

fn entry(file: &str, tree: &Tree, e: usize, acc_currency: Option<Currency>) -> Result<Vec<Transaction>, Reason> {
    let amt = tree.kid(e, "Amt").ok_or_else(|| Reason::new("t.camt.no_amount", vec![]))?;
    let (value, ccy) =
        amount_of(tree, amt).ok_or_else(|| Reason::new("t.amount_not_number", vec![("value", lit(format!("{:?}", tree.node(amt).text.trim())))]))?;
    let currency = ccy.or(acc_currency).ok_or_else(|| Reason::new("t.camt.no_currency", vec![]))?;
    let sign = sign_of(tree, e).ok_or_else(|| Reason::new("t.camt.no_sign", vec![]))?;
    let reversal = tree.text_at(e, &["RvslInd"]).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let sts = tree.kid(e, "Sts").map(|n| tree.text_at(n, &["Cd"]).unwrap_or_else(|| tree.node(n).text.trim().to_string())).unwrap_or_default();
    let status = if sts.eq_ignore_ascii_case("PDNG") || sts.eq_ignore_ascii_case("INFO") { TxStatus::Pending } else { TxStatus::Booked };
    let posted = date_of(tree, e, "BookgDt");
    let value_date = date_of(tree, e, "ValDt").map(|d| d.0);
    let domain = tree.kid(e, "BkTxCd").and_then(|b| tree.kid(b, "Domn"));
    let family = domain.and_then(|d| tree.text_at(d, &["Fmly", "Cd"])).unwrap_or_default();
    let sub = domain.and_then(|d| tree.text_at(d, &["Fmly", "SubFmlyCd"])).unwrap_or_default();
    let mut kind = match (family.as_str(), sub.as_str()) {
        (_, "CWDL") => TxKind::Cash,
        (_, "CHRG" | "FEES" | "COMM") => TxKind::Fee,
        (_, "INTR") => TxKind::Interest,
        ("CCRD", "RIMB") => TxKind::Refund,
        ("CCRD" | "POSD", _) => {
            if sign.is_sign_negative() {
                TxKind::Purchase
            } else {
                TxKind::Refund
            }
        }
        ("IDDT", _) | (_, "STDO") => TxKind::Payment,
        ("ICDT" | "RCDT", _) => TxKind::Transfer,
        _ => TxKind::Other,
    };
    if reversal {
        kind = if sign.is_sign_positive() { TxKind::Refund } else { TxKind::Other };
    }
    let entry_info = tree.text_at(e, &["AddtlNtryInf"]);
    let mut base_refs = References::default();
    for r in [tree.text_at(e, &["AcctSvcrRef"]), tree.text_at(e, &["NtryRef"])].into_iter().flatten() {
        base_refs.other.push(r);
    }
    let details: Vec<usize> = tree.kids(e, "NtryDtls").flat_map(|d| tree.kids(d, "TxDtls").collect::<Vec<_>>()).collect();
    let entry_id = tree.text_at(e, &["AcctSvcrRef"]).or_else(|| tree.text_at(e, &["NtryRef"])).unwrap_or_default();
    let node = tree.node(e);
    let base = Transaction {
        id: entry_id.clone(),
        account: None,
        date: None,
        posted: posted.map(|d| d.0),
        value_date,
        amount: sign * value,
        currency,
        original_amount: None,
        original_currency: None,
        fx_rate: None,
        description: String::new(),
        counterparty: None,
        references: base_refs,
        status,
        kind,
        card_last4: None,
        source: SourcePos { file: file.to_string(), line: Some(node.line), offset: Some(node.offset) },
    };
    // A batch: one line per detail that states its own amount.
    let batch = details.len() > 1 && details.iter().all(|&d| tree.kid(d, "Amt").is_some() || tree.path(d, &["AmtDtls", "TxAmt", "Amt"]).is_some());
    if !batch {
        let mut t = base;
        if let Some(&d) = details.first() {
            fill_detail(tree, d, &mut t, sign);
        }
        if t.description.is_empty() {
            t.description = entry_info.or_else(|| t.counterparty.clone()).unwrap_or_default();
        }
        text_hints(&mut t);
        return Ok(vec![t]);
    }
    let mut list = Vec::new();
    for (i, &d) in details.iter().enumerate() {
        let mut t = base.clone();
        let amt = tree.kid(d, "Amt").or_else(|| tree.path(d, &["AmtDtls", "TxAmt", "Amt"]));
        if let Some((v, c)) = amt.and_then(|a| amount_of(tree, a)) {
            let s = sign_of(tree, d).unwrap_or(sign);
            t.amount = s * v;
            t.currency = c.unwrap_or(currency);
        }
        let dn = tree.node(d);
        t.source = SourcePos { file: file.to_string(), line: Some(dn.line), offset: Some(dn.offset) };
        if !entry_id.is_empty() {
            t.id = format!("{entry_id}/{}", i + 1);
        }
        fill_detail(tree, d, &mut t, sign);
        if t.description.is_empty() {
            t.description = entry_info.clone().or_else(|| t.counterparty.clone()).unwrap_or_default();
        }
        text_hints(&mut t);
        list.push(t);
    }
    Ok(list)
}

/// Banks that give no family code (proprietary `BkTxCd`, or none) still say
/// what a line is in its text: Dutch "BEA, Betaalpas SHOP,PAS 041 NR:…,
/// 03.05.26/17:42" is a card payment at a terminal with its purchase date
/// (GEA a cash machine), "SEPA Incasso" a direct debit, "Overboeking" a transfer.
fn text_hints(t: &mut Transaction) {
    let up = t.description.to_uppercase();
    if t.kind == TxKind::Other {
        let starts = |w: &str| up.starts_with(w);
        t.kind = if starts("BEA ") || starts("BEA,") {
            if t.amount.is_sign_negative() { TxKind::Purchase } else { TxKind::Refund }
        } else if starts("GEA ") || starts("GEA,") {
            TxKind::Cash
        } else if up.contains("SEPA INCASSO") || up.contains("LASTSCHRIFT") || up.contains("DIRECT DEBIT") {
            TxKind::Payment
        } else if up.contains("OVERBOEKING") || up.contains("ÜBERWEISUNG") || up.contains("UEBERWEISUNG") {
            TxKind::Transfer
        } else {
            TxKind::Other
        };
    }
    if t.date.is_none() && (up.starts_with("BEA") || up.starts_with("GEA")) {
        if let Some((d, time)) = super::mt940::dotted_date_time(&t.description) {
            t.date = Some(d);
            t.references.time = t.references.time.or(time);
        }
    }
}

/// Description, counterparty, references, dates and foreign amounts of one
/// `TxDtls`.
fn fill_detail(tree: &Tree, d: usize, t: &mut Transaction, entry_sign: Decimal) {
    let rmt = tree.kid(d, "RmtInf");
    let ustrd: Vec<String> = rmt.map(|r| tree.kids(r, "Ustrd").map(|u| tree.node(u).text.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    let addtl = rmt.and_then(|r| tree.find(r, "AddtlRmtInf")).map(|n| tree.node(n).text.trim().to_string()).filter(|s| !s.is_empty());
    let desc = if !ustrd.is_empty() { Some(ustrd.join(" ")) } else { addtl.or_else(|| tree.text_at(d, &["AddtlTxInf"])) };
    if let Some(desc) = desc {
        t.description = desc.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    // The other party: the creditor of money going out, the debtor of money coming in.
    let sign = sign_of(tree, d).unwrap_or(entry_sign);
    let roles: [&str; 2] = if sign.is_sign_negative() { ["Cdtr", "UltmtCdtr"] } else { ["Dbtr", "UltmtDbtr"] };
    if let Some(p) = tree.kid(d, "RltdPties") {
        let name = roles.iter().find_map(|r| tree.kid(p, r).and_then(|n| tree.find(n, "Nm")).map(|n| tree.node(n).text.trim().to_string()).filter(|s| !s.is_empty()));
        t.counterparty = name;
    }
    if let Some(refs) = tree.kid(d, "Refs") {
        for k in ["AcctSvcrRef", "EndToEndId", "MndtId", "TxId"] {
            if let Some(v) = tree.text_at(refs, &[k]).filter(|v| !v.eq_ignore_ascii_case("NOTPROVIDED") && !v.eq_ignore_ascii_case("NONREF")) {
                if !t.references.other.contains(&v) {
                    t.references.other.push(v);
                }
            }
        }
    }
    if let Some(r) = rmt.and_then(|r| tree.find(r, "CdtrRefInf")).and_then(|c| tree.text_at(c, &["Ref"])) {
        t.references.other.push(r);
    }
    if let Some((day, time)) = tree.kid(d, "RltdDts").and_then(|r| tree.text_at(r, &["AccptncDtTm"]).or_else(|| tree.text_at(r, &["TxDtTm"]))).and_then(|s| date_time(&s)) {
        t.date = Some(day);
        t.references.time = time;
    }
    // Foreign amount: the instructed amount in another currency, with the rate.
    if let Some(inst) = tree.path(d, &["AmtDtls", "InstdAmt"]) {
        if let Some((v, Some(c))) = tree.kid(inst, "Amt").and_then(|a| amount_of(tree, a)) {
            if c != t.currency {
                t.original_currency = Some(c);
                t.original_amount = Some(if t.amount.is_sign_negative() { -v } else { v });
                t.fx_rate = tree.find(inst, "XchgRate").and_then(|x| Decimal::from_str(tree.node(x).text.trim()).ok());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_v8_and_pending() {
        let f = r#"<Document><BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts><BookgDt><DtTm>2025-01-02T10:00:00</DtTm></BookgDt></Ntry>
<Ntry><Amt Ccy="EUR">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts></Ntry>
</Stmt></BkToCstmrStmt></Document>"#;
        let r = read("x.xml", f.as_bytes());
        assert_eq!(r.transactions[0].status, TxStatus::Pending);
        assert_eq!(r.transactions[0].posted.unwrap().to_string(), "2025-01-02");
        assert_eq!(r.transactions[1].amount.to_string(), "2.00");
        assert_eq!(r.transactions[1].kind, TxKind::Refund);
    }
}
