//! Balance check: where a statement states an opening and a closing balance,
//! opening + booked movements must equal closing. A mismatch means lines are
//! missing (or doubled) in the export, which matters before anyone argues
//! about a single charge.
//!
//! ```
//! use slipcheck_core::statement::{balance, Account, StatementRead};
//! use rust_decimal::Decimal;
//! let mut r = StatementRead::default();
//! r.accounts.push(Account { opening_balance: Some(Decimal::new(1000, 2)), closing_balance: Some(Decimal::new(500, 2)), ..Default::default() });
//! balance::check_all("s.sta", &mut r);
//! assert!(r.diagnostics[0].message.contains("opening balance 10.00 + movements 0 (0 lines) = 10.00, but the closing balance is 5.00"));
//! ```

use super::{StatementRead, TxStatus};
use crate::diag::{lit, Diagnostic};
use rust_decimal::Decimal;

/// Checks every account of `read` that has both balances, adding a warning
/// per mismatch. Pending lines are not movements yet and are left out.
pub fn check_all(file: &str, read: &mut StatementRead) {
    let mut diags = Vec::new();
    for (i, acc) in read.accounts.iter().enumerate() {
        let (Some(open), Some(close)) = (acc.opening_balance, acc.closing_balance) else { continue };
        let lines: Vec<_> = read
            .transactions
            .iter()
            .filter(|t| t.account == Some(i) && t.status == TxStatus::Booked)
            .filter(|t| acc.currency.is_none_or(|c| c == t.currency))
            .collect();
        let moved: Decimal = lines.iter().map(|t| t.amount).sum();
        if open + moved != close {
            let first_line = lines.first().and_then(|t| t.source.line);
            let mut args = vec![
                ("open", lit(open)),
                ("moved", lit(moved)),
                ("n", lit(lines.len())),
                ("sum", lit(open + moved)),
                ("close", lit(close)),
                ("difference", lit(close - open - moved)),
            ];
            let code = match acc.id.as_deref() {
                Some(id) => {
                    args.push(("account", lit(id)));
                    "balance.mismatch_account"
                }
                None => "balance.mismatch",
            };
            diags.push(Diagnostic::warn(file, first_line, code, &args));
        }
    }
    read.diagnostics.extend(diags);
}
