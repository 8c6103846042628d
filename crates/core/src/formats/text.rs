//! Text as publishing formats carry it, and the conversions between text
//! and HTML they need.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// HTML's void elements: the only ones markup may close as `<br/>`. An
/// element of a feed's field serialized as `<iframe/>` would, read as HTML,
/// swallow everything after it: it is written `<iframe></iframe>`.
pub const VOID_ELEMENTS: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// A text value in any of its shapes: a string; WordPress's
/// `{"rendered": …}`; an XML element with attributes (`{"@type": "html",
/// "$text": …}`); Atom XHTML content (`$xml`, its markup). `kind` is the
/// element's `type` attribute, if any.
#[derive(Debug, Default, PartialEq)]
pub struct Text {
    /// The text, or the markup when `kind` says it is.
    pub text: String,
    /// Atom's `type` (`text`, `html`, `xhtml`), when given.
    pub kind: Option<String>,
}

/// The `kind` of markup: Atom's `type="xhtml"`, or elements in any text
/// field.
const XHTML: &str = "xhtml";

impl Text {
    /// The text, `None` when blank.
    pub fn some(self) -> Option<String> {
        (!self.text.trim().is_empty()).then_some(self.text)
    }

    /// A field specified as text that may hold HTML (`yandex:full-text`):
    /// markup when it arrived as elements, else [`text_field_to_html`].
    pub fn into_field_html(self) -> Option<String> {
        let markup = self.kind.as_deref() == Some(XHTML);
        let text = self.some()?;
        Some(if markup {
            text
        } else {
            text_field_to_html(&text)
        })
    }

