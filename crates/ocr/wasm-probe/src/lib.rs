//! The OCR engine behind a plain C ABI (no wasm-bindgen, no imports), so Node
//! can time it: `alloc` buffers, `load` the three model files, `read` RGBA
//! pixels, then copy `out_len` bytes of JSON (a `slipcheck_ocr::Page`) from
//! `out_ptr`. The app's worker does the same through wasm-bindgen.

use slipcheck_ocr::Engine;
use std::cell::RefCell;

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `n` bytes for the host to fill; ownership passes back to
/// Rust in `load`/`read`.
#[no_mangle]
pub extern "C" fn alloc(n: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(n);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// # Safety
/// `p` must come from `alloc(n)` and be filled by the host.
unsafe fn take(p: *mut u8, n: usize) -> Vec<u8> {
    Vec::from_raw_parts(p, n, n)
}

/// Loads the models; 0 on success.
///
/// # Safety
/// Each pointer must come from `alloc` with the given length.
#[no_mangle]
pub unsafe extern "C" fn load(det: *mut u8, det_len: usize, rec: *mut u8, rec_len: usize, keys: *mut u8, keys_len: usize) -> i32 {
    let keys = String::from_utf8(take(keys, keys_len)).unwrap_or_default();
    match Engine::from_bytes(take(det, det_len), take(rec, rec_len), &keys) {
        Ok(e) => {
            ENGINE.with(|s| *s.borrow_mut() = Some(e));
            0
        }
        Err(_) => 1,
    }
}

/// Reads `width`×`height` RGBA pixels; returns the length of the JSON result.
///
/// # Safety
/// `px` must come from `alloc(len)`.
#[no_mangle]
pub unsafe extern "C" fn read(px: *mut u8, len: usize, width: u32, height: u32) -> usize {
    let px = take(px, len);
    let json = ENGINE.with(|s| match s.borrow().as_ref() {
        Some(e) => match e.read_rgba(&px, width, height) {
            Ok(page) => serde_json::to_vec(&page).unwrap_or_default(),
            Err(e) => serde_json::to_vec(&serde_json::json!({ "error": e.to_string() })).unwrap_or_default(),
        },
        None => br#"{"error":"models not loaded"}"#.to_vec(),
    });
    OUT.with(|o| {
        *o.borrow_mut() = json;
        o.borrow().len()
    })
}

#[no_mangle]
pub extern "C" fn out_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}
