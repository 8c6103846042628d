//! The archive: every article the server has answered, kept in the same
//! database as the views, so that an embed outlives the CMS's feed.
//!
//! - **Kept when served**: each article mapped from the CMS is written
//!   (insert, or replace when its content changed) before its first answer,
//!   with a content hash, when it was first and last seen in the CMS, its
//!   canonical URL, and the spellings it is looked up by ([`crate::spelling`]:
//!   its id, its URL, and each `item=` it was asked for).
//! - **Served when the CMS no longer has it**: an item that left the feed, a
//!   CMS that is down or answers garbage, after any number of restarts and
//!   on every instance sharing the PostgreSQL: the archived article, the
//!   same answer as before.
//! - **Edits replace; nothing else does**: only an article the CMS still
//!   lists (mapped from its document) writes here; an item gone, garbage or
//!   an empty feed writes nothing.
//!
//! Single statements (no explicit transaction): each is atomic, and none
//! can leave a pooled connection inside a transaction after a storage
//! fault. The article row comes first, then its spellings: a spelling
//! never points at nothing.

use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::db::{on_pool, Pool};

/// Spellings of one article kept at most: its id, its URL, and the first
/// `item=` spellings it was asked for (each a link someone shared).
pub const MAX_SPELLINGS: i64 = 32;

/// The archive, in the views' database.
#[derive(Clone, Debug)]
pub struct Archive {
    pool: Pool,
}

/// An archived article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Archived {
    /// Its views key (`source\nid`).
    pub article: String,
    /// The contract JSON, without `views` and `views_url` (which depend on
    /// the request).
    pub json: String,
    /// Its canonical URL (the article's page).
    pub url: String,
    /// Withdrawn by the publisher: answered 410.
    pub removed: bool,
}

/// How an article is written: its row, then each spelling.
struct Writing {
    article: &'static str,
    spelling: &'static str,
}

/// Served from the CMS: the content is replaced only when it changed (an
/// edit), when it was last seen moves either way, a withdrawal the CMS made
/// is undone (it serves the article again; the publisher's stands); a
/// spelling goes to the article last served under it (up to
/// `MAX_SPELLINGS` each).
const SERVED: Writing = Writing {
    article: "INSERT INTO archive (article, source, json, hash, url, first_seen, last_seen) \
              VALUES ($1, $2, $3, $4, $5, $6, $6) \
              ON CONFLICT (article) DO UPDATE SET \
                json = CASE WHEN archive.hash = excluded.hash THEN archive.json ELSE excluded.json END, \
                hash = excluded.hash, url = excluded.url, last_seen = excluded.last_seen, \
                removed_at = CASE WHEN archive.removed_by = 'cms' THEN NULL ELSE archive.removed_at END, \
                removed_by = CASE WHEN archive.removed_by = 'cms' THEN NULL ELSE archive.removed_by END",
    spelling: "INSERT INTO archive_spellings (source, spelling, article) \
               SELECT $1, $2, $3 WHERE (SELECT count(*) FROM archive_spellings WHERE article = $3) < $4 \
               ON CONFLICT (source, spelling) DO UPDATE SET article = excluded.article",
};

/// Imported: written only when new or changed (importing twice changes
/// nothing); a spelling only where no article has it.
const IMPORTED: Writing = Writing {
    article: "INSERT INTO archive (article, source, json, hash, url, first_seen, last_seen) \
              VALUES ($1, $2, $3, $4, $5, $6, $6) \
              ON CONFLICT (article) DO UPDATE SET \
                json = excluded.json, hash = excluded.hash, url = excluded.url \
              WHERE archive.hash <> excluded.hash",
    spelling: "INSERT INTO archive_spellings (source, spelling, article) \
               SELECT $1, $2, $3 WHERE (SELECT count(*) FROM archive_spellings WHERE article = $3) < $4 \
               ON CONFLICT (source, spelling) DO NOTHING",
};

