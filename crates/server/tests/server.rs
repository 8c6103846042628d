//! The server end to end, over real sockets: a stand-in CMS on loopback
//! serving the project's own fixtures (and failing on demand), the server
//! on a real SQLite file and, where views are counted, on a real PostgreSQL
//! too (`AE_TEST_POSTGRES`, which `scripts/test.sh` sets: see
//! `scripts/postgres.sh`).

// Helpers of a test crate: a failing unwrap is a failing test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;
use std::time::Duration;

use article_embed_server::app::{router, AppState};
use article_embed_server::client::ClientRules;
use article_embed_server::config::Config;
use article_embed_server::upstream::Fetcher;
use article_embed_server::views::{Views, Writer};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::Value;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/api/feeds")
        .join(name)
}

/// A stand-in CMS: `/news.rss` (the Bitrix-shaped fixture, with an ETag),
/// `/news-1251.rss` (the same, in windows-1251), answering with `status`
/// while it is not 200.
async fn cms(status: Arc<AtomicU16>) -> SocketAddr {
    let rss = std::fs::read_to_string(fixture("news.rss")).unwrap();
    let cp1251 = {
        let text = rss
            .replacen("encoding=\"UTF-8\"", "encoding=\"windows-1251\"", 1)
            .replace("Opening Asia for Russia", "Открывая Азию для России");
        encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
    };
    let app = axum::Router::new()
        .route(
            "/news.rss",
            get({
                let status = status.clone();
                move |headers: HeaderMap| async move {
                    let code = status.load(Ordering::SeqCst);
                    if code != 200 {
                        return (StatusCode::from_u16(code).unwrap(), "down").into_response();
                    }
                    if headers
                        .get(header::IF_NONE_MATCH)
                        .is_some_and(|v| v == "\"v1\"")
                    {
                        return StatusCode::NOT_MODIFIED.into_response();
                    }
                    (
                        [
                            (header::CONTENT_TYPE, "application/rss+xml"),
                            (header::ETAG, "\"v1\""),
                        ],
                        rss,
                    )
                        .into_response()
                }
            }),
        )
        .route(
            "/seed.json",
            get(|| async {
                let seed = std::fs::read(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../../fixtures/api/articles/opening-asia-for-russia.json"),
                )
                .unwrap();
                ([(header::CONTENT_TYPE, "application/json")], seed)
            }),
        )
        .route(
            "/news-1251.rss",
            get(move || async move { ([(header::CONTENT_TYPE, "application/rss+xml")], cp1251) }),
        )
        .route(
            "/hang",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                "late"
            }),
        )
        .route(
            "/garbage",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    "{\"kind\": 1, \"data\": [",
                )
            }),
        )
        .route(
            "/bomb.rss",
            get(|| async {
                // Billion laughs.
                let mut dtd = String::from("<!DOCTYPE rss [<!ENTITY l0 \"lol\">");
                for i in 1..10 {
                    dtd.push_str(&format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10)));
                }
                dtd.push_str("]>");
                (
                    [(header::CONTENT_TYPE, "application/rss+xml")],
                    format!("<?xml version=\"1.0\"?>{dtd}<rss version=\"2.0\"><channel><title>T</title><item><title>&l9;</title><link>https://p.example/1</link></item></channel></rss>"),
                )
            }),
        )
        .route(
            "/deep.json",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
                )
            }),
        )
        .route(
            "/redirect",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, "http://127.0.0.2:9/elsewhere")],
                )
            }),
        );
    serve(app).await
}

async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

