//! The core's `Platform` on the server: roxmltree for feeds (`crate::xml`),
//! encoding_rs for every WHATWG encoding (what the browser's `TextDecoder`
//! knows), excerpts' tags stripped, items found by any spelling of their
//! link.

use article_embed_core::formats::text::strip_tags;
use article_embed_core::formats::{exact_item, Platform};

/// The server's parsers.
pub const PLATFORM: Platform = Platform {
    parse_xml: crate::xml::parse_xml,
    html_text: strip_tags,
    decode_other,
    same_item,
};

/// An item asked for by any spelling of its link is the item
/// ([`crate::spelling`]): a partner's link with `?utm_source=…` or without
/// its trailing slash finds the article the feed lists.
fn same_item(found: &str, wanted: &str) -> bool {
    exact_item(found, wanted)
        || crate::spelling::spelling(found) == crate::spelling::spelling(wanted)
}

/// As `TextDecoder` does: the label's encoding, invalid sequences replaced,
/// no byte-order mark handling (the core skipped it); the `replacement`
/// encoding, which `TextDecoder` refuses, is refused too.
fn decode_other(bytes: &[u8], label: &str) -> Option<String> {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    if encoding == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::decode_other;

    #[test]
    fn legacy_encodings_decode_as_browsers_do() {
        assert_eq!(
            decode_other(&[0xcf, 0xf0, 0xe8], "windows-1251").as_deref(),
            Some("При")
        );
        assert_eq!(
            decode_other(&[0xf0, 0xd2, 0xc9], "koi8-r").as_deref(),
            Some("При")
        );
        assert_eq!(
            decode_other(&[0x41, 0, 0x42, 0], "utf-16le").as_deref(),
            Some("AB")
        );
        assert_eq!(decode_other(b"x", "replacement"), None);
        assert_eq!(decode_other(b"x", "x-klingon"), None);
    }
}
