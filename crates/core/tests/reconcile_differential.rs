//! Differential check of the matching engine: 3,000 generated cases covering
//! every finding kind and every trap (tips, holds, voids, declines and
//! retries, refunds, DCC, network FX, partial approvals, split orders,
//! reversals, transfers, duplicates, card mismatches, identifiers, times of
//! day, undated records), with pins and forbids, are reconciled and each
//! report (matches, findings, reassurances, words included) is hashed. The
//! hashes are compared with a frozen copy, `data/reconcile_differential.txt`,
//! taken from the engine before its speed work: a faster engine must give the
//! same reports, byte for byte.
//!
//! When a change to the reports is intended, regenerate the frozen copy with
//! `SLIPCHECK_FREEZE=1 cargo test -p slipcheck-core --test reconcile_differential`
//! and say why in the commit.
//!
//! The cases are built in code (not read from files), so a change in a reader
//! does not move these hashes; the scenario files are scored by
//! `crates/cli/tests/scenarios.rs`.

mod reconcile_common;
use chrono::{Duration, NaiveDate, NaiveTime};
use reconcile_common::*;
use rust_decimal::Decimal;
use slipcheck_core::receipt::{Dcc, OriginalRef, Receipt, ReceiptKind, ReceiptStatus};
use slipcheck_core::reconcile::{CheckOptions, CheckReport, Jurisdiction, Pair, KINDS};
use slipcheck_core::statement::{Transaction, TxKind, TxOutcome};
use std::collections::BTreeMap;
use std::path::Path;

const CASES: usize = 3000;

const MERCHANTS: [&str; 8] = [
    "SQ *BLUE BOTTLE COFFEE",
    "ZUNI CAFE",
    "SHELL OIL 57442",
    "AMZN Mktp US*2K4LL0",
    "WALGREENS #1234",
    "支付宝-美团",
    "HOTEL ADLON BERLIN",
    "REI 0042",
];

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

struct Builder {
    txs: Vec<Transaction>,
    rs: Vec<(String, Receipt)>,
}

impl Builder {
    fn line(&mut self, day: NaiveDate, amount: Decimal, desc: &str) -> usize {
        let id = format!("t{}", self.txs.len());
        let mut t = tx(&id, &day.to_string(), &amount.to_string(), desc);
        t.posted = Some(day + Duration::days((self.txs.len() % 3) as i64));
        self.txs.push(t);
        self.txs.len() - 1
    }
    fn slip(&mut self, merchant: &str, day: NaiveDate, total: Decimal) -> usize {
        let r = slip(merchant, &day.to_string(), &total.to_string());
        self.rs.push((format!("r{:02}.txt", self.rs.len()), r));
        self.rs.len() - 1
    }
}

fn money(rng: &mut Rng) -> Decimal {
    Decimal::new(rng.below(20_000) as i64 + 150, 2)
}

