//! The app shell: header, then either the consumer's flow (add files →
//! review → findings → letter and packet) or merchant mode. The case lives in
//! the worker ([`crate::engine`]): this component sends it the user's files
//! (as Blobs, never read here) and decisions, and shows what it answers.
//! Restores the saved case on start and autosaves every change to IndexedDB
//! (the case as small JSON, each raw file once as a Blob beside it).

use super::drop_zone::DropZone;
use super::file_list::FileList;
use super::findings::Findings;
use super::header::Header;
use super::letter::Letter;
use super::merchant::Merchant;
use super::photo_status::PhotoStatus;
use super::receipt_edit::ReceiptEdit;
use super::review::Review;
use crate::i18n::{t, Lang, Text};
use crate::jobs::{Request, Response};
use crate::ocr;
use crate::sample;
use crate::state::{Action, AppState, LetterFields, MerchantFile, Mode, SavedCase, PAGE_LINES};
use crate::store;
use crate::worker;
use chrono::NaiveDate;
use gloo_file::callbacks::FileReader;
use slipcheck_core::reconcile::{CheckOptions, Jurisdiction, Pair};
use slipcheck_core::{Document, Format};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Blob, HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|tag| Lang::from_browser_tag(&tag))
        .unwrap_or_default()
}

/// Today on this device, for deadlines.
fn today() -> Option<NaiveDate> {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// The sample case is looked at as of this day, so its refund is overdue and
/// its deadlines still open, whatever today is.
pub const SAMPLE_AS_OF: (i32, u32, u32) = (2026, 3, 20);

#[derive(Clone, PartialEq)]
enum Notice {
    None,
    Restored,
    Forgotten,
    ImportFailed,
    JobFailed(String),
    /// The parsing worker could not be started or reached.
    WorkerFailed,
}

/// A job the worker is doing, for the progress bar.
#[derive(Clone, PartialEq)]
struct Busy {
    id: u32,
    label: String,
    done: u64,
    total: u64,
}

/// Where a file of the case comes from, kept on the page so the case can be
/// saved, and rebuilt in a fresh worker after a cancel.
#[derive(Clone)]
enum Source {
    Blob(Blob),
    /// Records only (an imported case).
    Records(Document),
}

/// What the page must remember about a job it sent.
enum Pending {
    /// Files being added: they join `sources` when the worker has them.
    Add(Vec<(String, Blob)>),
    Case,
    Lines,
    Merchant(String),
    Export,
}

/// The page's end of the worker: the client, the jobs in flight and the
/// files of the case.
struct Hub {
    client: RefCell<Option<worker::Client>>,
    pending: RefCell<HashMap<u32, Pending>>,
    next_id: Cell<u32>,
    busy: UseStateSetter<Option<Busy>>,
    notice: UseStateSetter<Notice>,
    dispatch: UseReducerDispatcher<AppState>,
    sources: RefCell<HashMap<String, Source>>,
    /// Files whose raw bytes are already in IndexedDB.
    written: RefCell<HashSet<String>>,
    /// The options the worker last heard, so each change is sent once.
    sent_options: RefCell<Option<CheckOptions>>,
    /// A saved case is being rebuilt in the worker: until its first answer
    /// the page's file list is empty, and autosave must not take that for
    /// "the user has no files" and erase what is being restored.
    restoring: Cell<bool>,
}

impl Hub {
    /// Sends a job; `label` shows a progress bar (with cancel) until it is done.
    fn send(&self, make: impl FnOnce(u32) -> Request, files: &[JsValue], pending: Pending, label: Option<String>) {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        let req = make(id);
        if let Request::SetOptions { options, .. } | Request::Restore { saved: SavedCase { options, .. }, .. } = &req {
            *self.sent_options.borrow_mut() = Some(options.clone());
        }
        if matches!(req, Request::Clear { .. }) {
            *self.sent_options.borrow_mut() = None;
        }
        self.pending.borrow_mut().insert(id, pending);
        let sent = self.client.borrow().as_ref().is_some_and(|c| c.send(&req, files));
        if !sent {
            self.pending.borrow_mut().remove(&id);
            self.notice.set(Notice::WorkerFailed);
            return;
        }
        if let Some(label) = label {
            self.busy.set(Some(Busy { id, label, done: 0, total: 1 }));
        }
    }

    fn on_response(&self, r: Response, blob: Option<Blob>) {
        match r {
            Response::Ready => {}
            Response::Progress { id, done, total } => {
                let label = match self.pending.borrow().get(&id) {
                    Some(Pending::Add(files)) => files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>().join(", "),
                    Some(Pending::Merchant(name)) => name.clone(),
                    Some(_) => String::new(),
                    None => return,
                };
                self.busy.set(Some(Busy { id, label, done, total }));
            }
            Response::Case { id, view } => {
                self.restoring.set(false);
                if let Some(Pending::Add(files)) = self.pending.borrow_mut().remove(&id) {
                    let mut sources = self.sources.borrow_mut();
                    for (name, b) in files {
                        self.written.borrow_mut().remove(&name);
                        sources.insert(name, Source::Blob(b));
                    }
                }
                self.dispatch.dispatch(Action::Case(view));
                self.idle();
            }
            Response::Lines { id, page } => {
                if self.pending.borrow_mut().remove(&id).is_some() {
                    self.dispatch.dispatch(Action::Lines(page));
                }
            }
            Response::Parsed { id, doc, .. } => {
                if let Some(Pending::Merchant(name)) = self.pending.borrow_mut().remove(&id) {
                    self.dispatch.dispatch(Action::SetMerchant(Some(MerchantFile { name, doc: Rc::new(doc) })));
                }
                self.idle();
            }
            Response::Export { id, name, mime, text } => {
                if self.pending.borrow_mut().remove(&id).is_some() {
                    match blob {
                        Some(b) => store::download_blob(&name, &b),
                        None => store::download(&name, &mime, &text),
                    }
                }
                self.idle();
            }
            Response::Text { id, .. } => {
                self.pending.borrow_mut().remove(&id);
                self.idle();
            }
            Response::Failed { id, message } => {
                self.restoring.set(false);
                self.pending.borrow_mut().remove(&id);
                self.idle();
                self.notice.set(Notice::JobFailed(message));
            }
        }
    }

    /// The progress bar goes once no job that shows one is left.
    fn idle(&self) {
        if !self.pending.borrow().values().any(|p| matches!(p, Pending::Add(_) | Pending::Merchant(_) | Pending::Export)) {
            self.busy.set(None);
        }
    }

    /// Sends a saved case's files to the worker: stored raw files as Blobs,
    /// imported records as they are.
    fn restore(&self, saved: &SavedCase, label: Option<String>) {
        let mut files = vec![];
        let mut out = saved.clone();
        out.files.clear();
        for f in &saved.files {
            let mut f = f.clone();
            match self.sources.borrow().get(&f.name) {
                Some(Source::Blob(b)) => {
                    files.push(JsValue::from(b.clone()));
                    f.stored = true;
                    f.doc = None;
                }
                Some(Source::Records(doc)) => {
                    f.stored = false;
                    f.doc = Some(doc.clone());
                }
                None => continue,
            }
            f.data = None;
            out.files.push(f);
        }
        self.send(|id| Request::Restore { id, saved: out }, &files, Pending::Case, label);
    }

    /// Takes a saved or imported case's files in as sources.
    async fn adopt(&self, saved: &SavedCase) {
        let mut sources = HashMap::new();
        for f in &saved.files {
            if f.stored {
                if let Some(b) = store::load_file(&f.name).await {
                    sources.insert(f.name.clone(), Source::Blob(b));
                    self.written.borrow_mut().insert(f.name.clone());
                }
            } else if let Some(bytes) = f.data.as_deref().and_then(crate::engine::b64_decode) {
                // An older save kept the raw file inside the JSON.
                sources.insert(f.name.clone(), Source::Blob(worker::blob(&bytes)));
            } else if let Some(doc) = &f.doc {
                sources.insert(f.name.clone(), Source::Records(doc.clone()));
            }
        }
        *self.sources.borrow_mut() = sources;
    }

    fn records(&self, name: &str) -> Option<Document> {
        match self.sources.borrow().get(name) {
            Some(Source::Records(d)) => Some(d.clone()),
            _ => None,
        }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let mut s = AppState { lang: browser_lang(), ..Default::default() };
        s.options.as_of = today();
        s
    });
    let notice = use_state(|| Notice::None);
    let busy = use_state(|| None::<Busy>);
    let import_reader = use_mut_ref(|| None::<FileReader>);
    let lang = state.lang;
    let hub = {
        let (busy, notice, dispatch) = (busy.setter(), notice.setter(), state.dispatcher());
        use_memo((), move |_| Hub {
            client: RefCell::new(None),
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(0),
            busy,
            notice,
            dispatch,
            sources: RefCell::new(HashMap::new()),
            written: RefCell::new(HashSet::new()),
            sent_options: RefCell::new(None),
            restoring: Cell::new(false),
        })
    };

    // Keep <html lang> in step for screen readers and fonts.
    use_effect_with(lang, |lang| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("lang", lang.html_tag());
        }
    });

    // On start: the worker, offline support, then the saved case.
    {
        let state = state.clone();
        let notice = notice.clone();
        let hub = hub.clone();
        use_effect_with((), move |_| {
            let h = hub.clone();
            *hub.client.borrow_mut() = worker::Client::new(Rc::new(move |r, b| h.on_response(r, b)));
            store::register_sw();
            spawn_local(async move {
                let saved = store::load().await.and_then(|j| serde_json::from_str::<SavedCase>(&j).ok());
                if let Some(saved) = saved.as_ref().filter(|s| !s.files.is_empty()) {
                    notice.set(Notice::Restored);
                    hub.restoring.set(true);
                    hub.adopt(saved).await;
                    hub.restore(saved, Some(String::new()));
                }
                state.dispatch(Action::Restore(saved));
            });
        });
    }

    // Every change of the user's decisions goes to the worker, which re-solves.
    {
        let hub = hub.clone();
        use_effect_with((state.restored, state.options.clone()), move |(restored, options)| {
            if *restored && hub.sent_options.borrow().as_ref() != Some(options) {
                let o = options.clone();
                hub.send(|id| Request::SetOptions { id, options: o }, &[], Pending::Case, None);
            }
        });
    }

    // A page of statement lines without a receipt, after every new report.
    {
        let hub = hub.clone();
        use_effect_with((state.case_version, state.lines_offset), move |(_, offset)| {
            let offset = *offset;
            hub.pending.borrow_mut().retain(|_, p| !matches!(p, Pending::Lines));
            hub.send(|id| Request::Lines { id, offset, limit: PAGE_LINES, unmatched_only: true }, &[], Pending::Lines, None);
        });
    }

    // Autosave whatever the case is after every change (once restored).
    {
        let key = (
            state.restored,
            state.files.iter().map(|f| (f.name.clone(), f.format, f.csv.clone())).collect::<Vec<_>>(),
            state.options.clone(),
            state.ticked.clone(),
            state.letter.clone(),
            state.open_finding.clone(),
        );
        let state = state.clone();
        let hub = hub.clone();
        use_effect_with(key, move |(restored, files, _, _, _, _)| {
            if *restored && !hub.restoring.get() {
                let json = (!files.is_empty()).then(|| serde_json::to_string(&state.to_saved(&|n| hub.records(n))).unwrap_or_default());
                // Raw files are written once each, as Blobs.
                let todo: Vec<(String, Blob)> = state
                    .files
                    .iter()
                    .filter(|f| f.has_bytes && !hub.written.borrow().contains(&f.name))
                    .filter_map(|f| match hub.sources.borrow().get(&f.name) {
                        Some(Source::Blob(b)) => Some((f.name.clone(), b.clone())),
                        _ => None,
                    })
                    .collect();
                for (name, _) in &todo {
                    hub.written.borrow_mut().insert(name.clone());
                }
                spawn_local(async move {
                    for (name, b) in todo {
                        store::save_file(&name, &b).await;
                    }
                    store::save(json).await;
                });
            }
        });
    }

    let dispatch = |make: fn(Pair) -> Action| {
        let state = state.clone();
        Callback::from(move |p: Pair| state.dispatch(make(p)))
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |l: Lang| state.dispatch(Action::SetLang(l)))
    };
    let on_mode = {
        let state = state.clone();
        Callback::from(move |m: Mode| state.dispatch(Action::SetMode(m)))
    };
    let on_forget = {
        let state = state.clone();
        let notice = notice.clone();
        let hub = hub.clone();
        Callback::from(move |_| {
            let state = state.clone();
            let notice = notice.clone();
            let hub = hub.clone();
            hub.sources.borrow_mut().clear();
            hub.written.borrow_mut().clear();
            hub.send(|id| Request::Clear { id }, &[], Pending::Case, None);
            spawn_local(async move {
                store::forget().await;
                state.dispatch(Action::Forget);
                notice.set(Notice::Forgotten);
            });
        })
    };
    // Photos are read on this device by the OCR worker (crate::ocr, started
    // on the first photo), then join the case as receipt documents; a
    // correction replaces the document, and the worker re-solves.
    let photo_status = use_state(|| ocr::Status::Idle);
    let photo_book = use_reducer(ocr::PhotoBook::default);
    let put_photo = {
        let hub = hub.clone();
        let book = photo_book.dispatcher();
        Callback::from(move |e: ocr::PhotoEntry| {
            let doc = (*e.doc).clone();
            // Saved with the case as records (the photo's text is read once).
            hub.sources.borrow_mut().insert(e.name.clone(), Source::Records(doc.clone()));
            hub.written.borrow_mut().remove(&e.name);
            // The picture and its lines are kept too, so the correction form
            // (with its crops) comes back after a reload.
            let (name, json, blob) = (e.name.clone(), serde_json::to_string(&e.to_saved()).unwrap_or_default(), ocr::photo_file(&e.name));
            spawn_local(async move { store::save_photo(&name, &json, blob.as_ref()).await });
            book.dispatch(e);
            hub.send(|id| Request::AddDocument { id, doc }, &[], Pending::Case, None);
        })
    };
    // After a restore: the photos of the case get their correction forms back
    // (the case itself already holds their corrected receipts).
    {
        let book = photo_book.clone();
        let photos: Vec<String> = state.files.iter().filter(|f| f.format == Format::ReceiptImage).map(|f| f.name.clone()).collect();
        use_effect_with((state.restored, photos), move |(restored, photos)| {
            let todo: Vec<String> = photos.iter().filter(|n| !book.entries.iter().any(|e| &e.name == *n)).cloned().collect();
            if *restored && !todo.is_empty() {
                let book = book.dispatcher();
                spawn_local(async move {
                    for name in todo {
                        let Some((json, blob)) = store::load_photo(&name).await else { continue };
                        let Ok(saved) = serde_json::from_str::<ocr::SavedPhoto>(&json) else { continue };
                        if let Some(b) = &blob {
                            ocr::set_photo_file(&name, b);
                        }
                        book.dispatch(ocr::PhotoEntry::from_saved(name, saved));
                    }
                });
            }
        });
    }
    let photos = {
        let status = photo_status.setter();
        let put = put_photo.clone();
        use_memo((), move |_| {
            ocr::Photos::new(
                Callback::from(move |s| status.set(s)),
                Callback::from(move |(name, photo)| put.emit(ocr::PhotoEntry::new(name, photo))),
            )
        })
    };
    let add_files = {
        let hub = hub.clone();
        let photos = photos.clone();
        move |files: Vec<(String, Blob)>| {
            let (shots, files): (Vec<_>, Vec<_>) = files.into_iter().partition(|(n, b)| ocr::is_photo_file(n, b));
            for (name, blob) in shots {
                photos.add(name, blob);
            }
            if files.is_empty() {
                return;
            }
            let names: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
            let blobs: Vec<JsValue> = files.iter().map(|f| JsValue::from(f.1.clone())).collect();
            let label = names.join(", ");
            hub.send(|id| Request::Add { id, names }, &blobs, Pending::Add(files), Some(label));
        }
    };
    let on_file = {
        let add_files = add_files.clone();
        Callback::from(move |(name, blob): (String, Blob)| add_files(vec![(name, blob)]))
    };
    let on_cancel = {
        let hub = hub.clone();
        let state = state.clone();
        Callback::from(move |_| {
            let old = hub.client.borrow_mut().take();
            *hub.client.borrow_mut() = old.and_then(|c| c.cancel());
            hub.pending.borrow_mut().clear();
            hub.busy.set(None);
            // The fresh worker is empty: give it the case as it was before the job.
            let saved = state.to_saved(&|n| hub.records(n));
            hub.restore(&saved, None);
        })
    };
    let on_sample = {
        let state = state.clone();
        let add_files = add_files.clone();
        Callback::from(move |_| {
            let (y, m, d) = SAMPLE_AS_OF;
            state.dispatch(Action::SetAsOf(NaiveDate::from_ymd_opt(y, m, d)));
            add_files(sample::FILES.iter().map(|(n, b)| (n.to_string(), worker::blob(b))).collect());
        })
    };
    let on_clear = {
        let state = state.clone();
        let hub = hub.clone();
        Callback::from(move |_| {
            hub.sources.borrow_mut().clear();
            state.dispatch(Action::ClearFiles);
            hub.send(|id| Request::Clear { id }, &[], Pending::Case, None);
        })
    };
    let on_format = {
        let hub = hub.clone();
        Callback::from(move |(name, format): (String, Format)| {
            let label = name.clone();
            hub.send(|id| Request::SetFormat { id, name, format }, &[], Pending::Case, Some(label));
        })
    };
    let on_csv = {
        let hub = hub.clone();
        Callback::from(move |(name, options): (String, slipcheck_core::statement::csv::CsvOptions)| {
            let label = name.clone();
            hub.send(|id| Request::SetCsvOptions { id, name, options }, &[], Pending::Case, Some(label));
        })
    };
    let on_remove = {
        let state = state.clone();
        let hub = hub.clone();
        Callback::from(move |name: String| {
            hub.sources.borrow_mut().remove(&name);
            hub.written.borrow_mut().remove(&name);
            state.dispatch(Action::RemoveFile(name.clone()));
            let n = name.clone();
            hub.send(|id| Request::Remove { id, name: n }, &[], Pending::Case, None);
            spawn_local(async move { store::drop_file(&name).await });
        })
    };
    let on_lines_page = {
        let state = state.clone();
        Callback::from(move |offset: usize| state.dispatch(Action::LinesAt(offset)))
    };
    let on_tick = {
        let state = state.clone();
        Callback::from(move |k: String| state.dispatch(Action::ToggleStep(k)))
    };
    let on_open = {
        let state = state.clone();
        Callback::from(move |id: String| {
            state.dispatch(Action::OpenFinding(Some(id)));
            // Bring the letter into view (and keyboard focus to it).
            yew::platform::spawn_local(async {
                yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
                if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("letter-heading")) {
                    el.scroll_into_view();
                    if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                        let _ = h.focus();
                    }
                }
            });
        })
    };
    let on_letter = {
        let state = state.clone();
        Callback::from(move |l: LetterFields| state.dispatch(Action::SetLetter(l)))
    };
    let on_merchant = {
        let state = state.clone();
        let hub = hub.clone();
        Callback::from(move |f: Option<(String, Blob)>| match f {
            Some((name, blob)) => {
                let n = name.clone();
                hub.send(|id| Request::Parse { id, name: n, format: None }, &[JsValue::from(blob)], Pending::Merchant(name.clone()), Some(name));
            }
            None => state.dispatch(Action::SetMerchant(None)),
        })
    };
    let on_as_of = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetAsOf(NaiveDate::parse_from_str(&el.value(), "%Y-%m-%d").ok()));
        })
    };
    let on_jurisdiction = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(j) = el.value().parse::<Jurisdiction>() {
                state.dispatch(Action::SetJurisdiction(j));
            }
        })
    };
    let on_complete = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetReceiptsComplete(el.checked()));
        })
    };
    // Exports are written by the worker, which holds the whole case.
    let export = |csv: bool| {
        let hub = hub.clone();
        Callback::from(move |_| hub.send(|id| Request::Export { id, csv }, &[], Pending::Export, None))
    };
    let export_json = export(false);
    let export_csv = export(true);
    let on_import = {
        let state = state.clone();
        let notice = notice.clone();
        let hub = hub.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
            let state = state.clone();
            let notice = notice.clone();
            let hub = hub.clone();
            *import_reader.borrow_mut() = Some(gloo_file::callbacks::read_as_text(&gloo_file::File::from(file), move |res| {
                match res.ok().and_then(|s| serde_json::from_str::<SavedCase>(&s).ok()) {
                    Some(mut saved) => {
                        // An export carries records; nothing of it is on the device yet.
                        saved.files.iter_mut().for_each(|f| f.stored = false);
                        spawn_local(async move {
                            hub.adopt(&saved).await;
                            hub.written.borrow_mut().clear();
                            hub.restore(&saved, Some(String::new()));
                            state.dispatch(Action::Forget);
                            state.dispatch(Action::Restore(Some(saved)));
                            notice.set(Notice::None);
                        });
                    }
                    None => notice.set(Notice::ImportFailed),
                }
            }));
            input.set_value("");
        })
    };

    let progress_html = match &*busy {
        None => html! {},
        Some(b) => html! {
            <div class="progress no-print" id="progress" role="status" aria-live="polite">
                <label for="progress-bar">{ format!("{} {}", t(lang, Text::Working), b.label) }</label>
                <progress id="progress-bar" max={b.total.to_string()} value={b.done.to_string()}></progress>
                <button id="cancel-job" onclick={on_cancel}>{ t(lang, Text::Cancel) }</button>
            </div>
        },
    };
    let notice_html = match &*notice {
        Notice::None => html! {},
        Notice::JobFailed(m) => html! { <p class="notice bad" id="notice" role="alert">{ m.clone() }</p> },
        Notice::WorkerFailed => html! { <p class="notice bad" id="notice" role="alert">{ t(lang, Text::WorkerFailed) }</p> },
        Notice::Restored => html! { <p class="notice" id="notice" role="status">{ t(lang, Text::Restored) }</p> },
        Notice::Forgotten => html! { <p class="notice" id="notice" role="status">{ t(lang, Text::Forgotten) }</p> },
        Notice::ImportFailed => html! { <p class="notice bad" id="notice" role="alert">{ t(lang, Text::ImportFailed) }</p> },
    };
    let has_files = !state.files.is_empty();
    let jurisdiction = state.options.jurisdiction;

    html! {
        <>
            <a class="skip-link" href="#main">{ if lang == Lang::Zh { "跳到正文" } else { "Skip to content" } }</a>
            <Header lang={lang} on_lang={on_lang} mode={state.mode} on_mode={on_mode} on_forget={on_forget} />
            <main id="main" tabindex="-1">
                { notice_html }
                { progress_html }
                <PhotoStatus lang={lang} status={(*photo_status).clone()} />
                if state.mode == Mode::Merchant {
                    <Merchant lang={lang} export={state.merchant.clone()} on_export={on_merchant} />
                } else {
                    <section aria-labelledby="add-heading" class="step">
                        <h2 id="add-heading">{ t(lang, Text::AddFilesHeading) }</h2>
                        <DropZone lang={lang} on_file={on_file} />
                        <div class="actions">
                            <button class="primary" id="try-sample" onclick={on_sample}>{ t(lang, Text::TrySample) }</button>
                            if has_files {
                                <button id="clear-files" onclick={on_clear}>{ t(lang, Text::ClearFiles) }</button>
                            }
                        </div>
                        <p class="privacy">{ t(lang, Text::Privacy) }</p>
                    </section>
                    <section aria-labelledby="files-heading" class="step">
                        <h2 id="files-heading">{ t(lang, Text::FilesHeading) }</h2>
                        <FileList lang={lang} files={state.files.clone()} on_format={on_format} on_remove={on_remove} on_csv={on_csv} />
                        { for photo_book.entries.iter().filter(|e| state.files.iter().any(|f| f.name == e.name)).enumerate().map(|(i, e)| html! {
                            <ReceiptEdit lang={lang} entry={e.clone()} idx={i} on_change={put_photo.clone()} />
                        }) }
                        <details class="settings" id="settings">
                            <summary>{ t(lang, Text::SettingsHeading) }</summary>
                            <div class="field">
                                <label for="as-of">{ t(lang, Text::AsOf) }</label>
                                <input id="as-of" type="date" value={state.options.as_of.map(|d| d.to_string()).unwrap_or_default()} onchange={on_as_of} />
                            </div>
                            <div class="field">
                                <label for="jurisdiction">{ t(lang, Text::Jurisdiction) }</label>
                                <select id="jurisdiction" onchange={on_jurisdiction}>
                                    { for [(Jurisdiction::Us, "United States", "美国"), (Jurisdiction::Eu, "European Union", "欧盟"), (Jurisdiction::Uk, "United Kingdom", "英国"), (Jurisdiction::Cn, "China (mainland)", "中国大陆")].iter().map(|(j, en, zh)| html! {
                                        <option value={j.as_str()} selected={*j == jurisdiction}>{ if lang == Lang::Zh { *zh } else { *en } }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field check">
                                <input id="receipts-complete" type="checkbox" checked={state.options.receipts_complete} onchange={on_complete} />
                                <label for="receipts-complete">{ t(lang, Text::ReceiptsComplete) }</label>
                            </div>
                        </details>
                    </section>
                    if has_files {
                        <section aria-labelledby="review-heading" class="step" id="review">
                            <h2 id="review-heading">{ t(lang, Text::ReviewHeading) }</h2>
                            <Review lang={lang} report={state.report.clone()} pins={state.options.pins.clone()} forbids={state.options.forbids.clone()}
                                on_unpair={dispatch(Action::Unpair)} on_pin={dispatch(Action::Pin)} on_unpin={dispatch(Action::Unpin)} on_allow={dispatch(Action::Allow)}
                                lines={state.lines.clone()} on_lines_page={on_lines_page} />
                        </section>
                        <section aria-labelledby="findings-heading" class="step" id="findings-section">
                            <h2 id="findings-heading">{ t(lang, Text::FindingsHeading) }</h2>
                            <Findings lang={lang} report={state.report.clone()} ticked={state.ticked.clone()} on_tick={on_tick} on_open={on_open} />
                        </section>
                        <section aria-labelledby="letter-heading" class="step" id="letter">
                            <h2 id="letter-heading" tabindex="-1">{ t(lang, Text::LetterHeading) }</h2>
                            <Letter lang={lang} report={state.report.clone()} finding={state.open_finding.clone()} fields={state.letter.clone()} on_fields={on_letter} />
                        </section>
                    }
                    <section class="step case-tools no-print" aria-label={t(lang, Text::ToolsLabel)}>
                        if has_files {
                            <button id="export-json" onclick={export_json}>{ t(lang, Text::ExportJson) }</button>
                            <button id="export-csv" onclick={export_csv}>{ t(lang, Text::ExportCsv) }</button>
                        }
                        <input id="import-file" class="visually-hidden-file" type="file" accept=".json,application/json" onchange={on_import} />
                        <label for="import-file" class="button">{ t(lang, Text::ImportJson) }</label>
                    </section>
                }
            </main>
        </>
    }
}
