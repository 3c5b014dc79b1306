//! Reader: PDF e-receipts with a text layer.
//!
//! A small text extractor, enough for receipts and e-mail printouts: objects
//! and their streams (FlateDecode via `flate2`, pure Rust, so it builds for
//! wasm32 with no random-number or JS dependency), fonts' ToUnicode CMaps
//! (one- and two-byte codes, `bfchar` and `bfrange`), and the text operators
//! (`Tf`, `Tj`, `TJ`, `'`, `"`, `Td`/`TD`/`Tm`/`T*` for line breaks). Text
//! that cannot be decoded (no text layer, a scan) gives a diagnostic telling
//! the user to add it as a photo instead. The lines go through the text reader.
//!
//! ```
//! use slipcheck_core::receipt::pdf;
//! let doc = b"%PDF-1.4\n1 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 0 700 Td (TOTAL $12.50) Tj ET\nendstream\nendobj\n%%EOF";
//! assert_eq!(pdf::extract_text(doc).trim(), "TOTAL $12.50");
//! ```

use super::text::TextLine;
use super::{ReadContext, ReceiptRead};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::io::Read;

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    read_with(file, bytes, &ReadContext::default())
}

pub fn read_with(file: &str, bytes: &[u8], ctx: &ReadContext) -> ReceiptRead {
    let text = extract_text(bytes);
    if text.trim().is_empty() {
        return ReceiptRead {
            receipts: vec![],
            diagnostics: vec![Diagnostic::error(
                file,
                None,
                "this PDF has no text layer that could be read (it may be a scan, or encrypted)",
            )
            .with_hint("take a photo or screenshot of the receipt and add that instead")],
        };
    }
    let lines: Vec<TextLine> = text.lines().map(|l| TextLine::new(l, 1.0)).collect();
    super::text::read_lines_with(file, &lines, ctx)
}

