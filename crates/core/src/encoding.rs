//! Which character encoding a document is in, and its text.
//!
//! JSON is UTF-8 (RFC 8259 §8.1): a UTF-16 JSON text is an error that says
//! so, and a `charset` on a JSON answer is ignored (RFC 8259 §11 defines
//! none). XML says its own encoding: a byte-order mark, else the XML
//! declaration's `encoding`, else the `Content-Type` charset, else UTF-8
//! (XML 1.0 appendix F, as browsers and feed readers apply it). Older
//! 1C-Bitrix sites export feeds in windows-1251; KOI8-R, ISO-8859-x,
//! Shift_JIS and GBK feeds exist too.
//!
//! UTF-8 and UTF-16 are decoded here; every other WHATWG encoding by the
//! browser's `TextDecoder` (the widget links no encoding tables).
//!
//! ```
//! use article_embed_core::encoding::{sniff, Charset};
//! let feed = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>";
//! assert_eq!(sniff(feed, None).charset, Charset::Other("windows-1251".into()));
//! assert_eq!(sniff(b"\xEF\xBB\xBF{}", Some("text/plain; charset=koi8-r")).charset, Charset::Utf8);
//! ```

/// An encoding, as far as this module tells them apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Any other label, lowercase, as written (for `TextDecoder`).
    Other(String),
}

impl Charset {
    /// The name errors use.
    pub fn name(&self) -> &str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Utf16Le | Charset::Utf16Be => "UTF-16",
            Charset::Other(label) => label,
        }
    }
}

/// What [`sniff`] found: the encoding, how many bytes of byte-order mark
/// to skip, and whether the text is markup (XML, or an HTML page) rather
/// than JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sniffed {
    pub charset: Charset,
    pub bom_len: usize,
    pub markup: bool,
}

/// Longest label read from a declaration or a header: WHATWG's are ≤ 19.
const MAX_LABEL: usize = 40;

/// How far the XML declaration is looked for.
const DECLARATION_WINDOW: usize = 1024;

/// The encoding of a document from its first bytes and the answer's
/// `Content-Type`.
pub fn sniff(bytes: &[u8], content_type: Option<&str>) -> Sniffed {
    let bom = |len, charset| Sniffed {
        charset,
        bom_len: len,
        markup: false,
    };
    let mut found = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => bom(3, Charset::Utf8),
        [0xFF, 0xFE, ..] => bom(2, Charset::Utf16Le),
        [0xFE, 0xFF, ..] => bom(2, Charset::Utf16Be),
        // UTF-16 without a mark: '<' or '{' next to a zero byte.
        [0x3C | 0x7B | 0x5B, 0, ..] => bom(0, Charset::Utf16Le),
        [0, 0x3C | 0x7B | 0x5B, ..] => bom(0, Charset::Utf16Be),
        _ => bom(0, Charset::Utf8),
    };
    let rest = bytes.get(found.bom_len..).unwrap_or_default();
    found.markup = match found.charset {
        Charset::Utf16Le => first_non_space(rest.chunks(2).filter_map(|c| c.first().copied())),
        Charset::Utf16Be => first_non_space(rest.chunks(2).filter_map(|c| c.get(1).copied())),
        _ => first_non_space(rest.iter().copied()),
    } == Some(b'<');
    if found.bom_len > 0 || found.charset != Charset::Utf8 || !found.markup {
        return found;
    }
    // ASCII-compatible markup: its declaration, else the header.
    let declared = xml_declaration_encoding(rest)
        .or_else(|| content_type.and_then(charset_param))
        .map(|label| label_charset(&label));
    // A declaration of UTF-16 in a document that is not UTF-16 is wrong
    // about itself: the bytes are what they look like (WHATWG does the same).
    if let Some(charset) = declared.filter(|c| !matches!(c, Charset::Utf16Le | Charset::Utf16Be)) {
        found.charset = charset;
    }
    found
}

fn first_non_space(mut bytes: impl Iterator<Item = u8>) -> Option<u8> {
    bytes.find(|b| !b.is_ascii_whitespace())
}

/// The `charset` parameter of a `Content-Type` header.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| clean_label(value.trim().trim_matches(['"', '\''])))?
    })
}

