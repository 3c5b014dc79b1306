//! Merchant-descriptor normalisation and similarity. Statement descriptors are
//! the acquirer's name for the shop, truncated, prefixed by the processor
//! (`SQ *`, `TST*`, `PAYPAL *`, `支付宝-`), and tailed with city, state and
//! country; receipts print the shop's own name, sometimes OCR-damaged. The
//! prefixes, aliases and noise words live in `data/descriptor_aliases.tsv`.
//!
//! ```
//! use slipcheck_core::reconcile::descriptor::similarity;
//! assert!(similarity("Joe's Diner", "TST* JOES DINER 0412") > 0.8);
//! assert!(similarity("海底捞火锅(中关村店)", "支付宝-海底捞") > 0.8);
//! assert!(similarity("Walgreens", "SHELL OIL 5740") < 0.3);
//! ```

use super::tables::{aliases, AliasKind};

/// US state and common country codes that trail card descriptors.
const TAILS: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "US", "USA", "GB", "GBR", "UK", "NL", "NLD", "FR", "FRA", "IT", "ITA", "ES",
    "ESP", "PT", "PRT", "CH", "CHE", "AT", "AUT", "BE", "IE", "MX", "MEX", "CN", "CHN", "HK", "JP",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Folds characters OCR confuses (0/O, 1/l/I, 5/S) so that damaged slips
