//! The page's state as a pure reducer (Yew's function_todomvc pattern): every
//! change is an [`Action`], so it can be tested without a browser. The case
//! itself lives in the worker ([`crate::engine`]); the page holds what it
//! shows — the worker's [`CaseView`], a page of statement lines — and the
//! user's decisions (options with pins and forbids, ticks, letter fields),
//! which the app sends to the worker to re-solve.

use crate::i18n::Lang;
pub use crate::jobs::{CaseView, FileSummary, LetterFields, LinesPage, SavedCase, SavedFile};
use serde::{Deserialize, Serialize};
use slipcheck_core::reconcile::{CheckOptions, CheckReport, Jurisdiction, Pair};
use slipcheck_core::statement::Transaction;
use slipcheck_core::{Document, Format};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// A file of the case as the page knows it: the worker's summary.
pub type FileEntry = FileSummary;

/// Lines per page in the review's list of statement lines.
pub const PAGE_LINES: usize = 50;

/// Merchant mode's export: small enough to search on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct MerchantFile {
    pub name: String,
    pub doc: Rc<Document>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Consumer,
    Merchant,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    pub lang: Lang,
    pub mode: Mode,
    pub files: Rc<Vec<FileEntry>>,
    pub options: CheckOptions,
    /// The worker's report: every pair, finding and reassurance, and only the
    /// statement lines they name (see [`CaseView`]).
    pub report: Rc<CheckReport>,
    pub lines_total: usize,
    pub lines_unmatched: usize,
    /// The page of statement lines without a receipt being shown.
    pub lines: Option<Rc<LinesPage>>,
    pub lines_offset: usize,
    /// Counts the worker's answers, so the page knows when to ask for lines.
    pub case_version: u64,
    /// Ticked checklist steps, as "finding id|step index".
    pub ticked: BTreeSet<String>,
    pub letter: LetterFields,
    /// The finding whose letter and packet are shown.
    pub open_finding: Option<String>,
    /// Merchant mode: the loaded settlement export.
    pub merchant: Option<MerchantFile>,
    /// True once the saved case (if any) was restored: autosave waits for it,
    /// so an empty first render never overwrites what was saved.
    pub restored: bool,
}

impl AppState {
    pub fn statement_lines(&self) -> &[Transaction] {
        &self.report.transactions
    }
    /// Records in the case (statement lines plus receipts).
    pub fn records(&self) -> usize {
        self.files.iter().map(|f| f.records()).sum()
    }
    fn check_open_finding(&mut self) {
        if let Some(id) = &self.open_finding {
            if !self.report.findings.iter().any(|f| &f.id == id) {
                self.open_finding = None;
            }
        }
    }
    /// The case as saved on this device: raw files are stored beside it
    /// (`stored`); files that came as records (an imported case) keep them.
    pub fn to_saved(&self, records: &dyn Fn(&str) -> Option<Document>) -> SavedCase {
        SavedCase {
            version: 1,
            files: self
                .files
                .iter()
                .map(|f| {
                    let doc = if f.has_bytes { None } else { records(&f.name).map(crate::mask::mask_document) };
                    SavedFile { name: f.name.clone(), format: f.format, data: None, stored: f.has_bytes, doc, csv: f.csv.clone() }
                })
                .collect(),
            options: self.options.clone(),
            ticked: self.ticked.iter().cloned().collect(),
            letter: self.letter.clone(),
            open_finding: self.open_finding.clone(),
        }
    }
}

