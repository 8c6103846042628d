//! The dashboard on a year of data: `bash scripts/dashboard-bench.sh` (or
//! `cargo bench -p article-embed-server --bench dashboard`, with
//! `AE_TEST_POSTGRES` set for PostgreSQL). The release binary on loopback.
//!
//! The daily tables are filled straight in the database with a year of a
//! news site's views: `--articles N` (10,000) published evenly over the
//! year, each read for `--days-read N` days (60) after it is published, at
//! a rate that falls day by day, from 1 to 8 of `--partners N` (1,000)
//! partner sites (a few partners bring most readers), and the archive with
//! every article's headline. Then each screen and API table is asked
//! `--repeat N` (5) times after one warm-up; it prints the median and the
//! slowest, and fails if any answer took over 200 ms or was not a 200.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{cms, flag, Process, Tuning};

const BIN: &str = env!("CARGO_BIN_EXE_article-embed-server");
const TOKEN: &str = "dashboard-bench-token-0123456789";
/// Each screen's budget.
const BUDGET: Duration = Duration::from_millis(200);

/// A year of daily counts: (article, partner, day, views) rows, from which
/// the other tables are summed.
struct Year {
    articles: u64,
    partners: u64,
    days_read: u64,
}

impl Year {
    /// The rows of article `a`, in days since 1970 ending on `today`.
    fn rows(&self, a: u64, today: i64) -> Vec<(String, i64, i64)> {
        let published = today - 364 + (a * 365 / self.articles) as i64;
        // Its partners: 1 to 8, the first few partners far more often.
        let mut seed = a.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let count = 1 + next() % 8;
        let mut partners: Vec<u64> = (0..count)
            .map(|_| {
                let r = (next() % 1_000_000) as f64 / 1_000_000.0;
                ((r * r * r) * self.partners as f64) as u64
            })
            .collect();
        partners.sort_unstable();
        partners.dedup();
        let mut rows = Vec::new();
        for d in 0..self.days_read as i64 {
            let day = published + d;
            if day > today {
                break;
            }
            for (i, p) in partners.iter().enumerate() {
                let views = (400 / (d + 1)) / (i as i64 + 1) + (next() % 3) as i64;
                if views > 0 {
                    rows.push((format!("https://partner-{p}.example"), day, views));
                }
            }
        }
        rows
    }
}

