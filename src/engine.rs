//! The case where it is kept: in the parsing worker. It holds every file's
//! raw bytes and records, the options and the solved report, answers each
//! [`Request`] with what the page shows, and re-solves after every change.
//! The page never holds more than a [`CaseView`] and a page of lines.
//!
//! The same engine runs on the page's thread only in tests (natively, and
//! in the browser component tests, see [`crate::worker::run_inline`]).

use crate::jobs::{self, CaseView, FileSummary, LinesPage, Request, Response, SavedCase};
use slipcheck_core::reconcile::{CheckOptions, CheckReport};
use slipcheck_core::statement::csv::{CsvLayout, CsvOptions};
use slipcheck_core::statement::Transaction;
use slipcheck_core::{Document, Format};
use std::collections::HashSet;

/// Cases with at most this many statement lines send every line to the page
/// (so a receipt can be paired with any of them by hand).
pub const ALL_LINES: usize = 2_000;
/// Otherwise each unpaired receipt gets this many candidate lines, nearest
/// its total first.
pub const CANDIDATES: usize = 40;
/// Diagnostics per file sent to the page.
pub const DIAGNOSTICS: usize = 50;
/// The most lines one page may ask for.
pub const MAX_PAGE: usize = 500;

struct CaseFile {
    name: String,
    bytes: Option<Vec<u8>>,
    guessed: Format,
    /// The format the user chose instead of the guess.
    forced: Option<Format>,
    csv: CsvOptions,
    layout: Option<CsvLayout>,
    doc: Document,
}

impl CaseFile {
    fn records(name: String, doc: Document) -> CaseFile {
        CaseFile { name, bytes: None, guessed: doc.format, forced: None, csv: CsvOptions::default(), layout: None, doc }
    }
    /// Reads the raw file again with the format and options in force.
    fn reread(&mut self) {
        if let Some(bytes) = &self.bytes {
            let (doc, layout) = slipcheck_core::document::parse_with(&self.name, bytes, self.forced, &self.csv);
            self.doc = doc;
            self.layout = layout;
        }
    }
}

#[derive(Default)]
pub struct Engine {
    files: Vec<CaseFile>,
    options: CheckOptions,
    report: CheckReport,
}

impl Engine {
    /// Runs one request; `progress` hears (done, total) steps.
    pub fn handle(&mut self, req: Request, payloads: Vec<Vec<u8>>, progress: &mut dyn FnMut(u64, u64)) -> Response {
        let id = req.id();
        match req {
            Request::Parse { name, format, .. } => {
                progress(1, 2);
                let bytes = payloads.into_iter().next().unwrap_or_default();
                let guessed = slipcheck_core::sniff(&name, &bytes);
                Response::Parsed { id, guessed, doc: jobs::parse(&name, &bytes, format) }
            }
            Request::Add { names, .. } => {
                let total = names.len() as u64 + 2;
                for (i, (name, bytes)) in names.into_iter().zip(payloads).enumerate() {
                    progress(i as u64 + 1, total);
                    self.add_bytes(name, bytes, None, CsvOptions::default());
                }
                progress(total - 1, total);
                self.case(id)
            }
            Request::AddDocument { doc, .. } => {
                self.put(CaseFile::records(doc.file.clone(), doc));
                self.case(id)
            }
            Request::SetFormat { name, format, .. } => {
                progress(1, 3);
                if let Some(f) = self.files.iter_mut().find(|f| f.name == name) {
                    f.forced = (format != f.guessed).then_some(format);
                    f.reread();
                }
                progress(2, 3);
                self.case(id)
            }
            Request::SetCsvOptions { name, options, .. } => {
                progress(1, 3);
                if let Some(f) = self.files.iter_mut().find(|f| f.name == name) {
                    f.csv = options;
                    f.reread();
                }
                progress(2, 3);
                self.case(id)
            }
            Request::Remove { name, .. } => {
                self.files.retain(|f| f.name != name);
                let gone = |p: &slipcheck_core::reconcile::Pair| p.receipt == name || p.receipt.starts_with(&format!("{name}#"));
                self.options.pins.retain(|p| !gone(p));
                self.options.forbids.retain(|p| !gone(p));
                self.case(id)
            }
            Request::Clear { .. } => {
                self.files.clear();
                self.options.pins.clear();
                self.options.forbids.clear();
                self.case(id)
            }
            Request::SetOptions { options, .. } => {
                self.options = options;
                progress(1, 2);
                self.case(id)
            }
            Request::Restore { saved, .. } => {
                self.restore(saved, payloads);
                self.case(id)
            }
            Request::Lines { offset, limit, unmatched_only, .. } => Response::Lines { id, page: self.lines(offset, limit, unmatched_only) },
            Request::Export { csv, .. } => {
                progress(1, 2);
                if csv {
                    Response::Export { id, name: "slipcheck-case.csv".into(), mime: "text/csv".into(), text: slipcheck_core::report::export_csv(&self.report) }
                } else {
                    let json = serde_json::to_string_pretty(&self.export()).unwrap_or_default();
                    Response::Export { id, name: "slipcheck-case.json".into(), mime: "application/json".into(), text: json }
                }
            }
            Request::Ocr { .. } => Response::Failed {
                id,
                // Photos go to the OCR worker (src/bin/ocr_worker.rs); one that
                // reaches this worker came without an image type or extension.
                message: "this looks like a photo without an image type: save it as .jpg or .png and add it again, or type the slip's text".into(),
            },
            Request::Cancel { .. } => Response::Failed { id, message: "cancelled".into() },
        }
    }

