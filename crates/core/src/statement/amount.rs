//! Amounts as banks print them: number styles, sign forms and currency marks.
//!
//! Every statement reader (CSV, OFX, QIF, MT940) and the receipt readers use
//! this module, so that "1.234,56", "11'373.94", "(12.00)", "12.00 CR",
//! "¥88.50" and "USD1,024.80" mean the same thing everywhere.
//!
//! The decimal mark is a property of a *column* (or a file), never of one
//! value: "3.000" is three thousand in a German export and three in a Kuwaiti
//! one. So first [`infer_style`] over all values of the column, then
//! [`parse_amount`] each value with that style.
//!
//! ```
//! use slipcheck_core::statement::amount::{infer_style, parse_amount, NumberStyle};
//! use rust_decimal::Decimal;
//! use std::str::FromStr;
//!
//! let column = ["-3.000", "1.234,56", "12,00"];
//! let style = infer_style(column.iter().copied());
//! assert_eq!(style, NumberStyle::CommaDecimal);
//! let a = parse_amount("-3.000", style).unwrap();
//! assert_eq!(a.value, Decimal::from(-3000));
//!
//! let b = parse_amount("¥88.50", NumberStyle::DotDecimal).unwrap();
//! assert_eq!(b.value, Decimal::from_str("88.50").unwrap());
//! assert_eq!(b.currency.unwrap().code(), "CNY");
//!
//! let c = parse_amount("(1,024.80)", NumberStyle::DotDecimal).unwrap();
//! assert_eq!(c.value, Decimal::from_str("-1024.80").unwrap());
//!
//! let d = parse_amount("12.00 CR", NumberStyle::DotDecimal).unwrap();
//! assert!(d.is_credit_marked());
//! assert_eq!(d.value, Decimal::from_str("12.00").unwrap());
//! ```

use crate::money::Currency;
use rust_decimal::Decimal;
use std::str::FromStr;

/// How a number writes its decimal mark and digit grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumberStyle {
    /// `1,234.56` (US, UK, China, Hong Kong…).
    #[default]
    DotDecimal,
    /// `1.234,56` (Germany, Netherlands, Italy, Spain…).
    CommaDecimal,
    /// `1'234.56` / `11'373.94` (Switzerland, Liechtenstein).
    Apostrophe,
    /// `1 234,56` (France, Scandinavia, Poland, Czechia…; the space may be a
    /// no-break or narrow no-break space).
    SpaceComma,
}

impl NumberStyle {
    /// Every style, for tests and for callers that try each in turn.
    pub const ALL: [NumberStyle; 4] =
        [NumberStyle::DotDecimal, NumberStyle::CommaDecimal, NumberStyle::Apostrophe, NumberStyle::SpaceComma];

    /// The decimal mark of this style.
    pub fn decimal_mark(self) -> char {
        match self {
            NumberStyle::DotDecimal | NumberStyle::Apostrophe => '.',
            NumberStyle::CommaDecimal | NumberStyle::SpaceComma => ',',
        }
    }

    /// The grouping mark this style prints (parsing also accepts spaces).
    pub fn group_mark(self) -> char {
        match self {
            NumberStyle::DotDecimal => ',',
            NumberStyle::CommaDecimal => '.',
            NumberStyle::Apostrophe => '\'',
            NumberStyle::SpaceComma => ' ',
        }
    }
}

/// How a value said it was a credit or a debit, where it said so in words
/// or with a sign. Card readers need this: on a card statement "12.00 CR" is
/// money back, and a bare "12.00" is (usually) a purchase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SignForm {
    /// No sign at all: "12.00".
    #[default]
    Unsigned,
    /// Leading minus: "-12.00" (also U+2212 and en dash).
    Minus,
    /// Leading plus: "+12.00".
    Plus,
    /// Accounting parentheses: "(12.00)".
    Parens,
    /// Trailing minus: "12.00-" (SAP, IBM-style exports).
    TrailingMinus,
    /// "12.00 CR" (also "Cr", "cr", "CR.", "贷").
    Credit,
    /// "12.00 DR" (also "Dr", "dr", "借").
    Debit,
}

