//! The body allowlist: turns a parsed (untrusted) tree into a tree that may
//! only contain the elements and attributes a news article needs.
//!
//! Parsing is the browser's job (an inert `DOMParser` document, see
//! `markup::dom`); this module decides, in plain Rust, what survives:
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
//! - removed with everything inside: elements whose content is code, form
//!   controls, or foreign (SVG, MathML) content.
//!
//! Attributes are never copied: each kept one is parsed into a typed value
//! ([`SafeAttr`]) and written back by the builder. Links keep an http(s) or
//! mailto `href` and open in a new tab; `#fragment` links stay inside the
//! embed when their target is there ([`SafeAttr::Id`], prefixed by the
//! builder), else lead to the article's own page. Images and media keep only
//! http(s) sources. Alignment becomes one of our own classes (`align`).

use super::align::{block_align, text_align, Align, TextAlign};
use super::gallery::{gallery, group_galleries, GalleryItem, GALLERY_CLASSES};
use super::media::{is_known_provider, original_url, provider_name};
pub use super::picture::{Picture, PictureSource};
use crate::srcset::serialize;
use crate::urls::{resolve_image, resolve_link, MAX_URL_LEN};

/// A node as the parser produced it: untrusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawNode {
    Text(String),
    Element {
        /// Lower-case local name.
        name: String,
        /// False for SVG, MathML and anything else outside the HTML namespace.
        html_namespace: bool,
        attrs: Vec<(String, String)>,
        children: Vec<RawNode>,
    },
    /// Comments, processing instructions, CDATA: never rendered.
    Other,
}

/// The only tags that can leave this module as plain elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafeTag {
    P,
    Br,
    B,
    I,
    U,
    S,
    Sub,
    Sup,
    Small,
    Mark,
    Abbr,
    Q,
    Dfn,
    Cite,
    Code,
    Kbd,
    Samp,
    Var,
    Time,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    H3,
    H4,
    H5,
    H6,
    Figure,
    Figcaption,
    Pre,
    Hr,
    Address,
    Details,
    Summary,
    Table,
    Caption,
    Colgroup,
    Col,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Th,
    Td,
    /// Only made by this module: keeps a named anchor's id as a target.
    Span,
}

