//! The routes: one article as the contract, a view, health, and the
//! widget's files.
//!
//! | route | answer |
//! |---|---|
//! | `GET /api/articles/{source}?item=…` | the item (the first without `item`) as contract v1, with `views` and `views_url` |
//! | `POST /api/views/{source}?item=…` | registers a view: `{"views": n}` once stored |
//! | `GET /oembed?url=…` | oEmbed (JSON, rich) for an article's page URL |
//! | `GET /healthz`, `GET /readyz` | alive; the database answers |
//! | anything else | the widget's `dist/`, with the headers partners need |

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use article_embed_core::contract::Article;
use article_embed_core::error::{report, DocumentError, FormatError};
use article_embed_core::formats::{parse_document, Answer, Format, ReadAs};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use serde_json::json;

use crate::config::Config;
use crate::contract_json::contract_json;
use crate::platform::PLATFORM;
use crate::static_files::static_files;
use crate::upstream::{Document, FetchError, Fetcher, Freshness};
use crate::views::{Counted, Views};

/// Articles read from a document, by source and item: read again only when
/// the document changes (`Weak` to the document it came from); the last
/// good one is served while the CMS answers what cannot be read, as long
/// as a stale document would be (`stale_secs` from when it was read).
type Parsed = HashMap<(String, Option<String>), Read>;

/// An article ready to answer: read once per document, not per request.
pub struct Loaded {
    /// The article, its body's URLs made absolute.
    pub article: Article,
    /// Where its views are kept: its source and id.
    key: String,
    /// The contract's JSON with `views_url` and without `views`, which
    /// changes between requests: spliced in before the closing brace.
    json: String,
}

/// One article read, and the document it stands for.
struct Read {
    from: Weak<Document>,
    article: Arc<Loaded>,
    /// When the article was read from a document that could be.
    read_at: Instant,
    /// `from` could not be read: `article` is the last good one, kept
    /// for `from` so that the bad document is not read again per request.
    fallback: bool,
}

/// Articles kept read at most: a thousand items of a few sources…
const MAX_PARSED: usize = 10_000;
/// …and their answers' bytes at most (an item that a single-article
/// source ignores still gets its own entry, with its own `views_url`).
const MAX_PARSED_BYTES: usize = 64 << 20;
/// An `item` longer than this is no id, guid or URL: refused unread.
const MAX_ITEM: usize = 2048;
/// Reads that cost a document's mapping (not answered from what was read
/// before), per client and minute: a client asking for ever new items
/// cannot keep the CPU busy.
const MAPPINGS_PER_MINUTE: u32 = 600;

/// What every request shares.
#[derive(Clone)]
pub struct AppState {
    /// The configuration, as read at start.
    pub config: Arc<Config>,
    /// The CMS's documents, cached.
    pub fetcher: Fetcher,
    /// The view store.
    pub views: Views,
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    mappings: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// The articles read, and the bytes they hold.
    parsed: Arc<Mutex<(Parsed, usize)>>,
}

impl AppState {
    /// The state of a server with this configuration, fetcher and store.
    pub fn new(config: Config, fetcher: Fetcher, views: Views) -> AppState {
        let per_minute = NonZeroU32::new(config.views.per_minute).unwrap_or(NonZeroU32::MIN);
        AppState {
            config: Arc::new(config),
            fetcher,
            views,
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            mappings: Arc::new(RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(MAPPINGS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            ))),
            parsed: Arc::default(),
        }
    }
}

/// The whole service.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/articles/{source}", get(article))
        .route("/api/views/{source}", post(view))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/oembed", get(oembed))
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ));
    let api = match &state.config.dist {
        Some(dist) => api.fallback_service(static_files(dist)),
        None => api,
    };
    api.with_state(state)
}

#[derive(Deserialize)]
struct Item {
    item: Option<String>,
}

/// An error as the widget shows it: a status and words.
fn problem(status: StatusCode, message: impl std::fmt::Display) -> Response {
    let mut response = (status, Json(json!({"error": message.to_string()}))).into_response();
    cors(response.headers_mut());
    response
}

/// `response`, telling the widget when to try again (it honours it on 429
/// and 503).
fn retry_after(mut response: Response, seconds: &'static str) -> Response {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
    response
}

/// 429 for a client past a per-minute limit: try again in a minute.
fn too_many(message: &'static str) -> Response {
    retry_after(problem(StatusCode::TOO_MANY_REQUESTS, message), "60")
}

fn cors(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
}

