//! MT940 reader: every public fixture agrees with the expected JSON of its
//! original project (svenstaro/mt940-rs) line by line; the ASN file (no
//! JSON) and the broken Knab file are checked against values read off the
//! files by hand.

use rust_decimal::Decimal;
use serde_json::Value;
use slipcheck_core::statement::{mt940, StatementRead, TxKind};
use slipcheck_core::Severity;
use std::path::Path;
use std::str::FromStr;

fn path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(rel)
}

fn read(name: &str) -> StatementRead {
    mt940::read(name, &std::fs::read(path(&format!("public/mt940/{name}"))).unwrap())
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn alnum(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ó' | 'ô' => 'o',
            'ü' | 'ú' | 'û' => 'u',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'ï' | 'í' => 'i',
            other => other,
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn signed_balance(b: &Value) -> Decimal {
    let v = d(b["amount"].as_str().unwrap());
    if b["debit_credit_indicator"] == "Debit" {
        -v
    } else {
        v
    }
}

/// Compares our reading with the original project's expected JSON.
fn agree_with_expected(stem: &str) {
    let r = read(&format!("{stem}.sta"));
    assert!(!r.diagnostics.iter().any(|d| d.severity == Severity::Error), "{:?}", r.diagnostics);
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(path(&format!("public/mt940/{stem}.expected.json"))).unwrap()).unwrap();
    let statements = expected.as_array().unwrap();
    assert_eq!(r.accounts.len(), statements.len(), "{stem}: statements");
    let lines: Vec<&Value> = statements.iter().flat_map(|s| s["statement_lines"].as_array().unwrap()).collect();
    assert_eq!(r.transactions.len(), lines.len(), "{stem}: lines");
    let mut total = Decimal::ZERO;
    for (si, s) in statements.iter().enumerate() {
        let acc = &r.accounts[si];
        assert_eq!(acc.id.as_deref(), s["account_id"].as_str(), "{stem} statement {si}");
        assert_eq!(acc.opening_balance, Some(signed_balance(&s["opening_balance"])), "{stem} statement {si} opening");
        assert_eq!(acc.closing_balance, Some(signed_balance(&s["closing_balance"])), "{stem} statement {si} closing");
        assert_eq!(acc.currency.unwrap().code(), s["opening_balance"]["iso_currency_code"].as_str().unwrap());
    }
    let mut i = 0;
    for (si, s) in statements.iter().enumerate() {
        for l in s["statement_lines"].as_array().unwrap() {
            let t = &r.transactions[i];
            let ctx = format!("{stem} line {i}");
            assert_eq!(t.account, Some(si), "{ctx}");
            assert_eq!(t.value_date.unwrap().to_string(), l["value_date"].as_str().unwrap(), "{ctx}");
            assert_eq!(t.posted.map(|p| p.to_string()).as_deref(), l["entry_date"].as_str(), "{ctx}");
            let v = d(l["amount"].as_str().unwrap());
            // mt940-rs labels the file's "RC" mark (reversal of a credit)
            // "ReverseDebit": it is money out, as the balances prove
            // (sepa_mt9401 statement 1 only adds up with RCR204,88 negative,
            // and no statement of that file gets a balance warning).
            let want = match l["ext_debit_credit_indicator"].as_str().unwrap() {
                "Credit" | "ReverseCredit" => v,
                _ => -v,
            };
            assert_eq!(t.amount, want, "{ctx}");
            total += want;
            if let Some(bank_ref) = l["bank_ref"].as_str() {
                assert!(t.references.other.iter().any(|r| r == bank_ref), "{ctx}: {bank_ref}");
            }
            match &l["information_to_account_owner"] {
                // mt940-rs transliterates to the SWIFT character set (ü → u);
                // we keep the bank's letters, so compare folded.
                Value::String(info) => assert_eq!(fold(&alnum(&t.description)), alnum(info), "{ctx}"),
                Value::Object(o) => {
                    let purpose = format!(
                        "{}{}",
                        o.get("purpose").and_then(Value::as_str).unwrap_or(""),
                        o.get("additional_purpose").and_then(Value::as_str).unwrap_or("")
                    );
                    let want = if purpose.is_empty() { collapse(o["posting_text"].as_str().unwrap()) } else { purpose.trim().to_string() };
                    assert_eq!(t.description, want, "{ctx}");
                    assert_eq!(t.counterparty.as_deref(), o.get("applicant_name").and_then(Value::as_str).map(collapse).as_deref(), "{ctx}");
                }
                _ => assert_eq!(t.description, collapse(l["supplementary_details"].as_str().unwrap_or("")), "{ctx}"),
            }
            assert!(t.source.line.is_some());
            i += 1;
        }
    }
    assert_eq!(r.transactions.iter().map(|t| t.amount).sum::<Decimal>(), total);
}

#[test]
fn abnamro_agrees_with_expected_json() {
    agree_with_expected("abnamro");
    let r = read("abnamro.sta");
    // Hand-checked: "9," has no decimals; 1105240524D9,N192 is the first line.
    assert_eq!(r.transactions[0].amount, d("-9"));
    assert_eq!(r.transactions.iter().map(|t| t.amount).sum::<Decimal>(), d("-345.93"));
    // BEA lines carry the purchase date and time in their text.
    let t = &r.transactions[1];
    assert_eq!(t.date.unwrap().to_string(), "2011-05-21");
    assert_eq!(t.kind, TxKind::Purchase);
    // The fixture's balances do not add up (3236.28 - 321.44 != 876.84): a warning says so.
    assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Warning && d.message.contains("opening balance 3236.28 + movements -321.44")));
}

