//! Reader: PDF e-receipts with a text layer.
//!
//! A small text extractor, enough for receipts and e-mail printouts: objects
//! and their streams (FlateDecode via `flate2`, pure Rust, so it builds for
//! wasm32 with no random-number or JS dependency; PNG and TIFF predictors;
//! ASCIIHex and ASCII85), PDF 1.5 object streams (`/Type /ObjStm`, where
//! qpdf, Word and most modern writers put font and page dictionaries),
//! cross-reference streams (recognised and skipped: objects are found by
//! scanning, which also survives a broken xref table), the standard security
//! handler with an empty user password ([`crypt`]), fonts' ToUnicode CMaps
//! (one- and two-byte codes, `bfchar` and `bfrange`), and the text operators
//! (`Tf`, `Tj`, `TJ`, `'`, `"`, `Td`/`TD`/`Tm`/`T*` for line breaks). Text
//! that cannot be decoded (no text layer, a scan) gives a diagnostic telling
//! the user to add it as a photo instead; a file that needs a password says
//! so. The lines go through the text reader.
//!
//! ```
//! use slipcheck_core::receipt::pdf;
//! let doc = b"%PDF-1.4\n1 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 0 700 Td (TOTAL $12.50) Tj ET\nendstream\nendobj\n%%EOF";
//! assert_eq!(pdf::extract_text(doc).trim(), "TOTAL $12.50");
//! ```

mod crypt;

use super::text::TextLine;
use super::{ReadContext, ReceiptRead};
use crate::diag::{Arg, Diagnostic, Reason};
use crypt::{Decryptor, Params, Refusal};
use std::collections::HashMap;
use std::io::Read;

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    read_with(file, bytes, &ReadContext::default())
}

pub fn read_with(file: &str, bytes: &[u8], ctx: &ReadContext) -> ReceiptRead {
    let refused = |code: &str, args: &[(&str, Arg)]| ReceiptRead { receipts: vec![], diagnostics: vec![Diagnostic::err(file, None, code, args)] };
    let text = match extract(bytes) {
        Ok(t) => t,
        Err(Refusal::Password) => {
            return refused("pdf.password", &[])
        }
        Err(Refusal::Unsupported(what)) => {
            return refused("pdf.unsupported_crypt", &what.args())
        }
    };
    if text.trim().is_empty() {
        return refused("pdf.no_text", &[]);
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

/// An object as found in the file: number, generation, dictionary bytes
/// and still encoded (and perhaps encrypted) stream.
struct RawObj {
    num: u32,
    gen: u16,
    dict: Vec<u8>,
    stream: Option<Vec<u8>>,
}

/// Every `N G obj … endobj` in the file, by scanning (a broken or missing
/// cross-reference table does not matter).
fn raw_objects(pdf: &[u8]) -> Vec<RawObj> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(p) = find(pdf, b" obj", pos) {
        // Object number and generation: the digits before " obj".
        let head = &pdf[p.saturating_sub(24)..p];
        let head = String::from_utf8_lossy(head);
        let nums: Vec<&str> = head.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
        let id = if nums.len() >= 2 {
            nums[nums.len() - 2].parse::<u32>().ok().map(|n| (n, nums[nums.len() - 1].parse::<u16>().unwrap_or(0)))
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
                // The EOL before "endstream" is not data; AES needs the
                // exact length, so trust /Length when it fits.
                let mut raw = &body[d0.min(d1)..d1];
                if let Some(len) = dict_num(&tokens(&body[..s]), "Length").filter(|l| *l >= 0.0).map(|l| l as usize) {
                    if len <= raw.len() {
                        raw = &raw[..len];
                    }
                }
                (body[..s].to_vec(), Some(raw.to_vec()))
            }
            _ => (body.to_vec(), None),
        };
        if let Some((num, gen)) = id {
            out.push(RawObj { num, gen, dict, stream });
        }
        pos = end.max(p + 4);
    }
    out
}

