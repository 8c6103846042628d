//! The browser side of body cleaning: parse, walk, and build.

use wasm_bindgen::JsCast;
use web_sys::{Document, DomParser, Element, Node, SupportedType};

use super::clean::{clean, CleanLimits, RawNode, SafeNode};
use super::limit::{limit_markup, MAX_DEPTH, MAX_TAGS};
use super::repair::repair_markup;

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Parses untrusted HTML in an inert document (no scripts run, no images
/// load) and cleans it. Returns an empty body if the browser refuses to parse.
pub fn sanitize_body(html: &str, base: &str, limits: CleanLimits) -> Vec<SafeNode> {
    let repaired = limit_markup(&repair_markup(html), MAX_DEPTH, MAX_TAGS);
    let parsed = DomParser::new()
        .and_then(|p| p.parse_from_string(&repaired, SupportedType::TextHtml))
        .ok();
    let Some(body) = parsed.and_then(|doc| doc.body()) else {
        return Vec::new();
    };
    let mut budget = limits.max_nodes;
    let raw = walk_children(&body, limits.max_depth + 1, &mut budget);
    clean(&raw, base, limits)
}

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

/// Known sizes of article images, so inline body images reserve their space.
pub type ImageSizes = Vec<(String, (u32, u32))>;

/// Builds DOM nodes for a cleaned body, in `doc`, appended to `parent`.
pub fn append_safe_nodes(doc: &Document, parent: &Node, nodes: &[SafeNode], sizes: &ImageSizes) {
    for node in nodes {
        let built: Option<Node> = match node {
            SafeNode::Text(text) => Some(doc.create_text_node(text).into()),
            SafeNode::Element { tag, children } => doc.create_element(tag.name()).ok().map(|el| {
                append_safe_nodes(doc, &el, children, sizes);
                // After the children: set first, every appended text would
                // make the engine work the direction out again.
                if tag.is_text_block() {
                    let _ = el.set_attribute("dir", "auto");
                }
                el.into()
            }),
            SafeNode::Link { href, children } => doc.create_element("a").ok().map(|a| {
                let _ = a.set_attribute("href", href);
                let _ = a.set_attribute("target", "_blank");
                let _ = a.set_attribute("rel", "noopener noreferrer");
                append_safe_nodes(doc, &a, children, sizes);
                a.into()
            }),
            SafeNode::Image { src, alt } => doc.create_element("img").ok().map(|img| {
                let _ = img.set_attribute("alt", alt);
                let _ = img.set_attribute("loading", "lazy");
                let _ = img.set_attribute("decoding", "async");
                match sizes.iter().find(|(s, _)| s == src).map(|(_, size)| size) {
                    Some((w, h)) => {
                        let _ = img.set_attribute("width", &w.to_string());
                        let _ = img.set_attribute("height", &h.to_string());
                    }
                    // Unknown size: a fixed frame keeps the text from jumping.
                    None => {
                        let _ = img.set_attribute("data-size", "unknown");
                    }
                }
                let _ = img.set_attribute("src", src);
                img.into()
            }),
        };
        if let Some(built) = built {
            let _ = parent.append_child(&built);
        }
    }
}
