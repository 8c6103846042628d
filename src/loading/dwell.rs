//! "Tell me once the reader has really seen this": the targets at least
//! half on screen, for one continuous second, while the page is visible (not
//! a background tab, not a prerendered page). Scrolling past at speed,
//! a tab in the background or a prerender never count.
//!
//! ```no_run
//! # use article_embed::loading::dwell::{watch_dwell, DwellOptions};
//! # fn example(header: &web_sys::Element, lead: web_sys::Element) {
//! // The header, and the lead once it exists, seen for a second: one view.
//! let dwell = watch_dwell(header, move || vec![lead], DwellOptions::default(), || {
//!     // register the view
//! });
//! // Leptos cleans up on any thread; the watch stays on this one.
//! let dwell = send_wrapper::SendWrapper::new(dwell);
//! leptos::prelude::on_cleanup(move || drop(dwell));
//! # }
//! ```

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Options for [`watch_dwell`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DwellOptions {
    /// Share of the targets' area that must be on screen. Default: `0.5`.
    /// Targets taller than the viewport count when they fill half of it.
    pub share: f64,
    /// How long without a break, in milliseconds. Default: `1000`.
    pub dwell_ms: i32,
}

impl Default for DwellOptions {
    fn default() -> Self {
        DwellOptions {
            share: 0.5,
            dwell_ms: 1000,
        }
    }
}

/// The watch: stops (observer, listeners, timer) when dropped.
pub struct Dwell {
    state: Rc<RefCell<State>>,
    _on_intersect: Closure<dyn FnMut(js_sys::Array)>,
    _on_timer: Closure<dyn FnMut()>,
    on_visibility: Closure<dyn FnMut()>,
}

struct State {
    options: DwellOptions,
    observer: Option<IntersectionObserver>,
    /// Per target: (element, visible area, whole area, visible height).
    areas: Vec<(Element, f64, f64, f64)>,
    /// The viewport's height, from the observer (`None` across origins).
    viewport: Option<f64>,
    more: Option<Box<dyn FnOnce() -> Vec<Element>>>,
    timer: Option<i32>,
    timer_fn: Option<js_sys::Function>,
    on_seen: Option<Box<dyn FnOnce()>>,
}

impl State {
    fn on_screen(&self) -> bool {
        let (visible, whole, height) = self
            .areas
            .iter()
            .fold((0.0, 0.0, 0.0), |(v, w, h), a| (v + a.1, w + a.2, h + a.3));
        whole > 0.0 && visible / whole >= self.options.share
            || self
                .viewport
                .is_some_and(|vh| vh > 0.0 && height >= vh * self.options.share)
    }

    /// Starts or cancels the one-second count as things change.
    fn update(&mut self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let counting = self.on_seen.is_some() && self.on_screen() && page_visible(&window);
        match (counting, self.timer) {
            (true, None) => {
                self.timer = self.timer_fn.as_ref().and_then(|f| {
                    window
                        .set_timeout_with_callback_and_timeout_and_arguments_0(
                            f,
                            self.options.dwell_ms,
                        )
                        .ok()
                });
            }
            (false, Some(id)) => {
                window.clear_timeout_with_handle(id);
                self.timer = None;
            }
            _ => {}
        }
    }

    fn stop(&mut self) {
        if let Some(observer) = self.observer.take() {
            observer.disconnect();
        }
        if let (Some(id), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// Visible, and not a prerendered page nobody looks at yet.
fn page_visible(window: &web_sys::Window) -> bool {
    let Some(document) = window.document() else {
        return false;
    };
    let get =
        |key: &str| js_sys::Reflect::get(&document, &key.into()).unwrap_or(JsValue::UNDEFINED);
    // Engines without the Page Visibility API count as visible.
    let state = get("visibilityState").as_string();
    state.is_none_or(|s| s == "visible") && get("prerendering") != JsValue::TRUE
}

const VISIBILITY_EVENTS: [&str; 2] = ["visibilitychange", "prerenderingchange"];

/// Calls `on_seen` once `target` and the elements `more` names (looked up
/// when the first observation arrives: the rest of the article is built by
/// then) have been on screen per `options`, counted as one region. `None` where
/// `IntersectionObserver` is missing: nothing is ever reported then.
pub fn watch_dwell(
    target: &Element,
    more: impl FnOnce() -> Vec<Element> + 'static,
    options: DwellOptions,
    on_seen: impl FnOnce() + 'static,
) -> Option<Dwell> {
    let state = Rc::new(RefCell::new(State {
        options,
        observer: None,
        areas: Vec::new(),
        viewport: None,
        more: Some(Box::new(more)),
        timer: None,
        timer_fn: None,
        on_seen: Some(Box::new(on_seen)),
    }));
    let on_intersect = {
        let state = state.clone();
        Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(mut s) = state.try_borrow_mut() else {
                return;
            };
            for entry in entries.iter() {
                let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else {
                    continue;
                };
                let (seen, whole) = (entry.intersection_rect(), entry.bounding_client_rect());
                let area = (
                    entry.target(),
                    seen.width() * seen.height(),
                    whole.width() * whole.height(),
                    seen.height(),
                );
                match s.areas.iter_mut().find(|a| a.0 == area.0) {
                    Some(known) => *known = area,
                    None => s.areas.push(area),
                }
                s.viewport = entry.root_bounds().map(|r| r.height());
            }
            // The rest of the opening exists by now: watch it too.
            if let (Some(more), Some(observer)) = (s.more.take(), &s.observer) {
                for el in more() {
                    observer.observe(&el);
                }
            }
            s.update();
        })
    };
    let on_timer = {
        let state = state.clone();
        Closure::<dyn FnMut()>::new(move || {
            let Ok(mut s) = state.try_borrow_mut() else {
                return;
            };
            s.timer = None;
            s.stop();
            let on_seen = s.on_seen.take();
            drop(s);
            if let Some(on_seen) = on_seen {
                on_seen();
            }
        })
    };
    let on_visibility = {
        let state = state.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Ok(mut s) = state.try_borrow_mut() {
                s.update();
            }
        })
    };
    let init = IntersectionObserverInit::new();
    let thresholds = js_sys::Array::of5(
        &0.0.into(),
        &0.25.into(),
        &0.5.into(),
        &0.75.into(),
        &1.0.into(),
    );
    init.set_threshold(&thresholds);
    let observer =
        IntersectionObserver::new_with_options(on_intersect.as_ref().unchecked_ref(), &init)
            .ok()?;
    observer.observe(target);
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        for event in VISIBILITY_EVENTS {
            let _ = document
                .add_event_listener_with_callback(event, on_visibility.as_ref().unchecked_ref());
        }
    }
    {
        let mut s = state.borrow_mut();
        s.observer = Some(observer);
        s.timer_fn = Some(
            on_timer
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .clone(),
        );
    }
    Some(Dwell {
        state,
        _on_intersect: on_intersect,
        _on_timer: on_timer,
        on_visibility,
    })
}

