//! On-device OCR of receipt photos: PP-OCRv5 mobile detection and recognition
//! run by rten, natively and in wasm. (Pipeline lands in the next commits.)
