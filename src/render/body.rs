//! The body: parsed in an inert document, walked, cleaned (`markup`), and
//! built with `createElement`, with the thumbnail grid of its galleries.

use wasm_bindgen::JsCast;
use web_sys::{Document, DomParser, Element, Node, SupportedType};

use crate::i18n::Words;
use crate::markup::clean::{
    clean, collapse_whitespace, plain_text, CleanLimits, MediaKind, Picture, PictureSource,
    RawNode, SafeAttr, SafeNode, SafeTag, Urls,
};
use crate::markup::limit::{limit_markup, MAX_DEPTH, MAX_TAGS};
use crate::markup::math::{fallback_text, MATHML_NS};
use crate::markup::node::{Flow, GalleryItem, MathElement, MathNode};
use crate::markup::repair::repair_markup;
use crate::photos::Photos;
use crate::srcset::{serialize, Candidate, Descriptor};
use crate::timer::next_task;

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Parses untrusted HTML in an inert document (no scripts run, no images
/// load) and cleans it. Returns an empty body if the browser refuses to parse.
///
/// A long body (past [`LONG_BODY_BYTES`]) takes a task per step (repair
/// and limits, the browser's parse, the walk, the cleaning, then the
/// render): at the caps
/// each takes well under 200 ms, where the four in one task froze the page
/// for half a second. An ordinary one is cleaned at once: each step given
/// back to the browser costs a timer's delay.
pub async fn sanitize_body(html: &str, urls: Urls<'_>, limits: CleanLimits) -> Vec<SafeNode> {
    let long = html.len() > LONG_BODY_BYTES;
    let step = || async move {
        if long {
            next_task().await;
        }
    };
    let repaired = limit_markup(&repair_markup(html), MAX_DEPTH, MAX_TAGS);
    step().await;
    let parsed = DomParser::new()
        .and_then(|p| p.parse_from_string(&repaired, SupportedType::TextHtml))
        .ok();
    let Some(body) = parsed.and_then(|doc| doc.body()) else {
        return Vec::new();
    };
    step().await;
    let mut budget = limits.max_nodes;
    let raw = walk_children(&body, limits.max_depth + 1, &mut budget);
    step().await;
    let nodes = clean(&raw, urls, limits);
    // The render, with the body's first slice, in a task of its own too.
    step().await;
    nodes
}

/// Bodies longer than this are cleaned a step per task.
pub const LONG_BODY_BYTES: usize = 64 * 1024;

fn walk_children(parent: &Node, depth: usize, budget: &mut usize) -> Vec<RawNode> {
    let mut out = Vec::new();
    let mut child = parent.first_child();
    while let Some(node) = child {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        out.push(walk(&node, depth, budget));
        child = node.next_sibling();
    }
    out
}

fn walk(node: &Node, depth: usize, budget: &mut usize) -> RawNode {
    match node.node_type() {
        Node::TEXT_NODE => RawNode::Text(node.node_value().unwrap_or_default()),
        Node::ELEMENT_NODE => {
            let Some(el) = node.dyn_ref::<Element>() else {
                return RawNode::Other;
            };
            let attrs = el.attributes();
            let attrs = (0..attrs.length())
                .filter_map(|i| attrs.item(i))
                .map(|a| (a.local_name().to_ascii_lowercase(), a.value()))
                .collect();
            // Past the depth limit the cleaner only keeps text, so take it
            // from the browser instead of recursing further.
            let children = if depth == 0 {
                vec![RawNode::Text(node.text_content().unwrap_or_default())]
            } else {
                walk_children(node, depth - 1, budget)
            };
            RawNode::Element {
                name: el.local_name().to_ascii_lowercase(),
                html_namespace: el.namespace_uri().as_deref() == Some(HTML_NS),
                attrs,
                children,
            }
        }
        _ => RawNode::Other,
    }
}

/// Prefix of every id the body keeps: it can only name something inside the
/// embed's shadow root, never clobber the page.
pub const ID_PREFIX: &str = "ae-ref-";

/// What building needs besides the nodes.
pub struct Build<'a> {
    /// The document the nodes are created in.
    pub doc: &'a Document,
    /// Every enlargeable photo: body images become buttons that open the
    /// lightbox at their place, and take the size `images[]` gives them.
    pub photos: &'a Photos,
    /// The reader's language: names of tables, photos, links.
    pub words: &'static Words,
    /// Tables built so far: uncaptioned ones are named "Table 1", "Table 2".
    pub tables: std::cell::Cell<usize>,
}

