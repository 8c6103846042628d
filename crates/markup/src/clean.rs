//! The walk: turns a parsed (untrusted) tree into a tree that may only
//! contain the elements and attributes a news article needs, as
//! `policy`'s tables say.
//!
//! Parsing is the browser's job (an inert `DOMParser` document, see
//! `render::body`); this module decides, in plain Rust, what survives:
//!
//! - kept: paragraphs, line breaks, emphasis (`b i u s sub sup small mark
//!   abbr q dfn cite code kbd samp var time`), links, lists (`ul ol li dl dt
//!   dd`), block quotes, sub-headings, figures with captions, images, tables
//!   (`table caption thead tbody tfoot tr th td colgroup col`), `pre`, `hr`,
//!   `address`, `details`/`summary`, `video`/`audio` with their `source`s;
//! - turned into a media card (provider, title, link to the original):
//!   `iframe`, `embed`, `object`, CMS embed blocks, a known provider's URL
//!   alone in a paragraph;
//! - unwrapped (element dropped, its content kept): every other HTML element;
//!   block wrappers (`div`, `section`, …) keep their block boundaries;
//! - formulas: MathML on its own allowlist (`math`), MathJax's, KaTeX's
//!   and Wikipedia's formulas reduced to the MathML they carry;
//! - removed with everything inside: elements whose content is code, form
//!   controls, or SVG.
//!
//! Attributes are never copied: each kept one is parsed into a typed value
//! ([`SafeAttr`]) and written back by the builder. Links keep an http(s) or
//! mailto `href` and open in a new tab; `#fragment` links stay inside the
//! embed when their target is there ([`SafeAttr::Id`], prefixed by the
//! builder), else lead to the article's own page. Images and media keep only
//! http(s) sources. Alignment becomes one of our own classes (`align`).

use super::a11y::{
    definitions, lift_items, list_items, name_link, name_links_by_context, Definitions,
};
use super::attrs::{attr, capped_text, has_class, safe_id};
use super::gallery::{gallery, group_galleries, GALLERY_CLASSES};
use super::math::{clean_math, find_math, is_math_container};
use super::media::{is_known_provider, original_url, provider_name, social_platform};
use super::node::{element, has_content, MediaKind, Picture, RawNode, SafeAttr, SafeNode, SafeTag};
use super::passes::{group_inline_runs, level_headings, mark_inline_images, merge_adjacent_text};
use super::policy::{fate, removed_with_content, tag_attrs, Fate, Special};
use super::tables::{is_layout_table, linearize};
use article_embed_core::urls::{resolve_image, resolve_link, with_fragment, MAX_URL_LEN};

/// Limits that keep a hostile or broken body from freezing the reader's tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanLimits {
    /// Deeper elements are flattened into their text. Default: 32.
    pub max_depth: usize,
    /// Nodes past this count are dropped. Default: 20 000.
    pub max_nodes: usize,
}

impl Default for CleanLimits {
    fn default() -> Self {
        CleanLimits {
            max_depth: 32,
            max_nodes: 20_000,
        }
    }
}

/// Where the body's URLs point: `base` resolves relative URLs (the URL the
/// article JSON came from), `page` is the article's own page, where
/// `#fragment` links without a target inside the body lead.
#[derive(Clone, Copy, Debug)]
pub struct Urls<'a> {
    /// The URL the article came from.
    pub base: &'a str,
    /// The article's page.
    pub page: &'a str,
}

/// Images of one body past this count are dropped: a photo report has a
/// few hundred, and each image is a button, a picture and a lightbox page
/// to build (see docs/contract.md, bad data).
pub(crate) const MAX_BODY_IMAGES: usize = 300;

/// Ids and `#fragment` targets past this count are not collected (links
/// past it lead to the article's page): a long Wikipedia article has ~900
/// of each, and each link is checked against them one by one.
const MAX_FRAGMENT_IDS: usize = 3_000;

/// Cleans a parsed body.
pub fn clean(nodes: &[RawNode], urls: Urls<'_>, limits: CleanLimits) -> Vec<SafeNode> {
    let mut found = Found::default();
    found.collect(nodes, limits.max_depth);
    let mut cleaner = Cleaner {
        urls,
        page: resolve_link(urls.base, urls.page)
            .map(|p| p.split('#').next().unwrap_or_default().to_owned()),
        ids: found.ids,
        targets: found.targets,
        budget: limits.max_nodes,
        images: MAX_BODY_IMAGES,
    };
    let top = lift_items(cleaner.children(nodes, limits.max_depth));
    let mut cleaned = group_galleries(group_inline_runs(top));
    let mut level = 2;
    level_headings(&mut cleaned, &mut level);
    name_links_by_context(&mut cleaned, None);
    cleaned
}

/// What `#fragment` links and their targets the body has: a link stays
/// inside the embed only when its target is there, and an id is kept only
/// when a link targets it.
#[derive(Default)]
struct Found {
    ids: Vec<String>,
    targets: Vec<String>,
}

impl Found {
    fn collect(&mut self, nodes: &[RawNode], depth: usize) {
        if depth == 0 || self.ids.len() + self.targets.len() > MAX_FRAGMENT_IDS {
            return;
        }
        for node in nodes {
            if let RawNode::Element {
                name,
                attrs,
                children,
                ..
            } = node
            {
                self.ids.extend(
                    ["id", "name"]
                        .iter()
                        .filter_map(|k| safe_id(attr(attrs, k)?)),
                );
                if name == "a" {
                    let fragment = attr(attrs, "href").and_then(|h| h.trim().strip_prefix('#'));
                    self.targets.extend(fragment.and_then(safe_id));
                }
                self.collect(children, depth - 1);
            }
        }
    }
}

