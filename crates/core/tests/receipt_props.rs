//! No panic on arbitrary input, and what comes out is well formed: every
//! confidence in 0..1, every source line inside the input, totals never
//! negative, and a text always yields at least one record.

use proptest::prelude::*;
use slipcheck_core::receipt::{self, text, ReceiptRead};
use slipcheck_core::Format;

fn check(read: &ReceiptRead, n_lines: usize) -> Result<(), TestCaseError> {
    for r in &read.receipts {
        for (k, c) in &r.confidence {
            prop_assert!((0.0..=1.0).contains(c), "{k} confidence {c}");
        }
        for (k, l) in &r.lines {
            prop_assert!(
                *l >= 1 && (*l as usize) <= n_lines.max(1) + 1,
                "{k} line {l} of {n_lines}"
            );
        }
        if let Some(t) = r.total {
            prop_assert!(t >= rust_decimal::Decimal::ZERO);
        }
        if let Some(l4) = &r.card_last4 {
            prop_assert!(l4.len() == 4 && l4.chars().all(|c| c.is_ascii_digit()));
        }
    }
    Ok(())
}

/// Pieces of real slips, so random mixes reach deep into the reader.
const PIECES: &[&str] = &[
    "TOTAL",
    "$",
    "£",
    "¥",
    "RMB",
    "USD",
    "1,024.80",
    "12,34",
    "0O",
    "l1",
    "S5",
    "金额",
    "小费",
    "总计",
    "合计",
    "实付",
    "尾号",
    "的卡于",
    "07月05日",
    "23:04",
    "消费人民币",
    "元",
    "Your card ending ",
    "was charged",
    " at ",
    " on ",
    "03/02/2026",
    "2025/05/0119:58:33",
    "************",
    "6222 **** **** ",
    "1234",
    "VOID",
    "撤销",
    "退货",
    "预授权完成",
    "DECLINED",
    "应答码:",
    "68",
    "05",
    "冲正不成功",
    "故障单",
    "CURRENCY CONVERSION",
    "EXCH RATE 1 EUR = ",
    "1.1520",
    "MARKUP 3.50%",
    "I ACCEPT",
    "ROUNDING",
    "-0.01",
    "CASH",
    "CHANGE",
    "\n",
    "\n",
    "  ",
    ":",
    "(",
    ")",
    "（",
    "：",
    "原凭证号",
    "ORIG RRN:",
    "AID: A000000003",
    "TVR: ",
    "RRN: ",
    "重打印",
    "CUSTOMER COPY",
    "<td>",
    "</tr>",
    "&pound;",
    "&#",
    "=?UTF-8?B?",
    "=3D",
    "%",
    "-",
    "年",
    "月",
    "日",
];

fn slipish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(str::to_string),
            "\\PC{0,6}"
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn text_read_never_panics(s in "\\PC*") {
        let r = text::read("x.txt", s.as_bytes());
        prop_assert!(!r.receipts.is_empty() || !r.diagnostics.is_empty());
        check(&r, s.lines().count())?;
    }

    #[test]
    fn slip_fragments_never_panic(s in slipish()) {
        let r = text::read("x.txt", s.as_bytes());
        prop_assert!(!r.receipts.is_empty());
        check(&r, s.lines().count())?;
        for f in [Format::Notice, Format::ReceiptHtml, Format::ReceiptPdf] {
            let r = receipt::read(f, "x", s.as_bytes());
            check(&r, s.lines().count().max(64))?;
        }
        let lines: Vec<text::TextLine> = s.lines().enumerate().map(|(i, l)| text::TextLine::new(l, (i % 10) as f32 / 9.0)).collect();
        check(&text::read_lines("x.jpg", &lines), lines.len())?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..2000)) {
        for f in [Format::ReceiptText, Format::Notice, Format::ReceiptHtml, Format::ReceiptPdf] {
            let _ = receipt::read(f, "x", &b);
        }
        let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Length 10 /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend_from_slice(&b);
        pdf.extend_from_slice(b"\nendstream\nendobj\n2 0 obj\n<< >>\nstream\nBT (");
        pdf.extend_from_slice(&b);
        let _ = receipt::pdf::read("x.pdf", &pdf);
    }
}
