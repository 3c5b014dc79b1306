//! Review: statement lines and receipts side by side. Each pairing shows its
//! score and the signals behind it; the user can unpair (forbid), pair a
//! receipt with a line of their choice (pin), undo either, and the case
//! re-solves at once.

use crate::i18n::{fill, t, Lang, Text};
use crate::mask::mask_pans;
use crate::state::{LinesPage, PAGE_LINES};
use slipcheck_core::reconcile::{CaseReceipt, CheckReport, Pair};
use slipcheck_core::statement::Transaction;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

pub fn line_summary(tx: &Transaction) -> String {
    let date = tx.effective_date().map(|d| d.to_string()).unwrap_or_default();
    format!("{date} · {} · {} {}", mask_pans(&tx.description), tx.amount, tx.currency.code())
}

pub fn receipt_summary(r: &CaseReceipt) -> String {
    let x = &r.receipt;
    let mut parts = vec![x.merchant.clone().unwrap_or_else(|| r.file.clone())];
    if let Some(d) = x.date {
        parts.push(d.to_string());
    }
    if let Some(tot) = x.total {
        parts.push(format!("{tot} {}", x.currency.map(|c| c.code().to_string()).unwrap_or_default()).trim().to_string());
    }
    if let Some(l4) = &x.card_last4 {
        parts.push(format!("•••• {l4}"));
    }
    parts.join(" · ")
}

