//! The dashboard's figures, read from the daily tables the view writer
//! fills (`migrations/*/0007_daily_views.sql`): each query is one indexed
//! range, on SQLite and PostgreSQL alike.

use serde::Serialize;
use sqlx::Row;

use crate::db::{on_pool, Pool};

/// Days since 1970-01-01 (UTC), both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: i64,
    /// The last day.
    pub to: i64,
}

impl Period {
    /// Its length in days.
    pub fn days(self) -> i64 {
        self.to - self.from + 1
    }

    /// The period of the same length just before it.
    pub fn previous(self) -> Period {
        Period {
            from: self.from - self.days(),
            to: self.from - 1,
        }
    }
}

/// Rows a top list holds at most.
pub const TOP: i64 = 100;

/// Views on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayViews {
    /// Days since 1970-01-01.
    pub day: i64,
    /// Views counted that day.
    pub views: i64,
}

/// An article's views in a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleViews {
    /// The server's key for it (`<source>\n<id>`).
    pub article: String,
    /// Its headline, as archived.
    pub title: Option<String>,
    /// Its page on the publisher's site.
    pub url: Option<String>,
    /// Views in the period.
    pub views: i64,
}

/// A partner site's views in a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnerViews {
    /// Its origin (`https://partner.example`); `""` when no browser said.
    pub partner: String,
    /// Views in the period.
    pub views: i64,
    /// The first day it brought a view (of the article, on an article's
    /// page; of any, in the period, otherwise).
    pub first_day: i64,
    /// The last day it brought a view.
    pub last_day: i64,
}

/// What the archive knows of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleInfo {
    /// The server's key.
    pub article: String,
    /// The source it was read from.
    pub source: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Its page.
    pub url: Option<String>,
    /// Withdrawn by the publisher or the CMS.
    pub removed: bool,
    /// The first and last day a view of it was counted, ever.
    pub first_day: Option<i64>,
    /// See `first_day`.
    pub last_day: Option<i64>,
}

/// Views per day in the period, every day listed (0 when none).
pub async fn days(pool: &Pool, period: Period) -> Result<Vec<DayViews>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = on_pool!(pool, |pool| {
        sqlx::query_as("SELECT day, views FROM site_days WHERE day BETWEEN $1 AND $2")
            .bind(period.from)
            .bind(period.to)
            .fetch_all(pool)
            .await?
    });
    Ok(every_day(period, rows))
}

/// One article's views per day in the period, every day listed.
pub async fn article_days(
    pool: &Pool,
    article: &str,
    period: Period,
) -> Result<Vec<DayViews>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = on_pool!(pool, |pool| {
        sqlx::query_as(
            "SELECT day, views FROM article_days WHERE article = $1 AND day BETWEEN $2 AND $3",
        )
        .bind(article)
        .bind(period.from)
        .bind(period.to)
        .fetch_all(pool)
        .await?
    });
    Ok(every_day(period, rows))
}

fn every_day(period: Period, rows: Vec<(i64, i64)>) -> Vec<DayViews> {
    let counted: std::collections::HashMap<i64, i64> = rows.into_iter().collect();
    (period.from..=period.to)
        .map(|day| DayViews {
            day,
            views: counted.get(&day).copied().unwrap_or(0),
        })
        .collect()
}

/// Views in all in the period.
pub async fn total(pool: &Pool, period: Period) -> Result<i64, sqlx::Error> {
    let total: Option<i64> = on_pool!(pool, |pool| {
        sqlx::query_scalar(
            "SELECT CAST(SUM(views) AS BIGINT) FROM site_days WHERE day BETWEEN $1 AND $2",
        )
        .bind(period.from)
        .bind(period.to)
        .fetch_one(pool)
        .await?
    });
    Ok(total.unwrap_or(0))
}

/// The period's most viewed articles (at most `limit`), most views first,
/// with their headlines and pages from the archive.
pub async fn top_articles(
    pool: &Pool,
    period: Period,
    limit: i64,
) -> Result<Vec<ArticleViews>, sqlx::Error> {
    let top: Vec<(String, i64)> = on_pool!(pool, |pool| {
        sqlx::query_as(
            "SELECT article, CAST(SUM(views) AS BIGINT) AS total FROM article_days \
             WHERE day BETWEEN $1 AND $2 GROUP BY article ORDER BY total DESC, article LIMIT $3",
        )
        .bind(period.from)
        .bind(period.to)
        .bind(limit)
        .fetch_all(pool)
        .await?
    });
    let keys: Vec<String> = top.iter().map(|(a, _)| a.clone()).collect();
    let mut titles = headlines(pool, &keys).await?;
    Ok(top
        .into_iter()
        .map(|(article, views)| {
            let (title, url) = titles.remove(&article).unwrap_or_default();
            ArticleViews {
                article,
                title,
                url,
                views,
            }
        })
        .collect())
}

