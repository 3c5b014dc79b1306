//! Dates as statements print them, with the field order decided per column.
//!
//! "01/02/2026" is the 2nd of January in a US export and the 1st of February
//! in a UK one, so the order is inferred from *all* values of a column
//! ([`infer_order`]: one value with a day above 12 decides) and then every
//! value is read with it ([`parse_date`]).
//!
//! ```
//! use slipcheck_core::statement::dates::{infer_order, parse_date, DateOrder};
//! use chrono::NaiveDate;
//! let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//!
//! let column = ["01/02/2026", "13/02/2026"];
//! let order = infer_order(column.iter().copied());
//! assert_eq!(order, DateOrder::Dmy);
//! assert_eq!(parse_date("01/02/2026", order, None), Some(ymd(2026, 2, 1)));
//!
//! assert_eq!(parse_date("2025年06月20日", DateOrder::Ymd, None), Some(ymd(2025, 6, 20)));
//! assert_eq!(parse_date("06/20", DateOrder::Mdy, Some(2025)), Some(ymd(2025, 6, 20)));
//! assert_eq!(parse_date("Jan 22, 2026", DateOrder::Mdy, None), Some(ymd(2026, 1, 22)));
//! assert_eq!(parse_date("2025-05-01 19:58:33", DateOrder::Ymd, None), Some(ymd(2025, 5, 1)));
//! ```

use chrono::{NaiveDate, NaiveTime};

/// The order of day, month and year in a numeric date. Serialized as
/// `"ymd"`, `"mdy"`, `"dmy"` (the CSV options a user can force).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// 2026-01-02, 2026/01/02, 20260102, 2025年06月20日.
    #[default]
    Ymd,
    /// 01/02/2026 = January 2nd (US).
    Mdy,
    /// 02.01.2026, 02/01/2026 = January 2nd (Europe, UK, most of the world).
    Dmy,
}

/// One date's pieces: numbers (with their digit counts) and a month name.
#[derive(Debug, Default)]
struct Pieces {
    nums: Vec<(u32, usize)>,
    month_name: Option<u32>,
    /// Index in `nums` before which the month name stood.
    month_pos: usize,
    sep: Option<char>,
    time: Option<NaiveTime>,
}

/// Decides the order from all values of a column, or `None` when nothing in
/// the column decides (all days ≤ 12 and no four-digit year first).
///
/// ```
/// use slipcheck_core::statement::dates::{infer_order_opt, DateOrder};
/// assert_eq!(infer_order_opt(["01/02/2026", "01/13/2026"]), Some(DateOrder::Mdy));
/// assert_eq!(infer_order_opt(["01/02/2026"]), None);
/// assert_eq!(infer_order_opt(["2026-01-02"]), Some(DateOrder::Ymd));
/// ```
pub fn infer_order_opt<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    let mut t = OrderTally::default();
    for v in values {
        t.add(v);
    }
    t.decide()
}

/// The votes of a column's values for an order ([`infer_order_opt`] from
/// running counts, so a streaming reader can check its sample's decision
/// against the whole column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderTally {
    pub ymd: usize,
    pub mdy: usize,
    pub dmy: usize,
    /// Some value is a dotted date ("02.01.2026").
    pub dotted: bool,
}

impl OrderTally {
    pub fn add(&mut self, v: &str) {
        // "2026-01-02…": the common case, voted without splitting.
        let t = v.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\u{feff}' | '='));
        let b = t.as_bytes();
        // What `iso_fast` accepts (so `pieces` would give a 4-digit year first).
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if (10..=64).contains(&b.len())
            && matches!(b[4], b'-' | b'/')
            && b[7] == b[4]
            && digits(0..4)
            && digits(5..7)
            && digits(8..10)
            && matches!(b.get(10), None | Some(b' ' | b'T'))
        {
            self.ymd += 1;
            return;
        }
        let Some(p) = pieces(v) else { return };
        if p.sep == Some('.') && p.nums.len() >= 2 {
            self.dotted = true;
        }
        if p.month_name.is_some() {
            return;
        }
        match p.nums.as_slice() {
            [(_, 4), _, _] | [(_, 8)] => self.ymd += 1,
            [(a, _), (b, _)] | [(a, _), (b, _), (_, 2 | 4)] => {
                if *a > 12 && *b <= 12 {
                    self.dmy += 1;
                } else if *b > 12 && *a <= 12 {
                    self.mdy += 1;
                }
            }
            _ => {}
        }
    }

