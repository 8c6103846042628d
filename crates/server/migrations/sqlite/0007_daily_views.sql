-- Counted views by day (days since 1970-01-01, UTC), for the publisher's
-- dashboard: in all, per article, per partner site (the origin of the page
-- that embeds the article, '' when no browser said), and per article and
-- partner. Each counted view adds one to a row of each table, in the
-- transaction that counts it, so the sums agree with each other. Nothing
-- about the reader is kept here.
CREATE TABLE site_days (
    day INTEGER PRIMARY KEY NOT NULL,
    views INTEGER NOT NULL
);

CREATE TABLE article_days (
    article TEXT NOT NULL,
    day INTEGER NOT NULL,
    views INTEGER NOT NULL,
    PRIMARY KEY (article, day)
) WITHOUT ROWID;

-- A period's top articles: one range of this index, covering.
CREATE INDEX article_days_by_day ON article_days (day, article, views);

CREATE TABLE partner_days (
    partner TEXT NOT NULL,
    day INTEGER NOT NULL,
    views INTEGER NOT NULL,
    PRIMARY KEY (partner, day)
) WITHOUT ROWID;

CREATE INDEX partner_days_by_day ON partner_days (day, partner, views);

CREATE TABLE article_partner_days (
    article TEXT NOT NULL,
    partner TEXT NOT NULL,
    day INTEGER NOT NULL,
    views INTEGER NOT NULL,
    PRIMARY KEY (article, partner, day)
) WITHOUT ROWID;

-- Retention deletes a day at a time (views.partner_days_kept).
CREATE INDEX article_partner_days_by_day ON article_partner_days (day);
