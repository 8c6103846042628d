//! oEmbed (<https://oembed.com>): `GET /oembed?url=<an article's page>`
//! answers the embed for that page, so that oEmbed consumers (CMS editors,
//! chat apps) embed an article by its URL. [`crate::app`] looks the page up
//! among the configured sources' items (by the item's URL or id); this
//! module checks the request and writes the answer.

use article_embed_core::contract::Article;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::xml::escape;

/// A page URL longer than this is no article's.
pub const MAX_URL: usize = 2048;

/// Width when the consumer names none, and the height announced (the
/// element sizes itself; oEmbed's rich type requires both).
const WIDTH: u32 = 640;
const HEIGHT: u32 = 600;

/// The consumer's request.
#[derive(Deserialize)]
pub struct Request {
    /// The article's page.
    pub url: Option<String>,
    /// `json` (the default) or another, which is refused.
    pub format: Option<String>,
    /// The widest the consumer can show.
    pub maxwidth: Option<u32>,
}

/// Why a request is refused before any source is read.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not JSON: 501, as the specification says.
    Format,
    /// No URL, not http(s), or too long: 400.
    Url,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Format => write!(f, "only format=json is answered"),
            Refused::Url => write!(f, "url must be an http(s) URL of at most {MAX_URL} bytes"),
        }
    }
}

impl Request {
    /// The page URL asked for, when the request can be answered.
    pub fn page(&self) -> Result<&str, Refused> {
        if self.format.as_deref().is_some_and(|f| f != "json") {
            return Err(Refused::Format);
        }
        self.url
            .as_deref()
            .filter(|u| {
                u.len() <= MAX_URL && (u.starts_with("https://") || u.starts_with("http://"))
            })
            .ok_or(Refused::Url)
    }
}

/// The oEmbed answer (type `rich`) for `article`, shown from `src` by the
/// widget loaded from `embed_js`; `public_url` is the provider's.
pub fn answer(
    article: &Article,
    src: &str,
    embed_js: &str,
    public_url: &str,
    maxwidth: Option<u32>,
) -> Value {
    // The partner's fallback link, inside the element, until the widget runs.
    let mut html = String::from("<article-embed src=\"");
    escape(src, true, &mut html);
    html.push_str("\"><a href=\"");
    escape(&article.url, true, &mut html);
    html.push_str("\">");
    escape(&article.title, false, &mut html);
    html.push_str("</a></article-embed><script type=\"module\" src=\"");
    escape(embed_js, true, &mut html);
    html.push_str("\"></script>");
    let mut answer = json!({
        "version": "1.0",
        "type": "rich",
        "title": article.title,
        "provider_url": public_url,
        "html": html,
        "width": maxwidth.map_or(WIDTH, |m| m.clamp(200, WIDTH)),
        "height": HEIGHT,
        "cache_age": 300,
    });
    if let (Some(author), Some(fields)) = (&article.author, answer.as_object_mut()) {
        fields.insert("author_name".to_owned(), json!(author));
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: Option<&str>, format: Option<&str>) -> Request {
        Request {
            url: url.map(str::to_owned),
            format: format.map(str::to_owned),
            maxwidth: None,
        }
    }

    #[test]
    fn only_json_for_an_http_page_url_is_answered() {
        assert_eq!(
            request(Some("https://p.example/a"), None).page(),
            Ok("https://p.example/a")
        );
        assert_eq!(
            request(Some("https://p.example/a"), Some("xml")).page(),
            Err(Refused::Format)
        );
        assert_eq!(
            request(Some("javascript:alert(1)"), None).page(),
            Err(Refused::Url)
        );
        assert_eq!(request(None, None).page(), Err(Refused::Url));
        let long = format!("https://p.example/{}", "a".repeat(MAX_URL));
        assert_eq!(request(Some(&long), None).page(), Err(Refused::Url));
    }
}