/// Seconds since 1970.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Archive {
    /// The archive in `pool`'s database (its tables made by the migrations).
    pub fn new(pool: Pool) -> Archive {
        Archive { pool }
    }

    /// Keeps `json` as what `source`'s article `article` is, seen in the CMS
    /// now, under its `spellings` (already [`crate::spelling::spelling`]s).
    pub async fn keep(
        &self,
        source: &str,
        article: &str,
        json: &str,
        url: &str,
        spellings: &[String],
    ) -> Result<(), sqlx::Error> {
        self.write(&SERVED, source, article, json, url, spellings)
            .await
            .map(|_| ())
    }

    /// Keeps an imported article unless it is archived with the same
    /// content already (importing twice changes nothing); its spellings
    /// are added where no article has them. Whether it was new or changed.
    pub async fn keep_imported(
        &self,
        source: &str,
        article: &str,
        json: &str,
        url: &str,
        spellings: &[String],
    ) -> Result<bool, sqlx::Error> {
        self.write(&IMPORTED, source, article, json, url, spellings)
            .await
    }

    /// The article row first, then its spellings: a spelling never points
    /// at nothing. Whether the row was written.
    async fn write(
        &self,
        how: &Writing,
        source: &str,
        article: &str,
        json: &str,
        url: &str,
        spellings: &[String],
    ) -> Result<bool, sqlx::Error> {
        let hash = Sha256::digest(json.as_bytes()).to_vec();
        let seen = now();
        on_pool!(&self.pool, |pool| {
            let written = sqlx::query(how.article)
                .bind(article)
                .bind(source)
                .bind(json)
                .bind(&hash)
                .bind(url)
                .bind(seen)
                .execute(pool)
                .await?
                .rows_affected();
            for spelling in spellings {
                sqlx::query(how.spelling)
                    .bind(source)
                    .bind(spelling)
                    .bind(article)
                    .bind(MAX_SPELLINGS)
                    .execute(pool)
                    .await?;
            }
            Ok(written > 0)
        })
    }

    /// Withdraws the article `source` answered under `spelling`: from now
    /// on it is answered 410, whatever the CMS lists. Its key, if archived.
    pub async fn remove(
        &self,
        source: &str,
        spelling: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        let at = now();
        on_pool!(&self.pool, |pool| {
            sqlx::query_scalar(
                "UPDATE archive SET removed_at = $3, removed_by = 'publisher' WHERE article = \
                 (SELECT article FROM archive_spellings WHERE source = $1 AND spelling = $2) \
                 RETURNING article",
            )
            .bind(source)
            .bind(spelling)
            .bind(at)
            .fetch_optional(pool)
            .await
        })
    }

    /// Withdraws the one article of a per-article source whose CMS now
    /// answers 404 or 410 for it; a source with several archived articles is
    /// a feed, whose 404 says it moved, not that its articles are gone. The
    /// key withdrawn, if any.
    pub async fn withdraw_single(&self, source: &str) -> Result<Option<String>, sqlx::Error> {
        let at = now();
        on_pool!(&self.pool, |pool| {
            sqlx::query_scalar(
                "UPDATE archive SET removed_at = $2, removed_by = 'cms' \
                 WHERE source = $1 AND removed_at IS NULL \
                 AND (SELECT count(*) FROM archive WHERE source = $1) = 1 \
                 RETURNING article",
            )
            .bind(source)
            .bind(at)
            .fetch_optional(pool)
            .await
        })
    }

    /// Every withdrawn article's key.
    pub async fn removed(&self) -> Result<std::collections::HashSet<String>, sqlx::Error> {
        on_pool!(&self.pool, |pool| {
            let keys: Vec<String> =
                sqlx::query_scalar("SELECT article FROM archive WHERE removed_at IS NOT NULL")
                    .fetch_all(pool)
                    .await?;
            Ok(keys.into_iter().collect())
        })
    }

    /// The canonical URL of the archived article `article`, if archived.
    pub async fn url_of(&self, article: &str) -> Result<Option<String>, sqlx::Error> {
        on_pool!(&self.pool, |pool| {
            sqlx::query_scalar("SELECT url FROM archive WHERE article = $1")
                .bind(article)
                .fetch_optional(pool)
                .await
        })
    }

    /// The article `source` answered under `spelling`, if it ever did.
    pub async fn find(
        &self,
        source: &str,
        spelling: &str,
    ) -> Result<Option<Archived>, sqlx::Error> {
        on_pool!(&self.pool, |pool| {
            let row = sqlx::query(
                "SELECT a.article, a.json, a.url, a.removed_at IS NOT NULL FROM archive_spellings s \
                 JOIN archive a ON a.article = s.article \
                 WHERE s.source = $1 AND s.spelling = $2",
            )
            .bind(source)
            .bind(spelling)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|row| Archived {
                article: row.get(0),
                json: row.get(1),
                url: row.get(2),
                removed: row.get(3),
            }))
        })
    }
}