#[tokio::main]
async fn main() {
    let year = Year {
        articles: flag("--articles", 10_000),
        partners: flag("--partners", 1_000),
        days_read: flag("--days-read", 60),
    };
    let repeat = flag("--repeat", 5) as usize;
    let dir = tempfile::tempdir().unwrap();
    let stores = support::stores(dir.path()).await;
    let cms = cms().await;
    println!(
        "{} articles, each read {} days, {} partners; {} cores\n",
        year.articles,
        year.days_read,
        year.partners,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| store | screen | median ms | slowest ms | bytes |");
    println!("|---|---|---:|---:|---:|");
    let mut within = true;
    for (name, database) in stores {
        let tuning = Tuning {
            sources: format!(
                "[[source]]\nname = \"seed\"\nurl = \"http://{cms}/seed.json\"\n\
                 [dashboard]\ntoken = \"{TOKEN}\"\n"
            ),
            ..Tuning::default()
        };
        // Started first: the migrations make the tables.
        let server = Process::start_with(BIN, dir.path(), &database, cms, &tuning).await;
        let filled = Instant::now();
        let rows = fill(&database, &year).await;
        eprintln!(
            "{name}: {rows} article × partner × day rows in {:.1?}",
            filled.elapsed()
        );
        let middle = format!("news\narticle-{}", year.articles / 2);
        let key: String = url::form_urlencoded::byte_serialize(middle.as_bytes()).collect();
        let screens = [
            ("overview, 7 days", "/dashboard/?period=7d".to_owned()),
            ("overview, 30 days", "/dashboard/?period=30d".to_owned()),
            ("overview, 12 months", "/dashboard/?period=12m".to_owned()),
            (
                "overview, 12 months, by title",
                "/dashboard/?period=12m&sort=title".to_owned(),
            ),
            (
                "an article, 12 months",
                format!("/dashboard/article?period=12m&key={key}"),
            ),
            (
                "API: days, 12 months (CSV)",
                "/dashboard/api/days.csv?period=12m".to_owned(),
            ),
            (
                "API: top 10,000 articles, 12 months (CSV)",
                "/dashboard/api/articles.csv?period=12m&limit=10000".to_owned(),
            ),
            (
                "API: all partners, 12 months (JSON)",
                "/dashboard/api/partners.json?period=12m&limit=10000".to_owned(),
            ),
            (
                "API: an article's partners (CSV)",
                format!("/dashboard/api/article-partners.csv?period=12m&key={key}"),
            ),
        ];
        let client = reqwest::Client::new();
        for (screen, path) in screens {
            let mut times = Vec::new();
            let mut bytes = 0;
            for i in 0..=repeat {
                let started = Instant::now();
                let response = client
                    .get(server.url(&path))
                    .bearer_auth(TOKEN)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let body = response.bytes().await.unwrap();
                let took = started.elapsed();
                if status != 200 {
                    within = false;
                    eprintln!("{name}: {screen}: {status}");
                }
                bytes = body.len();
                if i > 0 {
                    times.push(took);
                }
            }
            times.sort();
            let (median, slowest) = (times[times.len() / 2], times[times.len() - 1]);
            if slowest > BUDGET {
                within = false;
            }
            println!(
                "| {name} | {screen} | {:.1} | {:.1} | {bytes} |",
                median.as_secs_f64() * 1000.0,
                slowest.as_secs_f64() * 1000.0
            );
        }
    }
    if !within {
        eprintln!("a screen took over {} ms or failed", BUDGET.as_millis());
        std::process::exit(1);
    }
    println!("\nevery screen answered within {} ms", BUDGET.as_millis());
}

/// Fills the daily tables and the archive with `year`; the rows of the
/// article × partner table.
async fn fill(database: &str, year: &Year) -> u64 {
    use sqlx::Connection;
    use std::collections::HashMap;
    let today = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400) as i64;
    let mut site: HashMap<i64, i64> = HashMap::new();
    let mut partners: HashMap<(String, i64), i64> = HashMap::new();
    let mut pairs: Vec<(String, String, i64, i64)> = Vec::new();
    let mut articles: Vec<(String, i64, i64)> = Vec::new();
    let mut archive: Vec<(String, String, String)> = Vec::new();
    for a in 0..year.articles {
        let key = format!("news\narticle-{a}");
        let url = format!("https://publisher.example/news/{a}/");
        let json = serde_json::json!({
            "id": format!("article-{a}"),
            "url": url,
            "title": format!("Article {a} of the year"),
            "body_html": "<p>A news item.</p>",
        })
        .to_string();
        archive.push((key.clone(), json, url));
        let mut per_day: HashMap<i64, i64> = HashMap::new();
        for (partner, day, views) in year.rows(a, today) {
            *site.entry(day).or_default() += views;
            *per_day.entry(day).or_default() += views;
            *partners.entry((partner.clone(), day)).or_default() += views;
            pairs.push((key.clone(), partner, day, views));
        }
        articles.extend(
            per_day
                .into_iter()
                .map(|(day, views)| (key.clone(), day, views)),
        );
    }
    let site: Vec<(i64, i64)> = site.into_iter().collect();
    let partners: Vec<(String, i64, i64)> =
        partners.into_iter().map(|((p, d), v)| (p, d, v)).collect();
    let count = pairs.len() as u64;
    if database.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(database).await.unwrap();
        for chunk in archive.chunks(5_000) {
            let (k, j, u): (Vec<_>, Vec<_>, Vec<_>) = unzip3(chunk.iter().cloned());
            sqlx::query(
                "INSERT INTO archive (article, source, json, hash, url, first_seen, last_seen) \
                 SELECT a, 'news', j, '\\x00', u, 0, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, j, u)",
            )
            .bind(&k).bind(&j).bind(&u).execute(&mut c).await.unwrap();
        }
        let (d, v): (Vec<i64>, Vec<i64>) = site.into_iter().unzip();
        sqlx::query(
            "INSERT INTO site_days (day, views) SELECT * FROM unnest($1::bigint[], $2::bigint[])",
        )
        .bind(&d)
        .bind(&v)
        .execute(&mut c)
        .await
        .unwrap();
        for (table, key, rows) in [
            ("article_days", "article", &articles),
            ("partner_days", "partner", &partners),
        ] {
            for chunk in rows.chunks(50_000) {
                let (k, d, v): (Vec<_>, Vec<_>, Vec<_>) = unzip3(chunk.iter().cloned());
                sqlx::query(&format!(
                    "INSERT INTO {table} ({key}, day, views) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])"
                ))
                .bind(&k).bind(&d).bind(&v).execute(&mut c).await.unwrap();
            }
        }
        for chunk in pairs.chunks(50_000) {
            let mut a = Vec::new();
            let mut p = Vec::new();
            let mut d = Vec::new();
            let mut v = Vec::new();
            for (ak, pk, day, views) in chunk.iter().cloned() {
                a.push(ak);
                p.push(pk);
                d.push(day);
                v.push(views);
            }
            sqlx::query(
                "INSERT INTO article_partner_days (article, partner, day, views) \
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])",
            )
            .bind(&a)
            .bind(&p)
            .bind(&d)
            .bind(&v)
            .execute(&mut c)
            .await
            .unwrap();
        }
        // What autovacuum does to a live database after a while (the
        // visibility map, the planner's statistics); measured without it,
        // the first screens share the CPU with autovacuum's own run.
        sqlx::query("VACUUM ANALYZE").execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{database}"))
            .await
            .unwrap();
        let mut tx = c.begin().await.unwrap();
        for (k, j, u) in &archive {
            sqlx::query(
                "INSERT INTO archive (article, source, json, hash, url, first_seen, last_seen) \
                 VALUES ($1, 'news', $2, x'00', $3, 0, 0)",
            )
            .bind(k)
            .bind(j)
            .bind(u)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        for (d, v) in &site {
            sqlx::query("INSERT INTO site_days (day, views) VALUES ($1, $2)")
                .bind(d)
                .bind(v)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        for chunk in articles.chunks(5_000) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO article_days (article, day, views) ",
            );
            q.push_values(chunk, |mut row, (k, d, v)| {
                row.push_bind(k).push_bind(d).push_bind(v);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        for chunk in partners.chunks(5_000) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO partner_days (partner, day, views) ",
            );
            q.push_values(chunk, |mut row, (p, d, v)| {
                row.push_bind(p).push_bind(d).push_bind(v);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        for chunk in pairs.chunks(5_000) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO article_partner_days (article, partner, day, views) ",
            );
            q.push_values(chunk, |mut row, (a, p, d, v)| {
                row.push_bind(a).push_bind(p).push_bind(d).push_bind(v);
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
        sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
    }
    count
}

fn unzip3<A, B, C>(rows: impl Iterator<Item = (A, B, C)>) -> (Vec<A>, Vec<B>, Vec<C>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (a, b, c) in rows {
        out.0.push(a);
        out.1.push(b);
        out.2.push(c);
    }
    out
}
