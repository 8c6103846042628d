//! The one mapping, from any format's post and the feed around it to a
//! [`Draft`]: these formats name the same things alike or not at all, so
//! each part of an article (body, title, dates, identity, photos, rubrics,
//! publisher) is one function that reads every format's name for it.

use super::fields::{date, each, gmt, link, name_of, pixels, text, Fields};
use super::text::{decode_entities, split_turbo, text_field_to_html, Text, TurboHeader};
use super::{Format, Platform};
use crate::contract::{ArticleId, Category, Draft, DraftImage, DraftSource, Publisher};
use crate::date::Timestamp;
use crate::error::DataError;

/// The article in `post`, with what the `feed` around it adds (its date,
/// its link, its publisher).
pub(super) fn draft(
    post: Fields,
    feed: Fields,
    format: Format,
    platform: &Platform,
) -> Result<Draft, DataError> {
    let html_text = platform.html_text;
    let embedded: Fields = post.embedded.read().unwrap_or_default();
    let turbo_page = text(post.turbo);
    let (turbo, turbo_body) = match &turbo_page {
        Some(page) => {
            let (header, body) = split_turbo(page);
            (header, Some(body))
        }
        None => (TurboHeader::default(), None),
    };
    let mut images = images(&post, &embedded, html_text);
    // A Turbo page's cover, when the item names no image of its own: the
    // body's first figure; else its caption is that image's.
    let turbo_body = turbo_body.map(|body| match turbo.cover {
        Some(cover) if images.is_empty() => [cover, body].concat(),
        _ => body.to_owned(),
    });
    if let (Some(image), Some(caption)) = (images.first_mut(), turbo.caption) {
        image.caption.get_or_insert_with(|| html_text(caption));
    }
    let (body_html, lead) = body_and_lead(&post, turbo_body, &turbo, html_text);
    let title = title(&post, &turbo, &body_html, html_text);
    let (published_at, updated_at) = dates(&post, &feed, format);
    let (id, url) = identity(&post, &feed);
    Ok(Draft {
        id,
        url,
        title,
        // No date anywhere, the feed's included: the article has none.
        published_at,
        body_html,
        lead,
        lang: text(post.language).or_else(|| text(feed.language)),
        updated_at,
        author: [
            post.primary_author,
            post.authors,
            post.author,
            post.creator,
            embedded.author,
            feed.authors,
            feed.author,
        ]
        .into_iter()
        .find_map(name_of),
        images,
        categories: categories(&post, &embedded),
        publisher: publisher(&feed, html_text),
        ..Draft::default()
    })
}

/// The fullest text there is, as HTML; a summary (or a Turbo page's
/// subtitle) leads when it is not the body.
fn body_and_lead(
    post: &Fields,
    turbo_body: Option<String>,
    turbo: &TurboHeader<'_>,
    html_text: fn(&str) -> String,
) -> (String, Option<String>) {
    let body = text(post.encoded)
        .or_else(|| post.content.read::<Text>().map(Text::into_html))
        .or(turbo_body)
        .or_else(|| {
            post.full_text
                .read::<Text>()
                .and_then(Text::into_field_html)
        })
        .or_else(|| text(post.content_text).map(|t| text_field_to_html(&t)));
    let summary = [post.custom_excerpt, post.excerpt, post.summary]
        .into_iter()
        .find_map(|s| {
            s.read::<Text>()
                .map(Text::into_html)
                .filter(|s| !s.trim().is_empty())
        });
    let summary = summary.or_else(|| turbo.subtitle.map(str::to_owned));
    match body {
        Some(body) => (body, summary.map(|s| html_text(&s))),
        None => (summary.unwrap_or_default(), None),
    }
}

/// The headline as text; a post without one is titled by its Turbo page's
/// `<h1>`, else (JSON Feed's microblog posts) by its first words.
fn title(
    post: &Fields,
    turbo: &TurboHeader<'_>,
    body_html: &str,
    html_text: fn(&str) -> String,
) -> String {
    let title = post.title.read::<Text>().unwrap_or_default();
    let title = match title.kind.as_deref() {
        Some("html" | "xhtml") => html_text(&title.text),
        // WordPress's title is text with character references, never markup.
        _ => decode_entities(&title.text),
    };
    let title = match turbo.title {
        Some(h1) if title.trim().is_empty() => html_text(h1),
        _ => title,
    };
    if title.trim().is_empty() {
        let words = text(post.content_text).unwrap_or_else(|| html_text(body_html));
        words.chars().take(100).collect()
    } else {
        title
    }
}

