//! Waiting in the browser: a timer turned into a future. At the bottom of
//! the widget's modules (the network code and the body builder both wait).

use wasm_bindgen::JsValue;

/// Lets the browser run other tasks (input, paint, other embeds) first.
pub async fn next_task() {
    sleep_ms(0).await;
}

/// Resolves after `ms` milliseconds (at once when there is no window).
pub(crate) async fn sleep_ms(ms: u32) {
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