impl<'a> Build<'a> {
    /// A build with no tables counted yet.
    pub fn new(doc: &'a Document, photos: &'a Photos, words: &'static Words) -> Self {
        Build {
            doc,
            photos,
            words,
            tables: Default::default(),
        }
    }
}

/// Builds DOM nodes for a cleaned body, appended to `parent`.
pub fn append_safe_nodes(build: &Build<'_>, parent: &Node, nodes: &[SafeNode]) {
    append_nodes(build, parent, nodes, false);
}

fn append_nodes(build: &Build<'_>, parent: &Node, nodes: &[SafeNode], in_link: bool) {
    let doc = build.doc;
    for node in nodes {
        let built: Option<Node> = match node {
            SafeNode::Text(text) => Some(doc.create_text_node(text).into()),
            SafeNode::Element {
                tag,
                attrs,
                children,
            } => doc.create_element(tag.name()).ok().map(|el| {
                for attr in attrs {
                    let (name, value) = attr.name_value(*tag);
                    let value = match attr {
                        SafeAttr::Id(_) => format!("{ID_PREFIX}{value}"),
                        _ => value,
                    };
                    let _ = el.set_attribute(name, &value);
                }
                append_nodes(build, &el, children, in_link);
                // After the children: set first, every appended text would
                // make the engine work the direction out again.
                if tag.is_text_block() {
                    let _ = el.set_attribute("dir", "auto");
                }
                match tag {
                    SafeTag::Table => table_region(build, el, children),
                    // A long line scrolls: the keyboard must reach it too.
                    SafeTag::Pre => {
                        let _ = el.set_attribute("tabindex", "0");
                        el.into()
                    }
                    _ => el.into(),
                }
            }),
            SafeNode::Link {
                href,
                fragment,
                id,
                children,
            } => doc.create_element("a").ok().map(|a| {
                let _ = a.set_attribute("href", href);
                match fragment {
                    // Followed inside the embed (components::body); opened
                    // in a new tab, it is the article's page at that place.
                    Some(f) => {
                        let _ = a.set_attribute("data-ae-ref", &format!("{ID_PREFIX}{f}"));
                    }
                    None => {
                        let _ = a.set_attribute("target", "_blank");
                        let _ = a.set_attribute("rel", super::EXTERNAL);
                    }
                }
                if let Some(id) = id {
                    let _ = a.set_attribute("id", &format!("{ID_PREFIX}{id}"));
                }
                append_nodes(build, &a, children, true);
                a.into()
            }),
            SafeNode::Image(picture) if picture.flow != Flow::Block => line_image(build, picture),
            SafeNode::Image(picture) => body_image(build, picture, in_link),
            SafeNode::Gallery { items, caption } => body_gallery(build, items, caption),
            SafeNode::Media {
                kind,
                sources,
                poster,
            } => {
                doc.create_element(kind.name()).ok().map(|media| {
                    let _ = media.set_attribute("class", "ae-media");
                    let _ = media.set_attribute("controls", "");
                    // Nothing downloads until the reader presses play.
                    let _ = media.set_attribute("preload", "none");
                    if *kind == MediaKind::Video {
                        let _ = media.set_attribute("playsinline", "");
                    }
                    if let Some(poster) = poster {
                        let _ = media.set_attribute("poster", poster);
                    }
                    for (src, kind) in sources {
                        if let Ok(source) = doc.create_element("source") {
                            if let Some(kind) = kind {
                                let _ = source.set_attribute("type", kind);
                            }
                            let _ = source.set_attribute("src", src);
                            let _ = media.append_child(&source);
                        }
                    }
                    media.into()
                })
            }
            SafeNode::MediaCard {
                provider,
                url,
                title,
                poster,
            } => media_card(build, provider, url, title.as_deref(), poster.as_deref()),
            SafeNode::Unloaded { alt } => doc.create_element("span").ok().map(|span| {
                // Named as the image it stands for; its words show.
                let _ = span.set_attribute("class", "ae-unloaded");
                let _ = span.set_attribute("role", "img");
                let _ = span.set_attribute("aria-label", alt);
                span.set_text_content(Some(alt));
                span.into()
            }),
            SafeNode::Math(math) => formula(doc, math),
        };
        if let Some(built) = built {
            let _ = parent.append_child(&built);
        }
    }
}

