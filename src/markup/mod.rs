//! Untrusted article HTML: narrow repair of the CMS's broken tags, parsing
//! with the browser's inert `DOMParser`, an allowlist, and safe DOM building.
//!
//! Nothing from the article ever reaches `innerHTML`: the parsed tree is
//! walked into [`clean::RawNode`]s, cleaned into [`clean::SafeNode`]s, and
//! built with `createElement` / `createTextNode`.

pub mod clean;
pub mod dom;
pub mod repair;

pub use clean::{clean, CleanLimits, RawNode, SafeNode, SafeTag};
pub use repair::repair_markup;
