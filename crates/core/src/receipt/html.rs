//! Reader: e-receipts as HTML pages or e-mails (.eml, MIME).
//!
//! HTML becomes readable lines (tags, scripts and styles dropped, entities
//! decoded, table rows and block elements on their own lines); an e-mail is
//! unpacked (headers, multipart, quoted-printable, base64, charset) and its
//! HTML or plain-text body read the same way. The lines then go through the
//! text reader, which finds the order total, order id, date and card; the
//! merchant defaults to the sender's display name or the page title.
//!
//! ```
//! use slipcheck_core::receipt::html;
//! let t = html::html_to_text("<html><style>p{}</style><table><tr><td>Total</td><td>&pound;12.50</td></tr></table></html>");
//! assert_eq!(t.trim(), "Total  £12.50");
//! ```

use super::text::TextLine;
use super::{ReadContext, ReceiptRead};
use crate::diag::Diagnostic;

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    read_with(file, bytes, &ReadContext::default())
}

pub fn read_with(file: &str, bytes: &[u8], ctx: &ReadContext) -> ReceiptRead {
    let (text, sender, subject, date_hdr) = if looks_like_email(bytes) {
        let m = parse_email(bytes);
        (m.text, m.from_name, m.subject, m.date)
    } else {
        let d = crate::text::decode(bytes, charset_in_html(bytes).as_deref());
        (html_to_text(&d.text), None, None, None)
    };
    let title = if looks_like_email(bytes) {
        None
    } else {
        html_title(&crate::text::decode(bytes, None).text)
    };
    let mut lines: Vec<TextLine> = text.lines().map(|l| TextLine::new(l, 1.0)).collect();
    // The Date header is a fallback for receipts that print no date.
    let hdr_line = date_hdr.map(|d| TextLine::new(format!("Date: {d}"), 0.8));
    let mut read = super::text::read_lines_with(file, &lines, ctx);
    if let Some(r) = read.receipts.first_mut() {
        if r.date.is_none() {
            if let Some(h) = &hdr_line {
                lines.push(h.clone());
                let again = super::text::read_lines_with(file, &lines, ctx);
                if let Some(r2) = again.receipts.first() {
                    r.date = r2.date;
                    if let Some(c) = r2.confidence.get("date") {
                        r.confidence.insert("date".into(), *c * 0.8);
                    }
                    r.time = r.time.or(r2.time);
                }
            }
        }
        // The sender's display name or the page title names the shop better
        // than a guess from the first line.
        let named = sender.clone().or(title.clone());
        if let Some(n) = named {
            let weak = r.confidence.get("merchant").is_none_or(|c| *c < 0.9);
            if weak {
                r.merchant = Some(n);
                r.confidence.insert("merchant".into(), 0.8);
                r.lines.remove("merchant");
            }
        }
        if r.order_id.is_none() {
            if let Some(s) = &subject {
                if let Some(id) = order_in_subject(s) {
                    r.order_id = Some(id);
                    r.confidence.insert("order_id".into(), 0.7);
                }
            }
        }
    }
    if text.trim().is_empty() {
        read.diagnostics.push(
            Diagnostic::warn(file, None, "receipt.html_no_text", &[]),
        );
    }
    read
}

fn order_in_subject(s: &str) -> Option<String> {
    let up = s.to_ascii_uppercase();
    let p = up.find("ORDER")?;
    let tail = &s[p + 5..];
    let t = tail.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let t = if t.to_ascii_uppercase().starts_with("NO")
        && t[2..].starts_with(|c: char| !c.is_ascii_alphanumeric())
    {
        t[2..].trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
    } else {
        t
    };
    let id: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (id.len() >= 4 && id.chars().any(|c| c.is_ascii_digit())).then_some(id)
}

fn looks_like_email(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4000)]).to_ascii_lowercase();
    let hdrs = [
        "from:",
        "mime-version:",
        "content-type:",
        "subject:",
        "received:",
        "return-path:",
        "message-id:",
    ];
    let n = head
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| hdrs.iter().any(|h| l.starts_with(h)))
        .count();
    n >= 2
}

fn charset_in_html(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let p = head.find("charset=")?;
    let v: String = head[p + 8..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!v.is_empty()).then_some(v)
}

fn html_title(html: &str) -> Option<String> {
    let low = html.to_ascii_lowercase();
    let s = low.find("<title")?;
    let s = s + low[s..].find('>')? + 1;
    let e = s + low[s..].find("</title")?;
    let t = decode_entities(html.get(s..e)?)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // "Your receipt from Blue Bottle" → "Blue Bottle"
    let t = match t.to_ascii_lowercase().rfind(" from ") {
        Some(p) => t[p + 6..].trim().to_string(),
        None => t,
    };
    (!t.is_empty()).then_some(t)
}

