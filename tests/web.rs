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

/// Mounts a fresh app on an empty device: apps mounted by earlier tests
/// autosave to the same IndexedDB, and a restore arriving late would replace
/// what this test adds.
async fn mount() -> web_sys::Element {
    // No worker script is served to these tests: the engine runs on the page.
    slipcheck_app::worker::run_inline();
    slipcheck_app::store::forget().await;
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
    let root = mount().await;
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
    let root = mount().await;
    assert!(wait_for(|| root.query_selector("#try-sample").ok().flatten().is_some()).await);
    click(&root, "#try-sample");
    assert!(wait_for(|| root.query_selector_all("#file-list li").map(|l| l.length()).unwrap_or(0) >= 2).await);
    let first = root.query_selector("#file-list li").unwrap().unwrap();
    assert_eq!(first.get_attribute("data-kind").as_deref(), Some("statement"));
    let kinds = root.query_selector_all("#file-list li[data-kind=receipt]").unwrap().length();
    assert!(kinds >= 1, "the sample has receipts");
}

// --- Stateful components, each rendered alone with its props. ---

use slipcheck_app::components::{header::{Header, HeaderProps}, merchant::{Merchant, MerchantProps}, review::{Review, ReviewProps}};
use slipcheck_app::i18n::Lang;
use slipcheck_app::state::{MerchantFile, Mode, SavedCase};
use slipcheck_core::reconcile::Pair;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

fn root() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn set_input(root: &web_sys::Element, sel: &str, value: &str) {
    let el: web_sys::HtmlInputElement = root.query_selector(sel).unwrap().unwrap().dyn_into().unwrap();
    el.set_value(value);
}

#[wasm_bindgen_test]
async fn forget_asks_before_it_erases() {
    let root = root();
    let calls = Rc::new(RefCell::new(0));
    let c = calls.clone();
    let props = HeaderProps {
        lang: Lang::En,
        on_lang: Callback::noop(),
        mode: Mode::Consumer,
        on_mode: Callback::noop(),
        on_forget: Callback::from(move |_| *c.borrow_mut() += 1),
    };
    yew::Renderer::<Header>::with_root_and_props(root.clone(), props).render();
    assert!(wait_for(|| root.query_selector("#forget").ok().flatten().is_some()).await);
    click(&root, "#forget");
    assert!(wait_for(|| root.query_selector("#forget-confirm").ok().flatten().is_some()).await);
    assert_eq!(*calls.borrow(), 0, "one tap does not erase");
    click(&root, "#forget-cancel");
    assert!(wait_for(|| root.query_selector("#forget").ok().flatten().is_some()).await);
    click(&root, "#forget");
    assert!(wait_for(|| root.query_selector("#forget-confirm").ok().flatten().is_some()).await);
    click(&root, "#forget-confirm");
    assert!(wait_for(|| *calls.borrow() == 1).await);
}

/// The e2e fixture's story in records: a Zuni Cafe slip and its statement line.
const CASE: &str = r#"{"version":1,"files":[
 {"name":"statement.csv","format":"csv","doc":{"file":"statement.csv","format":"csv","diagnostics":[],
  "accounts":[{"last4":"4821","currency":"USD","kind":"card","statement_date":"2026-03-15"}],
  "transactions":[
   {"id":"t1","date":"2026-03-04","posted":"2026-03-05","amount":"-98.40","currency":"USD","description":"TST* ZUNI CAFE","status":"booked","kind":"purchase","card_last4":"4821","source":{"file":"statement.csv","line":2}},
   {"id":"t2","date":"2026-03-06","posted":"2026-03-07","amount":"-54.12","currency":"USD","description":"WHOLEFDS MKT #10234","status":"booked","kind":"purchase","card_last4":"4821","source":{"file":"statement.csv","line":3}}]}},
 {"name":"zuni.txt","format":"receipt-text","doc":{"file":"zuni.txt","format":"receipt-text","diagnostics":[],
  "receipts":[{"merchant":"ZUNI CAFE","date":"2026-03-04","currency":"USD","subtotal":"72.00","tip":"10.80","total":"82.80","card_last4":"4821","network":"visa","kind":"sale","status":"approved"}]}}],
 "options":{"as_of":"2026-03-20","jurisdiction":"us","receipts_complete":false}}"#;

fn report() -> Rc<slipcheck_core::reconcile::CheckReport> {
    let saved: SavedCase = serde_json::from_str(CASE).unwrap();
    let mut engine = slipcheck_app::engine::Engine::default();
    match engine.handle(slipcheck_app::jobs::Request::Restore { id: 1, saved }, vec![], &mut |_, _| {}) {
        slipcheck_app::jobs::Response::Case { view, .. } => Rc::new(view.report),
        _ => panic!("the case did not restore"),
    }
}