/// Objects with their dictionary text and decrypted, decoded stream;
/// objects packed in object streams are unpacked.
fn objects(pdf: &[u8]) -> Result<HashMap<u32, Obj>, Refusal> {
    let raws = raw_objects(pdf);
    let (decryptor, encrypt_obj) = match encryption(pdf, &raws)? {
        Some((d, n)) => (Some(d), Some(n)),
        None => (None, None),
    };
    let mut out: HashMap<u32, Obj> = HashMap::new();
    for r in raws {
        let toks = tokens(&r.dict);
        let stream = r.stream.map(|raw| {
            // Cross-reference streams are never encrypted, nor is the
            // encryption dictionary.
            let plain = match &decryptor {
                Some(d) if dict_name(&toks, "Type").as_deref() != Some("XRef") && Some(r.num) != encrypt_obj => d.stream(r.num, r.gen, &raw),
                _ => raw,
            };
            decode_stream(&toks, &plain)
        });
        // A later definition (an incremental update) replaces an earlier one.
        out.insert(r.num, Obj { dict: String::from_utf8_lossy(&r.dict).into_owned(), stream });
    }
    unpack_object_streams(&mut out);
    Ok(out)
}

/// Objects inside `/Type /ObjStm` streams: `/N` pairs "number offset" in
/// the header, each object's text at `/First` + offset. An object that also
/// exists outside any stream keeps that definition.
fn unpack_object_streams(objs: &mut HashMap<u32, Obj>) {
    let mut found: Vec<(u32, String)> = Vec::new();
    for o in objs.values() {
        let Some(data) = &o.stream else { continue };
        let toks = tokens(o.dict.as_bytes());
        if dict_name(&toks, "Type").as_deref() != Some("ObjStm") {
            continue;
        }
        let n = dict_num(&toks, "N").unwrap_or(0.0).clamp(0.0, 100_000.0) as usize;
        let first = dict_num(&toks, "First").unwrap_or(0.0).max(0.0) as usize;
        let Some(header) = data.get(..first) else { continue };
        let nums: Vec<usize> = String::from_utf8_lossy(header).split_ascii_whitespace().filter_map(|t| t.parse().ok()).take(2 * n).collect();
        let pairs: Vec<(usize, usize)> = nums.chunks_exact(2).map(|c| (c[0], c[1])).collect();
        for (k, &(num, off)) in pairs.iter().enumerate() {
            let start = first.saturating_add(off);
            let end = pairs.get(k + 1).map(|p| first.saturating_add(p.1)).unwrap_or(data.len()).min(data.len());
            if start < end && num <= u32::MAX as usize {
                found.push((num as u32, String::from_utf8_lossy(&data[start..end]).into_owned()));
            }
        }
    }
    for (num, dict) in found {
        objs.entry(num).or_insert(Obj { dict, stream: None });
    }
}

