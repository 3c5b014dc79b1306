//! Letters and exports on a report built in code.

mod reconcile_common;
use reconcile_common::*;
use slipcheck_core::reconcile::{CheckOptions, Jurisdiction};
use slipcheck_core::report::{export_csv, export_json, import_json, letter, Lang, LetterFields};

fn dup_report(j: Jurisdiction) -> slipcheck_core::reconcile::CheckReport {
    let mut t2 = tx("b", "2026-01-25", "-11.99", "=SPOTIFY 4111 1111 1111 1111");
    t2.description = "=SPOTIFY USA 4111111111111111".into();
    run(
        vec![tx("a", "2026-01-24", "-11.99", "SPOTIFY USA"), t2],
        vec![("r.txt", slip("=Spotify", "2026-01-22", "11.99"))],
        &CheckOptions {
            jurisdiction: j,
            ..opts("2026-02-17")
        },
    )
}

#[test]
fn us_letter_has_the_billing_error_notice_contents() {
    let r = dup_report(Jurisdiction::Us);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let l = letter(&r, &r.findings[0], Lang::En, &LetterFields::default());
    for needed in [
        "[YOUR NAME]",
        "[ACCOUNT NUMBER]",
        "Regulation Z §1026.13",
        "billing error",
        "2026-01-25",
        "USD 11.99",
        "Why I believe",
        "certified mail",
        "Enclosed: copies",
    ] {
        assert!(l.contains(needed), "missing {needed:?} in\n{l}");
    }
    assert!(
        !l.contains("4111111111111111"),
        "a full card number leaked:\n{l}"
    );
    let filled = letter(
        &r,
        &r.findings[0],
        Lang::En,
        &LetterFields {
            name: Some("Priya Shah".into()),
            ..Default::default()
        },
    );
    assert!(filled.contains("Priya Shah") && !filled.contains("[YOUR NAME]"));
}

#[test]
fn letters_per_jurisdiction_and_language() {
    let eu = dup_report(Jurisdiction::Eu);
    let l = letter(&eu, &eu.findings[0], Lang::En, &LetterFields::default());
    assert!(l.contains("Article 71") && l.contains("2015/2366"), "{l}");
    let uk = dup_report(Jurisdiction::Uk);
    let l = letter(&uk, &uk.findings[0], Lang::En, &LetterFields::default());
    assert!(l.contains("section 75"), "{l}");
    let cn = dup_report(Jurisdiction::Cn);
    let l = letter(&cn, &cn.findings[0], Lang::Zh, &LetterFields::default());
    assert!(
        l.contains("差错处理")
            && l.contains("重复扣款")
            && l.contains("[姓名]")
            && l.contains("4512"),
        "{l}"
    );
    let l = letter(&eu, &eu.findings[0], Lang::Zh, &LetterFields::default());
    assert!(l.contains("第71条"), "{l}");
}

#[test]
fn json_export_round_trips() {
    let r = dup_report(Jurisdiction::Us);
    let j = export_json(&r);
    assert!(!j.contains("4111111111111111"));
    let back = import_json(&j).unwrap();
    assert_eq!(back.version, 1);
    assert_eq!(back.report.findings.len(), r.findings.len());
    assert_eq!(back.report.findings[0].kind, r.findings[0].kind);
    assert_eq!(
        back.report.findings[0].reason_codes,
        r.findings[0].reason_codes
    );
    assert_eq!(back.report.findings[0].deadline, r.findings[0].deadline);
    assert_eq!(back.report.matches, r.matches);
    assert_eq!(back.report.reassurances, r.reassurances);
    assert!(
        back.report.findings[0].evidence[1].contains("************1111"),
        "evidence quoting a descriptor is masked"
    );
    // A second round trip is the identity.
    assert_eq!(import_json(&export_json(&back.report)).unwrap(), back);
}

#[test]
fn csv_export_is_spreadsheet_safe() {
    let r = dup_report(Jurisdiction::Us);
    let c = export_csv(&r);
    assert!(c.starts_with("record,kind,date,amount"));
    assert!(
        c.contains("finding,duplicate_charge,2026-01-25,11.99,USD"),
        "{c}"
    );
    assert!(!c.contains("4111111111111111"), "{c}");
    assert!(c.contains("************1111"), "{c}");
    // Every cell that a spreadsheet would run as a formula is defused.
    let mut rd = csv::ReaderBuilder::new().from_reader(c.as_bytes());
    for rec in rd.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                ),
                "unsafe cell {cell:?}"
            );
        }
    }
    assert!(c.contains(",'=Spotify,"), "{c}");
}
