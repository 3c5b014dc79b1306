//! Reader: PDF e-receipts with a text layer (placeholder until written).

use super::{ReadContext, ReceiptRead};

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    read_with(file, bytes, &ReadContext::default())
}

pub fn read_with(file: &str, bytes: &[u8], _ctx: &ReadContext) -> ReceiptRead {
    let _ = bytes;
    super::not_yet(file, "a PDF receipt")
}
