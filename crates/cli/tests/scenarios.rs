//! The scenario yardstick: every case under
//! `crates/core/tests/data/scenarios/public/` runs through the `slipcheck`
//! binary with its as_of, jurisdiction and receipts_complete, and is scored
//! against its expected.json:
//! - findings: precision and recall, a hit being kind + amount to the cent +
//!   date within 3 days, matched one-to-one;
//! - matches: a hit being receipt file + line date + line amount; accuracy =
//!   hits / (expected matches + matches made for receipts that expect none).
//!
//! It prints a per-case table, the misses and the totals, and fails below
//! findings F1 0.95 or match accuracy 0.98. Nothing here knows any case.
//!
//! `scenarios/own/` holds hand-written holdout cases in the same format,
//! written to differ from the public ones (other banks' exports, other slip
//! layouts, e-receipts and SMS notices): the same bar applies, so an engine
//! tuned to the public sample alone fails here.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn scenarios_dir(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/scenarios").join(set)
}

#[derive(Debug, Clone)]
struct F {
    kind: String,
    amount: String,
    date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
struct M {
    receipt: String,
    date: String,
    amount: String,
}

fn cents(s: &str) -> Option<i64> {
    let d: rust_decimal::Decimal = s.trim().parse().ok()?;
    use rust_decimal::prelude::ToPrimitive;
    (d.abs() * rust_decimal::Decimal::from(100))
        .round()
        .to_i64()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn findings(v: &Value) -> Vec<F> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|f| F {
                    kind: text(&f["kind"]),
                    amount: text(&f["amount"]),
                    date: f["date"].as_str().and_then(|d| d.parse().ok()),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn matches(v: &Value) -> Vec<M> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|m| M {
                    receipt: text(&m["receipt"]),
                    date: text(&m["date"]),
                    amount: text(&m["amount"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One-to-one finding hits: same kind, same cents, dates within 3 days;
/// closest date first.
fn score_findings(exp: &[F], got: &[F]) -> (usize, Vec<F>, Vec<F>) {
    let mut used = vec![false; got.len()];
    let mut missed = Vec::new();
    let mut tp = 0;
    for e in exp {
        let mut best: Option<(i64, usize)> = None;
        for (i, g) in got.iter().enumerate() {
            if used[i] || g.kind != e.kind || cents(&g.amount) != cents(&e.amount) {
                continue;
            }
            let (Some(a), Some(b)) = (g.date, e.date) else {
                continue;
            };
            let gap = (a - b).num_days().abs();
            if gap <= 3 && best.is_none_or(|(bg, _)| gap < bg) {
                best = Some((gap, i));
            }
        }
        match best {
            Some((_, i)) => {
                used[i] = true;
                tp += 1;
            }
            None => missed.push(e.clone()),
        }
    }
    let extra = got
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| g.clone())
        .collect();
    (tp, missed, extra)
}

fn same_match(a: &M, b: &M) -> bool {
    a.receipt == b.receipt && a.date == b.date && cents(&a.amount) == cents(&b.amount)
}

#[test]
fn public_scenarios_meet_the_bar() {
    meets_the_bar("public");
}

#[test]
fn own_holdout_scenarios_meet_the_bar() {
    meets_the_bar("own");
}

fn meets_the_bar(set: &str) {
    let dir = scenarios_dir(set);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases under {}", dir.display());

    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let (mut m_ok, mut m_den) = (0usize, 0usize);
    let mut table = String::from("case       exp  tp  fp  fn | matches ok/exp  spurious\n");
    let mut misses = String::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let exp: Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap())
                .unwrap();
        let mut cmd = Command::cargo_bin("slipcheck").unwrap();
        cmd.arg("check").arg("--json");
        if let Some(a) = exp["as_of"].as_str() {
            cmd.args(["--as-of", a]);
        }
        if let Some(j) = exp["jurisdiction"].as_str() {
            cmd.args(["--jurisdiction", j]);
        }
        if exp["receipts_complete"].as_bool() == Some(true) {
            cmd.arg("--receipts-complete");
        }
        for key in ["statements", "receipts"] {
            for f in exp[key].as_array().into_iter().flatten() {
                cmd.arg(case.join(f.as_str().unwrap()));
            }
        }
        let out = cmd.output().unwrap();
        assert_ne!(
            out.status.code(),
            Some(101),
            "{name}: the CLI panicked: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));

        let ef = findings(&exp["findings"]);
        let gf = findings(&got["findings"]);
        let (t, missed, extra) = score_findings(&ef, &gf);
        tp += t;
        fp += extra.len();
        fneg += missed.len();
        for m in &missed {
            misses.push_str(&format!(
                "{name}: missed finding {} {} {:?}\n",
                m.kind, m.amount, m.date
            ));
        }
        for x in &extra {
            misses.push_str(&format!(
                "{name}: extra finding {} {} {:?}\n",
                x.kind, x.amount, x.date
            ));
        }

        let em = matches(&exp["matches"]);
        let gm = matches(&got["matches"]);
        let mut used = vec![false; gm.len()];
        let mut ok = 0;
        for e in &em {
            if let Some(i) = (0..gm.len()).find(|&i| !used[i] && same_match(&gm[i], e)) {
                used[i] = true;
                ok += 1;
            } else {
                let got_for: Vec<String> = gm
                    .iter()
                    .filter(|g| g.receipt == e.receipt)
                    .map(|g| format!("{} {}", g.date, g.amount))
                    .collect();
                misses.push_str(&format!(
                    "{name}: match {} expected {} {}, got {}\n",
                    e.receipt,
                    e.date,
                    e.amount,
                    if got_for.is_empty() {
                        "none".to_string()
                    } else {
                        got_for.join(", ")
                    }
                ));
            }
        }
        let spurious: Vec<&M> = gm
            .iter()
            .filter(|g| !em.iter().any(|e| e.receipt == g.receipt))
            .collect();
        for s in &spurious {
            misses.push_str(&format!(
                "{name}: spurious match {} → {} {}\n",
                s.receipt, s.date, s.amount
            ));
        }
        m_ok += ok;
        m_den += em.len() + spurious.len();
        table.push_str(&format!(
            "{name:<10} {:>3} {:>3} {:>3} {:>3} | {:>6}/{:<6} {:>3}\n",
            ef.len(),
            t,
            extra.len(),
            missed.len(),
            ok,
            em.len(),
            spurious.len()
        ));
    }
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = if tp + fneg == 0 {
        1.0
    } else {
        tp as f64 / (tp + fneg) as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let acc = if m_den == 0 {
        1.0
    } else {
        m_ok as f64 / m_den as f64
    };
    println!("{table}");
    println!("{misses}");
    println!(
        "{set}: findings: tp {tp} fp {fp} fn {fneg} precision {precision:.3} recall {recall:.3} F1 {f1:.3}; matches {m_ok}/{m_den} accuracy {acc:.3}"
    );
    assert!(f1 >= 0.95, "{set}: findings F1 {f1:.3} below 0.95");
    assert!(acc >= 0.98, "{set}: match accuracy {acc:.3} below 0.98");
}