struct Obj {
    dict: String,
    stream: Option<Vec<u8>>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() || needle.is_empty() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Every `N G obj … endobj` with its dictionary text and decoded stream.
fn objects(pdf: &[u8]) -> HashMap<u32, Obj> {
    let mut out = HashMap::new();
    let mut pos = 0;
    while let Some(p) = find(pdf, b" obj", pos) {
        // Object number: digits before " G obj".
        let head = &pdf[p.saturating_sub(24)..p];
        let head = String::from_utf8_lossy(head);
        let nums: Vec<&str> = head
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        let id = if nums.len() >= 2 {
            nums[nums.len() - 2].parse::<u32>().ok()
        } else {
            None
        };
        let body_start = p + 4;
        let end = find(pdf, b"endobj", body_start).unwrap_or(pdf.len());
        let body = &pdf[body_start..end];
        let (dict, stream) = match find(body, b"stream", 0) {
            Some(s) if !body[..s].ends_with(b"end") => {
                let mut d0 = s + 6;
                if body.get(d0) == Some(&b'\r') {
                    d0 += 1;
                }
                if body.get(d0) == Some(&b'\n') {
                    d0 += 1;
                }
                let d1 = find(body, b"endstream", d0).unwrap_or(body.len());
                let dict = String::from_utf8_lossy(&body[..s]).into_owned();
                let raw = &body[d0.min(d1)..d1];
                (dict.clone(), Some(decode_stream(&dict, raw)))
            }
            _ => (String::from_utf8_lossy(body).into_owned(), None),
        };
        if let Some(id) = id {
            out.insert(id, Obj { dict, stream });
        }
        pos = end.max(p + 4);
    }
    out
}

fn decode_stream(dict: &str, raw: &[u8]) -> Vec<u8> {
    if dict.contains("/FlateDecode") || dict.contains("/Fl ") || dict.contains("/Fl]") {
        let mut out = Vec::new();
        let mut z = flate2::read::ZlibDecoder::new(raw);
        if z.read_to_end(&mut out).is_ok() || !out.is_empty() {
            return out;
        }
        // Some writers emit raw deflate without the zlib header.
        let mut out = Vec::new();
        let _ = flate2::read::DeflateDecoder::new(raw).read_to_end(&mut out);
        return out;
    }
    raw.to_vec()
}

/// A ToUnicode CMap: code → text, and the code width in bytes.
#[derive(Default, Clone)]
struct CMap {
    map: HashMap<u32, String>,
    two_byte: bool,
}

fn hex_bytes(s: &str) -> Vec<u8> {
    let h: Vec<u8> = s.bytes().filter(|b| b.is_ascii_hexdigit()).collect();
    h.chunks(2)
        .map(|c| {
            u8::from_str_radix(std::str::from_utf8(c).unwrap_or("0"), 16).unwrap_or(0)
                * if c.len() == 1 { 16 } else { 1 }
        })
        .collect()
}

fn utf16_hex(s: &str) -> String {
    let b = hex_bytes(s);
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
        .collect();
    String::from_utf16_lossy(&units)
}

fn code_of(s: &str) -> (u32, usize) {
    let b = hex_bytes(s);
    (
        b.iter().fold(0u32, |a, &x| a.wrapping_shl(8) | x as u32),
        b.len(),
    )
}

fn parse_cmap(data: &[u8]) -> CMap {
    let s = String::from_utf8_lossy(data);
    let mut cm = CMap::default();
    let hexes = |sec: &str| -> Vec<String> {
        let mut v = Vec::new();
        let mut rest = sec;
        while let Some(a) = rest.find('<') {
            let Some(b) = rest[a..].find('>') else { break };
            v.push(rest[a + 1..a + b].to_string());
            rest = &rest[a + b + 1..];
        }
        v
    };
    let mut rest: &str = &s;
    while let Some(a) = rest.find("beginbfchar") {
        let Some(b) = rest[a..].find("endbfchar") else {
            break;
        };
        let h = hexes(&rest[a + 11..a + b]);
        for pair in h.chunks(2) {
            if pair.len() == 2 {
                let (c, w) = code_of(&pair[0]);
                cm.two_byte |= w >= 2;
                cm.map.insert(c, utf16_hex(&pair[1]));
            }
        }
        rest = &rest[a + b..];
    }
    let mut rest: &str = &s;
    while let Some(a) = rest.find("beginbfrange") {
        let Some(b) = rest[a..].find("endbfrange") else {
            break;
        };
        let sec = &rest[a + 12..a + b];
        for line in sec.lines() {
            let h = hexes(line);
            if h.len() < 3 {
                continue;
            }
            let (lo, w) = code_of(&h[0]);
            let (hi, _) = code_of(&h[1]);
            cm.two_byte |= w >= 2;
            if hi < lo || hi - lo > 65535 {
                continue;
            }
            if line.contains('[') {
                for (k, dst) in h[2..].iter().enumerate() {
                    cm.map.insert(lo + k as u32, utf16_hex(dst));
                }
            } else {
                let base: Vec<u16> = {
                    let b = hex_bytes(&h[2]);
                    b.chunks(2)
                        .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
                        .collect()
                };
                for k in 0..=(hi - lo) {
                    let mut u = base.clone();
                    if let Some(last) = u.last_mut() {
                        *last = last.wrapping_add(k as u16);
                    }
                    cm.map.insert(lo + k, String::from_utf16_lossy(&u));
                }
            }
        }
        rest = &rest[a + b..];
    }
    cm
}

/// `/Name N 0 R` pairs inside a dictionary text.
fn refs(dict: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let toks: Vec<&str> = dict
        .split(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .filter(|t| !t.is_empty())
        .collect();
    for w in toks.windows(4) {
        if w[0].starts_with('/') && w[3] == "R" {
            if let Ok(id) = w[1].parse() {
                out.push((w[0].trim_start_matches('/').to_string(), id));
            }
        }
    }
    out
}

/// The text of a PDF, one line per text line on the page.
pub fn extract_text(pdf: &[u8]) -> String {
    let objs = objects(pdf);
    // Font objects with a ToUnicode CMap, then resource names for them.
    let mut font_cmap: HashMap<u32, CMap> = HashMap::new();
    for (id, o) in &objs {
        if let Some(p) = o.dict.find("/ToUnicode") {
            if let Some((_, cid)) = refs(&o.dict[p..]).first().cloned().or_else(|| {
                let t: Vec<&str> = o.dict[p + 10..].split_whitespace().take(3).collect();
                (t.len() == 3 && t[2].starts_with('R'))
                    .then(|| ("".to_string(), t[0].parse().unwrap_or(0)))
            }) {
                if let Some(Obj {
                    stream: Some(data), ..
                }) = objs.get(&cid)
                {
                    font_cmap.insert(*id, parse_cmap(data));
                }
            }
        }
    }
    let mut name_cmap: HashMap<String, CMap> = HashMap::new();
    for o in objs.values() {
        if let Some(p) = o.dict.find("/Font") {
            let tail = &o.dict[p + 5..];
            // Inline font dictionary: "/Font << /F1 5 0 R >>".
            let end = tail.find(">>").map(|e| e + 2).unwrap_or(tail.len());
            let sect = &tail[..end];
            for (name, id) in refs(sect) {
                if let Some(cm) = font_cmap.get(&id) {
                    name_cmap.insert(name, cm.clone());
                }
            }
            // Indirect font dictionary: "/Font 9 0 R".
            let t: Vec<&str> = tail.split_whitespace().take(3).collect();
            if t.len() == 3 && t[2].starts_with('R') {
                if let Some(fd) = t[0].parse::<u32>().ok().and_then(|i| objs.get(&i)) {
                    for (name, id) in refs(&fd.dict) {
                        if let Some(cm) = font_cmap.get(&id) {
                            name_cmap.insert(name, cm.clone());
                        }
                    }
                }
            }
        }
    }
    // Content streams in object order (pages usually come in order).
    let mut ids: Vec<&u32> = objs.keys().collect();
    ids.sort();
    let mut out = String::new();
    for id in ids {
        let o = &objs[id];
        let Some(data) = &o.stream else { continue };
        if o.dict.contains("/Subtype")
            && (o.dict.contains("/Image")
                || o.dict.contains("/Type1C")
                || o.dict.contains("/CIDFontType0C"))
        {
            continue;
        }
        if o.dict.contains("/Length1")
            || o.dict.contains("/Length2")
            || find(data, b"begincmap", 0).is_some()
        {
            continue; // embedded font program or a CMap, not page content
        }
        if find(data, b"BT", 0).is_none() {
            continue;
        }
        content_text(data, &name_cmap, &mut out);
    }
    out
}

enum Tok {
    Num(f64),
    Str(Vec<u8>),
    Name(String),
    Op(String),
    ArrStart,
    ArrEnd,
}

fn tokens(data: &[u8]) -> Vec<Tok> {
    let mut v = Vec::new();
    let mut i = 0;
    let n = data.len();
    while i < n {
        let c = data[i];
        match c {
            b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0 => i += 1,
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut depth = 1;
                let mut s = Vec::new();
                i += 1;
                while i < n && depth > 0 {
                    let b = data[i];
                    match b {
                        b'\\' if i + 1 < n => {
                            i += 1;
                            let e = data[i];
                            match e {
                                b'n' => s.push(b'\n'),
                                b'r' => s.push(b'\r'),
                                b't' => s.push(b'\t'),
                                b'b' => s.push(8),
                                b'f' => s.push(12),
                                b'0'..=b'7' => {
                                    let mut val = 0u32;
                                    let mut k = 0;
                                    while k < 3 && i < n && (b'0'..=b'7').contains(&data[i]) {
                                        val = val * 8 + (data[i] - b'0') as u32;
                                        i += 1;
                                        k += 1;
                                    }
                                    i -= 1;
                                    s.push(val as u8);
                                }
                                b'\n' | b'\r' => {}
                                other => s.push(other),
                            }
                        }
                        b'(' => {
                            depth += 1;
                            s.push(b);
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                s.push(b);
                            }
                        }
                        _ => s.push(b),
                    }
                    i += 1;
                }
                v.push(Tok::Str(s));
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                v.push(Tok::Op("<<".into()));
                i += 2;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                v.push(Tok::Op(">>".into()));
                i += 2;
            }
            b'<' => {
                let e = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map(|p| i + p)
                    .unwrap_or(n);
                v.push(Tok::Str(hex_bytes(&String::from_utf8_lossy(
                    &data[i + 1..e],
                ))));
                i = e + 1;
            }
            b'[' => {
                v.push(Tok::ArrStart);
                i += 1;
            }
            b']' => {
                v.push(Tok::ArrEnd);
                i += 1;
            }
            b'/' => {
                let s = i + 1;
                i += 1;
                while i < n && !b" \n\r\t/[]()<>{}%".contains(&data[i]) {
                    i += 1;
                }
                v.push(Tok::Name(String::from_utf8_lossy(&data[s..i]).into_owned()));
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let s = i;
                i += 1;
                while i < n && (data[i].is_ascii_digit() || data[i] == b'.') {
                    i += 1;
                }
                v.push(Tok::Num(
                    String::from_utf8_lossy(&data[s..i]).parse().unwrap_or(0.0),
                ));
            }
            _ => {
                let s = i;
                while i < n && !b" \n\r\t/[]()<>{}%".contains(&data[i]) {
                    i += 1;
                }
                if i == s {
                    i += 1;
                    continue;
                }
                v.push(Tok::Op(String::from_utf8_lossy(&data[s..i]).into_owned()));
            }
        }
    }
    v
}

