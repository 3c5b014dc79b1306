//! Slipcheck's core: everything that reads, pairs, judges and reports, with no
//! web dependency of any kind. The Yew app and the `slipcheck` CLI are thin
//! shells over this crate.
//!
//! The flow is: bytes → [`sniff`] (what is this file?) → a reader
//! ([`statement`] or [`receipt`]) → [`Document`] (records plus diagnostics) →
//! [`reconcile`] (pairs, findings, letters).
//!
//! ```
//! use slipcheck_core::{parse_document, DocumentKind};
//! let doc = parse_document("sms.txt", "您尾号1234的卡于03月02日14:05消费人民币88.50元".as_bytes());
//! assert_eq!(doc.format.kind(), DocumentKind::Receipt);
//! ```

pub mod codes;
pub mod diag;
pub mod document;
pub mod merchant;
pub mod money;
pub mod receipt;
pub mod reconcile;
pub mod report;
pub mod sniff;
pub mod statement;
pub mod text;

pub use diag::{Diagnostic, Severity};
pub use document::{parse_document, Document};
pub use sniff::{sniff, DocumentKind, Format};
