//! The partner site a view comes from: the origin (scheme, host, port) of
//! the page that embeds the article, never a path or a query.
//!
//! The widget says it in the view's body: the page's own origin for the
//! element, the embedding page's for a frame (`location.ancestorOrigins`,
//! else the frame's referrer). Without it (an older widget, another
//! client), the request's `Origin`, then its `Referer`. All of these are
//! what a client claims: a false partner moves a view from one partner to
//! another, never adds one (a reader counts once per article and day
//! whatever it claims).

use axum::http::{header, HeaderMap};

/// The longest origin kept: a scheme, a 253-byte host name and a port.
pub const MAX_ORIGIN_BYTES: usize = 300;

/// The partner of a view whose request carried `body` and `headers`: the
/// first of them that is an http(s) origin, else `""` (unknown).
pub fn of_view(body: &[u8], headers: &HeaderMap) -> String {
    let said = std::str::from_utf8(body).ok().map(str::trim);
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    [said, header(header::ORIGIN), header(header::REFERER)]
        .into_iter()
        .flatten()
        .find_map(origin)
        .unwrap_or_default()
}

/// The origin of an http(s) URL, as browsers serialize it (lower-case
/// host, IDNs in punycode, no default port); `None` for anything else
/// (`null`, opaque origins, other schemes, junk, too long).
pub fn origin(value: &str) -> Option<String> {
    if value.is_empty() || value.len() > MAX_ORIGIN_BYTES {
        return None;
    }
    let url = url::Url::parse(value).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    Some(url.origin().ascii_serialization()).filter(|o| o.len() <= MAX_ORIGIN_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origins_are_canonical_and_nothing_more() {
        for (given, kept) in [
            ("https://Partner.Example", Some("https://partner.example")),
            (
                "https://partner.example:443/news/1?x=1#y",
                Some("https://partner.example"),
            ),
            (
                "http://partner.example:8080/",
                Some("http://partner.example:8080"),
            ),
            (
                "https://user:pass@partner.example/",
                Some("https://partner.example"),
            ),
            (
                "https://пример.рф/статья",
                Some("https://xn--e1afmkfd.xn--p1ai"),
            ),
            ("http://[2001:DB8::1]:80/", Some("http://[2001:db8::1]")),
            ("null", None),
            ("", None),
            ("file:///etc/passwd", None),
            ("javascript:alert(1)", None),
            ("data:text/html,x", None),
            ("partner.example", None),
            ("https://", None),
        ] {
            assert_eq!(origin(given).as_deref(), kept, "{given}");
        }
        assert_eq!(
            origin(&format!("https://{}.example", "a".repeat(400))),
            None
        );
    }

    #[test]
    fn the_widget_first_then_origin_then_referer() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://frame.cdn.example"),
        );
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://r.example/a/b?c"),
        );
        assert_eq!(
            of_view(b" https://partner.example \n", &headers),
            "https://partner.example"
        );
        assert_eq!(of_view(b"null", &headers), "https://frame.cdn.example");
        assert_eq!(
            of_view(&[0xff, 0xfe], &headers),
            "https://frame.cdn.example"
        );
        headers.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert_eq!(of_view(b"", &headers), "https://r.example");
        assert_eq!(of_view(b"", &HeaderMap::new()), "");
    }
}
