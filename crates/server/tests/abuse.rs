//! Abuse, with the server binary as a real process: slow, silent, idle and
//! flooding connections; one address inflating views (a sliding window, an
//! IPv6 prefix, rotating `User-Agent`s, a dual-stack listener behind a
//! proxy); many readers at once in front of a slow, large or failing CMS;
//! one client's worst requests against the server's memory; files outside
//! `dist`; configurations that must be refused. `docs/security.md` has the
//! table of what was tried and what happened.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::header;
use support::{cms, Process, Tuning, FIREFOX};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
const BASE: u64 = 47;

/// A connection from `from` (any 127.0.0.0/8 address: each one a client).
async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(from.parse().unwrap(), 0))
        .unwrap();
    socket.connect(to).await.unwrap()
}

/// Seconds until the server closes `stream` (reading and dropping what it
/// sends), at most `limit`.
async fn closed_after(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(
            tokio::time::Instant::from_std(start + limit),
            stream.read(&mut buffer),
        )
        .await
        {
            Ok(Ok(0) | Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => {}
            Err(_) => return None,
        }
    }
}

/// Whether the server has closed `stream` within 300 ms.
async fn is_closed(stream: &mut TcpStream) -> bool {
    closed_after(stream, Duration::from_millis(300))
        .await
        .is_some()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn sqlite(dir: &Path) -> String {
    dir.join("views.db").display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_silent_and_idle_connections_are_closed_at_the_header_timeout() {
    let dir = temp();
    let tuning = Tuning {
        clients: "header_timeout_secs = 2".to_owned(),
        ..Tuning::default()
    };
    let server =
        Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms().await, &tuning).await;
    let limit = Duration::from_secs(8);
    // Sends nothing.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let silent = closed_after(&mut stream, limit).await;
    // A header line every half second, never the blank line.
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let (mut reader, mut writer) = slow.into_split();
    let dripping = tokio::spawn(async move {
        for n in 0..30 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if writer
                .write_all(format!("X-Drip-{n}: 1\r\n").as_bytes())
                .await
                .is_err()
            {
                return;
            }
        }
    });
    let start = Instant::now();
    let mut buffer = [0u8; 1024];
    let slowloris = loop {
        match tokio::time::timeout(limit, reader.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => break Some(start.elapsed()),
            Ok(Ok(_)) => {}
            Err(_) => break None,
        }
    };
    dripping.abort();
    // A whole request, its answer, then nothing: an idle keep-alive.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    while !answer.ends_with(b"ok") {
        let n = idle.read(&mut buffer).await.unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buffer[..n]);
    }
    let idle = closed_after(&mut idle, limit).await;
    for (what, after) in [
        ("silent", silent),
        ("slowloris", slowloris),
        ("idle keep-alive", idle),
    ] {
        let after =
            after.unwrap_or_else(|| panic!("a {what} connection still open after {limit:?}"));
        eprintln!("a {what} connection closed after {after:?}");
        assert!(
            after >= Duration::from_millis(1_500) && after <= Duration::from_secs(4),
            "a {what} connection closed after {after:?}, not at the 2 s header timeout"
        );
    }
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_flood_from_one_address_leaves_the_others_served() {
    let dir = temp();
    let tuning = Tuning {
        clients: "connections_per_address = 16\nmax_connections = 64\nheader_timeout_secs = 30"
            .to_owned(),
        ..Tuning::default()
    };
    let server =
        Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms().await, &tuning).await;
    // One address opens 100 connections and holds them.
    let mut flood = Vec::new();
    for _ in 0..100 {
        flood.push(connect_from("127.0.0.2", server.addr).await);
    }
    let mut held = 0;
    for stream in &mut flood {
        held += usize::from(!is_closed(stream).await);
    }
    assert_eq!(held, 16, "connections one address holds");
    // Another reader is served meanwhile.
    let other = reqwest::Client::builder()
        .local_address("127.0.0.3".parse::<IpAddr>().unwrap())
        .build()
        .unwrap();
    let started = Instant::now();
    let answer = other
        .get(server.url("/api/articles/seed"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    drop(other);
    // Three more addresses fill the total (64): a fifth is turned away, a
    // trusted proxy too.
    for from in ["127.0.0.4", "127.0.0.5", "127.0.0.6"] {
        for _ in 0..16 {
            flood.push(connect_from(from, server.addr).await);
        }
    }
    // The other reader's connection may take a moment to be let go.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut late = connect_from("127.0.0.7", server.addr).await;
    assert!(
        is_closed(&mut late).await,
        "past max_connections, a new connection is closed"
    );
    let mut proxy = connect_from("127.0.0.1", server.addr).await;
    assert!(
        is_closed(&mut proxy).await,
        "the total caps trusted proxies too"
    );
    // The flood goes: everyone is served again.
    drop(flood);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answer = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(answer.status(), 200);
}

/// POSTs a view of the seed through the trusted proxy (loopback), as
/// `address` with `agent`: the status, and `Retry-After`.
async fn view_as(
    client: &reqwest::Client,
    server: &Process,
    address: &str,
    agent: &str,
) -> (u16, Option<u64>) {
    let answer = client
        .post(server.url("/api/views/seed"))
        .header("x-forwarded-for", address)
        .header(header::USER_AGENT, agent)
        .send()
        .await
        .unwrap();
    let retry = answer
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok()?.parse().ok());
    (answer.status().as_u16(), retry)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn views_are_limited_as_configured_per_address_and_per_ipv6_prefix() {
    let dir = temp();
    let tuning = Tuning {
        per_minute: 10,
        ..Tuning::default()
    };
    let server =
        Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms().await, &tuning).await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for n in 0..30 {
        statuses.push(view_as(&client, &server, "203.0.113.9", &format!("{FIREFOX} {n}")).await);
    }
    let allowed = statuses.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(allowed, 10, "per_minute = 10, at once or not: {statuses:?}");
    assert!(statuses[10..]
        .iter()
        .all(|(s, retry)| *s == 429 && retry.is_some_and(|r| (1..=60).contains(&r))));
    // 150 addresses of one /64 are one client.
    let mut allowed = 0;
    for n in 0..150 {
        let address = format!("2001:db8:7:1::{n:x}");
        allowed += usize::from(view_as(&client, &server, &address, FIREFOX).await.0 == 200);
    }
    assert_eq!(allowed, 10, "one /64 is one client");
    // 30 prefixes are 30 clients, and 30 readers.
    let before = server.views().await;
    for n in 0..30 {
        let address = format!("2001:db8:8:{n:x}::1");
        assert_eq!(view_as(&client, &server, &address, FIREFOX).await.0, 200);
    }
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(server.views().await - before, 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_rotating_its_user_agent_adds_at_most_readers_per_address() {
    let dir = temp();
    let tuning = Tuning {
        readers_per_address: 20,
        ..Tuning::default()
    };
    let server =
        Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms().await, &tuning).await;
    let client = reqwest::Client::new();
    let mut counted = Vec::new();
    for address in ["203.0.113.10", "203.0.113.11", "2001:db8:9:1::5"] {
        let before = server.views().await;
        for n in 0..100 {
            // Within one /64, any address: still one client.
            let address = if address.contains(':') {
                format!("2001:db8:9:1::{n:x}")
            } else {
                address.to_owned()
            };
            let agent =
                format!("Mozilla/5.0 (X11; Linux x86_64; rv:{n}.0) Gecko/20100101 Firefox/{n}.0");
            assert_eq!(view_as(&client, &server, &address, &agent).await.0, 200);
        }
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        counted.push(server.views().await - before);
    }
    assert_eq!(
        counted,
        vec![20, 20, 20],
        "readers per address per article per day"
    );
    assert!(server.views().await >= BASE + 60);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dual_stack_listener_believes_its_ipv4_proxy() {
    if std::net::TcpListener::bind("[::]:0").is_err() {
        eprintln!("no IPv6 here: skipped, not passed");
        return;
    }
    let dir = temp();
    let tuning = Tuning {
        host: "[::]",
        per_minute: 5,
        ..Tuning::default()
    };
    let server =
        Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms().await, &tuning).await;
    let client = reqwest::Client::new();
    let before = server.views().await;
    // The proxy (127.0.0.1, seen as ::ffff:127.0.0.1) forwards 20 readers.
    for n in 0..20 {
        let status = view_as(&client, &server, &format!("198.51.100.{n}"), FIREFOX)
            .await
            .0;
        assert_eq!(
            status, 200,
            "reader {n}: the proxy's X-Forwarded-For was not believed"
        );
    }
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(server.views().await - before, 20);
}

/// An RSS feed of `items` items of about `bytes` bytes each.
fn big_feed(items: usize, bytes: usize) -> String {
    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Big</title><link>https://big.example/</link>\n",
    );
    let paragraph = "<p>Port capacity in the Far East grew again this year, and the new container terminal took its first ships.</p>";
    for n in 0..items {
        let body = paragraph.repeat(bytes / paragraph.len());
        feed.push_str(&format!(
            "<item><title>Item {n}</title><link>https://big.example/news/{n}/</link><guid>https://big.example/news/{n}/</guid>\
             <pubDate>Mon, 06 Oct 2025 10:00:00 +0300</pubDate><description><![CDATA[{body}]]></description></item>\n"
        ));
    }
    feed.push_str("</channel></rss>\n");
    feed
}

