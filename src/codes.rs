//! Terminal response-code lookup for merchant mode, keyed by network: ISO 8583
//! field 39 (Visa, Mastercard, Amex, Discover) and UnionPay 应答码 — the same
//! code can mean different things (05). The core's table
//! ([`slipcheck_core::codes`]) gives the meaning in both languages and the
//! actions in English; `static/response_codes.tsv` adds the actions in
//! Chinese (and covers a code the core lacks), each row with its source.

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
    let own = lookup_own(net, code, lang);
    let network = match net {
        Net::Iso => None,
        Net::UnionPay => Some(slipcheck_core::receipt::Network::Unionpay),
    };
    let Some(core) = slipcheck_core::codes::response(network, code.trim()).or_else(|| {
        // "5" typed for "05".
        let c = code.trim();
        (c.len() == 1).then(|| slipcheck_core::codes::response(network, &format!("0{c}"))).flatten()
    }) else {
        return own;
    };
    let given = |s: &str| (!s.trim().is_empty() && s.trim() != "—").then(|| s.to_string());
    let action = |core_en: &str, own_text: Option<String>| match lang {
        Lang::Zh => own_text.or_else(|| given(core_en)).unwrap_or_default(),
        Lang::En => given(core_en).or(own_text).unwrap_or_default(),
    };
    Some(CodeInfo {
        code: core.code.to_string(),
        meaning: match lang {
            Lang::En => core.meaning_en.to_string(),
            Lang::Zh => core.meaning_zh.to_string(),
        },
        cardholder: action(core.cardholder_action, own.as_ref().map(|o| o.cardholder.clone())),
        merchant: action(core.merchant_action, own.as_ref().map(|o| o.merchant.clone())),
        source: core.source.to_string(),
    })
}

/// The app's own rows.
fn lookup_own(net: Net, code: &str, lang: Lang) -> Option<CodeInfo> {
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
        assert!(visa.meaning.contains("Do not hono"));
        assert!(cup.meaning.contains("authentication"));
        let cup68 = lookup(Net::UnionPay, "68", Lang::Zh).unwrap();
        assert_eq!(cup68.meaning, "发卡行响应超时");
        assert!(cup68.merchant.contains("冲正"));
        assert_eq!(lookup(Net::Iso, "5", Lang::En).unwrap().code, "05");
        assert!(lookup(Net::Iso, "ZZ", Lang::En).is_none());
        // The core's blank merchant action for UnionPay 05 is filled from the app's row.
        assert!(!lookup(Net::UnionPay, "05", Lang::En).unwrap().merchant.is_empty());
    }

    #[test]
    fn every_row_is_complete() {
        for l in TABLE.lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(l.split('\t').count(), 9, "{l}");
        }
    }
}
