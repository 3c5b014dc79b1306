//! The list of added files: what each was recognised as, how many records
//! were read, its diagnostics in plain words, and a way to fix a wrong guess
//! (read it as another format). Diagnostics are paragraphs, not list items:
//! `#file-list li` means one file.

use crate::i18n::{fill, human_size, t, Lang, Text};
use crate::state::FileEntry;
use slipcheck_core::{DocumentKind, Format, Severity};
use slipcheck_core::statement::csv::{ColumnChoice, ColumnRole, CsvLayout, CsvOptions};
use slipcheck_core::statement::dates::DateOrder;
use web_sys::{HtmlInputElement, HtmlSelectElement};
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
    pub files: std::rc::Rc<Vec<FileEntry>>,
    pub on_format: Callback<(String, Format)>,
    pub on_remove: Callback<String>,
    /// The user's corrections of how a table was read (file name, options).
    #[prop_or_default]
    pub on_csv: Callback<(String, CsvOptions)>,
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
                            <span class="size">{ if f.has_bytes { human_size(f.size) } else { String::new() } }</span>
                            <span class={class}>{ label }</span>
                            <span class="records">{ records }</span>
                        </div>
                        <div class="file-tools">
                            <label for={select_id.clone()}>{ t(lang, Text::ReadAs) }</label>
                            <select id={select_id} class="format-select" {onchange} disabled={!f.has_bytes}>
                                { for CHOICES.iter().chain(std::iter::once(&Format::Unknown)).filter(|c| **c != Format::Unknown || f.format == Format::Unknown).map(|c| html! {
                                    <option value={c.as_str()} selected={*c == f.format}>{ format_label(lang, *c) }</option>
                                }) }
                            </select>
                            if f.format != f.guessed {
                                <span class="overridden">{ fill(t(lang, Text::Overridden), &[("f", format_label(lang, f.guessed))]) }</span>
                            }
                            <button class="remove" aria-label={format!("{} {}", t(lang, Text::Remove), f.name)} onclick={remove}>{ t(lang, Text::Remove) }</button>
                        </div>
                        if let Some(layout) = f.layout.as_ref().filter(|_| f.has_bytes) {
                            { layout_editor(lang, i, &f.name, layout, &f.csv, &props.on_csv) }
                        }
                        if f.diagnostics.is_empty() {
                            <p class="diag-ok">{ t(lang, Text::NoProblems) }</p>
                        } else {
                            <div class="diagnostics">
                                { for f.diagnostics.iter().take(20).map(|d| {
                                    let (cls, sev) = match d.severity {
                                        Severity::Error => ("diag diag-error", t(lang, Text::SevError)),
                                        Severity::Warning => ("diag diag-warning", t(lang, Text::SevWarning)),
                                        Severity::Info => ("diag diag-info", t(lang, Text::SevInfo)),
                                    };
                                    // The readers' diagnostics carry a code and values; core's
                                    // table words them in the page's language.
                                    let (message, hint) = d.text(lang.core());
                                    html! {
                                        <p class={cls} data-code={d.code.clone()}>
                                            <strong>{ sev }</strong>
                                            if let Some(l) = d.line { <span class="diag-line">{ format!(" ({})", fill(t(lang, Text::Line), &[("n", &l.to_string())])) }</span> }
                                            { format!(": {message}") }
                                            if let Some(h) = hint { <span class="hint">{ format!(" — {h}") }</span> }
                                        </p>
                                    }
                                }) }
                                if f.diagnostics_total > 20 {
                                    <p class="diag">{ format!("… +{}", f.diagnostics_total - 20) }</p>
                                }
                            </div>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

/// Roles a user picks from, in the order a person thinks of them.
pub const ROLE_CHOICES: [ColumnRole; 19] = [
    ColumnRole::Date,
    ColumnRole::Posted,
    ColumnRole::Time,
    ColumnRole::Description,
    ColumnRole::Counterparty,
    ColumnRole::Memo,
    ColumnRole::Amount,
    ColumnRole::Debit,
    ColumnRole::Credit,
    ColumnRole::Currency,
    ColumnRole::Balance,
    ColumnRole::Status,
    ColumnRole::Card,
    ColumnRole::Reference,
    ColumnRole::AuthCode,
    ColumnRole::Fee,
    ColumnRole::Category,
    ColumnRole::Type,
    ColumnRole::Ignore,
];

fn role_key(r: ColumnRole) -> String {
    serde_json::to_value(r).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

pub fn role_label(lang: Lang, r: ColumnRole) -> String {
    use ColumnRole as C;
    let (en, zh) = match r {
        C::Date => ("Date", "交易日期"),
        C::Posted => ("Posting date", "记账日期"),
        C::ValueDate => ("Value date", "起息日"),
        C::Time => ("Time", "交易时间"),
        C::Description => ("Description", "摘要"),
        C::Counterparty => ("Counterparty", "对方"),
        C::Memo => ("Note", "备注"),
        C::Amount => ("Amount (signed)", "金额（带正负号）"),
        C::Debit => ("Money out", "支出"),
        C::Credit => ("Money in", "收入"),
        C::Direction => ("In / out", "收支方向"),
        C::Currency => ("Currency", "币种"),
        C::OriginalAmount => ("Original amount", "原币金额"),
        C::OriginalCurrency => ("Original currency", "原币币种"),
        C::FxRate => ("Exchange rate", "汇率"),
        C::Balance => ("Balance", "余额"),
        C::Status => ("Status", "状态"),
        C::Card => ("Card number", "卡号"),
        C::Account => ("Account", "账户"),
        C::OrderId => ("Order number", "订单号"),
        C::MerchantOrderId => ("Merchant order number", "商户订单号"),
        C::Reference => ("Reference", "参考号"),
        C::Rrn => ("RRN", "检索参考号"),
        C::AuthCode => ("Authorisation code", "授权码"),
        C::Voucher => ("Voucher number", "凭证号"),
        C::Category => ("Category", "类别"),
        C::Type => ("Transaction type", "交易类型"),
        C::Fee => ("Fee", "手续费"),
        C::Tip => ("Tip", "小费"),
        C::PaymentMethod => ("Payment method", "支付方式"),
        C::Id => ("Transaction ID", "交易号"),
        C::ResponseCode => ("Response code", "应答码"),
        C::Ignore => ("Not read", "不读取"),
    };
    if lang == Lang::Zh { zh } else { en }.to_string()
}

fn order_key(o: DateOrder) -> &'static str {
    match o {
        DateOrder::Ymd => "ymd",
        DateOrder::Mdy => "mdy",
        DateOrder::Dmy => "dmy",
    }
}

/// What the reader guessed for one table, each part changeable: a change
/// re-reads the file in the worker with the user's options.
fn layout_editor(lang: Lang, i: usize, name: &str, layout: &CsvLayout, csv: &CsvOptions, on_csv: &Callback<(String, CsvOptions)>) -> Html {
    let emit = |change: fn(&mut CsvOptions, String)| {
        let cb = on_csv.clone();
        let name = name.to_string();
        let current = csv.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<HtmlSelectElement>().map(|el| el.value())
                .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|el| el.value()))
                .unwrap_or_default();
            let mut next = current.clone();
            change(&mut next, value);
            cb.emit((name.clone(), next));
        })
    };
    let id = |part: &str| format!("layout-{i}-{part}");
    let reset = {
        let cb = on_csv.clone();
        let name = name.to_string();
        Callback::from(move |_| cb.emit((name.clone(), CsvOptions::default())))
    };
    html! {
        <details class="layout" id={id("box")} data-date-order={layout.date_order.map(order_key).unwrap_or("")} open={layout.forced}>
            <summary>{ t(lang, Text::LayoutHeading) }
                if layout.forced { <span class="overridden">{ format!(" ({})", t(lang, Text::LayoutForced)) }</span> }
            </summary>
            <div class="layout-fields">
                <div class="field">
                    <label for={id("date-order")}>{ t(lang, Text::DateOrder) }</label>
                    <select id={id("date-order")} class="date-order" onchange={emit(|o, v| {
                        o.date_order = match v.as_str() { "ymd" => Some(DateOrder::Ymd), "mdy" => Some(DateOrder::Mdy), "dmy" => Some(DateOrder::Dmy), _ => None };
                    })}>
                        { for [(DateOrder::Ymd, Text::OrderYmd), (DateOrder::Mdy, Text::OrderMdy), (DateOrder::Dmy, Text::OrderDmy)].into_iter().map(|(o, label)| html! {
                            <option value={order_key(o)} selected={layout.date_order == Some(o)}>{ t(lang, label) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for={id("decimal")}>{ t(lang, Text::DecimalMark) }</label>
                    <select id={id("decimal")} class="decimal-mark" onchange={emit(|o, v| o.decimal_mark = v.chars().next())}>
                        <option value="." selected={layout.decimal_mark != Some(',')}>{ t(lang, Text::MarkPoint) }</option>
                        <option value="," selected={layout.decimal_mark == Some(',')}>{ t(lang, Text::MarkComma) }</option>
                    </select>
                </div>
                <div class="field">
                    <label for={id("year")}>{ t(lang, Text::YearForDates) }</label>
                    <input id={id("year")} class="year" type="number" min="1990" max="2100" inputmode="numeric"
                        value={layout.year.or(csv.year).map(|y| y.to_string()).unwrap_or_default()}
                        onchange={emit(|o, v| o.year = v.trim().parse().ok())} />
                </div>
                { for layout.roles.iter().enumerate().map(|(c, role)| {
                    let header = layout.headers.get(c).filter(|h| !h.trim().is_empty()).cloned()
                        .unwrap_or_else(|| fill(t(lang, Text::ColumnN), &[("n", &(c + 1).to_string())]));
                    let cb = on_csv.clone();
                    let name = name.to_string();
                    let current = csv.clone();
                    let onchange = Callback::from(move |e: Event| {
                        let el: HtmlSelectElement = e.target_unchecked_into();
                        let Some(r) = ROLE_CHOICES.iter().find(|r| role_key(**r) == el.value()) else { return };
                        let mut next = current.clone();
                        next.columns.retain(|x| x.index != c);
                        next.columns.push(ColumnChoice { index: c, role: *r });
                        cb.emit((name.clone(), next));
                    });
                    let col_id = id(&format!("col-{c}"));
                    html! {
                        <div class="field column-role">
                            <label for={col_id.clone()}>{ header }</label>
                            <select id={col_id} class="role-select" data-column={c.to_string()} {onchange}>
                                { for ROLE_CHOICES.iter().copied().chain((!ROLE_CHOICES.contains(role)).then_some(*role)).map(|r| html! {
                                    <option value={role_key(r)} selected={r == *role}>{ role_label(lang, r) }</option>
                                }) }
                            </select>
                        </div>
                    }
                }) }
                if !csv.is_empty() {
                    <button class="reset-layout" id={id("reset")} onclick={reset}>{ t(lang, Text::ResetLayout) }</button>
                }
            </div>
        </details>
    }
}
