//! The widget's Leptos components, one file each: state and lifecycle.
//! The DOM they hand to web-sys is the render layer's (`crate::render`).

/// The loaded article: header, lead, body, photos, footer link.
pub(crate) mod article;
/// The cleaned body, built by the render layer, its images opening the lightbox.
pub(crate) mod body;
/// One embed: its load, its states (skeleton, article, error) and their events.
pub(crate) mod embed;
/// A failure the reader can read, with "Try again".
pub(crate) mod error_state;
/// The article's photos that the body does not show, as a thumbnail grid.
pub(crate) mod gallery;
/// Lifecycle as hooks: an embed's load (`use_article`), the header joined
/// to the view it counts (`use_view_count`).
pub(crate) mod hooks;
/// The placeholder shown while the article loads.
pub(crate) mod skeleton;

pub(crate) use crate::ui::Ui;
