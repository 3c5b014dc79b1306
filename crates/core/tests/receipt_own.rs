//! Our own slip samples (tests/data/own/receipts/), one per kind of slip,
//! English and Chinese; each test asserts the fields its sample exercises.
//! Values were checked by reading the sample files.

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use slipcheck_core::receipt::text::{self, TextLine};
use slipcheck_core::receipt::{
    self, CopyLabel, Network, ReadContext, Receipt, ReceiptKind, ReceiptRead, ReceiptStatus,
};
use slipcheck_core::{sniff, Format};
use std::path::Path;
use std::str::FromStr;

fn read_file(name: &str) -> (Format, ReceiptRead) {
    read_ctx(name, &ReadContext::default())
}

fn read_ctx(name: &str, ctx: &ReadContext) -> (Format, ReceiptRead) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/own/receipts")
        .join(name);
    let bytes = std::fs::read(&p).unwrap();
    let f = sniff(name, &bytes);
    (f, receipt::read_with(f, name, &bytes, ctx))
}

fn one(name: &str) -> Receipt {
    let (f, r) = read_file(name);
    assert_eq!(
        f.kind(),
        slipcheck_core::DocumentKind::Receipt,
        "{name} sniffed as {}",
        f.as_str()
    );
    assert_eq!(r.receipts.len(), 1, "{name}: {:?}", r.diagnostics);
    r.receipts.into_iter().next().unwrap()
}

fn d(s: &str) -> Option<Decimal> {
    Some(Decimal::from_str(s).unwrap())
}

fn date(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, dd)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// Every field read has a confidence in 0..1 and a source line.
fn well_formed(r: &Receipt) {
    for (k, c) in &r.confidence {
        assert!((0.0..=1.0).contains(c), "{k}: {c}");
    }
    for f in ["total", "date", "card_last4", "merchant"] {
        let present = match f {
            "total" => r.total.is_some(),
            "date" => r.date.is_some(),
            "card_last4" => r.card_last4.is_some(),
            _ => r.merchant.is_some(),
        };
        if present {
            assert!(r.confidence.contains_key(f), "{f} has no confidence");
        }
    }
}

#[test]
fn zh_void_reprint() {
    let r = one("zh_void_reprint.txt");
    well_formed(&r);
    assert_eq!(r.merchant.as_deref(), Some("全家便利店(静安店)"));
    assert_eq!(r.mid, s("898310053990123"));
    assert_eq!(r.tid, s("12345678"));
    assert_eq!(r.operator, s("07"));
    assert_eq!(r.card_last4, s("1234"));
    assert_eq!(r.network, Some(Network::Unionpay));
    assert_eq!(r.entry_mode.as_deref(), Some("swipe"));
    assert_eq!(r.kind, ReceiptKind::Void);
    assert_eq!(r.batch, s("000412"));
    assert_eq!(r.trace, s("000219"));
    assert_eq!(r.auth_code, s("558201"));
    assert_eq!(r.rrn, s("520112233445"));
    assert_eq!(r.date, date(2025, 7, 20));
    assert_eq!(r.time, NaiveTime::from_hms_opt(15, 2, 11));
    assert_eq!(r.total, d("209.00"));
    assert_eq!(r.currency.unwrap().code(), "CNY");
    assert_eq!(r.original.as_ref().unwrap().trace, s("000217"));
    // 重打印 on a merchant copy: the reprint mark wins.
    assert_eq!(r.copy, Some(CopyLabel::Reprint));
    // Source lines: the merchant's value sits on the line under its label.
    assert_eq!(r.lines["merchant"], 7);
    assert_eq!(r.lines["total"], 22);
}

