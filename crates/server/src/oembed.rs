//! oEmbed (<https://oembed.com>): `GET /oembed?url=<an article's page>`
//! answers the embed for that page, so that oEmbed consumers (CMS editors,
//! chat apps) embed an article by its URL. [`crate::app`] looks the page up
//! among the configured sources' items (by the item's URL or id, in any
//! spelling); this module checks the request and writes the answer.
//!
//! The answer's `html` is, by default, what every consumer keeps: a
//! `<blockquote>` with the headline linked to the article, then an
//! `<iframe>` of the widget's `frame.html` for the article. WordPress keeps
//! exactly `blockquote`, `a[href]` and an `iframe` with a few attributes
//! (`wp_filter_oembed_result`), Drupal and Iframely show an iframe, and
//! Discourse one whose `src` its admin allowed. `embed=element` answers the
//! custom element and its script instead, for consumers that run scripts.

use article_embed_core::contract::Article;
use article_embed_core::srcset::Descriptor;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::xml::escape;

/// A page URL longer than this is no article's.
pub const MAX_URL: usize = 2048;

/// Width when the consumer names none.
const WIDTH: u32 = 640;
/// The narrowest column the height is estimated for, and the shortest
/// height announced (unless the consumer allows less).
const MIN_WIDTH: u32 = 200;
const MIN_HEIGHT: u32 = 200;
/// The tallest height announced when the consumer names no `maxheight`.
const MAX_HEIGHT: u32 = 4000;

/// How long consumers may keep an answer, in seconds.
pub const CACHE_AGE: u32 = 3600;

/// The consumer's request.
#[derive(Deserialize)]
pub struct Request {
    /// The article's page.
    pub url: Option<String>,
    /// `json` (the default) or `xml`; another is refused (501).
    pub format: Option<String>,
    /// The widest the consumer can show.
    pub maxwidth: Option<u32>,
    /// The tallest the consumer can show.
    pub maxheight: Option<u32>,
    /// `frame` (the default) or `element`.
    pub embed: Option<String>,
}

/// The answer's serialization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `application/json+oembed`.
    Json,
    /// `text/xml+oembed`.
    Xml,
}

/// What the answer's `html` embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embed {
    /// A headline in a `<blockquote>`, then an `<iframe>` of `frame.html`.
    Frame,
    /// The `<article-embed>` element and its script.
    Element,
}

/// Why a request is refused before any source is read.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Neither JSON nor XML: 501, as the specification says.
    Format,
    /// No URL, not http(s), or too long: 400.
    Url,
    /// An `embed` other than `frame` or `element`: 400.
    Embed,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Format => write!(f, "format is json or xml"),
            Refused::Url => write!(f, "url must be an http(s) URL of at most {MAX_URL} bytes"),
            Refused::Embed => write!(f, "embed is frame (the default) or element"),
        }
    }
}

impl Request {
    /// The page URL asked for, its format and embed, when the request can
    /// be answered.
    pub fn page(&self) -> Result<(&str, Format, Embed), Refused> {
        let format = match self.format.as_deref() {
            None | Some("json") => Format::Json,
            Some("xml") => Format::Xml,
            Some(_) => return Err(Refused::Format),
        };
        let embed = match self.embed.as_deref() {
            None | Some("frame") => Embed::Frame,
            Some("element") => Embed::Element,
            Some(_) => return Err(Refused::Embed),
        };
        let page = self
            .url
            .as_deref()
            .filter(|u| {
                u.len() <= MAX_URL && (u.starts_with("https://") || u.starts_with("http://"))
            })
            .ok_or(Refused::Url)?;
        Ok((page, format, embed))
    }
}

/// Where the provider's parts are.
pub struct Provider<'a> {
    /// The server's public address (`provider_url` when the article names
    /// no publisher).
    pub public_url: &'a str,
    /// The widget's loader, for the element.
    pub embed_js: &'a str,
    /// The widget's `frame.html`, for the frame.
    pub frame_html: &'a str,
    /// The article's URL in this server's API.
    pub src: &'a str,
}

/// The frame's URL for an article at `src`.
pub fn frame_url(frame_html: &str, src: &str, lang: Option<&str>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("src", src);
    if let Some(lang) = lang.filter(|l| !l.is_empty() && l.len() <= 35) {
        query.append_pair("lang", lang);
    }
    format!("{frame_html}?{}", query.finish())
}

