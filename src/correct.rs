//! The user's corrections to a receipt's fields (a photo misread `8` as
//! `B`, a slip's date is smudged). A correction is data — receipt index,
//! field, value — kept beside the file, so it survives a re-read (format
//! override, restoring a saved case) and is applied after every read.
//!
//! ```
//! use slipcheck_app::correct::{apply, Correction, Field};
//! let mut r = slipcheck_core::receipt::Receipt::default();
//! apply(&mut r, &Correction { receipt: 0, field: Field::Total, value: "42.50".into() }).unwrap();
//! assert_eq!(r.total.unwrap().to_string(), "42.50");
//! assert_eq!(r.confidence["total"], 1.0);
//! ```

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use slipcheck_core::receipt::{Receipt, ReceiptKind, ReceiptStatus};
use slipcheck_core::money::Currency;
use slipcheck_core::{Diagnostic, Document};
use std::str::FromStr;

/// Why a typed value cannot be used: shown beside the field in the page's
/// language ([`Refusal::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Amount(String),
    Date(String),
    Time(String),
    Currency(String),
    Last4(String),
    Kind(String),
    Status(String),
}

impl Refusal {
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{fill, t, Text};
        let (key, v) = match self {
            Refusal::Amount(v) => (Text::RefuseAmount, v),
            Refusal::Date(v) => (Text::RefuseDate, v),
            Refusal::Time(v) => (Text::RefuseTime, v),
            Refusal::Currency(v) => (Text::RefuseCurrency, v),
            Refusal::Last4(v) => (Text::RefuseLast4, v),
            Refusal::Kind(v) => (Text::RefuseKind, v),
            Refusal::Status(v) => (Text::RefuseStatus, v),
        };
        fill(t(lang, key), &[("v", v)])
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::Lang::En))
    }
}

/// A field the user can correct; its `name` is the receipt's own field name
/// (the key of `Receipt::lines` and `Receipt::confidence`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Merchant,
    Date,
    Time,
    Total,
    Subtotal,
    Tax,
    Tip,
    Currency,
    CardLast4,
    AuthCode,
    Kind,
    Status,
    Rrn,
    Trace,
    Mid,
    Tid,
}

/// In the order a person checks a slip.
pub const FIELDS: [Field; 16] = [
    Field::Merchant,
    Field::Date,
    Field::Time,
    Field::Total,
    Field::Subtotal,
    Field::Tax,
    Field::Tip,
    Field::Currency,
    Field::CardLast4,
    Field::AuthCode,
    Field::Kind,
    Field::Status,
    Field::Rrn,
    Field::Trace,
    Field::Mid,
    Field::Tid,
];

pub const KINDS: [ReceiptKind; 6] =
    [ReceiptKind::Sale, ReceiptKind::Void, ReceiptKind::Refund, ReceiptKind::Preauth, ReceiptKind::Completion, ReceiptKind::Notice];
pub const STATUSES: [ReceiptStatus; 4] =
    [ReceiptStatus::Approved, ReceiptStatus::Declined, ReceiptStatus::Failed, ReceiptStatus::Fault];

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Merchant => "merchant",
            Field::Date => "date",
            Field::Time => "time",
            Field::Total => "total",
            Field::Subtotal => "subtotal",
            Field::Tax => "tax",
            Field::Tip => "tip",
            Field::Currency => "currency",
            Field::CardLast4 => "card_last4",
            Field::AuthCode => "auth_code",
            Field::Kind => "kind",
            Field::Status => "status",
            Field::Rrn => "rrn",
            Field::Trace => "trace",
            Field::Mid => "mid",
            Field::Tid => "tid",
        }
    }
}

/// One correction: set `field` of receipt number `receipt` (0-based, in the
/// file's order) to `value` (empty clears an optional field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub receipt: usize,
    pub field: Field,
    pub value: String,
}

