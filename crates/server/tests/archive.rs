//! The archive, with the server binary as a real process on real SQLite
//! files and PostgreSQL: an article that leaves the feed is served after
//! restarts, while the CMS is down, to every spelling of its link, and by
//! another instance on the same PostgreSQL; an edit reaches partners;
//! garbage, an empty feed or a feed of other items change nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, StatusCode};
use serde_json::Value;
use support::{Process, Tuning, FIREFOX};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
const LINK: &str = "https://publisher.example/news/opening-asia-for-russia/";
const TITLE: &str = "Opening Asia for Russia";

/// What the stand-in CMS answers at `/news.rss`: a status and a body.
type Answer = Arc<Mutex<(u16, String)>>;

async fn feed_cms(answer: Answer) -> SocketAddr {
    let app = axum::Router::new().route(
        "/news.rss",
        axum::routing::get(move || {
            let (status, body) = answer.lock().unwrap().clone();
            async move {
                (
                    StatusCode::from_u16(status).unwrap(),
                    [(header::CONTENT_TYPE, "application/rss+xml")],
                    body,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// The project's Bitrix-style feed (two items, the seed article first).
fn full_feed() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/api/feeds/news.rss"),
    )
    .unwrap()
}

/// The feed once the seed article has left it.
fn without_seed(feed: &str) -> String {
    let start = feed.find("<item>").unwrap();
    let end = feed[start..].find("</item>").unwrap() + start + "</item>".len();
    format!("{}{}", &feed[..start], &feed[end..])
}

fn tuning(cms: SocketAddr) -> Tuning {
    Tuning {
        fresh_secs: 0,
        upstream: "retry_secs = 1".to_owned(),
        sources: format!("[[source]]\nname = \"news\"\nurl = \"http://{cms}/news.rss\"\n"),
        ..Tuning::default()
    }
}

/// The answer for `item`, asked twice (the first may be the document as
/// it was, served while the CMS is asked again): status and JSON.
async fn article(server: &Process, item: &str) -> (u16, Value) {
    let url = format!(
        "{}?item={}",
        server.url("/api/articles/news"),
        urlencode(item)
    );
    let mut last = (0, Value::Null);
    for _ in 0..2 {
        let response = reqwest::get(&url).await.unwrap();
        let status = response.status().as_u16();
        last = (status, response.json().await.unwrap_or(Value::Null));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    last
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An answer without its live count, and its `views_url` without the
/// host (each restart of a test server takes another port): what must be
/// the same before and after the article left the feed.
fn without_views(mut answer: Value) -> Value {
    if let Some(fields) = answer.as_object_mut() {
        fields.remove("views");
        if let Some(Value::String(url)) = fields.get_mut("views_url") {
            *url = url
                .split_once("/api/")
                .map(|(_, path)| path.to_owned())
                .unwrap_or_default();
        }
    }
    answer
}

async fn view(server: &Process, agent: &str) -> u64 {
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}?item={}",
            server.url("/api/views/news"),
            urlencode(LINK)
        ))
        .header(header::USER_AGENT, agent)
        .header("x-forwarded-for", "203.0.113.50")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["views"].as_u64().unwrap()
}

async fn once_served_always_served(dir: &Path, database: &str) {
    let answer: Answer = Arc::new(Mutex::new((200, full_feed())));
    let cms = feed_cms(answer.clone()).await;
    let tuning = tuning(cms);
    let set = |status: u16, body: String| *answer.lock().unwrap() = (status, body);

    // Served while the feed lists it; a view counted.
    let mut server = Process::start_with(BIN, dir, database, cms, &tuning).await;
    // A link as partners paste it finds the item the feed lists, before
    // anyone asked for it by its exact link.
    let (status, other) = article(
        &server,
        "http://www.publisher.example/news/container-terminal?utm_source=partner#top",
    )
    .await;
    assert_eq!(
        (status, other["title"].as_str()),
        (200, Some("A new container terminal opens at the port")),
        "{database}"
    );
    let (status, first) = article(&server, LINK).await;
    assert_eq!(
        (status, first["title"].as_str()),
        (200, Some(TITLE)),
        "{database}"
    );
    assert_eq!(
        view(&server, FIREFOX).await,
        first["views"].as_u64().unwrap() + 1
    );

    // The feed forgets it; the server restarts: the same answer.
    set(200, without_seed(&full_feed()));
    server.terminate();
    let mut server = Process::start_with(BIN, dir, database, cms, &tuning).await;
    let (status, kept) = article(&server, LINK).await;
    assert_eq!(status, 200, "{database}: {kept}");
    assert_eq!(
        without_views(kept.clone()),
        without_views(first.clone()),
        "{database}"
    );
    // Its counter goes on counting.
    assert_eq!(
        kept["views"].as_u64(),
        first["views"].as_u64().map(|n| n + 1)
    );
    assert_eq!(
        view(&server, "Mozilla/5.0 (Macintosh) Safari/605").await,
        kept["views"].as_u64().unwrap() + 1
    );

    // Every spelling a shared link carries is the article.
    for spelling in [
        "http://www.publisher.example/news/opening-asia-for-russia?utm_source=telegram&utm_medium=social#comments",
        "https://publisher.example/news/opening-asia-for-russia",
        "https://publisher.example/news/opening-asia-for-russia/?fbclid=IwAR0abc",
    ] {
        let (status, answer) = article(&server, spelling).await;
        assert_eq!((status, answer["title"].as_str()), (200, Some(TITLE)), "{spelling}");
    }
    // Another path is another article: not found.
    let (status, _) = article(&server, "https://publisher.example/news/opening-asia").await;
    assert_eq!(status, 404);

    // An edit while the feed lists it again reaches partners…
    let edited = full_feed().replacen(TITLE, "Opening Asia for Russia, corrected", 1);
    set(200, edited);
    let (_, answer) = article(&server, LINK).await;
    assert_eq!(
        answer["title"], "Opening Asia for Russia, corrected",
        "{database}"
    );
    // …and nothing else changes what was served: garbage, an empty feed, a
    // feed of other items, a CMS that is down; each after a restart.
    let empty = without_seed(&without_seed(&full_feed()));
    for (status, body, what) in [
        (200, "\u{0}not a feed at all".to_owned(), "garbage"),
        (200, empty, "an empty feed"),
        (200, without_seed(&full_feed()), "a feed of other items"),
        (503, "down".to_owned(), "a CMS that is down"),
    ] {
        set(status, body);
        server.terminate();
        server = Process::start_with(BIN, dir, database, cms, &tuning).await;
        let (status, answer) = article(&server, LINK).await;
        assert_eq!(status, 200, "{database}, {what}: {answer}");
        assert_eq!(
            answer["title"], "Opening Asia for Russia, corrected",
            "{database}, {what}"
        );
    }

    // Withdrawn by the publisher, by any spelling of its link, while the
    // server runs and the CMS lists it again: 410 within REMOVALS_FRESH,
    // views too; after a restart at once.
    set(200, full_feed());
    let out = std::process::Command::new(BIN)
        .args(["remove", "--source", "news", "--config"])
        .arg(&server.config)
        .arg("http://www.publisher.example/news/opening-asia-for-russia?utm_campaign=x")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let mut status = 200;
    while status != 410 && std::time::Instant::now() < deadline {
        status = article(&server, LINK).await.0;
    }
    assert_eq!(status, 410, "{database}: withdrawn");
    let (_, gone) = article(&server, LINK).await;
    assert_eq!(gone["error"], "this article was removed by the publisher");
    let view = reqwest::Client::new()
        .post(format!(
            "{}?item={}",
            server.url("/api/views/news"),
            urlencode(LINK)
        ))
        .header(header::USER_AGENT, FIREFOX)
        .send()
        .await
        .unwrap();
    assert_eq!(view.status(), 410);
    server.terminate();
    let server = Process::start_with(BIN, dir, database, cms, &tuning).await;
    assert_eq!(
        article(&server, LINK).await.0,
        410,
        "{database}: withdrawn after a restart"
    );
    // The other article of the feed is untouched.
    assert_eq!(
        article(
            &server,
            "https://publisher.example/news/container-terminal/"
        )
        .await
        .0,
        200
    );
    // An item never served cannot be withdrawn by mistake: said so.
    let out = std::process::Command::new(BIN)
        .args(["remove", "--source", "news", "--config"])
        .arg(&server.config)
        .arg("https://publisher.example/news/never-published/")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_served_once_is_served_after_it_leaves_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    for (name, database) in support::stores(dir.path()).await {
        eprintln!("{name}");
        once_served_always_served(dir.path(), &database).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_instance_on_the_same_postgresql_serves_what_the_first_archived() {
    let Ok(admin) = std::env::var("AE_TEST_POSTGRES") else {
        eprintln!("AE_TEST_POSTGRES is unset: skipped, not passed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let database = support::fresh_postgres(&admin).await;
    let answer: Answer = Arc::new(Mutex::new((200, full_feed())));
    let cms = feed_cms(answer.clone()).await;
    let tuning = tuning(cms);
    let first = Process::start_with(BIN, dir.path(), &database, cms, &tuning).await;
    let (status, served) = article(&first, LINK).await;
    assert_eq!(status, 200);
    // The feed forgets it before the second instance ever saw it.
    *answer.lock().unwrap() = (200, without_seed(&full_feed()));
    let second = Process::start_with(BIN, dir.path(), &database, cms, &tuning).await;
    let (status, kept) = article(&second, LINK).await;
    assert_eq!(status, 200, "{kept}");
    assert_eq!(kept["title"], served["title"]);
    assert_eq!(kept["body_html"], served["body_html"]);
    drop(first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_article_api_answering_404_or_410_withdraws_the_article_until_it_serves_it_again() {
    let dir = tempfile::tempdir().unwrap();
    for (name, database) in support::stores(dir.path()).await {
        let seed = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../fixtures/api/articles/opening-asia-for-russia.json"),
        )
        .unwrap();
        let answer: Answer = Arc::new(Mutex::new((200, seed.clone())));
        // The same stand-in, its one document at /news.rss: a post's API.
        let cms = feed_cms(answer.clone()).await;
        let server = Process::start_with(BIN, dir.path(), &database, cms, &tuning(cms)).await;
        let get = || async {
            reqwest::get(server.url("/api/articles/news"))
                .await
                .unwrap()
                .status()
                .as_u16()
        };
        let settle = |want: u16| async move {
            let deadline = std::time::Instant::now() + Duration::from_secs(15);
            let mut got = 0;
            while std::time::Instant::now() < deadline {
                got = get().await;
                if got == want {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            got
        };
        assert_eq!(settle(200).await, 200, "{name}");
        for gone in [410, 404] {
            *answer.lock().unwrap() = (gone, "gone".to_owned());
            assert_eq!(settle(410).await, 410, "{name}: the CMS answers {gone}");
            // Served again by the CMS: served again here.
            *answer.lock().unwrap() = (200, seed.clone());
            assert_eq!(settle(200).await, 200, "{name}: the CMS serves it again");
        }
        // The publisher's withdrawal stands, whatever the CMS serves.
        let out = std::process::Command::new(BIN)
            .args(["remove", "--source", "news", "--config"])
            .arg(&server.config)
            .arg(LINK)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(settle(410).await, 410, "{name}");
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(get().await, 410, "{name}: withdrawn by the publisher");
    }
}