struct Server {
    addr: SocketAddr,
    writer: Option<Writer>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    async fn start(
        cms: SocketAddr,
        database: &str,
        dist: Option<&Path>,
        fresh_secs: u64,
    ) -> Server {
        let config = Config::from_toml(&format!(
            r#"
public_url = "http://publisher.example"
database = "{}"
{}
[upstream]
timeout_secs = 2
fresh_secs = {fresh_secs}
[views]
per_minute = 20
readers_per_address = 25
[[source]]
name = "news"
url = "http://{cms}/news.rss"
[[source]]
name = "news-1251"
url = "http://{cms}/news-1251.rss"
[[source]]
name = "seed"
url = "http://{cms}/seed.json"
[[source]]
name = "hang"
url = "http://{cms}/hang"
[[source]]
name = "garbage"
url = "http://{cms}/garbage"
[[source]]
name = "bomb"
url = "http://{cms}/bomb.rss"
[[source]]
name = "deep"
url = "http://{cms}/deep.json"
[[source]]
name = "redirect"
url = "http://{cms}/redirect"
"#,
            database,
            dist.map(|d| format!("dist = \"{}\"", d.display()))
                .unwrap_or_default(),
        ))
        .unwrap();
        let (views, writer) = Views::open(&config.store(), &config.views).await.unwrap();
        let fetcher = Fetcher::new(config.upstream.clone()).unwrap();
        let (limits, rules) = (config.clients.clone(), Arc::new(ClientRules::of(&config)));
        let app = router(AppState::new(config, fetcher, views));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(article_embed_server::serve::serve(
            listener,
            app,
            limits,
            rules,
            async move {
                let _ = stop.await;
            },
        ));
        Server {
            addr,
            writer: Some(writer),
            shutdown: Some(shutdown),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops as the binary does: the app goes, the writer commits what is
    /// queued and ends.
    async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(10), self.writer.take().unwrap())
            .await
            .unwrap()
            .unwrap();
    }
}