#[test]
fn zh_refund_with_original_references() {
    let r = one("zh_refund.txt");
    well_formed(&r);
    assert_eq!(r.kind, ReceiptKind::Refund);
    assert_eq!(r.total, d("314.36"));
    assert_eq!(r.card_last4, s("5290"));
    assert_eq!(r.entry_mode.as_deref(), Some("chip"));
    assert_eq!(r.batch, s("000120"));
    assert_eq!(r.trace, s("000455"));
    assert_eq!(r.copy, Some(CopyLabel::Cardholder));
    let o = r.original.unwrap();
    assert_eq!(o.rrn, s("520912345678"));
    assert_eq!(o.date, date(2025, 7, 20));
}

#[test]
fn zh_preauth_and_completion() {
    let p = one("zh_preauth.txt");
    assert_eq!(p.kind, ReceiptKind::Preauth);
    assert_eq!(p.total, d("800.00"));
    assert_eq!(p.auth_code, s("A12345"));
    assert_eq!(p.card_last4, s("7788"));
    let c = one("zh_completion.txt");
    assert_eq!(c.kind, ReceiptKind::Completion);
    assert_eq!(c.total, d("456.00"));
    assert_eq!(c.auth_code, p.auth_code);
    assert_eq!(c.date, date(2025, 8, 3));
}

#[test]
fn zh_tip_slip() {
    let r = one("zh_tip.txt");
    assert_eq!(r.subtotal, d("300.00"));
    assert_eq!(r.tip, d("30.00"));
    assert_eq!(r.total, d("330.00"));
    assert_eq!(r.entry_mode.as_deref(), Some("contactless"));
}

#[test]
fn zh_declined_with_unionpay_meaning() {
    let r = one("zh_declined.txt");
    assert_eq!(r.status, ReceiptStatus::Declined);
    assert_eq!(r.response_code, s("51"));
    assert!(r.response_meaning.as_deref().unwrap().contains("资金不足"));
    assert_eq!(r.total, d("113.49"));
}

#[test]
fn zh_fault_slip() {
    let r = one("zh_fault.txt");
    assert_eq!(r.status, ReceiptStatus::Fault);
    assert_eq!(r.response_code, s("68"));
    // UnionPay 68, not the ISO meaning.
    assert!(r
        .response_meaning
        .as_deref()
        .unwrap()
        .contains("发卡行响应超时"));
    assert_eq!(r.kind, ReceiptKind::Sale);
    assert_eq!(r.trace, s("000838"));
    assert_eq!(r.batch, s("000118"));
    // "冲正不成功" (line 12) is the evidence, more than the 故障单 title.
    assert_eq!(r.lines["status"], 12);
}

#[test]
fn en_declined_with_iso_meaning() {
    let r = one("en_declined.txt");
    well_formed(&r);
    assert_eq!(r.status, ReceiptStatus::Declined);
    assert_eq!(r.response_code, s("05"));
    assert_eq!(r.response_meaning.as_deref(), Some("Do not honor"));
    assert_eq!(r.network, Some(Network::Mastercard));
    assert_eq!(r.copy, Some(CopyLabel::Merchant));
    assert_eq!(r.date, date(2026, 3, 2));
    assert_eq!(r.mid, s("445566778899001"));
    assert_eq!(r.merchant.as_deref(), Some("TRADER JOE'S"));
    assert_eq!(r.merchant_city.as_deref(), Some("NEW YORK"));
}

#[test]
fn en_timeout_is_failed() {
    let r = one("en_timeout.txt");
    assert_eq!(r.status, ReceiptStatus::Failed);
    assert_eq!(r.response_code, s("91"));
    // Network from the AID (no label on the card line besides DISCOVER).
    assert_eq!(r.network, Some(Network::Discover));
    assert_eq!(r.aid, s("A0000001523010"));
    assert_eq!(r.total, d("61.20"));
}

#[test]
fn en_refund_with_originals() {
    let r = one("en_refund.txt");
    assert_eq!(r.kind, ReceiptKind::Refund);
    // Refund totals are positive.
    assert_eq!(r.total, d("49.35"));
    let o = r.original.unwrap();
    assert_eq!(o.rrn, s("603316570661"));
    assert_eq!(o.date, date(2026, 2, 2));
    assert_eq!(r.rrn, s("605112345678"));
    assert_eq!(r.batch, s("000821"));
    assert_eq!(r.invoice, s("008390"));
    assert_eq!(r.copy, Some(CopyLabel::Cardholder));
}

