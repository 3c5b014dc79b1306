//! Merchant mode, for a tablet at the counter: load the settlement or
//! transaction export, find the customer's transaction (card last 4, amount,
//! date/time window, auth code, RRN, voucher), see its lifecycle and what to
//! tell the customer; look up a terminal response code by network; and the
//! prevention checklist. Big touch targets, one column at 768 px.

use crate::codes::{lookup, Net};
use crate::i18n::{advice, fill, prevention, stage, t, Lang, Text};
use crate::mask::mask_pans;
use crate::state::MerchantFile;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use slipcheck_core::merchant::{self, Query, PREVENTION};
use slipcheck_core::statement::Transaction;
use std::str::FromStr;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MerchantProps {
    pub lang: Lang,
    pub export: Option<MerchantFile>,
    /// A chosen export file, for the worker to read (the page reads none).
    pub on_export: Callback<Option<(String, web_sys::Blob)>>,
}

fn input_value(id: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
        .map(|e| e.value())
        .unwrap_or_default()
}

fn some(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// Reads the search form: amounts accept "88.50", "88,50" and "¥88.50".
pub fn parse_query(last4: String, amount: String, from: String, to: String, auth: String, rrn: String, voucher: String) -> Query {
    let amount = some(amount).and_then(|a| {
        let cleaned: String = a.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
        let cleaned = if cleaned.contains('.') { cleaned.replace(',', "") } else { cleaned.replace(',', ".") };
        Decimal::from_str(&cleaned).ok()
    });
    let dt = |s: String| {
        some(s).and_then(|s| {
            NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S"))
                .ok()
        })
    };
    Query { last4: some(last4), amount, from: dt(from), to: dt(to), auth_code: some(auth), rrn: some(rrn), voucher: some(voucher) }
}

fn row_summary(tx: &Transaction) -> String {
    let mut p = vec![];
    if let Some(d) = tx.date.or(tx.posted) {
        p.push(match tx.references.time {
            Some(tm) => format!("{d} {}", tm.format("%H:%M")),
            None => d.to_string(),
        });
    }
    if let Some(l) = &tx.card_last4 {
        p.push(format!("•••• {l}"));
    }
    p.push(format!("{} {}", tx.amount, tx.currency.code()));
    if let Some(s) = &tx.references.status_text {
        p.push(s.clone());
    }
    p.push(mask_pans(&tx.description));
    p.into_iter().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(" · ")
}

#[function_component(Merchant)]
pub fn merchant_view(props: &MerchantProps) -> Html {
    let lang = props.lang;
    let hits = use_state(|| None::<Vec<usize>>);
    let selected = use_state(|| None::<usize>);
    let code_result = use_state(|| None::<Result<crate::codes::CodeInfo, String>>);
    let network = use_state(|| "visa".to_string());
    let txs: Vec<Transaction> = props.export.as_ref().map(|e| e.doc.transactions.clone()).unwrap_or_default();

    let on_load = {
        let cb = props.on_export.clone();
        let hits = hits.clone();
        let selected = selected.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
            cb.emit(Some((file.name(), file.into())));
            hits.set(None);
            selected.set(None);
            input.set_value("");
        })
    };
    let on_search = {
        let hits = hits.clone();
        let selected = selected.clone();
        let txs = txs.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = parse_query(
                input_value("m-last4"),
                input_value("m-amount"),
                input_value("m-from"),
                input_value("m-to"),
                input_value("m-auth"),
                input_value("m-rrn"),
                input_value("m-voucher"),
            );
            let found = merchant::search(&txs, &q);
            selected.set(if found.len() == 1 { Some(found[0]) } else { None });
            hits.set(Some(found));
        })
    };
    let on_network = {
        let network = network.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            network.set(el.value());
        })
    };
    let on_code = {
        let network = network.clone();
        let code_result = code_result.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let code = input_value("code-input");
            let net = if *network == "unionpay" { Net::UnionPay } else { Net::Iso };
            code_result.set(Some(lookup(net, &code, lang).ok_or(code)));
        })
    };
    let field = |id: &'static str, key: Text, kind: &'static str, mode: &'static str| html! {
        <div class="field">
            <label for={id}>{ t(lang, key) }</label>
            <input id={id} type={kind} inputmode={mode} autocomplete="off" />
        </div>
    };

    html! {
        <div class="merchant" id="merchant">
            <section aria-labelledby="merchant-heading">
                <h2 id="merchant-heading">{ t(lang, Text::MerchantHeading) }</h2>
                <div class="picker-row">
                    <input id="merchant-file" class="visually-hidden-file" type="file" accept=".csv,.txt,.xlsx,.xls,text/csv" onchange={on_load} />
                    <label for="merchant-file" class="button primary-outline">{ t(lang, Text::LoadExport) }</label>
                </div>
                if let Some(e) = &props.export {
                    <p id="export-loaded" class="loaded">{ fill(t(lang, Text::ExportLoaded), &[("n", &e.doc.transactions.len().to_string()), ("f", &e.name)]) }</p>
                }
                <form class="search-form" id="merchant-search" onsubmit={on_search}>
                    { field("m-last4", Text::Last4, "text", "numeric") }
                    { field("m-amount", Text::Amount, "text", "decimal") }
                    { field("m-from", Text::From, "datetime-local", "none") }
                    { field("m-to", Text::To, "datetime-local", "none") }
                    { field("m-auth", Text::AuthCode, "text", "text") }
                    { field("m-rrn", Text::Rrn, "text", "numeric") }
                    { field("m-voucher", Text::Voucher, "text", "numeric") }
                    <button id="m-search" class="primary" type="submit">{ t(lang, Text::Search) }</button>
                </form>
                if let Some(h) = &*hits {
                    if h.is_empty() {
                        <p id="m-results-count" class="empty">{ t(lang, Text::NoResults) }</p>
                    } else {
                        <p id="m-results-count">{ if h.len() == 1 { t(lang, Text::ResultOne).to_string() } else { fill(t(lang, Text::Results), &[("n", &h.len().to_string())]) } }</p>
                        <ul class="m-results" id="m-results">
                            { for h.iter().map(|&i| {
                                let s = selected.clone();
                                let is_sel = *selected == Some(i);
                                html! {
                                    <li>
                                        <button class={classes!("m-hit", is_sel.then_some("selected"))} aria-pressed={is_sel.to_string()} data-row={i.to_string()} onclick={Callback::from(move |_| s.set(Some(i)))}>
                                            { row_summary(&txs[i]) }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                }
                if let Some(i) = (*selected).filter(|i| *i < txs.len()) {
                    { lifecycle_view(lang, &txs, i) }
                }
            </section>
            <section aria-labelledby="codes-heading" class="codes">
                <h2 id="codes-heading">{ t(lang, Text::CodesHeading) }</h2>
                <form class="code-form" id="code-form" onsubmit={on_code}>
                    <div class="field">
                        <label for="code-network">{ t(lang, Text::Network) }</label>
                        <select id="code-network" onchange={on_network}>
                            { for [("visa", "Visa"), ("mastercard", "Mastercard"), ("amex", "American Express"), ("discover", "Discover"), ("jcb", "JCB"), ("unionpay", if lang == Lang::Zh { "银联 UnionPay" } else { "UnionPay 银联" })].iter().map(|(v, l)| html! {
                                <option value={*v} selected={*network == *v}>{ *l }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="code-input">{ t(lang, Text::Code) }</label>
                        <input id="code-input" type="text" maxlength="3" autocomplete="off" />
                    </div>
                    <button id="code-lookup" class="primary" type="submit">{ t(lang, Text::LookUp) }</button>
                </form>
                { match &*code_result {
                    None => html! {},
                    Some(Err(code)) => html! { <p id="code-result" class="code-result unknown">{ format!("{code}: {}", t(lang, Text::UnknownCode)) }</p> },
                    Some(Ok(c)) => html! {
                        <div id="code-result" class="code-result" data-code={c.code.clone()}>
                            <p class="code-meaning"><strong>{ c.code.clone() }</strong>{ format!(" — {}", c.meaning) }</p>
                            <p class="code-cardholder"><strong>{ format!("{}: ", t(lang, Text::CardholderShould)) }</strong>{ c.cardholder.clone() }</p>
                            <p class="code-merchant"><strong>{ format!("{}: ", t(lang, Text::MerchantShould)) }</strong>{ c.merchant.clone() }</p>
                            <p class="source">{ c.source.clone() }</p>
                        </div>
                    },
                } }
            </section>
            <section aria-labelledby="prevention-heading" class="prevention">
                <h2 id="prevention-heading">{ t(lang, Text::PreventionHeading) }</h2>
                <ul class="checklist" id="prevention">
                    { for PREVENTION.iter().map(|k| {
                        let id = format!("prev-{k}");
                        html! { <li><input type="checkbox" id={id.clone()} /><label for={id}>{ prevention(lang, k) }</label></li> }
                    }) }
                </ul>
            </section>
        </div>
    }
}

/// The stage's stable name ("partially_refunded"), for data attributes.
fn stage_key(s: merchant::Stage) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn lifecycle_view(lang: Lang, txs: &[Transaction], row: usize) -> Html {
    let l = merchant::lifecycle(txs, row);
    let cur = txs[l.origin].currency.code().to_string();
    html! {
        <div class="lifecycle" id="lifecycle" data-stage={stage_key(l.stage)}>
            <h3>{ t(lang, Text::Lifecycle) }</h3>
            <ol class="events">
                { for l.events.iter().map(|e| html! {
                    <li data-stage={stage_key(e.stage)}>
                        <strong>{ stage(lang, e.stage) }</strong>
                        { format!(" · {} {cur}", e.amount) }
                        if let Some(d) = e.date { { format!(" · {d}") } }
                        if let Some(tm) = e.time { { format!(" {}", tm.format("%H:%M")) } }
                        if let Some(r) = e.row.and_then(|r| txs.get(r)).and_then(|x| x.references.voucher.clone()) { { format!(" · {} {r}", t(lang, Text::Voucher)) } }
                    </li>
                }) }
            </ol>
            <p class="net">{ fill(t(lang, Text::Net), &[("a", &format!("{} {cur}", l.net))]) }</p>
            <h3>{ t(lang, Text::TellCustomer) }</h3>
            <p class="advice" id="advice">{ advice(lang, merchant::advise(&l)) }</p>
        </div>
    }
}
