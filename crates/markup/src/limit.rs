//! A linear pre-pass that bounds what the browser's HTML parser is given.
//!
//! Chromium's parser is quadratic on deeply nested formatting elements: a body
//! of 100 000 nested `<b>` takes ~30 s to parse, freezing the partner's tab.
//! Past `max_depth` open elements, further opening tags are dropped (their
//! text stays); past `max_tags` tags, the rest of the body is cut. Ordinary
//! articles are far inside both limits and pass through unchanged.
//!
//! It also renames `style` attributes to [`STYLE_ATTR`] before the browser
//! parses them: parsing a `style` attribute, even in an inert `DOMParser`
//! document, is checked against the partner page's Content Security Policy,
//! and a strict one reports every article with inline styles as a violation.
//! The cleaner reads the renamed attribute (only to learn an alignment).

use super::repair::real_tag_len;
use article_embed_core::formats::text::VOID_ELEMENTS;

/// Default limits: the cleaner keeps 32 levels and 20 000 nodes anyway.
/// 15 000 tags is above the longest real body in the corpus (a Wikipedia
/// article of 13 600 tags), and what the browser's parser takes in well
/// under 200 ms on the test machine.
pub const MAX_DEPTH: usize = 64;
/// Tags read at most; the rest of the body is cut (see above).
pub const MAX_TAGS: usize = 15_000;

/// Elements whose end tag may be left out; they never nest deeply in real
/// markup, and counting them would make a CMS that omits `</p>` look deep.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rt",
    "rp", "colgroup", "caption", "html", "head", "body",
];

const VOID: &[&str] = &VOID_ELEMENTS;

/// `<img>` tags past this count are dropped before parsing: the cleaner
/// keeps 300 images (`clean::MAX_BODY_IMAGES`), and a body of 50 000 images
/// would otherwise make the browser's parser build every one of them.
pub(crate) const MAX_IMAGE_TAGS: usize = 1_000;

/// Bytes of text (between tags) kept; the rest of the body is cut. The
/// browser lays a paragraph out in one go: one of 7.5 MB froze the page for
/// 1.5 s, in the widget or written plainly into the DOM, and one of 512 KB
/// for ~120 ms. The longest real body in the corpus has 165 KB of text (a
/// Wikipedia article): this is twice that, a 25 000-word article in
/// Cyrillic (two bytes a letter).
pub(crate) const MAX_TEXT_BYTES: usize = 320 * 1024;

/// What `style` attributes are called when the browser parses a body.
pub(crate) const STYLE_ATTR: &str = "data-ae-style";

/// The body as the browser's parser may take it: opening tags past
/// `max_depth` open elements dropped (their text stays), the rest cut after
/// `max_tags` tags or `MAX_TEXT_BYTES` of text, `<img>`s past
/// `MAX_IMAGE_TAGS` dropped, `style` attributes renamed `STYLE_ATTR`.
pub fn limit_markup(html: &str, max_depth: usize, max_tags: usize) -> String {
    let mut out = String::with_capacity(html.len());
    let mut text_left = MAX_TEXT_BYTES;
    let mut depth = 0usize;
    let mut tags = 0usize;
    let mut images = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let Some((text, from_lt)) = rest.split_at_checked(lt) else {
            break;
        };
        if !push_text(&mut out, text, &mut text_left) {
            return out;
        }
        let Some(len) = real_tag_len(from_lt) else {
            out.push('<');
            rest = from_lt.get(1..).unwrap_or_default();
            continue;
        };
        let tag = from_lt.get(..len).unwrap_or_default();
        rest = from_lt.get(len..).unwrap_or_default();
        if tags >= max_tags {
            return out;
        }
        let inner = tag.trim_start_matches('<');
        if inner.starts_with('!') {
            out.push_str(tag);
        } else if let Some(closing) = inner.strip_prefix('/') {
            if is_one_of(tag_name(closing), OPTIONAL_END) {
                tags += 1;
                out.push_str(tag);
            } else if depth > 0 {
                // A closing tag with nothing (we know of) open closes nothing.
                depth -= 1;
                tags += 1;
                out.push_str(tag);
            }
        } else {
            let name = tag_name(inner);
            let opens =
                !is_one_of(name, VOID) && !is_one_of(name, OPTIONAL_END) && !tag.ends_with("/>");
            if opens && depth >= max_depth {
                continue; // too deep: drop the tag, keep what follows
            }
            if name.eq_ignore_ascii_case("img") {
                images += 1;
                if images > MAX_IMAGE_TAGS {
                    continue;
                }
            }
            if opens {
                depth += 1;
            }
            tags += 1;
            rename_style(tag, &mut out);
        }
    }
    push_text(&mut out, rest, &mut text_left);
    out
}

/// Pushes `text` if `left` bytes of text allow, else as much of it as they
/// do (whole characters) and returns false.
fn push_text(out: &mut String, text: &str, left: &mut usize) -> bool {
    let mut end = text.len().min(*left);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(text.get(..end).unwrap_or_default());
    *left -= end;
    end == text.len()
}

