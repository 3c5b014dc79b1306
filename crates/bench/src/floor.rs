//! The import floor: one bare csv-core pass counting records, no typing at
//! all. Kept free of crate paths so that the criterion bench of the core
//! includes this same file (`#[path]`) and times the same floor.

/// The floor: one csv-core pass counting records, no typing at all.
pub fn csv_core_pass(bytes: &[u8]) -> usize {
    let mut rdr = csv_core::Reader::new();
    let mut out = [0u8; 4096];
    let mut ends = [0usize; 64];
    let mut input = bytes;
    let mut records = 0;
    loop {
        let (res, nin, _, _) = rdr.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        match res {
            csv_core::ReadRecordResult::Record => records += 1,
            csv_core::ReadRecordResult::End => break,
            csv_core::ReadRecordResult::InputEmpty if input.is_empty() => {
                // Tell the reader the input is finished.
                let (r, _, _, _) = rdr.read_record(&[], &mut out, &mut ends);
                if matches!(r, csv_core::ReadRecordResult::Record) {
                    records += 1;
                }
                break;
            }
            _ => {}
        }
    }
    records
}
