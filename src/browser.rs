//! The browser's parsers, as the core's `Platform` (and the body's parser): what reading a
//! document needs that the widget takes from the browser instead of
//! carrying it in the wasm.
//!
//! - A feed's XML, parsed inertly by `DOMParser` (`text/xml`: nothing
//!   loads, nothing runs) and turned into the JS value serde's derived
//!   types read, by `readXml` in `element.js` (one call, where walking the
//!   tree from wasm cost a binding per node and 0.5 KB of brotli): an
//!   element's children are keys (by qualified name, such as
//!   `content:encoded`; repeated ones become a list, each run of one name
//!   read to its first [`MAX_LIST_ITEMS`]), its attributes `@name`, its text
//!   `$text`; an element with neither attributes nor children is its text,
//!   and so is one past [`MAX_XML_DEPTH`] levels (engines parse deeper than
//!   recursion should go). Atom `type="xhtml"` content, and a text field
//!   ([`MARKUP_FIELDS`]) holding elements, is kept as markup (`$xml`), for
//!   the body pipeline to clean; only HTML's [`VOID_ELEMENTS`] close
//!   themselves in it.
//! - The text of excerpts and captions, from the inert HTML parser.
//! - Legacy encodings (windows-1251, KOI8-R, Shift_JIS …), by `TextDecoder`:
//!   no encoding tables in the wasm.
//! - An article's body, parsed by `DOMParser` for
//!   `article_embed_markup::sanitize` ([`sanitize`]).

// Natively only `sanitize` is used (by the components' native build).
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomParser, SupportedType};

use crate::timer::next_task;
use article_embed_core::de::MAX_LIST_ITEMS;
use article_embed_core::error::{DocumentError, SyntaxError};
use article_embed_core::formats::text::VOID_ELEMENTS;
use article_embed_core::formats::{MARKUP_FIELDS, MAX_XML_DEPTH};
use article_embed_markup::{
    limit_markup, CleanLimits, SafeNode, Sanitize, Urls, MAX_DEPTH, MAX_TAGS,
};

/// The widget's `Platform` (natively, the core's types are serde_json's:
/// the native tests use `Platform::plain`).
#[cfg(target_arch = "wasm32")]
pub(crate) const PLATFORM: article_embed_core::formats::Platform =
    article_embed_core::formats::Platform {
        parse_xml,
        html_text,
        decode_other,
        same_item: article_embed_core::formats::exact_item,
    };

#[wasm_bindgen(module = "/src/element.js")]
extern "C" {
    /// The body parsed by `DOMParser` (inert: no script runs, nothing
    /// loads) and flattened (`article_embed_markup::sanitize` has the
    /// format): at most `nodes` nodes, an element `depth` levels down
    /// reduced to its text.
    #[wasm_bindgen(js_name = parseFlat, catch)]
    fn parse_flat(html: &str, depth: usize, nodes: usize) -> Result<String, JsValue>;
    /// `[root's local name, value]`, or `null` when `text` is not XML;
    /// `fields` and `voids` are names, each between spaces.
    #[wasm_bindgen(js_name = readXml)]
    fn read_xml(text: &str, depth: usize, run: usize, fields: &str, voids: &str) -> JsValue;
}

/// The root element's local name and its value, or why there is none.
fn parse_xml(text: &str) -> Result<(String, JsValue), DocumentError> {
    let spaced = |names: &[&str]| [" ", &names.join(" "), " "].concat();
    let read = read_xml(
        text,
        MAX_XML_DEPTH,
        MAX_LIST_ITEMS,
        &spaced(&MARKUP_FIELDS),
        &spaced(&VOID_ELEMENTS),
    );
    match read.dyn_into::<js_sys::Array>() {
        Ok(pair) => Ok((pair.get(0).as_string().unwrap_or_default(), pair.get(1))),
        // An HTML error page is not XML either: say which it is.
        Err(_)
            if text
                .get(..15)
                .is_some_and(|t| t.to_ascii_lowercase().contains("<!doctype html")) =>
        {
            Err(SyntaxError::HtmlPage.into())
        }
        Err(_) => Err(SyntaxError::NotXml.into()),
    }
}

/// The text of an HTML fragment (an excerpt, a caption), as a reader
/// would read it: parsed inertly by the browser, tags dropped; bounded, and
/// its style attributes renamed, as for a body.
fn html_text(html: &str) -> String {
    let html = limit_markup(html, MAX_DEPTH, MAX_TAGS);
    DomParser::new()
        .and_then(|p| p.parse_from_string(&html, SupportedType::TextHtml))
        .ok()
        .and_then(|doc| doc.body())
        .and_then(|body| body.text_content())
        .unwrap_or_default()
}

/// Decodes a feed in a legacy encoding with the browser's `TextDecoder`:
/// every WHATWG encoding, no tables in the wasm.
fn decode_other(bytes: &[u8], label: &str) -> Option<String> {
    web_sys::TextDecoder::new_with_label(label)
        .ok()?
        .decode_with_u8_array(bytes)
        .ok()
}

/// An article's body, cleaned (`article_embed_markup::sanitize`'s steps), parsed
/// by the browser in an inert document (no script runs, no image loads);
/// empty if the browser refuses to parse it.
///
/// A long body (past [`LONG_BODY_BYTES`]) takes a task per step (repair
/// and limits, the browser's parse with the flattening, reading it back,
/// the cleaning, then the render), none in the task that read the answer:
/// at the caps each takes well under 200 ms, where all in one task froze
/// the page for half a second. An ordinary one is cleaned at once: each
/// step given back to the browser costs a timer's delay.
pub(crate) async fn sanitize(html: &str, urls: Urls<'_>, limits: CleanLimits) -> Vec<SafeNode> {
    let long = html.len() > LONG_BODY_BYTES;
    let step = || async move {
        if long {
            next_task().await;
        }
    };
    // Reading a 2 MB answer (its body copied into the wasm) and limiting
    // its markup were each half of one 60 ms task at the 50 000-image cap.
    step().await;
    let parsing = Sanitize::new(html, limits);
    step().await;
    let flat = parse_flat(parsing.markup(), parsing.depth(), parsing.nodes()).ok();
    step().await;
    let parsed = parsing.parsed(flat.as_deref());
    drop(flat);
    step().await;
    let nodes = parsed.clean(urls);
    // The render, with the body's first slice, in a task of its own too.
    step().await;
    nodes
}

/// Bodies longer than this are cleaned a step per task.
pub(crate) const LONG_BODY_BYTES: usize = 64 * 1024;
