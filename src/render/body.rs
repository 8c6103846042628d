//! The body, cleaned (`article_embed_markup::sanitize`, with the browser's
//! parser: `crate::browser::sanitize`), built from the nodes' instructions
//! ([`Ops`]), with the thumbnail grid of its galleries.

use wasm_bindgen::prelude::*;
use web_sys::{Document, DocumentFragment};

use article_embed_markup::{
    collapse_whitespace, fallback_text, plain_text, Flow, GalleryItem, MathElement, MathNode,
    MediaKind, Ops, Picture, PictureSource, SafeAttr, SafeNode, SafeTag,
};

use crate::i18n::Words;
use crate::render::photos::Photos;
use article_embed_core::srcset::{serialize, Candidate, Descriptor};

#[wasm_bindgen(module = "/src/element.js")]
extern "C" {
    /// A fragment built from [`Ops`]' instructions.
    #[wasm_bindgen(js_name = buildFlat, catch)]
    fn build_flat(doc: &Document, flat: &str) -> Result<DocumentFragment, JsValue>;
}

/// The DOM `ops` describe, as a fragment of `doc`: `None` only if the
/// engine refused the call.
pub(crate) fn build(doc: &Document, ops: &Ops) -> Option<DocumentFragment> {
    build_flat(doc, ops.as_str()).ok()
}

/// Prefix of every id the body keeps: it can only name something inside the
/// embed's shadow root, never clobber the page.
pub(crate) const ID_PREFIX: &str = "ae-ref-";

/// What building needs besides the nodes.
pub(crate) struct Build<'a> {
    /// Every enlargeable photo: body images become buttons that open the
    /// lightbox at their place, and take the size `images[]` gives them.
    pub photos: &'a Photos,
    /// The reader's language: names of tables, photos, links.
    pub words: &'static Words,
    /// Tables built so far: uncaptioned ones are named "Table 1", "Table 2".
    pub tables: std::cell::Cell<usize>,
    /// The engine draws MathML (every current one does); else formulas
    /// show their words.
    mathml: bool,
}

impl<'a> Build<'a> {
    /// A build with no tables counted yet.
    pub(crate) fn new(photos: &'a Photos, words: &'static Words) -> Self {
        let mathml = js_sys::Reflect::has(&js_sys::global(), &"MathMLElement".into());
        Build {
            photos,
            words,
            tables: Default::default(),
            mathml: mathml.unwrap_or(false),
        }
    }
}

/// Writes the instructions for a cleaned body.
pub(crate) fn append_safe_nodes(build: &Build<'_>, ops: &mut Ops, nodes: &[SafeNode]) {
    append_nodes(build, ops, nodes, false);
}

