//! What comes before an XML document's root: entity declarations are
//! refused before any parser sees them.
//!
//! A feed of a few kilobytes that declares an entity in its internal DTD
//! subset and uses it thousands of times (or nests entities: "billion
//! laughs") expands inside the browser's parser into hundreds of megabytes,
//! beyond every size limit checked on the bytes. Feeds have no use for
//! entity declarations (RSS 0.91's external DTD is only named, never
//! fetched), so the whole family — general, parameter, nested, external —
//! is refused by one rule: no `<!ENTITY` in the document type declaration.
//!
//! ```
//! use article_embed_core::formats::prolog::declares_entities;
//! assert!(declares_entities("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">]><r>&a;</r>"));
//! assert!(!declares_entities("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"x.dtd\"><rss/>"));
//! ```

/// The text after the XML declaration (`<?xml version="1.0"
/// encoding="windows-1251"?>`): once decoded, the text is no longer in the
/// encoding the declaration names, and a parser must not be told it is.
pub fn without_declaration(text: &str) -> &str {
    let declaration = text
        .strip_prefix("<?xml")
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '?'));
    declaration
        .and_then(|rest| skip_past(rest, "?>"))
        .unwrap_or(text)
}

/// True when the document's DTD declares an entity (or cannot be read to
/// the end, which only a broken or hostile document does).
pub fn declares_entities(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(pi) = rest.strip_prefix("<?") {
            match skip_past(pi, "?>") {
                Some(after) => rest = after,
                None => return false,
            }
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            match skip_past(comment, "-->") {
                Some(after) => rest = after,
                None => return false,
            }
        } else if starts_with_ignore_case(rest, "<!DOCTYPE") {
            return doctype_declares_entities(rest.get("<!DOCTYPE".len()..).unwrap_or_default());
        } else {
            // The root element (or text that is not XML): no DTD.
            return false;
        }
    }
}

/// The declaration after `<!DOCTYPE`: its name and external id, then the
/// internal subset between `[` and `]`.
fn doctype_declares_entities(doctype: &str) -> bool {
    let mut chars = doctype.char_indices();
    let mut quote = None;
    let subset = loop {
        let Some((at, c)) = chars.next() else {
            return true;
        };
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return false,
            (None, '[') => break doctype.get(at + 1..).unwrap_or_default(),
            _ => {}
        }
    };
    subset_declares_entities(subset)
}

/// Walks the internal subset declaration by declaration, so that a `]>`
/// inside a comment or a quoted value does not end it early.
fn subset_declares_entities(mut rest: &str) -> bool {
    loop {
        rest = rest.trim_start();
        if rest.starts_with(']') {
            return false;
        }
        let after = if let Some(comment) = rest.strip_prefix("<!--") {
            skip_past(comment, "-->")
        } else if let Some(pi) = rest.strip_prefix("<?") {
            skip_past(pi, "?>")
        } else if let Some(declaration) = rest.strip_prefix("<!") {
            if starts_with_ignore_case(declaration, "ENTITY") {
                return true;
            }
            skip_declaration(declaration)
        } else if let Some(reference) = rest.strip_prefix('%') {
            // A parameter-entity reference: only an entity could define it.
            skip_past(reference, ";")
        } else {
            // Nothing else may stand in a subset: the parser will refuse it.
            return !rest.is_empty() && !rest.starts_with(']');
        };
        match after {
            Some(after) => rest = after,
            None => return true,
        }
    }
}

/// Past the `>` ending a markup declaration (or a tag), quoted values
/// skipped.
pub(crate) fn skip_declaration(declaration: &str) -> Option<&str> {
    let mut quote = None;
    for (at, c) in declaration.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return declaration.get(at + 1..),
            _ => {}
        }
    }
    None
}

pub(crate) fn skip_past<'a>(text: &'a str, end: &str) -> Option<&'a str> {
    text.find(end).and_then(|at| text.get(at + end.len()..))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::declares_entities;

    #[test]
    fn the_expansion_family_is_caught() {
        let cases = [
            // Linear: one big entity used many times.
            "<!DOCTYPE rss [<!ENTITY big \"xxxxxxxxxx\">]><rss>&big;&big;</rss>",
            // Nested ("billion laughs").
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;\">\n]>\n<lolz>&lol2;</lolz>",
            // Parameter entities.
            "<!DOCTYPE r [<!ENTITY % p \"<!ENTITY e 'x'>\"> %p; ]><r>&e;</r>",
            // External.
            "<!DOCTYPE r [<!ENTITY ext SYSTEM \"http://evil.example/x\">]><r>&ext;</r>",
            // Lowercase, after comments and processing instructions.
            "<?xml version=\"1.0\"?><!-- a --><?pi x?><!doctype r [<!entity a \"b\">]><r/>",
            // A ']>' inside a comment or a quoted default does not end the subset.
            "<!DOCTYPE r [<!-- ]> --><!ENTITY a \"b\">]><r/>",
            "<!DOCTYPE r [<!ATTLIST r a CDATA \"]>\"><!ENTITY a \"b\">]><r/>",
            // A '[' inside the external id's quotes is not the subset.
            "<!DOCTYPE r SYSTEM \"a[b\" [<!ENTITY a \"b\">]><r/>",
            // Cut short inside the subset.
            "<!DOCTYPE r [<!ELEMENT r ANY",
            "<!DOCTYPE r [ junk ]><r/>",
        ];
        for case in cases {
            assert!(declares_entities(case), "{case}");
        }
    }

    #[test]
    fn the_declaration_is_dropped_once_decoded() {
        use super::without_declaration;
        let feed = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss/>";
        assert_eq!(without_declaration(feed), "\n<rss/>");
        // A processing instruction whose name only starts with "xml" stays.
        assert_eq!(
            without_declaration("<?xml-stylesheet x?><rss/>"),
            "<?xml-stylesheet x?><rss/>"
        );
        assert_eq!(
            without_declaration("<?xml version='1.0'"),
            "<?xml version='1.0'"
        );
    }

    #[test]
    fn real_prologs_pass() {
        let cases = [
            "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss version=\"2.0\"><channel/></rss>",
            "\u{feff}<?xml version=\"1.0\"?><?xml-stylesheet href=\"rss.xsl\"?><rss/>",
            "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"/>",
            "<!DOCTYPE r [<!ELEMENT r ANY><!ATTLIST r a CDATA \"x\"> <!-- c --> ]><r/>",
            // Declarations in the body's text, not in a DTD.
            "<rss><![CDATA[<!DOCTYPE x [<!ENTITY a \"b\">]>]]></rss>",
            "",
        ];
        for case in cases {
            assert!(!declares_entities(case), "{case}");
        }
    }
}