#[test]
fn en_preauth_and_completion() {
    let p = one("en_preauth.txt");
    assert_eq!(p.kind, ReceiptKind::Preauth);
    assert_eq!(p.network, Some(Network::Amex));
    assert_eq!(p.total, d("450.00"));
    let c = one("en_completion.txt");
    assert_eq!(c.kind, ReceiptKind::Completion);
    assert_eq!(c.total, d("398.40"));
    assert_eq!(c.auth_code, s("839201"));
}

#[test]
fn en_dcc_block() {
    let r = one("en_dcc.txt");
    let dcc = r.dcc.clone().unwrap();
    assert_eq!(dcc.transaction_amount, d("200.00"));
    assert_eq!(dcc.transaction_currency.unwrap().code(), "EUR");
    assert_eq!(dcc.home_amount, d("230.40"));
    assert_eq!(dcc.home_currency.unwrap().code(), "USD");
    assert_eq!(dcc.rate, d("1.1520"));
    assert_eq!(dcc.markup_percent, d("3.50"));
    assert!(dcc.accepted);
    // The card is charged the home amount.
    assert_eq!(r.total, d("230.40"));
    assert_eq!(r.currency.unwrap().code(), "USD");
    // A Paris terminal writes 12/05/2025 day first (EUR is the merchant's currency).
    assert_eq!(r.date, date(2025, 5, 12));
    assert_eq!(r.entry_mode.as_deref(), Some("contactless"));
    assert_eq!(r.merchant_city.as_deref(), Some("Paris"));
}

#[test]
fn en_ocr_noise() {
    let r = one("en_ocr_noisy.txt");
    assert_eq!(r.total, d("1024.80"));
    assert_eq!(r.subtotal, d("956.82"));
    assert_eq!(r.tax, d("67.98"));
    assert_eq!(r.currency.unwrap().code(), "USD");
    assert_eq!(r.date, date(2025, 5, 1));
    assert_eq!(r.time, NaiveTime::from_hms_opt(19, 58, 33));
    assert_eq!(r.tvr, s("0000008000"));
    assert_eq!(r.rrn, s("604611203111"));
    assert_eq!(r.tid, s("00123456"));
    assert_eq!(r.trace, s("004512"));
    assert_eq!(r.invoice, s("003301"));
    assert_eq!(r.card_last4, s("1005"));
    // No network word on the slip: from the card number's prefix (37…).
    assert_eq!(r.network, Some(Network::Amex));
    assert_eq!(r.entry_mode.as_deref(), Some("swipe"));
    assert_eq!(r.copy, Some(CopyLabel::Reprint));
    assert_eq!(r.operator, s("12"));
}

#[test]
fn shop_receipt_rounded_total() {
    let r = one("sroie_style.txt");
    // Paid 15.50 after rounding; not cash 20.00, not change 4.50.
    assert_eq!(r.total, d("15.50"));
    assert_eq!(r.subtotal, d("14.60"));
    assert_eq!(r.tax, d("0.88"));
    assert_eq!(r.items.len(), 2);
    assert_eq!(r.items[0].description, "NASI LEMAK");
    assert_eq!(r.items[0].quantity, d("2"));
    assert_eq!(r.date, date(2019, 3, 14));
}

