//! Diagnostics: what a reader could not read, where, and what the user can do.
//!
//! Readers never fail as a whole for one bad row: they return the good records
//! plus a list of these (rust-analyzer's `(T, Vec<Diagnostic>)` shape).
//!
//! Every diagnostic a reader makes has a stable `code` and named `args`; its
//! wording in each language is a row of `data/diagnostics.tsv`, and the
//! English `message`/`hint` are rendered from that same row, so the English
//! and Chinese texts cannot drift apart. An argument is either a literal (a
//! value from the file, a number) or a *term*: the code of another row of the
//! table ("t.csv.no_date"), rendered in the reader's language with the same
//! arguments, so no English word is left inside a Chinese sentence.
//!
//! ```
//! use slipcheck_core::diag::{lit, Diagnostic, Severity};
//! use slipcheck_core::report::Lang;
//! let d = Diagnostic::coded(Severity::Error, "a.csv", None, "csv.empty", &[]);
//! assert_eq!(d.message, "the file is empty");
//! assert_eq!(d.text(Lang::Zh).0, "文件是空的");
//! let d = Diagnostic::coded(Severity::Warning, "a.qif", Some(3), "qif.bad_date", &[("value", lit("\"31/02\""))]);
//! assert!(d.text(Lang::Zh).0.contains("\"31/02\""));
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::report::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file could not be read at all.
    Error,
    /// A record was skipped or a value was guessed.
    Warning,
    /// Something the user may want to know (e.g. lines shared between exports).
    Info,
}

/// One message about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file's name as the user gave it.
    pub file: String,
    /// 1-based line number, where the format has lines.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u32>,
    /// What is wrong, in plain words (English).
    pub message: String,
    /// What the user can do about it (English).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<String>,
    /// The template's code in `data/diagnostics.tsv`; empty for a message
    /// written elsewhere (the app's own), which is shown as it is.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub code: String,
    /// The template's values. A term (another row of the table) is stored as
    /// `@code`; a literal that starts with `@` is stored with it doubled.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub args: BTreeMap<String, String>,
}

/// A value for a template's placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is in every language (a value from the file, a number).
    Lit(String),
    /// A row of the table, shown in the reader's language.
    Term(&'static str),
}

/// A literal argument.
pub fn lit(v: impl std::fmt::Display) -> Arg {
    Arg::Lit(v.to_string())
}

/// A term argument: the code of a row of the table.
pub fn term(code: &'static str) -> Arg {
    Arg::Term(code)
}

/// A format's name as a term, so a sentence naming it reads in the user's
/// language ("receipt-text" is 签购单/小票文本 in Chinese).
pub fn format_term(f: crate::sniff::Format) -> Arg {
    use crate::sniff::Format::*;
    Arg::Term(match f {
        Ofx => "t.format.ofx",
        Qif => "t.format.qif",
        Camt => "t.format.camt",
        Mt940 => "t.format.mt940",
        Csv => "t.format.csv",
        Alipay => "t.format.alipay",
        Wechat => "t.format.wechat",
        Spreadsheet => "t.format.xlsx",
        ReceiptText => "t.format.receipt_text",
        ReceiptHtml => "t.format.receipt_html",
        ReceiptPdf => "t.format.receipt_pdf",
        ReceiptImage => "t.format.receipt_image",
        Notice => "t.format.notice",
        Unknown => "t.format.unknown",
    })
}

