//! The publisher's dashboard against hostile clients and content, with the
//! server binary as a real process on a real SQLite file: a listener of its
//! own, tokens refused in every form, sign-ins limited, headlines and
//! origins escaped in pages and disarmed in CSV, bad periods and keys
//! refused with a clear status, and the daily counts pruned as configured.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::net::SocketAddr;

use support::{cms, free_port, Process, Tuning};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
const TOKEN: &str = "dashboard-test-token-0123456789";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

async fn start(dir: &std::path::Path, database: &str, cms: SocketAddr, extra: &str) -> Process {
    let tuning = Tuning {
        sources: format!(
            "[[source]]\nname = \"seed\"\nurl = \"http://{cms}/seed.json\"\n{extra}\n"
        ),
        ..Tuning::default()
    };
    Process::start_with(BIN, dir, database, cms, &tuning).await
}

async fn sql(database: &str, query: &str) {
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{database}"))
        .await
        .unwrap();
    sqlx::query(query).execute(&mut c).await.unwrap();
}

#[tokio::test]
async fn a_listener_of_its_own_and_no_figure_without_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("views.db").display().to_string();
    let port = free_port();
    let server = start(
        dir.path(),
        &database,
        cms().await,
        &format!("[dashboard]\ntoken = \"{TOKEN}\"\nlisten = \"127.0.0.1:{port}\""),
    )
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Not on the public listener at all.
    let public = client
        .get(server.url("/dashboard/"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404);
    let own = |path: &str| format!("http://127.0.0.1:{port}{path}");
    // A view from a partner, to have a figure to hide.
    let view = client
        .post(server.url("/api/views/seed"))
        .header("user-agent", FIREFOX)
        .header("x-forwarded-for", "203.0.113.9")
        .body("https://partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(view.status(), 200);
    for (what, request) in [
        ("no token", client.get(own("/dashboard/api/partners.csv"))),
        (
            "a wrong token",
            client
                .get(own("/dashboard/api/partners.csv"))
                .bearer_auth("x".repeat(40)),
        ),
        (
            "the token as a cookie",
            client
                .get(own("/dashboard/api/partners.csv"))
                .header("cookie", format!("ae_dashboard={TOKEN}")),
        ),
        (
            "a basic header",
            client
                .get(own("/dashboard/api/partners.csv"))
                .basic_auth("publisher", Some(TOKEN)),
        ),
        (
            "an overlong token",
            client
                .get(own("/dashboard/api/partners.csv"))
                .bearer_auth("y".repeat(8000)),
        ),
    ] {
        let response = request.send().await.unwrap();
        let status = response.status();
        let cors = response
            .headers()
            .get("access-control-allow-origin")
            .cloned();
        let body = response.text().await.unwrap();
        assert!(status == 401 || status == 431, "{what}: {status}");
        assert!(!body.contains("partner.example"), "{what}: {body}");
        assert_eq!(cors, None, "{what}");
    }
    let page = client.get(own("/dashboard/")).send().await.unwrap();
    assert_eq!(page.status(), 401);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(page.text().await.unwrap().contains("name=\"token\""));
    // The browser's way in: a sign-in, then a cookie that is not the token.
    let signed = client
        .post(own("/dashboard/login"))
        .form(&[("token", TOKEN)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 303);
    let cookie = signed.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains(TOKEN));
    let session = cookie.split(';').next().unwrap().to_owned();
    let csv = client
        .get(own("/dashboard/api/partners.csv"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv
        .text()
        .await
        .unwrap()
        .contains("https://partner.example,1,"));
    // Guessing is limited: ten sign-ins a minute per client, then 429.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let answer = client
            .post(own("/dashboard/login"))
            .header("x-forwarded-for", "198.51.100.7")
            .form(&[("token", "guess-guess-guess-guess")])
            .send()
            .await
            .unwrap();
        statuses.push(answer.status().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

#[tokio::test]
async fn hostile_headlines_origins_and_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("views.db").display().to_string();
    let server = start(
        dir.path(),
        &database,
        cms().await,
        &format!("[dashboard]\ntoken = \"{TOKEN}\""),
    )
    .await;
    let client = reqwest::Client::new();
    // An archived article whose CMS headline is markup, viewed from a
    // partner whose origin looks like markup too (as far as a URL can).
    let key = "seed\n<script>alert(1)</script>";
    let title = "=HYPERLINK(\"http://evil.example\")<img src=x onerror=alert(1)>";
    let json =
        serde_json::json!({ "id": "x", "title": title, "url": "javascript:alert(1)" }).to_string();
    sql(
        &database,
        &format!(
            "INSERT INTO archive (article, source, json, hash, url, first_seen, last_seen) \
             VALUES ('{}', 'seed', '{}', x'00', 'javascript:alert(1)', 0, 0)",
            key.replace('\'', "''"),
            json.replace('\'', "''")
        ),
    )
    .await;
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    sql(
        &database,
        &format!(
            "INSERT INTO article_days (article, day, views) VALUES ('{}', {today}, 5); \
             INSERT INTO site_days (day, views) VALUES ({today}, 5); \
             INSERT INTO partner_days (partner, day, views) VALUES ('=cmd|'' /C calc''!A0', {today}, 5)",
            key.replace('\'', "''")
        ),
    )
    .await;
    let get = |path: &str| client.get(server.url(path)).bearer_auth(TOKEN).send();
    let page = get("/dashboard/?period=7d")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("<script>alert") && !page.contains("<img src=x"),
        "{page}"
    );
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let encoded: String = url::form_urlencoded::byte_serialize(key.as_bytes()).collect();
    let article = get(&format!("/dashboard/article?key={encoded}"))
        .await
        .unwrap();
    assert_eq!(article.status(), 200);
    let article = article.text().await.unwrap();
    // Escaped, and a page address that is not http(s) is shown, not linked.
    assert!(!article.contains("<script>alert"));
    assert!(!article.contains("href=\"javascript:"), "{article}");
    let csv = get("/dashboard/api/articles.csv?period=7d")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")<img src=x onerror=alert(1)>\""),
        "{csv}"
    );
    let partners = get("/dashboard/api/partners.csv?period=7d")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(partners.contains("'=cmd|' /C calc'!A0"), "{partners}");
    // Parameters: a clear 400 or 404, never a 500, never a long echo.
    for (path, status) in [
        ("/dashboard/api/days.json?from=2021-02-31", 400),
        (
            "/dashboard/api/days.json?from=1900-01-01&to=2026-01-01",
            400,
        ),
        (
            "/dashboard/api/days.json?from=2026-01-02&to=2026-01-01",
            400,
        ),
        ("/dashboard/api/days.json?period=forever", 400),
        ("/dashboard/api/days.xml", 404),
        ("/dashboard/api/secrets.json", 404),
        ("/dashboard/api/article-days.json", 400),
        ("/dashboard/article?key=nothing-here", 404),
        ("/dashboard/api/articles.json?limit=-5", 200),
        ("/dashboard/api/articles.json?limit=99999999999", 200),
        ("/dashboard/api/articles.json?limit=abc", 400),
    ] {
        let response = get(path).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert!(response.text().await.unwrap().len() < 20_000, "{path}");
    }
    // A view's body is an origin at most: over 1 KB is refused unread.
    let big = client
        .post(server.url("/api/views/seed"))
        .header("user-agent", FIREFOX)
        .body(format!("https://{}.example", "a".repeat(2000)))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    let long = format!("/dashboard/api/article-days.json?key={}", "k".repeat(6000));
    let response = get(&long).await.unwrap();
    assert_eq!(
        response.status(),
        200,
        "an unknown key has no views: every day 0"
    );
}

