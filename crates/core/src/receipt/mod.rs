//! Receipts: POS card slips, shop receipts, e-receipts, bank SMS notices — one
//! model, with a confidence and a source line for every field it read.

pub mod html;
pub(crate) mod lex;
pub mod notice;
pub mod pdf;
pub mod text;

use crate::diag::{lit, Diagnostic};
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
    /// Original invoice number (US slips print `ORIG INVOICE`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub invoice: Option<String>,
    /// Original order number of an online refund (原订单编号).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub order_id: Option<String>,
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
    /// The other reading of an ambiguous slashed date (`03/07/2026`: 7 March
    /// or 3 July) when nothing on the slip settled it; see
    /// [`Receipt::settle_date`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_alt: Option<NaiveDate>,
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
    /// The merchant's town as printed in its address (`ROCHESTER`, `Hamburg`,
    /// `上海`): statement descriptors often end with it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merchant_city: Option<String>,
    /// The slip has a tip line left blank (the customer was to write the
    /// tip): `subtotal` is the amount before tip, and `total` is only that
    /// amount as far as the slip knows.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub tip_line_blank: bool,
    /// On a partial approval, the amount asked for (`total` is the amount
    /// approved and charged).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub requested_amount: Option<Decimal>,
    /// Card application label as printed (`VISA CREDIT`, `MAESTRO`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub app_label: Option<String>,
    /// Cardholder verification: `pin`, `signature`, `none`, `device`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cvm: Option<String>,
    /// For notices: what the notice reports (`sale`, `refund`, `preauth`, `void`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notice_type: Option<String>,
    /// A date printed without a year (`07月05日` in a bank SMS), as `MM-DD`,
    /// when no reference date was given to place it in a year; `date` then
    /// carries the placeholder year [`YEARLESS`]. See [`ReadContext`] and
    /// [`Receipt::resolve_year`].
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub month_day: Option<String>,
    /// 1-based source line per field name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub lines: BTreeMap<String, u32>,
    /// The text of each line named in `lines` (card numbers masked), in line
    /// order, so a pairing can show what the receipt said without the file
    /// at hand. (A list, not a map keyed by number: `CaseReceipt` flattens
    /// the receipt, and serde cannot read number-keyed maps back through a
    /// flattened struct.)
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub source: Vec<SourceLine>,
}

/// One line of a receipt's own text, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLine {
    pub line: u32,
    pub text: String,
}

/// What a reader may know besides the bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadContext {
    /// "Today" for the case (the CLI's `--as-of`). A date printed without a
    /// year (bank SMS: `07月05日`) is placed in the most recent year in which
    /// it is not after this date. Without it such a date gets the placeholder
    /// year [`YEARLESS`] (the reconciler places it in the statement period),
    /// [`Receipt::month_day`] is set, and an info diagnostic says so.
    pub reference_date: Option<NaiveDate>,
}

/// Placeholder year of a date printed without one (a leap year, so that
/// 02-29 exists). Any year before 1990 means "year unknown" to the reconciler.
pub const YEARLESS: i32 = 1904;

impl Receipt {
    /// A slip cannot be dated after the day the case is looked at: when the
    /// reading chosen for an ambiguous date lies after `reference` and the
    /// other does not, take the other.
    pub fn settle_date(&mut self, reference: NaiveDate) {
        if let (Some(d), Some(alt)) = (self.date, self.date_alt) {
            if d > reference && alt <= reference {
                self.date = Some(alt);
                self.date_alt = Some(d);
            }
        }
    }

    /// Places a year-less date (see [`ReadContext::reference_date`]) in the
    /// most recent year in which it is not after `reference`. Does nothing
    /// when the receipt already has a date.
    pub fn resolve_year(&mut self, reference: NaiveDate) {
        if self
            .date
            .is_some_and(|d| chrono::Datelike::year(&d) != YEARLESS)
        {
            return;
        }
        let Some(md) = self.month_day.as_deref() else {
            return;
        };
        let mut it = md.split('-').filter_map(|x| x.parse::<u32>().ok());
        let (Some(m), Some(d)) = (it.next(), it.next()) else {
            return;
        };
        if let Some(date) = most_recent(m, d, reference) {
            self.date = Some(date);
            self.month_day = None;
        }
    }
}

fn most_recent(m: u32, d: u32, reference: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let y = reference.year();
    // Feb 29 only exists in leap years: look back up to 8 years.
    (0..8)
        .filter_map(|k| NaiveDate::from_ymd_opt(y - k, m, d))
        .find(|x| *x <= reference)
}

/// Sets a year-less date: resolved against the context's reference date, or
/// kept as `month_day` with a note.
pub(crate) fn set_month_day(
    r: &mut Receipt,
    m: u32,
    d: u32,
    ctx: &ReadContext,
    file: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    match ctx.reference_date.and_then(|rf| most_recent(m, d, rf)) {
        Some(date) => r.date = Some(date),
        None => {
            r.date = NaiveDate::from_ymd_opt(YEARLESS, m, d);
            r.month_day = Some(format!("{m:02}-{d:02}"));
            diags.push(
                Diagnostic::note(file, Some(line as u32 + 1), "receipt.no_year", &[("date", lit(format!("{m:02}-{d:02}")))]),
            );
        }
    }
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
    read_with(format, file, bytes, &ReadContext::default())
}

/// [`read`] with context (a reference date for year-less dates).
pub fn read_with(
    format: crate::sniff::Format,
    file: &str,
    bytes: &[u8],
    ctx: &ReadContext,
) -> ReceiptRead {
    use crate::sniff::Format;
    match format {
        Format::ReceiptText => text::read_with(file, bytes, ctx),
        Format::Notice => notice::read_with(file, bytes, ctx),
        Format::ReceiptHtml => html::read_with(file, bytes, ctx),
        Format::ReceiptPdf => pdf::read_with(file, bytes, ctx),
        Format::ReceiptImage => ReceiptRead {
            receipts: vec![],
            diagnostics: vec![Diagnostic::err(file, None, "receipt.photo_needs_ocr", &[])],
        },
        other => ReceiptRead {
            receipts: vec![],
            diagnostics: vec![Diagnostic::err(file, None, "format.not_receipt", &[("format", crate::diag::format_term(other))])],
        },
    }
}

/// Placeholder used by readers that are not written yet.
#[allow(dead_code)]
pub(crate) fn not_yet(file: &str, what: &str) -> ReceiptRead {
    ReceiptRead {
        receipts: vec![],
        diagnostics: vec![Diagnostic::err(file, None, "format.not_yet_receipt", &[("what", lit(what))])],
    }
}
