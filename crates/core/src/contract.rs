//! The article contract, version 1 (see `schema/article.v1.schema.json` and
//! docs/contract.md): turns the bytes a publisher's API sent into an [`Article`], or
//! a [`DocumentError`] that says in plain words what is wrong.
//!
//! Required fields that are missing or malformed are errors; optional fields
//! that are malformed are dropped (the article still renders). Every URL is
//! resolved against `source_url`, the URL the JSON was fetched from.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::date::{parse_rfc3339, Timestamp};
use crate::de::{clear_raw, keyed, parse_text, ParsedJson, Tree, OBJECT};
use crate::encoding::{decode, sniff, utf8_only, DecodeOther};
use crate::error::{DataError, DocumentError, FormatError, SyntaxError, TextError};
use crate::srcset::{largest, Candidate, Descriptor, MAX_CANDIDATES};
use crate::urls::{resolve_image, resolve_link};

/// Bodies larger than this are refused rather than frozen on.
pub const MAX_JSON_BYTES: usize = 8 * 1024 * 1024;
/// Images past this count are ignored: a gallery of thousands helps no one.
pub const MAX_IMAGES: usize = 100;
/// A feed's items past this count are not read: `item=` names one of the
/// first ones (feeds list their newest few dozen).
pub const MAX_FEED_ITEMS: usize = crate::de::MAX_LIST_ITEMS;
/// Rubrics past this count are ignored.
pub const MAX_CATEGORIES: usize = 20;
/// Longest text we show for a single-line field (title, alt, caption, …).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// View counts above this are treated as broken data and hidden.
pub const MAX_VIEWS: f64 = 1e15;

/// An article as the widget shows it: checked, bounded, URLs absolute.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// The publisher's id (what a feed's `item=` names).
    pub id: String,
    /// Canonical article URL on the publisher's site (absolute http(s)).
    pub url: String,
    /// The headline, as text.
    pub title: String,
    /// When it was published, in the publisher's offset; `None` for a feed
    /// item with no date anywhere (`"published_at": null` in the contract).
    pub published_at: Option<Timestamp>,
    /// The CMS's HTML, untrusted: goes through `markup` before the DOM.
    pub body_html: String,
    /// The standfirst, as text.
    pub lead: Option<String>,
    /// The language of its text (a BCP 47 tag).
    pub lang: Option<String>,
    /// When it was last updated, if later.
    pub updated_at: Option<Timestamp>,
    /// The author's name.
    pub author: Option<String>,
    /// Its photos beside the body (`images[]`, a format's featured image).
    pub images: Vec<Image>,
    /// The view count, when the publisher counts.
    pub views: Option<u64>,
    /// Where a view is registered (`POST`).
    pub views_url: Option<String>,
    /// Its rubrics.
    pub categories: Vec<Category>,
    /// Who published it (a feed's name, page and logo).
    pub publisher: Option<Publisher>,
    /// The URL the JSON came from: the base for URLs inside `body_html`.
    pub source_url: String,
}

/// A photo of `images[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Absolute http(s) URL.
    pub src: String,
    /// Its alternative text (empty when it has none).
    pub alt: String,
    /// Its caption, as text.
    pub caption: Option<String>,
    /// Its width in pixels, when given.
    pub width: Option<u32>,
    /// Its height in pixels, when given.
    pub height: Option<u32>,
    /// Other widths of the same picture (`images[].srcset`, or the body
    /// image's `srcset`): thumbnails let the browser pick a small one, the
    /// lightbox shows the largest.
    pub srcset: Vec<Candidate>,
}

impl Image {
    /// An image with only a source (its alt text still to come).
    pub fn new(src: String) -> Image {
        Image {
            src,
            alt: String::new(),
            caption: None,
            width: None,
            height: None,
            srcset: Vec::new(),
        }
    }

    /// The largest version of the picture, for the lightbox.
    pub fn largest(&self) -> &str {
        largest(&self.srcset).unwrap_or(&self.src)
    }
}

/// A rubric.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Its name.
    pub name: String,
    /// Its page on the publisher's site.
    pub url: Option<String>,
}

/// Who published the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publisher {
    /// Its name.
    pub name: String,
    /// Its home page.
    pub url: Option<String>,
    /// Its logo.
    pub logo: Option<String>,
}

