//! MT940 reversal marks on real and scenario files: SWIFT's reading (RC =
//! money out) where the balances confirm it, the opposite reading only where
//! the statement's own balances prove it, with a warning saying so.

use rust_decimal::Decimal;
use slipcheck_core::statement::mt940;
use std::str::FromStr;

fn read(rel: &str) -> slipcheck_core::statement::StatementRead {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel);
    mt940::read("s.sta", &std::fs::read(p).unwrap())
}

#[test]
fn german_bank_rc_is_money_out() {
    let r = read("public/mt940/sepa_mt9401.sta");
    // Line 19 (statement 1) and line 100: ":61:0709040904RCR204,88…", :86: "…STORNO".
    let rc: Vec<_> = r.transactions.iter().filter(|t| matches!(t.source.line, Some(19) | Some(100))).collect();
    assert_eq!(rc.len(), 2);
    for t in rc {
        assert_eq!(t.amount, Decimal::from_str("-204.88").unwrap());
    }
    assert!(!r.diagnostics.iter().any(|d| d.message.contains("other way round")), "{:#?}", r.diagnostics);
    // With RC as money out, the statements holding it add up.
    assert!(!r.diagnostics.iter().any(|d| d.line == Some(5) && d.message.contains("does not add up")), "{:#?}", r.diagnostics);
}

#[test]
fn scenario_file_with_rc_for_a_storno_credit() {
    // case-018: opening C 3664,82, closing C 2877,81; the C/D lines sum to
    // -938,98, so the one RC line (151,97, "STORNO ALBERT HEIJN", line 138)
    // must be +151,97 for the statement to add up (-938,98 + 151,97 = -787,01).
    let r = read("scenarios/public/case-018/MT940260301934819.STA");
    let t = r.transactions.iter().find(|t| t.source.line == Some(138)).expect("the RC line");
    assert_eq!(t.amount, Decimal::from_str("151.97").unwrap());
    assert!(t.description.contains("STORNO ALBERT HEIJN"), "{}", t.description);
    let total: Decimal = r.transactions.iter().map(|t| t.amount).sum();
    assert_eq!(total, Decimal::from_str("-787.01").unwrap());
    let warn: Vec<_> = r.diagnostics.iter().filter(|d| d.message.contains("other way round")).collect();
    assert_eq!(warn.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(warn[0].line, Some(138));
    assert!(!r.diagnostics.iter().any(|d| d.message.contains("does not add up")), "{:#?}", r.diagnostics);
}
