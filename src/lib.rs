//! article-embed: a publisher's article, live on a partner's page.
//!
//! Pure logic (contract, URLs, dates, markup repair and cleaning, wording,
//! gallery and retry state) is plain Rust, tested natively. The browser
//! parts (`api`, `intl`, `render`, `element`, `components`, `timer`) run in wasm.

pub use article_embed_core::{contract, date, de, encoding, error, formats, srcset, urls};

pub mod api;
pub mod attributes;
pub mod browser;
pub mod components;
pub mod config;
pub mod dwell;
pub mod element;
pub mod gallery_state;
pub mod i18n;
pub mod intl;
pub mod observe;
pub mod photos;
pub mod render;
pub mod retry;
pub mod timer;
pub mod ui;

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
