//! Reader gaps found on exports we had not seen (issue 6): ICBC's two name
//! columns, card numbers printed in full in a preamble, merged header cells
//! in ODS workbooks. Fixtures are in `tests/data/own/readers/` (made by
//! `make_fixtures.py` there); the values below were read off those files by
//! hand.

use rust_decimal::Decimal;
use slipcheck_core::sniff::sniff;
use slipcheck_core::statement::{self, StatementRead, TxKind};
use std::path::Path;
use std::str::FromStr;

fn read(name: &str) -> StatementRead {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/own/readers").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    statement::read(sniff(name, &bytes), name, &bytes)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// ICBC 借记卡 历史明细 (GBK): 交易场所 is where the card was used, 对方户名
/// who the money went to. The place is the descriptor, the name the
/// counterparty; 摘要 (消费/转账/退款) is the line's type.
#[test]
fn icbc_place_and_counterparty_name() {
    let r = read("icbc_debit_gbk.csv");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 5);
    let t = &r.transactions;
    assert_eq!(t[0].description, "支付宝-盒马鲜生");
    assert_eq!(t[0].amount, d("-128.50"));
    assert_eq!(t[0].kind, TxKind::Purchase);
    // 转账 via 网上银行 to 张三: the name is the counterparty, not the channel.
    assert_eq!(t[2].description, "网上银行");
    assert_eq!(t[2].counterparty.as_deref(), Some("张三"));
    assert_eq!(t[2].kind, TxKind::Transfer);
    // No place: the payer's name is all there is to describe the salary.
    assert_eq!(t[1].description, "上海云杉科技有限公司");
    assert_eq!(t[1].amount, d("15000.00"));
    assert_eq!(t[4].description, "支付宝-盒马鲜生");
    assert_eq!(t[4].kind, TxKind::Refund);
    assert_eq!(t.iter().map(|t| t.amount).sum::<Decimal>(), d("12854.80"));
    assert_eq!(r.accounts[0].institution.as_deref(), Some("中国工商银行"));
    assert_eq!(r.accounts[0].currency.map(|c| c.code().to_string()).as_deref(), Some("CNY"));
}

/// The full number in the preamble gives the last 4, and the number itself
/// appears nowhere in what the reader returns (account, lines, diagnostics,
/// the layout guess).
#[test]
fn full_card_number_in_preamble_is_masked() {
    for (name, last4, full) in [
        ("icbc_debit_gbk.csv", "7890", ["6222021234567890", "6222 0212 3456 7890", "02123456"]),
        ("card_full_number.csv", "1111", ["4111111111111111", "411111111111", "11111111"]),
    ] {
        let r = read(name);
        assert_eq!(r.accounts[0].last4.as_deref(), Some(last4), "{name}");
        assert_eq!(r.accounts[0].id.as_deref(), Some(format!("****{last4}").as_str()), "{name}");
        let json = serde_json::to_string(&r).unwrap();
        for f in full {
            assert!(!json.contains(f), "{name}: {f} leaked in {json}");
        }
        let dbg = format!("{r:?}");
        assert!(!dbg.contains(full[0]), "{name}: leaked in Debug");
    }
}

/// Digit runs that are not card numbers give no last 4: a period with
/// dashes, a phone number, a sort code and account number, an IBAN, a
/// last 4 followed by a date written with spaces.
#[test]
fn other_numbers_are_not_card_numbers() {
    let csv = "Card account statement 2026-01-01 - 2026-01-31\nCard services: 0800-123-4567\nAccount: 20-00-00 43218765\nKonto: DE89 3704 0044 0532 0130 00\nCard ending 1234 2026 01 31\n\nDate,Description,Amount\n2026-01-03,TESCO STORES 2231,-12.40\n2026-01-04,TESCO STORES 2231,-2.40\n";
    let r = statement::read(slipcheck_core::sniff::Format::Csv, "s.csv", csv.as_bytes());
    assert_eq!(r.transactions.len(), 2);
    assert_eq!(r.accounts[0].last4, None, "{:?}", r.accounts[0]);
}

/// An ODS export with a two-row header (交易日期, 摘要, 对方户名, 余额 merged
/// down; 金额 merged across 支出 | 收入) reads as XLSX and XLS do: one header
/// row with a debit and a credit column, every line kept.
#[test]
fn ods_merged_header() {
    let r = read("merged_header.ods");
    assert!(r.diagnostics.iter().all(|d| d.severity == slipcheck_core::diag::Severity::Info || d.code == "csv.no_currency"), "{:?}", r.diagnostics);
    let t = &r.transactions;
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(t[0].amount, d("-58.00"));
    assert_eq!(t[0].counterparty.as_deref().or(Some(t[0].description.as_str())), Some("瑞幸咖啡"));
    // The 收入 column under the merged 金额: the salary is money in.
    assert_eq!(t[1].amount, d("9000.00"));
    assert_eq!(t[1].date, chrono::NaiveDate::from_ymd_opt(2026, 2, 5));
    assert_eq!(t[2].amount, d("-326.50"));
    assert_eq!(t.iter().map(|t| t.amount).sum::<Decimal>(), d("8615.50"));
    assert_eq!(r.accounts[0].last4.as_deref(), Some("4321"));
}
