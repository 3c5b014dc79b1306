//! Dispute letters, one per finding, in English or Chinese, worded for the
//! jurisdiction: the US billing-error notice (Regulation Z §1026.13 for credit
//! cards, Regulation E §1005.11 for debit), PSD2 for the EU, the UK's payment
//! services rules plus section 75 where it may apply, and a UnionPay/Chinese
//! bank 差错处理 request for China. The user's name, account and address are
//! placeholders the app fills.

use crate::reconcile::{CheckReport, Finding, Jurisdiction};
use crate::statement::AccountKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    En,
    Zh,
}

/// What the app fills in; `None` leaves a visible placeholder.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LetterFields {
    pub name: Option<String>,
    pub account: Option<String>,
    pub address: Option<String>,
    pub institution: Option<String>,
}

fn ph(v: &Option<String>, en: &str, zh: &str, lang: Lang) -> String {
    v.clone().unwrap_or_else(|| match lang {
        Lang::En => format!("[{en}]"),
        Lang::Zh => format!("[{zh}]"),
    })
}

fn what_happened(f: &Finding, lang: Lang) -> String {
    let m = f.merchant.clone().unwrap_or_default();
    let a = format!("{} {}", f.currency, f.amount);
    match lang {
        Lang::En => match f.kind.as_str() {
            "duplicate_charge" => format!("I made one purchase at {m}, but it was charged twice; the second charge of {a} is a duplicate."),
            "amount_mismatch" => format!("The amount posted for my purchase at {m} is {a} more or less than the total on my receipt."),
            "tip_changed" => format!("The amount posted for my purchase at {m} exceeds the subtotal plus the tip I wrote by {a}. I did not authorise this amount."),
            "charged_after_decline" => format!("My payment of {a} at {m} was declined/failed at the terminal, yet the charge posted and was not reversed."),
            "charged_after_void" => format!("My purchase of {a} at {m} was voided the same day (I hold the void slip), yet the charge posted and was not reversed."),
            "refund_missing" => format!("{m} issued me a refund of {a} (refund slip enclosed), which has not been credited to my account."),
            "refund_amount_mismatch" => format!("{m} issued me a refund, but the credit posted is {a} less than the refund slip."),
            "stale_hold" => format!("An authorisation hold of {a} from {m} has remained pending far beyond its normal expiry without a final charge; please release it."),
            "currency_conversion" => format!("My purchase at {m} was converted at a higher amount than the conversion printed on the receipt I accepted; the difference is {a}."),
            "card_mismatch" => format!("The charge of {a} at {m} was posted to this account, but my receipt shows it was paid with a different card."),
            _ => format!("I do not recognise the charge of {a} at {m}."),
        },
        Lang::Zh => match f.kind.as_str() {
            "duplicate_charge" => format!("本人在{m}仅消费一笔，但被重复扣款，第二笔{a}为重复扣款。"),
            "amount_mismatch" => format!("本人在{m}的消费入账金额与签购单/小票金额不符，差额为{a}。"),
            "tip_changed" => format!("本人在{m}的消费入账金额超过签购单小计加本人填写的小费，超出{a}，本人未授权该金额。"),
            "charged_after_decline" => format!("本人在{m}的{a}交易在终端显示失败/被拒，但款项已入账且未冲正。"),
            "charged_after_void" => format!("本人在{m}的{a}消费已于当日撤销（持有撤销签购单），但原交易仍入账且未退回。"),
            "refund_missing" => format!("{m}已为本人办理退货/退款{a}（附退款凭证），但至今未退回本人账户。"),
            "refund_amount_mismatch" => format!("{m}已为本人办理退款，但实际入账的退款比退款凭证少{a}。"),
            "stale_hold" => format!("{m}的预授权{a}长期未完成也未撤销，已远超正常有效期，请予以释放。"),
            "currency_conversion" => format!("本人在{m}的消费按高于签购单所示（本人已确认）的换算金额入账，差额为{a}。"),
            "card_mismatch" => format!("{m}的{a}消费记入了本账户，但本人的签购单显示该笔使用的是另一张卡。"),
            _ => format!("本人不认可在{m}的{a}消费。"),
        },
    }
}