/// Writes an opening tag with its `style` attributes renamed to
/// [`STYLE_ATTR`] (names are read as the HTML tokenizer reads them: up to
/// whitespace, `/`, `=` or `>`; values quoted or not).
fn rename_style(tag: &str, out: &mut String) {
    let named_style = |w: &[u8]| w.eq_ignore_ascii_case(b"style");
    if !tag.as_bytes().windows(5).any(named_style) {
        out.push_str(tag);
        return;
    }
    let bytes = tag.as_bytes();
    let mut i = 1 + tag
        .get(1..)
        .unwrap_or_default()
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len().saturating_sub(1));
    out.push_str(tag.get(..i).unwrap_or_default());
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b'>');
    while i < bytes.len() {
        let start = i;
        while at(i).is_ascii_whitespace() || at(i) == b'/' {
            i += 1;
        }
        if at(i) == b'>' {
            i = start;
            break;
        }
        out.push_str(tag.get(start..i).unwrap_or_default());
        let name_start = i;
        i += 1;
        while !(at(i).is_ascii_whitespace() || matches!(at(i), b'/' | b'=' | b'>')) {
            i += 1;
        }
        let name = tag.get(name_start..i).unwrap_or_default();
        if name.eq_ignore_ascii_case("style") {
            out.push_str(STYLE_ATTR);
        } else {
            out.push_str(name);
        }
        let value_start = i;
        while at(i).is_ascii_whitespace() {
            i += 1;
        }
        if at(i) == b'=' {
            i += 1;
            while at(i).is_ascii_whitespace() {
                i += 1;
            }
            match at(i) {
                quote @ (b'"' | b'\'') => {
                    i += 1;
                    while i < bytes.len() && at(i) != quote {
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while !(at(i).is_ascii_whitespace() || at(i) == b'>') {
                        i += 1;
                    }
                }
            }
        } else {
            i = value_start;
        }
        out.push_str(tag.get(value_start..i.min(bytes.len())).unwrap_or_default());
    }
    out.push_str(tag.get(i.min(bytes.len())..).unwrap_or_default());
}

/// The tag name at the start of `s`, as written (compare it with
/// [`is_one_of`]): no copy per tag, of which a body at the caps has 50 000.
fn tag_name(s: &str) -> &str {
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    s.get(..end).unwrap_or_default()
}

/// Whether `name` is one of `names` (lowercase), in any case.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_the_cap_is_cut_at_a_whole_character() {
        // Two-byte letters after one byte: the cap falls inside a letter.
        let long = format!("<p>a{}</p><p>after</p>", "ж".repeat(MAX_TEXT_BYTES));
        let out = limit_markup(&long, MAX_DEPTH, MAX_TAGS);
        assert_eq!(out, format!("<p>a{}", "ж".repeat(MAX_TEXT_BYTES / 2 - 1)));
        let short = "<p>a</p>b<i>c</i>";
        assert_eq!(limit_markup(short, MAX_DEPTH, MAX_TAGS), short);
    }

    #[test]
    fn images_past_the_cap_are_not_parsed() {
        let many = "<img src=a.jpg>".repeat(MAX_IMAGE_TAGS + 10);
        let out = limit_markup(&format!("{many}<p>after</p>"), MAX_DEPTH, MAX_TAGS);
        assert_eq!(out.matches("<img").count(), MAX_IMAGE_TAGS);
        assert!(out.ends_with("<p>after</p>"));
    }

    #[test]
    fn ordinary_markup_passes_through_unchanged() {
        let html = "<p>a <b>b</b> <img src=x> c<br/><!-- x --> 1 < 2</p><ul><li>i</li></ul>";
        assert_eq!(limit_markup(html, MAX_DEPTH, MAX_TAGS), html);
    }

    #[test]
    fn pathological_nesting_is_flattened_keeping_the_text() {
        let deep = format!(
            "{}deep text{}",
            "<b>".repeat(100_000),
            "</b>".repeat(100_000)
        );
        let out = limit_markup(&deep, 64, MAX_TAGS);
        assert_eq!(out.matches("<b>").count(), 64);
        assert!(out.contains("deep text"));
    }

    #[test]
    fn unclosed_paragraphs_do_not_count_as_depth() {
        let html = format!("{}<b>kept</b>", "<p>para".repeat(500));
        assert!(limit_markup(&html, 64, MAX_TAGS).ends_with("<b>kept</b>"));
    }

    #[test]
    fn style_attributes_reach_the_parser_renamed() {
        let cases = [
            (
                r#"<p style="color:red">x</p>"#,
                r#"<p data-ae-style="color:red">x</p>"#,
            ),
            (
                r#"<img STYLE='a' src=x>"#,
                r#"<img data-ae-style='a' src=x>"#,
            ),
            (
                r#"<span title="style=x" style=float:left>"#,
                r#"<span title="style=x" data-ae-style=float:left>"#,
            ),
            ("<p data-style=a>", "<p data-style=a>"),
            ("<br style/>", "<br data-ae-style/>"),
            (
                r#"<div class="x"style="y">"#,
                r#"<div class="x"data-ae-style="y">"#,
            ),
        ];
        for (html, expected) in cases {
            assert_eq!(limit_markup(html, MAX_DEPTH, MAX_TAGS), expected, "{html}");
        }
        // Text that says style= is text.
        let text = "<p>the style=bold rule</p>";
        assert_eq!(limit_markup(text, MAX_DEPTH, MAX_TAGS), text);
    }

    #[test]
    fn tag_count_is_bounded() {
        let many = "<p>x</p>".repeat(100_000);
        let out = limit_markup(&many, MAX_DEPTH, 1000);
        assert_eq!(out.matches("<p>").count(), 500);
    }
}
