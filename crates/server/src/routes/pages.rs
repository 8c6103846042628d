//! The pages the server writes for an article: the page to share
//! (`/a/{source}`, with `/card.css`), the frame (`/frame.html`) and the
//! links a sandboxed frame's host follows (`/go`).

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::Item;
use crate::client::Client;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/a/{source}", get(article_page))
        .route("/card.css", get(card_css))
        .route("/go", get(go))
}

/// `/frame.html`, where the server serves the widget's files.
pub(crate) fn frame_routes() -> Router<AppState> {
    Router::new().route("/frame.html", get(frame))
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
