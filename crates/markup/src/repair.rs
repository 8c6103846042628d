//! Narrow repair of the tags our publishers' CMS breaks by inserting a space
//! after `<`: `< /b>` and `< img alt="…" src="…">`.
//!
//! A browser reads `< /b>` as text, so the bold never closes and the tag shows
//! up as literal characters. We turn such a sequence back into a tag only when
//! it is unmistakably one: a known tag name, and then either `>` at once, or
//! attributes that all carry quoted values. Ordinary prose like `a < b`,
//! `if x < y and z > w` or `< b >` stays text.

/// Tag names the CMS is known to emit; nothing else is ever repaired.
const REPAIRABLE: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "s",
    "strong",
    "u",
    "ul",
];

/// Returns `html` with broken CMS tags repaired. Idempotent.
pub fn repair_markup(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let Some((before, from_lt)) = rest.split_at_checked(lt) else {
            break;
        };
        out.push_str(before);
        if let Some(len) = real_tag_len(from_lt) {
            // Copy well-formed tags whole, so text inside their quoted
            // attributes is never "repaired" (which keeps repair idempotent).
            out.push_str(from_lt.get(..len).unwrap_or_default());
            rest = from_lt.get(len..).unwrap_or_default();
            continue;
        }
        match broken_tag_len(from_lt) {
            Some((len, repaired)) => {
                out.push_str(&repaired);
                rest = from_lt.get(len..).unwrap_or_default();
            }
            None => {
                out.push('<');
                rest = from_lt.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `s` (starting at `<`) opens a well-formed tag, comment or doctype,
/// returns its length up to and including the `>` that ends it.
pub(crate) fn real_tag_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if s.starts_with("<!--") {
        return s.get(4..)?.find("-->").map(|i| i + 4 + 3);
    }
    let starts_tag = match bytes.get(1) {
        Some(b'!') => true,
        Some(b'/') => bytes.get(2).is_some_and(u8::is_ascii_alphabetic),
        Some(b) => b.is_ascii_alphabetic(),
        None => false,
    };
    if !starts_tag {
        return None;
    }
    let mut quote = None;
    for (i, b) in bytes.iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(*b),
            (Some(q), _) if q == *b => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// If `s` (starting at `<`) is a broken tag, returns its length and the
/// repaired tag.
fn broken_tag_len(s: &str) -> Option<(usize, String)> {
    let bytes = s.as_bytes();
    let mut pos = 1;
    let spaces_start = pos;
    while bytes.get(pos).is_some_and(|b| *b == b' ' || *b == b'\t') {
        pos += 1;
    }
    if pos == spaces_start {
        return None; // `<b>` is not broken
    }
    let closing = bytes.get(pos) == Some(&b'/');
    if closing {
        pos += 1;
    }
    let name_start = pos;
    while bytes.get(pos).is_some_and(u8::is_ascii_alphanumeric) {
        pos += 1;
    }
    let name = s.get(name_start..pos)?.to_ascii_lowercase();
    if !REPAIRABLE.contains(&name.as_str()) {
        return None;
    }
    if closing {
        return (bytes.get(pos) == Some(&b'>')).then(|| (pos + 1, format!("</{name}>")));
    }
    if bytes.get(pos) == Some(&b'>') {
        return Some((pos + 1, format!("<{name}>")));
    }
    let attrs_start = pos;
    let mut attr_count = 0;
    loop {
        let ws_start = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        match bytes.get(pos) {
            Some(b'>') if attr_count > 0 => break,
            Some(b'/') if attr_count > 0 && bytes.get(pos + 1) == Some(&b'>') => {
                pos += 1;
                break;
            }
            _ if pos == ws_start => return None,
            _ => {}
        }
        let attr_name_start = pos;
        while bytes
            .get(pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        {
            pos += 1;
        }
        if pos == attr_name_start || bytes.get(pos) != Some(&b'=') {
            return None;
        }
        pos += 1;
        let quote = *bytes.get(pos).filter(|q| **q == b'"' || **q == b'\'')?;
        let value_len = s.get(pos + 1..)?.find(char::from(quote))?;
        pos += value_len + 2;
        attr_count += 1;
    }
    let attrs = s.get(attrs_start..pos)?.trim_end_matches('/').trim_end();
    Some((pos + 1, format!("<{name}{attrs}>")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_the_bold_the_cms_broke() {
        assert_eq!(
            repair_markup("<b>Xi Jinping and Vladimir Putin < /b>August 25"),
            "<b>Xi Jinping and Vladimir Putin </b>August 25"
        );
        assert_eq!(repair_markup("Jiang Yi< /b> stated"), "Jiang Yi</b> stated");
        assert_eq!(repair_markup("x <  /B> y"), "x </b> y");
    }

    #[test]
    fn turns_the_broken_img_into_an_image() {
        let seed = r#"< img alt="Russia China Negotiations 2.jpg" src="/upload/medialibrary/4cd/4cd7dc0b112a4efad549dfa87fb0ee0a.jpg" title="Russia China Negotiations 2.jpg">"#;
        assert_eq!(
            repair_markup(seed),
            r#"<img alt="Russia China Negotiations 2.jpg" src="/upload/medialibrary/4cd/4cd7dc0b112a4efad549dfa87fb0ee0a.jpg" title="Russia China Negotiations 2.jpg">"#
        );
        assert_eq!(repair_markup("< img src='a.jpg' />"), "<img src='a.jpg'>");
    }

    #[test]
    fn leaves_ordinary_text_with_less_than_signs_alone() {
        for text in [
            "a < b",
            "if a < b and c > d",
            "a < b > c",
            "x < /b",
            "< img",
            "< img alt=unquoted>",
            "< img alt=\"never closed>",
            "< script>alert(1)</script>",
            "< /script>",
            "1 < 2 < 3 > 0",
            "<b>already fine</b>",
            "< bold>",
            "<",
            "< ",
        ] {
            assert_eq!(repair_markup(text), text, "{text}");
        }
    }

    #[test]
    fn repair_is_idempotent_on_the_seed_shapes() {
        for input in [
            "<p>a < b < /b> < img alt=\"x\" src=\"y\"> c</p>",
            "< img alt=\"< /b>\" src=\"y\">",
            "<img alt='< /i>'>< /i>",
            "<!-- < /b> -->< /b>",
        ] {
            let once = repair_markup(input);
            assert_eq!(repair_markup(&once), once, "{input}");
        }
        assert_eq!(repair_markup("<img alt='< /i>'>"), "<img alt='< /i>'>");
    }
}
