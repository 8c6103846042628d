//! The dashboard's words, in the widget's twelve UI languages (the same
//! tags as the widget's `src/i18n.rs`). Dates are ISO 8601 in every
//! language; numbers are grouped as each language writes them.

/// Every word the dashboard shows.
#[derive(Debug)]
pub struct Words {
    /// The language's tag (`lang`).
    pub tag: &'static str,
    /// Its own name, in the language chooser.
    pub name: &'static str,
    /// Written right to left.
    pub rtl: bool,
    /// Groups thousands: `1,234`, `1 234`, `1.234`.
    pub group: &'static str,
    /// The dashboard's title.
    pub title: &'static str,
    /// The sign-in page's title.
    pub sign_in_title: &'static str,
    /// The token field's label.
    pub token: &'static str,
    /// The sign-in button.
    pub sign_in: &'static str,
    /// A token refused.
    pub wrong_token: &'static str,
    /// The sign-out button.
    pub sign_out: &'static str,
    /// The period chooser's name.
    pub period: &'static str,
    /// The last 7 days.
    pub days_7: &'static str,
    /// The last 30 days.
    pub days_30: &'static str,
    /// The last 12 months.
    pub months_12: &'static str,
    /// A custom period's first day.
    pub from: &'static str,
    /// A custom period's last day.
    pub to: &'static str,
    /// Shows a custom period.
    pub show: &'static str,
    /// Views (a column, a figure's name).
    pub views: &'static str,
    /// Before the previous period's figure.
    pub previous: &'static str,
    /// The chart's name.
    pub per_day: &'static str,
    /// A day (a column).
    pub day: &'static str,
    /// A share of the period's views (a column).
    pub share: &'static str,
    /// The articles table's caption.
    pub top_articles: &'static str,
    /// The partner sites table's caption.
    pub top_partners: &'static str,
    /// An article (a column).
    pub article: &'static str,
    /// A partner site (a column).
    pub partner: &'static str,
    /// A partner no browser named.
    pub unknown: &'static str,
    /// The first day with a view (a column).
    pub first_day: &'static str,
    /// The last day with a view (a column).
    pub last_day: &'static str,
    /// An empty period.
    pub none: &'static str,
    /// Before the data's formats.
    pub download: &'static str,
    /// Back to the overview.
    pub overview: &'static str,
    /// An article withdrawn.
    pub removed: &'static str,
    /// The language chooser's name.
    pub language: &'static str,
    /// The chart's figures as a table.
    pub chart_table: &'static str,
    /// Before the busiest day's views, above the chart.
    pub peak: &'static str,
}

const EN: Words = Words {
    tag: "en",
    name: "English",
    rtl: false,
    group: ",",
    title: "Views from embeds",
    sign_in_title: "Sign in to the embed dashboard",
    token: "Access token",
    sign_in: "Sign in",
    wrong_token: "This token is not valid.",
    sign_out: "Sign out",
    period: "Period",
    days_7: "7 days",
    days_30: "30 days",
    months_12: "12 months",
    from: "From",
    to: "To",
    show: "Show",
    views: "Views",
    previous: "Previous period",
    per_day: "Views per day",
    day: "Day",
    share: "Share",
    top_articles: "Top articles",
    top_partners: "Top partner sites",
    article: "Article",
    partner: "Partner site",
    unknown: "Unknown site",
    first_day: "First view",
    last_day: "Last view",
    none: "No views in this period.",
    download: "Download",
    overview: "Overview",
    removed: "Removed by the publisher",
    language: "Language",
    chart_table: "Views per day, as a table",
    peak: "Busiest day",
};

