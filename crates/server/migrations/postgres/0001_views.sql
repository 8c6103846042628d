-- The same tables as migrations/sqlite, in PostgreSQL's types: views per
-- article, who has been counted today (a keyed hash, never an address), and
-- the day's key (shared by every instance behind the load balancer; deleted
-- with the day).
CREATE TABLE views (
    article TEXT PRIMARY KEY NOT NULL,
    count BIGINT NOT NULL
);

CREATE TABLE seen (
    day BIGINT NOT NULL,
    visitor BYTEA NOT NULL,
    PRIMARY KEY (day, visitor)
);

CREATE TABLE day_keys (
    day BIGINT PRIMARY KEY NOT NULL,
    secret BYTEA NOT NULL
);
