//! CMB card exports mark a foreign amount with the country it was spent in
//! ("1,380.00(JP)"): that names the original currency, unless the number is
//! the posted amount itself (a DCC charge abroad).

#[test]
fn the_country_mark_names_the_original_currency() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios/own/case-h08/CMB_3316_20251205.csv");
    let doc = slipcheck_core::parse_document("cmb.csv", &std::fs::read(p).unwrap());
    let t = &doc.transactions;
    let lawson = t.iter().find(|t| t.description.starts_with("LAWSON")).unwrap();
    assert_eq!(lawson.amount.to_string(), "-68.27");
    assert_eq!(lawson.original_amount.map(|a| a.to_string()).as_deref(), Some("-1380.00"));
    assert_eq!(lawson.original_currency.map(|c| c.code().to_string()).as_deref(), Some("JPY"));
    let dcc = t.iter().find(|t| t.description.starts_with("BIC CAMERA")).unwrap();
    assert_eq!(dcc.original_amount, None, "1,512.60(JP) is the posted CNY amount itself");
    let home = t.iter().find(|t| t.description.starts_with("星巴克")).unwrap();
    assert_eq!(home.original_currency, None, "(CN) at home says nothing");
    assert_eq!(slipcheck_core::money::Currency::of_country("jp").map(|c| c.code().to_string()).as_deref(), Some("JPY"));
    assert_eq!(slipcheck_core::money::Currency::of_country("XX"), None);
}