impl SafeTag {
    pub fn name(self) -> &'static str {
        match self {
            SafeTag::P => "p",
            SafeTag::Br => "br",
            SafeTag::B => "b",
            SafeTag::I => "i",
            SafeTag::U => "u",
            SafeTag::S => "s",
            SafeTag::Sub => "sub",
            SafeTag::Sup => "sup",
            SafeTag::Small => "small",
            SafeTag::Mark => "mark",
            SafeTag::Abbr => "abbr",
            SafeTag::Q => "q",
            SafeTag::Dfn => "dfn",
            SafeTag::Cite => "cite",
            SafeTag::Code => "code",
            SafeTag::Kbd => "kbd",
            SafeTag::Samp => "samp",
            SafeTag::Var => "var",
            SafeTag::Time => "time",
            SafeTag::Ul => "ul",
            SafeTag::Ol => "ol",
            SafeTag::Li => "li",
            SafeTag::Dl => "dl",
            SafeTag::Dt => "dt",
            SafeTag::Dd => "dd",
            SafeTag::Blockquote => "blockquote",
            SafeTag::H3 => "h3",
            SafeTag::H4 => "h4",
            SafeTag::H5 => "h5",
            SafeTag::H6 => "h6",
            SafeTag::Figure => "figure",
            SafeTag::Figcaption => "figcaption",
            SafeTag::Pre => "pre",
            SafeTag::Hr => "hr",
            SafeTag::Address => "address",
            SafeTag::Details => "details",
            SafeTag::Summary => "summary",
            SafeTag::Table => "table",
            SafeTag::Caption => "caption",
            SafeTag::Colgroup => "colgroup",
            SafeTag::Col => "col",
            SafeTag::Thead => "thead",
            SafeTag::Tbody => "tbody",
            SafeTag::Tfoot => "tfoot",
            SafeTag::Tr => "tr",
            SafeTag::Th => "th",
            SafeTag::Td => "td",
            SafeTag::Span => "span",
        }
    }

    fn from_name(name: &str) -> Option<SafeTag> {
        Some(match name {
            "p" => SafeTag::P,
            "b" | "strong" => SafeTag::B,
            "i" | "em" => SafeTag::I,
            "u" | "ins" => SafeTag::U,
            "s" | "strike" | "del" => SafeTag::S,
            "sub" => SafeTag::Sub,
            "sup" => SafeTag::Sup,
            "small" => SafeTag::Small,
            "mark" => SafeTag::Mark,
            "abbr" | "acronym" => SafeTag::Abbr,
            "q" => SafeTag::Q,
            "dfn" => SafeTag::Dfn,
            "cite" => SafeTag::Cite,
            "code" | "tt" => SafeTag::Code,
            "kbd" => SafeTag::Kbd,
            "samp" => SafeTag::Samp,
            "var" => SafeTag::Var,
            "time" => SafeTag::Time,
            "ul" | "menu" | "dir" => SafeTag::Ul,
            "ol" => SafeTag::Ol,
            "li" => SafeTag::Li,
            "dl" => SafeTag::Dl,
            "dt" => SafeTag::Dt,
            "dd" => SafeTag::Dd,
            "blockquote" => SafeTag::Blockquote,
            // The embed's headline is an h2; body headings may not outrank it.
            "h1" | "h2" | "h3" => SafeTag::H3,
            "h4" => SafeTag::H4,
            "h5" => SafeTag::H5,
            "h6" => SafeTag::H6,
            "figure" => SafeTag::Figure,
            "figcaption" => SafeTag::Figcaption,
            "pre" | "listing" => SafeTag::Pre,
            "address" => SafeTag::Address,
            "details" => SafeTag::Details,
            "summary" => SafeTag::Summary,
            "table" => SafeTag::Table,
            "caption" => SafeTag::Caption,
            "colgroup" => SafeTag::Colgroup,
            "col" => SafeTag::Col,
            "thead" => SafeTag::Thead,
            "tbody" => SafeTag::Tbody,
            "tfoot" => SafeTag::Tfoot,
            "tr" => SafeTag::Tr,
            "th" => SafeTag::Th,
            "td" => SafeTag::Td,
            _ => return None,
        })
    }

    /// Blocks of running text: each takes its direction from its own first
    /// strong character (`dir="auto"`), so an English quote in an Arabic
    /// article, or the reverse, keeps its punctuation where it belongs.
    pub fn is_text_block(self) -> bool {
        matches!(
            self,
            SafeTag::P
                | SafeTag::Li
                | SafeTag::Blockquote
                | SafeTag::H3
                | SafeTag::H4
                | SafeTag::H5
                | SafeTag::H6
                | SafeTag::Figcaption
                | SafeTag::Dt
                | SafeTag::Dd
                | SafeTag::Summary
                | SafeTag::Caption
        )
    }

    fn is_block(self) -> bool {
        !matches!(
            self,
            SafeTag::Br
                | SafeTag::B
                | SafeTag::I
                | SafeTag::U
                | SafeTag::S
                | SafeTag::Sub
                | SafeTag::Sup
                | SafeTag::Small
                | SafeTag::Mark
                | SafeTag::Abbr
                | SafeTag::Q
                | SafeTag::Dfn
                | SafeTag::Cite
                | SafeTag::Code
                | SafeTag::Kbd
                | SafeTag::Samp
                | SafeTag::Var
                | SafeTag::Time
                | SafeTag::Span
        )
    }

    /// Elements that hold no content (their children are dropped).
    fn is_void(self) -> bool {
        matches!(self, SafeTag::Br | SafeTag::Hr | SafeTag::Col)
    }
}

