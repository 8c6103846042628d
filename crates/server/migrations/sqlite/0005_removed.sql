-- An article withdrawn by the publisher (`article-embed-server remove`):
-- when, in seconds since 1970; answered 410 from then on, whatever the CMS
-- still lists. NULL while it is served.
ALTER TABLE archive ADD COLUMN removed_at INTEGER;
