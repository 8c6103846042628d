use leptos::html::Span;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use super::Ui;
use crate::api::register_view;
use crate::intl::format_views;

/// "47 views". With a `views_url`, one view is registered (POST) the first
/// time half of the counter is on screen (the reader reached the article), and the count updates.
#[component]
pub fn ViewCounter(ui: Ui, views: Option<u64>, views_url: Option<String>) -> impl IntoView {
    let count = RwSignal::new(views);
    let node_ref = NodeRef::<Span>::new();
    if let Some(url) = views_url {
        node_ref.on_load(move |span| {
            let observer = observe_once(&span, move || {
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

/// Holds the observer and its callback together so neither is freed early.
struct Observer(
    IntersectionObserver,
    #[allow(dead_code)] Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>,
);

impl Observer {
    fn disconnect(&self) {
        self.0.disconnect();
    }
}

fn observe_once(
    target: &web_sys::Element,
    mut on_visible: impl FnMut() + 'static,
) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: IntersectionObserver| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if visible {
                observer.disconnect();
                on_visible();
            }
        },
    );
    let init = IntersectionObserverInit::new();
    init.set_threshold(&0.5.into());
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    observer.observe(target);
    Some(Observer(observer, callback))
}
