//! Body images: `<img>` and `<picture>` with their responsive sources.
//!
//! Every candidate of `srcset` (on the image and on each `<source>`) keeps
//! its place when its URL passes the http(s) check, so the browser picks the
//! file that fits the reader's screen and format support. `sizes` is not
//! kept: the author's describes their layout, not the embed's, and the
//! builder writes its own.

use super::align::block_align;
use super::attrs::{attr, bounded, has_class};
use super::node::{Flow, Picture, PictureSource, RawNode};
use article_embed_core::srcset::{self, Candidate};
use article_embed_core::urls::resolve_image;

/// `<source>`s of one `<picture>` past this count are dropped.
const MAX_SOURCES: usize = 8;

/// Lazy-loading plugins (lazysizes, WP Rocket, a3 Lazy Load …) publish a
/// placeholder in `src` and the real image in a data attribute: the data
/// attribute wins when there is one.
const SRC_ATTRS: [&str; 4] = ["data-src", "data-lazy-src", "data-original", "src"];
const SRCSET_ATTRS: [&str; 3] = ["data-srcset", "data-lazy-srcset", "srcset"];

/// Classes CMSs give emoji and smileys (WordPress's `emoji`, `wp-smiley`;
/// the serializer writes `emoji` back).
pub(crate) const GLYPH_CLASSES: [&str; 2] = ["emoji", "wp-smiley"];

/// Formula images by where they are drawn (Wikipedia's math renderer,
/// WordPress.com's LaTeX, CodeCogs): part of the text even alone on a line.
const FORMULA_SOURCES: [&str; 3] = ["/media/math/render/", "/latex.php?", "latex.codecogs.com/"];

/// An image declared this small or smaller both ways is an icon or an
/// emoji, whatever surrounds it: no photo is 48 px.
const MAX_GLYPH_PX: u32 = 48;

impl Picture {
    /// An `<img>`'s attributes, resolved against `base`; `None` without any
    /// usable source.
    pub fn from_img(
        attrs: &[(String, String)],
        base: &str,
        sources: Vec<PictureSource>,
    ) -> Option<Picture> {
        let srcset = first_srcset(attrs, base);
        let src = SRC_ATTRS
            .iter()
            .find_map(|name| resolve_image(base, attr(attrs, name)?))
            // Only a srcset: its first candidate is the fallback.
            .or_else(|| Some(srcset.first()?.src.clone()))?;
        let size = |name| {
            bounded(attr(attrs, name), 0, 10_000)
                .filter(|n| *n > 0)
                .map(|n| n as u32)
        };
        let (width, height, align) = (size("width"), size("height"), block_align(attrs));
        // Emoji and icons: marked so by their CMS, or declared tiny.
        let tiny =
            matches!((width, height), (Some(w), Some(h)) if w <= MAX_GLYPH_PX && h <= MAX_GLYPH_PX);
        let glyph = GLYPH_CLASSES.iter().any(|c| has_class(attrs, c)) || tiny;
        // No `alt` at all: the author's `title` is its only name.
        let alt = attr(attrs, "alt")
            .or_else(|| attr(attrs, "title"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        // A formula: drawn by a math renderer, or its text is TeX.
        let formula =
            FORMULA_SOURCES.iter().any(|s| src.contains(s)) || alt.contains("\\displaystyle");
        Some(Picture {
            src,
            alt,
            align,
            width,
            height,
            srcset,
            sources,
            // An aligned image is a photo, whatever it looks like.
            flow: if align.is_none() && glyph {
                Flow::Glyph
            } else if align.is_none() && formula {
                Flow::InText
            } else {
                Flow::Block
            },
        })
    }

    /// A `<picture>`: its (first) `<img>`, with the `<source>`s before it.
    pub fn from_picture(children: &[RawNode], base: &str) -> Option<Picture> {
        let mut sources = Vec::new();
        for child in children {
            let RawNode::Element {
                name,
                html_namespace: true,
                attrs,
                ..
            } = child
            else {
                continue;
            };
            match name.as_str() {
                "source" if sources.len() < MAX_SOURCES => {
                    sources.extend(PictureSource::from_attrs(attrs, base));
                }
                "img" => return Picture::from_img(attrs, base, sources),
                _ => {}
            }
        }
        None
    }
}

impl PictureSource {
    fn from_attrs(attrs: &[(String, String)], base: &str) -> Option<PictureSource> {
        let srcset = first_srcset(attrs, base);
        if srcset.is_empty() {
            return None;
        }
        // A type or query we cannot keep as written would make the browser
        // pick this source where the author did not mean it: drop it.
        let mime = match attr(attrs, "type") {
            None => None,
            Some(t) => Some(image_mime(t)?),
        };
        let media = match attr(attrs, "media")
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
        {
            None => None,
            Some(m) if m.is_empty() => None,
            Some(m) => Some(media_query(m)?),
        };
        Some(PictureSource {
            srcset,
            media,
            mime,
        })
    }
}

fn first_srcset(attrs: &[(String, String)], base: &str) -> Vec<Candidate> {
    SRCSET_ATTRS
        .iter()
        .filter_map(|name| attr(attrs, name))
        .map(|raw| srcset::parse(raw, base))
        .find(|c| !c.is_empty())
        .unwrap_or_default()
}

/// `image/webp`, `image/avif`, `image/svg+xml`, …
fn image_mime(raw: &str) -> Option<String> {
    let mime = raw.trim().to_ascii_lowercase();
    let subtype = mime.strip_prefix("image/")?;
    (!subtype.is_empty()
        && subtype.len() <= 40
        && subtype
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)))
    .then_some(mime)
}

