//! Fetching an article: timeout, bounded retries with backoff, abort on
//! cleanup, and errors that say what went wrong.
//!
//! ```no_run
//! # use article_embed::loading::api::{load_article, Canceller, FetchOptions, LoadError};
//! # use article_embed_core::formats::ReadAs;
//! # async fn example(src: &str) -> Result<(), LoadError> {
//! let canceller = Canceller::default();
//! let article = load_article(src, FetchOptions::default(), &ReadAs::default(), &canceller, None).await?;
//! // on cleanup: canceller.cancel();
//! # let _ = article;
//! # Ok(())
//! # }
//! ```

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use gloo_net::http::Response;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit};

pub use crate::timer::next_task;
use crate::timer::sleep_ms;
use article_embed_core::contract::{Article, MAX_JSON_BYTES};
use article_embed_core::error::{DocumentError, SyntaxError, TextError};
use article_embed_core::formats::{parse_document, Answer, Platform, ReadAs};

/// The parsers documents are read with: the browser's in the wasm
/// (`crate::browser`); natively (tests, tools) JSON only.
#[cfg(target_arch = "wasm32")]
const PLATFORM: Platform = crate::browser::PLATFORM;
#[cfg(not(target_arch = "wasm32"))]
const PLATFORM: Platform = Platform::plain();
pub use crate::config::FetchOptions;
use crate::loading::retry::{backoff_ms, parse_retry_after, RetryBudget};
use article_embed_core::urls::is_http_url;

/// Why an article could not be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The `src` is missing or not an http(s) URL.
    BadSource(String),
    /// The request failed before any answer (offline, DNS, CORS refused).
    Network(String),
    /// No answer within the timeout.
    Timeout {
        /// The timeout, in milliseconds.
        after_ms: u32,
    },
    /// The API answered with an HTTP error.
    Http {
        /// Its status.
        status: u16,
    },
    /// The answer is not an article the widget can read.
    Document(DocumentError),
}

impl LoadError {
    /// Short machine-readable kind, used in `article-embed:error` events.
    pub fn kind(&self) -> &'static str {
        match self {
            LoadError::BadSource(_) => "bad-source",
            LoadError::Network(_) => "network",
            LoadError::Timeout { .. } => "timeout",
            LoadError::Http { .. } => "http",
            LoadError::Document(_) => "bad-data",
        }
    }

    /// Network errors, timeouts, 5xx and 429 may go away on their own.
    fn is_transient(&self) -> bool {
        match self {
            LoadError::Network(_) | LoadError::Timeout { .. } => true,
            LoadError::Http { status } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::BadSource(src) if src.is_empty() => {
                write!(f, "the element has no src attribute")
            }
            LoadError::BadSource(src) => write!(f, "src \"{src}\" is not an http(s) URL"),
            LoadError::Network(detail) => write!(
                f,
                "the request failed before the server answered ({detail}); check the connection and the API's CORS headers"
            ),
            LoadError::Timeout { after_ms } => {
                write!(f, "no answer within {} s", after_ms.div_ceil(1000))
            }
            LoadError::Http { status } => write!(f, "the article API answered HTTP {status}"),
            // The parser's words, by type: through `dyn Error` the vtable
            // would bring `Debug` formatting into the wasm (3.6 KB raw).
            LoadError::Document(e @ DocumentError::Syntax(SyntaxError::NotJson(detail))) => {
                write!(f, "{e}: {detail}")
            }
            LoadError::Document(e) => write!(f, "{e}"),
        }
    }
}

/// What the widget shows and reports: its message is the whole chain (a
/// JSON parser's words after the document error's, as `error::report`
/// prints them on the server), so it has no source of its own.
impl std::error::Error for LoadError {}

/// Cancels the in-flight request of a [`load_article`] call; the embed calls
/// it when the element is removed or its `src` changes.
#[derive(Clone, Default)]
pub struct Canceller {
    cancelled: Rc<Cell<bool>>,
    current: Rc<RefCell<Option<AbortController>>>,
}

impl Canceller {
    /// Aborts the request in flight, if any, and every retry after it.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(controller) = self.current.borrow_mut().take() {
            controller.abort();
        }
    }

    /// Whether [`Canceller::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

/// Resolves `src` against the page URL (a partner may write a relative one).
pub fn absolute_src(src: &str) -> Result<String, LoadError> {
    let src = src.trim();
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    web_sys::Url::new_with_base(src, &base)
        .map(|u| u.href())
        .ok()
        .filter(|u| !src.is_empty() && is_http_url(u))
        .ok_or_else(|| LoadError::BadSource(src.to_owned()))
}

