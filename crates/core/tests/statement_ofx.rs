//! OFX/QFX reader against every public fixture and the scenario statements.
//!
//! Expected values were read off the fixture files by hand (and the totals
//! re-added with a one-off `grep '<TRNAMT>' | sum`), not taken from the
//! reader's output.

use rust_decimal::Decimal;
use slipcheck_core::statement::{ofx, StatementRead, Transaction, TxKind, TxStatus};
use slipcheck_core::Severity;
use std::path::Path;
use std::str::FromStr;

fn data(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read(name: &str) -> StatementRead {
    ofx::read(name, &data(&format!("public/ofx/{name}")))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn total(r: &StatementRead) -> Decimal {
    r.transactions.iter().map(|t| t.amount).sum()
}

fn no_errors(r: &StatementRead) {
    let bad: Vec<_> = r.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// (id, date, posted, amount, currency, description, kind, status)
#[allow(clippy::too_many_arguments)]
fn tx(t: &Transaction, id: &str, date: Option<&str>, posted: &str, amount: &str, cur: &str, desc: &str, kind: TxKind, status: TxStatus) {
    assert_eq!(t.id, id);
    assert_eq!(t.date.map(|x| x.to_string()).as_deref(), date, "{id} date");
    assert_eq!(t.posted.map(|x| x.to_string()).as_deref(), Some(posted), "{id} posted");
    assert_eq!(t.amount, d(amount), "{id} amount");
    assert_eq!(t.currency.code(), cur);
    assert_eq!(t.description, desc);
    assert_eq!(t.kind, kind, "{id} kind");
    assert_eq!(t.status, status, "{id} status");
    assert!(t.source.line.is_some());
}

#[test]
fn anzcc_xml_header_sgml_body_card() {
    let r = read("anzcc.ofx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 1);
    let a = &r.accounts[0];
    assert_eq!(a.id.as_deref(), Some("****1234"), "card number masked");
    assert_eq!(a.last4.as_deref(), Some("1234"));
    assert_eq!(a.currency.unwrap().code(), "AUD");
    assert_eq!(a.closing_balance, Some(d("-123.45")), "LEDGERBAL wins over AVAILBAL");
    let t = &r.transactions[0];
    tx(t, "201705080001", Some("2017-05-08"), "2017-05-08", "-5.50", "AUD", "SOME MEMO", TxKind::Purchase, TxStatus::Booked);
    assert_eq!(total(&r), d("-5.50"));
}

#[test]
fn decimal_error_is_refused_with_a_clear_message() {
    let r = read("decimal_error.ofx");
    assert!(r.transactions.is_empty());
    let w = r.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning for the line");
    assert!(w.message.contains("TRNAMT \"$120\" is not a number"), "{}", w.message);
    assert_eq!(w.line, Some(34), "points at the <STMTTRN> line");
    assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.message.contains("could be read")));
}

#[test]
fn example_qfx_single_line_body() {
    let r = read("example-xml.qfx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 1);
    assert_eq!(r.accounts[0].institution.as_deref(), Some("Ally"));
    assert_eq!(r.accounts[0].closing_balance, Some(d("1025.23")));
    let t = &r.transactions[0];
    tx(t, "21172131531687", None, "2016-12-15", "0.84", "USD", "Interest Paid", TxKind::Interest, TxStatus::Booked);
    assert_eq!(t.references.time.unwrap().to_string(), "00:05:50");
}

#[test]
fn multiple_accounts() {
    let r = read("multiple_accounts.ofx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 5);
    assert_eq!(r.accounts.len(), 2);
    assert_eq!(r.accounts[0].id.as_deref(), Some("78934567889"));
    assert_eq!(r.accounts[1].id.as_deref(), Some("89273829182"));
    let first = &r.transactions[0];
    tx(first, "1015000017", None, "2011-08-09", "219.33", "EUR", "qeairunesuiqre", TxKind::Other, TxStatus::Booked);
    assert_eq!(first.account, Some(0));
    let last = r.transactions.last().unwrap();
    // TRNTYPE CREDIT says nothing; the name does: a virement is a transfer.
    tx(last, "1107000001", None, "2011-07-28", "123.00", "EUR", "Virement 78934567889", TxKind::Transfer, TxStatus::Booked);
    assert_eq!(last.account, Some(1));
    // NAME + MEMO that does not extend it are joined.
    assert_eq!(r.transactions[1].description, "qtgiuaretnaruise tsriuenrauise");
    assert_eq!(total(&r), d("306.13"));
}

#[test]
fn banco_do_brasil_latin1_two_stmtrs() {
    let r = read("ofxdata-bb-two-stmtrs.ofx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 36);
    assert_eq!(r.accounts.len(), 2, "the first STMTRS is empty but still an account");
    assert_eq!(r.accounts[0].institution.as_deref(), Some("Banco do Brasil S/A"));
    assert_eq!(r.accounts[1].closing_balance, Some(d("4555.28")));
    let first = &r.transactions[0];
    // 0xC9 in the raw bytes is É in Windows-1252: the declared CHARSET:1252 is honoured.
    tx(first, "2017030101331836", None, "2017-03-01", "13318.36", "BRL", "TED-CRÉDITO EM CONTA", TxKind::Transfer, TxStatus::Booked);
    assert_eq!(first.references.cheque.as_deref(), Some("5322222"));
    assert_eq!(first.account, Some(1));
    let last = r.transactions.last().unwrap();
    tx(last, "2017032716800", None, "2017-03-27", "-68.00", "BRL", "TARIFA PACOTE DE SERVIÇOS", TxKind::Other, TxStatus::Booked);
    assert_eq!(last.references.cheque.as_deref(), Some("01096659"));
    assert_eq!(total(&r), d("-3648.66"));
}

#[test]
fn credit_card_refnum() {
    let r = read("ofxdata-credit-card.ofx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 1);
    assert_eq!(r.accounts[0].id.as_deref(), Some("****4567"));
    let t = &r.transactions[0];
    tx(t, "ABCDEFGHIJ", Some("2016-08-23"), "2016-08-23", "-100.00", "GBP", "VENDOR", TxKind::Purchase, TxStatus::Booked);
    assert_eq!(t.references.other, vec!["VENDOR".to_string()]);
}

#[test]
fn memo_with_raw_ampersand_and_gmt_offsets() {
    let r = read("ofxdata-memoWithAmpersand.ofx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 16);
    let first = &r.transactions[0];
    tx(
        first,
        "5b4f6eea-9999-9999-9999-794a31c8f61b",
        None,
        "2018-09-13",
        "-33.3",
        "BRL",
        "Amazon.Com.Br Amazon & Cloud 3/3",
        TxKind::Purchase,
        TxStatus::Booked,
    );
    let last = r.transactions.last().unwrap();
    tx(last, "5bb8d808-9999-9999-9999-dfa3886b11ab", None, "2018-10-05", "-75.94", "BRL", "Leupay.Eu", TxKind::Purchase, TxStatus::Booked);
    assert_eq!(r.transactions[2].amount, d("-140"));
    assert_eq!(total(&r), d("393.82"));
    assert_eq!(r.accounts[0].last4.as_deref(), Some("9999"));
}

#[test]
fn suncorp_cdata_and_cheque_zero() {
    let r = read("suncorp.ofx");
    no_errors(&r);
    assert_eq!(r.transactions.len(), 1);
    let t = &r.transactions[0];
    // The MEMO extends the (CDATA) NAME, so it is the description.
    tx(t, "1", None, "2013-12-15", "-16.85", "AUD", "EFTPOS WDL HANDYWAY ALDI STORE GEELONG WEST VICAU", TxKind::Other, TxStatus::Booked);
    assert_eq!(t.references.cheque, None, "CHECKNUM 0 is no cheque");
    assert_eq!(r.accounts[0].institution.as_deref(), Some("SUNCORP"));
}

#[test]
fn header_quirks_wrong_charset_blank_lines_and_no_newlines() {
    // Declared UTF-8 but the bytes are Latin-1; blank lines before the header;
    // the header has no newlines at all.
    let mut f = b"\r\n\r\nOFXHEADER:100DATA:OFXSGMLVERSION:102ENCODING:UTF-8CHARSET:NONE<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>DE89370400440532013000</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>POS<DTPOSTED>20260302120000[-5:EST]<DTUSER>20260301<TRNAMT>-4.20<FITID>X1<NAME>CAF".to_vec();
    f.push(0xC9);
    f.extend_from_slice(b" M<MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>");
    let r = ofx::read("q.ofx", &f);
    no_errors(&r);
    let t = &r.transactions[0];
    assert_eq!(t.description, "CAFÉ M");
    assert_eq!(t.date.unwrap().to_string(), "2026-03-01");
    assert_eq!(t.posted.unwrap().to_string(), "2026-03-02");
    assert_eq!(r.accounts[0].last4.as_deref(), Some("3000"));
}

#[test]
fn origcurrency_and_delete_correction() {
    let f = "<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>GBP<CCACCTFROM><ACCTID>5555444433331111</CCACCTFROM><BANKTRANLIST>\
<STMTTRN><TRNTYPE>POS<DTPOSTED>20260102<TRNAMT>-85.04<FITID>A<NAME>PASTEIS<ORIGCURRENCY><CURRATE>0.8504<CURSYM>EUR</ORIGCURRENCY></STMTTRN>\
<STMTTRN><TRNTYPE>POS<DTPOSTED>20260103<TRNAMT>-1.00<FITID>B<NAME>X</STMTTRN>\
<STMTTRN><TRNTYPE>POS<DTPOSTED>20260103<TRNAMT>-1.00<FITID>C<CORRECTFITID>B<CORRECTACTION>DELETE<NAME>X</STMTTRN>\
</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>";
    let r = ofx::read("c.ofx", f.as_bytes());
    assert_eq!(r.transactions.len(), 1, "B deleted by C");
    let t = &r.transactions[0];
    assert_eq!(t.original_currency.unwrap().code(), "EUR");
    assert_eq!(t.original_amount, Some(d("-100.00")));
    assert_eq!(t.fx_rate, Some(d("0.8504")));
    assert!(r.diagnostics.iter().any(|d| d.message.contains("correction DELETE of transaction B")));
}

/// Every OFX/QFX statement of the scenarios reads cleanly, one transaction
/// per <STMTTRN> in the file.
#[test]
fn scenario_statements() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios/public");
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
            if slipcheck_core::sniff(&name, &bytes) != slipcheck_core::Format::Ofx {
                continue;
            }
            seen += 1;
            let text = String::from_utf8_lossy(&bytes).to_ascii_uppercase();
            let lines = text.matches("<STMTTRN>").count();
            let doc = slipcheck_core::parse_document(&name, &bytes);
            assert!(!doc.diagnostics.iter().any(|d| d.severity == Severity::Error), "{name}: {:?}", doc.diagnostics);
            assert_eq!(doc.transactions.len(), lines, "{name}");
            assert!(doc.accounts.iter().all(|a| a.last4.is_some()), "{name}");
        }
    }
    assert!(seen >= 6, "found {seen} OFX scenario statements");
}
