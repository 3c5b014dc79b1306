//! Findings: one card per case, most money at stake first, with the plain
//! explanation, "is this really a dispute?", the deadline with days left,
//! reason codes per network, the steps as a checklist to tick, and the
//! evidence; reassurances for the traps that are not disputes.

use crate::findings_zh;
use crate::i18n::{fill, t, Lang, Text};
use crate::mask::mask_pans;
use slipcheck_core::reconcile::{advice, CheckReport, Finding};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

pub fn finding_title(lang: Lang, f: &Finding) -> String {
    let label = match lang {
        Lang::En => advice::label(&f.kind),
        Lang::Zh => advice::label_zh(&f.kind),
    };
    match &f.merchant {
        Some(m) => format!("{label} — {m}"),
        None => label.to_string(),
    }
}

pub fn steps(lang: Lang, f: &Finding) -> Vec<String> {
    match lang {
        Lang::En => f.steps.clone(),
        Lang::Zh => findings_zh::steps(&f.kind).into_iter().map(String::from).collect(),
    }
}

/// The evidence sentences (the core's, or built in Chinese from the records).
pub fn evidence(lang: Lang, r: &CheckReport, f: &Finding) -> Vec<String> {
    match lang {
        Lang::En => f.evidence.iter().map(|e| mask_pans(e)).collect(),
        Lang::Zh => findings_zh::evidence(r, f),
    }
}

pub fn checklist(lang: Lang, f: &Finding) -> Vec<String> {
    match lang {
        Lang::En => f.checklist.clone(),
        Lang::Zh => findings_zh::checklist(&f.kind).into_iter().map(String::from).collect(),
    }
}

/// Most money at stake first; ties by date.
pub fn sorted(findings: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = findings.iter().collect();
    v.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.date.cmp(&b.date)));
    v
}

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub lang: Lang,
    pub report: Rc<CheckReport>,
    pub ticked: BTreeSet<String>,
    pub on_tick: Callback<String>,
    pub on_open: Callback<String>,
}

#[function_component(Findings)]
pub fn findings(props: &FindingsProps) -> Html {
    let lang = props.lang;
    let r = &props.report;
    html! {
        <div class="findings">
            if r.findings.is_empty() {
                <p class="empty" id="no-findings">{ t(lang, Text::NoFindings) }</p>
            }
            <ol class="finding-cards" id="findings">
                { for sorted(&r.findings).into_iter().map(|f| {
                    let open = {
                        let cb = props.on_open.clone();
                        let id = f.id.clone();
                        Callback::from(move |_| cb.emit(id.clone()))
                    };
                    let heading_id = format!("finding-{}", f.id);
                    html! {
                        <li class="finding" data-kind={f.kind.clone()} data-id={f.id.clone()} aria-labelledby={heading_id.clone()}>
                            <div class="finding-head">
                                <h3 id={heading_id}>{ finding_title(lang, f) }</h3>
                                <p class="stake"><span class="money">{ format!("{} {}", f.amount, f.currency) }</span>{ format!(" {}", t(lang, Text::AtStake)) }
                                    if let Some(d) = f.date { <span class="date">{ format!(" · {d}") }</span> }
                                </p>
                            </div>
                            if lang == Lang::En && !f.title.is_empty() {
                                <p class="explain">{ mask_pans(&f.title) }</p>
                            }
                            if let Some(d) = &f.deadline {
                                <p class={classes!("deadline", d.days_left.is_some_and(|n| n < 0).then_some("overdue"))}>
                                    <strong>{ format!("{}: ", t(lang, Text::Deadline)) }</strong>
                                    { d.date.to_string() }
                                    if let Some(n) = d.days_left {
                                        <span class="days-left">{ format!(" ({})", if n >= 0 { fill(t(lang, Text::DaysLeft), &[("n", &n.to_string())]) } else { fill(t(lang, Text::Overdue), &[("n", &(-n).to_string())]) }) }</span>
                                    }
                                    { match lang {
                                        Lang::En => html! { <span class="basis">{ format!(" — {}", d.basis) }</span> },
                                        Lang::Zh => html! { <span class="basis">{ format!("（{}）", findings_zh::basis(&d.basis)) }</span> },
                                    } }
                                </p>
                            }
                            <details class="really" open=true>
                                <summary>{ t(lang, Text::IsItDispute) }</summary>
                                <p>{ match lang { Lang::En => f.really_a_dispute.clone(), Lang::Zh => findings_zh::really_a_dispute(&f.kind).to_string() } }</p>
                            </details>
                            if !f.reason_codes.is_empty() {
                                <div class="reason-codes">
                                    <h4>{ t(lang, Text::ReasonCodes) }</h4>
                                    <ul>
                                        { for f.reason_codes.iter().map(|c| html! {
                                            <li data-network={c.network.clone()}><strong>{ format!("{} {}", c.network.to_uppercase(), c.code) }</strong>{ format!(" — {}", if lang == Lang::Zh { findings_zh::reason_title(c) } else { c.title.clone() }) }
                                                if let Some(days) = c.time_limit_days { { if lang == Lang::Zh { format!("（{days} 天）") } else { format!(" ({days} d)") } } }
                                            </li>
                                        }) }
                                    </ul>
                                </div>
                            }
                            <div class="steps">
                                <h4>{ t(lang, Text::Steps) }</h4>
                                <ul class="checklist">
                                    { for steps(lang, f).iter().enumerate().map(|(i, s)| {
                                        let key = format!("{}|{}", f.id, i);
                                        let checked = props.ticked.contains(&key);
                                        let id = format!("step-{}-{}", f.id, i);
                                        let cb = props.on_tick.clone();
                                        let k = key.clone();
                                        html! {
                                            <li class={classes!(checked.then_some("done"))}>
                                                <input type="checkbox" id={id.clone()} checked={checked} onchange={Callback::from(move |_| cb.emit(k.clone()))} />
                                                <label for={id}>{ s.clone() }</label>
                                            </li>
                                        }
                                    }) }
                                </ul>
                            </div>
                            if !f.evidence.is_empty() || !f.checklist.is_empty() {
                                <details class="evidence">
                                    <summary>{ t(lang, Text::Evidence) }</summary>
                                    <ul>{ for evidence(lang, r, f).into_iter().map(|e| html! { <li>{ e }</li> }) }</ul>
                                    if !f.checklist.is_empty() {
                                        <h4>{ t(lang, Text::Checklist) }</h4>
                                        <ul>{ for checklist(lang, f).into_iter().map(|e| html! { <li>{ e }</li> }) }</ul>
                                    }
                                </details>
                            }
                            <button class="primary open-letter" onclick={open}>{ t(lang, Text::OpenLetter) }</button>
                        </li>
                    }
                }) }
            </ol>
            if !r.reassurances.is_empty() {
                <h3 id="reassurances-heading">{ t(lang, Text::Reassurances) }</h3>
                <ul class="reassurances" id="reassurances">
                    { for r.reassurances.iter().map(|a| html! {
                        <li data-kind={a.kind.clone()}>{ match lang { Lang::En => mask_pans(&a.words), Lang::Zh => findings_zh::reassurance(&a.kind).to_string() } }</li>
                    }) }
                </ul>
            }
        </div>
    }
}