fn decode_str(s: &[u8], cm: Option<&CMap>) -> String {
    match cm {
        Some(cm) if cm.two_byte => s
            .chunks(2)
            .map(|c| {
                let code = (c[0] as u32) << 8 | *c.get(1).unwrap_or(&0) as u32;
                cm.map.get(&code).cloned().unwrap_or_default()
            })
            .collect(),
        Some(cm) => s
            .iter()
            .map(|&b| {
                cm.map
                    .get(&(b as u32))
                    .cloned()
                    .unwrap_or_else(|| latin1(b))
            })
            .collect(),
        None => {
            // UTF-16BE strings with a BOM appear in some writers' text.
            if s.starts_with(&[0xFE, 0xFF]) {
                let u: Vec<u16> = s[2..]
                    .chunks(2)
                    .map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16)
                    .collect();
                return String::from_utf16_lossy(&u);
            }
            s.iter().map(|&b| latin1(b)).collect()
        }
    }
}

/// WinAnsi for the printable range (close enough for receipts: £ € are
/// where the standard fonts put them).
fn latin1(b: u8) -> String {
    match b {
        0x80 => "€".into(),
        0x95 => "•".into(),
        0x96 => "–".into(),
        0x97 => "—".into(),
        0x20..=0x7e | 0xa0..=0xff => char::from(b).to_string(),
        _ => String::new(),
    }
}

