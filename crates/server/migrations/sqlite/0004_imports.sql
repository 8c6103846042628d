-- How far each import (a file or a URL, for a source) got: a new run of the
-- same import goes on from there.
CREATE TABLE imports (
    source TEXT NOT NULL,
    what TEXT NOT NULL,
    items INTEGER NOT NULL,
    PRIMARY KEY (source, what)
);
