//! Tables that lay a page out rather than hold data: old sites and
//! newsletters put text and pictures side by side in table cells. Drawn as
//! a data table (borders, stripes, a scrolling region) they read as empty
//! framed boxes and squeezed cells; they are read as what they are, their
//! cells' content one after another, as a reader mode does. The rule follows
//! the heuristics browsers use to tell layout tables from data tables for
//! assistive technology ([`is_layout_table`]).

use super::attrs::attr;
use super::node::{SafeNode, SafeTag};
use super::passes::group_inline_runs;

/// Whether a cleaned table (`rows`: its children) lays a page out. In
/// order, the first rule that applies:
/// 1. `role="presentation"` or `role="none"`: layout (the author said so);
/// 2. a caption, a header cell, `thead`, `tfoot`, `colgroup` or a
///    `summary`: data;
/// 3. a table inside a cell: layout;
/// 4. one row, or one column: layout;
/// 5. no cell holds text (pictures and players only): layout;
/// 6. anything else: data.
pub(crate) fn is_layout_table(raw: &[(String, String)], rows: &[SafeNode]) -> bool {
    if matches!(attr(raw, "role"), Some("presentation" | "none")) {
        return true;
    }
    if attr(raw, "summary").is_some() {
        return false;
    }
    let mut shape = Shape::default();
    if !shape.read(rows) {
        return false;
    }
    shape.nested || shape.rows <= 1 || shape.widest <= 1 || !shape.text
}

/// What a table's rows hold, read in one pass.
#[derive(Default)]
struct Shape {
    rows: usize,
    widest: usize,
    nested: bool,
    text: bool,
}

impl Shape {
    /// Reads `nodes` (a table's or a `tbody`'s children); `false` at the
    /// first mark of a data table (a caption, a header cell, `thead`,
    /// `tfoot`, `colgroup`).
    fn read(&mut self, nodes: &[SafeNode]) -> bool {
        for node in nodes {
            let SafeNode::Element { tag, children, .. } = node else {
                continue;
            };
            match tag {
                SafeTag::Caption | SafeTag::Thead | SafeTag::Tfoot | SafeTag::Colgroup => {
                    return false
                }
                SafeTag::Tbody if !self.read(children) => return false,
                SafeTag::Tr => {
                    self.rows += 1;
                    let mut cells = 0;
                    for cell in children {
                        match cell {
                            SafeNode::Element {
                                tag: SafeTag::Th, ..
                            } => return false,
                            SafeNode::Element {
                                tag: SafeTag::Td,
                                children,
                                ..
                            } => {
                                cells += 1;
                                self.nested |= holds_table(children);
                                self.text |= has_text(children);
                            }
                            _ => {}
                        }
                    }
                    self.widest = self.widest.max(cells);
                }
                _ => {}
            }
        }
        true
    }
}

/// A layout table's content: each cell's, row by row, as blocks.
pub(crate) fn linearize(rows: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out = Vec::new();
    for row in rows {
        match row {
            SafeNode::Element {
                tag: SafeTag::Tbody | SafeTag::Tr,
                children,
                ..
            } => out.extend(linearize(children)),
            SafeNode::Element {
                tag: SafeTag::Td | SafeTag::Th,
                children,
                ..
            } => out.extend(group_inline_runs(children)),
            // Text between rows is white space.
            _ => {}
        }
    }
    out
}

fn holds_table(nodes: &[SafeNode]) -> bool {
    nodes.iter().any(|n| match n {
        SafeNode::Element {
            tag: SafeTag::Table,
            ..
        } => true,
        SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
            holds_table(children)
        }
        _ => false,
    })
}

/// Text other than spaces, at any depth.
fn has_text(nodes: &[SafeNode]) -> bool {
    nodes.iter().any(|n| match n {
        SafeNode::Text(t) => !t.trim().is_empty(),
        SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => has_text(children),
        SafeNode::Math(_) => true,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{clean, CleanLimits, Urls};
    use crate::node::test_element as el;
    use crate::node::RawNode;

    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }
    fn row(cells: Vec<RawNode>) -> RawNode {
        el("tr", &[], cells)
    }
    fn td(t: &str) -> RawNode {
        el("td", &[], vec![text(t)])
    }
    /// Whether the cleaned body still holds a table.
    fn kept(table: RawNode) -> bool {
        let urls = Urls {
            base: "https://p.example/a.json",
            page: "https://p.example/a",
        };
        let out = clean(&[table], urls, CleanLimits::default());
        format!("{out:?}").contains("tag: Table")
    }

    #[test]
    fn layout_tables_are_read_as_their_cells_and_data_tables_stay() {
        let grid = || vec![row(vec![td("1"), td("2")]), row(vec![td("3"), td("4")])];
        let img = || el("img", &[("src", "/a.jpg")], vec![]);
        let cases: Vec<(&str, RawNode, bool)> = vec![
            ("a 2×2 grid of figures", el("table", &[], grid()), true),
            (
                "said to be presentation",
                el("table", &[("role", "presentation")], grid()),
                false,
            ),
            (
                "with a header row",
                el(
                    "table",
                    &[],
                    vec![
                        row(vec![
                            el("th", &[], vec![text("h")]),
                            el("th", &[], vec![text("i")]),
                        ]),
                        row(vec![td("1"), td("2")]),
                    ],
                ),
                true,
            ),
            (
                "with a caption, one row",
                el(
                    "table",
                    &[],
                    vec![
                        el("caption", &[], vec![text("c")]),
                        row(vec![td("1"), td("2")]),
                    ],
                ),
                true,
            ),
            (
                "one row",
                el("table", &[], vec![row(vec![td("left"), td("right")])]),
                false,
            ),
            (
                "one column",
                el("table", &[], vec![row(vec![td("a")]), row(vec![td("b")])]),
                false,
            ),
            (
                "a single cell",
                el("table", &[], vec![row(vec![td("only")])]),
                false,
            ),
            (
                "a table in a cell",
                el(
                    "table",
                    &[],
                    vec![
                        row(vec![
                            el("td", &[], vec![el("table", &[("summary", "s")], grid())]),
                            td("x"),
                        ]),
                        row(vec![td("y"), td("z")]),
                    ],
                ),
                true, // the inner data table stays; the outer one goes
            ),
            (
                "pictures only",
                el(
                    "table",
                    &[],
                    vec![
                        row(vec![el("td", &[], vec![img()]), el("td", &[], vec![img()])]),
                        row(vec![el("td", &[], vec![img()]), el("td", &[], vec![img()])]),
                    ],
                ),
                false,
            ),
        ];
        for (case, table, data) in cases {
            assert_eq!(kept(table), data, "{case}");
        }
        // Nothing of a layout table is lost: each cell a block, in order.
        let urls = Urls {
            base: "https://p.example/a.json",
            page: "https://p.example/a",
        };
        let layout = el("table", &[], vec![row(vec![td("left"), td("right")])]);
        let out = clean(&[layout], urls, CleanLimits::default());
        let p = |t: &str| crate::node::element(SafeTag::P, vec![], vec![SafeNode::Text(t.into())]);
        assert_eq!(out, vec![p("left"), p("right")]);
    }
}