/// The source's article for `item`, read from the CMS's document with the
/// same mapping the widget runs.
async fn load(
    state: &AppState,
    client: IpAddr,
    source: &str,
    item: Option<&str>,
) -> Result<Arc<Loaded>, Response> {
    if item.is_some_and(|i| i.len() > MAX_ITEM) {
        return Err(problem(
            StatusCode::BAD_REQUEST,
            format!("item is longer than {MAX_ITEM} bytes: no id, guid or URL is"),
        ));
    }
    let Some(config) = state.config.source(source) else {
        return Err(problem(
            StatusCode::NOT_FOUND,
            format!("no source named \"{source}\""),
        ));
    };
    let (document, freshness) = state.fetcher.get(&config.url).await.map_err(|e| {
        crate::metrics::upstream("failed");
        let status = match e {
            FetchError::TooLarge => StatusCode::BAD_GATEWAY,
            _ => StatusCode::SERVICE_UNAVAILABLE,
        };
        retry_after(problem(status, e), "30")
    })?;
    crate::metrics::upstream(match freshness {
        Freshness::Fresh => "fresh",
        Freshness::Revalidating => "revalidating",
        Freshness::StaleIfError => "stale_if_error",
        Freshness::Fetched => "fetched",
    });
    let key = (source.to_owned(), item.map(str::to_owned));
    let stale = Duration::from_secs(state.config.upstream.stale_secs);
    let cached = {
        let parsed = state.parsed.lock().unwrap_or_else(|p| p.into_inner());
        parsed.0.get(&key).and_then(|read| {
            let same = read
                .from
                .upgrade()
                .is_some_and(|from| Arc::ptr_eq(&from, &document));
            let usable = !read.fallback || read.read_at.elapsed() < stale;
            (same && usable).then(|| read.article.clone())
        })
    };
    if let Some(article) = cached {
        return Ok(article);
    }
    if state.mappings.check_key(&client).is_err() {
        return Err(too_many("too many new items asked for by one client"));
    }
    let read_as = ReadAs {
        format: config.format.as_deref().and_then(Format::from_attr),
        item: item.map(str::to_owned),
    };
    // The mapping is CPU work on up to 8 MB: off the async threads.
    let read = document.clone();
    let article = tokio::task::spawn_blocking(move || {
        let answer = Answer {
            bytes: &read.bytes,
            content_type: read.content_type.as_deref(),
            url: &read.url,
        };
        parse_document(answer, read_as.format, read_as.item.as_deref(), &PLATFORM)
    })
    .await
    .map_err(|e| problem(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let mut article = match article {
        Ok(article) => article,
        Err(error) => {
            // A CMS that answers garbage (or a body cut short, or longer
            // than it said) is a failing CMS: the last good article stays.
            let mut parsed = state.parsed.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(read) = parsed
                .0
                .get_mut(&key)
                .filter(|read| read.read_at.elapsed() < stale)
            {
                let error = report(&error);
                tracing::warn!(%error, source, "the CMS's document cannot be read: the last good article is served");
                crate::metrics::upstream("stale_if_error");
                read.from = Arc::downgrade(&document);
                read.fallback = true;
                return Ok(read.article.clone());
            }
            // No such item is the reader's link at fault, not the CMS.
            return Err(match error {
                DocumentError::Format(FormatError::NoSuchItem { .. } | FormatError::NoItems) => {
                    problem(StatusCode::NOT_FOUND, error)
                }
                _ => problem(
                    StatusCode::BAD_GATEWAY,
                    format!("the CMS's document cannot be read: {}", report(&error)),
                ),
            });
        }
    };
    // Served from here, the body's relative URLs would resolve against this
    // server's URL: they are made absolute against the CMS's first.
    article.body_html = crate::absolute::absolute_urls(&article.body_html, &document.url);
    let json = contract_json(&article, None, Some(&views_url(state, source, item))).to_string();
    let article = Arc::new(Loaded {
        key: format!("{source}\n{}", article.id),
        article,
        json,
    });
    let mut parsed = state.parsed.lock().unwrap_or_else(|p| p.into_inner());
    let (read, bytes) = &mut *parsed;
    let size = article.json.len() + article.article.body_html.len();
    if read.len() >= MAX_PARSED || *bytes + size > MAX_PARSED_BYTES {
        read.clear();
        *bytes = 0;
    }
    *bytes += size;
    read.insert(
        key,
        Read {
            from: Arc::downgrade(&document),
            article: article.clone(),
            read_at: Instant::now(),
            fallback: false,
        },
    );
    Ok(article)
}

/// The URL that registers a view of the source's item.
fn views_url(state: &AppState, source: &str, item: Option<&str>) -> String {
    api_url(state, "views", source, item)
}

/// This server's public URL of `/api/<route>/<source>?item=<item>`.
fn api_url(state: &AppState, route: &str, source: &str, item: Option<&str>) -> String {
    let mut url = format!(
        "{}/api/{route}/{}",
        state.config.public_url.trim_end_matches('/'),
        urlencode(source)
    );
    if let Some(item) = item {
        url.push_str("?item=");
        url.push_str(&urlencode(item));
    }
    url
}

async fn article(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(source): Path<String>,
    Query(query): Query<Item>,
    headers: HeaderMap,
) -> Response {
    let client = client_address(peer.ip(), &headers, &state.config.trusted_proxies);
    let article = match load(&state, client, &source, query.item.as_deref()).await {
        Ok(article) => article,
        Err(response) => return response,
    };
    let base = article.article.views.unwrap_or(0);
    let views = match state.views.count(&article.key, base).await {
        Ok(n) => Some(n),
        // The article is still worth showing: without its counter.
        Err(error) => {
            crate::metrics::db_error();
            tracing::warn!(%error, "views not read");
            None
        }
    };
    let body = match (views, article.json.strip_suffix('}')) {
        (Some(n), Some(open)) => format!("{open},\"views\":{n}}}"),
        _ => article.json.clone(),
    };
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    cors(response.headers_mut());
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=30, stale-while-revalidate=300"),
    );
    response
}

async fn view(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(source): Path<String>,
    Query(query): Query<Item>,
    headers: HeaderMap,
) -> Response {
    let client = client_address(peer.ip(), &headers, &state.config.trusted_proxies);
    if state.limiter.check_key(&client).is_err() {
        crate::metrics::view("limited");
        return too_many("too many views from one reader");
    }
    let article = match load(&state, client, &source, query.item.as_deref()).await {
        Ok(article) => article,
        Err(response) => return response,
    };
    let key = &article.key;
    let agent = headers
        .get(header::USER_AGENT)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    let base = article.article.views.unwrap_or(0);
    let bot = is_bot(agent);
    let counted = if bot {
        state.views.count(key, base).await.map(Counted::Seen)
    } else {
        let address = client.to_string();
        let who: [&[u8]; 2] = [address.as_bytes(), agent];
        state.views.register(key, base, &who).await
    };
    match counted {
        Ok(counted) => {
            crate::metrics::view(match counted {
                _ if bot => "bot",
                Counted::New(_) => "counted",
                Counted::Seen(_) => "seen",
            });
            let mut response = Json(json!({"views": counted.count()})).into_response();
            cors(response.headers_mut());
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            crate::metrics::view("failed");
            tracing::error!(%error, "view not stored");
            retry_after(
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "views cannot be stored right now",
                ),
                "5",
            )
        }
    }
}

