//! Slipcheck in the browser: a thin Yew shell over `slipcheck-core`.
//! State lives in [`state`] (a reducer, testable without a browser); each
//! component is a file under [`components`]; all UI text is in [`i18n`].

pub mod components;
pub mod i18n;
pub mod sample;
pub mod state;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<components::app::App>::new().render();
}
