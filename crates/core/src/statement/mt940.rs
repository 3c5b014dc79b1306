//! Reader: an MT940 statement.

use super::StatementRead;

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let _ = bytes;
    super::not_yet(file, "an MT940 statement")
}