/// A parsed amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// Signed value: negative when the text had a minus, parentheses, a
    /// trailing minus or a DR mark; positive otherwise (CR marks positive).
    /// The scale is kept as printed ("12.00" has two decimals).
    pub value: Decimal,
    /// Currency named next to the number ("¥", "CNY", "$", "€"), if any.
    pub currency: Option<Currency>,
    /// How the sign was written.
    pub sign: SignForm,
}

impl Amount {
    /// True when the text carried an explicit credit mark ("CR", "贷").
    pub fn is_credit_marked(&self) -> bool {
        self.sign == SignForm::Credit
    }
    /// True when the text carried an explicit debit mark ("DR", "借").
    pub fn is_debit_marked(&self) -> bool {
        self.sign == SignForm::Debit
    }
    /// True when the text said anything about the sign (minus, plus,
    /// parentheses, CR/DR) — as opposed to a bare magnitude.
    pub fn has_explicit_sign(&self) -> bool {
        self.sign != SignForm::Unsigned
    }
}

/// Decides the number style of a column from all its values.
///
/// Values that decide: both `.` and `,` present (the later one is the decimal
/// mark), an apostrophe between digits, a space group before a comma, one
/// separator followed by 1–2 or 4+ digits (a decimal mark), a separator used
/// twice (a group mark). Values like "3.000" or "1,234" alone are ambiguous;
/// when every value with a separator is of that kind, the separator is taken
/// as a group mark (amounts with decimals would show two digits somewhere).
/// Defaults to [`NumberStyle::DotDecimal`].
///
/// ```
/// use slipcheck_core::statement::amount::{infer_style, NumberStyle};
/// assert_eq!(infer_style(["11'373.94", "12.00"]), NumberStyle::Apostrophe);
/// assert_eq!(infer_style(["1 234,56", "5,00"]), NumberStyle::SpaceComma);
/// assert_eq!(infer_style(["1,024.80", "-12.00"]), NumberStyle::DotDecimal);
/// assert_eq!(infer_style(["-3.000", "-12.000"]), NumberStyle::CommaDecimal);
/// ```
pub fn infer_style<'a>(values: impl IntoIterator<Item = &'a str>) -> NumberStyle {
    infer_style_evidence(values).0
}

/// Like [`infer_style`], but `None` when no value of the column decides (no
/// separators at all, or only ambiguous "x.xxx" / "x,xxx" values), so a
/// reader can fall back on the style of the file's other amount columns.
///
/// ```
/// use slipcheck_core::statement::amount::{infer_style_opt, NumberStyle};
/// assert_eq!(infer_style_opt(["-10", "5"]), None);
/// assert_eq!(infer_style_opt(["-3.000"]), None);
/// assert_eq!(infer_style_opt(["-16,52"]), Some(NumberStyle::CommaDecimal));
/// ```
pub fn infer_style_opt<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<NumberStyle> {
    let (style, decisive) = infer_style_evidence(values);
    decisive.then_some(style)
}

fn infer_style_evidence<'a>(values: impl IntoIterator<Item = &'a str>) -> (NumberStyle, bool) {
    let mut t = StyleTally::default();
    for v in values {
        t.add(v);
    }
    t.decide()
}

/// The evidence a column's values give for a number style ([`infer_style`]
/// from running counts, so a streaming reader can check its sample's
/// decision against the whole column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StyleTally {
    dot_dec: usize,
    comma_dec: usize,
    apostrophe: usize,
    space_group: usize,
    dot_ambiguous: usize,
    comma_ambiguous: usize,
}