impl Drop for Dwell {
    fn drop(&mut self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.stop();
            s.on_seen = None;
        }
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            for event in VISIBILITY_EVENTS {
                let _ = document.remove_event_listener_with_callback(
                    event,
                    self.on_visibility.as_ref().unchecked_ref(),
                );
            }
        }
    }
}

/// "Once per embed", for the life of the page: which article an element
/// has counted its view for.
///
/// An embed is one element showing one article: its `src` and `item`.
/// Changing any other attribute (`theme`, `lang`, `layout`, …), moving the
/// element in the DOM, or removing it and adding it back re-renders the
/// same embed, and counts nothing more; a new `src` or `item` is a new
/// embed. A reload of the page is a new page.
#[derive(Clone)]
pub struct ViewOnce {
    host: Element,
    article: JsValue,
}

thread_local! {
    /// Element → the article it counted a view for. Weak: a removed
    /// element is forgotten with it.
    static COUNTED: js_sys::WeakMap = js_sys::WeakMap::new();
}

impl ViewOnce {
    /// The embed `host` showing the article at `src` and `item`.
    pub fn new(host: Element, src: &str, item: Option<&str>) -> ViewOnce {
        ViewOnce {
            host,
            article: [src, item.unwrap_or_default()].join("\n").into(),
        }
    }

    /// Whether this embed already counted its view.
    pub fn counted(&self) -> bool {
        COUNTED.with(|map| map.get(&self.host) == self.article)
    }

    /// Records the view; `false` when the embed had already counted one.
    pub fn claim(&self) -> bool {
        let first = !self.counted();
        COUNTED.with(|map| map.set(&self.host, &self.article));
        first
    }
}
