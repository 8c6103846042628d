//! The widget's own words, in twelve languages. Numbers, dates and plural
//! categories come from the browser's `Intl` (see `intl`); this module only
//! maps a plural category to the right word, so it stays plain Rust.
//!
//! Each language's view words cover every cardinal plural category CLDR
//! gives it (`Intl.PluralRules(lang).resolvedOptions().pluralCategories`);
//! the tests check that, and the browser tests check it against the engine.

/// Languages the widget has words for; anything else falls back to English
/// words while `Intl` still formats numbers and dates for the asked locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Portuguese.
    Pt,
    /// Ukrainian.
    Uk,
    /// Turkish.
    Tr,
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
    /// Japanese.
    Ja,
}

/// Every language with words, by its primary subtag.
pub(crate) const LANGS: [(&str, Lang); 12] = [
    ("en", Lang::En),
    ("ru", Lang::Ru),
    ("de", Lang::De),
    ("fr", Lang::Fr),
    ("es", Lang::Es),
    ("it", Lang::It),
    ("pt", Lang::Pt),
    ("uk", Lang::Uk),
    ("tr", Lang::Tr),
    ("ar", Lang::Ar),
    ("zh", Lang::Zh),
    ("ja", Lang::Ja),
];

/// Primary subtags of languages written right to left (whatever the widget's
/// words): the root gets `dir="rtl"`.
const RTL: [&str; 12] = [
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur", "yi",
];

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or_default()
}

/// Whether text in this language runs right to left. A script subtag wins
/// (`az-Arab` is, `ku-Latn` is not).
pub(crate) fn is_rtl(tag: &str) -> bool {
    let mut script = tag
        .split(['-', '_'])
        .skip(1)
        .filter(|s| s.len() == 4)
        .map(|s| s.to_ascii_lowercase());
    match script.next().as_deref() {
        Some("arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg") => true,
        Some(_) => false,
        None => RTL.iter().any(|rtl| primary(tag).eq_ignore_ascii_case(rtl)),
    }
}

impl Lang {
    /// Picks the word set for a BCP 47 tag (`ru`, `ru-RU`, `RU` → Russian).
    pub(crate) fn from_tag(tag: &str) -> Lang {
        let primary = primary(tag);
        LANGS
            .iter()
            .find(|(code, _)| primary.eq_ignore_ascii_case(code))
            .map_or(Lang::En, |(_, lang)| *lang)
    }

    /// Its words.
    pub(crate) fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::It => &IT,
            Lang::Pt => &PT,
            Lang::Uk => &UK,
            Lang::Tr => &TR,
            Lang::Ar => &AR,
            Lang::Zh => &ZH,
            Lang::Ja => &JA,
        }
    }
}

/// A word for each cardinal plural category; a language fills the ones it
/// has and repeats `other` for the rest.
#[derive(Debug)]
pub(crate) struct Plural {
    /// For the `zero` category.
    pub zero: &'static str,
    /// For the `one` category.
    pub one: &'static str,
    /// For the `two` category.
    pub two: &'static str,
    /// For the `few` category.
    pub few: &'static str,
    /// For the `many` category.
    pub many: &'static str,
    /// For the `other` category.
    pub other: &'static str,
}

impl Plural {
    /// The same word for every category (languages without plural forms).
    const fn invariable(word: &'static str) -> Plural {
        Plural {
            zero: word,
            one: word,
            two: word,
            few: word,
            many: word,
            other: word,
        }
    }

    /// `one` and `other`, the rest as `other`.
    const fn one_other(one: &'static str, other: &'static str) -> Plural {
        Plural {
            one,
            ..Plural::invariable(other)
        }
    }

    /// The word for an `Intl.PluralRules` category.
    pub(crate) fn get(&self, category: &str) -> &'static str {
        match category {
            "zero" => self.zero,
            "one" => self.one,
            "two" => self.two,
            "few" => self.few,
            "many" => self.many,
            _ => self.other,
        }
    }
}

