//! Reader: an OFX/QFX statement.

use super::StatementRead;

pub fn read(file: &str, bytes: &[u8]) -> StatementRead {
    let _ = bytes;
    super::not_yet(file, "an OFX/QFX statement")
}
