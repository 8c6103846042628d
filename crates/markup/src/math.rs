//! Formulas: MathML on an allowlist, as the rest of the body is. Chromium,
//! Firefox and Safari render MathML Core; what a body keeps of it is Core's
//! presentation elements and attributes, with values of the kind each
//! attribute takes, and the TeX source (an `annotation`) for engines
//! without MathML. Nothing in a formula links, loads or styles: no `href`,
//! no `mglyph` (an image by URL), no `style` or `class`, and no
//! `annotation-xml`, whose HTML encodings are the namespace-confusion
//! vector of sanitizer bypasses.
//!
//! MathJax and KaTeX draw formulas with their own markup and keep a MathML
//! copy inside for assistive technology; Wikipedia keeps one beside its
//! formula image. Their containers ([`MATH_CONTAINERS`]) are reduced to
//! that MathML, so a formula is shown once, by the engine.

use super::attrs::has_class;
use super::node::{collapse_whitespace, MathElement, MathNode, RawNode};

/// The elements a formula keeps: MathML Core's, and `annotation`. Another
/// MathML element becomes an `mrow` around its children, so the structure
/// its parent counts on (a fraction's two parts) holds.
pub(crate) const MATH_ELEMENTS: &[&str] = &[
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
    "semantics",
    "annotation",
];

/// Removed with their content: `annotation-xml` (HTML or SVG inside a
/// formula), `mglyph` (an image by URL), alignment marks (no engine draws
/// them).
pub(crate) const MATH_REMOVED: &[&str] = &["annotation-xml", "mglyph", "malignmark", "maligngroup"];

/// Elements whose content is text (tokens); their text is trimmed, as
/// MathML reads it.
const TOKENS: &[&str] = &["mi", "mn", "mo", "ms", "mtext", "annotation"];

/// The kind of value an attribute takes: anything else drops it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MathValue {
    /// One of these words.
    Word(&'static [&'static str]),
    /// A keyword: lower-case letters and `-` (`bold-italic`); an engine
    /// ignores one it does not know.
    Name,
    /// `true` or `false`.
    Bool,
    /// A whole number, maybe signed (`scriptlevel="+1"`).
    Integer,
    /// A length: a number and an optional CSS unit or `%`.
    Length,
    /// Text (`alttext`): kept as text, never read as markup or a URL.
    Text,
}

use MathValue::{Bool, Integer, Length, Name, Word};

/// Every attribute a formula keeps, and its kind of value.
pub(crate) const MATH_ATTRIBUTES: &[(&str, MathValue)] = &[
    ("display", Word(&["block", "inline"])),
    ("dir", Word(&["ltr", "rtl"])),
    ("mathvariant", Name),
    ("displaystyle", Bool),
    ("scriptlevel", Integer),
    ("linethickness", Length),
    ("form", Word(&["prefix", "infix", "postfix"])),
    ("fence", Bool),
    ("separator", Bool),
    ("largeop", Bool),
    ("movablelimits", Bool),
    ("stretchy", Bool),
    ("symmetric", Bool),
    ("accent", Bool),
    ("accentunder", Bool),
    ("lspace", Length),
    ("rspace", Length),
    ("minsize", Length),
    ("maxsize", Length),
    ("width", Length),
    ("height", Length),
    ("depth", Length),
    ("voffset", Length),
    ("columnspan", Integer),
    ("rowspan", Integer),
    ("alttext", MathValue::Text),
    ("encoding", Word(&["application/x-tex", "TeX", "LaTeX"])),
];

/// Containers of a formula drawn by a script or an image, holding a MathML
/// copy: MathJax 3 (`mjx-container`) and 2, KaTeX, Wikipedia. By class;
/// `mjx-container` by name.
pub(crate) const MATH_CONTAINERS: &[&str] = &[
    "MathJax",
    "MathJax_Display",
    "MathJax_SVG",
    "MathJax_SVG_Display",
    "MathJax_CHTML",
    "katex",
    "katex-display",
    "mwe-math-element",
];

/// Formulas kept at most, each text capped: a body of formulas cannot
/// hold more than the cleaner's node budget anyway.
const MAX_TEXT_CHARS: usize = 1_000;

