//! Asking the CMS: only the configured URLs (redirects only on their own
//! origin), bounded in time and size, conditionally (ETag, Last-Modified),
//! with a cache that serves a fresh document at once, a stale one while it
//! is asked again (stale-while-revalidate), and the last good one while
//! the CMS fails (stale-if-error).
//!
//! However many readers ask at once, the CMS is asked once per URL: they
//! wait for the same request (single-flight). After it fails, it is not
//! asked again for `retry_secs`: readers get the last good document, or the
//! failure, without a request each.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use article_embed_core::contract::MAX_JSON_BYTES;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{redirect, StatusCode};

use crate::config::Upstream as Limits;

/// A document as the CMS last sent it.
#[derive(Debug)]
pub struct Document {
    /// The body, at most 8 MB.
    pub bytes: Vec<u8>,
    /// The CMS's `Content-Type`, which may name the encoding.
    pub content_type: Option<String>,
    /// The URL it came from after redirects: the base of its relative URLs.
    pub url: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

#[derive(Default)]
struct Entry {
    /// The last good document, and when the CMS last confirmed it.
    document: Option<(Arc<Document>, Instant)>,
    /// The last failure, while the CMS is not asked again.
    failed: Option<(FetchError, Instant)>,
    /// A background refresh is under way.
    refreshing: bool,
}

/// A request to the CMS under way, joined by whoever needs it meanwhile.
type Flight = Arc<OnceCell<Result<Arc<Document>, FetchError>>>;

/// Why there is no document to serve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No answer (connection refused, timeout, TLS).
    Unreachable(String),
    /// The CMS answered with this status.
    Status(u16),
    /// More than the size an embed accepts.
    TooLarge,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Unreachable(e) => write!(f, "the CMS did not answer ({e})"),
            FetchError::Status(s) => write!(f, "the CMS answered HTTP {s}"),
            FetchError::TooLarge => write!(f, "the CMS answered more than {MAX_JSON_BYTES} bytes"),
        }
    }
}

impl std::error::Error for FetchError {}

/// The CMS's documents, cached by URL.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    limits: Limits,
    cache: Arc<Mutex<HashMap<String, Entry>>>,
    flights: Arc<Mutex<HashMap<String, Flight>>>,
}

/// Where a served document came from, for metrics and headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// From the cache, younger than `fresh_secs`.
    Fresh,
    /// Served stale while it is asked again.
    Revalidating,
    /// Served stale because the CMS failed.
    StaleIfError,
    /// Asked of the CMS for this request.
    Fetched,
}

