//! "Tell me once when this element comes into view": one
//! `IntersectionObserver` per call, disconnected after it fires or when the
//! returned [`Observer`] is disconnected.
//!
//! ```no_run
//! # use article_embed::loading::observe::{observe_once, ObserveOptions};
//! # fn example(element: &web_sys::Element) {
//! let observer = observe_once(element, ObserveOptions::default(), || {
//!     // start loading the article
//! });
//! // Leptos cleans up on any thread; the observer stays on this one.
//! let observer = send_wrapper::SendWrapper::new(observer);
//! leptos::prelude::on_cleanup(move || {
//!     if let Some(observer) = observer.as_ref() {
//!         observer.disconnect();
//!     }
//! });
//! # }
//! ```

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Options for [`observe_once`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObserveOptions {
    /// Share of the element that must be visible. Default: `0.0` (any part).
    pub threshold: f64,
    /// Grows the viewport, CSS margin syntax, so work can start before the
    /// element arrives. Default: `"0px"`.
    pub root_margin: &'static str,
}

impl Default for ObserveOptions {
    fn default() -> Self {
        ObserveOptions {
            threshold: 0.0,
            root_margin: "0px",
        }
    }
}

/// Holds the observer and its callback together so neither is freed early.
pub struct Observer(
    IntersectionObserver,
    #[allow(dead_code)] Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>,
);

impl Observer {
    /// Stops watching; the callback will not run.
    pub fn disconnect(&self) {
        self.0.disconnect();
    }
}

/// Calls `on_visible` the first time `target` intersects the (grown)
/// viewport. `None` where `IntersectionObserver` is missing: callers then act
/// at once.
pub fn observe_once(
    target: &web_sys::Element,
    options: ObserveOptions,
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
    init.set_threshold(&options.threshold.into());
    init.set_root_margin(options.root_margin);
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    observer.observe(target);
    Some(Observer(observer, callback))
}
