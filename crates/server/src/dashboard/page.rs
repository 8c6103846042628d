//! The dashboard's pages, rendered on the server (maud escapes every value):
//! no script, so the strict CSP holds and every control is a link or a
//! form a keyboard and a screen reader already know. Every URL is relative
//! to `/dashboard/`, so the pages work behind a proxy's path prefix too.

use maud::{html, Markup, DOCTYPE};

use super::stats::{ArticleInfo, ArticleViews, DayViews, PartnerViews, Period};
use super::words::{Words, LANGUAGES};
use super::{date, View};

/// The overview's figures.
pub(super) struct Overview {
    /// The period shown.
    pub period: Period,
    /// Views per day in it.
    pub days: Vec<DayViews>,
    /// Views in all in the period before it, as long.
    pub previous: i64,
    /// Its top articles.
    pub articles: Vec<ArticleViews>,
    /// Its top partner sites.
    pub partners: Vec<PartnerViews>,
}

/// One article's figures.
pub(super) struct Article {
    /// The period shown.
    pub period: Period,
    /// What the archive knows of it.
    pub info: ArticleInfo,
    /// Its views per day in the period.
    pub days: Vec<DayViews>,
    /// Its partner sites.
    pub partners: Vec<PartnerViews>,
}

/// A query string of `pairs` (values encoded).
fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.append_pair(key, value);
    }
    let query = out.finish();
    if query.is_empty() {
        "./".to_owned()
    } else {
        format!("?{query}")
    }
}

/// The period and language of `view`, as query pairs.
fn kept<'a>(view: &'a View, words: &'a Words) -> Vec<(&'static str, &'a str)> {
    let mut pairs = vec![("lang", words.tag)];
    if view.from.as_deref().is_some_and(|f| !f.is_empty()) {
        pairs.push(("from", view.from.as_deref().unwrap_or_default()));
        pairs.push(("to", view.to.as_deref().unwrap_or_default()));
    } else if let Some(period) = view.period.as_deref() {
        pairs.push(("period", period));
    }
    pairs
}

/// A table of the API for this page's period (and article).
fn api_link(view: &View, words: &Words, name: &str, format: &str, key: Option<&str>) -> String {
    let mut pairs = kept(view, words);
    pairs.retain(|(k, _)| *k != "lang");
    if let Some(key) = key {
        pairs.push(("key", key));
    }
    format!(
        "api/{name}.{format}{}",
        query(&pairs).trim_start_matches("./")
    )
}

/// This page in another language.
fn language_link(view: &View, words: &Words, other: &Words) -> String {
    let mut pairs = kept(view, words);
    pairs.retain(|(k, _)| *k != "lang");
    pairs.push(("lang", other.tag));
    pairs.push(("key", view.key.as_deref().unwrap_or_default()));
    query(&pairs)
}

/// An article's page, for the same period and language.
fn article_link(view: &View, words: &Words, key: &str) -> String {
    let mut pairs = kept(view, words);
    pairs.push(("key", key));
    format!("article{}", query(&pairs))
}