/// A formula's words, for an engine without MathML: the author's text
/// alternative (`alttext`), else its TeX source, else its tokens' text.
pub fn fallback_text(math: &MathElement) -> String {
    let attr = |e: &MathElement, name: &str| {
        e.attrs
            .iter()
            .find(|(n, v)| *n == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
    };
    attr(math, "alttext")
        .or_else(|| tex(&math.children))
        .unwrap_or_else(|| tokens(&math.children))
}

/// The text of the first TeX `annotation`.
fn tex(nodes: &[MathNode]) -> Option<String> {
    nodes.iter().find_map(|node| match node {
        MathNode::Element(e) if e.name == "annotation" => Some(tokens(&e.children)),
        MathNode::Element(e) => tex(&e.children),
        MathNode::Text(_) => None,
    })
}

/// Every token's text, outside annotations, one space apart.
fn tokens(nodes: &[MathNode]) -> String {
    let mut out = String::new();
    for node in nodes {
        let part = match node {
            MathNode::Text(t) => t.clone(),
            MathNode::Element(e) if e.name == "annotation" => continue,
            MathNode::Element(e) => tokens(&e.children),
        };
        if !part.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&part);
        }
    }
    out
}

/// Whether an element draws a formula and holds its MathML: the formula is
/// that MathML.
pub(crate) fn is_math_container(name: &str, attrs: &[(String, String)]) -> bool {
    name == "mjx-container" || MATH_CONTAINERS.iter().any(|c| has_class(attrs, c))
}

/// The first `<math>` inside `nodes`, depth first.
pub(crate) fn find_math(nodes: &[RawNode]) -> Option<&RawNode> {
    nodes.iter().find_map(|node| match node {
        RawNode::Element {
            name,
            html_namespace: false,
            ..
        } if name == "math" => Some(node),
        RawNode::Element { children, .. } => find_math(children),
        _ => None,
    })
}

/// A `<math>` element, cleaned; `budget` counts nodes down as the walk does.
pub(crate) fn clean_math(
    attrs: &[(String, String)],
    children: &[RawNode],
    depth: usize,
    budget: &mut usize,
) -> MathElement {
    element("math", attrs, children, depth, budget)
}

fn element(
    name: &'static str,
    attrs: &[(String, String)],
    children: &[RawNode],
    depth: usize,
    budget: &mut usize,
) -> MathElement {
    let kids = if TOKENS.contains(&name) {
        let text = collapse_whitespace(&text_of(children, depth));
        let text: String = text.trim().chars().take(MAX_TEXT_CHARS).collect();
        vec![MathNode::Text(text)]
    } else {
        nodes(children, depth, budget)
    };
    MathElement {
        name,
        attrs: attributes(attrs),
        children: kids,
    }
}

fn nodes(children: &[RawNode], depth: usize, budget: &mut usize) -> Vec<MathNode> {
    let mut out = Vec::new();
    for child in children {
        if *budget == 0 || depth == 0 {
            break;
        }
        *budget -= 1;
        let RawNode::Element {
            name,
            html_namespace: false,
            attrs,
            children,
        } = child
        else {
            // Text between elements is white space in MathML; HTML inside a
            // formula (outside tokens) is not MathML Core.
            continue;
        };
        if MATH_REMOVED.contains(&name.as_str()) {
            continue;
        }
        // `maction` shows one of its children: the first, by default.
        if name == "maction" {
            if let Some(first) = children
                .iter()
                .find(|c| matches!(c, RawNode::Element { .. }))
            {
                out.extend(nodes(std::slice::from_ref(first), depth - 1, budget));
            }
            continue;
        }
        let name = MATH_ELEMENTS
            .iter()
            .find(|known| **known == name)
            .copied()
            .unwrap_or("mrow");
        // `math` nests only as the root.
        let name = if name == "math" { "mrow" } else { name };
        out.push(MathNode::Element(element(
            name,
            attrs,
            children,
            depth - 1,
            budget,
        )));
    }
    out
}

/// A token's text: its text nodes, and the text of what is inside it.
fn text_of(nodes: &[RawNode], depth: usize) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            RawNode::Text(t) => out.push_str(t),
            RawNode::Element { name, children, .. }
                if depth > 0 && !MATH_REMOVED.contains(&name.as_str()) =>
            {
                out.push_str(&text_of(children, depth - 1));
            }
            _ => {}
        }
        if out.len() > MAX_TEXT_CHARS * 4 {
            break;
        }
    }
    out
}

