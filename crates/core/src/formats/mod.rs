//! Publishers embed what they already publish: besides the contract v1
//! (`crate::contract`), a WordPress REST post, a Ghost Content API answer, a
//! JSON Feed, an RSS 2.0 channel or an Atom feed.
//!
//! The format is told apart by its shape (the `format` attribute can force
//! one), which says where the post is: the document itself (WordPress), its
//! first element (WordPress's `?slug=` list), `posts` (Ghost), `items`
//! (JSON Feed), `channel.item` (RSS), `entry` (Atom). The post, and the feed
//! around it, are then read through one serde-derived type, `Fields`:
//! these formats name the same things alike or not at all, so one mapping
//! (`draft`) serves all of them, and every format ends in the same
//! [`Draft`]: one validation, one URL policy, one body pipeline.

pub mod prolog;
pub mod text;
pub mod trim;

use serde::Deserialize;

use self::text::{decode_entities, strip_tags, text_field_to_html, without_turbo_header, Text};
use crate::contract::{self, Article, ArticleId, ContractError, Draft, DraftImage, MAX_FEED_ITEMS};
use crate::date::{parse_feed_date, parse_rfc3339, Timestamp};
use crate::de::{clear_raw, from_tree, parse_text, Node, ParsedJson, Raw, Tree, OBJECT};
use crate::encoding::{utf16_only, DecodeOther};

/// The formats the widget reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The article contract, version 1.
    Contract,
    /// WordPress REST API posts.
    WordPress,
    /// Ghost Content API posts.
    Ghost,
    /// JSON Feed 1.0 and 1.1.
    JsonFeed,
    /// RSS 2.0, 0.9x and 1.0 (RDF), 1C-Bitrix's exports among them.
    Rss,
    /// Atom 1.0.
    Atom,
}

impl Format {
    /// The `format` attribute's value (`contract`, `wordpress`, `ghost`,
    /// `jsonfeed`, `rss`, `atom`), any case.
    pub fn from_attr(value: &str) -> Option<Format> {
        let value = value.trim().to_ascii_lowercase();
        Some(match value.as_str() {
            "contract" | "v1" => Format::Contract,
            "wordpress" | "wp" => Format::WordPress,
            "ghost" => Format::Ghost,
            "jsonfeed" | "json-feed" => Format::JsonFeed,
            "rss" => Format::Rss,
            "atom" => Format::Atom,
            _ => return None,
        })
    }

    /// The `format` attribute's value for it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Contract => "contract",
            Format::WordPress => "wordpress",
            Format::Ghost => "ghost",
            Format::JsonFeed => "jsonfeed",
            Format::Rss => "rss",
            Format::Atom => "atom",
        }
    }

    fn is_xml(self) -> bool {
        matches!(self, Format::Rss | Format::Atom)
    }
}

/// How to read the article URL's answer: the `format` and `item`
/// attributes (both optional: the shape decides, the first item is shown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadAs {
    /// The format `format=` forces; told by the document's shape when absent.
    pub format: Option<Format>,
    /// The feed item `item=` picks (by id, guid, slug or URL); the first when absent.
    pub item: Option<String>,
}

/// What reading documents needs from where it runs: parsers. The widget
/// gives the browser's (inert `DOMParser`, `TextDecoder`); a server gives
/// parser crates'. Everything else is the same code on both sides.
#[derive(Clone, Copy)]
pub struct Platform {
    /// Parses XML (its declaration already dropped, entity declarations
    /// already refused) into its root element's local name and the JSON
    /// value its fields are read from: an element's children are keys by
    /// qualified name (repeated ones a list), its attributes `@name`, its
    /// text `$text`; an element with neither attributes nor children is its
    /// text; Atom `type="xhtml"` content is its markup, as `$xml`.
    pub parse_xml: fn(&str) -> Result<(String, ParsedJson), ContractError>,
    /// The text of an HTML fragment (an excerpt, a caption), as a reader
    /// would read it.
    pub html_text: fn(&str) -> String,
    /// Decodes what is not UTF-8, UTF-16 included ([`DecodeOther`]).
    pub decode_other: DecodeOther,
}

impl Platform {
    /// No XML parser, UTF-8 and UTF-16 only, tags stripped from excerpts:
    /// JSON formats (tests, tools).
    pub const fn plain() -> Platform {
        Platform {
            parse_xml: no_xml,
            html_text: strip_tags,
            decode_other: utf16_only,
        }
    }
}

fn no_xml(_: &str) -> Result<(String, ParsedJson), ContractError> {
    Err(ContractError::Unrecognized {
        found: "XML, which this build has no parser for".to_owned(),
    })
}

