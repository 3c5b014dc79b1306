//! The data tables behind triage (reason codes, deadlines, descriptor
//! aliases), embedded at build time from `crates/core/data/*.tsv` so that a
//! rule change is a data change. Every row keeps its source and a `verify`
//! flag for facts DISPUTES.md marks uncertain (⚠), which the UI shows as
//! "verify with your bank".
//!
//! ```
//! use slipcheck_core::reconcile::tables;
//! let codes = tables::reason_codes("duplicate_charge");
//! assert!(codes.iter().any(|c| c.network == "visa" && c.code == "12.6.1"));
//! ```

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const REASON_CODES: &str = include_str!("../../data/reason_codes.tsv");
const DEADLINES: &str = include_str!("../../data/deadlines.tsv");
const ALIASES: &str = include_str!("../../data/descriptor_aliases.tsv");

/// A network reason code for one kind of finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonCode {
    pub network: String,
    pub code: String,
    pub title: String,
    /// The network's time limit in days, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub time_limit_days: Option<i64>,
    pub source: String,
    pub verify: bool,
    /// The finding kind the row belongs to.
    #[serde(default)]
    pub kind: String,
}

/// A deadline or waiting-period rule.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineRule {
    pub key: String,
    pub jurisdiction: String,
    pub account: String,
    pub days: i64,
    pub months: u32,
    pub from: String,
    pub text: String,
    pub source: String,
    pub verify: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasKind {
    Prefix,
    Alias,
    Noise,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub pattern: String,
    pub canonical: String,
    pub kind: AliasKind,
}

/// Data rows: skips comments and blank lines, splits on tabs.
pub(crate) fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn yes(s: &str) -> bool {
    matches!(s.trim(), "yes" | "true" | "1")
}

pub fn all_reason_codes() -> &'static [ReasonCode] {
    static T: OnceLock<Vec<ReasonCode>> = OnceLock::new();
    T.get_or_init(|| {
        rows(REASON_CODES)
            .filter(|c| c.len() >= 7)
            .map(|c| ReasonCode {
                kind: c[0].to_string(),
                network: c[1].to_string(),
                code: c[2].to_string(),
                title: c[3].to_string(),
                time_limit_days: c[4].trim().parse().ok(),
                source: c[5].to_string(),
                verify: yes(c[6]),
            })
            .collect()
    })
}

/// Reason codes for a finding kind, in table order (Visa, Mastercard, Amex,
/// Discover, UnionPay).
pub fn reason_codes(kind: &str) -> Vec<ReasonCode> {
    all_reason_codes()
        .iter()
        .filter(|c| c.kind == kind)
        .cloned()
        .collect()
}

pub fn deadline_rules() -> &'static [DeadlineRule] {
    static T: OnceLock<Vec<DeadlineRule>> = OnceLock::new();
    T.get_or_init(|| {
        rows(DEADLINES)
            .filter(|c| c.len() >= 9)
            .map(|c| DeadlineRule {
                key: c[0].to_string(),
                jurisdiction: c[1].to_string(),
                account: c[2].to_string(),
                days: c[3].trim().parse().unwrap_or(0),
                months: c[4].trim().parse().unwrap_or(0),
                from: c[5].to_string(),
                text: c[6].to_string(),
                source: c[7].to_string(),
                verify: yes(c[8]),
            })
            .collect()
    })
}

/// The most specific rule for `key`: exact jurisdiction and account kind
/// first, then `any`.
pub fn deadline_rule(
    key: &str,
    jurisdiction: &str,
    account: &str,
) -> Option<&'static DeadlineRule> {
    let rules = deadline_rules();
    let fits =
        |r: &&DeadlineRule, j: &str, a: &str| r.key == key && r.jurisdiction == j && r.account == a;
    rules
        .iter()
        .find(|r| fits(r, jurisdiction, account))
        .or_else(|| rules.iter().find(|r| fits(r, jurisdiction, "any")))
        .or_else(|| {
            rules
                .iter()
                .find(|r| r.key == key && r.jurisdiction == jurisdiction)
        })
        .or_else(|| rules.iter().find(|r| fits(r, "any", "any")))
}

/// Days of a simple waiting-period rule (`refund_wait`, `hold_expiry`, …).
pub fn period_days(key: &str, fallback: i64) -> i64 {
    deadline_rule(key, "any", "any")
        .map(|r| r.days)
        .unwrap_or(fallback)
}

pub fn aliases() -> &'static [Alias] {
    static T: OnceLock<Vec<Alias>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<Alias> = rows(ALIASES)
            .filter(|c| c.len() >= 3)
            .filter_map(|c| {
                let kind = match c[2].trim() {
                    "prefix" => AliasKind::Prefix,
                    "alias" => AliasKind::Alias,
                    "noise" => AliasKind::Noise,
                    _ => return None,
                };
                Some(Alias {
                    pattern: c[0].to_uppercase(),
                    canonical: c[1].trim().to_uppercase(),
                    kind,
                })
            })
            .collect();
        // Longest pattern first, so `AMZN MKTP` wins over `AMZN`.
        v.sort_by(|a, b| {
            b.pattern
                .chars()
                .count()
                .cmp(&a.pattern.chars().count())
                .then(a.pattern.cmp(&b.pattern))
        });
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_codes_for_the_main_networks() {
        for kind in super::super::KINDS {
            let codes = reason_codes(kind);
            assert!(
                codes.iter().any(|c| c.network == "visa"),
                "{kind} lacks a Visa code"
            );
            assert!(
                codes.iter().any(|c| c.network == "mastercard"),
                "{kind} lacks a Mastercard code"
            );
            assert!(
                codes.iter().all(|c| !c.source.is_empty()),
                "{kind} has a row without source"
            );
        }
    }

    #[test]
    fn uncertain_facts_are_flagged() {
        let up = reason_codes("duplicate_charge")
            .into_iter()
            .find(|c| c.network == "unionpay")
            .unwrap();
        assert_eq!(up.code, "4512");
        assert!(up.verify, "UnionPay deadlines are marked ⚠ in DISPUTES.md");
        let cn = deadline_rule("consumer_notice", "cn", "card").unwrap();
        assert!(cn.verify);
        let us = deadline_rule("consumer_notice", "us", "card").unwrap();
        assert_eq!(us.days, 60);
        assert!(!us.verify);
        assert_eq!(period_days("refund_wait", 0), 15);
    }

    #[test]
    fn aliases_longest_first() {
        let a = aliases();
        let mk = a.iter().position(|x| x.pattern == "AMZN MKTP").unwrap();
        let amzn = a.iter().position(|x| x.pattern == "AMZN").unwrap();
        assert!(mk < amzn);
    }
}
