//! `slipcheck`: the command line over slipcheck-core, for batch use and tests.
//! Glue only: reading files, choosing output, exit codes.

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
            let opts = CheckOptions { as_of, jurisdiction, receipts_complete };
            let report = reconcile::check(&docs, &opts);
            if json {
                println!("{}", serde_json::to_string_pretty(&report).context("serialising")?);
            } else {
                println!(
                    "{} statement line(s), {} receipt(s), {} pairing(s), {} finding(s)",
                    report.transactions.len(),
                    report.receipts.len(),
                    report.matches.len(),
                    report.findings.len()
                );
                for f in &report.findings {
                    println!("- {} {} {} on {:?}", f.kind, f.amount, f.currency, f.date);
                }
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
