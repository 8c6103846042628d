//! Publishers embed what they already publish: besides the contract v1
//! (`crate::contract`), a WordPress REST post, a Ghost Content API answer, a
//! JSON Feed, an RSS 2.0 channel or an Atom feed.
//!
//! Reading one goes through three modules, bottom-up:
//! - `detect`: which format the document is, by its shape (JSON keys, the
//!   XML root); the `format` attribute can force one.
//! - `fields`: every field the formats name, read through one
//!   serde-derived type, `Fields`, and the item a feed's `item=` picks.
//! - `mapping`: these formats name the same things alike or not at all, so
//!   one mapping serves all of them.
//!
//! Every format ends in the same [`Draft`]: one validation, one URL
//! policy, one body pipeline. `text`, `prolog` and `trim` are the text
//! helpers beneath (HTML in text fields, XML prologs, long feeds).

mod detect;
mod fields;
mod mapping;
pub mod prolog;
pub mod text;
pub mod trim;

use self::fields::{all_keys, list, pick, Fields};
use self::text::strip_tags;
use crate::contract::{self, Article, Draft, MAX_FEED_ITEMS};
use crate::de::{clear_raw, from_tree, parse_text, Node, ParsedJson, Tree, OBJECT};
use crate::encoding::{utf16_only, DecodeOther};
use crate::error::{DataError, DocumentError, FormatError, SyntaxError};

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

/// The text fields of every format that carry HTML (or text that may be
/// HTML), by qualified name: RSS's `description`, `content:encoded`,
/// Yandex's `yandex:full-text` and `turbo:content`, Atom's `content`,
/// `summary` and `title`. A feed that puts elements straight into one (not
/// escaped, not CDATA: wrong by the letter of the specifications, common in
/// hand-made and generated feeds) means them as the HTML they are, as feed
/// readers read them: [`Platform::parse_xml`] gives such a field's
/// children back as markup (`$xml`), for the same cleaning as escaped HTML.
pub const MARKUP_FIELDS: [&str; 7] = [
    "description",
    "content:encoded",
    "yandex:full-text",
    "turbo:content",
    "content",
    "summary",
    "title",
];

/// Element nesting an XML document may have. Real feeds nest under ten
/// levels, the markup in their fields a few dozen more (and a body keeps
/// its structure 64 levels deep, `markup::limit`); a document past this is
/// refused ([`SyntaxError::TooDeep`])
/// before any parser recurses through it. A debug build of the server's
/// XML parser overflows a 2 MB stack between 300 and 400 levels.
pub const MAX_XML_DEPTH: usize = 128;

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
    /// text; Atom `type="xhtml"` content, and any of the
    /// [`MARKUP_FIELDS`] with child elements, is its markup (its child
    /// nodes serialized, text escaped), as `$xml`.
    pub parse_xml: fn(&str) -> Result<(String, ParsedJson), DocumentError>,
    /// The text of an HTML fragment (an excerpt, a caption), as a reader
    /// would read it.
    pub html_text: fn(&str) -> String,
    /// Decodes what is not UTF-8, UTF-16 included ([`DecodeOther`]).
    pub decode_other: DecodeOther,
    /// Whether an item's id, guid, slug or URL (`found`) is the item asked
    /// for (`wanted`, trimmed): the widget compares them exactly
    /// ([`exact_item`]); the publisher's server also takes another spelling
    /// of the same link (scheme, `www.`, tracking parameters…).
    pub same_item: fn(found: &str, wanted: &str) -> bool,
}

/// `found`, trimmed, is `wanted`: how the widget picks a feed's item.
pub fn exact_item(found: &str, wanted: &str) -> bool {
    found.trim() == wanted
}

impl Platform {
    /// No XML parser, UTF-8 and UTF-16 only, tags stripped from excerpts:
    /// JSON formats (tests, tools).
    pub const fn plain() -> Platform {
        Platform {
            parse_xml: no_xml,
            html_text: strip_tags,
            decode_other: utf16_only,
            same_item: exact_item,
        }
    }
}

fn no_xml(_: &str) -> Result<(String, ParsedJson), DocumentError> {
    Err(FormatError::Unrecognized {
        found: "XML, which this build has no parser for".to_owned(),
    }
    .into())
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
) -> Result<Article, DocumentError> {
    let (root, format) = parse_root(answer, format, platform)?;
    let draft = read(root, format, item, platform);
    clear_raw();
    draft?.finish(answer.url)
}

/// What each item of a feed may be asked for by (its id, guid, slug, URL
/// and link, trimmed), for the first `MAX_FEED_ITEMS` items; `None` for a
/// document of one article (the contract, a WordPress post), which answers
/// whatever item is asked. One reading of the document tells every item
/// it has, so an item it lacks costs no mapping.
pub fn item_keys(
    answer: Answer<'_>,
    format: Option<Format>,
    platform: &Platform,
) -> Result<Option<Vec<String>>, DocumentError> {
    let (root, format) = parse_root(answer, format, platform)?;
    let keys = (|| {
        let format = match format {
            Some(f) => f,
            None => detect::json_format(&root)?,
        };
        if matches!(format, Format::Contract | Format::WordPress) {
            return Ok(None);
        }
        let doc = document(root, format)?;
        let items = match format {
            Format::Ghost => list(doc.posts, "posts")?,
            Format::JsonFeed => list(doc.items, "items")?,
            Format::Rss => {
                let channel: Fields = doc.channel.read().ok_or(DataError::Missing {
                    field: "channel".to_owned(),
                })?;
                match channel.item.type_name() {
                    None => doc.item,
                    Some(_) => channel.item,
                }
            }
            _ => doc.entry,
        };
        Ok(Some(all_keys(items)))
    })();
    clear_raw();
    keys
}

