//! Every receipt of the 40 public scenario cases parses, with a total and a
//! date; where the case's expected.json matches a receipt to a statement line,
//! the receipt's amount and date agree with that line unless the case's
//! findings or notes explain the difference (tips, DCC, partial approvals,
//! amount mismatches — checked per kind below).
//!
//! Run with `-- --nocapture` to see one row per receipt.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;
use slipcheck_core::receipt::{self, ReadContext, Receipt, ReceiptKind, ReceiptStatus};
use std::path::Path;
use std::str::FromStr;

fn cases() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios/public");
    let mut v: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

struct Read {
    case: String,
    file: String,
    receipts: Vec<Receipt>,
    text: String,
}

fn read_all() -> Vec<(Read, Value)> {
    let mut out = Vec::new();
    for dir in cases() {
        let exp: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let as_of = NaiveDate::parse_from_str(exp["as_of"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let ctx = ReadContext {
            reference_date: Some(as_of),
        };
        for r in exp["receipts"].as_array().unwrap() {
            let name = r.as_str().unwrap();
            let bytes = std::fs::read(dir.join(name)).unwrap();
            // The sniffer decides the format in the product: every receipt must
            // be recognised as one.
            let format = slipcheck_core::sniff(name, &bytes);
            assert_eq!(
                format.kind(),
                slipcheck_core::DocumentKind::Receipt,
                "{}/{name} sniffed as {}",
                dir.display(),
                format.as_str()
            );
            let read = receipt::read_with(format, name, &bytes, &ctx);
            out.push((
                Read {
                    case: dir.file_name().unwrap().to_string_lossy().into_owned(),
                    file: name.to_string(),
                    receipts: read.receipts,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                },
                exp.clone(),
            ));
        }
    }
    out
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn every_scenario_receipt_has_total_and_date() {
    let all = read_all();
    assert!(
        all.len() > 400,
        "expected the 40 cases' receipts, got {}",
        all.len()
    );
    let mut missing = Vec::new();
    for (r, _) in &all {
        assert!(
            !r.receipts.is_empty(),
            "{}/{}: no receipt read",
            r.case,
            r.file
        );
        for x in &r.receipts {
            println!(
                "{}/{}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}\t{:?}",
                r.case,
                r.file,
                x.total,
                x.currency.map(|c| c.to_string()),
                x.date,
                x.card_last4,
                x.kind,
                x.status,
                x.merchant
            );
            if x.total.is_none() || x.date.is_none() {
                missing.push(format!("{}/{}", r.case, r.file));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "receipts without total or date: {missing:?}"
    );
}

/// Kinds of finding that explain a receipt total different from its matched
/// statement line.
const EXPLAINS_AMOUNT: &[&str] = &[
    "amount_mismatch",
    "tip_changed",
    "currency_conversion",
    "refund_amount_mismatch",
];

#[test]
fn scenario_receipts_agree_with_expected_matches() {
    let all = read_all();
    let mut checked = 0;
    let mut amount_ok = 0;
    let mut failures = Vec::new();
    for (r, exp) in &all {
        let Some(m) = exp["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["receipt"].as_str() == Some(&r.file))
        else {
            continue;
        };
        let x = &r.receipts[0];
        let amount = dec(m["amount"].as_str().unwrap());
        let date = NaiveDate::parse_from_str(m["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        checked += 1;
        let findings: Vec<&str> = exp["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["kind"].as_str())
            .collect();
        let notes = exp["notes"]
            .as_array()
            .map(|n| {
                n.iter()
                    .filter_map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let total = x.total.unwrap_or_default();
        // The statement line is the amount the card was charged: the slip's
        // total, or its DCC home amount; a tip added later, a partial
        // approval, or FX explain a difference only when the case says so.
        let explained = || {
            let partial = notes.to_lowercase().contains("partial");
            let fx = notes.to_lowercase().contains("fx")
                || notes.to_lowercase().contains("convert")
                || notes.contains("network");
            let pending_tip =
                notes.to_lowercase().contains("tip") || notes.to_lowercase().contains("pending");
            EXPLAINS_AMOUNT.iter().any(|k| findings.contains(k)) || partial || fx || pending_tip
        };
        if total == amount {
            amount_ok += 1;
        } else if explained() {
            println!(
                "explained: {}/{}: total {:?} statement {} ({})",
                r.case,
                r.file,
                x.total,
                amount,
                findings.join(",")
            );
        } else {
            failures.push(format!(
                "{}/{}: total {:?}, statement {}",
                r.case, r.file, x.total, amount
            ));
        }
        // Dates: the statement's transaction date is the slip's date, or a
        // day or two later when the export has only posting dates.
        // Refund credits post up to ten days after the refund slip.
        let lag = if x.kind == ReceiptKind::Refund || x.notice_type.as_deref() == Some("refund") {
            10
        } else {
            3
        };
        match x.date {
            Some(d) if (date - d).num_days() >= 0 && (date - d).num_days() <= lag => {}
            other => failures.push(format!(
                "{}/{}: date {:?}, statement {}",
                r.case, r.file, other, date
            )),
        }
        // Kind and status: a matched receipt is a charge (sale, completion,
        // notice) or a refund; declines and faults match only when the case
        // says the charge posted anyway.
        let refund_line = r.text.contains("退款")
            || r.text.to_lowercase().contains("refund")
            || r.text.contains("Gutschrift")
            || r.text.contains("Erstattung")
            || r.text.contains("退货");
        if x.kind == ReceiptKind::Void {
            failures.push(format!("{}/{}: a void slip has a match", r.case, r.file));
        }
        if refund_line && !matches!(x.kind, ReceiptKind::Refund | ReceiptKind::Notice) {
            failures.push(format!(
                "{}/{}: refund text read as {:?}",
                r.case, r.file, x.kind
            ));
        }
        if x.status != ReceiptStatus::Approved
            && !(findings.contains(&"charged_after_decline")
                || notes.contains("fault")
                || notes.contains("failed")
                || notes.contains("decline")
                || notes.contains("故障")
                || notes.contains("timed out")
                || notes.contains("timeout"))
        {
            failures.push(format!(
                "{}/{}: status {:?} on a matched receipt",
                r.case, r.file, x.status
            ));
        }
    }
    println!("matched receipts checked: {checked}; total equals statement amount: {amount_ok}");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn scenario_card_numbers_and_special_slips() {
    let all = read_all();
    let mut failures = Vec::new();
    for (r, exp) in &all {
        let x = &r.receipts[0];
        // Last 4: whatever the text masks or names must be read.
        let digits_after_mask = r.text.lines().any(|l| {
            l.contains("******")
                || l.contains("XXXX")
                || l.contains("####")
                || l.contains("尾号")
                || l.contains("ending")
        });
        if digits_after_mask && x.card_last4.is_none() {
            failures.push(format!("{}/{}: card last 4 not read", r.case, r.file));
        }
        // Voids, declines, faults, refunds as the slip says.
        let t = &r.text;
        let up = t.to_uppercase();
        if (up.contains("VOID") || t.contains("撤销") || up.contains("ANNULERING"))
            && x.kind != ReceiptKind::Void
        {
            failures.push(format!("{}/{}: void read as {:?}", r.case, r.file, x.kind));
        }
        if t.contains("冲正不成功") && x.status != ReceiptStatus::Fault {
            failures.push(format!(
                "{}/{}: fault slip read as {:?}",
                r.case, r.file, x.status
            ));
        }
        if (up.contains("DECLINED") || t.contains("支付失败"))
            && x.status != ReceiptStatus::Declined
        {
            failures.push(format!(
                "{}/{}: decline read as {:?}",
                r.case, r.file, x.status
            ));
        }
        let _ = exp;
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Decimal numbers in a note ("DCC slip EUR 277.50 at 1.1232 (+3.00% …)").
fn decimals(s: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if cs[i].is_ascii_digit() && (i == 0 || !cs[i - 1].is_ascii_alphanumeric()) {
            let st = i;
            while i < cs.len()
                && (cs[i].is_ascii_digit()
                    || (cs[i] == '.' && cs.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
            {
                i += 1;
            }
            let t: String = cs[st..i].iter().collect();
            if t.contains('.') && cs.get(i) != Some(&'-') {
                out.push(dec(&t));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn is_refund(x: &Receipt) -> bool {
    x.kind == ReceiptKind::Refund || x.notice_type.as_deref() == Some("refund")
}

/// Each case's notes describe particular slips (DCC blocks, tips, voids,
/// faults, declines, partial approvals, refunds, other cards): some receipt
/// of the case must read exactly that way.
#[test]
fn scenario_notes_describe_the_slips_read() {
    let all = read_all();
    let mut by_case: std::collections::BTreeMap<String, (Vec<&Receipt>, &Value)> =
        Default::default();
    for (r, exp) in &all {
        let e = by_case.entry(r.case.clone()).or_insert((Vec::new(), exp));
        e.0.extend(r.receipts.iter());
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for (case, (receipts, exp)) in &by_case {
        for note in exp["notes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n.as_str())
        {
            let n = decimals(note);
            let code = |key: &str| {
                note.split(key).nth(1).map(|t| {
                    t.chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect::<String>()
                })
            };
            type Pred<'a> = Box<dyn Fn(&Receipt) -> bool + 'a>;
            let pred: Option<Pred> = if note.starts_with("amount_mismatch") && !n.is_empty() {
                // "receipt total X, posted Y; no tip, FX or partial approval"
                Some(Box::new(|x: &Receipt| x.total == Some(n[0])))
            } else if note.contains("DCC slip") && n.len() >= 4 {
                Some(Box::new(|x: &Receipt| {
                    x.dcc.as_ref().is_some_and(|d| {
                        d.transaction_amount == Some(n[0])
                            && d.rate == Some(n[1])
                            && d.markup_percent == Some(n[2])
                            && d.home_amount == Some(n[3])
                    }) && x.total == Some(n[3])
                }))
            } else if note.contains("DCC accepted on the slip") && n.len() >= 2 {
                Some(Box::new(|x: &Receipt| {
                    x.dcc
                        .as_ref()
                        .is_some_and(|d| d.accepted && d.markup_percent == Some(n[0]))
                        && x.total == Some(n[1])
                }))
            } else if note.contains("tip written") && n.len() >= 2 {
                Some(Box::new(|x: &Receipt| {
                    x.subtotal == Some(n[0]) && x.tip == Some(n[1])
                }))
            } else if note.contains("tip line left blank") && !n.is_empty() {
                Some(Box::new(|x: &Receipt| {
                    x.subtotal == Some(n[0]) && x.tip.is_none() && x.tip_line_blank
                }))
            } else if (note.contains("refund slip")
                || note.contains("refund of")
                || note.contains(" refund "))
                && !n.is_empty()
            {
                Some(Box::new(|x: &Receipt| {
                    is_refund(x) && x.total == Some(n[0])
                }))
            } else if note.contains("voided the same day") && !n.is_empty() {
                Some(Box::new(|x: &Receipt| {
                    x.kind == ReceiptKind::Void && x.total == Some(n[0])
                }))
            } else if note.contains("fault slip") && !n.is_empty() {
                Some(Box::new(|x: &Receipt| {
                    x.status == ReceiptStatus::Fault && x.total == Some(n[0])
                }))
            } else if note.contains("failed at the terminal") && !n.is_empty() {
                Some(Box::new(|x: &Receipt| {
                    x.status != ReceiptStatus::Approved && x.total == Some(n[0])
                }))
            } else if note.contains("slip DECLINED") && !n.is_empty() {
                let c = code("(response ");
                Some(Box::new(move |x: &Receipt| {
                    x.status == ReceiptStatus::Declined
                        && x.total == Some(n[0])
                        && x.response_code == c
                }))
            } else if note.contains("slip TIMEOUT") && !n.is_empty() {
                let c = code("(response ");
                Some(Box::new(move |x: &Receipt| {
                    matches!(x.status, ReceiptStatus::Failed | ReceiptStatus::Fault)
                        && x.total == Some(n[0])
                        && x.response_code == c
                }))
            } else if note.contains("payment failed") && !n.is_empty() {
                Some(Box::new(|x: &Receipt| {
                    x.status != ReceiptStatus::Approved && x.total == Some(n[0])
                }))
            } else if note.contains("partial approval") && n.len() >= 2 {
                Some(Box::new(|x: &Receipt| {
                    x.total == Some(n[0]) && x.requested_amount == Some(n[1])
                }))
            } else if note.contains("receipt paid with card ending") && !n.is_empty() {
                let l4 = code("receipt paid with card ending ");
                Some(Box::new(move |x: &Receipt| {
                    x.total == Some(n[0]) && x.card_last4 == l4
                }))
            } else if note.contains("one sale on the receipt") && !n.is_empty() {
                Some(Box::new(|x: &Receipt| {
                    x.total == Some(n[0]) && x.status == ReceiptStatus::Approved
                }))
            } else {
                None
            };
            if let Some(p) = pred {
                checked += 1;
                if !receipts.iter().any(|x| p(x)) {
                    failures.push(format!("{case}: no receipt reads as: {note}"));
                }
            }
        }
    }
    println!("notes checked against slips: {checked}");
    assert!(checked > 60, "only {checked} notes checked");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
