//! Reader: bank and wallet notices (SMS, push, e-mail alerts), English,
//! Chinese, German and Dutch. Each notice becomes a [`Receipt`] of kind
//! `notice`; several pasted together become several receipts.
//!
//! A notice is recognised by its wording ("您尾号1234的卡", "card ending 1234",
//! "You made a $68.11 transaction"), then read for card, date, time, amount,
//! merchant and what happened (charge, refund, decline, pre-authorisation).
//! Year-less dates ("07月05日") take their year from [`ReadContext`].
//!
//! ```
//! use slipcheck_core::receipt::notice;
//! let r = notice::read("sms.txt", "【招商银行】您尾号5290的卡于07月05日23:04在支付宝-京东商城消费人民币297.70元。".as_bytes());
//! assert_eq!(r.receipts[0].card_last4.as_deref(), Some("5290"));
//! assert_eq!(r.receipts[0].total.unwrap().to_string(), "297.70");
//! ```

use super::lex::{self, DateTok};
use super::text::TextLine;
use super::{ReadContext, Receipt, ReceiptKind, ReceiptRead, ReceiptStatus};
use crate::diag::Diagnostic;

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    read_with(file, bytes, &ReadContext::default())
}

pub fn read_with(file: &str, bytes: &[u8], ctx: &ReadContext) -> ReceiptRead {
    let d = crate::text::decode(bytes, None);
    let lines: Vec<TextLine> = d.text.lines().map(|l| TextLine::new(l, 1.0)).collect();
    if let Some(mut r) = read_if_notices(file, &lines, ctx) {
        super::text::keep_source(&mut r, &lines);
        return r;
    }
    // Not notice wording after all: read it as a receipt.
    super::text::read_lines_with(file, &lines, ctx)
}

const MARKERS: &[&str] = &[
    "您尾号",
    "尾号",
    "YOUR CARD ENDING",
    "CARD ENDING",
    "YOU MADE A",
    "WAS CHARGED",
    "WAS USED FOR",
    "BETALING VAN",
    "MET PAS",
    "TRANSACTION WITH",
    "IHRE KARTE",
    "KARTE ENDEND",
    "账户",
    "信用卡",
    "借记卡",
    "储蓄卡",
    "WAS DECLINED",
    "HAS BEEN DECLINED",
    "REFUND OF",
    "CREDITED",
    "PENDING",
    "AUTHORI",
    "KARTE *",
    "KAART *",
    "KARTENZAHLUNG",
];

/// Reads the lines as notices when they read like notices (short, with notice
/// wording and an amount); `None` when they look like something else.
pub fn read_if_notices(file: &str, lines: &[TextLine], ctx: &ReadContext) -> Option<ReceiptRead> {
    let non_empty: Vec<(usize, &TextLine)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .collect();
    if non_empty.is_empty() {
        return None;
    }
    // One notice per line that carries notice wording and an amount.
    let mut notices = Vec::new();
    let mut used = 0;
    for &(i, l) in &non_empty {
        let up = lex::label_view(&l.text);
        let strong = up.contains("尾号")
            || up.contains("CARD ENDING")
            || up.contains("YOU MADE A")
            || up.contains("WAS CHARGED")
            || up.contains("WAS USED FOR")
            || up.contains("BETALING VAN")
            || up.contains("MET PAS")
            || up.contains("IHRE KARTE")
            || up.contains("TRANSACTION WITH")
            || up.contains("KARTE *")
            || up.contains("KAART *")
            || (up.contains(" BEI ") && up.contains("KARTE"))
            || (up.contains("您")
                && (up.contains("卡") || up.contains("账户"))
                && (up.contains("元") || up.contains("人民币")));
        if !strong || !MARKERS.iter().any(|m| up.contains(m)) {
            continue;
        }
        if lex::money_tokens(&lex::num_view(&l.text)).is_empty() {
            continue;
        }
        used += 1;
        notices.push((i, l));
    }
    // Header lines ("From: Bank of America", a timestamp) may surround a
    // notice; many other lines mean a receipt that merely mentions a card.
    if notices.is_empty() || non_empty.len() > notices.len() * 4 + 2 {
        return None;
    }
    let _ = used;
    let mut read = ReceiptRead::default();
    for (i, l) in notices {
        let r = one(file, i, l, ctx, &mut read.diagnostics);
        read.receipts.push(r);
    }
    Some(read)
}

