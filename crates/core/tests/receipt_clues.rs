//! Clues on slips and notices that the public samples do not exercise: ambiguous
//! slashed dates (`03/07/2026`), card last 4 after a network name, merchants in brackets.

use chrono::NaiveDate;
use slipcheck_core::receipt::text::read_with;
use slipcheck_core::receipt::{ReadContext, Receipt};

fn read(text: &str, ctx: &ReadContext) -> Receipt {
    let r = read_with("slip.txt", text.as_bytes(), ctx);
    r.receipts.into_iter().next().expect("one receipt")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const NO_CURRENCY: &str = "CORNER SHOP\n03/07/2026 14:05\nSUBTOTAL 61.26\nTOTAL 64.02\nVISA ************4417\nAPPROVED\n";

#[test]
fn a_twelve_hour_clock_means_month_first() {
    let r = read("CVS/pharmacy #01234\n03/10/2026  10:09 AM\nTOTAL 23.49\nVISA ************4417\nAPPROVED\n", &ReadContext::default());
    assert_eq!(r.date, Some(day(2026, 3, 10)));
}

#[test]
fn a_us_state_and_zip_means_month_first() {
    let r = read("CVS/pharmacy #01234\nCAMBRIDGE, MA 02138\n03/10/2026 10:09\nTOTAL 23.49\nAPPROVED\n", &ReadContext::default());
    assert_eq!(r.date, Some(day(2026, 3, 10)));
}

#[test]
fn without_clues_the_other_reading_is_kept() {
    let r = read(NO_CURRENCY, &ReadContext::default());
    assert_eq!(r.date, Some(day(2026, 7, 3)), "day first without a clue");
    assert_eq!(r.date_alt, Some(day(2026, 3, 7)));
}

#[test]
fn a_slip_is_never_dated_after_the_case_date() {
    // Read with the case's date: the day-first reading (3 July) lies in the future.
    let ctx = ReadContext { reference_date: Some(day(2026, 3, 20)) };
    assert_eq!(read(NO_CURRENCY, &ctx).date, Some(day(2026, 3, 7)));
    // Read without it, then settled by the reconciler's as_of.
    let mut r = read(NO_CURRENCY, &ReadContext::default());
    r.settle_date(day(2026, 3, 20));
    assert_eq!(r.date, Some(day(2026, 3, 7)));
    assert_eq!(r.date_alt, Some(day(2026, 7, 3)));
    // Both readings in the past: nothing to settle.
    let mut r = read(NO_CURRENCY, &ReadContext::default());
    r.settle_date(day(2026, 12, 1));
    assert_eq!(r.date, Some(day(2026, 7, 3)));
}

#[test]
fn an_unambiguous_date_has_no_alternative() {
    let r = read("SHOP\n27/02/2026 20:41\nTOTAL 9.99\n", &ReadContext::default());
    assert_eq!(r.date, Some(day(2026, 2, 27)));
    assert_eq!(r.date_alt, None);
}

#[test]
fn network_name_then_last_four_on_e_receipts() {
    for line in ["Visa 4417 (Contactless)", "Visa •••• 4417", "MASTERCARD xx4417", "Paid with AMEX ...4417"] {
        let r = read(&format!("Blue Bottle Coffee\nTotal $8.75\n{line}\nMar 2, 2026 at 8:02 AM\n"), &ReadContext::default());
        assert_eq!(r.card_last4.as_deref(), Some("4417"), "{line}");
    }
    // A date after the network name is not a card number.
    let r = read("SHOP\nVISA 2026/03/02\nTOTAL 5.00\n", &ReadContext::default());
    assert_eq!(r.card_last4, None);
}

#[test]
fn a_bracketed_merchant_after_the_action_in_a_chinese_notice() {
    let r = slipcheck_core::receipt::notice::read("sms.txt", "【工商银行】您尾号0093卡11月2日12:31快捷支付支出(财付通-美团外卖)45.80元。".as_bytes());
    let n = &r.receipts[0];
    assert_eq!(n.merchant.as_deref(), Some("财付通-美团外卖"));
    assert_eq!(n.total.map(|t| t.to_string()).as_deref(), Some("45.80"));
    assert_eq!(n.card_last4.as_deref(), Some("0093"));
}

#[test]
fn the_rate_line_says_which_dcc_amount_is_which() {
    // Both amounts carry the same label; "1 GBP = 1.1530 EUR" tells them apart.
    let slip = "HARRODS\n10/04/26 16:44\nSALE\nTRANSACTION AMOUNT        GBP 295.00\n   CURRENCY CONVERSION\nEXCHANGE RATE    1 GBP = 1.1530 EUR\nINCLUDES 3.50% MARGIN OVER ECB RATE\nTRANSACTION AMOUNT        EUR 340.14\nI HAVE CHOSEN TO PAY IN EUR.\nAPPROVED\n";
    let r = read(slip, &ReadContext::default());
    let dcc = r.dcc.expect("a DCC block");
    assert_eq!(dcc.transaction_amount.map(|a| a.to_string()).as_deref(), Some("295.00"));
    assert_eq!(dcc.transaction_currency.map(|c| c.code().to_string()).as_deref(), Some("GBP"));
    assert_eq!(dcc.home_amount.map(|a| a.to_string()).as_deref(), Some("340.14"));
    assert_eq!(dcc.home_currency.map(|c| c.code().to_string()).as_deref(), Some("EUR"));
    assert!(dcc.accepted);
    assert_eq!(r.total.map(|a| a.to_string()).as_deref(), Some("340.14"));
}

#[test]
fn german_dcc_acceptance() {
    let slip = "SBB CFF FFS\n15.04.2026 07:51\nWährungsumrechnung (DCC)\nBetrag CHF 55.00\nKurs 1 CHF = 1.0709 EUR\ninkl. 3.00% Aufschlag auf EZB-Kurs\nBetrag EUR 58.90\nWährung EUR vom Karteninhaber gewählt\nGENEHMIGT\n";
    let dcc = read(slip, &ReadContext::default()).dcc.expect("a DCC block");
    assert!(dcc.accepted);
    assert_eq!(dcc.transaction_currency.map(|c| c.code().to_string()).as_deref(), Some("CHF"));
}

#[test]
fn app_page_titles_and_payment_channels_are_not_part_of_the_name() {
    let r = read("滴滴出行 行程详情\n快车 · 2025-09-26 19:30\n支付失败\n应付金额 ¥38.60\n支付方式 招商银行信用卡(8812)\n", &ReadContext::default());
    assert_eq!(r.merchant.as_deref(), Some("滴滴出行"));
    let n = slipcheck_core::receipt::notice::read("sms.txt", "【招商银行】您账户8812于09月10日08:44在【财付通-12306】快捷支付221.50元，可用余额12,840.33元。".as_bytes());
    let n = &n.receipts[0];
    assert_eq!(n.merchant.as_deref(), Some("财付通-12306"));
    assert_eq!(n.card_last4.as_deref(), Some("8812"));
    assert_eq!(n.total.map(|t| t.to_string()).as_deref(), Some("221.50"));
}

#[test]
fn a_spanish_slip_is_a_receipt() {
    let slip = "EL CORTE INGLES\nC/ PRECIADOS 3\n28013 MADRID\n\n09/06/2026 13:02\nVENTA\nTARJETA ************6043\nMASTERCARD\nIMPORTE                  30,00 EUR\nAUT. 448021\nOPERACION APROBADA\nCOPIA CLIENTE\n";
    assert_eq!(slipcheck_core::sniff("r03.txt", slip.as_bytes()), slipcheck_core::Format::ReceiptText);
    let r = read(slip, &ReadContext::default());
    assert_eq!(r.total.map(|t| t.to_string()).as_deref(), Some("30.00"));
    assert_eq!(r.currency.map(|c| c.code().to_string()).as_deref(), Some("EUR"));
    assert_eq!(r.date, Some(day(2026, 6, 9)));
    assert_eq!(r.card_last4.as_deref(), Some("6043"));
    assert_eq!(r.auth_code.as_deref(), Some("448021"));
    assert_eq!(r.status, slipcheck_core::receipt::ReceiptStatus::Approved);
    let declined = read("BAR PEPE\n10/06/2026 22:10\nTARJETA ************6043\nIMPORTE 18,50 EUR\nOPERACION DENEGADA\n", &ReadContext::default());
    assert_eq!(declined.status, slipcheck_core::receipt::ReceiptStatus::Declined);
    let refund = read("FNAC\n12/06/2026 10:00\nREMBOURSEMENT\nCARTE ************6043\nMONTANT 24,99 EUR\n", &ReadContext::default());
    assert_eq!(refund.kind, slipcheck_core::receipt::ReceiptKind::Refund);
}

#[test]
fn the_name_sits_above_a_european_street_line_not_above_an_item_line() {
    let ah = "ALBERT HEIJN 1403\nFerdinand Bolstraat 70\nAmsterdam\n\n    AANTAL  OMSCHRIJVING      BEDRAG\n       1    Bananen             1,89\nTOTAAL                         54,85\nDatum 03/05/2026 17:42\n";
    assert_eq!(read(ah, &ReadContext::default()).merchant.as_deref(), Some("ALBERT HEIJN 1403"));
    let cafe = "CAFE DE JAREN\nNieuwe Doelenstraat 20\nAmsterdam\n\nTafel 9\n2x Bitterballen          15,00\nTotaal                   28,50 EUR\nDatum 15/05/2026 21:05\n";
    assert_eq!(read(cafe, &ReadContext::default()).merchant.as_deref(), Some("CAFE DE JAREN"));
}

#[test]
fn a_japanese_slip_in_yen() {
    let slip = "ローソン 新宿三丁目店\n東京都新宿区新宿3-1-1\n\n2025年11月02日(日) 19:41\nおにぎり 鮭              ¥180\nビール                   ¥400\n合計                   ¥1,380\n(内消費税等             ¥118)\nクレジット             ¥1,380\nお釣り                     ¥0\n\nカード番号 ************3316\n承認番号 084412\n";
    let r = read(slip, &ReadContext::default());
    assert_eq!(r.total.map(|t| t.to_string()).as_deref(), Some("1380"));
    assert_eq!(r.currency.map(|c| c.code().to_string()).as_deref(), Some("JPY"), "¥ on a kana slip is the yen");
    assert_eq!(r.date, Some(day(2025, 11, 2)));
    assert_eq!(r.card_last4.as_deref(), Some("3316"));
    assert_eq!(r.auth_code.as_deref(), Some("084412"));
    // ¥ on a Chinese slip stays the renminbi.
    let cn = read("盒马鲜生\n2025-11-05 18:42\n合计 ¥156.30\n", &ReadContext::default());
    assert_eq!(cn.currency.map(|c| c.code().to_string()).as_deref(), Some("CNY"));
}

#[test]
fn gesamt_after_trinkgeld_is_the_total() {
    let slip = "Restaurant NOLA\nSumme 52,00\nKartenzahlung girocard\nDatum 07.03.2026 Uhrzeit 20:55\nBetrag EUR 52,00\nTrinkgeld EUR 5,00\nGesamt EUR 57,00\nZahlung erfolgt\n";
    let r = read(slip, &ReadContext::default());
    assert_eq!(r.total.map(|t| t.to_string()).as_deref(), Some("57.00"));
    assert_eq!(r.tip.map(|t| t.to_string()).as_deref(), Some("5.00"));
}

#[test]
fn balance_to_pay_is_a_total_label() {
    let slip = "TRADER JOE'S #706\n1840 N CLYBOURN AVE\nCHICAGO IL 60614\nBANANAS 0.99\nSALMON FILLET 11.49\nITEMS 11     Balance to pay    67.15\nVisa                           67.15\n**** **** **** 8834\n09-10-2026  17:32\n";
    assert_eq!(slipcheck_core::sniff("tj.txt", slip.as_bytes()), slipcheck_core::Format::ReceiptText);
    let r = read(slip, &ReadContext::default());
    assert_eq!(r.total.map(|t| t.to_string()).as_deref(), Some("67.15"));
    assert_eq!(r.date, Some(day(2026, 9, 10)), "month first: a US state and ZIP");
}