const RU: Words = Words {
    tag: "ru",
    name: "Русский",
    rtl: false,
    group: "\u{202f}",
    title: "Просмотры встраиваний",
    sign_in_title: "Вход в панель встраиваний",
    token: "Ключ доступа",
    sign_in: "Войти",
    wrong_token: "Этот ключ не подходит.",
    sign_out: "Выйти",
    period: "Период",
    days_7: "7 дней",
    days_30: "30 дней",
    months_12: "12 месяцев",
    from: "С",
    to: "По",
    show: "Показать",
    views: "Просмотры",
    previous: "Предыдущий период",
    per_day: "Просмотры по дням",
    day: "День",
    share: "Доля",
    top_articles: "Популярные статьи",
    top_partners: "Сайты-партнёры",
    article: "Статья",
    partner: "Сайт-партнёр",
    unknown: "Неизвестный сайт",
    first_day: "Первый просмотр",
    last_day: "Последний просмотр",
    none: "За этот период просмотров нет.",
    download: "Скачать",
    overview: "Обзор",
    removed: "Снята издателем",
    language: "Язык",
    chart_table: "Просмотры по дням, таблицей",
    peak: "Лучший день",
};

const DE: Words = Words {
    tag: "de",
    name: "Deutsch",
    rtl: false,
    group: ".",
    title: "Aufrufe über Einbettungen",
    sign_in_title: "Anmeldung zum Einbettungs-Dashboard",
    token: "Zugangsschlüssel",
    sign_in: "Anmelden",
    wrong_token: "Dieser Schlüssel ist ungültig.",
    sign_out: "Abmelden",
    period: "Zeitraum",
    days_7: "7 Tage",
    days_30: "30 Tage",
    months_12: "12 Monate",
    from: "Von",
    to: "Bis",
    show: "Anzeigen",
    views: "Aufrufe",
    previous: "Vorheriger Zeitraum",
    per_day: "Aufrufe pro Tag",
    day: "Tag",
    share: "Anteil",
    top_articles: "Meistgelesene Artikel",
    top_partners: "Partnerseiten",
    article: "Artikel",
    partner: "Partnerseite",
    unknown: "Unbekannte Seite",
    first_day: "Erster Aufruf",
    last_day: "Letzter Aufruf",
    none: "Keine Aufrufe in diesem Zeitraum.",
    download: "Herunterladen",
    overview: "Übersicht",
    removed: "Vom Verlag entfernt",
    language: "Sprache",
    chart_table: "Aufrufe pro Tag als Tabelle",
    peak: "Stärkster Tag",
};

const FR: Words = Words {
    tag: "fr",
    name: "Français",
    rtl: false,
    group: "\u{202f}",
    title: "Vues des intégrations",
    sign_in_title: "Connexion au tableau de bord",
    token: "Jeton d’accès",
    sign_in: "Se connecter",
    wrong_token: "Ce jeton n’est pas valide.",
    sign_out: "Se déconnecter",
    period: "Période",
    days_7: "7 jours",
    days_30: "30 jours",
    months_12: "12 mois",
    from: "Du",
    to: "Au",
    show: "Afficher",
    views: "Vues",
    previous: "Période précédente",
    per_day: "Vues par jour",
    day: "Jour",
    share: "Part",
    top_articles: "Articles les plus vus",
    top_partners: "Sites partenaires",
    article: "Article",
    partner: "Site partenaire",
    unknown: "Site inconnu",
    first_day: "Première vue",
    last_day: "Dernière vue",
    none: "Aucune vue sur cette période.",
    download: "Télécharger",
    overview: "Vue d’ensemble",
    removed: "Retiré par l’éditeur",
    language: "Langue",
    chart_table: "Vues par jour, en tableau",
    peak: "Meilleur jour",
};

