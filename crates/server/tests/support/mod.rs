//! The server binary as a process, for the fault tests and the load test:
//! a config written to a file, a stand-in CMS serving the seed article, a
//! load generator that records every answer.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::header;

pub(crate) const FIREFOX: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A free port on loopback (bound, then let go for the child to take).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Where views are kept in a test, named: a fresh SQLite file in `dir`
/// and, when `AE_TEST_POSTGRES` names a server (`scripts/test.sh` and
/// `scripts/load.sh` set it), a fresh PostgreSQL database on it.
pub(crate) async fn stores(dir: &Path) -> Vec<(&'static str, String)> {
    let mut stores = vec![("SQLite", dir.join("views.db").display().to_string())];
    match std::env::var("AE_TEST_POSTGRES") {
        Ok(admin) => stores.push(("PostgreSQL", fresh_postgres(&admin).await)),
        Err(_) => eprintln!("AE_TEST_POSTGRES is unset: PostgreSQL skipped, not passed"),
    }
    stores
}

/// A new, empty database on the PostgreSQL server at `admin`; its URL.
pub(crate) async fn fresh_postgres(admin: &str) -> String {
    use sqlx::Connection;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "ae_test_{}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut connection = sqlx::PgConnection::connect(admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A stand-in CMS on loopback: `/seed.json`, the seed article (47 views
/// counted by its CMS), and `/news.rss`, the project's Bitrix-style feed.
pub(crate) async fn cms() -> SocketAddr {
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/api/articles/opening-asia-for-russia.json"),
    )
    .unwrap();
    let news = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/api/feeds/news.rss"),
    )
    .unwrap();
    let app = axum::Router::new()
        .route(
            "/seed.json",
            axum::routing::get(move || {
                let seed = seed.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], seed) }
            }),
        )
        .route(
            "/news.rss",
            axum::routing::get(move || {
                let news = news.clone();
                async move { ([(header::CONTENT_TYPE, "application/rss+xml")], news) }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// The server binary, running.
pub(crate) struct Process {
    pub child: Child,
    pub addr: SocketAddr,
    pub metrics: SocketAddr,
    /// The configuration file it was started with.
    pub config: PathBuf,
}

/// What a test changes in the server's configuration; the default is the
/// load test's (loopback is a trusted proxy, 1,000 views a minute).
pub(crate) struct Tuning {
    /// The listener's host: `127.0.0.1`, or `[::]` for a dual-stack one.
    pub host: &'static str,
    pub trusted_proxies: &'static str,
    pub per_minute: u32,
    pub readers_per_address: u32,
    /// Lines of `[upstream]` beside `fresh_secs`.
    pub upstream: String,
    pub fresh_secs: u64,
    /// The `[clients]` table's lines.
    pub clients: String,
    /// `[[source]]` tables; the seed at `cms` when empty.
    pub sources: String,
    /// More lines of `[views]`.
    pub views: String,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            host: "127.0.0.1",
            trusted_proxies: r#"["127.0.0.1"]"#,
            per_minute: 1000,
            readers_per_address: 1000,
            upstream: String::new(),
            fresh_secs: 3600,
            clients: String::new(),
            sources: String::new(),
            views: String::new(),
        }
    }
}

impl Process {
    /// Starts `bin` on `database` in front of `cms`, believing
    /// `X-Forwarded-For` from loopback (the load generator plays the CDN),
    /// and waits until it is ready.
    pub(crate) async fn start(bin: &str, dir: &Path, database: &str, cms: SocketAddr) -> Process {
        Process::start_with(bin, dir, database, cms, &Tuning::default()).await
    }

    /// [`Process::start`] with the configuration `tuning` says.
    pub(crate) async fn start_with(
        bin: &str,
        dir: &Path,
        database: &str,
        cms: SocketAddr,
        tuning: &Tuning,
    ) -> Process {
        let (port, metrics_port) = (free_port(), free_port());
        let config = dir.join(format!("server-{port}.toml"));
        let Tuning {
            host,
            trusted_proxies,
            per_minute,
            readers_per_address,
            upstream,
            fresh_secs,
            clients,
            sources,
            views,
        } = tuning;
        let sources = if sources.is_empty() {
            format!("[[source]]\nname = \"seed\"\nurl = \"http://{cms}/seed.json\"\n")
        } else {
            sources.clone()
        };
        std::fs::write(
            &config,
            format!(
                r#"listen = "{host}:{port}"
metrics_listen = "127.0.0.1:{metrics_port}"
public_url = "http://127.0.0.1:{port}"
database = "{database}"
trusted_proxies = {trusted_proxies}
[upstream]
fresh_secs = {fresh_secs}
{upstream}
[views]
per_minute = {per_minute}
readers_per_address = {readers_per_address}
{views}
[clients]
{clients}
{sources}
"#
            ),
        )
        .unwrap();
        let log = std::fs::File::create(dir.join(format!("server-{port}.log"))).unwrap();
        let child = Command::new(bin)
            .args(["serve", "--config"])
            .arg(&config)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let process = Process {
            child,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            metrics: SocketAddr::from((Ipv4Addr::LOCALHOST, metrics_port)),
            config,
        };
        process.wait_ready().await;
        process
    }

    pub(crate) async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = client
                .get(self.url("/readyz"))
                .timeout(Duration::from_secs(1))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if ready {
                return;
            }
            assert!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `kill -9`: no shutdown, no flush.
    pub(crate) fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then waits for the graceful exit.
    pub(crate) fn terminate(&mut self) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap();
    }

    /// The article's count as the server answers it.
    pub(crate) async fn views(&self) -> u64 {
        let article: serde_json::Value = reqwest::get(self.url("/api/articles/seed"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        article["views"].as_u64().unwrap()
    }

    /// CPU seconds the process has used (Linux), to tell where the time
    /// of a load went.
    pub(crate) fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.child.id()))
    }

    pub(crate) async fn metrics(&self) -> String {
        reqwest::get(format!("http://{}/metrics", self.metrics))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.config);
    }
}