fn append_nodes(build: &Build<'_>, ops: &mut Ops, nodes: &[SafeNode], in_link: bool) {
    for node in nodes {
        match node {
            SafeNode::Text(text) => ops.text(text),
            SafeNode::Element {
                tag,
                attrs,
                children,
            } => {
                if *tag == SafeTag::Table {
                    table_region(build, ops, children);
                }
                ops.open(tag.name());
                for attr in attrs {
                    let (name, value) = attr.name_value(*tag);
                    match attr {
                        SafeAttr::Id(_) => ops.attr(name, &format!("{ID_PREFIX}{value}")),
                        _ => ops.attr(name, &value),
                    }
                }
                // A long line scrolls: the keyboard must reach it too.
                if *tag == SafeTag::Pre {
                    ops.attr("tabindex", "0");
                }
                append_nodes(build, ops, children, in_link);
                // After the children: set first, every appended text would
                // make the engine work the direction out again.
                if tag.is_text_block() {
                    ops.attr("dir", "auto");
                }
                ops.close();
                if *tag == SafeTag::Table {
                    ops.close();
                }
            }
            SafeNode::Link {
                href,
                fragment,
                id,
                children,
            } => {
                ops.open("a");
                ops.attr("href", href);
                match fragment {
                    // Followed inside the embed (components::body); opened
                    // in a new tab, it is the article's page at that place.
                    Some(f) => ops.attr("data-ae-ref", &format!("{ID_PREFIX}{f}")),
                    None => link_out(ops),
                }
                if let Some(id) = id {
                    ops.attr("id", &format!("{ID_PREFIX}{id}"));
                }
                append_nodes(build, ops, children, true);
                ops.close();
            }
            SafeNode::Image(picture) if picture.flow != Flow::Block => line_image(ops, picture),
            SafeNode::Image(picture) => body_image(build, ops, picture, in_link),
            SafeNode::Gallery { items, caption } => body_gallery(build, ops, items, caption),
            SafeNode::Media {
                kind,
                sources,
                poster,
            } => {
                ops.open_with_class(kind.name(), "ae-media");
                ops.attr("controls", "");
                // Nothing downloads until the reader presses play.
                ops.attr("preload", "none");
                if *kind == MediaKind::Video {
                    ops.attr("playsinline", "");
                }
                if let Some(poster) = poster {
                    ops.attr("poster", poster);
                }
                for (src, kind) in sources {
                    ops.open("source");
                    if let Some(kind) = kind {
                        ops.attr("type", kind);
                    }
                    ops.attr("src", src);
                    ops.close();
                }
                ops.close();
            }
            SafeNode::MediaCard {
                provider,
                url,
                title,
                poster,
            } => media_card(
                build,
                ops,
                provider,
                url,
                title.as_deref(),
                poster.as_deref(),
            ),
            SafeNode::Unloaded { alt } => {
                // Named as the image it stands for; its words show.
                ops.open_with_class("span", "ae-unloaded");
                ops.attr("role", "img");
                ops.attr("aria-label", alt);
                ops.text(alt);
                ops.close();
            }
            SafeNode::Math(math) if build.mathml => mathml(ops, math),
            // Its words ([`fallback_text`]: the author's text alternative
            // or TeX) where the engine draws no MathML.
            SafeNode::Math(math) => {
                ops.open_with_class("span", "ae-math-fallback");
                ops.text(&fallback_text(math));
                ops.close();
            }
        }
    }
}

/// The open `a` leaves the partner's page ([`super::LINK_OUT`]).
fn link_out(ops: &mut Ops) {
    for (name, value) in super::LINK_OUT {
        ops.attr(name, value);
    }
}

/// A MathML element in the MathML namespace, names and attributes from
/// `markup::math`'s tables only.
fn mathml(ops: &mut Ops, math: &MathElement) {
    ops.open_mathml(math.name);
    for (name, value) in &math.attrs {
        ops.attr(name, value);
    }
    for child in &math.children {
        match child {
            MathNode::Text(text) => ops.text(text),
            MathNode::Element(child) => mathml(ops, child),
        }
    }
    ops.close();
}

/// Opens the focusable, labelled region a table scrolls sideways in,
/// instead of widening the embed; the caller closes it after the table.
fn table_region(build: &Build<'_>, ops: &mut Ops, children: &[SafeNode]) {
    let caption = children.iter().find_map(|c| match c {
        SafeNode::Element {
            tag: SafeTag::Caption,
            children,
            ..
        } => Some(plain_text(children)),
        _ => None,
    });
    let number = build.tables.get() + 1;
    build.tables.set(number);
    let label = caption
        .map(|c| collapse_whitespace(&c))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| format!("{} {number}", build.words.table));
    ops.open_with_class("div", "ae-table");
    ops.attr("role", "region");
    ops.attr("tabindex", "0");
    ops.attr("aria-label", &label);
}

/// `sizes` of a body image: its laid-out width where the engine knows
/// `auto` (lazy images), else at most the viewport.
const BODY_SIZES: &str = "auto, 100vw";
/// `sizes` of a thumbnail: a column of the grid.
const THUMB_SIZES: &str = "auto, (min-width: 40em) 15em, 50vw";

