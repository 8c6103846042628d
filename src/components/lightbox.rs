use std::sync::Arc;

use leptos::ev::KeyboardEvent;
use leptos::html::{Button, Dialog};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Ui;
use crate::gallery_state::GalleryState;
use crate::photos::Photos;

/// The lightbox's parts, shared by everything that opens it: body images
/// and the grid's thumbnails (each a button with `data-ae-photo="N"`).
#[derive(Clone, Copy)]
pub struct LightboxHandle {
    pub state: RwSignal<GalleryState>,
    dialog: NodeRef<Dialog>,
    close_button: NodeRef<Button>,
}

impl LightboxHandle {
    pub fn new(len: usize) -> Self {
        LightboxHandle {
            state: RwSignal::new(GalleryState::new(len)),
            dialog: NodeRef::new(),
            close_button: NodeRef::new(),
        }
    }

    /// Opens at photo `index`. Imperative: `showModal` must run in the click.
    pub fn open(self, index: usize) {
        self.state.update(|s| *s = s.open_at(index));
        if let Some(el) = self.dialog.get_untracked() {
            if !el.open() {
                let _ = el.show_modal();
            }
        }
        if let Some(button) = self.close_button.get_untracked() {
            let _ = button.focus();
        }
    }
}

/// The modal photo viewer for the whole article: a native `<dialog>` shown
/// with `showModal()`, so it sits in the top layer above any partner page
/// and traps focus. Closing gives focus back to the button of the photo
/// last shown, in the body or in the grid.
#[component]
pub fn Lightbox(photos: Arc<Photos>, handle: LightboxHandle, ui: Ui) -> impl IntoView {
    let words = ui.words;
    let LightboxHandle {
        state,
        dialog,
        close_button,
    } = handle;
    let close = move || {
        if let Some(el) = dialog.get_untracked() {
            el.close();
        }
    };
    // Every way of closing (button, Escape) ends in the dialog's `close`
    // event.
    let on_close = move |_| {
        let last = state.get_untracked().current();
        state.update(|s| *s = s.close());
        if let (Some(index), Some(el)) = (last, dialog.get_untracked()) {
            focus_opener(&el, index);
        }
    };
    let image = {
        let photos = photos.clone();
        move || {
            state
                .get()
                .current()
                .and_then(|i| photos.all.get(i).cloned())
        }
    };
    // Right to left, the previous photo is to the right: keys and arrows
    // follow the reading direction (the buttons already do, by logical CSS).
    let rtl = ui.rtl;
    let on_keydown = move |ev: KeyboardEvent| {
        let step = match (ev.key().as_str(), rtl) {
            ("ArrowLeft", false) | ("ArrowRight", true) => GalleryState::previous,
            ("ArrowRight", false) | ("ArrowLeft", true) => GalleryState::next,
            _ => return,
        };
        ev.prevent_default();
        state.update(|s| *s = step(*s));
    };
    let (prev_glyph, next_glyph) = if rtl { ("›", "‹") } else { ("‹", "›") };
    let has_many = photos.all.len() > 1;
    view! {
        <dialog
            class="ae-lightbox"
            part="lightbox"
            role="dialog"
            aria-modal="true"
            aria-label=words.viewer
            node_ref=dialog
            on:keydown=on_keydown
            on:close=on_close
        >
            <figure class="ae-lightbox__figure">
                {
                    let image = image.clone();
                    move || image().map(|img| view! {
                        <img class="ae-lightbox__img" src=img.src alt=img.alt width=img.width height=img.height />
                    })
                }
                <figcaption class="ae-lightbox__caption">
                    {move || image().and_then(|img| img.caption)}
                </figcaption>
            </figure>
            <p class="ae-lightbox__counter" aria-live="polite">{move || state.get().counter()}</p>
            <button type="button" class="ae-lightbox__nav ae-lightbox__nav--prev" aria-label=words.previous
                hidden=!has_many on:click=move |_| state.update(|s| *s = s.previous())>
                <span aria-hidden="true">{prev_glyph}</span>
            </button>
            <button type="button" class="ae-lightbox__nav ae-lightbox__nav--next" aria-label=words.next
                hidden=!has_many on:click=move |_| state.update(|s| *s = s.next())>
                <span aria-hidden="true">{next_glyph}</span>
            </button>
            <button type="button" class="ae-lightbox__close" aria-label=words.close node_ref=close_button
                on:click=move |_| close()>
                <span aria-hidden="true">"×"</span>
            </button>
        </dialog>
    }
}

/// Focuses the button that opens photo `index` (in the body or the grid).
fn focus_opener(dialog: &web_sys::HtmlDialogElement, index: usize) {
    let button = dialog
        .closest(".ae-article")
        .ok()
        .flatten()
        .and_then(|article| {
            article
                .query_selector(&format!("[data-ae-photo=\"{index}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        let _ = button.focus();
    }
}
