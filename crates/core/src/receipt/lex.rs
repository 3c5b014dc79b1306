//! Small lexical helpers shared by the receipt readers: OCR-tolerant views of
//! a line, money tokens, dates, times and masked card numbers.
//!
//! Every line gets two views of the same length (in chars) so that a position
//! found in one is valid in the other: a *label* view (upper case, digits that
//! sit between letters read as the letters OCR confuses them with, so `AM0UNT`
//! matches `AMOUNT`) and a *number* view (letters that sit between digits read
//! as digits, so `6046l1203111` is an RRN and `18.S2` an amount).

use crate::money::Currency;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Full-width forms to ASCII, one char for one char (keeps positions).
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' if c != '￥' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '：' => ':',
        _ => c,
    }
}

fn confusable_digit(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' => '0',
        'l' | 'I' | '|' | 'i' => '1',
        'S' | 's' => '5',
        'B' => '8',
        'Z' => '2',
        _ => return None,
    })
}

fn confusable_letter(c: char) -> Option<char> {
    Some(match c {
        '0' => 'O',
        '1' => 'L',
        '5' => 'S',
        '8' => 'B',
        _ => return None,
    })
}

/// Label view: upper case, a digit flanked by ASCII letters read as a letter.
pub fn label_view(s: &str) -> String {
    let cs: Vec<char> = s.chars().map(halfwidth).collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in cs.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| cs.get(j)).copied();
        let next = cs.get(i + 1).copied();
        let is_l = |o: Option<char>| o.is_some_and(|x| x.is_ascii_alphabetic());
        let is_d = |o: Option<char>| o.is_some_and(|x| x.is_ascii_digit());
        let c2 = match confusable_letter(c) {
            // A letter on one side and no digit on the other: a misread letter.
            Some(l) if (is_l(prev) && !is_d(next)) || (is_l(next) && !is_d(prev)) => l,
            _ => c,
        };
        out.extend(c2.to_uppercase().next());
    }
    out
}