/// One generated case: a handful of stories, each one shape of the domain.
fn case(seed: u64) -> (Vec<Transaction>, Vec<(String, Receipt)>, CheckOptions) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let base = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut b = Builder {
        txs: vec![],
        rs: vec![],
    };
    let stories = 2 + rng.below(7);
    for _ in 0..stories {
        let m = MERCHANTS[rng.below(MERCHANTS.len() as u64) as usize];
        // Few days and a few reused amounts, so stories compete for lines.
        let day = base + Duration::days(rng.below(12) as i64);
        let amt = if rng.chance(30) {
            Decimal::new([1199, 4873, 2525][rng.below(3) as usize], 2)
        } else {
            money(&mut rng)
        };
        let lag = Duration::days(rng.below(4) as i64);
        let neg = -amt;
        match rng.below(22) {
            0 => {
                b.line(day + lag, neg, m);
                b.slip(m, day, amt);
            }
            1 => {
                // Tip on the slip (filled or left blank); line within tolerance or not.
                let tip = Decimal::new(rng.below(amt.mantissa() as u64 / 2 + 1) as i64, 2);
                let s = b.slip(m, day, amt + tip);
                let r = &mut b.rs[s].1;
                r.subtotal = Some(amt);
                if rng.chance(50) {
                    r.total = None;
                    r.tip_line_blank = true;
                } else {
                    r.tip = Some(tip);
                }
                let posted = if rng.chance(60) {
                    amt + tip
                } else {
                    amt + tip + Decimal::new(300, 2)
                };
                b.line(day + lag, -posted, m);
            }
            2 => {
                // Amount mismatch.
                let s = b.slip(m, day, amt);
                let _ = s;
                b.line(
                    day + lag,
                    -(amt + Decimal::new(rng.below(900) as i64 + 100, 2)),
                    m,
                );
            }
            3 => {
                // Duplicate charge, or a second purchase with its own slip.
                b.line(day, neg, m);
                b.line(day + Duration::days(rng.below(2) as i64), neg, m);
                b.slip(m, day, amt);
                if rng.chance(50) {
                    b.slip(m, day, amt);
                }
            }
            4 => {
                // Refund slip: credit posted, missing, or of another amount.
                let s = b.slip(m, day, amt);
                b.rs[s].1.kind = ReceiptKind::Refund;
                match rng.below(3) {
                    0 => {
                        b.line(day + Duration::days(rng.below(12) as i64), amt, m);
                    }
                    1 => {
                        b.line(day + lag, amt - Decimal::new(500, 2), m);
                    }
                    _ => {}
                }
            }
            5 => {
                // Sale and its void, charged or not.
                let s = b.slip(m, day, amt);
                let v = b.slip(m, day + Duration::days(rng.below(2) as i64), amt);
                b.rs[v].1.kind = ReceiptKind::Void;
                if rng.chance(50) {
                    b.rs[s].1.trace = Some("000123".into());
                    b.rs[v].1.original = Some(OriginalRef {
                        trace: Some("123".into()),
                        ..Default::default()
                    });
                }
                if rng.chance(50) {
                    b.line(day + lag, neg, m);
                }
            }
            6 => {
                // Declined slip: charged anyway, retried, or nothing.
                let s = b.slip(m, day, amt);
                b.rs[s].1.status = if rng.chance(50) {
                    ReceiptStatus::Declined
                } else {
                    ReceiptStatus::Failed
                };
                b.rs[s].1.response_code = Some("51".into());
                match rng.below(3) {
                    0 => {
                        b.line(day + lag, neg, m);
                    }
                    1 => {
                        b.slip(m, day, amt);
                        b.line(day + lag, neg, m);
                    }
                    _ => {}
                }
            }
            7 => {
                // Pending hold: replaced by a posting (tip or fuel) or stale.
                let p = b.line(day, neg, m);
                b.txs[p] = pending(b.txs[p].clone());
                b.txs[p].posted = None;
                if rng.chance(60) {
                    let fin = if rng.chance(50) {
                        amt * Decimal::new(118, 2)
                    } else {
                        amt * Decimal::new(40, 2)
                    };
                    b.line(
                        day + Duration::days(1 + rng.below(4) as i64),
                        -fin.round_dp(2),
                        m,
                    );
                    if rng.chance(50) {
                        b.slip(m, day, fin.round_dp(2));
                    }
                }
            }
            8 => {
                // DCC slip: home amount as posted, or differing.
                let s = b.slip(m, day, amt);
                let home = amt * Decimal::new(112, 2);
                b.rs[s].1.currency = Some(cur("EUR"));
                b.rs[s].1.dcc = Some(Dcc {
                    transaction_amount: Some(amt),
                    transaction_currency: Some(cur("EUR")),
                    home_amount: Some(home.round_dp(2)),
                    home_currency: Some(cur("USD")),
                    rate: Some(Decimal::new(112, 2)),
                    markup_percent: Some(Decimal::new(35, 1)),
                    accepted: rng.chance(80),
                });
                let posted = if rng.chance(60) {
                    home
                } else {
                    home * Decimal::new(105, 2)
                };
                b.line(day + lag, -posted.round_dp(2), m);
            }
            9 => {
                // Foreign slip: the line gives the original amount, or not.
                let s = b.slip(m, day, amt);
                b.rs[s].1.currency = Some(cur("EUR"));
                let usd = (amt * Decimal::new(109, 2)).round_dp(2);
                let l = b.line(day + lag, -usd, m);
                if rng.chance(50) {
                    let t = &mut b.txs[l];
                    t.original_currency = Some(cur("EUR"));
                    t.original_amount = Some(if rng.chance(70) {
                        -amt
                    } else {
                        -(amt + Decimal::ONE)
                    });
                    t.fx_rate = Some(Decimal::new(109, 2));
                }
            }
            10 => {
                // Card mismatch.
                let s = b.slip(m, day, amt);
                b.rs[s].1.card_last4 = Some(if rng.chance(50) { "6252" } else { "9911" }.into());
                b.line(day + lag, neg, m);
            }
            11 => {
                // Transfer pair (not purchases).
                let a = b.line(day, neg, "TRANSFER TO SAVINGS");
                let c = b.line(day, amt, "TRANSFER FROM CHECKING");
                b.txs[a].kind = TxKind::Transfer;
                b.txs[c].kind = TxKind::Transfer;
            }
            12 => {
                // Partial approval.
                let s = b.slip(m, day, amt);
                let r = &mut b.rs[s].1;
                r.response_code = Some("10".into());
                r.requested_amount = Some(amt + Decimal::new(2000, 2));
                b.line(day + lag, neg, m);
            }
            13 => {
                // One order charged in parts.
                let part = (amt / Decimal::from(3)).round_dp(2);
                b.slip(m, day, amt);
                b.line(day + lag, -part, m);
                b.line(day + lag + Duration::days(2), -(amt - part), m);
            }
            14 => {
                // A charge reversed by a credit, no receipt.
                b.line(day, neg, m);
                if rng.chance(70) {
                    b.line(day + lag, amt, m);
                }
            }
            15 => {
                // Identifiers on both sides (the names differ).
                let s = b.slip("ACME ONLINE", day, amt);
                b.rs[s].1.order_id = Some(format!("ORD{:08}", seed * 31 + rng.below(1000)));
                let l = b.line(day + lag, neg, "PAYPAL *XYZSHOP");
                b.txs[l].references.order_id = b.rs[s].1.order_id.clone();
            }
            16 => {
                // Undated receipt, or a line with only a posting date.
                let s = b.slip(m, day, amt);
                let l = b.line(day + lag, neg, m);
                if rng.chance(50) {
                    b.rs[s].1.date = None;
                } else {
                    b.txs[l].date = None;
                }
            }
            17 => {
                // Same-day purchases told apart by time of day.
                let t1 = NaiveTime::from_hms_opt(9 + rng.below(10) as u32, 15, 0).unwrap();
                let s = b.slip(m, day, amt);
                b.rs[s].1.time = Some(t1);
                let l = b.line(day, -(amt + Decimal::new(100, 2)), m);
                b.txs[l].references.time = Some(t1);
            }
            18 => {
                // A line with no receipt; a declined or voided outcome on the line.
                let l = b.line(day, neg, m);
                if rng.chance(30) {
                    b.txs[l].references.outcome = Some(if rng.chance(50) {
                        TxOutcome::Declined
                    } else {
                        TxOutcome::Voided
                    });
                }
            }
            19 => {
                // A slip whose merchant is only in its items; network on the slip.
                let s = b.slip(m, day, amt);
                let r = &mut b.rs[s].1;
                r.merchant = None;
                r.items = vec![slipcheck_core::receipt::Item {
                    description: m.to_string(),
                    quantity: None,
                    amount: Some(amt),
                }];
                r.network = Some(slipcheck_core::receipt::Network::Mastercard);
                b.line(day + lag, neg, m);
            }
            20 => {
                // A fee and an interest line that no slip may take.
                let f = b.line(day, neg, m);
                b.txs[f].kind = if rng.chance(50) {
                    TxKind::Fee
                } else {
                    TxKind::Interest
                };
                b.slip(m, day, amt);
            }
            _ => {
                // Late presentment: posting weeks after the slip.
                b.slip(m, day, amt);
                b.line(day + Duration::days(12 + rng.below(20) as i64), neg, m);
            }
        }
    }
    let mut o = opts(if rng.chance(50) {
        "2026-02-20"
    } else {
        "2026-03-31"
    });
    o.receipts_complete = rng.chance(40);
    o.jurisdiction = [
        Jurisdiction::Us,
        Jurisdiction::Eu,
        Jurisdiction::Uk,
        Jurisdiction::Cn,
    ][rng.below(4) as usize];
    if !b.txs.is_empty() && !b.rs.is_empty() {
        if rng.chance(15) {
            o.pins.push(Pair {
                receipt: b.rs[rng.below(b.rs.len() as u64) as usize].0.clone(),
                transaction: b.txs[rng.below(b.txs.len() as u64) as usize].id.clone(),
            });
        }
        if rng.chance(15) {
            o.forbids.push(Pair {
                receipt: b.rs[rng.below(b.rs.len() as u64) as usize].0.clone(),
                transaction: b.txs[rng.below(b.txs.len() as u64) as usize].id.clone(),
            });
        }
    }
    // Input order is part of the case: shuffle the lines.
    for i in (1..b.txs.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        b.txs.swap(i, j);
    }
    (b.txs, b.rs, o)
}

