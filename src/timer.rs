//! Waiting in the browser: a timer turned into a future, and the page's
//! embeds taking turns. At the bottom of the widget's modules (the network
//! code and the body builder both wait).

use std::cell::RefCell;

use wasm_bindgen::JsValue;

/// Lets the browser run other tasks (input, paint, other embeds) first.
pub async fn next_task() {
    sleep_ms(0).await;
}

/// Resolves after `ms` milliseconds (at once when there is no window).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()
        });
        // Never leave a retry waiting forever: without a timer, go on at once.
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

thread_local! {
    /// Resolves when the last embed to take a turn is done with it.
    static LAST_TURN: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// An embed's turn to read, clean and draw its article; the next embed's
/// begins when this is dropped.
pub struct Turn(Option<js_sys::Function>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            let _ = done.call0(&JsValue::NULL);
        }
    }
}

/// Waits until every embed that took a turn before is done, in the order
/// they asked: on a page of fifty embeds whose articles arrived together,
/// the first is read, cleaned and drawn before the second is read, instead
/// of all fifty being read before any is drawn (the reader sees the first
/// as soon as it alone is ready; the last no later than before). Only the
/// work after the network takes turns: a slow answer holds no one up.
pub async fn take_turn() -> Turn {
    let mut done = None;
    let mine = js_sys::Promise::new(&mut |resolve, _| done = Some(resolve));
    let before = LAST_TURN.with(|last| last.borrow_mut().replace(mine));
    if let Some(before) = before {
        let _ = wasm_bindgen_futures::JsFuture::from(before).await;
    }
    Turn(done)
}