#[test]
fn zh_notices_several_in_one_text() {
    let (f, r) = read_file("notices_zh.txt");
    assert_eq!(f, Format::Notice);
    assert_eq!(r.receipts.len(), 4);
    assert!(r.receipts.iter().all(|x| x.kind == ReceiptKind::Notice));
    let a = &r.receipts[0];
    assert_eq!(a.card_last4, s("5290"));
    assert_eq!(a.total, d("297.70"));
    assert_eq!(a.merchant.as_deref(), Some("支付宝-京东商城"));
    assert_eq!(a.time, NaiveTime::from_hms_opt(23, 4, 0));
    // No year and no reference date: placeholder year, month-day, and a note.
    assert_eq!(a.date, date(receipt::YEARLESS, 7, 5));
    assert_eq!(a.month_day.as_deref(), Some("07-05"));
    assert!(r.diagnostics.iter().any(|d| d.message.contains("no year")));
    assert_eq!(r.receipts[1].notice_type.as_deref(), Some("refund"));
    assert_eq!(r.receipts[2].notice_type.as_deref(), Some("preauth"));
    assert_eq!(r.receipts[3].status, ReceiptStatus::Declined);
    assert_eq!(r.receipts[3].card_last4, s("8888"));
}

#[test]
fn notice_year_from_reference_date() {
    // Most recent year in which the date is not after the reference date.
    let ctx = ReadContext {
        reference_date: date(2026, 1, 10),
    };
    let (_, r) = read_ctx("notices_zh.txt", &ctx);
    assert_eq!(r.receipts[0].date, date(2025, 7, 5));
    assert_eq!(r.receipts[3].date, date(2025, 12, 30));
    let ctx = ReadContext {
        reference_date: date(2025, 7, 6),
    };
    let (_, r) = read_ctx("notices_zh.txt", &ctx);
    assert_eq!(r.receipts[0].date, date(2025, 7, 5));
    assert_eq!(r.receipts[1].date, date(2024, 7, 8));
    // And after the fact, for callers that learn the date later.
    let (_, mut r) = read_file("notices_zh.txt");
    r.receipts[0].resolve_year(NaiveDate::from_ymd_opt(2025, 7, 19).unwrap());
    assert_eq!(r.receipts[0].date, date(2025, 7, 5));
    assert_eq!(r.receipts[0].month_day, None);
}

#[test]
fn en_notices() {
    let (_, r) = read_file("notices_en.txt");
    assert_eq!(r.receipts.len(), 3);
    let a = &r.receipts[0];
    assert_eq!(
        (a.total, a.card_last4.as_deref(), a.date),
        (d("42.50"), Some("1234"), date(2026, 3, 2))
    );
    assert_eq!(a.merchant.as_deref(), Some("BLUE BOTTLE COFFEE"));
    assert_eq!(r.receipts[1].notice_type.as_deref(), Some("refund"));
    assert_eq!(r.receipts[1].total, d("19.99"));
    assert_eq!(r.receipts[2].status, ReceiptStatus::Declined);
}

#[test]
fn html_ereceipt() {
    let (f, r) = read_file("ereceipt.html");
    assert_eq!(f, Format::ReceiptHtml);
    let r = &r.receipts[0];
    // The script's 999.99 and the comment's 1.00 are not text.
    assert_eq!(r.total, d("129.06"));
    assert_eq!(r.tip, d("21.51"));
    assert_eq!(r.subtotal, d("107.55"));
    assert_eq!(r.card_last4, s("6252"));
    assert_eq!(r.order_id, s("ZC-88412"));
    assert_eq!(r.date, date(2026, 1, 26));
    assert_eq!(r.time, NaiveTime::from_hms_opt(21, 59, 0));
    // Merchant from the title, entity decoded.
    assert_eq!(r.merchant.as_deref(), Some("Zuni Café"));
    assert_eq!(r.items.len(), 2);
}

#[test]
fn eml_ereceipt() {
    let (f, r) = read_file("ereceipt.eml");
    assert_eq!(f, Format::ReceiptHtml);
    let r = &r.receipts[0];
    // Quoted-printable HTML in ISO-8859-1: =A3 is £.
    assert_eq!(r.total, d("114.74"));
    assert_eq!(r.currency.unwrap().code(), "GBP");
    assert_eq!(r.card_last4, s("0389"));
    assert_eq!(r.order_id, s("UUVZ6EXS"));
    assert_eq!(r.date, date(2026, 4, 6));
    assert_eq!(r.merchant.as_deref(), Some("Argos"));
}

