-- The archive: every article the server has answered (its contract JSON,
-- without views and views_url), kept after the CMS's feed forgets it, and
-- the spellings it is looked up by (src/spelling.rs). Times are seconds
-- since 1970.
CREATE TABLE archive (
    article TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    json TEXT NOT NULL,
    hash BLOB NOT NULL,
    url TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
);

CREATE TABLE archive_spellings (
    source TEXT NOT NULL,
    spelling TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES archive (article),
    PRIMARY KEY (source, spelling)
) WITHOUT ROWID;

CREATE INDEX archive_spellings_by_article ON archive_spellings (article);