/// The height an article takes at `width` pixels, roughly: its header, its
/// text in lines of the widget's body font, its images at the column's
/// width. The frame then reports its real height; consumers that cannot
/// listen (Drupal, Iframely) keep this one, so it errs long, not short.
pub fn estimated_height(article: &Article, width: u32) -> u32 {
    let column = f64::from(width.saturating_sub(32).max(160));
    // About 8.5 px per character at the body's 17 px, 1.6 line height.
    let chars_per_line = (column / 8.5).max(16.0);
    let text = visible_chars(&article.body_html) + article.lead.as_deref().map_or(0, str::len);
    let lines = text as f64 / chars_per_line + 2.0 * paragraphs(&article.body_html) as f64;
    let images = images_in(&article.body_html).max(usize::from(!article.images.is_empty()));
    let height = 260.0 + lines * 27.2 + images as f64 * (column * 0.62 + 40.0);
    (height.min(f64::from(u32::MAX / 2)) as u32).max(MIN_HEIGHT)
}

fn visible_chars(html: &str) -> usize {
    let mut inside = false;
    html.chars()
        .filter(|c| {
            match c {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    return false;
                }
                _ => {}
            }
            !inside
        })
        .count()
}

fn paragraphs(html: &str) -> usize {
    html.matches("<p").count()
}

fn images_in(html: &str) -> usize {
    html.matches("<img").count()
}

/// The oEmbed answer (type `rich`) for `article`.
pub fn answer(
    article: &Article,
    provider: &Provider<'_>,
    embed: Embed,
    maxwidth: Option<u32>,
    maxheight: Option<u32>,
) -> Value {
    // Never past what the consumer can show (the specification's "must"),
    // however narrow; a 0 is no limit.
    let width = maxwidth.filter(|m| *m > 0).map_or(WIDTH, |m| m.min(WIDTH));
    let height = estimated_height(article, width.max(MIN_WIDTH))
        .min(maxheight.filter(|m| *m > 0).unwrap_or(MAX_HEIGHT));
    let html = match embed {
        Embed::Frame => frame_html(article, provider, width, height),
        Embed::Element => element_html(article, provider),
    };
    let (provider_name, provider_url) = match &article.publisher {
        Some(publisher) => (
            Some(publisher.name.clone()),
            publisher
                .url
                .clone()
                .unwrap_or_else(|| provider.public_url.to_owned()),
        ),
        None => (None, provider.public_url.to_owned()),
    };
    let mut fields = Map::new();
    fields.insert("version".into(), json!("1.0"));
    fields.insert("type".into(), json!("rich"));
    fields.insert("title".into(), json!(article.title));
    if let Some(name) = provider_name.filter(|n| !n.trim().is_empty()) {
        fields.insert("provider_name".into(), json!(name));
    }
    fields.insert("provider_url".into(), json!(provider_url));
    if let Some(author) = article.author.as_deref().filter(|a| !a.trim().is_empty()) {
        fields.insert("author_name".into(), json!(author));
    }
    if let Some((url, w, h)) = thumbnail(article, width) {
        fields.insert("thumbnail_url".into(), json!(url));
        if let (Some(w), Some(h)) = (w, h) {
            fields.insert("thumbnail_width".into(), json!(w));
            fields.insert("thumbnail_height".into(), json!(h));
        }
    }
    fields.insert("html".into(), json!(html));
    fields.insert("width".into(), json!(width));
    fields.insert("height".into(), json!(height));
    fields.insert("cache_age".into(), json!(CACHE_AGE));
    Value::Object(fields)
}

/// The featured image, as the candidate that fits `width` best (the
/// largest no wider, else the narrowest), with its size when known.
fn thumbnail(article: &Article, width: u32) -> Option<(String, Option<u32>, Option<u32>)> {
    let image = article.images.first()?;
    let scale = |w: u32| {
        let height = match (image.width, image.height) {
            (Some(iw), Some(ih)) if iw > 0 => {
                Some((u64::from(w) * u64::from(ih) / u64::from(iw)) as u32)
            }
            _ => None,
        };
        (Some(w), height)
    };
    let widths: Vec<(u32, &str)> = image
        .srcset
        .iter()
        .filter_map(|c| match c.descriptor {
            Descriptor::Width(w) => Some((w, c.src.as_str())),
            _ => None,
        })
        .chain(image.width.map(|w| (w, image.src.as_str())))
        .collect();
    let fitting = widths
        .iter()
        .filter(|(w, _)| *w <= width)
        .max_by_key(|(w, _)| *w);
    let chosen = fitting.or_else(|| widths.iter().min_by_key(|(w, _)| *w));
    Some(match chosen {
        Some((w, src)) => {
            let (w, h) = scale(*w);
            ((*src).to_owned(), w, h)
        }
        None => (image.src.clone(), image.width, image.height),
    })
}

