//! The app shell: header, add-files area, file list.

use super::drop_zone::DropZone;
use super::file_list::FileList;
use super::header::Header;
use crate::i18n::{t, Lang, Text};
use crate::sample;
use crate::state::{Action, AppState, FileEntry};
use yew::prelude::*;

fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|tag| Lang::from_browser_tag(&tag))
        .unwrap_or_default()
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState { lang: browser_lang(), ..Default::default() });
    let lang = state.lang;

    {
        // Keep <html lang> in step for screen readers and fonts.
        use_effect_with(lang, |lang| {
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = el.set_attribute("lang", lang.html_tag());
            }
        });
    }

    let on_lang = {
        let state = state.clone();
        Callback::from(move |l: Lang| state.dispatch(Action::SetLang(l)))
    };
    let on_file = {
        let state = state.clone();
        Callback::from(move |f: FileEntry| state.dispatch(Action::AddFile(f)))
    };
    let on_sample = {
        let state = state.clone();
        Callback::from(move |_| {
            for (name, bytes) in sample::FILES {
                state.dispatch(Action::AddFile(FileEntry::from_bytes(name, bytes)));
            }
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearFiles))
    };

    html! {
        <>
            <Header lang={lang} on_lang={on_lang} />
            <main>
                <section aria-labelledby="add-heading">
                    <h2 id="add-heading">{ t(lang, Text::AddFilesHeading) }</h2>
                    <DropZone lang={lang} on_file={on_file} />
                    <div class="actions">
                        <button class="primary" id="try-sample" onclick={on_sample}>{ t(lang, Text::TrySample) }</button>
                        if !state.files.is_empty() {
                            <button id="clear-files" onclick={on_clear}>{ t(lang, Text::ClearFiles) }</button>
                        }
                    </div>
                    <p class="privacy">{ t(lang, Text::Privacy) }</p>
                </section>
                <section aria-labelledby="files-heading">
                    <h2 id="files-heading">{ t(lang, Text::FilesHeading) }</h2>
                    <FileList lang={lang} files={state.files.clone()} />
                </section>
            </main>
        </>
    }
}
