#![no_main]
//! Fuzz target: sniff + read over any bytes (every format, receipts too):
//! deterministic, statement records keep their properties, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    slipcheck_fuzz::properties::check_document("fuzz.bin", data);
});
