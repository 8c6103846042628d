//! Every field the formats name, read through one keyed type ([`Fields`]),
//! and the small readers over it: text, links, dates, sizes, people, and
//! the item a feed's `item` attribute picks.

use super::text::Text;
use crate::contract::{ArticleId, MAX_FEED_ITEMS};
use crate::date::{parse_feed_date, parse_rfc3339, Timestamp};
use crate::de::{keyed, Raw};
use crate::error::{quoted, DataError, FormatError};

keyed! {
    /// Every field of a post, an item, a feed or a part of them (an image, a
    /// person, a rubric, an XML element's attributes) that the widget reads,
    /// in any of the formats, by the keys each format names it with: the
    /// formats' vocabulary as one table. Absent ones stay empty.
    pub(super) struct Fields {
        // Where the post is.
        posts: "posts",
        items: "items",
        channel: "channel",
        item: "item",
        entry: "entry",
        // Which post it is.
        id: "id",
        guid: "guid",
        slug: "slug",
        url: "url" | "home_page_url",
        link: "link",
        // What it says.
        title: "title",
        name: "name",
        content: "content",
        content_text: "content_text",
        /// Ghost's `html`, JSON Feed's `content_html`, RSS's `content:encoded`.
        encoded: "content:encoded" | "content_html" | "html",
        /// Yandex's full text (1C-Bitrix exports news with it): specified as
        /// plain text, often escaped HTML.
        full_text: "yandex:full-text",
        /// Yandex Turbo's article HTML (Bitrix and other Russian CMSs export
        /// Turbo feeds): a `<header>` (title, cover) then the body.
        turbo: "turbo:content",
        summary: "summary" | "description",
        custom_excerpt: "custom_excerpt",
        excerpt: "excerpt",
        language: "language" | "@xml:lang",
        // When.
        date_gmt: "date_gmt",
        modified_gmt: "modified_gmt",
        /// Each format names it its own way.
        published_at: "published_at" | "date_published" | "published" | "pubDate" | "pubdate",
        /// RSS 1.0's and Dublin Core's item date; an RSS channel's build date.
        other_date: "dc:date" | "lastBuildDate",
        updated_at: "updated_at" | "date_modified" | "updated",
        // Who, about what, with which pictures.
        author: "author",
        authors: "authors",
        primary_author: "primary_author",
        creator: "dc:creator",
        tags: "tags" | "category",
        taxonomy: "taxonomy",
        feature_image: "feature_image" | "image",
        feature_image_alt: "feature_image_alt",
        feature_image_caption: "feature_image_caption",
        icon: "icon",
        enclosure: "enclosure",
        media: "media:content",
        embedded: "_embedded",
        featured_media: "wp:featuredmedia",
        terms: "wp:term",
        source_url: "source_url",
        alt_text: "alt_text",
        caption: "caption",
        media_details: "media_details",
        sizes: "sizes",
        width: "width",
        height: "height",
        // XML attributes.
        href: "@href" | "@url",
        rel: "@rel",
        kind: "@type",
        medium: "@medium",
        term: "@term",
        label: "@label",
    }
}

/// A field as text (`None` when absent, blank or not text): the text of
/// `raw`; of its first element when it is repeated (two identical
/// `<guid>`s).
pub(super) fn text(raw: Raw) -> Option<String> {
    raw.read::<Text>()
        .or_else(|| raw.items().into_iter().next()?.read::<Text>())?
        .some()
}

/// The [`Fields`] of each element of a list (or of the one value).
pub(super) fn each(raw: Raw) -> Vec<Fields> {
    raw.items().into_iter().filter_map(Raw::read).collect()
}

/// The first name among the persons in `raw` (objects with a `name`, or
/// text: RSS's `author`).
pub(super) fn name_of(raw: Raw) -> Option<String> {
    raw.items().into_iter().find_map(|p| {
        p.read::<Fields>()
            .and_then(|p| text(p.name))
            .or_else(|| text(p))
    })
}

/// The `href` of the link with this `rel` (`alternate` when none is given):
/// Atom's links are elements; RSS's and the others' are text.
pub(super) fn link_of(raw: Raw, rel: &str) -> Option<String> {
    each(raw).into_iter().find_map(|l| {
        let this = text(l.rel);
        (this.as_deref().unwrap_or("alternate") == rel).then(|| text(l.href))?
    })
}

