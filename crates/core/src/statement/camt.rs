//! Reader: an ISO 20022 camt statement.

use super::StatementRead;

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let _ = bytes;
    super::not_yet(file, "an ISO 20022 camt statement")
}
