//! A sheet as a grid of cell texts plus its merged regions, flattened into the
//! rows the table inference reads.
//!
//! Merges matter for statements in two places. Chinese bank exports (and
//! many others) put a two-row header on the sheet: `交易日期` merged down over
//! both rows, `金额` merged across `支出 | 收入` on the row below. Read row by
//! row, neither row names all the columns, and the table reader would take
//! `金额` for a single amount column. Here the two rows become one
//! (`交易日期 | … | 支出 | 收入 | …`). In data rows, a cell merged down (a date
//! shared by several lines) is repeated on each row it covers, as a reader
//! of the sheet sees it.
//!
//! Spreadsheets (calamine's merged regions), HTML tables (`colspan` /
//! `rowspan`) and SpreadsheetML 2003 (`ss:MergeAcross` / `ss:MergeDown`) all
//! produce the same [`Grid`].

use crate::statement::csv::table::Row;
use crate::statement::layouts::header_role;

/// A merged region: anchor cell (grid row, column) and its extent (≥ 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// Cell texts by grid row, each row with the line/row number it reports.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    pub rows: Vec<(u32, Vec<String>)>,
    pub spans: Vec<Span>,
}

/// How a cell is covered by a merge anchored elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    /// Right of the anchor, on the anchor's row.
    Across,
    /// Below the anchor's row; the anchor is at (row, col).
    Down(usize, usize),
}

/// Spans larger than this are not expanded cell by cell (a hostile file can
/// declare a merge of a million rows); they still count as header groups.
const MAX_SPAN_CELLS: usize = 4096;

impl Grid {
    fn width(&self) -> usize {
        self.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0)
    }

    fn text(&self, r: usize, c: usize) -> &str {
        self.rows.get(r).and_then(|(_, cells)| cells.get(c)).map(|s| s.trim()).unwrap_or("")
    }

    /// The rows for [`crate::statement::csv::table::read_rows`].
    pub fn into_rows(mut self) -> Vec<Row> {
        let h = self.rows.len();
        let w = self.width();
        // cover[r][c]: filled only for cells inside some merge but not its anchor.
        let mut cover: Vec<Vec<Option<Cover>>> = vec![Vec::new(); h];
        for s in &self.spans {
            if s.rows.saturating_mul(s.cols) > MAX_SPAN_CELLS || s.row >= h {
                continue;
            }
            for r in s.row..(s.row + s.rows).min(h) {
                for c in s.col..(s.col + s.cols).min(w) {
                    if (r, c) == (s.row, s.col) {
                        continue;
                    }
                    let row = &mut cover[r];
                    if row.len() <= c {
                        row.resize(c + 1, None);
                    }
                    row[c] = Some(if r == s.row { Cover::Across } else { Cover::Down(s.row, s.col) });
                }
            }
        }
        let covered = |cover: &[Vec<Option<Cover>>], r: usize, c: usize| cover.get(r).and_then(|row| row.get(c)).copied().flatten();

        // 1. A two-row header: merge the first pair found.
        let mut header_pair: Option<(usize, Vec<String>)> = None;
        for r in 0..h.saturating_sub(1) {
            if let Some(combined) = self.combined_header(r, w, &cover) {
                header_pair = Some((r, combined));
                break;
            }
        }

        // 2. Cells merged down in data rows repeat their anchor's text, when
        // the row has content of its own (a row made only of the lower halves
        // of merges is an artefact of the layout, not a record).
        let texts: Vec<Vec<String>> = (0..h)
            .map(|r| {
                let own = (0..w).any(|c| covered(&cover, r, c).is_none() && !self.text(r, c).is_empty());
                (0..w)
                    .map(|c| match covered(&cover, r, c) {
                        Some(Cover::Down(ar, ac)) if own => self.text(ar, ac).to_string(),
                        Some(_) => String::new(),
                        None => self.text(r, c).to_string(),
                    })
                    .collect()
            })
            .collect();

        let mut out = Vec::with_capacity(h);
        let lines: Vec<u32> = self.rows.iter().map(|(l, _)| *l).collect();
        self.rows.clear();
        let mut r = 0;
        while r < h {
            match &header_pair {
                Some((hr, combined)) if *hr == r => {
                    out.push(Row::new(lines[r], combined.iter().map(String::as_str)));
                    r += 2;
                }
                _ => {
                    out.push(Row::new(lines[r], texts[r].iter().map(String::as_str)));
                    r += 1;
                }
            }
        }
        out
    }

    /// Rows `r` and `r + 1` as one header row, when `r` groups columns with
    /// merges across (`金额` over `支出 | 收入`) and `r + 1` only names the
    /// grouped columns.
    fn combined_header(&self, r: usize, w: usize, cover: &[Vec<Option<Cover>>]) -> Option<Vec<String>> {
        let covered = |r: usize, c: usize| cover.get(r).and_then(|row| row.get(c)).copied().flatten();
        // Columns under a group: anchors of multi-column spans on row r and
        // the cells they cover across.
        let mut grouped = vec![false; w];
        for s in self.spans.iter().filter(|s| s.row == r && s.cols >= 2 && s.rows == 1) {
            for g in grouped.iter_mut().skip(s.col).take(s.cols) {
                *g = true;
            }
        }
        if !grouped.iter().any(|&g| g) {
            return None;
        }
        // The upper row looks like a header: several labels of its own, not
        // one title across the sheet.
        let upper_labels = (0..w).filter(|&c| covered(r, c).is_none() && !self.text(r, c).is_empty()).count();
        if upper_labels < 3 {
            return None;
        }
        // The lower row names grouped columns only (others are merged down
        // from above or empty), and names at least two of them.
        let mut lower_labels = 0;
        for c in 0..w {
            let t = self.text(r + 1, c);
            if t.is_empty() || matches!(covered(r + 1, c), Some(Cover::Down(..))) {
                continue;
            }
            if !grouped[c] || looks_numeric(t) {
                return None;
            }
            lower_labels += 1;
        }
        if lower_labels < 2 {
            return None;
        }
        // The group's label is on its anchor; carry it to the covered cells.
        let mut group_label = vec![String::new(); w];
        for s in self.spans.iter().filter(|s| s.row == r && s.cols >= 2 && s.rows == 1) {
            for g in group_label.iter_mut().skip(s.col).take(s.cols) {
                *g = self.text(r, s.col).to_string();
            }
        }
        let lowers: Vec<&str> = (0..w)
            .map(|c| if grouped[c] && !matches!(covered(r + 1, c), Some(Cover::Down(..))) { self.text(r + 1, c) } else { "" })
            .collect();
        let combined = (0..w)
            .map(|c| {
                let lower = lowers[c];
                if lower.is_empty() {
                    return if grouped[c] { group_label[c].clone() } else { self.text(r, c).to_string() };
                }
                // "支出" alone names the column, unless the same label appears
                // under two groups ("Debit: Amount | Currency", "Credit:
                // Amount | Currency") or only the joined words have a meaning.
                let joined = format!("{} {}", group_label[c], lower);
                let repeated = lowers.iter().filter(|l| **l == lower).count() > 1;
                if repeated || (header_role(lower).is_none() && header_role(&joined).is_some()) {
                    joined
                } else {
                    lower.to_string()
                }
            })
            .collect();
        Some(combined)
    }
}

