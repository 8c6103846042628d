//! A feed's XML read natively (roxmltree) into the very shape the widget's
//! browser parser gives (`src/browser.rs` in the widget), so that the core's
//! one mapping reads both alike: an element's children are keys by
//! qualified name (`content:encoded`; repeated ones become a list), its
//! attributes `@name` (namespace declarations included, as the DOM lists
//! them), its text `$text`; an element with neither attributes nor children
//! is its text; Atom `type="xhtml"` content, and a text field of
//! `MARKUP_FIELDS` with child elements, is its markup, as `$xml`.

use article_embed_core::de::MAX_LIST_ITEMS;
use article_embed_core::error::{DocumentError, SyntaxError};
use article_embed_core::formats::text::VOID_ELEMENTS;
use article_embed_core::formats::{MARKUP_FIELDS, MAX_XML_DEPTH};
use quick_xml::events::Event;
use roxmltree::{Document, Node, ParsingOptions};
use serde_json::{Map, Value};

/// Children of one element read at most: [`MAX_LIST_ITEMS`] of each run of
/// one name, and this many in all (as in the widget).
const MAX_CHILDREN: usize = 4 * MAX_LIST_ITEMS;

/// Nodes a document may have: a feed cut to its first items never comes
/// near it, a hostile one stops here instead of filling the memory.
const MAX_NODES: u32 = 2_000_000;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The root element's local name and its value.
pub fn parse_xml(text: &str) -> Result<(String, Value), DocumentError> {
    check_depth(text)?;
    let options = ParsingOptions {
        // RSS 0.91 names its DTD; entity declarations were refused before.
        allow_dtd: true,
        nodes_limit: MAX_NODES,
    };
    let doc = Document::parse_with_options(text, options).map_err(|_| {
        if text
            .get(..14)
            .is_some_and(|t| t.eq_ignore_ascii_case("<!doctype html"))
        {
            SyntaxError::HtmlPage
        } else {
            SyntaxError::NotXml
        }
    })?;
    let root = doc.root_element();
    Ok((root.tag_name().name().to_owned(), to_value(root)))
}

/// Refuses a document nested past [`MAX_XML_DEPTH`] before roxmltree reads
/// it: roxmltree recurses once per level (roxmltree#154), and a few hundred
/// kilobytes of `<b>` would overflow the stack, which aborts the whole
/// server. A streaming reader counts the levels on the heap; what it finds
/// wrong besides is left for roxmltree to name.
fn check_depth(text: &str) -> Result<(), DocumentError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(SyntaxError::TooDeep {
                        limit: MAX_XML_DEPTH,
                    }
                    .into());
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

