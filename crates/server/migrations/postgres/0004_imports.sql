-- The same table as migrations/sqlite/0004, in PostgreSQL's types.
CREATE TABLE imports (
    source TEXT NOT NULL,
    what TEXT NOT NULL,
    items BIGINT NOT NULL,
    PRIMARY KEY (source, what)
);
