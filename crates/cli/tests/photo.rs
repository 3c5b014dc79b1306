//! Receipt photos on the command line: read natively by on-device OCR, and a
//! clear way out when the OCR weights are missing.

use assert_cmd::Command;

const IMG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/public/image/sroie-img-000.jpg");

#[test]
fn a_photo_is_read_by_ocr_as_receipt_image() {
    let out = Command::cargo_bin("slipcheck").unwrap().args(["parse", "--json", IMG]).output().unwrap();
    assert_ne!(out.status.code(), Some(101), "never panics");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &v["documents"][0];
    assert_eq!(doc["file"], "sroie-img-000.jpg");
    assert_eq!(doc["format"], "receipt-image");
    let diags = doc["diagnostics"].to_string();
    // OCR ran: neither the missing-weights refusal nor "no text found".
    assert!(!diags.contains("cannot read photos") && !diags.contains("no text found"), "{diags}");
    // The key JSON beside the scan: total 9.00, date 25/12/2018.
    let r = &doc["receipts"][0];
    assert_eq!(r["total"], "9.00", "{r}");
    assert_eq!(r["date"], "2018-12-25", "{r}");
    let c = r["confidence"]["total"].as_f64().unwrap();
    assert!(c > 0.0 && c <= 1.0, "OCR confidence carried into the field: {c}");
}

#[test]
fn missing_weights_say_how_to_get_them() {
    let out = Command::cargo_bin("slipcheck")
        .unwrap()
        .env("SLIPCHECK_MODELS", "/definitely/no/models/here")
        .args(["parse", "--json", IMG])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["documents"][0]["diagnostics"].to_string();
    assert!(diags.contains("/definitely/no/models/here") && diags.contains("cargo xtask setup"), "{diags}");
}
