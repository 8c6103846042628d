use std::sync::Arc;

use leptos::ev::MouseEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;

use super::Ui;
use crate::i18n::Words;
use crate::loading::api::next_task;
use crate::render;
use crate::render::body::{append_safe_nodes, Build};
use crate::render::lightbox::LightboxHandle;
use crate::render::photos::Photos;
use article_embed_markup::Ops;
use article_embed_markup::SafeNode;

/// The article body, already cleaned (`markup`): built node by node, with
/// its images opening the article's lightbox.
// `#[component]` writes the props struct `pub` whatever the function's visibility.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn ArticleBody(
    /// The cleaned body (`article_embed_markup::sanitize`).
    nodes: Arc<Vec<SafeNode>>,
    /// Every photo of the article: body images open the lightbox at theirs.
    photos: Arc<Photos>,
    /// The article's lightbox.
    lightbox: LightboxHandle,
    /// Its language's words and formats.
    ui: Ui,
) -> impl IntoView {
    let node_ref = NodeRef::<Div>::new();
    let words = ui.words;
    node_ref.on_load(move |div| {
        if let Some(doc) = div.owner_document() {
            build_in_slices(doc, div.clone(), nodes, photos, words);
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

/// Nodes built (and laid out) per task: an ordinary article is one slice;
/// a body at the caps (20 000 nodes) is built over many tasks, each
/// well under 200 ms with its layout, instead of one task of half a second.
const SLICE_NODES: usize = 500;

/// Builds the body a slice of top-level blocks at a time, each in a
/// detached fragment inserted once (one style and direction pass per slice,
/// not per node). The first slice, with the opening, is built at once; the
/// rest follow in later tasks while the body is still in the page.
fn build_in_slices(
    doc: web_sys::Document,
    div: web_sys::HtmlDivElement,
    nodes: Arc<Vec<SafeNode>>,
    photos: Arc<Photos>,
    words: &'static Words,
) {
    let slices = slices(&nodes, SLICE_NODES);
    let busy = div.clone();
    let append = move |build: &Build<'_>, range: std::ops::Range<usize>| {
        let mut ops = Ops::default();
        append_safe_nodes(build, &mut ops, nodes.get(range).unwrap_or_default());
        if let Some(fragment) = render::body::build(&doc, &ops) {
            let _ = div.append_child(&fragment);
        }
        div.is_connected()
    };
    let mut slices = slices.into_iter();
    let build = Build::new(&photos, words);
    if let Some(first) = slices.next() {
        append(&build, first);
    }
    let tables = build.tables.get();
    if slices.len() == 0 {
        return;
    }
    // Assistive technology (and a test) learns the body is still coming.
    let _ = busy.set_attribute("aria-busy", "true");
    leptos::task::spawn_local(async move {
        let build = Build::new(&photos, words);
        build.tables.set(tables);
        for range in slices {
            next_task().await;
            if !append(&build, range) {
                return;
            }
        }
        let _ = busy.remove_attribute("aria-busy");
    });
}

/// Ranges of top-level nodes of about `size` nodes each (a block larger
/// than that is a slice of its own).
fn slices(nodes: &[SafeNode], size: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for (i, node) in nodes.iter().enumerate() {
        weight += node_count(node);
        if weight >= size {
            out.push(start..i + 1);
            (start, weight) = (i + 1, 0);
        }
    }
    if start < nodes.len() {
        out.push(start..nodes.len());
    }
    out
}

/// How many nodes a cleaned node stands for, itself included. An image is
/// a button, a picture and their attributes: counted as one node, a body
/// at the image cap built all its 300 images in one slice, its longest task.
fn node_count(node: &SafeNode) -> usize {
    let all = |nodes: &[SafeNode]| nodes.iter().map(node_count).sum::<usize>();
    1 + match node {
        SafeNode::Element { children, .. } | SafeNode::Link { children, .. } => all(children),
        SafeNode::Image(_) => 3,
        SafeNode::Gallery { items, caption } => {
            items.iter().map(|i| 2 + all(&i.caption)).sum::<usize>() + all(caption)
        }
        _ => 0,
    }
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
