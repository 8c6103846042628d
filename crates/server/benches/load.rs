//! The load test: `bash scripts/load.sh` (or `cargo bench -p
//! article-embed-server --bench load`, with `AE_TEST_POSTGRES` set for
//! PostgreSQL). The release binary on loopback, the load generator in this
//! process on the same two cores.
//!
//! Per store: cached article reads, then views by a new reader each, in
//! closed loop; it prints answers/s and p50/p99 latency, and fails unless
//! the stored count equals the acknowledged views exactly, and the daily
//! counts (in all, per article, per partner: views come from 1,000 partner
//! sites) add up to it.
//! `--seconds N` (default 5) per phase, `--connections N` (default 256:
//! readers are many; with few connections a closed loop measures the group
//! commit's wait, not the server), `--archive N` (default 100,000): the
//! archive filled with N articles that no feed lists before the phases
//! run, and a last phase reading them at random (each a cold read the
//! first time: one indexed query), as embeds of a long back catalogue do.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use support::{cms, flag, load, Process, Tuning};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
const BASE: u64 = 47;

#[tokio::main]
async fn main() {
    let seconds = Duration::from_secs(flag("--seconds", 5));
    let connections = flag("--connections", 256) as usize;
    let archive = flag("--archive", 100_000);
    let dir = tempfile::tempdir().unwrap();
    let stores = support::stores(dir.path()).await;
    let cms = cms().await;
    println!(
        "{connections} connections, {}s per phase, {} cores, {archive} articles archived\n",
        seconds.as_secs(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "| store | phase | answers/s | p50 ms | p99 ms | not 2xx | server CPU | generator CPU |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut exact = true;
    for (name, database) in stores {
        let tuning = Tuning {
            sources: format!(
                "[[source]]\nname = \"seed\"\nurl = \"http://{cms}/seed.json\"\n\
                 [[source]]\nname = \"news\"\nurl = \"http://{cms}/news.rss\"\n"
            ),
            ..Tuning::default()
        };
        let server = Process::start_with(BIN, dir.path(), &database, cms, &tuning).await;
        let filled = std::time::Instant::now();
        fill_archive(&database, archive).await;
        eprintln!(
            "{name}: {archive} articles archived in {:.1?}",
            filled.elapsed()
        );
        // Warm: the CMS's document fetched and read once.
        server.views().await;
        for (phase, views) in [("cached article reads", false), ("views", true)] {
            let cpu = (
                server.cpu_seconds(),
                support::cpu_seconds("/proc/self/stat"),
            );
            let mut outcome = load(
                server.addr,
                views,
                connections,
                seconds,
                Arc::new(AtomicBool::new(false)),
            )
            .await;
            let wall = outcome.elapsed.as_secs_f64();
            println!(
                "| {name} | {phase} | {:.0} | {:.1} | {:.1} | {:?} | {:.0}% | {:.0}% |",
                outcome.per_second(),
                outcome.percentile_ms(50.0),
                outcome.percentile_ms(99.0),
                outcome.failed,
                100.0 * (server.cpu_seconds() - cpu.0) / wall,
                100.0 * (support::cpu_seconds("/proc/self/stat") - cpu.1) / wall,
            );
            if views {
                let stored = server.views().await - BASE;
                if stored != outcome.ok {
                    exact = false;
                    eprintln!("{name}: {} views acknowledged, {stored} stored", outcome.ok);
                }
                // Spread over a thousand partner sites, each view in the
                // daily counts too.
                let sums = support::daily_sums(&database).await;
                let partners = support::partners_counted(&database).await;
                if sums != [stored as i64; 4] || partners != i64::from(support::PARTNERS) {
                    exact = false;
                    eprintln!(
                        "{name}: daily sums {sums:?} over {partners} partners, {stored} stored"
                    );
                }
            }
        }
        let cpu = (
            server.cpu_seconds(),
            support::cpu_seconds("/proc/self/stat"),
        );
        let mut outcome = archived_reads(server.addr, connections, seconds, archive).await;
        let wall = outcome.elapsed.as_secs_f64();
        println!(
            "| {name} | archived articles, at random | {:.0} | {:.1} | {:.1} | {:?} | {:.0}% | {:.0}% |",
            outcome.per_second(),
            outcome.percentile_ms(50.0),
            outcome.percentile_ms(99.0),
            outcome.failed,
            100.0 * (server.cpu_seconds() - cpu.0) / wall,
            100.0 * (support::cpu_seconds("/proc/self/stat") - cpu.1) / wall,
        );
        if !outcome.failed.is_empty() {
            exact = false;
        }
    }
    if !exact {
        std::process::exit(1);
    }
    println!("\nstored counts equal acknowledged views on every store");
}

/// `n` articles of the source `news` in the archive, none in its feed,
/// written straight into the database (as many imports would leave it).
async fn fill_archive(database: &str, n: u64) {
    use sqlx::Connection;
    let body = "<p>An article of the back catalogue, long enough to be one: a paragraph of about a kilobyte, as a short news item is.</p>".repeat(8);
    let rows = |from: u64, to: u64| -> Vec<(String, String, String, String)> {
        (from..to)
            .map(|k| {
                let url = format!("https://publisher.example/archive/{k}/");
                let json = serde_json::json!({
                    "id": format!("archive-{k}"),
                    "url": url,
                    "title": format!("Archived article {k}"),
                    "published_at": "2019-05-01T10:00:00+03:00",
                    "body_html": body,
                })
                .to_string();
                (
                    format!("news\narchive-{k}"),
                    json,
                    url.clone(),
                    format!("publisher.example/archive/{k}"),
                )
            })
            .collect()
    };
    const CHUNK: u64 = 1_000;
    if database.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(database).await.unwrap();
        for from in (0..n).step_by(CHUNK as usize) {
            let batch = rows(from, (from + CHUNK).min(n));
            let (keys, jsons, urls, spellings): (Vec<_>, Vec<_>, Vec<_>, Vec<_>) = batch
                .into_iter()
                .fold((vec![], vec![], vec![], vec![]), |mut acc, (k, j, u, s)| {
                    acc.0.push(k);
                    acc.1.push(j);
                    acc.2.push(u);
                    acc.3.push(s);
                    acc
                });
            sqlx::query(
                "INSERT INTO archive (article, source, json, hash, url, first_seen, last_seen) \
                 SELECT a, 'news', j, sha256(convert_to(j, 'UTF8')), u, 0, 0 \
                 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, j, u) ON CONFLICT DO NOTHING",
            )
            .bind(&keys)
            .bind(&jsons)
            .bind(&urls)
            .execute(&mut c)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO archive_spellings (source, spelling, article) \
                 SELECT 'news', s, a FROM unnest($1::text[], $2::text[]) AS t(s, a) ON CONFLICT DO NOTHING",
            )
            .bind(&spellings)
            .bind(&keys)
            .execute(&mut c)
            .await
            .unwrap();
        }
    } else {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{database}"))
            .await
            .unwrap();
        for from in (0..n).step_by(CHUNK as usize) {
            let batch = rows(from, (from + CHUNK).min(n));
            let mut tx = c.begin().await.unwrap();
            for (key, json, url, spelling) in &batch {
                sqlx::query(
                    "INSERT OR IGNORE INTO archive (article, source, json, hash, url, first_seen, last_seen) \
                     VALUES ($1, 'news', $2, x'00', $3, 0, 0)",
                )
                .bind(key)
                .bind(json)
                .bind(url)
                .execute(&mut *tx)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT OR IGNORE INTO archive_spellings (source, spelling, article) VALUES ('news', $1, $2)",
                )
                .bind(spelling)
                .bind(key)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
            tx.commit().await.unwrap();
        }
    }
}