    pub fn merged(self, o: OrderTally) -> OrderTally {
        OrderTally { ymd: self.ymd + o.ymd, mdy: self.mdy + o.mdy, dmy: self.dmy + o.dmy, dotted: self.dotted || o.dotted }
    }

    pub fn decide(&self) -> Option<DateOrder> {
        if self.dmy == 0 && self.mdy == 0 {
            return (self.ymd > 0).then_some(DateOrder::Ymd);
        }
        // A real column never mixes; if it seems to, the majority wins.
        Some(if self.dmy >= self.mdy { DateOrder::Dmy } else { DateOrder::Mdy })
    }
}

/// Like [`infer_order_opt`], with a fallback when nothing decides: dotted
/// dates ("02.01.2026") are day-first everywhere; other separators fall back
/// to month-first (US), which callers with better context (a GBP or EUR
/// account) should override via [`infer_order_opt`].
///
/// ```
/// use slipcheck_core::statement::dates::{infer_order, DateOrder};
/// assert_eq!(infer_order(["02.01.2026"]), DateOrder::Dmy);
/// assert_eq!(infer_order(["1/2/26"]), DateOrder::Mdy);
/// ```
pub fn infer_order<'a>(values: impl IntoIterator<Item = &'a str>) -> DateOrder {
    let values: Vec<&str> = values.into_iter().collect();
    if let Some(o) = infer_order_opt(values.iter().copied()) {
        return o;
    }
    let dotted = values.iter().filter_map(|v| pieces(v)).any(|p| p.sep == Some('.') && p.nums.len() >= 2);
    if dotted {
        DateOrder::Dmy
    } else {
        DateOrder::Mdy
    }
}

/// Parses a date with a column's `order`. `default_year` fills year-less dates
/// ("06/20", "22 Jan"). Times and offsets after the date are ignored (see
/// [`parse_date_time`]). A value whose own form contradicts `order` but is
/// unambiguous (a four-digit year first, a month name) is read by its form.
///
/// ```
/// use slipcheck_core::statement::dates::{parse_date, DateOrder};
/// use chrono::NaiveDate;
/// let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(parse_date("1/2/26", DateOrder::Mdy, None), Some(ymd(2026, 1, 2)));
/// assert_eq!(parse_date("02.01.2026", DateOrder::Dmy, None), Some(ymd(2026, 1, 2)));
/// assert_eq!(parse_date("2026/01/02", DateOrder::Mdy, None), Some(ymd(2026, 1, 2)));
/// assert_eq!(parse_date("20260102", DateOrder::Ymd, None), Some(ymd(2026, 1, 2)));
/// assert_eq!(parse_date("2026-01-02T10:00:00+08:00", DateOrder::Ymd, None), Some(ymd(2026, 1, 2)));
/// assert_eq!(parse_date("22 Jan 2026", DateOrder::Dmy, None), Some(ymd(2026, 1, 22)));
/// assert_eq!(parse_date("06/20", DateOrder::Mdy, None), None);
/// assert_eq!(parse_date("31/02/2026", DateOrder::Dmy, None), None);
/// ```
pub fn parse_date(s: &str, order: DateOrder, default_year: Option<i32>) -> Option<NaiveDate> {
    let p = pieces(s)?;
    date_from(&p, order, default_year)
}

/// Parses a date and, where present, the time of day after it.
///
/// ```
/// use slipcheck_core::statement::dates::{parse_date_time, DateOrder};
/// let (d, t) = parse_date_time("2025-05-01 19:58:33", DateOrder::Ymd, None).unwrap();
/// assert_eq!(d.to_string(), "2025-05-01");
/// assert_eq!(t.unwrap().to_string(), "19:58:33");
/// ```
pub fn parse_date_time(s: &str, order: DateOrder, default_year: Option<i32>) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let p = pieces(s)?;
    Some((date_from(&p, order, default_year)?, p.time))
}

