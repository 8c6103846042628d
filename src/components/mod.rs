//! The widget's Leptos components, one file each.

pub mod article;
pub mod body;
pub mod embed;
pub mod error_state;
pub mod gallery;
pub mod header;
pub mod lightbox;
pub mod skeleton;

/// What every component needs to speak the reader's language.
#[derive(Clone, Debug)]
pub struct Ui {
    /// BCP 47 tag handed to `Intl`.
    pub locale: String,
    pub words: &'static crate::i18n::Words,
    /// The locale is written right to left (`ar`, `he`, `fa`, …).
    pub rtl: bool,
}

impl Ui {
    pub fn new(locale: String) -> Ui {
        let words = crate::i18n::Lang::from_tag(&locale).words();
        let rtl = crate::i18n::is_rtl(&locale);
        Ui { locale, words, rtl }
    }

    /// The `dir` attribute for content in this locale.
    pub fn dir(&self) -> &'static str {
        if self.rtl {
            "rtl"
        } else {
            "ltr"
        }
    }
}

/// An element with its class (none when empty), appended to `parent`: for
/// the parts built with `web-sys` calls (header, lightbox).
pub(super) fn child(
    doc: &web_sys::Document,
    parent: &web_sys::Element,
    tag: &str,
    class: &str,
) -> Option<web_sys::Element> {
    let el = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        let _ = el.set_attribute("class", class);
    }
    let _ = parent.append_child(&el);
    Some(el)
}