fn frame_html(article: &Article, provider: &Provider<'_>, width: u32, height: u32) -> String {
    let mut html = String::from("<blockquote class=\"article-embed-fallback\"><a href=\"");
    escape(&article.url, true, &mut html);
    html.push_str("\">");
    escape(&article.title, false, &mut html);
    html.push_str("</a></blockquote><iframe src=\"");
    escape(
        &frame_url(provider.frame_html, provider.src, article.lang.as_deref()),
        true,
        &mut html,
    );
    html.push_str(&format!(
        "\" width=\"{width}\" height=\"{height}\" title=\""
    ));
    escape(&article.title, true, &mut html);
    html.push_str("\" frameborder=\"0\" data-article-embed-frame></iframe>");
    html
}

fn element_html(article: &Article, provider: &Provider<'_>) -> String {
    // The partner's fallback link, inside the element, until the widget runs.
    let mut html = String::from("<article-embed src=\"");
    escape(provider.src, true, &mut html);
    html.push_str("\"><a href=\"");
    escape(&article.url, true, &mut html);
    html.push_str("\">");
    escape(&article.title, false, &mut html);
    html.push_str("</a></article-embed><script type=\"module\" src=\"");
    escape(provider.embed_js, true, &mut html);
    html.push_str("\"></script>");
    html
}

/// The answer as oEmbed's XML (`<oembed>` with one element per field).
pub fn to_xml(answer: &Value) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<oembed>");
    if let Some(fields) = answer.as_object() {
        for (name, value) in fields {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            xml.push_str(&format!("<{name}>"));
            escape(&text, false, &mut xml);
            xml.push_str(&format!("</{name}>"));
        }
    }
    xml.push_str("</oembed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: Option<&str>, format: Option<&str>, embed: Option<&str>) -> Request {
        Request {
            url: url.map(str::to_owned),
            format: format.map(str::to_owned),
            maxwidth: None,
            maxheight: None,
            embed: embed.map(str::to_owned),
        }
    }

    #[test]
    fn json_or_xml_for_an_http_page_url_is_answered() {
        let page = Some("https://p.example/a");
        assert_eq!(
            request(page, None, None).page(),
            Ok(("https://p.example/a", Format::Json, Embed::Frame))
        );
        assert_eq!(
            request(page, Some("xml"), Some("element")).page(),
            Ok(("https://p.example/a", Format::Xml, Embed::Element))
        );
        assert_eq!(
            request(page, Some("yaml"), None).page(),
            Err(Refused::Format)
        );
        assert_eq!(
            request(page, None, Some("script")).page(),
            Err(Refused::Embed)
        );
        assert_eq!(
            request(Some("javascript:alert(1)"), None, None).page(),
            Err(Refused::Url)
        );
        assert_eq!(request(None, None, None).page(), Err(Refused::Url));
        let long = format!("https://p.example/{}", "a".repeat(MAX_URL));
        assert_eq!(request(Some(&long), None, None).page(), Err(Refused::Url));
    }

    #[test]
    fn the_consumers_limits_are_never_exceeded() {
        let json = serde_json::json!({
            "id": "1", "url": "https://p.example/a", "title": "T",
            "published_at": null, "body_html": "<p>x</p>".repeat(500)
        });
        let article = article_embed_core::contract::parse_article(
            json.to_string().as_bytes(),
            "https://p.example/",
        )
        .unwrap();
        let provider = Provider {
            public_url: "https://s.example",
            embed_js: "https://s.example/embed.js",
            frame_html: "https://s.example/frame.html",
            src: "https://s.example/api/articles/news?item=1",
        };
        for (maxwidth, maxheight, width, height) in [
            (Some(150), Some(100), 150, Some(100)),
            (Some(500), Some(750), 500, Some(750)),
            (Some(2000), None, 640, None),
            (Some(0), Some(0), 640, None),
        ] {
            let answer = answer(&article, &provider, Embed::Frame, maxwidth, maxheight);
            assert_eq!(answer["width"], width, "{maxwidth:?}");
            match height {
                Some(h) => assert_eq!(answer["height"], h, "{maxheight:?}"),
                None => assert!(answer["height"].as_u64().unwrap() >= u64::from(MIN_HEIGHT)),
            }
            let html = answer["html"].as_str().unwrap();
            assert!(html.contains(&format!("width=\"{width}\"")), "{html}");
        }
    }

    #[test]
    fn xml_escapes_every_field() {
        let xml = to_xml(&json!({"title": "<b>&", "width": 500}));
        assert!(
            xml.contains("<title>&lt;b&gt;&amp;</title><width>500</width>"),
            "{xml}"
        );
    }

    #[test]
    fn the_frame_url_carries_the_source_and_language() {
        assert_eq!(
            frame_url("https://p.example/frame.html", "https://p.example/api/articles/news?item=a&b", Some("ru")),
            "https://p.example/frame.html?src=https%3A%2F%2Fp.example%2Fapi%2Farticles%2Fnews%3Fitem%3Da%26b&lang=ru"
        );
    }
}