fn one(
    file: &str,
    i: usize,
    line: &TextLine,
    ctx: &ReadContext,
    diags: &mut Vec<Diagnostic>,
) -> Receipt {
    let raw: String = line.text.chars().map(lex::halfwidth).collect();
    let nv = lex::num_view(&raw);
    let up = raw.to_uppercase();
    let mut r = Receipt {
        kind: ReceiptKind::Notice,
        ..Default::default()
    };
    let oc = line.confidence.clamp(0.0, 1.0);
    let put = |r: &mut Receipt, f: &str, c: f32| {
        r.confidence.insert(f.to_string(), c * oc);
        r.lines.insert(f.to_string(), i as u32 + 1);
    };
    put(&mut r, "kind", 0.9);

    if let Some(l4) = super::text::last4_phrase(&nv).or_else(|| lex::masked_pan(&nv).map(|x| x.0)) {
        r.card_last4 = Some(l4);
        put(&mut r, "card_last4", 0.95);
    }
    // Amount: the first amount with a currency (or after a charge word).
    let toks = lex::money_tokens(&nv);
    let tok = toks.iter().find(|t| t.currency.is_some()).or(toks.first());
    if let Some(t) = tok {
        r.total = Some(t.amount);
        r.currency = t.currency;
        put(&mut r, "total", 0.9);
        if t.currency.is_some() {
            put(&mut r, "currency", 0.85);
        }
    }
    if let Some((d, _, _)) = lex::find_date(&nv) {
        match d {
            DateTok::Full(x) => {
                r.date = Some(x);
                put(&mut r, "date", 0.9);
            }
            DateTok::Ambiguous(dm, md) => {
                // Dollar notices write month first; everyone else day first.
                let us = r.currency.is_some_and(|c| c.code() == "USD");
                r.date = Some(if us { md } else { dm });
                put(&mut r, "date", 0.7);
            }
            DateTok::MonthDay(m, dd) => {
                super::set_month_day(&mut r, m, dd, ctx, file, i, diags);
                put(&mut r, "date", 0.7);
            }
        }
    }
    if let Some((t, _)) = lex::find_time(&nv) {
        r.time = Some(t);
        put(&mut r, "time", 0.9);
    }
    // What happened.
    let (status, sub) = if up.contains("DECLINED")
        || up.contains("拒绝")
        || up.contains("失败")
        || up.contains("ABGELEHNT")
        || up.contains("GEWEIGERD")
        || up.contains("NOT APPROVED")
    {
        (ReceiptStatus::Declined, None)
    } else if up.contains("退款")
        || up.contains("退货")
        || up.contains("REFUND")
        || up.contains("CREDITED")
        || up.contains("存入")
        || up.contains("GUTSCHRIFT")
        || up.contains("TERUGBOEKING")
    {
        (ReceiptStatus::Approved, Some("refund"))
    } else if up.contains("预授权")
        || up.contains("PRE-AUTH")
        || up.contains("AUTHORIZATION HOLD")
        || up.contains("HOLD OF")
        || up.contains("PENDING")
    {
        (ReceiptStatus::Approved, Some("preauth"))
    } else if up.contains("撤销") || up.contains("REVERSED") || up.contains("VOID") {
        (ReceiptStatus::Approved, Some("void"))
    } else {
        (ReceiptStatus::Approved, Some("sale"))
    };
    r.status = status;
    put(&mut r, "status", 0.85);
    if let Some(s) = sub {
        r.notice_type = Some(s.to_string());
        put(&mut r, "notice_type", 0.85);
    }
    if let Some(m) = merchant(&raw) {
        r.merchant = Some(m);
        put(&mut r, "merchant", 0.75);
    }
    if r.total.is_none() {
        diags.push(
            Diagnostic::warn(file, Some(i as u32 + 1), "notice.no_amount", &[]),
        );
    }
    r
}

