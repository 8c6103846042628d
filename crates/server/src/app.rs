//! The routes: one article as the contract, a view, health, and the
//! widget's files.
//!
//! | route | answer |
//! |---|---|
//! | `GET /api/articles/{source}?item=…` | the item (the first without `item`) as contract v1, with `views` and `views_url` |
//! | `POST /api/views/{source}?item=…` | registers a view (its body: the embedding page's origin): `{"views": n}` once stored |
//! | `GET /oembed?url=…` | oEmbed (JSON or XML, rich) for an article's page URL: a headline and a frame, or the element |
//! | `GET /a/{source}?item=…` | the article's page to share: OpenGraph and Twitter tags, canonical, oEmbed discovery, a card with no script |
//! | `GET /go?to=…` | a link a sandboxed frame's host follows: an archived article's page (302), else a page to click through |
//! | `GET /healthz`, `GET /readyz` | alive; the database answers |
//! | `/dashboard/…` | the publisher's dashboard, with `[dashboard] token` (`crate::dashboard`) |
//! | anything else | the widget's `dist/`, with the headers partners need |

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRef, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::articles::{api_url, Articles};
use crate::client::{Client, ClientRules};
use crate::config::Config;
use crate::dashboard::DashboardState;
use crate::error::{cors, ApiError};
use crate::limiter::{retry_seconds, SlidingWindow};
use crate::static_files::static_files;
use crate::upstream::Fetcher;
use crate::views::{Counted, Views};

/// What every request shares.
#[derive(Clone)]
pub struct AppState {
    /// The configuration, as read at start.
    pub config: Arc<Config>,
    /// The sources' articles, read from the CMS's documents.
    pub articles: Arc<Articles>,
    /// The view store.
    pub views: Views,
    /// Views per client, over a sliding minute.
    limiter: Arc<SlidingWindow<IpAddr>>,
    clients: Arc<ClientRules>,
}

impl FromRef<AppState> for Arc<ClientRules> {
    fn from_ref(state: &AppState) -> Arc<ClientRules> {
        state.clients.clone()
    }
}

impl AppState {
    /// The state of a server with this configuration, fetcher and store.
    pub fn new(config: Config, fetcher: Fetcher, views: Views) -> AppState {
        let config = Arc::new(config);
        AppState {
            articles: Arc::new(Articles::new(config.clone(), fetcher, views.archive())),
            views,
            limiter: Arc::new(SlidingWindow::new(
                config.views.per_minute,
                Duration::from_secs(60),
            )),
            clients: Arc::new(ClientRules::of(&config)),
            config,
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
        .route("/go", get(go))
        .route("/a/{source}", get(article_page))
        .route("/card.css", get(card_css))
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ));
    let api = match &state.config.dist {
        Some(dist) => api
            .route("/frame.html", get(frame))
            .fallback_service(static_files(dist)),
        None => api,
    };
    // The dashboard, when it has a token and no address of its own.
    let dashboard = state
        .config
        .dashboard
        .listen
        .is_none()
        .then(|| DashboardState::new(&state.config, state.views.pool()))
        .flatten();
    let app = api.with_state(state);
    match dashboard {
        Some(dashboard) => app.merge(crate::dashboard::router(dashboard)),
        None => app,
    }
}

#[derive(Deserialize)]
struct Item {
    item: Option<String>,
}

async fn article(
    State(state): State<AppState>,
    client: Client,
    Path(source): Path<String>,
    Query(query): Query<Item>,
) -> Result<Response, ApiError> {
    let article = state
        .articles
        .load(client.key, &source, query.item.as_deref())
        .await?;
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
    Ok(response)
}

async fn view(
    State(state): State<AppState>,
    client: Client,
    Path(source): Path<String>,
    Query(query): Query<Item>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if let Err(wait) = state.limiter.check(&client.key) {
        crate::metrics::view("limited");
        return Err(ApiError::TooMany {
            what: "too many views from one reader",
            retry_after: retry_seconds(wait),
        });
    }
    let article = state
        .articles
        .load(client.key, &source, query.item.as_deref())
        .await?;
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
        // One reader: the client (an IPv6 reader's prefix) and its browser.
        let address = client.key.to_string();
        let who: [&[u8]; 2] = [address.as_bytes(), agent];
        let partner = crate::partner::of_view(&body, &headers);
        state
            .views
            .register(key, base, &who, address.as_bytes(), &partner)
            .await
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
            Ok(response)
        }
        Err(error) => {
            crate::metrics::view("failed");
            tracing::error!(%error, "view not stored");
            Err(ApiError::Unavailable {
                message: "views cannot be stored right now".to_owned(),
                retry_after: 5,
            })
        }
    }
}

