//! `GET /go?to=<url>`: where a sandboxed frame sends its reader.
//!
//! A WordPress post shows our frame under `sandbox="allow-scripts"`: a link
//! in it can neither open a tab nor navigate the top window. WordPress's
//! `wp-embed.js` follows a `{message: "link"}` from the frame, but only to a
//! URL on the frame's own host. `frame.js` sends this route's URL for the
//! link the reader clicked; it redirects (302) only to the page of an
//! article this server has served (its archived URL, not the string asked
//! for), and for any other http(s) URL answers a page with the link to
//! click through: never an open redirect.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::archive::Archive;
use crate::config::Source;
use crate::spelling::spelling;
use crate::xml::escape;

/// A target longer than this is refused.
const MAX_TARGET: usize = 2048;

/// The query.
#[derive(Deserialize)]
pub struct Target {
    /// Where the reader wants to go.
    pub to: Option<String>,
}

/// The answer for `target`, looked up in `archive` under `sources`.
pub async fn answer(archive: &Archive, sources: &[Source], target: Target) -> Response {
    let Some(to) = target
        .to
        .filter(|t| t.len() <= MAX_TARGET)
        .and_then(|t| url::Url::parse(&t).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
    else {
        return (
            StatusCode::BAD_REQUEST,
            "to must be an http(s) URL of at most 2048 bytes",
        )
            .into_response();
    };
    let asked = spelling(to.as_str());
    for source in sources {
        match archive.find(&source.name, &asked).await {
            Ok(Some(found)) if !found.removed && spelling(&found.url) == asked => {
                if let Ok(url) = url::Url::parse(&found.url) {
                    if matches!(url.scheme(), "http" | "https") {
                        return (StatusCode::FOUND, [(header::LOCATION, url.as_str())])
                            .into_response();
                    }
                }
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "the archive was not read for /go"),
        }
    }
    leaving(to.as_str())
}

/// A page with the link, for the reader to follow (or not).
fn leaving(url: &str) -> Response {
    let mut href = String::new();
    escape(url, true, &mut href);
    let mut text = String::new();
    escape(url, false, &mut text);
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>A link from an embedded article</title></head><body>\
         <main><h1>A link from an embedded article</h1>\
         <p>The article you were reading links to another site:</p>\
         <p><a href=\"{href}\" rel=\"noopener noreferrer\">{text}</a></p></main></body></html>"
    );
    crate::html::page(
        StatusCode::OK,
        body,
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        "no-store",
    )
}
