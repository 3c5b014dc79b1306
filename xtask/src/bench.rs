//! `cargo xtask bench`: criterion benches natively, then the shared workloads
//! of `crates/bench` natively and as wasm under Node (beside PapaParse and the
//! bare floors), and the ratios the issues set as targets.

use crate::toolchain::{self, Toolchain};
use crate::util::{root, run, Result};

pub fn bench_cmd(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(a) = args.iter().find(|a| *a != "--quick") {
        return Err(format!("unknown argument {a:?}"));
    }
    let tc = toolchain::ensure()?;
    if !quick {
        run(tc.cmd("cargo").args(["bench", "--locked", "-p", "slipcheck-core"]))?;
    }
    let (csv_bytes, n) = if quick { ("2000000", "5000") } else { ("52428800", "100000") };
    let native = capture(&tc, "cargo", &["run", "--locked", "--profile", "bench", "-p", "slipcheck-bench", "--", csv_bytes, n])?;
    let wasm = wasm_run(&tc, csv_bytes, n)?;
    println!("native: {native}");
    println!("wasm:   {wasm}");
    report(&native, &wasm);
    bundle(&tc)?;
    Ok(())
}

const TWIGGY_VERSION: &str = "0.8.0";

/// The shipped wasm files of a release `dist/`, their sizes, and twiggy's
/// view of what is big in each (the bundle must stay lean).
fn bundle(tc: &Toolchain) -> Result<()> {
    let have = tc.cmd("twiggy").arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).to_string()).unwrap_or_default();
    if !have.contains(TWIGGY_VERSION) {
        eprintln!("xtask: installing twiggy {TWIGGY_VERSION} from crates.io (about a minute, once)");
        run(tc.cmd("cargo").args(["install", "twiggy", "--version", TWIGGY_VERSION, "--locked"]))?;
    }
    crate::serve::build_dist(tc)?;
    let dist = root().join("dist");
    let mut wasm: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| format!("reading {}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    wasm.sort();
    println!("\nBundle (release dist/):");
    for w in &wasm {
        let raw = std::fs::metadata(w).map(|m| m.len()).unwrap_or(0);
        println!("  {:<48} {:>8.0} KB", w.file_name().unwrap_or_default().to_string_lossy(), raw as f64 / 1024.0);
    }
    // wasm-opt drops the names from what ships; twiggy reads the same code
    // with names in cargo's output for each binary.
    let target = std::env::var("CARGO_TARGET_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| root().join("target"));
    for bin in ["slipcheck-app", "slipcheck-worker", "slipcheck-ocr-worker"] {
        let w = target.join("wasm32-unknown-unknown/release").join(format!("{bin}.wasm"));
        if w.exists() {
            println!("\ntwiggy top -n 15 {bin}.wasm (before wasm-opt, with names)");
            run(tc.cmd("twiggy").args(["top", "-n", "15"]).arg(&w))?;
        }
    }
    Ok(())
}

fn capture(tc: &Toolchain, program: &str, args: &[&str]) -> Result<String> {
    let out = tc.cmd(program).args(args).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{program} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").to_string())
}

fn wasm_run(tc: &Toolchain, csv_bytes: &str, n: &str) -> Result<String> {
    run(tc.cmd("cargo").args([
        "build", "--locked", "--profile", "bench", "-p", "slipcheck-bench", "--lib", "--target", "wasm32-unknown-unknown",
    ]))?;
    let target = std::env::var("CARGO_TARGET_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| root().join("target"));
    // The built-in bench profile writes into the `release` folder.
    let wasm = target.join("wasm32-unknown-unknown/release/slipcheck_bench.wasm");
    let out = target.join("bench-wasm");
    run(tc.cmd("wasm-bindgen").arg("--target").arg("nodejs").arg("--out-dir").arg(&out).arg(&wasm))?;
    let papa = toolchain::npm_dir().join("node_modules/papaparse/papaparse.js");
    let js = out.join("slipcheck_bench.js");
    let script = root().join("crates/bench/js/run.mjs");
    let out = tc
        .cmd("node")
        .arg("--max-old-space-size=8192")
        .arg(&script)
        .arg(&js)
        .arg(&papa)
        .args([csv_bytes, n])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("wasm bench failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").to_string())
}

/// Pulls a number out of the one-line JSON the runs print (no serde in xtask).
fn num(json: &str, key: &str) -> f64 {
    let pat = format!("\"{key}\":");
    json.find(&pat)
        .map(|i| &json[i + pat.len()..])
        .and_then(|s| s.split([',', '}']).next())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(f64::NAN)
}

fn report(native: &str, wasm: &str) {
    let mb = num(wasm, "csv_bytes") / (1024.0 * 1024.0);
    let thr = |ms: f64| mb / (ms / 1000.0);
    let (wi, wc, pp) = (num(wasm, "import_ms"), num(wasm, "csv_core_ms"), num(wasm, "papaparse_ms"));
    println!("\nCSV import, {mb:.1} MB, {} rows:", num(wasm, "rows"));
    println!("  native import        {:8.1} ms  {:7.1} MB/s", num(native, "import_ms"), thr(num(native, "import_ms")));
    println!("  wasm import          {wi:8.1} ms  {:7.1} MB/s", thr(wi));
    println!("  wasm csv-core pass   {wc:8.1} ms  {:7.1} MB/s", thr(wc));
    println!("  PapaParse (typed)    {pp:8.1} ms  {:7.1} MB/s", thr(pp));
    println!("  wasm vs PapaParse    {:.2}x   (target >= 5x)", pp / wi);
    println!("  wasm vs csv-core     {:.0}%    (target >= 50%)", 100.0 * wc / wi);
    // CPU time too: a shared machine inflates wall time unevenly.
    let (wic, wcc, ppc) = (num(wasm, "import_cpu_ms"), num(wasm, "csv_core_cpu_ms"), num(wasm, "papaparse_cpu_ms"));
    let (nic, ncc) = (num(native, "import_cpu_ms"), num(native, "csv_core_cpu_ms"));
    println!("  CPU time: wasm import {wic:.1} ms, csv-core {wcc:.1} ms, PapaParse {ppc:.1} ms");
    println!("    wasm vs PapaParse {:.2}x, wasm vs csv-core {:.0}%", ppc / wic, 100.0 * wcc / wic);
    println!("    native import {nic:.1} ms, csv-core {ncc:.1} ms: {:.0}%", 100.0 * ncc / nic);
    let peak = num(wasm, "wasm_memory_peak") - num(wasm, "wasm_memory_start");
    println!("  wasm memory peak     {:.2}x file size (target <= 2x)", peak / num(wasm, "csv_bytes"));
    println!("  native full Transactions {:8.1} ms", num(native, "import_full_ms"));
    // Pairing (`reconcile::pair`) against the floor; CPU time as well as wall
    // time, because a shared machine inflates wall time unevenly.
    let (nm, nj, wm, wj) = (num(native, "match_ms"), num(native, "hash_join_ms"), num(wasm, "match_ms"), num(wasm, "hash_join_ms"));
    println!("\nMatching, {} receipts x statement lines:", num(wasm, "n"));
    println!("  native pairing {nm:8.1} ms, hash-join floor {nj:8.1} ms: {:.2}x (target <= 3x)", nm / nj);
    println!("  wasm pairing   {wm:8.1} ms, hash-join floor {wj:8.1} ms: {:.2}x (target <= 3x)", wm / wj);
    let (nmc, njc, wmc, wjc) = (num(native, "match_cpu_ms"), num(native, "hash_join_cpu_ms"), num(wasm, "match_cpu_ms"), num(wasm, "hash_join_cpu_ms"));
    println!("  CPU time: native {nmc:.1} / {njc:.1} ms = {:.2}x, wasm {wmc:.1} / {wjc:.1} ms = {:.2}x", nmc / njc, wmc / wjc);
    println!("  wasm / native pairing: {:.2}x (target <= 1.5x)", wm / nm);
    let (nc, wcheck) = (num(native, "check_ms"), num(wasm, "check_ms"));
    println!("  full check with triage: native {nc:.1} ms, wasm {wcheck:.1} ms ({:.2}x)", wcheck / nc);
}
