-- The same tables as migrations/sqlite/0007: counted views by day (days
-- since 1970-01-01, UTC) in all, per article, per partner site (the origin
-- of the page that embeds the article, '' when no browser said), and per
-- article and partner; each counted view adds one to a row of each, in the
-- transaction that counts it.
CREATE TABLE site_days (
    day BIGINT PRIMARY KEY NOT NULL,
    views BIGINT NOT NULL
);

CREATE TABLE article_days (
    article TEXT NOT NULL,
    day BIGINT NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (article, day)
);

CREATE INDEX article_days_by_day ON article_days (day, article, views);

CREATE TABLE partner_days (
    partner TEXT NOT NULL,
    day BIGINT NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (partner, day)
);

CREATE INDEX partner_days_by_day ON partner_days (day, partner, views);

CREATE TABLE article_partner_days (
    article TEXT NOT NULL,
    partner TEXT NOT NULL,
    day BIGINT NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (article, partner, day)
);

-- Retention deletes a day at a time (views.partner_days_kept).
CREATE INDEX article_partner_days_by_day ON article_partner_days (day);
