//! Which format a document is: JSON formats by their keys, XML ones by
//! their root element. `format=` may force one; a document of another
//! format is then named as what it is ([`FormatError::Mismatch`]).

use super::{Format, Platform};
use crate::de::{ParsedJson, Tree, OBJECT};
use crate::error::{DocumentError, FormatError, SyntaxError};

/// Tells the JSON formats apart by their keys.
pub(super) fn json_format(tree: &impl Tree) -> Result<Format, FormatError> {
    let found = tree.type_name();
    if found == "an array" {
        return Ok(Format::WordPress);
    }
    if found != OBJECT {
        return Err(FormatError::NotAnObject { found });
    }
    let keys = tree.keys();
    let has = |k: &str| keys.iter().any(|key| key == k);
    Ok(if has("posts") {
        Format::Ghost
    } else if has("version") && has("items") {
        Format::JsonFeed
    } else if has("content") && has("title") && (has("link") || has("guid")) {
        Format::WordPress
    } else if has("body_html") || has("title") && (has("published_at") || has("url")) {
        // The contract, maybe broken: its own errors say what is missing.
        Format::Contract
    } else {
        let mut listed: Vec<&str> = keys.iter().map(String::as_str).take(8).collect();
        if keys.len() > 8 {
            listed.push("…");
        }
        return Err(FormatError::Unrecognized {
            found: format!("a JSON object with keys {}", listed.join(", ")),
        });
    })
}

/// An XML document's root, parsed into the value its fields are read
/// from, and its format, which must be the one `format=` asked for. An
/// (X)HTML page is named as such: a login or error page came back.
pub(super) fn xml_root(
    text: &str,
    asked: Option<Format>,
    platform: &Platform,
) -> Result<(ParsedJson, Format), DocumentError> {
    let (root, value) = (platform.parse_xml)(text)?;
    let format = match root.as_str() {
        // RSS 1.0 is RDF: a channel with its items beside it.
        "rss" | "RDF" => Some(Format::Rss),
        "feed" => Some(Format::Atom),
        "html" if asked.is_none() => return Err(SyntaxError::HtmlPage.into()),
        _ => None,
    };
    match (asked, format) {
        (Some(asked), _) if Some(asked) != format => Err(FormatError::Mismatch {
            asked: asked.name(),
            found: describe(&root),
        }
        .into()),
        (_, Some(format)) => Ok((value, format)),
        (_, None) => Err(FormatError::Unrecognized {
            found: describe(&root),
        }
        .into()),
    }
}

/// What an XML document is, by its root element, for errors.
fn describe(root: &str) -> String {
    match root {
        "rss" => "an RSS feed".to_owned(),
        "feed" => "an Atom feed".to_owned(),
        "html" => "an HTML page".to_owned(),
        name => format!("an XML document with root <{name}>"),
    }
}
