//! The allowlist, as data: what becomes of each element ([`ELEMENTS`]) and
//! which attributes each kept tag carries ([`ATTRIBUTES`]). The walk
//! (`clean`) asks these tables and nothing else; a test walks them entry by
//! entry.
//!
//! An element not in [`ELEMENTS`] is unwrapped: dropped, its content kept
//! in its place. Beside the table, the walk reads by content or class:
//! a `figure` of a CMS embed block and a paragraph holding only a known
//! provider's URL become media cards; a block with a gallery class
//! (`gallery::GALLERY_CLASSES`) becomes the thumbnail grid; an empty `th`
//! is a `td`; any kept element carries an `id` when a `#fragment` link in
//! the body targets it.

use super::align::{block_align, text_align};
use super::attrs::{attr, bounded, capped_text};
use super::node::{SafeAttr, SafeTag};

/// What becomes of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Kept as this tag, with the attributes [`ATTRIBUTES`] gives it.
    Keep(SafeTag),
    /// Read by a rule of its own in the walk (`clean`).
    Special(Special),
    /// Dropped, its content kept as a block of its own (inline runs become
    /// paragraphs, so `<div>a</div><div>b</div>` never reads "ab").
    Block,
    /// Removed with everything inside: code, form controls, metadata.
    /// (SVG is removed, MathML read on its own allowlist, `math`, by the
    /// walk: neither is in the HTML namespace this table names.)
    Remove,
}

/// The elements read by their own rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Special {
    /// `img`: an image, its http(s) sources and responsive candidates.
    Image,
    /// `picture`: an image with its `<source>`s.
    Picture,
    /// `a`: a link (http(s), mailto, or a `#fragment` inside the body).
    Link,
    /// `video`, `audio`: a native player with http(s) sources, never autoplaying.
    Media,
    /// `iframe`, `embed`, `object`: a media card (provider, title, link).
    Player,
}

use Fate::{Block, Keep, Remove};
use SafeTag as T;