    fn add_bytes(&mut self, name: String, bytes: Vec<u8>, format: Option<Format>, csv: CsvOptions) {
        let guessed = slipcheck_core::sniff(&name, &bytes);
        let forced = format.filter(|f| *f != guessed);
        let name_of_file = name.clone();
        let mut f = CaseFile { name, bytes: Some(bytes), guessed, forced, csv, layout: None, doc: empty_doc(&name_of_file) };
        f.reread();
        self.put(f);
    }

    /// Adding the same name again replaces the file rather than listing it twice.
    fn put(&mut self, f: CaseFile) {
        match self.files.iter_mut().find(|e| e.name == f.name) {
            Some(e) => *e = f,
            None => self.files.push(f),
        }
    }

    fn restore(&mut self, saved: SavedCase, payloads: Vec<Vec<u8>>) {
        self.files.clear();
        let mut blobs = payloads.into_iter();
        for f in saved.files {
            let bytes = if f.stored { blobs.next() } else { f.data.as_deref().and_then(b64_decode) };
            match (bytes, f.doc) {
                (Some(b), _) => self.add_bytes(f.name, b, Some(f.format), f.csv),
                (None, Some(doc)) => self.put(CaseFile::records(f.name, doc)),
                (None, None) => {}
            }
        }
        self.options = saved.options;
    }

    /// The case as exported: records only, card numbers masked.
    fn export(&self) -> SavedCase {
        SavedCase {
            version: 1,
            files: self
                .files
                .iter()
                .map(|f| jobs::SavedFile {
                    name: f.name.clone(),
                    format: f.doc.format,
                    data: None,
                    doc: Some(crate::mask::mask_document(f.doc.clone())),
                    stored: false,
                    csv: CsvOptions::default(),
                })
                .collect(),
            options: self.options.clone(),
            ticked: vec![],
            letter: Default::default(),
            open_finding: None,
        }
    }

    fn solve(&mut self) {
        let docs: Vec<Document> = self.files.iter().map(|f| f.doc.clone()).collect();
        self.report = jobs::check(&docs, &self.options);
    }

    fn case(&mut self, id: u32) -> Response {
        self.solve();
        Response::Case { id, view: self.view() }
    }

