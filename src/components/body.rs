use std::sync::Arc;

use leptos::ev::MouseEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;

use super::lightbox::LightboxHandle;
use super::Ui;
use crate::markup::dom::{append_safe_nodes, Build};
use crate::markup::SafeNode;
use crate::photos::Photos;

/// The article body, already cleaned (`markup`): built node by node, with
/// its images opening the article's lightbox.
#[component]
pub fn ArticleBody(
    nodes: Arc<Vec<SafeNode>>,
    photos: Arc<Photos>,
    lightbox: LightboxHandle,
    ui: Ui,
) -> impl IntoView {
    let node_ref = NodeRef::<Div>::new();
    let words = ui.words;
    node_ref.on_load(move |div| {
        // Built in a detached fragment and inserted once: one style and
        // direction pass for the whole body instead of one per node.
        if let Some(doc) = div.owner_document() {
            let fragment = doc.create_document_fragment();
            let build = Build::new(&doc, &photos, words);
            append_safe_nodes(&build, &fragment, &nodes);
            let _ = div.append_child(&fragment);
        }
        let listener = SendWrapper::new(settle_unknown_sizes(&div));
        on_cleanup(move || drop(listener));
    });
    let on_click = move |ev: MouseEvent| {
        if !open_photo(&ev, lightbox) {
            follow_fragment(ev);
        }
    };
    view! { <div class="ae-body" node_ref=node_ref on:click=on_click></div> }
}

/// An image whose size nobody gave holds a placeholder ratio until it
/// loads, then takes its own (never letterboxed). One capturing listener
/// for the body (`load` does not bubble), removed with it.
fn settle_unknown_sizes(body: &web_sys::HtmlDivElement) -> Option<EventListener> {
    let callback = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if let Some(img) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            if img.local_name() == "img" {
                let _ = img.remove_attribute("data-size");
            }
        }
    });
    body.add_event_listener_with_callback_and_bool("load", callback.as_ref().unchecked_ref(), true)
        .ok()?;
    Some(EventListener(body.clone().into(), callback))
}

/// Removes its listener when dropped.
struct EventListener(web_sys::EventTarget, Closure<dyn Fn(web_sys::Event)>);

impl Drop for EventListener {
    fn drop(&mut self) {
        let _ = self.0.remove_event_listener_with_callback_and_bool(
            "load",
            self.1.as_ref().unchecked_ref(),
            true,
        );
    }
}

/// A click on a photo's button (a body image or a thumbnail) opens the
/// lightbox at its photo.
pub(super) fn open_photo(ev: &MouseEvent, lightbox: LightboxHandle) -> bool {
    let button = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button[data-ae-photo]").ok().flatten());
    let index = button
        .as_ref()
        .and_then(|b| b.get_attribute("data-ae-photo"))
        .and_then(|i| i.parse::<usize>().ok());
    match (index, button) {
        (Some(index), Some(button)) => {
            lightbox.open(index, &button);
            true
        }
        _ => false,
    }
}

/// A `#fragment` link whose target is in the body (a footnote, its way
/// back, a table of contents) moves there inside the embed: the page's URL
/// and scroll position are the partner's, and fragment navigation cannot
/// see into a shadow root anyway.
fn follow_fragment(ev: MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
    {
        return;
    }
    let link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[data-ae-ref]").ok().flatten());
    let Some(link) = link else {
        return;
    };
    let id = link.get_attribute("data-ae-ref").unwrap_or_default();
    // Ids are letters, digits and -_.: only (markup::clean): safe in quotes.
    let target = link
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| {
            root.query_selector(&format!("[id=\"{id}\"]"))
                .ok()
                .flatten()
        });
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        ev.prevent_default();
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        target.scroll_into_view();
        let _ = target.focus();
    }
}
