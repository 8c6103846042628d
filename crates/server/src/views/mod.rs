//! Views, counted once per reader per article per day and never lost once
//! acknowledged.
//!
//! - **Who**: a reader is a keyed hash (HMAC-SHA256) of their address, their
//!   browser's `User-Agent` and the article, under a key made for the day
//!   and deleted with it: no cookie, no address stored, and yesterday's
//!   hashes cannot be linked to today's.
//! - **One address, a few readers**: an address (an IPv6 client's prefix)
//!   adds at most `readers_per_address` readers to one article a day,
//!   however many browsers it claims to be; past it, its views are answered
//!   with the count and not counted.
//! - **Durable before acknowledged**: a view waits a few milliseconds for
//!   others to share one transaction (group commit); the answer is sent only
//!   after that transaction committed (SQLite in WAL mode with
//!   `synchronous = FULL`; PostgreSQL with its default synchronous commit).
//!   A failed commit answers 503: nothing was counted that was not stored.
//! - **Faults leave nothing behind**: SQLite's writer has a connection of
//!   its own, closed after any failed batch (a full disk, an I/O error, a
//!   read-only file system, a lock held elsewhere), so no transaction
//!   outlives the batch that began it, and the next batch starts clean. The
//!   database file is the one opened, checked before and after each commit:
//!   views written into a file deleted or replaced meanwhile are refused.
//! - **By day and partner**: each counted view also adds one to the day's
//!   count in all, the article's, the partner site's (the origin of the
//!   page that embeds it, `''` when unknown) and the article's from that
//!   partner, in the same transaction (migration `0007_daily_views`): the
//!   publisher's dashboard reads them (`crate::dashboard`). A partner is
//!   what the reader's browser says; a false one moves a view between
//!   partners, never adds one.
//! - **Where**: SQLite (one file, the default) or PostgreSQL (several
//!   instances behind a load balancer share the counts): the same tables,
//!   migrated on start.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::{PgPool, Row};
use tokio::sync::{mpsc, oneshot};

mod batch;
mod postgres;
mod sqlite;

use postgres::{commit_postgres, open_postgres};
use sqlite::{open_sqlite, SqliteSink};

pub use crate::config::Store;
use crate::config::ViewLimits;
use crate::db::{on_pool, Pool};

/// Views one transaction takes at most.
const MAX_BATCH: usize = 512;

/// How long a count read or committed is answered without asking the
/// database: articles are cached for 30 s anyway, and another instance's
/// views show within this.
const COUNT_FRESH: Duration = Duration::from_secs(1);

/// Counts kept at most (the map is emptied past it).
const MAX_COUNTS: usize = 100_000;

/// Recent counts by article.
type Counts = Arc<Mutex<HashMap<String, (u64, std::time::Instant)>>>;

/// What registering a view did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// Counted: the article's count, this view included.
    New(u64),
    /// This reader was counted for this article today: the count as it is.
    Seen(u64),
}

impl Counted {
    /// The article's count, this view included or not.
    pub fn count(self) -> u64 {
        match self {
            Counted::New(n) | Counted::Seen(n) => n,
        }
    }
}

/// Why a view could not be stored: the database failed (the answer is 503).
#[derive(Debug)]
pub struct StoreError(pub sqlx::Error);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the view store failed: {}", self.0)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

struct Pending {
    article: String,
    base: i64,
    visitor: [u8; 32],
    /// The reader's address (or IPv6 prefix) with the article, hashed like
    /// `visitor`: what `readers_per_address` is kept by.
    address: [u8; 32],
    /// The partner site (an origin, `''` when unknown; see `crate::partner`).
    partner: String,
    day: i64,
    ack: oneshot::Sender<Result<Counted, StoreError>>,
}

/// A day (since 1970-01-01) and its key.
type DayKey = (i64, Vec<u8>);

/// The view store: a pool for reads, one writer task for group commits.
#[derive(Clone)]
pub struct Views {
    pool: Pool,
    writer: mpsc::Sender<Pending>,
    /// Today's key, once read: the database is asked again only when the
    /// day changes, not on every view.
    today: Arc<Mutex<Option<DayKey>>>,
    counts: Counts,
    /// Days of daily counts kept: (in all and per article, per partner);
    /// 0 is forever.
    kept: (u32, u32),
}

/// The writer, to wait for on shutdown: it ends once every sender is gone,
/// after committing every view still queued.
pub type Writer = tokio::task::JoinHandle<()>;

impl Views {
    /// Opens the store (creating a SQLite file and its folder when
    /// missing) and applies the migrations.
    pub async fn open(store: &Store, limits: &ViewLimits) -> Result<(Views, Writer), StoreError> {
        let (pool, sink) = match store {
            Store::Sqlite(path) => {
                let (pool, sink) = open_sqlite(path).await?;
                (Pool::Sqlite(pool), sink)
            }
            Store::Postgres(url) => {
                let pool = open_postgres(url).await?;
                (Pool::Postgres(pool.clone()), Sink::Postgres(pool))
            }
        };
        let (writer, queue) = mpsc::channel(16 * MAX_BATCH);
        let counts = Counts::default();
        let task = tokio::spawn(write_batches(
            sink,
            queue,
            Batching {
                wait: Duration::from_millis(limits.batch_wait_ms),
                readers_per_address: i64::from(limits.readers_per_address),
            },
            counts.clone(),
        ));
        Ok((
            Views {
                pool,
                writer,
                today: Arc::default(),
                counts,
                kept: (limits.article_days_kept, limits.partner_days_kept),
            },
            task,
        ))
    }