/// A media query such as `(min-width: 48em) and (orientation: landscape)`:
/// letters, digits and the punctuation of queries only, so nothing in it
/// can be a URL, a string or an escape.
fn media_query(query: String) -> Option<String> {
    (query.len() <= 256
        && query
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" ()-:.,/%<>=".contains(&b)))
    .then_some(query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::test_element as el;
    use article_embed_core::srcset::serialize;

    const BASE: &str = "https://p.example/api/1.json";

    fn attrs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn an_image_keeps_every_checked_candidate() {
        let p = Picture::from_img(
            &attrs(&[
                ("src", "/a-800.jpg"),
                (
                    "srcset",
                    "/a-400.jpg 400w, javascript:x 600w, /a-800.jpg 800w",
                ),
                ("sizes", "(max-width: 800px) 100vw, 800px"),
                ("width", "800"),
                ("height", "600"),
            ]),
            BASE,
            Vec::new(),
        );
        assert_eq!(
            p.as_ref().map(|p| p.src.as_str()),
            Some("https://p.example/a-800.jpg")
        );
        assert_eq!(
            p.as_ref().map(|p| serialize(&p.srcset)).as_deref(),
            Some("https://p.example/a-400.jpg 400w, https://p.example/a-800.jpg 800w")
        );
        assert_eq!(p.map(|p| (p.width, p.height)), Some((Some(800), Some(600))));
    }

    #[test]
    fn lazy_loading_plugins_placeholders_give_way_to_the_real_image() {
        let p = Picture::from_img(
            &attrs(&[
                ("src", "data:image/gif;base64,R0lGOD"),
                ("data-src", "/real.jpg"),
                ("data-srcset", "/real-2x.jpg 2x"),
            ]),
            BASE,
            Vec::new(),
        );
        assert_eq!(
            p.as_ref().map(|p| p.src.as_str()),
            Some("https://p.example/real.jpg")
        );
        // Only a srcset: its first candidate is the source.
        let p = Picture::from_img(
            &attrs(&[("srcset", "/s.jpg 1x, /l.jpg 2x")]),
            BASE,
            Vec::new(),
        );
        assert_eq!(p.map(|p| p.src), Some("https://p.example/s.jpg".to_owned()));
        assert_eq!(
            Picture::from_img(&attrs(&[("src", "javascript:x")]), BASE, Vec::new()),
            None
        );
    }

    #[test]
    fn wp_rocket_lazy_load_markup_as_published() {
        // The shape of a WordPress image after WP Rocket's lazy load, from a
        // published university news page (URLs shortened): srcset, sizes,
        // data-lazy-srcset and data-lazy-src side by side.
        let p = Picture::from_img(
            &attrs(&[
                ("class", "wp-image-130536 entered lazyloaded"),
                ("style", "box-sizing:border-box;height:auto;max-width:100%;"),
                ("src", "https://www.chula.ac.th/up/14th-1024x1024.png"),
                ("alt", ""),
                ("srcset", "https://www.chula.ac.th/up/14th-1024x1024.png 1024w, https://www.chula.ac.th/up/14th-720x720.png 720w, https://www.chula.ac.th/up/14th-150x150.png 150w, https://www.chula.ac.th/up/14th.png 1080w"),
                ("sizes", "(max-width: 1024px) 100vw, 1024px"),
                ("width", "1024"),
                ("decoding", "async"),
                ("height", "1024"),
                ("data-lazy-srcset", "https://www.chula.ac.th/up/14th-1024x1024.png 1024w, https://www.chula.ac.th/up/14th-720x720.png 720w, https://www.chula.ac.th/up/14th-150x150.png 150w, https://www.chula.ac.th/up/14th.png 1080w"),
                ("data-lazy-sizes", "(max-width: 1024px) 100vw, 1024px"),
                ("data-lazy-src", "https://www.chula.ac.th/up/14th-1024x1024.png"),
                ("data-ll-status", "loaded"),
            ]),
            BASE,
            Vec::new(),
        );
        assert_eq!(p.as_ref().map(|p| p.srcset.len()), Some(4));
        assert_eq!(
            p.as_ref()
                .and_then(|p| article_embed_core::srcset::largest(&p.srcset)),
            Some("https://www.chula.ac.th/up/14th.png")
        );
        assert_eq!(
            p.map(|p| (p.width, p.height)),
            Some((Some(1024), Some(1024)))
        );
    }

    #[test]
    fn a_picture_keeps_its_sources_that_can_be_described_safely() {
        let source = |a: &[(&str, &str)]| el("source", a, vec![]);
        let p = Picture::from_picture(
            &[
                source(&[("srcset", "/a.avif"), ("type", "image/avif")]),
                source(&[
                    ("srcset", "/a-wide.webp 1600w"),
                    ("media", "(min-width:  60em)"),
                    ("type", "IMAGE/WEBP"),
                ]),
                source(&[("srcset", "javascript:x")]),
                source(&[("srcset", "/b.jpg"), ("type", "text/html")]),
                source(&[
                    ("srcset", "/c.jpg"),
                    ("media", "(min-width: 1px) { } body { background: url(x) }"),
                ]),
                source(&[("src", "/d.jpg")]),
                el("img", &[("src", "/a.jpg"), ("alt", "A")], vec![]),
                source(&[("srcset", "/after.jpg")]),
            ],
            BASE,
        );
        let sources: Vec<_> = p
            .map(|p| p.sources)
            .unwrap_or_default()
            .into_iter()
            .map(|s| (serialize(&s.srcset), s.media, s.mime))
            .collect();
        assert_eq!(
            sources,
            [
                (
                    "https://p.example/a.avif 1x".to_owned(),
                    None,
                    Some("image/avif".to_owned())
                ),
                (
                    "https://p.example/a-wide.webp 1600w".to_owned(),
                    Some("(min-width: 60em)".to_owned()),
                    Some("image/webp".to_owned())
                ),
            ]
        );
        // Without an <img>, a picture shows nothing.
        assert_eq!(
            Picture::from_picture(&[source(&[("srcset", "/a.jpg")])], BASE),
            None
        );
    }
}
