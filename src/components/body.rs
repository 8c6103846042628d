use std::sync::Arc;

use leptos::ev::MouseEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Ui;
use crate::contract::Article;
use crate::markup::dom::{append_safe_nodes, sanitize_body, Build, ImageSizes};
use crate::markup::{CleanLimits, Urls};

/// The article body: repaired, parsed inertly, cleaned, built node by node.
#[component]
pub fn ArticleBody(article: Arc<Article>, ui: Ui) -> impl IntoView {
    let node_ref = NodeRef::<Div>::new();
    let words = ui.words;
    node_ref.on_load(move |div| {
        let urls = Urls {
            base: &article.source_url,
            page: &article.url,
        };
        let nodes = sanitize_body(&article.body_html, urls, CleanLimits::default());
        let sizes: ImageSizes = article
            .images
            .iter()
            .filter_map(|img| Some((img.src.clone(), (img.width?, img.height?))))
            .collect();
        // Built in a detached fragment and inserted once: one style and
        // direction pass for the whole body instead of one per node.
        if let Some(doc) = div.owner_document() {
            let fragment = doc.create_document_fragment();
            let build = Build {
                doc: &doc,
                sizes: &sizes,
                words,
                tables: Default::default(),
            };
            append_safe_nodes(&build, &fragment, &nodes);
            let _ = div.append_child(&fragment);
        }
    });
    view! { <div class="ae-body" node_ref=node_ref on:click=follow_fragment></div> }
}

/// A `#fragment` link whose target is in the body (a footnote, its way
/// back, a table of contents) moves there inside the embed: the page's URL
/// and scroll position are the partner's, and fragment navigation cannot
/// see into a shadow root anyway.
fn follow_fragment(ev: MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
    {
        return;
    }
    let link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[data-ae-ref]").ok().flatten());
    let Some(link) = link else {
        return;
    };
    let id = link.get_attribute("data-ae-ref").unwrap_or_default();
    // Ids are letters, digits and -_.: only (markup::clean): safe in quotes.
    let target = link
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| {
            root.query_selector(&format!("[id=\"{id}\"]"))
                .ok()
                .flatten()
        });
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        ev.prevent_default();
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        target.scroll_into_view();
        let _ = target.focus();
    }
}
