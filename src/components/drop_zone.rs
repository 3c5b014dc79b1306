//! Adding files: drag and drop, a multiple-file picker, the camera (on phones
//! and tablets), and pasted text (SMS notices, e-receipts). Files are handed
//! on as `File` objects (Blobs), unread: the worker reads them, so even a
//! 100 MB statement costs the page nothing. Nothing is uploaded.

use crate::i18n::{t, Lang, Text};
use web_sys::{Blob, DragEvent, Event, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub lang: Lang,
    /// (file name, contents) for each file added.
    pub on_file: Callback<(String, Blob)>,
}

fn emit_files(list: FileList, on_file: &Callback<(String, Blob)>) {
    for i in 0..list.length() {
        if let Some(file) = list.get(i) {
            on_file.emit((file.name(), file.into()));
        }
    }
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);
    let pasted = use_state(String::new);
    let paste_count = use_mut_ref(|| 0u32);
    let lang = props.lang;

    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                emit_files(list, &on_file);
            }
            // Let the same file be chosen again later.
            input.set_value("");
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let on_file = props.on_file.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                emit_files(list, &on_file);
            }
        })
    };
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(el.value());
        })
    };
    let add_paste = {
        let pasted = pasted.clone();
        let on_file = props.on_file.clone();
        Callback::from(move |_| {
            let text = (*pasted).trim().to_string();
            if text.is_empty() {
                return;
            }
            *paste_count.borrow_mut() += 1;
            let n = *paste_count.borrow();
            on_file.emit((format!("pasted-{n}.txt"), crate::worker::blob(text.as_bytes())));
            pasted.set(String::new());
        })
    };

    html! {
        <div class="add-files">
            <div class={classes!("drop-zone", dragging.then_some("dragging"))} id="drop-zone" {ondragover} {ondragleave} {ondrop}>
                <p>{ t(lang, Text::DropHint) }</p>
                <div class="picker-row">
                    // The input comes first so its focus ring can show on the label (CSS `+`).
                    <input id="file-input" class="visually-hidden-file" type="file" multiple=true onchange={onchange.clone()} />
                    <label for="file-input" class="button primary-outline">{ t(lang, Text::ChooseFiles) }</label>
                    <input id="camera-input" class="visually-hidden-file" type="file" accept="image/*" capture="environment" onchange={onchange} />
                    <label for="camera-input" class="button">{ t(lang, Text::TakePhoto) }</label>
                </div>
            </div>
            <div class="paste">
                <label for="paste-text">{ t(lang, Text::PasteHeading) }</label>
                <textarea id="paste-text" rows="4" value={(*pasted).clone()} {oninput} aria-label={t(lang, Text::PasteLabel)} />
                <button id="paste-add" onclick={add_paste} disabled={pasted.trim().is_empty()}>{ t(lang, Text::PasteAdd) }</button>
            </div>
        </div>
    }
}
