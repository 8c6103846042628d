-- The same table as migrations/sqlite/0002, in PostgreSQL's types: readers
-- each address has added to an article today, by a keyed hash.
CREATE TABLE address_readers (
    day BIGINT NOT NULL,
    address BYTEA NOT NULL,
    readers BIGINT NOT NULL,
    PRIMARY KEY (day, address)
);
