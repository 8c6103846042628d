//! The modal photo viewer for the whole article: a native `<dialog>` shown
//! with `showModal()`, so it sits in the top layer above any partner page and
//! traps focus. Closing gives focus back to the button of the photo last
//! shown, in the body or in the grid.
//!
//! Built with `web-sys` calls, on the first open, rather than with `view!`:
//! the Leptos version of this viewer cost 13.2 KB brotli of the widget's
//! 125 KB (`node scripts/size.mjs dist` with and without it), this one
//! a fraction of that, and fifty embeds on a page no longer each build a
//! dialog nobody may open. One state struct, one `render` that writes it to
//! the DOM.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, KeyboardEvent, MouseEvent, PointerEvent};

use super::child;
use crate::render::gallery_state::GalleryState;
use crate::render::photos::Photos;
use crate::ui::Ui;

/// Opens the article's lightbox: shared by everything that opens it (body
/// images and the grid's thumbnails, each a button with `data-ae-photo="N"`).
#[derive(Clone, Copy)]
pub(crate) struct LightboxHandle(StoredValue<Rc<RefCell<Lightbox>>, LocalStorage>);

/// The viewer's data, and its DOM once built.
pub(crate) struct Lightbox {
    photos: Arc<Photos>,
    ui: Ui,
    state: GalleryState,
    /// The photo shown at natural size, if any.
    zoomed: Option<usize>,
    /// The photo that failed to load, if any.
    failed: Option<usize>,
    pointer: Option<Pointer>,
    /// Set when a drag ended as a swipe, so the click that follows it is
    /// not taken for a click on the backdrop.
    swiped: bool,
    dom: Option<Dom>,
}

struct Dom {
    dialog: HtmlDialogElement,
    figure: Element,
    img: Element,
    fallback: Element,
    caption: Element,
    counter: Element,
    close: web_sys::HtmlElement,
    preload: [Element; 2],
    /// The listeners, alive as long as the viewer.
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl LightboxHandle {
    /// A lightbox over `photos`, built on first open.
    pub(crate) fn new(photos: Arc<Photos>, ui: Ui) -> Self {
        let state = GalleryState::new(photos.all.len());
        LightboxHandle(StoredValue::new_local(Rc::new(RefCell::new(Lightbox {
            photos,
            ui,
            state,
            zoomed: None,
            failed: None,
            pointer: None,
            swiped: false,
            dom: None,
        }))))
    }

    /// Opens at photo `index`, from `opener` (the button pressed): the
    /// dialog is built inside the opener's article the first time.
    pub(crate) fn open(self, index: usize, opener: &Element) {
        let Some(lightbox) = self.0.try_get_value() else {
            return;
        };
        let Ok(mut lb) = lightbox.try_borrow_mut() else {
            return;
        };
        lb.state = lb.state.open_at(index);
        if lb.dom.is_none() {
            let article = opener.closest(".ae-article").ok().flatten();
            let many = lb.photos.all.len() > 1;
            lb.dom = article.and_then(|a| build(&a, &lb.ui, many, Rc::downgrade(&lightbox)));
        }
        lb.render();
        if let Some(dom) = &lb.dom {
            if !dom.dialog.open() {
                let _ = dom.dialog.show_modal();
            }
            let _ = dom.close.focus();
        }
    }
}

impl Lightbox {
    /// Writes the state to the DOM.
    fn render(&self) {
        let Some(dom) = &self.dom else {
            return;
        };
        let index = self.state.current();
        let photo = index.and_then(|i| self.photos.all.get(i));
        let set = |el: &Element, name: &str, value: Option<&str>| {
            let _ = match value {
                Some(v) => el.set_attribute(name, v),
                None => el.remove_attribute(name),
            };
        };
        let zoomed = index.is_some() && self.zoomed == index;
        set(&dom.figure, "data-zoomed", zoomed.then_some(""));
        let failed = index.is_some() && self.failed == index;
        set(&dom.img, "hidden", failed.then_some(""));
        set(&dom.fallback, "hidden", (!failed).then_some(""));
        if let Some(photo) = photo {
            let (w, h) = (
                photo.width.map(|w| w.to_string()),
                photo.height.map(|h| h.to_string()),
            );
            set(&dom.img, "width", w.as_deref());
            set(&dom.img, "height", h.as_deref());
            set(&dom.img, "alt", Some(&photo.alt));
            if dom.img.get_attribute("src").as_deref() != Some(photo.largest()) {
                set(&dom.img, "src", Some(photo.largest()));
            }
            // It did not load: say what it shows instead.
            dom.fallback.set_text_content(Some(&photo.alt));
        }
        dom.caption
            .set_text_content(photo.and_then(|p| p.caption.as_deref()));
        dom.counter
            .set_text_content(self.state.counter().as_deref());
        // The photos on either side load while this one is looked at.
        let neighbours = [self.state.previous(), self.state.next()];
        for (el, side) in dom.preload.iter().zip(neighbours) {
            let src = side.current().and_then(|i| self.photos.all.get(i));
            set(el, "src", src.map(|p| p.largest()));
        }
    }

