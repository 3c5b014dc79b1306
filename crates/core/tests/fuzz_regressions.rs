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

/// Replays `fuzz/regressions/<target>/*` (README files aside).
fn replay_target(target: &str) {
    let dir = root().join("fuzz/regressions").join(target);
    let mut failed = Vec::new();
    for f in files(&dir) {
        if f.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        if std::panic::catch_unwind(|| replay(target, &bytes)).is_err() {
            failed.push(f.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{target} reader: regressions fail again: {failed:?}");
}

// One test per target, so a failure names the reader at fault.
#[test]
fn regressions_ofx() {
    replay_target("ofx");
}
#[test]
fn regressions_qif() {
    replay_target("qif");
}
#[test]
fn regressions_camt() {
    replay_target("camt");
}
#[test]
fn regressions_mt940() {
    replay_target("mt940");
}
#[test]
fn regressions_csv() {
    replay_target("csv");
}
#[test]
fn regressions_xlsx() {
    replay_target("xlsx");
}
#[test]
fn regressions_parse_document() {
    replay_target("parse_document");
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
