//! What to do about a finding: reason codes per network (the receipt's network
//! first), the deadline for the case's jurisdiction, the steps in order, the
//! evidence checklist, and an honest "is this really a dispute?".
//!
//! ```
//! use slipcheck_core::reconcile::advice::steps;
//! let s = steps("duplicate_charge", "us");
//! assert!(s[0].starts_with("Check the details"));
//! assert!(s.iter().any(|x| x.contains("merchant")));
//! ```

use super::tables::{deadline_rule, reason_codes, ReasonCode};
use super::Deadline;
use crate::receipt::Network;
use crate::statement::AccountKind;
use chrono::{Months, NaiveDate};

fn network_key(n: Network) -> &'static str {
    match n {
        Network::Visa => "visa",
        Network::Mastercard => "mastercard",
        Network::Amex => "amex",
        Network::Discover => "discover",
        Network::Unionpay => "unionpay",
        Network::Jcb => "jcb",
        Network::Other => "other",
    }
}

/// Reason codes for `kind`, the receipt's network first; without one, China's
/// cases put UnionPay first (its domestic network).
pub fn codes_for(kind: &str, network: Option<Network>, jurisdiction: &str) -> Vec<ReasonCode> {
    let mut v = reason_codes(kind);
    let first = network.map(network_key).or(if jurisdiction == "cn" {
        Some("unionpay")
    } else {
        None
    });
    if let Some(k) = first {
        v.sort_by_key(|c| c.network != k);
    }
    v
}

/// The consumer-law deadline: from the statement date (US) or the line's date
/// (EU/UK PSD2 13 months; China ⚠ ~120 days).
pub fn deadline(
    jurisdiction: &str,
    account: AccountKind,
    statement_date: Option<NaiveDate>,
    line_date: Option<NaiveDate>,
    as_of: Option<NaiveDate>,
) -> Option<Deadline> {
    let acct = match account {
        AccountKind::Card => "card",
        AccountKind::Bank => "bank",
        AccountKind::Wallet => "wallet",
        _ => "card",
    };
    let rule = deadline_rule("consumer_notice", jurisdiction, acct)?;
    let (from, basis) = match rule.from.as_str() {
        "statement" => {
            let d = statement_date.or(line_date)?;
            (d, format!("statement date {d}"))
        }
        _ => {
            let d = line_date.or(statement_date)?;
            (d, format!("transaction date {d}"))
        }
    };
    let date =
        from.checked_add_months(Months::new(rule.months))? + chrono::Duration::days(rule.days);
    Some(Deadline {
        jurisdiction: jurisdiction.to_string(),
        date,
        days_left: as_of.map(|a| (date - a).num_days()),
        basis,
        rule: rule.text.clone(),
        source: rule.source.clone(),
        verify: rule.verify,
    })
}