/// The standard security handler's decryptor when the file is encrypted
/// (with the number of the encryption dictionary's object), `None` when it
/// is not.
fn encryption(pdf: &[u8], raws: &[RawObj]) -> Result<Option<(Decryptor, u32)>, Refusal> {
    // Trailer dictionaries: after each "trailer" keyword, and the
    // dictionaries of cross-reference streams.
    let mut trailers: Vec<Vec<Tok>> = Vec::new();
    let mut pos = 0;
    while let Some(p) = find(pdf, b"trailer", pos) {
        let end = find(pdf, b"startxref", p).unwrap_or(pdf.len()).min(p + 8192);
        trailers.push(tokens(&pdf[p + 7..end]));
        pos = p + 7;
    }
    for r in raws {
        let toks = tokens(&r.dict);
        if dict_name(&toks, "Type").as_deref() == Some("XRef") {
            trailers.push(toks);
        }
    }
    // The last trailer naming /Encrypt is the current one.
    let Some(t) = trailers.iter().rev().find(|t| dict_index(t, "Encrypt").is_some()) else { return Ok(None) };
    let i = dict_index(t, "Encrypt").unwrap_or(0);
    let (enc_toks, enc_num): (Vec<Tok>, u32) = match (t.get(i + 1), t.get(i + 3)) {
        (Some(Tok::Num(n)), Some(Tok::Op(r))) if r == "R" => {
            let num = *n as u32;
            match raws.iter().rev().find(|o| o.num == num) {
                Some(o) => (tokens(&o.dict), num),
                None => return Err(Refusal::Unsupported(Reason::new("t.pdf.encrypt_missing", vec![]))),
            }
        }
        _ => return Err(Refusal::Unsupported(Reason::new("t.pdf.encrypt_unreadable", vec![]))),
    };
    let id0 = dict_index(t, "ID")
        .and_then(|i| match (t.get(i + 1), t.get(i + 2)) {
            (Some(Tok::ArrStart), Some(Tok::Str(s))) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let bytes = |k: &str| match dict_get(&enc_toks, k) {
        Some(Tok::Str(s)) => s.clone(),
        _ => Vec::new(),
    };
    let stm_f = dict_name(&enc_toks, "StmF");
    let params = Params {
        filter: dict_name(&enc_toks, "Filter").unwrap_or_default(),
        v: dict_num(&enc_toks, "V").unwrap_or(0.0) as i64,
        r: dict_num(&enc_toks, "R").unwrap_or(0.0) as i64,
        length_bits: dict_num(&enc_toks, "Length").unwrap_or(40.0) as i64,
        o: bytes("O"),
        u: bytes("U"),
        ue: bytes("UE"),
        p: dict_num(&enc_toks, "P").unwrap_or(0.0) as i64,
        id0,
        encrypt_metadata: !matches!(dict_get(&enc_toks, "EncryptMetadata"), Some(Tok::Op(v)) if v == "false"),
        stream_method: match stm_f.as_deref() {
            Some("Identity") => Some("Identity".into()),
            // The method of the crypt filter /StmF names (StdCF in practice).
            _ => enc_toks.windows(2).find_map(|w| match w {
                [Tok::Name(k), Tok::Name(v)] if k == "CFM" => Some(v.clone()),
                _ => None,
            }),
        },
    };
    Decryptor::new(&params).map(|d| Some((d, enc_num)))
}

/// Index of `key`'s value in a dictionary's tokens, at the top level.
fn dict_index(toks: &[Tok], key: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Op(o) if o == "<<" => depth += 1,
            Tok::Op(o) if o == ">>" => depth -= 1,
            Tok::Name(n) if depth <= 1 && n == key => return Some(i),
            _ => {}
        }
    }
    None
}

fn dict_get<'a>(toks: &'a [Tok], key: &str) -> Option<&'a Tok> {
    dict_index(toks, key).and_then(|i| toks.get(i + 1))
}

fn dict_num(toks: &[Tok], key: &str) -> Option<f64> {
    match dict_get(toks, key) {
        Some(Tok::Num(n)) => Some(*n),
        _ => None,
    }
}

fn dict_name(toks: &[Tok], key: &str) -> Option<String> {
    match dict_get(toks, key) {
        Some(Tok::Name(n)) => Some(n.clone()),
        _ => None,
    }
}

/// Applies the stream's filters in order; a filter for images or one we do
/// not implement yields nothing (such a stream holds no text).
fn decode_stream(dict: &[Tok], raw: &[u8]) -> Vec<u8> {
    let filters: Vec<String> = match dict_index(dict, "Filter") {
        Some(i) => match dict.get(i + 1) {
            Some(Tok::Name(n)) => vec![n.clone()],
            Some(Tok::ArrStart) => dict[i + 2..]
                .iter()
                .take_while(|t| !matches!(t, Tok::ArrEnd))
                .filter_map(|t| if let Tok::Name(n) = t { Some(n.clone()) } else { None })
                .collect(),
            _ => vec![],
        },
        None => vec![],
    };
    let parms = Predictor::of(dict);
    let mut data = raw.to_vec();
    for f in filters.iter().take(8) {
        data = match f.as_str() {
            "FlateDecode" | "Fl" => parms.apply(inflate(&data)),
            "ASCIIHexDecode" | "AHx" => {
                let end = data.iter().position(|&b| b == b'>').unwrap_or(data.len());
                hex_bytes(&String::from_utf8_lossy(&data[..end]))
            }
            "ASCII85Decode" | "A85" => ascii85(&data),
            _ => return Vec::new(),
        };
    }
    data
}

