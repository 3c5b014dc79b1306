//! Component tests in headless Chromium (wasm-bindgen-test): render the real
//! app, act on it, and assert the DOM after the update.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits (up to ~2 s) until `cond` holds, instead of sleeping a fixed time.
async fn wait_for(mut cond: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if cond() {
            return true;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    cond()
}

fn mount() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<slipcheck_app::components::app::App>::with_root(root.clone()).render();
    root
}

fn text_of(root: &web_sys::Element, sel: &str) -> Option<String> {
    root.query_selector(sel).ok().flatten().and_then(|e| e.text_content())
}

fn click(root: &web_sys::Element, sel: &str) {
    root.query_selector(sel).unwrap().unwrap().dyn_into::<HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn language_switch_translates_the_page() {
    let root = mount();
    assert!(wait_for(|| text_of(&root, "#add-heading").is_some()).await, "app rendered");
    click(&root, "#lang-en");
    assert!(wait_for(|| text_of(&root, "#add-heading").as_deref() == Some("Add your statement and receipts")).await);
    click(&root, "#lang-zh");
    assert!(wait_for(|| text_of(&root, "#add-heading").as_deref() == Some("添加账单和签购单")).await);
    assert_eq!(
        root.query_selector("#lang-zh").unwrap().unwrap().get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn sample_case_lists_its_files_with_kinds() {
    let root = mount();
    assert!(wait_for(|| root.query_selector("#try-sample").ok().flatten().is_some()).await);
    click(&root, "#try-sample");
    assert!(wait_for(|| root.query_selector_all("#file-list li").map(|l| l.length()).unwrap_or(0) >= 2).await);
    let first = root.query_selector("#file-list li").unwrap().unwrap();
    assert_eq!(first.get_attribute("data-kind").as_deref(), Some("statement"));
    let kinds = root.query_selector_all("#file-list li[data-kind=receipt]").unwrap().length();
    assert!(kinds >= 1, "the sample has receipts");
}
