//! The reader's language, as every part of the widget needs it.

/// What every component and render function needs to speak the reader's
/// language.
#[derive(Clone, Debug)]
pub(crate) struct Ui {
    /// BCP 47 tag handed to `Intl`.
    pub locale: String,
    /// The widget's words in that language.
    pub words: &'static crate::i18n::Words,
    /// The locale is written right to left (`ar`, `he`, `fa`, …).
    pub rtl: bool,
}

impl Ui {
    /// The words and direction for `locale`.
    pub(crate) fn new(locale: String) -> Ui {
        let words = crate::i18n::Lang::from_tag(&locale).words();
        let rtl = crate::i18n::is_rtl(&locale);
        Ui { locale, words, rtl }
    }

    /// The `dir` attribute for content in this locale.
    pub(crate) fn dir(&self) -> &'static str {
        if self.rtl {
            "rtl"
        } else {
            "ltr"
        }
    }
}
