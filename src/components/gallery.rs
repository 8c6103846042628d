use std::sync::Arc;

use leptos::ev::KeyboardEvent;
use leptos::html::{Button, Dialog, Ul};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Ui;
use crate::contract::Image;
use crate::gallery_state::GalleryState;

/// Thumbnails in a responsive grid, each opening the lightbox at its photo.
#[component]
pub fn Gallery(images: Arc<Vec<Image>>, ui: Ui) -> impl IntoView {
    let total = images.len();
    let state = RwSignal::new(GalleryState::new(total));
    let grid = NodeRef::<Ul>::new();
    let dialog = NodeRef::<Dialog>::new();
    let close_button = NodeRef::<Button>::new();
    let words = ui.words;
    // Opening is imperative (showModal must run in the click), the state
    // signal drives what the dialog shows.
    let open = move |index: usize| {
        state.update(|s| *s = s.open_at(index));
        if let Some(el) = dialog.get_untracked() {
            if !el.open() {
                let _ = el.show_modal();
            }
        }
        if let Some(button) = close_button.get_untracked() {
            let _ = button.focus();
        }
    };
    let thumbs = images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            let label = if img.alt.is_empty() {
                words.photo_label(i + 1, total)
            } else {
                format!("{}: {}", words.photo_label(i + 1, total), img.alt)
            };
            view! {
                <li class="ae-gallery__item">
                    <button
                        type="button"
                        class="ae-gallery__thumb"
                        part="thumbnail"
                        aria-haspopup="dialog"
                        aria-label=label
                        on:click=move |_| open(i)
                    >
                        <img
                            class="ae-gallery__img"
                            src=img.src.clone()
                            alt=""
                            loading="lazy"
                            decoding="async"
                            width=img.width
                            height=img.height
                        />
                    </button>
                    {img.caption.clone().map(|c| view! { <p class="ae-gallery__caption">{c}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ae-gallery" aria-label=words.gallery>
            <ul class="ae-gallery__grid" node_ref=grid>{thumbs}</ul>
            <Lightbox images state grid dialog close_button ui />
        </section>
    }
}

/// The modal photo viewer: a native `<dialog>` shown with `showModal()`, so
/// it sits in the top layer above any partner page and traps focus.
#[component]
fn Lightbox(
    images: Arc<Vec<Image>>,
    state: RwSignal<GalleryState>,
    grid: NodeRef<Ul>,
    dialog: NodeRef<Dialog>,
    close_button: NodeRef<Button>,
    ui: Ui,
) -> impl IntoView {
    let words = ui.words;
    let close = move || {
        if let Some(el) = dialog.get_untracked() {
            el.close();
        }
    };
    // Every way of closing (button, Escape) ends in the dialog's `close`
    // event: give focus back to the thumbnail of the photo last shown.
    let on_close = move |_| {
        let last = state.get_untracked().current();
        state.update(|s| *s = s.close());
        if let Some(index) = last {
            focus_thumbnail(grid, index);
        }
    };
    let image = {
        let images = images.clone();
        move || state.get().current().and_then(|i| images.get(i).cloned())
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
    let has_many = images.len() > 1;
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

fn focus_thumbnail(grid: NodeRef<Ul>, index: usize) {
    let button = grid
        .get_untracked()
        .and_then(|ul| ul.children().item(index as u32))
        .and_then(|li| li.query_selector("button").ok().flatten())
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        let _ = button.focus();
    }
}