/// Number view: a letter OCR confuses with a digit, touching a digit (or a
/// decimal separator next to a digit), read as the digit. Repeated so runs
/// like `2O2S` are fixed from either end.
pub fn num_view(s: &str) -> String {
    let mut cs: Vec<char> = s.chars().map(halfwidth).collect();
    for _ in 0..4 {
        let mut changed = false;
        for i in 0..cs.len() {
            let Some(d) = confusable_digit(cs[i]) else {
                continue;
            };
            let prev = if i > 0 { Some(cs[i - 1]) } else { None };
            let next = cs.get(i + 1).copied();
            let digitish = |o: Option<char>| o.is_some_and(|x| x.is_ascii_digit());
            let sep_digit = |o: Option<char>, far: Option<char>| {
                o.is_some_and(|x| x == '.' || x == ',' || x == ':' || x == '/') && digitish(far)
            };
            let far_prev = if i > 1 { Some(cs[i - 2]) } else { None };
            let far_next = cs.get(i + 2).copied();
            // A letter glued to other letters is a word, not a digit ("USD", "SALE").
            // A confusable letter beside a plain letter is part of a word too ("USD1,024.80").
            let wordy = |x: Option<char>, beyond: Option<char>| {
                x.is_some_and(|x| {
                    x.is_alphabetic()
                        && (confusable_digit(x).is_none()
                            || beyond.is_some_and(|b| {
                                b.is_alphabetic() && confusable_digit(b).is_none()
                            }))
                })
            };
            let letter_prev = wordy(prev, if i > 1 { Some(cs[i - 2]) } else { None });
            let letter_next = wordy(next, cs.get(i + 2).copied());
            if letter_prev || letter_next {
                continue;
            }
            if digitish(prev)
                || digitish(next)
                || sep_digit(prev, far_prev)
                || sep_digit(next, far_next)
            {
                cs[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    cs.into_iter().collect()
}

/// A money amount found in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyTok {
    pub amount: Decimal,
    pub currency: Option<Currency>,
    /// Char offset of the amount's first char in the line.
    pub start: usize,
    pub end: usize,
    pub negative: bool,
    /// True when the amount had a decimal part (12.34), which tells money
    /// from ids and quantities.
    pub has_decimals: bool,
}

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("人民币", "CNY"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("US$", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("JPY", "JPY"),
    ("HKD", "HKD"),
    ("HK$", "HKD"),
    ("SGD", "SGD"),
    ("S$", "SGD"),
    ("MYR", "MYR"),
    ("AUD", "AUD"),
    ("A$", "AUD"),
    ("CAD", "CAD"),
    ("C$", "CAD"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("PLN", "PLN"),
    ("CZK", "CZK"),
    ("THB", "THB"),
    ("KRW", "KRW"),
    ("INR", "INR"),
    ("TWD", "TWD"),
    ("NZD", "NZD"),
    ("RM", "MYR"),
    ("美元", "USD"),
    ("欧元", "EUR"),
    ("英镑", "GBP"),
    ("港币", "HKD"),
    ("日元", "JPY"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("元", "CNY"),
];

fn currency_before(cs: &[char], start: usize) -> Option<Currency> {
    // Skip spaces and a minus sign between the currency and the number.
    let mut i = start;
    while i > 0 && (cs[i - 1] == ' ' || cs[i - 1] == '-') {
        i -= 1;
    }
    let before: String = cs[..i].iter().collect();
    let up = before.to_uppercase();
    for (w, code) in CURRENCY_WORDS {
        if up.ends_with(w) {
            // "RM" must not be the tail of a word ("FORM").
            let wl = w.chars().count();
            let pre = up.chars().rev().nth(wl);
            if w.chars().all(|c| c.is_ascii_alphabetic())
                && pre.is_some_and(|p| p.is_ascii_alphabetic())
            {
                continue;
            }
            return Currency::new(code);
        }
    }
    None
}

fn currency_after(cs: &[char], end: usize) -> Option<Currency> {
    let mut i = end;
    while i < cs.len() && cs[i] == ' ' {
        i += 1;
    }
    let after: String = cs[i..].iter().take(4).collect();
    let up = after.to_uppercase();
    for (w, code) in CURRENCY_WORDS {
        if up.starts_with(w) && w.chars().count() >= 1 {
            let wl = w.chars().count();
            if w.chars().all(|c| c.is_ascii_alphabetic())
                && up.chars().nth(wl).is_some_and(|p| p.is_ascii_alphabetic())
            {
                continue;
            }
            if *w == "$" || *w == "£" {
                continue; // a dollar or pound sign after a number belongs to the next one
            }
            return Currency::new(code);
        }
    }
    None
}

/// Every money-looking number in `line` (already in number view). A number
/// counts when it has two (or three) decimals, or a currency next to it.
/// `decimal_comma` forces `1.234,56` style; otherwise the style is taken
/// from the token itself (the last separator followed by 2 digits).
pub fn money_tokens(line: &str) -> Vec<MoneyTok> {
    let cs: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // Not part of a longer alphanumeric word (ids like A0000000031010).
        if i > 0
            && cs[i - 1].is_ascii_alphabetic()
            && !matches!(cs[i - 1], 'D' | 'R' | 'P' | 'F' | 'Y' | 'M' | 'B')
        {
            while i < cs.len() && (cs[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            continue;
        }
        let start = i;
        let mut j = i;
        // digits with single separators between digit groups
        while j < cs.len() {
            let sep = matches!(cs[j], ',' | '.' | '\'')
                && cs.get(j + 1).is_some_and(|c| c.is_ascii_digit());
            if cs[j].is_ascii_digit() || sep {
                j += 1;
            } else {
                break;
            }
        }
        let end = j;
        let tok: String = cs[start..end].iter().collect();
        i = end;
        // Dates and times are not money.
        if end < cs.len()
            && (cs[end] == '/'
                || cs[end] == ':'
                || cs[end] == '-' && cs.get(end + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        if start > 1
            && (cs[start - 1] == '/' || cs[start - 1] == ':')
            && cs[start - 2].is_ascii_digit()
        {
            continue;
        }
        if start > 0 && cs[start - 1] == '-' && start > 1 && cs[start - 2].is_ascii_digit() {
            continue;
        }
        // A trailing '%' makes it a rate.
        if cs.get(end) == Some(&'%') {
            continue;
        }
        let Some((amount, has_decimals)) = parse_number(&tok) else {
            continue;
        };
        let cur = currency_before(&cs, start).or_else(|| currency_after(&cs, end));
        if !has_decimals && cur.is_none() {
            continue;
        }
        // Integers with a currency only when short (ids are long).
        if !has_decimals && tok.len() > 7 {
            continue;
        }
        let negative = {
            let mut k = start;
            let mut neg = false;
            while k > 0 {
                let c = cs[k - 1];
                if c == '-' {
                    neg = true;
                    break;
                }
                if c == ' '
                    || c == '$'
                    || c == '£'
                    || c == '€'
                    || c == '¥'
                    || c == '￥'
                    || c.is_ascii_uppercase()
                {
                    k -= 1;
                    continue;
                }
                break;
            }
            neg || cs.get(end) == Some(&'-')
                || (start > 0 && cs[start - 1] == '(' && cs.get(end) == Some(&')'))
        };
        out.push(MoneyTok {
            amount,
            currency: cur,
            start,
            end,
            negative,
            has_decimals,
        });
    }
    out
}

/// Parses `1,234.56`, `1.234,56`, `12,34`, `1234.5`, `1'234.50`. Returns the
/// value and whether it had a decimal part.
pub fn parse_number(tok: &str) -> Option<(Decimal, bool)> {
    let last_sep = tok.rfind(['.', ',']);
    let (int_part, frac) = match last_sep {
        Some(p) => {
            let frac = &tok[p + 1..];
            let sep_count = tok.matches(['.', ',']).count();
            let sep = &tok[p..p + 1];
            // "1,234" with one comma and three digits is a thousands group.
            if frac.len() == 3 && (sep == "," || sep_count > 1 && tok.matches(sep).count() > 1) {
                (tok.to_string(), "")
            } else if frac.len() == 2 || frac.len() == 1 || frac.len() == 3 {
                (tok[..p].to_string(), frac)
            } else {
                (tok.to_string(), "")
            }
        }
        None => (tok.to_string(), ""),
    };
    let int_digits: String = int_part.chars().filter(|c| c.is_ascii_digit()).collect();
    if int_digits.is_empty() || int_digits.len() > 12 {
        return None;
    }
    let s = if frac.is_empty() {
        int_digits
    } else {
        format!("{int_digits}.{frac}")
    };
    Decimal::from_str(&s).ok().map(|d| (d, !frac.is_empty()))
}

/// A date read from text. Slashed dates with both parts ≤ 12 are ambiguous
/// (US month-first vs day-first): kept as both until the file tells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DateTok {
    Full(NaiveDate),
    /// Day-first reading, month-first reading.
    Ambiguous(NaiveDate, NaiveDate),
    /// Month and day without a year.
    MonthDay(u32, u32),
}

fn year4(y: i32) -> i32 {
    if y < 100 {
        2000 + y
    } else {
        y
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

const MONTHS: &[(&str, u32)] = &[
    ("JAN", 1),
    ("FEB", 2),
    ("MAR", 3),
    ("APR", 4),
    ("MAY", 5),
    ("JUN", 6),
    ("JUL", 7),
    ("AUG", 8),
    ("SEP", 9),
    ("OCT", 10),
    ("NOV", 11),
    ("DEC", 12),
    ("MRZ", 3),
    ("MAI", 5),
    ("OKT", 10),
    ("DEZ", 12),
    ("MEI", 5),
    ("MAA", 3),
];

fn month_word(w: &str) -> Option<u32> {
    let up = w.to_uppercase();
    if up.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(m, _)| up.starts_with(m))
        .map(|(_, n)| *n)
}

/// Finds a date in `line` (number view). Returns the date and its char span.
pub fn find_date(line: &str) -> Option<(DateTok, usize, usize)> {
    let cs: Vec<char> = line.chars().collect();
    let n = cs.len();
    let digits_at = |i: usize| -> (u32, usize) {
        let mut j = i;
        let mut v: u32 = 0;
        while j < n && cs[j].is_ascii_digit() && j - i < 4 {
            v = v * 10 + cs[j].to_digit(10).unwrap_or(0);
            j += 1;
        }
        (v, j - i)
    };
    let mut i = 0;
    while i < n {
        if !cs[i].is_ascii_digit() || (i > 0 && cs[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let (a, la) = digits_at(i);
        let p = i + la;
        // Chinese: YYYY年MM月DD日 / MM月DD日
        if p < n && cs[p] == '年' {
            let (m, lm) = digits_at(p + 1);
            if lm > 0 && cs.get(p + 1 + lm) == Some(&'月') {
                let (d, ld) = digits_at(p + 2 + lm);
                if ld > 0 {
                    if let Some(dt) = ymd(a as i32, m, d) {
                        let e =
                            p + 2 + lm + ld + usize::from(cs.get(p + 2 + lm + ld) == Some(&'日'));
                        return Some((DateTok::Full(dt), i, e));
                    }
                }
            }
        }
        if p < n && cs[p] == '月' && la <= 2 {
            let (d, ld) = digits_at(p + 1);
            if ld > 0 && (1..=12).contains(&a) && (1..=31).contains(&d) {
                let e = p + 1 + ld + usize::from(cs.get(p + 1 + ld) == Some(&'日'));
                return Some((DateTok::MonthDay(a, d), i, e));
            }
        }
        if p < n && matches!(cs[p], '/' | '-' | '.') {
            let sep = cs[p];
            let (b, lb) = digits_at(p + 1);
            let q = p + 1 + lb;
            if lb > 0 && lb <= 2 && q < n && cs[q] == sep {
                // Third part: take at most 4 digits for a year, 2 for a day
                // (so "2025/05/0119:58:33" splits into date and time).
                let (c, lc) = {
                    let (v, l) = digits_at(q + 1);
                    if la == 4 && l > 2 {
                        let s: String = cs[q + 1..q + 3].iter().collect();
                        (s.parse().unwrap_or(0), 2)
                    } else {
                        (v, l)
                    }
                };
                let e = q + 1 + lc;
                if lc > 0 {
                    if la == 4 {
                        if let Some(dt) = ymd(a as i32, b, c) {
                            return Some((DateTok::Full(dt), i, e));
                        }
                    } else if la <= 2
                        && (lc == 4 || lc == 2)
                        && !(lc == 2 && e < n && cs[e].is_ascii_digit())
                    {
                        let y = year4(c as i32);
                        let dm = ymd(y, b, a);
                        let md = ymd(y, a, b);
                        // A time like 12.55.17 is not a date.
                        let tok = match (dm, md) {
                            (Some(x), Some(y2)) if x != y2 => Some(DateTok::Ambiguous(x, y2)),
                            (Some(x), _) => Some(DateTok::Full(x)),
                            (None, Some(y2)) => Some(DateTok::Full(y2)),
                            _ => None,
                        };
                        if sep == '.' && (dm.is_none()) {
                            i = e;
                            continue;
                        }
                        if let Some(t) = tok {
                            // Dotted dates are day-first everywhere.
                            let t = match (sep, t) {
                                ('.', DateTok::Ambiguous(x, _)) => DateTok::Full(x),
                                (_, t) => t,
                            };
                            return Some((t, i, e));
                        }
                    }
                }
            }
        }
        // "22 Jan 2026", "22-JAN-26"
        if la <= 2 && p < n && matches!(cs[p], ' ' | '-' | '.') {
            let rest: String = cs[p + 1..].iter().take(12).collect();
            let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            if let Some(m) = month_word(&word) {
                let after = p + 1 + word.chars().count();
                let mut k = after;
                while k < n && matches!(cs[k], ' ' | '-' | '.' | ',') {
                    k += 1;
                }
                let (y, ly) = digits_at(k);
                if ly == 4 || ly == 2 {
                    if let Some(dt) = ymd(year4(y as i32), m, a) {
                        return Some((DateTok::Full(dt), i, k + ly));
                    }
                }
            }
        }
        i = p.max(i + 1);
    }
    // "Jan 22, 2026"
    let up: String = cs.iter().collect();
    for (idx, _) in up.char_indices() {
        let w: String = up[idx..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if idx > 0
            && up[..idx]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        if let Some(m) = month_word(&w) {
            let start = up[..idx].chars().count();
            let mut k = start + w.chars().count();
            while k < n && matches!(cs[k], ' ' | '.') {
                k += 1;
            }
            let (d, ld) = digits_at(k);
            if ld == 0 || ld > 2 {
                continue;
            }
            let mut k2 = k + ld;
            while k2 < n && matches!(cs[k2], ' ' | ',') {
                k2 += 1;
            }
            let (y, ly) = digits_at(k2);
            if ly == 4 {
                if let Some(dt) = ymd(y as i32, m, d) {
                    return Some((DateTok::Full(dt), start, k2 + 4));
                }
            }
        }
    }
    None
}

/// Day-first or month-first `DD.MM.` / `DD/MM` without a year is not read:
/// too easily a price or a ratio. Only `MM月DD日` gives a year-less date.
///
/// Finds a time `HH:MM[:SS]` (with optional AM/PM) in `line`.
pub fn find_time(line: &str) -> Option<(NaiveTime, usize)> {
    let cs: Vec<char> = line.chars().collect();
    let n = cs.len();
    let two = |i: usize| -> Option<u32> {
        if i + 1 < n && cs[i].is_ascii_digit() && cs[i + 1].is_ascii_digit() {
            Some(cs[i].to_digit(10)? * 10 + cs[i + 1].to_digit(10)?)
        } else {
            None
        }
    };
    for i in 0..n {
        if cs[i] != ':' || i == 0 {
            continue;
        }
        let (h, hs) = if i >= 2 && two(i - 2).is_some() {
            (two(i - 2), i - 2)
        } else if cs[i - 1].is_ascii_digit() {
            (cs[i - 1].to_digit(10), i - 1)
        } else {
            (None, i)
        };
        let Some(mut h) = h else { continue };
        let Some(m) = two(i + 1) else { continue };
        let s = if cs.get(i + 3) == Some(&':') {
            two(i + 4).unwrap_or(0)
        } else {
            0
        };
        let tail: String = cs[i + 3..]
            .iter()
            .take(8)
            .collect::<String>()
            .to_uppercase();
        let tail = tail
            .trim_start_matches(|c: char| c == ':' || c.is_ascii_digit())
            .trim_start();
        if tail.starts_with("PM") && h < 12 {
            h += 12;
        } else if tail.starts_with("AM") && h == 12 {
            h = 0;
        }
        if let Some(t) = NaiveTime::from_hms_opt(h, m, s) {
            return Some((t, hs));
        }
    }
    None
}

/// Last four digits of a masked card number in `line` (number view):
/// `************1234`, `6222 **** **** 1234`, `625807******5290`, `XXXX1234`,
/// `**** 1111`, `*7981`.
pub fn masked_pan(line: &str) -> Option<(String, Option<String>)> {
    let cs: Vec<char> = line.chars().collect();
    let n = cs.len();
    let is_mask = |c: char| matches!(c, '*' | 'X' | 'x' | '#' | '•' | '●' | '·' | '.' | '…');
    let mut i = 0;
    while i < n {
        if is_mask(cs[i]) {
            // Run start: include leading digits (BIN) before the mask.
            let mut s = i;
            while s > 0 && (cs[s - 1].is_ascii_digit() || cs[s - 1] == ' ') {
                s -= 1;
            }
            let mut j = i;
            let mut masks = 0;
            while j < n && (is_mask(cs[j]) || cs[j] == ' ' || cs[j] == '-') {
                if is_mask(cs[j]) {
                    masks += 1;
                }
                j += 1;
            }
            let d0 = j;
            while j < n && cs[j].is_ascii_digit() {
                j += 1;
            }
            let x_alone = cs[i] == 'X' || cs[i] == 'x';
            // Four digits ending the number, not the start of an amount ("…1234.50").
            let ends = !cs
                .get(j)
                .is_some_and(|c| *c == '.' || *c == ',' || c.is_ascii_digit());
            let dots = cs[i] == '.' || cs[i] == '…';
            if dots && (masks < 3 && cs[i] != '…' || s < i) {
                i = j.max(i + 1);
                continue;
            }
            if j - d0 == 4
                && ends
                && (masks >= 2 || (masks == 1 && cs[i] == '*'))
                && !(x_alone && masks < 4)
            {
                let last: String = cs[d0..j].iter().collect();
                let bin: String = cs[s..i].iter().filter(|c| c.is_ascii_digit()).collect();
                return Some((last, if bin.len() >= 4 { Some(bin) } else { None }));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// A run of id characters after a label: letters, digits, `*`.
pub fn id_after(s: &str) -> Option<String> {
    let t = s.trim_start_matches(|c: char| {
        c == ':'
            || c == '#'
            || c == '.'
            || c == ' '
            || c == '('
            || c == ')'
            || c == '：'
            || c == '-'
            || c == '/'
    });
    let id: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '*' || *c == '-')
        .collect();
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() || !id.chars().any(|c| c.is_ascii_alphanumeric()) {
        None
    } else {
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views() {
        assert_eq!(label_view("AM0UNT"), "AMOUNT");
        assert_eq!(label_view("Termina1-ID"), "TERMINAL-ID");
        assert_eq!(num_view("RRN: 6046l1203111"), "RRN: 604611203111");
        assert_eq!(num_view("£18.S2"), "£18.52");
        assert_eq!(num_view("USD1,024.80"), "USD1,024.80");
        assert_eq!(num_view("2O25/06/26"), "2025/06/26");
        assert_eq!(num_view("(41S) 555-0170"), "(415) 555-0170");
    }

    #[test]
    fn money() {
        let t = money_tokens("USD1,024.80");
        assert_eq!(t[0].amount.to_string(), "1024.80");
        assert_eq!(t[0].currency.unwrap().code(), "USD");
        let t = money_tokens("Betrag EUR   -730,11");
        assert_eq!(t[0].amount.to_string(), "730.11");
        assert!(t[0].negative);
        assert_eq!(money_tokens("TOTAL$48.73")[0].amount.to_string(), "48.73");
        assert!(money_tokens("RRN: 603011049715").is_empty());
    }

    #[test]
    fn dates() {
        let (d, _, _) = find_date("2025/05/0119:58:33").unwrap();
        assert_eq!(
            d,
            DateTok::Full(NaiveDate::from_ymd_opt(2025, 5, 1).unwrap())
        );
        assert_eq!(
            find_time("2025/05/0119:58:33").unwrap().0,
            NaiveTime::from_hms_opt(19, 58, 33).unwrap()
        );
        assert!(matches!(
            find_date("DATE: 02/15/2026").unwrap().0,
            DateTok::Full(_)
        ));
        assert!(matches!(
            find_date("Order placed: Apr 6, 2026").unwrap().0,
            DateTok::Full(_)
        ));
        assert_eq!(
            find_date("于07月05日23:04").unwrap().0,
            DateTok::MonthDay(7, 5)
        );
        assert_eq!(
            find_time("at 2:28 PM ET").unwrap().0,
            NaiveTime::from_hms_opt(14, 28, 0).unwrap()
        );
    }

    #[test]
    fn pans() {
        assert_eq!(masked_pan("625807******5290 C").unwrap().0, "5290");
        assert_eq!(masked_pan("6222 **** **** 1234").unwrap().0, "1234");
        assert_eq!(masked_pan("Visa **** 1111").unwrap().0, "1111");
        assert_eq!(masked_pan("met pas *7981 op").unwrap().0, "7981");
    }
}
