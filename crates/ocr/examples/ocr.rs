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
        if let Some(dir) = std::env::var_os("OCR_WRITE_RGBA") {
            // Raw RGBA (after an 8-byte little-endian width, height header),
            // to feed the wasm build the same pixels a browser canvas would.
            let name = std::path::Path::new(&path).file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let mut raw = Vec::with_capacity(8 + img.data.len() / 3 * 4);
            raw.extend((img.width as u32).to_le_bytes());
            raw.extend((img.height as u32).to_le_bytes());
            for px in img.data.chunks_exact(3) {
                raw.extend([px[0], px[1], px[2], 255]);
            }
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.rgba")), raw)?;
        }
        let page = engine.read(&img)?;
        println!("== {path} ({}×{}, {} ms)", page.width, page.height, t.elapsed().as_millis());
        for l in &page.lines {
            println!("{:.2}  {}", l.confidence, l.text);
        }
    }
    Ok(())
}
