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
//! UTF-8 is decoded here; every other encoding (UTF-16 included) by the
//! platform: the browser's `TextDecoder` in the widget, which knows every
//! WHATWG encoding, so the wasm carries no decoder and no tables.
//!
//! ```
//! use article_embed_core::encoding::sniff;
//! let feed = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>";
//! assert_eq!(sniff(feed, None).label.as_deref(), Some("windows-1251"));
//! assert_eq!(sniff(b"\xEF\xBB\xBF{}", Some("text/plain; charset=koi8-r")).label, None);
//! ```

/// What [`sniff`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding's label, lowercase (`utf-16le`, `windows-1251`, …);
    /// `None` for UTF-8.
    pub label: Option<String>,
    /// Bytes of byte-order mark to skip.
    pub bom_len: usize,
    /// Markup (XML, or an HTML page) rather than JSON.
    pub markup: bool,
}

use std::borrow::Cow;

/// Longest label read from a declaration or a header: WHATWG's are ≤ 19.
const MAX_LABEL: usize = 40;

/// How far the XML declaration's end is looked for.
const DECLARATION_WINDOW: usize = 1024;

const UTF16LE: &str = "utf-16le";
const UTF16BE: &str = "utf-16be";

/// The encoding of a document from its first bytes and the answer's
/// `Content-Type`.
pub fn sniff(bytes: &[u8], content_type: Option<&str>) -> Sniffed {
    let (label, bom_len) = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (None, 3),
        [0xFF, 0xFE, ..] => (Some(UTF16LE), 2),
        [0xFE, 0xFF, ..] => (Some(UTF16BE), 2),
        // UTF-16 without a mark: '<', '{' or '[' next to a zero byte.
        [b'<' | b'{' | b'[', 0, ..] => (Some(UTF16LE), 0),
        [0, b'<' | b'{' | b'[', ..] => (Some(UTF16BE), 0),
        _ => (None, 0),
    };
    // The first character that is not whitespace (in UTF-16, its low byte).
    let (mut at, step) = match label {
        Some(UTF16LE) => (bom_len, 2),
        Some(_) => (bom_len + 1, 2),
        None => (bom_len, 1),
    };
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += step;
    }
    let markup = bytes.get(at) == Some(&b'<');
    let label = match label {
        Some(label) => Some(label.to_owned()),
        None if bom_len == 0 && markup => declared(bytes, content_type),
        None => None,
    };
    Sniffed {
        label,
        bom_len,
        markup,
    }
}

/// What ASCII-compatible markup says it is: its XML declaration, else the
/// header. UTF-8 is `None`; so is a declaration of UTF-16 in a document
/// that is not UTF-16, which is wrong about itself (the bytes are what they
/// look like; WHATWG does the same).
fn declared(bytes: &[u8], content_type: Option<&str>) -> Option<String> {
    let declaration = bytes.strip_prefix(b"<?xml").and_then(|head| {
        let end = head
            .iter()
            .take(DECLARATION_WINDOW)
            .position(|b| *b == b'>')?;
        std::str::from_utf8(head.get(..end)?).ok()
    });
    let label = declaration
        .and_then(|d| param(d, "encoding"))
        .or_else(|| param(&content_type?.to_ascii_lowercase(), "charset"))?;
    let unicode = label.starts_with("utf-16") || label == "utf-8" || label == "utf8";
    (!unicode).then_some(label)
}

/// The value after `name=` (an XML declaration's `encoding`, a header's
/// `charset`), unquoted, lowercase; `None` unless it is made of label
/// characters only (anything else is not an encoding's name).
fn param(text: &str, name: &str) -> Option<String> {
    let (_, value) = text.split_once(name)?;
    let value = value.trim_start().strip_prefix('=')?.trim_start();
    let label = match value.strip_prefix(['"', '\'']) {
        // Quoted: up to the same quote.
        Some(quoted) => quoted.get(..quoted.find(value.get(..1)?)?)?,
        None => value.split(';').next()?.trim_end(),
    };
    let ok = !label.is_empty()
        && label.len() <= MAX_LABEL
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    ok.then(|| label.to_ascii_lowercase())
}

/// Decodes text in an encoding other than UTF-8, given its label; `None`
/// when the label names no encoding it knows.
pub type DecodeOther = fn(&[u8], &str) -> Option<String>;

/// A [`DecodeOther`] that knows no other encoding: JSON is UTF-8 by
/// definition.
pub fn utf8_only(_: &[u8], _: &str) -> Option<String> {
    None
}

