//! Replays every input under `fuzz/regressions/<target>/` through the same
//! reader and the same property checks the fuzz target ran (the checks are
//! shared by path with `fuzz/src/properties.rs`), on stable, in the normal
//! test run. Also runs the public fixtures through them, so the properties
//! are exercised even when no regression has been recorded yet.

#[path = "../../../fuzz/src/properties.rs"]
mod properties;

use slipcheck_core::statement::{self, StatementRead};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reader(target: &str) -> Option<fn(&str, &[u8]) -> StatementRead> {
    Some(match target {
        "ofx" => statement::ofx::read,
        "qif" => statement::qif::read,
        "camt" => statement::camt::read,
        "mt940" => statement::mt940::read,
        "csv" => statement::csv::read,
        "xlsx" => statement::xlsx::read,
        _ => return None,
    })
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect()).unwrap_or_default();
    v.sort();
    v
}

fn replay(target: &str, bytes: &[u8]) {
    match reader(target) {
        Some(read) => properties::check_reader(&format!("fuzz.{target}"), bytes, read),
        None => properties::check_document("fuzz.bin", bytes),
    }
}

#[test]
fn fuzz_regressions_replay() {
    let dir = root().join("fuzz/regressions");
    let mut n = 0;
    for target in ["ofx", "qif", "camt", "mt940", "csv", "xlsx", "parse_document"] {
        for f in files(&dir.join(target)) {
            if f.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            let bytes = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| replay(target, &bytes));
            assert!(r.is_ok(), "regression {} fails again", f.display());
            n += 1;
        }
    }
    eprintln!("{n} regression inputs replayed");
}

/// The fixtures themselves keep the properties (and seed the fuzzers).
#[test]
fn fixtures_keep_the_properties() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/public");
    for target in ["ofx", "qif", "camt", "mt940"] {
        for f in files(&data.join(target)) {
            let bytes = std::fs::read(&f).unwrap();
            replay(target, &bytes);
            replay("parse_document", &bytes);
        }
    }
}

/// Truncations and byte flips of every fixture: a cheap stand-in for the
/// fuzzer that runs everywhere.
#[test]
fn mangled_fixtures_keep_the_properties() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/public");
    for target in ["ofx", "qif", "camt", "mt940"] {
        for f in files(&data.join(target)) {
            let bytes = std::fs::read(&f).unwrap();
            let step = (bytes.len() / 37).max(1);
            for cut in (0..bytes.len()).step_by(step) {
                replay(target, &bytes[..cut]);
                let mut flipped = bytes.clone();
                flipped[cut] ^= 0xA5;
                replay(target, &flipped);
                let mut dropped = bytes.clone();
                dropped.remove(cut);
                replay(target, &dropped);
            }
        }
    }
}
