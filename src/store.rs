//! The case on this device: IndexedDB (the browser's own storage), plus the
//! few browser calls Rust has no tidy binding for (print, download, service
//! worker). The JavaScript is a wasm-bindgen snippet, served from the page's
//! own origin like the rest of the app, so the CSP stays 'self'.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const DB = 'slipcheck', STORE = 'case', KEY = 'current';
function openDb() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
function run(mode, f) {
  return openDb().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = f(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req && req.result !== undefined ? req.result : null); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}
export function idb_save(text) { return run('readwrite', (s) => s.put(text, KEY)); }
export function idb_load() { return run('readonly', (s) => s.get(KEY)).catch(() => null); }
export function idb_forget() {
  const drop = () => new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(DB);
    r.onsuccess = r.onerror = r.onblocked = () => resolve(null);
  });
  return run('readwrite', (s) => s.clear()).catch(() => null).then(drop);
}
export function print_page() { window.print(); }
export function download(name, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
export function register_sw() {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  navigator.serviceWorker.register('./sw.js').then(() => navigator.serviceWorker.ready).then((reg) => {
    // The files of this first visit were fetched before the worker existed: hand it their list.
    const urls = [location.href.split('#')[0]].concat(
      performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin)));
    if (reg.active) reg.active.postMessage({ cache: urls });
  }).catch(() => {});
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn idb_save(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_load() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_forget() -> Result<JsValue, JsValue>;
    pub fn print_page();
    pub fn download(name: &str, mime: &str, text: &str);
    pub fn register_sw();
}

/// Saves the case (JSON); an empty case removes what was saved.
pub async fn save(json: Option<String>) {
    let _ = match json {
        Some(j) => idb_save(&j).await,
        None => idb_forget().await,
    };
}

pub async fn load() -> Option<String> {
    idb_load().await.ok().and_then(|v| v.as_string())
}

/// Erases everything this app stored on the device.
pub async fn forget() {
    let _ = idb_forget().await;
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 { B64[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if c.len() > 2 { B64[n as usize & 63] as char } else { '=' });
    }
    out
}

pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| B64.iter().position(|&x| x == c).map(|p| p as u32);
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
        if chunk.len() == 1 {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "签购单 ✓"] {
            assert_eq!(b64_decode(&b64_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(b64_encode(b"Man"), "TWFu");
        assert_eq!(b64_encode(b"Ma"), "TWE=");
    }
}