fn layout(words: &Words, title: &str, signed_in: bool, view: &View, main: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(words.tag) dir=(if words.rtl { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="referrer" content="no-referrer";
                title { (title) " · " (words.title) }
                link rel="stylesheet" href="dashboard.css";
            }
            body {
                header.bar {
                    a.home href=(query(&[("lang", words.tag)])) { (words.title) }
                    @if signed_in {
                        form method="post" action="logout" {
                            button type="submit" { (words.sign_out) }
                        }
                    }
                }
                main id="main" { (main) }
                footer {
                    nav aria-label=(words.language) {
                        ul.languages {
                            @for other in LANGUAGES {
                                li {
                                    a href=(language_link(view, words, other)) lang=(other.tag) hreflang=(other.tag)
                                        aria-current=[(other.tag == words.tag).then_some("true")] { (other.name) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

/// The sign-in page (`wrong`: a token was just refused).
pub(super) fn sign_in(words: &Words, view: &View, wrong: bool) -> String {
    let main = html! {
        h1 { (words.sign_in_title) }
        form.sign-in method="post" action="login" {
            @if wrong {
                p.error role="alert" id="wrong" { (words.wrong_token) }
            }
            label for="token" { (words.token) }
            input id="token" name="token" type="password" required autocomplete="current-password"
                aria-describedby=[wrong.then_some("wrong")] aria-invalid=[wrong.then_some("true")];
            input type="hidden" name="lang" value=(words.tag);
            button type="submit" { (words.sign_in) }
        }
    };
    layout(words, words.sign_in_title, false, view, main)
}

/// A page that could not be shown: why, and the way back.
pub(super) fn failure(words: &Words, view: &View, message: &str) -> String {
    let main = html! {
        h1 { (words.title) }
        p.error role="alert" { (message) }
        p { a href=(query(&[("lang", words.tag)])) { (words.overview) } }
    };
    layout(words, words.title, true, view, main)
}

/// The period chooser: the three periods as links, a custom one as a form.
fn periods(words: &Words, view: &View, period: Period) -> Markup {
    let custom = view.from.as_deref().is_some_and(|f| !f.is_empty());
    let current = view.period.as_deref().unwrap_or("30d");
    let key = view.key.as_deref().unwrap_or_default();
    html! {
        nav.periods aria-label=(words.period) {
            ul {
                @for (code, name) in [("7d", words.days_7), ("30d", words.days_30), ("12m", words.months_12)] {
                    li {
                        a href=(query(&[
                            ("period", code),
                            ("lang", words.tag),
                            ("key", key),
                            ("sort", view.sort.as_deref().unwrap_or_default()),
                            ("psort", view.psort.as_deref().unwrap_or_default()),
                        ]))
                            aria-current=[(!custom && current == code).then_some("page")] { (name) }
                    }
                }
            }
            form.custom method="get" action="" {
                input type="hidden" name="lang" value=(words.tag);
                @if !key.is_empty() { input type="hidden" name="key" value=(key); }
                label { (words.from) " " input type="date" name="from" value=(date(period.from)) required; }
                label { (words.to) " " input type="date" name="to" value=(date(period.to)) required; }
                button type="submit" { (words.show) }
            }
        }
    }
}

/// Views per day as bars (SVG, named and described for screen readers),
/// with the same figures as a table below it.
fn chart(words: &Words, id: &str, days: &[DayViews]) -> Markup {
    let peak = days.iter().map(|d| d.views).max().unwrap_or(0);
    let total: i64 = days.iter().map(|d| d.views).sum();
    let width = days.len().max(1) * 10;
    let first = days.first().map(|d| date(d.day)).unwrap_or_default();
    let last = days.last().map(|d| date(d.day)).unwrap_or_default();
    let description = format!(
        "{first} – {last}: {} {}; {}: {}",
        words.number(total),
        words.views,
        words.peak,
        words.number(peak)
    );
    html! {
        figure.chart {
            figcaption id=(format!("{id}-title")) { (words.per_day) }
            p.peak aria-hidden="true" { (words.peak) ": " (words.number(peak)) }
            svg viewBox=(format!("0 0 {width} 100")) preserveAspectRatio="none" role="img"
                aria-labelledby=(format!("{id}-title {id}-desc")) focusable="false" {
                desc id=(format!("{id}-desc")) { (description) }
                line.axis x1="0" y1="100" x2=(width) y2="100" {}
                @for (i, day) in days.iter().enumerate() {
                    @let height = if peak > 0 { (day.views as f64 / peak as f64 * 96.0).max(if day.views > 0 { 1.5 } else { 0.0 }) } else { 0.0 };
                    rect.bar x=(i * 10 + 1) y=(format!("{:.1}", 100.0 - height)) width="8" height=(format!("{height:.1}")) {
                        title { (date(day.day)) ": " (words.number(day.views)) }
                    }
                }
            }
            p.axis-dates aria-hidden="true" { span { (first) } span { (last) } }
            details {
                summary { (words.chart_table) }
                table {
                    thead { tr { th scope="col" { (words.day) } th scope="col" { (words.views) } } }
                    tbody {
                        @for day in days.iter().rev() {
                            tr { td { (date(day.day)) } td.number { (words.number(day.views)) } }
                        }
                    }
                }
            }
        }
    }
}

/// A column header that sorts its table: a link, `aria-sort` on the one in use.
fn sort_header(
    label: &str,
    column: &str,
    param: &str,
    current: &str,
    pairs: &[(&str, &str)],
) -> Markup {
    let (active, descending) = match current.strip_prefix('-') {
        Some(name) => (name == column, false),
        None => (current == column, true),
    };
    // Views first sort most first; names first sort A to Z.
    let numeric = column == "views";
    let next = match (active, descending, numeric) {
        (true, true, _) => format!("-{column}"),
        (true, false, _) => column.to_owned(),
        (false, _, true) => column.to_owned(),
        (false, _, false) => format!("-{column}"),
    };
    let mut pairs = pairs.to_vec();
    pairs.retain(|(k, _)| *k != param);
    pairs.push((param, &next));
    let shown_descending = if numeric { descending } else { !descending };
    html! {
        th scope="col" aria-sort=[active.then_some(if shown_descending { "descending" } else { "ascending" })] {
            a href=(query(&pairs)) {
                (label)
                @if active { span aria-hidden="true" { (if shown_descending { " ▼" } else { " ▲" }) } }
            }
        }
    }
}

fn share(words: &Words, part: i64, total: i64) -> String {
    if total <= 0 {
        return "–".to_owned();
    }
    let tenths = (part * 1000 + total / 2) / total;
    let sep = if words.group == "," { "." } else { "," };
    format!("{}{sep}{} %", tenths / 10, tenths % 10)
}

/// A partner's origin as shown (the unknown one named so).
fn partner_name(words: &Words, partner: &str) -> Markup {
    html! {
        @if partner.is_empty() { em { (words.unknown) } } @else { bdi { (partner) } }
    }
}

/// The overview: the period's views per day, top articles, top partners.
pub(super) fn overview(words: &Words, view: &View, mut figures: Overview) -> String {
    let total: i64 = figures.days.iter().map(|d| d.views).sum();
    let sort = view.sort.as_deref().unwrap_or("views");
    let psort = view.psort.as_deref().unwrap_or("views");
    sort_articles(&mut figures.articles, sort);
    sort_partners(&mut figures.partners, psort);
    let mut pairs = kept(view, words);
    pairs.push(("sort", sort));
    pairs.push(("psort", psort));
    let change = if figures.previous > 0 {
        let percent = (total - figures.previous) as f64 * 100.0 / figures.previous as f64;
        format!(" ({percent:+.0} %)")
    } else {
        String::new()
    };
    let api = |name: &str, format: &str| api_link(view, words, name, format, None);
    let main = html! {
        h1 { (words.title) }
        (periods(words, view, figures.period))
        section.summary aria-label=(words.views) {
            p.figure { span.label { (words.views) } " " strong data-total=(total) { (words.number(total)) } }
            p.previous { (words.previous) ": " (words.number(figures.previous)) (change) }
        }
        (chart(words, "all", &figures.days))
        p.download { (words.download) ": " a href=(api("days", "csv")) { "CSV" } " · " a href=(api("days", "json")) { "JSON" } }
        div.tables {
            section {
                table.top id="articles" {
                    caption { (words.top_articles) }
                    thead { tr {
                        (sort_header(words.article, "title", "sort", sort, &pairs))
                        (sort_header(words.views, "views", "sort", sort, &pairs))
                        th scope="col" { (words.share) }
                    } }
                    tbody {
                        @for row in &figures.articles {
                            tr {
                                td {
                                    a href=(article_link(view, words, &row.article)) { (row.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(row.article.as_str())) }
                                }
                                td.number { (words.number(row.views)) }
                                td.number { (share(words, row.views, total)) }
                            }
                        }
                        @if figures.articles.is_empty() { tr { td colspan="3" { (words.none) } } }
                    }
                }
                p.download { (words.download) ": " a href=(api("articles", "csv")) { "CSV" } " · " a href=(api("articles", "json")) { "JSON" } }
            }
            section {
                table.top id="partners" {
                    caption { (words.top_partners) }
                    thead { tr {
                        (sort_header(words.partner, "partner", "psort", psort, &pairs))
                        (sort_header(words.views, "views", "psort", psort, &pairs))
                        th scope="col" { (words.share) }
                    } }
                    tbody {
                        @for row in &figures.partners {
                            tr {
                                td { (partner_name(words, &row.partner)) }
                                td.number { (words.number(row.views)) }
                                td.number { (share(words, row.views, total)) }
                            }
                        }
                        @if figures.partners.is_empty() { tr { td colspan="3" { (words.none) } } }
                    }
                }
                p.download { (words.download) ": " a href=(api("partners", "csv")) { "CSV" } " · " a href=(api("partners", "json")) { "JSON" } }
            }
        }
    };
    layout(words, words.title, true, view, main)
}

fn sort_articles(rows: &mut [ArticleViews], order: &str) {
    let title = |r: &ArticleViews| r.title.clone().unwrap_or_default().to_lowercase();
    match order {
        "-views" => rows.sort_by(|a, b| {
            a.views
                .cmp(&b.views)
                .then_with(|| a.article.cmp(&b.article))
        }),
        "title" => rows.sort_by_key(title),
        "-title" => rows.sort_by_key(|r| std::cmp::Reverse(title(r))),
        _ => rows.sort_by(|a, b| {
            b.views
                .cmp(&a.views)
                .then_with(|| a.article.cmp(&b.article))
        }),
    }
}

fn sort_partners(rows: &mut [PartnerViews], order: &str) {
    match order {
        "-views" => rows.sort_by(|a, b| {
            a.views
                .cmp(&b.views)
                .then_with(|| a.partner.cmp(&b.partner))
        }),
        "partner" => rows.sort_by(|a, b| a.partner.cmp(&b.partner)),
        "-partner" => rows.sort_by(|a, b| b.partner.cmp(&a.partner)),
        _ => rows.sort_by(|a, b| {
            b.views
                .cmp(&a.views)
                .then_with(|| a.partner.cmp(&b.partner))
        }),
    }
}

/// One article: its views per day and its partner sites.
pub(super) fn article(words: &Words, view: &View, mut figures: Article) -> String {
    let info = &figures.info;
    let total: i64 = figures.days.iter().map(|d| d.views).sum();
    let psort = view.psort.as_deref().unwrap_or("views");
    sort_partners(&mut figures.partners, psort);
    let mut pairs = kept(view, words);
    pairs.push(("key", info.article.as_str()));
    pairs.push(("psort", psort));
    let title = info
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(info.article.as_str());
    let key = info.article.as_str();
    let api = |name: &str, format: &str| api_link(view, words, name, format, Some(key));
    let main = html! {
        p { a href=(query(&kept(view, words))) { "← " (words.overview) } }
        h1 { (title) }
        @if let Some(url) = &info.url {
            @if url.starts_with("https://") || url.starts_with("http://") {
                p.url { a href=(url) rel="noopener noreferrer" { bdi { (url) } } }
            } @else {
                p.url { bdi { (url) } }
            }
        }
        @if info.removed { p.removed { strong { (words.removed) } } }
        dl.facts {
            dt { (words.first_day) } dd { (info.first_day.map(date).unwrap_or_else(|| "–".to_owned())) }
            dt { (words.last_day) } dd { (info.last_day.map(date).unwrap_or_else(|| "–".to_owned())) }
        }
        (periods(words, view, figures.period))
        section.summary aria-label=(words.views) {
            p.figure { span.label { (words.views) } " " strong data-total=(total) { (words.number(total)) } }
        }
        (chart(words, "article", &figures.days))
        p.download { (words.download) ": " a href=(api("article-days", "csv")) { "CSV" } " · " a href=(api("article-days", "json")) { "JSON" } }
        table.top id="partners" {
            caption { (words.top_partners) }
            thead { tr {
                (sort_header(words.partner, "partner", "psort", psort, &pairs))
                (sort_header(words.views, "views", "psort", psort, &pairs))
                th scope="col" { (words.first_day) }
                th scope="col" { (words.last_day) }
            } }
            tbody {
                @for row in &figures.partners {
                    tr {
                        td { (partner_name(words, &row.partner)) }
                        td.number { (words.number(row.views)) }
                        td { (date(row.first_day)) }
                        td { (date(row.last_day)) }
                    }
                }
                @if figures.partners.is_empty() { tr { td colspan="4" { (words.none) } } }
            }
        }
        p.download { (words.download) ": " a href=(api("article-partners", "csv")) { "CSV" } " · " a href=(api("article-partners", "json")) { "JSON" } }
    };
    layout(words, title, true, view, main)
}