/// The value as the form shows it.
pub fn current(r: &Receipt, f: Field) -> String {
    let dec = |d: &Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let s = |s: &Option<String>| s.clone().unwrap_or_default();
    match f {
        Field::Merchant => s(&r.merchant),
        Field::Date => r.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        Field::Time => r.time.map(|t| t.format("%H:%M:%S").to_string()).unwrap_or_default(),
        Field::Total => dec(&r.total),
        Field::Subtotal => dec(&r.subtotal),
        Field::Tax => dec(&r.tax),
        Field::Tip => dec(&r.tip),
        Field::Currency => r.currency.map(|c| c.code().to_string()).unwrap_or_default(),
        Field::CardLast4 => s(&r.card_last4),
        Field::AuthCode => s(&r.auth_code),
        Field::Kind => enum_name(&r.kind),
        Field::Status => enum_name(&r.status),
        Field::Rrn => s(&r.rrn),
        Field::Trace => s(&r.trace),
        Field::Mid => s(&r.mid),
        Field::Tid => s(&r.tid),
    }
}

/// The snake_case name serde gives a unit enum variant (`preauth`, `fault`).
pub fn enum_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn parse_enum<T: for<'de> Deserialize<'de>>(v: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(v.trim().to_ascii_lowercase())).ok()
}

/// A decimal amount as people type it: `42.50`, `$42.50`, `1,024.80`, `42,50`.
fn parse_amount(v: &str) -> Option<Decimal> {
    let t: String = v.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')).collect();
    // A lone comma with one or two digits after it is a decimal comma.
    let t = match (t.rfind(','), t.find('.')) {
        (Some(i), None) if t.len() - i - 1 <= 2 && t.matches(',').count() == 1 => t.replacen(',', ".", 1),
        _ => t.replace(',', ""),
    };
    let d = Decimal::from_str(&t).ok()?;
    (d >= Decimal::ZERO).then_some(d)
}

/// Applies one correction; an unusable value is refused with the reason and
/// leaves the receipt as it was.
pub fn apply(r: &mut Receipt, c: &Correction) -> Result<(), Refusal> {
    let v = c.value.trim();
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let amount = |v: &str| -> Result<Option<Decimal>, Refusal> {
        if v.is_empty() {
            return Ok(None);
        }
        parse_amount(v).map(Some).ok_or_else(|| Refusal::Amount(v.to_string()))
    };
    match c.field {
        Field::Merchant => r.merchant = opt(v),
        Field::Date => {
            r.date = if v.is_empty() {
                None
            } else {
                Some(NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| Refusal::Date(v.to_string()))?)
            };
            // A typed date has its year: the SMS placeholder no longer applies.
            r.month_day = None;
        }
        Field::Time => {
            r.time = if v.is_empty() {
                None
            } else {
                Some(
                    NaiveTime::parse_from_str(v, "%H:%M:%S")
                        .or_else(|_| NaiveTime::parse_from_str(v, "%H:%M"))
                        .map_err(|_| Refusal::Time(v.to_string()))?,
                )
            }
        }
        Field::Total => r.total = amount(v)?,
        Field::Subtotal => r.subtotal = amount(v)?,
        Field::Tax => r.tax = amount(v)?,
        Field::Tip => r.tip = amount(v)?,
        Field::Currency => {
            r.currency = if v.is_empty() {
                None
            } else {
                Some(Currency::from_symbol(v).ok_or_else(|| Refusal::Currency(v.to_string()))?)
            }
        }
        Field::CardLast4 => {
            // Only the last four digits are ever kept, whatever is typed.
            let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
            if !v.is_empty() && digits.len() < 4 {
                return Err(Refusal::Last4(v.to_string()));
            }
            r.card_last4 = (!digits.is_empty()).then(|| digits[digits.len() - 4..].to_string());
        }
        Field::AuthCode => r.auth_code = opt(v),
        Field::Kind => r.kind = parse_enum(v).ok_or_else(|| Refusal::Kind(v.to_string()))?,
        Field::Status => r.status = parse_enum(v).ok_or_else(|| Refusal::Status(v.to_string()))?,
        Field::Rrn => r.rrn = opt(v),
        Field::Trace => r.trace = opt(v),
        Field::Mid => r.mid = opt(v),
        Field::Tid => r.tid = opt(v),
    }
    // The person checked it: as sure as it gets.
    r.confidence.insert(c.field.name().to_string(), 1.0);
    Ok(())
}

