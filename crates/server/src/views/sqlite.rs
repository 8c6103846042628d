//! The SQLite writer: a connection of its own, closed after any failed
//! batch, on the file it opened (checked before and after each commit),
//! and the readers' pool.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection, SqlitePool};

use super::batch::{budgets, newcomers, Daily, Tally};
use super::{Batching, Counted, Pending, Sink, StoreError};

/// The SQLite writer's connection, and the file it was opened on.
pub(super) struct SqliteSink {
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
    pub(super) async fn commit(
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

/// Adds a batch's daily counts in SQLite: one multi-row upsert per table.
async fn add_daily(tx: &mut SqliteConnection, daily: &Daily<'_>) -> Result<(), sqlx::Error> {
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
    add_daily(tx, &Daily::of(batch, &tally.new)).await?;
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

/// The readers' pool and the writer's own connection options (created
/// with its folder when missing, then migrated).
pub(super) async fn open_sqlite(path: &Path) -> Result<(SqlitePool, Sink), StoreError> {
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
