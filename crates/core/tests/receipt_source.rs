//! A receipt keeps the text of the lines its fields were read from, so a
//! pairing can be explained with the slip's own words; a card number printed
//! in full on such a line is kept masked.

use slipcheck_core::receipt::{read, ReceiptRead};
use slipcheck_core::Format;

fn slip(text: &str) -> ReceiptRead {
    read(Format::ReceiptText, "slip.txt", text.as_bytes())
}

#[test]
fn each_field_line_is_kept_with_its_text() {
    let r = slip("BLUE BOTTLE COFFEE\nDATE: 03/04/2026 08:15\nVISA 4111 1111 1111 1111\nSUBTOTAL 7.50\nTIP 1.50\nTOTAL 9.00\nAPPROVED\n");
    let r = &r.receipts[0];
    assert_eq!(r.total.map(|d| d.to_string()).as_deref(), Some("9.00"));
    let at = |n: u32| r.source.iter().find(|l| l.line == n).map(|l| l.text.as_str()).unwrap();
    assert_eq!(at(r.lines["total"]), "TOTAL 9.00");
    assert_eq!(at(r.lines["tip"]), "TIP 1.50");
    // Every line named by a field, once, in order, and nothing else.
    let named: Vec<u32> = r.lines.values().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    assert_eq!(r.source.iter().map(|l| l.line).collect::<Vec<_>>(), named);
    // The card line keeps only the last 4 digits.
    let card = at(r.lines["card_last4"]);
    assert!(!card.contains("4111 1111 1111 1111"), "{card}");
    assert!(card.ends_with("1111") && card.contains('*'), "{card}");
}

#[test]
fn a_notice_keeps_its_line() {
    let r = read(Format::Notice, "sms.txt", "【招商银行】您尾号5290的信用卡03月02日14:05在星巴克消费人民币88.50元。".as_bytes());
    let r = &r.receipts[0];
    assert_eq!(r.source[0].line, 1);
    assert_eq!(r.source[0].text, "【招商银行】您尾号5290的信用卡03月02日14:05在星巴克消费人民币88.50元。");
}

/// The app's worker sends the report to the page as JSON, where a receipt is
/// flattened into its case record: it must read back whole.
#[test]
fn a_report_with_source_lines_reads_back() {
    use slipcheck_core::reconcile::{check, CheckOptions, CheckReport};
    let doc = slipcheck_core::parse_document("slip.txt", b"BLUE BOTTLE COFFEE\nDATE: 03/04/2026\nTOTAL 9.00\nAPPROVED\n");
    let report = check(&[doc], &CheckOptions::default());
    assert!(!report.receipts[0].receipt.source.is_empty());
    let json = serde_json::to_string(&report).unwrap();
    let back: CheckReport = serde_json::from_str(&json).expect("the report reads back");
    assert_eq!(back.receipts, report.receipts);
}
