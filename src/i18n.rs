//! The widget's own words, in English and Russian. Numbers, dates and plural
//! categories come from the browser's `Intl` (see `intl`); this module only
//! maps a plural category to the right word, so it stays plain Rust.

/// Languages the widget has words for; anything else falls back to English
/// words while `Intl` still formats numbers and dates for the asked locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    /// Picks the word set for a BCP 47 tag (`ru`, `ru-RU`, `RU` → Russian).
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
        }
    }
}

/// Every fixed string the reader can see or hear.
#[derive(Debug)]
pub struct Words {
    pub loading: &'static str,
    pub error_title: &'static str,
    pub try_again: &'static str,
    pub read_on_site: &'static str,
    pub rubrics: &'static str,
    pub gallery: &'static str,
    pub viewer: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub close: &'static str,
    /// "Photo {n} of {total}", used for thumbnail names.
    pub photo_n_of: (&'static str, &'static str),
    pub by: &'static str,
    pub updated: &'static str,
    pub views_one: &'static str,
    pub views_few: &'static str,
    pub views_many: &'static str,
    pub views_other: &'static str,
    pub err_network: &'static str,
    pub err_timeout: &'static str,
    pub err_not_found: &'static str,
    pub err_http: &'static str,
    pub err_data: &'static str,
    pub err_source: &'static str,
}

pub static EN: Words = Words {
    loading: "Loading article…",
    error_title: "The article could not be loaded",
    try_again: "Try again",
    read_on_site: "Read on the publisher’s site",
    rubrics: "Rubrics",
    gallery: "Photos",
    viewer: "Photo viewer",
    previous: "Previous photo",
    next: "Next photo",
    close: "Close",
    photo_n_of: ("Photo ", " of "),
    by: "By",
    updated: "Updated",
    views_one: "view",
    views_few: "views",
    views_many: "views",
    views_other: "views",
    err_network: "The network failed. Check your connection.",
    err_timeout: "The publisher took too long to answer.",
    err_not_found: "This article was not found (404).",
    err_http: "The publisher’s server answered with an error",
    err_data: "The publisher sent an article this widget cannot read",
    err_source: "This embed has no valid article address (src)",
};

pub static RU: Words = Words {
    loading: "Загрузка статьи…",
    error_title: "Не удалось загрузить статью",
    try_again: "Повторить",
    read_on_site: "Читать на сайте издания",
    rubrics: "Рубрики",
    gallery: "Фотографии",
    viewer: "Просмотр фотографий",
    previous: "Предыдущее фото",
    next: "Следующее фото",
    close: "Закрыть",
    photo_n_of: ("Фото ", " из "),
    by: "Автор:",
    updated: "Обновлено",
    views_one: "просмотр",
    views_few: "просмотра",
    views_many: "просмотров",
    views_other: "просмотра",
    err_network: "Сбой сети. Проверьте подключение.",
    err_timeout: "Издание слишком долго не отвечает.",
    err_not_found: "Статья не найдена (404).",
    err_http: "Сервер издания ответил ошибкой",
    err_data: "Издание прислало статью, которую виджет не может прочитать",
    err_source: "У виджета нет корректного адреса статьи (src)",
};

impl Words {
    /// The word for "views" given an `Intl.PluralRules` category.
    pub fn views_word(&self, plural_category: &str) -> &'static str {
        match plural_category {
            "one" => self.views_one,
            "few" => self.views_few,
            "many" => self.views_many,
            _ => self.views_other,
        }
    }

    pub fn photo_label(&self, n: usize, total: usize) -> String {
        format!("{}{n}{}{total}", self.photo_n_of.0, self.photo_n_of.1)
    }
}

/// Counts from this size up are shown compact ("12K", "1.2M").
pub const COMPACT_FROM: u64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_view_words_follow_the_plural_category() {
        // Categories as Intl.PluralRules('ru') gives them for 21, 3, 47 and 1.5.
        let ru = Lang::from_tag("ru-RU").words();
        assert_eq!(ru.views_word("one"), "просмотр");
        assert_eq!(ru.views_word("few"), "просмотра");
        assert_eq!(ru.views_word("many"), "просмотров");
        assert_eq!(ru.views_word("other"), "просмотра");
    }

    #[test]
    fn unknown_languages_fall_back_to_english_words() {
        assert_eq!(Lang::from_tag("de-AT"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::from_tag("RU"), Lang::Ru);
        assert_eq!(EN.views_word("one"), "view");
        assert_eq!(EN.views_word("other"), "views");
        assert_eq!(RU.photo_label(3, 9), "Фото 3 из 9");
    }
}