/// Every field of a post, an item, a feed or a part of them (an image, a
/// person, a rubric, an XML element's attributes) that the widget reads, in
/// any of the formats. Absent ones stay empty.
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(default)]
struct Fields {
    // Where the post is.
    posts: Raw,
    items: Raw,
    channel: Raw,
    item: Raw,
    entry: Raw,
    // Which post it is.
    id: Raw,
    guid: Raw,
    slug: Raw,
    #[serde(alias = "home_page_url")]
    url: Raw,
    link: Raw,
    // What it says.
    title: Raw,
    name: Raw,
    content: Raw,
    content_text: Raw,
    /// Ghost's `html`, JSON Feed's `content_html`, RSS's `content:encoded`.
    #[serde(rename = "content:encoded", alias = "content_html", alias = "html")]
    encoded: Raw,
    /// Yandex's full text (1C-Bitrix exports news with it): specified as
    /// plain text, often escaped HTML.
    #[serde(rename = "yandex:full-text")]
    full_text: Raw,
    /// Yandex Turbo's article HTML (Bitrix and other Russian CMSs export
    /// Turbo feeds): a `<header>` (title, cover) then the body.
    #[serde(rename = "turbo:content")]
    turbo: Raw,
    #[serde(alias = "description")]
    summary: Raw,
    custom_excerpt: Raw,
    excerpt: Raw,
    #[serde(alias = "@xml:lang")]
    language: Raw,
    // When.
    date_gmt: Raw,
    modified_gmt: Raw,
    /// Each format names it its own way; none names it twice.
    #[serde(
        alias = "date_published",
        alias = "published",
        alias = "pubDate",
        alias = "pubdate"
    )]
    published_at: Raw,
    /// RSS 1.0's and Dublin Core's item date; an RSS channel's build date.
    #[serde(rename = "dc:date", alias = "lastBuildDate")]
    other_date: Raw,
    #[serde(alias = "date_modified", alias = "updated")]
    updated_at: Raw,
    // Who, about what, with which pictures.
    author: Raw,
    authors: Raw,
    primary_author: Raw,
    #[serde(rename = "dc:creator")]
    creator: Raw,
    #[serde(alias = "category")]
    tags: Raw,
    taxonomy: Raw,
    #[serde(alias = "image")]
    feature_image: Raw,
    feature_image_alt: Raw,
    feature_image_caption: Raw,
    icon: Raw,
    enclosure: Raw,
    #[serde(rename = "media:content")]
    media: Raw,
    #[serde(rename = "_embedded")]
    embedded: Raw,
    #[serde(rename = "wp:featuredmedia")]
    featured_media: Raw,
    #[serde(rename = "wp:term")]
    terms: Raw,
    source_url: Raw,
    alt_text: Raw,
    caption: Raw,
    media_details: Raw,
    sizes: Raw,
    width: Raw,
    height: Raw,
    // XML attributes.
    #[serde(rename = "@href", alias = "@url")]
    href: Raw,
    #[serde(rename = "@rel")]
    rel: Raw,
    #[serde(rename = "@type")]
    kind: Raw,
    #[serde(rename = "@medium")]
    medium: Raw,
    #[serde(rename = "@term")]
    term: Raw,
    #[serde(rename = "@label")]
    label: Raw,
}

/// A field as text (`None` when absent, blank or not text).
/// The text of `raw`; of its first element when it is repeated (two
/// identical `<guid>`s).
fn text(raw: Raw) -> Option<String> {
    raw.read::<Text>()
        .or_else(|| raw.items().into_iter().next()?.read::<Text>())?
        .some()
}

/// The [`Fields`] of each element of a list (or of the one value).
fn each(raw: Raw) -> Vec<Fields> {
    raw.items().into_iter().filter_map(Raw::read).collect()
}

/// The first name among the persons in `raw` (objects with a `name`, or
/// text: RSS's `author`).
fn name_of(raw: Raw) -> Option<String> {
    raw.items().into_iter().find_map(|p| {
        p.read::<Fields>()
            .and_then(|p| text(p.name))
            .or_else(|| text(p))
    })
}

/// The `href` of the link with this `rel` (`alternate` when none is given):
/// Atom's links are elements; RSS's and the others' are text.
fn link_of(raw: Raw, rel: &str) -> Option<String> {
    each(raw).into_iter().find_map(|l| {
        let this = text(l.rel);
        (this.as_deref().unwrap_or("alternate") == rel).then(|| text(l.href))?
    })
}

fn link(raw: Raw) -> Option<String> {
    text(raw).or_else(|| link_of(raw, "alternate"))
}