/// The merchant: between 在 and the action word (Chinese), after " at " /
/// " with " / " bij " / " bei " up to " on " / " met " / a date (others).
fn merchant(raw: &str) -> Option<String> {
    if let Some(p) = raw.find('在') {
        let tail = &raw[p + '在'.len_utf8()..];
        // The action word is the one followed by the amount ("消费人民币"), so
        // "支付宝-京东商城" keeps its "支付".
        let amount_next = |rest: &str| {
            let r = rest.trim_start();
            r.starts_with(|c: char| c.is_ascii_digit())
                || ["人民币", "RMB", "CNY", "美元", "¥", "￥", "元", "港币"]
                    .iter()
                    .any(|w| r.starts_with(w))
        };
        let end = [
            "消费",
            "支出",
            "退款",
            "退货",
            "预授权",
            "支付",
            "交易",
            "取现",
            "转账",
            "存入",
        ]
        .iter()
        .flat_map(|w| {
            tail.match_indices(w)
                .filter(|(p, w)| amount_next(&tail[p + w.len()..]))
                .map(|(p, _)| p)
                .collect::<Vec<_>>()
        })
        .min()?;
        // "在【财付通-12306】快捷支付221.50元": brackets and the payment
        // channel ("快捷", "网上") are not part of the name.
        let mut m = tail[..end].trim();
        for ch in ["快捷", "网上", "网银", "银联"] {
            m = m.strip_suffix(ch).unwrap_or(m).trim();
        }
        let m = m.trim_start_matches(['【', '[']).trim_end_matches(['】', ']']).trim();
        if !m.is_empty() {
            return Some(m.to_string());
        }
    }
    // ICBC and others put the merchant in brackets after the action:
    // "快捷支付支出(财付通-美团外卖)45.80元", "消费（星巴克）38.00元".
    for open in ['(', '（'] {
        if let Some(p) = raw.find(open) {
            let before = raw[..p].trim_end();
            let close = if open == '(' { ')' } else { '）' };
            let after = &raw[p + open.len_utf8()..];
            if let Some(q) = after.find(close) {
                let m = after[..q].trim();
                let action = ["支出", "消费", "支付", "退款", "退货", "预授权", "收入"].iter().any(|w| before.ends_with(w));
                if action && m.chars().any(|c| c.is_alphabetic()) && !m.chars().all(|c| c.is_ascii_digit()) {
                    return Some(m.to_string());
                }
            }
        }
    }
    let up = raw.to_ascii_uppercase();
    // The earliest keyword names the merchant ("with TST* JOES DINER … at 2:28 PM").
    let mut keys: Vec<(usize, &str)> = [" AT ", " WITH ", " BIJ ", " BEI ", " FROM ", " TO "]
        .iter()
        .filter_map(|k| up.find(k).map(|p| (p, *k)))
        .collect();
    keys.sort();
    for (p, key) in keys {
        {
            let tail = &raw[p + key.len()..];
            let tup = tail.to_ascii_uppercase();
            let end = [
                " ON ", " MET ", " AM ", " OP ", ". ", " FOR ", " WAS ", ", KARTE", ", CARD",
                ", KAART",
            ]
            .iter()
            .filter_map(|w| tup.find(w))
            .min()
            .unwrap_or(tail.len());
            let m = tail[..end].trim().trim_end_matches('.');
            // "credited to your card ending 1234" names no merchant.
            if !m.is_empty()
                && m.chars().any(|c| c.is_alphabetic())
                && !m.to_ascii_uppercase().starts_with("YOUR ")
            {
                return Some(m.to_string());
            }
        }
    }
    None
}