/// A CMS for the load tests of the fetcher: `/big.rss` (7.5 MB, 1,000
/// items) after `delay`, `/down` (500); each request counted.
async fn counting_cms(delay: Duration) -> (SocketAddr, Arc<AtomicU64>, Arc<AtomicU64>) {
    let feed = Arc::new(big_feed(1_000, 7_500));
    let (big, down) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let app = axum::Router::new()
        .route(
            "/big.rss",
            axum::routing::get({
                let big = big.clone();
                move || {
                    big.fetch_add(1, Ordering::SeqCst);
                    let feed = feed.clone();
                    async move {
                        tokio::time::sleep(delay).await;
                        (
                            [(header::CONTENT_TYPE, "application/rss+xml")],
                            (*feed).clone(),
                        )
                    }
                }
            }),
        )
        .route(
            "/down",
            axum::routing::get({
                let down = down.clone();
                move || {
                    down.fetch_add(1, Ordering::SeqCst);
                    async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down") }
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, big, down)
}

fn big_sources(cms: SocketAddr) -> String {
    format!(
        "[[source]]\nname = \"big\"\nurl = \"http://{cms}/big.rss\"\n\
         [[source]]\nname = \"down\"\nurl = \"http://{cms}/down\"\n"
    )
}

/// `article_mappings_total` from the server's metrics.
async fn mappings(server: &Process) -> u64 {
    server
        .metrics()
        .await
        .lines()
        .find_map(|l| l.strip_prefix("article_mappings_total "))
        .map_or(0, |n| n.trim().parse().unwrap())
}

/// `n` GETs of `path` at once, from the trusted proxy as `n` readers.
async fn at_once(server: &Process, path: &str, n: usize) -> Vec<u16> {
    let client = reqwest::Client::new();
    let requests = (0..n).map(|i| {
        let (client, url) = (client.clone(), server.url(path));
        tokio::spawn(async move {
            client
                .get(url)
                .header("x-forwarded-for", format!("192.0.2.{}", i % 250))
                .send()
                .await
                .map_or(0, |r| r.status().as_u16())
        })
    });
    let mut statuses = Vec::new();
    for request in requests.collect::<Vec<_>>() {
        statuses.push(request.await.unwrap());
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cms_is_asked_and_a_document_mapped_once_however_many_readers_ask() {
    let dir = temp();
    let (cms, big, down) = counting_cms(Duration::from_millis(300)).await;
    let tuning = Tuning {
        sources: big_sources(cms),
        upstream: "retry_secs = 30".to_owned(),
        ..Tuning::default()
    };
    let server = Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms, &tuning).await;
    let item = "/api/articles/big?item=https://big.example/news/5/";
    // 50 readers of one article, the cache cold: one request, one mapping.
    let before = mappings(&server).await;
    let statuses = at_once(&server, item, 50).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(big.load(Ordering::SeqCst), 1, "CMS requests for 50 readers");
    assert_eq!(
        mappings(&server).await - before,
        1,
        "mappings for 50 readers"
    );
    // 40 readers of an item the feed does not have, twice: one mapping.
    let unknown = "/api/articles/big?item=https://big.example/news/none/";
    let before = mappings(&server).await;
    for _ in 0..2 {
        let statuses = at_once(&server, unknown, 40).await;
        assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
    }
    assert_eq!(
        mappings(&server).await - before,
        0,
        "an item the feed does not list costs no mapping"
    );
    // A CMS failing, nothing cached: 40 at once, then 40 one by one.
    let statuses = at_once(&server, "/api/articles/down", 40).await;
    assert!(statuses.iter().all(|s| *s == 503), "{statuses:?}");
    for _ in 0..40 {
        assert_eq!(at_once(&server, "/api/articles/down", 1).await, vec![503]);
    }
    assert_eq!(
        down.load(Ordering::SeqCst),
        1,
        "a failing CMS asked once per retry_secs"
    );
}

/// The server's peak resident memory (`VmHWM`), in MB.
fn peak_mb(server: &Process) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb / 1024.0
}

/// What `docs/publishing.md` promises: the server's peak memory under one
/// client's worst requests against a 7.5 MB feed, in MB.
const MEMORY_BUDGET_MB: f64 = 256.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_clients_worst_requests_stay_within_the_memory_budget() {
    let dir = temp();
    let (cms, _, _) = counting_cms(Duration::ZERO).await;
    let tuning = Tuning {
        sources: big_sources(cms),
        ..Tuning::default()
    };
    let server = Process::start_with(BIN, dir.path(), &sqlite(dir.path()), cms, &tuning).await;
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicU64::new(0));
    let statuses = Arc::new(std::sync::Mutex::new(
        std::collections::BTreeMap::<u16, u64>::new(),
    ));
    // One address (not a proxy), as many connections as it may hold, each
    // sending the costliest requests there are in turn: unknown and known
    // items (each a mapping of the whole feed), oEmbed for unknown pages
    // (every source), views of unknown items, and 60 KB of headers.
    let attackers: Vec<_> = (0..32)
        .map(|_| {
            let (stop, next, statuses) = (stop.clone(), next.clone(), statuses.clone());
            let base = format!("http://{}", server.addr);
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .local_address("127.0.0.9".parse::<IpAddr>().unwrap())
                    .timeout(Duration::from_secs(30))
                    .build()
                    .unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let request = match n % 5 {
                        0 => client.get(format!("{base}/api/articles/big?item=unknown-{n}")),
                        1 => client.get(format!(
                            "{base}/api/articles/big?item=https://big.example/news/{}/",
                            n % 1_000
                        )),
                        2 => {
                            client.get(format!("{base}/oembed?url=https://big.example/nowhere/{n}"))
                        }
                        3 => client
                            .post(format!("{base}/api/views/big?item=x{n}"))
                            .header(header::USER_AGENT, FIREFOX),
                        _ => client
                            .get(format!("{base}/healthz"))
                            .header("x-padding", "a".repeat(60_000)),
                    };
                    let status = request.send().await.map_or(0, |r| r.status().as_u16());
                    *statuses.lock().unwrap().entry(status).or_default() += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(12)).await;
    // Another reader is still served while it goes on.
    let started = Instant::now();
    let answer = reqwest::get(server.url("/api/articles/big?item=https://big.example/news/7/"))
        .await
        .unwrap();
    let other_waited = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for attacker in attackers {
        attacker.await.unwrap();
    }
    let peak = peak_mb(&server);
    eprintln!(
        "one client's worst requests for 12 s: {:?}; peak RSS {peak:.0} MB; another reader waited {other_waited:?}",
        statuses.lock().unwrap()
    );
    assert!(answer.status().is_success());
    assert!(peak < MEMORY_BUDGET_MB, "peak RSS {peak:.0} MB");
    // It waited for a few mappings at most, not for the client's queue.
    assert!(
        other_waited < Duration::from_secs(3),
        "another reader waited {other_waited:?}"
    );
}

#[tokio::test]
async fn only_regular_files_inside_dist_are_served() {
    use tower::ServiceExt;
    let outside = temp();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let dist = temp();
    let root = dist.path();
    std::fs::write(root.join("embed.js"), "export {}").unwrap();
    std::fs::write(root.join(".env"), "DATABASE_PASSWORD=1").unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "[core]").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("outside")).unwrap();
    let files = article_embed_server::static_files::static_files(root);
    for (path, status) in [
        ("/embed.js", 200),
        ("/.env", 404),
        ("/.git/config", 404),
        ("/%2egit/config", 404),
        ("/leak.txt", 404),
        ("/outside/secret.txt", 404),
        ("/../secret.txt", 404),
        ("/%2e%2e/secret.txt", 404),
    ] {
        let request = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let answer = files.clone().oneshot(request).await.unwrap();
        assert_eq!(answer.status().as_u16(), status, "{path}");
    }
}

#[test]
fn configurations_the_server_cannot_run_with_are_refused_naming_the_key() {
    let dir = temp();
    let good = "public_url = \"https://p.example\"\ndatabase = \"views.db\"\n";
    let source = |url: &str| format!("[[source]]\nname = \"news\"\nurl = \"{url}\"\n");
    let cases: Vec<(String, &str)> = vec![
        (format!("{good}{}", source("not a url")), "source[1].url"),
        (format!("{good}{}", source("file:///etc/passwd")), "source[1].url"),
        (format!("{good}{}", source("ftp://p.example/feed.rss")), "source[1].url"),
        (format!("{good}{}", source("https://")), "source[1].url"),
        (format!("{good}{}", source("http://[::1")), "source[1].url"),
        (
            format!("public_url = \"javascript:alert(1)//\"\n{}", source("https://p.example/rss")),
            "public_url",
        ),
        (format!("public_url = \"publisher.example\"\n{}", source("https://p.example/rss")), "public_url"),
        (
            format!("public_url = \"https://p.example/?a=1\"\n{}", source("https://p.example/rss")),
            "public_url",
        ),
        (
            format!("{good}{}{}", source("https://p.example/a"), source("https://p.example/b")),
            "source[2].name",
        ),
        (
            format!("{good}{}[[source]]\nname = \"News\"\nurl = \"https://p.example/b\"\n", source("https://p.example/a")),
            "source[2].name",
        ),
        (
            format!("{good}[[source]]\nname = \"news\"\nurl = \"https://p.example/a\"\nformat = \"rsss\"\n"),
            "source[1].format",
        ),
        (format!("{good}[[source]]\nname = \"news/feed\"\nurl = \"https://p.example/a\"\n"), "source[1].name"),
        (format!("{good}[[source]]\nname = \"\"\nurl = \"https://p.example/a\"\n"), "source[1].name"),
        (format!("{good}[[source]]\nname = \"..\"\nurl = \"https://p.example/a\"\n"), "source[1].name"),
        (format!("{good}[[source]]\nname = \"news feed\"\nurl = \"https://p.example/a\"\n"), "source[1].name"),
        (good.to_owned(), "source"),
        (
            format!("{good}embed_js = \"data:text/javascript,alert(1)\"\n{}", source("https://p.example/a")),
            "embed_js",
        ),
        (
            format!("{good}trusted_proxies = [\"10.0.0.0/33\"]\n{}", source("https://p.example/a")),
            "trusted_proxies",
        ),
        (format!("{good}dist = \"/nonexistent/dist\"\n{}", source("https://p.example/a")), "dist"),
        (
            format!("{good}listen = \"127.0.0.1:9000\"\nmetrics_listen = \"127.0.0.1:9000\"\n{}", source("https://p.example/a")),
            "metrics_listen",
        ),
        (format!("{good}[views]\nper_minute = 0\n{}", source("https://p.example/a")), "views.per_minute"),
        (
            format!("{good}[upstream]\nfresh_secs = 600\nstale_secs = 60\n{}", source("https://p.example/a")),
            "upstream.stale_secs",
        ),
        (format!("{good}[clients]\nipv6_prefix = 0\n{}", source("https://p.example/a")), "clients.ipv6_prefix"),
        (format!("{good}[clients]\nmax_connections = 0\n{}", source("https://p.example/a")), "clients.max_connections"),
        (format!("{good}[views]\nper_minit = 60\n{}", source("https://p.example/a")), "per_minit"),
    ];
    for (n, (config, key)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad-{n}.toml"));
        std::fs::write(&path, config).unwrap();
        let mut child = std::process::Command::new(BIN)
            .args(["serve", "--config"])
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Refused at once; one that starts is killed and fails the test.
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{config}\nstarted: {said}");
        assert!(
            said.contains(key),
            "{config}\nsaid: {said}\nnot naming {key}"
        );
    }
    // And a good one is taken (checked without starting: the same check).
    let config = format!("{good}{}", source("https://p.example/a"));
    assert!(article_embed_server::config::Config::from_toml(&config).is_ok());
}
