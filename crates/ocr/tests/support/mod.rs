//! Shared by the OCR tests: loading the engine, rendering synthetic slip
//! photos (text drawn with a CJK-capable font, then turned, blurred, noised,
//! faded, shrunk and JPEG-compressed like a phone photo of thermal paper),
//! and checking whether a field was read right.
#![allow(dead_code)]

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use slipcheck_ocr::{Engine, Page, Rgb};

/// Installed by `cargo xtask setup` (Debian fonts-wqy-microhei): the smallest
/// font package covering Chinese.
pub const FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// The engine on the weights in `models/` (or `$SLIPCHECK_MODELS`). Missing
/// weights fail the test with the fix, rather than skipping it.
pub fn engine() -> Engine {
    match Engine::from_dir(&slipcheck_ocr::default_models_dir()) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    }
}

/// A deterministic generator, so every run renders the same photos.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }
    /// Roughly normal, mean 0, sd 1 (sum of uniforms).
    pub fn normal(&mut self) -> f32 {
        (0..6).map(|_| self.f()).sum::<f32>() - 3.0
    }
}

/// A greyscale canvas, 0 = black, 1 = white.
#[derive(Clone)]
pub struct Canvas {
    pub w: usize,
    pub h: usize,
    pub px: Vec<f32>,
}

impl Canvas {
    pub fn new(w: usize, h: usize, paper: f32) -> Canvas {
        Canvas { w, h, px: vec![paper; w * h] }
    }

    fn get(&self, x: f32, y: f32, outside: f32) -> f32 {
        if x < 0.0 || y < 0.0 || x > (self.w - 1) as f32 || y > (self.h - 1) as f32 {
            return outside;
        }
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (ax, ay) = (x - x0 as f32, y - y0 as f32);
        let p = |x: usize, y: usize| self.px[y * self.w + x];
        let top = p(x0, y0) * (1.0 - ax) + p(x1, y0) * ax;
        let bot = p(x0, y1) * (1.0 - ax) + p(x1, y1) * ax;
        top * (1.0 - ay) + bot * ay
    }

