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

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, PgPool, Row, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

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

/// The SQLite writer's connection, and the file it was opened on.
struct SqliteSink {
    options: SqliteConnectOptions,
    path: PathBuf,
    open: Option<(SqliteConnection, FileId)>,
}

/// A file's identity: its device and inode (Unix). A file deleted, or
/// replaced by another, has another (or none).
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(path: &Path) -> std::io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path)?;
    Ok((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> std::io::Result<FileId> {
    std::fs::metadata(path).map(|_| (0, 0))
}

impl SqliteSink {
    /// Commits a batch on the writer's connection (opened when there is
    /// none); after any failure the connection is closed, which rolls back
    /// whatever SQLite left open, and the next batch opens a new one.
    async fn commit(
        &mut self,
        batch: &[Pending],
        batching: Batching,
    ) -> Result<Vec<Counted>, sqlx::Error> {
        let result = self.commit_on_file(batch, batching).await;
        if result.is_err() {
            if let Some((connection, _)) = self.open.take() {
                // Closing rolls back; a connection SQLite cannot even close
                // is dropped, which frees it all the same.
                let _ = tokio::time::timeout(Duration::from_secs(2), connection.close()).await;
            }
        }
        result
    }

    async fn commit_on_file(
        &mut self,
        batch: &[Pending],
        batching: Batching,
    ) -> Result<Vec<Counted>, sqlx::Error> {
        let moved = |what: &str| {
            sqlx::Error::Protocol(format!(
                "the database file {} was {what}: views are not written into a file no one will read",
                self.path.display()
            ))
        };
        let (connection, opened) = match &mut self.open {
            Some((connection, id)) => (connection, *id),
            slot @ None => {
                // Never created here: a file deleted under a running server
                // is for its operator to restore (or to restart without).
                let connection = self.options.connect().await?;
                let id = file_id(&self.path).map_err(sqlx::Error::Io)?;
                let (connection, _) = slot.insert((connection, id));
                (connection, id)
            }
        };
        if file_id(&self.path).ok() != Some(opened) {
            return Err(moved("deleted or replaced"));
        }
        let answers = commit_sqlite(connection, batch, batching).await?;
        // Deleted while the batch was written: committed into a file that
        // is gone, so not stored; refused.
        if file_id(&self.path).ok() != Some(opened) {
            return Err(moved("deleted or replaced during the commit"));
        }
        Ok(answers)
    }
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

/// Which views of a batch are new readers' (each new reader's first view
/// in the batch), and per article, sorted: its base and the views to add.
struct Tally<'a> {
    new: Vec<bool>,
    articles: Vec<(&'a str, i64, i64)>,
}

/// An address's key on a day, and how many new readers it brings.
type AddressCount = ((i64, [u8; 32]), i64);

/// The readers a batch brings per address (each new reader once), sorted
/// by address: two instances lock the same rows in the same order.
fn newcomers(batch: &[Pending], inserted: &HashSet<(i64, Vec<u8>)>) -> Vec<AddressCount> {
    let mut once = HashSet::new();
    let mut by_address: HashMap<(i64, [u8; 32]), i64> = HashMap::new();
    for p in batch {
        let key = (p.day, p.visitor.to_vec());
        if inserted.contains(&key) && once.insert(key) {
            *by_address.entry((p.day, p.address)).or_default() += 1;
        }
    }
    let mut sorted: Vec<AddressCount> = by_address.into_iter().collect();
    sorted.sort_unstable();
    sorted
}

/// What each address may still add in this batch, from its readers before
/// (`after` − what this batch added): up to `cap` in all.
fn budgets(
    added: &[AddressCount],
    after: &HashMap<(i64, Vec<u8>), i64>,
    cap: i64,
) -> HashMap<(i64, [u8; 32]), i64> {
    added
        .iter()
        .map(|(key, n)| {
            let total = after.get(&(key.0, key.1.to_vec())).copied().unwrap_or(*n);
            let before = total - n;
            (*key, (cap - before).clamp(0, *n))
        })
        .collect()
}

impl<'a> Tally<'a> {
    fn of(
        batch: &'a [Pending],
        inserted: &HashSet<(i64, Vec<u8>)>,
        mut budgets: HashMap<(i64, [u8; 32]), i64>,
    ) -> Tally<'a> {
        let mut counted_once = HashSet::new();
        let new: Vec<bool> = batch
            .iter()
            .map(|p| {
                let key = (p.day, p.visitor.to_vec());
                if !(inserted.contains(&key) && counted_once.insert(key)) {
                    return false;
                }
                // A new reader, counted while its address has readers left.
                match budgets.get_mut(&(p.day, p.address)) {
                    Some(left) if *left > 0 => {
                        *left -= 1;
                        true
                    }
                    _ => false,
                }
            })
            .collect();
        let mut added: HashMap<&str, (i64, i64)> = HashMap::new();
        for (p, new) in batch.iter().zip(&new) {
            let entry = added.entry(p.article.as_str()).or_insert((p.base, 0));
            entry.1 += i64::from(*new);
        }
        // Sorted: two instances lock the same rows in the same order.
        let mut articles: Vec<(&str, i64, i64)> = added
            .into_iter()
            .map(|(a, (base, n))| (a, base, n))
            .collect();
        articles.sort_unstable();
        Tally { new, articles }
    }

    /// The articles that grow, their bases and their additions.
    fn growing(&self) -> (Vec<&'a str>, Vec<i64>, Vec<i64>) {
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for (article, base, n) in self.articles.iter().filter(|(_, _, n)| *n > 0) {
            out.0.push(*article);
            out.1.push(*base);
            out.2.push(*n);
        }
        out
    }

    /// Each view's answer: the count as of its place in the batch (the rows
    /// were locked, no other instance's view came between), walking back
    /// from `after`, the counts once committed.
    fn answers(self, batch: &[Pending], mut after: HashMap<String, i64>) -> Vec<Counted> {
        let mut results: Vec<Counted> = batch
            .iter()
            .zip(self.new)
            .rev()
            .map(|(p, new)| {
                let count = after.get(&p.article).copied().unwrap_or(p.base).max(0) as u64;
                if new {
                    if let Some(before) = after.get_mut(&p.article) {
                        *before -= 1;
                    }
                    Counted::New(count)
                } else {
                    Counted::Seen(count)
                }
            })
            .collect();
        results.reverse();
        results
    }
}

/// What a batch's counted views add to the daily tables, each list sorted
/// by its key (two instances lock the same rows in the same order) and
/// each key once (PostgreSQL updates a row once per statement).
#[derive(Debug, Default, PartialEq)]
struct Daily<'a> {
    /// (day, views) in all.
    site: Vec<(i64, i64)>,
    /// (article, day, views).
    articles: Vec<(&'a str, i64, i64)>,
    /// (partner, day, views).
    partners: Vec<(&'a str, i64, i64)>,
    /// (article, partner, day, views).
    pairs: Vec<(&'a str, &'a str, i64, i64)>,
}

impl<'a> Daily<'a> {
    /// The counted views of `batch` (those `new` marks).
    fn of(batch: &'a [Pending], new: &[bool]) -> Daily<'a> {
        fn sorted<K: Ord>(counts: HashMap<K, i64>) -> Vec<(K, i64)> {
            let mut rows: Vec<(K, i64)> = counts.into_iter().collect();
            rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            rows
        }
        let mut site: HashMap<i64, i64> = HashMap::new();
        let mut articles: HashMap<(&str, i64), i64> = HashMap::new();
        let mut partners: HashMap<(&str, i64), i64> = HashMap::new();
        let mut pairs: HashMap<(&str, &str, i64), i64> = HashMap::new();
        for p in batch
            .iter()
            .zip(new)
            .filter(|(_, new)| **new)
            .map(|(p, _)| p)
        {
            *site.entry(p.day).or_default() += 1;
            *articles.entry((p.article.as_str(), p.day)).or_default() += 1;
            *partners.entry((p.partner.as_str(), p.day)).or_default() += 1;
            *pairs
                .entry((p.article.as_str(), p.partner.as_str(), p.day))
                .or_default() += 1;
        }
        Daily {
            site: sorted(site),
            articles: sorted(articles)
                .into_iter()
                .map(|((a, d), n)| (a, d, n))
                .collect(),
            partners: sorted(partners)
                .into_iter()
                .map(|((p, d), n)| (p, d, n))
                .collect(),
            pairs: sorted(pairs)
                .into_iter()
                .map(|((a, p, d), n)| (a, p, d, n))
                .collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.site.is_empty()
    }
}

/// Adds a batch's daily counts in SQLite: one multi-row upsert per table.
async fn add_daily_sqlite(tx: &mut SqliteConnection, daily: &Daily<'_>) -> Result<(), sqlx::Error> {
    if daily.is_empty() {
        return Ok(());
    }
    type Builder<'q> = sqlx::QueryBuilder<'q, sqlx::Sqlite>;
    const GROW: &str = " ON CONFLICT DO UPDATE SET views = views + excluded.views";
    let mut site = Builder::new("INSERT INTO site_days (day, views) ");
    site.push_values(&daily.site, |mut row, (day, n)| {
        row.push_bind(*day).push_bind(*n);
    });
    site.push(GROW).build().execute(&mut *tx).await?;
    let mut articles = Builder::new("INSERT INTO article_days (article, day, views) ");
    articles.push_values(&daily.articles, |mut row, (article, day, n)| {
        row.push_bind(*article).push_bind(*day).push_bind(*n);
    });
    articles.push(GROW).build().execute(&mut *tx).await?;
    let mut partners = Builder::new("INSERT INTO partner_days (partner, day, views) ");
    partners.push_values(&daily.partners, |mut row, (partner, day, n)| {
        row.push_bind(*partner).push_bind(*day).push_bind(*n);
    });
    partners.push(GROW).build().execute(&mut *tx).await?;
    let mut pairs =
        Builder::new("INSERT INTO article_partner_days (article, partner, day, views) ");
    pairs.push_values(&daily.pairs, |mut row, (article, partner, day, n)| {
        row.push_bind(*article)
            .push_bind(*partner)
            .push_bind(*day)
            .push_bind(*n);
    });
    pairs.push(GROW).build().execute(&mut *tx).await?;
    Ok(())
}

/// Adds a batch's daily counts in PostgreSQL: one statement per table, one
/// array per column.
async fn add_daily_postgres(
    tx: &mut sqlx::PgConnection,
    daily: &Daily<'_>,
) -> Result<(), sqlx::Error> {
    if daily.is_empty() {
        return Ok(());
    }
    let (days, views): (Vec<i64>, Vec<i64>) = daily.site.iter().copied().unzip();
    sqlx::query(
        "INSERT INTO site_days (day, views) SELECT * FROM unnest($1::bigint[], $2::bigint[]) \
         ON CONFLICT (day) DO UPDATE SET views = site_days.views + excluded.views",
    )
    .bind(&days)
    .bind(&views)
    .execute(&mut *tx)
    .await?;
    for (table, key) in [("article_days", "article"), ("partner_days", "partner")] {
        let rows = if key == "article" {
            &daily.articles
        } else {
            &daily.partners
        };
        let names: Vec<&str> = rows.iter().map(|r| r.0).collect();
        let days: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let views: Vec<i64> = rows.iter().map(|r| r.2).collect();
        sqlx::query(&format!(
            "INSERT INTO {table} ({key}, day, views) \
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) \
             ON CONFLICT ({key}, day) DO UPDATE SET views = {table}.views + excluded.views"
        ))
        .bind(&names)
        .bind(&days)
        .bind(&views)
        .execute(&mut *tx)
        .await?;
    }
    let articles: Vec<&str> = daily.pairs.iter().map(|r| r.0).collect();
    let partners: Vec<&str> = daily.pairs.iter().map(|r| r.1).collect();
    let days: Vec<i64> = daily.pairs.iter().map(|r| r.2).collect();
    let views: Vec<i64> = daily.pairs.iter().map(|r| r.3).collect();
    sqlx::query(
        "INSERT INTO article_partner_days (article, partner, day, views) \
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) \
         ON CONFLICT (article, partner, day) \
         DO UPDATE SET views = article_partner_days.views + excluded.views",
    )
    .bind(&articles)
    .bind(&partners)
    .bind(&days)
    .bind(&views)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A batch in SQLite: one multi-row insert of who was seen, then per
/// article that grows an insert-if-missing and an update, then the counts
/// (a few statements per batch, not two per view: each statement is a
/// hop to SQLite's worker thread).
///
/// The transaction is begun and ended by hand on the writer's own
/// connection (`BEGIN IMMEDIATE`: the write lock is taken first, or the
/// batch fails at once); the caller closes the connection when anything
/// failed.
async fn commit_sqlite(
    tx: &mut SqliteConnection,
    batch: &[Pending],
    batching: Batching,
) -> Result<Vec<Counted>, sqlx::Error> {
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *tx).await?;
    let mut seen = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO seen (day, visitor) ");
    seen.push_values(batch, |mut row, p| {
        row.push_bind(p.day).push_bind(&p.visitor[..]);
    });
    seen.push(" ON CONFLICT DO NOTHING RETURNING day, visitor");
    let inserted: HashSet<(i64, Vec<u8>)> = seen
        .build()
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let added = newcomers(batch, &inserted);
    let mut after = HashMap::new();
    if !added.is_empty() {
        let mut readers = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO address_readers (day, address, readers) ",
        );
        readers.push_values(&added, |mut row, ((day, address), n)| {
            row.push_bind(*day).push_bind(&address[..]).push_bind(*n);
        });
        readers.push(
            " ON CONFLICT (day, address) DO UPDATE SET readers = readers + excluded.readers \
             RETURNING day, address, readers",
        );
        after = readers
            .build()
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| ((r.get(0), r.get(1)), r.get(2)))
            .collect();
    }
    let tally = Tally::of(
        batch,
        &inserted,
        budgets(&added, &after, batching.readers_per_address),
    );
    let (growing, bases, adds) = tally.growing();
    for ((article, base), n) in growing.iter().zip(&bases).zip(&adds) {
        sqlx::query(
            "INSERT INTO views (article, count) VALUES ($1, $2 + $3) \
             ON CONFLICT (article) DO UPDATE SET count = count + $3",
        )
        .bind(article)
        .bind(base)
        .bind(n)
        .execute(&mut *tx)
        .await?;
    }
    add_daily_sqlite(tx, &Daily::of(batch, &tally.new)).await?;
    let mut read = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
        "SELECT article, count FROM views WHERE article IN ",
    );
    read.push_tuples(&tally.articles, |mut row, (article, _, _)| {
        row.push_bind(*article);
    });
    let counts: HashMap<String, i64> = read
        .build()
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    sqlx::query("COMMIT").execute(&mut *tx).await?;
    Ok(tally.answers(batch, counts))
}

/// A batch in PostgreSQL, a round trip away: four statements, one array per
/// column, whatever its size.
async fn commit_postgres(
    pool: &PgPool,
    batch: &[Pending],
    batching: Batching,
) -> Result<Vec<Counted>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let days: Vec<i64> = batch.iter().map(|p| p.day).collect();
    let visitors: Vec<Vec<u8>> = batch.iter().map(|p| p.visitor.to_vec()).collect();
    let inserted: HashSet<(i64, Vec<u8>)> = sqlx::query(
        "INSERT INTO seen (day, visitor) SELECT * FROM unnest($1::bigint[], $2::bytea[]) \
         ON CONFLICT DO NOTHING RETURNING day, visitor",
    )
    .bind(&days)
    .bind(&visitors)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    let added = newcomers(batch, &inserted);
    let mut after = HashMap::new();
    if !added.is_empty() {
        let days: Vec<i64> = added.iter().map(|((day, _), _)| *day).collect();
        let addresses: Vec<Vec<u8>> = added.iter().map(|((_, a), _)| a.to_vec()).collect();
        let counts: Vec<i64> = added.iter().map(|(_, n)| *n).collect();
        after = sqlx::query(
            "INSERT INTO address_readers (day, address, readers) \
             SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bigint[]) \
             ON CONFLICT (day, address) DO UPDATE \
             SET readers = address_readers.readers + excluded.readers \
             RETURNING day, address, readers",
        )
        .bind(&days)
        .bind(&addresses)
        .bind(&counts)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| ((r.get(0), r.get(1)), r.get(2)))
        .collect();
    }
    let tally = Tally::of(
        batch,
        &inserted,
        budgets(&added, &after, batching.readers_per_address),
    );
    let (growing, bases, adds) = tally.growing();
    if !growing.is_empty() {
        // An article counted here for the first time starts at its CMS
        // count; then every row is locked in order and grown.
        sqlx::query(
            "INSERT INTO views (article, count) SELECT * FROM unnest($1::text[], $2::bigint[]) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&growing)
        .bind(&bases)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE views SET count = views.count + t.n \
             FROM (SELECT l.article, a.n FROM \
                     (SELECT article FROM views WHERE article = ANY($1) ORDER BY article FOR UPDATE) l \
                     JOIN unnest($1::text[], $2::bigint[]) AS a(article, n) USING (article)) t \
             WHERE views.article = t.article",
        )
        .bind(&growing)
        .bind(&adds)
        .execute(&mut *tx)
        .await?;
    }
    add_daily_postgres(&mut tx, &Daily::of(batch, &tally.new)).await?;
    let articles: Vec<&str> = tally.articles.iter().map(|(a, _, _)| *a).collect();
    let counts: HashMap<String, i64> =
        sqlx::query("SELECT article, count FROM views WHERE article = ANY($1)")
            .bind(&articles)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
    tx.commit().await?;
    Ok(tally.answers(batch, counts))
}

