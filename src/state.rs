//! The app's state as a pure reducer (Yew's function_todomvc pattern): every
//! change is an [`Action`], so it can be tested without a browser. Every
//! change that touches the case re-solves it at once (pins and forbids
//! included), through [`crate::jobs`] — the same code the worker runs.

use crate::i18n::Lang;
use crate::jobs;
use slipcheck_core::reconcile::{CheckOptions, CheckReport, Jurisdiction, Pair};
use slipcheck_core::statement::Transaction;
use slipcheck_core::{DocumentKind, Document, Format};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// A file the user added, read by the core.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub name: String,
    pub size: u64,
    pub format: Format,
    /// What the sniffer guessed, so the user sees that an override is in force.
    pub guessed: Format,
    /// The raw bytes, kept on this device so a format override can re-read
    /// them; `None` for a case re-imported from JSON (records only).
    pub bytes: Option<Rc<Vec<u8>>>,
    pub doc: Rc<Document>,
}

impl FileEntry {
    pub fn from_bytes(name: &str, bytes: &[u8]) -> FileEntry {
        let doc = jobs::parse(name, bytes, None);
        FileEntry {
            name: name.to_string(),
            size: bytes.len() as u64,
            format: doc.format,
            guessed: doc.format,
            bytes: Some(Rc::new(bytes.to_vec())),
            doc: Rc::new(doc),
        }
    }
    /// A file the worker already read.
    pub fn from_doc(name: &str, bytes: Option<Rc<Vec<u8>>>, guessed: Format, doc: Document) -> FileEntry {
        FileEntry {
            name: name.to_string(),
            size: bytes.as_ref().map(|b| b.len() as u64).unwrap_or(0),
            format: doc.format,
            guessed,
            bytes,
            doc: Rc::new(doc),
        }
    }
    pub fn kind(&self) -> DocumentKind {
        self.format.kind()
    }
    /// Records read: statement lines or receipts.
    pub fn records(&self) -> usize {
        self.doc.transactions.len() + self.doc.receipts.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Consumer,
    Merchant,
}

/// The user's own fields for the letter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LetterFields {
    pub name: String,
    pub account: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    pub lang: Lang,
    pub mode: Mode,
    pub files: Vec<FileEntry>,
    pub options: CheckOptions,
    pub report: Rc<CheckReport>,
    /// Ticked checklist steps, as "finding id|step index".
    pub ticked: BTreeSet<String>,
    pub letter: LetterFields,
    /// The finding whose letter and packet are shown.
    pub open_finding: Option<String>,
    /// Merchant mode: the loaded settlement export.
    pub merchant: Option<FileEntry>,
    /// True once the saved case (if any) was restored: autosave waits for it,
    /// so an empty first render never overwrites what was saved.
    pub restored: bool,
    /// A worker is running: big cases are solved there, not in the reducer.
    pub worker: bool,
    /// The report is out of date and the worker has been (or will be) asked
    /// for a new one.
    pub stale: bool,
}

impl AppState {
    pub fn statement_lines(&self) -> &[Transaction] {
        &self.report.transactions
    }
    /// Records in the case (statement lines plus receipts).
    pub fn records(&self) -> usize {
        self.files.iter().map(|f| f.records()).sum()
    }
    pub fn docs(&self) -> Vec<Document> {
        self.files.iter().map(|f| (*f.doc).clone()).collect()
    }
    fn resolve(&mut self) {
        if self.worker && self.records() > jobs::INLINE_RECORDS {
            // Too big to solve without freezing the page: the app sends it to the worker.
            self.stale = true;
            return;
        }
        self.stale = false;
        self.report = Rc::new(jobs::check(&self.docs(), &self.options));
        self.check_open_finding();
    }
    fn check_open_finding(&mut self) {
        if let Some(id) = &self.open_finding {
            if !self.report.findings.iter().any(|f| &f.id == id) {
                self.open_finding = None;
            }
        }
    }
    /// The case as saved (IndexedDB, with the raw files) or exported (JSON,
    /// records only: `with_bytes = false`).
    pub fn to_saved(&self, with_bytes: bool) -> SavedCase {
        SavedCase {
            version: 1,
            files: self
                .files
                .iter()
                .map(|f| SavedFile {
                    name: f.name.clone(),
                    format: f.format,
                    data: if with_bytes { f.bytes.as_ref().map(|b| crate::store::b64_encode(b)) } else { None },
                    doc: if with_bytes && f.bytes.is_some() { None } else { Some(crate::mask::mask_document((*f.doc).clone())) },
                })
                .collect(),
            options: self.options.clone(),
            ticked: self.ticked.iter().cloned().collect(),
            letter: self.letter.clone(),
            open_finding: self.open_finding.clone(),
        }
    }
}

