//! Text recognition: each detected box is cut out along its own orientation,
//! scaled to height 48, and read by PP-OCRv5's CRNN; its per-step character
//! probabilities are decoded greedily (CTC: best class per step, merge
//! repeats, drop blanks).

use crate::pixels::{Frame, Rgb};
use crate::{OcrError, WordBox};
use rten::Model;
use rten_tensor::prelude::*;
use rten_tensor::{NdTensor, NdTensorView};

pub const HEIGHT: usize = 48;
/// PaddleOCR pads every batch to at least 320 px wide (ratio 320/48); the
/// model was trained on such padded crops.
const MIN_WIDTH: usize = 320;
/// Very long boxes are squeezed rather than fed as huge tensors.
const MAX_WIDTH: usize = 3200;
const BATCH: usize = 8;

/// The character list, index-aligned with the model's output classes
/// (0 = CTC blank, last = space).
#[derive(Debug, Clone)]
pub struct Keys(Vec<String>);

impl Keys {
    pub fn parse(text: &str) -> Keys {
        let mut keys: Vec<String> =
            text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).collect();
        if text.ends_with('\n') {
            keys.pop();
        }
        Keys(keys)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Crop width for a box: height 48, aspect ratio kept.
fn crop_width(b: &WordBox) -> usize {
    let ratio = b.len() / b.thick().max(1.0);
    ((HEIGHT as f32 * ratio).ceil() as usize).clamp(8, MAX_WIDTH)
}

/// Reads every box in place (sets `text` and `confidence`).
pub fn recognise(model: &Model, keys: &Keys, img: &Rgb, boxes: &mut [WordBox]) -> Result<(), OcrError> {
    // Similar widths together, so padding wastes little work.
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by_key(|&i| crop_width(&boxes[i]));
    for chunk in order.chunks(BATCH) {
        let widths: Vec<usize> = chunk.iter().map(|&i| crop_width(&boxes[i])).collect();
        let batch_w = widths.iter().copied().max().unwrap_or(MIN_WIDTH).max(MIN_WIDTH);
        let mut input = NdTensor::<f32, 4>::zeros([chunk.len(), 3, HEIGHT, batch_w]);
        for (n, (&i, &cw)) in chunk.iter().zip(&widths).enumerate() {
            let b = &boxes[i];
            let a = b.dir();
            let frame = Frame { c: b.center(), a, b: (-a.1, a.0), len: b.len(), thick: b.thick() };
            let crop = img.sample_rotated(&frame, cw, HEIGHT);
            for y in 0..HEIGHT {
                for x in 0..cw {
                    let p = &crop.data[(y * cw + x) * 3..(y * cw + x) * 3 + 3];
                    for ch in 0..3 {
                        // BGR, scaled to [-1, 1] as in PaddleOCR's rec preprocessing.
                        input[[n, ch, y, x]] = (p[2 - ch] as f32 / 255.0 - 0.5) / 0.5;
                    }
                }
            }
        }
        let out = model.run_one(input.view().into(), None).map_err(|e| OcrError::Run(format!("recogniser: {e}")))?;
        let probs: NdTensor<f32, 3> =
            out.try_into().map_err(|e| OcrError::Run(format!("recogniser output: {e:?}")))?;
        if probs.shape()[2] != keys.len() {
            return Err(OcrError::Models(format!(
                "the recogniser has {} classes but the key list {} lines: mismatched model files",
                probs.shape()[2],
                keys.len()
            )));
        }
        for (n, &i) in chunk.iter().enumerate() {
            let (text, conf) = ctc_greedy(probs.slice(n), keys);
            boxes[i].text = text;
            boxes[i].confidence = conf;
        }
    }
    Ok(())
}

/// Greedy CTC decoding of one `[T, classes]` probability matrix. Confidence
/// is the mean probability of the characters kept (PaddleOCR's measure).
pub fn ctc_greedy(probs: NdTensorView<f32, 2>, keys: &Keys) -> (String, f32) {
    let mut text = String::new();
    let (mut sum, mut n) = (0.0f32, 0u32);
    let mut prev = usize::MAX;
    for t in 0..probs.size(0) {
        let row = probs.slice(t);
        let (mut best, mut best_p) = (0usize, f32::MIN);
        for (k, &p) in row.iter().enumerate() {
            if p > best_p {
                best = k;
                best_p = p;
            }
        }
        if best != 0 && best != prev {
            if let Some(ch) = keys.0.get(best) {
                text.push_str(ch);
                sum += best_p;
                n += 1;
            }
        }
        prev = best;
    }
    let conf = if n == 0 { 0.0 } else { sum / n as f32 };
    (text, conf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_list_keeps_the_trailing_space_line() {
        let k = Keys::parse("blank\na\nb\n \n");
        assert_eq!(k.0, vec!["blank", "a", "b", " "]);
    }

    #[test]
    fn ctc_merges_repeats_and_drops_blanks() {
        let keys = Keys::parse("blank\na\nb\n \n");
        // Steps: a a blank a b b space → "aab " ; probabilities 0.9 / 0.7.
        let seq = [1, 1, 0, 1, 2, 2, 3];
        let mut p = vec![0.0f32; seq.len() * 4];
        for (t, &k) in seq.iter().enumerate() {
            p[t * 4 + k] = if k == 2 { 0.7 } else { 0.9 };
        }
        let probs = NdTensor::from_data([seq.len(), 4], p);
        let (text, conf) = ctc_greedy(probs.view(), &keys);
        assert_eq!(text, "aab ");
        assert!((conf - (0.9 + 0.9 + 0.7 + 0.9) / 4.0).abs() < 1e-6);
    }
}