/// The readers' pool and the writer's own connection options (created
/// with its folder when missing, then migrated).
async fn open_sqlite(path: &Path) -> Result<(SqlitePool, Sink), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError(sqlx::Error::Io(e)))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // Durable at commit: an acknowledged view survives a crash.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    // Created (and migrated) once, here: no connection opened later may
    // create the file. One that did, while the file was moved away, would
    // take the WAL's last commits into a new empty file, lost when the real
    // one came back.
    let mut first = options.connect().await.map_err(StoreError)?;
    sqlx::migrate!("migrations/sqlite")
        .run(&mut first)
        .await
        .map_err(|e| StoreError(e.into()))?;
    first.close().await.map_err(StoreError)?;
    let options = options.create_if_missing(false);
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.clone())
        .await
        .map_err(StoreError)?;
    // A lock held elsewhere fails the batch (503) within this, not the
    // request's own timeout.
    let writer = options.busy_timeout(Duration::from_secs(2));
    Ok((
        pool,
        Sink::Sqlite(Box::new(SqliteSink {
            options: writer,
            path: path.to_owned(),
            open: None,
        })),
    ))
}

async fn open_postgres(url: &str) -> Result<PgPool, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(8)
        // While the database is down a view is answered 503 within this,
        // not held until the request's own timeout.
        .acquire_timeout(Duration::from_secs(2))
        .connect(url)
        .await
        .map_err(StoreError)?;
    sqlx::migrate!("migrations/postgres")
        .run(&pool)
        .await
        .map_err(|e| StoreError(e.into()))?;
    Ok(pool)
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
