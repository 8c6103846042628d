//! A feed cut to its first items before it is parsed.
//!
//! Only the first [`crate::contract::MAX_FEED_ITEMS`] items of a feed are
//! read, but a parser builds the whole tree it is given: a feed of 100 000
//! items froze the page for over a second inside the browser's parser. The
//! text is cut before the first item past the limit, and the elements still
//! open there are closed, so the parser gets a well-formed feed of the items
//! that will be read.
//!
//! ```
//! use article_embed_core::formats::trim::first_items;
//! let feed = "<rss><channel><title>T</title><item>1</item><item>2</item><item>3</item></channel></rss>";
//! assert_eq!(first_items(feed, 2), "<rss><channel><title>T</title><item>1</item><item>2</item></channel></rss>");
//! ```

use std::borrow::Cow;

use super::prolog::{skip_declaration, skip_past};

/// `text` with at most `max` `<item>` / `<entry>` elements: the rest cut,
/// the elements open at the cut closed. Unchanged when it has no more.
pub fn first_items(text: &str, max: usize) -> Cow<'_, str> {
    let mut open: Vec<&str> = Vec::new();
    let mut items = 0;
    let mut at = 0;
    while let Some(lt) = text.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + lt;
        let rest = text.get(start..).unwrap_or_default();
        let after = if rest.starts_with("<!--") {
            skip_past(rest, "-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_past(rest, "]]>")
        } else if rest.starts_with("<?") {
            skip_past(rest, "?>")
        } else {
            let after = skip_declaration(rest);
            let inner = rest.get(1..).unwrap_or_default();
            if let Some(closing) = inner.strip_prefix('/') {
                let name = name_of(closing);
                // Pop back to the element it closes (a stray one closes nothing).
                if let Some(i) = open.iter().rposition(|o| *o == name) {
                    open.truncate(i);
                }
            } else if !inner.starts_with('!') {
                let tag = rest.get(..rest.len() - after.map_or(0, str::len));
                if tag.is_some_and(|t| !t.ends_with("/>")) {
                    let name = name_of(inner);
                    if name == "item" || name == "entry" {
                        items += 1;
                        if items > max {
                            return Cow::Owned(close(text.get(..start).unwrap_or_default(), &open));
                        }
                    }
                    open.push(name);
                }
            }
            after
        };
        match after {
            Some(after) => at = text.len() - after.len(),
            // Cut short: the parser will say it is not well-formed.
            None => break,
        }
    }
    Cow::Borrowed(text)
}

/// The text, then an end tag for each element still open.
fn close(text: &str, open: &[&str]) -> String {
    let mut out = String::from(text);
    for name in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out
}

/// The name at the start of a tag's inside (`content:encoded`, `item`).
fn name_of(inner: &str) -> &str {
    let end = inner
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(inner.len());
    inner.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::first_items;

    #[test]
    fn feeds_within_the_limit_are_untouched() {
        let feed =
            "<?xml version=\"1.0\"?><rss><channel><item><title>a</title></item></channel></rss>";
        assert!(matches!(
            first_items(feed, 1),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_cut_closes_what_is_open_and_skips_what_only_looks_like_tags() {
        let item = |i: usize| {
            format!(
                "<item a=\"x>y\"><title>{i}</title><description><![CDATA[<item><p>not an item</p>]]></description><!-- <item> --><enclosure url=\"u\"/></item>"
            )
        };
        let items: String = (0..5).map(item).collect();
        let feed = format!("<?xml version=\"1.0\"?><rss xmlns:content=\"c\"><channel><title>T</title>{items}</channel></rss>");
        let cut = first_items(&feed, 2);
        let kept: String = (0..2).map(item).collect();
        assert_eq!(
            cut,
            format!("<?xml version=\"1.0\"?><rss xmlns:content=\"c\"><channel><title>T</title>{kept}</channel></rss>")
        );
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id></entry><entry><id>2</id></entry></feed>";
        assert_eq!(
            first_items(atom, 1),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id></entry></feed>"
        );
    }
}
