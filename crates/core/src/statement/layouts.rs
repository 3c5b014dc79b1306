//! Statement layouts as data: the header vocabulary (which column a header
//! names, in English, German, Dutch, French, Chinese…), the words that name a
//! line's kind, and known bank/wallet/merchant layouts. All three live in
//! `crates/core/data/layouts*.tsv`, one row each with its source, so adding a
//! bank is a data change.
//!
//! ```
//! use slipcheck_core::statement::layouts::{header_role, Role};
//! assert_eq!(header_role("Transaction Date").unwrap().0, Role::Date);
//! assert_eq!(header_role("人民币金额").unwrap().0, Role::Amount);
//! let (role, cur) = header_role("Betrag (EUR)").unwrap();
//! assert_eq!((role, cur.unwrap().code()), (Role::Amount, "EUR"));
//! ```

use super::TxKind;
use crate::money::Currency;
use std::collections::HashMap;
use std::sync::OnceLock;

const VOCAB: &str = include_str!("../../data/layouts.vocab.tsv");
const KINDS: &str = include_str!("../../data/layouts.kinds.tsv");
const LAYOUTS: &str = include_str!("../../data/layouts.tsv");

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Date,
    Posted,
    ValueDate,
    Time,
    Description,
    Counterparty,
    Memo,
    /// A signed (or direction-qualified) amount in the account's currency.
    Amount,
    /// An amount in the transaction's currency: the amount when it is the
    /// only one, the original amount when the file also has an account amount.
    AmountTx,
    Debit,
    Credit,
    /// 收/支, Credit/Debit, S/H: the sign of the amount in words.
    Direction,
    Currency,
    /// Currency of [`Role::AmountTx`].
    CurrencyTx,
    OrigAmount,
    OrigCurrency,
    FxRate,
    Balance,
    Status,
    Card,
    Account,
    OrderId,
    MerchantOrderId,
    Reference,
    Rrn,
    AuthCode,
    Voucher,
    Category,
    Type,
    Fee,
    Tip,
    PaymentMethod,
    Id,
    ResponseCode,
    Ignore,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        use Role::*;
        Some(match s {
            "date" => Date,
            "posted" => Posted,
            "value_date" => ValueDate,
            "time" => Time,
            "description" => Description,
            "counterparty" => Counterparty,
            "memo" => Memo,
            "amount" => Amount,
            "amount_tx" => AmountTx,
            "debit" => Debit,
            "credit" => Credit,
            "direction" => Direction,
            "currency" => Currency,
            "currency_tx" => CurrencyTx,
            "orig_amount" => OrigAmount,
            "orig_currency" => OrigCurrency,
            "fx_rate" => FxRate,
            "balance" => Balance,
            "status" => Status,
            "card" => Card,
            "account" => Account,
            "order_id" => OrderId,
            "merchant_order_id" => MerchantOrderId,
            "reference" => Reference,
            "rrn" => Rrn,
            "auth_code" => AuthCode,
            "voucher" => Voucher,
            "category" => Category,
            "type" => Type,
            "fee" => Fee,
            "tip" => Tip,
            "payment_method" => PaymentMethod,
            "id" => Id,
            "response_code" => ResponseCode,
            "ignore" => Ignore,
            _ => return None,
        })
    }
}

/// How a layout signs its amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignRule {
    /// Negative = money out already.
    AsIs,
    /// A card export where charges are positive (CMB 人民币金额, Amex US).
    PurchasesPositive,
    /// A merchant export: sales positive (money in for the merchant).
    Merchant,
}

/// A known layout.
#[derive(Debug, Clone)]
pub struct Layout {
    pub id: String,
    pub institution: Option<String>,
    pub kind: super::AccountKind,
    /// Normalized headers that must all be present.
    pub headers: Vec<String>,
    pub sign: SignRule,
    pub date_order: Option<super::dates::DateOrder>,
    pub currency: Option<Currency>,
    pub source: String,
    /// Headers this layout uses differently from the vocabulary.
    pub overrides: Vec<(String, Role)>,
}