/// Every element with a fate other than unwrapping, by lower-case name.
pub(crate) const ELEMENTS: &[(&str, Fate)] = &[
    ("p", Keep(T::P)),
    ("br", Keep(T::Br)),
    ("hr", Keep(T::Hr)),
    ("b", Keep(T::B)),
    ("strong", Keep(T::B)),
    ("i", Keep(T::I)),
    ("em", Keep(T::I)),
    ("u", Keep(T::U)),
    ("ins", Keep(T::U)),
    ("s", Keep(T::S)),
    ("strike", Keep(T::S)),
    ("del", Keep(T::S)),
    ("sub", Keep(T::Sub)),
    ("sup", Keep(T::Sup)),
    ("small", Keep(T::Small)),
    ("mark", Keep(T::Mark)),
    ("abbr", Keep(T::Abbr)),
    ("acronym", Keep(T::Abbr)),
    ("q", Keep(T::Q)),
    ("dfn", Keep(T::Dfn)),
    ("cite", Keep(T::Cite)),
    ("code", Keep(T::Code)),
    ("tt", Keep(T::Code)),
    ("kbd", Keep(T::Kbd)),
    ("samp", Keep(T::Samp)),
    ("var", Keep(T::Var)),
    ("time", Keep(T::Time)),
    ("ul", Keep(T::Ul)),
    ("menu", Keep(T::Ul)),
    ("dir", Keep(T::Ul)),
    ("ol", Keep(T::Ol)),
    ("li", Keep(T::Li)),
    ("dl", Keep(T::Dl)),
    ("dt", Keep(T::Dt)),
    ("dd", Keep(T::Dd)),
    ("blockquote", Keep(T::Blockquote)),
    // The embed's headline is an h2; body headings may not outrank it.
    ("h1", Keep(T::H3)),
    ("h2", Keep(T::H3)),
    ("h3", Keep(T::H3)),
    ("h4", Keep(T::H4)),
    ("h5", Keep(T::H5)),
    ("h6", Keep(T::H6)),
    ("figure", Keep(T::Figure)),
    ("figcaption", Keep(T::Figcaption)),
    ("pre", Keep(T::Pre)),
    ("listing", Keep(T::Pre)),
    ("address", Keep(T::Address)),
    ("details", Keep(T::Details)),
    ("summary", Keep(T::Summary)),
    ("table", Keep(T::Table)),
    ("caption", Keep(T::Caption)),
    ("colgroup", Keep(T::Colgroup)),
    ("col", Keep(T::Col)),
    ("thead", Keep(T::Thead)),
    ("tbody", Keep(T::Tbody)),
    ("tfoot", Keep(T::Tfoot)),
    ("tr", Keep(T::Tr)),
    ("th", Keep(T::Th)),
    ("td", Keep(T::Td)),
    ("img", Fate::Special(Special::Image)),
    ("picture", Fate::Special(Special::Picture)),
    ("a", Fate::Special(Special::Link)),
    ("video", Fate::Special(Special::Media)),
    ("audio", Fate::Special(Special::Media)),
    ("iframe", Fate::Special(Special::Player)),
    ("embed", Fate::Special(Special::Player)),
    ("object", Fate::Special(Special::Player)),
    ("div", Block),
    ("section", Block),
    ("article", Block),
    ("aside", Block),
    ("header", Block),
    ("footer", Block),
    ("main", Block),
    ("nav", Block),
    ("center", Block),
    ("hgroup", Block),
    ("search", Block),
    ("fieldset", Block),
    ("legend", Block),
    ("body", Block),
    ("html", Block),
    ("script", Remove),
    ("style", Remove),
    ("template", Remove),
    ("noscript", Remove),
    ("noembed", Remove),
    ("noframes", Remove),
    ("xmp", Remove),
    ("frame", Remove),
    ("frameset", Remove),
    ("applet", Remove),
    ("textarea", Remove),
    ("select", Remove),
    ("option", Remove),
    ("optgroup", Remove),
    ("datalist", Remove),
    ("button", Remove),
    ("input", Remove),
    ("form", Remove),
    ("title", Remove),
    ("head", Remove),
    ("meta", Remove),
    ("link", Remove),
    ("base", Remove),
    ("svg", Remove),
    ("math", Remove),
    ("canvas", Remove),
    ("track", Remove),
    ("map", Remove),
    ("area", Remove),
    ("plaintext", Remove),
    ("param", Remove),
    ("portal", Remove),
    ("dialog", Remove),
    ("slot", Remove),
];

/// What becomes of the element `name` (lower-case); `None`: unwrapped.
pub(crate) fn fate(name: &str) -> Option<Fate> {
    ELEMENTS
        .iter()
        .find(|(element, _)| *element == name)
        .map(|(_, fate)| *fate)
}

/// Whether the element `name` goes with everything inside it.
pub(crate) fn removed_with_content(name: &str) -> bool {
    fate(name) == Some(Remove)
}

/// One attribute a kept tag may carry, read from the raw attributes into a
/// typed, bounded value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttrRule {
    /// `colspan` on a cell, 2–100.
    ColSpan,
    /// `rowspan` on a cell, 2–100.
    RowSpan,
    /// `scope` on a header cell: `row`, `col`, `rowgroup`, `colgroup`.
    Scope,
    /// `span` on `col` / `colgroup`, 2–100.
    Span,
    /// `title` (of `abbr`, `dfn`): short text.
    Title,
    /// `datetime` (of `time`): digits and `-:.TZ+ W`.
    DateTime,
    /// `start` of a list.
    Start,
    /// `reversed` of a list.
    Reversed,
    /// `type` of a list: `1 a A i I`.
    ListType,
    /// `value` of a list item.
    Value,
    /// `open` of `details`.
    Open,
    /// A figure's float (`alignleft`, `align="right"`, `float: left`…):
    /// one of our own classes.
    BlockAlign,
    /// A block's text alignment (`text-align`, `has-text-align-*`,
    /// `align`): one of our own classes.
    TextAlign,
}