/// HTML to readable text: one line per block element or table row, cells
/// separated by two spaces.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let low = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            // Comments, scripts and styles vanish with their content.
            if low[i..].starts_with("<!--") {
                i = low[i..].find("-->").map(|p| i + p + 3).unwrap_or(b.len());
                continue;
            }
            let end = match low[i..].find('>') {
                Some(p) => i + p + 1,
                None => break,
            };
            let tag = &low[i + 1..end - 1];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let closing = tag.starts_with('/');
            if !closing && (name == "script" || name == "style" || name == "title") {
                let close = format!("</{name}");
                i = low[end..]
                    .find(&close)
                    .map(|p| end + p)
                    .and_then(|p| low[p..].find('>').map(|q| p + q + 1))
                    .unwrap_or(b.len());
                continue;
            }
            match name.as_str() {
                "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                | "table" | "tbody" | "thead" | "section" | "header" | "footer" | "hr"
                | "article" | "ul" | "ol" | "center" => {
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
                "td" | "th" if !closing => {
                    if !out.ends_with('\n') && !out.is_empty() {
                        out.push_str("  ");
                    }
                }
                _ => {}
            }
            i = end;
        } else {
            let next = low[i..].find('<').map(|p| i + p).unwrap_or(b.len());
            let chunk = decode_entities(&html[i..next]);
            // Collapse source whitespace as a browser would.
            let mut last_space = out.ends_with([' ', '\n']);
            for c in chunk.chars() {
                let c = if c == '\u{a0}' { ' ' } else { c };
                if c.is_whitespace() {
                    if !last_space {
                        out.push(' ');
                        last_space = true;
                    }
                } else {
                    out.push(c);
                    last_space = false;
                }
            }
            i = next;
        }
    }
    out.lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes named and numeric character references.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        let semi = tail.as_bytes().iter().take(12).position(|&b| b == b';');
        let Some(semi) = semi else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let ent = &tail[1..semi];
        let c = if let Some(num) = ent.strip_prefix('#') {
            let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(h, 16).ok()
            } else {
                num.parse().ok()
            };
            v.and_then(char::from_u32).map(String::from)
        } else {
            match ent {
                "amp" => Some("&"),
                "lt" => Some("<"),
                "gt" => Some(">"),
                "quot" => Some("\""),
                "apos" => Some("'"),
                "nbsp" => Some(" "),
                "pound" => Some("£"),
                "euro" => Some("€"),
                "yen" => Some("¥"),
                "cent" => Some("¢"),
                "copy" => Some("©"),
                "reg" => Some("®"),
                "times" => Some("×"),
                "middot" => Some("·"),
                "ndash" => Some("–"),
                "mdash" => Some("—"),
                "bull" => Some("•"),
                "hellip" => Some("…"),
                "eacute" => Some("é"),
                "egrave" => Some("è"),
                "aacute" => Some("á"),
                "agrave" => Some("à"),
                "uuml" => Some("ü"),
                "ouml" => Some("ö"),
                "auml" => Some("ä"),
                "Uuml" => Some("Ü"),
                "Ouml" => Some("Ö"),
                "Auml" => Some("Ä"),
                "szlig" => Some("ß"),
                "ccedil" => Some("ç"),
                "ntilde" => Some("ñ"),
                "oacute" => Some("ó"),
                "iacute" => Some("í"),
                "rsquo" => Some("’"),
                "lsquo" => Some("‘"),
                "ldquo" => Some("“"),
                "rdquo" => Some("”"),
                "trade" => Some("™"),
                _ => None,
            }
            .map(String::from)
        };
        match c {
            Some(c) => {
                out.push_str(&c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What an e-mail yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Email {
    /// Readable text of the best body part (HTML preferred, as receipts put
    /// their tables there).
    pub text: String,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    pub date: Option<String>,
}

struct Part {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn split_headers(raw: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    // Headers end at the first empty line (CRLF or LF).
    let mut pos = 0;
    let mut end = raw.len();
    let mut body_start = raw.len();
    while pos < raw.len() {
        let nl = raw[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map(|p| pos + p)
            .unwrap_or(raw.len());
        let line = &raw[pos..nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            end = pos;
            body_start = (nl + 1).min(raw.len());
            break;
        }
        pos = nl + 1;
    }
    let head = String::from_utf8_lossy(&raw[..end.min(raw.len())]);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    (headers, &raw[body_start..])
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn param(v: &str, name: &str) -> Option<String> {
    for p in v.split(';').skip(1) {
        if let Some((k, val)) = p.split_once('=') {
            if k.trim().eq_ignore_ascii_case(name) {
                return Some(val.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

/// Parses an e-mail: headers (with RFC 2047 encoded words), the MIME tree,
/// transfer encodings and charsets.
pub fn parse_email(raw: &[u8]) -> Email {
    let (headers, body) = split_headers(raw);
    let mut parts = Vec::new();
    collect_parts(&headers, body, &mut parts, 0);
    let pick = |want: &str| {
        parts.iter().find(|p| {
            header(&p.headers, "content-type")
                .unwrap_or("text/plain")
                .to_ascii_lowercase()
                .starts_with(want)
        })
    };
    let text = if let Some(p) = pick("text/html") {
        html_to_text(&decode_part(p))
    } else if let Some(p) = pick("text/plain") {
        decode_part(p)
    } else {
        String::new()
    };
    let from_name = header(&headers, "from").map(decode_words).and_then(|f| {
        let name = f
            .split('<')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .trim()
            .to_string();
        if name.is_empty() {
            // "receipts@bluebottle.com" → "bluebottle"
            f.trim_matches(['<', '>', ' '])
                .split('@')
                .nth(1)
                .and_then(|d| d.split('.').rev().nth(1))
                .map(str::to_string)
        } else {
            Some(name)
        }
    });
    Email {
        text,
        from_name,
        subject: header(&headers, "subject").map(decode_words),
        date: header(&headers, "date").map(str::to_string),
    }
}

fn collect_parts(headers: &[(String, String)], body: &[u8], out: &mut Vec<Part>, depth: usize) {
    let ct = header(headers, "content-type")
        .unwrap_or("text/plain")
        .to_string();
    if depth < 8 && ct.to_ascii_lowercase().starts_with("multipart/") {
        if let Some(boundary) = param(&ct, "boundary") {
            let delim = format!("--{boundary}");
            let text = body;
            let mut starts = Vec::new();
            let mut k = 0;
            while let Some(p) = find(&text[k..], delim.as_bytes()) {
                starts.push(k + p);
                k += p + delim.len();
            }
            for w in starts.windows(2) {
                let seg = &text[w[0] + delim.len()..w[1]];
                let seg = seg
                    .strip_prefix(b"\r\n")
                    .or_else(|| seg.strip_prefix(b"\n"))
                    .unwrap_or(seg);
                let (h, b) = split_headers(seg);
                collect_parts(&h, b, out, depth + 1);
            }
            return;
        }
    }
    out.push(Part {
        headers: headers.to_vec(),
        body: body.to_vec(),
    });
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn decode_part(p: &Part) -> String {
    let cte = header(&p.headers, "content-transfer-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = match cte.trim() {
        "base64" => base64(&p.body),
        "quoted-printable" => quoted_printable(&p.body),
        _ => p.body.clone(),
    };
    let charset = header(&p.headers, "content-type").and_then(|c| param(c, "charset"));
    crate::text::decode(&bytes, charset.as_deref()).text
}

/// Base64 decoding that skips whitespace and stops at padding or junk.
pub fn base64(input: &[u8]) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in input {
        if c == b'=' {
            break;
        }
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable decoding (soft line breaks, `=XX`).
pub fn quoted_printable(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < input.len() {
        if input[i] == b'=' {
            if input.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if input.get(i + 1) == Some(&b'\r') && input.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if let (Some(a), Some(b)) = (
                input.get(i + 1).and_then(|&c| hex(c)),
                input.get(i + 2).and_then(|&c| hex(c)),
            ) {
                out.push((a * 16 + b) as u8);
                i += 3;
                continue;
            }
        }
        out.push(input[i]);
        i += 1;
    }
    out
}

/// RFC 2047 encoded words in headers: `=?UTF-8?B?...?=`, `=?gb2312?Q?...?=`.
pub fn decode_words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find("=?") {
        let between = &rest[..p];
        // Whitespace between two encoded words is dropped.
        if !between.trim().is_empty() || out.is_empty() {
            out.push_str(between);
        }
        let tail = &rest[p + 2..];
        let parts: Vec<&str> = tail.splitn(3, '?').collect();
        if parts.len() < 3 {
            out.push_str(&rest[p..]);
            return out;
        }
        let (charset, enc, more) = (parts[0], parts[1], parts[2]);
        let Some(end) = more.find("?=") else {
            out.push_str(&rest[p..]);
            return out;
        };
        let data = &more[..end];
        let bytes = if enc.eq_ignore_ascii_case("b") {
            base64(data.as_bytes())
        } else {
            quoted_printable(data.replace('_', " ").as_bytes())
        };
        out.push_str(&crate::text::decode(&bytes, Some(charset)).text);
        rest = &more[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_words() {
        assert_eq!(
            decode_entities("&pound;5 &amp; &#36;6 &#x20AC;7"),
            "£5 & $6 €7"
        );
        assert_eq!(decode_words("=?UTF-8?B?5pSv5LuY?= ok"), "支付 ok");
        assert_eq!(quoted_printable(b"a=3Db=\nc"), b"a=bc");
    }
}
