//! The widget's Leptos components, one file each: state and lifecycle.
//! The DOM they hand to web-sys is the render layer's (`crate::render`).

/// The loaded article: header, lead, body, photos, footer link.
pub mod article;
/// The cleaned body, built by the render layer, its images opening the lightbox.
pub mod body;
/// One embed: its load, its states (skeleton, article, error) and their events.
pub mod embed;
/// A failure the reader can read, with "Try again".
pub mod error_state;
/// The article's photos that the body does not show, as a thumbnail grid.
pub mod gallery;
/// Lifecycle as hooks: an embed's load (`use_article`), the header joined
/// to the view it counts (`use_view_count`).
pub mod hooks;
/// The placeholder shown while the article loads.
pub mod skeleton;

pub use crate::ui::Ui;