impl StyleTally {
    pub fn add(&mut self, v: &str) {
        // "-123.45", "1000": plain ASCII numbers, the common case, counted
        // without collecting characters.
        let b = v.as_bytes();
        let digits = b.strip_prefix(b"-").unwrap_or(b);
        if digits.first().is_some_and(u8::is_ascii_digit) {
            // One pass: the position of the only '.', if every other byte is a digit.
            let mut dot = None;
            let mut plain = true;
            for (i, &c) in digits.iter().enumerate() {
                if c == b'.' && dot.is_none() {
                    dot = Some(i);
                } else if !c.is_ascii_digit() {
                    plain = false;
                    break;
                }
            }
            if plain {
                match dot {
                    None => return,
                    Some(i) if i + 1 < digits.len() => {
                        if digits.len() - i - 1 == 3 {
                            self.dot_ambiguous += 1;
                        } else {
                            self.dot_dec += 1;
                        }
                        return;
                    }
                    Some(_) => {}
                }
            }
        }
        self.add_general(v);
    }

    pub fn merged(self, o: StyleTally) -> StyleTally {
        StyleTally {
            dot_dec: self.dot_dec + o.dot_dec,
            comma_dec: self.comma_dec + o.comma_dec,
            apostrophe: self.apostrophe + o.apostrophe,
            space_group: self.space_group + o.space_group,
            dot_ambiguous: self.dot_ambiguous + o.dot_ambiguous,
            comma_ambiguous: self.comma_ambiguous + o.comma_ambiguous,
        }
    }

    fn add_general(&mut self, v: &str) {
        let StyleTally { dot_dec, comma_dec, apostrophe, space_group, dot_ambiguous, comma_ambiguous } = self;
        let Some(core) = numeric_core(v) else { return };
        let chars: Vec<char> = core.chars().collect();
        let has_apos = chars.iter().any(|c| matches!(c, '\'' | '’'));
        let has_space = chars.iter().any(|c| is_space_group(*c));
        let last_dot = chars.iter().rposition(|&c| c == '.');
        let last_comma = chars.iter().rposition(|&c| c == ',');
        let n_dot = chars.iter().filter(|&&c| c == '.').count();
        let n_comma = chars.iter().filter(|&&c| c == ',').count();
        if has_apos {
            *apostrophe += 1;
        }
        if has_space && n_comma > 0 && n_dot == 0 {
            *space_group += 1;
        }
        match (last_dot, last_comma) {
            (Some(d), Some(c)) => {
                if d > c {
                    *dot_dec += 1
                } else {
                    *comma_dec += 1
                }
            }
            (Some(d), None) => {
                let after = digits_after(&chars, d);
                if n_dot > 1 {
                    *comma_dec += 1; // "1.234.567": dot groups
                } else if after == 3 {
                    *dot_ambiguous += 1;
                } else {
                    *dot_dec += 1;
                }
            }
            (None, Some(c)) => {
                let after = digits_after(&chars, c);
                if n_comma > 1 {
                    *dot_dec += 1;
                } else if after == 3 {
                    *comma_ambiguous += 1;
                } else {
                    *comma_dec += 1;
                }
            }
            (None, None) => {}
        }
    }

    /// Adds `n` votes of a plain value ([`Plain::vote`] 1 or 2) written
    /// with the decimal mark `mark`: what `n` calls of [`StyleTally::add`]
    /// on such values count.
    pub(crate) fn add_plain_votes(&mut self, mark: u8, vote: usize, n: usize) {
        match (mark, vote) {
            (b'.', 1) => self.dot_dec += n,
            (b'.', 2) => self.dot_ambiguous += n,
            (_, 1) => self.comma_dec += n,
            (_, 2) => self.comma_ambiguous += n,
            _ => {}
        }
    }

