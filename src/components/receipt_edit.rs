//! Checking and correcting what was read from a photo: every field of each
//! receipt on it, as an ordinary labelled form control, with the part of
//! the photo the field was read from beside it (the OCR line's box, cut out
//! of the original picture with CSS), how sure the reading was, and whether
//! the user corrected it. A change is applied at once (on `change`: Enter or
//! leaving the field) and the case re-solves; a value that cannot be used is
//! refused with the reason, next to the field.

use crate::correct::{self, Correction, Field, FIELDS, KINDS, STATUSES};
use crate::i18n::{fill, t, Lang, Text};
use crate::ocr::PhotoEntry;
use slipcheck_core::receipt::{Receipt, ReceiptKind, ReceiptStatus};
use std::collections::HashMap;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReceiptEditProps {
    pub lang: Lang,
    pub entry: PhotoEntry,
    /// Makes element ids unique on the page (file names may hold anything).
    pub idx: usize,
    /// The entry with the new correction applied.
    pub on_change: Callback<PhotoEntry>,
}

pub fn field_label(lang: Lang, f: Field) -> &'static str {
    t(
        lang,
        match f {
            Field::Merchant => Text::FieldMerchant,
            Field::Date => Text::FieldDate,
            Field::Time => Text::FieldTime,
            Field::Total => Text::FieldTotal,
            Field::Subtotal => Text::FieldSubtotal,
            Field::Tax => Text::FieldTax,
            Field::Tip => Text::FieldTip,
            Field::Currency => Text::FieldCurrency,
            Field::CardLast4 => Text::FieldCardLast4,
            Field::AuthCode => Text::FieldAuthCode,
            Field::Kind => Text::FieldKind,
            Field::Status => Text::FieldStatus,
            Field::Rrn => Text::FieldRrn,
            Field::Trace => Text::FieldTrace,
            Field::Mid => Text::FieldMid,
            Field::Tid => Text::FieldTid,
        },
    )
}

fn kind_label(lang: Lang, k: ReceiptKind) -> &'static str {
    t(
        lang,
        match k {
            ReceiptKind::Sale => Text::KindSale,
            ReceiptKind::Void => Text::KindVoid,
            ReceiptKind::Refund => Text::KindRefund,
            ReceiptKind::Preauth => Text::KindPreauth,
            ReceiptKind::Completion => Text::KindCompletion,
            ReceiptKind::Notice => Text::KindNotice,
        },
    )
}

fn status_label(lang: Lang, s: ReceiptStatus) -> &'static str {
    t(
        lang,
        match s {
            ReceiptStatus::Approved => Text::StatusApproved,
            ReceiptStatus::Declined => Text::StatusDeclined,
            ReceiptStatus::Failed => Text::StatusFailed,
            ReceiptStatus::Fault => Text::StatusFault,
        },
    )
}

/// A crop on screen is this tall (CSS pixels), unless that would make it
/// wider than `CROP_WIDTH`.
const CROP_HEIGHT: f64 = 36.0;
const CROP_WIDTH: f64 = 420.0;