    fn step(&mut self, step: fn(GalleryState) -> GalleryState) {
        self.state = step(self.state);
        self.render();
    }

    fn close(&self) {
        if let Some(dom) = &self.dom {
            dom.dialog.close();
        }
    }

    fn on_keydown(&mut self, ev: &KeyboardEvent) {
        // Right to left, the previous photo is to the right: keys follow the
        // reading direction (the buttons already do, by logical CSS).
        let step = match (ev.key().as_str(), self.ui.rtl) {
            ("ArrowLeft", false) | ("ArrowRight", true) => GalleryState::previous,
            ("ArrowRight", false) | ("ArrowLeft", true) => GalleryState::next,
            _ => return,
        };
        ev.prevent_default();
        self.step(step);
    }

    /// Every way of closing (button, Escape, swipe, backdrop) ends here, in
    /// the dialog's `close` event.
    fn on_close(&mut self) {
        self.swiped = false;
        let last = self.state.current();
        self.state = self.state.close();
        if let (Some(index), Some(dom)) = (last, &self.dom) {
            focus_opener(&dom.dialog, index);
        }
    }

    /// A click on the backdrop (the dialog or the figure's empty space)
    /// closes, unless it ended a swipe.
    fn on_click(&mut self, ev: &MouseEvent) {
        if std::mem::take(&mut self.swiped) {
            return;
        }
        let on_backdrop = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|el| {
                el.local_name() == "dialog" || el.class_list().contains("ae-lightbox__figure")
            });
        if on_backdrop {
            self.close();
        }
    }

    fn is_zoomed(&self) -> bool {
        self.zoomed.is_some() && self.zoomed == self.state.current()
    }

    /// As on phones: swipe sideways to page, down to close; a zoomed photo
    /// pans under the finger instead.
    fn on_pointer(&mut self, ev: &PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        match ev.type_().as_str() {
            "pointerdown" => {
                self.pointer = Some(Pointer::at(x, y));
                self.swiped = false;
            }
            "pointermove" => {
                let Some(last) = self.pointer else {
                    return;
                };
                if self.is_zoomed() {
                    if let Some(dom) = &self.dom {
                        dom.figure.scroll_by_with_x_and_y(last.x - x, last.y - y);
                    }
                }
                self.pointer = Some(Pointer { x, y, ..last });
            }
            "pointerup" => {
                let Some(start) = self.pointer.take() else {
                    return;
                };
                if self.is_zoomed() {
                    return;
                }
                let gesture = swipe(x - start.start_x, y - start.start_y, self.ui.rtl);
                self.swiped = gesture.is_some();
                match gesture {
                    Some(Swipe::Next) => self.step(GalleryState::next),
                    Some(Swipe::Previous) => self.step(GalleryState::previous),
                    Some(Swipe::Close) => self.close(),
                    None => {}
                }
            }
            _ => self.pointer = None,
        }
    }

    /// Double-click or double-tap toggles fit and natural size.
    fn toggle_zoom(&mut self) {
        let current = self.state.current();
        self.zoomed = if self.zoomed == current {
            None
        } else {
            current
        };
        self.render();
    }

    fn on_error(&mut self) {
        self.failed = self.state.current();
        self.render();
    }
}