    /// Draws `text` with its baseline at `y`, starting at `x`; returns the
    /// advance width. `ink` is the darkness reached at full coverage.
    pub fn text(&mut self, font: &FontRef, size: f32, x: f32, y: f32, text: &str, ink: f32) -> f32 {
        let scaled = font.as_scaled(PxScale::from(size));
        let mut caret = x;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(caret, y));
            if let Some(og) = font.outline_glyph(glyph) {
                let b = og.px_bounds();
                og.draw(|gx, gy, cov| {
                    let (px, py) = (b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                    if px >= 0 && py >= 0 && (px as usize) < self.w && (py as usize) < self.h {
                        let i = py as usize * self.w + px as usize;
                        self.px[i] = self.px[i] * (1.0 - cov) + ink * cov;
                    }
                });
            }
            caret += scaled.h_advance(id);
        }
        caret - x
    }

    pub fn width_of(font: &FontRef, size: f32, text: &str) -> f32 {
        let scaled = font.as_scaled(PxScale::from(size));
        text.chars().map(|c| scaled.h_advance(scaled.glyph_id(c))).sum()
    }

    /// Turns the slip by `deg` degrees and lays it on a `bg`-grey table with a
    /// margin, as a hand-held photo would frame it.
    pub fn rotate_onto(&self, deg: f32, bg: f32, margin: usize) -> Canvas {
        let t = deg.to_radians();
        let (c, s) = (t.cos(), t.sin());
        let (w, h) = (self.w as f32, self.h as f32);
        let ow = (w * c.abs() + h * s.abs()).ceil() as usize + 2 * margin;
        let oh = (w * s.abs() + h * c.abs()).ceil() as usize + 2 * margin;
        let mut out = Canvas::new(ow, oh, bg);
        let (ocx, ocy, icx, icy) = (ow as f32 / 2.0, oh as f32 / 2.0, w / 2.0, h / 2.0);
        for y in 0..oh {
            for x in 0..ow {
                let (dx, dy) = (x as f32 - ocx, y as f32 - ocy);
                let (sx, sy) = (dx * c + dy * s + icx, -dx * s + dy * c + icy);
                out.px[y * ow + x] = self.get(sx, sy, bg);
            }
        }
        out
    }

    /// Gaussian blur (out of focus, or ink bleeding into thermal paper).
    pub fn blur(&mut self, sigma: f32) {
        if sigma <= 0.0 {
            return;
        }
        let r = (sigma * 3.0).ceil() as i64;
        let k: Vec<f32> = (-r..=r).map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp()).collect();
        let sum: f32 = k.iter().sum();
        let k: Vec<f32> = k.iter().map(|v| v / sum).collect();
        let (w, h) = (self.w as i64, self.h as i64);
        let mut tmp = vec![0f32; self.px.len()];
        for y in 0..h {
            for x in 0..w {
                let mut acc = 0.0;
                for (j, kv) in k.iter().enumerate() {
                    let sx = (x + j as i64 - r).clamp(0, w - 1);
                    acc += self.px[(y * w + sx) as usize] * kv;
                }
                tmp[(y * w + x) as usize] = acc;
            }
        }
        for y in 0..h {
            for x in 0..w {
                let mut acc = 0.0;
                for (j, kv) in k.iter().enumerate() {
                    let sy = (y + j as i64 - r).clamp(0, h - 1);
                    acc += tmp[(sy * w + x) as usize] * kv;
                }
                self.px[(y * w + x) as usize] = acc;
            }
        }
    }

    /// Sensor noise plus an uneven light falloff across the photo.
    pub fn noise(&mut self, rng: &mut Rng, amount: f32, shading: f32) {
        let (w, h) = (self.w as f32, self.h as f32);
        let (lx, ly) = (rng.range(0.0, w), rng.range(0.0, h));
        let diag = (w * w + h * h).sqrt();
        for y in 0..self.h {
            for x in 0..self.w {
                let d = ((x as f32 - lx).powi(2) + (y as f32 - ly).powi(2)).sqrt() / diag;
                let i = y * self.w + x;
                self.px[i] = (self.px[i] * (1.0 - shading * d) + amount * rng.normal()).clamp(0.0, 1.0);
            }
        }
    }

    /// Shrinks by `f` (a low-resolution photo).
    pub fn scale(&self, f: f32) -> Canvas {
        let rgb = self.to_rgb();
        let small = rgb.resize((self.w as f32 * f) as usize, (self.h as f32 * f) as usize);
        Canvas { w: small.width, h: small.height, px: small.data.chunks(3).map(|p| p[0] as f32 / 255.0).collect() }
    }

    /// A warm-tinted RGB photo of the greyscale scene.
    pub fn to_rgb(&self) -> Rgb {
        let data = self
            .px
            .iter()
            .flat_map(|&v| {
                let g = (v * 255.0).round().clamp(0.0, 255.0);
                [g as u8, (g * 0.97) as u8, (g * 0.92) as u8]
            })
            .collect();
        Rgb { width: self.w, height: self.h, data }
    }
}

/// JPEG round trip at `quality`, decoded the way the CLI decodes photos.
pub fn jpeg(img: &Rgb, quality: u8) -> Rgb {
    let mut buf = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, quality)
        .encode(&img.data, img.width as u32, img.height as u32, image::ExtendedColorType::Rgb8)
        .expect("jpeg encodes");
    slipcheck_ocr::decode(&buf).expect("our own jpeg decodes")
}

/// One printed row: left text, optional right-aligned text.
pub struct Row<'a>(pub &'a str, pub &'a str);

/// How the photo of a slip is spoilt.
#[derive(Clone, Copy)]
pub struct Spoil {
    pub deg: f32,
    pub blur: f32,
    pub noise: f32,
    pub shading: f32,
    /// Ink darkness (0 black … 1 invisible); faded thermal prints are ~0.45.
    pub ink: f32,
    pub scale: f32,
    pub jpeg: Option<u8>,
}

impl Spoil {
    pub const CLEAN: Spoil = Spoil { deg: 0.0, blur: 0.0, noise: 0.0, shading: 0.0, ink: 0.05, scale: 1.0, jpeg: None };
}

