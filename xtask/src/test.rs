//! `cargo xtask test`: the whole suite, in order of speed, all of it run even
//! when an early part fails, then one closing line `xtask: N passed, N failed`.

use crate::serve;
use crate::toolchain::{self, Toolchain};
use crate::util::{root, show, Result};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Crates that must never appear in slipcheck-core's dependency tree.
const WEB_CRATES: &[&str] = &["wasm-bindgen", "web-sys", "js-sys", "yew", "gloo"];

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    broken: Vec<String>,
}

impl Tally {
    fn step(&mut self, name: &str, r: Result<(u64, u64)>) {
        match r {
            Ok((p, f)) => {
                self.passed += p;
                self.failed += f;
                if f > 0 {
                    self.broken.push(format!("{name}: {f} failed"));
                }
            }
            Err(e) => {
                self.failed += 1;
                self.broken.push(format!("{name}: {e}"));
            }
        }
    }
}

pub fn test_cmd(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        return Err(format!("unknown argument {a:?}"));
    }
    let tc = toolchain::ensure()?;
    let mut t = Tally::default();

    t.step("architecture invariant", core_has_no_web_deps(&tc));
    t.step("native tests", counted(tc.cmd("cargo").args(["test", "--workspace", "--locked", "--no-fail-fast"])));
    t.step(
        "wasm tests (headless Chromium)",
        counted(tc.cmd("cargo").args(["test", "--locked", "-p", "slipcheck-app", "--target", "wasm32-unknown-unknown"])),
    );
    match serve::build_dist(&tc) {
        Ok(()) => t.step("e2e (Playwright)", e2e(&tc)),
        Err(e) => t.step("site build", Err(e)),
    }

    for b in &t.broken {
        eprintln!("xtask: FAILED {b}");
    }
    println!("xtask: {} passed, {} failed", t.passed, t.failed);
    if t.broken.is_empty() {
        Ok(())
    } else {
        Err(format!("{} part(s) of the suite failed", t.broken.len()))
    }
}

/// The invariant "core knows nothing about the web", checked on both targets.
fn core_has_no_web_deps(tc: &Toolchain) -> Result<(u64, u64)> {
    for target in ["x86_64-unknown-linux-gnu", "wasm32-unknown-unknown"] {
        let out = tc
            .cmd("cargo")
            .args(["tree", "--locked", "-p", "slipcheck-core", "-e", "normal,build", "--prefix", "none", "--target", target])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("cargo tree failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let tree = String::from_utf8_lossy(&out.stdout);
        for line in tree.lines() {
            let name = line.split_whitespace().next().unwrap_or("");
            if WEB_CRATES.iter().any(|w| name == *w || name.starts_with(&format!("{w}-"))) {
                return Err(format!("slipcheck-core depends on {name} (target {target}); the core must stay free of web crates"));
            }
        }
    }
    eprintln!("xtask: architecture invariant holds: slipcheck-core has no web dependency");
    Ok((1, 0))
}

fn e2e(tc: &Toolchain) -> Result<(u64, u64)> {
    let port = serve::spawn(root().join("dist"))?;
    let dir = toolchain::npm_dir();
    let mut cmd = tc.cmd("node");
    cmd.args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
        .current_dir(&dir);
    let mut tests: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .collect();
    tests.sort();
    cmd.args(&tests);
    counted(&mut cmd)
}

/// Runs a test command, echoing its output, and counts passes and failures
/// from libtest's `test result:` lines and node's TAP `# pass` / `# fail`.
fn counted(cmd: &mut Command) -> Result<(u64, u64)> {
    eprintln!("xtask: $ {}", show(cmd));
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not start {}: {e}", show(cmd)))?;
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            println!("{line}");
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("test result: ") {
                passed += number_before(rest, " passed");
                failed += number_before(rest, " failed");
            } else if let Some(n) = l.strip_prefix("# pass ") {
                passed += n.trim().parse::<u64>().unwrap_or(0);
            } else if let Some(n) = l.strip_prefix("# fail ") {
                failed += n.trim().parse::<u64>().unwrap_or(0);
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && failed == 0 {
        return Err(format!("{} exited with {status}", show(cmd)));
    }
    Ok((passed, failed))
}

fn number_before(s: &str, word: &str) -> u64 {
    s.find(word)
        .and_then(|i| s[..i].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::number_before;

    #[test]
    fn reads_libtest_summaries() {
        let s = "ok. 12 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(number_before(s, " passed"), 12);
        assert_eq!(number_before(s, " failed"), 3);
    }
}
