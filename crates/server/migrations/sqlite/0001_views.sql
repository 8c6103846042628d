-- Views per article, and who has been counted today (a keyed hash, never an
-- address), and the day's key itself (kept so that every instance and a
-- restart hash alike; deleted with the day).
CREATE TABLE views (
    article TEXT PRIMARY KEY NOT NULL,
    count INTEGER NOT NULL
);

CREATE TABLE seen (
    day INTEGER NOT NULL,
    visitor BLOB NOT NULL,
    PRIMARY KEY (day, visitor)
) WITHOUT ROWID;

CREATE TABLE day_keys (
    day INTEGER PRIMARY KEY NOT NULL,
    secret BLOB NOT NULL
);
