//! The alignment an author chose, read from the few places CMSs put it and
//! mapped to a fixed set of our own classes: WordPress's `alignleft`,
//! `alignright`, `aligncenter`, `alignwide`, `alignfull` and
//! `has-text-align-*` classes, the old `align` attribute, and `float` /
//! `text-align` in an inline style, which is parsed for these two
//! properties and these values only. Nothing else of `class` or `style`
//! is ever kept.

/// Where a figure or image sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Floated left, text beside it.
    Left,
    /// Floated right, text beside it.
    Right,
    /// Centred, on its own line.
    Center,
    /// Wider than the text column.
    Wide,
    /// The embed's full width.
    Full,
}

impl Align {
    /// Our class for it (`style/embed.css`).
    pub fn class(self) -> &'static str {
        match self {
            Align::Left => "ae-align-left",
            Align::Right => "ae-align-right",
            Align::Center => "ae-align-center",
            Align::Wide => "ae-align-wide",
            Align::Full => "ae-align-full",
        }
    }
}

/// How a paragraph or heading's text is set (start is the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAlign {
    /// Centred.
    Center,
    /// Set to the end side (right in left-to-right text).
    End,
}

impl TextAlign {
    /// Our class for it.
    pub fn class(self) -> &'static str {
        match self {
            TextAlign::Center => "ae-text-center",
            TextAlign::End => "ae-text-end",
        }
    }
}

use super::limit::STYLE_ATTR;

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn classes(attrs: &[(String, String)]) -> impl Iterator<Item = &str> {
    attr(attrs, "class")
        .unwrap_or_default()
        .split_ascii_whitespace()
}

/// The value of one property in an inline style, lower-cased; the style is
/// otherwise ignored. Values with anything but letters and hyphens (url(),
/// expression(), escapes, comments) are refused.
fn style_value(attrs: &[(String, String)], property: &str) -> Option<String> {
    // Renamed before parsing (`markup::limit`); the original name in tests.
    let style = attr(attrs, STYLE_ATTR).or_else(|| attr(attrs, "style"))?;
    style.split(';').find_map(|decl| {
        let (name, value) = decl.split_once(':')?;
        if !name.trim().eq_ignore_ascii_case(property) {
            return None;
        }
        let value = value.trim().trim_end_matches("!important").trim();
        (!value.is_empty()
            && value.len() <= 16
            && value.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
        .then(|| value.to_ascii_lowercase())
    })
}

/// Alignment of an image or a figure.
pub(crate) fn block_align(attrs: &[(String, String)]) -> Option<Align> {
    let from_class = classes(attrs).find_map(|c| match c {
        "alignleft" | "ae-align-left" => Some(Align::Left),
        "alignright" | "ae-align-right" => Some(Align::Right),
        "aligncenter" | "ae-align-center" => Some(Align::Center),
        "alignwide" | "ae-align-wide" => Some(Align::Wide),
        "alignfull" | "ae-align-full" => Some(Align::Full),
        _ => None,
    });
    let from_attr = || match attr(attrs, "align")?.trim().to_ascii_lowercase().as_str() {
        "left" => Some(Align::Left),
        "right" => Some(Align::Right),
        "center" | "middle" => Some(Align::Center),
        _ => None,
    };
    let from_style = || match style_value(attrs, "float")?.as_str() {
        "left" | "inline-start" => Some(Align::Left),
        "right" | "inline-end" => Some(Align::Right),
        _ => None,
    };
    from_class.or_else(from_attr).or_else(from_style)
}

/// Text alignment of a paragraph or heading.
pub(crate) fn text_align(attrs: &[(String, String)]) -> Option<TextAlign> {
    let map = |v: &str| match v {
        "center" => Some(TextAlign::Center),
        "right" | "end" => Some(TextAlign::End),
        _ => None,
    };
    let from_class = classes(attrs).find_map(|c| match c {
        "has-text-align-center" | "ae-text-center" => Some(TextAlign::Center),
        "has-text-align-right" | "ae-text-end" => Some(TextAlign::End),
        _ => None,
    });
    from_class
        .or_else(|| map(&attr(attrs, "align")?.trim().to_ascii_lowercase()))
        .or_else(|| map(&style_value(attrs, "text-align")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn wordpress_classes_attributes_and_styles() {
        assert_eq!(
            block_align(&a(&[("class", "wp-block-image alignright size-large")])),
            Some(Align::Right)
        );
        assert_eq!(block_align(&a(&[("align", " Left ")])), Some(Align::Left));
        assert_eq!(
            block_align(&a(&[("style", "margin:0; FLOAT: right !important")])),
            Some(Align::Right)
        );
        assert_eq!(
            text_align(&a(&[("class", "has-text-align-center")])),
            Some(TextAlign::Center)
        );
        assert_eq!(
            text_align(&a(&[("style", "text-align:right")])),
            Some(TextAlign::End)
        );
        assert_eq!(block_align(&a(&[("class", "alignnone")])), None);
    }

    #[test]
    fn style_tricks_are_refused() {
        for style in [
            "float: url(javascript:alert(1))",
            "float: expression(alert(1))",
            "float: l\\65 ft",
            "float: left/**/",
            "text-align: center; background: url(x)",
        ] {
            let attrs = a(&[("style", style)]);
            assert_eq!(block_align(&attrs), None, "{style}");
        }
        // The one declaration asked for is read; the rest is ignored, never kept.
        assert_eq!(
            text_align(&a(&[("style", "text-align: center; background: url(x)")])),
            Some(TextAlign::Center)
        );
    }
}