    /// The style and whether anything decided it.
    pub fn decide(&self) -> (NumberStyle, bool) {
        let StyleTally { dot_dec, comma_dec, apostrophe, space_group, dot_ambiguous, comma_ambiguous } = *self;
        if apostrophe > 0 && apostrophe >= comma_dec {
            return (NumberStyle::Apostrophe, true);
        }
        if comma_dec > dot_dec {
            return (if space_group > 0 { NumberStyle::SpaceComma } else { NumberStyle::CommaDecimal }, true);
        }
        if dot_dec > 0 {
            return (NumberStyle::DotDecimal, true);
        }
        // Nothing decisive: only "x.xxx" / "x,xxx" kinds (or no separators).
        if dot_ambiguous > 0 && comma_ambiguous == 0 {
            return (if space_group > 0 { NumberStyle::SpaceComma } else { NumberStyle::CommaDecimal }, false);
        }
        if space_group > 0 {
            return (NumberStyle::SpaceComma, false);
        }
        (NumberStyle::DotDecimal, false)
    }
}

fn digits_after(chars: &[char], i: usize) -> usize {
    chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count()
}

fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The part of `s` from its first to its last digit, if it contains one.
fn numeric_core(s: &str) -> Option<&str> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let end = s.rfind(|c: char| c.is_ascii_digit())? + 1;
    Some(&s[start..end])
}

/// Parses one amount with a column's `style`.
///
/// Accepts surrounding spaces, tabs and quotes; a currency symbol or ISO code
/// before or after the number (with or without a space); the sign forms of
/// [`SignForm`]; group marks of the style and spaces as group marks. Returns
/// `None` for text that is not an amount (empty, `/`, words, two numbers), so
/// callers can also use it to test whether a column holds amounts.
///
/// ```
/// use slipcheck_core::statement::amount::{parse_amount, NumberStyle, SignForm};
/// use rust_decimal::Decimal;
/// use std::str::FromStr;
/// let d = |s| Decimal::from_str(s).unwrap();
/// let p = |s| parse_amount(s, NumberStyle::DotDecimal).unwrap();
/// assert_eq!(p("  \"-12.00\"\t").value, d("-12.00"));
/// assert_eq!(p("+12.00").value, d("12.00"));
/// assert_eq!(p("12.00-").sign, SignForm::TrailingMinus);
/// assert_eq!(p("12.00 DR").value, d("-12.00"));
/// assert_eq!(p("CNY 123.18").currency.unwrap().code(), "CNY");
/// assert_eq!(p("USD1,024.80").value, d("1024.80"));
/// assert_eq!(p("-$1,024.80").value, d("-1024.80"));
/// assert_eq!(parse_amount("€ 5,00", NumberStyle::CommaDecimal).unwrap().value, d("5.00"));
/// assert_eq!(parse_amount("1 234,56", NumberStyle::SpaceComma).unwrap().value, d("1234.56"));
/// assert!(parse_amount("/", NumberStyle::DotDecimal).is_none());
/// assert!(parse_amount("Ref 12", NumberStyle::DotDecimal).is_none());
/// ```
pub fn parse_amount(s: &str, style: NumberStyle) -> Option<Amount> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\u{feff}' | '='));
    // A leading apostrophe is Excel's "text" marker ('123.45), not a group.
    let s = s.strip_prefix('\'').unwrap_or(s).trim();
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let end = s.rfind(|c: char| c.is_ascii_digit())? + 1;
    let (mut prefix, core, suffix) = (&s[..start], &s[start..end], &s[end..]);
    // ".50" / ",50": the decimal mark sits in the prefix.
    let mut core_owned = String::new();
    if prefix.ends_with(style.decimal_mark()) {
        prefix = &prefix[..prefix.len() - 1];
        core_owned.push('0');
        core_owned.push('.');
    }

    let mut sign = SignForm::Unsigned;
    let mut negative = false;
    let mut currency = None;

    // Prefix: signs, "(", currency.
    let mut rest = String::new();
    for c in prefix.chars() {
        match c {
            '-' | '\u{2212}' | '\u{2013}' => {
                negative = true;
                sign = SignForm::Minus;
            }
            '+' => sign = SignForm::Plus,
            '(' => {
                negative = true;
                sign = SignForm::Parens;
            }
            c if c.is_whitespace() => rest.push(' '),
            c => rest.push(c),
        }
    }
    let rest = rest.trim();
    if !rest.is_empty() {
        currency = Some(currency_token(rest)?);
    }

    // Suffix: ")", trailing minus, CR/DR, currency.
    let mut suf = suffix.trim();
    if let Some(x) = suf.strip_prefix(')') {
        if sign != SignForm::Parens {
            return None;
        }
        suf = x.trim_start();
    } else if sign == SignForm::Parens {
        // "(12.00" without its closing parenthesis may still close later.
        if let Some(i) = suf.find(')') {
            suf = suf[..i].trim();
        } else {
            return None;
        }
    }
    let mut words = String::new();
    for c in suf.chars() {
        match c {
            '-' | '\u{2212}' if sign == SignForm::Unsigned || sign == SignForm::TrailingMinus => {
                negative = true;
                sign = SignForm::TrailingMinus;
            }
            ')' => {}
            c if c.is_whitespace() => words.push(' '),
            c => words.push(c),
        }
    }
    for w in words.split_whitespace() {
        let lw = w.trim_end_matches('.').to_ascii_lowercase();
        match lw.as_str() {
            "cr" | "贷" | "credit" => {
                sign = SignForm::Credit;
            }
            "dr" | "借" | "debit" => {
                negative = true;
                sign = SignForm::Debit;
            }
            _ => {
                // "12.00元", "5,00 €", "123.18CNY", "12.00CR".
                let (cur, cd) = split_trailing_cd(w);
                if !cur.is_empty() {
                    let c = currency_token(cur)?;
                    if currency.is_some() && currency != Some(c) {
                        return None;
                    }
                    currency = Some(c);
                }
                match cd {
                    Some(true) => sign = SignForm::Credit,
                    Some(false) => {
                        negative = true;
                        sign = SignForm::Debit
                    }
                    None => {}
                }
            }
        }
    }

    let mark = style.decimal_mark();
    let mut seen_mark = !core_owned.is_empty();
    // Digits since the last group mark, to check grouping ("1,23.4" is not a
    // number in dot style; it is a sign the style is wrong for this value).
    let mut run = 0usize;
    let mut after_group = false;
    for c in core.chars() {
        if c.is_ascii_digit() {
            core_owned.push(c);
            run += 1;
        } else if c == mark {
            if seen_mark || (after_group && run != 3) {
                return None;
            }
            seen_mark = true;
            core_owned.push('.');
            run = 0;
            after_group = false;
        } else if is_group(c, style) {
            if seen_mark || run == 0 || (after_group && !(run == 3 || run == 2)) {
                return None;
            }
            after_group = true;
            run = 0;
        } else {
            return None;
        }
    }
    if after_group && !seen_mark && run != 3 {
        return None;
    }
    let mut value = Decimal::from_str(&core_owned).ok()?;
    if negative {
        value.set_sign_negative(true);
    }
    Some(Amount { value, currency, sign })
}