/// utime + stime of a `/proc/<pid>/stat`, in seconds (100 ticks a second).
pub(crate) fn cpu_seconds(stat: &str) -> f64 {
    let text = std::fs::read_to_string(stat).unwrap_or_default();
    let fields: Vec<&str> = text
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // After the command's ')': state is field 0, utime 11, stime 12.
    (ticks(11) + ticks(12)) / 100.0
}

/// What a load produced: every answer's status and latency.
#[derive(Default)]
pub(crate) struct Outcome {
    /// 2xx answers: acknowledged.
    pub ok: u64,
    /// Other statuses, and `0` for a connection that failed.
    pub failed: std::collections::BTreeMap<u16, u64>,
    /// Whether every 503 carried Retry-After.
    pub retry_after_missing: u64,
    /// Microseconds per answered request.
    pub latencies: Vec<u32>,
    pub elapsed: Duration,
}

impl Outcome {
    /// Adds another client's answers to these.
    pub(crate) fn absorb(&mut self, other: Outcome) {
        self.ok += other.ok;
        self.retry_after_missing += other.retry_after_missing;
        for (status, n) in other.failed {
            *self.failed.entry(status).or_default() += n;
        }
        self.latencies.extend(other.latencies);
    }

    pub(crate) fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// The `p`th percentile latency in milliseconds.
    pub(crate) fn percentile_ms(&mut self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        self.latencies.sort_unstable();
        let i = ((self.latencies.len() - 1) as f64 * p / 100.0).round() as usize;
        f64::from(self.latencies[i]) / 1000.0
    }
}

