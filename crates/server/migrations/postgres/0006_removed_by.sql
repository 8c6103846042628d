-- The same column as migrations/sqlite/0006.
ALTER TABLE archive ADD COLUMN removed_by TEXT;