/// [`parse_date_time`] for the shapes that fill big exports ("2026-01-02",
/// "2026-01-02 10:00:00", "02/01/2026", "02.01.2026"), read without
/// splitting; `None` means "not this shape" (use [`parse_date_time`]), never
/// "not a date". Gives exactly what [`parse_date_time`] gives.
pub fn parse_date_time_fast(s: &str, order: DateOrder) -> Option<Option<(NaiveDate, Option<NaiveTime>)>> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + (c - b'0') as u32;
        }
        Some(n)
    };
    let time = match b.len() {
        10 => None,
        19 if matches!(b[10], b' ' | b'T') && b[13] == b':' && b[16] == b':' => {
            Some(NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?))
        }
        _ => return None,
    };
    if matches!(b[4], b'-' | b'/') && b[7] == b[4] {
        let d = ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?);
        return Some(d.map(|d| (d, time.flatten())));
    }
    if time.is_none() && matches!(b[2], b'/' | b'.' | b'-') && b[5] == b[2] {
        let (a, m, y) = (num(0..2)?, num(3..5)?, num(6..10)? as i32);
        let d = match order {
            DateOrder::Dmy => ymd(y, m, a),
            DateOrder::Mdy => ymd(y, a, m),
            DateOrder::Ymd => ymd(y, m, a).or_else(|| ymd(y, a, m)),
        };
        return Some(d.map(|d| (d, None)));
    }
    None
}

/// Whether `s` looks like a date at all (any order), for column detection.
pub fn looks_like_date(s: &str) -> bool {
    let Some(p) = pieces(s) else { return false };
    [DateOrder::Ymd, DateOrder::Mdy, DateOrder::Dmy]
        .iter()
        .any(|&o| date_from(&p, o, Some(2000)).is_some())
        && (p.month_name.is_some() || p.sep.is_some() || matches!(p.nums.as_slice(), [(_, 8)]))
}