/// Every fixed string the reader can see or hear.
#[derive(Debug)]
pub(crate) struct Words {
    /// The skeleton's label while the article loads.
    pub loading: &'static str,
    /// The error's heading.
    pub error_title: &'static str,
    /// The error's button.
    pub try_again: &'static str,
    /// The footer link to the article on the publisher's site.
    pub read_on_site: &'static str,
    /// The name of the list of rubrics.
    pub rubrics: &'static str,
    /// The name of the grid of photos.
    pub gallery: &'static str,
    /// The lightbox's name.
    pub viewer: &'static str,
    /// The lightbox's "previous" button.
    pub previous: &'static str,
    /// The lightbox's "next" button.
    pub next: &'static str,
    /// The lightbox's close button.
    pub close: &'static str,
    /// "Photo {n} of {total}", used for thumbnail names and the counter.
    pub photo_n_of: &'static str,
    /// Before the author's name: "By".
    pub by: &'static str,
    /// Before the date of the last update.
    pub updated: &'static str,
    /// The word after the number: "47 views".
    pub views: Plural,
    /// Name of a table region that has no caption.
    pub table: &'static str,
    /// A media card's action: "Open on {provider}".
    pub open_on: &'static str,
    /// Why: the request failed before any answer.
    pub err_network: &'static str,
    /// Why: no answer in time.
    pub err_timeout: &'static str,
    /// Why: the article is not there (404).
    pub err_not_found: &'static str,
    /// Why: the publisher withdrew the article (410): not offered again.
    pub err_removed: &'static str,
    /// Why: any other HTTP error (its status follows).
    pub err_http: &'static str,
    /// Why: the answer is not an article the widget reads.
    pub err_data: &'static str,
    /// Why: the element has no usable `src`.
    pub err_source: &'static str,
}

/// The words in English.
pub(crate) static EN: Words = Words {
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
    photo_n_of: "Photo {n} of {total}",
    by: "By",
    updated: "Updated",
    views: Plural::one_other("view", "views"),
    table: "Table",
    open_on: "Open on {provider}",
    err_network: "The network failed. Check your connection.",
    err_timeout: "The publisher took too long to answer.",
    err_not_found: "This article was not found (404).",
    err_removed: "The publisher has removed this article.",
    err_http: "The publisher’s server answered with an error",
    err_data: "The publisher sent an article this widget cannot read",
    err_source: "This embed has no valid article address (src)",
};

/// The words in Russian.
pub(crate) static RU: Words = Words {
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
    photo_n_of: "Фото {n} из {total}",
    by: "Автор:",
    updated: "Обновлено",
    views: Plural {
        one: "просмотр",
        few: "просмотра",
        many: "просмотров",
        ..Plural::invariable("просмотра")
    },
    table: "Таблица",
    open_on: "Открыть в {provider}",
    err_network: "Сбой сети. Проверьте подключение.",
    err_timeout: "Издание слишком долго не отвечает.",
    err_not_found: "Статья не найдена (404).",
    err_removed: "Издание удалило эту статью.",
    err_http: "Сервер издания ответил ошибкой",
    err_data: "Издание прислало статью, которую виджет не может прочитать",
    err_source: "У виджета нет корректного адреса статьи (src)",
};

/// The words in German.
pub(crate) static DE: Words = Words {
    loading: "Artikel wird geladen…",
    error_title: "Der Artikel konnte nicht geladen werden",
    try_again: "Erneut versuchen",
    read_on_site: "Auf der Website des Verlags lesen",
    rubrics: "Rubriken",
    gallery: "Fotos",
    viewer: "Fotoansicht",
    previous: "Vorheriges Foto",
    next: "Nächstes Foto",
    close: "Schließen",
    photo_n_of: "Foto {n} von {total}",
    by: "Von",
    updated: "Aktualisiert",
    views: Plural::one_other("Aufruf", "Aufrufe"),
    table: "Tabelle",
    open_on: "Auf {provider} öffnen",
    err_network: "Netzwerkfehler. Bitte prüfen Sie Ihre Verbindung.",
    err_timeout: "Der Verlag hat zu lange nicht geantwortet.",
    err_not_found: "Dieser Artikel wurde nicht gefunden (404).",
    err_removed: "Der Verlag hat diesen Artikel entfernt.",
    err_http: "Der Server des Verlags hat mit einem Fehler geantwortet",
    err_data: "Der Verlag hat einen Artikel gesendet, den dieses Widget nicht lesen kann",
    err_source: "Diese Einbettung hat keine gültige Artikeladresse (src)",
};