#[wasm_bindgen_test]
async fn review_unpairs_and_pins_through_its_callbacks() {
    let r = report();
    assert_eq!(r.matches.len(), 1, "the slip pairs with the Zuni line");
    let unpaired = Rc::new(RefCell::new(Vec::<Pair>::new()));
    let pinned = Rc::new(RefCell::new(Vec::<Pair>::new()));
    let (u, p) = (unpaired.clone(), pinned.clone());
    let root = root();
    let props = ReviewProps {
        lang: Lang::En,
        report: r.clone(),
        pins: vec![],
        forbids: vec![],
        on_unpair: Callback::from(move |x| u.borrow_mut().push(x)),
        on_pin: Callback::from(move |x| p.borrow_mut().push(x)),
        on_unpin: Callback::noop(),
        on_allow: Callback::noop(),
        lines: None,
        on_lines_page: Callback::noop(),
    };
    yew::Renderer::<Review>::with_root_and_props(root.clone(), props).render();
    assert!(wait_for(|| root.query_selector("#pairs li.pair").ok().flatten().is_some()).await);
    assert!(text_of(&root, "#pairs .score-value").unwrap().ends_with('%'));
    click(&root, "#pairs button.unpair");
    assert!(wait_for(|| unpaired.borrow().len() == 1).await);
    assert_eq!(unpaired.borrow()[0], Pair { receipt: "zuni.txt".into(), transaction: "t1".into() });

    // The same receipt unpaired (the report after a forbid): pick a line and pair it.
    let mut after = (*r).clone();
    after.matches.clear();
    let root2 = self::root();
    let p2 = pinned.clone();
    let props = ReviewProps {
        lang: Lang::En,
        report: Rc::new(after),
        pins: vec![],
        forbids: vec![Pair { receipt: "zuni.txt".into(), transaction: "t1".into() }],
        on_unpair: Callback::noop(),
        on_pin: Callback::from(move |x| p2.borrow_mut().push(x)),
        on_unpin: Callback::noop(),
        on_allow: Callback::noop(),
        lines: None,
        on_lines_page: Callback::noop(),
    };
    yew::Renderer::<Review>::with_root_and_props(root2.clone(), props).render();
    assert!(wait_for(|| root2.query_selector("#unmatched select").ok().flatten().is_some()).await);
    assert!(root2.query_selector("#forbidden li").unwrap().is_some(), "the ruled-out pair is listed");
    let select: web_sys::HtmlSelectElement = root2.query_selector("#unmatched select").unwrap().unwrap().dyn_into().unwrap();
    // The line nearest the slip's total (82.80) comes first after the
    // placeholder: 98.40 is nearer than 54.12.
    assert_eq!(select.options().item(1).unwrap().get_attribute("value").as_deref(), Some("t1"));
    select.set_value("t1");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    click(&root2, "#unmatched button.pin");
    assert!(wait_for(|| pinned.borrow().len() == 1).await);
    assert_eq!(pinned.borrow()[0].transaction, "t1");
}

#[wasm_bindgen_test]
async fn merchant_search_finds_by_last4_and_amount() {
    let csv = "交易日期,交易时间,交易类型,卡号,交易金额,授权码,参考号,凭证号\n\
2026-03-02,09:15:02,消费,622848******1234,88.50,A1B2C3,603021234567,000101\n\
2026-03-02,09:20:40,撤销,622848******1234,88.50,A1B2C3,603021234567,000102\n\
2026-03-02,18:45:59,消费,625807******5678,88.50,778899,603025555555,000104\n";
    let root = root();
    let props = MerchantProps { lang: Lang::En, export: Some(MerchantFile { name: "x.csv".into(), doc: Rc::new(slipcheck_app::jobs::parse("x.csv", csv.as_bytes(), None)) }), on_export: Callback::noop() };
    yew::Renderer::<Merchant>::with_root_and_props(root.clone(), props).render();
    assert!(wait_for(|| root.query_selector("#m-search").ok().flatten().is_some()).await);
    assert_eq!(text_of(&root, "#export-loaded").as_deref(), Some("3 transactions loaded from x.csv"));
    set_input(&root, "#m-last4", "5678");
    set_input(&root, "#m-amount", "88,50");
    click(&root, "#m-search");
    assert!(wait_for(|| text_of(&root, "#m-results-count").as_deref() == Some("1 transaction found")).await);
    // One hit is opened at once: a plain settled sale.
    assert!(wait_for(|| root.query_selector("#lifecycle").ok().flatten().is_some()).await);
    assert_eq!(root.query_selector("#lifecycle").unwrap().unwrap().get_attribute("data-stage").as_deref(), Some("settled"));

    set_input(&root, "#code-input", "68");
    let select: web_sys::HtmlSelectElement = root.query_selector("#code-network").unwrap().unwrap().dyn_into().unwrap();
    select.set_value("unionpay");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    click(&root, "#code-lookup");
    assert!(wait_for(|| text_of(&root, "#code-result .code-meaning").is_some_and(|t| t.contains("Issuer response timed out"))).await);
}

