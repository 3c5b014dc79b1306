//! Drag-and-drop area plus a multiple-file picker. Files are read locally with
//! the browser's FileReader and sniffed by the core; nothing is uploaded.

use crate::i18n::{t, Lang, Text};
use crate::state::FileEntry;
use gloo_file::callbacks::FileReader;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{DragEvent, Event, FileList, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub lang: Lang,
    pub on_file: Callback<FileEntry>,
}

/// Reads every file in `list`; the reader handles must stay alive until done.
fn read_files(list: FileList, readers: Rc<RefCell<Vec<FileReader>>>, on_file: Callback<FileEntry>) {
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let file = gloo_file::File::from(file);
        let name = file.name();
        let on_file = on_file.clone();
        let task = gloo_file::callbacks::read_as_bytes(&file, move |res| {
            if let Ok(bytes) = res {
                on_file.emit(FileEntry::from_bytes(&name, &bytes));
            }
        });
        readers.borrow_mut().push(task);
    }
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let dragging = use_state(|| false);

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

    html! {
        <div class={classes!("drop-zone", dragging.then_some("dragging"))} id="drop-zone" {ondragover} {ondragleave} {ondrop}>
            <p>{ t(props.lang, Text::DropHint) }</p>
            <label for="file-input" class="button">{ t(props.lang, Text::ChooseFiles) }</label>
            <input id="file-input" type="file" multiple=true {onchange} />
        </div>
    }
}