/// oEmbed for an article's page URL: the first source with an item there.
async fn oembed(
    State(state): State<AppState>,
    client: Client,
    Query(request): Query<crate::oembed::Request>,
) -> Result<Response, ApiError> {
    let (page, format, embed) = match request.page() {
        Ok(asked) => asked,
        Err(refused @ crate::oembed::Refused::Format) => {
            return Err(ApiError::NotImplemented(refused.to_string()))
        }
        Err(refused) => return Err(ApiError::BadRequest(refused.to_string())),
    };
    let public = state.config.public_url.trim_end_matches('/');
    // An unknown URL is looked for in every source: each lookup is
    // answered from the cache (negative entries too) once a source's
    // document has been read for it, and costs the client a mapping
    // otherwise.
    for source in &state.config.sources {
        let loaded = match state
            .articles
            .load(client.key, &source.name, Some(page))
            .await
        {
            Ok(loaded) => loaded,
            Err(limited @ ApiError::TooMany { .. }) => return Err(limited),
            Err(_) => continue,
        };
        // A single-article source answers whatever item is asked: only the
        // article at that very page (however its link is spelled) is an
        // answer.
        let asked = crate::spelling::spelling(page);
        if crate::spelling::spelling(&loaded.article.url) != asked && loaded.article.id != page {
            continue;
        }
        let src = api_url(public, "articles", &source.name, Some(page));
        let embed_js = state
            .config
            .embed_js
            .clone()
            .unwrap_or_else(|| format!("{public}/embed.js"));
        // The frame sits beside the loader, wherever the widget is served.
        let frame_html = match embed_js.strip_suffix("embed.js") {
            Some(folder) => format!("{folder}frame.html"),
            None => format!("{public}/frame.html"),
        };
        let provider = crate::oembed::Provider {
            public_url: public,
            embed_js: &embed_js,
            frame_html: &frame_html,
            src: &src,
        };
        let answer = crate::oembed::answer(
            &loaded.article,
            &provider,
            embed,
            request.maxwidth,
            request.maxheight,
        );
        let mut response = match format {
            crate::oembed::Format::Json => Json(answer).into_response(),
            crate::oembed::Format::Xml => (
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                crate::oembed::to_xml(&answer),
            )
                .into_response(),
        };
        cors(response.headers_mut());
        if let Ok(value) =
            HeaderValue::from_str(&format!("public, max-age={}", crate::oembed::CACHE_AGE))
        {
            response.headers_mut().insert(header::CACHE_CONTROL, value);
        }
        return Ok(response);
    }
    Err(ApiError::NotFound(
        "no configured source has an article at this URL".to_owned(),
    ))
}

/// The article's page: its tags for link previews and a card that needs no
/// script (`crate::card`).
async fn article_page(
    State(state): State<AppState>,
    client: Client,
    Path(source): Path<String>,
    Query(query): Query<Item>,
) -> Response {
    let public = state.config.public_url.trim_end_matches('/');
    let (status, body) = match state
        .articles
        .load(client.key, &source, query.item.as_deref())
        .await
    {
        Ok(loaded) => (
            StatusCode::OK,
            crate::card::page(&loaded.article, &crate::card::Links { public_url: public }),
        ),
        Err(error) => {
            let status = error.status();
            let mut text = String::new();
            crate::xml::escape(&error.to_string(), false, &mut text);
            (
                status,
                format!(
                    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
                     <body><main><h1>{}</h1><p>{text}</p></main></body></html>",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("Error")
                ),
            )
        }
    };
    crate::html::page(
        status,
        body,
        "default-src 'none'; img-src https: http:; style-src 'self'; base-uri 'none'; form-action 'none'",
        "public, max-age=300",
    )
}

async fn card_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        crate::card::STYLESHEET,
    )
        .into_response()
}

#[derive(Deserialize)]
struct FrameQuery {
    src: Option<String>,
}

/// `frame.html`, as `dist` has it but for two things: its policy names this
/// server's origin (see [`crate::static_files::frame_page`]), and, for an
/// article of this server, the article's card is in it, which the reader
/// sees when scripts are off (`frame.js` makes it the element's fallback).
async fn frame(
    State(state): State<AppState>,
    client: Client,
    Query(query): Query<FrameQuery>,
) -> Response {
    let public = state.config.public_url.trim_end_matches('/');
    let origin = url::Url::parse(public)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    let page = match &state.config.dist {
        Some(dist) => crate::static_files::frame_page(dist, &origin).await,
        None => None,
    };
    let Some(mut page) = page else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Some((source, item)) = query
        .src
        .as_deref()
        .and_then(|src| own_article(public, src))
    {
        if let Ok(loaded) = state
            .articles
            .load(client.key, &source, item.as_deref())
            .await
        {
            let card = crate::card::card(&loaded.article).into_string();
            page = page.replacen("<main></main>", &format!("<main>{card}</main>"), 1);
        }
    }
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    response
        .headers_mut()
        .extend(crate::static_files::file_headers("/frame.html"));
    response
}

/// The source and item of `src` when it is an article URL of this
/// server's API (`<public_url>/api/articles/<source>?item=…`).
fn own_article(public: &str, src: &str) -> Option<(String, Option<String>)> {
    let base = url::Url::parse(&format!("{public}/api/articles/")).ok()?;
    let src = url::Url::parse(src).ok()?;
    if src.origin() != base.origin() {
        return None;
    }
    let source = src.path().strip_prefix(base.path())?;
    if source.is_empty() || source.contains('/') {
        return None;
    }
    let item = src
        .query_pairs()
        .find(|(k, _)| k == "item")
        .map(|(_, v)| v.into_owned());
    Some((source.to_owned(), item))
}

async fn go(State(state): State<AppState>, Query(target): Query<crate::go::Target>) -> Response {
    crate::go::answer(&state.views.archive(), &state.config.sources, target).await
}

async fn ready(State(state): State<AppState>) -> StatusCode {
    if state.views.ping().await {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots_are_told_by_their_user_agent() {
        assert!(is_bot(b"Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(is_bot(b"Mozilla/5.0 HeadlessChrome/120"));
        assert!(is_bot(b""));
        assert!(!is_bot(
            b"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
        ));
    }
}