/// The document's root, parsed: XML (its declaration dropped, entity
/// declarations refused, cut after `MAX_FEED_ITEMS` items) or JSON.
fn parse_root(
    answer: Answer<'_>,
    format: Option<Format>,
    platform: &Platform,
) -> Result<(ParsedJson, Option<Format>), DocumentError> {
    let text = contract::decode_text(answer.bytes, answer.content_type, platform.decode_other)?;
    let markup = text.starts_with('<');
    if let Some(asked) = format.filter(|f| f.is_xml() && !markup) {
        return Err(FormatError::Mismatch {
            asked: asked.name(),
            found: "JSON".to_owned(),
        }
        .into());
    }
    let (root, format) = if markup {
        if prolog::declares_entities(&text) {
            return Err(SyntaxError::EntityDeclarations.into());
        }
        let feed = trim::first_items(prolog::without_declaration(&text), MAX_FEED_ITEMS);
        let (root, format) = detect::xml_root(&feed, format, platform)?;
        (root, Some(format))
    } else {
        (parse_text(&text).map_err(SyntaxError::NotJson)?, format)
    };
    Ok((root, format))
}

/// A parsed document: the format it has the shape of, or the one forced.
pub fn read(
    root: ParsedJson,
    format: Option<Format>,
    item: Option<&str>,
    platform: &Platform,
) -> Result<Draft, DocumentError> {
    let format = match format {
        Some(f) => f,
        None => detect::json_format(&root)?,
    };
    if format == Format::Contract {
        return contract::draft(root);
    }
    let (post, feed) = locate(document(root, format)?, format, item, platform.same_item)?;
    Ok(mapping::draft(post, feed, format, platform)?)
}

/// The document's fields: the root object, or the first post of
/// WordPress's `?slug=…` list.
fn document(root: ParsedJson, format: Format) -> Result<Fields, DocumentError> {
    let found = root.type_name();
    Ok(match found {
        "an array" if format == Format::WordPress => {
            let first = match root.node() {
                Node::Array(posts) => posts.into_iter().next(),
                _ => None,
            };
            match first {
                Some(post) if post.type_name() == OBJECT => from_tree(post)?,
                Some(_) => return Err(FormatError::NotAnObject { found: "an array" }.into()),
                None => {
                    return Err(FormatError::Unrecognized {
                        found: "an empty JSON list (a WordPress query that found no post?)"
                            .to_owned(),
                    }
                    .into())
                }
            }
        }
        OBJECT => from_tree(root)?,
        _ => return Err(FormatError::NotAnObject { found }.into()),
    })
}

/// Where the post is in each format, and the feed around it: the document
/// itself (WordPress), `posts` (Ghost), `items` (JSON Feed),
/// `channel.item` (RSS; RSS 1.0's items beside the channel), `entry` (Atom).
fn locate(
    doc: Fields,
    format: Format,
    item: Option<&str>,
    same: fn(&str, &str) -> bool,
) -> Result<(Fields, Fields), DocumentError> {
    Ok(match format {
        Format::Ghost => (
            pick(list(doc.posts, "posts")?, item, same)?,
            Fields::default(),
        ),
        Format::JsonFeed => (pick(list(doc.items, "items")?, item, same)?, doc),
        Format::Rss => {
            let channel: Fields = doc.channel.read().ok_or(DataError::Missing {
                field: "channel".to_owned(),
            })?;
            let items = match channel.item.type_name() {
                None => doc.item,
                Some(_) => channel.item,
            };
            (pick(items, item, same)?, channel)
        }
        Format::Atom => (pick(doc.entry, item, same)?, doc),
        _ => (doc, Fields::default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TextError;
    use serde_json::json;

    const SRC: &str = "https://publisher.example/wp-json/wp/v2/posts/4";

    fn parse(
        doc: serde_json::Value,
        format: Option<Format>,
        item: Option<&str>,
    ) -> Result<Article, DocumentError> {
        let draft = super::read(doc, format, item, &Platform::plain());
        clear_raw();
        draft?.finish(SRC)
    }

    fn read(doc: serde_json::Value, item: Option<&str>) -> Result<Article, DocumentError> {
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
        assert_eq!(a.published_at.unwrap().epoch_ms, 1_487_030_400_000);
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
        assert_eq!(first.published_at.unwrap().offset_minutes, 60);
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
            Err(DocumentError::Format(FormatError::NoSuchItem {
                item: "nope".into(),
                among: MAX_FEED_ITEMS,
            }))
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
        assert_eq!(first.published_at.unwrap().offset_minutes, 180);
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
            Err(DocumentError::Format(FormatError::NoItems))
        );
        assert_eq!(Format::from_attr(" RSS "), Some(Format::Rss));
        assert_eq!(Format::from_attr("yaml"), None);
        // A forced format reads the document as that format.
        assert!(parse(wordpress_post(), Some(Format::Ghost), None).is_err());
    }

    /// A stand-in for an XML parser, for the mapping's error paths: the
    /// first element's name, no content (the browser tests parse for real).
    fn root_only(text: &str) -> Result<(String, serde_json::Value), DocumentError> {
        let name = text
            .split('<')
            .find(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
            .and_then(|t| t.split([' ', '>', '/']).next())
            .unwrap_or_default();
        Ok((name.to_ascii_lowercase(), json!({})))
    }

    fn document(text: &str, format: Option<Format>, item: Option<&str>) -> DocumentError {
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
            DocumentError::Syntax(SyntaxError::EntityDeclarations)
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
        assert_eq!(err, DocumentError::Text(TextError::JsonNotUtf8));
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
