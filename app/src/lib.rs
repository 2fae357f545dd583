//! Minglu in the browser: a Leptos (CSR) view over the engine.
//!
//! The engine runs in a Web Worker (`src/bin/worker/main.rs`) so the page never freezes; the page
//! talks to it through [`bridge`] with the messages of [`protocol`], and shows the answers.
//! Components hold signals and call the engine through the worker — no business rule lives here.

pub mod bridge;
pub mod check;
pub mod dedup;
pub mod components;
pub mod find;
pub mod diff;
pub mod export;
pub mod grid;
pub mod i18n;
pub mod protocol;
pub mod state;
pub mod transport;
pub mod work;

pub use components::app::App;
