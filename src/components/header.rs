//! Header with the title and the English / 简体中文 switch.

use crate::i18n::{t, Lang, Text};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub on_lang: Callback<Lang>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let button = |l: Lang, label: &'static str, id: &'static str| {
        let on_lang = props.on_lang.clone();
        html! {
            <button id={id} aria-pressed={(props.lang == l).to_string()} onclick={Callback::from(move |_| on_lang.emit(l))}>
                { label }
            </button>
        }
    };
    html! {
        <header class="app-header">
            <div>
                <h1 id="app-title">{ t(props.lang, Text::AppTitle) }</h1>
                <p class="tagline">{ t(props.lang, Text::Tagline) }</p>
            </div>
            <div class="lang-switch" role="group" aria-label={t(props.lang, Text::Language)}>
                { button(Lang::En, "English", "lang-en") }
                { button(Lang::Zh, "简体中文", "lang-zh") }
            </div>
        </header>
    }
}