use AttrRule as A;

/// The attributes each kept tag may carry; a tag not listed carries none
/// (but the `id` a fragment link targets).
pub(crate) const ATTRIBUTES: &[(SafeTag, &[AttrRule])] = &[
    (T::Td, &[A::ColSpan, A::RowSpan]),
    (T::Th, &[A::ColSpan, A::RowSpan, A::Scope]),
    (T::Col, &[A::Span]),
    (T::Colgroup, &[A::Span]),
    (T::Abbr, &[A::Title]),
    (T::Dfn, &[A::Title]),
    (T::Time, &[A::DateTime]),
    (T::Ol, &[A::Start, A::Reversed, A::ListType]),
    (T::Li, &[A::Value]),
    (T::Details, &[A::Open]),
    (T::Figure, &[A::BlockAlign]),
    (T::P, &[A::TextAlign]),
    (T::H3, &[A::TextAlign]),
    (T::H4, &[A::TextAlign]),
    (T::H5, &[A::TextAlign]),
    (T::H6, &[A::TextAlign]),
];

impl AttrRule {
    /// The typed value, when the raw attributes hold a usable one.
    pub(crate) fn read(self, raw: &[(String, String)]) -> Option<SafeAttr> {
        let get = |name: &str| attr(raw, name);
        let span = |name| {
            bounded(get(name), 1, 100)
                .filter(|n| *n > 1)
                .map(|n| n as u16)
        };
        match self {
            A::ColSpan => span("colspan").map(SafeAttr::ColSpan),
            A::RowSpan => span("rowspan").map(SafeAttr::RowSpan),
            A::Span => span("span").map(SafeAttr::ColSpan),
            A::Scope => {
                let scope = get("scope")?.trim().to_ascii_lowercase();
                ["row", "col", "rowgroup", "colgroup"]
                    .into_iter()
                    .find(|s| *s == scope)
                    .map(SafeAttr::Scope)
            }
            A::Title => Some(capped_text(get("title")?))
                .filter(|t| !t.is_empty())
                .map(SafeAttr::Title),
            A::DateTime => get("datetime")
                .map(str::trim)
                .filter(|d| {
                    !d.is_empty()
                        && d.len() <= 64
                        && d.bytes()
                            .all(|b| b.is_ascii_digit() || b"-:.TZ+ W".contains(&b))
                })
                .map(|d| SafeAttr::DateTime(d.to_owned())),
            A::Start => bounded(get("start"), -1_000_000, 1_000_000).map(SafeAttr::Start),
            A::Reversed => get("reversed").map(|_| SafeAttr::Reversed),
            A::ListType => {
                let kind = get("type")?.trim();
                ["1", "a", "A", "i", "I"]
                    .into_iter()
                    .find(|k| *k == kind)
                    .map(SafeAttr::ListType)
            }
            A::Value => bounded(get("value"), -1_000_000, 1_000_000).map(SafeAttr::Value),
            A::Open => get("open").map(|_| SafeAttr::Open),
            A::BlockAlign => block_align(raw).map(SafeAttr::Align),
            A::TextAlign => text_align(raw).map(SafeAttr::TextAlign),
        }
    }
}