struct Data {
    vocab: HashMap<String, Role>,
    kinds: Vec<(TxKind, String)>,
    layouts: Vec<Layout>,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let rows = |text: &'static str| {
            text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect::<Vec<_>>())
        };
        let mut vocab = HashMap::new();
        for r in rows(VOCAB) {
            if let (Some(role), Some(h)) = (r.first().and_then(|x| Role::parse(x)), r.get(1)) {
                vocab.entry(normalize_header(h)).or_insert(role);
            }
        }
        let mut kinds = Vec::new();
        for r in rows(KINDS) {
            let kind = match r.first().copied() {
                Some("refund") => TxKind::Refund,
                Some("fee") => TxKind::Fee,
                Some("interest") => TxKind::Interest,
                Some("cash") => TxKind::Cash,
                Some("payment") => TxKind::Payment,
                Some("transfer") => TxKind::Transfer,
                Some("purchase") => TxKind::Purchase,
                _ => continue,
            };
            if let Some(k) = r.get(1) {
                kinds.push((kind, k.to_lowercase()));
            }
        }
        let mut layouts = Vec::new();
        for r in rows(LAYOUTS) {
            if r.len() < 8 {
                continue;
            }
            use super::dates::DateOrder;
            use super::AccountKind;
            layouts.push(Layout {
                id: r[0].to_string(),
                institution: (r[1] != "-").then(|| r[1].to_string()),
                kind: match r[2] {
                    "bank" => AccountKind::Bank,
                    "card" => AccountKind::Card,
                    "wallet" => AccountKind::Wallet,
                    "merchant" => AccountKind::Merchant,
                    _ => AccountKind::Unknown,
                },
                headers: r[3].split('|').map(normalize_header).collect(),
                sign: match r[4] {
                    "purchases_positive" => SignRule::PurchasesPositive,
                    "merchant" => SignRule::Merchant,
                    _ => SignRule::AsIs,
                },
                date_order: match r[5] {
                    "ymd" => Some(DateOrder::Ymd),
                    "mdy" => Some(DateOrder::Mdy),
                    "dmy" => Some(DateOrder::Dmy),
                    _ => None,
                },
                currency: Currency::new(r[6]),
                source: r[7].to_string(),
                overrides: r
                    .get(8)
                    .map(|o| {
                        o.split(',')
                            .filter_map(|kv| kv.split_once('='))
                            .filter_map(|(h, role)| Some((normalize_header(h), Role::parse(role.trim())?)))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        // Most specific layouts first: more required headers win.
        layouts.sort_by_key(|l| std::cmp::Reverse(l.headers.len()));
        Data { vocab, kinds, layouts }
    })
}

/// Lower case, BOM and quotes off, whitespace collapsed, full-width brackets
/// and colons made ASCII, a trailing colon dropped.
pub fn normalize_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut space = false;
    for c in h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"').chars() {
        let c = match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out.trim_end_matches(':').trim().to_string()
}

/// The role a header names, with the currency a parenthetical or an
/// "in EUR" suffix gives ("Betrag (EUR)", "金额(元)", "Amount (GBP)").
pub fn header_role(h: &str) -> Option<(Role, Option<Currency>)> {
    let n = normalize_header(h);
    if n.is_empty() {
        return None;
    }
    let vocab = &data().vocab;
    let cur_of = |s: &str| super::amount::currency_token(&s.to_uppercase()).or_else(|| super::amount::currency_token(s));
    if let Some(&r) = vocab.get(&n) {
        let cur = paren(&n).and_then(cur_of).or_else(|| n.rsplit_once(" in ").and_then(|(_, c)| cur_of(c)));
        return Some((r, cur));
    }
    if let Some(inner) = paren(&n) {
        let base = n[..n.find('(').unwrap_or(n.len())].trim();
        if let Some(&r) = vocab.get(base) {
            return Some((r, cur_of(inner)));
        }
    }
    None
}

fn paren(n: &str) -> Option<&str> {
    let open = n.find('(')?;
    let close = n[open..].find(')')? + open;
    Some(n[open + 1..close].trim())
}

/// The known layout whose headers all appear in `headers` (normalized).
pub fn find_layout(headers: &[String]) -> Option<&'static Layout> {
    data().layouts.iter().find(|l| l.headers.iter().all(|h| headers.contains(h)))
}

/// The kind a text names: the longest keyword found wins (so "CARD_PAYMENT"
/// is a purchase, not a payment); ties go to the kind listed first in the
/// data (refund before payment before transfer). Keywords of up to three
/// ASCII letters ("DD", "SO", "ATM") must be whole words.
pub fn kind_of(text: &str) -> Option<TxKind> {
    let t = text.to_lowercase();
    if t.trim().is_empty() {
        return None;
    }
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).collect();
    let mut best: Option<(usize, TxKind)> = None;
    for (kind, k) in &data().kinds {
        let short = k.len() <= 3 && k.chars().all(|c| c.is_ascii_alphabetic());
        let hit = if short { words.iter().any(|w| w == k) } else { t.contains(k.as_str()) };
        if hit {
            let len = k.chars().count();
            if best.is_none_or(|(l, _)| len > l) {
                best = Some((len, *kind));
            }
        }
    }
    best.map(|(_, k)| k)
}

/// True when `text` names a refund anywhere (a refund keyword in a
/// description beats a "purchase" type column: DKB "STORNO …" lines).
pub fn names_refund(text: &str) -> bool {
    let t = text.to_lowercase();
    data().kinds.iter().any(|(k, w)| *k == TxKind::Refund && t.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_and_kinds() {
        assert_eq!(header_role("交易金额(收入)").unwrap().0, Role::Credit);
        assert_eq!(header_role("金额(元)").unwrap(), (Role::Amount, Currency::new("CNY")));
        assert_eq!(header_role("Betrag (Fremdwährung)").unwrap().0, Role::OrigAmount);
        assert_eq!(header_role("bedrag in EUR").unwrap(), (Role::Amount, Currency::new("EUR")));
        assert_eq!(header_role("交易时间            ").unwrap().0, Role::Date);
        assert!(header_role("whatever").is_none());
        assert_eq!(kind_of("CARD_PAYMENT"), Some(TxKind::Purchase));
        assert_eq!(kind_of("Payment Thank You-Mobile"), Some(TxKind::Payment));
        assert_eq!(kind_of("银联转账还款"), Some(TxKind::Payment));
        assert_eq!(kind_of("DD"), Some(TxKind::Payment));
        assert_eq!(kind_of("PERSONAL"), None);
        assert_eq!(kind_of("京东商城-退款"), Some(TxKind::Refund));
        let hs: Vec<String> =
            ["交易日", "记账日", "交易摘要", "人民币金额", "卡号末四位", "交易地金额"].iter().map(|h| normalize_header(h)).collect();
        assert_eq!(find_layout(&hs).unwrap().id, "cmb_card");
    }
}
