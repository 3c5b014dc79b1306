//! One component per file; props are data plus callbacks.

pub mod app;
pub mod drop_zone;
pub mod file_list;
pub mod findings;
pub mod header;
pub mod letter;
pub mod merchant;
pub mod photo_status;
pub mod receipt_edit;
pub mod review;
