//! `cargo xtask <serve|test|dist|bench>` — the project's automation, in Rust so
//! it runs wherever cargo does (the cargo-xtask pattern).
//!
//! Every command first makes sure the toolchain is present ([`toolchain`]):
//! idempotent, pinned, and fetching only from the package registries
//! (crates.io, npm, Debian), never from GitHub or a CDN.

mod models;
mod bench;
mod serve;
mod test;
mod toolchain;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--port N]   install what is missing, build the site, serve it on http://127.0.0.1:8080
  test               the whole suite: native tests, wasm tests in headless Chromium, e2e with Playwright
  dist               release build of the site into dist/
  bench [--quick]    benchmarks: criterion natively, then native vs wasm-under-Node vs PapaParse
  setup              only install the toolchain
  models             only fetch and verify the OCR weights into models/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::serve_cmd(&args[1..]),
        Some("test") => test::test_cmd(&args[1..]),
        Some("dist") => toolchain::ensure().and_then(|t| serve::build_dist(&t)),
        Some("bench") => bench::bench_cmd(&args[1..]),
        Some("setup") => toolchain::ensure().map(|_| ()),
        Some("models") => models::ensure(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
