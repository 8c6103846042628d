//! The browser's parsers, as the core's [`Platform`]: what reading a
//! document needs that the widget takes from the browser instead of
//! carrying it in the wasm.
//!
//! - A feed's XML, parsed inertly by `DOMParser` (`text/xml`: nothing
//!   loads, nothing runs) and turned into the JS value serde's derived
//!   types read: an element's children are keys (by qualified name, such
//!   as `content:encoded`; repeated ones become a list), its attributes
//!   `@name`, its text `$text`; an element with neither attributes nor
//!   children is its text. Atom `type="xhtml"` content, and a text field
//!   (`formats::MARKUP_FIELDS`) holding elements, is kept as markup
//!   (`$xml`), for the body pipeline to clean.
//! - The text of excerpts and captions, from the inert HTML parser.
//! - Legacy encodings (windows-1251, KOI8-R, Shift_JIS …), by `TextDecoder`:
//!   no encoding tables in the wasm.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomParser, Element, Node, SupportedType, XmlSerializer};

use crate::de::MAX_LIST_ITEMS;
use crate::error::{DocumentError, SyntaxError};
use crate::formats::{Platform, MARKUP_FIELDS, MAX_XML_DEPTH};
use crate::markup::limit::{limit_markup, MAX_DEPTH, MAX_TAGS};

/// The widget's [`Platform`].
pub const PLATFORM: Platform = Platform {
    parse_xml,
    html_text,
    decode_other,
    same_item: crate::formats::exact_item,
};

/// The root element's local name and its value ([`to_value`]).
fn parse_xml(text: &str) -> Result<(String, JsValue), DocumentError> {
    let root = parse(text)?;
    Ok((root.local_name(), to_value(&root, MAX_XML_DEPTH)))
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

/// The document's root element, or why there is none.
fn parse(text: &str) -> Result<Element, DocumentError> {
    let doc = DomParser::new()
        .and_then(|p| p.parse_from_string(text, SupportedType::TextXml))
        .ok();
    let root = doc.and_then(|d| d.document_element());
    match root {
        // Chromium and WebKit put a <parsererror> inside the document,
        // Firefox makes it the root.
        Some(root)
            if root.local_name() != "parsererror"
                && root.get_elements_by_tag_name("parsererror").length() == 0 =>
        {
            Ok(root)
        }
        // An HTML error page is not XML either: say which it is.
        _ if text
            .get(..15)
            .is_some_and(|t| t.to_ascii_lowercase().contains("<!doctype html")) =>
        {
            Err(SyntaxError::HtmlPage.into())
        }
        _ => Err(SyntaxError::NotXml.into()),
    }
}

/// Children of one element read at most: [`MAX_LIST_ITEMS`] of each run
/// of one name (a feed's thousand-and-one categories do not crowd out its
/// items), and this many in all.
const MAX_CHILDREN: usize = 4 * MAX_LIST_ITEMS;

fn children(el: &Element) -> Vec<Element> {
    // A run of elements of one name (a feed's items, its categories) is
    // read to its first `MAX_LIST_ITEMS`.
    let (mut name, mut run) = (String::new(), 0);
    std::iter::successors(el.first_element_child(), Element::next_element_sibling)
        .take(4 * MAX_CHILDREN)
        .filter(|kid| {
            let tag = kid.tag_name();
            run = if tag == name { run + 1 } else { 1 };
            name = tag;
            run <= MAX_LIST_ITEMS
        })
        .take(MAX_CHILDREN)
        .collect()
}

/// The element as the JS value `JSON.parse` would give for the same
/// structure, so one deserializer (and one copy of each derived type's
/// code) reads JSON and XML alike.
/// Past `depth` levels (`MAX_XML_DEPTH`: engines parse deeper than the
/// wasm's stack would recurse) an element is its text.
fn to_value(el: &Element, depth: usize) -> JsValue {
    let kids = children(el);
    let attrs = el.attributes();
    if depth == 0 || kids.is_empty() && attrs.length() == 0 {
        return el.text_content().unwrap_or_default().into();
    }
    let object = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&object, &key.into(), value);
    };
    for attr in (0..attrs.length()).filter_map(|i| attrs.item(i)) {
        set(&format!("@{}", attr.name()), &attr.value().into());
    }
    let tag = el.tag_name();
    if el.get_attribute("type").as_deref() == Some("xhtml")
        || (!kids.is_empty() && MARKUP_FIELDS.contains(&tag.as_str()))
    {
        set("$xml", &markup(el).into());
        return object.into();
    }
    if kids.is_empty() {
        set("$text", &el.text_content().unwrap_or_default().into());
    }
    for kid in kids {
        let key: JsValue = kid.tag_name().into();
        let value = to_value(&kid, depth - 1);
        let existing = js_sys::Reflect::get(&object, &key).unwrap_or(JsValue::UNDEFINED);
        let value = if existing.is_undefined() {
            value
        } else if let Some(list) = existing.dyn_ref::<js_sys::Array>() {
            list.push(&value);
            continue;
        } else {
            js_sys::Array::of2(&existing, &value).into()
        };
        let _ = js_sys::Reflect::set(&object, &key, &value);
    }
    object.into()
}

/// The element's child elements and text as markup: `XMLSerializer`'s,
/// CDATA's text escaped as text (serialized as CDATA, an HTML parser would
/// read it as a comment); comments and instructions left out.
fn markup(el: &Element) -> String {
    let Ok(serializer) = XmlSerializer::new() else {
        return String::new();
    };
    let doc = el.owner_document();
    std::iter::successors(el.first_child(), Node::next_sibling)
        .filter_map(|kid| match kid.node_type() {
            Node::CDATA_SECTION_NODE => doc
                .as_ref()?
                .create_text_node(&kid.text_content()?)
                .dyn_into::<Node>()
                .ok(),
            Node::ELEMENT_NODE | Node::TEXT_NODE => Some(kid),
            _ => None,
        })
        .filter_map(|kid| serializer.serialize_to_string(&kid).ok())
        .collect()
}
