//! `GET /api/articles/{source}?item=…`: the article as the contract, with
//! its views.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::Item;
use crate::client::Client;
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/articles/{source}", get(article))
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
    let response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=30, stale-while-revalidate=300"),
            ),
        ],
        body,
    )
        .into_response();
    Ok(response)
}