/// Builds the dialog inside `article`, its listeners calling back into the
/// viewer through a weak reference (no cycle: the viewer owns them).
fn build(article: &Element, ui: &Ui, many: bool, viewer: Weak<RefCell<Lightbox>>) -> Option<Dom> {
    let doc = article.owner_document()?;
    let el = |tag: &str, class: &str, parent: &Element| child(&doc, parent, tag, class);
    let words = ui.words;
    let dialog: HtmlDialogElement = doc.create_element("dialog").ok()?.dyn_into().ok()?;
    for (name, value) in [
        ("class", "ae-lightbox"),
        ("part", "lightbox"),
        ("role", "dialog"),
        ("aria-modal", "true"),
        ("aria-label", words.viewer),
    ] {
        let _ = dialog.set_attribute(name, value);
    }
    let figure = el("figure", "ae-lightbox__figure", &dialog)?;
    let img = el("img", "ae-lightbox__img", &figure)?;
    let _ = img.set_attribute("draggable", "false");
    let fallback = el("p", "ae-lightbox__fallback", &figure)?;
    let caption = el("figcaption", "ae-lightbox__caption", &figure)?;
    let _ = caption.set_attribute("aria-live", "polite");
    let mut preload = Vec::new();
    for _ in 0..2 {
        let p = el("img", "ae-lightbox__preload", &dialog)?;
        for (name, value) in [("hidden", ""), ("alt", ""), ("aria-hidden", "true")] {
            let _ = p.set_attribute(name, value);
        }
        preload.push(p);
    }
    let counter = el("p", "ae-lightbox__counter", &dialog)?;
    let _ = counter.set_attribute("aria-live", "polite");
    let (prev_glyph, next_glyph) = if ui.rtl {
        ("›", "‹")
    } else {
        ("‹", "›")
    };
    let mut buttons = Vec::new();
    for (class, label, glyph) in [
        (
            "ae-lightbox__nav ae-lightbox__nav--prev",
            words.previous,
            prev_glyph,
        ),
        (
            "ae-lightbox__nav ae-lightbox__nav--next",
            words.next,
            next_glyph,
        ),
        ("ae-lightbox__close", words.close, "×"),
    ] {
        let button = el("button", class, &dialog)?;
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("aria-label", label);
        if !many && glyph != "×" {
            let _ = button.set_attribute("hidden", "");
        }
        let span = el("span", "", &button)?;
        let _ = span.set_attribute("aria-hidden", "true");
        span.set_text_content(Some(glyph));
        buttons.push(button);
    }
    let [prev, next, close] = <[Element; 3]>::try_from(buttons).ok()?;
    let [before, after] = <[Element; 2]>::try_from(preload).ok()?;

    // Each listener finds the viewer again, and does nothing once it is gone.
    let mut listeners = Vec::new();
    let mut listen = |target: &Element, events: &[&str], f: fn(&mut Lightbox, web_sys::Event)| {
        let viewer = viewer.clone();
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(v) = viewer.upgrade() {
                if let Ok(mut v) = v.try_borrow_mut() {
                    f(&mut v, ev);
                }
            }
        });
        for event in events {
            let _ =
                target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        }
        listeners.push(callback);
    };
    listen(&dialog, &["keydown"], |v, ev| {
        if let Some(ev) = ev.dyn_ref::<KeyboardEvent>() {
            v.on_keydown(ev);
        }
    });
    listen(&dialog, &["close"], |v, _| v.on_close());
    listen(&dialog, &["click"], |v, ev| {
        if let Some(ev) = ev.dyn_ref::<MouseEvent>() {
            v.on_click(ev);
        }
    });
    listen(
        &figure,
        &["pointerdown", "pointermove", "pointerup", "pointercancel"],
        |v, ev| {
            if let Some(ev) = ev.dyn_ref::<PointerEvent>() {
                v.on_pointer(ev);
            }
        },
    );
    listen(&img, &["dblclick"], |v, _| v.toggle_zoom());
    listen(&img, &["error"], |v, _| v.on_error());
    listen(&prev, &["click"], |v, _| v.step(GalleryState::previous));
    listen(&next, &["click"], |v, _| v.step(GalleryState::next));
    listen(&close, &["click"], |v, _| v.close());
    let _ = article.append_child(&dialog);
    Some(Dom {
        dialog,
        figure,
        img,
        fallback,
        caption,
        counter,
        close: close.dyn_into().ok()?,
        preload: [before, after],
        _listeners: listeners,
    })
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
    fn at(x: f64, y: f64) -> Pointer {
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
pub(crate) enum Swipe {
    /// Dragged against the reading direction: the next photo.
    Next,
    /// Dragged with the reading direction: the previous photo.
    Previous,
    /// Dragged down: the lightbox closes.
    Close,
}

/// A drag of `dx`, `dy` CSS pixels: 50 px sideways (and mostly sideways)
/// pages, in reading order; 80 px down (and mostly down) closes.
pub(crate) fn swipe(dx: f64, dy: f64, rtl: bool) -> Option<Swipe> {
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