type Headline = (Option<String>, Option<String>);

/// Headlines and pages of archived articles, by key.
async fn headlines(
    pool: &Pool,
    keys: &[String],
) -> Result<std::collections::HashMap<String, Headline>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(String, Option<String>, String)> =
        match pool {
            Pool::Sqlite(pool) => {
                let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "SELECT article, json_extract(json, '$.title'), url FROM archive WHERE article IN ",
            );
                query.push_tuples(keys, |mut row, key| {
                    row.push_bind(key);
                });
                query.build_query_as().fetch_all(pool).await?
            }
            Pool::Postgres(pool) => sqlx::query_as(
                "SELECT article, json::jsonb ->> 'title', url FROM archive WHERE article = ANY($1)",
            )
            .bind(keys)
            .fetch_all(pool)
            .await?,
        };
    Ok(rows
        .into_iter()
        .map(|(article, title, url)| (article, (title, Some(url).filter(|u| !u.is_empty()))))
        .collect())
}

/// The period's partner sites (at most `limit`), most views first.
pub async fn top_partners(
    pool: &Pool,
    period: Period,
    limit: i64,
) -> Result<Vec<PartnerViews>, sqlx::Error> {
    on_pool!(pool, |pool| {
        let rows = sqlx::query(
            "SELECT partner, CAST(SUM(views) AS BIGINT) AS total, MIN(day), MAX(day) \
             FROM partner_days WHERE day BETWEEN $1 AND $2 \
             GROUP BY partner ORDER BY total DESC, partner LIMIT $3",
        )
        .bind(period.from)
        .bind(period.to)
        .bind(limit)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| PartnerViews {
                partner: row.get(0),
                views: row.get(1),
                first_day: row.get(2),
                last_day: row.get(3),
            })
            .collect())
    })
}

/// One article's partner sites in the period, most views first, each with
/// the first and last day it brought a view of the article (ever).
pub async fn article_partners(
    pool: &Pool,
    article: &str,
    period: Period,
) -> Result<Vec<PartnerViews>, sqlx::Error> {
    on_pool!(pool, |pool| {
        let rows = sqlx::query(
            "SELECT p.partner, p.total, e.first_day, e.last_day FROM \
               (SELECT partner, CAST(SUM(views) AS BIGINT) AS total FROM article_partner_days \
                WHERE article = $1 AND day BETWEEN $2 AND $3 GROUP BY partner) p \
             JOIN (SELECT partner, MIN(day) AS first_day, MAX(day) AS last_day \
                   FROM article_partner_days WHERE article = $1 GROUP BY partner) e \
             ON e.partner = p.partner \
             ORDER BY p.total DESC, p.partner LIMIT $4",
        )
        .bind(article)
        .bind(period.from)
        .bind(period.to)
        .bind(TOP * 10)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| PartnerViews {
                partner: row.get(0),
                views: row.get(1),
                first_day: row.get(2),
                last_day: row.get(3),
            })
            .collect())
    })
}

/// What the archive and the daily counts know of one article; `None` when
/// neither has it.
pub async fn article_info(pool: &Pool, article: &str) -> Result<Option<ArticleInfo>, sqlx::Error> {
    let keys = [article.to_owned()];
    let headline = headlines(pool, &keys).await?.remove(article);
    let (source, removed): (Option<String>, bool) = on_pool!(pool, |pool| {
        sqlx::query_as::<_, (String, bool)>(
            "SELECT source, removed_at IS NOT NULL FROM archive WHERE article = $1",
        )
        .bind(article)
        .fetch_optional(pool)
        .await?
        .map_or((None, false), |(s, r)| (Some(s), r))
    });
    let (first_day, last_day): (Option<i64>, Option<i64>) = on_pool!(pool, |pool| {
        sqlx::query_as("SELECT MIN(day), MAX(day) FROM article_days WHERE article = $1")
            .bind(article)
            .fetch_one(pool)
            .await?
    });
    if headline.is_none() && first_day.is_none() {
        return Ok(None);
    }
    let (title, url) = headline.unwrap_or_default();
    Ok(Some(ArticleInfo {
        article: article.to_owned(),
        source: source.or_else(|| article.split('\n').next().map(str::to_owned)),
        title,
        url,
        removed,
        first_day,
        last_day,
    }))
}