/// One file in a saved or exported case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedFile {
    pub name: String,
    pub format: Format,
    /// Base64 of the raw file (device storage only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// The records as read (exports, and files without raw bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<Document>,
}

/// A whole case: what autosave keeps and what "Export case (JSON)" writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedCase {
    pub version: u32,
    pub files: Vec<SavedFile>,
    #[serde(default)]
    pub options: CheckOptions,
    #[serde(default)]
    pub ticked: Vec<String>,
    #[serde(default)]
    pub letter: LetterFields,
    #[serde(default)]
    pub open_finding: Option<String>,
}

impl SavedCase {
    /// Rebuilds the files: raw bytes are re-read with the saved format, else
    /// the saved records are used as they are.
    pub fn into_files(self) -> (Vec<FileEntry>, SavedCase) {
        let mut files = Vec::new();
        for f in &self.files {
            if let Some(bytes) = f.data.as_deref().and_then(crate::store::b64_decode) {
                let guessed = slipcheck_core::sniff(&f.name, &bytes);
                let doc = jobs::parse(&f.name, &bytes, (f.format != guessed).then_some(f.format));
                files.push(FileEntry::from_doc(&f.name, Some(Rc::new(bytes)), guessed, doc));
            } else if let Some(doc) = &f.doc {
                files.push(FileEntry::from_doc(&f.name, None, doc.format, doc.clone()));
            }
        }
        (files, self)
    }
}

