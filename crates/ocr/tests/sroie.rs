//! The three SROIE receipt scans in crates/core/tests/data/public/image/: the
//! total and the date of each key JSON are read, and the reading is compared
//! with the reference OCR in the box CSV beside it.

mod support;

use support::{judge, norm, substring_distance, Truth};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/public/image");

#[test]
fn sroie_scans_read_total_date_and_the_reference_text() {
    let engine = support::engine();
    let mut report = String::new();
    let mut failures = Vec::new();
    let (mut chars, mut errors) = (0usize, 0usize);
    for id in ["000", "001", "003"] {
        let photo = std::fs::read(format!("{DIR}/sroie-img-{id}.jpg")).expect("fixture image");
        let key: serde_json::Value =
            serde_json::from_slice(&std::fs::read(format!("{DIR}/sroie-key-{id}.json")).expect("fixture key"))
                .expect("key JSON");
        let (total, date) = (key["total"].as_str().expect("total"), key["date"].as_str().expect("date"));
        let t = std::time::Instant::now();
        let page = engine.read_image_file(&photo).expect("OCR runs");
        let ms = t.elapsed().as_millis();
        // The amount paid is on the TOTAL line, or after the ROUNDING line
        // when the rounded total stands on its own.
        let by = |label| judge(&page, &Truth { total_label: label, total, date, ymd: "", last4: "" });
        let total_ok = by("TOTAL").total || by("ROUND").total;
        let date_ok = by("TOTAL").date;
        // Reference text: each box of the CSV (text after the 8th comma),
        // found in our reading with few edits.
        let ours: Vec<char> = norm(&page.text(), false).to_uppercase().chars().collect();
        let csv = std::fs::read_to_string(format!("{DIR}/sroie-box-{id}.csv")).expect("fixture csv");
        let (mut c, mut e) = (0, 0);
        for row in csv.lines() {
            let Some(text) = row.splitn(9, ',').nth(8) else { continue };
            let r: Vec<char> = norm(text, false).to_uppercase().chars().collect();
            if r.is_empty() {
                continue;
            }
            c += r.len();
            e += substring_distance(&r, &ours);
        }
        chars += c;
        errors += e;
        report.push_str(&format!(
            "sroie-{id} {}x{} {ms:>5} ms  total {total} {}  date {date} {}  reference chars {:.1}% right\n",
            page.width,
            page.height,
            if total_ok { "ok" } else { "BAD" },
            if date_ok { "ok" } else { "BAD" },
            100.0 * (c - e.min(c)) as f64 / c as f64
        ));
        if !(total_ok && date_ok) {
            failures.push(id);
            for l in &page.lines {
                report.push_str(&format!("      {:.2} {}\n", l.confidence, l.text));
            }
        }
    }
    let accuracy = (chars - errors.min(chars)) as f64 / chars as f64;
    println!("{report}reference text: {:.1}% of {chars} characters right", 100.0 * accuracy);
    assert!(failures.is_empty(), "total or date misread on {failures:?}:\n{report}");
    assert!(accuracy >= 0.85, "reference text only {:.1}% right:\n{report}", 100.0 * accuracy);
}