/// The steps in order: check, read the terminal's answer, merchant, issuer,
/// keep evidence, escalate.
pub fn steps(kind: &str, jurisdiction: &str) -> Vec<String> {
    let mut v = vec![match kind {
        "duplicate_charge" => "Check the details: both statement lines, the amount, the date, and that you made only one purchase (one slip, one order).".to_string(),
        "amount_mismatch" => "Check the details: compare the slip's total with the posted amount and make sure no second slip, deposit or fee explains the difference.".to_string(),
        "tip_changed" => "Check the details: the slip's subtotal, the tip you wrote (or left blank) and the posted amount.".to_string(),
        "charged_after_decline" => "Check the details: the slip or order page that says the payment failed, and the statement line that was charged anyway.".to_string(),
        "charged_after_void" => "Check the details: the sale slip, the void slip with the original slip number, and the statement line.".to_string(),
        "refund_missing" => "Check the details: the refund slip's date and amount, and every credit on the statement since then.".to_string(),
        "refund_amount_mismatch" => "Check the details: the refund slip's amount and the credit that posted.".to_string(),
        "stale_hold" => "Check the details: the pending authorisation, its date, and that no final charge from this merchant posted.".to_string(),
        "currency_conversion" => "Check the details: the currency block on the slip (amount, rate, markup) and the posted amount.".to_string(),
        "card_mismatch" => "Check the details: the last four digits on the slip and the card this statement belongs to.".to_string(),
        _ => "Check the details: is this a purchase you (or someone you allowed) made? Look for an e-mail, order or slip.".to_string(),
    }];
    v.push("Read the terminal's response code on the slip (00 approved, 05 do not honour, 10 partial approval, 51 insufficient funds, 68/91/96 timeout or system fault): a timeout can leave a charge behind without a sale.".to_string());
    v.push("Contact the merchant first, with the slip: ask for a reversal or refund and a written reference. Card schemes expect you to try the merchant before a chargeback.".to_string());
    v.push(match jurisdiction {
        "us" => "Then write to the card issuer's billing-inquiries address (the letter below has what Regulation Z/E require), and keep paying the rest of the bill.".to_string(),
        "eu" => "Then tell your bank in writing, citing PSD2 (the letter below), and ask it to start a chargeback if the merchant does not fix it.".to_string(),
        "uk" => "Then tell your card issuer in writing (the letter below); for a credit-card purchase of £100–£30,000 also claim under section 75 of the Consumer Credit Act.".to_string(),
        _ => "然后联系发卡银行（信用卡中心/客服），说明情况并申请查询或退单（调单、差错处理）；保留工单号。 Then contact the card issuer and ask for an inquiry/chargeback; keep the ticket number.".to_string(),
    });
    v.push("Keep the slips, e-mails, screenshots of the order page and the bank's SMS notices until the case is closed.".to_string());
    v.push(match jurisdiction {
        "us" => "If the issuer does not resolve it within two billing cycles (90 days at most), complain to the CFPB (consumerfinance.gov/complaint).".to_string(),
        "eu" => "If the bank does not answer within 15 business days (35 in exceptional cases, PSD2 Art. 101), escalate to your national financial ombudsman or regulator.".to_string(),
        "uk" => "If the issuer does not resolve it within eight weeks, take it to the Financial Ombudsman Service.".to_string(),
        _ => "银行15日内（复杂情况30日）未妥善处理的，可向国家金融监督管理总局投诉（12378）。 If the bank does not resolve it within 15 days (30 if complex), complain to the financial regulator (hotline 12378).".to_string(),
    });
    v
}

/// Evidence to gather for a finding.
pub fn checklist(kind: &str) -> Vec<String> {
    let mut v = vec!["The statement showing the line (with the statement date)".to_string()];
    let extra: &[&str] = match kind {
        "duplicate_charge" => &["The one receipt or order confirmation for the purchase", "Both statement lines (dates, amounts, descriptors)"],
        "amount_mismatch" => &["The receipt with the agreed total", "Any itemised bill or order page"],
        "tip_changed" => &["The signed slip showing the subtotal and the tip you wrote (or the blank tip line)"],
        "charged_after_decline" => &["The declined/failed slip or order page with its response code", "Proof of how you paid instead, if you did"],
        "charged_after_void" => &["The original sale slip", "The void slip (VOID / 撤销) with the original slip number"],
        "refund_missing" => &["The refund slip or refund confirmation with its date", "Proof you returned the goods or cancelled"],
        "refund_amount_mismatch" => &["The refund slip or refund confirmation", "The statement line with the smaller credit"],
        "stale_hold" => &["The pending line and its date", "Proof the purchase was completed, cancelled or never happened (check-out bill, fuel receipt)"],
        "currency_conversion" => &["The slip's currency-conversion block (amount, rate, markup, acceptance wording)", "The reference rate for that day (ECB for EUR)"],
        "card_mismatch" => &["The slip showing the other card's last four digits", "Which card you actually used (wallet screenshot)"],
        _ => &["Your own records showing you did not make this purchase", "Any e-mail or SMS about it"],
    };
    v.extend(extra.iter().map(|s| s.to_string()));
    v.push("Bank/wallet SMS or app notices for the payment".to_string());
    v.push(
        "Notes of every call or chat with the merchant and the bank (date, name, reference)"
            .to_string(),
    );
    v
}