/// The words in French.
pub(crate) static FR: Words = Words {
    loading: "Chargement de l’article…",
    error_title: "Impossible de charger l’article",
    try_again: "Réessayer",
    read_on_site: "Lire sur le site de l’éditeur",
    rubrics: "Rubriques",
    gallery: "Photos",
    viewer: "Visionneuse de photos",
    previous: "Photo précédente",
    next: "Photo suivante",
    close: "Fermer",
    photo_n_of: "Photo {n} sur {total}",
    by: "Par",
    updated: "Mis à jour le",
    // "many" is for exact millions: « 1 000 000 de vues ».
    views: Plural {
        one: "vue",
        many: "de vues",
        ..Plural::invariable("vues")
    },
    table: "Tableau",
    open_on: "Ouvrir sur {provider}",
    err_network: "Erreur réseau. Vérifiez votre connexion.",
    err_timeout: "L’éditeur a mis trop de temps à répondre.",
    err_not_found: "Cet article est introuvable (404).",
    err_removed: "L’éditeur a retiré cet article.",
    err_http: "Le serveur de l’éditeur a répondu par une erreur",
    err_data: "L’éditeur a envoyé un article que ce widget ne sait pas lire",
    err_source: "Cette intégration n’a pas d’adresse d’article valide (src)",
};

/// The words in Spanish.
pub(crate) static ES: Words = Words {
    loading: "Cargando el artículo…",
    error_title: "No se pudo cargar el artículo",
    try_again: "Reintentar",
    read_on_site: "Leer en el sitio del medio",
    rubrics: "Secciones",
    gallery: "Fotos",
    viewer: "Visor de fotos",
    previous: "Foto anterior",
    next: "Foto siguiente",
    close: "Cerrar",
    photo_n_of: "Foto {n} de {total}",
    by: "Por",
    updated: "Actualizado el",
    views: Plural {
        one: "visita",
        many: "de visitas",
        ..Plural::invariable("visitas")
    },
    table: "Tabla",
    open_on: "Abrir en {provider}",
    err_network: "Error de red. Comprueba tu conexión.",
    err_timeout: "El medio tardó demasiado en responder.",
    err_not_found: "No se encontró este artículo (404).",
    err_removed: "El editor ha retirado este artículo.",
    err_http: "El servidor del medio respondió con un error",
    err_data: "El medio envió un artículo que este widget no puede leer",
    err_source: "Esta inserción no tiene una dirección de artículo válida (src)",
};

/// The words in Italian.
pub(crate) static IT: Words = Words {
    loading: "Caricamento dell’articolo…",
    error_title: "Impossibile caricare l’articolo",
    try_again: "Riprova",
    read_on_site: "Leggi sul sito dell’editore",
    rubrics: "Rubriche",
    gallery: "Foto",
    viewer: "Visualizzatore di foto",
    previous: "Foto precedente",
    next: "Foto successiva",
    close: "Chiudi",
    photo_n_of: "Foto {n} di {total}",
    by: "Di",
    updated: "Aggiornato il",
    views: Plural {
        one: "visualizzazione",
        many: "di visualizzazioni",
        ..Plural::invariable("visualizzazioni")
    },
    table: "Tabella",
    open_on: "Apri su {provider}",
    err_network: "Errore di rete. Controlla la connessione.",
    err_timeout: "L’editore ha impiegato troppo tempo a rispondere.",
    err_not_found: "Articolo non trovato (404).",
    err_removed: "L’editore ha rimosso questo articolo.",
    err_http: "Il server dell’editore ha risposto con un errore",
    err_data: "L’editore ha inviato un articolo che questo widget non sa leggere",
    err_source: "Questo incorporamento non ha un indirizzo di articolo valido (src)",
};