struct Cleaner<'a> {
    urls: Urls<'a>,
    /// The article's page, resolved once, without its fragment: where a
    /// `#fragment` link leads (resolving the page again per link was most
    /// of the cleaning of 5 000 footnote links).
    page: Option<String>,
    /// Every id and name in the body.
    ids: Vec<String>,
    /// Every id a `#fragment` link in the body points at.
    targets: Vec<String>,
    budget: usize,
    /// Images still to keep ([`MAX_BODY_IMAGES`]).
    images: usize,
}

impl Cleaner<'_> {
    /// The id of an element, if a link in the body points at it.
    fn target_id(&self, attrs: &[(String, String)]) -> Option<String> {
        ["id", "name"]
            .iter()
            .filter_map(|k| safe_id(attr(attrs, k)?))
            .find(|id| self.targets.contains(id))
    }
}

impl Cleaner<'_> {
    /// Whether one more image may be kept.
    fn take_image(&mut self) -> bool {
        let left = self.images > 0;
        self.images = self.images.saturating_sub(1);
        left
    }

    fn children(&mut self, nodes: &[RawNode], depth: usize) -> Vec<SafeNode> {
        let mut out = Vec::new();
        for node in nodes {
            if self.budget == 0 {
                break;
            }
            self.budget -= 1;
            self.node(node, depth, &mut out);
        }
        let mut out = merge_adjacent_text(out);
        mark_inline_images(&mut out);
        out
    }

    fn node(&mut self, node: &RawNode, depth: usize, out: &mut Vec<SafeNode>) {
        let RawNode::Element {
            name,
            html_namespace,
            attrs,
            children,
        } = node
        else {
            if let RawNode::Text(text) = node {
                out.push(SafeNode::Text(text.clone()));
            }
            return;
        };
        let name = name.as_str();
        if !html_namespace {
            // MathML is kept on its own allowlist; SVG is removed.
            if name == "math" {
                let math = clean_math(attrs, children, depth, &mut self.budget);
                out.push(SafeNode::Math(math));
            }
            return;
        }
        // A formula drawn by MathJax, KaTeX or as an image, with its MathML
        // inside: that MathML.
        if is_math_container(name, attrs) {
            if let Some(math) = find_math(children) {
                self.node(math, depth, out);
                return;
            }
        }
        let fate = fate(name);
        if fate == Some(Fate::Remove) {
            // Telegram's embed is its script alone, naming the post: a card
            // to it, as for a player.
            if let Some(post) = attr(attrs, "data-telegram-post").filter(|post| {
                post.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'/')
            }) {
                out.extend(self.card(&format!("https://t.me/{post}"), None, None));
            }
            return;
        }
        if depth == 0 {
            out.push(SafeNode::Text(text_content(children)));
            return;
        }
        // Read by class or content, before the table.
        if name == "figure" && is_embed_block(attrs) {
            let kids = self.embed_block(children, depth);
            self.keep(SafeTag::Figure, attrs, kids, out);
            return;
        }
        if name == "p" {
            if let Some(card) = self.bare_provider_url(children) {
                out.push(card);
                return;
            }
        }
        if matches!(name, "div" | "figure" | "ul" | "ol" | "dl" | "section")
            && GALLERY_CLASSES.iter().any(|c| has_class(attrs, c))
        {
            let block = element(
                SafeTag::Figure,
                Vec::new(),
                self.children(children, depth - 1),
            );
            match gallery(block, true) {
                Ok(gallery) => out.push(gallery),
                // Not only images after all: the block as any other.
                Err(SafeNode::Element { children: kids, .. }) => match fate {
                    Some(Fate::Keep(tag)) if !tag.is_void() => self.keep(tag, attrs, kids, out),
                    _ => out.extend(group_inline_runs(lift_items(kids))),
                },
                Err(_) => {}
            }
            return;
        }
        match fate {
            // Past the cap an image is not even read: resolving its URLs was
            // half the cleaning of a 5 000-photo gallery.
            Some(Fate::Special(Special::Image)) if self.images == 0 => {}
            Some(Fate::Special(Special::Image)) => {
                match Picture::from_img(attrs, self.urls.base, Vec::new()) {
                    Some(picture) => {
                        out.extend(self.take_image().then_some(SafeNode::Image(picture)))
                    }
                    // A source the widget will not load, where the author
                    // named the image: its name stays where it stood.
                    None => out.extend(unloaded(attrs)),
                }
            }
            Some(Fate::Special(Special::Picture)) => {
                self.budget = self.budget.saturating_sub(children.len());
                out.extend(
                    Picture::from_picture(children, self.urls.base)
                        .filter(|_| self.take_image())
                        .map(SafeNode::Image),
                );
            }
            Some(Fate::Special(Special::Link)) => self.link(attrs, children, depth, out),
            Some(Fate::Special(Special::Media)) => out.extend(self.media(name, attrs, children)),
            Some(Fate::Special(Special::Player)) => {
                let src = attr(attrs, "src").or_else(|| attr(attrs, "data"));
                out.extend(src.and_then(|s| self.card(s, attr(attrs, "title"), None)));
            }
            Some(Fate::Keep(tag)) => {
                let kids = if tag.is_void() {
                    Vec::new()
                } else {
                    self.children(children, depth - 1)
                };
                self.keep(tag, attrs, kids, out);
            }
            Some(Fate::Block) => {
                let kids = self.children(children, depth - 1);
                out.extend(group_inline_runs(lift_items(kids)));
            }
            Some(Fate::Remove) => {}
            None => out.extend(self.children(children, depth - 1)),
        }
    }

    /// A kept element, its children cleaned, with the repairs its tag
    /// needs: an empty header cell is a plain cell, a layout table its
    /// cells, lists hold items and definition lists terms and descriptions
    /// (`a11y`), items outside a list are blocks.
    fn keep(
        &self,
        tag: SafeTag,
        raw: &[(String, String)],
        kids: Vec<SafeNode>,
        out: &mut Vec<SafeNode>,
    ) {
        let tag = if tag == SafeTag::Th && !has_content(&kids) {
            SafeTag::Td
        } else {
            tag
        };
        if tag == SafeTag::Table && is_layout_table(raw, &kids) {
            out.extend(linearize(kids));
            return;
        }
        let kids = match tag {
            SafeTag::Ul | SafeTag::Ol => list_items(kids),
            SafeTag::Dl => match definitions(kids) {
                Definitions::List(kids) => kids,
                Definitions::Blocks(blocks) => {
                    out.extend(blocks);
                    return;
                }
            },
            _ if tag.is_block() && !tag.is_void() => lift_items(kids),
            _ => kids,
        };
        let attrs = self.attrs(tag, raw);
        out.push(element(tag, attrs, kids));
    }

    /// What `policy::ATTRIBUTES` gives `tag`, the id a link targets, and
    /// the platform a social post's blockquote quotes.
    fn attrs(&self, tag: SafeTag, raw: &[(String, String)]) -> Vec<SafeAttr> {
        let mut out = tag_attrs(tag, raw);
        out.extend(self.target_id(raw).map(SafeAttr::Id));
        if tag == SafeTag::Blockquote {
            out.extend(social_platform(|class| has_class(raw, class)).map(SafeAttr::Post));
        }
        out
    }

    fn link(
        &mut self,
        attrs: &[(String, String)],
        children: &[RawNode],
        depth: usize,
        out: &mut Vec<SafeNode>,
    ) {
        let mut kids = self.children(children, depth - 1);
        let id = self.target_id(attrs);
        name_link(&mut kids, &[attr(attrs, "title")]);
        let href = attr(attrs, "href").map(str::trim);
        let target = match href.and_then(|h| h.strip_prefix('#')) {
            // A fragment: inside the body if its target is there, else on
            // the article's own page (never the JSON the body came from).
            Some(fragment) => {
                let page = self.page.as_deref();
                match safe_id(fragment) {
                    Some(f) if self.ids.contains(&f) => {
                        page.map(|page| (format!("{page}#{f}"), Some(f)))
                    }
                    _ => page
                        .and_then(|page| with_fragment(page, fragment))
                        .map(|h| (h, None)),
                }
            }
            None => href
                .and_then(|h| resolve_link(self.urls.base, h))
                .map(|h| (h, None)),
        };
        match target {
            // A link with nothing in it is an empty stop for the keyboard.
            Some((href, fragment)) if has_content(&kids) => out.push(SafeNode::Link {
                href,
                fragment,
                id,
                children: kids,
            }),
            // A named anchor without a link keeps its place as a target.
            _ => match id {
                Some(id) => out.push(element(SafeTag::Span, vec![SafeAttr::Id(id)], kids)),
                None => out.extend(kids),
            },
        }
    }

    fn media(
        &mut self,
        name: &str,
        attrs: &[(String, String)],
        children: &[RawNode],
    ) -> Option<SafeNode> {
        let base = self.urls.base;
        let mut sources: Vec<(String, Option<String>)> = Vec::new();
        if let Some(src) = attr(attrs, "src").and_then(|s| resolve_image(base, s)) {
            sources.push((src, None));
        }
        for child in children {
            let RawNode::Element { name, attrs: a, .. } = child else {
                continue;
            };
            if name != "source" || sources.len() >= 8 {
                continue;
            }
            if let Some(src) = attr(a, "src").and_then(|s| resolve_image(base, s)) {
                let kind = attr(a, "type")
                    .map(str::trim)
                    .filter(|t| {
                        t.len() <= 100
                            && t.bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b"/-+.;=\", ".contains(&b))
                    })
                    .map(str::to_owned);
                sources.push((src, kind));
            }
        }
        let kind = if name == "audio" {
            MediaKind::Audio
        } else {
            MediaKind::Video
        };
        let poster = match kind {
            MediaKind::Video => attr(attrs, "poster").and_then(|p| resolve_image(base, p)),
            MediaKind::Audio => None,
        };
        // Nothing the reader could play here (a `blob:` stream, a script's
        // player): a card with its poster, to the article's own page.
        if sources.is_empty() {
            let title = attr(attrs, "title").or_else(|| attr(attrs, "aria-label"));
            return self.card(self.urls.page, title, poster);
        }
        Some(SafeNode::Media {
            kind,
            sources,
            poster,
        })
    }

    /// A media card for a player URL, if it is an http(s) one.
    fn card(&self, src: &str, title: Option<&str>, poster: Option<String>) -> Option<SafeNode> {
        let url = resolve_image(self.urls.base, src)?;
        let url = original_url(&url);
        if url.len() > MAX_URL_LEN {
            return None;
        }
        Some(SafeNode::MediaCard {
            provider: provider_name(&url)?,
            url,
            title: title.map(capped_text).filter(|t| !t.is_empty()),
            poster,
        })
    }

    /// What WordPress's `figure.wp-block-embed` holds, for a figure of its
    /// own, caption kept: a wrapper holding nothing but the embed's URL
    /// becomes a card (any provider: WordPress says it is an embed); one
    /// holding the provider's own markup (a social post's blockquote, a
    /// player) is cleaned as any markup.
    fn embed_block(&mut self, children: &[RawNode], depth: usize) -> Vec<SafeNode> {
        let mut kids = Vec::new();
        for child in children {
            match child {
                RawNode::Element { name, .. } if name == "figcaption" => {
                    self.node(child, depth - 1, &mut kids)
                }
                RawNode::Element { children, .. } => match lone_url(children) {
                    Some(url) => kids.extend(self.card(&url, None, None)),
                    None => kids.extend(self.children(children, depth.saturating_sub(2))),
                },
                _ => {}
            }
        }
        kids
    }

    /// A paragraph holding nothing but a known provider's URL (as text or as
    /// a link to itself) is an embed, as WordPress publishes it.
    fn bare_provider_url(&self, children: &[RawNode]) -> Option<SafeNode> {
        let url = lone_url(children)?;
        let resolved = resolve_image(self.urls.base, &url)?;
        is_known_provider(&resolved)
            .then(|| self.card(&resolved, None, None))
            .flatten()
    }
}