/// Plain words: when this is and is not a dispute.
pub fn really_a_dispute(kind: &str) -> String {
    match kind {
        "duplicate_charge" => "Probably, if both charges stay: one purchase should post once. A second identical line can be a temporary double hold that drops within days; and if you really bought twice, find the second receipt. Visa acquirers must reverse a duplicate clearing quickly, so the merchant usually fixes it when asked.",
        "amount_mismatch" => "Probably: the posted amount differs from the slip and no tip, currency conversion or partial approval explains it. Check for a separate deposit, delivery fee or a second slip before you dispute.",
        "tip_changed" => "Yes if you did not agree to this tip: the posted amount is more than the subtotal plus the tip you wrote. If you left the tip line blank and agreed a tip verbally, it is not.",
        "charged_after_decline" => "Only if no reversal arrives: after a timeout or fault the issuer may have approved the payment while the terminal showed a failure. Such charges are usually reversed within days; if not, you paid for nothing.",
        "charged_after_void" => "Yes, if no credit follows: a void (撤销) on the day of the sale should stop the charge from posting at all. Give the merchant a few days to reverse it, then dispute.",
        "refund_missing" => "Yes: the refund slip promises a credit and the usual wait has passed. Refunds can take up to about 15 days, longer abroad; after that, ask.",
        "refund_amount_mismatch" => "Usually: the credit is smaller than the refund slip. A refund converted at a different rate or a restocking fee can explain a small difference; otherwise ask for the rest.",
        "stale_hold" => "Often not a charge: a hold is not money taken, and it should drop by itself. But one this old is blocking your money: ask the merchant to release it (PSD2 Art. 75 in the EU).",
        "currency_conversion" => "Yes, if the amount differs from what the slip disclosed: you accepted the slip's conversion, not a higher one. An ordinary network conversion and the card's own foreign-transaction fee are not disputes.",
        "card_mismatch" => "Check first: the receipt names another card, yet this account was charged. If you paid with another card of yours, you may have been charged twice (once on each card).",
        _ => "Only if you do not recognise it: the case says every purchase has its receipt, and this one has none. Look for an online order, a subscription or a purchase by someone you allowed before you dispute.",
    }
    .to_string()
}

pub fn label(kind: &str) -> &'static str {
    match kind {
        "duplicate_charge" => "Charged twice",
        "amount_mismatch" => "Posted amount differs from the receipt",
        "tip_changed" => "Tip changed after you signed",
        "charged_after_decline" => "Charged although the payment failed",
        "charged_after_void" => "Charged although the sale was voided",
        "refund_missing" => "Refund missing",
        "refund_amount_mismatch" => "Refund smaller than promised",
        "stale_hold" => "Old hold not released",
        "currency_conversion" => "Currency conversion above what the slip disclosed",
        "card_mismatch" => "Charged to a different card than the receipt's",
        "unmatched_charge" => "Charge without a receipt",
        _ => "Finding",
    }
}

pub fn label_zh(kind: &str) -> &'static str {
    match kind {
        "duplicate_charge" => "重复扣款",
        "amount_mismatch" => "入账金额与签购单不符",
        "tip_changed" => "小费被更改",
        "charged_after_decline" => "交易失败但已扣款",
        "charged_after_void" => "已撤销交易仍被扣款",
        "refund_missing" => "退款未到账",
        "refund_amount_mismatch" => "退款金额不符",
        "stale_hold" => "预授权长期未释放",
        "currency_conversion" => "货币转换金额超出签购单披露",
        "card_mismatch" => "扣款卡与签购单卡号不符",
        "unmatched_charge" => "无凭证的消费",
        _ => "差错",
    }
}