/// Applies every correction to a freshly read document, in order; refused
/// ones become diagnostics (they are kept, so nothing the user typed is lost).
pub fn apply_all(doc: &mut Document, corrections: &[Correction]) {
    for c in corrections {
        let Some(r) = doc.receipts.get_mut(c.receipt) else { continue };
        if let Err(e) = apply(r, c) {
            doc.diagnostics.push(
                Diagnostic::warning(&doc.file, None, format!("your correction of {}: {e}", c.field.name()))
                    .with_hint("correct the field again"),
            );
        }
    }
}

/// Adds or replaces the correction for the same receipt and field.
pub fn upsert(list: &mut Vec<Correction>, c: Correction) {
    list.retain(|x| !(x.receipt == c.receipt && x.field == c.field));
    list.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(field: Field, value: &str) -> Result<Receipt, Refusal> {
        let mut r = Receipt::default();
        apply(&mut r, &Correction { receipt: 0, field, value: value.into() })?;
        Ok(r)
    }

    #[test]
    fn amounts_accept_what_people_type() {
        assert_eq!(fix(Field::Total, "$1,024.80").unwrap().total.unwrap().to_string(), "1024.80");
        assert_eq!(fix(Field::Tip, "4,50").unwrap().tip.unwrap().to_string(), "4.50");
        assert_eq!(fix(Field::Total, "").unwrap().total, None);
        assert!(fix(Field::Total, "abc").is_err());
    }

    #[test]
    fn dates_times_enums_and_cards() {
        let r = fix(Field::Date, "2025-05-01").unwrap();
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2025, 5, 1));
        assert!(fix(Field::Date, "05/01/2025").is_err());
        assert_eq!(fix(Field::Time, "19:58").unwrap().time, NaiveTime::from_hms_opt(19, 58, 0));
        assert_eq!(fix(Field::Kind, "refund").unwrap().kind, ReceiptKind::Refund);
        assert_eq!(fix(Field::Status, "Fault").unwrap().status, ReceiptStatus::Fault);
        assert!(fix(Field::Status, "maybe").is_err());
        // A whole card number typed by mistake keeps its last 4 only.
        assert_eq!(fix(Field::CardLast4, "4111 1111 1111 1234").unwrap().card_last4.as_deref(), Some("1234"));
        assert!(fix(Field::CardLast4, "12").is_err());
        assert_eq!(fix(Field::Currency, "eur").unwrap().currency.unwrap().code(), "EUR");
        for f in FIELDS {
            assert_eq!(enum_name(&f), f.name(), "serde name and field name agree");
        }
    }

    #[test]
    fn refused_corrections_become_diagnostics_and_leave_the_field() {
        let mut doc = slipcheck_core::parse_document("a.txt", b"JOE'S DINER\nSALE\nTOTAL $12.00\nAPPROVED\n");
        let before = doc.receipts[0].total;
        let list = vec![
            Correction { receipt: 0, field: Field::Total, value: "twelve".into() },
            Correction { receipt: 0, field: Field::Merchant, value: "Joe's Diner".into() },
            Correction { receipt: 9, field: Field::Merchant, value: "nobody".into() },
        ];
        apply_all(&mut doc, &list);
        assert_eq!(doc.receipts[0].total, before);
        assert_eq!(doc.receipts[0].merchant.as_deref(), Some("Joe's Diner"));
        assert!(doc.diagnostics.iter().any(|d| d.message.contains("correction of total")));
        let mut l = list.clone();
        upsert(&mut l, Correction { receipt: 0, field: Field::Total, value: "13.00".into() });
        assert_eq!(l.iter().filter(|c| c.field == Field::Total).count(), 1);
    }

    #[test]
    fn a_refusal_reads_in_the_pages_language() {
        let e = fix(Field::Total, "forty").unwrap_err();
        assert_eq!(e, Refusal::Amount("forty".into()));
        assert_eq!(e.text(crate::i18n::Lang::En), "\"forty\" is not an amount (e.g. 42.50)");
        assert_eq!(e.text(crate::i18n::Lang::Zh), "“forty”不是金额（例如 42.50）");
        assert!(fix(Field::Date, "05/01/2025").unwrap_err().text(crate::i18n::Lang::Zh).contains("YYYY-MM-DD"));
    }
}
