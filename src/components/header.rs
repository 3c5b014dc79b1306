//! Header: title, the consumer / merchant switch, English / 简体中文, and the
//! "forget everything on this device" button (two steps, so a stray tap on a
//! tablet does not erase a case).

use crate::i18n::{t, Lang, Text};
use crate::state::Mode;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub on_lang: Callback<Lang>,
    pub mode: Mode,
    pub on_mode: Callback<Mode>,
    pub on_forget: Callback<()>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let confirming = use_state(|| false);
    let button = |l: Lang, label: &'static str, id: &'static str| {
        let on_lang = props.on_lang.clone();
        html! {
            <button id={id} lang={l.html_tag()} aria-pressed={(props.lang == l).to_string()} onclick={Callback::from(move |_| on_lang.emit(l))}>
                { label }
            </button>
        }
    };
    let tab = |m: Mode, key: Text, id: &'static str| {
        let on_mode = props.on_mode.clone();
        html! {
            <button id={id} role="tab" aria-selected={(props.mode == m).to_string()} class="tab" onclick={Callback::from(move |_| on_mode.emit(m))}>
                { t(props.lang, key) }
            </button>
        }
    };
    let ask = {
        let c = confirming.clone();
        Callback::from(move |_| c.set(true))
    };
    let cancel = {
        let c = confirming.clone();
        Callback::from(move |_| c.set(false))
    };
    let forget = {
        let c = confirming.clone();
        let on_forget = props.on_forget.clone();
        Callback::from(move |_| {
            c.set(false);
            on_forget.emit(());
        })
    };
    let lang = props.lang;
    html! {
        <header class="app-header">
            <div class="brand">
                <h1 id="app-title">{ t(lang, Text::AppTitle) }</h1>
                <p class="tagline">{ t(lang, Text::Tagline) }</p>
            </div>
            <div class="header-tools">
                <div class="lang-switch" role="group" aria-label={t(lang, Text::Language)}>
                    { button(Lang::En, "English", "lang-en") }
                    { button(Lang::Zh, "简体中文", "lang-zh") }
                </div>
                if *confirming {
                    <div class="forget-confirm" role="alertdialog" aria-labelledby="forget-confirm">
                        <button id="forget-confirm" class="danger" onclick={forget}>{ t(lang, Text::ForgetConfirm) }</button>
                        <button id="forget-cancel" onclick={cancel}>{ t(lang, Text::Cancel) }</button>
                    </div>
                } else {
                    <button id="forget" class="danger-outline" onclick={ask}>{ t(lang, Text::Forget) }</button>
                }
            </div>
            <nav class="tabs" role="tablist" aria-label={t(lang, Text::ToolsLabel)}>
                { tab(Mode::Consumer, Text::ModeConsumer, "mode-consumer") }
                { tab(Mode::Merchant, Text::ModeMerchant, "mode-merchant") }
            </nav>
        </header>
    }
}
