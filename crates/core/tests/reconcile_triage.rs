//! Every finding kind and every trap, on statement lines and receipts built in
//! code, with the explanation text asserted.

mod reconcile_common;
use reconcile_common::*;
use slipcheck_core::receipt::{Dcc, Network, OriginalRef, ReceiptKind, ReceiptStatus};
use slipcheck_core::reconcile::{CheckOptions, Jurisdiction, Pair};
use slipcheck_core::statement::TxKind;

#[test]
fn exact_pair_explains_itself() {
    let r = run(
        vec![tx(
            "t1",
            "2026-02-02",
            "-25.25",
            "WALGREENS #1234 CHICAGO IL",
        )],
        vec![("r1.txt", slip("WALGREENS", "2026-02-01", "25.25"))],
        &opts("2026-02-20"),
    );
    assert_eq!(matched(&r, "r1.txt").as_deref(), Some("t1"));
    assert!(r.findings.is_empty());
    let m = &r.matches[0];
    assert_eq!(m.amount, dec("25.25"));
    assert!(
        m.signals.iter().any(|s| s.contains("exactly USD 25.25")),
        "{:?}",
        m.signals
    );
    assert!(
        m.signals.iter().any(|s| s.contains("1 day(s) after")),
        "{:?}",
        m.signals
    );
    assert!(
        m.details
            .iter()
            .any(|s| s.name == "descriptor" && s.words.contains("same merchant")),
        "{:?}",
        m.details
    );
}

#[test]
fn duplicate_charge_one_receipt_two_lines() {
    let r = run(
        vec![
            tx("a", "2026-01-24", "-11.99", "SPOTIFY USA"),
            tx("b", "2026-01-25", "-11.99", "SPOTIFY USA"),
        ],
        vec![("r.txt", slip("Spotify", "2026-01-22", "11.99"))],
        &opts("2026-02-17"),
    );
    assert_eq!(kinds(&r), vec!["duplicate_charge"]);
    let f = &r.findings[0];
    assert_eq!(f.amount, dec("11.99"));
    assert_eq!(f.date, Some(d("2026-01-25")));
    assert_eq!(f.transactions, vec!["b"]);
    assert!(
        f.evidence[0].contains("two identical charges"),
        "{:?}",
        f.evidence
    );
    assert_eq!(f.reason_codes[0].code, "12.6.1");
    assert!(f.steps[0].starts_with("Check the details"));
    assert!(f.steps[1].contains("response code"));
    assert!(f.steps[2].contains("merchant"));
    assert!(f.steps[3].contains("issuer"));
    assert!(f.steps[4].contains("SMS"));
    let dl = f.deadline.as_ref().unwrap();
    // US: 60 days after the statement (latest line 2026-01-25).
    assert_eq!(dl.date, d("2026-03-26"));
    assert_eq!(dl.days_left, Some(37));
    assert!(f.really_a_dispute.contains("double hold"));
}

