//! Reader: a PDF receipt.

use super::ReceiptRead;

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    let _ = bytes;
    super::not_yet(file, "a PDF receipt")
}
