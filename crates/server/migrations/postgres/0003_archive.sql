-- The same tables as migrations/sqlite/0003, in PostgreSQL's types.
CREATE TABLE archive (
    article TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    json TEXT NOT NULL,
    hash BYTEA NOT NULL,
    url TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);

CREATE TABLE archive_spellings (
    source TEXT NOT NULL,
    spelling TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES archive (article),
    PRIMARY KEY (source, spelling)
);

CREATE INDEX archive_spellings_by_article ON archive_spellings (article);