/// The words in Portuguese.
pub(crate) static PT: Words = Words {
    loading: "Carregando o artigo…",
    error_title: "Não foi possível carregar o artigo",
    try_again: "Tentar novamente",
    read_on_site: "Ler no site do editor",
    rubrics: "Seções",
    gallery: "Fotos",
    viewer: "Visualizador de fotos",
    previous: "Foto anterior",
    next: "Próxima foto",
    close: "Fechar",
    photo_n_of: "Foto {n} de {total}",
    by: "Por",
    updated: "Atualizado em",
    views: Plural {
        one: "visualização",
        many: "de visualizações",
        ..Plural::invariable("visualizações")
    },
    table: "Tabela",
    open_on: "Abrir em {provider}",
    err_network: "Falha de rede. Verifique sua conexão.",
    err_timeout: "O editor demorou demais para responder.",
    err_not_found: "Artigo não encontrado (404).",
    err_removed: "O editor removeu este artigo.",
    err_http: "O servidor do editor respondeu com um erro",
    err_data: "O editor enviou um artigo que este widget não consegue ler",
    err_source: "Esta incorporação não tem um endereço de artigo válido (src)",
};

/// The words in Ukrainian.
pub(crate) static UK: Words = Words {
    loading: "Завантаження статті…",
    error_title: "Не вдалося завантажити статтю",
    try_again: "Спробувати ще",
    read_on_site: "Читати на сайті видання",
    rubrics: "Рубрики",
    gallery: "Фотографії",
    viewer: "Перегляд фотографій",
    previous: "Попереднє фото",
    next: "Наступне фото",
    close: "Закрити",
    photo_n_of: "Фото {n} з {total}",
    by: "Автор:",
    updated: "Оновлено",
    views: Plural {
        one: "перегляд",
        few: "перегляди",
        many: "переглядів",
        ..Plural::invariable("перегляду")
    },
    table: "Таблиця",
    open_on: "Відкрити в {provider}",
    err_network: "Збій мережі. Перевірте з’єднання.",
    err_timeout: "Видання надто довго не відповідає.",
    err_not_found: "Статтю не знайдено (404).",
    err_removed: "Видання видалило цю статтю.",
    err_http: "Сервер видання відповів помилкою",
    err_data: "Видання надіслало статтю, яку віджет не може прочитати",
    err_source: "У віджета немає коректної адреси статті (src)",
};

/// The words in Turkish.
pub(crate) static TR: Words = Words {
    loading: "Makale yükleniyor…",
    error_title: "Makale yüklenemedi",
    try_again: "Tekrar dene",
    read_on_site: "Yayıncının sitesinde oku",
    rubrics: "Kategoriler",
    gallery: "Fotoğraflar",
    viewer: "Fotoğraf görüntüleyici",
    previous: "Önceki fotoğraf",
    next: "Sonraki fotoğraf",
    close: "Kapat",
    photo_n_of: "Fotoğraf {n} / {total}",
    by: "Yazan:",
    updated: "Güncellendi:",
    views: Plural::invariable("görüntülenme"),
    table: "Tablo",
    open_on: "{provider} üzerinde aç",
    err_network: "Ağ hatası. Bağlantınızı kontrol edin.",
    err_timeout: "Yayıncı çok geç yanıt verdi.",
    err_not_found: "Makale bulunamadı (404).",
    err_removed: "Yayıncı bu makaleyi kaldırdı.",
    err_http: "Yayıncının sunucusu bir hatayla yanıt verdi",
    err_data: "Yayıncı, bu widget’ın okuyamadığı bir makale gönderdi",
    err_source: "Bu yerleştirmenin geçerli bir makale adresi (src) yok",
};

