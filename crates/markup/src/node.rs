//! The body's node types, at the bottom of `markup`: what the parser gives
//! ([`RawNode`], untrusted) and what cleaning leaves ([`SafeNode`], built
//! into the DOM as it is). Nothing here imports another `markup` module
//! but `align`'s value types.

use super::align::{Align, TextAlign};
use article_embed_core::srcset::Candidate;

/// A node as the parser produced it: untrusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawNode {
    /// Text, as it reads (entities decoded).
    Text(String),
    /// An element, in the HTML namespace or not.
    Element {
        /// Lower-case local name.
        name: String,
        /// False for SVG, MathML and anything else outside the HTML namespace.
        html_namespace: bool,
        /// Attributes, names lower-case, in document order.
        attrs: Vec<(String, String)>,
        /// Its children.
        children: Vec<RawNode>,
    },
    /// Comments, processing instructions, CDATA: never rendered.
    Other,
}

/// The only tags a cleaned body holds as plain elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafeTag {
    /// `<p>`: a paragraph.
    P,
    /// `<br>`: a line break.
    Br,
    /// `<b>`: bold text.
    B,
    /// `<i>`: italic text.
    I,
    /// `<u>`: underlined text.
    U,
    /// `<s>`: struck-out text.
    S,
    /// `<sub>`: subscript.
    Sub,
    /// `<sup>`: superscript.
    Sup,
    /// `<small>`: small print.
    Small,
    /// `<mark>`: highlighted text.
    Mark,
    /// `<abbr>`: an abbreviation.
    Abbr,
    /// `<q>`: an inline quotation.
    Q,
    /// `<dfn>`: a term being defined.
    Dfn,
    /// `<cite>`: the title of a work.
    Cite,
    /// `<code>`: code.
    Code,
    /// `<kbd>`: keyboard input.
    Kbd,
    /// `<samp>`: sample output.
    Samp,
    /// `<var>`: a variable.
    Var,
    /// `<time>`: a date or time.
    Time,
    /// `<ul>`: an unordered list.
    Ul,
    /// `<ol>`: an ordered list.
    Ol,
    /// `<li>`: a list item.
    Li,
    /// `<dl>`: a description list.
    Dl,
    /// `<dt>`: a term.
    Dt,
    /// `<dd>`: its description.
    Dd,
    /// `<blockquote>`: a block quotation.
    Blockquote,
    /// `<h3>`: a heading (the body's `h1`/`h2` become `h3`).
    H3,
    /// `<h4>`: a heading.
    H4,
    /// `<h5>`: a heading.
    H5,
    /// `<h6>`: a heading.
    H6,
    /// `<figure>`: a figure.
    Figure,
    /// `<figcaption>`: its caption.
    Figcaption,
    /// `<pre>`: preformatted text.
    Pre,
    /// `<hr>`: a thematic break.
    Hr,
    /// `<address>`: contact information.
    Address,
    /// `<details>`: a disclosure.
    Details,
    /// `<summary>`: its label.
    Summary,
    /// `<table>`: a table.
    Table,
    /// `<caption>`: its caption.
    Caption,
    /// `<colgroup>`: a group of columns.
    Colgroup,
    /// `<col>`: a column.
    Col,
    /// `<thead>`: the head rows.
    Thead,
    /// `<tbody>`: the body rows.
    Tbody,
    /// `<tfoot>`: the foot rows.
    Tfoot,
    /// `<tr>`: a row.
    Tr,
    /// `<th>`: a header cell.
    Th,
    /// `<td>`: a data cell.
    Td,
    /// Only made by this module: keeps a named anchor's id as a target.
    Span,
}

impl SafeTag {
    /// The element's name.
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

    /// Whether it starts a block of its own (not phrasing content).
    pub fn is_block(self) -> bool {
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
    pub fn is_void(self) -> bool {
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
    /// A figure's or image's alignment: our class.
    Align(Align),
    /// A block's text alignment: our class.
    TextAlign(TextAlign),
    /// A blockquote quoting a social post: the platform's name (from
    /// `media`'s table), which the stylesheet shows above it.
    Post(&'static str),
}

/// What a media element plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// `<video>`.
    Video,
    /// `<audio>`.
    Audio,
}

impl MediaKind {
    /// The element's name.
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
            SafeAttr::Post(platform) => ("data-ae-post", (*platform).to_owned()),
        }
    }
}

/// A node that is safe to build into the DOM.
#[derive(Debug, PartialEq, Eq)]
pub enum SafeNode {
    /// Text.
    Text(String),
    /// A kept element and its checked attributes.
    Element {
        /// Which element.
        tag: SafeTag,
        /// Its attributes, each checked.
        attrs: Vec<SafeAttr>,
        /// Its children.
        children: Vec<SafeNode>,
    },
    /// Absolute http(s) or mailto URL. With `fragment`, a link to an id
    /// inside the body (`href` is then the article's page with it).
    Link {
        /// Where it leads.
        href: String,
        /// The id inside the body it points at, if any.
        fragment: Option<String>,
        /// Its own id, when a note links back to it.
        id: Option<String>,
        /// Its text.
        children: Vec<SafeNode>,
    },
    /// An image (`<img>` or `<picture>`).
    Image(Picture),
    /// A CMS gallery: shown as the widget's thumbnail grid.
    Gallery {
        /// Its photos, in order.
        items: Vec<GalleryItem>,
        /// The gallery's own caption.
        caption: Vec<SafeNode>,
    },
    /// A native player: http(s) sources only, never autoplaying.
    Media {
        /// Video or audio.
        kind: MediaKind,
        /// `(url, MIME type)`, in the author's order.
        sources: Vec<(String, Option<String>)>,
        /// The video's still, an http(s) URL.
        poster: Option<String>,
    },
    /// A formula (`<math>`), MathML Core only.
    Math(MathElement),
    /// An embedded player we do not load: provider, title, link.
    MediaCard {
        /// The provider's name ("YouTube", or the host).
        provider: String,
        /// The original's page.
        url: String,
        /// The player's title or the embed's caption.
        title: Option<String>,
        /// A still to show (a video's poster), an http(s) URL.
        poster: Option<String>,
    },
    /// An image the widget does not load (its source is `data:`, `blob:`,
    /// `file:` …), named by its alternative text where it stood.
    Unloaded {
        /// The author's alternative text (never empty).
        alt: String,
    },
}