/// WordPress's GMT dates carry no offset: they are UTC.
fn gmt(raw: Raw) -> Option<Timestamp> {
    parse_rfc3339(&format!("{}Z", text(raw)?.trim()))
}

/// A feed's date, read as feed readers read one (`date::parse_feed_date`).
fn date(raw: Raw) -> Option<Timestamp> {
    parse_feed_date(&text(raw)?)
}

/// Whole pixels (JSON numbers, or XML attribute text).
fn pixels(raw: Raw) -> Option<f64> {
    raw.read::<f64>()
        .or_else(|| Some(f64::from(text(raw)?.trim().parse::<u32>().ok()?)))
}

/// The item a feed's `item` attribute names (by id, guid or URL), else the
/// first.
fn pick(items: Raw, wanted: Option<&str>) -> Result<Fields, ContractError> {
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
        Some(w) => all.find(|i| {
            [
                i.id.read::<ArticleId>().map(|id| id.0),
                text(i.guid),
                text(i.slug),
                text(i.url),
                link(i.link),
            ]
            .iter()
            .any(|k| k.as_deref().map(str::trim) == Some(w))
        }),
    };
    found.ok_or_else(|| match wanted {
        Some(item) => ContractError::NoSuchItem {
            item: contract::quoted(item),
        },
        None => ContractError::NoItems,
    })
}

/// The one mapping, from any format's post and feed to a [`Draft`].
fn draft(
    post: Fields,
    feed: Fields,
    format: Format,
    platform: &Platform,
) -> Result<Draft, ContractError> {
    let html_text = platform.html_text;
    let wordpress = format == Format::WordPress;
    let embedded: Fields = post.embedded.read().unwrap_or_default();
    // The fullest text there is; a summary leads when it is not the body.
    let body = text(post.encoded)
        .or_else(|| post.content.read::<Text>().map(Text::into_html))
        .or_else(|| text(post.turbo).map(|t| without_turbo_header(&t)))
        .or_else(|| text(post.full_text).map(|t| text_field_to_html(&t)))
        .or_else(|| text(post.content_text).map(|t| text_field_to_html(&t)));
    let summary = [post.custom_excerpt, post.excerpt, post.summary]
        .into_iter()
        .find_map(|s| {
            s.read::<Text>()
                .map(Text::into_html)
                .filter(|s| !s.trim().is_empty())
        });
    let (body, lead) = match body {
        Some(body) => (body, summary.map(|s| html_text(&s))),
        None => (summary.unwrap_or_default(), None),
    };
    let title = post.title.read::<Text>().unwrap_or_default();
    let title = match title.kind.as_deref() {
        Some("html" | "xhtml") => html_text(&title.text),
        // WordPress's title is text with character references, never markup.
        _ => decode_entities(&title.text),
    };
    // Titles are optional in JSON Feed (a microblog's posts have none).
    let title = if title.trim().is_empty() {
        let words = text(post.content_text).unwrap_or_else(|| html_text(&body));
        words.chars().take(100).collect()
    } else {
        title
    };
    let (published_at, updated_at) = if wordpress {
        (gmt(post.date_gmt), gmt(post.modified_gmt))
    } else {
        let updated = date(post.updated_at);
        // An item without a usable date of its own has the feed's.
        let published = [post.published_at, post.other_date, post.updated_at]
            .into_iter()
            .chain([feed.published_at, feed.other_date, feed.updated_at])
            .find_map(date);
        (published, updated)
    };
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
                        Some((text(s.source_url)?, pixels(s.width)?))
                    })
                    .collect(),
            }
        }));
    }
    // RSS enclosures and Media RSS, Atom's enclosure links: images only.
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
    // Rubrics: Ghost's tags (not the internal `#…` ones), JSON Feed's tags,
    // RSS and Atom categories, WordPress's categories (not its tags).
    let mut categories: Vec<(String, Option<String>)> = Vec::new();
    for tag in post.tags.items() {
        let fields: Fields = tag.read().unwrap_or_default();
        let name = [fields.name, fields.label, fields.term]
            .into_iter()
            .find_map(text)
            .or_else(|| text(tag));
        if let Some(name) = name.filter(|n| !n.starts_with('#')) {
            categories.push((name, text(fields.url)));
        }
    }
    for term in embedded.terms.items().into_iter().flat_map(each) {
        if text(term.taxonomy).as_deref() == Some("category") {
            if let Some(name) = text(term.name) {
                categories.push((decode_entities(&name), text(term.link)));
            }
        }
    }
    let publisher = feed
        .title
        .read::<Text>()
        .map(|t| html_text(&t.text))
        .filter(|t| !t.trim().is_empty())
        .map(|name| {
            let logo = text(feed.icon).or_else(|| {
                feed.feature_image
                    .read::<Fields>()
                    .and_then(|i| text(i.url))
            });
            (name, text(feed.url).or_else(|| link(feed.link)), logo)
        });
    let people = [
        post.primary_author,
        post.authors,
        post.author,
        post.creator,
        embedded.author,
        feed.authors,
        feed.author,
    ];
    let linked = link(post.link);
    let guid = text(post.guid);
    let web = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    Ok(Draft {
        // Identity falls back as feed readers do: the guid, the link, the
        // URL (a JSON Feed item without `id`).
        id: post
            .id
            .read::<ArticleId>()
            .map(|id| id.0)
            .or_else(|| guid.clone())
            .or_else(|| linked.clone())
            .or_else(|| text(post.url))
            .unwrap_or_default(),
        // The page: the item's link, else a guid or an Atom id that is a
        // URL, else the feed's own page.
        url: text(post.url)
            .or(linked)
            .or_else(|| guid.filter(web))
            .or_else(|| text(post.id).filter(web))
            .or_else(|| link(feed.link).filter(web))
            .or_else(|| text(feed.url).filter(web))
            .or_else(|| text(feed.id).filter(web))
            .unwrap_or_default(),
        title,
        published_at: published_at.ok_or(ContractError::BadDate {
            field: match format {
                Format::WordPress => "date_gmt",
                Format::JsonFeed => "date_published",
                Format::Rss => "pubDate",
                Format::Atom => "published",
                _ => "published_at",
            },
        })?,
        body_html: body,
        lead,
        lang: text(post.language).or_else(|| text(feed.language)),
        updated_at,
        author: people.into_iter().find_map(name_of),
        images,
        categories,
        publisher,
        ..Draft::default()
    })
}

