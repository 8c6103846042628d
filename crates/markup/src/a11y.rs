//! Accessible even where the author's markup is not, without changing what
//! it means. Real articles bring links with no name (an image without
//! `alt` inside a link, an empty page anchor), lists holding something
//! other than items, and definition lists used for indentation (`dd` with
//! no `dt`). Each repair here gives the reader's assistive technology the
//! structure the author meant:
//! - a link with nothing in it is no link (its place kept as a target if
//!   something links to it);
//! - an image that is a link's only content is named: by its own `alt`,
//!   else its `title`, the link's `title`, its figure's caption, or where
//!   the link leads;
//! - a list's stray child joins the item before it, or becomes an item;
//!   an item outside any list is a block;
//! - a definition list without terms (indentation) or without
//!   descriptions is plain blocks; stray content in one is a description.

use super::media::host_of;
use super::node::{element, is_blank, plain_text, SafeNode, SafeTag};
use super::passes::{group_inline_runs, push_merging_text};

/// Whether a link's content says where it leads: words, or a named image.
fn has_name(nodes: &[SafeNode]) -> bool {
    nodes.iter().any(|node| match node {
        SafeNode::Text(t) => !t.trim().is_empty(),
        SafeNode::Image(p) => !p.alt.is_empty(),
        SafeNode::Unloaded { .. } | SafeNode::Math(_) => true,
        SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => has_name(children),
        _ => false,
    })
}

/// The first image without a name in `nodes`.
fn nameless_image(nodes: &mut [SafeNode]) -> Option<&mut String> {
    nodes.iter_mut().find_map(|node| match node {
        SafeNode::Image(p) if p.alt.is_empty() => Some(&mut p.alt),
        SafeNode::Element { children, .. } => nameless_image(children),
        _ => None,
    })
}

/// Names a link made only of an image without `alt` by the first of
/// `names` there is (the link's `title` …).
pub(crate) fn name_link(children: &mut [SafeNode], names: &[Option<&str>]) {
    if has_name(children) {
        return;
    }
    let name = names
        .iter()
        .flatten()
        .map(|n| n.trim())
        .find(|n| !n.is_empty());
    if let (Some(alt), Some(name)) = (nameless_image(children), name) {
        *alt = name.to_owned();
    }
}

/// After the walk, top-down: a link still without a name is named by its
/// figure's caption, else by the host it leads to (`example.org`).
pub(crate) fn name_links_by_context(nodes: &mut [SafeNode], caption: Option<&str>) {
    let own = figure_caption(nodes);
    let caption = own.as_deref().or(caption);
    for node in nodes.iter_mut() {
        match node {
            SafeNode::Link { href, children, .. } if !has_name(children) => {
                let place = host_of(href).map(|h| h.trim_start_matches("www.").to_owned());
                name_link(children, &[caption, place.as_deref()]);
            }
            SafeNode::Element {
                tag: SafeTag::Figure,
                children,
                ..
            } => name_links_by_context(children, None),
            SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
                name_links_by_context(children, caption)
            }
            _ => {}
        }
    }
}

/// The text of a `figcaption` among `nodes`.
fn figure_caption(nodes: &[SafeNode]) -> Option<String> {
    nodes.iter().find_map(|node| match node {
        SafeNode::Element {
            tag: SafeTag::Figcaption,
            children,
            ..
        } => Some(plain_text(children)).filter(|t| !t.trim().is_empty()),
        _ => None,
    })
}

/// A `ul`'s or `ol`'s children as items only: a nested list or a stray
/// node joins the item before it, else becomes an item of its own.
pub(crate) fn list_items(kids: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out: Vec<SafeNode> = Vec::new();
    // Whether the last item holds strays (made here), so more may join it.
    let mut open = false;
    // A term or description here is out of its list too: its content.
    let kids = kids.into_iter().flat_map(|kid| match kid {
        SafeNode::Element {
            tag: SafeTag::Dt | SafeTag::Dd,
            ..
        } => unwrap_items(vec![kid]),
        kid => vec![kid],
    });
    for kid in kids {
        if is_blank(&kid) {
            continue;
        }
        let is_item = matches!(
            kid,
            SafeNode::Element {
                tag: SafeTag::Li,
                ..
            }
        );
        let nested = matches!(
            kid,
            SafeNode::Element {
                tag: SafeTag::Ul | SafeTag::Ol,
                ..
            }
        );
        match out.last_mut() {
            _ if is_item => {
                out.push(kid);
                open = false;
                continue;
            }
            Some(SafeNode::Element {
                tag: SafeTag::Li,
                children,
                ..
            }) if open || nested => push_merging_text(children, kid),
            _ => {
                out.push(element(SafeTag::Li, Vec::new(), vec![kid]));
                open = true;
            }
        }
    }
    out
}