async fn json(response: reqwest::Response) -> (StatusCode, Value) {
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get_json(client: &reqwest::Client, url: &str) -> (StatusCode, Value) {
    json(client.get(url).send().await.unwrap()).await
}

async fn view(client: &reqwest::Client, url: &str, agent: &str) -> (StatusCode, Value) {
    json(
        client
            .post(url)
            .header("user-agent", agent)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn sqlite(dir: &tempfile::TempDir) -> String {
    dir.path().join("views.db").display().to_string()
}

/// Where views are kept in a test (`support::stores`), by URL or path.
async fn stores(dir: &Path) -> Vec<String> {
    support::stores(dir)
        .await
        .into_iter()
        .map(|(_, store)| store)
        .collect()
}

#[tokio::test]
async fn an_rss_feed_becomes_the_contract_and_its_views_count_once_per_reader() {
    let dir = tempfile::tempdir().unwrap();
    for database in stores(dir.path()).await {
        views_count_once_per_reader(&database).await;
    }
}

async fn views_count_once_per_reader(database: &str) {
    article_embed_server::metrics::handle();
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, database, None, 60).await;
    let client = reqwest::Client::new();

    let response = client
        .get(server.url("/api/articles/news"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let (status, article) = json(response).await;
    assert_eq!(status, StatusCode::OK, "{article}");
    assert_eq!(article["title"], "Opening Asia for Russia");
    assert_eq!(article["published_at"], "2021-08-29T10:15:00+03:00");
    assert_eq!(article["views"], 0);
    let views_url = article["views_url"].as_str().unwrap().to_owned();
    assert_eq!(views_url, "http://publisher.example/api/views/news");
    // The second item, by its guid.
    let (_, second) = get_json(
        &client,
        &server.url("/api/articles/news?item=news-container-terminal"),
    )
    .await;
    assert_eq!(
        second["title"],
        "A new container terminal opens at the port"
    );

    let views = server.url("/api/views/news");
    assert_eq!(view(&client, &views, FIREFOX).await.1["views"], 1);
    // The same reader again: not counted.
    assert_eq!(view(&client, &views, FIREFOX).await.1["views"], 1);
    // Another browser on the same address is another reader.
    assert_eq!(view(&client, &views, CHROME).await.1["views"], 2);
    // A crawler is shown the count and counted nowhere.
    assert_eq!(
        view(&client, &views, "Mozilla/5.0 (compatible; Googlebot/2.1)")
            .await
            .1["views"],
        2
    );
    let (_, article) = get_json(&client, &server.url("/api/articles/news")).await;
    assert_eq!(article["views"], 2);
    // Prometheus sees each outcome, by route pattern, never by raw path.
    let metrics = article_embed_server::metrics::render();
    for line in [
        "views_total{outcome=\"counted\"}",
        "views_total{outcome=\"seen\"}",
        "views_total{outcome=\"bot\"}",
        "http_requests_total{route=\"/api/views/{source}\",status=\"200\"}",
        "upstream_documents_total{outcome=\"fresh\"}",
        "view_commit_duration_seconds_bucket{le=\"0.05\"}",
        "view_batch_size_count",
    ] {
        assert!(metrics.contains(line), "{line} missing from:\n{metrics}");
    }
    assert!(!metrics.contains("/api/views/news"), "{metrics}");

    // Restarted on the same file: nothing acknowledged is lost.
    server.stop().await;
    let server = Server::start(cms, database, None, 60).await;
    let (_, article) = get_json(&client, &server.url("/api/articles/news")).await;
    assert_eq!(article["views"], 2);
    server.stop().await;
}

#[tokio::test]
async fn a_cms_count_is_counted_on_from() {
    let dir = tempfile::tempdir().unwrap();
    for database in stores(dir.path()).await {
        counted_on_from_the_cms(&database).await;
    }
}

async fn counted_on_from_the_cms(database: &str) {
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, database, None, 60).await;
    let client = reqwest::Client::new();
    let (_, article) = get_json(&client, &server.url("/api/articles/seed")).await;
    assert_eq!(
        (article["title"].as_str(), article["views"].as_u64()),
        (Some("Opening Asia for Russia"), Some(47))
    );
    assert_eq!(
        view(&client, &server.url("/api/views/seed"), FIREFOX)
            .await
            .1["views"],
        48
    );
    assert_eq!(
        view(&client, &server.url("/api/views/seed"), FIREFOX)
            .await
            .1["views"],
        48
    );
    server.stop().await;
}

#[tokio::test]
async fn many_views_at_once_are_each_stored_before_they_are_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    for database in stores(dir.path()).await {
        many_views_at_once(&database).await;
    }
}

async fn many_views_at_once(database: &str) {
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, database, None, 60).await;
    let client = reqwest::Client::new();
    let views = server.url("/api/views/news");
    // 20 readers (the per-minute limit of one address) at once: each a
    // different browser, all in a few group commits.
    let answers = futures_join((0..20).map(|i| {
        let (client, views) = (client.clone(), views.clone());
        async move { view(&client, &views, &format!("{FIREFOX} reader/{i}")).await }
    }))
    .await;
    let mut counts: Vec<u64> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, StatusCode::OK, "{body}");
            body["views"].as_u64().unwrap()
        })
        .collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=20).collect::<Vec<_>>(),
        "each view counted exactly once"
    );
    // The 21st from this address in the minute: refused, to be retried later.
    let response = client
        .post(&views)
        .header("user-agent", FIREFOX)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().contains_key("retry-after"));
    server.stop().await;
    // What was acknowledged is in the file.
    let server = Server::start(cms, database, None, 60).await;
    let (_, article) = get_json(&client, &server.url("/api/articles/news")).await;
    assert_eq!(article["views"], 20);
    server.stop().await;
}