/// still compare equal. Used for names and identifiers alike.
pub fn fold_confusables(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// [`fold_confusables`] for one character.
pub fn fold_char(c: char) -> char {
    match c {
        'O' | 'o' | 'Q' => '0',
        'I' | 'l' | 'i' | '|' => '1',
        'S' | 's' => '5',
        'Z' | 'z' => '2',
        'B' => '8',
        c => c.to_ascii_uppercase(),
    }
}

/// A normalised identifier: alphanumerics only, confusables folded.
pub fn norm_id(s: &str) -> String {
    fold_confusables(
        &s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>(),
    )
}

/// The descriptor reduced to comparable tokens: upper case, processor
/// prefixes and noise removed, aliases applied, store numbers and
/// state/country tails dropped; CJK text becomes character bigrams.
pub fn tokens(s: &str) -> Vec<String> {
    let mut t = s.to_uppercase();
    // Branch names in brackets ("海底捞火锅(中关村店)", "STARBUCKS (KING ST)") are not on the statement.
    for (open, close) in [('(', ')'), ('（', '）')] {
        while let (Some(a), Some(b)) = (t.find(open), t.find(close)) {
            if b <= a {
                break;
            }
            let inner = &t[a + open.len_utf8()..b];
            // Keep card hints like "(7457)" out too; they are not names.
            let _ = inner;
            t.replace_range(a..b + close.len_utf8(), " ");
        }
    }
    for a in aliases() {
        match a.kind {
            AliasKind::Prefix => {
                // A prefix counts at the start or after a separator (wallet descriptors repeat it).
                while let Some(pos) = t.find(&a.pattern) {
                    let at_start = t[..pos].chars().all(|c| !c.is_alphanumeric() && !is_cjk(c));
                    if !at_start && !a.pattern.chars().any(is_cjk) {
                        break;
                    }
                    t.replace_range(pos..pos + a.pattern.len(), " ");
                }
            }
            AliasKind::Alias => {
                if t.contains(&a.pattern) {
                    t = t.replace(&a.pattern, &format!(" {} ", a.canonical));
                }
            }
            AliasKind::Noise => {}
        }
    }
    let noise: Vec<&str> = aliases()
        .iter()
        .filter(|a| a.kind == AliasKind::Noise)
        .map(|a| a.pattern.as_str())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut cjk = String::new();
    let flush_word = |w: &mut String, out: &mut Vec<String>| {
        if !w.is_empty() {
            let has_alpha = w.chars().any(|c| c.is_alphabetic());
            // Store numbers, dates, times and terminal ids carry no name.
            if has_alpha && w.chars().count() >= 2 && !noise.contains(&w.as_str()) {
                out.push(std::mem::take(w));
            } else {
                w.clear();
            }
        }
    };
    let flush_cjk = |c: &mut String, out: &mut Vec<String>| {
        let chars: Vec<char> = c.chars().collect();
        if chars.len() == 1 {
            out.push(chars[0].to_string());
        }
        for w in chars.windows(2) {
            out.push(w.iter().collect());
        }
        c.clear();
    };
    for ch in t.chars() {
        if is_cjk(ch) {
            flush_word(&mut word, &mut out);
            cjk.push(ch);
        } else if ch.is_alphanumeric() || ch == '\'' {
            flush_cjk(&mut cjk, &mut out);
            if ch != '\'' {
                word.push(ch);
            }
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk, &mut out);
    // Drop state/country tails (only at the end, where descriptors put them).
    while out.len() > 1 && out.last().is_some_and(|w| TAILS.contains(&w.as_str())) {
        out.pop();
    }
    out
}

/// Tokens with OCR confusables folded: the form similarity works on.
pub fn folded_tokens(s: &str) -> Vec<String> {
    tokens(s).iter().map(|t| fold_confusables(t)).collect()
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How well (folded) token `a` is found among (folded) `others`: 1 for
/// equal, about 0.9 when one is a truncation of the other, else the bigram
/// Dice coefficient when it is high.
fn token_match(a: &str, others: &[String]) -> f64 {
    let mut best: f64 = 0.0;
    let la = a.chars().count();
    for b in others {
        if a == b {
            return 1.0;
        }
        let lb = b.chars().count();
        if la >= 3 && lb >= 3 && (a.starts_with(b.as_str()) || b.starts_with(a)) {
            best = best.max(0.9 * la.min(lb) as f64 / la.max(lb) as f64 + 0.1);
            continue;
        }
        if la >= 4 && lb >= 4 && best < 0.99 {
            let (ga, gb) = (bigrams(a), bigrams(b));
            let common = ga.iter().filter(|g| gb.contains(g)).count();
            let dice = 2.0 * common as f64 / (ga.len() + gb.len()) as f64;
            if dice >= 0.6 {
                best = best.max(dice);
            }
        }
    }
    best
}

/// Share of `a`'s tokens (weighted by length) found in `b`.
fn coverage(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut num = 0.0;
    let mut den = 0.0;
    for t in a {
        let w = (t.chars().count() as f64).sqrt();
        den += w;
        num += w * token_match(t, b);
    }
    num / den
}

/// Similarity of two merchant names in 0..=1: the better of "the receipt's
/// name is found in the descriptor" and the reverse, because each side adds
/// its own noise (addresses on slips; city, ids and dates in descriptors).
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_tokens(&folded_tokens(a), &folded_tokens(b))
}

/// Similarity of two [`folded_tokens`] lists.
pub fn similarity_tokens(a: &[String], b: &[String]) -> f64 {
    let ab = coverage(a, b);
    let ba = coverage(b, a);
    // The reverse direction counts a bit less: a long receipt name covering a
    // one-word descriptor is weaker evidence than the other way round.
    ab.max(0.95 * ba)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_tails() {
        assert_eq!(
            tokens("SQ *BLUE BOTTLE COFFEE"),
            vec!["BLUE", "BOTTLE", "COFFEE"]
        );
        assert_eq!(tokens("PAYPAL *STEAM GAMES"), vec!["STEAM", "GAMES"]);
        assert_eq!(
            tokens("ARCO #42132 AMPM PHOENIX AZ"),
            vec!["ARCO", "AMPM", "PHOENIX"]
        );
        assert!(tokens("AMZN Mktp US*2K4").contains(&"AMAZON".to_string()));
    }

    #[test]
    fn names_compare() {
        assert!(
            similarity("WEGMAN5", "WEGMANS #93 ROCHESTER NY") > 0.8,
            "OCR 5/S fold"
        );
        assert!(similarity("Galeries Lafayette", "GALERIES LAFAYETTE HAUSS PARIS F") > 0.9);
        assert!(
            similarity("GALERIES LAFAYETTE HAUSSMANN", "GALERIES LAFAYETTE HAUSS") > 0.8,
            "truncation"
        );
        assert!(similarity("盒马鲜生", "盒马") > 0.8, "alias");
        assert!(similarity("得物", "财付通-得物") > 0.9);
        assert!(
            similarity(
                "HAMLEYS",
                "BEA NR:MRLJ5Q 06.12.25/15.47 HAMLEYS REGENT ST London GB,PAS886"
            ) > 0.9
        );
        assert!(similarity("Starbucks", "Shell") < 0.3);
        assert!(similarity("京东商城", "美团") < 0.2);
    }
}