/// What a `dl` becomes.
pub(crate) enum Definitions {
    /// A definition list: terms and descriptions.
    List(Vec<SafeNode>),
    /// Indentation or a list of terms alone: plain blocks.
    Blocks(Vec<SafeNode>),
}

/// A `dl`'s children: terms and descriptions, strays as descriptions; with
/// no terms, or no descriptions, its content as plain blocks.
pub(crate) fn definitions(kids: Vec<SafeNode>) -> Definitions {
    let is = |n: &SafeNode, t: SafeTag| matches!(n, SafeNode::Element { tag, .. } if *tag == t);
    let terms = kids.iter().any(|k| is(k, SafeTag::Dt));
    let descriptions = kids.iter().any(|k| is(k, SafeTag::Dd));
    if !terms || !descriptions {
        return Definitions::Blocks(unwrap_items(kids));
    }
    let mut out: Vec<SafeNode> = Vec::new();
    // A list item here is out of its list: its content.
    let kids = kids.into_iter().flat_map(|kid| match kid {
        SafeNode::Element {
            tag: SafeTag::Li, ..
        } => unwrap_items(vec![kid]),
        kid => vec![kid],
    });
    for kid in kids {
        if is_blank(&kid) {
            continue;
        }
        if is(&kid, SafeTag::Dt) || is(&kid, SafeTag::Dd) {
            // A description before any term reads as a block before the list.
            out.push(kid);
            continue;
        }
        match out.last_mut() {
            Some(SafeNode::Element {
                tag: SafeTag::Dd,
                children,
                ..
            }) => push_merging_text(children, kid),
            _ => out.push(element(SafeTag::Dd, Vec::new(), vec![kid])),
        }
    }
    // Descriptions before the first term: blocks of their own, before it.
    let first_term = out.iter().position(|k| is(k, SafeTag::Dt)).unwrap_or(0);
    let list = out.split_off(first_term);
    let mut blocks = unwrap_items(out);
    if blocks.is_empty() {
        Definitions::List(list)
    } else {
        blocks.push(element(SafeTag::Dl, Vec::new(), list));
        Definitions::Blocks(blocks)
    }
}

/// `kids` with any list item, term or description among them unwrapped
/// (they are outside their list).
pub(crate) fn lift_items(kids: Vec<SafeNode>) -> Vec<SafeNode> {
    let stray = kids.iter().any(|k| {
        matches!(
            k,
            SafeNode::Element {
                tag: SafeTag::Li | SafeTag::Dt | SafeTag::Dd,
                ..
            }
        )
    });
    if stray {
        unwrap_items(kids)
    } else {
        kids
    }
}

/// List items, terms and descriptions outside their list: their content,
/// as blocks (an `li` outside a list, a `dd` used to indent).
pub(crate) fn unwrap_items(kids: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for kid in kids {
        match kid {
            SafeNode::Element {
                tag: SafeTag::Li | SafeTag::Dt | SafeTag::Dd,
                children,
                ..
            } => {
                out.extend(group_inline_runs(std::mem::take(&mut run)));
                out.extend(group_inline_runs(lift_items(children)));
            }
            other => push_merging_text(&mut run, other),
        }
    }
    out.extend(group_inline_runs(run));
    out
}

