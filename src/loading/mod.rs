//! The loading layer: what the widget asks of the network and when. Beside
//! the render layer, neither importing the other; the components join them.
//!
//! - [`api`]: the article's request (timeout, retries, abort, the loader's
//!   prefetched response, bodies read up to the cap) and the view's `POST`;
//! - `retry`: retry timing as plain data;
//! - [`dwell`]: the view rule (half on screen for a continuous second on a
//!   visible page), once per embed;
//! - [`observe`]: "once this element comes into view" (lazy embeds).

pub mod api;
pub mod dwell;
pub mod observe;
mod retry;