/// The words in Arabic.
pub(crate) static AR: Words = Words {
    loading: "جارٍ تحميل المقال…",
    error_title: "تعذّر تحميل المقال",
    try_again: "إعادة المحاولة",
    read_on_site: "اقرأ على موقع الناشر",
    rubrics: "الأقسام",
    gallery: "الصور",
    viewer: "عارض الصور",
    previous: "الصورة السابقة",
    next: "الصورة التالية",
    close: "إغلاق",
    photo_n_of: "الصورة {n} من {total}",
    by: "بقلم",
    updated: "حُدّث في",
    // 0 مشاهدة، 1 مشاهدة، 2 مشاهدتان، 3–10 مشاهدات، 11–99 مشاهدة، 100 مشاهدة
    views: Plural {
        zero: "مشاهدة",
        one: "مشاهدة",
        two: "مشاهدتان",
        few: "مشاهدات",
        many: "مشاهدة",
        other: "مشاهدة",
    },
    table: "جدول",
    open_on: "افتح على {provider}",
    err_network: "تعذّر الاتصال بالشبكة. تحقّق من اتصالك.",
    err_timeout: "استغرق الناشر وقتًا طويلًا للرد.",
    err_not_found: "المقال غير موجود (404).",
    err_removed: "أزال الناشر هذه المقالة.",
    err_http: "ردّ خادم الناشر بخطأ",
    err_data: "أرسل الناشر مقالًا لا تستطيع هذه الأداة قراءته",
    err_source: "لا يحتوي هذا التضمين على عنوان مقال صالح (src)",
};

/// The words in Chinese.
pub(crate) static ZH: Words = Words {
    loading: "正在加载文章…",
    error_title: "无法加载文章",
    try_again: "重试",
    read_on_site: "在发布者网站上阅读",
    rubrics: "栏目",
    gallery: "照片",
    viewer: "照片查看器",
    previous: "上一张照片",
    next: "下一张照片",
    close: "关闭",
    photo_n_of: "第 {n} 张，共 {total} 张",
    by: "作者：",
    updated: "更新于",
    views: Plural::invariable("次浏览"),
    table: "表格",
    open_on: "在 {provider} 上打开",
    err_network: "网络故障，请检查您的连接。",
    err_timeout: "发布者响应超时。",
    err_not_found: "未找到该文章 (404)。",
    err_removed: "发布者已删除这篇文章。",
    err_http: "发布者的服务器返回了错误",
    err_data: "发布者发送的文章无法被此小组件读取",
    err_source: "此嵌入没有有效的文章地址 (src)",
};

/// The words in Japanese.
pub(crate) static JA: Words = Words {
    loading: "記事を読み込んでいます…",
    error_title: "記事を読み込めませんでした",
    try_again: "再試行",
    read_on_site: "発行元のサイトで読む",
    rubrics: "カテゴリー",
    gallery: "写真",
    viewer: "写真ビューア",
    previous: "前の写真",
    next: "次の写真",
    close: "閉じる",
    photo_n_of: "写真 {n} / {total}",
    by: "著者：",
    updated: "更新：",
    views: Plural::invariable("回閲覧"),
    table: "表",
    open_on: "{provider} で開く",
    err_network: "ネットワークエラーです。接続を確認してください。",
    err_timeout: "発行元の応答に時間がかかりすぎました。",
    err_not_found: "記事が見つかりません (404)。",
    err_removed: "この記事は発行元により削除されました。",
    err_http: "発行元のサーバーがエラーを返しました",
    err_data: "発行元から、このウィジェットで読めない記事が送られました",
    err_source: "この埋め込みには有効な記事アドレス (src) がありません",
};

impl Words {
    /// The word for "views" given an `Intl.PluralRules` category.
    pub(crate) fn views_word(&self, plural_category: &str) -> &'static str {
        self.views.get(plural_category)
    }

    /// "Photo 3 of 12": a thumbnail's name and the lightbox's counter.
    pub(crate) fn photo_label(&self, n: usize, total: usize) -> String {
        self.photo_n_of
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    }
}

