//! Full card numbers never leave the page unmasked: whatever a file printed,
//! what the app shows or exports keeps only the last 4 digits.

use slipcheck_core::Document;

/// Masks every card number (12–19 digits passing the Luhn check, spaces or
/// dashes allowed between them) to `•••• 1234`, using the core's detection.
pub fn mask_pans(text: &str) -> String {
    slipcheck_core::report::mask_pans_with(text, |digits| format!("•••• {}", &digits[digits.len() - 4..]))
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
