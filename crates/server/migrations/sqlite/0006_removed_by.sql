-- Who withdrew an article: 'publisher' (`article-embed-server remove`, for
-- good) or 'cms' (its per-article API answered 404 or 410: undone when the
-- CMS serves it again).
ALTER TABLE archive ADD COLUMN removed_by TEXT;
