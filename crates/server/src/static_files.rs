//! The widget's `dist/`, served as partners' pages need it: the wasm as
//! exactly `application/wasm` (streaming compilation, and Chromium's cache of
//! compiled code), content-hashed files immutable for a year, the fixed
//! names (`embed.js`, `frame.html`, …) for five minutes so fixes reach
//! partners, CORS for module scripts and the wasm, brotli or gzip as the
//! browser asks, and `Last-Modified` / 304.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The router serving `dist`.
pub fn static_files(dist: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dist).precompressed_br().precompressed_gzip())
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(headers))
}

/// `Cache-Control` for a path: immutable for content-hashed files.
pub fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let hashed = path.contains("/snippets/")
        || name.strip_prefix("article-embed-").is_some_and(|rest| {
            rest.len() >= 16 && rest.bytes().take(16).all(|b| b.is_ascii_hexdigit())
        });
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    }
}

async fn headers(request: Request, next: Next) -> Response {
    let cache = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if response.status().is_success() || response.status().as_u16() == 304 {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::cache_control;

    #[test]
    fn hashed_files_are_immutable_and_fixed_names_short_lived() {
        let immutable = "public, max-age=31536000, immutable";
        assert_eq!(
            cache_control("/article-embed-36567c569dd15f13_bg.wasm"),
            immutable
        );
        assert_eq!(
            cache_control("/article-embed-36567c569dd15f13.js"),
            immutable
        );
        assert_eq!(
            cache_control("/snippets/article-embed-45b9f5bb85df2541/src/element.js"),
            immutable
        );
        assert_eq!(cache_control("/embed.js"), "public, max-age=300");
        assert_eq!(cache_control("/frame.html"), "public, max-age=300");
        assert_eq!(cache_control("/article-embed-x.js"), "public, max-age=300");
    }
}
