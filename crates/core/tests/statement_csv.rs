//! Delimited-text statements: every public bank CSV and Chinese bill fixture,
//! field by field, and every CSV statement of the scenario cases.
//!
//! Expected values were read off the fixture files by hand (and the totals
//! re-added independently with a throwaway Python `csv` script), not copied
//! from the reader's output. Sign convention: negative = money out of the
//! account; card exports with positive purchases (CMB, CGB) are negated.

use rust_decimal::Decimal;
use slipcheck_core::diag::Severity;
use slipcheck_core::sniff::{sniff, Format};
use slipcheck_core::statement::{self, AccountKind, StatementRead, Transaction, TxKind, TxOutcome, TxStatus};
use std::path::Path;
use std::str::FromStr;

fn data(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel)
}

fn read(rel: &str) -> (Format, StatementRead) {
    let path = data(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let format = sniff(&name, &bytes);
    (format, statement::read(format, &name, &bytes))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn day(s: Option<&str>) -> Option<chrono::NaiveDate> {
    s.map(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

/// One transaction, field by field.
#[allow(clippy::too_many_arguments)]
fn check(
    t: &Transaction,
    date: Option<&str>,
    posted: Option<&str>,
    amount: &str,
    currency: &str,
    description: &str,
    status: TxStatus,
    kind: TxKind,
) {
    assert_eq!(t.date, day(date), "date of {t:?}");
    assert_eq!(t.posted, day(posted), "posted of {t:?}");
    assert_eq!(t.amount, d(amount), "amount of {t:?}");
    assert_eq!(t.currency.code(), currency, "currency of {t:?}");
    assert_eq!(t.description, description, "description of {t:?}");
    assert_eq!(t.status, status, "status of {t:?}");
    assert_eq!(t.kind, kind, "kind of {t:?}");
}

fn total(r: &StatementRead) -> Decimal {
    r.transactions.iter().map(|t| t.amount).sum()
}

fn total_in(r: &StatementRead, cur: &str) -> Decimal {
    r.transactions.iter().filter(|t| t.currency.code() == cur).map(|t| t.amount).sum()
}

fn no_errors(r: &StatementRead) {
    let errs: Vec<_> = r.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errs.is_empty(), "errors: {errs:?}");
}

fn no_diagnostics(r: &StatementRead) {
    assert!(r.diagnostics.is_empty(), "diagnostics: {:?}", r.diagnostics);
}

fn first_last(r: &StatementRead) -> (&Transaction, &Transaction) {
    (r.transactions.first().unwrap(), r.transactions.last().unwrap())
}

// ---------------------------------------------------------------- bankcsv

#[test]
fn dkb_old_card_latin1_semicolon() {
    // Windows-1252, ';', two-digit years "20.02.18", decimal comma, header once + one row.
    let (f, r) = read("public/bankcsv/1234-20180227.CSV");
    assert_eq!(f, Format::Csv);
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 1);
    let t = &r.transactions[0];
    check(t, Some("2018-02-20"), Some("2018-02-20"), "-5.00", "EUR", "AMREST STARBUCKS DE 08007263333  DE", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(t.card_last4.as_deref(), Some("2443"), "the card number is kept as its last 4 only");
    assert_eq!(t.id, "05100000000", "Buchungsreferenz is the id");
    assert_eq!(r.accounts[0].kind, AccountKind::Card);
    assert_eq!(total(&r), d("-5.00"));
}

#[test]
fn n26_german_headers() {
    let (_, r) = read("public/bankcsv/20171001-20171106.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 1);
    let t = &r.transactions[0];
    check(t, Some("2017-10-01"), None, "-59.99", "EUR", "NINTENDO OF EUROPE", TxStatus::Booked, TxKind::Purchase);
    // Fremdwährung EUR at rate 1.0 is not a foreign amount.
    assert_eq!(t.original_amount, None);
    assert_eq!(total(&r), d("-59.99"));
}

#[test]
fn bunq_quoted_decimal_comma_with_refunds() {
    let (_, r) = read("public/bankcsv/2019-03-02_11-50-46_bunq-statement.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 7);
    let (a, b) = first_last(&r);
    check(a, Some("2018-12-06"), None, "-8.78", "EUR", "CLOUDFLARE 650-3198939, US 9.95 USD, 1 USD = 0.88241 EUR", TxStatus::Booked, TxKind::Other);
    check(b, Some("2018-12-17"), None, "-7.99", "EUR", "NETFLIX.COM 14087249160, NL", TxStatus::Booked, TxKind::Other);
    let refund = &r.transactions[2];
    assert_eq!((refund.amount, refund.kind), (d("8.78"), TxKind::Refund));
    assert_eq!(total(&r), d("-23.82"));
}

#[test]
fn monzo_iso_timestamp() {
    let (_, r) = read("public/bankcsv/MonzoDataExport_February2018_2018-02-26_174335.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 1);
    let t = &r.transactions[0];
    check(t, Some("2018-02-25"), None, "-10", "GBP", "Tesco", TxStatus::Booked, TxKind::Other);
    assert_eq!(t.id, "tx_00009TziTeST1NG1ZWIPGS");
    assert_eq!(t.references.time.unwrap().to_string(), "12:34:56");
}

#[test]
fn revolut_fee_aware_balances() {
    let (_, r) = read("public/bankcsv/Revolut_EUR_Sample.csv");
    // The running balance includes the 0.15 fee: no mismatch warning.
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 7);
    let (a, b) = first_last(&r);
    check(a, Some("2025-01-01"), Some("2025-01-01"), "1000.00", "EUR", "Payment from Bank Account", TxStatus::Booked, TxKind::Transfer);
    check(b, Some("2025-04-01"), Some("2025-04-02"), "-13.86", "EUR", "Subscription Service", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(r.transactions[3].kind, TxKind::Cash, "ATM row");
    assert_eq!(r.accounts[0].opening_balance, Some(d("0.00")));
    assert_eq!(r.accounts[0].closing_balance, Some(d("575.74")));
    // The fee is folded into the line it was charged on (line 6: -50.25 with
    // a 0.15 fee is 50.40 out of the account) and stays visible beside it,
    // so the amounts add up to the closing balance.
    let fee_line = &r.transactions[4];
    assert_eq!(fee_line.source.line, Some(6));
    assert_eq!(fee_line.amount, d("-50.40"));
    assert_eq!(fee_line.references.fee, Some(d("0.15")));
    assert_eq!(r.transactions[3].references.fee, None, "a 0.00 fee is no fee");
    assert_eq!(total(&r), d("575.74"));
}

#[test]
fn capital_one_debit_credit_columns() {
    let (_, r) = read("public/bankcsv/capitalone.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 2);
    let (a, b) = first_last(&r);
    // Purchases are in the Debit column as positive numbers: money out.
    check(a, Some("2015-12-31"), Some("2016-01-02"), "-1000.00", "USD", "Airplanes R Us", TxStatus::Booked, TxKind::Purchase);
    check(b, Some("2015-12-31"), Some("2016-01-02"), "1000.00", "USD", "CAPITAL ONE AUTOPAY PYMT", TxStatus::Booked, TxKind::Payment);
    assert_eq!(a.card_last4.as_deref(), Some("1234"));
    assert_eq!(total(&r), d("0"));
}

#[test]
fn kbc_card_semicolon_decimal_comma() {
    let (_, r) = read("public/bankcsv/export_KBC-Mastercard Business Essential_20200204_1604.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 3);
    let (a, b) = first_last(&r);
    check(a, Some("2020-02-01"), Some("2020-02-03"), "-16.52", "EUR", "More info", TxStatus::Booked, TxKind::Purchase);
    check(b, Some("2020-01-01"), Some("2020-01-02"), "-16.52", "EUR", "More info", TxStatus::Booked, TxKind::Purchase);
    let pay = &r.transactions[1];
    assert_eq!((pay.amount, pay.kind, pay.card_last4.as_deref()), (d("35.77"), TxKind::Payment, None));
    assert_eq!(a.card_last4.as_deref(), Some("3456"), "full PAN in the file, last 4 kept");
    assert_eq!(total(&r), d("2.73"));
}

#[test]
fn paypal_pending_and_currencies() {
    let (_, r) = read("public/bankcsv/test.csv");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 6);
    let (a, b) = first_last(&r);
    check(a, Some("2020-05-15"), None, "-18.99", "GBP", "ETERNITY INTERNATIONAL TRADING LIMITED", TxStatus::Booked, TxKind::Purchase);
    check(b, Some("2020-05-15"), None, "12.71", "USD", "General Currency Conversion", TxStatus::Booked, TxKind::Transfer);
    assert_eq!(r.transactions[1].status, TxStatus::Pending);
    assert_eq!(r.transactions[3].status, TxStatus::Pending);
    assert_eq!(total_in(&r, "GBP"), d("0"));
    assert_eq!(total_in(&r, "USD"), d("0"));
}

#[test]
fn ubs_apostrophe_thousands() {
    let (_, r) = read("public/bankcsv/ubs-ch-fr_trimmed.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 3);
    let (a, b) = first_last(&r);
    check(a, None, None, "-10.00", "CHF", "Solde prix prestations", TxStatus::Booked, TxKind::Other);
    check(b, None, None, "-200.00", "CHF", "Ordre e-banking", TxStatus::Booked, TxKind::Other);
    assert_eq!(a.value_date, day(Some("2019-03-31")));
    assert_eq!(b.value_date, day(Some("2019-04-27")));
    assert_eq!(a.id, "A01234BC01234567", "N° de transaction");
    // 11'373.94 read as a balance: 11'373.94 + 240 = 11'613.94 − 200 = 11'413.94.
    assert_eq!(r.accounts[0].closing_balance, Some(d("11413.94")));
    assert_eq!(total(&r), d("30.00"));
}

// ---------------------------------------------------------------- cnbill

#[test]
fn alipay_gbk_preamble_and_neutral_rows() {
    let (f, r) = read("public/cnbill/example-alipay-records.csv");
    assert_eq!(f, Format::Alipay);
    no_diagnostics(&r);
    // The preamble says 66 records; the file has 10 rows.
    assert_eq!(r.transactions.len(), 10);
    let (a, b) = first_last(&r);
    check(a, Some("2023-02-12"), None, "-49.74", "CNY", "亲情卡", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.card_last4.as_deref(), Some("7449"), "交通银行信用卡(7449)");
    assert_eq!(a.references.order_id.as_deref(), Some("202302xxxxxx0011000103xxxxxx"), "tab after the id trimmed");
    assert_eq!(a.references.time.unwrap().to_string(), "21:32:14");
    check(b, Some("2023-07-10"), None, "-82.00", "CNY", "xxxx", TxStatus::Booked, TxKind::Purchase);
    // 不计收支 + 退款成功 = a refund, money in.
    let refund = &r.transactions[2];
    assert_eq!((refund.amount, refund.kind), (d("16.03"), TxKind::Refund));
    // 交易关闭 is kept with its outcome.
    assert_eq!(r.transactions[7].references.outcome, Some(TxOutcome::Closed));
    assert_eq!(r.accounts[0].kind, AccountKind::Wallet);
    // −49.74 −20 +16.03 +99.34 (卖出, money back) +222228.50 −82 (closed, neutral) +50 −50 −9.90 −82
    assert_eq!(total(&r), d("222100.23"));
}

#[test]
fn boc_debit_quoted_thousands_and_balances() {
    let (_, r) = read("public/cnbill/example-boc-records.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 17);
    let (a, b) = first_last(&r);
    check(a, None, Some("2025-08-22"), "-71.89", "CNY", "无卡支付", TxStatus::Booked, TxKind::Purchase);
    check(b, None, Some("2025-08-01"), "1000.00", "CNY", "银联入账", TxStatus::Booked, TxKind::Transfer);
    assert_eq!(r.transactions[2].kind, TxKind::Refund, "网上快捷退款");
    assert_eq!(r.transactions[7].amount, d("-2600.00"), "\"-2,600.00\"");
    assert_eq!(r.accounts[0].closing_balance, Some(d("3240.28")));
    assert_eq!(total(&r), d("426.70"));
}

#[test]
fn cgb_card_purchases_positive() {
    let (_, r) = read("public/cnbill/example-cgb_credit-records.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 4);
    let (a, b) = first_last(&r);
    check(a, Some("2025-01-05"), Some("2025-01-06"), "-15.90", "CNY", "（消费）示例商户A", TxStatus::Booked, TxKind::Purchase);
    check(b, Some("2024-12-25"), Some("2024-12-26"), "1130.68", "CNY", "（还款）云闪付 银联入账-张三", TxStatus::Booked, TxKind::Payment);
    assert_eq!((r.transactions[1].amount, r.transactions[1].kind), (d("97.20"), TxKind::Refund));
    assert_eq!(total(&r), d("824.56"));
}

#[test]
fn cmb_card_yearless_dates_from_title() {
    let (f, r) = read("public/cnbill/example-cmb-records.csv");
    assert_eq!(f, Format::Csv, "a short table with 卡号末四位 is not an SMS notice");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 6);
    let (a, b) = first_last(&r);
    // Title "2024年01月": 12/29 belongs to December 2023. Repayments have no 交易日.
    check(a, None, Some("2023-12-29"), "1.23", "CNY", "掌上生活还款", TxStatus::Booked, TxKind::Payment);
    check(b, Some("2024-01-05"), Some("2024-01-07"), "-8000.00", "CNY", "中国移动", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(b.card_last4.as_deref(), Some("1234"));
    assert_eq!(total(&r), d("-7675.98"));
}

#[test]
fn hsbc_hk_tabs_after_quotes_two_currencies() {
    let (_, r) = read("public/cnbill/example-hsbchk-credit-records.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 11);
    let (a, b) = first_last(&r);
    check(a, Some("2025-04-09"), Some("2025-04-10"), "-1099.14", "CNY", "QR       UNIONPAY MERCHANT         CHN          CN", TxStatus::Booked, TxKind::Purchase);
    check(b, Some("2025-03-20"), Some("2025-03-21"), "-179.50", "CNY", "SALES:   KFC RESTAURANT            CHN          CN", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(r.transactions[3].currency.code(), "HKD");
    assert_eq!(r.transactions[7].kind, TxKind::Refund, "RETURN:");
    assert_eq!(r.transactions[8].kind, TxKind::Payment, "PAYMENT - THANK YOU");
    assert_eq!(total_in(&r, "CNY"), d("1732.27"));
    assert_eq!(total_in(&r, "HKD"), d("-27.90"));
}

#[test]
fn icbc_padded_cells_income_expense_columns() {
    let (_, r) = read("public/cnbill/example-icbc-credit-records.csv");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 9);
    let (a, b) = first_last(&r);
    // 交易场所 (where the card was used) is the descriptor, 摘要 the line's
    // type, 对方户名 (empty here) the counterparty: layout icbc_card_named.
    check(a, Some("2023-04-22"), Some("2023-04-22"), "-0.01", "CNY", "XX旗舰店", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.counterparty, None);
    // 摘要 "********************" is a placeholder: the place names the line.
    check(b, Some("2023-03-20"), Some("2023-03-20"), "-29.45", "CNY", "广东联合电子收费股份", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(r.transactions[5].amount, d("4621.01"), "收入 column: the repayment");
    assert_eq!(r.accounts[0].last4.as_deref(), Some("5678"), "卡号: 1234****5678");
    // The 合计金额 footer is not a transaction.
    assert_eq!(total(&r), d("4257.88"));
}

#[test]
fn jd_bom_preamble_and_partial_refunds() {
    let (_, r) = read("public/cnbill/example-jd-records.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 26);
    let (a, b) = first_last(&r);
    check(a, Some("2024-12-30"), None, "-10.20", "CNY", "京东外部商户", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.counterparty.as_deref(), Some("京东物流"));
    // "235.61(已退款235.50)": the note after the number is not part of it.
    check(
        b,
        Some("2024-12-05"),
        None,
        "-235.61",
        "CNY",
        "奥科美（AOKO）U.2硬盘底座NVMe协议U2固态硬盘盒企业级u.2转USB3.2硬盘转接器 2.5/3.5英寸SATA机械硬盘通用 U3S",
        TxStatus::Booked,
        TxKind::Purchase,
    );
    assert_eq!(b.card_last4.as_deref(), Some("1341"));
    // 支出 2277.70 out; 退款成功 rows 1097.59 in; other 不计收支 rows 503.93 out.
    assert_eq!(total(&r), d("-1684.04"));
    let refunds: Decimal = r.transactions.iter().filter(|t| t.kind == TxKind::Refund).map(|t| t.amount).sum();
    assert_eq!(refunds, d("1097.59"), "matches the preamble's 不计收支 figure");
}

#[test]
fn wechat_preamble_yen_amounts_and_neutral_rows() {
    let (f, r) = read("public/cnbill/example-wechat-records.csv");
    assert_eq!(f, Format::Wechat);
    no_diagnostics(&r);
    // The preamble says 43; the file has 27 rows.
    assert_eq!(r.transactions.len(), 27);
    let (a, b) = first_last(&r);
    check(a, Some("2019-09-26"), None, "-28.16", "CNY", "总共消费:28.16", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.counterparty.as_deref(), Some("云膳过桥米线(传奇广场店)"));
    assert_eq!(a.card_last4.as_deref(), Some("1234"), "中国银行(1234)");
    check(b, Some("2024-06-07"), None, "-0.01", "CNY", "ignore-invalid-tx-types", TxStatus::Booked, TxKind::Purchase);
    // "/" product: the counterparty names the line.
    assert_eq!(r.transactions[1].description, "同性好友");
    // 支出 −2904.53; 收入 +28.49; neutral: into the wallet (来自/到零钱/转入零钱/充值) +5936.01,
    // out of it (提现, 信用卡还款, 购买理财通, 转出到银行卡) −20164.88.
    assert_eq!(total(&r), d("-17104.91"));
}

// ---------------------------------------------------------------- scenarios

/// Every CSV-like statement of the scenario cases reads with no error, and
/// its count equals MANIFEST.tsv's `lines` (the number of statement lines of
/// the case's first statement file: case-030's `lines` = 20 counts its QIF).
#[test]
fn scenario_csv_statements() {
    let root = data("scenarios/public");
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).unwrap();
    let mut checked = 0;
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (case, lines): (&str, usize) = (cols[0], cols[5].parse().unwrap());
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root.join(case).join("expected.json")).unwrap()).unwrap();
        let statements: Vec<String> =
            expected["statements"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        for (i, s) in statements.iter().enumerate() {
            let rel = format!("scenarios/public/{case}/{s}");
            let bytes = std::fs::read(data(&rel)).unwrap();
            let format = sniff(s, &bytes);
            if !matches!(format, Format::Csv | Format::Alipay | Format::Wechat) {
                continue;
            }
            let r = statement::read(format, s, &bytes);
            no_errors(&r);
            assert!(r.transactions.iter().all(|t| t.source.line.is_some()), "{rel}: lines");
            if i == 0 {
                assert_eq!(r.transactions.len(), lines, "{rel}");
            } else {
                // A second export in the case: every data row is read.
                let text = String::from_utf8_lossy(&bytes);
                let rows = text.lines().filter(|l| !l.trim().is_empty()).count() - 1;
                assert_eq!(r.transactions.len(), rows, "{rel}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 24, "CSV, Alipay and WeChat statements in the 40 cases");
}

#[test]
fn scenario_cmb_year_less_dates_span_the_period() {
    // Title "2025年06月-2025年07月": 06/20 is 2025-06-20.
    let (_, r) = read("scenarios/public/case-001/CMB_5290_20250719.csv");
    let (a, _) = first_last(&r);
    check(a, Some("2025-06-20"), Some("2025-06-21"), "-169.70", "CNY", "支付宝-天猫超市", TxStatus::Booked, TxKind::Purchase);
    let pay = r.transactions.iter().find(|t| t.description == "掌上生活还款").unwrap();
    assert_eq!((pay.date, pay.posted, pay.amount), (None, day(Some("2025-07-06")), d("3695.49")));
    assert_eq!(r.accounts[0].last4.as_deref(), Some("5290"));
}

#[test]
fn scenario_dkb_pending_and_foreign_amount() {
    let (_, r) = read("scenarios/public/case-007/25-02-2026_Umsatzliste_Visa_Kreditkarte_0314.csv");
    let (a, _) = first_last(&r);
    check(a, Some("2026-02-12"), None, "-90.00", "EUR", "ARAL STATION 281004 Frankfurt am Main DE", TxStatus::Pending, TxKind::Purchase);
    let fx = &r.transactions[1];
    assert_eq!((fx.original_amount, fx.original_currency.map(|c| c.to_string())), (Some(d("-79.44")), Some("USD".into())));
    let storno = r.transactions.iter().find(|t| t.description.starts_with("STORNO")).unwrap();
    assert_eq!((storno.amount, storno.kind), (d("60.64"), TxKind::Refund));
    assert_eq!(r.accounts[0].last4.as_deref(), Some("0314"));
    assert_eq!(r.accounts[0].closing_balance, Some(d("-434.86")));
}

#[test]
fn scenario_uk_money_out_money_in() {
    let (_, r) = read("scenarios/public/case-010/Statement_72203482_18122025-15012026.csv");
    let (a, _) = first_last(&r);
    check(a, Some("2026-01-14"), None, "-140.60", "GBP", "S PATEL DINNER", TxStatus::Booked, TxKind::Transfer);
    let salary = r.transactions.iter().find(|t| t.description.contains("SALARY")).unwrap();
    assert_eq!(salary.amount, d("3264.04"));
    assert_eq!(r.accounts[0].closing_balance, Some(d("1253.87")));
    // The balances add up in this export: no warning.
    no_diagnostics(&r);
}

#[test]
fn scenario_wechat_refund_rows() {
    let (_, r) = read("scenarios/public/case-013/wechat_bill_20260418-20260519.csv");
    let refund = r.transactions.iter().find(|t| t.description.starts_with("退款-京东商城")).unwrap();
    assert_eq!((refund.amount, refund.kind), (d("212.31"), TxKind::Refund));
    let partly = r.transactions.iter().find(|t| t.references.status_text.as_deref() == Some("已退款(¥212.31)")).unwrap();
    assert_eq!((partly.amount, partly.kind, partly.references.outcome), (d("-235.90"), TxKind::Purchase, Some(TxOutcome::PartiallyRefunded)));
    let interest = r.transactions.iter().find(|t| t.description == "零钱通-收益").unwrap();
    assert_eq!((interest.amount, interest.kind), (d("5.44"), TxKind::Interest));
}

// ---------------------------------------------------------------- diagnostics

#[test]
fn bad_rows_are_skipped_with_a_warning_naming_the_line() {
    let text = "Date,Description,Amount\n2026-01-02,Coffee,-3.50\n2026-13-45,Broken date,-1.00\n2026-01-03,Tea,abc\n2026-01-04,Cake,-4.00\n";
    let r = statement::csv::read("s.csv", text.as_bytes());
    assert_eq!(r.transactions.len(), 2);
    let lines: Vec<Option<u32>> = r.diagnostics.iter().filter(|d| d.line.is_some()).map(|d| d.line).collect();
    assert_eq!(lines, vec![Some(3), Some(4)]);
    assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Warning && d.hint.is_some()));
    // The file names no currency: said once, without a line.
    assert!(r.diagnostics.iter().any(|d| d.line.is_none() && d.message.contains("currency")));
    assert!(r.diagnostics[0].message.contains("2026-13-45"));
    assert!(r.diagnostics[1].message.contains("abc"));
}

#[test]
fn a_file_without_a_table_is_refused_with_reasons() {
    let r = statement::csv::read("notes.csv", "Name,City,Comment\nAnna,Berlin,hello\nBo,Oslo,hi\n".as_bytes());
    assert!(r.transactions.is_empty());
    let e = &r.diagnostics[0];
    assert_eq!(e.severity, Severity::Error);
    assert!(e.message.contains("3 columns"), "{}", e.message);
    assert!(e.hint.is_some());
    let r = statement::csv::read("x.csv", "just some words\nand more words\n".as_bytes());
    assert!(r.diagnostics[0].message.contains("not a table"), "{}", r.diagnostics[0].message);
}

#[test]
fn headerless_bank_csv_by_content() {
    // Wells Fargo style: no header; date, amount, *, blank, description.
    let text = "\"01/05/2026\",\"-42.50\",\"*\",\"\",\"BLUE BOTTLE COFFEE\"\n\"01/15/2026\",\"1200.00\",\"*\",\"\",\"PAYROLL ACME\"\n\"01/20/2026\",\"-9.99\",\"*\",\"\",\"NETFLIX\"\n";
    let r = statement::csv::read("wf.csv", text.as_bytes());
    no_errors(&r);
    assert_eq!(r.transactions.len(), 3);
    check(&r.transactions[0], Some("2026-01-05"), None, "-42.50", "XXX", "BLUE BOTTLE COFFEE", TxStatus::Booked, TxKind::Other);
    assert_eq!(r.transactions[2].date, day(Some("2026-01-20")));
}

#[test]
fn card_export_with_positive_purchases_is_negated_without_a_layout() {
    // Unknown issuer, no layout: repayments negative, purchases positive.
    let text = "Date,Merchant,Amount\n2026-02-01,GROCER,45.10\n2026-02-03,Payment Thank You,-300.00\n2026-02-05,CAFE,4.20\n";
    let r = statement::csv::read("card.csv", text.as_bytes());
    let amounts: Vec<Decimal> = r.transactions.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, vec![d("-45.10"), d("300.00"), d("-4.20")]);
}

#[test]
fn ids_are_unique_and_stable() {
    let text = "Date,Description,Amount\n2026-01-02,Coffee,-3.50\n2026-01-02,Coffee,-3.50\n";
    let a = statement::csv::read("a.csv", text.as_bytes());
    assert_ne!(a.transactions[0].id, a.transactions[1].id, "two identical purchases stay two");
    // The same lines in a longer export keep their ids.
    let longer = "Date,Description,Amount\n2026-01-01,Bread,-2.00\n2026-01-02,Coffee,-3.50\n2026-01-02,Coffee,-3.50\n";
    let b = statement::csv::read("b.csv", longer.as_bytes());
    assert_eq!(a.transactions[0].id, b.transactions[1].id);
    assert_eq!(a.transactions[1].id, b.transactions[2].id);
}

// ---------------------------------------------------------------- merchant exports
// Samples written for this project (tests/data/own/csv/) with the published
// column names of each export; values invented, read back here by hand.

#[test]
fn stripe_payments_export() {
    let (f, r) = read("own/csv/stripe_payments.csv");
    assert_eq!(f, Format::Csv);
    no_diagnostics(&r);
    assert_eq!(r.accounts[0].kind, AccountKind::Merchant);
    assert_eq!(r.accounts[0].institution.as_deref(), Some("Stripe"));
    assert_eq!(r.transactions.len(), 4);
    let (a, b) = first_last(&r);
    // A sale is money in for the merchant.
    check(a, Some("2026-03-02"), None, "42.50", "USD", "Order 1042", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.id, "ch_3PqA1b2C3d4E5f6G0a1b2c3d");
    assert_eq!(a.card_last4.as_deref(), Some("4821"));
    assert_eq!(a.references.outcome, Some(TxOutcome::Approved));
    assert_eq!(a.references.time.unwrap().to_string(), "14:05:11");
    check(b, Some("2026-03-04"), None, "64.20", "USD", "Order 1045", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(b.references.outcome, Some(TxOutcome::PartiallyRefunded));
    let failed = &r.transactions[1];
    assert_eq!((failed.kind, failed.references.outcome), (TxKind::Purchase, Some(TxOutcome::Declined)));
    assert_eq!(r.transactions[2].amount, d("1250.00"), "\"1,250.00\"");
    assert_eq!(r.transactions[2].references.outcome, Some(TxOutcome::Refunded));
    assert_eq!(total(&r), d("1374.70"));
}

#[test]
fn square_transactions_export() {
    let (_, r) = read("own/csv/square_transactions.csv");
    no_diagnostics(&r);
    assert_eq!(r.accounts[0].kind, AccountKind::Merchant);
    assert_eq!(r.transactions.len(), 4);
    let (a, b) = first_last(&r);
    // "Total Collected" is the amount; "Card" is the card tender amount, not a card number.
    check(a, Some("2026-03-02"), None, "15.58", "USD", "Custom Amount", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.card_last4.as_deref(), Some("4821"), "PAN Suffix");
    assert_eq!(a.id, "kP3eXampleTxn01");
    check(b, Some("2026-03-03"), None, "7.33", "USD", "Latte", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(b.references.outcome, Some(TxOutcome::Voided), "Canceled");
    let refund = &r.transactions[2];
    assert_eq!((refund.amount, refund.kind), (d("-15.58"), TxKind::Refund), "($15.58), Event Type Refund");
    assert_eq!(r.transactions[1].counterparty.as_deref(), Some("J. Rivera"));
    assert_eq!(total(&r), d("66.67"));
}

#[test]
fn sumup_transactions_export() {
    let (_, r) = read("own/csv/sumup_transactions.csv");
    no_diagnostics(&r);
    assert_eq!(r.transactions.len(), 5);
    let (a, b) = first_last(&r);
    check(a, Some("2026-03-02"), None, "7.40", "EUR", "Espresso x2", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.references.auth_code.as_deref(), Some("A1B2C3"));
    assert_eq!(a.card_last4.as_deref(), Some("4821"));
    check(b, Some("2026-03-03"), None, "4.50", "EUR", "Cake, slice", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(b.references.outcome, Some(TxOutcome::Voided));
    assert_eq!(r.transactions[1].references.outcome, Some(TxOutcome::Declined));
    assert_eq!((r.transactions[3].amount, r.transactions[3].kind), (d("-7.40"), TxKind::Refund));
    assert_eq!(total(&r), d("10.90"));
}

#[test]
fn chinese_acquirer_jiaoyimingxi() {
    let (f, r) = read("own/csv/acquirer_jiaoyimingxi.csv");
    assert_eq!(f, Format::Csv);
    no_diagnostics(&r);
    assert_eq!(r.accounts[0].kind, AccountKind::Merchant);
    // The 合计 footer is not a line.
    assert_eq!(r.transactions.len(), 7);
    let (a, b) = first_last(&r);
    check(a, Some("2026-03-02"), None, "297.70", "CNY", "消费", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.card_last4.as_deref(), Some("5290"), "622588******5290");
    assert_eq!(a.references.auth_code.as_deref(), Some("123456"));
    assert_eq!(a.references.rrn.as_deref(), Some("306212310801"), "参考号");
    assert_eq!(a.references.voucher.as_deref(), Some("000101"), "凭证号");
    assert_eq!(a.references.response_code.as_deref(), Some("00"));
    assert_eq!(a.references.time.unwrap().to_string(), "12:31:08", "交易时间 holds times: a time column");
    check(b, Some("2026-03-05"), None, "68.00", "CNY", "消费", TxStatus::Booked, TxKind::Purchase);
    assert_eq!((b.references.outcome, b.references.response_code.as_deref()), (Some(TxOutcome::Declined), Some("68")));
    assert_eq!(r.transactions[3].references.outcome, Some(TxOutcome::Voided), "已撤销");
    let void = &r.transactions[4];
    assert_eq!((void.amount, void.kind, void.description.as_str()), (d("-156.00"), TxKind::Refund, "消费撤销"));
    assert_eq!((r.transactions[5].amount, r.transactions[5].kind), (d("-50.00"), TxKind::Refund), "退货");
    assert_eq!(total(&r), d("492.70"));
}

// ---------------------------------------------------------------- spreadsheets
// Workbooks written by tests/data/own/csv/make_xlsx.py (zipfile only).

#[test]
fn wechat_bill_as_xlsx_reads_like_the_csv() {
    let (f, r) = read("own/csv/wechat_bill_202507.xlsx");
    assert_eq!(f, Format::Spreadsheet);
    no_diagnostics(&r);
    assert_eq!(r.accounts[0].kind, AccountKind::Wallet);
    assert_eq!(r.transactions.len(), 4);
    let (a, b) = first_last(&r);
    check(a, Some("2025-07-26"), None, "-153.00", "CNY", "优衣库-商品购买", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(a.card_last4.as_deref(), Some("1206"));
    assert_eq!(a.references.order_id.as_deref(), Some("2025072699340755284670651521"), "trailing TAB trimmed");
    assert_eq!(a.source.offset, Some(14), "sheet row number");
    // 支出 decides the sign even when the cell says "¥-5.50".
    check(b, Some("2025-07-02"), None, "-5.50", "CNY", "瑞幸咖啡-门店消费", TxStatus::Booked, TxKind::Purchase);
    assert_eq!((r.transactions[1].amount, r.transactions[1].kind), (d("199.00"), TxKind::Refund));
    assert_eq!((r.transactions[2].amount, r.transactions[2].kind), (d("3.60"), TxKind::Interest));
    assert_eq!(total(&r), d("44.10"));
}

#[test]
fn bank_xlsx_with_typed_dates_and_numbers() {
    let (f, r) = read("own/csv/bank_typed_cells.xlsx");
    assert_eq!(f, Format::Spreadsheet);
    no_errors(&r);
    assert_eq!(r.transactions.len(), 3);
    let (a, b) = first_last(&r);
    // Excel serials 45839 and 45842 with a date style; numbers typed as numbers.
    check(a, Some("2025-07-01"), None, "-45.19", "XXX", "TESCO STORES 3297", TxStatus::Booked, TxKind::Other);
    check(b, Some("2025-07-04"), None, "-3.4", "XXX", "CAFE NERO", TxStatus::Booked, TxKind::Other);
    assert_eq!(r.transactions[1].amount, d("2500"));
    assert_eq!(r.transactions[1].references.time.unwrap().to_string(), "12:00:00");
    assert_eq!(r.accounts[0].opening_balance, Some(d("2000.00")));
    assert_eq!(r.accounts[0].closing_balance, Some(d("4451.41")));
    assert_eq!(r.accounts[0].last4.as_deref(), Some("7788"));
}

// ---------------------------------------------------------------- inference details

#[test]
fn year_less_dates_across_a_year_end() {
    // Period 2025年12月-2026年01月: 12/28 is 2025, 01/03 is 2026.
    let text = "招商银行信用卡交易明细（个人消费卡账户 2025年12月-2026年01月）\n交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额\n12/28,12/29,盒马鲜生,66.20,5290,66.20\n12/31,01/02,外婆家,120.00,5290,120.00\n01/03,01/04,瑞幸咖啡,31.48,5290,31.48\n";
    let r = statement::csv::read("cmb.csv", text.as_bytes());
    no_diagnostics(&r);
    let dates: Vec<_> = r.transactions.iter().map(|t| (t.date, t.posted)).collect();
    assert_eq!(
        dates,
        vec![
            (day(Some("2025-12-28")), day(Some("2025-12-29"))),
            (day(Some("2025-12-31")), day(Some("2026-01-02"))),
            (day(Some("2026-01-03")), day(Some("2026-01-04"))),
        ]
    );
}

#[test]
fn german_amounts_decided_by_the_column_not_the_value() {
    // "-3.000" alone is ambiguous; the column's "1.234,56" says ',' is the decimal mark.
    let text = "Buchungstag;Verwendungszweck;Betrag (EUR)\n01.02.2026;Miete;-3.000\n02.02.2026;Gehalt;1.234,56\n03.02.2026;Kaffee;-2,50\n";
    let r = statement::csv::read("de.csv", text.as_bytes());
    no_diagnostics(&r);
    let amounts: Vec<Decimal> = r.transactions.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, vec![d("-3000"), d("1234.56"), d("-2.50")]);
    assert_eq!(r.transactions[0].posted, day(Some("2026-02-01")), "Buchungstag is the booking date; dots are day-first");
    assert_eq!(r.transactions[0].currency.code(), "EUR", "from the header");
}

#[test]
fn day_first_decided_by_one_value_above_twelve() {
    let text = "Date,Description,Amount\n01/02/2026,A,-1.00\n05/03/2026,B,-2.00\n13/03/2026,C,-3.00\n";
    let r = statement::csv::read("uk.csv", text.as_bytes());
    assert_eq!(r.transactions[0].date, day(Some("2026-02-01")));
    let text = "Date,Description,Amount\n01/02/2026,A,-1.00\n03/13/2026,C,-3.00\n";
    let r = statement::csv::read("us.csv", text.as_bytes());
    assert_eq!(r.transactions[0].date, day(Some("2026-01-02")));
}

#[test]
fn tab_and_pipe_delimited_exports() {
    let tsv = "Date\tDescription\tAmount\tCurrency\n2026-03-01\tCoffee, large\t-4.20\tGBP\n2026-03-02\tRefund Coffee\t4.20\tGBP\n";
    let r = statement::csv::read("a.tsv", tsv.as_bytes());
    assert_eq!(r.transactions.len(), 2);
    assert_eq!(r.transactions[0].description, "Coffee, large");
    assert_eq!(r.transactions[1].kind, TxKind::Refund);
    let psv = "Date|Description|Amount\n2026-03-01|Tea|(3.10)\n2026-03-02|Deposit|12.00 CR\n";
    let r = statement::csv::read("a.txt", psv.as_bytes());
    let amounts: Vec<Decimal> = r.transactions.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, vec![d("-3.10"), d("12.00")]);
}

#[test]
fn many_bad_rows_are_counted_not_listed() {
    let mut text = String::from("Date,Description,Amount\n2026-01-02,Coffee,-3.50\n");
    for i in 0..50 {
        text.push_str(&format!("2026-01-03,Broken {i},not-an-amount\n"));
    }
    let r = statement::csv::read("s.csv", text.as_bytes());
    assert_eq!(r.transactions.len(), 1);
    let per_line = r.diagnostics.iter().filter(|d| d.line.is_some()).count();
    assert_eq!(per_line, 20);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("30 more rows") && d.message.contains("50 in all")));
}

#[test]
fn ambiguous_dates_follow_the_currency() {
    // Every day ≤ 12: a £ statement is day-first, a $ one month-first.
    let gbp = "Date,Description,Money Out,Money In\n01/02/2026,TESCO,£4.20,\n03/02/2026,SALARY,,£900.00\n";
    let r = statement::csv::read("uk.csv", gbp.as_bytes());
    assert_eq!(r.transactions[0].date, day(Some("2026-02-01")));
    let usd = "Date,Description,Amount\n01/02/2026,STARBUCKS,-$4.20\n03/02/2026,PAYROLL,$900.00\n";
    let r = statement::csv::read("us.csv", usd.as_bytes());
    assert_eq!(r.transactions[0].date, day(Some("2026-01-02")));
    assert_eq!(r.transactions[0].currency.code(), "USD");
}

#[test]
fn known_layouts_sharpen_the_guess() {
    // Amex (extended export): charges positive in the file, negative here.
    let amex = "Date,Description,Amount,Extended Details,Appears On Your Statement As,Address,City/State,Zip Code,Country,Reference,Category\n\
                02/03/2026,BLUE BOTTLE COFFEE,42.50,,BLUE BOTTLE COFFEE,,,,,'320260340123456789',Restaurant\n\
                02/05/2026,AUTOPAY PAYMENT - THANK YOU,-500.00,,AUTOPAY PAYMENT,,,,,'320260360000000001',\n";
    let r = statement::csv::read("activity.csv", amex.as_bytes());
    assert_eq!(r.accounts[0].institution.as_deref(), Some("American Express"));
    let amounts: Vec<Decimal> = r.transactions.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, vec![d("-42.50"), d("500.00")]);
    assert_eq!(r.transactions[1].kind, TxKind::Payment);
    // Chase checking: Details is the direction, Description the descriptor.
    let chase = "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\n\
                 DEBIT,02/03/2026,\"TRADER JOE S #146\",-115.83,DEBIT_CARD,1884.17,,\n\
                 CREDIT,02/01/2026,\"ACME PAYROLL\",2000.00,ACH_CREDIT,2000.00,,\n";
    let r = statement::csv::read("chase.csv", chase.as_bytes());
    check(&r.transactions[0], None, Some("2026-02-03"), "-115.83", "USD", "TRADER JOE S #146", TxStatus::Booked, TxKind::Purchase);
    assert_eq!(r.transactions[1].kind, TxKind::Transfer, "ACH_CREDIT");
    assert_eq!(r.transactions[1].amount, d("2000.00"));
}

#[test]
fn scenario_chase_adjustment_reverses_a_sale() {
    let (_, r) = read("scenarios/public/case-034/Chase6522_Activity20250801.CSV");
    let adj = r.transactions.iter().find(|t| t.description == "ARCO #42132 AMPM" && t.amount > Decimal::ZERO).unwrap();
    assert_eq!((adj.amount, adj.kind, adj.date), (d("51.20"), TxKind::Refund, day(Some("2025-07-05"))));
    let fee = r.transactions.iter().find(|t| t.description == "PURCHASE INTEREST CHARGE").unwrap();
    assert_eq!((fee.amount, fee.kind), (d("-17.50"), TxKind::Fee), "the Type column (Fee) decides");
}
