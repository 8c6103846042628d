use std::sync::Arc;

use leptos::html::Section;
use leptos::prelude::*;

use super::body::open_photo;
use super::Ui;
use crate::render;
use crate::render::body::{thumbnail_grid, Build};
use crate::render::lightbox::LightboxHandle;
use crate::render::photos::Photos;
use article_embed_markup::Ops;

/// Thumbnails of the article's photos the body does not already show, in a
/// responsive grid; each opens the article's lightbox at its photo.
///
/// The grid is built by `render::body::thumbnail_grid`, the same builder as a
/// CMS gallery inside the body, so both look and behave alike and the wasm
/// carries one thumbnail renderer instead of two.
// `#[component]` writes the props struct `pub` whatever the function's visibility.
#[allow(unreachable_pub)]
#[component]
pub(crate) fn Gallery(
    /// Every photo of the article; those not in the body are shown.
    photos: Arc<Photos>,
    /// The article's lightbox, opened at the photo clicked.
    lightbox: LightboxHandle,
    /// Its language's words.
    ui: Ui,
) -> impl IntoView {
    let node_ref = NodeRef::<Section>::new();
    let words = ui.words;
    node_ref.on_load(move |section| {
        if let Some(doc) = section.owner_document() {
            let build = Build::new(&photos, words);
            let thumbs = photos.grid.iter().map(|&i| (i, None));
            let mut ops = Ops::default();
            thumbnail_grid(&build, &mut ops, thumbs);
            if let Some(grid) = render::body::build(&doc, &ops) {
                let _ = section.append_child(&grid);
            }
        }
    });
    view! {
        <section
            class="ae-gallery"
            aria-label=words.gallery
            node_ref=node_ref
            on:click=move |ev| {
                open_photo(&ev, lightbox);
            }
        ></section>
    }
}