/// The attributes [`MATH_ATTRIBUTES`] lists, with values of their kind.
fn attributes(raw: &[(String, String)]) -> Vec<(&'static str, String)> {
    raw.iter()
        .filter_map(|(name, value)| {
            let (name, kind) = MATH_ATTRIBUTES.iter().find(|(n, _)| *n == name)?;
            let value = value.trim();
            let ok = match kind {
                Word(words) => words.contains(&value),
                Name => {
                    (1..=32).contains(&value.len())
                        && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                }
                Bool => value == "true" || value == "false",
                Integer => is_integer(value),
                Length => is_length(value),
                MathValue::Text => true,
            };
            ok.then(|| (*name, value.chars().take(MAX_TEXT_CHARS).collect()))
        })
        .collect()
}

fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A CSS length as MathML Core takes it: `-0.5em`, `2px`, `120%`, `0`.
fn is_length(value: &str) -> bool {
    let number_end = value
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-')))
        .map_or(value.len(), |(i, _)| i);
    let (number, unit) = value.split_at(number_end);
    let digits = number.trim_start_matches('-');
    !digits.is_empty()
        && digits.len() <= 12
        && digits.bytes().any(|b| b.is_ascii_digit())
        && digits.matches('.').count() <= 1
        && ["", "em", "ex", "px", "pt", "pc", "in", "cm", "mm", "%"].contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::test_element as el;

    fn math(name: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
        RawNode::Element {
            name: name.into(),
            html_namespace: false,
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            children,
        }
    }
    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }
    fn cleaned(root: &RawNode) -> MathElement {
        let RawNode::Element {
            attrs, children, ..
        } = root
        else {
            unreachable!()
        };
        clean_math(attrs, children, 32, &mut 10_000)
    }

    #[test]
    fn every_element_and_attribute_is_core_and_every_value_has_a_kind() {
        for name in MATH_ELEMENTS {
            assert!(!MATH_REMOVED.contains(name), "{name} kept and removed");
        }
        for (name, kind) in MATH_ATTRIBUTES {
            assert!(
                !name.starts_with("on") && *name != "href" && *name != "style" && *name != "src",
                "{name} can run, link or load"
            );
            if let Word(words) = kind {
                assert!(!words.is_empty(), "{name} takes no word");
            }
        }
    }

    #[test]
    fn a_formula_keeps_its_structure_and_trimmed_tokens() {
        let root = math(
            "math",
            &[("display", "block"), ("alttext", "x^2"), ("class", "x")],
            vec![
                text("\n  "),
                math(
                    "msup",
                    &[],
                    vec![
                        math("mi", &[("mathvariant", "italic")], vec![text(" x ")]),
                        math("mn", &[], vec![text(" 2 ")]),
                    ],
                ),
            ],
        );
        let out = cleaned(&root);
        assert_eq!(out.name, "math");
        assert_eq!(
            out.attrs,
            vec![
                ("display", "block".to_owned()),
                ("alttext", "x^2".to_owned())
            ]
        );
        let [MathNode::Element(msup)] = out.children.as_slice() else {
            panic!("{out:?}")
        };
        assert_eq!(msup.name, "msup");
        assert_eq!(
            msup.children,
            vec![
                MathNode::Element(MathElement {
                    name: "mi",
                    attrs: vec![("mathvariant", "italic".to_owned())],
                    children: vec![MathNode::Text("x".into())],
                }),
                MathNode::Element(MathElement {
                    name: "mn",
                    attrs: vec![],
                    children: vec![MathNode::Text("2".into())],
                }),
            ]
        );
    }

    #[test]
    fn nothing_in_a_formula_links_loads_styles_or_changes_namespace() {
        let root = math(
            "math",
            &[
                ("href", "javascript:alert(1)"),
                ("style", "x"),
                ("onclick", "x"),
            ],
            vec![
                math(
                    "mi",
                    &[("xlink:href", "javascript:alert(1)")],
                    vec![text("x")],
                ),
                math("mglyph", &[("src", "https://evil.example/t.png")], vec![]),
                math(
                    "semantics",
                    &[],
                    vec![
                        math("mi", &[], vec![text("y")]),
                        math(
                            "annotation-xml",
                            &[("encoding", "text/html")],
                            vec![el("img", &[("src", "x"), ("onerror", "alert(1)")], vec![])],
                        ),
                        math(
                            "annotation",
                            &[("encoding", "application/x-tex")],
                            vec![text("y")],
                        ),
                    ],
                ),
                math(
                    "mtext",
                    &[],
                    vec![el(
                        "table",
                        &[],
                        vec![el("style", &[], vec![text("<img src=x>")])],
                    )],
                ),
                math("mspace", &[("width", "1em;background:url(x)")], vec![]),
                math(
                    "maction",
                    &[("actiontype", "toggle")],
                    vec![
                        math("mi", &[], vec![text("a")]),
                        math("mi", &[], vec![text("b")]),
                    ],
                ),
                math("mfenced", &[], vec![math("mi", &[], vec![text("z")])]),
            ],
        );
        let out = cleaned(&root);
        assert!(out.attrs.is_empty());
        let names: Vec<&str> = out
            .children
            .iter()
            .filter_map(|n| match n {
                MathNode::Element(e) => Some(e.name),
                MathNode::Text(_) => None,
            })
            .collect();
        // mglyph gone, maction its first child, mfenced a group.
        assert_eq!(names, ["mi", "semantics", "mtext", "mspace", "mi", "mrow"]);
        let debug = format!("{out:?}");
        for banned in [
            "javascript",
            "evil",
            "onerror",
            "text/html",
            "annotation-xml",
            "background",
        ] {
            assert!(!debug.contains(banned), "{banned} in {debug}");
        }
        // HTML inside a token is its text, never an element.
        assert!(debug.contains(r#"Text("<img src=x>")"#), "{debug}");
    }

    #[test]
    fn lengths_and_integers_are_read_strictly() {
        for ok in ["0", "1em", "-0.5ex", "2px", "120%", ".5em"] {
            assert!(is_length(ok), "{ok}");
        }
        for bad in [
            "",
            "em",
            "1e3px",
            "1em 2em",
            "calc(1em)",
            "1..2em",
            "--1em",
            "1em;x",
        ] {
            assert!(!is_length(bad), "{bad}");
        }
        assert!(is_integer("+1") && is_integer("-2") && is_integer("3"));
        assert!(!is_integer("") && !is_integer("+") && !is_integer("1.5"));
    }

    #[test]
    fn containers_are_reduced_to_their_mathml() {
        let mathjax = el(
            "mjx-container",
            &[],
            vec![
                el("mjx-math", &[], vec![el("mjx-c", &[], vec![])]),
                el(
                    "mjx-assistive-mml",
                    &[],
                    vec![math("math", &[], vec![math("mi", &[], vec![text("a")])])],
                ),
            ],
        );
        assert!(is_math_container("mjx-container", &[]));
        assert!(is_math_container(
            "span",
            &[("class".into(), "katex".into())]
        ));
        let RawNode::Element { children, .. } = &mathjax else {
            unreachable!()
        };
        let found = find_math(children).map(cleaned);
        assert_eq!(found.map(|m| m.children.len()), Some(1));
    }

    #[test]
    fn without_mathml_a_formula_reads_as_its_alttext_its_tex_or_its_tokens() {
        let leaf = |name: &'static str, text: &str| {
            MathNode::Element(MathElement {
                name,
                attrs: vec![],
                children: vec![MathNode::Text(text.into())],
            })
        };
        let semantics = MathNode::Element(MathElement {
            name: "semantics",
            attrs: vec![],
            children: vec![
                leaf("mi", "x"),
                MathNode::Element(MathElement {
                    name: "annotation",
                    attrs: vec![("encoding", "application/x-tex".into())],
                    children: vec![MathNode::Text("x^2".into())],
                }),
            ],
        });
        let with = |attrs, children| MathElement {
            name: "math",
            attrs,
            children,
        };
        let alt = with(
            vec![("alttext", "x squared".into())],
            vec![semantics.clone()],
        );
        assert_eq!(fallback_text(&alt), "x squared");
        assert_eq!(fallback_text(&with(vec![], vec![semantics])), "x^2");
        let plain = with(
            vec![],
            vec![leaf("mi", "a"), leaf("mo", "+"), leaf("mn", "1")],
        );
        assert_eq!(fallback_text(&plain), "a + 1");
    }
}
