//! Turning bytes into text: encoding detection shared by every reader.
//!
//! Statement exports arrive as UTF-8 (with or without BOM), UTF-16, GBK/GB18030
//! (Alipay, Chinese banks), Windows-1252/Latin-1 (old OFX, European banks) or
//! Windows-1250. We decide from the bytes, never from the file name, and a
//! declared charset (OFX `CHARSET:`, XML `encoding=`) is only a hint: files lie.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1250, WINDOWS_1252};

/// Text decoded from a file, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding used, e.g. "UTF-8", "gb18030".
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes`, detecting the encoding. `declared` is a charset the file
/// itself names; it is used only when the bytes do not contradict it.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return run(enc, &bytes[bom_len..]);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return run(enc, bytes);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return run(UTF_8, bytes);
    }
    // Not UTF-8. A declared single-byte or CJK charset is believable now.
    if let Some(label) = declared {
        if let Some(enc) = Encoding::for_label(label.trim().as_bytes()) {
            if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE {
                let d = run(enc, bytes);
                if !d.had_errors {
                    return d;
                }
            }
        }
    }
    // Score the legacy candidates: GB18030 wins when the text reads as CJK.
    let gb = run(GB18030, bytes);
    if !gb.had_errors && cjk_share(&gb.text) > 0.5 && mostly_paired_high_bytes(bytes) {
        return gb;
    }
    let w1250 = run(WINDOWS_1250, bytes);
    let w1252 = run(WINDOWS_1252, bytes);
    if central_european_share(&w1250.text) > central_european_share(&w1252.text) {
        return w1250;
    }
    w1252
}

fn run(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded { text: cow.into_owned(), encoding: enc.name(), had_errors }
}

/// UTF-16 without a BOM shows as a NUL in every other byte of ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(512) & !1;
    if n < 4 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for i in (0..n).step_by(2) {
        if bytes[i] == 0 {
            even += 1;
        }
        if bytes[i + 1] == 0 {
            odd += 1;
        }
    }
    let pairs = n / 2;
    if odd * 10 > pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 > pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// GB2312-range text is runs of byte pairs both ≥ 0x80; Latin-1 text has
/// single accented bytes between ASCII letters, which GBK would also accept as
/// (lead, ASCII trail) pairs. Most runs of high bytes must have even length.
fn mostly_paired_high_bytes(bytes: &[u8]) -> bool {
    let (mut runs, mut even) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] >= 0x80 {
            let start = i;
            while i < bytes.len() && bytes[i] >= 0x80 {
                i += 1;
            }
            runs += 1;
            if (i - start) % 2 == 0 {
                even += 1;
            }
        } else {
            i += 1;
        }
    }
    runs > 0 && even * 10 >= runs * 8
}

/// Share of non-ASCII characters that are CJK ideographs or CJK punctuation.
fn cjk_share(s: &str) -> f64 {
    let (mut non_ascii, mut cjk) = (0usize, 0usize);
    for c in s.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if matches!(c as u32, 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x3400..=0x4DBF) {
            cjk += 1;
        }
    }
    if non_ascii == 0 {
        0.0
    } else {
        cjk as f64 / non_ascii as f64
    }
}

/// Share of non-ASCII letters typical of Central European languages.
fn central_european_share(s: &str) -> f64 {
    let (mut non_ascii, mut ce) = (0usize, 0usize);
    for c in s.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if "ąćęłńśźżčďěňřšťůžĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽőűŐŰ".contains(c) {
            ce += 1;
        }
    }
    if non_ascii == 0 {
        0.0
    } else {
        ce as f64 / non_ascii as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("héllo".as_bytes(), None).text, "héllo");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("交易".as_bytes());
        let d = decode(&b, None);
        assert_eq!(d.text, "交易");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = GB18030.encode("交易时间,交易对方,金额");
        let d = decode(&bytes, None);
        assert_eq!(d.text, "交易时间,交易对方,金额");
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn latin1_declared_or_not() {
        let bytes = b"CR\xC9DITO";
        assert_eq!(decode(bytes, None).text, "CRÉDITO");
        // A wrong declaration (UTF-8) does not win over the bytes.
        assert_eq!(decode(bytes, Some("utf-8")).text, "CRÉDITO");
    }

    #[test]
    fn utf16_without_bom() {
        let s: Vec<u8> = "Date,Amount\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&s, None).text, "Date,Amount\n");
    }
}