/// The attributes `tag` keeps from `raw`, in the table's order.
pub(crate) fn tag_attrs(tag: SafeTag, raw: &[(String, String)]) -> Vec<SafeAttr> {
    ATTRIBUTES
        .iter()
        .filter(|(t, _)| *t == tag)
        .flat_map(|(_, rules)| rules.iter().filter_map(|rule| rule.read(raw)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Align, TextAlign};
    use crate::clean::{clean, CleanLimits, Urls};
    use crate::node::{plain_text, test_element as el, RawNode, SafeNode};

    const URLS: Urls<'static> = Urls {
        base: "https://publisher.example/api/1.json",
        page: "https://publisher.example/news/1",
    };

    fn cleaned(nodes: Vec<RawNode>) -> Vec<SafeNode> {
        clean(&nodes, URLS, CleanLimits::default())
    }

    /// Every element tag in `nodes`, depth first.
    fn tags(nodes: &[SafeNode], out: &mut Vec<SafeTag>) {
        for node in nodes {
            match node {
                SafeNode::Element { tag, children, .. } => {
                    out.push(*tag);
                    tags(children, out);
                }
                SafeNode::Link { children, .. } => tags(children, out),
                _ => {}
            }
        }
    }

    fn text(words: &str) -> RawNode {
        RawNode::Text(words.to_owned())
    }

    #[test]
    fn every_element_meets_the_fate_its_row_gives() {
        for (name, fate) in ELEMENTS {
            // A heading after the ones above it, so that levelling keeps it.
            let mut nodes: Vec<RawNode> = match *name {
                "h4" => vec![el("h3", &[], vec![text("a")])],
                "h5" => vec![
                    el("h3", &[], vec![text("a")]),
                    el("h4", &[], vec![text("b")]),
                ],
                "h6" => ["h3", "h4", "h5"]
                    .iter()
                    .map(|h| el(h, &[], vec![text("a")]))
                    .collect(),
                _ => Vec::new(),
            };
            // A table says it holds data, or it would be read as layout
            // (`tables`).
            let attrs: &[(&str, &str)] = match *name {
                "table" => &[("summary", "data")],
                _ => &[],
            };
            // A definition list holds terms and descriptions, or it is
            // indentation (`a11y`).
            let content = match *name {
                "dl" => vec![
                    el("dt", &[], vec![text("kept text")]),
                    el("dd", &[], vec![text("d")]),
                ],
                _ => vec![text("kept text")],
            };
            let element = el(name, attrs, content);
            // Items are tested in their lists (`a11y` lifts stray ones).
            let element = match *name {
                "li" => el("ul", &[], vec![element]),
                "dt" => el("dl", &[], vec![element, el("dd", &[], vec![text("d")])]),
                "dd" => el("dl", &[], vec![el("dt", &[], vec![text("t")]), element]),
                _ => element,
            };
            // Inline content is tested where it flows: in a paragraph.
            nodes.push(match fate {
                Keep(tag) if !tag.is_block() => el("p", &[], vec![element, text(" more")]),
                _ => element,
            });
            let out = cleaned(nodes);
            let (mut found, words) = (Vec::new(), plain_text(&out));
            tags(&out, &mut found);
            match fate {
                Keep(tag) => {
                    assert!(
                        found.contains(tag),
                        "<{name}> is not kept as {tag:?}: {out:?}"
                    );
                    assert_eq!(
                        words.contains("kept text"),
                        !tag.is_void(),
                        "<{name}>'s content: {out:?}"
                    );
                }
                Block => {
                    assert_eq!(found, vec![T::P], "<{name}> leaves a paragraph of its text");
                    assert_eq!(words, "kept text");
                }
                Remove => assert!(
                    out.is_empty(),
                    "<{name}> is removed with its content: {out:?}"
                ),
                // Their rules have their own tests (`clean`): here, that a
                // bare one (no URL) leaves no element of its own, at most
                // its text in a paragraph.
                Fate::Special(_) => assert!(found.iter().all(|t| *t == T::P), "<{name}>: {out:?}"),
            }
        }
        // Not in the table: unwrapped where it stands.
        for name in ["span", "font", "label", "x-widget", "blink"] {
            let out = cleaned(vec![el(
                "p",
                &[],
                vec![el(name, &[], vec![text("kept text")])],
            )]);
            let mut found = Vec::new();
            tags(&out, &mut found);
            assert_eq!(
                (found, plain_text(&out)),
                (vec![T::P], "kept text".to_owned()),
                "<{name}>"
            );
        }
    }

    /// A raw attribute each rule reads, and what it becomes.
    fn sample(rule: AttrRule) -> (&'static str, &'static str, SafeAttr) {
        match rule {
            A::ColSpan => ("colspan", "3", SafeAttr::ColSpan(3)),
            A::RowSpan => ("rowspan", " 2 ", SafeAttr::RowSpan(2)),
            A::Scope => ("scope", "Col", SafeAttr::Scope("col")),
            A::Span => ("span", "2", SafeAttr::ColSpan(2)),
            A::Title => (
                "title",
                " World  Wide\nWeb ",
                SafeAttr::Title("World Wide Web".into()),
            ),
            A::DateTime => (
                "datetime",
                "2021-08-29T10:15:00+03:00",
                SafeAttr::DateTime("2021-08-29T10:15:00+03:00".into()),
            ),
            A::Start => ("start", "5", SafeAttr::Start(5)),
            A::Reversed => ("reversed", "", SafeAttr::Reversed),
            A::ListType => ("type", "i", SafeAttr::ListType("i")),
            A::Value => ("value", "7", SafeAttr::Value(7)),
            A::Open => ("open", "", SafeAttr::Open),
            A::BlockAlign => ("class", "alignright", SafeAttr::Align(Align::Right)),
            A::TextAlign => (
                "style",
                "text-align: center",
                SafeAttr::TextAlign(TextAlign::Center),
            ),
        }
    }

    /// Attributes no rule reads: they never survive.
    const HOSTILE: [(&str, &str); 4] = [
        ("onclick", "alert(1)"),
        ("href", "javascript:alert(1)"),
        ("data-x", "1"),
        ("lang", "xx"),
    ];

    fn raw(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn every_tag_keeps_exactly_the_attributes_its_row_lists() {
        for (tag, rules) in ATTRIBUTES {
            // Each listed tag is one the table keeps.
            assert!(ELEMENTS.iter().any(|(_, f)| *f == Keep(*tag)), "{tag:?}");
            for rule in *rules {
                let (name, value, expected) = sample(*rule);
                let mut pairs = HOSTILE.to_vec();
                pairs.push((name, value));
                assert_eq!(
                    tag_attrs(*tag, &raw(&pairs)),
                    vec![expected.clone()],
                    "{tag:?} {rule:?}"
                );
                // And end to end, through the walk.
                let element = el(tag.name(), &pairs, vec![text("x")]);
                let element = match tag {
                    T::Li => el("ol", &[], vec![element]),
                    _ => element,
                };
                let out = cleaned(vec![el("table", &[("summary", "data")], vec![element])]);
                let kept = format!("{out:?}");
                assert!(
                    kept.contains(&format!("{expected:?}")),
                    "{tag:?} {rule:?}: {kept}"
                );
            }
        }
        // A tag without a row carries nothing, whatever it is given.
        let everything: Vec<(&str, &str)> = [
            A::ColSpan,
            A::RowSpan,
            A::Scope,
            A::Span,
            A::Title,
            A::DateTime,
            A::Start,
            A::Reversed,
            A::ListType,
            A::Value,
            A::Open,
            A::BlockAlign,
            A::TextAlign,
        ]
        .into_iter()
        .map(|r| {
            let (name, value, _) = sample(r);
            (name, value)
        })
        .chain(HOSTILE)
        .collect();
        for (_, fate) in ELEMENTS {
            if let Keep(tag) = fate {
                if !ATTRIBUTES.iter().any(|(t, _)| t == tag) {
                    assert_eq!(tag_attrs(*tag, &raw(&everything)), vec![], "{tag:?}");
                }
            }
        }
    }

    #[test]
    fn col_and_colgroup_keep_their_span() {
        let table = el(
            "table",
            &[],
            vec![
                el(
                    "colgroup",
                    &[("span", "3")],
                    vec![el("col", &[("span", "2")], vec![])],
                ),
                el("tr", &[], vec![el("td", &[], vec![text("a")])]),
            ],
        );
        let out = format!("{:?}", cleaned(vec![table]));
        assert!(out.contains("tag: Colgroup, attrs: [ColSpan(3)]"), "{out}");
        assert!(out.contains("tag: Col, attrs: [ColSpan(2)]"), "{out}");
    }
}
