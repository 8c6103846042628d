//! The render layer: DOM the widget builds with web-sys rather than with
//! Leptos.
//!
//! The rule: Leptos components hold state and lifecycle (loading, error,
//! retry, the lightbox's open photo, events); DOM that is built once from
//! untrusted data, or that is large and static once built, is built here
//! with `createElement` / `createTextNode` (never `innerHTML`), because
//! there it costs less: the measurements that decided each part are in
//! docs/performance.md (size). Today: the body and the thumbnail grid
//! ([`body`]); the header and the lightbox's static frame still build
//! theirs in `components/header.rs` and `components/lightbox.rs`.

pub mod body;
