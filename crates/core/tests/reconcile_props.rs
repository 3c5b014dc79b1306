//! Matching invariants, checked on generated cases: the pairs do not depend on
//! input order; no receipt or statement line is used twice; a pinned pair is
//! always kept.

mod reconcile_common;
use proptest::prelude::*;
use reconcile_common::*;
use slipcheck_core::receipt::Receipt;
use slipcheck_core::reconcile::{CheckOptions, Pair};
use slipcheck_core::statement::Transaction;
use std::collections::BTreeSet;

const MERCHANTS: [&str; 5] = ["ARCO", "WALGREENS", "ZUNI CAFE", "SPOTIFY", "REI"];

/// A small case with deliberate collisions: few merchants, few amounts, few
/// days, so ties and competition for the same line are common.
fn arb_case() -> impl Strategy<Value = (Vec<Transaction>, Vec<(String, Receipt)>)> {
    let line = (0usize..5, 0u32..6, 0i64..4, prop::bool::ANY);
    let rec = (0usize..5, 0u32..6, 0i64..4, 0i64..3);
    (
        prop::collection::vec(line, 0..14),
        prop::collection::vec(rec, 0..12),
    )
        .prop_map(|(ls, rs)| {
            let amounts = ["11.99", "48.73", "25.25", "129.06"];
            let txs = ls
                .iter()
                .enumerate()
                .map(|(i, (m, day, a, tipped))| {
                    let amt: rust_decimal::Decimal = amounts[*a as usize].parse().unwrap();
                    let amt = if *tipped {
                        amt + rust_decimal::Decimal::new(500, 2)
                    } else {
                        amt
                    };
                    tx(
                        &format!("t{i}"),
                        &format!("2026-01-{:02}", 10 + day),
                        &format!("-{amt}"),
                        MERCHANTS[*m],
                    )
                })
                .collect();
            let receipts = rs
                .iter()
                .enumerate()
                .map(|(i, (m, day, a, k))| {
                    let mut s = slip(
                        MERCHANTS[*m],
                        &format!("2026-01-{:02}", 9 + day),
                        amounts[*a as usize],
                    );
                    if *k == 1 {
                        s.subtotal = s.total.map(|t| t - rust_decimal::Decimal::new(300, 2));
                        s.tip = Some(rust_decimal::Decimal::new(300, 2));
                    }
                    (format!("r{i:02}.txt"), s)
                })
                .collect();
            (txs, receipts)
        })
}

fn pairs(
    txs: Vec<Transaction>,
    rs: Vec<(String, Receipt)>,
    o: &CheckOptions,
) -> BTreeSet<(String, String)> {
    let r = run(
        txs,
        rs.iter().map(|(f, r)| (f.as_str(), r.clone())).collect(),
        o,
    );
    r.matches
        .iter()
        .map(|m| (m.receipt.clone(), m.transaction.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn independent_of_input_order((txs, rs) in arb_case(), seed in any::<u64>()) {
        let o = opts("2026-02-20");
        let a = pairs(txs.clone(), rs.clone(), &o);
        // A deterministic shuffle of both inputs.
        let mut t2 = txs.clone();
        let mut r2 = rs.clone();
        let mut s = seed | 1;
        for i in (1..t2.len()).rev() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; t2.swap(i, (s % (i as u64 + 1)) as usize); }
        for i in (1..r2.len()).rev() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; r2.swap(i, (s % (i as u64 + 1)) as usize); }
        let b = pairs(t2, r2, &o);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn nothing_is_used_twice((txs, rs) in arb_case()) {
        let r = run(txs, rs.iter().map(|(f, r)| (f.as_str(), r.clone())).collect(), &opts("2026-02-20"));
        let mut seen_r = BTreeSet::new();
        let mut seen_t = BTreeSet::new();
        for m in &r.matches {
            // One order charged in parts is the only one-to-many shape in `matches`.
            prop_assert!(seen_r.insert(m.receipt_id.clone()) || m.shape == "split", "receipt {} used twice", m.receipt_id);
            prop_assert!(seen_t.insert(m.transaction.clone()), "line {} used twice", m.transaction);
        }
        // A line is never both a receipt's match and another finding's "extra" charge.
        for f in &r.findings {
            if f.kind == "duplicate_charge" || f.kind == "unmatched_charge" {
                for t in &f.transactions {
                    prop_assert!(!seen_t.contains(t), "{} is matched and also a {}", t, f.kind);
                }
            }
        }
    }

    #[test]
    fn a_pin_is_always_kept((txs, rs) in arb_case(), ri in 0usize..12, ti in 0usize..14) {
        prop_assume!(!txs.is_empty() && !rs.is_empty());
        let (ri, ti) = (ri % rs.len(), ti % txs.len());
        let pin = Pair { receipt: rs[ri].0.clone(), transaction: txs[ti].id.clone() };
        let o = CheckOptions { pins: vec![pin.clone()], ..opts("2026-02-20") };
        let p = pairs(txs, rs, &o);
        prop_assert!(p.contains(&(pin.receipt.clone(), pin.transaction.clone())), "pin {:?} lost: {:?}", pin, p);
        let used: Vec<&String> = p.iter().map(|x| &x.1).collect();
        prop_assert_eq!(used.iter().filter(|t| ***t == pin.transaction).count(), 1);
    }
}