fn to_value(el: Node<'_, '_>) -> Value {
    // As in the widget: a run of elements of one name (a feed's items, its
    // categories) is read to its first `MAX_LIST_ITEMS`.
    let (mut name, mut run) = (String::new(), 0);
    let kids: Vec<Node<'_, '_>> = el
        .children()
        .filter(Node::is_element)
        .take(4 * MAX_CHILDREN)
        .filter(|kid| {
            let tag = qualified_name(*kid);
            run = if tag == name { run + 1 } else { 1 };
            name = tag;
            run <= MAX_LIST_ITEMS
        })
        .take(MAX_CHILDREN)
        .collect();
    let attrs = attributes(el);
    if kids.is_empty() && attrs.is_empty() {
        return Value::String(text_content(el));
    }
    let mut object = Map::new();
    let markup = attrs
        .iter()
        .any(|(name, value)| name == "type" && value == "xhtml")
        || (!kids.is_empty() && MARKUP_FIELDS.contains(&qualified_name(el).as_str()));
    for (name, value) in attrs {
        object.insert(format!("@{name}"), Value::String(value));
    }
    if markup {
        let mut markup = String::new();
        serialize_children(el, &mut markup);
        object.insert("$xml".to_owned(), Value::String(markup));
        return Value::Object(object);
    }
    if kids.is_empty() {
        object.insert("$text".to_owned(), Value::String(text_content(el)));
    }
    for kid in kids {
        let value = to_value(kid);
        match object.get_mut(&qualified_name(kid)) {
            None => {
                object.insert(qualified_name(kid), value);
            }
            Some(Value::Array(list)) => list.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
    Value::Object(object)
}

/// The element's name as written (`content:encoded`), as the DOM's
/// `tagName` gives it.
fn qualified_name(el: Node<'_, '_>) -> String {
    let name = el.tag_name();
    match name.namespace().and_then(|ns| el.lookup_prefix(ns)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", name.name()),
        _ => name.name().to_owned(),
    }
}

/// The attributes as the DOM lists them: the namespace declarations made
/// on this element, then its attributes, each by its qualified name.
fn attributes(el: Node<'_, '_>) -> Vec<(String, String)> {
    let inherited: Vec<_> = el
        .parent_element()
        .map(|p| p.namespaces().map(|n| (n.name(), n.uri())).collect())
        .unwrap_or_default();
    let mut out: Vec<(String, String)> = el
        .namespaces()
        .filter(|n| n.uri() != XML_NS && !inherited.contains(&(n.name(), n.uri())))
        .map(|n| match n.name() {
            Some(prefix) => (format!("xmlns:{prefix}"), n.uri().to_owned()),
            None => ("xmlns".to_owned(), n.uri().to_owned()),
        })
        .collect();
    for attr in el.attributes() {
        let prefix = match attr.namespace() {
            Some(XML_NS) => Some("xml"),
            Some(ns) => el.lookup_prefix(ns),
            None => None,
        };
        let name = match prefix {
            Some(prefix) => format!("{prefix}:{}", attr.name()),
            None => attr.name().to_owned(),
        };
        out.push((name, attr.value().to_owned()));
    }
    out
}

/// All the text inside, CDATA included, as the DOM's `textContent`.
fn text_content(el: Node<'_, '_>) -> String {
    el.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

/// Markup for an element, as `XMLSerializer` writes it (names as written,
/// its own namespace declarations, text and attribute values escaped), but
/// for HTML's reading: only void elements are closed as `<br/>`.
fn serialize(el: Node<'_, '_>, out: &mut String) {
    let name = qualified_name(el);
    out.push('<');
    out.push_str(&name);
    for (attr, value) in attributes(el) {
        out.push(' ');
        out.push_str(&attr);
        out.push_str("=\"");
        escape(&value, true, out);
        out.push('"');
    }
    // Only HTML's void elements close themselves: read as HTML, an
    // `<iframe/>` would swallow everything after it.
    if el.children().next().is_none() && VOID_ELEMENTS.contains(&name.as_str()) {
        out.push_str("/>");
        return;
    }
    out.push('>');
    serialize_children(el, out);
    out.push_str("</");
    out.push_str(&name);
    out.push('>');
}

/// The element's child elements and text (CDATA's as text), as markup.
fn serialize_children(el: Node<'_, '_>, out: &mut String) {
    for child in el.children() {
        if child.is_element() {
            serialize(child, out);
        } else if let Some(text) = child.text().filter(|_| child.is_text()) {
            escape(text, false, out);
        }
    }
}

/// `text` as HTML or XML text (or, with `attribute`, a double-quoted
/// attribute value).
pub(crate) fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_xml, DocumentError, SyntaxError};
    use serde_json::json;

    #[test]
    fn an_rss_channel_in_the_browsers_shape() {
        let feed = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Publisher</title>
<item><title>First</title><guid isPermaLink="false">g1</guid><dc:creator>Ivan</dc:creator>
<content:encoded><![CDATA[<p>Hi &amp; bye</p>]]></content:encoded>
<category>A</category><category domain="x">B</category></item>
</channel></rss>"#;
        let (root, value) = parse_xml(feed).unwrap();
        assert_eq!(root, "rss");
        assert_eq!(value["@version"], "2.0");
        assert_eq!(value["@xmlns:dc"], "http://purl.org/dc/elements/1.1/");
        let item = &value["channel"]["item"];
        assert_eq!(item["title"], "First");
        assert_eq!(
            item["guid"],
            json!({"@isPermaLink": "false", "$text": "g1"})
        );
        assert_eq!(item["dc:creator"], "Ivan");
        assert_eq!(item["content:encoded"], "<p>Hi &amp; bye</p>");
        assert_eq!(
            item["category"],
            json!(["A", {"@domain": "x", "$text": "B"}])
        );
    }

    #[test]
    fn atom_xhtml_content_is_kept_as_markup() {
        let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><entry><id>1</id>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b> &amp; "you"</p><br/></div></content></entry></feed>"#;
        let (root, value) = parse_xml(feed).unwrap();
        assert_eq!(root, "feed");
        assert_eq!(value["@xml:lang"], "en");
        assert_eq!(
            value["entry"]["content"]["$xml"],
            r#"<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b> &amp; "you"</p><br/></div>"#
        );
    }

    #[test]
    fn elements_inside_a_text_field_are_its_markup() {
        // Unescaped, not CDATA: feed readers read them as the HTML they are.
        let feed = r#"<rss version="2.0"><channel><title>T</title><item><title>Hi <b>there</b></title>
<description>Text <a href="/x" onclick="alert(1)">link</a> &amp; <img src="a.png"/><![CDATA[ <raw> ]]><!-- gone --></description>
<category><b>Not</b> a text field</category></item></channel></rss>"#;
        let (_, value) = parse_xml(feed).unwrap();
        let item = &value["channel"]["item"];
        assert_eq!(item["title"], json!({"$xml": "Hi <b>there</b>"}));
        assert_eq!(
            item["description"]["$xml"],
            r#"Text <a href="/x" onclick="alert(1)">link</a> &amp; <img src="a.png"/> &lt;raw&gt; "#
        );
        // Other fields keep the keyed shape.
        assert_eq!(item["category"], json!({"b": "Not"}));
    }

    #[test]
    fn a_document_nested_past_the_limit_is_refused_not_a_crash() {
        use article_embed_core::formats::MAX_XML_DEPTH;
        // 200 000 levels overflowed the stack inside roxmltree (an abort of
        // the whole server) before the depth was measured first.
        let deep = |levels: usize| {
            format!(
                "<rss><channel><item><title>t</title><description>{}x{}</description></item></channel></rss>",
                "<b>".repeat(levels),
                "</b>".repeat(levels)
            )
        };
        assert_eq!(
            parse_xml(&deep(200_000)).unwrap_err(),
            DocumentError::Syntax(SyntaxError::TooDeep {
                limit: MAX_XML_DEPTH
            })
        );
        assert!(parse_xml(&deep(MAX_XML_DEPTH - 5)).is_ok());
        assert_eq!(
            parse_xml(&deep(MAX_XML_DEPTH)).unwrap_err(),
            DocumentError::Syntax(SyntaxError::TooDeep {
                limit: MAX_XML_DEPTH
            })
        );
    }

    #[test]
    fn broken_xml_and_html_pages_say_what_they_are() {
        assert_eq!(
            parse_xml("<rss><channel>").unwrap_err(),
            DocumentError::Syntax(SyntaxError::NotXml)
        );
        assert_eq!(
            parse_xml("<!DOCTYPE html><html><body><br></body></html>").unwrap_err(),
            DocumentError::Syntax(SyntaxError::HtmlPage)
        );
    }
}