#[tokio::test]
async fn daily_counts_are_kept_as_configured() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("views.db").display().to_string();
    let today = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400) as i64;
    let cms = cms().await;
    // Started once to make the tables, then stopped before anything else
    // happened: no day has begun yet (no day key).
    let mut first = start(dir.path(), &database, cms, "").await;
    first.terminate();
    let ages = [0, 5, 30, 31, 400, 800];
    for age in ages {
        let day = today - age;
        sql(
            &database,
            &format!("INSERT INTO site_days (day, views) VALUES ({day}, 1)"),
        )
        .await;
        sql(
            &database,
            &format!("INSERT INTO article_days (article, day, views) VALUES ('k', {day}, 1)"),
        )
        .await;
        sql(
            &database,
            &format!("INSERT INTO partner_days (partner, day, views) VALUES ('p', {day}, 1)"),
        )
        .await;
        sql(&database, &format!("INSERT INTO article_partner_days (article, partner, day, views) VALUES ('k', 'p', {day}, 1)")).await;
    }
    let tuning = Tuning {
        views: "article_days_kept = 0\npartner_days_kept = 31\n".to_owned(),
        ..Tuning::default()
    };
    let server = Process::start_with(BIN, dir.path(), &database, cms, &tuning).await;
    // The day's first view begins the day: its key is made, and old days go.
    let view = reqwest::Client::new()
        .post(server.url("/api/views/seed"))
        .header("user-agent", FIREFOX)
        .body("https://partner.example")
        .send()
        .await
        .unwrap();
    assert_eq!(view.status(), 200);
    let count = |table: &'static str| {
        let database = database.clone();
        async move {
            use sqlx::Connection;
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{database}"))
                .await
                .unwrap();
            sqlx::query_scalar::<_, i64>(&format!(
                "SELECT COUNT(*) FROM {table} WHERE day < {today}"
            ))
            .fetch_one(&mut c)
            .await
            .unwrap()
        }
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while count("partner_days").await != 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // 31 days kept per partner (today and the 30 before); forever per
    // article and in all.
    assert_eq!(count("partner_days").await, 2);
    assert_eq!(count("article_partner_days").await, 2);
    assert_eq!(count("article_days").await, 5);
    assert_eq!(count("site_days").await, 5);
}