/// Counts from this size up are shown compact ("12K", "1.2M").
pub(crate) const COMPACT_FROM: u64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    /// CLDR 46 cardinal categories, as `Intl.PluralRules` reports them
    /// (the browser tests compare these with the engine's own list).
    const CATEGORIES: [(&str, &[&str]); 12] = [
        ("en", &["one", "other"]),
        ("ru", &["one", "few", "many", "other"]),
        ("de", &["one", "other"]),
        ("fr", &["one", "many", "other"]),
        ("es", &["one", "many", "other"]),
        ("it", &["one", "many", "other"]),
        ("pt", &["one", "many", "other"]),
        ("uk", &["one", "few", "many", "other"]),
        ("tr", &["one", "other"]),
        ("ar", &["zero", "one", "two", "few", "many", "other"]),
        ("zh", &["other"]),
        ("ja", &["other"]),
    ];

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
    fn every_language_has_a_word_for_each_of_its_plural_categories() {
        for (code, categories) in CATEGORIES {
            let lang = Lang::from_tag(code);
            assert!(
                code == "en" || lang != Lang::En,
                "{code} has no words of its own"
            );
            let words = lang.words();
            for category in categories {
                assert!(!words.views_word(category).is_empty(), "{code} {category}");
            }
            // A language with several categories uses more than one word.
            let distinct: std::collections::HashSet<_> =
                categories.iter().map(|c| words.views_word(c)).collect();
            assert_eq!(
                distinct.len() > 1,
                categories.len() > 1 && !matches!(code, "tr"),
                "{code}"
            );
        }
        assert_eq!(LANGS.len(), CATEGORIES.len());
    }

    #[test]
    fn every_language_fills_every_word() {
        for (code, lang) in LANGS {
            let w = lang.words();
            let all = [
                w.loading,
                w.error_title,
                w.try_again,
                w.read_on_site,
                w.rubrics,
                w.gallery,
                w.viewer,
                w.previous,
                w.next,
                w.close,
                w.by,
                w.updated,
                w.err_network,
                w.err_timeout,
                w.err_not_found,
                w.err_removed,
                w.err_http,
                w.err_data,
                w.err_source,
                w.table,
                w.open_on,
            ];
            assert!(w.open_on.contains("{provider}"), "{code}");
            assert!(all.iter().all(|s| !s.trim().is_empty()), "{code}");
            let label = w.photo_label(3, 9);
            assert!(
                label.contains('3') && label.contains('9') && !label.contains('{'),
                "{code}: {label}"
            );
            if code != "en" {
                assert_ne!(w.try_again, EN.try_again, "{code} is untranslated");
                assert_ne!(w.err_removed, EN.err_removed, "{code} is untranslated");
            }
        }
    }

    #[test]
    fn unknown_languages_fall_back_to_english_words() {
        assert_eq!(Lang::from_tag("nl-BE"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::from_tag("RU"), Lang::Ru);
        assert_eq!(Lang::from_tag("de-AT"), Lang::De);
        assert_eq!(Lang::from_tag("pt_BR"), Lang::Pt);
        assert_eq!(EN.views_word("one"), "view");
        assert_eq!(EN.views_word("other"), "views");
        assert_eq!(RU.photo_label(3, 9), "Фото 3 из 9");
        assert_eq!(ZH.photo_label(3, 9), "第 3 张，共 9 张");
    }

    #[test]
    fn right_to_left_languages_and_scripts() {
        for rtl in ["ar", "he", "fa-IR", "ur", "AR-eg", "az-Arab", "yi"] {
            assert!(is_rtl(rtl), "{rtl}");
        }
        for ltr in ["en", "ru", "ku-Latn", "zh-Hant", "", "arn"] {
            assert!(!is_rtl(ltr), "{ltr}");
        }
    }
}
