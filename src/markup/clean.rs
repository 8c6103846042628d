//! The body allowlist: turns a parsed (untrusted) tree into a tree that may
//! only contain the elements and attributes a news article needs.
//!
//! Parsing is the browser's job (an inert `DOMParser` document, see
//! `markup::dom`); this module decides, in plain Rust, what survives:
//!
//! - kept: paragraphs, line breaks, bold, italic, underline, strike, links,
//!   lists, block quotes, sub-headings, figures with captions, images;
//! - unwrapped (element dropped, its text kept): every other HTML element;
//! - removed with everything inside: elements whose content is code, form
//!   controls, embedded documents or foreign (SVG, MathML) content.
//!
//! Links keep only an http(s)/mailto `href` (and open in a new tab with
//! `rel="noopener noreferrer"`); images keep only an http(s) `src` and an
//! `alt`. No other attribute survives, so there is no `style`, no `id` to
//! clobber globals with and no event handler.

use crate::urls::{resolve_image, resolve_link};

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

/// The only tags that can leave this module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafeTag {
    P,
    Br,
    B,
    I,
    U,
    S,
    Ul,
    Ol,
    Li,
    Blockquote,
    H3,
    H4,
    H5,
    H6,
    Figure,
    Figcaption,
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
            SafeTag::Ul => "ul",
            SafeTag::Ol => "ol",
            SafeTag::Li => "li",
            SafeTag::Blockquote => "blockquote",
            SafeTag::H3 => "h3",
            SafeTag::H4 => "h4",
            SafeTag::H5 => "h5",
            SafeTag::H6 => "h6",
            SafeTag::Figure => "figure",
            SafeTag::Figcaption => "figcaption",
        }
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
        )
    }

    fn is_block(self) -> bool {
        !matches!(
            self,
            SafeTag::Br | SafeTag::B | SafeTag::I | SafeTag::U | SafeTag::S
        )
    }
}

/// A node that is safe to build into the DOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SafeNode {
    Text(String),
    Element {
        tag: SafeTag,
        children: Vec<SafeNode>,
    },
    /// Absolute http(s) or mailto URL.
    Link {
        href: String,
        children: Vec<SafeNode>,
    },
    /// Absolute http(s) URL.
    Image {
        src: String,
        alt: String,
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

/// Elements removed together with their content.
const REMOVE_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
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
    "audio",
    "video",
    "picture",
    "source",
    "track",
    "map",
    "area",
    "plaintext",
    "param",
    "portal",
    "dialog",
    "slot",
    "frameset",
];

/// Cleans a parsed body. `base` is the URL the article JSON came from.
pub fn clean(nodes: &[RawNode], base: &str, limits: CleanLimits) -> Vec<SafeNode> {
    let mut budget = limits.max_nodes;
    let cleaned = clean_children(nodes, base, limits.max_depth, &mut budget);
    group_inline_runs(cleaned)
}

fn clean_children(
    nodes: &[RawNode],
    base: &str,
    depth: usize,
    budget: &mut usize,
) -> Vec<SafeNode> {
    let mut out = Vec::new();
    for node in nodes {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        clean_node(node, base, depth, budget, &mut out);
    }
    merge_adjacent_text(out)
}

fn clean_node(
    node: &RawNode,
    base: &str,
    depth: usize,
    budget: &mut usize,
    out: &mut Vec<SafeNode>,
) {
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
    let attr = |wanted: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
            .map(|(_, v)| v.as_str())
    };
    let tag = match name {
        "p" => Some(SafeTag::P),
        "br" => {
            out.push(SafeNode::Element {
                tag: SafeTag::Br,
                children: Vec::new(),
            });
            return;
        }
        "b" | "strong" => Some(SafeTag::B),
        "i" | "em" | "cite" => Some(SafeTag::I),
        "u" | "ins" => Some(SafeTag::U),
        "s" | "strike" | "del" => Some(SafeTag::S),
        "ul" => Some(SafeTag::Ul),
        "ol" => Some(SafeTag::Ol),
        "li" => Some(SafeTag::Li),
        "blockquote" => Some(SafeTag::Blockquote),
        // The embed's headline is an h2; body headings may not outrank it.
        "h1" | "h2" | "h3" => Some(SafeTag::H3),
        "h4" => Some(SafeTag::H4),
        "h5" => Some(SafeTag::H5),
        "h6" => Some(SafeTag::H6),
        "figure" => Some(SafeTag::Figure),
        "figcaption" => Some(SafeTag::Figcaption),
        "img" => {
            if let Some(src) = attr("src").and_then(|src| resolve_image(base, src)) {
                let alt = attr("alt").unwrap_or_default().trim().to_owned();
                out.push(SafeNode::Image { src, alt });
            }
            return;
        }
        "a" => {
            let kids = clean_children(children, base, depth - 1, budget);
            match attr("href").and_then(|href| resolve_link(base, href)) {
                Some(href) if !kids.is_empty() => out.push(SafeNode::Link {
                    href,
                    children: kids,
                }),
                _ => out.extend(kids),
            }
            return;
        }
        _ => None,
    };
    let kids = clean_children(children, base, depth - 1, budget);
    match tag {
        Some(tag) => out.push(SafeNode::Element {
            tag,
            children: kids,
        }),
        None => out.extend(kids),
    }
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
        SafeNode::Text(_) | SafeNode::Link { .. } | SafeNode::Image { .. } => true,
        SafeNode::Element { tag, .. } => !tag.is_block(),
    }
}

fn is_blank(node: &SafeNode) -> bool {
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
            out.push(SafeNode::Element {
                tag: SafeTag::P,
                children: std::mem::take(run),
            });
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
            SafeNode::Element { tag, children } => element(tag.name(), vec![], to_raw(children)),
            SafeNode::Link { href, children } => {
                element("a", vec![("href".into(), href.clone())], to_raw(children))
            }
            SafeNode::Image { src, alt } => element(
                "img",
                vec![("src".into(), src.clone()), ("alt".into(), alt.clone())],
                vec![],
            ),
        })
        .collect()
}

fn element(name: &str, attrs: Vec<(String, String)>, children: Vec<RawNode>) -> RawNode {
    RawNode::Element {
        name: name.into(),
        html_namespace: true,
        attrs,
        children,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://publisher.example/api/articles/1.json";

    fn el(name: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
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
    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }
    fn run(nodes: Vec<RawNode>) -> Vec<SafeNode> {
        clean(&nodes, BASE, CleanLimits::default())
    }
    fn p(children: Vec<SafeNode>) -> SafeNode {
        SafeNode::Element {
            tag: SafeTag::P,
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
                    children: vec![t("bold")]
                },
                SafeNode::Element {
                    tag: SafeTag::I,
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
            vec![p(vec![SafeNode::Image {
                src: "https://publisher.example/a.jpg".into(),
                alt: "A".into()
            }])]
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
                    children: vec![t("A")]
                },
                SafeNode::Element {
                    tag: SafeTag::H4,
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
        assert_eq!(out.last(), Some(&p(vec![t("two\n")])));
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
        let out = clean(&[node], BASE, limits);
        assert_eq!(format!("{out:?}").matches("deep").count(), 1);
    }

    #[test]
    fn node_budget_bounds_the_output() {
        let many: Vec<RawNode> = (0..1000)
            .map(|i| el("p", &[], vec![text(&i.to_string())]))
            .collect();
        let out = clean(
            &many,
            BASE,
            CleanLimits {
                max_depth: 8,
                max_nodes: 100,
            },
        );
        assert_eq!(out.len(), 50);
    }
}