fn year_of(n: u32, digits: usize) -> Option<i32> {
    match digits {
        4 => Some(n as i32),
        2 => Some(if n < 70 { 2000 + n as i32 } else { 1900 + n as i32 }),
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn date_from(p: &Pieces, order: DateOrder, default_year: Option<i32>) -> Option<NaiveDate> {
    if let Some(m) = p.month_name {
        return match p.nums.as_slice() {
            [(d, 1 | 2)] => ymd(default_year?, m, *d),
            [(y, 4), (d, 1 | 2)] => ymd(*y as i32, m, *d), // "2026 Jan 22"
            [(d, 1 | 2), (y, yd @ (2 | 4))] => ymd(year_of(*y, *yd)?, m, *d),
            _ => None,
        };
    }
    match p.nums.as_slice() {
        [(n, 8)] => {
            let (a, b, c) = (n / 10000, (n / 100) % 100, n % 100);
            // YYYYMMDD unless that is impossible and the order says otherwise.
            if order != DateOrder::Ymd || ymd(a as i32, b, c).is_none() {
                let (x, y, z) = (n / 1_000_000, (n / 10000) % 100, n % 10000);
                let alt = match order {
                    DateOrder::Dmy => ymd(z as i32, y, x),
                    DateOrder::Mdy => ymd(z as i32, x, y),
                    DateOrder::Ymd => None,
                };
                if (1900..2100).contains(&a) && ymd(a as i32, b, c).is_some() && (alt.is_none() || order == DateOrder::Ymd) {
                    return ymd(a as i32, b, c);
                }
                return alt.or_else(|| ymd(a as i32, b, c));
            }
            ymd(a as i32, b, c)
        }
        [(n, 6)] => {
            let (a, b, c) = (n / 10000, (n / 100) % 100, n % 100);
            match order {
                DateOrder::Ymd => ymd(year_of(a, 2)?, b, c),
                DateOrder::Dmy => ymd(year_of(c, 2)?, b, a),
                DateOrder::Mdy => ymd(year_of(c, 2)?, a, b),
            }
        }
        [(y, 4), (m, 1 | 2), (d, 1 | 2)] => ymd(*y as i32, *m, *d),
        [(a, 1 | 2), (b, 1 | 2), (y, yd @ (2 | 4))] => {
            let year = year_of(*y, *yd)?;
            match order {
                DateOrder::Dmy => ymd(year, *b, *a),
                DateOrder::Mdy => ymd(year, *a, *b),
                // A y-m-d column holding d/m/y values: read as day-first
                // unless only month-first is a real date.
                DateOrder::Ymd => {
                    if *yd == 2 && p.sep == Some('-') {
                        ymd(year_of(*a, 2)?, *b, *y)
                    } else {
                        ymd(year, *b, *a).or_else(|| ymd(year, *a, *b))
                    }
                }
            }
        }
        [(a, 1 | 2), (b, 1 | 2)] => {
            let year = default_year?;
            match order {
                DateOrder::Dmy => ymd(year, *b, *a),
                DateOrder::Mdy | DateOrder::Ymd => ymd(year, *a, *b),
            }
        }
        _ => None,
    }
}

/// Month number for an English, German, French or Dutch month name or
/// abbreviation.
fn month_name(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_lowercase();
    const NAMES: &[(&str, u32)] = &[
        ("january", 1), ("jan", 1), ("januar", 1), ("janvier", 1), ("janv", 1), ("januari", 1), ("jän", 1),
        ("february", 2), ("feb", 2), ("februar", 2), ("février", 2), ("févr", 2), ("fevr", 2), ("februari", 2),
        ("march", 3), ("mar", 3), ("märz", 3), ("mär", 3), ("mrz", 3), ("mars", 3), ("maart", 3), ("mrt", 3),
        ("april", 4), ("apr", 4), ("avril", 4), ("avr", 4),
        ("may", 5), ("mai", 5), ("mei", 5),
        ("june", 6), ("jun", 6), ("juni", 6), ("juin", 6),
        ("july", 7), ("jul", 7), ("juli", 7), ("juillet", 7), ("juil", 7),
        ("august", 8), ("aug", 8), ("août", 8), ("aout", 8), ("augustus", 8),
        ("september", 9), ("sep", 9), ("sept", 9), ("septembre", 9),
        ("october", 10), ("oct", 10), ("oktober", 10), ("okt", 10), ("octobre", 10),
        ("november", 11), ("nov", 11), ("novembre", 11),
        ("december", 12), ("dec", 12), ("dezember", 12), ("dez", 12), ("décembre", 12), ("déc", 12),
    ];
    NAMES.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches('.').to_lowercase();
    matches!(
        w.as_str(),
        "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" | "monday" | "tuesday"
            | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "mo" | "di" | "mi" | "do" | "fr" | "sa" | "so"
    )
}

/// Splits a date text into numbers, a month name and the time after it.
fn pieces(s: &str) -> Option<Pieces> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\u{feff}' | '='));
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Some(p) = iso_fast(s) {
        return Some(p);
    }
    let mut p = Pieces::default();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            // A number followed by ':' starts the time of day.
            if i < chars.len() && chars[i] == ':' && !p.nums.is_empty() {
                p.time = parse_time(&chars[start..]);
                break;
            }
            if digits.len() > 8 {
                return None;
            }
            p.nums.push((digits.parse().ok()?, digits.len()));
            let is_date_done = p.nums.len() == 3
                || (p.month_name.is_some() && p.nums.len() == 2)
                || matches!(p.nums.as_slice(), [(_, 8)] | [(_, 6)]);
            if is_date_done {
                // Whatever follows (time, offset, zone) is not the date.
                let rest: String = chars[i..].iter().collect();
                let rest = rest.trim_start_matches(|c: char| c == 'T' || c == 't' || c.is_whitespace() || c == ',');
                if let Some(t) = rest.find(|c: char| c.is_ascii_digit()).map(|k| &rest[k..]) {
                    let tc: Vec<char> = t.chars().collect();
                    p.time = parse_time(&tc);
                }
                break;
            }
        } else if c.is_alphabetic() && !matches!(c, '年' | '月' | '日' | '号') {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() && !matches!(chars[i], '年' | '月' | '日' | '号') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if let Some(m) = month_name(&word) {
                if p.month_name.is_some() {
                    return None;
                }
                p.month_name = Some(m);
                p.month_pos = p.nums.len();
            } else if is_weekday(&word) && p.nums.is_empty() && p.month_name.is_none() {
                // "Mon, 22 Jan 2026"
            } else if (word == "T" || word == "t") && !p.nums.is_empty() {
                i += 1;
            } else {
                return None;
            }
        } else {
            match c {
                '-' | '/' | '.' | ' ' | ',' | '\t' | '年' | '月' | '日' | '号' | '\u{a0}' => {
                    if matches!(c, '-' | '/' | '.') && p.sep.is_none() && !p.nums.is_empty() {
                        p.sep = Some(c);
                    }
                    if c == '年' {
                        p.sep = Some('-');
                    }
                }
                _ => return None,
            }
            i += 1;
        }
    }
    if p.nums.is_empty() {
        return None;
    }
    Some(p)
}

