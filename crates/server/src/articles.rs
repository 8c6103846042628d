//! Articles read from the CMS's documents, each mapped once per document
//! version and item, whatever the number of readers asking.
//!
//! - **Cached**: an article read from a document is kept (`Weak` to the
//!   document it came from) until the document changes; so is an item the
//!   document does not have (a negative entry) and a document that cannot
//!   be read.
//! - **Indexed**: each document version's items are listed once (what each
//!   may be asked for by, and its spelling): an item the document does not
//!   list costs a lookup, never a mapping; the archive answers for it, or
//!   404.
//! - **Single-flight**: readers asking at once for the same item of the
//!   same document wait for one mapping, which they share.
//! - **Bounded**: at most [`mapping_slots`] mappings run at once (each
//!   holds its document's parsed tree, about three times the document);
//!   each client may cause at most [`MAPPINGS_PER_MINUTE`] (not answered
//!   from the cache), over a sliding window; what is kept is bounded in
//!   entries and bytes.
//! - **The last good article** is served while the CMS answers what cannot
//!   be read, or stops listing the item, as long as a stale document would
//!   be (`stale_secs` from when it was read); past that, after a restart,
//!   while the CMS cannot be reached, and on every instance, from the
//!   [`crate::archive`], where every article mapped is kept before it is
//!   first answered.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use article_embed_core::contract::MAX_FEED_ITEMS;
use article_embed_core::contract::{parse_article, Article};
use article_embed_core::error::{report, DocumentError, FormatError};
use article_embed_core::formats::{item_keys, parse_document, Answer, Format};
use tokio::sync::{OnceCell, Semaphore};

use crate::archive::Archive;
use crate::config::{Config, Source};
use crate::contract_json::contract_json;
use crate::error::ApiError;
use crate::limiter::{retry_seconds, SlidingWindow};
use crate::platform::PLATFORM;
use crate::spelling::spelling;
use crate::upstream::{Document, FetchError, Fetcher, Freshness};

/// Entries kept at most: a thousand items of a few sources…
const MAX_PARSED: usize = 10_000;
/// …and their answers' bytes at most (an item that a single-article
/// source ignores still gets its own entry, with its own `views_url`).
const MAX_PARSED_BYTES: usize = 64 << 20;
/// An `item` longer than this is no id, guid or URL: refused unread.
pub const MAX_ITEM: usize = 2048;
/// Mappings (reads not answered from the cache) one client may cause in any
/// minute: each costs a whole document's parse.
pub const MAPPINGS_PER_MINUTE: u32 = 120;

/// Mappings one client may have running or waiting at once: its others
/// wait behind them, not in the queue every client shares, so another
/// reader waits for a few mappings at most, whatever one client sends.
pub const MAPPINGS_AT_ONCE_PER_CLIENT: usize = 2;

/// Mappings that may run at once: one per core (at least two), whatever
/// the number of requests; the others wait their turn.
pub fn mapping_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

/// An article ready to answer: read once per document, not per request.
#[derive(Debug)]
pub struct Loaded {
    /// The article, its body's URLs made absolute.
    pub article: Article,
    /// Where its views are kept: its source and id.
    pub key: String,
    /// The contract's JSON with `views_url` and without `views`, which
    /// changes between requests: spliced in before the closing brace.
    pub json: String,
}

/// What reading an item of one document version gave: the article, or
/// why there is none (kept too, so that it is not read again).
type Outcome = Result<Arc<Loaded>, ApiError>;

/// How long a withdrawal made elsewhere (the `remove` command, another
/// instance) takes at most to be seen: the withdrawn keys are read again
/// this often.
pub const REMOVALS_FRESH: Duration = Duration::from_secs(10);

/// The message a withdrawn article is answered with (410).
const REMOVED: &str = "this article was removed by the publisher";

/// A source's item (the first when `None`).
type Key = (String, Option<String>);

/// One item read, and the document it stands for.
struct Read {
    from: Weak<Document>,
    outcome: Outcome,
    /// When the outcome was read from a document.
    read_at: Instant,
    /// `from` could not be read (or no longer had the item): `outcome` is
    /// the last good article, kept for `from` so that the bad document is
    /// not read again per request.
    fallback: bool,
}