impl Fetcher {
    /// A fetcher asking the CMS within `limits`, with an empty cache.
    pub fn new(limits: Limits) -> Result<Fetcher, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(limits.timeout_secs))
            .connect_timeout(Duration::from_secs(limits.timeout_secs))
            // Only on the configured origin: a CMS cannot send the server
            // to another host (or to an address inside the network).
            .redirect(redirect::Policy::custom(|attempt| {
                let same = attempt
                    .previous()
                    .first()
                    .is_some_and(|first| first.origin() == attempt.url().origin());
                if same && attempt.previous().len() < 5 {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }))
            .user_agent(concat!("article-embed-server/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Fetcher {
            client,
            limits,
            cache: Arc::default(),
            flights: Arc::default(),
        })
    }

    /// The document at `url`: from the cache while fresh; stale while it is
    /// asked again, or while the CMS fails; else fetched now (once for all
    /// who ask meanwhile). A failure is answered again without asking for
    /// `retry_secs`.
    pub async fn get(&self, url: &str) -> Result<(Arc<Document>, Freshness), FetchError> {
        let fresh = Duration::from_secs(self.limits.fresh_secs);
        let stale = Duration::from_secs(self.limits.stale_secs);
        let retry = Duration::from_secs(self.limits.retry_secs);
        let now = Instant::now();
        let (document, failed, start_refresh) = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            let entry = cache.entry(url.to_owned()).or_default();
            let failed = entry
                .failed
                .clone()
                .filter(|(_, at)| now.saturating_duration_since(*at) < retry)
                .map(|(error, _)| error);
            let document = entry
                .document
                .as_ref()
                .map(|(d, checked)| (d.clone(), now.saturating_duration_since(*checked)));
            let start_refresh = document
                .as_ref()
                .is_some_and(|(_, age)| *age >= fresh && *age < stale)
                && failed.is_none()
                && !entry.refreshing;
            if start_refresh {
                entry.refreshing = true;
            }
            (document, failed, start_refresh)
        };
        match (document, failed) {
            (Some((document, age)), _) if age < fresh => Ok((document, Freshness::Fresh)),
            // 404 and 410 are the CMS's answer, not a failure: the document
            // is gone (a per-article API's article taken down, a feed moved).
            (_, Some(gone @ FetchError::Status(404 | 410))) => Err(gone),
            (Some((document, _)), Some(_)) => Ok((document, Freshness::StaleIfError)),
            (Some((document, age)), None) if age < stale => {
                if start_refresh {
                    let this = self.clone();
                    let url = url.to_owned();
                    tokio::spawn(async move {
                        let _ = this.refresh(&url).await;
                        this.with_entry(&url, |e| e.refreshing = false);
                    });
                }
                // Otherwise another request is refreshing it.
                Ok((document, Freshness::Revalidating))
            }
            (None, Some(error)) => Err(error),
            (document, _) => match self.refresh(url).await {
                Ok(document) => Ok((document, Freshness::Fetched)),
                Err(gone @ FetchError::Status(404 | 410)) => Err(gone),
                Err(error) => match document {
                    Some((document, _)) => Ok((document, Freshness::StaleIfError)),
                    None => Err(error),
                },
            },
        }
    }

    fn with_entry<T>(&self, url: &str, f: impl FnOnce(&mut Entry) -> T) -> Option<T> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.get_mut(url).map(f)
    }

    /// Asks the CMS (conditionally, when a copy is cached) and caches what
    /// it answers; on failure the cached copy stays as it was, and the
    /// failure is kept for `retry_secs`. Whoever asks while a request is
    /// under way waits for it.
    async fn refresh(&self, url: &str) -> Result<Arc<Document>, FetchError> {
        let flight = self
            .flights
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(url.to_owned())
            .or_default()
            .clone();
        let result = flight
            .get_or_init(|| async {
                let previous = self
                    .with_entry(url, |e| e.document.as_ref().map(|(d, _)| d.clone()))
                    .flatten();
                let result = self.fetch(url, previous.as_deref()).await;
                let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                let entry = cache.entry(url.to_owned()).or_default();
                let now = Instant::now();
                match result {
                    Ok(document) => {
                        let document = document
                            .map(Arc::new)
                            .or(previous)
                            .ok_or(FetchError::Status(304))?;
                        entry.document = Some((document.clone(), now));
                        entry.failed = None;
                        Ok(document)
                    }
                    Err(error) => {
                        entry.failed = Some((error.clone(), now));
                        Err(error)
                    }
                }
            })
            .await
            .clone();
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if flights
            .get(url)
            .is_some_and(|f| Arc::ptr_eq(f, &flight) && f.initialized())
        {
            flights.remove(url);
        }
        result
    }

    /// The document at `url` now: one request within the same bounds as
    /// every other (own origin, time, size), neither cached nor remembered
    /// as a failure (the import's pages).
    pub async fn fetch_once(&self, url: &str) -> Result<Document, FetchError> {
        self.fetch(url, None).await?.ok_or(FetchError::Status(304))
    }

    /// One request; `None` when the CMS says the cached copy is current.
    async fn fetch(
        &self,
        url: &str,
        cached: Option<&Document>,
    ) -> Result<Option<Document>, FetchError> {
        let mut request = self.client.get(url);
        if let Some(cached) = cached {
            if let Some(etag) = &cached.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &cached.last_modified {
                request = request.header(IF_MODIFIED_SINCE, modified);
            }
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| FetchError::Unreachable(e.without_url().to_string()))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && cached.is_some() {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_JSON_BYTES as u64)
        {
            return Err(FetchError::TooLarge);
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let (content_type, etag, last_modified) =
            (header(CONTENT_TYPE), header(ETAG), header(LAST_MODIFIED));
        let final_url = response.url().to_string();
        // Read as it arrives: a CMS that lies about its size (or sends no
        // size) is cut off at the cap, not buffered whole.
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| FetchError::Unreachable(e.without_url().to_string()))?
        {
            if bytes.len() + chunk.len() > MAX_JSON_BYTES {
                return Err(FetchError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Some(Document {
            bytes,
            content_type,
            url: final_url,
            etag,
            last_modified,
        }))
    }
}
