//! The dispute letter for the open finding (English or Chinese, the user's
//! name / account / address editable) and the evidence packet around it:
//! letter, statement lines, the receipts' key fields and a timeline. The
//! print stylesheet prints only the packet, so "Save as PDF" gives a clean
//! document.

use super::findings::finding_title;
use super::review::line_summary;
use crate::i18n::{t, Lang, Text};
use crate::mask::mask_pans;
use crate::state::LetterFields;
use chrono::NaiveDate;
use slipcheck_core::reconcile::{CheckReport, Finding};
use slipcheck_core::report;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

pub fn letter_text(lang: Lang, r: &CheckReport, f: &Finding, who: &LetterFields) -> String {
    let fields = report::LetterFields {
        name: opt(&who.name),
        account: opt(&who.account).map(|a| mask_pans(&a)),
        address: opt(&who.address),
        institution: None,
    };
    mask_pans(&report::letter(r, f, lang.core(), &fields))
}

/// The dated events of a finding, oldest first.
pub fn timeline(lang: Lang, r: &CheckReport, f: &Finding) -> Vec<(NaiveDate, String)> {
    let mut ev: Vec<(NaiveDate, String)> = Vec::new();
    for c in r.receipts.iter().filter(|c| f.receipts.contains(&c.id)) {
        if let Some(d) = c.receipt.date {
            let what = match lang {
                Lang::En => format!("Receipt {} ({})", c.id, format!("{:?}", c.receipt.kind).to_lowercase()),
                Lang::Zh => format!("凭证 {}", c.id),
            };
            ev.push((d, what));
        }
    }
    for tx in r.transactions.iter().filter(|x| f.transactions.contains(&x.id)) {
        if let Some(d) = tx.date {
            ev.push((d, match lang { Lang::En => format!("Transaction: {}", mask_pans(&tx.description)), Lang::Zh => format!("交易：{}", mask_pans(&tx.description)) }));
        }
        if let Some(d) = tx.posted.filter(|p| Some(*p) != tx.date) {
            ev.push((d, match lang { Lang::En => format!("Posted: {} {}", tx.amount, tx.currency.code()), Lang::Zh => format!("入账：{} {}", tx.amount, tx.currency.code()) }));
        }
    }
    if let Some(d) = r.as_of {
        ev.push((d, match lang { Lang::En => "Case reviewed".into(), Lang::Zh => "核对日期".into() }));
    }
    if let Some(d) = &f.deadline {
        ev.push((d.date, match lang { Lang::En => "Deadline to notify the card issuer".into(), Lang::Zh => "通知发卡行的截止日期".into() }));
    }
    ev.sort_by(|a, b| a.0.cmp(&b.0));
    ev
}

#[derive(Properties, PartialEq)]
pub struct LetterProps {
    pub lang: Lang,
    pub report: Rc<CheckReport>,
    pub finding: Option<String>,
    pub fields: LetterFields,
    pub on_fields: Callback<LetterFields>,
}

#[function_component(Letter)]
pub fn letter(props: &LetterProps) -> Html {
    let lang = props.lang;
    let r = &props.report;
    let Some(f) = props.finding.as_ref().and_then(|id| r.findings.iter().find(|f| &f.id == id)) else {
        return html! { <p class="empty" id="no-letter">{ t(lang, Text::ChooseFinding) }</p> };
    };
    let field = |id: &'static str, key: Text, value: String, set: fn(&mut LetterFields, String)| {
        let cb = props.on_fields.clone();
        let current = props.fields.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut next = current.clone();
            set(&mut next, el.value());
            cb.emit(next);
        });
        html! {
            <div class="field">
                <label for={id}>{ t(lang, key) }</label>
                <input id={id} type="text" value={value} {oninput} autocomplete="off" />
            </div>
        }
    };
    let print = Callback::from(|_| crate::store::print_page());
    let text = letter_text(lang, r, f, &props.fields);
    let lines: Vec<_> = r.transactions.iter().filter(|x| f.transactions.contains(&x.id)).collect();
    let receipts: Vec<_> = r.receipts.iter().filter(|c| f.receipts.contains(&c.id)).collect();
    html! {
        <div class="letter-view">
            <div class="letter-fields no-print">
                { field("letter-name", Text::YourName, props.fields.name.clone(), |l, v| l.name = v) }
                { field("letter-account", Text::YourAccount, props.fields.account.clone(), |l, v| l.account = v) }
                { field("letter-address", Text::YourAddress, props.fields.address.clone(), |l, v| l.address = v) }
                <button id="print-packet" class="primary" onclick={print}>{ t(lang, Text::PrintPacket) }</button>
            </div>
            <article id="packet" class="packet" data-finding={f.id.clone()}>
                <h3 class="print-only">{ format!("{} — {}", t(lang, Text::PacketTitle), finding_title(lang, f)) }</h3>
                <pre id="letter-text" class="letter">{ text }</pre>
                <section class="packet-part">
                    <h4>{ t(lang, Text::PacketLines) }</h4>
                    <ul id="packet-lines">{ for lines.iter().map(|l| html! { <li>{ line_summary(l) }</li> }) }</ul>
                </section>
                if !receipts.is_empty() {
                    <section class="packet-part">
                        <h4>{ t(lang, Text::PacketReceipts) }</h4>
                        <table id="packet-receipts">
                            <tbody>
                            { for receipts.iter().map(|c| {
                                let x = &c.receipt;
                                let cell = |v: Option<String>| v.unwrap_or_else(|| "—".into());
                                html! {
                                    <tr>
                                        <td>{ c.id.clone() }</td>
                                        <td>{ cell(x.merchant.clone()) }</td>
                                        <td>{ cell(x.date.map(|d| d.to_string())) }{ " " }{ cell(x.time.map(|d| d.format("%H:%M").to_string())) }</td>
                                        <td>{ cell(x.total.map(|v| format!("{v} {}", x.currency.map(|c| c.code().to_string()).unwrap_or_default()))) }</td>
                                        <td>{ cell(x.card_last4.as_ref().map(|l| format!("•••• {l}"))) }</td>
                                        <td>{ format!("{:?} / {:?}", x.kind, x.status).to_lowercase() }</td>
                                        <td>{ cell(x.auth_code.as_ref().map(|a| format!("auth {a}"))) }{ " " }{ cell(x.rrn.as_ref().map(|a| format!("RRN {a}"))) }</td>
                                    </tr>
                                }
                            }) }
                            </tbody>
                        </table>
                    </section>
                }
                <section class="packet-part">
                    <h4>{ t(lang, Text::PacketTimeline) }</h4>
                    <ol id="packet-timeline">{ for timeline(lang, r, f).into_iter().map(|(d, w)| html! { <li><time datetime={d.to_string()}>{ d.to_string() }</time>{ format!(" — {w}") }</li> }) }</ol>
                </section>
            </article>
        </div>
    }
}