/// A numeric flag of a bench's command line (`--seconds 10`), else
/// `default`.
pub(crate) fn flag(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Partner sites views are spread over.
pub(crate) const PARTNERS: u32 = 1_000;

/// The partner site (an origin, as the widget sends it) of view `n`.
pub(crate) fn partner(n: u32) -> String {
    format!("https://partner-{}.example", n % PARTNERS)
}

/// The sums of the daily tables in `database` (a SQLite path or a
/// PostgreSQL URL): in all, per article, per partner, per article and
/// partner. Each counted view adds one to each.
pub(crate) async fn daily_sums(database: &str) -> [i64; 4] {
    let mut sums = [0; 4];
    for (sum, table) in sums.iter_mut().zip([
        "site_days",
        "article_days",
        "partner_days",
        "article_partner_days",
    ]) {
        *sum = scalar(
            database,
            &format!("SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) FROM {table}"),
        )
        .await;
    }
    sums
}

/// How many partner sites brought views, in `database`.
pub(crate) async fn partners_counted(database: &str) -> i64 {
    scalar(database, "SELECT COUNT(DISTINCT partner) FROM partner_days").await
}

/// One number `query` reads from `database` (a SQLite path or a PostgreSQL URL).
pub(crate) async fn scalar(database: &str, query: &str) -> i64 {
    use sqlx::Connection;
    if database.starts_with("postgres") {
        let mut connection = sqlx::PgConnection::connect(database).await.unwrap();
        sqlx::query_scalar(query)
            .fetch_one(&mut connection)
            .await
            .unwrap()
    } else {
        let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{database}"))
            .await
            .unwrap();
        sqlx::query_scalar(query)
            .fetch_one(&mut connection)
            .await
            .unwrap()
    }
}

/// A distinct reader per request: a fresh address (as the CDN forwards it).
pub(crate) fn reader(n: u32) -> String {
    let n = n.wrapping_add(1 << 24);
    format!(
        "{}.{}.{}.{}",
        10 + (n >> 24) % 200,
        (n >> 16) & 255,
        (n >> 8) & 255,
        n & 255
    )
}

/// `connections` clients in closed loop for `duration` (or until `stop`
/// is set): each sends the next request as soon as its answer is in.
/// `views` POSTs a view by a new reader each time; otherwise GETs the
/// article.
pub(crate) async fn load(
    server: SocketAddr,
    views: bool,
    connections: usize,
    duration: Duration,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> Outcome {
    let acknowledged = Arc::new(AtomicU64::new(0));
    load_counting(server, views, connections, duration, stop, acknowledged).await
}

/// [`load`], adding each answer acknowledged (2xx) to `acknowledged` as it
/// comes, so that a test can act once a load has done enough, whatever
/// the machine's speed.
pub(crate) async fn load_counting(
    server: SocketAddr,
    views: bool,
    connections: usize,
    duration: Duration,
    stop: Arc<std::sync::atomic::AtomicBool>,
    acknowledged: Arc<AtomicU64>,
) -> Outcome {
    let next = Arc::new(AtomicU32::new(rand_start()));
    let start = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (next, stop, acknowledged) = (next.clone(), stop.clone(), acknowledged.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .timeout(Duration::from_secs(10))
                    .build()
                    .unwrap();
                let mut outcome = Outcome::default();
                let url = if views {
                    format!("http://{server}/api/views/seed")
                } else {
                    format!("http://{server}/api/articles/seed")
                };
                while start.elapsed() < duration && !stop.load(Ordering::Relaxed) {
                    let request = if views {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        // Spread over a thousand partner sites, as the
                        // widget names them.
                        client
                            .post(&url)
                            .header("user-agent", FIREFOX)
                            .header("x-forwarded-for", reader(n))
                            .body(partner(n))
                    } else {
                        client.get(&url)
                    };
                    let sent = Instant::now();
                    match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let retry_after = response.headers().contains_key("retry-after");
                            let body = response.bytes().await;
                            outcome
                                .latencies
                                .push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                            if (200..300).contains(&status) && body.is_ok() {
                                outcome.ok += 1;
                                acknowledged.fetch_add(1, Ordering::Relaxed);
                            } else {
                                *outcome.failed.entry(status).or_default() += 1;
                                if status == 503 && !retry_after {
                                    outcome.retry_after_missing += 1;
                                }
                                if status == 503 || status == 0 {
                                    tokio::time::sleep(Duration::from_millis(20)).await;
                                }
                            }
                        }
                        Err(_) => {
                            *outcome.failed.entry(0).or_default() += 1;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                    }
                }
                outcome
            })
        })
        .collect();
    let mut total = Outcome::default();
    for task in tasks {
        total.absorb(task.await.unwrap());
    }
    total.elapsed = start.elapsed();
    total
}

/// Readers differ from one run to the next (the day's key is kept in the
/// database: a rerun on the same database must not meet its own readers).
fn rand_start() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    nanos & 0x00ff_ffff
}
