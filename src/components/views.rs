use leptos::html::Header;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::Ui;
use crate::api::register_view;
use crate::dwell::{watch_dwell, DwellOptions};
use crate::intl::format_views;

/// "47 views". With a `views_url`, one view is registered (one `POST`, never
/// retried) once the reader has had the article's opening, from the headline
/// to the first paragraph, at least half on screen for a second while the
/// page is visible; the count shown becomes the answer. Once per embed: a
/// new `src` is a new embed.
#[component]
pub fn ViewCounter(
    ui: Ui,
    views: Option<u64>,
    views_url: Option<String>,
    /// The article's header: the opening starts there.
    opening: NodeRef<Header>,
) -> impl IntoView {
    let count = RwSignal::new(views);
    if let Some(url) = views_url {
        opening.on_load(move |header| {
            let rest = {
                let header = header.clone();
                move || rest_of_opening(&header)
            };
            let dwell = watch_dwell(&header, rest, DwellOptions::default(), move || {
                leptos::task::spawn_local(async move {
                    if let Some(n) = register_view(&url).await {
                        count.try_set(Some(n));
                    }
                });
            });
            let dwell = SendWrapper::new(dwell);
            on_cleanup(move || drop(dwell));
        });
    }
    view! {
        <span class="ae-views" hidden=move || count.get().is_none()>
            {move || count.get().map(|n| format_views(&ui.locale, ui.words, n))}
        </span>
    }
}

/// What follows the header down to the first paragraph (the lead, else
/// the body's first block), the card's image included.
fn rest_of_opening(header: &web_sys::Element) -> Vec<web_sys::Element> {
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