/// An image with a source but none the widget loads (`data:`, `blob:`,
/// `file:` …) and an alternative text: that text, as a labelled
/// placeholder. Without one it is decoration (a spacer, a lazy loader's
/// blank), and nothing is shown.
fn unloaded(attrs: &[(String, String)]) -> Option<SafeNode> {
    attr(attrs, "src")?;
    let alt = capped_text(attr(attrs, "alt")?);
    (!alt.is_empty()).then_some(SafeNode::Unloaded { alt })
}

/// The text of `nodes` when it is nothing but a URL (an embed, as CMSs
/// publish one), trimmed.
fn lone_url(nodes: &[RawNode]) -> Option<String> {
    let text = text_content(nodes);
    let url = text.trim();
    (url.starts_with("http") && !url.contains(char::is_whitespace)).then(|| url.to_owned())
}

fn is_embed_block(attrs: &[(String, String)]) -> bool {
    has_class(attrs, "wp-block-embed") || has_class(attrs, "wp-embedded-content")
}

fn text_content(nodes: &[RawNode]) -> String {
    let mut text = String::new();
    for node in nodes {
        match node {
            RawNode::Text(t) => text.push_str(t),
            RawNode::Element {
                name,
                html_namespace: true,
                children,
                ..
            } if !removed_with_content(name) => text.push_str(&text_content(children)),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::Flow;

    const BASE: &str = "https://publisher.example/api/articles/1.json";
    const PAGE: &str = "https://publisher.example/news/1";
    const URLS: Urls<'static> = Urls {
        base: BASE,
        page: PAGE,
    };

    use super::super::node::test_element as el;
    use crate::align::{Align, TextAlign};
    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }
    fn run(nodes: Vec<RawNode>) -> Vec<SafeNode> {
        clean(&nodes, URLS, CleanLimits::default())
    }
    fn p(children: Vec<SafeNode>) -> SafeNode {
        SafeNode::Element {
            tag: SafeTag::P,
            attrs: vec![],
            children,
        }
    }
    fn t(s: &str) -> SafeNode {
        SafeNode::Text(s.into())
    }

    #[test]
    fn keeps_the_allowlist_and_drops_attributes() {
        let out = run(vec![el(
            "p",
            &[("style", "color:red"), ("id", "x"), ("onclick", "alert(1)")],
            vec![
                el("strong", &[], vec![text("bold")]),
                el("em", &[], vec![text(" it")]),
                el("span", &[("class", "c")], vec![text(" plain")]),
            ],
        )]);
        assert_eq!(
            out,
            vec![p(vec![
                SafeNode::Element {
                    tag: SafeTag::B,
                    attrs: vec![],
                    children: vec![t("bold")]
                },
                SafeNode::Element {
                    tag: SafeTag::I,
                    attrs: vec![],
                    children: vec![t(" it")]
                },
                t(" plain"),
            ])]
        );
    }

    #[test]
    fn links_are_resolved_and_unsafe_ones_become_text() {
        let out = run(vec![el(
            "p",
            &[],
            vec![
                el("a", &[("href", "/news/2")], vec![text("next")]),
                el("a", &[("href", "javascript:alert(1)")], vec![text(" bad")]),
                el("a", &[("href", "https://x.example")], vec![]),
            ],
        )]);
        assert_eq!(
            out,
            vec![p(vec![
                SafeNode::Link {
                    href: "https://publisher.example/news/2".into(),
                    fragment: None,
                    id: None,
                    children: vec![t("next")]
                },
                t(" bad"),
            ])]
        );
    }

    #[test]
    fn images_need_an_http_source_and_get_their_alt() {
        let out = run(vec![
            el("img", &[("src", "/a.jpg"), ("alt", " A ")], vec![]),
            el("img", &[("src", "data:image/png;base64,AAAA")], vec![]),
            el("img", &[], vec![]),
        ]);
        assert_eq!(
            out,
            vec![p(vec![SafeNode::Image(Picture {
                src: "https://publisher.example/a.jpg".into(),
                alt: "A".into(),
                align: None,
                width: None,
                height: None,
                srcset: Vec::new(),
                sources: Vec::new(),
                flow: Flow::Block,
            })])]
        );
    }

    #[test]
    fn code_forms_and_foreign_content_are_removed_with_their_content() {
        let out = run(vec![el(
            "p",
            &[],
            vec![
                text("a"),
                el("script", &[], vec![text("alert(1)")]),
                el("style", &[], vec![text("*{}")]),
                el(
                    "textarea",
                    &[],
                    vec![text("</textarea><img src=x onerror=alert(1)>")],
                ),
                RawNode::Element {
                    name: "a".into(),
                    html_namespace: false,
                    attrs: vec![("href".into(), "https://x.example".into())],
                    children: vec![text("svg link")],
                },
                RawNode::Other,
                text("b"),
            ],
        )]);
        assert_eq!(out, vec![p(vec![t("ab")])]);
    }

    #[test]
    fn headings_sit_below_the_embed_headline() {
        let out = run(vec![
            el("h1", &[], vec![text("A")]),
            el("h4", &[], vec![text("B")]),
        ]);
        assert_eq!(
            out,
            vec![
                SafeNode::Element {
                    tag: SafeTag::H3,
                    attrs: vec![],
                    children: vec![t("A")]
                },
                SafeNode::Element {
                    tag: SafeTag::H4,
                    attrs: vec![],
                    children: vec![t("B")]
                },
            ]
        );
    }

    #[test]
    fn loose_inline_content_is_grouped_into_paragraphs() {
        let out = run(vec![
            text("one"),
            el("br", &[], vec![]),
            text("  "),
            el("ul", &[], vec![el("li", &[], vec![text("x")])]),
            el("div", &[], vec![text("two")]),
            text("\n"),
        ]);
        assert_eq!(out.len(), 3);
        // The div's end is a block boundary: the newline after it is not
        // glued to its text.
        assert_eq!(out.last(), Some(&p(vec![t("two")])));
    }

    #[test]
    fn deep_nesting_is_flattened_to_text() {
        let mut node = text("deep");
        for _ in 0..2_000 {
            node = el("b", &[], vec![node]);
        }
        let limits = CleanLimits {
            max_depth: 4,
            max_nodes: 100,
        };
        let out = clean(&[node], URLS, limits);
        assert_eq!(format!("{out:?}").matches("deep").count(), 1);
    }

    #[test]
    fn node_budget_bounds_the_output() {
        let many: Vec<RawNode> = (0..1000)
            .map(|i| el("p", &[], vec![text(&i.to_string())]))
            .collect();
        let out = clean(
            &many,
            URLS,
            CleanLimits {
                max_depth: 8,
                max_nodes: 100,
            },
        );
        assert_eq!(out.len(), 50);
    }

    fn find<'a>(nodes: &'a [SafeNode], want: &dyn Fn(&SafeNode) -> bool) -> Option<&'a SafeNode> {
        nodes.iter().find_map(|n| {
            if want(n) {
                return Some(n);
            }
            match n {
                SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
                    find(children, want)
                }
                _ => None,
            }
        })
    }

    #[test]
    fn colgroups_keep_their_cols_and_spans() {
        let out = run(vec![el(
            "table",
            &[],
            vec![el(
                "colgroup",
                &[],
                vec![
                    el("col", &[("span", "2"), ("style", "x")], vec![]),
                    el("col", &[], vec![]),
                ],
            )],
        )]);
        let colgroup = find(&out, &|n| {
            matches!(
                n,
                SafeNode::Element {
                    tag: SafeTag::Colgroup,
                    ..
                }
            )
        });
        let Some(SafeNode::Element { children, .. }) = colgroup else {
            panic!("no colgroup in {out:?}");
        };
        assert_eq!(
            children,
            &vec![
                element(SafeTag::Col, vec![SafeAttr::ColSpan(2)], vec![]),
                element(SafeTag::Col, vec![], vec![]),
            ]
        );
    }

    #[test]
    fn tables_keep_cells_and_bounded_spans() {
        let out = run(vec![el(
            "table",
            &[("style", "width:9999px")],
            vec![el(
                "tr",
                &[],
                vec![
                    el(
                        "th",
                        &[("scope", "COL"), ("colspan", "100000"), ("onclick", "x")],
                        vec![text("H")],
                    ),
                    el(
                        "td",
                        &[("rowspan", "2"), ("colspan", "-4")],
                        vec![text("c")],
                    ),
                ],
            )],
        )]);
        let th = find(&out, &|n| {
            matches!(
                n,
                SafeNode::Element {
                    tag: SafeTag::Th,
                    ..
                }
            )
        });
        assert_eq!(
            th,
            Some(&SafeNode::Element {
                tag: SafeTag::Th,
                attrs: vec![SafeAttr::ColSpan(100), SafeAttr::Scope("col")],
                children: vec![t("H")],
            })
        );
        let td = find(&out, &|n| {
            matches!(
                n,
                SafeNode::Element {
                    tag: SafeTag::Td,
                    ..
                }
            )
        });
        assert!(
            matches!(td, Some(SafeNode::Element { attrs, .. }) if attrs == &vec![SafeAttr::RowSpan(2)])
        );
    }

    #[test]
    fn fragment_links_stay_inside_when_their_target_is_there() {
        let out = run(vec![
            el(
                "p",
                &[],
                vec![
                    el(
                        "sup",
                        &[("id", "ref1")],
                        vec![el("a", &[("href", "#fn1")], vec![text("1")])],
                    ),
                    el("a", &[("href", "#missing")], vec![text("gone")]),
                ],
            ),
            el(
                "ol",
                &[],
                vec![el(
                    "li",
                    &[("id", "fn1")],
                    vec![
                        text("Note "),
                        el("a", &[("href", "#ref1")], vec![text("back")]),
                    ],
                )],
            ),
        ]);
        let inside = find(
            &out,
            &|n| matches!(n, SafeNode::Link { fragment: Some(f), .. } if f == "fn1"),
        );
        assert!(
            matches!(inside, Some(SafeNode::Link { href, .. }) if href == "https://publisher.example/news/1#fn1")
        );
        let back = find(
            &out,
            &|n| matches!(n, SafeNode::Link { fragment: Some(f), .. } if f == "ref1"),
        );
        assert!(back.is_some());
        // Both ends keep their ids; a fragment with no target leads to the article's page.
        assert!(find(&out, &|n| matches!(n, SafeNode::Element { tag: SafeTag::Li, attrs, .. } if attrs.contains(&SafeAttr::Id("fn1".into())))).is_some());
        let gone = find(
            &out,
            &|n| matches!(n, SafeNode::Link { children, .. } if children == &vec![t("gone")]),
        );
        assert!(
            matches!(gone, Some(SafeNode::Link { href, fragment: None, .. }) if href == "https://publisher.example/news/1#missing")
        );
    }

    #[test]
    fn social_posts_stay_quoted_posts_with_their_platform_named() {
        let tweet = || {
            el(
                "blockquote",
                &[("class", "twitter-tweet"), ("data-width", "550")],
                vec![
                    el(
                        "p",
                        &[("lang", "en")],
                        vec![
                            text("Big news "),
                            el(
                                "img",
                                &[
                                    ("class", "emoji"),
                                    ("alt", "🎉"),
                                    (
                                        "src",
                                        "https://s.w.org/images/core/emoji/14.0.0/svg/1f389.svg",
                                    ),
                                ],
                                vec![],
                            ),
                        ],
                    ),
                    text("— A Person (@person) "),
                    el(
                        "a",
                        &[("href", "https://twitter.com/person/status/1")],
                        vec![text("May 1, 2024")],
                    ),
                ],
            )
        };
        let out = run(vec![
            tweet(),
            // Inside WordPress's embed block: a figure, the caption kept.
            el(
                "figure",
                &[("class", "wp-block-embed is-provider-twitter")],
                vec![
                    el(
                        "div",
                        &[("class", "wp-block-embed__wrapper")],
                        vec![tweet()],
                    ),
                    el("figcaption", &[], vec![text("Caption words")]),
                ],
            ),
            el(
                "script",
                &[
                    ("data-telegram-post", "durov/43"),
                    ("src", "https://telegram.org/js/telegram-widget.js"),
                ],
                vec![],
            ),
            el("script", &[("data-telegram-post", "a/1?x=\"y")], vec![]),
            el(
                "blockquote",
                &[("class", "not-a-post")],
                vec![text("Quote")],
            ),
        ]);
        let SafeNode::Element {
            tag,
            attrs,
            children,
        } = &out[0]
        else {
            panic!("{out:?}")
        };
        assert_eq!(
            (*tag, attrs.as_slice()),
            (SafeTag::Blockquote, &[SafeAttr::Post("X")][..])
        );
        // The text, the emoji (inline, a glyph), the author and the dated link.
        let SafeNode::Element { children: para, .. } = &children[0] else {
            panic!("{children:?}")
        };
        assert_eq!(para[0], t("Big news "));
        assert!(matches!(&para[1], SafeNode::Image(p) if p.flow == Flow::Glyph && p.alt == "🎉"));
        assert!(children.iter().any(|c| matches!(c, SafeNode::Link { href, .. } if href == "https://twitter.com/person/status/1")));
        let SafeNode::Element {
            tag: SafeTag::Figure,
            children: figure,
            ..
        } = &out[1]
        else {
            panic!("{out:?}")
        };
        assert!(
            matches!(&figure[0], SafeNode::Element { tag: SafeTag::Blockquote, attrs, .. } if attrs == &[SafeAttr::Post("X")])
        );
        assert!(matches!(
            &figure[1],
            SafeNode::Element {
                tag: SafeTag::Figcaption,
                ..
            }
        ));
        assert_eq!(
            out[2],
            SafeNode::MediaCard {
                provider: "Telegram".into(),
                url: "https://t.me/durov/43".into(),
                title: None,
                poster: None,
            }
        );
        // A post name with anything else in it is no card; other quotes
        // are plain quotes.
        assert!(
            matches!(&out[3], SafeNode::Element { tag: SafeTag::Blockquote, attrs, .. } if attrs.is_empty())
        );
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn players_become_media_cards_and_media_stays_native() {
        let out = run(vec![
            el(
                "iframe",
                &[
                    ("src", "https://www.youtube.com/embed/dQw4w9WgXcQ"),
                    ("title", "A  song"),
                ],
                vec![],
            ),
            el("iframe", &[("src", "javascript:alert(1)")], vec![]),
            el(
                "figure",
                &[("class", "wp-block-embed is-provider-x")],
                vec![
                    el(
                        "div",
                        &[("class", "wp-block-embed__wrapper")],
                        vec![text("\nhttps://x.com/a/status/1\n")],
                    ),
                    el("figcaption", &[], vec![text("A post")]),
                ],
            ),
            el("p", &[], vec![text(" https://vimeo.com/93206523 ")]),
            el(
                "p",
                &[],
                vec![text("https://publisher.example/not-an-embed")],
            ),
            el(
                "video",
                &[
                    ("poster", "javascript:x"),
                    ("autoplay", ""),
                    ("src", "/v.mp4"),
                ],
                vec![
                    el(
                        "source",
                        &[("src", "/v.webm"), ("type", "video/webm")],
                        vec![],
                    ),
                    el("source", &[("src", "data:video/mp4,AAAA")], vec![]),
                    text("Your browser does not support video"),
                ],
            ),
            el("audio", &[], vec![text("no source")]),
        ]);
        assert_eq!(
            out.first(),
            Some(&SafeNode::MediaCard {
                provider: "YouTube".into(),
                url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ".into(),
                title: Some("A song".into()),
                poster: None,
            })
        );
        // An embed block is a figure: its card, its caption kept.
        assert_eq!(
            out.get(1),
            Some(&SafeNode::Element {
                tag: SafeTag::Figure,
                attrs: vec![],
                children: vec![
                    SafeNode::MediaCard {
                        provider: "X".into(),
                        url: "https://x.com/a/status/1".into(),
                        title: None,
                        poster: None,
                    },
                    SafeNode::Element {
                        tag: SafeTag::Figcaption,
                        attrs: vec![],
                        children: vec![t("A post")],
                    },
                ],
            })
        );
        assert!(
            matches!(out.get(2), Some(SafeNode::MediaCard { provider, .. }) if provider == "Vimeo")
        );
        assert_eq!(
            out.get(3),
            Some(&p(vec![t("https://publisher.example/not-an-embed")]))
        );
        assert_eq!(
            out.get(4),
            Some(&SafeNode::Media {
                kind: MediaKind::Video,
                sources: vec![
                    ("https://publisher.example/v.mp4".into(), None),
                    (
                        "https://publisher.example/v.webm".into(),
                        Some("video/webm".into())
                    ),
                ],
                poster: None,
            })
        );
        // Nothing playable: a card to the article's page.
        assert_eq!(
            out.get(5),
            Some(&SafeNode::MediaCard {
                provider: "publisher.example".into(),
                url: PAGE.into(),
                title: None,
                poster: None,
            })
        );
        assert_eq!(out.len(), 6);
    }

    #[test]
    fn what_the_widget_will_not_load_stays_named_where_it_stood() {
        let out = run(vec![
            el(
                "video",
                &[
                    ("src", "blob:https://news.example/112e1cb2"),
                    ("poster", "/still.jpg"),
                    ("aria-label", "The interview"),
                ],
                vec![],
            ),
            el(
                "p",
                &[],
                vec![
                    el(
                        "img",
                        &[
                            ("src", "data:image/png;base64,AAAA"),
                            ("alt", "The only photo"),
                        ],
                        vec![],
                    ),
                    el("img", &[("src", "file:///C:/spacer.gif")], vec![]),
                    el(
                        "img",
                        &[("src", "data:image/gif;base64,R0lG"), ("alt", "")],
                        vec![],
                    ),
                ],
            ),
        ]);
        assert_eq!(
            out,
            vec![
                SafeNode::MediaCard {
                    provider: "publisher.example".into(),
                    url: PAGE.into(),
                    title: Some("The interview".into()),
                    poster: Some("https://publisher.example/still.jpg".into()),
                },
                p(vec![SafeNode::Unloaded {
                    alt: "The only photo".into()
                }]),
            ]
        );
    }

    #[test]
    fn block_wrappers_keep_their_boundaries_and_alignment_is_ours() {
        let out = run(vec![
            el("div", &[], vec![text("one")]),
            el(
                "div",
                &[],
                vec![text("two"), el("span", &[], vec![text(" more")])],
            ),
            el(
                "p",
                &[("style", "text-align:center; color:red")],
                vec![text("c")],
            ),
            el(
                "figure",
                &[("class", "wp-block-image alignright")],
                vec![el("img", &[("src", "/a.jpg"), ("align", "left")], vec![])],
            ),
        ]);
        assert_eq!(out.first(), Some(&p(vec![t("one")])));
        assert_eq!(out.get(1), Some(&p(vec![t("two more")])));
        assert_eq!(
            out.get(2),
            Some(&SafeNode::Element {
                tag: SafeTag::P,
                attrs: vec![SafeAttr::TextAlign(TextAlign::Center)],
                children: vec![t("c")],
            })
        );
        assert!(
            matches!(out.get(3), Some(SafeNode::Element { tag: SafeTag::Figure, attrs, children })
            if attrs == &vec![SafeAttr::Align(Align::Right)]
            && matches!(children.first(), Some(SafeNode::Image(Picture { align: Some(Align::Left), .. }))))
        );
    }

    #[test]
    fn lists_details_pre_and_phrasing_keep_what_they_mean() {
        let out = run(vec![
            el(
                "ol",
                &[
                    ("start", "3"),
                    ("reversed", ""),
                    ("type", "i"),
                    ("style", "x"),
                ],
                vec![el("li", &[("value", "7")], vec![text("x")])],
            ),
            el(
                "details",
                &[("open", ""), ("ontoggle", "alert(1)")],
                vec![el("summary", &[], vec![text("More")]), text("hidden")],
            ),
            el(
                "pre",
                &[],
                vec![el(
                    "code",
                    &[("class", "language-rust")],
                    vec![text("fn main() {\n    x\n}")],
                )],
            ),
            el(
                "p",
                &[],
                vec![
                    el(
                        "abbr",
                        &[("title", "  World   Health\nOrganization ")],
                        vec![text("WHO")],
                    ),
                    el(
                        "time",
                        &[("datetime", "2021-08-29\"onmouseover=alert(1)")],
                        vec![text("today")],
                    ),
                    text("H"),
                    el("sub", &[], vec![text("2")]),
                    text("O"),
                ],
            ),
        ]);
        assert!(
            matches!(out.first(), Some(SafeNode::Element { tag: SafeTag::Ol, attrs, .. })
            if attrs == &vec![SafeAttr::Start(3), SafeAttr::Reversed, SafeAttr::ListType("i")])
        );
        assert!(
            matches!(out.get(1), Some(SafeNode::Element { tag: SafeTag::Details, attrs, .. }) if attrs == &vec![SafeAttr::Open])
        );
        let code = find(&out, &|n| {
            matches!(
                n,
                SafeNode::Element {
                    tag: SafeTag::Code,
                    ..
                }
            )
        });
        assert!(
            matches!(code, Some(SafeNode::Element { children, attrs, .. }) if attrs.is_empty() && children == &vec![t("fn main() {\n    x\n}")])
        );
        let abbr = find(&out, &|n| {
            matches!(
                n,
                SafeNode::Element {
                    tag: SafeTag::Abbr,
                    ..
                }
            )
        });
        assert!(
            matches!(abbr, Some(SafeNode::Element { attrs, .. }) if attrs == &vec![SafeAttr::Title("World Health Organization".into())])
        );
        let time = find(&out, &|n| {
            matches!(
                n,
                SafeNode::Element {
                    tag: SafeTag::Time,
                    ..
                }
            )
        });
        assert!(matches!(time, Some(SafeNode::Element { attrs, .. }) if attrs.is_empty()));
    }

    /// The flows of the images in `nodes`, in document order.
    fn flows(nodes: &[SafeNode]) -> Vec<Flow> {
        let mut out = Vec::new();
        for node in nodes {
            match node {
                SafeNode::Image(p) => out.push(p.flow),
                SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
                    out.extend(flows(children));
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn images_in_running_text_stay_in_their_line_and_photos_stand_alone() {
        let img = |attrs: &[(&str, &str)]| {
            let mut all = vec![("src", "/f.svg")];
            all.extend_from_slice(attrs);
            el("img", &all, vec![])
        };
        let para = |children| el("p", &[], children);
        let cases: Vec<(&str, RawNode, Vec<Flow>)> = vec![
            (
                "a formula in a sentence (Wikipedia: span > img)",
                para(vec![
                    text("the transpose of a matrix "),
                    el("span", &[], vec![img(&[("alt", "A")])]),
                    text(" is denoted by "),
                    el("span", &[], vec![img(&[("alt", "A^H")])]),
                    text(","),
                ]),
                vec![Flow::InText, Flow::InText],
            ),
            (
                "an image in a link in a sentence",
                para(vec![
                    text("see "),
                    el("a", &[("href", "/x")], vec![img(&[])]),
                    text(" here"),
                ]),
                vec![Flow::InText],
            ),
            (
                "a photo alone in its paragraph",
                para(vec![img(&[])]),
                vec![Flow::Block],
            ),
            (
                "a photo, a line break, its caption",
                para(vec![img(&[]), el("br", &[], vec![]), text("Caption")]),
                vec![Flow::Block],
            ),
            (
                "a photo floated beside its paragraph",
                para(vec![
                    img(&[("class", "alignright")]),
                    text("Text beside it."),
                ]),
                vec![Flow::Block],
            ),
            (
                "a photo declared wide, in a line",
                para(vec![text("Look: "), img(&[("width", "800")])]),
                vec![Flow::Block],
            ),
            (
                "WordPress's emoji, alone or not",
                para(vec![img(&[("class", "wp-smiley")])]),
                vec![Flow::Glyph],
            ),
            (
                "an icon declared tiny",
                para(vec![
                    img(&[("width", "16"), ("height", "16")]),
                    text(" PDF"),
                ]),
                vec![Flow::Glyph],
            ),
            (
                "a formula image alone on its line (Wikipedia's display math)",
                el("dd", &[], vec![img(&[("alt", "{\\displaystyle A=A^{T}}")])]),
                vec![Flow::InText],
            ),
            (
                "an image in a table cell beside its label",
                el(
                    "table",
                    &[],
                    vec![el(
                        "tr",
                        &[],
                        vec![
                            el("td", &[], vec![img(&[])]),
                            el("td", &[], vec![text("Label")]),
                        ],
                    )],
                ),
                vec![Flow::Block],
            ),
        ];
        for (case, raw, expected) in cases {
            assert_eq!(flows(&run(vec![raw])), expected, "{case}");
        }
    }
}
