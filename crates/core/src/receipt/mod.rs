//! Receipts: POS card slips, shop receipts, e-receipts, bank SMS notices — one
//! model, with a confidence and a source line for every field it read.

pub mod html;
pub mod notice;
pub mod pdf;
pub mod text;

use crate::diag::Diagnostic;
use crate::money::Currency;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the slip records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptKind {
    /// A purchase (SALE / 消费).
    #[default]
    Sale,
    /// A same-day cancellation before settlement (VOID / 撤销).
    Void,
    /// A refund after settlement (REFUND / 退货).
    Refund,
    /// A pre-authorisation (PRE-AUTH / 预授权).
    Preauth,
    /// A pre-authorisation completion (预授权完成).
    Completion,
    /// A bank or wallet notice (SMS, push, e-mail) rather than a slip.
    Notice,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    #[default]
    Approved,
    Declined,
    /// Failed or timed out (no definite answer from the issuer).
    Failed,
    /// A fault slip (故障单, "冲正不成功"): the automatic reversal failed.
    Fault,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Unionpay,
    Jcb,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyLabel {
    Merchant,
    Cardholder,
    Bank,
    Reprint,
}

/// One line item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quantity: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub amount: Option<Decimal>,
}

/// Dynamic currency conversion block of a slip.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dcc {
    /// Amount in the merchant's (transaction) currency.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub transaction_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub transaction_currency: Option<Currency>,
    /// Amount charged in the cardholder's home currency.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub home_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub home_currency: Option<Currency>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rate: Option<Decimal>,
    /// Markup over the reference rate, in percent, as printed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub markup_percent: Option<Decimal>,
    /// Whether the slip records the cardholder's acceptance of DCC.
    pub accepted: bool,
}

/// The original transaction a void or refund refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalRef {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rrn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auth_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub amount: Option<Decimal>,
}

/// A receipt as read. Absent fields are `None`; `confidence` and `lines`
/// are keyed by the field's JSON name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merchant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none", default, with = "time_hms")]
    pub time: Option<NaiveTime>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub currency: Option<Currency>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub items: Vec<Item>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subtotal: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tax: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tip: Option<Decimal>,
    /// The amount actually paid (or refunded, for a refund slip): positive.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub total: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub card_last4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub network: Option<Network>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entry_mode: Option<String>,
    pub kind: ReceiptKind,
    pub status: ReceiptStatus,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_meaning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auth_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rrn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub batch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub invoice: Option<String>,
    /// Online order number (e-receipts, wallet notices).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tvr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dcc: Option<Dcc>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub original: Option<OriginalRef>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copy: Option<CopyLabel>,
    /// 0..1 per field name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub confidence: BTreeMap<String, f32>,
    /// 1-based source line per field name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub lines: BTreeMap<String, u32>,
}

/// What a receipt reader returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceiptRead {
    pub receipts: Vec<Receipt>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `HH:MM:SS` on the wire.
mod time_hms {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format("%H:%M:%S").to_string()),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => NaiveTime::parse_from_str(&s, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M"))
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// Reads a receipt file of a sniffed `format`.
pub fn read(format: crate::sniff::Format, file: &str, bytes: &[u8]) -> ReceiptRead {
    use crate::sniff::Format;
    match format {
        Format::ReceiptText => text::read(file, bytes),
        Format::Notice => notice::read(file, bytes),
        Format::ReceiptHtml => html::read(file, bytes),
        Format::ReceiptPdf => pdf::read(file, bytes),
        Format::ReceiptImage => ReceiptRead {
            receipts: vec![],
            diagnostics: vec![Diagnostic::error(file, None, "this is a photo; reading photos needs the OCR engine")
                .with_hint("in the app, photos are read on this device; on the command line, use a build with OCR")],
        },
        other => ReceiptRead {
            receipts: vec![],
            diagnostics: vec![Diagnostic::error(file, None, format!("{} is not a receipt format", other.as_str()))],
        },
    }
}

/// Placeholder used by readers that are not written yet.
pub(crate) fn not_yet(file: &str, what: &str) -> ReceiptRead {
    ReceiptRead {
        receipts: vec![],
        diagnostics: vec![Diagnostic::error(file, None, format!("this looks like {what}, which this build cannot read yet"))],
    }
}
