//! The article's header: rubrics, headline, date, "Updated …", author and
//! the view counter. Drawing only: the view it counts is
//! `components::views`'.
//!
//! Built with `web-sys` calls into the `<header>` `components::article`
//! renders, rather than with `view!`: the `view!` version of this static
//! header cost 2.6 KB brotli (`node scripts/size.mjs dist` with and without
//! it), bytes the publisher formats needed within the 125 KB budget.

use web_sys::Element;

use super::{child, external_link};
use crate::intl::{format_date, format_views};
use crate::ui::Ui;
use article_embed_core::contract::Article;

/// Fills `header`; returns its view counter ([`show_views`] sets it).
pub(crate) fn build_header(
    header: &Element,
    article: &Article,
    ui: &Ui,
    card: bool,
) -> Option<Element> {
    let doc = header.owner_document()?;
    let words = ui.words;
    if !card && !article.categories.is_empty() {
        let nav = child(&doc, header, "nav", "ae-rubrics")?;
        let _ = nav.set_attribute("aria-label", words.rubrics);
        let list = child(&doc, &nav, "ul", "")?;
        for rubric in &article.categories {
            let li = child(&doc, &list, "li", "")?;
            let tag = if rubric.url.is_some() { "a" } else { "span" };
            let el = child(&doc, &li, tag, "ae-rubric")?;
            let _ = el.set_attribute("part", "rubric");
            if let Some(url) = &rubric.url {
                external_link(&el, url);
            }
            el.set_text_content(Some(&rubric.name));
        }
    }
    let title = child(&doc, header, "h2", "ae-title")?;
    let _ = title.set_attribute("part", "title");
    let _ = title.set_attribute("dir", "auto");
    let title = if card {
        let link = child(&doc, &title, "a", "ae-title__link")?;
        external_link(&link, &article.url);
        link
    } else {
        title
    };
    title.set_text_content(Some(&article.title));

    let meta = child(&doc, header, "p", "ae-meta")?;
    let _ = meta.set_attribute("part", "meta");
    // A feed item with no date anywhere shows none.
    let date = article.published_at.map(|at| format_date(&ui.locale, at));
    if let (Some(at), Some(date)) = (article.published_at, &date) {
        let time = child(&doc, &meta, "time", "ae-date")?;
        let iso = js_sys::Date::new(&(at.epoch_ms as f64).into()).to_iso_string();
        let _ = time.set_attribute("datetime", &String::from(iso));
        time.set_text_content(Some(date));
    }
    // Shown only when the publisher changed the article on a later day.
    let updated = article
        .updated_at
        .map(|u| format_date(&ui.locale, u))
        .filter(|u| Some(u) != date.as_ref());
    let author = article.author.as_ref().filter(|_| !card);
    for (class, label, value) in [
        ("ae-updated", words.updated, updated.as_ref()),
        ("ae-author", words.by, author),
    ] {
        if let Some(value) = value {
            child(&doc, &meta, "span", class)?.set_text_content(Some(&format!("{label} {value}")));
        }
    }
    let views = child(&doc, &meta, "span", "ae-views")?;
    show_views(&views, ui, article.views);
    Some(views)
}

/// The view counter shows `count`; hidden without one.
pub(crate) fn show_views(views: &Element, ui: &Ui, count: Option<u64>) {
    match count {
        Some(n) => {
            views.set_text_content(Some(&format_views(&ui.locale, ui.words, n)));
            let _ = views.remove_attribute("hidden");
        }
        None => {
            let _ = views.set_attribute("hidden", "");
        }
    }
}

/// What follows the header down to the first paragraph (the lead, else
/// the body's first block), the card's image included: with the header,
/// the opening a reader must have seen for a view.
pub(crate) fn rest_of_opening(header: &Element) -> Vec<Element> {
    let mut rest = Vec::new();
    let mut next = header.next_element_sibling();
    while let Some(el) = next {
        let classes = el.class_list();
        if classes.contains("ae-body") {
            rest.extend(el.first_element_child());
            break;
        }
        let lead = classes.contains("ae-lead");
        if !lead && !classes.contains("ae-card__img") {
            break;
        }
        rest.push(el.clone());
        if lead {
            break;
        }
        next = el.next_element_sibling();
    }
    rest
}
