//! The body across the JS–wasm boundary as one string each way, instead of
//! a call per node, attribute and string: the measurement that decided it
//! is in docs/performance.md.
//!
//! Inbound, `element.js`'s `parseFlat` parses the body with the browser's
//! inert `DOMParser` and flattens the tree; [`unflatten`] reads it back
//! into [`RawNode`]s (untrusted: the cleaner decides what stays).
//! Outbound, [`Ops`] writes the cleaned body as instructions that
//! `element.js`'s `buildFlat` follows with `createElement`,
//! `setAttribute` and `createTextNode` (never `innerHTML`): every name in
//! them comes from the allowlists.
//!
//! Tokens are separated by NUL, which the HTML parser never leaves in a
//! document (it drops it or makes it U+FFFD); a NUL in any other string
//! becomes U+FFFD before it is written, so it cannot end a token. A
//! token's first character says what it is:
//!
//! | token | inbound | outbound |
//! |---|---|---|
//! | `E`name | an HTML element opens | an element opens |
//! | `F`name | a foreign (SVG, MathML) element opens | — |
//! | `M`name | — | a MathML element opens |
//! | `A`name, then its value as a token of its own | an attribute of the open element | the same |
//! | `T`text | a text node | the same |
//! | `O` | a comment or another node | — |
//! | `/` | the open element ends | the same |

use super::node::RawNode;

/// Between tokens.
pub(crate) const SEPARATOR: char = '\0';

/// The body's nodes from `parseFlat`'s string. An element left open at
/// the end is closed; a token of an unknown kind is skipped.
pub(crate) fn unflatten(flat: &str) -> Vec<RawNode> {
    let mut root = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut tokens = flat.split(SEPARATOR);
    while let Some(token) = tokens.next() {
        let (kind, rest) = kind(token);
        let node = match kind {
            b'E' | b'F' => {
                open.push(Open {
                    name: rest.to_owned(),
                    html_namespace: kind == b'E',
                    attrs: Vec::new(),
                    children: Vec::new(),
                });
                continue;
            }
            b'A' => {
                let value = tokens.next().unwrap_or_default();
                if let Some(element) = open.last_mut() {
                    element.attrs.push((rest.to_owned(), value.to_owned()));
                }
                continue;
            }
            b'T' => RawNode::Text(rest.to_owned()),
            b'O' => RawNode::Other,
            b'/' => match open.pop() {
                Some(element) => element.into_node(),
                None => continue,
            },
            _ => continue,
        };
        push(&mut open, &mut root, node);
    }
    while let Some(element) = open.pop() {
        let node = element.into_node();
        push(&mut open, &mut root, node);
    }
    root
}

/// An element whose end has not been read yet.
struct Open {
    name: String,
    html_namespace: bool,
    attrs: Vec<(String, String)>,
    children: Vec<RawNode>,
}

impl Open {
    fn into_node(self) -> RawNode {
        RawNode::Element {
            name: self.name,
            html_namespace: self.html_namespace,
            attrs: self.attrs,
            children: self.children,
        }
    }
}

fn push(open: &mut [Open], root: &mut Vec<RawNode>, node: RawNode) {
    match open.last_mut() {
        Some(parent) => parent.children.push(node),
        None => root.push(node),
    }
}

/// A token's kind (its first byte; 0 for an empty token) and the rest.
fn kind(token: &str) -> (u8, &str) {
    match token.as_bytes().first() {
        Some(&k) if k.is_ascii() => (k, token.get(1..).unwrap_or_default()),
        _ => (0, ""),
    }
}

/// The cleaned body as `buildFlat`'s instructions.
#[derive(Default)]
pub struct Ops(String);

impl Ops {
    /// Opens an HTML element: what follows goes into it until [`Ops::close`].
    pub fn open(&mut self, name: &str) {
        self.token('E', name);
    }

    /// Opens a MathML element.
    pub fn open_mathml(&mut self, name: &str) {
        self.token('M', name);
    }