/// Published and updated. WordPress's GMT fields are UTC; feeds' dates are
/// read as feed readers read them, and an item without a usable date of
/// its own has the feed's.
fn dates(post: &Fields, feed: &Fields, format: Format) -> (Option<Timestamp>, Option<Timestamp>) {
    if format == Format::WordPress {
        return (gmt(post.date_gmt), gmt(post.modified_gmt));
    }
    let published = [post.published_at, post.other_date, post.updated_at]
        .into_iter()
        .chain([feed.published_at, feed.other_date, feed.updated_at])
        .find_map(date);
    (published, date(post.updated_at))
}

/// The id and the page, falling back as feed readers do.
fn identity(post: &Fields, feed: &Fields) -> (String, String) {
    let linked = link(post.link);
    let guid = text(post.guid);
    let web = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    // The id: the post's own, else the guid, the link, the URL (a JSON
    // Feed item without `id`).
    let id = post
        .id
        .read::<ArticleId>()
        .map(|id| id.0)
        .or_else(|| guid.clone())
        .or_else(|| linked.clone())
        .or_else(|| text(post.url))
        .unwrap_or_default();
    // The page: the item's link, else a guid or an Atom id that is a URL,
    // else the feed's own page.
    let url = text(post.url)
        .or(linked)
        .or_else(|| guid.filter(web))
        .or_else(|| text(post.id).filter(web))
        .or_else(|| link(feed.link).filter(web))
        .or_else(|| text(feed.url).filter(web))
        .or_else(|| text(feed.id).filter(web))
        .unwrap_or_default();
    (id, url)
}

/// The photos beside the body: Ghost's feature image, WordPress's
/// featured media (with its sizes as a `srcset`), RSS enclosures, Media
/// RSS and Atom's enclosure links (images only).
fn images(post: &Fields, embedded: &Fields, html_text: fn(&str) -> String) -> Vec<DraftImage> {
    let mut images: Vec<DraftImage> = Vec::new();
    if let Some(src) = text(post.feature_image) {
        images.push(DraftImage {
            src,
            alt: text(post.feature_image_alt),
            caption: text(post.feature_image_caption).map(|c| html_text(&c)),
            ..DraftImage::default()
        });
    }
    for media in each(embedded.featured_media).into_iter().take(1) {
        let details: Fields = media.media_details.read().unwrap_or_default();
        images.extend(text(media.source_url).map(|src| {
            DraftImage {
                src,
                alt: text(media.alt_text),
                caption: text(media.caption).map(|c| html_text(&c)),
                width: pixels(details.width),
                height: pixels(details.height),
                srcset: details
                    .sizes
                    .values()
                    .into_iter()
                    .filter_map(|s| {
                        let s: Fields = s.read()?;
                        Some(DraftSource {
                            src: text(s.source_url)?,
                            width: pixels(s.width)?,
                        })
                    })
                    .collect(),
            }
        }));
    }
    let attached = each(post.enclosure)
        .into_iter()
        .chain(each(post.media))
        .chain(
            each(post.link)
                .into_iter()
                .filter(|l| text(l.rel).as_deref() == Some("enclosure")),
        );
    for a in attached {
        let kind = text(a.kind).unwrap_or_default();
        if kind.starts_with("image/") || text(a.medium).as_deref() == Some("image") {
            images.extend(text(a.href).map(|src| DraftImage {
                src,
                width: pixels(a.width),
                height: pixels(a.height),
                ..DraftImage::default()
            }));
        }
    }
    images
}

/// Rubrics: Ghost's tags (not the internal `#…` ones), JSON Feed's tags,
/// RSS and Atom categories, WordPress's categories (not its tags).
fn categories(post: &Fields, embedded: &Fields) -> Vec<Category> {
    let mut categories: Vec<Category> = Vec::new();
    for tag in post.tags.items() {
        let fields: Fields = tag.read().unwrap_or_default();
        let name = [fields.name, fields.label, fields.term]
            .into_iter()
            .find_map(text)
            .or_else(|| text(tag));
        if let Some(name) = name.filter(|n| !n.starts_with('#')) {
            categories.push(Category {
                name,
                url: text(fields.url),
            });
        }
    }
    for term in embedded.terms.items().into_iter().flat_map(each) {
        if text(term.taxonomy).as_deref() == Some("category") {
            if let Some(name) = text(term.name) {
                categories.push(Category {
                    name: decode_entities(&name),
                    url: text(term.link),
                });
            }
        }
    }
    categories
}

/// The feed's title, page and icon name the publisher.
fn publisher(feed: &Fields, html_text: fn(&str) -> String) -> Option<Publisher> {
    let name = feed
        .title
        .read::<Text>()
        .map(|t| html_text(&t.text))
        .filter(|t| !t.trim().is_empty())?;
    let logo = text(feed.icon).or_else(|| {
        feed.feature_image
            .read::<Fields>()
            .and_then(|i| text(i.url))
    });
    Some(Publisher {
        name,
        url: text(feed.url).or_else(|| link(feed.link)),
        logo,
    })
}
