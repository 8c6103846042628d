-- Readers each address (an IPv6 client's prefix) has added to an article
-- today, by a keyed hash of the address and the article (never the address
-- itself): one address rotating its User-Agent adds at most
-- views.readers_per_address readers to an article a day. Deleted with the day.
CREATE TABLE address_readers (
    day INTEGER NOT NULL,
    address BLOB NOT NULL,
    readers INTEGER NOT NULL,
    PRIMARY KEY (day, address)
) WITHOUT ROWID;