/// oEmbed for an article's page URL: the first source with an item there.
async fn oembed(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(request): Query<crate::oembed::Request>,
) -> Response {
    let page = match request.page() {
        Ok(page) => page,
        Err(refused @ crate::oembed::Refused::Format) => {
            return problem(StatusCode::NOT_IMPLEMENTED, refused)
        }
        Err(refused) => return problem(StatusCode::BAD_REQUEST, refused),
    };
    // An unknown URL reads every source: the per-client limit applies.
    let client = client_address(peer.ip(), &headers, &state.config.trusted_proxies);
    if state.limiter.check_key(&client).is_err() {
        return too_many("too many requests from one client");
    }
    let public = state.config.public_url.trim_end_matches('/');
    for source in &state.config.sources {
        let Ok(loaded) = load(&state, client, &source.name, Some(page)).await else {
            continue;
        };
        // A single-article source answers whatever item is asked: only the
        // article at that very page is an answer.
        if loaded.article.url != page && loaded.article.id != page {
            continue;
        }
        let src = api_url(&state, "articles", &source.name, Some(page));
        let embed_js = state
            .config
            .embed_js
            .clone()
            .unwrap_or_else(|| format!("{public}/embed.js"));
        let answer =
            crate::oembed::answer(&loaded.article, &src, &embed_js, public, request.maxwidth);
        let mut response = Json(answer).into_response();
        cors(response.headers_mut());
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        return response;
    }
    problem(
        StatusCode::NOT_FOUND,
        "no configured source has an article at this URL",
    )
}

async fn ready(State(state): State<AppState>) -> StatusCode {
    if state.views.ping().await {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

/// The reader's address: the peer's, unless the peer is a trusted proxy,
/// then the last `X-Forwarded-For` hop that is not one.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

/// Crawlers, link previews and headless browsers: their "views" are not
/// readers'. A browser always sends a `User-Agent`.
pub fn is_bot(agent: &[u8]) -> bool {
    const MARKS: [&str; 12] = [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "preview",
        "headless",
        "lighthouse",
        "facebookexternalhit",
        "curl/",
        "wget/",
        "python-",
        "go-http-client",
    ];
    let agent = String::from_utf8_lossy(agent).to_ascii_lowercase();
    agent.trim().is_empty() || MARKS.iter().any(|m| agent.contains(m))
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
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let reader: IpAddr = "203.0.113.7".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "198.51.100.1, 203.0.113.7".parse().unwrap(),
        );
        // A reader cannot claim another address.
        assert_eq!(client_address(reader, &headers, &[proxy]), reader);
        // Behind the proxy: the hop it saw (the forged first one is ignored).
        assert_eq!(client_address(proxy, &headers, &[proxy]), reader);
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn bots_are_told_by_their_user_agent() {
        assert!(is_bot(b"Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(is_bot(b"Mozilla/5.0 HeadlessChrome/120"));
        assert!(is_bot(b""));
        assert!(!is_bot(
            b"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
        ));
        assert_eq!(urlencode("a b/ü"), "a%20b%2F%C3%BC");
    }
}
