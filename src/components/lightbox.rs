use std::sync::Arc;

use leptos::ev::{KeyboardEvent, PointerEvent};
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
    // Set when a drag ended as a swipe, so the click that follows it is not
    // taken for a click on the backdrop.
    let swiped = StoredValue::new(false);
    // Every way of closing (button, Escape, swipe, backdrop) ends in the
    // dialog's `close` event.
    let on_close = move |_| {
        swiped.set_value(false);
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

    // As on phones: swipe sideways to page, down to close; double-click or
    // double-tap toggles fit and natural size; drag pans a zoomed photo.
    // Zoom and a failed load belong to one photo (keyed by its index).
    let zoomed = RwSignal::new(None::<usize>);
    let failed = RwSignal::new(None::<usize>);
    let is_zoomed = move || zoomed.get().is_some() && zoomed.get() == state.get().current();
    let pointer = StoredValue::new(None::<Pointer>);
    let on_pointerdown = move |ev: PointerEvent| {
        pointer.set_value(Some(Pointer::at(&ev)));
        swiped.set_value(false);
    };
    let on_pointermove = move |ev: PointerEvent| {
        let Some(last) = pointer.get_value() else {
            return;
        };
        if is_zoomed() {
            // Panning: the figure scrolls under the finger.
            if let Some(figure) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                figure.scroll_by_with_x_and_y(
                    last.x - f64::from(ev.client_x()),
                    last.y - f64::from(ev.client_y()),
                );
            }
            pointer.set_value(Some(Pointer {
                start_x: last.start_x,
                start_y: last.start_y,
                ..Pointer::at(&ev)
            }));
        }
    };
    let on_pointerup = move |ev: PointerEvent| {
        let Some(start) = pointer.get_value() else {
            return;
        };
        pointer.set_value(None);
        if is_zoomed() {
            return;
        }
        let dx = f64::from(ev.client_x()) - start.start_x;
        let dy = f64::from(ev.client_y()) - start.start_y;
        let gesture = swipe(dx, dy, rtl);
        if gesture.is_some() {
            swiped.set_value(true);
        }
        match gesture {
            Some(Swipe::Next) => state.update(|s| *s = s.next()),
            Some(Swipe::Previous) => state.update(|s| *s = s.previous()),
            Some(Swipe::Close) => close(),
            None => {}
        }
    };
    let on_pointercancel = move |_: PointerEvent| pointer.set_value(None);
    let toggle_zoom = move |_| {
        let current = state.get_untracked().current();
        zoomed.update(|z| *z = if *z == current { None } else { current });
    };
    // A click on the backdrop (the dialog or the figure's empty space)
    // closes, unless it ended a swipe.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if swiped.get_value() {
            swiped.set_value(false);
            return;
        }
        let on_backdrop = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                el.local_name() == "dialog" || el.class_list().contains("ae-lightbox__figure")
            });
        if on_backdrop {
            close();
        }
    };
    // The photos on either side load while this one is looked at.
    let neighbours = {
        let photos = photos.clone();
        move || {
            let s = state.get();
            s.current()?;
            let src = |i: Option<usize>| photos.all.get(i?).map(|p| p.largest().to_owned());
            Some((src(s.previous().current()), src(s.next().current())))
        }
    };
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
            on:click=on_click
        >
            <figure
                class="ae-lightbox__figure"
                data-zoomed=move || is_zoomed().then_some("")
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointercancel
            >
                {
                    let image = image.clone();
                    move || image().map(|img| {
                        let index = state.get_untracked().current();
                        if failed.get() == index && index.is_some() {
                            // It did not load: say what it shows instead.
                            view! { <p class="ae-lightbox__fallback">{img.alt}</p> }.into_any()
                        } else {
                            view! {
                                <img class="ae-lightbox__img" src=img.largest().to_owned() alt=img.alt.clone() width=img.width height=img.height
                                    draggable="false"
                                    on:dblclick=toggle_zoom
                                    on:error=move |_| failed.set(index) />
                            }
                            .into_any()
                        }
                    })
                }
                <figcaption class="ae-lightbox__caption" aria-live="polite">
                    {move || image().and_then(|img| img.caption)}
                </figcaption>
            </figure>
            {move || neighbours().map(|(previous, next)| view! {
                <img class="ae-lightbox__preload" hidden alt="" aria-hidden="true" src=previous />
                <img class="ae-lightbox__preload" hidden alt="" aria-hidden="true" src=next />
            })}
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

/// Where a pointer went down, and where it was last.
#[derive(Clone, Copy)]
struct Pointer {
    start_x: f64,
    start_y: f64,
    x: f64,
    y: f64,
}

impl Pointer {
    fn at(ev: &PointerEvent) -> Pointer {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        Pointer {
            start_x: x,
            start_y: y,
            x,
            y,
        }
    }
}

/// What a finished drag means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swipe {
    Next,
    Previous,
    Close,
}

/// A drag of `dx`, `dy` CSS pixels: 50 px sideways (and mostly sideways)
/// pages, in reading order; 80 px down (and mostly down) closes.
pub fn swipe(dx: f64, dy: f64, rtl: bool) -> Option<Swipe> {
    if dx.abs() >= 50.0 && dx.abs() > dy.abs() * 1.5 {
        let forward = (dx < 0.0) != rtl;
        Some(if forward {
            Swipe::Next
        } else {
            Swipe::Previous
        })
    } else if dy >= 80.0 && dy > dx.abs() * 1.5 {
        Some(Swipe::Close)
    } else {
        None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swipes_page_in_reading_order_and_close_downwards() {
        assert_eq!(swipe(-80.0, 10.0, false), Some(Swipe::Next));
        assert_eq!(swipe(80.0, 10.0, false), Some(Swipe::Previous));
        assert_eq!(swipe(-80.0, 10.0, true), Some(Swipe::Previous));
        assert_eq!(swipe(0.0, 120.0, false), Some(Swipe::Close));
        // Too short, or diagonal: nothing.
        assert_eq!(swipe(-30.0, 0.0, false), None);
        assert_eq!(swipe(-60.0, 55.0, false), None);
        assert_eq!(swipe(0.0, -120.0, false), None);
    }
}
