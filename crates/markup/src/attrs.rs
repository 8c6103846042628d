//! Reading the parser's raw attributes: by name (ASCII case-insensitive),
//! classes, ids, small integers and short texts, each bounded. What a kept
//! tag may carry is `policy`'s table; this is how values are read.

use super::node::collapse_whitespace;

/// Longest id or title we keep.
pub(crate) const MAX_ATTR_CHARS: usize = 256;

/// The value of the attribute `wanted`, if present.
pub(crate) fn attr<'a>(attrs: &'a [(String, String)], wanted: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
        .map(|(_, v)| v.as_str())
}

/// Whether `class` lists `wanted` (or, for a `wanted` ending in `-`, a
/// class it begins).
pub(crate) fn has_class(attrs: &[(String, String)], wanted: &str) -> bool {
    attr(attrs, "class")
        .unwrap_or_default()
        .split_ascii_whitespace()
        .any(|c| c == wanted || c.starts_with(wanted) && wanted.ends_with('-'))
}

/// An id as we keep it, or `None` when it has anything unusual in it.
pub(crate) fn safe_id(raw: &str) -> Option<String> {
    let id = raw.trim();
    (!id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
    .then(|| id.to_owned())
}

/// A small integer attribute, clamped to `min..=max`.
pub(crate) fn bounded(raw: Option<&str>, min: i32, max: i32) -> Option<i32> {
    let raw = raw?.trim();
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = digits.parse().ok()?;
    Some(if negative { -n } else { n }.clamp(min, max))
}

/// A short text (a title): whitespace collapsed, at most
/// [`MAX_ATTR_CHARS`] characters.
pub(crate) fn capped_text(raw: &str) -> String {
    collapse_whitespace(raw)
        .chars()
        .take(MAX_ATTR_CHARS)
        .collect()
}
