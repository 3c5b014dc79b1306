//! camt.052/053/054 reader against every public fixture, a Latin-1 file of
//! our own, and the scenario statements. Expected values were read off the
//! XML by hand.

use rust_decimal::Decimal;
use slipcheck_core::statement::{camt, StatementRead, TxKind, TxStatus};
use slipcheck_core::Severity;
use std::path::Path;
use std::str::FromStr;

fn path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel)
}

fn read(rel: &str) -> StatementRead {
    camt::read(rel, &std::fs::read(path(rel)).unwrap())
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn total(r: &StatementRead) -> Decimal {
    r.transactions.iter().map(|t| t.amount).sum()
}

fn warnings(r: &StatementRead) -> Vec<String> {
    r.diagnostics.iter().filter(|d| d.severity != Severity::Info).map(|d| d.message.clone()).collect()
}

#[test]
fn camt052_v1_report() {
    let r = read("public/camt/camt052.v1.xml");
    assert!(warnings(&r).is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 1);
    let a = &r.accounts[0];
    assert_eq!(a.id.as_deref(), Some("CH2801234000123456789"), "PrtryAcct/Id");
    assert_eq!(a.last4.as_deref(), Some("6789"));
    assert_eq!(a.institution.as_deref(), Some("AAAA BANKEN"));
    let t = &r.transactions[0];
    assert_eq!(t.id, "AAAASESS-FP-ACCR-01");
    assert_eq!(t.amount, d("-200000"), "DBIT is money out");
    assert_eq!(t.currency.code(), "SEK");
    assert_eq!(t.posted.unwrap().to_string(), "2007-10-18", "BookgDt given as DtTm");
    assert_eq!(t.value_date.unwrap().to_string(), "2007-10-18");
    assert_eq!(t.description, "Credit", "AddtlNtryInf when there are no details");
    assert_eq!(t.status, TxStatus::Booked);
}

#[test]
fn camt053_all_balance_types() {
    let r = read("public/camt/camt053.v2.all-balance-types.xml");
    assert_eq!(r.transactions.len(), 1);
    let a = &r.accounts[0];
    assert_eq!(a.opening_balance, Some(d("1.01")), "OPBD, not PRCD 2.02");
    assert_eq!(a.closing_balance, Some(d("4.04")), "CLBD");
    let t = &r.transactions[0];
    assert_eq!(t.amount, d("8.850"));
    assert_eq!(t.currency.code(), "EUR");
    assert_eq!(t.posted.unwrap().to_string(), "2014-12-31");
    assert_eq!(t.value_date.unwrap().to_string(), "2015-01-02");
    assert_eq!(t.description, "Transaction Description");
    // The fixture's balances are placeholders that do not add up: 1.01 + 8.850 != 4.04.
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("opening balance 1.01 + movements 8.850 (1 lines) = 9.860, but the closing balance is 4.04"), "{}", w[0]);
}

#[test]
fn camt053_two_statements_balance() {
    let r = read("public/camt/camt053.v2.multi.statement.xml");
    assert!(r.diagnostics.is_empty(), "18.15 + 8.85 = 27.00 and 27.00 - 7.00 = 20.00: {:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 2);
    assert_eq!(r.accounts.len(), 2);
    let first = &r.transactions[0];
    assert_eq!((first.amount, first.account), (d("8.85"), Some(0)));
    assert_eq!(first.description, "Transaction Description 1");
    assert_eq!(first.references.other, vec!["000000001".to_string()], "EndToEndId");
    assert_eq!(first.counterparty, None, "a credit's counterparty is the debtor, and there is none");
    let last = &r.transactions[1];
    assert_eq!((last.amount, last.account), (d("-7.00"), Some(1)));
    assert_eq!(last.description, "Transaction Description 2");
    assert_eq!(last.counterparty.as_deref(), Some("Company Name 2"));
    assert_eq!(last.posted.unwrap().to_string(), "2014-12-31");
    assert_eq!(total(&r), d("1.85"));
    assert_eq!(r.accounts[1].opening_balance, Some(d("27.00")));
    assert_eq!(r.accounts[1].closing_balance, Some(d("20.00")));
}

#[test]
fn balance_mismatch_is_a_warning_with_numbers() {
    let text = std::fs::read_to_string(path("public/camt/camt053.v2.multi.statement.xml")).unwrap();
    // Drop the first statement's only entry: 18.15 no longer reaches 27.00.
    let start = text.find("<Ntry>").unwrap();
    let end = text.find("</Ntry>").unwrap() + "</Ntry>".len();
    let broken = format!("{}{}", &text[..start], &text[end..]);
    let r = camt::read("x.xml", broken.as_bytes());
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("opening balance 18.15 + movements 0 (0 lines) = 18.15, but the closing balance is 27.00 (difference 8.85)"), "{}", w[0]);
}

#[test]
fn camt053_wrong_is_refused() {
    let r = read("public/camt/camt053.v2.wrong.xml");
    assert!(r.transactions.is_empty());
    let e = &r.diagnostics[0];
    assert_eq!(e.severity, Severity::Error);
    assert!(e.message.contains("no statement, report or notification (Stmt/Rpt/Ntfctn)"), "{}", e.message);
}