keyed! {
    /// The contract v1 document as published, each field as found;
    /// [`draft_of`] reads it: required fields fail the document when
    /// missing or of the wrong type, optional ones are dropped when
    /// malformed.
    struct ArticleDocument {
        id: "id",
        url: "url",
        title: "title",
        published_at: "published_at",
        body_html: "body_html",
        lead: "lead",
        lang: "lang",
        updated_at: "updated_at",
        author: "author",
        images: "images",
        views: "views",
        views_url: "views_url",
        categories: "categories",
        publisher: "publisher",
    }
}

keyed! {
    /// `images[]`: a photo (`src` required), and `srcset[]`'s
    /// `{"src": …, "width": …}`: the same picture this many pixels wide.
    struct ImageDocument {
        src: "src",
        alt: "alt",
        caption: "caption",
        width: "width",
        height: "height",
        srcset: "srcset",
    }
}

keyed! {
    /// `publisher` (`name` required), and a rubric given as an object
    /// (`{"name": …, "url": …}`).
    struct NamedDocument {
        name: "name",
        url: "url",
        logo: "logo",
    }
}

/// Many CMSs number their articles: an integer id is accepted as well as a
/// string.
pub(crate) struct ArticleId(pub(crate) String);

impl<'de> Deserialize<'de> for ArticleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = ArticleId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<ArticleId, E> {
                Ok(ArticleId(id.to_owned()))
            }
            fn visit_string<E: de::Error>(self, id: String) -> Result<ArticleId, E> {
                Ok(ArticleId(id))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<ArticleId, E> {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    Ok(ArticleId((n as i64).to_string()))
                } else {
                    Err(E::invalid_type(de::Unexpected::Float(n), &self))
                }
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// The body: any string, named as HTML when it is not one.
struct BodyHtml(String);

impl<'de> Deserialize<'de> for BodyHtml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HtmlVisitor;
        impl Visitor<'_> for HtmlVisitor {
            type Value = BodyHtml;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string of HTML")
            }
            fn visit_str<E: de::Error>(self, html: &str) -> Result<BodyHtml, E> {
                Ok(BodyHtml(html.to_owned()))
            }
            fn visit_string<E: de::Error>(self, html: String) -> Result<BodyHtml, E> {
                Ok(BodyHtml(html))
            }
        }
        deserializer.deserialize_string(HtmlVisitor)
    }
}

/// Parses the raw bytes of an article response.
pub fn parse_article(bytes: &[u8], source_url: &str) -> Result<Article, DocumentError> {
    let draft = draft(parse_json_bytes(bytes)?);
    clear_raw();
    draft?.finish(source_url)
}

/// A contract v1 document, read into the [`Draft`] every format ends in.
pub(crate) fn draft(tree: impl Tree) -> Result<Draft, DocumentError> {
    let document: ArticleDocument = crate::de::from_tree(tree)?;
    draft_of(document)
}

/// Size limit, encoding (see [`crate::encoding`]), byte-order mark and
/// invalid sequences (replaced, not fatal: one bad byte should not hide an
/// article): the text of any document. `decode_other` decodes what is
/// not UTF-8 (the browser's `TextDecoder` in the widget);
/// `None` from it means it does not know the encoding.
pub(crate) fn decode_text<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
    decode_other: DecodeOther,
) -> Result<Cow<'a, str>, TextError> {
    if bytes.len() > MAX_JSON_BYTES {
        return Err(TextError::TooLarge {
            limit: MAX_JSON_BYTES,
            bytes: bytes.len(),
        });
    }
    let sniffed = sniff(bytes, content_type);
    let body = bytes.get(sniffed.bom_len..).unwrap_or_default();
    let label = sniffed.label.as_deref();
    if !sniffed.markup && label.is_some() && !body.is_empty() {
        return Err(TextError::JsonNotUtf8);
    }
    let text = decode(body, label, decode_other).ok_or_else(|| TextError::UnknownEncoding {
        label: label.unwrap_or_default().to_owned(),
    })?;
    // Trimmed without copying: a document of megabytes is copied once, by
    // the decoder, and only when it is not valid UTF-8 already.
    let text = match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
        Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
    };
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    Ok(text)
}

/// Size limit, byte-order mark, invalid UTF-8 (replaced, not fatal: one bad
/// byte should not hide an article), then the JSON text itself, which must be
/// an object.
pub fn parse_json_bytes(bytes: &[u8]) -> Result<ParsedJson, DocumentError> {
    let text = decode_text(bytes, None, utf8_only)?;
    let tree = parse_text(&text).map_err(|e| match text.starts_with('<') {
        true => SyntaxError::HtmlPage,
        false => SyntaxError::NotJson(e),
    })?;
    match tree.type_name() {
        OBJECT => Ok(tree),
        found => Err(FormatError::NotAnObject { found }.into()),
    }
}

