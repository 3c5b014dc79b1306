//! Full card numbers never leave the page unmasked: whatever a file printed,
//! what the app shows or exports keeps only the last 4 digits.

use slipcheck_core::Document;

/// Masks every run of 12–19 digits (spaces or dashes allowed between them) to
/// `•••• 1234`.
pub fn mask_pans(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            // Extend over digits and single separators.
            let mut j = i;
            let mut digits = String::new();
            let mut end = i;
            while j < chars.len() {
                if chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                    end = j + 1;
                    j += 1;
                } else if (chars[j] == ' ' || chars[j] == '-') && j + 1 < chars.len() && chars[j + 1].is_ascii_digit() {
                    j += 1;
                } else {
                    break;
                }
            }
            if (12..=19).contains(&digits.len()) && luhn(&digits) {
                out.push_str("•••• ");
                out.push_str(&digits[digits.len() - 4..]);
            } else {
                out.extend(&chars[i..end]);
            }
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Card numbers pass the Luhn check; most reference numbers of the same
/// length (RRNs, order ids) do not, so they stay readable.
fn luhn(digits: &str) -> bool {
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

/// A document with every free-text field masked.
pub fn mask_document(mut doc: Document) -> Document {
    for t in &mut doc.transactions {
        t.description = mask_pans(&t.description);
        t.counterparty = t.counterparty.as_deref().map(mask_pans);
        t.references.other = t.references.other.iter().map(|o| mask_pans(o)).collect();
    }
    for a in &mut doc.accounts {
        a.id = a.id.as_deref().map(mask_pans);
    }
    for r in &mut doc.receipts {
        r.merchant = r.merchant.as_deref().map(mask_pans);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_card_numbers_only() {
        assert_eq!(mask_pans("card 4111 1111 1111 1111 ok"), "card •••• 1111 ok");
        assert_eq!(mask_pans("4111-1111-1111-1111"), "•••• 1111");
        // An RRN of 12 digits that fails Luhn stays.
        assert_eq!(mask_pans("RRN 606320417733"), "RRN 606320417733");
        assert_eq!(mask_pans("¥88.50 尾号1234"), "¥88.50 尾号1234");
    }
}