    /// The article's count; `base` (the count the CMS's document gave, if
    /// any) until this server has counted a view of it.
    pub async fn count(&self, article: &str, base: u64) -> Result<u64, StoreError> {
        let recent = {
            let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
            counts
                .get(article)
                .filter(|(_, at)| at.elapsed() < COUNT_FRESH)
                .map(|(n, _)| *n)
        };
        if let Some(n) = recent {
            return Ok(n);
        }
        let count: Option<i64> = on_pool!(&self.pool, |pool| {
            sqlx::query("SELECT count FROM views WHERE article = $1")
                .bind(article)
                .fetch_optional(pool)
                .await
                .map_err(StoreError)?
                .map(|r| r.get(0))
        });
        let count = count.map_or(base, |n| n.max(0) as u64);
        remember(&self.counts, [(article, count)]);
        Ok(count)
    }

    /// Registers one view of `article` by the reader `who` (address and
    /// browser, as `visitor_key` mixes them), counting on from `base` for an
    /// article this server has not counted yet (a publisher moving here
    /// keeps the counts its CMS had); answers once it is stored.
    ///
    /// `address` is the client alone (its address, an IPv6 client's
    /// prefix): one address adds at most `readers_per_address` readers to
    /// an article a day. `partner` is the embedding page's origin (`""`
    /// when unknown): a counted view adds to its day's counts too.
    pub async fn register(
        &self,
        article: &str,
        base: u64,
        who: &[&[u8]],
        address: &[u8],
        partner: &str,
    ) -> Result<Counted, StoreError> {
        let day = today();
        let cached = {
            let today = self.today.lock().unwrap_or_else(|p| p.into_inner());
            today
                .as_ref()
                .filter(|(d, _)| *d == day)
                .map(|(_, key)| key.clone())
        };
        let secret = match cached {
            Some(secret) => secret,
            None => {
                let secret = self.day_key(day).await?;
                *self.today.lock().unwrap_or_else(|p| p.into_inner()) = Some((day, secret.clone()));
                secret
            }
        };
        let (ack, answer) = oneshot::channel();
        let pending = Pending {
            article: article.to_owned(),
            base: i64::try_from(base).unwrap_or(i64::MAX - 1),
            visitor: visitor_key(&secret, who, article),
            address: visitor_key(&secret, &[b"address", address], article),
            partner: partner.to_owned(),
            day,
            ack,
        };
        self.writer
            .send(pending)
            .await
            .map_err(|_| StoreError(sqlx::Error::PoolClosed))?;
        answer
            .await
            .map_err(|_| StoreError(sqlx::Error::PoolClosed))?
    }

    /// The day's key, made once per day (by whichever instance is first)
    /// and shared through the database; older days' keys and hashes go.
    async fn day_key(&self, day: i64) -> Result<Vec<u8>, StoreError> {
        let mut fresh = [0u8; 32];
        getrandom::getrandom(&mut fresh)
            .map_err(|e| StoreError(sqlx::Error::Protocol(e.to_string())))?;
        on_pool!(&self.pool, |pool| {
            let inserted = sqlx::query(
                "INSERT INTO day_keys (day, secret) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
            )
            .bind(day)
            .bind(&fresh[..])
            .execute(pool)
            .await
            .map_err(StoreError)?;
            if inserted.rows_affected() == 1 {
                for table in [
                    "DELETE FROM day_keys WHERE day < $1",
                    "DELETE FROM seen WHERE day < $1",
                    "DELETE FROM address_readers WHERE day < $1",
                ] {
                    sqlx::query(table)
                        .bind(day - 1)
                        .execute(pool)
                        .await
                        .map_err(StoreError)?;
                }
                // The day's first view does not wait for this.
                tokio::spawn(prune_daily(self.pool.clone(), day, self.kept));
            }
            let row = sqlx::query("SELECT secret FROM day_keys WHERE day = $1")
                .bind(day)
                .fetch_one(pool)
                .await
                .map_err(StoreError)?;
            Ok(row.get::<Vec<u8>, _>(0))
        })
    }

    /// The database's pool (for the archive's imports).
    pub fn pool(&self) -> crate::db::Pool {
        self.pool.clone()
    }

    /// The archive, in the same database.
    pub fn archive(&self) -> crate::archive::Archive {
        crate::archive::Archive::new(self.pool.clone())
    }

    /// Whether the database answers (readiness).
    pub async fn ping(&self) -> bool {
        on_pool!(&self.pool, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .is_ok())
    }
}

