//! `use_view_count`: the article's header, drawn once it is in the page
//! (`render::header`), joined to the view it counts: one `POST` once the
//! reader has had the opening on screen (the view rule, `crate::dwell`),
//! never retried, the count shown becoming the answer's.

use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::Ui;
use crate::api::register_view;
use crate::contract::Article;
use crate::dwell::{watch_dwell, DwellOptions, ViewOnce};
use crate::render::header::{build_header, rest_of_opening, show_views};

/// Draws the header into `opening` when it mounts and counts the view by
/// the rule, once per embed (`view_once`); the watch ends with the article.
pub fn use_view_count(
    opening: NodeRef<leptos::html::Header>,
    article: Arc<Article>,
    ui: Ui,
    card: bool,
    view_once: Option<SendWrapper<ViewOnce>>,
) {
    opening.on_load(move |header| {
        let once = view_once.map(SendWrapper::take);
        let Some(views) = build_header(&header, &article, &ui, card) else {
            return;
        };
        let Some(url) = article.views_url.clone() else {
            return;
        };
        if once.as_ref().is_some_and(ViewOnce::counted) {
            return;
        }
        let rest = {
            let header = header.clone();
            move || rest_of_opening(&header)
        };
        let dwell = watch_dwell(&header, rest, DwellOptions::default(), move || {
            if once.is_some_and(|once| !once.claim()) {
                return;
            }
            let (views, ui) = (views.clone(), ui.clone());
            leptos::task::spawn_local(async move {
                if let Some(n) = register_view(&url).await {
                    show_views(&views, &ui, Some(n));
                }
            });
        });
        let dwell = SendWrapper::new(dwell);
        on_cleanup(move || drop(dwell));
    });
}
