//! Adding files: drag and drop, a multiple-file picker, the camera (on phones
//! and tablets), and pasted text (SMS notices, e-receipts). Files are read
//! locally with the browser's FileReader; nothing is uploaded.

use crate::i18n::{t, Lang, Text};
use gloo_file::callbacks::FileReader;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{DragEvent, Event, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub lang: Lang,
    /// (file name, bytes) for each file read.
    pub on_file: Callback<(String, Vec<u8>)>,
}

/// Reads every file in `list`; the reader handles must stay alive until done.
fn read_files(list: FileList, readers: Rc<RefCell<Vec<FileReader>>>, on_file: Callback<(String, Vec<u8>)>) {
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let file = gloo_file::File::from(file);
        let name = file.name();
        let on_file = on_file.clone();
        let task = gloo_file::callbacks::read_as_bytes(&file, move |res| {
            if let Ok(bytes) = res {
                on_file.emit((name, bytes));
            }
        });
        readers.borrow_mut().push(task);
    }
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let dragging = use_state(|| false);
    let pasted = use_state(String::new);
    let paste_count = use_mut_ref(|| 0u32);
    let lang = props.lang;

    let onchange = {
        let readers = readers.clone();
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                read_files(list, readers.clone(), on_file.clone());
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
        let readers = readers.clone();
        let on_file = props.on_file.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                read_files(list, readers.clone(), on_file.clone());
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
            on_file.emit((format!("pasted-{n}.txt"), text.into_bytes()));
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
