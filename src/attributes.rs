//! The attributes of `<article-embed>`, as one table: what each means,
//! its default, who reads it (the widget's config, or `element.js` before
//! the widget starts), whether the iframe mode's `frame.html` passes it on
//! and whether the snippet builder offers it. `tests/attributes.rs` checks
//! every other list of them against this one: the config's reads, the
//! element's observed attributes, `frame.js`'s parameters, the builder's
//! fields and the table in `docs/embedding.md` (written from this one).
//! Nothing here reaches the wasm: the widget reads attributes by name.

/// Who reads an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadBy {
    /// The widget's configuration (`config::EmbedConfig::from_attributes`).
    Widget,
    /// `element.js`, before the widget starts (consent).
    ElementJs,
}

/// One attribute of the element.
#[derive(Clone, Copy, Debug)]
pub struct Attribute {
    /// Its name.
    pub name: &'static str,
    /// Who reads it.
    pub read_by: ReadBy,
    /// Whether `frame.html?name=…` passes it to the frame's element.
    pub in_frame: bool,
    /// Whether the snippet builder has a field for it.
    pub in_builder: bool,
    /// Its values and what they do (Markdown, as the docs show it).
    pub values: &'static str,
    /// What an embed without it does (Markdown).
    pub default: &'static str,
}

/// Every attribute, in the docs' order.
pub const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        name: "src",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: true,
        values: "the article's URL (required; relative URLs resolve against the page): the contract's JSON, or what the CMS already publishes (a WordPress REST post, a Ghost Content API answer, a JSON Feed, an RSS or Atom feed: see [Publishing formats](contract.md#publishing-formats))",
        default: "—",
    },
    Attribute {
        name: "format",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: true,
        values: "`contract`, `wordpress`, `ghost`, `jsonfeed`, `rss`, `atom`: read the answer as this format",
        default: "told by the document's shape",
    },
    Attribute {
        name: "item",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: true,
        values: "for a feed (and a Ghost answer): the id, guid, slug or URL of the item to show",
        default: "the first item",
    },
    Attribute {
        name: "lang",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: true,
        values: "UI language, BCP 47. Words in `en`, `ru`, `de`, `fr`, `es`, `it`, `pt`, `uk`, `tr`, `ar`, `zh`, `ja`; other languages get English words with their own date and number formats. Right-to-left languages (`ar`, `he`, `fa`, `ur`, …, or an `Arab`/`Hebr` script subtag) get `dir=\"rtl\"`",
        default: "the article's `lang`, then the page's `lang`, then `en`",
    },
    Attribute {
        name: "theme",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: true,
        values: "`light`, `dark`, `auto` (follows `prefers-color-scheme`)",
        default: "`auto`",
    },
    Attribute {
        name: "layout",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: true,
        values: "`full`, or `card` (headline, lead, first image, views, link)",
        default: "`full`",
    },
    Attribute {
        name: "timeout",
        read_by: ReadBy::Widget,
        in_frame: true,
        in_builder: false,
        values: "seconds per attempt, 1–60",
        default: "`10`",
    },
    Attribute {
        name: "loading",
        read_by: ReadBy::Widget,
        in_frame: false,
        in_builder: false,
        values: "`lazy`: fetch and render only when the embed comes within 1.5 screens of the viewport (its skeleton holds the space meanwhile); anything else loads at once",
        default: "eager",
    },
    Attribute {
        name: "consent",
        read_by: ReadBy::ElementJs,
        in_frame: false,
        in_builder: true,
        values: "`click`: ask nothing of the publisher until the reader presses \"Show the article from …\", on every page view; `session`: the same, remembered for the tab's session and that publisher (one press shows every embed of it). See [Consent first](#consent-first)",
        default: "loads at once",
    },
];

/// The docs' table (`docs/embedding.md`, "Attributes"), row by row.
pub fn markdown_table() -> String {
    let mut out = String::from("| attribute | values | default |\n|---|---|---|\n");
    for a in ATTRIBUTES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            a.name, a.values, a.default
        ));
    }
    out
}
