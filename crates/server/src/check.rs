//! `article-embed-server check <URL of embed.js>`: asks a deployment for
//! the widget's files as a partner's page would, and reports every header
//! that page depends on.
//!
//! For `embed.js` and every file it loads (the content-hashed glue, wasm
//! and snippets): served (200), the right `Content-Type` (the wasm exactly
//! `application/wasm`, or browsers neither compile it while it streams nor
//! cache the compiled code), `Access-Control-Allow-Origin` (module scripts
//! and the wasm are fetched in CORS mode), compressed when asked, a
//! validator answering 304, and the caching docs/publishing.md asks for: the
//! hashed files immutable for a year, `embed.js` short-lived.

use reqwest::header::{HeaderMap, ACCEPT_ENCODING, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use reqwest::StatusCode;

/// One thing checked, and what was found.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The file checked (its URL).
    pub file: String,
    /// The header or property checked.
    pub what: &'static str,
    /// Whether it is as a partner's page needs it.
    pub ok: bool,
    /// What was found.
    pub found: String,
}

/// Why the deployment could not be checked at all.
#[derive(Debug)]
pub struct CheckError(pub String);

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CheckError {}

/// Checks `embed.js` at `url` and every file it loads.
pub async fn check(url: &str) -> Result<Vec<Finding>, CheckError> {
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| CheckError(e.to_string()))?;
    let base = reqwest::Url::parse(url).map_err(|e| CheckError(format!("{url}: {e}")))?;
    let embed = client
        .get(base.clone())
        .send()
        .await
        .map_err(|e| CheckError(format!("{url}: {e}")))?;
    let mut findings = Vec::new();
    let status = embed.status();
    let headers = embed.headers().clone();
    let text = embed.text().await.map_err(|e| CheckError(e.to_string()))?;
    expect(
        &mut findings,
        "embed.js",
        "served",
        status == StatusCode::OK,
        status.to_string(),
    );
    common(&mut findings, "embed.js", &headers, "javascript", false);
    let files = referenced_files(&text);
    expect(
        &mut findings,
        "embed.js",
        "names the glue and the wasm",
        files.iter().any(|f| f.ends_with(".wasm")) && files.iter().any(|f| f.ends_with(".js")),
        files.join(", "),
    );
    for file in files {
        let Ok(file_url) = base.join(&file) else {
            continue;
        };
        let response = client
            .get(file_url.clone())
            .header(ACCEPT_ENCODING, "br, gzip")
            .send()
            .await
            .map_err(|e| CheckError(format!("{file_url}: {e}")))?;
        let status = response.status();
        let headers = response.headers().clone();
        expect(
            &mut findings,
            &file,
            "served",
            status == StatusCode::OK,
            status.to_string(),
        );
        let kind = if file.ends_with(".wasm") {
            "wasm"
        } else {
            "javascript"
        };
        common(&mut findings, &file, &headers, kind, true);
        let encoding = header(&headers, "content-encoding");
        expect(
            &mut findings,
            &file,
            "compressed (brotli or gzip) when asked",
            encoding == "br" || encoding == "gzip",
            if encoding.is_empty() {
                "not compressed".to_owned()
            } else {
                encoding
            },
        );
        // Revalidation: a browser asking again gets 304, not the bytes.
        let mut again = client.get(file_url.clone());
        let etag = header(&headers, "etag");
        let modified = header(&headers, "last-modified");
        if !etag.is_empty() {
            again = again.header(IF_NONE_MATCH, etag.as_str());
        }
        if !modified.is_empty() {
            again = again.header(IF_MODIFIED_SINCE, modified.as_str());
        }
        let revalidated = again.send().await.map(|r| r.status()).ok();
        expect(
            &mut findings,
            &file,
            "answers a conditional request with 304",
            revalidated == Some(StatusCode::NOT_MODIFIED),
            revalidated.map_or("no answer".to_owned(), |s| s.to_string()),
        );
    }
    Ok(findings)
}

/// The `./…` files `embed.js` names: glue, wasm, snippets.
pub fn referenced_files(embed_js: &str) -> Vec<String> {
    let mut files = Vec::new();
    for quoted in embed_js.split('"').skip(1).step_by(2) {
        if quoted.starts_with("./") && (quoted.ends_with(".js") || quoted.ends_with(".wasm")) {
            let file = quoted.to_owned();
            if !files.contains(&file) {
                files.push(file);
            }
        }
    }
    files
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Type, CORS and caching, for the entry point or a hashed file.
fn common(findings: &mut Vec<Finding>, file: &str, headers: &HeaderMap, kind: &str, hashed: bool) {
    let content_type = header(headers, "content-type");
    let type_ok = match kind {
        "wasm" => content_type == "application/wasm",
        _ => content_type.contains("javascript"),
    };
    let what = if kind == "wasm" {
        "Content-Type exactly application/wasm"
    } else {
        "Content-Type JavaScript"
    };
    expect(findings, file, what, type_ok, content_type);
    let cors = header(headers, "access-control-allow-origin");
    expect(
        findings,
        file,
        "Access-Control-Allow-Origin: *",
        cors == "*",
        cors,
    );
    let cache = header(headers, "cache-control").to_ascii_lowercase();
    let max_age = cache
        .split(',')
        .find_map(|d| d.trim().strip_prefix("max-age=")?.parse::<u64>().ok())
        .unwrap_or(0);
    if hashed {
        expect(
            findings,
            file,
            "cached immutable for a year (content-hashed)",
            cache.contains("immutable") && max_age >= 31_536_000,
            cache,
        );
    } else {
        expect(
            findings,
            file,
            "cached briefly, so fixes reach partners (an hour at most)",
            !cache.contains("immutable") && (1..=3600).contains(&max_age),
            cache,
        );
    }
}

fn expect(findings: &mut Vec<Finding>, file: &str, what: &'static str, ok: bool, found: String) {
    findings.push(Finding {
        file: file.to_owned(),
        what,
        ok,
        found,
    });
}

#[cfg(test)]
mod tests {
    use super::referenced_files;

    #[test]
    fn the_loader_names_its_files() {
        let embed = r#"const wasm = fetch(here("./article-embed-c7d7b5f00926a1f4_bg.wasm"));
for (const snippet of ["./snippets/article-embed-45b9f5bb85df2541/src/element.js"]) import(here(snippet));
globalThis[key] = import(here("./article-embed-c7d7b5f00926a1f4.js"));
console.error("article-embed: could not start");"#;
        assert_eq!(
            referenced_files(embed),
            [
                "./article-embed-c7d7b5f00926a1f4_bg.wasm",
                "./snippets/article-embed-45b9f5bb85df2541/src/element.js",
                "./article-embed-c7d7b5f00926a1f4.js"
            ]
        );
    }
}
