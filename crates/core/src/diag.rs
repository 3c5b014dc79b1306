//! Diagnostics: what a reader could not read, where, and what the user can do.
//!
//! Readers never fail as a whole for one bad row: they return the good records
//! plus a list of these (rust-analyzer's `(T, Vec<Diagnostic>)` shape).

use serde::{Deserialize, Serialize};

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
    /// What is wrong, in plain words.
    pub message: String,
    /// What the user can do about it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Diagnostic { severity, file: file.to_string(), line, message: message.into(), hint: None }
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
