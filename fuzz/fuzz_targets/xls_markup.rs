#![no_main]
//! Fuzz target: HTML tables and SpreadsheetML 2003 saved as `.xls`. Any
//! bytes keep the reader properties; a table made from the input reads the
//! same as CSV, HTML and SpreadsheetML (`properties::check_markup`).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    slipcheck_fuzz::properties::check_markup(data);
});
