//! Terminal response-code lookup for merchant mode, keyed by network: ISO 8583
//! field 39 (Visa, Mastercard, Amex, Discover) and UnionPay 应答码 — the same
//! code can mean different things (05). The table is data
//! (`static/response_codes.tsv`, each row with its source), embedded at build
//! time.
//!
//! TODO(receipts): switch to `slipcheck_core::codes::response` once the core
//! has its response-code table, and drop this file's data.

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    /// Visa, Mastercard, Amex, Discover, JCB: ISO 8583 meanings.
    Iso,
    UnionPay,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    pub code: String,
    pub meaning: String,
    pub cardholder: String,
    pub merchant: String,
    pub source: String,
}

const TABLE: &str = include_str!("../static/response_codes.tsv");

pub fn lookup(net: Net, code: &str, lang: Lang) -> Option<CodeInfo> {
    let want = code.trim().to_ascii_uppercase();
    let want = if want.len() == 1 { format!("0{want}") } else { want };
    let key = match net {
        Net::Iso => "iso",
        Net::UnionPay => "unionpay",
    };
    TABLE.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() < 9 || c[0] != key || c[1] != want {
            return None;
        }
        let pick = |en: usize| if lang == Lang::Zh { c[en + 1] } else { c[en] }.to_string();
        Some(CodeInfo { code: want.clone(), meaning: pick(2), cardholder: pick(4), merchant: pick(6), source: c[8].to_string() })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_code_differs_by_network() {
        let visa = lookup(Net::Iso, "05", Lang::En).unwrap();
        let cup = lookup(Net::UnionPay, "05", Lang::En).unwrap();
        assert!(visa.meaning.contains("Do not honour"));
        assert!(cup.meaning.contains("authentication"));
        let cup68 = lookup(Net::UnionPay, "68", Lang::Zh).unwrap();
        assert_eq!(cup68.meaning, "发卡行响应超时");
        assert!(cup68.merchant.contains("冲正"));
        assert_eq!(lookup(Net::Iso, "5", Lang::En).unwrap().code, "05");
        assert!(lookup(Net::Iso, "ZZ", Lang::En).is_none());
    }

    #[test]
    fn every_row_is_complete() {
        for l in TABLE.lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(l.split('\t').count(), 9, "{l}");
        }
    }
}
