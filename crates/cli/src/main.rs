//! `slipcheck`: the command line over slipcheck-core, for batch use and tests.
//! Glue only: reading files, choosing output, exit codes.

mod photo;

use anyhow::Context;
use clap::{Parser, Subcommand};
use slipcheck_core::reconcile::{self, CheckOptions, Jurisdiction};
use slipcheck_core::{parse_document, Document};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "slipcheck", version, about = "Pair card receipts with statement lines and turn discrepancies into dispute cases. Nothing leaves this machine.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read statement exports and receipts and print what was read.
    Parse {
        /// Files to read: statements (CSV, OFX/QFX, QIF, camt, MT940, Alipay/WeChat, XLSX) and receipts.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object: {"documents":[…]}.
        #[arg(long)]
        json: bool,
    },
    /// Reconcile receipts with statements and report findings.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object: {"transactions","receipts","matches","findings"}.
        #[arg(long)]
        json: bool,
        /// The day the case is looked at (YYYY-MM-DD); defaults to today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
        /// Consumer-law regime for deadlines and letters: us, eu, uk or cn.
        #[arg(long, default_value = "us")]
        jurisdiction: Jurisdiction,
        /// Every card purchase in the statement should have a receipt here.
        #[arg(long)]
        receipts_complete: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("slipcheck: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Reads every file; a file that cannot be opened becomes a document with an
/// error diagnostic, so the others are still read.
fn read_all(files: &[PathBuf]) -> Vec<Document> {
    files
        .iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
            match std::fs::read(p) {
                // Photos go through on-device OCR first (see photo.rs).
                Ok(bytes) if slipcheck_core::sniff(&name, &bytes) == slipcheck_core::Format::ReceiptImage => {
                    photo::read_photo(&name, &bytes)
                }
                Ok(bytes) => parse_document(&name, &bytes),
                Err(e) => Document {
                    file: name.clone(),
                    format: slipcheck_core::Format::Unknown,
                    accounts: vec![],
                    transactions: vec![],
                    receipts: vec![],
                    diagnostics: vec![slipcheck_core::Diagnostic::error(
                        &name,
                        None,
                        format!("could not open {}: {e}", p.display()),
                    )
                    .with_hint("check the path and that you may read the file")],
                },
            }
        })
        .collect()
}

fn exit_for(docs: &[Document]) -> ExitCode {
    if docs.iter().any(Document::unreadable) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Parse { files, json } => {
            let docs = read_all(&files);
            if json {
                #[derive(serde::Serialize)]
                struct Out<'a> {
                    documents: &'a [Document],
                }
                println!("{}", serde_json::to_string_pretty(&Out { documents: &docs }).context("serialising")?);
            } else {
                for d in &docs {
                    println!(
                        "{}: {} — {} transaction(s), {} receipt(s)",
                        d.file,
                        d.format.as_str(),
                        d.transactions.len(),
                        d.receipts.len()
                    );
                    for diag in &d.diagnostics {
                        println!("  {diag}");
                    }
                }
            }
            for d in docs.iter().filter(|d| d.unreadable()) {
                for diag in &d.diagnostics {
                    eprintln!("{diag}");
                }
            }
            Ok(exit_for(&docs))
        }
        Command::Check { files, json, as_of, jurisdiction, receipts_complete } => {
            let docs = read_all(&files);
            let opts = CheckOptions { as_of, jurisdiction, receipts_complete, ..Default::default() };
            let report = reconcile::check(&docs, &opts);
            if json {
                println!("{}", serde_json::to_string_pretty(&report).context("serialising")?);
            } else {
                print!("{}", readable(&report));
            }
            for d in &docs {
                for diag in &d.diagnostics {
                    eprintln!("{diag}");
                }
            }
            Ok(exit_for(&docs))
        }
    }
}

/// The human report: findings first (what to do), then what is fine and why,
/// then the pairings.
fn readable(report: &reconcile::CheckReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} statement line(s), {} receipt(s), {} pairing(s), {} finding(s)",
        report.transactions.len(),
        report.receipts.len(),
        report.matches.len(),
        report.findings.len()
    );
    if !report.findings.is_empty() {
        let _ = writeln!(o, "\nFINDINGS");
    }
    for (n, f) in report.findings.iter().enumerate() {
        let _ = writeln!(o, "\n{}. {}", n + 1, f.title);
        let _ = writeln!(o, "   kind: {}   at stake: {} {}   date: {}", f.kind, f.amount, f.currency, f.date.map(|d| d.to_string()).unwrap_or_else(|| "?".into()));
        for e in &f.evidence {
            let _ = writeln!(o, "   - {e}");
        }
        if let Some(d) = &f.deadline {
            let left = d.days_left.map(|n| format!(" ({n} days left)")).unwrap_or_default();
            let verify = if d.verify { " [verify with your bank]" } else { "" };
            let _ = writeln!(o, "   deadline: {}{left}, counted from the {}{verify}", d.date, d.basis);
        }
        let codes: Vec<String> = f
            .reason_codes
            .iter()
            .map(|c| format!("{} {}{}", c.network, c.code, if c.verify { " (verify)" } else { "" }))
            .collect();
        if !codes.is_empty() {
            let _ = writeln!(o, "   reason codes: {}", codes.join(", "));
        }
        let _ = writeln!(o, "   is this really a dispute? {}", f.really_a_dispute);
        let _ = writeln!(o, "   steps:");
        for (i, s) in f.steps.iter().enumerate() {
            let _ = writeln!(o, "     {}. {s}", i + 1);
        }
    }
    if !report.reassurances.is_empty() {
        let _ = writeln!(o, "\nNOT A PROBLEM");
        for r in &report.reassurances {
            let _ = writeln!(o, "- {}", r.words);
        }
    }
    if !report.matches.is_empty() {
        let _ = writeln!(o, "\nPAIRINGS");
        for m in &report.matches {
            let _ = writeln!(
                o,
                "- {} ↔ {} {} (score {:.2})",
                m.receipt,
                m.date.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
                m.amount,
                m.score
            );
            for s in &m.signals {
                let _ = writeln!(o, "    {s}");
            }
        }
    }
    o
}