#[wasm_bindgen_test]
async fn pasted_text_becomes_a_file() {
    let root = mount().await;
    assert!(wait_for(|| root.query_selector("#paste-text").ok().flatten().is_some()).await);
    let area: web_sys::HtmlTextAreaElement = root.query_selector("#paste-text").unwrap().unwrap().dyn_into().unwrap();
    area.set_value("您尾号1234的卡于03月02日14:05消费人民币88.50元");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    // Let the (empty) restore land first, then paste.
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    click(&root, "#paste-add");
    assert!(wait_for(|| text_of(&root, "#file-list li .name").as_deref() == Some("pasted-1.txt")).await);
    assert_eq!(root.query_selector("#file-list li").unwrap().unwrap().get_attribute("data-kind").as_deref(), Some("receipt"));
}

use slipcheck_app::components::{findings::{Findings, FindingsProps}, letter::{Letter, LetterProps}, receipt_edit::{ReceiptEdit, ReceiptEditProps}};
use slipcheck_app::jobs::LetterFields;
use std::collections::BTreeSet;

#[wasm_bindgen_test]
async fn findings_tick_steps_and_open_the_letter() {
    let r = report();
    let f = r.findings.first().expect("the Zuni line is charged more than the slip").clone();
    let ticks = Rc::new(RefCell::new(Vec::<String>::new()));
    let opened = Rc::new(RefCell::new(Vec::<String>::new()));
    let (tk, op) = (ticks.clone(), opened.clone());
    let root = root();
    let props = FindingsProps {
        lang: Lang::En,
        report: r.clone(),
        ticked: BTreeSet::from([format!("{}|1", f.id)]),
        on_tick: Callback::from(move |k| tk.borrow_mut().push(k)),
        on_open: Callback::from(move |id| op.borrow_mut().push(id)),
    };
    yew::Renderer::<Findings>::with_root_and_props(root.clone(), props).render();
    let card = format!("#findings li.finding[data-id='{}']", f.id);
    assert!(wait_for(|| root.query_selector(&card).ok().flatten().is_some()).await);
    // The money at stake and the steps from the core, in order.
    assert!(text_of(&root, &format!("{card} .stake .money")).unwrap().starts_with(&f.amount.to_string()));
    let labels = root.query_selector_all(&format!("{card} .checklist label")).unwrap();
    assert_eq!(labels.length() as usize, f.steps.len());
    assert_eq!(labels.item(0).unwrap().text_content().unwrap(), f.steps[0]);
    // A ticked step shows as done; ticking another reports its key.
    let boxes = root.query_selector_all(&format!("{card} .checklist input[type=checkbox]")).unwrap();
    let second: web_sys::HtmlInputElement = boxes.item(1).unwrap().dyn_into().unwrap();
    assert!(second.checked(), "the saved tick is shown");
    let first: HtmlElement = boxes.item(0).unwrap().dyn_into().unwrap();
    first.click();
    assert!(wait_for(|| ticks.borrow().as_slice() == [format!("{}|0", f.id)]).await);
    click(&root, &format!("{card} button.open-letter"));
    assert!(wait_for(|| opened.borrow().as_slice() == [f.id.clone()]).await);

    // In Chinese the same card uses the domain's words, not the core's English.
    let root_zh = self::root();
    let props = FindingsProps { lang: Lang::Zh, report: r.clone(), ticked: BTreeSet::new(), on_tick: Callback::noop(), on_open: Callback::noop() };
    yew::Renderer::<Findings>::with_root_and_props(root_zh.clone(), props).render();
    assert!(wait_for(|| root_zh.query_selector(&card).ok().flatten().is_some()).await);
    let steps_zh = text_of(&root_zh, &format!("{card} .checklist")).unwrap();
    assert!(steps_zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "steps in Chinese: {steps_zh}");
    assert!(!steps_zh.contains(&f.steps[0]), "no English step in Chinese mode");
}