#[tokio::test]
async fn instances_behind_a_load_balancer_share_one_postgresql() {
    let Ok(admin) = std::env::var("AE_TEST_POSTGRES") else {
        eprintln!("AE_TEST_POSTGRES is unset: skipped, not passed");
        return;
    };
    let database = support::fresh_postgres(&admin).await;
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let (a, b) = (
        Server::start(cms, &database, None, 60).await,
        Server::start(cms, &database, None, 60).await,
    );
    let client = reqwest::Client::new();
    // Readers land on either instance, at once; one of them on both.
    let answers = futures_join((0..30).map(|i| {
        let url = if i % 2 == 0 {
            a.url("/api/views/seed")
        } else {
            b.url("/api/views/seed")
        };
        let client = client.clone();
        let agent = format!("{FIREFOX} reader/{}", i.min(28));
        async move { view(&client, &url, &agent).await }
    }))
    .await;
    assert!(answers.iter().all(|(status, _)| *status == StatusCode::OK));
    // 47 from the CMS, and 29 browsers (the last two are one), all from one
    // address: 25 readers (`readers_per_address`), kept across both
    // instances, 15 views each, on either instance once its recent count (a
    // second) has been read again.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    for server in [&a, &b] {
        let (_, article) = get_json(&client, &server.url("/api/articles/seed")).await;
        assert_eq!(article["views"], 47 + 25);
    }
    // The daily counts agree too: 25 in all, per article and per partner.
    assert_eq!(support::daily_sums(&database).await, [25; 4]);
    a.stop().await;
    b.stop().await;
}

