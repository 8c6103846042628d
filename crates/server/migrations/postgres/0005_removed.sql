-- The same column as migrations/sqlite/0005, in PostgreSQL's types.
ALTER TABLE archive ADD COLUMN removed_at BIGINT;
