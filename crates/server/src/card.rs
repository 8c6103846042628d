//! A page for every article: `GET /a/{source}?item=…`, the URL to share
//! where the embed cannot run.
//!
//! Chat apps, Discourse's onebox, Iframely, Slack, RSS readers and email
//! read a page's OpenGraph and Twitter card tags, not scripts; the page has
//! them, `link rel=canonical` to the publisher's own page, the oEmbed
//! discovery links (so a consumer that speaks oEmbed gets the embed), and a
//! card of the article drawn on the server (headline, date, featured image,
//! lead, publisher, link) that needs no JavaScript. Every value is escaped
//! (maud); the page runs no script.

use article_embed_core::contract::Article;
use maud::{html, Markup, DOCTYPE};

use crate::contract_json::rfc3339;

/// Where the page's links point.
pub struct Links<'a> {
    /// This server's public address.
    pub public_url: &'a str,
}

/// What the page's tags and the card say of an article.
struct Facts<'a> {
    publisher: Option<&'a str>,
    description: String,
    image: Option<&'a article_embed_core::contract::Image>,
    published: Option<String>,
}

impl<'a> Facts<'a> {
    fn of(article: &'a Article) -> Facts<'a> {
        Facts {
            publisher: article
                .publisher
                .as_ref()
                .map(|p| p.name.as_str())
                .filter(|n| !n.trim().is_empty()),
            description: article
                .lead
                .as_deref()
                .map(|lead| excerpt(lead, 300))
                .unwrap_or_default(),
            image: article.images.first(),
            published: article.published_at.map(rfc3339),
        }
    }
}

/// The page for `article`.
pub fn page(article: &Article, links: &Links<'_>) -> String {
    let Facts {
        publisher,
        description,
        image,
        published,
    } = Facts::of(article);
    let encoded: String = url::form_urlencoded::byte_serialize(article.url.as_bytes()).collect();
    let oembed = format!(
        "{}/oembed?url={encoded}",
        links.public_url.trim_end_matches('/')
    );
    let updated = article.updated_at.map(rfc3339);
    let lang = article
        .lang
        .as_deref()
        .filter(|l| !l.is_empty())
        .unwrap_or("en");
    html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (article.title) @if let Some(name) = publisher { " · " (name) } }
                @if !description.is_empty() { meta name="description" content=(description); }
                link rel="canonical" href=(article.url);
                link rel="alternate" type="application/json+oembed" href=(format!("{oembed}&format=json")) title=(article.title);
                link rel="alternate" type="text/xml+oembed" href=(format!("{oembed}&format=xml")) title=(article.title);
                meta property="og:type" content="article";
                meta property="og:title" content=(article.title);
                meta property="og:url" content=(article.url);
                @if !description.is_empty() { meta property="og:description" content=(description); }
                @if let Some(name) = publisher { meta property="og:site_name" content=(name); }
                @if let Some(lang) = article.lang.as_deref() { meta property="og:locale" content=(lang.replace('-', "_")); }
                @if let Some(image) = image {
                    meta property="og:image" content=(image.src);
                    @if let Some(w) = image.width { meta property="og:image:width" content=(w); }
                    @if let Some(h) = image.height { meta property="og:image:height" content=(h); }
                    @if !image.alt.is_empty() { meta property="og:image:alt" content=(image.alt); }
                }
                @if let Some(time) = &published { meta property="article:published_time" content=(time); }
                @if let Some(time) = &updated { meta property="article:modified_time" content=(time); }
                @if let Some(author) = article.author.as_deref() { meta property="article:author" content=(author); }
                @for category in &article.categories { meta property="article:section" content=(category.name); }
                meta name="twitter:card" content=(if image.is_some() { "summary_large_image" } else { "summary" });
                meta name="twitter:title" content=(article.title);
                @if !description.is_empty() { meta name="twitter:description" content=(description); }
                @if let Some(image) = image { meta name="twitter:image" content=(image.src); }
                link rel="stylesheet" href=(format!("{}/card.css", links.public_url.trim_end_matches('/')));
            }
            body {
                main.card { (card(article)) }
            }
        }
    }
    .into_string()
}

/// The card alone: publisher, headline, date, featured image, lead and
/// link, as `<article>` (the share page's body, and `frame.html`'s content
/// until the widget runs or when scripts are off).
pub fn card(article: &Article) -> Markup {
    let Facts {
        publisher,
        description,
        image,
        published,
    } = Facts::of(article);
    html! {
        article.ae-card {
            @if let Some(name) = publisher { p.publisher { (name) } }
            h1 { a href=(article.url) { (article.title) } }
            @if let (Some(t), Some(time)) = (article.published_at, &published) {
                p.meta {
                    time datetime=(time) { (date_only(t)) }
                    @if let Some(author) = article.author.as_deref() { " · " (author) }
                }
            }
            @if let Some(image) = image {
                img src=(image.src) alt=(image.alt) width=[image.width] height=[image.height] loading="lazy";
            }
            @if !description.is_empty() { p.lead { (description) } }
            p.read {
                a href=(article.url) {
                    "Read the article"
                    @if let Some(name) = publisher { " on " (name) }
                }
            }
        }
    }
}

/// The day of a timestamp, as the article's own offset has it.
fn date_only(t: article_embed_core::date::Timestamp) -> String {
    rfc3339(t).chars().take(10).collect()
}

/// At most `max` characters of `text` on word boundaries, with an ellipsis
/// when cut.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// The card's stylesheet (`/card.css`): light and dark, a phone's width up.
pub const STYLESHEET: &str = "\
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--accent:#0b57d0}\
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--line:#30363d;--accent:#7cb4ff}}\
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\
.card{max-width:40rem;margin:1.5rem auto;padding:1.25rem;border:1px solid var(--line);border-radius:12px}\
.card h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0 .5rem}.card h1 a{color:inherit;text-decoration:none}\
.card h1 a:hover,.card h1 a:focus-visible{text-decoration:underline}\
.publisher,.meta{color:var(--muted);margin:0 0 .5rem;font-size:.9rem}\
.card img{display:block;width:100%;height:auto;border-radius:8px;margin:.75rem 0}\
.read a{color:var(--accent);font-weight:600}\
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_fields_are_text_in_tags_and_card() {
        let json = serde_json::json!({
            "id": "1", "url": "https://p.example/a?x=1&y=2",
            "title": "</title><script>alert(1)</script>\" onload=\"alert(2)",
            "lead": "<img src=x onerror=alert(3)>", "author": "\"><b>",
            "published_at": "2021-08-29T10:15:00+03:00", "body_html": "<p>x</p>",
            "publisher": { "name": "<i>Pub</i>" }
        });
        let article = article_embed_core::contract::parse_article(
            json.to_string().as_bytes(),
            "https://p.example/",
        )
        .unwrap();
        let html = page(
            &article,
            &Links {
                public_url: "https://s.example",
            },
        );
        for bad in ["<script>", "<img src=x", "<i>Pub", "<b>", "onload=\"alert"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn excerpts_cut_on_words() {
        assert_eq!(excerpt("  a  short\n lead ", 300), "a short lead");
        assert_eq!(excerpt("one two three four", 12), "one two…");
    }
}