/// Why a record could not be read, before it becomes a diagnostic: a code
/// of the table plus its arguments. The diagnostic that reports it names it
/// as its `reason` argument and takes its arguments as its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub code: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Reason {
    pub fn new(code: &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Reason { code, args }
    }
    /// The arguments of a diagnostic whose template shows this reason as
    /// `{reason}`.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let mut a = self.args.clone();
        a.push(("reason", Arg::Term(self.code)));
        a
    }
    /// The reason in English (for logs and tests).
    pub fn text(&self) -> String {
        let args = encode(&self.args);
        render_code(self.code, &args, Lang::En, false, 0).unwrap_or_else(|| self.code.to_string())
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Diagnostic { severity, file: file.to_string(), line, message: message.into(), hint: None, code: String::new(), args: BTreeMap::new() }
    }
    pub fn error(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, line, message)
    }
    pub fn warning(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, line, message)
    }
    pub fn info(file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, file, line, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A diagnostic from the table; its English message and hint are
    /// rendered from the row `code`. An unknown code (a bug, caught by the
    /// table tests) keeps the code itself as the message.
    pub fn coded(severity: Severity, file: &str, line: Option<u32>, code: &str, args: &[(&str, Arg)]) -> Self {
        let args = encode(args);
        let message = render_code(code, &args, Lang::En, false, 0).unwrap_or_else(|| code.to_string());
        let hint = render_code(code, &args, Lang::En, true, 0).filter(|h| !h.is_empty());
        Diagnostic { severity, file: file.to_string(), line, message, hint, code: code.to_string(), args }
    }

    /// [`Diagnostic::coded`] for an error.
    pub fn err(file: &str, line: Option<u32>, code: &str, args: &[(&str, Arg)]) -> Self {
        Self::coded(Severity::Error, file, line, code, args)
    }
    /// [`Diagnostic::coded`] for a warning.
    pub fn warn(file: &str, line: Option<u32>, code: &str, args: &[(&str, Arg)]) -> Self {
        Self::coded(Severity::Warning, file, line, code, args)
    }
    /// [`Diagnostic::coded`] for a note.
    pub fn note(file: &str, line: Option<u32>, code: &str, args: &[(&str, Arg)]) -> Self {
        Self::coded(Severity::Info, file, line, code, args)
    }

    /// The message and hint in `lang`. A diagnostic without a code (or
    /// with one this build does not know, e.g. from a newer worker) is
    /// shown in the English it was written in.
    pub fn text(&self, lang: Lang) -> (String, Option<String>) {
        if self.code.is_empty() || lang == Lang::En {
            return (self.message.clone(), self.hint.clone());
        }
        match render_code(&self.code, &self.args, lang, false, 0) {
            Some(m) => (m, render_code(&self.code, &self.args, lang, true, 0).filter(|h| !h.is_empty())),
            None => (self.message.clone(), self.hint.clone()),
        }
    }
}

fn encode(args: &[(&str, Arg)]) -> BTreeMap<String, String> {
    args.iter()
        .map(|(k, v)| {
            let v = match v {
                Arg::Term(c) => format!("@{c}"),
                Arg::Lit(s) if s.starts_with('@') => format!("@{s}"),
                Arg::Lit(s) => s.clone(),
            };
            (k.to_string(), v)
        })
        .collect()
}

/// One row of `data/diagnostics.tsv`.
#[derive(Debug, Clone)]
pub struct Template {
    pub code: &'static str,
    pub en: &'static str,
    pub en_hint: &'static str,
    pub zh: &'static str,
    pub zh_hint: &'static str,
}

const TABLE: &str = include_str!("../data/diagnostics.tsv");

/// Every row of the table, sorted by code.
pub fn templates() -> &'static [Template] {
    static ROWS: OnceLock<Vec<Template>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows: Vec<Template> = crate::reconcile::tables::rows(TABLE)
            .filter_map(|f| {
                let code = f.first()?.trim();
                let cell = |i: usize| f.get(i).map(|s| s.trim()).filter(|s| *s != "-").unwrap_or("");
                Some(Template { code, en: cell(1), en_hint: cell(2), zh: cell(3), zh_hint: cell(4) })
            })
            .collect();
        rows.sort_by_key(|r| r.code);
        rows
    })
}

/// The row for `code`.
pub fn template(code: &str) -> Option<&'static Template> {
    let rows = templates();
    rows.binary_search_by_key(&code, |r| r.code).ok().map(|i| &rows[i])
}

