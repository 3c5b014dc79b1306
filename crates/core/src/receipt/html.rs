//! Reader: an e-receipt (HTML or e-mail).

use super::ReceiptRead;

pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    let _ = bytes;
    super::not_yet(file, "an e-receipt (HTML or e-mail)")
}
