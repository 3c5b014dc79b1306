//! Terminal response codes (ISO 8583 field 39 and UnionPay 应答码): what a
//! code on a slip means, for the cardholder and for the merchant.
//!
//! The table is data (`data/response_codes.tsv`, each row with its source),
//! embedded at build time and parsed once. UnionPay meanings differ from
//! Visa's (05 is an authentication failure there, not "do not honor"), so
//! the lookup is by network.
//!
//! ```
//! use slipcheck_core::codes;
//! use slipcheck_core::receipt::Network;
//! assert_eq!(codes::response(Some(Network::Unionpay), "68").unwrap().meaning_zh, "发卡行响应超时");
//! assert_eq!(codes::response(Some(Network::Visa), "05").unwrap().meaning_en, "Do not honor");
//! ```

use crate::receipt::Network;
use std::sync::OnceLock;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseCode {
    /// `iso` or `unionpay`.
    pub network: &'static str,
    pub code: &'static str,
    pub meaning_en: &'static str,
    pub meaning_zh: &'static str,
    /// Triage bucket: `approved`, `issuer`, `funds`, `system/network`, …
    pub bucket: &'static str,
    pub cardholder_action: &'static str,
    pub merchant_action: &'static str,
    pub source: &'static str,
    /// The source marks this row as uncertain: tell the user to verify.
    pub verify: bool,
}

const TSV: &str = include_str!("../data/response_codes.tsv");

/// All rows, parsed once.
pub fn table() -> &'static [ResponseCode] {
    static TABLE: OnceLock<Vec<ResponseCode>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("network\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let c: Vec<&'static str> = l.split('\t').collect();
                if c.len() < 9 {
                    return None;
                }
                Some(ResponseCode {
                    network: c[0],
                    code: c[1],
                    meaning_en: c[2],
                    meaning_zh: c[3],
                    bucket: c[4],
                    cardholder_action: c[5],
                    merchant_action: c[6],
                    source: c[7],
                    verify: c[8].trim() == "yes",
                })
            })
            .collect()
    })
}

/// The meaning of `code` for a card of `network`: the UnionPay table for
/// UnionPay cards (and Chinese slips, whose callers pass `Unionpay`), the
/// ISO table otherwise. Codes are matched case-insensitively after trimming.
pub fn response(network: Option<Network>, code: &str) -> Option<&'static ResponseCode> {
    let family = if network == Some(Network::Unionpay) {
        "unionpay"
    } else {
        "iso"
    };
    let code = code.trim();
    table()
        .iter()
        .find(|r| r.network == family && r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_differ_by_network() {
        assert_eq!(
            response(Some(Network::Unionpay), "05").unwrap().meaning_zh,
            "身份认证失败"
        );
        assert_eq!(
            response(Some(Network::Mastercard), "05")
                .unwrap()
                .meaning_en,
            "Do not honor"
        );
        assert_eq!(response(None, "51").unwrap().bucket, "funds");
        assert_eq!(
            response(Some(Network::Unionpay), "68").unwrap().bucket,
            "system/network"
        );
        assert!(response(Some(Network::Visa), "zz").is_none());
        // Every row is complete and unique per network.
        let t = table();
        assert!(t.len() > 50);
        for (i, a) in t.iter().enumerate() {
            assert!(!a.meaning_en.is_empty() && !a.meaning_zh.is_empty() && !a.source.is_empty());
            assert!(
                t[i + 1..]
                    .iter()
                    .all(|b| !(a.network == b.network && a.code == b.code)),
                "duplicate {}",
                a.code
            );
        }
    }
}
