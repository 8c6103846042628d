//! URL policy for untrusted article content.
//!
//! Every URL in an article is resolved against the URL the JSON was fetched
//! from (never the page showing the widget), then checked against a scheme
//! allowlist. The output of [`resolve_link`] and [`resolve_image`] always starts
//! literally with `https://`, `http://` or `mailto:`, so whatever a browser
//! later makes of it, it cannot become `javascript:` or `data:`.
//!
//! ```
//! use article_embed_core::urls::{resolve_image, resolve_link};
//! let base = "https://publisher.example/api/articles/1.json";
//! assert_eq!(
//!     resolve_image(base, "/upload/a.jpg").as_deref(),
//!     Some("https://publisher.example/upload/a.jpg")
//! );
//! assert_eq!(resolve_link(base, " jAvA\tscript:alert(1)"), None);
//! ```

/// Longest URL we accept; anything longer is almost certainly junk or an attack.
pub const MAX_URL_LEN: usize = 4096;

/// Resolves a link target (`<a href>`, rubric, publisher and article links):
/// http(s) and mailto only.
pub fn resolve_link(base: &str, reference: &str) -> Option<String> {
    let reference = strip_url_noise(reference);
    if let Some(rest) = scheme_rest(&reference, "mailto") {
        return (!rest.is_empty()).then(|| format!("mailto:{rest}"));
    }
    resolve_http(base, &reference)
}

/// `#fragment` resolved against `page`, a URL [`resolve_link`] returned,
/// cut before its fragment: the same as `resolve_link(page, "#fragment")`
/// without parsing `page` again (a body of thousands of footnote links
/// spent most of its cleaning there).
pub fn with_fragment(page: &str, fragment: &str) -> Option<String> {
    let page = strip_url_noise(page);
    // The resolver sees `\` as `/` in a relative reference, fragment too.
    let reference = strip_url_noise(&format!("#{fragment}")).replace('\\', "/");
    let http = page.starts_with("https://") || page.starts_with("http://");
    (http && reference.len() <= MAX_URL_LEN && looks_like_url(&reference))
        .then(|| page + &reference)
}

/// Resolves an image source: http(s) only.
pub fn resolve_image(base: &str, reference: &str) -> Option<String> {
    resolve_http(base, &strip_url_noise(reference))
}

/// Characters no URL a CMS publishes carries unencoded, and that data
/// does: a lazy-loading plugin's `data-src` holding a JSON object
/// (`{"src": …}`), an unfilled template (`/img/{width}/a.jpg`), markup.
/// Such a value is not requested as a relative URL.
fn looks_like_url(reference: &str) -> bool {
    !reference
        .bytes()
        .any(|b| matches!(b, b'{' | b'}' | b'"' | b'<' | b'>' | b'`'))
}

/// True when `url` is an absolute http(s) URL (used to validate the fetch URL
/// itself, which becomes the base for everything else).
pub fn is_http_url(url: &str) -> bool {
    split_absolute(&strip_url_noise(url)).is_some()
}

/// Removes what the WHATWG URL parser ignores: leading and trailing C0
/// controls and spaces, and ASCII tab or newline anywhere. Attackers use these
/// to hide a scheme (`java\tscript:`), so we see the URL as the browser will.
fn strip_url_noise(input: &str) -> String {
    input
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// If `url` has the given scheme (ASCII case-insensitive), returns what follows `:`.
fn scheme_rest<'a>(url: &'a str, scheme: &str) -> Option<&'a str> {
    let (head, rest) = url.split_once(':')?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// The scheme of `url`, if it has a syntactically valid one (RFC 3986 §3.1).
fn scheme_of(url: &str) -> Option<&str> {
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(head)
}

/// An absolute http(s) URL split into (lowercase scheme, authority, path-and-rest).
fn split_absolute(url: &str) -> Option<(String, String, String)> {
    let scheme = scheme_of(url)?.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = url.get(scheme.len() + 1..)?.replace('\\', "/");
    let rest = rest.strip_prefix("//")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at_checked(end)?;
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.is_empty() || host.starts_with(':') || authority.chars().any(char::is_whitespace) {
        return None;
    }
    let tail = if tail.is_empty() || !tail.starts_with('/') {
        format!("/{tail}")
    } else {
        tail.to_owned()
    };
    Some((scheme, authority.to_owned(), tail))
}

