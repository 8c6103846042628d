//! A body's relative URLs made absolute against the CMS document's URL.
//!
//! The contract resolves a body's relative URLs against the URL the JSON
//! was fetched from. Served by this server, that is no longer the CMS's
//! URL, so every URL the widget reads in a body (links, images and their
//! lazy-loading and `srcset` variants, `<source>`, players, `cite`) is
//! rewritten absolute first, with lol-html (streaming, no tree, bounded).
//! Nothing else changes: the widget cleans the body as it always does.

use lol_html::{element, rewrite_str, RewriteStrSettings};
use url::Url;

/// Attributes holding one URL.
const URL_ATTRS: [&str; 10] = [
    "href",
    "src",
    "data-src",
    "data-lazy-src",
    "data-original",
    "poster",
    "data",
    "cite",
    "action",
    "background",
];

/// Attributes holding a `srcset`.
const SRCSET_ATTRS: [&str; 3] = ["srcset", "data-srcset", "data-lazy-srcset"];

/// `html` with its relative URLs resolved against `base`; unchanged when it
/// cannot be rewritten (the widget then resolves them as before).
pub fn absolute_urls(html: &str, base: &str) -> String {
    let Ok(base) = Url::parse(base) else {
        return html.to_owned();
    };
    let absolute = |value: &str| -> Option<String> {
        let value = value.trim();
        // In-body fragments stay: the widget follows them inside the embed.
        if value.is_empty() || value.starts_with('#') {
            return None;
        }
        base.join(value)
            .ok()
            .map(String::from)
            .filter(|joined| joined != value)
    };
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("*", |el| {
            for name in URL_ATTRS {
                if let Some(joined) = el.get_attribute(name).as_deref().and_then(absolute) {
                    el.set_attribute(name, &joined)?;
                }
            }
            for name in SRCSET_ATTRS {
                if let Some(srcset) = el.get_attribute(name) {
                    let rewritten: Vec<String> = srcset
                        .split(", ")
                        .map(|candidate| {
                            let candidate = candidate.trim();
                            let (url, descriptor) =
                                candidate.split_once(' ').unwrap_or((candidate, ""));
                            let url = absolute(url).unwrap_or_else(|| url.to_owned());
                            [url.as_str(), descriptor].join(" ").trim_end().to_owned()
                        })
                        .collect();
                    el.set_attribute(name, &rewritten.join(", "))?;
                }
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::absolute_urls;

    #[test]
    fn relative_urls_resolve_against_the_cms_document() {
        let base = "https://cms.example/wp-json/wp/v2/posts/4";
        let html = r##"<p><a href="../../../2010/10/x/">x</a> <a href="#note">1</a>
<img src="/upload/a.jpg" srcset="/upload/a-300.jpg 300w, b.jpg 2x" data-src="lazy.jpg" alt="a">
<a href="https://other.example/y">y</a> <a href="javascript:alert(1)">z</a></p>"##;
        let out = absolute_urls(html, base);
        assert!(
            out.contains(r#"href="https://cms.example/wp-json/2010/10/x/""#),
            "{out}"
        );
        assert!(out.contains(r##"href="#note""##));
        assert!(out.contains(r#"src="https://cms.example/upload/a.jpg""#));
        assert!(out.contains(r#"srcset="https://cms.example/upload/a-300.jpg 300w, https://cms.example/wp-json/wp/v2/posts/b.jpg 2x""#), "{out}");
        assert!(out.contains(r#"data-src="https://cms.example/wp-json/wp/v2/posts/lazy.jpg""#));
        assert!(out.contains(r#"href="https://other.example/y""#));
        // Whatever is not http(s) stays as it was, for the widget to refuse.
        assert!(out.contains(r#"href="javascript:alert(1)""#));
    }
}
