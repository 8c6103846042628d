//! Asking the CMS: only the configured URLs (redirects only on their own
//! origin), bounded in time and size, conditionally (ETag, Last-Modified),
//! with a cache that serves a fresh document at once, a stale one while it
//! is asked again (stale-while-revalidate), and the last good one while
//! the CMS fails (stale-if-error).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

struct Entry {
    document: Arc<Document>,
    checked: Instant,
    refreshing: bool,
}

/// Why there is no document to serve.
#[derive(Debug)]
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
        })
    }

    /// The document at `url`: from the cache while fresh; stale while it is
    /// asked again, or while the CMS fails; else fetched now.
    pub async fn get(&self, url: &str) -> Result<(Arc<Document>, Freshness), FetchError> {
        let fresh = Duration::from_secs(self.limits.fresh_secs);
        let stale = Duration::from_secs(self.limits.stale_secs);
        let cached = self.with_entry(url, |entry| {
            let age = entry.checked.elapsed();
            let start_refresh = age >= fresh && age < stale && !entry.refreshing;
            if start_refresh {
                entry.refreshing = true;
            }
            (entry.document.clone(), age, start_refresh)
        });
        match cached {
            Some((document, age, _)) if age < fresh => return Ok((document, Freshness::Fresh)),
            Some((document, _, true)) => {
                let this = self.clone();
                let url = url.to_owned();
                tokio::spawn(async move {
                    let _ = this.refresh(&url).await;
                });
                return Ok((document, Freshness::Revalidating));
            }
            Some((document, age, false)) if age < stale => {
                // Another request is refreshing it.
                return Ok((document, Freshness::Revalidating));
            }
            _ => {}
        }
        match self.refresh(url).await {
            Ok(document) => Ok((document, Freshness::Fetched)),
            Err(error) => match self.with_entry(url, |e| e.document.clone()) {
                Some(document) => Ok((document, Freshness::StaleIfError)),
                None => Err(error),
            },
        }
    }

    fn with_entry<T>(&self, url: &str, f: impl FnOnce(&mut Entry) -> T) -> Option<T> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.get_mut(url).map(f)
    }

    /// Asks the CMS (conditionally, when a copy is cached) and caches what
    /// it answers; on failure the cached copy stays as it was.
    async fn refresh(&self, url: &str) -> Result<Arc<Document>, FetchError> {
        let previous = self.with_entry(url, |e| e.document.clone());
        let result = self.fetch(url, previous.as_deref()).await;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(document) => {
                let document = document
                    .map(Arc::new)
                    .or(previous)
                    .ok_or(FetchError::Status(304))?;
                cache.insert(
                    url.to_owned(),
                    Entry {
                        document: document.clone(),
                        checked: Instant::now(),
                        refreshing: false,
                    },
                );
                Ok(document)
            }
            Err(error) => {
                if let Some(entry) = cache.get_mut(url) {
                    entry.refreshing = false;
                }
                Err(error)
            }
        }
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
