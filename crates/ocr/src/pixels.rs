//! An owned 8-bit RGB image and the two resamplers the pipeline needs:
//! area-averaging downscale (for the detector input) and oriented-rectangle
//! sampling (for the recogniser's crops).

/// An oriented rectangle in an image: centre `c`, unit reading direction `a`
/// (left→right along the text), unit `b` (top→bottom across it), `len` long
/// and `thick` high, in source pixels.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub c: (f32, f32),
    pub a: (f32, f32),
    pub b: (f32, f32),
    pub len: f32,
    pub thick: f32,
}

/// Row-major RGB, 3 bytes per pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct Rgb {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Rgb {
    /// Copies `channels`-interleaved pixels (3 = RGB, 4 = RGBA, alpha dropped
    /// onto white so transparent PNG areas read as paper, not ink).
    pub fn from_interleaved(pixels: &[u8], width: usize, height: usize, channels: usize) -> Option<Rgb> {
        if width == 0 || height == 0 || !(channels == 3 || channels == 4) {
            return None;
        }
        let n = width.checked_mul(height)?;
        if pixels.len() < n.checked_mul(channels)? {
            return None;
        }
        let mut data = Vec::with_capacity(n * 3);
        for px in pixels.chunks_exact(channels).take(n) {
            if channels == 4 {
                let a = px[3] as u32;
                for &c in &px[..3] {
                    data.push(((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8);
                }
            } else {
                data.extend_from_slice(px);
            }
        }
        Some(Rgb { width, height, data })
    }

    #[inline]
    fn px(&self, x: usize, y: usize) -> [f32; 3] {
        let i = (y * self.width + x) * 3;
        [self.data[i] as f32, self.data[i + 1] as f32, self.data[i + 2] as f32]
    }

    /// Bilinear sample at a real-valued position (pixel centres at +0.5);
    /// outside the image reads as the nearest edge pixel.
    pub fn bilinear(&self, x: f32, y: f32) -> [f32; 3] {
        let fx = (x - 0.5).clamp(0.0, (self.width - 1) as f32);
        let fy = (y - 0.5).clamp(0.0, (self.height - 1) as f32);
        let x0 = fx.floor() as usize;
        let y0 = fy.floor() as usize;
        let x1 = (x0 + 1).min(self.width - 1);
        let y1 = (y0 + 1).min(self.height - 1);
        let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
        let (p00, p10, p01, p11) = (self.px(x0, y0), self.px(x1, y0), self.px(x0, y1), self.px(x1, y1));
        let mut out = [0.0; 3];
        for c in 0..3 {
            let top = p00[c] + (p10[c] - p00[c]) * ax;
            let bot = p01[c] + (p11[c] - p01[c]) * ax;
            out[c] = top + (bot - top) * ay;
        }
        out
    }

    /// Resizes to exactly `w`×`h`. Shrinking averages every source pixel a
    /// destination pixel covers, so thin receipt strokes survive; enlarging is
    /// bilinear.
    pub fn resize(&self, w: usize, h: usize) -> Rgb {
        let w = w.max(1);
        let h = h.max(1);
        if w == self.width && h == self.height {
            return self.clone();
        }
        let sx = self.width as f32 / w as f32;
        let sy = self.height as f32 / h as f32;
        let mut data = Vec::with_capacity(w * h * 3);
        if sx <= 1.0 && sy <= 1.0 {
            for y in 0..h {
                for x in 0..w {
                    let p = self.bilinear((x as f32 + 0.5) * sx, (y as f32 + 0.5) * sy);
                    data.extend(p.map(|v| v.round().clamp(0.0, 255.0) as u8));
                }
            }
            return Rgb { width: w, height: h, data };
        }
        // Box filter with fractional edge weights, separable: rows first.
        let spans = |dst: usize, scale: f32, src: usize| -> Vec<Vec<(usize, f32)>> {
            (0..dst)
                .map(|d| {
                    let a = d as f32 * scale;
                    let b = ((d + 1) as f32 * scale).min(src as f32);
                    let mut v = Vec::new();
                    let mut s = a.floor() as usize;
                    while (s as f32) < b && s < src {
                        let lo = a.max(s as f32);
                        let hi = b.min(s as f32 + 1.0);
                        if hi > lo {
                            v.push((s, (hi - lo) / (b - a).max(1e-6)));
                        }
                        s += 1;
                    }
                    if v.is_empty() {
                        v.push(((a as usize).min(src - 1), 1.0));
                    }
                    v
                })
                .collect()
        };
        let xs = spans(w, sx, self.width);
        let ys = spans(h, sy, self.height);
        let mut tmp = vec![0f32; w * self.height * 3];
        for y in 0..self.height {
            let row = &self.data[y * self.width * 3..(y + 1) * self.width * 3];
            for (x, span) in xs.iter().enumerate() {
                let mut acc = [0f32; 3];
                for &(s, wt) in span {
                    for c in 0..3 {
                        acc[c] += row[s * 3 + c] as f32 * wt;
                    }
                }
                tmp[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&acc);
            }
        }
        data.resize(w * h * 3, 0);
        for (y, span) in ys.iter().enumerate() {
            for x in 0..w {
                let mut acc = [0f32; 3];
                for &(s, wt) in span {
                    for c in 0..3 {
                        acc[c] += tmp[(s * w + x) * 3 + c] * wt;
                    }
                }
                for c in 0..3 {
                    data[(y * w + x) * 3 + c] = acc[c].round().clamp(0.0, 255.0) as u8;
                }
            }
        }
        Rgb { width: w, height: h, data }
    }

    /// Samples the oriented rectangle `f` into an `out_w`×`out_h` image. When
    /// the crop shrinks, each output pixel averages a small grid of bilinear
    /// samples so it does not alias.
    pub fn sample_rotated(&self, f: &Frame, out_w: usize, out_h: usize) -> Rgb {
        let Frame { c, a, b, len, thick } = *f;
        let step_s = len / out_w as f32;
        let step_t = thick / out_h as f32;
        let k = (step_s.max(step_t).ceil() as usize).clamp(1, 4);
        let inv = 1.0 / (k * k) as f32;
        let mut data = Vec::with_capacity(out_w * out_h * 3);
        for oy in 0..out_h {
            for ox in 0..out_w {
                let mut acc = [0f32; 3];
                for j in 0..k {
                    for i in 0..k {
                        let s = (ox as f32 + (i as f32 + 0.5) / k as f32) * step_s - len / 2.0;
                        let t = (oy as f32 + (j as f32 + 0.5) / k as f32) * step_t - thick / 2.0;
                        let p = self.bilinear(c.0 + a.0 * s + b.0 * t, c.1 + a.1 * s + b.1 * t);
                        for ch in 0..3 {
                            acc[ch] += p[ch];
                        }
                    }
                }
                data.extend(acc.map(|v| (v * inv).round().clamp(0.0, 255.0) as u8));
            }
        }
        Rgb { width: out_w, height: out_h, data }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgba_alpha_composites_onto_white() {
        let img = Rgb::from_interleaved(&[0, 0, 0, 0, 0, 0, 0, 255], 2, 1, 4).unwrap();
        assert_eq!(img.data, vec![255, 255, 255, 0, 0, 0]);
    }

    #[test]
    fn short_buffers_and_zero_sizes_are_refused() {
        assert!(Rgb::from_interleaved(&[0; 5], 2, 1, 3).is_none());
        assert!(Rgb::from_interleaved(&[], 0, 1, 3).is_none());
        assert!(Rgb::from_interleaved(&[0; 4], 1, 1, 2).is_none());
    }

    #[test]
    fn shrinking_averages_the_covered_pixels() {
        // 4×1: black, white, black, white → 2×1 mid grey.
        let img = Rgb::from_interleaved(&[0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255], 4, 1, 3).unwrap();
        let small = img.resize(2, 1);
        assert_eq!(small.data, vec![128; 6]);
    }

    #[test]
    fn an_axis_aligned_crop_reproduces_the_source() {
        let mut data = Vec::new();
        for y in 0..4u8 {
            for x in 0..6u8 {
                data.extend([x * 40, y * 60, 0]);
            }
        }
        let img = Rgb::from_interleaved(&data, 6, 4, 3).unwrap();
        let f = Frame { c: (3.0, 2.0), a: (1.0, 0.0), b: (0.0, 1.0), len: 6.0, thick: 4.0 };
        let crop = img.sample_rotated(&f, 6, 4);
        assert_eq!(crop, img);
    }
}