/// A required string: whitespace alone counts as missing.
fn required(value: String, field: &str) -> Result<String, DataError> {
    if value.trim().is_empty() {
        Err(DataError::Missing {
            field: field.to_owned(),
        })
    } else {
        Ok(value)
    }
}

/// A single-line text field: trimmed, whitespace collapsed, length-capped.
fn text_field(value: Option<&str>) -> Option<String> {
    let collapsed = value?.split_whitespace().collect::<Vec<_>>().join(" ");
    let capped: String = collapsed.chars().take(MAX_TEXT_CHARS).collect();
    (!capped.is_empty()).then_some(capped)
}

fn dimension(value: Option<f64>) -> Option<u32> {
    let n = value?;
    (1.0..=100_000.0).contains(&n).then(|| n.round() as u32)
}

/// `images[].srcset`, checked as a body image's `srcset` is: http(s) URLs,
/// whole widths, the first of each width, at most [`MAX_CANDIDATES`].
fn candidates(base: &str, list: Vec<DraftSource>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for DraftSource { src, width } in list {
        let Some(width) = dimension(Some(width)).map(Descriptor::Width) else {
            continue;
        };
        if out.len() < MAX_CANDIDATES && !out.iter().any(|o| o.descriptor == width) {
            out.extend(resolve_image(base, &src).map(|src| Candidate {
                src,
                descriptor: width,
            }));
        }
    }
    out
}

fn draft_of(doc: ArticleDocument) -> Result<Draft, DocumentError> {
    // Required, in the order a publisher reads the contract.
    let id: ArticleId = doc.id.require("id")?;
    let url: String = doc.url.require("url")?;
    let title: String = doc.title.require("title")?;
    // Required, but `null` says the source has no date (a feed item
    // without one), as the server writes it.
    let published_at: Option<String> = match doc.published_at.type_name() {
        Some("null") => None,
        _ => Some(doc.published_at.require("published_at")?),
    };
    let body_html: BodyHtml = doc.body_html.require("body_html")?;
    let published_at = published_at
        .map(|date| {
            let date = required(date, "published_at")?;
            parse_rfc3339(&date).ok_or(DataError::BadDate {
                field: "published_at",
            })
        })
        .transpose()?;
    let images = doc.images.list().into_iter().filter_map(|image| {
        let image: ImageDocument = image.read()?;
        Some(DraftImage {
            src: image.src.read()?,
            alt: image.alt.read(),
            caption: image.caption.read(),
            width: image.width.read(),
            height: image.height.read(),
            srcset: image
                .srcset
                .list()
                .into_iter()
                .filter_map(|c| {
                    let c: ImageDocument = c.read()?;
                    Some(DraftSource {
                        src: c.src.read()?,
                        width: c.width.read()?,
                    })
                })
                .collect(),
        })
    });
    // A rubric is its name, or `{"name": …, "url": …}`.
    let categories = doc.categories.list().into_iter().filter_map(|c| {
        let Some(name) = c.read::<String>() else {
            let c: NamedDocument = c.read()?;
            return Some(Category {
                name: c.name.read()?,
                url: c.url.read(),
            });
        };
        Some(Category { name, url: None })
    });
    let publisher = doc.publisher.read::<NamedDocument>().and_then(|p| {
        Some(Publisher {
            name: p.name.read()?,
            url: p.url.read(),
            logo: p.logo.read(),
        })
    });
    Ok(Draft {
        id: id.0,
        url,
        title,
        published_at,
        body_html: body_html.0,
        lead: doc.lead.read(),
        lang: doc.lang.read(),
        updated_at: doc
            .updated_at
            .read::<String>()
            .as_deref()
            .and_then(parse_rfc3339),
        author: doc.author.read(),
        images: images.collect(),
        views: doc.views.read(),
        views_url: doc.views_url.read(),
        categories: categories.collect(),
        publisher,
    })
}