/// An image in a line of text (`Flow::InText`, `Flow::Glyph`): a plain
/// `<img>` at its own size (an emoji one line high), never a lightbox
/// button.
fn line_image(ops: &mut Ops, picture: &Picture) {
    let open = image(
        ops,
        &picture.src,
        &picture.srcset,
        &picture.sources,
        "auto, 2em",
    );
    ops.attr("alt", &picture.alt);
    if let (Some(w), Some(h)) = (picture.width, picture.height) {
        size(ops, w, h);
    }
    let class = match picture.flow {
        Flow::Glyph => "ae-glyph",
        _ => "ae-in-text",
    };
    ops.attr("class", class);
    close(ops, open);
}

/// A body image, as a button that opens the lightbox at its photo (unless
/// it is inside a link: a linked image follows its link).
fn body_image(build: &Build<'_>, ops: &mut Ops, picture: &Picture, in_link: bool) {
    let index = build.photos.index_of(&picture.src);
    let photo = index.and_then(|i| build.photos.all.get(i));
    // The markup's own candidates, else those `images[]` gives this photo.
    let srcset = match photo {
        Some(photo) if picture.srcset.is_empty() => &photo.srcset,
        _ => &picture.srcset,
    };
    let align = picture.align.map(|a| a.class());
    let button = index.filter(|_| !in_link);
    if let Some(index) = button {
        let class = match align {
            Some(align) => format!("ae-zoom {align}"),
            None => "ae-zoom".to_owned(),
        };
        zoom_button(build, ops, index, &picture.alt, &class);
    }
    let open = image(ops, &picture.src, srcset, &picture.sources, BODY_SIZES);
    ops.attr("alt", &picture.alt);
    // The article's own size for this photo, else the markup's.
    let known = photo
        .and_then(|p| Some((p.width?, p.height?)))
        .or_else(|| Some((picture.width?, picture.height?)));
    match known {
        Some((w, h)) => size(ops, w, h),
        // Unknown size: a placeholder ratio until it loads (components::body
        // then lets it take its own).
        None => ops.attr("data-size", "unknown"),
    }
    if let (None, Some(class)) = (button, align) {
        ops.attr("class", class);
    }
    close(ops, open);
    if button.is_some() {
        ops.close();
    }
}

fn size(ops: &mut Ops, width: u32, height: u32) {
    ops.attr("width", &width.to_string());
    ops.attr("height", &height.to_string());
}

/// Opens an `<img>` (inside a `<picture>` when the markup gave sources),
/// lazy, with every checked candidate: the browser picks what fits. The
/// image is left open for the caller's attributes; returns how many
/// elements [`close`] must end.
fn image(
    ops: &mut Ops,
    src: &str,
    srcset: &[Candidate],
    sources: &[PictureSource],
    sizes: &str,
) -> usize {
    if !sources.is_empty() {
        ops.open("picture");
        for source in sources {
            ops.open("source");
            if let Some(media) = &source.media {
                ops.attr("media", media);
            }
            if let Some(mime) = &source.mime {
                ops.attr("type", mime);
            }
            set_candidates(ops, &source.srcset, sizes);
            ops.close();
        }
    }
    ops.open("img");
    ops.attr("loading", "lazy");
    ops.attr("decoding", "async");
    set_candidates(ops, srcset, sizes);
    ops.attr("src", src);
    if sources.is_empty() {
        1
    } else {
        2
    }
}

fn close(ops: &mut Ops, open: usize) {
    for _ in 0..open {
        ops.close();
    }
}

fn set_candidates(ops: &mut Ops, candidates: &[Candidate], sizes: &str) {
    if candidates.is_empty() {
        return;
    }
    // Widths need sizes to be chosen from; densities ignore them.
    if candidates
        .iter()
        .any(|c| matches!(c.descriptor, Descriptor::Width(_)))
    {
        ops.attr("sizes", sizes);
    }
    ops.attr("srcset", &serialize(candidates));
}

/// A CMS gallery in the body: the thumbnail grid, and its caption.
fn body_gallery(build: &Build<'_>, ops: &mut Ops, items: &[GalleryItem], caption: &[SafeNode]) {
    ops.open_with_class("figure", "ae-gallery");
    let thumbs = items.iter().filter_map(|item| {
        let index = build.photos.index_of(&item.picture.src)?;
        Some((index, Some(item)))
    });
    thumbnail_grid(build, ops, thumbs);
    if !caption.is_empty() {
        ops.open("figcaption");
        append_nodes(build, ops, caption, false);
        ops.attr("dir", "auto");
        ops.close();
    }
    ops.close();
}