/// Readers of archived articles at random, closed loop: every answer must
/// be the article asked for.
async fn archived_reads(
    server: std::net::SocketAddr,
    connections: usize,
    duration: Duration,
    n: u64,
) -> support::Outcome {
    use std::sync::atomic::{AtomicU64, Ordering};
    let next = Arc::new(AtomicU64::new(0x9E37_79B9));
    let start = std::time::Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let next = next.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .timeout(Duration::from_secs(10))
                    .build()
                    .unwrap();
                let mut outcome = support::Outcome::default();
                while start.elapsed() < duration {
                    // A multiplicative hash of a counter: every article
                    // once before any twice, in no order a cache could use.
                    let k = next.fetch_add(1, Ordering::Relaxed).wrapping_mul(0x9E37_79B9_7F4A_7C15) % n.max(1);
                    let url = format!(
                        "http://{server}/api/articles/news?item=https%3A%2F%2Fpublisher.example%2Farchive%2F{k}%2F"
                    );
                    let sent = std::time::Instant::now();
                    match client.get(&url).send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let body = response.text().await.unwrap_or_default();
                            outcome.latencies.push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                            if status == 200 && body.contains(&format!("\"archive-{k}\"")) {
                                outcome.ok += 1;
                            } else {
                                *outcome.failed.entry(status).or_default() += 1;
                            }
                        }
                        Err(_) => *outcome.failed.entry(0).or_default() += 1,
                    }
                }
                outcome
            })
        })
        .collect();
    let mut total = support::Outcome::default();
    for task in tasks {
        total.absorb(task.await.unwrap());
    }
    total.elapsed = start.elapsed();
    total
}