fn resolve_http(base: &str, reference: &str) -> Option<String> {
    if reference.is_empty() || reference.len() > MAX_URL_LEN || !looks_like_url(reference) {
        return None;
    }
    if scheme_of(reference).is_some() {
        let (scheme, authority, tail) = split_absolute(reference)?;
        return Some(format!("{scheme}://{authority}{}", normalize_path(&tail)));
    }
    let (scheme, authority, base_tail) = split_absolute(&strip_url_noise(base))?;
    // Special schemes treat `\` as `/`; do the same so we see what the browser sees.
    let reference = reference.replace('\\', "/");
    if let Some(rest) = reference.strip_prefix("//") {
        return resolve_http(base, &format!("{scheme}://{rest}"));
    }
    let base_path_end = base_tail.find(['?', '#']).unwrap_or(base_tail.len());
    let (base_path, base_query_and_fragment) = base_tail.split_at_checked(base_path_end)?;
    let tail = if reference.starts_with('/') {
        reference
    } else if reference.starts_with('?') {
        format!("{base_path}{reference}")
    } else if reference.starts_with('#') {
        let base_query = base_query_and_fragment
            .split('#')
            .next()
            .unwrap_or_default();
        format!("{base_path}{base_query}{reference}")
    } else {
        let dir_end = base_path.rfind('/').map_or(0, |i| i + 1);
        format!("{}{reference}", base_path.get(..dir_end).unwrap_or("/"))
    };
    Some(format!("{scheme}://{authority}{}", normalize_path(&tail)))
}

/// Removes `.` and `..` segments from the path part (RFC 3986 §5.2.4),
/// leaving query and fragment untouched.
fn normalize_path(tail: &str) -> String {
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let (path, rest) = tail.split_at_checked(path_end).unwrap_or((tail, ""));
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}{rest}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_not_a_relative_url() {
        let base = "https://publisher.example/api/articles/1.json";
        for data in [
            "{\"src\":\"https://p.example/a.jpg\",\"w\":800}",
            "/img/{width}/a.jpg",
            "<img src=x>",
            "a\"b.jpg",
            "`x`",
        ] {
            assert_eq!(resolve_image(base, data), None, "{data}");
            assert_eq!(resolve_link(base, data), None, "{data}");
        }
        assert!(resolve_image(base, "/upload/my photo [1].jpg").is_some());
    }

    const BASE: &str = "https://publisher.example/api/articles/123.json?v=2#x";

    #[test]
    fn relative_references_resolve_against_the_fetch_url() {
        let cases = [
            ("/upload/a.jpg", "https://publisher.example/upload/a.jpg"),
            (
                "img/a.jpg",
                "https://publisher.example/api/articles/img/a.jpg",
            ),
            ("../b.jpg", "https://publisher.example/api/b.jpg"),
            ("../../../../c.jpg", "https://publisher.example/c.jpg"),
            (
                "./d/./e/../f.jpg",
                "https://publisher.example/api/articles/d/f.jpg",
            ),
            ("//cdn.example/x.png", "https://cdn.example/x.png"),
            (
                "?page=2",
                "https://publisher.example/api/articles/123.json?page=2",
            ),
            (
                "#top",
                "https://publisher.example/api/articles/123.json?v=2#top",
            ),
            ("HTTP://Other.example", "http://Other.example/"),
            (
                "https://o.example/a/../b?q=../x",
                "https://o.example/b?q=../x",
            ),
            ("\\\\evil.example/x", "https://evil.example/x"),
        ];
        for (reference, expected) in cases {
            assert_eq!(
                resolve_image(BASE, reference).as_deref(),
                Some(expected),
                "{reference}"
            );
        }
    }

    #[test]
    fn dangerous_schemes_are_refused_however_they_are_disguised() {
        for reference in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://example.com/",
            "http:",
            "https:///nohost",
            "http://exa mple.com/",
        ] {
            assert_eq!(resolve_link(BASE, reference), None, "{reference:?}");
            assert_eq!(resolve_image(BASE, reference), None, "{reference:?}");
        }
    }

    #[test]
    fn mailto_is_a_link_but_not_an_image() {
        assert_eq!(
            resolve_link(BASE, "MAILTO:news@publisher.example").as_deref(),
            Some("mailto:news@publisher.example")
        );
        assert_eq!(resolve_image(BASE, "mailto:news@publisher.example"), None);
        assert_eq!(resolve_link(BASE, "mailto:"), None);
    }

    #[test]
    fn relative_urls_need_an_http_base() {
        assert_eq!(resolve_image("file:///tmp/a.json", "a.jpg"), None);
        assert_eq!(resolve_image("", "a.jpg"), None);
        assert!(is_http_url("http://localhost:8080/a.json"));
        assert!(!is_http_url("/a.json"));
    }

    #[test]
    fn overlong_urls_are_refused() {
        let long = format!("/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(resolve_image(BASE, &long), None);
    }
}
