//! Text as publishing formats carry it, and the conversions between text
//! and HTML they need.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

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

impl Text {
    /// The text, `None` when blank.
    pub fn some(self) -> Option<String> {
        (!self.text.trim().is_empty()).then_some(self.text)
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
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "$text" | "rendered" | "$xml" => out.text = map.next_value()?,
                        "@type" => out.kind = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
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

/// Yandex Turbo content without the `<header>` it opens with: its title and
/// cover are the item's own, which the widget shows from the item's fields.
pub fn without_turbo_header(html: &str) -> String {
    let start = html.trim_start();
    let lower = start.to_ascii_lowercase();
    match lower.find("</header>") {
        Some(end) if lower.starts_with("<header") => start
            .get(end + "</header>".len()..)
            .unwrap_or_default()
            .to_owned(),
        _ => html.to_owned(),
    }
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
        use super::{text_field_to_html, without_turbo_header};
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
        // Turbo's header (title, cover) is the item's own: left out.
        assert_eq!(
            without_turbo_header(
                "\n<header><h1>Title</h1><figure><img src=\"a.jpg\"></figure></header><p>Body</p>"
            ),
            "<p>Body</p>"
        );
        assert_eq!(without_turbo_header("<p>No header</p>"), "<p>No header</p>");
    }
}