pub enum Action {
    SetLang(Lang),
    SetMode(Mode),
    AddFile(FileEntry),
    /// Several files at once (the sample), re-solved once.
    AddFiles(Vec<FileEntry>),
    RemoveFile(String),
    /// Re-read a file as another format (the user corrected a wrong guess).
    SetFormat(String, Format),
    ClearFiles,
    /// Unpair: the pair is forbidden, everything re-solves around it.
    Unpair(Pair),
    /// Pair a receipt with a statement line the user chose.
    Pin(Pair),
    Unpin(Pair),
    /// Allow a forbidden pair again.
    Allow(Pair),
    SetAsOf(Option<chrono::NaiveDate>),
    SetJurisdiction(Jurisdiction),
    SetReceiptsComplete(bool),
    ToggleStep(String),
    SetLetter(LetterFields),
    OpenFinding(Option<String>),
    Restore(Option<SavedCase>),
    /// "Forget everything on this device": back to an empty case.
    Forget,
    SetMerchant(Option<FileEntry>),
    /// The worker started (or not).
    WorkerReady(bool),
    /// The worker's report for the case as it stood when it was asked.
    SetReport(CheckReport),
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let mut resolve = true;
        match action {
            Action::SetLang(l) => {
                s.lang = l;
                resolve = false;
            }
            Action::SetMode(m) => {
                s.mode = m;
                resolve = false;
            }
            Action::AddFile(f) => add(&mut s, f),
            Action::AddFiles(fs) => fs.into_iter().for_each(|f| add(&mut s, f)),
            Action::RemoveFile(name) => {
                s.files.retain(|f| f.name != name);
                let ids = |p: &Pair| p.receipt == name || p.receipt.starts_with(&format!("{name}#"));
                s.options.pins.retain(|p| !ids(p));
                s.options.forbids.retain(|p| !ids(p));
            }
            Action::SetFormat(name, format) => {
                if let Some(f) = s.files.iter_mut().find(|f| f.name == name) {
                    if let Some(bytes) = f.bytes.clone() {
                        let doc = jobs::parse(&f.name, &bytes, Some(format));
                        f.format = doc.format;
                        f.doc = Rc::new(doc);
                    }
                }
            }
            Action::ClearFiles => {
                s.files.clear();
                s.options.pins.clear();
                s.options.forbids.clear();
                s.ticked.clear();
                s.open_finding = None;
            }
            Action::Unpair(p) => {
                s.options.pins.retain(|x| *x != p);
                if !s.options.forbids.contains(&p) {
                    s.options.forbids.push(p);
                }
            }
            Action::Pin(p) => {
                s.options.forbids.retain(|x| *x != p);
                // One line per receipt: a new pin for this receipt replaces the old.
                s.options.pins.retain(|x| x.receipt != p.receipt && x.transaction != p.transaction);
                s.options.pins.push(p);
            }
            Action::Unpin(p) => s.options.pins.retain(|x| *x != p),
            Action::Allow(p) => s.options.forbids.retain(|x| *x != p),
            Action::SetAsOf(d) => s.options.as_of = d,
            Action::SetJurisdiction(j) => s.options.jurisdiction = j,
            Action::SetReceiptsComplete(b) => s.options.receipts_complete = b,
            Action::ToggleStep(k) => {
                if !s.ticked.remove(&k) {
                    s.ticked.insert(k);
                }
                resolve = false;
            }
            Action::SetLetter(l) => {
                s.letter = l;
                resolve = false;
            }
            Action::OpenFinding(id) => {
                s.open_finding = id;
                resolve = false;
            }
            Action::Restore(saved) => {
                s.restored = true;
                if let Some(saved) = saved {
                    let (files, saved) = saved.into_files();
                    s.files = files;
                    s.options = saved.options;
                    s.ticked = saved.ticked.into_iter().collect();
                    s.letter = saved.letter;
                    s.open_finding = saved.open_finding;
                } else {
                    resolve = false;
                }
            }
            Action::Forget => {
                s = AppState { lang: s.lang, mode: s.mode, restored: true, worker: s.worker, ..Default::default() };
            }
            Action::SetMerchant(f) => {
                s.merchant = f;
                resolve = false;
            }
            Action::WorkerReady(b) => {
                s.worker = b;
                resolve = false;
            }
            Action::SetReport(r) => {
                s.report = Rc::new(r);
                s.stale = false;
                s.check_open_finding();
                resolve = false;
            }
        }
        if resolve {
            s.resolve();
        }
        Rc::new(s)
    }
}