#[derive(Default)]
struct Cache {
    reads: HashMap<Key, Read>,
    bytes: usize,
}

/// A mapping under way, joined by whoever asks for the same item of the
/// same document meanwhile.
type Flight = Arc<OnceCell<Outcome>>;

/// What the items of one document version may be asked for by (each key
/// and its spelling); `None` for a document of one article, or one that
/// cannot be read (the mapping says why).
type Index = Option<std::collections::HashSet<String>>;

/// A document version's index, built once for all who ask meanwhile.
type IndexFlight = Arc<OnceCell<Arc<Index>>>;

/// The articles of every configured source.
pub struct Articles {
    config: Arc<Config>,
    fetcher: Fetcher,
    archive: Archive,
    cache: Mutex<Cache>,
    flights: Mutex<HashMap<(Key, usize), Flight>>,
    slots: Semaphore,
    /// Each document version's index, by the document's address.
    indexes: Mutex<HashMap<usize, (Weak<Document>, IndexFlight)>>,
    /// Each client's own share of the slots.
    client_slots: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
    /// The withdrawn articles' keys, and when they were read.
    removed: Mutex<(Arc<std::collections::HashSet<String>>, Option<Instant>)>,
    mappings: SlidingWindow<IpAddr>,
}

impl Articles {
    /// The articles of `config`'s sources, read through `fetcher`, kept in
    /// `archive`.
    pub fn new(config: Arc<Config>, fetcher: Fetcher, archive: Archive) -> Articles {
        Articles {
            config,
            fetcher,
            archive,
            cache: Mutex::default(),
            flights: Mutex::default(),
            slots: Semaphore::new(mapping_slots()),
            indexes: Mutex::default(),
            client_slots: Mutex::default(),
            removed: Mutex::new((Arc::default(), None)),
            mappings: SlidingWindow::new(MAPPINGS_PER_MINUTE, Duration::from_secs(60)),
        }
    }

    /// The source's article for `item`, asked for by `client`; 410 when
    /// the publisher withdrew it.
    pub async fn load(
        &self,
        client: IpAddr,
        source: &str,
        item: Option<&str>,
    ) -> Result<Arc<Loaded>, ApiError> {
        let loaded = self.load_any(client, source, item).await?;
        if self.removed().await.contains(&loaded.key) {
            return Err(ApiError::Gone(REMOVED.to_owned()));
        }
        Ok(loaded)
    }