/// `encoding="…"` of an `<?xml …?>` declaration at the very start.
fn xml_declaration_encoding(bytes: &[u8]) -> Option<String> {
    let window = bytes.get(..DECLARATION_WINDOW.min(bytes.len()))?;
    let window = window.strip_prefix(b"<?xml")?;
    let end = window.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(window.get(..end)?).ok()?;
    let at = declaration.find("encoding")?;
    let rest = declaration.get(at + "encoding".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest.get(1..)?;
    clean_label(value.get(..value.find(quote)?)?)
}

/// A label as `TextDecoder` takes it: trimmed, lowercase, of label
/// characters only (anything else is not an encoding's name).
fn clean_label(label: &str) -> Option<String> {
    let label = label.trim();
    let ok = !label.is_empty()
        && label.len() <= MAX_LABEL
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    ok.then(|| label.to_ascii_lowercase())
}

/// UTF-8's and UTF-16's WHATWG labels; the rest are the browser's to know.
fn label_charset(label: &str) -> Charset {
    match label {
        "utf-8" | "utf8" | "unicode-1-1-utf-8" | "unicode11utf8" | "unicode20utf8"
        | "x-unicode20utf8" => Charset::Utf8,
        "utf-16" | "utf-16le" | "unicode" | "unicodefeff" | "ucs-2" | "iso-10646-ucs-2"
        | "csunicode" => Charset::Utf16Le,
        "utf-16be" | "unicodefffe" => Charset::Utf16Be,
        other => Charset::Other(other.to_owned()),
    }
}

/// Decodes text in an encoding other than UTF-8 and UTF-16, given its
/// label; `None` when the label names no encoding it knows.
pub type DecodeOther = fn(&[u8], &str) -> Option<String>;

/// A [`DecodeOther`] that knows no other encoding (native builds, and
/// JSON, which is UTF-8 by definition).
pub fn unicode_only(_: &[u8], _: &str) -> Option<String> {
    None
}

/// UTF-8 or UTF-16 text, invalid sequences replaced with U+FFFD (one bad
/// byte should not hide an article); `None` for other encodings.
pub fn decode_unicode(bytes: &[u8], charset: &Charset) -> Option<String> {
    let units = |be: bool| {
        bytes.chunks(2).map(move |pair| match pair {
            [a, b] if be => u16::from_be_bytes([*a, *b]),
            [a, b] => u16::from_le_bytes([*a, *b]),
            // An odd last byte: not a whole code unit.
            _ => 0xFFFD,
        })
    };
    let utf16 = |be| {
        char::decode_utf16(units(be))
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match charset {
        Charset::Utf8 => Some(String::from_utf8_lossy(bytes).into_owned()),
        Charset::Utf16Le => Some(utf16(false)),
        Charset::Utf16Be => Some(utf16(true)),
        Charset::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(label: &str) -> Charset {
        Charset::Other(label.into())
    }

    #[test]
    fn marks_then_declaration_then_header_then_utf8() {
        let decl = b"<?xml version=\"1.0\" encoding=\"WINDOWS-1251\"?>\n<rss/>";
        assert_eq!(sniff(decl, None).charset, other("windows-1251"));
        // The declaration wins over the header …
        assert_eq!(
            sniff(decl, Some("application/rss+xml; charset=utf-8")).charset,
            other("windows-1251")
        );
        // … the header over the default.
        let bare = b"<rss version=\"2.0\"/>";
        let koi = sniff(bare, Some("text/xml;charset=\"KOI8-R\""));
        assert_eq!((koi.charset, koi.markup), (other("koi8-r"), true));
        assert_eq!(sniff(bare, None).charset, Charset::Utf8);
        // Single quotes, spaces around '='.
        let single = b"<?xml version='1.0' encoding = 'iso-8859-5' ?><rss/>";
        assert_eq!(sniff(single, None).charset, other("iso-8859-5"));
        // A mark beats everything.
        let marked = [&[0xEF, 0xBB, 0xBF][..], decl].concat();
        let s = sniff(&marked, Some("text/xml; charset=koi8-r"));
        assert_eq!((s.charset, s.bom_len, s.markup), (Charset::Utf8, 3, true));
    }

    #[test]
    fn utf16_with_and_without_a_mark() {
        let le: Vec<u8> = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss>Привет</rss>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let s = sniff(&le, None);
        assert_eq!(
            (&s.charset, s.bom_len, s.markup),
            (&Charset::Utf16Le, 2, true)
        );
        let text = decode_unicode(le.get(2..).unwrap(), &s.charset).unwrap();
        assert!(text.ends_with("<rss>Привет</rss>"));
        let be: Vec<u8> = "{\"a\": 1}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let s = sniff(&be, None);
        assert_eq!(
            (&s.charset, s.bom_len, s.markup),
            (&Charset::Utf16Be, 0, false)
        );
        assert_eq!(decode_unicode(&be, &s.charset).unwrap(), "{\"a\": 1}");
        // An odd byte at the end and a lone surrogate: replaced, not fatal.
        assert_eq!(
            decode_unicode(&[0x3C, 0, 0x00, 0xD8, 0x41], &Charset::Utf16Le).unwrap(),
            "<\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn json_is_utf8_whatever_the_header_says() {
        let s = sniff(
            b"  {\"title\": 1}",
            Some("application/json; charset=windows-1251"),
        );
        assert_eq!((s.charset, s.markup), (Charset::Utf8, false));
    }

    #[test]
    fn a_declaration_of_utf16_in_ascii_bytes_is_wrong_about_itself() {
        let s = sniff(b"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss/>", None);
        assert_eq!(s.charset, Charset::Utf8);
    }

    #[test]
    fn labels_are_label_characters_only() {
        for hostile in [
            "<?xml encoding=\"a b\"?><x/>",
            "<?xml encoding=\"\"?><x/>",
            "<?xml encoding=\"x;y\"?><x/>",
            "<?xml encoding=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"?><x/>",
            "<?xml encoding=\"windows-1251<?x/>",
        ] {
            assert_eq!(
                sniff(hostile.as_bytes(), None).charset,
                Charset::Utf8,
                "{hostile}"
            );
        }
        assert_eq!(charset_param("text/xml; charset=\"a\u{0}b\""), None);
        assert_eq!(charset_param("text/xml"), None);
        assert_eq!(
            charset_param("text/xml; q=1; Charset=UTF-8").as_deref(),
            Some("utf-8")
        );
    }
}