/// The text of `bytes` in the encoding `label` names (`None`: UTF-8),
/// invalid sequences replaced with U+FFFD (one bad byte should not hide an
/// article). UTF-8 is decoded here; every other encoding, UTF-16 included,
/// by `decode_other` (the browser's `TextDecoder` in the widget: no decoder
/// code in the wasm); `None` when it does not know the encoding.
pub fn decode<'a>(
    bytes: &'a [u8],
    label: Option<&str>,
    decode_other: DecodeOther,
) -> Option<Cow<'a, str>> {
    match label {
        None => Some(String::from_utf8_lossy(bytes)),
        Some(label) => decode_other(bytes, label).map(Cow::Owned),
    }
}

/// A [`DecodeOther`] for UTF-16 alone, in Rust: [`crate::Platform::plain`]'s.
pub fn utf16_only(bytes: &[u8], label: &str) -> Option<String> {
    let be = match label {
        UTF16LE => false,
        UTF16BE => true,
        _ => return None,
    };
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] if be => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        // An odd last byte: not a whole code unit.
        _ => 0xFFFD,
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(label: &str) -> Option<String> {
        Some(label.into())
    }

    #[test]
    fn marks_then_declaration_then_header_then_utf8() {
        let decl = b"<?xml version=\"1.0\" encoding=\"WINDOWS-1251\"?>\n<rss/>";
        assert_eq!(sniff(decl, None).label, other("windows-1251"));
        // The declaration wins over the header …
        assert_eq!(
            sniff(decl, Some("application/rss+xml; charset=utf-8")).label,
            other("windows-1251")
        );
        // … the header over the default.
        let bare = b"<rss version=\"2.0\"/>";
        let koi = sniff(bare, Some("text/xml;charset=\"KOI8-R\""));
        assert_eq!((koi.label, koi.markup), (other("koi8-r"), true));
        assert_eq!(sniff(bare, None).label, None);
        // Single quotes, spaces around '='.
        let single = b"<?xml version='1.0' encoding = 'iso-8859-5' ?><rss/>";
        assert_eq!(sniff(single, None).label, other("iso-8859-5"));
        // A mark beats everything.
        let marked = [&[0xEF, 0xBB, 0xBF][..], decl].concat();
        let s = sniff(&marked, Some("text/xml; charset=koi8-r"));
        assert_eq!((s.label, s.bom_len, s.markup), (None, 3, true));
    }

    #[test]
    fn utf16_with_and_without_a_mark() {
        let le: Vec<u8> = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss>Привет</rss>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let s = sniff(&le, None);
        assert_eq!(
            (&s.label, s.bom_len, s.markup),
            (&Some("utf-16le".to_owned()), 2, true)
        );
        let text = decode(le.get(2..).unwrap(), s.label.as_deref(), utf16_only).unwrap();
        assert!(text.ends_with("<rss>Привет</rss>"));
        let be: Vec<u8> = "{\"a\": 1}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let s = sniff(&be, None);
        assert_eq!(
            (&s.label, s.bom_len, s.markup),
            (&Some("utf-16be".to_owned()), 0, false)
        );
        assert_eq!(
            decode(&be, s.label.as_deref(), utf16_only).unwrap(),
            "{\"a\": 1}"
        );
        // An odd byte at the end and a lone surrogate: replaced, not fatal.
        assert_eq!(
            decode(&[0x3C, 0, 0x00, 0xD8, 0x41], Some("utf-16le"), utf16_only).unwrap(),
            "<\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn json_is_utf8_whatever_the_header_says() {
        let s = sniff(
            b"  {\"title\": 1}",
            Some("application/json; charset=windows-1251"),
        );
        assert_eq!((s.label, s.markup), (None, false));
    }

    #[test]
    fn a_declaration_of_utf16_in_ascii_bytes_is_wrong_about_itself() {
        let s = sniff(b"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss/>", None);
        assert_eq!(s.label, None);
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
            assert_eq!(sniff(hostile.as_bytes(), None).label, None, "{hostile}");
        }
        assert_eq!(param("text/xml; charset=\"a\u{0}b\"", "charset"), None);
        assert_eq!(param("text/xml", "charset"), None);
        let header = sniff(b"<rss/>", Some("text/xml; q=1; Charset=ISO-8859-1"));
        assert_eq!(header.label, other("iso-8859-1"));
    }
}
