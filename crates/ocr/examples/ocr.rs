//! `cargo run -p slipcheck-ocr --example ocr -- photo.jpg…`: prints the lines
//! read from each photo with their confidences and the time taken.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = std::time::Instant::now();
    let engine = slipcheck_ocr::Engine::from_dir(&slipcheck_ocr::default_models_dir())?;
    eprintln!("models loaded in {} ms", t.elapsed().as_millis());
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