    /// An attribute of the element open now (before or after its children).
    pub fn attr(&mut self, name: &str, value: &str) {
        self.token('A', name);
        self.0.push(SEPARATOR);
        push_clean(&mut self.0, value);
    }

    /// A text node.
    pub fn text(&mut self, text: &str) {
        self.token('T', text);
    }

    /// Ends the element open now.
    pub fn close(&mut self) {
        self.token('/', "");
    }

    /// An element with its class (none when empty), left open.
    pub fn open_with_class(&mut self, name: &str, class: &str) {
        self.open(name);
        if !class.is_empty() {
            self.attr("class", class);
        }
    }

    /// The instructions, for `buildFlat`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn token(&mut self, kind: char, body: &str) {
        if !self.0.is_empty() {
            self.0.push(SEPARATOR);
        }
        self.0.push(kind);
        push_clean(&mut self.0, body);
    }
}

fn push_clean(out: &mut String, s: &str) {
    if s.contains(SEPARATOR) {
        out.push_str(&s.replace(SEPARATOR, "\u{FFFD}"));
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::test_element as el;

    #[test]
    fn reads_what_parse_flat_writes() {
        let flat =
            "Ep\0Aclass\0lead\0Ahref\0\0Thello \0Eb\0Tworld\0/\0/\0O\0Fsvg\0AviewBox\x000 0 1 1\0/";
        assert_eq!(
            unflatten(flat),
            vec![
                el(
                    "p",
                    &[("class", "lead"), ("href", "")],
                    vec![
                        RawNode::Text("hello ".into()),
                        el("b", &[], vec![RawNode::Text("world".into())])
                    ]
                ),
                RawNode::Other,
                RawNode::Element {
                    name: "svg".into(),
                    html_namespace: false,
                    attrs: vec![("viewBox".into(), "0 0 1 1".into())],
                    children: vec![],
                },
            ]
        );
    }

    #[test]
    fn broken_streams_close_what_is_open_and_skip_the_unknown() {
        assert_eq!(unflatten(""), vec![]);
        assert_eq!(unflatten("/\0/\0Tx"), vec![RawNode::Text("x".into())]);
        assert_eq!(
            unflatten("Ediv\0Ep\0Ta\0Zjunk\0\u{e9}t\0Aid"),
            vec![el(
                "div",
                &[],
                vec![el("p", &[("id", "")], vec![RawNode::Text("a".into())])]
            )]
        );
    }

    #[test]
    fn deep_streams_are_read_without_recursion() {
        let depth = 100_000;
        let flat = "Ediv\0".repeat(depth);
        let mut nodes = unflatten(&flat);
        let mut seen = 0;
        // Taken apart iteratively: dropping a tree this deep recursively
        // would overflow the stack (the parser's depth limit keeps real
        // bodies far shallower).
        while let Some(RawNode::Element { children, .. }) = nodes.pop() {
            seen += 1;
            nodes = children;
        }
        assert_eq!(seen, depth);
    }

    #[test]
    fn ops_round_trip_and_never_carry_a_nul() {
        let mut ops = Ops::default();
        assert_eq!(ops.as_str(), "");
        ops.open_with_class("p", "ae-lead");
        ops.text("a\0b");
        ops.attr("title", "x\0y");
        ops.open_with_class("br", "");
        ops.close();
        ops.close();
        assert_eq!(
            ops.as_str(),
            "Ep\0Aclass\0ae-lead\0Ta\u{FFFD}b\0Atitle\0x\u{FFFD}y\0Ebr\0/\0/"
        );
        assert_eq!(
            unflatten(ops.as_str()),
            vec![el(
                "p",
                &[("class", "ae-lead"), ("title", "x\u{FFFD}y")],
                vec![RawNode::Text("a\u{FFFD}b".into()), el("br", &[], vec![])]
            )]
        );
    }
}
