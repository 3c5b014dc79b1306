//! The case export: JSON that re-imports into the same report (serde round
//! trip) and CSV for spreadsheets (one row per finding, reassurance and
//! pairing; cells protected against formula injection; card numbers masked).

use super::{mask_pans, safe_cell};
use crate::reconcile::CheckReport;
use serde::{Deserialize, Serialize};

/// What the app saves and loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseExport {
    /// Format version, for future migrations.
    pub version: u32,
    pub report: CheckReport,
}

/// Masks card-number-like runs in every free-text field.
fn masked(report: &CheckReport) -> CheckReport {
    let mut r = report.clone();
    for t in &mut r.transactions {
        t.description = mask_pans(&t.description);
        t.counterparty = t.counterparty.as_deref().map(mask_pans);
    }
    for a in &mut r.accounts {
        a.id = a.id.as_deref().map(mask_pans);
    }
    for f in &mut r.findings {
        f.evidence = f.evidence.iter().map(|e| mask_pans(e)).collect();
        f.title = mask_pans(&f.title);
    }
    for m in &mut r.matches {
        m.signals = m.signals.iter().map(|e| mask_pans(e)).collect();
        for d in &mut m.details {
            d.words = mask_pans(&d.words);
        }
    }
    r
}

pub fn export_json(report: &CheckReport) -> String {
    serde_json::to_string_pretty(&CaseExport {
        version: 1,
        report: masked(report),
    })
    .unwrap_or_default()
}

pub fn import_json(s: &str) -> Result<CaseExport, serde_json::Error> {
    serde_json::from_str(s)
}

pub fn export_csv(report: &CheckReport) -> String {
    let r = masked(report);
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let header = [
        "record",
        "kind",
        "date",
        "amount",
        "currency",
        "merchant",
        "statement_lines",
        "receipts",
        "details",
        "reason_codes",
        "deadline",
        "days_left",
    ];
    let _ = w.write_record(header);
    for f in &r.findings {
        let codes: Vec<String> = f
            .reason_codes
            .iter()
            .map(|c| format!("{} {}", c.network, c.code))
            .collect();
        let row = [
            "finding".to_string(),
            f.kind.clone(),
            f.date.map(|d| d.to_string()).unwrap_or_default(),
            f.amount.to_string(),
            f.currency.clone(),
            f.merchant.clone().unwrap_or_default(),
            f.transactions.join(" "),
            f.receipts.join(" "),
            f.evidence.join(" | "),
            codes.join(" "),
            f.deadline
                .as_ref()
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
            f.deadline
                .as_ref()
                .and_then(|d| d.days_left)
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ];
        let _ = w.write_record(row.iter().map(|c| safe_cell(&mask_pans(c))));
    }
    for x in &r.reassurances {
        let row = [
            "not_a_finding".to_string(),
            x.kind.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            x.transactions.join(" "),
            x.receipts.join(" "),
            x.words.clone(),
            String::new(),
            String::new(),
            String::new(),
        ];
        let _ = w.write_record(row.iter().map(|c| safe_cell(&mask_pans(c))));
    }
    for m in &r.matches {
        let row = [
            "match".to_string(),
            m.shape.clone(),
            m.date.map(|d| d.to_string()).unwrap_or_default(),
            m.amount.to_string(),
            String::new(),
            String::new(),
            m.transaction.clone(),
            m.receipt_id.clone(),
            m.signals.join(" | "),
            String::new(),
            String::new(),
            format!("{:.2}", m.score),
        ];
        let _ = w.write_record(row.iter().map(|c| safe_cell(&mask_pans(c))));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