fn report(seed: u64) -> CheckReport {
    let (txs, rs, o) = case(seed);
    run(
        txs,
        rs.iter().map(|(f, r)| (f.as_str(), r.clone())).collect(),
        &o,
    )
}

/// FNV-1a of the report's matches, findings and reassurances as JSON.
fn digest(r: &CheckReport) -> u64 {
    let text = serde_json::to_string(&(&r.matches, &r.findings, &r.reassurances))
        .expect("reports serialise");
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn reports_equal_the_frozen_copy() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/reconcile_differential.txt");
    let mut got = String::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut matches = 0usize;
    for seed in 0..CASES as u64 {
        let r = report(seed);
        for f in &r.findings {
            *kinds.entry(f.kind.clone()).or_default() += 1;
        }
        for x in &r.reassurances {
            *kinds.entry(x.kind.clone()).or_default() += 1;
        }
        matches += r.matches.len();
        got.push_str(&format!("{seed}\t{:016x}\n", digest(&r)));
    }
    // The generator must reach every finding kind and the traps, or equal
    // hashes would prove little.
    for k in KINDS.iter().chain(&[
        "pending_tip_posted",
        "hold_posted",
        "same_day_void",
        "refund_posted",
        "second_identical_purchase",
        "partial_approval",
        "dcc_disclosed",
        "network_fx",
        "transfer_pair",
        "decline_then_approved",
        "declined_not_charged",
    ]) {
        assert!(kinds.contains_key(*k), "no case produced {k}: {kinds:?}");
    }
    assert!(matches > CASES, "too few matches: {matches}");
    if std::env::var_os("SLIPCHECK_FREEZE").is_some() {
        std::fs::write(&path, &got).expect("write the frozen copy");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("the frozen copy exists");
    let differ: Vec<&str> = got
        .lines()
        .zip(want.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.split('\t').next().unwrap_or(""))
        .collect();
    assert!(
        differ.is_empty() && got.lines().count() == want.lines().count(),
        "{} of {CASES} reports differ from the frozen copy (seeds {:?}…); \
         print one with `report(seed)` to see what changed",
        differ.len(),
        &differ[..differ.len().min(10)]
    );
}