/// A formula: MathML where the engine draws it (every current one does),
/// else its words ([`fallback_text`]: the author's text alternative or TeX).
fn formula(doc: &Document, math: &MathElement) -> Option<Node> {
    let supported = js_sys::Reflect::has(&js_sys::global(), &"MathMLElement".into());
    if supported.unwrap_or(false) {
        return mathml(doc, math).map(Into::into);
    }
    let span = doc.create_element("span").ok()?;
    let _ = span.set_attribute("class", "ae-math-fallback");
    span.set_text_content(Some(&fallback_text(math)));
    Some(span.into())
}

/// A MathML element in the MathML namespace, names and attributes from
/// `markup::math`'s tables only.
fn mathml(doc: &Document, math: &MathElement) -> Option<Element> {
    let el = doc.create_element_ns(Some(MATHML_NS), math.name).ok()?;
    for (name, value) in &math.attrs {
        let _ = el.set_attribute(name, value);
    }
    for child in &math.children {
        let _ = match child {
            MathNode::Text(text) => el.append_child(&doc.create_text_node(text)),
            MathNode::Element(child) => match mathml(doc, child) {
                Some(child) => el.append_child(&child),
                None => continue,
            },
        };
    }
    Some(el)
}

/// A wide table scrolls sideways inside its own focusable, labelled region
/// instead of widening the embed.
fn table_region(build: &Build<'_>, table: Element, children: &[SafeNode]) -> Node {
    let Ok(region) = build.doc.create_element("div") else {
        return table.into();
    };
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
    let _ = region.set_attribute("class", "ae-table");
    let _ = region.set_attribute("role", "region");
    let _ = region.set_attribute("tabindex", "0");
    let _ = region.set_attribute("aria-label", &label);
    let _ = region.append_child(&table);
    region.into()
}

/// `sizes` of a body image: its laid-out width where the engine knows
/// `auto` (lazy images), else at most the viewport.
const BODY_SIZES: &str = "auto, 100vw";
/// `sizes` of a thumbnail: a column of the grid.
const THUMB_SIZES: &str = "auto, (min-width: 40em) 15em, 50vw";

/// A body image, as a button that opens the lightbox at its photo (unless
/// it is inside a link: a linked image follows its link).
/// An image in a line of text (`Flow::InText`, `Flow::Glyph`): a plain
/// `<img>` at its own size (an emoji one line high), never a lightbox
/// button.
fn line_image(build: &Build<'_>, picture: &Picture) -> Option<Node> {
    let (img, outer) = image(
        build.doc,
        &picture.src,
        &picture.srcset,
        &picture.sources,
        "auto, 2em",
    )?;
    let _ = img.set_attribute("alt", &picture.alt);
    if let (Some(w), Some(h)) = (picture.width, picture.height) {
        let _ = img.set_attribute("width", &w.to_string());
        let _ = img.set_attribute("height", &h.to_string());
    }
    let class = match picture.flow {
        Flow::Glyph => "ae-glyph",
        _ => "ae-in-text",
    };
    let _ = img.set_attribute("class", class);
    Some(outer)
}