#[cfg(test)]
mod tests {
    use crate::clean::{clean, CleanLimits, Urls};
    use crate::node::test_element as el;
    use crate::node::{RawNode, SafeNode};

    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }
    fn run(nodes: Vec<RawNode>) -> Vec<SafeNode> {
        let urls = Urls {
            base: "https://publisher.example/a.json",
            page: "https://publisher.example/news/a",
        };
        clean(&nodes, urls, CleanLimits::default())
    }
    /// Every image's alt and every link's href, in order.
    fn names(nodes: &[SafeNode], out: &mut Vec<String>) {
        for node in nodes {
            match node {
                SafeNode::Image(p) => out.push(format!("img {}", p.alt)),
                SafeNode::Link { href, children, .. } => {
                    out.push(format!("a {href}"));
                    names(children, out);
                }
                SafeNode::Element { children, .. } => names(children, out),
                _ => {}
            }
        }
    }
    fn tags(nodes: &[SafeNode]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| match n {
                SafeNode::Element { tag, children, .. } => {
                    format!("{}[{}]", tag.name(), tags(children).join(" "))
                }
                SafeNode::Text(t) => t.trim().to_owned(),
                _ => "?".to_owned(),
            })
            .collect()
    }

    #[test]
    fn every_link_has_a_name_and_an_empty_one_is_none() {
        let img = |attrs: &[(&str, &str)]| {
            let mut all = vec![("src", "/p.jpg")];
            all.extend_from_slice(attrs);
            el("img", &all, vec![])
        };
        let out = run(vec![
            // An empty page anchor, an empty link: no links.
            el(
                "p",
                &[],
                vec![
                    text("Pages "),
                    el("a", &[("href", "#page-2")], vec![text(" ")]),
                    el("a", &[("href", "/x")], vec![]),
                ],
            ),
            // A linked image named by its title, by the link's title.
            el(
                "p",
                &[],
                vec![el(
                    "a",
                    &[("href", "/a")],
                    vec![img(&[("title", "Own title")])],
                )],
            ),
            el(
                "p",
                &[],
                vec![el(
                    "a",
                    &[("href", "/b"), ("title", "Link title")],
                    vec![img(&[("alt", "")])],
                )],
            ),
            // By its figure's caption; by where it leads.
            el(
                "figure",
                &[],
                vec![
                    el("a", &[("href", "/c")], vec![img(&[("alt", "")])]),
                    el("figcaption", &[], vec![text("The caption")]),
                ],
            ),
            el(
                "p",
                &[],
                vec![el(
                    "a",
                    &[("href", "https://www.example.org/d")],
                    vec![img(&[("alt", "")])],
                )],
            ),
            // Named already: untouched.
            el(
                "p",
                &[],
                vec![el(
                    "a",
                    &[("href", "/e")],
                    vec![img(&[("alt", "")]), text("Words")],
                )],
            ),
        ]);
        let mut found = Vec::new();
        names(&out, &mut found);
        assert_eq!(
            found,
            [
                "a https://publisher.example/a",
                "img Own title",
                "a https://publisher.example/b",
                "img Link title",
                "a https://publisher.example/c",
                "img The caption",
                "a https://www.example.org/d",
                "img example.org",
                "a https://publisher.example/e",
                "img ",
            ]
        );
    }

    #[test]
    fn lists_hold_items_and_definition_lists_terms_and_descriptions() {
        let li = |t: &str| el("li", &[], vec![text(t)]);
        let out = run(vec![
            // A stray paragraph and a nested list in a list.
            el(
                "ul",
                &[],
                vec![
                    li("one"),
                    el("ul", &[], vec![li("nested")]),
                    el("p", &[], vec![text("stray")]),
                    text("loose"),
                ],
            ),
            // dd alone: indentation.
            el("dl", &[], vec![el("dd", &[], vec![text("indented")])]),
            // dt alone: terms as blocks.
            el("dl", &[], vec![el("dt", &[], vec![text("term")])]),
            // A stray in a real list is a description.
            el(
                "dl",
                &[],
                vec![
                    el("dt", &[], vec![text("t")]),
                    text("stray"),
                    el("dd", &[], vec![text("d")]),
                ],
            ),
            // An item outside any list.
            el("div", &[], vec![li("alone")]),
        ]);
        assert_eq!(
            tags(&out),
            [
                "ul[li[one ul[li[nested]]] li[p[stray] loose]]",
                "p[indented]",
                "p[term]",
                "dl[dt[t] dd[stray] dd[d]]",
                "p[alone]",
            ]
        );
    }

    #[test]
    fn strays_that_meet_in_an_item_are_one_text() {
        // The empty term between them goes; the two texts then meet in the
        // item made for them, as one text, as cleaning again would leave
        // them (found by `clean_is_idempotent`).
        let out = run(vec![el(
            "ul",
            &[],
            vec![text("a"), el("dt", &[], vec![]), text("b")],
        )]);
        // Two texts would print as `li[a b]`.
        assert_eq!(tags(&out), ["ul[li[ab]]"]);
    }
}
