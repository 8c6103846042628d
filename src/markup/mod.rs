//! Untrusted article HTML, in plain Rust: narrow repair of the CMS's broken
//! tags, bounds on nesting and size (`limit`), and the allowlist the parsed
//! tree is cleaned by (`policy`, `clean`). Parsing with the browser's inert
//! `DOMParser` and building the DOM are the render layer's
//! (`crate::render::body`).
//!
//! Nothing from the article ever reaches `innerHTML`: the parsed tree is
//! read into [`clean::RawNode`]s (from one flattened string, [`flat`]),
//! cleaned into [`clean::SafeNode`]s, and built with `createElement` /
//! `createTextNode` from [`flat::Ops`]' instructions.

// Bottom-up: none imports a module listed after it.
pub mod a11y;
pub mod align;
pub mod attrs;
pub mod clean;
pub mod flat;
pub mod gallery;
pub mod limit;
pub mod math;
pub mod media;
pub mod node;
pub mod passes;
pub mod picture;
pub mod policy;
pub mod repair;
pub mod serialize;
pub mod tables;

pub use clean::{clean, CleanLimits, RawNode, SafeNode, SafeTag, Urls};
pub use limit::limit_markup;
pub use repair::repair_markup;
