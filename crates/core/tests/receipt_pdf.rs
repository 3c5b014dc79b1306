//! PDF e-receipts in the layouts and protections real writers produce
//! (tests/data/own/pdf/, written by reportlab + pikepdf/qpdf, see
//! make_pdfs.py): object streams with a cross-reference stream, a PNG
//! predictor on the page content, RC4 40/128, AES-128 and AES-256 with an
//! empty user password, and two files that need a password.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use slipcheck_core::receipt::pdf;
use slipcheck_core::{parse_document, Document, Format, Severity};
use std::str::FromStr;

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/own/pdf").join(name)).unwrap()
}

fn doc(name: &str) -> Document {
    let d = parse_document(name, &bytes(name));
    assert_eq!(d.format, Format::ReceiptPdf);
    d
}

/// The English receipt: Total EUR 48.35 on 2025-09-14 16:42, Mastercard 4417.
fn english(name: &str, order: &str) {
    let d = doc(name);
    assert_eq!(d.receipts.len(), 1, "{name}: {:#?}", d.diagnostics);
    let r = &d.receipts[0];
    assert_eq!(r.merchant.as_deref(), Some("Northwind Books"), "{name}");
    assert_eq!(r.total, Some(Decimal::from_str("48.35").unwrap()), "{name}");
    assert_eq!(r.currency.map(|c| c.code().to_string()).as_deref(), Some("EUR"), "{name}");
    assert_eq!(r.date, NaiveDate::from_ymd_opt(2025, 9, 14), "{name}");
    assert_eq!(r.time, NaiveTime::from_hms_opt(16, 42, 0), "{name}");
    assert_eq!(r.card_last4.as_deref(), Some("4417"), "{name}");
    assert_eq!(r.order_id.as_deref(), Some(order), "{name}");
}

/// The Chinese receipt: 实付金额 ¥104.00, 尾号4417; its font's ToUnicode
/// CMap is named only from inside an object stream.
fn chinese(name: &str, order: &str) {
    let text = pdf::extract_text(&bytes(name));
    assert!(text.contains("示例书店"), "{name}: {text}");
    assert!(text.contains("支付方式：招商银行信用卡(尾号4417)"), "{name}: {text}");
    let d = doc(name);
    let r = &d.receipts[0];
    assert_eq!(r.merchant.as_deref(), Some("示例书店"), "{name}");
    assert_eq!(r.total, Some(Decimal::from_str("104.00").unwrap()), "{name}");
    assert_eq!(r.currency.map(|c| c.code().to_string()).as_deref(), Some("CNY"), "{name}");
    assert_eq!(r.date, NaiveDate::from_ymd_opt(2025, 9, 14), "{name}");
    assert_eq!(r.card_last4.as_deref(), Some("4417"), "{name}");
    assert_eq!(r.order_id.as_deref(), Some(order), "{name}");
}

#[test]
fn object_streams_and_xref_stream() {
    chinese("objstm.pdf", "NW-1001");
    // The cross-reference stream (binary, predictor-coded) is not text.
    let text = pdf::extract_text(&bytes("objstm.pdf"));
    assert_eq!(text.lines().count(), 9, "{text}");
}

#[test]
fn png_predictor_on_content() {
    english("predictor.pdf", "NW-1002");
}

#[test]
fn rc4_40_and_128_with_empty_password() {
    english("rc4_40.pdf", "NW-1003");
    english("rc4_128.pdf", "NW-1004");
}

#[test]
fn aes_128_with_object_streams() {
    chinese("aes128.pdf", "NW-1005");
}

#[test]
fn aes_256_r6() {
    english("aes256.pdf", "NW-1006");
}

#[test]
fn a_real_password_is_a_clear_error() {
    for name in ["password.pdf", "password_rc4.pdf"] {
        let d = doc(name);
        assert!(d.receipts.is_empty(), "{name}");
        assert_eq!(d.diagnostics.len(), 1, "{name}");
        let e = &d.diagnostics[0];
        assert_eq!(e.severity, Severity::Error);
        assert!(e.message.contains("protected by a password"), "{}", e.message);
        assert!(e.hint.as_deref().unwrap_or("").contains("without a password"), "{:?}", e.hint);
    }
}

#[test]
fn damaged_encrypted_files_do_not_panic() {
    for name in ["rc4_40.pdf", "aes128.pdf", "aes256.pdf", "objstm.pdf", "predictor.pdf"] {
        let b = bytes(name);
        for cut in [b.len() / 3, b.len() / 2, b.len() - 40] {
            let _ = parse_document(name, &b[..cut]);
        }
        // Flip bytes through the middle of the file.
        let mut m = b.clone();
        for i in (b.len() / 4..b.len() * 3 / 4).step_by(97) {
            m[i] ^= 0x5A;
        }
        let _ = parse_document(name, &m);
    }
}
