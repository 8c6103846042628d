//! `article-embed-server import`, the binary as a real process: the
//! WordPress export in `../shared/corpora/wp-src/` into SQLite and
//! PostgreSQL, twice (nothing changes); `kill -9` mid-import, then the
//! import again (it goes on, nothing lost or doubled); a paged WordPress
//! feed and an RFC 5005 Atom chain by URL; the imported articles served
//! by the server from the archive.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use sqlx::Connection;
use support::{Process, Tuning};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");

fn wxr() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/wp-src/themeunittestdata.wordpress.xml");
    if path.exists() {
        Some(path)
    } else {
        eprintln!("../shared/corpora is absent: skipped, not passed");
        None
    }
}

/// The export's published posts and pages: (link, title), read with an XML
/// parser, not with the importer's own reading.
fn published(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    // Exports say http:// or https:// for the same namespace.
    let field = |item: roxmltree::Node, wp: bool, name: &str| {
        item.children()
            .find(|c| {
                c.tag_name().name() == name
                    && c.tag_name()
                        .namespace()
                        .is_some_and(|n| n.contains("wordpress.org/export/"))
                        == wp
            })
            .and_then(|c| c.text())
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    document
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .filter(|item| {
            matches!(field(*item, true, "post_type").as_str(), "post" | "page")
                && field(*item, true, "status") == "publish"
        })
        .map(|item| (field(item, false, "link"), field(item, false, "title")))
        .collect()
}

fn config(dir: &Path, database: &str, cms: SocketAddr) -> PathBuf {
    let path = dir.join(format!("import-{}.toml", support::free_port()));
    std::fs::write(
        &path,
        format!(
            "public_url = \"http://127.0.0.1\"\ndatabase = \"{database}\"\n\
             [[source]]\nname = \"blog\"\nurl = \"http://{cms}/feed/\"\n"
        ),
    )
    .unwrap();
    path
}

/// Runs `import`; its exit status and its last progress line.
fn import(config: &Path, what: &str) -> (bool, String) {
    let out = Command::new(BIN)
        .args(["import", "--source", "blog", "--config"])
        .arg(config)
        .arg(what)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    let last = said.lines().last().unwrap_or_default().to_owned();
    (out.status.success(), last)
}

/// Articles in the archive.
async fn archived(database: &str) -> i64 {
    let query = "SELECT count(*) FROM archive";
    if database.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(database).await.unwrap();
        sqlx::query_scalar(query).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{database}"))
            .await
            .unwrap();
        sqlx::query_scalar(query).fetch_one(&mut c).await.unwrap()
    }
}

