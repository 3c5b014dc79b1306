//! Diagnostics in Chinese: every diagnostic the readers make on every file
//! under tests/data (public fixtures, own fixtures, scenario files) has a
//! code of data/diagnostics.tsv and renders in Chinese with no placeholder
//! left and no English word except values from the file and the technical
//! names listed below; plus exact texts in both languages for common cases.

use slipcheck_core::diag::{lit, template, templates, term, Arg, Diagnostic, Severity};
use slipcheck_core::report::Lang;
use slipcheck_core::parse_document;
use std::path::{Path, PathBuf};

/// ASCII words a Chinese diagnostic may contain: format and standard names,
/// field and tag names of the formats, currency codes, the product's name.
const ALLOWED: &[&str] = &[
    "CSV", "OFX", "QFX", "QIF", "camt", "MT", "XLSX", "XLS", "PDF", "HTML", "XML", "Excel", "ODS", "OCR", "UTF", "SMS", "eml", "ISO",
    "SWIFT", "USD", "EUR", "XXX", "CURDEF", "TRNAMT", "BALAMT", "DTPOSTED", "DTUSER", "STMTRS", "CCSTMTRS", "GrpHdr", "Stmt", "Rpt",
    "Ntfctn", "Amt", "CdtDbtInd", "CRDT", "DBIT", "YYYYMMDD", "YYMMDD", "MMDD", "RC", "RD", "C", "D", "F", "Type", "TAB", "CDATA", "AES",
    "Slipcheck", "as", "of", "O", "U", "UE",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn has_placeholder(s: &str) -> bool {
    s.split('{').skip(1).any(|p| p.split_once('}').is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')))
}

/// `text` without the diagnostic's file name and literal values (which
/// are the file's own words and may hold anything, braces included).
fn without_values(d: &Diagnostic, text: &str) -> String {
    let mut t = text.replace(&d.file, " ");
    for v in d.args.values().filter(|v| !v.starts_with('@') || v.starts_with("@@")) {
        if !v.is_empty() {
            t = t.replace(v.as_str(), " ");
        }
    }
    t
}

/// The ASCII words of `text` that are neither allowed nor part of one of
/// the diagnostic's literal values (or its file name).
fn english_words(d: &Diagnostic, text: &str) -> Vec<String> {
    let t = without_values(d, text);
    t.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty() && !ALLOWED.contains(w)).map(str::to_string).collect()
}

#[test]
fn every_fixture_diagnostic_renders_in_chinese() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut all = vec![];
    files(&root, &mut all);
    all.sort();
    let (mut seen, mut codes) = (0, std::collections::BTreeSet::new());
    for p in &all {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        // Descriptions of the fixtures, not inputs.
        if matches!(name.as_str(), "SOURCES.tsv" | "expected.json") || name.ends_with(".md") || name.ends_with(".py") {
            continue;
        }
        let bytes = std::fs::read(p).unwrap();
        let doc = parse_document(&name, &bytes);
        for d in &doc.diagnostics {
            seen += 1;
            assert!(template(&d.code).is_some(), "{}: diagnostic without a known code: {d}", p.display());
            codes.insert(d.code.clone());
            let (m, h) = d.text(Lang::Zh);
            let zh = format!("{m} {}", h.unwrap_or_default());
            assert!(!has_placeholder(&without_values(d, &zh)), "{}: placeholder left in {zh:?}", p.display());
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: no Chinese in {zh:?}", p.display());
            let words = english_words(d, &zh);
            assert!(words.is_empty(), "{}: English words {words:?} in {zh:?}", p.display());
            // The English a reader stores is the table's English.
            assert_eq!(d.text(Lang::En), (d.message.clone(), d.hint.clone()));
        }
    }
    // The corpus really exercises the table (not a vacuous pass).
    assert!(seen >= 50 && codes.len() >= 15, "{seen} diagnostics, codes {codes:?}");
}