const ES: Words = Words {
    tag: "es",
    name: "Español",
    rtl: false,
    group: ".",
    title: "Vistas de las inserciones",
    sign_in_title: "Acceso al panel de inserciones",
    token: "Token de acceso",
    sign_in: "Entrar",
    wrong_token: "Este token no es válido.",
    sign_out: "Salir",
    period: "Periodo",
    days_7: "7 días",
    days_30: "30 días",
    months_12: "12 meses",
    from: "Desde",
    to: "Hasta",
    show: "Mostrar",
    views: "Vistas",
    previous: "Periodo anterior",
    per_day: "Vistas por día",
    day: "Día",
    share: "Cuota",
    top_articles: "Artículos más vistos",
    top_partners: "Sitios asociados",
    article: "Artículo",
    partner: "Sitio asociado",
    unknown: "Sitio desconocido",
    first_day: "Primera vista",
    last_day: "Última vista",
    none: "No hay vistas en este periodo.",
    download: "Descargar",
    overview: "Resumen",
    removed: "Retirado por el editor",
    language: "Idioma",
    chart_table: "Vistas por día, en tabla",
    peak: "Mejor día",
};

const IT: Words = Words {
    tag: "it",
    name: "Italiano",
    rtl: false,
    group: ".",
    title: "Visualizzazioni degli embed",
    sign_in_title: "Accesso alla dashboard degli embed",
    token: "Token di accesso",
    sign_in: "Accedi",
    wrong_token: "Questo token non è valido.",
    sign_out: "Esci",
    period: "Periodo",
    days_7: "7 giorni",
    days_30: "30 giorni",
    months_12: "12 mesi",
    from: "Dal",
    to: "Al",
    show: "Mostra",
    views: "Visualizzazioni",
    previous: "Periodo precedente",
    per_day: "Visualizzazioni al giorno",
    day: "Giorno",
    share: "Quota",
    top_articles: "Articoli più visti",
    top_partners: "Siti partner",
    article: "Articolo",
    partner: "Sito partner",
    unknown: "Sito sconosciuto",
    first_day: "Prima visualizzazione",
    last_day: "Ultima visualizzazione",
    none: "Nessuna visualizzazione in questo periodo.",
    download: "Scarica",
    overview: "Panoramica",
    removed: "Rimosso dall’editore",
    language: "Lingua",
    chart_table: "Visualizzazioni al giorno, in tabella",
    peak: "Giorno migliore",
};

const PT: Words = Words {
    tag: "pt",
    name: "Português",
    rtl: false,
    group: ".",
    title: "Visualizações das incorporações",
    sign_in_title: "Entrar no painel de incorporações",
    token: "Token de acesso",
    sign_in: "Entrar",
    wrong_token: "Este token não é válido.",
    sign_out: "Sair",
    period: "Período",
    days_7: "7 dias",
    days_30: "30 dias",
    months_12: "12 meses",
    from: "De",
    to: "Até",
    show: "Mostrar",
    views: "Visualizações",
    previous: "Período anterior",
    per_day: "Visualizações por dia",
    day: "Dia",
    share: "Parcela",
    top_articles: "Artigos mais vistos",
    top_partners: "Sites parceiros",
    article: "Artigo",
    partner: "Site parceiro",
    unknown: "Site desconhecido",
    first_day: "Primeira visualização",
    last_day: "Última visualização",
    none: "Nenhuma visualização neste período.",
    download: "Baixar",
    overview: "Visão geral",
    removed: "Removido pelo editor",
    language: "Idioma",
    chart_table: "Visualizações por dia, em tabela",
    peak: "Melhor dia",
};

const UK: Words = Words {
    tag: "uk",
    name: "Українська",
    rtl: false,
    group: "\u{202f}",
    title: "Перегляди вбудовувань",
    sign_in_title: "Вхід до панелі вбудовувань",
    token: "Ключ доступу",
    sign_in: "Увійти",
    wrong_token: "Цей ключ не підходить.",
    sign_out: "Вийти",
    period: "Період",
    days_7: "7 днів",
    days_30: "30 днів",
    months_12: "12 місяців",
    from: "З",
    to: "По",
    show: "Показати",
    views: "Перегляди",
    previous: "Попередній період",
    per_day: "Перегляди за днями",
    day: "День",
    share: "Частка",
    top_articles: "Популярні статті",
    top_partners: "Сайти-партнери",
    article: "Стаття",
    partner: "Сайт-партнер",
    unknown: "Невідомий сайт",
    first_day: "Перший перегляд",
    last_day: "Останній перегляд",
    none: "За цей період переглядів немає.",
    download: "Завантажити",
    overview: "Огляд",
    removed: "Знято видавцем",
    language: "Мова",
    chart_table: "Перегляди за днями, таблицею",
    peak: "Найкращий день",
};

