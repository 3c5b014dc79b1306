//! Money: a `Decimal` amount with its ISO 4217 currency. Never a float.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 alphabetic code, upper case, e.g. `USD`, `CNY`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Parses a three-letter code (case-insensitive). Symbols and names are the
    /// readers' business ([`Currency::from_symbol`]).
    pub fn new(code: &str) -> Option<Currency> {
        let b = code.trim().as_bytes();
        if b.len() != 3 || !b.iter().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(Currency([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase(), b[2].to_ascii_uppercase()]))
    }

    /// Currency for a symbol or a common local name ("¥", "人民币", "RM", "€").
    /// Ambiguous symbols take their most common meaning (`$` → USD, `¥` → CNY);
    /// callers with better context (a statement's currency) should prefer it.
    /// The currency of an ISO 3166 country code (`JP` → JPY), from
    /// `data/country_currency.tsv`: exports that mark a foreign amount with the
    /// country it was spent in ("1,380.00(JP)").
    pub fn of_country(code: &str) -> Option<Currency> {
        const TABLE: &str = include_str!("../data/country_currency.tsv");
        let code = code.trim();
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .find_map(|l| l.split_once('\t').filter(|(c, _)| c.eq_ignore_ascii_case(code)))
            .and_then(|(_, cur)| Currency::new(cur.trim()))
    }

    pub fn from_symbol(s: &str) -> Option<Currency> {
        let code = match s.trim() {
            "$" | "US$" | "美元" => "USD",
            "€" | "欧元" => "EUR",
            "£" | "英镑" => "GBP",
            "¥" | "￥" | "元" | "人民币" | "RMB" => "CNY",
            "円" | "日元" => "JPY",
            "HK$" | "港币" | "港元" => "HKD",
            "RM" => "MYR",
            "CHF" | "Fr." => "CHF",
            "A$" => "AUD",
            "C$" => "CAD",
            "S$" => "SGD",
            "₩" => "KRW",
            "₹" => "INR",
            "R$" => "BRL",
            "kr" => "SEK",
            _ => return Currency::new(s),
        };
        Currency::new(code)
    }

    pub fn code(&self) -> &str {
        // Always ASCII upper case by construction.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217 minor units).
    pub fn minor_units(&self) -> u32 {
        match self.code() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "XOF" | "XAF" | "UGX" | "PYG" => 0,
            "KWD" | "BHD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::new(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO 4217 code: {s:?}")))
    }
}

/// An amount with its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }
    /// The amount rounded to the currency's minor units (banker's rounding is
    /// not what banks print: round half away from zero).
    pub fn rounded(&self) -> Money {
        let dp = self.currency.minor_units();
        Money {
            amount: self.amount.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
            currency: self.currency,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.rounded();
        write!(f, "{} {:.*}", r.currency, r.currency.minor_units() as usize, r.amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn currency_codes_and_symbols() {
        assert_eq!(Currency::new("usd").unwrap().code(), "USD");
        assert!(Currency::new("US").is_none());
        assert_eq!(Currency::from_symbol("¥").unwrap().code(), "CNY");
        assert_eq!(Currency::from_symbol("人民币").unwrap().code(), "CNY");
        assert_eq!(Currency::new("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::new("KWD").unwrap().minor_units(), 3);
    }

    #[test]
    fn money_display_respects_minor_units() {
        let m = Money::new(dec!(1234.5), Currency::new("EUR").unwrap());
        assert_eq!(m.to_string(), "EUR 1234.50");
        let y = Money::new(dec!(1234.5), Currency::new("JPY").unwrap());
        assert_eq!(y.to_string(), "JPY 1235");
    }

    #[test]
    fn currency_serde_round_trip() {
        let c = Currency::new("GBP").unwrap();
        let s = serde_json::to_string(&c).unwrap();
        assert_eq!(s, "\"GBP\"");
        let back: Currency = serde_json::from_str(&s).unwrap();
        assert_eq!(back, c);
        assert!(serde_json::from_str::<Currency>("\"pounds\"").is_err());
    }
}
