//! What is this file? Decided from its content, never its name: a `.xls` that
//! is really CSV text, an `.STA` that is MT940, a `.txt` that is an SMS — all
//! exist in the wild.
//!
//! ```
//! use slipcheck_core::{sniff, Format};
//! assert_eq!(sniff("x.xls", b"OFXHEADER:100\nDATA:OFXSGML\n<OFX>"), Format::Ofx);
//! assert_eq!(sniff("a.txt", b"!Type:CCard\nD1/22'26\nT-77.99\n^\n"), Format::Qif);
//! ```

use crate::text;
use serde::{Deserialize, Serialize};

/// The formats Slipcheck reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    #[serde(rename = "ofx")]
    Ofx,
    #[serde(rename = "qif")]
    Qif,
    /// ISO 20022 camt.052 / 053 / 054.
    #[serde(rename = "camt")]
    Camt,
    /// SWIFT MT940 / MT942.
    #[serde(rename = "mt940")]
    Mt940,
    /// Delimited text from a bank, card issuer or merchant system.
    #[serde(rename = "csv")]
    Csv,
    /// Alipay (支付宝) bill.
    #[serde(rename = "alipay")]
    Alipay,
    /// WeChat Pay (微信支付) bill.
    #[serde(rename = "wechat")]
    Wechat,
    /// An Excel workbook (XLSX, legacy XLS, ODS), or the HTML table /
    /// SpreadsheetML 2003 XML that web banking saves with an `.xls` name.
    #[serde(rename = "xlsx")]
    Spreadsheet,
    #[serde(rename = "receipt-text")]
    ReceiptText,
    #[serde(rename = "receipt-html")]
    ReceiptHtml,
    #[serde(rename = "receipt-pdf")]
    ReceiptPdf,
    #[serde(rename = "receipt-image")]
    ReceiptImage,
    /// A bank SMS / push / e-mail notice of a card transaction.
    #[serde(rename = "notice")]
    Notice,
    #[serde(rename = "unknown")]
    Unknown,
}

/// The broad role of a file in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Statement,
    Receipt,
    Unknown,
}

impl Format {
    pub fn kind(self) -> DocumentKind {
        use Format::*;
        match self {
            Ofx | Qif | Camt | Mt940 | Csv | Alipay | Wechat | Spreadsheet => DocumentKind::Statement,
            ReceiptText | ReceiptHtml | ReceiptPdf | ReceiptImage | Notice => DocumentKind::Receipt,
            Unknown => DocumentKind::Unknown,
        }
    }

    /// The name used in JSON and in the UI ("receipt-text", "ofx", …).
    pub fn as_str(self) -> &'static str {
        use Format::*;
        match self {
            Ofx => "ofx",
            Qif => "qif",
            Camt => "camt",
            Mt940 => "mt940",
            Csv => "csv",
            Alipay => "alipay",
            Wechat => "wechat",
            Spreadsheet => "xlsx",
            ReceiptText => "receipt-text",
            ReceiptHtml => "receipt-html",
            ReceiptPdf => "receipt-pdf",
            ReceiptImage => "receipt-image",
            Notice => "notice",
            Unknown => "unknown",
        }
    }
}