/// The letter for one finding of `report`.
pub fn letter(report: &CheckReport, f: &Finding, lang: Lang, who: &LetterFields) -> String {
    let j = report.jurisdiction;
    let line = f
        .transactions
        .first()
        .and_then(|id| report.transactions.iter().find(|t| &t.id == id));
    let acct_kind = line
        .and_then(|t| t.account)
        .and_then(|a| report.accounts.get(a))
        .map(|a| a.kind)
        .unwrap_or(AccountKind::Card);
    let descriptor = line
        .map(|t| t.description.trim().to_string())
        .unwrap_or_else(|| f.merchant.clone().unwrap_or_default());
    let stmt_date = f
        .deadline
        .as_ref()
        .map(|d| d.basis.clone())
        .unwrap_or_default();
    let date = f.date.map(|d| d.to_string()).unwrap_or_default();
    let name = ph(&who.name, "YOUR NAME", "姓名", lang);
    let account = ph(&who.account, "ACCOUNT NUMBER", "卡号/账号", lang);
    let address = ph(&who.address, "YOUR ADDRESS", "联系地址", lang);
    let inst = ph(
        &who.institution,
        "CARD ISSUER — BILLING INQUIRIES ADDRESS",
        "发卡银行 信用卡中心/客服中心",
        lang,
    );
    let codes: Vec<String> = f
        .reason_codes
        .iter()
        .take(1)
        .map(|c| format!("{} {} {}", c.network, c.code, c.title))
        .collect();
    let receipts = if f.receipts.is_empty() {
        String::new()
    } else {
        f.receipts.join(", ")
    };
    let deadline = f
        .deadline
        .as_ref()
        .map(|d| d.date.to_string())
        .unwrap_or_default();
    let mut o = String::new();
    match lang {
        Lang::En => {
            let (subject, law) = match j {
                Jurisdiction::Us if acct_kind == AccountKind::Card => (
                    "Billing error notice",
                    "I am writing under the Fair Credit Billing Act and Regulation Z §1026.13 to dispute a billing error. Please acknowledge this notice within 30 days and resolve it within two billing cycles (no more than 90 days). I understand I may withhold payment of the disputed amount while you investigate.",
                ),
                Jurisdiction::Us => (
                    "Notice of error",
                    "I am writing under the Electronic Fund Transfer Act and Regulation E §1005.11 to report an error. Please investigate within 10 business days, or provisionally credit my account within 10 business days if you need longer.",
                ),
                Jurisdiction::Eu => (
                    "Notification of an incorrectly executed payment transaction",
                    "I notify you under Article 71 of the Payment Services Directive (EU) 2015/2366 without undue delay of a payment transaction that was not correctly executed. Please correct it (and, for an unauthorised amount, refund it by the end of the next business day, Art. 73); for an amount beyond what I could reasonably expect I request a refund under Art. 76. Please reply within 15 business days (Art. 101).",
                ),
                Jurisdiction::Uk => (
                    "Notification of a disputed card transaction",
                    "I notify you without undue delay of a card transaction that was not correctly executed, under the UK payment services rules that follow PSD2 Art. 71. If this was a credit-card purchase with a cash price between £100 and £30,000, I also claim against you under section 75 of the Consumer Credit Act 1974, which makes you jointly liable with the merchant.",
                ),
                Jurisdiction::Cn => (
                    "Request for transaction error handling (chargeback)",
                    "I ask the bank to open an inquiry and, if needed, a UnionPay chargeback (差错处理 / 退单) for the transaction below, and to reply within 15 days (30 if complex) as the 2020 complaint-handling rules require.",
                ),
            };
            o.push_str(&format!(
                "{name}\n{address}\n\nTo: {inst}\n\nRe: {subject} — account {account}\n\n"
            ));
            o.push_str("Dear Sir or Madam,\n\n");
            o.push_str(law);
            o.push_str("\n\n");
            o.push_str(&format!(
                "Name: {name}\nAccount number: {account}\nStatement: {stmt_date}\n"
            ));
            o.push_str(&format!(
                "Transaction: \"{descriptor}\" on {date}, {} {}\n",
                f.currency, f.amount
            ));
            o.push_str(&format!(
                "Type of error: {}\n",
                crate::reconcile::advice::label(&f.kind)
            ));
            o.push_str(&format!(
                "Amount in dispute: {} {}\n\n",
                f.currency, f.amount
            ));
            o.push_str("Why I believe this is an error:\n");
            o.push_str(&format!("{}\n", what_happened(f, Lang::En)));
            for e in &f.evidence {
                o.push_str(&format!("- {e}\n"));
            }
            if !codes.is_empty() {
                o.push_str(&format!(
                    "\nFor your chargeback, the matching reason code appears to be: {}.\n",
                    codes.join("; ")
                ));
            }
            o.push_str("\nEnclosed: copies (not originals) of ");
            o.push_str(if receipts.is_empty() {
                "my statement"
            } else {
                "my receipts/slips and the statement"
            });
            if !receipts.is_empty() {
                o.push_str(&format!(" ({receipts})"));
            }
            o.push_str(".\n");
            if j == Jurisdiction::Us {
                o.push_str(&format!("\nI am sending this notice to your billing-inquiries address by certified mail, return receipt requested, and keeping a copy. It must reach you by {deadline}.\n"));
            }
            o.push_str(&format!(
                "\nPlease correct my account and confirm in writing.\n\nSincerely,\n{name}\n"
            ));
        }
        Lang::Zh => {
            let law = match j {
                Jurisdiction::Us => "依据美国《公平信用结算法》及Z条例第1026.13条（借记卡适用E条例第1005.11条），本人就以下账单差错提出书面异议。请于30日内确认收到，并在两个账单周期（最长90日）内处理完毕；调查期间本人可暂缓支付争议金额。",
                Jurisdiction::Eu => "依据欧盟《支付服务指令》(EU) 2015/2366 第71条，本人及时通知贵行以下支付交易执行有误，请予以更正（未经授权的金额请于下一营业日结束前退回，第73条；超出合理预期的金额依第76条申请退款），并请于15个营业日内答复（第101条）。",
                Jurisdiction::Uk => "依据英国支付服务相关规定（源自PSD2第71条），本人及时通知贵行以下卡交易有误。如为信用卡消费且现金价格在100至30,000英镑之间，本人亦依据《1974年消费信贷法》第75条向贵行主张连带责任。",
                Jurisdiction::Cn => "本人现就以下交易向贵行申请差错处理（查询/调单/退单），请贵行按银联业务规则受理，并依据银行业金融机构投诉处理规定于15日内（情况复杂的30日内）答复。",
            };
            o.push_str(&format!("致：{inst}\n\n"));
            o.push_str(&format!(
                "事由：{}——差错处理申请（账号 {account}）\n\n",
                crate::reconcile::advice::label_zh(&f.kind)
            ));
            o.push_str("您好：\n\n");
            o.push_str(law);
            o.push_str("\n\n");
            o.push_str(&format!(
                "持卡人姓名：{name}\n卡号/账号：{account}\n账单：{stmt_date}\n"
            ));
            o.push_str(&format!(
                "交易：\"{descriptor}\"，交易日期 {date}，金额 {} {}\n",
                f.currency, f.amount
            ));
            o.push_str(&format!(
                "差错类型：{}\n争议金额：{} {}\n\n",
                crate::reconcile::advice::label_zh(&f.kind),
                f.currency,
                f.amount
            ));
            o.push_str("情况说明：\n");
            o.push_str(&format!("{}\n", what_happened(f, Lang::Zh)));
            if !codes.is_empty() {
                o.push_str(&format!("\n参考退单原因码：{}。\n", codes.join("；")));
            }
            o.push_str("\n附件：签购单/电子凭证及短信通知复印件");
            if !receipts.is_empty() {
                o.push_str(&format!("（{receipts}）"));
            }
            o.push_str("、对账单。\n");
            if !deadline.is_empty() {
                o.push_str(&format!("\n请在 {deadline} 之前受理。\n"));
            }
            o.push_str(&format!(
                "\n此致\n敬礼\n\n申请人：{name}\n联系地址：{address}\n"
            ));
        }
    }
    super::mask_pans(&o)
}