#[test]
fn danske_bank_fi_agrees_with_expected_json() {
    agree_with_expected("MT940_FI_Example");
    let r = read("MT940_FI_Example.sta");
    assert_eq!(r.transactions[0].kind, TxKind::Interest);
    assert_eq!(r.transactions[4].kind, TxKind::Fee, "NCHG");
    // 54484.04 + 0.23 - 583.92 - 390.40 - 265.41 - 62.60 - 55.00 = 53126.94: no warning.
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn ing_agrees_with_expected_json() {
    agree_with_expected("ing");
}

#[test]
fn sparkasse_buxtehude_agrees_with_expected_json() {
    agree_with_expected("buxtehude");
    let r = read("buxtehude.sta");
    assert!(r.transactions[2].description.contains("ümläuté"));
}

#[test]
fn german_sepa_agrees_with_expected_json() {
    agree_with_expected("sepa_mt9401");
    let r = read("sepa_mt9401.sta");
    assert_eq!(r.accounts.len(), 26);
    // Every one of the 26 statements adds up, RC lines counted as money out.
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.transactions[5].amount, d("-204.88"));
    let t = &r.transactions[0];
    assert!(t.references.other.contains(&"TFNR 40005 00005".to_string()), "EREF kept: {:?}", t.references.other);
}

#[test]
fn asn_swift_blocks() {
    // Hand-read: 31 {4: blocks, 8 :61: lines; first :61:2001010101D65,00NOVB…
    let r = read("0708271685_09022020_164516.940.txt");
    assert!(!r.diagnostics.iter().any(|d| d.severity != Severity::Info), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 8);
    assert_eq!(r.accounts.len(), 31);
    assert_eq!(r.accounts[0].id.as_deref(), Some("NL81ASNB9999999999"));
    let first = &r.transactions[0];
    assert_eq!(first.value_date.unwrap().to_string(), "2020-01-01");
    assert_eq!(first.posted.unwrap().to_string(), "2020-01-01");
    assert_eq!(first.amount, d("-65.00"));
    assert_eq!(first.currency.code(), "EUR");
    assert_eq!(first.description, "NL47INGB9999999999 hr gjlm paulissen Betaling sieraden");
    let last = r.transactions.last().unwrap();
    assert_eq!(last.value_date.unwrap().to_string(), "2020-01-31");
    assert_eq!(last.amount, d("-903.76"));
    assert!(last.description.starts_with("NL08ABNA9999999999 international card services"));
    // Opening 444.29 (1 Jan) to closing 501.23 (31 Jan).
    assert_eq!(r.transactions.iter().map(|t| t.amount).sum::<Decimal>(), d("56.94"));
}

#[test]
fn knab_broken_names_the_missing_decimal_comma() {
    let r = read("knab_broken.sta");
    let w = r.diagnostics.iter().find(|d| d.message.contains("no decimal comma")).expect("diagnostic");
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.message.contains("\"500\""), "{}", w.message);
    assert_eq!(w.line, Some(17));
    assert_eq!(r.transactions.len(), 3, "the other lines are kept");
    assert_eq!(r.transactions[2].amount, d("500"));
    assert_eq!(r.transactions[1].counterparty.as_deref(), Some("PICQER"));
}

#[test]
fn foreign_amount_in_text() {
    let f = ":20:X\n:25:NL84ABNA0484467973\n:60F:C260101EUR100,00\n:61:2601020102D75,73N426NONREF\n:86:BEA   NR:OURJ5G 02.12.25/18.44 SELFRIDGES&CO London GB,PAS886 GBP 63,28 KOERS 1,1967\n:62F:C260102EUR24,27\n-";
    let r = mt940::read("x.sta", f.as_bytes());
    let t = &r.transactions[0];
    assert_eq!(t.original_currency.unwrap().code(), "GBP");
    assert_eq!(t.original_amount, Some(d("-63.28")));
    assert_eq!(t.fx_rate, Some(d("1.1967")));
    assert!(r.diagnostics.is_empty());
}

/// Every MT940 statement of the scenarios reads with no error and one
/// transaction per :61: line.
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
            if slipcheck_core::sniff(&name, &bytes) != slipcheck_core::Format::Mt940 {
                continue;
            }
            seen += 1;
            let lines = String::from_utf8_lossy(&bytes).lines().filter(|l| l.starts_with(":61:")).count();
            let doc = slipcheck_core::parse_document(&name, &bytes);
            assert!(!doc.diagnostics.iter().any(|d| d.severity == Severity::Error), "{name}: {:?}", doc.diagnostics);
            assert_eq!(doc.transactions.len(), lines, "{name}");
        }
    }
    assert!(seen >= 4, "found {seen}");
}

#[test]
fn mt942_interim_report_takes_currency_from_34f() {
    // MT942 has no :60F:/:62F:; the floor limit :34F: names the currency.
    let f = "{1:F01BANKDEFFAXXX0000000000}{2:O942BANKDEFFXXXXN}{4:\n:20:INTRA\n:25:DE89370400440532013000\n:28C:1/1\n:34F:EURD0,\n:13D:2603021015+0100\n:61:2603020302DR45,10NMSCNONREF//8327000090031789\n:86:177?00KARTENZAHLUNG?20CAFE KRANZLER BERLIN?32CAFE KRANZLER\n:90D:1EUR45,10\n-}";
    let r = mt940::read("i.sta", f.as_bytes());
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.transactions.len(), 1);
    let t = &r.transactions[0];
    assert_eq!(t.currency.code(), "EUR");
    assert_eq!(t.amount, d("-45.10"));
    assert_eq!(t.id, "8327000090031789");
    assert_eq!(t.description, "CAFE KRANZLER BERLIN");
    assert_eq!(t.counterparty.as_deref(), Some("CAFE KRANZLER"));
}