/// An article as a format gives it, before the contract's rules: text as
/// found, URLs not yet resolved. Every format (contract v1, WordPress,
/// Ghost, feeds) ends here, so validation, URL policy and limits are one.
#[derive(Debug, Default)]
pub struct Draft {
    /// The publisher's id.
    pub id: String,
    /// The article's page (relative URLs allowed until checked).
    pub url: String,
    /// The headline, as text.
    pub title: String,
    /// When it was published.
    pub published_at: Option<Timestamp>,
    /// HTML, untrusted.
    pub body_html: String,
    /// The standfirst.
    pub lead: Option<String>,
    /// The language of its text.
    pub lang: Option<String>,
    /// When it was last updated.
    pub updated_at: Option<Timestamp>,
    /// The author's name.
    pub author: Option<String>,
    /// Its photos beside the body.
    pub images: Vec<DraftImage>,
    /// The view count as the document gave it (any number: checked later).
    pub views: Option<f64>,
    /// Where a view is registered.
    pub views_url: Option<String>,
    /// Its rubrics, as found (names not yet collapsed, links unresolved).
    pub categories: Vec<Category>,
    /// Who publishes it, as found (links unresolved).
    pub publisher: Option<Publisher>,
}

/// A photo as a format gives it, before it is checked.
#[derive(Debug, Default)]
pub struct DraftImage {
    /// Its URL, maybe relative.
    pub src: String,
    /// Its alternative text.
    pub alt: Option<String>,
    /// Its caption, as text.
    pub caption: Option<String>,
    /// Its width, any number (checked later).
    pub width: Option<f64>,
    /// Its height, any number (checked later).
    pub height: Option<f64>,
    /// Other widths of the same picture.
    pub srcset: Vec<DraftSource>,
}

/// One width of a photo, as a format gives it.
#[derive(Debug)]
pub struct DraftSource {
    /// Its URL, maybe relative.
    pub src: String,
    /// Its width in pixels, any number (checked later).
    pub width: f64,
}

impl Draft {
    /// The contract's rules: required fields, http(s) URLs resolved against
    /// `source_url`, text collapsed and capped, sizes bounded, lists capped
    /// and deduplicated.
    pub fn finish(self, source_url: &str) -> Result<Article, DocumentError> {
        let id = required(self.id, "id")?.trim().to_owned();
        let url = resolve_link(source_url, &required(self.url, "url")?)
            .filter(|u| !u.starts_with("mailto:"))
            .ok_or(DataError::BadUrl { field: "url" })?;
        let title = text_field(Some(&self.title)).ok_or(DataError::Missing {
            field: "title".to_owned(),
        })?;
        let images = self
            .images
            .into_iter()
            .filter_map(|img| {
                Some(Image {
                    src: resolve_image(source_url, &img.src)?,
                    alt: text_field(img.alt.as_deref()).unwrap_or_default(),
                    caption: text_field(img.caption.as_deref()),
                    width: dimension(img.width),
                    height: dimension(img.height),
                    srcset: candidates(source_url, img.srcset),
                })
            })
            .take(MAX_IMAGES)
            .collect();
        let mut categories: Vec<Category> = Vec::new();
        for Category { name, url: link } in self.categories {
            let Some(name) = text_field(Some(&name)) else {
                continue;
            };
            if categories.len() >= MAX_CATEGORIES
                || categories
                    .iter()
                    .any(|c| c.name.eq_ignore_ascii_case(&name))
            {
                continue;
            }
            let url = link.and_then(|u| resolve_link(source_url, &u));
            categories.push(Category { name, url });
        }
        let publisher = self.publisher.and_then(|Publisher { name, url, logo }| {
            Some(Publisher {
                name: text_field(Some(&name))?,
                url: url.and_then(|u| resolve_link(source_url, &u)),
                logo: logo.and_then(|u| resolve_image(source_url, &u)),
            })
        });
        Ok(Article {
            id,
            url,
            title,
            published_at: self.published_at,
            body_html: self.body_html,
            lead: text_field(self.lead.as_deref()),
            lang: self
                .lang
                .as_deref()
                .map(str::trim)
                .filter(|l| is_language_tag(l))
                .map(str::to_owned),
            updated_at: self.updated_at,
            author: text_field(self.author.as_deref()),
            images,
            views: self.views.and_then(view_count),
            views_url: self.views_url.and_then(|u| resolve_image(source_url, &u)),
            categories,
            publisher,
            source_url: source_url.to_owned(),
        })
    }
}

/// A view count as the contract accepts it, from the article or from a
/// `views_url` answer: fractions are rounded down; negative, non-numeric or
/// absurd counts are `None` (the counter is hidden).
pub fn view_count(n: f64) -> Option<u64> {
    (n.is_finite() && (0.0..MAX_VIEWS).contains(&n)).then(|| n.floor() as u64)
}

keyed! {
    /// What a `views_url` answers: `{"views": n}`.
    struct ViewsAnswer {
        views: "views",
    }
}

