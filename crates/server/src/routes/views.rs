//! `POST /api/views/{source}?item=…`: a reader's view, counted once per
//! reader and stored before it is acknowledged; and the rule that tells
//! crawlers from readers.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use super::Item;
use crate::client::Client;
use crate::error::ApiError;
use crate::limiter::retry_seconds;
use crate::state::AppState;
use crate::views::Counted;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/views/{source}", post(view))
}

async fn view(
    State(state): State<AppState>,
    client: Client,
    Path(source): Path<String>,
    Query(query): Query<Item>,
    headers: HeaderMap,
    body: Bytes,
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
            let response = (
                [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
                Json(json!({"views": counted.count()})),
            )
                .into_response();
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

/// Crawlers, link previews and headless browsers: their "views" are not
/// readers'. A browser always sends a `User-Agent`.
pub(crate) fn is_bot(agent: &[u8]) -> bool {
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