/// Deletes the daily counts older than they are kept (`kept`: days in all
/// and per article, per partner; 0 keeps them forever), a day per
/// statement, so that the writer never waits long behind it.
async fn prune_daily(pool: Pool, today: i64, kept: (u32, u32)) {
    let tables = [
        ("site_days", kept.0),
        ("article_days", kept.0),
        ("partner_days", kept.1),
        ("article_partner_days", kept.1),
    ];
    for (table, kept) in tables.into_iter().filter(|(_, kept)| *kept > 0) {
        let before = today - i64::from(kept) + 1;
        let pruned: Result<(), sqlx::Error> = on_pool!(&pool, |pool| async {
            // The oldest day left, while it is older than kept: only days
            // with rows cost a statement.
            let oldest = format!("SELECT MIN(day) FROM {table} WHERE day < $1");
            let delete = format!("DELETE FROM {table} WHERE day = $1");
            while let Some(day) = sqlx::query_scalar::<_, Option<i64>>(&oldest)
                .bind(before)
                .fetch_one(pool)
                .await?
            {
                sqlx::query(&delete).bind(day).execute(pool).await?;
            }
            Ok(())
        }
        .await);
        if let Err(error) = pruned {
            tracing::warn!(%error, table, "old daily counts not deleted: tried again tomorrow");
        }
    }
}

/// Keeps each article's count, the last given for it winning (one lock for
/// a whole batch).
fn remember<'a>(counts: &Counts, latest: impl IntoIterator<Item = (&'a str, u64)>) {
    let now = std::time::Instant::now();
    let mut counts = counts.lock().unwrap_or_else(|p| p.into_inner());
    for (article, count) in latest {
        if counts.len() >= MAX_COUNTS {
            counts.clear();
        }
        counts.insert(article.to_owned(), (count, now));
    }
}

/// The reader's keyed hash for one article on one day.
fn visitor_key(secret: &[u8], who: &[&[u8]], article: &str) -> [u8; 32] {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return [0; 32];
    };
    for part in who {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.update(article.as_bytes());
    mac.finalize().into_bytes().into()
}

/// Days since 1970-01-01, UTC.
fn today() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// How the writer batches views.
#[derive(Clone, Copy)]
struct Batching {
    /// How long the first view of a batch waits for others.
    wait: Duration,
    /// Readers one address adds to one article a day.
    readers_per_address: i64,
}

/// Where the writer commits.
enum Sink {
    /// SQLite: a connection of the writer's own, never a pooled one.
    Sqlite(Box<SqliteSink>),
    /// PostgreSQL, whose server ends a failed transaction itself.
    Postgres(PgPool),
}

/// The one writer: takes what is queued (waiting up to `batching.wait` for
/// more), commits it in one transaction, then answers each view.
async fn write_batches(
    mut sink: Sink,
    mut queue: mpsc::Receiver<Pending>,
    batching: Batching,
    counts: Counts,
) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        let deadline = tokio::time::Instant::now() + batching.wait;
        while batch.len() < MAX_BATCH {
            match tokio::time::timeout_at(deadline, queue.recv()).await {
                Ok(Some(next)) => batch.push(next),
                _ => break,
            }
        }
        let start = std::time::Instant::now();
        let committed = match &mut sink {
            Sink::Sqlite(sink) => sink.commit(&batch, batching).await,
            Sink::Postgres(pool) => commit_postgres(pool, &batch, batching).await,
        };
        crate::metrics::commit(batch.len(), start.elapsed(), committed.is_ok());
        match committed {
            Ok(results) => {
                // The last count of each article, as committed.
                let latest = batch.iter().zip(&results);
                remember(
                    &counts,
                    latest.map(|(p, c)| (p.article.as_str(), c.count())),
                );
                for (pending, counted) in batch.into_iter().zip(results) {
                    let _ = pending.ack.send(Ok(counted));
                }
            }
            Err(error) => {
                tracing::error!(%error, views = batch.len(), "a batch of views was not stored");
                let message = error.to_string();
                for pending in batch {
                    let _ = pending
                        .ack
                        .send(Err(StoreError(sqlx::Error::Protocol(message.clone()))));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::visitor_key;

    #[test]
    fn readers_are_told_apart_by_a_keyed_hash_only() {
        let a = visitor_key(b"day one", &[b"192.0.2.1", b"Firefox"], "news/1");
        assert_eq!(
            a,
            visitor_key(b"day one", &[b"192.0.2.1", b"Firefox"], "news/1")
        );
        // Another day's key, article, browser or address: another reader.
        assert_ne!(
            a,
            visitor_key(b"day two", &[b"192.0.2.1", b"Firefox"], "news/1")
        );
        assert_ne!(
            a,
            visitor_key(b"day one", &[b"192.0.2.1", b"Firefox"], "news/2")
        );
        assert_ne!(
            a,
            visitor_key(b"day one", &[b"192.0.2.1", b"Chrome"], "news/1")
        );
        // Parts cannot be shifted into one another.
        assert_ne!(
            visitor_key(b"k", &[b"ab", b"c"], "x"),
            visitor_key(b"k", &[b"a", b"bc"], "x")
        );
    }
}
