//! article-embed: a publisher's article, live on a partner's page.
//!
//! Pure logic (contract, URLs, dates, markup repair and cleaning, wording,
//! gallery and retry state) is plain Rust, tested natively. The browser
//! parts (`api`, `intl`, `markup::dom`, `element`, `components`) run in wasm.

pub mod api;
pub mod components;
pub mod config;
pub mod contract;
pub mod date;
pub mod de;
pub mod element;
pub mod gallery_state;
pub mod i18n;
pub mod intl;

pub mod markup;
pub mod observe;
pub mod photos;
pub mod retry;
pub mod urls;

/// Entry point of the wasm module: report panics to the console (one should
/// never happen; clippy denies the usual causes), then define the element.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("article-embed panicked: {info}");
        web_sys::console::error_1(&message.into());
    }));
    element::define();
}