#[test]
fn camt053_v8_status_code_and_dttm() {
    let r = read("public/camt/camt053.v8.xml");
    assert_eq!(r.transactions.len(), 1);
    let t = &r.transactions[0];
    assert_eq!(t.id, "AAAASESS-FP-CN_98765/01");
    assert_eq!(t.status, TxStatus::Booked, "<Sts><Cd>BOOK</Cd></Sts>");
    assert_eq!(t.amount, d("8.85"));
    assert_eq!(t.posted.unwrap().to_string(), "2014-12-31");
    assert_eq!(t.counterparty.as_deref(), Some("NAME NAME"), "<Dbtr><Pty><Nm>");
    assert_eq!(t.description, "NAME NAME", "no remittance text: the counterparty describes the line");
    assert!(t.references.other.contains(&"4654654654654654".to_string()), "creditor reference");
    assert_eq!(t.kind, TxKind::Transfer);
    // The closing balance is given in SEK for an EUR account: ignored, not checked.
    assert!(warnings(&r).is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.accounts[0].closing_balance, None);
}

#[test]
fn camt054_batch_entry_one_line_per_detail() {
    let r = read("public/camt/camt054.v4.xml");
    assert!(warnings(&r).is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 3, "one Ntry with three TxDtls");
    let first = &r.transactions[0];
    assert_eq!(first.id, "ACSR160617103200001/1");
    assert_eq!((first.amount, first.currency.code()), (d("3.1"), "CHF"));
    assert_eq!(first.description, "Unstructured Remittance Information V1");
    assert!(first.references.other.contains(&"ISR ref number V1".to_string()));
    assert_eq!(first.posted.unwrap().to_string(), "2007-10-18");
    let last = &r.transactions[2];
    assert_eq!(last.id, "ACSR160617103200001/3");
    assert_eq!(last.amount, d("3.2"));
    assert_eq!(last.description, "Unstructured Remittance Information V3 block 1 Unstructured Remittance Information V3 block 2");
    assert_eq!(r.transactions[1].description, "Additional Remittance Information V2", "Strd/AddtlRmtInf when there is no Ustrd");
    assert_eq!(total(&r), d("9.5"));
    assert_eq!(r.accounts[0].institution.as_deref(), Some("UBS SWITZERLAND AG"));
}

#[test]
fn camt053_balance_only() {
    let r = read("public/camt/camt53.only-Dt-with-DtTm.xml");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.transactions.is_empty());
    assert_eq!(r.accounts[0].opening_balance, Some(d("5442.09000")));
    assert_eq!(r.accounts[0].currency.unwrap().code(), "RON");
    assert_eq!(r.accounts[0].last4.as_deref(), Some("5555"));
}

#[test]
fn latin1_reversal_pending_and_foreign_amount() {
    let r = read("own/structured/camt053_latin1_reversal.xml");
    // 100.00 - 42.50 + 12.00 = 69.50; the pending 5.00 is not a movement yet.
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 3);
    let t = &r.transactions[0];
    assert_eq!(t.id, "E1");
    assert_eq!(t.counterparty.as_deref(), Some("Bäckerei Müller"), "declared ISO-8859-1 decoded");
    assert_eq!(t.description, "Brötchen & Kaffee");
    assert_eq!(t.date.unwrap().to_string(), "2026-02-28", "AccptncDtTm is the purchase date");
    assert_eq!(t.posted.unwrap().to_string(), "2026-03-01");
    assert_eq!(t.kind, TxKind::Purchase);
    assert_eq!(t.original_currency.unwrap().code(), "CHF");
    assert_eq!(t.original_amount, Some(d("-40.00")));
    assert_eq!(t.fx_rate, Some(d("1.0625")));
    let rev = &r.transactions[1];
    assert_eq!(rev.amount, d("12.00"), "a reversal keeps the direction CdtDbtInd states");
    assert_eq!(rev.kind, TxKind::Refund);
    let p = &r.transactions[2];
    assert_eq!((p.status, p.amount), (TxStatus::Pending, d("-5.00")));
    assert_eq!(r.accounts[0].opening_balance, Some(d("100.00")), "PRCD when there is no OPBD");
}

/// Every camt statement of the scenarios reads with no error or warning and
/// one transaction per <Ntry> (none of them is a batch).
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
            if slipcheck_core::sniff(&name, &bytes) != slipcheck_core::Format::Camt {
                continue;
            }
            seen += 1;
            let entries = String::from_utf8_lossy(&bytes).matches("<Ntry>").count();
            let doc = slipcheck_core::parse_document(&name, &bytes);
            assert!(!doc.diagnostics.iter().any(|d| d.severity != Severity::Info), "{name}: {:?}", doc.diagnostics);
            assert_eq!(doc.transactions.len(), entries, "{name}");
        }
    }
    assert!(seen >= 4, "found {seen}");
}