#[function_component(ReceiptEdit)]
pub fn receipt_edit(props: &ReceiptEditProps) -> Html {
    let lang = props.lang;
    let errors = use_state(HashMap::<(usize, Field), correct::Refusal>::new);
    let entry = &props.entry;
    let url = crate::ocr::photo_url(&entry.name);
    let heading_id = format!("photo-check-{}", props.idx);

    let receipts = entry.doc.receipts.iter().enumerate().map(|(ri, r)| {
        let rows = FIELDS.iter().map(|&f| {
            let id = format!("pc-{}-{ri}-{}", props.idx, f.name());
            let note_id = format!("{id}-note");
            let commit = {
                let entry = entry.clone();
                let errors = errors.clone();
                let on_change = props.on_change.clone();
                move |value: String| {
                    let c = Correction { receipt: ri, field: f, value };
                    let mut trial: Receipt = entry.doc.receipts.get(ri).cloned().unwrap_or_default();
                    let mut errs = (*errors).clone();
                    match correct::apply(&mut trial, &c) {
                        Ok(()) => {
                            errs.remove(&(ri, f));
                            errors.set(errs);
                            on_change.emit(entry.corrected(c));
                        }
                        Err(e) => {
                            errs.insert((ri, f), e);
                            errors.set(errs);
                        }
                    }
                }
            };
            let value = correct::current(r, f);
            let control = match f {
                Field::Kind | Field::Status => {
                    let onchange = Callback::from(move |e: Event| {
                        let el: HtmlSelectElement = e.target_unchecked_into();
                        commit(el.value());
                    });
                    let options: Vec<(String, &str)> = if f == Field::Kind {
                        KINDS.iter().map(|k| (correct::enum_name(k), kind_label(lang, *k))).collect()
                    } else {
                        STATUSES.iter().map(|s| (correct::enum_name(s), status_label(lang, *s))).collect()
                    };
                    html! {
                        <select id={id.clone()} name={f.name()} aria-describedby={note_id.clone()} {onchange}>
                            { for options.into_iter().map(|(v, label)| html! {
                                <option value={v.clone()} selected={v == value}>{ label }</option>
                            }) }
                        </select>
                    }
                }
                _ => {
                    let onchange = Callback::from(move |e: Event| {
                        let el: HtmlInputElement = e.target_unchecked_into();
                        commit(el.value());
                    });
                    let (kind, inputmode, step) = match f {
                        Field::Date => ("date", None, None),
                        Field::Time => ("time", None, Some("1")),
                        Field::Total | Field::Subtotal | Field::Tax | Field::Tip => ("text", Some("decimal"), None),
                        Field::CardLast4 => ("text", Some("numeric"), None),
                        _ => ("text", None, None),
                    };
                    html! {
                        <input id={id.clone()} name={f.name()} type={kind} {inputmode} {step} value={value.clone()}
                            aria-describedby={note_id.clone()} {onchange} />
                    }
                }
            };
            let corrected = entry.corrections.iter().any(|c| c.receipt == ri && c.field == f);
            let line = r.lines.get(f.name()).copied();
            let note = if corrected {
                t(lang, Text::CorrectedByYou).to_string()
            } else if value.is_empty() || line.is_none() {
                t(lang, Text::NotOnPhoto).to_string()
            } else {
                let p = r.confidence.get(f.name()).map(|c| (c * 100.0).round() as i64).unwrap_or(0);
                fill(t(lang, Text::ReadWith), &[("p", &p.to_string())])
            };
            let crop = match (&url, line.and_then(|n| entry.photo.crop(n).map(|c| (n, c)))) {
                (Some(url), Some((n, [x, y, w, h]))) => {
                    let (pw, ph) = (entry.photo.width as f64, entry.photo.height as f64);
                    // CSS pixels per photo pixel: text at about one size
                    // whatever the photo's resolution, a long line narrowed
                    // to fit.
                    let s = (CROP_HEIGHT / (h * ph)).min(CROP_WIDTH / (w * pw));
                    let text = entry.photo.lines.get(n as usize - 1).map(|l| l.text.as_str()).unwrap_or("");
                    let alt = fill(t(lang, Text::CropAlt), &[("field", field_label(lang, f)), ("line", text)]);
                    html! {
                        <div class="photo-crop" data-line={n.to_string()}
                            style={format!("position:relative;overflow:hidden;width:{:.1}px;height:{:.1}px;border:1px solid #888;border-radius:4px;background:#fff", w * pw * s, h * ph * s)}>
                            <img src={url.clone()} alt={alt} title={text.to_string()}
                                style={format!("position:absolute;max-width:none;left:{:.1}px;top:{:.1}px;width:{:.1}px;height:{:.1}px", -x * pw * s, -y * ph * s, pw * s, ph * s)} />
                        </div>
                    }
                }
                _ => html! {},
            };
            let error = (*errors).get(&(ri, f)).cloned();
            html! {
                <div class="field photo-field" data-field={f.name()} data-corrected={corrected.to_string()}>
                    <label for={id.clone()}>{ field_label(lang, f) }</label>
                    { control }
                    <span class="photo-note" id={note_id}>{ note }</span>
                    { crop }
                    if let Some(e) = error {
                        <p class="photo-error" role="alert">{ e.text(lang) }</p>
                    }
                </div>
            }
        });
        html! { <fieldset class="photo-receipt" data-receipt={ri.to_string()}>
            <legend>{ format!("#{}", ri + 1) }</legend>
            { for rows }
        </fieldset> }
    });

    html! {
        <section class="photo-check" aria-labelledby={heading_id.clone()} data-file={entry.name.clone()}>
            <h3 id={heading_id}>{ fill(t(lang, Text::CheckPhotoHeading), &[("f", &entry.name)]) }</h3>
            <p class="hint">{ t(lang, Text::CheckPhotoHint) }</p>
            { for receipts }
            <p class="photo-notice">
                { t(lang, Text::OcrNotice) }{ " " }
                <a href="models/NOTICE" target="_blank" rel="noopener">{ "NOTICE" }</a>
            </p>
        </section>
    }
}