/// "2026-01-02", "2026/01/02", with an optional " 10:00:00" or "T10:00":
/// the common case, read without allocating (imports of 700k rows).
fn iso_fast(s: &str) -> Option<Pieces> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let dig = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| std::str::from_utf8(&b[r]).ok()?.parse::<u32>().ok()).flatten();
    let sep = b[4];
    if !matches!(sep, b'-' | b'/') || b[7] != sep {
        return None;
    }
    let (y, m, d) = (dig(0..4)?, dig(5..7)?, dig(8..10)?);
    let time = match b.get(10) {
        None => None,
        Some(b' ' | b'T') => {
            let rest: Vec<char> = s[11..].chars().take(8).collect();
            parse_time(&rest)
        }
        Some(_) => return None,
    };
    Some(Pieces { nums: vec![(y, 4), (m, 2), (d, 2)], month_name: None, month_pos: 0, sep: Some(sep as char), time })
}

fn parse_time(chars: &[char]) -> Option<NaiveTime> {
    let s: String = chars.iter().take_while(|c| c.is_ascii_digit() || **c == ':').collect();
    let mut it = s.split(':').map(|x| x.parse::<u32>().ok());
    let h = it.next()??;
    let m = it.next()??;
    let sec = it.next().flatten().unwrap_or(0);
    NaiveTime::from_hms_opt(h, m, sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn forms() {
        assert_eq!(parse_date("2026-01-02", DateOrder::Ymd, None), d(2026, 1, 2));
        assert_eq!(parse_date("01/02/2026", DateOrder::Mdy, None), d(2026, 1, 2));
        assert_eq!(parse_date("06月20日", DateOrder::Ymd, Some(2025)), d(2025, 6, 20));
        assert_eq!(parse_date("Mon, 22 Jan 2026", DateOrder::Mdy, None), d(2026, 1, 22));
        assert_eq!(parse_date("22-Jan-26", DateOrder::Mdy, None), d(2026, 1, 22));
        assert_eq!(parse_date("22 Jan", DateOrder::Mdy, Some(2026)), d(2026, 1, 22));
        assert_eq!(parse_date("2025-05-01T19:58:33Z", DateOrder::Ymd, None), d(2025, 5, 1));
        assert_eq!(parse_date("03.03.2020 10:00", DateOrder::Dmy, None), d(2020, 3, 3));
        assert_eq!(parse_date("260102", DateOrder::Ymd, None), d(2026, 1, 2));
        assert_eq!(parse_date("hello", DateOrder::Ymd, None), None);
        assert_eq!(parse_date("12.50", DateOrder::Ymd, None), None);
        assert!(!looks_like_date("12.50"));
        assert!(!looks_like_date("1234"));
        assert!(looks_like_date("2026-01-02"));
        let (_, t) = parse_date_time("2025/05/01 19:58", DateOrder::Ymd, None).unwrap();
        assert_eq!(t, NaiveTime::from_hms_opt(19, 58, 0));
    }

    #[test]
    fn orders() {
        assert_eq!(infer_order(["2025年06月20日"]), DateOrder::Ymd);
        assert_eq!(infer_order(["06/20", "07/01"]), DateOrder::Mdy);
        assert_eq!(infer_order(["20/06", "01/07"]), DateOrder::Dmy);
    }
}
