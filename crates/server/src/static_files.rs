//! The widget's `dist/`, served as partners' pages need it: the wasm as
//! exactly `application/wasm` (streaming compilation, and Chromium's cache of
//! compiled code), content-hashed files immutable for a year, the fixed
//! names (`embed.js`, `frame.html`, …) for five minutes so fixes reach
//! partners, CORS for module scripts and the wasm, brotli or gzip as the
//! browser asks, and `Last-Modified` / 304.
//!
//! Only regular files inside `dist` are served: no dotfile or dot-folder
//! (`.env`, `.git/config`), and no symlink that leads out of `dist`
//! (checked on the path as resolved, after every link is followed). The
//! rest is 404, as a missing file is: what is refused is not told apart.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The router serving `dist` (the app answers `frame.html` itself: see
/// [`frame_page`]).
pub fn static_files(dist: &Path) -> Router {
    // Resolved once: `dist` itself may be a link (a deploy's `current`).
    let root = Arc::new(dist.canonicalize().unwrap_or_else(|_| dist.to_owned()));
    Router::new()
        .fallback_service(ServeDir::new(dist).precompressed_br().precompressed_gzip())
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let root = root.clone();
            async move {
                if servable(&root, request.uri().path()).is_none() {
                    return StatusCode::NOT_FOUND.into_response();
                }
                next.run(request).await
            }
        }))
        .layer(middleware::from_fn(headers))
}

/// `frame.html` from `dist`, its policy naming `origin` (the origin
/// readers reach this server at) beside `'self'`.
///
/// Under a host's `sandbox="allow-scripts"` (WordPress) the frame's origin
/// is opaque, and WebKit then matches nothing to `'self'`: `frame.js`
/// would be refused. Naming the origin it is served from keeps the policy
/// as strict, in every engine.
pub async fn frame_page(dist: &Path, origin: &str) -> Option<String> {
    let root = dist.canonicalize().ok()?;
    let file = servable(&root, "/frame.html")?;
    let page = tokio::fs::read_to_string(&file).await.ok()?;
    Some(page.replace("script-src 'self'", &format!("script-src 'self' {origin}")))
}

/// The headers every file of `dist` is served with, for `path`.
pub fn file_headers(path: &str) -> [(header::HeaderName, HeaderValue); 3] {
    [
        (
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control(path)),
        ),
    ]
}

/// The file a URL path names inside `root`, when it may be served: a
/// regular file (a folder's `index.html`), no part of the path starting
/// with a dot, resolved inside `root`.
pub fn servable(root: &Path, path: &str) -> Option<PathBuf> {
    let mut file = root.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let decoded = percent_decode(segment)?;
        // `..`, `.env`, `.git`: no dot at the start of any part; no part
        // that is not a plain name once decoded (`a/b`, `a\b`, NUL).
        if decoded.starts_with('.') || decoded.contains(['/', '\\', '\0']) {
            return None;
        }
        let mut parts = Path::new(&decoded).components();
        if !matches!(
            (parts.next(), parts.next()),
            (Some(Component::Normal(_)), None)
        ) {
            return None;
        }
        file.push(decoded);
    }
    let mut resolved = file.canonicalize().ok()?;
    if resolved.is_dir() {
        resolved = resolved.join("index.html").canonicalize().ok()?;
    }
    (resolved.starts_with(root) && resolved.metadata().ok()?.is_file()).then_some(resolved)
}

/// `%XX` decoded, as the file server decodes a path; `None` if not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
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
    use super::{cache_control, servable};

    #[test]
    fn only_regular_files_inside_dist_are_servable() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let dist = tempfile::tempdir().unwrap();
        let root = dist.path().canonicalize().unwrap();
        std::fs::write(root.join("embed.js"), "js").unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join(".env"), "KEY=1").unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "c").unwrap();
        std::fs::create_dir(root.join("snippets")).unwrap();
        std::fs::write(root.join("snippets/a.js"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("out")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("outdir")).unwrap();
        std::os::unix::fs::symlink(root.join("embed.js"), root.join("alias.js")).unwrap();
        assert_eq!(servable(&root, "/embed.js"), Some(root.join("embed.js")));
        assert_eq!(servable(&root, "/"), Some(root.join("index.html")));
        assert_eq!(
            servable(&root, "/snippets/a.js"),
            Some(root.join("snippets/a.js"))
        );
        // A link inside dist to a file inside dist is that file.
        assert_eq!(servable(&root, "/alias.js"), Some(root.join("embed.js")));
        for refused in [
            "/.env",
            "/%2eenv",
            "/.git/config",
            "/%2Egit/config",
            "/out",
            "/outdir/secret",
            "/../secret",
            "/snippets/%2e%2e/.env",
            "/snippets%2F..%2F.env",
            "/embed.js%00",
            "/missing.js",
            "/snippets",
        ] {
            assert_eq!(servable(&root, refused), None, "{refused}");
        }
    }

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