/// The count in a `views_url` answer, if it is one the contract accepts.
pub fn parse_views_answer(bytes: &[u8]) -> Option<u64> {
    let answer: Option<ViewsAnswer> = crate::de::from_tree(parse_json_bytes(bytes).ok()?).ok();
    let views = answer.and_then(|a| a.views.read::<f64>());
    clear_raw();
    view_count(views?)
}

/// A loose BCP 47 shape check (`en`, `ru-RU`, `zh-Hant-TW`), enough to keep
/// junk away from `Intl`, which throws on malformed tags.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok
        && tag.len() <= 35
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "https://publisher.example/api/articles/123.json";

    fn minimal() -> serde_json::Value {
        serde_json::json!({
            "id": "123",
            "url": "/news/123",
            "title": "  Opening   Asia for Russia ",
            "published_at": "2021-08-29T10:15:00+03:00",
            "body_html": "<p>Hi</p>"
        })
    }

    fn parse(v: &serde_json::Value) -> Result<Article, DocumentError> {
        parse_article(v.to_string().as_bytes(), SRC)
    }

    #[test]
    fn the_seed_fixture_parses_to_the_article_a_reader_expects() {
        let bytes = include_bytes!("../../../fixtures/api/articles/opening-asia-for-russia.json");
        let a = parse_article(bytes, SRC).unwrap();
        assert_eq!(a.title, "Opening Asia for Russia");
        assert_eq!(a.views, Some(47));
        assert_eq!(a.images.len(), 9);
        assert!(a
            .images
            .iter()
            .all(|i| i.src.starts_with("https://publisher.example/upload/")));
        let names: Vec<_> = a.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Economy and business",
                "Science and education",
                "Partner news"
            ]
        );
        assert!(a.body_html.contains("< /b>") && a.body_html.contains("< img "));
    }

    #[test]
    fn minimal_article_parses_and_urls_resolve_against_the_fetch_url() {
        let a = parse(&minimal()).unwrap();
        assert_eq!(a.url, "https://publisher.example/news/123");
        assert_eq!(a.title, "Opening Asia for Russia");
        assert_eq!(a.views, None);
        assert!(a.images.is_empty());
    }

    #[test]
    fn unknown_fields_are_ignored_and_numeric_ids_accepted() {
        let mut v = minimal();
        v["id"] = serde_json::json!(123);
        v["something_new"] = serde_json::json!({"x": [1, 2]});
        assert_eq!(parse(&v).unwrap().id, "123");
    }

    #[test]
    fn bad_documents_get_specific_errors() {
        let cases: Vec<(&[u8], DocumentError)> = vec![
            (b"", TextError::Empty.into()),
            (b"\xef\xbb\xbf  \n", TextError::Empty.into()),
            (b"null", FormatError::NotAnObject { found: "null" }.into()),
            (
                b"[1]",
                FormatError::NotAnObject { found: "an array" }.into(),
            ),
            (
                b"\"x\"",
                FormatError::NotAnObject { found: "a string" }.into(),
            ),
        ];
        for (bytes, expected) in cases {
            assert_eq!(parse_article(bytes, SRC), Err(expected));
        }
        assert!(matches!(
            parse_article(b"<!doctype html><h1>502 Bad Gateway</h1>", SRC),
            Err(DocumentError::Syntax(SyntaxError::HtmlPage))
        ));
        assert!(matches!(
            parse_article(br#"{"id": "1", "title": "trunc"#, SRC),
            Err(DocumentError::Syntax(SyntaxError::NotJson(_)))
        ));
    }

    #[test]
    fn required_fields_missing_or_wrong() {
        for field in ["id", "url", "title", "published_at", "body_html"] {
            let mut v = minimal();
            v.as_object_mut().unwrap().remove(field);
            assert_eq!(
                parse(&v),
                Err(DocumentError::Data(DataError::Missing {
                    field: field.to_owned()
                })),
                "{field}"
            );
            // An empty body is a (short) article; blank required text is not.
            v[field] = serde_json::json!("   ");
            assert_eq!(parse(&v).is_ok(), field == "body_html", "{field} blank");
            v[field] = serde_json::Value::Null;
            if field == "published_at" {
                // `null`: the source has no date; the article has none.
                assert_eq!(parse(&v).map(|a| a.published_at), Ok(None));
                continue;
            }
            assert!(
                matches!(
                    parse(&v),
                    Err(DocumentError::Data(DataError::Missing { .. }))
                ),
                "{field} null"
            );
        }
        let mut v = minimal();
        v["title"] = serde_json::json!(["x"]);
        assert_eq!(
            parse(&v),
            Err(DocumentError::Data(DataError::WrongType {
                field: "title".to_owned(),
                expected: "a string".to_owned()
            }))
        );
        let mut v = minimal();
        v["id"] = serde_json::json!(1.5);
        assert_eq!(
            parse(&v).unwrap_err().to_string(),
            "the article field \"id\" must be a string or an integer"
        );
        let mut v = minimal();
        v["body_html"] = serde_json::json!(["<p>x</p>"]);
        assert_eq!(
            parse(&v).unwrap_err().to_string(),
            "the article field \"body_html\" must be a string of HTML"
        );
        let mut v = minimal();
        v["published_at"] = serde_json::json!("29.08.2021");
        assert_eq!(
            parse(&v),
            Err(DocumentError::Data(DataError::BadDate {
                field: "published_at"
            }))
        );
        let mut v = minimal();
        v["url"] = serde_json::json!("javascript:alert(1)");
        assert_eq!(
            parse(&v),
            Err(DocumentError::Data(DataError::BadUrl { field: "url" }))
        );
    }

    #[test]
    fn view_counts_are_sanitised() {
        for (raw, expected) in [
            (serde_json::json!(47), Some(47)),
            (serde_json::json!(47.9), Some(47)),
            (serde_json::json!(-1), None),
            (serde_json::json!(1e300), None),
            (serde_json::json!("47"), None),
        ] {
            let mut v = minimal();
            v["views"] = raw.clone();
            assert_eq!(parse(&v).unwrap().views, expected, "{raw}");
        }
    }

    #[test]
    fn images_without_a_usable_source_are_skipped_and_capped() {
        let mut v = minimal();
        let mut images = vec![
            serde_json::json!({"alt": "no src"}),
            serde_json::json!({"src": "javascript:alert(1)"}),
            serde_json::json!({"src": "data:image/png;base64,AA"}),
            serde_json::json!("not an object"),
            serde_json::json!({"src": "/a.jpg", "alt": "A", "width": -5, "height": 600.4}),
        ];
        images.extend((0..5000).map(|i| serde_json::json!({"src": format!("/{i}.jpg")})));
        v["images"] = serde_json::Value::Array(images);
        let a = parse(&v).unwrap();
        assert_eq!(a.images.len(), MAX_IMAGES);
        let first = a.images.first().unwrap();
        assert_eq!(first.src, "https://publisher.example/a.jpg");
        assert_eq!((first.width, first.height), (None, Some(600)));
    }

    #[test]
    fn image_srcset_keeps_checked_widths_and_the_lightbox_takes_the_largest() {
        let mut v = minimal();
        v["images"] = serde_json::json!([{
            "src": "/a-800.jpg",
            "alt": "A",
            "srcset": [
                {"src": "/a-400.jpg", "width": 400},
                {"src": "javascript:alert(1)", "width": 5000},
                {"src": "/a-1600.jpg", "width": 1600.2},
                {"src": "/a-dup.jpg", "width": 400},
                {"src": "/a-0.jpg", "width": 0},
                {"src": "/a-nowidth.jpg"},
                "not an object"
            ]
        }, {"src": "/b.jpg", "srcset": "not a list"}]);
        let a = parse(&v).unwrap();
        let first = a.images.first().unwrap();
        assert_eq!(
            crate::srcset::serialize(&first.srcset),
            "https://publisher.example/a-400.jpg 400w, https://publisher.example/a-1600.jpg 1600w"
        );
        assert_eq!(first.largest(), "https://publisher.example/a-1600.jpg");
        // A malformed srcset is dropped, the image stays.
        let second = a.images.get(1).unwrap();
        assert!(second.srcset.is_empty());
        assert_eq!(second.largest(), "https://publisher.example/b.jpg");
    }

    #[test]
    fn invalid_utf8_and_bom_still_parse() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(minimal().to_string().into_bytes());
        assert!(parse_article(&bytes, SRC).is_ok());
        let broken: Vec<u8> = minimal()
            .to_string()
            .replace("Opening", "Open#ing")
            .into_bytes()
            .into_iter()
            .map(|b| if b == b'#' { 0xff } else { b })
            .collect();
        assert_eq!(
            parse_article(&broken, SRC).unwrap().title,
            "Open\u{fffd}ing Asia for Russia"
        );
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "ru-RU", "zh-Hant-TW"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english!", "en_US", "ru--RU", "<script>"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
