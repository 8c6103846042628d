use leptos::html::Span;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::Ui;
use crate::api::register_view;
use crate::intl::format_views;
use crate::observe::{observe_once, ObserveOptions};

/// "47 views". With a `views_url`, one view is registered (POST) the first
/// time half of the counter is on screen (the reader reached the article), and the count updates.
#[component]
pub fn ViewCounter(ui: Ui, views: Option<u64>, views_url: Option<String>) -> impl IntoView {
    let count = RwSignal::new(views);
    let node_ref = NodeRef::<Span>::new();
    if let Some(url) = views_url {
        node_ref.on_load(move |span| {
            let half = ObserveOptions {
                threshold: 0.5,
                ..ObserveOptions::default()
            };
            let observer = observe_once(&span, half, move || {
                let url = url.clone();
                leptos::task::spawn_local(async move {
                    if let Some(n) = register_view(&url).await {
                        count.try_set(Some(n));
                    }
                });
            });
            if let Some(observer) = observer {
                let observer = SendWrapper::new(observer);
                on_cleanup(move || observer.disconnect());
            }
        });
    }
    view! {
        <span class="ae-views" node_ref=node_ref hidden=move || count.get().is_none()>
            {move || count.get().map(|n| format_views(&ui.locale, ui.words, n))}
        </span>
    }
}