/// What the article URL answered.
#[derive(Clone, Copy)]
pub struct Answer<'a> {
    /// The body, as it arrived.
    pub bytes: &'a [u8],
    /// Its `Content-Type` header: a feed's charset may be there.
    pub content_type: Option<&'a str>,
    /// The URL it came from (after redirects): the base of relative URLs.
    pub url: &'a str,
}

/// Reads an article in any format from what the article URL answered,
/// with the `platform`'s parsers.
pub fn parse_document(
    answer: Answer<'_>,
    format: Option<Format>,
    item: Option<&str>,
    platform: &Platform,
) -> Result<Article, ContractError> {
    let text = contract::decode_text(answer.bytes, answer.content_type, platform.decode_other)?;
    let markup = text.starts_with('<');
    if let Some(asked) = format.filter(|f| f.is_xml() && !markup) {
        return Err(ContractError::FormatMismatch {
            asked: asked.name(),
            found: "JSON".to_owned(),
        });
    }
    let (root, format) = if markup {
        if prolog::declares_entities(&text) {
            return Err(ContractError::EntityDeclarations);
        }
        let feed = trim::first_items(prolog::without_declaration(&text), MAX_FEED_ITEMS);
        xml_root(&feed, format, platform)?
    } else {
        let root = parse_text(&text).map_err(|detail| ContractError::NotJson {
            looks_like_html: false,
            detail,
        })?;
        (root, format)
    };
    let draft = read(root, format, item, platform);
    clear_raw();
    draft?.finish(answer.url)
}

/// What an XML document is, by its root element, for errors.
fn describe(root: &str) -> String {
    match root {
        "rss" => "an RSS feed".to_owned(),
        "feed" => "an Atom feed".to_owned(),
        "html" => "an HTML page".to_owned(),
        name => format!("an XML document with root <{name}>"),
    }
}