pub(super) fn link(raw: Raw) -> Option<String> {
    text(raw).or_else(|| link_of(raw, "alternate"))
}

/// WordPress's GMT dates carry no offset: they are UTC.
pub(super) fn gmt(raw: Raw) -> Option<Timestamp> {
    parse_rfc3339(&format!("{}Z", text(raw)?.trim()))
}

/// A feed's date, read as feed readers read one (`date::parse_feed_date`).
pub(super) fn date(raw: Raw) -> Option<Timestamp> {
    parse_feed_date(&text(raw)?)
}

/// Whole pixels (JSON numbers, or XML attribute text).
pub(super) fn pixels(raw: Raw) -> Option<f64> {
    raw.read::<f64>()
        .or_else(|| Some(f64::from(text(raw)?.trim().parse::<u32>().ok()?)))
}

/// The item a feed's `item` attribute names (by id, guid or URL), else the
/// first.
pub(super) fn pick(
    items: Raw,
    wanted: Option<&str>,
    same: fn(&str, &str) -> bool,
) -> Result<Fields, FormatError> {
    let wanted = wanted.map(str::trim).filter(|w| !w.is_empty());
    // Each item is read only until the one wanted: a feed of hundreds
    // costs one item's reading when the first is shown.
    // Past MAX_FEED_ITEMS nothing is read: a feed of 100 000 items costs
    // no more than one of a thousand.
    let mut all = items
        .items()
        .into_iter()
        .take(MAX_FEED_ITEMS)
        .filter_map(Raw::read::<Fields>);
    let found = match wanted {
        None => all.next(),
        Some(w) => all.find(|i| keys(i).iter().flatten().any(|k| same(k, w))),
    };
    found.ok_or_else(|| match wanted {
        Some(item) => FormatError::NoSuchItem {
            item: quoted(item),
            among: MAX_FEED_ITEMS,
        },
        None => FormatError::NoItems,
    })
}

/// What an item may be asked for by: its id, guid, slug, URL and link.
pub(super) fn keys(item: &Fields) -> [Option<String>; 5] {
    [
        item.id.read::<ArticleId>().map(|id| id.0),
        text(item.guid),
        text(item.slug),
        text(item.url),
        link(item.link),
    ]
}

/// Every key of the first `MAX_FEED_ITEMS` items, trimmed.
pub(super) fn all_keys(items: Raw) -> Vec<String> {
    items
        .items()
        .into_iter()
        .take(MAX_FEED_ITEMS)
        .filter_map(Raw::read::<Fields>)
        .flat_map(|item| keys(&item))
        .flatten()
        .map(|key| key.trim().to_owned())
        .filter(|key| !key.is_empty())
        .collect()
}

/// A JSON list of posts or items: anything else is named as the wrong
/// type it is, not read as one post whose fields are then missing.
pub(super) fn list(raw: Raw, field: &str) -> Result<Raw, DataError> {
    match raw.type_name() {
        Some("an array") => Ok(raw),
        None => Err(DataError::Missing {
            field: field.to_owned(),
        }),
        Some(found) => Err(DataError::WrongType {
            field: field.to_owned(),
            expected: format!("a list, not {found}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_fills_one_field_and_no_key_is_listed_twice() {
        for (n, (key, _)) in Fields::KEYS.iter().enumerate() {
            assert!(
                !Fields::KEYS
                    .iter()
                    .skip(n + 1)
                    .any(|(other, _)| other == key),
                "{key} is listed twice"
            );
        }
        // Every entry fills a field of its own: the slots of two different
        // fields are two different places.
        let mut fields = Fields::default();
        let places: Vec<*const Raw> = Fields::KEYS
            .iter()
            .map(|(_, slot)| slot(&mut fields) as *const Raw)
            .collect();
        let distinct = places
            .iter()
            .enumerate()
            .filter(|(n, p)| !places.iter().take(*n).any(|q| q == *p))
            .count();
        assert_eq!(
            distinct,
            std::mem::size_of::<Fields>() / std::mem::size_of::<Raw>(),
            "one place per field"
        );
    }
}