/// An attribute, parsed and bounded; the builder writes it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SafeAttr {
    /// `colspan` / `span` on `col`, 1–100.
    ColSpan(u16),
    /// `rowspan`, 1–100.
    RowSpan(u16),
    /// `th scope`: `row`, `col`, `rowgroup` or `colgroup`.
    Scope(&'static str),
    /// `abbr title` (shown by the browser as text).
    Title(String),
    /// `time datetime`: digits and `-:.TZ+ ` only.
    DateTime(String),
    /// `ol start`.
    Start(i32),
    /// `ol reversed`.
    Reversed,
    /// `ol type`: `1 a A i I`.
    ListType(&'static str),
    /// `li value`.
    Value(i32),
    /// `details open`.
    Open,
    /// An `id` (or `name`) a fragment link may target: letters, digits,
    /// `-_.:` only; the builder prefixes it so it can only ever name
    /// something inside the embed.
    Id(String),
    Align(Align),
    TextAlign(TextAlign),
}

/// What a media element plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Video,
    Audio,
}

impl MediaKind {
    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
        }
    }
}

impl SafeAttr {
    /// The attribute as HTML writes it on `tag` (ids unprefixed: the DOM
    /// builder adds the prefix).
    pub fn name_value(&self, tag: SafeTag) -> (&'static str, String) {
        match self {
            SafeAttr::ColSpan(n) if matches!(tag, SafeTag::Td | SafeTag::Th) => {
                ("colspan", n.to_string())
            }
            SafeAttr::ColSpan(n) => ("span", n.to_string()),
            SafeAttr::RowSpan(n) => ("rowspan", n.to_string()),
            SafeAttr::Scope(s) => ("scope", (*s).to_owned()),
            SafeAttr::Title(t) => ("title", t.clone()),
            SafeAttr::DateTime(d) => ("datetime", d.clone()),
            SafeAttr::Start(n) => ("start", n.to_string()),
            SafeAttr::Reversed => ("reversed", String::new()),
            SafeAttr::ListType(t) => ("type", (*t).to_owned()),
            SafeAttr::Value(n) => ("value", n.to_string()),
            SafeAttr::Open => ("open", String::new()),
            SafeAttr::Id(id) => ("id", id.clone()),
            SafeAttr::Align(a) => ("class", a.class().to_owned()),
            SafeAttr::TextAlign(a) => ("class", a.class().to_owned()),
        }
    }
}

/// A node that is safe to build into the DOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SafeNode {
    Text(String),
    Element {
        tag: SafeTag,
        attrs: Vec<SafeAttr>,
        children: Vec<SafeNode>,
    },
    /// Absolute http(s) or mailto URL. With `fragment`, a link to an id
    /// inside the body (`href` is then the article's page with it).
    Link {
        href: String,
        fragment: Option<String>,
        id: Option<String>,
        children: Vec<SafeNode>,
    },
    /// An image (`<img>` or `<picture>`).
    Image(Picture),
    /// A CMS gallery: shown as the widget's thumbnail grid.
    Gallery {
        items: Vec<GalleryItem>,
        caption: Vec<SafeNode>,
    },
    /// A native player: http(s) sources only, never autoplaying.
    Media {
        kind: MediaKind,
        /// `(url, MIME type)`, in the author's order.
        sources: Vec<(String, Option<String>)>,
        poster: Option<String>,
    },
    /// An embedded player we do not load: provider, title, link.
    MediaCard {
        provider: String,
        url: String,
        title: Option<String>,
    },
}

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
    pub base: &'a str,
    pub page: &'a str,
}

/// Images of one body past this count are dropped: a photo report has a
/// few hundred, and each image is a button, a picture and a lightbox page
/// to build (see docs/contract.md, bad data).
pub const MAX_BODY_IMAGES: usize = 300;

/// Ids and `#fragment` targets past this count are not collected (links
/// past it lead to the article's page): a long Wikipedia article has ~900
/// of each, and each link is checked against them one by one.
const MAX_FRAGMENT_IDS: usize = 3_000;

/// Elements removed together with their content.
const REMOVE_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "frame",
    "frameset",
    "applet",
    "textarea",
    "select",
    "option",
    "optgroup",
    "datalist",
    "button",
    "input",
    "form",
    "title",
    "head",
    "meta",
    "link",
    "base",
    "svg",
    "math",
    "canvas",
    "track",
    "map",
    "area",
    "plaintext",
    "param",
    "portal",
    "dialog",
    "slot",
];

