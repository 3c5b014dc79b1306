//! Grouping word boxes into text lines, top to bottom and left to right.
//!
//! A photographed slip is often turned a few degrees, so "same line" is
//! judged in the page's own frame: the median reading direction of the
//! boxes is taken as the x axis.

use crate::{Line, WordBox};

pub fn group_lines(words: Vec<WordBox>) -> Vec<Line> {
    if words.is_empty() {
        return vec![];
    }
    // Page angle from the boxes that clearly have a direction (wide ones).
    let mut angles: Vec<f32> = words
        .iter()
        .filter(|w| w.len() > 1.5 * w.thick())
        .map(|w| {
            let (ax, ay) = w.dir();
            ay.atan2(ax)
        })
        .collect();
    angles.sort_by(f32::total_cmp);
    let angle = angles.get(angles.len() / 2).copied().unwrap_or(0.0);
    let (cos, sin) = (angle.cos(), angle.sin());
    let page = |p: (f32, f32)| (p.0 * cos + p.1 * sin, -p.0 * sin + p.1 * cos);

    struct Row {
        words: Vec<(f32, WordBox)>,
        y: f32,
        thick: f32,
    }
    let mut items: Vec<(f32, f32, WordBox)> = words
        .into_iter()
        .map(|w| {
            let (x, y) = page(w.center());
            (x, y, w)
        })
        .collect();
    items.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut rows: Vec<Row> = Vec::new();
    for (x, y, w) in items {
        let thick = w.thick();
        // Join the nearest open row whose centre line lies within half a
        // text height; rows are built top-down, so only recent ones qualify.
        let best = rows
            .iter_mut()
            .rev()
            .take(4)
            .filter(|r| (r.y - y).abs() < 0.5 * r.thick.min(thick).max(1.0))
            .min_by(|a, b| (a.y - y).abs().total_cmp(&(b.y - y).abs()));
        match best {
            Some(r) => {
                let n = r.words.len() as f32;
                r.y = (r.y * n + y) / (n + 1.0);
                r.thick = (r.thick * n + thick) / (n + 1.0);
                r.words.push((x, w));
            }
            None => rows.push(Row { words: vec![(x, w)], y, thick }),
        }
    }
    rows.sort_by(|a, b| a.y.total_cmp(&b.y));
    rows.into_iter()
        .map(|mut r| {
            r.words.sort_by(|a, b| a.0.total_cmp(&b.0));
            Line::from_words(r.words.into_iter().map(|(_, w)| w).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f32, y: f32, w: f32, h: f32) -> WordBox {
        WordBox {
            text: text.into(),
            confidence: 0.9,
            quad: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
        }
    }

    #[test]
    fn words_on_one_baseline_join_left_to_right() {
        let lines = group_lines(vec![
            word("9.00", 300.0, 102.0, 60.0, 20.0),
            word("DATE", 10.0, 50.0, 60.0, 20.0),
            word("TOTAL", 10.0, 100.0, 80.0, 20.0),
            word("25/12/2018", 200.0, 51.0, 120.0, 20.0),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["DATE 25/12/2018", "TOTAL 9.00"]);
    }

    #[test]
    fn a_tilted_page_still_groups_by_its_own_lines() {
        // Rotated by ~8°: the right word of the upper line sits lower than
        // the left word of the lower line in image y.
        let t = 8f32.to_radians();
        let rot = |x: f32, y: f32| (x * t.cos() - y * t.sin(), x * t.sin() + y * t.cos());
        let mk = |text: &str, x: f32, y: f32| {
            let q = [rot(x, y), rot(x + 100.0, y), rot(x + 100.0, y + 20.0), rot(x, y + 20.0)];
            WordBox { text: text.into(), confidence: 0.9, quad: q.map(|(a, b)| [a, b]) }
        };
        let lines = group_lines(vec![mk("A", 0.0, 0.0), mk("B", 400.0, 0.0), mk("C", 0.0, 30.0), mk("D", 400.0, 30.0)]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["A B", "C D"]);
    }
}
