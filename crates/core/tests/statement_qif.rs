//! QIF reader against every public fixture and the scenario statements.
//! Expected values were read off the fixture files by hand.

use rust_decimal::Decimal;
use slipcheck_core::statement::{qif, AccountKind, StatementRead, Transaction, TxKind};
use slipcheck_core::Severity;
use std::path::Path;
use std::str::FromStr;

fn path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel)
}

fn read(name: &str) -> StatementRead {
    qif::read(name, &std::fs::read(path(&format!("public/qif/{name}"))).unwrap())
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn total(r: &StatementRead) -> Decimal {
    r.transactions.iter().map(|t| t.amount).sum()
}

fn line(t: &Transaction, date: &str, amount: &str, desc: &str) {
    line_in(t, date, amount, desc, "USD");
}

fn line_in(t: &Transaction, date: &str, amount: &str, desc: &str, currency: &str) {
    assert_eq!(t.date.unwrap().to_string(), date, "{desc}");
    assert_eq!(t.amount, d(amount), "{desc}");
    assert_eq!(t.description, desc);
    assert_eq!(t.currency.code(), currency);
    assert!(t.source.line.is_some());
}

/// Day-first dates: not a US Quicken file, so no USD guess; the currency is
/// unknown (XXX) and the check later takes the receipts' currency.
fn only_unknown_currency_warning(r: &StatementRead) {
    let w: Vec<_> = r.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].code, "csv.no_currency");
    assert_eq!(r.accounts[0].currency.map(|c| c.code().to_string()).as_deref(), Some("XXX"));
}

/// The only warning a plain QIF file gets is the currency assumption.
fn only_currency_warning(r: &StatementRead) {
    let w: Vec<_> = r.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].message.contains("do not state a currency; the amounts are taken as USD"));
}

#[test]
fn ddmmyy_is_inferred_from_the_whole_file() {
    // 01/06/10 alone is ambiguous; 29/12/10 in the same file decides day-first.
    let r = read("3_records_ddmmyy.qif");
    only_unknown_currency_warning(&r);
    assert_eq!(r.transactions.len(), 3);
    line_in(&r.transactions[0], "2010-01-01", "-10.00", "Description", "XXX");
    assert_eq!(r.transactions[1].date.unwrap().to_string(), "2010-06-01");
    line_in(&r.transactions[2], "2010-12-29", "30.00", "Description", "XXX");
    assert_eq!(total(&r), d("0.00"));
    assert_eq!(r.accounts[0].kind, AccountKind::Bank);
}

#[test]
fn thousands_separators() {
    let r = read("3_records_separator.qif");
    only_unknown_currency_warning(&r);
    assert_eq!(r.transactions.len(), 3);
    line_in(&r.transactions[0], "2010-01-01", "-1010.00", "Description", "XXX");
    assert_eq!(r.transactions[1].amount, d("-30020.00"), "T-30,020.00");
    line_in(&r.transactions[2], "2010-12-29", "30.00", "Description", "XXX");
    assert_eq!(total(&r), d("-31000.00"));
}

#[test]
fn space_padded_month_first() {
    // D1/ 1/10, D6/ 1/10, D12/29/10: month first, decided by 12/29.
    let r = read("3_records_spaced.qif");
    only_currency_warning(&r);
    assert_eq!(r.transactions.len(), 3);
    line(&r.transactions[0], "2010-01-01", "-10.00", "Description");
    assert_eq!(r.transactions[1].date.unwrap().to_string(), "2010-06-01");
    line(&r.transactions[2], "2010-12-29", "30.00", "Description");
}

#[test]
fn quiffen_test_file_sections_splits_comments() {
    let r = read("test.qif");
    only_currency_warning(&r);
    // Bank section: opening balance record + 5 transactions; Class, Cat,
    // Invst and Security sections skipped with a note each.
    assert_eq!(r.transactions.len(), 5);
    for s in ["Type:Class", "Type:Cat", "Type:Invst", "Type:Security"] {
        assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Info && d.message.contains(s)), "{s}");
    }
    assert_eq!(r.accounts[0].opening_balance, Some(d("0.00")));
    let first = &r.transactions[0];
    line(first, "2020-02-14", "67.50", "T-Mobile");
    let last = r.transactions.last().unwrap();
    // The split line "D1/10'2020" does not replace the record's date 2/10'2020.
    line(last, "2020-02-10", "-100.00", "Amazon.com");
    assert_eq!(r.transactions[3].references.cheque.as_deref(), Some("123"));
    assert_eq!(total(&r), d("-35.50"));
    // Splits keep the parent amount (67.50 = -15.00 + 82.50).
    assert!(!r.diagnostics.iter().any(|d| d.message.contains("splits")));
}