#[test]
fn pdf_english_compressed() {
    let (f, r) = read_file("ereceipt_en.pdf");
    assert_eq!(f, Format::ReceiptPdf);
    let r = &r.receipts[0];
    assert_eq!(r.merchant.as_deref(), Some("Blue Bottle Coffee"));
    assert_eq!(r.total, d("12.89"));
    assert_eq!(r.subtotal, d("10.00"));
    assert_eq!(r.tax, d("0.89"));
    assert_eq!(r.tip, d("2.00"));
    assert_eq!(r.card_last4, s("6252"));
    assert_eq!(r.order_id, s("BB-20250314-7781"));
    assert_eq!(r.date, date(2025, 3, 14));
    assert_eq!(r.items[0].quantity, d("1"));
    assert_eq!(r.items[0].description, "Latte");
}

#[test]
fn pdf_chinese_tounicode() {
    let (f, r) = read_file("slip_refund_zh.pdf");
    assert_eq!(f, Format::ReceiptPdf);
    let r = &r.receipts[0];
    assert_eq!(r.merchant.as_deref(), Some("全家便利店"));
    assert_eq!(r.kind, ReceiptKind::Refund);
    assert_eq!(r.total, d("35.50"));
    assert_eq!(r.card_last4, s("1234"));
    assert_eq!(r.network, Some(Network::Unionpay));
    let o = r.original.as_ref().unwrap();
    assert_eq!(o.rrn, s("519208107532"));
    assert_eq!(o.date, date(2025, 7, 18));
}

#[test]
fn pdf_without_text_says_so() {
    let r = receipt::pdf::read(
        "scan.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image >> endobj\n%%EOF",
    );
    assert!(r.receipts.is_empty());
    assert!(r.diagnostics[0].message.contains("no text layer"));
}

#[test]
fn ocr_confidence_lowers_field_confidence() {
    let lines = vec![
        TextLine::new("ZUNI CAFE", 0.9),
        TextLine::new("DATE: 01/26/2026", 1.0),
        TextLine::new("TOTAL $129.06", 0.5),
    ];
    let r = text::read_lines("photo.jpg", &lines);
    let x = &r.receipts[0];
    assert_eq!(x.total, d("129.06"));
    assert!(x.confidence["total"] <= 0.5, "{}", x.confidence["total"]);
    assert!(x.confidence["date"] > 0.8);
    assert_eq!(x.lines["total"], 3);
    // The same text read as plain text is surer.
    let plain = text::read("t.txt", b"ZUNI CAFE\nDATE: 01/26/2026\nTOTAL $129.06");
    assert!(plain.receipts[0].confidence["total"] > 0.85);
}

#[test]
fn receipt_without_total_still_appears_with_warning() {
    let r = text::read(
        "x.txt",
        "SOME SHOP\nTHANK YOU\nCARD ************1234".as_bytes(),
    );
    assert_eq!(r.receipts.len(), 1);
    assert_eq!(r.receipts[0].total, None);
    assert_eq!(r.receipts[0].card_last4, s("1234"));
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.severity == slipcheck_core::Severity::Warning && d.message.contains("total")));
}

#[test]
fn german_slip_and_box_csv_sniffed() {
    let r = text::read(
        "beleg.txt",
        "REWE\nDatum: 02.05.2O25\nBetrag EUR   7O,99\nZahlung erfolgt".as_bytes(),
    );
    let x = &r.receipts[0];
    assert_eq!(x.total, d("70.99"));
    assert_eq!(x.date, date(2025, 5, 2));
    assert_eq!(x.currency.unwrap().code(), "EUR");
    let boxes = "1,2,3,4,5,6,7,8,SHOP SDN BHD\n1,2,3,4,5,6,7,8,TOTAL:\n1,2,3,4,5,6,7,8,9.00\n1,2,3,4,5,6,7,8,CASH 10.00\n";
    let r = text::read("b.csv", boxes.as_bytes());
    assert_eq!(r.receipts[0].total, d("9.00"));
    assert_eq!(r.receipts[0].merchant.as_deref(), Some("SHOP SDN BHD"));
}