/// Sniffs a file's format from its bytes. `_name` is accepted for callers'
/// convenience and deliberately ignored.
pub fn sniff(_name: &str, bytes: &[u8]) -> Format {
    if let Some(f) = sniff_binary(bytes) {
        return f;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let decoded = text::decode(head, None);
    sniff_text(&decoded.text)
}

fn sniff_binary(b: &[u8]) -> Option<Format> {
    let starts = |m: &[u8]| b.starts_with(m);
    if starts(b"%PDF") {
        return Some(Format::ReceiptPdf);
    }
    if starts(b"\x89PNG")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF8")
        || starts(b"BM")
        || (b.len() > 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP")
        || (b.len() > 12 && &b[4..8] == b"ftyp" && matches!(&b[8..12], b"heic" | b"heix" | b"mif1" | b"avif"))
    {
        return Some(Format::ReceiptImage);
    }
    if starts(b"PK\x03\x04") || starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some(Format::Spreadsheet);
    }
    None
}

/// Sniffs decoded text. Public so the app can sniff pasted text.
pub fn sniff_text(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}');
    let lower_head: String = t.chars().take(4096).collect::<String>().to_ascii_lowercase();
    if lower_head.contains("ofxheader") || lower_head.contains("<ofx>") || lower_head.contains("<?ofx") {
        return Format::Ofx;
    }
    if lower_head.contains("urn:iso:std:iso:20022:tech:xsd:camt.")
        || lower_head.contains("<bktocstmrstmt")
        || lower_head.contains("<bktocstmracctrpt")
        || lower_head.contains("<bktocstmrdbtcdtntfctn")
    {
        return Format::Camt;
    }
    let first_line = t.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
    let first_lower = first_line.to_ascii_lowercase();
    if first_lower.starts_with("!type:") || first_lower.starts_with("!account") || first_lower.starts_with("!option") {
        return Format::Qif;
    }
    if t.contains(":20:") && t.contains(":25:") && (t.contains(":60F:") || t.contains(":60M:") || t.contains(":61:")) {
        return Format::Mt940;
    }
    if t.contains("微信支付账单") {
        return Format::Wechat;
    }
    if t.contains("支付宝") && (t.contains("交易订单号") || t.contains("交易号")) && t.contains("交易对方") {
        return Format::Alipay;
    }
    // Web banking's "Excel" download: an HTML table or SpreadsheetML 2003
    // with an .xls name. Checked before HTML e-receipts; an e-receipt has
    // one date, a statement table a column of them.
    if (lower_head.contains("<table") || lower_head.contains("urn:schemas-microsoft-com:office:spreadsheet"))
        && crate::statement::xlsx::looks_like_table_markup(t)
    {
        return Format::Spreadsheet;
    }
    if lower_head.contains("<html") || lower_head.contains("<!doctype html") || is_email(t) {
        return Format::ReceiptHtml;
    }
    if is_ocr_box_csv(t) {
        return Format::ReceiptText;
    }
    // A short statement export (a CMB table with a 卡号末四位 column and a few
    // rows) carries a notice's words; a table of 3+ lines is not a notice.
    if is_notice(t) && !(t.lines().filter(|l| !l.trim().is_empty()).count() >= 3 && is_delimited_table(t)) {
        return Format::Notice;
    }
    if is_delimited_table(t) {
        return Format::Csv;
    }
    if looks_like_receipt(t) {
        return Format::ReceiptText;
    }
    Format::Unknown
}

fn is_email(t: &str) -> bool {
    let head: Vec<&str> = t.lines().take(40).collect();
    let has = |k: &str| head.iter().any(|l| l.get(..k.len()).is_some_and(|p| p.eq_ignore_ascii_case(k)));
    has("From:") && (has("Subject:") || has("MIME-Version:") || has("Content-Type:"))
}

/// SROIE-style OCR output: eight box coordinates, then the text of the line.
fn is_ocr_box_csv(t: &str) -> bool {
    let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    lines.len() >= 3
        && lines.iter().all(|l| {
            let parts: Vec<&str> = l.splitn(9, ',').collect();
            parts.len() == 9 && parts[..8].iter().all(|p| p.trim().parse::<i64>().is_ok())
        })
}

/// A short message about one card transaction: SMS, push or notification text.
fn is_notice(t: &str) -> bool {
    let trimmed = t.trim();
    if trimmed.chars().count() > 600 || trimmed.lines().filter(|l| !l.trim().is_empty()).count() > 8 {
        return false;
    }
    let lower = trimmed.to_lowercase();
    let card_ref = ["尾号", "末四位", "ending in", "ending ", "card ending", "card x", "card *"]
        .iter()
        .any(|k| lower.contains(k));
    let money_verb = [
        "消费", "支出", "退款", "退货", "存入", "预授权", "charged", "purchase", "spent", "debited", "refund", "transaction",
        "authoriz", "declined",
    ]
    .iter()
    .any(|k| lower.contains(k));
    card_ref && money_verb
}

/// A table: most non-empty lines split into the same number (≥ 3) of fields by
/// one delimiter.
fn is_delimited_table(t: &str) -> bool {
    let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).take(200).collect();
    if lines.len() < 2 {
        return false;
    }
    for delim in [',', ';', '\t', '|'] {
        let mut counts = std::collections::HashMap::new();
        for l in &lines {
            // Delimiters inside quotes ("3,280.00") do not split fields.
            let mut quoted = false;
            let n = l
                .chars()
                .filter(|&c| {
                    if c == '"' {
                        quoted = !quoted;
                    }
                    c == delim && !quoted
                })
                .count();
            if n >= 2 {
                *counts.entry(n).or_insert(0usize) += 1;
            }
        }
        if let Some((_, &best)) = counts.iter().max_by_key(|(_, c)| **c) {
            // Preambles (titles, account lines) are allowed; the table is the bulk.
            if best >= 2 && best * 2 >= lines.len() {
                return true;
            }
        }
    }
    false
}