/// A MathML element of a formula, as `math` keeps it: its name and
/// attributes come from `math`'s tables (nothing of the input is a name),
/// each value checked for its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MathElement {
    /// A MathML Core element's name (`math`, `mfrac`, …).
    pub name: &'static str,
    /// Its attributes, as name and checked value.
    pub attrs: Vec<(&'static str, String)>,
    /// Its children.
    pub children: Vec<MathNode>,
}

/// What a MathML element holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MathNode {
    /// A token's text.
    Text(String),
    /// An element.
    Element(MathElement),
}

impl MathElement {
    /// A `<math display="block">`: a formula on its own line.
    pub fn is_block(&self) -> bool {
        self.attrs
            .iter()
            .any(|(name, value)| *name == "display" && value == "block")
    }
}

/// One body image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Absolute http(s) URL.
    pub src: String,
    /// Its text alternative (may be empty: decorative).
    pub alt: String,
    /// Where the author placed it.
    pub align: Option<Align>,
    /// The size the markup gives (1–10 000).
    pub width: Option<u32>,
    /// Its height, likewise.
    pub height: Option<u32>,
    /// Other widths of the same image, checked.
    pub srcset: Vec<Candidate>,
    /// The `<source>`s of its `<picture>`, in the author's order.
    pub sources: Vec<PictureSource>,
    /// Whether it is a photo (a block, in the lightbox) or part of a line.
    pub flow: Flow,
}

/// Where an image sits: a photo stands as a block and opens the lightbox;
/// an image in running text (a formula, an icon) stays in its line, sized
/// by the text around it (`passes::mark_inline_images` has the rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// A photo: a block of its own, enlargeable.
    Block,
    /// In a line of text, at its own size (a formula, a chart symbol).
    InText,
    /// An emoji or icon: in its line, one line high.
    Glyph,
}

/// A `<source>` of a `<picture>`: another format or crop of the same image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PictureSource {
    /// Its candidates, checked as `img srcset` is.
    pub srcset: Vec<Candidate>,
    /// A media query, of characters that cannot leave a media query.
    pub media: Option<String>,
    /// An `image/…` MIME type.
    pub mime: Option<String>,
}

/// One photo of a gallery.
#[derive(Debug, PartialEq, Eq)]
pub struct GalleryItem {
    /// The photo.
    pub picture: Picture,
    /// Its caption (the figure's `figcaption`).
    pub caption: Vec<SafeNode>,
}

/// An element node.
pub(crate) fn element(tag: SafeTag, attrs: Vec<SafeAttr>, children: Vec<SafeNode>) -> SafeNode {
    SafeNode::Element {
        tag,
        attrs,
        children,
    }
}

/// Whether nodes show anything: text other than spaces, or an image or media.
pub(crate) fn has_content(nodes: &[SafeNode]) -> bool {
    nodes.iter().any(|n| match n {
        SafeNode::Text(t) => !t.trim().is_empty(),
        SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => {
            has_content(children)
        }
        SafeNode::Image(_)
        | SafeNode::Gallery { .. }
        | SafeNode::Media { .. }
        | SafeNode::Math(_)
        | SafeNode::Unloaded { .. }
        | SafeNode::MediaCard { .. } => true,
    })
}

/// Whether a node flows inside a line (text, a link, an image, an inline
/// element) rather than standing as a block.
pub(crate) fn is_inline(node: &SafeNode) -> bool {
    match node {
        SafeNode::Text(_)
        | SafeNode::Link { .. }
        | SafeNode::Image(_)
        | SafeNode::Unloaded { .. } => true,
        SafeNode::Element { tag, .. } => !tag.is_block(),
        SafeNode::Math(math) => !math.is_block(),
        SafeNode::Gallery { .. } | SafeNode::Media { .. } | SafeNode::MediaCard { .. } => false,
    }
}

/// Whether a node shows nothing: spaces, or a line break.
pub(crate) fn is_blank(node: &SafeNode) -> bool {
    match node {
        SafeNode::Text(t) => t.trim().is_empty(),
        SafeNode::Element {
            tag: SafeTag::Br, ..
        } => true,
        _ => false,
    }
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

/// An HTML element as the parser would give it, for tests.
#[cfg(test)]
pub(crate) fn test_element(name: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
    RawNode::html(name, attrs, children)
}

impl RawNode {
    /// An element in the HTML namespace, as a parser gives it: for a host
    /// that builds the tree [`crate::clean`] reads itself (and for tests).
    pub fn html(name: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
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
}
