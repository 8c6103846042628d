use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;

use crate::contract::Article;
use crate::markup::dom::{append_safe_nodes, sanitize_body, ImageSizes};
use crate::markup::CleanLimits;

/// The article body: repaired, parsed inertly, cleaned, built node by node.
#[component]
pub fn ArticleBody(article: Arc<Article>) -> impl IntoView {
    let node_ref = NodeRef::<Div>::new();
    node_ref.on_load(move |div| {
        let nodes = sanitize_body(
            &article.body_html,
            &article.source_url,
            CleanLimits::default(),
        );
        let sizes: ImageSizes = article
            .images
            .iter()
            .filter_map(|img| Some((img.src.clone(), (img.width?, img.height?))))
            .collect();
        // Built in a detached fragment and inserted once: one style and
        // direction pass for the whole body instead of one per node.
        if let Some(doc) = div.owner_document() {
            let fragment = doc.create_document_fragment();
            append_safe_nodes(&doc, &fragment, &nodes, &sizes);
            let _ = div.append_child(&fragment);
        }
    });
    view! { <div class="ae-body" node_ref=node_ref></div> }
}