/// The grid of thumbnails for photos `index` (of `build.photos`), each a
/// button that opens the lightbox there: a body gallery's items (with their
/// own sources and captions) or the article's other `images[]`.
pub(crate) fn thumbnail_grid<'a>(
    build: &Build<'_>,
    ops: &mut Ops,
    thumbs: impl Iterator<Item = (usize, Option<&'a GalleryItem>)>,
) {
    ops.open_with_class("ul", "ae-gallery__grid");
    // Lists without markers lose their role in WebKit.
    ops.attr("role", "list");
    for (index, item) in thumbs {
        let Some(photo) = build.photos.all.get(index) else {
            continue;
        };
        ops.open_with_class("li", "ae-gallery__item");
        // Each photo a figure, its caption tied to it (as the CMS had it).
        ops.open_with_class("figure", "ae-gallery__figure");
        let sources = item.map_or(&[][..], |i| &i.picture.sources);
        // A photo without alt text is named by its caption.
        let name = match &photo.caption {
            Some(caption) if photo.alt.trim().is_empty() => caption,
            _ => &photo.alt,
        };
        zoom_button(build, ops, index, name, "ae-gallery__thumb");
        ops.attr("part", "thumbnail");
        let open = image(ops, &photo.src, &photo.srcset, sources, THUMB_SIZES);
        ops.attr("class", "ae-gallery__img");
        ops.attr("alt", "");
        if let (Some(w), Some(h)) = (photo.width, photo.height) {
            size(ops, w, h);
        }
        close(ops, open);
        ops.close();
        let caption = item.map(|i| i.caption.as_slice()).filter(|c| !c.is_empty());
        if caption.is_some() || photo.caption.is_some() {
            ops.open_with_class("figcaption", "ae-gallery__caption");
            match (caption, &photo.caption) {
                (Some(nodes), _) => append_nodes(build, ops, nodes, false),
                (None, Some(text)) => ops.text(text),
                (None, None) => {}
            }
            ops.attr("dir", "auto");
            ops.close();
        }
        ops.close();
        ops.close();
    }
    ops.close();
}

/// Opens the button that opens the lightbox at photo `index`.
fn zoom_button(build: &Build<'_>, ops: &mut Ops, index: usize, alt: &str, class: &str) {
    let total = build.photos.all.len();
    let label = build.words.photo_label(index + 1, total);
    let label = if alt.is_empty() {
        label
    } else {
        format!("{label}: {alt}")
    };
    ops.open_with_class("button", class);
    ops.attr("type", "button");
    ops.attr("data-ae-photo", &index.to_string());
    ops.attr("aria-haspopup", "dialog");
    ops.attr("aria-label", &label);
}

/// An embedded player we do not load: who it is from, what it is, and a
/// link to it. The third party hears nothing until the reader clicks.
fn media_card(
    build: &Build<'_>,
    ops: &mut Ops,
    provider: &str,
    url: &str,
    title: Option<&str>,
    poster: Option<&str>,
) {
    ops.open_with_class("a", "ae-media-card");
    ops.attr("href", url);
    link_out(ops);
    if let Some(poster) = poster {
        let open = image(ops, poster, &[], &[], BODY_SIZES);
        ops.attr("class", "ae-media-card__poster");
        ops.attr("alt", "");
        close(ops, open);
    }
    let action = build.words.open_on.replace("{provider}", provider);
    let parts = [
        ("ae-media-card__provider", provider),
        ("ae-media-card__title", title.unwrap_or("")),
        ("ae-media-card__action", action.as_str()),
    ];
    for (class, text) in parts {
        if text.is_empty() {
            continue;
        }
        ops.open_with_class("span", class);
        ops.text(text);
        ops.close();
    }
    ops.close();
}
