//! The widget's Leptos components, one file each.

pub mod article;
pub mod body;
pub mod embed;
pub mod error_state;
pub mod gallery;
pub mod skeleton;
pub mod views;

/// What every component needs to speak the reader's language.
#[derive(Clone, Debug)]
pub struct Ui {
    /// BCP 47 tag handed to `Intl`.
    pub locale: String,
    pub words: &'static crate::i18n::Words,
}

impl Ui {
    pub fn new(locale: String) -> Ui {
        let words = crate::i18n::Lang::from_tag(&locale).words();
        Ui { locale, words }
    }
}