/// Unwrapped elements whose content is a block of its own: their inline
/// runs become paragraphs, so `<div>a</div><div>b</div>` never reads "ab".
const BLOCK_WRAPPERS: &[&str] = &[
    "div", "section", "article", "aside", "header", "footer", "main", "nav", "center", "hgroup",
    "search", "fieldset", "legend", "body", "html",
];

/// Longest id or title we keep.
const MAX_ATTR_CHARS: usize = 256;

/// Cleans a parsed body.
pub fn clean(nodes: &[RawNode], urls: Urls<'_>, limits: CleanLimits) -> Vec<SafeNode> {
    let mut found = Found::default();
    found.collect(nodes, limits.max_depth);
    let mut cleaner = Cleaner {
        urls,
        ids: found.ids,
        targets: found.targets,
        budget: limits.max_nodes,
        images: MAX_BODY_IMAGES,
    };
    let mut cleaned = group_galleries(group_inline_runs(cleaner.children(nodes, limits.max_depth)));
    let mut level = 2;
    level_headings(&mut cleaned, &mut level);
    cleaned
}

/// Headings never skip a level (after the embed's own h2 headline comes an
/// h3, then at most one level deeper each time), so the outline a screen
/// reader lists has no holes. The author's deeper levels are kept where
/// they follow in order.
fn level_headings(nodes: &mut [SafeNode], previous: &mut u8) {
    const LEVELS: [SafeTag; 4] = [SafeTag::H3, SafeTag::H4, SafeTag::H5, SafeTag::H6];
    for node in nodes {
        match node {
            SafeNode::Element { tag, children, .. } => {
                if let Some(index) = LEVELS.iter().position(|l| l == tag) {
                    let wanted = index as u8 + 3;
                    let level = wanted.min(*previous + 1);
                    *tag = LEVELS
                        .get(usize::from(level - 3))
                        .copied()
                        .unwrap_or(SafeTag::H6);
                    *previous = level;
                } else {
                    level_headings(children, previous);
                }
            }
            SafeNode::Link { children, .. } => level_headings(children, previous),
            _ => {}
        }
    }
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

pub(super) fn attr<'a>(attrs: &'a [(String, String)], wanted: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
        .map(|(_, v)| v.as_str())
}

fn has_class(attrs: &[(String, String)], wanted: &str) -> bool {
    attr(attrs, "class")
        .unwrap_or_default()
        .split_ascii_whitespace()
        .any(|c| c == wanted || c.starts_with(wanted) && wanted.ends_with('-'))
}

/// An id as we keep it, or `None` when it has anything unusual in it.
fn safe_id(raw: &str) -> Option<String> {
    let id = raw.trim();
    (!id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
    .then(|| id.to_owned())
}

/// A small integer attribute, clamped to `min..=max`.
pub(super) fn bounded(raw: Option<&str>, min: i32, max: i32) -> Option<i32> {
    let raw = raw?.trim();
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    Some(if negative { -n } else { n }.clamp(min, max))
}

/// Runs of whitespace as one space, without leading or trailing ones.
pub fn collapse_whitespace(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of nodes, as a screen reader would read it in one go.
pub fn plain_text(nodes: &[SafeNode]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            SafeNode::Text(t) => t.clone(),
            SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
                plain_text(children)
            }
            _ => String::new(),
        })
        .collect()
}

fn capped_text(raw: &str) -> String {
    collapse_whitespace(raw)
        .chars()
        .take(MAX_ATTR_CHARS)
        .collect()
}

fn element(tag: SafeTag, attrs: Vec<SafeAttr>, children: Vec<SafeNode>) -> SafeNode {
    SafeNode::Element {
        tag,
        attrs,
        children,
    }
}

