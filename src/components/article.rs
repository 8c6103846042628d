use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::body::ArticleBody;
use super::gallery::Gallery;
use super::hooks::use_view_count;
use super::Ui;
use crate::config::Layout;
use crate::loading::dwell::ViewOnce;
use crate::render::lightbox::LightboxHandle;
use crate::render::photos::{body_images, Photos};
use article_embed_core::contract::Article;
use article_embed_core::srcset::serialize;
use article_embed_markup::SafeNode;

use crate::render::EXTERNAL;

/// A loaded article, full or as a card.
// `#[component]` writes the props struct `pub` whatever the function's visibility.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn ArticleView(
    /// The article, as the contract gives it.
    article: Arc<Article>,
    /// The body, cleaned (`crate::browser::sanitize`); empty for a
    /// card.
    nodes: Arc<Vec<SafeNode>>,
    /// Its language's words and formats.
    ui: Ui,
    /// Full article or card (`layout="card"`).
    layout: Layout,
    /// The embed's identity for views (see [`ViewOnce`]).
    view_once: Option<SendWrapper<ViewOnce>>,
) -> impl IntoView {
    let words = ui.words;
    let card = layout == Layout::Card;
    let first_image = card
        .then(|| article.images.first().cloned())
        .flatten()
        .map(|img| {
            let srcset = (!img.srcset.is_empty()).then(|| serialize(&img.srcset));
            view! {
                <img class="ae-card__img" srcset=srcset sizes="auto, 100vw" src=img.src alt=img.alt
                    width=img.width height=img.height loading="lazy" decoding="async" />
            }
        });
    let source_label = match &article.publisher {
        Some(p) => format!("{} · {}", words.read_on_site, p.name),
        None => words.read_on_site.to_owned(),
    };
    // The body's images and `images[]` make one set of photos (each once)
    // for one lightbox.
    let photos = Arc::new(Photos::plan(&body_images(&nodes), &article.images));
    let lightbox = LightboxHandle::new(photos.clone(), ui.clone());
    let opening = NodeRef::<leptos::html::Header>::new();
    use_view_count(opening, article.clone(), ui.clone(), card, view_once);
    let body = (!card).then(|| {
        view! { <ArticleBody nodes photos=photos.clone() lightbox ui=ui.clone() /> }
    });
    let gallery = (!card && !photos.grid.is_empty())
        .then(|| view! { <Gallery photos=photos.clone() lightbox ui=ui.clone() /> });
    view! {
        <article class="ae-article" part="article" data-layout=layout.as_str()>
            <header class="ae-header" node_ref=opening></header>
            {first_image}
            {article.lead.clone().map(|lead| view! { <p class="ae-lead" part="lead" dir="auto">{lead}</p> })}
            {body}
            {gallery}
            <footer class="ae-footer">
                <a class="ae-source" part="source-link" href=article.url.clone() target="_blank" rel=EXTERNAL>
                    {source_label}<span aria-hidden="true">" ↗"</span>
                </a>
            </footer>
        </article>
    }
}
