//! What a partner can set on `<article-embed>`, parsed from attribute strings.

use article_embed_core::contract::is_language_tag;
use article_embed_core::formats::{Format, ReadAs};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
/// The colour scheme (`theme` attribute).
pub enum Theme {
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
    /// Follows the reader's `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    /// The `theme` attribute's value, any case; anything else is `Auto`.
    pub fn parse(value: Option<&str>) -> Theme {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    /// The attribute value for it (reflected as `data-theme`).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
/// How much of the article shows (`layout` attribute).
pub enum Layout {
    #[default]
    /// The whole article.
    Full,
    /// Headline, lead, first image, view count and a link to the article.
    Card,
}

impl Layout {
    /// The `layout` attribute's value, any case; anything else is `Full`.
    pub fn parse(value: Option<&str>) -> Layout {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            Some("card") => Layout::Card,
            _ => Layout::Full,
        }
    }

    /// The attribute value for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Full => "full",
            Layout::Card => "card",
        }
    }
}

/// How an article is fetched (`loading::api::load_article`): the
/// `timeout` attribute, and the retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// Per-attempt timeout, and half the total time a reader may wait.
    /// Default: 10 000 ms (the `timeout` attribute, in seconds, sets it).
    pub timeout_ms: u32,
    /// Retries after the first attempt for transient failures. Default: 3.
    pub max_retries: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout_ms: 10_000,
            max_retries: 3,
        }
    }
}

/// Everything one embed needs to know, read from its attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedConfig {
    /// The article JSON URL, as written (resolved against the page later).
    pub src: String,
    /// UI language from the `lang` attribute, if it is a valid tag.
    pub lang: Option<String>,
    /// `theme`: light, dark or the reader's.
    pub theme: Theme,
    /// `layout`: the whole article or a card.
    pub layout: Layout,
    /// `timeout` and `retries`.
    pub fetch: FetchOptions,
    /// `loading="lazy"`: fetch and render only when the embed nears the
    /// viewport.
    pub lazy: bool,
    /// `format` and `item`: which format the answer is in (by default, the
    /// one its shape says) and which of a feed's items to show.
    pub read_as: ReadAs,
}

impl EmbedConfig {
    /// `timeout` is in seconds (fractions allowed), clamped to 1–60 s.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> EmbedConfig {
        let defaults = FetchOptions::default();
        let timeout_ms = get("timeout")
            .and_then(|t| seconds_to_ms(&t))
            .map_or(defaults.timeout_ms, |ms| ms.clamp(1_000, 60_000));
        EmbedConfig {
            src: get("src").unwrap_or_default().trim().to_owned(),
            lang: get("lang")
                .map(|l| l.trim().to_owned())
                .filter(|l| is_language_tag(l)),
            theme: Theme::parse(get("theme").as_deref()),
            layout: Layout::parse(get("layout").as_deref()),
            fetch: FetchOptions {
                timeout_ms,
                ..defaults
            },
            lazy: get("loading").is_some_and(|l| l.trim().eq_ignore_ascii_case("lazy")),
            read_as: ReadAs {
                format: get("format").as_deref().and_then(Format::from_attr),
                item: get("item")
                    .map(|i| i.trim().to_owned())
                    .filter(|i| !i.is_empty()),
            },
        }
    }

    /// Whether the embed starts quiet: a whole article the loader already
    /// asked for (`prefetched`) holds its space with no skeleton at first
    /// (`ArticleEmbed`), and so may mount after others (`element`).
    pub fn starts_quiet(&self, prefetched: bool) -> bool {
        self.layout == Layout::Full && prefetched
    }
}

/// "2.5" seconds → 2500 ms. Plain decimals only: a float parser would cost
/// the wasm its tables for a single attribute.
fn seconds_to_ms(value: &str) -> Option<u32> {
    let (whole, fraction) = value.trim().split_once('.').unwrap_or((value.trim(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.get(..6).unwrap_or(whole).parse().ok()?
    };
    let millis: u32 = format!("{fraction:0<3}").get(..3)?.parse().ok()?;
    whole.checked_mul(1000)?.checked_add(millis)
}

/// The language the widget speaks: the `lang` attribute, else the article's,
/// else the page's, else English.
pub fn ui_locale(attr: Option<&str>, article: Option<&str>, page: Option<&str>) -> String {
    [attr, article, page]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|l| is_language_tag(l))
        .unwrap_or("en")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> EmbedConfig {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EmbedConfig::from_attributes(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_when_attributes_are_missing_or_junk() {
        let c = config(&[
            ("theme", "neon"),
            ("layout", "poster"),
            ("timeout", "NaN"),
            ("lang", "??"),
        ]);
        assert_eq!(
            (c.theme, c.layout, c.lang),
            (Theme::Auto, Layout::Full, None)
        );
        assert_eq!(c.fetch.timeout_ms, 10_000);
    }

    #[test]
    fn attributes_are_read() {
        let c = config(&[
            ("src", " a.json "),
            ("theme", "DARK"),
            ("layout", "card"),
            ("timeout", "2.5"),
            ("lang", "ru"),
        ]);
        assert_eq!(c.src, "a.json");
        assert_eq!((c.theme, c.layout), (Theme::Dark, Layout::Card));
        assert_eq!(c.fetch.timeout_ms, 2_500);
        assert_eq!(c.lang.as_deref(), Some("ru"));
        assert!(!c.lazy);
        assert!(config(&[("loading", " LAZY ")]).lazy);
        assert!(!config(&[("loading", "eager")]).lazy);
        assert_eq!(config(&[("timeout", "0")]).fetch.timeout_ms, 1_000);
        assert_eq!(config(&[("timeout", "99999999")]).fetch.timeout_ms, 60_000);
        assert_eq!(config(&[("timeout", ".5")]).fetch.timeout_ms, 1_000);
        assert_eq!(config(&[("timeout", "12.3456")]).fetch.timeout_ms, 12_345);
        for junk in ["1e9", "-3", "", ".", "1.2.3", "ten"] {
            assert_eq!(
                config(&[("timeout", junk)]).fetch.timeout_ms,
                10_000,
                "{junk}"
            );
        }
    }

    #[test]
    fn only_a_whole_article_already_asked_for_starts_quiet() {
        assert!(config(&[]).starts_quiet(true));
        assert!(!config(&[]).starts_quiet(false));
        assert!(!config(&[("layout", "card")]).starts_quiet(true));
    }

    #[test]
    fn ui_language_falls_back_in_order() {
        assert_eq!(ui_locale(Some("ru"), Some("en"), Some("de")), "ru");
        assert_eq!(ui_locale(None, Some("en-GB"), Some("de")), "en-GB");
        assert_eq!(ui_locale(Some("bad tag"), None, Some("de")), "de");
        assert_eq!(ui_locale(None, None, Some("")), "en");
    }
}
