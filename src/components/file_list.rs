//! The list of added files: what each was recognised as, how many records
//! were read, its diagnostics in plain words, and a way to fix a wrong guess
//! (read it as another format). Diagnostics are paragraphs, not list items:
//! `#file-list li` means one file.

use crate::i18n::{fill, human_size, t, Lang, Text};
use crate::state::FileEntry;
use slipcheck_core::{DocumentKind, Format, Severity};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Formats a user can choose, in the order a person thinks of them.
pub const CHOICES: [Format; 13] = [
    Format::Csv,
    Format::Ofx,
    Format::Qif,
    Format::Camt,
    Format::Mt940,
    Format::Alipay,
    Format::Wechat,
    Format::Spreadsheet,
    Format::ReceiptText,
    Format::Notice,
    Format::ReceiptHtml,
    Format::ReceiptPdf,
    Format::ReceiptImage,
];

pub fn format_label(lang: Lang, f: Format) -> &'static str {
    match (lang, f) {
        (_, Format::Csv) => "CSV",
        (_, Format::Ofx) => "OFX / QFX",
        (_, Format::Qif) => "QIF",
        (_, Format::Camt) => "camt.05x (ISO 20022)",
        (_, Format::Mt940) => "MT940",
        (Lang::En, Format::Alipay) => "Alipay bill",
        (Lang::Zh, Format::Alipay) => "支付宝账单",
        (Lang::En, Format::Wechat) => "WeChat Pay bill",
        (Lang::Zh, Format::Wechat) => "微信支付账单",
        (Lang::En, Format::Spreadsheet) => "Excel workbook",
        (Lang::Zh, Format::Spreadsheet) => "Excel 表格",
        (Lang::En, Format::ReceiptText) => "Receipt text (card slip)",
        (Lang::Zh, Format::ReceiptText) => "签购单文字",
        (Lang::En, Format::Notice) => "Bank SMS / notice",
        (Lang::Zh, Format::Notice) => "银行短信 / 通知",
        (Lang::En, Format::ReceiptHtml) => "E-receipt (e-mail / HTML)",
        (Lang::Zh, Format::ReceiptHtml) => "电子小票（邮件 / 网页）",
        (Lang::En, Format::ReceiptPdf) => "Receipt PDF",
        (Lang::Zh, Format::ReceiptPdf) => "PDF 凭证",
        (Lang::En, Format::ReceiptImage) => "Photo of a receipt",
        (Lang::Zh, Format::ReceiptImage) => "凭证照片",
        (Lang::En, Format::Unknown) => "Unknown",
        (Lang::Zh, Format::Unknown) => "无法识别",
    }
}

#[derive(Properties, PartialEq)]
pub struct FileListProps {
    pub lang: Lang,
    pub files: Vec<FileEntry>,
    pub on_format: Callback<(String, Format)>,
    pub on_remove: Callback<String>,
}

#[function_component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    let lang = props.lang;
    if props.files.is_empty() {
        return html! { <p class="empty">{ t(lang, Text::NoFiles) }</p> };
    }
    html! {
        <ul class="file-list" id="file-list">
            { for props.files.iter().enumerate().map(|(i, f)| {
                let (class, label) = match f.kind() {
                    DocumentKind::Statement => ("kind kind-statement", t(lang, Text::KindStatement)),
                    DocumentKind::Receipt => ("kind kind-receipt", t(lang, Text::KindReceipt)),
                    DocumentKind::Unknown => ("kind kind-unknown", t(lang, Text::KindUnknown)),
                };
                let select_id = format!("format-{i}");
                let onchange = {
                    let name = f.name.clone();
                    let cb = props.on_format.clone();
                    Callback::from(move |e: Event| {
                        let el: HtmlSelectElement = e.target_unchecked_into();
                        if let Some(fmt) = CHOICES.iter().find(|c| c.as_str() == el.value()) {
                            cb.emit((name.clone(), *fmt));
                        }
                    })
                };
                let remove = {
                    let name = f.name.clone();
                    let cb = props.on_remove.clone();
                    Callback::from(move |_| cb.emit(name.clone()))
                };
                let records = fill(t(lang, Text::Records), &[("n", &f.records().to_string())]);
                html! {
                    <li data-kind={format!("{:?}", f.kind()).to_lowercase()} data-format={f.format.as_str()} data-records={f.records().to_string()}>
                        <div class="file-head">
                            <span class="name">{ &f.name }</span>
                            // A re-imported case has records but no raw file, hence no size.
                            <span class="size">{ if f.bytes.is_some() { human_size(f.size) } else { String::new() } }</span>
                            <span class={class}>{ label }</span>
                            <span class="records">{ records }</span>
                        </div>
                        <div class="file-tools">
                            <label for={select_id.clone()}>{ t(lang, Text::ReadAs) }</label>
                            <select id={select_id} class="format-select" {onchange} disabled={f.bytes.is_none()}>
                                { for CHOICES.iter().chain(std::iter::once(&Format::Unknown)).filter(|c| **c != Format::Unknown || f.format == Format::Unknown).map(|c| html! {
                                    <option value={c.as_str()} selected={*c == f.format}>{ format_label(lang, *c) }</option>
                                }) }
                            </select>
                            if f.format != f.guessed {
                                <span class="overridden">{ fill(t(lang, Text::Overridden), &[("f", format_label(lang, f.guessed))]) }</span>
                            }
                            <button class="remove" aria-label={format!("{} {}", t(lang, Text::Remove), f.name)} onclick={remove}>{ t(lang, Text::Remove) }</button>
                        </div>
                        if f.doc.diagnostics.is_empty() {
                            <p class="diag-ok">{ t(lang, Text::NoProblems) }</p>
                        } else {
                            <div class="diagnostics">
                                { for f.doc.diagnostics.iter().take(20).map(|d| {
                                    let (cls, sev) = match d.severity {
                                        Severity::Error => ("diag diag-error", t(lang, Text::SevError)),
                                        Severity::Warning => ("diag diag-warning", t(lang, Text::SevWarning)),
                                        Severity::Info => ("diag diag-info", t(lang, Text::SevInfo)),
                                    };
                                    html! {
                                        <p class={cls}>
                                            <strong>{ sev }</strong>
                                            if let Some(l) = d.line { <span class="diag-line">{ format!(" ({})", fill(t(lang, Text::Line), &[("n", &l.to_string())])) }</span> }
                                            { format!(": {}", d.message) }
                                            if let Some(h) = &d.hint { <span class="hint">{ format!(" — {h}") }</span> }
                                        </p>
                                    }
                                }) }
                                if f.doc.diagnostics.len() > 20 {
                                    <p class="diag">{ format!("… +{}", f.doc.diagnostics.len() - 20) }</p>
                                }
                            </div>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