#[wasm_bindgen_test]
async fn letter_takes_the_users_details_and_masks_a_card_number() {
    let r = report();
    let f = r.findings.first().unwrap().clone();
    let fields = Rc::new(RefCell::new(Vec::<LetterFields>::new()));
    let fl = fields.clone();
    let who = LetterFields { name: "Ana Ruiz".into(), account: "4111 1111 1111 1111".into(), address: String::new() };
    let root = root();
    let props = LetterProps {
        lang: Lang::En,
        report: r.clone(),
        finding: Some(f.id.clone()),
        fields: who.clone(),
        on_fields: Callback::from(move |x| fl.borrow_mut().push(x)),
    };
    yew::Renderer::<Letter>::with_root_and_props(root.clone(), props).render();
    assert!(wait_for(|| text_of(&root, "#letter-text").is_some()).await);
    let text = text_of(&root, "#letter-text").unwrap();
    assert!(text.contains("Ana Ruiz"), "the letter is signed with the user's name: {text}");
    assert!(!text.contains("4111 1111 1111 1111"), "full card number masked: {text}");
    assert!(text.contains("•••• 1111"), "the last 4 stay: {text}");
    assert_eq!(root.query_selector("#packet").unwrap().unwrap().get_attribute("data-finding").as_deref(), Some(f.id.as_str()));
    assert!(root.query_selector_all("#packet-lines li").unwrap().length() >= 1, "the statement line is in the packet");
    assert!(root.query_selector_all("#packet-timeline li").unwrap().length() >= 2, "the packet has a timeline");

    // Typing in a field hands the parent the new details.
    let input: web_sys::HtmlInputElement = root.query_selector(".letter-fields input").unwrap().unwrap().dyn_into().unwrap();
    input.set_value("Ana María Ruiz");
    input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    assert!(wait_for(|| fields.borrow().last().is_some_and(|x| x.name == "Ana María Ruiz" || x.account == "Ana María Ruiz" || x.address == "Ana María Ruiz")).await);

    // The Chinese letter for the same finding.
    let root_zh = self::root();
    let props = LetterProps { lang: Lang::Zh, report: r.clone(), finding: Some(f.id.clone()), fields: who, on_fields: Callback::noop() };
    yew::Renderer::<Letter>::with_root_and_props(root_zh.clone(), props).render();
    assert!(wait_for(|| text_of(&root_zh, "#letter-text").is_some()).await);
    let zh = text_of(&root_zh, "#letter-text").unwrap();
    assert!(zh.contains("Ana Ruiz") && zh.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() > 20, "{zh}");
}

#[wasm_bindgen_test]
async fn photo_correction_applies_a_good_value_and_refuses_a_bad_one() {
    use slipcheck_app::ocr::{protocol::{PhotoLine, PhotoText}, PhotoEntry};
    let doc: slipcheck_core::document::Document = serde_json::from_str(
        r#"{"file":"slip.jpg","format":"receipt-image","diagnostics":[],
            "receipts":[{"merchant":"ZUNI CAFE","date":"2026-03-04","currency":"USD","total":"42.50","card_last4":"4821",
                         "kind":"sale","status":"approved","confidence":{"total":0.91},"lines":{"total":2}}]}"#,
    )
    .unwrap();
    let photo = PhotoText {
        width: 400,
        height: 600,
        lines: vec![
            PhotoLine { text: "ZUNI CAFE".into(), confidence: 0.95, bbox: [20.0, 20.0, 200.0, 40.0] },
            PhotoLine { text: "TOTAL 42.50".into(), confidence: 0.91, bbox: [20.0, 300.0, 220.0, 320.0] },
        ],
        doc: Some(doc),
    };
    let entry = PhotoEntry::new("slip.jpg".into(), photo);
    let changed = Rc::new(RefCell::new(Vec::<PhotoEntry>::new()));
    let ch = changed.clone();
    let root = root();
    let props = ReceiptEditProps { lang: Lang::En, entry, idx: 0, on_change: Callback::from(move |e| ch.borrow_mut().push(e)) };
    yew::Renderer::<ReceiptEdit>::with_root_and_props(root.clone(), props).render();
    let total = "#pc-0-0-total";
    assert!(wait_for(|| root.query_selector(total).ok().flatten().is_some()).await);
    let input: web_sys::HtmlInputElement = root.query_selector(total).unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "42.50");
    assert!(text_of(&root, "[data-field=total] .photo-note").unwrap().contains("91"), "the reading's confidence is shown");
    assert!(text_of(&root, "[data-field=tip] .photo-note").unwrap().contains("not found"), "an absent field says so");

    // A value that is not money is refused next to the field, nothing changes.
    input.set_value("forty-two");
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    assert!(wait_for(|| root.query_selector("[data-field=total] .photo-error").ok().flatten().is_some()).await);
    assert!(changed.borrow().is_empty(), "a refused value is not applied");

    // A good value is applied: the entry handed up carries the correction and the new total.
    input.set_value("45.20");
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    assert!(wait_for(|| changed.borrow().len() == 1).await);
    let e = changed.borrow()[0].clone();
    assert_eq!(e.doc.receipts[0].total.map(|d| d.to_string()).as_deref(), Some("45.20"));
    assert_eq!(e.corrections.len(), 1);
    assert!(wait_for(|| root.query_selector("[data-field=total] .photo-error").ok().flatten().is_none()).await, "the error clears");
}