fn body_image(build: &Build<'_>, picture: &Picture, in_link: bool) -> Option<Node> {
    let index = build.photos.index_of(&picture.src);
    let photo = index.and_then(|i| build.photos.all.get(i));
    // The markup's own candidates, else those `images[]` gives this photo.
    let srcset = match photo {
        Some(photo) if picture.srcset.is_empty() => &photo.srcset,
        _ => &picture.srcset,
    };
    let (img, outer) = image(
        build.doc,
        &picture.src,
        srcset,
        &picture.sources,
        BODY_SIZES,
    )?;
    let _ = img.set_attribute("alt", &picture.alt);
    // The article's own size for this photo, else the markup's.
    let known = photo
        .and_then(|p| Some((p.width?, p.height?)))
        .or_else(|| Some((picture.width?, picture.height?)));
    match known {
        Some((w, h)) => {
            let _ = img.set_attribute("width", &w.to_string());
            let _ = img.set_attribute("height", &h.to_string());
        }
        // Unknown size: a placeholder ratio until it loads (components::body
        // then lets it take its own).
        None => {
            let _ = img.set_attribute("data-size", "unknown");
        }
    }
    let align = picture.align.map(|a| a.class());
    let class = match align {
        Some(align) => format!("ae-zoom {align}"),
        None => "ae-zoom".to_owned(),
    };
    let button = index
        .filter(|_| !in_link)
        .and_then(|i| zoom_button(build, i, &picture.alt, &class));
    match button {
        Some(button) => {
            let _ = button.append_child(&outer);
            Some(button.into())
        }
        None => {
            if let Some(class) = align {
                let _ = img.set_attribute("class", class);
            }
            Some(outer)
        }
    }
}

/// An `<img>` (inside a `<picture>` when the markup gave sources), lazy,
/// with every checked candidate: the browser picks what fits. Returns the
/// image and what to insert.
fn image(
    doc: &Document,
    src: &str,
    srcset: &[Candidate],
    sources: &[PictureSource],
    sizes: &str,
) -> Option<(Element, Node)> {
    let img = doc.create_element("img").ok()?;
    let _ = img.set_attribute("loading", "lazy");
    let _ = img.set_attribute("decoding", "async");
    set_candidates(&img, srcset, sizes);
    let _ = img.set_attribute("src", src);
    if sources.is_empty() {
        return Some((img.clone(), img.into()));
    }
    let Ok(outer) = doc.create_element("picture") else {
        return Some((img.clone(), img.into()));
    };
    for source in sources {
        if let Ok(el) = doc.create_element("source") {
            if let Some(media) = &source.media {
                let _ = el.set_attribute("media", media);
            }
            if let Some(mime) = &source.mime {
                let _ = el.set_attribute("type", mime);
            }
            set_candidates(&el, &source.srcset, sizes);
            let _ = outer.append_child(&el);
        }
    }
    let _ = outer.append_child(&img);
    Some((img, outer.into()))
}

fn set_candidates(el: &Element, candidates: &[Candidate], sizes: &str) {
    if candidates.is_empty() {
        return;
    }
    // Widths need sizes to be chosen from; densities ignore them.
    if candidates
        .iter()
        .any(|c| matches!(c.descriptor, Descriptor::Width(_)))
    {
        let _ = el.set_attribute("sizes", sizes);
    }
    let _ = el.set_attribute("srcset", &serialize(candidates));
}

/// A CMS gallery in the body: the thumbnail grid, and its caption.
fn body_gallery(build: &Build<'_>, items: &[GalleryItem], caption: &[SafeNode]) -> Option<Node> {
    let figure = build.doc.create_element("figure").ok()?;
    let _ = figure.set_attribute("class", "ae-gallery");
    let thumbs = items.iter().filter_map(|item| {
        let index = build.photos.index_of(&item.picture.src)?;
        Some((index, Some(item)))
    });
    if let Some(grid) = thumbnail_grid(build, thumbs) {
        let _ = figure.append_child(&grid);
    }
    if !caption.is_empty() {
        if let Ok(figcaption) = build.doc.create_element("figcaption") {
            append_nodes(build, &figcaption, caption, false);
            let _ = figcaption.set_attribute("dir", "auto");
            let _ = figure.append_child(&figcaption);
        }
    }
    Some(figure.into())
}

