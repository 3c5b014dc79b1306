//! "Excel" files that are really markup: an HTML `<table>` saved with an
//! `.xls` name (ICBC, CCB, CMB web banking and many Western banks do this,
//! often in the Microsoft flavour with `x:str` / `x:num` attributes and
//! `mso-` styles), and SpreadsheetML 2003 XML
//! (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`).
//!
//! Both become a [`Grid`] (merges from `colspan`/`rowspan` or
//! `ss:MergeAcross`/`ss:MergeDown`) and then rows for the CSV table
//! inference, so such a file reads exactly like the same table as CSV.
//! The text is decoded with the charset the file declares (`<meta charset>`,
//! `http-equiv` content type or the XML declaration) when the bytes agree.

use super::grid::{Grid, Span};
use crate::diag::{lit, Diagnostic};
use crate::statement::csv::table::{self, Pos};
use crate::statement::csv::CsvOptions;
use crate::statement::markup::{self, Mode};
use crate::statement::StatementRead;

/// Reads markup saved as a spreadsheet.
pub(crate) fn read(file: &str, bytes: &[u8], opts: &CsvOptions) -> StatementRead {
    let decoded = crate::text::decode(bytes, declared_charset(bytes).as_deref());
    let text = decoded.text.trim_start_matches('\u{feff}');
    if !text.contains('<') {
        return StatementRead {
            diagnostics: vec![Diagnostic::err(file, None, "xlsx.not_spreadsheet", &[])],
            ..Default::default()
        };
    }
    let mut out = if is_spreadsheet_ml(text) { read_spreadsheet_ml(file, text, opts) } else { read_html(file, text, opts) };
    if decoded.had_errors {
        out.diagnostics.push(
            Diagnostic::warn(file, None, "xlsx.bad_bytes", &[("encoding", lit(decoded.encoding))]),
        );
    }
    out
}

/// Whether decoded text is a statement table in markup (used by sniffing):
/// SpreadsheetML 2003, an HTML page Excel wrote, or an HTML table whose
/// rows mostly start with dates (a statement, not an e-receipt's item list).
pub(crate) fn looks_like_table_markup(text: &str) -> bool {
    if is_spreadsheet_ml(text) {
        return true;
    }
    let head: String = text.chars().take(64 * 1024).collect::<String>().to_ascii_lowercase();
    if !head.contains("<table") {
        return false;
    }
    if head.contains("urn:schemas-microsoft-com:office:excel")
        || head.contains("progid content=excel.sheet")
        || head.contains("progid\" content=\"excel.sheet")
        || head.contains(" x:str")
        || head.contains(" x:num")
    {
        return true;
    }
    // Plain HTML: count table rows whose cells hold a date; several such rows
    // in one table are a statement. An e-receipt has one date, not a column.
    let tables = parse_html(&head);
    tables.iter().any(|t| {
        let dated = t.rows.iter().filter(|(_, cells)| cells.iter().take(4).any(|c| is_date_like(&c.text))).count();
        dated >= 3 && t.rows.iter().filter(|(_, cells)| cells.len() >= 3).count() >= 4
    })
}

/// A `<Workbook>` element (any prefix) in the SpreadsheetML namespace. The
/// words alone are not enough: a CSV cell or an HTML table can hold them
/// (found by the xls_markup fuzzer).
fn is_spreadsheet_ml(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    let Some(p) = head.find("urn:schemas-microsoft-com:office:spreadsheet") else { return false };
    // The namespace is declared inside the Workbook start tag: the nearest
    // '<' before it opens `<Workbook` or `<ss:Workbook`.
    head[..p].rfind('<').is_some_and(|lt| {
        let tag = &head[lt + 1..p];
        let name = tag.split_whitespace().next().unwrap_or("");
        name.rsplit(':').next() == Some("Workbook") && !tag.contains('>')
    })
}

/// "2025-03-02", "2025/3/2", "02.03.2025", "03/02/25", "20250302", with or
/// without a time after it.
fn is_date_like(t: &str) -> bool {
    let t = t.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    let digits = first.chars().filter(char::is_ascii_digit).count();
    let seps: Vec<char> = first.chars().filter(|c| !c.is_ascii_digit()).collect();
    match seps.len() {
        0 => digits == 8 && (first.starts_with("19") || first.starts_with("20")),
        2 => (4..=8).contains(&digits) && seps[0] == seps[1] && matches!(seps[0], '-' | '/' | '.'),
        _ => {
            // 2025年3月2日
            first.contains('年') && first.contains('月') && digits >= 6
        }
    }
}