    /// As HTML: Atom's `type="text"` (and plain text generally) escaped into
    /// paragraphs, anything else taken as the HTML it is.
    pub fn into_html(self) -> String {
        match self.kind.as_deref() {
            Some("text") => text_to_html(&self.text),
            _ => self.text,
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                self.visit_string(text.to_owned())
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text { text, kind: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = Text::default();
                let mut markup = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "$text" | "rendered" => out.text = map.next_value()?,
                        "$xml" => {
                            out.text = map.next_value()?;
                            markup = true;
                        }
                        "@type" => out.kind = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                // Elements in the field are markup, whatever its `type`
                // says (`formats::MARKUP_FIELDS`).
                if markup {
                    out.kind = Some(XHTML.into());
                }
                Ok(out)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A text field as HTML: as the markup it is when it is markup (feeds put
/// escaped HTML in fields specified as text, `yandex:full-text` among them:
/// a conservative sniff, for a closing tag or a line break of the elements
/// articles are made of; the body's repair and allowlist follow as for any
/// body), else as plain text ([`text_to_html`]).
pub fn text_field_to_html(text: &str) -> String {
    const MARKS: [&str; 12] = [
        "</p>",
        "<br>",
        "<br/>",
        "<br />",
        "</div>",
        "</a>",
        "</li>",
        "</b>",
        "</strong>",
        "</em>",
        "</i>",
        "</h",
    ];
    let lower = text.to_ascii_lowercase();
    if MARKS.iter().any(|m| lower.contains(m)) {
        text.to_owned()
    } else {
        text_to_html(text)
    }
}

/// What a Yandex Turbo page's `<header>` says (Yandex's Turbo format: the
/// page's title in `<h1>`, a subtitle in `<h2>`, a cover `<figure>`, a
/// `<menu>` and breadcrumbs of the site's navigation). The item's own
/// fields come first. The menu and the breadcrumbs are the site's
/// navigation, not the article's: left out.
#[derive(Debug, Default, PartialEq)]
pub struct TurboHeader<'a> {
    /// The `<h1>`'s content, as HTML: the title of an item without one.
    pub title: Option<&'a str>,
    /// The `<h2>`'s content, as HTML: the lead when the item has none.
    pub subtitle: Option<&'a str>,
    /// The cover `<figure>`, as HTML: the body's first figure when the item
    /// names no image of its own.
    pub cover: Option<&'a str>,
    /// The cover's `<figcaption>`, as HTML: the caption of the item's own
    /// image when it has one (Turbo feeds name the cover photo twice, as
    /// the item's enclosure too).
    pub caption: Option<&'a str>,
}

/// Yandex Turbo content split into its `<header>` (read as [`TurboHeader`])
/// and the body after it.
pub fn split_turbo(html: &str) -> (TurboHeader<'_>, &str) {
    let start = html.trim_start();
    // ASCII lower-casing keeps every byte offset.
    let lower = start.to_ascii_lowercase();
    match lower.find("</header>") {
        Some(end) if lower.starts_with("<header") => {
            let lower = &lower[..end];
            let part = |open, close| inside(start.get(..end)?, lower, open, close);
            let figure = lower.find("<figure").zip(lower.find("</figure>"));
            let header = TurboHeader {
                title: part("<h1", "</h1>"),
                subtitle: part("<h2", "</h2>"),
                cover: figure.and_then(|(from, to)| start.get(from..to + "</figure>".len())),
                caption: part("<figcaption", "</figcaption>"),
            };
            let body = start.get(end + "</header>".len()..).unwrap_or_default();
            (header, body)
        }
        _ => (TurboHeader::default(), html),
    }
}

/// The content of the first element `open` … `close` in `html` (`lower`
/// is it lower-cased), when it has any.
fn inside<'a>(html: &'a str, lower: &str, open: &str, close: &str) -> Option<&'a str> {
    let at = lower.find(open)?;
    let from = at + lower.get(at..)?.find('>')? + 1;
    let to = from + lower.get(from..)?.find(close)?;
    html.get(from..to).filter(|t| !t.trim().is_empty())
}

/// Plain text as HTML: `&`, `<`, `>` escaped, blank lines as paragraph
/// breaks (a feed's `yandex:full-text`, JSON Feed's `content_text`).
pub fn text_to_html(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    escaped
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
        .collect()
}

/// Character references decoded, markup left as the characters it is:
/// WordPress's `title.rendered` is text with entities (`&#8217;`,
/// `&amp;`), and must never be parsed as HTML.
pub fn decode_entities(text: &str) -> String {
    const NAMED: [(&str, char); 16] = [
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{a0}'),
        ("hellip", '…'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("copy", '©'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let decoded = from.get(1..).and_then(|tail| {
            let end = tail.find(';').filter(|&e| e <= 10)?;
            let name = tail.get(..end)?;
            let c = match name.strip_prefix('#') {
                Some(num) => {
                    let n = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(n).filter(|c| *c != '\0')?
                }
                None => NAMED.iter().find(|(n, _)| *n == name)?.1,
            };
            Some((c, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = from.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = from.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment with its tags skipped and its references
/// decoded: [`super::Platform::plain`]'s reading of excerpts and captions.
/// The widget reads them with the browser's inert parser instead.
pub fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_become_characters_and_markup_stays_text() {
        assert_eq!(
            decode_entities(
                "Rock &#8217;n&#8217; Roll &amp; <b>bold</b> &#x41;&hellip; &bogus; &#0; & ;"
            ),
            "Rock ’n’ Roll & <b>bold</b> A… &bogus; &#0; & ;"
        );
    }

    #[test]
    fn plain_text_is_escaped_into_paragraphs() {
        assert_eq!(
            text_to_html("One <b>\nline\n\n\nTwo & three"),
            "<p>One &lt;b&gt;<br>line</p><p>Two &amp; three</p>"
        );
    }

    #[test]
    fn text_fields_holding_markup_are_read_as_markup() {
        use super::text_field_to_html;
        // Escaped HTML in yandex:full-text (a real Bitrix export's shape).
        let html = "<p>Strategic communications.</p><p>The following is an edited translation.</p>";
        assert_eq!(text_field_to_html(html), html);
        assert_eq!(
            text_field_to_html("Line one<BR/>line two"),
            "Line one<BR/>line two"
        );
        // Plain text stays text, whatever angle brackets it has.
        assert_eq!(
            text_field_to_html("If a < b and b > c\n\nthen"),
            "<p>If a &lt; b and b &gt; c</p><p>then</p>"
        );
        assert_eq!(
            text_field_to_html("Use <stdio.h> in C"),
            "<p>Use &lt;stdio.h&gt; in C</p>"
        );
        assert_eq!(text_field_to_html("<p>No header</p>"), "<p>No header</p>");
    }

    #[test]
    fn a_turbo_pages_header_is_read_apart_from_its_body() {
        use super::{split_turbo, TurboHeader};
        let (header, body) = split_turbo(
            "\n  <HEADER>\n<h1 class=\"t\">Title &amp; <b>more</b></h1><h2>Sub</h2>\n<figure><img src='https://p.example/a.jpg'></figure>\n<menu><a href=\"/\">Home</a></menu></HEADER><p>Body</p>",
        );
        assert_eq!(
            header,
            TurboHeader {
                title: Some("Title &amp; <b>more</b>"),
                subtitle: Some("Sub"),
                cover: Some("<figure><img src='https://p.example/a.jpg'></figure>"),
                caption: None,
            }
        );
        assert_eq!(body, "<p>Body</p>");
        // No header: the whole is the body; a header of navigation only
        // gives nothing; broken headers never panic.
        assert_eq!(
            split_turbo("<p>No header</p>"),
            (TurboHeader::default(), "<p>No header</p>")
        );
        assert_eq!(
            split_turbo("<header><menu>m</menu></header>x"),
            (TurboHeader::default(), "x")
        );
        for broken in [
            "<header><h1>unclosed</header>",
            "<header><figure><img src=</header>",
            "<header><figure>é</header></figure>",
            "<header><h1</header>",
        ] {
            let _ = split_turbo(broken);
        }
    }
}