fn inflate(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut z = flate2::read::ZlibDecoder::new(raw);
    if z.read_to_end(&mut out).is_ok() || !out.is_empty() {
        return out;
    }
    // Some writers emit raw deflate without the zlib header.
    let mut out = Vec::new();
    let _ = flate2::read::DeflateDecoder::new(raw).read_to_end(&mut out);
    out
}

/// `/DecodeParms` of a Flate stream: PNG predictors (10–15, a filter byte
/// per row) and the TIFF predictor (2).
struct Predictor {
    predictor: u32,
    colors: usize,
    bits: usize,
    columns: usize,
}

impl Predictor {
    fn of(dict: &[Tok]) -> Predictor {
        let mut p = Predictor { predictor: 1, colors: 1, bits: 8, columns: 1 };
        let Some(i) = dict_index(dict, "DecodeParms") else { return p };
        // A dictionary, or an array of them (one per filter; null for none):
        // the first dictionary found is the Flate one in practice.
        let Some(start) = dict[i + 1..].iter().take(8).position(|t| matches!(t, Tok::Op(o) if o == "<<")).map(|s| i + 1 + s) else {
            return p;
        };
        let end = dict[start..].iter().position(|t| matches!(t, Tok::Op(o) if o == ">>")).map(|e| start + e).unwrap_or(dict.len());
        let sub = &dict[start..end];
        let get = |k: &str| {
            sub.windows(2).find_map(|w| match w {
                [Tok::Name(n), Tok::Num(v)] if n == k => Some(*v),
                _ => None,
            })
        };
        p.predictor = get("Predictor").unwrap_or(1.0).clamp(0.0, 100.0) as u32;
        p.colors = get("Colors").unwrap_or(1.0).clamp(1.0, 32.0) as usize;
        p.bits = get("BitsPerComponent").unwrap_or(8.0).clamp(1.0, 16.0) as usize;
        p.columns = get("Columns").unwrap_or(1.0).clamp(1.0, 1_000_000.0) as usize;
        p
    }

