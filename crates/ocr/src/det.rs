//! Text detection: PP-OCRv5's DBNet gives a per-pixel text probability; the
//! differentiable-binarisation post-processing turns it into oriented boxes.
//!
//! The constants are PaddleOCR's published defaults for this model (threshold
//! 0.3, box score 0.6, unclip ratio 1.5, at most 1000 candidates, ImageNet
//! mean/std on BGR input) so the weights see what they were trained on.

use crate::pixels::Rgb;
use crate::{OcrError, Options, WordBox};
use rten::Model;
use rten_imageproc::{find_contours, min_area_rect, PointF, RetrievalMode, RotatedRect};
use rten_tensor::prelude::*;
use rten_tensor::{NdTensor, NdTensorView};

const MEAN_BGR: [f32; 3] = [0.485, 0.456, 0.406];
const STD_BGR: [f32; 3] = [0.229, 0.224, 0.225];
const MAX_CANDIDATES: usize = 1000;
const MIN_SIZE: f32 = 3.0;

/// Detector input size: the long side brought within the options' bounds,
/// each side a multiple of 32 (DBNet downsamples by 32).
pub fn input_size(width: usize, height: usize, opts: &Options) -> (usize, usize) {
    let long = width.max(height) as f32;
    let mut scale = 1.0f32;
    if long > opts.det_max_side as f32 {
        scale = opts.det_max_side as f32 / long;
    } else if long < opts.det_min_side as f32 {
        scale = opts.det_min_side as f32 / long;
    }
    let round32 = |v: f32| (((v / 32.0).round() as usize) * 32).max(32);
    (round32(width as f32 * scale), round32(height as f32 * scale))
}

/// Runs the detector on `img` and returns word boxes in `img`'s coordinates.
pub fn detect(model: &Model, img: &Rgb, opts: &Options) -> Result<Vec<WordBox>, OcrError> {
    let (w, h) = input_size(img.width, img.height, opts);
    let small = img.resize(w, h);
    let plane = w * h;
    let mut input = vec![0f32; 3 * plane];
    for (i, px) in small.data.chunks_exact(3).enumerate() {
        // BGR order: PaddleOCR trains on OpenCV's channel order.
        for c in 0..3 {
            input[c * plane + i] = (px[2 - c] as f32 / 255.0 - MEAN_BGR[c]) / STD_BGR[c];
        }
    }
    let input = NdTensor::from_data([1, 3, h, w], input);
    let out = model.run_one(input.view().into(), None).map_err(|e| OcrError::Run(format!("detector: {e}")))?;
    let prob: NdTensor<f32, 4> = out.try_into().map_err(|e| OcrError::Run(format!("detector output: {e:?}")))?;
    if prob.shape()[2] != h || prob.shape()[3] != w {
        return Err(OcrError::Run(format!("detector output shape {:?}, expected [1,1,{h},{w}]", prob.shape())));
    }
    let prob = prob.slice((0, 0));
    let sx = img.width as f32 / w as f32;
    let sy = img.height as f32 / h as f32;
    Ok(boxes_from_prob(prob, opts)
        .into_iter()
        .filter_map(|(r, _score)| {
            // Scale corners back (x and y scale differently), then refit.
            let pts: Vec<PointF> = r.corners().iter().map(|p| PointF::from_yx(p.y * sy, p.x * sx)).collect();
            let r = min_area_rect(&pts)?;
            Some(WordBox::from_rect(&r))
        })
        .collect())
}

/// DB post-processing on a probability map: binarise, outer contours,
/// minimum-area rectangles, mean-probability score, unclip.
pub fn boxes_from_prob(prob: NdTensorView<f32, 2>, opts: &Options) -> Vec<(RotatedRect, f32)> {
    let [h, w] = prob.shape();
    let mask = NdTensor::from_data([h, w], prob.iter().map(|&p| p > opts.det_threshold).collect::<Vec<bool>>());
    let contours = find_contours(mask.view(), RetrievalMode::External);
    let mut out = Vec::new();
    for poly in contours.iter().take(MAX_CANDIDATES) {
        let pts: Vec<PointF> = poly.iter().map(|p| p.to_f32()).collect();
        let Some(rect) = min_area_rect(&pts) else { continue };
        if rect.width().min(rect.height()) < MIN_SIZE {
            continue;
        }
        let score = mean_inside(prob, &rect);
        if score < opts.det_box_threshold {
            continue;
        }
        // Unclip: DB shrinks text regions by D = A·r/L when training, so grow
        // them back by the same offset (for a rectangle: every side by D).
        let (rw, rh) = (rect.width(), rect.height());
        let d = rw * rh * opts.unclip_ratio / (2.0 * (rw + rh));
        let grown = rect.expanded(2.0 * d, 2.0 * d);
        if grown.width().min(grown.height()) < MIN_SIZE + 2.0 {
            continue;
        }
        out.push((grown, score));
    }
    out
}

/// Mean probability of the pixels whose centres lie inside `rect`.
fn mean_inside(prob: NdTensorView<f32, 2>, rect: &RotatedRect) -> f32 {
    use rten_imageproc::BoundingRect;
    let [h, w] = prob.shape();
    let b = rect.bounding_rect();
    let (x0, x1) = ((b.left().floor().max(0.0)) as usize, (b.right().ceil().max(0.0) as usize).min(w));
    let (y0, y1) = ((b.top().floor().max(0.0)) as usize, (b.bottom().ceil().max(0.0) as usize).min(h));
    let (mut sum, mut n) = (0.0f32, 0u32);
    // Contour points are pixel indices, so the rectangle through them passes
    // through pixel centres: test pixels by index, slightly inflated.
    let probe = rect.expanded(1.0, 1.0);
    for y in y0..y1 {
        for x in x0..x1 {
            if probe.contains(PointF::from_yx(y as f32, x as f32)) {
                sum += prob[[y, x]];
                n += 1;
            }
        }
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_sides_are_multiples_of_32_within_bounds() {
        let o = Options::default();
        let (w, h) = input_size(3000, 4000, &o);
        assert_eq!((w % 32, h % 32), (0, 0));
        assert!(h <= o.det_max_side + 16 && h >= o.det_max_side - 32);
        let (w, h) = input_size(200, 100, &o);
        assert_eq!((w % 32, h % 32), (0, 0));
        assert!(w >= o.det_min_side - 16);
    }

    #[test]
    fn one_blob_becomes_one_unclipped_box() {
        let (h, w) = (40, 100);
        let mut p = vec![0.0f32; h * w];
        for y in 15..25 {
            for x in 20..80 {
                p[y * w + x] = 0.9;
            }
        }
        let prob = NdTensor::from_data([h, w], p);
        let boxes = boxes_from_prob(prob.view(), &Options::default());
        assert_eq!(boxes.len(), 1);
        let (r, score) = &boxes[0];
        assert!(*score > 0.8, "score {score}");
        let (long, short) = (r.width().max(r.height()), r.width().min(r.height()));
        // 59×9 through pixel centres; D = 59·9·1.5/(2·68) ≈ 5.9 on each side.
        assert!((long - 70.7).abs() < 1.0, "long {long}");
        assert!((short - 20.7).abs() < 1.0, "short {short}");
    }

    #[test]
    fn faint_blobs_are_dropped() {
        let (h, w) = (40, 100);
        let mut p = vec![0.0f32; h * w];
        for y in 15..25 {
            for x in 20..80 {
                p[y * w + x] = 0.4;
            }
        }
        let prob = NdTensor::from_data([h, w], p);
        assert!(boxes_from_prob(prob.view(), &Options::default()).is_empty());
    }
}
