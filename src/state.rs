//! The app's state as a pure reducer (Yew's function_todomvc pattern): every
//! change is an [`Action`], so it can be tested without a browser.

use crate::i18n::Lang;
use slipcheck_core::{DocumentKind, Format};
use std::rc::Rc;
use yew::Reducible;

/// A file the user added, as sniffed by the core.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub name: String,
    pub size: u64,
    pub format: Format,
}

impl FileEntry {
    pub fn from_bytes(name: &str, bytes: &[u8]) -> FileEntry {
        FileEntry { name: name.to_string(), size: bytes.len() as u64, format: slipcheck_core::sniff(name, bytes) }
    }
    pub fn kind(&self) -> DocumentKind {
        self.format.kind()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    pub lang: Lang,
    pub files: Vec<FileEntry>,
}

pub enum Action {
    SetLang(Lang),
    AddFile(FileEntry),
    ClearFiles,
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetLang(l) => s.lang = l,
            Action::AddFile(f) => {
                // Adding the same file again replaces it rather than listing it twice.
                s.files.retain(|e| e.name != f.name);
                s.files.push(f);
            }
            Action::ClearFiles => s.files.clear(),
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_the_same_name_replaces() {
        let s = Rc::new(AppState::default());
        let s = s.reduce(Action::AddFile(FileEntry::from_bytes("a.txt", b"TOTAL $1.00 APPROVED")));
        let s = s.reduce(Action::AddFile(FileEntry::from_bytes("a.txt", b"TOTAL $2.00 APPROVED")));
        assert_eq!(s.files.len(), 1);
        assert_eq!(s.files[0].size, 20);
        assert_eq!(s.files[0].kind(), DocumentKind::Receipt);
    }
}