/// [`parse_amount`] for the plain shapes that fill big exports ("-123.45",
/// "1000", "12,50" in a comma style): `None` means "not this shape" (use
/// [`parse_amount`]), never "not an amount". Gives exactly what
/// [`parse_amount`] gives for these shapes.
pub fn parse_plain(s: &str, style: NumberStyle) -> Option<Amount> {
    let p = parse_plain_bytes(s.as_bytes(), style.decimal_mark() as u8)?;
    let mut value = Decimal::new(p.mantissa, p.scale);
    if p.negative {
        value.set_sign_negative(true);
    }
    Some(Amount { value, currency: None, sign: if p.negative { SignForm::Minus } else { SignForm::Unsigned } })
}

/// A plain amount as integers: what [`parse_plain`] reads, before it
/// becomes a `Decimal` (the CSV import's compiled parsers keep it so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plain {
    /// The digits, unsigned (at most 18, so it fits).
    pub mantissa: i64,
    pub scale: u32,
    /// A leading minus (also on zero: "-0.00").
    pub negative: bool,
    /// A decimal mark was written.
    pub marked: bool,
}

impl Plain {
    /// The vote [`StyleTally::add`] gives this value: 0 none (no mark), 1 a
    /// decimal mark, 2 ambiguous (three digits after the mark: "1.234").
    pub fn vote(self) -> usize {
        match (self.marked, self.scale) {
            (false, _) => 0,
            (true, 3) => 2,
            (true, _) => 1,
        }
    }
}