/// Every row of the table, with numbers for its values and each term for
/// a `{reason}`, reads as Chinese: the fixtures above do not reach every
/// code (a damaged OFX, an MT940 without currency…).
#[test]
fn every_template_renders_in_chinese_without_english_words() {
    let rows = templates();
    let terms: Vec<&'static str> = rows.iter().filter(|t| t.code.starts_with("t.")).map(|t| t.code).collect();
    let mut checked = 0;
    for t in rows.iter().filter(|t| !t.code.starts_with("t.")) {
        let reasons: Vec<Option<&'static str>> =
            if t.en.contains("{reason}") { terms.iter().map(|c| Some(*c)).collect() } else { vec![None] };
        for reason in reasons {
            let mut names: Vec<String> = vec![];
            for text in [t.en, t.en_hint].into_iter().chain(reason.and_then(template).map(|r| r.en)) {
                for p in text.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string())) {
                    if p != "reason" && !names.contains(&p) {
                        names.push(p);
                    }
                }
            }
            let mut args: Vec<(&str, Arg)> = names.iter().map(|n| (n.as_str(), lit(7))).collect();
            if let Some(r) = reason {
                args.push(("reason", term(r)));
            }
            let d = Diagnostic::coded(Severity::Warning, "f.csv", Some(1), t.code, &args);
            let (m, h) = d.text(Lang::Zh);
            let zh = format!("{m} {}", h.unwrap_or_default());
            assert!(!has_placeholder(&zh), "{}: {zh:?}", t.code);
            let words = english_words(&d, &zh);
            assert!(words.is_empty(), "{} ({reason:?}): English words {words:?} in {zh:?}", t.code);
            assert!(!has_placeholder(&d.message) && !d.message.contains('@'), "{}: {}", t.code, d.message);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

fn read(dir: &str, name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(dir).join(name)).unwrap()
}

fn only(doc: &slipcheck_core::Document, code: &str) -> Diagnostic {
    let mut it = doc.diagnostics.iter().filter(|d| d.code == code);
    let d = it.next().unwrap_or_else(|| panic!("no {code} in {:#?}", doc.diagnostics)).clone();
    assert!(it.next().is_none(), "{code} twice");
    d
}

#[test]
fn csv_row_with_a_bad_date_in_both_languages() {
    let text = "Date,Description,Amount\n2026-01-02,Coffee,-3.50\n2026-13-45,Tea,-2.00\n2026-01-04,Cake,-4.00\n";
    let doc = parse_document("bank.csv", text.as_bytes());
    assert_eq!(doc.transactions.len(), 2);
    let d = only(&doc, "csv.row_skipped");
    assert_eq!(d.line, Some(3));
    assert_eq!(d.message, "could not read the date \"2026-13-45\" in column \"Date\"; the row was skipped");
    assert_eq!(d.hint.as_deref(), Some("check that line in the file; correct the value or re-export the statement"));
    let (m, h) = d.text(Lang::Zh);
    assert_eq!(m, "无法读取 \"Date\" 列中的日期 \"2026-13-45\"；已跳过该行");
    assert_eq!(h.as_deref(), Some("请检查文件中的这一行；更正该值或重新导出对账单"));
}

#[test]
fn balance_mismatch_in_both_languages() {
    let text = ":20:REF1\r\n:25:ACC123\r\n:28C:1/1\r\n:60F:C260101EUR100,00\r\n:61:2601020102D10,00NTRFNONREF\r\n:86:Shop\r\n:62F:C260131EUR95,00\r\n-\r\n";
    let doc = parse_document("bank.sta", text.as_bytes());
    assert_eq!(doc.transactions.len(), 1, "{:#?}", doc.diagnostics);
    let d = only(&doc, "balance.mismatch_account");
    assert_eq!(
        d.message,
        "the statement of account ACC123 does not add up: opening balance 100.00 + movements -10.00 (1 lines) = 90.00, but the closing balance is 95.00 (difference 5.00)"
    );
    let (m, h) = d.text(Lang::Zh);
    assert_eq!(m, "账户 ACC123 的对账单金额对不上：期初余额 100.00 + 发生额 -10.00（1 笔）= 90.00，但期末余额是 95.00（相差 5.00）");
    assert_eq!(h.as_deref(), Some("导出文件可能缺少交易，或有交易重复；请重新下载整个期间的对账单"));
}

#[test]
fn password_pdf_in_both_languages() {
    let doc = parse_document("password.pdf", &read("own/pdf", "password.pdf"));
    let d = only(&doc, "pdf.password");
    assert_eq!(d.message, "this PDF is protected by a password: it cannot be opened without it, so its text cannot be read");
    let (m, h) = d.text(Lang::Zh);
    assert_eq!(m, "此 PDF 设有密码保护：没有密码无法打开，因此无法读取其中的文字");
    assert_eq!(h.as_deref(), Some("请在 PDF 阅读器中用密码打开，另存或打印为不带密码的新 PDF；也可以改为添加小票的截图"));
}

#[test]
fn year_less_csv_dates_in_both_languages() {
    let text = "Date,Description,Amount\n06/20,A,-1.00\n";
    let doc = parse_document("a.csv", text.as_bytes());
    let d = only(&doc, "csv.row_skipped");
    assert_eq!(d.message, "the date \"06/20\" in column \"Date\" has no year and the file does not say which period it covers; the row was skipped");
    assert_eq!(d.text(Lang::Zh).0, "\"Date\" 列中的日期 \"06/20\" 没有年份，文件也没有写明所属期间；已跳过该行");
}