const TR: Words = Words {
    tag: "tr",
    name: "Türkçe",
    rtl: false,
    group: ".",
    title: "Yerleştirmelerden görüntülenmeler",
    sign_in_title: "Yerleştirme paneline giriş",
    token: "Erişim anahtarı",
    sign_in: "Giriş yap",
    wrong_token: "Bu anahtar geçerli değil.",
    sign_out: "Çıkış yap",
    period: "Dönem",
    days_7: "7 gün",
    days_30: "30 gün",
    months_12: "12 ay",
    from: "Başlangıç",
    to: "Bitiş",
    show: "Göster",
    views: "Görüntülenme",
    previous: "Önceki dönem",
    per_day: "Günlük görüntülenme",
    day: "Gün",
    share: "Pay",
    top_articles: "En çok okunan makaleler",
    top_partners: "Ortak siteler",
    article: "Makale",
    partner: "Ortak site",
    unknown: "Bilinmeyen site",
    first_day: "İlk görüntülenme",
    last_day: "Son görüntülenme",
    none: "Bu dönemde görüntülenme yok.",
    download: "İndir",
    overview: "Genel bakış",
    removed: "Yayıncı tarafından kaldırıldı",
    language: "Dil",
    chart_table: "Günlük görüntülenme, tablo olarak",
    peak: "En yoğun gün",
};

const AR: Words = Words {
    tag: "ar",
    name: "العربية",
    rtl: true,
    group: ",",
    title: "مشاهدات التضمينات",
    sign_in_title: "تسجيل الدخول إلى لوحة التضمينات",
    token: "رمز الوصول",
    sign_in: "دخول",
    wrong_token: "هذا الرمز غير صالح.",
    sign_out: "خروج",
    period: "الفترة",
    days_7: "7 أيام",
    days_30: "30 يومًا",
    months_12: "12 شهرًا",
    from: "من",
    to: "إلى",
    show: "عرض",
    views: "المشاهدات",
    previous: "الفترة السابقة",
    per_day: "المشاهدات يوميًا",
    day: "اليوم",
    share: "الحصة",
    top_articles: "أكثر المقالات مشاهدة",
    top_partners: "المواقع الشريكة",
    article: "المقالة",
    partner: "الموقع الشريك",
    unknown: "موقع غير معروف",
    first_day: "أول مشاهدة",
    last_day: "آخر مشاهدة",
    none: "لا توجد مشاهدات في هذه الفترة.",
    download: "تنزيل",
    overview: "نظرة عامة",
    removed: "أزالها الناشر",
    language: "اللغة",
    chart_table: "المشاهدات يوميًا في جدول",
    peak: "أكثر الأيام مشاهدة",
};

const ZH: Words = Words {
    tag: "zh",
    name: "中文",
    rtl: false,
    group: ",",
    title: "嵌入浏览量",
    sign_in_title: "登录嵌入数据面板",
    token: "访问令牌",
    sign_in: "登录",
    wrong_token: "此令牌无效。",
    sign_out: "退出",
    period: "时间段",
    days_7: "7 天",
    days_30: "30 天",
    months_12: "12 个月",
    from: "从",
    to: "到",
    show: "显示",
    views: "浏览量",
    previous: "上一时间段",
    per_day: "每日浏览量",
    day: "日期",
    share: "占比",
    top_articles: "热门文章",
    top_partners: "合作网站",
    article: "文章",
    partner: "合作网站",
    unknown: "未知网站",
    first_day: "首次浏览",
    last_day: "最近浏览",
    none: "此时间段内没有浏览。",
    download: "下载",
    overview: "概览",
    removed: "已被发布者删除",
    language: "语言",
    chart_table: "每日浏览量（表格）",
    peak: "最高单日",
};