    pub fn view(&self) -> CaseView {
        let r = &self.report;
        let files = self
            .files
            .iter()
            .map(|f| FileSummary {
                name: f.name.clone(),
                size: f.bytes.as_ref().map(|b| b.len() as u64).unwrap_or(0),
                format: f.doc.format,
                guessed: f.guessed,
                statement_lines: f.doc.transactions.len(),
                receipts: f.doc.receipts.len(),
                diagnostics: f.doc.diagnostics.iter().take(DIAGNOSTICS).cloned().collect(),
                diagnostics_total: f.doc.diagnostics.len(),
                has_bytes: f.bytes.is_some(),
                layout: f.layout.clone(),
                csv: f.csv.clone(),
            })
            .collect();
        let matched: HashSet<&str> = r.matches.iter().map(|m| m.transaction.as_str()).collect();
        let lines_unmatched = r.transactions.iter().filter(|t| !matched.contains(t.id.as_str())).count();
        let mut report = CheckReport {
            transactions: vec![],
            receipts: r.receipts.clone(),
            matches: r.matches.clone(),
            findings: r.findings.clone(),
            reassurances: r.reassurances.clone(),
            accounts: r.accounts.clone(),
            as_of: r.as_of,
            jurisdiction: r.jurisdiction,
        };
        if r.transactions.len() <= ALL_LINES {
            report.transactions = r.transactions.clone();
        } else {
            let mut named: HashSet<&str> = matched.clone();
            for f in &r.findings {
                named.extend(f.transactions.iter().map(String::as_str));
            }
            for p in self.options.pins.iter().chain(&self.options.forbids) {
                named.insert(p.transaction.as_str());
            }
            let paired: HashSet<&str> = r.matches.iter().map(|m| m.receipt_id.as_str()).collect();
            for c in r.receipts.iter().filter(|c| !paired.contains(c.id.as_str())) {
                if let Some(total) = c.receipt.total {
                    let mut near: Vec<&Transaction> = r.transactions.iter().collect();
                    // Partial sort: only the nearest few matter.
                    let k = CANDIDATES.min(near.len());
                    near.select_nth_unstable_by_key(k.saturating_sub(1), |t| (t.amount.abs() - total).abs());
                    named.extend(near[..k].iter().map(|t| t.id.as_str()));
                }
            }
            report.transactions = r.transactions.iter().filter(|t| named.contains(t.id.as_str())).cloned().collect();
        }
        CaseView { files, report, lines_total: r.transactions.len(), lines_unmatched }
    }

    pub fn lines(&self, offset: usize, limit: usize, unmatched_only: bool) -> LinesPage {
        let limit = limit.min(MAX_PAGE);
        let all = &self.report.transactions;
        if !unmatched_only {
            let offset = offset.min(all.len());
            let end = (offset + limit).min(all.len());
            return LinesPage { offset, total: all.len(), unmatched_only, lines: all[offset..end].to_vec() };
        }
        let matched: HashSet<&str> = self.report.matches.iter().map(|m| m.transaction.as_str()).collect();
        let mut total = 0;
        let mut lines = vec![];
        for t in all.iter().filter(|t| !matched.contains(t.id.as_str())) {
            if total >= offset && lines.len() < limit {
                lines.push(t.clone());
            }
            total += 1;
        }
        LinesPage { offset: offset.min(total), total, unmatched_only, lines }
    }
}

fn empty_doc(name: &str) -> Document {
    Document { file: name.to_string(), format: Format::Unknown, accounts: vec![], transactions: vec![], receipts: vec![], diagnostics: vec![] }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 { B64[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if c.len() > 2 { B64[n as usize & 63] as char } else { '=' });
    }
    out
}

pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| B64.iter().position(|&x| x == c).map(|p| p as u32);
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipcheck_core::reconcile::Pair;

    fn run(e: &mut Engine, req: Request, payloads: Vec<Vec<u8>>) -> Response {
        e.handle(req, payloads, &mut |_, _| {})
    }

    fn view(r: Response) -> CaseView {
        match r {
            Response::Case { view, .. } => view,
            other => panic!("unexpected {other:?}"),
        }
    }

    fn sample(e: &mut Engine) -> CaseView {
        let names = crate::sample::FILES.iter().map(|(n, _)| n.to_string()).collect();
        let bytes = crate::sample::FILES.iter().map(|(_, b)| b.to_vec()).collect();
        view(run(e, Request::Add { id: 1, names }, bytes))
    }

    #[test]
    fn base64_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "签购单 ✓"] {
            assert_eq!(b64_decode(&b64_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(b64_encode(b"Man"), "TWFu");
        assert_eq!(b64_encode(b"Ma"), "TWE=");
    }

    #[test]
    fn the_sample_is_read_and_solved() {
        let mut e = Engine::default();
        run(&mut e, Request::SetOptions { id: 0, options: CheckOptions { as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 20), ..Default::default() } }, vec![]);
        let v = sample(&mut e);
        assert_eq!(v.files.len(), crate::sample::FILES.len());
        let st = v.files.iter().find(|f| f.name == "statement.csv").unwrap();
        assert_eq!(st.statement_lines, 6, "{:?}", st.diagnostics);
        assert_eq!(v.lines_total, 6);
        assert_eq!(v.report.transactions.len(), 6, "a small case sends every line");
        for f in &v.files {
            assert!(f.records() > 0, "{} read nothing: {:?}", f.name, f.diagnostics);
        }
        let kinds: Vec<&str> = v.report.findings.iter().map(|f| f.kind.as_str()).collect();
        for k in ["duplicate_charge", "tip_changed", "refund_missing"] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
    }

    #[test]
    fn a_forbid_re_solves_and_remove_drops_its_decisions() {
        let mut e = Engine::default();
        let v = sample(&mut e);
        let m = v.report.matches.iter().find(|m| m.receipt_id == "blue-bottle.txt").expect("blue bottle paired").clone();
        let pair = Pair { receipt: m.receipt_id.clone(), transaction: m.transaction.clone() };
        let v = view(run(&mut e, Request::SetOptions { id: 2, options: CheckOptions { forbids: vec![pair.clone()], ..Default::default() } }, vec![]));
        assert!(!v.report.matches.iter().any(|x| x.receipt_id == pair.receipt && x.transaction == pair.transaction));
        let v = view(run(&mut e, Request::Remove { id: 3, name: "blue-bottle.txt".into() }, vec![]));
        assert_eq!(v.files.len(), crate::sample::FILES.len() - 1);
        assert!(e.options.forbids.is_empty());
    }

    #[test]
    fn big_cases_send_a_few_lines_and_page_the_rest() {
        let mut rows = String::from("Date,Description,Amount\n");
        let n = ALL_LINES + 500;
        for i in 0..n {
            rows.push_str(&format!("2026-03-01,SHOP {i},-{}.00\n", 1 + i % 300));
        }
        let mut e = Engine::default();
        let v = view(run(&mut e, Request::Add { id: 1, names: vec!["big.csv".into()] }, vec![rows.into_bytes()]));
        assert_eq!(v.files[0].statement_lines, n);
        assert_eq!(v.lines_total, n);
        assert_eq!(v.lines_unmatched, n);
        assert!(v.report.transactions.is_empty(), "no receipt, no finding: no line is named");
        let slip = b"COFFEE SHOP\n2026-03-01\nTOTAL $12.00\nAPPROVED\n".to_vec();
        let v = view(run(&mut e, Request::Add { id: 2, names: vec!["slip.txt".into()] }, vec![slip]));
        assert!(!v.report.transactions.is_empty() && v.report.transactions.len() <= CANDIDATES + 1, "{}", v.report.transactions.len());
        match run(&mut e, Request::Lines { id: 3, offset: 100, limit: 50, unmatched_only: false }, vec![]) {
            Response::Lines { page, .. } => {
                assert_eq!((page.offset, page.total, page.lines.len()), (100, n, 50));
                assert_eq!(page.lines[0].description, "SHOP 100");
            }
            other => panic!("unexpected {other:?}"),
        }
        match run(&mut e, Request::Lines { id: 4, offset: n - 10, limit: 9999, unmatched_only: true }, vec![]) {
            Response::Lines { page, .. } => {
                assert_eq!(page.total, v.lines_unmatched);
                assert_eq!(page.lines.len(), v.lines_unmatched - (n - 10));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn format_override_rereads_the_file() {
        let mut e = Engine::default();
        let v = view(run(&mut e, Request::Add { id: 1, names: vec!["x.txt".into()] }, vec![b"Date,Description,Amount\n2026-03-01,COFFEE,-4.50\n".to_vec()]));
        let before = v.files[0].format;
        let v = view(run(&mut e, Request::SetFormat { id: 2, name: "x.txt".into(), format: Format::ReceiptText }, vec![]));
        assert_eq!(v.files[0].format, Format::ReceiptText);
        assert_eq!(v.files[0].guessed, before);
        assert_eq!(v.files[0].statement_lines, 0);
    }

    #[test]
    fn csv_options_reread_the_table_and_survive_a_restore() {
        // Every day is at most 12: the order cannot be told from the file.
        let csv = b"Date,Description,Amount\n01/02/2026,COFFEE,-3.50\n03/04/2026,BOOKS,-12.00\n".to_vec();
        let mut e = Engine::default();
        let v = view(run(&mut e, Request::Add { id: 1, names: vec!["a.csv".into()] }, vec![csv.clone()]));
        let layout = v.files[0].layout.clone().expect("a table has a layout");
        assert_eq!(layout.date_order, Some(slipcheck_core::statement::dates::DateOrder::Mdy));
        assert_eq!(v.report.transactions[0].date.unwrap().to_string(), "2026-01-02");
        let opts = CsvOptions { date_order: Some(slipcheck_core::statement::dates::DateOrder::Dmy), ..Default::default() };
        let v = view(run(&mut e, Request::SetCsvOptions { id: 2, name: "a.csv".into(), options: opts.clone() }, vec![]));
        assert_eq!(v.files[0].csv, opts);
        assert!(v.files[0].layout.as_ref().unwrap().forced);
        let dates: Vec<String> = v.report.transactions.iter().map(|t| t.date.unwrap().to_string()).collect();
        assert!(dates.contains(&"2026-02-01".to_string()), "{dates:?}");
        // A device save keeps the choice.
        let saved = SavedCase {
            version: 1,
            files: vec![jobs::SavedFile { name: "a.csv".into(), format: Format::Csv, data: None, doc: None, stored: true, csv: opts }],
            options: Default::default(),
            ticked: vec![],
            letter: Default::default(),
            open_finding: None,
        };
        let mut fresh = Engine::default();
        let w = view(run(&mut fresh, Request::Restore { id: 3, saved }, vec![csv]));
        assert!(w.report.transactions.iter().any(|t| t.date.unwrap().to_string() == "2026-02-01"));
    }

    #[test]
    fn export_and_restore_round_trip() {
        let mut e = Engine::default();
        let v = sample(&mut e);
        let json = match run(&mut e, Request::Export { id: 2, csv: false }, vec![]) {
            Response::Export { text, .. } => text,
            other => panic!("unexpected {other:?}"),
        };
        let saved: SavedCase = serde_json::from_str(&json).unwrap();
        assert!(saved.files.iter().all(|f| f.data.is_none() && f.doc.is_some()));
        let mut fresh = Engine::default();
        let w = view(run(&mut fresh, Request::Restore { id: 3, saved }, vec![]));
        assert_eq!(w.report.findings.len(), v.report.findings.len());
        assert_eq!(w.lines_total, v.lines_total);
        // A device save: raw files beside the case, re-read on restore.
        let saved = SavedCase {
            version: 1,
            files: vec![jobs::SavedFile { name: "statement.csv".into(), format: Format::Csv, data: None, doc: None, stored: true, csv: CsvOptions::default() }],
            options: Default::default(),
            ticked: vec![],
            letter: Default::default(),
            open_finding: None,
        };
        let w = view(run(&mut fresh, Request::Restore { id: 4, saved }, vec![crate::sample::FILES[0].1.to_vec()]));
        assert_eq!(w.files.len(), 1);
        assert_eq!(w.files[0].statement_lines, 6);
        assert!(w.files[0].has_bytes);
    }
}