/// A parsed document: the format it has the shape of, or the one forced.
pub fn read(
    root: ParsedJson,
    format: Option<Format>,
    item: Option<&str>,
    platform: &Platform,
) -> Result<Draft, ContractError> {
    let format = match format {
        Some(f) => f,
        None => detect(&root)?,
    };
    if format == Format::Contract {
        return contract::draft(root);
    }
    let found = root.type_name();
    let doc: Fields = match found {
        // `?slug=…` answers a list: the post is its first element.
        "an array" if format == Format::WordPress => {
            let first = match root.node() {
                Node::Array(posts) => posts.into_iter().next(),
                _ => None,
            };
            match first {
                Some(post) if post.type_name() == OBJECT => from_tree(post)?,
                Some(_) => return Err(ContractError::NotAnObject { found: "an array" }),
                None => {
                    return Err(ContractError::Unrecognized {
                        found: "an empty JSON list (a WordPress query that found no post?)"
                            .to_owned(),
                    })
                }
            }
        }
        OBJECT => from_tree(root)?,
        _ => return Err(ContractError::NotAnObject { found }),
    };
    let (post, feed) = match format {
        Format::Ghost => (pick(list(doc.posts, "posts")?, item)?, Fields::default()),
        Format::JsonFeed => (pick(list(doc.items, "items")?, item)?, doc),
        Format::Rss => {
            let channel: Fields = doc.channel.read().ok_or(ContractError::Missing {
                field: "channel".to_owned(),
            })?;
            // RSS 1.0 puts its items beside the channel, not in it.
            let items = match channel.item.type_name() {
                None => doc.item,
                Some(_) => channel.item,
            };
            (pick(items, item)?, channel)
        }
        Format::Atom => (pick(doc.entry, item)?, doc),
        _ => (doc, Fields::default()),
    };
    draft(post, feed, format, platform)
}

/// A JSON list of posts or items: anything else is named as the wrong
/// type it is, not read as one post whose fields are then missing.
fn list(raw: Raw, field: &str) -> Result<Raw, ContractError> {
    match raw.type_name() {
        Some("an array") => Ok(raw),
        None => Err(ContractError::Missing {
            field: field.to_owned(),
        }),
        Some(found) => Err(ContractError::WrongType {
            field: field.to_owned(),
            expected: format!("a list, not {found}"),
        }),
    }
}

/// Tells the JSON formats apart by their keys.
fn detect(tree: &impl Tree) -> Result<Format, ContractError> {
    let found = tree.type_name();
    if found == "an array" {
        return Ok(Format::WordPress);
    }
    if found != OBJECT {
        return Err(ContractError::NotAnObject { found });
    }
    let keys = tree.keys();
    let has = |k: &str| keys.iter().any(|key| key == k);
    Ok(if has("posts") {
        Format::Ghost
    } else if has("version") && has("items") {
        Format::JsonFeed
    } else if has("content") && has("title") && (has("link") || has("guid")) {
        Format::WordPress
    } else if has("body_html") || has("title") && (has("published_at") || has("url")) {
        // The contract, maybe broken: its own errors say what is missing.
        Format::Contract
    } else {
        let mut listed: Vec<&str> = keys.iter().map(String::as_str).take(8).collect();
        if keys.len() > 8 {
            listed.push("…");
        }
        return Err(ContractError::Unrecognized {
            found: format!("a JSON object with keys {}", listed.join(", ")),
        });
    })
}