fn looks_like_receipt(t: &str) -> bool {
    let upper = t.to_uppercase();
    [
        "TOTAL", "AMOUNT", "APPROVED", "DECLINED", "MERCHANT", "SUBTOTAL", "SALE", "RECEIPT", "SUMME", "合计", "总计", "金额",
        "签购单", "商户名称", "交易类型", "实付", "应付",
    ]
    .iter()
    .any(|k| upper.contains(k))
        // Slips and notices in other wordings (Betrag, Totaal, "was used for"):
        // ask the receipt reader whether it finds a labelled total.
        || crate::receipt::text::looks_like_receipt(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_not_name() {
        assert_eq!(sniff("statement.ofx", b"Date,Description,Amount\n2026-01-02,Coffee,-3.50\n2026-01-03,Tea,-2.00\n"), Format::Csv);
        assert_eq!(sniff("a.csv", b"\x89PNG\r\n\x1a\n...."), Format::ReceiptImage);
        assert_eq!(sniff("x", b"%PDF-1.7"), Format::ReceiptPdf);
    }

    #[test]
    fn quoted_amounts_do_not_break_a_table() {
        let t = "招商银行信用卡交易明细\n交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额\n10/28,10/29,携程,\"3,280.00\",3316,\"3,280.00(CN)\"\n11/02,11/03,LAWSON,68.27,3316,\"1,380.00(JP)\"\n11/04,11/05,BIC,\"1,512.60\",3316,\"1,512.60(JP)\"\n";
        assert_eq!(sniff_text(t), Format::Csv);
    }

    #[test]
    fn notices_in_both_languages() {
        assert_eq!(sniff_text("【招商银行】您尾号5290的卡于07月05日23:04在支付宝-京东商城消费人民币297.70元。"), Format::Notice);
        assert_eq!(sniff_text("Chase: Your card ending 1234 was charged USD 42.50 at BLUE BOTTLE on 03/02."), Format::Notice);
    }

    #[test]
    fn receipts_and_unknowns() {
        assert_eq!(sniff_text("ZUNI CAFE\nSALE\nTOTAL  $150.57\nAPPROVED"), Format::ReceiptText);
        assert_eq!(sniff_text("hello world"), Format::Unknown);
        assert_eq!(Format::ReceiptText.kind(), DocumentKind::Receipt);
        assert_eq!(Format::Mt940.kind(), DocumentKind::Statement);
    }

    #[test]
    fn html_tables_statement_or_receipt() {
        // An e-receipt's item table has one date, not a column of them.
        let receipt = "<html><body><p>Order 2025-03-14</p><table><tr><td>Item</td><td>Qty</td><td>Price</td></tr>\
            <tr><td>Latte</td><td>1</td><td>$5.75</td></tr><tr><td>Croissant</td><td>1</td><td>$4.25</td></tr>\
            <tr><td>Total</td><td></td><td>$10.00</td></tr></table></body></html>";
        assert_eq!(sniff_text(receipt), Format::ReceiptHtml);
        let statement = "<html><table><tr><th>Date</th><th>Description</th><th>Amount</th></tr>\
            <tr><td>2025-03-01</td><td>A</td><td>-1.00</td></tr><tr><td>2025-03-02</td><td>B</td><td>-2.00</td></tr>\
            <tr><td>2025-03-03</td><td>C</td><td>3.00</td></tr></table></html>";
        assert_eq!(sniff("x.html", statement.as_bytes()), Format::Spreadsheet);
        let sml = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>";
        assert_eq!(sniff_text(sml), Format::Spreadsheet);
    }

    #[test]
    fn sroie_box_csv_is_a_receipt() {
        let t = "72,25,326,25,326,64,72,64,TAN WOON YANN\n50,82,440,82,440,121,50,121,BOOK TA .K(TAMAN DAYA) SDN BND\n205,121,285,121,285,139,205,139,789417-W\n";
        assert_eq!(sniff_text(t), Format::ReceiptText);
    }
}

#[cfg(test)]
mod regression {
    use super::*;

    /// Byte-slicing a line of Chinese text at an ASCII length panicked once.
    #[test]
    fn email_check_on_multibyte_text_does_not_panic() {
        assert_eq!(sniff_text("您尾号1234的卡于03月02日14:05消费人民币88.50元"), Format::Notice);
        let _ = sniff_text("交易交易交易交易\n交易交易\n");
    }
}
