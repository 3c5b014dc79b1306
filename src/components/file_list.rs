//! The list of added files: name, size and what each was recognised as.

use crate::i18n::{human_size, t, Lang, Text};
use crate::state::FileEntry;
use slipcheck_core::DocumentKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileListProps {
    pub lang: Lang,
    pub files: Vec<FileEntry>,
}

#[function_component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    if props.files.is_empty() {
        return html! { <p class="empty">{ t(props.lang, Text::NoFiles) }</p> };
    }
    html! {
        <ul class="file-list" id="file-list">
            { for props.files.iter().map(|f| {
                let (class, label) = match f.kind() {
                    DocumentKind::Statement => ("kind kind-statement", t(props.lang, Text::KindStatement)),
                    DocumentKind::Receipt => ("kind kind-receipt", t(props.lang, Text::KindReceipt)),
                    DocumentKind::Unknown => ("kind kind-unknown", t(props.lang, Text::KindUnknown)),
                };
                html! {
                    <li data-kind={format!("{:?}", f.kind()).to_lowercase()} data-format={f.format.as_str()}>
                        <span class="name">{ &f.name }</span>
                        <span class="size">{ human_size(f.size) }</span>
                        <span class={class}>{ label }</span>
                    </li>
                }
            }) }
        </ul>
    }
}
