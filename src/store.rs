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
// Raw files are stored as Blobs under their own keys: the browser writes them
// off the page's thread, and the page never turns them into strings.
export function idb_put_file(name, blob) { return run('readwrite', (s) => s.put(blob, 'file:' + name)); }
export function idb_get_file(name) { return run('readonly', (s) => s.get('file:' + name)).catch(() => null); }
export function idb_drop_file(name) {
  return run('readwrite', (s) => { s.delete('photo:' + name); return s.delete('file:' + name); }).catch(() => null);
}
// A photo's OCR lines and the user's corrections (JSON), beside its Blob.
export function idb_put_photo(name, text) { return run('readwrite', (s) => s.put(text, 'photo:' + name)); }
export function idb_get_photo(name) { return run('readonly', (s) => s.get('photo:' + name)).catch(() => null); }
export function idb_forget() {
  const drop = () => new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(DB);
    r.onsuccess = r.onerror = r.onblocked = () => resolve(null);
  });
  return run('readwrite', (s) => s.clear()).catch(() => null).then(drop);
}
export function print_page() { window.print(); }
export function download(name, mime, text) { download_blob(name, new Blob([text], { type: mime })); }
export function download_blob(name, blob) {
  const url = URL.createObjectURL(blob);
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
    #[wasm_bindgen(catch)]
    async fn idb_put_file(name: &str, blob: &web_sys::Blob) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_get_file(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_drop_file(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_put_photo(name: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_get_photo(name: &str) -> Result<JsValue, JsValue>;
    pub fn print_page();
    pub fn download_blob(name: &str, blob: &web_sys::Blob);
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

/// Keeps a file's raw bytes on the device (once per file).
pub async fn save_file(name: &str, blob: &web_sys::Blob) {
    let _ = idb_put_file(name, blob).await;
}

pub async fn load_file(name: &str) -> Option<web_sys::Blob> {
    idb_get_file(name).await.ok().and_then(|v| wasm_bindgen::JsCast::dyn_into::<web_sys::Blob>(v).ok())
}

/// Keeps what is needed to show a photo's correction form again after a
/// reload: its OCR lines and corrections (JSON) and the picture itself.
pub async fn save_photo(name: &str, json: &str, blob: Option<&web_sys::Blob>) {
    if let Some(b) = blob {
        let _ = idb_put_file(name, b).await;
    }
    let _ = idb_put_photo(name, json).await;
}

pub async fn load_photo(name: &str) -> Option<(String, Option<web_sys::Blob>)> {
    let json = idb_get_photo(name).await.ok().and_then(|v| v.as_string())?;
    Some((json, load_file(name).await))
}

/// Drops a file's raw bytes (and a photo's lines and corrections).
pub async fn drop_file(name: &str) {
    let _ = idb_drop_file(name).await;
}

/// Erases everything this app stored on the device.
pub async fn forget() {
    let _ = idb_forget().await;
}
