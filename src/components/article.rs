use std::sync::Arc;

use leptos::prelude::*;

use super::body::ArticleBody;
use super::gallery::Gallery;
use super::lightbox::LightboxHandle;
use super::views::ViewCounter;
use super::Ui;
use crate::config::Layout;
use crate::contract::Article;
use crate::intl::format_date;
use crate::markup::dom::sanitize_body;
use crate::markup::{CleanLimits, Urls};
use crate::photos::{body_images, Photos};
use crate::srcset::serialize;

const EXTERNAL: &str = "noopener noreferrer";

/// A loaded article, full or as a card.
#[component]
pub fn ArticleView(article: Arc<Article>, ui: Ui, layout: Layout) -> impl IntoView {
    let words = ui.words;
    let date = format_date(&ui.locale, article.published_at);
    let datetime = js_sys::Date::new(&(article.published_at.epoch_ms as f64).into())
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let card = layout == Layout::Card;
    // Shown only when the publisher changed the article on a later day.
    let updated = article
        .updated_at
        .map(|u| format_date(&ui.locale, u))
        .filter(|u| *u != date)
        .map(|u| view! { <span class="ae-updated">{words.updated}" "{u}</span> });
    let rubrics = (!card && !article.categories.is_empty()).then(|| {
        let items = article
            .categories
            .iter()
            .map(|c| match &c.url {
                Some(url) => view! {
                    <li><a class="ae-rubric" part="rubric" href=url.clone() target="_blank" rel=EXTERNAL>{c.name.clone()}</a></li>
                }
                .into_any(),
                None => view! { <li><span class="ae-rubric" part="rubric">{c.name.clone()}</span></li> }.into_any(),
            })
            .collect_view();
        view! { <nav class="ae-rubrics" aria-label=words.rubrics><ul>{items}</ul></nav> }
    });
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
    let author = (!card).then(|| article.author.clone()).flatten().map(|a| {
        view! { <span class="ae-author">{words.by}" "{a}</span> }
    });
    let source_label = match &article.publisher {
        Some(p) => format!("{} · {}", words.read_on_site, p.name),
        None => words.read_on_site.to_owned(),
    };
    // The body is cleaned first: its images and `images[]` make one set of
    // photos (each once) for one lightbox.
    let nodes = if card {
        Vec::new()
    } else {
        let urls = Urls {
            base: &article.source_url,
            page: &article.url,
        };
        sanitize_body(&article.body_html, urls, CleanLimits::default())
    };
    let photos = Arc::new(Photos::plan(&body_images(&nodes), &article.images));
    let lightbox = LightboxHandle::new(photos.clone(), ui.clone());
    let opening = NodeRef::<leptos::html::Header>::new();
    let body = (!card).then(|| {
        view! { <ArticleBody nodes=Arc::new(nodes) photos=photos.clone() lightbox ui=ui.clone() /> }
    });
    let gallery = (!card && !photos.grid.is_empty())
        .then(|| view! { <Gallery photos=photos.clone() lightbox ui=ui.clone() /> });
    view! {
        <article class="ae-article" part="article" data-layout=layout.as_str()>
            <header class="ae-header" node_ref=opening>
                {rubrics}
                <h2 class="ae-title" part="title" dir="auto">
                    {if card {
                        view! { <a class="ae-title__link" href=article.url.clone() target="_blank" rel=EXTERNAL>{article.title.clone()}</a> }.into_any()
                    } else {
                        article.title.clone().into_any()
                    }}
                </h2>
                <p class="ae-meta" part="meta">
                    <time class="ae-date" datetime=datetime>{date}</time>
                    {updated}
                    {author}
                    <ViewCounter ui=ui.clone() views=article.views views_url=article.views_url.clone() opening />
                </p>
            </header>
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
