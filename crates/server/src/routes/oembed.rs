//! `GET /oembed?url=…`: oEmbed for an article's page URL (`crate::oembed`
//! writes the answer).

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::articles::api_url;
use crate::client::Client;
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/oembed", get(oembed))
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
