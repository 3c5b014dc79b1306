//! `cargo run -p slipcheck-ocr --example ocr -- photo.jpg…`: prints the lines
//! read from each photo with their confidences and the time taken.
//! `OCR_DET_MIN`, `OCR_DET_MAX`, `OCR_BOX_THRESHOLD` override the options,
//! for tuning.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = std::time::Instant::now();
    let mut engine = slipcheck_ocr::Engine::from_dir(&slipcheck_ocr::default_models_dir())?;
    eprintln!("models loaded in {} ms", t.elapsed().as_millis());
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f32>().ok());
    if let Some(v) = env("OCR_DET_MIN") {
        engine.options.det_min_side = v as usize;
    }
    if let Some(v) = env("OCR_DET_MAX") {
        engine.options.det_max_side = v as usize;
    }
    if let Some(v) = env("OCR_BOX_THRESHOLD") {
        engine.options.det_box_threshold = v;
    }
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let t = std::time::Instant::now();
        let img = slipcheck_ocr::decode(&bytes)?;
        let page = engine.read(&img)?;
        println!("== {path} ({}×{}, {} ms)", page.width, page.height, t.elapsed().as_millis());
        for l in &page.lines {
            println!("{:.2}  {}", l.confidence, l.text);
        }
    }
    Ok(())
}