fn add(s: &mut AppState, f: FileEntry) {
    // Adding the same file again replaces it rather than listing it twice.
    s.files.retain(|e| e.name != f.name);
    s.files.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_sample() -> Rc<AppState> {
        let s = Rc::new(AppState::default());
        let files = crate::sample::FILES.iter().map(|(n, b)| FileEntry::from_bytes(n, b)).collect();
        s.reduce(Action::AddFiles(files))
    }

    #[test]
    fn adding_the_same_name_replaces() {
        let s = Rc::new(AppState::default());
        let s = s.reduce(Action::AddFile(FileEntry::from_bytes("a.txt", b"TOTAL $1.00 APPROVED")));
        let s = s.reduce(Action::AddFile(FileEntry::from_bytes("a.txt", b"TOTAL $2.00 APPROVED")));
        assert_eq!(s.files.len(), 1);
        assert_eq!(s.files[0].size, 20);
        assert_eq!(s.files[0].kind(), DocumentKind::Receipt);
    }

    #[test]
    fn the_sample_statement_is_read_and_solved() {
        let s = with_sample();
        assert_eq!(s.files.len(), crate::sample::FILES.len());
        let st = s.files.iter().find(|f| f.name == "statement.csv").unwrap();
        assert_eq!(st.kind(), DocumentKind::Statement);
        assert_eq!(st.records(), 6, "{:?}", st.doc.diagnostics);
        assert_eq!(s.report.transactions.len(), 6);
    }

    #[test]
    fn the_sample_has_several_findings() {
        let s = Rc::new(AppState::default()).reduce(Action::SetAsOf(chrono::NaiveDate::from_ymd_opt(2026, 3, 20)));
        let files = crate::sample::FILES.iter().map(|(n, b)| FileEntry::from_bytes(n, b)).collect();
        let s = s.reduce(Action::AddFiles(files));
        for f in &s.files {
            assert!(f.records() > 0, "{} read nothing: {:?}", f.name, f.doc.diagnostics);
        }
        let kinds: Vec<&str> = s.report.findings.iter().map(|f| f.kind.as_str()).collect();
        for k in ["duplicate_charge", "tip_changed", "refund_missing"] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
    }

    #[test]
    fn unpair_forbids_and_pin_undoes_it() {
        let s = with_sample();
        let p = Pair { receipt: "zuni-cafe.txt".into(), transaction: "t1".into() };
        let s = s.reduce(Action::Unpair(p.clone()));
        assert_eq!(s.options.forbids, vec![p.clone()]);
        let s = s.reduce(Action::Pin(p.clone()));
        assert!(s.options.forbids.is_empty());
        assert_eq!(s.options.pins, vec![p.clone()]);
        // A second pin for the same receipt replaces the first.
        let q = Pair { receipt: "zuni-cafe.txt".into(), transaction: "t2".into() };
        let s = s.reduce(Action::Pin(q.clone()));
        assert_eq!(s.options.pins, vec![q]);
    }

    #[test]
    fn big_cases_wait_for_the_worker() {
        let mut rows = String::from("Date,Description,Amount\n");
        for i in 0..(jobs::INLINE_RECORDS + 10) {
            rows.push_str(&format!("2026-03-01,SHOP {i},-1.00\n"));
        }
        let s = Rc::new(AppState::default()).reduce(Action::WorkerReady(true));
        let s = s.reduce(Action::AddFile(FileEntry::from_bytes("big.csv", rows.as_bytes())));
        assert!(s.stale, "not solved on the page");
        assert!(s.report.transactions.is_empty());
        let report = jobs::check(&s.docs(), &s.options);
        let s = s.reduce(Action::SetReport(report));
        assert!(!s.stale);
        assert_eq!(s.report.transactions.len(), jobs::INLINE_RECORDS + 10);
        // Without a worker the page solves it itself.
        let s = Rc::new(AppState::default()).reduce(Action::AddFile(FileEntry::from_bytes("big.csv", rows.as_bytes())));
        assert!(!s.stale && s.report.transactions.len() == jobs::INLINE_RECORDS + 10);
    }

    #[test]
    fn format_override_rereads_the_file() {
        let s = Rc::new(AppState::default()).reduce(Action::AddFile(FileEntry::from_bytes(
            "x.txt",
            b"Date,Description,Amount\n2026-03-01,COFFEE,-4.50\n",
        )));
        let before = s.files[0].format;
        let s = s.reduce(Action::SetFormat("x.txt".into(), Format::ReceiptText));
        assert_eq!(s.files[0].format, Format::ReceiptText);
        assert_eq!(s.files[0].guessed, before);
        assert_eq!(s.files[0].doc.transactions.len(), 0);
    }

    #[test]
    fn saved_case_round_trips_and_forget_empties() {
        let s = with_sample();
        let s = s.reduce(Action::ToggleStep("f1|0".into()));
        let s = s.reduce(Action::SetLetter(LetterFields { name: "Ada".into(), ..Default::default() }));
        let json = serde_json::to_string(&s.to_saved(true)).unwrap();
        let saved: SavedCase = serde_json::from_str(&json).unwrap();
        let r = Rc::new(AppState::default()).reduce(Action::Restore(Some(saved)));
        assert_eq!(r.files.len(), s.files.len());
        assert_eq!(r.report.transactions.len(), s.report.transactions.len());
        assert!(r.ticked.contains("f1|0"));
        assert_eq!(r.letter.name, "Ada");
        // The export carries records, not raw files.
        let export = s.to_saved(false);
        assert!(export.files.iter().all(|f| f.data.is_none() && f.doc.is_some()));
        let f = r.reduce(Action::Forget);
        assert!(f.files.is_empty() && f.ticked.is_empty() && f.letter == LetterFields::default());
        assert!(f.restored);
    }
}
