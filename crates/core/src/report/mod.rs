//! Reports: a dispute letter per finding (English and Chinese, worded for the
//! case's jurisdiction) and the case export as JSON (re-importable) and CSV
//! (spreadsheet-safe). Card numbers never appear in full: any 12–19 digit run
//! that looks like a card number is masked to its last four.
//!
//! ```
//! use slipcheck_core::report::{mask_pans, safe_cell};
//! assert_eq!(mask_pans("card 4111 1111 1111 1111 used"), "card ************1111 used");
//! assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
//! ```

pub mod export;
pub mod letter;

pub use export::{export_csv, export_json, import_json, CaseExport};
pub use letter::{letter, Lang, LetterFields};

/// Masks card-number-like digit runs (12–19 digits passing the Luhn check,
/// spaces or dashes allowed between groups) to their last four.
pub fn mask_pans(s: &str) -> String {
    mask_pans_with(s, |digits| format!("{}{}", "*".repeat(digits.len() - 4), &digits[digits.len() - 4..]))
}

/// [`mask_pans`] with the caller's rendering of a masked number: `render`
/// gets the number's digits (12–19 of them) and returns what to print
/// instead (the app prints `•••• 1234`).
pub fn mask_pans_with(s: &str, render: impl Fn(&str) -> String) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            // Extend over digits and single separators.
            let mut j = i;
            let mut digits = String::new();
            let mut end = i;
            while j < chars.len() {
                let c = chars[j];
                if c.is_ascii_digit() {
                    digits.push(c);
                    end = j + 1;
                } else if (c == ' ' || c == '-')
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()
                {
                } else {
                    break;
                }
                j += 1;
            }
            let boundary = end >= chars.len() || !chars[end].is_ascii_alphanumeric();
            if (12..=19).contains(&digits.len()) && boundary && luhn(&digits) {
                out.push_str(&render(&digits));
                i = end;
                continue;
            }
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Card numbers carry a Luhn check digit; order ids and references mostly
/// do not, so checking it keeps them readable.
pub(crate) fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// A cell a spreadsheet will not run as a formula: text starting with
/// `=`, `+`, `-`, `@`, TAB or CR gets a leading apostrophe (OWASP CSV
/// injection advice).
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_only_card_like_runs() {
        assert_eq!(mask_pans("4111-1111-1111-1111"), "************1111");
        assert_eq!(mask_pans("6222021234567890128"), "***************0128");
        assert_eq!(
            mask_pans("order 2025102770567956479528628234"),
            "order 2025102770567956479528628234",
            "28 digits is an order id, not a card"
        );
        assert_eq!(
            mask_pans("RRN 603011049714"),
            "RRN 603011049714",
            "fails Luhn: a reference, kept"
        );
        assert_eq!(mask_pans("5555 5555 5555 4444"), "************4444");
        assert_eq!(mask_pans("EUR 74.71 @ 1.0701"), "EUR 74.71 @ 1.0701");
        assert_eq!(mask_pans("card ending 7457"), "card ending 7457");
    }

    #[test]
    fn formula_prefixes() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(safe_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(safe_cell("SPOTIFY"), "SPOTIFY");
    }
}
