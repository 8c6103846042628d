//! The PostgreSQL writer: a few statements per batch over arrays, rows
//! locked in one order so that instances sharing the database never
//! deadlock.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Row};

use super::batch::{budgets, newcomers, Daily, Tally};
use super::{Batching, Counted, Pending, StoreError};

/// Adds a batch's daily counts in PostgreSQL: one statement per table, one
/// array per column.
async fn add_daily(tx: &mut sqlx::PgConnection, daily: &Daily<'_>) -> Result<(), sqlx::Error> {
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

/// A batch in PostgreSQL, a round trip away: four statements, one array per
/// column, whatever its size.
pub(super) async fn commit_postgres(
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
    add_daily(&mut tx, &Daily::of(batch, &tally.new)).await?;
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

pub(super) async fn open_postgres(url: &str) -> Result<PgPool, StoreError> {
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