async fn futures_join<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_failing_cms_leaves_the_last_good_article_served() {
    let dir = tempfile::tempdir().unwrap();
    let status = Arc::new(AtomicU16::new(200));
    let cms = cms(status.clone()).await;
    // Nothing is fresh: every request asks the CMS again.
    let server = Server::start(cms, &sqlite(&dir), None, 0).await;
    let client = reqwest::Client::new();
    let (code, article) = get_json(&client, &server.url("/api/articles/news")).await;
    assert_eq!(
        (code, article["title"].as_str()),
        (StatusCode::OK, Some("Opening Asia for Russia"))
    );
    status.store(503, Ordering::SeqCst);
    for _ in 0..3 {
        let (code, article) = get_json(&client, &server.url("/api/articles/news")).await;
        assert_eq!(
            (code, article["title"].as_str()),
            (StatusCode::OK, Some("Opening Asia for Russia"))
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Never fetched, and the CMS hangs, answers garbage or redirects away:
    // a clear status, and the service goes on.
    let (code, body) = get_json(&client, &server.url("/api/articles/hang")).await;
    assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let (code, body) = get_json(&client, &server.url("/api/articles/garbage")).await;
    assert_eq!(code, StatusCode::BAD_GATEWAY);
    assert!(
        body["error"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );
    let (code, _) = get_json(&client, &server.url("/api/articles/redirect")).await;
    assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);
    let (code, _) = get_json(&client, &server.url("/api/articles/nope")).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn hostile_requests_and_documents_get_a_clear_status_and_leave_the_counts_intact() {
    let dir = tempfile::tempdir().unwrap();
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, &sqlite(&dir), None, 60).await;
    let client = reqwest::Client::new();
    let views = server.url("/api/views/seed");
    assert_eq!(view(&client, &views, FIREFOX).await.1["views"], 48);
    let status = |r: reqwest::Response| r.status().as_u16();
    // Oversized and malformed requests.
    let big = client
        .post(&views)
        .header("user-agent", CHROME)
        .body(vec![b'x'; 64 * 1024]);
    assert_eq!(status(big.send().await.unwrap()), 413);
    // An unknown item is 404, and not echoed whole; one past 2 KB is no
    // id, guid or URL and is refused unread.
    let (code, body) = get_json(
        &client,
        &server.url(&format!("/api/articles/news?item={}", "x".repeat(1_500))),
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND, "{body}");
    assert!(
        body["error"].as_str().unwrap().len() < 500,
        "the item is not echoed whole"
    );
    let (code, _) = get_json(
        &client,
        &server.url(&format!("/api/articles/news?item={}", "x".repeat(20_000))),
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    for path in ["/api/articles/%ff%fe", "/api/articles/news?item=%zz&item=1"] {
        let code = status(client.get(server.url(path)).send().await.unwrap());
        assert!((400..500).contains(&code), "{path}: {code}");
    }
    assert_eq!(status(client.put(&views).send().await.unwrap()), 405);
    // A forged Content-Type changes nothing: the body is never read.
    let forged = client
        .post(&views)
        .header("user-agent", FIREFOX)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("views=1000000");
    assert_eq!(json(forged.send().await.unwrap()).await.1["views"], 48);
    // Hostile documents: refused with the reason, quickly.
    let started = std::time::Instant::now();
    let (code, body) = get_json(&client, &server.url("/api/articles/bomb")).await;
    assert_eq!(code, StatusCode::BAD_GATEWAY);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("declares entities in its DTD"),
        "{body}"
    );
    let (code, _) = get_json(&client, &server.url("/api/articles/deep")).await;
    assert_eq!(code, StatusCode::BAD_GATEWAY);
    assert!(started.elapsed() < Duration::from_secs(2));
    // A flood from one client: refused past the limit, counted once.
    let mut refused = 0;
    for i in 0..40 {
        let (code, _) = view(&client, &views, &format!("{FIREFOX} flood/{i}")).await;
        refused += u32::from(code == StatusCode::TOO_MANY_REQUESTS);
    }
    assert!(refused >= 20, "{refused} refused");
    // The service and the counts are intact: 47, the reader, and the
    // flood's views up to the limit.
    let (code, article) = get_json(&client, &server.url("/api/articles/seed")).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(article["views"], 48 + (40 - refused));
    assert_eq!(
        status(client.get(server.url("/healthz")).send().await.unwrap()),
        200
    );
    server.stop().await;
}

#[tokio::test]
async fn oembed_answers_an_articles_page_url_with_a_headline_and_a_frame_or_the_element() {
    let dir = tempfile::tempdir().unwrap();
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, &sqlite(&dir), None, 60).await;
    let client = reqwest::Client::new();
    let page = "https://publisher.example/news/container-terminal/";
    let (code, answer) = get_json(
        &client,
        &server.url(&format!("/oembed?url={page}&maxwidth=500&maxheight=750")),
    )
    .await;
    assert_eq!(code, StatusCode::OK, "{answer}");
    assert_eq!(
        (answer["type"].as_str(), answer["version"].as_str()),
        (Some("rich"), Some("1.0"))
    );
    assert_eq!(
        answer["title"],
        "A new container terminal opens at the port"
    );
    assert_eq!(answer["width"], 500);
    let height = answer["height"].as_u64().unwrap();
    assert!((200..=750).contains(&height), "{height}");
    assert_eq!(answer["cache_age"], 3600);
    // The default: a headline WordPress, Drupal and Discourse keep, then
    // the frame for the article.
    let html = answer["html"].as_str().unwrap();
    assert!(
        html.starts_with(&format!(
            "<blockquote class=\"article-embed-fallback\"><a href=\"{page}\">A new container terminal opens at the port</a></blockquote><iframe src=\"http://publisher.example/frame.html?src=http%3A%2F%2Fpublisher.example%2Fapi%2Farticles%2Fnews%3Fitem%3Dhttps%253A%252F%252Fpublisher.example%252Fnews%252Fcontainer-terminal"
        )),
        "{html}"
    );
    assert!(html.contains(&format!(" width=\"500\" height=\"{height}\" title=\"A new container terminal opens at the port\"")), "{html}");
    // The element, for consumers that run scripts.
    let (_, answer) = get_json(
        &client,
        &server.url(&format!("/oembed?url={page}&maxwidth=500&embed=element")),
    )
    .await;
    let html = answer["html"].as_str().unwrap();
    assert!(html.starts_with("<article-embed src=\"http://publisher.example/api/articles/news?item=https%3A%2F%2Fpublisher.example%2Fnews%2Fcontainer-terminal"), "{html}");
    assert!(
        html.contains(&format!(
            "<a href=\"{page}\">A new container terminal opens at the port</a></article-embed>"
        )),
        "{html}"
    );
    assert!(
        html.ends_with(
            "<script type=\"module\" src=\"http://publisher.example/embed.js\"></script>"
        ),
        "{html}"
    );
    // The URL the element carries answers that very article.
    let src = html
        .split('"')
        .nth(1)
        .unwrap()
        .replace("http://publisher.example", "");
    let (_, article) = get_json(&client, &server.url(&src)).await;
    assert_eq!(
        article["title"],
        "A new container terminal opens at the port"
    );
    // XML, as the specification has it.
    let xml = client
        .get(server.url(&format!("/oembed?url={page}&format=xml")))
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 200);
    assert_eq!(xml.headers()["content-type"], "text/xml; charset=utf-8");
    let xml = xml.text().await.unwrap();
    assert!(xml.contains("<oembed><version>1.0</version><type>rich</type><title>A new container terminal opens at the port</title>"), "{xml}");
    assert!(xml.contains("<html>&lt;blockquote"), "{xml}");
    for (query, status) in [
        ("url=https://elsewhere.example/nothing", 404),
        ("url=javascript:alert(1)", 400),
        (&format!("url={page}&format=yaml") as &str, 501),
        (&format!("url={page}&embed=script") as &str, 400),
        ("", 400),
    ] {
        let response = client
            .get(server.url(&format!("/oembed?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{query}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_windows_1251_feed_is_read_in_its_own_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, &sqlite(&dir), None, 60).await;
    let (code, article) = get_json(
        &reqwest::Client::new(),
        &server.url("/api/articles/news-1251"),
    )
    .await;
    assert_eq!(
        (code, article["title"].as_str()),
        (StatusCode::OK, Some("Открывая Азию для России"))
    );
    server.stop().await;
}

#[tokio::test]
async fn the_widgets_files_are_served_with_the_headers_partners_need() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("snippets/article-embed-45b9f5bb85df2541/src")).unwrap();
    std::fs::write(
        dist.join("article-embed-36567c569dd15f13_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    let embed = format!(
        "const wasm = fetch(here(\"./article-embed-36567c569dd15f13_bg.wasm\"));\nfor (const s of [\"./snippets/article-embed-45b9f5bb85df2541/src/element.js\"]) import(here(s));\nimport(here(\"./article-embed-36567c569dd15f13.js\"));\n{}",
        "// padding\n".repeat(100)
    );
    std::fs::write(dist.join("embed.js"), embed).unwrap();
    std::fs::write(
        dist.join("article-embed-36567c569dd15f13.js"),
        "export default function init() {}\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        dist.join("snippets/article-embed-45b9f5bb85df2541/src/element.js"),
        "export {};",
    )
    .unwrap();
    let cms = cms(Arc::new(AtomicU16::new(200))).await;
    let server = Server::start(cms, &sqlite(&dir), Some(&dist), 60).await;
    let client = reqwest::Client::new();
    let wasm = client
        .get(server.url("/article-embed-36567c569dd15f13_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(wasm.headers()["access-control-allow-origin"], "*");
    let modified = wasm.headers()["last-modified"].clone();
    let again = client
        .get(server.url("/article-embed-36567c569dd15f13_bg.wasm"))
        .header("if-modified-since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let embed = client
        .get(server.url("/embed.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(embed.headers()["cache-control"], "public, max-age=300");
    assert_eq!(embed.headers()["content-encoding"], "br");
    let snippet = client
        .get(server.url("/snippets/article-embed-45b9f5bb85df2541/src/element.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        snippet.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // Nothing outside dist/.
    let escape = client.get(server.url("/../views.db")).send().await.unwrap();
    assert_eq!(escape.status(), 404);
    let escape = client
        .get(server.url("/%2e%2e/views.db"))
        .send()
        .await
        .unwrap();
    assert!(escape.status().is_client_error());
    server.stop().await;
}
