//! Statements: one data model for every export a bank or wallet gives, and the
//! readers that fill it (serde's split: the data here, the formats as adapters).
//!
//! Every reader has the same shape: `fn read(file: &str, bytes: &[u8]) ->
//! StatementRead` — the records it could read plus diagnostics, never a panic.

pub mod amount;
pub mod balance;
pub mod camt;
pub mod csv;
pub mod dates;
pub mod layouts;
pub(crate) mod markup;
pub mod merge;
pub mod mt940;
pub mod ofx;
pub mod qif;
pub mod xlsx;

use crate::diag::{format_term, lit, Diagnostic};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The account a statement belongs to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Bank or wallet name, where the file says.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub institution: Option<String>,
    /// Account identifier as the file gives it, masked to its last 4 when it
    /// is a card number (never a full PAN).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Last 4 digits of the card or account number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub currency: Option<Currency>,
    pub kind: AccountKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub opening_balance: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub closing_balance: Option<Decimal>,
    /// The statement's own date (end of period / issue date), where given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub statement_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Bank,
    Card,
    Wallet,
    /// A merchant's settlement or transaction export (Stripe, Square, …).
    Merchant,
    #[default]
    Unknown,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxStatus {
    #[default]
    Booked,
    Pending,
}

/// Coarse kind of a statement line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxKind {
    Purchase,
    Refund,
    Fee,
    Transfer,
    Cash,
    Interest,
    /// A payment towards a card balance, or a direct debit / standing order.
    Payment,
    #[default]
    Other,
}

/// Identifiers a line may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct References {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merchant_order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rrn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub auth_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cheque: Option<String>,
    /// Any other reference the file gives (end-to-end id, bank reference…).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub other: Vec<String>,
    /// POS voucher / trace number (凭证号, STAN) from merchant exports.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub voucher: Option<String>,
    /// Terminal response code (应答码 / ISO 8583 field 39) where the file gives one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_code: Option<String>,
    /// Time of day of the transaction where the file gives one (wallet bills,
    /// merchant exports). Kept here rather than on `Transaction` so that
    /// adding it broke no reader's struct literal.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub time: Option<chrono::NaiveTime>,
    /// What the file says became of the transaction beyond booked/pending:
    /// declined, voided, refunded, closed (merchant exports, wallet bills).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outcome: Option<TxOutcome>,
    /// The status text exactly as the file prints it ("交易关闭", "Declined").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status_text: Option<String>,
    /// A fee the file charges on this line (Revolut's Fee column), already
    /// included in the line's amount: a dispute of the charge itself is about
    /// the amount less this fee.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fee: Option<Decimal>,
}

/// What became of a transaction, as a merchant export or wallet bill says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxOutcome {
    /// Approved / paid / 成功.
    Approved,
    /// Declined / failed / 失败 / 支付失败: no money should have moved.
    Declined,
    /// Voided or reversed (撤销, 冲正) before settlement.
    Voided,
    /// Fully refunded afterwards (已全额退款, Refunded).
    Refunded,
    /// Partly refunded (已退款(¥x), Partially refunded).
    PartiallyRefunded,
    /// Closed without completing (交易关闭): unpaid, or paid and fully refunded.
    Closed,
}

impl References {
    pub fn is_empty(&self) -> bool {
        *self == References::default()
    }
}

/// Where a record came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePos {
    pub file: String,
    /// 1-based line, for line-oriented formats.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u32>,
    /// Byte offset, for formats without useful lines (XML, XLSX row index).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u64>,
}

/// One statement line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// Stable id: FITID / order number / entry reference where the file has
    /// one, else derived from the line's content and position.
    pub id: String,
    /// Index into the document's `accounts`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account: Option<usize>,
    /// When the purchase happened (DTUSER, 交易日, Transaction Date).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<NaiveDate>,
    /// When it was booked (DTPOSTED, 记账日, Post Date, BookgDt).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub posted: Option<NaiveDate>,
    /// Value date (ValDt, MT940 value date).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value_date: Option<NaiveDate>,
    /// Signed: negative = money out of the account.
    pub amount: Decimal,
    pub currency: Currency,
    /// Amount in the currency of the purchase, where the file gives it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub original_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub original_currency: Option<Currency>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fx_rate: Option<Decimal>,
    /// The descriptor as printed on the statement.
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub counterparty: Option<String>,
    #[serde(skip_serializing_if = "References::is_empty", default)]
    pub references: References,
    pub status: TxStatus,
    pub kind: TxKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub card_last4: Option<String>,
    pub source: SourcePos,
}

impl Transaction {
    /// The transaction date where the statement gives one, else the posting
    /// date, else the value date.
    pub fn effective_date(&self) -> Option<NaiveDate> {
        self.date.or(self.posted).or(self.value_date)
    }
}

/// What a statement reader returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatementRead {
    pub accounts: Vec<Account>,
    pub transactions: Vec<Transaction>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the table readers (CSV, spreadsheets) guessed about the file's
    /// layout, so a user can see it and correct it ([`csv::CsvOptions`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<csv::CsvLayout>,
}

/// Reads a statement file of a sniffed `format`.
pub fn read(format: crate::sniff::Format, file: &str, bytes: &[u8]) -> StatementRead {
    let mut r = read_format(format, file, bytes);
    pad_to_minor_units(&mut r);
    r
}

/// Amounts written with fewer decimals than their currency has ("-89.9",
/// "3150.0" in N26 exports) are shown in the currency's minor units
/// ("-89.90"); the value is unchanged and nothing is ever cut.
pub(crate) fn pad_to_minor_units(r: &mut StatementRead) {
    let pad = |v: &mut Decimal, c: &crate::money::Currency| {
        let units = c.minor_units();
        if v.scale() < units {
            v.rescale(units);
        }
    };
    for t in &mut r.transactions {
        pad(&mut t.amount, &t.currency);
        if let (Some(v), Some(c)) = (t.original_amount.as_mut(), t.original_currency.as_ref()) {
            pad(v, c);
        }
    }
}

fn read_format(format: crate::sniff::Format, file: &str, bytes: &[u8]) -> StatementRead {
    use crate::sniff::Format;
    match format {
        Format::Ofx => ofx::read(file, bytes),
        Format::Qif => qif::read(file, bytes),
        Format::Camt => camt::read(file, bytes),
        Format::Mt940 => mt940::read(file, bytes),
        Format::Csv | Format::Alipay | Format::Wechat => csv::read(file, bytes),
        Format::Spreadsheet => xlsx::read(file, bytes),
        other => StatementRead {
            diagnostics: vec![Diagnostic::err(file, None, "format.not_statement", &[("format", format_term(other))])],
            ..Default::default()
        },
    }
}

/// Placeholder used by readers that are not written yet.
#[allow(dead_code)]
pub(crate) fn not_yet(file: &str, what: &str) -> StatementRead {
    StatementRead {
        diagnostics: vec![Diagnostic::err(file, None, "format.not_yet_statement", &[("what", lit(what))])],
        ..Default::default()
    }
}
