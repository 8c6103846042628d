//! Untrusted article HTML, in plain Rust: the one way a body becomes
//! something the widget may build, [`sanitize`]. It repairs the CMS's
//! broken tags, bounds nesting and size, has the host's inert parser parse
//! what is left (the browser's `DOMParser` in the widget: [`sanitize`]
//! takes it as a function, as the core's `Platform` takes its parsers), and
//! cleans the tree by the allowlist into [`SafeNode`]s. Nothing from the
//! article ever reaches `innerHTML`: the widget builds the nodes with
//! `createElement` / `createTextNode` from [`Ops`]' instructions.
//!
//! The modules are private, bottom-up (none imports one listed after it):
//! `repair` (the CMS's broken tags), `limit` (bounds before parsing),
//! `align`, `media` (providers, social posts), `node` (the types), `flat`
//! (the tree's one-string form each way across the JS boundary), `attrs`,
//! `policy` (the allowlist as two tables: each element's fate, each tag's
//! attributes), `passes`, `picture`, `math` (MathML on its allowlist),
//! `gallery`, `tables`, `a11y`, `clean` (the walk).

mod a11y;
mod align;
mod attrs;
mod clean;
mod flat;
mod gallery;
mod limit;
mod math;
mod media;
mod node;
mod passes;
mod picture;
mod policy;
mod repair;
mod serialize;
mod tables;

pub use align::{Align, TextAlign};
pub use clean::{clean, CleanLimits, Urls};
pub use flat::Ops;
pub use limit::{limit_markup, MAX_DEPTH, MAX_TAGS};
pub use math::fallback_text;
pub use node::{
    collapse_whitespace, plain_text, Flow, GalleryItem, MathElement, MathNode, MediaKind, Picture,
    PictureSource, RawNode, SafeAttr, SafeNode, SafeTag,
};
pub use repair::repair_markup;
pub use serialize::to_raw;

/// An article's body, cleaned: [`repair_markup`], [`limit_markup`] (to
/// [`MAX_DEPTH`] levels and [`MAX_TAGS`] tags), `parse`, then [`clean`]
/// by the allowlist, with the article's `urls` and `limits`.
///
/// `parse(markup, depth, nodes)` is the host's inert HTML parser: it
/// returns the parsed tree flattened (`flat`'s format: tokens separated by
/// NUL, `E`name / `F`name an HTML / foreign element opening, `A`name then
/// its value an attribute, `T`text a text, `O` anything else, `/` the
/// element's end), at most `nodes` nodes, an element `depth` levels down
/// reduced to its text; `None` if it cannot parse, and the body is empty.
///
/// The same steps one at a time are [`Sanitize`]'s, for a host that gives
/// the page back between them (the widget, on long bodies).
pub fn sanitize(
    html: &str,
    urls: Urls<'_>,
    limits: CleanLimits,
    parse: impl FnOnce(&str, usize, usize) -> Option<String>,
) -> Vec<SafeNode> {
    let parsing = Sanitize::new(html, limits);
    let flat = parse(parsing.markup(), parsing.depth(), parsing.nodes());
    parsing.parsed(flat.as_deref()).clean(urls)
}

/// [`sanitize`]'s steps, one call each, in the only order they run: the
/// widget awaits the browser between them on a long body (at the caps each
/// takes a large part of a frame), and its parser is the browser's.
pub struct Sanitize {
    markup: String,
    limits: CleanLimits,
}

/// The parsed tree, read back: what [`Sanitize::parsed`] gives.
pub struct Parsed {
    raw: Vec<RawNode>,
    limits: CleanLimits,
}

impl Sanitize {
    /// Repairs and limits `html` for the parser.
    pub fn new(html: &str, limits: CleanLimits) -> Sanitize {
        Sanitize {
            markup: limit_markup(&repair_markup(html), MAX_DEPTH, MAX_TAGS),
            limits,
        }
    }

    /// The markup the host's parser parses.
    pub fn markup(&self) -> &str {
        &self.markup
    }

    /// Levels the parser keeps as elements (deeper ones as their text).
    pub fn depth(&self) -> usize {
        self.limits.max_depth + 1
    }

    /// Nodes the parser reads at most.
    pub fn nodes(&self) -> usize {
        self.limits.max_nodes
    }

    /// The parser's flattened tree (see [`sanitize`]), read back; `None`
    /// (the parser failed) is an empty body.
    pub fn parsed(self, flat: Option<&str>) -> Parsed {
        Parsed {
            raw: flat.map(flat::unflatten).unwrap_or_default(),
            limits: self.limits,
        }
    }
}

impl Parsed {
    /// Cleaned by the allowlist, with the article's URLs.
    pub fn clean(self, urls: Urls<'_>) -> Vec<SafeNode> {
        clean(&self.raw, urls, self.limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URLS: Urls<'static> = Urls {
        base: "https://p.example/api/1.json",
        page: "https://p.example/1",
    };

    #[test]
    fn sanitize_runs_every_step_with_the_hosts_parser() {
        let mut asked = None;
        let nodes = sanitize(
            "<p onclick=x>Hi<b>there",
            URLS,
            CleanLimits::default(),
            |markup, depth, nodes| {
                asked = Some((markup.to_owned(), depth, nodes));
                // What a parser gives for it: <p>Hi<b>there</b></p>, and
                // the handler, which cleaning drops.
                Some(["Ep", "Aonclick", "x", "THi", "Eb", "Tthere", "/", "/"].join("\0"))
            },
        );
        let (markup, depth, nodes_at_most) = asked.unwrap_or_default();
        // Repaired and limited before the parser sees it.
        assert!(markup.starts_with("<p onclick=x>Hi<b>there"), "{markup}");
        let limits = CleanLimits::default();
        assert_eq!(
            (depth, nodes_at_most),
            (limits.max_depth + 1, limits.max_nodes)
        );
        assert_eq!(plain_text(&nodes), "Hithere");
        assert!(
            matches!(&nodes[..], [SafeNode::Element { tag: SafeTag::P, attrs, .. }] if attrs.is_empty())
        );
        // A parser that fails: an empty body.
        assert!(sanitize("<p>x", URLS, CleanLimits::default(), |_, _, _| None).is_empty());
    }
}