#[test]
fn split_with_apostrophe_year() {
    let r = read("test_split.qif");
    only_currency_warning(&r);
    assert_eq!(r.transactions.len(), 1);
    line(&r.transactions[0], "2000-01-01", "-10.00", "A Payee");
}

#[test]
fn ubs_account_block_and_ids() {
    let r = read("ubs-ch-fr.qif");
    only_currency_warning(&r);
    assert_eq!(r.transactions.len(), 3);
    assert_eq!(r.accounts.len(), 1);
    assert_eq!(r.accounts[0].id.as_deref(), Some("0123 45678901.23A"));
    let first = &r.transactions[0];
    assert_eq!(first.id, "A01234BC01234567");
    line(first, "2019-03-31", "-10.00", "Solde prix prestations");
    let last = &r.transactions[2];
    assert_eq!(last.id, "9979360TI2115087");
    line(last, "2019-04-27", "-200.00", "Quuz-baz SàrL, CH - 1203 GENEVE, E-Banking CHF intérieur");
    assert_eq!(total(&r), d("30.00"));
}

#[test]
fn card_kinds_currency_symbol_and_missing_final_caret() {
    let f = "!Type:CCard\nD13/01/2026\nT-€12,50\nPCAFE\nMEUR\n^\nD14/01/2026\nT€1.000,00\nPPAYMENT THANK YOU\nL[Current]\n^\nD15/01/2026\nT-€3,00\nPCAFE\n";
    let r = qif::read("c.qif", f.as_bytes());
    assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Info), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 3, "the last record has no ^");
    assert_eq!(r.transactions[0].currency.code(), "EUR");
    assert_eq!(r.transactions[0].amount, d("-12.50"));
    assert_eq!(r.transactions[1].amount, d("1000.00"));
    assert_eq!(r.transactions[0].kind, TxKind::Purchase);
    assert_eq!(r.transactions[1].kind, TxKind::Payment);
    assert_eq!(r.accounts[0].kind, AccountKind::Card);
}

#[test]
fn option_line_decides_ambiguous_dates() {
    let f = "!Option:DMY\n!Type:Bank\nD01/02/2026\nT-1.00\nPX\n^\n";
    let r = qif::read("o.qif", f.as_bytes());
    assert_eq!(r.transactions[0].date.unwrap().to_string(), "2026-02-01");
    let r = qif::read("o.qif", &f.as_bytes()[12..]);
    assert_eq!(r.transactions[0].date.unwrap().to_string(), "2026-01-02", "Quicken's default is month first");
}

#[test]
fn bad_records_are_reported_not_fatal() {
    let f = "!Type:Bank\nD1/2/26\nTabc\nPX\n^\nD1/3/26\nT-2.00\nPY\n^\n";
    let r = qif::read("b.qif", f.as_bytes());
    assert_eq!(r.transactions.len(), 1);
    let w = r.diagnostics.iter().find(|d| d.message.contains("amount \"abc\" is not a number")).unwrap();
    assert_eq!(w.line, Some(2));
}

/// Every QIF statement of the scenarios reads with no error, one
/// transaction per record.
#[test]
fn scenario_statements() {
    let root = path("scenarios/public");
    let mut seen = 0;
    for case in std::fs::read_dir(&root).unwrap() {
        let case = case.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&case).unwrap() {
            let p = f.unwrap().path();
            if !p.is_file() {
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if slipcheck_core::sniff(&name, &bytes) != slipcheck_core::Format::Qif {
                continue;
            }
            seen += 1;
            let records = String::from_utf8_lossy(&bytes).lines().filter(|l| l.trim() == "^").count();
            let doc = slipcheck_core::parse_document(&name, &bytes);
            assert!(!doc.diagnostics.iter().any(|d| d.severity == Severity::Error), "{name}: {:?}", doc.diagnostics);
            assert_eq!(doc.transactions.len(), records, "{name}");
            assert!(doc.transactions.iter().all(|t| t.date.is_some()));
        }
    }
    assert!(seen >= 3, "found {seen}");
}
