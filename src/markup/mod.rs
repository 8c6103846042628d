//! Untrusted article HTML: narrow repair of the CMS's broken tags, bounds on
//! nesting and size (`limit`), parsing
//! with the browser's inert `DOMParser`, an allowlist, and safe DOM building.
//!
//! Nothing from the article ever reaches `innerHTML`: the parsed tree is
//! walked into [`clean::RawNode`]s, cleaned into [`clean::SafeNode`]s, and
//! built with `createElement` / `createTextNode`.

pub mod align;
pub mod clean;
pub mod dom;
pub mod gallery;
pub mod limit;
pub mod media;
pub mod picture;
pub mod repair;

pub use clean::{clean, CleanLimits, RawNode, SafeNode, SafeTag, Urls};
pub use limit::limit_markup;
pub use repair::repair_markup;