const JA: Words = Words {
    tag: "ja",
    name: "日本語",
    rtl: false,
    group: ",",
    title: "埋め込みの閲覧数",
    sign_in_title: "埋め込みダッシュボードにログイン",
    token: "アクセストークン",
    sign_in: "ログイン",
    wrong_token: "このトークンは無効です。",
    sign_out: "ログアウト",
    period: "期間",
    days_7: "7日間",
    days_30: "30日間",
    months_12: "12か月",
    from: "開始日",
    to: "終了日",
    show: "表示",
    views: "閲覧数",
    previous: "前の期間",
    per_day: "日別の閲覧数",
    day: "日付",
    share: "割合",
    top_articles: "人気の記事",
    top_partners: "パートナーサイト",
    article: "記事",
    partner: "パートナーサイト",
    unknown: "不明なサイト",
    first_day: "最初の閲覧",
    last_day: "最後の閲覧",
    none: "この期間の閲覧はありません。",
    download: "ダウンロード",
    overview: "概要",
    removed: "発行元により削除",
    language: "言語",
    chart_table: "日別の閲覧数（表）",
    peak: "最多の日",
};

/// Every language, English first (the fallback).
pub const LANGUAGES: [&Words; 12] = [&EN, &RU, &DE, &FR, &ES, &IT, &PT, &UK, &TR, &AR, &ZH, &JA];

/// The words for a `lang` parameter, else the first language of an
/// `Accept-Language` header the dashboard speaks, else English.
pub fn choose(asked: Option<&str>, accept_language: Option<&str>) -> &'static Words {
    let primary = |tag: &str| {
        tag.split(['-', '_', ';'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    let find = |tag: &str| LANGUAGES.iter().copied().find(|w| w.tag == primary(tag));
    if let Some(words) = asked.and_then(find) {
        return words;
    }
    // Accept-Language in its order of preference (q-values).
    let mut ranges: Vec<(f32, &str)> = accept_language
        .unwrap_or_default()
        .split(',')
        .map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            (q, tag)
        })
        .take(32)
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges
        .into_iter()
        .filter(|(q, _)| *q > 0.0)
        .find_map(|(_, tag)| find(tag))
        .unwrap_or(LANGUAGES[0])
}

impl Words {
    /// `n` with its thousands grouped as the language writes them.
    pub fn number(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_chosen_by_parameter_then_header() {
        assert_eq!(choose(Some("ru"), Some("de")).tag, "ru");
        assert_eq!(choose(Some("xx"), Some("de-AT, en;q=0.5")).tag, "de");
        assert_eq!(choose(None, Some("nl;q=1, ja;q=0.8, fr;q=0.9")).tag, "fr");
        assert_eq!(choose(None, Some("ar;q=0")).tag, "en");
        assert_eq!(choose(None, None).tag, "en");
        assert!(choose(Some("ar"), None).rtl);
    }

    #[test]
    fn every_language_has_every_word_and_its_own() {
        for words in LANGUAGES {
            let debug = format!("{words:?}");
            assert!(!debug.contains(": \"\""), "{}", words.tag);
            if words.tag != "en" {
                assert_ne!(
                    words.sign_in_title, LANGUAGES[0].sign_in_title,
                    "{}",
                    words.tag
                );
            }
        }
        assert_eq!(LANGUAGES.len(), 12);
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(choose(Some("en"), None).number(1_234_567), "1,234,567");
        assert_eq!(choose(Some("de"), None).number(1234), "1.234");
        assert_eq!(choose(Some("ru"), None).number(999), "999");
        assert_eq!(choose(Some("en"), None).number(-1000), "-1,000");
    }
}