#[test]
fn second_identical_purchase_with_its_own_receipt_is_not_a_duplicate() {
    let r = run(
        vec![
            tx("a", "2026-01-31", "-48.73", "ARCO #42132 AMPM PHOENIX AZ"),
            tx("b", "2026-02-01", "-48.73", "ARCO #42132 AMPM PHOENIX AZ"),
        ],
        vec![
            ("r1.txt", slip("ARCO", "2026-01-30", "48.73")),
            ("r2.txt", slip("ARCO", "2026-01-30", "48.73")),
        ],
        &opts("2026-02-17"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert_eq!(r.matches.len(), 2);
    assert!(reassured(&r, "second_identical_purchase").contains("each backed by its own receipt"));
}

#[test]
fn tip_changed_against_the_written_tip() {
    let mut s = slip("ZUNI CAFE", "2026-01-26", "129.06");
    s.subtotal = Some(dec("107.55"));
    s.tip = Some(dec("21.51"));
    let r = run(
        vec![tx("t", "2026-01-27", "-150.57", "ZUNI CAFE")],
        vec![("r.txt", s)],
        &opts("2026-02-17"),
    );
    assert_eq!(kinds(&r), vec!["tip_changed"]);
    assert_eq!(r.findings[0].amount, dec("21.51"));
    assert!(
        r.findings[0].evidence[0].contains("the tip written is USD 21.51"),
        "{:?}",
        r.findings[0].evidence
    );
}

#[test]
fn tip_added_on_a_blank_tip_line() {
    let mut s = slip("THE TIPSY CROW", "2026-02-06", "0");
    s.total = None;
    s.subtotal = Some(dec("81.30"));
    let r = run(
        vec![tx(
            "t",
            "2026-02-08",
            "-101.63",
            "THE TIPSY CROW SAN DIEGO CA",
        )],
        vec![("r.txt", s)],
        &opts("2026-02-23"),
    );
    assert_eq!(kinds(&r), vec!["tip_changed"]);
    assert_eq!(r.findings[0].amount, dec("20.33"));
    assert!(r.findings[0].evidence[0].contains("left blank"));
}

#[test]
fn amount_mismatch_without_explanation() {
    let r = run(
        vec![tx(
            "t",
            "2026-05-24",
            "-107.73",
            "TARGET 00021345 MINNEAPOLIS MN",
        )],
        vec![("r.txt", slip("TARGET", "2026-05-23", "91.30"))],
        &opts("2026-06-07"),
    );
    assert_eq!(kinds(&r), vec!["amount_mismatch"]);
    assert_eq!(r.findings[0].amount, dec("16.43"));
    assert!(r.findings[0].evidence[0].contains("no tip, currency conversion or partial approval"));
}

#[test]
fn charged_after_decline_and_the_reversed_timeout() {
    let mut s = slip("SHAKE SHACK", "2026-02-12", "87.16");
    s.status = ReceiptStatus::Declined;
    s.response_code = Some("05".into());
    let r = run(
        vec![tx("t", "2026-02-12", "-87.16", "SHAKE SHACK #12")],
        vec![("r.txt", s.clone())],
        &opts("2026-02-23"),
    );
    assert_eq!(kinds(&r), vec!["charged_after_decline"]);
    assert!(r.findings[0].evidence[0].contains("response 05"));
    assert_eq!(
        matched(&r, "r.txt").as_deref(),
        Some("t"),
        "a declined slip whose charge posted is matched"
    );

    let r = run(
        vec![
            tx("t", "2026-02-12", "-87.16", "SHAKE SHACK #12"),
            tx("c", "2026-02-17", "87.16", "SHAKE SHACK #12"),
        ],
        vec![("r.txt", s)],
        &opts("2026-02-23"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert!(reassured(&r, "timeout_reversed").contains("reversal credit"));
}

#[test]
fn decline_then_approved_retry() {
    let mut declined = slip("ALBERT HEIJN", "2026-03-10", "138.33");
    declined.status = ReceiptStatus::Declined;
    let approved = slip("ALBERT HEIJN", "2026-03-10", "138.33");
    let r = run(
        vec![tx(
            "t",
            "2026-03-10",
            "-138.33",
            "ALBERT HEIJN 1234 AMSTERDAM",
        )],
        vec![("d.txt", declined), ("a.txt", approved)],
        &opts("2026-04-09"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert_eq!(matched(&r, "a.txt").as_deref(), Some("t"));
    assert_eq!(matched(&r, "d.txt"), None);
    assert!(reassured(&r, "decline_then_approved").contains("approved on a retry"));
}

#[test]
fn charged_after_void_and_the_same_day_void() {
    let mut sale = slip("KRUIDVAT", "2026-03-04", "15.99");
    sale.trace = Some("003701".into());
    let mut void = slip("KRUIDVAT", "2026-03-04", "15.99");
    void.kind = ReceiptKind::Void;
    void.original = Some(OriginalRef {
        trace: Some("003701".into()),
        ..Default::default()
    });
    let r = run(
        vec![tx("t", "2026-03-04", "-15.99", "KRUIDVAT HAARLEM")],
        vec![("s.txt", sale.clone()), ("v.txt", void.clone())],
        &opts("2026-03-22"),
    );
    assert_eq!(kinds(&r), vec!["charged_after_void"]);
    assert!(r.findings[0].evidence[0].contains("void slip"));
    assert_eq!(matched(&r, "v.txt"), None, "void slips get no match");

    let r = run(
        vec![tx("x", "2026-03-05", "-3.10", "OTHER SHOP")],
        vec![("s.txt", sale), ("v.txt", void)],
        &opts("2026-03-22"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert!(reassured(&r, "same_day_void").contains("voided the same day"));
}

#[test]
fn refund_missing_and_not_yet_due() {
    let mut rf = slip("Amazon.de", "2025-05-12", "20.00");
    rf.kind = ReceiptKind::Refund;
    let r = run(
        vec![tx("x", "2025-05-20", "-9.99", "NETFLIX")],
        vec![("r.txt", rf.clone())],
        &opts("2025-06-19"),
    );
    assert_eq!(kinds(&r), vec!["refund_missing"]);
    assert_eq!(
        r.findings[0].date,
        Some(d("2025-05-12")),
        "a missing refund is dated by its slip"
    );
    assert!(r.findings[0].evidence[0].contains("no matching credit posted"));
    assert_eq!(r.findings[0].reason_codes[0].code, "13.6");

    let r = run(
        vec![tx("x", "2025-05-20", "-9.99", "NETFLIX")],
        vec![("r.txt", rf)],
        &opts("2025-05-20"),
    );
    assert!(r.findings.is_empty());
    assert!(reassured(&r, "refund_not_yet_due").contains("not missing yet"));
}

#[test]
fn refund_posted_and_refund_amount_mismatch() {
    let mut rf = slip("GALERIA", "2025-05-27", "70.73");
    rf.kind = ReceiptKind::Refund;
    let r = run(
        vec![tx("c", "2025-05-29", "63.66", "GALERIA KAUFHOF")],
        vec![("r.txt", rf.clone())],
        &opts("2025-06-19"),
    );
    assert_eq!(kinds(&r), vec!["refund_amount_mismatch"]);
    assert_eq!(r.findings[0].amount, dec("7.07"));
    assert_eq!(r.findings[0].date, Some(d("2025-05-29")));

    let r = run(
        vec![tx("c", "2025-05-29", "70.73", "GALERIA KAUFHOF")],
        vec![("r.txt", rf)],
        &opts("2025-06-19"),
    );
    assert!(r.findings.is_empty());
    assert!(reassured(&r, "refund_posted").contains("nothing is missing"));
}

#[test]
fn stale_hold_and_fresh_pending() {
    let r = run(
        vec![pending(tx("h", "2025-05-26", "-125.00", "ARCO #1234"))],
        vec![],
        &opts("2025-07-04"),
    );
    assert_eq!(kinds(&r), vec!["stale_hold"]);
    assert!(r.findings[0].evidence[0].contains("still pending after 39 days"));

    let r = run(
        vec![pending(tx("h", "2026-04-26", "-645.95", "CURRYS"))],
        vec![],
        &opts("2026-04-27"),
    );
    assert!(r.findings.is_empty());
    assert!(reassured(&r, "fresh_pending").contains("only 1 day(s) old"));
}

#[test]
fn pending_tip_hold_replaced_by_posting() {
    let mut s = slip("The Ivy Brasserie", "2026-04-10", "142.01");
    s.subtotal = Some(dec("123.49"));
    s.tip = Some(dec("18.52"));
    let r = run(
        vec![
            pending(tx("p", "2026-03-10", "-123.49", "THE IVY BRASSERIE")),
            tx("b", "2026-03-12", "-142.01", "THE IVY BRASSERIE"),
        ],
        vec![("r.txt", {
            let mut s = s;
            s.date = Some(d("2026-03-10"));
            s
        })],
        &opts("2026-04-27"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert_eq!(matched(&r, "r.txt").as_deref(), Some("b"));
    assert!(reassured(&r, "pending_tip_posted").contains("pre-tip hold"));
}

#[test]
fn fuel_hold_replaced_by_smaller_posting() {
    let r = run(
        vec![
            pending(tx("p", "2026-01-10", "-90.00", "ARAL STATION 123")),
            tx("b", "2026-01-11", "-68.94", "ARAL STATION 123"),
        ],
        vec![("r.txt", slip("Aral", "2026-01-10", "68.94"))],
        &opts("2026-02-25"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert!(reassured(&r, "hold_posted").contains("replaced by the posted charge"));
}

#[test]
fn dcc_beyond_the_slip_and_dcc_as_disclosed() {
    let mut s = slip("MIGROS", "2026-03-09", "311.24");
    s.currency = Some(cur("CHF"));
    s.dcc = Some(Dcc {
        transaction_amount: Some(dec("311.24")),
        transaction_currency: Some(cur("CHF")),
        home_amount: Some(dec("346.32")),
        home_currency: Some(cur("EUR")),
        rate: Some(dec("1.1127")),
        markup_percent: Some(dec("4.00")),
        accepted: true,
    });
    let acct = vec![card_account("7981", "EUR")];
    let r = run_with(
        acct.clone(),
        vec![in_cur(
            tx("t", "2026-03-09", "-360.17", "MIGROS ZURICH CH"),
            "EUR",
        )],
        vec![("r.txt", s.clone())],
        &opts("2026-03-22"),
    );
    assert_eq!(kinds(&r), vec!["currency_conversion"]);
    assert_eq!(r.findings[0].amount, dec("13.85"));
    assert!(r.findings[0].evidence[0].contains("conversion came to EUR 346.32"));

    let r = run_with(
        acct,
        vec![in_cur(
            tx("t", "2026-03-09", "-346.32", "MIGROS ZURICH CH"),
            "EUR",
        )],
        vec![("r.txt", s)],
        &opts("2026-03-22"),
    );
    assert!(r.findings.is_empty());
    assert!(reassured(&r, "dcc_disclosed").contains("accepted"));
}

#[test]
fn network_fx_is_not_a_finding() {
    let mut s = slip("HAMLEYS", "2025-12-06", "169.42");
    s.currency = Some(cur("GBP"));
    let mut t = in_cur(
        tx("t", "2025-12-06", "-196.04", "HAMLEYS REGENT ST London GB"),
        "EUR",
    );
    t.original_amount = Some(dec("169.42"));
    t.original_currency = Some(cur("GBP"));
    let r = run_with(
        vec![card_account("7372", "EUR")],
        vec![t.clone()],
        vec![("r.txt", s.clone())],
        &opts("2026-01-04"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert_eq!(matched(&r, "r.txt").as_deref(), Some("t"));
    assert!(reassured(&r, "network_fx").contains("converted"));
    // Without the original amount on the line: a plausible-rate band.
    t.original_amount = None;
    t.original_currency = None;
    let r = run_with(
        vec![card_account("7372", "EUR")],
        vec![t],
        vec![("r.txt", s)],
        &opts("2026-01-04"),
    );
    assert_eq!(matched(&r, "r.txt").as_deref(), Some("t"));
    assert!(r.matches[0].signals[0].contains("implied rate"));
}

#[test]
fn card_mismatch() {
    let mut s = slip("Motel One", "2026-01-22", "140.41");
    s.card_last4 = Some("4329".into());
    let r = run_with(
        vec![card_account("0314", "USD")],
        vec![tx("t", "2026-01-22", "-140.41", "MOTEL ONE BERLIN")],
        vec![("r.txt", s)],
        &opts("2026-02-25"),
    );
    assert_eq!(kinds(&r), vec!["card_mismatch"]);
    assert!(r.findings[0].evidence[0].contains("card ending 4329"));
    assert!(r.findings[0].evidence[0].contains("card ending 0314"));
}

#[test]
fn unmatched_charge_only_when_receipts_are_complete() {
    let txs = vec![
        tx(
            "t",
            "2026-02-24",
            "-127.80",
            "TARGET 00021345 MINNEAPOLIS MN",
        ),
        kind(
            tx("p", "2026-02-25", "-500.00", "PAYMENT THANK YOU"),
            TxKind::Payment,
        ),
    ];
    let r = run(txs.clone(), vec![], &opts("2026-03-17"));
    assert!(r.findings.is_empty());
    let o = CheckOptions {
        receipts_complete: true,
        ..opts("2026-03-17")
    };
    let r = run(txs, vec![], &o);
    assert_eq!(
        kinds(&r),
        vec!["unmatched_charge"],
        "payments are not card purchases"
    );
    assert!(r.findings[0].evidence[0].contains("receipts are complete"));
}

#[test]
fn partial_approval_is_not_a_finding() {
    let mut s = slip("BEST BUY", "2025-06-03", "86.22");
    s.response_code = Some("10".into());
    let r = run(
        vec![tx(
            "t",
            "2025-06-03",
            "-51.73",
            "BEST BUY 00004341 RICHFIELD MN",
        )],
        vec![("r.txt", s)],
        &opts("2025-07-04"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert!(reassured(&r, "partial_approval").contains("partial approval"));
}

#[test]
fn transfer_pair_is_not_a_finding() {
    let r = run(
        vec![
            kind(
                tx("o", "2025-10-13", "-200.00", "转账 李*"),
                TxKind::Transfer,
            ),
            kind(
                tx("i", "2025-10-13", "200.00", "转账退回 李*"),
                TxKind::Transfer,
            ),
        ],
        vec![],
        &CheckOptions {
            receipts_complete: true,
            ..opts("2025-10-30")
        },
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert!(reassured(&r, "transfer_pair").contains("two legs of one transfer"));
}

#[test]
fn reason_codes_put_the_receipts_network_first() {
    let mut s = slip("京东商城", "2025-11-20", "49.90");
    s.card_last4 = Some("9561".into());
    s.network = Some(Network::Unionpay);
    let o = CheckOptions {
        jurisdiction: Jurisdiction::Cn,
        ..opts("2025-12-17")
    };
    let r = run_with(
        vec![card_account("3299", "CNY")],
        vec![in_cur(
            tx("t", "2025-11-27", "-49.90", "财付通-京东商城"),
            "CNY",
        )],
        vec![("r.txt", s)],
        &o,
    );
    assert_eq!(kinds(&r), vec!["card_mismatch"]);
    assert_eq!(r.findings[0].reason_codes[0].network, "unionpay");
    assert_eq!(r.findings[0].reason_codes[0].code, "4531");
    let dl = r.findings[0].deadline.as_ref().unwrap();
    assert!(dl.verify, "China's deadline is marked ⚠");
}

#[test]
fn pins_and_forbids_re_solve() {
    let txs = vec![
        tx("a", "2026-01-31", "-48.73", "ARCO"),
        tx("b", "2026-02-01", "-48.73", "ARCO"),
    ];
    let rs = || {
        vec![
            ("r1.txt", slip("ARCO", "2026-01-30", "48.73")),
            ("r2.txt", slip("ARCO", "2026-01-30", "48.73")),
        ]
    };
    let base = run(txs.clone(), rs(), &opts("2026-02-17"));
    let r1 = matched(&base, "r1.txt").unwrap();
    let other = if r1 == "a" { "b" } else { "a" };
    let o = CheckOptions {
        pins: vec![Pair {
            receipt: "r1.txt".into(),
            transaction: other.into(),
        }],
        ..opts("2026-02-17")
    };
    let r = run(txs.clone(), rs(), &o);
    assert_eq!(matched(&r, "r1.txt").as_deref(), Some(other));
    assert_eq!(
        matched(&r, "r2.txt").as_deref(),
        Some(r1.as_str()),
        "the rest re-solves"
    );
    let o = CheckOptions {
        forbids: vec![Pair {
            receipt: "r1.txt".into(),
            transaction: r1.clone(),
        }],
        ..opts("2026-02-17")
    };
    let r = run(txs, rs(), &o);
    assert_ne!(matched(&r, "r1.txt").as_deref(), Some(r1.as_str()));
}

#[test]
fn year_less_sms_date_takes_the_statement_year() {
    let mut s = slip("京东商城", "2025-07-05", "297.70");
    s.date = Some(chrono::NaiveDate::from_ymd_opt(1, 7, 5).unwrap());
    let r = run_with(
        vec![card_account("5290", "CNY")],
        vec![in_cur(
            tx("t", "2025-07-05", "-297.70", "支付宝-京东商城"),
            "CNY",
        )],
        vec![("sms.txt", s)],
        &opts("2025-07-19"),
    );
    assert_eq!(matched(&r, "sms.txt").as_deref(), Some("t"));
}

#[test]
fn one_order_charged_in_parts() {
    let mut s = slip("Amazon.com", "2026-03-01", "84.97");
    s.order_id = Some("112-4455667-1234567".into());
    let r = run(
        vec![
            tx("a", "2026-03-02", "-59.98", "AMZN Mktp US*AB12C"),
            tx("b", "2026-03-05", "-24.99", "AMZN Mktp US*ZZ9Q1"),
            tx("c", "2026-03-05", "-13.00", "NETFLIX.COM"),
        ],
        vec![("order.txt", s)],
        &CheckOptions {
            receipts_complete: true,
            ..opts("2026-03-20")
        },
    );
    let parts: Vec<&str> = r
        .matches
        .iter()
        .filter(|m| m.shape == "split")
        .map(|m| m.transaction.as_str())
        .collect();
    assert_eq!(parts, vec!["a", "b"]);
    assert!(r.matches[0].signals[0].contains("add up to the receipt's total"));
    // The parts are explained; only the unrelated charge lacks a receipt.
    assert_eq!(kinds(&r), vec!["unmatched_charge"]);
    assert_eq!(r.findings[0].transactions, vec!["c"]);
}

#[test]
fn partial_approval_read_as_approved_and_requested() {
    let mut s = slip("SAFEWAY", "2026-02-10", "72.20");
    s.requested_amount = Some(dec("180.50"));
    let r = run(
        vec![tx("t", "2026-02-10", "-72.20", "SAFEWAY #1711")],
        vec![("r.txt", s)],
        &opts("2026-02-23"),
    );
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
    assert!(reassured(&r, "partial_approval").contains("USD 72.20 of the USD 180.50 requested"));
}

#[test]
fn overlapping_exports_are_not_duplicates() {
    use slipcheck_core::parse_document;
    use slipcheck_core::reconcile::check;
    let march = "<OFX><CREDITCARDMSGSRSV1><CCSTMTRS><CURDEF>USD<BANKTRANLIST>\
        <STMTTRN><TRNTYPE>POS<DTPOSTED>20260305<TRNAMT>-5.00<FITID>1<NAME>BLUE BOTTLE COFFEE</STMTTRN>\
        </BANKTRANLIST></CCSTMTRS></CREDITCARDMSGSRSV1></OFX>";
    let march_april = "<OFX><CREDITCARDMSGSRSV1><CCSTMTRS><CURDEF>USD<BANKTRANLIST>\
        <STMTTRN><TRNTYPE>POS<DTPOSTED>20260305<TRNAMT>-5.00<FITID>1<NAME>BLUE BOTTLE COFFEE</STMTTRN>\
        <STMTTRN><TRNTYPE>POS<DTPOSTED>20260402<TRNAMT>-7.00<FITID>2<NAME>BLUE BOTTLE COFFEE</STMTTRN>\
        </BANKTRANLIST></CCSTMTRS></CREDITCARDMSGSRSV1></OFX>";
    let docs = vec![
        parse_document("march.ofx", march.as_bytes()),
        parse_document("march-april.ofx", march_april.as_bytes()),
        parse_document(
            "r.txt",
            "BLUE BOTTLE COFFEE\nDATE: 03/05/2026\nSALE\nTOTAL $5.00\nAPPROVED".as_bytes(),
        ),
    ];
    assert_eq!(docs[0].transactions.len(), 1, "{:?}", docs[0].diagnostics);
    let r = check(&docs, &opts("2026-04-10"));
    assert_eq!(r.transactions.len(), 2, "the shared line is kept once");
    assert!(r.findings.is_empty(), "{:?}", kinds(&r));
}