    /// The withdrawn keys, read again past [`REMOVALS_FRESH`] (one reader
    /// reads them; the others take the last read meanwhile).
    async fn removed(&self) -> Arc<std::collections::HashSet<String>> {
        let (keys, stale) = {
            let mut removed = self.removed.lock().unwrap_or_else(|p| p.into_inner());
            let stale = removed.1.is_none_or(|at| at.elapsed() >= REMOVALS_FRESH);
            if stale {
                removed.1 = Some(Instant::now());
            }
            (removed.0.clone(), stale)
        };
        if !stale {
            return keys;
        }
        match self.archive.removed().await {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                self.removed.lock().unwrap_or_else(|p| p.into_inner()).0 = fresh.clone();
                fresh
            }
            Err(error) => {
                tracing::warn!(%error, "withdrawn articles not read: the last read stands");
                keys
            }
        }
    }

    async fn load_any(
        &self,
        client: IpAddr,
        source: &str,
        item: Option<&str>,
    ) -> Result<Arc<Loaded>, ApiError> {
        if item.is_some_and(|i| i.len() > MAX_ITEM) {
            return Err(ApiError::BadRequest(format!(
                "item is longer than {MAX_ITEM} bytes: no id, guid or URL is"
            )));
        }
        let Some(config) = self.config.source(source) else {
            return Err(ApiError::NotFound(format!("no source named \"{source}\"")));
        };
        let (document, freshness) = match self.fetcher.get(&config.url).await {
            Ok(fetched) => fetched,
            Err(error) => {
                crate::metrics::upstream("failed");
                // A per-article API that answers 404 or 410: the CMS took the
                // article down, and so does this server.
                if matches!(error, FetchError::Status(404 | 410)) {
                    match self.archive.withdraw_single(source).await {
                        Ok(Some(key)) => {
                            tracing::warn!(
                                source,
                                key,
                                "the CMS no longer has the article: withdrawn"
                            );
                            self.removed.lock().unwrap_or_else(|p| p.into_inner()).1 = None;
                        }
                        Ok(None) => {}
                        Err(error) => tracing::warn!(%error, source, "a withdrawal not stored"),
                    }
                }
                // No document, not even a stale one (a restart while the CMS
                // is down): what was served before is.
                if let Some(archived) = self.archived(source, item).await {
                    return Ok(archived);
                }
                return Err(match error {
                    FetchError::TooLarge => ApiError::BadUpstream(error.to_string()),
                    _ => ApiError::Unavailable {
                        message: error.to_string(),
                        retry_after: 30,
                    },
                });
            }
        };
        crate::metrics::upstream(match freshness {
            Freshness::Fresh => "fresh",
            Freshness::Revalidating => "revalidating",
            Freshness::StaleIfError => "stale_if_error",
            Freshness::Fetched => "fetched",
        });
        let key: Key = (source.to_owned(), item.map(str::to_owned));
        if let Some(outcome) = self.cached(&key, &document) {
            return outcome;
        }
        // An item this version of the feed does not list costs no mapping:
        // the archive has it (it left the feed), or no one does.
        if let (Some(wanted), Some(keys)) = (item, &*self.index(config, &document).await) {
            if !keys.contains(wanted.trim()) && !keys.contains(&spelling(wanted)) {
                let outcome = match self.archived(source, item).await {
                    Some(archived) => Ok(archived),
                    None => Err(ApiError::NotFound(
                        DocumentError::from(FormatError::NoSuchItem {
                            item: wanted.to_owned(),
                            among: MAX_FEED_ITEMS,
                        })
                        .to_string(),
                    )),
                };
                self.keep(&key, &document, outcome.clone());
                return outcome;
            }
        }
        let flight_key = (key.clone(), Arc::as_ptr(&document) as usize);
        let flight = self
            .flights
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(flight_key.clone())
            .or_default()
            .clone();
        let shared = flight
            .get_or_try_init(|| async {
                // A flight that just landed has left its outcome here.
                if let Some(outcome) = self.cached(&key, &document) {
                    return Ok(outcome);
                }
                // Only the client that leads a mapping pays for it.
                self.mappings
                    .check(&client)
                    .map_err(|wait| ApiError::TooMany {
                        what: "too many new items asked for by one client",
                        retry_after: retry_seconds(wait),
                    })?;
                let own = self
                    .client_slots
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .entry(client)
                    .or_insert_with(|| Arc::new(Semaphore::new(MAPPINGS_AT_ONCE_PER_CLIENT)))
                    .clone();
                let outcome = async {
                    let _own = own.acquire().await?;
                    let _slot = self.slots.acquire().await?;
                    Ok::<_, tokio::sync::AcquireError>(self.map(config, &key, &document).await)
                }
                .await;
                // The client's share goes once nothing of it is held.
                let mut shares = self.client_slots.lock().unwrap_or_else(|p| p.into_inner());
                if Arc::strong_count(&own) == 2
                    && own.available_permits() == MAPPINGS_AT_ONCE_PER_CLIENT
                {
                    shares.remove(&client);
                }
                drop(shares);
                outcome.map_err(|e| ApiError::Internal(e.to_string()))
            })
            .await
            .cloned();
        {
            let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
            if flights
                .get(&flight_key)
                .is_some_and(|f| Arc::ptr_eq(f, &flight) && f.initialized())
            {
                flights.remove(&flight_key);
            }
        }
        shared?
    }

    /// The index of `document`'s items, read once per document version.
    async fn index(&self, config: &Source, document: &Arc<Document>) -> Arc<Index> {
        let at = Arc::as_ptr(document) as usize;
        let flight = {
            let mut indexes = self.indexes.lock().unwrap_or_else(|p| p.into_inner());
            // Versions no longer cached go with their documents.
            indexes.retain(|_, (from, _)| from.strong_count() > 0);
            let entry = indexes
                .entry(at)
                .or_insert_with(|| (Arc::downgrade(document), IndexFlight::default()));
            entry.1.clone()
        };
        flight
            .get_or_init(|| async {
                let Ok(_slot) = self.slots.acquire().await else {
                    return Arc::new(None);
                };
                crate::metrics::index();
                let format = config.format.as_deref().and_then(Format::from_attr);
                let read = document.clone();
                let keys = tokio::task::spawn_blocking(move || {
                    let answer = Answer {
                        bytes: &read.bytes,
                        content_type: read.content_type.as_deref(),
                        url: &read.url,
                    };
                    item_keys(answer, format, &PLATFORM).ok().flatten()
                })
                .await
                .ok()
                .flatten();
                Arc::new(keys.map(|keys| {
                    let spellings: Vec<String> = keys.iter().map(|k| spelling(k)).collect();
                    keys.into_iter().chain(spellings).collect()
                }))
            })
            .await
            .clone()
    }

    /// What was read of `document` for `key`, if it was.
    fn cached(&self, key: &Key, document: &Arc<Document>) -> Option<Outcome> {
        let stale = Duration::from_secs(self.config.upstream.stale_secs);
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.reads.get(key).and_then(|read| {
            let same = read
                .from
                .upgrade()
                .is_some_and(|from| Arc::ptr_eq(&from, document));
            let usable = !read.fallback || read.read_at.elapsed() < stale;
            (same && usable).then(|| read.outcome.clone())
        })
    }

    /// Reads `key`'s item from `document` (off the async threads: up to
    /// 8 MB of CPU work) and keeps what it gave.
    async fn map(&self, config: &Source, key: &Key, document: &Arc<Document>) -> Outcome {
        let format = config.format.as_deref().and_then(Format::from_attr);
        let (source, item) = (key.0.as_str(), key.1.as_deref());
        crate::metrics::mapping();
        let read = document.clone();
        let wanted = key.1.clone();
        let mapped = tokio::task::spawn_blocking(move || {
            let answer = Answer {
                bytes: &read.bytes,
                content_type: read.content_type.as_deref(),
                url: &read.url,
            };
            parse_document(answer, format, wanted.as_deref(), &PLATFORM)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        let stale = Duration::from_secs(self.config.upstream.stale_secs);
        let mut article = match mapped {
            Ok(article) => article,
            Err(error) => {
                // A CMS that answers garbage (or a body cut short, or longer
                // than it said), or no longer lists the item: the last good
                // article stays.
                let last_good = {
                    let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                    cache
                        .reads
                        .get_mut(key)
                        .filter(|read| read.outcome.is_ok() && read.read_at.elapsed() < stale)
                        .map(|read| {
                            read.from = Arc::downgrade(document);
                            read.fallback = true;
                            read.outcome.clone()
                        })
                };
                let said = report(&error);
                if let Some(outcome) = last_good {
                    tracing::warn!(error = %said, source, "the CMS's document cannot be read: the last good article is served");
                    crate::metrics::upstream("stale_if_error");
                    return outcome;
                }
                // No such item is the reader's link at fault, not the CMS.
                let refused = match error {
                    DocumentError::Format(
                        FormatError::NoSuchItem { .. } | FormatError::NoItems,
                    ) => ApiError::NotFound(error.to_string()),
                    _ => {
                        ApiError::BadUpstream(format!("the CMS's document cannot be read: {said}"))
                    }
                };
                // Served before (and kept since): served still, for this
                // document, without reading the archive again.
                if let Some(archived) = self.archived(source, item).await {
                    self.keep(key, document, Ok(archived.clone()));
                    return Ok(archived);
                }
                self.keep(key, document, Err(refused.clone()));
                return Err(refused);
            }
        };
        // Served from here, the body's relative URLs would resolve against this
        // server's URL: they are made absolute against the CMS's first.
        article.body_html = crate::absolute::absolute_urls(&article.body_html, &document.url);
        let views_url = api_url(&self.config.public_url, "views", source, item);
        let json = contract_json(&article, None, Some(&views_url)).to_string();
        let loaded = Arc::new(Loaded {
            key: format!("{source}\n{}", article.id),
            article,
            json,
        });
        // Kept before it is first answered: once served, always served.
        let mut spellings = vec![
            item.map(spelling).unwrap_or_default(),
            spelling(&loaded.article.url),
            spelling(&loaded.article.id),
        ];
        spellings.sort_unstable();
        spellings.dedup();
        let archived = contract_json(&loaded.article, loaded.article.views, None).to_string();
        if let Err(error) = self
            .archive
            .keep(
                source,
                &loaded.key,
                &archived,
                &loaded.article.url,
                &spellings,
            )
            .await
        {
            crate::metrics::db_error();
            tracing::error!(%error, source, "an article served is not archived");
        }
        // The CMS serves it again: a withdrawal it made is undone in the
        // archive; read the withdrawn keys again at once.
        {
            let mut removed = self.removed.lock().unwrap_or_else(|p| p.into_inner());
            if removed.0.contains(&loaded.key) {
                removed.1 = None;
            }
        }
        self.keep(key, document, Ok(loaded.clone()));
        Ok(loaded)
    }

    /// The article `source` answered before for `item` (under any of its
    /// spellings), from the archive.
    async fn archived(&self, source: &str, item: Option<&str>) -> Option<Arc<Loaded>> {
        let asked = item.map(spelling).unwrap_or_default();
        let archived = match self.archive.find(source, &asked).await {
            Ok(found) => found?,
            Err(error) => {
                crate::metrics::db_error();
                tracing::warn!(%error, source, "the archive cannot be read");
                return None;
            }
        };
        let article = match parse_article(archived.json.as_bytes(), &archived.url) {
            Ok(article) => article,
            Err(error) => {
                tracing::error!(error = %report(&error), source, "an archived article cannot be read");
                return None;
            }
        };
        crate::metrics::upstream("archived");
        let views_url = api_url(&self.config.public_url, "views", source, item);
        let json = contract_json(&article, None, Some(&views_url)).to_string();
        Some(Arc::new(Loaded {
            key: archived.article,
            article,
            json,
        }))
    }

    /// Keeps an outcome for `document`, within the cache's bounds.
    fn keep(&self, key: &Key, document: &Arc<Document>, outcome: Outcome) {
        let size = key.0.len()
            + key.1.as_ref().map_or(0, String::len)
            + match &outcome {
                Ok(loaded) => loaded.json.len() + loaded.article.body_html.len(),
                Err(error) => error.to_string().len(),
            };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.reads.len() >= MAX_PARSED || cache.bytes + size > MAX_PARSED_BYTES {
            cache.reads.clear();
            cache.bytes = 0;
        }
        cache.bytes += size;
        cache.reads.insert(
            key.clone(),
            Read {
                from: Arc::downgrade(document),
                outcome,
                read_at: Instant::now(),
                fallback: false,
            },
        );
    }
}

/// This server's public URL of `/api/<route>/<source>?item=<item>`.
pub fn api_url(public_url: &str, route: &str, source: &str, item: Option<&str>) -> String {
    let mut url = format!(
        "{}/api/{route}/{}",
        public_url.trim_end_matches('/'),
        urlencode(source)
    );
    if let Some(item) = item {
        url.push_str("?item=");
        url.push_str(&urlencode(item));
    }
    url
}

fn urlencode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls_encode_the_source_and_item() {
        assert_eq!(urlencode("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(
            api_url(
                "https://p.example/",
                "views",
                "news",
                Some("https://p.example/a?b=1")
            ),
            "https://p.example/api/views/news?item=https%3A%2F%2Fp.example%2Fa%3Fb%3D1"
        );
    }
}
