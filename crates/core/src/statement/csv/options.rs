//! What a user can force when the zero-configuration guess is wrong, and the
//! guess itself, so a UI can show it and offer the fix.
//!
//! Both are plain serde data: the app's worker receives [`CsvOptions`] as
//! JSON and shows [`CsvLayout`] (on [`crate::statement::StatementRead::layout`]).
//! `CsvOptions::default()` forces nothing: reading with it is exactly the
//! zero-configuration read.
//!
//! ```
//! use slipcheck_core::statement::csv::{read_with, ColumnChoice, ColumnRole, CsvOptions};
//! use slipcheck_core::statement::dates::DateOrder;
//! // Every day is ≤ 12: nothing in the file says which order it uses.
//! let text = "Date,Description,Amount\n01/02/2026,COFFEE,-3.50\n03/04/2026,BOOKS,-12.00\n";
//! let guessed = read_with("a.csv", text.as_bytes(), &CsvOptions::default());
//! assert_eq!(guessed.transactions[0].date.unwrap().to_string(), "2026-01-02");
//! assert_eq!(guessed.layout.as_ref().unwrap().date_order, Some(DateOrder::Mdy));
//!
//! let opts = CsvOptions { date_order: Some(DateOrder::Dmy), ..Default::default() };
//! let fixed = read_with("a.csv", text.as_bytes(), &opts);
//! assert_eq!(fixed.transactions[0].date.unwrap().to_string(), "2026-02-01");
//!
//! // Options travel as JSON.
//! let opts: CsvOptions = serde_json::from_str(r#"{"columns":[{"index":1,"role":"ignore"}],"decimal_mark":","}"#).unwrap();
//! assert_eq!(opts.columns, vec![ColumnChoice { index: 1, role: ColumnRole::Ignore }]);
//! ```

use crate::statement::dates::DateOrder;
use crate::statement::layouts::Role;
use serde::{Deserialize, Serialize};

/// Choices that override the reader's guess. Every field is optional; an
/// absent one (or `CsvOptions::default()`) keeps the guess.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvOptions {
    /// Roles forced on columns by 0-based index. Columns not named keep their
    /// guessed role; a forced role that can only be held once (date, amount,
    /// description…) is taken away from the column that had it by guess.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnChoice>,
    /// Order of day, month and year in numeric dates, for every date column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// Decimal mark of every amount column: `'.'` or `','` (anything else is
    /// ignored with a warning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimal_mark: Option<char>,
    /// The year of dates printed without one ("06/20", "22 Jan").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The header row, as the 1-based line number in the file (CSV) or row
    /// number in the sheet (spreadsheets), as [`CsvLayout::header_line`]
    /// reports it. `Some(0)`: the file has no header row; every row is data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_line: Option<u32>,
    /// Field delimiter (CSV only): `','`, `';'`, `'\t'`, `'|'` or any other
    /// ASCII character.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
}

impl CsvOptions {
    /// True when nothing is forced.
    pub fn is_empty(&self) -> bool {
        *self == CsvOptions::default()
    }
}

/// One forced column role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChoice {
    /// 0-based column index.
    pub index: usize,
    pub role: ColumnRole,
}

/// What the reader made of a table: shown to the user, who can correct any
/// part of it through [`CsvOptions`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvLayout {
    /// The delimiter used (CSV only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    /// 1-based line (CSV) or sheet row of the header; `None` when the table
    /// was read without a header row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_line: Option<u32>,
    /// The header cells as printed (empty without a header row).
    pub headers: Vec<String>,
    /// The role of every column, by index; `ignore` for columns not read.
    pub roles: Vec<ColumnRole>,
    /// Date order used for the date columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// Decimal mark used for the amount column(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimal_mark: Option<char>,
    /// The year given to dates printed without one (the latest, when the
    /// file's period spans a new year); `None` when every date had a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The known bank/wallet layout recognised from the headers, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_layout: Option<String>,
    /// True when any part of this layout was forced by options.
    pub forced: bool,
}

