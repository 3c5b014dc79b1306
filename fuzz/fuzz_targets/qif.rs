#![no_main]
//! Fuzz target: the qif reader on any bytes keeps every property of
//! `properties::check_reader` (positions inside the input, deterministic,
//! no amount without a currency, card numbers masked) and never panics.
use libfuzzer_sys::fuzz_target;
use slipcheck_fuzz::properties::check_reader;

fuzz_target!(|data: &[u8]| {
    check_reader("fuzz.qif", data, slipcheck_core::statement::qif::read);
});
