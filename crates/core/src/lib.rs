//! The article contract and the publishing formats, as plain Rust.
//!
//! One implementation, compiled into both halves of article-embed: the
//! widget (wasm, in the reader's browser) and the publisher's server
//! (native). What each side parses with differs — the browser's inert
//! `DOMParser` and `TextDecoder` in the widget, parser crates on a server —
//! and comes in through [`Platform`]; everything else (which format a
//! document is, how each maps to the contract, validation, limits, the URL
//! policy, dates, `srcset`) is here, tested natively.
//!
//! Modules, bottom-up (none imports one above it):
//! [`urls`], [`date`], [`srcset`] → [`encoding`], [`de`] → [`error`] → [`contract`] →
//! [`formats`].

pub mod contract;
pub mod date;
pub mod de;
pub mod encoding;
pub mod error;
pub mod formats;
pub mod srcset;
pub mod urls;

pub use formats::Platform;
