//! The render layer: DOM the widget builds with web-sys rather than with
//! Leptos.
//!
//! The rule: Leptos components hold state and lifecycle (loading, error,
//! retry, the lightbox's open photo, events); DOM that is built once from
//! untrusted data, or that is large and static once built, is built here
//! with `createElement` / `createTextNode` (never `innerHTML`), because
//! there it costs less: the measurements that decided each part are in
//! docs/performance.md (size): the body and the thumbnail grid (`body`,
//! written as `markup::flat` instructions that `element.js` builds in one
//! call: measured, a node-by-node build crossed the boundary twice as often),
//! the header and view counter (`header`, 5.7 KB less than `view!`), the
//! lightbox (`lightbox`, 13.2 KB as `view!`, built on first open).
//! Everything here builds with `child` and links out with
//! `external_link`. Beside them, as plain data: [`photos`] (every
//! enlargeable photo once, in reading order) and `gallery_state` (which
//! photo the lightbox shows).

pub(crate) mod body;
mod gallery_state;
pub(crate) mod header;
pub(crate) mod lightbox;
pub mod photos;

/// `rel` of every link that leaves the partner's page.
pub const EXTERNAL: &str = "noopener noreferrer";

/// The attributes of a link that leaves the partner's page: a new tab, no
/// opener, no referrer. For the elements built here ([`external_link`])
/// and the body's instructions alike.
pub const LINK_OUT: [(&str, &str); 2] = [("target", "_blank"), ("rel", EXTERNAL)];

/// Makes `el` a link to `href` that opens in a new tab, away from the
/// partner's page, with no opener and no referrer.
pub fn external_link(el: &web_sys::Element, href: &str) {
    let _ = el.set_attribute("href", href);
    for (name, value) in LINK_OUT {
        let _ = el.set_attribute(name, value);
    }
}

/// An element with its class (none when empty), appended to `parent`: for
/// everything built here.
pub fn child(
    doc: &web_sys::Document,
    parent: &web_sys::Element,
    tag: &str,
    class: &str,
) -> Option<web_sys::Element> {
    let el = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        let _ = el.set_attribute("class", class);
    }
    let _ = parent.append_child(&el);
    Some(el)
}