/// The charset named in the first bytes: `<meta charset="gbk">`,
/// `content="text/html; charset=gb2312"`, `<?xml … encoding="GBK"?>`.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        if let Some(p) = lower.windows(key.len()).position(|w| w == key) {
            let rest = &lower[p + key.len()..];
            let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
            let end = rest.iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')).unwrap_or(rest.len());
            if end > 0 {
                return Some(String::from_utf8_lossy(&rest[..end]).into_owned());
            }
        }
    }
    None
}

// ---------------------------------------------------------------- HTML ----

#[derive(Debug, Clone, Default)]
struct Cell {
    text: String,
    colspan: usize,
    rowspan: usize,
}

/// One `<table>` with the loose text lines met before it (titles, account
/// and period lines written as `<div>`s or `<p>`s).
#[derive(Debug, Default)]
struct Table {
    preamble: Vec<(u32, String)>,
    rows: Vec<(u32, Vec<Cell>)>,
    open_row: Option<(u32, Vec<Cell>)>,
    open_cell: Option<Cell>,
}

impl Table {
    fn end_cell(&mut self) {
        if let Some(mut c) = self.open_cell.take() {
            // The same padding rules as CSV cells (Excel's ="0123", tabs).
            c.text = crate::statement::csv::clean_cell(&squash(&c.text)).to_string();
            match &mut self.open_row {
                Some((_, cells)) => cells.push(c),
                None => self.open_row = Some((0, vec![c])),
            }
        }
    }
    fn end_row(&mut self) {
        self.end_cell();
        if let Some(r) = self.open_row.take() {
            self.rows.push(r);
        }
    }
}

/// Collapses runs of whitespace (HTML renders them as one space).
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML's named entities that statements use, then XML's and numeric ones.
fn html_unescape(s: &str) -> String {
    let s = if s.contains("&nbsp") || s.contains("&yen") || s.contains("&euro") || s.contains("&pound") {
        s.replace("&nbsp;", " ").replace("&nbsp", " ").replace("&yen;", "¥").replace("&euro;", "€").replace("&pound;", "£")
    } else {
        s.to_string()
    };
    markup::unescape(&s).replace('\u{a0}', " ")
}