fn content_text(data: &[u8], fonts: &HashMap<String, CMap>, out: &mut String) {
    let toks = tokens(data);
    let mut operands: Vec<&Tok> = Vec::new();
    let mut font: Option<&CMap> = None;
    let mut y: Option<f64> = None;
    let mut line = String::new();
    let mut in_arr = false;
    let mut arr: Vec<&Tok> = Vec::new();
    let flush = |line: &mut String, out: &mut String| {
        if !line.trim().is_empty() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        line.clear();
    };
    for t in &toks {
        match t {
            Tok::ArrStart => {
                in_arr = true;
                arr.clear();
            }
            Tok::ArrEnd => {
                in_arr = false;
            }
            Tok::Op(op) => {
                let nums: Vec<f64> = operands
                    .iter()
                    .filter_map(|o| if let Tok::Num(x) = o { Some(*x) } else { None })
                    .collect();
                match op.as_str() {
                    "Tf" => {
                        if let Some(Tok::Name(n)) =
                            operands.iter().find(|o| matches!(o, Tok::Name(_)))
                        {
                            font = fonts.get(n.as_str());
                        }
                    }
                    "Td" | "TD" => {
                        if nums.len() >= 2 && nums[1].abs() > 0.5 {
                            flush(&mut line, out);
                            y = Some(y.unwrap_or(0.0) + nums[1]);
                        } else if nums.first().is_some_and(|x| *x > 0.5)
                            && !line.is_empty()
                            && !line.ends_with(' ')
                        {
                            line.push(' ');
                        }
                    }
                    "Tm" => {
                        if nums.len() >= 6 {
                            let ny = nums[5];
                            if y.is_some_and(|y0| (y0 - ny).abs() > 0.5) || y.is_none() {
                                flush(&mut line, out);
                            } else if !line.is_empty() && !line.ends_with(' ') {
                                line.push(' ');
                            }
                            y = Some(ny);
                        }
                    }
                    "T*" => flush(&mut line, out),
                    "Tj" => {
                        if let Some(Tok::Str(s)) = operands.last() {
                            line.push_str(&decode_str(s, font));
                        }
                    }
                    "'" | "\"" => {
                        flush(&mut line, out);
                        if let Some(Tok::Str(s)) = operands.last() {
                            line.push_str(&decode_str(s, font));
                        }
                    }
                    "TJ" => {
                        for a in &arr {
                            match a {
                                Tok::Str(s) => line.push_str(&decode_str(s, font)),
                                // A large negative kern is a word gap.
                                Tok::Num(k) if *k < -180.0 && !line.ends_with(' ') => {
                                    line.push(' ')
                                }
                                _ => {}
                            }
                        }
                        arr.clear();
                    }
                    "ET" => {}
                    _ => {}
                }
                operands.clear();
            }
            other => {
                if in_arr {
                    arr.push(other);
                } else {
                    operands.push(other);
                }
            }
        }
    }
    flush(&mut line, out);
}
