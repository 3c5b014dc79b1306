//! The app shell: header, then either the consumer's flow (add files →
//! review → findings → letter and packet) or merchant mode. Restores the
//! saved case on start and autosaves every change to IndexedDB.

use super::drop_zone::DropZone;
use super::file_list::FileList;
use super::findings::Findings;
use super::header::Header;
use super::letter::Letter;
use super::merchant::Merchant;
use super::review::Review;
use crate::i18n::{t, Lang, Text};
use crate::sample;
use crate::state::{Action, AppState, FileEntry, LetterFields, Mode, SavedCase};
use crate::jobs::{self, Request, Response};
use crate::store;
use crate::worker;
use std::collections::HashMap;
use std::rc::Rc;
use chrono::NaiveDate;
use gloo_file::callbacks::FileReader;
use slipcheck_core::reconcile::{Jurisdiction, Pair};
use slipcheck_core::Format;
use web_sys::{HtmlInputElement, HtmlSelectElement};
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
}

/// A job the worker is doing, for the progress bar.
#[derive(Clone, PartialEq)]
struct Busy {
    id: u32,
    label: String,
    done: u64,
    total: u64,
}

/// What the page must remember about a job it sent.
enum Pending {
    Parse { name: String, bytes: Rc<Vec<u8>> },
    Check,
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let mut s = AppState { lang: browser_lang(), ..Default::default() };
        s.options.as_of = today();
        s
    });
    let notice = use_state(|| Notice::None);
    let import_reader = use_mut_ref(|| None::<FileReader>);
    let lang = state.lang;
    let client: worker::Shared = use_mut_ref(|| None);
    let pending = use_mut_ref(HashMap::<u32, Pending>::new);
    let next_id = use_mut_ref(|| 0u32);
    let busy = use_state(|| None::<Busy>);

    // The worker's answers.
    let on_response: Rc<dyn Fn(Response)> = {
        let dispatcher = state.dispatcher();
        let pending = pending.clone();
        let busy = busy.setter();
        let notice = notice.setter();
        Rc::new(move |r: Response| match r {
            Response::Progress { id, done, total } => {
                let label = match pending.borrow().get(&id) {
                    Some(Pending::Parse { name, .. }) => name.clone(),
                    Some(Pending::Check) => String::new(),
                    None => return,
                };
                busy.set(Some(Busy { id, label, done, total }));
            }
            Response::Parsed { id, guessed, doc } => {
                if let Some(Pending::Parse { name, bytes }) = pending.borrow_mut().remove(&id) {
                    dispatcher.dispatch(Action::AddFile(FileEntry::from_doc(&name, Some(bytes), guessed, doc)));
                }
                busy.set(None);
            }
            Response::Checked { id, report } => {
                if pending.borrow_mut().remove(&id).is_some() {
                    dispatcher.dispatch(Action::SetReport(report));
                }
                busy.set(None);
            }
            Response::Text { .. } => busy.set(None),
            Response::Failed { id, message } => {
                pending.borrow_mut().remove(&id);
                busy.set(None);
                notice.set(Notice::JobFailed(message));
            }
        })
    };

    // Keep <html lang> in step for screen readers and fonts.
    use_effect_with(lang, |lang| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("lang", lang.html_tag());
        }
    });

    // On start: offline support, then the saved case.
    {
        let state = state.clone();
        let notice = notice.clone();
        let client = client.clone();
        let on_response = on_response.clone();
        use_effect_with((), move |_| {
            *client.borrow_mut() = worker::Client::new(on_response);
            state.dispatch(Action::WorkerReady(client.borrow().is_some()));
            store::register_sw();
            spawn_local(async move {
                let saved = store::load().await.and_then(|j| serde_json::from_str::<SavedCase>(&j).ok());
                if saved.as_ref().is_some_and(|s| !s.files.is_empty()) {
                    notice.set(Notice::Restored);
                }
                state.dispatch(Action::Restore(saved));
            });
        });
    }

    // Autosave whatever the case is after every change (once restored).
    {
        let key = (
            state.restored,
            state.files.iter().map(|f| (f.name.clone(), f.format)).collect::<Vec<_>>(),
            state.options.clone(),
            state.ticked.clone(),
            state.letter.clone(),
            state.open_finding.clone(),
        );
        let state = state.clone();
        use_effect_with(key, move |(restored, files, _, _, _, _)| {
            if *restored {
                let json = (!files.is_empty()).then(|| serde_json::to_string(&state.to_saved(true)).unwrap_or_default());
                spawn_local(store::save(json));
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
        Callback::from(move |_| {
            let state = state.clone();
            let notice = notice.clone();
            spawn_local(async move {
                store::forget().await;
                state.dispatch(Action::Forget);
                notice.set(Notice::Forgotten);
            });
        })
    };
    // A big case waits for the worker's report.
    {
        let client = client.clone();
        let pending = pending.clone();
        let next_id = next_id.clone();
        let busy = busy.clone();
        let state2 = state.clone();
        use_effect_with((state.stale, state.report.clone(), state.options.clone(), state.files.len()), move |(stale, _, _, _)| {
            if *stale {
                *next_id.borrow_mut() += 1;
                let id = *next_id.borrow();
                // Answers to older checks are dropped: only the newest counts.
                pending.borrow_mut().retain(|_, p| !matches!(p, Pending::Check));
                pending.borrow_mut().insert(id, Pending::Check);
                let req = Request::Check { id, docs: state2.docs(), options: state2.options.clone() };
                if client.borrow().as_ref().is_some_and(|c| c.send(&req, None)) {
                    busy.set(Some(Busy { id, label: String::new(), done: 0, total: 2 }));
                } else {
                    pending.borrow_mut().remove(&id);
                    state2.dispatch(Action::SetReport(jobs::check(&state2.docs(), &state2.options)));
                }
            }
        });
    }
    let on_file = {
        let state = state.clone();
        let client = client.clone();
        let pending = pending.clone();
        let next_id = next_id.clone();
        let busy = busy.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            if bytes.len() > jobs::INLINE_BYTES {
                *next_id.borrow_mut() += 1;
                let id = *next_id.borrow();
                let req = Request::Parse { id, name: name.clone(), format: None };
                let sent = client.borrow().as_ref().is_some_and(|c| c.send(&req, Some(&bytes)));
                if sent {
                    pending.borrow_mut().insert(id, Pending::Parse { name: name.clone(), bytes: Rc::new(bytes) });
                    busy.set(Some(Busy { id, label: name, done: 0, total: 3 }));
                    return;
                }
            }
            state.dispatch(Action::AddFile(FileEntry::from_bytes(&name, &bytes)));
        })
    };
    let on_cancel = {
        let client = client.clone();
        let pending = pending.clone();
        let busy = busy.clone();
        Callback::from(move |_| {
            let old = client.borrow_mut().take();
            *client.borrow_mut() = old.and_then(|c| c.cancel());
            pending.borrow_mut().clear();
            busy.set(None);
        })
    };
    let on_sample = {
        let state = state.clone();
        Callback::from(move |_| {
            let (y, m, d) = SAMPLE_AS_OF;
            state.dispatch(Action::SetAsOf(NaiveDate::from_ymd_opt(y, m, d)));
            state.dispatch(Action::AddFiles(sample::FILES.iter().map(|(n, b)| FileEntry::from_bytes(n, b)).collect()));
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearFiles))
    };
    let on_format = {
        let state = state.clone();
        Callback::from(move |(name, f): (String, Format)| state.dispatch(Action::SetFormat(name, f)))
    };
    let on_remove = {
        let state = state.clone();
        Callback::from(move |name: String| state.dispatch(Action::RemoveFile(name)))
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
        Callback::from(move |f: Option<FileEntry>| state.dispatch(Action::SetMerchant(f)))
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
    let export_json = {
        let state = state.clone();
        Callback::from(move |_| {
            let json = serde_json::to_string_pretty(&state.to_saved(false)).unwrap_or_default();
            store::download("slipcheck-case.json", "application/json", &json);
        })
    };
    let export_csv = {
        let state = state.clone();
        Callback::from(move |_| {
            store::download("slipcheck-case.csv", "text/csv", &slipcheck_core::report::export_csv(&state.report));
        })
    };
    let on_import = {
        let state = state.clone();
        let notice = notice.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
            let state = state.clone();
            let notice = notice.clone();
            *import_reader.borrow_mut() = Some(gloo_file::callbacks::read_as_text(&gloo_file::File::from(file), move |res| {
                match res.ok().and_then(|s| serde_json::from_str::<SavedCase>(&s).ok()) {
                    Some(saved) => {
                        state.dispatch(Action::Forget);
                        state.dispatch(Action::Restore(Some(saved)));
                        notice.set(Notice::None);
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
                        <FileList lang={lang} files={state.files.clone()} on_format={on_format} on_remove={on_remove} />
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
                                on_unpair={dispatch(Action::Unpair)} on_pin={dispatch(Action::Pin)} on_unpin={dispatch(Action::Unpin)} on_allow={dispatch(Action::Allow)} />
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