/// Fetches and parses one article, retrying transient failures within a
/// total budget of twice the timeout.
///
/// `prefetched`, the request `embed.js` started early, serves as the first
/// attempt when it asked for the same URL; otherwise it is aborted.
pub async fn load_article(
    src: &str,
    options: FetchOptions,
    read_as: &ReadAs,
    canceller: &Canceller,
    mut prefetched: Option<Prefetched>,
) -> Result<Article, LoadError> {
    let url = absolute_src(src);
    if let Some(p) = prefetched.take_if(|p| url.as_ref().map_or(true, |u| *u != p.url)) {
        p.controller.abort();
    }
    let url = url?;
    let mut budget = RetryBudget::new(now_ms(), options.timeout_ms, options.max_retries);
    loop {
        let attempt_timeout = budget.attempt_timeout(now_ms());
        let result = fetch_once(&url, attempt_timeout, read_as, canceller, prefetched.take()).await;
        let (error, retry_after) = match result {
            Ok(article) => return Ok(article),
            Err(failure) => failure,
        };
        if canceller.is_cancelled() || !error.is_transient() {
            return Err(error);
        }
        let wait = retry_after.unwrap_or_else(|| backoff_ms(budget.attempts()));
        match budget.next_wait(now_ms(), wait) {
            Some(wait) => sleep_ms(wait).await,
            None => return Err(error),
        }
        if canceller.is_cancelled() {
            return Err(error);
        }
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

type Failure = (LoadError, Option<u32>);

/// An article request the loader (`embed.js`) started before the wasm was
/// ready, for an element already in the page: the widget takes its response
/// instead of asking again, which saves the round trips of loading the wasm.
pub struct Prefetched {
    /// The absolute URL it asked for; used only if it is still the element's.
    pub url: String,
    /// Resolves to a `Response`, or rejects like `fetch()`.
    pub response: js_sys::Promise,
    /// Aborts it (on timeout or removal), like our own requests.
    pub controller: AbortController,
}

impl Prefetched {
    /// The request `embed.js` started for `host`, if any; taken once, so a
    /// reload or "Try again" asks anew.
    pub fn take(host: &web_sys::Element) -> Option<Prefetched> {
        let registry = registry()?;
        let host: &js_sys::Object = host.unchecked_ref();
        let value = registry.get(host);
        if value.is_undefined() {
            return None;
        }
        registry.delete(host);
        let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
        Some(Prefetched {
            url: field("url")?.as_string()?,
            response: field("response")?.dyn_into().ok()?,
            controller: field("controller")?.dyn_into().ok()?,
        })
    }

    /// Whether `embed.js` started a request for `host` (not taken yet).
    pub fn waiting(host: &web_sys::Element) -> bool {
        registry().is_some_and(|r| r.has(host.unchecked_ref()))
    }
}

fn registry() -> Option<js_sys::WeakMap> {
    js_sys::Reflect::get(
        &js_sys::global(),
        &js_sys::Symbol::for_(PREFETCH_REGISTRY).into(),
    )
    .ok()?
    .dyn_into()
    .ok()
}

/// `Symbol.for` name of the `WeakMap` (element → request) where `embed.js`
/// leaves [`Prefetched`] requests: nothing is written on the partner's
/// element itself.
pub const PREFETCH_REGISTRY: &str = "article-embed.prefetched";

async fn fetch_once(
    url: &str,
    timeout_ms: u32,
    read_as: &ReadAs,
    canceller: &Canceller,
    prefetched: Option<Prefetched>,
) -> Result<Article, Failure> {
    let (controller, pending) = match prefetched {
        Some(p) => (p.controller, Some(p.response)),
        None => (
            AbortController::new().map_err(|e| (network(&e), None))?,
            None,
        ),
    };
    *canceller.current.borrow_mut() = Some(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        Timer::start(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let signal = controller.signal();
    let outcome = async {
        let response = match pending {
            Some(promise) => JsFuture::from(promise)
                .await
                .and_then(|r| r.dyn_into::<web_sys::Response>())
                .map(Response::from)
                .map_err(|e| LoadError::Network(js_message(&e))),
            None => get(url, &signal).await,
        }
        .map_err(|e| (e, None))?;
        let status = response.status();
        if !(200..300).contains(&status) {
            // A literal, valid header name: `Headers::get` cannot throw.
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| parse_retry_after(&v, now_ms()));
            return Err((LoadError::Http { status }, retry_after));
        }
        let response = web_sys::Response::from(response);
        let bytes = match read_capped(&response, MAX_JSON_BYTES).await {
            Ok(bytes) => bytes,
            Err(Unread::TooLarge { bytes }) => {
                // Stop the download too, not only the reading.
                controller.abort();
                let too_large = TextError::TooLarge {
                    limit: MAX_JSON_BYTES,
                    bytes,
                };
                return Err((LoadError::Document(too_large.into()), None));
            }
            Err(Unread::Failed(e)) => return Err((LoadError::Network(e), None)),
        };
        let content_type = response.headers().get("content-type").ok().flatten();
        // Read in a task of its own, with the cleaning and the render after
        // it: fifty answers that arrived together are each read when their
        // embed's turn comes, so the first embed is not drawn after the
        // other forty-nine have been read (docs/performance.md).
        next_task().await;
        let answer = Answer {
            bytes: &bytes,
            content_type: content_type.as_deref(),
            url: &response.url(),
        };
        parse_document(answer, read_as.format, read_as.item.as_deref(), &PLATFORM)
            .map_err(|e| (LoadError::Document(e), None))
    }
    .await;
    drop(timer);
    match outcome {
        Err(_) if timed_out.get() => Err((
            LoadError::Timeout {
                after_ms: timeout_ms,
            },
            None,
        )),
        other => other,
    }
}

/// Why a body was not read to its end.
enum Unread {
    /// More than the cap: `bytes` is how many were known of (the
    /// `Content-Length`, or what arrived until the cap was passed).
    TooLarge {
        bytes: usize,
    },
    Failed(String),
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/element.js")]
extern "C" {
    /// `src/element.js`: the body up to `cap` bytes (a `Uint8Array`), or
    /// the number of bytes known of once past it.
    #[wasm_bindgen(js_name = readCapped)]
    fn read_capped_js(response: &web_sys::Response, cap: f64) -> js_sys::Promise;
    /// `src/element.js`: `POST url` (kept alive past the page's end), its
    /// body the origin of the page that embeds the article; resolves to the
    /// `Response`, or rejects like `fetch()`.
    #[wasm_bindgen(js_name = postView)]
    fn post_view(url: &str) -> js_sys::Promise;
}

/// Reads a response's body as it arrives, at most `cap` bytes: past the cap
/// (or at once, when `Content-Length` already says so) it stops and cancels
/// the stream. The chunks wait on the JS side until the end, so a refused
/// answer never grows the wasm memory (which never shrinks).
async fn read_capped(response: &web_sys::Response, cap: usize) -> Result<Vec<u8>, Unread> {
    let read = JsFuture::from(read_capped_js(response, cap as f64))
        .await
        .map_err(|e| Unread::Failed(js_message(&e)))?;
    match read.as_f64() {
        Some(bytes) => Err(Unread::TooLarge {
            bytes: bytes as usize,
        }),
        None => Ok(read
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| Unread::Failed("the answer is not bytes".to_owned()))?
            .to_vec()),
    }
}

fn network(e: &JsValue) -> LoadError {
    LoadError::Network(js_message(e))
}

/// The message of a thrown JS error, for error details.
fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// Sends a GET with gloo-net: CORS mode, no credentials, so partner
/// pages never send their cookies to the publisher.
///
/// The request is built as a `web_sys::Request` and wrapped with
/// `Request::from`: gloo-net 0.6's `RequestBuilder` appends a stray `&` to a
/// URL that already has a query (gloo issue 498), which would break signed or
/// cache-keyed article URLs. This way the URL reaches the server byte for byte.
///
/// gloo-net's panic paths, and why they stay unreachable: `send` panics only
/// if `fetch()` resolves to something other than a `Response` (it cannot);
/// its error conversion hits `unreachable!` if `fetch()` rejects with a
/// non-`Error`, which only `abort(reason)` with such a reason does: we call
/// `abort()` without one (an `AbortError` `DOMException`, which is an
/// `Error`). `Response::text` unwraps; bodies are read with [`read_capped`].
async fn get(url: &str, signal: &AbortSignal) -> Result<Response, LoadError> {
    let init = RequestInit::new();
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_signal(Some(signal));
    let request = web_sys::Request::new_with_str_and_init(url, &init)
        .map_err(|e| LoadError::Network(js_message(&e)))?;
    gloo_net::http::Request::from(request)
        .send()
        .await
        .map_err(|e| LoadError::Network(gloo_message(e)))
}

/// What a failed gloo-net call says. Only its JS errors can happen here
/// (nothing is (de)serialized through it); matching them instead of calling
/// `to_string` keeps serde_json's error formatting out of the wasm.
fn gloo_message(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(e) => e.message,
        gloo_net::Error::GlooError(message) => message,
        _ => "unknown error".to_owned(),
    }
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    id: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn start(ms: u32, f: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()
        });
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

/// `{"views": n}` needs a few bytes: a longer answer is not read.
const MAX_VIEWS_ANSWER_BYTES: usize = 4096;

/// Registers one view (`POST views_url`, saying which partner's page it is
/// on) and returns the new count, if the API answered `{"views": n}`.
pub async fn register_view(views_url: &str) -> Option<u64> {
    let response: web_sys::Response = JsFuture::from(post_view(views_url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let bytes = read_capped(&response, MAX_VIEWS_ANSWER_BYTES).await.ok()?;
    article_embed_core::contract::parse_views_answer(&bytes)
}