/// [`parse_plain`] on bytes with the decimal `mark` (`b'.'` or `b','`).
#[inline(always)]
pub(crate) fn parse_plain_bytes(b: &[u8], mark: u8) -> Option<Plain> {
    let (negative, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    // Two tight loops, no per-byte test for the mark: the whole digits, then
    // (after exactly one mark that follows a digit) the fraction digits.
    let n = digits.len();
    let mut m: u64 = 0;
    let mut i = 0;
    while i < n {
        let d = digits[i].wrapping_sub(b'0');
        if d >= 10 {
            break;
        }
        m = m * 10 + d as u64;
        i += 1;
    }
    let (scale, marked) = if i == n {
        (0, false)
    } else {
        // A mark first, another byte, or "12." (let the full parser decide).
        if i == 0 || digits[i] != mark || i + 1 == n {
            return None;
        }
        let k = i;
        i += 1;
        while i < n {
            let d = digits[i].wrapping_sub(b'0');
            if d >= 10 {
                return None;
            }
            m = m * 10 + d as u64;
            i += 1;
        }
        ((n - k - 1) as u32, true)
    };
    // At most 18 digits: fits.
    let mantissa = m as i64;
    Some(Plain { mantissa, scale, negative, marked })
}

fn is_group(c: char, style: NumberStyle) -> bool {
    if is_space_group(c) {
        return true;
    }
    match style {
        NumberStyle::DotDecimal => c == ',',
        NumberStyle::CommaDecimal => c == '.',
        NumberStyle::Apostrophe => matches!(c, '\'' | '’'),
        NumberStyle::SpaceComma => false,
    }
}

/// "12.00CR" leaves "CR" glued to the number's end; split it off a currency.
fn split_trailing_cd(w: &str) -> (&str, Option<bool>) {
    let lw = w.to_ascii_lowercase();
    if lw.len() >= 2 && w.is_char_boundary(w.len() - 2) {
        if lw.ends_with("cr") && !lw.ends_with("eur") {
            let head = &w[..w.len() - 2];
            if head.is_empty() || currency_token(head).is_some() {
                return (head, Some(true));
            }
        }
        if lw.ends_with("dr") {
            let head = &w[..w.len() - 2];
            if head.is_empty() || currency_token(head).is_some() {
                return (head, Some(false));
            }
        }
    }
    (w, None)
}

/// A currency symbol, local name or ISO code as printed next to an amount.
pub fn currency_token(s: &str) -> Option<Currency> {
    let s = s.trim();
    match s {
        "元" | "圆" | "RMB" | "rmb" | "CN¥" | "CN￥" => return Currency::new("CNY"),
        "JP¥" | "JP￥" => return Currency::new("JPY"),
        "SFr." | "Fr" | "sFr." => return Currency::new("CHF"),
        "zł" => return Currency::new("PLN"),
        "Kč" => return Currency::new("CZK"),
        _ => {}
    }
    if let Some(c) = Currency::from_symbol(s) {
        // Currency::new accepts any three letters; only accept real-looking
        // codes when they are upper case (so "abc 12" is not an amount).
        if s.chars().all(|c| c.is_ascii_alphabetic()) && s.len() == 3 && !s.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        return Some(c);
    }
    None
}

/// Formats `value` in `style`, with group marks when `grouped`. The inverse of
/// [`parse_amount`] for unsigned/minus forms; used by tests and generators.
///
/// ```
/// use slipcheck_core::statement::amount::{format_amount, NumberStyle};
/// use rust_decimal::Decimal;
/// use std::str::FromStr;
/// let v = Decimal::from_str("-1234567.50").unwrap();
/// assert_eq!(format_amount(v, NumberStyle::CommaDecimal, true), "-1.234.567,50");
/// assert_eq!(format_amount(v, NumberStyle::Apostrophe, true), "-1'234'567.50");
/// ```
pub fn format_amount(value: Decimal, style: NumberStyle, grouped: bool) -> String {
    let plain = value.abs().to_string();
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::new();
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if grouped && i > 0 && (n - i) % 3 == 0 {
            out.push(style.group_mark());
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(style.decimal_mark());
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn styles_from_columns() {
        assert_eq!(infer_style(["1.234,56", "-12,00"]), NumberStyle::CommaDecimal);
        assert_eq!(infer_style(["12,5", "3"]), NumberStyle::CommaDecimal);
        assert_eq!(infer_style(["1,234", "12.5"]), NumberStyle::DotDecimal);
        assert_eq!(infer_style(["1,234", "5,678"]), NumberStyle::DotDecimal);
        assert_eq!(infer_style(["", "/", "12"]), NumberStyle::DotDecimal);
    }

    proptest::proptest! {
        /// The plain fast path reads exactly what the full parser reads, and
        /// its vote is what `StyleTally::add` counts for the value.
        #[test]
        fn plain_is_the_full_parser_on_plain_shapes(v in "-?[0-9]{0,6}([.,][0-9]{0,5})?[.,]?[0-9]{0,2}", comma in proptest::bool::ANY) {
            let style = if comma { NumberStyle::CommaDecimal } else { NumberStyle::DotDecimal };
            if let Some(p) = parse_plain(&v, style) {
                let full = parse_amount(&v, style).expect("a plain number is an amount");
                proptest::prop_assert_eq!(p.value, full.value);
                proptest::prop_assert_eq!(p.value.scale(), full.value.scale());
                proptest::prop_assert_eq!(p.value.is_sign_negative(), full.value.is_sign_negative());
                let plain = parse_plain_bytes(v.as_bytes(), style.decimal_mark() as u8).unwrap();
                let mut counted = StyleTally::default();
                counted.add(&v);
                let mut voted = StyleTally::default();
                voted.add_plain_votes(style.decimal_mark() as u8, plain.vote(), 1);
                proptest::prop_assert_eq!(counted, voted);
            }
        }
    }

    #[test]
    fn sign_forms() {
        let p = |s| parse_amount(s, NumberStyle::DotDecimal).unwrap();
        assert_eq!(p("(12.00)").value, d("-12.00"));
        assert_eq!(p("(12.00)").sign, SignForm::Parens);
        assert_eq!(p("12.00-").value, d("-12.00"));
        assert_eq!(p("12.00 CR").value, d("12.00"));
        assert_eq!(p("12.00CR").sign, SignForm::Credit);
        assert_eq!(p("-¥88.50").value, d("-88.50"));
        assert_eq!(p("¥-88.50").value, d("-88.50"));
        assert_eq!(p("￥88.50").currency.unwrap().code(), "CNY");
        assert_eq!(p("88.50元").currency.unwrap().code(), "CNY");
        assert_eq!(p("'123.45").value, d("123.45"));
        assert_eq!(p(".50").value, d("0.50"));
        assert_eq!(p("1,00,000.00").value, d("100000.00"));
        assert!(parse_amount("1,23.4", NumberStyle::DotDecimal).is_none());
        assert!(parse_amount("12/03/2026", NumberStyle::DotDecimal).is_none());
        assert!(parse_amount("abc 12", NumberStyle::DotDecimal).is_none());
        assert!(parse_amount("1.234.56", NumberStyle::DotDecimal).is_none());
        assert_eq!(parse_amount("5,00 €", NumberStyle::CommaDecimal).unwrap().currency.unwrap().code(), "EUR");
        assert_eq!(parse_amount("CHF 11'373.94", NumberStyle::Apostrophe).unwrap().value, d("11373.94"));
    }
}
