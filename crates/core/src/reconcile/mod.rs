//! Reconciliation and triage: pair receipts with statement lines, explain each
//! pairing, and turn discrepancies into findings (cases).

use crate::document::Document;
use crate::receipt::Receipt;
use crate::statement::Transaction;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which consumer-law regime applies to deadlines and letters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    #[default]
    Us,
    Eu,
    Uk,
    Cn,
}

impl std::str::FromStr for Jurisdiction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "us" => Ok(Jurisdiction::Us),
            "eu" => Ok(Jurisdiction::Eu),
            "uk" | "gb" => Ok(Jurisdiction::Uk),
            "cn" => Ok(Jurisdiction::Cn),
            other => Err(format!("unknown jurisdiction {other:?}: use us, eu, uk or cn")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// "Today" for deadlines and overdue refunds/holds.
    pub as_of: Option<NaiveDate>,
    pub jurisdiction: Jurisdiction,
    /// The user says every purchase has its receipt in the case.
    pub receipts_complete: bool,
}

/// A receipt, named by the file it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseReceipt {
    pub file: String,
    #[serde(flatten)]
    pub receipt: Receipt,
}

/// One pairing of a receipt with a statement line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The receipt's file name.
    pub receipt: String,
    /// The statement line's transaction date, else posting date.
    pub date: Option<NaiveDate>,
    /// The statement line's absolute amount.
    pub amount: Decimal,
    pub score: f64,
    pub signals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: String,
    pub amount: Decimal,
    pub currency: String,
    pub date: Option<NaiveDate>,
}

/// The whole result of `slipcheck check`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub transactions: Vec<Transaction>,
    pub receipts: Vec<CaseReceipt>,
    pub matches: Vec<Match>,
    pub findings: Vec<Finding>,
}

/// Reconciles the documents of one case.
pub fn check(docs: &[Document], _opts: &CheckOptions) -> CheckReport {
    let mut report = CheckReport::default();
    for d in docs {
        report.transactions.extend(d.transactions.iter().cloned());
        report
            .receipts
            .extend(d.receipts.iter().map(|r| CaseReceipt { file: d.file.clone(), receipt: r.clone() }));
    }
    report
}
