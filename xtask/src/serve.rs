//! Building the site and serving `dist/` from 127.0.0.1 with a tiny static
//! server (correct MIME types for .wasm, no third-party dependency).

use crate::toolchain::{self, Toolchain};
use crate::util::{root, run, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Release build of the site into dist/. Trunk copies `models/` (the OCR
/// weights, which [`toolchain::ensure`] fetched and checked first) into
/// `dist/models/` with their NOTICE and LICENSE (index.html `copy-dir`); the
/// OCR worker fetches them from there on the first photo.
pub fn build_dist(tc: &Toolchain) -> Result<()> {
    crate::models::ensure()?;
    run(tc.cmd("trunk").args(["build", "--release", "--offline"]))?;
    let dist = root().join("dist");
    for name in crate::models::WEIGHTS.iter().chain(&["NOTICE", "LICENSE"]) {
        if !dist.join("models").join(name).is_file() {
            return Err(format!("dist/models/{name} is missing: index.html must copy models/ into the site (Trunk copy-dir)"));
        }
    }
    eprintln!("xtask: site built into {}", dist.display());
    Ok(())
}

pub fn serve_cmd(args: &[String]) -> Result<()> {
    let mut port = 8080u16;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let tc = toolchain::ensure()?;
    build_dist(&tc)?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("Slipcheck is served at http://127.0.0.1:{port}/  (from {}; Ctrl-C stops)", root().join("dist").display());
    accept_loop(listener, root().join("dist"));
    Ok(())
}

/// Starts a server on an ephemeral port in a background thread; returns the port.
pub fn spawn(dir: PathBuf) -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || accept_loop(listener, dir));
    Ok(port)
}

fn accept_loop(listener: TcpListener, dir: PathBuf) {
    for stream in listener.incoming().flatten() {
        let dir = dir.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &dir);
        });
    }
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain headers.
    loop {
        let mut l = String::new();
        if reader.read_line(&mut l)? == 0 || l == "\r\n" || l == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, ctype, body) = match resolve(dir, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(b) => ("200 OK", mime(&file), b),
            Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        },
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Maps a URL path to a file under `dir`, refusing `..`; unknown paths without
/// an extension get index.html (client-side routes).
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = percent_decode(url_path.trim_start_matches('/'));
    let rel = Path::new(&rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut p = dir.join(rel);
    if p.is_dir() {
        p = p.join("index.html");
    }
    if p.is_file() {
        return Some(p);
    }
    if rel.extension().is_none() {
        return Some(dir.join("index.html"));
    }
    None
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn mime(p: &Path) -> &'static str {
    // The OCR weights' licence texts (dist/models/NOTICE, LICENSE) are read in the browser.
    if matches!(p.file_name().and_then(|n| n.to_str()), Some("NOTICE" | "LICENSE")) {
        return "text/plain; charset=utf-8";
    }
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "csv" | "md" => "text/plain; charset=utf-8",
        "onnx" | "bin" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}