    fn apply(&self, data: Vec<u8>) -> Vec<u8> {
        let bpp = (self.colors * self.bits).div_ceil(8).max(1);
        let row = (self.colors * self.bits * self.columns).div_ceil(8);
        match self.predictor {
            2 if self.bits == 8 => {
                let mut d = data;
                for r in d.chunks_mut(row.max(1)) {
                    for i in bpp..r.len() {
                        r[i] = r[i].wrapping_add(r[i - bpp]);
                    }
                }
                d
            }
            10..=15 => {
                let mut out: Vec<u8> = Vec::with_capacity(data.len());
                let mut prev = vec![0u8; row];
                for chunk in data.chunks(row + 1) {
                    let (&ft, src) = match chunk.split_first() {
                        Some(x) => x,
                        None => break,
                    };
                    let mut cur = src.to_vec();
                    cur.resize(row, 0);
                    for i in 0..row {
                        let a = if i >= bpp { cur[i - bpp] } else { 0 };
                        let b = prev[i];
                        let c = if i >= bpp { prev[i - bpp] } else { 0 };
                        cur[i] = cur[i].wrapping_add(match ft {
                            1 => a,
                            2 => b,
                            3 => ((a as u16 + b as u16) / 2) as u8,
                            4 => paeth(a, b, c),
                            _ => 0,
                        });
                    }
                    out.extend_from_slice(&cur[..src.len().min(row)]);
                    prev = cur;
                }
                out
            }
            _ => data,
        }
    }
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = a as i16 + b as i16 - c as i16;
    let (pa, pb, pc) = ((p - a as i16).abs(), (p - b as i16).abs(), (p - c as i16).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// ASCII85 (`<~ … ~>` optional, `z` for four zero bytes).
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut group: Vec<u32> = Vec::with_capacity(5);
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &c in body {
        match c {
            b'~' => break,
            b'z' if group.is_empty() => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group.push((c - b'!') as u32);
                if group.len() == 5 {
                    let v = group.iter().fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
                    out.extend_from_slice(&v.to_be_bytes());
                    group.clear();
                }
            }
            _ => {}
        }
    }
    if group.len() > 1 {
        let n = group.len();
        group.resize(5, 84);
        let v = group.iter().fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
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

/// The text of a PDF, one line per text line on the page; empty when there
/// is none or the file needs a password.
pub fn extract_text(pdf: &[u8]) -> String {
    extract(pdf).unwrap_or_default()
}

fn extract(pdf: &[u8]) -> Result<String, Refusal> {
    let objs = objects(pdf)?;
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
        if ["/XRef", "/ObjStm", "/Metadata", "/XObject", "/EmbeddedFile"].iter().any(|t| o.dict.contains(&format!("/Type {t}")) || o.dict.contains(&format!("/Type{t}"))) {
            continue; // binary tables and non-page streams
        }
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
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_predictors_undo_every_filter_type() {
        // Two rows of 3 bytes, bpp 1: row 1 "Sub" (1), row 2 "Paeth" (4);
        // then "Average" (3) and "Up" (2) rows.
        let p = Predictor { predictor: 12, colors: 1, bits: 8, columns: 3 };
        let rows = [10u8, 20, 30, 11, 21, 31, 12, 22, 32, 13, 23, 33];
        let mut enc = Vec::new();
        let mut prev = [0u8; 3];
        for (k, ft) in [1u8, 4, 3, 2].iter().enumerate() {
            let cur = &rows[k * 3..k * 3 + 3];
            enc.push(*ft);
            for i in 0..3 {
                let a = if i >= 1 { cur[i - 1] } else { 0 };
                let c = if i >= 1 { prev[i - 1] } else { 0 };
                let pred = match ft {
                    1 => a,
                    2 => prev[i],
                    3 => ((a as u16 + prev[i] as u16) / 2) as u8,
                    _ => paeth(a, prev[i], c),
                };
                enc.push(cur[i].wrapping_sub(pred));
            }
            prev.copy_from_slice(cur);
        }
        assert_eq!(p.apply(enc), rows);
        // TIFF predictor 2: differences within a row.
        let t = Predictor { predictor: 2, colors: 1, bits: 8, columns: 3 };
        assert_eq!(t.apply(vec![5, 1, 1, 7, 2, 2]), [5, 6, 7, 7, 9, 11]);
    }

    #[test]
    fn filter_chains() {
        assert_eq!(ascii85(b"<~87cURD]i,\"Ebo80~>"), b"Hello World!");
        assert_eq!(ascii85(b"z~>"), [0, 0, 0, 0]);
        let dict = tokens(b"<< /Filter [/ASCIIHexDecode] /Length 8 >>");
        assert_eq!(decode_stream(&dict, b"48 69>"), b"Hi");
        // Image codecs carry no text.
        let dict = tokens(b"<< /Filter /DCTDecode >>");
        assert!(decode_stream(&dict, b"\xff\xd8").is_empty());
    }

    #[test]
    fn object_stream_members_are_found() {
        let inner = b"7 0 8 12 << /A 1 >> << /Type /Font /ToUnicode 9 0 R >>";
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, inner).unwrap();
        let data = z.finish().unwrap();
        let mut pdf = format!("%PDF-1.5\n3 0 obj\n<< /Type /ObjStm /N 2 /First 9 /Filter /FlateDecode /Length {} >>\nstream\n", data.len()).into_bytes();
        pdf.extend_from_slice(&data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF");
        let objs = objects(&pdf).unwrap();
        assert!(objs[&7].dict.contains("/A 1"));
        assert!(objs[&8].dict.contains("/ToUnicode 9 0 R"));
    }
}