fn attr_usize(body: &str, name: &str) -> Option<usize> {
    let lower = body.to_ascii_lowercase();
    let p = lower.find(name)?;
    let rest = lower[p + name.len()..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Tables of an HTML document, innermost cells getting the text.
fn parse_html(text: &str) -> Vec<Table> {
    let b = text.as_bytes();
    let mut done: Vec<Table> = Vec::new();
    let mut stack: Vec<Table> = Vec::new();
    let mut loose: Vec<(u32, String)> = Vec::new();
    let mut loose_line = String::new();
    let mut loose_at = 1u32;
    let mut line = 1u32;
    let mut i = 0;
    // Ends the current line of text outside tables.
    fn flush(loose: &mut Vec<(u32, String)>, cur: &mut String, at: u32) {
        let t = squash(cur);
        if !t.is_empty() {
            loose.push((at, t));
        }
        cur.clear();
    }
    while i < b.len() {
        if b[i] != b'<' {
            let end = text[i..].find('<').map(|p| i + p).unwrap_or(b.len());
            let raw = &text[i..end];
            let t = html_unescape(raw);
            match stack.last_mut() {
                Some(tb) => {
                    if let Some(c) = &mut tb.open_cell {
                        c.text.push_str(&t);
                    }
                }
                None => {
                    if loose_line.trim().is_empty() {
                        loose_at = line + raw.bytes().take_while(|c| c.is_ascii_whitespace()).filter(|&c| c == b'\n').count() as u32;
                    }
                    loose_line.push_str(&t);
                }
            }
            line += raw.bytes().filter(|&c| c == b'\n').count() as u32;
            i = end;
            continue;
        }
        let rest = &text[i..];
        // Skipped wholesale: comments, declarations, scripts and styles.
        let skip_to = |pat: &str, from: usize| rest[from..].find(pat).map(|p| from + p + pat.len()).unwrap_or(rest.len());
        let lower_start: String = rest.chars().take(8).collect::<String>().to_ascii_lowercase();
        let consumed = if rest.starts_with("<!--") {
            skip_to("-->", 4)
        } else if lower_start.starts_with("<script") {
            rest.to_ascii_lowercase().find("</script").map(|p| skip_to(">", p)).unwrap_or(rest.len())
        } else if lower_start.starts_with("<style") {
            rest.to_ascii_lowercase().find("</style").map(|p| skip_to(">", p)).unwrap_or(rest.len())
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            skip_to(">", 1)
        } else {
            let close = rest.starts_with("</");
            let ns = if close { 2 } else { 1 };
            let name_len = rest[ns..].find(|c: char| !(c.is_ascii_alphanumeric() || c == ':')).unwrap_or(rest.len() - ns);
            if name_len == 0 {
                // A bare '<' in text.
                if let Some(c) = stack.last_mut().and_then(|t| t.open_cell.as_mut()) {
                    c.text.push('<');
                }
                1
            } else {
                let name = rest[ns..ns + name_len].to_ascii_lowercase();
                let tag_end = rest.find('>').map(|p| p + 1).unwrap_or(rest.len());
                let body = &rest[ns + name_len..tag_end.max(ns + name_len)];
                handle_tag(&name, close, body, line, &mut stack, &mut done, &mut loose, &mut loose_line, loose_at, flush);
                tag_end
            }
        };
        line += rest[..consumed].bytes().filter(|&c| c == b'\n').count() as u32;
        i += consumed.max(1);
        // Keep on a char boundary (a lone '<' advanced by one byte is ASCII).
        while i < b.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    while let Some(mut t) = stack.pop() {
        t.end_row();
        done.push(t);
    }
    done
}

#[allow(clippy::too_many_arguments)]
fn handle_tag(
    name: &str,
    close: bool,
    body: &str,
    line: u32,
    stack: &mut Vec<Table>,
    done: &mut Vec<Table>,
    loose: &mut Vec<(u32, String)>,
    loose_line: &mut String,
    loose_at: u32,
    flush: fn(&mut Vec<(u32, String)>, &mut String, u32),
) {
    let block = matches!(name, "br" | "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "table" | "hr");
    match (name, close) {
        ("table", false) => {
            flush(loose, loose_line, loose_at);
            // Nested tables are rare; capped so a hostile file cannot grow
            // the stack without bound.
            if stack.len() < 32 {
                stack.push(Table { preamble: std::mem::take(loose), ..Default::default() });
            }
        }
        ("table", true) => {
            if let Some(mut t) = stack.pop() {
                t.end_row();
                done.push(t);
            }
        }
        ("tr", false) => {
            if let Some(t) = stack.last_mut() {
                t.end_row();
                t.open_row = Some((line, Vec::new()));
            }
        }
        ("tr", true) => {
            if let Some(t) = stack.last_mut() {
                t.end_row();
            }
        }
        ("td" | "th", false) => {
            if let Some(t) = stack.last_mut() {
                t.end_cell();
                if t.open_row.is_none() {
                    t.open_row = Some((line, Vec::new()));
                }
                // HTML's own limits: colspan ≤ 1000, rowspan ≤ 65534.
                let colspan = attr_usize(body, "colspan").unwrap_or(1).clamp(1, 1000);
                let rowspan = attr_usize(body, "rowspan").unwrap_or(1).clamp(1, 65534);
                t.open_cell = Some(Cell { text: String::new(), colspan, rowspan });
            }
        }
        ("td" | "th", true) => {
            if let Some(t) = stack.last_mut() {
                t.end_cell();
            }
        }
        _ if block => match stack.last_mut() {
            Some(t) => {
                if let Some(c) = &mut t.open_cell {
                    c.text.push(' ');
                }
            }
            None => flush(loose, loose_line, loose_at),
        },
        _ => {}
    }
}

/// A table's rows (and its preamble lines) laid out on a grid, spans placed
/// as a browser places them.
fn table_grid(t: &Table) -> Grid {
    let mut g = Grid::default();
    for (l, p) in &t.preamble {
        g.rows.push((*l, vec![p.clone()]));
    }
    // Columns still held by a rowspan from above: rows remaining.
    let mut held: Vec<usize> = Vec::new();
    for (line, cells) in &t.rows {
        let r = g.rows.len();
        let mut out: Vec<String> = Vec::new();
        let mut c = 0usize;
        let is_held = |held: &[usize], c: usize| held.get(c).is_some_and(|&n| n > 0);
        for cell in cells {
            while is_held(&held, c) {
                c += 1;
            }
            // The grid stays bounded: spans past 512 columns are cut.
            let cols = cell.colspan.min(512usize.saturating_sub(c)).max(1);
            if c >= 512 {
                break;
            }
            if out.len() < c + cols {
                out.resize(c + cols, String::new());
            }
            out[c] = cell.text.clone();
            if cell.rowspan > 1 || cols > 1 {
                g.spans.push(Span { row: r, col: c, rows: cell.rowspan, cols });
            }
            if cell.rowspan > 1 {
                if held.len() < c + cols {
                    held.resize(c + cols, 0);
                }
                for h in held.iter_mut().skip(c).take(cols) {
                    // This row counts as the first; decremented below.
                    *h = (*h).max(cell.rowspan);
                }
            }
            c += cols;
        }
        for h in held.iter_mut() {
            *h = h.saturating_sub(1);
        }
        g.rows.push((*line, out));
    }
    // Spans reaching past the table's last row are clipped by the grid.
    g
}

fn read_html(file: &str, text: &str, opts: &CsvOptions) -> StatementRead {
    let tables: Vec<Table> = parse_html(text).into_iter().filter(|t| !t.rows.is_empty()).collect();
    if tables.is_empty() {
        return StatementRead {
            diagnostics: vec![Diagnostic::err(file, None, "xlsx.html_no_table", &[])],
            ..Default::default()
        };
    }
    let mut candidates: Vec<Grid> = tables.iter().map(table_grid).collect();
    // Some exports put the header in one <table> and the lines in another.
    if tables.len() > 1 {
        let mut all = Grid::default();
        for g in &candidates {
            let base = all.rows.len();
            all.rows.extend(g.rows.iter().cloned());
            all.spans.extend(g.spans.iter().map(|s| Span { row: s.row + base, ..*s }));
        }
        candidates.push(all);
    }
    best_of(file, candidates, Pos::Line, opts)
}

/// Reads every candidate grid and keeps the one with the most transactions
/// (the first on a tie; errors of the biggest table when none has any).
fn best_of(file: &str, candidates: Vec<Grid>, pos: Pos, opts: &CsvOptions) -> StatementRead {
    let mut best: Option<(usize, StatementRead)> = None;
    for g in candidates {
        let size = g.rows.len();
        let r = table::read_rows_with(file, g.into_rows(), pos, opts);
        let better = match &best {
            None => true,
            Some((bsize, b)) => {
                r.transactions.len() > b.transactions.len() || (b.transactions.is_empty() && r.transactions.is_empty() && size > *bsize)
            }
        };
        if better {
            best = Some((size, r));
        }
    }
    best.map(|(_, r)| r).unwrap_or_default()
}

// -------------------------------------------------------- SpreadsheetML ----

fn read_spreadsheet_ml(file: &str, text: &str, opts: &CsvOptions) -> StatementRead {
    let tree = markup::parse(text, 0, Mode::Xml);
    let mut candidates = Vec::new();
    for ws in tree.descendants(0, "Worksheet") {
        let mut g = Grid::default();
        for tb in tree.kids(ws, "Table") {
            let mut row_no = 0usize;
            for row in tree.kids(tb, "Row") {
                row_no = index_attr(&tree, row).unwrap_or(row_no + 1);
                let r = g.rows.len();
                let mut cells: Vec<String> = Vec::new();
                let mut col = 0usize;
                for cell in tree.kids(row, "Cell") {
                    col = index_attr(&tree, cell).unwrap_or(col + 1);
                    if col > 512 {
                        break;
                    }
                    let across = num_attr(&tree, cell, "MergeAcross").min(511);
                    let down = num_attr(&tree, cell, "MergeDown");
                    let value = tree.kid(cell, "Data").map(|d| data_text(&tree, d)).unwrap_or_default();
                    if cells.len() < col {
                        cells.resize(col, String::new());
                    }
                    cells[col - 1] = value;
                    if across > 0 || down > 0 {
                        g.spans.push(Span { row: r, col: col - 1, rows: down.saturating_add(1), cols: across + 1 });
                    }
                    col += across;
                }
                g.rows.push((row_no.min(u32::MAX as usize) as u32, cells));
            }
        }
        if !g.rows.is_empty() {
            candidates.push(g);
        }
    }
    if candidates.is_empty() {
        let mut diagnostics = vec![Diagnostic::err(file, None, "xlsx.xml_no_rows", &[])];
        for (line, p) in tree.problems {
            diagnostics.push(Diagnostic::warn(file, Some(line), p, &[]));
        }
        return StatementRead { diagnostics, ..Default::default() };
    }
    best_of(file, candidates, Pos::SheetRow, opts)
}

fn index_attr(tree: &markup::Tree, n: usize) -> Option<usize> {
    tree.attr(n, "Index").and_then(|v| v.trim().parse::<usize>().ok()).filter(|&i| i >= 1)
}

fn num_attr(tree: &markup::Tree, n: usize, name: &str) -> usize {
    tree.attr(n, name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0)
}

/// A `<Data>` value as text: its own text and that of any HTML formatting
/// inside it (`<B>`, `<Font>`); `DateTime` values as `YYYY-MM-DD[ HH:MM:SS]`.
fn data_text(tree: &markup::Tree, d: usize) -> String {
    let mut s = String::new();
    let mut stack = vec![d];
    while let Some(n) = stack.pop() {
        s.push_str(&tree.node(n).text);
        stack.extend(tree.node(n).children.iter().rev().copied());
    }
    let s = crate::statement::csv::clean_cell(&s).to_string();
    if tree.attr(d, "Type").is_some_and(|t| t.eq_ignore_ascii_case("DateTime")) {
        // 2025-03-02T12:31:05.000
        let (date, time) = s.split_once('T').unwrap_or((&s, ""));
        let time = time.split('.').next().unwrap_or("");
        return if time.is_empty() || time == "00:00:00" { date.to_string() } else { format!("{date} {time}") };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        assert_eq!(declared_charset(b"<html><meta charset=\"GBK\">").as_deref(), Some("gbk"));
        assert_eq!(
            declared_charset(b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">").as_deref(),
            Some("gb2312")
        );
        assert_eq!(declared_charset(b"<?xml version=\"1.0\" encoding='UTF-8'?>").as_deref(), Some("utf-8"));
        assert_eq!(declared_charset(b"<html>"), None);
    }

    #[test]
    fn spans_are_placed_like_a_browser() {
        let t = parse_html(
            "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>b1</td><td>b2</td></tr><tr><td>x</td><td>y</td><td>z</td></tr></table>",
        );
        let g = table_grid(&t[0]);
        assert_eq!(g.rows[1].1, ["", "b1", "b2"]);
        assert_eq!(g.rows[2].1, ["x", "y", "z"]);
        assert_eq!(g.spans, [Span { row: 0, col: 0, rows: 2, cols: 1 }, Span { row: 0, col: 1, rows: 1, cols: 2 }]);
    }

    #[test]
    fn cell_text_is_cleaned() {
        let t = parse_html("<p>Title</p><table><tr><td><b>Caf&eacute;&nbsp;&amp; Co</b><br>Paris</td><td x:num=\"1\">&yen;1,024.80</td></table>");
        assert_eq!(t[0].preamble, [(1, "Title".to_string())]);
        assert_eq!(t[0].rows[0].1[0].text, "Caf&eacute; & Co Paris");
        assert_eq!(t[0].rows[0].1[1].text, "¥1,024.80");
    }

    #[test]
    fn hostile_markup_does_not_panic() {
        for s in ["<table><td colspan=99999999999>", "<table><tr><td rowspan=65534 colspan=1000>x", "<", "<table", "<td>a</td>", "<<<>>>", "<table><tr><td>é<"] {
            let _ = read_html("x.xls", s, &CsvOptions::default());
            let _ = looks_like_table_markup(s);
        }
        let _ = read_spreadsheet_ml("x.xls", "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row ss:Index=\"99999999999999999999\"><Cell ss:Index=\"0\" ss:MergeAcross=\"999999\" ss:MergeDown=\"99999999\"><Data>1</Data></Cell></Row></Table></Worksheet></Workbook>", &CsvOptions::default());
    }

    #[test]
    fn date_like() {
        for d in ["2025-03-02", "2025/3/2 12:00", "02.03.2025", "03/02/25", "20250302", "2025年3月2日"] {
            assert!(is_date_like(d), "{d}");
        }
        for d in ["Total", "1,024.80", "12345678", "", "3/2"] {
            assert!(!is_date_like(d), "{d}");
        }
    }
}
