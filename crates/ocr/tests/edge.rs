//! Photos with nothing to read, or odd shapes, give no lines and no panic;
//! bad pixel buffers are refused with an error.

mod support;

use slipcheck_ocr::OcrError;

#[test]
fn blank_tiny_and_extreme_images_read_as_no_lines() {
    let engine = support::engine();
    for (w, h, v) in [(1u32, 1u32, 255u8), (640, 480, 255), (640, 480, 0), (3000, 7, 128), (5, 2000, 200)] {
        let px = vec![v; (w * h * 4) as usize];
        let page = engine.read_rgba(&px, w, h).unwrap_or_else(|e| panic!("{w}x{h}: {e}"));
        assert!(page.lines.is_empty(), "{w}x{h} of {v}: {:?}", page.lines);
        assert_eq!((page.width, page.height), (w, h));
    }
}

#[test]
fn short_or_empty_pixel_buffers_are_refused() {
    let engine = support::engine();
    assert!(matches!(engine.read_rgba(&[0; 15], 2, 2), Err(OcrError::Image(_))));
    assert!(matches!(engine.read_rgb(&[], 0, 0), Err(OcrError::Image(_))));
    assert!(matches!(engine.read_image_file(b"not a photo"), Err(OcrError::Image(_))));
}

#[test]
fn missing_or_broken_weights_say_what_to_do() {
    let Err(e) = slipcheck_ocr::Engine::from_dir(std::path::Path::new("/definitely/not/here")) else {
        panic!("loaded weights from nowhere")
    };
    assert!(matches!(e, OcrError::ModelsMissing { .. }));
    assert!(e.to_string().contains("cargo xtask setup"), "{e}");
    let Err(e) = slipcheck_ocr::Engine::from_bytes(b"junk".to_vec(), b"junk".to_vec(), "blank\na\n \n") else {
        panic!("loaded junk weights")
    };
    assert!(matches!(e, OcrError::Models(_)), "{e}");
}
