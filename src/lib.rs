//! article-embed: a publisher's article, live on a partner's page.
//!
//! Layers, bottom-up; none imports one above it, and loading and render,
//! side by side, not each other (`scripts/modules.py layers` checks):
//! - the pure crates: `article_embed_core` (the contract, the formats,
//!   URLs, dates) and `article_embed_markup` (the body's allowlist);
//! - the widget's ground: `browser` (the browser's parsers), `timer`,
//!   `i18n` and `intl` (words, dates, numbers), `ui` (the reader's
//!   language), [`attributes`] (the element's attributes, as a table) and
//!   [`config`] (them read);
//! - [`loading`] (requests, retries, the view rule) beside [`render`] (DOM
//!   from cleaned content and the photos, nothing else);
//! - `components`: state and lifecycle, Leptos components and the hooks
//!   that join a drawn article to its requests;
//! - the element on top: `element`.

// Public: what the native tests and the docs' examples use (and `start`,
// main.rs's); everything else is the crate's own (`unreachable_pub` keeps
// it `pub(crate)`).
pub mod attributes;
mod browser;
mod components;
pub mod config;
mod element;
mod i18n;
mod intl;
pub mod loading;
pub mod render;
mod timer;
mod ui;

/// Entry point of the wasm module: report panics to the console (one should
/// never happen; clippy denies the usual causes), then define the element.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        // The message's text and where, without formatting the panic's
        // arguments: that would link `{:?}` formatting into the wasm.
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("");
        let place = info
            .location()
            .map(|l| [l.file(), ":", &l.line().to_string()].concat())
            .unwrap_or_default();
        web_sys::console::error_3(
            &"article-embed panicked:".into(),
            &message.into(),
            &place.into(),
        );
    }));
    element::define();
}
