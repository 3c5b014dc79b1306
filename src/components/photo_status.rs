//! What the photo reader is doing: downloading its weights (bytes loaded /
//! total, once per device), starting, reading a photo, done or failed.
//! Announced politely to screen readers; failures as alerts.

use crate::i18n::{fill, human_size, t, Lang, Text};
use crate::ocr::{PhotoFailure, Status};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PhotoStatusProps {
    pub lang: Lang,
    pub status: Status,
}

#[function_component(PhotoStatus)]
pub fn photo_status(props: &PhotoStatusProps) -> Html {
    let lang = props.lang;
    match &props.status {
        Status::Idle => html! {},
        Status::Downloading { loaded, total } => {
            let text = fill(t(lang, Text::OcrDownloading), &[("a", &human_size(*loaded)), ("b", &human_size(*total))]);
            html! {
                <div class="progress no-print" id="ocr-status" data-state="downloading" role="status" aria-live="polite">
                    <label for="ocr-progress">{ text }</label>
                    <progress id="ocr-progress" max={total.max(&1).to_string()} value={loaded.to_string()}></progress>
                </div>
            }
        }
        Status::Starting => html! {
            <div class="progress no-print" id="ocr-status" data-state="starting" role="status" aria-live="polite">
                <span>{ t(lang, Text::OcrStarting) }</span>
            </div>
        },
        Status::Reading(name) => html! {
            <div class="progress no-print" id="ocr-status" data-state="reading" role="status" aria-live="polite">
                <label for="ocr-progress">{ fill(t(lang, Text::OcrReading), &[("f", name)]) }</label>
                // No step count to show: an indeterminate bar.
                <progress id="ocr-progress"></progress>
            </div>
        },
        Status::Read { name, ms } => html! {
            <p class="notice no-print" id="ocr-status" data-state="read" data-ms={format!("{ms:.0}")} role="status">
                { fill(t(lang, Text::OcrRead), &[("f", name), ("s", &format!("{:.1}", ms / 1000.0))]) }
            </p>
        },
        Status::Failed { name, why } => {
            let message = match why {
                PhotoFailure::CannotOpen(e) => fill(t(lang, Text::OcrCannotOpen), &[("e", e)]),
                PhotoFailure::CannotStart(e) => fill(t(lang, Text::OcrCannotStart), &[("e", e)]),
                PhotoFailure::NotTaken => t(lang, Text::OcrNotTaken).to_string(),
                PhotoFailure::Reader(m) => m.clone(),
            };
            html! {
                <p class="notice bad" id="ocr-status" data-state="failed" role="alert">
                    { fill(t(lang, Text::OcrFailed), &[("f", name), ("m", &message)]) }
                </p>
            }
        }
    }
}