/// A feed's root, as the value its fields are read from; the format follows
/// from the root element, and must be the one `format=` asked for.
fn xml_root(
    text: &str,
    asked: Option<Format>,
    platform: &Platform,
) -> Result<(ParsedJson, Option<Format>), ContractError> {
    let (root, value) = (platform.parse_xml)(text)?;
    let format = match root.as_str() {
        // RSS 1.0 is RDF: a channel with its items beside it.
        "rss" | "RDF" => Some(Format::Rss),
        "feed" => Some(Format::Atom),
        _ => None,
    };
    match (asked, format) {
        (Some(asked), _) if Some(asked) != format => Err(ContractError::FormatMismatch {
            asked: asked.name(),
            found: describe(&root),
        }),
        (_, None) => Err(ContractError::Unrecognized {
            found: describe(&root),
        }),
        _ => Ok((value, format)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SRC: &str = "https://publisher.example/wp-json/wp/v2/posts/4";

    fn parse(
        doc: serde_json::Value,
        format: Option<Format>,
        item: Option<&str>,
    ) -> Result<Article, ContractError> {
        let draft = super::read(doc, format, item, &Platform::plain());
        clear_raw();
        draft?.finish(SRC)
    }

    fn read(doc: serde_json::Value, item: Option<&str>) -> Result<Article, ContractError> {
        parse(doc, None, item)
    }

    fn wordpress_post() -> serde_json::Value {
        // The shape WordPress's REST API answers (its own generated client
        // fixture, tests/qunit/fixtures/wp-api-generated.js), with `_embed`.
        json!({
            "id": 4,
            "date": "2017-02-14T03:00:00",
            "date_gmt": "2017-02-14T00:00:00",
            "modified_gmt": "2017-02-20T00:00:00",
            "slug": "restapi-client-fixture-post",
            "link": "http://example.org/?p=4",
            "title": {"rendered": "Rock &#8217;n&#8217; Roll &amp; <b>more</b>"},
            "content": {"rendered": "<p>Updated post content.</p>\n", "protected": false},
            "excerpt": {"rendered": "<p>REST API Client Fixture: Post</p>\n", "protected": false},
            "categories": [1],
            "_embedded": {
                "author": [{"id": 2, "name": "Jane Doe"}],
                "wp:featuredmedia": [{
                    "source_url": "http://example.org/wp-content/uploads/canola.jpg",
                    "alt_text": "Canola",
                    "caption": {"rendered": "<p>A sample caption</p>\n"},
                    "media_details": {"width": 1200, "height": 800, "sizes": {
                        "thumbnail": {"source_url": "http://example.org/wp-content/uploads/canola-150x150.jpg", "width": 150, "height": 150},
                        "large": {"source_url": "http://example.org/wp-content/uploads/canola-1024x683.jpg", "width": 1024},
                        "broken": {"width": "wide"}
                    }}
                }],
                "wp:term": [
                    [{"id": 1, "name": "News &amp; Views", "link": "http://example.org/?cat=1", "taxonomy": "category"}],
                    [{"id": 2, "name": "a tag", "link": "http://example.org/?tag=t", "taxonomy": "post_tag"}]
                ]
            }
        })
    }

    #[test]
    fn a_wordpress_post_with_embed_maps_field_by_field() {
        let a = read(wordpress_post(), None).unwrap();
        assert_eq!(a.id, "4");
        assert_eq!(a.url, "http://example.org/?p=4");
        // Entities decoded, markup left as the text it is.
        assert_eq!(a.title, "Rock ’n’ Roll & <b>more</b>");
        assert_eq!(a.body_html, "<p>Updated post content.</p>\n");
        assert_eq!(a.lead.as_deref(), Some("REST API Client Fixture: Post"));
        // date_gmt is UTC.
        assert_eq!(a.published_at.epoch_ms, 1_487_030_400_000);
        assert!(a.updated_at.is_some());
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        let image = a.images.first().unwrap();
        assert_eq!(
            (image.alt.as_str(), image.caption.as_deref()),
            ("Canola", Some("A sample caption"))
        );
        assert_eq!((image.width, image.height), (Some(1200), Some(800)));
        assert_eq!(image.srcset.len(), 2);
        assert_eq!(
            image.largest(),
            "http://example.org/wp-content/uploads/canola-1024x683.jpg"
        );
        // Categories are rubrics; tags are not.
        let rubrics: Vec<_> = a.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(rubrics, ["News & Views"]);
        // The list `?slug=` answers: its first post.
        assert_eq!(read(json!([wordpress_post()]), None).unwrap().id, "4");
        // Without _embed, what is there renders.
        let mut bare = wordpress_post();
        bare.as_object_mut().unwrap().remove("_embedded");
        let a = read(bare, None).unwrap();
        assert!(a.images.is_empty() && a.author.is_none() && a.categories.is_empty());
    }

    #[test]
    fn ghost_answers_pick_the_post_and_hide_internal_tags() {
        let post = |id: &str, slug: &str| {
            json!({
                "id": id, "slug": slug, "url": format!("https://demo.ghost.io/{slug}/"),
                "title": format!("Post {slug}"), "html": "<p>Hi</p>",
                "excerpt": "Auto excerpt", "custom_excerpt": null,
                "feature_image": "https://demo.ghost.io/content/images/a.jpg",
                "feature_image_alt": "A", "feature_image_caption": "<span>Photo by <a href=\"x\">B</a></span>",
                "published_at": "2019-01-01T10:00:00.000+01:00", "updated_at": "2019-01-02T10:00:00.000+01:00",
                "primary_author": {"name": "Ghost"},
                "tags": [{"name": "Getting Started", "url": "https://demo.ghost.io/tag/getting-started/"}, {"name": "#hidden", "visibility": "internal"}]
            })
        };
        let answer = json!({"posts": [post("1", "welcome"), post("2", "second")], "meta": {}});
        let first = read(answer.clone(), None).unwrap();
        assert_eq!(
            (first.id.as_str(), first.lead.as_deref()),
            ("1", Some("Auto excerpt"))
        );
        assert_eq!(first.published_at.offset_minutes, 60);
        assert_eq!(
            first.images.first().and_then(|i| i.caption.as_deref()),
            Some("Photo by B")
        );
        let tags: Vec<_> = first.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(tags, ["Getting Started"]);
        for wanted in ["2", "second", "https://demo.ghost.io/second/"] {
            assert_eq!(read(answer.clone(), Some(wanted)).unwrap().id, "2");
        }
        assert_eq!(
            read(answer, Some("nope")),
            Err(ContractError::NoSuchItem {
                item: "nope".into()
            })
        );
    }

    #[test]
    fn json_feed_items_text_only_and_untitled() {
        let feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "My Example Feed", "home_page_url": "https://example.org/", "icon": "https://example.org/icon.png",
            "language": "en-US",
            "items": [
                {"id": "2", "content_text": "This is a second item.\n\nWith <two> paragraphs.", "url": "https://example.org/second-item",
                 "date_published": "2021-08-29T10:15:00+03:00", "author": {"name": "Old Style"}, "tags": ["a", "b"]},
                {"id": 1, "title": "First", "content_html": "<p>Hello, world!</p>", "url": "https://example.org/initial-post",
                 "date_published": "2021-08-28T10:15:00Z", "image": "https://example.org/a.png"}
            ]
        });
        let second = read(feed.clone(), None).unwrap();
        assert_eq!(
            second.title,
            "This is a second item. With <two> paragraphs."
        );
        assert_eq!(
            second.body_html,
            "<p>This is a second item.</p><p>With &lt;two&gt; paragraphs.</p>"
        );
        assert_eq!(
            (second.author.as_deref(), second.lang.as_deref()),
            (Some("Old Style"), Some("en-US"))
        );
        assert_eq!(
            second.publisher.as_ref().map(|p| p.name.as_str()),
            Some("My Example Feed")
        );
        let first = read(feed, Some("https://example.org/initial-post")).unwrap();
        assert_eq!((first.id.as_str(), first.images.len()), ("1", 1));
    }

    #[test]
    fn rss_and_atom_through_their_tree_shape() {
        // What formats::xml makes of an RSS channel (1C-Bitrix's export, with
        // yandex:full-text) and of an Atom feed.
        let rss = json!({"@version": "2.0", "channel": {
            "title": "Publisher", "link": "https://publisher.example/", "language": "ru",
            "image": {"url": "https://publisher.example/logo.png"},
            "item": [
                {"title": "First", "link": "https://publisher.example/news/1/", "guid": "news-1",
                 "pubDate": "Sun, 29 Aug 2021 10:15:00 +0300", "description": "<p>Short &amp; sweet</p>",
                 "yandex:full-text": "Full text.\n\nSecond paragraph.",
                 "category": [{"@domain": "x", "$text": "Economy"}, "Politics"],
                 "enclosure": {"@url": "https://publisher.example/a.jpg", "@type": "image/jpeg", "@length": "1"},
                 "dc:creator": "Ivan"},
                {"title": "Second", "link": "https://publisher.example/news/2/", "guid": {"@isPermaLink": "false", "$text": "news-2"},
                 "pubDate": "Mon, 30 Aug 2021 10:15:00 GMT", "description": "<p>Only this</p>",
                 "content:encoded": "<p>Encoded</p>"}
            ]
        }});
        let first = parse(rss.clone(), Some(Format::Rss), None).unwrap();
        assert_eq!(first.body_html, "<p>Full text.</p><p>Second paragraph.</p>");
        assert_eq!(first.lead.as_deref(), Some("Short & sweet"));
        assert_eq!(first.published_at.offset_minutes, 180);
        let rubrics: Vec<_> = first.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(rubrics, ["Economy", "Politics"]);
        assert_eq!(
            (
                first.images.len(),
                first.author.as_deref(),
                first.lang.as_deref()
            ),
            (1, Some("Ivan"), Some("ru"))
        );
        assert_eq!(
            first.publisher.as_ref().and_then(|p| p.logo.as_deref()),
            Some("https://publisher.example/logo.png")
        );
        let second = parse(rss, Some(Format::Rss), Some("news-2")).unwrap();
        assert_eq!(second.body_html, "<p>Encoded</p>");

        let atom = json!({"@xml:lang": "en",
            "title": {"@type": "text", "$text": "Example Feed"},
            "link": [{"@href": "https://example.org/"}, {"@href": "https://example.org/feed.atom", "@rel": "self"}],
            "author": {"name": "John Doe"},
            "entry": {"id": "urn:uuid:1225c695", "title": {"@type": "html", "$text": "Atom &amp;lt;draft&amp;gt;"},
                "link": [{"@href": "https://example.org/2003/12/13/atom03"}, {"@href": "https://example.org/a.png", "@rel": "enclosure", "@type": "image/png"}],
                "updated": "2003-12-13T18:30:02Z",
                "summary": "Some text.",
                "content": {"@type": "xhtml", "$xml": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi</p></div>"},
                "category": {"@term": "news"}}
        });
        let entry = parse(atom, Some(Format::Atom), Some("urn:uuid:1225c695")).unwrap();
        assert_eq!(entry.url, "https://example.org/2003/12/13/atom03");
        assert_eq!(
            entry.body_html,
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi</p></div>"
        );
        assert_eq!(
            (entry.lead.as_deref(), entry.author.as_deref()),
            (Some("Some text."), Some("John Doe"))
        );
        assert_eq!((entry.images.len(), entry.lang.as_deref()), (1, Some("en")));
        assert_eq!(
            entry.publisher.map(|p| (p.name, p.url)),
            Some(("Example Feed".into(), Some("https://example.org/".into())))
        );
    }

    #[test]
    fn anything_else_says_what_it_is() {
        let err = |doc: serde_json::Value| read(doc, None).unwrap_err().to_string();
        let listing = err(json!({"kind": "Listing", "data": {}}));
        assert!(
            listing.contains("a JSON object with keys")
                && listing.contains("kind")
                && listing.contains("data")
        );
        assert!(err(json!([])).contains("an empty JSON list"));
        assert!(err(json!([1, 2])).contains("must be an object, but it is an array"));
        assert!(err(json!(null)).contains("must be an object, but it is null"));
        assert_eq!(
            read(json!({"posts": []}), None),
            Err(ContractError::NoItems)
        );
        assert_eq!(Format::from_attr(" RSS "), Some(Format::Rss));
        assert_eq!(Format::from_attr("yaml"), None);
        // A forced format reads the document as that format.
        assert!(parse(wordpress_post(), Some(Format::Ghost), None).is_err());
    }

    /// A stand-in for an XML parser, for the mapping's error paths: the
    /// first element's name, no content (the browser tests parse for real).
    fn root_only(text: &str) -> Result<(String, serde_json::Value), ContractError> {
        let name = text
            .split('<')
            .find(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
            .and_then(|t| t.split([' ', '>', '/']).next())
            .unwrap_or_default();
        Ok((name.to_ascii_lowercase(), json!({})))
    }

    fn document(text: &str, format: Option<Format>, item: Option<&str>) -> ContractError {
        let answer = Answer {
            bytes: text.as_bytes(),
            content_type: None,
            url: SRC,
        };
        let platform = Platform {
            parse_xml: root_only,
            ..Platform::plain()
        };
        parse_document(answer, format, item, &platform).unwrap_err()
    }

    #[test]
    fn errors_name_what_was_asked_and_what_came() {
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>";
        let ghost = document(rss, Some(Format::Ghost), None).to_string();
        assert!(
            ghost.contains("format=\"ghost\"") && ghost.contains("an RSS feed"),
            "{ghost}"
        );
        let page = document("<!DOCTYPE html><html></html>", Some(Format::Contract), None);
        assert!(page.to_string().contains("an HTML page"), "{page}");
        let json = document("{\"items\": []}", Some(Format::Atom), None);
        assert!(json.to_string().contains("answered with JSON"), "{json}");
        let opml = document("<opml version=\"2.0\"/>", None, None).to_string();
        assert!(opml.contains("an XML document with root <opml>"), "{opml}");
        // Entity declarations are refused before any parser sees them.
        let bomb = "<!DOCTYPE rss [<!ENTITY a \"aaaa\">]><rss>&a;</rss>";
        assert_eq!(
            document(bomb, None, None),
            ContractError::EntityDeclarations
        );
        // JSON Feed items (and Ghost posts) must be a list.
        let feed =
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": {\"id\": \"1\"}}";
        let items = document(feed, None, None).to_string();
        assert!(
            items.contains("\"items\" must be a list, not an object"),
            "{items}"
        );
        // A long item= is cut in the message.
        let long = "x".repeat(10_000);
        let missing = document("{\"posts\": [{\"id\": \"1\"}]}", None, Some(&long)).to_string();
        assert!(missing.len() < 300 && missing.contains("xxx…"), "{missing}");
        // UTF-16 JSON is named as such.
        let utf16: Vec<u8> = "\u{feff}{\"a\": 1}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let answer = Answer {
            bytes: &utf16,
            content_type: None,
            url: SRC,
        };
        let err = parse_document(answer, None, None, &Platform::plain()).unwrap_err();
        assert_eq!(err, ContractError::JsonNotUtf8);
        // Natively, a legacy encoding is one this build cannot decode.
        let cp1251 = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>";
        let answer = Answer {
            bytes: cp1251,
            content_type: None,
            url: SRC,
        };
        let err = parse_document(answer, None, None, &Platform::plain()).unwrap_err();
        assert!(err.to_string().contains("\"windows-1251\""), "{err}");
    }
}