fn render_code(code: &str, args: &BTreeMap<String, String>, lang: Lang, hint: bool, depth: u8) -> Option<String> {
    let t = template(code)?;
    let text = match (lang, hint) {
        (Lang::En, false) => t.en,
        (Lang::En, true) => t.en_hint,
        (Lang::Zh, false) => t.zh,
        (Lang::Zh, true) => t.zh_hint,
    };
    Some(fill(text, args, lang, depth))
}

/// Replaces each `{name}` with its argument; a term is rendered (to a few
/// levels, so a table mistake cannot loop); an unknown name stays visible.
fn fill(text: &str, args: &BTreeMap<String, String>, lang: Lang, depth: u8) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.get(name) {
                    Some(v) if v.starts_with("@@") => out.push_str(&v[1..]),
                    Some(v) if v.starts_with('@') && depth < 4 => {
                        match render_code(&v[1..], args, lang, false, depth + 1) {
                            Some(s) => out.push_str(&s),
                            None => out.push_str(&v[1..]),
                        }
                    }
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        match self.line {
            Some(l) => write!(f, "{}:{}: {}: {}", self.file, l, sev, self.message)?,
            None => write!(f, "{}: {}: {}", self.file, sev, self.message)?,
        }
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a template, sorted.
    fn placeholders(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n)).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn every_row_has_both_languages_with_the_same_placeholders() {
        let rows = templates();
        assert!(rows.len() > 80, "{} rows", rows.len());
        for w in rows.windows(2) {
            assert_ne!(w[0].code, w[1].code, "code listed twice");
        }
        for t in rows {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{}: a message is missing", t.code);
            assert_eq!(t.en_hint.is_empty(), t.zh_hint.is_empty(), "{}: a hint in one language only", t.code);
            assert_eq!(placeholders(t.en), placeholders(t.zh), "{}: messages use different placeholders", t.code);
            assert_eq!(placeholders(t.en_hint), placeholders(t.zh_hint), "{}: hints use different placeholders", t.code);
            // (Some format names are the same in both languages: OFX, MT940.)
            let cjk = t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(cjk || t.code.starts_with("t.format."), "{}: the Chinese message has no Chinese", t.code);
            if !t.zh_hint.is_empty() {
                assert!(t.zh_hint.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: the Chinese hint has no Chinese", t.code);
            }
            // Terms are pieces of sentences; diagnostics are whole ones.
            assert!(t.code.contains('.'), "{}: codes are namespaced", t.code);
        }
    }

    /// Every code a source file of the crate names exists in the table,
    /// and every row of the table is used by some source file (a dead row
    /// is a message nobody can see, or a typo in a code).
    #[test]
    fn codes_in_the_sources_are_in_the_table_and_back() {
        fn walk(dir: &std::path::Path, out: &mut String) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    // This file's own tests name codes and the plain constructors on purpose.
                    let text = if p.ends_with("diag.rs") { text.split("#[cfg(test)]").next().unwrap_or("").to_string() } else { text };
                    out.push_str(&text);
                }
            }
        }
        let mut src = String::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut src);
        let prefixes: Vec<&str> = {
            let mut p: Vec<&str> = templates().iter().map(|t| t.code.rsplit_once('.').map(|(a, _)| a).unwrap_or(t.code)).collect();
            p.sort_unstable();
            p.dedup();
            p
        };
        // Every quoted "<namespace>.<name>" whose namespace is one of the table's.
        let mut named = 0;
        for ns in &prefixes {
            let open = format!("\"{ns}.");
            for (at, _) in src.match_indices(&open) {
                let rest = &src[at + 1..];
                let Some(end) = rest.find('"') else { continue };
                let piece = &rest[..end];
                let name = &piece[ns.len() + 1..];
                // (File names in tests, "receipt.txt", are not codes.)
                let file_ext = ["txt", "csv", "ofx", "qfx", "qif", "xml", "pdf", "html", "eml", "json", "sta", "xls", "xlsx", "jpg", "png"].contains(&name);
                if !file_ext && !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                    assert!(template(piece).is_some(), "code {piece:?} is used but not in data/diagnostics.tsv");
                    named += 1;
                }
            }
        }
        assert!(named > 80, "only {named} codes found in the sources");
        for t in templates() {
            assert!(src.contains(&format!("\"{}\"", t.code)), "row {} is not used by any source file", t.code);
        }
        // Readers make coded diagnostics only: a plain English message
        // could not be shown in Chinese.
        for plain in ["Diagnostic::error(", "Diagnostic::warning(", "Diagnostic::info(", "Diagnostic::new("] {
            assert!(!src.contains(plain), "{plain} in crates/core/src: use Diagnostic::err/warn/note with a code");
        }
    }

    #[test]
    fn terms_and_literals_render_in_each_language() {
        let reason = Reason::new("t.csv.bad_date", vec![("value", lit("\"2026-13-45\"")), ("column", lit("\"Date\""))]);
        let d = Diagnostic::warn("a.csv", Some(4), "csv.row_skipped", &reason.args());
        assert_eq!(d.message, "could not read the date \"2026-13-45\" in column \"Date\"; the row was skipped");
        assert_eq!(d.hint.as_deref(), Some("check that line in the file; correct the value or re-export the statement"));
        assert_eq!(d.code, "csv.row_skipped");
        assert_eq!(d.args["reason"], "@t.csv.bad_date");
        let (m, h) = d.text(Lang::Zh);
        assert_eq!(m, "无法读取 \"Date\" 列中的日期 \"2026-13-45\"；已跳过该行");
        assert_eq!(h.as_deref(), Some("请检查文件中的这一行；更正该值或重新导出对账单"));
        assert_eq!(d.text(Lang::En), (d.message.clone(), d.hint.clone()));
    }

    #[test]
    fn format_names_are_terms() {
        let d = Diagnostic::err("a.txt", None, "format.not_statement", &[("format", format_term(crate::sniff::Format::ReceiptText))]);
        assert_eq!(d.message, "receipt-text is not a statement format");
        assert_eq!(d.text(Lang::Zh).0, "签购单/小票文本 不是对账单格式");
        // Every format has its row.
        use crate::sniff::Format::*;
        for f in [Ofx, Qif, Camt, Mt940, Csv, Alipay, Wechat, Spreadsheet, ReceiptText, ReceiptHtml, ReceiptPdf, ReceiptImage, Notice, Unknown] {
            let Arg::Term(code) = format_term(f) else { unreachable!() };
            assert_eq!(template(code).map(|t| t.en), Some(f.as_str()), "{code}");
        }
    }

    #[test]
    fn a_literal_that_looks_like_a_term_stays_literal() {
        let d = Diagnostic::warn("a.qif", None, "qif.bad_date", &[("value", lit("@t.csv.no_date"))]);
        assert_eq!(d.message, "record skipped: date @t.csv.no_date cannot be read");
        assert_eq!(d.text(Lang::Zh).0, "已跳过一条记录：无法读取日期 @t.csv.no_date");
    }

    #[test]
    fn uncoded_and_unknown_diagnostics_keep_their_english() {
        let d = Diagnostic::warning("a.jpg", None, "written by the app");
        assert_eq!(d.text(Lang::Zh), ("written by the app".to_string(), None));
        let mut d = Diagnostic::err("a.csv", None, "csv.empty", &[]);
        d.code = "csv.from_a_newer_build".into();
        assert_eq!(d.text(Lang::Zh).0, "the file is empty");
    }

    #[test]
    fn serialized_without_code_or_args_when_absent() {
        let d = Diagnostic::warning("a.jpg", None, "x");
        let j = serde_json::to_string(&d).unwrap();
        assert!(!j.contains("code") && !j.contains("args"), "{j}");
        let back: Diagnostic = serde_json::from_str(r#"{"severity":"warning","file":"a","message":"m"}"#).unwrap();
        assert!(back.code.is_empty() && back.args.is_empty());
        let d = Diagnostic::err("a.csv", None, "csv.no_header", &[("width", lit(3))]);
        let back: Diagnostic = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
        assert!(back.text(Lang::Zh).0.contains("3 列"));
    }
}