struct Cleaner<'a> {
    urls: Urls<'a>,
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
        merge_adjacent_text(out)
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
        if !html_namespace || REMOVE_WITH_CONTENT.contains(&name) {
            return;
        }
        if depth == 0 {
            out.push(SafeNode::Text(text_content(children)));
            return;
        }
        match name {
            "br" => out.push(element(SafeTag::Br, Vec::new(), Vec::new())),
            "img" => out.extend(
                Picture::from_img(attrs, self.urls.base, Vec::new())
                    .filter(|_| self.take_image())
                    .map(SafeNode::Image),
            ),
            "a" => self.link(attrs, children, depth, out),
            "video" | "audio" => out.extend(self.media(name, attrs, children)),
            "iframe" | "embed" | "object" => {
                let src = attr(attrs, "src").or_else(|| attr(attrs, "data"));
                if let Some(card) = src.and_then(|s| self.card(s, attr(attrs, "title"))) {
                    out.push(card);
                }
            }
            "picture" => {
                self.budget = self.budget.saturating_sub(children.len());
                out.extend(
                    Picture::from_picture(children, self.urls.base)
                        .filter(|_| self.take_image())
                        .map(SafeNode::Image),
                );
            }
            "figure" if is_embed_block(attrs) => {
                if let Some(card) = self.embed_block(children) {
                    out.push(card);
                }
            }
            "p" if self.bare_provider_url(children).is_some() => {
                out.extend(self.bare_provider_url(children));
            }
            "div" | "figure" | "ul" | "ol" | "dl" | "section"
                if GALLERY_CLASSES.iter().any(|c| has_class(attrs, c)) =>
            {
                let block = element(
                    SafeTag::Figure,
                    Vec::new(),
                    self.children(children, depth - 1),
                );
                match (gallery(&block, true), block) {
                    (Some(gallery), _) => out.push(gallery),
                    // Not only images after all: the block as any other.
                    (None, SafeNode::Element { children: kids, .. }) => {
                        match SafeTag::from_name(name) {
                            Some(tag) if !tag.is_void() => {
                                let attrs = self.attrs(tag, attrs);
                                out.push(element(tag, attrs, kids));
                            }
                            _ => out.extend(group_inline_runs(kids)),
                        }
                    }
                    (None, _) => {}
                }
            }
            _ => match SafeTag::from_name(name) {
                Some(tag) => {
                    let kids = if tag.is_void() {
                        Vec::new()
                    } else {
                        self.children(children, depth - 1)
                    };
                    // An empty header cell names nothing: it is a plain cell.
                    let tag = if tag == SafeTag::Th && !has_content(&kids) {
                        SafeTag::Td
                    } else {
                        tag
                    };
                    let attrs = self.attrs(tag, attrs);
                    out.push(element(tag, attrs, kids));
                }
                None if name == "hr" => out.push(element(SafeTag::Hr, Vec::new(), Vec::new())),
                None if BLOCK_WRAPPERS.contains(&name) => {
                    let kids = self.children(children, depth - 1);
                    out.extend(group_inline_runs(kids));
                }
                None => out.extend(self.children(children, depth - 1)),
            },
        }
    }

    fn attrs(&self, tag: SafeTag, raw: &[(String, String)]) -> Vec<SafeAttr> {
        let mut out = Vec::new();
        let get = |name: &str| attr(raw, name);
        match tag {
            SafeTag::Td | SafeTag::Th => {
                if let Some(n) = bounded(get("colspan"), 1, 100).filter(|n| *n > 1) {
                    out.push(SafeAttr::ColSpan(n as u16));
                }
                if let Some(n) = bounded(get("rowspan"), 1, 100).filter(|n| *n > 1) {
                    out.push(SafeAttr::RowSpan(n as u16));
                }
                if tag == SafeTag::Th {
                    let scope = match get("scope").map(|s| s.trim().to_ascii_lowercase()) {
                        Some(s) if s == "row" => Some("row"),
                        Some(s) if s == "col" => Some("col"),
                        Some(s) if s == "rowgroup" => Some("rowgroup"),
                        Some(s) if s == "colgroup" => Some("colgroup"),
                        _ => None,
                    };
                    out.extend(scope.map(SafeAttr::Scope));
                }
            }
            SafeTag::Col | SafeTag::Colgroup => {
                if let Some(n) = bounded(get("span"), 1, 100).filter(|n| *n > 1) {
                    out.push(SafeAttr::ColSpan(n as u16));
                }
            }
            SafeTag::Abbr | SafeTag::Dfn => {
                let title = get("title").map(capped_text).filter(|t| !t.is_empty());
                out.extend(title.map(SafeAttr::Title));
            }
            SafeTag::Time => {
                let datetime = get("datetime").map(str::trim).filter(|d| {
                    !d.is_empty()
                        && d.len() <= 64
                        && d.bytes()
                            .all(|b| b.is_ascii_digit() || b"-:.TZ+ W".contains(&b))
                });
                out.extend(datetime.map(|d| SafeAttr::DateTime(d.to_owned())));
            }
            SafeTag::Ol => {
                out.extend(bounded(get("start"), -1_000_000, 1_000_000).map(SafeAttr::Start));
                if get("reversed").is_some() {
                    out.push(SafeAttr::Reversed);
                }
                let kind = match get("type").map(str::trim) {
                    Some("1") => Some("1"),
                    Some("a") => Some("a"),
                    Some("A") => Some("A"),
                    Some("i") => Some("i"),
                    Some("I") => Some("I"),
                    _ => None,
                };
                out.extend(kind.map(SafeAttr::ListType));
            }
            SafeTag::Li => {
                out.extend(bounded(get("value"), -1_000_000, 1_000_000).map(SafeAttr::Value));
            }
            SafeTag::Details if get("open").is_some() => out.push(SafeAttr::Open),
            SafeTag::Figure => out.extend(block_align(raw).map(SafeAttr::Align)),
            SafeTag::P | SafeTag::H3 | SafeTag::H4 | SafeTag::H5 | SafeTag::H6 => {
                out.extend(text_align(raw).map(SafeAttr::TextAlign));
            }
            _ => {}
        }
        out.extend(self.target_id(raw).map(SafeAttr::Id));
        out
    }

    fn link(
        &mut self,
        attrs: &[(String, String)],
        children: &[RawNode],
        depth: usize,
        out: &mut Vec<SafeNode>,
    ) {
        let kids = self.children(children, depth - 1);
        let id = self.target_id(attrs);
        let href = attr(attrs, "href").map(str::trim);
        let target = match href.and_then(|h| h.strip_prefix('#')) {
            // A fragment: inside the body if its target is there, else on
            // the article's own page (never the JSON the body came from).
            Some(fragment) => {
                let page = resolve_link(self.urls.base, self.urls.page)
                    .map(|p| p.split('#').next().unwrap_or_default().to_owned());
                match safe_id(fragment) {
                    Some(f) if self.ids.contains(&f) => {
                        page.map(|page| (format!("{page}#{f}"), Some(f)))
                    }
                    _ => page.and_then(|page| {
                        resolve_link(&page, &format!("#{fragment}")).map(|h| (h, None))
                    }),
                }
            }
            None => href
                .and_then(|h| resolve_link(self.urls.base, h))
                .map(|h| (h, None)),
        };
        match target {
            Some((href, fragment)) if !kids.is_empty() => out.push(SafeNode::Link {
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
        if sources.is_empty() {
            return None;
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
        Some(SafeNode::Media {
            kind,
            sources,
            poster,
        })
    }

    /// A media card for a player URL, if it is an http(s) one.
    fn card(&self, src: &str, title: Option<&str>) -> Option<SafeNode> {
        let url = resolve_image(self.urls.base, src)?;
        let url = original_url(&url);
        if url.len() > MAX_URL_LEN {
            return None;
        }
        Some(SafeNode::MediaCard {
            provider: provider_name(&url)?,
            url,
            title: title.map(capped_text).filter(|t| !t.is_empty()),
        })
    }

    /// WordPress's `figure.wp-block-embed`: the URL is the text of its
    /// wrapper, the caption its title.
    fn embed_block(&self, children: &[RawNode]) -> Option<SafeNode> {
        let mut url = None;
        let mut caption = None;
        for child in children {
            if let RawNode::Element { name, children, .. } = child {
                let text = text_content(children);
                if name == "figcaption" {
                    caption = Some(text);
                } else if url.is_none() {
                    url = Some(text.trim().to_owned());
                }
            }
        }
        self.card(&url?, caption.as_deref())
    }

    /// A paragraph holding nothing but a known provider's URL (as text or as
    /// a link to itself) is an embed, as WordPress publishes it.
    fn bare_provider_url(&self, children: &[RawNode]) -> Option<SafeNode> {
        let text = text_content(children);
        let url = text.trim();
        if url.contains(char::is_whitespace) || !url.starts_with("http") {
            return None;
        }
        let resolved = resolve_image(self.urls.base, url)?;
        is_known_provider(&resolved)
            .then(|| self.card(&resolved, None))
            .flatten()
    }
}

/// Whether nodes show anything: text other than spaces, or an image or media.
fn has_content(nodes: &[SafeNode]) -> bool {
    nodes.iter().any(|n| match n {
        SafeNode::Text(t) => !t.trim().is_empty(),
        SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
            has_content(children)
        }
        SafeNode::Image(_)
        | SafeNode::Gallery { .. }
        | SafeNode::Media { .. }
        | SafeNode::MediaCard { .. } => true,
    })
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
            } if !REMOVE_WITH_CONTENT.contains(&name.as_str()) => {
                text.push_str(&text_content(children))
            }
            _ => {}
        }
    }
    text
}