pub enum Action {
    SetLang(Lang),
    SetMode(Mode),
    /// The worker's view of the case after a change.
    Case(CaseView),
    /// A page of statement lines from the worker.
    Lines(LinesPage),
    /// Show the page of lines starting here.
    LinesAt(usize),
    RemoveFile(String),
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
    /// The saved case's decisions (its files go to the worker).
    Restore(Option<SavedCase>),
    /// "Forget everything on this device": back to an empty case.
    Forget,
    SetMerchant(Option<MerchantFile>),
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetLang(l) => s.lang = l,
            Action::SetMode(m) => s.mode = m,
            Action::Case(v) => {
                s.files = Rc::new(v.files);
                s.report = Rc::new(v.report);
                s.lines_total = v.lines_total;
                s.lines_unmatched = v.lines_unmatched;
                s.case_version += 1;
                // A page past the end (after a removal) starts over.
                if s.lines_offset >= s.lines_unmatched {
                    s.lines_offset = 0;
                }
                s.check_open_finding();
            }
            Action::Lines(p) => s.lines = Some(Rc::new(p)),
            Action::LinesAt(o) => s.lines_offset = o,
            Action::RemoveFile(name) => {
                let ids = |p: &Pair| p.receipt == name || p.receipt.starts_with(&format!("{name}#"));
                s.options.pins.retain(|p| !ids(p));
                s.options.forbids.retain(|p| !ids(p));
            }
            Action::ClearFiles => {
                s.options.pins.clear();
                s.options.forbids.clear();
                s.ticked.clear();
                s.open_finding = None;
                s.lines_offset = 0;
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
            }
            Action::SetLetter(l) => s.letter = l,
            Action::OpenFinding(id) => s.open_finding = id,
            Action::Restore(saved) => {
                s.restored = true;
                if let Some(saved) = saved {
                    s.options = saved.options;
                    s.ticked = saved.ticked.into_iter().collect();
                    s.letter = saved.letter;
                    s.open_finding = saved.open_finding;
                }
            }
            Action::Forget => {
                s = AppState { lang: s.lang, mode: s.mode, restored: true, ..Default::default() };
            }
            Action::SetMerchant(f) => s.merchant = f,
        }
        Rc::new(s)
    }
}

/// Files a format can be chosen for: a kept raw file.
pub fn can_reread(f: &FileEntry) -> bool {
    f.has_bytes
}

/// A file's format as the user chose it, when it differs from the guess.
pub fn chosen_format(f: &FileEntry) -> Option<Format> {
    (f.format != f.guessed).then_some(f.format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::jobs::{Request, Response};

    /// The page and the engine together, as the app wires them.
    fn send(e: &mut Engine, s: Rc<AppState>, req: Request, payloads: Vec<Vec<u8>>) -> Rc<AppState> {
        match e.handle(req, payloads, &mut |_, _| {}) {
            Response::Case { view, .. } => s.reduce(Action::Case(view)),
            other => panic!("unexpected {other:?}"),
        }
    }

    fn with_sample(e: &mut Engine) -> Rc<AppState> {
        let names = crate::sample::FILES.iter().map(|(n, _)| n.to_string()).collect();
        let bytes = crate::sample::FILES.iter().map(|(_, b)| b.to_vec()).collect();
        send(e, Rc::new(AppState::default()), Request::Add { id: 1, names }, bytes)
    }

    #[test]
    fn unpair_forbids_and_pin_undoes_it() {
        let s = Rc::new(AppState::default());
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
    fn the_case_view_replaces_files_and_report_and_closes_a_gone_letter() {
        let mut e = Engine::default();
        let s = with_sample(&mut e).reduce(Action::OpenFinding(Some("no-such".into())));
        assert_eq!(s.files.len(), crate::sample::FILES.len());
        assert_eq!(s.lines_total, 6);
        let s = send(&mut e, s, Request::Clear { id: 2 }, vec![]);
        assert!(s.files.is_empty() && s.report.findings.is_empty());
        assert_eq!(s.open_finding, None);
    }

    #[test]
    fn saved_case_names_stored_files_and_keeps_decisions() {
        let mut e = Engine::default();
        let s = with_sample(&mut e);
        let s = s.reduce(Action::ToggleStep("f1|0".into()));
        let s = s.reduce(Action::SetLetter(LetterFields { name: "Ada".into(), ..Default::default() }));
        let saved = s.to_saved(&|_| None);
        assert!(saved.files.iter().all(|f| f.stored && f.data.is_none() && f.doc.is_none()));
        let json = serde_json::to_string(&saved).unwrap();
        let back: SavedCase = serde_json::from_str(&json).unwrap();
        let r = Rc::new(AppState::default()).reduce(Action::Restore(Some(back)));
        assert!(r.ticked.contains("f1|0"));
        assert_eq!(r.letter.name, "Ada");
        assert!(r.restored);
        let f = r.reduce(Action::Forget);
        assert!(f.files.is_empty() && f.ticked.is_empty() && f.letter == LetterFields::default());
        assert!(f.restored);
    }

    #[test]
    fn removing_a_file_drops_its_decisions() {
        let p = Pair { receipt: "a.txt#2".into(), transaction: "t1".into() };
        let q = Pair { receipt: "b.txt".into(), transaction: "t2".into() };
        let s = Rc::new(AppState::default()).reduce(Action::Unpair(p)).reduce(Action::Pin(q.clone()));
        let s = s.reduce(Action::RemoveFile("a.txt".into()));
        assert!(s.options.forbids.is_empty());
        assert_eq!(s.options.pins, vec![q]);
    }
}