/// The receipt's own lines that its fields were read from, each with the
/// fields it gave, so the user can check a pairing against the slip's words.
pub fn source_lines(lang: Lang, c: &CaseReceipt) -> Html {
    let r = &c.receipt;
    if r.source.is_empty() {
        return html! {};
    }
    let fields_of = |n: u32| -> String {
        let names: Vec<&str> = crate::correct::FIELDS
            .iter()
            .filter(|f| r.lines.get(f.name()) == Some(&n))
            .map(|&f| super::receipt_edit::field_label(lang, f))
            .collect();
        names.join(", ")
    };
    html! {
        <details class="receipt-source">
            <summary>{ t(lang, Text::ReceiptSays) }</summary>
            <ol>
                { for r.source.iter().map(|l| {
                    let (n, text) = (&l.line, &l.text);
                    let fields = fields_of(*n);
                    html! {
                        <li data-line={n.to_string()}>
                            <span class="line-no">{ fill(t(lang, Text::LineNo), &[("n", &n.to_string())]) }</span>
                            { " " }<q>{ mask_pans(text) }</q>
                            if !fields.is_empty() { <span class="line-fields">{ format!(" → {fields}") }</span> }
                        </li>
                    }
                }) }
            </ol>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub lang: Lang,
    pub report: Rc<CheckReport>,
    pub pins: Vec<Pair>,
    pub forbids: Vec<Pair>,
    pub on_unpair: Callback<Pair>,
    pub on_pin: Callback<Pair>,
    pub on_unpin: Callback<Pair>,
    pub on_allow: Callback<Pair>,
    /// The page of statement lines without a receipt (the worker pages them:
    /// a big statement has far too many to render). Without it, the lines
    /// are taken from the report.
    #[prop_or_default]
    pub lines: Option<Rc<LinesPage>>,
    #[prop_or_default]
    pub on_lines_page: Callback<usize>,
}

#[function_component(Review)]
pub fn review(props: &ReviewProps) -> Html {
    let lang = props.lang;
    let r = &props.report;
    let line = |id: &str| r.transactions.iter().find(|t| t.id == id);
    let receipt = |id: &str| r.receipts.iter().find(|c| c.id == id);
    let (lonely_lines, lonely_total, offset): (Vec<&Transaction>, usize, usize) = match &props.lines {
        Some(p) => (p.lines.iter().collect(), p.total, p.offset),
        None => {
            let v: Vec<&Transaction> = r.transactions.iter().filter(|x| !r.matches.iter().any(|m| m.transaction == x.id)).collect();
            let n = v.len();
            (v, n, 0)
        }
    };
    let pager = |to: usize, label: Text, id: &'static str, enabled: bool| {
        let cb = props.on_lines_page.clone();
        html! { <button id={id} class="pager" disabled={!enabled} onclick={Callback::from(move |_| cb.emit(to))}>{ t(lang, label) }</button> }
    };
    let unmatched: Vec<&CaseReceipt> =
        r.receipts.iter().filter(|c| !r.matches.iter().any(|m| m.receipt_id == c.id)).collect();

    html! {
        <div class="review">
            <p class="hint-text">{ t(lang, Text::ReviewHint) }</p>
            if r.matches.is_empty() {
                <p class="empty" id="no-matches">{ t(lang, Text::NoMatches) }</p>
            } else {
                <ul class="pairs" id="pairs">
                    { for r.matches.iter().map(|m| {
                        let pair = Pair { receipt: m.receipt_id.clone(), transaction: m.transaction.clone() };
                        let pinned = props.pins.contains(&pair) || m.shape == "pinned";
                        let button = if pinned {
                            let cb = props.on_unpin.clone();
                            let p = pair.clone();
                            html! { <button class="unpin" onclick={Callback::from(move |_| cb.emit(p.clone()))}>{ t(lang, Text::Unpin) }</button> }
                        } else {
                            let cb = props.on_unpair.clone();
                            let p = pair.clone();
                            html! { <button class="unpair" onclick={Callback::from(move |_| cb.emit(p.clone()))}>{ t(lang, Text::Unpair) }</button> }
                        };
                        let signals: Vec<String> = match lang {
                            Lang::Zh if !m.details.is_empty() => m.details.iter().map(crate::findings_zh::signal).collect(),
                            _ if m.details.is_empty() => m.signals.clone(),
                            _ => m.details.iter().map(|d| d.words.clone()).collect(),
                        };
                        html! {
                            <li class="pair" data-receipt={m.receipt_id.clone()} data-transaction={m.transaction.clone()} data-pinned={pinned.to_string()}>
                                <div class="side statement-side">
                                    <span class="side-label">{ t(lang, Text::StatementLine) }</span>
                                    <span class="line-text">{ line(&m.transaction).map(line_summary).unwrap_or_else(|| format!("{} · {}", m.date.map(|d| d.to_string()).unwrap_or_default(), m.amount)) }</span>
                                </div>
                                <div class="side receipt-side">
                                    <span class="side-label">{ t(lang, Text::ReceiptCol) }</span>
                                    <span class="receipt-text">{ receipt(&m.receipt_id).map(receipt_summary).unwrap_or_else(|| m.receipt.clone()) }</span>
                                    { receipt(&m.receipt_id).map(|c| source_lines(lang, c)).unwrap_or_default() }
                                </div>
                                <div class="score">
                                    <span class="side-label">{ t(lang, Text::Score) }</span>
                                    <meter min="0" max="1" value={m.score.to_string()} aria-label={t(lang, Text::Score)}></meter>
                                    <span class="score-value">{ format!("{:.0}%", m.score * 100.0) }</span>
                                    if pinned { <span class="badge pinned">{ t(lang, Text::Pinned) }</span> }
                                </div>
                                <details class="signals">
                                    <summary>{ t(lang, Text::Signals) }</summary>
                                    <ul>{ for signals.iter().map(|s| html! { <li>{ mask_pans(s) }</li> }) }</ul>
                                </details>
                                <div class="pair-tools">{ button }</div>
                            </li>
                        }
                    }) }
                </ul>
            }
            if !unmatched.is_empty() {
                <h3 id="unmatched-heading">{ t(lang, Text::UnmatchedReceipts) }</h3>
                <ul class="unmatched" id="unmatched">
                    { for unmatched.iter().map(|c| html! {
                        <PairPicker lang={lang} receipt={(*c).clone()} lines={r.transactions.clone()} on_pin={props.on_pin.clone()} />
                    }) }
                </ul>
            }
            if lonely_total > 0 {
                <details class="lonely-lines" id="lonely-lines" data-total={lonely_total.to_string()}>
                    <summary>{ format!("{} ({})", t(lang, Text::UnmatchedLines), lonely_total) }</summary>
                    <ul>{ for lonely_lines.iter().map(|l| html! { <li data-transaction={l.id.clone()}>{ line_summary(l) }</li> }) }</ul>
                    if lonely_total > PAGE_LINES {
                        <div class="pager-row">
                            { pager(offset.saturating_sub(PAGE_LINES), Text::PrevPage, "lines-prev", offset > 0) }
                            <span class="pager-at" id="lines-at">{ format!("{}–{} / {}", offset + 1, (offset + lonely_lines.len()).min(lonely_total), lonely_total) }</span>
                            { pager(offset + PAGE_LINES, Text::NextPage, "lines-next", offset + PAGE_LINES < lonely_total) }
                        </div>
                    }
                </details>
            }
            if !props.forbids.is_empty() {
                <h3>{ t(lang, Text::Forbidden) }</h3>
                <ul class="forbidden" id="forbidden">
                    { for props.forbids.iter().map(|p| {
                        let cb = props.on_allow.clone();
                        let pp = p.clone();
                        let text = format!("{} ✕ {}",
                            receipt(&p.receipt).map(receipt_summary).unwrap_or_else(|| p.receipt.clone()),
                            line(&p.transaction).map(line_summary).unwrap_or_else(|| p.transaction.clone()));
                        html! {
                            <li class="forbid" data-receipt={p.receipt.clone()}>
                                <span>{ text }</span>
                                <button class="allow" onclick={Callback::from(move |_| cb.emit(pp.clone()))}>{ t(lang, Text::Allow) }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PairPickerProps {
    lang: Lang,
    receipt: CaseReceipt,
    lines: Vec<Transaction>,
    on_pin: Callback<Pair>,
}

/// One unpaired receipt with a chooser of statement lines.
#[function_component(PairPicker)]
fn pair_picker(props: &PairPickerProps) -> Html {
    let lang = props.lang;
    let chosen = use_state(String::new);
    let select_id = format!("pick-{}", props.receipt.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            chosen.set(el.value());
        })
    };
    let pin = {
        let chosen = chosen.clone();
        let cb = props.on_pin.clone();
        let receipt = props.receipt.id.clone();
        Callback::from(move |_| {
            if !chosen.is_empty() {
                cb.emit(Pair { receipt: receipt.clone(), transaction: (*chosen).clone() });
            }
        })
    };
    // Lines nearest the receipt's total first: the likely pick is at the top.
    let mut lines: Vec<&Transaction> = props.lines.iter().collect();
    if let Some(total) = props.receipt.receipt.total {
        lines.sort_by_key(|t| (t.amount.abs() - total).abs());
    }
    html! {
        <li class="unmatched-receipt" data-receipt={props.receipt.id.clone()}>
            <span class="receipt-text">{ receipt_summary(&props.receipt) }</span>
            <label for={select_id.clone()}>{ t(lang, Text::PairWith) }</label>
            <select id={select_id} class="line-select" {onchange}>
                <option value="" selected={chosen.is_empty()}>{ t(lang, Text::ChooseLine) }</option>
                { for lines.iter().map(|l| html! { <option value={l.id.clone()} selected={*chosen == l.id}>{ line_summary(l) }</option> }) }
            </select>
            <button class="pin" onclick={pin} disabled={chosen.is_empty()}>{ t(lang, Text::Pair) }</button>
        </li>
    }
}