fn merge_adjacent_text(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out: Vec<SafeNode> = Vec::with_capacity(nodes.len());
    for node in nodes {
        match (out.last_mut(), node) {
            (_, SafeNode::Text(t)) if t.is_empty() => {}
            (Some(SafeNode::Text(prev)), SafeNode::Text(t)) => prev.push_str(&t),
            (_, node) => out.push(node),
        }
    }
    out
}

fn is_inline(node: &SafeNode) -> bool {
    match node {
        SafeNode::Text(_) | SafeNode::Link { .. } | SafeNode::Image(_) => true,
        SafeNode::Element { tag, .. } => !tag.is_block(),
        SafeNode::Gallery { .. } | SafeNode::Media { .. } | SafeNode::MediaCard { .. } => false,
    }
}

pub(super) fn is_blank(node: &SafeNode) -> bool {
    match node {
        SafeNode::Text(t) => t.trim().is_empty(),
        SafeNode::Element {
            tag: SafeTag::Br, ..
        } => true,
        _ => false,
    }
}

/// Top-level runs of inline content (a CMS that separates paragraphs with
/// `<br><br>`, or text dropped out of a `<div>`) become paragraphs, so the
/// body always reads as blocks with the widget's spacing.
fn group_inline_runs(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out = Vec::new();
    let mut run: Vec<SafeNode> = Vec::new();
    let flush = |run: &mut Vec<SafeNode>, out: &mut Vec<SafeNode>| {
        if run.iter().any(|n| !is_blank(n)) {
            out.push(element(SafeTag::P, Vec::new(), std::mem::take(run)));
        }
        run.clear();
    };
    for node in nodes {
        if is_inline(&node) {
            run.push(node);
        } else {
            flush(&mut run, &mut out);
            out.push(node);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Turns a safe tree back into raw form; used to check that cleaning is
/// idempotent (cleaning what we already cleaned changes nothing).
pub fn to_raw(nodes: &[SafeNode]) -> Vec<RawNode> {
    nodes
        .iter()
        .map(|node| match node {
            SafeNode::Text(t) => RawNode::Text(t.clone()),
            SafeNode::Element {
                tag,
                attrs,
                children,
            } => {
                let attrs = attrs
                    .iter()
                    .map(|a| {
                        let (name, value) = a.name_value(*tag);
                        (name.to_owned(), value)
                    })
                    .collect();
                raw(tag.name(), attrs, to_raw(children))
            }
            SafeNode::Link {
                href,
                fragment,
                id,
                children,
            } => {
                let mut attrs = vec![(
                    "href".into(),
                    fragment
                        .as_ref()
                        .map_or_else(|| href.clone(), |f| format!("#{f}")),
                )];
                attrs.extend(id.iter().map(|i| ("id".to_owned(), i.clone())));
                raw("a", attrs, to_raw(children))
            }
            SafeNode::Image(picture) => picture_to_raw(picture),
            SafeNode::Gallery { items, caption } => {
                let mut figures: Vec<RawNode> = items
                    .iter()
                    .map(|item| {
                        let mut kids = vec![picture_to_raw(&item.picture)];
                        if !item.caption.is_empty() {
                            kids.push(raw("figcaption", vec![], to_raw(&item.caption)));
                        }
                        raw("figure", vec![], kids)
                    })
                    .collect();
                if !caption.is_empty() {
                    figures.push(raw("figcaption", vec![], to_raw(caption)));
                }
                let class = vec![("class".to_owned(), "wp-block-gallery".to_owned())];
                raw("figure", class, figures)
            }
            SafeNode::Media {
                kind,
                sources,
                poster,
            } => {
                let name = kind.name();
                let attrs = poster
                    .iter()
                    .map(|p| ("poster".to_owned(), p.clone()))
                    .collect();
                let children = sources
                    .iter()
                    .map(|(src, kind)| {
                        let mut attrs = vec![("src".to_owned(), src.clone())];
                        attrs.extend(kind.iter().map(|k| ("type".to_owned(), k.clone())));
                        raw("source", attrs, vec![])
                    })
                    .collect();
                raw(name, attrs, children)
            }
            SafeNode::MediaCard { url, title, .. } => {
                let mut attrs = vec![("src".to_owned(), url.clone())];
                attrs.extend(title.iter().map(|t| ("title".to_owned(), t.clone())));
                raw("iframe", attrs, vec![])
            }
        })
        .collect()
}

fn picture_to_raw(p: &Picture) -> RawNode {
    let mut attrs = vec![("src".into(), p.src.clone()), ("alt".into(), p.alt.clone())];
    attrs.extend(p.align.map(|a| ("class".to_owned(), a.class().to_owned())));
    attrs.extend(p.width.map(|w| ("width".to_owned(), w.to_string())));
    attrs.extend(p.height.map(|h| ("height".to_owned(), h.to_string())));
    if !p.srcset.is_empty() {
        attrs.push(("srcset".to_owned(), serialize(&p.srcset)));
    }
    let img = raw("img", attrs, vec![]);
    if p.sources.is_empty() {
        return img;
    }
    let mut children: Vec<RawNode> = p
        .sources
        .iter()
        .map(|s| {
            let mut attrs = vec![("srcset".to_owned(), serialize(&s.srcset))];
            attrs.extend(s.media.iter().map(|m| ("media".to_owned(), m.clone())));
            attrs.extend(s.mime.iter().map(|t| ("type".to_owned(), t.clone())));
            raw("source", attrs, vec![])
        })
        .collect();
    children.push(img);
    raw("picture", vec![], children)
}

fn raw(name: &str, attrs: Vec<(String, String)>, children: Vec<RawNode>) -> RawNode {
    RawNode::Element {
        name: name.into(),
        html_namespace: true,
        attrs,
        children,
    }
}

/// An HTML element as the parser would give it, for tests.
#[cfg(test)]
pub(crate) fn test_element(name: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
    RawNode::Element {
        name: name.into(),
        html_namespace: true,
        attrs: attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        children,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://publisher.example/api/articles/1.json";
    const PAGE: &str = "https://publisher.example/news/1";
    const URLS: Urls<'static> = Urls {
        base: BASE,
        page: PAGE,
    };

    use super::test_element as el;
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
            })
        );
        assert_eq!(
            out.get(1),
            Some(&SafeNode::MediaCard {
                provider: "X".into(),
                url: "https://x.com/a/status/1".into(),
                title: Some("A post".into()),
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
        assert_eq!(out.len(), 5);
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
}
