//! The widget's Leptos components, one file each: state and lifecycle.
//! The DOM they hand to web-sys is the render layer's (`crate::render`).

pub mod article;
pub mod body;
pub mod embed;
pub mod error_state;
pub mod gallery;
pub mod skeleton;

pub use crate::ui::Ui;