fn looks_numeric(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits > 0 && digits * 2 >= t.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]], spans: &[(usize, usize, usize, usize)]) -> Grid {
        Grid {
            rows: rows.iter().enumerate().map(|(i, r)| (i as u32 + 1, r.iter().map(|s| s.to_string()).collect())).collect(),
            spans: spans.iter().map(|&(row, col, rows, cols)| Span { row, col, rows, cols }).collect(),
        }
    }

    fn texts(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(str::to_string).collect()).collect()
    }

    #[test]
    fn two_row_header_becomes_one() {
        let g = grid(
            &[
                &["示例银行", "", "", "", ""],
                &["交易日期", "摘要", "金额", "", "余额"],
                &["", "", "支出", "收入", ""],
                &["2025-03-02", "消费", "88.50", "", "100"],
            ],
            &[(0, 0, 1, 5), (1, 0, 2, 1), (1, 1, 2, 1), (1, 2, 1, 2), (1, 4, 2, 1)],
        );
        let rows = g.into_rows();
        let t = texts(&rows);
        assert_eq!(t.len(), 3);
        assert_eq!(t[1], ["交易日期", "摘要", "支出", "收入", "余额"]);
        assert_eq!(rows[1].line, 2);
        assert_eq!(rows[2].line, 4);
        assert_eq!(t[0][0], "示例银行", "a title merged across is kept as a preamble row");
    }

    #[test]
    fn repeated_sub_labels_keep_their_group() {
        let g = grid(
            &[&["Date", "Debit", "", "Credit", ""], &["", "Amount", "Currency", "Amount", "Currency"]],
            &[(0, 0, 2, 1), (0, 1, 1, 2), (0, 3, 1, 2)],
        );
        let t = texts(&g.into_rows());
        assert_eq!(t[0], ["Date", "Debit Amount", "Debit Currency", "Credit Amount", "Credit Currency"]);
    }

    #[test]
    fn data_under_a_merge_is_not_a_header() {
        // A row of numbers below a merged title is data, not a sub-header.
        let g = grid(&[&["A", "B", "C", ""], &["1", "2", "3", "4"]], &[(0, 2, 1, 2)]);
        let t = texts(&g.into_rows());
        assert_eq!(t.len(), 2);
        assert_eq!(t[0], ["A", "B", "C", ""]);
    }

    #[test]
    fn merged_down_data_cells_repeat() {
        let g = grid(&[&["Date", "Description", "Amount"], &["2025-01-02", "A", "1"], &["", "B", "2"]], &[(1, 0, 2, 1)]);
        let t = texts(&g.into_rows());
        assert_eq!(t[2], ["2025-01-02", "B", "2"]);
    }

    #[test]
    fn huge_spans_are_not_expanded() {
        let g = grid(&[&["a", "b"]], &[(0, 0, 1_000_000, 1_000_000)]);
        assert_eq!(g.into_rows().len(), 1);
    }
}