/// What a column holds, as a user can choose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// Transaction date (when the purchase happened).
    Date,
    /// Posting / booking date.
    Posted,
    ValueDate,
    /// Time of day.
    Time,
    /// The descriptor printed on the statement.
    Description,
    Counterparty,
    /// Extra text (notes, second description line).
    Memo,
    /// One signed amount (negative = money out).
    Amount,
    /// Money out, as a positive number.
    Debit,
    /// Money in, as a positive number.
    Credit,
    /// The sign in words: "Debit"/"Credit", "支出"/"收入", "S"/"H".
    Direction,
    Currency,
    /// Amount in the purchase's own (foreign) currency.
    OriginalAmount,
    OriginalCurrency,
    FxRate,
    Balance,
    /// Booked / pending / declined… as text.
    Status,
    /// Card number (only its last 4 are kept).
    Card,
    Account,
    OrderId,
    MerchantOrderId,
    Reference,
    Rrn,
    AuthCode,
    Voucher,
    Category,
    /// The bank's transaction type ("CARD_PAYMENT", "Sale", "DD").
    Type,
    /// A fee charged on the line, as a positive number (folded into the amount).
    Fee,
    Tip,
    PaymentMethod,
    Id,
    ResponseCode,
    /// Not read.
    Ignore,
}

impl ColumnRole {
    pub(crate) fn to_role(self) -> Role {
        use ColumnRole as C;
        match self {
            C::Date => Role::Date,
            C::Posted => Role::Posted,
            C::ValueDate => Role::ValueDate,
            C::Time => Role::Time,
            C::Description => Role::Description,
            C::Counterparty => Role::Counterparty,
            C::Memo => Role::Memo,
            C::Amount => Role::Amount,
            C::Debit => Role::Debit,
            C::Credit => Role::Credit,
            C::Direction => Role::Direction,
            C::Currency => Role::Currency,
            C::OriginalAmount => Role::OrigAmount,
            C::OriginalCurrency => Role::OrigCurrency,
            C::FxRate => Role::FxRate,
            C::Balance => Role::Balance,
            C::Status => Role::Status,
            C::Card => Role::Card,
            C::Account => Role::Account,
            C::OrderId => Role::OrderId,
            C::MerchantOrderId => Role::MerchantOrderId,
            C::Reference => Role::Reference,
            C::Rrn => Role::Rrn,
            C::AuthCode => Role::AuthCode,
            C::Voucher => Role::Voucher,
            C::Category => Role::Category,
            C::Type => Role::Type,
            C::Fee => Role::Fee,
            C::Tip => Role::Tip,
            C::PaymentMethod => Role::PaymentMethod,
            C::Id => Role::Id,
            C::ResponseCode => Role::ResponseCode,
            C::Ignore => Role::Ignore,
        }
    }

    pub(crate) fn from_role(r: Role) -> ColumnRole {
        use ColumnRole as C;
        match r {
            Role::Date => C::Date,
            Role::Posted => C::Posted,
            Role::ValueDate => C::ValueDate,
            Role::Time => C::Time,
            Role::Description => C::Description,
            Role::Counterparty => C::Counterparty,
            Role::Memo => C::Memo,
            Role::Amount | Role::AmountTx => C::Amount,
            Role::Debit => C::Debit,
            Role::Credit => C::Credit,
            Role::Direction => C::Direction,
            Role::Currency | Role::CurrencyTx => C::Currency,
            Role::OrigAmount => C::OriginalAmount,
            Role::OrigCurrency => C::OriginalCurrency,
            Role::FxRate => C::FxRate,
            Role::Balance => C::Balance,
            Role::Status => C::Status,
            Role::Card => C::Card,
            Role::Account => C::Account,
            Role::OrderId => C::OrderId,
            Role::MerchantOrderId => C::MerchantOrderId,
            Role::Reference => C::Reference,
            Role::Rrn => C::Rrn,
            Role::AuthCode => C::AuthCode,
            Role::Voucher => C::Voucher,
            Role::Category => C::Category,
            Role::Type => C::Type,
            Role::Fee => C::Fee,
            Role::Tip => C::Tip,
            Role::PaymentMethod => C::PaymentMethod,
            Role::Id => C::Id,
            Role::ResponseCode => C::ResponseCode,
            Role::Ignore => C::Ignore,
        }
    }
}
