use std::sync::Arc;

use leptos::prelude::*;

use super::lightbox::LightboxHandle;
use super::Ui;
use crate::photos::Photos;

/// Thumbnails of the article's photos the body does not already show, in a
/// responsive grid; each opens the article's lightbox at its photo.
#[component]
pub fn Gallery(photos: Arc<Photos>, lightbox: LightboxHandle, ui: Ui) -> impl IntoView {
    let total = photos.all.len();
    let words = ui.words;
    let thumbs = photos
        .grid
        .iter()
        .filter_map(|&i| Some((i, photos.all.get(i)?)))
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
                        data-ae-photo=i
                        on:click=move |_| lightbox.open(i)
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
            <ul class="ae-gallery__grid">{thumbs}</ul>
        </section>
    }
}