#[test]
fn zh_dcc_accepted() {
    let r = one("zh_dcc.txt");
    let dcc = r.dcc.clone().unwrap();
    assert_eq!(dcc.transaction_amount, d("745.20"));
    assert_eq!(dcc.transaction_currency.unwrap().code(), "CNY");
    assert_eq!(dcc.home_amount, d("102.24"));
    assert_eq!(dcc.home_currency.unwrap().code(), "USD");
    assert_eq!(dcc.rate, d("0.1372"));
    assert_eq!(dcc.markup_percent, d("3.50"));
    // "接受以美元支付"
    assert!(dcc.accepted);
    assert_eq!(r.total, d("102.24"));
    // Visa card (4111…) on a Chinese terminal.
    assert_eq!(r.network, Some(Network::Visa));
}

#[test]
fn eml_gb2312_base64() {
    let (f, r) = read_file("ereceipt_gb2312.eml");
    assert_eq!(f, Format::ReceiptHtml);
    let r = &r.receipts[0];
    // Encoded-word sender name, GB2312 body in base64.
    assert_eq!(r.merchant.as_deref(), Some("叮咚买菜"));
    assert_eq!(r.total, d("79.70"));
    assert_eq!(r.currency.unwrap().code(), "CNY");
    assert_eq!(r.card_last4, s("5290"));
    assert_eq!(r.order_id, s("616575897225964478"));
    assert_eq!(r.date, date(2025, 7, 13));
}

#[test]
fn other_layouts() {
    // Square-style: dotted mask, "Mar 3 2026 at 10:15 AM", city from "Oakland, CA".
    let r = one("en_square_style.txt");
    assert_eq!(
        (r.total, r.card_last4.as_deref(), r.date),
        (d("5.00"), Some("4242"), date(2026, 3, 3))
    );
    assert_eq!(r.time, NaiveTime::from_hms_opt(10, 15, 0));
    assert_eq!(r.merchant.as_deref(), Some("Blue Bottle Coffee"));
    assert_eq!(r.merchant_city.as_deref(), Some("Oakland"));
    assert_eq!(r.auth_code, s("123456"));
    // German bakery: "3,20 €" with the sign after; cash and change ignored.
    let r = one("de_bakery_euro_after.txt");
    assert_eq!(r.total, d("3.20"));
    assert_eq!(r.currency.unwrap().code(), "EUR");
    assert_eq!(r.items[0].quantity, d("2"));
    assert_eq!(r.items[0].description, "Brezel");
    assert_eq!(r.merchant_city.as_deref(), Some("München"));
    // UK shop: BALANCE DUE is the total when nothing was partially approved.
    let r = one("uk_balance_due.txt");
    assert_eq!(r.total, d("2.15"));
    assert_eq!(r.items.len(), 2);
    assert_eq!(r.date, date(2026, 3, 14));
}

#[test]
fn more_notices() {
    let r = one("notice_zh_full_date.txt");
    assert_eq!(r.kind, ReceiptKind::Notice);
    // The available credit (12,345.67) is not the amount.
    assert_eq!(r.total, d("45.60"));
    assert_eq!(r.date, date(2026, 3, 12));
    assert_eq!(r.card_last4, s("6789"));
    let r = one("notice_en_declined_to.txt");
    assert_eq!(r.status, ReceiptStatus::Declined);
    assert_eq!(r.merchant.as_deref(), Some("Comcast"));
    assert_eq!(r.total, d("45.00"));
}
