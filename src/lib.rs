//! Slipcheck in the browser: a thin Yew shell over `slipcheck-core`.
//! State lives in [`state`] (a reducer, testable without a browser); the work
//! it hands off is in [`jobs`] (the worker protocol); each component is a file
//! under [`components`]; all UI text is in [`i18n`]; device storage, print and
//! download in [`store`].

pub mod codes;
pub mod engine;
pub mod components;
pub mod correct;
pub mod findings_zh;
pub mod i18n;
pub mod jobs;
pub mod mask;
pub mod ocr;
pub mod sample;
pub mod state;
pub mod store;
pub mod worker;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<components::app::App>::new().render();
}