/// The grid of thumbnails for photos `index` (of `build.photos`), each a
/// button that opens the lightbox there: a body gallery's items (with their
/// own sources and captions) or the article's other `images[]`.
pub fn thumbnail_grid<'a>(
    build: &Build<'_>,
    thumbs: impl Iterator<Item = (usize, Option<&'a GalleryItem>)>,
) -> Option<Element> {
    let doc = build.doc;
    let grid = doc.create_element("ul").ok()?;
    let _ = grid.set_attribute("class", "ae-gallery__grid");
    // Lists without markers lose their role in WebKit.
    let _ = grid.set_attribute("role", "list");
    for (index, item) in thumbs {
        let Some(photo) = build.photos.all.get(index) else {
            continue;
        };
        let Ok(li) = doc.create_element("li") else {
            continue;
        };
        let _ = li.set_attribute("class", "ae-gallery__item");
        // Each photo a figure, its caption tied to it (as the CMS had it).
        let Ok(figure) = doc.create_element("figure") else {
            continue;
        };
        let _ = figure.set_attribute("class", "ae-gallery__figure");
        let _ = li.append_child(&figure);
        let sources = item.map_or(&[][..], |i| &i.picture.sources);
        // A photo without alt text is named by its caption.
        let name = match &photo.caption {
            Some(caption) if photo.alt.trim().is_empty() => caption,
            _ => &photo.alt,
        };
        let button = zoom_button(build, index, name, "ae-gallery__thumb");
        if let (Some(button), Some((img, outer))) = (
            button,
            image(doc, &photo.src, &photo.srcset, sources, THUMB_SIZES),
        ) {
            let _ = img.set_attribute("class", "ae-gallery__img");
            let _ = img.set_attribute("alt", "");
            if let (Some(w), Some(h)) = (photo.width, photo.height) {
                let _ = img.set_attribute("width", &w.to_string());
                let _ = img.set_attribute("height", &h.to_string());
            }
            let _ = button.set_attribute("part", "thumbnail");
            let _ = button.append_child(&outer);
            let _ = figure.append_child(&button);
        }
        let caption = item.map(|i| i.caption.as_slice()).filter(|c| !c.is_empty());
        if caption.is_some() || photo.caption.is_some() {
            if let Ok(p) = doc.create_element("figcaption") {
                let _ = p.set_attribute("class", "ae-gallery__caption");
                match caption {
                    Some(nodes) => append_nodes(build, &p, nodes, false),
                    None => p.set_text_content(photo.caption.as_deref()),
                }
                let _ = p.set_attribute("dir", "auto");
                let _ = figure.append_child(&p);
            }
        }
        let _ = grid.append_child(&li);
    }
    Some(grid)
}

/// The button that opens the lightbox at photo `index`.
fn zoom_button(build: &Build<'_>, index: usize, alt: &str, class: &str) -> Option<Element> {
    let button = build.doc.create_element("button").ok()?;
    let total = build.photos.all.len();
    let label = build.words.photo_label(index + 1, total);
    let label = if alt.is_empty() {
        label
    } else {
        format!("{label}: {alt}")
    };
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("class", class);
    let _ = button.set_attribute("data-ae-photo", &index.to_string());
    let _ = button.set_attribute("aria-haspopup", "dialog");
    let _ = button.set_attribute("aria-label", &label);
    Some(button)
}

/// An embedded player we do not load: who it is from, what it is, and a
/// link to it. The third party hears nothing until the reader clicks.
fn media_card(
    build: &Build<'_>,
    provider: &str,
    url: &str,
    title: Option<&str>,
    poster: Option<&str>,
) -> Option<Node> {
    let doc = build.doc;
    let card = doc.create_element("a").ok()?;
    let _ = card.set_attribute("class", "ae-media-card");
    let _ = card.set_attribute("href", url);
    let _ = card.set_attribute("target", "_blank");
    let _ = card.set_attribute("rel", super::EXTERNAL);
    if let Some((img, _)) = poster.and_then(|p| image(doc, p, &[], &[], BODY_SIZES)) {
        let _ = img.set_attribute("class", "ae-media-card__poster");
        let _ = img.set_attribute("alt", "");
        let _ = card.append_child(&img);
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
        if let Ok(span) = doc.create_element("span") {
            let _ = span.set_attribute("class", class);
            span.set_text_content(Some(text));
            let _ = card.append_child(&span);
        }
    }
    Some(card.into())
}