/// A CMS whose feed lists nothing any more; `/paged/?paged=N` (10 items
/// each, 404 past the third), `/atom/N` (an Atom chain of 3 pages).
async fn cms() -> SocketAddr {
    async fn paged(
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> axum::response::Response {
        let page: usize = q.get("paged").and_then(|p| p.parse().ok()).unwrap_or(1);
        if page > 3 {
            return (StatusCode::NOT_FOUND, "no such page").into_response();
        }
        let items: String = (0..10)
            .map(|i| {
                let n = (page - 1) * 10 + i;
                format!("<item><title>Paged {n}</title><link>https://blog.example/paged/{n}/</link><description>Text {n}.</description></item>")
            })
            .collect();
        (
            [(header::CONTENT_TYPE, "application/rss+xml")],
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Blog</title><link>https://blog.example/</link>{items}</channel></rss>"),
        )
            .into_response()
    }
    async fn atom(
        State(base): State<String>,
        axum::extract::Path(page): axum::extract::Path<usize>,
    ) -> axum::response::Response {
        let next = if page < 3 {
            format!("<link rel=\"next\" href=\"{base}/atom/{}\"/>", page + 1)
        } else {
            String::new()
        };
        let entries: String = (0..5)
            .map(|i| {
                let n = (page - 1) * 5 + i;
                format!("<entry><title>Atom {n}</title><id>urn:atom:{n}</id><link href=\"https://blog.example/atom/{n}/\"/><updated>2024-01-0{}T00:00:00Z</updated><content type=\"html\">&lt;p&gt;Entry {n}.&lt;/p&gt;</content></entry>", page)
            })
            .collect();
        (
            [(header::CONTENT_TYPE, "application/atom+xml")],
            format!("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title><id>urn:blog</id><updated>2024-01-01T00:00:00Z</updated>{next}{entries}</feed>"),
        )
            .into_response()
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route(
            "/feed/",
            axum::routing::get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/rss+xml")],
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Blog</title><link>https://blog.example/</link><item><title>Today</title><link>https://blog.example/today/</link><description>Only today.</description></item></channel></rss>",
                )
            }),
        )
        .route("/paged/", axum::routing::get(paged))
        .route("/atom/{page}", axum::routing::get(atom))
        .with_state(format!("http://{addr}"));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wordpress_export_is_imported_once_and_served_from_the_archive() {
    let Some(wxr) = wxr() else { return };
    let expected = published(&wxr);
    assert!(
        expected.len() >= 20,
        "{} published posts and pages",
        expected.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let cms = cms().await;
    for (name, database) in support::stores(dir.path()).await {
        let config = config(dir.path(), &database, cms);
        let (ok, said) = import(&config, wxr.to_str().unwrap());
        assert!(ok, "{name}: {said}");
        let count = archived(&database).await;
        assert_eq!(count, expected.len() as i64, "{name}: {said}");
        // Twice: nothing changes.
        let (ok, again) = import(&config, wxr.to_str().unwrap());
        assert!(ok, "{name}: {again}");
        assert!(again.contains(" 0 archived"), "{name}: {again}");
        assert_eq!(archived(&database).await, count);
        // The server answers an imported post that no feed lists.
        let tuning = Tuning {
            sources: format!("[[source]]\nname = \"blog\"\nurl = \"http://{cms}/feed/\"\n"),
            ..Tuning::default()
        };
        let server = Process::start_with(BIN, dir.path(), &database, cms, &tuning).await;
        for (link, title) in expected.iter().take(5) {
            let url = format!(
                "{}?item={}",
                server.url("/api/articles/blog"),
                url::form_urlencoded::byte_serialize(link.as_bytes()).collect::<String>()
            );
            let answer = reqwest::get(&url).await.unwrap();
            assert_eq!(answer.status(), 200, "{name}: {link}");
            let article: serde_json::Value = answer.json().await.unwrap();
            assert_eq!(
                article["title"].as_str().unwrap_or_default().trim(),
                title.trim(),
                "{name}: {link}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_import_then_again_loses_nothing_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("views.db").display().to_string();
    let config = config(dir.path(), &database, cms().await);
    let feed = dir.path().join("big.rss");
    let mut text = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Big</title><link>https://blog.example/</link>\n");
    for n in 0..3_000 {
        text.push_str(&format!(
            "<item><title>Item {n}</title><link>https://blog.example/{n}/</link><guid>urn:item:{n}</guid><description><![CDATA[<p>Article {n}, with an </item> in its text.</p>]]></description></item>\n"
        ));
    }
    text.push_str("</channel></rss>\n");
    std::fs::write(&feed, text).unwrap();
    let mut child = Command::new(BIN)
        .args(["import", "--source", "blog", "--config"])
        .arg(&config)
        .arg(&feed)
        .env("RUST_LOG", "error")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut read_before_kill = 0;
    for line in lines.by_ref() {
        let line = line.unwrap();
        let read: u64 = line
            .split(": ")
            .nth(2)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if read >= 500 {
            read_before_kill = read;
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(read_before_kill >= 500, "the import ended before the kill");
    let between = archived(&database).await;
    assert!(
        (500..3_000).contains(&between),
        "{between} archived at the kill"
    );
    let (ok, said) = import(&config, feed.to_str().unwrap());
    assert!(ok, "{said}");
    assert_eq!(archived(&database).await, 3_000, "{said}");
    // It went on from where the last saved batch was.
    let skipped: u64 = said
        .split(", ")
        .find_map(|p| p.strip_suffix(" skipped"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(skipped >= 500, "{said}");
    eprintln!("killed after {read_before_kill} read, {between} archived; then: {said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paged_feeds_are_imported_page_after_page() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("views.db").display().to_string();
    let cms = cms().await;
    let config = config(dir.path(), &database, cms);
    let (ok, said) = import(&config, &format!("http://{cms}/paged/"));
    assert!(ok, "{said}");
    assert_eq!(
        archived(&database).await,
        30,
        "WordPress's ?paged=N: {said}"
    );
    let (ok, said) = import(&config, &format!("http://{cms}/atom/1"));
    assert!(ok, "{said}");
    assert_eq!(archived(&database).await, 45, "RFC 5005's rel=next: {said}");
}