/// Renders a slip `width` px wide with rows of `size` px text, then spoils
/// the photo.
pub fn render_slip(rows: &[Row], width: usize, size: f32, mono: bool, spoil: Spoil, seed: u64) -> Rgb {
    let data = std::fs::read(FONT).unwrap_or_else(|e| {
        panic!("{FONT}: {e}; run `cargo xtask setup` (installs Debian fonts-wqy-microhei)")
    });
    let font = FontRef::try_from_slice_and_index(&data, if mono { 1 } else { 0 }).expect("wqy-microhei parses");
    let mut rng = Rng::new(seed);
    let line_h = size * 1.6;
    let pad = size * 1.5;
    let height = (rows.len() as f32 * line_h + 2.0 * pad) as usize;
    let mut c = Canvas::new(width, height, 0.96);
    for (i, Row(left, right)) in rows.iter().enumerate() {
        let base = pad + i as f32 * line_h + size;
        let lw = Canvas::width_of(&font, size, left);
        if right.is_empty() && left.starts_with(' ') {
            // A leading space centres the row (headers, copy labels).
            c.text(&font, size, (width as f32 - lw) / 2.0, base, left.trim_start(), spoil.ink);
        } else {
            c.text(&font, size, pad, base, left, spoil.ink);
        }
        if !right.is_empty() {
            let rw = Canvas::width_of(&font, size, right);
            c.text(&font, size, width as f32 - pad - rw, base, right, spoil.ink);
        }
    }
    let mut photo = c.rotate_onto(spoil.deg, rng.range(0.25, 0.45), (size * 2.0) as usize);
    photo.blur(spoil.blur);
    photo.noise(&mut rng, spoil.noise, spoil.shading);
    if spoil.scale != 1.0 {
        photo = photo.scale(spoil.scale);
    }
    let rgb = photo.to_rgb();
    match spoil.jpeg {
        Some(q) => jpeg(&rgb, q),
        None => rgb,
    }
}

/// OCR text made comparable: full-width forms folded to ASCII, runs of
/// white space made one space; with `keep_spaces` false, no spaces at all
/// (PP-OCR drops and adds them).
pub fn norm(s: &str, keep_spaces: bool) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    let sep = if keep_spaces { " " } else { "" };
    folded.split_whitespace().collect::<Vec<_>>().join(sep)
}

/// `needle` occurs in `hay` not directly after another digit (so "42.50" is
/// not found inside "142.50") and, when `digit_after_ok` is false, not
/// directly before one.
pub fn has_bounded(hay: &str, needle: &str, digit_after_ok: bool) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(|c| c.is_ascii_digit())
            && (digit_after_ok || !after.is_some_and(|c| c.is_ascii_digit()))
        {
            return true;
        }
        from = at + needle.len();
    }
    false
}

/// What a slip says, for checking what was read.
pub struct Truth<'a> {
    /// Words that label the total on this slip (e.g. "TOTAL", "金额").
    pub total_label: &'a str,
    pub total: &'a str,
    pub date: &'a str,
    /// The same date as YYYY-MM-DD.
    pub ymd: &'a str,
    pub last4: &'a str,
}

/// Per-field verdicts for one page.
#[derive(Debug, Default)]
pub struct Verdict {
    pub total: bool,
    pub date: bool,
    pub last4: bool,
}

impl Verdict {
    pub fn all(&self) -> bool {
        self.total && self.date && self.last4
    }
}

pub fn judge(page: &Page, t: &Truth<'_>) -> Verdict {
    // A field counts when found in the spaced or the spaceless form: spaces
    // separate "000451 18/08/2025", and may split "**** 9036".
    let forms: Vec<Vec<String>> =
        [true, false].iter().map(|&k| page.lines.iter().map(|l| norm(&l.text, k)).collect()).collect();
    let label = norm(t.total_label, false).to_uppercase();
    // The total: on the labelled line, or the next one (Chinese slips often
    // print "金额:" and the amount below it).
    let total = forms.iter().any(|lines| {
        lines.iter().enumerate().any(|(i, l)| {
            l.replace(' ', "").to_uppercase().contains(&label)
                && (has_bounded(l, t.total, false) || lines.get(i + 1).is_some_and(|n| has_bounded(n, t.total, false)))
        })
    });
    // The date may run into the time (`2025/05/0119:58:33`).
    let date = forms.iter().flatten().any(|l| has_bounded(l, t.date, true));
    // The last 4 right after the mask, so the masked card number was read.
    let last4 = !t.last4.is_empty() && forms.iter().flatten().any(|l| {
        ["*", "X", "x"].iter().any(|m| has_bounded(l, &format!("{m}{}", t.last4), false))
    });
    Verdict { total, date, last4 }
}

/// Edit distance between `needle` and the best-matching substring of `hay`
/// (Sellers' algorithm): how far the closest reading is from a reference line.
pub fn substring_distance(needle: &[char], hay: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=needle.len()).collect();
    let mut best = needle.len();
    for &h in hay {
        let mut cur = vec![0usize; needle.len() + 1];
        for (i, &n) in needle.iter().enumerate() {
            let sub = prev[i] + usize::from(n != h);
            cur[i + 1] = sub.min(prev[i + 1] + 1).min(cur[i] + 1);
        }
        best = best.min(cur[needle.len()]);
        prev = cur;
    }
    best
}
